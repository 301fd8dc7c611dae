//! Live tests of every `/1.0/projects` endpoint, and of `with_project`.

use crate::support::{Cleanup, WAIT, cli, client, unique};
use incus::DeleteProjectOptions;
use incus::models::{ProfilesPost, ProjectPost, ProjectPut, ProjectsPost};

#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn project_lifecycle() {
    let client = client();
    let name = unique("project");
    let renamed = format!("{name}-renamed");
    let _cleanup = Cleanup(|| {
        let _ = client.delete_project(&name, None);
        let _ = client.delete_project(&renamed, None);
    });

    client
        .create_project(&ProjectsPost {
            name: name.clone(),
            description: "made by a test".into(),
            config: [("features.profiles".to_string(), "true".to_string())].into(),
        })
        .unwrap();
    let project = client.get_project(&name).unwrap();
    assert_eq!(project.description, "made by a test");
    assert_eq!(project.config["features.profiles"], "true");
    assert!(client.list_project_names(None).unwrap().contains(&name));
    assert!(
        client
            .list_projects(None)
            .unwrap()
            .iter()
            .any(|p| p.name == name)
    );

    // State and access of a fresh project.
    let state = client.get_project_state(&name).unwrap();
    assert_eq!(state.resources["instances"].usage, 0);
    assert_eq!(state.resources["instances"].limit, -1);
    let access = client.get_project_access(&name);
    if let Some(access) = crate::support::gated(&client, "project_access", access) {
        access.unwrap();
    }

    // PATCH without config keeps it; a stale ETag is refused.
    let (project, etag) = client.get_project_with_etag(&name).unwrap();
    let patch = ProjectPut {
        description: Some("patched".into()),
        ..Default::default()
    };
    client.update_project(&name, &patch, Some(&etag)).unwrap();
    let patched = client.get_project(&name).unwrap();
    assert_eq!(patched.description, "patched");
    assert_eq!(patched.config, project.config);
    let e = client
        .update_project(&name, &patch, Some(&etag))
        .unwrap_err();
    assert!(e.is_precondition_failed(), "{e}");

    // PUT replaces: add a limit, then drop the description.
    let (project, etag) = client.get_project_with_etag(&name).unwrap();
    let mut put = project.writable();
    put.config.insert("limits.instances".into(), "3".into());
    put.description = Some("replaced".into());
    client.replace_project(&name, &put, Some(&etag)).unwrap();
    assert_eq!(cli(&["project", "get", &name, "limits.instances"]), "3");
    assert_eq!(
        client.get_project_state(&name).unwrap().resources["instances"].limit,
        3
    );
    let e = client
        .replace_project(&name, &put, Some(&etag))
        .unwrap_err();
    assert!(e.is_precondition_failed(), "{e}");
    assert_eq!(client.get_project(&name).unwrap().description, "replaced");

    // Objects made through a scoped client land in that project only.
    let scoped = client.with_project(&name);
    let profile = unique("in-project");
    scoped
        .create_profile(&ProfilesPost {
            name: profile.clone(),
            ..Default::default()
        })
        .unwrap();
    assert!(scoped.list_profile_names(None).unwrap().contains(&profile));
    assert!(!client.list_profile_names(None).unwrap().contains(&profile));
    assert!(cli(&["profile", "list", "--project", &name, "-f", "csv"]).contains(&profile));
    assert!(
        client
            .get_project(&name)
            .unwrap()
            .used_by
            .iter()
            .any(|u| u.contains(&profile))
    );
    scoped.delete_profile(&profile).unwrap();

    // Rename is an operation.
    let op = client
        .rename_project(
            &name,
            &ProjectPost {
                name: renamed.clone(),
            },
        )
        .unwrap();
    client.wait_for_completion(&op, WAIT).unwrap();
    assert!(client.get_project(&name).unwrap_err().is_not_found());
    assert_eq!(
        client.get_project(&renamed).unwrap().description,
        "replaced"
    );

    client.delete_project(&renamed, None).unwrap();
    assert!(client.get_project(&renamed).unwrap_err().is_not_found());
    assert!(!client.list_project_names(None).unwrap().contains(&renamed));
}

#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn force_delete_removes_a_non_empty_project() {
    let c = crate::support::client();
    if !crate::support::requires_gated(&c, "projects_force_delete", || {
        c.delete_project("p", Some(&DeleteProjectOptions::new().force()))
    }) {
        return;
    }
    let client = client();
    let name = unique("force");
    let _cleanup = Cleanup(|| {
        let _ = client.delete_project(&name, Some(&DeleteProjectOptions::new().force()));
    });
    client
        .create_project(&ProjectsPost {
            name: name.clone(),
            config: [("features.profiles".to_string(), "true".to_string())].into(),
            ..Default::default()
        })
        .unwrap();
    let profile = ProfilesPost {
        name: unique("inside"),
        ..Default::default()
    };
    client.with_project(&name).create_profile(&profile).unwrap();
    let e = client.delete_project(&name, None).unwrap_err();
    assert!(e.to_string().contains("Only empty projects"), "{e}");
    assert!(client.get_project(&name).is_ok());
    client
        .delete_project(&name, Some(&DeleteProjectOptions::new().force()))
        .unwrap();
    assert!(client.get_project(&name).unwrap_err().is_not_found());
}

#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn default_project_cannot_be_deleted() {
    let e = client().delete_project("default", None).unwrap_err();
    assert_eq!(e.status(), Some(403), "{e}");
}
