//! Live tests of the images endpoints, on images each test builds for
//! itself (a tiny tarball imported with the `incus` command line), never
//! the shared `busybox` image; and of what a client the server does not
//! trust sees (public images, a secret). The alias endpoints are in
//! `image_aliases.rs`, on images made here.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::{WAIT, cli, client, run, unique};
use incus::models::ImagePut;
use incus::{Client, Error, ListOptions};

/// One image made for a test, deleted (with its aliases) when dropped.
pub struct TestImage {
    pub fingerprint: String,
    /// The unique value of its `name` property, for filters.
    pub name: String,
    size: u64,
    dir: PathBuf,
}

impl Drop for TestImage {
    fn drop(&mut self) {
        let _ = crate::support::cli_command(&["image", "delete", &self.fingerprint]).output();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Writes a unique image tarball (metadata.yaml and a one-file rootfs) in a
/// new temp dir; returns the dir, the tarball and its SHA-256 (the
/// fingerprint the daemon will give it), computed by `sha256sum`.
fn tarball(what: &str) -> (PathBuf, PathBuf, String, String) {
    let name = unique(what);
    let dir = std::env::temp_dir().join(&name);
    std::fs::create_dir_all(dir.join("rootfs/etc")).unwrap();
    std::fs::write(dir.join("rootfs/etc/stamp"), &name).unwrap();
    let metadata = format!(
        "architecture: x86_64\ncreation_date: 1700000000\nproperties:\n  os: rust-test\n  name: {name}\n"
    );
    std::fs::write(dir.join("metadata.yaml"), metadata).unwrap();
    let file = dir.join("image.tar.gz");
    run(Command::new("tar")
        .arg("-C")
        .arg(&dir)
        .args(["--numeric-owner", "-czf"])
        .arg(&file)
        .args(["metadata.yaml", "rootfs"]));
    let sum = run(Command::new("sha256sum").arg(&file));
    let fingerprint = sum.split_whitespace().next().unwrap().to_string();
    (dir, file, fingerprint, name)
}

/// Builds and imports a unique image (`incus image import`), with `alias`
/// if given.
pub fn import(what: &str, alias: Option<&str>) -> TestImage {
    let (dir, file, fingerprint, name) = tarball(what);
    let size = std::fs::metadata(&file).unwrap().len();
    let image = TestImage {
        fingerprint,
        name,
        size,
        dir,
    };
    let mut args = vec!["image", "import", file.to_str().unwrap()];
    if let Some(alias) = alias {
        args.extend(["--alias", alias]);
    }
    let out = cli(&args);
    assert!(out.contains(&image.fingerprint), "{out}");
    image
}

/// `incus image show` of `fingerprint` (YAML), to cross-check writes.
fn show(fingerprint: &str) -> String {
    cli(&["image", "show", fingerprint])
}

#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn image_lifecycle() {
    let client = client();
    let alias = unique("image-alias");
    let image = import("image", Some(&alias));
    let fp = image.fingerprint.as_str();

    // Listed by names and as objects; the filter finds it alone.
    assert!(
        client
            .list_image_names(None)
            .unwrap()
            .iter()
            .any(|f| f == fp)
    );
    let listed = client.list_images(None).unwrap();
    let listed = listed.iter().find(|i| i.fingerprint == fp).unwrap();
    assert_eq!(listed.aliases[0].name, alias);
    let filter = ListOptions::new().filter(format!("properties.name eq {}", image.name));
    assert_eq!(client.list_image_names(Some(&filter)).unwrap(), [fp]);
    assert_eq!(
        client.list_images(Some(&filter)).unwrap()[0].fingerprint,
        fp
    );

    // Read: what the tarball holds, and a local image's defaults.
    let got = client.get_image(fp).unwrap();
    assert_eq!(&got, listed);
    assert_eq!(
        (got.kind.as_str(), got.architecture.as_str()),
        ("container", "x86_64")
    );
    assert_eq!(got.properties["name"], image.name);
    assert_eq!(got.size as u64, image.size);
    assert_eq!(got.filename, "image.tar.gz");
    assert_eq!(got.profiles, ["default"]);
    assert_eq!(
        (got.public, got.auto_update, got.cached),
        (false, false, false)
    );
    assert_eq!(got.update_source, None);
    // Images of all projects need `images_all_projects` (LXD 5.0 lacks
    // it, and the `project` field with it).
    let all = ListOptions::new().all_projects();
    let everywhere = client.list_images(Some(&all));
    if let Some(everywhere) = crate::support::gated(&client, "images_all_projects", everywhere) {
        assert_eq!(got.project, "default");
        let everywhere = everywhere.unwrap();
        assert_eq!(everywhere.iter().find(|i| i.fingerprint == fp), Some(&got));
    }
    // A unique prefix names the image too.
    assert_eq!(client.get_image(&fp[..12]).unwrap().fingerprint, fp);

    // PATCH: only what is set; properties merge.
    let (_, etag) = client.get_image_with_etag(fp).unwrap();
    let patch = ImagePut {
        public: Some(true),
        properties: [("release".to_string(), "one".to_string())].into(),
        ..Default::default()
    };
    client.update_image(fp, &patch, Some(&etag)).unwrap();
    let shown = show(fp);
    assert!(shown.contains("public: true"), "{shown}");
    assert!(
        shown.contains("  release: one") && shown.contains("  os: rust-test"),
        "{shown}"
    );
    assert!(shown.contains("auto_update: false"), "{shown}");

    // The ETag read before that write is stale: 412 for PUT and PATCH.
    let e = client.update_image(fp, &patch, Some(&etag)).unwrap_err();
    assert!(e.is_precondition_failed(), "{e}");
    let e = client.replace_image(fp, &patch, Some(&etag)).unwrap_err();
    assert!(e.is_precondition_failed(), "{e}");

    // PUT with the current ETag replaces every writable field.
    let (got, etag) = client.get_image_with_etag(fp).unwrap();
    let mut put = got.writable();
    put.public = Some(false);
    put.auto_update = Some(true);
    put.profiles = Some(vec![]);
    put.properties = [("os".to_string(), "replaced".to_string())].into();
    put.expires_at = Some("2031-01-01T00:00:00Z".into());
    client.replace_image(fp, &put, Some(&etag)).unwrap();
    let got = client.get_image(fp).unwrap();
    assert_eq!(got.properties, put.properties);
    assert_eq!((got.public, got.auto_update), (false, true));
    assert!(got.profiles.is_empty() && got.expires_at.starts_with("2031-01-01"));
    let shown = show(fp);
    for line in [
        "public: false",
        "auto_update: true",
        "profiles: []",
        "  os: replaced",
    ] {
        assert!(shown.contains(line), "{line}: {shown}");
    }
    assert!(!shown.contains("release"), "{shown}");
    // Incus 6.0.4 ignores profiles and expires_at in a PATCH.
    let ignored = ImagePut {
        profiles: Some(vec!["default".into()]),
        expires_at: Some("2032-01-01T00:00:00Z".into()),
        ..Default::default()
    };
    client.update_image(fp, &ignored, None).unwrap();
    let got = client.get_image(fp).unwrap();
    assert!(got.profiles.is_empty() && got.expires_at.starts_with("2031-01-01"));
    // PUT: no profiles named means `default`; an unknown one is a 500
    // (LXD 5.0.2: a 400).
    let unknown = ImagePut {
        profiles: Some(vec![unique("no-such-profile")]),
        ..Default::default()
    };
    let e = client.replace_image(fp, &unknown, None).unwrap_err();
    let status = if crate::support::on_lxd() { 400 } else { 500 };
    assert_eq!(e.status(), Some(status), "{e}");
    assert!(e.to_string().contains("doesn't exist"), "{e}");
    client
        .replace_image(fp, &ImagePut::default(), None)
        .unwrap();
    let got = client.get_image(fp).unwrap();
    assert_eq!(got.profiles, ["default"]);
    assert!(got.properties.is_empty() && !got.public && !got.auto_update);

    // Refresh: an imported image has no source to refresh from.
    let op = client.refresh_image(fp).unwrap();
    assert_eq!(op.description, "Refreshing image");
    match client.wait_for_completion(&op, WAIT) {
        Err(Error::Operation { message, .. }) => {
            assert!(message.contains("Image source not found"), "{message}")
        }
        other => panic!("expected the refresh to fail, got {other:?}"),
    }

    // Delete: the image and its alias are gone.
    let op = client.delete_image(fp).unwrap();
    client.wait_for_completion(&op, WAIT).unwrap();
    assert!(client.get_image(fp).unwrap_err().is_not_found());
    assert!(client.get_image_alias(&alias).unwrap_err().is_not_found());
    assert!(
        !client
            .list_image_names(None)
            .unwrap()
            .iter()
            .any(|f| f == fp)
    );
    assert!(client.delete_image(fp).unwrap_err().is_not_found());
}

#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn missing_and_ambiguous_fingerprints() {
    let client = client();
    let missing = "0".repeat(64);
    assert!(client.get_image(&missing).unwrap_err().is_not_found());
    assert!(client.delete_image(&missing).unwrap_err().is_not_found());
    assert!(
        client
            .create_image_secret(&missing)
            .unwrap_err()
            .is_not_found()
    );
    assert!(client.refresh_image(&missing).unwrap_err().is_not_found());

