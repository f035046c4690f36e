//! Private notes under a passphrase (DESIGN.md, "Privacy: private notes under
//! a passphrase"), checked from the outside: the library on temp files and in
//! memory, and the real binary on temp journals.
//!
//! 1. Canary: private text written through the CLI (by TEXT, by standard
//!    input, by `edit`), drafts, a backup and an export leave no trace of it
//!    in any file of the data directory (database, `-wal`, `-shm`, backups)
//!    or of `$TMPDIR`; the text written before the passphrase is scrubbed.
//! 2. A wrong passphrase says so plainly, leaves the file byte for byte and
//!    costs one full key derivation per try (counted, never timed).
//! 3. A flipped byte, a truncated text or a ciphertext swapped between two
//!    notes fails to open that note alone.
//! 4. `crypto::seal`/`crypto::open` round trip arbitrary bytes and fail under
//!    another associated data or key (proptest, fixed seed).
//! 5. The recovery code opens the journal after the passphrase changed; a new
//!    code retires the old; removing the passphrase unseals everything.
//!
//! Library tests use `KdfParams::TEST`. The CLI always writes key slots with
//! the full 64 MiB Argon2id, so only the tests that go through `passphrase
//! set` pay for it; the others make the journal with the library (cheap
//! slots, which the CLI reads back with their own parameters). Every CLI run
//! goes through `setsid -w`, so there is never a terminal to ask on.
//!
//! A test binary of its own, not a module of `tests/it`: item 2 counts
//! `crypto::derivations()`, which counts for the whole process, and the
//! modules there derive keys in parallel with nothing to hold them back.
//! Here every test that derives takes the same lock.

#![allow(clippy::unwrap_used)]

#[path = "it/support/outcome.rs"]
mod outcome;
use outcome::succeeded;

#[path = "it/support/cli.rs"]
#[allow(dead_code)]
mod cli;
use cli::{NOW, sidecar};

use std::fs;
use std::ops::Deref;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};
use std::time::Duration;

use proptest::prelude::*;
use proptest::test_runner::{Config as ProptestConfig, FileFailurePersistence, RngSeed};
use rusqlite::Connection;
use serde_json::Value;
use tempfile::TempDir;

use candor::clock::{Clock, FixedClock};
use candor::crypto::{self, CryptoError, KdfParams};
use candor::domain::{Kind, NewPair, Note, Role};
use candor::store::{Draft, NewNote, Opener, Page, Store, StoreError};
use candor::template::Template;

/// What every canary holds, in any case: the note bodies start with
/// `CANARY-`, and each carries one word ending in `canaryvault`. The search
/// index stores words lower-cased and prefix-compressed (a word keeps only
/// what differs from the word before it), so the scan looks for the end of
/// the word, case-insensitively.
const NEEDLES: &[&str] = &["canary-", "canaryvault"];

// ---------------------------------------------------------------------------
// Shared helpers
// ---------------------------------------------------------------------------

/// `crypto::derivations()` counts for the whole process: library tests that
/// derive keys take this lock, so a count is never disturbed by a neighbour.
static KDF: Mutex<()> = Mutex::new(());

fn kdf_lock() -> MutexGuard<'static, ()> {
    KDF.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn clock() -> Arc<dyn Clock> {
    Arc::new(FixedClock::parse(NOW).unwrap())
}

