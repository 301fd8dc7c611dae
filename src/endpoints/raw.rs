//! Anything not wrapped yet: `raw` and `raw_operation`.

use ureq::http::Method;

use crate::client::Client;
use crate::error::{Error, Result};
use crate::input::check_raw_path;
use crate::models::Operation;
use crate::request::Call;

/// Any endpoint, by method and path, through the same request path as every
/// wrapped one: for what this crate does not wrap yet.
impl Client {
    /// Sends any request and returns the reply's metadata as JSON.
    ///
    /// `method` is one of `GET`, `POST`, `PUT`, `PATCH`, `DELETE`. `path` is
    /// absolute and already percent-encoded (for example
    /// `/1.0/networks?recursion=1`); the client's project and target are
    /// added unless the path sets them. For a background operation the
    /// metadata is the operation; use [`Client::raw_operation`] to get it as
    /// an [`Operation`] to wait on.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for another method, or a path with spaces,
    /// `#`, non-ASCII, bad `%` escapes or a control character (escaped or
    /// not); otherwise as any endpoint.
    ///
    /// # Example
    ///
    /// ```no_run
    /// # fn main() -> incus::Result<()> {
    /// let client = incus::Client::local()?;
    /// let networks = client.raw("GET", "/1.0/networks", None)?;
    /// println!("{networks}");
    /// # Ok(())
    /// # }
    /// ```
    pub fn raw(
        &self,
        method: &str,
        path: &str,
        body: Option<&serde_json::Value>,
    ) -> Result<serde_json::Value> {
        raw_call(self, method, path, body).value()
    }

    /// Like [`Client::raw`], for an endpoint that starts a background
    /// operation: returns the [`Operation`], ready for
    /// [`Client::wait_for_completion`].
    ///
    /// # Errors
    ///
    /// As [`Client::raw`], and [`Error::Decode`] if the reply is not an
    /// `async` one.
    ///
    /// ```no_run
    /// # use std::time::Duration;
    /// # fn main() -> incus::Result<()> {
    /// let client = incus::Client::local()?;
    /// let body = serde_json::json!({"command": ["true"], "wait-for-websocket": false});
    /// let op = client.raw_operation("POST", "/1.0/instances/c1/exec", Some(&body))?;
    /// client.wait_for_completion(&op, Duration::from_secs(30))?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn raw_operation(
        &self,
        method: &str,
        path: &str,
        body: Option<&serde_json::Value>,
    ) -> Result<Operation> {
        raw_call(self, method, path, body).operation()
    }
}

/// The call for a caller-written method, path and query.
fn raw_call<'a>(
    client: &'a Client,
    method: &str,
    path: &str,
    body: Option<&serde_json::Value>,
) -> Call<'a> {
    let method = match method {
        "GET" => Ok(Method::GET),
        "POST" => Ok(Method::POST),
        "PUT" => Ok(Method::PUT),
        "PATCH" => Ok(Method::PATCH),
        "DELETE" => Ok(Method::DELETE),
        other => Err(Error::invalid(format!("unsupported method {other:?}"))),
    };
    let (route, query) = path.split_once('?').unwrap_or((path, ""));
    let checked = check_raw_path(path).map(|()| route.to_string());
    let call = match method {
        Ok(method) => client.call(method, checked),
        Err(e) => client.call(Method::GET, Err(e)),
    };
    let call = call.raw_query(query);
    match body {
        Some(body) => call.json(body),
        None => call,
    }
}
