//! Trust tokens, certificates and metrics where the live daemon cannot
//! show the case: a token operation decoded into the token (and one that
//! holds none), bodies refused before sending, and the metrics text (a
//! non-UTF-8 reply, an error reply).

use incus::Error;
use incus::models::{CertificateAddToken, CertificatesPost};
use serde_json::json;

use super::{Fake, Reply, assert_api, created, error_envelope, http, json_reply, within};

const FINGERPRINT: &str = "57bb0ff4340b5bb28517e062023101adf788c37846dc8b619eb2c3cb4ef29436";

/// The `async` reply of a token request: the operation the spec's
/// `certificates_post` documents, its metadata `metadata`.
fn token_reply(metadata: serde_json::Value) -> Reply {
    let op = json!({"id": "tok1", "class": "token", "description": "Executing operation",
        "status": "Running", "status_code": 103, "resources": null, "metadata": metadata,
        "may_cancel": true, "err": "", "location": "none"});
    created(op)
}

#[test]
fn a_token_operation_becomes_the_token_and_keeps_its_id() {
    let meta = json!({"addresses": ["10.0.0.1:8443", "[::1]:8443"], "fingerprint": FINGERPRINT,
        "secret": "2b2284d4", "expiresAt": "2030-01-01T00:00:00Z",
        "request": {"name": "laptop", "type": "client", "restricted": true,
                    "projects": ["p1"], "token": true}});
    let fake = Fake::start(vec![token_reply(meta)]);
    let client = fake.client();
    let (token, op) = within(3000, move || {
        client
            .create_certificate_token(&CertificatesPost::token("laptop").restricted_to(["p1"]))
            .unwrap()
    });
    assert_eq!(op.id, "tok1");
    assert_eq!(
        token,
        CertificateAddToken {
            client_name: "laptop".into(),
            fingerprint: FINGERPRINT.into(),
            addresses: vec!["10.0.0.1:8443".into(), "[::1]:8443".into()],
            secret: "2b2284d4".into(),
            expires_at: "2030-01-01T00:00:00Z".into(),
        }
    );
    assert_eq!(CertificateAddToken::decode(&token.encode()).unwrap(), token);
    let sent = fake.requests();
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&sent[0].body).unwrap(),
        json!({"name": "laptop", "type": "client", "restricted": true, "projects": ["p1"],
               "token": true})
    );
}

#[test]
fn an_operation_without_a_token_is_a_decode_error() {
    let fake = Fake::start(vec![token_reply(json!({"secret": "s"}))]);
    let client = fake.client();
    let e = within(3000, move || {
        client
            .create_certificate_token(&CertificatesPost::token("x"))
            .unwrap_err()
    });
    assert!(matches!(e, Error::Decode { .. }), "{e:?}");
    assert!(e.to_string().contains("tok1"), "{e}");
}

#[test]
fn bad_bodies_are_refused_before_sending() {
    let fake = Fake::start(vec![]);
    let client = fake.client();
    let half = CertificateAddToken {
        client_name: "laptop".into(),
        fingerprint: FINGERPRINT.into(),
        addresses: vec!["127.0.0.1:8443".into()],
        ..Default::default()
    };
    let (join, create) = within(3000, move || {
        (
            client.add_certificate_with_token(&half).unwrap_err(),
            client
                .create_certificate(&CertificatesPost::token("t"))
                .unwrap_err(),
        )
    });
    assert!(
        matches!(&join, Error::InvalidInput(m) if m.contains("no secret")),
        "{join:?}"
    );
    assert!(
        matches!(&create, Error::InvalidInput(m) if m.contains("create_certificate_token")),
        "{create:?}"
    );
    assert!(fake.requests().is_empty());
}

#[test]
fn metrics_are_the_text_as_sent() {
    let text = "# HELP incus_uptime_seconds The daemon uptime in seconds.\n\
                # TYPE incus_uptime_seconds gauge\nincus_uptime_seconds 12.5\n# EOF\n";
    let fake = Fake::start(vec![
        Reply::Answer(0, http(200, "text/plain", text)),
        Reply::Answer(0, {
            let mut reply =
                b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\n"
                    .to_vec();
            reply.extend_from_slice(&[0xff, 0xfe]);
            reply
        }),
        json_reply(403, &error_envelope(403, "not authorized")),
    ]);
    let client = fake.client();
    let (ok, latin, denied) = within(3000, move || {
        (
            client.get_metrics(),
            client.get_metrics(),
            client.get_metrics(),
        )
    });
    assert_eq!(ok.unwrap(), text);
    let latin = latin.unwrap_err();
    assert!(matches!(latin, Error::Decode { .. }), "{latin:?}");
    assert_api(&denied.unwrap_err(), 403, "not authorized");
}

/// A trust token goes in the field the server takes it in: `trust_token`
/// for Incus and for LXD with `explicit_trust_token`, `password` for LXD
/// before it (LXD 5.0). The server is told apart by an untrusted client
/// from its API extensions alone (no `environment` is shown to it).
#[test]
fn a_trust_token_goes_where_the_server_takes_it() {
    let token = CertificateAddToken {
        client_name: "laptop".into(),
        fingerprint: FINGERPRINT.into(),
        addresses: vec!["127.0.0.1:8443".into()],
        secret: "2b2284d4".into(),
        expires_at: String::new(),
    };
    let cases = [
        (vec!["etag", "devlxd_events"], "password"),
        (
            vec!["etag", "devlxd_events", "explicit_trust_token"],
            "trust_token",
        ),
        (vec!["etag", "dev_incus_events"], "trust_token"),
    ];
    for (extensions, field) in cases {
        let server = json!({"type": "sync", "status": "Success", "status_code": 200,
            "metadata": {"api_extensions": extensions, "auth": "untrusted"}});
        let done = json!({"type": "sync", "status": "Success", "status_code": 200,
            "metadata": {}});
        let fake = Fake::start(vec![json_reply(200, &server), json_reply(200, &done)]);
        let client = fake.client();
        let sent = token.clone();
        within(3000, move || {
            client.add_certificate_with_token(&sent).unwrap()
        });
        let requests = fake.requests();
        assert_eq!(requests.len(), 2, "{extensions:?}");
        let body: serde_json::Value = serde_json::from_slice(&requests[1].body).unwrap();
        assert_eq!(body, json!({ field: token.encode() }), "{extensions:?}");
    }
}
