//! Network load balancers: traffic to a listen address spread over named
//! backends, and the backends' health. Incus serves them on OVN networks.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{ConfigMap, null_default};

/// A network load balancer, as read.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NetworkLoadBalancer {
    /// The address it listens on; its name in the API. Example: `192.0.2.1`
    pub listen_address: String,
    /// Free-text description. Example: `Public web address`
    pub description: String,
    /// Options: health checks (`healthcheck*`) and `user.*` keys.
    #[serde(deserialize_with = "null_default")]
    pub config: ConfigMap,
    /// The backends traffic can go to, each named.
    #[serde(deserialize_with = "null_default")]
    pub backends: Vec<NetworkLoadBalancerBackend>,
    /// Port rules, each spreading some listen ports over backends.
    #[serde(deserialize_with = "null_default")]
    pub ports: Vec<NetworkLoadBalancerPort>,
    /// Cluster member it lives on (`none` outside a cluster). Read only.
    pub location: String,
}

impl NetworkLoadBalancer {
    /// The writable part, ready to change and send back with
    /// [`Client::replace_network_load_balancer`](crate::Client::replace_network_load_balancer).
    pub fn writable(&self) -> NetworkLoadBalancerPut {
        NetworkLoadBalancerPut {
            description: Some(self.description.clone()),
            config: self.config.clone(),
            backends: self.backends.clone(),
            ports: self.ports.clone(),
        }
    }
}

/// The writable fields of a load balancer (PUT and PATCH).
///
/// Unset fields are left out of the request, but `config`, which is always
/// sent. PUT clears what is left out. Incus's PATCH merges `config` keys
/// into the current ones and keeps the backends and ports unless some are
/// sent, but clears the description when none is sent.
///
/// `config` is sent even when empty (`{}`, which PUT reads as "no keys" and
/// PATCH as "change no key"), as for [`NetworkForwardPut`](super::NetworkForwardPut):
/// Incus's PATCH handler fails without it on a load balancer that has
/// config keys.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NetworkLoadBalancerPut {
    /// Free-text description. Example: `Public web address`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Options; with PATCH, keys are merged into the current ones.
    #[serde(deserialize_with = "null_default")]
    pub config: ConfigMap,
    /// Backends; when sent, they replace all current ones.
    #[serde(
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "null_default"
    )]
    pub backends: Vec<NetworkLoadBalancerBackend>,
    /// Port rules; when sent, they replace all current ones.
    #[serde(
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "null_default"
    )]
    pub ports: Vec<NetworkLoadBalancerPort>,
}

/// A new load balancer (POST /1.0/networks/{network}/load-balancers).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NetworkLoadBalancersPost {
    /// The address to listen on: one IP address. Example: `192.0.2.1`
    pub listen_address: String,
    /// Free-text description.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Options: health checks and `user.*` keys.
    #[serde(
        skip_serializing_if = "ConfigMap::is_empty",
        deserialize_with = "null_default"
    )]
    pub config: ConfigMap,
    /// The backends traffic can go to, each named.
    #[serde(
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "null_default"
    )]
    pub backends: Vec<NetworkLoadBalancerBackend>,
    /// Port rules, each spreading some listen ports over backends.
    #[serde(
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "null_default"
    )]
    pub ports: Vec<NetworkLoadBalancerPort>,
}

impl NetworkLoadBalancersPost {
    /// A load balancer listening on `listen_address`, with no backends or
    /// rules yet.
    #[must_use]
    pub fn new(listen_address: impl Into<String>) -> NetworkLoadBalancersPost {
        NetworkLoadBalancersPost {
            listen_address: listen_address.into(),
            ..Default::default()
        }
    }

    /// Sets the description. Defaults to none.
    #[must_use]
    pub fn description(mut self, description: impl Into<String>) -> NetworkLoadBalancersPost {
        self.description = description.into();
        self
    }

