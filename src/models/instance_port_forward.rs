//! Connecting to a TCP port inside an instance.

use serde::{Deserialize, Serialize};

/// Where [`Client::connect_instance_port_forward`] connects inside the
/// instance. API extension: instance_port_forward.
///
/// [`Client::connect_instance_port_forward`]: crate::Client::connect_instance_port_forward
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct InstancePortForwardPost {
    /// The IP address inside the instance; empty means `127.0.0.1`. Example: `127.0.0.1`
    #[serde(skip_serializing_if = "String::is_empty")]
    pub address: String,
    /// The TCP port (1 to 65535). Example: `80`
    pub port: u16,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_round_trip() {
        let post = InstancePortForwardPost {
            address: "::1".into(),
            port: 80,
        };
        let body = serde_json::to_string(&post).unwrap();
        assert_eq!(body, r#"{"address":"::1","port":80}"#);
        assert_eq!(
            serde_json::from_str::<InstancePortForwardPost>(&body).unwrap(),
            post
        );
        let local = InstancePortForwardPost {
            port: 22,
            ..Default::default()
        };
        assert_eq!(serde_json::to_string(&local).unwrap(), r#"{"port":22}"#);
    }
}
