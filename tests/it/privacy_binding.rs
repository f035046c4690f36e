//! A sealed text is bound to its pair as well as to its row (schema 4,
//! DESIGN.md "Privacy"), checked on real journal files changed behind
//! candor's back with raw SQL, as someone holding the file could:
//!
//! 1. A private note, check-in or draft whose row is moved to another pair
//!    shows as damaged there, never as an entry with its text, and its text
//!    appears in no output; moved back, it opens again. Listing it changes
//!    no byte of the journal.
//! 2. A journal written before 0.6 (texts bound to their row only, binding 1)
//!    reads as before, and its first unlock seals every such text again
//!    bound to its pair (binding 2) and records the floor; a binding-1 text
//!    that does not open is left as it was.
//! 3. After that, an old text put back (binding 1) in another pair, or in
//!    its own, is damaged. The floor is kept in clear: lowering it in the
//!    file undoes that, and only file permissions prevent it.
//! 4. An undo after the first unlock brings a note deleted before it back
//!    readable.

#![allow(clippy::unwrap_used)]

use crate::support::cli::{self, NOW, array, sidecar};

use std::fs;
use std::path::Path;
use std::sync::Arc;

use rusqlite::{Connection, params};
use serde_json::Value;

use candor::clock::{Clock, FixedClock};
use candor::crypto::{self, KdfParams, PublicKey};
use candor::domain::{Kind, NewPair, Role};
use candor::store::{Draft, NewCheckIn, NewNote, Opener, Page, Store};
use candor::template::Template;

const PASSPHRASE: &str = "right one";
const PASS: [(&str, &str); 1] = [("CANDOR_PASSPHRASE", PASSPHRASE)];

fn clock() -> Arc<dyn Clock> {
    Arc::new(FixedClock::parse(NOW).unwrap())
}

/// Pairs 1 (Ada and Grace) and 2 (Cleo and Dan), and a passphrase with
/// cheap key slots; the store is handed back unlocked.
fn two_pairs(db: &Path) -> Store {
    let mut store = Store::open(db, clock()).unwrap();
    for (mentor, mentee) in [("Ada", "Grace"), ("Cleo", "Dan")] {
        let pair = NewPair::new(
            mentor,
            mentee,
            Role::Mentor,
            "",
            chrono::NaiveDate::from_ymd_opt(2026, 10, 2).unwrap(),
            Some(14),
        )
        .unwrap();
        store.add_pair(&pair, &Template::built_in()).unwrap();
    }
    store.set_passphrase(PASSPHRASE, KdfParams::TEST).unwrap();
    store
}

fn private_note(store: &mut Store, pair: i64, body: &str) -> i64 {
    let note = NewNote {
        body: body.to_owned(),
        private: true,
        tags: vec!["moved".into()],
    };
    store.add_note(pair, &note).unwrap().id
}

fn checkin(store: &mut Store, pair: i64, helped: &str) -> i64 {
    let c = NewCheckIn {
        trust: 4,
        helped: helped.to_owned(),
        in_the_way: String::new(),
        note: String::new(),
        checked_at: None,
    };
    store.add_checkin(pair, &c).unwrap().id
}

fn draft(uid: &str, pair: Option<i64>, text: &str) -> Draft {
    Draft {
        uid: uid.to_owned(),
        pair_id: pair,
        kind: Some(Kind::Note),
        target_uid: None,
        private: true,
        text: text.to_owned(),
        saved_at: clock().now(),
        locked: false,
    }
}

/// Runs `sql` on the file, as someone holding it could.
fn raw(db: &Path, sql: &str) {
    let conn = Connection::open(db).unwrap();
    conn.busy_timeout(std::time::Duration::from_secs(8))
        .unwrap();
    conn.execute_batch(sql).unwrap();
}

fn one<T: rusqlite::types::FromSql>(db: &Path, sql: &str) -> T {
    Connection::open(db)
        .unwrap()
        .query_row(sql, [], |r| r.get(0))
        .unwrap()
}

/// The journal file and its `-wal`, as they are now.
fn file_state(db: &Path) -> (Vec<u8>, Option<Vec<u8>>) {
    (fs::read(db).unwrap(), fs::read(sidecar(db, "-wal")).ok())
}

fn by_id(items: &[Value], id: i64) -> &Value {
    items
        .iter()
        .find(|i| i["id"] == id)
        .unwrap_or_else(|| panic!("no entry {id} in {items:?}"))
}

