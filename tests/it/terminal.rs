#![allow(clippy::unwrap_used)]
#![cfg(unix)]
//! End-to-end terminal tests: the real `candor` binary in a pseudo-terminal,
//! keys typed into it and its screen read back through a vt100 parser, so
//! that what a person sees and gets back is what is tested.
//!
//! Synchronisation is by polling the parsed screen until a deadline, never
//! by fixed sleeps.

use crate::support::{journal, pty};

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use journal::{
    BIN, Journal, assert_title_untouched, line_with, names_starting, quit, send_signal, wrote,
};
use pty::{DEADLINE, Session, numbered};
use vt100::MouseProtocolMode;

/// `c_lflag` bits: canonical input and echo, both off in raw mode.
#[cfg(target_os = "linux")]
const ICANON: u64 = 0o000002;
#[cfg(target_os = "linux")]
const ECHO: u64 = 0o000010;
#[cfg(not(target_os = "linux"))]
const ICANON: u64 = 0x100;
#[cfg(not(target_os = "linux"))]
const ECHO: u64 = 0x8;

/// Whether some line of the screen holds all of `needles`.
fn line_has_all(text: &str, needles: &[&str]) -> bool {
    text.lines().any(|l| needles.iter().all(|n| l.contains(n)))
}

/// The terminal is in the state the TUI sets up.
fn assert_terminal_taken(s: &Session) {
    {
        let out = s.output();
        let screen = out.parser.screen();
        assert!(
            screen.alternate_screen(),
            "the TUI draws on the alternate screen"
        );
        assert_ne!(
            screen.mouse_protocol_mode(),
            MouseProtocolMode::None,
            "the TUI turns mouse reporting on"
        );
        assert!(screen.bracketed_paste(), "the TUI turns bracketed paste on");
    }
    let flags = s.local_flags();
    assert_eq!(
        flags & (ICANON | ECHO),
        0,
        "the TUI puts the terminal in raw mode (lflag {flags:o})"
    );
}

/// The terminal is back as it was before the program started.
fn assert_terminal_given_back(s: &Session) {
    {
        let out = s.output();
        let screen = out.parser.screen();
        let text = screen.contents();
        assert!(
            !screen.alternate_screen(),
            "still on the alternate screen:\n{}",
            numbered(&text)
        );
        assert_eq!(
            screen.mouse_protocol_mode(),
            MouseProtocolMode::None,
            "mouse reporting left on"
        );
        assert!(!screen.bracketed_paste(), "bracketed paste left on");
        assert!(!screen.hide_cursor(), "the cursor was left hidden");
    }
    let flags = s.local_flags();
    assert_eq!(
        flags & (ICANON | ECHO),
        ICANON | ECHO,
        "the terminal was left in raw mode (lflag {flags:o})"
    );
}

/// The process is gone, and so is anything it started in its session.
/// Needs /proc, so it checks nothing elsewhere than on Linux.
fn assert_nothing_left(pid: u32) {
    if !cfg!(target_os = "linux") {
        return;
    }
    assert!(
        !Path::new(&format!("/proc/{pid}")).exists(),
        "process {pid} still exists after it was waited for"
    );
    let left = session_members(pid);
    assert!(
        left.is_empty(),
        "processes left behind in the program's session: {left:?}"
    );
}

/// Processes whose session id is `sid` (the pty child is a session leader).
fn session_members(sid: u32) -> Vec<u32> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .filter_map(Result::ok)
        .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| {
            let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
                return false;
            };
            // Fields after the command name: state ppid pgrp session ...
            let Some(rest) = stat.rsplit_once(')').map(|(_, r)| r) else {
                return false;
            };
            rest.split_whitespace().nth(3) == Some(&sid.to_string())
        })
        .collect()
}

/// The demo's journal folders in `tmp`.
fn demo_dirs(tmp: &Path) -> Vec<String> {
    names_starting(tmp, "candor-demo-")
}

const WELCOME: &str = "Welcome to candor";

/// The TUI on `j`, started and showing the welcome screen.
fn at_welcome(j: &Journal) -> Session {
    let s = j.tui().spawn();
    s.wait_for("the welcome screen", |t| t.contains(WELCOME));
    s
}

