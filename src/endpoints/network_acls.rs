//! Network ACLs: `/1.0/network-acls`.

use crate::client::Client;
use crate::error::Result;
use crate::input::path;
use crate::models::{NetworkACL, NetworkACLPost, NetworkACLPut, NetworkACLsPost};
use crate::options::ListOptions;
use crate::stream::Download;

/// Network ACLs: `/1.0/network-acls`. Named sets of ingress and egress
/// rules that a network (`security.acls`) or an instance NIC applies, in
/// the client's project.
impl Client {
    /// Lists the names of the network ACLs in the client's project.
    /// A `filter` requires API extension `api_filtering_extended`.
    /// `all_projects` requires API extension `network_acls_all_projects`.
    ///
    /// Sends `GET /1.0/network-acls` (`network_acls_get`). Of `options`, the
    /// endpoint honours `filter` and `all_projects`.
    ///
    /// # Example
    ///
    /// ```no_run
    /// # fn main() -> incus::Result<()> {
    /// use incus::models::{NetworkACLRule, NetworkACLsPost};
    /// let client = incus::Client::local()?;
    /// let mut ssh = NetworkACLRule::new("allow");
    /// ssh.protocol = "tcp".into();
    /// ssh.destination_port = "22".into();
    /// client.create_network_acl(&NetworkACLsPost {
    ///     name: "ssh-only".into(),
    ///     ingress: vec![ssh, NetworkACLRule::new("reject")],
    ///     ..Default::default()
    /// })?;
    /// assert!(client.list_network_acl_names(None)?.contains(&"ssh-only".to_string()));
    /// let acl = client.get_network_acl("ssh-only")?;
    /// println!("{} ingress rules, used by {:?}", acl.ingress.len(), acl.used_by);
    /// # Ok(())
    /// # }
    /// ```
    pub fn list_network_acl_names(&self, options: Option<&ListOptions>) -> Result<Vec<String>> {
        self.get(path!("/1.0/network-acls"))
            .query(options)
            .extension_if_param("api_filtering_extended", "filter")
            .extension_if_param("network_acls_all_projects", "all-projects")
            .names()
    }

    /// Lists the network ACLs in the client's project.
    /// A `filter` requires API extension `api_filtering_extended`.
    /// `all_projects` requires API extension `network_acls_all_projects`.
    ///
    /// Sends `GET /1.0/network-acls?recursion=1` (`network_acls_get_recursion1`);
    /// `options` as for [`Client::list_network_acl_names`].
    pub fn list_network_acls(&self, options: Option<&ListOptions>) -> Result<Vec<NetworkACL>> {
        self.get(path!("/1.0/network-acls"))
            .recursion(1)
            .query(options)
            .extension_if_param("api_filtering_extended", "filter")
            .extension_if_param("network_acls_all_projects", "all-projects")
            .sync()
    }

    /// Gets one network ACL.
    ///
    /// Sends `GET /1.0/network-acls/{name}` (`network_acl_get`).
    ///
    /// # Errors
    ///
    /// [`Error::Api`](crate::Error::Api) 404 if there is no such ACL
    /// ([`Error::is_not_found`](crate::Error::is_not_found)).
    pub fn get_network_acl(&self, name: &str) -> Result<NetworkACL> {
        self.get(path!("/1.0/network-acls/{}", name)).sync()
    }

    /// Gets one network ACL and its ETag, for
    /// [`Client::replace_network_acl`] or [`Client::update_network_acl`].
    ///
    /// Sends `GET /1.0/network-acls/{name}` (`network_acl_get`).
    pub fn get_network_acl_with_etag(&self, name: &str) -> Result<(NetworkACL, String)> {
        self.get(path!("/1.0/network-acls/{}", name))
            .sync_with_etag()
    }

    /// Creates a network ACL.
    ///
    /// Sends `POST /1.0/network-acls` (`network_acls_post`).
    ///
    /// # Errors
    ///
    /// [`Error::Api`](crate::Error::Api) for a name taken (Incus 6.0.4: 400,
    /// "The network ACL already exists"), an invalid name (letters, digits
    /// and `-` only) or rule (6.0.4: 500, naming the rule and the field,
    /// e.g. "Invalid ingress rule 0: Action must be one of: …").
    pub fn create_network_acl(&self, acl: &NetworkACLsPost) -> Result<()> {
        self.post(path!("/1.0/network-acls")).json(acl).unit()
    }

    /// Replaces an ACL's rules, description and config with `acl`; fields
    /// left unset are cleared.
    ///
    /// Sends `PUT /1.0/network-acls/{name}` (`network_acl_put`). Pass the
    /// ETag from [`Client::get_network_acl_with_etag`] to refuse the write
    /// (412) if the ACL changed in between.
    ///
    /// # Example
    ///
    /// ```no_run
    /// # fn main() -> incus::Result<()> {
    /// use incus::models::NetworkACLRule;
    /// let client = incus::Client::local()?;
    /// let (acl, etag) = client.get_network_acl_with_etag("ssh-only")?;
    /// let mut put = acl.writable();
    /// put.egress.push(NetworkACLRule::new("drop"));
    /// client.replace_network_acl("ssh-only", &put, Some(&etag))?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn replace_network_acl(
        &self,
        name: &str,
        acl: &NetworkACLPut,
        etag: Option<&str>,
    ) -> Result<()> {
        self.put(path!("/1.0/network-acls/{}", name))
            .json(acl)
            .etag(etag)
            .unit()
    }

    /// Merges the config keys of `acl` into the ACL's; a rule list sent
    /// replaces that list.
    ///
    /// Sends `PATCH /1.0/network-acls/{name}` (`network_acl_patch`). Incus
    /// 6.0.4 merges only `config`: it clears the description and both rule
    /// lists unless `acl` sets them, as PUT would, so start from
    /// [`NetworkACL::writable`] to keep them.
    pub fn update_network_acl(
        &self,
        name: &str,
        acl: &NetworkACLPut,
        etag: Option<&str>,
    ) -> Result<()> {
        self.patch(path!("/1.0/network-acls/{}", name))
            .json(acl)
            .etag(etag)
            .unit()
    }

    /// Renames a network ACL (the daemon refuses while it is in use).
    ///
    /// Sends `POST /1.0/network-acls/{name}` (`network_acl_post`).
    pub fn rename_network_acl(&self, name: &str, acl: &NetworkACLPost) -> Result<()> {
        self.post(path!("/1.0/network-acls/{}", name))
            .json(acl)
            .unit()
    }

    /// Deletes a network ACL (it must not be in use).
    ///
    /// Sends `DELETE /1.0/network-acls/{name}` (`network_acl_delete`).
    pub fn delete_network_acl(&self, name: &str) -> Result<()> {
        self.delete(path!("/1.0/network-acls/{}", name)).unit()
    }

    /// Reads the log of the traffic an ACL's `logged` rules matched, as a
    /// stream of text lines.
    ///
    /// Sends `GET /1.0/network-acls/{name}/log` (`network_acl_log_get`).
    /// Only OVN networks keep such a log: for an ACL used elsewhere (or
    /// nowhere) the daemon answers with an error.
    ///
    /// # Errors
    ///
    /// [`Error::Api`](crate::Error::Api) 404 if there is no such ACL; 500
    /// with the daemon's reason when it has no log to give (Incus 6.0.4:
    /// "Only OVN log entries may be retrieved at this time").
    pub fn get_network_acl_log(&self, name: &str) -> Result<Download> {
        self.get(path!("/1.0/network-acls/{}/log", name)).stream()
    }
}
