//! Live tests of the event stream: another client's changes seen in order
//! (and how soon: printed, bound loosely here; `benches/events.rs` measures
//! it), all projects, logging events, a refused type, a stop from another
//! thread, and the stream over HTTPS.

use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use crate::support::{Cleanup, WAIT, busybox, cli, client, unique};
use incus::models::{Event, InstanceStatePut, ProfilesPost, ProjectsPost};
use incus::{Client, EventFilter, Events};

/// How late an event may come after the change it reports returned. The
/// 50 ms target is measured by `benches/events.rs`; a loaded test machine
/// gets this much slack.
const LATE: Duration = Duration::from_secs(2);

/// Creates a project with the daemon's default features (its own
/// profiles), with a guard that deletes it.
fn own_project(client: &Client, name: &str) -> Cleanup<impl FnMut() + use<>> {
    let post = ProjectsPost {
        name: name.to_string(),
        ..Default::default()
    };
    client.create_project(&post).unwrap();
    let (client, name) = (client.clone(), name.to_string());
    Cleanup(move || {
        let _ = client.delete_project(&name, None);
    })
}

/// Creates a profile, with a guard that deletes it.
fn profile(client: &Client, name: &str) -> Cleanup<impl FnMut() + use<>> {
    let post = ProfilesPost {
        name: name.to_string(),
        ..Default::default()
    };
    client.create_profile(&post).unwrap();
    let (client, name) = (client.clone(), name.to_string());
    Cleanup(move || {
        let _ = client.delete_profile(&name);
    })
}

/// Reads `events` on a thread of its own: each event with the moment it
/// arrived. The thread ends when the stream does.
fn collect(events: Events) -> mpsc::Receiver<(Instant, incus::Result<Event>)> {
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        for event in events {
            if tx.send((Instant::now(), event)).is_err() {
                break;
            }
        }
    });
    rx
}

/// The next lifecycle event from `rx` for which `wanted` holds (others are
/// skipped: the daemon is shared), with its arrival; panics after 30 s.
fn next_lifecycle(
    rx: &mpsc::Receiver<(Instant, incus::Result<Event>)>,
    wanted: impl Fn(&Event, &str, &str) -> bool,
) -> (Instant, Event, String) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let (at, event) = rx.recv_timeout(left).expect("an event within 30 s");
        let event = event.expect("an event, not an error");
        let lifecycle = event.lifecycle().unwrap().expect("only lifecycle events");
        if wanted(&event, &lifecycle.action, &lifecycle.source) {
            return (at, event, lifecycle.action);
        }
    }
}

#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn another_clients_changes_arrive_in_order_and_soon() {
    let listener = client();
    let events = listener
        .connect_events(Some(&EventFilter::new().lifecycle()))
        .unwrap();
    let handle = events.handle();
    let _stop = Cleanup(move || handle.stop());
    let rx = collect(events);

    // The other client: its own connections (a clone would share the pool).
    let other = client();
    let name = unique("events");
    let source = format!("/1.0/instances/{name}");
    let mut returned = Vec::new();
    let guard = busybox(&other, &name);
    returned.push(Instant::now());
    let wait = |op| other.wait_for_completion(&op, WAIT).unwrap();
    wait(other.start_instance(&name).unwrap());
    returned.push(Instant::now());
    wait(
        other
            .set_instance_state(&name, &InstanceStatePut::stop().force())
            .unwrap(),
    );
    returned.push(Instant::now());
    wait(other.delete_instance(&name).unwrap());
    returned.push(Instant::now());
    drop(guard);

    let mut seen = Vec::new();
    let expected = [
        "instance-created",
        "instance-started",
        "instance-stopped",
        "instance-deleted",
    ];
    for (action, returned) in expected.iter().zip(&returned) {
        let (at, event, got) = next_lifecycle(&rx, |_, action, from| {
            from == source && expected.contains(&action)
        });
        assert_eq!(event.project, "default");
        // Negative: the event came before the change's wait returned.
        let late = match at.checked_duration_since(*returned) {
            Some(late) => late.as_secs_f64() * 1e3,
            None => -(returned.duration_since(at).as_secs_f64() * 1e3),
        };
        println!("{got}: {late:+.1} ms after the change returned");
        assert!(
            late < LATE.as_secs_f64() * 1e3,
            "{got} came {late:.1} ms late"
        );
        seen.push((action.to_string(), got));
    }
    let (want, got): (Vec<_>, Vec<_>) = seen.into_iter().unzip();
    assert_eq!(got, want);
}

#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn all_projects_sees_another_projects_events() {
    let default = client();
    let project = unique("events-p");
    let _project = own_project(&default, &project);
    let everywhere = default
        .connect_events(Some(&EventFilter::new().lifecycle().all_projects()))
        .unwrap();
    let here = default
        .connect_events(Some(&EventFilter::new().lifecycle()))
        .unwrap();
    let (stop_everywhere, stop_here) = (everywhere.handle(), here.handle());
    let _stop = Cleanup(move || {
        stop_everywhere.stop();
        stop_here.stop();
    });
    let (everywhere, here) = (collect(everywhere), collect(here));

    // A profile made in the other project, then one in the default project
    // as a marker: the default project's stream sees the marker but never
    // the other project's profile before it.
    let scoped = client().with_project(&project);
    let (name, marker) = (unique("events-profile"), unique("events-marker"));
    let _profile = profile(&scoped, &name);
    let _marker = profile(&default, &marker);
    let listed = cli(&["profile", "list", "--project", &project, "-f", "csv"]);
    assert!(
        listed.contains(&name) && !listed.contains(&marker),
        "{listed}"
    );

    let is = |name: &str| {
        let source = format!("/1.0/profiles/{name}");
        move |_: &Event, action: &str, from: &str| {
            action == "profile-created" && from.starts_with(&source)
        }
    };
    let (_, event, _) = next_lifecycle(&everywhere, is(&name));
    assert_eq!(event.project, project);
    let (_, event, _) = next_lifecycle(&here, |e, action, from| {
        assert!(!from.contains(&name), "the default project saw {e:?}");
        is(&marker)(e, action, from)
    });
    assert_eq!(event.project, "default");
}