/// Sends `signal` to the TUI, which must leave through its shutdown path
/// with `exit_code` (128 + the signal's number), give the terminal back and
/// leave nothing running.
fn signal_gives_the_terminal_back(mut s: Session, signal: &str, exit_code: u32) {
    send_signal(s.pid(), signal);
    let status = s.wait_exit(DEADLINE);
    assert_eq!(status.signal(), None, "killed by the signal: {status}");
    assert_eq!(
        status.exit_code(),
        exit_code,
        "SIG{signal} exits 128+{}: {status}",
        exit_code - 128
    );
    assert_terminal_given_back(&s);
    assert_nothing_left(s.pid());
}

/// After its terminal closed, the TUI `s` leaves through its shutdown path
/// and leaves nothing running.
fn assert_hang_up_ends_the_program(mut s: Session) {
    let status = s.wait_exit(DEADLINE);
    assert_eq!(
        status.signal(),
        None,
        "the program should leave through its shutdown path, not die of a signal: {status}"
    );
    // The kernel's SIGHUP reaches the signal thread (129); should the event
    // loop see the dead terminal first, it leaves through the same shutdown
    // path with an error (1). Either way it must not spin or hang.
    assert!(
        [129, 1].contains(&status.exit_code()),
        "a hang-up exits 129 (or 1): {status}"
    );
    assert_nothing_left(s.pid());
}

/// The demo, started with a TMPDIR of its own in `j`'s folder; returns
/// that folder too.
fn demo(j: &Journal) -> (PathBuf, Session) {
    let tmp = j.path().join("tmp");
    std::fs::create_dir(&tmp).unwrap();
    let s = j.launch(BIN).args(["--demo"]).env("TMPDIR", &tmp).spawn();
    (tmp, s)
}

#[test]
fn type_a_pair_tick_an_item_quit_and_check_with_the_cli() {
    let j = Journal::new();
    let mut s = at_welcome(&j);

    s.send("n");
    s.wait_for("the new pair form", |t| {
        t.contains("New pair") && t.contains("Mentor's name")
    });
    // Mentor, Enter, mentee, Enter; the role stays "mentor"; Ctrl-s saves.
    s.send("Ana Ruiz\r");
    s.send("Zoë Quinn\r");
    s.send("\x13");
    let text = s.wait_for("the new pair in the list with 0/12", |t| {
        !t.contains("Mentor's name") && line_has_all(t, &["Zoë Quinn", " M ", " 0/12"])
    });
    assert!(!text.contains(WELCOME), "welcome still shown:\n{text}");

    // First meeting tab, second item, tick it.
    s.send("2");
    s.wait_for("the First meeting tab", |t| t.contains("[ ]"));
    s.send("j");
    s.send(" ");
    let text = s.wait_for("the pair at 1/12", |t| {
        line_has_all(t, &["Zoë Quinn", " 1/12"])
    });
    let ticked: Vec<&str> = text.lines().filter(|l| l.contains("[x]")).collect();
    assert_eq!(
        ticked.len(),
        1,
        "exactly one item shows as ticked:\n{}",
        numbered(&text)
    );
    let first_item = text
        .lines()
        .position(|l| l.contains("[ ]") || l.contains("[x]"));
    let ticked_row = text.lines().position(|l| l.contains("[x]"));
    assert_eq!(
        ticked_row,
        first_item.map(|i| i + 1),
        "the second item is the ticked one:\n{}",
        numbered(&text)
    );

    quit(&mut s);

    let items = j.cli_json(&["checklist", "Quinn", "--json"]);
    let items = items.as_array().expect("checklist --json is an array");
    assert_eq!(items.len(), 12, "twelve checklist items");
    let done: Vec<&str> = items
        .iter()
        .filter(|i| i["done"] == serde_json::Value::Bool(true))
        .map(|i| i["key"].as_str().unwrap())
        .collect();
    assert_eq!(done, ["trust.confidential"]);
    assert_eq!(items[1]["key"], "trust.confidential");

    let pairs = j.cli_json(&["pair", "list", "--json"]);
    let pairs = pairs.as_array().expect("pair list --json is an array");
    assert_eq!(pairs.len(), 1, "{pairs:?}");
    assert_eq!(pairs[0]["mentor_name"], "Ana Ruiz");
    assert_eq!(pairs[0]["mentee_name"], "Zoë Quinn");
    assert_eq!(pairs[0]["my_role"], "mentor");
}

