//! Copying an instance to another server: what [`Client::copy_instance_to`]
//! takes, and the pieces of the two migration operations it joins.
//!
//! [`Client::copy_instance_to`]: crate::Client::copy_instance_to

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use crate::client::Client;
use crate::error::{Error, Result};
use crate::models::{ConfigMap, Instance, InstancePost, InstanceSource, InstancesPost, Operation};
use crate::websocket::OperationWebsocket;

/// How the two servers of [`Client::copy_instance_to`] exchange the
/// instance's data.
///
/// [`Client::copy_instance_to`]: crate::Client::copy_instance_to
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum MigrationMode {
    /// The target server connects to the source's HTTPS address (what the
    /// `incus copy` command line does by default).
    #[default]
    Pull,
    /// The source server connects to the target's HTTPS address.
    Push,
    /// Neither server connects to the other: this client carries the data
    /// between them, for servers that cannot reach each other.
    Relay,
}

/// Options for [`Client::copy_instance_to`].
///
/// ```
/// use std::time::Duration;
/// use incus::{CopyOptions, MigrationMode};
/// let options = CopyOptions::new()
///     .name("c1-copy")
///     .mode(MigrationMode::Push)
///     .instance_only()
///     .timeout(Duration::from_secs(1800));
/// ```
///
/// [`Client::copy_instance_to`]: crate::Client::copy_instance_to
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct CopyOptions {
    /// The copy's name on the target; `None` keeps the source's name.
    pub name: Option<String>,
    /// How the data travels.
    pub mode: MigrationMode,
    /// Leave the snapshots behind.
    pub instance_only: bool,
    /// Copy even if files change or vanish during the copy.
    pub allow_inconsistent: bool,
    /// Update an existing copy on the target instead of making a new one.
    pub refresh: bool,
    /// How long the whole copy may take.
    pub timeout: Duration,
}

impl Default for CopyOptions {
    fn default() -> CopyOptions {
        CopyOptions {
            name: None,
            mode: MigrationMode::Pull,
            instance_only: false,
            allow_inconsistent: false,
            refresh: false,
            timeout: Duration::from_secs(600),
        }
    }
}

impl CopyOptions {
    /// A copy under the same name, snapshots included, in pull mode,
    /// within 10 minutes.
    pub fn new() -> CopyOptions {
        CopyOptions::default()
    }

    /// Names the copy on the target. Defaults to the source's name.
    #[must_use]
    pub fn name(mut self, name: impl Into<String>) -> CopyOptions {
        self.name = Some(name.into());
        self
    }

    /// How the data travels. Defaults to [`MigrationMode::Pull`].
    #[must_use]
    pub fn mode(mut self, mode: MigrationMode) -> CopyOptions {
        self.mode = mode;
        self
    }

    /// Leaves the snapshots behind. Defaults to copying them.
    #[must_use]
    pub fn instance_only(mut self) -> CopyOptions {
        self.instance_only = true;
        self
    }

    /// Copies even if files change or vanish meanwhile (a running
    /// instance). Defaults to failing then.
    #[must_use]
    pub fn allow_inconsistent(mut self) -> CopyOptions {
        self.allow_inconsistent = true;
        self
    }

    /// Brings an existing copy on the target up to date (only what changed
    /// travels). Defaults to making a new instance.
    #[must_use]
    pub fn refresh(mut self) -> CopyOptions {
        self.refresh = true;
        self
    }

    /// How long the whole copy may take; past it both servers' operations
    /// are cancelled and the copy is [`Error::Timeout`]. Defaults to 10
    /// minutes.
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> CopyOptions {
        self.timeout = timeout;
        self
    }

    /// The source's side: a migration of `instance`, with no target yet.
    pub(crate) fn source_request(&self) -> InstancePost {
        InstancePost {
            migration: true,
            instance_only: self.instance_only,
            allow_inconsistent: self.allow_inconsistent,
            ..Default::default()
        }
    }

    /// The target's side: a new instance like `instance` (its configuration
    /// without the `volatile.*` keys, devices, profiles), filled by a
    /// migration in `mode` (`pull` or `push`); the caller adds where from.
    pub(crate) fn target_request(&self, instance: &Instance, mode: &str) -> InstancesPost {
        let mut put = instance.writable();
        put.config.retain(|key, _| !key.starts_with("volatile."));
        InstancesPost {
            name: self.name.clone().unwrap_or_else(|| instance.name.clone()),
            kind: instance.kind.clone(),
            architecture: instance.architecture.clone(),
            config: put.config,
            devices: put.devices,
            profiles: put.profiles,
            description: put.description.unwrap_or_default(),
            ephemeral: put.ephemeral.unwrap_or_default(),
            source: InstanceSource {
                kind: "migration".into(),
                mode: mode.into(),
                base_image: instance
                    .config
                    .get("volatile.base_image")
                    .cloned()
                    .unwrap_or_default(),
                instance_only: self.instance_only,
                allow_inconsistent: self.allow_inconsistent,
                refresh: self.refresh,
                ..Default::default()
            },
            ..Default::default()
        }
    }
}

