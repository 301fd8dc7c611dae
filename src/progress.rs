//! Progress of a transfer: a reader or writer wrapper that counts bytes and
//! tells a callback the total now and then.

use std::fmt;
use std::io::{self, Read, Write};

/// Wraps a [`Read`] or a [`Write`] and calls `callback(total)` with the
/// number of bytes that went through it so far: once at least
/// [`Progress::DEFAULT_INTERVAL`] bytes (1 MiB) passed since the last call,
/// and once more with the final total: when a reader reaches its end, when
/// a writer is flushed, and when the wrapper is dropped (or unwrapped with
/// [`Progress::into_inner`]) if the last call did not see the final total.
/// A transfer of nothing reports `0` once.
///
/// Wrap the file you export into, or the reader you import or upload from;
/// it works with any stream the crate takes or gives.
///
/// ```no_run
/// # fn main() -> incus::Result<()> {
/// use incus::Progress;
/// let client = incus::Client::local()?;
/// let mut export = client.export_instance_backup("c1", "backup0")?;
/// let file = std::fs::File::create("c1.tar.gz")?;
/// let mut out = Progress::new(file, |bytes| eprint!("\r{} MiB", bytes >> 20));
/// std::io::copy(&mut export, &mut out)?;
/// # Ok(())
/// # }
/// ```
pub struct Progress<T, F: FnMut(u64)> {
    inner: T,
    tally: Tally<F>,
}

/// The count and the callback; reports the final total when dropped.
struct Tally<F: FnMut(u64)> {
    callback: F,
    /// Bytes so far.
    total: u64,
    /// The total the callback last saw, if it was called.
    reported: Option<u64>,
    /// Bytes between calls.
    interval: u64,
}

impl<F: FnMut(u64)> Tally<F> {
    /// Counts `n` more bytes; calls back when an interval has passed.
    fn add(&mut self, n: usize) {
        self.total += n as u64;
        if self.total - self.reported.unwrap_or(0) >= self.interval {
            self.report();
        }
    }

    fn report(&mut self) {
        self.reported = Some(self.total);
        (self.callback)(self.total);
    }

    /// Calls back with the final total unless the last call had it.
    fn finish(&mut self) {
        if self.reported != Some(self.total) {
            self.report();
        }
    }
}

impl<F: FnMut(u64)> Drop for Tally<F> {
    fn drop(&mut self) {
        self.finish();
    }
}

impl<T, F: FnMut(u64)> Progress<T, F> {
    /// Bytes between two calls of the callback, unless set with
    /// [`Progress::interval`]: 1 MiB.
    pub const DEFAULT_INTERVAL: u64 = 1 << 20;

    /// Wraps `inner`; `callback` gets the running total.
    pub fn new(inner: T, callback: F) -> Progress<T, F> {
        Progress {
            inner,
            tally: Tally {
                callback,
                total: 0,
                reported: None,
                interval: Progress::<T, F>::DEFAULT_INTERVAL,
            },
        }
    }

    /// Calls back after every `bytes` bytes instead (at least 1). Defaults
    /// to [`Progress::DEFAULT_INTERVAL`].
    #[must_use]
    pub fn interval(mut self, bytes: u64) -> Progress<T, F> {
        self.tally.interval = bytes.max(1);
        self
    }

    /// The bytes that went through so far.
    pub fn total(&self) -> u64 {
        self.tally.total
    }

    /// The wrapped reader or writer.
    pub fn get_ref(&self) -> &T {
        &self.inner
    }

    /// The wrapped reader or writer, mutably (bytes moved through it
    /// directly are not counted).
    pub fn get_mut(&mut self) -> &mut T {
        &mut self.inner
    }

    /// Reports the final total if the callback has not seen it, and gives
    /// back the wrapped reader or writer.
    pub fn into_inner(self) -> T {
        let Progress { inner, tally } = self;
        drop(tally);
        inner
    }
}

impl<R: Read, F: FnMut(u64)> Read for Progress<R, F> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        match n {
            0 if !buf.is_empty() => self.tally.finish(),
            n => self.tally.add(n),
        }
        Ok(n)
    }
}

impl<W: Write, F: FnMut(u64)> Write for Progress<W, F> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.tally.add(n);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()?;
        self.tally.finish();
        Ok(())
    }
}

impl<T: fmt::Debug, F: FnMut(u64)> fmt::Debug for Progress<T, F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Progress")
            .field("inner", &self.inner)
            .field("total", &self.tally.total)
            .field("interval", &self.tally.interval)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIB: usize = 1 << 20;

    /// A reader of `len` zero bytes, `chunk` at a time.
    struct Chunks {
        left: usize,
        chunk: usize,
    }

    impl Read for Chunks {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = self.left.min(self.chunk).min(buf.len());
            buf[..n].fill(0);
            self.left -= n;
            Ok(n)
        }
    }

    #[test]
    fn readers_report_each_mebibyte_and_the_end_once() {
        let mut seen = Vec::new();
        let len = 3 * MIB + 5;
        let mut reader = Progress::new(
            Chunks {
                left: len,
                chunk: 4096,
            },
            |n| seen.push(n),
        );
        let copied = io::copy(&mut reader, &mut io::sink()).unwrap();
        assert_eq!(copied, len as u64);
        assert_eq!(reader.total(), len as u64);
        // Reading past the end, and dropping, report nothing new.
        assert_eq!(reader.read(&mut [0; 8]).unwrap(), 0);
        drop(reader);
        let m = MIB as u64;
        assert_eq!(seen, [m, 2 * m, 3 * m, len as u64]);
    }

    #[test]
    fn writers_report_the_final_total_on_flush_or_drop() {
        let mut seen = Vec::new();
        let mut out = Vec::new();
        {
            let mut writer = Progress::new(&mut out, |n| seen.push(n)).interval(10);
            writer.write_all(&[1; 25]).unwrap();
            writer.flush().unwrap();
            writer.flush().unwrap();
        }
        assert_eq!(out.len(), 25);
        assert_eq!(seen, [25]); // one 25-byte write: one call, then none more

        let mut seen = Vec::new();
        let writer = {
            let mut writer = Progress::new(Vec::new(), |n| seen.push(n)).interval(10);
            for _ in 0..7 {
                writer.write_all(&[2; 4]).unwrap();
            }
            writer.into_inner() // no flush: unwrapping reports the end
        };
        assert_eq!(writer.len(), 28);
        assert_eq!(seen, [12, 24, 28]);

        let mut seen = Vec::new();
        drop(Progress::new(io::sink(), |n| seen.push(n)));
        assert_eq!(seen, [0], "an empty transfer reports 0 once");
    }

    #[test]
    fn errors_pass_through_and_count_nothing() {
        struct Failing;
        impl Write for Failing {
            fn write(&mut self, _: &[u8]) -> io::Result<usize> {
                Err(io::Error::other("disk full"))
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let mut seen = Vec::new();
        let mut writer = Progress::new(Failing, |n| seen.push(n)).interval(0);
        assert_eq!(writer.write(b"abc").unwrap_err().to_string(), "disk full");
        assert_eq!(writer.total(), 0);
        drop(writer);
        assert_eq!(seen, [0]);
        let text = format!("{:?}", Progress::new(&b"x"[..], |_| {}));
        assert!(
            text.starts_with("Progress { inner: [120], total: 0"),
            "{text}"
        );
    }
}
