//! Instance snapshots (read side, as listed inside `InstanceFull`).

use serde::{Deserialize, Serialize};

use super::{null_default, ConfigMap, DevicesMap};

/// A point-in-time snapshot of an instance.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct InstanceSnapshot {
    /// Snapshot name. Example: `foo`
    pub name: String,
    /// Snapshot description. API extension: `snapshot_description` (not in 6.0.4).
    pub description: String,
    /// Architecture name. Example: `x86_64`
    pub architecture: String,
    /// Instance configuration at snapshot time.
    #[serde(deserialize_with = "null_default")]
    pub config: ConfigMap,
    /// Instance devices at snapshot time.
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
    /// Whether the snapshot holds saved runtime state.
    pub stateful: bool,
    /// Snapshot creation timestamp.
    pub created_at: String,
    /// When the snapshot expires (gets auto-deleted).
    pub expires_at: String,
    /// Last start timestamp.
    pub last_used_at: String,
    /// Size of the snapshot in bytes. Example: `143360`
    pub size: i64,
}
