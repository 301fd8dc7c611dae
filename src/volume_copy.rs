//! Copying a custom storage volume to another server: what
//! [`Client::copy_storage_volume_to`] takes, and the requests of the two
//! sides it builds.
//!
//! [`Client::copy_storage_volume_to`]: crate::Client::copy_storage_volume_to

use std::time::Duration;

use crate::copy::MigrationMode;
use crate::models::{StorageVolume, StorageVolumePost, StorageVolumeSource, StorageVolumesPost};

/// Options for [`Client::copy_storage_volume_to`].
///
/// ```
/// use std::time::Duration;
/// use incus::{CopyStorageVolumeOptions, MigrationMode};
/// let options = CopyStorageVolumeOptions::new()
///     .pool("fast")
///     .name("data-copy")
///     .mode(MigrationMode::Push)
///     .volume_only()
///     .timeout(Duration::from_secs(1800));
/// ```
///
/// [`Client::copy_storage_volume_to`]: crate::Client::copy_storage_volume_to
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct CopyStorageVolumeOptions {
    /// The pool on the target; `None` for a pool named like the source's.
    pub pool: Option<String>,
    /// The copy's name on the target; `None` keeps the source's name.
    pub name: Option<String>,
    /// How the data travels between two servers.
    pub mode: MigrationMode,
    /// Leave the snapshots behind.
    pub volume_only: bool,
    /// Update an existing copy on the target instead of making a new one.
    pub refresh: bool,
    /// How long the whole copy may take.
    pub timeout: Duration,
}

impl Default for CopyStorageVolumeOptions {
    fn default() -> CopyStorageVolumeOptions {
        CopyStorageVolumeOptions {
            pool: None,
            name: None,
            mode: MigrationMode::Pull,
            volume_only: false,
            refresh: false,
            timeout: Duration::from_secs(600),
        }
    }
}

impl CopyStorageVolumeOptions {
    /// A copy under the same name in a pool of the same name, snapshots
    /// included, in pull mode, within 10 minutes.
    pub fn new() -> CopyStorageVolumeOptions {
        CopyStorageVolumeOptions::default()
    }

    /// Puts the copy in the target's pool `pool`. Defaults to the pool
    /// named like the source's.
    #[must_use]
    pub fn pool(mut self, pool: impl Into<String>) -> CopyStorageVolumeOptions {
        self.pool = Some(pool.into());
        self
    }

    /// Names the copy on the target. Defaults to the source's name.
    #[must_use]
    pub fn name(mut self, name: impl Into<String>) -> CopyStorageVolumeOptions {
        self.name = Some(name.into());
        self
    }

    /// How the data travels between two servers. Defaults to
    /// [`MigrationMode::Pull`]; a copy on one server ignores it.
    #[must_use]
    pub fn mode(mut self, mode: MigrationMode) -> CopyStorageVolumeOptions {
        self.mode = mode;
        self
    }

    /// Leaves the snapshots behind. Defaults to copying them.
    #[must_use]
    pub fn volume_only(mut self) -> CopyStorageVolumeOptions {
        self.volume_only = true;
        self
    }

    /// Brings an existing copy on the target up to date (its missing
    /// snapshots and the volume itself). Defaults to making a new volume.
    #[must_use]
    pub fn refresh(mut self) -> CopyStorageVolumeOptions {
        self.refresh = true;
        self
    }

    /// How long the whole copy may take; past it both servers' operations
    /// are cancelled and the copy is [`Error::Timeout`](crate::Error::Timeout).
    /// Defaults to 10 minutes.
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> CopyStorageVolumeOptions {
        self.timeout = timeout;
        self
    }

    /// The source's side: a migration of the volume `name`, with no target
    /// yet.
    pub(crate) fn source_request(&self, name: &str) -> StorageVolumePost {
        StorageVolumePost {
            name: name.to_string(),
            migration: true,
            volume_only: self.volume_only,
            ..Default::default()
        }
    }

    /// The target's side: a custom volume like `volume` (its description,
    /// configuration and content type), made from `source`, to which the
    /// snapshot and refresh choices are added.
    pub(crate) fn target_request(
        &self,
        volume: &StorageVolume,
        source: StorageVolumeSource,
    ) -> StorageVolumesPost {
        StorageVolumesPost {
            name: self.name.clone().unwrap_or_else(|| volume.name.clone()),
            kind: "custom".into(),
            description: volume.description.clone(),
            config: volume.config.clone(),
            content_type: volume.content_type.clone(),
            source: StorageVolumeSource {
                volume_only: self.volume_only,
                refresh: self.refresh,
                ..source
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_target_gets_the_source_volume_and_the_choices() {
        let volume: StorageVolume = serde_json::from_value(serde_json::json!({
            "name": "data", "type": "custom", "description": "d",
            "config": {"size": "1GiB"}, "content_type": "filesystem"
        }))
        .unwrap();
        let options = CopyStorageVolumeOptions::new()
            .name("data2")
            .volume_only()
            .refresh();
        let migration = StorageVolumeSource {
            kind: "migration".into(),
            mode: "push".into(),
            ..Default::default()
        };
        let sent = serde_json::to_value(options.target_request(&volume, migration)).unwrap();
        assert_eq!(
            sent,
            serde_json::json!({
                "name": "data2", "type": "custom", "description": "d",
                "config": {"size": "1GiB"}, "content_type": "filesystem",
                "source": {"type": "migration", "mode": "push",
                           "volume_only": true, "refresh": true}
            })
        );
        let keep = CopyStorageVolumeOptions::new().target_request(&volume, Default::default());
        assert_eq!(keep.name, "data");
        assert!(keep.source.is_empty());
        let source = serde_json::to_value(options.source_request("data")).unwrap();
        assert_eq!(
            source,
            serde_json::json!({"name": "data", "migration": true, "volume_only": true})
        );
    }
}
