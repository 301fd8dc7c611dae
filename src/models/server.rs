//! Server types: what `GET /1.0` answers (to trusted and untrusted clients)
//! and the body of `PUT` and `PATCH /1.0`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{ConfigMap, null_default};

/// What `GET /1.0` tells a client the server does not trust yet.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ServerUntrusted {
    /// Names of the API extensions this server implements. Example: `["etag", "patch", "network", "storage"]`. Read only.
    #[serde(deserialize_with = "null_default")]
    pub api_extensions: Vec<String>,
    /// How settled this API version is: `devel`, `stable` or `deprecated`. Example: `stable`. Read only.
    pub api_status: String,
    /// Version of the REST API. Example: `1.0`. Read only.
    pub api_version: String,
    /// `trusted` or `untrusted`: whether the server accepted our credentials. Example: `untrusted`. Read only.
    pub auth: String,
    /// Ways a client may authenticate to this server. Example: `["tls"]`. Read only. API extension: macaroon_authentication.
    #[serde(deserialize_with = "null_default")]
    pub auth_methods: Vec<String>,
    /// Server settings, key to value (see Incus's server options). Example: `{"core.https_address": ":8443"}`
    #[serde(deserialize_with = "null_default")]
    pub config: ConfigMap,
    /// Whether the server only serves the public endpoints. Read only.
    pub public: bool,
}

/// What `GET /1.0` tells a trusted client.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Server {
    /// Names of the API extensions this server implements. Example: `["etag", "patch", "network", "storage"]`. Read only.
    #[serde(deserialize_with = "null_default")]
    pub api_extensions: Vec<String>,
    /// How settled this API version is: `devel`, `stable` or `deprecated`. Example: `stable`. Read only.
    pub api_status: String,
    /// Version of the REST API. Example: `1.0`. Read only.
    pub api_version: String,
    /// `trusted` or `untrusted`: whether the server accepted our credentials. Example: `trusted`. Read only.
    pub auth: String,
    /// Ways a client may authenticate to this server. Example: `["tls"]`. Read only. API extension: macaroon_authentication.
    #[serde(deserialize_with = "null_default")]
    pub auth_methods: Vec<String>,
    /// How the calling user logged in. Example: `unix`. Read only. API extension: auth_user.
    pub auth_user_method: String,
    /// Who the server thinks the calling user is. Example: `uid=201105`. Read only. API extension: auth_user.
    pub auth_user_name: String,
    /// Server settings, key to value (see Incus's server options). Example: `{"core.https_address": ":8443"}`
    #[serde(deserialize_with = "null_default")]
    pub config: ConfigMap,
    /// Facts about the host, daemon and drivers. Read only.
    pub environment: ServerEnvironment,
    /// Whether the server only serves the public endpoints. Read only.
    pub public: bool,
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

/// Facts about the host, daemon and drivers, part of [`Server`]. Read only.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ServerEnvironment {
    /// Addresses the daemon listens on. Example: `[":8443"]`
    #[serde(deserialize_with = "null_default")]
    pub addresses: Vec<String>,
    /// CPU architectures the server can run instances of. Example: `["x86_64", "i686"]`
    #[serde(deserialize_with = "null_default")]
    pub architectures: Vec<String>,
    /// The server's TLS certificate, PEM encoded.
    pub certificate: String,
    /// SHA-256 fingerprint of that certificate. Example: `fd200419b271f1dc2a5591b693cc5774b7f234e1ff8c6b78ad703b6888fe2b69`
    pub certificate_fingerprint: String,
    /// Instance drivers available, joined with ` | `. Example: `lxc | qemu`
    pub driver: String,
    /// Versions of those drivers, in the same order. Example: `4.0.7 | 5.2.0`
    pub driver_version: String,
    /// Firewall backend in use. Example: `nftables`. API extension: firewall_driver.
    pub firewall: String,
    /// Kernel name. Example: `Linux`
    pub kernel: String,
    /// Kernel architecture. Example: `x86_64`
    pub kernel_architecture: String,
    /// Kernel features probed at start-up, name to `true`/`false`. Example: `{"seccomp_listener": "true"}`. API extension: kernel_features.
    #[serde(deserialize_with = "null_default")]
    pub kernel_features: BTreeMap<String, String>,
    /// Kernel release. Example: `5.4.0-36-generic`
    pub kernel_version: String,
    /// LXC features probed at start-up, name to `true`/`false`. Example: `{"pidfd": "true"}`. API extension: lxc_features.
    #[serde(deserialize_with = "null_default")]
    pub lxc_features: BTreeMap<String, String>,
    /// Host distribution name. Example: `Ubuntu`. API extension: api_os.
    pub os_name: String,
    /// Host distribution version. Example: `22.04`. API extension: api_os.
    pub os_version: String,
    /// Project the request was answered in. Example: `default`. API extension: projects.
    pub project: String,
    /// Which daemon answered (`incus` or `lxd`). Example: `incus`
    pub server: String,
    /// Whether this server is a cluster member. API extension: clustering.
    pub server_clustered: bool,
    /// How events travel between cluster members: `full-mesh`, `hub-server` or `hub-client`. Example: `full-mesh`. API extension: event_hub.
    pub server_event_mode: String,
    /// Host name of the server. Example: `castiana`. API extension: clustering.
    pub server_name: String,
    /// Process ID of the daemon. Example: `1453969`
    pub server_pid: i64,
    /// Daemon version. Example: `4.11`
    pub server_version: String,
    /// Storage drivers in use, joined with ` | `. Example: `dir | zfs`
    pub storage: String,
    /// Every storage driver the server could use.
    #[serde(deserialize_with = "null_default")]
    pub storage_supported_drivers: Vec<ServerStorageDriverInfo>,
    /// Versions of the storage drivers in use, in the same order. Example: `1 | 0.8.4-1ubuntu11`
    pub storage_version: String,
}

/// One storage driver the server supports. API extension: server_supported_storage_drivers.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ServerStorageDriverInfo {
    /// Driver name. Example: `zfs`
    #[serde(rename = "Name")]
    pub name: String,
    /// Whether the driver's volumes live off the host (shared by cluster members).
    #[serde(rename = "Remote")]
    pub remote: bool,
    /// Driver version. Example: `0.8.4-1ubuntu11`
    #[serde(rename = "Version")]
    pub version: String,
}

/// The writable server settings (`PUT` and `PATCH /1.0`).
///
/// An empty `config` is left out of the request: PATCH keeps the current
/// settings, PUT clears them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ServerPut {
    /// Server settings; with PATCH, keys are merged into the current ones. Example: `{"core.https_address": ":8443"}`
    #[serde(
        skip_serializing_if = "ConfigMap::is_empty",
        deserialize_with = "null_default"
    )]
    pub config: ConfigMap,
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
