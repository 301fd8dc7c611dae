//! PCI devices.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::models::null_default;

/// The host's PCI devices.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourcesPCI {
    /// One entry per device.
    #[serde(deserialize_with = "null_default")]
    pub devices: Vec<ResourcesPCIDevice>,
    /// How many devices there are. Example: `1`
    pub total: u64,
}

/// One PCI device.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourcesPCIDevice {
    /// Kernel driver bound to the device. Example: `mgag200`
    pub driver: String,
    /// Version of that driver. Example: `5.8.0-36-generic`
    pub driver_version: String,
    /// IOMMU group the device belongs to. Example: `20`. API extension: resources_pci_iommu.
    pub iommu_group: u64,
    /// NUMA node of the device.
    pub numa_node: u64,
    /// PCI address. Example: `0000:07:03.0`
    pub pci_address: String,
    /// Product name. Example: `MGA G200eW WPCM450`
    pub product: String,
    /// PCI product ID. Example: `0532`
    pub product_id: String,
    /// Vendor name. Example: `Matrox Electronics Systems Ltd`
    pub vendor: String,
    /// PCI vendor ID. Example: `102b`
    pub vendor_id: String,
    /// Vital product data the device reports about itself. API extension: resources_pci_vpd.
    pub vpd: ResourcesPCIVPD,
}

/// The vital product data (VPD) of a PCI device.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourcesPCIVPD {
    /// Keyword to value, as the vendor filled them in. Example: `{"EC": "A-5545", "MN": "103C"}`
    #[serde(deserialize_with = "null_default")]
    pub entries: BTreeMap<String, String>,
    /// Product name stored in the hardware. Example: `HP Ethernet 1Gb 4-port 331i Adapter`
    pub product_name: String,
}