/// Every regular file under `dir`, recursively.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = fs::read_dir(dir) else {
        return out;
    };
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(files_under(&path));
        } else if path.is_file() {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// Where any needle occurs (ASCII case-insensitively) in any file under `dirs`.
fn scan(dirs: &[&Path], needles: &[&str]) -> Vec<String> {
    let mut hits = Vec::new();
    for dir in dirs {
        for file in files_under(dir) {
            let bytes = fs::read(&file).unwrap().to_ascii_lowercase();
            for needle in needles {
                let n = needle.to_ascii_lowercase().into_bytes();
                let count = bytes
                    .windows(n.len())
                    .filter(|w| *w == n.as_slice())
                    .count();
                if count > 0 {
                    hits.push(format!("{}: {needle:?} ×{count}", file.display()));
                }
            }
        }
    }
    hits
}

#[track_caller]
fn assert_no_trace(dirs: &[&Path], needles: &[&str], when: &str) {
    let hits = scan(dirs, needles);
    let files: Vec<String> = dirs
        .iter()
        .flat_map(|d| files_under(d))
        .map(|f| f.display().to_string())
        .collect();
    assert!(
        hits.is_empty(),
        "{when}: private text found on disk: {hits:#?}\n(files scanned: {files:#?})"
    );
}

/// The journal file and its `-wal`, as they are now (`None` for a missing `-wal`).
fn file_state(db: &Path) -> (Vec<u8>, Option<Vec<u8>>) {
    (fs::read(db).unwrap(), fs::read(sidecar(db, "-wal")).ok())
}

fn new_pair() -> NewPair {
    NewPair::new(
        "Ada",
        "Grace",
        Role::Mentor,
        "estimates",
        chrono::NaiveDate::from_ymd_opt(2026, 10, 2).unwrap(),
        Some(14),
    )
    .unwrap()
}

fn add_pair(store: &mut Store) -> i64 {
    store
        .add_pair(&new_pair(), &Template::built_in())
        .unwrap()
        .id
}

fn add_private(store: &mut Store, pair: i64, body: &str) -> Note {
    store
        .add_note(
            pair,
            &NewNote {
                body: body.to_owned(),
                private: true,
                tags: vec!["secret".into()],
            },
        )
        .unwrap()
}

fn sealed_blob(db: &Path, id: i64) -> Option<Vec<u8>> {
    let conn = Connection::open(db).unwrap();
    conn.query_row("SELECT sealed FROM note WHERE id = ?1", [id], |r| r.get(0))
        .unwrap()
}

fn set_sealed(db: &Path, id: i64, bytes: &[u8]) {
    let conn = Connection::open(db).unwrap();
    conn.busy_timeout(Duration::from_secs(8)).unwrap();
    let n = conn
        .execute(
            "UPDATE note SET sealed = ?2 WHERE id = ?1",
            rusqlite::params![id, bytes],
        )
        .unwrap();
    assert_eq!(n, 1);
}

fn key_slots(db: &Path) -> i64 {
    let conn = Connection::open(db).unwrap();
    conn.query_row("SELECT count(*) FROM key_slot", [], |r| r.get(0))
        .unwrap()
}

/// The recovery code in a command's output: a line of at least four
/// hyphen-separated groups of at least four letters or digits.
#[track_caller]
fn recovery_code_in(stdout: &str) -> String {
    stdout
        .lines()
        .map(str::trim)
        .find(|line| {
            let groups: Vec<&str> = line.split('-').collect();
            groups.len() >= 4
                && groups
                    .iter()
                    .all(|g| g.len() >= 4 && g.chars().all(|c| c.is_ascii_alphanumeric()))
        })
        .unwrap_or_else(|| panic!("no recovery code in the output:\n{stdout}"))
        .to_owned()
}

/// The row id in "Added private note 3 to Grace."
#[track_caller]
fn added_id(stdout: &str) -> i64 {
    let rest = stdout
        .split_once("note ")
        .unwrap_or_else(|| panic!("no note id in {stdout:?}"))
        .1;
    rest.split_whitespace().next().unwrap().parse().unwrap()
}

// ---------------------------------------------------------------------------
// The binary
// ---------------------------------------------------------------------------

/// The shared journal at `data/j.db` in its temp folder, with `tmp` for
/// `$TMPDIR`, run in a new session (no controlling terminal) with no
/// `$EDITOR`/`$VISUAL` and no passphrase.
struct Journal {
    cli: cli::Journal,
    data: PathBuf,
    tmp: PathBuf,
}

impl Deref for Journal {
    type Target = cli::Journal;

    fn deref(&self) -> &cli::Journal {
        &self.cli
    }
}

impl Journal {
    fn new() -> Self {
        let mut cli = cli::Journal::new();
        let data = cli.path("data");
        let tmp = cli.path("tmp");
        fs::create_dir_all(&data).unwrap();
        fs::create_dir_all(&tmp).unwrap();
        cli.db = data.join("j.db");
        let cli = cli
            .without_terminal()
            .env("TMPDIR", &tmp)
            .env_remove("CANDOR_NEW_PASSPHRASE")
            .env_remove("VISUAL");
        Self { cli, data, tmp }
    }

    /// The journal made by the library with cheap key slots, one pair, and
    /// the store handed back (still unlocked) to add more.
    fn with_cheap_passphrase(&self, passphrase: &str) -> (Store, i64, String) {
        let mut store = Store::open(&self.db, clock()).unwrap();
        let pair = add_pair(&mut store);
        let code = {
            let _g = kdf_lock();
            store.set_passphrase(passphrase, KdfParams::TEST).unwrap()
        };
        (store, pair, code.to_string())
    }
}

/// The array a command printed with `--json`.
#[track_caller]
fn listed(stdout: &str) -> Vec<Value> {
    let v: Value =
        serde_json::from_str(stdout).unwrap_or_else(|e| panic!("not JSON ({e}):\n{stdout}"));
    v.as_array().unwrap().clone()
}

#[test]
fn cli_canary_private_text_never_reaches_the_data_or_temp_directory() {
    let j = Journal::new();
    let dirs = [j.data.as_path(), j.tmp.as_path()];
    j.ok(&["pair", "add", "--mentor", "Ada", "--mentee", "Grace"]);
    j.ok(&["note", "add", "1", "an ordinary shared note"]);

    // Before any passphrase a private note is stored in clear; the scan sees it.
    let first = added_id(&j.ok(&[
        "note",
        "add",
        "1",
        "--private",
        "CANARY-1 pelicancanaryvault",
    ]));
    assert!(
        !scan(&dirs, NEEDLES).is_empty(),
        "the scan must find a private note written before the passphrase (is it looking at the right files?)"
    );

    // Setting the passphrase (CANDOR_PASSPHRASE alone serves) seals and scrubs it.
    let set = j.ok_with(
        &[("CANDOR_PASSPHRASE", "correct horse")],
        &["passphrase", "set"],
    );
    recovery_code_in(&set);
    assert_no_trace(&dirs, NEEDLES, "after `passphrase set`");
    assert!(sealed_blob(&j.db, first).is_some());

    // Written from now on: sealed, and never needing the passphrase.
    let by_text = added_id(&j.ok(&[
        "note",
        "add",
        "1",
        "--private",
        "--tag",
        "walruscanaryvault",
        "CANARY-2 by text",
    ]));
    let by_stdin = added_id(&succeeded(
        &j.cmd()
            .args(["note", "add", "1", "--private"])
            .write_stdin("CANARY-2 by stdin ferretcanaryvault\n")
            .output()
            .unwrap(),
        &["note", "add", "--private (stdin)"],
    ));
    let by_dash = added_id(&succeeded(
        &j.cmd()
            .args(["note", "add", "1", "--private", "-"])
            .write_stdin("CANARY-2 by dash otterlikecanaryvault")
            .output()
            .unwrap(),
        &["note", "add", "--private -"],
    ));
    // Editing a sealed note unlocks it and seals the new text.
    j.ok_with(
        &[("CANDOR_PASSPHRASE", "correct horse")],
        &[
            "edit",
            "1",
            "note",
            &by_dash.to_string(),
            "CANARY-3 marmotcanaryvault",
        ],
    );
    for id in [first, by_text, by_stdin, by_dash] {
        assert!(sealed_blob(&j.db, id).is_some(), "note {id} is not sealed");
    }

    let backup = j.data.join("backup.db");
    j.ok(&["backup", backup.to_str().unwrap()]);
    let export = j.data.join("export.json");
    let wrote = j.ok(&[
        "export",
        "--all",
        "--format",
        "json",
        "-o",
        export.to_str().unwrap(),
    ]);
    assert!(wrote.contains("held back: 4 private notes"), "{wrote}");
    assert!(backup.is_file() && export.is_file());
    assert_no_trace(&dirs, NEEDLES, "after writing, backup and export");

    // With the passphrase the texts are all there.
    let pass = [("CANDOR_PASSPHRASE", "correct horse")];
    let list = j.ok_with(&pass, &["list", "1", "notes", "--private"]);
    for text in [
        "CANARY-1 pelicancanaryvault",
        "CANARY-2 by text",
        "walruscanaryvault",
        "CANARY-2 by stdin ferretcanaryvault",
        "CANARY-3 marmotcanaryvault",
    ] {
        assert!(
            list.contains(text),
            "`list --private` lacks {text:?}:\n{list}"
        );
    }
    assert!(
        !list.contains("by dash"),
        "the edit kept the old text:\n{list}"
    );
    let found = j.ok_with(&pass, &["search", "--private", "CANARY", "--json"]);
    let hits: Vec<i64> = listed(&found)
        .iter()
        .map(|h| h["id"].as_i64().unwrap())
        .collect();
    for id in [first, by_text, by_stdin, by_dash] {
        assert!(
            hits.contains(&id),
            "`search --private` misses note {id}: {found}"
        );
    }
    // Without --private nothing private is found, and nothing asks for the passphrase.
    let out = j.run(&["search", "CANARY"]);
    let plain = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && plain.starts_with("Nothing matches"),
        "{plain}"
    );
    // Standard error says the sealed notes were not searched, naming none.
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("private notes are sealed and were not searched"),
        "{said}"
    );
    assert!(!said.contains("CANARY"), "{said}");
    let out = j.run_with(&pass, &["search", "canaryvault*"], None);
    let plain = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && plain.starts_with("Nothing matches"),
        "{plain}"
    );
    assert_no_trace(&dirs, NEEDLES, "after reading with the passphrase");
}

