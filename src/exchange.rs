//! The HTTP side of the one request path: start the exchange of a checked
//! call (its URL, time limit and trace line, shared with upgrades and
//! uploads), run it on the agent within its time limit, and read the reply
//! (whole and capped for JSON envelopes), logging one debug line per
//! request.

use std::time::{Duration, Instant};

use ureq::RequestExt;
use ureq::http::{self, Method};

use crate::client::Client;
use crate::error::{Error, Result, TransportError};
use crate::reply::Reply;
use crate::request::{Body, Checked};
use crate::stream::Exact;
use crate::trace;

/// The largest reply body read into memory: recursion=2 lists of many
/// instances are large, but a reply past this is a fault.
const MAX_BODY: u64 = 256 * 1024 * 1024;

/// How long a request may take: the whole exchange (JSON calls; `None` is
/// the agent's own timeout), or each step of it (streams).
#[derive(Clone, Copy)]
pub(crate) enum Limit {
    /// The whole exchange (JSON calls); `None`: the agent's own timeout.
    Whole(Option<Duration>),
    /// Each step (streams): connect, reply head, each read and write.
    Idle(Duration),
}

/// One request on its way: what it is, for its log lines and errors.
pub(crate) struct Exchange {
    pub(crate) method: Method,
    pub(crate) url: String,
    /// `METHOD /path`, for errors.
    pub(crate) endpoint: String,
    /// What the request was given, for timeout errors.
    pub(crate) limit: (&'static str, Duration),
    pub(crate) started: Instant,
}

impl Exchange {
    /// A failure below HTTP, logged and named after the request.
    pub(crate) fn transport(&self, e: ureq::Error) -> Error {
        self.log_failure(&e);
        TransportError::error(&self.endpoint, self.limit, e)
    }

    /// A failure of a raw stream the exchange runs on (an upgrade, an
    /// upload), logged and named after the request.
    pub(crate) fn io(&self, e: std::io::Error) -> Error {
        self.log_failure(&e);
        TransportError::io(&self.endpoint, self.limit, e)
    }

    /// `reader`, held to its declared `length` ([`Exact`]); a declared
    /// length of 0 with bytes to read is refused before anything is sent.
    pub(crate) fn exact<R: std::io::Read>(&self, reader: R, length: u64) -> Result<Exact<R>> {
        Exact::new(reader, length).map_err(|e| match e.kind() {
            std::io::ErrorKind::InvalidData => Error::invalid(format!("{}: {e}", self.endpoint)),
            _ => Error::Io(e),
        })
    }

    /// The debug line of an exchange that failed below HTTP (one per
    /// request, as [`Exchange::log`] for one that got a reply).
    pub(crate) fn log_failure(&self, e: &dyn std::fmt::Display) {
        log::debug!(
            "{} {} failed after {:?}: {e}",
            self.method,
            trace::redact_url(&self.url),
            self.started.elapsed()
        );
    }

    /// The debug line of a finished exchange (one per request).
    pub(crate) fn log(&self, status: u16, size: impl std::fmt::Display) {
        log::debug!(
            "{} {} -> {status} ({size}) in {:?}",
            self.method,
            trace::redact_url(&self.url),
            self.started.elapsed()
        );
    }
}

/// A request that was sent and answered with a reply head.
pub(crate) struct Sent {
    pub(crate) exchange: Exchange,
    pub(crate) response: http::Response<ureq::Body>,
}

impl Sent {
    /// The reply's HTTP status.
    pub(crate) fn status(&self) -> u16 {
        self.response.status().as_u16()
    }

    /// Reads the whole reply (at most [`MAX_BODY`]) and its envelope.
    pub(crate) fn read_reply(self) -> Result<Reply> {
        let status = self.status();
        let Sent { exchange, response } = self;
        let (parts, body) = response.into_parts();
        let etag = parts
            .headers
            .get("ETag")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let body = body
            .into_with_config()
            .limit(MAX_BODY)
            .read_to_vec()
            .map_err(|e| exchange.transport(e))?;
        exchange.log(status, format_args!("{} bytes", body.len()));
        trace::reply(&exchange.method, &exchange.url, status, &body);
        Reply::parse(exchange.endpoint, status, &body, etag)
    }

    /// The error an error reply (status 400 or more) stands for: the
    /// daemon's envelope as [`Error::Api`], or a transport error if the
    /// body could not be read.
    pub(crate) fn into_error(self) -> Error {
        match self.read_reply() {
            Err(e) => e,
            Ok(_) => Error::decode("an error reply", "an error status with a success envelope"),
        }
    }
}

/// Runs one HTTP exchange on `agent` within `limit`. The plain JSON call
/// needs no per-request config (the agent's timeout applies).
pub(crate) fn run(
    agent: &ureq::Agent,
    request: http::Request<impl ureq::AsSendBody>,
    limit: Limit,
) -> std::result::Result<http::Response<ureq::Body>, ureq::Error> {
    let request = request.with_agent(agent);
    match limit {
        Limit::Whole(None) => request.run(),
        Limit::Whole(Some(timeout)) => request
            .configure()
            .timeout_global(Some(timeout))
            .build()
            .run(),
        Limit::Idle(idle) => request
            .configure()
            .timeout_global(None)
            .timeout_recv_response(Some(idle))
            .timeout_per_read(Some(idle))
            .timeout_per_write(Some(idle))
            .build()
            .run(),
    }
}

impl<'a> Checked<'a> {
    /// Starts the exchange: the URL, the limit it runs under (idle
    /// timeouts for `streaming` calls, so a long transfer is not cut), the
    /// request logged at trace level.
    pub(crate) fn start(self, streaming: bool) -> Started<'a> {
        let Checked {
            client,
            method,
            target,
            endpoint,
            body,
            headers,
            timeout,
        } = self;
        let url = format!("{}{target}", client.shared.base);
        let limit = match (timeout, streaming) {
            (Some(timeout), _) => ("the time this request was given", timeout),
            (None, false) => ("the client's request timeout", client.shared.timeout),
            (None, true) => ("the client's idle timeout", client.shared.timeout),
        };
        let mode = match streaming {
            true => Limit::Idle(limit.1),
            false => Limit::Whole(timeout),
        };
        let json = match &body {
            Some(Body::Json(json)) => Some(json.as_slice()),
            _ => None,
        };
        trace::request(&method, &url, json);
        Started {
            client,
            target,
            exchange: Exchange {
                method,
                url,
                endpoint,
                limit,
                started: Instant::now(),
            },
            body,
            headers,
            mode,
        }
    }
}

/// A checked call on its way: its exchange record, body and headers.
pub(crate) struct Started<'a> {
    pub(crate) client: &'a Client,
    /// The escaped path and query, as on the request line.
    pub(crate) target: String,
    pub(crate) exchange: Exchange,
    pub(crate) body: Option<Body<'a>>,
    pub(crate) headers: Vec<(String, String)>,
    /// How long it may take.
    pub(crate) mode: Limit,
}
