//! Instance snapshots: `/1.0/instances/{name}/snapshots`.

use serde::{Deserialize, Serialize};

use super::{ConfigMap, DevicesMap, InstancePostTarget, is_false, null_default};

/// A point-in-time snapshot of an instance.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct InstanceSnapshot {
    /// Name of the snapshot. Example: `snap0`
    pub name: String,
    /// Free-text description. API extension: snapshot_description (not in 6.0.4).
    pub description: String,
    /// CPU architecture of the instance when the snapshot was taken. Example: `x86_64`
    pub architecture: String,
    /// Instance options when the snapshot was taken.
    #[serde(deserialize_with = "null_default")]
    pub config: ConfigMap,
    /// Instance devices when the snapshot was taken.
    #[serde(deserialize_with = "null_default")]
    pub devices: DevicesMap,
    /// Options in effect when the snapshot was taken, profiles merged in. Read only.
    #[serde(deserialize_with = "null_default")]
    pub expanded_config: ConfigMap,
    /// Devices in effect when the snapshot was taken, profiles merged in. Read only.
    #[serde(deserialize_with = "null_default")]
    pub expanded_devices: DevicesMap,
    /// Profiles applied when the snapshot was taken. Example: `["default"]`
    #[serde(deserialize_with = "null_default")]
    pub profiles: Vec<String>,
    /// Whether the instance was ephemeral when the snapshot was taken.
    pub ephemeral: bool,
    /// Whether the snapshot holds saved runtime state.
    pub stateful: bool,
    /// When the snapshot was taken (RFC 3339).
    pub created_at: String,
    /// When the server deletes the snapshot by itself (RFC 3339); `0001-01-01T00:00:00Z` for never.
    pub expires_at: String,
    /// When the instance last started, as recorded in the snapshot (RFC 3339).
    pub last_used_at: String,
    /// Disk space the snapshot takes, in bytes. Example: `143360`
    pub size: i64,
}

impl InstanceSnapshot {
    /// The writable part (the expiry), ready to change and send back with
    /// [`Client::replace_instance_snapshot`](crate::Client::replace_instance_snapshot).
    pub fn writable(&self) -> InstanceSnapshotPut {
        InstanceSnapshotPut {
            expires_at: Some(self.expires_at.clone()),
        }
    }
}

/// The writable fields of a snapshot (PUT and PATCH, which the daemon
/// treats alike).
///
/// An unset `expires_at` is left out of the request, and the daemon then
/// changes nothing.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct InstanceSnapshotPut {
    /// When the server deletes the snapshot (RFC 3339); `0001-01-01T00:00:00Z` for never. Example: `2030-01-01T00:00:00Z`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
}

/// A new snapshot (POST /1.0/instances/{name}/snapshots).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct InstanceSnapshotsPost {
    /// Name of the snapshot; empty lets the server pick the next free `snapN`. Example: `snap0`
    #[serde(skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// Whether to save the running instance's memory and processes too (needs CRIU).
    #[serde(skip_serializing_if = "is_false")]
    pub stateful: bool,
    /// When the server deletes the snapshot (RFC 3339); `None` applies the instance's `snapshots.expiry`. Example: `2030-01-01T00:00:00Z`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
}

/// A rename or migration of a snapshot (POST /1.0/instances/{name}/snapshots/{snapshot}).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct InstanceSnapshotPost {
    /// New name of the snapshot (or of the instance it becomes, with `migration`). Example: `snap1`
    pub name: String,
    /// Whether this sends the snapshot to another server instead of renaming it.
    #[serde(skip_serializing_if = "is_false")]
    pub migration: bool,
    /// Whether to migrate with runtime state (migration).
    #[serde(skip_serializing_if = "is_false")]
    pub live: bool,
    /// Server to push the snapshot to; `None` lets the target pull it (migration).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<InstancePostTarget>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn read_write_round_trip() {
        let snapshot: InstanceSnapshot = serde_json::from_str(
            r#"{"name":"snap0","architecture":"x86_64","config":{"user.a":"1"},"devices":null,
                "expanded_config":null,"expanded_devices":{},"profiles":["default"],
                "ephemeral":false,"stateful":false,"created_at":"2021-03-23T20:00:00-04:00",
                "expires_at":"2030-01-01T00:00:00Z","last_used_at":"0001-01-01T00:00:00Z",
                "size":-1,"future":true}"#,
        )
        .unwrap();
        assert_eq!(snapshot.config["user.a"], "1");
        assert!(snapshot.devices.is_empty() && snapshot.expanded_config.is_empty());
        assert_eq!(snapshot.size, -1);
        let put = snapshot.writable();
        let body = serde_json::to_value(&put).unwrap();
        assert_eq!(
            body,
            serde_json::json!({"expires_at": "2030-01-01T00:00:00Z"})
        );
        assert_eq!(
            serde_json::from_value::<InstanceSnapshotPut>(body).unwrap(),
            put
        );
        assert_eq!(
            serde_json::to_string(&InstanceSnapshotPut::default()).unwrap(),
            "{}"
        );
    }

    #[test]
    fn create_and_rename_bodies_name_only_what_is_set() {
        let post = InstanceSnapshotsPost::default();
        assert_eq!(serde_json::to_string(&post).unwrap(), "{}");
        let post = InstanceSnapshotsPost {
            name: "s0".into(),
            stateful: true,
            expires_at: Some("2030-01-01T00:00:00Z".into()),
        };
        assert_eq!(
            serde_json::to_value(&post).unwrap(),
            serde_json::json!({"name": "s0", "stateful": true, "expires_at": "2030-01-01T00:00:00Z"})
        );
        let rename = InstanceSnapshotPost {
            name: "s1".into(),
            ..Default::default()
        };
        assert_eq!(serde_json::to_string(&rename).unwrap(), r#"{"name":"s1"}"#);
    }
}
