//! Instance backups (read side, as listed inside `InstanceFull`).

use serde::{Deserialize, Serialize};

/// A backup of an instance, kept on the server.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct InstanceBackup {
    /// Backup name. Example: `backup0`
    pub name: String,
    /// When the backup was created.
    pub created_at: String,
    /// When the backup expires (gets auto-deleted).
    pub expires_at: String,
    /// Whether to ignore snapshots.
    pub instance_only: bool,
    /// Whether to use a pool-optimized binary format (instead of plain tarball).
    pub optimized_storage: bool,
}
