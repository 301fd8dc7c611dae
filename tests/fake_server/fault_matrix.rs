//! The fault matrix of issue 13: one test per fault, named after it, each
//! asserting the [`Error`] variant it must give and a bound on the time it
//! takes (under the [`within`] watchdog too, so a hang or a panic fails).
//! The faults a fake cannot stage are in `tests/live/faults.rs`.
//!
//! | Fault | Test | Variant |
//! |---|---|---|
//! | garbage instead of HTTP | [`garbage_instead_of_http_is_a_transport_error`] | `Transport` |
//! | a truncated body | [`truncated_body_is_a_transport_error`] | `Transport` |
//! | a reset mid-body | [`reset_mid_body_is_a_transport_error`] | `Transport` |
//! | a stall before headers | [`stall_before_headers_times_out`] | `Transport` (timeout) |
//! | a stall mid-body | [`stall_mid_body_times_out`] | `Transport` (timeout) |
//! | a 5xx with a non-JSON body | [`server_error_with_non_json_body_is_an_api_error`] | `Api` |
//! | a JSON body of the wrong shape | [`json_of_the_wrong_shape_is_a_decode_error`] | `Decode` |
//! | a 500 MiB body | [`body_of_500_mib_is_refused_at_the_cap`] | `Decode` |
//! | a websocket closed mid-exec | [`websocket_closed_mid_exec_is_a_transport_error`] | `Transport` |
//! | the daemon restarted during a wait (fake) | [`daemon_restarted_during_wait_says_the_operation_is_gone`] | `Api` 404 |
//! | the daemon restarted during a wait (real) | `live::faults::daemon_restarted_during_wait_says_the_operation_is_gone` | `Api` 404 |
//! | the socket file missing | [`socket_file_missing_says_is_the_daemon_running`] | `Transport` |
//! | the socket without permission | [`socket_without_permission_says_which_group_to_join`] | `Transport` |
//! | a TLS server whose certificate changed | `live::faults::server_certificate_changed_is_refused_in_the_handshake` | `Transport` |
//! | an expired client certificate | `live::faults::expired_client_certificate_is_refused_with_its_date` | `InvalidInput` |
//! | a pooled connection the daemon closed while idle | [`pooled_connection_closed_while_idle_is_retried_for_get_never_for_post`] | `Transport` (POST); GET retried |

use std::os::unix::fs::PermissionsExt;
use std::os::unix::net::UnixListener;
use std::process::Command;
use std::time::{Duration, Instant};

use incus::models::{ProfilePut, ProfilesPost};
use incus::{Client, ClientBuilder, Error};
use serde_json::json;

use super::{
    Fake, Reply, assert_api, created, error_envelope, http, json_reply, operation, sync,
    websocket_reply, within,
};

/// Runs `f` under the watchdog (`limit_ms`); returns its result and how
/// long it took, which must be under `bound_ms` (printed for the record).
fn timed<T: Send + 'static>(
    name: &str,
    bound_ms: u64,
    f: impl FnOnce() -> T + Send + 'static,
) -> T {
    let started = Instant::now();
    let value = within(bound_ms + 2000, f);
    let took = started.elapsed();
    eprintln!("fault_matrix::{name} returned in {took:?}");
    assert!(took < Duration::from_millis(bound_ms), "{name}: {took:?}");
    value
}

fn transport(e: &Error) -> bool {
    matches!(e, Error::Transport(_))
}

#[test]
fn garbage_instead_of_http_is_a_transport_error() {
    // Something else on the socket (an SSH banner); the connection stays open.
    let banner = b"SSH-2.0-OpenSSH_9.2p1\r\n\x00\xff\xfe garbage\r\n\r\n".to_vec();
    let fake = Fake::start(vec![Reply::Partial(banner, 3000)]);
    let client = fake.client();
    let e = timed("garbage_instead_of_http", 500, move || {
        client.get_profile("web")
    })
    .unwrap_err();
    assert!(transport(&e) && !e.is_timeout(), "{e:?}");
    assert!(e.to_string().contains("invalid HTTP version"), "{e}");
    assert_eq!(e.endpoint(), Some("GET /1.0/profiles/web"));
}

