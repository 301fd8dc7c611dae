//! Network allocations: which object holds which address, across every
//! managed network.

use serde::{Deserialize, Serialize};

/// One address (or subnet) in use and what holds it (GET /1.0/network-allocations).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NetworkAllocations {
    /// The address or subnet, in CIDR form. Example: `192.0.2.1/24`
    pub addresses: String,
    /// URL of the holder. Example: `/1.0/networks/br0`
    pub used_by: String,
    /// Kind of holder: `network`, `network-forward`, `load-balancer` or `instance`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Whether the holder's network masquerades its outgoing traffic (NAT).
    pub nat: bool,
    /// MAC address of the holder, when it has one (an instance's NIC). Example: `10:66:6a:2c:89:d9`
    pub hwaddr: String,
    /// Name of the network the address is on. API extension: network_allocations_network.
    pub network: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let list: Vec<NetworkAllocations> = serde_json::from_str(
            r#"[{"addresses":"192.0.2.1/24","hwaddr":"","nat":false,"type":"network",
                 "used_by":"/1.0/networks/br0"},
                {"addresses":"192.0.2.10/32","hwaddr":"10:66:6a:2c:89:d9","nat":true,
                 "type":"instance","used_by":"/1.0/instances/c1","network":"br0","x":1}]"#,
        )
        .unwrap();
        assert_eq!(list[0].kind, "network");
        assert!(list[0].network.is_empty());
        assert!(list[1].nat);
        assert_eq!(list[1].network, "br0");
        let again: Vec<NetworkAllocations> =
            serde_json::from_value(serde_json::to_value(&list).unwrap()).unwrap();
        assert_eq!(again, list);
    }
}