fn journal() -> cli::Journal {
    cli::Journal::new()
        .without_terminal()
        .env_remove("CANDOR_NEW_PASSPHRASE")
}

// ---------------------------------------------------------------------------
// 1. Moved to another pair
// ---------------------------------------------------------------------------

#[test]
fn a_private_note_and_a_check_in_moved_to_another_pair_show_as_damaged_there() {
    let j = journal();
    let mut store = two_pairs(&j.db);
    let note = private_note(&mut store, 1, "movedheron private words");
    let check = checkin(&mut store, 1, "movedibis helped");
    drop(store);
    raw(
        &j.db,
        &format!(
            "UPDATE note SET pair_id = 2 WHERE id = {note};
             UPDATE checkin SET pair_id = 2 WHERE id = {check};"
        ),
    );

    let before = file_state(&j.db);
    let notes = array(j.json_with(&PASS, &["list", "2", "notes", "--private", "--json"]));
    let n = by_id(&notes, note);
    assert_eq!(n["damaged"], true, "{n}");
    assert_eq!(n["body"], "", "{n}");
    assert_eq!(n["tags"], serde_json::json!([]), "{n}");
    let checkins = array(j.json_with(&PASS, &["list", "2", "checkins", "--json"]));
    let c = by_id(&checkins, check);
    assert_eq!(c["damaged"], true, "{c}");
    assert_eq!(
        (c["trust"].clone(), c["helped"].clone()),
        (Value::Null, "".into())
    );

    // Its text appears nowhere: not in either pair's lists, not in a search.
    let mut outputs = Vec::new();
    for pair in ["1", "2"] {
        outputs.push(j.ok_with(&PASS, &["list", pair, "notes", "--private"]));
        outputs.push(j.ok_with(&PASS, &["list", pair, "checkins"]));
    }
    for word in ["movedheron", "movedibis"] {
        let found = j.ok_with(&PASS, &["search", word, "--private"]);
        assert!(found.starts_with("Nothing matches"), "{found}");
    }
    let plain = outputs[0..2].join("\n");
    assert!(!plain.contains(&format!("#{note} ")), "{plain}");
    let damaged = &outputs[2];
    assert!(damaged.contains("[damaged"), "{damaged}");
    for out in &outputs {
        assert!(
            !out.contains("movedheron") && !out.contains("movedibis"),
            "the moved text was shown:\n{out}"
        );
    }
    // An export refuses rather than send it empty or drop it.
    let err = j.fails_with(
        &PASS,
        &["export", "--all", "--format", "json", "--include-private"],
    );
    assert!(err.contains("damaged"), "{err}");
    assert!(
        file_state(&j.db) == before,
        "listing a damaged seal changed the journal's files"
    );

    // Moved back, both open again.
    raw(
        &j.db,
        &format!(
            "UPDATE note SET pair_id = 1 WHERE id = {note};
             UPDATE checkin SET pair_id = 1 WHERE id = {check};"
        ),
    );
    let notes = array(j.json_with(&PASS, &["list", "1", "notes", "--private", "--json"]));
    assert_eq!(by_id(&notes, note)["body"], "movedheron private words");
    let checkins = array(j.json_with(&PASS, &["list", "1", "checkins", "--json"]));
    assert_eq!(by_id(&checkins, check)["helped"], "movedibis helped");
}

#[test]
fn a_moved_draft_does_not_open_in_the_other_pair() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("j.db");
    let mut store = two_pairs(&db);
    store
        .save_draft(&draft("d-moved", Some(1), "draft of pair one"))
        .unwrap();
    store
        .save_draft(&draft("d-loose", None, "draft of no pair"))
        .unwrap();
    drop(store);
    raw(
        &db,
        "UPDATE draft SET pair_id = 2 WHERE uid = 'd-moved';
         UPDATE draft SET pair_id = 1 WHERE uid = 'd-loose';",
    );

    let mut store = Store::open(&db, clock()).unwrap();
    store.unlock(PASSPHRASE, Opener::Passphrase).unwrap();
    for d in store.drafts().unwrap() {
        assert!(d.locked && d.text.is_empty(), "{d:?}");
    }
    drop(store);
    raw(
        &db,
        "UPDATE draft SET pair_id = 1 WHERE uid = 'd-moved';
         UPDATE draft SET pair_id = NULL WHERE uid = 'd-loose';",
    );
    let mut store = Store::open(&db, clock()).unwrap();
    store.unlock(PASSPHRASE, Opener::Passphrase).unwrap();
    let mut texts: Vec<String> = store
        .drafts()
        .unwrap()
        .into_iter()
        .map(|d| d.text)
        .collect();
    texts.sort();
    assert_eq!(texts, ["draft of no pair", "draft of pair one"]);
}

