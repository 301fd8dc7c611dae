//! Helpers the benchmark programs share (each uses a part of them).

#![allow(dead_code)]

use std::time::Duration;

use anyhow::{Context, ensure};
use incus::Client;
use incus::models::{InstanceSource, InstanceStatePut, InstancesPost};

/// How long the container helpers wait for each operation.
const WAIT: Duration = Duration::from_secs(120);

/// A positive count from the environment variable `name`, or `default`
/// when it is unset or empty.
pub fn env_count(name: &str, default: u64) -> anyhow::Result<u64> {
    match std::env::var(name) {
        Ok(v) if !v.trim().is_empty() => {
            let n: u64 = v
                .trim()
                .parse()
                .with_context(|| format!("{name}={v:?} is not a count"))?;
            ensure!(n > 0, "{name} must be at least 1");
            Ok(n)
        }
        _ => Ok(default),
    }
}

/// The median of `values` (the mean of the middle two for an even count).
pub fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    if n % 2 == 1 {
        sorted[n / 2]
    } else {
        (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
    }
}

/// The value at quantile `q` (nearest rank) of `values`.
pub fn quantile(values: &[f64], q: f64) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    sorted[((sorted.len() - 1) as f64 * q).round() as usize]
}

/// A bench's container: force-stopped and deleted when dropped.
pub struct Container<'a> {
    client: &'a Client,
    pub name: String,
    removed: bool,
}

impl<'a> Container<'a> {
    /// The container `name`, made by the caller, deleted when dropped.
    pub fn named(client: &'a Client, name: String) -> Container<'a> {
        Container {
            client,
            name,
            removed: false,
        }
    }

    /// A stopped busybox container `name` (image alias `busybox`), deleted
    /// when dropped (also when its creation fails).
    pub fn busybox(client: &'a Client, name: String) -> anyhow::Result<Container<'a>> {
        let op = client.create_instance(&InstancesPost {
            name: name.clone(),
            source: InstanceSource::image_alias("busybox"),
            ..Default::default()
        })?;
        let container = Container::named(client, name);
        client.wait_for_completion(&op, WAIT)?;
        Ok(container)
    }

    /// A running busybox container `name`, deleted when dropped (also when
    /// it fails to start).
    pub fn start_busybox(client: &'a Client, name: String) -> anyhow::Result<Container<'a>> {
        let container = Container::busybox(client, name)?;
        client.wait_for_completion(&client.start_instance(&container.name)?, WAIT)?;
        Ok(container)
    }

    /// Force-stops the container (if it runs) and deletes it.
    pub fn remove(&mut self) -> anyhow::Result<()> {
        self.removed = true;
        // A stopped (or never started) container refuses the stop: fine.
        if let Ok(op) = self
            .client
            .set_instance_state(&self.name, &InstanceStatePut::stop().force())
        {
            let _ = self.client.wait_for_completion(&op, WAIT);
        }
        self.delete()
    }

    /// Deletes the container, which must be stopped.
    pub fn delete(&mut self) -> anyhow::Result<()> {
        self.removed = true;
        let op = self.client.delete_instance(&self.name)?;
        self.client.wait_for_completion(&op, WAIT)?;
        Ok(())
    }
}

impl Drop for Container<'_> {
    fn drop(&mut self) {
        if !self.removed {
            if let Err(e) = self.remove() {
                eprintln!(
                    "{}: could not delete container {}: {e:#}",
                    env!("CARGO_CRATE_NAME"),
                    self.name
                );
            }
        }
    }
}
