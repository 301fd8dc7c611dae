//! TLS settings: how the server's certificate is checked (pinned, or a CA
//! chain), the client certificate, and the rustls client configuration
//! (TLS 1.3 only, the `ring` provider) that requests and websockets share.

use std::sync::Arc;

use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{CryptoProvider, verify_tls12_signature, verify_tls13_signature};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName, UnixTime};
use rustls::{ClientConfig, DigitallySignedStruct, RootCertStore};

use crate::error::{Error, Result};

/// How the server's certificate is checked.
pub(crate) enum ServerTrust {
    /// Accept exactly this certificate (DER), as the incus CLI does with the
    /// server certificates it saves.
    Pinned(Vec<u8>),
    /// Accept exactly the certificate whose DER has this SHA-256, as a
    /// trust token names the server.
    Fingerprint([u8; 32]),
    /// Verify the chain up to these CA certificates, and the host name.
    Ca(RootCertStore),
}

/// The rustls client configuration for `trust` and the client `identity`.
pub(crate) fn client_config(
    trust: ServerTrust,
    identity: Option<(Vec<CertificateDer<'static>>, PrivateKeyDer<'static>)>,
) -> Result<ClientConfig> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder = ClientConfig::builder_with_provider(provider.clone())
        .with_protocol_versions(&[&rustls::version::TLS13])
        .map_err(|e| Error::invalid(format!("tls setup: {e}")))?;
    let builder = match trust {
        ServerTrust::Pinned(der) => builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(PinnedVerifier {
                pin: Pin::Der(der),
                provider,
            })),
        ServerTrust::Fingerprint(sha256) => {
            builder
                .dangerous()
                .with_custom_certificate_verifier(Arc::new(PinnedVerifier {
                    pin: Pin::Sha256(sha256),
                    provider,
                }))
        }
        ServerTrust::Ca(roots) => {
            let verifier = WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider)
                .build()
                .map_err(|e| Error::invalid(format!("ca certificate: {e}")))?;
            builder.with_webpki_verifier(verifier)
        }
    };
    match identity {
        Some((certs, key)) => builder
            .with_client_auth_cert(certs, key)
            .map_err(|e| Error::invalid(format!("client certificate: {e}"))),
        None => Ok(builder.with_no_client_auth()),
    }
}

/// Reads every certificate in a PEM text.
pub(crate) fn parse_certs(pem: &[u8], what: &str) -> Result<Vec<CertificateDer<'static>>> {
    let certs = CertificateDer::pem_slice_iter(pem)
        .collect::<std::result::Result<Vec<_>, _>>()
        .map_err(|e| Error::invalid(format!("{what}: {e}")))?;
    if certs.is_empty() {
        return Err(Error::invalid(format!("{what}: no PEM certificate found")));
    }
    Ok(certs)
}

/// Reads a client certificate chain, refusing one whose certificate is
/// outside its validity period now ([`check_validity`]).
pub(crate) fn parse_client_certs(pem: &[u8]) -> Result<Vec<CertificateDer<'static>>> {
    let certs = parse_certs(pem, "client certificate")?;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    check_validity(&certs[0], now)?;
    Ok(certs)
}

/// Refuses a client certificate outside its validity period at `now`
/// (seconds since 1970): the daemon treats a client whose certificate has
/// expired as untrusted (and will not trust one), which would otherwise
/// show only as 403 `not authorized` on every call. A certificate whose
/// dates cannot be read is left to the TLS handshake.
pub(crate) fn check_validity(der: &[u8], now: i64) -> Result<()> {
    let Some((not_before, not_after)) = validity(der) else {
        return Ok(());
    };
    if now > not_after.0 {
        return Err(Error::invalid(format!(
            "client certificate expired on {}: the daemon treats its holder as \
             untrusted; make a new certificate and have the server trust it",
            not_after.1
        )));
    }
    if now < not_before.0 {
        return Err(Error::invalid(format!(
            "client certificate is not valid before {}",
            not_before.1
        )));
    }
    Ok(())
}