    /// Adds a backend.
    #[must_use]
    pub fn backend(mut self, backend: NetworkLoadBalancerBackend) -> NetworkLoadBalancersPost {
        self.backends.push(backend);
        self
    }

    /// Adds a port rule.
    #[must_use]
    pub fn port(mut self, port: NetworkLoadBalancerPort) -> NetworkLoadBalancersPost {
        self.ports.push(port);
        self
    }
}

/// A named place a load balancer sends traffic: an address inside the
/// network, and optionally other ports.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NetworkLoadBalancerBackend {
    /// Name the port rules use for it. Example: `c1-http`
    pub name: String,
    /// Free-text description. Example: `Web server in c1`
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Address inside the network. Example: `192.0.2.2`
    pub target_address: String,
    /// Ports to send to; empty means the listen ports. Example: `80`
    #[serde(skip_serializing_if = "String::is_empty")]
    pub target_port: String,
}

impl NetworkLoadBalancerBackend {
    /// A backend `name` at `target_address`, on the listen ports.
    #[must_use]
    pub fn new(
        name: impl Into<String>,
        target_address: impl Into<String>,
    ) -> NetworkLoadBalancerBackend {
        NetworkLoadBalancerBackend {
            name: name.into(),
            target_address: target_address.into(),
            ..Default::default()
        }
    }

    /// Sends to `target_port` (one port, or as many as the listen ports).
    /// Defaults to the listen ports.
    #[must_use]
    pub fn target_port(mut self, target_port: impl Into<String>) -> NetworkLoadBalancerBackend {
        self.target_port = target_port.into();
        self
    }

    /// Sets the description. Defaults to none.
    #[must_use]
    pub fn description(mut self, description: impl Into<String>) -> NetworkLoadBalancerBackend {
        self.description = description.into();
        self
    }
}

/// One port rule of a load balancer: listen ports spread over backends.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NetworkLoadBalancerPort {
    /// Free-text description. Example: `Web`
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// `tcp` or `udp`. Example: `tcp`
    pub protocol: String,
    /// Ports to listen on: numbers and ranges, comma-separated. Example: `80,8080-8090`
    pub listen_port: String,
    /// Names of the backends to spread the traffic over. Example: `["c1-http", "c2-http"]`
    #[serde(deserialize_with = "null_default")]
    pub target_backend: Vec<String>,
}

impl NetworkLoadBalancerPort {
    /// A TCP rule: `listen_port` (`"80"`, `"80,443"`, `"8000-8010"`) spread
    /// over the backends named in `backends`.
    #[must_use]
    pub fn tcp<I, S>(listen_port: impl Into<String>, backends: I) -> NetworkLoadBalancerPort
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        NetworkLoadBalancerPort {
            protocol: "tcp".into(),
            listen_port: listen_port.into(),
            target_backend: backends.into_iter().map(Into::into).collect(),
            ..Default::default()
        }
    }

    /// A UDP rule, as [`NetworkLoadBalancerPort::tcp`].
    #[must_use]
    pub fn udp<I, S>(listen_port: impl Into<String>, backends: I) -> NetworkLoadBalancerPort
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        NetworkLoadBalancerPort {
            protocol: "udp".into(),
            ..NetworkLoadBalancerPort::tcp(listen_port, backends)
        }
    }

    /// Sets the description. Defaults to none.
    #[must_use]
    pub fn description(mut self, description: impl Into<String>) -> NetworkLoadBalancerPort {
        self.description = description.into();
        self
    }
}

/// The health of a load balancer's backends. API extension:
/// network_load_balancer_state
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NetworkLoadBalancerState {
    /// Each backend's health, by backend name.
    #[serde(deserialize_with = "null_default")]
    pub backend_health: BTreeMap<String, NetworkLoadBalancerStateBackendHealth>,
}

