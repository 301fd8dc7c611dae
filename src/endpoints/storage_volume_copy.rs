//! Copying a custom storage volume to another server: a helper that joins
//! the volume endpoints of two servers (`POST
//! /1.0/storage-pools/{pool}/volumes/custom/{name}` with `migration` on the
//! source, `POST /1.0/storage-pools/{pool}/volumes/custom` with a
//! `migration` source on the target), like `incus storage volume copy`.

use std::time::Instant;

use super::instance_copy::{Peer, migrate};
use crate::client::{Client, check_timeout};
use crate::error::{Error, Result};
use crate::models::{StorageVolumePost, StorageVolumePostTarget, StorageVolumeSource};
use crate::volume_copy::CopyStorageVolumeOptions;

/// Copying storage volumes between servers.
impl Client {
    /// Copies the custom volume `name` in this server's pool `pool` to the
    /// server `target` talks to (in `target`'s project), snapshots included
    /// unless `options` say otherwise, and returns once the copy exists
    /// there.
    ///
    /// Like `incus storage volume copy`: the source server starts a
    /// migration ([`Client::rename_storage_volume`] with `migration`), the
    /// target creates the volume from it ([`Client::create_storage_volume`]
    /// with a `migration` source), and the data travels as
    /// [`CopyStorageVolumeOptions::mode`] says: the target pulls it from the
    /// source's HTTPS address, the source pushes it to the target's, or
    /// this client relays it. The copy has the source's description,
    /// configuration (its `volatile.idmap.*` keys too: they tell the target
    /// how the files' owners are shifted) and content type, in the target's
    /// pool named by
    /// [`CopyStorageVolumeOptions::pool`] (by default the source's pool
    /// name). For a client on a unix socket, the server's HTTPS address is
    /// the first of its `environment.addresses` (`core.https_address`).
    ///
    /// When both clients talk to the same server (the same certificate, as
    /// for two projects of one server), the server copies the volume itself
    /// (a `copy` source, from this client's project) and the mode does not
    /// matter. A volume attached to a running instance is copied as it is on
    /// disk.
    ///
    /// The source volume is read first, so a missing one fails before the
    /// target is asked for anything. If either side fails, or
    /// [`CopyStorageVolumeOptions::timeout`] passes, the other side's
    /// operation is cancelled, so no migration is left waiting on the
    /// source. A copy that the target finished just as the time ran out
    /// is `Ok`: the answer always matches what the target has. On one
    /// server, a timeout leaves the server's own copy running.
    ///
    /// # Errors
    ///
    /// [`Error::Api`] 404 for a missing source volume, and when either
    /// server refuses a request (e.g. 404 for a missing target pool, 403
    /// for a client certificate the target does not trust);
    /// [`Error::Operation`] with the daemon's text when either side fails
    /// (e.g. the target name is taken); [`Error::Timeout`];
    /// [`Error::InvalidInput`] for an empty name or pool in `options`, and
    /// when pull or push mode needs an HTTPS address the server does not
    /// have.
    ///
    /// # Example
    ///
    /// ```no_run
    /// # fn main() -> incus::Result<()> {
    /// use incus::{CopyStorageVolumeOptions, MigrationMode};
    /// let local = incus::Client::local()?;
    /// let remote = incus::Client::builder("https://10.0.0.5:8443")
    ///     .client_certificate(std::fs::read("client.crt")?, std::fs::read("client.key")?)
    ///     .server_certificate(std::fs::read("server.crt")?)
    ///     .build()?;
    /// let options = CopyStorageVolumeOptions::new()
    ///     .pool("backup")
    ///     .name("data-copy")
    ///     .mode(MigrationMode::Push);
    /// local.copy_storage_volume_to(&remote, "default", "data", &options)?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn copy_storage_volume_to(
        &self,
        target: &Client,
        pool: &str,
        name: &str,
        options: &CopyStorageVolumeOptions,
    ) -> Result<()> {
        check_timeout("the copy's timeout", options.timeout)?;
        for (what, value) in [("name", &options.name), ("pool", &options.pool)] {
            if value.as_deref() == Some("") {
                return Err(Error::invalid(format!(
                    "the copy's {what} must not be empty (leave it unset to keep the source's)"
                )));
            }
        }
        let deadline = Instant::now() + options.timeout;
        let volume = self.get_storage_volume(pool, "custom", name)?;
        let to_pool = options.pool.as_deref().unwrap_or(pool);

        if self.same_server_as(target)? {
            let source = StorageVolumeSource {
                kind: "copy".into(),
                name: name.to_string(),
                pool: pool.to_string(),
                project: match self.project() == target.project() {
                    true => String::new(),
                    false => self.project().unwrap_or("default").to_string(),
                },
                location: self.target().unwrap_or_default().to_string(),
                ..Default::default()
            };
            let request = options.target_request(&volume, source);
            let op = target.create_storage_volume(to_pool, "custom", &request)?;
            let left = deadline.saturating_duration_since(Instant::now());
            return target.wait_for_completion(&op, left).map(drop);
        }

        let start_source = |peer: Option<Peer>| {
            let request = StorageVolumePost {
                target: peer.map(|peer| StorageVolumePostTarget {
                    certificate: peer.certificate,
                    operation: peer.operation,
                    secrets: peer.secrets,
                }),
                ..options.source_request(name)
            };
            self.rename_storage_volume(pool, "custom", name, &request)
        };
        let start_target = |mode: &str, peer: Option<Peer>| {
            let mut source = StorageVolumeSource {
                kind: "migration".into(),
                mode: mode.into(),
                ..Default::default()
            };
            if let Some(peer) = peer {
                source.operation = peer.operation;
                source.certificate = peer.certificate;
                source.secrets = peer.secrets;
            }
            let request = options.target_request(&volume, source);
            target.create_storage_volume(to_pool, "custom", &request)
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

    /// Whether `other` talks to this client's server (or its cluster): the
    /// two present the same certificate.
    fn same_server_as(&self, other: &Client) -> Result<bool> {
        let mine = self.get_server()?.environment.certificate;
        Ok(!mine.is_empty() && mine == other.get_server()?.environment.certificate)
    }
}
