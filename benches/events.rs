//! Measures how soon the event stream reports another client's changes.
//!
//! A listener reads lifecycle and operation events on its own connection
//! and thread, noting when each arrives. A second client starts and
//! force-stops a busybox container `EVENTS_ROUNDS` times (default 20),
//! each time waiting with `wait_for_completion` (the long poll) and noting
//! when it returned. For each change it reports:
//!
//! 1. lifecycle lag: the `instance-started` / `instance-stopped` event's
//!    arrival minus the wait's return (negative: the event came first);
//!    the target is at most 50 ms;
//! 2. operation end: the arrival of the `operation` event that shows the
//!    operation final, minus the wait's return: whether waiting on events
//!    would see an operation's end sooner than the long poll.
//!
//! Run with `scripts/bench` or `cargo bench --bench events` with
//! `INCUS_SOCKET` set.

mod common;

use std::sync::mpsc;
use std::time::{Duration, Instant};

use anyhow::Context;
use incus::models::{Event, InstanceStatePut};
use incus::{Client, EventFilter};

const WAIT: Duration = Duration::from_secs(120);

/// The lifecycle target (issue 12): an event within 50 ms of its change.
const TARGET_MS: f64 = 50.0;

fn main() -> anyhow::Result<()> {
    let rounds = common::env_count("EVENTS_ROUNDS", 20)?;
    let listener = Client::local()?;
    let filter = EventFilter::new().lifecycle().operation();
    let events = listener.connect_events(Some(&filter))?;
    let handle = events.handle();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for event in events {
            if tx.send((Instant::now(), event)).is_err() {
                break;
            }
        }
    });

    let client = Client::local()?;
    let name = format!("events-bench-{}", std::process::id());
    let source = format!("/1.0/instances/{name}");
    let mut container = common::Container::busybox(&client, name.clone())?;

    let (mut lifecycle, mut ends) = (Vec::new(), Vec::new());
    let result = (|| -> anyhow::Result<()> {
        for _ in 0..rounds {
            for action in ["instance-started", "instance-stopped"] {
                let op = match action {
                    "instance-started" => client.start_instance(&name)?,
                    _ => client.set_instance_state(&name, &InstanceStatePut::stop().force())?,
                };
                client.wait_for_completion(&op, WAIT)?;
                let returned = Instant::now();
                let (mut changed, mut ended) = (None, None);
                while changed.is_none() || ended.is_none() {
                    let (at, event) = rx
                        .recv_timeout(Duration::from_secs(30))
                        .context("no event within 30 s")?;
                    let event: Event = event?;
                    if let Some(l) = event.lifecycle()? {
                        if l.action == action && l.source == source {
                            changed = Some(at);
                        }
                    } else if let Some(o) = event.operation()? {
                        if o.id == op.id && o.status_code.is_final() {
                            ended = Some(at);
                        }
                    }
                }
                let lag = |at: Instant| match at.checked_duration_since(returned) {
                    Some(late) => late.as_secs_f64() * 1e3,
                    None => -(returned.duration_since(at).as_secs_f64() * 1e3),
                };
                lifecycle.extend(changed.map(lag));
                ends.extend(ended.map(lag));
            }
        }
        Ok(())
    })();
    container.remove()?;
    handle.stop();
    result?;

    report("lifecycle event, lag behind the change's wait", &lifecycle);
    let within = lifecycle.iter().filter(|lag| **lag <= TARGET_MS).count();
    println!(
        "lifecycle events within {TARGET_MS} ms of their change: {within} of {}",
        lifecycle.len()
    );
    report(
        "operation end seen by events, lag behind the long poll",
        &ends,
    );
    Ok(())
}

fn report(what: &str, lags: &[f64]) {
    let at = |q: f64| common::quantile(lags, q);
    println!(
        "{what}: {} changes, min {:+.2} ms, median {:+.2} ms, p90 {:+.2} ms, max {:+.2} ms",
        lags.len(),
        at(0.0),
        common::median(lags),
        at(0.9),
        at(1.0)
    );
}
