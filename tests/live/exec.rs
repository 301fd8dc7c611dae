//! Live tests of running commands: `POST /1.0/instances/{name}/exec` and the
//! operation's websockets (`GET /1.0/operations/{id}/websocket`).

use std::time::{Duration, Instant};

use incus::models::InstanceExecPost;
use incus::{Error, ExecRequest};

use crate::support::{busybox, cli, client, running, unique};

#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn exec_output_is_exact() {
    let client = client();
    let (name, _guard) = running(&client, "exec");
    let out = client
        .exec_output(&name, ["sh", "-c", "echo hi; echo err >&2; exit 3"])
        .unwrap();
    assert_eq!(
        (out.exit_code, out.stdout.as_slice(), out.stderr.as_slice()),
        (3, &b"hi\n"[..], &b"err\n"[..])
    );
    // 10 MiB to each stream at once, every byte accounted for.
    let script = "head -c 10485760 /dev/zero | tr '\\0' a & \
                  head -c 10485760 /dev/zero | tr '\\0' b >&2; wait";
    let out = client.exec_output(&name, ["sh", "-c", script]).unwrap();
    assert_eq!(out.exit_code, 0);
    assert_eq!(out.stdout.len(), 10 << 20);
    assert_eq!(out.stderr.len(), 10 << 20);
    assert!(out.stdout.iter().all(|b| *b == b'a') && out.stderr.iter().all(|b| *b == b'b'));
    // Environment, working directory, user and group.
    let request = ExecRequest::new(&name, ["sh", "-c", "echo $GREETING; pwd; id -u; id -g"])
        .env("GREETING", "hello there")
        .cwd("/tmp")
        .user(1000)
        .group(1001);
    let out = client.exec(&request).output().unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "hello there\n/tmp\n1000\n1001\n"
    );
}

#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn exec_streams_stdin_and_output() {
    let client = client();
    let (name, _guard) = running(&client, "stream");
    // 64 MiB through `wc -c`: stdin streamed in and closed, so wc ends.
    let data = vec![7u8; 64 << 20];
    let mut count = Vec::new();
    let request = ExecRequest::new(&name, ["wc", "-c"]);
    let code = client
        .exec(&request)
        .stdin(data.as_slice())
        .stdout(&mut count)
        .run()
        .unwrap();
    assert_eq!(code, 0);
    assert_eq!(
        String::from_utf8_lossy(&count).trim(),
        (64u32 << 20).to_string()
    );
    // A command that never reads its stdin still ends well.
    let request = ExecRequest::new(&name, ["true"]);
    let code = client.exec(&request).stdin(data.as_slice()).run().unwrap();
    assert_eq!(code, 0);
    // stdout and stderr to separate writers, in order.
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let request = ExecRequest::new(
        &name,
        [
            "sh",
            "-c",
            "for i in 1 2 3; do echo o$i; echo e$i >&2; done",
        ],
    );
    let code = client
        .exec(&request)
        .stdout(&mut out)
        .stderr(&mut err)
        .run()
        .unwrap();
    assert_eq!(
        (code, &out[..], &err[..]),
        (0, &b"o1\no2\no3\n"[..], &b"e1\ne2\ne3\n"[..])
    );
}

/// A deadline kills the command and is `Error::Timeout`; the command does
/// not keep running unnoticed.
#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn exec_deadline_kills_the_command() {
    let client = client();
    let (name, _guard) = running(&client, "deadline");
    let request = ExecRequest::new(&name, ["sleep", "100"]).timeout(Duration::from_millis(1500));
    let started = Instant::now();
    let e = client.exec(&request).run().unwrap_err();
    assert!(matches!(e, Error::Timeout { .. }), "{e:?}");
    let elapsed = started.elapsed();
    assert!(
        elapsed >= Duration::from_millis(1500) && elapsed < Duration::from_secs(5),
        "{elapsed:?}"
    );
    let ps = cli(&["exec", &name, "--", "ps", "-o", "args"]);
    assert!(!ps.lines().any(|line| line.trim() == "sleep 100"), "{ps}");
}

