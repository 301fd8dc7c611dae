//! Copying an instance to another server: a helper that joins the
//! migration endpoints of two servers (`POST /1.0/instances/{name}` with
//! `migration` on the source, `POST /1.0/instances` with a `migration`
//! source on the target), like `incus copy`.

use std::time::{Duration, Instant};

use crate::client::{Client, check_timeout};
use crate::copy::{CopyOptions, MigrationMode, secrets};
use crate::error::{Error, Result};
use crate::input::seg;
use crate::models::{ConfigMap, InstancePost, InstancePostTarget, Operation};
use crate::server_kind::ServerKind;

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
    /// on the source. A copy that the target finished just as the time ran
    /// out is `Ok`: the answer always matches what the target has.
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
        let start_source = |peer: Option<Peer>| {
            let request = InstancePost {
                target: peer.map(|peer| InstancePostTarget {
                    certificate: peer.certificate,
                    operation: peer.operation,
                    secrets: peer.secrets,
                }),
                ..options.source_request()
            };
            self.rename_instance(name, &request)
        };
        let start_target = |mode: &str, peer: Option<Peer>| {
            let mut request = options.target_request(&instance, mode);
            if let Some(peer) = peer {
                request.source.operation = peer.operation;
                request.source.certificate = peer.certificate;
                request.source.secrets = peer.secrets;
            }
            target.create_instance(&request)
        };
        migrate(
            self,
            target,
            options.mode,
            deadline,
            start_source,
            start_target,
        )
    }

    /// How another server reaches this client's server, from one read of
    /// `GET /1.0`: its HTTPS URL (the client's own, or for a unix socket
    /// the server's first network address, `core.https_address`) and its
    /// certificate.
    pub(crate) fn https_identity(&self) -> Result<(String, String)> {
        let server = self.get_server()?;
        let base = &self.shared.base;
        let url = match server.environment.addresses.first() {
            _ if base.starts_with("https://") => base.clone(),
            Some(address) => format!("https://{address}"),
            None => {
                return Err(Error::invalid(
                    "the server has no HTTPS address (core.https_address) for the other \
                     server to reach: give it one, or copy with MigrationMode::Relay",
                ));
            }
        };
        Ok((url, server.environment.certificate))
    }
}

/// One side of a migration as the other side's request names it: the URL
/// of its operation, its server's certificate and its websocket secrets.
pub(super) struct Peer {
    pub(super) operation: String,
    pub(super) certificate: String,
    pub(super) secrets: ConfigMap,
}

impl Peer {
    /// The side `op` of `client`'s server.
    fn of(client: &Client, op: &Operation) -> Result<Peer> {
        let (base, certificate) = client.https_identity()?;
        Ok(Peer {
            operation: format!("{base}/1.0/operations/{}", seg("operation id", &op.id)?),
            certificate,
            secrets: secrets(op)?,
        })
    }
}

/// Runs one migration between two servers in `mode`, within `deadline`,
/// the way every copy to another server does: `start_source` starts the
/// source's side (given the target's [`Peer`] to push to, in push mode),
/// `start_target` the target's (`pull` with the source's [`Peer`], or
/// `push`, waiting to be fed). Relay feeds the target from the source
/// through this client. On any failure both operations are cancelled.
pub(super) fn migrate(
    source: &Client,
    target: &Client,
    mode: MigrationMode,
    deadline: Instant,
    start_source: impl FnOnce(Option<Peer>) -> Result<Operation>,
    start_target: impl FnOnce(&str, Option<Peer>) -> Result<Operation>,
) -> Result<()> {
    let mut copy = Copy {
        source,
        target,
        source_op: None,
        target_op: None,
    };
    let result = (|| {
        match mode {
            MigrationMode::Pull => {
                let source_op = copy.source_op.insert(start_source(None)?);
                let peer = Peer::of(source, source_op)?;
                copy.target_op = Some(start_target("pull", Some(peer))?);
            }
            MigrationMode::Push => {
                let target_op = copy.target_op.insert(start_target("push", None)?);
                let peer = Peer::of(target, target_op)?;
                copy.source_op = Some(start_source(Some(peer))?);
            }
            MigrationMode::Relay => {
                let target_op = copy.target_op.insert(start_target("push", None)?).clone();
                let source_op = copy.source_op.insert(start_source(None)?);
                crate::copy::relay(source, source_op, target, &target_op, deadline)?;
            }
        }
        copy.wait(deadline)
    })();
    match result {
        // The target may have finished between the last look and the
        // cancel (a timeout as the copy ends): then the copy exists.
        Err(e) if copy.abort() => {
            log::debug!("copy: {e}, but the target's operation succeeded all the same");
            Ok(())
        }
        result => result,
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
    /// keeps waiting for the other. A websocket operation that refuses
    /// (Incus 6.0.4 cannot cancel either side of a volume migration that
    /// waits for its peer; it would wait 30 s) is ended by connecting its
    /// websockets and hanging up, on Incus only: LXD 5.0.2 crashes (`panic:
    /// close of closed channel`) when the peer connects to a channel after
    /// that, so on LXD the daemon's own timeout ends it. Returns whether
    /// the target's operation ended in success all the same (it finished
    /// before the cancel).
    fn abort(&self) -> bool {
        let mut target_succeeded = false;
        for (client, op, is_target) in [
            (self.source, &self.source_op, false),
            (self.target, &self.target_op, true),
        ] {
            let Some(op) = op else { continue };
            if let Err(e) = client.cancel_operation(&op.id) {
                log::debug!("copy: cancelling operation {}: {e}", op.id);
                if op.class == "websocket"
                    && client
                        .server_kind()
                        .is_ok_and(|kind| kind == ServerKind::Incus)
                {
                    hang_up(client, op);
                }
            }
            // The daemon ends it in the background (or it had ended
            // already): see it end.
            let ended = client.wait_for_completion(op, CANCEL_WAIT);
            target_succeeded = is_target && ended.is_ok();
        }
        target_succeeded
    }
}

/// Connects the websockets of `op`, then closes them all: a migration side
/// waiting for its peer then fails at once. Only when this client gets the
/// `control` channel: a side whose control channel the peer already holds
/// is left to the daemon's own timeout, since completing its other
/// channels would start the migration with a peer that has gone (Incus
/// 6.0.4 then waits on it for good; seen with a copy whose timeout ran out
/// while the target was connecting).
fn hang_up(client: &Client, op: &Operation) {
    let Ok(secrets) = secrets(op) else { return };
    let connect = |secret: &String| client.connect_operation_websocket(&op.id, secret);
    let control = match secrets.get("control").map(connect) {
        Some(Ok(control)) => control,
        Some(Err(e)) => {
            log::debug!(
                "copy: the peer holds operation {}'s control channel: {e}",
                op.id
            );
            return;
        }
        None => return,
    };
    let others = secrets
        .iter()
        .filter(|(channel, _)| *channel != "control")
        .filter_map(|(_, secret)| connect(secret).ok());
    let sockets: Vec<_> = std::iter::once(control).chain(others).collect();
    for mut socket in sockets {
        let _ = socket.close();
    }
}
