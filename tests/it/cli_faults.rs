//! Faults found by the outside run of candor 0.8 (issue 12), each with the
//! real binary on real files: the open path under two writers and on a big
//! journal, foreign files with side files SQLite would act on, a mistyped
//! `--db`, and `doctor`'s foreign-key check.

#![allow(clippy::unwrap_used)]

use crate::support::cli::{self, Journal, sidecar};
use crate::support::{outcome, pty};

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use rstest::rstest;
use sha2::{Digest, Sha256};

/// The sha256 of every file in `dir` (and its subfolders), by path.
fn digests(dir: &Path) -> BTreeMap<PathBuf, String> {
    let mut all = BTreeMap::new();
    let mut todo = vec![dir.to_owned()];
    while let Some(d) = todo.pop() {
        for entry in fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            let meta = fs::symlink_metadata(&path).unwrap();
            if meta.is_dir() {
                all.insert(path.clone(), "folder".into());
                todo.push(path);
            } else {
                let hash = Sha256::digest(fs::read(&path).unwrap());
                let hex: String = hash.iter().map(|b| format!("{b:02x}")).collect();
                all.insert(path, hex);
            }
        }
    }
    all
}

fn add_pair(j: &Journal) {
    j.ok(&[
        "pair",
        "add",
        "--mentor",
        "Alex Morgan",
        "--mentee",
        "Ben Okafor",
    ]);
}

/// Two running copies each add `per_writer` notes, one `note add` (one
/// process) after another: every add succeeds and every note is there.
fn two_writers(per_writer: usize) {
    let j = Journal::new();
    add_pair(&j);
    let failures: Vec<String> = std::thread::scope(|s| {
        let writers: Vec<_> = ["left", "right"]
            .into_iter()
            .map(|who| {
                let j = &j;
                s.spawn(move || {
                    let mut failures = Vec::new();
                    for n in 0..per_writer {
                        let text = format!("{who} {n}");
                        let out = j.run(&["note", "add", "1", &text]);
                        if !out.status.success() || !out.stderr.is_empty() {
                            failures.push(format!(
                                "{text}: exit {:?}: {}",
                                out.status.code(),
                                String::from_utf8_lossy(&out.stderr).trim_end()
                            ));
                        }
                    }
                    failures
                })
            })
            .collect();
        writers
            .into_iter()
            .flat_map(|w| w.join().unwrap())
            .collect()
    });
    assert!(
        failures.is_empty(),
        "{} of {} adds failed:\n{}",
        failures.len(),
        2 * per_writer,
        failures.join("\n")
    );
    let notes = j.count("SELECT count(*) FROM note");
    assert_eq!(notes, 2 * per_writer as i64);
    let check: String = j
        .conn()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
}

/// Issue 12, defect 1a: the header check read the file's size without a
/// lock while the other copy checkpointed, and called a healthy journal
/// truncated ("restore a backup"). 2 × 300 adds, none may fail.
#[test]
fn two_writers_adding_notes_at_once_never_see_a_damaged_journal() {
    two_writers(300);
}

/// The long run of the same: 2 × 3,000 adds (about 30 s in a debug
/// build). `cargo test --test it cli_faults::two_writers -- --ignored`
#[test]
#[ignore = "long: cargo test --test it cli_faults::two_writers -- --ignored"]
fn two_writers_adding_thousands_of_notes_never_see_a_damaged_journal() {
    two_writers(3_000);
}

/// Issue 12, defect 1b: opening reads the header pages only, not the whole
/// file. A broken page that `pair list` and `checklist` never read does not
/// stop them (before, every open ran `quick_check` over the whole file and
/// refused); `doctor` still reads everything and names it; nothing is changed.
#[test]
fn opening_does_not_read_the_whole_file_and_doctor_still_finds_damage() {
    let j = Journal::new();
    add_pair(&j);
    // A note long enough to spill into overflow pages, which only reading
    // that note touches.
    let body = "q".repeat(40_000);
    j.ok(&["note", "add", "1", &body]);
    assert!(!sidecar(&j.db, "-wal").exists());
    let mut bytes = fs::read(&j.db).unwrap();
    let page = usize::from(u16::from_be_bytes([bytes[16], bytes[17]]));
    // An overflow page: a 4-byte pointer to the next one, then the text.
    let at = (1..bytes.len() / page)
        .map(|n| n * page)
        .find(|&at| {
            bytes[at + 4..at + page].iter().all(|&b| b == b'q') && bytes[at..at + 4] != [0; 4]
        })
        .expect("an overflow page of the note in the middle of its chain");
    bytes[at..at + 4].copy_from_slice(&0x7fff_fff0_u32.to_be_bytes());
    fs::write(&j.db, &bytes).unwrap();
    let before = digests(j.dir.path());

    let list = j.ok(&["pair", "list"]);
    assert!(list.contains("Ben Okafor"), "{list}");
    j.ok(&["checklist", "1"]);

    let out = j.run(&["doctor"]);
    assert!(!out.status.success(), "doctor passed a broken page");
    let report = String::from_utf8_lossy(&out.stdout);
    let integrity = report
        .lines()
        .find(|l| l.contains("integrity"))
        .unwrap_or_else(|| panic!("no integrity line:\n{report}"));
    assert!(integrity.starts_with("FAIL"), "{report}");
    assert_eq!(digests(j.dir.path()), before, "a file was changed");
}

