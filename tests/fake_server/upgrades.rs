//! HTTP upgrades: SFTP (`Upgrade: sftp`), and those gated on API
//! extensions Incus 6.0.4 lacks, NBD (`Upgrade: nbd`) and port-forward
//! (`Upgrade: tcp`). The fake answers `101 Switching Protocols` and then
//! speaks the protocol on the same connection; or refuses, or answers
//! without switching.

use std::io::{Read, Write};

use incus::models::InstancePortForwardPost;
use incus::{ConnectInstanceNbdOptions, Error};
use serde_json::{Value, json};

use super::newer::{gated, json_body, lines};
use super::{Fake, Reply, assert_api, error_envelope, json_reply, switched, sync, within};

#[test]
fn nbd_switches_protocols_and_hands_over_the_stream() {
    // The NBD fixed newstyle greeting follows the daemon's 101 at once.
    let greeting = b"NBDMAGICIHAVEOPT\x00\x03";
    let (got, sent) = gated("instance_nbd", vec![switched("nbd", greeting)], |c| {
        let options = ConnectInstanceNbdOptions::new().reuse();
        let mut nbd = c.connect_instance_nbd("vm1", Some(&options)).unwrap();
        let mut read = [0u8; 18];
        nbd.read_exact(&mut read).unwrap();
        (nbd.protocol().to_string(), read)
    });
    assert_eq!(got.0, "nbd");
    assert_eq!(&got.1, greeting);
    assert_eq!(lines(&sent), [("GET", "/1.0/instances/vm1/nbd?reuse=1")]);
    assert_eq!(sent[0].header("Upgrade"), Some("nbd"));
    assert_eq!(sent[0].header("Connection"), Some("Upgrade"));
    assert!(sent[0].body.is_empty());
}

#[test]
fn port_forward_carries_bytes_both_ways() {
    // After the switch, the fake reads the client's bytes as it would a
    // request (here one for a web server inside the instance) and answers
    // as that server, then closes.
    let page = b"HTTP/1.0 200 OK\r\n\r\nhello from c1".to_vec();
    let (got, sent) = gated(
        "instance_port_forward",
        vec![switched("tcp", b""), Reply::Partial(page, 0)],
        |c| {
            let web = InstancePortForwardPost {
                port: 80,
                ..Default::default()
            };
            let mut tcp = c.connect_instance_port_forward("c1", &web).unwrap();
            tcp.write_all(b"GET /index.html HTTP/1.0\r\n\r\n").unwrap();
            let mut reply = String::new();
            tcp.read_to_string(&mut reply).unwrap();
            reply
        },
    );
    assert_eq!(got, "HTTP/1.0 200 OK\r\n\r\nhello from c1");
    assert_eq!(
        lines(&sent),
        [
            ("POST", "/1.0/instances/c1/port-forward"),
            ("GET", "/index.html")
        ]
    );
    assert_eq!(sent[0].header("Upgrade"), Some("tcp"));
    assert_eq!(sent[0].header("Content-Type"), Some("application/json"));
    assert_eq!(json_body(&sent[0]), json!({"port": 80}));
}

#[test]
fn refused_or_other_upgrades_are_errors() {
    let refused = json_reply(400, &error_envelope(400, "Invalid port 0"));
    let not_switched = json_reply(200, &sync(Value::Null));
    let chunked = Reply::Answer(
        0,
        b"HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n\
          4\r\n{\"ty\r\n3a\r\npe\":\"error\",\"error_code\":404,\"error\":\"Instance not found\"}\r\n0\r\n\r\n"
            .to_vec(),
    );
    let (errors, sent) = gated(
        "instance_port_forward",
        vec![refused, not_switched, chunked, switched("nbd", b"")],
        |c| {
            let forward = InstancePortForwardPost::default();
            [(); 4].map(|()| c.connect_instance_port_forward("c1", &forward).unwrap_err())
        },
    );
    assert_eq!(sent.len(), 4);
    assert_api(&errors[0], 400, "Invalid port 0");
    assert!(
        matches!(&errors[1], Error::Decode { .. }),
        "{:?}",
        errors[1]
    );
    assert!(
        errors[1].to_string().contains("got HTTP 200"),
        "{}",
        errors[1]
    );
    assert_api(&errors[2], 404, "Instance not found");
    assert!(
        errors[3].to_string().contains("switched to \"nbd\""),
        "{}",
        errors[3]
    );
    assert_eq!(
        errors[0].endpoint(),
        Some("POST /1.0/instances/c1/port-forward")
    );
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
    assert!(e.to_string().contains("(HTTP 101), got HTTP 200"), "{e}");
    let e = other.unwrap_err();
    assert!(e.to_string().contains("switched to \"websocket\""), "{e}");
}
