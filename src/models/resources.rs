//! Hardware resource types: what `GET /1.0/resources` answers, and the
//! storage pool usage from `GET /1.0/storage-pools/{name}/resources`.
//!
//! The type names keep the API's own spelling (`ResourcesCPU`,
//! `ResourcesGPUCardDRM`, ...) so they match the REST API documentation.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The system hardware resources (`GET /1.0/resources`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Resources {
    /// CPU resources available on the system.
    #[serde(default, deserialize_with = "super::null_default")]
    pub cpu: ResourcesCPU,

    /// GPU resources available on the system.
    ///
    /// API extension: resources_gpu.
    #[serde(default, deserialize_with = "super::null_default")]
    pub gpu: ResourcesGPU,

    /// System load information.
    ///
    /// API extension: resources_load.
    #[serde(default, deserialize_with = "super::null_default")]
    pub load: ResourcesLoad,

    /// Memory resources available on the system.
    #[serde(default, deserialize_with = "super::null_default")]
    pub memory: ResourcesMemory,

    /// Network cards available on the system.
    ///
    /// API extension: resources_v2.
    #[serde(default, deserialize_with = "super::null_default")]
    pub network: ResourcesNetwork,

    /// PCI devices available on the system.
    ///
    /// API extension: resources_usb_pci.
    #[serde(default, deserialize_with = "super::null_default")]
    pub pci: ResourcesPCI,

    /// Serial devices available on the system (not in Incus 6.0.4).
    ///
    /// API extension: resources_serial.
    #[serde(default, deserialize_with = "super::null_default")]
    pub serial: ResourcesSerial,

    /// Local storage (disks and partitions).
    ///
    /// API extension: resources_v2.
    #[serde(default, deserialize_with = "super::null_default")]
    pub storage: ResourcesStorage,

    /// System information (DMI: vendor, product, firmware, chassis, motherboard).
    ///
    /// API extension: resources_system.
    #[serde(default, deserialize_with = "super::null_default")]
    pub system: ResourcesSystem,

    /// USB devices available on the system.
    ///
    /// API extension: resources_usb_pci.
    #[serde(default, deserialize_with = "super::null_default")]
    pub usb: ResourcesUSB,
}

/// The cpu resources available on the system.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourcesCPU {
    /// Architecture name.
    ///
    /// Example: `x86_64`.
    /// API extension: resources_v2.
    pub architecture: String,

    /// List of CPU sockets.
    #[serde(default, deserialize_with = "super::null_default")]
    pub sockets: Vec<ResourcesCPUSocket>,

    /// Total number of CPU threads (from all sockets and cores).
    ///
    /// Example: `1`.
    pub total: u64,
}

/// A CPU socket on the system.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourcesCPUSocket {
    /// Address size information for the socket (absent on older servers).
    ///
    /// API extension: resources_cpu_address_sizes.
    pub address_sizes: Option<ResourcesCPUAddressSizes>,

    /// List of CPU caches.
    #[serde(default, deserialize_with = "super::null_default")]
    pub cache: Vec<ResourcesCPUCache>,

    /// List of CPU cores.
    #[serde(default, deserialize_with = "super::null_default")]
    pub cores: Vec<ResourcesCPUCore>,

    /// Current CPU frequency (Mhz).
    ///
    /// Example: `3499`.
    pub frequency: u64,

    /// Minimum CPU frequency (Mhz).
    ///
    /// Example: `400`.
    pub frequency_minimum: u64,

    /// Maximum CPU frequency (Mhz).
    ///
    /// Example: `3500`.
    pub frequency_turbo: u64,

    /// Product name.
    ///
    /// Example: `Intel(R) Core(TM) i5-7300U CPU @ 2.60GHz`.
    pub name: String,

    /// Socket number.
    pub socket: u64,

    /// Vendor name.
    ///
    /// Example: `GenuineIntel`.
    pub vendor: String,
}

/// Address size information for a CPU socket.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourcesCPUAddressSizes {
    /// Number of bits in a physical address.
    pub physical_bits: u64,

    /// Number of bits in a virtual address.
    pub virtual_bits: u64,
}

/// A CPU cache.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourcesCPUCache {
    /// Cache level (usually a number from 1 to 3).
    ///
    /// Example: `1`.
    pub level: u64,

    /// Size of the cache (in bytes).
    ///
    /// Example: `32768`.
    pub size: u64,

    /// Type of cache (Data, Instruction, Unified, ...).
    ///
    /// Example: `Data`.
    #[serde(rename = "type")]
    pub kind: String,
}

