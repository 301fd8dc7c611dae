//! Running commands in instances over the exec websockets: stdin from any
//! reader, stdout and stderr to any writer (or captured), the exit code, and
//! a client-side deadline that kills the command.

use std::fmt;
use std::io::{Read, Write};
use std::thread;
use std::time::Duration;

use crate::client::{Client, check_timeout};
use crate::error::{Error, Result};
use crate::models::{InstanceExecPost, Operation};
use crate::terminal::{ExecSession, SIGKILL, exit_code, signal_message};
use crate::websocket::{OperationWebsocket, secret};

/// How much of stdin one websocket message carries.
const STDIN_CHUNK: usize = 128 * 1024;

/// How long one wait for a command without a deadline lasts (then again).
const WAIT_ROUND: Duration = Duration::from_secs(3600);

/// A command to run in an instance, for [`Client::exec`] and
/// [`Client::exec_output`].
///
/// ```
/// use std::time::Duration;
/// let request = incus::ExecRequest::new("c1", ["sh", "-c", "make test"])
///     .env("CI", "1")
///     .cwd("/src")
///     .user(1000)
///     .timeout(Duration::from_secs(600));
/// ```
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct ExecRequest {
    instance: String,
    post: InstanceExecPost,
    timeout: Option<Duration>,
}

impl ExecRequest {
    /// Runs `command` (the program, then its arguments) in `instance`.
    pub fn new(
        instance: impl Into<String>,
        command: impl IntoIterator<Item = impl Into<String>>,
    ) -> ExecRequest {
        ExecRequest {
            instance: instance.into(),
            post: InstanceExecPost {
                command: command.into_iter().map(Into::into).collect(),
                ..InstanceExecPost::default()
            },
            timeout: None,
        }
    }

    /// Adds `key=value` to the command's environment. Defaults to the
    /// daemon's environment for commands.
    pub fn env(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.post.environment.insert(key.into(), value.into());
        self
    }

    /// The working directory. Defaults to the user's home directory.
    pub fn cwd(mut self, dir: impl Into<String>) -> Self {
        self.post.cwd = dir.into();
        self
    }

    /// The user id to run as. Defaults to root.
    pub fn user(mut self, uid: u32) -> Self {
        self.post.user = Some(uid);
        self
    }

    /// The group id to run as. Defaults to root.
    pub fn group(mut self, gid: u32) -> Self {
        self.post.group = Some(gid);
        self
    }

    /// A deadline: past it the command is killed (SIGKILL) and the call
    /// returns [`Error::Timeout`]. Defaults to none: wait for the command.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }
}

/// What a command wrote, and how it ended, from [`Client::exec_output`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ExecOutput {
    /// The command's exit code (128 + the signal for a killed command).
    pub exit_code: i32,
    /// Everything it wrote to stdout.
    pub stdout: Vec<u8>,
    /// Everything it wrote to stderr.
    pub stderr: Vec<u8>,
}

/// A command about to run, its streams being wired: from [`Client::exec`].
/// Unwired streams are empty stdin and discarded output.
#[must_use = "nothing runs until run() or output()"]
pub struct Exec<'a> {
    client: &'a Client,
    request: &'a ExecRequest,
    stdin: Option<Box<dyn Read + Send + 'a>>,
    stdout: Option<Box<dyn Write + Send + 'a>>,
    stderr: Option<Box<dyn Write + Send + 'a>>,
}

impl fmt::Debug for Exec<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Exec")
            .field("request", self.request)
            .finish_non_exhaustive()
    }
}

impl<'a> Exec<'a> {
    /// The command's stdin, read to its end (then the command reads end of
    /// file), streamed as it is read.
    pub fn stdin(mut self, reader: impl Read + Send + 'a) -> Self {
        self.stdin = Some(Box::new(reader));
        self
    }

    /// Where the command's stdout goes, as it arrives.
    pub fn stdout(mut self, writer: impl Write + Send + 'a) -> Self {
        self.stdout = Some(Box::new(writer));
        self
    }

    /// Where the command's stderr goes, as it arrives.
    pub fn stderr(mut self, writer: impl Write + Send + 'a) -> Self {
        self.stderr = Some(Box::new(writer));
        self
    }

