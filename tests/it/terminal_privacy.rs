//! The canary, through the real program in a pseudo-terminal: private text
//! typed into the journal once a passphrase is set — saved, left as a draft
//! by a hang-up, and then backed up — never reaches any file in clear, in
//! the data folder or the temp folder. Then U unlocks it, and L locks again.
#![allow(clippy::unwrap_used)]
#![cfg(unix)]

use crate::support::{journal, pty};

use std::path::Path;

use journal::{Journal, quit, send_signal};
use pty::{DEADLINE, Launch};

const CTRL_S: &str = "\x13";
const CTRL_E: &str = "\x05";
const RIGHT: &str = "\x1b[C";
const BACKTAB: &str = "\x1b[Z";
const ENTER: &str = "\r";

/// A CLI command on `j` as the TUI here runs it: the real clock, scratch
/// files in `tmp`, and `passphrase`, if any, as CANDOR_PASSPHRASE.
fn cli(j: &Journal, tmp: &Path, args: &[&str], passphrase: Option<&str>) -> String {
    let mut cmd = j.command_live();
    cmd.env("TMPDIR", tmp)
        .env_remove("CANDOR_PASSPHRASE")
        .env_remove("CANDOR_NEW_PASSPHRASE");
    if let Some(p) = passphrase {
        cmd.env("CANDOR_PASSPHRASE", p);
    }
    journal::run(cmd, args)
}

/// The TUI on `j` with the real clock and scratch files in `tmp`.
fn tui(j: &Journal, tmp: &Path) -> Launch {
    j.tui_live()
        .env("TMPDIR", tmp)
        .env_remove("CANDOR_PASSPHRASE")
}

