//! Live tests of rebuild, access, the memory dump and SFTP:
//! `/1.0/instances/{name}/rebuild`, `…/access`, `…/debug/memory`, `…/sftp`.

use std::io::{Read, Write};
use std::time::{Duration, Instant};

use incus::models::{ImageMetadata, InstanceRebuildPost, InstanceSource};
use incus::{Error, GetInstanceDebugMemoryOptions, InstanceFileArgs};

use crate::support::{WAIT, busybox, cli, client, running, unique};

#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn rebuild_from_an_image_and_empty() {
    let c = crate::support::client();
    if !crate::support::requires_gated(&c, "instances_rebuild", || {
        c.rebuild_instance("c1", &Default::default())
    }) {
        return;
    }
    let client = client();
    let name = unique("rebuild");
    let _guard = busybox(&client, &name);
    let marker = InstanceFileArgs::file(&b"before"[..]);
    client
        .create_instance_file(&name, "/root/marker", marker)
        .unwrap();
    assert!(
        client
            .get_instance_file_metadata(&name, "/root/marker")
            .is_ok()
    );

    let image = InstanceRebuildPost {
        source: InstanceSource::image_alias("busybox"),
    };
    let op = client.rebuild_instance(&name, &image).unwrap();
    client.wait_for_completion(&op, WAIT).unwrap();
    assert_eq!(
        client.get_instance_metadata(&name).unwrap().properties["os"],
        "busybox"
    );
    // Checked from inside (the file endpoints of a stopped instance may
    // show the old filesystem for some seconds after a rebuild).
    client
        .wait_for_completion(&client.start_instance(&name).unwrap(), WAIT)
        .unwrap();
    let ls = client
        .exec_output(&name, ["ls", "-a", "/root", "/bin/busybox"])
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&ls.stdout),
        "/bin/busybox\n\n/root:\n.\n..\n"
    );

    // A running instance is refused.
    let e = client.rebuild_instance(&name, &image).unwrap_err();
    assert_eq!(e.status(), Some(400), "{e:?}");
    assert!(e.to_string().contains("must be stopped"), "{e}");
    client
        .wait_for_completion(&client.stop_instance(&name).unwrap(), WAIT)
        .unwrap();

    // Empty: the root filesystem is an empty directory, the image
    // metadata is gone, and the instance no longer starts.
    let empty = InstanceRebuildPost {
        source: InstanceSource::none(),
    };
    let op = client.rebuild_instance(&name, &empty).unwrap();
    client.wait_for_completion(&op, WAIT).unwrap();
    assert!(
        client
            .get_instance_file(&name, "/")
            .unwrap()
            .entries
            .is_empty()
    );
    assert_eq!(
        client.get_instance_metadata(&name).unwrap(),
        ImageMetadata::default()
    );
    let instance = client.get_instance(&name).unwrap();
    assert_eq!(instance.status, "Stopped");
    let start = client.start_instance(&name).unwrap();
    let e = client.wait_for_completion(&start, WAIT).unwrap_err();
    assert!(matches!(e, Error::Operation { .. }), "{e:?}");

    // After that failed start Incus 6.0.4 refuses a delete for a few
    // seconds ("currently running") though the instance reads as stopped.
    let deadline = Instant::now() + Duration::from_secs(30);
    let delete = || {
        let op = client.delete_instance(&name)?;
        client.wait_for_completion(&op, WAIT).map(drop)
    };
    while let Err(e) = delete() {
        assert!(Instant::now() < deadline, "still not deleted: {e:?}");
        std::thread::sleep(Duration::from_millis(500));
    }
    assert!(client.get_instance(&name).unwrap_err().is_not_found());

    let e = client
        .rebuild_instance(&unique("missing"), &image)
        .unwrap_err();
    assert!(e.is_not_found(), "{e:?}");
}

#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn access_and_memory_dump_refusal() {
    let c = crate::support::client();
    if !crate::support::requires_gated(&c, "instance_access", || c.get_instance_access("c1")) {
        return;
    }
    let client = client();
    let name = unique("access");
    let _guard = busybox(&client, &name);

    // With TLS authorization every trusted identity reaches every instance:
    // the same list as the project's, in no set order. Other tests trust
    // and untrust certificates meanwhile, so a pair of reads that differ
    // is read again.
    let sorted = |mut access: Vec<incus::models::AccessEntry>| {
        access.sort_by(|a, b| a.identifier.cmp(&b.identifier));
        access
    };
    let instance = || sorted(client.get_instance_access(&name).unwrap());
    let project = || sorted(client.get_project_access("default").unwrap());
    assert!((0..5).any(|_| instance() == project()), "{:?}", instance());
    let access = instance();
    assert!(
        access.iter().all(|entry| entry.provider == "tls"),
        "{access:?}"
    );
    // Incus 6.0.4 does not check that the instance exists.
    let missing = || sorted(client.get_instance_access(&unique("missing")).unwrap());
    assert!((0..5).any(|_| missing() == instance()), "{:?}", missing());

    // Memory dumps are for virtual machines; this machine runs containers.
    let options = GetInstanceDebugMemoryOptions::new().format("elf");
    let e = client
        .get_instance_debug_memory(&name, Some(&options))
        .unwrap_err();
    assert_eq!(e.status(), Some(400), "{e:?}");
    assert!(
        e.to_string()
            .contains("Memory dumps are only supported for virtual machines"),
        "{e}"
    );
    let e = client
        .get_instance_debug_memory(&unique("missing"), None)
        .unwrap_err();
    assert!(e.is_not_found(), "{e:?}");
}

