//! A journal of a terminal test's own: a temporary folder with the database
//! and config folder in it, the TUI launched on it in a pseudo-terminal (see
//! its sibling module `pty`), and the CLI run on the same journal. Also the few screen and process helpers
//! every terminal test file uses.

use std::ffi::OsStr;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use super::pty::{DEADLINE, Launch, Session, numbered};

pub const BIN: &str = env!("CARGO_BIN_EXE_candor");

/// The frozen clock of [`Journal::tui`] and [`Journal::command`].
pub const NOW: &str = "2026-11-27T10:00:00Z";

/// Inherited variables that would change what candor does, removed from
/// every program run on a journal (the clock is set again where frozen).
const CLEARED: [&str; 6] = [
    "CANDOR_DB",
    "CANDOR_NOW",
    "CANDOR_AUTOSAVE_SECS",
    "EDITOR",
    "VISUAL",
    "NO_COLOR",
];

/// A journal in a test's own temporary directory.
pub struct Journal {
    root: tempfile::TempDir,
    dir: PathBuf,
}

impl Journal {
    /// A journal in a fresh temporary directory.
    pub fn new() -> Self {
        let root = tempfile::tempdir().unwrap();
        Self {
            dir: root.path().to_owned(),
            root,
        }
    }

    /// A journal in the folder `name` of a fresh temporary directory, so
    /// that other folders can be made beside it in [`Journal::root`].
    pub fn in_folder(name: &str) -> Self {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join(name);
        std::fs::create_dir_all(&dir).unwrap();
        Self { root, dir }
    }

    /// The temporary directory that holds everything of this test.
    pub fn root(&self) -> &Path {
        self.root.path()
    }

    /// The journal's folder: the database and config folder are in it, and
    /// every program run on the journal runs in it.
    pub fn path(&self) -> &Path {
        &self.dir
    }

    pub fn db(&self) -> PathBuf {
        self.path().join("j.db")
    }

    pub fn cfg(&self) -> PathBuf {
        self.path().join("cfg")
    }

    /// `program` in a 100×30 terminal, run in this journal's folder with
    /// its config folder, and with the real clock. Arguments such as
    /// `--db` are the caller's.
    pub fn launch_live(&self, program: &str) -> Launch {
        CLEARED
            .iter()
            .fold(Launch::new(program), |launch, key| launch.env_remove(key))
            .env("CANDOR_CONFIG_DIR", self.cfg())
            .cwd(self.path())
    }

    /// [`Journal::launch_live`] with the clock frozen at [`NOW`].
    pub fn launch(&self, program: &str) -> Launch {
        self.launch_live(program).env("CANDOR_NOW", NOW)
    }

    /// The TUI on this journal, 100×30, with the clock frozen at [`NOW`]
    /// (so idle autosave never fires: only the shutdown path keeps drafts).
    pub fn tui(&self) -> Launch {
        self.launch(BIN)
            .args([OsStr::new("--db"), self.db().as_os_str()])
    }

    /// The TUI on this journal with the real clock, so autosave can fire.
    pub fn tui_live(&self) -> Launch {
        self.launch_live(BIN)
            .args([OsStr::new("--db"), self.db().as_os_str()])
    }

    /// The binary as a command on this journal, with the real clock and
    /// otherwise the environment of the TUI.
    pub fn command_live(&self) -> Command {
        let mut cmd = Command::new(BIN);
        cmd.arg("--db").arg(self.db());
        for key in CLEARED {
            cmd.env_remove(key);
        }
        cmd.env("CANDOR_CONFIG_DIR", self.cfg())
            .env("TERM", "xterm-256color")
            .current_dir(self.path())
            .stdin(Stdio::null());
        cmd
    }

    /// [`Journal::command_live`] with the clock frozen at [`NOW`], as for
    /// [`Journal::tui`].
    pub fn command(&self) -> Command {
        let mut cmd = self.command_live();
        cmd.env("CANDOR_NOW", NOW);
        cmd
    }

    /// Runs a CLI command, which must succeed; returns its stdout.
    pub fn cli(&self, args: &[&str]) -> String {
        run(self.command(), args)
    }

    /// Runs a CLI command with `input` on its standard input.
    pub fn cli_stdin(&self, args: &[&str], input: &[u8]) -> String {
        let mut child = self
            .command()
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        {
            let mut stdin = child.stdin.take().unwrap();
            stdin.write_all(input).unwrap();
        }
        stdout_of(args, child.wait_with_output().unwrap())
    }

    pub fn cli_json(&self, args: &[&str]) -> serde_json::Value {
        let out = self.cli(args);
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("candor {args:?}: {e}:\n{out}"))
    }
}

/// Runs `cmd` with `args` added, which must succeed; returns its stdout.
pub fn run(mut cmd: Command, args: &[&str]) -> String {
    stdout_of(args, cmd.args(args).output().unwrap())
}

/// The stdout of `candor args`, which must have succeeded.
fn stdout_of(args: &[&str], out: Output) -> String {
    assert!(
        out.status.success(),
        "candor {args:?} failed with {}: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Presses `q` and waits for a clean exit.
pub fn quit(s: &mut Session) {
    s.send("q");
    let status = s.wait_exit(DEADLINE);
    assert!(
        status.success(),
        "q exits 0, got {status}; the screen shows:\n{}",
        numbered(&s.text())
    );
}

/// Sends `signal` (a name such as TERM) with the shell's `kill`, which is
/// there on any Unix, unlike a separate `kill` program.
pub fn send_signal(pid: u32, signal: &str) {
    let status = Command::new("sh")
        .args(["-c", r#"kill -s "$1" "$2""#, "sh", signal, &pid.to_string()])
        .status()
        .unwrap();
    assert!(status.success(), "kill -{signal} {pid} failed: {status}");
}

/// The screen line holding `needle`, if any.
pub fn line_with<'a>(text: &'a str, needle: &str) -> Option<&'a str> {
    text.lines().find(|l| l.contains(needle))
}

/// Whether the program has written `needle` to the terminal, in any frame.
pub fn wrote(s: &Session, needle: &[u8]) -> bool {
    s.raw().windows(needle.len()).any(|w| w == needle)
}

/// The program never set the window title or icon name.
pub fn assert_title_untouched(s: &Session) {
    let out = s.output();
    let rec = out.parser.callbacks();
    assert!(
        rec.titles.is_empty() && rec.icon_names.is_empty(),
        "window title changed to {:?} / icon {:?}",
        rec.titles
            .iter()
            .map(|t| String::from_utf8_lossy(t).into_owned())
            .collect::<Vec<_>>(),
        rec.icon_names
    );
}

/// The names in `dir` that start with `prefix` (scratch folders candor
/// made there and did not clean up).
pub fn names_starting(dir: &Path, prefix: &str) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(prefix))
        .collect()
}
