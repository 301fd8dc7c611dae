//! Pseudo-terminal sessions over an operation's websockets: an interactive
//! command ([`ExecSession`]) and an instance's console ([`ConsoleSession`]).

use std::fmt;
use std::io::{self, Read, Write};
use std::time::{Duration, Instant};

use crate::client::Client;
use crate::error::{Error, Result};
use crate::models::Operation;
use crate::websocket::{OperationWebsocket, secret};

/// SIGKILL: what a deadline sends a command.
pub(crate) const SIGKILL: i32 = 9;

/// The control websocket's message that sends `signal` to the command.
pub(crate) fn signal_message(signal: i32) -> String {
    serde_json::json!({"command": "signal", "signal": signal}).to_string()
}

/// The exit code a finished exec operation reports (`metadata.return`).
pub(crate) fn exit_code(op: &Operation) -> Result<i32> {
    op.metadata
        .get("return")
        .and_then(|code| code.as_i64())
        .and_then(|code| i32::try_from(code).ok())
        .ok_or_else(|| Error::decode("GET /1.0/operations/{id}", "no exit code in the operation"))
}

/// The two websockets of a terminal: the pty's bytes both ways, and the
/// control channel (resize, signals).
struct Terminal {
    pty: OperationWebsocket,
    control: OperationWebsocket,
    /// Output received but not yet read.
    pending: Vec<u8>,
    read: usize,
}

impl Terminal {
    /// Connects the `0` and `control` websockets of `op`.
    fn connect(client: &Client, op: &Operation, what: &str) -> Result<Terminal> {
        let control = client.connect_operation_websocket(&op.id, secret(op, "control", what)?)?;
        let pty = client.connect_operation_websocket(&op.id, secret(op, "0", what)?)?;
        Ok(Terminal {
            pty,
            control,
            pending: Vec::new(),
            read: 0,
        })
    }

    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.read == self.pending.len() {
            match self.pty.recv().map_err(io::Error::other)? {
                Some(data) => {
                    self.pending = data;
                    self.read = 0;
                }
                None => return Ok(0),
            }
        }
        let n = buf.len().min(self.pending.len() - self.read);
        buf[..n].copy_from_slice(&self.pending[self.read..self.read + n]);
        self.read += n;
        Ok(n)
    }

    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.pty.send(buf).map_err(io::Error::other)?;
        Ok(buf.len())
    }

    fn resize(&mut self, columns: u32, rows: u32) -> Result<()> {
        let message = serde_json::json!({"command": "window-resize",
            "args": {"width": columns.to_string(), "height": rows.to_string()}});
        self.control.send_text(&message.to_string())
    }
}

/// A command running on a pseudo-terminal, from [`Client::exec_interactive`]
/// or [`Exec::interactive`](crate::Exec::interactive): write its input,
/// read its output (stdout and stderr together, as a terminal shows them),
/// resize the terminal, send signals, and [`wait`](ExecSession::wait) for
/// its exit code.
pub struct ExecSession {
    client: Client,
    op: Operation,
    terminal: Terminal,
    deadline: Option<Instant>,
}

impl fmt::Debug for ExecSession {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ExecSession")
            .field("operation", &self.op.id)
            .finish_non_exhaustive()
    }
}

impl ExecSession {
    pub(crate) fn start(client: &Client, op: Operation, timeout: Option<Duration>) -> Result<Self> {
        let terminal = Terminal::connect(client, &op, "POST /1.0/instances/{name}/exec")?;
        Ok(ExecSession {
            client: client.clone(),
            op,
            terminal,
            deadline: timeout.map(|timeout| Instant::now() + timeout),
        })
    }

    /// Resizes the terminal to `columns` × `rows` (the command sees SIGWINCH).
    pub fn resize(&mut self, columns: u32, rows: u32) -> Result<()> {
        self.terminal.resize(columns, rows)
    }

    /// Sends `signal` (e.g. 15, SIGTERM) to the command.
    pub fn signal(&mut self, signal: i32) -> Result<()> {
        self.terminal.control.send_text(&signal_message(signal))
    }

    /// Waits for the command to end and returns its exit code (128 + the
    /// signal for a command a signal ended). Output not read yet is read and
    /// dropped. With a deadline on the request, a command still running at
    /// it is killed and this is [`Error::Timeout`].
    ///
    /// # Errors
    ///
    /// [`Error::Timeout`] past the deadline; [`Error::Transport`] if a
    /// websocket broke; [`Error::Operation`] if the daemon failed the command.
    pub fn wait(mut self) -> Result<i32> {
        let timed_out = self.drain()?;
        if timed_out {
            // Kill it, and see its terminal end before letting go: the
            // daemon must have the signal before the connections close.
            self.terminal.control.send_text(&signal_message(SIGKILL))?;
            self.deadline = Some(Instant::now() + self.client.shared.timeout);
            self.drain()?;
        }
        // The daemon ends the operation once our connections are gone.
        let ExecSession {
            client,
            op,
            terminal,
            ..
        } = self;
        drop(terminal);
        let done = client.wait_for_completion(&op, client.shared.timeout)?;
        if timed_out {
            return Err(Error::Timeout { id: op.id });
        }
        exit_code(&done)
    }

    /// Reads and drops output until the terminal ends (`false`) or the
    /// deadline passes (`true`).
    fn drain(&mut self) -> Result<bool> {
        loop {
            if let Some(deadline) = self.deadline {
                let left = deadline.saturating_duration_since(Instant::now());
                if left.is_zero() {
                    return Ok(true);
                }
                self.terminal.pty.set_read_timeout(Some(left))?;
            }
            match self.terminal.pty.recv() {
                Ok(Some(_)) => {}
                Ok(None) => return Ok(false),
                Err(e) if e.is_timeout() => {}
                Err(e) => return Err(e),
            }
        }
    }
}

impl Read for ExecSession {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.terminal.read(buf)
    }
}

impl Write for ExecSession {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.terminal.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// An instance's console, attached with [`Client::attach_instance_console`]:
/// read what the instance writes, write keystrokes, resize; detach with
/// [`close`](ConsoleSession::close) (or by dropping it).
pub struct ConsoleSession {
    client: Client,
    op: Operation,
    terminal: Terminal,
}

impl fmt::Debug for ConsoleSession {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConsoleSession")
            .field("operation", &self.op.id)
            .finish_non_exhaustive()
    }
}

impl ConsoleSession {
    pub(crate) fn start(client: &Client, op: Operation) -> Result<Self> {
        let terminal = Terminal::connect(client, &op, "POST /1.0/instances/{name}/console")?;
        Ok(ConsoleSession {
            client: client.clone(),
            op,
            terminal,
        })
    }

    /// Resizes the console to `columns` × `rows`.
    pub fn resize(&mut self, columns: u32, rows: u32) -> Result<()> {
        self.terminal.resize(columns, rows)
    }

    /// Limits how long a read waits for console output. Defaults to no
    /// limit (a console is often silent).
    pub fn set_read_timeout(&mut self, timeout: Option<Duration>) -> Result<()> {
        self.terminal.pty.set_read_timeout(timeout)
    }

    /// Detaches from the console and waits for the daemon to end the attach
    /// operation (the instance keeps running).
    pub fn close(self) -> Result<()> {
        let ConsoleSession {
            client,
            op,
            terminal,
        } = self;
        drop(terminal);
        client
            .wait_for_completion(&op, client.shared.timeout)
            .map(drop)
    }
}

impl Read for ConsoleSession {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.terminal.read(buf)
    }
}

impl Write for ConsoleSession {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.terminal.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}
