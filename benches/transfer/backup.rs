//! Section 5 of the transfer bench: instance backups exported to a file and
//! imported back, crate and command line taking turns.
//!
//! A container of its own (`bench-backup-<pid>`) gets a file of
//! `TRANSFER_BACKUP_MIB` MiB of the bench's pseudo-random stream, pushed with
//! its length declared; `sha256sum` of the same stream, run here, is the
//! reference. Each run then, per side:
//!
//! - exports: the crate child makes a backup, waits for it, copies
//!   `export_instance_backup` into a temporary file (through a
//!   [`Progress`], whose final count must match the file) and deletes the
//!   backup, which is what `incus export <c> <file>` does; the child also
//!   reports the download alone;
//! - imports that file as a new instance: the crate child streams it with
//!   `import_instance_backup` (length declared, and in a second row chunked)
//!   and waits for the operation, reporting the upload alone too; the
//!   command line runs `incus import <file> <name>`;
//! - starts each imported instance and checks `sha256sum` of the file
//!   inside against the reference (not timed), then deletes it.
//!
//! MB/s are of the file's size (MB = 10^6 bytes); the daemon compresses
//! with its default algorithm on both sides, so export and import times
//! include its compression and decompression.

use std::fs::File;
use std::io::{self, BufWriter, Read};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, anyhow, bail, ensure};
use incus::models::InstanceBackupsPost;
use incus::{Client, InstanceBackupArgs, InstanceFileArgs, Progress};

use super::{
    CHILD, Cli, Container, MIB, Pattern, Row, Run, Settings, child_report, child_run, median,
    median_rate, median_rss, order, path_str,
};

/// Where the file goes in the container.
const FILE: &str = "/root/backup.bin";
/// The backup the crate's export child makes and deletes.
const BACKUP: &str = "bench-export";
/// How long a backup or an import of a large file may take.
const WAIT: Duration = Duration::from_secs(900);

/// All the runs of a section that exports a backup and imports it back:
/// this one (an instance's) and the volume section.
#[derive(Default)]
pub(super) struct Results {
    /// What is exported, for the rows: `backup` or `volume`.
    pub(super) what: &'static str,
    /// Where the file is, for the header: `its own container`.
    pub(super) place: &'static str,
    /// The command line's export, for the header: `incus export`.
    pub(super) cli_export_command: &'static str,
    pub(super) len: u64,
    pub(super) crate_export: Vec<Run>,
    pub(super) cli_export: Vec<Run>,
    pub(super) crate_import: Vec<Run>,
    pub(super) crate_import_chunked: Vec<Run>,
    pub(super) cli_import: Vec<Run>,
    /// The tarball's size, from the last export.
    pub(super) tarball: u64,
}

/// `transfer-child backup-export <instance> <file>` or `transfer-child
/// backup-import <file> <new instance> <sized|chunked>`: one crate run,
/// then `transfer-child <secs> <VmHWM KiB> <download or upload secs>`.
pub(super) fn child(args: &[String]) -> anyhow::Result<()> {
    let client = Client::local()?;
    let started = Instant::now();
    let (secs, part) = match args {
        [mode, instance, file] if mode == "backup-export" => {
            let post = InstanceBackupsPost {
                name: BACKUP.into(),
                ..Default::default()
            };
            let op = client.create_instance_backup(instance, &post)?;
            client.wait_for_completion(&op, WAIT)?;
            let download = Instant::now();
            let mut export = client.export_instance_backup(instance, BACKUP)?;
            let part = save(&mut export, file, download)?;
            let op = client.delete_instance_backup(instance, BACKUP)?;
            client.wait_for_completion(&op, WAIT)?;
            (started.elapsed(), part)
        }
        [mode, file, instance, how] if mode == "backup-import" => {
            let tarball = File::open(file)?;
            let len = tarball.metadata()?.len();
            let mut args = InstanceBackupArgs::new(tarball).name(instance);
            if how == "sized" {
                args = args.length(len);
            }
            let op = client.import_instance_backup(args)?;
            let part = started.elapsed();
            client.wait_for_completion(&op, WAIT)?;
            (started.elapsed(), part)
        }
        _ => bail!(
            "usage: {CHILD} backup-export <instance> <file> | \
             backup-import <file> <instance> <sized|chunked>"
        ),
    };
    child_report(secs, Some(part))
}

/// Copies an export into a new file `file` through a [`Progress`], whose
/// final count must match; returns the time from `download` until the file
/// is synced.
pub(super) fn save(
    mut export: impl Read,
    file: &str,
    download: Instant,
) -> anyhow::Result<Duration> {
    let mut seen = 0;
    let out = BufWriter::with_capacity(256 * 1024, File::create(file)?);
    let mut out = Progress::new(out, |n| seen = n);
    let copied = io::copy(&mut export, &mut out)?;
    out.into_inner().into_inner()?.sync_all()?;
    let part = download.elapsed();
    ensure!(seen == copied, "progress saw {seen} of {copied} bytes");
    Ok(part)
}

/// `sha256sum` of the first `len` bytes of the stream, by the local
/// `sha256sum` command.
pub(super) fn local_sha256(len: u64) -> anyhow::Result<String> {
    let mut child = Command::new("sha256sum")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .context("run sha256sum")?;
    let mut stdin = child.stdin.take().context("sha256sum stdin")?;
    io::copy(&mut Pattern { offset: 0, len }, &mut stdin)?;
    drop(stdin);
    let out = child.wait_with_output()?;
    ensure!(out.status.success(), "sha256sum failed");
    first_word(&out.stdout)
}

