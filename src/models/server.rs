//! Server types: what `GET /1.0` answers (to trusted and untrusted clients)
//! and the body of `PUT` and `PATCH /1.0`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Server configuration as shown to an untrusted client (`GET /1.0` without trust).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ServerUntrusted {
    /// List of supported API extensions.
    ///
    /// Example: `["etag", "patch", "network", "storage"]`.
    /// Read only.
    #[serde(default, deserialize_with = "super::null_default")]
    pub api_extensions: Vec<String>,

    /// Support status of the current API (one of "devel", "stable" or "deprecated").
    ///
    /// Example: `stable`.
    /// Read only.
    pub api_status: String,

    /// API version number.
    ///
    /// Example: `1.0`.
    /// Read only.
    pub api_version: String,

    /// Whether the client is trusted (one of "trusted" or "untrusted").
    ///
    /// Example: `untrusted`.
    /// Read only.
    pub auth: String,

    /// List of supported authentication methods.
    ///
    /// Example: `["tls"]`.
    /// Read only.
    /// API extension: macaroon_authentication.
    #[serde(default, deserialize_with = "super::null_default")]
    pub auth_methods: Vec<String>,

    /// Server configuration map (refer to doc/server.md).
    ///
    /// Example: `{"core.https_address": ":8443"}`.
    #[serde(default, deserialize_with = "super::null_default")]
    pub config: super::ConfigMap,

    /// Whether the server is public-only (only public endpoints are implemented).
    ///
    /// Read only.
    pub public: bool,
}

/// Server configuration as shown to a trusted client (`GET /1.0`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Server {
    /// List of supported API extensions.
    ///
    /// Example: `["etag", "patch", "network", "storage"]`.
    /// Read only.
    #[serde(default, deserialize_with = "super::null_default")]
    pub api_extensions: Vec<String>,

    /// Support status of the current API (one of "devel", "stable" or "deprecated").
    ///
    /// Example: `stable`.
    /// Read only.
    pub api_status: String,

    /// API version number.
    ///
    /// Example: `1.0`.
    /// Read only.
    pub api_version: String,

    /// Whether the client is trusted (one of "trusted" or "untrusted").
    ///
    /// Example: `untrusted`.
    /// Read only.
    pub auth: String,

    /// List of supported authentication methods.
    ///
    /// Example: `["tls"]`.
    /// Read only.
    /// API extension: macaroon_authentication.
    #[serde(default, deserialize_with = "super::null_default")]
    pub auth_methods: Vec<String>,

    /// The current API user login method.
    ///
    /// Example: `unix`.
    /// Read only.
    /// API extension: auth_user.
    pub auth_user_method: String,

    /// The current API user identifier.
    ///
    /// Example: `uid=201105`.
    /// Read only.
    /// API extension: auth_user.
    pub auth_user_name: String,

    /// Server configuration map (refer to doc/server.md).
    ///
    /// Example: `{"core.https_address": ":8443"}`.
    #[serde(default, deserialize_with = "super::null_default")]
    pub config: super::ConfigMap,

    /// Read-only status and configuration information about the server.
    #[serde(default, deserialize_with = "super::null_default")]
    pub environment: ServerEnvironment,

    /// Whether the server is public-only (only public endpoints are implemented).
    ///
    /// Read only.
    pub public: bool,
}

