//! GPU resources: cards and their DRM, SR-IOV, NVIDIA and mediated-device details.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The GPU resources available on the system.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourcesGPU {
    /// List of GPUs.
    #[serde(default, deserialize_with = "crate::models::null_default")]
    pub cards: Vec<ResourcesGPUCard>,

    /// Total number of GPUs.
    ///
    /// Example: `1`.
    pub total: u64,
}

/// A GPU card on the system.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourcesGPUCard {
    /// Kernel driver currently associated with the GPU.
    ///
    /// Example: `i915`.
    pub driver: String,

    /// Version of the kernel driver.
    ///
    /// Example: `5.8.0-36-generic`.
    pub driver_version: String,

    /// Linux DRM configuration of the GPU (absent if the host does not use the card).
    pub drm: Option<ResourcesGPUCardDRM>,

    /// Map of available mediated device profiles.
    ///
    /// API extension: resources_gpu_mdev.
    #[serde(default, deserialize_with = "crate::models::null_default")]
    pub mdev: BTreeMap<String, ResourcesGPUCardMdev>,

    /// NUMA node the GPU is a part of.
    pub numa_node: u64,

    /// Additional information for NVIDIA GPUs (absent for other vendors).
    pub nvidia: Option<ResourcesGPUCardNvidia>,

    /// PCI address.
    ///
    /// Example: `0000:00:02.0`.
    pub pci_address: String,

    /// Name of the product.
    ///
    /// Example: `HD Graphics 620`.
    pub product: String,

    /// PCI ID of the product.
    ///
    /// Example: `5916`.
    pub product_id: String,

    /// SRIOV configuration of the GPU (absent if the card does not support it).
    pub sriov: Option<ResourcesGPUCardSRIOV>,

    /// USB address (for USB cards).
    ///
    /// Example: `2:7`.
    /// API extension: resources_gpu_usb.
    pub usb_address: String,

    /// Name of the vendor.
    ///
    /// Example: `Intel Corporation`.
    pub vendor: String,

    /// PCI ID of the vendor.
    ///
    /// Example: `8086`.
    pub vendor_id: String,
}

/// The Linux DRM configuration of the GPU.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourcesGPUCardDRM {
    /// Card device number.
    ///
    /// Example: `226:0`.
    pub card_device: String,

    /// Card device name.
    ///
    /// Example: `card0`.
    pub card_name: String,

    /// Control device number.
    ///
    /// Example: `226:0`.
    pub control_device: String,

    /// Control device name.
    ///
    /// Example: `controlD64`.
    pub control_name: String,

    /// DRM card ID.
    pub id: u64,

    /// Render device number.
    ///
    /// Example: `226:128`.
    pub render_device: String,

    /// Render device name.
    ///
    /// Example: `renderD128`.
    pub render_name: String,
}

/// The SRIOV configuration of the GPU.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourcesGPUCardSRIOV {
    /// Number of VFs currently configured.
    pub current_vfs: u64,

    /// Maximum number of supported VFs.
    pub maximum_vfs: u64,

    /// List of VFs (as additional GPU devices).
    #[serde(default, deserialize_with = "crate::models::null_default")]
    pub vfs: Vec<ResourcesGPUCard>,
}

/// Additional information for NVIDIA GPUs.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourcesGPUCardNvidia {
    /// Architecture (generation).
    ///
    /// Example: `3.5`.
    pub architecture: String,

    /// Brand name.
    ///
    /// Example: `GeForce`.
    pub brand: String,

    /// Card device number.
    ///
    /// Example: `195:0`.
    /// API extension: resources_v2.
    pub card_device: String,

    /// Card device name.
    ///
    /// Example: `nvidia0`.
    /// API extension: resources_v2.
    pub card_name: String,

    /// Version of the CUDA API.
    ///
    /// Example: `11.0`.
    pub cuda_version: String,

    /// Model name.
    ///
    /// Example: `GeForce GT 730`.
    pub model: String,

    /// Version of the NVRM (usually driver version).
    ///
    /// Example: `450.102.04`.
    pub nvrm_version: String,

    /// GPU UUID.
    ///
    /// Example: `GPU-6ddadebd-dafe-2db9-f10f-125719770fd3`.
    pub uuid: String,
}

/// The mediated devices configuration of the GPU.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourcesGPUCardMdev {
    /// The mechanism used by this device.
    ///
    /// Example: `vfio-pci`.
    pub api: String,

    /// Number of available devices of this profile.
    ///
    /// Example: `2`.
    pub available: u64,

    /// Profile description.
    ///
    /// Example: `low_gm_size: 128MB\nhigh_gm_size: 512MB\nfence: 4\nresolution: 1920x1200\nweight: 4`.
    pub description: String,

    /// List of active devices (UUIDs).
    ///
    /// Example: `["42200aac-0977-495c-8c9e-6c51b9092a01", "b4950c00-1437-41d9-88f6-28d61cf9b9ef"]`.
    #[serde(default, deserialize_with = "crate::models::null_default")]
    pub devices: Vec<String>,

    /// Profile name.
    ///
    /// Example: `i915-GVTg_V5_8`.
    pub name: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_gpu_parts() {
        let body = r#"{
            "cards": [{
                "driver": "i915",
                "drm": {"id": 0, "card_name": "card0", "card_device": "226:0"},
                "sriov": {"current_vfs": 0, "maximum_vfs": 7, "vfs": null},
                "mdev": {"i915-GVTg_V5_8": {"api": "vfio-pci", "available": 2, "devices": null}},
                "numa_node": 0,
                "pci_address": "0000:00:02.0",
                "vendor_id": "8086",
                "product_id": "5916"
            }],
            "total": 1
        }"#;
        let gpu: ResourcesGPU = serde_json::from_str(body).unwrap();
        let card = &gpu.cards[0];
        assert_eq!(card.drm.as_ref().unwrap().card_name, "card0");
        assert!(card.sriov.as_ref().unwrap().vfs.is_empty());
        assert!(card.nvidia.is_none());
        assert_eq!(card.mdev["i915-GVTg_V5_8"].available, 2);
    }
}
