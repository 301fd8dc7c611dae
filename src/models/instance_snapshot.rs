//! Instance snapshots (read side, as listed inside `InstanceFull`).

use serde::{Deserialize, Serialize};

use super::{ConfigMap, DevicesMap, null_default};

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
    /// When the server deletes the snapshot by itself (RFC 3339).
    pub expires_at: String,
    /// When the instance last started, as recorded in the snapshot (RFC 3339).
    pub last_used_at: String,
    /// Disk space the snapshot takes, in bytes. Example: `143360`
    pub size: i64,
}
