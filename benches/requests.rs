//! Time per request of a few crate calls against a hand-written floor.
//!
//! Run with `scripts/bench` (release mode, against the sandbox daemon), or
//! `cargo bench --bench requests` with `INCUS_SOCKET` set.
//!
//! For each endpoint the crate call and the floor run in the same process
//! against the same daemon. The floor is a keep-alive HTTP/1.1 loop over one
//! `UnixStream`: it writes a fixed request, reads the status line, the
//! headers and the body (Content-Length or chunked, whichever the daemon
//! sends) and decodes the body with `serde_json::from_slice::<Value>`.
//!
//! After a warm-up, rounds alternate crate and floor (the order flips every
//! round) so that drift in the daemon or the machine hits both alike; the
//! table shows the median across rounds of the mean time per request, and
//! beside it the median CPU time this process itself spent per request (from
//! `/proc/thread-self/schedstat`): the client-side cost, free of the
//! daemon's noise.
//!
//! Settings (environment):
//! - `BENCH_ROUNDS`   rounds per endpoint (default 20)
//! - `BENCH_REQUESTS` requests per side per round (default 200)
//! - `BENCH_WARMUP`   warm-up requests per side per endpoint (default 50)
//! - `BENCH_VERBOSE`  set to 1 to print every round's numbers

mod common;

use common::{env_count, median};

use std::hint::black_box;
use std::io::{BufRead, BufReader, Read, Write};
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, anyhow, ensure};

/// How the daemon framed a reply body.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Framing {
    Length,
    Chunked,
}

impl Framing {
    fn name(self) -> &'static str {
        match self {
            Framing::Length => "content-length",
            Framing::Chunked => "chunked",
        }
    }
}

/// The floor: raw HTTP/1.1 over one reused unix-socket connection.
struct Floor {
    path: PathBuf,
    reader: BufReader<UnixStream>,
    line: String,
    body: Vec<u8>,
    /// Connections opened after the first one (the daemon closed ours).
    reconnects: u32,
}

impl Floor {
    fn connect(path: &Path) -> anyhow::Result<Floor> {
        Ok(Floor {
            path: path.to_path_buf(),
            reader: BufReader::with_capacity(64 * 1024, Floor::dial(path)?),
            line: String::new(),
            body: Vec::with_capacity(64 * 1024),
            reconnects: 0,
        })
    }

    fn dial(path: &Path) -> anyhow::Result<UnixStream> {
        UnixStream::connect(path).with_context(|| format!("connect to {}", path.display()))
    }

    /// Reads one CRLF-terminated line into `self.line` (without the CRLF).
    fn read_line(&mut self) -> anyhow::Result<()> {
        self.line.clear();
        let n = self.reader.read_line(&mut self.line)?;
        ensure!(n > 0, "connection closed by the daemon");
        ensure!(
            self.line.ends_with("\r\n"),
            "line without CRLF: {:?}",
            self.line
        );
        self.line.truncate(self.line.len() - 2);
        Ok(())
    }

    /// Sends `request` and reads the whole reply; returns how it was framed.
    /// The body is left in `self.body`.
    fn exchange(&mut self, request: &[u8]) -> anyhow::Result<Framing> {
        self.reader.get_mut().write_all(request)?;

        self.read_line()?;
        let status = self.line.split(' ').nth(1).unwrap_or_default();
        ensure!(
            self.line.starts_with("HTTP/1.1 ") && status == "200",
            "unexpected status line {:?}",
            self.line
        );
        let mut length = None;
        let mut chunked = false;
        let mut close = false;
        loop {
            self.read_line()?;
            if self.line.is_empty() {
                break;
            }
            let (name, value) = self
                .line
                .split_once(':')
                .ok_or_else(|| anyhow!("bad header line {:?}", self.line))?;
            let value = value.trim();
            if name.eq_ignore_ascii_case("content-length") {
                length = Some(value.parse::<usize>()?);
            } else if name.eq_ignore_ascii_case("transfer-encoding") {
                ensure!(
                    value.eq_ignore_ascii_case("chunked"),
                    "transfer-encoding {value:?}"
                );
                chunked = true;
            } else if name.eq_ignore_ascii_case("connection") {
                close = value.eq_ignore_ascii_case("close");
            }
        }

        self.body.clear();
        let framing = if chunked {
            loop {
                self.read_line()?;
                let size = self.line.split(';').next().unwrap_or_default().trim();
                let size = usize::from_str_radix(size, 16)
                    .with_context(|| format!("bad chunk size line {:?}", self.line))?;
                if size == 0 {
                    // Trailers, then the empty line that ends the message.
                    loop {
                        self.read_line()?;
                        if self.line.is_empty() {
                            break;
                        }
                    }
                    break;
                }
                let start = self.body.len();
                self.body.resize(start + size, 0);
                self.reader.read_exact(&mut self.body[start..])?;
                self.read_line()?;
                ensure!(self.line.is_empty(), "chunk not followed by CRLF");
            }
            Framing::Chunked
        } else {
            let length = length.ok_or_else(|| anyhow!("reply with neither length nor chunks"))?;
            self.body.resize(length, 0);
            self.reader.read_exact(&mut self.body)?;
            Framing::Length
        };

        if close {
            self.reader = BufReader::with_capacity(64 * 1024, Floor::dial(&self.path)?);
            self.reconnects += 1;
        }
        Ok(framing)
    }

