//! Bulk transfers and exec through the crate, next to the `incus` command
//! line on the same daemon.
//!
//! Run with `scripts/bench` (release mode, against the sandbox daemon), or
//! `cargo bench --bench transfer` with `INCUS_SOCKET` set (and the `incus`
//! command line on `PATH`, talking to the same daemon).
//!
//! The bench creates a container from the image alias `busybox`, starts it,
//! measures, prints one table and deletes the container (also when a
//! measurement fails; not when the bench is killed). Temporary files live in
//! `/tmp/incus-bench-transfer-<pid>/` and are removed the same way.
//!
//! 1. Push and pull of one file. The crate pushes with
//!    `create_instance_file` from a deterministic pseudo-random reader (no
//!    buffer of the file's size), its length declared
//!    (`InstanceFileArgs::length`) and, in a second row, not declared; a third row pushes the same bytes from a
//!    hand-written client (128 KiB chunks on the unix socket), the floor
//!    the crate is held to in the same run, as the daemon's own speed
//!    varies between runs by a fifth and more. The crate pulls with
//!    `get_instance_file`, copied (`std::io::copy`) into a sink that
//!    regenerates the same stream and checks every byte. The command line
//!    pushes a temporary file holding
//!    the same bytes (`incus file push`) and pulls it back (`incus file
//!    pull`), checked the same way after the timing. MB/s with MB = 10^6
//!    bytes, wall time of the call or subprocess.
//! 2. Peak RSS of each of those transfers. Every crate run happens in a
//!    child process (this bench binary re-run with `transfer-child`), which
//!    prints its own `VmHWM` from `/proc/self/status` before it exits; each
//!    `incus` subprocess runs under `/usr/bin/time -f %M` (where missing, its
//!    `VmHWM` is polled every 5 ms instead).
//!
//!    Then the same bytes as the stdin of `wc -c` (the crate streams them
//!    from the reader with `client.exec(&request).stdin(reader)`, the
//!    command line reads the temporary file), the count checked: seconds
//!    and peak RSS.
//! 3. Exec round trip: median and p90 of `Client::exec_output(c, ["true"])`
//!    in this process, after a warm-up, next to `incus exec -T c -- true`.
//! 4. 100 MiB of stdout (`sh -c "head -c 104857600 /dev/zero"`): captured
//!    with `exec_output` (held in memory by design, so its peak RSS is at
//!    least the output's size) and streamed into a counting sink with
//!    `client.exec(&request).stdout(sink).run()`, each in a child process for
//!    its peak RSS; next to `incus exec` writing into a pipe this process
//!    counts.
//!
//! 5. Backups (`transfer/backup.rs`): a container with a
//!    `TRANSFER_BACKUP_MIB` file is exported to a temporary file and imported
//!    back as a new instance, crate (child processes: MB/s, peak RSS; the
//!    download and upload alone too; an import with the length unknown) next
//!    to `incus export` and `incus import`; `sha256sum` of the file inside
//!    each imported instance is checked against the local `sha256sum` of what
//!    was pushed.
//! 6. Images (`transfer/image.rs`): see there.
//! 7. Volumes (`transfer/volume.rs`): a custom volume with a
//!    `TRANSFER_VOLUME_MIB` file (written through a container) is backed up,
//!    exported to a temporary file, deleted and imported back, crate (child
//!    processes: MB/s, peak RSS; the download and upload alone too; an import
//!    with the length unknown) next to `incus storage volume export` and
//!    `import`; `sha256sum` of the file is checked through the container
//!    after each import.
//!
//! Crate and command line take turns (the order flips every run) so that
//! drift in the daemon or the machine hits both alike; the table shows
//! medians.
//!
//! Settings (environment):
//! - `TRANSFER_MIB`              size of the pushed and pulled file, MiB (default 1024)
//! - `TRANSFER_RUNS`             push+pull runs per side (default 3)
//! - `TRANSFER_EXEC_WARMUP`      warm-up crate execs of `true` (default 5)
//! - `TRANSFER_EXEC_RUNS`        timed crate execs of `true` (default 50)
//! - `TRANSFER_EXEC_CLI_RUNS`    timed `incus exec` of `true` (default 20)
//! - `TRANSFER_EXEC_MIB`         stdout size of the output test, MiB (default 100)
//! - `TRANSFER_EXEC_OUTPUT_RUNS` runs of each output variant (default 3)
//! - `TRANSFER_BACKUP_MIB`       size of the file in the backed-up container,
//!   MiB (default 1024; 0 skips section 5); `TRANSFER_RUNS` runs per side
//! - `TRANSFER_IMAGE_MIB`        size of the file in the test image, MiB
//!   (default 512; 0 skips section 6); `TRANSFER_RUNS` runs per side
//! - `TRANSFER_VOLUME_MIB`       size of the file in the custom volume, MiB
//!   (default 512; 0 skips section 7); `TRANSFER_RUNS` runs per side
//! - `BENCH_VERBOSE`             set to 1 to print every run's numbers