/// A certificate's notBefore and notAfter: seconds since 1970, and as text.
type Validity = ((i64, String), (i64, String));

/// Reads the validity of an X.509 certificate (DER): Certificate ->
/// tbsCertificate -> [version], serial, signature, issuer, validity.
fn validity(der: &[u8]) -> Option<Validity> {
    let (_, certificate, _) = tlv(der)?;
    let (_, mut tbs, _) = tlv(certificate)?;
    if tbs.first() == Some(&0xa0) {
        tbs = tlv(tbs)?.2; // the version
    }
    for _ in 0..3 {
        tbs = tlv(tbs)?.2; // serial, signature algorithm, issuer
    }
    let (_, validity, _) = tlv(tbs)?;
    let (tag, not_before, rest) = tlv(validity)?;
    let not_before = time(tag, not_before)?;
    let (tag, not_after, _) = tlv(rest)?;
    Some((not_before, time(tag, not_after)?))
}

/// One DER element: its tag, its content and what follows it.
fn tlv(input: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let (&tag, rest) = input.split_first()?;
    let (&first, mut rest) = rest.split_first()?;
    let length = match first {
        0..=0x7f => usize::from(first),
        0x81..=0x84 => {
            let (bytes, after) = rest.split_at_checked(usize::from(first & 0x7f))?;
            rest = after;
            bytes.iter().fold(0, |n, b| n << 8 | usize::from(*b))
        }
        _ => return None,
    };
    let (content, rest) = rest.split_at_checked(length)?;
    Some((tag, content, rest))
}

/// A UTCTime (tag 23) or GeneralizedTime (tag 24) in UTC (`Z`): seconds
/// since 1970 and `YYYY-MM-DD HH:MM:SS UTC`.
fn time(tag: u8, text: &[u8]) -> Option<(i64, String)> {
    let text = std::str::from_utf8(text).ok()?.strip_suffix('Z')?;
    let (year, rest) = match (tag, text.len()) {
        (23, 12) => {
            let yy: i64 = text[..2].parse().ok()?;
            (if yy < 50 { 2000 + yy } else { 1900 + yy }, &text[2..])
        }
        (24, 14) => (text[..4].parse().ok()?, &text[4..]),
        _ => return None,
    };
    let field = |i: usize| rest.get(i..i + 2)?.parse::<i64>().ok();
    let (month, day) = (field(0)?, field(2)?);
    let (hour, minute, second) = (field(4)?, field(6)?, field(8)?);
    let seconds = days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second;
    let shown = format!("{year:04}-{month:02}-{day:02} {hour:02}:{minute:02}:{second:02} UTC");
    Some((seconds, shown))
}

/// Days from 1970-01-01 to a proleptic Gregorian date (March-based year).
pub(crate) fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_from_march = (month + 9) % 12;
    let day_of_year = (153 * month_from_march + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// Reads a private key (PKCS#8, PKCS#1 or SEC1) from a PEM text.
pub(crate) fn parse_key(pem: &[u8]) -> Result<PrivateKeyDer<'static>> {
    // The parse error may quote key material: say only that it failed.
    PrivateKeyDer::from_pem_slice(pem)
        .map_err(|_| Error::invalid("client key: no usable PEM private key found"))
}

/// Accepts the one certificate it was given (or named by its SHA-256), and
/// checks that the server holds its key.
#[derive(Debug)]
struct PinnedVerifier {
    pin: Pin,
    provider: Arc<CryptoProvider>,
}

/// The one server certificate a [`PinnedVerifier`] accepts.
#[derive(Debug)]
enum Pin {
    Der(Vec<u8>),
    Sha256([u8; 32]),
}

impl Pin {
    fn accepts(&self, der: &[u8]) -> bool {
        match self {
            Pin::Der(pinned) => der == pinned.as_slice(),
            Pin::Sha256(sha256) => {
                ring::digest::digest(&ring::digest::SHA256, der).as_ref() == sha256
            }
        }
    }
}

