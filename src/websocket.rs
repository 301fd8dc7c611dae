//! Websockets: an operation's websockets (exec's stdin, stdout, stderr and
//! control; a console), dialled through `transport.rs` to the same endpoint
//! as every request (the unix socket, or TLS with the same pinning and
//! client certificate), the handshake done by tungstenite.

use std::fmt;
use std::time::{Duration, Instant};

use tungstenite::protocol::{Message, WebSocket};
use ureq::http::{self, Method};

use crate::client::Client;
use crate::dialer::RawStream;
use crate::error::{Error, Result, TransportError};
use crate::exchange::{Exchange, Started};
use crate::input::{path, query_value};
use crate::models::Operation;
use crate::request::Checked;

/// One of an operation's websockets, from
/// [`Client::connect_operation_websocket`]. Messages are whole: [`recv`]
/// gives each message's bytes (binary or text) and `None` once the daemon
/// ends the stream (a close frame or an empty message). Pings are answered
/// as messages are read.
///
/// [`recv`]: OperationWebsocket::recv
pub struct OperationWebsocket {
    socket: WebSocket<RawStream>,
    /// `GET /1.0/operations/{id}/websocket`, for errors.
    endpoint: String,
    /// The client's request timeout, named in timeout errors.
    limit: (&'static str, Duration),
    ended: bool,
}

impl fmt::Debug for OperationWebsocket {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OperationWebsocket")
            .field("endpoint", &self.endpoint)
            .field("ended", &self.ended)
            .finish_non_exhaustive()
    }
}

impl OperationWebsocket {
    /// The next message's bytes, or `None` once the daemon has ended the
    /// stream. Blocks until a message comes, or for at most the timeout set
    /// with [`OperationWebsocket::set_read_timeout`].
    ///
    /// # Errors
    ///
    /// [`Error::Transport`] if the connection breaks or the read times out.
    pub fn recv(&mut self) -> Result<Option<Vec<u8>>> {
        while let Some(message) = self.next_message(false)? {
            match message {
                Message::Binary(data) if !data.is_empty() => return Ok(Some(data.to_vec())),
                Message::Text(text) if !text.is_empty() => {
                    return Ok(Some(text.as_bytes().to_vec()));
                }
                _ => self.ended = true,
            }
        }
        Ok(None)
    }

    /// The next data message (binary or text, empty ones too) as it came,
    /// or `None` once the daemon has closed the websocket (with
    /// `reset_ends`, also when it dropped the connection without a close
    /// frame, as daemons do at the end of a migration): for relaying
    /// messages unchanged.
    pub(crate) fn next_message(&mut self, reset_ends: bool) -> Result<Option<Message>> {
        use tungstenite::error::ProtocolError::ResetWithoutClosingHandshake;
        while !self.ended {
            match self.socket.read() {
                Ok(message @ (Message::Binary(_) | Message::Text(_))) => return Ok(Some(message)),
                Ok(Message::Close(_)) => {
                    // Send the queued reply to the daemon's close now: the
                    // daemon ends the operation only once it has it.
                    let _ = self.socket.flush();
                    self.ended = true
                }
                Ok(_) => {} // ping, pong, frame: tungstenite answers pings itself
                Err(tungstenite::Error::ConnectionClosed | tungstenite::Error::AlreadyClosed) => {
                    self.ended = true
                }
                Err(tungstenite::Error::Protocol(ResetWithoutClosingHandshake)) if reset_ends => {
                    self.ended = true
                }
                Err(e) => return Err(self.error(e)),
            }
        }
        Ok(None)
    }

    /// Sends `message` as it is (see [`OperationWebsocket::next_message`]).
    /// Fails once the daemon has closed its end.
    pub(crate) fn send_message(&mut self, message: Message) -> Result<()> {
        self.socket.send(message).map_err(|e| self.error(e))?;
        match self.socket.get_ref().peer_gone() {
            true => Err(self.error(tungstenite::Error::Io(
                std::io::ErrorKind::BrokenPipe.into(),
            ))),
            false => Ok(()),
        }
    }

