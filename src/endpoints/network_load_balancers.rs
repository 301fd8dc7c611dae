//! Network load balancers: `/1.0/networks/{network}/load-balancers`.

use crate::client::Client;
use crate::error::Result;
use crate::input::path;
use crate::models::{
    NetworkLoadBalancer, NetworkLoadBalancerPut, NetworkLoadBalancerState, NetworkLoadBalancersPost,
};
use crate::options::ListOptions;

/// Network load balancers: `/1.0/networks/{network}/load-balancers`. A
/// listen address (which names the load balancer) whose ports are spread
/// over named backends inside the network. Only OVN networks have them;
/// other types answer 400 (`Network driver "bridge" does not support load
/// balancers`) to every method here.
///
/// The listen address is one path segment, as for forwards.
impl Client {
    /// Lists the listen addresses of a network's load balancers.
    /// Requires API extension `network_load_balancer`. A `filter` requires API
    /// extension `api_filtering_extended`.
    ///
    /// Sends `GET /1.0/networks/{networkName}/load-balancers`
    /// (`network_load_balancers_get`). Of `options`, the endpoint honours
    /// `filter`.
    ///
    /// # Errors
    ///
    /// [`Error::MissingExtension`](crate::Error::MissingExtension) if the
    /// server lacks `network_load_balancer` (nothing is sent);
    /// [`Error::Api`](crate::Error::Api) 404 if there is no such network,
    /// 400 if its type has no load balancers (all but OVN).
    ///
    /// # Example
    ///
    /// Port 80 spread over two web servers on the OVN network `ovn0`, and
    /// their health:
    ///
    /// ```no_run
    /// # fn main() -> incus::Result<()> {
    /// use incus::models::{
    ///     NetworkLoadBalancerBackend, NetworkLoadBalancerPort, NetworkLoadBalancersPost,
    /// };
    /// let client = incus::Client::local()?;
    /// let new = NetworkLoadBalancersPost::new("192.0.2.10")
    ///     .backend(NetworkLoadBalancerBackend::new("web1", "10.0.0.2"))
    ///     .backend(NetworkLoadBalancerBackend::new("web2", "10.0.0.3"))
    ///     .port(NetworkLoadBalancerPort::tcp("80", ["web1", "web2"]));
    /// client.create_network_load_balancer("ovn0", &new)?;
    /// println!("{:?}", client.list_network_load_balancer_names("ovn0", None)?);
    ///
    /// let state = client.get_network_load_balancer_state("ovn0", "192.0.2.10")?;
    /// for (backend, health) in &state.backend_health {
    ///     println!("{backend} at {}: {:?}", health.address, health.ports);
    /// }
    /// client.delete_network_load_balancer("ovn0", "192.0.2.10")?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn list_network_load_balancer_names(
        &self,
        network: &str,
        options: Option<&ListOptions>,
    ) -> Result<Vec<String>> {
        self.get(path!("/1.0/networks/{}/load-balancers", network))
            .extension("network_load_balancer")
            .query(options)
            .extension_if_param("api_filtering_extended", "filter")
            .names()
    }

    /// Lists a network's load balancers.
    /// Requires API extension `network_load_balancer`. A `filter` requires API
    /// extension `api_filtering_extended`.
    ///
    /// Sends `GET /1.0/networks/{networkName}/load-balancers?recursion=1`
    /// (`network_load_balancer_get_recursion1`); `options` and errors as
    /// for [`Client::list_network_load_balancer_names`].
    pub fn list_network_load_balancers(
        &self,
        network: &str,
        options: Option<&ListOptions>,
    ) -> Result<Vec<NetworkLoadBalancer>> {
        self.get(path!("/1.0/networks/{}/load-balancers", network))
            .extension("network_load_balancer")
            .recursion(1)
            .query(options)
            .extension_if_param("api_filtering_extended", "filter")
            .sync()
    }

    /// Gets one load balancer, by its listen address.
    /// Requires API extension `network_load_balancer`.
    ///
    /// Sends `GET /1.0/networks/{networkName}/load-balancers/{listenAddress}`
    /// (`network_load_balancer_get`).
    ///
    /// # Errors
    ///
    /// [`Error::MissingExtension`](crate::Error::MissingExtension) if the
    /// server lacks `network_load_balancer` (nothing is sent);
    /// [`Error::Api`](crate::Error::Api) 404 if there is no such network or
    /// load balancer ([`Error::is_not_found`](crate::Error::is_not_found)),
    /// 400 if the network's type has no load balancers.
    pub fn get_network_load_balancer(
        &self,
        network: &str,
        listen_address: &str,
    ) -> Result<NetworkLoadBalancer> {
        self.get(path!(
            "/1.0/networks/{}/load-balancers/{}",
            network,
            listen_address
        ))
        .extension("network_load_balancer")
        .sync()
    }

    /// Like [`Client::get_network_load_balancer`], and also returns the
    /// ETag for [`Client::replace_network_load_balancer`] or
    /// [`Client::update_network_load_balancer`].
    /// Requires API extension `network_load_balancer`.
    ///
    /// Sends `GET /1.0/networks/{networkName}/load-balancers/{listenAddress}`
    /// (`network_load_balancer_get`). Errors as
    /// [`Client::get_network_load_balancer`].
    pub fn get_network_load_balancer_with_etag(
        &self,
        network: &str,
        listen_address: &str,
    ) -> Result<(NetworkLoadBalancer, String)> {
        self.get(path!(
            "/1.0/networks/{}/load-balancers/{}",
            network,
            listen_address
        ))
        .extension("network_load_balancer")
        .sync_with_etag()
    }

    /// Gets the health of a load balancer's backends, as its health checks
    /// (the `healthcheck` option) see it.
    /// Requires API extension `network_load_balancer_state`.
    ///
    /// Sends `GET /1.0/networks/{networkName}/load-balancers/{listenAddress}/state`
    /// (`network_load_balancer_state_get`). Errors as
    /// [`Client::get_network_load_balancer`].
    pub fn get_network_load_balancer_state(
        &self,
        network: &str,
        listen_address: &str,
    ) -> Result<NetworkLoadBalancerState> {
        self.get(path!(
            "/1.0/networks/{}/load-balancers/{}/state",
            network,
            listen_address
        ))
        .extension("network_load_balancer_state")
        .sync()
    }

    /// Creates a load balancer on a network.
    /// Requires API extension `network_load_balancer`.
    ///
    /// Sends `POST /1.0/networks/{networkName}/load-balancers`
    /// (`network_load_balancers_post`).
    ///
    /// # Errors
    ///
    /// [`Error::MissingExtension`](crate::Error::MissingExtension) if the
    /// server lacks `network_load_balancer` (nothing is sent);
    /// As [`Client::list_network_load_balancer_names`];
    /// [`Error::Api`](crate::Error::Api) 409 if the listen address is taken,
    /// an error for invalid backends or rules.
    pub fn create_network_load_balancer(
        &self,
        network: &str,
        load_balancer: &NetworkLoadBalancersPost,
    ) -> Result<()> {
        self.post(path!("/1.0/networks/{}/load-balancers", network))
            .extension("network_load_balancer")
            .json(load_balancer)
            .unit()
    }

    /// Replaces a load balancer's description, config, backends and port
    /// rules with `load_balancer`; fields left unset are cleared.
    /// Requires API extension `network_load_balancer`.
    ///
    /// Sends `PUT /1.0/networks/{networkName}/load-balancers/{listenAddress}`
    /// (`network_load_balancer_put`). `etag` (from
    /// [`Client::get_network_load_balancer_with_etag`]) is sent as
    /// `If-Match`; Incus's handler does not check it (as for forwards).
    ///
    /// # Errors
    ///
    /// [`Error::MissingExtension`](crate::Error::MissingExtension) if the
    /// server lacks `network_load_balancer` (nothing is sent);
    /// As [`Client::get_network_load_balancer`];
    /// [`Error::Api`](crate::Error::Api) 412 if `etag` no longer matches (on
    /// a server that checks it).
    pub fn replace_network_load_balancer(
        &self,
        network: &str,
        listen_address: &str,
        load_balancer: &NetworkLoadBalancerPut,
        etag: Option<&str>,
    ) -> Result<()> {
        self.put(path!(
            "/1.0/networks/{}/load-balancers/{}",
            network,
            listen_address
        ))
        .extension("network_load_balancer")
        .json(load_balancer)
        .etag(etag)
        .unit()
    }

    /// Changes part of a load balancer: config keys are merged into the
    /// current ones; backends and port rules, when `load_balancer` has
    /// some, replace the current ones.
    /// Requires API extension `network_load_balancer`.
    ///
    /// Sends `PATCH /1.0/networks/{networkName}/load-balancers/{listenAddress}`
    /// (`network_load_balancer_patch`). Like forwards, the description is
    /// cleared when `load_balancer` has none. Errors as
    /// [`Client::replace_network_load_balancer`].
    pub fn update_network_load_balancer(
        &self,
        network: &str,
        listen_address: &str,
        load_balancer: &NetworkLoadBalancerPut,
        etag: Option<&str>,
    ) -> Result<()> {
        self.patch(path!(
            "/1.0/networks/{}/load-balancers/{}",
            network,
            listen_address
        ))
        .extension("network_load_balancer")
        .json(load_balancer)
        .etag(etag)
        .unit()
    }

    /// Deletes a load balancer.
    /// Requires API extension `network_load_balancer`.
    ///
    /// Sends `DELETE /1.0/networks/{networkName}/load-balancers/{listenAddress}`
    /// (`network_load_balancer_delete`). Errors as
    /// [`Client::get_network_load_balancer`].
    pub fn delete_network_load_balancer(&self, network: &str, listen_address: &str) -> Result<()> {
        self.delete(path!(
            "/1.0/networks/{}/load-balancers/{}",
            network,
            listen_address
        ))
        .extension("network_load_balancer")
        .unit()
    }
}