    /// One floor request: exchange, then decode the body as JSON.
    fn get(&mut self, request: &[u8]) -> anyhow::Result<Framing> {
        let framing = self.exchange(request)?;
        let value: serde_json::Value = serde_json::from_slice(&self.body)?;
        ensure!(value["type"] == "sync", "not a sync reply");
        black_box(&value);
        Ok(framing)
    }
}

struct Row {
    label: &'static str,
    crate_us: f64,
    floor_us: f64,
    /// Median client CPU µs per request, crate and floor.
    cpu: Option<(f64, f64)>,
    framing: Framing,
    size: usize,
}

type CrateCall = fn(&incus::Client) -> anyhow::Result<()>;

struct Endpoint {
    label: &'static str,
    path: &'static str,
    call: CrateCall,
}

const ENDPOINTS: [Endpoint; 3] = [
    Endpoint {
        label: "GET /1.0",
        path: "/1.0",
        call: |c| {
            black_box(c.get_server()?);
            Ok(())
        },
    },
    Endpoint {
        label: "GET /1.0/profiles/default",
        path: "/1.0/profiles/default",
        call: |c| {
            black_box(c.get_profile("default")?);
            Ok(())
        },
    },
    Endpoint {
        label: "GET /1.0/profiles?recursion=1",
        path: "/1.0/profiles?recursion=1",
        call: |c| {
            black_box(c.list_profiles(None)?);
            Ok(())
        },
    },
];

/// The socket `incus::Client::local()` uses, for the floor.
fn socket_path() -> PathBuf {
    let env = |name| std::env::var_os(name).filter(|v| !v.is_empty());
    if let Some(socket) = env("INCUS_SOCKET") {
        return socket.into();
    }
    if let Some(dir) = env("INCUS_DIR") {
        return Path::new(&dir).join("unix.socket");
    }
    let run = Path::new("/run/incus/unix.socket");
    if run.exists() {
        return run.into();
    }
    "/var/lib/incus/unix.socket".into()
}

/// Nanoseconds this thread has spent on a CPU (user + system), from
/// `/proc/thread-self/schedstat`; `None` where the kernel does not keep it.
fn thread_cpu_ns() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    text.split_whitespace().next()?.parse().ok()
}

/// One side's timing for one round: mean µs per request, wall clock and
/// this process's own CPU time (the daemon's work is not in the latter).
struct Sample {
    wall_us: f64,
    cpu_us: Option<f64>,
}

/// Times `n` calls of `f`.
fn time_us(n: usize, mut f: impl FnMut() -> anyhow::Result<()>) -> anyhow::Result<Sample> {
    let cpu = thread_cpu_ns();
    let started = Instant::now();
    for _ in 0..n {
        f()?;
    }
    let wall_us = started.elapsed().as_secs_f64() * 1e6 / n as f64;
    let cpu_us = match (cpu, thread_cpu_ns()) {
        (Some(a), Some(b)) => Some(b.saturating_sub(a) as f64 / 1e3 / n as f64),
        _ => None,
    };
    Ok(Sample { wall_us, cpu_us })
}