/// Every file under `dir` that holds `needle`.
fn files_holding(dir: &Path, needle: &[u8]) -> Vec<String> {
    let mut hits = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap().flatten() {
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

#[test]
fn private_text_typed_in_the_journal_never_reaches_a_file_in_clear() {
    let j = Journal::in_folder("data");
    let data = j.path();
    let tmp = j.root().join("tmp");
    std::fs::create_dir_all(&tmp).unwrap();
    cli(
        &j,
        &tmp,
        &[
            "pair",
            "add",
            "--mentor",
            "Ana Ruiz",
            "--mentee",
            "Ben Okafor",
        ],
        None,
    );
    cli(&j, &tmp, &["passphrase", "set"], Some("correct horse"));

    // A private note saved in the journal.
    let mut s = tui(&j, &tmp).spawn();
    s.wait_for("the pair list", |t| t.contains("Ben Okafor"));
    s.send("5");
    s.wait_for("the Notes tab", |t| t.contains("n new entry"));
    s.send("n");
    s.wait_for("the note form", |t| t.contains("Tags (next puts"));
    s.send("CANARY-TUI-SAVED-7f3a");
    s.send(BACKTAB);
    s.send(RIGHT);
    s.wait_for("private chosen", |t| t.contains("(•) yes"));
    s.send(CTRL_S);
    s.wait_for("the locked row", |t| t.contains("locked — U unlocks it"));

    // A private note being typed when the terminal hangs up: kept as a
    // sealed draft. The form remembers that the last note was private.
    s.send("n");
    s.wait_for("the note form, private already", |t| {
        t.contains("Tags (next puts") && t.contains("(•) yes")
    });
    s.send("CANARY-TUI-DRAFT-9c1e");
    s.wait_for("the draft text", |t| t.contains("CANARY-TUI-DRAFT-9c1e"));
    send_signal(s.pid(), "HUP");
    s.wait_exit(DEADLINE);

    cli(
        &j,
        &tmp,
        &["backup", data.join("backup.db").to_str().unwrap()],
        None,
    );
    for canary in [&b"CANARY-TUI-SAVED-7f3a"[..], b"CANARY-TUI-DRAFT-9c1e"] {
        let mut hits = files_holding(data, canary);
        hits.extend(files_holding(&tmp, canary));
        assert!(
            hits.is_empty(),
            "{} found in {hits:?}",
            String::from_utf8_lossy(canary)
        );
    }

    // With the passphrase, the note is there and the draft comes back.
    let listed = cli(
        &j,
        &tmp,
        &["list", "ben", "notes", "--private"],
        Some("correct horse"),
    );
    assert!(listed.contains("CANARY-TUI-SAVED-7f3a"), "{listed}");
    let mut s = tui(&j, &tmp).spawn();
    s.wait_for("the draft offer", |t| t.contains("Draft kept from"));
    s.send("\x1b");
    s.wait_for("the offer put off", |t| !t.contains("Draft kept from"));
    s.send("5");
    s.wait_for("the locked row", |t| t.contains("locked — U unlocks it"));
    s.send("U");
    s.wait_for("the passphrase prompt", |t| {
        t.contains("Unlock private notes")
    });
    s.send("correct horse");
    s.wait_for("the hidden passphrase", |t| t.contains("typed, hidden"));
    let shown = s.text();
    assert!(
        !shown.contains("correct horse") && !shown.contains("••"),
        "neither the passphrase nor its length is shown:\n{shown}"
    );
    s.send(ENTER);
    s.wait_for("the note unlocked", |t| t.contains("CANARY-TUI-SAVED-7f3a"));
    s.send("L");
    s.wait_for("locked again", |t| {
        t.contains("locked — U unlocks it") && !t.contains("CANARY-TUI-SAVED")
    });
    quit(&mut s);
}

/// Every file in `dir` whose name starts with `prefix` (the journal, its
/// -wal and -shm), with the hits of `needle` in each.
fn journal_hits(dir: &Path, prefix: &str, needle: &[u8]) -> (Vec<String>, Vec<String>) {
    let mut searched = Vec::new();
    let mut hits = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.starts_with(prefix) {
            continue;
        }
        let bytes = std::fs::read(entry.path()).unwrap();
        if bytes.windows(needle.len()).any(|w| w == needle) {
            hits.push(name.clone());
        }
        searched.push(name);
    }
    searched.sort();
    (searched, hits)
}

#[test]
fn a_note_typed_before_choosing_private_is_sealed_in_its_draft_even_after_kill_9() {
    let j = Journal::in_folder("data");
    let data = j.path();
    let tmp = j.root().join("tmp");
    std::fs::create_dir_all(&tmp).unwrap();
    cli(
        &j,
        &tmp,
        &[
            "pair",
            "add",
            "--mentor",
            "Ana Ruiz",
            "--mentee",
            "Ben Okafor",
        ],
        None,
    );
    cli(&j, &tmp, &["passphrase", "set"], Some("correct horse"));

    let mut s = tui(&j, &tmp).env("CANDOR_AUTOSAVE_SECS", "1").spawn();
    s.wait_for("the pair list", |t| t.contains("Ben Okafor"));
    s.send("5");
    s.wait_for("the Notes tab", |t| t.contains("n new entry"));
    s.send("n");
    // Private sits at the top, preset (no note yet: no), and the cursor is
    // in the text, so the first thing typed is the note.
    let form = s.wait_for("the note form", |t| t.contains("Tags (next puts"));
    let private_row = form
        .lines()
        .position(|l| l.contains("Private (never shared"));
    let note_row = form.lines().position(|l| l.contains("▸ Note"));
    assert!(
        matches!((private_row, note_row), (Some(p), Some(n)) if p < n),
        "Private above the focused Note field:\n{form}"
    );
    s.send("CANARY-BEFORE-PRIVATE-41d2");
    s.wait_for("the idle autosave", |t| t.contains("Draft kept at"));
    send_signal(s.pid(), "KILL");
    s.wait_exit(DEADLINE);

    let needle = b"CANARY-BEFORE-PRIVATE-41d2";
    let (searched, hits) = journal_hits(data, "j.db", needle);
    assert!(
        searched.iter().any(|n| n.ends_with("-wal")),
        "the -wal is there to search: {searched:?}"
    );
    assert!(hits.is_empty(), "canary in {hits:?} of {searched:?}");
    assert!(files_holding(&tmp, needle).is_empty());

    // After unlocking, the draft comes back with its text.
    let mut s = tui(&j, &tmp).spawn();
    s.wait_for("the draft offer", |t| t.contains("Draft kept from"));
    s.send("y");
    s.wait_for("the passphrase prompt", |t| {
        t.contains("Unlock private notes")
    });
    s.send("correct horse");
    s.send(ENTER);
    s.wait_for("the draft offered again", |t| t.contains("Draft kept from"));
    s.send("y");
    s.wait_for("the draft reopened", |t| {
        t.contains("CANARY-BEFORE-PRIVATE-41d2") && t.contains("Tags (next puts")
    });
    // Now Private is chosen, and the note saved sealed.
    s.send(BACKTAB);
    s.send(RIGHT);
    s.wait_for("private chosen", |t| t.contains("(•) yes"));
    s.send(CTRL_S);
    s.wait_for("the private note saved", |t| {
        t.contains("Added the private note.")
    });
    quit(&mut s);
    let (_, hits) = journal_hits(data, "j.db", needle);
    assert!(hits.is_empty(), "canary in {hits:?}");
}

#[test]
fn the_unlock_prompt_takes_enter_says_a_wrong_passphrase_once_and_never_offers_an_editor() {
    let j = Journal::in_folder("data");
    let tmp = j.root().join("tmp");
    std::fs::create_dir_all(&tmp).unwrap();
    cli(
        &j,
        &tmp,
        &[
            "pair",
            "add",
            "--mentor",
            "Ana Ruiz",
            "--mentee",
            "Ben Okafor",
        ],
        None,
    );
    cli(&j, &tmp, &["passphrase", "set"], Some("correct horse"));
    cli(
        &j,
        &tmp,
        &["note", "add", "ben", "--private", "CANARY-LOCKED-NOTE-77ab"],
        None,
    );
    // An editor that records anything it is handed.
    let handed = tmp.join("handed-to-editor");
    let editor = tmp.join("editor.sh");
    std::fs::write(
        &editor,
        format!("#!/bin/sh\ncat \"$1\" >> '{}'\n", handed.display()),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&editor, std::fs::Permissions::from_mode(0o700)).unwrap();

    let mut s = tui(&j, &tmp).env("EDITOR", &editor).spawn();
    s.wait_for("the pair list", |t| t.contains("Ben Okafor"));
    s.send("U");
    // The whole frame, status line included, not one drawn halfway.
    let prompt = s.wait_for("the passphrase prompt and its keys", |t| {
        t.contains("Unlock private notes") && t.contains("enter unlock")
    });
    assert!(!prompt.contains("ctrl-e"), "no editor offered:\n{prompt}");

    // Ctrl-e does nothing with a secret; a wrong passphrase keeps the prompt.
    s.send("wrong passphrase");
    s.send(CTRL_E);
    s.send(ENTER);
    let wrong = s.wait_for("one line saying it was wrong", |t| {
        t.contains("That passphrase does not open this journal")
    });
    assert!(
        wrong.contains("Unlock private notes"),
        "still open:\n{wrong}"
    );
    assert!(
        wrong.contains("nothing shows as you type"),
        "the field is empty again:\n{wrong}"
    );
    assert!(!handed.exists(), "nothing went to the editor");

    // The right one, with Enter alone.
    s.send("correct horse");
    s.send(ENTER);
    s.wait_for("unlocked", |t| t.contains("Private notes unlocked"));
    s.send("5");
    s.wait_for("the private note", |t| {
        t.contains("CANARY-LOCKED-NOTE-77ab")
    });

    // L locks, and the terminal is cleared (every cell), not only drawn
    // over: the effect the app asks for is carried out by the loop.
    let before = s.raw().len();
    s.send("L");
    let locked = s.wait_for("locked", |t| t.contains("Private notes locked"));
    assert!(!locked.contains("CANARY-LOCKED-NOTE-77ab"), "{locked}");
    let after = s.raw()[before..].to_vec();
    assert!(
        after.windows(4).any(|w| w == b"\x1b[2J"),
        "no clear-screen sequence was written after L"
    );
    quit(&mut s);
    assert!(!handed.exists(), "nothing went to the editor");
}
