//! Storage volumes: the disks in a pool (custom volumes, instance and image
//! volumes), with their state.

use serde::{Deserialize, Serialize};

use super::{ConfigMap, is_false, null_default};

/// A storage volume, as read.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StorageVolume {
    /// Name of the volume. Example: `data`
    pub name: String,
    /// Free-text description. Example: `Shared build cache`
    pub description: String,
    /// Volume options, key to value. Example: `{"size": "10GiB"}`
    #[serde(deserialize_with = "null_default")]
    pub config: ConfigMap,
    /// Volume type: `custom`, `container`, `virtual-machine` or `image`. Read only.
    #[serde(rename = "type")]
    pub kind: String,
    /// What it holds: `filesystem`, `block` or `iso`. Read only.
    pub content_type: String,
    /// URLs of the instances and profiles using it. Read only.
    #[serde(deserialize_with = "null_default")]
    pub used_by: Vec<String>,
    /// Cluster member holding it; empty when not clustered. Read only.
    pub location: String,
    /// Project it belongs to. Read only.
    pub project: String,
    /// When it was made (RFC 3339). Read only.
    pub created_at: String,
}

impl StorageVolume {
    /// The writable part, ready to change and send back with
    /// [`Client::replace_storage_volume`](crate::Client::replace_storage_volume).
    pub fn writable(&self) -> StorageVolumePut {
        StorageVolumePut {
            description: Some(self.description.clone()),
            config: self.config.clone(),
            restore: None,
        }
    }
}

/// The writable fields of a volume (PUT and PATCH), and restoring a
/// snapshot.
///
/// Unset fields are left out of the request: PATCH keeps their current
/// value, PUT clears them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StorageVolumePut {
    /// Free-text description. Example: `Shared build cache`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Volume options; with PATCH, keys are merged into the current ones.
    #[serde(
        skip_serializing_if = "ConfigMap::is_empty",
        deserialize_with = "null_default"
    )]
    pub config: ConfigMap,
    /// Name of a snapshot of this volume to roll it back to. Example: `snap0`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub restore: Option<String>,
}

/// A new volume (POST /1.0/storage-pools/{pool}/volumes/{type}): empty,
/// or made from a `source`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StorageVolumesPost {
    /// Name of the new volume. Example: `data`
    pub name: String,
    /// Volume type; only `custom` can be created. Example: `custom`
    #[serde(rename = "type", skip_serializing_if = "String::is_empty")]
    pub kind: String,
    /// Free-text description.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Volume options, key to value. Example: `{"size": "1GiB"}`
    #[serde(
        skip_serializing_if = "ConfigMap::is_empty",
        deserialize_with = "null_default"
    )]
    pub config: ConfigMap,
    /// `filesystem` (the default) or `block`. Example: `block`
    #[serde(skip_serializing_if = "String::is_empty")]
    pub content_type: String,
    /// Where its content comes from; empty for a new, empty volume.
    #[serde(skip_serializing_if = "StorageVolumeSource::is_empty")]
    pub source: StorageVolumeSource,
}

/// Where a new volume's content comes from: another volume (`copy`) or a
/// migration (`migration`, with an operation and its secrets).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StorageVolumeSource {
    /// `copy` or `migration`. Example: `copy`
    #[serde(rename = "type", skip_serializing_if = "String::is_empty")]
    pub kind: String,
    /// Name of the source volume (`pool`'s), for a copy. Example: `data`
    #[serde(skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// Pool of the source volume, for a copy. Example: `default`
    #[serde(skip_serializing_if = "String::is_empty")]
    pub pool: String,
    /// Project of the source volume, for a copy from another project.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub project: String,
    /// Cluster member holding the source volume.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub location: String,
    /// Certificate of the source server (PEM), for a migration.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub certificate: String,
    /// `pull` (the default) or `push`, for a migration.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub mode: String,
    /// URL of the source's migration operation, for a pull.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub operation: String,
    /// Websocket secrets by channel name, for a migration.
    #[serde(
        skip_serializing_if = "ConfigMap::is_empty",
        deserialize_with = "null_default"
    )]
    pub secrets: ConfigMap,
    /// Copy the volume without its snapshots.
    #[serde(skip_serializing_if = "is_false")]
    pub volume_only: bool,
    /// Update an existing target volume instead of making a new one.
    #[serde(skip_serializing_if = "is_false")]
    pub refresh: bool,
    /// With `refresh`, skip source snapshots older than the target's newest. API extension: custom_volume_refresh_exclude_older_snapshots.
    #[serde(skip_serializing_if = "is_false")]
    pub refresh_exclude_older: bool,
}

