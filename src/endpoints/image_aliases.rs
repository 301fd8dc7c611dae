//! Image aliases: `/1.0/images/aliases`.

use crate::client::Client;
use crate::error::Result;
use crate::input::path;
use crate::models::{
    ImageAliasesEntry, ImageAliasesEntryPost, ImageAliasesEntryPut, ImageAliasesPost,
};

/// Image aliases: names such as `debian/12` that point at one image's
/// fingerprint. A name may hold `/`, spaces and any other character but
/// control characters: the crate sends it escaped as one path segment.
impl Client {
    /// Lists the names of the image aliases in the client's project.
    ///
    /// Sends `GET /1.0/images/aliases` (`images_aliases_get`).
    ///
    /// # Example
    ///
    /// ```no_run
    /// # fn main() -> incus::Result<()> {
    /// use incus::models::{ImageAliasesEntryPost, ImageAliasesEntryPut, ImageAliasesPost};
    /// let client = incus::Client::local()?;
    /// let target = client.get_image_alias("busybox")?.target;
    /// let alias = ImageAliasesPost {
    ///     name: "tools/busybox".into(),
    ///     target: target.clone(),
    ///     ..Default::default()
    /// };
    /// client.create_image_alias(&alias)?;
    /// let note = ImageAliasesEntryPut { description: Some("small".into()), ..Default::default() };
    /// client.update_image_alias("tools/busybox", &note, None)?;
    /// let rename = ImageAliasesEntryPost { name: "tools/bb".into() };
    /// client.rename_image_alias("tools/busybox", &rename)?;
    /// assert!(client.list_image_alias_names()?.contains(&"tools/bb".to_string()));
    /// assert_eq!(client.get_image_alias("tools/bb")?.target, target);
    /// client.delete_image_alias("tools/bb")?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn list_image_alias_names(&self) -> Result<Vec<String>> {
        self.get(path!("/1.0/images/aliases")).names()
    }

    /// Lists the image aliases in the client's project.
    ///
    /// Sends `GET /1.0/images/aliases?recursion=1`
    /// (`images_aliases_get_recursion1`).
    pub fn list_image_aliases(&self) -> Result<Vec<ImageAliasesEntry>> {
        self.get(path!("/1.0/images/aliases")).recursion(1).sync()
    }

    /// Gets one image alias: the fingerprint it points at is its `target`.
    /// An untrusted client may read only aliases of public images.
    ///
    /// Sends `GET /1.0/images/aliases/{name}` (`image_alias_get`); an
    /// untrusted client Sends `GET /1.0/images/aliases/{name}`
    /// (`image_alias_get_untrusted`), the same request.
    ///
    /// # Errors
    ///
    /// [`Error::Api`](crate::Error::Api) 404 if there is no such alias (or,
    /// for an untrusted client, its image is not public).
    pub fn get_image_alias(&self, name: &str) -> Result<ImageAliasesEntry> {
        self.get(path!("/1.0/images/aliases/{}", name)).sync()
    }

    /// Gets one image alias and its ETag, for [`Client::replace_image_alias`]
    /// or [`Client::update_image_alias`].
    ///
    /// Sends `GET /1.0/images/aliases/{name}` (`image_alias_get`).
    pub fn get_image_alias_with_etag(&self, name: &str) -> Result<(ImageAliasesEntry, String)> {
        self.get(path!("/1.0/images/aliases/{}", name))
            .sync_with_etag()
    }

    /// Creates an image alias pointing at `alias.target`.
    ///
    /// Sends `POST /1.0/images/aliases` (`images_aliases_post`).
    ///
    /// # Errors
    ///
    /// [`Error::Api`](crate::Error::Api) 409 if the name is taken, 404 if
    /// no image matches the target.
    pub fn create_image_alias(&self, alias: &ImageAliasesPost) -> Result<()> {
        self.post(path!("/1.0/images/aliases")).json(alias).unit()
    }

    /// Renames an image alias.
    ///
    /// Sends `POST /1.0/images/aliases/{name}` (`images_alias_post`).
    ///
    /// # Errors
    ///
    /// [`Error::Api`](crate::Error::Api) 404 if there is no such alias, 409
    /// if the new name is taken.
    pub fn rename_image_alias(&self, name: &str, alias: &ImageAliasesEntryPost) -> Result<()> {
        self.post(path!("/1.0/images/aliases/{}", name))
            .json(alias)
            .unit()
    }

    /// Replaces an image alias's target and description; a description left
    /// unset is cleared, and the target is required.
    ///
    /// Sends `PUT /1.0/images/aliases/{name}` (`images_aliases_put`). Pass
    /// the ETag from [`Client::get_image_alias_with_etag`] to refuse the
    /// write (412) if the alias changed in between.
    ///
    /// # Errors
    ///
    /// [`Error::Api`](crate::Error::Api) 404 if there is no such alias or
    /// no image matches the target, 400 without a target, 412 if `etag` no
    /// longer matches.
    pub fn replace_image_alias(
        &self,
        name: &str,
        alias: &ImageAliasesEntryPut,
        etag: Option<&str>,
    ) -> Result<()> {
        self.put(path!("/1.0/images/aliases/{}", name))
            .json(alias)
            .etag(etag)
            .unit()
    }

    /// Changes only the fields set in `alias` (point it at another image,
    /// or change its description).
    ///
    /// Sends `PATCH /1.0/images/aliases/{name}` (`images_alias_patch`).
    pub fn update_image_alias(
        &self,
        name: &str,
        alias: &ImageAliasesEntryPut,
        etag: Option<&str>,
    ) -> Result<()> {
        self.patch(path!("/1.0/images/aliases/{}", name))
            .json(alias)
            .etag(etag)
            .unit()
    }

    /// Deletes an image alias (the image stays).
    ///
    /// Sends `DELETE /1.0/images/aliases/{name}` (`image_alias_delete`).
    pub fn delete_image_alias(&self, name: &str) -> Result<()> {
        self.delete(path!("/1.0/images/aliases/{}", name)).unit()
    }
}
