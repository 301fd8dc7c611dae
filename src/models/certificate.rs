//! Certificates the server trusts, and the trust tokens that let a new
//! client add its own.

use serde::{Deserialize, Serialize};

use super::{Operation, is_false, null_default};
use crate::error::{Error, Result};

/// A certificate in the server's trust store, as read.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Certificate {
    /// Name given to the certificate. Example: `castiana`
    pub name: String,
    /// What the certificate may do: `client`, `metrics` or `server`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Whether the certificate reaches only the projects in `projects`.
    pub restricted: bool,
    /// Projects a restricted certificate reaches. Example: `["default", "foo"]`
    #[serde(deserialize_with = "null_default")]
    pub projects: Vec<String>,
    /// The certificate, PEM-encoded.
    pub certificate: String,
    /// SHA-256 of the certificate's DER bytes, lowercase hex. Read only.
    pub fingerprint: String,
    /// Free-text description. API extension: certificate_description.
    pub description: String,
}

impl Certificate {
    /// The writable part, ready to change and send back with
    /// [`Client::replace_certificate`](crate::Client::replace_certificate).
    pub fn writable(&self) -> CertificatePut {
        CertificatePut {
            name: Some(self.name.clone()),
            kind: Some(self.kind.clone()),
            restricted: Some(self.restricted),
            projects: Some(self.projects.clone()),
            certificate: Some(self.certificate.clone()),
            description: Some(self.description.clone()),
        }
    }
}

/// The writable fields of a trusted certificate (PUT and PATCH).
///
/// Unset fields are left out of the request: PATCH keeps their current
/// value; PUT needs `name` and `kind` (the daemon refuses an empty type).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CertificatePut {
    /// Name given to the certificate. Example: `castiana`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// What the certificate may do: `client`, `metrics` or `server`.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Whether the certificate reaches only the projects in `projects`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub restricted: Option<bool>,
    /// Projects a restricted certificate reaches; `Some(vec![])` clears them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub projects: Option<Vec<String>>,
    /// A replacement certificate, PEM-encoded (its fingerprint becomes the new name in URLs).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub certificate: Option<String>,
    /// Free-text description. API extension: certificate_description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// A certificate to trust, or a trust token to issue (POST /1.0/certificates).
///
/// Build one with [`CertificatesPost::from_pem`] (trust a certificate you
/// have) or [`CertificatesPost::token`] (a token for a client to add itself).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CertificatesPost {
    /// Name to give the certificate. Example: `castiana`
    #[serde(skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// What the certificate may do: `client` or `metrics`.
    #[serde(rename = "type", skip_serializing_if = "String::is_empty")]
    pub kind: String,
    /// Whether the certificate reaches only the projects in `projects`.
    #[serde(skip_serializing_if = "is_false")]
    pub restricted: bool,
    /// Projects a restricted certificate reaches. Example: `["default", "foo"]`
    #[serde(
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "null_default"
    )]
    pub projects: Vec<String>,
    /// The certificate's DER bytes in base64 (not PEM: [`CertificatesPost::from_pem`] converts).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub certificate: String,
    /// Free-text description. API extension: certificate_description.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Asks for a trust token instead of trusting a certificate. API extension: certificate_token.
    #[serde(skip_serializing_if = "is_false")]
    pub token: bool,
    /// An encoded trust token, sent by an untrusted client adding itself.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub trust_token: String,
}

impl CertificatesPost {
    /// Trusts the one certificate in `pem` as a `client` certificate.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] unless `pem` holds exactly one PEM
    /// certificate.
    pub fn from_pem(pem: &str) -> Result<CertificatesPost> {
        Ok(CertificatesPost {
            kind: "client".into(),
            certificate: crate::base64::encode(&one_certificate(pem)?),
            ..Default::default()
        })
    }

    /// A trust token for a `client` certificate to be named `name`.
    #[must_use]
    pub fn token(name: impl Into<String>) -> CertificatesPost {
        CertificatesPost {
            name: name.into(),
            kind: "client".into(),
            token: true,
            ..Default::default()
        }
    }

    /// Sets the certificate's name.
    #[must_use]
    pub fn name(mut self, name: impl Into<String>) -> CertificatesPost {
        self.name = name.into();
        self
    }

    /// Sets what the certificate may do: `client` (the default of both
    /// constructors) or `metrics` (read `/1.0/metrics` only).
    #[must_use]
    pub fn kind(mut self, kind: impl Into<String>) -> CertificatesPost {
        self.kind = kind.into();
        self
    }

    /// Restricts the certificate to `projects`.
    #[must_use]
    pub fn restricted_to<S: Into<String>>(
        mut self,
        projects: impl IntoIterator<Item = S>,
    ) -> CertificatesPost {
        self.restricted = true;
        self.projects = projects.into_iter().map(Into::into).collect();
        self
    }

    /// Sets the description.
    #[must_use]
    pub fn description(mut self, description: impl Into<String>) -> CertificatesPost {
        self.description = description.into();
        self
    }
}

