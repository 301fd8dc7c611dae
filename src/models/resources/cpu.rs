//! CPU resources: sockets, caches, cores and threads.

use serde::{Deserialize, Serialize};

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
    #[serde(default, deserialize_with = "crate::models::null_default")]
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
    #[serde(default, deserialize_with = "crate::models::null_default")]
    pub cache: Vec<ResourcesCPUCache>,

    /// List of CPU cores.
    #[serde(default, deserialize_with = "crate::models::null_default")]
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
    #[serde(default, deserialize_with = "crate::models::null_default")]
    pub flags: Vec<String>,

    /// Current frequency.
    ///
    /// Example: `3500`.
    pub frequency: u64,

    /// List of threads.
    #[serde(default, deserialize_with = "crate::models::null_default")]
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
