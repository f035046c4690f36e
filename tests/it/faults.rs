//! What the journal survives, measured with the real binary: kill -9 at a
//! moment chosen by a seeded generator while the CLI or the journal screen
//! writes, and two processes writing at once with the screen open on the
//! same journal. Each test prints its figure (`cargo test --test it faults::
//! -- --nocapture --skip cli_faults::` shows them); docs/RELIABILITY.md lists
//! them with the commands. The quick variants run in `cargo test`; the full
//! counts are `#[ignore]`d and run with `cargo test --test it faults:: --
//! --ignored --skip cli_faults::`.

#![allow(clippy::unwrap_used)]
#![cfg(unix)]

use crate::support::{journal, pty};

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use journal::{Journal, send_signal};
use pty::DEADLINE;

const BIN: &str = env!("CARGO_BIN_EXE_candor");

/// A small deterministic generator, so a failing trial can be run again.
struct Moments(u64);

impl Moments {
    fn next_below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

/// The binary on `db` with the environment every test here uses.
fn candor(db: &Path) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.arg("--db")
        .arg(db)
        .env_remove("CANDOR_DB")
        .env_remove("EDITOR")
        .env_remove("CANDOR_PASSPHRASE")
        .env_remove("CANDOR_NEW_PASSPHRASE")
        .env("CANDOR_CONFIG_DIR", db.with_file_name("cfg"))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    cmd
}

fn run_ok(db: &Path, args: &[&str]) {
    let out = candor(db).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Every note body of pair 1, as the CLI lists them.
fn note_bodies(db: &Path) -> Vec<String> {
    let out = candor(db)
        .args(["list", "1", "notes", "--json"])
        .stdout(Stdio::piped())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    v.as_array()
        .unwrap()
        .iter()
        .map(|n| n["body"].as_str().unwrap().to_owned())
        .collect()
}

fn integrity_ok(db: &Path) -> bool {
    let conn = rusqlite::Connection::open(db).unwrap();
    let result: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    result == "ok"
}

fn fresh_journal() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("j.db");
    run_ok(
        &db,
        &[
            "pair",
            "add",
            "--mentor",
            "Ana Ruiz",
            "--mentee",
            "Ben Okafor",
        ],
    );
    (dir, db)
}

/// `trials` times: start `note add`, kill -9 it after a moment of 0–40 ms.
/// A note whose process exited 0 before the kill was acknowledged and must
/// be there; the file must pass `integrity_check` every time.
fn cli_kill_trials(trials: u64) {
    let (_dir, db) = fresh_journal();
    let mut moments = Moments(20_261_129);
    let mut acknowledged = Vec::new();
    let mut checks_ok = 0;
    for trial in 0..trials {
        let body = format!("cli-trial-{trial}");
        let mut child = candor(&db)
            .args(["note", "add", "1", &body])
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(moments.next_below(40)));
        let _ = child.kill();
        let status = child.wait().unwrap();
        if status.success() {
            acknowledged.push(body);
        }
        if integrity_ok(&db) {
            checks_ok += 1;
        }
    }
    report_kill_trials(
        "kill -9 during `note add`",
        &db,
        trials,
        &acknowledged,
        checks_ok,
    );
}

/// Prints the figure of a run of kill -9 trials and fails it if a note it
/// acknowledged is not in the journal, or a check of the file failed.
fn report_kill_trials(what: &str, db: &Path, trials: u64, acknowledged: &[String], checks_ok: u64) {
    let stored = note_bodies(db);
    let lost: Vec<&String> = acknowledged
        .iter()
        .filter(|b| !stored.contains(b))
        .collect();
    println!(
        "{what}: {trials} trials, {} acknowledged, {} lost, integrity_check ok {checks_ok}/{trials}",
        acknowledged.len(),
        lost.len()
    );
    assert!(lost.is_empty(), "acknowledged and lost: {lost:?}");
    assert_eq!(checks_ok, trials);
}

#[test]
fn kill_9_while_the_cli_writes_loses_no_acknowledged_note_quick() {
    cli_kill_trials(10);
}

#[test]
#[ignore = "the full count: cargo test --test it faults:: -- --ignored --skip cli_faults::"]
fn kill_9_while_the_cli_writes_loses_no_acknowledged_note() {
    cli_kill_trials(50);
}