    // Two images whose fingerprints start alike (tarballs are made until
    // two do; at most 17): that prefix names neither.
    let mut made: Vec<(PathBuf, PathBuf, String, String)> = Vec::new();
    let (a, b) = loop {
        let next = tarball("ambiguous");
        if let Some(at) = made.iter().position(|m| m.2[..1] == next.2[..1]) {
            break (made.swap_remove(at), next);
        }
        made.push(next);
    };
    for (dir, ..) in &made {
        let _ = std::fs::remove_dir_all(dir);
    }
    let imported: Vec<TestImage> = [a, b]
        .into_iter()
        .map(|(dir, file, fingerprint, name)| {
            let image = TestImage {
                fingerprint,
                name,
                size: 0,
                dir,
            };
            cli(&["image", "import", file.to_str().unwrap()]);
            image
        })
        .collect();
    let prefix = &imported[0].fingerprint[..1];
    let e = client.get_image(prefix).unwrap_err();
    assert_eq!(e.status(), Some(500), "{e}");
    assert!(e.to_string().contains("More than one image matches"), "{e}");
    // Each full fingerprint still names its image.
    for image in &imported {
        let got = client.get_image(&image.fingerprint).unwrap();
        assert_eq!(got.properties["name"], image.name);
    }
}

/// A client with a certificate the server does not trust, over HTTPS on
/// the address the sandbox listens on (`core.https_address`).
fn untrusted(trusted: &Client, dir: &Path) -> Client {
    let address = trusted
        .get_server()
        .unwrap()
        .config
        .get("core.https_address")
        .cloned();
    let address = address.filter(|a| !a.is_empty()).expect(
        "the daemon has no core.https_address: the sandbox (scripts/incus-sandbox) sets one",
    );
    let (cert, key, _) = crate::https::client_certificate(dir);
    let server_pem = trusted.get_server().unwrap().environment.certificate;
    let client = Client::builder(format!("https://{address}"))
        .client_certificate(cert, key)
        .server_certificate(server_pem)
        .build()
        .unwrap();
    assert_eq!(client.get_server().unwrap().auth, "untrusted");
    client
}

