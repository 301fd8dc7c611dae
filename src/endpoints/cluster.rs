//! The cluster: `/1.0/cluster` and `/1.0/cluster/certificate`.

use crate::client::Client;
use crate::error::Result;
use crate::input::path;
use crate::models::{Cluster, ClusterCertificatePut, ClusterPut, Operation};

/// The cluster: `/1.0/cluster`. Whether the server is clustered, and
/// turning clustering on: bootstrap a cluster on one server, then join
/// others to it with a join token from [`Client::create_cluster_member`].
/// Members and groups have blocks of their own; a clustered server runs a
/// request on another member with [`Client::with_target`].
impl Client {
    /// Gets the cluster as this server sees it: its name in the cluster,
    /// whether clustering is on, and the per-member keys a joining server
    /// must give values for.
    ///
    /// Sends `GET /1.0/cluster` (`cluster_get`).
    ///
    /// # Example
    ///
    /// Bootstrap a cluster on server `a`, then join server `b` to it with
    /// a token (each client talks to its own server):
    ///
    /// ```no_run
    /// # fn main() -> incus::Result<()> {
    /// use incus::models::{ClusterMembersPost, ClusterPut};
    /// let a = incus::Client::unix("/var/lib/incus-a/unix.socket")?;
    /// let b = incus::Client::unix("/var/lib/incus-b/unix.socket")?;
    /// let op = a.replace_cluster(&ClusterPut::enable("a"))?;
    /// a.wait_for_completion(&op, std::time::Duration::from_secs(60))?;
    /// let (token, _) = a.create_cluster_member(&ClusterMembersPost { server_name: "b".into() })?;
    /// // The certificate b pins; replace_cluster checks it against the token.
    /// let certificate = a.get_server()?.environment.certificate;
    /// let keys = a.get_cluster()?.member_config.into_iter()
    ///     .map(|key| key.value("/srv/incus-b/pool")); // each pool's source on b
    /// let join = ClusterPut::join(&token, certificate, "10.0.0.2:8443").member_config(keys);
    /// b.wait_for_completion(&b.replace_cluster(&join)?, std::time::Duration::from_secs(60))?;
    /// for member in a.list_cluster_members(None)? {
    ///     println!("{} {} {}", member.server_name, member.url, member.status);
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn get_cluster(&self) -> Result<Cluster> {
        self.get(path!("/1.0/cluster")).sync()
    }

    /// Starts bootstrapping a cluster on this server
    /// ([`ClusterPut::enable`]) or joining one ([`ClusterPut::join`]), or
    /// takes the server out of clustering ([`ClusterPut::disable`]).
    ///
    /// Sends `PUT /1.0/cluster` (`cluster_put`). A bootstrap or a join is
    /// an operation: wait for it with [`Client::wait_for_completion`]. A
    /// disable is done at once (the returned operation is already over)
    /// and the daemon restarts itself. Before a join is sent, the
    /// certificate it pins is checked against the token's fingerprint. A
    /// join's token goes as `cluster_token`, or as `cluster_password` to an
    /// LXD that lacks the API extension `explicit_trust_token` (how LXD 5.0
    /// takes it; the client reads `GET /1.0` once to tell).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`](crate::Error::InvalidInput) for a join whose
    /// token does not decode or whose `cluster_certificate` is not the one
    /// the token names, nothing sent; [`Error::Api`](crate::Error::Api) 400
    /// if the server is clustered already, has no usable network address,
    /// or the name is missing; the operation fails for a token the cluster
    /// refuses or a missing `member_config` value.
    pub fn replace_cluster(&self, cluster: &ClusterPut) -> Result<Operation> {
        cluster.check()?;
        let call = self.put(path!("/1.0/cluster"));
        // LXD takes the join token as the cluster password until its
        // extension `explicit_trust_token`.
        if !cluster.cluster_token.is_empty() && self.takes_token_as_password()? {
            return call
                .json(&cluster.with_token_as_password())
                .operation_or_done();
        }
        call.json(cluster).operation_or_done()
    }

    /// Replaces the certificate and key every member of the cluster
    /// presents on its network address.
    ///
    /// Sends `PUT /1.0/cluster/certificate` (`clustering_update_cert`). The
    /// answering member sends the pair to every other member, then takes it
    /// itself. Clients that pin the old certificate must pin the new one.
    /// Members check each other's certificate by its first DNS name (or,
    /// without one, by their IP addresses), so give the certificate a DNS
    /// subject alternative name: without it, traffic between members fails
    /// TLS even though this call succeeded.
    ///
    /// # Errors
    ///
    /// [`Error::Api`](crate::Error::Api) 400 if either is not PEM, 500 if
    /// the pair does not match or a member cannot be reached.
    pub fn replace_cluster_certificate(&self, certificate: &ClusterCertificatePut) -> Result<()> {
        self.put(path!("/1.0/cluster/certificate"))
            .json(certificate)
            .unit()
    }
}
