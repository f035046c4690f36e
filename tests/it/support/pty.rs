//! A small harness for terminal tests: the real binary in a pseudo-terminal,
//! its output fed to a vt100 parser, keys typed through the pty, and the
//! parsed screen polled until a deadline.

use std::ffi::OsStr;
use std::io::{Read, Write};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, ExitStatus, MasterPty, PtySize, native_pty_system};

/// How long any wait in these tests may take before it counts as a failure.
/// Generous, because a loaded CI machine may start a debug binary slowly.
pub const DEADLINE: Duration = Duration::from_secs(20);

/// How often the parsed screen is looked at while waiting.
const POLL: Duration = Duration::from_millis(20);

/// Records what the program asked the terminal to do besides drawing.
#[derive(Debug, Default)]
pub struct Recorder {
    /// Every window title set (OSC 0 and 2).
    pub titles: Vec<Vec<u8>>,
    /// Every icon name set (OSC 0 and 1).
    pub icon_names: Vec<Vec<u8>>,
    /// Clipboard writes (OSC 52).
    pub clipboard_writes: usize,
}

impl vt100::Callbacks for Recorder {
    fn set_window_title(&mut self, _: &mut vt100::Screen, title: &[u8]) {
        self.titles.push(title.to_vec());
    }

    fn set_window_icon_name(&mut self, _: &mut vt100::Screen, name: &[u8]) {
        self.icon_names.push(name.to_vec());
    }

    fn copy_to_clipboard(&mut self, _: &mut vt100::Screen, _ty: &[u8], _data: &[u8]) {
        self.clipboard_writes += 1;
    }
}

/// What the reader thread shares with the test.
pub struct Output {
    /// The terminal as the program drew it.
    pub parser: vt100::Parser<Recorder>,
    /// Every byte the program wrote, unparsed.
    pub raw: Vec<u8>,
    /// The pty reported end of output (every slave side closed).
    pub eof: bool,
}

/// How to start the program.
#[derive(Debug, Clone)]
pub struct Launch {
    program: String,
    args: Vec<std::ffi::OsString>,
    env: Vec<(String, std::ffi::OsString)>,
    env_remove: Vec<String>,
    cwd: Option<std::path::PathBuf>,
    cols: u16,
    rows: u16,
}

impl Launch {
    /// `program` in a 100×30 terminal with `TERM=xterm-256color`.
    pub fn new(program: &str) -> Self {
        Self {
            program: program.to_owned(),
            args: Vec::new(),
            env: vec![("TERM".into(), "xterm-256color".into())],
            env_remove: Vec::new(),
            cwd: None,
            cols: 100,
            rows: 30,
        }
    }

    /// Adds command-line arguments.
    pub fn args<I, S>(mut self, args: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.args
            .extend(args.into_iter().map(|a| a.as_ref().to_owned()));
        self
    }

    /// Sets an environment variable.
    pub fn env(mut self, key: &str, value: impl AsRef<OsStr>) -> Self {
        self.env.push((key.to_owned(), value.as_ref().to_owned()));
        self
    }

    /// Removes an inherited environment variable.
    pub fn env_remove(mut self, key: &str) -> Self {
        self.env_remove.push(key.to_owned());
        self
    }

    /// Sets the working directory.
    pub fn cwd(mut self, dir: &Path) -> Self {
        self.cwd = Some(dir.to_owned());
        self
    }

    /// Sets the terminal size.
    pub fn size(mut self, cols: u16, rows: u16) -> Self {
        self.cols = cols;
        self.rows = rows;
        self
    }

    /// Starts the program in a fresh pty.
    pub fn spawn(self) -> Session {
        Session::spawn(self)
    }
}

/// A running program in a pseudo-terminal.
pub struct Session {
    master: Option<Box<dyn MasterPty + Send>>,
    writer: Option<Box<dyn Write + Send>>,
    child: Box<dyn Child + Send + Sync>,
    output: Arc<Mutex<Output>>,
    stop_reading: Arc<AtomicBool>,
    reader: Option<JoinHandle<()>>,
    pid: u32,
    status: Option<ExitStatus>,
}

