//! The canary, through the real program in a pseudo-terminal: private text
//! typed into the journal once a passphrase is set — saved, left as a draft
//! by a hang-up, and then backed up — never reaches any file in clear, in
//! the data folder or the temp folder. Then U unlocks it, and L locks again.
#![allow(clippy::unwrap_used)]
#![cfg(unix)]

#[path = "support/pty.rs"]
#[allow(dead_code)]
mod pty;

#[path = "support/journal.rs"]
#[allow(dead_code)]
mod journal;

use std::path::Path;

use journal::{Journal, quit, send_signal};
use pty::{DEADLINE, Launch};

const CTRL_S: &str = "\x13";
const RIGHT: &str = "\x1b[C";
const TAB: &str = "\t";

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
    s.send(TAB);
    s.send(TAB);
    s.send(RIGHT);
    s.wait_for("private chosen", |t| t.contains("(•) yes"));
    s.send(CTRL_S);
    s.wait_for("the locked row", |t| t.contains("locked — U unlocks it"));

    // A private note being typed when the terminal hangs up: kept as a sealed draft.
    s.send("n");
    s.wait_for("the note form", |t| t.contains("Tags (next puts"));
    s.send(TAB);
    s.send(TAB);
    s.send(RIGHT);
    s.wait_for("private chosen", |t| t.contains("(•) yes"));
    s.send("\x1b[Z\x1b[Z");
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
    s.wait_for("the masked passphrase", |t| t.contains("•••••••••••••"));
    assert!(
        !s.text().contains("correct horse"),
        "the passphrase is never shown"
    );
    s.send(CTRL_S);
    s.wait_for("the note unlocked", |t| t.contains("CANARY-TUI-SAVED-7f3a"));
    s.send("L");
    s.wait_for("locked again", |t| {
        t.contains("locked — U unlocks it") && !t.contains("CANARY-TUI-SAVED")
    });
    quit(&mut s);
}
