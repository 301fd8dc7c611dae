//! Storage volume backups: the read type and the bodies that create and
//! rename one (`/1.0/storage-pools/{pool}/volumes/custom/{volume}/backups`).

use serde::{Deserialize, Serialize};

use super::is_false;

/// A backup of a custom storage volume, kept on the server.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StorageVolumeBackup {
    /// Name of the backup. Example: `backup0`
    pub name: String,
    /// When the backup was made (RFC 3339).
    pub created_at: String,
    /// When the server deletes the backup by itself (RFC 3339); `0001-01-01T00:00:00Z` for never.
    pub expires_at: String,
    /// Whether the backup leaves the volume's snapshots out.
    pub volume_only: bool,
    /// Whether the backup is in the storage driver's own format rather than a plain tarball.
    pub optimized_storage: bool,
}

/// A new backup of a volume (POST …/volumes/custom/{volume}/backups).
/// Every field may stay unset: the daemon then names the backup itself
/// (`backup0`, `backup1`, …), keeps it until deleted, includes the
/// snapshots and compresses with its configured default.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StorageVolumeBackupsPost {
    /// Name for the backup; the daemon picks one when empty. Example: `backup0`
    #[serde(skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// When the daemon should delete the backup by itself (RFC 3339); never when empty.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub expires_at: String,
    /// Whether to leave the volume's snapshots out.
    #[serde(skip_serializing_if = "is_false")]
    pub volume_only: bool,
    /// Whether to store the storage driver's own format (faster, same-driver restore only).
    #[serde(skip_serializing_if = "is_false")]
    pub optimized_storage: bool,
    /// Compressor for the tarball (`gzip`, `xz`, `zstd`, `none`, …); the server's default when empty.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub compression_algorithm: String,
}

/// A rename of a volume backup (POST to the backup).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StorageVolumeBackupPost {
    /// New name. Example: `backup1`
    pub name: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backups_read_and_bodies_leave_out_what_is_unset() {
        let backup: StorageVolumeBackup = serde_json::from_str(
            r#"{"name":"backup0","created_at":"2021-03-23T16:38:37.753398689-04:00",
                "expires_at":"0001-01-01T00:00:00Z","volume_only":true,
                "optimized_storage":false,"x":1}"#,
        )
        .unwrap();
        assert!(backup.volume_only && !backup.optimized_storage);
        let again: StorageVolumeBackup =
            serde_json::from_value(serde_json::to_value(&backup).unwrap()).unwrap();
        assert_eq!(again, backup);

        let empty = serde_json::to_value(StorageVolumeBackupsPost::default()).unwrap();
        assert_eq!(empty, serde_json::json!({}));
        let post = StorageVolumeBackupsPost {
            name: "b1".into(),
            expires_at: "2030-01-01T00:00:00Z".into(),
            volume_only: true,
            optimized_storage: true,
            compression_algorithm: "zstd".into(),
        };
        assert_eq!(
            serde_json::to_value(&post).unwrap(),
            serde_json::json!({"name": "b1", "expires_at": "2030-01-01T00:00:00Z",
                "volume_only": true, "optimized_storage": true,
                "compression_algorithm": "zstd"})
        );
        let rename = StorageVolumeBackupPost { name: "b2".into() };
        assert_eq!(
            serde_json::to_value(&rename).unwrap(),
            serde_json::json!({"name": "b2"})
        );
    }
}
