//! Clustering where the live test cannot show the case: a join token
//! operation decoded (and one holding none), joins refused before the
//! secret is sent, a disable answered `sync`, and a join's token in the
//! field the server takes it in.

use incus::Error;
use incus::models::{ClusterMemberJoinToken, ClusterMembersPost, ClusterPut, StatusCode};
use serde_json::json;

use super::{Fake, Reply, created, incus_server, json_reply, server_with, sync, within};

/// A throwaway self-signed certificate and its SHA-256 fingerprint (as in
/// the crate's token unit tests).
const PEM: &str = "-----BEGIN CERTIFICATE-----
MIIBhTCCASugAwIBAgIUH2y+M1VkOwRkEmK7jiGXAq+YikkwCgYIKoZIzj0EAwIw
GDEWMBQGA1UEAwwNaW5jdXMtcnMtdGVzdDAeFw0yNjEyMDIwNjA4MzRaFw0zNjEx
MjkwNjA4MzRaMBgxFjAUBgNVBAMMDWluY3VzLXJzLXRlc3QwWTATBgcqhkjOPQIB
BggqhkjOPQMBBwNCAASa0LgUofzPoK+jT/Qa85dopP7rgE1CUIQPy1qGA2rXAFQy
85RJtnpWCdCxoODsi9JDHuy+7CndBdYbG+wKvzpZo1MwUTAdBgNVHQ4EFgQUmlNz
Q0XZkVE0OTMl2OIzOZn2p80wHwYDVR0jBBgwFoAUmlNzQ0XZkVE0OTMl2OIzOZn2
p80wDwYDVR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNIADBFAiAMwcUdU1z11AnN
0RxMts05pLS6XkdwN6sQGKIXlyvVnwIhALrQMV4zyeMZOqz8sBWe7/ialnqWQkZD
AQuHOfNkWuqJ
-----END CERTIFICATE-----
";
const PEM_FINGERPRINT: &str = "4747f283fdfc4832a9b30565cde6435d0d5c2fde9080106da1f2b7ce85a1aa0f";

/// The `async` reply of `POST /1.0/cluster/members`, as Incus 6.0.4 sent
/// it live: a `token` operation, its resources `{"cluster": null}`.
fn token_reply(metadata: serde_json::Value) -> Reply {
    let op = json!({"id": "join1", "class": "token", "description": "Executing operation",
        "status": "Running", "status_code": 103, "resources": {"cluster": null},
        "metadata": metadata, "may_cancel": true, "err": "", "location": "a"});
    created(op)
}

fn token() -> ClusterMemberJoinToken {
    ClusterMemberJoinToken {
        server_name: "b".into(),
        fingerprint: PEM_FINGERPRINT.into(),
        addresses: vec!["127.0.0.2:8443".into()],
        secret: "d73f8398".into(),
        expires_at: "2026-12-02T09:24:23.941449663Z".into(),
    }
}

#[test]
fn a_join_token_operation_becomes_the_token() {
    let meta = json!({"addresses": ["127.0.0.2:8443"], "fingerprint": PEM_FINGERPRINT,
        "secret": "d73f8398", "expiresAt": "2026-12-02T09:24:23.941449663Z", "serverName": "b"});
    let fake = Fake::start(vec![token_reply(meta), token_reply(json!({"secret": "s"}))]);
    let client = fake.client();
    let post = ClusterMembersPost {
        server_name: "b".into(),
    };
    let (made, empty) = within(3000, move || {
        (
            client.create_cluster_member(&post).unwrap(),
            client.create_cluster_member(&post).unwrap_err(),
        )
    });
    let (read, op) = made;
    assert_eq!((op.id.as_str(), op.class.as_str()), ("join1", "token"));
    assert!(op.resources["cluster"].is_empty());
    assert_eq!(read, token());
    assert!(read.matches_certificate(PEM).unwrap());
    assert!(matches!(empty, Error::Decode { .. }), "{empty:?}");
    assert!(empty.to_string().contains("join1"), "{empty}");
}