#[test]
fn cli_wrong_passphrase_says_so_and_leaves_the_file_byte_for_byte() {
    let j = Journal::new();
    let (mut store, pair, _code) = j.with_cheap_passphrase("right one");
    add_private(&mut store, pair, "kept under the right one");
    drop(store);

    let before = file_state(&j.db);
    let err = j.fails_with(
        &[("CANDOR_PASSPHRASE", "wrong one")],
        &["list", "1", "notes", "--private"],
    );
    assert!(err.contains("does not open"), "{err}");
    assert!(
        file_state(&j.db) == before,
        "a wrong passphrase changed the journal's files"
    );

    let err = j.fails_with(
        &[("CANDOR_PASSPHRASE", "AAAAA-BBBBB-CCCCC-DDDDD-EEEEE-FFFFF")],
        &["--recovery", "list", "1", "notes", "--private"],
    );
    assert!(err.contains("does not open"), "{err}");
    assert!(
        file_state(&j.db) == before,
        "a wrong recovery code changed the journal's files"
    );

    // The right one still opens it.
    let out = j.ok_with(
        &[("CANDOR_PASSPHRASE", "right one")],
        &["list", "1", "notes", "--private"],
    );
    assert!(out.contains("kept under the right one"), "{out}");
}

#[test]
fn cli_without_terminal_or_variable_fails_at_once_naming_the_variable() {
    let j = Journal::new();
    let (mut store, pair, _code) = j.with_cheap_passphrase("right one");
    let note = add_private(&mut store, pair, "needs the passphrase to read");
    drop(store);
    let before = file_state(&j.db);

    for args in [
        vec!["list", "1", "notes", "--private"],
        vec!["search", "--private", "passphrase"],
        vec!["export", "--all", "--format", "json", "--include-private"],
        vec!["edit", "1", "note", &note.id.to_string(), "new text"],
        vec!["passphrase", "change"],
        vec!["passphrase", "remove"],
        vec!["passphrase", "recovery-code"],
    ] {
        let err = j.fails(&args);
        assert!(err.contains("CANDOR_PASSPHRASE"), "{args:?}: {err}");
        assert!(err.contains("no terminal"), "{args:?}: {err}");
    }
    // `change` with the old passphrase but no new one: it says which variable.
    let err = j.fails_with(
        &[("CANDOR_PASSPHRASE", "right one")],
        &["passphrase", "change"],
    );
    assert!(err.contains("CANDOR_NEW_PASSPHRASE"), "{err}");
    assert!(
        file_state(&j.db) == before,
        "a refused command changed the journal"
    );

    // On a journal without a passphrase, `set` with neither variable asks for one.
    let fresh = Journal::new();
    fresh.ok(&["pair", "add", "--mentor", "Ada", "--mentee", "Grace"]);
    let err = fresh.fails(&["passphrase", "set"]);
    assert!(err.contains("CANDOR_NEW_PASSPHRASE"), "{err}");
    assert_eq!(key_slots(&fresh.db), 0);
}

#[test]
fn cli_writing_a_private_note_never_needs_the_passphrase() {
    let j = Journal::new();
    let (store, _pair, _code) = j.with_cheap_passphrase("right one");
    drop(store);

    let id = added_id(&j.ok(&[
        "note",
        "add",
        "1",
        "--private",
        "CANARY-8 badgercanaryvault",
    ]));
    assert!(sealed_blob(&j.db, id).is_some());
    // Shared notes and lists without --private need nothing either.
    j.ok(&["note", "add", "1", "shared words"]);
    let list = j.ok(&["list", "1", "notes"]);
    assert!(
        list.contains("shared words") && !list.contains("private"),
        "{list}"
    );
    assert_no_trace(
        &[&j.data, &j.tmp],
        NEEDLES,
        "after a private note was added",
    );

    let out = j.ok_with(
        &[("CANDOR_PASSPHRASE", "right one")],
        &["list", "1", "notes", "--private"],
    );
    assert!(out.contains("CANARY-8 badgercanaryvault"), "{out}");
}

