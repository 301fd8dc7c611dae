//! Images made and moved: tarballs built here from /bin/busybox, uploaded,
//! exported back and compared byte for byte; instances and snapshots
//! published; a split image imported with the CLI and exported in two
//! verified parts; an image pushed to the second daemon. Never touches the
//! `busybox` image: every image here has its own content (so its own
//! fingerprint) and unique aliases, and is deleted by a guard.

use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::process::Command;

use incus::models::{
    ImageAlias, ImageExportPost, ImagesPost, ImagesPostSource, InstanceSnapshotsPost, Operation,
};
use incus::{Client, Error, ImageUploadArgs};
use serde_json::Value;

use crate::support::{self, WAIT, busybox, cli, client, run, unique};

/// A temporary directory removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(what: &str) -> TempDir {
        let dir = std::env::temp_dir().join(unique(what));
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A unified image tarball (`metadata.yaml` + `rootfs/`, gzipped) in `dir`.
fn unified_tarball(dir: &Path, marker: &str) -> PathBuf {
    support::image_parts(dir, marker);
    let tarball = dir.join("image.tar.gz");
    run(Command::new("tar")
        .arg("-C")
        .arg(dir)
        .args(["--numeric-owner", "-czf"])
        .arg(&tarball)
        .args(["metadata.yaml", "rootfs"]));
    tarball
}

/// The SHA-256 of a file, in hex, by `sha256sum`.
fn sha256(file: &Path) -> String {
    let out = run(Command::new("sha256sum").arg(file));
    out.split_whitespace().next().unwrap().to_string()
}

/// The fingerprints of the daemon's images.
fn fingerprints(client: &Client) -> Vec<String> {
    let urls = client.raw("GET", "/1.0/images", None).unwrap();
    let urls: Vec<String> = serde_json::from_value(urls).unwrap();
    urls.iter()
        .map(|url| url.rsplit('/').next().unwrap().to_string())
        .collect()
}

/// The image as the daemon has it (read with the `incus` CLI).
fn image_json(fingerprint: &str) -> Value {
    serde_json::from_str(&cli(&["query", &format!("/1.0/images/{fingerprint}")])).unwrap()
}

/// The `fingerprint` in a finished image operation's metadata.
fn fingerprint_of(done: &Operation) -> String {
    done.metadata["fingerprint"].as_str().unwrap().to_string()
}

/// Whether the server takes aliases with an upload (`image_import_alias`);
/// on one that does not (LXD 5.0), asserts that the crate refuses an
/// upload with an alias before sending it.
fn upload_aliases(client: &Client) -> bool {
    support::has_or_refused(client, "image_import_alias", || {
        client.upload_image(ImageUploadArgs::new(&b""[..]).alias("a"))
    })
}

#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn upload_with_length_and_headers_then_export_back() {
    let client = client();
    let aliases = upload_aliases(&client);
    let tmp = TempDir::new("img-up");
    let marker = unique("img-up");
    let tarball = unified_tarball(&tmp.0, &marker);
    let local = sha256(&tarball);
    let alias = unique("img-alias");
    let file = std::fs::File::open(&tarball).unwrap();
    let length = file.metadata().unwrap().len();
    let args = ImageUploadArgs::new(file)
        .length(length)
        .fingerprint(&local.to_ascii_uppercase())
        .property("release", "a+b & c=d;é")
        .property("os", "Busy Box")
        .filename("base é.tar.gz")
        .public();
    let args = if aliases { args.alias(&alias) } else { args };
    let op = client.upload_image(args).unwrap();
    let done = client.wait_for_completion(&op, WAIT).unwrap();
    let _guard = support::image_guard(&client, &local);
    assert_eq!(fingerprint_of(&done), local);
    assert_eq!(done.metadata["size"], length.to_string());

    let image = image_json(&local);
    assert_eq!(image["filename"], "base é.tar.gz");
    assert_eq!(image["public"], true);
    assert_eq!(image["properties"]["release"], "a+b & c=d;é");
    assert_eq!(
        image["properties"]["os"], "Busy Box",
        "a header beats metadata.yaml"
    );
    assert_eq!(image["properties"]["description"], marker.as_str());
    if aliases {
        assert_eq!(image["aliases"][0]["name"], alias.as_str());
    }

    let mut back = Vec::new();
    let mut rootfs = Vec::new();
    let export = client.export_image(&local, &mut back, &mut rootfs).unwrap();
    assert!(
        back == std::fs::read(&tarball).unwrap(),
        "exported bytes differ"
    );
    assert!(rootfs.is_empty() && !export.is_split());
    assert_eq!(export.fingerprint, local);
    assert_eq!(export.metadata.size, length);
    assert_eq!(export.metadata.file_name, format!("{local}.tar.gz"));
}

