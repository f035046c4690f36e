//! The journal's public key is checked whenever the secret key is unwrapped
//! (DESIGN.md "Privacy"). Someone who can write the file can put their own
//! public key in the key slots; private text written while locked is then
//! sealed to them. Checked on real journal files changed with raw SQL:
//!
//! 1. Any command that unlocks says the public key was replaced (not that
//!    the passphrase is wrong), exits non-zero and changes no byte; a wrong
//!    passphrase still says it does not open.
//! 2. `candor passphrase repair` puts the journal's own public key back,
//!    says how many private entries it cannot open (those sealed to the
//!    other key), and new private notes open again.
//! 3. The repair through the library: a slot wrapping another key never
//!    unlocks afterwards, a key opened before the slots changed is refused,
//!    and a journal whose key was never replaced needs no repair.

#![allow(clippy::unwrap_used)]

use crate::support::cli::{self, NOW, array, sidecar};

use std::fs;
use std::path::Path;
use std::sync::Arc;

use rusqlite::Connection;

use candor::clock::FixedClock;
use candor::crypto::{self, KdfParams, PublicKey};
use candor::domain::{NewPair, Role};
use candor::store::{NewNote, Opener, Page, Store, StoreError};
use candor::template::Template;

const PASSPHRASE: &str = "right one";
const PASS: [(&str, &str); 1] = [("CANDOR_PASSPHRASE", PASSPHRASE)];
const REPLACED: &str = "public key was replaced";

/// Environment for one run.
type Env<'a> = &'a [(&'a str, &'a str)];

fn store_at(db: &Path) -> Store {
    Store::open(db, Arc::new(FixedClock::parse(NOW).unwrap())).unwrap()
}

/// Pair 1 and a passphrase with cheap key slots, one private note in it.
/// Returns the journal's public key and its recovery code.
fn journal_with_a_note(db: &Path) -> (PublicKey, String) {
    let mut store = store_at(db);
    let pair = NewPair::new(
        "Ada",
        "Grace",
        Role::Mentor,
        "",
        chrono::NaiveDate::from_ymd_opt(2026, 10, 2).unwrap(),
        Some(14),
    )
    .unwrap();
    store.add_pair(&pair, &Template::built_in()).unwrap();
    let code = store.set_passphrase(PASSPHRASE, KdfParams::TEST).unwrap();
    add_private(&mut store, "written before the swap");
    (store.public_key().unwrap().unwrap(), code.to_string())
}

fn add_private(store: &mut Store, body: &str) -> i64 {
    let note = NewNote {
        body: body.to_owned(),
        private: true,
        tags: vec![],
    };
    store.add_note(1, &note).unwrap().id
}

/// Puts `public` in every key slot, as someone holding the file could.
fn replace_public_key(db: &Path, public: &PublicKey) {
    let conn = Connection::open(db).unwrap();
    conn.busy_timeout(std::time::Duration::from_secs(8))
        .unwrap();
    conn.execute("UPDATE key_slot SET public_key = ?1", [&public.0])
        .unwrap();
}