#[test]
fn cli_passphrase_set_twice_fails_clearly() {
    let j = Journal::new();
    j.ok(&["pair", "add", "--mentor", "Ada", "--mentee", "Grace"]);
    // CANDOR_NEW_PASSPHRASE alone serves too.
    let set = j.ok_with(
        &[("CANDOR_NEW_PASSPHRASE", "first words")],
        &["passphrase", "set"],
    );
    recovery_code_in(&set);
    let before = file_state(&j.db);
    for env in [
        [("CANDOR_PASSPHRASE", "second words")],
        [("CANDOR_NEW_PASSPHRASE", "second words")],
    ] {
        let err = j.fails_with(&env, &["passphrase", "set"]);
        assert!(err.contains("set already"), "{err}");
        assert!(err.contains("passphrase change"), "{err}");
    }
    assert!(
        file_state(&j.db) == before,
        "a refused `passphrase set` changed the journal"
    );
    assert_eq!(key_slots(&j.db), 2);
}

#[test]
fn cli_recovery_code_opens_after_a_change_and_a_new_code_retires_the_old() {
    let j = Journal::new();
    j.ok(&["pair", "add", "--mentor", "Ada", "--mentee", "Grace"]);
    j.ok(&[
        "note",
        "add",
        "1",
        "--private",
        "--tag",
        "career",
        "before the passphrase",
    ]);
    let set = j.ok_with(
        &[("CANDOR_PASSPHRASE", "old words")],
        &["passphrase", "set"],
    );
    let code = recovery_code_in(&set);
    j.ok(&["note", "add", "1", "--private", "after the passphrase"]);
    let list = ["list", "1", "notes", "--private"];
    let both =
        |out: &str| out.contains("before the passphrase") && out.contains("after the passphrase");

    let changed = j.ok_with(
        &[
            ("CANDOR_PASSPHRASE", "old words"),
            ("CANDOR_NEW_PASSPHRASE", "new words"),
        ],
        &["passphrase", "change"],
    );
    assert!(changed.contains("changed"), "{changed}");

    let by_code = j.ok_with(
        &[("CANDOR_PASSPHRASE", &code)],
        &[&["--recovery"][..], &list].concat(),
    );
    assert!(both(&by_code), "{by_code}");
    // Typed in lower case with spaces, the code still works.
    let typed = code.to_lowercase().replace('-', " ");
    let by_typed = j.ok_with(
        &[("CANDOR_PASSPHRASE", &typed)],
        &[&["--recovery"][..], &list].concat(),
    );
    assert!(both(&by_typed), "{by_typed}");
    let err = j.fails_with(&[("CANDOR_PASSPHRASE", "old words")], &list);
    assert!(err.contains("does not open"), "{err}");
    let by_new = j.ok_with(&[("CANDOR_PASSPHRASE", "new words")], &list);
    assert!(both(&by_new), "{by_new}");
    // The code is not a passphrase, nor the passphrase a code.
    let err = j.fails_with(&[("CANDOR_PASSPHRASE", &code)], &list);
    assert!(err.contains("does not open"), "{err}");

    // A new recovery code (asked for with the passphrase) retires the old one.
    let renewed = j.ok_with(
        &[("CANDOR_PASSPHRASE", "new words")],
        &["passphrase", "recovery-code"],
    );
    let new_code = recovery_code_in(&renewed);
    assert_ne!(new_code, code);
    let err = j.fails_with(
        &[("CANDOR_PASSPHRASE", &code)],
        &[&["--recovery"][..], &list].concat(),
    );
    assert!(err.contains("does not open"), "{err}");
    let by_new_code = j.ok_with(
        &[("CANDOR_PASSPHRASE", &new_code)],
        &[&["--recovery"][..], &list].concat(),
    );
    assert!(both(&by_new_code), "{by_new_code}");

    // Removing it unseals everything: readable with no passphrase at all.
    let removed = j.ok_with(
        &[("CANDOR_PASSPHRASE", "new words")],
        &["passphrase", "remove"],
    );
    assert!(removed.contains("2 private notes"), "{removed}");
    assert_eq!(key_slots(&j.db), 0);
    let conn = Connection::open(&j.db).unwrap();
    let sealed: i64 = conn
        .query_row(
            "SELECT count(*) FROM note WHERE sealed IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(sealed, 0);
    drop(conn);
    let plain = listed(&j.ok(&["list", "1", "notes", "--private", "--json"]));
    let bodies: Vec<&str> = plain.iter().map(|n| n["body"].as_str().unwrap()).collect();
    assert!(bodies.contains(&"before the passphrase"), "{bodies:?}");
    assert!(bodies.contains(&"after the passphrase"), "{bodies:?}");
    let tagged = plain
        .iter()
        .find(|n| n["body"] == "before the passphrase")
        .unwrap();
    assert_eq!(tagged["tags"], serde_json::json!(["career"]));
    // And searchable again in the index on disk.
    let found = j.ok(&["search", "--private", "passphrase", "--json"]);
    assert_eq!(listed(&found).len(), 2, "{found}");
}

#[test]
fn cli_import_of_private_notes_into_a_sealed_journal_stores_them_sealed() {
    let source = Journal::new();
    source.ok(&["pair", "add", "--mentor", "Ada", "--mentee", "Grace"]);
    source.ok(&[
        "note",
        "add",
        "1",
        "--private",
        "CANARY-9 imported lynxcanaryvault",
    ]);
    source.ok(&["note", "add", "1", "shared and imported"]);
    let file = source.path("export.json");
    source.ok(&[
        "export",
        "--all",
        "--format",
        "json",
        "--include-private",
        "-o",
        file.to_str().unwrap(),
    ]);
    assert!(fs::read_to_string(&file).unwrap().contains("CANARY-9"));

    let target = Journal::new();
    let (store, _pair, _code) = target.with_cheap_passphrase("target words");
    drop(store);
    // Import writes, so it needs no passphrase. The target's own Ada & Grace
    // is another relationship here: kept apart.
    target.ok(&["import", file.to_str().unwrap(), "--as-new"]);
    assert_no_trace(
        &[&target.data, &target.tmp],
        NEEDLES,
        "after importing a private note",
    );

    // The library made one Ada & Grace; the import brings another (its own uid).
    let pairs: Value = serde_json::from_str(&target.ok(&["pair", "list", "--json"])).unwrap();
    let ids: Vec<String> = pairs
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].to_string())
        .collect();
    assert_eq!(ids.len(), 2, "{pairs}");
    let mut bodies = Vec::new();
    for id in &ids {
        let notes = listed(&target.ok_with(
            &[("CANDOR_PASSPHRASE", "target words")],
            &["list", id, "notes", "--private", "--json"],
        ));
        for n in notes {
            if n["private"] == true {
                assert_eq!(n["sealed"], true, "{n}");
            }
            bodies.push(n["body"].as_str().unwrap().to_owned());
        }
    }
    assert!(
        bodies.contains(&"CANARY-9 imported lynxcanaryvault".to_owned()),
        "{bodies:?}"
    );
    assert!(
        bodies.contains(&"shared and imported".to_owned()),
        "{bodies:?}"
    );
}

