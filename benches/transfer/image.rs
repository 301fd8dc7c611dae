//! Section 6 of the transfer bench: image tarballs uploaded and exported,
//! crate and command line taking turns.
//!
//! A test image is built in a temporary directory: `metadata.yaml` and a
//! `rootfs/` holding /bin/busybox, a marker unique to this bench run (so the
//! fingerprints are its own, never the `busybox` image's) and a file of
//! `TRANSFER_IMAGE_MIB` MiB of the bench's pseudo-random stream. `tar -cf`
//! packs it without compression (the daemon takes a plain tar) twice: as a
//! unified tarball, and as a split image's metadata and rootfs tarballs. The
//! local `sha256sum` of each is its fingerprint (a split image's: of the
//! metadata, then the rootfs). Each run then, per side:
//!
//! - unified: the crate child uploads the tarball with `upload_image`
//!   (length declared), waits and checks the fingerprint; a second child
//!   exports it into a temporary file with `export_image`, which verifies
//!   the SHA-256 itself; then the image is deleted. The command line runs
//!   `incus image import <tarball>`, `incus image export <fp> <dir>/` and
//!   `incus image delete <fp>`; the file it wrote is checked by `sha256sum`
//!   (not timed);
//! - split: uploaded by each side in turn (the crate's two files as one
//!   streamed multipart body), then imported once more with `incus image
//!   import meta.tar rootfs.tar`, then exported by a crate child into two
//!   files and by `incus image export`; both sides' files are checked
//!   against the inputs by `sha256sum` (not timed).
//!
//! MB/s are of the bytes moved (the tarball, or both split files; MB = 10^6
//! bytes), wall time including the daemon's hashing and storing. Every image
//! is deleted also when a measurement fails.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, bail, ensure};
use incus::{Client, ImageUploadArgs};

use super::backup::first_word;
use super::{
    CHILD, Cli, MIB, Pattern, Row, Run, Settings, child_report, child_run, median_rate, median_rss,
    order, path_str, run,
};

/// How long an upload or a delete of a large image may take.
const WAIT: Duration = Duration::from_secs(900);
/// The crate's peak RSS target for each transfer, MiB.
const TARGET_MIB: u64 = 10;

/// All the runs of the image section.
#[derive(Default)]
pub(super) struct Results {
    len: u64,
    /// The unified tarball's size.
    unified: u64,
    /// The split image's two files' size together.
    split: u64,
    crate_upload: Vec<Run>,
    cli_upload: Vec<Run>,
    crate_export: Vec<Run>,
    cli_export: Vec<Run>,
    crate_split_export: Vec<Run>,
    cli_split_export: Vec<Run>,
    crate_split_upload: Vec<Run>,
    cli_split_upload: Vec<Run>,
}

/// `transfer-child image-upload <tarball> <fingerprint>` or `transfer-child
/// image-export <fingerprint> <file> [<rootfs file>]` (a second file for a
/// split image): one crate run, then `transfer-child <secs> <VmHWM KiB>`.
pub(super) fn child(args: &[String]) -> anyhow::Result<()> {
    let client = Client::local()?;
    let started = Instant::now();
    match args {
        [mode, tarball, fingerprint] if mode == "image-upload" => {
            let file = File::open(tarball)?;
            let len = file.metadata()?.len();
            let op = client.upload_image(ImageUploadArgs::new(file).length(len))?;
            let done = client.wait_for_completion(&op, WAIT)?;
            let got = done.metadata["fingerprint"].as_str().unwrap_or_default();
            ensure!(
                got == fingerprint,
                "uploaded as {got:?}, local sha256 {fingerprint}"
            );
        }
        [mode, meta, rootfs, fingerprint] if mode == "image-upload-split" => {
            let args = ImageUploadArgs::split(File::open(meta)?, File::open(rootfs)?);
            let done = client.wait_for_completion(&client.upload_image(args)?, WAIT)?;
            let got = done.metadata["fingerprint"].as_str().unwrap_or_default();
            ensure!(
                got == fingerprint,
                "uploaded as {got:?}, local sha256 {fingerprint}"
            );
        }
        [mode, fingerprint, file, rootfs @ ..] if mode == "image-export" && rootfs.len() < 2 => {
            let mut out = BufWriter::with_capacity(256 * 1024, File::create(file)?);
            let export = match rootfs {
                [rootfs] => {
                    let mut rootfs = BufWriter::with_capacity(256 * 1024, File::create(rootfs)?);
                    let export = client.export_image(fingerprint, &mut out, &mut rootfs)?;
                    rootfs.flush()?;
                    ensure!(export.is_split(), "a split image exported as unified");
                    export
                }
                _ => {
                    let export = client.export_image(fingerprint, &mut out, io::sink())?;
                    ensure!(!export.is_split(), "a unified image exported as split");
                    export
                }
            };
            out.flush()?;
            ensure!(
                &export.fingerprint == fingerprint,
                "export verified as {}, asked for {fingerprint}",
                export.fingerprint
            );
        }
        _ => bail!(
            "usage: {CHILD} image-upload <tarball> <fingerprint> | \
             image-upload-split <meta> <rootfs> <fingerprint> | \
             image-export <fingerprint> <file> [<rootfs file>]"
        ),
    }
    child_report(started.elapsed(), None)
}

