//! Helpers shared by the live tests: connect from the environment, unique
//! names, cleanup that runs even when an assert fails, the `incus` CLI.

use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use incus::models::{InstanceSource, InstancesPost, ProjectsPost};
use incus::Client;

/// How long the live tests wait for any operation.
pub const WAIT: Duration = Duration::from_secs(120);

/// A client for the daemon at `$INCUS_SOCKET`; panics with a clear message
/// when it is unset or the daemon does not answer, so a missing daemon is a
/// failure, never a silent pass.
pub fn client() -> Client {
    let socket = std::env::var("INCUS_SOCKET").unwrap_or_default();
    assert!(
        !socket.is_empty(),
        "INCUS_SOCKET is not set: run the live tests through the README's test command (scripts/test)"
    );
    let client = Client::unix(&socket).expect("client");
    if let Err(e) = client.get_server() {
        panic!("no Incus daemon answers at {socket}: {e}");
    }
    client
}

/// `rust-test-<what>-<pid>-<n>`: unique across tests and test processes.
pub fn unique(what: &str) -> String {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    format!("rust-test-{what}-{}-{n}", std::process::id())
}

/// Runs `f` when dropped: cleanup that also runs after a failed assert.
pub struct Cleanup<F: FnMut()>(pub F);

impl<F: FnMut()> Drop for Cleanup<F> {
    fn drop(&mut self) {
        (self.0)()
    }
}

/// Runs `command` and returns its trimmed stdout; panics with its stderr if
/// it fails.
pub fn run(command: &mut Command) -> String {
    let out = command
        .output()
        .unwrap_or_else(|e| panic!("run {command:?}: {e}"));
    assert!(
        out.status.success(),
        "{command:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// Runs the `incus` command line (a second, independent client) against the
/// same daemon and returns its stdout; panics if it fails.
pub fn cli(args: &[&str]) -> String {
    run(Command::new("incus").args(args))
}

/// Creates a stopped busybox container and returns a guard deleting it.
pub fn busybox(client: &Client, name: &str) -> Cleanup<impl FnMut()> {
    let op = client
        .create_instance(&InstancesPost {
            name: name.to_string(),
            source: InstanceSource::image_alias("busybox"),
            ..Default::default()
        })
        .expect("create instance");
    client
        .wait_for_completion(&op, WAIT)
        .expect("instance created");
    let (client, name) = (client.clone(), name.to_string());
    Cleanup(move || remove_instance(&client, &name))
}

/// Force-stops and deletes an instance, ignoring errors (cleanup).
pub fn remove_instance(client: &Client, name: &str) {
    if let Ok(op) = client.stop_instance(name, true, None) {
        let _ = client.wait_for_completion(&op, WAIT);
    }
    if let Ok(op) = client.delete_instance(name) {
        let _ = client.wait_for_completion(&op, WAIT);
    }
}

/// Creates a project that shares the default project's images and
/// profiles (so busybox and the root disk are there), with a guard that
/// deletes it.
pub fn shared_project(client: &Client, name: &str) -> Cleanup<impl FnMut()> {
    client
        .create_project(&ProjectsPost {
            name: name.to_string(),
            config: [
                ("features.images".to_string(), "false".to_string()),
                ("features.profiles".to_string(), "false".to_string()),
            ]
            .into(),
            ..Default::default()
        })
        .expect("create project");
    let (client, name) = (client.clone(), name.to_string());
    Cleanup(move || {
        let _ = client.delete_project(&name, false);
    })
}