/// `trials` times: the journal screen saves a note with Ctrl-s and is
/// killed -9 a moment (0–20 ms) later. A save the screen said it made
/// ("Added the note.") must be in the file.
fn tui_kill_trials(trials: u64) {
    let j = Journal::new();
    j.cli(&[
        "pair",
        "add",
        "--mentor",
        "Ana Ruiz",
        "--mentee",
        "Ben Okafor",
    ]);
    let db = j.db();
    let mut moments = Moments(11_292_026);
    let mut acknowledged = Vec::new();
    let mut checks_ok = 0;
    for trial in 0..trials {
        let body = format!("tui-trial-{trial}");
        let mut s = j.tui().spawn();
        s.wait_for("the pair list", |t| t.contains("Ben Okafor"));
        s.send("5");
        s.wait_for("the Notes tab", |t| t.contains("n new entry"));
        s.send("n");
        s.wait_for("the note form", |t| t.contains("Tags (next puts"));
        s.send(&body);
        s.wait_for("the text typed", |t| t.contains(&body));
        s.send("\x13");
        std::thread::sleep(Duration::from_millis(moments.next_below(20)));
        send_signal(s.pid(), "KILL");
        s.wait_exit(DEADLINE);
        if s.text().contains("Added the note.") {
            acknowledged.push(body);
        }
        if integrity_ok(&db) {
            checks_ok += 1;
        }
    }
    report_kill_trials(
        "kill -9 after Ctrl-s in the journal screen",
        &db,
        trials,
        &acknowledged,
        checks_ok,
    );
}

#[test]
fn kill_9_after_a_save_in_the_screen_loses_nothing_it_acknowledged_quick() {
    tui_kill_trials(3);
}

#[test]
#[ignore = "the full count: cargo test --test it faults:: -- --ignored --skip cli_faults::"]
fn kill_9_after_a_save_in_the_screen_loses_nothing_it_acknowledged() {
    tui_kill_trials(50);
}

/// Two processes add `each` notes apiece, one `note add` after another,
/// while the journal screen is open on the same journal: no run may fail,
/// and every note must be there.
fn two_writers(each: usize) {
    let j = Journal::new();
    j.cli(&[
        "pair",
        "add",
        "--mentor",
        "Ana Ruiz",
        "--mentee",
        "Ben Okafor",
    ]);
    let db = j.db();
    let mut screen = j.tui().spawn();
    screen.wait_for("the pair list", |t| t.contains("Ben Okafor"));
    screen.send("5");
    let start = Instant::now();
    let writers: Vec<_> = (0..2)
        .map(|w| {
            let db = db.clone();
            std::thread::spawn(move || {
                let mut failures = Vec::new();
                for i in 0..each {
                    let out = candor(&db)
                        .args(["note", "add", "1", &format!("writer-{w}-note-{i}")])
                        .output()
                        .unwrap();
                    if !out.status.success() {
                        failures.push(String::from_utf8_lossy(&out.stderr).into_owned());
                    }
                }
                failures
            })
        })
        .collect();
    let failures: Vec<String> = writers
        .into_iter()
        .flat_map(|w| w.join().unwrap())
        .collect();
    let took = start.elapsed();
    journal::quit(&mut screen);
    let stored = note_bodies(&db).len();
    println!(
        "two writers with the screen open: {} adds in {:.1} s, {} failures, {stored} rows",
        2 * each,
        took.as_secs_f64(),
        failures.len()
    );
    assert!(
        failures.is_empty(),
        "{} failed, first: {:?}",
        failures.len(),
        failures.first()
    );
    assert_eq!(stored, 2 * each);
    assert!(integrity_ok(&db));
}

#[test]
fn two_writers_with_the_screen_open_never_fail_quick() {
    two_writers(40);
}

#[test]
#[ignore = "the full count: cargo test --test it faults:: -- --ignored --skip cli_faults::"]
fn two_writers_with_the_screen_open_never_fail() {
    two_writers(500);
}