impl StorageVolumesPost {
    /// A new, empty custom volume `name` (a filesystem, the pool's default
    /// size).
    #[must_use]
    pub fn custom(name: impl Into<String>) -> StorageVolumesPost {
        StorageVolumesPost {
            name: name.into(),
            kind: "custom".into(),
            ..Default::default()
        }
    }

    /// Makes it a block volume (`content_type: block`), for virtual
    /// machines or raw use. Defaults to a filesystem.
    #[must_use]
    pub fn block(mut self) -> StorageVolumesPost {
        self.content_type = "block".into();
        self
    }

    /// Sets the volume option `key` (`size`, `block.filesystem`, …).
    #[must_use]
    pub fn config(
        mut self,
        key: impl Into<String>,
        value: impl Into<String>,
    ) -> StorageVolumesPost {
        self.config.insert(key.into(), value.into());
        self
    }

    /// Fills it from `source` (a copy of another volume). Defaults to empty.
    #[must_use]
    pub fn source(mut self, source: StorageVolumeSource) -> StorageVolumesPost {
        self.source = source;
        self
    }
}

impl StorageVolumeSource {
    /// A copy of the custom volume `name` in `pool` (of the client's
    /// project), with its snapshots.
    #[must_use]
    pub fn copy(pool: impl Into<String>, name: impl Into<String>) -> StorageVolumeSource {
        StorageVolumeSource {
            kind: "copy".into(),
            pool: pool.into(),
            name: name.into(),
            ..Default::default()
        }
    }

    /// Copies the volume without its snapshots. Defaults to with them.
    #[must_use]
    pub fn volume_only(mut self) -> StorageVolumeSource {
        self.volume_only = true;
        self
    }

    /// Takes the source volume from `project` rather than the client's.
    #[must_use]
    pub fn project(mut self, project: impl Into<String>) -> StorageVolumeSource {
        self.project = project.into();
        self
    }

    /// Whether nothing is set (an empty volume is made).
    pub fn is_empty(&self) -> bool {
        *self == StorageVolumeSource::default()
    }
}

/// Renaming or moving a volume (POST to the volume), or starting a
/// migration of it to another server (`migration: true`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StorageVolumePost {
    /// New name (the current one to keep it). Example: `data2`
    pub name: String,
    /// Pool to move it to; empty to stay. Example: `fast`
    #[serde(skip_serializing_if = "String::is_empty")]
    pub pool: String,
    /// Project to move it to; empty to stay.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub project: String,
    /// Start a migration: the reply is an operation with websocket secrets.
    #[serde(skip_serializing_if = "is_false")]
    pub migration: bool,
    /// Move or migrate the volume without its snapshots.
    #[serde(skip_serializing_if = "is_false")]
    pub volume_only: bool,
    /// For a push migration: the target server's operation and secrets.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<StorageVolumePostTarget>,
}

/// The target of a push migration: its operation URL, websocket secrets and
/// certificate.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StorageVolumePostTarget {
    /// Certificate of the target server (PEM).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub certificate: String,
    /// URL of the target's operation. Example: `https://10.0.0.2:8443/1.0/operations/…`
    pub operation: String,
    /// Websocket secrets by channel name.
    #[serde(deserialize_with = "null_default")]
    pub secrets: ConfigMap,
}

