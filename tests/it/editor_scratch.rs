#![allow(clippy::unwrap_used)]
#![cfg(target_os = "linux")]
//! Where the text handed to `$EDITOR` is while the editor is open, and what
//! becomes of it when candor is killed or told to stop meanwhile: the
//! scratch file is in a private folder beside the journal (`j.db.scratch`),
//! never in the temp folder; the shutdown path removes it; what a killed
//! candor left there is removed by the next command that opens the journal,
//! and a running candor's session never is.
//!
//! The real binary, the TUI in a pseudo-terminal and the CLI; an `$EDITOR`
//! that writes a marker into the file and then sleeps. Linux only: process
//! states come from `/proc`. Synchronisation is by polling until a
//! deadline, never by fixed sleeps.

use crate::support::{journal, pty};

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use journal::{Journal, send_signal};
use pty::{DEADLINE, Session, numbered};

const ENTRIES: &str = "n new entry";
const CTRL_E: &str = "\x05";
const TYPED: &str = "SCRATCH-CANARY typed in the form";
const MARKER: &str = "EDITOR-MARKER";

/// A journal with a pair, a TMPDIR of its own, and a sleeping editor.
struct Setup {
    j: Journal,
    tmp: PathBuf,
    /// The editor writes the scratch file's path to `RECORD.path` and its
    /// own process id to `RECORD.pid` once it has written its marker.
    record: PathBuf,
    editor: String,
}

impl Setup {
    fn new() -> Self {
        let j = Journal::new();
        j.cli(&[
            "pair",
            "add",
            "--mentor",
            "Ana Ruiz",
            "--mentee",
            "Ben Okafor",
        ]);
        let tmp = j.path().join("tmp");
        std::fs::create_dir(&tmp).unwrap();
        let record = j.path().join("editor-ran");
        let script = j.path().join("editor.sh");
        std::fs::write(
            &script,
            format!(
                r#"for f; do :; done
printf ' {MARKER}' >> "$f"
printf '%s\n' "$f" > '{rec}.path.tmp' && mv '{rec}.path.tmp' '{rec}.path'
printf '%s\n' "$$" > '{rec}.pid.tmp' && mv '{rec}.pid.tmp' '{rec}.pid'
exec sleep 600
"#,
                rec = record.display()
            ),
        )
        .unwrap();
        let editor = format!("sh {}", script.display());
        Self {
            j,
            tmp,
            record,
            editor,
        }
    }

    /// The scratch folder beside the journal.
    fn beside(&self) -> PathBuf {
        self.j.path().join("j.db.scratch")
    }

