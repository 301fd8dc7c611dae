//! Network address sets: named lists of addresses that ACL rules match on.
//! API extension: network_address_set (newer than Incus 6.0.4).

use serde::{Deserialize, Serialize};

use super::{ConfigMap, null_default};

/// A network address set, as read.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NetworkAddressSet {
    /// Name of the set (ACL rules refer to it as `$name`). Example: `web`
    pub name: String,
    /// Free-text description. Example: `Web servers`
    pub description: String,
    /// Its IPv4 and IPv6 addresses, with or without a prefix length. Example: `["192.0.2.1", "2001:db8::/64"]`
    #[serde(deserialize_with = "null_default")]
    pub addresses: Vec<String>,
    /// Set options, key to value (`user.*` keys).
    #[serde(deserialize_with = "null_default")]
    pub config: ConfigMap,
    /// URLs of the ACLs that use it. Read only.
    #[serde(deserialize_with = "null_default")]
    pub used_by: Vec<String>,
    /// Project the set belongs to. Read only.
    pub project: String,
}

impl NetworkAddressSet {
    /// The writable part, ready to change and send back with
    /// [`Client::replace_network_address_set`](crate::Client::replace_network_address_set).
    pub fn writable(&self) -> NetworkAddressSetPut {
        NetworkAddressSetPut {
            description: Some(self.description.clone()),
            addresses: self.addresses.clone(),
            config: self.config.clone(),
        }
    }
}

/// The writable fields of an address set (PUT and PATCH).
///
/// Unset fields are left out of the request: PATCH keeps their current
/// value, PUT clears them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NetworkAddressSetPut {
    /// Free-text description. Example: `Web servers`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The addresses; a list sent replaces the current one whole.
    #[serde(
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "null_default"
    )]
    pub addresses: Vec<String>,
    /// Set options; with PATCH, keys are merged into the current ones.
    #[serde(
        skip_serializing_if = "ConfigMap::is_empty",
        deserialize_with = "null_default"
    )]
    pub config: ConfigMap,
}

/// A new address set (POST /1.0/network-address-sets).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NetworkAddressSetsPost {
    /// Name of the new set. Example: `web`
    pub name: String,
    /// Free-text description. Example: `Web servers`
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Its addresses. Example: `["192.0.2.1", "2001:db8::1"]`
    #[serde(
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "null_default"
    )]
    pub addresses: Vec<String>,
    /// Set options, key to value.
    #[serde(
        skip_serializing_if = "ConfigMap::is_empty",
        deserialize_with = "null_default"
    )]
    pub config: ConfigMap,
}

/// An address set rename (POST /1.0/network-address-sets/{name}).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NetworkAddressSetPost {
    /// New name. Example: `web-2`
    pub name: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_patch_bodies() {
        let set: NetworkAddressSet = serde_json::from_str(
            r#"{"name":"web","description":"Web servers","addresses":["192.0.0.1","2001:0db8:1234::1"],
                "config":null,"used_by":["/1.0/network-acls/foo"],"project":"project1","x":1}"#,
        )
        .unwrap();
        assert_eq!(set.addresses[1], "2001:0db8:1234::1");
        assert!(set.config.is_empty());
        let put = set.writable();
        let body = serde_json::to_value(&put).unwrap();
        assert_eq!(
            serde_json::from_value::<NetworkAddressSetPut>(body).unwrap(),
            put
        );
        let patch = NetworkAddressSetPut {
            addresses: vec!["192.0.2.1".into()],
            ..Default::default()
        };
        assert_eq!(
            serde_json::to_string(&patch).unwrap(),
            r#"{"addresses":["192.0.2.1"]}"#
        );
        let post = NetworkAddressSetsPost {
            name: "web".into(),
            ..Default::default()
        };
        assert_eq!(serde_json::to_string(&post).unwrap(), r#"{"name":"web"}"#);
    }
}
