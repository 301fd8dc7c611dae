//! A fake LXD 5.0.2: the server it says it is (`environment.server` of
//! `GET /1.0`) decides the prefix of the headers the crate sends and reads
//! (`X-LXD-*`) and how list URLs decode (escaped twice); the same replies
//! from an Incus read once. The replies are what LXD 5.0.2 answered.

use incus::{Error, InstanceFileArgs, ServerKind};
use serde_json::json;

use super::{Fake, Reply, incus_server, json_reply, server_with, sync, within};

/// What LXD 5.0.2 answers to `GET /1.0` (the part the crate reads).
fn lxd_server() -> Reply {
    let environment = json!({"server": "lxd", "server_version": "5.0.2"});
    let extensions = ["etag", "file_delete", "file_append", "instance_file_head"];
    server_with(&extensions, json!({"environment": environment}))
}

/// LXD's reply to a file read: its headers are `X-Lxd-*`.
fn lxd_file(body: &str) -> Reply {
    let head = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: {}\r\n\
         X-Lxd-Gid: 7\r\nX-Lxd-Mode: 0640\r\nX-Lxd-Modified: 2026-12-02 06:51:46 +0000 UTC\r\n\
         X-Lxd-Type: file\r\nX-Lxd-Uid: 1000\r\n\r\n{body}",
        body.len()
    );
    Reply::Answer(0, head.into_bytes())
}

/// LXD 5.0.2's reply to a file HEAD: the headers, a JSON content type and
/// no length (a HEAD reply has no body).
fn lxd_file_head() -> Reply {
    let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Lxd-Gid: 0\r\n\
                X-Lxd-Mode: 0755\r\nX-Lxd-Type: directory\r\nX-Lxd-Uid: 0\r\n\r\n";
    Reply::Answer(0, head.as_bytes().to_vec())
}

#[test]
fn lxd_files_go_with_x_lxd_headers() {
    let fake = Fake::start(vec![
        lxd_server(),
        json_reply(200, &sync(json!({}))),
        lxd_file("busybox\n"),
        lxd_file_head(),
    ]);
    let client = fake.client();
    let (kind, read, metadata) = within(3000, move || {
        let kind = client.server_kind().unwrap();
        let args = InstanceFileArgs::file(&b"hi"[..]).mode(0o600).uid(5);
        client.create_instance_file("c1", "/root/a", args).unwrap();
        let mut file = client.get_instance_file("c1", "/etc/hostname").unwrap();
        let mut text = String::new();
        std::io::Read::read_to_string(&mut file, &mut text).unwrap();
        let metadata = client.get_instance_file_metadata("c1", "/etc").unwrap();
        (kind, (file.metadata.clone(), text), metadata)
    });
    assert_eq!(kind, ServerKind::Lxd);
    let requests = fake.requests();
    assert_eq!(requests.len(), 4, "one GET /1.0, then the three calls");
    let push = &requests[1];
    assert_eq!(push.header("X-LXD-Type"), Some("file"));
    assert_eq!(push.header("X-LXD-Mode"), Some("0600"));
    assert_eq!(push.header("X-LXD-Uid"), Some("5"));
    assert_eq!(push.header("X-LXD-Write"), Some("overwrite"));
    assert_eq!(push.header("X-Incus-Type"), None);
    let (file, text) = read;
    assert_eq!(text, "busybox\n");
    assert_eq!(
        (file.kind.as_str(), file.uid, file.gid, file.mode),
        ("file", 1000, 7, 0o640)
    );
    assert_eq!(file.modified, "2026-12-02 06:51:46 +0000 UTC");
    assert!(metadata.is_dir() && metadata.mode == 0o755, "{metadata:?}");
}

/// LXD 5.0.2 lists `a b1` as `a%2520b1`; Incus as `a%20b1`. The same reply
/// reads as the other name from the other server.
#[test]
fn list_urls_decode_as_the_server_escapes_them() {
    let urls = json!(["/1.0/profiles/a%2520b1", "/1.0/profiles/default"]);
    let lxd = Fake::start(vec![json_reply(200, &sync(urls.clone())), lxd_server()]);
    let incus = Fake::start(vec![json_reply(200, &sync(urls)), incus_server()]);
    let (lxd_client, incus_client) = (lxd.client(), incus.client());
    let names = within(3000, move || {
        (
            lxd_client.list_profile_names(None).unwrap(),
            incus_client.list_profile_names(None).unwrap(),
        )
    });
    assert_eq!(names.0, ["a b1", "default"]);
    assert_eq!(names.1, ["a%20b1", "default"]);
    // Snapshot lists escape the instance in the prefix twice as well.
    let snapshots = json!(["/1.0/instances/c%25231/snapshots/s%25200"]);
    let fake = Fake::start(vec![lxd_server(), json_reply(200, &sync(snapshots))]);
    let client = fake.client();
    let names = within(3000, move || {
        client.server_kind().unwrap();
        client.list_instance_snapshot_names("c#1").unwrap()
    });
    assert_eq!(names, ["s 0"]);
}

/// A method whose API extension LXD lacks fails before sending, naming it
/// (LXD's own extension list decides, not its name). Methods on endpoints
/// Incus 6.0 serves are not gated; LXD answers those itself (404).
#[test]
fn methods_lxd_lacks_fail_with_missing_extension() {
    let fake = Fake::start(vec![lxd_server()]);
    let client = fake.client();
    let e = within(3000, move || {
        client.list_instance_nvram_guids("c1").unwrap_err()
    });
    match &e {
        Error::MissingExtension { extension, .. } => assert_eq!(extension, "instance_nvram"),
        other => panic!("{other:?}"),
    }
    assert_eq!(fake.requests().len(), 1, "only GET /1.0 was sent");
}
