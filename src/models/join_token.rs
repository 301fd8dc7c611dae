//! What a trust token and a cluster join token share: base64 of a JSON
//! object naming the newcomer, the server's addresses and certificate
//! fingerprint, a secret and an expiry; read from the operation that holds
//! it, and checked against a certificate.

use serde::de::DeserializeOwned;

use crate::error::{Error, Result};
use crate::models::Operation;

/// How Go writes a time that was never set: a token that does not expire.
pub(crate) const NO_EXPIRY: &str = "0001-01-01T00:00:00Z";

/// A token's fields besides its name: the server's addresses and
/// certificate fingerprint, the secret, the expiry (empty for none).
pub(crate) struct Common {
    pub(crate) fingerprint: String,
    pub(crate) addresses: Vec<String>,
    pub(crate) secret: String,
    pub(crate) expires_at: String,
}

/// The token string: base64 of `{name_key: name, fingerprint, addresses,
/// secret, expires_at}`, a missing expiry written as Go's zero time.
pub(crate) fn encode(name_key: &str, name: &str, common: &Common) -> String {
    let expires_at = match common.expires_at.as_str() {
        "" => NO_EXPIRY,
        set => set,
    };
    let json = serde_json::json!({
        name_key: name,
        "fingerprint": common.fingerprint,
        "addresses": common.addresses,
        "secret": common.secret,
        "expires_at": expires_at,
    });
    crate::base64::encode(json.to_string().as_bytes())
}

/// Reads a token string (surrounding whitespace ignored) into `T`; `what`
/// names the token in errors (`trust token`).
pub(crate) fn decode<T: DeserializeOwned>(token: &str, what: &str) -> Result<T> {
    let json = crate::base64::decode(token.trim()).ok_or_else(|| bad(what, "not base64"))?;
    serde_json::from_slice(&json).map_err(|_| bad(what, &format!("not a {what}")))
}

/// Reads Go's zero time as no expiry.
pub(crate) fn read_expiry(expires_at: &mut String) {
    if expires_at == NO_EXPIRY {
        expires_at.clear();
    }
}

/// Checks a token has what a join needs: a name (`name_what` names it), an
/// address, the secret, and a fingerprint of 64 hex digits.
pub(crate) fn check(what: &str, name_what: &str, name: &str, common: &Common) -> Result<()> {
    let hex = |s: &str| s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit());
    let why = match () {
        _ if name.is_empty() => format!("no {name_what}"),
        _ if common.addresses.is_empty() => "no server address".to_string(),
        _ if common.secret.is_empty() => "no secret".to_string(),
        _ if !hex(&common.fingerprint) => "no certificate fingerprint of 64 hex digits".to_string(),
        _ => return Ok(()),
    };
    Err(bad(what, &why))
}

fn bad(what: &str, why: &str) -> Error {
    Error::invalid(format!("{what}: {why}"))
}

/// The common fields from the metadata of the operation holding a token
/// (`what` names it in errors).
pub(crate) fn from_operation(operation: &Operation, what: &str) -> Result<Common> {
    let meta = &operation.metadata;
    let text = |key: &str| meta.get(key).and_then(|v| v.as_str()).map(str::to_string);
    let missing = |key: &str| missing(operation, what, key);
    let addresses = meta
        .get("addresses")
        .and_then(|list| list.as_array())
        .and_then(|list| {
            list.iter()
                .map(|a| a.as_str().map(str::to_string))
                .collect()
        })
        .ok_or_else(|| missing("addresses"))?;
    Ok(Common {
        fingerprint: text("fingerprint").ok_or_else(|| missing("fingerprint"))?,
        addresses,
        secret: text("secret").ok_or_else(|| missing("secret"))?,
        expires_at: text("expiresAt").unwrap_or_default(),
    })
}

/// The error for a token operation without `key` in its metadata.
pub(crate) fn missing(operation: &Operation, what: &str, key: &str) -> Error {
    Error::decode(
        &format!("a {what} operation"),
        format!("operation {} has no {key}", operation.id),
    )
}

/// Whether the one certificate in `pem` has the SHA-256 `fingerprint`.
pub(crate) fn matches_certificate(fingerprint: &str, pem: &str) -> Result<bool> {
    let der = crate::models::certificate::one_certificate(pem)?;
    let digest = ring::digest::digest(&ring::digest::SHA256, &der);
    let hex: String = digest.as_ref().iter().map(|b| format!("{b:02x}")).collect();
    Ok(hex.eq_ignore_ascii_case(fingerprint))
}

/// A throwaway self-signed certificate (openssl, prime256v1) and its
/// SHA-256 fingerprint as `openssl x509 -fingerprint -sha256` gives it,
/// for the tests of both tokens.
#[cfg(test)]
pub(crate) mod test_pem {
    pub(crate) const PEM: &str = "-----BEGIN CERTIFICATE-----\n\
MIIBhTCCASugAwIBAgIUH2y+M1VkOwRkEmK7jiGXAq+YikkwCgYIKoZIzj0EAwIw\n\
GDEWMBQGA1UEAwwNaW5jdXMtcnMtdGVzdDAeFw0yNjEyMDIwNjA4MzRaFw0zNjEx\n\
MjkwNjA4MzRaMBgxFjAUBgNVBAMMDWluY3VzLXJzLXRlc3QwWTATBgcqhkjOPQIB\n\
BggqhkjOPQMBBwNCAASa0LgUofzPoK+jT/Qa85dopP7rgE1CUIQPy1qGA2rXAFQy\n\
85RJtnpWCdCxoODsi9JDHuy+7CndBdYbG+wKvzpZo1MwUTAdBgNVHQ4EFgQUmlNz\n\
Q0XZkVE0OTMl2OIzOZn2p80wHwYDVR0jBBgwFoAUmlNzQ0XZkVE0OTMl2OIzOZn2\n\
p80wDwYDVR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNIADBFAiAMwcUdU1z11AnN\n\
0RxMts05pLS6XkdwN6sQGKIXlyvVnwIhALrQMV4zyeMZOqz8sBWe7/ialnqWQkZD\n\
AQuHOfNkWuqJ\n\
-----END CERTIFICATE-----\n\
";
    pub(crate) const PEM_FINGERPRINT: &str =
        "4747f283fdfc4832a9b30565cde6435d0d5c2fde9080106da1f2b7ce85a1aa0f";
}