/// The `sha256sum` of `files` read one after the other.
fn sha256(files: &[&Path]) -> anyhow::Result<String> {
    let mut child = Command::new("sha256sum")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .context("run sha256sum")?;
    let mut stdin = child.stdin.take().context("sha256sum stdin")?;
    for file in files {
        let mut file = File::open(file).with_context(|| format!("open {}", file.display()))?;
        io::copy(&mut file, &mut stdin)?;
    }
    drop(stdin);
    let out = child.wait_with_output()?;
    ensure!(out.status.success(), "sha256sum failed");
    first_word(&out.stdout)
}

/// Checks that `got` (files written by an export) holds the same bytes as
/// `want` (the inputs), file by file; removes `got`.
fn check_same(got: &[&Path], want: &[&Path]) -> anyhow::Result<()> {
    for (got, want) in got.iter().zip(want) {
        let (a, b) = (sha256(&[got])?, sha256(&[want])?);
        ensure!(
            a == b,
            "{} has sha256 {a}, {} {b}",
            got.display(),
            want.display()
        );
        std::fs::remove_file(got)?;
    }
    Ok(())
}

/// Builds the test image in `dir`: `unified.tar`, `meta.tar` and
/// `rootfs.tar`, the build tree removed.
fn build(dir: &Path, len: u64) -> anyhow::Result<()> {
    let tree = dir.join("image");
    let rootfs = tree.join("rootfs");
    std::fs::create_dir_all(rootfs.join("bin"))?;
    std::fs::copy("/bin/busybox", rootfs.join("bin/busybox")).context("copy /bin/busybox")?;
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)?
        .as_nanos();
    let marker = format!("bench-image-{}-{nanos}", std::process::id());
    std::fs::write(rootfs.join("marker"), &marker)?;
    {
        let mut out = BufWriter::with_capacity(1 << 20, File::create(rootfs.join("random.bin"))?);
        io::copy(&mut Pattern { offset: 0, len }, &mut out)?;
        out.into_inner()?.sync_all()?;
    }
    let arch = Command::new("uname").arg("-m").output()?;
    let arch = String::from_utf8_lossy(&arch.stdout).trim().to_string();
    std::fs::write(
        tree.join("metadata.yaml"),
        format!(
            "architecture: {arch}\ncreation_date: 1700000000\nproperties:\n  os: bench\n  \
             description: {marker}\n"
        ),
    )?;
    let tar = |cwd: &Path, out: &str, what: &[&str]| {
        run(Command::new("tar")
            .arg("-C")
            .arg(cwd)
            .args(["--numeric-owner", "-cf"])
            .arg(dir.join(out))
            .args(what))
    };
    tar(&tree, "unified.tar", &["metadata.yaml", "rootfs"])?;
    tar(&tree, "meta.tar", &["metadata.yaml"])?;
    tar(&rootfs, "rootfs.tar", &["."])?;
    std::fs::remove_dir_all(&tree)?;
    Ok(())
}