/// Another program's SQLite database caught mid-transaction in rollback
/// mode: the file already holds uncommitted pages (a one-page cache spills
/// them) and `FILE-journal` beside it the pages to put back. Returns the
/// database's path in `dir`.
fn foreign_with_hot_journal(dir: &Path, name: &str) -> PathBuf {
    let live = dir.join("live-recipes.db");
    let conn = rusqlite::Connection::open(&live).unwrap();
    conn.execute_batch(
        "PRAGMA journal_mode = DELETE;
         CREATE TABLE recipe (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200)
         INSERT INTO recipe (name) SELECT printf('bread %d %.500c', i, 'x') FROM n;",
    )
    .unwrap();
    conn.execute_batch(
        "PRAGMA cache_size = 1;
         BEGIN;
         UPDATE recipe SET name = printf('soup %d %.500c', id, 'y');",
    )
    .unwrap();
    let db = dir.join(name);
    fs::copy(&live, &db).unwrap();
    fs::copy(sidecar(&live, "-journal"), sidecar(&db, "-journal")).unwrap();
    conn.execute_batch("ROLLBACK").unwrap();
    drop(conn);
    fs::remove_file(&live).unwrap();
    db
}

/// The fixture is what it says: SQLite itself, opening a copy, plays the
/// journal back and deletes it.
#[test]
fn the_hot_journal_fixture_is_rolled_back_by_sqlite() {
    let j = Journal::new();
    let db = foreign_with_hot_journal(j.dir.path(), "probe.db");
    let before = fs::read(&db).unwrap();
    let conn = rusqlite::Connection::open(&db).unwrap();
    let soups: i64 = conn
        .query_row(
            "SELECT count(*) FROM recipe WHERE name LIKE 'soup%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    drop(conn);
    assert_eq!(soups, 0);
    assert!(!sidecar(&db, "-journal").exists());
    assert_ne!(fs::read(&db).unwrap(), before);
}

/// Issue 12, defect 5: a foreign SQLite file with a hot rollback journal
/// was rolled back and its journal deleted while candor said it was left
/// unchanged. Now it is refused before SQLite opens it, by every kind of
/// command, and every file in the folder keeps its sha256.
#[test]
fn a_foreign_file_with_a_hot_rollback_journal_is_refused_untouched() {
    let j = Journal::new();
    let db = foreign_with_hot_journal(j.dir.path(), "recipes.db");
    let before = digests(j.dir.path());
    for args in [
        &["pair", "list"][..],
        &["pair", "add", "--mentor", "Cleo", "--mentee", "Dana"],
        &["doctor"],
    ] {
        let out = j.on(&db).args(args).output().unwrap();
        assert_eq!(digests(j.dir.path()), before, "{args:?} changed a file");
        let err = outcome::failed(&out, args);
        assert!(err.contains(&db.display().to_string()), "{err}");
        assert!(err.contains("rollback journal"), "{err}");
    }
}

/// The same journal beside an empty file: SQLite deletes a journal it finds
/// beside an empty database, so this is refused too.
#[test]
fn an_empty_file_with_a_rollback_journal_beside_it_is_refused_untouched() {
    let j = Journal::new();
    let db = foreign_with_hot_journal(j.dir.path(), "recipes.db");
    fs::write(&db, b"").unwrap();
    let before = digests(j.dir.path());
    let out = j.on(&db).args(["pair", "list"]).output().unwrap();
    assert_eq!(digests(j.dir.path()), before, "a file was changed");
    let err = outcome::failed(&out, &["pair", "list"]);
    assert!(err.contains(&db.display().to_string()), "{err}");
}

/// Issue 12, defect 6: a mistyped `--db` made a new, empty journal (and its
/// folders) even for commands that only read. Now they say there is no
/// journal there, in one sentence naming the path, and create nothing: the
/// folder holds the same files, with the same sha256, after.
#[rstest]
fn a_command_that_only_reads_creates_no_journal(
    #[values("typo/j.db", "j2.db")] db: &str,
    #[values(
        "pair list",
        "pair list --json",
        "checklist 1",
        "list 1 notes",
        "list 1 meetings --json",
        "search trust",
        "export --all --format json",
        "export 1 --format md -o out.md",
        "doctor",
        "backup copy.db"
    )]
    command: &str,
) {
    let j = Journal::new();
    let db = j.path(db);
    let args: Vec<&str> = command.split(' ').collect();
    let before = digests(j.dir.path());
    let out = j
        .on(&db)
        .current_dir(j.dir.path())
        .args(&args)
        .output()
        .unwrap();
    let err = outcome::failed(&out, &args);
    assert!(
        err.contains(&format!("there is no journal at {}", db.display())),
        "{command}: {err}"
    );
    assert_eq!(digests(j.dir.path()), before, "{command} created something");
}

