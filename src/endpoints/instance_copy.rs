//! Copying an instance to another server: a helper that joins the
//! migration endpoints of two servers (`POST /1.0/instances/{name}` with
//! `migration` on the source, `POST /1.0/instances` with a `migration`
//! source on the target), like `incus copy`.

use std::time::{Duration, Instant};

use crate::client::{Client, check_timeout};
use crate::copy::{CopyOptions, MigrationMode, secrets};
use crate::error::{Error, Result};
use crate::input::seg;
use crate::models::{InstancePostTarget, Operation};

/// Copying instances between servers.
impl Client {
    /// Copies the instance `name` to the server `target` talks to (in
    /// `target`'s project), snapshots included unless `options` say
    /// otherwise, and returns once the copy exists there.
    ///
    /// Like `incus copy`: the source server starts a migration
    /// ([`Client::rename_instance`] with `migration`), the target creates
    /// the instance from it ([`Client::create_instance`] with a `migration`
    /// source), and the data travels as [`CopyOptions::mode`] says: the
    /// target pulls it from the source's HTTPS address, the source pushes it
    /// to the target's, or this client relays it. The copy has the source's
    /// configuration (without its `volatile.*` keys), devices and profiles,
    /// which must exist on the target (a root disk's storage pool too). For
    /// a client on a unix socket, the server's HTTPS address is the first of
    /// its `environment.addresses` (`core.https_address`). An instance that
    /// is running is copied as it is on disk: pass
    /// [`CopyOptions::allow_inconsistent`], or stop it first.
    ///
    /// If either side fails, or [`CopyOptions::timeout`] passes, the
    /// other side's operation is cancelled, so no migration is left waiting
    /// on the source.
    ///
    /// # Errors
    ///
    /// [`Error::Operation`] with the daemon's text when either side fails
    /// (e.g. the target name is taken), [`Error::Timeout`], [`Error::Api`]
    /// when either server refuses a request (403 for a client certificate
    /// the target does not trust), and [`Error::InvalidInput`] when pull or
    /// push mode needs an HTTPS address the server does not have.
    ///
    /// # Example
    ///
    /// ```no_run
    /// # fn main() -> incus::Result<()> {
    /// use incus::{CopyOptions, MigrationMode};
    /// let local = incus::Client::local()?;
    /// let remote = incus::Client::builder("https://10.0.0.5:8443")
    ///     .client_certificate(std::fs::read("client.crt")?, std::fs::read("client.key")?)
    ///     .server_certificate(std::fs::read("server.crt")?)
    ///     .build()?;
    /// let options = CopyOptions::new().name("c1-copy").mode(MigrationMode::Push);
    /// local.copy_instance_to(&remote, "c1", &options)?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn copy_instance_to(
        &self,
        target: &Client,
        name: &str,
        options: &CopyOptions,
    ) -> Result<()> {
        check_timeout("the copy's timeout", options.timeout)?;
        if options.name.as_deref() == Some("") {
            // The daemon would make up a name for it.
            return Err(Error::invalid(
                "the copy's name must not be empty (leave it unset to keep the source's name)",
            ));
        }
        let deadline = Instant::now() + options.timeout;
        let instance = self.get_instance(name)?;
        let mut copy = Copy {
            source: self,
            target,
            source_op: None,
            target_op: None,
        };
        let result = match options.mode {
            MigrationMode::Pull => (|| {
                let source_op = copy.start_source(name, options, None)?;
                let mut request = options.target_request(&instance, "pull");
                request.source.operation = self.operation_url(&source_op.id)?;
                request.source.certificate = self.get_server()?.environment.certificate;
                request.source.secrets = secrets(&source_op)?;
                copy.target_op = Some(target.create_instance(&request)?);
                copy.wait(deadline)
            })(),
            MigrationMode::Push => (|| {
                let request = options.target_request(&instance, "push");
                let target_op = target.create_instance(&request)?;
                copy.target_op = Some(target_op.clone());
                let push = InstancePostTarget {
                    certificate: target.get_server()?.environment.certificate,
                    operation: target.operation_url(&target_op.id)?,
                    secrets: secrets(&target_op)?,
                };
                copy.start_source(name, options, Some(push))?;
                copy.wait(deadline)
            })(),
            MigrationMode::Relay => (|| {
                let request = options.target_request(&instance, "push");
                let target_op = target.create_instance(&request)?;
                copy.target_op = Some(target_op.clone());
                let source_op = copy.start_source(name, options, None)?;
                crate::copy::relay(self, &source_op, target, &target_op, deadline)?;
                copy.wait(deadline)
            })(),
        };
        if result.is_err() {
            copy.abort();
        }
        result
    }

    /// The URL another server reaches operation `id` of this client's
    /// server at.
    fn operation_url(&self, id: &str) -> Result<String> {
        Ok(format!(
            "{}/1.0/operations/{}",
            self.https_base()?,
            seg("operation id", id)?
        ))
    }

    /// The HTTPS URL another server reaches this client's server at: the
    /// client's own, or for a unix socket the server's first network
    /// address (`core.https_address`).
    pub(crate) fn https_base(&self) -> Result<String> {
        let base = &self.shared.base;
        if base.starts_with("https://") {
            return Ok(base.clone());
        }
        match self.get_server()?.environment.addresses.first() {
            Some(address) => Ok(format!("https://{address}")),
            None => Err(Error::invalid(
                "the server has no HTTPS address (core.https_address) for the other \
                 server to reach: give it one, or copy with MigrationMode::Relay",
            )),
        }
    }
}