/// A journal with sealed private notes A, B, C (cheap slots), A's sealed
/// text flipped in one byte, B's and C's swapped, then D added untouched.
/// Returns the ids of A, B and D.
fn tampered_journal() -> (Journal, [i64; 3]) {
    let j = Journal::new();
    let (mut store, pair, _code) = j.with_cheap_passphrase("right one");
    let a = add_private(&mut store, pair, "note A").id;
    let b = add_private(&mut store, pair, "note B").id;
    let c = add_private(&mut store, pair, "note C").id;
    drop(store);
    let mut blob_a = sealed_blob(&j.db, a).unwrap();
    let mid = blob_a.len() / 2;
    blob_a[mid] ^= 0x01;
    set_sealed(&j.db, a, &blob_a);
    let (blob_b, blob_c) = (
        sealed_blob(&j.db, b).unwrap(),
        sealed_blob(&j.db, c).unwrap(),
    );
    set_sealed(&j.db, b, &blob_c);
    set_sealed(&j.db, c, &blob_b);
    let d = {
        let mut store = Store::open(&j.db, clock()).unwrap();
        add_private(&mut store, pair, "note D").id
    };
    (j, [a, b, d])
}

#[test]
fn cli_list_private_on_a_tampered_journal_shows_the_others() {
    let (j, [a, b, d]) = tampered_journal();
    let pass = [("CANDOR_PASSPHRASE", "right one")];
    let notes = listed(&j.ok_with(&pass, &["list", "1", "notes", "--private", "--json"]));
    let by_id = |id: i64| notes.iter().find(|n| n["id"] == id).unwrap().clone();
    assert_eq!(by_id(a)["damaged"], true);
    assert_eq!(by_id(b)["damaged"], true);
    assert_eq!(by_id(d)["damaged"], false);
    assert_eq!(by_id(d)["body"], "note D");
    let text = j.ok_with(&pass, &["list", "1", "notes", "--private"]);
    assert!(text.contains("note D"), "{text}");
    assert!(
        !text.contains("note A") && !text.contains("note B"),
        "{text}"
    );
}

/// A damaged note should be named as such in the plain listing, not shown
/// as a private note with no text.
#[test]
fn cli_list_private_says_which_note_is_damaged() {
    let (j, [a, _b, _d]) = tampered_journal();
    let text = j.ok_with(
        &[("CANDOR_PASSPHRASE", "right one")],
        &["list", "1", "notes", "--private"],
    );
    let block: Vec<&str> = text
        .split('\n')
        .skip_while(|l| !l.starts_with(&format!("#{a} ")))
        .take_while({
            let mut first = true;
            move |l| std::mem::take(&mut first) || l.starts_with(' ')
        })
        .collect();
    assert!(!block.is_empty(), "note {a} is not listed:\n{text}");
    assert!(
        block.join("\n").to_lowercase().contains("damaged"),
        "the listing of damaged note {a} does not say it is damaged: {block:?}\nwhole output:\n{text}"
    );
}

// ---------------------------------------------------------------------------
// The library
// ---------------------------------------------------------------------------

fn draft(uid: &str, pair: i64, text: &str) -> Draft {
    Draft {
        uid: uid.to_owned(),
        pair_id: Some(pair),
        kind: Some(Kind::Note),
        target_uid: None,
        private: true,
        text: text.to_owned(),
        saved_at: clock().now(),
        locked: false,
    }
}

