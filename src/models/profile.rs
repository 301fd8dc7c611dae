//! Profiles: reusable sets of configuration and devices.

use serde::{Deserialize, Serialize};

use super::{ConfigMap, DevicesMap, null_default};

/// A profile, as read.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Profile {
    /// Name of the profile. Example: `foo`
    pub name: String,
    /// Free-text description. Example: `Medium size instances`
    pub description: String,
    /// Instance options the profile sets, key to value. Example: `{"limits.cpu": "4"}`
    #[serde(deserialize_with = "null_default")]
    pub config: ConfigMap,
    /// Devices the profile adds, by device name.
    #[serde(deserialize_with = "null_default")]
    pub devices: DevicesMap,
    /// URLs of the instances and other objects using the profile. Read only.
    #[serde(deserialize_with = "null_default")]
    pub used_by: Vec<String>,
    /// Project the profile belongs to. API extension: profiles_all_projects.
    pub project: String,
}

impl Profile {
    /// The writable part, ready to change and send back with
    /// [`Client::replace_profile`](crate::Client::replace_profile).
    pub fn writable(&self) -> ProfilePut {
        ProfilePut {
            description: Some(self.description.clone()),
            config: self.config.clone(),
            devices: self.devices.clone(),
        }
    }
}

/// The writable fields of a profile (PUT and PATCH).
///
/// Unset fields are left out of the request: PATCH keeps their current
/// value, PUT clears them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProfilePut {
    /// Free-text description. Example: `Medium size instances`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Instance options; with PATCH, keys are merged into the current ones.
    #[serde(
        skip_serializing_if = "ConfigMap::is_empty",
        deserialize_with = "null_default"
    )]
    pub config: ConfigMap,
    /// Devices by name; with PATCH, they are merged into the current ones.
    #[serde(
        skip_serializing_if = "DevicesMap::is_empty",
        deserialize_with = "null_default"
    )]
    pub devices: DevicesMap,
}

/// A new profile (POST /1.0/profiles).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProfilesPost {
    /// Name of the new profile. Example: `foo`
    pub name: String,
    /// Free-text description. Example: `Medium size instances`
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Instance options the profile sets, key to value.
    #[serde(
        skip_serializing_if = "ConfigMap::is_empty",
        deserialize_with = "null_default"
    )]
    pub config: ConfigMap,
    /// Devices the profile adds, by device name.
    #[serde(
        skip_serializing_if = "DevicesMap::is_empty",
        deserialize_with = "null_default"
    )]
    pub devices: DevicesMap,
}

/// A profile rename (POST /1.0/profiles/{name}).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProfilePost {
    /// New name. Example: `bar`
    pub name: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_patch_bodies() {
        let profile: Profile = serde_json::from_str(
            r#"{"name":"foo","description":"Medium size instances","config":{"limits.cpu":"4"},
                "devices":{"root":{"path":"/","pool":"default","type":"disk"}},"used_by":null,"project":"default","x":1}"#,
        )
        .unwrap();
        assert_eq!(profile.config["limits.cpu"], "4");
        assert_eq!(profile.devices["root"]["pool"], "default");
        assert!(profile.used_by.is_empty());
        let put = profile.writable();
        assert_eq!(put.description.as_deref(), Some("Medium size instances"));
        let body = serde_json::to_value(&put).unwrap();
        assert_eq!(body["devices"]["root"]["type"], "disk");
        assert_eq!(serde_json::from_value::<ProfilePut>(body).unwrap(), put);
        // A PATCH body names only what was set.
        let patch = ProfilePut {
            description: Some("x".into()),
            ..Default::default()
        };
        assert_eq!(
            serde_json::to_string(&patch).unwrap(),
            r#"{"description":"x"}"#
        );
        let post = ProfilesPost {
            name: "web".into(),
            ..Default::default()
        };
        assert_eq!(serde_json::to_string(&post).unwrap(), r#"{"name":"web"}"#);
    }
}
