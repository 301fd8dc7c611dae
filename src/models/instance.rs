//! Instances: containers and virtual machines.

use serde::{Deserialize, Serialize};

use super::{ConfigMap, DevicesMap, InstanceBackup, InstanceSnapshot, is_false, null_default};
use super::{InstanceState, StatusCode};

/// An instance, as read.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Instance {
    /// Name of the instance. Example: `foo`
    pub name: String,
    /// Free-text description. Example: `My test instance`
    pub description: String,
    /// `container` or `virtual-machine`. Example: `container`
    #[serde(rename = "type")]
    pub kind: String,
    /// Human-readable state, such as `Running` or `Stopped`. Example: `Running`
    pub status: String,
    /// The state as a number. Example: `103`
    pub status_code: StatusCode,
    /// CPU architecture the instance runs as. Example: `x86_64`
    pub architecture: String,
    /// Options set on the instance itself, key to value. Example: `{"security.nesting": "true"}`
    #[serde(deserialize_with = "null_default")]
    pub config: ConfigMap,
    /// Devices set on the instance itself, by device name. Example: `{"root": {"type": "disk", "pool": "default", "path": "/"}}`
    #[serde(deserialize_with = "null_default")]
    pub devices: DevicesMap,
    /// Options in effect: the profiles' and the instance's own, merged. Read only.
    #[serde(deserialize_with = "null_default")]
    pub expanded_config: ConfigMap,
    /// Devices in effect: the profiles' and the instance's own, merged. Read only.
    #[serde(deserialize_with = "null_default")]
    pub expanded_devices: DevicesMap,
    /// Profiles applied, in order. Example: `["default"]`
    #[serde(deserialize_with = "null_default")]
    pub profiles: Vec<String>,
    /// Whether the instance is deleted when it stops.
    pub ephemeral: bool,
    /// Whether saved runtime state is stored for it.
    pub stateful: bool,
    /// When the instance was created (RFC 3339). Read only.
    pub created_at: String,
    /// When the instance last started (RFC 3339). Read only.
    pub last_used_at: String,
    /// Cluster member that holds the instance. Example: `server01`
    pub location: String,
    /// Project the instance belongs to. Example: `foo`
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
    /// The instance's own fields, flattened into the same JSON object.
    #[serde(flatten)]
    pub instance: Instance,
    /// Runtime state; `None` when the server left it out.
    pub state: Option<InstanceState>,
    /// The instance's snapshots.
    #[serde(deserialize_with = "null_default")]
    pub snapshots: Vec<InstanceSnapshot>,
    /// The instance's backups.
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
    /// CPU architecture the instance runs as. Example: `x86_64`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub architecture: Option<String>,
    /// Instance options; with PATCH, keys are merged into the current ones.
    #[serde(
        skip_serializing_if = "ConfigMap::is_empty",
        deserialize_with = "null_default"
    )]
    pub config: ConfigMap,
    /// Devices by name; with PATCH, they are merged into the current ones.
    #[serde(
        skip_serializing_if = "DevicesMap::is_empty",
        deserialize_with = "null_default"
    )]
    pub devices: DevicesMap,
    /// Whether the instance is deleted when it stops.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ephemeral: Option<bool>,
    /// Profiles to apply, in order; `Some(vec![])` for none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub profiles: Option<Vec<String>>,
    /// Snapshot to roll the instance back to. Example: `snap0`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub restore: Option<String>,
    /// Whether saved runtime state is stored for it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stateful: Option<bool>,
    /// Free-text description. Example: `My test instance`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// A new instance (POST /1.0/instances).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct InstancesPost {
    /// Name of the new instance. Example: `foo`
    pub name: String,
    /// Where the root filesystem comes from: an image, a copy, a migration or nothing.
    pub source: InstanceSource,
    /// `container` (the default) or `virtual-machine`.
    #[serde(rename = "type", skip_serializing_if = "String::is_empty")]
    pub kind: String,
    /// Profiles to apply; `None` applies the `default` profile, `Some(vec![])` none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub profiles: Option<Vec<String>>,
    /// Instance options, key to value.
    #[serde(
        skip_serializing_if = "ConfigMap::is_empty",
        deserialize_with = "null_default"
    )]
    pub config: ConfigMap,
    /// Devices by name.
    #[serde(
        skip_serializing_if = "DevicesMap::is_empty",
        deserialize_with = "null_default"
    )]
    pub devices: DevicesMap,
    /// Free-text description. Example: `My test instance`
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Whether the instance is deleted when it stops.
    #[serde(skip_serializing_if = "is_false")]
    pub ephemeral: bool,
    /// Whether to start the instance once it is created. API extension:
    /// instance_create_start (checked: LXD 5.0 lacks it; start the instance
    /// with `start_instance` there).
    #[serde(skip_serializing_if = "is_false")]
    pub start: bool,
    /// CPU architecture the instance runs as. Example: `x86_64`
    #[serde(skip_serializing_if = "String::is_empty")]
    pub architecture: String,
    /// Cloud machine type (AWS, GCP or Azure name) whose size becomes the limits. Example: `t1.micro`
    #[serde(skip_serializing_if = "String::is_empty")]
    pub instance_type: String,
    /// Whether the instance is created with saved runtime state.
    #[serde(skip_serializing_if = "is_false")]
    pub stateful: bool,
}

