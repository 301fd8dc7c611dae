//! Section 7 of the transfer bench: a custom volume's backup exported to a
//! file and imported back, crate and command line taking turns.
//!
//! A custom volume of its own (`bench-volume-<pid>`, in the pool `default`)
//! is attached to a container of its own at `/mnt/vol`, and gets a file of
//! `TRANSFER_VOLUME_MIB` MiB of the bench's pseudo-random stream, written
//! through the container (`create_instance_file`, length declared);
//! `sha256sum` of the same stream, run here, is the reference. Each run
//! then, per side:
//!
//! - exports: the crate child makes a backup, waits for it, copies
//!   `export_storage_volume_backup` into a temporary file (through a
//!   [`Progress`](incus::Progress), whose final count must match the file)
//!   and deletes the backup, which is what `incus storage volume export`
//!   does; the child also reports the download alone;
//! - deletes the volume (detached first) and imports the file under its
//!   name: the crate child streams it with `import_storage_volume` (length
//!   declared) and waits for the operation, reporting the upload alone too;
//!   the command line runs `incus storage volume import`. The crate also
//!   imports it a second time, chunked (length unknown), under another name;
//! - attaches each imported volume to the container and checks `sha256sum`
//!   of the file against the reference (not timed); the second copy is then
//!   deleted. The volume the next run exports is the one just imported.
//!
//! MB/s are of the file's size (MB = 10^6 bytes); the daemon compresses
//! with its default algorithm on both sides, so export and import times
//! include its compression and decompression. The volumes are deleted also
//! when a measurement fails.

use std::fs::File;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{bail, ensure};
use incus::models::StorageVolumeBackupsPost;
use incus::{Client, InstanceFileArgs, StorageVolumeImportArgs};

use super::backup::{Results, local_sha256, remote_sha256, save};
use super::{
    CHILD, Cli, Container, Pattern, Settings, child_report, child_run, order, path_str, run,
};

const POOL: &str = "default";
/// Where the volume is attached in the container.
const MOUNT: &str = "/mnt/vol";
/// The file in the volume.
const FILE: &str = "data.bin";
/// The backup the crate's export child makes and deletes.
const BACKUP: &str = "bench-export";
/// How long a backup or an import of a large volume may take.
const WAIT: Duration = Duration::from_secs(900);

/// `transfer-child volume-export <volume> <file>` or `transfer-child
/// volume-import <file> <volume> <sized|chunked>`: one crate run, then
/// `transfer-child <secs> <VmHWM KiB> <download or upload secs>`.
pub(super) fn child(args: &[String]) -> anyhow::Result<()> {
    let client = Client::local()?;
    let started = Instant::now();
    let (secs, part) = match args {
        [mode, volume, file] if mode == "volume-export" => {
            let post = StorageVolumeBackupsPost {
                name: BACKUP.into(),
                ..Default::default()
            };
            let op = client.create_storage_volume_backup(POOL, "custom", volume, &post)?;
            client.wait_for_completion(&op, WAIT)?;
            let download = Instant::now();
            let mut export = client.export_storage_volume_backup(POOL, "custom", volume, BACKUP)?;
            let part = save(&mut export, file, download)?;
            let op = client.delete_storage_volume_backup(POOL, "custom", volume, BACKUP)?;
            client.wait_for_completion(&op, WAIT)?;
            (started.elapsed(), part)
        }
        [mode, file, volume, how] if mode == "volume-import" => {
            let tarball = File::open(file)?;
            let len = tarball.metadata()?.len();
            let mut args = StorageVolumeImportArgs::backup(tarball).name(volume);
            if how == "sized" {
                args = args.length(len);
            }
            let op = client.import_storage_volume(POOL, args)?;
            let part = started.elapsed();
            client.wait_for_completion(&op, WAIT)?;
            (started.elapsed(), part)
        }
        _ => bail!(
            "usage: {CHILD} volume-export <volume> <file> | \
             volume-import <file> <volume> <sized|chunked>"
        ),
    };
    child_report(secs, Some(part))
}

/// Runs `incus <args>` (not timed); fails with its stderr.
fn incus(args: &[&str]) -> anyhow::Result<()> {
    run(Command::new("incus").args(args))
}

