//! Storage resources: local disks and partitions, and a storage pool's space
//! (`GET /1.0/storage-pools/{name}/resources`).

use serde::{Deserialize, Serialize};

/// The local storage.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourcesStorage {
    /// List of disks.
    #[serde(default, deserialize_with = "crate::models::null_default")]
    pub disks: Vec<ResourcesStorageDisk>,

    /// Total number of partitions.
    ///
    /// Example: `1`.
    pub total: u64,
}

/// A disk.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourcesStorageDisk {
    /// Block size.
    ///
    /// Example: `512`.
    /// API extension: resources_disk_sata.
    pub block_size: u64,

    /// Device number.
    ///
    /// Example: `259:0`.
    pub device: String,

    /// Device by-id identifier.
    ///
    /// Example: `nvme-eui.0000000001000000e4d25cafae2e4c00`.
    /// API extension: resources_disk_id.
    pub device_id: String,

    /// Device by-path identifier.
    ///
    /// Example: `pci-0000:05:00.0-nvme-1`.
    /// API extension: resources_disk_sata.
    pub device_path: String,

    /// Current firmware version.
    ///
    /// Example: `PSF121C`.
    /// API extension: resources_disk_sata.
    pub firmware_version: String,

    /// ID of the disk (device name).
    ///
    /// Example: `nvme0n1`.
    pub id: String,

    /// Disk model name.
    ///
    /// Example: `INTEL SSDPEKKW256G7`.
    pub model: String,

    /// NUMA node the disk is a part of.
    pub numa_node: u64,

    /// List of partitions.
    #[serde(default, deserialize_with = "crate::models::null_default")]
    pub partitions: Vec<ResourcesStorageDiskPartition>,

    /// PCI address.
    ///
    /// Example: `0000:05:00.0`.
    /// API extension: resources_disk_address.
    pub pci_address: String,

    /// Whether the disk is read-only.
    pub read_only: bool,

    /// Whether the disk is removable (hot-plug).
    pub removable: bool,

    /// Rotation speed (RPM).
    ///
    /// API extension: resources_disk_sata.
    pub rpm: u64,

    /// Serial number.
    ///
    /// Example: `BTPY63440ARH256D`.
    /// API extension: resources_disk_sata.
    pub serial: String,

    /// Total size of the disk (bytes).
    ///
    /// Example: `256060514304`.
    pub size: u64,

    /// Storage type.
    ///
    /// Example: `nvme`.
    #[serde(rename = "type")]
    pub kind: String,

    /// USB address.
    ///
    /// Example: `3:5`.
    /// API extension: resources_disk_address.
    pub usb_address: String,

    /// WWN identifier.
    ///
    /// Example: `eui.0000000001000000e4d25cafae2e4c00`.
    pub wwn: String,
}

/// A partition on a disk.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourcesStorageDiskPartition {
    /// Device number.
    ///
    /// Example: `259:1`.
    pub device: String,

    /// ID of the partition (device name).
    ///
    /// Example: `nvme0n1p1`.
    pub id: String,

    /// Partition number.
    ///
    /// Example: `1`.
    pub partition: u64,

    /// Whether the partition is read-only.
    pub read_only: bool,

    /// Size of the partition (bytes).
    ///
    /// Example: `254933278208`.
    pub size: u64,
}

/// The resources available to a given storage pool
/// (`GET /1.0/storage-pools/{name}/resources`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourcesStoragePool {
    /// Inodes available to the storage pool.
    #[serde(default, deserialize_with = "crate::models::null_default")]
    pub inodes: ResourcesStoragePoolInodes,

    /// Space available to the storage pool.
    #[serde(default, deserialize_with = "crate::models::null_default")]
    pub space: ResourcesStoragePoolSpace,
}

/// The space available to a given storage pool.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourcesStoragePoolSpace {
    /// Total disk space (bytes).
    ///
    /// Example: `420100937728`.
    pub total: u64,

    /// Used disk space (bytes).
    ///
    /// Example: `343537419776`.
    pub used: u64,
}

/// The inodes available to a given storage pool.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourcesStoragePoolInodes {
    /// Total inodes.
    ///
    /// Example: `30709993797`.
    pub total: u64,

    /// Used inodes.
    ///
    /// Example: `23937695`.
    pub used: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_storage_pool_resources() {
        let body = r#"{"space": {"used": 343537419776, "total": 420100937728},
            "inodes": null}"#;
        let pool: ResourcesStoragePool = serde_json::from_str(body).unwrap();
        assert_eq!(pool.space.total, 420_100_937_728);
        assert_eq!(pool.inodes, ResourcesStoragePoolInodes::default());
    }
}
