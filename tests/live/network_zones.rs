//! Live tests of every `/1.0/network-zones` endpoint and its records: a
//! zone's lifecycle, records added, replaced, patched and deleted, and the
//! daemon's refusals. Zones are named `<unique>.example`.

use incus::Error;
use incus::ListOptions;
use incus::models::{
    NetworkZonePut, NetworkZoneRecordEntry, NetworkZoneRecordPut, NetworkZoneRecordsPost,
    NetworkZonesPost,
};

use crate::support::{Cleanup, api_error, cli, client, past_network_races, unique};

/// A zone name under the reserved `.example` domain.
fn zone_name(what: &str) -> String {
    format!("{}.example", unique(what))
}

#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn network_zone_lifecycle() {
    let client = client();
    let zone = zone_name("zone");
    let _cleanup = Cleanup(|| {
        let _ = client.delete_network_zone(&zone);
    });

    client
        .create_network_zone(&NetworkZonesPost {
            name: zone.clone(),
            description: "made by a test".into(),
            config: [("user.a".to_string(), "1".to_string())].into(),
        })
        .unwrap();
    let (read, etag) = past_network_races(|| client.get_network_zone_with_etag(&zone)).unwrap();
    assert!(!etag.is_empty());
    assert_eq!(read.name, zone);
    assert_eq!(read.description, "made by a test");
    assert_eq!(read.config["user.a"], "1");
    assert!(read.used_by.is_empty());
    assert!(
        past_network_races(|| client.list_network_zone_names(None))
            .unwrap()
            .contains(&zone)
    );
    let listed = past_network_races(|| client.list_network_zones(None)).unwrap();
    assert_eq!(
        listed.iter().find(|z| z.name == zone).map(|z| &z.config),
        Some(&read.config)
    );
    // A filter needs `api_filtering_extended` (LXD 5.0 lacks it).
    let filter = ListOptions::new().filter(format!("name eq {zone}"));
    let filtered = past_network_races(|| client.list_network_zone_names(Some(&filter)));
    if let Some(names) = crate::support::gated(&client, "api_filtering_extended", filtered) {
        assert_eq!(names.unwrap(), std::slice::from_ref(&zone));
    }
    assert_eq!(cli(&["network", "zone", "get", &zone, "user.a"]), "1");

    // PATCH merges config; 6.0.4 clears the description it leaves out.
    let patch = NetworkZonePut {
        config: [("user.b".to_string(), "2".to_string())].into(),
        ..Default::default()
    };
    client.update_network_zone(&zone, &patch, None).unwrap();
    let patched = past_network_races(|| client.get_network_zone(&zone)).unwrap();
    assert_eq!(
        (patched.config.len(), patched.description.as_str()),
        (2, "")
    );
    assert_eq!(cli(&["network", "zone", "get", &zone, "user.b"]), "2");

    // PUT: a stale ETag is refused; the current one replaces the config.
    let put = NetworkZonePut {
        description: Some("replaced".into()),
        config: [("user.c".to_string(), "3".to_string())].into(),
    };
    let e = client
        .replace_network_zone(&zone, &put, Some(&etag))
        .unwrap_err();
    assert!(e.is_precondition_failed(), "{e:?}");
    let (_, fresh) = past_network_races(|| client.get_network_zone_with_etag(&zone)).unwrap();
    client
        .replace_network_zone(&zone, &put, Some(&fresh))
        .unwrap();
    let replaced = past_network_races(|| client.get_network_zone(&zone)).unwrap();
    assert_eq!(replaced.writable(), put);
    let shown = cli(&["network", "zone", "show", &zone]);
    assert!(shown.contains("description: replaced"), "{shown}");
    assert!(!shown.contains("user.a"), "{shown}");

    client.delete_network_zone(&zone).unwrap();
    assert!(client.get_network_zone(&zone).unwrap_err().is_not_found());
    assert!(!cli(&["network", "zone", "list", "-f", "csv"]).contains(&zone));
}