fn main() -> anyhow::Result<()> {
    let rounds = env_count("BENCH_ROUNDS", 20)? as usize;
    let requests = env_count("BENCH_REQUESTS", 200)? as usize;
    let warmup = env_count("BENCH_WARMUP", 50)? as usize;
    let verbose = std::env::var("BENCH_VERBOSE").is_ok_and(|v| v == "1");

    let socket = socket_path();
    let client = incus::Client::local()?;
    let version = client.get_server()?.environment.server_version;
    // Dial the floor only now, and send on it at once: incusd's unix-socket
    // listener peeks at the first bytes of each connection inside Accept (to
    // spot STARTTLS), so while one new connection stays silent no later one
    // is served. Dialled before the crate's first request, the floor's idle
    // socket made that request time out after 60 s.
    let mut floor = Floor::connect(&socket)?;
    floor.get(b"GET /1.0 HTTP/1.1\r\nHost: unix.socket\r\nUser-Agent: bench\r\n\r\n")?;

    println!(
        "incus {version} at {}; {rounds} rounds x {requests} requests per side, \
         {warmup} warm-up; median of per-round means",
        socket.display()
    );
    println!(
        "crate: incus::Client::local() (ureq 3, pooled keep-alive), replies decoded into the \
         crate's typed models"
    );
    println!(
        "floor: hand-written HTTP/1.1 over one reused UnixStream, body decoded with \
         serde_json::from_slice::<serde_json::Value>"
    );
    println!();

    let mut rows = Vec::new();
    for endpoint in &ENDPOINTS {
        let request = format!(
            "GET {} HTTP/1.1\r\nHost: unix.socket\r\nUser-Agent: bench\r\n\
             Accept: application/json\r\n\r\n",
            endpoint.path
        );
        let request = request.as_bytes();
        let mut framing = None;
        for _ in 0..warmup {
            (endpoint.call)(&client)?;
            framing = Some(floor.get(request)?);
        }
        let framing = framing.expect("at least one warm-up request");

        let mut crate_us = Vec::with_capacity(rounds);
        let mut floor_us = Vec::with_capacity(rounds);
        let mut crate_cpu = Vec::with_capacity(rounds);
        let mut floor_cpu = Vec::with_capacity(rounds);
        for round in 0..rounds {
            let run_crate = || time_us(requests, || (endpoint.call)(&client));
            let mut run_floor = || {
                time_us(requests, || {
                    let seen = floor.get(request)?;
                    ensure!(
                        seen == framing,
                        "framing changed from {framing:?} to {seen:?}"
                    );
                    Ok(())
                })
            };
            let (c, f) = if round % 2 == 0 {
                let c = run_crate()?;
                (c, run_floor()?)
            } else {
                let f = run_floor()?;
                (run_crate()?, f)
            };
            if verbose {
                println!(
                    "  {:<29} round {round:>2}: crate {:>8.1} µs  floor {:>8.1} µs  {:.3}   \
                     cpu crate {:>6.1} floor {:>6.1}",
                    endpoint.label,
                    c.wall_us,
                    f.wall_us,
                    c.wall_us / f.wall_us,
                    c.cpu_us.unwrap_or(f64::NAN),
                    f.cpu_us.unwrap_or(f64::NAN),
                );
            }
            crate_us.push(c.wall_us);
            floor_us.push(f.wall_us);
            crate_cpu.extend(c.cpu_us);
            floor_cpu.extend(f.cpu_us);
        }
        let cpu = (crate_cpu.len() == rounds && floor_cpu.len() == rounds)
            .then(|| (median(&crate_cpu), median(&floor_cpu)));
        rows.push(Row {
            label: endpoint.label,
            crate_us: median(&crate_us),
            floor_us: median(&floor_us),
            cpu,
            framing,
            size: floor.body.len(),
        });
    }

    if verbose {
        println!();
    }
    println!(
        "{:<29} {:>9} {:>10} {:>7}   {:>9} {:>9}   reply body",
        "endpoint", "crate µs", "floor µs", "ratio", "crate cpu", "floor cpu"
    );
    for row in rows {
        let (cc, fc) = match row.cpu {
            Some((c, f)) => (format!("{c:.1}"), format!("{f:.1}")),
            None => ("-".into(), "-".into()),
        };
        println!(
            "{:<29} {:>9.1} {:>10.1} {:>7.3}   {cc:>9} {fc:>9}   {} B, {}",
            row.label,
            row.crate_us,
            row.floor_us,
            row.crate_us / row.floor_us,
            row.size,
            row.framing.name()
        );
    }
    println!(
        "(µs: wall time per request; cpu: this process's own CPU µs per request, \
         i.e. client-side cost without the daemon's)"
    );
    if floor.reconnects > 0 {
        println!(
            "note: the daemon closed the floor's connection {} times (reconnect time included)",
            floor.reconnects
        );
    }
    Ok(())
}
