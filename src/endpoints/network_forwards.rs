//! Network forwards: `/1.0/networks/{network}/forwards`.

use crate::client::Client;
use crate::error::Result;
use crate::input::path;
use crate::models::{NetworkForward, NetworkForwardPut, NetworkForwardsPost};
use crate::options::ListOptions;

/// Network forwards: `/1.0/networks/{network}/forwards`. An address the
/// host answers on (the listen address, which names the forward) whose
/// traffic goes on to addresses inside the network: per port rule, and
/// the rest to a default target. Bridge and OVN networks have them.
///
/// The listen address is one path segment: an IPv6 address is sent
/// escaped, and one holding `/` (a prefix length, which the daemon does
/// not take) stays one segment, so the daemon answers that no such forward
/// exists.
impl Client {
    /// Lists the listen addresses of a network's forwards.
    /// A `filter` requires API extension `api_filtering_extended`.
    ///
    /// Sends `GET /1.0/networks/{networkName}/forwards`
    /// (`network_forwards_get`). Of `options`, the endpoint honours
    /// `filter`.
    ///
    /// # Errors
    ///
    /// [`Error::Api`](crate::Error::Api) 404 if there is no such network,
    /// 400 if its type has no forwards (a macvlan network: `Network driver
    /// "macvlan" does not support forwards`).
    ///
    /// # Example
    ///
    /// Port 80 and 443 of a listen address sent to a web server on the
    /// bridge `br0`, then the HTTPS rule moved to another port:
    ///
    /// ```no_run
    /// # fn main() -> incus::Result<()> {
    /// use incus::models::{NetworkForwardPort, NetworkForwardsPost};
    /// let client = incus::Client::local()?;
    /// let new = NetworkForwardsPost::new("192.0.2.10")
    ///     .description("web")
    ///     .port(NetworkForwardPort::tcp("80", "192.0.2.2"))
    ///     .port(NetworkForwardPort::tcp("443", "192.0.2.2").target_port("8443"));
    /// client.create_network_forward("br0", &new)?;
    /// println!("{:?}", client.list_network_forward_names("br0", None)?);
    ///
    /// let (forward, etag) = client.get_network_forward_with_etag("br0", "192.0.2.10")?;
    /// let mut put = forward.writable();
    /// put.ports[1].target_port = "9443".into();
    /// client.replace_network_forward("br0", "192.0.2.10", &put, Some(&etag))?;
    /// client.delete_network_forward("br0", "192.0.2.10")?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn list_network_forward_names(
        &self,
        network: &str,
        options: Option<&ListOptions>,
    ) -> Result<Vec<String>> {
        self.get(path!("/1.0/networks/{}/forwards", network))
            .query(options)
            .extension_if_param("api_filtering_extended", "filter")
            .names()
    }

    /// Lists a network's forwards.
    /// A `filter` requires API extension `api_filtering_extended`.
    ///
    /// Sends `GET /1.0/networks/{networkName}/forwards?recursion=1`
    /// (`network_forward_get_recursion1`); `options` and errors as for
    /// [`Client::list_network_forward_names`].
    pub fn list_network_forwards(
        &self,
        network: &str,
        options: Option<&ListOptions>,
    ) -> Result<Vec<NetworkForward>> {
        self.get(path!("/1.0/networks/{}/forwards", network))
            .recursion(1)
            .query(options)
            .extension_if_param("api_filtering_extended", "filter")
            .sync()
    }

    /// Gets one forward, by its listen address.
    ///
    /// Sends `GET /1.0/networks/{networkName}/forwards/{listenAddress}`
    /// (`network_forward_get`).
    ///
    /// # Errors
    ///
    /// [`Error::Api`](crate::Error::Api) 404 if there is no such network or
    /// forward ([`Error::is_not_found`](crate::Error::is_not_found)), 400
    /// if the network's type has no forwards.
    pub fn get_network_forward(
        &self,
        network: &str,
        listen_address: &str,
    ) -> Result<NetworkForward> {
        self.get(path!(
            "/1.0/networks/{}/forwards/{}",
            network,
            listen_address
        ))
        .sync()
    }

    /// Like [`Client::get_network_forward`], and also returns the ETag for
    /// [`Client::replace_network_forward`] or
    /// [`Client::update_network_forward`].
    ///
    /// Sends `GET /1.0/networks/{networkName}/forwards/{listenAddress}`
    /// (`network_forward_get`). Errors as [`Client::get_network_forward`].
    pub fn get_network_forward_with_etag(
        &self,
        network: &str,
        listen_address: &str,
    ) -> Result<(NetworkForward, String)> {
        self.get(path!(
            "/1.0/networks/{}/forwards/{}",
            network,
            listen_address
        ))
        .sync_with_etag()
    }

    /// Creates a forward on a network.
    ///
    /// Sends `POST /1.0/networks/{networkName}/forwards`
    /// (`network_forwards_post`). On a bridge, the target addresses must be
    /// inside the bridge's subnet, of the listen address's IP version.
    ///
    /// # Errors
    ///
    /// As [`Client::list_network_forward_names`];
    /// [`Error::Api`](crate::Error::Api) 409 if the listen address has a
    /// forward already. Incus 6.0.4 answers 500 (not 400) for a listen
    /// address that is not one IP address, a protocol other than `tcp` or
    /// `udp`, a target outside the subnet, and for a bridge without an
    /// address of that IP version (`invalid CIDR address: none`).
    pub fn create_network_forward(
        &self,
        network: &str,
        forward: &NetworkForwardsPost,
    ) -> Result<()> {
        self.post(path!("/1.0/networks/{}/forwards", network))
            .json(forward)
            .unit()
    }

    /// Replaces a forward's description, config and port rules with
    /// `forward`; fields left unset are cleared.
    ///
    /// Sends `PUT /1.0/networks/{networkName}/forwards/{listenAddress}`
    /// (`network_forward_put`). `etag` (from
    /// [`Client::get_network_forward_with_etag`]) is sent as `If-Match`,
    /// but Incus 6.0.4 does not check it on forwards: the write goes
    /// through even if the forward changed in between.
    ///
    /// # Errors
    ///
    /// As [`Client::get_network_forward`]; [`Error::Api`](crate::Error::Api)
    /// 412 if `etag` no longer matches (on a server that checks it), 500
    /// for invalid rules (as [`Client::create_network_forward`]).
    pub fn replace_network_forward(
        &self,
        network: &str,
        listen_address: &str,
        forward: &NetworkForwardPut,
        etag: Option<&str>,
    ) -> Result<()> {
        self.put(path!(
            "/1.0/networks/{}/forwards/{}",
            network,
            listen_address
        ))
        .json(forward)
        .etag(etag)
        .unit()
    }

    /// Changes part of a forward: config keys are merged into the current
    /// ones, and port rules, when `forward` has some, replace the current
    /// ones.
    ///
    /// Sends `PATCH /1.0/networks/{networkName}/forwards/{listenAddress}`
    /// (`network_forward_patch`). Incus 6.0.4 clears the description when
    /// `forward` has none: set it to keep it. Errors as
    /// [`Client::replace_network_forward`].
    pub fn update_network_forward(
        &self,
        network: &str,
        listen_address: &str,
        forward: &NetworkForwardPut,
        etag: Option<&str>,
    ) -> Result<()> {
        self.patch(path!(
            "/1.0/networks/{}/forwards/{}",
            network,
            listen_address
        ))
        .json(forward)
        .etag(etag)
        .unit()
    }

    /// Deletes a forward.
    ///
    /// Sends `DELETE /1.0/networks/{networkName}/forwards/{listenAddress}`
    /// (`network_forward_delete`). Errors as
    /// [`Client::get_network_forward`].
    pub fn delete_network_forward(&self, network: &str, listen_address: &str) -> Result<()> {
        self.delete(path!(
            "/1.0/networks/{}/forwards/{}",
            network,
            listen_address
        ))
        .unit()
    }
}
