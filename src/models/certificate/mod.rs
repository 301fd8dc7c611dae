//! Certificates the server trusts (here), and the trust tokens that let a
//! new client add its own (`token.rs`).

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::models::{is_false, null_default};

mod token;

pub use token::*;

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

/// The DER bytes of the one certificate in `pem`.
pub(crate) fn one_certificate(pem: &str) -> Result<Vec<u8>> {
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
}
