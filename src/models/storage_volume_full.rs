//! A storage volume with its snapshots, backups and state in one reply.

use serde::{Deserialize, Serialize};

use super::{
    StorageVolume, StorageVolumeBackup, StorageVolumeSnapshot, StorageVolumeState, null_default,
};

/// A volume with everything about it (recursion=2 on a volume list,
/// recursion=1 on one volume). API extension: storage_volume_full.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StorageVolumeFull {
    /// The volume's own fields, flattened into the same JSON object.
    #[serde(flatten)]
    pub volume: StorageVolume,
    /// Its snapshots.
    #[serde(deserialize_with = "null_default")]
    pub snapshots: Vec<StorageVolumeSnapshot>,
    /// Its backups.
    #[serde(deserialize_with = "null_default")]
    pub backups: Vec<StorageVolumeBackup>,
    /// Its usage; `None` when the server could not read it.
    pub state: Option<StorageVolumeState>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_volume_and_what_belongs_to_it() {
        let full: StorageVolumeFull = serde_json::from_str(
            r#"{"name":"data","type":"custom","config":{"size":"1GiB"},"used_by":null,
                "snapshots":[{"name":"snap0","content_type":"filesystem"}],
                "backups":[{"name":"backup0","volume_only":true}],
                "state":{"usage":{"used":4096,"total":0}},"x":1}"#,
        )
        .unwrap();
        assert_eq!(full.volume.name, "data");
        assert_eq!(full.volume.config["size"], "1GiB");
        assert_eq!(full.snapshots[0].name, "snap0");
        assert!(full.backups[0].volume_only);
        assert_eq!(full.state.unwrap().usage.unwrap().used, 4096);
        let bare: StorageVolumeFull =
            serde_json::from_str(r#"{"name":"v","snapshots":null,"backups":null,"state":null}"#)
                .unwrap();
        assert!(bare.snapshots.is_empty() && bare.backups.is_empty() && bare.state.is_none());
    }
}