#[test]
fn private_drafts_are_sealed_and_open_only_when_unlocked() {
    let _g = kdf_lock();
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("j.db");
    let mut store = Store::open(&db, clock()).unwrap();
    let pair = add_pair(&mut store);
    let before_text = r#"{"body":"CANARY-D1 earlyheroncanaryvault"}"#;
    let after_text = r#"{"body":"CANARY-D2 lateibiscanaryvault"}"#;
    store
        .save_draft(&draft("draft-before", pair, before_text))
        .unwrap();
    add_private(&mut store, pair, "CANARY-N1 quietmolecanaryvault");
    assert!(
        !scan(&[dir.path()], NEEDLES).is_empty(),
        "the scan must see clear text"
    );

    store.set_passphrase("many words", KdfParams::TEST).unwrap();
    store
        .save_draft(&draft("draft-after", pair, after_text))
        .unwrap();
    assert_no_trace(
        &[dir.path()],
        NEEDLES,
        "drafts and notes after set_passphrase",
    );

    store.lock();
    let drafts = store.drafts().unwrap();
    assert_eq!(drafts.len(), 2);
    for d in &drafts {
        assert!(d.locked, "{d:?}");
        assert!(d.text.is_empty(), "{d:?}");
        assert!(d.private);
    }
    store.unlock("many words", Opener::Passphrase).unwrap();
    let drafts = store.drafts().unwrap();
    let text_of = |uid: &str| {
        let d = drafts.iter().find(|d| d.uid == uid).unwrap();
        assert!(!d.locked, "{d:?}");
        d.text.clone()
    };
    assert_eq!(text_of("draft-before"), before_text);
    assert_eq!(text_of("draft-after"), after_text);
    // A draft not (yet) marked private is sealed all the same: its form's
    // Private field may not have been chosen when the text was typed.
    let mut shared = draft("draft-shared", pair, "CANARY-S1 plainwordsnotyetprivate");
    shared.private = false;
    store.save_draft(&shared).unwrap();
    store.lock();
    let d = store.drafts().unwrap();
    let shared = d.iter().find(|d| d.uid == "draft-shared").unwrap();
    assert!(shared.locked && shared.text.is_empty(), "{shared:?}");
    assert_no_trace(&[dir.path()], NEEDLES, "at the end");
    store.unlock("many words", Opener::Passphrase).unwrap();
    let d = store.drafts().unwrap();
    let shared = d.iter().find(|d| d.uid == "draft-shared").unwrap();
    assert_eq!(shared.text, "CANARY-S1 plainwordsnotyetprivate");
}

#[test]
fn a_wrong_passphrase_costs_one_full_derivation_each_and_changes_nothing() {
    let _g = kdf_lock();
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("j.db");
    let mut store = Store::open(&db, clock()).unwrap();
    let pair = add_pair(&mut store);
    store
        .set_passphrase("right words", KdfParams::TEST)
        .unwrap();
    let id = add_private(&mut store, pair, "under lock").id;
    store.lock();
    let before = file_state(&db);

    let start = crypto::derivations();
    for (i, wrong) in ["wrong words", "Right words", "right words "]
        .iter()
        .enumerate()
    {
        let err = store.unlock(wrong, Opener::Passphrase).unwrap_err();
        assert!(matches!(err, StoreError::WrongSecret), "{err:?}");
        assert!(err.to_string().contains("does not open"), "{err}");
        assert_eq!(crypto::derivations(), start + i as u64 + 1, "try {wrong:?}");
        assert!(!store.is_unlocked());
    }
    assert_eq!(crypto::derivations(), start + 3);
    // A wrong recovery code costs the same.
    let err = store
        .unlock("AAAAA-BBBBB-CCCCC-DDDDD-EEEEE-FFFFF", Opener::Recovery)
        .unwrap_err();
    assert!(matches!(err, StoreError::WrongSecret), "{err:?}");
    assert_eq!(crypto::derivations(), start + 4);

    assert!(!store.is_unlocked());
    let note = store.note(id).unwrap();
    assert!(
        note.is_locked() && note.text().is_none() && !note.is_damaged(),
        "{note:?}"
    );
    assert!(store.has_locked_notes().unwrap());
    assert!(
        file_state(&db) == before,
        "wrong tries changed the journal's files"
    );
    // Locked, a sealed note cannot be edited.
    let edit = store.update_note(
        id,
        None,
        &NewNote {
            body: "overwrite".into(),
            private: true,
            tags: vec![],
        },
    );
    assert!(matches!(edit, Err(StoreError::Locked)), "{edit:?}");

    store.unlock("right words", Opener::Passphrase).unwrap();
    assert_eq!(crypto::derivations(), start + 5);
    assert_eq!(store.note(id).unwrap().text().unwrap().body, "under lock");
}

#[test]
fn a_tampered_ciphertext_fails_to_open_that_note_alone() {
    let _g = kdf_lock();
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("j.db");
    let mut store = Store::open(&db, clock()).unwrap();
    let pair = add_pair(&mut store);
    store.set_passphrase("many words", KdfParams::TEST).unwrap();
    let [a, b, c] = ["note A", "note B", "note C"].map(|t| add_private(&mut store, pair, t).id);
    let (blob_a, blob_b, blob_c) = (
        sealed_blob(&db, a).unwrap(),
        sealed_blob(&db, b).unwrap(),
        sealed_blob(&db, c).unwrap(),
    );
    store.lock();
    store.unlock("many words", Opener::Passphrase).unwrap();

    let check = |store: &Store, damaged: &[i64], when: &str| {
        for (id, body) in [(a, "note A"), (b, "note B"), (c, "note C")] {
            let n = store.note(id).unwrap();
            assert!(!n.is_locked(), "{when}: {n:?}");
            if damaged.contains(&id) {
                assert!(n.is_damaged(), "{when}: note {id} should be damaged: {n:?}");
                assert!(n.text().is_none(), "{when}: {n:?}");
            } else {
                assert!(!n.is_damaged(), "{when}: note {id} should open: {n:?}");
                assert_eq!(n.text().unwrap().body, body, "{when}");
                assert_eq!(n.text().unwrap().tags, ["secret"], "{when}");
            }
        }
        let listed = store.notes(pair, true, &Page::first(50)).unwrap();
        assert_eq!(listed.len(), 3, "{when}");
        for n in &listed {
            assert_eq!(n.is_damaged(), damaged.contains(&n.id), "{when}: {n:?}");
        }
    };
    check(&store, &[], "untouched");

    // One flipped byte, anywhere: in the encapsulated key, in the ciphertext, in the tag.
    for pos in [0, 31, 32, blob_a.len() / 2, blob_a.len() - 1] {
        let mut flipped = blob_a.clone();
        flipped[pos] ^= 0x80;
        set_sealed(&db, a, &flipped);
        check(&store, &[a], &format!("byte {pos} of A flipped"));
    }
    // Truncated, or empty.
    for len in [blob_a.len() - 1, 31, 0] {
        set_sealed(&db, a, &blob_a[..len]);
        check(&store, &[a], &format!("A cut to {len} bytes"));
    }
    set_sealed(&db, a, &blob_a);
    check(&store, &[], "A put back");

    // B's and C's texts swapped: the uid is bound, so neither opens.
    set_sealed(&db, b, &blob_c);
    set_sealed(&db, c, &blob_b);
    check(&store, &[b, c], "B and C swapped");
    // The in-memory index, rebuilt at unlock, holds only what opened.
    store.lock();
    store.unlock("many words", Opener::Passphrase).unwrap();
    let hits = store
        .search(
            "note",
            &candor::store::SearchFilter {
                include_private: true,
                ..Default::default()
            },
        )
        .unwrap();
    let ids: Vec<i64> = hits
        .iter()
        .filter(|h| h.kind == Kind::Note)
        .map(|h| h.id)
        .collect();
    assert_eq!(ids, [a], "{hits:?}");

    // Removing the passphrase with a damaged note refuses clearly and keeps everything.
    let err = store.remove_passphrase().unwrap_err();
    assert!(err.to_string().contains("damaged"), "{err}");
    assert!(store.is_unlocked());
    assert!(store.has_passphrase().unwrap());
    assert_eq!(store.note(a).unwrap().text().unwrap().body, "note A");
    assert_eq!(sealed_blob(&db, b).unwrap(), blob_c);
}

