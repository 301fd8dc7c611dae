//! Load and soak: many threads sharing one `Client`, then a long run that
//! must leave open file descriptors and memory where they started.
//!
//! Run with `scripts/bench` (release mode, against the sandbox daemon), or
//! `cargo bench --bench load` with `INCUS_SOCKET` set. It exits non-zero if
//! any request fails or the soak finds a leak.
//!
//! Every thread holds a clone of ONE `Client` (one shared pool of keep-alive
//! connections) and cycles through the same mix of 20 requests, each thread
//! starting at another place in it: 3 `get_server`, 3
//! `list_instance_names`, 2 `list_profiles`, 3 `get_profile("default")`, 2
//! `list_operations`, 3 `list_storage_pool_names`, 2 `get_instance_state` of
//! a running busybox container the bench starts, and one write counted as two
//! requests: `get_profile_with_etag` then `update_profile` with that ETag on
//! a profile of the thread's own (made by the bench; one per thread so that
//! ETags never race and every write must succeed).
//!
//! 1. Load: `LOAD_THREADS` threads x `LOAD_REQUESTS` requests at once;
//!    requests per second, and every distinct error with its count (there
//!    must be none).
//! 2. Scaling: `LOAD_SCALE_REQUESTS` requests split over 1, 2, 4, 8 and 16
//!    threads (up to `LOAD_THREADS`), `LOAD_SCALE_ROUNDS` rounds (the order
//!    of thread counts flips every round), median requests per second, and
//!    the ratio 8 threads / 1 thread. Beside each: the CPU this process and
//!    incusd (`/proc/<server_pid>/stat`, its ended child processes
//!    included) used, and how busy the whole machine was (`/proc/stat`), in
//!    percent of one core (incusd's also in CPU ms per request), so that a
//!    ceiling can be placed: the client, the daemon, or the machine. Then this process's peak RSS (`VmHWM`).
//! 3. Soak: `SOAK_THREADS` threads run `SOAK_REQUESTS` requests of the same
//!    mix while one more thread creates, starts, force-stops and deletes
//!    `SOAK_CONTAINERS` busybox containers (image alias `busybox`), waiting
//!    for each operation. Open file descriptors (`/proc/self/fd`) and
//!    `VmRSS` are printed after a warm-up (the start), every
//!    `SOAK_CHECKPOINT` requests (all threads stop at a barrier, so no
//!    request is in flight) and at the end. The bench fails if the end
//!    exceeds the start by more than `SOAK_FD_MARGIN` descriptors or
//!    `SOAK_RSS_MIB` MiB. The soak has a `Client` of its own, so the load
//!    phase's idle connections are a constant in its fd counts.
//!
//! The bench deletes its container and profiles when it ends (also when a
//! phase fails; not when it is killed). Names start with `bench-load-<pid>`.
//!
//! Settings (environment):
//! - `LOAD_THREADS`        threads of the load phase (default 16)
//! - `LOAD_REQUESTS`       requests per thread in the load phase (default 1000)
//! - `LOAD_SCALE_REQUESTS` requests per thread count and round (default 1000)
//! - `LOAD_SCALE_ROUNDS`   rounds of the scaling phase (default 3)
//! - `SOAK_THREADS`        request threads of the soak (default 4)
//! - `SOAK_REQUESTS`       requests of the soak (default 10000)
//! - `SOAK_CONTAINERS`     containers made and deleted in the soak (default 100)
//! - `SOAK_CHECKPOINT`     requests between readings (default 2000)
//! - `SOAK_FD_MARGIN`      descriptors the end may exceed the start by (default 8)
//! - `SOAK_RSS_MIB`        MiB the end's RSS may exceed the start's by (default 4)
//! - `BENCH_VERBOSE`       set to 1 to print every scaling run

mod common;

use common::{Container, env_count, median};

