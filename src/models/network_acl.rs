//! Network ACLs: named sets of traffic rules that networks and instance
//! NICs apply.

use serde::{Deserialize, Serialize};

use super::{ConfigMap, null_default};

/// One traffic rule of an ACL, in its ingress or egress list.
///
/// `action` and `state` are always sent; the other fields are left out when
/// empty (no match on them).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NetworkACLRule {
    /// What to do with matching traffic: `allow`, `allow-stateless`, `drop` or `reject`.
    pub action: String,
    /// Sources to match (CIDRs, ranges, `@internal`, `@external`, ACL names), comma-separated. Example: `@internal`
    #[serde(skip_serializing_if = "String::is_empty")]
    pub source: String,
    /// Destinations to match, in the same forms as `source`. Example: `192.0.2.1/32`
    #[serde(skip_serializing_if = "String::is_empty")]
    pub destination: String,
    /// Protocol to match: `icmp4`, `icmp6`, `tcp` or `udp`. Example: `udp`
    #[serde(skip_serializing_if = "String::is_empty")]
    pub protocol: String,
    /// Source ports or ranges (TCP and UDP), comma-separated. Example: `1234`
    #[serde(skip_serializing_if = "String::is_empty")]
    pub source_port: String,
    /// Destination ports or ranges (TCP and UDP), comma-separated. Example: `53`
    #[serde(skip_serializing_if = "String::is_empty")]
    pub destination_port: String,
    /// ICMP type to match (ICMP protocols only). Example: `8`
    #[serde(skip_serializing_if = "String::is_empty")]
    pub icmp_type: String,
    /// ICMP code to match (ICMP protocols only). Example: `0`
    #[serde(skip_serializing_if = "String::is_empty")]
    pub icmp_code: String,
    /// Free-text description of the rule. Example: `DNS to the resolver`
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Whether the rule applies: `enabled`, `disabled` or `logged`.
    pub state: String,
}

impl NetworkACLRule {
    /// An enabled rule with `action` that matches all traffic until fields
    /// are set: `NetworkACLRule::new("allow")`.
    pub fn new(action: impl Into<String>) -> NetworkACLRule {
        NetworkACLRule {
            action: action.into(),
            state: "enabled".into(),
            ..Default::default()
        }
    }
}

/// A network ACL, as read.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NetworkACL {
    /// Name of the ACL. Example: `web`
    pub name: String,
    /// Free-text description. Example: `Web servers`
    pub description: String,
    /// Rules for traffic entering the instances the ACL applies to.
    #[serde(deserialize_with = "null_default")]
    pub ingress: Vec<NetworkACLRule>,
    /// Rules for traffic leaving the instances the ACL applies to.
    #[serde(deserialize_with = "null_default")]
    pub egress: Vec<NetworkACLRule>,
    /// ACL options, key to value (`user.*` keys). Example: `{"user.owner": "web"}`
    #[serde(deserialize_with = "null_default")]
    pub config: ConfigMap,
    /// URLs of the networks, NICs and ACLs that use it. Read only.
    #[serde(deserialize_with = "null_default")]
    pub used_by: Vec<String>,
    /// Project the ACL belongs to. Read only. API extension: network_acls_all_projects
    pub project: String,
}

impl NetworkACL {
    /// The writable part, ready to change and send back with
    /// [`Client::replace_network_acl`](crate::Client::replace_network_acl).
    pub fn writable(&self) -> NetworkACLPut {
        NetworkACLPut {
            description: Some(self.description.clone()),
            ingress: self.ingress.clone(),
            egress: self.egress.clone(),
            config: self.config.clone(),
        }
    }
}

/// The writable fields of an ACL (PUT and PATCH).
///
/// Unset fields are left out of the request: PATCH keeps their current
/// value, PUT clears them (an empty rule list removes every rule).
///
/// `config` is the exception: it is always sent, `{}` when empty (on PATCH
/// no keys to merge, on PUT no config, as if left out). Incus 6.0.4 drops
/// the connection on a PATCH without it when the object has config.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NetworkACLPut {
    /// Free-text description. Example: `Web servers`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Ingress rules; a list sent replaces the current one whole.
    #[serde(
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "null_default"
    )]
    pub ingress: Vec<NetworkACLRule>,
    /// Egress rules; a list sent replaces the current one whole.
    #[serde(
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "null_default"
    )]
    pub egress: Vec<NetworkACLRule>,
    /// ACL options; with PATCH, keys are merged into the current ones. Always sent.
    #[serde(deserialize_with = "null_default")]
    pub config: ConfigMap,
}

/// A new ACL (POST /1.0/network-acls).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NetworkACLsPost {
    /// Name of the new ACL: letters, digits and `-`. Example: `web`
    pub name: String,
    /// Free-text description. Example: `Web servers`
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Rules for traffic entering the instances the ACL applies to.
    #[serde(
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "null_default"
    )]
    pub ingress: Vec<NetworkACLRule>,
    /// Rules for traffic leaving the instances the ACL applies to.
    #[serde(
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "null_default"
    )]
    pub egress: Vec<NetworkACLRule>,
    /// ACL options, key to value.
    #[serde(
        skip_serializing_if = "ConfigMap::is_empty",
        deserialize_with = "null_default"
    )]
    pub config: ConfigMap,
}

/// An ACL rename (POST /1.0/network-acls/{name}).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NetworkACLPost {
    /// New name. Example: `web-2`
    pub name: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_patch_bodies() {
        let acl: NetworkACL = serde_json::from_str(
            r#"{"name":"web","description":"Web servers","config":{"user.a":"b"},
                "ingress":[{"action":"allow","protocol":"udp","destination_port":"53",
                            "source":"@internal","state":"enabled"}],
                "egress":null,"used_by":["/1.0/networks/br0"],"project":"default","x":1}"#,
        )
        .unwrap();
        assert_eq!(acl.ingress[0].destination_port, "53");
        assert!(acl.egress.is_empty());
        assert_eq!(acl.used_by, ["/1.0/networks/br0"]);
        let put = acl.writable();
        let body = serde_json::to_value(&put).unwrap();
        assert_eq!(
            body["ingress"][0],
            serde_json::json!({"action": "allow", "protocol": "udp", "destination_port": "53",
                               "source": "@internal", "state": "enabled"})
        );
        assert_eq!(serde_json::from_value::<NetworkACLPut>(body).unwrap(), put);
        let patch = NetworkACLPut {
            egress: vec![NetworkACLRule::new("drop")],
            ..Default::default()
        };
        assert_eq!(
            serde_json::to_string(&patch).unwrap(),
            r#"{"egress":[{"action":"drop","state":"enabled"}],"config":{}}"#
        );
        let post = NetworkACLsPost {
            name: "web".into(),
            ..Default::default()
        };
        assert_eq!(serde_json::to_string(&post).unwrap(), r#"{"name":"web"}"#);
    }
}
