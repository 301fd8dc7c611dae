//! Certificates: `/1.0/certificates`.

use crate::client::Client;
use crate::error::{Error, Result};
use crate::input::path;
use crate::models::{
    Certificate, CertificateAddToken, CertificatePut, CertificatesPost, Operation,
};
use crate::options::ListOptions;

/// Certificates: `/1.0/certificates`. The server's trust store: the client
/// (and metrics) certificates it accepts, each named by its SHA-256
/// fingerprint (a unique prefix also works), and the trust tokens that let
/// a new client add its own certificate.
impl Client {
    /// Lists the fingerprints of the trusted certificates.
    /// A `filter` requires API extension `api_filtering_extended`.
    ///
    /// Sends `GET /1.0/certificates` (`certificates_get`). Of `options`,
    /// the endpoint honours `filter`.
    ///
    /// # Example
    ///
    /// ```no_run
    /// # fn main() -> incus::Result<()> {
    /// use incus::models::CertificatesPost;
    /// let client = incus::Client::local()?;
    /// let pem = std::fs::read_to_string("client.crt")?;
    /// client.create_certificate(&CertificatesPost::from_pem(&pem)?.name("ci").restricted_to(["ci"]))?;
    /// for cert in client.list_certificates(None)? {
    ///     println!("{} {} {} {:?}", cert.fingerprint, cert.kind, cert.name, cert.projects);
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn list_certificate_names(&self, options: Option<&ListOptions>) -> Result<Vec<String>> {
        self.get(path!("/1.0/certificates"))
            .query(options)
            .extension_if_param("api_filtering_extended", "filter")
            .names()
    }

    /// Lists the trusted certificates.
    /// A `filter` requires API extension `api_filtering_extended`.
    ///
    /// Sends `GET /1.0/certificates?recursion=1` (`certificates_get_recursion1`);
    /// `options` as for [`Client::list_certificate_names`].
    pub fn list_certificates(&self, options: Option<&ListOptions>) -> Result<Vec<Certificate>> {
        self.get(path!("/1.0/certificates"))
            .recursion(1)
            .query(options)
            .extension_if_param("api_filtering_extended", "filter")
            .sync()
    }

    /// Gets one trusted certificate by its fingerprint (or a unique prefix).
    ///
    /// Sends `GET /1.0/certificates/{fingerprint}` (`certificate_get`).
    ///
    /// # Errors
    ///
    /// [`Error::Api`] 404 if no certificate has that fingerprint.
    pub fn get_certificate(&self, fingerprint: &str) -> Result<Certificate> {
        self.get(path!("/1.0/certificates/{}", fingerprint)).sync()
    }

    /// Gets one trusted certificate and its ETag, for
    /// [`Client::replace_certificate`] or [`Client::update_certificate`].
    ///
    /// Sends `GET /1.0/certificates/{fingerprint}` (`certificate_get`).
    pub fn get_certificate_with_etag(&self, fingerprint: &str) -> Result<(Certificate, String)> {
        self.get(path!("/1.0/certificates/{}", fingerprint))
            .sync_with_etag()
    }

    /// Trusts a certificate: build `certificate` with
    /// [`CertificatesPost::from_pem`].
    /// A `description` requires API extension `certificate_description`.
    ///
    /// Sends `POST /1.0/certificates` (`certificates_post`).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for a body asking for a token (use
    /// [`Client::create_certificate_token`]), nothing sent;
    /// [`Error::Api`] 409 if the certificate is already trusted, 400 for
    /// an invalid certificate or type.
    pub fn create_certificate(&self, certificate: &CertificatesPost) -> Result<()> {
        self.post(path!("/1.0/certificates"))
            .require(match certificate.token {
                true => Err(Error::invalid(
                    "create_certificate: a token is made by create_certificate_token",
                )),
                false => Ok(()),
            })
            .extension_if(
                "certificate_description",
                !certificate.description.is_empty(),
            )
            .json(certificate)
            .unit()
    }