/// A CPU core on the system.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourcesCPUCore {
    /// What cluster the core is a part of (core identifiers may only be unique
    /// within a cluster).
    ///
    /// API extension: resources_cpu_cluster.
    pub cluster: u64,

    /// Core identifier within the socket.
    pub core: u64,

    /// What die the CPU is a part of (for chiplet designs).
    ///
    /// API extension: resources_cpu_core_die.
    pub die: u64,

    /// List of CPU flags.
    ///
    /// API extension: resources_cpu_flags.
    #[serde(default, deserialize_with = "super::null_default")]
    pub flags: Vec<String>,

    /// Current frequency.
    ///
    /// Example: `3500`.
    pub frequency: u64,

    /// List of threads.
    #[serde(default, deserialize_with = "super::null_default")]
    pub threads: Vec<ResourcesCPUThread>,
}

/// A CPU thread on the system.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourcesCPUThread {
    /// Thread ID (used for CPU pinning).
    pub id: i64,

    /// Whether the thread has been isolated (outside of normal scheduling).
    ///
    /// API extension: resource_cpu_isolated.
    pub isolated: bool,

    /// NUMA node the thread is a part of.
    pub numa_node: u64,

    /// Whether the thread is online (enabled).
    pub online: bool,

    /// Thread identifier within the core.
    pub thread: u64,
}

/// The GPU resources available on the system.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourcesGPU {
    /// List of GPUs.
    #[serde(default, deserialize_with = "super::null_default")]
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
    #[serde(default, deserialize_with = "super::null_default")]
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
    #[serde(default, deserialize_with = "super::null_default")]
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
    #[serde(default, deserialize_with = "super::null_default")]
    pub devices: Vec<String>,

    /// Profile name.
    ///
    /// Example: `i915-GVTg_V5_8`.
    pub name: String,
}

/// System load information.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourcesLoad {
    /// Load average in the past minute.
    ///
    /// Example: `0.69`.
    #[serde(rename = "Average1Min")]
    pub average_1min: f64,

    /// Load average in the past 5 minutes.
    ///
    /// Example: `1.1`.
    #[serde(rename = "Average5Min")]
    pub average_5min: f64,

    /// Load average in the past 10 minutes.
    ///
    /// Example: `1.29`.
    #[serde(rename = "Average10Min")]
    pub average_10min: f64,

    /// The number of active processes.
    ///
    /// Example: `1234`.
    #[serde(rename = "Processes")]
    pub processes: i64,
}

/// The memory resources available on the system.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourcesMemory {
    /// Size of memory huge pages (bytes).
    ///
    /// Example: `2097152`.
    pub hugepages_size: u64,

    /// Total of memory huge pages (bytes).
    ///
    /// Example: `429284917248`.
    pub hugepages_total: u64,

    /// Used memory huge pages (bytes).
    ///
    /// Example: `429284917248`.
    pub hugepages_used: u64,

    /// List of NUMA memory nodes.
    ///
    /// API extension: resources_v2.
    #[serde(default, deserialize_with = "super::null_default")]
    pub nodes: Vec<ResourcesMemoryNode>,

    /// Total system memory (bytes).
    ///
    /// Example: `687194767360`.
    pub total: u64,

    /// Used system memory (bytes).
    ///
    /// Example: `557450502144`.
    pub used: u64,
}

/// The node-specific memory resources available on the system.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourcesMemoryNode {
    /// Total of memory huge pages (bytes).
    ///
    /// Example: `214536552448`.
    pub hugepages_total: u64,

    /// Used memory huge pages (bytes).
    ///
    /// Example: `214536552448`.
    pub hugepages_used: u64,

    /// NUMA node identifier.
    pub numa_node: u64,

    /// Total system memory (bytes).
    ///
    /// Example: `343597383680`.
    pub total: u64,

    /// Used system memory (bytes).
    ///
    /// Example: `264880439296`.
    pub used: u64,
}

/// The network cards available on the system.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourcesNetwork {
    /// List of network cards.
    #[serde(default, deserialize_with = "super::null_default")]
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
    #[serde(default, deserialize_with = "super::null_default")]
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
    #[serde(default, deserialize_with = "super::null_default")]
    pub supported_modes: Vec<String>,

    /// List of supported port types.
    ///
    /// Example: `["twisted pair"]`.
    #[serde(default, deserialize_with = "super::null_default")]
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
    #[serde(default, deserialize_with = "super::null_default")]
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

