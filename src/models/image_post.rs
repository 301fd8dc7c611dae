//! Request bodies that make images and send them elsewhere: a new image
//! from an instance, a snapshot, a URL or another server (`ImagesPost`),
//! and an image pushed to another server (`ImageExportPost`). Named after
//! the API's types in Incus's `shared/api/image.go`; the image's read and
//! put types live beside the other image endpoints.

use serde::{Deserialize, Serialize};

use super::{ConfigMap, ImageAlias, is_false};

/// A new image (POST /1.0/images with a JSON body): where it comes from
/// and what it gets. Fields left at their default are not sent.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ImagesPost {
    /// Where the image comes from: an instance, a snapshot, a URL, another server's image.
    pub source: ImagesPostSource,
    /// Aliases to point at the new image; the operation fails if one is taken. Example: `[{"name": "web-base"}]`
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<ImageAlias>,
    /// Compression of a published instance's tarball (`gzip`, `zstd`, `xz`, `none`, …); the server's default when empty. Example: `zstd`
    #[serde(skip_serializing_if = "String::is_empty")]
    pub compression_algorithm: String,
    /// Facts stored with the image, merged over those of the source. Example: `{"os": "busybox", "release": "1.36"}`
    #[serde(skip_serializing_if = "ConfigMap::is_empty")]
    pub properties: ConfigMap,
    /// Whether clients the server does not trust may read the image.
    #[serde(skip_serializing_if = "is_false")]
    pub public: bool,
    /// Whether the server refreshes the image when its source has a newer build.
    #[serde(skip_serializing_if = "is_false")]
    pub auto_update: bool,
    /// When the image is considered out of date (RFC 3339). Example: `2030-01-01T00:00:00Z`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
    /// Profiles that instances made from the image get when none are named. Example: `["default"]`
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub profiles: Vec<String>,
    /// The file name recorded for the image. Example: `web-base.tar.gz`
    #[serde(skip_serializing_if = "String::is_empty")]
    pub filename: String,
}

/// Where a new image comes from. Build it with a constructor
/// ([`ImagesPostSource::instance`], [`ImagesPostSource::snapshot`],
/// [`ImagesPostSource::url`], [`ImagesPostSource::image`],
/// [`ImagesPostSource::push`]) and set the other fields as needed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ImagesPostSource {
    /// `instance`, `snapshot`, `image` (from another server) or `url`. Example: `instance`
    #[serde(rename = "type", skip_serializing_if = "String::is_empty")]
    pub kind: String,
    /// The instance, or `instance/snapshot`, to publish. Example: `c1/snap0`
    #[serde(skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// The image's fingerprint on the other server (or in a push, the image being pushed). Example: `8ae945c52bb2f2df51c923b04022312f99bbb72c356251f54fa89ea7cf1df1d0`
    #[serde(skip_serializing_if = "String::is_empty")]
    pub fingerprint: String,
    /// The image's alias on the other server, in place of a fingerprint. Example: `debian/12`
    #[serde(skip_serializing_if = "String::is_empty")]
    pub alias: String,
    /// The other server's URL. Example: `https://images.linuxcontainers.org`
    #[serde(skip_serializing_if = "String::is_empty")]
    pub server: String,
    /// How the other server is spoken to: `incus` or `simplestreams`. Example: `simplestreams`
    #[serde(skip_serializing_if = "String::is_empty")]
    pub protocol: String,
    /// The other server's certificate (PEM), when the system's CAs do not vouch for it.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub certificate: String,
    /// A secret the other server gave out for one of its private images.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub secret: String,
    /// `container` or `virtual-machine`, when the other server has both for an alias. Example: `container`
    #[serde(skip_serializing_if = "String::is_empty")]
    pub image_type: String,
    /// `pull` (this server downloads; the default) or `push` (the other server will send it). Example: `push`
    #[serde(skip_serializing_if = "String::is_empty")]
    pub mode: String,
    /// The project on the other server the image is in. Example: `project1`
    #[serde(skip_serializing_if = "String::is_empty")]
    pub project: String,
    /// The address of an image to download, for `url`. Example: `https://example.com/images/`
    #[serde(skip_serializing_if = "String::is_empty")]
    pub url: String,
}

impl ImagesPostSource {
    /// Publishes a local instance (a container must be stopped).
    pub fn instance(name: impl Into<String>) -> ImagesPostSource {
        ImagesPostSource::named("instance", name.into())
    }

