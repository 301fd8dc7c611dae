//! Network resources: cards and their ports.

use serde::{Deserialize, Serialize};

/// The network cards available on the system.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourcesNetwork {
    /// List of network cards.
    #[serde(default, deserialize_with = "crate::models::null_default")]
    pub cards: Vec<ResourcesNetworkCard>,

    /// Total number of network cards.
    ///
    /// Example: `1`.
    pub total: u64,
}

/// A network card on the system.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourcesNetworkCard {
    /// Kernel driver currently associated with the card.
    ///
    /// Example: `atlantic`.
    pub driver: String,

    /// Version of the kernel driver.
    ///
    /// Example: `5.8.0-36-generic`.
    pub driver_version: String,

    /// Current firmware version.
    ///
    /// Example: `3.1.100`.
    /// API extension: resources_network_firmware.
    pub firmware_version: String,

    /// NUMA node the card is a part of.
    pub numa_node: u64,

    /// PCI address (for PCI cards).
    ///
    /// Example: `0000:0d:00.0`.
    pub pci_address: String,

    /// List of ports on the card.
    #[serde(default, deserialize_with = "crate::models::null_default")]
    pub ports: Vec<ResourcesNetworkCardPort>,

    /// Name of the product.
    ///
    /// Example: `AQC107 NBase-T/IEEE`.
    pub product: String,

    /// PCI ID of the product.
    ///
    /// Example: `87b1`.
    pub product_id: String,

    /// SRIOV configuration of the network card (absent if the card does not support it).
    pub sriov: Option<ResourcesNetworkCardSRIOV>,

    /// USB address (for USB cards).
    ///
    /// Example: `2:7`.
    /// API extension: resources_network_usb.
    pub usb_address: String,

    /// VDPA configuration of the network card (absent if the card does not support it).
    ///
    /// API extension: ovn_nic_acceleration_vdpa.
    pub vdpa: Option<ResourcesNetworkCardVDPA>,

    /// Name of the vendor.
    ///
    /// Example: `Aquantia Corp`.
    pub vendor: String,

    /// PCI ID of the vendor.
    ///
    /// Example: `1d6a`.
    pub vendor_id: String,
}

/// A network port on the system.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourcesNetworkCardPort {
    /// MAC address.
    ///
    /// Example: `00:23:a4:01:01:6f`.
    pub address: String,

    /// Whether auto negotiation is used.
    pub auto_negotiation: bool,

    /// Port identifier (interface name).
    ///
    /// Example: `eth0`.
    pub id: String,

    /// Linux Infiniband configuration for the port (absent for other ports).
    ///
    /// API extension: resources_infiniband.
    pub infiniband: Option<ResourcesNetworkCardPortInfiniband>,

    /// Whether a link was detected.
    pub link_detected: bool,

    /// Duplex type.
    ///
    /// Example: `full`.
    pub link_duplex: String,

    /// Current speed (Mbit/s).
    ///
    /// Example: `10000`.
    pub link_speed: u64,

    /// Port number.
    pub port: u64,

    /// Current port type.
    ///
    /// Example: `twisted pair`.
    pub port_type: String,

    /// Transport protocol.
    ///
    /// Example: `ethernet`.
    pub protocol: String,

    /// List of supported modes.
    ///
    /// Example: `["100baseT/Full", "1000baseT/Full", "2500baseT/Full", "5000baseT/Full", "10000baseT/Full"]`.
    #[serde(default, deserialize_with = "crate::models::null_default")]
    pub supported_modes: Vec<String>,

    /// List of supported port types.
    ///
    /// Example: `["twisted pair"]`.
    #[serde(default, deserialize_with = "crate::models::null_default")]
    pub supported_ports: Vec<String>,

    /// Type of transceiver used.
    ///
    /// Example: `internal`.
    pub transceiver_type: String,
}

/// The Linux Infiniband configuration for the port.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourcesNetworkCardPortInfiniband {
    /// ISSM device number.
    ///
    /// Example: `231:64`.
    pub issm_device: String,

    /// ISSM device name.
    ///
    /// Example: `issm0`.
    pub issm_name: String,

    /// MAD device number.
    ///
    /// Example: `231:0`.
    pub mad_device: String,

    /// MAD device name.
    ///
    /// Example: `umad0`.
    pub mad_name: String,

    /// Verb device number.
    ///
    /// Example: `231:192`.
    pub verb_device: String,

    /// Verb device name.
    ///
    /// Example: `uverbs0`.
    pub verb_name: String,
}

/// The SRIOV configuration of the network card.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourcesNetworkCardSRIOV {
    /// Number of VFs currently configured.
    pub current_vfs: u64,

    /// Maximum number of supported VFs.
    pub maximum_vfs: u64,

    /// List of VFs (as additional Network devices).
    #[serde(default, deserialize_with = "crate::models::null_default")]
    pub vfs: Vec<ResourcesNetworkCard>,
}

/// The VDPA configuration of the network card.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourcesNetworkCardVDPA {
    /// Device identifier of the VDPA device.
    pub device: String,

    /// Name of the VDPA device.
    pub name: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_network_parts() {
        let body = r#"{"cards": [{"driver": "atlantic", "ports": [{"id": "eth0", "protocol": "ethernet",
            "supported_modes": null, "link_detected": true, "link_speed": 10000}],
            "numa_node": 0}], "total": 1}"#;
        let net: ResourcesNetwork = serde_json::from_str(body).unwrap();
        let port = &net.cards[0].ports[0];
        assert_eq!(port.link_speed, 10000);
        assert!(port.supported_modes.is_empty());
        assert!(port.infiniband.is_none());
        assert!(net.cards[0].sriov.is_none());
    }
}
