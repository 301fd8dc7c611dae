//! An instance's image metadata and templates: `/1.0/instances/{name}/metadata`
//! and `…/metadata/templates`.

use crate::client::Client;
use crate::error::Result;
use crate::input::path;
use crate::models::ImageMetadata;
use crate::stream::{Download, Upload};

/// An instance's image metadata (`metadata.yaml`: architecture, dates,
/// properties, which files are rendered from templates and when) and the
/// template files themselves. Template names are single file names
/// (`hostname.tpl`): a `/`, `.` or `..` is refused before sending.
impl Client {
    /// Gets the image metadata an instance keeps (empty if it has none).
    ///
    /// Sends `GET /1.0/instances/{name}/metadata` (`instance_metadata_get`).
    ///
    /// # Errors
    ///
    /// [`Error::Api`](crate::Error::Api) 404 if the instance does not exist.
    ///
    /// # Example
    ///
    /// ```no_run
    /// # fn main() -> incus::Result<()> {
    /// use incus::models::ImageMetadataTemplate;
    /// let client = incus::Client::local()?;
    /// let template = &b"{{ instance.name }}.example.net\n"[..];
    /// client.create_instance_metadata_template("c1", "hostname.tpl", template)?;
    /// let (mut metadata, etag) = client.get_instance_metadata_with_etag("c1")?;
    /// metadata.templates.insert(
    ///     "/etc/hostname".into(),
    ///     ImageMetadataTemplate {
    ///         template: "hostname.tpl".into(),
    ///         when: vec!["create".into(), "copy".into(), "start".into()],
    ///         ..Default::default()
    ///     },
    /// );
    /// client.replace_instance_metadata("c1", &metadata, Some(&etag))?;
    /// println!("{:?}", client.list_instance_metadata_template_names("c1")?);
    /// # Ok(())
    /// # }
    /// ```
    pub fn get_instance_metadata(&self, name: &str) -> Result<ImageMetadata> {
        self.get(path!("/1.0/instances/{}/metadata", name)).sync()
    }

    /// Gets an instance's image metadata and its ETag, for
    /// [`Client::update_instance_metadata`].
    ///
    /// Sends `GET /1.0/instances/{name}/metadata` (`instance_metadata_get`).
    pub fn get_instance_metadata_with_etag(&self, name: &str) -> Result<(ImageMetadata, String)> {
        self.get(path!("/1.0/instances/{}/metadata", name))
            .sync_with_etag()
    }

    /// Replaces an instance's image metadata with `metadata`; a field left
    /// at its default is written as that default.
    /// A template with `uid`, `gid` or `mode` requires API extension
    /// `image_template_permissions`.
    ///
    /// Sends `PUT /1.0/instances/{name}/metadata` (`instance_metadata_put`).
    /// Incus 6.0 does not check the ETag on this endpoint (a stale one is
    /// accepted); [`Client::update_instance_metadata`] does.
    pub fn replace_instance_metadata(
        &self,
        name: &str,
        metadata: &ImageMetadata,
        etag: Option<&str>,
    ) -> Result<()> {
        self.put(path!("/1.0/instances/{}/metadata", name))
            .extension_if("image_template_permissions", template_permissions(metadata))
            .json(metadata)
            .etag(etag)
            .unit()
    }

    /// Changes only the fields set (not at their default) in `metadata`:
    /// properties are merged key by key, each template named is replaced.
    /// A template with `uid`, `gid` or `mode` requires API extension
    /// `image_template_permissions`.
    ///
    /// Sends `PATCH /1.0/instances/{name}/metadata` (`instance_metadata_patch`);
    /// `etag` as for [`Client::replace_profile`] (412 if it no longer matches).
    pub fn update_instance_metadata(
        &self,
        name: &str,
        metadata: &ImageMetadata,
        etag: Option<&str>,
    ) -> Result<()> {
        self.patch(path!("/1.0/instances/{}/metadata", name))
            .extension_if("image_template_permissions", template_permissions(metadata))
            .json(metadata)
            .etag(etag)
            .unit()
    }

    /// Lists the names of an instance's template files.
    ///
    /// Sends `GET /1.0/instances/{name}/metadata/templates`
    /// (`instance_metadata_templates_get`) without `path=`.
    pub fn list_instance_metadata_template_names(&self, name: &str) -> Result<Vec<String>> {
        self.get(path!("/1.0/instances/{}/metadata/templates", name))
            .sync()
    }

    /// Reads one of an instance's template files, as a stream.
    ///
    /// Sends `GET /1.0/instances/{name}/metadata/templates`
    /// (`instance_metadata_templates_get`) with `path=`. 404 if there is no
    /// such template; [`Error::InvalidInput`](crate::Error::InvalidInput)
    /// for a name that is empty, `.`, `..` or holds a `/`.
    pub fn get_instance_metadata_template(&self, name: &str, path: &str) -> Result<Download> {
        self.get(path!("/1.0/instances/{}/metadata/templates", name))
            .file_name(path)
            .stream()
    }

    /// Creates or replaces one of an instance's template files with the
    /// bytes of `content`: any reader, streamed (declare its length with
    /// [`Upload::length`] to have it checked).
    ///
    /// Sends `POST /1.0/instances/{name}/metadata/templates`
    /// (`instance_metadata_templates_post`) with `path=`. Names are checked
    /// as for [`Client::get_instance_metadata_template`]. The daemon empties
    /// the template before it reads the body: a reader that fails, or gives
    /// another length than declared, fails the call
    /// ([`Error::Transport`](crate::Error::Transport)) and may leave the
    /// template holding only what was received.
    pub fn create_instance_metadata_template<'c>(
        &self,
        name: &str,
        path: &str,
        content: impl Into<Upload<'c>>,
    ) -> Result<()> {
        self.post(path!("/1.0/instances/{}/metadata/templates", name))
            .file_name(path)
            .upload(content.into())
            .unit()
    }

    /// Deletes one of an instance's template files.
    ///
    /// Sends `DELETE /1.0/instances/{name}/metadata/templates`
    /// (`instance_metadata_templates_delete`) with `path=`. 404 if there is
    /// no such template; names are checked as for
    /// [`Client::get_instance_metadata_template`].
    pub fn delete_instance_metadata_template(&self, name: &str, path: &str) -> Result<()> {
        self.delete(path!("/1.0/instances/{}/metadata/templates", name))
            .file_name(path)
            .unit()
    }
}

/// Whether a template sets its file's owner or mode (API extension
/// `image_template_permissions`).
fn template_permissions(metadata: &ImageMetadata) -> bool {
    let set = |t: &crate::models::ImageMetadataTemplate| {
        !(t.uid.is_empty() && t.gid.is_empty() && t.mode.is_empty())
    };
    metadata.templates.values().any(set)
}