/// Commands that write still start a journal at a new path, folders and all.
#[rstest]
fn a_command_that_writes_creates_the_journal(
    #[values(
        "pair add --mentor Alex --mentee Ben",
        "note add 1 hello",
        "check 1 trust.agenda"
    )]
    command: &str,
) {
    let j = Journal::new();
    let db = j.path("new/j.db");
    let args: Vec<&str> = command.split(' ').collect();
    // A command naming a pair fails (there is none yet) after creating it.
    let _ = j.on(&db).args(&args).output().unwrap();
    assert!(db.is_file(), "{command} did not create the journal");
    assert_eq!(
        j.on(&db)
            .args(["pair", "list", "--json"])
            .output()
            .unwrap()
            .status
            .code(),
        Some(0)
    );
}

/// The journal screen on a new path still creates the journal and welcomes.
#[test]
fn the_journal_screen_creates_a_new_journal_and_welcomes() {
    let j = Journal::new();
    let db = j.path("new/j.db");
    let mut s = pty::Launch::new(cli::BIN)
        .args([std::ffi::OsStr::new("--db"), db.as_os_str()])
        .env("CANDOR_CONFIG_DIR", j.path("cfg"))
        .env("CANDOR_NOW", cli::NOW)
        .env_remove("CANDOR_DB")
        .env_remove("EDITOR")
        .env_remove("CANDOR_PASSPHRASE")
        .spawn();
    s.wait_for("the welcome screen", |t| t.contains("Welcome to candor"));
    s.send("q");
    let status = s.wait_exit(pty::DEADLINE);
    assert_eq!(status.exit_code(), 0, "{status}");
    assert!(db.is_file());
    j.ok(&["pair", "add", "--mentor", "Alex", "--mentee", "Ben"]);
}

/// `doctor` on `j`: its exit code and its lines.
fn doctor(j: &Journal) -> (Option<i32>, Vec<String>) {
    let out = j.run(&["doctor"]);
    let lines = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect();
    (out.status.code(), lines)
}

/// Points rows at parents that do not exist, with foreign keys off, as
/// another tool (or an old bug) could.
fn break_keys(j: &Journal, sql: &str) {
    let conn = j.conn();
    conn.execute_batch(&format!("PRAGMA foreign_keys = OFF; {sql}"))
        .unwrap();
}

/// Issue 12, defect 8: `doctor` runs `foreign_key_check` and names each
/// orphaned row (table, rowid, what it points to), one line each, and
/// exits non-zero; a healthy journal says so in one line.
#[test]
fn doctor_names_each_orphaned_row() {
    let j = Journal::new();
    add_pair(&j);
    j.ok(&["note", "add", "1", "first"]);
    j.ok(&["note", "add", "1", "second"]);
    j.ok(&["meeting", "add", "1", "we met"]);
    let (code, lines) = doctor(&j);
    assert_eq!(code, Some(0), "{lines:#?}");
    let fk: Vec<&String> = lines
        .iter()
        .filter(|l| l.contains("foreign keys"))
        .collect();
    assert_eq!(fk.len(), 1, "{lines:#?}");
    assert!(fk[0].starts_with("ok "), "{lines:#?}");

    break_keys(
        &j,
        "UPDATE note SET pair_id = 99 WHERE body = 'second';
         UPDATE meeting SET pair_id = 42;",
    );
    let note: i64 = j.count("SELECT id FROM note WHERE body = 'second'");
    let meeting: i64 = j.count("SELECT id FROM meeting");
    let before = digests(j.dir.path());
    let (code, lines) = doctor(&j);
    assert_eq!(code, Some(1), "{lines:#?}");
    let fk: Vec<&String> = lines
        .iter()
        .filter(|l| l.contains("foreign keys"))
        .collect();
    assert_eq!(fk.len(), 2, "{lines:#?}");
    assert!(fk.iter().all(|l| l.starts_with("FAIL ")), "{lines:#?}");
    assert!(
        fk.iter().any(|l| l.contains(&format!(
            "note row {note} points to a pair that does not exist (pair_id = 99)"
        ))),
        "{lines:#?}"
    );
    assert!(
        fk.iter().any(|l| l.contains(&format!(
            "meeting row {meeting} points to a pair that does not exist (pair_id = 42)"
        ))),
        "{lines:#?}"
    );
    assert_eq!(digests(j.dir.path()), before, "doctor changed a file");
}

