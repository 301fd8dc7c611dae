//! Network integrations: `/1.0/network-integrations`.

use crate::client::Client;
use crate::error::Result;
use crate::input::path;
use crate::models::{
    NetworkIntegration, NetworkIntegrationPost, NetworkIntegrationPut, NetworkIntegrationsPost,
};
use crate::options::ListOptions;

/// Network integrations: `/1.0/network-integrations`. Server-wide links to
/// outside network systems (an OVN interconnection, type `ovn`) that
/// network peers can use. They belong to no project.
impl Client {
    /// Lists the names of the network integrations.
    /// Requires API extension `network_integrations`. A `filter` requires API
    /// extension `api_filtering_extended`.
    ///
    /// Sends `GET /1.0/network-integrations` (`network_integrations_get`).
    /// Of `options`, the endpoint honours `filter`.
    ///
    /// # Example
    ///
    /// ```no_run
    /// # fn main() -> incus::Result<()> {
    /// use incus::models::{NetworkIntegrationPut, NetworkIntegrationsPost};
    /// let client = incus::Client::local()?;
    /// client.create_network_integration(&NetworkIntegrationsPost {
    ///     name: "region1".into(),
    ///     kind: "ovn".into(),
    ///     ..Default::default()
    /// })?;
    /// let mut put = NetworkIntegrationPut::default();
    /// put.config.insert("ovn.northbound_connection".into(), "ssl:192.0.2.1:6645".into());
    /// client.update_network_integration("region1", &put, None)?;
    /// for integration in client.list_network_integrations(None)? {
    ///     println!("{} ({}): {:?}", integration.name, integration.kind, integration.used_by);
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn list_network_integration_names(
        &self,
        options: Option<&ListOptions>,
    ) -> Result<Vec<String>> {
        self.get(path!("/1.0/network-integrations"))
            .extension("network_integrations")
            .query(options)
            .extension_if_param("api_filtering_extended", "filter")
            .names()
    }

    /// Lists the network integrations.
    /// Requires API extension `network_integrations`. A `filter` requires API
    /// extension `api_filtering_extended`.
    ///
    /// Sends `GET /1.0/network-integrations?recursion=1`
    /// (`network_integrations_get_recursion1`); `options` as for
    /// [`Client::list_network_integration_names`].
    pub fn list_network_integrations(
        &self,
        options: Option<&ListOptions>,
    ) -> Result<Vec<NetworkIntegration>> {
        self.get(path!("/1.0/network-integrations"))
            .extension("network_integrations")
            .recursion(1)
            .query(options)
            .extension_if_param("api_filtering_extended", "filter")
            .sync()
    }

    /// Gets one network integration.
    /// Requires API extension `network_integrations`.
    ///
    /// Sends `GET /1.0/network-integrations/{integration}` (`network_integration_get`).
    ///
    /// # Errors
    ///
    /// [`Error::MissingExtension`](crate::Error::MissingExtension) if the
    /// server lacks `network_integrations` (nothing is sent);
    /// [`Error::Api`](crate::Error::Api) 404 if there is no such
    /// integration ([`Error::is_not_found`](crate::Error::is_not_found)).
    pub fn get_network_integration(&self, name: &str) -> Result<NetworkIntegration> {
        self.get(path!("/1.0/network-integrations/{}", name))
            .extension("network_integrations")
            .sync()
    }

    /// Gets one network integration and its ETag, for
    /// [`Client::replace_network_integration`] or
    /// [`Client::update_network_integration`].
    /// Requires API extension `network_integrations`.
    ///
    /// Sends `GET /1.0/network-integrations/{integration}` (`network_integration_get`).
    pub fn get_network_integration_with_etag(
        &self,
        name: &str,
    ) -> Result<(NetworkIntegration, String)> {
        self.get(path!("/1.0/network-integrations/{}", name))
            .extension("network_integrations")
            .sync_with_etag()
    }

    /// Creates a network integration.
    /// Requires API extension `network_integrations`.
    ///
    /// Sends `POST /1.0/network-integrations` (`network_integrations_post`).
    ///
    /// # Errors
    ///
    /// [`Error::MissingExtension`](crate::Error::MissingExtension) if the
    /// server lacks `network_integrations` (nothing is sent);
    /// [`Error::Api`](crate::Error::Api) 400 for an unknown type or an
    /// invalid config key; a name taken is a 500 from Incus 6.0.4 (its
    /// database's "UNIQUE constraint failed").
    pub fn create_network_integration(&self, integration: &NetworkIntegrationsPost) -> Result<()> {
        self.post(path!("/1.0/network-integrations"))
            .extension("network_integrations")
            .json(integration)
            .unit()
    }

    /// Replaces an integration's description and config with `integration`;
    /// fields left unset are cleared.
    /// Requires API extension `network_integrations`.
    ///
    /// Sends `PUT /1.0/network-integrations/{integration}` (`network_integration_put`).
    /// Pass the ETag from [`Client::get_network_integration_with_etag`] to
    /// refuse the write (412) if the integration changed in between.
    pub fn replace_network_integration(
        &self,
        name: &str,
        integration: &NetworkIntegrationPut,
        etag: Option<&str>,
    ) -> Result<()> {
        self.put(path!("/1.0/network-integrations/{}", name))
            .extension("network_integrations")
            .json(integration)
            .etag(etag)
            .unit()
    }

    /// Changes only the fields set in `integration`; config keys are merged
    /// into the current ones.
    /// Requires API extension `network_integrations`.
    ///
    /// Sends `PATCH /1.0/network-integrations/{integration}` (`network_integration_patch`).
    pub fn update_network_integration(
        &self,
        name: &str,
        integration: &NetworkIntegrationPut,
        etag: Option<&str>,
    ) -> Result<()> {
        self.patch(path!("/1.0/network-integrations/{}", name))
            .extension("network_integrations")
            .json(integration)
            .etag(etag)
            .unit()
    }

    /// Renames a network integration.
    /// Requires API extension `network_integrations`.
    ///
    /// Sends `POST /1.0/network-integrations/{integration}` (`network_integration_post`).
    pub fn rename_network_integration(
        &self,
        name: &str,
        integration: &NetworkIntegrationPost,
    ) -> Result<()> {
        self.post(path!("/1.0/network-integrations/{}", name))
            .extension("network_integrations")
            .json(integration)
            .unit()
    }

    /// Deletes a network integration (no peer may use it).
    /// Requires API extension `network_integrations`.
    ///
    /// Sends `DELETE /1.0/network-integrations/{integration}` (`network_integration_delete`).
    pub fn delete_network_integration(&self, name: &str) -> Result<()> {
        self.delete(path!("/1.0/network-integrations/{}", name))
            .extension("network_integrations")
            .unit()
    }
}
