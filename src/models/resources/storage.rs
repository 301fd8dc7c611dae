//! Storage resources: local disks and partitions, and a storage pool's space
//! (`GET /1.0/storage-pools/{name}/resources`).

use serde::{Deserialize, Serialize};

use crate::models::null_default;

/// The host's local disks.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourcesStorage {
    /// One entry per disk.
    #[serde(deserialize_with = "null_default")]
    pub disks: Vec<ResourcesStorageDisk>,
    /// Disks and their partitions, counted together. Example: `1`
    pub total: u64,
}

/// One local disk.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourcesStorageDisk {
    /// Physical block size, in bytes. Example: `512`. API extension: resources_disk_sata.
    pub block_size: u64,
    /// Major and minor number. Example: `259:0`
    pub device: String,
    /// Name under `/dev/disk/by-id`. Example: `nvme-eui.0000000001000000e4d25cafae2e4c00`. API extension: resources_disk_id.
    pub device_id: String,
    /// Name under `/dev/disk/by-path`. Example: `pci-0000:05:00.0-nvme-1`. API extension: resources_disk_sata.
    pub device_path: String,
    /// Firmware version on the disk. Example: `PSF121C`. API extension: resources_disk_sata.
    pub firmware_version: String,
    /// Kernel name of the disk. Example: `nvme0n1`
    pub id: String,
    /// Model name. Example: `INTEL SSDPEKKW256G7`
    pub model: String,
    /// NUMA node of the disk.
    pub numa_node: u64,
    /// The disk's partitions.
    #[serde(deserialize_with = "null_default")]
    pub partitions: Vec<ResourcesStorageDiskPartition>,
    /// PCI address of the disk or its controller. Example: `0000:05:00.0`. API extension: resources_disk_address.
    pub pci_address: String,
    /// Whether the disk can only be read.
    pub read_only: bool,
    /// Whether the disk can be unplugged while running.
    pub removable: bool,
    /// Spindle speed in RPM: 0 for solid-state, 1 for a spinning disk of unknown speed. API extension: resources_disk_sata.
    pub rpm: u64,
    /// Serial number. Example: `BTPY63440ARH256D`. API extension: resources_disk_sata.
    pub serial: String,
    /// Capacity in bytes. Example: `256060514304`
    pub size: u64,
    /// Bus or kind of disk (`nvme`, `scsi`, `sata`, `usb`, `cdrom`, …). Example: `nvme`
    #[serde(rename = "type")]
    pub kind: String,
    /// USB bus and device, for a USB disk. Example: `3:5`. API extension: resources_disk_address.
    pub usb_address: String,
    /// World Wide Name of the disk. Example: `eui.0000000001000000e4d25cafae2e4c00`
    pub wwn: String,
}

/// One partition of a local disk.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourcesStorageDiskPartition {
    /// Major and minor number. Example: `259:1`
    pub device: String,
    /// Kernel name of the partition. Example: `nvme0n1p1`
    pub id: String,
    /// Partition number on the disk. Example: `1`
    pub partition: u64,
    /// Whether the partition can only be read.
    pub read_only: bool,
    /// Capacity in bytes. Example: `254933278208`
    pub size: u64,
}

/// Space and inodes of one storage pool (`GET /1.0/storage-pools/{name}/resources`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourcesStoragePool {
    /// Inode count and use.
    pub inodes: ResourcesStoragePoolInodes,
    /// Byte count and use.
    pub space: ResourcesStoragePoolSpace,
}

/// The space of a storage pool.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourcesStoragePoolSpace {
    /// Capacity in bytes. Example: `420100937728`
    pub total: u64,
    /// Bytes in use. Example: `343537419776`
    pub used: u64,
}

/// The inodes of a storage pool.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourcesStoragePoolInodes {
    /// How many inodes the pool has. Example: `30709993797`
    pub total: u64,
    /// How many of them are in use. Example: `23937695`
    pub used: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_storage_pool_resources() {
        // Go holds `inodes` by value, so it is never null; a server without
        // inode counts leaves the key out.
        let body = r#"{"space": {"used": 343537419776, "total": 420100937728}}"#;
        let pool: ResourcesStoragePool = serde_json::from_str(body).unwrap();
        assert_eq!(pool.space.total, 420_100_937_728);
        assert_eq!(pool.inodes, ResourcesStoragePoolInodes::default());
    }
}