use std::collections::BTreeMap;
use std::hint::black_box;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, bail, ensure};
use incus::Client;
use incus::models::{InstanceStatePut, ProfilePut, ProfilesPost};

const WAIT: Duration = Duration::from_secs(120);
const MIB: u64 = 1 << 20;

/// One step of the mix.
#[derive(Clone, Copy, Debug)]
enum Op {
    Server,
    InstanceNames,
    Profiles,
    DefaultProfile,
    Operations,
    PoolNames,
    InstanceState,
    /// `get_profile_with_etag` + `update_profile`: two requests.
    ProfileWrite,
}

use Op::*;

/// The mix: 20 requests (the write counts two), reads spread out.
const MIX: [Op; 19] = [
    Server,
    InstanceNames,
    DefaultProfile,
    PoolNames,
    Profiles,
    InstanceState,
    Operations,
    Server,
    DefaultProfile,
    ProfileWrite,
    InstanceNames,
    PoolNames,
    Server,
    Profiles,
    InstanceState,
    DefaultProfile,
    Operations,
    InstanceNames,
    PoolNames,
];

/// What the threads share: the client, the bench's objects, the errors.
struct Bench {
    client: Client,
    /// The running container `get_instance_state` reads.
    container: String,
    /// One profile per thread, for the writes.
    profiles: Vec<String>,
    /// Distinct error text (prefixed by the step) and how often it came.
    errors: Mutex<BTreeMap<String, u64>>,
    /// Counts the writes, so each one changes the profile.
    writes: AtomicU64,
}

impl Bench {
    fn step(&self, client: &Client, op: Op, thread: usize) -> incus::Result<()> {
        match op {
            Server => drop(black_box(client.get_server()?)),
            InstanceNames => drop(black_box(client.list_instance_names(None)?)),
            Profiles => drop(black_box(client.list_profiles(None)?)),
            DefaultProfile => drop(black_box(client.get_profile("default")?)),
            Operations => drop(black_box(client.list_operations(None)?)),
            PoolNames => drop(black_box(client.list_storage_pool_names(None)?)),
            InstanceState => drop(black_box(client.get_instance_state(&self.container)?)),
            ProfileWrite => {
                let name = &self.profiles[thread];
                let (_, etag) = client.get_profile_with_etag(name)?;
                let n = self.writes.fetch_add(1, Ordering::Relaxed);
                let mut put = ProfilePut::default();
                put.config.insert("user.bench".into(), n.to_string());
                client.update_profile(name, &put, Some(&etag))?;
            }
        }
        Ok(())
    }

    /// Runs the mix on thread `thread`'s clone until `requests` requests
    /// have been sent; returns how many were (a write may end one over).
    fn run(&self, thread: usize, requests: u64) -> u64 {
        let client = self.client.clone();
        let mut done = 0;
        let mut i = thread * 7;
        while done < requests {
            let op = MIX[i % MIX.len()];
            i += 1;
            if let Err(e) = self.step(&client, op, thread) {
                self.error(format!("{op:?}: {e}"));
            }
            done += if let ProfileWrite = op { 2 } else { 1 };
        }
        done
    }

    fn error(&self, text: String) {
        *self.errors.lock().unwrap().entry(text).or_default() += 1;
    }

    fn error_count(&self) -> u64 {
        self.errors.lock().unwrap().values().sum()
    }

    /// Runs `requests` requests split over `threads` threads at once;
    /// returns the count sent and what the run cost.
    fn burst(&self, threads: usize, requests: u64) -> (u64, Usage) {
        let share = |t: usize| {
            requests / threads as u64 + u64::from((t as u64) < requests % threads as u64)
        };
        let usage = Usage::start(self.daemon_pid());
        let sent = std::thread::scope(|s| {
            let handles: Vec<_> = (0..threads)
                .map(|t| s.spawn(move || self.run(t, share(t))))
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).sum()
        });
        (sent, usage.finish(self.daemon_pid()))
    }

    fn daemon_pid(&self) -> Option<u32> {
        DAEMON_PID.get().copied().flatten()
    }
}

