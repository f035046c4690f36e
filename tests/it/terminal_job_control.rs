#![allow(clippy::unwrap_used)]
#![cfg(target_os = "linux")]
//! SIGQUIT, Ctrl-z, SIGTSTP and SIGCONT while the real `candor` binary runs
//! in a pseudo-terminal. SIGQUIT leaves through the one shutdown path (the
//! draft kept, the terminal given back); a stop gives the terminal back and
//! keeps the draft, and the continue takes the terminal again (raw mode,
//! alternate screen, mouse, paste) and draws the whole screen anew.
//!
//! Linux only: whether the process is stopped is read from `/proc/PID/stat`.
//! Synchronisation is by polling until a deadline, never by fixed sleeps.

use crate::support::{journal, pty};

use std::num::NonZeroU16;
use std::sync::Arc;
use std::time::{Duration, Instant};

use journal::{BIN, Journal, NOW, quit, send_signal};
use pty::{DEADLINE, Session, numbered};
use vt100::MouseProtocolMode;

/// `c_lflag` bits: canonical input and echo, both off in raw mode.
const ICANON: u64 = 0o000002;
const ECHO: u64 = 0o000010;

const CTRL_Z: &str = "\x1a";
const CTRL_S: &str = "\x13";
const BROWSING: &str = "q quit";
const ENTRIES: &str = "n new entry";
const DRAFT_OFFER: &str = "Draft kept from";

/// A journal with the pair Ana Ruiz & Ben Okafor.
fn with_pair() -> Journal {
    let j = Journal::new();
    j.cli(&[
        "pair",
        "add",
        "--mentor",
        "Ana Ruiz",
        "--mentee",
        "Ben Okafor",
    ]);
    j
}

/// The TUI on `j`, showing the pair list with nothing asked.
fn open(j: &Journal) -> Session {
    let s = j.tui().spawn();
    let text = s.wait_for("the main screen with Ben's pair", |t| {
        t.contains("Ben Okafor") && t.contains(BROWSING)
    });
    assert!(!text.contains(DRAFT_OFFER), "{}", numbered(&text));
    s
}

/// Opens the Notes tab and a new note form, and types `text` into it.
fn note_form_with(s: &mut Session, text: &str) {
    s.send("5");
    s.wait_for("the Notes tab", |t| t.contains(ENTRIES));
    s.send("n");
    s.wait_for("the new note form", |t| {
        t.contains("New note") && t.contains("▸ Note")
    });
    s.send(text);
    s.wait_for(&format!("the typed text {text:?}"), |t| t.contains(text));
}

/// The bodies of Ben's notes.
fn note_bodies(j: &Journal) -> Vec<String> {
    j.cli_json(&["list", "ben", "notes", "--json"])
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["body"].as_str().unwrap().to_owned())
        .collect()
}

/// The texts of the drafts kept in `j`'s journal, read through the library.
fn kept_drafts(j: &Journal) -> Vec<String> {
    let clock = Arc::new(candor::clock::FixedClock::parse(NOW).unwrap());
    let store = candor::store::Store::open(&j.db(), clock).unwrap();
    store
        .drafts()
        .unwrap()
        .into_iter()
        .map(|d| d.text)
        .collect()
}

/// The process state letter of `/proc/PID/stat` ('T' when stopped).
fn state(pid: u32) -> Option<char> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let (_, rest) = stat.rsplit_once(')')?;
    rest.trim_start().chars().next()
}