/// A row the program never writes (a shared note with a sealed text, made
/// by hand) is read as what a sealed text always is: private. The note
/// cannot be both shared and sealed.
#[test]
fn a_sealed_text_in_a_row_marked_shared_is_read_as_private() {
    let _g = kdf_lock();
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("j.db");
    let mut store = Store::open(&db, clock()).unwrap();
    let pair = add_pair(&mut store);
    store.set_passphrase("many words", KdfParams::TEST).unwrap();
    let id = add_private(&mut store, pair, "kept apart").id;
    Connection::open(&db)
        .unwrap()
        .execute("UPDATE note SET private = 0 WHERE id = ?1", [id])
        .unwrap();
    store.lock();
    let locked = store.note(id).unwrap();
    assert!(locked.is_private() && locked.is_locked(), "{locked:?}");
    store.unlock("many words", Opener::Passphrase).unwrap();
    let opened = store.note(id).unwrap();
    assert!(opened.is_private() && opened.is_sealed(), "{opened:?}");
    assert_eq!(opened.text().unwrap().body, "kept apart");
}

#[test]
fn the_recovery_code_opens_after_the_passphrase_changed() {
    let _g = kdf_lock();
    let mut store = Store::open_in_memory(clock()).unwrap();
    let pair = add_pair(&mut store);
    let id = add_private(&mut store, pair, "recover me").id;
    let code = store
        .set_passphrase("old words", KdfParams::TEST)
        .unwrap()
        .to_string();
    store
        .change_passphrase("new words", KdfParams::TEST)
        .unwrap();
    store.lock();

    let wrong = |store: &mut Store, secret: &str, opener| {
        let err = store.unlock(secret, opener).unwrap_err();
        assert!(matches!(err, StoreError::WrongSecret), "{secret}: {err:?}");
        assert!(!store.is_unlocked());
    };
    let right = |store: &mut Store, secret: &str, opener| {
        store.unlock(secret, opener).unwrap();
        assert_eq!(store.note(id).unwrap().text().unwrap().body, "recover me");
        store.lock();
        assert!(store.note(id).unwrap().is_locked());
    };
    wrong(&mut store, "old words", Opener::Passphrase);
    right(&mut store, "new words", Opener::Passphrase);
    right(&mut store, &code, Opener::Recovery);
    right(
        &mut store,
        &code.to_lowercase().replace('-', "  "),
        Opener::Recovery,
    );
    wrong(&mut store, &code, Opener::Passphrase);

    // Locked, the key cannot be rewrapped.
    assert!(matches!(
        store.change_passphrase("newer words", KdfParams::TEST),
        Err(StoreError::Locked)
    ));
    assert!(matches!(
        store.new_recovery_code(KdfParams::TEST),
        Err(StoreError::Locked)
    ));

    store.unlock(&code, Opener::Recovery).unwrap();
    let new_code = store
        .new_recovery_code(KdfParams::TEST)
        .unwrap()
        .to_string();
    store.lock();
    wrong(&mut store, &code, Opener::Recovery);
    right(&mut store, &new_code, Opener::Recovery);

    store.unlock("new words", Opener::Passphrase).unwrap();
    assert_eq!(store.remove_passphrase().unwrap(), 1);
    assert!(!store.has_passphrase().unwrap());
    assert!(!store.is_unlocked());
    let n = store.note(id).unwrap();
    assert!(
        !n.is_sealed() && !n.is_locked() && n.text().unwrap().body == "recover me",
        "{n:?}"
    );
    assert!(matches!(
        store.unlock("new words", Opener::Passphrase),
        Err(StoreError::NotFound(_))
    ));
}

// ---------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------

/// A fixed seed: the same cases on every run. A failure is kept too, as the
/// seed of its case, in a committed file in `tests/proptest-regressions/`
/// (relative to the package root, where `cargo test` runs), and the cases
/// there run first on every later run, also once the seed or the number of
/// cases changes. The file is written by the first failure; until then
/// proptest reads no file and says nothing.
fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(
            "tests/proptest-regressions/privacy.txt",
        ))),
        rng_seed: RngSeed::Fixed(0x0ca4_d0c5),
        ..ProptestConfig::with_cases(cases)
    }
}

/// One key pair to seal to and another that must not open (X25519 is slow
/// unoptimised, so the cases share them).
struct Keys {
    secret: crypto::SecretKey,
    public: crypto::PublicKey,
    other: crypto::SecretKey,
}