static DAEMON_PID: std::sync::OnceLock<Option<u32>> = std::sync::OnceLock::new();

/// Deletes the bench's profiles when dropped.
struct Cleanup<'a>(&'a Bench);

impl Drop for Cleanup<'_> {
    fn drop(&mut self) {
        let b = self.0;
        for name in &b.profiles {
            if let Err(e) = b.client.delete_profile(name) {
                if !e.is_not_found() {
                    eprintln!("load: could not delete profile {name}: {e}");
                }
            }
        }
    }
}

/// CPU time and wall clock of one run, from `/proc`.
struct Usage {
    started: Instant,
    own: u64,
    daemon: Option<u64>,
    machine: Option<(u64, u64)>,
    wall: Duration,
}

/// Clock ticks per second of `/proc` CPU times (USER_HZ, 100 on Linux).
const HZ: f64 = 100.0;

impl Usage {
    fn start(daemon: Option<u32>) -> Usage {
        Usage {
            started: Instant::now(),
            own: cpu_ticks("self").unwrap_or(0),
            daemon: daemon.and_then(|pid| cpu_ticks(&pid.to_string())),
            machine: machine_ticks(),
            wall: Duration::ZERO,
        }
    }

    fn finish(self, daemon: Option<u32>) -> Usage {
        let wall = self.started.elapsed();
        let diff = |a: Option<u64>, b: Option<u64>| Some(b?.saturating_sub(a?));
        let machine = match (self.machine, machine_ticks()) {
            (Some((busy0, all0)), Some((busy1, all1))) => Some((busy1 - busy0, all1 - all0)),
            _ => None,
        };
        Usage {
            own: cpu_ticks("self").unwrap_or(0).saturating_sub(self.own),
            daemon: diff(
                self.daemon,
                daemon.and_then(|pid| cpu_ticks(&pid.to_string())),
            ),
            machine,
            wall,
            ..self
        }
    }

    /// Percent of one core: this process, incusd, the whole machine.
    fn percents(&self) -> (f64, Option<f64>, Option<f64>) {
        let pct = |ticks: u64| ticks as f64 / HZ / self.wall.as_secs_f64() * 100.0;
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get()) as f64;
        (
            pct(self.own),
            self.daemon.map(pct),
            self.machine
                .map(|(busy, all)| busy as f64 / all.max(1) as f64 * 100.0 * cores),
        )
    }

    fn describe(&self) -> String {
        let (own, daemon, machine) = self.percents();
        let opt = |v: Option<f64>| v.map_or("-".into(), |v| format!("{v:.0}%"));
        format!(
            "CPU: client {own:.0}%, incusd {}, machine {} (of {}00%)",
            opt(daemon),
            opt(machine),
            std::thread::available_parallelism().map_or(1, |n| n.get())
        )
    }
}

/// CPU clock ticks of `/proc/<pid>/stat`: utime + stime, and cutime +
/// cstime (its children that ended: incusd runs a child process, a
/// re-exec of itself, for each `get_instance_state` of a running
/// container, costing it several times its own CPU for the request).
fn cpu_ticks(pid: &str) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // Fields after the command name (which may hold spaces) in parentheses.
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    (11..15).map(|i| fields.get(i)?.parse::<u64>().ok()).sum()
}

/// (busy, total) clock ticks of all CPUs, from the first line of `/proc/stat`.
fn machine_ticks() -> Option<(u64, u64)> {
    let stat = std::fs::read_to_string("/proc/stat").ok()?;
    let ticks: Vec<u64> = stat
        .lines()
        .next()?
        .split_whitespace()
        .skip(1)
        .map(|v| v.parse().unwrap_or(0))
        .collect();
    let total: u64 = ticks.iter().sum();
    // idle and iowait are the 4th and 5th.
    let idle = ticks.get(3)? + ticks.get(4).unwrap_or(&0);
    Some((total - idle, total))
}