#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn upload_of_unknown_length_is_chunked_and_stored_whole() {
    let client = client();
    let tmp = TempDir::new("img-chunked");
    let tarball = unified_tarball(&tmp.0, &unique("img-chunked"));
    let local = sha256(&tarball);
    // Read in odd sizes, so the chunks do not line up with anything.
    struct Odd(std::fs::File);
    impl Read for Odd {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = buf.len().min(7777);
            self.0.read(&mut buf[..n])
        }
    }
    let args = ImageUploadArgs::new(Odd(std::fs::File::open(&tarball).unwrap()));
    let done = client
        .wait_for_completion(&client.upload_image(args).unwrap(), WAIT)
        .unwrap();
    let _guard = support::image_guard(&client, &local);
    assert_eq!(fingerprint_of(&done), local);
    let image = image_json(&local);
    assert_eq!(image["size"], std::fs::metadata(&tarball).unwrap().len());
}

#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn uploads_that_fail_leave_no_image() {
    let client = client();
    let tmp = TempDir::new("img-bad");
    let tarball = unified_tarball(&tmp.0, &unique("img-bad"));
    let local = sha256(&tarball);
    let _guard = support::image_guard(&client, &local);
    let before = fingerprints(&client);

    // A fingerprint that is not the content's: the daemon refuses it.
    let wrong = "0".repeat(64);
    let args = ImageUploadArgs::new(std::fs::File::open(&tarball).unwrap()).fingerprint(&wrong);
    let e = client
        .wait_for_completion(&client.upload_image(args).unwrap(), WAIT)
        .unwrap_err();
    assert!(
        matches!(
            e,
            Error::Operation {
                status_code: 400,
                ..
            }
        ),
        "{e:?}"
    );
    let message = e.to_string();
    assert!(
        message.contains(&format!(
            "fingerprints don't match, got {local} expected {wrong}"
        )),
        "{message}"
    );

    // Bytes that are no image.
    let garbage = vec![0x5au8; 300_000];
    let args = ImageUploadArgs::new(&garbage[..]).length(garbage.len() as u64);
    let e = client
        .upload_image(args)
        .and_then(|op| client.wait_for_completion(&op, WAIT))
        .unwrap_err();
    assert!(
        e.to_string().ends_with("failed: Unsupported compression"),
        "{e}"
    );
    assert!(
        matches!(
            e,
            Error::Operation {
                status_code: 400,
                ..
            }
        ),
        "{e:?}"
    );

    // A reader that fails halfway: the daemon never gets a whole request.
    struct Failing(std::fs::File, u64);
    impl Read for Failing {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            if self.1 == 0 {
                return Err(io::Error::other("disk gone"));
            }
            let n = buf.len().min(self.1 as usize);
            let n = self.0.read(&mut buf[..n])?;
            self.1 -= n as u64;
            Ok(n)
        }
    }
    let half = std::fs::metadata(&tarball).unwrap().len() / 2;
    let args = ImageUploadArgs::new(Failing(std::fs::File::open(&tarball).unwrap(), half));
    let e = client.upload_image(args).unwrap_err();
    assert!(matches!(e, Error::Transport(_)), "{e:?}");
    assert!(
        e.to_string()
            .contains("reading the image to upload: disk gone"),
        "{e}"
    );
    // Nothing new is named after the whole tarball or the half that was
    // sent (other tests may add images of their own meanwhile).
    std::thread::sleep(std::time::Duration::from_millis(500));
    let sent = std::fs::read(&tarball).unwrap();
    let half_fp: String = ring::digest::digest(&ring::digest::SHA256, &sent[..half as usize])
        .as_ref()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let new: Vec<String> = fingerprints(&client)
        .into_iter()
        .filter(|fp| !before.contains(fp))
        .collect();
    assert!(
        !new.contains(&local) && !new.contains(&half_fp),
        "an image was left behind: {new:?}"
    );
}