    /// Issues a trust token: a single-use secret with which a new client
    /// adds its own certificate, as `token.client_name`, with the
    /// restrictions of `token` (build it with [`CertificatesPost::token`]).
    /// A `description` requires API extension `certificate_description`.
    ///
    /// Sends `POST /1.0/certificates` (`certificates_post`) with `token:
    /// true`. The daemon keeps the token as a `token` class operation,
    /// returned with it: hand out [`CertificateAddToken::encode`]'s string,
    /// and revoke the token with [`Client::cancel_operation`] on the
    /// operation's id. The new client joins with
    /// [`Client::add_certificate_with_token`]. The operation ends when the
    /// token is used, cancelled, or expires (`core.remote_token_expiry`).
    ///
    /// # Errors
    ///
    /// [`Error::MissingExtension`] for a description the server cannot
    /// keep, nothing sent; [`Error::Api`] 400 if the server listens on no
    /// network address (`core.https_address`) or the type is not `client`;
    /// [`Error::Decode`] if the operation does not hold a token.
    ///
    /// # Example
    ///
    /// ```no_run
    /// # fn main() -> incus::Result<()> {
    /// use incus::models::CertificatesPost;
    /// let client = incus::Client::local()?;
    /// let (token, operation) = client.create_certificate_token(&CertificatesPost::token("laptop"))?;
    /// println!("incus remote add my-server {}", token.encode());
    /// // Changed our mind: revoke it.
    /// client.cancel_operation(&operation.id)?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn create_certificate_token(
        &self,
        token: &CertificatesPost,
    ) -> Result<(CertificateAddToken, Operation)> {
        self.post(path!("/1.0/certificates"))
            .extension_if("certificate_description", !token.description.is_empty())
            .json(&CertificatesPost {
                token: true,
                ..token.clone()
            })
            .operation()
            .and_then(|op| Ok((CertificateAddToken::from_operation(&op)?, op)))
    }

    /// Adds this client's own certificate to the server's trust store with
    /// a trust token: sent by a client that is not trusted yet, connected
    /// over HTTPS with its client certificate (see
    /// [`ClientBuilder::client_certificate`](crate::ClientBuilder::client_certificate)).
    /// The name, type and restrictions come from the token, as the server
    /// recorded them.
    ///
    /// Sends `POST /1.0/certificates` (`certificates_post_untrusted`) with the
    /// encoded token (as `password` to an LXD that lacks the API extension
    /// `explicit_trust_token`, which is how LXD 5.0 takes it). Check the
    /// server is the token's first (see
    /// [`CertificateAddToken::matches_certificate`], and pin its
    /// certificate with
    /// [`ClientBuilder::server_certificate`](crate::ClientBuilder::server_certificate)):
    /// the secret is for that server only.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for a token lacking a name, address, secret
    /// or fingerprint, nothing sent; [`Error::Api`] 403 for a token the
    /// server does not hold (used, cancelled, or never issued) or one that
    /// expired, 400 if this client is already trusted.
    ///
    /// # Example
    ///
    /// ```no_run
    /// # fn main() -> incus::Result<()> {
    /// use incus::models::CertificateAddToken;
    /// let token = CertificateAddToken::decode(&std::env::var("INCUS_TOKEN").unwrap_or_default())?;
    /// let server_pem = std::fs::read_to_string("server.crt")?;
    /// assert!(token.matches_certificate(&server_pem)?, "not the token's server");
    /// let client = incus::Client::builder(&format!("https://{}", token.addresses[0]))
    ///     .client_certificate(std::fs::read("client.crt")?, std::fs::read("client.key")?)
    ///     .server_certificate(server_pem.into_bytes())
    ///     .build()?;
    /// client.add_certificate_with_token(&token)?;
    /// println!("{:?}", client.list_instance_names(None)?);
    /// # Ok(())
    /// # }
    /// ```
    pub fn add_certificate_with_token(&self, token: &CertificateAddToken) -> Result<()> {
        token.check()?;
        self.add_with_token(token, self.takes_token_as_password()?)
    }

    /// Sends the token: as the trust password when `as_password` (LXD takes
    /// it so until its extension `explicit_trust_token`).
    pub(crate) fn add_with_token(
        &self,
        token: &CertificateAddToken,
        as_password: bool,
    ) -> Result<()> {
        let call = self.post(path!("/1.0/certificates"));
        if as_password {
            return call
                .json(&serde_json::json!({ "password": token.encode() }))
                .unit();
        }
        call.json(&CertificatesPost {
            trust_token: token.encode(),
            ..Default::default()
        })
        .unit()
    }

    /// Replaces a trusted certificate's name, type, restrictions and
    /// description with `certificate` (and the certificate itself, if
    /// `certificate.certificate` is a different PEM).
    /// A `description` requires API extension `certificate_description`.
    ///
    /// Sends `PUT /1.0/certificates/{fingerprint}` (`certificate_put`).
    /// Pass the ETag from [`Client::get_certificate_with_etag`] to refuse
    /// the write (412) if the entry changed in between.
    ///
    /// # Errors
    ///
    /// [`Error::Api`] 400 for an unset or unknown type, 404 if no
    /// certificate has that fingerprint, 412 if `etag` no longer matches.
    pub fn replace_certificate(
        &self,
        fingerprint: &str,
        certificate: &CertificatePut,
        etag: Option<&str>,
    ) -> Result<()> {
        self.put(path!("/1.0/certificates/{}", fingerprint))
            .extension_if("certificate_description", described(certificate))
            .json(certificate)
            .etag(etag)
            .unit()
    }

    /// Changes only the fields set in `certificate`.
    /// A `description` requires API extension `certificate_description`.
    ///
    /// Sends `PATCH /1.0/certificates/{fingerprint}` (`certificate_patch`).
    pub fn update_certificate(
        &self,
        fingerprint: &str,
        certificate: &CertificatePut,
        etag: Option<&str>,
    ) -> Result<()> {
        self.patch(path!("/1.0/certificates/{}", fingerprint))
            .extension_if("certificate_description", described(certificate))
            .json(certificate)
            .etag(etag)
            .unit()
    }

    /// Removes a certificate from the trust store.
    ///
    /// Sends `DELETE /1.0/certificates/{fingerprint}` (`certificate_delete`).
    pub fn delete_certificate(&self, fingerprint: &str) -> Result<()> {
        self.delete(path!("/1.0/certificates/{}", fingerprint))
            .unit()
    }
}

/// Whether a put sets a description (API extension `certificate_description`).
fn described(certificate: &CertificatePut) -> bool {
    certificate
        .description
        .as_deref()
        .is_some_and(|d| !d.is_empty())
}
