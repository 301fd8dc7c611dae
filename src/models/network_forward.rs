//! Network forwards: traffic to a listen address (on chosen ports, or all
//! of it) sent on to addresses inside the network.

use serde::{Deserialize, Serialize};

use super::{ConfigMap, is_false, null_default};

/// A network forward, as read.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NetworkForward {
    /// The address the forward listens on; its name in the API. Example: `192.0.2.1`
    pub listen_address: String,
    /// Free-text description. Example: `Public web address`
    pub description: String,
    /// Options: `target_address` (where unmatched traffic goes) and `user.*` keys.
    #[serde(deserialize_with = "null_default")]
    pub config: ConfigMap,
    /// Port rules, each sending some listen ports to one target address.
    #[serde(deserialize_with = "null_default")]
    pub ports: Vec<NetworkForwardPort>,
    /// Cluster member the forward lives on (`none` outside a cluster). Read only.
    pub location: String,
}

impl NetworkForward {
    /// The writable part, ready to change and send back with
    /// [`Client::replace_network_forward`](crate::Client::replace_network_forward).
    pub fn writable(&self) -> NetworkForwardPut {
        NetworkForwardPut {
            description: Some(self.description.clone()),
            config: self.config.clone(),
            ports: self.ports.clone(),
        }
    }
}

/// The writable fields of a forward (PUT and PATCH).
///
/// Unset fields are left out of the request, but `config`, which is always
/// sent (see below). PUT clears what is left out. Incus 6.0.4's PATCH
/// merges `config` keys into the current ones and replaces the ports when
/// some are sent, but clears the description when none is sent.
///
/// `config` is sent even when empty (`{}`, which PUT reads as "no keys" and
/// PATCH as "change no key"): Incus 6.0.4 fails a PATCH without it on a
/// forward that has config keys (its handler panics and drops the
/// connection).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NetworkForwardPut {
    /// Free-text description. Example: `Public web address`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Options: `target_address` and `user.*` keys; with PATCH, merged into the current ones.
    #[serde(deserialize_with = "null_default")]
    pub config: ConfigMap,
    /// Port rules; when sent, they replace all current ones.
    #[serde(
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "null_default"
    )]
    pub ports: Vec<NetworkForwardPort>,
}

/// A new forward (POST /1.0/networks/{network}/forwards).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NetworkForwardsPost {
    /// The address to listen on: one IP address, no prefix length. Example: `192.0.2.1`
    pub listen_address: String,
    /// Free-text description.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Options: `target_address` and `user.*` keys.
    #[serde(
        skip_serializing_if = "ConfigMap::is_empty",
        deserialize_with = "null_default"
    )]
    pub config: ConfigMap,
    /// Port rules, each sending some listen ports to one target address.
    #[serde(
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "null_default"
    )]
    pub ports: Vec<NetworkForwardPort>,
}

impl NetworkForwardsPost {
    /// A forward listening on `listen_address`, with no rules yet.
    #[must_use]
    pub fn new(listen_address: impl Into<String>) -> NetworkForwardsPost {
        NetworkForwardsPost {
            listen_address: listen_address.into(),
            ..Default::default()
        }
    }

    /// Sets the description. Defaults to none.
    #[must_use]
    pub fn description(mut self, description: impl Into<String>) -> NetworkForwardsPost {
        self.description = description.into();
        self
    }

    /// Sends the traffic no port rule matches to `address` (the
    /// `target_address` option). Defaults to none: such traffic is dropped.
    #[must_use]
    pub fn target_address(mut self, address: impl Into<String>) -> NetworkForwardsPost {
        self.config.insert("target_address".into(), address.into());
        self
    }

    /// Adds a port rule.
    #[must_use]
    pub fn port(mut self, port: NetworkForwardPort) -> NetworkForwardsPost {
        self.ports.push(port);
        self
    }
}

/// One port rule of a forward: listen ports sent to a target address.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NetworkForwardPort {
    /// Free-text description. Example: `Web server`
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// `tcp` or `udp`. Example: `tcp`
    pub protocol: String,
    /// Ports to listen on: numbers and ranges, comma-separated. Example: `80,8080-8090`
    pub listen_port: String,
    /// Address inside the network to send them to. Example: `192.0.2.2`
    pub target_address: String,
    /// Ports to send them to; empty means the listen ports. Example: `80`
    #[serde(skip_serializing_if = "String::is_empty")]
    pub target_port: String,
    /// Also rewrite the target's new outgoing traffic to come from the listen address. API extension: network_forward_snat
    #[serde(skip_serializing_if = "is_false")]
    pub snat: bool,
}

