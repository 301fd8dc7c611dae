//! Image aliases: names that point at an image's fingerprint, for the alias
//! endpoints (`/1.0/images/aliases`). An image lists its own aliases in the
//! short form, [`ImageAlias`](super::ImageAlias).

use serde::{Deserialize, Serialize};

/// An image alias, as read.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ImageAliasesEntry {
    /// Name of the alias; may contain `/`. Example: `debian/12`
    pub name: String,
    /// Free-text description. Example: `Our preferred Debian image`
    pub description: String,
    /// Full fingerprint of the image it points at. Example: `06b86454720d36b20f94e31c6812e05ec51c1b568cf3a8abd273769d213394bb`
    pub target: String,
    /// `container` or `virtual-machine`, as the image is. Example: `container`
    #[serde(rename = "type")]
    pub kind: String,
}

impl ImageAliasesEntry {
    /// The writable part, ready to change and send back with
    /// [`Client::replace_image_alias`](crate::Client::replace_image_alias).
    pub fn writable(&self) -> ImageAliasesEntryPut {
        ImageAliasesEntryPut {
            description: Some(self.description.clone()),
            target: Some(self.target.clone()),
        }
    }
}

/// The writable fields of an image alias (PUT and PATCH).
///
/// Unset fields are left out of the request: PATCH keeps their current
/// value; PUT clears the description and needs a `target`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ImageAliasesEntryPut {
    /// Free-text description. Example: `Our preferred Debian image`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Fingerprint of the image to point at (a unique prefix will do). Example: `06b86454720d`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
}

/// A new image alias (POST /1.0/images/aliases).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ImageAliasesPost {
    /// Name of the new alias; may contain `/`. Example: `debian/12`
    pub name: String,
    /// Free-text description. Example: `Our preferred Debian image`
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Fingerprint of the image to point at (a unique prefix will do). Example: `06b86454720d`
    pub target: String,
    /// `container` or `virtual-machine`; the daemon takes the image's own when empty. Example: `container`
    #[serde(rename = "type", skip_serializing_if = "String::is_empty")]
    pub kind: String,
}

/// An image alias rename (POST /1.0/images/aliases/{name}).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ImageAliasesEntryPost {
    /// New name. Example: `debian/bookworm`
    pub name: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_bodies() {
        let entry: ImageAliasesEntry = serde_json::from_str(
            r#"{"name":"debian/12","description":"Our preferred Debian image",
                "target":"06b86454720d36b20f94e31c6812e05ec51c1b568cf3a8abd273769d213394bb",
                "type":"container","future":true}"#,
        )
        .unwrap();
        assert_eq!(
            (entry.name.as_str(), entry.kind.as_str()),
            ("debian/12", "container")
        );
        let put = entry.writable();
        assert_eq!(put.target.as_deref(), Some(entry.target.as_str()));
        let body = serde_json::to_value(&put).unwrap();
        assert_eq!(body["description"], "Our preferred Debian image");
        assert_eq!(
            serde_json::from_value::<ImageAliasesEntryPut>(body).unwrap(),
            put
        );
        // A PATCH body names only what was set.
        let patch = ImageAliasesEntryPut {
            description: Some(String::new()),
            ..Default::default()
        };
        assert_eq!(
            serde_json::to_string(&patch).unwrap(),
            r#"{"description":""}"#
        );
        let post = ImageAliasesPost {
            name: "a b/c".into(),
            target: "06b8".into(),
            ..Default::default()
        };
        assert_eq!(
            serde_json::to_string(&post).unwrap(),
            r#"{"name":"a b/c","target":"06b8"}"#
        );
    }
}