/// Read-only environment fields of a server configuration.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ServerEnvironment {
    /// List of addresses the server is listening on.
    ///
    /// Example: `[":8443"]`.
    #[serde(default, deserialize_with = "super::null_default")]
    pub addresses: Vec<String>,

    /// List of architectures supported by the server.
    ///
    /// Example: `["x86_64", "i686"]`.
    #[serde(default, deserialize_with = "super::null_default")]
    pub architectures: Vec<String>,

    /// Server certificate as PEM encoded X509.
    pub certificate: String,

    /// Server certificate fingerprint as SHA256.
    ///
    /// Example: `fd200419b271f1dc2a5591b693cc5774b7f234e1ff8c6b78ad703b6888fe2b69`.
    pub certificate_fingerprint: String,

    /// List of supported instance drivers (separate by " | ").
    ///
    /// Example: `lxc | qemu`.
    pub driver: String,

    /// List of supported instance driver versions (separate by " | ").
    ///
    /// Example: `4.0.7 | 5.2.0`.
    pub driver_version: String,

    /// Current firewall driver.
    ///
    /// Example: `nftables`.
    /// API extension: firewall_driver.
    pub firewall: String,

    /// OS kernel name.
    ///
    /// Example: `Linux`.
    pub kernel: String,

    /// OS kernel architecture.
    ///
    /// Example: `x86_64`.
    pub kernel_architecture: String,

    /// Map of kernel features that were tested on startup.
    ///
    /// Example: `{"netnsid_getifaddrs": "true", "seccomp_listener": "true"}`.
    /// API extension: kernel_features.
    #[serde(default, deserialize_with = "super::null_default")]
    pub kernel_features: BTreeMap<String, String>,

    /// Kernel version.
    ///
    /// Example: `5.4.0-36-generic`.
    pub kernel_version: String,

    /// Map of LXC features that were tested on startup.
    ///
    /// Example: `{"cgroup2": "true", "devpts_fd": "true", "pidfd": "true"}`.
    /// API extension: lxc_features.
    #[serde(default, deserialize_with = "super::null_default")]
    pub lxc_features: BTreeMap<String, String>,

    /// Name of the operating system (Linux distribution).
    ///
    /// Example: `Ubuntu`.
    /// API extension: api_os.
    pub os_name: String,

    /// Version of the operating system (Linux distribution).
    ///
    /// Example: `22.04`.
    /// API extension: api_os.
    pub os_version: String,

    /// Current project name.
    ///
    /// Example: `default`.
    /// API extension: projects.
    pub project: String,

    /// Server implementation name.
    ///
    /// Example: `incus`.
    pub server: String,

    /// Whether the server is part of a cluster.
    ///
    /// API extension: clustering.
    pub server_clustered: bool,

    /// Mode that the event distribution subsystem is operating in on this server:
    /// either "full-mesh", "hub-server" or "hub-client".
    ///
    /// Example: `full-mesh`.
    /// API extension: event_hub.
    pub server_event_mode: String,

    /// Server hostname.
    ///
    /// Example: `castiana`.
    /// API extension: clustering.
    pub server_name: String,

    /// PID of the daemon.
    ///
    /// Example: `1453969`.
    pub server_pid: i64,

    /// Server version.
    ///
    /// Example: `4.11`.
    pub server_version: String,

    /// List of active storage drivers (separate by " | ").
    ///
    /// Example: `dir | zfs`.
    pub storage: String,

    /// List of supported storage drivers.
    #[serde(default, deserialize_with = "super::null_default")]
    pub storage_supported_drivers: Vec<ServerStorageDriverInfo>,

    /// List of active storage driver versions (separate by " | ").
    ///
    /// Example: `1 | 0.8.4-1ubuntu11`.
    pub storage_version: String,
}

/// Read-only info about a storage driver.
///
/// API extension: server_supported_storage_drivers.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ServerStorageDriverInfo {
    /// Name of the driver.
    ///
    /// Example: `zfs`.
    /// API extension: server_supported_storage_drivers.
    #[serde(rename = "Name")]
    pub name: String,

    /// Whether the driver has remote volumes.
    ///
    /// API extension: server_supported_storage_drivers.
    #[serde(rename = "Remote")]
    pub remote: bool,

    /// Version of the driver.
    ///
    /// Example: `0.8.4-1ubuntu11`.
    /// API extension: server_supported_storage_drivers.
    #[serde(rename = "Version")]
    pub version: String,
}

/// Modifiable fields of a server configuration (body of `PUT` and `PATCH /1.0`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ServerPut {
    /// Server configuration map (refer to doc/server.md).
    ///
    /// Example: `{"core.https_address": ":8443"}`.
    #[serde(
        default,
        skip_serializing_if = "super::ConfigMap::is_empty",
        deserialize_with = "super::null_default"
    )]
    pub config: super::ConfigMap,
}

