//! Trust tokens: what `incus config trust add` prints, and how a new
//! client reads it.

use serde::{Deserialize, Serialize};

#[cfg(any(doc, test))]
use crate::error::Error;
use crate::error::Result;
use crate::models::{Operation, join_token, null_default};

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

impl CertificateAddToken {
    /// The token as the `incus` command line prints and reads it: base64
    /// of its JSON.
    pub fn encode(&self) -> String {
        join_token::encode("client_name", &self.client_name, &self.common())
    }

    /// Reads a token string (surrounding whitespace ignored).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] if it is not base64 of a token's JSON, or
    /// lacks the client name, an address, the secret, or a fingerprint of
    /// 64 hex digits.
    pub fn decode(token: &str) -> Result<CertificateAddToken> {
        let mut token: CertificateAddToken = join_token::decode(token, WHAT)?;
        join_token::read_expiry(&mut token.expires_at);
        token.check()?;
        Ok(token)
    }

    /// Checks what a join needs is there (as [`CertificateAddToken::decode`]).
    pub(crate) fn check(&self) -> Result<()> {
        join_token::check(WHAT, "client name", &self.client_name, &self.common())
    }

    fn common(&self) -> join_token::Common {
        join_token::Common {
            fingerprint: self.fingerprint.clone(),
            addresses: self.addresses.clone(),
            secret: self.secret.clone(),
            expires_at: self.expires_at.clone(),
        }
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
        let what = "certificate add token";
        let client_name = operation
            .metadata
            .get("request")
            .and_then(|request| request.get("name"))
            .and_then(|name| name.as_str())
            .ok_or_else(|| join_token::missing(operation, what, "request name"))?;
        let common = join_token::from_operation(operation, what)?;
        Ok(CertificateAddToken {
            client_name: client_name.to_string(),
            fingerprint: common.fingerprint,
            addresses: common.addresses,
            secret: common.secret,
            expires_at: common.expires_at,
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
        join_token::matches_certificate(&self.fingerprint, pem)
    }
}

/// The token's name in errors.
const WHAT: &str = "trust token";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::CertificatesPost;

    use crate::models::join_token::test_pem::{PEM, PEM_FINGERPRINT};

    #[test]
    fn a_pem_certificate_is_sent_as_base64_der_and_matched_by_fingerprint() {
        let post = CertificatesPost::from_pem(PEM).unwrap().name("ci");
        let body: String = PEM.lines().filter(|l| !l.starts_with("-----")).collect();
        assert_eq!(post.certificate, body);
        assert_eq!((post.kind.as_str(), post.name.as_str()), ("client", "ci"));
        let mut token = CertificateAddToken {
            fingerprint: PEM_FINGERPRINT.to_uppercase(),
            ..token()
        };
        assert!(token.matches_certificate(PEM).unwrap());
        token.fingerprint = self::token().fingerprint;
        assert!(!token.matches_certificate(PEM).unwrap());
        let two = format!("{PEM}{PEM}");
        let e = CertificatesPost::from_pem(&two).unwrap_err();
        assert!(e.to_string().contains("2 PEM certificates"), "{e}");
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
        assert_eq!(json["expires_at"], join_token::NO_EXPIRY);
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
            (&crate::base64::encode(b"[1]"), "not a trust token"),
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