#[test]
fn truncated_body_is_a_transport_error() {
    let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n";
    let reply = format!("{head}{}", r#"{"type":"sync","met"#); // 20 of 100 bytes
    let fake = Fake::start(vec![Reply::Partial(reply.into_bytes(), 0)]);
    let client = fake.client();
    let e = timed("truncated_body", 500, move || client.get_profile("web")).unwrap_err();
    // ureq notices the early end of the body; the reply is never decoded.
    assert!(transport(&e) && !e.is_timeout(), "{e:?}");
    assert_eq!(
        e.to_string(),
        "GET /1.0/profiles/web: the connection closed before the reply was complete"
    );
}

#[test]
fn reset_mid_body_is_a_transport_error() {
    // Half a reply, then the daemon closes with the request's body unread:
    // the client's next read is a connection reset.
    let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n";
    let reply = format!("{head}{}", r#"{"type":"sync","met"#);
    let fake = Fake::start(vec![Reply::ResetAfter(reply.into_bytes())]);
    let client = fake.client();
    let put = ProfilePut {
        description: Some("x".repeat(64 << 10)),
        ..ProfilePut::default()
    };
    let e = timed("reset_mid_body", 500, move || {
        client.replace_profile("web", &put, None)
    })
    .unwrap_err();
    assert!(transport(&e) && !e.is_timeout(), "{e:?}");
    // ureq reads a reset mid-body as the end of the connection.
    assert_eq!(
        e.to_string(),
        "PUT /1.0/profiles/web: the connection closed before the reply was complete"
    );
    // A fresh connection that broke is not retried, even for a PUT.
    assert_eq!((fake.requests().len(), fake.accepts()), (1, 1));
}

#[test]
fn stall_before_headers_times_out() {
    let late = http(
        200,
        "application/json",
        &sync(json!(["/1.0/profiles/late"])).to_string(),
    );
    let fake = Fake::start(vec![
        Reply::Answer(3000, late),
        json_reply(200, &sync(json!(["/1.0/profiles/default"]))),
    ]);
    let client = fake.client();
    let again = client.clone();
    let started = Instant::now();
    let e = timed("stall_before_headers", 1500, move || {
        client.list_profile_names(None)
    })
    .unwrap_err();
    assert!(transport(&e) && e.is_timeout(), "{e:?}");
    assert!(started.elapsed() >= Duration::from_millis(900));
    // The timed-out connection is not pooled: the next request gets its own
    // reply on a new connection, never the late one.
    assert_eq!(
        within(2000, move || again.list_profile_names(None)).unwrap(),
        ["default"]
    );
    assert_eq!((fake.requests().len(), fake.accepts()), (2, 2));
}

#[test]
fn stall_mid_body_times_out() {
    let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n";
    let reply = format!("{head}{}", r#"{"type":"sync","met"#);
    let fake = Fake::start(vec![Reply::Partial(reply.into_bytes(), 3000)]);
    let client = fake.client();
    let started = Instant::now();
    let e = timed("stall_mid_body", 1500, move || client.get_profile("web")).unwrap_err();
    assert!(transport(&e) && e.is_timeout(), "{e:?}");
    assert!(started.elapsed() >= Duration::from_millis(900));
}

#[test]
fn server_error_with_non_json_body_is_an_api_error() {
    let html = "<html><body>502 Bad Gateway</body></html>";
    let fake = Fake::start(vec![
        Reply::Answer(0, http(502, "text/html", html)),
        Reply::Answer(0, http(500, "text/plain", "")),
    ]);
    let client = fake.client();
    let (html_body, empty_body) = timed("server_error_with_non_json_body", 500, move || {
        (client.get_profile("web"), client.get_profile("web"))
    });
    assert_api(&html_body.unwrap_err(), 502, html);
    assert_api(&empty_body.unwrap_err(), 500, "HTTP 500 with no message");
}

#[test]
fn json_of_the_wrong_shape_is_a_decode_error() {
    let shapes = [
        json!({"type": "sync", "metadata": {"name": 5, "config": []}}),
        json!([1, 2, 3]),
        json!({"type": "sync", "metadata": "a string"}),
        json!({"type": "async", "metadata": {"name": "web"}}),
    ];
    let fake = Fake::start(shapes.iter().map(|s| json_reply(200, s)).collect());
    let client = fake.client();
    let results = timed("json_of_the_wrong_shape", 500, move || {
        (0..4)
            .map(|_| client.get_profile("web"))
            .collect::<Vec<_>>()
    });
    for (shape, result) in shapes.iter().zip(results) {
        match result {
            Err(Error::Decode { endpoint, .. }) => {
                assert_eq!(endpoint, "GET /1.0/profiles/web", "{shape}")
            }
            other => panic!("{shape}: expected Decode, got {other:?}"),
        }
    }
}

/// The process's peak resident memory (`VmHWM`), in KiB, after resetting
/// it to the current size first if `reset`.
fn peak_kib(reset: bool) -> u64 {
    if reset {
        std::fs::write("/proc/self/clear_refs", "5").unwrap();
    }
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

/// A JSON reply is capped (64 MiB): one that declares 500 MiB is refused
/// before any of it is read; one of 500 MiB sent chunked is refused once it
/// passes the cap. The fake streams without holding the body; the
/// client's peak memory grows by nothing, then by at most the cap.
#[test]
fn body_of_500_mib_is_refused_at_the_cap() {
    const SIZE: u64 = 500 << 20;
    let declared = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {SIZE}\r\n\r\n"
    );
    let chunked =
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
    let fake = Fake::start(vec![
        Reply::Stream(declared.into_bytes(), SIZE),
        Reply::Stream(chunked.as_bytes().to_vec(), SIZE),
    ]);
    // Long enough to read the cap in a debug build.
    let client = ClientBuilder::unix(&fake.socket)
        .timeout(Duration::from_secs(60))
        .build()
        .unwrap();
    let before = peak_kib(true);
    let c = client.clone();
    let e = timed("body_of_500_mib (declared)", 500, move || {
        c.list_profiles(None)
    })
    .unwrap_err();
    let declared_growth = peak_kib(false).saturating_sub(before) >> 10;
    assert!(matches!(&e, Error::Decode { .. }), "{e:?}");
    assert!(
        e.to_string()
            .contains(&format!("a reply of {SIZE} bytes, over the 67108864 bytes")),
        "{e}"
    );
    assert!(declared_growth < 16, "{declared_growth} MiB");

    let before = peak_kib(true);
    let e = timed("body_of_500_mib (chunked)", 30_000, move || {
        client.list_profiles(None)
    })
    .unwrap_err();
    let chunked_growth = peak_kib(false).saturating_sub(before) >> 10;
    eprintln!("peak memory grew {declared_growth} MiB (declared), {chunked_growth} MiB (chunked)");
    assert!(matches!(&e, Error::Decode { .. }), "{e:?}");
    assert!(e.to_string().contains("more than 67108864 bytes"), "{e}");
    assert!(chunked_growth < 160, "{chunked_growth} MiB");
}

/// The cap is the client's: a smaller one refuses a reply the default
/// takes, a larger one takes a reply the default refuses.
#[test]
fn the_reply_cap_is_set_per_client() {
    let body = format!(
        r#"{{"type":"sync","status":"Success","status_code":200,"metadata":{{"description":"{}"}}}}"#,
        "x".repeat(4096)
    );
    let reply = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    let fake = Fake::start(vec![
        Reply::Answer(0, reply.clone().into_bytes()),
        Reply::Answer(0, reply.into_bytes()),
    ]);
    let small = ClientBuilder::unix(&fake.socket)
        .max_reply_size(1024)
        .build()
        .unwrap();
    let e = small.get_profile("p").unwrap_err();
    assert!(matches!(&e, Error::Decode { .. }), "{e:?}");
    assert!(
        e.to_string().contains("ClientBuilder::max_reply_size"),
        "{e}"
    );
    let roomy = ClientBuilder::unix(&fake.socket)
        .max_reply_size(1 << 20)
        .build()
        .unwrap();
    assert_eq!(roomy.get_profile("p").unwrap().description.len(), 4096);
}

/// The daemon drops exec's stdout websocket mid-stream (no close frame):
/// the run ends with a transport error naming the websocket, after the data
/// that did arrive was written; nothing hangs.
#[test]
fn websocket_closed_mid_exec_is_a_transport_error() {
    let fds = json!({"0": "s0", "1": "s1", "2": "s2", "control": "sc"});
    let fake = Fake::handled(move |request| {
        let path = request.path.as_str();
        if request.method == "POST" && path.starts_with("/1.0/instances/c1/exec") {
            let mut op = operation("Running", 103, "");
            op["metadata"] = json!({"fds": fds});
            return created(op);
        }
        if path.contains("/websocket?secret=s1") {
            // A binary frame "partial", then the connection drops.
            return websocket_reply(request, b"\x82\x07partial", 50);
        }
        if path.contains("/websocket?") {
            return websocket_reply(request, b"\x88\x00", 50); // a clean close
        }
        let mut done = operation("Success", 200, "");
        done["metadata"] = json!({"return": 0});
        json_reply(200, &sync(done))
    });
    let client = fake.client();
    let (result, out) = timed("websocket_closed_mid_exec", 1500, move || {
        let mut out = Vec::new();
        let request = incus::ExecRequest::new("c1", ["cat", "big"]);
        let result = client.exec(&request).stdout(&mut out).run();
        (result, out)
    });
    let e = result.unwrap_err();
    assert!(transport(&e), "{e:?}");
    assert_eq!(
        e.endpoint(),
        Some("GET /1.0/operations/abc/websocket"),
        "{e}"
    );
    assert!(e.to_string().contains("websocket"), "{e}");
    assert_eq!(out, b"partial");
}

/// The daemon goes away during a wait (the connection drops) and comes
/// back without the operation (a restart forgets them all): the wait asks
/// again, and ends saying the operation is gone.
#[test]
fn daemon_restarted_during_wait_says_the_operation_is_gone() {
    let gone = || json_reply(404, &error_envelope(404, "Operation not found"));
    let fake = Fake::start(vec![Reply::Close, gone(), gone()]);
    let client = fake.client();
    let op: incus::models::Operation =
        serde_json::from_value(operation("Running", 103, "")).unwrap();
    let e = timed("daemon_restarted_during_wait", 500, move || {
        client.wait_for_completion(&op, Duration::from_secs(10))
    })
    .unwrap_err();
    assert_api(&e, 404, "Operation not found");
    assert!(e.is_not_found());
    let paths: Vec<String> = fake.requests().into_iter().map(|r| r.path).collect();
    assert_eq!(paths.len(), 3, "{paths:?}");
    assert!(
        paths[..2]
            .iter()
            .all(|p| p.starts_with("/1.0/operations/abc/wait?timeout="))
    );
    assert_eq!(paths[2], "/1.0/operations/abc");
}

#[test]
fn socket_file_missing_says_is_the_daemon_running() {
    let missing = std::env::temp_dir().join(format!("incus-missing-{}.socket", std::process::id()));
    let client = Client::unix(&missing).unwrap();
    let e = timed("socket_file_missing", 200, move || client.get_server()).unwrap_err();
    assert!(transport(&e), "{e:?}");
    let text = e.to_string();
    assert!(
        text.starts_with("GET /1.0: cannot connect to the socket ")
            && text.contains(&missing.display().to_string()),
        "{text}"
    );
    assert!(text.contains("is the daemon running?"), "{text}");
}

/// Set in the child process of [`socket_without_permission_says_which_group_to_join`].
const CHILD_SOCKET: &str = "INCUS_FAULT_CHILD_SOCKET";

/// A socket the user may not open (the daemon's is `root:incus-admin`,
/// 0660). Root can open any socket, so as root the check runs in a child
/// process (this test again) as `nobody`, through `setpriv`.
#[test]
fn socket_without_permission_says_which_group_to_join() {
    if let Some(socket) = std::env::var_os(CHILD_SOCKET) {
        let started = Instant::now();
        let e = Client::unix(&socket).unwrap().get_server().unwrap_err();
        println!("child: {e} ({:?}, {:?})", started.elapsed(), transport(&e));
        assert!(transport(&e), "{e:?}");
        assert!(started.elapsed() < Duration::from_millis(200));
        return;
    }
    let dir = std::env::temp_dir().join(format!("incus-denied-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    let socket = dir.join("unix.socket");
    let _listener = UnixListener::bind(&socket).unwrap();
    let root = std::fs::metadata("/proc/self")
        .map(|m| std::os::unix::fs::MetadataExt::uid(&m))
        .unwrap()
        == 0;
    let mode = if root { 0o660 } else { 0o000 };
    std::fs::set_permissions(&socket, std::fs::Permissions::from_mode(mode)).unwrap();
    let exe = std::env::current_exe().unwrap();
    let mut command = match root {
        true => {
            let mut c = Command::new("setpriv");
            c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
                .arg(&exe);
            c
        }
        false => Command::new(&exe),
    };
    command
        .args([
            "--exact",
            "fault_matrix::socket_without_permission_says_which_group_to_join",
        ])
        .args(["--nocapture", "--test-threads=1"])
        .env(CHILD_SOCKET, &socket);
    let output = timed(
        "socket_without_permission (child process)",
        5000,
        move || command.output().unwrap(),
    );
    let _ = std::fs::remove_dir_all(&dir);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let line = &stdout[stdout.find("child: ").expect("the child's line")..];
    assert!(line.contains("Permission denied"), "{line}");
    assert!(
        line.contains("join the `incus-admin` group for full access")
            && line.contains("the `incus` group for the restricted per-user socket"),
        "{line}"
    );
}

/// The daemon closes a kept-alive connection just as the next request goes
/// out on it (it read the request, then closed without answering): a GET
/// is sent once more on a new connection and succeeds; a POST is not sent
/// again (the daemon may have acted on it) and fails.
#[test]
fn pooled_connection_closed_while_idle_is_retried_for_get_never_for_post() {
    let names = || json_reply(200, &sync(json!(["/1.0/profiles/default"])));
    let fake = Fake::start(vec![names(), Reply::Close, names()]);
    let client = fake.client();
    let (first, second) = timed(
        "pooled_connection_closed_while_idle (GET)",
        500,
        move || {
            (
                client.list_profile_names(None),
                client.list_profile_names(None),
            )
        },
    );
    assert_eq!(first.unwrap(), ["default"]);
    assert_eq!(second.unwrap(), ["default"]);
    let methods: Vec<String> = fake.requests().into_iter().map(|r| r.method).collect();
    assert_eq!((methods.len(), fake.accepts()), (3, 2), "{methods:?}");

    let fake = Fake::start(vec![names(), Reply::Close, names()]);
    let client = fake.client();
    let post = ProfilesPost {
        name: "p1".into(),
        ..ProfilesPost::default()
    };
    let (first, second) = timed(
        "pooled_connection_closed_while_idle (POST)",
        500,
        move || {
            (
                client.list_profile_names(None),
                client.create_profile(&post),
            )
        },
    );
    assert_eq!(first.unwrap(), ["default"]);
    let e = second.unwrap_err();
    assert!(transport(&e) && !e.is_timeout(), "{e:?}");
    assert_eq!(
        e.to_string(),
        "POST /1.0/profiles: the daemon closed the kept-alive connection before answering"
    );
    let methods: Vec<String> = fake.requests().into_iter().map(|r| r.method).collect();
    assert_eq!(methods, ["GET", "POST"], "one POST only");
    assert_eq!(fake.accepts(), 1);
}
