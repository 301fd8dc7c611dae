//! Property tests over the crate's three parsers of outside text: the reply
//! envelope ([`Reply`]), path segments and query values ([`seg`], `path!`,
//! [`query_value`], [`decode`]) and names read back from list URLs
//! ([`names_from_urls`]). Each property runs a fixed number of generated
//! cases (the `CASES_*` constants, 100,000 in all, checked by
//! `case_counts_add_up`); `INCUS_PROPTEST_SCALE=10` runs ten times as many.
//! No failure file is written: a failure prints its minimal case, which then
//! becomes a plain unit test next to the code it found.

use std::collections::BTreeMap;

use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm};
use serde_json::{Map, Value, json};

use crate::error::Error;
use crate::input::{decode, names_from_urls, path, query_value, seg};
use crate::models::Operation;
use crate::reply::Reply;

const CASES_BYTES: u32 = 15_000;
const CASES_JSON: u32 = 10_000;
const CASES_SYNC: u32 = 10_000;
const CASES_ERROR: u32 = 5_000;
const CASES_SEGMENT: u32 = 15_000;
const CASES_PATH: u32 = 10_000;
const CASES_CONTROL: u32 = 5_000;
const CASES_URLS: u32 = 15_000;
const CASES_ANY_URL: u32 = 15_000;

#[test]
fn case_counts_add_up() {
    let all = [
        CASES_BYTES,
        CASES_JSON,
        CASES_SYNC,
        CASES_ERROR,
        CASES_SEGMENT,
        CASES_PATH,
        CASES_CONTROL,
        CASES_URLS,
        CASES_ANY_URL,
    ];
    assert_eq!(all.iter().sum::<u32>(), 100_000);
}

/// `cases` cases (times `INCUS_PROPTEST_SCALE` when that is set, for a
/// longer run), and no failure persistence file.
fn config(cases: u32) -> Config {
    let scale = std::env::var("INCUS_PROPTEST_SCALE")
        .ok()
        .and_then(|n| n.parse::<u32>().ok())
        .filter(|n| *n > 0)
        .unwrap_or(1);
    Config {
        cases: cases.saturating_mul(scale),
        failure_persistence: None,
        // ChaCha, unoptimised in the debug profile, took two thirds of the
        // run; XorShift is random enough for generating inputs.
        rng_algorithm: RngAlgorithm::XorShift,
        ..Config::default()
    }
}

// ---- generators ----

/// Any character, with the ones that matter to URLs and paths made common.
fn any_char() -> impl Strategy<Value = char> {
    prop_oneof![
        3 => any::<char>(),
        2 => prop::sample::select(&['/', '?', '#', '%', '.', ' ', '+', '&', '=', ';', '@', 'é'][..]),
        2 => prop::char::range('0', 'z'),
    ]
}

/// A control character (`char::is_control`: C0, DEL and C1).
fn control_char() -> impl Strategy<Value = char> {
    prop_oneof![0u32..0x20, 0x7fu32..0xa0].prop_map(|c| char::from_u32(c).unwrap())
}

/// Any string without a control character; dots-only strings made common.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => prop::collection::vec(any_char(), 0..24)
            .prop_map(|chars| chars.into_iter().map(|c| if c.is_control() { '_' } else { c }).collect()),
        1 => (1usize..6).prop_map(|n| ".".repeat(n)),
    ]
}

/// A name: [`text`], not empty.
fn name() -> impl Strategy<Value = String> {
    text().prop_map(|s| if s.is_empty() { "x".into() } else { s })
}