/// The health of one backend.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NetworkLoadBalancerStateBackendHealth {
    /// The backend's address. Example: `192.0.2.2`
    pub address: String,
    /// Each checked port's health.
    #[serde(deserialize_with = "null_default")]
    pub ports: Vec<NetworkLoadBalancerStateBackendHealthPort>,
}

/// The health of one port of a backend.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NetworkLoadBalancerStateBackendHealthPort {
    /// `tcp` or `udp`. Example: `tcp`
    pub protocol: String,
    /// The port checked. Example: `80`
    pub port: u16,
    /// What the health check found. Example: `online`
    pub status: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_bodies() {
        let lb: NetworkLoadBalancer = serde_json::from_str(
            r#"{"listen_address":"192.0.2.1","description":"My public IP load balancer",
                "config":{"user.a":"1"},"location":"server01",
                "backends":[{"name":"c1-http","description":"C1 webserver",
                             "target_address":"198.51.100.2","target_port":"80"}],
                "ports":[{"description":"web","protocol":"tcp","listen_port":"80,81,8080-8090",
                          "target_backend":["c1-http","c2-http"]}]}"#,
        )
        .unwrap();
        assert_eq!(lb.backends[0].target_port, "80");
        assert_eq!(lb.ports[0].target_backend, ["c1-http", "c2-http"]);
        let put = lb.writable();
        let body = serde_json::to_value(&put).unwrap();
        assert_eq!(body["backends"][0]["name"], "c1-http");
        assert_eq!(
            serde_json::from_value::<NetworkLoadBalancerPut>(body).unwrap(),
            put
        );
        let nulls: NetworkLoadBalancer = serde_json::from_str(
            r#"{"config":null,"backends":null,"ports":[{"target_backend":null}]}"#,
        )
        .unwrap();
        assert!(nulls.backends.is_empty() && nulls.ports[0].target_backend.is_empty());
        let patch = NetworkLoadBalancerPut {
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
        let new = NetworkLoadBalancersPost::new("192.0.2.1")
            .description("web")
            .backend(NetworkLoadBalancerBackend::new("c1", "192.0.2.2").target_port("8080"))
            .backend(NetworkLoadBalancerBackend::new("c2", "192.0.2.3").description("two"))
            .port(NetworkLoadBalancerPort::tcp("80", ["c1", "c2"]))
            .port(NetworkLoadBalancerPort::udp("53", vec![String::from("c2")]).description("dns"));
        assert_eq!(
            serde_json::to_value(&new).unwrap(),
            serde_json::json!({
                "listen_address": "192.0.2.1", "description": "web",
                "backends": [
                    {"name": "c1", "target_address": "192.0.2.2", "target_port": "8080"},
                    {"name": "c2", "description": "two", "target_address": "192.0.2.3"},
                ],
                "ports": [
                    {"protocol": "tcp", "listen_port": "80", "target_backend": ["c1", "c2"]},
                    {"description": "dns", "protocol": "udp", "listen_port": "53",
                     "target_backend": ["c2"]},
                ],
            })
        );
    }

    #[test]
    fn state_reads_the_health_of_each_backend() {
        let state: NetworkLoadBalancerState = serde_json::from_str(
            r#"{"backend_health":{"c1-http":{"address":"198.51.100.2",
                "ports":[{"protocol":"tcp","port":80,"status":"online"}]},
                "c2-http":{"address":"198.51.100.3","ports":null}}}"#,
        )
        .unwrap();
        let c1 = &state.backend_health["c1-http"];
        assert_eq!(c1.ports[0].port, 80);
        assert_eq!(c1.ports[0].status, "online");
        assert!(state.backend_health["c2-http"].ports.is_empty());
        let back = serde_json::to_value(&state).unwrap();
        assert_eq!(
            serde_json::from_value::<NetworkLoadBalancerState>(back).unwrap(),
            state
        );
        let empty: NetworkLoadBalancerState =
            serde_json::from_str(r#"{"backend_health":null}"#).unwrap();
        assert!(empty.backend_health.is_empty());
    }
}
