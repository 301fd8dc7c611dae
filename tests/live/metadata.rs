//! Live tests of an instance's image metadata and templates:
//! `/1.0/instances/{name}/metadata` and `…/metadata/templates`.

use std::io::Read;

use incus::models::{ImageMetadata, ImageMetadataTemplate};
use incus::{Error, Upload};

use crate::support::{busybox, cli, client, unique};

#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn metadata_read_replace_update_with_etags() {
    let client = client();
    // A template's mode needs `image_template_permissions`: without it
    // (LXD 5.0) the crate refuses one, and the test goes on without.
    let permissions = crate::support::has_or_refused(&client, "image_template_permissions", || {
        let template = ImageMetadataTemplate {
            mode: "644".into(),
            ..Default::default()
        };
        let mut metadata = ImageMetadata::default();
        metadata.templates.insert("/etc/motd".into(), template);
        client.replace_instance_metadata("c1", &metadata, None)
    });
    let mode = if permissions { "644" } else { "" };
    let name = unique("meta");
    let _guard = busybox(&client, &name);

    // What the busybox image brought.
    let metadata = client.get_instance_metadata(&name).unwrap();
    assert_eq!(metadata.properties["os"], "busybox");
    assert!(!metadata.architecture.is_empty() && metadata.creation_date > 0);
    let (same, etag) = client.get_instance_metadata_with_etag(&name).unwrap();
    assert_eq!(same, metadata);

    // PUT with the ETag: the whole file is replaced.
    let mut put = metadata.clone();
    put.properties
        .insert("description".into(), "rust test".into());
    put.templates.insert(
        "/etc/motd".into(),
        ImageMetadataTemplate {
            template: "motd.tpl".into(),
            when: vec!["create".into(), "start".into()],
            mode: mode.into(),
            ..Default::default()
        },
    );
    client
        .replace_instance_metadata(&name, &put, Some(&etag))
        .unwrap();
    let (after, new_etag) = client.get_instance_metadata_with_etag(&name).unwrap();
    assert_eq!(after, put);
    assert_ne!(new_etag, etag);
    let shown = cli(&["config", "metadata", "show", &name]);
    assert!(
        shown.contains("description: rust test") && shown.contains("template: motd.tpl"),
        "{shown}"
    );

    // PATCH merges: only the property sent changes, the rest is kept.
    let patch = ImageMetadata {
        properties: [("release".to_string(), "patched".to_string())].into(),
        ..Default::default()
    };
    client
        .update_instance_metadata(&name, &patch, Some(&new_etag))
        .unwrap();
    let patched = client.get_instance_metadata(&name).unwrap();
    assert_eq!(patched.properties["release"], "patched");
    assert_eq!(patched.properties["description"], "rust test");
    assert_eq!(patched.templates, put.templates);
    assert_eq!(patched.architecture, metadata.architecture);

    // A stale ETag: PATCH checks it (412), PUT does not (Incus 6.0.4).
    let e = client
        .update_instance_metadata(&name, &patch, Some(&new_etag))
        .unwrap_err();
    assert!(e.is_precondition_failed(), "{e:?}");
    client
        .replace_instance_metadata(&name, &metadata, Some(&etag))
        .unwrap();
    assert_eq!(client.get_instance_metadata(&name).unwrap(), metadata);

    let e = client
        .get_instance_metadata(&unique("missing"))
        .unwrap_err();
    assert!(e.is_not_found(), "{e:?}");
}

fn read_template(client: &incus::Client, name: &str, template: &str) -> Vec<u8> {
    let mut content = Vec::new();
    client
        .get_instance_metadata_template(name, template)
        .unwrap()
        .read_to_end(&mut content)
        .unwrap();
    content
}

