//! Network peers: `/1.0/networks/{network}/peers`.

use crate::client::Client;
use crate::error::Result;
use crate::input::path;
use crate::models::{NetworkPeer, NetworkPeerPut, NetworkPeersPost};
use crate::options::ListOptions;

/// Network peers: `/1.0/networks/{network}/peers`. Routes between two OVN
/// networks of this server (`local`: each side makes a peer to the other;
/// one side alone is `Pending`), or out through an integration (`remote`).
/// Only OVN networks have them; other types answer 400 (`Network driver
/// "bridge" does not support peering`) to every method here.
impl Client {
    /// Lists the names of a network's peers.
    /// A `filter` requires API extension `api_filtering_extended`.
    ///
    /// Sends `GET /1.0/networks/{networkName}/peers` (`network_peers_get`).
    /// Of `options`, the endpoint honours `filter`.
    ///
    /// # Errors
    ///
    /// [`Error::Api`](crate::Error::Api) 404 if there is no such network,
    /// 400 if its type has no peers (all but OVN).
    ///
    /// # Example
    ///
    /// The OVN networks `ovn1` (project `default`) and `ovn2` (project
    /// `blue`) peered both ways:
    ///
    /// ```no_run
    /// # fn main() -> incus::Result<()> {
    /// use incus::models::NetworkPeersPost;
    /// let client = incus::Client::local()?;
    /// let to_blue = NetworkPeersPost::local("to-blue", "blue", "ovn2");
    /// client.create_network_peer("ovn1", &to_blue)?;
    /// let back = NetworkPeersPost::local("to-default", "default", "ovn1");
    /// client.with_project("blue").create_network_peer("ovn2", &back)?;
    ///
    /// let peer = client.get_network_peer("ovn1", "to-blue")?;
    /// assert_eq!(peer.status, "Created");
    /// println!("{:?}", client.list_network_peer_names("ovn1", None)?);
    /// client.delete_network_peer("ovn1", "to-blue")?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn list_network_peer_names(
        &self,
        network: &str,
        options: Option<&ListOptions>,
    ) -> Result<Vec<String>> {
        self.get(path!("/1.0/networks/{}/peers", network))
            .query(options)
            .extension_if_param("api_filtering_extended", "filter")
            .names()
    }

    /// Lists a network's peers.
    /// A `filter` requires API extension `api_filtering_extended`.
    ///
    /// Sends `GET /1.0/networks/{networkName}/peers?recursion=1`
    /// (`network_peer_get_recursion1`); `options` and errors as for
    /// [`Client::list_network_peer_names`].
    pub fn list_network_peers(
        &self,
        network: &str,
        options: Option<&ListOptions>,
    ) -> Result<Vec<NetworkPeer>> {
        self.get(path!("/1.0/networks/{}/peers", network))
            .recursion(1)
            .query(options)
            .extension_if_param("api_filtering_extended", "filter")
            .sync()
    }

    /// Gets one peer.
    ///
    /// Sends `GET /1.0/networks/{networkName}/peers/{peerName}`
    /// (`network_peer_get`).
    ///
    /// # Errors
    ///
    /// [`Error::Api`](crate::Error::Api) 404 if there is no such network or
    /// peer ([`Error::is_not_found`](crate::Error::is_not_found)), 400 if
    /// the network's type has no peers.
    pub fn get_network_peer(&self, network: &str, peer: &str) -> Result<NetworkPeer> {
        self.get(path!("/1.0/networks/{}/peers/{}", network, peer))
            .sync()
    }

    /// Like [`Client::get_network_peer`], and also returns the ETag for
    /// [`Client::replace_network_peer`] or [`Client::update_network_peer`].
    ///
    /// Sends `GET /1.0/networks/{networkName}/peers/{peerName}`
    /// (`network_peer_get`). Errors as [`Client::get_network_peer`].
    pub fn get_network_peer_with_etag(
        &self,
        network: &str,
        peer: &str,
    ) -> Result<(NetworkPeer, String)> {
        self.get(path!("/1.0/networks/{}/peers/{}", network, peer))
            .sync_with_etag()
    }

    /// Creates a peer on a network.
    /// A `remote` peer (through an integration) requires API extension
    /// `network_integrations`.
    ///
    /// Sends `POST /1.0/networks/{networkName}/peers` (`network_peers_post`).
    ///
    /// # Errors
    ///
    /// As [`Client::list_network_peer_names`];
    /// [`Error::Api`](crate::Error::Api) 409 if the name is taken, an error
    /// for a missing target network.
    pub fn create_network_peer(&self, network: &str, peer: &NetworkPeersPost) -> Result<()> {
        self.post(path!("/1.0/networks/{}/peers", network))
            .extension_if(
                "network_integrations",
                peer.kind == "remote" || !peer.target_integration.is_empty(),
            )
            .json(peer)
            .unit()
    }

    /// Replaces a peer's description and config with `peer`; fields left
    /// unset are cleared.
    ///
    /// Sends `PUT /1.0/networks/{networkName}/peers/{peerName}`
    /// (`network_peer_put`). `etag` (from
    /// [`Client::get_network_peer_with_etag`]) is sent as `If-Match`;
    /// Incus's handler does not check it (as for forwards).
    ///
    /// # Errors
    ///
    /// As [`Client::get_network_peer`]; [`Error::Api`](crate::Error::Api)
    /// 412 if `etag` no longer matches (on a server that checks it).
    pub fn replace_network_peer(
        &self,
        network: &str,
        name: &str,
        peer: &NetworkPeerPut,
        etag: Option<&str>,
    ) -> Result<()> {
        self.put(path!("/1.0/networks/{}/peers/{}", network, name))
            .json(peer)
            .etag(etag)
            .unit()
    }

    /// Changes a peer's description and config. Incus reads this PATCH as
    /// a PUT: fields left unset are cleared, config keys are not merged.
    ///
    /// Sends `PATCH /1.0/networks/{networkName}/peers/{peerName}`
    /// (`network_peer_patch`). Errors as [`Client::replace_network_peer`].
    pub fn update_network_peer(
        &self,
        network: &str,
        name: &str,
        peer: &NetworkPeerPut,
        etag: Option<&str>,
    ) -> Result<()> {
        self.patch(path!("/1.0/networks/{}/peers/{}", network, name))
            .json(peer)
            .etag(etag)
            .unit()
    }

    /// Deletes a peer.
    ///
    /// Sends `DELETE /1.0/networks/{networkName}/peers/{peerName}`
    /// (`network_peer_delete`). Errors as [`Client::get_network_peer`].
    pub fn delete_network_peer(&self, network: &str, peer: &str) -> Result<()> {
        self.delete(path!("/1.0/networks/{}/peers/{}", network, peer))
            .unit()
    }
}