/// Any JSON value, nested a few levels; numbers of every kind (a NaN or an
/// infinity becomes `null`, as JSON has neither).
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        text().prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::from),
            prop::collection::btree_map(text(), inner, 0..6)
                .prop_map(|map| Value::Object(map.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// An HTTP status a reply may carry: success, error, or anything.
fn status() -> impl Strategy<Value = u16> {
    prop_oneof![Just(200u16), Just(202), 400u16..600, any::<u16>()]
}

/// Calls every decoder a finisher uses, for the never-panics properties.
fn decode_all(reply: &Reply) {
    let _ = reply.sync::<Value>();
    let _ = reply.sync::<Vec<String>>();
    let _ = reply.sync::<BTreeMap<String, String>>();
    let _ = reply.sync::<Operation>();
    let _ = reply.decode::<serde::de::IgnoredAny>(None);
    let _ = reply.operation_or_done();
    let _ = reply.require_etag();
}

/// A name as Incus 6.0.4 writes it in a list URL, observed on the sandbox
/// daemon (`a b+c` → `a%20b+c`, `q;r,s$t@u` → `q%3Br%2Cs$t@u`, `é☃` →
/// `%C3%A9%E2%98%83`): letters, digits, `-._~$&+:=@` as they are, every
/// other byte as `%XX` with upper-case hex.
fn daemon_segment(name: &str) -> String {
    let mut out = String::new();
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~$&+:=@".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A query value as the daemon's URLs carry it (`?project=<value>`): space
/// as `+`, letters, digits and `-._~` as they are, the rest `%XX`.
fn daemon_query(value: &str) -> String {
    let mut out = String::new();
    for b in value.bytes() {
        match b {
            b' ' => out.push('+'),
            _ if b.is_ascii_alphanumeric() || b"-._~".contains(&b) => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Whether `s` is letters, digits, `-._~` and `%XX` escapes only.
fn only_unreserved_and_escapes(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = b.get(i + 1..i + 3);
            if !hex.is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit)) {
                return false;
            }
            i += 3;
        } else if b[i].is_ascii_alphanumeric() || b"-._~".contains(&b[i]) {
            i += 1;
        } else {
            return false;
        }
    }
    true
}

// ---- the envelope decoder ----

proptest! {
    #![proptest_config(config(CASES_BYTES))]

    /// Any bytes at any status: `Ok`, or `Api`/`Decode`; never a panic,
    /// and an error status is always `Api`.
    #[test]
    fn reply_from_any_bytes(body in prop::collection::vec(any::<u8>(), 0..256), status in status()) {
        match Reply::parse("GET /x".into(), status, &body, None) {
            Ok(reply) => {
                prop_assert!(status < 400);
                decode_all(&reply);
            }
            Err(Error::Api { .. }) => {}
            Err(Error::Decode { .. }) => prop_assert!(status < 400),
            Err(e) => prop_assert!(false, "unexpected error {e:?}"),
        }
    }
}

proptest! {
    #![proptest_config(config(CASES_JSON))]

    /// Any JSON value, alone or as an envelope's `metadata` under a random
    /// `type`: never a panic; a value that is not an object is no envelope.
    #[test]
    fn reply_from_any_json(
        value in json_value(),
        kind in prop::sample::select(&["sync", "async", "error", "", "other"][..]),
        wrap in any::<bool>(),
        status in status(),
    ) {
        let body = match wrap {
            true => json!({"type": kind, "metadata": value}),
            false => value,
        };
        let bytes = serde_json::to_vec(&body).unwrap();
        match Reply::parse("GET /x".into(), status, &bytes, None) {
            Ok(reply) => {
                prop_assert!(status < 400 && body.is_object(), "{body}");
                decode_all(&reply);
            }
            Err(Error::Api { .. }) => {}
            Err(Error::Decode { .. }) => prop_assert!(status < 400),
            Err(e) => prop_assert!(false, "unexpected error {e:?}"),
        }
    }
}

proptest! {
    #![proptest_config(config(CASES_SYNC))]

    /// A sync envelope as the daemon writes it (all its fields, compact or
    /// indented): its metadata decodes back equal, as a value and typed.
    #[test]
    fn sync_metadata_decodes_back(
        metadata in json_value(),
        names in prop::collection::vec(text(), 0..8),
        pretty in any::<bool>(),
    ) {
        let envelope = |metadata: &Value| {
            let body = json!({
                "type": "sync", "status": "Success", "status_code": 200,
                "operation": "", "error_code": 0, "error": "", "metadata": metadata,
            });
            match pretty {
                true => serde_json::to_vec_pretty(&body).unwrap(),
                false => serde_json::to_vec(&body).unwrap(),
            }
        };
        let reply = Reply::parse("GET /x".into(), 200, &envelope(&metadata), None).unwrap();
        prop_assert_eq!(reply.sync::<Value>().unwrap(), metadata);
        let reply = Reply::parse("GET /x".into(), 200, &envelope(&json!(names)), None).unwrap();
        prop_assert_eq!(reply.sync::<Vec<String>>().unwrap(), names);
    }
}

proptest! {
    #![proptest_config(config(CASES_ERROR))]

    /// An error envelope, at a success or an error status, is `Api` with
    /// its `error_code` (the HTTP status when that is 0) and its message.
    #[test]
    fn error_envelope_is_api_error(
        code in prop_oneof![Just(0u16), 400u16..600, any::<u16>()],
        message in text(),
        metadata in json_value(),
        status in prop_oneof![Just(200u16), 400u16..600],
    ) {
        let body = json!({
            "type": "error", "status": "", "status_code": 0, "operation": "",
            "error_code": code, "error": message, "metadata": metadata,
        });
        let bytes = serde_json::to_vec(&body).unwrap();
        match Reply::parse("GET /x".into(), status, &bytes, None) {
            Err(Error::Api { status: got, message: text, endpoint }) => {
                prop_assert_eq!(got, if code == 0 { status } else { code });
                prop_assert_eq!(text, message);
                prop_assert_eq!(endpoint, "GET /x");
            }
            Err(e) => prop_assert!(false, "not an Api error: {e:?}"),
            Ok(_) => prop_assert!(false, "an error envelope was accepted"),
        }
    }
}

// ---- the path and query encoder ----

proptest! {
    #![proptest_config(config(CASES_SEGMENT))]

    /// A segment and a query value hold only unreserved characters and
    /// `%XX`; a dots-only segment is all escapes; both decode back.
    #[test]
    fn segments_and_query_values_round_trip(s in text()) {
        let value = query_value("value", &s).unwrap();
        prop_assert!(only_unreserved_and_escapes(&value), "{value}");
        prop_assert_eq!(decode(&value), Some(s.clone()));
        if s.is_empty() {
            prop_assert!(matches!(seg("name", &s), Err(Error::InvalidInput(_))));
            return Ok(());
        }
        let segment = seg("name", &s).unwrap();
        prop_assert!(only_unreserved_and_escapes(&segment), "{segment}");
        prop_assert!(!segment.bytes().all(|b| b == b'.'), "{segment} is a relative step");
        if s.bytes().all(|b| b == b'.') {
            prop_assert_eq!(&segment, &"%2E".repeat(s.len()));
        }
        prop_assert_eq!(decode(&segment), Some(s));
    }
}

proptest! {
    #![proptest_config(config(CASES_PATH))]

    /// `path!` with two segments and a query value: an HTTP URI whose path
    /// is ours unchanged, six steps, each segment decoding back.
    #[test]
    fn paths_keep_their_segments(instance in name(), snapshot in name(), project in text()) {
        let (i, s) = (instance.as_str(), snapshot.as_str());
        let path = path!("/1.0/instances/{}/snapshots/{}", i, s).unwrap();
        let query = query_value("project", &project).unwrap();
        let uri: ureq::http::Uri = format!("http://x{path}?project={query}").parse().unwrap();
        prop_assert_eq!(uri.path(), path.as_str());
        prop_assert_eq!(uri.query().map(str::to_string), Some(format!("project={query}")));
        let steps: Vec<&str> = path.split('/').collect();
        prop_assert_eq!(&steps[..4], &["", "1.0", "instances", steps[3]][..]);
        prop_assert_eq!(steps.len(), 6);
        prop_assert_eq!(steps[4], "snapshots");
        prop_assert_eq!(decode(steps[3]), Some(instance));
        prop_assert_eq!(decode(steps[5]), Some(snapshot));
    }
}

proptest! {
    #![proptest_config(config(CASES_CONTROL))]

    /// A control character anywhere is refused by every encoder, naming
    /// the argument; nothing is encoded.
    #[test]
    fn control_characters_are_refused(before in text(), c in control_char(), after in text()) {
        let bad = format!("{before}{c}{after}");
        let e = seg("snapshot", &bad).unwrap_err();
        prop_assert!(matches!(&e, Error::InvalidInput(m) if m.starts_with("snapshot ")), "{e:?}");
        let e = query_value("project", &bad).unwrap_err();
        prop_assert!(matches!(&e, Error::InvalidInput(m) if m.starts_with("project ")), "{e:?}");
        let (instance, snapshot) = ("c1", bad.as_str());
        let e = path!("/1.0/instances/{}/snapshots/{}", instance, snapshot).unwrap_err();
        prop_assert!(matches!(&e, Error::InvalidInput(m) if m.starts_with("snapshot ")), "{e:?}");
    }
}

// ---- names from list URLs ----

proptest! {
    #![proptest_config(config(CASES_URLS))]

    /// The URLs the daemon lists (its escaping, or ours, with or without
    /// the `?project=` it adds outside the default project) give back
    /// exactly the names.
    #[test]
    fn names_come_back_from_daemon_urls(
        items in prop::collection::vec((name(), prop::option::of(name()), 0u8..3), 0..8),
    ) {
        let urls = items
            .iter()
            .map(|(name, project, style)| {
                let segment = match style {
                    0 => daemon_segment(name),
                    1 => seg("name", name).unwrap(),
                    _ => lowercase_escapes(&daemon_segment(name)),
                };
                let query = project.as_deref().map_or(String::new(), |p| format!("?project={}", daemon_query(p)));
                format!("/1.0/profiles/{segment}{query}")
            })
            .collect();
        let names = names_from_urls("GET /1.0/profiles", "/1.0/profiles/", urls).unwrap();
        let want: Vec<&String> = items.iter().map(|(name, _, _)| name).collect();
        prop_assert_eq!(names.iter().collect::<Vec<_>>(), want);
    }
}

/// `s` with the hex digits of its `%XX` escapes in lower case, as some
/// servers write them.
fn lowercase_escapes(s: &str) -> String {
    let mut out = String::new();
    let mut hex = 0;
    for c in s.chars() {
        if hex > 0 {
            hex -= 1;
            out.push(c.to_ascii_lowercase());
            continue;
        }
        if c == '%' {
            hex = 2;
        }
        out.push(c);
    }
    out
}

proptest! {
    #![proptest_config(config(CASES_ANY_URL))]

    /// Any strings, near the prefix or not: names or `Decode`, never a
    /// panic; a URL with a bad escape is refused, not guessed at.
    #[test]
    fn any_urls_never_panic(
        urls in prop::collection::vec(
            (any::<bool>(), prop::collection::vec(prop_oneof![
                3 => any_char(),
                1 => prop::sample::select(&['%', 'A', 'f', '0', '9', 'g', '?'][..]),
                1 => control_char(),
            ], 0..16).prop_map(String::from_iter)),
            0..6,
        ),
    ) {
        let urls: Vec<String> = urls
            .into_iter()
            .map(|(prefixed, rest)| if prefixed { format!("/1.0/profiles/{rest}") } else { rest })
            .collect();
        match names_from_urls("GET /1.0/profiles", "/1.0/profiles/", urls.clone()) {
            Ok(names) => {
                prop_assert_eq!(names.len(), urls.len());
                for (name, url) in names.iter().zip(&urls) {
                    let rest = &url["/1.0/profiles/".len()..];
                    let rest = rest.split_once('?').map_or(rest, |(path, _)| path);
                    prop_assert_eq!(Some(name.clone()), decode(rest));
                }
            }
            Err(Error::Decode { .. }) => {}
            Err(e) => prop_assert!(false, "unexpected error {e:?}"),
        }
    }
}
