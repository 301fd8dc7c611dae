//! Networks: `/1.0/networks`.

use crate::client::Client;
use crate::error::Result;
use crate::input::{path, seg};
use crate::models::{Network, NetworkLease, NetworkPost, NetworkPut, NetworkState, NetworksPost};
use crate::options::ListOptions;

/// Networks: `/1.0/networks`. The bridges, macvlans and other links that
/// instances attach to through a `nic` device (`network: <name>`), and the
/// host interfaces Incus only reports (`managed: false`). Networks belong
/// to a project when it has `features.networks`, else to `default`.
impl Client {
    /// Lists the names of the networks: the managed ones and the host's
    /// interfaces.
    /// A `filter` requires API extension `api_filtering_extended`.
    /// `all_projects` requires API extension `networks_all_projects`.
    ///
    /// Sends `GET /1.0/networks` (`networks_get`). Of `options`, the
    /// endpoint honours `filter` and `all_projects`.
    ///
    /// # Example
    ///
    /// ```no_run
    /// # fn main() -> incus::Result<()> {
    /// use incus::models::{NetworkPost, NetworkPut, NetworksPost};
    /// let client = incus::Client::local()?;
    /// let post = NetworksPost::bridge("br-lab")
    ///     .config("ipv4.address", "192.0.2.1/24")
    ///     .config("ipv4.nat", "false")
    ///     .config("ipv6.address", "none");
    /// client.create_network(&post)?;
    /// assert!(client.list_network_names(None)?.contains(&"br-lab".to_string()));
    /// let (network, etag) = client.get_network_with_etag("br-lab")?;
    /// let mut put = network.writable();
    /// put.description = Some("lab bridge".into());
    /// client.replace_network("br-lab", &put, Some(&etag))?;
    /// let state = client.get_network_state("br-lab")?;
    /// println!("{} is {} with {:?}", network.name, state.state, state.addresses);
    /// for lease in client.get_network_leases("br-lab")? {
    ///     println!("{} {} {}", lease.hostname, lease.address, lease.kind);
    /// }
    /// client.rename_network("br-lab", &NetworkPost::new("br-lab2"))?;
    /// client.delete_network("br-lab2")?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn list_network_names(&self, options: Option<&ListOptions>) -> Result<Vec<String>> {
        self.get(path!("/1.0/networks"))
            .query(options)
            .extension_if_param("api_filtering_extended", "filter")
            .extension_if_param("networks_all_projects", "all-projects")
            .names()
    }

    /// Lists the networks: the managed ones and the host's interfaces.
    /// A `filter` requires API extension `api_filtering_extended`.
    /// `all_projects` requires API extension `networks_all_projects`.
    ///
    /// Sends `GET /1.0/networks?recursion=1` (`networks_get_recursion1`);
    /// `options` as for [`Client::list_network_names`].
    pub fn list_networks(&self, options: Option<&ListOptions>) -> Result<Vec<Network>> {
        self.get(path!("/1.0/networks"))
            .recursion(1)
            .query(options)
            .extension_if_param("api_filtering_extended", "filter")
            .extension_if_param("networks_all_projects", "all-projects")
            .sync()
    }

    /// Gets one network (a managed one, or a host interface by its name).
    ///
    /// Sends `GET /1.0/networks/{name}` (`network_get`). In a cluster,
    /// `client.with_target(member)` reads that member's member-specific
    /// config.
    ///
    /// # Errors
    ///
    /// [`Error::Api`](crate::Error::Api) 404 if there is no such network
    /// or interface.
    pub fn get_network(&self, name: &str) -> Result<Network> {
        self.get(path!("/1.0/networks/{}", name)).sync()
    }

    /// Gets one network and its ETag, for [`Client::replace_network`] or
    /// [`Client::update_network`].
    ///
    /// Sends `GET /1.0/networks/{name}` (`network_get`).
    pub fn get_network_with_etag(&self, name: &str) -> Result<(Network, String)> {
        self.get(path!("/1.0/networks/{}", name)).sync_with_etag()
    }

    /// Creates a network; a bridge's interface (and its DHCP/DNS service,
    /// when it has an address) is up before the reply.
    ///
    /// Sends `POST /1.0/networks` (`networks_post`). Build the body with
    /// [`NetworksPost::bridge`], [`NetworksPost::macvlan`] or
    /// [`NetworksPost::new`]. In a cluster, a network is first defined on
    /// each member with `client.with_target(member)`, then created
    /// everywhere by the same call without a target.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`](crate::Error::InvalidInput) for an empty
    /// name, sending nothing; [`Error::Api`](crate::Error::Api) 409 if the
    /// name is taken, 400 for an unknown type (`Unknown driver`) or a name
    /// the kernel would refuse (`Network interface is too long (maximum 15
    /// characters)`), and, from Incus 6.0.4, 500 for an invalid option
    /// value (`Invalid value for network "br0" option "ipv4.address":
    /// invalid CIDR address: …`) or a service that fails to start. Incus
    /// 6.0.4 may also answer 500 `Failed to delete bridge children
    /// interfaces: …` for a bridge when an instance NIC elsewhere goes away
    /// at that moment; trying again works.
    pub fn create_network(&self, network: &NetworksPost) -> Result<()> {
        seg("the network's name", &network.name)?;
        self.post(path!("/1.0/networks")).json(network).unit()
    }

    /// Replaces a network's description and config with `network`; fields
    /// left unset are cleared (send back the config keys to keep).
    ///
    /// Sends `PUT /1.0/networks/{name}` (`network_put`). Pass the ETag from
    /// [`Client::get_network_with_etag`] to refuse the write (412) if the
    /// network changed in between. The change applies to a network in use.
    ///
    /// # Errors
    ///
    /// [`Error::Api`](crate::Error::Api) 404 if there is no such managed
    /// network, 412 if `etag` no longer matches, 400 or 500 for an option
    /// value the network refuses.
    pub fn replace_network(
        &self,
        name: &str,
        network: &NetworkPut,
        etag: Option<&str>,
    ) -> Result<()> {
        self.put(path!("/1.0/networks/{}", name))
            .json(network)
            .etag(etag)
            .unit()
    }

    /// Changes only the fields set in `network`; config keys are merged
    /// into the current ones.
    ///
    /// Sends `PATCH /1.0/networks/{name}` (`network_patch`); errors as for
    /// [`Client::replace_network`].
    pub fn update_network(
        &self,
        name: &str,
        network: &NetworkPut,
        etag: Option<&str>,
    ) -> Result<()> {
        self.patch(path!("/1.0/networks/{}", name))
            .json(network)
            .etag(etag)
            .unit()
    }

    /// Renames a managed network (a bridge's interface too); it must not be
    /// in use.
    ///
    /// Sends `POST /1.0/networks/{name}` (`network_post`).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`](crate::Error::InvalidInput) for an empty new
    /// name, sending nothing; [`Error::Api`](crate::Error::Api) 409 if the
    /// new name is taken, 400 `Network is currently in use` while an
    /// instance or profile uses it.
    pub fn rename_network(&self, name: &str, network: &NetworkPost) -> Result<()> {
        seg("the network's new name", &network.name)?;
        self.post(path!("/1.0/networks/{}", name))
            .json(network)
            .unit()
    }

    /// Deletes a managed network; it must not be in use.
    ///
    /// Sends `DELETE /1.0/networks/{name}` (`network_delete`).
    ///
    /// # Errors
    ///
    /// [`Error::Api`](crate::Error::Api) 400 `The network is currently in
    /// use` while an instance or profile uses it (see its `used_by`), 404
    /// if there is no such managed network; 500 `Failed to delete bridge
    /// children interfaces: …` from the race described at
    /// [`Client::create_network`].
    pub fn delete_network(&self, name: &str) -> Result<()> {
        self.delete(path!("/1.0/networks/{}", name)).unit()
    }

    /// Gets the state of a network's interface on the host: link state,
    /// addresses, counters, and the bridge's ports (`bridge.upper_devices`).
    ///
    /// Sends `GET /1.0/networks/{name}/state` (`networks_state_get`). Works
    /// for host interfaces too.
    ///
    /// # Errors
    ///
    /// [`Error::Api`](crate::Error::Api) 404 if there is no such network,
    /// or if it has no interface of its own on this host (Incus 6.0.4
    /// answers `Network interface "<name>" not found` for a macvlan or
    /// SR-IOV network).
    pub fn get_network_state(&self, name: &str) -> Result<NetworkState> {
        self.get(path!("/1.0/networks/{}/state", name)).sync()
    }

    /// Gets a managed network's DHCP leases, with the addresses it reserves
    /// (the gateway's, as type `gateway`).
    ///
    /// Sends `GET /1.0/networks/{name}/leases` (`networks_leases_get`). A
    /// network without addresses has none.
    ///
    /// # Errors
    ///
    /// [`Error::Api`](crate::Error::Api) 404 if there is no such managed
    /// network; for a network that hands out no leases (a macvlan), Incus
    /// 6.0.4 answers 500 `Not implemented`.
    pub fn get_network_leases(&self, name: &str) -> Result<Vec<NetworkLease>> {
        self.get(path!("/1.0/networks/{}/leases", name)).sync()
    }
}