    /// Runs the command on a pseudo-terminal of `columns` × `rows` instead,
    /// and returns the session: write its input, read its output, resize,
    /// signal, wait. Streams wired with `stdin`/`stdout`/`stderr` are not
    /// used (the terminal is the stream).
    ///
    /// # Errors
    ///
    /// As [`Client::exec_output`].
    pub fn interactive(self, (columns, rows): (u32, u32)) -> Result<ExecSession> {
        if let Some(timeout) = self.request.timeout {
            check_timeout("timeout", timeout)?;
        }
        let post = InstanceExecPost {
            wait_for_websocket: true,
            interactive: true,
            record_output: false,
            width: Some(columns),
            height: Some(rows),
            ..self.request.post.clone()
        };
        let op = self.client.exec_instance(&self.request.instance, &post)?;
        ExecSession::start(self.client, op, self.request.timeout)
    }

    /// Runs the command to its end and returns its exit code.
    ///
    /// # Errors
    ///
    /// As [`Client::exec_output`].
    pub fn run(self) -> Result<i32> {
        let mut stdout = self.stdout;
        let mut stderr = self.stderr;
        run(
            self.client,
            self.request,
            self.stdin,
            stdout.as_deref_mut(),
            stderr.as_deref_mut(),
        )
    }

    /// Runs the command to its end, keeping what it writes in memory.
    ///
    /// # Errors
    ///
    /// As [`Client::exec_output`].
    pub fn output(self) -> Result<ExecOutput> {
        let (mut stdout, mut stderr) = (Vec::new(), Vec::new());
        let exit_code = run(
            self.client,
            self.request,
            self.stdin,
            Some(&mut stdout),
            Some(&mut stderr),
        )?;
        Ok(ExecOutput {
            exit_code,
            stdout,
            stderr,
        })
    }
}

/// Running commands: built on [`Client::exec_instance`] and the operation's
/// websockets.
impl Client {
    /// Prepares `request` to run with streams wired: stdin from any reader,
    /// stdout and stderr to any writer, all streamed (a gigabyte of stdin or
    /// output never sits in memory). Finish with [`Exec::run`] (the exit
    /// code) or [`Exec::output`] (captured).
    ///
    /// ```no_run
    /// # fn main() -> incus::Result<()> {
    /// let client = incus::Client::local()?;
    /// let request = incus::ExecRequest::new("c1", ["sh", "-c", "wc -c"]);
    /// let mut count = Vec::new();
    /// let code = client
    ///     .exec(&request)
    ///     .stdin(std::fs::File::open("big.bin")?)
    ///     .stdout(&mut count)
    ///     .run()?;
    /// println!("exit {code}: {}", String::from_utf8_lossy(&count));
    /// # Ok(())
    /// # }
    /// ```
    pub fn exec<'a>(&'a self, request: &'a ExecRequest) -> Exec<'a> {
        Exec {
            client: self,
            request,
            stdin: None,
            stdout: None,
            stderr: None,
        }
    }

    /// Runs `command` in `instance` on a pseudo-terminal of `columns` ×
    /// `rows`: the `incus exec` of a person at a terminal. For environment,
    /// directory, user or a deadline, use
    /// `client.exec(&ExecRequest::new(…)).interactive(size)`.
    ///
    /// ```no_run
    /// # fn main() -> incus::Result<()> {
    /// use std::io::{Read, Write};
    /// let client = incus::Client::local()?;
    /// let mut session = client.exec_interactive("c1", ["sh"], (80, 24))?;
    /// session.resize(100, 40)?;
    /// session.write_all(b"stty size; exit 7\n")?;
    /// let mut screen = String::new();
    /// session.read_to_string(&mut screen)?;
    /// assert_eq!(session.wait()?, 7);
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    ///
    /// As [`Client::exec_output`].
    pub fn exec_interactive(
        &self,
        instance: &str,
        command: impl IntoIterator<Item = impl Into<String>>,
        size: (u32, u32),
    ) -> Result<ExecSession> {
        self.exec(&ExecRequest::new(instance, command))
            .interactive(size)
    }

    /// Runs `command` in `instance` and returns its exit code, stdout and
    /// stderr. For a deadline, environment, directory or user, use
    /// `client.exec(&ExecRequest::new(…).timeout(d)).output()`.
    ///
    /// # Errors
    ///
    /// [`Error::Operation`] for a command that could not start (not found,
    /// not executable); [`Error::Api`] for a missing or stopped instance;
    /// [`Error::Timeout`] once a deadline passed (the command was killed);
    /// [`Error::Transport`] if a websocket broke; [`Error::Io`] if reading
    /// stdin or writing an output failed (the command got end of file or
    /// was killed).
    ///
    /// ```no_run
    /// # fn main() -> incus::Result<()> {
    /// let client = incus::Client::local()?;
    /// let out = client.exec_output("c1", ["sh", "-c", "echo hi; echo err >&2; exit 3"])?;
    /// assert_eq!((out.exit_code, &out.stdout[..], &out.stderr[..]), (3, &b"hi\n"[..], &b"err\n"[..]));
    /// # Ok(())
    /// # }
    /// ```
    pub fn exec_output(
        &self,
        instance: &str,
        command: impl IntoIterator<Item = impl Into<String>>,
    ) -> Result<ExecOutput> {
        self.exec(&ExecRequest::new(instance, command)).output()
    }
}