impl Session {
    fn spawn(launch: Launch) -> Self {
        let size = PtySize {
            rows: launch.rows,
            cols: launch.cols,
            pixel_width: 0,
            pixel_height: 0,
        };
        let pair = native_pty_system()
            .openpty(size)
            .expect("cannot open a pty");
        let mut cmd = CommandBuilder::new(&launch.program);
        cmd.args(&launch.args);
        for key in &launch.env_remove {
            cmd.env_remove(key);
        }
        for (key, value) in &launch.env {
            cmd.env(key, value);
        }
        if let Some(dir) = &launch.cwd {
            cmd.cwd(dir);
        }
        let child = pair
            .slave
            .spawn_command(cmd)
            .expect("cannot start the program in the pty");
        // Only the child keeps the slave side open, so the reader sees the
        // end of output when the child (and anything it started) is gone.
        drop(pair.slave);
        let pid = child.process_id().expect("the child has a pid");
        let master = pair.master;
        let mut reader = master.try_clone_reader().expect("pty reader");
        let writer = master.take_writer().expect("pty writer");

        let rows = std::num::NonZeroU16::new(launch.rows).expect("rows > 0");
        let cols = std::num::NonZeroU16::new(launch.cols).expect("cols > 0");
        let output = Arc::new(Mutex::new(Output {
            parser: vt100::Parser::new_with_callbacks(rows, cols, 0, Recorder::default()),
            raw: Vec::new(),
            eof: false,
        }));
        let stop_reading = Arc::new(AtomicBool::new(false));
        let shared = Arc::clone(&output);
        let stop = Arc::clone(&stop_reading);
        let reader = std::thread::Builder::new()
            .name(format!("pty-reader-{pid}"))
            .spawn(move || {
                let mut buf = [0u8; 8192];
                loop {
                    let n = match reader.read(&mut buf) {
                        Ok(0) | Err(_) => break,
                        Ok(n) => n,
                    };
                    {
                        let mut out = lock(&shared);
                        out.raw.extend_from_slice(&buf[..n]);
                        out.parser.process(&buf[..n]);
                    }
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                }
                lock(&shared).eof = true;
                // Dropping `reader` here closes this copy of the master side.
            })
            .expect("cannot start the reader thread");

        Self {
            master: Some(master),
            writer: Some(writer),
            child,
            output,
            stop_reading,
            reader: Some(reader),
            pid,
            status: None,
        }
    }

    /// The child's process id.
    pub fn pid(&self) -> u32 {
        self.pid
    }

