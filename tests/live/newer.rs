//! Live tests of the methods gated on API extensions that the test daemon
//! (Incus 6.0.4) lacks: they fail with `Error::MissingExtension` and the
//! daemon never sees their request. What they send to a daemon that has the
//! extensions is tested on the fake server (`tests/fake_server/newer.rs`).

use std::process::Command;
use std::time::{Duration, Instant};

use incus::Error;

use crate::support::{self, client, unique};

/// The daemon's log from byte `from` on, once it holds `needle` (waits up
/// to 10 s for the daemon to write it).
fn log_since(from: u64, needle: &str) -> String {
    let log = support::daemon_log();
    let started = Instant::now();
    loop {
        let bytes = std::fs::read(&log).unwrap();
        let text = String::from_utf8_lossy(&bytes[from as usize..]).into_owned();
        if text.contains(needle) {
            return text;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "{needle:?} did not show up in {} within 10 s",
            log.display()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn nvram_fails_before_sending_on_a_daemon_without_the_extension() {
    let client = client();
    // The list is real (6.0.4 has `etag`) and lacks what NVRAM needs.
    assert!(client.has_extension("etag").unwrap());
    assert!(!client.has_extension("instance_nvram").unwrap());
    let name = unique("nvram");
    let path = format!("/1.0/instances/{name}/nvram");
    let from = std::fs::metadata(support::daemon_log()).unwrap().len();

    let e = client.get_instance_nvram(&name).unwrap_err();
    match &e {
        Error::MissingExtension {
            extension,
            endpoint,
        } => assert_eq!(
            (extension.as_str(), endpoint.as_str()),
            ("instance_nvram", format!("GET {path}").as_str())
        ),
        other => panic!("expected MissingExtension, got {other:?}"),
    }

    // The control: the same request from the `incus` command line reaches
    // the daemon, which does not serve it (a top-level 404) and logs it.
    let control = Command::new("incus")
        .args(["query", &format!("{path}?recursion=2")])
        .output()
        .unwrap();
    assert!(!control.status.success(), "6.0.4 served {path}");
    let log = log_since(from, &path);
    let reached: Vec<&str> = log.lines().filter(|line| line.contains(&path)).collect();
    assert_eq!(
        reached.len(),
        1,
        "the daemon saw {path} other than from the control: {reached:#?}"
    );
}
