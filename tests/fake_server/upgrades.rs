//! Upgraded connections (SFTP): what a 101 hands over, and what any other
//! reply becomes.

use std::io::{Read, Write};

use incus::Error;
use serde_json::json;

use super::{Fake, Reply, assert_api, error_envelope, json_reply, sync, within};

/// A 101 to `protocol`, followed by `bytes`; the connection then stays
/// open a moment and closes.
fn switched(protocol: &str, bytes: &[u8]) -> Reply {
    let mut reply = format!(
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: {protocol}\r\nConnection: Upgrade\r\n\r\n"
    )
    .into_bytes();
    reply.extend_from_slice(bytes);
    Reply::Partial(reply, 200)
}

#[test]
fn bytes_after_the_head_are_the_stream_start() {
    // SSH_FXP_VERSION 3, in the same write as the head.
    let version = [0, 0, 0, 5, 2, 0, 0, 0, 3];
    let fake = Fake::start(vec![switched("sftp", &version)]);
    let client = fake.client().with_project("p");
    let got = within(3000, move || {
        let mut sftp = client.connect_instance_sftp("c 1").unwrap();
        sftp.write_all(&[0, 0, 0, 5, 1, 0, 0, 0, 3]).unwrap();
        let mut got = [0u8; 9];
        sftp.read_exact(&mut got).unwrap();
        got
    });
    assert_eq!(got, version);
    let requests = fake.requests();
    let r = &requests[0];
    assert_eq!(
        (r.method.as_str(), r.path.as_str()),
        ("GET", "/1.0/instances/c%201/sftp?project=p")
    );
    assert_eq!(r.header("Upgrade"), Some("sftp"));
}

#[test]
fn refusals_are_the_daemons_errors() {
    // Chunked, on a connection left open: read to the last chunk, no hang.
    let body = error_envelope(400, "Missing or invalid upgrade header").to_string();
    let chunked = format!(
        "HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\n\
         Transfer-Encoding: chunked\r\n\r\n{:x}\r\n{body}\r\n0\r\n\r\n",
        body.len()
    );
    let fake = Fake::start(vec![
        json_reply(404, &error_envelope(404, "Instance not found")),
        Reply::Answer(0, chunked.into_bytes()),
        json_reply(200, &sync(json!({}))),
        switched("websocket", b""),
    ]);
    let client = fake.client();
    let results = within(5000, move || {
        (0..4)
            .map(|_| client.connect_instance_sftp("c1").map(drop))
            .collect::<Vec<_>>()
    });
    let [missing, bad, ok, other] = results.try_into().unwrap();
    let e = missing.unwrap_err();
    assert_api(&e, 404, "Instance not found");
    assert_eq!(e.endpoint(), Some("GET /1.0/instances/c1/sftp"));
    assert_api(&bad.unwrap_err(), 400, "Missing or invalid upgrade header");
    let e = ok.unwrap_err();
    assert!(matches!(e, Error::Decode { .. }), "{e:?}");
    assert!(e.to_string().contains("expected 101"), "{e}");
    let e = other.unwrap_err();
    assert!(e.to_string().contains("\"websocket\", not \"sftp\""), "{e}");
}
