//! Instance backups (read side, as listed inside `InstanceFull`).

use serde::{Deserialize, Serialize};

/// A backup of an instance, kept on the server.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct InstanceBackup {
    /// Name of the backup. Example: `backup0`
    pub name: String,
    /// When the backup was made (RFC 3339).
    pub created_at: String,
    /// When the server deletes the backup by itself (RFC 3339).
    pub expires_at: String,
    /// Whether the backup leaves the snapshots out.
    pub instance_only: bool,
    /// Whether the backup is in the storage driver's own format rather than a plain tarball.
    pub optimized_storage: bool,
}
