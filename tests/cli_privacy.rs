//! The real `candor` binary on temp journals, about private text staying
//! private around the journal itself: the secrets in candor's environment
//! never reach a program it starts, a passphrase is long enough, and setting
//! one names (and on request deletes) the copies of the journal made before
//! it that still hold private text in clear.
//!
//! Every run goes through `setsid -w`, so there is never a terminal to ask
//! on; the prompts at a terminal are tested in `terminal_passphrase.rs`.
//!
//! A test binary of its own, not a module of `tests/it`: the core-file test
//! compares the limit candor's editor inherits with this process's own, and
//! there `app`'s unlock tests turn core files off for the whole process (as
//! candor does before it opens private text), after which that test would
//! pass without showing anything.

#![allow(clippy::unwrap_used)]

#[path = "it/support/outcome.rs"]
mod outcome;

#[path = "it/support/cli.rs"]
#[allow(dead_code)]
mod cli;
use cli::NOW;

use std::fs;
use std::ops::Deref;
use std::sync::Arc;

use candor::clock::{Clock, FixedClock};
use candor::crypto::KdfParams;
use candor::store::Store;

const PASS: &str = "correct horse";

/// A journal run without a terminal, with no passphrase and no editor
/// inherited from whoever runs the tests.
struct Journal(cli::Journal);

impl Deref for Journal {
    type Target = cli::Journal;

    fn deref(&self) -> &cli::Journal {
        &self.0
    }
}

impl Journal {
    fn new() -> Self {
        Self(
            cli::Journal::new()
                .without_terminal()
                .env_remove("CANDOR_NEW_PASSPHRASE")
                .env_remove("VISUAL"),
        )
    }

    /// A journal with the pair Ada mentors Grace.
    fn with_pair() -> Self {
        let j = Self::new();
        j.ok(&["pair", "add", "--mentor", "Ada", "--mentee", "Grace"]);
        j
    }

    /// Gives the journal a passphrase through the library, with cheap key slots.
    fn cheap_passphrase(&self) {
        let clock: Arc<dyn Clock> = Arc::new(FixedClock::parse(NOW).unwrap());
        let mut store = Store::open(&self.db, clock).unwrap();
        store.set_passphrase(PASS, KdfParams::TEST).unwrap();
    }
}

// --- item: child processes never inherit secrets ---

#[test]
fn the_editor_is_started_without_the_passphrases_or_the_sync_code_in_its_environment() {
    let j = Journal::with_pair();
    j.cheap_passphrase();
    let dump = j.path("editor-env.txt");
    let editor = j.script(
        "env-editor.sh",
        &format!(
            "env > '{}'\nfor last; do :; done\necho 'written in the editor' > \"$last\"",
            dump.display()
        ),
    );
    let new_value = "a brand new passphrase";
    let sync_code = "SYNCC-ODENE-VERPA-SSEDO-N2345";
    j.ok_with(
        &[
            ("EDITOR", editor.to_str().unwrap()),
            ("CANDOR_PASSPHRASE", PASS),
            ("CANDOR_NEW_PASSPHRASE", new_value),
            ("CANDOR_SYNC_CODE", sync_code),
        ],
        &["note", "add", "grace"],
    );

    let env = fs::read_to_string(&dump).expect("the editor ran and wrote its environment");
    assert!(
        env.contains("CANDOR_CONFIG_DIR="),
        "the dump is the editor's environment: {env}"
    );
    for needle in [
        "CANDOR_PASSPHRASE",
        "CANDOR_NEW_PASSPHRASE",
        "CANDOR_SYNC_CODE",
        PASS,
        new_value,
        sync_code,
    ] {
        assert!(
            !env.contains(needle),
            "the editor's environment holds {needle:?}:\n{env}"
        );
    }
    let notes = j.ok(&["list", "grace", "notes"]);
    assert!(notes.contains("written in the editor"), "{notes}");
}

// --- item: passphrases of at least 8 characters ---

