//! The event stream (`GET /1.0/events`): events in order around the
//! daemon's pings, the daemon closing or dropping the stream (an error,
//! never a hang or a silent end), garbage messages, a stop from another
//! thread, a read timeout, a refusal, and a drop that closes the connection.

use std::time::{Duration, Instant};

use incus::{Error, EventFilter, Events};
use serde_json::json;

use super::{Fake, assert_api, error_envelope, json_reply, websocket_reply, within};

/// An unmasked server frame: `opcode` (0x1 text, 0x2 binary, 0x8 close,
/// 0x9 ping) and its payload (under 64 KiB).
fn frame(opcode: u8, payload: &[u8]) -> Vec<u8> {
    let mut bytes = vec![0x80 | opcode];
    match u16::try_from(payload.len()).unwrap() {
        short @ 0..126 => bytes.push(short as u8),
        long => {
            bytes.push(126);
            bytes.extend_from_slice(&long.to_be_bytes());
        }
    }
    bytes.extend_from_slice(payload);
    bytes
}

fn text(value: serde_json::Value) -> Vec<u8> {
    frame(0x1, value.to_string().as_bytes())
}

/// A lifecycle event for `/1.0/instances/c1`.
fn lifecycle(action: &str) -> Vec<u8> {
    text(
        json!({"type": "lifecycle", "timestamp": "2026-12-02T05:59:37Z", "project": "p",
                "metadata": {"action": action, "source": "/1.0/instances/c1"}}),
    )
}

/// Every item `events` gives until it ends (at most 10).
fn drain(events: Events) -> Vec<incus::Result<incus::models::Event>> {
    events.take(10).collect()
}

#[test]
fn events_come_in_order_and_a_daemon_close_ends_them_with_an_error() {
    let mut frames = frame(0x9, b"keepalive"); // the daemon's first ping
    frames.extend(lifecycle("instance-created"));
    frames.extend(text(
        json!({"type": "operation", "timestamp": "2026-12-02T05:59:38Z",
                              "metadata": {"id": "abc", "status_code": 200}}),
    ));
    frames.extend(lifecycle("instance-started"));
    frames.extend(frame(0x8, b"\x03\xe9going away")); // close, code 1001
    let fake = Fake::handled(move |request| websocket_reply(request, &frames, 50));
    let client = fake.client().with_project("p");
    let items = within(5000, move || {
        let filter = EventFilter::new().lifecycle().operation().all_projects();
        drain(client.connect_events(Some(&filter)).unwrap())
    });
    assert_eq!(items.len(), 4, "{items:?}");
    let event = |i: usize| items[i].as_ref().unwrap();
    let action = |i: usize| event(i).lifecycle().unwrap().unwrap().action;
    assert_eq!(action(0), "instance-created");
    assert_eq!(event(0).project, "p");
    assert_eq!(event(1).operation().unwrap().unwrap().id, "abc");
    assert_eq!(action(2), "instance-started");
    let e = items[3].as_ref().unwrap_err();
    assert!(matches!(e, Error::Transport(_)), "{e:?}");
    assert_eq!(e.endpoint(), Some("GET /1.0/events"));
    assert_eq!(
        e.to_string(),
        "GET /1.0/events: the daemon closed the event stream (code 1001: going away)"
    );
    // all-projects stands for the client's project, which is not sent.
    let requests = fake.requests();
    assert_eq!(
        requests[0].path,
        "/1.0/events?type=lifecycle,operation&all-projects=true"
    );
    assert_eq!(requests[0].header("Upgrade"), Some("websocket"));
}

#[test]
fn a_dropped_connection_ends_the_stream_with_an_error_not_a_hang() {
    let fake =
        Fake::handled(|request| websocket_reply(request, &lifecycle("instance-stopped"), 100));
    let client = fake.client();
    let items = within(5000, move || drain(client.connect_events(None).unwrap()));
    assert_eq!(items.len(), 2, "{items:?}");
    assert!(items[0].is_ok());
    let e = items[1].as_ref().unwrap_err();
    assert!(matches!(e, Error::Transport(_)), "{e:?}");
    assert!(!e.is_timeout());
    assert!(e.to_string().contains("connection dropped"), "{e}");
    assert_eq!(fake.requests()[0].path, "/1.0/events");
}

#[test]
fn garbage_messages_are_decode_errors_and_the_stream_goes_on() {
    let mut frames = frame(0x1, b"not json");
    frames.extend(frame(0x2, b"\xff\x00"));
    frames.extend(text(json!(["an", "array"])));
    frames.extend(text(json!({"metadata": {}})));
    frames.extend(lifecycle("instance-deleted"));
    frames.extend(frame(0x8, b"\x03\xe8")); // close, code 1000
    let fake = Fake::handled(move |request| websocket_reply(request, &frames, 50));
    let client = fake.client();
    let items = within(5000, move || drain(client.connect_events(None).unwrap()));
    assert_eq!(items.len(), 6, "{items:?}");
    for item in &items[..4] {
        let e = item.as_ref().unwrap_err();
        assert!(matches!(e, Error::Decode { .. }), "{e:?}");
        assert_eq!(e.endpoint(), Some("GET /1.0/events"));
    }
    let deleted = items[4].as_ref().unwrap().lifecycle().unwrap().unwrap();
    assert_eq!(deleted.action, "instance-deleted");
    let e = items[5].as_ref().unwrap_err();
    assert!(
        e.to_string()
            .ends_with("closed the event stream (code 1000)"),
        "{e}"
    );
}

