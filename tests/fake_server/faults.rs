//! Faults beyond the matrix of issue 13 (`fault_matrix`): error
//! envelopes, replies closed without an answer, long-polled operations,
//! inputs refused before sending, websocket and extension edge cases.

use std::os::unix::net::UnixListener;
use std::thread;
use std::time::{Duration, Instant};

use incus::models::ProfilePut;
use incus::{Client, ClientBuilder, Error};
use serde_json::{Value, json};

use super::{
    Fake, Reply, Request, assert_api, async_reply, error_envelope, http, json_reply, operation,
    server_with, sync, websocket_reply, within,
};

#[test]
fn not_found_envelope() {
    let fake = Fake::start(vec![json_reply(
        404,
        &error_envelope(404, "Profile not found"),
    )]);
    let client = fake.client();
    let e = within(2000, move || client.get_profile("web")).unwrap_err();
    assert_api(&e, 404, "Profile not found");
    assert!(e.is_not_found() && !e.is_precondition_failed(), "{e}");
    let requests = fake.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(
        (requests[0].method.as_str(), requests[0].path.as_str()),
        ("GET", "/1.0/profiles/web")
    );
    assert_eq!(requests[0].header("Accept"), Some("application/json"));
}

#[test]
fn precondition_failed_on_put_with_etag() {
    let fake = Fake::start(vec![json_reply(
        412,
        &error_envelope(412, "ETag doesn't match"),
    )]);
    let client = fake.client();
    let put = ProfilePut {
        description: Some("x".into()),
        ..ProfilePut::default()
    };
    let e = within(2000, move || {
        client.replace_profile("default", &put, Some("etag-1"))
    })
    .unwrap_err();
    assert!(e.is_precondition_failed(), "{e:?}");
    assert_api(&e, 412, "ETag doesn't match");
    let r = &fake.requests()[0];
    assert_eq!(
        (r.method.as_str(), r.path.as_str()),
        ("PUT", "/1.0/profiles/default")
    );
    assert_eq!(r.header("If-Match"), Some("etag-1"));
    assert_eq!(r.header("Content-Type"), Some("application/json"));
    let body: Value = serde_json::from_slice(&r.body).unwrap();
    assert_eq!(body, json!({"description": "x"}));
}

#[test]
fn server_error_envelope() {
    let fake = Fake::start(vec![json_reply(
        500,
        &error_envelope(500, "Failed to load profile"),
    )]);
    let client = fake.client();
    let e = within(2000, move || client.get_profile("web")).unwrap_err();
    assert_api(&e, 500, "Failed to load profile");
    assert_eq!(e.status(), Some(500));
}

