//! Images: `/1.0/images` and one image's `/refresh` and `/secret` (uploads,
//! exports and publishing live elsewhere).

use crate::client::Client;
use crate::error::Result;
use crate::input::{check_fingerprint, path};
use crate::models::{Image, ImagePut, Operation};
use crate::options::ListOptions;

/// Images: the image store. An image is named by its fingerprint (the
/// SHA-256 of its files) or by any unique prefix of it; aliases name images
/// too ([`Client::get_image_alias`]). Deleting, refreshing and making a
/// secret return an [`Operation`] for [`Client::wait_for_completion`].
///
/// A client the server does not trust may call the reads as well: the
/// lists then hold only public images, [`Client::get_image`] reads only a
/// public one, and [`Client::get_image_with_secret`] a private one it was
/// given a secret for.
impl Client {
    /// Lists the fingerprints of the images in the client's project (only
    /// the public ones for an untrusted client).
    /// `all_projects` requires API extension `images_all_projects`.
    ///
    /// Sends `GET /1.0/images` (`images_get`); an untrusted client
    /// Sends `GET /1.0/images` (`images_get_untrusted`), the same request.
    /// Of `options`, the endpoint honours `filter` (on `fingerprint`,
    /// `architecture`, `public`, `properties.os`, …) and `all_projects`.
    ///
    /// # Example
    ///
    /// ```no_run
    /// # fn main() -> incus::Result<()> {
    /// use incus::ListOptions;
    /// use incus::models::ImagePut;
    /// let client = incus::Client::local()?;
    /// println!("{:?}", client.list_image_names(None)?);
    /// let debian = ListOptions::new().filter("properties.os eq Debian");
    /// for image in client.list_images(Some(&debian))? {
    ///     println!("{} {:?}", &image.fingerprint[..12], image.aliases);
    /// }
    /// let image = client.get_image_alias("busybox")?.target;
    /// let public = ImagePut { public: Some(true), ..Default::default() };
    /// client.update_image(&image, &public, None)?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn list_image_names(&self, options: Option<&ListOptions>) -> Result<Vec<String>> {
        self.get(path!("/1.0/images"))
            .query(options)
            .extension_if_param("images_all_projects", "all-projects")
            .names()
    }

    /// Lists the images in the client's project (only the public ones for
    /// an untrusted client).
    /// `all_projects` requires API extension `images_all_projects`.
    ///
    /// Sends `GET /1.0/images?recursion=1` (`images_get_recursion1`); an
    /// untrusted client Sends `GET /1.0/images?recursion=1`
    /// (`images_get_recursion1_untrusted`), the same request. `options` as
    /// for [`Client::list_image_names`].
    pub fn list_images(&self, options: Option<&ListOptions>) -> Result<Vec<Image>> {
        self.get(path!("/1.0/images"))
            .recursion(1)
            .query(options)
            .extension_if_param("images_all_projects", "all-projects")
            .sync()
    }

    /// Gets one image by its fingerprint or a unique prefix of it (a public
    /// one only, for an untrusted client).
    ///
    /// Sends `GET /1.0/images/{fingerprint}` (`image_get`); an untrusted
    /// client Sends `GET /1.0/images/{fingerprint}` (`image_get_untrusted`),
    /// the same request.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`](crate::Error::InvalidInput) for a
    /// fingerprint that is not hex, sending nothing;
    /// [`Error::Api`](crate::Error::Api) 404 if no image matches (or, for
    /// an untrusted client, it is not public), and (Incus 6.0.4) 500 "More
    /// than one image matches" for an ambiguous prefix.
    pub fn get_image(&self, fingerprint: &str) -> Result<Image> {
        self.get(check_fingerprint(fingerprint).and(path!("/1.0/images/{}", fingerprint)))
            .sync()
    }

    /// Gets one image and its ETag, for [`Client::replace_image`] or
    /// [`Client::update_image`]. The ETag covers `public`, `auto_update`
    /// and `properties` only.
    ///
    /// Sends `GET /1.0/images/{fingerprint}` (`image_get`).
    pub fn get_image_with_etag(&self, fingerprint: &str) -> Result<(Image, String)> {
        self.get(check_fingerprint(fingerprint).and(path!("/1.0/images/{}", fingerprint)))
            .sync_with_etag()
    }

    /// Gets a private image with a secret from [`Client::create_image_secret`]:
    /// how a client the server does not trust reads it (a trusted client
    /// needs none). The first read ends the secret's operation; see
    /// [`Client::create_image_secret`] for how long the secret stays good.
    ///
    /// Sends `GET /1.0/images/{fingerprint}` (`image_get_untrusted`) with
    /// `secret=`.
    ///
    /// ```no_run
    /// # fn main() -> incus::Result<()> {
    /// let trusted = incus::Client::local()?;
    /// let image = trusted.get_image_alias("busybox")?.target;
    /// let op = trusted.create_image_secret(&image)?;
    /// let secret = op.metadata["secret"].as_str().unwrap_or_default();
    /// // An untrusted client (no certificate the server trusts):
    /// let other = incus::Client::builder("https://10.0.0.1:8443").build()?;
    /// println!("{:?}", other.get_image_with_secret(&image, secret)?.properties);
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`](crate::Error::InvalidInput) for an empty
    /// secret, sending nothing; [`Error::Api`](crate::Error::Api) 404 for a
    /// wrong or revoked secret, as for a missing image.
    pub fn get_image_with_secret(&self, fingerprint: &str, secret: &str) -> Result<Image> {
        self.get(check_fingerprint(fingerprint).and(path!("/1.0/images/{}", fingerprint)))
            .param("secret", secret)
            .sync()
    }

    /// Replaces an image's writable fields with `image` (see [`ImagePut`]
    /// for what PUT does with the fields left unset).
    ///
    /// Sends `PUT /1.0/images/{fingerprint}` (`image_put`). Pass the ETag
    /// from [`Client::get_image_with_etag`] to refuse the write (412) if the
    /// image changed in between.
    ///
    /// ```no_run
    /// # fn main() -> incus::Result<()> {
    /// let client = incus::Client::local()?;
    /// let (image, etag) = client.get_image_with_etag("06b86454720d")?;
    /// let mut put = image.writable();
    /// put.properties.insert("description".into(), "base image".into());
    /// client.replace_image(&image.fingerprint, &put, Some(&etag))?;
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::Api`](crate::Error::Api) 404 if no image matches, 412 if
    /// `etag` no longer matches, and (Incus 6.0.4) 500 for a profile that
    /// does not exist.
    pub fn replace_image(
        &self,
        fingerprint: &str,
        image: &ImagePut,
        etag: Option<&str>,
    ) -> Result<()> {
        self.put(check_fingerprint(fingerprint).and(path!("/1.0/images/{}", fingerprint)))
            .json(image)
            .etag(etag)
            .unit()
    }

    /// Changes only the fields set in `image`; properties are merged into
    /// the current ones.
    ///
    /// Sends `PATCH /1.0/images/{fingerprint}` (`image_patch`). Incus 6.0.4
    /// ignores `profiles` and `expires_at` here: use
    /// [`Client::replace_image`] for those.
    pub fn update_image(
        &self,
        fingerprint: &str,
        image: &ImagePut,
        etag: Option<&str>,
    ) -> Result<()> {
        self.patch(check_fingerprint(fingerprint).and(path!("/1.0/images/{}", fingerprint)))
            .json(image)
            .etag(etag)
            .unit()
    }

    /// Starts deleting an image (its aliases go with it); wait for it with
    /// [`Client::wait_for_completion`].
    ///
    /// Sends `DELETE /1.0/images/{fingerprint}` (`image_delete`).
    ///
    /// # Errors
    ///
    /// [`Error::Api`](crate::Error::Api) 404 if no image matches.
    pub fn delete_image(&self, fingerprint: &str) -> Result<Operation> {
        self.delete(check_fingerprint(fingerprint).and(path!("/1.0/images/{}", fingerprint)))
            .operation()
    }

    /// Starts checking an image's source for a newer build and, if there
    /// is one, replacing the image with it; wait for it with
    /// [`Client::wait_for_completion`].
    ///
    /// Sends `POST /1.0/images/{fingerprint}/refresh` (`images_refresh_post`).
    ///
    /// # Errors
    ///
    /// [`Error::Api`](crate::Error::Api) 404 if no image matches;
    /// [`Error::Operation`](crate::Error::Operation) from the wait for an
    /// image with no source (imported or published here): Incus 6.0.4 fails
    /// the operation with "Image source not found".
    pub fn refresh_image(&self, fingerprint: &str) -> Result<Operation> {
        self.post(check_fingerprint(fingerprint).and(path!("/1.0/images/{}/refresh", fingerprint)))
            .operation()
    }

    /// Makes a secret that lets a client the server does not trust read
    /// (and download) this image, public or not. The secret is in the
    /// returned operation's metadata, `op.metadata["secret"]`; the operation
    /// (class `token`) runs until the secret is first used or it is
    /// cancelled ([`Client::cancel_operation`]): do not wait for it. See
    /// [`Client::get_image_with_secret`].
    ///
    /// The secret is good for as long as the daemon keeps the operation:
    /// while it runs, and (Incus 6.0.4) for about five seconds after it
    /// ended, used or cancelled; after that, 404.
    ///
    /// The operation is returned whole, rather than the secret alone, so
    /// its id is at hand to revoke the secret.
    ///
    /// Sends `POST /1.0/images/{fingerprint}/secret` (`images_secret_post`).
    ///
    /// # Errors
    ///
    /// [`Error::Api`](crate::Error::Api) 404 if no image matches.
    pub fn create_image_secret(&self, fingerprint: &str) -> Result<Operation> {
        self.post(check_fingerprint(fingerprint).and(path!("/1.0/images/{}/secret", fingerprint)))
            .operation()
    }
}