/// Where a new instance's root filesystem comes from.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct InstanceSource {
    /// How to fill the root filesystem: `image`, `copy`, `migration` or `none`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Image alias to use (image source). Example: `debian/12`
    #[serde(skip_serializing_if = "String::is_empty")]
    pub alias: String,
    /// Image fingerprint to use (image source).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub fingerprint: String,
    /// Image properties to match, in place of an alias or fingerprint (image source). Example: `{"os": "Debian", "release": "bookworm"}`
    #[serde(
        skip_serializing_if = "ConfigMap::is_empty",
        deserialize_with = "null_default"
    )]
    pub properties: ConfigMap,
    /// URL of the image server (remote image). Example: `https://images.linuxcontainers.org`
    #[serde(skip_serializing_if = "String::is_empty")]
    pub server: String,
    /// Secret that unlocks a private image on the remote server.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub secret: String,
    /// How to talk to the image server (remote image). Example: `simplestreams`
    #[serde(skip_serializing_if = "String::is_empty")]
    pub protocol: String,
    /// PEM certificate of the remote server (remote image or migration).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub certificate: String,
    /// `pull` or `push` (migration).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub mode: String,
    /// URL of the operation on the source server (migration).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub operation: String,
    /// Websocket secrets, by channel name (migration).
    #[serde(
        skip_serializing_if = "ConfigMap::is_empty",
        deserialize_with = "null_default"
    )]
    pub secrets: ConfigMap,
    /// Instance or `instance/snapshot` to copy from (copy). Example: `foo/snap0`
    #[serde(skip_serializing_if = "String::is_empty")]
    pub source: String,
    /// Whether to move the instance while it keeps running (migration).
    #[serde(skip_serializing_if = "is_false")]
    pub live: bool,
    /// Whether to leave the snapshots behind (copy).
    #[serde(skip_serializing_if = "is_false")]
    pub instance_only: bool,
    /// Whether to update an existing copy instead of making a new one (copy, migration).
    #[serde(skip_serializing_if = "is_false")]
    pub refresh: bool,
    /// With `refresh`, whether to skip source snapshots older than the newest one on the target.
    #[serde(skip_serializing_if = "is_false")]
    pub refresh_exclude_older: bool,
    /// Project to copy from (copy, local image).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub project: String,
    /// Fingerprint of the image the source was made from, so less data travels (migration).
    #[serde(rename = "base-image", skip_serializing_if = "String::is_empty")]
    pub base_image: String,
    /// Whether to copy even if files change or vanish during the copy.
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

    /// A copy of a local instance, or of one snapshot as `instance/snapshot`.
    pub fn copy(source: impl Into<String>) -> InstanceSource {
        InstanceSource {
            kind: "copy".into(),
            source: source.into(),
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
    /// New name. Example: `bar`
    #[serde(skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// Whether this moves the instance to another server.
    #[serde(skip_serializing_if = "is_false")]
    pub migration: bool,
    /// Whether to move the instance while it keeps running (migration).
    #[serde(skip_serializing_if = "is_false")]
    pub live: bool,
    /// Whether to leave the snapshots behind (migration).
    #[serde(skip_serializing_if = "is_false")]
    pub instance_only: bool,
    /// Storage pool to move the instance to, on this server. Example: `baz`
    #[serde(skip_serializing_if = "String::is_empty")]
    pub pool: String,
    /// Project to move the instance to, on this server. Example: `foo`
    #[serde(skip_serializing_if = "String::is_empty")]
    pub project: String,
    /// Whether to move even if files change or vanish during the copy.
    #[serde(skip_serializing_if = "is_false")]
    pub allow_inconsistent: bool,
    /// Server to push the instance to; `None` lets the target pull it (migration).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<InstancePostTarget>,
}

/// The remote end of a push migration.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct InstancePostTarget {
    /// PEM certificate of the target server.
    pub certificate: String,
    /// URL of the migration operation on the target.
    pub operation: String,
    /// Websocket secrets, by channel name.
    #[serde(deserialize_with = "null_default")]
    pub secrets: ConfigMap,
}

/// What to rebuild an instance from (POST /1.0/instances/{name}/rebuild):
/// an image, or nothing for an empty root filesystem.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct InstanceRebuildPost {
    /// The new root filesystem: an image source, or `InstanceSource::none()`.
    pub source: InstanceSource,
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
    fn rebuild_bodies() {
        let rebuild = InstanceRebuildPost {
            source: InstanceSource::none(),
        };
        assert_eq!(
            serde_json::to_string(&rebuild).unwrap(),
            r#"{"source":{"type":"none"}}"#
        );
    }

    #[test]
    fn read_write_round_trip() {
        let instance: Instance = serde_json::from_str(
            r#"{"name":"c1","description":"web","type":"container","architecture":"x86_64",
                "config":{"limits.cpu":"2"},"devices":null,"profiles":["default"],"ephemeral":true,
                "stateful":false,"expanded_config":{"limits.cpu":"2","security.nesting":"true"}}"#,
        )
        .unwrap();
        assert!(instance.devices.is_empty());
        let put = instance.writable();
        let body = serde_json::to_value(&put).unwrap();
        assert_eq!(
            body,
            serde_json::json!({"architecture": "x86_64", "config": {"limits.cpu": "2"},
                "ephemeral": true, "profiles": ["default"], "description": "web"})
        );
        assert_eq!(serde_json::from_value::<InstancePut>(body).unwrap(), put);
        assert_eq!(
            serde_json::to_string(&InstancePut::default()).unwrap(),
            "{}"
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
