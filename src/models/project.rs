//! Projects: separate namespaces of instances, profiles, images and more.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{ConfigMap, null_default};

/// A project, as read.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Project {
    /// Name of the project. Example: `foo`
    pub name: String,
    /// Free-text description. Example: `My new project`
    pub description: String,
    /// Project options (features, limits, restrictions), key to value. Example: `{"features.profiles": "true"}`
    #[serde(deserialize_with = "null_default")]
    pub config: ConfigMap,
    /// URLs of the objects in the project. Read only.
    #[serde(deserialize_with = "null_default")]
    pub used_by: Vec<String>,
}

impl Project {
    /// The writable part, ready to change and send back with
    /// [`Client::replace_project`](crate::Client::replace_project).
    pub fn writable(&self) -> ProjectPut {
        ProjectPut {
            description: Some(self.description.clone()),
            config: self.config.clone(),
        }
    }
}

/// The writable fields of a project (PUT and PATCH).
///
/// Unset fields are left out of the request: PATCH keeps their current
/// value, PUT clears them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProjectPut {
    /// Free-text description. Example: `My new project`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Project options; left empty, PATCH keeps the current ones.
    #[serde(
        skip_serializing_if = "ConfigMap::is_empty",
        deserialize_with = "null_default"
    )]
    pub config: ConfigMap,
}

/// A new project (POST /1.0/projects).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProjectsPost {
    /// Name of the new project. Example: `foo`
    pub name: String,
    /// Free-text description. Example: `My new project`
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Project options, key to value. Example: `{"features.profiles": "true"}`
    #[serde(
        skip_serializing_if = "ConfigMap::is_empty",
        deserialize_with = "null_default"
    )]
    pub config: ConfigMap,
}

/// A project rename (POST /1.0/projects/{name}).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProjectPost {
    /// New name. Example: `bar`
    pub name: String,
}

/// A project's resource use against its limits (GET /1.0/projects/{name}/state).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProjectState {
    /// Limit and use for each kind of resource (`containers`, `cpu`, `disk`, …).
    #[serde(deserialize_with = "null_default")]
    pub resources: BTreeMap<String, ProjectStateResource>,
}

/// One resource's limit and use in a project.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProjectStateResource {
    /// Most the project may use; -1 for no limit. Example: `10`
    #[serde(rename = "Limit")]
    pub limit: i64,
    /// How much the project uses now. Example: `4`
    #[serde(rename = "Usage")]
    pub usage: i64,
}

/// Who has access to a project (GET /1.0/projects/{name}/access).
pub type Access = Vec<AccessEntry>;

/// One identity's access to a project.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AccessEntry {
    /// Who: a certificate fingerprint or another identity. Example: `636b69519d27ae3b0e398cb7928043846ce1e384`
    pub identifier: String,
    /// Their role in the project (`admin`, `operator`, `view`, …). Example: `admin`
    pub role: String,
    /// Which authorization backend grants the access (`tls`, `openfga`). Example: `tls`
    pub provider: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn read_write_round_trip() {
        let project: Project = serde_json::from_str(
            r#"{"name":"foo","description":"My new project","config":{"features.profiles":"true"},
                "used_by":null,"x":1}"#,
        )
        .unwrap();
        assert!(project.used_by.is_empty());
        let put = project.writable();
        assert_eq!(put.description.as_deref(), Some("My new project"));
        let body = serde_json::to_value(&put).unwrap();
        assert_eq!(
            body,
            serde_json::json!({"description": "My new project", "config": {"features.profiles": "true"}})
        );
        assert_eq!(serde_json::from_value::<ProjectPut>(body).unwrap(), put);
        assert_eq!(serde_json::to_string(&ProjectPut::default()).unwrap(), "{}");
    }

    #[test]
    fn state_and_bodies() {
        let state: ProjectState = serde_json::from_str(
            r#"{"resources":{"containers":{"Limit":10,"Usage":4},"cpu":{"Limit":-1,"Usage":0}}}"#,
        )
        .unwrap();
        assert_eq!(state.resources["containers"].limit, 10);
        assert_eq!(state.resources["cpu"].limit, -1);
        let post = ProjectsPost {
            name: "p".into(),
            config: [("features.profiles".to_string(), "true".to_string())].into(),
            ..Default::default()
        };
        assert_eq!(
            serde_json::to_string(&post).unwrap(),
            r#"{"name":"p","config":{"features.profiles":"true"}}"#
        );
        let access: Access = serde_json::from_str(
            r#"[{"identifier":"636b","role":"admin","provider":"tls","extra":true}]"#,
        )
        .unwrap();
        assert_eq!(access[0].role, "admin");
    }
}