/// What a trust token carries: the string `incus config trust add` prints
/// is this, as JSON, in base64 ([`CertificateAddToken::encode`] and
/// [`CertificateAddToken::decode`]). It names the server's addresses and
/// its certificate's fingerprint, so a new client knows where to connect
/// and which certificate to pin before it sends the secret.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CertificateAddToken {
    /// Name the new client's certificate will get. Example: `user@host`
    pub client_name: String,
    /// SHA-256 of the server's certificate, lowercase hex: the certificate to pin.
    pub fingerprint: String,
    /// Addresses the server listens on. Example: `["10.98.30.229:8443"]`
    #[serde(deserialize_with = "null_default")]
    pub addresses: Vec<String>,
    /// The single-use join secret.
    pub secret: String,
    /// When the token stops working (RFC 3339); empty if it does not expire.
    pub expires_at: String,
}

/// How Go writes a time that was never set: a token that does not expire.
const NO_EXPIRY: &str = "0001-01-01T00:00:00Z";

impl CertificateAddToken {
    /// The token as the `incus` command line prints and reads it: base64
    /// of its JSON.
    pub fn encode(&self) -> String {
        let expires_at = match self.expires_at.as_str() {
            "" => NO_EXPIRY,
            set => set,
        };
        let json = serde_json::json!({
            "client_name": self.client_name,
            "fingerprint": self.fingerprint,
            "addresses": self.addresses,
            "secret": self.secret,
            "expires_at": expires_at,
        });
        crate::base64::encode(json.to_string().as_bytes())
    }

    /// Reads a token string (surrounding whitespace ignored).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] if it is not base64 of a token's JSON, or
    /// lacks the client name, an address, the secret, or a fingerprint of
    /// 64 hex digits.
    pub fn decode(token: &str) -> Result<CertificateAddToken> {
        let bad = |why: &str| Error::invalid(format!("trust token: {why}"));
        let json = crate::base64::decode(token.trim()).ok_or_else(|| bad("not base64"))?;
        let mut token: CertificateAddToken =
            serde_json::from_slice(&json).map_err(|_| bad("not a certificate add token"))?;
        if token.expires_at == NO_EXPIRY {
            token.expires_at.clear();
        }
        token.check()?;
        Ok(token)
    }

    /// Checks what a join needs is there (as [`CertificateAddToken::decode`]).
    pub(crate) fn check(&self) -> Result<()> {
        let bad = |why: &str| Err(Error::invalid(format!("trust token: {why}")));
        let hex = |s: &str| s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit());
        if self.client_name.is_empty() {
            return bad("no client name");
        }
        if self.addresses.is_empty() {
            return bad("no server address");
        }
        if self.secret.is_empty() {
            return bad("no secret");
        }
        if !hex(&self.fingerprint) {
            return bad("no certificate fingerprint of 64 hex digits");
        }
        Ok(())
    }

    /// Reads the token from the operation that holds it on the server (from
    /// [`Client::create_certificate_token`](crate::Client::create_certificate_token),
    /// or a `token` class operation in
    /// [`Client::list_operations`](crate::Client::list_operations)).
    ///
    /// # Errors
    ///
    /// [`Error::Decode`] if the operation's metadata is not a certificate
    /// add token's.
    pub fn from_operation(operation: &Operation) -> Result<CertificateAddToken> {
        let meta = &operation.metadata;
        let text = |key: &str| meta.get(key).and_then(|v| v.as_str()).map(str::to_string);
        let missing = |key: &str| {
            Error::decode(
                "a certificate add token operation",
                format!("operation {} has no {key}", operation.id),
            )
        };
        let client_name = meta
            .get("request")
            .and_then(|request| request.get("name"))
            .and_then(|name| name.as_str())
            .ok_or_else(|| missing("request name"))?;
        let addresses = meta
            .get("addresses")
            .and_then(|list| list.as_array())
            .and_then(|list| {
                list.iter()
                    .map(|a| a.as_str().map(str::to_string))
                    .collect()
            })
            .ok_or_else(|| missing("addresses"))?;
        Ok(CertificateAddToken {
            client_name: client_name.to_string(),
            fingerprint: text("fingerprint").ok_or_else(|| missing("fingerprint"))?,
            addresses,
            secret: text("secret").ok_or_else(|| missing("secret"))?,
            expires_at: text("expiresAt").unwrap_or_default(),
        })
    }

    /// Whether the certificate in `pem` is the one the token names (its
    /// SHA-256 is the token's fingerprint): check a server's certificate
    /// before sending it the secret.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] unless `pem` holds exactly one certificate.
    pub fn matches_certificate(&self, pem: &str) -> Result<bool> {
        let digest = ring::digest::digest(&ring::digest::SHA256, &one_certificate(pem)?);
        let hex: String = digest.as_ref().iter().map(|b| format!("{b:02x}")).collect();
        Ok(hex.eq_ignore_ascii_case(&self.fingerprint))
    }
}

