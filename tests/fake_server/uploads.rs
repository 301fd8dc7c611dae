//! Uploads: what a declared length puts on the wire, and that a reader
//! giving another number of bytes never completes a request.

use std::io::Read as _;

use incus::{Error, InstanceFileArgs};
use serde_json::json;

use super::{Fake, json_reply, sync, within};

fn ok() -> super::Reply {
    json_reply(200, &sync(json!({})))
}

#[test]
fn a_declared_length_is_sent_as_content_length() {
    let fake = Fake::start(vec![super::incus_server(), ok(), ok()]);
    let client = fake.incus_client();
    within(3000, move || {
        let sized = InstanceFileArgs::file(&b"hello"[..]).length(5);
        client.create_instance_file("c1", "/root/a", sized).unwrap();
        let chunked = InstanceFileArgs::file(&b"hello"[..]);
        client
            .create_instance_file("c1", "/root/b", chunked)
            .unwrap();
    });
    let requests = fake.requests();
    let [sized, chunked] = requests.as_slice() else {
        panic!("{requests:?}")
    };
    assert_eq!(
        (
            sized.header("Content-Length"),
            sized.header("Transfer-Encoding")
        ),
        (Some("5"), None)
    );
    assert_eq!(sized.body, b"hello");
    assert_eq!(
        (
            chunked.header("Content-Length"),
            chunked.header("Transfer-Encoding")
        ),
        (None, Some("chunked"))
    );
    assert_eq!(chunked.body, b"hello");
}

#[test]
fn a_reader_off_its_declared_length_never_completes_the_request() {
    let fake = Fake::start(vec![super::incus_server(), ok(), ok()]);
    let client = fake.incus_client();
    let (short, long) = within(3000, move || {
        let short = InstanceFileArgs::file(&b"abc"[..]).length(5);
        let short = client.create_instance_file("c1", "/root/short", short);
        let long = InstanceFileArgs::file(&b"abcdef"[..]).length(5);
        let long = client.create_instance_file("c1", "/root/long", long);
        (short.unwrap_err(), long.unwrap_err())
    });
    assert!(matches!(short, Error::Transport(_)), "{short:?}");
    assert!(
        short
            .to_string()
            .contains("the content ended after 3 of the 5 bytes declared"),
        "{short}"
    );
    assert!(matches!(long, Error::Transport(_)), "{long:?}");
    assert!(
        long.to_string()
            .contains("the content is longer than the 5 bytes declared"),
        "{long}"
    );
    let requests = fake.requests();
    assert!(requests.is_empty(), "completed requests: {requests:?}");
}

#[test]
fn a_declared_length_of_zero_is_checked_before_sending() {
    let fake = Fake::start(vec![super::incus_server(), ok()]);
    let client = fake.incus_client();
    let accepted = fake.accepts();
    let empty = within(3000, move || {
        let empty = InstanceFileArgs::file(&b"x"[..]).length(0);
        client.create_instance_file("c1", "/root/empty", empty)
    });
    let empty = empty.unwrap_err();
    assert!(matches!(empty, Error::InvalidInput(_)), "{empty:?}");
    assert!(
        empty
            .to_string()
            .contains("the content is longer than the 0 bytes declared"),
        "{empty}"
    );
    // Give a connection, had one been opened, time to be accepted.
    std::thread::sleep(std::time::Duration::from_millis(100));
    assert_eq!(fake.accepts(), accepted, "nothing was sent");
    assert!(fake.requests().is_empty(), "nothing was sent");
}

#[test]
fn a_backup_import_streams_its_body_and_checks_its_headers_first() {
    use incus::InstanceBackupArgs;
    struct Failing;
    impl std::io::Read for Failing {
        fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
            Err(std::io::Error::other("disk gone"))
        }
    }
    let fake = Fake::start(vec![super::async_reply()]);
    let client = fake.client();
    let (empty, control, failing) = within(3000, move || {
        // Chunked, with neither header: the daemon takes both from the backup.
        let op = client.import_instance_backup(InstanceBackupArgs::new(&b"tar"[..]));
        assert!(op.is_ok(), "{op:?}");
        let empty = client.import_instance_backup(InstanceBackupArgs::new(&b"t"[..]).name(""));
        let control =
            client.import_instance_backup(InstanceBackupArgs::new(&b"t"[..]).pool("a\nb"));
        let failing = client.import_instance_backup(InstanceBackupArgs::new(Failing));
        (
            empty.unwrap_err(),
            control.unwrap_err(),
            failing.unwrap_err(),
        )
    });
    assert!(matches!(empty, Error::InvalidInput(_)), "{empty:?}");
    assert!(
        empty.to_string().contains("name must not be empty"),
        "{empty}"
    );
    assert!(matches!(control, Error::InvalidInput(_)), "{control:?}");
    assert!(control.to_string().contains("pool"), "{control}");
    assert!(matches!(failing, Error::Transport(_)), "{failing:?}");
    assert!(
        failing
            .to_string()
            .contains("reading the backup to import: disk gone"),
        "{failing}"
    );
    let requests = fake.requests();
    let [import] = requests.as_slice() else {
        panic!("only the first import completes a request: {requests:?}")
    };
    assert_eq!(import.body, b"tar");
    assert_eq!(import.header("Transfer-Encoding"), Some("chunked"));
    assert_eq!(
        import.header("Content-Type"),
        Some("application/octet-stream")
    );
    assert_eq!(
        (import.header("X-Incus-name"), import.header("X-Incus-pool")),
        (None, None)
    );
}