/// Polls until `pred` holds, or panics at the deadline with `what`.
fn poll_until(s: &Session, what: &str, pred: impl Fn() -> bool) {
    let end = Instant::now() + DEADLINE;
    while !pred() {
        assert!(
            Instant::now() < end,
            "timed out waiting for {what}; the screen shows:\n{}",
            numbered(&s.text())
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Where in `raw` the last `on` and the last `off` sequence start.
fn last_of(raw: &[u8], needle: &[u8]) -> Option<usize> {
    raw.windows(needle.len()).rposition(|w| w == needle)
}

/// The terminal modes the TUI turns on, and raw mode, are all off, and the
/// output turned them off after it last turned them on.
fn assert_given_back(s: &Session) {
    {
        let out = s.output();
        let screen = out.parser.screen();
        assert!(
            !screen.alternate_screen(),
            "still on the alternate screen:\n{}",
            numbered(&screen.contents())
        );
        assert_eq!(
            screen.mouse_protocol_mode(),
            MouseProtocolMode::None,
            "mouse reporting left on"
        );
        assert!(!screen.bracketed_paste(), "bracketed paste left on");
        assert!(!screen.hide_cursor(), "the cursor was left hidden");
        for (on, off) in [
            (&b"\x1b[?1049h"[..], &b"\x1b[?1049l"[..]),
            (b"\x1b[?1000h", b"\x1b[?1000l"),
            (b"\x1b[?2004h", b"\x1b[?2004l"),
        ] {
            let (on_at, off_at) = (last_of(&out.raw, on), last_of(&out.raw, off));
            assert!(
                on_at.is_some() && off_at > on_at,
                "{} is not undone at the end of the output (on at {on_at:?}, off at {off_at:?})",
                String::from_utf8_lossy(&on[1..])
            );
        }
    }
    let flags = s.local_flags();
    assert_eq!(
        flags & (ICANON | ECHO),
        ICANON | ECHO,
        "the terminal was left in raw mode (lflag {flags:o})"
    );
}

/// Waits until the process is stopped and its terminal given back.
fn wait_stopped(s: &Session) {
    let pid = s.pid();
    poll_until(s, "the process to stop", || state(pid) == Some('T'));
    // Everything was written before the stop; wait for the reader to parse it.
    poll_until(s, "the terminal given back", || {
        !s.output().parser.screen().alternate_screen()
    });
    assert_given_back(s);
}

/// Sends SIGCONT and waits until the whole screen is drawn again on a
/// terminal taken back: the output after the stop alone, parsed on a
/// fresh screen, must show `needles` on the alternate screen.
fn continue_and_wait_redrawn(s: &Session, needles: &[&str]) {
    let mark = s.output().raw.len();
    send_signal(s.pid(), "CONT");
    let drawn_again = |needles: &[&str]| {
        let raw = s.output().raw[mark..].to_vec();
        let mut fresh = vt100::Parser::new(
            NonZeroU16::new(30).unwrap(),
            NonZeroU16::new(100).unwrap(),
            0,
        );
        fresh.process(&raw);
        let screen = fresh.screen();
        screen.alternate_screen()
            && screen.mouse_protocol_mode() != MouseProtocolMode::None
            && screen.bracketed_paste()
            && needles.iter().all(|n| screen.contents().contains(n))
    };
    poll_until(s, "the whole screen drawn again after SIGCONT", || {
        drawn_again(needles)
    });
    let flags = s.local_flags();
    assert_eq!(
        flags & (ICANON | ECHO),
        0,
        "back from the stop in raw mode (lflag {flags:o})"
    );
    assert_ne!(state(s.pid()), Some('T'), "still stopped");
}

#[test]
fn sigquit_keeps_the_draft_and_gives_the_terminal_back() {
    let j = with_pair();
    let typed = "Typed a moment before SIGQUIT";
    let mut s = open(&j);
    note_form_with(&mut s, typed);
    let pid = s.pid();

    let sent = Instant::now();
    send_signal(pid, "QUIT");
    let status = s.wait_exit(DEADLINE);
    let took = sent.elapsed();
    assert!(
        took < Duration::from_secs(3),
        "SIGQUIT took {took:?} to end the program"
    );
    assert_eq!(status.signal(), None, "killed by the signal: {status}");
    assert_eq!(status.exit_code(), 128 + 3, "SIGQUIT exits 131: {status}");
    assert!(
        !std::path::Path::new(&format!("/proc/{pid}")).exists(),
        "process {pid} is still there"
    );
    assert_given_back(&s);
    assert!(note_bodies(&j).is_empty(), "a draft, not a note, so far");

    // The next start offers the draft back, whole.
    let mut s = j.tui().spawn();
    s.wait_for("the offer of the kept draft", |t| {
        t.contains(DRAFT_OFFER) && t.contains("y yes")
    });
    s.send("y");
    s.wait_for("the reopened form with the typed text", |t| {
        t.contains("New note") && t.contains(typed)
    });
    s.send(CTRL_S);
    s.wait_for("the note saved", |t| t.contains("Added the note."));
    quit(&mut s);
    assert_eq!(note_bodies(&j), [typed]);
}

#[test]
fn ctrl_z_stops_cleanly_and_sigcont_takes_the_terminal_back_and_redraws() {
    let j = with_pair();
    let mut s = open(&j);
    note_form_with(&mut s, "before the stop");

    s.send(CTRL_Z);
    wait_stopped(&s);
    let drafts = kept_drafts(&j);
    assert!(
        drafts.len() == 1 && drafts[0].contains("before the stop"),
        "the draft is kept while candor is stopped: {drafts:?}"
    );

    continue_and_wait_redrawn(&s, &["Ben Okafor", "New note", "before the stop"]);

    // Typing still works, into the same text.
    s.send(" and after");
    s.wait_for("the text typed after the continue", |t| {
        t.contains("before the stop and after")
    });
    s.send(CTRL_S);
    s.wait_for("the note saved", |t| t.contains("Added the note."));
    quit(&mut s);
    assert_eq!(note_bodies(&j), ["before the stop and after"]);
    assert!(kept_drafts(&j).is_empty(), "the saved draft is forgotten");
}

#[test]
fn sigtstp_from_outside_stops_cleanly_and_sigcont_redraws() {
    let j = with_pair();
    let mut s = open(&j);

    send_signal(s.pid(), "TSTP");
    wait_stopped(&s);
    continue_and_wait_redrawn(&s, &["Ben Okafor", BROWSING]);

    // Stopped and continued twice: the second time works like the first.
    s.send(CTRL_Z);
    wait_stopped(&s);
    continue_and_wait_redrawn(&s, &["Ben Okafor", BROWSING]);

    s.send("5");
    s.wait_for("the Notes tab after the continue", |t| t.contains(ENTRIES));
    quit(&mut s);
}

#[test]
fn killed_while_stopped_the_draft_is_still_offered() {
    let j = with_pair();
    let typed = "Typed before a stop that never ended";
    let mut s = open(&j);
    note_form_with(&mut s, typed);
    s.send(CTRL_Z);
    wait_stopped(&s);
    send_signal(s.pid(), "KILL");
    s.wait_exit(DEADLINE);

    let mut s = j.tui().spawn();
    s.wait_for("the offer of the kept draft", |t| {
        t.contains(DRAFT_OFFER) && t.contains("y yes")
    });
    s.send("y");
    s.wait_for("the reopened form with the typed text", |t| {
        t.contains("New note") && t.contains(typed)
    });
}

/// An interactive bash with job control in the pty, at its prompt, with
/// `env` in its environment; `None` where there is no /bin/bash.
fn job_control_shell(j: &Journal, env: &[(&str, &str)]) -> Option<Session> {
    let bash = std::path::Path::new("/bin/bash");
    if !bash.exists() {
        eprintln!("no /bin/bash: the job-control shell case is not checked");
        return None;
    }
    // No readline, so the shell's prompt reads in cooked mode.
    let launch = env.iter().fold(
        j.launch(bash.to_str().unwrap())
            .args(["--norc", "--noprofile", "--noediting", "-i"])
            .env("PS1", "READY$ "),
        |launch, (k, v)| launch.env(k, v),
    );
    let s = launch.spawn();
    s.wait_for("the shell's prompt", |t| t.contains("READY$"));
    Some(s)
}

/// Whether the shell's prompt, alone, is on some line.
fn at_prompt(text: &str) -> bool {
    text.lines().any(|l| l.trim_end() == "READY$")
}

#[test]
fn ctrl_z_then_fg_in_a_job_control_shell() {
    let j = with_pair();
    let Some(mut s) = job_control_shell(&j, &[]) else {
        return;
    };
    s.send(&format!("{BIN} --db {}\r", j.db().display()));
    s.wait_for("candor's main screen", |t| {
        t.contains("Ben Okafor") && t.contains(BROWSING)
    });
    note_form_with(&mut s, "typed before fg");

    s.send(CTRL_Z);
    s.wait_for("the shell saying candor stopped", |t| {
        t.contains("Stopped") && at_prompt(t)
    });
    assert_given_back(&s);

    let mark = s.output().raw.len();
    s.send("fg\r");
    poll_until(&s, "candor drawn again after fg", || {
        let raw = s.output().raw[mark..].to_vec();
        let mut fresh = vt100::Parser::new(
            NonZeroU16::new(30).unwrap(),
            NonZeroU16::new(100).unwrap(),
            0,
        );
        fresh.process(&raw);
        let screen = fresh.screen();
        screen.alternate_screen()
            && screen.contents().contains("typed before fg")
            && screen.contents().contains("Ben Okafor")
    });
    let flags = s.local_flags();
    assert_eq!(flags & (ICANON | ECHO), 0, "raw after fg (lflag {flags:o})");

    s.send(" and after");
    s.wait_for("typing after fg", |t| {
        t.contains("typed before fg and after")
    });
    s.send(CTRL_S);
    s.wait_for("the note saved", |t| t.contains("Added the note."));
    s.send("q");
    s.wait_for("the shell's prompt again", |t| {
        !t.contains("Ben Okafor") && t.contains("READY$")
    });
    s.send("exit\r");
    s.wait_exit(DEADLINE);
    assert_eq!(note_bodies(&j), ["typed before fg and after"]);
}

#[test]
fn ctrl_z_while_the_editor_is_open_leaves_the_terminal_to_the_editor() {
    let j = with_pair();
    // An editor that reads a line from the terminal, in cooked mode, so
    // that Ctrl-z reaches the whole job as SIGTSTP from the terminal.
    let script = j.path().join("editor.sh");
    std::fs::write(
        &script,
        "for f; do :; done\nprintf 'EDITOR-WAITS\\n'\nread line\nprintf ' %s' \"$line\" >> \"$f\"\n",
    )
    .unwrap();
    let editor = format!("sh {}", script.display());
    let Some(mut s) = job_control_shell(&j, &[("EDITOR", &editor)]) else {
        return;
    };
    s.send(&format!("{BIN} --db {}\r", j.db().display()));
    s.wait_for("candor's main screen", |t| {
        t.contains("Ben Okafor") && t.contains(BROWSING)
    });
    note_form_with(&mut s, "from the form");
    s.send("\x05");
    s.wait_for("the editor waiting for a line", |t| {
        t.contains("EDITOR-WAITS") && !t.contains("Ben Okafor")
    });

    s.send(CTRL_Z);
    s.wait_for("the shell saying the job stopped", |t| {
        t.contains("Stopped") && at_prompt(t)
    });
    s.send("fg\r");
    s.wait_for("the job in the foreground again", |t| t.contains("fg"));
    s.send("from-the-editor\r");
    s.wait_for("the edited text back in the form", |t| {
        t.contains("from the form from-the-editor") && t.contains("New note")
    });
    let flags = s.local_flags();
    assert_eq!(flags & (ICANON | ECHO), 0, "raw again (lflag {flags:o})");
    s.send(CTRL_S);
    s.wait_for("the note saved", |t| t.contains("Added the note."));
    s.send("q");
    s.wait_for("the shell's prompt again", |t| {
        !t.contains("Ben Okafor") && t.contains("READY$")
    });
    s.send("exit\r");
    s.wait_exit(DEADLINE);
    assert_eq!(note_bodies(&j), ["from the form from-the-editor"]);
}