#[path = "transfer/backup.rs"]
mod backup;
mod common;
#[path = "transfer/image.rs"]
mod image;
#[path = "transfer/volume.rs"]
mod volume;

use common::{Container, env_count, median, quantile};

use std::fs::File;
use std::io::{self, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, anyhow, bail, ensure};
use incus::{Client, ExecRequest, InstanceFileArgs};

/// The first argument of a child run of this binary.
const CHILD: &str = "transfer-child";
/// Where the crate's pushes go in the container.
const CRATE_FILE: &str = "/root/crate.bin";
/// Where the command line's pushes go in the container.
const CLI_FILE: &str = "/root/cli.bin";
const MIB: u64 = 1 << 20;
const TIME: &str = "/usr/bin/time";

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.iter().position(|a| a == CHILD) {
        Some(i) => child(&args[i + 1..]),
        None => parent(),
    }
}

// ---------------------------------------------------------------------------
// The content: a counter-based pseudo-random stream, reproducible at any
// offset, so a pull can be checked without keeping what was pushed.

/// The 8 bytes at `index * 8` of the stream (splitmix64 of the index).
fn word(index: u64) -> u64 {
    let mut z = index
        .wrapping_mul(0x9E37_79B9_7F4A_7C15)
        .wrapping_add(0x2545_F491_4F6C_DD1D);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Fills `buf` with the stream's bytes from `offset` on.
fn fill(offset: u64, buf: &mut [u8]) {
    let skip = (offset % 8) as usize;
    let head = if skip == 0 {
        0
    } else {
        (8 - skip).min(buf.len())
    };
    let (first, rest) = buf.split_at_mut(head);
    first.copy_from_slice(&word(offset / 8).to_le_bytes()[skip..skip + head]);
    let mut index = (offset + head as u64).div_ceil(8);
    let mut chunks = rest.chunks_exact_mut(8);
    for chunk in &mut chunks {
        chunk.copy_from_slice(&word(index).to_le_bytes());
        index += 1;
    }
    let tail = chunks.into_remainder();
    let n = tail.len();
    tail.copy_from_slice(&word(index).to_le_bytes()[..n]);
}

/// The first `len` bytes of the stream, as a reader.
struct Pattern {
    offset: u64,
    len: u64,
}

impl Read for Pattern {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = (self.len - self.offset).min(buf.len() as u64) as usize;
        fill(self.offset, &mut buf[..n]);
        self.offset += n as u64;
        Ok(n)
    }
}

/// A sink that checks what it is given against the stream.
struct Verifier {
    offset: u64,
    expected: Vec<u8>,
}

impl Verifier {
    fn new() -> Verifier {
        Verifier {
            offset: 0,
            expected: vec![0; 256 * 1024],
        }
    }

    fn finish(&self, len: u64) -> anyhow::Result<()> {
        ensure!(
            self.offset == len,
            "got {} bytes back, pushed {len}",
            self.offset
        );
        Ok(())
    }
}

impl Write for Verifier {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        let n = data.len().min(self.expected.len());
        let expected = &mut self.expected[..n];
        fill(self.offset, expected);
        if expected[..] != data[..n] {
            let at = expected.iter().zip(data).position(|(a, b)| a != b);
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!(
                    "byte {} differs from what was pushed",
                    self.offset + at.unwrap_or(0) as u64
                ),
            ));
        }
        self.offset += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// A sink that counts bytes and checks they are all zero.
#[derive(Default)]
struct Zeros {
    count: u64,
    nonzero: bool,
}

