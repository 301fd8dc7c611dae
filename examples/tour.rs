//! A tour of the crate against a local daemon: connect, create a project
//! and a profile, launch a busybox container in that project, wait, show
//! its state, stop it and delete everything again.
//!
//! Run it with `scripts/tour` (which starts a sandbox daemon first), or with
//! `cargo run --example tour` when `INCUS_SOCKET` points at a daemon that
//! has a `default` storage pool and a `busybox` image. `RUST_LOG=incus=debug`
//! shows each request; `RUST_LOG=incus=trace` also each request and reply
//! body, secrets redacted.

use std::time::{Duration, Instant};

use incus::Client;
use incus::models::{InstanceSource, InstanceStatePut, InstancesPost, ProfilesPost, ProjectsPost};

const WAIT: Duration = Duration::from_secs(120);

fn main() -> anyhow::Result<()> {
    env_logger::init();
    let client = Client::local()?;
    let server = client.get_server()?;
    println!(
        "connected to {} {} ({} API extensions)",
        server.environment.server,
        server.environment.server_version,
        server.api_extensions.len()
    );

    let project = format!("tour-{}", std::process::id());
    let result = run(&client, &project);
    cleanup(&client, &project);
    result
}

fn run(client: &Client, project: &str) -> anyhow::Result<()> {
    // Images are shared with the default project; profiles are the project's own.
    client.create_project(&ProjectsPost {
        name: project.into(),
        description: "made by the incus crate's tour".into(),
        config: [
            ("features.images".to_string(), "false".to_string()),
            ("features.profiles".to_string(), "true".to_string()),
        ]
        .into(),
    })?;
    println!("created project {project}");
    let scoped = client.with_project(project);

    let root = [("type", "disk"), ("path", "/"), ("pool", "default")]
        .map(|(k, v)| (k.to_string(), v.to_string()));
    scoped.create_profile(&ProfilesPost {
        name: "small".into(),
        description: "root disk and a memory limit".into(),
        config: [("limits.memory".to_string(), "128MiB".to_string())].into(),
        devices: [("root".to_string(), root.into())].into(),
    })?;
    println!("created profile small in {project}");

    let started = Instant::now();
    // Created and started in one operation where the server can
    // (`instance_create_start`; LXD 5.0 cannot: started after).
    let start = scoped.has_extension("instance_create_start")?;
    let op = scoped.create_instance(&InstancesPost {
        name: "c1".into(),
        source: InstanceSource::image_alias("busybox"),
        profiles: Some(vec!["small".into()]),
        start,
        ..Default::default()
    })?;
    println!("launching c1 from busybox (operation {})", op.id);
    scoped.wait_for_completion(&op, WAIT)?;
    if !start {
        scoped.wait_for_completion(&scoped.start_instance("c1")?, WAIT)?;
    }
    println!("c1 is up after {:?}", started.elapsed());

    let state = scoped.get_instance_state("c1")?;
    println!(
        "c1: {} pid {} processes {} memory {} KiB",
        state.status,
        state.pid,
        state.processes,
        state.memory.usage / 1024
    );
    let instance = scoped.get_instance("c1")?;
    println!(
        "c1 uses profiles {:?}; limits.memory = {}",
        instance.profiles,
        instance
            .expanded_config
            .get("limits.memory")
            .map_or("", String::as_str)
    );

    let started = Instant::now();
    let op = scoped.set_instance_state(
        "c1",
        &InstanceStatePut::stop().timeout(Duration::from_secs(30)),
    )?;
    scoped.wait_for_completion(&op, WAIT)?;
    println!("stopped c1 in {:?}", started.elapsed());
    Ok(())
}

/// Deletes what the tour made, whatever step it reached.
fn cleanup(client: &Client, project: &str) {
    let scoped = client.with_project(project);
    if let Ok(op) = scoped.set_instance_state("c1", &InstanceStatePut::stop().force()) {
        let _ = scoped.wait_for_completion(&op, WAIT);
    }
    if let Ok(op) = scoped.delete_instance("c1") {
        if scoped.wait_for_completion(&op, WAIT).is_ok() {
            println!("deleted c1");
        }
    }
    if scoped.delete_profile("small").is_ok() {
        println!("deleted profile small");
    }
    if client.delete_project(project, None).is_ok() {
        println!("deleted project {project}");
    }
}