#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn a_taken_alias_fails_the_upload_but_the_image_stays() {
    let client = client();
    if !upload_aliases(&client) {
        support::skip("LXD lacks image_import_alias");
        return;
    }
    let tmp = TempDir::new("img-taken");
    let first = unified_tarball(&tmp.0, &unique("img-taken"));
    let first_fp = sha256(&first);
    let alias = unique("img-taken-alias");
    let args = ImageUploadArgs::new(std::fs::File::open(&first).unwrap()).alias(&alias);
    client
        .wait_for_completion(&client.upload_image(args).unwrap(), WAIT)
        .unwrap();
    let _first = support::image_guard(&client, &first_fp);

    let tmp2 = TempDir::new("img-taken2");
    let second = unified_tarball(&tmp2.0, &unique("img-taken2"));
    let second_fp = sha256(&second);
    let _second = support::image_guard(&client, &second_fp);
    let args = ImageUploadArgs::new(std::fs::File::open(&second).unwrap()).alias(&alias);
    let e = client
        .wait_for_completion(&client.upload_image(args).unwrap(), WAIT)
        .unwrap_err();
    assert!(e.to_string().contains("Alias already exists"), "{e}");
    assert!(
        fingerprints(&client).contains(&second_fp),
        "the image was not kept"
    );
    assert_eq!(image_json(&second_fp)["aliases"], serde_json::json!([]));
}

#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn publish_a_container_and_a_snapshot() {
    let client = client();
    let name = unique("img-pub");
    let _instance = busybox(&client, &name);
    let snapshot = InstanceSnapshotsPost {
        name: "snap0".into(),
        ..Default::default()
    };
    let op = client.create_instance_snapshot(&name, &snapshot).unwrap();
    client.wait_for_completion(&op, WAIT).unwrap();

    for (source, what) in [
        (ImagesPostSource::instance(name.clone()), "instance"),
        (
            ImagesPostSource::snapshot(format!("{name}/snap0")),
            "snapshot",
        ),
    ] {
        let alias = unique(&format!("img-pub-{what}"));
        let publish = ImagesPost {
            source,
            aliases: vec![ImageAlias::new(alias.clone())],
            properties: [("published-from".to_string(), what.to_string())].into(),
            ..Default::default()
        };
        let done = client
            .wait_for_completion(&client.create_image(&publish).unwrap(), WAIT)
            .unwrap();
        let fingerprint = fingerprint_of(&done);
        let _guard = support::image_guard(&client, &fingerprint);
        let image = image_json(&fingerprint);
        assert_eq!(image["aliases"][0]["name"], alias.as_str());
        assert_eq!(image["properties"]["published-from"], what);
        // A published image is unified; its export verifies.
        let export = client
            .export_image(&fingerprint, io::sink(), io::sink())
            .unwrap();
        assert!(!export.is_split());
        assert_eq!(export.metadata.size, image["size"].as_u64().unwrap());
    }

    // Publishing a snapshot that does not exist fails in the operation.
    let missing = ImagesPost {
        source: ImagesPostSource::snapshot(format!("{name}/nope")),
        ..Default::default()
    };
    let e = client
        .create_image(&missing)
        .and_then(|op| client.wait_for_completion(&op, WAIT))
        .unwrap_err();
    // LXD 5.0 says "Instance not found".
    let text = e.to_string();
    let lxd = crate::support::on_lxd() && text.contains("Instance not found");
    assert!(text.contains("Instance_snapshot not found") || lxd, "{e}");
}

#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn split_image_exports_as_two_verified_parts() {
    let client = client();
    let tmp = TempDir::new("img-split");
    support::image_parts(&tmp.0, &unique("img-split"));
    let meta = tmp.0.join("meta.tar.gz");
    let rootfs = tmp.0.join("rootfs.squashfs");
    run(Command::new("tar")
        .arg("-C")
        .arg(&tmp.0)
        .args(["-czf"])
        .arg(&meta)
        .arg("metadata.yaml"));
    run(Command::new("mksquashfs")
        .arg(tmp.0.join("rootfs"))
        .arg(&rootfs)
        .args(["-quiet", "-noappend", "-all-root"]));
    let alias = unique("img-split-alias");
    cli(&[
        "image",
        "import",
        meta.to_str().unwrap(),
        rootfs.to_str().unwrap(),
        "--alias",
        &alias,
    ]);
    let fingerprint: String = {
        let alias_json = cli(&["query", &format!("/1.0/images/aliases/{alias}")]);
        let alias: Value = serde_json::from_str(&alias_json).unwrap();
        alias["target"].as_str().unwrap().to_string()
    };
    let _guard = support::image_guard(&client, &fingerprint);
    // Incus's split fingerprint: the SHA-256 of metadata then rootfs.
    let both = run(Command::new("sh").arg("-c").arg(format!(
        "cat {} {} | sha256sum",
        meta.display(),
        rootfs.display()
    )));
    assert_eq!(both.split_whitespace().next().unwrap(), fingerprint);

    let (mut got_meta, mut got_rootfs) = (Vec::new(), Vec::new());
    let export = client
        .export_image(&fingerprint, &mut got_meta, &mut got_rootfs)
        .unwrap();
    assert!(
        got_meta == std::fs::read(&meta).unwrap(),
        "metadata differs"
    );
    assert!(
        got_rootfs == std::fs::read(&rootfs).unwrap(),
        "rootfs differs"
    );
    assert!(export.is_split());
    assert_eq!(export.metadata.part, "metadata");
    assert_eq!(
        export.metadata.file_name,
        format!("meta-{fingerprint}.tar.gz")
    );
    let rootfs_file = export.rootfs.unwrap();
    assert_eq!(rootfs_file.part, "rootfs");
    assert_eq!(rootfs_file.size, got_rootfs.len() as u64);
    assert_eq!(rootfs_file.file_name, format!("{fingerprint}.squashfs"));

    // A partial fingerprint is refused before sending: it could not be verified.
    let e = client
        .export_image(&fingerprint[..12], io::sink(), io::sink())
        .unwrap_err();
    assert!(matches!(e, Error::InvalidInput(_)), "{e:?}");
}

