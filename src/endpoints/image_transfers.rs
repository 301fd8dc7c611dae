//! Making images and moving their files: `POST /1.0/images` (an uploaded
//! tarball, or a JSON source) and `/1.0/images/{fingerprint}/export` (the
//! files streamed here, or pushed to another server).
//!
//! An exception to one file per path segment: `images.rs` holds the image
//! objects themselves (list, get, change, delete); this file holds the
//! requests that carry or make an image's content, so the two grow apart.

use std::io::Write;

use crate::client::Client;
use crate::error::{Error, Result};
use crate::image_export::{ImageExport, receive};
use crate::image_upload::{ImageUploadArgs, check_fingerprint};
use crate::input::path;
use crate::models::{ImageExportPost, ImagesPost, Operation};

/// Images made and moved: a tarball uploaded (streamed), an instance or
/// snapshot published, an image downloaded from a URL or another server,
/// an image's files exported (streamed and verified) or pushed to another
/// server. All but the export return an [`Operation`] for
/// [`Client::wait_for_completion`], whose metadata then has the new
/// image's `fingerprint`.
impl Client {
    /// Starts creating an image from a unified tarball (`metadata.yaml` and
    /// `rootfs/` in one archive) streamed from the reader in `image` (never
    /// held in memory); wait for it with [`Client::wait_for_completion`],
    /// whose operation's metadata then has the image's `fingerprint` (the
    /// SHA-256 of the tarball) and `size`. See [`ImageUploadArgs`] for the
    /// length, an expected fingerprint, aliases, properties and more.
    /// An alias requires API extension `image_import_alias`.
    ///
    /// Sends `POST /1.0/images` (`images_post`) with the tarball as an
    /// `application/octet-stream` body and `X-Incus-*` headers. The daemon
    /// stores the whole upload before it answers.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for a header value the daemon would not read
    /// as given (see [`ImageUploadArgs`]);
    /// [`Error::Transport`](crate::Error::Transport) when the reader fails
    /// (its message says so: the daemon then keeps nothing) or gives other
    /// than the declared length; [`Error::Operation`](crate::Error::Operation)
    /// from the wait when the bytes are no image tarball, do not hash to the
    /// fingerprint given (`fingerprints don't match, got … expected …`), the
    /// image exists already, or an alias is taken (the image then stays,
    /// without aliases).
    ///
    /// # Example
    ///
    /// A tarball uploaded, then exported back into files and verified:
    ///
    /// ```no_run
    /// # use std::time::Duration;
    /// # fn main() -> incus::Result<()> {
    /// use incus::ImageUploadArgs;
    /// let client = incus::Client::local()?;
    /// let file = std::fs::File::open("web-base.tar.gz")?;
    /// let length = file.metadata()?.len();
    /// let args = ImageUploadArgs::new(file).length(length).alias("web-base");
    /// let done = client.wait_for_completion(&client.upload_image(args)?, Duration::from_secs(600))?;
    /// let fingerprint = done.metadata["fingerprint"].as_str().unwrap_or_default().to_string();
    ///
    /// let meta = std::fs::File::create("web-base.tar.gz.copy")?;
    /// let rootfs = std::fs::File::create("web-base.rootfs")?;
    /// let export = client.export_image(&fingerprint, meta, rootfs)?;
    /// println!("{} bytes, verified as {}", export.metadata.size, export.fingerprint);
    /// # Ok(())
    /// # }
    /// ```
    pub fn upload_image(&self, image: ImageUploadArgs<'_>) -> Result<Operation> {
        image
            .apply(self.post(path!("/1.0/images")))
            .and_then(|call| call.operation())
    }

    /// Starts creating an image from the source in `image`: a local
    /// instance or snapshot published ([`ImagesPostSource::instance`],
    /// [`ImagesPostSource::snapshot`]), an image downloaded from another
    /// server or a URL, or a token to receive a pushed image
    /// ([`ImagesPostSource::push`]; see [`Client::push_image`]). Wait for it
    /// with [`Client::wait_for_completion`]: its metadata then has the new
    /// image's `fingerprint` (a push token's has the `secret` at once).
    ///
    /// Sends `POST /1.0/images` (`images_post`) with a JSON body.
    ///
    /// [`ImagesPostSource::instance`]: crate::models::ImagesPostSource::instance
    /// [`ImagesPostSource::snapshot`]: crate::models::ImagesPostSource::snapshot
    /// [`ImagesPostSource::push`]: crate::models::ImagesPostSource::push
    ///
    /// # Errors
    ///
    /// [`Error::Api`](crate::Error::Api) 500 `Invalid images JSON` for a
    /// source of no known type; [`Error::Operation`](crate::Error::Operation)
    /// from the wait for a missing or running container (it must be
    /// stopped), a missing snapshot, an alias that is taken, or a download
    /// that fails.
    ///
    /// # Example
    ///
    /// ```no_run
    /// # use std::time::Duration;
    /// # fn main() -> incus::Result<()> {
    /// use incus::models::{ImageAlias, ImagesPost, ImagesPostSource};
    /// let client = incus::Client::local()?;
    /// let publish = ImagesPost {
    ///     source: ImagesPostSource::snapshot("c1/snap0"),
    ///     aliases: vec![ImageAlias::new("c1-base")],
    ///     ..Default::default()
    /// };
    /// let done = client.wait_for_completion(&client.create_image(&publish)?, Duration::from_secs(600))?;
    /// println!("published as {}", done.metadata["fingerprint"]);
    /// # Ok(())
    /// # }
    /// ```
    pub fn create_image(&self, image: &ImagesPost) -> Result<Operation> {
        self.post(path!("/1.0/images")).json(image).operation()
    }

