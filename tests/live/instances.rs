//! Live tests of the instance lifecycle endpoints and of operations:
//! `/1.0/instances`, `…/state`, `/1.0/operations`.

use std::time::{Duration, Instant};

use crate::support::{
    Cleanup, WAIT, busybox, cli, client, remove_instance, shared_project, unique,
};
use incus::models::{
    InstancePost, InstancePut, InstanceSource, InstanceStatePut, InstancesPost, InstancesPut,
    Operation, StatusCode,
};
use incus::{Error, ListOptions};

fn status(client: &incus::Client, name: &str) -> String {
    client.get_instance_state(name).unwrap().status
}

#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn instance_lifecycle() {
    let client = client();
    let name = unique("c");
    let renamed = format!("{name}-renamed");
    let _renamed_cleanup = Cleanup(|| remove_instance(&client, &renamed));
    let _cleanup = busybox(&client, &name);

    let instance = client.get_instance(&name).unwrap();
    assert_eq!(instance.kind, "container");
    assert_eq!(instance.status, "Stopped");
    assert_eq!(instance.profiles, ["default"]);
    assert!(client.list_instance_names(None).unwrap().contains(&name));
    assert!(
        client
            .list_instances(None)
            .unwrap()
            .iter()
            .any(|i| i.name == name)
    );
    let filter = ListOptions::new().filter(format!("name eq {name}"));
    let full = client.list_instances_full(Some(&filter)).unwrap();
    assert_eq!(full.len(), 1);
    assert_eq!(full[0].instance.name, name);
    assert_eq!(full[0].state.as_ref().unwrap().status, "Stopped");
    assert_eq!(client.get_instance_full(&name).unwrap().instance.name, name);

    // PATCH merges config; PUT (an operation) replaces it; stale ETags fail.
    let (_, etag) = client.get_instance_with_etag(&name).unwrap();
    let patch = InstancePut {
        config: [("user.a".to_string(), "1".to_string())].into(),
        description: Some("patched".into()),
        ..Default::default()
    };
    client.update_instance(&name, &patch, Some(&etag)).unwrap();
    assert_eq!(cli(&["config", "get", &name, "user.a"]), "1");
    let e = client
        .update_instance(&name, &patch, Some(&etag))
        .unwrap_err();
    assert!(e.is_precondition_failed(), "{e}");
    let (instance, etag) = client.get_instance_with_etag(&name).unwrap();
    assert_eq!(instance.description, "patched");
    let mut put = instance.writable();
    put.config.remove("user.a");
    put.config.insert("user.b".into(), "2".into());
    let op = client.replace_instance(&name, &put, Some(&etag)).unwrap();
    client.wait_for_completion(&op, WAIT).unwrap();
    let instance = client.get_instance(&name).unwrap();
    assert_eq!(instance.config.get("user.b").map(String::as_str), Some("2"));
    assert!(!instance.config.contains_key("user.a"));
    let e = client
        .replace_instance(&name, &put, Some(&etag))
        .unwrap_err();
    assert!(e.is_precondition_failed(), "{e}");

    // Start, freeze, unfreeze, restart, stop: each an operation, each seen
    // through the API and the command line.
    let done = client
        .wait_for_completion(&client.start_instance(&name).unwrap(), WAIT)
        .unwrap();
    assert_eq!(done.status_code, StatusCode::SUCCESS);
    let state = client.get_instance_state(&name).unwrap();
    assert_eq!(state.status, "Running");
    assert!(state.pid > 0);
    assert!(state.processes >= 1);
    assert!(cli(&["list", &name, "-c", "s", "-f", "csv"]).contains("RUNNING"));

    client
        .wait_for_completion(&client.freeze_instance(&name).unwrap(), WAIT)
        .unwrap();
    assert_eq!(status(&client, &name), "Frozen");
    client
        .wait_for_completion(&client.unfreeze_instance(&name).unwrap(), WAIT)
        .unwrap();
    assert_eq!(status(&client, &name), "Running");

    let pid = client.get_instance_state(&name).unwrap().pid;
    let op = client
        .set_instance_state(
            &name,
            &InstanceStatePut::restart().timeout(Duration::from_secs(30)),
        )
        .unwrap();
    client.wait_for_completion(&op, WAIT).unwrap();
    let state = client.get_instance_state(&name).unwrap();
    assert_eq!(state.status, "Running");
    assert_ne!(state.pid, pid, "restart gives a new init");

    // Deleting a running instance is refused by the daemon.
    let e = client.delete_instance(&name).unwrap_err();
    assert_eq!(e.status(), Some(400), "{e}");

    let op = client
        .set_instance_state(
            &name,
            &InstanceStatePut::stop().timeout(Duration::from_secs(30)),
        )
        .unwrap();
    client.wait_for_completion(&op, WAIT).unwrap();
    assert_eq!(status(&client, &name), "Stopped");
    assert!(cli(&["list", &name, "-c", "s", "-f", "csv"]).contains("STOPPED"));

    // Rename (stopped), then delete.
    let op = client
        .rename_instance(
            &name,
            &InstancePost {
                name: renamed.clone(),
                ..Default::default()
            },
        )
        .unwrap();
    client.wait_for_completion(&op, WAIT).unwrap();
    assert!(client.get_instance(&name).unwrap_err().is_not_found());
    assert_eq!(client.get_instance(&renamed).unwrap().config["user.b"], "2");
    client
        .wait_for_completion(&client.delete_instance(&renamed).unwrap(), WAIT)
        .unwrap();
    assert!(client.get_instance(&renamed).unwrap_err().is_not_found());
    assert!(!client.list_instance_names(None).unwrap().contains(&renamed));
}