    /// Waits until the editor has written its marker; returns the scratch
    /// file's path and the editor's process id.
    fn editor_running(&self, s: Option<&Session>) -> (PathBuf, u32) {
        let pid_file = self.record.with_extension("pid");
        let end = Instant::now() + DEADLINE;
        while !pid_file.exists() {
            assert!(
                Instant::now() < end,
                "the editor never ran; the screen shows:\n{}",
                s.map(|s| numbered(&s.text())).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        let file = read_trimmed(&self.record.with_extension("path"));
        let pid = read_trimmed(&pid_file).parse().unwrap();
        (PathBuf::from(file), pid)
    }

    /// The TUI with the sleeping editor, a note form open with [`TYPED`]
    /// in it, and Ctrl-e pressed; returns when the editor has written.
    fn tui_in_editor(&self) -> (Session, PathBuf, u32) {
        let mut s = self
            .j
            .tui()
            .env("EDITOR", &self.editor)
            .env("TMPDIR", &self.tmp)
            .spawn();
        s.wait_for("the main screen", |t| t.contains("Ben Okafor"));
        s.send("5");
        s.wait_for("the Notes tab", |t| t.contains(ENTRIES));
        s.send("n");
        s.wait_for("the new note form", |t| t.contains("New note"));
        s.send(TYPED);
        s.wait_for("the typed text", |t| t.contains(TYPED));
        s.send(CTRL_E);
        let (file, editor) = self.editor_running(Some(&s));
        (s, file, editor)
    }

    /// Checks where the scratch file of candor `pid` is, and what it holds.
    fn assert_beside_the_journal(&self, file: &Path, pid: u32) {
        let session = file.parent().unwrap();
        assert_eq!(session.parent(), Some(self.beside().as_path()), "{file:?}");
        let name = session.file_name().unwrap().to_string_lossy().into_owned();
        assert!(name.starts_with(&format!("{pid}-")), "{name}");
        for (path, mode) in [(self.beside(), 0o700), (session.to_owned(), 0o700)] {
            let got = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            assert_eq!(got, mode, "{} is {got:o}", path.display());
        }
        let got = std::fs::metadata(file).unwrap().permissions().mode() & 0o777;
        assert_eq!(got, 0o600, "{} is {got:o}", file.display());
        let text = std::fs::read_to_string(file).unwrap();
        assert!(text.contains(MARKER), "{text:?}");
        assert_eq!(
            files_holding(&self.tmp, MARKER.as_bytes()),
            Vec::<String>::new(),
            "the text went to TMPDIR"
        );
        assert_eq!(
            candor_edit_dirs_holding(&std::env::temp_dir(), MARKER.as_bytes()),
            Vec::<String>::new(),
            "the text went to the temp folder"
        );
    }
}

fn read_trimmed(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap().trim().to_owned()
}

/// Every file under `dir` holding `needle`.
fn files_holding(dir: &Path, needle: &[u8]) -> Vec<String> {
    let mut hits = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(bytes) = std::fs::read(&path)
                && bytes.windows(needle.len()).any(|w| w == needle)
            {
                hits.push(path.display().to_string());
            }
        }
    }
    hits
}

/// Files holding `needle` in the `candor-edit-*` folders of `tmp`.
fn candor_edit_dirs_holding(tmp: &Path, needle: &[u8]) -> Vec<String> {
    journal::names_starting(tmp, "candor-edit-")
        .into_iter()
        .flat_map(|name| files_holding(&tmp.join(name), needle))
        .collect()
}

