//! CPU resources: sockets, caches, cores and threads.

use serde::{Deserialize, Serialize};

use crate::models::null_default;

/// The host's processors.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourcesCPU {
    /// Kernel name of the CPU architecture. Example: `x86_64`. API extension: resources_v2.
    pub architecture: String,
    /// One entry per physical package.
    #[serde(deserialize_with = "null_default")]
    pub sockets: Vec<ResourcesCPUSocket>,
    /// Threads counted across every socket and core. Example: `1`
    pub total: u64,
}

/// One physical CPU package.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourcesCPUSocket {
    /// Physical and virtual address widths, when the server reports them. API extension: resources_cpu_address_sizes.
    pub address_sizes: Option<ResourcesCPUAddressSizes>,
    /// The package's caches, by level.
    #[serde(deserialize_with = "null_default")]
    pub cache: Vec<ResourcesCPUCache>,
    /// The package's cores.
    #[serde(deserialize_with = "null_default")]
    pub cores: Vec<ResourcesCPUCore>,
    /// Clock speed right now, in MHz. Example: `3499`
    pub frequency: u64,
    /// Lowest clock speed, in MHz. Example: `400`
    pub frequency_minimum: u64,
    /// Highest (turbo) clock speed, in MHz. Example: `3500`
    pub frequency_turbo: u64,
    /// Model string of the processor. Example: `Intel(R) Core(TM) i5-7300U CPU @ 2.60GHz`
    pub name: String,
    /// Index of this package on the board.
    pub socket: u64,
    /// Vendor string of the processor. Example: `GenuineIntel`
    pub vendor: String,
}

/// How many address bits a CPU package handles.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourcesCPUAddressSizes {
    /// Width of a physical address, in bits. Example: `39`
    pub physical_bits: u64,
    /// Width of a virtual address, in bits. Example: `48`
    pub virtual_bits: u64,
}

/// One cache of a CPU package.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourcesCPUCache {
    /// Cache level, usually 1 to 3. Example: `1`
    pub level: u64,
    /// Capacity in bytes. Example: `32768`
    pub size: u64,
    /// What the cache holds: `Data`, `Instruction` or `Unified`. Example: `Data`
    #[serde(rename = "type")]
    pub kind: String,
}

/// One core of a CPU package.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourcesCPUCore {
    /// Core cluster this core belongs to; core numbers repeat across clusters. API extension: resources_cpu_cluster.
    pub cluster: u64,
    /// Core number within its package.
    pub core: u64,
    /// Die (chiplet) this core sits on. API extension: resources_cpu_core_die.
    pub die: u64,
    /// Feature flags the core advertises. Example: `["fpu", "vme"]`. API extension: resources_cpu_flags.
    #[serde(deserialize_with = "null_default")]
    pub flags: Vec<String>,
    /// Clock speed right now, in MHz. Example: `3500`
    pub frequency: u64,
    /// The core's hardware threads.
    #[serde(deserialize_with = "null_default")]
    pub threads: Vec<ResourcesCPUThread>,
}

/// One hardware thread of a CPU core.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourcesCPUThread {
    /// Kernel CPU number, the one used to pin instances. Example: `0`
    pub id: i64,
    /// Whether the kernel keeps ordinary tasks off this thread. API extension: resource_cpu_isolated.
    pub isolated: bool,
    /// NUMA node of the thread.
    pub numa_node: u64,
    /// Whether the thread is enabled.
    pub online: bool,
    /// Thread number within its core.
    pub thread: u64,
}