fn slot_publics(db: &Path) -> Vec<Vec<u8>> {
    let conn = Connection::open(db).unwrap();
    let mut stmt = conn
        .prepare("SELECT public_key FROM key_slot ORDER BY kind")
        .unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

/// The journal file and its `-wal`, as they are now.
fn file_state(db: &Path) -> (Vec<u8>, Option<Vec<u8>>) {
    (fs::read(db).unwrap(), fs::read(sidecar(db, "-wal")).ok())
}

fn journal() -> cli::Journal {
    cli::Journal::new()
        .without_terminal()
        .env_remove("CANDOR_NEW_PASSPHRASE")
}

/// A journal whose public key was replaced by an attacker's, who then
/// wrote a private note with candor as anyone could (sealed to their key).
/// Returns the journal's own public key, the recovery code, the attacker's
/// secret key and the id of their note.
fn replaced(j: &cli::Journal) -> (PublicKey, String, crypto::SecretKey, i64) {
    let (own, code) = journal_with_a_note(&j.db);
    let (theirs, their_public) = crypto::generate();
    replace_public_key(&j.db, &their_public);
    let out = j.ok(&["note", "add", "1", "--private", "written after the swap"]);
    let id = cli::id_in(&out);
    (own, code, theirs, id)
}

// ---------------------------------------------------------------------------
// 1. Unlocking
// ---------------------------------------------------------------------------

#[test]
fn cli_a_replaced_public_key_is_named_by_every_command_that_unlocks_and_changes_nothing() {
    let j = journal();
    let (_own, code, theirs, id) = replaced(&j);

    // What makes it matter: the note written since is theirs to read.
    let (sealed, pair_uid, uid): (Vec<u8>, String, String) = j
        .conn()
        .query_row(
            "SELECT n.sealed, p.uid, n.uid FROM note n JOIN pair p ON p.id = n.pair_id WHERE n.id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    let read = crypto::open(&theirs, &sealed, &crypto::pair_aad(&pair_uid, &uid, "note"));
    assert!(read.is_ok(), "the note was not sealed to the replacing key");

    let before = file_state(&j.db);
    let recovery = [("CANDOR_PASSPHRASE", code.as_str())];
    let runs: [(Env, &[&str]); 6] = [
        (&PASS, &["list", "1", "notes", "--private"]),
        (&PASS, &["list", "1", "checkins"]),
        (&PASS, &["search", "swap", "--private"]),
        (
            &PASS,
            &["export", "--all", "--format", "json", "--include-private"],
        ),
        (&PASS, &["passphrase", "remove"]),
        (
            &recovery,
            &["--recovery", "list", "1", "notes", "--private"],
        ),
    ];
    for (env, args) in runs {
        let err = j.fails_with(env, args);
        assert!(err.contains(REPLACED), "{args:?}: {err}");
        assert!(
            err.contains("readable by whoever replaced it") && err.contains("passphrase repair"),
            "{args:?}: {err}"
        );
        assert!(
            file_state(&j.db) == before,
            "{args:?} changed the journal's files"
        );
    }
    let err = j.fails_with(
        &[("CANDOR_NEW_PASSPHRASE", "a new one"), PASS[0]],
        &["passphrase", "change"],
    );
    assert!(err.contains(REPLACED), "{err}");

    // A wrong passphrase is still just that.
    let err = j.fails_with(
        &[("CANDOR_PASSPHRASE", "wrong one")],
        &["list", "1", "notes", "--private"],
    );
    assert!(err.contains("does not open"), "{err}");
    assert!(!err.contains(REPLACED), "{err}");
    assert!(
        file_state(&j.db) == before,
        "a wrong passphrase changed the journal"
    );
}

#[test]
fn a_public_key_replaced_in_one_slot_only_is_named_too() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("j.db");
    let (_own, code) = journal_with_a_note(&db);
    let (_, their_public) = crypto::generate();
    Connection::open(&db)
        .unwrap()
        .execute(
            "UPDATE key_slot SET public_key = ?1 WHERE kind = 'recovery'",
            [&their_public.0],
        )
        .unwrap();
    let before = file_state(&db);
    let mut store = store_at(&db);
    for (secret, opener) in [
        (PASSPHRASE, Opener::Passphrase),
        (code.as_str(), Opener::Recovery),
    ] {
        let err = store.unlock(secret, opener).unwrap_err();
        assert!(matches!(err, StoreError::KeyReplaced), "{opener:?}: {err}");
        assert!(!store.is_unlocked());
    }
    let err = store.unlock("wrong one", Opener::Passphrase).unwrap_err();
    assert!(matches!(err, StoreError::WrongSecret), "{err}");
    drop(store);
    assert!(file_state(&db) == before);
}

// ---------------------------------------------------------------------------
// 2. `candor passphrase repair`
// ---------------------------------------------------------------------------

#[test]
fn cli_passphrase_repair_puts_the_key_back_and_counts_the_note_it_cannot_open() {
    let j = journal();
    let (own, code, _theirs, theirs_id) = replaced(&j);

    // A wrong passphrase repairs nothing.
    let before = file_state(&j.db);
    let err = j.fails_with(
        &[("CANDOR_PASSPHRASE", "wrong one")],
        &["passphrase", "repair"],
    );
    assert!(err.contains("does not open"), "{err}");
    assert!(
        file_state(&j.db) == before,
        "a failed repair changed the journal"
    );

    let out = j.ok_with(&PASS, &["passphrase", "repair"]);
    assert!(out.contains("own public key is back"), "{out}");
    assert!(
        out.contains(
            "1 private note cannot be opened with your key: it was sealed to the replaced key"
        ),
        "{out}"
    );
    assert!(out.contains("recovery code"), "{out}");
    assert_eq!(slot_publics(&j.db), [own.0.clone(), own.0.clone()]);

    // Private notes written from now on open again; the one sealed to the
    // other key is shown as damaged; the recovery code still opens (only
    // the public key beside its wrapping had been changed).
    let after = cli::id_in(&j.ok(&["note", "add", "1", "--private", "written after the repair"]));
    let notes = array(j.json_with(&PASS, &["list", "1", "notes", "--private", "--json"]));
    let body = |id: i64| {
        let n = notes.iter().find(|n| n["id"] == id).unwrap();
        (n["body"].as_str().unwrap().to_owned(), n["damaged"] == true)
    };
    assert_eq!(body(after), ("written after the repair".into(), false));
    assert_eq!(body(theirs_id), (String::new(), true));
    assert!(
        notes.iter().any(|n| n["body"] == "written before the swap"),
        "{notes:?}"
    );
    let by_code = j.ok_with(
        &[("CANDOR_PASSPHRASE", code.as_str())],
        &["--recovery", "list", "1", "notes", "--private"],
    );
    assert!(by_code.contains("written after the repair"), "{by_code}");

    // Repairing again finds nothing to put right, and still counts the note.
    let again = j.ok_with(&PASS, &["passphrase", "repair"]);
    assert!(again.contains("no key slot needed repair"), "{again}");
    assert!(again.contains("1 private note cannot be opened"), "{again}");
}

// ---------------------------------------------------------------------------
// 3. The repair in the library
// ---------------------------------------------------------------------------

#[test]
fn after_a_repair_a_slot_wrapping_another_key_never_unlocks() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("j.db");
    let (own, _code) = journal_with_a_note(&db);
    // The attacker replaces the recovery slot by one of their own, opened by
    // their code, and points both slots at their public key.
    let attacker = dir.path().join("attacker.db");
    let (_, their_code) = journal_with_a_note(&attacker);
    let conn = Connection::open(&db).unwrap();
    conn.execute("ATTACH DATABASE ?1 AS theirs", [attacker.to_str().unwrap()])
        .unwrap();
    conn.execute_batch(
        "DELETE FROM key_slot WHERE kind = 'recovery';
         INSERT INTO key_slot SELECT * FROM theirs.key_slot WHERE kind = 'recovery';
         UPDATE key_slot SET public_key = (SELECT public_key FROM theirs.key_slot WHERE kind = 'recovery');
         DETACH DATABASE theirs;",
    )
    .unwrap();
    drop(conn);

    let mut store = store_at(&db);
    assert!(store.unlock(&their_code, Opener::Recovery).is_ok());
    store.lock();
    assert!(matches!(
        store.unlock(PASSPHRASE, Opener::Passphrase),
        Err(StoreError::KeyReplaced)
    ));
    let key = store
        .unlock_material(Opener::Passphrase)
        .unwrap()
        .open_for_repair(PASSPHRASE)
        .unwrap();
    let report = store.repair_public_key(key).unwrap();
    assert_eq!(report.fixed, [Opener::Passphrase, Opener::Recovery]);
    assert_eq!(report.unchecked, [Opener::Recovery]);
    assert_eq!(report.unreadable(), 0);
    assert!(store.is_unlocked());
    assert_eq!(store.public_key().unwrap(), Some(own));
    let notes = store.notes(1, true, &Page::first(10)).unwrap();
    assert_eq!(notes[0].text().unwrap().body, "written before the swap");
    store.lock();

    // Their slot now opens to a key that is not the journal's: refused.
    assert!(matches!(
        store.unlock(&their_code, Opener::Recovery),
        Err(StoreError::KeyReplaced)
    ));
    // A new recovery code, made with the passphrase, works.
    store.unlock(PASSPHRASE, Opener::Passphrase).unwrap();
    let code = store.new_recovery_code(KdfParams::TEST).unwrap();
    store.lock();
    store.unlock(&code, Opener::Recovery).unwrap();
}

