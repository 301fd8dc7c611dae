//! What an upload of an image tarball sends: the tarball as a stream, and
//! what the new image gets as `X-Incus-*` headers (`X-LXD-*` on LXD), each checked and encoded
//! the way Incus 6.0.4 reads it (`getImgPostInfo` in `cmd/incusd/images.go`).

use std::collections::BTreeMap;
use std::fmt;
use std::io::{self, Read};

use crate::error::{Error, Result};
use crate::input::{check_text, query_value};
use crate::request::Call;
use crate::stream::labelled;

/// A unified image tarball (`metadata.yaml`, `rootfs/`, `templates/` in one
/// archive) to upload as a new image, for
/// [`Client::upload_image`](crate::Client::upload_image): the content
/// streamed from any reader (never held in memory), and what the image gets.
///
/// ```no_run
/// # fn main() -> incus::Result<()> {
/// use incus::ImageUploadArgs;
/// let file = std::fs::File::open("web-base.tar.gz")?;
/// let length = file.metadata()?.len();
/// let args = ImageUploadArgs::new(file)
///     .length(length)
///     .alias("web-base")
///     .property("release", "2025.1")
///     .filename("web-base.tar.gz");
/// # Ok(())
/// # }
/// ```
#[must_use]
pub struct ImageUploadArgs<'a> {
    content: Box<dyn Read + 'a>,
    /// A split image's rootfs, sent after `content` (the metadata) as the
    /// second part of a multipart body.
    rootfs: Option<Box<dyn Read + 'a>>,
    virtual_machine: bool,
    length: Option<u64>,
    fingerprint: Option<String>,
    public: bool,
    filename: Option<String>,
    properties: BTreeMap<String, String>,
    aliases: Vec<String>,
    profiles: Vec<String>,
}

impl<'a> ImageUploadArgs<'a> {
    /// The tarball, read from `tarball` (a `File`, `&mut` any reader) as it
    /// is sent.
    pub fn new(tarball: impl Read + 'a) -> ImageUploadArgs<'a> {
        ImageUploadArgs {
            content: Box::new(tarball),
            rootfs: None,
            virtual_machine: false,
            length: None,
            fingerprint: None,
            public: false,
            filename: None,
            properties: BTreeMap::new(),
            aliases: Vec::new(),
            profiles: Vec::new(),
        }
    }

    /// A split image: its metadata tarball and its root filesystem (a
    /// tarball, or a squashfs image), each streamed from its reader as the
    /// two parts of a `multipart/form-data` body, never assembled in memory.
    /// The image's fingerprint is the SHA-256 of the metadata then the
    /// rootfs. [`ImageUploadArgs::length`] does not apply.
    ///
    /// ```no_run
    /// # fn main() -> incus::Result<()> {
    /// use incus::ImageUploadArgs;
    /// let metadata = std::fs::File::open("meta.tar.gz")?;
    /// let rootfs = std::fs::File::open("rootfs.squashfs")?;
    /// let args = ImageUploadArgs::split(metadata, rootfs).alias("web-base");
    /// # Ok(())
    /// # }
    /// ```
    pub fn split(metadata: impl Read + 'a, rootfs: impl Read + 'a) -> ImageUploadArgs<'a> {
        ImageUploadArgs {
            rootfs: Some(Box::new(rootfs)),
            ..ImageUploadArgs::new(metadata)
        }
    }

    /// Marks a split image's rootfs as a virtual machine's disk image (the
    /// part is then named `rootfs.img`). Defaults to a container's.
    pub fn virtual_machine(mut self) -> Self {
        self.virtual_machine = true;
        self
    }

    /// Declares the tarball's exact length in bytes. The reader must give
    /// exactly `length` bytes: one that ends early or has more fails the
    /// upload with [`Error::Transport`] before the daemon sees a complete
    /// request. Defaults to unknown (any length is sent).
    pub fn length(mut self, length: u64) -> Self {
        self.length = Some(length);
        self
    }

    /// The SHA-256 the tarball must have, in hex (`X-Incus-fingerprint`):
    /// the daemon refuses the image when what it received hashes otherwise.
    /// Must be 64 hex digits (either case). Defaults to no check.
    pub fn fingerprint(mut self, sha256: &str) -> Self {
        self.fingerprint = Some(sha256.to_string());
        self
    }

    /// Makes the image readable by clients the daemon does not trust
    /// (`X-Incus-public`). Defaults to private.
    pub fn public(mut self) -> Self {
        self.public = true;
        self
    }

