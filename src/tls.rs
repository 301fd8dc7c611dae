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
            .with_custom_certificate_verifier(Arc::new(PinnedVerifier { der, provider })),
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

/// Accepts the one certificate it was given, and checks that the server
/// holds its key.
#[derive(Debug)]
struct PinnedVerifier {
    der: Vec<u8>,
    provider: Arc<CryptoProvider>,
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
        if end_entity.as_ref() == self.der.as_slice() {
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
    fn pem_errors_are_clear_and_quote_no_key() {
        let e = parse_certs(b"not a pem", "server certificate").unwrap_err();
        assert!(e.to_string().contains("server certificate"), "{e}");
        let secret = b"-----BEGIN PRIVATE KEY-----\nc2VjcmV0!!\n-----END PRIVATE KEY-----\n";
        let e = parse_key(secret).unwrap_err();
        assert!(!format!("{e} {e:?}").contains("c2VjcmV0"), "{e:?}");
    }
}
