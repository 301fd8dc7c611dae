//! Live tests of warnings. The daemon raises a warning of our own through
//! its testing endpoint (`POST /internal/debug/warnings`, LXD's
//! `/internal/testing/warnings`, sent by the `incus` command line), in a project of our own, so the test never
//! touches the daemon's real warnings and the project's deletion removes
//! what is left.

use incus::ListOptions;
use incus::models::{ProjectsPost, WarningPut};

use crate::support::{Cleanup, cli, client, gated, unique};

#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn warning_lifecycle_in_a_project_of_our_own() {
    let c = client();
    let project = unique("warn");
    c.create_project(&ProjectsPost {
        name: project.clone(),
        ..Default::default()
    })
    .unwrap();
    let _project = Cleanup(|| {
        let _ = c.delete_project(&project, None);
    });
    let message = unique("warning-message");
    let raise = serde_json::json!({"location": "none", "project": project,
        "entity_type_code": -1, "entity_id": -1, "type_code": 1, "message": message});
    // LXD 5.0.2's testing endpoint is /internal/testing/warnings.
    let path = if crate::support::on_lxd() {
        "/internal/testing/warnings"
    } else {
        "/internal/debug/warnings"
    };
    cli(&["query", "-X", "POST", path, "-d", &raise.to_string()]);

    // A client with the project lists that project's warnings: ours only.
    let scoped = c.with_project(&project);
    let names = scoped.list_warning_names(None).unwrap();
    let [uuid] = names.as_slice() else {
        panic!("one warning in {project}, got {names:?}")
    };
    let listed = scoped.list_warnings(None).unwrap();
    assert_eq!(listed.len(), 1);
    let warning = &listed[0];
    assert_eq!(
        (&warning.uuid, &warning.project, &warning.last_message),
        (uuid, &project, &message)
    );
    assert_eq!((warning.status.as_str(), warning.count), ("new", 1));
    assert_eq!(warning.kind, "Couldn't find the CGroup blkio");
    assert_eq!(&c.get_warning(uuid).unwrap(), warning);
    // Without a project, every warning: ours among them.
    assert!(c.list_warning_names(None).unwrap().contains(uuid));

    // Acknowledge (PUT); the filter and the command line see it.
    c.replace_warning(uuid, &WarningPut::acknowledged())
        .unwrap();
    assert_eq!(c.get_warning(uuid).unwrap().status, "acknowledged");
    assert!(cli(&["warning", "show", uuid]).contains("status: acknowledged"));
    // A filter needs `api_filtering_extended` (LXD 5.0 lacks it).
    let new = ListOptions::new().filter("status eq new");
    let acknowledged = ListOptions::new().filter("status eq acknowledged");
    let filtering = "api_filtering_extended";
    if let Some(listed) = gated(&c, filtering, scoped.list_warnings(Some(&new))) {
        assert!(listed.unwrap().is_empty());
        let listed = scoped.list_warning_names(Some(&acknowledged));
        assert_eq!(listed.unwrap(), names);
    }

    // Back to new (PATCH).
    c.update_warning(uuid, &WarningPut::reset()).unwrap();
    assert_eq!(c.get_warning(uuid).unwrap().status, "new");
    if let Some(listed) = gated(&c, filtering, scoped.list_warning_names(Some(&new))) {
        assert_eq!(listed.unwrap(), names);
    }

    // Only the daemon resolves; an unknown status is a bad request.
    let resolved = WarningPut {
        status: Some("resolved".into()),
    };
    let e = c.replace_warning(uuid, &resolved).unwrap_err();
    assert_eq!(e.status(), Some(403), "{e}");
    let bogus = WarningPut {
        status: Some("bogus".into()),
    };
    let e = c.update_warning(uuid, &bogus).unwrap_err();
    assert_eq!(e.status(), Some(400), "{e}");
    assert_eq!(c.get_warning(uuid).unwrap().status, "new");

    c.delete_warning(uuid).unwrap();
    assert!(c.get_warning(uuid).unwrap_err().is_not_found());
    assert!(scoped.list_warning_names(None).unwrap().is_empty());
    let e = c.delete_warning(uuid).unwrap_err();
    assert!(e.is_not_found(), "{e}");
}
