//! Network address sets: `/1.0/network-address-sets`.

use crate::client::Client;
use crate::error::Result;
use crate::input::path;
use crate::models::{
    NetworkAddressSet, NetworkAddressSetPost, NetworkAddressSetPut, NetworkAddressSetsPost,
};
use crate::options::ListOptions;

/// Network address sets: `/1.0/network-address-sets`. Named lists of
/// addresses that ACL rules match as `$name`, in the client's project. All
/// require API extension `network_address_set` (newer than Incus 6.0.4):
/// without it each method fails with
/// [`Error::MissingExtension`](crate::Error::MissingExtension) and sends
/// nothing.
impl Client {
    /// Lists the names of the network address sets in the client's project.
    /// Requires API extension `network_address_set`.
    /// A `filter` requires API extension `api_filtering_extended`.
    ///
    /// Sends `GET /1.0/network-address-sets` (`network_address_sets_get`).
    /// Of `options`, the endpoint honours `filter` and `all_projects`.
    ///
    /// # Errors
    ///
    /// [`Error::MissingExtension`](crate::Error::MissingExtension) if the
    /// server lacks `network_address_set` (nothing is sent).
    ///
    /// # Example
    ///
    /// ```no_run
    /// # fn main() -> incus::Result<()> {
    /// use incus::models::{NetworkACLRule, NetworkACLsPost, NetworkAddressSetsPost};
    /// let client = incus::Client::local()?;
    /// client.create_network_address_set(&NetworkAddressSetsPost {
    ///     name: "web".into(),
    ///     addresses: vec!["192.0.2.10".into(), "2001:db8::10".into()],
    ///     ..Default::default()
    /// })?;
    /// let mut to_web = NetworkACLRule::new("allow");
    /// to_web.destination = "$web".into();
    /// client.create_network_acl(&NetworkACLsPost {
    ///     name: "to-web".into(),
    ///     egress: vec![to_web],
    ///     ..Default::default()
    /// })?;
    /// let set = client.get_network_address_set("web")?;
    /// println!("{:?} used by {:?}", set.addresses, set.used_by);
    /// # Ok(())
    /// # }
    /// ```
    pub fn list_network_address_set_names(
        &self,
        options: Option<&ListOptions>,
    ) -> Result<Vec<String>> {
        self.get(path!("/1.0/network-address-sets"))
            .extension("network_address_set")
            .query(options)
            .extension_if_param("api_filtering_extended", "filter")
            .names()
    }

    /// Lists the network address sets in the client's project. Requires API
    /// extension `network_address_set`.
    /// A `filter` requires API extension `api_filtering_extended`.
    ///
    /// Sends `GET /1.0/network-address-sets?recursion=1`
    /// (`network_address_sets_get_recursion1`); `options` as for
    /// [`Client::list_network_address_set_names`].
    pub fn list_network_address_sets(
        &self,
        options: Option<&ListOptions>,
    ) -> Result<Vec<NetworkAddressSet>> {
        self.get(path!("/1.0/network-address-sets"))
            .extension("network_address_set")
            .recursion(1)
            .query(options)
            .extension_if_param("api_filtering_extended", "filter")
            .sync()
    }

    /// Gets one network address set. Requires API extension
    /// `network_address_set`.
    ///
    /// Sends `GET /1.0/network-address-sets/{name}` (`network_address_set_get`).
    ///
    /// # Errors
    ///
    /// [`Error::MissingExtension`](crate::Error::MissingExtension) if the
    /// server lacks `network_address_set` (nothing is sent);
    /// [`Error::Api`](crate::Error::Api) 404 if there is no such set.
    pub fn get_network_address_set(&self, name: &str) -> Result<NetworkAddressSet> {
        self.get(path!("/1.0/network-address-sets/{}", name))
            .extension("network_address_set")
            .sync()
    }

    /// Gets one network address set and its ETag, for
    /// [`Client::replace_network_address_set`] or
    /// [`Client::update_network_address_set`]. Requires API extension
    /// `network_address_set`.
    ///
    /// Sends `GET /1.0/network-address-sets/{name}` (`network_address_set_get`).
    pub fn get_network_address_set_with_etag(
        &self,
        name: &str,
    ) -> Result<(NetworkAddressSet, String)> {
        self.get(path!("/1.0/network-address-sets/{}", name))
            .extension("network_address_set")
            .sync_with_etag()
    }

    /// Creates a network address set. Requires API extension
    /// `network_address_set`.
    ///
    /// Sends `POST /1.0/network-address-sets` (`network_address_sets_post`).
    ///
    /// # Errors
    ///
    /// [`Error::MissingExtension`](crate::Error::MissingExtension) if the
    /// server lacks `network_address_set` (nothing is sent);
    /// [`Error::Api`](crate::Error::Api) for a name taken, an invalid name
    /// or an invalid address.
    pub fn create_network_address_set(&self, set: &NetworkAddressSetsPost) -> Result<()> {
        self.post(path!("/1.0/network-address-sets"))
            .extension("network_address_set")
            .json(set)
            .unit()
    }

    /// Replaces an address set's addresses, description and config with
    /// `set`; fields left unset are cleared. Requires API extension
    /// `network_address_set`.
    ///
    /// Sends `PUT /1.0/network-address-sets/{name}` (`network_address_set_put`).
    /// Pass the ETag from [`Client::get_network_address_set_with_etag`] to
    /// refuse the write (412) if the set changed in between.
    pub fn replace_network_address_set(
        &self,
        name: &str,
        set: &NetworkAddressSetPut,
        etag: Option<&str>,
    ) -> Result<()> {
        self.put(path!("/1.0/network-address-sets/{}", name))
            .extension("network_address_set")
            .json(set)
            .etag(etag)
            .unit()
    }

    /// Changes only the fields set in `set`; an address list sent replaces
    /// the current one, config keys are merged. Requires API extension
    /// `network_address_set`.
    ///
    /// Sends `PATCH /1.0/network-address-sets/{name}` (`network_address_set_patch`).
    pub fn update_network_address_set(
        &self,
        name: &str,
        set: &NetworkAddressSetPut,
        etag: Option<&str>,
    ) -> Result<()> {
        self.patch(path!("/1.0/network-address-sets/{}", name))
            .extension("network_address_set")
            .json(set)
            .etag(etag)
            .unit()
    }

    /// Renames a network address set. Requires API extension
    /// `network_address_set`.
    ///
    /// Sends `POST /1.0/network-address-sets/{name}` (`network_address_set_post`).
    pub fn rename_network_address_set(
        &self,
        name: &str,
        set: &NetworkAddressSetPost,
    ) -> Result<()> {
        self.post(path!("/1.0/network-address-sets/{}", name))
            .extension("network_address_set")
            .json(set)
            .unit()
    }

    /// Deletes a network address set (no ACL may use it). Requires API
    /// extension `network_address_set`.
    ///
    /// Sends `DELETE /1.0/network-address-sets/{name}` (`network_address_set_delete`).
    pub fn delete_network_address_set(&self, name: &str) -> Result<()> {
        self.delete(path!("/1.0/network-address-sets/{}", name))
            .extension("network_address_set")
            .unit()
    }
}
