//! Turning caller input into a request: path segments and query values
//! escaped in one place (`path!`, [`seg`], [`query_value`]), names read back
//! from URLs, and the checks that refuse what the daemon would not take as
//! sent (control characters in names, NUL in bodies).

use crate::error::{Error, Result};

/// Builds an escaped path from a `format!` string whose `{}`s are path
/// segments: each argument (a plain identifier) is checked and
/// percent-encoded as one segment by [`seg`], and an error names the
/// argument. `format!` still checks that arguments and `{}`s match.
///
/// `path!("/1.0/profiles/{}", name)` is `Ok("/1.0/profiles/a%2Fb")` for
/// `name = "a/b"`, and `Err(InvalidInput)` naming `name` for `"v\0x"`.
macro_rules! build_path {
    ($fmt:literal) => {
        Ok::<String, $crate::error::Error>(String::from($fmt))
    };
    ($fmt:literal $(, $arg:ident)+ $(,)?) => {
        'path: {
            let ($($arg,)*) = ($($crate::input::seg(stringify!($arg), $arg),)*);
            $(let $arg = match $arg {
                Ok(segment) => segment,
                Err(e) => break 'path Err(e),
            };)*
            Ok::<String, $crate::error::Error>(format!($fmt $(, $arg)*))
        }
    };
}
pub(crate) use build_path as path;

/// Checks a name, path segment or query value (`what` names the argument
/// in the error): no control characters. Evidence from Incus 6.0: the
/// daemon cuts a name at NUL (`get_profile("default\0x")` reached
/// `default`), and keeps the other control characters, but a name holding
/// them cannot be typed, printed or logged safely, so they are refused too.
pub(crate) fn check_text(what: &str, value: &str) -> Result<()> {
    let Some((at, c)) = value.char_indices().find(|(_, c)| c.is_control()) else {
        return Ok(());
    };
    let why = if c == '\0' {
        "the daemon would cut it there and act on another object"
    } else {
        "names, path segments and query values may not hold control characters"
    };
    Err(Error::invalid(format!(
        "{what} {} holds the control character U+{:04X} at byte {at}: {why}",
        quoted(value),
        c as u32
    )))
}

/// `value` quoted with escapes (so control characters show as `\0`, `\n`),
/// cut to a readable length.
fn quoted(value: &str) -> String {
    const MAX: usize = 64;
    match value.char_indices().nth(MAX) {
        Some((at, _)) => format!("{:?}…", &value[..at]),
        None => format!("{value:?}"),
    }
}

/// Percent-encodes one path segment: everything but RFC 3986 unreserved
/// characters, so `/`, `?`, `#`, `%` and spaces stay inside the segment. A
/// segment of only dots (`.`, `..`) has its dots encoded too, so no client
/// or server will treat it as a relative path step.
///
/// An empty segment is refused (it would address the collection instead),
/// and so is one with a control character ([`check_text`]); `what` names
/// the argument in the error.
pub(crate) fn seg(what: &str, name: &str) -> Result<String> {
    if name.is_empty() {
        return Err(Error::invalid(format!("{what} must not be empty")));
    }
    check_text(what, name)?;
    if name.bytes().all(|b| b == b'.') {
        return Ok("%2E".repeat(name.len()));
    }
    Ok(encode(name))
}

/// Checks a path inside an instance or volume: absolute, with no `.` or
/// `..` step, no empty step, no control character.
pub(crate) fn check_file_path(path: &str) -> Result<()> {
    check_text("path", path)?;
    if !path.starts_with('/') {
        return Err(Error::invalid(format!(
            "path {} must be absolute (start with '/')",
            quoted(path)
        )));
    }
    if let Some(step) = path.split('/').find(|step| *step == "." || *step == "..") {
        return Err(Error::invalid(format!(
            "path {} has a {step:?} step: give the path it leads to",
            quoted(path)
        )));
    }
    Ok(())
}