/// The journal file and its side files, byte for byte.
fn file_bytes(j: &Journal) -> Vec<(String, Option<Vec<u8>>)> {
    ["", "-wal", "-shm"]
        .iter()
        .map(|suffix| {
            let path = cli::sidecar(&j.db, suffix);
            (path.display().to_string(), fs::read(&path).ok())
        })
        .collect()
}

#[test]
fn a_passphrase_of_seven_characters_from_the_environment_is_refused_and_nothing_changes() {
    let j = Journal::with_pair();
    j.ok(&["note", "add", "grace", "--private", "kept in clear for now"]);
    let before = file_bytes(&j);
    // Seven characters, though more bytes: characters are what count.
    for var in ["CANDOR_NEW_PASSPHRASE", "CANDOR_PASSPHRASE"] {
        for seven in ["1234567", "naïveté"] {
            let err = j.fails_with(&[(var, seven)], &["passphrase", "set"]);
            assert!(
                err.contains("at least 8 characters"),
                "{var}={seven}: {err}"
            );
            assert!(
                !err.contains(seven),
                "the error repeats the passphrase: {err}"
            );
        }
    }
    assert!(
        file_bytes(&j) == before,
        "a refused passphrase changed the journal"
    );
    assert_eq!(j.count("SELECT count(*) FROM key_slot"), 0);

    // Eight characters are enough, however many bytes they take.
    let set = j.ok_with(
        &[("CANDOR_NEW_PASSPHRASE", "ünïcödé!")],
        &["passphrase", "set"],
    );
    assert!(set.contains("Passphrase set"), "{set}");
    let listed = j.ok_with(
        &[("CANDOR_PASSPHRASE", "ünïcödé!")],
        &["list", "grace", "notes", "--private"],
    );
    assert!(listed.contains("kept in clear for now"), "{listed}");
}

#[test]
fn changing_to_a_passphrase_of_seven_characters_is_refused_and_the_old_one_still_opens() {
    let j = Journal::with_pair();
    j.ok(&["note", "add", "grace", "--private", "under the old words"]);
    j.cheap_passphrase();
    let before = file_bytes(&j);
    let err = j.fails_with(
        &[
            ("CANDOR_PASSPHRASE", PASS),
            ("CANDOR_NEW_PASSPHRASE", "short!!"),
        ],
        &["passphrase", "change"],
    );
    assert!(err.contains("at least 8 characters"), "{err}");
    assert!(
        file_bytes(&j) == before,
        "a refused passphrase changed the journal"
    );
    let listed = j.ok_with(
        &[("CANDOR_PASSPHRASE", PASS)],
        &["list", "grace", "notes", "--private"],
    );
    assert!(listed.contains("under the old words"), "{listed}");
}

/// The rule is the store's, so the screen and every other caller get it too.
#[test]
fn the_store_refuses_a_new_passphrase_of_fewer_than_eight_characters() {
    let clock: Arc<dyn Clock> = Arc::new(FixedClock::parse(NOW).unwrap());
    let mut store = Store::open_in_memory(clock).unwrap();
    for short in ["", "1234567", "naïveté"] {
        let err = store.set_passphrase(short, KdfParams::TEST).unwrap_err();
        assert!(err.to_string().contains("at least 8 characters"), "{err}");
        assert!(!store.has_passphrase().unwrap());
    }
    store.set_passphrase("12345678", KdfParams::TEST).unwrap();
    let err = store
        .change_passphrase("1234567", KdfParams::TEST)
        .unwrap_err();
    assert!(err.to_string().contains("at least 8 characters"), "{err}");
    store.lock();
    store
        .unlock("12345678", candor::store::Opener::Passphrase)
        .unwrap();
}

// --- item: no core dumps while private text may be in memory ---