    /// The file name recorded with the image (`X-Incus-filename`), shown by
    /// `incus image info`. Defaults to none.
    pub fn filename(mut self, name: &str) -> Self {
        self.filename = Some(name.to_string());
        self
    }

    /// Sets a property of the image (`X-Incus-properties`), over the one of
    /// the same key in the tarball's `metadata.yaml`; the last value given
    /// for a key wins.
    ///
    /// Give the tarball's `metadata.yaml` at least one property of its own:
    /// by its source, Incus 6.0.4 adds these to the tarball's properties
    /// without making the map first when it has none, which would panic in
    /// the daemon's background task (not tried: it would stop the daemon).
    pub fn property(mut self, key: &str, value: &str) -> Self {
        self.properties.insert(key.to_string(), value.to_string());
        self
    }

    /// Adds an alias pointing at the new image (`X-Incus-aliases`). An alias
    /// that is taken fails the operation after the image was stored: the
    /// image stays, without its aliases.
    pub fn alias(mut self, name: &str) -> Self {
        self.aliases.push(name.to_string());
        self
    }

    /// Adds a profile instances made from the image get when they name none
    /// (`X-Incus-profiles`); one that does not exist fails the operation.
    pub fn profile(mut self, name: &str) -> Self {
        self.profiles.push(name.to_string());
        self
    }

    /// Puts these arguments on a POST to `/1.0/images`; a header value the
    /// daemon would not read as given is refused (see [`headers`]).
    pub(crate) fn apply<'c>(self, call: Call<'c>) -> Result<Call<'c>>
    where
        'a: 'c,
    {
        let mut call = call.extension_if("image_import_alias", !self.aliases.is_empty());
        for (name, value) in headers(&self)? {
            call = call.daemon_header(name, value);
        }
        let Some(rootfs) = self.rootfs else {
            let content = labelled(self.content, "the image to upload".into());
            return Ok(call.reader(content, self.length));
        };
        let boundary = boundary()?;
        let rootfs_part = if self.virtual_machine {
            "rootfs.img"
        } else {
            "rootfs"
        };
        let filename = self.filename.as_deref().unwrap_or(rootfs_part);
        let part = |name: &str, file: &str, first: bool| {
            let lead = if first { "" } else { "\r\n" };
            format!(
                "{lead}--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; \
                 filename=\"{file}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
        };
        let body = io::Cursor::new(part("metadata", "metadata", true))
            .chain(labelled(self.content, "the image's metadata".into()))
            .chain(io::Cursor::new(part(rootfs_part, filename, false)))
            .chain(labelled(rootfs, "the image's rootfs".into()))
            .chain(io::Cursor::new(format!("\r\n--{boundary}--\r\n")));
        let content_type = format!("multipart/form-data; boundary={boundary}");
        Ok(call
            .header("Content-Type", content_type)
            .reader(Box::new(body), None))
    }
}

/// A multipart boundary no file is likely to hold: 32 random hex digits.
fn boundary() -> Result<String> {
    use ring::rand::SecureRandom;
    let mut bytes = [0u8; 16];
    ring::rand::SystemRandom::new()
        .fill(&mut bytes)
        .map_err(|_| Error::invalid("no randomness for a multipart boundary"))?;
    Ok(format!(
        "incus-{}",
        bytes.iter().map(|b| format!("{b:02x}")).collect::<String>()
    ))
}

/// The daemon's headers of an upload (`X-Incus-*` or `X-LXD-*`; named here
/// without the prefix), each checked: a fingerprint of 64
/// hex digits (sent lowercase: the daemon compares the text); a file name
/// without control characters or surrounding spaces (HTTP would trim
/// them); properties, aliases and profiles percent-encoded as a query
/// string (`key=value&…`, `alias=a&alias=b`), the form the daemon decodes
/// with Go's `url.ParseQuery`, keys and names not empty and no control
/// characters anywhere.
fn headers(args: &ImageUploadArgs<'_>) -> Result<Vec<(&'static str, String)>> {
    let mut headers = Vec::new();
    if let Some(fingerprint) = &args.fingerprint {
        headers.push(("fingerprint", check_fingerprint(fingerprint)?));
    }
    if args.public {
        headers.push(("public", "1".to_string()));
    }
    if let Some(name) = &args.filename {
        check_text("filename", name)?;
        if name.is_empty() || name.trim() != name {
            return Err(Error::invalid(format!(
                "the image's filename {name:?} must not be empty or start or end with a space"
            )));
        }
        headers.push(("filename", name.clone()));
    }
    if !args.properties.is_empty() {
        let pairs = args.properties.iter().map(|(key, value)| {
            if key.is_empty() {
                return Err(Error::invalid("an image property's key must not be empty"));
            }
            let key = query_value("property key", key)?;
            Ok(format!("{key}={}", query_value("property value", value)?))
        });
        headers.push(("properties", joined(pairs)?));
    }
    for (header, key, names) in [
        ("aliases", "alias", &args.aliases),
        ("profiles", "profile", &args.profiles),
    ] {
        if names.is_empty() {
            continue;
        }
        let pairs = names.iter().map(|name| {
            if name.is_empty() {
                return Err(Error::invalid(format!("an image {key} must not be empty")));
            }
            Ok(format!("{key}={}", query_value(key, name)?))
        });
        headers.push((header, joined(pairs)?));
    }
    Ok(headers)
}