/// 500 resizes between 1×1 and 200×60 while a note is typed, one letter
/// between two resizes: the program stays up, below 60×16 it says it needs
/// more room, and every letter typed is in the note it saves.
#[test]
fn a_resize_storm_while_typing_loses_no_letter_and_never_panics() {
    let j = Journal::new();
    j.cli(&[
        "pair",
        "add",
        "--mentor",
        "Ana Ruiz",
        "--mentee",
        "Ben Okafor",
    ]);
    let mut s = j.tui().spawn();
    s.wait_for("the pair list", |t| t.contains("Ben Okafor"));
    s.send("5");
    s.wait_for("the Notes tab", |t| t.contains("n new entry"));
    s.send("n");
    s.wait_for("the note form", |t| t.contains("Tags (next puts"));
    s.resize(30, 10);
    s.wait_for("the notice below the minimum", |t| {
        t.contains("candor needs at least 60×16")
    });
    let letters = "abcdefghijklmnopqrstuvwxyz";
    let mut typed = String::new();
    let mut moments = Moments(500);
    for i in 0..500 {
        let cols = 1 + moments.next_below(200) as u16;
        let rows = 1 + moments.next_below(60) as u16;
        s.resize_pty(cols, rows);
        let c = &letters[i % letters.len()..=i % letters.len()];
        s.send(c);
        typed.push_str(c);
    }
    s.resize(100, 30);
    // Every letter reached the form: its end shows in the field (a busy
    // machine may take a while to work through 500 redraws).
    let tail: String = typed[typed.len() - 30..].to_owned();
    s.wait_for_within(
        Duration::from_secs(120),
        &format!("the last letters typed, {tail}"),
        |t| t.contains("Tags (next puts") && t.contains(&tail),
    );
    assert!(
        s.try_status().is_none(),
        "the program stopped during the storm"
    );
    // The first Ctrl-s saves: a key that arrives while a resize is still
    // waiting to be read is read at once, not when the next key comes.
    s.send("\x13");
    s.wait_for("the note saved by the first Ctrl-s", |t| {
        t.contains("Added the note.")
    });
    journal::quit(&mut s);
    let out = j.cli(&["list", "1", "notes", "--json"]);
    let notes: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(notes[0]["body"], typed.as_str(), "a letter was lost");
    println!(
        "resize storm: 500 resizes between 1×1 and 200×60, {} letters typed, 0 lost",
        typed.len()
    );
}

/// A small file system of its own, mounted for the test when the test may
/// (as root, as CI runs); unmounted when dropped.
struct SmallDisk {
    dir: tempfile::TempDir,
    filler: std::path::PathBuf,
}