impl StorageVolumePost {
    /// A rename to `name`, or, with [`pool`](Self::pool) or
    /// [`project`](Self::project), a move (pass the current name to keep
    /// it).
    #[must_use]
    pub fn new(name: impl Into<String>) -> StorageVolumePost {
        StorageVolumePost {
            name: name.into(),
            ..Default::default()
        }
    }

    /// Moves the volume to `pool`. Defaults to staying.
    #[must_use]
    pub fn pool(mut self, pool: impl Into<String>) -> StorageVolumePost {
        self.pool = pool.into();
        self
    }

    /// Moves the volume to `project`; name the [`pool`](Self::pool) too
    /// (Incus 6.0.4 needs it). Defaults to staying.
    #[must_use]
    pub fn project(mut self, project: impl Into<String>) -> StorageVolumePost {
        self.project = project.into();
        self
    }
}

/// A volume's usage (GET …/state).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StorageVolumeState {
    /// Space used; `None` when the driver cannot tell.
    pub usage: Option<StorageVolumeStateUsage>,
}

/// Space a volume uses, in bytes.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StorageVolumeStateUsage {
    /// Bytes used. Example: `1500000`
    pub used: u64,
    /// Bytes available to it; 0 or -1 when unlimited. Example: `10737418240`
    pub total: i64,
}

/// A rebuild of a custom volume (POST …/volumes/{type}/{volume}/rebuild):
/// no fields yet; the volume comes back empty with the same configuration.
/// API extension: storage_volumes_rebuild.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct StorageVolumeRebuildPost {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_bodies() {
        let volume: StorageVolume = serde_json::from_str(
            r#"{"name":"data","description":"d","config":{"size":"1GiB"},"type":"custom",
                "content_type":"filesystem","used_by":null,"location":"none","project":"default",
                "created_at":"2026-01-01T00:00:00Z","x":1}"#,
        )
        .unwrap();
        assert_eq!(volume.kind, "custom");
        assert!(volume.used_by.is_empty());
        let put = volume.writable();
        let body = serde_json::to_value(&put).unwrap();
        assert_eq!(
            body,
            serde_json::json!({"description": "d", "config": {"size": "1GiB"}})
        );
        assert_eq!(
            serde_json::from_value::<StorageVolumePut>(body).unwrap(),
            put
        );

        let post = StorageVolumesPost {
            name: "data".into(),
            ..Default::default()
        };
        assert_eq!(serde_json::to_string(&post).unwrap(), r#"{"name":"data"}"#);
        let copy = StorageVolumesPost {
            name: "b".into(),
            kind: "custom".into(),
            source: StorageVolumeSource {
                kind: "copy".into(),
                name: "a".into(),
                pool: "default".into(),
                ..Default::default()
            },
            ..Default::default()
        };
        assert_eq!(
            serde_json::to_value(&copy).unwrap(),
            serde_json::json!({"name": "b", "type": "custom",
                               "source": {"type": "copy", "name": "a", "pool": "default"}})
        );
        let built = StorageVolumesPost::custom("b")
            .source(StorageVolumeSource::copy("default", "a"))
            .config("size", "1GiB");
        let mut want = copy.clone();
        want.config.insert("size".into(), "1GiB".into());
        assert_eq!(built, want);
        assert_eq!(
            serde_json::to_value(StorageVolumesPost::custom("v").block()).unwrap(),
            serde_json::json!({"name": "v", "type": "custom", "content_type": "block"})
        );
        assert_eq!(
            serde_json::to_value(StorageVolumePost::new("v").pool("p").project("q")).unwrap(),
            serde_json::json!({"name": "v", "pool": "p", "project": "q"})
        );
        let only = StorageVolumeSource::copy("p", "v")
            .volume_only()
            .project("q");
        assert!(only.volume_only && only.project == "q" && only.kind == "copy");
        let state: StorageVolumeState =
            serde_json::from_str(r#"{"usage":{"used":5,"total":-1}}"#).unwrap();
        assert_eq!(state.usage.unwrap().total, -1);
        let state: StorageVolumeState = serde_json::from_str(r#"{"usage":null}"#).unwrap();
        assert!(state.usage.is_none());
    }
}