/// `pairs` joined with `&`, or the first error.
fn joined(pairs: impl Iterator<Item = Result<String>>) -> Result<String> {
    Ok(pairs.collect::<Result<Vec<_>>>()?.join("&"))
}

/// `fingerprint` in lowercase if it is a whole SHA-256 in hex (64 digits),
/// else [`Error::InvalidInput`].
pub(crate) fn check_fingerprint(fingerprint: &str) -> Result<String> {
    if fingerprint.len() == 64 && fingerprint.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(fingerprint.to_ascii_lowercase());
    }
    check_text("fingerprint", fingerprint)?;
    Err(Error::invalid(format!(
        "fingerprint {fingerprint:?} is not a whole SHA-256 in hex (64 digits)"
    )))
}

impl fmt::Debug for ImageUploadArgs<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ImageUploadArgs")
            .field("split", &self.rootfs.is_some())
            .field("virtual_machine", &self.virtual_machine)
            .field("length", &self.length)
            .field("fingerprint", &self.fingerprint)
            .field("public", &self.public)
            .field("filename", &self.filename)
            .field("properties", &self.properties)
            .field("aliases", &self.aliases)
            .field("profiles", &self.profiles)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sent(args: ImageUploadArgs<'_>) -> Result<Vec<(&'static str, String)>> {
        headers(&args)
    }

    #[test]
    fn headers_are_encoded_as_the_daemon_decodes_them() {
        let fp = "ABCDEF0123456789abcdef0123456789ABCDEF0123456789abcdef0123456789";
        let headers = sent(
            ImageUploadArgs::new(&b""[..])
                .fingerprint(fp)
                .public()
                .filename("web base é.tar.gz")
                .property("description", "a+b & c=d;e")
                .property("os", "busybox")
                .property("os", "Busy Box")
                .alias("web/1")
                .alias("w é")
                .profile("default"),
        )
        .unwrap();
        assert_eq!(
            headers,
            [
                ("fingerprint", fp.to_ascii_lowercase()),
                ("public", "1".into()),
                ("filename", "web base é.tar.gz".into()),
                (
                    "properties",
                    "description=a%2Bb%20%26%20c%3Dd%3Be&os=Busy%20Box".into()
                ),
                ("aliases", "alias=web%2F1&alias=w%20%C3%A9".into()),
                ("profiles", "profile=default".into()),
            ]
        );
        assert!(sent(ImageUploadArgs::new(&b""[..])).unwrap().is_empty());
    }

    #[test]
    fn bad_header_values_are_refused() {
        let refused = |args: ImageUploadArgs<'_>, want: &str| {
            let e = sent(args).unwrap_err().to_string();
            assert!(e.contains(want), "{e:?} does not say {want:?}");
        };
        let new = || ImageUploadArgs::new(&b""[..]);
        refused(new().fingerprint("abc"), "not a whole SHA-256");
        refused(new().fingerprint(&"g".repeat(64)), "not a whole SHA-256");
        refused(new().fingerprint("a\0"), "control character");
        refused(new().filename("a\nb"), "control character");
        refused(new().filename(" a"), "start or end with a space");
        refused(new().filename(""), "must not be empty");
        refused(new().property("", "v"), "key must not be empty");
        refused(new().property("k", "line\nbreak"), "property value");
        refused(new().property("k\t", "v"), "property key");
        refused(new().alias(""), "alias must not be empty");
        refused(new().alias("a\0b"), "control character");
        refused(new().profile("\r"), "control character");
    }
}
