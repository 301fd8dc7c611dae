//! What `copy_storage_volume_to` puts on each server's socket: the two
//! sides of a push migration, and a server copying a volume to itself.

use std::time::Duration;

use incus::{CopyStorageVolumeOptions, MigrationMode};
use serde_json::{Value, json};

use super::{Fake, Reply, json_reply, started, sync, within};

/// `GET /1.0` of a server with this certificate and HTTPS address.
fn server(certificate: &str, address: &str) -> Reply {
    let environment = json!({"certificate": certificate, "addresses": [address]});
    json_reply(200, &sync(json!({"environment": environment})))
}

/// The reply to waiting on the operation `id`: it succeeded.
fn succeeded(id: &str) -> Reply {
    let op = json!({"id": id, "class": "task", "status": "Success", "status_code": 200});
    json_reply(200, &sync(op))
}

fn volume() -> Reply {
    let volume = json!({"name": "data", "type": "custom", "description": "d",
                        "config": {"size": "1GiB"}, "content_type": "filesystem"});
    json_reply(200, &sync(volume))
}

/// The requests as `METHOD path` lines and their JSON bodies (null when
/// none).
fn sent(fake: &Fake) -> Vec<(String, Value)> {
    fake.requests()
        .iter()
        .map(|r| {
            let path = r.path.split_once("?timeout=").map_or(&*r.path, |(p, _)| p);
            let body = serde_json::from_slice(&r.body).unwrap_or(Value::Null);
            (format!("{} {path}", r.method), body)
        })
        .collect()
}

/// Push: the target makes the volume in the chosen pool and waits; the
/// source sends the volume to the target's operation, on its HTTPS
/// address, with its certificate and secrets; both are waited on.
#[test]
fn a_push_copy_sends_each_side_the_other() {
    let secrets = json!({"control": "c", "fs": "f"});
    let source = Fake::start(vec![
        volume(),
        server("SOURCE", "10.0.0.1:8443"),
        started("out", "task", Value::Null),
        succeeded("out"),
    ]);
    let target = Fake::start(vec![
        server("TARGET", "10.0.0.2:8443"),
        started("in", "websocket", secrets.clone()),
        server("TARGET", "10.0.0.2:8443"),
        succeeded("in"),
    ]);
    let (from, to) = (source.client(), target.client());
    within(5000, move || {
        let options = CopyStorageVolumeOptions::new()
            .pool("fast")
            .name("data2")
            .volume_only()
            .mode(MigrationMode::Push)
            .timeout(Duration::from_secs(5));
        from.copy_storage_volume_to(&to, "default", "data", &options)
    })
    .unwrap();
    let null = Value::Null;
    assert_eq!(
        sent(&source),
        [
            (
                "GET /1.0/storage-pools/default/volumes/custom/data".into(),
                null.clone()
            ),
            ("GET /1.0".into(), null.clone()),
            (
                "POST /1.0/storage-pools/default/volumes/custom/data".into(),
                json!({"name": "data", "migration": true, "volume_only": true,
                       "target": {"certificate": "TARGET", "secrets": secrets,
                                  "operation": "https://10.0.0.2:8443/1.0/operations/in"}})
            ),
            ("GET /1.0/operations/out/wait".into(), null.clone()),
        ]
    );
    assert_eq!(
        sent(&target),
        [
            ("GET /1.0".into(), null.clone()),
            (
                "POST /1.0/storage-pools/fast/volumes/custom".into(),
                json!({"name": "data2", "type": "custom", "description": "d",
                       "config": {"size": "1GiB"}, "content_type": "filesystem",
                       "source": {"type": "migration", "mode": "push", "volume_only": true}})
            ),
            // One read gives the target's address and certificate.
            ("GET /1.0".into(), null.clone()),
            ("GET /1.0/operations/in/wait".into(), null),
        ]
    );
}

/// Two clients of one server (the same certificate), in two projects: the
/// server copies the volume from the source's project itself, whatever
/// the mode.
#[test]
fn a_copy_on_one_server_is_the_servers_own() {
    let fake = Fake::start(vec![
        volume(),
        server("SAME", "10.0.0.1:8443"),
        server("SAME", "10.0.0.1:8443"),
        started("copy", "task", Value::Null),
        succeeded("copy"),
    ]);
    let (from, to) = (fake.client().with_project("p1"), fake.client());
    within(5000, move || {
        let options = CopyStorageVolumeOptions::new()
            .name("data2")
            .refresh()
            .mode(MigrationMode::Relay)
            .timeout(Duration::from_secs(5));
        from.copy_storage_volume_to(&to, "default", "data", &options)
    })
    .unwrap();
    let requests = sent(&fake);
    let lines: Vec<&str> = requests.iter().map(|(line, _)| line.as_str()).collect();
    assert_eq!(
        lines,
        [
            "GET /1.0/storage-pools/default/volumes/custom/data?project=p1",
            "GET /1.0?project=p1",
            "GET /1.0",
            "POST /1.0/storage-pools/default/volumes/custom",
            "GET /1.0/operations/copy/wait",
        ]
    );
    assert_eq!(
        requests[3].1,
        json!({"name": "data2", "type": "custom", "description": "d",
               "config": {"size": "1GiB"}, "content_type": "filesystem",
               "source": {"type": "copy", "name": "data", "pool": "default",
                          "project": "p1", "refresh": true}})
    );
}