/// The PCI devices available on the system.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourcesPCI {
    /// List of PCI devices.
    #[serde(default, deserialize_with = "super::null_default")]
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
    #[serde(default, deserialize_with = "super::null_default")]
    pub vpd: ResourcesPCIVPD,
}

/// VPD entries for a device.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourcesPCIVPD {
    /// Vendor provided key/value pairs.
    ///
    /// Example: `{"EC": "A-5545", "MN": "103C", "V0": "5W PCIeGen2"}`.
    #[serde(default, deserialize_with = "super::null_default")]
    pub entries: BTreeMap<String, String>,

    /// Hardware provided product name.
    ///
    /// Example: `HP Ethernet 1Gb 4-port 331i Adapter`.
    pub product_name: String,
}

/// The serial devices available on the system.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourcesSerial {
    /// List of serial devices.
    #[serde(default, deserialize_with = "super::null_default")]
    pub devices: Vec<ResourcesSerialDevice>,

    /// Total number of serial devices.
    ///
    /// Example: `1`.
    pub total: u64,
}

/// A serial device.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourcesSerialDevice {
    /// Device number (major:minor).
    ///
    /// Example: `188:0`.
    pub device: String,

    /// Path to /dev/serial/by-id entry.
    ///
    /// Example: `/dev/serial/by-id/usb-FTDI_FT232R_USB_UART_AB0J1234-if00-port0`.
    pub device_id: String,

    /// Path to /dev/serial/by-path entry.
    ///
    /// Example: `/dev/serial/by-path/pci-0000:00:14.0-usb-0:2:1.0-port0`.
    pub device_path: String,

    /// Kernel driver name (cdc_acm, ftdi_sio, pl2303, cp210x...).
    ///
    /// Example: `cdc_acm`.
    pub driver: String,

    /// Kernel device name (e.g. ttyUSB0, ttyACM0).
    ///
    /// Example: `ttyUSB0`.
    pub id: String,

    /// USB product name.
    ///
    /// Example: `Arduino Uno`.
    pub product: String,

    /// USB product ID.
    ///
    /// Example: `0043`.
    pub product_id: String,

    /// USB vendor name.
    ///
    /// Example: `Arduino LLC`.
    pub vendor: String,

    /// USB vendor ID.
    ///
    /// Example: `2341`.
    pub vendor_id: String,
}

/// The local storage.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourcesStorage {
    /// List of disks.
    #[serde(default, deserialize_with = "super::null_default")]
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
    #[serde(default, deserialize_with = "super::null_default")]
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

/// The system: its identity (vendor, product, serial, type) and its firmware,
/// chassis and motherboard.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourcesSystem {
    /// System chassis (null when the server cannot read it).
    pub chassis: Option<ResourcesSystemChassis>,

    /// System family.
    ///
    /// Example: `ThinkPad X1 Carbon 5th`.
    pub family: String,

    /// System firmware (null when the server cannot read it).
    pub firmware: Option<ResourcesSystemFirmware>,

    /// Motherboard (null when the server cannot read it).
    pub motherboard: Option<ResourcesSystemMotherboard>,

    /// System model.
    ///
    /// Example: `20HRCTO1WW`.
    pub product: String,

    /// System serial number.
    ///
    /// Example: `PY3DD4X9`.
    pub serial: String,

    /// System manufacturer SKU.
    ///
    /// Example: `LENOVO_MT_20HR_BU_Think_FM_ThinkPad X1 Carbon 5th`.
    pub sku: String,

    /// System type (unknown, physical, virtual-machine, container, ...).
    ///
    /// Example: `physical`.
    #[serde(rename = "type")]
    pub kind: String,

    /// System UUID.
    ///
    /// Example: `7fa1c0cc-2271-11b2-a85c-aab32a05d71a`.
    pub uuid: String,

    /// System vendor.
    ///
    /// Example: `LENOVO`.
    pub vendor: String,

    /// System version.
    ///
    /// Example: `ThinkPad X1 Carbon 5th`.
    pub version: String,
}