    /// The output so far, locked.
    pub fn output(&self) -> MutexGuard<'_, Output> {
        lock(&self.output)
    }

    /// The screen's text, one line per row.
    pub fn text(&self) -> String {
        self.output().parser.screen().contents()
    }

    /// Every byte the program has written so far.
    pub fn raw(&self) -> Vec<u8> {
        self.output().raw.clone()
    }

    /// Types `s` into the terminal.
    pub fn send(&mut self, s: &str) {
        self.send_bytes(s.as_bytes());
    }

    /// Writes raw bytes into the terminal.
    pub fn send_bytes(&mut self, bytes: &[u8]) {
        let writer = self.writer.as_mut().expect("the terminal is still open");
        writer
            .write_all(bytes)
            .and_then(|()| writer.flush())
            .unwrap_or_else(|e| panic!("cannot type {bytes:?} into the terminal: {e}"));
    }

    /// Presses Esc alone, then waits until `until` holds for the screen.
    /// Esc closely followed by another key would be read as Alt+key, so
    /// the next key must wait for the program to have handled this one.
    pub fn press_esc_until(&mut self, what: &str, until: impl Fn(&str) -> bool) -> String {
        self.send_bytes(b"\x1b");
        self.wait_for(what, until)
    }

    /// Polls the screen's text until `pred` holds, or panics at the deadline
    /// with `what` and the screen.
    pub fn wait_for(&self, what: &str, pred: impl Fn(&str) -> bool) -> String {
        self.wait_for_within(DEADLINE, what, pred)
    }

    /// [`Session::wait_for`] with an explicit deadline.
    pub fn wait_for_within(
        &self,
        deadline: Duration,
        what: &str,
        pred: impl Fn(&str) -> bool,
    ) -> String {
        let end = Instant::now() + deadline;
        loop {
            let text = self.text();
            if pred(&text) {
                return text;
            }
            if Instant::now() >= end {
                panic!(
                    "timed out after {deadline:?} waiting for {what}; the screen shows:\n{}",
                    numbered(&text)
                );
            }
            std::thread::sleep(POLL);
        }
    }

    /// The exit status, if the child has exited.
    pub fn try_status(&mut self) -> Option<ExitStatus> {
        if self.status.is_none() {
            self.status = self.child.try_wait().expect("cannot wait for the child");
        }
        self.status.clone()
    }

    /// Waits until the child exits and everything it wrote has been parsed;
    /// panics at the deadline.
    pub fn wait_exit(&mut self, deadline: Duration) -> ExitStatus {
        let end = Instant::now() + deadline;
        let status = loop {
            if let Some(status) = self.try_status() {
                break status;
            }
            if Instant::now() >= end {
                panic!(
                    "the program did not exit within {deadline:?}; the screen shows:\n{}",
                    numbered(&self.text())
                );
            }
            std::thread::sleep(POLL);
        };
        // The last bytes (terminal restore) may still be on their way
        // through the reader thread.
        if !self.stop_reading.load(Ordering::SeqCst) {
            loop {
                if self.output().eof {
                    break;
                }
                if Instant::now() >= end {
                    panic!(
                        "the program exited ({status}) but its terminal output never ended; \
                         is something it started still holding the terminal?"
                    );
                }
                std::thread::sleep(POLL);
            }
            if let Some(reader) = self.reader.take() {
                reader.join().expect("the reader thread panicked");
            }
        }
        status
    }

    /// Resizes the terminal: the parser first, so that what the program
    /// draws for the new size lands on a screen of that size.
    pub fn resize(&mut self, cols: u16, rows: u16) {
        {
            let mut out = self.output();
            out.parser.screen_mut().set_size(
                std::num::NonZeroU16::new(rows).expect("rows > 0"),
                std::num::NonZeroU16::new(cols).expect("cols > 0"),
            );
        }
        self.resize_pty(cols, rows);
    }

    /// The pty's local mode flags (termios `c_lflag`), as the program left
    /// them.
    pub fn local_flags(&self) -> u64 {
        let termios = self
            .master
            .as_ref()
            .expect("the terminal is still open")
            .get_termios()
            .expect("the pty has termios");
        u64::from(termios.local_flags.bits())
    }

    /// Stops reading the program's output after the next chunk, so that
    /// what it writes from then on piles up in the pty until its writes
    /// block.
    pub fn stop_reading(&mut self) {
        self.stop_reading.store(true, Ordering::SeqCst);
    }

    /// Closes the terminal as a terminal window does when it is closed:
    /// every copy of the master side goes away, and the kernel hangs up the
    /// program's session. The reader thread must have let go of its copy
    /// (see [`Session::stop_reading`]); this waits until it has.
    pub fn hang_up(&mut self) {
        assert!(
            self.stop_reading.load(Ordering::SeqCst),
            "stop_reading first"
        );
        let end = Instant::now() + DEADLINE;
        while !self.output().eof {
            assert!(
                Instant::now() < end,
                "the reader never let go of the terminal; the screen shows:\n{}",
                numbered(&self.text())
            );
            std::thread::sleep(POLL);
        }
        if let Some(reader) = self.reader.take() {
            reader.join().expect("the reader thread panicked");
        }
        // The writer's drop types an EOF into the pty; the program may or
        // may not read it before the hangup, which is fine either way.
        self.writer = None;
        self.master = None;
    }

    /// Closes the terminal, typing `nudge` first so that the reader thread,
    /// told to stop, wakes up for the program's answer and lets go of its
    /// copy of the master side.
    pub fn close_terminal(&mut self, nudge: &str) {
        self.stop_reading();
        self.send(nudge);
        self.hang_up();
    }

    /// Resizes the pty only, leaving the parser as it is (for tests that
    /// no longer read the screen).
    pub fn resize_pty(&mut self, cols: u16, rows: u16) {
        self.master
            .as_ref()
            .expect("the terminal is still open")
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("cannot resize the pty");
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        if self.try_status().is_none() {
            // SIGHUP, then SIGKILL after a grace period (portable-pty's kill).
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// Locks `m`, also after a panic elsewhere poisoned it.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The screen with row numbers, for failure messages.
pub fn numbered(text: &str) -> String {
    text.lines()
        .enumerate()
        .map(|(i, l)| format!("{i:>3}|{l}\n"))
        .collect()
}
