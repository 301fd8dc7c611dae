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
}
