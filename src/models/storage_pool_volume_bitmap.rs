//! Dirty bitmaps: which blocks of a disk changed, for incremental backups.

use serde::{Deserialize, Serialize};

use super::{is_false, is_zero};

/// A new dirty bitmap, on a volume or (with
/// [`Client::create_instance_bitmap`](crate::Client::create_instance_bitmap))
/// on every disk of a running virtual machine at once.
/// API extension: storage_volume_nbd.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StorageVolumeBitmapsPost {
    /// The bitmap's name. Example: `bitmap0`
    pub name: String,
    /// How many bytes one bit of the bitmap covers; 0 lets the daemon choose. Example: `32768`
    #[serde(skip_serializing_if = "is_zero")]
    pub granularity: u64,
    /// Keep the bitmap on disk across restarts of the virtual machine.
    #[serde(skip_serializing_if = "is_false")]
    pub persistent: bool,
    /// Create it not recording writes yet.
    #[serde(skip_serializing_if = "is_false")]
    pub disabled: bool,
}

/// A dirty bitmap of a volume, as read. API extension: storage_volume_nbd.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StorageVolumeBitmap {
    /// The bitmap's name. Example: `bitmap0`
    pub name: String,
    /// How many dirty bytes it has recorded. Example: `300`
    pub count: u64,
    /// How many bytes one bit of the bitmap covers. Example: `32768`
    pub granularity: u64,
    /// Whether it is recording the guest's writes now.
    pub recording: bool,
    /// Whether it is kept on disk (or will be).
    pub persistent: bool,
    /// Whether an operation is using it.
    pub busy: bool,
    /// Whether it is a persistent bitmap that was not saved properly.
    pub inconsistent: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bitmaps_read() {
        let bitmap: StorageVolumeBitmap = serde_json::from_str(
            r#"{"name":"bitmap0","count":300,"granularity":32768,"recording":false,
                "persistent":false,"busy":true,"inconsistent":true,"x":1}"#,
        )
        .unwrap();
        assert_eq!((bitmap.count, bitmap.granularity), (300, 32768));
        assert!(bitmap.busy && bitmap.inconsistent && !bitmap.recording);
        let again: StorageVolumeBitmap =
            serde_json::from_value(serde_json::to_value(&bitmap).unwrap()).unwrap();
        assert_eq!(again, bitmap);
    }

    #[test]
    fn bodies_round_trip() {
        let post = StorageVolumeBitmapsPost {
            name: "bitmap0".into(),
            granularity: 32768,
            persistent: true,
            disabled: false,
        };
        let body = serde_json::to_string(&post).unwrap();
        assert_eq!(
            body,
            r#"{"name":"bitmap0","granularity":32768,"persistent":true}"#
        );
        assert_eq!(
            serde_json::from_str::<StorageVolumeBitmapsPost>(&body).unwrap(),
            post
        );
    }
}
