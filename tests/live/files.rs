//! Live tests of files inside instances, instance logs and the console log:
//! `/1.0/instances/{name}/files`, `…/logs`, `…/logs/exec-output`, `…/console`.

use std::io::Read;

use incus::{Error, InstanceFileArgs};

use crate::support::{WAIT, cli, client, running};

#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn files_write_read_stat_list_delete() {
    let client = client();
    let (name, _guard) = running(&client, "files");

    // A file streamed in from a reader, with owner and mode: 3 MiB.
    let data: Vec<u8> = (0..3 * 1024 * 1024u32).map(|i| (i % 251) as u8).collect();
    let args = InstanceFileArgs::file(data.as_slice())
        .mode(0o600)
        .uid(1000)
        .gid(1001);
    client
        .create_instance_file(&name, "/root/data.bin", args)
        .unwrap();
    assert_eq!(
        cli(&[
            "exec",
            &name,
            "--",
            "stat",
            "-c",
            "%a %u %g %s",
            "/root/data.bin"
        ]),
        "600 1000 1001 3145728"
    );
    let mut file = client.get_instance_file(&name, "/root/data.bin").unwrap();
    let m = &file.metadata;
    assert_eq!(
        (m.kind.as_str(), m.mode, m.uid, m.gid),
        ("file", 0o600, 1000, 1001)
    );
    assert!(file.entries.is_empty());
    let mut got = Vec::new();
    file.read_to_end(&mut got).unwrap();
    assert!(got == data, "{} bytes back, {} sent", got.len(), data.len());
    let stat = client
        .get_instance_file_metadata(&name, "/root/data.bin")
        .unwrap();
    assert_eq!(stat, file.metadata);

    // Append, then replace.
    let tail = InstanceFileArgs::file(&b"tail"[..]).append();
    client
        .create_instance_file(&name, "/root/data.bin", tail)
        .unwrap();
    assert_eq!(
        cli(&["exec", &name, "--", "stat", "-c", "%s", "/root/data.bin"]),
        "3145732"
    );
    let new = InstanceFileArgs::file(&b"new\n"[..]);
    client
        .create_instance_file(&name, "/root/data.bin", new)
        .unwrap();
    assert_eq!(cli(&["exec", &name, "--", "cat", "/root/data.bin"]), "new");

    // A directory and a symlink in it; a directory reads as its entries.
    let dir = InstanceFileArgs::directory().mode(0o750);
    client
        .create_instance_file(&name, "/root/d i r", dir)
        .unwrap();
    let link = InstanceFileArgs::symlink("/root/data.bin");
    client
        .create_instance_file(&name, "/root/d i r/link", link)
        .unwrap();
    let dir = client.get_instance_file(&name, "/root/d i r").unwrap();
    assert!(
        dir.metadata.is_dir() && dir.metadata.mode == 0o750,
        "{dir:?}"
    );
    assert_eq!(dir.entries, ["link"]);
    assert_eq!(
        cli(&["exec", &name, "--", "readlink", "/root/d i r/link"]),
        "/root/data.bin"
    );
    let link = client
        .get_instance_file_metadata(&name, "/root/d i r/link")
        .unwrap();
    assert!(link.is_symlink(), "{link:?}");

    // Delete: the link, the now empty directory, the file.
    for path in ["/root/d i r/link", "/root/d i r", "/root/data.bin"] {
        client.delete_instance_file(&name, path).unwrap();
        let e = client.get_instance_file(&name, path).unwrap_err();
        assert!(e.is_not_found(), "{path}: {e}");
    }
    let e = client
        .get_instance_file_metadata(&name, "/root/data.bin")
        .unwrap_err();
    assert!(e.is_not_found(), "{e}");
}

