//! Network integrations: links from this server to outside network
//! systems (an OVN interconnection).

use serde::{Deserialize, Serialize};

use super::{ConfigMap, null_default};

/// A network integration, as read.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NetworkIntegration {
    /// Name of the integration. Example: `region1`
    pub name: String,
    /// Free-text description. Example: `OVN interconnection for region1`
    pub description: String,
    /// Kind of integration; Incus knows `ovn`. Read only after creation.
    #[serde(rename = "type")]
    pub kind: String,
    /// Integration options, key to value. Example: `{"ovn.northbound_connection": "tcp:192.0.2.1:6645"}`
    #[serde(deserialize_with = "null_default")]
    pub config: ConfigMap,
    /// URLs of the networks and peers that use it. Read only.
    #[serde(deserialize_with = "null_default")]
    pub used_by: Vec<String>,
}

impl NetworkIntegration {
    /// The writable part, ready to change and send back with
    /// [`Client::replace_network_integration`](crate::Client::replace_network_integration).
    pub fn writable(&self) -> NetworkIntegrationPut {
        NetworkIntegrationPut {
            description: Some(self.description.clone()),
            config: self.config.clone(),
        }
    }
}

/// The writable fields of an integration (PUT and PATCH).
///
/// Unset fields are left out of the request: PATCH keeps their current
/// value, PUT clears them.
///
/// `config` is the exception: it is always sent, `{}` when empty (on PATCH
/// no keys to merge, on PUT no config, as if left out). Incus 6.0.4 drops
/// the connection on a PATCH without it when the object has config.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NetworkIntegrationPut {
    /// Free-text description. Example: `OVN interconnection for region1`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Integration options; with PATCH, keys are merged. Always sent.
    #[serde(deserialize_with = "null_default")]
    pub config: ConfigMap,
}

/// A new integration (POST /1.0/network-integrations).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NetworkIntegrationsPost {
    /// Name of the new integration. Example: `region1`
    pub name: String,
    /// Kind of integration: `ovn`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Free-text description.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Integration options, key to value.
    #[serde(
        skip_serializing_if = "ConfigMap::is_empty",
        deserialize_with = "null_default"
    )]
    pub config: ConfigMap,
}

/// An integration rename (POST /1.0/network-integrations/{integration}).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NetworkIntegrationPost {
    /// New name. Example: `region2`
    pub name: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_patch_bodies() {
        let integration: NetworkIntegration = serde_json::from_str(
            r#"{"name":"region1","description":"d","type":"ovn","used_by":null,
                "config":{"ovn.northbound_connection":"tcp:192.0.2.1:6645"},"x":1}"#,
        )
        .unwrap();
        assert_eq!(integration.kind, "ovn");
        assert!(integration.used_by.is_empty());
        let put = integration.writable();
        let body = serde_json::to_value(&put).unwrap();
        assert_eq!(
            serde_json::from_value::<NetworkIntegrationPut>(body).unwrap(),
            put
        );
        assert_eq!(
            serde_json::to_string(&NetworkIntegrationPut::default()).unwrap(),
            r#"{"config":{}}"#
        );
        let post = NetworkIntegrationsPost {
            name: "region1".into(),
            kind: "ovn".into(),
            ..Default::default()
        };
        assert_eq!(
            serde_json::to_string(&post).unwrap(),
            r#"{"name":"region1","type":"ovn"}"#
        );
    }
}