impl Server {
    /// The writable part of the server configuration (its `config`), ready
    /// to edit and send back with `PUT` or `PATCH /1.0`.
    pub fn writable(&self) -> ServerPut {
        ServerPut {
            config: self.config.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_trusted_server() {
        let body = r#"{
            "api_extensions": ["etag", "patch", "network", "storage"],
            "api_status": "stable",
            "api_version": "1.0",
            "auth": "trusted",
            "auth_methods": ["tls"],
            "auth_user_method": "unix",
            "auth_user_name": "uid=201105",
            "config": {"core.https_address": ":8443"},
            "environment": {
                "addresses": null,
                "architectures": ["x86_64", "i686"],
                "certificate": "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
                "certificate_fingerprint": "fd200419b271f1dc2a5591b693cc5774b7f234e1ff8c6b78ad703b6888fe2b69",
                "driver": "lxc | qemu",
                "driver_version": "4.0.7 | 5.2.0",
                "firewall": "nftables",
                "kernel": "Linux",
                "kernel_architecture": "x86_64",
                "kernel_features": {"netnsid_getifaddrs": "true", "seccomp_listener": "true"},
                "kernel_version": "5.4.0-36-generic",
                "lxc_features": null,
                "os_name": "Debian GNU/Linux",
                "os_version": "12",
                "project": "default",
                "server": "incus",
                "server_clustered": false,
                "server_event_mode": "full-mesh",
                "server_name": "castiana",
                "server_pid": 1453969,
                "server_version": "6.0.4",
                "storage": "dir | zfs",
                "storage_version": "1 | 0.8.4-1ubuntu11",
                "storage_supported_drivers": [
                    {"Name": "zfs", "Version": "0.8.4-1ubuntu11", "Remote": false},
                    {"Name": "ceph", "Version": "17.2.6", "Remote": true}
                ],
                "a_field_from_a_newer_server": {"nested": [1, 2, 3]}
            },
            "public": false,
            "another_new_field": 42
        }"#;
        let server: Server = serde_json::from_str(body).unwrap();
        assert_eq!(server.api_extensions.len(), 4);
        assert_eq!(server.auth, "trusted");
        assert_eq!(server.auth_user_name, "uid=201105");
        assert_eq!(server.config["core.https_address"], ":8443");
        let env = &server.environment;
        assert!(env.addresses.is_empty());
        assert!(env.lxc_features.is_empty());
        assert_eq!(env.kernel_features["seccomp_listener"], "true");
        assert_eq!(env.server, "incus");
        assert_eq!(env.server_pid, 1453969);
        assert_eq!(
            env.storage_supported_drivers[1],
            ServerStorageDriverInfo {
                name: "ceph".into(),
                version: "17.2.6".into(),
                remote: true,
            }
        );
        assert_eq!(server.writable().config, server.config);
    }

    #[test]
    fn decodes_untrusted_server() {
        let body = r#"{
            "api_extensions": ["etag"],
            "api_status": "stable",
            "api_version": "1.0",
            "auth": "untrusted",
            "auth_methods": null,
            "config": null,
            "public": false
        }"#;
        let server: ServerUntrusted = serde_json::from_str(body).unwrap();
        assert_eq!(server.auth, "untrusted");
        assert!(server.auth_methods.is_empty());
        assert!(server.config.is_empty());

        // A trusted-only reply also fits the trusted type with defaults.
        let server: Server = serde_json::from_str(body).unwrap();
        assert_eq!(server.environment, ServerEnvironment::default());
    }

    #[test]
    fn server_put_round_trip() {
        let mut put = ServerPut::default();
        assert_eq!(serde_json::to_string(&put).unwrap(), "{}");

        put.config
            .insert("core.https_address".into(), ":8443".into());
        let json = serde_json::to_value(&put).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"config": {"core.https_address": ":8443"}})
        );
        let back: ServerPut = serde_json::from_value(json).unwrap();
        assert_eq!(back, put);

        let null: ServerPut = serde_json::from_str(r#"{"config": null}"#).unwrap();
        assert!(null.config.is_empty());
    }
}