// ---------------------------------------------------------------------------
// 2. A journal written before 0.6
// ---------------------------------------------------------------------------

/// Seals `plain` the way candor did before 0.6: bound to the row alone.
fn sealed_the_old_way(public: &PublicKey, uid: &str, field: &str, plain: &[u8]) -> Vec<u8> {
    crypto::seal(public, plain, &crypto::aad(uid, field)).unwrap()
}

/// A journal as a 0.5 candor left it once upgraded to schema 4: pairs 1 and
/// 2 and the key slots of a passphrase, no floor, and binding-1 texts: notes
/// `old-1` and `old-2` (pair 1), a note `old-bad` that does not open, a
/// check-in `old-c` and drafts `old-d` (pair 1) and `old-loose` (no pair).
/// Returns the public key.
fn old_journal(db: &Path) -> PublicKey {
    let store = two_pairs(db);
    let public = store.public_key().unwrap().unwrap();
    drop(store);
    let conn = Connection::open(db).unwrap();
    conn.execute("DELETE FROM journal_fact", []).unwrap();
    let at = "2026-10-05T10:00:00.000Z";
    for (uid, body) in [("old-1", "first old words"), ("old-2", "second old words")] {
        let plain = format!(r#"{{"body":"{body}","tags":["old"]}}"#);
        conn.execute(
            "INSERT INTO note (uid, pair_id, body, private, tags, sealed, binding, created_at, updated_at)
             VALUES (?1, 1, '', 1, '', ?2, 1, ?3, ?3)",
            params![uid, sealed_the_old_way(&public, uid, "note", plain.as_bytes()), at],
        )
        .unwrap();
    }
    // Sealed for another row: it does not open under its own.
    conn.execute(
        "INSERT INTO note (uid, pair_id, body, private, tags, sealed, binding, created_at, updated_at)
         VALUES ('old-bad', 1, '', 1, '', ?1, 1, ?2, ?2)",
        params![
            sealed_the_old_way(&public, "elsewhere", "note", br#"{"body":"x","tags":[]}"#),
            at
        ],
    )
    .unwrap();
    let plain = br#"{"trust":3,"helped":"old check-in words","in_the_way":"","note":""}"#;
    conn.execute(
        "INSERT INTO checkin (uid, pair_id, trust, sealed, binding, checked_at, created_at, updated_at)
         VALUES ('old-c', 1, NULL, ?1, 1, ?2, ?2, ?2)",
        params![sealed_the_old_way(&public, "old-c", "checkin", plain), at],
    )
    .unwrap();
    for (uid, pair) in [("old-d", Some(1)), ("old-loose", None)] {
        let text = format!(r#"{{"body":"{uid} draft words"}}"#);
        conn.execute(
            "INSERT INTO draft (uid, pair_id, kind, private, text, sealed, binding, saved_at, created_at, updated_at)
             VALUES (?1, ?2, 'note', 1, '', ?3, 1, ?4, ?4, ?4)",
            params![uid, pair, sealed_the_old_way(&public, uid, "draft", text.as_bytes()), at],
        )
        .unwrap();
    }
    public
}

fn bindings(db: &Path) -> Vec<(String, i64)> {
    let conn = Connection::open(db).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT uid, binding FROM note WHERE sealed IS NOT NULL
             UNION ALL SELECT uid, binding FROM checkin WHERE sealed IS NOT NULL
             UNION ALL SELECT uid, binding FROM draft WHERE sealed IS NOT NULL
             ORDER BY 1",
        )
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

fn floor(db: &Path) -> Option<String> {
    one(
        db,
        "SELECT (SELECT value FROM journal_fact WHERE name = 'binding_floor')",
    )
}

fn note_by_uid(store: &Store, pair: i64, uid: &str) -> candor::domain::Note {
    store
        .notes(pair, true, &Page::first(50))
        .unwrap()
        .into_iter()
        .find(|n| n.uid == uid)
        .unwrap_or_else(|| panic!("no note {uid} in pair {pair}"))
}

#[test]
fn an_old_journal_reads_as_before_and_its_first_unlock_seals_it_again_bound_to_the_pair() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("j.db");
    old_journal(&db);
    let bad_before: Vec<u8> = one(&db, "SELECT sealed FROM note WHERE uid = 'old-bad'");

    // Locked, the old texts are there, sealed and unopened; nothing changes.
    let mut store = Store::open(&db, clock()).unwrap();
    let locked = note_by_uid(&store, 1, "old-1");
    assert!(locked.is_locked() && locked.text().is_none(), "{locked:?}");
    assert_eq!(floor(&db), None);
    assert!(bindings(&db).iter().all(|(_, b)| *b == 1));

    store.unlock(PASSPHRASE, Opener::Passphrase).unwrap();
    assert_eq!(
        note_by_uid(&store, 1, "old-1").text().unwrap().body,
        "first old words"
    );
    assert_eq!(
        note_by_uid(&store, 1, "old-2").text().unwrap().tags,
        ["old"]
    );
    assert!(note_by_uid(&store, 1, "old-bad").is_damaged());
    let c = &store.checkins(1, &Page::first(10)).unwrap()[0];
    assert_eq!(
        (c.text().map(|t| t.trust), c.text().unwrap().helped.as_str()),
        (Some(3), "old check-in words")
    );
    let mut drafts: Vec<String> = store
        .drafts()
        .unwrap()
        .into_iter()
        .map(|d| d.text)
        .collect();
    drafts.sort();
    assert_eq!(
        drafts,
        [
            r#"{"body":"old-d draft words"}"#,
            r#"{"body":"old-loose draft words"}"#
        ]
    );

    // Every text that opened is sealed again bound to its pair; the one that
    // did not is left byte for byte; the floor is recorded.
    assert_eq!(floor(&db).as_deref(), Some("2"));
    assert_eq!(
        bindings(&db),
        [
            ("old-1".into(), 2),
            ("old-2".into(), 2),
            ("old-bad".into(), 1),
            ("old-c".into(), 2),
            ("old-d".into(), 2),
            ("old-loose".into(), 2),
        ]
    );
    let bad_after: Vec<u8> = one(&db, "SELECT sealed FROM note WHERE uid = 'old-bad'");
    assert_eq!(bad_after, bad_before);
    drop(store);

    // Locked and unlocked again: the texts still open, and the search finds them.
    let mut store = Store::open(&db, clock()).unwrap();
    store.unlock(PASSPHRASE, Opener::Passphrase).unwrap();
    assert_eq!(
        note_by_uid(&store, 1, "old-1").text().unwrap().body,
        "first old words"
    );
    assert!(note_by_uid(&store, 1, "old-bad").is_damaged());
    assert_eq!(store.drafts().unwrap().len(), 2);
    assert!(store.drafts().unwrap().iter().all(|d| !d.locked));
    drop(store);

    // Now bound to its pair: moved, an upgraded text no longer opens.
    raw(&db, "UPDATE note SET pair_id = 2 WHERE uid = 'old-1'");
    let mut store = Store::open(&db, clock()).unwrap();
    store.unlock(PASSPHRASE, Opener::Passphrase).unwrap();
    let moved = note_by_uid(&store, 2, "old-1");
    assert!(moved.is_damaged() && moved.text().is_none(), "{moved:?}");
}

#[test]
fn cli_the_first_command_that_unlocks_an_old_journal_seals_it_again() {
    let j = journal();
    old_journal(&j.db);
    let notes = array(j.json_with(&PASS, &["list", "1", "notes", "--private", "--json"]));
    let bodies: Vec<&str> = notes.iter().filter_map(|n| n["body"].as_str()).collect();
    assert!(bodies.contains(&"first old words"), "{bodies:?}");
    assert_eq!(floor(&j.db).as_deref(), Some("2"));
    assert_eq!(
        bindings(&j.db).iter().filter(|(_, b)| *b == 1).count(),
        1,
        "only the text that does not open keeps the old binding: {:?}",
        bindings(&j.db)
    );
    // The next command reads the same and changes nothing.
    let before = file_state(&j.db);
    let again = array(j.json_with(&PASS, &["list", "1", "notes", "--private", "--json"]));
    assert_eq!(again, notes);
    assert!(
        file_state(&j.db) == before,
        "a second unlock wrote to the journal"
    );
}

// ---------------------------------------------------------------------------
// 3. After the floor
// ---------------------------------------------------------------------------

#[test]
fn after_the_floor_an_old_text_put_back_is_damaged_in_another_pair_or_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("j.db");
    old_journal(&db);
    // Kept from a copy of the file made before the first unlock.
    let old_bytes: Vec<u8> = one(&db, "SELECT sealed FROM note WHERE uid = 'old-1'");
    let mut store = Store::open(&db, clock()).unwrap();
    store.unlock(PASSPHRASE, Opener::Passphrase).unwrap();
    drop(store);
    assert_eq!(floor(&db).as_deref(), Some("2"));

    let put_back = |pair: i64| {
        let conn = Connection::open(&db).unwrap();
        conn.execute(
            "UPDATE note SET sealed = ?1, binding = 1, pair_id = ?2 WHERE uid = 'old-1'",
            params![old_bytes, pair],
        )
        .unwrap();
    };
    for pair in [2, 1] {
        put_back(pair);
        let before = file_state(&db);
        let mut store = Store::open(&db, clock()).unwrap();
        store.unlock(PASSPHRASE, Opener::Passphrase).unwrap();
        let n = note_by_uid(&store, pair, "old-1");
        assert!(n.is_damaged() && n.text().is_none(), "pair {pair}: {n:?}");
        assert!(
            !store
                .notes(pair, true, &Page::first(50))
                .unwrap()
                .iter()
                .any(|n| n.text().is_some_and(|t| t.body.contains("first old words")))
        );
        drop(store);
        assert!(
            file_state(&db) == before,
            "a damaged seal changed the journal"
        );
    }

    // The limit, as documented: the floor is in clear, so whoever can write
    // the file can lower it, and the old text opens in the other pair again.
    // File permissions are what stops that.
    put_back(2);
    raw(&db, "DELETE FROM journal_fact WHERE name = 'binding_floor'");
    let mut store = Store::open(&db, clock()).unwrap();
    store.unlock(PASSPHRASE, Opener::Passphrase).unwrap();
    assert_eq!(
        note_by_uid(&store, 2, "old-1").text().unwrap().body,
        "first old words"
    );
}

// ---------------------------------------------------------------------------
// 4. Undo across the first unlock
// ---------------------------------------------------------------------------

#[test]
fn an_old_note_deleted_before_the_first_unlock_comes_back_readable_after_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("j.db");
    old_journal(&db);
    let mut store = Store::open(&db, clock()).unwrap();
    let id = note_by_uid(&store, 1, "old-2").id;
    store.delete_entry(1, Kind::Note, id).unwrap();
    store.unlock(PASSPHRASE, Opener::Passphrase).unwrap();
    assert_eq!(floor(&db).as_deref(), Some("2"));
    store.undo_deletion().unwrap().unwrap();
    let back = note_by_uid(&store, 1, "old-2");
    assert_eq!(back.text().unwrap().body, "second old words", "{back:?}");
    let binding: i64 = one(&db, "SELECT binding FROM note WHERE uid = 'old-2'");
    assert_eq!(binding, 2);
}

#[test]
fn an_undo_never_makes_a_refused_old_text_open() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("j.db");
    old_journal(&db);
    let old_bytes: Vec<u8> = one(&db, "SELECT sealed FROM note WHERE uid = 'old-1'");
    let mut store = Store::open(&db, clock()).unwrap();
    store.unlock(PASSPHRASE, Opener::Passphrase).unwrap();
    drop(store);
    // The old text put back in another pair after the floor; deleted as
    // damaged, then the deletion undone.
    Connection::open(&db)
        .unwrap()
        .execute(
            "UPDATE note SET sealed = ?1, binding = 1, pair_id = 2 WHERE uid = 'old-1'",
            [old_bytes],
        )
        .unwrap();
    let mut store = Store::open(&db, clock()).unwrap();
    store.unlock(PASSPHRASE, Opener::Passphrase).unwrap();
    let id = note_by_uid(&store, 2, "old-1").id;
    store.delete_entry(2, Kind::Note, id).unwrap();
    store.undo_deletion().unwrap().unwrap();
    let back = note_by_uid(&store, 2, "old-1");
    assert!(back.is_damaged() && back.text().is_none(), "{back:?}");
}