#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn push_an_image_to_the_second_server() {
    let _turn = support::second_daemon();
    let source = client();
    let target = support::second_client();
    let tmp = TempDir::new("img-push");
    let tarball = unified_tarball(&tmp.0, &unique("img-push"));
    let fingerprint = sha256(&tarball);
    let args = ImageUploadArgs::new(std::fs::File::open(&tarball).unwrap());
    source
        .wait_for_completion(&source.upload_image(args).unwrap(), WAIT)
        .unwrap();
    let _on_source = support::image_guard(&source, &fingerprint);
    let _on_target = support::image_guard(&target, &fingerprint);

    // The target hands out a token; its aliases apply to the pushed image.
    let alias = unique("img-pushed");
    let token = target
        .create_image(&ImagesPost {
            source: ImagesPostSource::push(fingerprint.clone()),
            aliases: vec![ImageAlias::new(alias.clone())],
            ..Default::default()
        })
        .unwrap();
    assert_eq!(token.class, "token");
    let secret = token.metadata["secret"].as_str().unwrap().to_string();
    let server = target.get_server().unwrap();
    let ignored = unique("img-push-ignored");
    let push = ImageExportPost {
        target: format!("https://{}", server.environment.addresses[0]),
        certificate: server.environment.certificate.clone(),
        secret,
        aliases: vec![ImageAlias::new(ignored.clone())],
        ..Default::default()
    };
    let op = source.push_image(&fingerprint, &push).unwrap();
    source.wait_for_completion(&op, WAIT).unwrap();
    let _ = target.cancel_operation(&token.id);

    let pushed = target
        .raw("GET", &format!("/1.0/images/{fingerprint}"), None)
        .unwrap();
    let names: Vec<&str> = pushed["aliases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [alias.as_str()],
        "the token's aliases, not the push's"
    );
    // What arrived is the same image: its export verifies there.
    let mut back = Vec::new();
    target
        .export_image(&fingerprint, &mut back, io::sink())
        .unwrap();
    assert!(back == std::fs::read(&tarball).unwrap());

    // A wrong secret: the target refuses the push.
    let wrong = ImageExportPost {
        secret: "0".repeat(64),
        ..push
    };
    let e = source
        .push_image(&fingerprint, &wrong)
        .and_then(|op| source.wait_for_completion(&op, WAIT))
        .unwrap_err();
    assert!(matches!(e, Error::Operation { .. }), "{e:?}");
    assert!(e.to_string().ends_with("failed: not authorized"), "{e}");
}