    /// Sends `data` as one binary message.
    pub fn send(&mut self, data: &[u8]) -> Result<()> {
        self.send_message(Message::binary(data.to_vec()))
    }

    /// Sends `text` as one text message (the control websocket's JSON).
    pub fn send_text(&mut self, text: &str) -> Result<()> {
        self.send_message(Message::text(text))
    }

    /// Ends the sending side: a close frame (for exec's stdin, the command
    /// then reads end of file). Messages may still arrive until the daemon
    /// closes too.
    pub fn close(&mut self) -> Result<()> {
        // A daemon that has closed its side already: closed either way (the
        // stream drops the close frame then).
        match self.socket.close(None).and_then(|()| self.socket.flush()) {
            Ok(()) | Err(tungstenite::Error::ConnectionClosed) => Ok(()),
            Err(tungstenite::Error::AlreadyClosed) => Ok(()),
            Err(e) => Err(self.error(e)),
        }
    }

    /// Limits how long [`OperationWebsocket::recv`] blocks. Defaults to no
    /// limit (a command may be silent for long).
    pub fn set_read_timeout(&mut self, timeout: Option<Duration>) -> Result<()> {
        self.socket
            .get_ref()
            .set_read_timeout(timeout)
            .map_err(|e| TransportError::io(&self.endpoint, self.limit, e))?;
        if let Some(timeout) = timeout {
            self.limit = ("its read timeout", timeout);
        }
        Ok(())
    }

    fn error(&self, e: tungstenite::Error) -> Error {
        TransportError::websocket(&self.endpoint, self.limit, e)
    }
}

/// The secret of websocket `fd` in `op`'s metadata (`fds`: exec's `0`,
/// `1`, `2` and `control`, a console's `0` and `control`); an error names
/// the request (`what`) whose reply lacked it.
pub(crate) fn secret<'a>(op: &'a Operation, fd: &str, what: &str) -> Result<&'a str> {
    op.metadata
        .get("fds")
        .and_then(|fds| fds.get(fd))
        .and_then(|secret| secret.as_str())
        .ok_or_else(|| Error::decode(what, format!("no fds.{fd} secret")))
}

/// An operation's websockets: `GET /1.0/operations/{id}/websocket`.
impl Client {
    /// Connects to one of an operation's websockets, with the secret the
    /// operation's metadata gives for it (exec's `fds`, a console's).
    ///
    /// Sends `GET /1.0/operations/{id}/websocket` (`operation_websocket_get`)
    /// with `secret=`, as a websocket upgrade. Most callers use
    /// [`Client::exec`] or [`Client::exec_output`], which connect them.
    ///
    /// # Errors
    ///
    /// [`Error::Api`] if the daemon refuses (a wrong secret, an operation
    /// that has ended); [`Error::Transport`] if the connection fails.
    ///
    /// # Example
    ///
    /// ```no_run
    /// # fn main() -> incus::Result<()> {
    /// use incus::models::InstanceExecPost;
    /// let client = incus::Client::local()?;
    /// let post = InstanceExecPost {
    ///     command: vec!["echo".into(), "hi".into()],
    ///     wait_for_websocket: true,
    ///     ..Default::default()
    /// };
    /// let op = client.exec_instance("c1", &post)?;
    /// let secret = |fd: &str| op.metadata["fds"][fd].as_str().unwrap_or_default().to_string();
    /// let _control = client.connect_operation_websocket(&op.id, &secret("control"))?;
    /// let mut stdin = client.connect_operation_websocket(&op.id, &secret("0"))?;
    /// let mut stdout = client.connect_operation_websocket(&op.id, &secret("1"))?;
    /// let _stderr = client.connect_operation_websocket(&op.id, &secret("2"))?;
    /// stdin.close()?;
    /// while let Some(bytes) = stdout.recv()? {
    ///     print!("{}", String::from_utf8_lossy(&bytes));
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn connect_operation_websocket(
        &self,
        id: &str,
        secret: &str,
    ) -> Result<OperationWebsocket> {
        let path = path!("/1.0/operations/{}/websocket", id)?;
        let query = query_value("secret", secret)?;
        let url = format!("{}{path}?secret={query}", self.shared.base);
        let ws_url = ws_url(&url);
        let limit = ("the client's request timeout", self.shared.timeout);
        let exchange = Exchange {
            method: Method::GET,
            url,
            endpoint: format!("GET {path}"),
            limit,
            started: Instant::now(),
            max_reply: self.shared.max_reply,
        };
        let headers = match &self.shared.bearer {
            Some(token) => vec![("Authorization".to_string(), format!("Bearer {token}"))],
            None => Vec::new(),
        };
        let socket = handshake(self, &exchange, &ws_url, &headers)?;
        let endpoint = exchange.endpoint;
        Ok(OperationWebsocket {
            socket,
            endpoint,
            limit,
            ended: false,
        })
    }
}