#[test]
fn a_stop_from_another_thread_ends_a_blocked_stream_with_none() {
    // The daemon pings and then sends nothing for 10 s.
    let fake = Fake::handled(|request| websocket_reply(request, &frame(0x9, b"keepalive"), 10_000));
    let client = fake.client();
    let (first, second, waited, stopped) = within(5000, move || {
        let mut events = client.connect_events(None).unwrap();
        let handle = events.handle();
        let stopper = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(200));
            handle.stop();
            handle.stop(); // twice: nothing more
        });
        let started = Instant::now();
        let first = events.next().map(|item| item.map(drop));
        let waited = started.elapsed();
        stopper.join().unwrap();
        (
            first,
            events.next().is_none(),
            waited,
            events.handle().is_stopped(),
        )
    });
    assert!(first.is_none(), "{first:?}");
    assert!(second && stopped);
    assert!(
        waited >= Duration::from_millis(150) && waited < Duration::from_secs(1),
        "{waited:?}"
    );
}

#[test]
fn a_read_timeout_is_an_error_and_the_stream_goes_on() {
    let fake = Fake::handled(|request| websocket_reply(request, b"", 10_000));
    let client = fake.client();
    let (first, second) = within(5000, move || {
        let mut events = client.connect_events(None).unwrap();
        events
            .set_read_timeout(Some(Duration::from_millis(100)))
            .unwrap();
        let first = events.next().unwrap().unwrap_err();
        let second = events.next().unwrap().unwrap_err();
        events.handle().stop();
        assert!(events.next().is_none());
        (first, second)
    });
    for e in [first, second] {
        assert!(e.is_timeout(), "{e:?}");
        assert!(e.to_string().contains("its read timeout (100ms)"), "{e}");
    }
}

#[test]
fn a_refused_stream_is_the_daemons_error() {
    let refused = error_envelope(400, "\"ovn\" isn't a supported event type");
    let fake = Fake::start(vec![json_reply(400, &refused)]);
    let client = fake.client();
    let e = within(3000, move || {
        let filter = EventFilter::new().event_type("ovn");
        client.connect_events(Some(&filter)).unwrap_err()
    });
    assert_api(&e, 400, "\"ovn\" isn't a supported event type");
    assert_eq!(e.endpoint(), Some("GET /1.0/events"));
    // A type with a comma is refused before anything is sent.
    let client = fake.client();
    let e = client
        .connect_events(Some(&EventFilter::new().event_type("a,b")))
        .unwrap_err();
    assert!(matches!(e, Error::InvalidInput(_)), "{e:?}");
    assert_eq!(fake.requests().len(), 1);
}

/// Dropping the stream closes its connection, though a handle (which holds
/// a duplicate of the socket) lives on: the daemon sees the end at once.
#[test]
fn dropping_the_stream_closes_it_while_a_handle_lives() {
    use std::io::{Read, Write};
    use std::os::unix::net::UnixListener;
    let dir = std::env::temp_dir().join(format!("incus-events-drop-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let socket = dir.join("unix.socket");
    let listener = UnixListener::bind(&socket).unwrap();
    let daemon = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let mut head = Vec::new();
        let mut byte = [0u8];
        while !head.ends_with(b"\r\n\r\n") {
            stream.read_exact(&mut byte).unwrap();
            head.push(byte[0]);
        }
        let head = String::from_utf8(head).unwrap();
        let key = head
            .lines()
            .find_map(|line| line.strip_prefix("Sec-WebSocket-Key: "))
            .unwrap();
        let accept = tungstenite::handshake::derive_accept_key(key.trim().as_bytes());
        let reply = format!(
            "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\
             Connection: Upgrade\r\nSec-WebSocket-Accept: {accept}\r\n\r\n"
        );
        stream.write_all(reply.as_bytes()).unwrap();
        // Until the client's end: end of file within 2 s, or a timeout.
        stream
            .set_read_timeout(Some(Duration::from_secs(2)))
            .unwrap();
        let started = Instant::now();
        let mut buf = [0u8; 64];
        loop {
            match stream.read(&mut buf) {
                Ok(0) => return Some(started.elapsed()),
                Ok(_) => {}
                Err(_) => return None,
            }
        }
    });
    let client = incus::ClientBuilder::unix(&socket).build().unwrap();
    let events = client.connect_events(None).unwrap();
    let handle = events.handle();
    drop(events);
    let closed = daemon.join().unwrap();
    drop(handle);
    let _ = std::fs::remove_dir_all(&dir);
    let closed = closed.expect("the daemon saw the connection end");
    assert!(closed < Duration::from_secs(1), "{closed:?}");
}
