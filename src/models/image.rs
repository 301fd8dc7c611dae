//! Images: the image store's entries (read and writable fields, the short
//! alias form an image lists, where an image updates from) and image
//! metadata (`metadata.yaml` of an image, and of an instance made from one),
//! which the instance metadata endpoints read and write.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{ConfigMap, is_false, is_zero, null_default};

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

/// An image in the image store, as read.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Image {
    /// The image's SHA-256, in full: its identity. Example: `06b86454720d36b20f94e31c6812e05ec51c1b568cf3a8abd273769d213394bb`
    pub fingerprint: String,
    /// The aliases that point at the image.
    #[serde(deserialize_with = "null_default")]
    pub aliases: Vec<ImageAlias>,
    /// CPU architecture the image is built for. Example: `x86_64`
    pub architecture: String,
    /// `container` or `virtual-machine`. Example: `container`
    #[serde(rename = "type")]
    pub kind: String,
    /// Free-form facts about the image (`os`, `release`, `description`, …). Example: `{"os": "Debian", "release": "bookworm"}`
    #[serde(deserialize_with = "null_default")]
    pub properties: ConfigMap,
    /// Whether clients the server does not trust may see and download it.
    pub public: bool,
    /// Whether the daemon refreshes it from `update_source` when a new build appears.
    pub auto_update: bool,
    /// Profiles an instance made from it gets when the request names none. Example: `["default"]`
    #[serde(deserialize_with = "null_default")]
    pub profiles: Vec<String>,
    /// When the image goes out of date (RFC 3339); year 1 for never. Example: `2025-03-23T20:00:00-04:00`
    pub expires_at: String,
    /// Whether the daemon fetched it by itself from a remote (a cache entry). Read only.
    pub cached: bool,
    /// File name it was uploaded with. Read only. Example: `debian-12.tar.xz`
    pub filename: String,
    /// Size of the image files, in bytes. Read only. Example: `272237676`
    pub size: i64,
    /// When the image was built (RFC 3339). Read only.
    pub created_at: String,
    /// When it was added to this server (RFC 3339). Read only.
    pub uploaded_at: String,
    /// When an instance was last made from it (RFC 3339); year 1 for never. Read only.
    pub last_used_at: String,
    /// The remote it came from and refreshes from; `None` for a local image. Read only.
    pub update_source: Option<ImageSource>,
    /// Project the image belongs to. Example: `default`
    pub project: String,
}

impl Image {
    /// The writable part, ready to change and send back with
    /// [`Client::replace_image`](crate::Client::replace_image).
    pub fn writable(&self) -> ImagePut {
        ImagePut {
            auto_update: Some(self.auto_update),
            expires_at: Some(self.expires_at.clone()),
            profiles: Some(self.profiles.clone()),
            properties: self.properties.clone(),
            public: Some(self.public),
        }
    }
}

/// The writable fields of an image (PUT and PATCH).
///
/// Unset fields are left out of the request. PUT clears what is left out,
/// but `profiles` left out becomes `["default"]` (`Some(vec![])` is none)
/// and `expires_at` left out keeps its value. PATCH keeps what is left out
/// and merges `properties` key by key; Incus 6.0.4 ignores `profiles` and
/// `expires_at` in a PATCH.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ImagePut {
    /// Whether the daemon refreshes it from its source when a new build appears.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auto_update: Option<bool>,
    /// When the image goes out of date (RFC 3339). Example: `2025-03-23T20:00:00-04:00`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
    /// Profiles an instance made from it gets when the request names none. Example: `["default"]`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub profiles: Option<Vec<String>>,
    /// Free-form facts about the image; with PATCH, merged into the current ones.
    #[serde(
        skip_serializing_if = "ConfigMap::is_empty",
        deserialize_with = "null_default"
    )]
    pub properties: ConfigMap,
    /// Whether clients the server does not trust may see and download it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub public: Option<bool>,
}

/// An alias as an image lists it: the name alone, with its description.
/// (The alias endpoints use [`ImageAliasesEntry`](super::ImageAliasesEntry).)
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ImageAlias {
    /// Name of the alias. Example: `debian/12`
    pub name: String,
    /// Free-text description. Example: `Our preferred Debian image`
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
}

/// The remote an image was downloaded from, which auto-update and refresh
/// check for a newer build.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ImageSource {
    /// URL of the remote server. Example: `https://images.linuxcontainers.org`
    pub server: String,
    /// How the remote is spoken to: `simplestreams`, `incus` or `oci`. Example: `simplestreams`
    pub protocol: String,
    /// The alias the image was fetched by, followed on refresh. Example: `debian/12`
    pub alias: String,
    /// The remote's certificate (PEM), when no system CA vouches for it.
    pub certificate: String,
    /// `container` or `virtual-machine`. Example: `container`
    pub image_type: String,
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

    #[test]
    fn image_round_trip_and_patch_bodies() {
        let image: Image = serde_json::from_str(
            r#"{"aliases":[{"name":"debian/12","description":""}],"architecture":"x86_64",
                "auto_update":true,"cached":false,"created_at":"2021-03-23T20:00:00-04:00",
                "expires_at":"0001-01-01T00:00:00Z","filename":"debian-12.tar.xz",
                "fingerprint":"06b86454720d36b20f94e31c6812e05ec51c1b568cf3a8abd273769d213394bb",
                "last_used_at":"0001-01-01T00:00:00Z","profiles":["default"],"project":"default",
                "properties":{"os":"Debian"},"public":false,"size":272237676,"type":"container",
                "update_source":{"alias":"debian/12","certificate":"","image_type":"container",
                    "protocol":"simplestreams","server":"https://images.linuxcontainers.org"},
                "uploaded_at":"2021-03-24T14:18:15.115036787-04:00","future":1}"#,
        )
        .unwrap();
        assert_eq!(image.aliases[0].name, "debian/12");
        assert_eq!((image.kind.as_str(), image.size), ("container", 272237676));
        let source = image.update_source.as_ref().unwrap();
        assert_eq!(source.protocol, "simplestreams");
        let put = image.writable();
        assert_eq!((put.public, put.auto_update), (Some(false), Some(true)));
        let body = serde_json::to_value(&put).unwrap();
        assert_eq!(body["profiles"], serde_json::json!(["default"]));
        assert_eq!(serde_json::from_value::<ImagePut>(body).unwrap(), put);
        // The short alias form leaves out an empty description.
        assert_eq!(
            serde_json::to_string(&image.aliases[0]).unwrap(),
            r#"{"name":"debian/12"}"#
        );
        // A local image: no update source; `null` lists read as empty.
        let local: Image = serde_json::from_str(
            r#"{"aliases":null,"profiles":null,"properties":null,"update_source":null}"#,
        )
        .unwrap();
        assert_eq!(local, Image::default());
        // A PATCH body names only what was set; `Some(vec![])` is sent.
        let patch = ImagePut {
            public: Some(true),
            profiles: Some(vec![]),
            ..Default::default()
        };
        assert_eq!(
            serde_json::to_string(&patch).unwrap(),
            r#"{"profiles":[],"public":true}"#
        );
    }
}