/// Checks the name of a snapshot to restore (an instance's or a
/// volume's): a single name, not empty and without `/`, and no control
/// characters ([`check_text`]).
pub(crate) fn check_snapshot_name(snapshot: &str) -> Result<()> {
    if snapshot.is_empty() || snapshot.contains('/') {
        return Err(Error::invalid(format!(
            "snapshot {snapshot:?} to restore must be a snapshot's name: not empty, no '/'"
        )));
    }
    check_text("snapshot", snapshot)
}

/// Checks a file name in a directory the daemon keeps (an instance's
/// templates): one step, not empty, not `.` or `..`, no `/`, no control
/// character. Evidence from Incus 6.0.4: it refuses a `/` (500, "Invalid
/// template filename") but joins `.` and `..` to the directory, so a read of
/// `..` opens the instance's own directory and a delete of `.` would remove
/// the templates directory; an empty name lists the templates instead.
pub(crate) fn check_file_name(name: &str) -> Result<()> {
    check_text("path", name)?;
    let why = match name {
        "" => "must not be empty",
        "." | ".." => "must be a file name, not a relative step",
        _ if name.contains('/') => "must be a file name, without '/'",
        _ => return Ok(()),
    };
    Err(Error::invalid(format!("path {} {why}", quoted(name))))
}

/// Checks an image fingerprint, or a prefix of one: hex digits only, at
/// most 64. Evidence from Incus 6.0.4: the daemon takes any unique prefix
/// (one digit too), so only the form is checked here; a fingerprint like
/// `aliases` would reach the alias endpoints instead of the image.
pub(crate) fn check_fingerprint(fingerprint: &str) -> Result<()> {
    let why = match fingerprint {
        "" => "must not be empty",
        _ if fingerprint.len() > 64 => "is longer than a SHA-256 (64 hex digits)",
        _ if !fingerprint.bytes().all(|b| b.is_ascii_hexdigit()) => {
            "must be hex digits: a SHA-256 or a unique prefix of one"
        }
        _ => return Ok(()),
    };
    Err(Error::invalid(format!(
        "fingerprint {} {why}",
        quoted(fingerprint)
    )))
}

/// The storage volume types, as the API names them in
/// `/1.0/storage-pools/{pool}/volumes/{type}`.
pub(crate) const VOLUME_TYPES: [&str; 4] = ["custom", "container", "virtual-machine", "image"];

/// Checks a storage volume type: one of [`VOLUME_TYPES`], exactly. Any
/// other word would address another endpoint or a 404, so it is refused
/// before sending.
pub(crate) fn check_volume_type(volume_type: &str) -> Result<()> {
    if VOLUME_TYPES.contains(&volume_type) {
        return Ok(());
    }
    Err(Error::invalid(format!(
        "volume type {} must be one of {}",
        quoted(volume_type),
        VOLUME_TYPES.join(", ")
    )))
}

/// Checks and percent-encodes a query value; `what` names it in the error.
pub(crate) fn query_value(what: &str, value: &str) -> Result<String> {
    check_text(what, value)?;
    Ok(encode(value))
}

/// Percent-encodes a value (same rules as a path segment, no checks).
fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Reverses [`encode`]; `None` if the escapes are malformed or not UTF-8.
pub(crate) fn decode(value: &str) -> Option<String> {
    String::from_utf8(decode_bytes(value)?).ok()
}