/// The DER bytes of the one certificate in `pem`.
fn one_certificate(pem: &str) -> Result<Vec<u8>> {
    match crate::tls::parse_certs(pem.as_bytes(), "certificate")?.as_slice() {
        [one] => Ok(one.to_vec()),
        more => Err(Error::invalid(format!(
            "certificate: {} PEM certificates, want one",
            more.len()
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_patch_bodies() {
        let cert: Certificate = serde_json::from_str(
            r#"{"name":"castiana","type":"client","restricted":true,"projects":["default","foo"],
                "certificate":"PEM","fingerprint":"fd20","description":"X509 certificate","x":1}"#,
        )
        .unwrap();
        assert_eq!((cert.kind.as_str(), cert.restricted), ("client", true));
        let put = cert.writable();
        let body = serde_json::to_value(&put).unwrap();
        assert_eq!(
            body,
            serde_json::json!({"name": "castiana", "type": "client", "restricted": true,
                "projects": ["default", "foo"], "certificate": "PEM",
                "description": "X509 certificate"})
        );
        assert_eq!(serde_json::from_value::<CertificatePut>(body).unwrap(), put);
        let patch = CertificatePut {
            projects: Some(vec![]),
            ..Default::default()
        };
        assert_eq!(serde_json::to_string(&patch).unwrap(), r#"{"projects":[]}"#);
        let bare: Certificate = serde_json::from_str(r#"{"projects":null}"#).unwrap();
        assert!(bare.projects.is_empty());
    }

    #[test]
    fn post_bodies() {
        let token = CertificatesPost::token("laptop").restricted_to(["p1"]);
        assert_eq!(
            serde_json::to_value(&token).unwrap(),
            serde_json::json!({"name": "laptop", "type": "client", "restricted": true,
                "projects": ["p1"], "token": true})
        );
        let e = CertificatesPost::from_pem("not a certificate").unwrap_err();
        assert!(matches!(e, Error::InvalidInput(_)), "{e}");
    }

    fn token() -> CertificateAddToken {
        CertificateAddToken {
            client_name: "user@host".into(),
            fingerprint: "57bb0ff4340b5bb28517e062023101adf788c37846dc8b619eb2c3cb4ef29436".into(),
            addresses: vec!["10.98.30.229:8443".into()],
            secret: "2b2284d44db32675923fe0d2020477e0".into(),
            expires_at: String::new(),
        }
    }

    #[test]
    fn tokens_encode_as_base64_json_and_decode_back() {
        let token = token();
        let text = token.encode();
        let json: serde_json::Value =
            serde_json::from_slice(&crate::base64::decode(&text).unwrap()).unwrap();
        assert_eq!(json["expires_at"], NO_EXPIRY);
        assert_eq!(json["addresses"][0], "10.98.30.229:8443");
        assert_eq!(
            CertificateAddToken::decode(&format!(" {text}\n")).unwrap(),
            token
        );
        let expiring = CertificateAddToken {
            expires_at: "2021-03-23T17:38:37.753398689-04:00".into(),
            ..token
        };
        assert_eq!(
            CertificateAddToken::decode(&expiring.encode()).unwrap(),
            expiring
        );
    }

    #[test]
    fn malformed_tokens_are_invalid_input() {
        let cases = [
            ("not base64!", "not base64"),
            (
                &crate::base64::encode(b"[1]"),
                "not a certificate add token",
            ),
            (
                &CertificateAddToken {
                    secret: String::new(),
                    ..token()
                }
                .encode(),
                "no secret",
            ),
            (
                &CertificateAddToken {
                    addresses: vec![],
                    ..token()
                }
                .encode(),
                "no server address",
            ),
            (
                &CertificateAddToken {
                    fingerprint: "abc".into(),
                    ..token()
                }
                .encode(),
                "fingerprint",
            ),
        ];
        for (text, why) in cases {
            match CertificateAddToken::decode(text) {
                Err(Error::InvalidInput(message)) => assert!(message.contains(why), "{message}"),
                other => panic!("{text}: {other:?}"),
            }
        }
    }

    #[test]
    fn tokens_read_from_their_operation() {
        let op: Operation = serde_json::from_value(serde_json::json!({
            "id": "op1", "class": "token",
            "metadata": {"addresses": ["127.0.0.1:8443"], "fingerprint": token().fingerprint,
                "request": {"name": "user@host", "type": "client"}, "secret": "s1"}}))
        .unwrap();
        let read = CertificateAddToken::from_operation(&op).unwrap();
        assert_eq!(
            (
                read.client_name.as_str(),
                read.secret.as_str(),
                read.expires_at.as_str()
            ),
            ("user@host", "s1", "")
        );
        assert_eq!(read.addresses, ["127.0.0.1:8443"]);
        let e = CertificateAddToken::from_operation(&Operation::default()).unwrap_err();
        assert!(e.to_string().contains("request name"), "{e}");
    }
}