/// Reads a certificate fingerprint: the SHA-256 of its DER, 64 hex digits
/// (either case; `:` between bytes allowed, as `openssl x509 -fingerprint`
/// prints it).
pub(crate) fn parse_fingerprint(text: &str) -> Result<[u8; 32]> {
    let hex: String = text.chars().filter(|c| *c != ':').collect();
    let mut out = [0u8; 32];
    if hex.len() != 64 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(Error::invalid(format!(
            "server fingerprint {text:?} is not a SHA-256 (64 hex digits)"
        )));
    }
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).expect("checked hex");
    }
    Ok(out)
}

impl ServerCertVerifier for PinnedVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> std::result::Result<ServerCertVerified, rustls::Error> {
        if self.pin.accepts(end_entity.as_ref()) {
            Ok(ServerCertVerified::assertion())
        } else {
            Err(rustls::Error::General(
                "server certificate does not match the pinned certificate".into(),
            ))
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls12_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls13_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_are_64_hex_digits_with_optional_colons() {
        let hex = "AB".repeat(32);
        assert_eq!(parse_fingerprint(&hex).unwrap(), [0xab; 32]);
        let colons = vec!["0f"; 32].join(":");
        assert_eq!(parse_fingerprint(&colons).unwrap(), [0x0f; 32]);
        for bad in ["", "ab", &"g".repeat(64), &"a".repeat(66), "é"] {
            let e = parse_fingerprint(bad).unwrap_err();
            assert!(e.to_string().contains("not a SHA-256"), "{e}");
        }
        let cert = b"not really a certificate";
        let digest = ring::digest::digest(&ring::digest::SHA256, cert);
        let mut pin = [0u8; 32];
        pin.copy_from_slice(digest.as_ref());
        assert!(Pin::Sha256(pin).accepts(cert));
        assert!(!Pin::Sha256(pin).accepts(b"another"));
    }

    #[test]
    fn pem_errors_are_clear_and_quote_no_key() {
        let e = parse_certs(b"not a pem", "server certificate").unwrap_err();
        assert!(e.to_string().contains("server certificate"), "{e}");
        let secret = b"-----BEGIN PRIVATE KEY-----\nc2VjcmV0!!\n-----END PRIVATE KEY-----\n";
        let e = parse_key(secret).unwrap_err();
        assert!(!format!("{e} {e:?}").contains("c2VjcmV0"), "{e:?}");
    }

    #[test]
    fn expired_client_certificates_are_refused_with_the_date() {
        // Certificate { tbs { [0] v3, serial, sigalg, issuer, validity {..} } }
        let der_of = |tag: u8, content: &[u8]| [&[tag, content.len() as u8][..], content].concat();
        let validity = [der_of(23, b"200101000000Z"), der_of(24, b"20200102000000Z")].concat();
        let tbs = [
            der_of(0xa0, &der_of(2, &[2])),
            der_of(2, &[1]),
            der_of(0x30, &[]),
            der_of(0x30, &[]),
            der_of(0x30, &validity),
        ]
        .concat();
        let cert = der_of(0x30, &der_of(0x30, &tbs));
        let ((from, _), (until, shown)) = validity_of(&cert);
        assert_eq!((from, until), (1_577_836_800, 1_577_923_200));
        assert_eq!(shown, "2020-01-02 00:00:00 UTC");
        let e = check_validity(&cert, 1_700_000_000).unwrap_err();
        assert!(matches!(e, Error::InvalidInput(_)), "{e:?}");
        assert!(
            e.to_string().starts_with(
                "invalid input: client certificate expired on 2020-01-02 00:00:00 UTC"
            ),
            "{e}"
        );
        let early = check_validity(&cert, 1_500_000_000).unwrap_err();
        assert!(
            early.to_string().contains("not valid before 2020-01-01"),
            "{early}"
        );
        assert!(check_validity(&cert, 1_577_900_000).is_ok());
        // Unreadable dates are left to the handshake.
        assert!(check_validity(b"\x30\x00", 0).is_ok());
    }

    fn validity_of(der: &[u8]) -> Validity {
        validity(der).unwrap()
    }
}
