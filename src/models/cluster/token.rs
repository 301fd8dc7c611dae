//! Cluster join tokens: what `incus cluster add` prints, and how a joining
//! server reads it.

use serde::{Deserialize, Serialize};

#[cfg(any(doc, test))]
use crate::error::Error;
use crate::error::Result;
use crate::models::{Operation, join_token, null_default};

/// What a cluster join token carries: the string `incus cluster add`
/// prints is this, as JSON, in base64 ([`ClusterMemberJoinToken::encode`],
/// [`ClusterMemberJoinToken::decode`]). It names the new member, the
/// cluster's online members and its certificate's fingerprint, so the
/// joining server knows where to go and which certificate to pin.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ClusterMemberJoinToken {
    /// Name the new member must join as. Example: `server02`
    pub server_name: String,
    /// SHA-256 of the cluster's certificate, lowercase hex: the certificate to pin.
    pub fingerprint: String,
    /// Addresses of the cluster's online members. Example: `["10.98.30.229:8443"]`
    #[serde(deserialize_with = "null_default")]
    pub addresses: Vec<String>,
    /// The single-use join secret.
    pub secret: String,
    /// When the token stops working (RFC 3339); empty if it does not expire.
    pub expires_at: String,
}

impl ClusterMemberJoinToken {
    /// The token as the `incus` command line prints and reads it: base64
    /// of its JSON.
    pub fn encode(&self) -> String {
        join_token::encode("server_name", &self.server_name, &self.common())
    }

    /// Reads a token string (surrounding whitespace ignored).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] if it is not base64 of a join token's JSON,
    /// or lacks the member name, an address, the secret, or a fingerprint
    /// of 64 hex digits.
    pub fn decode(token: &str) -> Result<ClusterMemberJoinToken> {
        let mut token: ClusterMemberJoinToken = join_token::decode(token, WHAT)?;
        join_token::read_expiry(&mut token.expires_at);
        join_token::check(WHAT, "server name", &token.server_name, &token.common())?;
        Ok(token)
    }

    fn common(&self) -> join_token::Common {
        join_token::Common {
            fingerprint: self.fingerprint.clone(),
            addresses: self.addresses.clone(),
            secret: self.secret.clone(),
            expires_at: self.expires_at.clone(),
        }
    }

    /// Reads the token from the operation that holds it on the cluster
    /// (from [`Client::create_cluster_member`](crate::Client::create_cluster_member),
    /// or a `token` class operation in
    /// [`Client::list_operations`](crate::Client::list_operations)).
    ///
    /// # Errors
    ///
    /// [`Error::Decode`] if the operation's metadata is not a join token's.
    pub fn from_operation(operation: &Operation) -> Result<ClusterMemberJoinToken> {
        let what = "cluster join token";
        let common = join_token::from_operation(operation, what)?;
        let server_name = operation
            .metadata
            .get("serverName")
            .and_then(|name| name.as_str())
            .ok_or_else(|| join_token::missing(operation, what, "serverName"))?;
        Ok(ClusterMemberJoinToken {
            server_name: server_name.to_string(),
            fingerprint: common.fingerprint,
            addresses: common.addresses,
            secret: common.secret,
            expires_at: common.expires_at,
        })
    }

    /// Whether the certificate in `pem` is the one the token names (its
    /// SHA-256 is the token's fingerprint): check a member's certificate
    /// before joining through it.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] unless `pem` holds exactly one certificate.
    pub fn matches_certificate(&self, pem: &str) -> Result<bool> {
        join_token::matches_certificate(&self.fingerprint, pem)
    }
}

/// The token's name in errors.
const WHAT: &str = "cluster join token";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::ClusterPut;

    use crate::models::join_token::test_pem::{PEM, PEM_FINGERPRINT};

    fn token() -> ClusterMemberJoinToken {
        ClusterMemberJoinToken {
            server_name: "server02".into(),
            fingerprint: "57bb0ff4340b5bb28517e062023101adf788c37846dc8b619eb2c3cb4ef29436".into(),
            addresses: vec!["10.98.30.229:8443".into()],
            secret: "2b2284d44db32675923fe0d2020477e0e9be11801ff70c435e032b97028c35cd".into(),
            expires_at: "2021-03-23T17:38:37.753398689-04:00".into(),
        }
    }

    #[test]
    fn tokens_encode_as_base64_json_and_decode_back() {
        let token = token();
        let text = token.encode();
        let json: serde_json::Value =
            serde_json::from_slice(&crate::base64::decode(&text).unwrap()).unwrap();
        assert_eq!(json["server_name"], "server02");
        assert_eq!(json["addresses"][0], "10.98.30.229:8443");
        assert_eq!(
            ClusterMemberJoinToken::decode(&format!(" {text}\n")).unwrap(),
            token
        );
        let forever = ClusterMemberJoinToken {
            expires_at: String::new(),
            ..token
        };
        let text = forever.encode();
        assert!(
            String::from_utf8(crate::base64::decode(&text).unwrap())
                .unwrap()
                .contains(join_token::NO_EXPIRY)
        );
        assert_eq!(ClusterMemberJoinToken::decode(&text).unwrap(), forever);
    }

    #[test]
    fn malformed_tokens_are_invalid_input() {
        let with = |f: fn(&mut ClusterMemberJoinToken)| {
            let mut token = token();
            f(&mut token);
            token.encode()
        };
        let cases = [
            ("not base64!".to_string(), "not base64"),
            (crate::base64::encode(b"[1]"), "not a cluster join token"),
            (with(|t| t.server_name.clear()), "no server name"),
            (with(|t| t.addresses.clear()), "no server address"),
            (with(|t| t.secret.clear()), "no secret"),
            (
                with(|t| t.fingerprint.pop().map(drop).unwrap()),
                "fingerprint",
            ),
        ];
        for (text, why) in cases {
            match ClusterMemberJoinToken::decode(&text) {
                Err(Error::InvalidInput(message)) => assert!(message.contains(why), "{message}"),
                other => panic!("{text}: {other:?}"),
            }
        }
    }

    #[test]
    fn tokens_read_from_their_operation_and_match_certificates() {
        let op: Operation = serde_json::from_value(serde_json::json!({
            "id": "op1", "class": "token",
            "metadata": {"addresses": ["127.0.0.2:8443"], "fingerprint": PEM_FINGERPRINT,
                "expiresAt": "2026-12-02T09:24:23.941449663Z", "secret": "s1", "serverName": "b"}}))
        .unwrap();
        let read = ClusterMemberJoinToken::from_operation(&op).unwrap();
        assert_eq!(
            (read.server_name.as_str(), read.secret.as_str()),
            ("b", "s1")
        );
        assert_eq!(read.addresses, ["127.0.0.2:8443"]);
        assert!(read.matches_certificate(PEM).unwrap());
        assert!(!token().matches_certificate(PEM).unwrap());
        let e = ClusterMemberJoinToken::from_operation(&Operation::default()).unwrap_err();
        assert!(e.to_string().contains("addresses"), "{e}");

        // A join pinning the wrong certificate is refused before sending.
        assert!(
            ClusterPut::join(&read, PEM, "127.0.0.3:8443")
                .check()
                .is_ok()
        );
        let e = ClusterPut::join(&token(), PEM, "127.0.0.3:8443")
            .check()
            .unwrap_err();
        assert!(e.to_string().contains("not the one"), "{e}");
    }
}