    /// Exports an image's files, streamed into writers and verified: a
    /// unified image's tarball goes to `metadata` (and nothing to
    /// `rootfs`); a split image's metadata tarball goes to `metadata`, then
    /// its root filesystem to `rootfs`. Nothing is held in memory.
    ///
    /// Sends `GET /1.0/images/{fingerprint}/export` (`image_export_get`).
    /// `fingerprint` must be whole (64 hex digits): the SHA-256 of all that
    /// arrives (the tarball, or metadata then root filesystem, as Incus
    /// computes a split image's fingerprint) is checked against it when the
    /// body ends, and only then is the result `Ok`. On any error, discard
    /// what was written. Wrap a writer in a [`Progress`](crate::Progress) to
    /// follow the transfer.
    ///
    /// Writers, not a reader, because a split image comes as two files one
    /// after the other on one connection: the call reads them in order
    /// and its result is the verdict on both, so no part can be used
    /// before the whole was checked by mistake, nor read out of order.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for a fingerprint that is not 64 hex digits;
    /// [`Error::Api`](crate::Error::Api) 404 for an image that does not
    /// exist; [`Error::Integrity`] when what arrived does not hash to
    /// `fingerprint` (it names the bytes written to each writer and says
    /// whether bytes went missing, were added, or changed); [`Error::Transport`](crate::Error::Transport) when the
    /// connection breaks or the multipart body is cut;
    /// [`Error::Decode`](crate::Error::Decode) for a multipart body without
    /// the two parts; [`Error::Io`] when a writer fails (its message says
    /// which).
    ///
    /// See [`Client::upload_image`] for an example.
    pub fn export_image(
        &self,
        fingerprint: &str,
        mut metadata: impl Write,
        mut rootfs: impl Write,
    ) -> Result<ImageExport> {
        let fingerprint = &check_fingerprint(fingerprint)?;
        let endpoint = format!("GET /1.0/images/{fingerprint}/export");
        let limit = ("the client's idle timeout", self.shared.timeout);
        self.get(path!("/1.0/images/{}/export", fingerprint))
            .stream()
            .and_then(|download| {
                receive(
                    self,
                    download,
                    &endpoint,
                    limit,
                    fingerprint,
                    &mut metadata,
                    &mut rootfs,
                )
            })
    }

    /// Starts pushing an image to another server, which this server
    /// connects to; wait for it with [`Client::wait_for_completion`]. The
    /// other server must expect it: ask it for a token first
    /// ([`Client::create_image`] there with
    /// [`ImagesPostSource::push`](crate::models::ImagesPostSource::push),
    /// aliases and properties included), and give its `secret`, the other
    /// server's URL and certificate in `push`.
    ///
    /// Sends `POST /1.0/images/{fingerprint}/export` (`images_export_post`).
    /// `fingerprint` must be whole (64 hex digits). Incus 6.0.4 ignores
    /// `push.aliases`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for a partial fingerprint or an empty
    /// target; [`Error::Api`](crate::Error::Api) 404 for an image that does
    /// not exist; [`Error::Operation`](crate::Error::Operation) from the
    /// wait when the other server cannot be reached or refuses the secret.
    ///
    /// # Example
    ///
    /// ```no_run
    /// # use std::time::Duration;
    /// # fn main() -> incus::Result<()> {
    /// use incus::models::{ImageAlias, ImageExportPost, ImagesPost, ImagesPostSource};
    /// let wait = Duration::from_secs(600);
    /// let source = incus::Client::local()?;
    /// let target = incus::Client::unix("/var/lib/other-incus/unix.socket")?;
    /// let fingerprint = "8ae945c52bb2f2df51c923b04022312f99bbb72c356251f54fa89ea7cf1df1d0";
    /// let token = target.create_image(&ImagesPost {
    ///     source: ImagesPostSource::push(fingerprint),
    ///     aliases: vec![ImageAlias::new("web-base")],
    ///     ..Default::default()
    /// })?;
    /// let server = target.get_server()?;
    /// let push = ImageExportPost {
    ///     target: format!("https://{}", server.environment.addresses[0]),
    ///     certificate: server.environment.certificate,
    ///     secret: token.metadata["secret"].as_str().unwrap_or_default().into(),
    ///     ..Default::default()
    /// };
    /// source.wait_for_completion(&source.push_image(fingerprint, &push)?, wait)?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn push_image(&self, fingerprint: &str, push: &ImageExportPost) -> Result<Operation> {
        let fingerprint = &check_fingerprint(fingerprint)?;
        if push.target.is_empty() {
            return Err(Error::invalid(
                "the push's target (the other server's URL) must not be empty",
            ));
        }
        self.post(path!("/1.0/images/{}/export", fingerprint))
            .json(push)
            .operation()
    }
}