#[test]
fn quitting_gives_the_terminal_back() {
    let j = Journal::new();
    let mut s = at_welcome(&j);
    assert_terminal_taken(&s);
    quit(&mut s);
    assert_terminal_given_back(&s);
    assert_nothing_left(s.pid());
}

#[test]
fn sigterm_gives_the_terminal_back() {
    let j = Journal::new();
    let s = at_welcome(&j);
    assert_terminal_taken(&s);
    signal_gives_the_terminal_back(s, "TERM", 143);
}

#[test]
fn sighup_gives_the_terminal_back() {
    let j = Journal::new();
    let s = at_welcome(&j);
    assert_terminal_taken(&s);
    signal_gives_the_terminal_back(s, "HUP", 129);
}

#[test]
fn sigint_gives_the_terminal_back() {
    let j = Journal::new();
    let s = at_welcome(&j);
    signal_gives_the_terminal_back(s, "INT", 130);
}

#[test]
fn a_signal_while_a_form_is_open_still_gives_the_terminal_back() {
    let j = Journal::new();
    let mut s = at_welcome(&j);
    s.send("n");
    s.send("half a na");
    s.wait_for("the typed text in the form", |t| t.contains("half a na"));
    signal_gives_the_terminal_back(s, "TERM", 143);
}

#[test]
fn closing_the_terminal_ends_the_program() {
    // The program leads the terminal's session here, so closing the terminal
    // sends it SIGHUP while its event loop finds the terminal gone.
    let j = Journal::new();
    let mut s = at_welcome(&j);
    // `?` makes the program draw, which wakes the reader so it can let go.
    s.close_terminal("?");
    assert_hang_up_ends_the_program(s);
}

/// The `write` system call's number, as /proc/PID/syscall shows it.
#[cfg(all(target_os = "linux", target_arch = "x86_64"))]
const SYS_WRITE: &str = "1";
#[cfg(all(target_os = "linux", target_arch = "aarch64"))]
const SYS_WRITE: &str = "64";

/// Whether the main thread of `pid` sits in a `write` call.
#[cfg(all(
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64")
))]
fn blocked_in_write(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/syscall"))
        .is_ok_and(|s| s.split_whitespace().next() == Some(SYS_WRITE))
}

#[test]
#[cfg(all(
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64")
))]
fn closing_the_terminal_while_a_frame_is_written_ends_the_program_cleanly() {
    // A terminal window is often closed while the program draws (closing
    // it may resize it first). Nobody reads the program's output any more,
    // and resizes make it redraw the whole screen until its writes block;
    // then the terminal closes under the blocked write.
    let j = Journal::new();
    let mut s = at_welcome(&j);
    let pid = s.pid();
    s.stop_reading();
    let end = Instant::now() + DEADLINE;
    let mut cols = 100;
    while !blocked_in_write(pid) {
        assert!(
            Instant::now() < end,
            "the program never blocked writing frames nobody reads"
        );
        cols = if cols == 100 { 99 } else { 100 };
        s.resize_pty(cols, 30);
        std::thread::sleep(Duration::from_millis(20));
    }
    s.hang_up();
    assert_hang_up_ends_the_program(s);
}

/// Kills the given processes when dropped, so a test that finds a program
/// hanging does not leave it running.
#[cfg(target_os = "linux")]
struct KillOnDrop(Vec<u32>);

#[cfg(target_os = "linux")]
impl Drop for KillOnDrop {
    fn drop(&mut self) {
        for pid in &self.0 {
            if Path::new(&format!("/proc/{pid}")).exists() {
                send_signal(*pid, "KILL");
            }
        }
    }
}

/// CPU time (user + system, in clock ticks) that `pid` has used so far.
#[cfg(target_os = "linux")]
fn cpu_ticks(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    Some(fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?)
}