#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn logging_events_are_the_daemons_log_lines() {
    let events = client()
        .connect_events(Some(&EventFilter::new().logging()))
        .unwrap();
    let handle = events.handle();
    let _stop = Cleanup(move || handle.stop());
    let rx = collect(events);
    // A request of our own, which the daemon logs (it runs with --debug).
    client().get_server().unwrap();
    let (_, event) = rx.recv_timeout(Duration::from_secs(30)).unwrap();
    let event = event.unwrap();
    assert_eq!(event.kind, "logging");
    let line = event.logging().unwrap().expect("a log record");
    assert!(!line.message.is_empty(), "{line:?}");
    assert!(
        ["trace", "debug", "info", "warning", "warn", "error"].contains(&line.level.as_str()),
        "{line:?}"
    );
    assert_eq!(event.lifecycle().unwrap(), None);
}

#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn types_the_daemon_does_not_know_are_refused() {
    let c = client();
    // LXD 5.0.2 answers each refusal below with a 500.
    let lxd = crate::support::on_lxd();
    let refused = |e: incus::Error, status: u16, text: &str| {
        assert_eq!(e.status(), Some(if lxd { 500 } else { status }), "{e}");
        assert!(e.to_string().contains(text), "{e}");
    };
    let e = c
        .connect_events(Some(&EventFilter::new().lifecycle().event_type("ovn")))
        .unwrap_err();
    refused(e, 400, "\"ovn\" isn't a supported event type");
    // Incus 6.0.4 knows network-acl (log lines of ACL rules); LXD 5.0.2
    // does not.
    let acl = c.connect_events(Some(&EventFilter::new().network_acl()));
    if lxd {
        refused(
            acl.unwrap_err(),
            400,
            "\"network-acl\" isn't a supported event type",
        );
    } else {
        acl.unwrap().handle().stop();
    }
    let e = c
        .with_project("rust-test-no-such-project")
        .connect_events(None)
        .unwrap_err();
    refused(e, 404, "Project not found");
}

/// Stops `events` from another thread after 300 ms and returns how long
/// the stop took to end the reading loop; asserts that the loop ended with
/// `None` (every item before it an event, none an error).
fn stop_while_blocked(events: Events) -> Duration {
    let handle = events.handle();
    let (tx, rx) = mpsc::channel();
    let reader = thread::spawn(move || {
        let items: Vec<_> = events.collect();
        tx.send(Instant::now()).unwrap();
        items
    });
    thread::sleep(Duration::from_millis(300));
    let stopped = Instant::now();
    handle.stop();
    let ended = rx
        .recv_timeout(Duration::from_secs(5))
        .expect("the loop ended");
    let items = reader.join().unwrap();
    assert!(items.iter().all(Result::is_ok), "{items:?}");
    ended.saturating_duration_since(stopped)
}

#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn a_stop_from_another_thread_ends_a_blocked_stream() {
    // A project of our own: nothing happens there, so the read blocks.
    let c = client();
    let project = unique("events-quiet");
    let _project = own_project(&c, &project);
    let events = c
        .with_project(&project)
        .connect_events(Some(&EventFilter::new().lifecycle()))
        .unwrap();
    let took = stop_while_blocked(events);
    println!("stop ended the loop in {took:?}");
    assert!(took < Duration::from_secs(1), "{took:?}");
}

#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn events_over_https_and_a_stop_there() {
    let local = client();
    let address = local
        .get_server()
        .unwrap()
        .config
        .get("core.https_address")
        .cloned()
        .unwrap_or_default();
    assert!(
        !address.is_empty(),
        "the sandbox daemon listens on HTTPS (core.https_address)"
    );
    let (dir, _dir) = crate::support::temp_dir("events-tls");
    let (cert, key, fingerprint) = crate::https::client_certificate(&dir);
    let name = unique("events-cert");
    let cert_file = dir.join("client.crt");
    crate::support::run(&mut crate::support::trust_command(&cert_file, &name));
    let _trust = Cleanup(|| {
        let _ = crate::support::cli_command(&["config", "trust", "remove", &fingerprint]).status();
    });
    let remote = Client::builder(format!("https://{address}"))
        .client_certificate(cert, key)
        .server_certificate(local.get_server().unwrap().environment.certificate)
        .build()
        .unwrap();
    let project = unique("events-tls");
    let _project = own_project(&local, &project);
    let events = remote
        .with_project(&project)
        .connect_events(Some(&EventFilter::new().lifecycle()))
        .unwrap();
    let handle = events.handle();
    let rx = collect(events);
    let name = unique("events-tls-profile");
    let _profile = profile(&local.with_project(&project), &name);
    let (_, event, _) = next_lifecycle(&rx, |_, action, _| action == "profile-created");
    let lifecycle = event.lifecycle().unwrap().unwrap();
    assert!(
        lifecycle
            .source
            .starts_with(&format!("/1.0/profiles/{name}")),
        "{lifecycle:?}"
    );
    assert_eq!(event.project, project);
    // A stop ends the TLS stream's blocked read too.
    let stopped = Instant::now();
    handle.stop();
    let end = rx.recv_timeout(Duration::from_secs(5));
    assert!(
        matches!(end, Err(mpsc::RecvTimeoutError::Disconnected)),
        "the stream did not end with None: {end:?}"
    );
    assert!(stopped.elapsed() < Duration::from_secs(1));
}