/// Thousands of orphans do not flood the terminal: the first 50 are named,
/// the rest counted on one more line.
#[test]
fn doctor_names_the_first_fifty_orphans_and_counts_the_rest() {
    let j = Journal::new();
    add_pair(&j);
    break_keys(
        &j,
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 70)
         INSERT INTO note (uid, pair_id, body, created_at, updated_at)
         SELECT 'orphan-' || i, 7, 'lost ' || i, '2026-11-27T10:00:00.000Z', '2026-11-27T10:00:00.000Z' FROM n;",
    );
    let (code, lines) = doctor(&j);
    assert_eq!(code, Some(1), "{lines:#?}");
    let fk: Vec<&String> = lines
        .iter()
        .filter(|l| l.contains("foreign keys"))
        .collect();
    assert_eq!(fk.len(), 51, "{lines:#?}");
    assert!(
        fk[50].contains("and 20 more orphaned rows (70 in all)"),
        "{lines:#?}"
    );
}

/// A journal with a broken page that the first screen reads: opening no
/// longer reads the whole file, so the screen reads its pairs before it
/// starts and refuses in one sentence naming the file (not a welcome over a
/// journal that has pairs). A broken page met later is said on the status
/// line. The files are left as they were.
#[test]
fn the_journal_screen_refuses_a_journal_whose_pairs_are_damaged() {
    let j = Journal::new();
    add_pair(&j);
    j.ok(&["strength", "add", "1", "--whose", "mentee", "patient"]);
    let mut bytes = fs::read(&j.db).unwrap();
    // Page 2: the root of the first table made, the pairs.
    let page = usize::from(u16::from_be_bytes([bytes[16], bytes[17]]));
    for (i, b) in bytes[page..2 * page].iter_mut().enumerate() {
        *b = (i * 131 + 7) as u8;
    }
    fs::write(&j.db, bytes).unwrap();
    let before = digests(j.dir.path());
    let mut s = pty::Launch::new(cli::BIN)
        .args([std::ffi::OsStr::new("--db"), j.db.as_os_str()])
        .env("CANDOR_CONFIG_DIR", j.path("cfg"))
        .env("CANDOR_NOW", cli::NOW)
        .env_remove("CANDOR_DB")
        .env_remove("EDITOR")
        .env_remove("CANDOR_PASSPHRASE")
        .spawn();
    let status = s.wait_exit(pty::DEADLINE);
    assert_eq!(status.exit_code(), 1, "{status}");
    let text = s.text();
    assert!(
        text.contains(&format!("candor: {} is damaged", j.db.display())),
        "{text}"
    );
    assert!(!text.contains("Welcome"), "{text}");
    assert_eq!(digests(j.dir.path()), before, "a file was changed");
}

#[test]
fn commands_that_only_read_run_while_another_candor_writes() {
    // Another candor holds the journal for writing (a long import): reading
    // commands answer at once instead of waiting for it and failing.
    let j = Journal::new();
    j.ok(&[
        "pair",
        "add",
        "--mentor",
        "Ana Ruiz",
        "--mentee",
        "Ben Okafor",
    ]);
    j.ok(&["note", "add", "Ben", "a note about the kestrel"]);
    let other = rusqlite::Connection::open(&j.db).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    assert!(j.ok(&["pair", "list"]).contains("Ben Okafor"));
    assert!(j.ok(&["search", "kestrel"]).contains("«kestrel»"));
    assert!(j.ok(&["list", "Ben", "notes"]).contains("kestrel"));
    other.execute_batch("ROLLBACK").unwrap();
}