/// A split image uploaded by the crate (metadata and rootfs tarballs as the
/// two parts of a streamed multipart body): its fingerprint is the SHA-256
/// of both, it exports back as the same two files, and an instance made
/// from it has its files.
#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn split_image_upload_round_trip() {
    let client = client();
    let aliases = upload_aliases(&client);
    let tmp = TempDir::new("img-split-up");
    let marker = unique("img-split-up");
    let (meta, rootfs, fingerprint) = support::split_image(&tmp.0, &marker);
    let alias = unique("img-split-up");
    let args = ImageUploadArgs::split(
        std::fs::File::open(&meta).unwrap(),
        std::fs::File::open(&rootfs).unwrap(),
    )
    .fingerprint(&fingerprint)
    .filename("rootfs.tar.gz");
    let args = if aliases { args.alias(&alias) } else { args };
    let done = client
        .wait_for_completion(&client.upload_image(args).unwrap(), WAIT)
        .unwrap();
    let _guard = support::image_guard(&client, &fingerprint);
    assert_eq!(
        done.metadata["fingerprint"].as_str(),
        Some(fingerprint.as_str())
    );

    let (mut got_meta, mut got_rootfs) = (Vec::new(), Vec::new());
    let export = client
        .export_image(&fingerprint, &mut got_meta, &mut got_rootfs)
        .unwrap();
    assert!(export.is_split());
    assert!(
        got_meta == std::fs::read(&meta).unwrap(),
        "metadata differs"
    );
    assert!(
        got_rootfs == std::fs::read(&rootfs).unwrap(),
        "rootfs differs"
    );

    let name = unique("img-split-up");
    let source = match aliases {
        true => incus::models::InstanceSource::image_alias(&alias),
        false => incus::models::InstanceSource {
            kind: "image".into(),
            fingerprint: fingerprint.clone(),
            ..Default::default()
        },
    };
    let post = incus::models::InstancesPost {
        name: name.clone(),
        source,
        ..Default::default()
    };
    let _instance = support::instance_guard(&client, &name);
    client
        .wait_for_completion(&client.create_instance(&post).unwrap(), WAIT)
        .unwrap();
    let mut made = Vec::new();
    client
        .get_instance_file(&name, "/marker")
        .unwrap()
        .read_to_end(&mut made)
        .unwrap();
    assert_eq!(made, marker.as_bytes());
}

/// A daemon that serves bytes that are not the image: its stored files
/// (under the sandbox's private `INCUS_DIR`, or `LXD_DIR`) changed in place, one byte
/// flipped, then cut short. The export fails with the integrity error,
/// which names the bytes written and tells a changed byte from missing
/// ones by the size the daemon records.
#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn exports_of_damaged_image_files_say_which_bytes_are_bad() {
    let client = client();
    let dir = if support::on_lxd() {
        "LXD_DIR"
    } else {
        "INCUS_DIR"
    };
    let images = PathBuf::from(std::env::var(dir).expect(dir)).join("images");
    let tmp = TempDir::new("img-bad");
    let marker = unique("img-bad");
    let (meta, rootfs, fingerprint) = support::split_image(&tmp.0, &marker);
    let args = ImageUploadArgs::split(
        std::fs::File::open(&meta).unwrap(),
        std::fs::File::open(&rootfs).unwrap(),
    );
    client
        .wait_for_completion(&client.upload_image(args).unwrap(), WAIT)
        .unwrap();
    let _guard = support::image_guard(&client, &fingerprint);
    let (meta_len, rootfs_len) = (
        std::fs::metadata(&meta).unwrap().len(),
        std::fs::metadata(&rootfs).unwrap().len(),
    );
    let stored = images.join(format!("{fingerprint}.rootfs"));
    assert_eq!(std::fs::metadata(&stored).unwrap().len(), rootfs_len);

    let export = |what: &str| {
        let (mut got_meta, mut got_rootfs) = (Vec::new(), Vec::new());
        let e = client
            .export_image(&fingerprint, &mut got_meta, &mut got_rootfs)
            .unwrap_err();
        let Error::Integrity(bad) = &e else {
            panic!("{what}: expected Integrity, got {e:?}")
        };
        assert_eq!(bad.expected(), fingerprint);
        let sizes: Vec<u64> = bad.received().iter().map(|file| file.size).collect();
        assert_eq!(sizes, [got_meta.len() as u64, got_rootfs.len() as u64]);
        assert_eq!(bad.image_size(), Some(meta_len + rootfs_len), "{what}");
        (e.to_string(), got_rootfs)
    };

    let mut bytes = std::fs::read(&stored).unwrap();
    bytes[rootfs_len as usize / 2] ^= 0x40;
    std::fs::write(&stored, &bytes).unwrap();
    let (message, got) = export("a byte flipped");
    assert!(
        got == bytes,
        "the daemon's bytes, as they are, were written"
    );
    let written =
        format!("discard bytes 0..{meta_len} written to the metadata writer (part metadata, ");
    assert!(message.contains(&written), "{message}");
    assert!(
        message.contains(&format!(
            "and bytes 0..{rootfs_len} written to the rootfs writer (part rootfs, "
        )),
        "{message}"
    );
    assert!(
        message.ends_with(&format!(
            "; the image is {} bytes too, so some of these bytes differ from it \
             (one digest over the whole cannot say which)",
            meta_len + rootfs_len
        )),
        "{message}"
    );

    std::fs::write(&stored, &bytes[..bytes.len() - 100]).unwrap();
    let (message, got) = export("cut short");
    assert_eq!(got.len() as u64, rootfs_len - 100);
    assert!(
        message.ends_with(&format!(
            "; the image is {} bytes, 100 more than arrived: bytes are missing",
            meta_len + rootfs_len
        )),
        "{message}"
    );
}