/// Paths the daemon would resolve on its own terms (relative, `..`, NUL)
/// are refused before sending; missing paths and instances are the
/// daemon's 404.
#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn bad_file_paths_are_refused() {
    let client = client();
    let (name, _guard) = running(&client, "badpath");
    for bad in [
        "root/x",
        "/root/../etc/passwd",
        "/root/./x",
        "/root/x\0y",
        "",
    ] {
        match client.get_instance_file(&name, bad) {
            Err(Error::InvalidInput(message)) => assert!(message.starts_with("path"), "{message}"),
            other => panic!("{bad:?}: expected InvalidInput, got {other:?}"),
        }
        let args = InstanceFileArgs::file(&b"x"[..]);
        let e = client.create_instance_file(&name, bad, args).unwrap_err();
        assert!(matches!(e, Error::InvalidInput(_)), "{bad:?}: {e}");
    }
    let e = client
        .get_instance_file(&name, "/no/such/file")
        .unwrap_err();
    assert!(e.is_not_found(), "{e}");
    let e = client
        .get_instance_file("rust-test-no-such-instance", "/etc/hostname")
        .unwrap_err();
    assert!(e.is_not_found(), "{e}");
    // A file whose parent directory is missing: the daemon's own error.
    let args = InstanceFileArgs::file(&b"x"[..]);
    let e = client
        .create_instance_file(&name, "/no/such/dir/file", args)
        .unwrap_err();
    assert!(e.status().is_some(), "{e}");
}

#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn logs_exec_output_and_console_log() {
    let client = client();
    let (name, _guard) = running(&client, "logs");

    let logs = client.list_instance_log_names(&name).unwrap();
    assert!(logs.contains(&"lxc.log".to_string()), "{logs:?}");
    let mut text = String::new();
    client
        .get_instance_log(&name, "lxc.log")
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    assert!(text.contains(&name), "lxc.log names the container");
    // The daemon keeps its own current log: its refusal, as an API error.
    let e = client.delete_instance_log(&name, "lxc.log").unwrap_err();
    assert_eq!(e.status(), Some(400), "{e}");
    let refusal = if crate::support::on_lxd() {
        "lxc.log and lxc.conf may not be deleted" // LXD 5.0.2's words
    } else {
        "may be deleted"
    };
    assert!(e.to_string().contains(refusal), "{e}");

    // A command run with record-output leaves its stdout and stderr.
    let body = serde_json::json!({"command": ["sh", "-c", "echo out; echo err >&2"],
                                  "record-output": true, "wait-for-websocket": false});
    let path = format!("/1.0/instances/{name}/exec");
    let op = client.raw_operation("POST", &path, Some(&body)).unwrap();
    let done = client.wait_for_completion(&op, WAIT).unwrap();
    let stdout = done.metadata["output"]["1"].as_str().unwrap();
    let stdout = stdout.rsplit('/').next().unwrap().to_string();
    if crate::support::on_lxd() {
        // LXD 5.0.2 keeps the output among the logs; it has no exec-output.
        assert_eq!(
            done.metadata["output"]["1"],
            format!("/1.0/instances/{name}/logs/{stdout}")
        );
        let mut text = String::new();
        client
            .get_instance_log(&name, &stdout)
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        assert_eq!(text, "out\n");
        client.delete_instance_log(&name, &stdout).unwrap();
        assert!(
            !client
                .list_instance_log_names(&name)
                .unwrap()
                .contains(&stdout)
        );
        let e = client.list_instance_exec_output_names(&name).unwrap_err();
        assert_eq!(e.status(), Some(400), "{e}");
        assert!(
            e.to_string()
                .contains("log file name exec-output not valid"),
            "{e}"
        );
    } else {
        let outputs = client.list_instance_exec_output_names(&name).unwrap();
        assert!(outputs.contains(&stdout), "{outputs:?}");
        let mut text = String::new();
        client
            .get_instance_exec_output(&name, &stdout)
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        assert_eq!(text, "out\n");
        client.delete_instance_exec_output(&name, &stdout).unwrap();
        let outputs = client.list_instance_exec_output_names(&name).unwrap();
        assert!(!outputs.contains(&stdout), "{outputs:?}");
        let e = client.get_instance_exec_output(&name, &stdout).unwrap_err();
        assert!(e.is_not_found(), "{e}");
    }

    // The console log: read (busybox writes little), then cleared.
    let console = client.get_instance_console_log(&name);
    if crate::support::on_lxd() {
        // LXD 5.0.2 fails to read a running container's console log (as
        // `lxc console --show-log` does); it reads a stopped one's.
        let e = console.unwrap_err();
        assert_eq!(e.status(), Some(500), "{e}");
        assert!(
            e.to_string().contains("open : no such file or directory"),
            "{e}"
        );
        client.clear_instance_console_log(&name).unwrap();
        let op = client
            .set_instance_state(&name, &incus::models::InstanceStatePut::stop().force())
            .unwrap();
        client.wait_for_completion(&op, WAIT).unwrap();
    } else {
        console.unwrap().read_to_end(&mut Vec::new()).unwrap();
        client.clear_instance_console_log(&name).unwrap();
    }
    let mut after = Vec::new();
    client
        .get_instance_console_log(&name)
        .unwrap()
        .read_to_end(&mut after)
        .unwrap();
    assert!(after.is_empty(), "{} bytes after clearing", after.len());
}

