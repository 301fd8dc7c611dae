//! Copying an image to another server: a helper on the image endpoints of
//! two servers, like `incus image copy`.

use std::io::{self, Read, Write};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::sync::{Arc, Mutex};

use crate::client::{Client, check_timeout};
use crate::copy::{CopyImageOptions, MigrationMode};
use crate::error::{Error, Result};
use crate::image_export::receive;
use crate::image_upload::{ImageUploadArgs, check_fingerprint};
use crate::input::path;
use crate::models::{
    Image, ImageAlias, ImageAliasesPost, ImageExportPost, ImagesPost, ImagesPostSource, Operation,
};
use crate::multipart::boundary;

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
    /// this server uploads the image to it ([`Client::push_image`]). In
    /// [`MigrationMode::Relay`] this client carries it, for servers that
    /// cannot reach each other: the export streams into the upload
    /// (unified or split, as it comes; about 2 MiB in flight), verified
    /// against the fingerprint on both sides, and an export that does not
    /// verify fails the upload before it is complete. The copy gets the
    /// aliases in `options` (and with
    /// [`CopyImageOptions::copy_aliases`] the source's too). A failure or
    /// the timeout cancels the operations left running on either server.
    ///
    /// # Errors
    ///
    /// [`Error::Api`] 404 for a missing image; [`Error::Operation`] with
    /// the daemon's text when the transfer fails (e.g. an alias taken on
    /// the target); [`Error::Integrity`] when a relayed export does not
    /// hash to the fingerprint; [`Error::Timeout`]; [`Error::InvalidInput`]
    /// for a server without an HTTPS address (pull and push).
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
            MigrationMode::Relay => relay(self, target, &image.fingerprint, request, options),
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
        let (server, certificate) = source.https_identity()?;
        let protocol = source.server_kind()?.protocol();
        let mut from = ImagesPostSource::image(server, protocol, image.fingerprint.clone());
        from.mode = "pull".into();
        from.certificate = certificate;
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
        let (url, certificate) = target.https_identity()?;
        let push = ImageExportPost {
            target: url,
            certificate,
            secret: secret_of(&token)?,
            ..Default::default()
        };
        let op = source.push_image(fingerprint, &push)?;
        on_done(source, &op, options)
    })();
    let _ = target.cancel_operation(&token.id);
    result
}

/// This client carries the image: exported from `source` (verified against
/// its fingerprint as it streams) into an upload to `target` (which checks
/// it too), unified or split as the export comes, through bounded pipes
/// (about 2 MiB in flight). An export that fails, or does not hash to the
/// fingerprint, fails the upload before it is complete.
fn relay(
    source: &Client,
    target: &Client,
    fingerprint: &str,
    request: ImagesPost,
    options: &CopyImageOptions,
) -> Result<()> {
    let fingerprint = &check_fingerprint(fingerprint)?;
    // A server without `image_import_alias` (LXD 5.0) ignores aliases sent
    // with an upload: they are made once it is done.
    let aliases_with_upload = target.has_extension("image_import_alias")?;
    let endpoint = format!("GET /1.0/images/{fingerprint}/export");
    let limit = ("the client's idle timeout", source.shared.timeout);
    let download = source
        .get(path!("/1.0/images/{}/export", fingerprint))
        .stream()?;
    let split = download.header("Content-Type").and_then(boundary).is_some();
    let (mut metadata, metadata_out) = pipe();
    let (mut rootfs, rootfs_out) = pipe();
    rootfs.closes(&metadata);
    std::thread::scope(|scope| {
        // The writers move into the export's thread, so that the pipes end
        // when it does.
        let exporter = scope.spawn(move || {
            let received = receive(
                source,
                download,
                &endpoint,
                limit,
                fingerprint,
                &mut metadata,
                &mut rootfs,
            );
            if let Err(e) = &received {
                metadata.fail(e);
                rootfs.fail(e);
            }
            received
        });
        let mut upload = match split {
            true => ImageUploadArgs::split(metadata_out, rootfs_out),
            false => ImageUploadArgs::new(metadata_out),
        }
        .fingerprint(fingerprint);
        if request.public {
            upload = upload.public();
        }
        if aliases_with_upload {
            for alias in &request.aliases {
                upload = upload.alias(&alias.name);
            }
        }
        let uploaded = target
            .upload_image(upload)
            .and_then(|op| on_done(target, &op, options))
            .and_then(|()| match aliases_with_upload {
                true => Ok(()),
                false => request.aliases.iter().try_for_each(|alias| {
                    target.create_image_alias(&ImageAliasesPost {
                        name: alias.name.clone(),
                        description: alias.description.clone(),
                        target: fingerprint.clone(),
                        ..Default::default()
                    })
                }),
            });
        let exported = exporter
            .join()
            .unwrap_or_else(|_| Err(Error::invalid("the export thread panicked")));
        // The export's failure is the first cause when both failed.
        exported.and(uploaded)
    })
}

/// A pipe's sending side, shared so that another pipe's writer can end it
/// (`None` once ended).
type Sender = Arc<Mutex<Option<SyncSender<io::Result<Vec<u8>>>>>>;

/// The writing end of a bounded pipe between the export and the upload.
struct PipeWriter {
    sender: Sender,
    /// Another pipe this one ends when it is first written to (a split
    /// export's metadata part ends where its rootfs part begins).
    closes: Option<Sender>,
}

/// The reading end: what the writer sent, in order, then its end (or the
/// export's failure).
struct PipeReader {
    receiver: Receiver<io::Result<Vec<u8>>>,
    chunk: Vec<u8>,
    read: usize,
}

/// A pipe holding at most 16 writes (of at most 128 KiB each: ureq's and
/// the exporter's buffers) in flight.
fn pipe() -> (PipeWriter, PipeReader) {
    let (sender, receiver) = sync_channel(16);
    let writer = PipeWriter {
        sender: Arc::new(Mutex::new(Some(sender))),
        closes: None,
    };
    let reader = PipeReader {
        receiver,
        chunk: Vec::new(),
        read: 0,
    };
    (writer, reader)
}

impl PipeWriter {
    fn closes(&mut self, other: &PipeWriter) {
        self.closes = Some(other.sender.clone());
    }

    /// Hands the reader the export's failure, in place of an end.
    fn fail(&self, e: &Error) {
        let message = format!("the export failed: {e}");
        if let Some(sender) = lock(&self.sender).take() {
            let _ = sender.send(Err(io::Error::other(message)));
        }
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Write for PipeWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if let Some(other) = self.closes.take() {
            lock(&other).take();
        }
        let gone = || io::Error::new(io::ErrorKind::BrokenPipe, "the upload stopped");
        let sender = lock(&self.sender).clone().ok_or_else(gone)?;
        sender.send(Ok(buf.to_vec())).map_err(|_| gone())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Read for PipeReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.read == self.chunk.len() {
            match self.receiver.recv() {
                Ok(chunk) => {
                    self.chunk = chunk?;
                    self.read = 0;
                }
                Err(_) => return Ok(0),
            }
        }
        let n = buf.len().min(self.chunk.len() - self.read);
        buf[..n].copy_from_slice(&self.chunk[self.read..self.read + n]);
        self.read += n;
        Ok(n)
    }
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
