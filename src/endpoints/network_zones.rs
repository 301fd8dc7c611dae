//! Network zones: `/1.0/network-zones` (records in `network_zone_records.rs`).

use crate::client::Client;
use crate::error::Result;
use crate::input::path;
use crate::models::{NetworkZone, NetworkZonePut, NetworkZonesPost};
use crate::options::ListOptions;

/// Network zones: `/1.0/network-zones`. DNS zones (named by their domain,
/// `example.net`) that the daemon serves for the networks pointing at them,
/// in the client's project. A zone cannot be renamed.
impl Client {
    /// Lists the names of the network zones in the client's project.
    /// A `filter` requires API extension `api_filtering_extended`.
    /// `all_projects` requires API extension `network_zones_all_projects`.
    ///
    /// Sends `GET /1.0/network-zones` (`network_zones_get`). Of `options`,
    /// the endpoint honours `filter` and `all_projects`.
    ///
    /// # Example
    ///
    /// ```no_run
    /// # fn main() -> incus::Result<()> {
    /// use incus::models::{NetworkZoneRecordEntry, NetworkZoneRecordsPost, NetworkZonesPost};
    /// let client = incus::Client::local()?;
    /// client.create_network_zone(&NetworkZonesPost {
    ///     name: "lab.example".into(),
    ///     ..Default::default()
    /// })?;
    /// client.create_network_zone_record("lab.example", &NetworkZoneRecordsPost {
    ///     name: "www".into(),
    ///     entries: vec![NetworkZoneRecordEntry::new("A", "192.0.2.10")],
    ///     ..Default::default()
    /// })?;
    /// assert!(client.list_network_zone_names(None)?.contains(&"lab.example".to_string()));
    /// for record in client.list_network_zone_records("lab.example", None)? {
    ///     println!("{}: {:?}", record.name, record.entries);
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn list_network_zone_names(&self, options: Option<&ListOptions>) -> Result<Vec<String>> {
        self.get(path!("/1.0/network-zones"))
            .query(options)
            .extension_if_param("api_filtering_extended", "filter")
            .extension_if_param("network_zones_all_projects", "all-projects")
            .names()
    }

    /// Lists the network zones in the client's project.
    /// A `filter` requires API extension `api_filtering_extended`.
    /// `all_projects` requires API extension `network_zones_all_projects`.
    ///
    /// Sends `GET /1.0/network-zones?recursion=1` (`network_zones_get_recursion1`);
    /// `options` as for [`Client::list_network_zone_names`].
    pub fn list_network_zones(&self, options: Option<&ListOptions>) -> Result<Vec<NetworkZone>> {
        self.get(path!("/1.0/network-zones"))
            .recursion(1)
            .query(options)
            .extension_if_param("api_filtering_extended", "filter")
            .extension_if_param("network_zones_all_projects", "all-projects")
            .sync()
    }

    /// Gets one network zone.
    ///
    /// Sends `GET /1.0/network-zones/{zone}` (`network_zone_get`).
    ///
    /// # Errors
    ///
    /// [`Error::Api`](crate::Error::Api) 404 if there is no such zone
    /// ([`Error::is_not_found`](crate::Error::is_not_found)).
    pub fn get_network_zone(&self, zone: &str) -> Result<NetworkZone> {
        self.get(path!("/1.0/network-zones/{}", zone)).sync()
    }

    /// Gets one network zone and its ETag, for
    /// [`Client::replace_network_zone`] or [`Client::update_network_zone`].
    ///
    /// Sends `GET /1.0/network-zones/{zone}` (`network_zone_get`).
    pub fn get_network_zone_with_etag(&self, zone: &str) -> Result<(NetworkZone, String)> {
        self.get(path!("/1.0/network-zones/{}", zone))
            .sync_with_etag()
    }

    /// Creates a network zone.
    ///
    /// Sends `POST /1.0/network-zones` (`network_zones_post`).
    ///
    /// # Errors
    ///
    /// [`Error::Api`](crate::Error::Api) 400 if a zone of that name exists
    /// (Incus 6.0.4: "The network zone already exists"); 500 for an empty
    /// name or invalid config. Incus 6.0.4 does not check that the name is
    /// a DNS domain.
    pub fn create_network_zone(&self, zone: &NetworkZonesPost) -> Result<()> {
        self.post(path!("/1.0/network-zones")).json(zone).unit()
    }

    /// Replaces a zone's description and config with `zone`; fields left
    /// unset are cleared.
    ///
    /// Sends `PUT /1.0/network-zones/{zone}` (`network_zone_put`). Pass the
    /// ETag from [`Client::get_network_zone_with_etag`] to refuse the write
    /// (412) if the zone changed in between; see
    /// [`Client::replace_network_acl`] for an example of the pattern.
    pub fn replace_network_zone(
        &self,
        name: &str,
        zone: &NetworkZonePut,
        etag: Option<&str>,
    ) -> Result<()> {
        self.put(path!("/1.0/network-zones/{}", name))
            .json(zone)
            .etag(etag)
            .unit()
    }

    /// Merges the config keys of `zone` into the zone's.
    ///
    /// Sends `PATCH /1.0/network-zones/{zone}` (`network_zone_patch`).
    /// Incus 6.0.4 merges only `config`: it clears the description unless
    /// `zone` sets it, as PUT would.
    pub fn update_network_zone(
        &self,
        name: &str,
        zone: &NetworkZonePut,
        etag: Option<&str>,
    ) -> Result<()> {
        self.patch(path!("/1.0/network-zones/{}", name))
            .json(zone)
            .etag(etag)
            .unit()
    }

    /// Deletes a network zone and its records (no network may use it).
    ///
    /// Sends `DELETE /1.0/network-zones/{zone}` (`network_zone_delete`).
    pub fn delete_network_zone(&self, zone: &str) -> Result<()> {
        self.delete(path!("/1.0/network-zones/{}", zone)).unit()
    }
}