#[test]
#[cfg(target_os = "linux")]
fn closing_the_terminal_ends_the_program_even_without_a_hangup_signal() {
    // A shell that ignores SIGHUP leads the session (as with `disown -h` in
    // bash or `setopt no_hup` in zsh): when the terminal closes, no signal
    // reaches candor, and only its event loop can notice that the terminal
    // is gone.
    let j = Journal::new();
    let status_file = j.path().join("status.txt");
    let mut s = j
        .launch("sh")
        .args([
            "-c".as_ref(),
            r#"trap "" HUP; "$0" --db "$1"; echo $? > "$2""#.as_ref(),
            BIN.as_ref(),
            j.db().as_os_str(),
            status_file.as_os_str(),
        ])
        .spawn();
    s.wait_for("the welcome screen", |t| t.contains(WELCOME));
    let candor: Vec<u32> = session_members(s.pid())
        .into_iter()
        .filter(|p| *p != s.pid())
        .collect();
    assert_eq!(candor.len(), 1, "candor runs under the shell: {candor:?}");
    let pid = candor[0];
    let _guard = KillOnDrop(candor);

    s.close_terminal("?");
    let end = Instant::now() + Duration::from_secs(10);
    while Path::new(&format!("/proc/{pid}")).exists() && s.try_status().is_none() {
        if Instant::now() >= end {
            let before = cpu_ticks(pid).unwrap_or(0);
            std::thread::sleep(Duration::from_secs(1));
            let used = cpu_ticks(pid).unwrap_or(0).saturating_sub(before);
            panic!(
                "candor (pid {pid}) still runs 10 s after its terminal closed, \
                 using {used} clock ticks of CPU in the last second \
                 (about 100 a second means it spins)"
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let shell = s.wait_exit(DEADLINE);
    assert!(shell.success(), "the shell: {shell}");
    let code: u32 = std::fs::read_to_string(&status_file)
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    assert!(
        code < 128 || code == 129,
        "candor should leave through its shutdown path, not die of a signal: \
         exit status {code} (134 = SIGABRT)"
    );
}

#[test]
fn no_process_is_left_behind() {
    let j = Journal::new();
    let mut s = at_welcome(&j);
    let pid = s.pid();
    if cfg!(target_os = "linux") {
        assert!(
            Path::new(&format!("/proc/{pid}")).exists(),
            "the program runs as {pid}"
        );
        assert!(
            session_members(pid).contains(&pid),
            "the program leads its own session"
        );
    }
    quit(&mut s);
    assert_nothing_left(pid);
}

/// Waits for `child` to exit, killing it and failing if it takes too long.
fn wait_with_timeout(child: &mut std::process::Child, what: &str) -> std::process::ExitStatus {
    let end = Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if Instant::now() >= end {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{what} still running after 10 s: it hangs instead of refusing");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn refuses_to_open_the_tui_when_stdout_is_not_a_terminal() {
    let j = Journal::new();
    let mut child = j
        .command()
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let status = wait_with_timeout(&mut child, "candor with stdout piped");
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!status.success(), "should refuse; stderr: {stderr}");
    assert!(
        stderr.contains("terminal"),
        "the message should say a terminal is needed: {stderr:?}"
    );
    assert!(
        !stderr.contains("panicked"),
        "a clear message, not a panic: {stderr:?}"
    );
    assert!(
        !out.stdout.contains(&0x1b),
        "nothing drawn into the pipe: {:?}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn refuses_when_only_stdout_is_redirected_from_a_terminal() {
    // Standard input and error are the terminal; only output goes to a file,
    // as in `candor > out.txt`.
    let j = Journal::new();
    let out_file = j.path().join("out.txt");
    let mut s = j
        .launch("sh")
        .args([
            "-c".as_ref(),
            r#"exec "$0" --db "$1" > "$2""#.as_ref(),
            BIN.as_ref(),
            j.db().as_os_str(),
            out_file.as_os_str(),
        ])
        .spawn();
    let status = s.wait_exit(DEADLINE);
    let text = s.text();
    assert!(!status.success(), "should refuse:\n{}", numbered(&text));
    assert!(
        text.contains("terminal"),
        "the message on stderr should say a terminal is needed:\n{}",
        numbered(&text)
    );
    assert!(!text.contains("panicked"), "{}", numbered(&text));
    let written = std::fs::read(&out_file).unwrap();
    assert!(
        !written.contains(&0x1b),
        "nothing drawn into the file: {:?}",
        String::from_utf8_lossy(&written)
    );
    assert_terminal_given_back(&s);
}

#[test]
fn escape_sequences_in_names_never_reach_the_terminal() {
    let j = Journal::new();
    let evil = "\x1b[31mRed\x1b]0;pwned\x07 李 🚀";
    j.cli(&["pair", "add", "--mentor", "Ana Ruiz", "--mentee", evil]);
    let mut s = j.tui().spawn();
    let text = s.wait_for("the pair row", |t| t.contains("▸ Red 李 🚀"));
    let row = line_with(&text, "▸ Red 李 🚀").unwrap();
    assert!(
        row.contains(" M  0/12"),
        "wide characters keep the row's layout: {row:?}\n{}",
        numbered(&text)
    );
    // The header, the First meeting tab and a form with the name in it.
    s.send("2");
    s.wait_for("the First meeting tab", |t| t.contains("[ ]"));
    // Step 2's first item: a adds a strength there.
    s.send("jja");
    s.wait_for("the add form", |t| t.contains("Add to the first meeting"));
    let text = s.text();
    assert!(
        text.matches("Red 李 🚀").count() >= 2,
        "the name shows cleaned in the header and the form:\n{}",
        numbered(&text)
    );
    s.press_esc_until("the form to close", |t| {
        !t.contains("Add to the first meeting")
    });
    quit(&mut s);

    assert!(
        !wrote(&s, b"pwned"),
        "the injected OSC reached the terminal"
    );
    assert!(!wrote(&s, b"\x1b]0;"), "the program set the window title");
    assert!(
        !wrote(&s, b"\x1b[31mRed"),
        "the injected colour sequence reached the terminal"
    );
    assert_title_untouched(&s);
}

#[test]
fn demo_shows_three_pairs_and_cleans_up() {
    let j = Journal::new();
    let (tmp, mut s) = demo(&j);
    s.wait_for("the three demo pairs", |t| {
        t.contains("Ben Okafor") && t.contains("Dana Li") && t.contains("Cleo Park")
    });
    assert_eq!(
        demo_dirs(&tmp).len(),
        1,
        "the demo keeps its journal in TMPDIR while it runs"
    );
    quit(&mut s);
    assert_eq!(
        demo_dirs(&tmp),
        Vec::<String>::new(),
        "demo dir left behind"
    );
    assert!(!j.db().exists(), "the demo touched no real journal");
    assert_terminal_given_back(&s);
}

#[test]
fn demo_cleans_up_after_sigterm_too() {
    let j = Journal::new();
    let (tmp, mut s) = demo(&j);
    s.wait_for("the demo pairs", |t| t.contains("Ben Okafor"));
    assert_eq!(demo_dirs(&tmp).len(), 1);
    send_signal(s.pid(), "TERM");
    let status = s.wait_exit(DEADLINE);
    assert_eq!(status.exit_code(), 143, "{status}");
    assert_eq!(
        demo_dirs(&tmp),
        Vec::<String>::new(),
        "demo dir left behind"
    );
    assert_terminal_given_back(&s);
}

#[test]
fn a_small_terminal_shows_a_notice_until_it_grows() {
    let j = Journal::new();
    let mut s = j.tui().size(50, 10).spawn();
    let text = s.wait_for("the size notice", |t| t.contains("60×16"));
    assert!(
        !text.contains(WELCOME) && !text.contains('┌'),
        "no layout drawn at 50×10:\n{}",
        numbered(&text)
    );
    s.resize(100, 30);
    let text = s.wait_for("the normal screen after growing", |t| {
        t.contains(WELCOME) && t.contains("candor")
    });
    assert!(
        !text.contains("60×16"),
        "notice still shown:\n{}",
        numbered(&text)
    );
    s.resize(59, 30);
    s.wait_for("the notice again at 59 columns", |t| {
        t.contains("60×16") && !t.contains(WELCOME)
    });
    s.resize(60, 16);
    s.wait_for("the normal screen at exactly 60×16", |t| {
        !t.contains("60×16") && t.contains("candor")
    });
    quit(&mut s);
}

#[test]
fn help_lists_the_keys_and_esc_closes_it() {
    let j = Journal::new();
    let mut s = at_welcome(&j);
    s.send("?");
    let text = s.wait_for("the help box", |t| t.contains("Keys (Esc closes"));
    // The status line says "q quit" too; the box lists every key of a binding.
    assert!(
        line_has_all(&text, &["q, ctrl-c", "quit"]),
        "help lists quit:\n{}",
        numbered(&text)
    );
    assert!(
        line_has_all(&text, &["?", "help"]) && text.contains("Anywhere"),
        "help lists its bindings by where they work:\n{}",
        numbered(&text)
    );
    s.press_esc_until("help to close", |t| {
        !t.contains("Keys (Esc closes") && t.contains(WELCOME)
    });
    // Esc was taken as Esc, not as the start of something else: q quits.
    s.send("q");
    let status = s.wait_exit(DEADLINE);
    assert!(
        status.success(),
        "q exits 0 after closing help, got {status}"
    );
}

#[test]
fn the_screen_opens_on_the_default_pair_and_says_what_is_wrong_with_the_config_file() {
    let j = Journal::new();
    for (mentor, mentee) in [("Ana Ruiz", "Ben Okafor"), ("Ana Ruiz", "Cleo Park")] {
        j.cli(&["pair", "add", "--mentor", mentor, "--mentee", mentee]);
    }
    std::fs::create_dir_all(j.cfg()).unwrap();
    let path = j.cfg().join("config.toml");
    std::fs::write(
        &path,
        "default_pair = \"cleo\"\ndate_format = \"%d.%m.%Y\"\n",
    )
    .unwrap();
    let mut s = j.tui().size(100, 30).spawn();
    let text = s.wait_for("Cleo's pair, opened by the config file", |t| {
        t.contains("Cleo Park · you mentor")
    });
    assert!(
        text.contains("27.11.2026"),
        "the pair's dates follow date_format:\n{}",
        numbered(&text)
    );
    quit(&mut s);

    // A file with an unknown key: said in the status line; the defaults
    // are in use (the first pair, dates as YYYY-MM-DD).
    std::fs::write(&path, "default_pair = \"cleo\"\ncolour = \"never\"\n").unwrap();
    let mut s = j.tui().size(220, 30).spawn();
    let text = s.wait_for("the config file's error", |t| {
        t.contains("unknown key 'colour'")
    });
    assert!(
        text.contains(&format!("{}, line 2: unknown key 'colour'", path.display()))
            && text.contains("the defaults are in use"),
        "the status line names the file, the line and the key:\n{}",
        numbered(&text)
    );
    assert!(
        text.contains("Ben Okafor · you mentor"),
        "{}",
        numbered(&text)
    );
    quit(&mut s);
}

#[test]
fn a_keymap_with_an_unknown_action_is_named_and_the_default_keys_work() {
    let j = Journal::new();
    std::fs::create_dir_all(j.cfg()).unwrap();
    std::fs::write(
        j.cfg().join("keymap.toml"),
        "[[bind]]\nmode = \"browse\"\non = [\"x\"]\nrun = \"explode\"\n",
    )
    .unwrap();
    // Wide enough for the whole message with a temporary folder's path.
    let mut s = j.tui().size(220, 30).spawn();
    let text = s.wait_for("the welcome screen with the keymap's error", |t| {
        t.contains(WELCOME) && t.contains("the default keys are in use")
    });
    let path = j.cfg().join("keymap.toml");
    let expected = format!(
        "The keymap {}, line 4: 'explode' is not an action; the default keys are in use.",
        path.display()
    );
    assert!(
        text.contains(&expected),
        "the status line says what is wrong and where:\n{}",
        numbered(&text)
    );
    // The default keys work: ? opens help, Esc closes it, q quits.
    s.send("?");
    s.wait_for("the help box", |t| t.contains("Keys (Esc closes"));
    s.press_esc_until("help to close", |t| {
        !t.contains("Keys (Esc closes") && t.contains(WELCOME)
    });
    quit(&mut s);
}
