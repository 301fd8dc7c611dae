//! Instances: containers and virtual machines.

use serde::{Deserialize, Serialize};

use super::{is_false, null_default, ConfigMap, DevicesMap, InstanceBackup, InstanceSnapshot};
use super::{InstanceState, StatusCode};

/// An instance, as read.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Instance {
    /// Instance name. Example: `foo`
    pub name: String,
    /// Instance description. Example: `My test instance`
    pub description: String,
    /// The type of instance (`container` or `virtual-machine`).
    #[serde(rename = "type")]
    pub kind: String,
    /// Instance status (see instance_state). Example: `Running`
    pub status: String,
    /// Instance status code. Example: `103`
    pub status_code: StatusCode,
    /// Architecture name. Example: `x86_64`
    pub architecture: String,
    /// Instance configuration (see doc/instances.md).
    #[serde(deserialize_with = "null_default")]
    pub config: ConfigMap,
    /// Instance devices (see doc/instances.md).
    #[serde(deserialize_with = "null_default")]
    pub devices: DevicesMap,
    /// Expanded configuration (all profiles and local config merged). Read only.
    #[serde(deserialize_with = "null_default")]
    pub expanded_config: ConfigMap,
    /// Expanded devices (all profiles and local devices merged). Read only.
    #[serde(deserialize_with = "null_default")]
    pub expanded_devices: DevicesMap,
    /// List of profiles applied to the instance. Example: `["default"]`
    #[serde(deserialize_with = "null_default")]
    pub profiles: Vec<String>,
    /// Whether the instance is ephemeral (deleted on shutdown).
    pub ephemeral: bool,
    /// Whether the instance currently has saved state on disk.
    pub stateful: bool,
    /// Instance creation timestamp.
    pub created_at: String,
    /// Last start timestamp.
    pub last_used_at: String,
    /// What cluster member this instance is located on. Example: `server01`
    pub location: String,
    /// Instance project name. Example: `foo`
    pub project: String,
}

impl Instance {
    /// The writable part, ready to change and send back with
    /// [`Client::replace_instance`](crate::Client::replace_instance).
    pub fn writable(&self) -> InstancePut {
        InstancePut {
            architecture: Some(self.architecture.clone()),
            config: self.config.clone(),
            devices: self.devices.clone(),
            ephemeral: Some(self.ephemeral),
            profiles: Some(self.profiles.clone()),
            description: Some(self.description.clone()),
            ..Default::default()
        }
    }
}

/// An instance with its state, snapshots and backups (recursion=1 on one
/// instance, recursion=2 on the list).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct InstanceFull {
    /// The instance itself.
    #[serde(flatten)]
    pub instance: Instance,
    /// The current state.
    #[serde(deserialize_with = "null_default")]
    pub state: Option<InstanceState>,
    /// List of snapshots.
    #[serde(deserialize_with = "null_default")]
    pub snapshots: Vec<InstanceSnapshot>,
    /// List of backups.
    #[serde(deserialize_with = "null_default")]
    pub backups: Vec<InstanceBackup>,
}

/// The writable fields of an instance (PUT and PATCH).
///
/// Unset fields are left out of the request: PATCH keeps their current
/// value, PUT clears them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct InstancePut {
    /// Architecture name. Example: `x86_64`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub architecture: Option<String>,
    /// Instance configuration; with PATCH, keys are merged into the current config.
    #[serde(
        skip_serializing_if = "ConfigMap::is_empty",
        deserialize_with = "null_default"
    )]
    pub config: ConfigMap,
    /// Instance devices; with PATCH, devices are merged into the current ones.
    #[serde(
        skip_serializing_if = "DevicesMap::is_empty",
        deserialize_with = "null_default"
    )]
    pub devices: DevicesMap,
    /// Whether the instance is ephemeral (deleted on shutdown).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ephemeral: Option<bool>,
    /// List of profiles applied to the instance; `Some(vec![])` for none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub profiles: Option<Vec<String>>,
    /// If set, the instance is restored to this snapshot. Example: `snap0`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub restore: Option<String>,
    /// Whether the instance currently has saved state on disk.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stateful: Option<bool>,
    /// Instance description. Example: `My test instance`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// A new instance (POST /1.0/instances).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct InstancesPost {
    /// Instance name. Example: `foo`
    pub name: String,
    /// Where the instance's root filesystem comes from.
    pub source: InstanceSource,
    /// The type of instance (`container`, the default, or `virtual-machine`).
    #[serde(rename = "type", skip_serializing_if = "String::is_empty")]
    pub kind: String,
    /// Profiles to apply; `None` applies the `default` profile, `Some(vec![])` none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub profiles: Option<Vec<String>>,
    /// Instance configuration.
    #[serde(
        skip_serializing_if = "ConfigMap::is_empty",
        deserialize_with = "null_default"
    )]
    pub config: ConfigMap,
    /// Instance devices.
    #[serde(
        skip_serializing_if = "DevicesMap::is_empty",
        deserialize_with = "null_default"
    )]
    pub devices: DevicesMap,
    /// Instance description. Example: `My test instance`
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Whether the instance is ephemeral (deleted on shutdown).
    #[serde(skip_serializing_if = "is_false")]
    pub ephemeral: bool,
    /// Whether to start the instance after creation.
    #[serde(skip_serializing_if = "is_false")]
    pub start: bool,
    /// Architecture name. Example: `x86_64`
    #[serde(skip_serializing_if = "String::is_empty")]
    pub architecture: String,
    /// Cloud instance type (AWS, GCP, Azure, ...) to emulate with limits. Example: `t1.micro`
    #[serde(skip_serializing_if = "String::is_empty")]
    pub instance_type: String,
    /// Whether the instance should be created with saved state.
    #[serde(skip_serializing_if = "is_false")]
    pub stateful: bool,
}