#[test]
fn joins_that_would_send_the_secret_astray_are_refused_before_sending() {
    let fake = Fake::start(vec![]);
    let client = fake.client();
    let wrong_pin = ClusterMemberJoinToken {
        fingerprint: "0".repeat(64),
        ..token()
    };
    let (astray, unpinned, garbled) = within(3000, move || {
        (
            client
                .replace_cluster(&ClusterPut::join(&wrong_pin, PEM, "127.0.0.3:8443"))
                .unwrap_err(),
            client
                .replace_cluster(&ClusterPut::join(&token(), "", "127.0.0.3:8443"))
                .unwrap_err(),
            client
                .replace_cluster(&ClusterPut {
                    cluster_token: "%%%".into(),
                    ..ClusterPut::join(&token(), PEM, "127.0.0.3:8443")
                })
                .unwrap_err(),
        )
    });
    for (e, why) in [
        (astray, "not the one the token's fingerprint names"),
        (unpinned, "no cluster_certificate"),
        (garbled, "not base64"),
    ] {
        assert!(
            matches!(&e, Error::InvalidInput(m) if m.contains(why)),
            "{e:?}"
        );
    }
    assert!(fake.requests().is_empty());
}

/// The `async` reply of a join: a `task` operation.
fn join_reply() -> Reply {
    let op = json!({"id": "j2", "class": "task", "status": "Running", "status_code": 103,
        "resources": {"cluster": null}, "metadata": null});
    created(op)
}

#[test]
fn a_join_and_a_disable_send_their_bodies() {
    // The disable sends no token: no `GET /1.0` before it; the join reads it.
    let fake = Fake::start(vec![
        json_reply(200, &sync(json!({}))),
        incus_server(),
        join_reply(),
    ]);
    let client = fake.client();
    let join = ClusterPut::join(&token(), PEM, "127.0.0.3:8443");
    let sent_join = join.clone();
    let (disabled, joining) = within(3000, move || {
        (
            client.replace_cluster(&ClusterPut::disable()).unwrap(),
            client.replace_cluster(&sent_join).unwrap(),
        )
    });
    assert_eq!(disabled.status_code, StatusCode::SUCCESS);
    assert_eq!(joining.id, "j2");
    let sent = fake.requests();
    let body = |i: usize| serde_json::from_slice::<serde_json::Value>(&sent[i].body).unwrap();
    assert_eq!(body(0), json!({"enabled": false}));
    assert_eq!(
        (sent[1].method.as_str(), sent[1].path.as_str()),
        ("GET", "/1.0")
    );
    assert_eq!(
        body(2),
        json!({"server_name": "b", "enabled": true, "cluster_address": "127.0.0.2:8443",
               "cluster_certificate": PEM, "server_address": "127.0.0.3:8443",
               "cluster_token": token().encode()})
    );
}

/// A join token goes in the field the server takes it in: `cluster_token`
/// for Incus and for LXD with `explicit_trust_token`, `cluster_password`
/// for LXD before it (LXD 5.0). One `GET /1.0` tells, read once per client.
#[test]
fn a_join_token_goes_where_the_server_takes_it() {
    let cases = [
        ("lxd", vec!["clustering_join_token"], "cluster_password"),
        (
            "lxd",
            vec!["clustering_join_token", "explicit_trust_token"],
            "cluster_token",
        ),
        ("incus", vec!["clustering_join_token"], "cluster_token"),
    ];
    for (server, extensions, field) in cases {
        let fields = json!({"auth": "trusted",
            "environment": {"server": server, "server_version": "5.0.2"}});
        let fake = Fake::start(vec![
            server_with(&extensions, fields),
            join_reply(),
            join_reply(),
        ]);
        let client = fake.client();
        within(3000, move || {
            let join = ClusterPut::join(&token(), PEM, "127.0.0.3:8443");
            client.replace_cluster(&join).unwrap();
            client.replace_cluster(&join).unwrap();
        });
        let sent = fake.requests();
        let paths: Vec<_> = sent
            .iter()
            .map(|r| (r.method.as_str(), r.path.as_str()))
            .collect();
        assert_eq!(
            paths,
            [
                ("GET", "/1.0"),
                ("PUT", "/1.0/cluster"),
                ("PUT", "/1.0/cluster")
            ],
            "{server} {extensions:?}"
        );
        for request in &sent[1..] {
            let body: serde_json::Value = serde_json::from_slice(&request.body).unwrap();
            assert_eq!(
                body,
                json!({"server_name": "b", "enabled": true, "cluster_address": "127.0.0.2:8443",
                       "cluster_certificate": PEM, "server_address": "127.0.0.3:8443",
                       field: token().encode()}),
                "{server} {extensions:?}"
            );
        }
    }
}