/// Starts the command, pumps the streams on threads of their own, waits for
/// the end (or the deadline: then SIGKILL through the control websocket).
fn run(
    client: &Client,
    request: &ExecRequest,
    stdin: Option<Box<dyn Read + Send + '_>>,
    stdout: Option<&mut (dyn Write + Send + '_)>,
    stderr: Option<&mut (dyn Write + Send + '_)>,
) -> Result<i32> {
    if let Some(timeout) = request.timeout {
        check_timeout("timeout", timeout)?;
    }
    let post = InstanceExecPost {
        wait_for_websocket: true,
        interactive: false,
        record_output: false,
        ..request.post.clone()
    };
    let op = client.exec_instance(&request.instance, &post)?;
    let what = "POST /1.0/instances/{name}/exec";
    let connect = |fd| client.connect_operation_websocket(&op.id, secret(&op, fd, what)?);
    let mut control = connect("control")?;
    let ws0 = connect("0")?;
    let ws1 = connect("1")?;
    let ws2 = connect("2")?;
    thread::scope(|scope| {
        let input = scope.spawn(move || pump_in(ws0, stdin));
        let output = scope.spawn(move || pump_out(ws1, stdout));
        let errors = scope.spawn(move || pump_out(ws2, stderr));
        let ended = wait(client, &op, request.timeout);
        if matches!(ended, Err(Error::Timeout { .. })) {
            // The command must not keep running unnoticed.
            let _ = control.send_text(&signal_message(SIGKILL));
            let _ = client.wait_for_completion(&op, client.shared.timeout);
        }
        let _ = control.close();
        let pumped = [input.join(), output.join(), errors.join()]
            .into_iter()
            .map(|joined| {
                joined.unwrap_or_else(|_| Err(Error::invalid("a stream thread panicked")))
            })
            .collect::<Result<Vec<()>>>();
        let done = ended?;
        pumped?;
        exit_code(&done)
    })
}

/// Waits for the operation, within `timeout` or for as long as it takes.
fn wait(client: &Client, op: &Operation, timeout: Option<Duration>) -> Result<Operation> {
    match timeout {
        Some(timeout) => client.wait_for_completion(op, timeout),
        None => loop {
            match client.wait_for_completion(op, WAIT_ROUND) {
                Err(Error::Timeout { .. }) => continue,
                ended => break ended,
            }
        },
    }
}

/// Sends stdin (if any) in messages, then ends it; then waits for the
/// daemon to close the socket. A send that fails means the command has
/// stopped taking stdin (it ended, or closed it): not an error of the run,
/// whose outcome the exit code tells. A failing reader is an error.
fn pump_in(mut ws: OperationWebsocket, stdin: Option<Box<dyn Read + Send + '_>>) -> Result<()> {
    let mut result = Ok(());
    if let Some(mut stdin) = stdin {
        let mut buf = vec![0; STDIN_CHUNK];
        result = loop {
            match stdin.read(&mut buf) {
                Ok(0) => break Ok(()),
                Ok(n) if ws.send(&buf[..n]).is_err() => break Ok(()),
                Ok(_) => {}
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => break Err(Error::Io(e)),
            }
        };
    }
    let _ = ws.close();
    while let Ok(Some(_)) = ws.recv() {}
    result
}

/// Writes what arrives on `ws` to `out` (or drops it) until the daemon ends
/// the stream.
fn pump_out(
    mut ws: OperationWebsocket,
    mut out: Option<&mut (dyn Write + Send + '_)>,
) -> Result<()> {
    let mut failed = None;
    while let Some(data) = ws.recv()? {
        if let (Some(writer), None) = (out.as_mut(), &failed) {
            if let Err(e) = writer.write_all(&data) {
                // Keep reading so the daemon is not blocked; report later.
                failed = Some(e);
            }
        }
    }
    if let (Some(writer), None) = (out.as_mut(), &failed) {
        if let Err(e) = writer.flush() {
            failed = Some(e);
        }
    }
    failed.map_or(Ok(()), |e| Err(Error::Io(e)))
}