/// `PUT /1.0/instances` changes the state of every instance of a project.
#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn state_of_all_instances_in_a_project() {
    let client = client();
    let project = unique("all");
    let _project = shared_project(&client, &project);
    let scoped = client.with_project(&project);
    let (a, b) = (unique("a"), unique("b"));
    let _a = busybox(&scoped, &a);
    let _b = busybox(&scoped, &b);
    assert!(
        client
            .list_instance_names(None)
            .unwrap()
            .iter()
            .all(|n| n != &a)
    );
    let all = ListOptions::new().all_projects();
    assert!(
        client
            .list_instances(Some(&all))
            .unwrap()
            .iter()
            .any(|i| i.name == a && i.project == project)
    );

    let start = InstancesPut {
        state: InstanceStatePut {
            action: "start".into(),
            ..Default::default()
        },
    };
    let op = scoped.set_instances_state(&start).unwrap();
    scoped.wait_for_completion(&op, WAIT).unwrap();
    assert_eq!(status(&scoped, &a), "Running");
    assert_eq!(status(&scoped, &b), "Running");

    let stop = InstancesPut {
        state: InstanceStatePut {
            action: "stop".into(),
            force: true,
            ..Default::default()
        },
    };
    let op = scoped.set_instances_state(&stop).unwrap();
    scoped.wait_for_completion(&op, WAIT).unwrap();
    assert_eq!(status(&scoped, &a), "Stopped");
    assert_eq!(status(&scoped, &b), "Stopped");
}

/// Starts `command` in a running instance (exec is not wrapped yet, so
/// through `raw_operation`) and returns its operation.
fn exec(client: &incus::Client, name: &str, command: &[&str]) -> Operation {
    let body = serde_json::json!({"command": command, "wait-for-websocket": false});
    let path = format!("/1.0/instances/{name}/exec");
    client.raw_operation("POST", &path, Some(&body)).unwrap()
}