#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn templates_create_list_read_replace_delete() {
    let client = client();
    let name = unique("tpl");
    let _guard = busybox(&client, &name);
    let names = |client: &incus::Client| client.list_instance_metadata_template_names(&name);
    assert!(names(&client).unwrap().is_empty());

    // Chunked from a reader, and with a declared length.
    let hostname = b"{{ instance.name }}.example.net\n".repeat(3000);
    client
        .create_instance_metadata_template(&name, "hostname.tpl", hostname.as_slice())
        .unwrap();
    let motd = b"welcome to {{ instance.name }}\n";
    let sized = Upload::new(&motd[..]).length(motd.len() as u64);
    client
        .create_instance_metadata_template(&name, "motd tpl é", sized)
        .unwrap();
    let mut listed = names(&client).unwrap();
    listed.sort();
    assert_eq!(listed, ["hostname.tpl", "motd tpl é"]);
    assert!(read_template(&client, &name, "hostname.tpl") == hostname);
    assert_eq!(read_template(&client, &name, "motd tpl é"), motd);
    assert_eq!(
        cli(&["config", "template", "show", &name, "motd tpl é"]),
        "welcome to {{ instance.name }}"
    );

    // A reader shorter than its declared length fails the upload. If the
    // request reached the handler, the daemon has emptied the template and
    // keeps what it received; else the template is untouched.
    let short = Upload::new(&b"abc"[..]).length(10);
    let e = client
        .create_instance_metadata_template(&name, "motd tpl é", short)
        .unwrap_err();
    assert!(matches!(e, Error::Transport(_)), "{e:?}");
    let left = read_template(&client, &name, "motd tpl é");
    assert!(left == motd || b"abc".starts_with(&left), "{left:?}");

    // POST again replaces.
    client
        .create_instance_metadata_template(&name, "hostname.tpl", &b"new"[..])
        .unwrap();
    assert_eq!(read_template(&client, &name, "hostname.tpl"), b"new");

    client
        .delete_instance_metadata_template(&name, "hostname.tpl")
        .unwrap();
    assert_eq!(names(&client).unwrap(), ["motd tpl é"]);
    let e = client
        .get_instance_metadata_template(&name, "hostname.tpl")
        .unwrap_err();
    assert!(e.is_not_found(), "{e:?}");
    let e = client
        .delete_instance_metadata_template(&name, "hostname.tpl")
        .unwrap_err();
    assert!(e.is_not_found(), "{e:?}");
    client
        .delete_instance_metadata_template(&name, "motd tpl é")
        .unwrap();
    assert!(names(&client).unwrap().is_empty());
}

#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn bad_template_names_are_refused_before_sending() {
    let client = client();
    let name = unique("tplbad");
    let _guard = busybox(&client, &name);
    client
        .create_instance_metadata_template(&name, "keep.tpl", &b"keep"[..])
        .unwrap();

    // What the daemon does with them when sent: it refuses a '/' (500),
    // but joins '.' and '..' to the templates directory.
    let raw = |method: &str, path: &str| {
        let url = format!("/1.0/instances/{name}/metadata/templates?path={path}");
        client.raw(method, &url, None)
    };
    for path in ["a%2Fb", "..%2Fx", "%2Fetc%2Fpasswd"] {
        let e = raw("DELETE", path).unwrap_err();
        assert_eq!(e.status(), Some(500), "{path}: {e:?}");
        assert!(e.to_string().contains("Invalid template filename"), "{e}");
    }
    let e = raw("GET", "..").unwrap_err();
    assert!(e.to_string().contains("is a directory"), "{e}");
    // With no path, the listing comes back instead of a template.
    assert_eq!(raw("GET", "").unwrap(), serde_json::json!(["keep.tpl"]));

    // The crate refuses them all, for every method.
    for path in ["a/b", "../x", "/etc/passwd", ".", "..", "", "x\ny"] {
        let refused = [
            client.get_instance_metadata_template(&name, path).map(drop),
            client.create_instance_metadata_template(&name, path, &b"x"[..]),
            client.delete_instance_metadata_template(&name, path),
        ];
        for result in refused {
            match result {
                Err(Error::InvalidInput(message)) => {
                    assert!(message.starts_with("path "), "{message}")
                }
                other => panic!("{path:?}: {other:?}"),
            }
        }
    }
    assert_eq!(
        client.list_instance_metadata_template_names(&name).unwrap(),
        ["keep.tpl"]
    );
    assert_eq!(read_template(&client, &name, "keep.tpl"), b"keep");
}
