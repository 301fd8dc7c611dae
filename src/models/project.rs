//! Projects: separate namespaces of instances, profiles, images and more.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{null_default, ConfigMap};

/// A project, as read.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Project {
    /// The project name. Example: `foo`
    pub name: String,
    /// Description of the project. Example: `My new project`
    pub description: String,
    /// Project configuration map (refer to doc/projects.md). Example: `{"features.profiles": "true"}`
    #[serde(deserialize_with = "null_default")]
    pub config: ConfigMap,
    /// List of URLs of objects using this project. Read only.
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
    /// Description of the project. Example: `My new project`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Project configuration map; left empty, PATCH keeps the current one.
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
    /// The name of the new project. Example: `foo`
    pub name: String,
    /// Description of the project. Example: `My new project`
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Project configuration map. Example: `{"features.profiles": "true"}`
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
    /// The new name for the project. Example: `bar`
    pub name: String,
}

/// A project's resource use against its limits (GET /1.0/projects/{name}/state).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProjectState {
    /// Allocated and used resources, by kind (`containers`, `cpu`, `disk`, …).
    #[serde(deserialize_with = "null_default")]
    pub resources: BTreeMap<String, ProjectStateResource>,
}

/// One resource's limit and use in a project.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProjectStateResource {
    /// Limit for the resource (-1 if none). Example: `10`
    #[serde(rename = "Limit")]
    pub limit: i64,
    /// Current usage for the resource. Example: `4`
    #[serde(rename = "Usage")]
    pub usage: i64,
}

/// Who has access to a project (GET /1.0/projects/{name}/access).
pub type Access = Vec<AccessEntry>;

/// One identity's access to a project.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AccessEntry {
    /// Certificate fingerprint. Example: `636b69519d27ae3b0e398cb7928043846ce1e384`
    pub identifier: String,
    /// The role associated with the certificate. Example: `admin`, `view`, `operator`
    pub role: String,
    /// Which authorization method the certificate uses. Example: `tls`, `openfga`
    pub provider: String,
}

#[cfg(test)]
mod tests {
    use super::*;

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