#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn exec_faults_are_clear() {
    let client = client();
    let (name, _guard) = running(&client, "execbad");
    match client.exec_output(&name, ["/no/such/command"]) {
        Err(Error::Operation { message, .. }) => {
            assert!(message.contains("not found"), "{message}")
        }
        other => panic!("expected an operation error, got {other:?}"),
    }
    let e = client
        .exec_output("rust-test-no-such-instance", ["true"])
        .unwrap_err();
    assert!(e.is_not_found(), "{e}");
    let stopped = unique("stopped");
    let _stopped = busybox(&client, &stopped);
    let e = client.exec_output(&stopped, ["true"]).unwrap_err();
    assert_eq!(e.status(), Some(400), "{e}");
    // The raw endpoint, and a websocket with a wrong secret.
    let post = InstanceExecPost {
        command: vec!["true".into()],
        wait_for_websocket: true,
        ..Default::default()
    };
    let op = client.exec_instance(&name, &post).unwrap();
    assert!(
        op.metadata["fds"]["control"].is_string(),
        "{:?}",
        op.metadata
    );
    let e = client
        .connect_operation_websocket(&op.id, "not-the-secret")
        .unwrap_err();
    assert!(e.status().is_some(), "{e}");
}

/// A pseudo-terminal session: resizing shows in `stty size`, the exit code
/// comes back, a signal ends `sleep 100` with 128 + the signal.
#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn interactive_exec_resize_signal_exit_code() {
    use std::io::{Read, Write};
    let client = client();
    let (name, _guard) = running(&client, "pty");
    let mut session = client.exec_interactive(&name, ["sh"], (80, 24)).unwrap();
    session.resize(100, 40).unwrap();
    session.write_all(b"stty size; exit 7\n").unwrap();
    let mut screen = String::new();
    session.read_to_string(&mut screen).unwrap();
    assert!(screen.contains("40 100"), "{screen:?}");
    assert_eq!(session.wait().unwrap(), 7);

    let mut session = client
        .exec_interactive(&name, ["sleep", "100"], (80, 24))
        .unwrap();
    let started = Instant::now();
    session.signal(15).unwrap();
    assert_eq!(session.wait().unwrap(), 143);
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );

    // A deadline in interactive mode kills the command too.
    let request = ExecRequest::new(&name, ["sleep", "100"]).timeout(Duration::from_millis(1500));
    let session = client.exec(&request).interactive((80, 24)).unwrap();
    let e = session.wait().unwrap_err();
    assert!(matches!(e, Error::Timeout { .. }), "{e:?}");
    let ps = cli(&["exec", &name, "--", "ps", "-o", "args"]);
    assert!(!ps.lines().any(|line| line.trim() == "sleep 100"), "{ps}");
}

/// Attaching to the console: the attach operation, its websockets, resize,
/// input, and detaching (which ends the operation; the instance runs on).
#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn console_attach_and_detach() {
    use std::io::Write;
    let client = client();
    let (name, _guard) = running(&client, "console");
    let mut console = client.attach_instance_console(&name, (80, 24)).unwrap();
    console.resize(120, 50).unwrap();
    console.write_all(b"\n").unwrap();
    console
        .set_read_timeout(Some(Duration::from_millis(200)))
        .unwrap();
    // A second attach takes the console over (force), then both detach.
    let second = client.attach_instance_console(&name, (80, 24)).unwrap();
    match second.close() {
        // LXD 5.0.2 sometimes fails its own console operation on the
        // takeover's detach (its pty was closed already); Incus never did.
        Err(incus::Error::Operation { message, .. })
            if crate::support::on_lxd() && message.contains("file already closed") => {}
        other => other.unwrap(),
    }
    drop(console);
    assert_eq!(client.get_instance_state(&name).unwrap().status, "Running");
    let e = client
        .attach_instance_console("rust-test-no-such-instance", (80, 24))
        .unwrap_err();
    assert!(e.is_not_found(), "{e}");
}