/// Options for [`Client::copy_image_to`].
///
/// ```
/// use incus::{CopyImageOptions, MigrationMode};
/// let options = CopyImageOptions::new()
///     .mode(MigrationMode::Push)
///     .alias("web-base")
///     .copy_aliases()
///     .auto_update();
/// ```
///
/// [`Client::copy_image_to`]: crate::Client::copy_image_to
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct CopyImageOptions {
    /// How the image travels.
    pub mode: MigrationMode,
    /// Aliases to give the copy.
    pub aliases: Vec<String>,
    /// Give the copy the source image's aliases too.
    pub copy_aliases: bool,
    /// Make the copy public.
    pub public: bool,
    /// Have the target keep the copy up to date from the source (pull mode).
    pub auto_update: bool,
    /// How long the whole copy may take.
    pub timeout: Duration,
}

impl Default for CopyImageOptions {
    fn default() -> CopyImageOptions {
        CopyImageOptions {
            mode: MigrationMode::Pull,
            aliases: Vec::new(),
            copy_aliases: false,
            public: false,
            auto_update: false,
            timeout: Duration::from_secs(600),
        }
    }
}

impl CopyImageOptions {
    /// A private copy with no aliases, pulled by the target, within 10
    /// minutes.
    pub fn new() -> CopyImageOptions {
        CopyImageOptions::default()
    }

    /// How the image travels. Defaults to [`MigrationMode::Pull`]; with
    /// [`MigrationMode::Relay`], `auto_update` does not apply (the image
    /// arrives as an upload).
    #[must_use]
    pub fn mode(mut self, mode: MigrationMode) -> CopyImageOptions {
        self.mode = mode;
        self
    }

    /// Adds an alias for the copy. Defaults to none.
    #[must_use]
    pub fn alias(mut self, name: impl Into<String>) -> CopyImageOptions {
        self.aliases.push(name.into());
        self
    }

    /// Gives the copy the source image's aliases as well. Defaults to off.
    #[must_use]
    pub fn copy_aliases(mut self) -> CopyImageOptions {
        self.copy_aliases = true;
        self
    }

    /// Makes the copy public. Defaults to private.
    #[must_use]
    pub fn public(mut self) -> CopyImageOptions {
        self.public = true;
        self
    }

    /// Has the target refresh the copy from the source when it changes
    /// (pull mode). Defaults to off.
    #[must_use]
    pub fn auto_update(mut self) -> CopyImageOptions {
        self.auto_update = true;
        self
    }

    /// How long the whole copy may take; past it the operations are
    /// cancelled and the copy is [`Error::Timeout`]. Defaults to 10 minutes.
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> CopyImageOptions {
        self.timeout = timeout;
        self
    }
}

/// The websocket secrets a migration operation hands out, by channel
/// (`control`, `fs`, and `criu` for a live one).
pub(crate) fn secrets(op: &Operation) -> Result<ConfigMap> {
    let secrets: ConfigMap = op
        .metadata
        .iter()
        .filter_map(|(channel, secret)| Some((channel.clone(), secret.as_str()?.to_string())))
        .collect();
    match secrets.contains_key("control") {
        true => Ok(secrets),
        false => Err(Error::decode(
            &format!("operation {}", op.id),
            "a migration operation without a control websocket secret",
        )),
    }
}

/// How long one side of a relayed websocket is waited on before the other
/// side gets its turn.
const RELAY_POLL: Duration = Duration::from_millis(2);

