//! `candor passphrase set` typed at a terminal: the real binary in a
//! pseudo-terminal, where its prompts (echo off) read the pty. A new
//! passphrase typed differently twice, or too short, is asked for again,
//! three times at most.
#![allow(clippy::unwrap_used)]
#![cfg(unix)]

use crate::support::{journal, pty};

use std::ffi::OsStr;

use journal::{BIN, Journal};
use pty::{DEADLINE, Launch, Session, numbered};

/// `candor ARGS` on `j`'s journal in a terminal, with no passphrase in its environment.
fn at_terminal(j: &Journal, args: &[&str]) -> Launch {
    j.launch(BIN)
        .args([OsStr::new("--db"), j.db().as_os_str()])
        .args(args)
        .env_remove("CANDOR_PASSPHRASE")
        .env_remove("CANDOR_NEW_PASSPHRASE")
}

/// A journal with one pair and a private note in it, no passphrase yet.
fn journal_with_private_note() -> Journal {
    let j = Journal::new();
    j.cli(&["pair", "add", "--mentor", "Ada", "--mentee", "Grace"]);
    j.cli(&["note", "add", "grace", "--private", "the private words"]);
    j
}

/// How often `needle` is on the screen.
fn times(text: &str, needle: &str) -> usize {
    text.matches(needle).count()
}

/// Waits for the `n`th prompt `prompt`, then types `answer` and Enter.
fn answer(s: &mut Session, prompt: &str, n: usize, answer: &str) {
    s.wait_for(&format!("prompt {n} {prompt:?}"), |t| times(t, prompt) >= n);
    s.send(answer);
    s.send("\r");
}

/// The private notes listed with `passphrase`, or the error.
fn private_notes(j: &Journal, passphrase: &str) -> std::process::Output {
    j.command()
        .env("CANDOR_PASSPHRASE", passphrase)
        .args(["list", "grace", "notes", "--private"])
        .output()
        .unwrap()
}