/// The "Max core file size" soft and hard limits of a `/proc/PID/limits` text.
#[cfg(target_os = "linux")]
fn core_limits(limits: &str) -> Vec<String> {
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

/// The editor, a child of candor, inherits its limits: it shows that a
/// command on a journal under a passphrase, or given one, has turned core
/// files off (soft and hard limit 0), and one on a journal without has left
/// them alone.
#[cfg(target_os = "linux")]
#[test]
fn a_command_on_a_journal_under_a_passphrase_makes_no_core_file() {
    let j = Journal::with_pair();
    let seen = j.path("limits.txt");
    let editor = j.script(
        "limits-editor.sh",
        &format!(
            "cat /proc/self/limits > '{}'\nfor last; do :; done\necho 'a shared note' > \"$last\"",
            seen.display()
        ),
    );
    let editor = editor.to_str().unwrap();
    let ours = core_limits(&fs::read_to_string("/proc/self/limits").unwrap());

    j.ok_with(&[("EDITOR", editor)], &["note", "add", "grace"]);
    let without = core_limits(&fs::read_to_string(&seen).unwrap());
    assert_eq!(without, ours, "no passphrase: the limits are left alone");

    // A passphrase in the environment is private enough on its own.
    j.ok_with(
        &[("EDITOR", editor), ("CANDOR_PASSPHRASE", PASS)],
        &["note", "add", "grace"],
    );
    let given = core_limits(&fs::read_to_string(&seen).unwrap());
    assert_eq!(given, ["0", "0"], "a passphrase given: no core file");

    j.cheap_passphrase();
    j.ok_with(&[("EDITOR", editor)], &["note", "add", "grace"]);
    let with = core_limits(&fs::read_to_string(&seen).unwrap());
    assert_eq!(with, ["0", "0"], "under a passphrase: no core file");
}

// --- item: copies made before the passphrase ---

/// The copies `passphrase set` named as still holding private text in
/// clear, in canonical folders, sorted.
fn named_copies(out: &str) -> Vec<std::path::PathBuf> {
    let mut named: Vec<_> = out
        .lines()
        .skip_while(|l| !l.ends_with("still hold private text in clear:"))
        .skip(1)
        .take_while(|l| !l.starts_with("They were kept") && !l.starts_with("Deleted"))
        .map(|l| canonical_path(std::path::Path::new(l)))
        .collect();
    named.sort();
    named
}

/// `path` with its folder made canonical (the file itself may be gone).
fn canonical_path(path: &std::path::Path) -> std::path::PathBuf {
    let dir = path.parent().unwrap();
    fs::canonicalize(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .join(path.file_name().unwrap())
}

fn canonical(paths: &[&std::path::Path]) -> Vec<std::path::PathBuf> {
    let mut paths: Vec<_> = paths.iter().map(|p| canonical_path(p)).collect();
    paths.sort();
    paths
}

#[test]
fn setting_a_passphrase_names_the_copies_still_in_clear_and_deletes_them_when_asked() {
    let j = Journal::with_pair();
    j.ok(&[
        "note",
        "add",
        "grace",
        "--private",
        "CANARY-COPY owlcanaryvault",
    ]);
    let path = |name: &str| j.path(name);
    let kept = path("kept.db");
    let gone = path("gone.db");
    let replaced = path("replaced.db");
    for copy in [&kept, &gone, &replaced] {
        j.ok(&["backup", copy.to_str().unwrap()]);
    }
    fs::remove_file(&gone).unwrap();
    fs::write(&replaced, "not a journal any more").unwrap();
    // An automatic copy beside the journal, as an upgrade leaves it, and a
    // file that only looks like one.
    let automatic = path("j.db.before-v4-20260101T000000.000Z");
    fs::copy(&j.db, &automatic).unwrap();
    let lookalike = path("j.db.before-my-own-notes.txt");
    fs::write(&lookalike, "private words of mine").unwrap();
    assert_eq!(
        j.count("SELECT count(*) FROM backup_copy WHERE sealed = 0"),
        3
    );

    // Without a terminal: named, kept, and how to delete them said.
    let pass = [("CANDOR_NEW_PASSPHRASE", PASS)];
    let out = j.ok_with(&pass, &["passphrase", "set"]);
    assert!(out.contains("Passphrase set."), "{out}");
    assert_eq!(named_copies(&out), canonical(&[&kept, &automatic]), "{out}");
    assert!(out.contains("--delete-old-backups"), "{out}");
    // The copy that is gone is named as gone: moved, it would still be in clear.
    let missing: Vec<&str> = out
        .lines()
        .skip_while(|l| !l.starts_with("Written before the passphrase and no longer"))
        .skip(1)
        .take_while(|l| !l.starts_with("These copies"))
        .collect();
    assert_eq!(missing.len(), 1, "{out}");
    assert!(missing[0].ends_with("gone.db"), "{out}");
    for file in [&kept, &automatic, &replaced, &lookalike] {
        assert!(file.exists(), "{} was deleted unasked", file.display());
    }

    // A copy made under the passphrase is sealed and never named; after the
    // passphrase goes and comes back, the old copies are named again.
    let after = path("after.db");
    j.ok(&["backup", after.to_str().unwrap()]);
    assert_eq!(
        j.count("SELECT sealed FROM backup_copy ORDER BY id DESC LIMIT 1"),
        1
    );
    j.ok_with(&[("CANDOR_PASSPHRASE", PASS)], &["passphrase", "remove"]);
    let out = j.ok_with(&pass, &["passphrase", "set", "--delete-old-backups"]);
    assert_eq!(named_copies(&out), canonical(&[&kept, &automatic]), "{out}");
    assert!(out.contains("Deleted 2 of them."), "{out}");
    for file in [&kept, &automatic] {
        for suffix in ["", "-wal", "-shm"] {
            let file = cli::sidecar(file, suffix);
            assert!(!file.exists(), "{} is still there", file.display());
        }
    }
    for file in [&after, &replaced, &lookalike] {
        assert!(file.exists(), "{} was deleted", file.display());
    }
    // Looked at, the files that are not candor journals were left as they were.
    assert_eq!(fs::read(&replaced).unwrap(), b"not a journal any more");
    assert_eq!(fs::read(&lookalike).unwrap(), b"private words of mine");
    for file in [&replaced, &lookalike] {
        for suffix in ["-wal", "-shm", "-journal"] {
            let side = cli::sidecar(file, suffix);
            assert!(!side.exists(), "{} was left behind", side.display());
        }
    }
    let kept_abs = fs::canonicalize(j.dir.path()).unwrap().join("kept.db");
    assert_eq!(
        j.conn()
            .query_row(
                "SELECT count(*) FROM backup_copy WHERE path = ?1",
                [kept_abs.to_str().unwrap()],
                |r| r.get::<_, i64>(0),
            )
            .unwrap(),
        0,
        "the deleted copy is still on record"
    );

    // The journal is unharmed: the private note opens with the passphrase.
    let listed = j.ok_with(
        &[("CANDOR_PASSPHRASE", PASS)],
        &["list", "grace", "notes", "--private"],
    );
    assert!(listed.contains("CANARY-COPY owlcanaryvault"), "{listed}");
    j.ok(&["doctor"]);

    // Asked again once all is sealed, there is nothing to delete.
    let out = j.ok(&["passphrase", "set", "--delete-old-backups"]);
    assert!(out.contains("No copy of the journal"), "{out}");
    let err = j.fails(&["passphrase", "set"]);
    assert!(err.contains("set already"), "{err}");
}

#[test]
fn a_restore_keeps_the_record_of_copies_and_its_own_copy_is_named_too() {
    let j = Journal::with_pair();
    j.ok(&[
        "note",
        "add",
        "grace",
        "--private",
        "written before any copy",
    ]);
    let copy = j.path("copy.db");
    j.ok(&["backup", copy.to_str().unwrap()]);
    // The copy does not know about itself; restoring it keeps the record.
    j.ok(&["restore", copy.to_str().unwrap()]);
    assert_eq!(j.count("SELECT count(*) FROM backup_copy"), 1);
    let aside = fs::read_dir(j.dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            name.starts_with("j.db.before-restore-")
                && !name.ends_with("-wal")
                && !name.ends_with("-shm")
        })
        .expect("the journal kept aside by the restore");

    let out = j.ok_with(&[("CANDOR_NEW_PASSPHRASE", PASS)], &["passphrase", "set"]);
    assert_eq!(named_copies(&out), canonical(&[&copy, &aside]), "{out}");
}