/// Template names that are not one plain file name are refused by every
/// templates method before any connection is opened.
#[test]
fn bad_template_names_send_nothing() {
    let fake = Fake::start(vec![]);
    let client = fake.client();
    let results = within(3000, move || {
        let mut results = Vec::new();
        for path in ["../x", "a/b", ".", "..", "", "x\0y"] {
            let get = client.get_instance_metadata_template("c1", path).map(drop);
            let post = client.create_instance_metadata_template("c1", path, &b"x"[..]);
            let delete = client.delete_instance_metadata_template("c1", path);
            results.extend([get, post, delete]);
        }
        results
    });
    for result in results {
        assert!(matches!(result, Err(Error::InvalidInput(_))), "{result:?}");
    }
    // Time for the fake to accept a connection, had one been opened.
    std::thread::sleep(std::time::Duration::from_millis(50));
    assert_eq!(fake.accepts(), 0);
}

/// A body of unknown length, or a declared one of 1 MiB or more, goes
/// chunked in 128 KiB chunks (whole multiples of the daemon's 32 KiB
/// pieces), with no `Content-Length`; its bytes arrive unchanged.
#[test]
fn large_or_unsized_bodies_go_in_128_kib_chunks() {
    let fake = Fake::start(vec![super::incus_server(), ok(), ok()]);
    let client = fake.incus_client();
    let small: Vec<u8> = (0..300 * 1024u32).map(|i| (i % 251) as u8).collect();
    let large: Vec<u8> = (0..2 * 1024 * 1024 + 5u32)
        .map(|i| (i % 241) as u8)
        .collect();
    let (small_sent, large_sent) = (small.clone(), large.clone());
    within(5000, move || {
        let unknown = InstanceFileArgs::file(small_sent.as_slice());
        client
            .create_instance_file("c1", "/root/a", unknown)
            .unwrap();
        let length = large_sent.len() as u64;
        let sized = InstanceFileArgs::file(large_sent.as_slice()).length(length);
        client.create_instance_file("c1", "/root/b", sized).unwrap();
    });
    let requests = fake.requests();
    let [unknown, sized] = requests.as_slice() else {
        panic!("{requests:?}")
    };
    for (request, sent) in [(unknown, &small), (sized, &large)] {
        assert_eq!(request.header("Transfer-Encoding"), Some("chunked"));
        assert_eq!(request.header("Content-Length"), None);
        assert_eq!(request.header("X-Incus-Type"), Some("file"));
        assert!(
            request.body == *sent,
            "{} bytes arrived",
            request.body.len()
        );
        let (last, whole) = request.chunks.split_last().unwrap();
        assert!(
            whole.iter().all(|&size| size == 128 * 1024),
            "{:?}",
            request.chunks
        );
        assert_eq!(*last, sent.len() % (128 * 1024));
    }
}

/// A daemon that refuses an upload before reading its body (a missing
/// instance): the call is its error, not a broken pipe, and the rest of
/// the body is not sent.
#[test]
fn a_daemon_refusing_an_upload_early_is_its_error() {
    let refusal = super::http(
        404,
        "application/json",
        &super::error_envelope(404, "Instance not found").to_string(),
    );
    let fake = Fake::start(vec![super::Reply::Early(refusal)]);
    let client = fake.client();
    let result = within(5000, move || {
        let big = std::io::repeat(7).take(64 * 1024 * 1024);
        client.create_instance_file("c1", "/root/big", InstanceFileArgs::file(big))
    });
    let e = result.unwrap_err();
    super::assert_api(&e, 404, "Instance not found");
}