#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn network_zone_record_lifecycle() {
    let client = client();
    let zone = zone_name("records");
    let _cleanup = Cleanup(|| {
        let _ = client.delete_network_zone(&zone);
    });
    client
        .create_network_zone(&NetworkZonesPost {
            name: zone.clone(),
            ..Default::default()
        })
        .unwrap();

    let www = NetworkZoneRecordsPost {
        name: "www".into(),
        description: "web".into(),
        entries: vec![
            NetworkZoneRecordEntry {
                ttl: 300,
                ..NetworkZoneRecordEntry::new("A", "198.51.100.10")
            },
            NetworkZoneRecordEntry::new("AAAA", "2001:db8::10"),
        ],
        config: [("user.a".to_string(), "1".to_string())].into(),
    };
    client.create_network_zone_record(&zone, &www).unwrap();
    client
        .create_network_zone_record(
            &zone,
            &NetworkZoneRecordsPost {
                name: "txt".into(),
                entries: vec![NetworkZoneRecordEntry::new("TXT", "\"made by a test\"")],
                ..Default::default()
            },
        )
        .unwrap();

    let (record, etag) = client
        .get_network_zone_record_with_etag(&zone, "www")
        .unwrap();
    assert!(!etag.is_empty());
    assert_eq!(
        (record.name.as_str(), record.description.as_str()),
        ("www", "web")
    );
    assert_eq!(record.entries, www.entries);
    let mut names = client.list_network_zone_record_names(&zone, None).unwrap();
    names.sort();
    assert_eq!(names, ["txt", "www"]);
    let records = client.list_network_zone_records(&zone, None).unwrap();
    assert_eq!(records.iter().find(|r| r.name == "www"), Some(&record));
    let filter = ListOptions::new().filter("name eq txt");
    let filtered = client.list_network_zone_record_names(&zone, Some(&filter));
    if let Some(names) = crate::support::gated(&client, "api_filtering_extended", filtered) {
        assert_eq!(names.unwrap(), ["txt"]);
    }
    let shown = cli(&["network", "zone", "record", "show", &zone, "www"]);
    assert!(shown.contains("value: 198.51.100.10"), "{shown}");
    assert!(shown.contains("ttl: 300"), "{shown}");

    // PATCH: Incus 6.0.4 treats it as a PUT, then adds the zone's config
    // keys (this zone has none) to the record's; the docs say so.
    let patch = NetworkZoneRecordPut {
        entries: record.entries.clone(),
        config: [("user.b".to_string(), "2".to_string())].into(),
        ..Default::default()
    };
    client
        .update_network_zone_record(&zone, "www", &patch, Some(&etag))
        .unwrap();
    let patched = client.get_network_zone_record(&zone, "www").unwrap();
    assert_eq!(
        patched.writable(),
        NetworkZoneRecordPut {
            description: Some(String::new()),
            ..patch.clone()
        }
    );
    assert_eq!(
        cli(&["network", "zone", "record", "get", &zone, "www", "user.b"]),
        "2"
    );
    // PUT: the ETag read before the PATCH is stale; the current one
    // replaces the entries.
    let put = NetworkZoneRecordPut {
        description: Some("replaced".into()),
        entries: vec![NetworkZoneRecordEntry::new("A", "198.51.100.20")],
        ..Default::default()
    };
    let e = client
        .replace_network_zone_record(&zone, "www", &put, Some(&etag))
        .unwrap_err();
    assert!(e.is_precondition_failed(), "{e:?}");
    let (_, fresh) = client
        .get_network_zone_record_with_etag(&zone, "www")
        .unwrap();
    client
        .replace_network_zone_record(&zone, "www", &put, Some(&fresh))
        .unwrap();
    let replaced = client.get_network_zone_record(&zone, "www").unwrap();
    assert_eq!(replaced.writable(), put);
    let shown = cli(&["network", "zone", "record", "show", &zone, "www"]);
    assert!(shown.contains("value: 198.51.100.20"), "{shown}");
    assert!(!shown.contains("198.51.100.10"), "{shown}");

    client.delete_network_zone_record(&zone, "txt").unwrap();
    assert!(
        client
            .get_network_zone_record(&zone, "txt")
            .unwrap_err()
            .is_not_found()
    );
    assert_eq!(
        client.list_network_zone_record_names(&zone, None).unwrap(),
        ["www"]
    );
    // Deleting the zone takes its records with it.
    client.delete_network_zone(&zone).unwrap();
    assert!(
        client
            .get_network_zone_record(&zone, "www")
            .unwrap_err()
            .is_not_found()
    );
}

