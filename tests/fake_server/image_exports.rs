//! Image exports a real daemon will not give on demand: bytes that are not
//! the image the fingerprint names (unified and split), and exports cut
//! short. Nothing may be claimed verified unless every byte arrived and
//! hashed to the fingerprint.

use incus::Error;
use ring::digest::{SHA256, digest};

use super::{Fake, Reply, within};

fn sha256(bytes: &[u8]) -> String {
    digest(&SHA256, bytes)
        .as_ref()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A unified export: `body` with its length, as Incus sends it.
fn unified(body: &[u8], fingerprint: &str) -> Vec<u8> {
    let mut reply = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: {}\r\n\
         Content-Disposition: inline;filename={fingerprint}.tar.gz\r\n\r\n",
        body.len()
    )
    .into_bytes();
    reply.extend_from_slice(body);
    reply
}

/// A split export: the two parts as `multipart/form-data`, chunked, with
/// the closing delimiter twice (as Incus 6.0.4 writes it).
fn split(meta: &[u8], rootfs: &[u8]) -> Vec<u8> {
    let b = "0123abcd";
    let mut body = Vec::new();
    for (name, content) in [("metadata", meta), ("rootfs", rootfs)] {
        let head = format!(
            "--{b}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{name}.bin\"\r\n\
             Content-Type: application/octet-stream\r\n\r\n"
        );
        if name == "rootfs" {
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(head.as_bytes());
        body.extend_from_slice(content);
    }
    body.extend_from_slice(format!("\r\n--{b}--\r\n\r\n--{b}--\r\n").as_bytes());
    let mut reply = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: multipart/form-data; boundary={b}\r\n\
         Transfer-Encoding: chunked\r\n\r\n"
    )
    .into_bytes();
    for chunk in body.chunks(1000) {
        reply.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        reply.extend_from_slice(chunk);
        reply.extend_from_slice(b"\r\n");
    }
    reply.extend_from_slice(b"0\r\n\r\n");
    reply
}

#[test]
fn exports_that_hash_to_the_fingerprint_are_verified() {
    within(5000, || {
        let tarball: Vec<u8> = (0..100_000u32).map(|i| (i % 253) as u8).collect();
        let fp = sha256(&tarball);
        let fake = Fake::start(vec![Reply::Answer(0, unified(&tarball, &fp))]);
        let mut got = Vec::new();
        let export = fake
            .client()
            .export_image(&fp.to_ascii_uppercase(), &mut got, std::io::sink())
            .unwrap();
        assert!(got == tarball);
        assert_eq!(export.fingerprint, fp);
        assert_eq!(export.metadata.file_name, format!("{fp}.tar.gz"));
        assert_eq!(export.metadata.size, tarball.len() as u64);
        assert!(!export.is_split());
        // Sent lowercase, as the daemon names images.
        assert_eq!(fake.requests()[0].path, format!("/1.0/images/{fp}/export"));

        let meta = b"metadata.yaml\r\n--0123abc".repeat(100);
        let rootfs = vec![7u8; 50_000];
        let fp = sha256(&[&meta[..], &rootfs].concat());
        let fake = Fake::start(vec![Reply::Answer(0, split(&meta, &rootfs))]);
        let (mut got_meta, mut got_rootfs) = (Vec::new(), Vec::new());
        let export = fake
            .client()
            .export_image(&fp, &mut got_meta, &mut got_rootfs)
            .unwrap();
        assert!(got_meta == meta && got_rootfs == rootfs);
        assert_eq!(
            (
                export.metadata.part.as_str(),
                export.metadata.file_name.as_str()
            ),
            ("metadata", "metadata.bin")
        );
        let rootfs_file = export.rootfs.unwrap();
        assert_eq!(
            (rootfs_file.part.as_str(), rootfs_file.size),
            ("rootfs", 50_000)
        );
    });
}

