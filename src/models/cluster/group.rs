//! Cluster groups: named sets of members that instances can be placed on
//! (`target=@group`) and projects restricted to.

use serde::{Deserialize, Serialize};

use crate::models::{ConfigMap, null_default};

/// A cluster group, as read.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ClusterGroup {
    /// The group's name. Example: `gpu`
    pub name: String,
    /// Free text about the group. Example: `amd64 servers`
    pub description: String,
    /// The members in the group. Example: `["server01", "server02"]`
    #[serde(deserialize_with = "null_default")]
    pub members: Vec<String>,
    /// The group's settings. Example: `{"user.mykey": "foo"}` API extension: clustering_groups_config
    #[serde(deserialize_with = "null_default")]
    pub config: ConfigMap,
    /// URLs of the members and projects that use the group. Read only. API extension: cluster_group_usedby
    #[serde(deserialize_with = "null_default")]
    pub used_by: Vec<String>,
}

impl ClusterGroup {
    /// The writable part, for [`Client::replace_cluster_group`](crate::Client::replace_cluster_group).
    pub fn writable(&self) -> ClusterGroupPut {
        ClusterGroupPut {
            description: Some(self.description.clone()),
            members: self.members.clone(),
            config: self.config.clone(),
        }
    }
}

/// The writable fields of a cluster group (PUT and PATCH).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ClusterGroupPut {
    /// Free text about the group.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The members in the group (a PUT that leaves this empty empties the group).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<String>,
    /// The group's settings. API extension: clustering_groups_config
    #[serde(skip_serializing_if = "ConfigMap::is_empty")]
    pub config: ConfigMap,
}

/// A new cluster group (`POST /1.0/cluster/groups`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ClusterGroupsPost {
    /// The group's name. Example: `gpu`
    pub name: String,
    /// Free text about the group.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Members to put in the group.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<String>,
    /// The group's settings. API extension: clustering_groups_config
    #[serde(skip_serializing_if = "ConfigMap::is_empty")]
    pub config: ConfigMap,
}

/// A cluster group's new name (`POST /1.0/cluster/groups/{name}`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ClusterGroupPost {
    /// The new name. Example: `gpu-2`
    pub name: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_bodies() {
        let group: ClusterGroup = serde_json::from_str(
            r#"{"name":"group1","description":"amd64 servers","members":["server01","server02"],
                "config":null,"used_by":["/1.0/cluster/members/server01"],"x":1}"#,
        )
        .unwrap();
        assert_eq!(group.members, ["server01", "server02"]);
        let back = serde_json::to_value(&group).unwrap();
        assert_eq!(serde_json::from_value::<ClusterGroup>(back).unwrap(), group);
        let put = group.writable();
        let body = serde_json::to_value(&put).unwrap();
        assert_eq!(
            body,
            serde_json::json!({"description": "amd64 servers", "members": ["server01", "server02"]})
        );
        assert_eq!(
            serde_json::from_value::<ClusterGroupPut>(body).unwrap(),
            put
        );
        assert_eq!(
            serde_json::to_string(&ClusterGroupPut::default()).unwrap(),
            "{}"
        );
        let post = ClusterGroupsPost {
            name: "g".into(),
            ..Default::default()
        };
        assert_eq!(serde_json::to_string(&post).unwrap(), r#"{"name":"g"}"#);
    }
}
