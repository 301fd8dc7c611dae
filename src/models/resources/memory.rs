//! Memory resources, in total and per NUMA node.

use serde::{Deserialize, Serialize};

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
    #[serde(default, deserialize_with = "crate::models::null_default")]
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