/// A `kB` field of `/proc/self/status` (`VmRSS`, `VmHWM`), in KiB.
fn status_kib(field: &str) -> anyhow::Result<u64> {
    let status = std::fs::read_to_string("/proc/self/status")?;
    let line = status
        .lines()
        .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
        .with_context(|| format!("no {field} in /proc/self/status"))?;
    Ok(line.trim().trim_end_matches("kB").trim().parse()?)
}

/// Open file descriptors of this process.
fn fd_count() -> anyhow::Result<u64> {
    Ok(std::fs::read_dir("/proc/self/fd")?.count() as u64)
}

fn main() -> anyhow::Result<()> {
    let load_threads = env_count("LOAD_THREADS", 16)? as usize;
    let load_requests = env_count("LOAD_REQUESTS", 1000)?;
    let scale_requests = env_count("LOAD_SCALE_REQUESTS", 1000)?;
    let scale_rounds = env_count("LOAD_SCALE_ROUNDS", 3)? as usize;
    let soak_threads = env_count("SOAK_THREADS", 4)? as usize;
    let verbose = std::env::var("BENCH_VERBOSE").is_ok_and(|v| v == "1");

    let client = Client::local()?;
    let server = client.get_server()?;
    let pid = u32::try_from(server.environment.server_pid)
        .ok()
        .filter(|&p| p > 0);
    DAEMON_PID.get_or_init(|| pid.filter(|p| cpu_ticks(&p.to_string()).is_some()));

    let prefix = format!("bench-load-{}", std::process::id());
    let bench = Bench {
        client,
        container: prefix.clone(),
        profiles: (0..load_threads.max(soak_threads))
            .map(|t| format!("{prefix}-{t}"))
            .collect(),
        errors: Mutex::default(),
        writes: AtomicU64::new(0),
    };
    let _cleanup = Cleanup(&bench);
    for name in &bench.profiles {
        bench.client.create_profile(&ProfilesPost {
            name: name.clone(),
            description: "incus crate load bench".into(),
            ..Default::default()
        })?;
    }
    // Dropped before `_cleanup`: the container goes first, then the profiles.
    let _container = Container::start_busybox(&bench.client, bench.container.clone())?;

    println!(
        "incus {} at {}; nproc {}; load average {}",
        server.environment.server_version,
        std::env::var("INCUS_SOCKET").unwrap_or_else(|_| "(default socket)".into()),
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        std::fs::read_to_string("/proc/loadavg")
            .unwrap_or_default()
            .split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" "),
    );
    println!(
        "mix of 20: 3 get_server, 3 list_instance_names, 2 list_profiles, 3 get_profile, 2 list_operations, 3 list_storage_pool_names, 2 get_instance_state, 1 write (get_profile_with_etag + update_profile)"
    );
    println!();

    let mut failures = Vec::new();

    // 1. Load.
    bench.burst(load_threads, 200);
    let (sent, usage) = bench.burst(load_threads, load_requests * load_threads as u64);
    println!(
        "load: {load_threads} threads x {load_requests} requests, one shared Client: {sent} requests in {:.2} s = {:.0} requests/s, {} errors; {}",
        usage.wall.as_secs_f64(),
        sent as f64 / usage.wall.as_secs_f64(),
        bench.error_count(),
        usage.describe(),
    );
    if take_errors(&bench, "load") {
        failures.push("the load phase had errors".to_string());
    }

    // 2. Scaling.
    let counts: Vec<usize> = [1, 2, 4, 8, 16]
        .into_iter()
        .filter(|&t| t <= load_threads)
        .collect();
    // Per thread count, per run: requests/s and the percents of Usage.
    let mut runs: BTreeMap<usize, Vec<[Option<f64>; 5]>> = BTreeMap::new();
    for round in 0..scale_rounds {
        let mut order = counts.clone();
        if round % 2 == 1 {
            order.reverse();
        }
        for &t in &order {
            let (sent, usage) = bench.burst(t, scale_requests);
            let rate = sent as f64 / usage.wall.as_secs_f64();
            if verbose {
                println!(
                    "  round {round} {t:>2} threads: {rate:>6.0} requests/s; {}",
                    usage.describe()
                );
            }
            let (own, daemon, machine) = usage.percents();
            // incusd's CPU ms per request: % of a core / (requests/s) * 10.
            let per_request = daemon.map(|d| d * 10.0 / rate);
            runs.entry(t)
                .or_default()
                .push([Some(rate), Some(own), daemon, per_request, machine]);
        }
    }
    // The median of column `i` over a thread count's runs.
    let column = |t: usize, i: usize| -> Option<f64> {
        let values: Option<Vec<f64>> = runs[&t].iter().map(|r| r[i]).collect();
        values.map(|v| median(&v))
    };
    println!();
    println!(
        "scaling: {scale_requests} requests per run, {scale_rounds} rounds, medians; CPU in % of one core, incusd also in ms per request"
    );
    println!(
        "{:>7} {:>11} {:>8}   {:>7} {:>7} {:>7} {:>8}",
        "threads", "requests/s", "vs 1", "client", "incusd", "ms/req", "machine"
    );
    let one = column(1, 0).unwrap_or(f64::NAN);
    for &t in runs.keys() {
        let rate = column(t, 0).unwrap_or(f64::NAN);
        let opt =
            |i: usize, digits: usize| column(t, i).map_or("-".into(), |v| format!("{v:.digits$}"));
        println!(
            "{t:>7} {rate:>11.0} {:>7.2}x   {:>7} {:>7} {:>7} {:>8}",
            rate / one,
            opt(1, 0),
            opt(2, 0),
            opt(3, 2),
            opt(4, 0),
        );
    }
    if runs.contains_key(&8) {
        let ratio = column(8, 0).unwrap_or(f64::NAN) / one;
        println!(
            "8 threads / 1 thread: {ratio:.3}x (target >= 1.6x on two cores: {})",
            if ratio >= 1.6 { "met" } else { "NOT met" }
        );
    }
    if take_errors(&bench, "scaling") {
        failures.push("the scaling phase had errors".to_string());
    }
    println!(
        "peak RSS (VmHWM) after load and scaling: {} KiB",
        status_kib("VmHWM")?
    );
    println!();

    // 3. Soak.
    if let Err(e) = soak(&bench) {
        failures.push(format!("{e:#}"));
    }
    drop(_cleanup);
    if !failures.is_empty() {
        bail!("load: {}", failures.join("; "));
    }
    Ok(())
}