/// How long a failed copy waits for each cancelled operation to end.
const CANCEL_WAIT: Duration = Duration::from_secs(10);

/// The two operations of one copy, as far as they got.
struct Copy<'a> {
    source: &'a Client,
    target: &'a Client,
    source_op: Option<Operation>,
    target_op: Option<Operation>,
}

impl Copy<'_> {
    /// Starts the migration on the source (pushing to `push`, if given).
    fn start_source(
        &mut self,
        name: &str,
        options: &CopyOptions,
        push: Option<InstancePostTarget>,
    ) -> Result<Operation> {
        let mut request = options.source_request();
        request.target = push;
        let op = self.source.rename_instance(name, &request)?;
        self.source_op = Some(op.clone());
        Ok(op)
    }

    /// Waits for the target's operation, then the source's, within
    /// `deadline`. A target that fails says why the source failed too, if
    /// it did (the source's reason is often the first cause).
    fn wait(&self, deadline: Instant) -> Result<()> {
        let left = || deadline.saturating_duration_since(Instant::now());
        if let Some(op) = &self.target_op {
            if let Err(e) = self.target.wait_for_completion(op, left()) {
                return Err(self.with_source_error(e));
            }
        }
        if let Some(op) = &self.source_op {
            self.source.wait_for_completion(op, left())?;
        }
        Ok(())
    }

    /// `e` from the target, with the source operation's error text added
    /// when that one failed too.
    fn with_source_error(&self, e: Error) -> Error {
        let (
            Error::Operation {
                id,
                status_code,
                message,
            },
            Some(source),
        ) = (&e, &self.source_op)
        else {
            return e;
        };
        match self.source.get_operation(&source.id) {
            Ok(ended) if ended.status_code.is_final() && !ended.err.is_empty() => {
                Error::Operation {
                    id: id.clone(),
                    status_code: *status_code,
                    message: format!(
                        "{message} (the source's operation {}: {})",
                        ended.id, ended.err
                    ),
                }
            }
            _ => e,
        }
    }

    /// Cancels both operations (those that already ended refuse; that is
    /// fine) and waits a little for them to end, so that neither server
    /// keeps waiting for the other.
    fn abort(&self) {
        for (client, op) in [
            (self.source, &self.source_op),
            (self.target, &self.target_op),
        ] {
            let Some(op) = op else { continue };
            match client.cancel_operation(&op.id) {
                Ok(()) => {
                    // The daemon cancels in the background: see it end.
                    let _ = client.wait_for_completion(op, CANCEL_WAIT);
                }
                Err(e) => log::debug!("copy_instance_to: cancelling operation {}: {e}", op.id),
            }
        }
    }
}