/// Defect 2 of the first user trial: `wait_for_completion` with a
/// whole-second timeout returned the daemon's 500 "context deadline
/// exceeded" instead of `Error::Timeout`, every time. Each duration waits
/// on the same running operation, all at once.
#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn whole_second_wait_is_a_timeout() {
    let client = client();
    let name = unique("deadline");
    let _cleanup = busybox(&client, &name);
    client
        .wait_for_completion(&client.start_instance(&name).unwrap(), WAIT)
        .unwrap();
    let op = exec(&client, &name, &["sleep", "30"]);
    let durations = [0, 500, 990, 999, 1000, 1250, 1999, 2000, 2001, 3000];
    let waits: Vec<_> = durations
        .iter()
        .map(|&ms| {
            let (client, op) = (client.clone(), op.clone());
            std::thread::spawn(move || {
                let started = Instant::now();
                let result = client.wait_for_completion(&op, Duration::from_millis(ms));
                (ms, result, started.elapsed())
            })
        })
        .collect();
    for wait in waits {
        let (ms, result, elapsed) = wait.join().unwrap();
        match result {
            Err(Error::Timeout { id }) => assert_eq!(id, op.id),
            other => panic!("{ms} ms: expected a timeout, got {other:?}"),
        }
        let wanted = Duration::from_millis(ms);
        assert!(
            elapsed >= wanted && elapsed < wanted + Duration::from_millis(300),
            "{ms} ms took {elapsed:?}"
        );
    }
    assert_eq!(client.get_operation(&op.id).unwrap().status, "Running");
}

#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn operations_list_get_wait_and_fail() {
    let client = client();
    let name = unique("ops");
    let _cleanup = busybox(&client, &name);
    client
        .wait_for_completion(&client.start_instance(&name).unwrap(), WAIT)
        .unwrap();

    // A running operation is listed, readable, and waits time out on it.
    let op = exec(&client, &name, &["sleep", "3"]);
    assert!(client.list_operation_names(None).unwrap().contains(&op.id));
    let listed = client.list_operations(None).unwrap();
    assert!(
        listed
            .iter()
            .any(|o| o.id == op.id && o.status_code == StatusCode::RUNNING)
    );
    assert_eq!(client.get_operation(&op.id).unwrap().status, "Running");
    let started = Instant::now();
    let e = client
        .wait_for_completion(&op, Duration::from_millis(1500))
        .unwrap_err();
    assert!(matches!(&e, Error::Timeout { id } if *id == op.id), "{e}");
    assert!(
        started.elapsed() < Duration::from_millis(2500),
        "{:?}",
        started.elapsed()
    );
    let e = client
        .wait_operation(&op.id, Duration::from_secs(1))
        .map(|o| o.status_code);
    assert!(
        matches!(e, Ok(StatusCode::RUNNING) | Err(Error::Api { .. })),
        "{e:?}"
    );
    // ...and a wait long enough sees it succeed.
    let done = client.wait_for_completion(&op, WAIT).unwrap();
    assert_eq!(done.status_code, StatusCode::SUCCESS);
    assert_eq!(done.metadata["return"], 0);

    // A failing operation gives its own error text.
    let op = exec(&client, &name, &["/no/such/command"]);
    match client.wait_for_completion(&op, WAIT).unwrap_err() {
        Error::Operation {
            id,
            status_code,
            message,
        } => {
            assert_eq!(id, op.id);
            assert_eq!(status_code, 400);
            assert!(message.contains("not found"), "{message}");
        }
        e => panic!("expected an operation error, got {e}"),
    }

    // Cancelling: a non-cancellable operation is refused by the daemon.
    let op = exec(&client, &name, &["sleep", "2"]);
    let e = client.cancel_operation(&op.id).unwrap_err();
    assert!(e.status().is_some(), "{e}");
    client.wait_for_completion(&op, WAIT).unwrap();
    let e = client
        .get_operation("00000000-0000-0000-0000-000000000000")
        .unwrap_err();
    assert!(e.is_not_found(), "{e}");
}

#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn create_from_missing_image_fails_clearly() {
    let client = client();
    let name = unique("noimage");
    let _cleanup = Cleanup(|| remove_instance(&client, &name));
    let result = client
        .create_instance(&InstancesPost {
            name: name.clone(),
            source: InstanceSource::image_alias("no-such-alias"),
            ..Default::default()
        })
        .and_then(|op| client.wait_for_completion(&op, WAIT));
    let e = result.unwrap_err();
    assert!(e.status().is_some(), "{e}");
    assert!(client.get_instance(&name).unwrap_err().is_not_found());
}