/// A custom volume of the bench's: detached from the container and deleted
/// by the command line when dropped, errors ignored (it may be gone).
struct Volume<'a> {
    name: String,
    instance: &'a str,
}

impl Volume<'_> {
    fn attach(&self) -> anyhow::Result<()> {
        incus(&[
            "storage",
            "volume",
            "attach",
            POOL,
            &self.name,
            self.instance,
            "vol",
            MOUNT,
        ])
    }

    fn detach(&self) -> anyhow::Result<()> {
        incus(&[
            "storage",
            "volume",
            "detach",
            POOL,
            &self.name,
            self.instance,
        ])
    }

    /// Attaches the volume, checks the file's `sha256sum` against `sum`,
    /// detaches it.
    fn check(&self, sum: &str) -> anyhow::Result<()> {
        self.attach()?;
        let got = remote_sha256(self.instance, &format!("{MOUNT}/{FILE}"))?;
        self.detach()?;
        ensure!(got == sum, "{}: sha256 {got}, written {sum}", self.name);
        Ok(())
    }

    fn delete(&self) -> anyhow::Result<()> {
        incus(&["storage", "volume", "delete", POOL, &self.name])
    }
}

impl Drop for Volume<'_> {
    fn drop(&mut self) {
        let _ = self.detach();
        let _ = self.delete();
    }
}

/// Runs the section on a volume and a container of its own; temporary
/// files in `dir`.
pub(super) fn measure(
    settings: &Settings,
    client: &Client,
    cli: &Cli,
    dir: &Path,
) -> anyhow::Result<Results> {
    let len = settings.volume_len;
    let mut r = Results {
        what: "volume",
        place: "a custom volume of its own (checked through an instance)",
        cli_export_command: "incus storage volume export",
        len,
        ..Results::default()
    };
    let pid = std::process::id();
    let mut container = Container::start_busybox(client, format!("bench-volume-{pid}"))?;
    let instance = container.name.clone();
    let volume = Volume {
        name: format!("bench-volume-{pid}"),
        instance: &instance,
    };
    let chunked = Volume {
        name: format!("bench-volume-{pid}-chunked"),
        instance: &instance,
    };
    incus(&["storage", "volume", "create", POOL, &volume.name])?;
    volume.attach()?;
    let args = InstanceFileArgs::file(Pattern { offset: 0, len }).length(len);
    client.create_instance_file(&instance, &format!("{MOUNT}/{FILE}"), args)?;
    volume.detach()?;
    let sum = local_sha256(len)?;
    volume.check(&sum)?;

    let tarball = dir.join("volume.tar.gz");
    let tarball_arg = path_str(&tarball)?;
    let name = volume.name.as_str();
    for round in 0..settings.runs {
        for crate_side in order(round) {
            if crate_side {
                let export = child_run(&["volume-export", name, tarball_arg])?;
                r.tarball = std::fs::metadata(&tarball)?.len();
                volume.delete()?;
                let import = child_run(&["volume-import", tarball_arg, name, "sized"])?;
                volume.check(&sum)?;
                let again = child_run(&["volume-import", tarball_arg, &chunked.name, "chunked"])?;
                chunked.check(&sum)?;
                chunked.delete()?;
                if settings.verbose {
                    println!(
                        "  run {round} crate volume export {export:?} import {import:?} \
                         chunked {again:?}"
                    );
                }
                r.crate_export.push(export);
                r.crate_import.push(import);
                r.crate_import_chunked.push(again);
            } else {
                let export_args = ["storage", "volume", "export", POOL, name, tarball_arg];
                let export = cli.run(&export_args, true, None, None)?;
                volume.delete()?;
                let import_args = ["storage", "volume", "import", POOL, tarball_arg, name];
                let import = cli.run(&import_args, true, None, None)?;
                volume.check(&sum)?;
                if settings.verbose {
                    println!("  run {round} CLI   volume export {export:?} import {import:?}");
                }
                r.cli_export.push(export);
                r.cli_import.push(import);
            }
            std::fs::remove_file(&tarball)?;
        }
    }
    drop((chunked, volume));
    container.remove()?;
    Ok(r)
}
