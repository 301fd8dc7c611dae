//! Storage volume snapshots:
//! `/1.0/storage-pools/{pool}/volumes/{type}/{volume}/snapshots`.

use serde::{Deserialize, Serialize};

use super::{ConfigMap, StorageVolumePostTarget, is_false, null_default};

/// A point-in-time snapshot of a storage volume, as read.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StorageVolumeSnapshot {
    /// Name of the snapshot, without the volume's. Example: `snap0`
    pub name: String,
    /// Free-text description. Example: `Before the migration`
    pub description: String,
    /// The volume's options when the snapshot was taken. Example: `{"size": "10GiB"}`
    #[serde(deserialize_with = "null_default")]
    pub config: ConfigMap,
    /// What it holds: `filesystem`, `block` or `iso`. Read only.
    pub content_type: String,
    /// When the snapshot was taken (RFC 3339). Read only.
    pub created_at: String,
    /// When the server deletes it by itself (RFC 3339); `None` or `0001-01-01T00:00:00Z` for never.
    pub expires_at: Option<String>,
}

impl StorageVolumeSnapshot {
    /// The writable part (description and expiry), ready to change and send
    /// back with [`Client::replace_storage_volume_snapshot`](crate::Client::replace_storage_volume_snapshot).
    pub fn writable(&self) -> StorageVolumeSnapshotPut {
        StorageVolumeSnapshotPut {
            description: Some(self.description.clone()),
            expires_at: self.expires_at.clone(),
        }
    }
}

/// The writable fields of a volume snapshot (PUT and PATCH).
///
/// Unset fields are left out of the request: PATCH keeps their current
/// value, PUT clears them (no description, no expiry).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StorageVolumeSnapshotPut {
    /// Free-text description. Example: `Before the migration`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// When the server deletes the snapshot (RFC 3339); `0001-01-01T00:00:00Z` for never. Example: `2030-01-01T00:00:00Z`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
}

/// A new volume snapshot (POST …/volumes/{type}/{volume}/snapshots).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StorageVolumeSnapshotsPost {
    /// Name of the snapshot; empty lets the server pick the next free `snapN`. Example: `snap0`
    #[serde(skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// When the server deletes it (RFC 3339); `None` applies the volume's `snapshots.expiry`. Example: `2030-01-01T00:00:00Z`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
}

/// A rename or migration of a volume snapshot (POST to the snapshot).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StorageVolumeSnapshotPost {
    /// New name of the snapshot (or of the volume it becomes, with `migration`). Example: `snap1`
    pub name: String,
    /// Whether this sends the snapshot to another server instead of renaming it.
    #[serde(skip_serializing_if = "is_false")]
    pub migration: bool,
    /// Server to push the snapshot to; `None` lets the target pull it (migration).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<StorageVolumePostTarget>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn read_write_round_trip() {
        let snapshot: StorageVolumeSnapshot = serde_json::from_str(
            r#"{"name":"snap0","description":"d","config":null,"content_type":"filesystem",
                "created_at":"2021-03-23T20:00:00-04:00",
                "expires_at":"2030-01-01T00:00:00Z","future":true}"#,
        )
        .unwrap();
        assert!(snapshot.config.is_empty());
        assert_eq!(snapshot.content_type, "filesystem");
        let put = snapshot.writable();
        let body = serde_json::to_value(&put).unwrap();
        assert_eq!(
            body,
            serde_json::json!({"description": "d", "expires_at": "2030-01-01T00:00:00Z"})
        );
        assert_eq!(
            serde_json::from_value::<StorageVolumeSnapshotPut>(body).unwrap(),
            put
        );
        assert_eq!(
            serde_json::to_string(&StorageVolumeSnapshotPut::default()).unwrap(),
            "{}"
        );
        let never: StorageVolumeSnapshot = serde_json::from_str(r#"{"expires_at":null}"#).unwrap();
        assert_eq!(never.expires_at, None);
    }

    #[test]
    fn create_and_rename_bodies_name_only_what_is_set() {
        let post = StorageVolumeSnapshotsPost::default();
        assert_eq!(serde_json::to_string(&post).unwrap(), "{}");
        let post = StorageVolumeSnapshotsPost {
            name: "s0".into(),
            expires_at: Some("2030-01-01T00:00:00Z".into()),
        };
        assert_eq!(
            serde_json::to_value(&post).unwrap(),
            serde_json::json!({"name": "s0", "expires_at": "2030-01-01T00:00:00Z"})
        );
        let rename = StorageVolumeSnapshotPost {
            name: "s1".into(),
            ..Default::default()
        };
        assert_eq!(serde_json::to_string(&rename).unwrap(), r#"{"name":"s1"}"#);
    }
}
