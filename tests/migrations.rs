//! A journal made by an earlier release upgrades in place: a checked copy is
//! taken first, and nothing in it is lost.
#![allow(clippy::unwrap_used)]

use std::sync::Arc;

use candor::clock::FixedClock;
use candor::store::{Page, SCHEMA_VERSION, Store};
use rusqlite::Connection;

/// Builds a version-1 journal the way candor 0.1–0.3 wrote it.
fn version_one(path: &std::path::Path) {
    let conn = Connection::open(path).unwrap();
    conn.execute_batch("PRAGMA journal_mode = WAL;").unwrap();
    conn.execute_batch(include_str!("../src/store/migrations/0001_initial.sql"))
        .unwrap();
    conn.pragma_update(None, "application_id", candor::store::APPLICATION_ID)
        .unwrap();
    conn.pragma_update(None, "user_version", 1).unwrap();
    conn.execute_batch(
        "INSERT INTO pair (uid, mentor_name, mentee_name, my_role, started_on, created_at, updated_at)
         VALUES ('11111111-1111-4111-8111-111111111111', 'Ana Ruiz', 'Ben Okafor', 'mentor', '2026-10-02',
                 '2026-10-02T10:00:00.000Z', '2026-10-02T10:00:00.000Z');
         INSERT INTO note (uid, pair_id, body, private, tags, created_at, updated_at)
         VALUES ('22222222-2222-4222-8222-222222222222', 1, 'a private thought from 0.3', 1, 'next',
                 '2026-10-03T10:00:00.000Z', '2026-10-03T10:00:00.000Z'),
                ('33333333-3333-4333-8333-333333333333', 1, 'a shared note from 0.3', 0, '',
                 '2026-10-04T10:00:00.000Z', '2026-10-04T10:00:00.000Z');",
    )
    .unwrap();
}

#[test]
fn a_version_one_journal_upgrades_after_a_backup_with_nothing_lost() {
    assert_eq!(SCHEMA_VERSION, 3);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("journal.db");
    version_one(&db);
    let clock = Arc::new(FixedClock::parse("2026-11-27T10:00:00Z").unwrap());
    let store = Store::open(&db, clock).unwrap();
    assert_eq!(store.schema_version().unwrap(), 3);

    let notes = store.notes(1, true, &Page::first(10)).unwrap();
    let bodies: Vec<&str> = notes.iter().map(|n| n.body.as_str()).collect();
    assert_eq!(
        bodies,
        ["a shared note from 0.3", "a private thought from 0.3"]
    );
    assert_eq!(notes[1].tags, ["next"]);
    assert!(
        !notes[1].sealed,
        "no passphrase yet: nothing is sealed by the upgrade"
    );

    let backups: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().contains("before-v3"))
        .collect();
    assert_eq!(backups.len(), 1, "{backups:?}");
    let copy = Connection::open(&backups[0]).unwrap();
    let version: i64 = copy
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, 1, "the copy is the journal as it was");
    let kept: i64 = copy
        .query_row("SELECT count(*) FROM note", [], |r| r.get(0))
        .unwrap();
    assert_eq!(kept, 2);
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&backups[0]).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    drop(copy);
    drop(store);

    // Opening again changes nothing and takes no second copy.
    let clock = Arc::new(FixedClock::parse("2026-11-28T10:00:00Z").unwrap());
    Store::open(&db, clock).unwrap();
    let after = std::fs::read_dir(dir.path())
        .unwrap()
        .filter(|e| {
            e.as_ref().is_ok_and(|e| {
                let name = e.path().to_string_lossy().into_owned();
                name.contains("before-v") && !name.ends_with("-wal") && !name.ends_with("-shm")
            })
        })
        .count();
    assert_eq!(after, 1);
}

#[test]
fn search_still_finds_notes_written_before_the_upgrade() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("journal.db");
    version_one(&db);
    let clock = Arc::new(FixedClock::parse("2026-11-27T10:00:00Z").unwrap());
    let mut store = Store::open(&db, clock).unwrap();
    let filter = candor::store::SearchFilter::default();
    assert_eq!(store.search("shared", &filter).unwrap().len(), 1);
    // After the upgrade, setting a passphrase seals the old private note too.
    store
        .set_passphrase("pass", candor::crypto::KdfParams::TEST)
        .unwrap();
    store.lock();
    let notes = store.notes(1, true, &Page::first(10)).unwrap();
    assert!(notes.iter().any(|n| n.locked && n.body.is_empty()));
    let private = candor::store::SearchFilter {
        include_private: true,
        ..Default::default()
    };
    assert!(
        store.search("thought", &private).unwrap().is_empty(),
        "locked: not searchable"
    );
}