#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn network_zone_faults() {
    let client = client();
    let zone = zone_name("zone-bad");
    let missing = zone_name("zone-missing");
    let slashed = format!("a/{zone}");
    let _cleanup = Cleanup(|| {
        let _ = client.delete_network_zone(&zone);
        let _ = client.delete_network_zone(&slashed);
    });

    // A record in a zone that does not exist. (Its name is unique: LXD
    // 5.0.2 keeps record names unique across all zones.)
    let www = unique("www");
    let record = NetworkZoneRecordsPost {
        name: www.clone(),
        entries: vec![NetworkZoneRecordEntry::new("A", "198.51.100.1")],
        ..Default::default()
    };
    assert_eq!(
        api_error(
            &client
                .create_network_zone_record(&missing, &record)
                .unwrap_err()
        ),
        (404, "Network zone not found".into())
    );

    // A zone that exists already.
    let new = NetworkZonesPost {
        name: zone.clone(),
        ..Default::default()
    };
    client.create_network_zone(&new).unwrap();
    assert_eq!(
        api_error(&client.create_network_zone(&new).unwrap_err()),
        (400, "The network zone already exists".into())
    );
    // An entry that is not DNS, and a record name taken.
    let bad = NetworkZoneRecordsPost {
        name: "bad".into(),
        entries: vec![NetworkZoneRecordEntry::new("BOGUS", "1")],
        ..Default::default()
    };
    let (status, why) = api_error(&client.create_network_zone_record(&zone, &bad).unwrap_err());
    assert_eq!(status, 500);
    assert!(why.contains("unknown RR type"), "{why}");
    client.create_network_zone_record(&zone, &record).unwrap();
    let (status, why) = api_error(
        &client
            .create_network_zone_record(&zone, &record)
            .unwrap_err(),
    );
    assert_eq!(status, 500);
    assert!(why.contains("UNIQUE constraint failed"), "{why}");

    // An invalid name: 6.0.4 refuses only an empty one (and checks no
    // DNS syntax). The empty name in a path never leaves the client.
    let empty = NetworkZonesPost::default();
    assert_eq!(
        api_error(&client.create_network_zone(&empty).unwrap_err()),
        (500, "Name is required".into())
    );
    assert!(matches!(
        client.get_network_zone("").unwrap_err(),
        Error::InvalidInput(_)
    ));

    // A name holding `/` stays one segment: 6.0.4 accepts it, and the
    // zone and its records are reached by that one escaped segment.
    client
        .create_network_zone(&NetworkZonesPost {
            name: slashed.clone(),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(
        past_network_races(|| client.get_network_zone(&slashed))
            .unwrap()
            .name,
        slashed
    );
    let in_slashed = client.create_network_zone_record(&slashed, &record);
    if crate::support::on_lxd() {
        // LXD 5.0.2: the record name is taken, by the other zone's record.
        let (status, why) = api_error(&in_slashed.unwrap_err());
        assert_eq!(status, 500);
        assert!(why.contains("UNIQUE constraint failed"), "{why}");
        client.delete_network_zone_record(&zone, &www).unwrap();
        client
            .create_network_zone_record(&slashed, &record)
            .unwrap();
    } else {
        in_slashed.unwrap();
    }
    assert_eq!(
        client
            .list_network_zone_record_names(&slashed, None)
            .unwrap(),
        [www]
    );
    assert!(
        past_network_races(|| client.list_network_zone_names(None))
            .unwrap()
            .contains(&slashed)
    );
    client.delete_network_zone(&slashed).unwrap();
    assert!(
        client
            .get_network_zone(&slashed)
            .unwrap_err()
            .is_not_found()
    );
}
