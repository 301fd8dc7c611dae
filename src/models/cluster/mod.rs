//! Clustering: the cluster as one server sees it, how a server bootstraps
//! or joins one, and the cluster's certificate. Members, their state and
//! join tokens, and groups have files of their own.

mod group;
mod member;
mod token;

pub use group::*;
pub use member::*;
pub use token::*;

use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::models::null_default;

/// The cluster, as the answering server sees it (`GET /1.0/cluster`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Cluster {
    /// This server's name in the cluster; empty when not clustered. Example: `server01`
    pub server_name: String,
    /// Whether this server is part of a cluster.
    pub enabled: bool,
    /// Keys a joining server must give values for (each empty here). API extension: clustering_join
    #[serde(deserialize_with = "null_default")]
    pub member_config: Vec<ClusterMemberConfigKey>,
}

/// A per-member setting a joining server must provide: the `source` of a
/// storage pool, the parent of a network, …
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ClusterMemberConfigKey {
    /// What the key belongs to: `storage-pool` or `network`.
    pub entity: String,
    /// Name of that pool or network. Example: `local`
    pub name: String,
    /// The key. Example: `source`
    pub key: String,
    /// The joining server's value; empty as read from the cluster. Example: `/dev/sdb`
    pub value: String,
    /// What the key is, for people. Example: `"source" property for storage pool "local"`
    pub description: String,
}

impl ClusterMemberConfigKey {
    /// The key with the joining server's `value` (a key read from
    /// [`Cluster::member_config`] has none).
    #[must_use]
    pub fn value(mut self, value: impl Into<String>) -> ClusterMemberConfigKey {
        self.value = value.into();
        self
    }
}

/// What `PUT /1.0/cluster` takes: bootstrap a cluster on this server
/// ([`ClusterPut::enable`]), join an existing one ([`ClusterPut::join`]),
/// or leave clustering ([`ClusterPut::disable`]). An action body: only what
/// is set is sent, but `enabled` always.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ClusterPut {
    /// This server's name in the cluster; must be empty to disable. Example: `server02`
    #[serde(skip_serializing_if = "String::is_empty")]
    pub server_name: String,
    /// `true` to bootstrap or join, `false` to disable clustering.
    pub enabled: bool,
    /// Values for the keys the cluster lists in [`Cluster::member_config`] (join only).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub member_config: Vec<ClusterMemberConfigKey>,
    /// Address of a member of the cluster to join. Example: `10.0.0.1:8443`
    #[serde(skip_serializing_if = "String::is_empty")]
    pub cluster_address: String,
    /// That member's cluster certificate (PEM), which the joining server pins.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub cluster_certificate: String,
    /// The address this server will use for cluster traffic. Example: `10.0.0.2:8443`
    #[serde(skip_serializing_if = "String::is_empty")]
    pub server_address: String,
    /// A join token from [`ClusterMemberJoinToken::encode`]. API extension: clustering_join
    #[serde(skip_serializing_if = "String::is_empty")]
    pub cluster_token: String,
}

impl ClusterPut {
    /// Bootstraps a new cluster with this server as its first member,
    /// named `server_name` (`incus cluster enable`). The server must listen
    /// on a network address (`core.https_address`) that is not a wildcard.
    pub fn enable(server_name: impl Into<String>) -> ClusterPut {
        ClusterPut {
            server_name: server_name.into(),
            enabled: true,
            ..ClusterPut::default()
        }
    }

    /// Joins the cluster `token` names, as `token.server_name`: through the
    /// token's first address, pinning `cluster_certificate` (the PEM a
    /// member shows, e.g. its [`ServerEnvironment`](crate::models::ServerEnvironment)
    /// `certificate`; [`Client::replace_cluster`](crate::Client::replace_cluster)
    /// checks it against the token's fingerprint), with this server's
    /// cluster traffic on `server_address`. Add the values the cluster asks
    /// for with [`ClusterPut::member_config`].
    pub fn join(
        token: &ClusterMemberJoinToken,
        cluster_certificate: impl Into<String>,
        server_address: impl Into<String>,
    ) -> ClusterPut {
        ClusterPut {
            server_name: token.server_name.clone(),
            enabled: true,
            cluster_address: token.addresses.first().cloned().unwrap_or_default(),
            cluster_certificate: cluster_certificate.into(),
            server_address: server_address.into(),
            cluster_token: token.encode(),
            ..ClusterPut::default()
        }
    }

    /// Takes this server out of clustering: it resets its database and
    /// restarts (only a server that is alone in its cluster).
    pub fn disable() -> ClusterPut {
        ClusterPut::default()
    }

