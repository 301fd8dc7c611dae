//! Network peers: routes between two networks (`local`, another OVN
//! network of this server) or out through an integration (`remote`).
//! Incus serves them on OVN networks.

use serde::{Deserialize, Serialize};

use super::{ConfigMap, null_default};

/// A network peer, as read.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NetworkPeer {
    /// Name of the peer. Example: `project1-network1`
    pub name: String,
    /// Free-text description. Example: `Peering with network1 in project1`
    pub description: String,
    /// Options, `user.*` keys.
    #[serde(deserialize_with = "null_default")]
    pub config: ConfigMap,
    /// `local` (another network here) or `remote` (through an integration). API extension: network_integrations
    #[serde(rename = "type")]
    pub kind: String,
    /// Project of the network peered with. Read only. Example: `project1`
    pub target_project: String,
    /// The network peered with. Read only. Example: `network1`
    pub target_network: String,
    /// The integration a `remote` peer goes through. API extension: network_integrations
    pub target_integration: String,
    /// `Created`, or `Pending` until the other side peers back. Read only. Example: `Pending`
    pub status: String,
    /// URLs of the objects (ACLs, …) using the peer. Read only.
    #[serde(deserialize_with = "null_default")]
    pub used_by: Vec<String>,
}

impl NetworkPeer {
    /// The writable part, ready to change and send back with
    /// [`Client::replace_network_peer`](crate::Client::replace_network_peer).
    pub fn writable(&self) -> NetworkPeerPut {
        NetworkPeerPut {
            description: Some(self.description.clone()),
            config: self.config.clone(),
        }
    }
}

/// The writable fields of a peer (PUT and PATCH).
///
/// Unset fields are left out of the request and cleared: Incus reads a
/// PATCH of a peer as a PUT, so start from [`NetworkPeer::writable`] to
/// keep what you do not change.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NetworkPeerPut {
    /// Free-text description. Example: `Peering with network1 in project1`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Options, `user.*` keys.
    #[serde(
        skip_serializing_if = "ConfigMap::is_empty",
        deserialize_with = "null_default"
    )]
    pub config: ConfigMap,
}

/// A new peer (POST /1.0/networks/{network}/peers).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NetworkPeersPost {
    /// Name of the new peer. Example: `project1-network1`
    pub name: String,
    /// Free-text description.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Options, `user.*` keys.
    #[serde(
        skip_serializing_if = "ConfigMap::is_empty",
        deserialize_with = "null_default"
    )]
    pub config: ConfigMap,
    /// `local` or `remote`; the daemon takes `local` when empty. API extension: network_integrations
    #[serde(rename = "type", skip_serializing_if = "String::is_empty")]
    pub kind: String,
    /// Project of the network to peer with (`local`); empty means the network's own. Example: `project1`
    #[serde(skip_serializing_if = "String::is_empty")]
    pub target_project: String,
    /// The network to peer with (`local`). Example: `network1`
    #[serde(skip_serializing_if = "String::is_empty")]
    pub target_network: String,
    /// The integration to go through (`remote`). API extension: network_integrations
    #[serde(skip_serializing_if = "String::is_empty")]
    pub target_integration: String,
}

impl NetworkPeersPost {
    /// A `local` peer `name` with the network `target_network` of
    /// `target_project` (empty: the network's own project). It stays
    /// `Pending` until that network peers back.
    #[must_use]
    pub fn local(
        name: impl Into<String>,
        target_project: impl Into<String>,
        target_network: impl Into<String>,
    ) -> NetworkPeersPost {
        NetworkPeersPost {
            name: name.into(),
            kind: "local".into(),
            target_project: target_project.into(),
            target_network: target_network.into(),
            ..Default::default()
        }
    }

    /// A `remote` peer `name` through the integration `integration`. API
    /// extension `network_integrations`.
    #[must_use]
    pub fn remote(name: impl Into<String>, integration: impl Into<String>) -> NetworkPeersPost {
        NetworkPeersPost {
            name: name.into(),
            kind: "remote".into(),
            target_integration: integration.into(),
            ..Default::default()
        }
    }

    /// Sets the description. Defaults to none.
    #[must_use]
    pub fn description(mut self, description: impl Into<String>) -> NetworkPeersPost {
        self.description = description.into();
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_bodies() {
        let peer: NetworkPeer = serde_json::from_str(
            r#"{"name":"project1-network1","description":"Peering with network1 in project1",
                "config":{"user.a":"1"},"type":"local","target_project":"project1",
                "target_network":"network1","target_integration":"","status":"Pending",
                "used_by":["/1.0/network-acls/test"]}"#,
        )
        .unwrap();
        assert_eq!(peer.kind, "local");
        assert_eq!(peer.status, "Pending");
        assert_eq!(peer.used_by, ["/1.0/network-acls/test"]);
        let put = peer.writable();
        let body = serde_json::to_value(&put).unwrap();
        assert_eq!(
            body,
            serde_json::json!({"description": "Peering with network1 in project1",
                               "config": {"user.a": "1"}})
        );
        assert_eq!(serde_json::from_value::<NetworkPeerPut>(body).unwrap(), put);
        let nulls: NetworkPeer =
            serde_json::from_str(r#"{"name":"p","config":null,"used_by":null}"#).unwrap();
        assert!(nulls.config.is_empty() && nulls.used_by.is_empty());
    }

    #[test]
    fn constructors_build_the_create_body() {
        let local = NetworkPeersPost::local("p1", "project1", "network1").description("d");
        assert_eq!(
            serde_json::to_value(&local).unwrap(),
            serde_json::json!({"name": "p1", "description": "d", "type": "local",
                               "target_project": "project1", "target_network": "network1"})
        );
        assert_eq!(
            serde_json::to_string(&NetworkPeersPost::remote("p2", "ovn-ic1")).unwrap(),
            r#"{"name":"p2","type":"remote","target_integration":"ovn-ic1"}"#
        );
    }
}
