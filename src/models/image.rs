//! Images: for now only their metadata (`metadata.yaml` of an image, and of
//! an instance made from one), which the instance metadata endpoints read
//! and write.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{ConfigMap, is_false, null_default};

/// The metadata an image carries, and an instance keeps from it (GET, PUT
/// and PATCH /1.0/instances/{name}/metadata).
///
/// The same type is read and written. A field left at its default (empty,
/// 0, `false`) is left out of the body: PUT then writes it as that default,
/// PATCH keeps its current value (maps are merged key by key, and each
/// template named is replaced whole).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ImageMetadata {
    /// CPU architecture the image is built for. Example: `x86_64`
    #[serde(skip_serializing_if = "String::is_empty")]
    pub architecture: String,
    /// When the image was made, in seconds since the Unix epoch. Example: `1620655439`
    #[serde(skip_serializing_if = "is_zero")]
    pub creation_date: i64,
    /// When the image stops being supported, in seconds since the Unix epoch; 0 for never. Example: `1620685757`
    #[serde(skip_serializing_if = "is_zero")]
    pub expiry_date: i64,
    /// Free-form facts about the image (`os`, `release`, `variant`, `description`, …). Example: `{"os": "Debian", "release": "bookworm"}`
    #[serde(
        skip_serializing_if = "ConfigMap::is_empty",
        deserialize_with = "null_default"
    )]
    pub properties: ConfigMap,
    /// Files rendered from templates, by the path they are written to inside the instance. Example: `{"/etc/hostname": {"template": "hostname.tpl", "when": ["create", "copy"]}}`
    #[serde(
        skip_serializing_if = "BTreeMap::is_empty",
        deserialize_with = "null_default"
    )]
    pub templates: BTreeMap<String, ImageMetadataTemplate>,
}

/// How one file inside the instance is rendered from a template, and when.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ImageMetadataTemplate {
    /// The events that render the file: `create`, `copy`, `start`. Example: `["create", "copy"]`
    #[serde(
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "null_default"
    )]
    pub when: Vec<String>,
    /// Whether to render the file only when it does not exist yet.
    #[serde(skip_serializing_if = "is_false")]
    pub create_only: bool,
    /// Name of the template file (a pongo2 template) in the templates directory. Example: `hostname.tpl`
    #[serde(skip_serializing_if = "String::is_empty")]
    pub template: String,
    /// Values the template can use, key to value. Example: `{"foo": "bar"}`
    #[serde(
        skip_serializing_if = "ConfigMap::is_empty",
        deserialize_with = "null_default"
    )]
    pub properties: ConfigMap,
    /// Owner user id of the rendered file, as text. Example: `1000`
    #[serde(skip_serializing_if = "String::is_empty")]
    pub uid: String,
    /// Owner group id of the rendered file, as text. Example: `1000`
    #[serde(skip_serializing_if = "String::is_empty")]
    pub gid: String,
    /// Permission bits of the rendered file, in octal text. Example: `644`
    #[serde(skip_serializing_if = "String::is_empty")]
    pub mode: String,
}

/// `skip_serializing_if` helper: 0 means unset.
fn is_zero(value: &i64) -> bool {
    *value == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let metadata: ImageMetadata = serde_json::from_str(
            r#"{"architecture":"x86_64","creation_date":1620655439,"expiry_date":0,
                "properties":{"os":"busybox"},"future":1,
                "templates":{"/etc/hostname":{"when":["create","copy"],"create_only":false,
                    "template":"hostname.tpl","properties":null,"uid":"","gid":"","mode":"644"}}}"#,
        )
        .unwrap();
        let template = &metadata.templates["/etc/hostname"];
        assert_eq!(template.when, ["create", "copy"]);
        assert_eq!(
            (template.template.as_str(), template.mode.as_str()),
            ("hostname.tpl", "644")
        );
        let body = serde_json::to_value(&metadata).unwrap();
        assert_eq!(
            body["templates"]["/etc/hostname"],
            serde_json::json!({"when": ["create", "copy"], "template": "hostname.tpl", "mode": "644"})
        );
        assert_eq!(body.get("expiry_date"), None);
        assert_eq!(
            serde_json::from_value::<ImageMetadata>(body).unwrap(),
            metadata
        );
        // The daemon sends `null` for no templates and no properties.
        let empty: ImageMetadata =
            serde_json::from_str(r#"{"properties":null,"templates":null}"#).unwrap();
        assert_eq!(empty, ImageMetadata::default());
        // A PATCH body names only what was set.
        let patch = ImageMetadata {
            properties: [("os".to_string(), "x".to_string())].into(),
            ..Default::default()
        };
        assert_eq!(
            serde_json::to_string(&patch).unwrap(),
            r#"{"properties":{"os":"x"}}"#
        );
    }
}