/// An image of this bench, deleted when dropped unless already gone.
struct Image<'a> {
    client: &'a Client,
    fingerprint: String,
    removed: bool,
}

impl<'a> Image<'a> {
    fn new(client: &'a Client, fingerprint: &str) -> Image<'a> {
        Image {
            client,
            fingerprint: fingerprint.into(),
            removed: false,
        }
    }

    /// Deletes the image with the crate.
    fn remove(&mut self) -> anyhow::Result<()> {
        self.removed = true;
        let op = self.client.delete_image(&self.fingerprint)?;
        self.client.wait_for_completion(&op, WAIT)?;
        Ok(())
    }
}

impl Drop for Image<'_> {
    fn drop(&mut self) {
        if !self.removed {
            match self.remove() {
                Err(e) if e.downcast_ref().is_some_and(incus::Error::is_not_found) => {}
                Err(e) => eprintln!(
                    "transfer: could not delete image {}: {e:#}",
                    self.fingerprint
                ),
                Ok(()) => {}
            }
        }
    }
}

/// Runs the section; temporary files in `dir`.
pub(super) fn measure(
    settings: &Settings,
    client: &Client,
    cli: &Cli,
    dir: &Path,
) -> anyhow::Result<Results> {
    let dir = &dir.join("image-section");
    std::fs::create_dir(dir)?;
    let results = measure_in(settings, client, cli, dir);
    let removed = std::fs::remove_dir_all(dir);
    let results = results?;
    removed?;
    Ok(results)
}

fn measure_in(
    settings: &Settings,
    client: &Client,
    cli: &Cli,
    dir: &Path,
) -> anyhow::Result<Results> {
    build(dir, settings.image_len)?;
    let file = |name: &str| -> PathBuf { dir.join(name) };
    let (unified, meta, rootfs) = (file("unified.tar"), file("meta.tar"), file("rootfs.tar"));
    let size = |path: &Path| std::fs::metadata(path).map(|m| m.len());
    let mut r = Results {
        len: settings.image_len,
        unified: size(&unified)?,
        split: size(&meta)? + size(&rootfs)?,
        ..Results::default()
    };
    let fp = sha256(&[&unified])?;
    let out = file("export.tar");
    let out_dir = file("cli-export");
    std::fs::create_dir(&out_dir)?;
    let (unified_arg, out_arg) = (path_str(&unified)?, path_str(&out)?);
    let out_dir_arg = format!("{}/", path_str(&out_dir)?);
    for round in 0..settings.runs {
        for crate_side in order(round) {
            let mut image = Image::new(client, &fp);
            if crate_side {
                let upload = child_run(&["image-upload", unified_arg, &fp])?;
                let export = child_run(&["image-export", &fp, out_arg])?;
                ensure!(size(&out)? == r.unified, "the export's size differs");
                std::fs::remove_file(&out)?;
                image.remove()?;
                if settings.verbose {
                    println!("  run {round} crate image upload {upload:?} export {export:?}");
                }
                r.crate_upload.push(upload);
                r.crate_export.push(export);
            } else {
                let upload = cli.run(&["image", "import", unified_arg], true, None, None)?;
                client
                    .get_image(&fp)
                    .context("the image the CLI imported")?;
                let export = cli.run(&["image", "export", &fp, &out_dir_arg], true, None, None)?;
                check_same(&[&out_dir.join(format!("{fp}.tar"))], &[&unified])?;
                cli.run(&["image", "delete", &fp], false, None, None)?;
                image.removed = true;
                if settings.verbose {
                    println!("  run {round} CLI   image import {upload:?} export {export:?}");
                }
                r.cli_upload.push(upload);
                r.cli_export.push(export);
            }
        }
    }
    std::fs::remove_file(&unified)?;

    // The split image: uploaded by each side in turn, then imported once
    // more for the exports.
    let fp = sha256(&[&meta, &rootfs])?;
    let (meta_arg, rootfs_arg) = (path_str(&meta)?, path_str(&rootfs)?);
    for round in 0..settings.runs {
        for crate_side in order(round) {
            let mut image = Image::new(client, &fp);
            let upload = if crate_side {
                child_run(&["image-upload-split", meta_arg, rootfs_arg, &fp])?
            } else {
                let import = ["image", "import", meta_arg, rootfs_arg];
                cli.run(&import, true, None, None)?
            };
            client.get_image(&fp).context("the uploaded split image")?;
            image.remove()?;
            if settings.verbose {
                let side = if crate_side { "crate" } else { "CLI  " };
                println!("  run {round} {side} split image upload {upload:?}");
            }
            match crate_side {
                true => r.crate_split_upload.push(upload),
                false => r.cli_split_upload.push(upload),
            }
        }
    }
    let mut image = Image::new(client, &fp);
    cli.run(
        &["image", "import", meta_arg, rootfs_arg],
        false,
        None,
        None,
    )?;
    client
        .get_image(&fp)
        .context("the split image the CLI imported")?;
    let out_rootfs = file("export-rootfs.tar");
    let out_rootfs_arg = path_str(&out_rootfs)?;
    for round in 0..settings.runs {
        for crate_side in order(round) {
            if crate_side {
                let export = child_run(&["image-export", &fp, out_arg, out_rootfs_arg])?;
                check_same(&[&out, &out_rootfs], &[&meta, &rootfs])?;
                if settings.verbose {
                    println!("  run {round} crate split image export {export:?}");
                }
                r.crate_split_export.push(export);
            } else {
                let export = cli.run(&["image", "export", &fp, &out_dir_arg], true, None, None)?;
                let got = [
                    out_dir.join(format!("meta-{fp}.tar")),
                    out_dir.join(format!("{fp}.tar")),
                ];
                check_same(&[&got[0], &got[1]], &[&meta, &rootfs])?;
                if settings.verbose {
                    println!("  run {round} CLI   split image export {export:?}");
                }
                r.cli_split_export.push(export);
            }
        }
    }
    image.remove()?;
    Ok(r)
}

