//! Networks: the bridges, macvlans and other links instances attach to,
//! and the DHCP leases a managed network hands out.

use serde::{Deserialize, Serialize};

use super::{ConfigMap, null_default};

/// A network, as read: a managed one Incus made, or a host interface it
/// only reports (`managed: false`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Network {
    /// Name of the network; for a bridge, also its interface name. Example: `incusbr0`
    pub name: String,
    /// Free-text description. Example: `Lab bridge`
    pub description: String,
    /// Network options, key to value. Example: `{"ipv4.address": "10.0.0.1/24"}`
    #[serde(deserialize_with = "null_default")]
    pub config: ConfigMap,
    /// The network's kind: `bridge`, `macvlan`, `sriov`, `ovn`, `physical`, … Read only.
    #[serde(rename = "type")]
    pub kind: String,
    /// URLs of the instances, profiles and networks using it. Read only.
    #[serde(deserialize_with = "null_default")]
    pub used_by: Vec<String>,
    /// Whether Incus made and manages it (`false` for a host interface). Read only.
    pub managed: bool,
    /// `Created`, `Pending`, `Errored`, `Unknown` or `Unavailable`; empty if unmanaged. Read only.
    pub status: String,
    /// Cluster members the network is defined on (`none` outside a cluster). Read only.
    #[serde(deserialize_with = "null_default")]
    pub locations: Vec<String>,
    /// Project the network belongs to. API extension: networks_all_projects.
    pub project: String,
}

impl Network {
    /// The writable part, ready to change and send back with
    /// [`Client::replace_network`](crate::Client::replace_network).
    pub fn writable(&self) -> NetworkPut {
        NetworkPut {
            description: Some(self.description.clone()),
            config: self.config.clone(),
        }
    }
}

/// The writable fields of a network (PUT and PATCH).
///
/// Unset fields are left out of the request: PATCH keeps their current
/// value, PUT clears them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NetworkPut {
    /// Free-text description. Example: `Lab bridge`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Network options; with PATCH, keys are merged into the current ones.
    #[serde(
        skip_serializing_if = "ConfigMap::is_empty",
        deserialize_with = "null_default"
    )]
    pub config: ConfigMap,
}

/// A new network (POST /1.0/networks).
///
/// ```
/// use incus::models::NetworksPost;
/// let bridge = NetworksPost::bridge("br-lab")
///     .config("ipv4.address", "none")
///     .config("ipv6.address", "none");
/// let macvlan = NetworksPost::macvlan("mv-lab", "br-lab");
/// assert_eq!(macvlan.config["parent"], "br-lab");
/// # let _ = bridge;
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NetworksPost {
    /// Name of the new network; at most 15 characters for the kinds that
    /// make an interface. Example: `br-lab`
    pub name: String,
    /// Kind of network; empty lets the daemon pick `bridge`. Example: `macvlan`
    #[serde(rename = "type", skip_serializing_if = "String::is_empty")]
    pub kind: String,
    /// Free-text description.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Network options, key to value. Example: `{"ipv4.address": "none"}`
    #[serde(
        skip_serializing_if = "ConfigMap::is_empty",
        deserialize_with = "null_default"
    )]
    pub config: ConfigMap,
}

impl NetworksPost {
    /// A network `name` of kind `kind` (`bridge`, `macvlan`, `sriov`,
    /// `physical`, `ovn`), with no options yet.
    #[must_use]
    pub fn new(name: impl Into<String>, kind: impl Into<String>) -> NetworksPost {
        NetworksPost {
            name: name.into(),
            kind: kind.into(),
            ..Default::default()
        }
    }

    /// A bridge `name`. Without options the daemon gives it fresh IPv4 and
    /// IPv6 subnets with NAT; set `ipv4.address` and `ipv6.address` (a CIDR
    /// or `none`) to choose.
    #[must_use]
    pub fn bridge(name: impl Into<String>) -> NetworksPost {
        NetworksPost::new(name, "bridge")
    }

    /// A macvlan network `name` on the host interface `parent`.
    #[must_use]
    pub fn macvlan(name: impl Into<String>, parent: impl Into<String>) -> NetworksPost {
        NetworksPost::new(name, "macvlan").config("parent", parent)
    }

