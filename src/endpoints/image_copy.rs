//! Copying an image to another server: a helper on the image endpoints of
//! two servers, like `incus image copy`.

use crate::client::{Client, check_timeout};
use crate::copy::{CopyImageOptions, MigrationMode};
use crate::error::{Error, Result};
use crate::models::{Image, ImageAlias, ImageExportPost, ImagesPost, ImagesPostSource, Operation};

/// Copying images between servers.
impl Client {
    /// Copies the image `fingerprint` (or a unique prefix of it) to the
    /// server `target` talks to, and returns once the copy is there.
    ///
    /// Like `incus image copy`. In [`MigrationMode::Pull`] (the default)
    /// the target downloads the image from this server's HTTPS address
    /// ([`Client::create_image`] with an `image` source; a private image
    /// gets a one-time secret from [`Client::create_image_secret`] for
    /// it). In [`MigrationMode::Push`] the target hands out a token and
    /// this server uploads the image to it ([`Client::push_image`]). The
    /// copy gets the aliases in `options` (and with
    /// [`CopyImageOptions::copy_aliases`] the source's too). A failure or
    /// the timeout cancels the operations left running on either server.
    ///
    /// # Errors
    ///
    /// [`Error::Api`] 404 for a missing image; [`Error::Operation`] with
    /// the daemon's text when the transfer fails (e.g. an alias taken on
    /// the target); [`Error::Timeout`]; [`Error::InvalidInput`] for
    /// [`MigrationMode::Relay`], not available for images yet, or a server
    /// without an HTTPS address.
    ///
    /// # Example
    ///
    /// ```no_run
    /// # fn main() -> incus::Result<()> {
    /// use incus::{CopyImageOptions, MigrationMode};
    /// let local = incus::Client::local()?;
    /// let remote = incus::Client::unix("/var/lib/other-incus/unix.socket")?;
    /// let options = CopyImageOptions::new().alias("web-base").mode(MigrationMode::Push);
    /// local.copy_image_to(&remote, "06b86454720d", &options)?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn copy_image_to(
        &self,
        target: &Client,
        fingerprint: &str,
        options: &CopyImageOptions,
    ) -> Result<()> {
        check_timeout("the copy's timeout", options.timeout)?;
        if options.mode == MigrationMode::Relay {
            return Err(Error::invalid(
                "copy_image_to: MigrationMode::Relay is not available for images yet",
            ));
        }
        let image = self.get_image(fingerprint)?;
        let mut aliases: Vec<ImageAlias> = options.aliases.iter().map(ImageAlias::new).collect();
        if options.copy_aliases {
            aliases.extend(image.aliases.iter().cloned());
        }
        let request = ImagesPost {
            aliases,
            public: options.public,
            auto_update: options.auto_update,
            ..Default::default()
        };
        match options.mode {
            MigrationMode::Push => push(self, target, &image.fingerprint, request, options),
            _ => pull(self, target, &image, request, options),
        }
    }
}

/// The target downloads the image from `source`'s HTTPS address, with a
/// one-time secret for a private image (cancelled afterwards, used or
/// not).
fn pull(
    source: &Client,
    target: &Client,
    image: &Image,
    request: ImagesPost,
    options: &CopyImageOptions,
) -> Result<()> {
    let grant = match image.public {
        true => None,
        false => Some(source.create_image_secret(&image.fingerprint)?),
    };
    let result = (|| {
        let server = source.https_base()?;
        let mut from = ImagesPostSource::image(server, "incus", image.fingerprint.clone());
        from.mode = "pull".into();
        from.certificate = source.get_server()?.environment.certificate;
        if let Some(grant) = &grant {
            from.secret = secret_of(grant)?;
        }
        let op = target.create_image(&ImagesPost {
            source: from,
            ..request
        })?;
        on_done(target, &op, options)
    })();
    if let Some(grant) = grant {
        let _ = source.cancel_operation(&grant.id);
    }
    result
}

/// The target hands out a token for the image, and `source` uploads it
/// there; the token is cancelled afterwards, used or not.
fn push(
    source: &Client,
    target: &Client,
    fingerprint: &str,
    request: ImagesPost,
    options: &CopyImageOptions,
) -> Result<()> {
    let token = target.create_image(&ImagesPost {
        source: ImagesPostSource::push(fingerprint),
        ..request
    })?;
    let result = (|| {
        let push = ImageExportPost {
            target: target.https_base()?,
            certificate: target.get_server()?.environment.certificate,
            secret: secret_of(&token)?,
            ..Default::default()
        };
        let op = source.push_image(fingerprint, &push)?;
        on_done(source, &op, options)
    })();
    let _ = target.cancel_operation(&token.id);
    result
}

/// Waits for `op` on `client` within the copy's timeout; past it, cancels
/// the operation.
fn on_done(client: &Client, op: &Operation, options: &CopyImageOptions) -> Result<()> {
    let result = client.wait_for_completion(op, options.timeout).map(drop);
    if matches!(result, Err(Error::Timeout { .. })) {
        let _ = client.cancel_operation(&op.id);
    }
    result
}

/// The secret a secret or token operation hands out.
fn secret_of(op: &Operation) -> Result<String> {
    op.metadata
        .get("secret")
        .and_then(|secret| secret.as_str())
        .map(str::to_string)
        .ok_or_else(|| {
            Error::decode(
                &format!("operation {}", op.id),
                "a secret or token operation without a secret",
            )
        })
}
