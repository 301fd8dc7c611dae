//! PCI devices.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The PCI devices available on the system.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourcesPCI {
    /// List of PCI devices.
    #[serde(default, deserialize_with = "crate::models::null_default")]
    pub devices: Vec<ResourcesPCIDevice>,

    /// Total number of PCI devices.
    ///
    /// Example: `1`.
    pub total: u64,
}

/// A PCI device.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourcesPCIDevice {
    /// Kernel driver currently associated with the device.
    ///
    /// Example: `mgag200`.
    pub driver: String,

    /// Version of the kernel driver.
    ///
    /// Example: `5.8.0-36-generic`.
    pub driver_version: String,

    /// IOMMU group number.
    ///
    /// Example: `20`.
    /// API extension: resources_pci_iommu.
    pub iommu_group: u64,

    /// NUMA node the card is a part of.
    pub numa_node: u64,

    /// PCI address.
    ///
    /// Example: `0000:07:03.0`.
    pub pci_address: String,

    /// Name of the product.
    ///
    /// Example: `MGA G200eW WPCM450`.
    pub product: String,

    /// PCI ID of the product.
    ///
    /// Example: `0532`.
    pub product_id: String,

    /// Name of the vendor.
    ///
    /// Example: `Matrox Electronics Systems Ltd`.
    pub vendor: String,

    /// PCI ID of the vendor.
    ///
    /// Example: `102b`.
    pub vendor_id: String,

    /// VPD (vital product data) entries for the device.
    ///
    /// API extension: resources_pci_vpd.
    #[serde(default, deserialize_with = "crate::models::null_default")]
    pub vpd: ResourcesPCIVPD,
}

/// VPD entries for a device.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourcesPCIVPD {
    /// Vendor provided key/value pairs.
    ///
    /// Example: `{"EC": "A-5545", "MN": "103C", "V0": "5W PCIeGen2"}`.
    #[serde(default, deserialize_with = "crate::models::null_default")]
    pub entries: BTreeMap<String, String>,

    /// Hardware provided product name.
    ///
    /// Example: `HP Ethernet 1Gb 4-port 331i Adapter`.
    pub product_name: String,
}