impl Write for Zeros {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        static ZERO: [u8; 64 * 1024] = [0; 64 * 1024];
        self.nonzero |= data.chunks(ZERO.len()).any(|c| c != &ZERO[..c.len()]);
        self.count += data.len() as u64;
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Zeros {
    fn check(&self, len: u64) -> anyhow::Result<()> {
        ensure!(
            self.count == len,
            "got {} bytes, expected {len}",
            self.count
        );
        ensure!(!self.nonzero, "output not all zero bytes");
        Ok(())
    }
}

/// The same push written by hand on the unix socket, chunked in 128 KiB
/// chunks from the same generator: the floor the crate's push is measured
/// against in the same run (the daemon's speed varies from run to run).
fn floor_push(name: &str, len: u64) -> anyhow::Result<()> {
    let socket = std::env::var("INCUS_SOCKET").context("INCUS_SOCKET")?;
    let mut stream = std::os::unix::net::UnixStream::connect(socket)?;
    write!(
        stream,
        "POST /1.0/instances/{name}/files?path=%2Froot%2Ffloor.bin HTTP/1.1\r\n\
         Host: unix.socket\r\nX-Incus-Type: file\r\nX-Incus-Write: overwrite\r\n\
         Content-Type: application/octet-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
    )?;
    let mut content = Pattern { offset: 0, len };
    let mut chunk = vec![0u8; 128 * 1024];
    loop {
        let mut n = 0;
        while n < chunk.len() {
            match content.read(&mut chunk[n..])? {
                0 => break,
                read => n += read,
            }
        }
        let mut frame = format!("{n:x}\r\n").into_bytes();
        frame.extend_from_slice(&chunk[..n]);
        frame.extend_from_slice(b"\r\n");
        stream.write_all(&frame)?;
        if n == 0 {
            break;
        }
    }
    let mut status = [0u8; 12];
    stream.read_exact(&mut status)?;
    ensure!(
        status.ends_with(b" 200"),
        "{:?}",
        String::from_utf8_lossy(&status)
    );
    Ok(())
}

/// Checks that `wc -c` printed `len`.
fn check_count(out: &[u8], len: u64) -> anyhow::Result<()> {
    let text = String::from_utf8_lossy(out);
    ensure!(
        text.trim() == len.to_string(),
        "wc -c printed {text:?}, sent {len}"
    );
    Ok(())
}

/// The command that writes `len` zero bytes to stdout.
fn zeros_command(len: u64) -> [String; 3] {
    ["sh".into(), "-c".into(), format!("head -c {len} /dev/zero")]
}

// ---------------------------------------------------------------------------
// The child: one crate run, then its time and peak RSS on stdout.

/// `transfer-child <push|pull|captured|streamed> <instance> <bytes>`.
fn child(args: &[String]) -> anyhow::Result<()> {
    if args.first().is_some_and(|mode| mode.starts_with("backup-")) {
        return backup::child(args);
    }
    if args.first().is_some_and(|mode| mode.starts_with("image-")) {
        return image::child(args);
    }
    if args.first().is_some_and(|mode| mode.starts_with("volume-")) {
        return volume::child(args);
    }
    let [mode, name, len] = args else {
        bail!(
            "usage: {CHILD} <push|push-chunked|push-floor|pull|stdin|captured|streamed> \
             <instance> <bytes>"
        );
    };
    let len: u64 = len.parse().context("bytes")?;
    let client = Client::local()?;
    let started = Instant::now();
    let secs = match mode.as_str() {
        "push" | "push-chunked" => {
            let mut args = InstanceFileArgs::file(Pattern { offset: 0, len });
            if mode == "push" {
                args = args.length(len);
            }
            client.create_instance_file(name, CRATE_FILE, args)?;
            started.elapsed()
        }
        "push-floor" => {
            floor_push(name, len)?;
            started.elapsed()
        }
        "pull" => {
            let mut file = client.get_instance_file(name, CRATE_FILE)?;
            let mut sink = Verifier::new();
            io::copy(&mut file, &mut sink)?;
            let secs = started.elapsed();
            sink.finish(len)?;
            secs
        }
        "captured" => {
            let out = client.exec_output(name, zeros_command(len))?;
            let secs = started.elapsed();
            ensure!(out.exit_code == 0, "exit code {}", out.exit_code);
            let mut check = Zeros::default();
            check.write_all(&out.stdout)?;
            check.check(len)?;
            secs
        }
        "stdin" => {
            let request = ExecRequest::new(name.as_str(), ["wc", "-c"]);
            let mut count = Vec::new();
            let code = client
                .exec(&request)
                .stdin(Pattern { offset: 0, len })
                .stdout(&mut count)
                .run()?;
            let secs = started.elapsed();
            ensure!(code == 0, "exit code {code}");
            check_count(&count, len)?;
            secs
        }
        "streamed" => {
            let request = ExecRequest::new(name.as_str(), zeros_command(len));
            let mut sink = Zeros::default();
            let code = client.exec(&request).stdout(&mut sink).run()?;
            let secs = started.elapsed();
            ensure!(code == 0, "exit code {code}");
            sink.check(len)?;
            secs
        }
        other => bail!("unknown child mode {other:?}"),
    };
    child_report(secs, None)
}

/// Prints a child's result line for [`child_run`]: `transfer-child <secs>
/// <VmHWM KiB> [<part secs>]`.
fn child_report(secs: Duration, part: Option<Duration>) -> anyhow::Result<()> {
    let hwm = vm_hwm_kib("self")?.ok_or_else(|| anyhow!("no VmHWM in /proc/self/status"))?;
    match part {
        Some(part) => println!(
            "{CHILD} {} {hwm} {}",
            secs.as_secs_f64(),
            part.as_secs_f64()
        ),
        None => println!("{CHILD} {} {hwm}", secs.as_secs_f64()),
    }
    Ok(())
}

/// `VmHWM` (peak resident set, KiB) of `/proc/<pid>`; `None` once the
/// process is gone or for a zombie.
fn vm_hwm_kib(pid: &str) -> anyhow::Result<Option<u64>> {
    let status = match std::fs::read_to_string(format!("/proc/{pid}/status")) {
        Ok(status) => status,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    let Some(line) = status.lines().find(|l| l.starts_with("VmHWM:")) else {
        return Ok(None);
    };
    let kib = line["VmHWM:".len()..]
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .with_context(|| format!("bad line {line:?}"))?;
    Ok(Some(kib))
}

// ---------------------------------------------------------------------------
// The parent: container, runs, table.

/// One timed run: seconds, the peak RSS in KiB where measured, and the
/// seconds of a part of the run where a child reports one.
#[derive(Clone, Copy, Debug)]
struct Run {
    secs: f64,
    rss_kib: Option<u64>,
    part: Option<f64>,
}

/// Runs this binary as a child in `mode` and reads its result line.
fn crate_run(mode: &str, instance: &str, len: u64) -> anyhow::Result<Run> {
    child_run(&[mode, instance, &len.to_string()])
}

/// Runs this binary as a child with `args` (the mode first) and reads its
/// result line: `transfer-child <secs> <VmHWM KiB> [<part secs>]`.
fn child_run(args: &[&str]) -> anyhow::Result<Run> {
    let mode = args.first().copied().unwrap_or_default();
    let exe = std::env::current_exe()?;
    let out = Command::new(exe)
        .arg(CHILD)
        .args(args)
        .stdin(Stdio::null())
        .stderr(Stdio::inherit())
        .output()
        .context("run the bench child")?;
    let text = String::from_utf8_lossy(&out.stdout);
    ensure!(
        out.status.success(),
        "child {mode} failed ({}): {text}",
        out.status
    );
    let line = text
        .lines()
        .rev()
        .find_map(|l| l.strip_prefix(CHILD))
        .ok_or_else(|| anyhow!("child {mode} printed no result: {text:?}"))?;
    let mut fields = line.split_whitespace();
    let secs = fields.next().unwrap_or_default().parse()?;
    let hwm = fields.next().unwrap_or_default().parse()?;
    let part = fields.next().map(str::parse).transpose()?;
    Ok(Run {
        secs,
        rss_kib: Some(hwm),
        part,
    })
}

/// How `incus` subprocesses are run.
struct Cli {
    /// Run under `/usr/bin/time -f %M` (else: poll `VmHWM`).
    time: bool,
    /// Scratch directory for time's output and the command's stderr.
    dir: PathBuf,
}

impl Cli {
    /// Runs `incus <args>` to its end: wall time, peak RSS if `rss`; with
    /// `stdout` set, what it writes goes there (else to /dev/null); its
    /// stdin is the file `stdin`, or empty.
    fn run(
        &self,
        args: &[&str],
        rss: bool,
        stdin: Option<&Path>,
        stdout: Option<&mut (dyn Write + Send)>,
    ) -> anyhow::Result<Run> {
        let rss_file = self.dir.join("time.out");
        let err_file = self.dir.join("cli.err");
        let under_time = rss && self.time;
        let mut command = if under_time {
            let mut c = Command::new(TIME);
            c.arg("-f").arg("%M").arg("-o").arg(&rss_file).arg("incus");
            c
        } else {
            Command::new("incus")
        };
        command
            .args(args)
            .stdin(match stdin {
                Some(path) => Stdio::from(File::open(path)?),
                None => Stdio::null(),
            })
            .stdout(if stdout.is_some() {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .stderr(File::create(&err_file)?);
        let started = Instant::now();
        let mut child = command.spawn().context("run incus")?;
        let polled = std::thread::scope(|scope| -> anyhow::Result<Option<u64>> {
            let reader =
                child.stdout.take().zip(stdout).map(|(mut pipe, sink)| {
                    scope.spawn(move || io::copy(&mut pipe, sink).map(|_| ()))
                });
            let polled = if rss && !under_time {
                poll_hwm(&mut child)?
            } else {
                None
            };
            if let Some(reader) = reader {
                reader
                    .join()
                    .map_err(|_| anyhow!("reader thread panicked"))??;
            }
            Ok(polled)
        })?;
        let status = child.wait()?;
        let secs = started.elapsed().as_secs_f64();
        if !status.success() {
            let err = std::fs::read_to_string(&err_file).unwrap_or_default();
            bail!("incus {} failed ({status}): {}", args.join(" "), err.trim());
        }
        let rss_kib = if under_time {
            let text = std::fs::read_to_string(&rss_file)?;
            Some(
                text.lines()
                    .last()
                    .unwrap_or_default()
                    .trim()
                    .parse()
                    .with_context(|| format!("{TIME} wrote {text:?}"))?,
            )
        } else {
            polled
        };
        Ok(Run {
            secs,
            rss_kib,
            part: None,
        })
    }
}

/// Polls the child's `VmHWM` until it exits; returns the last value seen.
fn poll_hwm(child: &mut Child) -> anyhow::Result<Option<u64>> {
    let pid = child.id().to_string();
    let mut seen = None;
    while child.try_wait()?.is_none() {
        if let Some(kib) = vm_hwm_kib(&pid)? {
            seen = Some(kib);
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    Ok(seen)
}

/// A directory under /tmp, removed when dropped.
struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        if let Err(e) = std::fs::remove_dir_all(&self.0) {
            eprintln!("transfer: could not remove {}: {e}", self.0.display());
        }
    }
}

/// Median peak RSS in MiB of `runs`, if every run measured it.
fn median_rss(runs: &[Run]) -> Option<f64> {
    let kib: Option<Vec<f64>> = runs.iter().map(|r| r.rss_kib.map(|k| k as f64)).collect();
    kib.map(|k| median(&k) / 1024.0)
}

/// Median MB/s of `runs` moving `len` bytes each.
fn median_rate(runs: &[Run], len: u64) -> f64 {
    let rates: Vec<f64> = runs.iter().map(|r| len as f64 / r.secs / 1e6).collect();
    median(&rates)
}

fn median_secs(runs: &[Run]) -> f64 {
    median(&runs.iter().map(|r| r.secs).collect::<Vec<_>>())
}

/// One table row: label, crate value, command-line value.
struct Row(String, Option<f64>, Option<f64>, usize);

impl Row {
    fn new(label: impl Into<String>, crate_value: Option<f64>, cli: Option<f64>) -> Row {
        Row(label.into(), crate_value, cli, 1)
    }

    fn precision(mut self, digits: usize) -> Row {
        self.3 = digits;
        self
    }
}

/// All the runs of one bench, by measurement.
#[derive(Default)]
struct Results {
    crate_push: Vec<Run>,
    crate_push_chunked: Vec<Run>,
    floor_push: Vec<Run>,
    crate_pull: Vec<Run>,
    cli_push: Vec<Run>,
    cli_pull: Vec<Run>,
    crate_stdin: Vec<Run>,
    cli_stdin: Vec<Run>,
    crate_exec_ms: Vec<f64>,
    cli_exec_ms: Vec<f64>,
    captured: Vec<Run>,
    streamed: Vec<Run>,
    cli_streamed: Vec<Run>,
}

struct Settings {
    len: u64,
    runs: u64,
    exec_warmup: u64,
    exec_runs: u64,
    exec_cli_runs: u64,
    exec_len: u64,
    exec_output_runs: u64,
    backup_len: u64,
    image_len: u64,
    volume_len: u64,
    verbose: bool,
}

fn parent() -> anyhow::Result<()> {
    let settings = Settings {
        len: env_count("TRANSFER_MIB", 1024)? * MIB,
        runs: env_count("TRANSFER_RUNS", 3)?,
        exec_warmup: env_count("TRANSFER_EXEC_WARMUP", 5)?,
        exec_runs: env_count("TRANSFER_EXEC_RUNS", 50)?,
        exec_cli_runs: env_count("TRANSFER_EXEC_CLI_RUNS", 20)?,
        exec_len: env_count("TRANSFER_EXEC_MIB", 100)? * MIB,
        exec_output_runs: env_count("TRANSFER_EXEC_OUTPUT_RUNS", 3)?,
        backup_len: section_len("TRANSFER_BACKUP_MIB", 1024)?,
        image_len: section_len("TRANSFER_IMAGE_MIB", 512)?,
        volume_len: section_len("TRANSFER_VOLUME_MIB", 512)?,
        verbose: std::env::var("BENCH_VERBOSE").is_ok_and(|v| v == "1"),
    };
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let started = Instant::now();

    let client = Client::local()?;
    let version = client.get_server()?.environment.server_version;
    let cli_version = Command::new("incus")
        .arg("--version")
        .output()
        .context("the incus command line (is it on PATH?)")?;
    ensure!(cli_version.status.success(), "incus --version failed");
    let cli_version = String::from_utf8_lossy(&cli_version.stdout)
        .trim()
        .to_string();

    let dir = TempDir(PathBuf::from(format!(
        "/tmp/incus-bench-transfer-{}",
        std::process::id()
    )));
    std::fs::create_dir(&dir.0).with_context(|| format!("create {}", dir.0.display()))?;
    let cli = Cli {
        time: Path::new(TIME).exists(),
        dir: dir.0.clone(),
    };

    let name = format!("bench-transfer-{}", std::process::id());
    let mut container = Container::start_busybox(&client, name.clone())?;
    let results = measure(&settings, &client, &cli, &name, &dir.0);
    container.remove()?;
    let results = results?;
    let backups = match settings.backup_len {
        0 => None,
        _ => Some(backup::measure(&settings, &client, &cli, &dir.0)?),
    };
    let images = match settings.image_len {
        0 => None,
        _ => Some(image::measure(&settings, &client, &cli, &dir.0)?),
    };
    let volumes = match settings.volume_len {
        0 => None,
        _ => Some(volume::measure(&settings, &client, &cli, &dir.0)?),
    };
    drop(dir);

    let mib = settings.len / MIB;
    let exec_mib = settings.exec_len / MIB;
    println!(
        "incus {version} (command line {cli_version}); container {name} from busybox; \
         load average at start {}",
        load.split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ")
    );
    println!(
        "crate: one child process per push, pull or output run (this bench re-run), peak RSS \
         = its VmHWM; exec true in this process"
    );
    println!(
        "incus CLI: subprocesses, wall time from spawn to exit, peak RSS from {}",
        if cli.time {
            "/usr/bin/time -f %M"
        } else {
            "VmHWM polled every 5 ms"
        }
    );
    println!(
        "medians of {} push+pull runs per side ({mib} MiB, MB = 10^6 B, content checked both \
         ways), {} crate / {} CLI execs of true ({} warm-up), {} runs per {exec_mib} MiB \
         stdout variant",
        settings.runs,
        settings.exec_runs,
        settings.exec_cli_runs,
        settings.exec_warmup,
        settings.exec_output_runs
    );
    if let Some(backups) = &backups {
        println!("{}", backups.describe());
    }
    if let Some(images) = &images {
        println!("{}", images.describe());
    }
    if let Some(volumes) = &volumes {
        println!("{}", volumes.describe());
    }
    println!();

    let r = &results;
    let ms = |v: &[f64], q| Some(quantile(v, q));
    let mut rows = vec![
        Row::new(
            format!("push {mib} MiB file, MB/s"),
            Some(median_rate(&r.crate_push, settings.len)),
            Some(median_rate(&r.cli_push, settings.len)),
        ),
        Row::new(
            format!("push {mib} MiB, length unknown, MB/s"),
            Some(median_rate(&r.crate_push_chunked, settings.len)),
            None,
        ),
        Row::new(
            format!("push {mib} MiB, hand-written floor, MB/s"),
            Some(median_rate(&r.floor_push, settings.len)),
            None,
        ),
        Row::new(
            format!("pull {mib} MiB file, MB/s"),
            Some(median_rate(&r.crate_pull, settings.len)),
            Some(median_rate(&r.cli_pull, settings.len)),
        ),
        Row::new(
            "push peak RSS, MiB",
            median_rss(&r.crate_push),
            median_rss(&r.cli_push),
        ),
        Row::new(
            "pull peak RSS, MiB",
            median_rss(&r.crate_pull),
            median_rss(&r.cli_pull),
        ),
        Row::new(
            format!("{mib} MiB stdin through wc -c, s"),
            Some(median_secs(&r.crate_stdin)),
            Some(median_secs(&r.cli_stdin)),
        )
        .precision(2),
        Row::new(
            format!("{mib} MiB stdin through wc -c, peak RSS MiB"),
            median_rss(&r.crate_stdin),
            median_rss(&r.cli_stdin),
        ),
        Row::new(
            "exec true, median ms",
            ms(&r.crate_exec_ms, 0.5),
            ms(&r.cli_exec_ms, 0.5),
        ),
        Row::new(
            "exec true, p90 ms",
            ms(&r.crate_exec_ms, 0.9),
            ms(&r.cli_exec_ms, 0.9),
        ),
        Row::new(
            format!("{exec_mib} MiB stdout captured, s"),
            Some(median_secs(&r.captured)),
            None,
        )
        .precision(2),
        Row::new(
            format!("{exec_mib} MiB stdout captured, peak RSS MiB"),
            median_rss(&r.captured),
            None,
        ),
        Row::new(
            format!("{exec_mib} MiB stdout streamed, s"),
            Some(median_secs(&r.streamed)),
            Some(median_secs(&r.cli_streamed)),
        )
        .precision(2),
        Row::new(
            format!("{exec_mib} MiB stdout streamed, peak RSS MiB"),
            median_rss(&r.streamed),
            median_rss(&r.cli_streamed),
        ),
    ];
    rows.extend(backups.iter().flat_map(backup::Results::rows));
    rows.extend(images.iter().flat_map(image::Results::rows));
    rows.extend(volumes.iter().flat_map(backup::Results::rows));
    let cell = |v: Option<f64>, digits: usize| match v {
        Some(v) => format!("{v:.digits$}"),
        None => "-".into(),
    };
    println!("{:<40} {:>10} {:>10}", "measurement", "crate", "incus CLI");
    for Row(label, c, l, digits) in rows {
        println!(
            "{label:<40} {:>10} {:>10}",
            cell(c, digits),
            cell(l, digits)
        );
    }
    println!(
        "(captured: exec_output keeps stdout in memory; streamed: crate into a counting \
         sink, CLI into a pipe this bench counts; total {:.0} s)",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Every measurement against the running container `name`.
fn measure(
    settings: &Settings,
    client: &Client,
    cli: &Cli,
    name: &str,
    dir: &Path,
) -> anyhow::Result<Results> {
    let mut r = Results::default();
    let verbose = settings.verbose;
    let len = settings.len;

    // 1 and 2: push and pull.
    let source = dir.join("source.bin");
    let pulled = dir.join("pulled.bin");
    {
        let mut out = BufWriter::with_capacity(1 << 20, File::create(&source)?);
        io::copy(&mut Pattern { offset: 0, len }, &mut out)?;
        out.into_inner()?.sync_all()?;
    }
    let (source_arg, pulled_arg) = (path_str(&source)?, path_str(&pulled)?);
    let remote = format!("{name}{CLI_FILE}");
    for round in 0..settings.runs {
        for crate_side in order(round) {
            if crate_side {
                let floor = crate_run("push-floor", name, len)?;
                r.floor_push.push(floor);
                let chunked = crate_run("push-chunked", name, len)?;
                let push = crate_run("push", name, len)?;
                let pull = crate_run("pull", name, len)?;
                if verbose {
                    println!(
                        "  run {round} crate push {push:?} (chunked {chunked:?}) pull {pull:?}"
                    );
                }
                let stdin = crate_run("stdin", name, len)?;
                if verbose {
                    println!("  run {round} crate stdin {stdin:?}");
                }
                r.crate_stdin.push(stdin);
                r.crate_push_chunked.push(chunked);
                r.crate_push.push(push);
                r.crate_pull.push(pull);
            } else {
                let push = cli.run(&["file", "push", source_arg, &remote], true, None, None)?;
                let _ = std::fs::remove_file(&pulled);
                let pull = cli.run(&["file", "pull", &remote, pulled_arg], true, None, None)?;
                let mut check = Verifier::new();
                io::copy(&mut File::open(&pulled)?, &mut check)
                    .context("checking the file incus pulled")?;
                check.finish(len)?;
                std::fs::remove_file(&pulled)?;
                if verbose {
                    println!("  run {round} CLI   push {push:?} pull {pull:?}");
                }
                r.cli_push.push(push);
                r.cli_pull.push(pull);
                let mut count = Vec::new();
                let wc = ["exec", "-T", name, "--", "wc", "-c"];
                let stdin = cli.run(&wc, true, Some(&source), Some(&mut count))?;
                check_count(&count, len)?;
                if verbose {
                    println!("  run {round} CLI   stdin {stdin:?}");
                }
                r.cli_stdin.push(stdin);
            }
        }
    }
    std::fs::remove_file(&source)?;
    // Free the container's disk before the exec runs.
    client.delete_instance_file(name, CRATE_FILE)?;
    client.delete_instance_file(name, CLI_FILE)?;

    // 3: exec round trip.
    for _ in 0..settings.exec_warmup {
        exec_true(client, name)?;
    }
    for _ in 0..settings.exec_runs {
        let started = Instant::now();
        exec_true(client, name)?;
        r.crate_exec_ms.push(started.elapsed().as_secs_f64() * 1e3);
    }
    for _ in 0..settings.exec_cli_runs {
        let run = cli.run(&["exec", "-T", name, "--", "true"], false, None, None)?;
        r.cli_exec_ms.push(run.secs * 1e3);
    }
    if verbose {
        println!("  exec true crate ms {:.1?}", r.crate_exec_ms);
        println!("  exec true CLI ms {:.1?}", r.cli_exec_ms);
    }

    // 4: 100 MiB of stdout.
    let exec_len = settings.exec_len;
    let command = format!("head -c {exec_len} /dev/zero");
    for round in 0..settings.exec_output_runs {
        for crate_side in order(round) {
            if crate_side {
                let captured = crate_run("captured", name, exec_len)?;
                let streamed = crate_run("streamed", name, exec_len)?;
                if verbose {
                    println!("  run {round} crate captured {captured:?} streamed {streamed:?}");
                }
                r.captured.push(captured);
                r.streamed.push(streamed);
            } else {
                let mut sink = Zeros::default();
                let run = cli.run(
                    &["exec", "-T", name, "--", "sh", "-c", &command],
                    true,
                    None,
                    Some(&mut sink),
                )?;
                sink.check(exec_len)?;
                if verbose {
                    println!("  run {round} CLI   streamed {run:?}");
                }
                r.cli_streamed.push(run);
            }
        }
    }
    Ok(r)
}

/// The MiB setting `name` of an optional section, in bytes (`default` MiB
/// when unset); `0` skips the section.
fn section_len(name: &str, default: u64) -> anyhow::Result<u64> {
    match std::env::var(name) {
        Ok(v) if v.trim() == "0" => Ok(0),
        _ => Ok(env_count(name, default)? * MIB),
    }
}

/// Whether the crate goes first, then second, in run `round`: the order
/// flips every run.
fn order(round: u64) -> [bool; 2] {
    let crate_first = round % 2 == 0;
    [crate_first, !crate_first]
}

fn exec_true(client: &Client, name: &str) -> anyhow::Result<()> {
    let out = client.exec_output(name, ["true"])?;
    ensure!(out.exit_code == 0, "true exited {}", out.exit_code);
    Ok(())
}

fn path_str(path: &Path) -> anyhow::Result<&str> {
    path.to_str()
        .ok_or_else(|| anyhow!("{} is not UTF-8", path.display()))
}

/// Runs `command` (not timed), failing with its stderr.
fn run(command: &mut Command) -> anyhow::Result<()> {
    let out = command.stdin(Stdio::null()).output()?;
    ensure!(
        out.status.success(),
        "{command:?}: {}",
        String::from_utf8_lossy(&out.stderr).trim()
    );
    Ok(())
}
