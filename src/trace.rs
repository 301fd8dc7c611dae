//! Transaction dumps: at `trace` level each exchange logs its request and
//! reply bodies (pretty JSON, cut at [`MAX_DUMP`]) beside the debug line,
//! with secrets redacted. Nothing is parsed or formatted when the level is
//! off. Turn it on with a logger, e.g. `RUST_LOG=incus=trace`.

use std::borrow::Cow;

use serde_json::Value;
use ureq::http::Method;

/// The most of one body a dump shows.
const MAX_DUMP: usize = 16 * 1024;

/// What stands in for a secret.
const REDACTED: &str = "<redacted>";

/// Query keys whose values are secrets (`?secret=` of untrusted waits and
/// websockets).
const SECRET_QUERY_KEYS: [&str; 3] = ["secret", "token", "password"];

/// JSON keys whose string values are secrets, matched case-insensitively
/// as parts of the key (`trust_token`, `secret-key`, `client_certificate`).
const SECRET_JSON_KEYS: [&str; 5] = ["password", "secret", "token", "key", "cert"];

/// Logs a request body at trace level.
pub(crate) fn request(method: &Method, url: &str, body: Option<&[u8]>) {
    if log::log_enabled!(log::Level::Trace) {
        let body = body.map_or_else(|| "(none)".to_string(), dump);
        log::trace!("{method} {} request body: {body}", redact_url(url));
    }
}

/// Logs a reply body at trace level.
pub(crate) fn reply(method: &Method, url: &str, status: u16, body: &[u8]) {
    if log::log_enabled!(log::Level::Trace) {
        log::trace!(
            "{method} {} -> {status} reply body: {}",
            redact_url(url),
            dump(body)
        );
    }
}

/// `url` with the values of secret query keys replaced.
pub(crate) fn redact_url(url: &str) -> Cow<'_, str> {
    let Some((path, query)) = url.split_once('?') else {
        return Cow::Borrowed(url);
    };
    let secret = |pair: &str| SECRET_QUERY_KEYS.contains(&pair.split('=').next().unwrap_or(""));
    if !query.split('&').any(secret) {
        return Cow::Borrowed(url);
    }
    let pairs: Vec<String> = query
        .split('&')
        .map(|pair| match secret(pair) {
            true => format!("{}={REDACTED}", pair.split('=').next().unwrap_or("")),
            false => pair.to_string(),
        })
        .collect();
    Cow::Owned(format!("{path}?{}", pairs.join("&")))
}

/// A body as pretty JSON with secrets redacted (or as text if it is not
/// JSON), cut at [`MAX_DUMP`].
fn dump(body: &[u8]) -> String {
    let text = match serde_json::from_slice::<Value>(body) {
        Ok(mut value) => {
            redact(&mut value, false);
            serde_json::to_string_pretty(&value).unwrap_or_default()
        }
        Err(_) => String::from_utf8_lossy(body).into_owned(),
    };
    if text.len() <= MAX_DUMP {
        return text;
    }
    let mut cut = MAX_DUMP;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}… ({} more bytes)", &text[..cut], text.len() - cut)
}

/// Replaces secrets in `value`: strings under secret keys, every string
/// under `fds` (exec websocket secrets), and any PEM private key.
fn redact(value: &mut Value, secret: bool) {
    match value {
        Value::String(text) if secret || text.contains("PRIVATE KEY-----") => {
            *text = REDACTED.to_string();
        }
        Value::Array(items) => items.iter_mut().for_each(|item| redact(item, secret)),
        Value::Object(map) => {
            for (key, item) in map.iter_mut() {
                let lower = key.to_ascii_lowercase();
                let secret_key =
                    lower == "fds" || SECRET_JSON_KEYS.iter().any(|k| lower.contains(k));
                redact(item, secret || secret_key);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn dumped(value: Value) -> String {
        dump(&serde_json::to_vec(&value).unwrap())
    }

    #[test]
    fn trust_token_secret_is_redacted() {
        // The metadata of a trust token operation, and the request that
        // uses a token.
        let text = dumped(
            json!({"type": "async", "metadata": {"class": "token", "metadata": {
            "addresses": ["127.0.0.1:8443"], "fingerprint": "fa51",
            "request": {"name": "t1", "token": true},
            "secret": "1658043d8661079b9b5ee8e4b29068f6"}}}),
        );
        assert!(!text.contains("1658043d"), "{text}");
        assert!(text.contains("\"secret\": \"<redacted>\""), "{text}");
        assert!(text.contains("\"fingerprint\": \"fa51\""), "{text}");
        assert!(text.contains("\"token\": true"), "{text}");
        let text = dumped(json!({"trust_token": "eyJjbGllbnRfbmFtZSI6", "password": "pw"}));
        assert!(!text.contains("eyJj") && !text.contains("\"pw\""), "{text}");
    }

    #[test]
    fn keys_certificates_and_websocket_secrets_are_redacted() {
        let pem = "-----BEGIN EC PRIVATE KEY-----\nMHcC\n-----END EC PRIVATE KEY-----";
        let text = dumped(json!({
            "certificate": "-----BEGIN CERTIFICATE-----\nMIIB",
            "config": {"user.note": pem, "limits.cpu": "2", "access-key": "AK", "secret-key": "SK"},
            "metadata": {"fds": {"0": "s0", "control": "sc"}, "command": ["sh"]}}));
        for secret in ["MIIB", "MHcC", "\"AK\"", "\"SK\"", "s0", "sc"] {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
        assert!(text.contains("\"limits.cpu\": \"2\""), "{text}");
        assert!(text.contains("\"sh\""), "{text}");
    }

    #[test]
    fn secret_query_values_are_redacted() {
        assert_eq!(
            redact_url("http://unix.socket/1.0/operations/x/wait?secret=abc&timeout=5"),
            "http://unix.socket/1.0/operations/x/wait?secret=<redacted>&timeout=5"
        );
        let plain = "http://unix.socket/1.0/profiles?recursion=1&secretive=no";
        assert!(matches!(redact_url(plain), Cow::Borrowed(_)));
    }

    #[test]
    fn long_bodies_are_cut() {
        let text = dumped(json!({"description": "é".repeat(MAX_DUMP)}));
        assert!(text.len() < MAX_DUMP + 40, "{}", text.len());
        assert!(
            text.ends_with("more bytes)"),
            "{}",
            &text[text.len() - 30..]
        );
        assert_eq!(dump(b"not json"), "not json");
    }
}