#[test]
fn malformed_json_is_a_decode_error() {
    let fake = Fake::start(vec![Reply::Answer(
        0,
        http(200, "application/json", r#"{"type":"sync","metadata":"#),
    )]);
    let client = fake.client();
    let e = within(2000, move || client.get_profile("web")).unwrap_err();
    match &e {
        Error::Decode { endpoint, .. } => assert_eq!(endpoint, "GET /1.0/profiles/web"),
        other => panic!("expected Decode, got {other:?}"),
    }
}

#[test]
fn closed_or_reset_without_reply_is_a_transport_error() {
    for reply in [Reply::Close, Reply::Reset] {
        let fake = Fake::start(vec![reply]);
        let client = fake.client();
        let started = Instant::now();
        let e = within(2000, move || client.get_profile("web")).unwrap_err();
        assert!(
            started.elapsed() < Duration::from_millis(900),
            "{:?}",
            started.elapsed()
        );
        assert!(matches!(e, Error::Transport(_)) && !e.is_timeout(), "{e:?}");
        // Nothing retried the request on a new connection.
        assert_eq!(fake.accepts(), 1);
    }
}

#[test]
fn failed_operation_carries_its_error() {
    let failed = sync(operation("Failure", 400, "Failed to start: boom"));
    let fake = Fake::start(vec![async_reply(), json_reply(200, &failed)]);
    let client = fake.client();
    let e = within(3000, move || {
        let op = client.start_instance("c1")?;
        assert_eq!((op.id.as_str(), op.status_code.0), ("abc", 103));
        client.wait_for_completion(&op, Duration::from_secs(5))
    })
    .unwrap_err();
    match &e {
        Error::Operation {
            id,
            status_code,
            message,
        } => {
            assert_eq!(
                (id.as_str(), *status_code, message.as_str()),
                ("abc", 400, "Failed to start: boom")
            )
        }
        other => panic!("expected Operation, got {other:?}"),
    }
    let requests = fake.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(
        (requests[0].method.as_str(), requests[0].path.as_str()),
        ("PUT", "/1.0/instances/c1/state")
    );
    let state: Value = serde_json::from_slice(&requests[0].body).unwrap();
    assert_eq!(state["action"], "start");
    assert_eq!(requests[1].method, "GET");
    assert!(
        requests[1]
            .path
            .starts_with("/1.0/operations/abc/wait?timeout="),
        "{}",
        requests[1].path
    );
}

#[test]
fn wait_runs_out_while_the_operation_runs() {
    let running = http(
        200,
        "application/json",
        &sync(operation("Running", 103, "")).to_string(),
    );
    let replies = (0..20)
        .map(|_| Reply::Answer(200, running.clone()))
        .collect();
    let fake = Fake::start(replies);
    let client = fake.client();
    let op: incus::models::Operation =
        serde_json::from_value(operation("Running", 103, "")).unwrap();
    let started = Instant::now();
    let e = within(3000, move || {
        client.wait_for_completion(&op, Duration::from_secs(1))
    })
    .unwrap_err();
    let elapsed = started.elapsed();
    assert!(matches!(&e, Error::Timeout { id } if id == "abc"), "{e:?}");
    assert!(e.is_timeout());
    assert!(
        elapsed >= Duration::from_millis(950) && elapsed < Duration::from_millis(1500),
        "{elapsed:?}"
    );
    let requests = fake.requests();
    assert!(!requests.is_empty());
    // Each wait asks whole seconds that end well before or well after the
    // deadline (2 s while 1 s is left, then 1 s once under 750 ms are left).
    assert!(
        requests.iter().all(|r| {
            r.path == "/1.0/operations/abc/wait?timeout=1"
                || r.path == "/1.0/operations/abc/wait?timeout=2"
        }),
        "{requests:?}"
    );
}

#[test]
fn wait_succeeds_on_the_second_poll() {
    let fake = Fake::start(vec![
        json_reply(200, &sync(operation("Running", 103, ""))),
        json_reply(200, &sync(operation("Success", 200, ""))),
    ]);
    let client = fake.client();
    let op: incus::models::Operation =
        serde_json::from_value(operation("Running", 103, "")).unwrap();
    let done = within(2000, move || {
        client.wait_for_completion(&op, Duration::from_secs(5))
    })
    .unwrap();
    assert_eq!((done.status_code.0, done.status.as_str()), (200, "Success"));
    let requests = fake.requests();
    assert_eq!(requests.len(), 2);
    assert!(
        requests
            .iter()
            .all(|r| r.path.starts_with("/1.0/operations/abc/wait?timeout="))
    );
}

#[test]
fn escaping_reaches_the_wire() {
    let not_found = || json_reply(404, &error_envelope(404, "Profile not found"));
    let names = json_reply(200, &sync(json!(["/1.0/profiles/default?project=p%201"])));
    let fake = Fake::start(vec![not_found(), not_found(), names]);
    let client = fake.client();
    let result = within(3000, move || {
        let slash = client.get_profile("a/b?c#d").unwrap_err();
        let dots = client.get_profile("..").unwrap_err();
        let names = client.with_project("p 1").list_profile_names(None);
        let empty = client.get_profile("").unwrap_err();
        (slash, dots, names, empty)
    });
    let (slash, dots, names, empty) = result;
    assert!(
        slash.is_not_found() && dots.is_not_found(),
        "{slash:?} {dots:?}"
    );
    assert_eq!(names.unwrap(), ["default"]);
    assert!(matches!(empty, Error::InvalidInput(_)), "{empty:?}");
    let paths: Vec<String> = fake.requests().into_iter().map(|r| r.path).collect();
    assert_eq!(
        paths.len(),
        3,
        "the empty name must send nothing: {paths:?}"
    );
    assert_eq!(paths[0], "/1.0/profiles/a%2Fb%3Fc%23d");
    assert_eq!(paths[1], "/1.0/profiles/%2E%2E");
    assert!(
        paths[2].starts_with("/1.0/profiles?") && paths[2].contains("project=p%201"),
        "{}",
        paths[2]
    );
}

#[test]
fn raw_checks_the_path_and_returns_metadata() {
    let fake = Fake::start(vec![json_reply(200, &sync(json!([{"name": "x"}])))]);
    let client = fake.client();
    let (bad, good) = within(2000, move || {
        (
            client.raw("GET", "/1.0/a b", None),
            client.raw("GET", "/1.0/x?recursion=1", None),
        )
    });
    assert!(matches!(bad, Err(Error::InvalidInput(_))), "{bad:?}");
    assert_eq!(good.unwrap(), json!([{"name": "x"}]));
    let requests = fake.requests();
    assert_eq!(requests.len(), 1, "the bad path must send nothing");
    assert_eq!(
        (requests[0].method.as_str(), requests[0].path.as_str()),
        ("GET", "/1.0/x?recursion=1")
    );
}

#[test]
fn sequential_requests_share_one_connection() {
    let fake = Fake::start(vec![
        json_reply(200, &sync(json!(["/1.0/profiles/default"]))),
        json_reply(404, &error_envelope(404, "Profile not found")),
        json_reply(200, &sync(json!([]))),
    ]);
    let client = fake.client();
    let (first, second, third) = within(3000, move || {
        (
            client.list_profile_names(None),
            client.get_profile("gone"),
            client.list_profile_names(None),
        )
    });
    assert_eq!(first.unwrap(), ["default"]);
    assert!(second.unwrap_err().is_not_found());
    assert!(third.unwrap().is_empty());
    assert_eq!(fake.requests().len(), 3);
    assert_eq!(
        fake.accepts(),
        1,
        "keep-alive: one connection for all three requests"
    );
}

#[test]
fn connection_closed_while_idle_is_not_reused() {
    let names = http(
        200,
        "application/json",
        &sync(json!(["/1.0/profiles/default"])).to_string(),
    );
    let fake = Fake::start(vec![
        Reply::Partial(names, 0),
        json_reply(200, &sync(json!([]))),
    ]);
    let client = fake.client();
    let (first, second) = within(2000, move || {
        let first = client.list_profile_names(None);
        thread::sleep(Duration::from_millis(100)); // the server has closed by now
        (first, client.list_profile_names(None))
    });
    assert_eq!(first.unwrap(), ["default"]);
    assert!(second.unwrap().is_empty());
    assert_eq!(fake.accepts(), 2);
}

#[test]
fn error_envelope_with_http_200_is_an_api_error() {
    let fake = Fake::start(vec![
        json_reply(200, &error_envelope(403, "not authorized")),
        json_reply(200, &error_envelope(0, "no code")),
    ]);
    let client = fake.client();
    let (coded, uncoded) = within(2000, move || {
        (client.get_profile("web"), client.get_profile("web"))
    });
    assert_api(&coded.unwrap_err(), 403, "not authorized");
    // With no error_code the HTTP status stands in, even though it is 200.
    assert_api(&uncoded.unwrap_err(), 200, "no code");
}

/// The seconds a `/wait?timeout=N` request asks for.
fn asked_secs(request: &Request) -> Option<u64> {
    request
        .path
        .strip_prefix("/1.0/operations/abc/wait?timeout=")?
        .parse()
        .ok()
}

/// Answers like Incus 6.0.4 for an operation that runs for ever: a wait
/// runs its whole time, then gets HTTP 200 with an error envelope 500
/// "context deadline exceeded"; the operation reads as Running.
fn incus_604_running(request: &Request) -> Reply {
    match asked_secs(request) {
        Some(secs) => Reply::Answer(
            secs * 1000,
            http(
                200,
                "application/json",
                &error_envelope(500, "context deadline exceeded").to_string(),
            ),
        ),
        None => json_reply(200, &sync(operation("Running", 103, ""))),
    }
}

fn running_op() -> incus::models::Operation {
    serde_json::from_value(operation("Running", 103, "")).unwrap()
}

/// Defect 2 of the first user trial: a whole-second deadline came back as the
/// daemon's 500 "context deadline exceeded" instead of a timeout.
#[test]
fn whole_second_wait_is_a_timeout() {
    let fake = Fake::handled(incus_604_running);
    let client = ClientBuilder::unix(&fake.socket).build().unwrap();
    let durations = [0, 300, 990, 999, 1000, 1250, 1500, 1999, 2000, 2001, 3000];
    let waits: Vec<_> = durations
        .iter()
        .map(|&ms| {
            let client = client.clone();
            thread::spawn(move || {
                let started = Instant::now();
                let result = client.wait_for_completion(&running_op(), Duration::from_millis(ms));
                (ms, result, started.elapsed())
            })
        })
        .collect();
    let results = within(6000, move || {
        waits
            .into_iter()
            .map(|w| w.join().unwrap())
            .collect::<Vec<_>>()
    });
    for (ms, result, elapsed) in results {
        let e = result.unwrap_err();
        assert!(
            matches!(&e, Error::Timeout { id } if id == "abc"),
            "{ms} ms: {e:?}"
        );
        let wanted = Duration::from_millis(ms);
        assert!(
            elapsed >= wanted && elapsed < wanted + Duration::from_millis(300),
            "{ms} ms took {elapsed:?}"
        );
    }
}

/// An error from the daemon that is not about the deadline surfaces as
/// itself, whole-second timeouts included.
#[test]
fn wait_errors_not_about_the_deadline_surface() {
    let forbidden = || json_reply(403, &error_envelope(403, "not authorized"));
    let fake = Fake::handled(move |_| forbidden());
    let client = fake.client();
    for ms in [1000, 1500, 2000] {
        let client = client.clone();
        let e = within(3000, move || {
            client.wait_for_completion(&running_op(), Duration::from_millis(ms))
        })
        .unwrap_err();
        assert_api(&e, 403, "not authorized");
    }
    // A failed operation's wait (6.0.4: an error envelope with its text) is
    // the operation's failure, read from the operation itself.
    let failed = sync(operation("Failure", 400, "Command not found"));
    let fake = Fake::handled(move |request| match asked_secs(request) {
        Some(_) => Reply::Answer(
            0,
            http(
                200,
                "application/json",
                &error_envelope(400, "Command not found").to_string(),
            ),
        ),
        None => json_reply(200, &failed),
    });
    let client = fake.client();
    let e = within(3000, move || {
        client.wait_for_completion(&running_op(), Duration::from_secs(1))
    })
    .unwrap_err();
    assert_eq!(e.to_string(), "operation abc failed: Command not found");
}

/// Defect 4: a server that answers every wait at once with the operation
/// still running got 11,000 requests in 2 s.
#[test]
fn wait_answered_at_once_backs_off() {
    let fake = Fake::handled(|_| json_reply(200, &sync(operation("Running", 103, ""))));
    let client = fake.client();
    let started = Instant::now();
    let e = within(4000, move || {
        client.wait_for_completion(&running_op(), Duration::from_secs(2))
    })
    .unwrap_err();
    let elapsed = started.elapsed();
    assert!(matches!(e, Error::Timeout { .. }), "{e:?}");
    assert!(
        elapsed >= Duration::from_secs(2) && elapsed < Duration::from_millis(2300),
        "{elapsed:?}"
    );
    let requests = fake.requests().len();
    assert!((5..=15).contains(&requests), "{requests} requests in 2 s");
}

/// The back-off costs little when the operation does end: two early
/// answers, then Success, seen within a few tens of milliseconds.
#[test]
fn completion_after_early_answers_is_seen_soon() {
    let fake = Fake::start(vec![
        json_reply(200, &sync(operation("Running", 103, ""))),
        json_reply(200, &sync(operation("Running", 103, ""))),
        json_reply(200, &sync(operation("Success", 200, ""))),
    ]);
    let client = fake.client();
    let started = Instant::now();
    let done = within(2000, move || {
        client.wait_for_completion(&running_op(), Duration::from_secs(10))
    })
    .unwrap();
    assert_eq!(done.status_code.0, 200);
    assert!(
        started.elapsed() < Duration::from_millis(200),
        "{:?}",
        started.elapsed()
    );
}

/// Defect 3: a cancelled operation read like an HTTP 401.
#[test]
fn cancelled_operation_says_cancelled() {
    let cancelled = sync(operation("Cancelled", 401, ""));
    let fake = Fake::start(vec![json_reply(200, &cancelled)]);
    let client = fake.client();
    let e = within(2000, move || {
        client.wait_for_completion(&running_op(), Duration::from_secs(5))
    })
    .unwrap_err();
    assert!(e.is_cancelled(), "{e:?}");
    assert_eq!(e.to_string(), "operation abc was cancelled");
    assert_eq!(e.status(), Some(401));
}

/// Defect 5: a transport timeout read `transport error: timeout: global`.
#[test]
fn transport_timeout_names_request_and_timeout() {
    let fake = Fake::start(vec![Reply::Answer(3000, Vec::new())]);
    let client = fake.client();
    let e = within(2500, move || client.list_profile_names(None)).unwrap_err();
    assert!(e.is_timeout(), "{e:?}");
    assert_eq!(
        e.to_string(),
        "GET /1.0/profiles: no complete reply within the client's request timeout (1s)"
    );
    let Error::Transport(t) = &e else {
        panic!("{e:?}")
    };
    assert_eq!(t.endpoint(), "GET /1.0/profiles");
    assert!(std::error::Error::source(&e).is_some());
}

/// A socket file nobody listens on any more (the daemon died): connection
/// refused, and the error says so. (A missing socket file is in
/// `fault_matrix`.)
#[test]
fn stale_socket_says_nothing_is_listening() {
    let dir = std::env::temp_dir().join(format!("incus-fake-sock-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let _cleanup = Cleanup(|| {
        let _ = std::fs::remove_dir_all(&dir);
    });
    let stale = dir.join("stale.socket");
    drop(UnixListener::bind(&stale).unwrap());
    let e = Client::unix(&stale).unwrap().get_server().unwrap_err();
    assert!(matches!(e, Error::Transport(_)), "{e:?}");
    assert!(e.to_string().contains("nothing is listening"), "{e}");
}

/// Defect 1: a NUL in a name reached another object (`get_profile("default\0evil")`
/// returned `default`). Every name, query value and body string the daemon
/// would cut is refused before anything is sent.
#[test]
fn nul_in_name_is_refused_before_sending() {
    let fake = Fake::start(Vec::new());
    let client = fake.client();
    let put = ProfilePut {
        description: Some("overwritten".into()),
        ..ProfilePut::default()
    };
    let nul_description = ProfilePut {
        description: Some("a\0b".into()),
        ..ProfilePut::default()
    };
    let bad_op = incus::models::Operation {
        id: "abc\0".into(),
        ..running_op()
    };
    let filter = incus::ListOptions::new().filter("name eq x\0");
    let created = incus::models::ProfilesPost {
        name: "v\0x".into(),
        ..Default::default()
    };
    let calls: Vec<(&str, incus::Result<()>)> = vec![
        ("name", client.get_profile("default\0evil").map(drop)),
        ("name", client.get_project("default\0zzz").map(drop)),
        ("name", client.delete_profile("v\0x")),
        ("name", client.update_profile("v\0x", &put, None)),
        ("name", client.get_instance("c1\n").map(drop)),
        ("id", client.get_operation("abc\u{7f}").map(drop)),
        (
            "id",
            client
                .wait_for_completion(&bad_op, Duration::from_secs(1))
                .map(drop),
        ),
        (
            "project",
            client
                .with_project("default\0zzz")
                .list_profile_names(None)
                .map(drop),
        ),
        ("project", client.with_project("").get_server().map(drop)),
        ("target", client.with_target("m1\r").get_server().map(drop)),
        ("filter", client.list_instances(Some(&filter)).map(drop)),
        (
            "path",
            client
                .raw("GET", "/1.0/profiles/default%00evil", None)
                .map(drop),
        ),
        ("body field `name`", client.create_profile(&created)),
        (
            "body field `description`",
            client.update_profile("v", &nul_description, None),
        ),
    ];
    for (what, result) in calls {
        match result {
            Err(Error::InvalidInput(message)) => {
                assert!(message.starts_with(what), "{what}: {message}")
            }
            other => panic!("{what}: expected InvalidInput, got {other:?}"),
        }
    }
    assert!(fake.requests().is_empty(), "{:?}", fake.requests());
    assert_eq!(fake.accepts(), 0);
}

/// A fingerprint that is not hex (`aliases` would reach the alias list) and
/// an empty image secret are refused before anything is sent.
#[test]
fn image_inputs_are_refused_before_sending() {
    let fake = Fake::start(Vec::new());
    let client = fake.client();
    let calls: Vec<(&str, incus::Result<()>)> = vec![
        (
            "fingerprint \"aliases\"",
            client.get_image("aliases").map(drop),
        ),
        ("fingerprint \"\"", client.delete_image("").map(drop)),
        (
            "fingerprint \"06b8/",
            client.refresh_image("06b8/x").map(drop),
        ),
        (
            "secret must not be empty",
            client.get_image_with_secret("06b8", "").map(drop),
        ),
    ];
    for (what, result) in calls {
        match result {
            Err(Error::InvalidInput(message)) => {
                assert!(message.starts_with(what), "{what}: {message}")
            }
            other => panic!("{what}: expected InvalidInput, got {other:?}"),
        }
    }
    assert!(fake.requests().is_empty(), "{:?}", fake.requests());
}

/// Defect 5: `raw` users could not get an `Operation` without serde_json.
#[test]
fn raw_operation_returns_an_operation() {
    let fake = Fake::start(vec![
        async_reply(),
        json_reply(200, &sync(operation("Success", 200, ""))),
        json_reply(200, &sync(json!({}))),
    ]);
    let client = fake.client();
    let (op, done, not_async) = within(3000, move || {
        let body = json!({"command": ["true"], "wait-for-websocket": false});
        let op = client
            .raw_operation("POST", "/1.0/instances/c1/exec", Some(&body))
            .unwrap();
        let done = client.wait_for_completion(&op, Duration::from_secs(5));
        let not_async = client.raw_operation("GET", "/1.0", None);
        (op, done, not_async)
    });
    assert_eq!(op.id, "abc");
    assert_eq!(done.unwrap().status_code.0, 200);
    assert!(
        matches!(not_async, Err(Error::Decode { .. })),
        "{not_async:?}"
    );
    let requests = fake.requests();
    assert_eq!(
        (requests[0].method.as_str(), requests[0].path.as_str()),
        ("POST", "/1.0/instances/c1/exec")
    );
}

/// Runs `f` when dropped.
struct Cleanup<F: FnMut()>(F);

impl<F: FnMut()> Drop for Cleanup<F> {
    fn drop(&mut self) {
        (self.0)()
    }
}

/// A websocket upgrade the daemon refuses is its API error.
#[test]
fn websocket_refused_is_an_api_error() {
    let fake = super::Fake::start(vec![json_reply(403, &error_envelope(403, "Bad secret"))]);
    let client = fake.client();
    let e = within(3000, move || {
        client.connect_operation_websocket("abc", "nope")
    })
    .unwrap_err();
    assert_api(&e, 403, "Bad secret");
}

/// The daemon pings, sends its last data and a close, and is gone before
/// the client reads: the pong and the close reply cannot be delivered, yet
/// the data is read and the stream ends cleanly (it used to fail with
/// "Broken pipe" and lose the data).
#[test]
fn websocket_data_before_the_daemon_left_is_still_read() {
    let fake = super::Fake::handled(|request| {
        // A ping, a binary frame "last", a close; then the connection closes.
        websocket_reply(request, b"\x89\x00\x82\x04last\x88\x00", 50)
    });
    let client = fake.client();
    let (first, second) = within(5000, move || {
        let mut ws = client.connect_operation_websocket("abc", "s1").unwrap();
        std::thread::sleep(std::time::Duration::from_millis(300));
        (ws.recv(), ws.recv())
    });
    assert_eq!(first.unwrap().as_deref(), Some(&b"last"[..]));
    assert_eq!(second.unwrap(), None);
}

#[test]
fn extensions_are_read_once_per_client_and_its_clones() {
    let server = server_with(&["etag", "instance_nvram"], json!({}));
    let fake = Fake::start(vec![server]);
    let client = fake.client();
    let answers = within(3000, move || {
        // The first to ask is a scoped clone: the daemon's list is read
        // without its project and target, and serves every clone.
        let scoped = client.with_project("p").with_target("no-such-member");
        [
            scoped.has_extension("instance_nvram").unwrap(),
            client.has_extension("nvram").unwrap(),
            client.with_project("q").has_extension("etag").unwrap(),
        ]
    });
    assert_eq!(answers, [true, false, true]);
    let paths: Vec<String> = fake.requests().into_iter().map(|r| r.path).collect();
    assert_eq!(paths, ["/1.0"]);
}

#[test]
fn a_failed_extension_read_is_the_error_and_is_not_cached() {
    let fake = Fake::start(vec![
        json_reply(500, &error_envelope(500, "database busy")),
        server_with(&["instance_nvram"], json!({})),
    ]);
    let client = fake.client();
    let (first, second) = within(3000, move || {
        let first = client.has_extension("instance_nvram").unwrap_err();
        (first, client.has_extension("instance_nvram").unwrap())
    });
    assert_api(&first, 500, "database busy");
    assert_eq!(first.endpoint(), Some("GET /1.0"));
    assert!(second);
    assert_eq!(fake.requests().len(), 2);
}

/// `wait_with_progress` hands the running operation's progress to its
/// callback while it waits, and returns the finished operation.
#[test]
fn waits_surface_the_operations_progress() {
    let polls = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let seen = polls.clone();
    let fake = Fake::handled(move |request| {
        let n = seen.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let mut op = operation("Running", 103, "");
        op["metadata"] =
            json!({"create_image_from_container_pack_progress": format!("Image pack: {n}")});
        if request.path.contains("/wait") {
            // Hold the wait as a daemon would, then answer it still running.
            std::thread::sleep(Duration::from_millis(150));
            return json_reply(200, &sync(op));
        }
        if n >= 6 {
            op = operation("Success", 200, "");
        }
        json_reply(200, &sync(op))
    });
    let client = fake.client();
    let running: incus::models::Operation =
        serde_json::from_value(operation("Running", 103, "")).unwrap();
    let (done, shown) = within(10_000, move || {
        let mut shown = Vec::new();
        let done = client.wait_with_progress(
            &running,
            Duration::from_secs(5),
            Duration::from_millis(200),
            |op| shown.push(op.metadata["create_image_from_container_pack_progress"].clone()),
        );
        (done, shown)
    });
    assert!(done.unwrap().status_code.is_success());
    assert!(!shown.is_empty(), "no progress shown");
    assert!(
        shown
            .iter()
            .all(|p| p.as_str().unwrap().starts_with("Image pack: ")),
        "{shown:?}"
    );
    let e = fake.client().wait_with_progress(
        &serde_json::from_value(operation("Running", 103, "")).unwrap(),
        Duration::from_secs(1),
        Duration::from_millis(10),
        |_| {},
    );
    assert!(matches!(e, Err(Error::InvalidInput(_))), "{e:?}");
}
