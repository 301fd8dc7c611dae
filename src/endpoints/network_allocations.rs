//! Network allocations: `/1.0/network-allocations`.

use crate::client::Client;
use crate::error::Result;
use crate::input::path;
use crate::models::NetworkAllocations;
use crate::options::ListOptions;

/// Network allocations: `/1.0/network-allocations`. Every address and
/// subnet the managed networks hand out, and what holds each: a network's
/// own subnet, a forward's or load balancer's listen address, an
/// instance's NIC.
impl Client {
    /// Lists the addresses in use on the managed networks and what holds
    /// each.
    /// Requires API extension `network_allocations`. A `filter` requires API
    /// extension `api_filtering_extended`.
    ///
    /// Sends `GET /1.0/network-allocations` (`network_allocations_get`).
    /// Of `options`, the endpoint honours `all_projects`; Incus 6.0.4
    /// ignores a `filter`.
    ///
    /// # Errors
    ///
    /// [`Error::MissingExtension`](crate::Error::MissingExtension) if the
    /// server lacks `network_allocations` (nothing is sent);
    /// [`Error::Api`](crate::Error::Api): Incus 6.0.4 reads each network
    /// in turn and answers 404 `Failed loading network "…" in project
    /// "…": Network not found` for the whole list when one is deleted
    /// meanwhile; trying again works.
    ///
    /// # Example
    ///
    /// ```no_run
    /// # fn main() -> incus::Result<()> {
    /// let client = incus::Client::local()?;
    /// let everywhere = incus::ListOptions::new().all_projects();
    /// for allocation in client.list_network_allocations(Some(&everywhere))? {
    ///     println!("{} {} {}", allocation.addresses, allocation.kind, allocation.used_by);
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn list_network_allocations(
        &self,
        options: Option<&ListOptions>,
    ) -> Result<Vec<NetworkAllocations>> {
        self.get(path!("/1.0/network-allocations"))
            .extension("network_allocations")
            .query(options)
            .extension_if_param("api_filtering_extended", "filter")
            .sync()
    }
}