impl SmallDisk {
    fn mount(kib: u32) -> Option<Self> {
        let dir = tempfile::tempdir().unwrap();
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={kib}k"), "tmpfs"])
            .arg(dir.path())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        let filler = dir.path().join("filler");
        ok.then_some(Self { dir, filler })
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Fills what room is left.
    fn fill(&self) {
        use std::io::Write;
        let mut f = std::fs::File::create(&self.filler).unwrap();
        let block = vec![0u8; 4096];
        while f.write_all(&block).is_ok() {}
        let _ = f.sync_all();
    }

    fn free(&self) {
        std::fs::remove_file(&self.filler).unwrap();
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount")
            .arg("-l")
            .arg(self.dir.path())
            .status();
    }
}

fn sha(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

#[test]
fn a_full_disk_is_said_with_the_path_and_the_next_save_works_once_there_is_room() {
    // Room for a new journal of 16 KiB pages and its WAL, not much more.
    let Some(disk) = SmallDisk::mount(4096) else {
        println!("full disk: skipped, no tmpfs can be mounted here (not root)");
        return;
    };
    let db = disk.path().join("j.db");
    run_ok(
        &db,
        &[
            "pair",
            "add",
            "--mentor",
            "Ana Ruiz",
            "--mentee",
            "Ben Okafor",
        ],
    );
    run_ok(&db, &["note", "add", "1", "written before the disk filled"]);

    // The CLI: one sentence naming the journal and what to do; nothing harmed.
    disk.fill();
    let before = sha(&db);
    let out = candor(&db)
        .args(["note", "add", "1", "written on a full disk"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        err.contains(&format!("the disk holding {} is full", db.display()))
            && err.contains("free some space"),
        "{err}"
    );
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert_eq!(sha(&db), before, "the journal was changed");

    // The screen, open while the disk fills: the text stays, and the same
    // Ctrl-s saves it once there is room, without a restart.
    disk.free();
    let mut s = pty::Launch::new(BIN)
        .args([std::ffi::OsStr::new("--db"), db.as_os_str()])
        .env("CANDOR_CONFIG_DIR", disk.path().join("cfg"))
        .env("CANDOR_NOW", "2026-11-27T10:00:00Z")
        .spawn();
    s.wait_for("the pair list", |t| t.contains("Ben Okafor"));
    s.send("5");
    s.wait_for("the Notes tab", |t| t.contains("n new entry"));
    s.send("n");
    s.wait_for("the note form", |t| t.contains("Tags (next puts"));
    s.send("typed while the disk is full");
    s.wait_for("the text", |t| t.contains("typed while the disk is full"));
    disk.fill();
    s.send("\x13");
    s.wait_for("the full disk said", |t| t.contains("free some space"));
    assert!(
        s.text().contains("typed while the disk is full"),
        "the text is kept"
    );
    disk.free();
    s.send("\x13");
    s.wait_for("saved once there is room", |t| {
        t.contains("Added the note.")
    });
    journal::quit(&mut s);
    let bodies = note_bodies(&db);
    assert!(
        bodies.contains(&"typed while the disk is full".to_owned()),
        "{bodies:?}"
    );
    assert!(bodies.contains(&"written before the disk filled".to_owned()));
    assert!(integrity_ok(&db));
    println!(
        "full disk: a clear sentence in the CLI and the screen, the text kept, saved after freeing without a restart, nothing stored harmed"
    );
}

#[test]
fn a_journal_on_a_read_only_disk_reads_says_so_and_every_write_names_the_path() {
    let Some(disk) = SmallDisk::mount(4096) else {
        println!("read-only disk: skipped, no tmpfs can be mounted here (not root)");
        return;
    };
    let db = disk.path().join("j.db");
    run_ok(
        &db,
        &[
            "pair",
            "add",
            "--mentor",
            "Ana Ruiz",
            "--mentee",
            "Ben Okafor",
        ],
    );
    run_ok(&db, &["note", "add", "1", "written while it could be"]);
    let remount = Command::new("mount")
        .args(["-o", "remount,ro"])
        .arg(disk.path())
        .status()
        .unwrap();
    assert!(remount.success());
    let before = sha(&db);

    // Reading works.
    assert_eq!(note_bodies(&db), ["written while it could be"]);
    // A write says why in one sentence naming the path.
    let out = candor(&db)
        .args(["note", "add", "1", "not to be"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        err.contains(&format!("{} cannot be written", db.display()))
            && err.contains("mounted read-only"),
        "{err}"
    );
    assert_eq!(err.trim().lines().count(), 1, "{err}");

    // The screen: a banner says so, and a save says why, the text kept.
    let mut s = pty::Launch::new(BIN)
        .args([std::ffi::OsStr::new("--db"), db.as_os_str()])
        .env(
            "CANDOR_CONFIG_DIR",
            std::env::temp_dir().join("candor-ro-cfg"),
        )
        .env("CANDOR_NOW", "2026-11-27T10:00:00Z")
        .spawn();
    s.wait_for("the banner", |t| {
        t.contains("Ben Okafor") && t.contains("read-only here")
    });
    s.send("5");
    s.wait_for("the note", |t| t.contains("written while it could be"));
    s.send("n");
    s.wait_for("the note form", |t| t.contains("Tags (next puts"));
    s.send("typed on a read-only disk");
    s.send("\x13");
    s.wait_for("why it was not saved", |t| t.contains("mounted read-only"));
    assert!(
        s.text().contains("typed on a read-only disk"),
        "the text is kept"
    );
    drop(s);
    assert_eq!(sha(&db), before, "the journal was changed");
    println!(
        "read-only disk: reading works, a banner in the screen, writes say why naming the path, the journal unchanged"
    );
}

/// Every file under `dir` with its bytes' sha256, sorted by path.
fn folder_hashes(dir: &Path) -> Vec<(String, String)> {
    use sha2::Digest;
    let mut out = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap().flatten() {
            let path = entry.path();
            let kind = entry.file_type().unwrap();
            if kind.is_dir() {
                out.push((path.display().to_string(), "folder".to_owned()));
                stack.push(path);
            } else if kind.is_file() {
                let digest = sha2::Sha256::digest(std::fs::read(&path).unwrap());
                let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
                out.push((path.display().to_string(), hex));
            } else {
                out.push((path.display().to_string(), "special".to_owned()));
            }
        }
    }
    out.sort();
    out
}

/// A real journal at `db` with a pair and a note, closed.
fn real_journal(db: &Path) {
    run_ok(
        db,
        &[
            "pair",
            "add",
            "--mentor",
            "Ana Ruiz",
            "--mentee",
            "Ben Okafor",
        ],
    );
    run_ok(db, &["note", "add", "1", "a shared note"]);
}

/// The bad file of `kind` at `db` (and what goes beside it).
fn bad_file(kind: &str, db: &Path) {
    let mut moments = Moments(16);
    match kind {
        "text" => std::fs::write(db, "Meeting notes\n- trust\n".repeat(200)).unwrap(),
        "random" => {
            let bytes: Vec<u8> = (0..16_384).map(|_| moments.next_below(256) as u8).collect();
            std::fs::write(db, bytes).unwrap();
        }
        "truncated" => {
            real_journal(db);
            let bytes = std::fs::read(db).unwrap();
            std::fs::write(db, &bytes[..bytes.len() / 2]).unwrap();
        }
        "0-byte" => std::fs::write(db, b"").unwrap(),
        "foreign" => {
            let conn = rusqlite::Connection::open(db).unwrap();
            conn.execute_batch(
                "CREATE TABLE recipe (name TEXT); INSERT INTO recipe VALUES ('bread');",
            )
            .unwrap();
        }
        "newer" => {
            real_journal(db);
            let conn = rusqlite::Connection::open(db).unwrap();
            conn.pragma_update(None, "user_version", 99).unwrap();
        }
        "16 flipped bytes" => {
            real_journal(db);
            let mut bytes = std::fs::read(db).unwrap();
            // In the first page: the schema's cells, from where its
            // header says they start to the end of the page.
            let page = usize::from(u16::from_be_bytes([bytes[16], bytes[17]]));
            let cells = usize::from(u16::from_be_bytes([bytes[105], bytes[106]]));
            for _ in 0..16 {
                let at = cells + moments.next_below((page - cells) as u64) as usize;
                bytes[at] ^= 0xff;
            }
            std::fs::write(db, bytes).unwrap();
        }
        "garbage -wal" => {
            real_journal(db);
            let mut wal = db.as_os_str().to_owned();
            wal.push("-wal");
            let bytes: Vec<u8> = (0..8192).map(|_| moments.next_below(256) as u8).collect();
            std::fs::write(wal, bytes).unwrap();
        }
        "foreign with a hot rollback journal" => {
            let dir = db.parent().unwrap();
            let live = dir.join("live.db");
            let conn = rusqlite::Connection::open(&live).unwrap();
            conn.execute_batch(
                "PRAGMA journal_mode = DELETE;
                 CREATE TABLE recipe (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
                 WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200)
                 INSERT INTO recipe (name) SELECT printf('bread %d %.500c', i, 'x') FROM n;
                 PRAGMA cache_size = 1;
                 BEGIN;
                 UPDATE recipe SET name = printf('soup %d %.500c', id, 'y');",
            )
            .unwrap();
            std::fs::copy(&live, db).unwrap();
            let mut journal = db.as_os_str().to_owned();
            journal.push("-journal");
            let mut live_journal = live.as_os_str().to_owned();
            live_journal.push("-journal");
            std::fs::copy(live_journal, journal).unwrap();
            conn.execute_batch("ROLLBACK").unwrap();
            drop(conn);
            std::fs::remove_file(&live).unwrap();
        }
        "a folder" => std::fs::create_dir(db).unwrap(),
        "a fifo" => {
            let made = Command::new("mkfifo").arg(db).status().unwrap();
            assert!(made.success());
        }
        _ => unreachable!("{kind}"),
    }
}

/// Eleven files that are not a healthy journal: every command that reads
/// (and every one that writes, but for the empty file, which a write makes
/// into a journal) says so in one sentence naming the file, and no file in
/// the folder changes.
#[test]
fn eleven_bad_files_get_one_sentence_each_and_the_folder_stays_as_it_was() {
    let kinds = [
        "text",
        "random",
        "truncated",
        "0-byte",
        "foreign",
        "newer",
        "16 flipped bytes",
        "garbage -wal",
        "foreign with a hot rollback journal",
        "a folder",
        "a fifo",
    ];
    let mut unchanged = 0;
    for kind in kinds {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("j.db");
        bad_file(kind, &db);
        let before = folder_hashes(dir.path());
        let mut commands: Vec<Vec<&str>> = vec![
            vec!["pair", "list"],
            vec!["list", "1", "notes"],
            vec!["search", "trust"],
        ];
        if kind != "0-byte" {
            commands.push(vec!["pair", "add", "--mentor", "Cleo", "--mentee", "Dana"]);
        }
        for args in &commands {
            let out = candor(&db)
                .args(args)
                .stdout(Stdio::piped())
                .output()
                .unwrap();
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(!out.status.success(), "{kind}: {args:?} succeeded");
            assert!(
                err.contains(&db.display().to_string()),
                "{kind}: {args:?} does not name the file: {err}"
            );
            assert_eq!(err.trim().lines().count(), 1, "{kind}: {args:?}: {err}");
        }
        if folder_hashes(dir.path()) == before {
            unchanged += 1;
        } else {
            panic!(
                "{kind}: the folder changed\nbefore {before:?}\nafter {:?}",
                folder_hashes(dir.path())
            );
        }
    }
    println!(
        "bad files: {} kinds, one sentence each, sha256 of every file in the folder unchanged {unchanged}/{}",
        kinds.len(),
        kinds.len()
    );
}

/// What a hostile payload may leave in output: the byte sequences no text
/// of candor's own ever writes (the screen draws with CSI only).
fn payload_bytes(out: &[u8]) -> Vec<&'static str> {
    let text = String::from_utf8_lossy(out);
    let mut found = Vec::new();
    for (name, needle) in [
        ("OSC", "\x1b]"),
        ("DCS", "\x1bP"),
        ("APC", "\x1b_"),
        ("PM", "\x1b^"),
        ("SOS", "\x1bX"),
        ("BEL", "\x07"),
        ("NUL", "\0"),
    ] {
        if text.contains(needle) {
            found.push(name);
        }
    }
    if text.chars().any(|c| ('\u{80}'..='\u{9f}').contains(&c)) {
        found.push("C1");
    }
    if text
        .chars()
        .any(|c| matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'))
    {
        found.push("bidi");
    }
    found
}

/// The 28 payloads, each a short text around one hostile sequence.
fn payloads() -> Vec<String> {
    let seqs = [
        "\x1b]0;pwned title\x07",
        "\x1b]0;pwned title\x1b\\",
        "\x1b]52;c;Y29weQ==\x07",
        "\x1b]8;;https://evil.example\x07link\x1b]8;;\x07",
        "\x1bP+q544e\x1b\\",
        "\x1b[2J",
        "\x1b[H",
        "\x1b[10;10H",
        "\x1b[31mred\x1b[0m",
        "\x1b[?1049h",
        "\x1b[6n",
        "\x1bc",
        "\u{9b}2J",
        "\u{9d}0;c1 title\u{9c}",
        "\u{85}next line",
        "\x07bell",
        "\x08\x08back",
        "\r carriage",
        "\x7fdel",
        "\u{202e}reversed\u{202c}",
        "\u{2066}isolate\u{2069}",
        "\u{200d}zwj 👩\u{200d}💻",
        "🇫🇷 flag",
        "\u{fe0f}variation",
        "tab\there",
        "\x1b]0;unended",
        "\x1b[",
        "\x1b_apc\x1b\\",
    ];
    seqs.iter().map(|s| format!("p[{s}]q")).collect()
}

/// 28 hostile payloads (and a 1 MB line) in every field the CLI stores: no
/// output of any command, no file written, and no byte the journal screen
/// sends to the terminal carries one of their sequences.
#[test]
fn hostile_payloads_in_every_field_never_reach_a_terminal_or_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("j.db");
    let payloads = payloads();
    assert_eq!(payloads.len(), 28);
    let outputs: std::cell::RefCell<Vec<(String, Vec<u8>)>> = std::cell::RefCell::default();
    let run = |args: Vec<String>| {
        let out = candor(&db)
            .args(&args)
            .stdout(Stdio::piped())
            .output()
            .unwrap();
        let mut outputs = outputs.borrow_mut();
        outputs.push((format!("{args:?} stdout"), out.stdout));
        outputs.push((format!("{args:?} stderr"), out.stderr));
    };
    let s = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    for (i, p) in payloads.iter().enumerate() {
        let name = format!("Ana{i} {p}");
        run(s(&[
            "pair",
            "add",
            "--mentor",
            &name,
            "--mentee",
            &format!("Ben{i} {p}"),
            "--focus",
            p,
        ]));
        let pair = (i + 1).to_string();
        run(s(&["note", "add", &pair, p]));
        run(s(&["note", "add", &pair, "--tag", p, "tagged"]));
        run(s(&["meeting", "add", &pair, "--at", "2026-11-20 10:00", p]));
        run(s(&["feedback", "add", &pair, "--to", "mentor", p]));
        run(s(&["strength", "add", &pair, "--whose", "mentee", p]));
        run(s(&[
            "experience",
            "add",
            &pair,
            "--challenge",
            p,
            "--similar",
            p,
        ]));
        run(s(&["action", "add", &pair, "--owner", "both", p]));
        run(s(&["goal", "add", &pair, "--criteria", p, p]));
        run(s(&["check", &pair, "trust.agenda", "--note", p]));
        run(s(&[
            "checkin", "add", &pair, "--trust", "3", "--helped", p, p,
        ]));
    }
    let long = format!(
        "{}\x1b]0;deep\x07{}",
        "x".repeat(500_000),
        "y".repeat(500_000)
    );
    {
        use std::io::Write;
        let mut child = candor(&db)
            .args(["note", "add", "1", "-"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(long.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let mut outputs = outputs.borrow_mut();
        outputs.push(("the 1 MB note stdout".into(), out.stdout));
        outputs.push(("the 1 MB note stderr".into(), out.stderr));
    }
    // Everything that reads it back.
    run(s(&["pair", "list"]));
    run(s(&["pair", "list", "--json"]));
    for pair in ["1", "14", "28"] {
        run(s(&["checklist", pair]));
        for what in [
            "meetings", "feedback", "notes", "actions", "goals", "checkins",
        ] {
            run(s(&["list", pair, what, "--private"]));
            run(s(&["list", pair, what, "--private", "--json"]));
        }
    }
    run(s(&["search", "p", "--private"]));
    run(s(&["search", "p", "--json"]));
    let md = dir.path().join("all.md");
    let json = dir.path().join("all.json");
    run(s(&[
        "export",
        "--all",
        "--format",
        "md",
        "-o",
        md.to_str().unwrap(),
    ]));
    run(s(&[
        "export",
        "--all",
        "--format",
        "json",
        "--include-private",
        "-o",
        json.to_str().unwrap(),
    ]));
    run(s(&["export", "--all", "--format", "md"]));
    run(s(&["doctor"]));
    let outputs = outputs.into_inner();
    for (what, bytes) in &outputs {
        let found = payload_bytes(bytes);
        assert!(found.is_empty(), "{what} carries {found:?}");
    }
    for file in [&md, &json] {
        let found = payload_bytes(&std::fs::read(file).unwrap());
        assert!(found.is_empty(), "{} carries {found:?}", file.display());
    }

    // The journal screen, every tab of the first pairs and a search.
    let mut screen = pty::Launch::new(BIN)
        .args([std::ffi::OsStr::new("--db"), db.as_os_str()])
        .env("CANDOR_CONFIG_DIR", dir.path().join("cfg"))
        .env("CANDOR_NOW", "2026-11-27T10:00:00Z")
        .spawn();
    screen.wait_for("the pair list", |t| t.contains("Ben0"));
    for _ in 0..3 {
        for tab in ["1", "2", "3", "4", "5"] {
            screen.send(tab);
            screen.send("\r");
            screen.send("\x1b");
        }
        screen.send("\x1b");
        screen.send("j");
    }
    screen.send("/");
    screen.send("p");
    screen.wait_for("search hits", |t| t.contains("Search"));
    screen.press_esc_until("the search closed", |t| !t.contains("Search ·"));
    journal::quit(&mut screen);
    let found = payload_bytes(&screen.raw());
    assert!(found.is_empty(), "the screen sent {found:?}");
    println!(
        "hostile payloads: 28 payloads and a 1 MB line in every stored field; {} outputs, 2 files and the screen's raw output carry 0 payload sequences",
        outputs.len()
    );
}

/// The binary on `db` as the unprivileged user `nobody` (root is not
/// stopped by permissions), if `setpriv` is there and this runs as root.
fn as_nobody(db: &Path, args: &[&str]) -> Option<std::process::Output> {
    let root = rustix::process::getuid().is_root();
    let setpriv = Command::new("setpriv")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !root || !setpriv {
        return None;
    }
    let out = Command::new("setpriv")
        .args([
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            BIN,
            "--db",
        ])
        .arg(db)
        .args(args)
        .env_remove("CANDOR_DB")
        .env("CANDOR_CONFIG_DIR", db.with_file_name("cfg"))
        .stdin(Stdio::null())
        .output()
        .unwrap();
    // The binary out of `nobody`'s reach (a checkout under /root): setpriv
    // says it cannot start it, and there is nothing to learn here.
    let cannot_start = String::from_utf8_lossy(&out.stderr).starts_with("setpriv:");
    (!cannot_start).then_some(out)
}

#[test]
fn a_read_only_file_or_folder_is_read_and_every_write_says_which_as_a_user() {
    use std::os::unix::fs::PermissionsExt;
    let base = tempfile::Builder::new()
        .prefix("candor-ro")
        .tempdir_in("/tmp")
        .unwrap();
    std::fs::set_permissions(base.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    for (case, file_mode, dir_mode, why) in [
        (
            "a read-only file",
            0o444,
            0o555,
            "the file is read-only for you",
        ),
        (
            "a read-only folder",
            0o666,
            0o555,
            "its folder is read-only for you",
        ),
    ] {
        let dir = base.path().join(case.replace(' ', "-"));
        std::fs::create_dir(&dir).unwrap();
        let db = dir.join("j.db");
        real_journal(&db);
        if case == "a read-only file" {
            // A journal of an earlier release beside it, which cannot be upgraded here.
            let old = dir.join("old.db");
            real_journal(&old);
            let conn = rusqlite::Connection::open(&old).unwrap();
            conn.pragma_update(None, "user_version", 4).unwrap();
            drop(conn);
            std::fs::set_permissions(&old, std::fs::Permissions::from_mode(0o444)).unwrap();
        }
        std::fs::set_permissions(&db, std::fs::Permissions::from_mode(file_mode)).unwrap();
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(dir_mode)).unwrap();
        let before = folder_hashes(&dir);
        let Some(read) = as_nobody(&db, &["list", "1", "notes"]) else {
            println!("read-only file and folder: skipped, not root or no setpriv");
            return;
        };
        assert!(
            read.status.success(),
            "{case}: {}",
            String::from_utf8_lossy(&read.stderr)
        );
        assert!(String::from_utf8_lossy(&read.stdout).contains("a shared note"));
        let write = as_nobody(&db, &["note", "add", "1", "not to be"]).unwrap();
        let err = String::from_utf8_lossy(&write.stderr);
        assert!(!write.status.success(), "{case}: the write went through");
        assert!(
            err.contains(&format!("{} cannot be written: {why}", db.display())),
            "{case}: {err}"
        );
        if case == "a read-only file" {
            let out = as_nobody(&dir.join("old.db"), &["pair", "list"]).unwrap();
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(
                !out.status.success()
                    && err.contains("a journal of an earlier candor and cannot be written here"),
                "{err}"
            );
        }
        assert_eq!(folder_hashes(&dir), before, "{case}: the folder changed");
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    println!(
        "read-only file and folder (as nobody): reading works, writes say which in one sentence naming the path, the folder unchanged"
    );
}
