//! Memory resources, in total and per NUMA node.

use serde::{Deserialize, Serialize};

use crate::models::null_default;

/// The host's memory.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourcesMemory {
    /// Size of one huge page, in bytes. Example: `2097152`
    pub hugepages_size: u64,
    /// Memory set aside as huge pages, in bytes. Example: `429284917248`
    pub hugepages_total: u64,
    /// Huge-page memory in use, in bytes. Example: `429284917248`
    pub hugepages_used: u64,
    /// The same figures per NUMA node. API extension: resources_v2.
    #[serde(deserialize_with = "null_default")]
    pub nodes: Vec<ResourcesMemoryNode>,
    /// All memory, in bytes. Example: `687194767360`
    pub total: u64,
    /// Memory in use, in bytes. Example: `557450502144`
    pub used: u64,
}

/// The memory of one NUMA node.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourcesMemoryNode {
    /// Memory of this node set aside as huge pages, in bytes. Example: `214536552448`
    pub hugepages_total: u64,
    /// Huge-page memory of this node in use, in bytes. Example: `214536552448`
    pub hugepages_used: u64,
    /// Number of the NUMA node. Example: `0`
    pub numa_node: u64,
    /// All memory of this node, in bytes. Example: `343597383680`
    pub total: u64,
    /// Memory of this node in use, in bytes. Example: `264880439296`
    pub used: u64,
}