#[test]
fn a_repair_with_a_key_from_slots_that_changed_since_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("j.db");
    journal_with_a_note(&db);
    let (_, their_public) = crypto::generate();
    replace_public_key(&db, &their_public);
    let mut store = store_at(&db);
    let key = store
        .unlock_material(Opener::Passphrase)
        .unwrap()
        .open_for_repair(PASSPHRASE)
        .unwrap();
    // The passphrase slot is written anew meanwhile (by another copy, say).
    let other = dir.path().join("other.db");
    journal_with_a_note(&other);
    let conn = Connection::open(&db).unwrap();
    conn.execute("ATTACH DATABASE ?1 AS other", [other.to_str().unwrap()])
        .unwrap();
    conn.execute_batch(
        "UPDATE key_slot SET nonce = (SELECT nonce FROM other.key_slot WHERE kind = 'passphrase'),
             wrapped = (SELECT wrapped FROM other.key_slot WHERE kind = 'passphrase')
         WHERE kind = 'passphrase';
         DETACH DATABASE other;",
    )
    .unwrap();
    drop(conn);
    let before = file_state(&db);
    let err = store.repair_public_key(key).unwrap_err();
    assert!(err.to_string().contains("nothing was changed"), "{err}");
    assert!(!store.is_unlocked());
    assert!(file_state(&db) == before);
    drop(store);
    assert_eq!(slot_publics(&db), [their_public.0.clone(), their_public.0]);
}

#[test]
fn a_journal_whose_key_was_never_replaced_needs_no_repair() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("j.db");
    let (own, code) = journal_with_a_note(&db);
    let mut store = store_at(&db);
    let key = store
        .unlock_material(Opener::Recovery)
        .unwrap()
        .open_for_repair(&code)
        .unwrap();
    let report = store.repair_public_key(key).unwrap();
    assert!(report.fixed.is_empty() && report.unchecked.is_empty());
    assert_eq!((report.resealed, report.unreadable()), (0, 0));
    assert_eq!(slot_publics(&db), [own.0.clone(), own.0]);
    assert!(store.is_unlocked());
    let notes = store.notes(1, true, &Page::first(10)).unwrap();
    assert_eq!(notes[0].text().unwrap().body, "written before the swap");
}