/// The bytes `value` stands for, its `%XX` escapes decoded; `None` if an
/// escape is not `%` and two hex digits.
fn decode_bytes(value: &str) -> Option<Vec<u8>> {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            if !hex.iter().all(u8::is_ascii_hexdigit) {
                return None;
            }
            out.push(u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Some(out)
}

/// Strips `prefix` (e.g. `/1.0/profiles/`) and any query from each URL of a
/// recursion=0 list, and decodes the name that is left.
pub(crate) fn names_from_urls(
    endpoint: &str,
    prefix: &str,
    urls: Vec<String>,
) -> Result<Vec<String>> {
    urls.iter()
        .map(|url| {
            let rest = url.strip_prefix(prefix).ok_or_else(|| {
                Error::decode(endpoint, format!("url {url:?} is not under {prefix}"))
            })?;
            let rest = rest.split_once('?').map_or(rest, |(path, _)| path);
            decode(rest).ok_or_else(|| Error::decode(endpoint, format!("bad escape in {url:?}")))
        })
        .collect()
}

/// Like [`names_from_urls`], for a daemon that escapes each segment of its
/// URLs twice (LXD 5.0.2: `/1.0/profiles/a%2520b` for `a b`): `prefix`
/// (escaped once, as sent) is matched escaped twice, and the name left is
/// decoded twice.
pub(crate) fn names_from_urls_escaped_twice(
    endpoint: &str,
    prefix: &str,
    urls: Vec<String>,
) -> Result<Vec<String>> {
    let once = names_from_urls(endpoint, &prefix.replace('%', "%25"), urls)?;
    once.into_iter()
        .map(|name| {
            decode(&name).ok_or_else(|| {
                Error::decode(endpoint, format!("bad escape in {name:?} (escaped twice)"))
            })
        })
        .collect()
}

/// Checks a caller-written path for [`Client::raw`]: absolute, already
/// escaped, and nothing that would change which resource it names (a
/// control character, escaped or not, included).
pub(crate) fn check_raw_path(path: &str) -> Result<()> {
    if !path.starts_with('/') {
        return Err(Error::invalid(format!("path {path:?} must start with '/'")));
    }
    if let Some(c) = path
        .chars()
        .find(|c| c.is_whitespace() || c.is_control() || *c == '#' || !c.is_ascii())
    {
        return Err(Error::invalid(format!(
            "path {path:?} has {c:?}: percent-encode it"
        )));
    }
    let Some(bytes) = decode_bytes(path) else {
        return Err(Error::invalid(format!("path {path:?} has a bad % escape")));
    };
    check_text("path", &String::from_utf8_lossy(&bytes))
}

/// Checks a JSON request body: no NUL in any string or key, since the
/// daemon cuts text there (a `description` of `"a\0b"` is stored as `"a"`,
/// a config key `"user.a\0b"` as `"user.a"`); and no control character in
/// a top-level `name` (create, rename), which no path could address later.
/// Other control characters are fine in free text (multi-line descriptions,
/// cloud-init config). The body is parsed only when a byte scan finds an
/// escape or byte that could be a control character.
pub(crate) fn check_body(body: &[u8]) -> Result<()> {
    if !may_hold_control(body) {
        return Ok(());
    }
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(body) else {
        return Ok(());
    };
    if let Some(name) = value.get("name").and_then(serde_json::Value::as_str) {
        check_text("body field `name`", name)?;
    }
    find_nul(&value, "")
}

/// Whether serialized JSON may hold a control character: serde_json writes
/// C0 controls as `\n`, `\t`, … or `\u00XX`, and DEL and C1 controls raw.
fn may_hold_control(body: &[u8]) -> bool {
    let mut i = 0;
    while i < body.len() {
        match (body[i], body.get(i + 1)) {
            (b'\\', Some(b'u' | b'n' | b'r' | b't' | b'b' | b'f')) => return true,
            (b'\\', _) => i += 2,
            (0x7f, _) | (0xc2, Some(0x80..=0x9f)) => return true,
            _ => i += 1,
        }
    }
    false
}

/// The first string or key under `value` with a NUL, as an error naming
/// where it is (`config["user.a"]`).
fn find_nul(value: &serde_json::Value, at: &str) -> Result<()> {
    use serde_json::Value;
    let field = |key: &str| match at {
        "" => key.to_string(),
        _ => format!("{at}[{key:?}]"),
    };
    match value {
        Value::String(text) if text.contains('\0') => {
            check_text(&format!("body field `{at}`"), text)
        }
        Value::Array(items) => items
            .iter()
            .enumerate()
            .try_for_each(|(i, item)| find_nul(item, &format!("{at}[{i}]"))),
        Value::Object(map) => map.iter().try_for_each(|(key, item)| {
            if key.contains('\0') {
                check_text(&format!("body key in `{at}`"), key)?;
            }
            find_nul(item, &field(key))
        }),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn volume_types_are_the_four_exactly() {
        for ok in VOLUME_TYPES {
            assert!(check_volume_type(ok).is_ok());
        }
        for bad in [
            "",
            "Custom",
            "custom/",
            "vm",
            "virtual_machine",
            "images",
            "custom\0",
        ] {
            let e = check_volume_type(bad).unwrap_err();
            assert!(
                e.to_string()
                    .ends_with("must be one of custom, container, virtual-machine, image"),
                "{e}"
            );
        }
    }

    #[test]
    fn segments_stay_one_segment() {
        let seg = |name| seg("name", name);
        assert_eq!(seg("default").unwrap(), "default");
        assert_eq!(seg("a/b").unwrap(), "a%2Fb");
        assert_eq!(seg("a?b").unwrap(), "a%3Fb");
        assert_eq!(seg("a#b").unwrap(), "a%23b");
        assert_eq!(seg("%2e%2e").unwrap(), "%252e%252e");
        assert_eq!(seg("..").unwrap(), "%2E%2E");
        assert_eq!(seg(".").unwrap(), "%2E");
        assert_eq!(seg("a.b").unwrap(), "a.b");
        assert_eq!(seg("a b").unwrap(), "a%20b");
        assert_eq!(seg(" a ").unwrap(), "%20a%20");
        assert_eq!(seg("é").unwrap(), "%C3%A9");
        assert_eq!(seg("a\u{200b}").unwrap(), "a%E2%80%8B");
        assert!(matches!(seg(""), Err(Error::InvalidInput(_))));
    }

    #[test]
    fn nul_in_name_is_refused() {
        let e = seg("name", "default\0evil").unwrap_err();
        assert!(matches!(e, Error::InvalidInput(_)), "{e:?}");
        assert_eq!(
            e.to_string(),
            "invalid input: name \"default\\0evil\" holds the control character U+0000 \
             at byte 7: the daemon would cut it there and act on another object"
        );
        for bad in ["v\n", "\tv", "v\r", "a\u{1b}[31m", "v\u{7f}", "v\u{85}"] {
            let e = seg("instance", bad).unwrap_err().to_string();
            assert!(e.starts_with("invalid input: instance "), "{e}");
            assert!(e.contains("control character"), "{e}");
            assert!(!e.contains(bad), "the raw character is escaped: {e}");
        }
        let long = format!("{}\0", "a".repeat(1000));
        assert!(seg("name", &long).unwrap_err().to_string().len() < 250);
        assert_eq!(
            query_value("filter", "name eq a&b").unwrap(),
            "name%20eq%20a%26b"
        );
        let e = query_value("project", "default\0zzz").unwrap_err();
        assert!(e.to_string().contains("project \"default\\0zzz\""), "{e}");
    }

    #[test]
    fn file_paths_are_absolute_without_dot_steps() {
        for good in ["/", "/root/a b.txt", "/srv/site/", "/a..b/.hidden", "/é"] {
            assert!(check_file_path(good).is_ok(), "{good}");
        }
        for (bad, why) in [
            ("root/x", "must be absolute"),
            ("", "must be absolute"),
            ("/root/../etc/passwd", "\"..\" step"),
            ("/root/./x", "\".\" step"),
            ("/root/x\0y", "control character"),
        ] {
            let e = check_file_path(bad).unwrap_err().to_string();
            assert!(
                e.starts_with("invalid input: path ") && e.contains(why),
                "{bad}: {e}"
            );
        }
    }

    #[test]
    fn file_names_are_one_step() {
        for good in ["hostname.tpl", "a b", "..x", ".hidden", "é"] {
            assert!(check_file_name(good).is_ok(), "{good}");
        }
        for (bad, why) in [
            ("", "must not be empty"),
            (".", "not a relative step"),
            ("..", "not a relative step"),
            ("../x", "without '/'"),
            ("a/b", "without '/'"),
            ("x\ny", "control character"),
        ] {
            let e = check_file_name(bad).unwrap_err().to_string();
            assert!(
                e.starts_with("invalid input: path ") && e.contains(why),
                "{bad}: {e}"
            );
        }
    }

    #[test]
    fn fingerprints_are_hex() {
        for good in ["a", "06b86454720d", "ABCdef0123", &"f".repeat(64)] {
            assert!(check_fingerprint(good).is_ok(), "{good}");
        }
        for (bad, why) in [
            ("", "must not be empty"),
            ("aliases", "must be hex digits"),
            ("06b8/x", "must be hex digits"),
            ("..", "must be hex digits"),
            (&"0".repeat(65), "longer than a SHA-256"),
        ] {
            let e = check_fingerprint(bad).unwrap_err().to_string();
            assert!(
                e.starts_with("invalid input: fingerprint ") && e.contains(why),
                "{bad}: {e}"
            );
        }
    }

    #[test]
    fn path_macro_names_the_bad_argument() {
        let (instance, snapshot) = ("c/1", "..");
        assert_eq!(
            path!("/1.0/instances/{}/snapshots/{}", instance, snapshot).unwrap(),
            "/1.0/instances/c%2F1/snapshots/%2E%2E"
        );
        let snapshot = "s\n";
        let e = path!("/1.0/instances/{}/snapshots/{}", instance, snapshot).unwrap_err();
        assert!(e.to_string().starts_with("invalid input: snapshot "), "{e}");
        let instance = "";
        let e = path!("/1.0/instances/{}/snapshots/{}", instance, snapshot).unwrap_err();
        assert_eq!(e.to_string(), "invalid input: instance must not be empty");
    }

    #[test]
    fn nul_in_body_is_refused() {
        let body = |v: serde_json::Value| check_body(&serde_json::to_vec(&v).unwrap());
        use serde_json::json;
        assert!(body(json!({"name": "web", "description": "two\nlines\t\u{7f}"})).is_ok());
        assert!(body(json!({"config": {"user.data": "#cloud-config\nruncmd: []\n"}})).is_ok());
        assert!(body(json!({"description": "a\\u0000 is fine when escaped"})).is_ok());
        let e = body(json!({"name": "v\0x"})).unwrap_err().to_string();
        assert!(e.contains("body field `name` \"v\\0x\""), "{e}");
        let e = body(json!({"name": "v\n"})).unwrap_err().to_string();
        assert!(e.contains("body field `name`"), "{e}");
        let e = body(json!({"config": {"user.k": "x\0y"}}))
            .unwrap_err()
            .to_string();
        assert!(e.contains("body field `config[\"user.k\"]`"), "{e}");
        let e = body(json!({"config": {"user.a\0b": "z"}}))
            .unwrap_err()
            .to_string();
        assert!(e.contains("body key in `config`"), "{e}");
        let e = body(json!({"command": ["sh", "-c", "\0"]}))
            .unwrap_err()
            .to_string();
        assert!(e.contains("`command[2]`"), "{e}");
        assert!(may_hold_control("\u{85}".as_bytes()));
        assert!(!may_hold_control(r#"{"a":"\\n \" é"}"#.as_bytes()));
    }

    #[test]
    fn decode_reverses_encode() {
        for name in ["a/b", "a?b", "%2e%2e", "..", "a b", "é☃", "x+y=z&w"] {
            assert_eq!(decode(&encode(name)).as_deref(), Some(name));
        }
        assert_eq!(decode("%zz"), None);
        assert_eq!(decode("%C3"), None);
        assert_eq!(decode("%4"), None);
        assert_eq!(decode("%+1"), None);
    }

    #[test]
    fn names_come_from_urls() {
        let urls = vec![
            "/1.0/profiles/default".to_string(),
            "/1.0/profiles/a%2Fb".to_string(),
            "/1.0/profiles/web?project=p".to_string(),
        ];
        let names = names_from_urls("GET /1.0/profiles", "/1.0/profiles/", urls).unwrap();
        assert_eq!(names, ["default", "a/b", "web"]);
        let e = names_from_urls("GET /x", "/1.0/profiles/", vec!["/2.0/x".into()]).unwrap_err();
        assert!(matches!(e, Error::Decode { .. }), "{e}");
    }

    #[test]
    fn names_come_from_urls_escaped_twice() {
        // What LXD 5.0.2 lists for `a b1`, `50%`, `x/y?` and `é`, and an
        // instance `c#1`'s snapshot `s 0`.
        let urls = vec![
            "/1.0/profiles/a%2520b1".to_string(),
            "/1.0/profiles/50%2525".to_string(),
            "/1.0/profiles/x%252Fy%253F?project=p".to_string(),
            "/1.0/profiles/%25C3%25A9".to_string(),
            "/1.0/profiles/default".to_string(),
        ];
        let twice = |prefix, urls| names_from_urls_escaped_twice("GET /x", prefix, urls);
        let names = twice("/1.0/profiles/", urls.clone()).unwrap();
        assert_eq!(names, ["a b1", "50%", "x/y?", "é", "default"]);
        // The same URLs read as Incus sends them decode once only.
        let once = names_from_urls("GET /x", "/1.0/profiles/", urls).unwrap();
        assert_eq!(once, ["a%20b1", "50%25", "x%2Fy%3F", "%C3%A9", "default"]);
        let snapshots = vec!["/1.0/instances/c%25231/snapshots/s%25200".to_string()];
        let names = twice("/1.0/instances/c%231/snapshots/", snapshots).unwrap();
        assert_eq!(names, ["s 0"]);
        // Incus escapes once: its `50%25` is `50%`, and its `%2541` the
        // name `%41`; read as escaped twice they would be a bad escape and
        // another name (`A`), so the server decides, never the string.
        let once = |url: &str| names_from_urls("GET /x", "/1.0/profiles/", vec![url.into()]);
        assert_eq!(once("/1.0/profiles/50%25").unwrap(), ["50%"]);
        assert!(twice("/1.0/profiles/", vec!["/1.0/profiles/50%25".into()]).is_err());
        assert_eq!(once("/1.0/profiles/%2541").unwrap(), ["%41"]);
        let other = twice("/1.0/profiles/", vec!["/1.0/profiles/%2541".into()]).unwrap();
        assert_eq!(other, ["A"]);
        assert!(twice("/1.0/profiles/", vec!["/1.0/profiles/%25zz".into()]).is_err());
    }

    #[test]
    fn raw_paths_are_checked() {
        assert!(check_raw_path("/1.0/profiles?recursion=1").is_ok());
        assert!(check_raw_path("/1.0/profiles/a%2Fb").is_ok());
        for bad in [
            "1.0",
            "/1.0/a b",
            "/1.0/a#b",
            "/1.0/%zz",
            "/1.0/%4",
            "/1.0/é",
            "/1.0/profiles/v%00x",
            "/1.0/profiles?project=default%0A",
            "/1.0/profiles/v%7f",
            "/1.0/profiles/v%C2%85",
        ] {
            assert!(
                matches!(check_raw_path(bad), Err(Error::InvalidInput(_))),
                "{bad}"
            );
        }
    }
}
