//! Measures how soon `wait_for_completion` returns after an operation ends.
//!
//! Incus 6.0 does not bump an operation's `updated_at` when it ends (it
//! stays at `created_at`), so the end is observed two other ways:
//!
//! 1. Watcher: while the main thread waits on a start or stop operation, a
//!    second thread polls `GET /1.0/operations/{id}` back to back and notes
//!    the first moment it sees the operation final. The lag is the main
//!    thread's return minus that moment (negative: the wait returned first).
//! 2. Known end: an exec of `sleep 0.5` ends at its `created_at` + 0.5 s
//!    plus process start-up; the lag from there to the return is an upper
//!    bound.
//!
//! `WAIT_ROUNDS` (default 20) sets the repetitions. Run with `scripts/bench`
//! or `cargo bench --bench wait_latency` with `INCUS_SOCKET` set.

mod common;

use std::sync::mpsc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use incus::Client;
use incus::models::{InstanceStatePut, Operation};

const WAIT: Duration = Duration::from_secs(120);

fn main() -> anyhow::Result<()> {
    let client = Client::local()?;
    let rounds: usize = std::env::var("WAIT_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20);
    let name = format!("wait-latency-{}", std::process::id());
    let mut container = common::Container::busybox(&client, name.clone())?;

    let (mut watched, mut known) = (Vec::new(), Vec::new());
    let result = (|| -> anyhow::Result<()> {
        for _ in 0..rounds {
            watched.push(watched_lag(&client, client.start_instance(&name)?)?);
            known.push(sleep_lag(&client, &name)?);
            let stop = client.set_instance_state(
                &name,
                &InstanceStatePut::stop().timeout(Duration::from_secs(30)),
            )?;
            watched.push(watched_lag(&client, stop)?);
        }
        Ok(())
    })();
    container.remove()?;
    result?;

    report("start/stop, lag behind a polling watcher", watched);
    report(
        "exec sleep 0.5, lag behind its known end (upper bound)",
        known,
    );
    Ok(())
}

fn report(what: &str, lags: Vec<f64>) {
    let at = |q: f64| common::quantile(&lags, q);
    println!(
        "{what}: {} operations, median {:.2} ms, p90 {:.2} ms, max {:.2} ms",
        lags.len(),
        at(0.5),
        at(0.9),
        at(1.0)
    );
}

/// Waits for `op` while another thread polls it; returns milliseconds from
/// the watcher first seeing it final to the wait returning.
fn watched_lag(client: &Client, op: Operation) -> anyhow::Result<f64> {
    let (tx, rx) = mpsc::channel();
    let watcher = {
        let (client, id) = (client.clone(), op.id.clone());
        std::thread::spawn(move || {
            loop {
                match client.get_operation(&id) {
                    Ok(current) if !current.status_code.is_final() => continue,
                    _ => break tx.send(Instant::now()).unwrap(),
                }
            }
        })
    };
    client.wait_for_completion(&op, WAIT)?;
    let returned = Instant::now();
    watcher.join().unwrap();
    let seen = rx.recv()?;
    Ok(if returned >= seen {
        (returned - seen).as_secs_f64() * 1000.0
    } else {
        -((seen - returned).as_secs_f64() * 1000.0)
    })
}

/// Runs `sleep 0.5` in the instance and returns milliseconds from its
/// known end (`created_at` + 0.5 s) to the wait returning.
fn sleep_lag(client: &Client, name: &str) -> anyhow::Result<f64> {
    let body = serde_json::json!({"command": ["sleep", "0.5"], "wait-for-websocket": false});
    let path = format!("/1.0/instances/{name}/exec");
    let op: Operation = serde_json::from_value(client.raw("POST", &path, Some(&body))?)?;
    let done = client.wait_for_completion(&op, WAIT)?;
    let returned = SystemTime::now().duration_since(UNIX_EPOCH)?.as_secs_f64();
    let created = parse_rfc3339(&done.created_at)
        .ok_or_else(|| anyhow::anyhow!("bad timestamp {:?}", done.created_at))?;
    Ok((returned - created - 0.5) * 1000.0)
}

/// Seconds since the Unix epoch for `2026-11-23T21:15:38.123456789Z` or
/// `…+02:00`.
fn parse_rfc3339(text: &str) -> Option<f64> {
    let (date, time) = text.split_once('T')?;
    let mut d = date.split('-').map(|p| p.parse::<i64>().ok());
    let (y, m, day) = (d.next()??, d.next()??, d.next()??);
    let (clock, offset) = match time.find(['Z', '+', '-']) {
        Some(i) => time.split_at(i),
        None => (time, "Z"),
    };
    let mut c = clock.split(':');
    let (h, min, s) = (
        c.next()?.parse::<f64>().ok()?,
        c.next()?.parse::<f64>().ok()?,
        c.next()?.parse::<f64>().ok()?,
    );
    let offset_secs = match offset {
        "Z" => 0.0,
        o => {
            let sign = if o.starts_with('-') { -1.0 } else { 1.0 };
            let (oh, om) = o[1..].split_once(':')?;
            sign * (oh.parse::<f64>().ok()? * 3600.0 + om.parse::<f64>().ok()? * 60.0)
        }
    };
    // Days from the civil date (proleptic Gregorian), Howard Hinnant's method.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * ((m + 9) % 12) + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146097 + doe - 719468;
    Some(days as f64 * 86400.0 + h * 3600.0 + min * 60.0 + s - offset_secs)
}