pub(super) fn first_word(out: &[u8]) -> anyhow::Result<String> {
    let text = String::from_utf8_lossy(out);
    let word = text.split_whitespace().next();
    word.map(str::to_string)
        .ok_or_else(|| anyhow!("no checksum in {text:?}"))
}

/// `sha256sum` of the file `path` inside `instance`, by `incus exec`.
pub(super) fn remote_sha256(instance: &str, path: &str) -> anyhow::Result<String> {
    let out = Command::new("incus")
        .args(["exec", instance, "--", "sha256sum", path])
        .stdin(Stdio::null())
        .output()?;
    ensure!(
        out.status.success(),
        "incus exec {instance} sha256sum: {}",
        String::from_utf8_lossy(&out.stderr).trim()
    );
    first_word(&out.stdout)
}

/// Starts the imported `instance`, checks its file against `sum`, deletes it.
fn check_import(client: &Client, mut imported: Container<'_>, sum: &str) -> anyhow::Result<()> {
    let name = imported.name.clone();
    client.wait_for_completion(&client.start_instance(&name)?, WAIT)?;
    let got = remote_sha256(&name, FILE)?;
    ensure!(
        got == sum,
        "{name}: sha256 {got} after import, pushed {sum}"
    );
    imported.remove()
}

/// Runs the section on a container of its own; temporary files in `dir`.
pub(super) fn measure(
    settings: &Settings,
    client: &Client,
    cli: &Cli,
    dir: &Path,
) -> anyhow::Result<Results> {
    let len = settings.backup_len;
    let mut r = Results {
        what: "backup",
        place: "its own container",
        cli_export_command: "incus export",
        len,
        ..Results::default()
    };
    let pid = std::process::id();
    let name = format!("bench-backup-{pid}");
    let mut container = Container::start_busybox(client, name.clone())?;
    let args = InstanceFileArgs::file(Pattern { offset: 0, len }).length(len);
    client.create_instance_file(&name, FILE, args)?;
    let sum = local_sha256(len)?;
    ensure!(
        remote_sha256(&name, FILE)? == sum,
        "the pushed file differs"
    );

    let tarball = dir.join("backup.tar.gz");
    let tarball_arg = path_str(&tarball)?;
    let imported = |side: &str| Container::named(client, format!("bench-backup-{pid}-{side}"));
    for round in 0..settings.runs {
        for crate_side in order(round) {
            if crate_side {
                let export = child_run(&["backup-export", &name, tarball_arg])?;
                r.tarball = std::fs::metadata(&tarball)?.len();
                let mut imports = [None, None];
                for (i, how) in ["sized", "chunked"].into_iter().enumerate() {
                    let new = imported(&format!("crate-{how}"));
                    let run = child_run(&["backup-import", tarball_arg, &new.name, how])?;
                    check_import(client, new, &sum)?;
                    imports[i] = Some(run);
                }
                if settings.verbose {
                    println!("  run {round} crate backup export {export:?} import {imports:?}");
                }
                r.crate_export.push(export);
                let [sized, chunked] = imports;
                r.crate_import.extend(sized);
                r.crate_import_chunked.extend(chunked);
            } else {
                let export = cli.run(&["export", &name, tarball_arg], true, None, None)?;
                let new = imported("cli");
                let import = cli.run(&["import", tarball_arg, &new.name], true, None, None)?;
                check_import(client, new, &sum)?;
                if settings.verbose {
                    println!("  run {round} CLI   backup export {export:?} import {import:?}");
                }
                r.cli_export.push(export);
                r.cli_import.push(import);
            }
            std::fs::remove_file(&tarball)?;
        }
    }
    container.remove()?;
    Ok(r)
}

impl Results {
    /// The header line for the section.
    pub(super) fn describe(&self) -> String {
        format!(
            "{}s: {} MiB file in {}, tarball {:.0} MiB (daemon's default compression); \
             export = make + download + delete (as {}), import = upload + unpack; sha256 \
             checked after each import",
            self.what,
            self.len / MIB,
            self.place,
            self.tarball as f64 / MIB as f64,
            self.cli_export_command
        )
    }

    /// The section's table rows.
    pub(super) fn rows(&self) -> Vec<Row> {
        let (mib, what) = (self.len / MIB, self.what);
        let part_rate = |runs: &[Run]| {
            let rates: Option<Vec<f64>> = runs
                .iter()
                .map(|r| r.part.map(|secs| self.len as f64 / secs / 1e6))
                .collect();
            rates.map(|rates| median(&rates))
        };
        vec![
            Row::new(
                format!("export {mib} MiB {what}, MB/s"),
                Some(median_rate(&self.crate_export, self.len)),
                Some(median_rate(&self.cli_export, self.len)),
            ),
            Row::new(
                "  of which the download, MB/s",
                part_rate(&self.crate_export),
                None,
            ),
            Row::new(
                format!("{what} export peak RSS, MiB"),
                median_rss(&self.crate_export),
                median_rss(&self.cli_export),
            ),
            Row::new(
                format!("import {mib} MiB {what}, MB/s"),
                Some(median_rate(&self.crate_import, self.len)),
                Some(median_rate(&self.cli_import, self.len)),
            ),
            Row::new(
                "  of which the upload, MB/s",
                part_rate(&self.crate_import),
                None,
            ),
            Row::new(
                format!("import {mib} MiB {what}, length unknown, MB/s"),
                Some(median_rate(&self.crate_import_chunked, self.len)),
                None,
            ),
            Row::new(
                format!("{what} import peak RSS, MiB"),
                median_rss(&self.crate_import),
                median_rss(&self.cli_import),
            ),
        ]
    }
}
