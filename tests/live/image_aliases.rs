//! Live tests of every `/1.0/images/aliases` endpoint, on images made by
//! [`crate::images::import`]; alias names with `/` and spaces.

use crate::images::import;
use crate::support::{Cleanup, cli, client, unique};
use incus::models::{ImageAliasesEntryPost, ImageAliasesEntryPut, ImageAliasesPost};

#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn image_alias_lifecycle() {
    let client = client();
    let first = import("alias-target", None);
    let second = import("alias-target", None);
    // A `/` and a space: sent as one escaped segment, read back decoded.
    let name = format!("{}/12 a b", unique("alias"));
    let renamed = format!("{}/bookworm", unique("alias"));
    let _aliases = Cleanup(|| {
        let _ = client.delete_image_alias(&name);
        let _ = client.delete_image_alias(&renamed);
    });

    let post = ImageAliasesPost {
        name: name.clone(),
        description: "made by a test".into(),
        target: first.fingerprint[..12].to_string(),
        ..Default::default()
    };
    client.create_image_alias(&post).unwrap();
    let alias = client.get_image_alias(&name).unwrap();
    assert_eq!(alias.name, name);
    assert_eq!(
        alias.target, first.fingerprint,
        "a prefix target is resolved"
    );
    assert_eq!(
        (alias.kind.as_str(), alias.description.as_str()),
        ("container", "made by a test")
    );
    assert!(client.list_image_alias_names().unwrap().contains(&name));
    assert!(client.list_image_aliases().unwrap().contains(&alias));
    let csv = cli(&["image", "alias", "list", "--format", "csv"]);
    assert!(
        csv.lines().any(|l| l.starts_with(&format!("{name},"))),
        "{csv}"
    );
    let image = client.get_image(&first.fingerprint).unwrap();
    assert_eq!(image.aliases[0].name, name);

    // Faults: the name taken (409), a target that matches no image (404).
    assert_eq!(
        client.create_image_alias(&post).unwrap_err().status(),
        Some(409)
    );
    let nowhere = ImageAliasesPost {
        name: unique("alias"),
        target: "0".repeat(64),
        ..Default::default()
    };
    assert!(
        client
            .create_image_alias(&nowhere)
            .unwrap_err()
            .is_not_found()
    );

    // PATCH: the description alone.
    let (_, etag) = client.get_image_alias_with_etag(&name).unwrap();
    let patch = ImageAliasesEntryPut {
        description: Some("patched".into()),
        ..Default::default()
    };
    // LXD 5.0.2 fails every alias PATCH whose ETag matches with a 500
    // "context deadline exceeded" (canonical/lxd#12895), after holding its
    // database for 20 s, which stalls every other test: not sent there.
    // (A stale ETag is refused before that, on both: below, after the PUT.)
    if !crate::support::on_lxd() {
        client
            .update_image_alias(&name, &patch, Some(&etag))
            .unwrap();
        let alias = client.get_image_alias(&name).unwrap();
        assert_eq!(
            (alias.description.as_str(), alias.target.as_str()),
            ("patched", first.fingerprint.as_str())
        );
        // The ETag read before that is stale now.
        let e = client
            .update_image_alias(&name, &patch, Some(&etag))
            .unwrap_err();
        assert!(e.is_precondition_failed(), "{e}");
    }

    // PUT: another target; the description left out is cleared.
    let (_, etag) = client.get_image_alias_with_etag(&name).unwrap();
    let put = ImageAliasesEntryPut {
        target: Some(second.fingerprint.clone()),
        ..Default::default()
    };
    client
        .replace_image_alias(&name, &put, Some(&etag))
        .unwrap();
    let alias = client.get_image_alias(&name).unwrap();
    assert_eq!(
        (alias.description.as_str(), alias.target.as_str()),
        ("", second.fingerprint.as_str())
    );
    let csv = cli(&["image", "alias", "list", "--format", "csv"]);
    let line = format!("{name},{}", &second.fingerprint[..12]);
    assert!(csv.lines().any(|l| l.starts_with(&line)), "{csv}");
    let e = client
        .replace_image_alias(&name, &put, Some(&etag))
        .unwrap_err();
    assert!(e.is_precondition_failed(), "{e}");
    let e = client
        .update_image_alias(&name, &patch, Some(&etag))
        .unwrap_err();
    assert!(e.is_precondition_failed(), "{e}");
    let e = client
        .replace_image_alias(&name, &ImageAliasesEntryPut::default(), None)
        .unwrap_err();
    assert_eq!(e.status(), Some(400), "a PUT needs a target: {e}");

    // Rename: the old name is gone, the image lists the new one.
    let rename = ImageAliasesEntryPost {
        name: renamed.clone(),
    };
    client.rename_image_alias(&name, &rename).unwrap();
    assert!(client.get_image_alias(&name).unwrap_err().is_not_found());
    assert_eq!(
        client.get_image_alias(&renamed).unwrap().target,
        second.fingerprint
    );
    let image = client.get_image(&second.fingerprint).unwrap();
    assert_eq!(image.aliases[0].name, renamed);
    assert!(
        client
            .get_image(&first.fingerprint)
            .unwrap()
            .aliases
            .is_empty()
    );

    // Delete: the alias goes, the image stays.
    client.delete_image_alias(&renamed).unwrap();
    assert!(client.get_image_alias(&renamed).unwrap_err().is_not_found());
    assert!(!client.list_image_alias_names().unwrap().contains(&renamed));
    assert!(
        client
            .get_image(&second.fingerprint)
            .unwrap()
            .aliases
            .is_empty()
    );
    assert!(
        client
            .delete_image_alias(&renamed)
            .unwrap_err()
            .is_not_found()
    );
}