    /// Gives the values a join needs for the cluster's
    /// [`Cluster::member_config`] keys. Defaults to none.
    #[must_use]
    pub fn member_config(
        mut self,
        keys: impl IntoIterator<Item = ClusterMemberConfigKey>,
    ) -> ClusterPut {
        self.member_config = keys.into_iter().collect();
        self
    }

    /// Checks a join before it is sent: the token must decode, and the
    /// certificate to pin must be the one the token names, so the secret
    /// goes to no other server.
    pub(crate) fn check(&self) -> Result<()> {
        if self.cluster_token.is_empty() {
            return Ok(());
        }
        let token = ClusterMemberJoinToken::decode(&self.cluster_token)?;
        if self.cluster_certificate.is_empty() {
            return Err(crate::Error::invalid(
                "cluster join: no cluster_certificate to pin",
            ));
        }
        match token.matches_certificate(&self.cluster_certificate)? {
            true => Ok(()),
            false => Err(crate::Error::invalid(
                "cluster join: cluster_certificate is not the one the token's fingerprint names",
            )),
        }
    }
}

/// A join as LXD before its API extension `explicit_trust_token` takes
/// it (LXD 5.0): the token in `cluster_password`, no `cluster_token`.
#[derive(Serialize)]
pub(crate) struct ClusterPutWithPassword {
    #[serde(flatten)]
    put: ClusterPut,
    cluster_password: String,
}

impl ClusterPut {
    /// This join with its token moved to `cluster_password`.
    pub(crate) fn with_token_as_password(&self) -> ClusterPutWithPassword {
        ClusterPutWithPassword {
            put: ClusterPut {
                cluster_token: String::new(),
                ..self.clone()
            },
            cluster_password: self.cluster_token.clone(),
        }
    }
}

/// A new certificate and key for every member of the cluster
/// (`PUT /1.0/cluster/certificate`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ClusterCertificatePut {
    /// The certificate, PEM.
    pub cluster_certificate: String,
    /// Its private key, PEM.
    pub cluster_certificate_key: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_bodies() {
        let cluster: Cluster = serde_json::from_str(
            r#"{"server_name":"server01","enabled":true,"x":1,"member_config":[{"entity":"storage-pool",
                "name":"local","key":"source","value":"","description":"\"source\" property for storage pool \"local\""}]}"#,
        )
        .unwrap();
        assert_eq!(cluster.member_config[0].key, "source");
        let back = serde_json::to_value(&cluster).unwrap();
        assert_eq!(serde_json::from_value::<Cluster>(back).unwrap(), cluster);
        let null: Cluster = serde_json::from_str(r#"{"member_config":null}"#).unwrap();
        assert!(null.member_config.is_empty());

        assert_eq!(
            serde_json::to_value(ClusterPut::enable("a")).unwrap(),
            serde_json::json!({"server_name": "a", "enabled": true})
        );
        assert_eq!(
            serde_json::to_value(ClusterPut::disable()).unwrap(),
            serde_json::json!({"enabled": false})
        );
        let token = ClusterMemberJoinToken {
            server_name: "b".into(),
            fingerprint: "ab".repeat(32),
            addresses: vec!["127.0.0.2:8443".into(), "127.0.0.4:8443".into()],
            secret: "s".into(),
            expires_at: String::new(),
        };
        let key = cluster.member_config[0].clone().value("/srv/b");
        let join = ClusterPut::join(&token, "PEM", "127.0.0.3:8443").member_config([key]);
        let body = serde_json::to_value(&join).unwrap();
        assert_eq!(body["cluster_address"], "127.0.0.2:8443");
        assert_eq!(body["server_name"], "b");
        assert_eq!(body["member_config"][0]["value"], "/srv/b");
        assert_eq!(
            ClusterMemberJoinToken::decode(body["cluster_token"].as_str().unwrap()).unwrap(),
            token
        );
        // For LXD 5.0: the same body, the token moved to cluster_password.
        let mut moved = body.clone();
        let secret = moved
            .as_object_mut()
            .unwrap()
            .remove("cluster_token")
            .unwrap();
        moved["cluster_password"] = secret;
        assert_eq!(
            serde_json::to_value(join.with_token_as_password()).unwrap(),
            moved
        );
        assert_eq!(serde_json::from_value::<ClusterPut>(body).unwrap(), join);
        let e = join.check().unwrap_err();
        assert!(e.to_string().contains("certificate"), "{e}");
        let e = ClusterPut {
            cluster_token: "nope!".into(),
            ..join
        }
        .check()
        .unwrap_err();
        assert!(e.to_string().contains("not base64"), "{e}");
        assert!(ClusterPut::enable("a").check().is_ok());
    }
}
