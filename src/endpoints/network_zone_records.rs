//! Network zone records: `/1.0/network-zones/{zone}/records`.

use crate::client::Client;
use crate::error::Result;
use crate::input::path;
use crate::models::{NetworkZoneRecord, NetworkZoneRecordPut, NetworkZoneRecordsPost};
use crate::options::ListOptions;

/// Network zone records: `/1.0/network-zones/{zone}/records`. DNS entries
/// added by hand to a zone, beside the ones the daemon makes for its
/// instances. A record cannot be renamed. See
/// [`Client::list_network_zone_names`] for an example.
impl Client {
    /// Lists the names of a zone's records.
    /// A `filter` requires API extension `api_filtering_extended`.
    ///
    /// Sends `GET /1.0/network-zones/{zone}/records` (`network_zone_records_get`).
    /// Of `options`, the endpoint honours `filter`.
    ///
    /// # Errors
    ///
    /// [`Error::Api`](crate::Error::Api) 404 if there is no such zone.
    pub fn list_network_zone_record_names(
        &self,
        zone: &str,
        options: Option<&ListOptions>,
    ) -> Result<Vec<String>> {
        self.get(path!("/1.0/network-zones/{}/records", zone))
            .query(options)
            .extension_if_param("api_filtering_extended", "filter")
            .names()
    }

    /// Lists a zone's records.
    /// A `filter` requires API extension `api_filtering_extended`.
    ///
    /// Sends `GET /1.0/network-zones/{zone}/records?recursion=1`
    /// (`network_zone_records_get_recursion1`); `options` as for
    /// [`Client::list_network_zone_record_names`].
    pub fn list_network_zone_records(
        &self,
        zone: &str,
        options: Option<&ListOptions>,
    ) -> Result<Vec<NetworkZoneRecord>> {
        self.get(path!("/1.0/network-zones/{}/records", zone))
            .recursion(1)
            .query(options)
            .extension_if_param("api_filtering_extended", "filter")
            .sync()
    }

    /// Gets one record of a zone.
    ///
    /// Sends `GET /1.0/network-zones/{zone}/records/{name}` (`network_zone_record_get`).
    ///
    /// # Errors
    ///
    /// [`Error::Api`](crate::Error::Api) 404 if there is no such zone or
    /// record ([`Error::is_not_found`](crate::Error::is_not_found)).
    pub fn get_network_zone_record(&self, zone: &str, name: &str) -> Result<NetworkZoneRecord> {
        self.get(path!("/1.0/network-zones/{}/records/{}", zone, name))
            .sync()
    }

    /// Gets one record of a zone and its ETag, for
    /// [`Client::replace_network_zone_record`] or
    /// [`Client::update_network_zone_record`].
    ///
    /// Sends `GET /1.0/network-zones/{zone}/records/{name}` (`network_zone_record_get`).
    pub fn get_network_zone_record_with_etag(
        &self,
        zone: &str,
        name: &str,
    ) -> Result<(NetworkZoneRecord, String)> {
        self.get(path!("/1.0/network-zones/{}/records/{}", zone, name))
            .sync_with_etag()
    }

    /// Adds a record to a zone.
    ///
    /// Sends `POST /1.0/network-zones/{zone}/records` (`network_zone_records_post`).
    ///
    /// # Errors
    ///
    /// [`Error::Api`](crate::Error::Api) 404 if there is no such zone; 500
    /// for an entry the daemon cannot parse as DNS, or (Incus 6.0.4) a
    /// record name already taken.
    pub fn create_network_zone_record(
        &self,
        zone: &str,
        record: &NetworkZoneRecordsPost,
    ) -> Result<()> {
        self.post(path!("/1.0/network-zones/{}/records", zone))
            .json(record)
            .unit()
    }

    /// Replaces a record's entries, description and config with `record`;
    /// fields left unset are cleared.
    ///
    /// Sends `PUT /1.0/network-zones/{zone}/records/{name}` (`network_zone_record_put`).
    /// Pass the ETag from [`Client::get_network_zone_record_with_etag`] to
    /// refuse the write (412) if the record changed in between.
    pub fn replace_network_zone_record(
        &self,
        zone: &str,
        name: &str,
        record: &NetworkZoneRecordPut,
        etag: Option<&str>,
    ) -> Result<()> {
        self.put(path!("/1.0/network-zones/{}/records/{}", zone, name))
            .json(record)
            .etag(etag)
            .unit()
    }

    /// Changes the fields set in `record`, merging its config keys into
    /// the current ones.
    ///
    /// Sends `PATCH /1.0/network-zones/{zone}/records/{name}` (`network_zone_record_patch`).
    /// Incus 6.0.4 does not merge: it treats the PATCH as a PUT (the
    /// description, entries and config keys left out are cleared), then
    /// adds the *zone's* config keys to the record's. Send the whole record
    /// (start from [`NetworkZoneRecord::writable`](crate::models::NetworkZoneRecord::writable))
    /// or use [`Client::replace_network_zone_record`].
    pub fn update_network_zone_record(
        &self,
        zone: &str,
        name: &str,
        record: &NetworkZoneRecordPut,
        etag: Option<&str>,
    ) -> Result<()> {
        self.patch(path!("/1.0/network-zones/{}/records/{}", zone, name))
            .json(record)
            .etag(etag)
            .unit()
    }

    /// Deletes a record from a zone.
    ///
    /// Sends `DELETE /1.0/network-zones/{zone}/records/{name}` (`network_zone_record_delete`).
    pub fn delete_network_zone_record(&self, zone: &str, name: &str) -> Result<()> {
        self.delete(path!("/1.0/network-zones/{}/records/{}", zone, name))
            .unit()
    }
}
