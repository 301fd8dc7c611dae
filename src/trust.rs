//! Joining a server with a trust token: the client side of `incus remote
//! add <token>`. And, with the `keygen` feature, making the client
//! certificate to join with.

use crate::client::{Client, ClientBuilder};
use crate::error::{Error, Result};
use crate::models::CertificateAddToken;
use crate::server_kind::ServerInfo;

impl ClientBuilder {
    /// Builds an HTTPS client for the server a trust token names, and
    /// joins it: the server then trusts this client's certificate, under
    /// the name and projects the token carries. The client is returned,
    /// trusted, ready for requests. This is what `incus remote add <name>
    /// <token>` does.
    ///
    /// `token` is the string `incus config trust add` prints (or
    /// [`CertificateAddToken::encode`] gives). The server is checked
    /// against the certificate fingerprint in the token before anything is
    /// sent: a server showing another certificate fails the handshake, and
    /// never sees the secret. Its addresses are tried in order, unless
    /// this builder was given a URL. The builder needs a client certificate
    /// ([`ClientBuilder::client_certificate`]; make one with
    /// `generate_client_certificate`, feature `keygen`, and keep it: it is
    /// this client's identity from now on). A client the server trusts
    /// already is returned as it is, and the token stays unused.
    ///
    /// Unlike [`ClientBuilder::build`], this connects: it sends `GET /1.0`,
    /// then `POST /1.0/certificates` with the token
    /// ([`Client::add_certificate_with_token`]).
    ///
    /// ```no_run
    /// # fn main() -> incus::Result<()> {
    /// let token = std::env::var("INCUS_TOKEN").unwrap_or_default();
    /// let client = incus::ClientBuilder::default()
    ///     .client_certificate(std::fs::read("client.crt")?, std::fs::read("client.key")?)
    ///     .trust_token(&token)?;
    /// println!("{:?}", client.list_instance_names(None)?);
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`], nothing sent, for a malformed token, no
    /// client certificate, or a pinned server certificate
    /// ([`ClientBuilder::server_certificate`]) that is not the token's;
    /// [`Error::Transport`] when no address can be reached or the server's
    /// certificate is not the token's (the last address's error);
    /// [`Error::Api`] 403 for a token the server does not hold (used,
    /// cancelled, expired or never issued).
    pub fn trust_token(mut self, token: &str) -> Result<Client> {
        let token = CertificateAddToken::decode(token)?;
        if let Some(expiry) = expiry(&token.expires_at)? {
            if expiry <= std::time::SystemTime::now() {
                return Err(Error::invalid(format!(
                    "trust token for {:?} expired at {}",
                    token.client_name, token.expires_at
                )));
            }
        }
        if self.client_cert.is_none() {
            return Err(Error::invalid(
                "a trust token adds this client's certificate: give one with \
                 ClientBuilder::client_certificate (generate_client_certificate, feature \
                 keygen, makes one)",
            ));
        }
        if let Some(pem) = &self.server_cert {
            let pem = String::from_utf8_lossy(pem);
            if !token.matches_certificate(&pem)? {
                return Err(Error::invalid(
                    "the pinned server certificate is not the one the trust token names",
                ));
            }
        }
        self.server_fingerprint = Some(token.fingerprint.clone());
        let urls: Vec<String> = match self.url.as_str() {
            "" => token
                .addresses
                .iter()
                .map(|address| format!("https://{address}"))
                .collect(),
            url => vec![url.to_string()],
        };
        let mut unreachable = None;
        for url in urls {
            let mut builder = self.clone();
            builder.url = url;
            let client = builder.build()?;
            match client.get_server() {
                Ok(server) if server.auth == "trusted" => return Ok(client),
                Ok(server) => {
                    // The read just made tells where the server takes it.
                    let as_password = ServerInfo::new(server).takes_token_as_password();
                    client.add_with_token(&token, as_password)?;
                    return Ok(client);
                }
                Err(e @ Error::Transport(_)) => unreachable = Some(e),
                Err(e) => return Err(e),
            }
        }
        Err(unreachable.unwrap_or_else(|| Error::invalid("trust token: no server address")))
    }
}

/// When a token expires: `expires_at` (RFC 3339, as Go writes it, with a
/// `Z` or an offset) as a time; `None` when it does not expire.
fn expiry(expires_at: &str) -> Result<Option<std::time::SystemTime>> {
    if expires_at.is_empty() {
        return Ok(None);
    }
    let bad = || {
        Error::invalid(format!(
            "trust token: expires_at {expires_at:?} is not RFC 3339"
        ))
    };
    let number = |range: std::ops::Range<usize>| -> Result<i64> {
        let text = expires_at.get(range).ok_or_else(bad)?;
        match text.bytes().all(|b| b.is_ascii_digit()) {
            true => text.parse().map_err(|_| bad()),
            false => Err(bad()),
        }
    };
    let b = expires_at.as_bytes();
    if b.len() < 20
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b'T'
        || b[13] != b':'
        || b[16] != b':'
    {
        return Err(bad());
    }
    let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
    let (hour, minute, second) = (number(11..13)?, number(14..16)?, number(17..19)?);
    // Skip a fraction of a second; then `Z` or `±HH:MM`.
    let mut rest = &expires_at[19..];
    if let Some(fraction) = rest.strip_prefix('.') {
        rest = fraction.trim_start_matches(|c: char| c.is_ascii_digit());
    }
    let offset = match rest {
        "Z" | "z" => 0,
        _ if rest.len() == 6 && rest.as_bytes()[3] == b':' => {
            let sign = match &rest[..1] {
                "+" => 1,
                "-" => -1,
                _ => return Err(bad()),
            };
            let hours: i64 = rest[1..3].parse().map_err(|_| bad())?;
            let minutes: i64 = rest[4..6].parse().map_err(|_| bad())?;
            sign * (hours * 3600 + minutes * 60)
        }
        _ => return Err(bad()),
    };
    if !(1..=12).contains(&month)
        || !(1..=31).contains(&day)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return Err(bad());
    }
    let seconds =
        crate::tls::days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second
            - offset;
    let since_epoch = std::time::Duration::from_secs(seconds.max(0) as u64);
    Ok(Some(std::time::UNIX_EPOCH + since_epoch))
}

/// A new client certificate and its private key, both PEM, named `name`
/// (its common name, e.g. `user@host`): self-signed, ECDSA P-384 with
/// SHA-384, for client authentication, valid ten years, as the `incus`
/// command line makes its `client.crt`. Keys come from `ring`, the crate's
/// only cryptography. Save both: they are the client's identity for
/// [`ClientBuilder::client_certificate`] and
/// [`ClientBuilder::trust_token`].
///
/// ```no_run
/// # fn main() -> incus::Result<()> {
/// let (cert, key) = incus::generate_client_certificate("ci@build-host")?;
/// std::fs::write("client.crt", &cert)?;
/// std::fs::write("client.key", &key)?;
/// # Ok(())
/// # }
/// ```
///
/// # Errors
///
/// [`Error::InvalidInput`] for an empty name or one with a control
/// character, or if the certificate cannot be made.
#[cfg(feature = "keygen")]
pub fn generate_client_certificate(name: &str) -> Result<(String, String)> {
    use rcgen::{
        CertificateParams, DistinguishedName, DnType, ExtendedKeyUsagePurpose, KeyPair,
        PKCS_ECDSA_P384_SHA384,
    };
    if name.is_empty() {
        return Err(Error::invalid("the certificate's name must not be empty"));
    }
    crate::input::check_text("name", name)?;
    let failed = |e: rcgen::Error| Error::invalid(format!("making a client certificate: {e}"));
    let key = KeyPair::generate_for(&PKCS_ECDSA_P384_SHA384).map_err(failed)?;
    let mut params = CertificateParams::default();
    let mut subject = DistinguishedName::new();
    subject.push(DnType::CommonName, name);
    params.distinguished_name = subject;
    params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ClientAuth];
    let now = std::time::SystemTime::now();
    params.not_before = now.into();
    params.not_after = (now + std::time::Duration::from_secs(10 * 365 * 24 * 3600)).into();
    let cert = params.self_signed(&key).map_err(failed)?;
    Ok((cert.pem(), key.serialize_pem()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expiries_are_read_as_go_writes_them() {
        let at = |text| expiry(text).unwrap().unwrap();
        let secs =
            |t: std::time::SystemTime| t.duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
        assert_eq!(secs(at("1970-01-01T00:00:00Z")), 0);
        assert_eq!(secs(at("2026-12-02T06:25:38.672781618Z")), 1_796_192_738);
        assert_eq!(secs(at("2026-12-02T07:25:38+01:00")), 1_796_192_738);
        assert_eq!(secs(at("2000-02-29T00:00:00Z")), 951_782_400);
        assert_eq!(expiry("").unwrap(), None);
        for bad in [
            "tomorrow",
            "2026-12-02",
            "2026-13-02T00:00:00Z",
            "2026-12-02T00:00:00",
            "2026-12-02T00:00:00+0100",
        ] {
            assert!(matches!(expiry(bad), Err(Error::InvalidInput(_))), "{bad}");
        }
    }

    #[cfg(feature = "keygen")]
    #[test]
    fn generated_certificates_load_as_a_client_identity() {
        let (cert, key) = generate_client_certificate("ci@host").unwrap();
        assert!(cert.starts_with("-----BEGIN CERTIFICATE-----"), "{cert}");
        assert!(key.starts_with("-----BEGIN PRIVATE KEY-----"));
        let certs = crate::tls::parse_certs(cert.as_bytes(), "client certificate").unwrap();
        let key = crate::tls::parse_key(key.as_bytes()).unwrap();
        let trust = crate::tls::ServerTrust::Fingerprint([0; 32]);
        crate::tls::client_config(trust, Some((certs, key))).unwrap();
        let (again, _) = generate_client_certificate("ci@host").unwrap();
        assert_ne!(cert, again, "each call makes a new key");
        for bad in ["", "a\u{0}b"] {
            assert!(matches!(
                generate_client_certificate(bad),
                Err(Error::InvalidInput(_))
            ));
        }
    }
}