    /// Publishes one snapshot of a local instance, named `instance/snapshot`.
    pub fn snapshot(name: impl Into<String>) -> ImagesPostSource {
        ImagesPostSource::named("snapshot", name.into())
    }

    /// Downloads the image another server has under `fingerprint`, over
    /// `protocol` (`incus`, `simplestreams`); set `certificate` or `secret`
    /// when the server needs them.
    pub fn image(
        server: impl Into<String>,
        protocol: impl Into<String>,
        fingerprint: impl Into<String>,
    ) -> ImagesPostSource {
        ImagesPostSource {
            kind: "image".into(),
            server: server.into(),
            protocol: protocol.into(),
            fingerprint: fingerprint.into(),
            ..Default::default()
        }
    }

    /// Downloads an image from a plain web address.
    pub fn url(url: impl Into<String>) -> ImagesPostSource {
        ImagesPostSource {
            kind: "url".into(),
            url: url.into(),
            ..Default::default()
        }
    }

    /// Asks for a token to receive the image `fingerprint` that another
    /// server will push here: the operation's `secret` goes into that
    /// server's [`ImageExportPost`].
    pub fn push(fingerprint: impl Into<String>) -> ImagesPostSource {
        ImagesPostSource {
            mode: "push".into(),
            fingerprint: fingerprint.into(),
            ..Default::default()
        }
    }

    fn named(kind: &str, name: String) -> ImagesPostSource {
        ImagesPostSource {
            kind: kind.into(),
            name,
            ..Default::default()
        }
    }
}

impl ImageAlias {
    /// An alias with no description.
    pub fn new(name: impl Into<String>) -> ImageAlias {
        ImageAlias {
            name: name.into(),
            description: String::new(),
        }
    }
}

/// Where to push an image (POST /1.0/images/{fingerprint}/export): the
/// other server's address and certificate, and the secret it gave out.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ImageExportPost {
    /// The other server's URL. Example: `https://10.0.0.5:8443`
    #[serde(skip_serializing_if = "String::is_empty")]
    pub target: String,
    /// The other server's certificate (PEM), which this server pins when it connects.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub certificate: String,
    /// The `secret` of the other server's push token (an [`ImagesPostSource::push`] operation).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub secret: String,
    /// The project on the other server to put the image in. Example: `project1`
    #[serde(skip_serializing_if = "String::is_empty")]
    pub project: String,
    /// Profiles the pushed image gets on the other server. Example: `["default"]`
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub profiles: Vec<String>,
    /// Aliases for the pushed image (Incus 6.0.4 ignores them: put them in the token's request).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<ImageAlias>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn bodies_name_only_what_was_set() {
        let publish = ImagesPost {
            source: ImagesPostSource::snapshot("c1/snap0"),
            aliases: vec![ImageAlias::new("web")],
            compression_algorithm: "zstd".into(),
            properties: [("os".to_string(), "busybox".to_string())].into(),
            public: true,
            expires_at: Some("2030-01-01T00:00:00Z".into()),
            ..Default::default()
        };
        let body = serde_json::to_value(&publish).unwrap();
        assert_eq!(
            body,
            json!({"source": {"type": "snapshot", "name": "c1/snap0"},
                   "aliases": [{"name": "web"}], "compression_algorithm": "zstd",
                   "properties": {"os": "busybox"}, "public": true,
                   "expires_at": "2030-01-01T00:00:00Z"})
        );
        assert_eq!(serde_json::from_value::<ImagesPost>(body).unwrap(), publish);
        assert_eq!(
            serde_json::to_value(ImagesPostSource::push("ab")).unwrap(),
            json!({"mode": "push", "fingerprint": "ab"})
        );
        assert_eq!(
            serde_json::to_value(ImagesPostSource::image("https://s", "incus", "ab")).unwrap(),
            json!({"type": "image", "server": "https://s", "protocol": "incus", "fingerprint": "ab"})
        );
        let push = ImageExportPost {
            target: "https://10.0.0.5:8443".into(),
            secret: "s".into(),
            ..Default::default()
        };
        let body = serde_json::to_value(&push).unwrap();
        assert_eq!(
            body,
            json!({"target": "https://10.0.0.5:8443", "secret": "s"})
        );
        // Keys a newer server adds are ignored.
        let read: ImageAlias =
            serde_json::from_str(r#"{"name":"a","description":"","future":1}"#).unwrap();
        assert_eq!(read, ImageAlias::new("a"));
    }
}