fn key_slots(j: &Journal) -> i64 {
    rusqlite::Connection::open(j.db())
        .unwrap()
        .query_row("SELECT count(*) FROM key_slot", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn two_typings_that_differ_are_asked_again_and_the_matching_pair_is_set() {
    let j = journal_with_private_note();
    let mut s = at_terminal(&j, &["passphrase", "set"]).spawn();
    answer(&mut s, "New passphrase:", 1, "first try words");
    answer(&mut s, "The same again:", 1, "first try wordz");
    s.wait_for("the mismatch told", |t| {
        t.contains("The two typings differ; try again.")
    });
    answer(&mut s, "New passphrase:", 2, "second try words");
    answer(&mut s, "The same again:", 2, "second try words");
    let status = s.wait_exit(DEADLINE);
    let screen = s.text();
    assert!(status.success(), "{status}:\n{}", numbered(&screen));
    assert!(screen.contains("Passphrase set."), "{}", numbered(&screen));
    assert!(
        !screen.contains("try words") && !screen.contains("try wordz"),
        "a passphrase was echoed:\n{}",
        numbered(&screen)
    );

    let listed = private_notes(&j, "second try words");
    assert!(listed.status.success(), "{listed:?}");
    assert!(String::from_utf8_lossy(&listed.stdout).contains("the private words"));
    assert!(!private_notes(&j, "first try words").status.success());
}

#[test]
fn a_passphrase_too_short_is_asked_again() {
    let j = journal_with_private_note();
    let mut s = at_terminal(&j, &["passphrase", "set"]).spawn();
    answer(&mut s, "New passphrase:", 1, "seven!!");
    s.wait_for("too short told", |t| {
        t.contains("Too short: a passphrase needs at least 8 characters; try again.")
    });
    assert_eq!(
        times(&s.text(), "The same again:"),
        0,
        "a passphrase too short is not asked twice"
    );
    answer(&mut s, "New passphrase:", 2, "eight!!!");
    answer(&mut s, "The same again:", 1, "eight!!!");
    let status = s.wait_exit(DEADLINE);
    assert!(status.success(), "{status}:\n{}", numbered(&s.text()));
    assert!(private_notes(&j, "eight!!!").status.success());
}

#[test]
fn after_three_failed_tries_nothing_is_set_and_the_exit_is_not_zero() {
    let j = journal_with_private_note();
    let before = std::fs::read(j.db()).unwrap();
    let mut s = at_terminal(&j, &["passphrase", "set"]).spawn();
    answer(&mut s, "New passphrase:", 1, "short");
    answer(&mut s, "New passphrase:", 2, "long enough one");
    answer(&mut s, "The same again:", 1, "long enough two");
    answer(&mut s, "New passphrase:", 3, "tiny");
    let status = s.wait_exit(DEADLINE);
    let screen = s.text();
    assert!(!status.success(), "{}", numbered(&screen));
    assert!(
        screen.contains("candor: no new passphrase after 3 tries"),
        "{}",
        numbered(&screen)
    );
    assert_eq!(
        times(&screen, "New passphrase:"),
        3,
        "{}",
        numbered(&screen)
    );
    assert_eq!(key_slots(&j), 0);
    assert!(
        std::fs::read(j.db()).unwrap() == before,
        "the journal changed"
    );
}

/// The "Max core file size" soft and hard limits of process `pid`.
#[cfg(target_os = "linux")]
fn core_limits(pid: &str) -> Vec<String> {
    let limits = std::fs::read_to_string(format!("/proc/{pid}/limits")).unwrap();
    let line = limits
        .lines()
        .find(|l| l.starts_with("Max core file size"))
        .unwrap_or_else(|| panic!("no core line in:\n{limits}"));
    line["Max core file size".len()..]
        .split_whitespace()
        .take(2)
        .map(str::to_owned)
        .collect()
}

/// The journal on screen under a passphrase, still locked: core files are
/// off (soft and hard limit 0) for as long as it runs. Without a passphrase
/// the limits stay what they were.
#[cfg(target_os = "linux")]
#[test]
fn the_journal_under_a_passphrase_runs_without_core_files() {
    let ours = core_limits("self");

    let j = journal_with_private_note();
    let mut s = j.tui().env_remove("CANDOR_PASSPHRASE").spawn();
    s.wait_for("the pair list", |t| t.contains("Grace"));
    assert_eq!(
        core_limits(&s.pid().to_string()),
        ours,
        "no passphrase: the limits are left alone"
    );
    journal::quit(&mut s);

    let set = j
        .command()
        .env("CANDOR_NEW_PASSPHRASE", "correct horse")
        .args(["passphrase", "set"])
        .output()
        .unwrap();
    assert!(set.status.success(), "{set:?}");
    let mut s = j.tui().env_remove("CANDOR_PASSPHRASE").spawn();
    s.wait_for("the pair list", |t| t.contains("Grace"));
    assert_eq!(core_limits(&s.pid().to_string()), ["0", "0"]);
    journal::quit(&mut s);
}

/// At a terminal, the copies made before the passphrase are named and
/// deleted only on `y`.
#[test]
fn at_a_terminal_old_copies_are_deleted_on_y_and_kept_otherwise() {
    for (answer_typed, deleted) in [("y", true), ("", false)] {
        let j = journal_with_private_note();
        let copy = j.path().join("j.db.before-v4-20260101T000000.000Z");
        std::fs::copy(j.db(), &copy).unwrap();
        let mut s = at_terminal(&j, &["passphrase", "set"])
            .env("CANDOR_NEW_PASSPHRASE", "correct horse")
            .spawn();
        answer(&mut s, "Delete them now? [y/N]", 1, answer_typed);
        let status = s.wait_exit(DEADLINE);
        let screen = s.text();
        assert!(status.success(), "{status}:\n{}", numbered(&screen));
        assert!(
            screen.contains("j.db.before-v4-20260101T000000.000Z"),
            "the copy is named:\n{}",
            numbered(&screen)
        );
        assert_eq!(
            !copy.exists(),
            deleted,
            "{answer_typed:?}:\n{}",
            numbered(&screen)
        );
        let said = if deleted {
            "Deleted 1 of them."
        } else {
            "They were kept"
        };
        assert!(screen.contains(said), "{}", numbered(&screen));
        assert!(private_notes(&j, "correct horse").status.success());
    }
}