/// Sends one SFTP packet (`kind`, `payload`) and reads one back.
fn packet(stream: &mut (impl Read + Write), kind: u8, payload: &[u8]) -> (u8, Vec<u8>) {
    let mut out = (payload.len() as u32 + 1).to_be_bytes().to_vec();
    out.push(kind);
    out.extend_from_slice(payload);
    stream.write_all(&out).unwrap();
    let mut length = [0u8; 4];
    stream.read_exact(&mut length).unwrap();
    let mut reply = vec![0u8; u32::from_be_bytes(length) as usize];
    stream.read_exact(&mut reply).unwrap();
    (reply[0], reply[1..].to_vec())
}

/// `bytes` as an SFTP string: a 4-byte length, then the bytes.
fn string(bytes: &[u8]) -> Vec<u8> {
    let mut out = (bytes.len() as u32).to_be_bytes().to_vec();
    out.extend_from_slice(bytes);
    out
}

/// SSH_FXP_INIT (version 3); returns the version of SSH_FXP_VERSION.
pub fn sftp_version(stream: &mut (impl Read + Write)) -> u32 {
    let (kind, reply) = packet(stream, 1, &3u32.to_be_bytes());
    assert_eq!(kind, 2, "SSH_FXP_VERSION expected: {reply:?}");
    u32::from_be_bytes(reply[..4].try_into().unwrap())
}

/// Opens `path` for reading (SSH_FXP_OPEN) and reads its first 32 KiB
/// (SSH_FXP_READ).
pub fn sftp_read(stream: &mut (impl Read + Write), path: &str) -> Vec<u8> {
    let mut open = 1u32.to_be_bytes().to_vec();
    open.extend(string(path.as_bytes()));
    open.extend(1u32.to_be_bytes()); // SSH_FXF_READ
    open.extend(0u32.to_be_bytes()); // no attributes
    let (kind, reply) = packet(stream, 3, &open);
    assert_eq!(
        (kind, &reply[..4]),
        (102, &1u32.to_be_bytes()[..]),
        "SSH_FXP_HANDLE: {reply:?}"
    );
    let mut read = 2u32.to_be_bytes().to_vec();
    read.extend_from_slice(&reply[4..]); // the handle, as a string
    read.extend(0u64.to_be_bytes());
    read.extend(32768u32.to_be_bytes());
    let (kind, reply) = packet(stream, 5, &read);
    assert_eq!(kind, 103, "SSH_FXP_DATA expected: {reply:?}");
    let length = u32::from_be_bytes(reply[4..8].try_into().unwrap()) as usize;
    reply[8..8 + length].to_vec()
}

#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn sftp_on_running_and_stopped_instances() {
    let client = client();
    let (name, _guard) = running(&client, "sftp");
    let content = b"hello over sftp\n";
    let file = InstanceFileArgs::file(&content[..]);
    client
        .create_instance_file(&name, "/root/hello.txt", file)
        .unwrap();
    let mut sftp = client.connect_instance_sftp(&name).unwrap();
    assert_eq!(sftp_version(&mut sftp), 3);
    assert_eq!(sftp_read(&mut sftp, "/root/hello.txt"), content);
    drop(sftp);

    // Stopped: the daemon still serves the filesystem.
    let stopped = unique("sftp-stopped");
    let _stopped = busybox(&client, &stopped);
    let mut sftp = client.connect_instance_sftp(&stopped).unwrap();
    assert_eq!(sftp_version(&mut sftp), 3);
    let passwd = sftp_read(&mut sftp, "/etc/passwd");
    assert!(passwd.starts_with(b"root:"), "{passwd:?}");
    assert_eq!(
        String::from_utf8_lossy(&passwd).trim(),
        cli(&["file", "pull", &format!("{stopped}/etc/passwd"), "-"])
    );

    // Refused: the daemon's own error.
    let e = client
        .connect_instance_sftp(&unique("missing"))
        .unwrap_err();
    assert!(e.is_not_found(), "{e:?}");
    assert!(e.to_string().contains("Instance not found"), "{e}");
}
