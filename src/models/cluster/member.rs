//! Cluster members: each server of a cluster, its writable settings, its
//! state, and evacuating or restoring it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::models::{ConfigMap, ResourcesStoragePool, null_default};

/// A member of the cluster, as read.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ClusterMember {
    /// The member's name. Example: `server01`
    pub server_name: String,
    /// Where the member's API answers. Example: `https://10.0.0.1:8443`
    pub url: String,
    /// Whether the member holds a voting or standby copy of the database.
    pub database: bool,
    /// `Online`, `Offline`, `Evacuated`, …
    pub status: String,
    /// More about the status. Example: `Fully operational`
    pub message: String,
    /// The member's main architecture. Example: `x86_64`
    pub architecture: String,
    /// Roles the member holds. Example: `["database"]`
    #[serde(deserialize_with = "null_default")]
    pub roles: Vec<String>,
    /// The member's failure domain. Example: `rack1`
    pub failure_domain: String,
    /// Free text about the member. Example: `AMD Epyc 32c/64t`
    pub description: String,
    /// The member's own settings. Example: `{"scheduler.instance": "all"}`
    #[serde(deserialize_with = "null_default")]
    pub config: ConfigMap,
    /// The cluster groups the member is in (at least one). Example: `["default"]`
    #[serde(deserialize_with = "null_default")]
    pub groups: Vec<String>,
}

impl ClusterMember {
    /// The writable part, for [`Client::replace_cluster_member`](crate::Client::replace_cluster_member)
    /// (and for a PATCH: see [`Client::update_cluster_member`](crate::Client::update_cluster_member)).
    pub fn writable(&self) -> ClusterMemberPut {
        ClusterMemberPut {
            roles: self.roles.clone(),
            failure_domain: Some(self.failure_domain.clone()),
            description: Some(self.description.clone()),
            config: self.config.clone(),
            groups: self.groups.clone(),
        }
    }
}

/// The writable fields of a cluster member (PUT and PATCH).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ClusterMemberPut {
    /// Roles the member holds; the daemon manages the database ones. Example: `["event-hub"]`
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<String>,
    /// The member's failure domain. Example: `rack1`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failure_domain: Option<String>,
    /// Free text about the member.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The member's own settings. Example: `{"scheduler.instance": "manual"}`
    #[serde(skip_serializing_if = "ConfigMap::is_empty")]
    pub config: ConfigMap,
    /// The cluster groups the member is in. Example: `["default", "gpu"]`
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<String>,
}

/// A member's new name (`POST /1.0/cluster/members/{name}`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ClusterMemberPost {
    /// The new name. Example: `server02`
    pub server_name: String,
}

/// A request for a join token (`POST /1.0/cluster/members`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ClusterMembersPost {
    /// Name the new member will join as. Example: `server02`
    pub server_name: String,
}

/// Evacuate or restore a member (`POST /1.0/cluster/members/{name}/state`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ClusterMemberStatePost {
    /// `evacuate` or `restore`.
    pub action: String,
    /// How instances leave or come back, in place of the `cluster.evacuate` setting: `auto`, `stop`, `migrate`, `live-migrate`, `heal`, or `skip` for a restore that leaves them where they are.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub mode: String,
}

impl ClusterMemberStatePost {
    /// Moves the member's instances away (or stops them) and marks it
    /// evacuated, so nothing new is placed on it.
    pub fn evacuate() -> ClusterMemberStatePost {
        ClusterMemberStatePost {
            action: "evacuate".into(),
            mode: String::new(),
        }
    }

    /// Brings an evacuated member back: its instances return and start.
    pub fn restore() -> ClusterMemberStatePost {
        ClusterMemberStatePost {
            action: "restore".into(),
            mode: String::new(),
        }
    }

    /// Sets the mode (`stop`, `migrate`, `live-migrate`, …). Defaults to
    /// the instances' `cluster.evacuate` setting.
    #[must_use]
    pub fn mode(mut self, mode: impl Into<String>) -> ClusterMemberStatePost {
        self.mode = mode.into();
        self
    }
}

