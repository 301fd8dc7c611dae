//! A network interface's state on the host: addresses, counters, and what
//! a bond, bridge, VLAN or OVN network adds.

use serde::{Deserialize, Serialize};

use super::null_default;

/// The host-side state of a network's interface (GET /1.0/networks/{name}/state).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NetworkState {
    /// Addresses on the interface.
    #[serde(deserialize_with = "null_default")]
    pub addresses: Vec<NetworkStateAddress>,
    /// Traffic counters.
    #[serde(deserialize_with = "null_default")]
    pub counters: NetworkStateCounters,
    /// Hardware (MAC) address. Example: `10:66:6a:5a:83:57`
    pub hwaddr: String,
    /// Largest packet the interface sends, in bytes. Example: `1500`
    pub mtu: i64,
    /// Link state: `up` or `down`.
    pub state: String,
    /// Link type (`broadcast`, `loopback`, `point-to-point`, …). Example: `broadcast`
    #[serde(rename = "type")]
    pub kind: String,
    /// Bond details; `None` unless the interface is a bond. API extension: network_state_bond_bridge.
    pub bond: Option<NetworkStateBond>,
    /// Bridge details; `None` unless it is a bridge. API extension: network_state_bond_bridge.
    pub bridge: Option<NetworkStateBridge>,
    /// VLAN details; `None` unless it is a VLAN. API extension: network_state_vlan.
    pub vlan: Option<NetworkStateVLAN>,
    /// OVN details; `None` unless it is an OVN network. API extension: network_state_ovn.
    pub ovn: Option<NetworkStateOVN>,
}

/// One IP address on a network interface.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NetworkStateAddress {
    /// `inet` (IPv4) or `inet6` (IPv6).
    pub family: String,
    /// The address itself. Example: `192.0.2.1`
    pub address: String,
    /// Prefix length. Example: `24`
    pub netmask: String,
    /// Where the address is valid: `global`, `link` or `local`.
    pub scope: String,
}

/// Traffic counters of a network interface.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NetworkStateCounters {
    /// Bytes in. Example: `250542118`
    pub bytes_received: i64,
    /// Bytes out. Example: `17524040140`
    pub bytes_sent: i64,
    /// Packets in. Example: `1182515`
    pub packets_received: i64,
    /// Packets out. Example: `1567934`
    pub packets_sent: i64,
}

/// What a bond interface reports.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NetworkStateBond {
    /// Bonding mode. Example: `802.3ad`
    pub mode: String,
    /// How outgoing traffic is spread over the members. Example: `layer3+4`
    pub transmit_policy: String,
    /// Wait before using a member whose link came up, in ms. Example: `0`
    pub up_delay: u64,
    /// Wait before dropping a member whose link went down, in ms. Example: `0`
    pub down_delay: u64,
    /// Interval between link checks (MII), in ms. Example: `100`
    pub mii_frequency: u64,
    /// Link state seen by those checks. Example: `up`
    pub mii_state: String,
    /// Interfaces in the bond. Example: `["eth0", "eth1"]`
    #[serde(deserialize_with = "null_default")]
    pub lower_devices: Vec<String>,
}

/// What a bridge interface reports.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NetworkStateBridge {
    /// Bridge identifier (priority and MAC). Example: `8000.0a0f7c6edbd9`
    pub id: String,
    /// Whether spanning tree is on.
    pub stp: bool,
    /// Wait before a new port forwards traffic, in ms. Example: `1500`
    pub forward_delay: u64,
    /// VLAN given to untagged traffic. Example: `1`
    pub vlan_default: u64,
    /// Whether the bridge filters by VLAN.
    pub vlan_filtering: bool,
    /// Interfaces attached to the bridge (an instance's host-side `veth…`). Example: `["veth1a2b3c4d"]`
    #[serde(deserialize_with = "null_default")]
    pub upper_devices: Vec<String>,
}

/// What a VLAN interface reports.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NetworkStateVLAN {
    /// Interface the VLAN rides on. Example: `eth0`
    pub lower_device: String,
    /// VLAN number. Example: `100`
    pub vid: u64,
}

/// What an OVN network reports.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NetworkStateOVN {
    /// Chassis (cluster member) hosting the network's gateway. Example: `server01`
    pub chassis: String,
    /// Name of its OVN logical router. Example: `incus-net1-lr`. API extension: network_state_ovn_lr.
    pub logical_router: String,
    /// Name of its internal OVN logical switch. Example: `incus-net1-ls-int`. API extension: network_state_ovn_ls.
    pub logical_switch: String,
    /// Its IPv4 address on the uplink. Example: `10.0.0.1`. API extension: network_ovn_state_addresses.
    pub uplink_ipv4: String,
    /// Its IPv6 address on the uplink. Example: `2001:db8::1`. API extension: network_ovn_state_addresses.
    pub uplink_ipv6: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let state: NetworkState = serde_json::from_str(
            r#"{"addresses":[{"family":"inet","address":"192.0.2.1","netmask":"24","scope":"global"}],
                "counters":{"bytes_received":1,"bytes_sent":2,"packets_received":3,"packets_sent":4},
                "hwaddr":"10:66:6a:16:3d:b0","mtu":1500,"state":"up","type":"broadcast","bond":null,
                "bridge":{"id":"8000.10666a163db0","stp":false,"forward_delay":1500,"vlan_default":0,
                          "vlan_filtering":false,"upper_devices":null},
                "vlan":null,"ovn":null,"x":1}"#,
        )
        .unwrap();
        assert_eq!(state.addresses[0].netmask, "24");
        assert_eq!(state.counters.packets_sent, 4);
        let bridge = state.bridge.as_ref().unwrap();
        assert_eq!(bridge.forward_delay, 1500);
        assert!(bridge.upper_devices.is_empty());
        assert!(state.bond.is_none() && state.vlan.is_none() && state.ovn.is_none());
        let again: NetworkState =
            serde_json::from_value(serde_json::to_value(&state).unwrap()).unwrap();
        assert_eq!(again, state);

        // The other kinds' parts, and null counters.
        let other: NetworkState = serde_json::from_str(
            r#"{"counters":null,"addresses":null,
                "bond":{"mode":"802.3ad","transmit_policy":"layer3+4","up_delay":0,"down_delay":0,
                        "mii_frequency":100,"mii_state":"up","lower_devices":["eth0","eth1"]},
                "vlan":{"lower_device":"eth0","vid":100},
                "ovn":{"chassis":"server01","logical_router":"incus-net1-lr","uplink_ipv4":"10.0.0.1"}}"#,
        )
        .unwrap();
        assert_eq!(other.counters, NetworkStateCounters::default());
        assert_eq!(other.bond.unwrap().lower_devices, ["eth0", "eth1"]);
        assert_eq!(other.vlan.unwrap().vid, 100);
        let ovn = other.ovn.unwrap();
        assert_eq!(ovn.logical_router, "incus-net1-lr");
        assert!(ovn.uplink_ipv6.is_empty());
    }
}
