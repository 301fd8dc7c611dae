//! Directory trees: what `push_instance_dir` and `pull_instance_dir` refuse
//! before sending anything, and what a hostile daemon cannot make a pull do
//! (write outside the target, write through a symlink).

use std::fs;
use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::PathBuf;

use incus::Error;
use serde_json::json;

use super::{Fake, Reply, Request, sync, within};

/// A unique scratch directory, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(what: &str) -> Scratch {
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let dir = std::env::temp_dir().join(format!("incus-{what}-{}-{n}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// The daemon's reply to a GET of a path: its `X-Incus-*` headers and body.
fn file_reply(kind: &str, mode: &str, content_type: &str, body: &str) -> Reply {
    let head = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\
         X-Incus-Type: {kind}\r\nX-Incus-Uid: 0\r\nX-Incus-Gid: 0\r\nX-Incus-Mode: {mode}\r\n\r\n",
        body.len()
    );
    Reply::Answer(0, format!("{head}{body}").into_bytes())
}

fn dir_reply(entries: &[&str]) -> Reply {
    let body = sync(json!(entries)).to_string();
    file_reply("directory", "0750", "application/json", &body)
}

fn not_found() -> Reply {
    let body = super::error_envelope(404, "Not Found").to_string();
    Reply::Answer(0, super::http(404, "application/json", &body))
}

/// The `path=` a request asked for, decoded.
fn asked_path(request: &Request) -> String {
    let query = request.path.split_once('?').map_or("", |(_, q)| q);
    let value = query
        .split('&')
        .find_map(|pair| pair.strip_prefix("path="))
        .unwrap_or("");
    let mut out = Vec::new();
    let mut bytes = value.bytes();
    while let Some(b) = bytes.next() {
        match b {
            b'%' => {
                let hex: Vec<u8> = bytes.by_ref().take(2).collect();
                out.push(u8::from_str_radix(std::str::from_utf8(&hex).unwrap(), 16).unwrap());
            }
            b => out.push(b),
        }
    }
    String::from_utf8(out).unwrap()
}

#[test]
fn refusals_send_nothing() {
    let fake = Fake::start(Vec::new());
    let client = fake.client();
    let scratch = Scratch::new("dirs-refuse");
    let file = scratch.0.join("a file");
    fs::write(&file, b"x").unwrap();
    let (c, f) = (client.clone(), file.clone());
    match within(2000, move || c.pull_instance_dir("c1", "/root", &f)) {
        Err(Error::InvalidInput(message)) => {
            assert!(message.contains(&*file.to_string_lossy()), "{message}")
        }
        other => panic!("expected InvalidInput, got {other:?}"),
    }
    let missing = scratch.0.join("missing");
    let m = missing.clone();
    match within(2000, move || client.push_instance_dir("c1", &m, "/root/x")) {
        Err(Error::Io(e)) => {
            assert_eq!(e.kind(), std::io::ErrorKind::NotFound);
            assert!(e.to_string().contains(&*missing.to_string_lossy()), "{e}");
        }
        other => panic!("expected Io, got {other:?}"),
    }
    assert_eq!(fake.accepts(), 0, "nothing was requested");
}

/// A daemon listing `..`, `a/b`, `.` or an empty name is refused with
/// `Error::Decode` before the entry is asked for; the plain entries before
/// it were written inside the target, and an existing local symlink is
/// replaced, not written through.
#[test]
fn hostile_listings_stay_inside_the_target() {
    for bad in ["..", "../evil", "a/b", ".", ""] {
        let fake = Fake::handled(move |request| match asked_path(request).as_str() {
            "/r" => dir_reply(&["ok", "link", bad, "later"]),
            "/r/ok" => file_reply("file", "0640", "application/octet-stream", "hi"),
            "/r/link" => file_reply("symlink", "0777", "application/octet-stream", "/r/ok"),
            _ => not_found(),
        })
        .serving_server();
        let client = fake.client();
        let scratch = Scratch::new("dirs-hostile");
        let out = scratch.0.join("out");
        fs::create_dir(&out).unwrap();
        let victim = scratch.0.join("victim");
        fs::write(&victim, b"keep").unwrap();
        symlink(&victim, out.join("ok")).unwrap();

        let target = out.clone();
        let e = within(2000, move || client.pull_instance_dir("c1", "/r", &target)).unwrap_err();
        assert!(matches!(e, Error::Decode { .. }), "{bad:?}: {e:?}");
        assert!(e.to_string().contains(&format!("{bad:?}")), "{e}");
        assert_eq!(e.endpoint(), Some("GET /1.0/instances/c1/files"));

        assert_eq!(fs::read(&victim).unwrap(), b"keep", "{bad:?}");
        assert!(!scratch.0.join("evil").exists() && !out.join("a").exists());
        let ok = fs::symlink_metadata(out.join("ok")).unwrap();
        assert!(ok.is_file(), "the symlink was replaced by the file");
        assert_eq!(ok.permissions().mode() & 0o7777, 0o640);
        assert_eq!(fs::read(out.join("ok")).unwrap(), b"hi");
        // The daemon's absolute target inside the tree comes back relative.
        assert_eq!(
            fs::read_link(out.join("link")).unwrap(),
            PathBuf::from("ok")
        );
        // After the first reply, the client reads the server (`GET /1.0`)
        // for the names of its headers.
        let asked: Vec<String> = fake.requests().iter().map(asked_path).collect();
        assert_eq!(asked, ["/r", "", "/r/ok", "/r/link"], "{bad:?}");
        assert_eq!(fake.requests()[1].path, "/1.0");
    }
}