/// A member's state (`GET /1.0/cluster/members/{name}/state`): its system
/// figures and the use of its storage pools.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ClusterMemberState {
    /// Uptime, load, memory and process count.
    pub sysinfo: ClusterMemberSysInfo,
    /// Space and inodes of each storage pool on this member, by pool name.
    #[serde(deserialize_with = "null_default")]
    pub storage_pools: BTreeMap<String, ResourcesStoragePool>,
}

/// A member's system figures, as the kernel's `sysinfo` gives them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ClusterMemberSysInfo {
    /// Seconds since boot.
    pub uptime: i64,
    /// Load over 1, 5 and 15 minutes. Example: `[0.67, 1.75, 2.95]`
    #[serde(deserialize_with = "null_default")]
    pub load_averages: Vec<f64>,
    /// Memory in bytes.
    pub total_ram: u64,
    /// Free memory in bytes.
    pub free_ram: u64,
    /// Shared memory in bytes.
    pub shared_ram: u64,
    /// Memory used by buffers, in bytes.
    #[serde(rename = "buffered_ram")]
    pub buffer_ram: u64,
    /// Swap in bytes.
    pub total_swap: u64,
    /// Free swap in bytes.
    pub free_swap: u64,
    /// How many processes run.
    pub processes: u16,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_bodies() {
        let member: ClusterMember = serde_json::from_str(
            r#"{"server_name":"b","url":"https://127.0.0.3:8443","database":true,"status":"Online",
                "message":"Fully operational","architecture":"x86_64","roles":["database-standby"],
                "failure_domain":"default","description":"","config":null,"groups":["default"],"x":1}"#,
        )
        .unwrap();
        assert_eq!(member.roles, ["database-standby"]);
        let back = serde_json::to_value(&member).unwrap();
        assert_eq!(
            serde_json::from_value::<ClusterMember>(back).unwrap(),
            member
        );
        let put = member.writable();
        let body = serde_json::to_value(&put).unwrap();
        assert_eq!(
            body,
            serde_json::json!({"roles": ["database-standby"], "failure_domain": "default",
                "description": "", "groups": ["default"]})
        );
        assert_eq!(
            serde_json::from_value::<ClusterMemberPut>(body).unwrap(),
            put
        );
        assert_eq!(
            serde_json::to_string(&ClusterMemberPut::default()).unwrap(),
            "{}"
        );
        assert_eq!(
            serde_json::to_value(ClusterMemberStatePost::evacuate().mode("stop")).unwrap(),
            serde_json::json!({"action": "evacuate", "mode": "stop"})
        );
        assert_eq!(
            serde_json::to_value(ClusterMemberStatePost::restore()).unwrap(),
            serde_json::json!({"action": "restore"})
        );
    }

    #[test]
    fn decodes_member_state() {
        let state: ClusterMemberState = serde_json::from_str(
            r#"{"storage_pools":{"default":{"inodes":{"total":16,"used":4},"space":{"total":270,"used":21}}},
                "sysinfo":{"buffered_ram":41783296,"free_ram":2022,"free_swap":0,
                "load_averages":[0.67,1.75,2.95],"processes":176,"shared_ram":95,
                "total_ram":2527,"total_swap":0,"uptime":11904}}"#,
        )
        .unwrap();
        assert_eq!(state.sysinfo.buffer_ram, 41783296);
        assert_eq!(state.sysinfo.load_averages, [0.67, 1.75, 2.95]);
        assert_eq!(state.storage_pools["default"].space.used, 21);
        let back = serde_json::to_value(&state).unwrap();
        assert_eq!(
            serde_json::from_value::<ClusterMemberState>(back).unwrap(),
            state
        );
        let empty: ClusterMemberState = serde_json::from_str(r#"{"storage_pools":null}"#).unwrap();
        assert!(empty.storage_pools.is_empty());
    }
}