/// A split image goes as one multipart body: the metadata part, then the
/// rootfs part (`rootfs.img` for a virtual machine), each file's bytes as
/// they are, under a boundary given in the `Content-Type`.
#[test]
fn a_split_image_is_one_streamed_multipart_body() {
    let fake = Fake::start(vec![
        super::incus_server(),
        super::async_reply(),
        super::async_reply(),
    ]);
    let client = fake.incus_client();
    within(5000, move || {
        let split = incus::ImageUploadArgs::split(&b"META"[..], &b"ROOT\r\nFS"[..]).alias("a");
        client.upload_image(split).unwrap();
        let vm = incus::ImageUploadArgs::split(&b"M"[..], &b"DISK"[..]).virtual_machine();
        client.upload_image(vm).unwrap();
    });
    let requests = fake.requests();
    let [container, vm] = requests.as_slice() else {
        panic!("{requests:?}")
    };
    for (request, rootfs, parts) in [
        (container, "rootfs", [&b"META"[..], &b"ROOT\r\nFS"[..]]),
        (vm, "rootfs.img", [&b"M"[..], &b"DISK"[..]]),
    ] {
        let content_type = request.header("Content-Type").unwrap();
        let boundary = content_type
            .strip_prefix("multipart/form-data; boundary=")
            .unwrap_or_else(|| panic!("{content_type}"));
        let expected = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"metadata\"; \
             filename=\"metadata\"\r\nContent-Type: application/octet-stream\r\n\r\n{}\r\n\
             --{boundary}\r\nContent-Disposition: form-data; name=\"{rootfs}\"; \
             filename=\"{rootfs}\"\r\nContent-Type: application/octet-stream\r\n\r\n{}\r\n\
             --{boundary}--\r\n",
            String::from_utf8_lossy(parts[0]),
            String::from_utf8_lossy(parts[1]),
        );
        assert_eq!(String::from_utf8_lossy(&request.body), expected);
        assert_eq!(request.header("Transfer-Encoding"), Some("chunked"));
        let types = request
            .headers
            .iter()
            .filter(|(name, _)| name.eq_ignore_ascii_case("Content-Type"));
        assert_eq!(types.count(), 1, "{:?}", request.headers);
    }
    assert_eq!(container.header("X-Incus-aliases"), Some("alias=a"));
    assert!(
        container.header("Content-Type") != vm.header("Content-Type"),
        "each body its own boundary"
    );
}

/// A volume import: a backup of unknown length goes chunked with only its
/// name (none when unset); an ISO carries `X-Incus-type: iso`; an ISO
/// without a name, or an empty name, is refused before anything is sent.
#[test]
fn a_volume_import_streams_its_body_with_its_headers() {
    use incus::StorageVolumeImportArgs;
    let fake = Fake::start(vec![
        super::incus_server(),
        super::async_reply(),
        super::async_reply(),
        super::async_reply(),
    ]);
    let client = fake.incus_client();
    let large: Vec<u8> = (0..300 * 1024u32).map(|i| (i % 253) as u8).collect();
    let sent = large.clone();
    let (nameless_iso, empty) = within(5000, move || {
        let backup = StorageVolumeImportArgs::backup(sent.as_slice()).name("v 1");
        client.import_storage_volume("default", backup).unwrap();
        let unnamed = StorageVolumeImportArgs::backup(&b"tar"[..]);
        client.import_storage_volume("default", unnamed).unwrap();
        let iso = StorageVolumeImportArgs::iso(&b"CD001"[..]).name("cd");
        client.import_storage_volume("p/1", iso).unwrap();
        let nameless_iso = StorageVolumeImportArgs::iso(&b"CD001"[..]);
        let nameless_iso = client.import_storage_volume("default", nameless_iso);
        let empty = StorageVolumeImportArgs::backup(&b"t"[..]).name("");
        let empty = client.import_storage_volume("default", empty);
        (nameless_iso.unwrap_err(), empty.unwrap_err())
    });
    assert!(
        matches!(nameless_iso, Error::InvalidInput(_)),
        "{nameless_iso:?}"
    );
    assert!(
        nameless_iso.to_string().contains("ISO import needs"),
        "{nameless_iso}"
    );
    assert!(matches!(empty, Error::InvalidInput(_)), "{empty:?}");
    assert!(empty.to_string().contains("must not be empty"), "{empty}");
    let requests = fake.requests();
    let [backup, unnamed, iso] = requests.as_slice() else {
        panic!("only the first three imports complete a request: {requests:?}")
    };
    for request in [backup, unnamed] {
        assert_eq!(request.method, "POST");
        assert_eq!(request.path, "/1.0/storage-pools/default/volumes/custom");
        assert_eq!(request.header("Transfer-Encoding"), Some("chunked"));
        assert_eq!(request.header("Content-Length"), None);
        assert_eq!(
            request.header("Content-Type"),
            Some("application/octet-stream")
        );
        assert_eq!(request.header("X-Incus-type"), None);
    }
    assert!(backup.body == large, "{} bytes arrived", backup.body.len());
    assert_eq!(
        backup.chunks,
        [128 * 1024, 128 * 1024, 300 * 1024 - 256 * 1024]
    );
    assert_eq!(backup.header("X-Incus-name"), Some("v 1"));
    assert_eq!(unnamed.header("X-Incus-name"), None);
    assert_eq!(iso.path, "/1.0/storage-pools/p%2F1/volumes/custom");
    assert_eq!(iso.body, b"CD001");
    assert_eq!(iso.header("X-Incus-type"), Some("iso"));
    assert_eq!(iso.header("X-Incus-name"), Some("cd"));
    assert_eq!(iso.header("Transfer-Encoding"), Some("chunked"));
}