#[test]
fn exports_that_are_not_the_image_are_integrity_errors() {
    within(5000, || {
        let wanted = sha256(b"the real image");
        // After a mismatch the client reads the image's recorded size.
        let image = |size: u64| {
            super::json_reply(
                200,
                &super::sync(serde_json::json!({"fingerprint": wanted, "size": size})),
            )
        };
        let fake = Fake::start(vec![
            Reply::Answer(0, unified(b"another image", &wanted)),
            image(13),
            Reply::Answer(0, split(b"meta", b"another rootfs")),
            image(30),
            Reply::Answer(0, split(b"meta", b"another rootfs")),
            image(10),
            Reply::Answer(0, unified(b"another image", &wanted)),
        ]);
        let client = fake.client();
        let unified_bytes = "bytes 0..13 written to the metadata writer (\"{wanted}.tar.gz\")";
        let split_bytes = "bytes 0..4 written to the metadata writer (part metadata, \"metadata.bin\") \
             and bytes 0..14 written to the rootfs writer (part rootfs, \"rootfs.bin\")";
        let cases = [
            (
                "unified",
                sha256(b"another image"),
                unified_bytes,
                "; the image is 13 bytes too, so some of these bytes differ from it (one digest over the whole cannot say which)",
            ),
            (
                "split, short",
                sha256(b"metaanother rootfs"),
                split_bytes,
                "; the image is 30 bytes, 12 more than arrived: bytes are missing",
            ),
            (
                "split, long",
                sha256(b"metaanother rootfs"),
                split_bytes,
                "; the image is 10 bytes, 8 fewer than arrived: bytes were added",
            ),
            (
                "unified, no record",
                sha256(b"another image"),
                unified_bytes,
                "",
            ),
        ];
        for (what, actual, bytes, size) in cases {
            let e = client
                .export_image(&wanted, std::io::sink(), std::io::sink())
                .unwrap_err();
            let Error::Integrity(mismatch) = &e else {
                panic!("{what}: expected Integrity, got {e:?}")
            };
            assert_eq!(mismatch.expected(), wanted);
            assert_eq!(mismatch.actual(), actual);
            let split = what.starts_with("split");
            assert_eq!(
                mismatch.received().len(),
                if split { 2 } else { 1 },
                "{what}"
            );
            assert_eq!(
                mismatch.received_size(),
                if split { 18 } else { 13 },
                "{what}"
            );
            assert_eq!(
                mismatch.image_size(),
                match what {
                    "unified" => Some(13),
                    "split, short" => Some(30),
                    "split, long" => Some(10),
                    _ => None,
                }
            );
            let bytes = bytes.replace("{wanted}", &wanted);
            assert_eq!(
                e.to_string(),
                format!(
                    "GET /1.0/images/{wanted}/export: the content received has sha256 {actual}, \
                     not the fingerprint {wanted}: it is not that image; discard {bytes}{size}"
                ),
                "{what}"
            );
            assert_eq!(
                e.endpoint(),
                Some(&*format!("GET /1.0/images/{wanted}/export"))
            );
        }
        let paths: Vec<String> = fake.requests().iter().map(|r| r.path.clone()).collect();
        assert_eq!(paths[1], format!("/1.0/images/{wanted}"));
    });
}

#[test]
fn exports_cut_short_are_transport_errors() {
    within(5000, || {
        let tarball = vec![1u8; 10_000];
        let fp = sha256(&tarball);
        let whole = unified(&tarball, &fp);
        let cut_unified = whole[..whole.len() - 4000].to_vec();
        let meta = vec![2u8; 5000];
        let rootfs = vec![3u8; 5000];
        let fp_split = sha256(&[&meta[..], &rootfs].concat());
        let whole = split(&meta, &rootfs);
        let cut_split = whole[..whole.len() / 2].to_vec();
        let fake = Fake::start(vec![
            Reply::Partial(cut_unified, 0),
            Reply::Partial(cut_split, 0),
        ]);
        let client = fake.client();
        for (fp, what) in [(&fp, "unified"), (&fp_split, "split")] {
            let mut got = Vec::new();
            let e = client
                .export_image(fp, &mut got, std::io::sink())
                .unwrap_err();
            assert!(
                matches!(e, Error::Transport(_)),
                "{what}: expected Transport, got {e:?}"
            );
            assert!(
                e.to_string()
                    .starts_with(&format!("GET /1.0/images/{fp}/export: ")),
                "{e}"
            );
        }
    });
}

#[test]
fn export_and_push_refuse_partial_fingerprints_before_sending() {
    let fake = Fake::start(vec![]);
    let client = fake.client();
    for fingerprint in ["8ae945c5", "", &"x".repeat(64)] {
        let e = client
            .export_image(fingerprint, std::io::sink(), std::io::sink())
            .unwrap_err();
        assert!(matches!(e, Error::InvalidInput(_)), "{e:?}");
        let push = incus::models::ImageExportPost {
            target: "https://x".into(),
            ..Default::default()
        };
        let e = client.push_image(fingerprint, &push).unwrap_err();
        assert!(matches!(e, Error::InvalidInput(_)), "{e:?}");
    }
    assert!(fake.requests().is_empty());
}

/// A relayed copy whose export does not hash to the fingerprint fails with
/// the integrity error, and the target never gets a complete upload.
#[test]
fn a_relay_of_bytes_that_are_not_the_image_uploads_nothing() {
    let fingerprint = sha256(b"the real image");
    let image = serde_json::json!({"fingerprint": fingerprint, "public": true, "aliases": []});
    let source = Fake::start(vec![
        super::json_reply(200, &super::sync(image)),
        Reply::Answer(0, unified(b"something else", &fingerprint)),
    ]);
    let target = Fake::start(vec![super::incus_server(), super::async_reply()]);
    let (source_client, target_client) = (source.client(), target.incus_client());
    let result = within(5000, move || {
        let options = incus::CopyImageOptions::new().mode(incus::MigrationMode::Relay);
        source_client.copy_image_to(&target_client, &fingerprint, &options)
    });
    let e = result.unwrap_err();
    assert!(matches!(e, Error::Integrity(_)), "{e:?}");
    let uploads = target.requests();
    assert!(
        uploads.is_empty(),
        "the target got a complete upload: {uploads:?}"
    );
}