/// Kills `pid` (the editor) and waits until it is gone or a zombie.
fn kill_editor(pid: u32) {
    send_signal(pid, "KILL");
    let end = Instant::now() + DEADLINE;
    loop {
        let state = std::fs::read_to_string(format!("/proc/{pid}/stat"))
            .ok()
            .and_then(|s| s.rsplit_once(')')?.1.trim_start().chars().next());
        if matches!(state, None | Some('Z' | 'X')) {
            return;
        }
        assert!(Instant::now() < end, "the editor {pid} would not die");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The pid of a process that has run and been waited for.
fn dead_pid() -> u32 {
    let mut child = std::process::Command::new("true")
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let pid = child.id();
    child.wait().unwrap();
    pid
}

#[test]
fn a_tui_killed_while_the_editor_is_open_leaves_nothing_in_tmp_and_the_next_command_sweeps() {
    let e = Setup::new();
    let (mut s, file, editor) = e.tui_in_editor();
    let candor = s.pid();
    e.assert_beside_the_journal(&file, candor);
    assert!(
        std::fs::read_to_string(&file).unwrap().contains(TYPED),
        "the editor got the typed text"
    );

    send_signal(candor, "KILL");
    let end = Instant::now() + DEADLINE;
    while s.try_status().is_none() {
        assert!(Instant::now() < end, "candor did not die");
        std::thread::sleep(Duration::from_millis(20));
    }
    kill_editor(editor);
    s.wait_exit(DEADLINE);

    // Killed: nothing could clean up, but nothing is in the temp folder.
    assert!(file.exists(), "the session is still there until swept");
    assert_eq!(
        files_holding(&e.tmp, TYPED.as_bytes()),
        Vec::<String>::new()
    );
    assert_eq!(
        candor_edit_dirs_holding(&std::env::temp_dir(), TYPED.as_bytes()),
        Vec::<String>::new()
    );

    // Any command that opens the journal removes what is left.
    e.j.cli(&["pair", "list"]);
    assert!(
        !file.parent().unwrap().exists(),
        "{} is left after `pair list`",
        file.parent().unwrap().display()
    );
    assert!(!e.beside().exists(), "the empty scratch folder is left");
    assert_eq!(
        files_holding(e.j.path(), TYPED.as_bytes()),
        Vec::<String>::new(),
        "the typed text is left in a file"
    );
}

#[test]
fn a_cli_killed_while_the_editor_is_open_is_swept_by_the_next_command() {
    let e = Setup::new();
    let mut cmd = e.j.command();
    let mut child = cmd
        .args(["note", "add", "ben"])
        .env("EDITOR", &e.editor)
        .env("TMPDIR", &e.tmp)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let (file, editor) = e.editor_running(None);
    e.assert_beside_the_journal(&file, child.id());

    child.kill().unwrap();
    child.wait().unwrap();
    kill_editor(editor);
    assert!(file.exists(), "the session is still there until swept");

    e.j.cli(&["pair", "list"]);
    assert!(!file.parent().unwrap().exists(), "left after `pair list`");
    assert!(!e.beside().exists(), "the empty scratch folder is left");
}

#[test]
fn sighup_while_the_editor_is_open_removes_the_scratch_file_and_keeps_the_draft() {
    let e = Setup::new();
    let (mut s, file, editor) = e.tui_in_editor();
    send_signal(s.pid(), "HUP");
    let end = Instant::now() + DEADLINE;
    while s.try_status().is_none() {
        assert!(Instant::now() < end, "candor did not end on SIGHUP");
        std::thread::sleep(Duration::from_millis(20));
    }
    // The shutdown path removed the session before candor exited.
    assert!(!file.exists(), "{} is left", file.display());
    assert!(!e.beside().exists(), "the empty scratch folder is left");
    kill_editor(editor);
    let status = s.wait_exit(DEADLINE);
    assert_eq!(status.exit_code(), 129, "{status}");

    let mut s = e.j.tui().spawn();
    s.wait_for("the offer of the kept draft", |t| {
        t.contains("Draft kept from") && t.contains("y yes")
    });
    s.send("y");
    s.wait_for("the form with the text typed before Ctrl-e", |t| {
        t.contains("New note") && t.contains(TYPED)
    });
}

#[test]
fn a_running_session_is_never_swept_but_a_dead_ones_is() {
    let e = Setup::new();
    let (mut s, file, editor) = e.tui_in_editor();
    let session = file.parent().unwrap().to_owned();

    // Left behind by a process that is gone, and by a name candor never makes.
    let stale = e.beside().join(format!("{}-left-behind", dead_pid()));
    std::fs::create_dir(&stale).unwrap();
    std::fs::write(stale.join("entry.md"), "stale text").unwrap();
    let foreign = e.beside().join("not-a-session");
    std::fs::create_dir(&foreign).unwrap();

    // A command on the same journal while the editor is open.
    e.j.cli(&["pair", "list"]);
    assert!(!stale.exists(), "the dead process's session is left");
    assert!(foreign.exists(), "a folder candor did not make was removed");
    assert!(session.exists(), "the running session was removed");
    assert!(
        std::fs::read_to_string(&file).unwrap().contains(MARKER),
        "the running session's file changed"
    );

    // The editor fails: candor removes its own session and carries on.
    kill_editor(editor);
    s.wait_for("the editor's failure", |t| t.contains("failed"));
    assert!(!session.exists(), "{} is left", session.display());
    std::fs::remove_dir(&foreign).unwrap();
    send_signal(s.pid(), "TERM");
    s.wait_exit(DEADLINE);
    e.j.cli(&["pair", "list"]);
    assert!(!e.beside().exists(), "the empty scratch folder is left");
}
