//! Network resources: cards and their ports.

use serde::{Deserialize, Serialize};

use crate::models::null_default;

/// The host's network cards.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourcesNetwork {
    /// One entry per card.
    #[serde(deserialize_with = "null_default")]
    pub cards: Vec<ResourcesNetworkCard>,
    /// How many cards there are. Example: `1`
    pub total: u64,
}

/// One network card (or one SR-IOV virtual function of a card).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourcesNetworkCard {
    /// Kernel driver bound to the card. Example: `atlantic`
    pub driver: String,
    /// Version of that driver. Example: `5.8.0-36-generic`
    pub driver_version: String,
    /// Firmware version on the card. Example: `3.1.100`. API extension: resources_network_firmware.
    pub firmware_version: String,
    /// NUMA node of the card.
    pub numa_node: u64,
    /// PCI address, for a PCI card. Example: `0000:0d:00.0`
    pub pci_address: String,
    /// The card's ports (interfaces).
    #[serde(deserialize_with = "null_default")]
    pub ports: Vec<ResourcesNetworkCardPort>,
    /// Product name. Example: `AQC107 NBase-T/IEEE`
    pub product: String,
    /// PCI product ID. Example: `87b1`
    pub product_id: String,
    /// SR-IOV details, present when the card supports it.
    pub sriov: Option<ResourcesNetworkCardSRIOV>,
    /// USB bus and device, for a USB card. Example: `2:7`. API extension: resources_network_usb.
    pub usb_address: String,
    /// vDPA details, present when the card supports it. API extension: ovn_nic_acceleration_vdpa.
    pub vdpa: Option<ResourcesNetworkCardVDPA>,
    /// Vendor name. Example: `Aquantia Corp`
    pub vendor: String,
    /// PCI vendor ID. Example: `1d6a`
    pub vendor_id: String,
}

/// One port of a network card.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourcesNetworkCardPort {
    /// Hardware (MAC) address. Example: `00:23:a4:01:01:6f`
    pub address: String,
    /// Whether the link speed is negotiated automatically.
    pub auto_negotiation: bool,
    /// Interface name on the host. Example: `eth0`
    pub id: String,
    /// InfiniBand device nodes, present only on InfiniBand ports. API extension: resources_infiniband.
    pub infiniband: Option<ResourcesNetworkCardPortInfiniband>,
    /// Whether a cable or peer is connected.
    pub link_detected: bool,
    /// Duplex mode of the link. Example: `full`
    pub link_duplex: String,
    /// Link speed, in Mbit/s. Example: `10000`
    pub link_speed: u64,
    /// Port number on the card.
    pub port: u64,
    /// Connector in use. Example: `twisted pair`
    pub port_type: String,
    /// Link-layer protocol. Example: `ethernet`
    pub protocol: String,
    /// Speed and duplex modes the port can run at. Example: `["1000baseT/Full", "10000baseT/Full"]`
    #[serde(deserialize_with = "null_default")]
    pub supported_modes: Vec<String>,
    /// Connectors the port can use. Example: `["twisted pair"]`
    #[serde(deserialize_with = "null_default")]
    pub supported_ports: Vec<String>,
    /// Where the transceiver sits. Example: `internal`
    pub transceiver_type: String,
}

/// The InfiniBand device nodes of a port.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourcesNetworkCardPortInfiniband {
    /// Major and minor number of the ISSM node. Example: `231:64`
    pub issm_device: String,
    /// Name of the ISSM node. Example: `issm0`
    pub issm_name: String,
    /// Major and minor number of the MAD node. Example: `231:0`
    pub mad_device: String,
    /// Name of the MAD node. Example: `umad0`
    pub mad_name: String,
    /// Major and minor number of the verbs node. Example: `231:192`
    pub verb_device: String,
    /// Name of the verbs node. Example: `uverbs0`
    pub verb_name: String,
}

/// SR-IOV details of a network card.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourcesNetworkCardSRIOV {
    /// Virtual functions enabled now. Example: `0`
    pub current_vfs: u64,
    /// Most virtual functions the card can offer. Example: `64`
    pub maximum_vfs: u64,
    /// The enabled virtual functions, each described as a card.
    #[serde(deserialize_with = "null_default")]
    pub vfs: Vec<ResourcesNetworkCard>,
}

/// vDPA details of a network card.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourcesNetworkCardVDPA {
    /// The vDPA device's identifier.
    pub device: String,
    /// The vDPA device's name.
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