/// Prints the errors seen since the last call and forgets them; whether
/// there were any.
fn take_errors(bench: &Bench, phase: &str) -> bool {
    let errors = std::mem::take(&mut *bench.errors.lock().unwrap());
    for (text, n) in &errors {
        println!("  {phase} error x{n}: {text}");
    }
    !errors.is_empty()
}

fn soak(bench: &Bench) -> anyhow::Result<()> {
    let threads = env_count("SOAK_THREADS", 4)? as usize;
    let requests = env_count("SOAK_REQUESTS", 10_000)?;
    let containers = env_count("SOAK_CONTAINERS", 100)?;
    let checkpoint = env_count("SOAK_CHECKPOINT", 2000)?.min(requests);
    let fd_margin = std::env::var("SOAK_FD_MARGIN")
        .ok()
        .filter(|v| !v.trim().is_empty())
        .map_or(Ok(8), |v| v.trim().parse::<u64>())
        .context("SOAK_FD_MARGIN is not a count")?;
    let rss_mib = env_count("SOAK_RSS_MIB", 4)?;
    // A client of its own: the load phase's pool (idle connections up to
    // its thread count) stays apart and open, the same at every reading.
    let bench = &Bench {
        client: Client::local()?,
        container: bench.container.clone(),
        profiles: bench.profiles.clone(),
        errors: Mutex::default(),
        writes: AtomicU64::new(0),
    };

    let segments = requests.div_ceil(checkpoint);
    // Segment 0 is the warm-up: a tenth of a checkpoint and one container.
    let seg_requests = |seg: u64| match seg {
        0 => checkpoint / 10,
        s => checkpoint.min(requests - (s - 1) * checkpoint),
    };
    let seg_containers = |seg: u64| match seg {
        0 => 1,
        s => containers * s / segments - containers * (s - 1) / segments,
    };
    println!(
        "soak: {requests} requests of the mix on {threads} threads, while one more thread creates, starts, force-stops and deletes {containers} busybox containers; readings when every thread waits at a barrier"
    );
    println!(
        "{:>9} {:>10} {:>4} {:>10} {:>8}",
        "requests", "containers", "fds", "VmRSS KiB", "seconds"
    );

    let barrier = std::sync::Barrier::new(threads + 2);
    let started = Instant::now();
    let mut readings = Vec::new();
    std::thread::scope(|s| -> anyhow::Result<()> {
        for t in 0..threads {
            let barrier = &barrier;
            s.spawn(move || {
                for seg in 0..=segments {
                    let n = seg_requests(seg);
                    let share = n / threads as u64 + u64::from((t as u64) < n % threads as u64);
                    bench.run(t, share);
                    barrier.wait();
                    barrier.wait();
                }
            });
        }
        {
            let barrier = &barrier;
            s.spawn(move || {
                let client = bench.client.clone();
                let mut made = 0;
                for seg in 0..=segments {
                    for _ in 0..seg_containers(seg) {
                        let name = format!("{}-soak-{made}", bench.container);
                        made += 1;
                        // On an error the container is removed when dropped.
                        let result = Container::start_busybox(&client, name.clone()).and_then(
                            |mut container| {
                                let stop = InstanceStatePut::stop().force();
                                client.wait_for_completion(
                                    &client.set_instance_state(&name, &stop)?,
                                    WAIT,
                                )?;
                                container.delete()
                            },
                        );
                        if let Err(e) = result {
                            bench.error(format!("container {name}: {e}"));
                        }
                    }
                    barrier.wait();
                    barrier.wait();
                }
            });
        }
        let (mut done, mut made) = (0, 0);
        for seg in 0..=segments {
            barrier.wait();
            if seg > 0 {
                done += seg_requests(seg);
                made += seg_containers(seg);
            }
            let reading = (fd_count()?, status_kib("VmRSS")?);
            println!(
                "{done:>9} {made:>10} {:>4} {:>10} {:>8.1}{}",
                reading.0,
                reading.1,
                started.elapsed().as_secs_f64(),
                if seg == 0 {
                    "   (start: after a warm-up)"
                } else {
                    ""
                }
            );
            readings.push(reading);
            barrier.wait();
        }
        Ok(())
    })?;

    let failed = take_errors(bench, "soak");
    let (fd0, rss0) = readings[0];
    let (fd1, rss1) = *readings.last().unwrap();
    println!(
        "soak end - start: {:+} fds (allowed +{fd_margin}), {:+} KiB RSS (allowed +{} KiB)",
        fd1 as i64 - fd0 as i64,
        rss1 as i64 - rss0 as i64,
        rss_mib * MIB / 1024
    );
    ensure!(!failed, "the soak had errors");
    ensure!(
        fd1 <= fd0 + fd_margin,
        "soak: open file descriptors grew from {fd0} to {fd1} (a leak?)"
    );
    ensure!(
        rss1 <= rss0 + rss_mib * MIB / 1024,
        "soak: RSS grew from {rss0} KiB to {rss1} KiB (a leak?)"
    );
    Ok(())
}