/// The system firmware.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourcesSystemFirmware {
    /// Firmware build date.
    ///
    /// Example: `10/14/2020`.
    pub date: String,

    /// Firmware vendor.
    ///
    /// Example: `Lenovo`.
    pub vendor: String,

    /// Firmware version.
    ///
    /// Example: `N1MET64W (1.49)`.
    pub version: String,
}

/// The system chassis.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourcesSystemChassis {
    /// Chassis serial number.
    ///
    /// Example: `PY3DD4X9`.
    pub serial: String,

    /// Chassis type.
    ///
    /// Example: `Notebook`.
    #[serde(rename = "type")]
    pub kind: String,

    /// Chassis vendor.
    ///
    /// Example: `Lenovo`.
    pub vendor: String,

    /// Chassis version/revision.
    ///
    /// Example: `None`.
    pub version: String,
}

/// The motherboard.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourcesSystemMotherboard {
    /// Motherboard model.
    ///
    /// Example: `20HRCTO1WW`.
    pub product: String,

    /// Motherboard serial number.
    ///
    /// Example: `L3CF4FX003A`.
    pub serial: String,

    /// Motherboard vendor.
    ///
    /// Example: `Lenovo`.
    pub vendor: String,

    /// Motherboard version/revision.
    ///
    /// Example: `None`.
    pub version: String,
}

/// The USB devices available on the system.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourcesUSB {
    /// List of USB devices.
    #[serde(default, deserialize_with = "super::null_default")]
    pub devices: Vec<ResourcesUSBDevice>,

    /// Total number of USB devices.
    ///
    /// Example: `1`.
    pub total: u64,
}

/// A USB device.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourcesUSBDevice {
    /// USB address (bus).
    ///
    /// Example: `1`.
    pub bus_address: u64,

    /// USB address (device).
    ///
    /// Example: `3`.
    pub device_address: u64,

    /// List of USB interfaces.
    #[serde(default, deserialize_with = "super::null_default")]
    pub interfaces: Vec<ResourcesUSBDeviceInterface>,

    /// Name of the product.
    ///
    /// Example: `Hermon USB hidmouse Device`.
    pub product: String,

    /// USB ID of the product.
    ///
    /// Example: `2221`.
    pub product_id: String,

    /// USB serial number.
    ///
    /// Example: `DAE005fp`.
    /// API extension: device_usb_serial.
    pub serial: String,

    /// Transfer speed (Mbit/s).
    ///
    /// Example: `12`.
    pub speed: f64,

    /// Name of the vendor.
    ///
    /// Example: `ATEN International Co., Ltd`.
    pub vendor: String,

    /// USB ID of the vendor.
    ///
    /// Example: `0557`.
    pub vendor_id: String,
}

/// A USB device interface.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourcesUSBDeviceInterface {
    /// Class of USB interface.
    ///
    /// Example: `Human Interface Device`.
    pub class: String,

    /// ID of the USB interface class.
    ///
    /// Example: `3`.
    pub class_id: u64,

    /// Kernel driver currently associated with the device.
    ///
    /// Example: `usbhid`.
    pub driver: String,

    /// Version of the kernel driver.
    ///
    /// Example: `5.8.0-36-generic`.
    pub driver_version: String,

    /// Interface number.
    pub number: u64,

    /// Sub class of the interface.
    ///
    /// Example: `Boot Interface Subclass`.
    pub subclass: String,

    /// ID of the USB interface sub class.
    ///
    /// Example: `1`.
    pub subclass_id: u64,
}

