//! Uploads an image tarball with a progress line on the terminal, waits for
//! the image, then exports it back into a file, verified against its
//! fingerprint, with a second progress line.
//!
//! `cargo run --example image_progress -- IMAGE.tar.gz [ALIAS]` with
//! `INCUS_SOCKET` pointing at a daemon. The tarball is a unified image
//! (`metadata.yaml` and `rootfs/`); the image is left on the daemon (delete
//! it with `incus image delete`).

use std::io::Write;
use std::time::{Duration, Instant};

use incus::{Client, ImageUploadArgs, Progress};

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .ok_or_else(|| anyhow::anyhow!("usage: image_progress IMAGE.tar.gz [ALIAS]"))?;
    let alias = args.next();
    let client = Client::local()?;

    let file = std::fs::File::open(&path)?;
    let total = file.metadata()?.len();
    let started = Instant::now();
    let reader =
        Progress::new(file, |sent| line("uploaded", sent, total, started)).interval(256 << 10);
    let mut upload = ImageUploadArgs::new(reader).length(total).filename(&path);
    if let Some(alias) = &alias {
        upload = upload.alias(alias);
    }
    let op = client.upload_image(upload)?;
    println!();
    let done = client.wait_for_completion(&op, Duration::from_secs(600))?;
    let fingerprint = done.metadata["fingerprint"]
        .as_str()
        .ok_or_else(|| anyhow::anyhow!("the operation gave no fingerprint"))?
        .to_string();
    println!("image {fingerprint}");

    let copy = format!("{path}.exported");
    let started = Instant::now();
    let out = Progress::new(std::fs::File::create(&copy)?, |got| {
        line("exported", got, total, started)
    })
    .interval(256 << 10);
    let export = client.export_image(&fingerprint, out, std::io::sink())?;
    println!();
    println!(
        "{copy}: {} bytes, sha256 verified as the fingerprint",
        export.metadata.size
    );
    Ok(())
}

/// Rewrites the terminal's current line: bytes so far of `total`, and the rate.
fn line(what: &str, bytes: u64, total: u64, started: Instant) {
    let mib = |n: u64| n as f64 / (1 << 20) as f64;
    let rate = mib(bytes) / started.elapsed().as_secs_f64().max(1e-3);
    let percent = match total {
        0 => 100.0,
        total => bytes as f64 * 100.0 / total as f64,
    };
    print!(
        "\r{what} {:.1} of {:.1} MiB ({percent:.0}%, {rate:.0} MiB/s)",
        mib(bytes),
        mib(total)
    );
    let _ = std::io::stdout().flush();
}