impl Results {
    /// The header line for the section.
    pub(super) fn describe(&self) -> String {
        format!(
            "images: {} MiB random file plus busybox, plain tar: unified {:.0} MiB, split {:.0} \
             MiB; upload = upload + wait (crate) or incus image import, export into files, \
             verified (crate) or checked by sha256sum (CLI); crate peak RSS target <= \
             {TARGET_MIB} MiB per transfer",
            self.len / MIB,
            self.unified as f64 / MIB as f64,
            self.split as f64 / MIB as f64
        )
    }

    /// The section's table rows.
    pub(super) fn rows(&self) -> Vec<Row> {
        let mib = self.len / MIB;
        vec![
            Row::new(
                format!("image upload {mib} MiB (unified), MB/s"),
                Some(median_rate(&self.crate_upload, self.unified)),
                Some(median_rate(&self.cli_upload, self.unified)),
            ),
            Row::new(
                "image upload peak RSS, MiB",
                median_rss(&self.crate_upload),
                median_rss(&self.cli_upload),
            ),
            Row::new(
                format!("image export {mib} MiB (unified), MB/s"),
                Some(median_rate(&self.crate_export, self.unified)),
                Some(median_rate(&self.cli_export, self.unified)),
            ),
            Row::new(
                "image export peak RSS, MiB",
                median_rss(&self.crate_export),
                median_rss(&self.cli_export),
            ),
            Row::new(
                format!("image upload {mib} MiB (split), MB/s"),
                Some(median_rate(&self.crate_split_upload, self.split)),
                Some(median_rate(&self.cli_split_upload, self.split)),
            ),
            Row::new(
                "image upload (split) peak RSS, MiB",
                median_rss(&self.crate_split_upload),
                median_rss(&self.cli_split_upload),
            ),
            Row::new(
                format!("image export {mib} MiB (split), MB/s"),
                Some(median_rate(&self.crate_split_export, self.split)),
                Some(median_rate(&self.cli_split_export, self.split)),
            ),
            Row::new(
                "image export (split) peak RSS, MiB",
                median_rss(&self.crate_split_export),
                median_rss(&self.cli_split_export),
            ),
        ]
    }
}
