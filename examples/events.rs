//! Prints lifecycle events while another client creates, starts, stops and
//! deletes a busybox container.
//!
//! `cargo run --example events` with `INCUS_SOCKET` pointing at a daemon
//! that has a `busybox` image alias. The listener runs in the main thread;
//! a second client does the changes in another thread and stops the
//! listener once the container is gone.

use std::thread;
use std::time::{Duration, Instant};

use incus::models::{InstanceSource, InstanceStatePut, InstancesPost};
use incus::{Client, EventFilter};

const WAIT: Duration = Duration::from_secs(120);

fn main() -> anyhow::Result<()> {
    let listener = Client::local()?;
    let events = listener.connect_events(Some(&EventFilter::new().lifecycle()))?;
    let handle = events.handle();
    let started = Instant::now();
    let name = format!("events-example-{}", std::process::id());

    // The other client: its own connection, its own thread.
    let worker = {
        let name = name.clone();
        thread::spawn(move || -> anyhow::Result<()> {
            let client = Client::local()?;
            let step = |what: &str| println!("{:>8.1?}  -- {what} {name}", started.elapsed());
            let create = InstancesPost {
                name: name.clone(),
                source: InstanceSource::image_alias("busybox"),
                ..Default::default()
            };
            let result = (|| -> anyhow::Result<()> {
                client.wait_for_completion(&client.create_instance(&create)?, WAIT)?;
                step("created");
                client.wait_for_completion(&client.start_instance(&name)?, WAIT)?;
                step("started");
                let stop = InstanceStatePut::stop().force();
                client.wait_for_completion(&client.set_instance_state(&name, &stop)?, WAIT)?;
                step("stopped");
                client.wait_for_completion(&client.delete_instance(&name)?, WAIT)?;
                step("deleted");
                Ok(())
            })();
            // Let the last event arrive, then end the listener's loop.
            thread::sleep(Duration::from_millis(500));
            handle.stop();
            result
        })
    };

    for event in events {
        let event = event?;
        if let Some(lifecycle) = event.lifecycle()? {
            println!(
                "{:>8.1?}  {:<22} {:<40} {}",
                started.elapsed(),
                lifecycle.action,
                lifecycle.source,
                event.timestamp
            );
        }
    }
    println!("stopped");
    worker
        .join()
        .map_err(|_| anyhow::anyhow!("the worker panicked"))?
}