/// A reader that fails halfway: the call fails (never claimed done), and
/// the error names the file.
#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn failing_reader_names_the_file() {
    struct Failing(usize);
    impl Read for Failing {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            if self.0 == 0 {
                return Err(std::io::Error::other("disk went away"));
            }
            let n = buf.len().min(self.0);
            buf[..n].fill(b'x');
            self.0 -= n;
            Ok(n)
        }
    }
    let client = client();
    let (name, _guard) = running(&client, "halfway");
    let args = InstanceFileArgs::file(Failing(1 << 20));
    let e = client
        .create_instance_file(&name, "/root/half.bin", args)
        .unwrap_err();
    let text = e.to_string();
    assert!(
        text.contains("reading the content for /root/half.bin: disk went away"),
        "{text}"
    );
    assert!(matches!(e, Error::Transport(_)), "{e:?}");
}

/// A declared length goes out as `Content-Length`: the file arrives whole;
/// a reader that gives fewer or more bytes than declared fails the call
/// before the daemon has the whole body, and the client goes on working.
#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn declared_length_uploads() {
    let client = client();
    let (name, _guard) = running(&client, "sized");
    let data: Vec<u8> = (0..5 * 1024 * 1024 + 7u32)
        .map(|i| (i % 253) as u8)
        .collect();
    let len = data.len() as u64;
    let args = InstanceFileArgs::file(data.as_slice())
        .length(len)
        .mode(0o640);
    client
        .create_instance_file(&name, "/root/sized.bin", args)
        .unwrap();
    assert_eq!(
        cli(&[
            "exec",
            &name,
            "--",
            "stat",
            "-c",
            "%a %s",
            "/root/sized.bin"
        ]),
        format!("640 {len}")
    );
    let mut got = Vec::new();
    client
        .get_instance_file(&name, "/root/sized.bin")
        .unwrap()
        .read_to_end(&mut got)
        .unwrap();
    assert!(got == data, "{} bytes back, {len} sent", got.len());

    let short = InstanceFileArgs::file(&data[..100_000]).length(200_000);
    let e = client
        .create_instance_file(&name, "/root/short.bin", short)
        .unwrap_err();
    assert!(matches!(e, Error::Transport(_)), "{e:?}");
    assert!(
        e.to_string()
            .contains("the content ended after 100000 of the 200000 bytes declared"),
        "{e}"
    );

    let long = InstanceFileArgs::file(data.as_slice()).length(len - 1);
    let e = client
        .create_instance_file(&name, "/root/long.bin", long)
        .unwrap_err();
    assert!(
        e.to_string().contains(&format!(
            "the content is longer than the {} bytes declared",
            len - 1
        )),
        "{e}"
    );
    // The daemon never had the whole declared body (it keeps what came).
    let size = cli(&[
        "exec",
        &name,
        "--",
        "sh",
        "-c",
        "stat -c %s /root/long.bin || echo 0",
    ]);
    assert!(size.parse::<u64>().unwrap() < len - 1, "{size}");

    // The same client goes on: the cut connections were not pooled.
    let empty = InstanceFileArgs::file(&b""[..]).length(0);
    client
        .create_instance_file(&name, "/root/empty.bin", empty)
        .unwrap();
    let stat = client
        .get_instance_file_metadata(&name, "/root/empty.bin")
        .unwrap();
    assert_eq!(stat.kind, "file");
    assert_eq!(
        cli(&["exec", &name, "--", "stat", "-c", "%s", "/root/empty.bin"]),
        "0"
    );
}

/// A large push to an instance that does not exist is the daemon's 404,
/// not a broken pipe: the daemon answers before it reads the body.
#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn large_push_to_a_missing_instance_is_not_found() {
    let client = client();
    let missing = crate::support::unique("missing");
    for length in [None, Some(64u64 << 20)] {
        let content = std::io::repeat(1).take(64 << 20);
        let mut args = InstanceFileArgs::file(content);
        if let Some(length) = length {
            args = args.length(length);
        }
        let e = client
            .create_instance_file(&missing, "/root/big.bin", args)
            .unwrap_err();
        assert!(e.is_not_found(), "{length:?}: {e:?}");
    }
}
