//! GPU resources: cards and their DRM, SR-IOV, NVIDIA and mediated-device details.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::models::null_default;

/// The host's graphics cards.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourcesGPU {
    /// One entry per card.
    #[serde(deserialize_with = "null_default")]
    pub cards: Vec<ResourcesGPUCard>,
    /// How many cards there are. Example: `1`
    pub total: u64,
}

/// One graphics card (or one SR-IOV virtual function of a card).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourcesGPUCard {
    /// Kernel driver bound to the card. Example: `i915`
    pub driver: String,
    /// Version of that driver. Example: `5.8.0-36-generic`
    pub driver_version: String,
    /// DRM device nodes, present when the host has the card in use.
    pub drm: Option<ResourcesGPUCardDRM>,
    /// Mediated-device profiles the card offers, by profile name. API extension: resources_gpu_mdev.
    #[serde(deserialize_with = "null_default")]
    pub mdev: BTreeMap<String, ResourcesGPUCardMdev>,
    /// NUMA node of the card.
    pub numa_node: u64,
    /// NVIDIA driver details, present only on NVIDIA cards.
    pub nvidia: Option<ResourcesGPUCardNvidia>,
    /// PCI address of the card. Example: `0000:00:02.0`
    pub pci_address: String,
    /// Product name. Example: `HD Graphics 620`
    pub product: String,
    /// PCI product ID. Example: `5916`
    pub product_id: String,
    /// SR-IOV details, present when the card supports it.
    pub sriov: Option<ResourcesGPUCardSRIOV>,
    /// USB bus and device, for a USB card. Example: `2:7`. API extension: resources_gpu_usb.
    pub usb_address: String,
    /// Vendor name. Example: `Intel Corporation`
    pub vendor: String,
    /// PCI vendor ID. Example: `8086`
    pub vendor_id: String,
}

/// The DRM device nodes of a graphics card.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourcesGPUCardDRM {
    /// Major and minor number of the card node. Example: `226:0`
    pub card_device: String,
    /// Name of the card node. Example: `card0`
    pub card_name: String,
    /// Major and minor number of the control node. Example: `226:0`
    pub control_device: String,
    /// Name of the control node. Example: `controlD64`
    pub control_name: String,
    /// DRM index of the card. Example: `0`
    pub id: u64,
    /// Major and minor number of the render node. Example: `226:128`
    pub render_device: String,
    /// Name of the render node. Example: `renderD128`
    pub render_name: String,
}

/// SR-IOV details of a graphics card.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourcesGPUCardSRIOV {
    /// Virtual functions enabled now. Example: `0`
    pub current_vfs: u64,
    /// Most virtual functions the card can offer. Example: `7`
    pub maximum_vfs: u64,
    /// The enabled virtual functions, each described as a card.
    #[serde(deserialize_with = "null_default")]
    pub vfs: Vec<ResourcesGPUCard>,
}

/// NVIDIA driver details of a graphics card.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourcesGPUCardNvidia {
    /// Compute capability (GPU generation). Example: `3.5`
    pub architecture: String,
    /// Product line. Example: `GeForce`
    pub brand: String,
    /// Major and minor number of the device node. Example: `195:0`. API extension: resources_v2.
    pub card_device: String,
    /// Name of the device node. Example: `nvidia0`. API extension: resources_v2.
    pub card_name: String,
    /// CUDA version the driver provides. Example: `11.0`
    pub cuda_version: String,
    /// Model name. Example: `GeForce GT 730`
    pub model: String,
    /// NVRM kernel module version, in practice the driver version. Example: `450.102.04`
    pub nvrm_version: String,
    /// The card's UUID. Example: `GPU-6ddadebd-dafe-2db9-f10f-125719770fd3`
    pub uuid: String,
}

/// One mediated-device profile a graphics card offers.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourcesGPUCardMdev {
    /// Device API the mediated devices expose. Example: `vfio-pci`
    pub api: String,
    /// How many more devices of this profile can be made. Example: `2`
    pub available: u64,
    /// Free text from the driver about the profile. Example: `low_gm_size: 128MB\nhigh_gm_size: 512MB`
    pub description: String,
    /// UUIDs of the devices of this profile that exist now. Example: `["42200aac-0977-495c-8c9e-6c51b9092a01"]`
    #[serde(deserialize_with = "null_default")]
    pub devices: Vec<String>,
    /// Profile name. Example: `i915-GVTg_V5_8`
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