fn keys() -> &'static Keys {
    static KEYS: OnceLock<Keys> = OnceLock::new();
    KEYS.get_or_init(|| {
        let (secret, public) = crypto::generate();
        let (other, _) = crypto::generate();
        Keys {
            secret,
            public,
            other,
        }
    })
}

/// Seals `plain` under `aad`: it opens with the key and `aad` to the same
/// bytes, and fails under every one of `wrong_aads` and under another key.
fn seal_open_round_trips(
    plain: &[u8],
    aad: &[u8],
    wrong_aads: &[&[u8]],
) -> Result<(), TestCaseError> {
    let k = keys();
    let sealed = crypto::seal(&k.public, plain, aad).unwrap();
    prop_assert!(sealed.len() > plain.len());
    if plain.len() >= 16 {
        prop_assert!(
            !sealed.windows(16).any(|w| w == &plain[..16]),
            "the sealed text shows the plain text"
        );
    }
    let opened = crypto::open(&k.secret, &sealed, aad).unwrap();
    prop_assert_eq!(opened.as_slice(), plain);
    for wrong in wrong_aads {
        prop_assert_ne!(aad, *wrong);
        prop_assert_eq!(
            crypto::open(&k.secret, &sealed, wrong).err(),
            Some(CryptoError::Damaged)
        );
    }
    prop_assert_eq!(
        crypto::open(&k.other, &sealed, aad).err(),
        Some(CryptoError::Damaged)
    );
    Ok(())
}

/// An associated data that differs from `aad`: `pick` chooses how.
fn differ(aad: &[u8], pick: usize) -> Vec<u8> {
    let mut other = aad.to_vec();
    match (pick % 3, aad.is_empty()) {
        (0, _) | (_, true) => other.push(0),
        (1, false) => {
            let i = (pick / 3) % other.len();
            other[i] ^= 1;
        }
        _ => {
            other.pop();
        }
    }
    other
}

proptest! {
    #![proptest_config(config(32))]

    #[test]
    fn seal_then_open_gives_the_bytes_back(
        plain in proptest::collection::vec(any::<u8>(), 0..64 * 1024),
        aad in proptest::collection::vec(any::<u8>(), 0..256),
        pick in any::<usize>(),
        free_aad in proptest::collection::vec(any::<u8>(), 0..64),
    ) {
        let near = differ(&aad, pick);
        if free_aad == aad {
            seal_open_round_trips(&plain, &aad, &[&near])?;
        } else {
            seal_open_round_trips(&plain, &aad, &[&near, &free_aad])?;
        }
    }

    #[test]
    fn sealed_text_is_bound_to_its_row_and_field(
        plain in ".{0,200}",
        uid in "[a-f0-9-]{1,36}",
        other_uid in "[a-f0-9-]{1,36}",
    ) {
        prop_assume!(uid != other_uid);
        let aad = crypto::aad(&uid, "note");
        seal_open_round_trips(
            plain.as_bytes(),
            &aad,
            &[&crypto::aad(&other_uid, "note"), &crypto::aad(&uid, "draft")],
        )?;
    }
}

proptest! {
    #![proptest_config(config(3))]

    #[test]
    fn seal_then_open_gives_large_texts_back(
        plain in proptest::collection::vec(any::<u8>(), 64 * 1024..=1024 * 1024),
        aad in proptest::collection::vec(any::<u8>(), 0..256),
        pick in any::<usize>(),
    ) {
        seal_open_round_trips(&plain, &aad, &[&differ(&aad, pick)])?;
    }
}

/// Arbitrary text (any Unicode, control characters, NUL) kept as a private
/// note is stored sealed and comes back the same, while unlocked and after
/// locking and unlocking again.
#[test]
fn private_note_text_round_trips_through_the_store() {
    let _g = kdf_lock();
    let store = std::cell::RefCell::new(Store::open_in_memory(clock()).unwrap());
    let pair = add_pair(&mut store.borrow_mut());
    store
        .borrow_mut()
        .set_passphrase("many words", KdfParams::TEST)
        .unwrap();
    let kept = std::cell::RefCell::new(Vec::new());
    let mut runner = proptest::test_runner::TestRunner::new(config(24));
    let strategy = (
        "\\PC{1,300}|(.|\n|\t|\u{0}|\u{1b}){1,40}",
        proptest::collection::vec("[a-z0-9]{1,12}", 0..4),
    );
    runner
        .run(&strategy, |(body, tags)| {
            prop_assume!(!body.trim().is_empty());
            let mut tags = tags;
            tags.sort();
            tags.dedup();
            let added = store
                .borrow_mut()
                .add_note(
                    pair,
                    &NewNote {
                        body: body.clone(),
                        private: true,
                        tags: tags.clone(),
                    },
                )
                .unwrap();
            // `add_note` reads the row back, so this opened the stored sealed text.
            prop_assert!(added.is_sealed() && !added.is_locked() && !added.is_damaged());
            prop_assert_eq!(&added.text().unwrap().body, &body);
            prop_assert_eq!(&added.text().unwrap().tags, &tags);
            kept.borrow_mut().push((added.id, body, tags));
            Ok(())
        })
        .unwrap();
    let mut store = store.into_inner();
    let kept = kept.into_inner();
    assert!(kept.len() > 10, "too few cases ran: {}", kept.len());
    store.lock();
    for (id, _, _) in &kept {
        let n = store.note(*id).unwrap();
        assert!(n.is_locked() && n.text().is_none(), "{n:?}");
    }
    store.unlock("many words", Opener::Passphrase).unwrap();
    for (id, body, tags) in &kept {
        let n = store.note(*id).unwrap();
        assert!(!n.is_locked() && !n.is_damaged(), "{n:?}");
        assert_eq!(&n.text().unwrap().body, body);
        assert_eq!(&n.text().unwrap().tags, tags);
    }
}