/// Waits until the daemon no longer knows operation `id` (it keeps ended
/// ones for a few seconds).
fn forgotten(client: &Client, id: &str) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while client.get_operation(id).is_ok() {
        assert!(
            std::time::Instant::now() < deadline,
            "operation {id} kept for 60 s"
        );
        std::thread::sleep(std::time::Duration::from_millis(250));
    }
}

#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn untrusted_clients_see_public_images_and_secrets() {
    let trusted = client();
    let alias = unique("untrusted-alias");
    let image = import("untrusted", Some(&alias));
    let fp = image.fingerprint.as_str();
    let (dir, _dir) = crate::support::temp_dir("untrusted-cert");
    let other = untrusted(&trusted, &dir);

    // A private image: invisible without a secret, as if missing.
    assert!(
        !other
            .list_image_names(None)
            .unwrap()
            .iter()
            .any(|f| f == fp)
    );
    assert!(other.get_image(fp).unwrap_err().is_not_found());
    assert!(other.get_image_alias(&alias).unwrap_err().is_not_found());
    assert!(
        other
            .get_image_with_secret(fp, "wrong")
            .unwrap_err()
            .is_not_found()
    );
    // The alias list and writes are for trusted clients only.
    assert_eq!(
        other.list_image_alias_names().unwrap_err().status(),
        Some(403)
    );
    let public = ImagePut {
        public: Some(true),
        ..Default::default()
    };
    assert_eq!(
        other.update_image(fp, &public, None).unwrap_err().status(),
        Some(403)
    );

    // A secret: a token operation holding it, good until cancelled.
    let op = trusted.create_image_secret(fp).unwrap();
    assert_eq!((op.class.as_str(), op.may_cancel), ("token", true));
    assert_eq!(op.resources["images"], [format!("/1.0/images/{fp}")]);
    let secret = op.metadata["secret"].as_str().unwrap().to_string();
    assert_eq!(secret.len(), 64, "{secret}");
    let got = other.get_image_with_secret(fp, &secret).unwrap();
    assert_eq!((got.fingerprint.as_str(), got.public), (fp, false));
    assert_eq!(got.properties["name"], image.name);
    // The first use ends the token; the daemon still takes the secret for
    // as long as it keeps the ended operation (a prefix works too), then
    // refuses it.
    assert_eq!(trusted.get_operation(&op.id).unwrap().status, "Cancelled");
    let got = other.get_image_with_secret(&fp[..12], &secret).unwrap();
    assert_eq!(got.fingerprint, fp);
    // It opens this image only.
    let busybox = trusted.get_image_alias("busybox").unwrap().target;
    let e = other.get_image_with_secret(&busybox, &secret).unwrap_err();
    assert!(e.is_not_found(), "{e}");
    forgotten(&trusted, &op.id);
    let e = other.get_image_with_secret(fp, &secret).unwrap_err();
    assert!(e.is_not_found(), "{e}");
    // Cancelled before any use: refused once the daemon forgets it.
    let op = trusted.create_image_secret(fp).unwrap();
    let secret = op.metadata["secret"].as_str().unwrap().to_string();
    trusted.cancel_operation(&op.id).unwrap();
    forgotten(&trusted, &op.id);
    let e = other.get_image_with_secret(fp, &secret).unwrap_err();
    assert!(e.is_not_found(), "{e}");

    // Made public: listed (names and objects, only public ones), readable,
    // and its alias too.
    trusted.update_image(fp, &public, None).unwrap();
    assert!(
        other
            .list_image_names(None)
            .unwrap()
            .iter()
            .any(|f| f == fp)
    );
    let listed = other.list_images(None).unwrap();
    assert!(listed.iter().any(|i| i.fingerprint == fp));
    assert!(listed.iter().all(|i| i.public), "{listed:?}");
    assert!(!listed.iter().any(|i| i.fingerprint == busybox));
    assert_eq!(other.get_image(fp).unwrap().properties["name"], image.name);
    assert_eq!(other.get_image_alias(&alias).unwrap().target, fp);
}