impl NetworkForwardPort {
    /// A TCP rule: `listen_port` (`"80"`, `"80,443"`, `"8000-8010"`) sent
    /// to the same ports on `target_address`.
    #[must_use]
    pub fn tcp(
        listen_port: impl Into<String>,
        target_address: impl Into<String>,
    ) -> NetworkForwardPort {
        NetworkForwardPort {
            protocol: "tcp".into(),
            listen_port: listen_port.into(),
            target_address: target_address.into(),
            ..Default::default()
        }
    }

    /// A UDP rule, as [`NetworkForwardPort::tcp`].
    #[must_use]
    pub fn udp(
        listen_port: impl Into<String>,
        target_address: impl Into<String>,
    ) -> NetworkForwardPort {
        NetworkForwardPort {
            protocol: "udp".into(),
            ..NetworkForwardPort::tcp(listen_port, target_address)
        }
    }

    /// Sends the traffic to `target_port` (one port, or as many as the
    /// listen ports). Defaults to the listen ports.
    #[must_use]
    pub fn target_port(mut self, target_port: impl Into<String>) -> NetworkForwardPort {
        self.target_port = target_port.into();
        self
    }

    /// Sets the description. Defaults to none.
    #[must_use]
    pub fn description(mut self, description: impl Into<String>) -> NetworkForwardPort {
        self.description = description.into();
        self
    }

    /// Rewrites the target's new outgoing traffic to come from the listen
    /// address. API extension `network_forward_snat`, newer than Incus 6.0.
    /// Defaults to off.
    #[must_use]
    pub fn snat(mut self) -> NetworkForwardPort {
        self.snat = true;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_bodies() {
        let forward: NetworkForward = serde_json::from_str(
            r#"{"listen_address":"192.0.2.1","description":"My public IP forward",
                "config":{"target_address":"198.51.100.2"},"location":"server01","x":1,
                "ports":[{"description":"web","protocol":"tcp","listen_port":"80,81,8080-8090",
                          "target_address":"198.51.100.2","target_port":"80,81,8080-8090",
                          "snat":false}]}"#,
        )
        .unwrap();
        assert_eq!(forward.location, "server01");
        assert_eq!(forward.ports[0].listen_port, "80,81,8080-8090");
        let put = forward.writable();
        assert_eq!(put.description.as_deref(), Some("My public IP forward"));
        let body = serde_json::to_value(&put).unwrap();
        assert_eq!(body["config"]["target_address"], "198.51.100.2");
        assert!(body["ports"][0].get("snat").is_none(), "{body}");
        assert_eq!(
            serde_json::from_value::<NetworkForwardPut>(body).unwrap(),
            put
        );
        let nulls: NetworkForward =
            serde_json::from_str(r#"{"listen_address":"192.0.2.1","config":null,"ports":null}"#)
                .unwrap();
        assert!(nulls.config.is_empty() && nulls.ports.is_empty());
        // A PATCH body names only what was set.
        let patch = NetworkForwardPut {
            description: Some("x".into()),
            ..Default::default()
        };
        assert_eq!(
            serde_json::to_string(&patch).unwrap(),
            r#"{"description":"x","config":{}}"#
        );
    }

    #[test]
    fn constructors_build_the_create_body() {
        let new = NetworkForwardsPost::new("192.0.2.1")
            .description("web")
            .target_address("192.0.2.2")
            .port(NetworkForwardPort::tcp("80,443", "192.0.2.3").description("https"))
            .port(
                NetworkForwardPort::udp("5353", "192.0.2.4")
                    .target_port("53")
                    .snat(),
            );
        assert_eq!(
            serde_json::to_value(&new).unwrap(),
            serde_json::json!({
                "listen_address": "192.0.2.1", "description": "web",
                "config": {"target_address": "192.0.2.2"},
                "ports": [
                    {"description": "https", "protocol": "tcp", "listen_port": "80,443",
                     "target_address": "192.0.2.3"},
                    {"protocol": "udp", "listen_port": "5353", "target_address": "192.0.2.4",
                     "target_port": "53", "snat": true},
                ],
            })
        );
        assert_eq!(
            serde_json::to_string(&NetworkForwardsPost::new("2001:db8::1")).unwrap(),
            r#"{"listen_address":"2001:db8::1"}"#
        );
    }
}