/// Relays a migration between two servers that do not connect to each
/// other: each websocket channel both operations have (`control`, `fs`,
/// `criu`) is connected on both servers, and every message is carried
/// across both ways, one thread per channel, until both sides of every
/// channel have ended. Past `deadline`, or when any channel fails, every
/// channel stops.
pub(crate) fn relay(
    source: &Client,
    source_op: &Operation,
    target: &Client,
    target_op: &Operation,
    deadline: Instant,
) -> Result<()> {
    let (from, to) = (secrets(source_op)?, secrets(target_op)?);
    let mut pairs = Vec::new();
    for (channel, secret) in &from {
        let Some(other) = to.get(channel) else {
            continue;
        };
        let a = source.connect_operation_websocket(&source_op.id, secret)?;
        let b = target.connect_operation_websocket(&target_op.id, other)?;
        pairs.push((a, b));
    }
    let stop = AtomicBool::new(false);
    std::thread::scope(|scope| {
        let pumps: Vec<_> = pairs
            .into_iter()
            .map(|(a, b)| {
                let stop = &stop;
                let id = source_op.id.as_str();
                scope.spawn(move || {
                    let result = pump(a, b, deadline, stop, id);
                    if result.is_err() {
                        stop.store(true, Ordering::SeqCst);
                    }
                    result
                })
            })
            .collect();
        let mut outcome = Ok(());
        for pump in pumps {
            let result = pump
                .join()
                .unwrap_or_else(|_| Err(Error::invalid("a relay thread panicked")));
            if outcome.is_ok() {
                outcome = result;
            }
        }
        outcome
    })
}

/// Carries messages between `a` and `b` both ways until both have ended
/// (an end on one side is passed on as a close to the other), `stop` is
/// set, or `deadline` passes ([`Error::Timeout`] naming the source's
/// operation `id`). A side whose connection fails counts as ended: the two
/// operations, not the relay, say whether the copy worked.
fn pump(
    mut a: OperationWebsocket,
    mut b: OperationWebsocket,
    deadline: Instant,
    stop: &AtomicBool,
    id: &str,
) -> Result<()> {
    a.set_read_timeout(Some(RELAY_POLL))?;
    b.set_read_timeout(Some(RELAY_POLL))?;
    let mut ended = [false, false];
    while !(ended[0] && ended[1]) {
        if stop.load(Ordering::SeqCst) {
            return Ok(());
        }
        if Instant::now() >= deadline {
            return Err(Error::Timeout { id: id.to_string() });
        }
        for side in 0..2 {
            if ended[side] {
                continue;
            }
            let (from, to) = match side {
                0 => (&mut a, &mut b),
                _ => (&mut b, &mut a),
            };
            // Drain this side while it has messages, then turn to the other.
            // Messages go across as they came (an empty one is data here,
            // not an end); once the other side has ended, what comes for it
            // is dropped.
            loop {
                match from.next_message(true) {
                    Ok(Some(_)) if ended[1 - side] => {}
                    Ok(Some(message)) => {
                        if let Err(e) = to.send_message(message) {
                            log::debug!("relay of operation {id}: {e}");
                            ended[1 - side] = true;
                        }
                    }
                    Ok(None) => {
                        ended[side] = true;
                        break;
                    }
                    Err(e) if e.is_timeout() => break,
                    Err(e) => {
                        log::debug!("relay of operation {id}: {e}");
                        ended[side] = true;
                        break;
                    }
                }
            }
            if ended[side] && !ended[1 - side] {
                if let Err(e) = to.close() {
                    log::debug!("relay of operation {id}: {e}");
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_target_gets_the_source_without_volatile_keys() {
        let instance: Instance = serde_json::from_value(serde_json::json!({
            "name": "c1", "type": "container", "architecture": "x86_64",
            "config": {"limits.cpu": "1", "volatile.base_image": "abc", "volatile.uuid": "u"},
            "devices": {"root": {"type": "disk", "path": "/", "pool": "default"}},
            "profiles": ["default"], "description": "d", "ephemeral": false
        }))
        .unwrap();
        let options = CopyOptions::new().name("c2").instance_only().refresh();
        let request = options.target_request(&instance, "pull");
        let sent = serde_json::to_value(&request).unwrap();
        assert_eq!(
            sent,
            serde_json::json!({
                "name": "c2", "type": "container", "architecture": "x86_64",
                "config": {"limits.cpu": "1"},
                "devices": {"root": {"type": "disk", "path": "/", "pool": "default"}},
                "profiles": ["default"], "description": "d",
                "source": {"type": "migration", "mode": "pull", "base-image": "abc",
                           "instance_only": true, "refresh": true}
            })
        );
        let source = serde_json::to_value(options.source_request()).unwrap();
        assert_eq!(
            source,
            serde_json::json!({"migration": true, "instance_only": true})
        );
    }

    #[test]
    fn secrets_come_from_the_operation_metadata() {
        let op: Operation = serde_json::from_value(serde_json::json!({
            "id": "x", "metadata": {"control": "c", "fs": "f", "other": 3}
        }))
        .unwrap();
        let found = secrets(&op).unwrap();
        assert_eq!(found.len(), 2);
        assert_eq!(found["fs"], "f");
        let empty = Operation::default();
        assert!(matches!(secrets(&empty), Err(Error::Decode { .. })));
    }
}