/// Where a new instance's root filesystem comes from.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct InstanceSource {
    /// Source type: `image`, `copy`, `migration` or `none`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Image alias name (for image source). Example: `debian/12`
    #[serde(skip_serializing_if = "String::is_empty")]
    pub alias: String,
    /// Image fingerprint (for image source).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub fingerprint: String,
    /// Image filters (for image source). Example: `{"os": "Debian", "release": "bookworm"}`
    #[serde(
        skip_serializing_if = "ConfigMap::is_empty",
        deserialize_with = "null_default"
    )]
    pub properties: ConfigMap,
    /// Remote server URL (for remote images).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub server: String,
    /// Remote server secret (for remote private images).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub secret: String,
    /// Protocol name (for remote image). Example: `simplestreams`
    #[serde(skip_serializing_if = "String::is_empty")]
    pub protocol: String,
    /// Certificate (for remote images or migration).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub certificate: String,
    /// Whether to use pull or push mode (for migration).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub mode: String,
    /// Remote operation URL (for migration).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub operation: String,
    /// Map of migration websockets (for migration).
    #[serde(
        skip_serializing_if = "ConfigMap::is_empty",
        deserialize_with = "null_default"
    )]
    pub secrets: ConfigMap,
    /// Existing instance name or snapshot (for copy). Example: `foo/snap0`
    #[serde(skip_serializing_if = "String::is_empty")]
    pub source: String,
    /// Whether this is a live migration (for migration).
    #[serde(skip_serializing_if = "is_false")]
    pub live: bool,
    /// Whether the copy should skip the snapshots (for copy).
    #[serde(skip_serializing_if = "is_false")]
    pub instance_only: bool,
    /// Whether this is refreshing an existing instance (for migration and copy).
    #[serde(skip_serializing_if = "is_false")]
    pub refresh: bool,
    /// Whether to exclude source snapshots earlier than latest target snapshot.
    #[serde(skip_serializing_if = "is_false")]
    pub refresh_exclude_older: bool,
    /// Source project name (for copy and local image).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub project: String,
    /// Base image fingerprint (for faster migration).
    #[serde(rename = "base-image", skip_serializing_if = "String::is_empty")]
    pub base_image: String,
    /// Whether to ignore errors when copying (e.g. for volatile files).
    #[serde(skip_serializing_if = "is_false")]
    pub allow_inconsistent: bool,
}

impl InstanceSource {
    /// A local image, by alias.
    pub fn image_alias(alias: impl Into<String>) -> InstanceSource {
        InstanceSource {
            kind: "image".into(),
            alias: alias.into(),
            ..Default::default()
        }
    }

    /// No root filesystem (an empty instance).
    pub fn none() -> InstanceSource {
        InstanceSource {
            kind: "none".into(),
            ..Default::default()
        }
    }
}

/// A rename or move of an instance (POST /1.0/instances/{name}).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct InstancePost {
    /// New name for the instance. Example: `bar`
    #[serde(skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// Whether the instance is being migrated to another server.
    #[serde(skip_serializing_if = "is_false")]
    pub migration: bool,
    /// Whether to perform a live migration (migration only).
    #[serde(skip_serializing_if = "is_false")]
    pub live: bool,
    /// Whether snapshots should be discarded (migration only).
    #[serde(skip_serializing_if = "is_false")]
    pub instance_only: bool,
    /// Target pool for local cross-pool move. Example: `baz`
    #[serde(skip_serializing_if = "String::is_empty")]
    pub pool: String,
    /// Target project for local cross-project move. Example: `foo`
    #[serde(skip_serializing_if = "String::is_empty")]
    pub project: String,
    /// Allow inconsistent copies when migrating.
    #[serde(skip_serializing_if = "is_false")]
    pub allow_inconsistent: bool,
    /// Remote target for a push migration.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<InstancePostTarget>,
}

/// The remote end of a push migration.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct InstancePostTarget {
    /// The certificate of the migration target.
    pub certificate: String,
    /// The operation URL on the remote target.
    pub operation: String,
    /// Migration websockets credentials.
    #[serde(deserialize_with = "null_default")]
    pub secrets: ConfigMap,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn create_body_names_only_what_is_set() {
        let post = InstancesPost {
            name: "c1".into(),
            source: InstanceSource::image_alias("busybox"),
            ..Default::default()
        };
        assert_eq!(
            serde_json::to_string(&post).unwrap(),
            r#"{"name":"c1","source":{"type":"image","alias":"busybox"}}"#
        );
    }

    #[test]
    fn full_instance_decodes() {
        let full: InstanceFull = serde_json::from_str(
            r#"{"name":"c1","type":"container","status":"Running","status_code":103,"config":null,
                "devices":{},"profiles":["default"],"snapshots":null,"backups":null,
                "state":{"status":"Running","status_code":103,"pid":7281,"processes":5,
                         "disk":null,"network":null,"memory":{"usage":73248768},"cpu":{"usage":1}},
                "future_field":{"a":1}}"#,
        )
        .unwrap();
        assert_eq!(full.instance.name, "c1");
        assert_eq!(full.instance.kind, "container");
        assert_eq!(full.state.unwrap().pid, 7281);
        assert!(full.snapshots.is_empty());
        let put = full.instance.writable();
        assert_eq!(put.restore, None);
        assert_eq!(put.profiles.as_deref(), Some(&["default".to_string()][..]));
    }
}