    /// Sets the network option `key` (`ipv4.address`, `bridge.mtu`, …).
    #[must_use]
    pub fn config(mut self, key: impl Into<String>, value: impl Into<String>) -> NetworksPost {
        self.config.insert(key.into(), value.into());
        self
    }

    /// Sets the description.
    #[must_use]
    pub fn description(mut self, description: impl Into<String>) -> NetworksPost {
        self.description = description.into();
        self
    }
}

/// A network rename (POST /1.0/networks/{name}).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NetworkPost {
    /// New name. Example: `br-lab2`
    pub name: String,
}

impl NetworkPost {
    /// A rename to `name`.
    #[must_use]
    pub fn new(name: impl Into<String>) -> NetworkPost {
        NetworkPost { name: name.into() }
    }
}

/// One DHCP lease or reserved address of a managed network.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NetworkLease {
    /// Host name the lease is for (`<network>.gw` for the gateway). Example: `c1`
    pub hostname: String,
    /// MAC address of the holder; empty for the gateway. Example: `10:66:6a:2c:89:d9`
    pub hwaddr: String,
    /// The leased IP address. Example: `10.0.0.98`
    pub address: String,
    /// `dynamic`, `static` or `gateway`. Example: `dynamic`
    #[serde(rename = "type")]
    pub kind: String,
    /// Cluster member holding the lease. API extension: network_leases_location.
    pub location: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_bodies() {
        let network: Network = serde_json::from_str(
            r#"{"config":{"ipv4.address":"192.0.2.1/24","ipv6.address":"none"},"description":"Lab",
                "name":"br0","type":"bridge","used_by":null,"managed":true,"status":"Created",
                "locations":["none"],"project":"default","x":1}"#,
        )
        .unwrap();
        assert_eq!(network.kind, "bridge");
        assert!(network.managed);
        assert!(network.used_by.is_empty());
        assert_eq!(network.locations, ["none"]);
        let put = network.writable();
        let body = serde_json::to_value(&put).unwrap();
        assert_eq!(
            body,
            serde_json::json!({"description": "Lab",
                "config": {"ipv4.address": "192.0.2.1/24", "ipv6.address": "none"}})
        );
        assert_eq!(serde_json::from_value::<NetworkPut>(body).unwrap(), put);
        // A PATCH body names only what was set.
        let patch = NetworkPut {
            description: Some("x".into()),
            ..Default::default()
        };
        assert_eq!(
            serde_json::to_string(&patch).unwrap(),
            r#"{"description":"x"}"#
        );
        // An unmanaged interface: null locations, empty status.
        let eth0: Network = serde_json::from_str(
            r#"{"config":{},"name":"eth0","type":"physical","managed":false,"status":"","locations":null}"#,
        )
        .unwrap();
        assert!(!eth0.managed && eth0.locations.is_empty());
    }

    #[test]
    fn create_rename_and_lease_bodies() {
        let post = NetworksPost::bridge("br0")
            .config("ipv4.address", "none")
            .description("lab");
        let body = serde_json::to_value(&post).unwrap();
        assert_eq!(
            body,
            serde_json::json!({"name": "br0", "type": "bridge", "description": "lab",
                "config": {"ipv4.address": "none"}})
        );
        assert_eq!(serde_json::from_value::<NetworksPost>(body).unwrap(), post);
        let macvlan = NetworksPost::macvlan("mv0", "br0");
        assert_eq!(
            serde_json::to_value(&macvlan).unwrap(),
            serde_json::json!({"name": "mv0", "type": "macvlan", "config": {"parent": "br0"}})
        );
        // No kind: the daemon's default (a bridge).
        let plain = NetworksPost {
            name: "n".into(),
            ..Default::default()
        };
        assert_eq!(serde_json::to_string(&plain).unwrap(), r#"{"name":"n"}"#);
        assert_eq!(
            serde_json::to_string(&NetworkPost::new("br1")).unwrap(),
            r#"{"name":"br1"}"#
        );

        let lease: NetworkLease = serde_json::from_str(
            r#"{"hostname":"br0.gw","hwaddr":"","address":"192.0.2.1","type":"gateway","location":""}"#,
        )
        .unwrap();
        assert_eq!(lease.kind, "gateway");
        assert_eq!(
            serde_json::from_value::<NetworkLease>(serde_json::to_value(&lease).unwrap()).unwrap(),
            lease
        );
    }
}