/// The resources available to a given storage pool
/// (`GET /1.0/storage-pools/{name}/resources`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourcesStoragePool {
    /// Inodes available to the storage pool.
    #[serde(default, deserialize_with = "super::null_default")]
    pub inodes: ResourcesStoragePoolInodes,

    /// Space available to the storage pool.
    #[serde(default, deserialize_with = "super::null_default")]
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
    fn decodes_resources() {
        let body = r#"{
            "cpu": {
                "architecture": "x86_64",
                "sockets": [{
                    "name": "Intel(R) Core(TM) i5-7300U CPU @ 2.60GHz",
                    "vendor": "GenuineIntel",
                    "socket": 0,
                    "cache": [{"level": 1, "type": "Data", "size": 32768}],
                    "cores": [{
                        "core": 0,
                        "die": 0,
                        "frequency": 3500,
                        "flags": null,
                        "threads": [{
                            "id": 0,
                            "numa_node": 0,
                            "thread": 0,
                            "online": true,
                            "isolated": false
                        }]
                    }],
                    "frequency": 3499,
                    "frequency_minimum": 400,
                    "frequency_turbo": 3500,
                    "address_sizes": {"physical_bits": 39, "virtual_bits": 48}
                }],
                "total": 1
            },
            "memory": {
                "nodes": null,
                "hugepages_total": 0,
                "hugepages_used": 0,
                "hugepages_size": 2097152,
                "used": 557450502144,
                "total": 687194767360
            },
            "gpu": {"cards": null, "total": 0},
            "network": {"cards": [], "total": 0},
            "storage": {
                "disks": [{
                    "id": "nvme0n1",
                    "device": "259:0",
                    "model": "INTEL SSDPEKKW256G7",
                    "type": "nvme",
                    "read_only": false,
                    "size": 256060514304,
                    "removable": false,
                    "numa_node": 0,
                    "block_size": 512,
                    "rpm": 0,
                    "device_id": "nvme-eui.0000000001000000e4d25cafae2e4c00",
                    "partitions": [{
                        "id": "nvme0n1p1",
                        "device": "259:1",
                        "read_only": false,
                        "size": 254933278208,
                        "partition": 1
                    }]
                }],
                "total": 1
            },
            "usb": {"devices": null, "total": 0},
            "pci": {"devices": [], "total": 0},
            "system": {
                "uuid": "7fa1c0cc-2271-11b2-a85c-aab32a05d71a",
                "vendor": "LENOVO",
                "product": "20HRCTO1WW",
                "family": "ThinkPad X1 Carbon 5th",
                "version": "ThinkPad X1 Carbon 5th",
                "sku": "LENOVO_MT_20HR_BU_Think_FM_ThinkPad X1 Carbon 5th",
                "serial": "PY3DD4X9",
                "type": "physical",
                "firmware": {"vendor": "Lenovo", "date": "10/14/2020", "version": "N1MET64W (1.49)"},
                "chassis": null,
                "motherboard": {"vendor": "Lenovo", "product": "20HRCTO1WW", "serial": "L3CF4FX003A", "version": "None"}
            },
            "load": {"Average1Min": 0.69, "Average5Min": 1.1, "Average10Min": 1.29, "Processes": 1234},
            "a_field_from_a_newer_server": [1, 2, 3]
        }"#;
        let res: Resources = serde_json::from_str(body).unwrap();

        assert_eq!(res.cpu.total, 1);
        let socket = &res.cpu.sockets[0];
        assert_eq!(socket.cache[0].kind, "Data");
        assert_eq!(
            socket.address_sizes,
            Some(ResourcesCPUAddressSizes {
                physical_bits: 39,
                virtual_bits: 48,
            })
        );
        let core = &socket.cores[0];
        assert!(core.flags.is_empty());
        assert!(core.threads[0].online);

        assert!(res.memory.nodes.is_empty());
        assert_eq!(res.memory.total, 687_194_767_360);
        assert!(res.gpu.cards.is_empty());
        assert!(res.usb.devices.is_empty());
        // Absent on Incus 6.0.4: defaults to empty.
        assert_eq!(res.serial, ResourcesSerial::default());

        let disk = &res.storage.disks[0];
        assert_eq!(disk.kind, "nvme");
        assert_eq!(disk.size, 256_060_514_304);
        assert_eq!(disk.partitions[0].partition, 1);

        assert_eq!(res.system.kind, "physical");
        assert_eq!(res.system.firmware.as_ref().unwrap().date, "10/14/2020");
        assert!(res.system.chassis.is_none());
        assert_eq!(
            res.system.motherboard.as_ref().unwrap().serial,
            "L3CF4FX003A"
        );

        assert_eq!(res.load.average_1min, 0.69);
        assert_eq!(res.load.processes, 1234);
        let load = serde_json::to_value(&res.load).unwrap();
        assert_eq!(load["Average10Min"], 1.29);
    }

    #[test]
    fn decodes_gpu_and_network_parts() {
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

    #[test]
    fn decodes_storage_pool_resources() {
        let body = r#"{"space": {"used": 343537419776, "total": 420100937728},
            "inodes": null}"#;
        let pool: ResourcesStoragePool = serde_json::from_str(body).unwrap();
        assert_eq!(pool.space.total, 420_100_937_728);
        assert_eq!(pool.inodes, ResourcesStoragePoolInodes::default());
    }
}