/// `url` with its scheme made a websocket's (`http` → `ws`, `https` →
/// `wss`).
fn ws_url(url: &str) -> String {
    url.replacen("http", "ws", 1)
}

/// Opens a websocket for a call checked by the call builder (an upgrade
/// with the client's project and target, like any request): the socket and
/// the exchange, for errors.
pub(crate) fn connect(call: Checked<'_>) -> Result<(WebSocket<RawStream>, Exchange)> {
    let Started {
        client,
        exchange,
        body,
        headers,
        ..
    } = call.start(false);
    if body.is_some() {
        return Err(Error::invalid(format!(
            "{}: a websocket upgrade sends no body",
            exchange.endpoint
        )));
    }
    let socket = handshake(client, &exchange, &ws_url(&exchange.url), &headers)?;
    Ok((socket, exchange))
}

/// Dials the daemon and does the websocket handshake for `exchange` at
/// `ws_url` with `headers`: within the exchange's limit, then reads block
/// until data comes (writes keep the client's request timeout). A refusal
/// is the daemon's [`Error::Api`]; the exchange is logged either way.
fn handshake(
    client: &Client,
    exchange: &Exchange,
    ws_url: &str,
    headers: &[(String, String)],
) -> Result<WebSocket<RawStream>> {
    let (endpoint, limit) = (exchange.endpoint.as_str(), exchange.limit);
    let io = |e: std::io::Error| TransportError::io(endpoint, limit, e);
    let stream = client
        .shared
        .dialer
        .dial(client.shared.connect_timeout)
        .map_err(|e| {
            exchange.log_failure(&e);
            io(e)
        })?;
    let timeouts = |t| stream.set_read_timeout(t).and(stream.set_write_timeout(t));
    timeouts(Some(limit.1)).map_err(io)?;
    let mut request = tungstenite::client::IntoClientRequest::into_client_request(ws_url)
        .map_err(|e| TransportError::websocket(endpoint, limit, e))?;
    for (name, value) in headers {
        let invalid = || Error::invalid(format!("{endpoint}: header {name} is not valid"));
        let header = http::HeaderName::from_bytes(name.as_bytes()).map_err(|_| invalid())?;
        let value = value.parse().map_err(|_| invalid())?;
        request.headers_mut().insert(header, value);
    }
    let (socket, _) = match tungstenite::client::client(request, stream) {
        Ok(connected) => connected,
        Err(tungstenite::HandshakeError::Failure(tungstenite::Error::Http(reply))) => {
            let status = reply.status().as_u16();
            let body = reply.body().as_deref().unwrap_or_default();
            exchange.log(status, format_args!("{} bytes", body.len()));
            return Err(crate::reply::api_error(endpoint.to_string(), status, body));
        }
        Err(tungstenite::HandshakeError::Failure(e)) => {
            exchange.log_failure(&e);
            return Err(TransportError::websocket(endpoint, limit, e));
        }
        Err(tungstenite::HandshakeError::Interrupted(_)) => {
            let e = std::io::Error::from(std::io::ErrorKind::WouldBlock);
            exchange.log_failure(&e);
            return Err(io(e));
        }
    };
    exchange.log(101, "websocket");
    let idle = socket.get_ref();
    idle.set_read_timeout(None)
        .and(idle.set_write_timeout(Some(client.shared.timeout)))
        .map_err(io)?;
    Ok(socket)
}
