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
    conn.execute_batch(include_str!("../../src/store/migrations/0001_initial.sql"))
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
    assert_eq!(SCHEMA_VERSION, 13);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("journal.db");
    version_one(&db);
    let clock = Arc::new(FixedClock::parse("2026-11-27T10:00:00Z").unwrap());
    let store = Store::open(&db, clock).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);

    let notes = store.notes(1, true, &Page::first(10)).unwrap();
    let bodies: Vec<&str> = notes
        .iter()
        .map(|n| n.text().unwrap().body.as_str())
        .collect();
    assert_eq!(
        bodies,
        ["a shared note from 0.3", "a private thought from 0.3"]
    );
    assert_eq!(notes[1].text().unwrap().tags, ["next"]);
    assert!(
        !notes[1].is_sealed(),
        "no passphrase yet: nothing is sealed by the upgrade"
    );

    let backups: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.to_string_lossy()
                .contains(&format!("before-v{SCHEMA_VERSION}"))
        })
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
        .set_passphrase("passphrase", candor::crypto::KdfParams::TEST)
        .unwrap();
    store.lock();
    let notes = store.notes(1, true, &Page::first(10)).unwrap();
    assert!(notes.iter().any(|n| n.is_locked() && n.text().is_none()));
    let private = candor::store::SearchFilter {
        include_private: true,
        ..Default::default()
    };
    assert!(
        store.search("thought", &private).unwrap().is_empty(),
        "locked: not searchable"
    );
}

/// Builds a version-2 journal the way candor 0.4 wrote it: a pair with a
/// checklist item, a meeting, a shared and a private note (no passphrase).
fn version_two(path: &std::path::Path) {
    let conn = Connection::open(path).unwrap();
    conn.execute_batch("PRAGMA journal_mode = WAL;").unwrap();
    conn.execute_batch(include_str!("../../src/store/migrations/0001_initial.sql"))
        .unwrap();
    conn.execute_batch(include_str!(
        "../../src/store/migrations/0002_private_keys.sql"
    ))
    .unwrap();
    conn.pragma_update(None, "application_id", 0x6361_6e64)
        .unwrap();
    conn.pragma_update(None, "user_version", 2).unwrap();
    conn.execute_batch(
        "INSERT INTO pair (uid, mentor_name, mentee_name, my_role, focus, started_on, cadence_days,
                           created_at, updated_at)
         VALUES ('44444444-4444-4444-8444-444444444444', 'Cleo Park', 'Dana Li', 'mentee', 'public speaking',
                 '2026-09-01', 14, '2026-09-01T09:00:00.000Z', '2026-09-01T09:00:00.000Z');
         INSERT INTO checklist_item (uid, pair_id, step, key, title, done_at, note, position, created_at, updated_at)
         VALUES ('55555555-5555-4555-8555-555555555555', 1, 1, 'trust.agenda', 'Agree on an agenda',
                 '2026-09-02T09:00:00.000Z', 'we did', 1, '2026-09-01T09:00:00.000Z', '2026-09-02T09:00:00.000Z'),
                ('56565656-5656-4565-8565-565656565656', 1, 2, 'strengths.mentee', 'Cleo named Dana''s strengths',
                 NULL, '', 1, '2026-09-01T09:00:00.000Z', '2026-09-01T09:00:00.000Z');
         INSERT INTO strength (uid, pair_id, whose, text, created_at, updated_at)
         VALUES ('57575757-5757-4575-8575-575757575757', 1, 'mentee', 'clear slides',
                 '2026-09-02T09:00:00.000Z', '2026-09-02T09:00:00.000Z');
         INSERT INTO meeting (uid, pair_id, held_at, agenda, notes, next_steps, created_at, updated_at)
         VALUES ('66666666-6666-4666-8666-666666666666', 1, '2026-09-08T15:00:00.000Z', 'slides',
                 'a meeting from 0.4', 'rehearse', '2026-09-08T16:00:00.000Z', '2026-09-08T16:00:00.000Z');
         INSERT INTO note (uid, pair_id, body, private, tags, created_at, updated_at)
         VALUES ('77777777-7777-4777-8777-777777777777', 1, 'a shared note from 0.4', 0, 'talk',
                 '2026-09-09T10:00:00.000Z', '2026-09-09T10:00:00.000Z'),
                ('88888888-8888-4888-8888-888888888888', 1, 'a private thought from 0.4', 1, '',
                 '2026-09-10T10:00:00.000Z', '2026-09-10T10:00:00.000Z');",
    )
    .unwrap();
}

/// Rows per table of the tables version 2 has.
fn row_counts(conn: &Connection) -> Vec<(&'static str, i64)> {
    [
        "pair",
        "checklist_item",
        "meeting",
        "note",
        "tombstone",
        "key_slot",
    ]
    .into_iter()
    .map(|t| {
        let n = conn
            .query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0))
            .unwrap();
        (t, n)
    })
    .collect()
}

/// Automatic copies beside `db` whose name holds `what` (not their side files).
fn copies(dir: &std::path::Path, what: &str) -> Vec<std::path::PathBuf> {
    let mut found: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.to_string_lossy();
            name.contains(what) && !name.ends_with("-wal") && !name.ends_with("-shm")
        })
        .collect();
    found.sort();
    found
}

#[test]
fn a_version_two_journal_upgrades_to_the_current_schema_after_a_backup_with_nothing_lost() {
    use candor::store::{NewCheckIn, NewGoal};
    use std::os::unix::fs::PermissionsExt;

    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("journal.db");
    version_two(&db);
    let before = row_counts(&Connection::open(&db).unwrap());
    assert_eq!(
        before,
        [
            ("pair", 1),
            ("checklist_item", 2),
            ("meeting", 1),
            ("note", 2),
            ("tombstone", 0),
            ("key_slot", 0)
        ]
    );

    let clock = Arc::new(FixedClock::parse("2026-11-27T10:00:00Z").unwrap());
    let mut store = Store::open(&db, clock).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);

    // Everything of 0.4 is still there.
    let pair = store.pair(1).unwrap();
    assert_eq!(
        (pair.mentor_name.as_str(), pair.mentee_name.as_str()),
        ("Cleo Park", "Dana Li")
    );
    assert_eq!(pair.my_role, candor::domain::Role::Mentee);
    assert_eq!(
        (pair.focus.as_str(), pair.cadence_days),
        ("public speaking", Some(14))
    );
    let items = store.checklist(1).unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(
        (items[0].key.as_str(), items[0].note.as_str(), items[0].done),
        ("trust.agenda", "we did", true)
    );
    // The upgrade taught the built-in items which fact ticks them: the
    // strength written in 0.4 ticks "named the mentee's strengths".
    assert_eq!(items[1].key, "strengths.mentee");
    assert!(items[1].done);
    assert_eq!(
        items[1].from.as_ref().map(|f| f.uid.as_str()),
        Some("57575757-5757-4575-8575-575757575757")
    );
    let meetings = store.meetings(1, &Page::first(10)).unwrap();
    assert_eq!(meetings.len(), 1);
    assert_eq!(meetings[0].notes, "a meeting from 0.4");
    let notes = store.notes(1, true, &Page::first(10)).unwrap();
    let bodies: Vec<(&str, bool)> = notes
        .iter()
        .map(|n| (n.text().unwrap().body.as_str(), n.is_private()))
        .collect();
    assert_eq!(
        bodies,
        [
            ("a private thought from 0.4", true),
            ("a shared note from 0.4", false)
        ]
    );
    assert_eq!(notes[1].text().unwrap().tags, ["talk"]);
    assert!(notes.iter().all(|n| !n.is_sealed()));
    let filter = candor::store::SearchFilter::default();
    assert_eq!(store.search("shared", &filter).unwrap().len(), 1);
    assert!(!store.has_passphrase().unwrap());

    // The new tables are there and work.
    let conn = Connection::open(&db).unwrap();
    let tables: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_schema WHERE type = 'table'
             AND name IN ('goal', 'goal_progress', 'checkin') ORDER BY name",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(tables, ["checkin", "goal", "goal_progress"]);
    let goal = store
        .add_goal(
            1,
            &NewGoal {
                text: "Give the talk".into(),
                criteria: "without notes".into(),
                due_on: chrono::NaiveDate::from_ymd_opt(2027, 1, 20),
            },
        )
        .unwrap();
    let goal = store
        .add_goal_progress(goal.id, 40, "outline done")
        .unwrap();
    assert_eq!(goal.progress, 40);
    assert_eq!(store.goal_history(goal.id).unwrap().len(), 1);
    let checkin = store
        .add_checkin(
            1,
            &NewCheckIn {
                trust: 4,
                helped: "honest notes".into(),
                in_the_way: String::new(),
                note: String::new(),
                checked_at: None,
            },
        )
        .unwrap();
    assert_eq!(
        store.checkin(checkin.id).unwrap().text().map(|t| t.trust),
        Some(4)
    );
    assert_eq!(store.checkin_count(Some(1)).unwrap(), 1);
    // The old rows are untouched by the new ones.
    assert_eq!(row_counts(&conn), before);
    drop(conn);

    // One checked copy of the journal as it was, beside it.
    let backups = copies(dir.path(), &format!("before-v{SCHEMA_VERSION}"));
    assert_eq!(backups.len(), 1, "{backups:?}");
    assert!(
        backups[0]
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with(&format!("journal.db.before-v{SCHEMA_VERSION}-")),
        "{backups:?}"
    );
    let mode = std::fs::metadata(&backups[0]).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let copy = Connection::open(&backups[0]).unwrap();
    let version: i64 = copy
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, 2, "the copy is the journal as it was");
    let app: i32 = copy
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .unwrap();
    assert_eq!(app, candor::store::APPLICATION_ID);
    assert_eq!(row_counts(&copy), before);
    let new_tables: i64 = copy
        .query_row(
            "SELECT count(*) FROM sqlite_schema WHERE name IN ('goal', 'goal_progress', 'checkin')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(new_tables, 0, "the copy was taken before the migration");
    drop(copy);
    drop(store);

    // Opening again changes nothing and takes no second copy.
    let clock = Arc::new(FixedClock::parse("2026-11-28T10:00:00Z").unwrap());
    let store = Store::open(&db, clock).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(copies(dir.path(), "before-v"), backups);
    assert_eq!(store.goal(goal.id).unwrap().progress, 40);
    assert_eq!(store.checkin_count(None).unwrap(), 1);
}

#[test]
fn a_version_two_journal_with_a_passphrase_keeps_it_and_seals_new_checkins() {
    use candor::crypto::{self, KdfParams, PublicKey};
    use candor::store::{NewCheckIn, Opener};

    // A donor journal made by this candor provides the key slots 0.4 would
    // have written under a passphrase; the private note is sealed below the
    // way 0.4 sealed it, bound to its row alone.
    let dir = tempfile::tempdir().unwrap();
    let donor = dir.path().join("donor.db");
    let clock = Arc::new(FixedClock::parse("2026-10-01T10:00:00Z").unwrap());
    let mut made = Store::open(&donor, clock).unwrap();
    let pair = made
        .add_pair(
            &candor::domain::NewPair::new(
                "Ana Ruiz",
                "Ben Okafor",
                candor::domain::Role::Mentor,
                "",
                chrono::NaiveDate::from_ymd_opt(2026, 10, 1).unwrap(),
                None,
            )
            .unwrap(),
            &candor::template::Template::built_in(),
        )
        .unwrap();
    made.set_passphrase("old words", KdfParams::TEST).unwrap();
    let public = made.public_key().unwrap().unwrap();
    drop(made);
    let sealed_in_0_4 = |uid: &str, public: &PublicKey| {
        crypto::seal(
            public,
            br#"{"body":"sealed in 0.4","tags":[]}"#,
            &crypto::aad(uid, "note"),
        )
        .unwrap()
    };

    let db = dir.path().join("journal.db");
    let conn = Connection::open(&db).unwrap();
    conn.execute_batch("PRAGMA journal_mode = WAL;").unwrap();
    conn.execute_batch(include_str!("../../src/store/migrations/0001_initial.sql"))
        .unwrap();
    conn.execute_batch(include_str!(
        "../../src/store/migrations/0002_private_keys.sql"
    ))
    .unwrap();
    conn.pragma_update(None, "application_id", 0x6361_6e64)
        .unwrap();
    conn.pragma_update(None, "user_version", 2).unwrap();
    conn.execute("ATTACH DATABASE ?1 AS donor", [donor.to_str().unwrap()])
        .unwrap();
    conn.execute_batch(
        "INSERT INTO pair (id, uid, mentor_name, mentee_name, my_role, focus, started_on,
             cadence_days, status, created_at, updated_at, version)
         SELECT id, uid, mentor_name, mentee_name, my_role, focus, started_on,
             cadence_days, status, created_at, updated_at, version FROM donor.pair;
         INSERT INTO key_slot SELECT * FROM donor.key_slot;
         DETACH DATABASE donor;",
    )
    .unwrap();
    conn.execute(
        "INSERT INTO note (uid, pair_id, body, private, tags, sealed, created_at, updated_at)
         VALUES ('note-of-0.4', ?2, '', 1, '', ?1, '2026-10-01T10:00:00.000Z', '2026-10-01T10:00:00.000Z')",
        rusqlite::params![sealed_in_0_4("note-of-0.4", &public), pair.id],
    )
    .unwrap();
    let sealed: i64 = conn
        .query_row(
            "SELECT count(*) FROM note WHERE sealed IS NOT NULL AND body = ''",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(sealed, 1);
    drop(conn);

    let clock = Arc::new(FixedClock::parse("2026-11-27T10:00:00Z").unwrap());
    let mut store = Store::open(&db, clock).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    assert!(store.has_passphrase().unwrap(), "the key slots survived");
    assert!(store.has_locked_notes().unwrap());

    // Written while locked, a check-in is sealed at once.
    let c = store
        .add_checkin(
            1,
            &NewCheckIn {
                trust: 2,
                helped: "the upgrade".into(),
                in_the_way: String::new(),
                note: String::new(),
                checked_at: None,
            },
        )
        .unwrap();
    assert!(
        c.is_sealed() && c.is_locked() && c.text().is_none(),
        "{c:?}"
    );
    let (trust, sealed): (Option<i64>, Option<Vec<u8>>) = Connection::open(&db)
        .unwrap()
        .query_row(
            "SELECT trust, sealed FROM checkin WHERE id = ?1",
            [c.id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(trust, None);
    assert!(sealed.is_some());

    // The old passphrase opens both the note of 0.4 and the new check-in;
    // the unlock sealed the note again, bound to its pair.
    store.unlock("old words", Opener::Passphrase).unwrap();
    let notes = store.notes(1, true, &Page::first(10)).unwrap();
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].text().unwrap().body, "sealed in 0.4");
    assert!(!notes[0].is_damaged());
    let (binding, floor): (i64, String) = Connection::open(&db)
        .unwrap()
        .query_row(
            "SELECT binding, (SELECT value FROM journal_fact WHERE name = 'binding_floor')
             FROM note WHERE uid = 'note-of-0.4'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((binding, floor.as_str()), (2, "2"));
    let c = store.checkin(c.id).unwrap();
    assert_eq!(
        (c.text().map(|t| t.trust), c.text().unwrap().helped.as_str()),
        (Some(2), "the upgrade")
    );

    let backups = copies(dir.path(), &format!("before-v{SCHEMA_VERSION}"));
    assert_eq!(backups.len(), 1, "{backups:?}");
    let slots: i64 = Connection::open(&backups[0])
        .unwrap()
        .query_row("SELECT count(*) FROM key_slot", [], |r| r.get(0))
        .unwrap();
    assert_eq!(slots, 2, "the copy can be opened with the same passphrase");
}

/// Builds a version-5 journal the way candor wrote it before schema 6: four pairs
/// with a next meeting date of their own (days to come, today, one gone
/// by, and one with a meeting planned that day already), and one without.
fn version_five(path: &std::path::Path) {
    let conn = Connection::open(path).unwrap();
    conn.execute_batch("PRAGMA journal_mode = WAL;").unwrap();
    for sql in [
        include_str!("../../src/store/migrations/0001_initial.sql"),
        include_str!("../../src/store/migrations/0002_private_keys.sql"),
        include_str!("../../src/store/migrations/0003_goals_checkins.sql"),
        include_str!("../../src/store/migrations/0004_privacy.sql"),
        include_str!("../../src/store/migrations/0005_pair_links.sql"),
    ] {
        conn.execute_batch(sql).unwrap();
    }
    conn.pragma_update(None, "application_id", candor::store::APPLICATION_ID)
        .unwrap();
    conn.pragma_update(None, "user_version", 5).unwrap();
    let pair = |n: i64, mentee: &str, next: Option<&str>| {
        conn.execute(
            "INSERT INTO pair (id, uid, mentor_name, mentee_name, my_role, started_on, cadence_days,
                 next_meeting_on, created_at, updated_at)
             VALUES (?1, ?2, 'Ana Ruiz', ?3, 'mentor', '2026-10-02', 14, ?4,
                     '2026-10-02T10:00:00.000Z', '2026-10-02T10:00:00.000Z')",
            rusqlite::params![n, format!("{n}0000000-0000-4000-8000-000000000000"), mentee, next],
        )
        .unwrap();
    };
    pair(1, "Ben Okafor", Some("2026-12-10"));
    pair(2, "Cleo Park", Some("2026-11-27"));
    pair(3, "Dana Li", Some("2026-11-01"));
    pair(4, "Eve Stone", Some("2026-12-04"));
    pair(5, "Finn Hale", None);
    conn.execute_batch(
        "INSERT INTO meeting (uid, pair_id, held_at, agenda, notes, next_steps, created_at, updated_at)
         VALUES ('meeting-of-v5', 4, '2026-12-04T15:00:00.000Z', 'roadmap', '', '',
                 '2026-11-20T10:00:00.000Z', '2026-11-20T10:00:00.000Z');",
    )
    .unwrap();
}

#[test]
fn a_version_five_journal_turns_next_meeting_dates_into_planned_meetings() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("journal.db");
    version_five(&db);
    // 10:00 on 2026-11-27: a meeting on that day is planned at the next full hour.
    let clock = Arc::new(FixedClock::parse("2026-11-27T10:00:00Z").unwrap());
    let store = Store::open(&db, clock).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);

    let next: Vec<Option<String>> = store
        .pairs()
        .unwrap()
        .iter()
        .map(|p| p.next_meeting_on.map(|d| d.to_string()))
        .collect();
    assert_eq!(
        next,
        [
            Some("2026-12-10".to_owned()),
            Some("2026-11-27".to_owned()),
            None,
            Some("2026-12-04".to_owned()),
            None
        ]
    );
    let held = |pair: i64| -> Vec<String> {
        store
            .meetings(pair, &Page::first(10))
            .unwrap()
            .iter()
            .map(|m| m.held_at.to_rfc3339())
            .collect()
    };
    assert_eq!(held(1), ["2026-12-10T09:00:00+00:00"]);
    assert_eq!(held(2), ["2026-11-27T11:00:00+00:00"]);
    assert!(held(3).is_empty(), "a day gone by is no meeting to come");
    assert_eq!(
        held(4),
        ["2026-12-04T15:00:00+00:00"],
        "the meeting planned that day is the next one; none added"
    );
    assert_eq!(
        store.meetings(4, &Page::first(10)).unwrap()[0].agenda,
        "roadmap"
    );
    let summaries = store.pair_summaries().unwrap();
    assert_eq!(
        summaries[0].next_planned_at.unwrap().to_rfc3339(),
        "2026-12-10T09:00:00+00:00"
    );

    // The pair has no date of its own any more; the copy taken first keeps them all.
    let conn = Connection::open(&db).unwrap();
    let columns: Vec<String> = conn
        .prepare("SELECT name FROM pragma_table_info('pair')")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(
        !columns.iter().any(|c| c == "next_meeting_on"),
        "{columns:?}"
    );
    let backups = copies(dir.path(), &format!("before-v{SCHEMA_VERSION}"));
    assert_eq!(backups.len(), 1, "{backups:?}");
    let kept: i64 = Connection::open(&backups[0])
        .unwrap()
        .query_row(
            "SELECT count(*) FROM pair WHERE next_meeting_on IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(kept, 4);
    // Opening again plans nothing more.
    drop(store);
    let clock = Arc::new(FixedClock::parse("2026-11-28T10:00:00Z").unwrap());
    let store = Store::open(&db, clock).unwrap();
    assert_eq!(store.meetings(1, &Page::first(10)).unwrap().len(), 1);
}

/// Builds a version-7 journal the way candor 0.10 wrote it, in 4 KiB pages:
/// a pair and `notes` shared notes of about 2 KB.
fn version_seven(path: &std::path::Path, notes: usize) {
    journal_at(path, 7, 4096, notes);
}

/// A journal at schema `version`, in pages of `page_size`, as the releases
/// of that schema wrote it: a pair and `notes` shared notes of about 2 KB.
fn journal_at(path: &std::path::Path, version: usize, page_size: i64, notes: usize) {
    const SQL: [&str; 12] = [
        include_str!("../../src/store/migrations/0001_initial.sql"),
        include_str!("../../src/store/migrations/0002_private_keys.sql"),
        include_str!("../../src/store/migrations/0003_goals_checkins.sql"),
        include_str!("../../src/store/migrations/0004_privacy.sql"),
        include_str!("../../src/store/migrations/0005_pair_links.sql"),
        include_str!("../../src/store/migrations/0006_undo_next_meeting.sql"),
        include_str!("../../src/store/migrations/0007_checklist_record.sql"),
        include_str!("../../src/store/migrations/0008_larger_pages.sql"),
        include_str!("../../src/store/migrations/0009_sync.sql"),
        include_str!("../../src/store/migrations/0010_search_columns.sql"),
        include_str!("../../src/store/migrations/0011_action_list.sql"),
        include_str!("../../src/store/migrations/0012_search_order.sql"),
    ];
    let conn = Connection::open(path).unwrap();
    conn.execute_batch(&format!(
        "PRAGMA page_size = {page_size}; PRAGMA journal_mode = WAL;"
    ))
    .unwrap();
    let tx = conn.unchecked_transaction().unwrap();
    for sql in &SQL[..version] {
        tx.execute_batch(sql).unwrap();
    }
    tx.pragma_update(None, "application_id", candor::store::APPLICATION_ID)
        .unwrap();
    tx.pragma_update(None, "user_version", version as i64)
        .unwrap();
    tx.execute(
        "INSERT INTO pair (uid, mentor_name, mentee_name, my_role, started_on, created_at, updated_at)
         VALUES ('11111111-1111-4111-8111-111111111111', 'Ana Ruiz', 'Ben Okafor', 'mentor', '2026-10-02',
                 '2026-10-02T10:00:00.000Z', '2026-10-02T10:00:00.000Z')",
        [],
    )
    .unwrap();
    for i in 0..notes {
        let body = format!(
            "note {i}: we talked through the release estimates again. {}",
            "Plenty of ordinary words follow here. ".repeat(58)
        );
        tx.execute(
            "INSERT INTO note (uid, pair_id, body, created_at, updated_at)
             VALUES (?1, 1, ?2, '2026-10-03T10:00:00.000Z', '2026-10-03T10:00:00.000Z')",
            rusqlite::params![format!("note-{i}"), body],
        )
        .unwrap();
    }
    tx.commit().unwrap();
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
        .unwrap();
}

fn page_size(path: &std::path::Path) -> i64 {
    Connection::open(path)
        .unwrap()
        .query_row("PRAGMA page_size", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn a_version_seven_journal_is_rewritten_in_larger_pages_after_a_backup_and_takes_less_room() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("journal.db");
    version_seven(&db, 1500);
    assert_eq!(page_size(&db), 4096);
    let before = std::fs::metadata(&db).unwrap().len();
    let clock = Arc::new(FixedClock::parse("2026-11-27T10:00:00Z").unwrap());
    let store = Store::open(&db, clock.clone()).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    // Everything is still there and found, phrases too.
    let notes = store.notes(1, true, &Page::first(2000)).unwrap();
    assert_eq!(notes.len(), 1500);
    let filter = candor::store::SearchFilter {
        limit: 1000,
        ..Default::default()
    };
    assert_eq!(
        store
            .search("\"release estimates\"", &filter)
            .unwrap()
            .len(),
        1000
    );
    assert_eq!(store.search("\"note 17\"", &filter).unwrap().len(), 1);
    drop(store);
    assert_eq!(page_size(&db), 16_384);
    let mode: String = Connection::open(&db)
        .unwrap()
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let after = std::fs::metadata(&db).unwrap().len();
    assert!(
        after * 10 < before * 8,
        "{before} bytes before, {after} after"
    );
    // The copy taken first is the journal as it was.
    let backups = copies(dir.path(), &format!("before-v{SCHEMA_VERSION}"));
    assert_eq!(backups.len(), 1, "{backups:?}");
    assert_eq!(page_size(&backups[0]), 4096);
    // Opening again rewrites nothing and copies nothing.
    Store::open(&db, clock).unwrap();
    assert_eq!(copies(dir.path(), "before-").len(), 1);
}

#[test]
fn a_version_nine_journal_gets_its_search_index_without_positions_and_gives_the_room_back() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("journal.db");
    journal_at(&db, 9, 16_384, 1500);
    let before = std::fs::metadata(&db).unwrap().len();
    let clock = Arc::new(FixedClock::parse("2026-11-29T10:00:00Z").unwrap());
    let store = Store::open(&db, clock.clone()).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    let filter = candor::store::SearchFilter {
        limit: 2000,
        ..Default::default()
    };
    // The notes are found again, by a word and by a phrase (the newest
    // thousand of them are ranked), and a phrase only where it is.
    assert_eq!(store.search("estimates", &filter).unwrap().len(), 1000);
    assert_eq!(
        store
            .search("\"release estimates\"", &filter)
            .unwrap()
            .len(),
        1000
    );
    assert_eq!(store.search("\"note 1499\"", &filter).unwrap().len(), 1);
    assert_eq!(
        store
            .search("\"estimates release\"", &filter)
            .unwrap()
            .len(),
        0
    );
    drop(store);
    let sql: String = Connection::open(&db)
        .unwrap()
        .query_row(
            "SELECT sql FROM sqlite_schema WHERE name = 'search_index'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(sql.contains("detail = column"), "{sql}");
    // The old index's pages were given back, not kept empty in the file
    // (which, without the rewrite, would not have shrunk at all).
    let after = std::fs::metadata(&db).unwrap().len();
    assert!(after < before, "{before} bytes before, {after} after");
    let free: i64 = Connection::open(&db)
        .unwrap()
        .query_row("PRAGMA freelist_count", [], |r| r.get(0))
        .unwrap();
    assert_eq!(free, 0);
    let backups = copies(dir.path(), &format!("before-v{SCHEMA_VERSION}"));
    assert_eq!(backups.len(), 1, "{backups:?}");
    // Opening again rebuilds and rewrites nothing.
    Store::open(&db, clock).unwrap();
    assert_eq!(std::fs::metadata(&db).unwrap().len(), after);
    assert_eq!(copies(dir.path(), "before-").len(), 1);
}

#[test]
fn a_version_eleven_journal_numbers_its_search_index_in_the_order_entries_were_created() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("journal.db");
    // 1,500 notes created on 3 October, all holding "estimates".
    journal_at(&db, 11, 16_384, 1500);
    // Meetings holding it too, with ids lower than any note's: one
    // created before the notes, one after.
    Connection::open(&db)
        .unwrap()
        .execute_batch(
            "INSERT INTO meeting (uid, pair_id, held_at, agenda, notes, next_steps, created_at, updated_at)
             VALUES ('m-late', 1, '2026-11-02T10:00:00.000Z', 'catch up', 'the estimates held', '',
                     '2026-11-02T11:00:00Z', '2026-11-02T11:00:00Z'),
                    ('m-early', 1, '2026-10-02T10:00:00.000Z', 'catch up', 'the estimates slipped', '',
                     '2026-10-02T11:00:00.000Z', '2026-10-02T11:00:00.000Z');",
        )
        .unwrap();
    let clock = Arc::new(FixedClock::parse("2026-11-29T10:00:00Z").unwrap());
    let store = Store::open(&db, clock).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    let filter = candor::store::SearchFilter {
        limit: 2000,
        ..Default::default()
    };
    // The meeting created last is among the newest matches ranked, the one
    // created first is not; phrases are still found.
    let hits = store.search("estimates", &filter).unwrap();
    assert_eq!(hits.len(), 1000);
    let meetings: Vec<&str> = hits
        .iter()
        .filter(|h| h.kind == candor::domain::Kind::Meeting)
        .map(|h| h.uid.as_str())
        .collect();
    assert_eq!(meetings, ["m-late"]);
    assert_eq!(store.search("\"note 1499\"", &filter).unwrap().len(), 1);
    assert_eq!(
        store.search("\"estimates held\"", &filter).unwrap().len(),
        1
    );
    drop(store);
    // Numbered by when each was created: the pair, the early meeting, the
    // notes, the late meeting.
    let conn = Connection::open(&db).unwrap();
    let order: Vec<(i64, i64)> = conn
        .prepare("SELECT code, id FROM search_row ORDER BY seq")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let codes: Vec<i64> = order.iter().map(|&(code, _)| code).collect();
    assert_eq!(codes.len(), 1503);
    assert_eq!(codes[..2], [0, 4]);
    assert!(codes[2..1502].iter().all(|&c| c == 6));
    assert_eq!(codes[1502], 4);
    // The index holds every entry once, by its number.
    let indexed: i64 = conn
        .query_row(
            "SELECT count(*) FROM search_index WHERE search_index MATCH 'estimates'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(indexed, 1502);
}

#[test]
fn a_version_twelve_journal_counts_its_feedback_of_each_kind() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("journal.db");
    journal_at(&db, 12, 16_384, 3);
    // A second pair, where I am the mentee, and feedback of every kind in
    // both, those to the mentor of the first pair three times, one four
    // times: 3 * 8 + 8 + 16 + 1 entries in all.
    {
        let conn = Connection::open(&db).unwrap();
        conn.execute(
            "INSERT INTO pair (uid, mentor_name, mentee_name, my_role, started_on, created_at, updated_at)
             VALUES ('44444444-4444-4444-8444-444444444444', 'Cleo Park', 'Ana Ruiz', 'mentee',
                     '2026-10-05', '2026-10-05T10:00:00.000Z', '2026-10-05T10:00:00.000Z')",
            [],
        )
        .unwrap();
        let mut i = 0;
        let mut add = |pair: i64, direction: &str, requested: i64, response: &str| {
            i += 1;
            conn.execute(
                "INSERT INTO feedback (uid, pair_id, direction, requested, body, response,
                     given_at, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, 'words', ?5, '2026-10-06T10:00:00.000Z',
                         '2026-10-06T10:00:00.000Z', '2026-10-06T10:00:00.000Z')",
                rusqlite::params![format!("f-{i}"), pair, direction, requested, response],
            )
            .unwrap();
        };
        for pair in [1, 2] {
            for direction in ["to_mentor", "to_mentee"] {
                for requested in [0, 1] {
                    for response in ["pending", "accepted", "discussed", "pushed_back"] {
                        let times = if pair == 1 && direction == "to_mentor" {
                            3
                        } else {
                            1
                        };
                        for _ in 0..times {
                            add(pair, direction, requested, response);
                        }
                    }
                }
            }
        }
        add(1, "to_mentor", 1, "accepted");
    }
    let clock = Arc::new(FixedClock::parse("2026-11-29T10:00:00Z").unwrap());
    let store = Store::open(&db, clock).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    let summary = candor::store::FeedbackSummary {
        asked: 13,
        received: 25,
        taken: 13,
        pushed_back: 6,
    };
    assert_eq!(store.feedback_summary(Some(1)).unwrap(), summary);
    // The pair where I am the mentee counts only when asked for by id.
    assert_eq!(store.feedback_summary(None).unwrap(), summary);
    assert_eq!(
        store.feedback_summary(Some(2)).unwrap(),
        candor::store::FeedbackSummary {
            asked: 4,
            received: 8,
            taken: 4,
            pushed_back: 2,
        }
    );
    // The tally is what counting the feedback afresh gives.
    let tally = crate::feedback_tally::assert_exact(&db, &store);
    assert_eq!(tally.len(), 32);
    assert_eq!(tally.iter().map(|g| g.4).sum::<i64>(), 49);
}

/// What `candor pair list` says on standard error opening `db`.
fn opening_says(db: &std::path::Path, config: &std::path::Path) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_candor"))
        .env("XDG_CONFIG_HOME", config)
        .args(["--db"])
        .arg(db)
        .args(["pair", "list"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn a_large_journal_says_it_is_upgraded_after_a_copy_and_about_how_long_it_takes() {
    let dir = tempfile::tempdir().unwrap();
    let (small, large) = (dir.path().join("small.db"), dir.path().join("large.db"));
    journal_at(&small, 12, 16_384, 10);
    journal_at(&large, 12, 16_384, 10);
    // 33 MB of note, written as an earlier candor would have.
    Connection::open(&large)
        .unwrap()
        .execute(
            "UPDATE note SET body = ?1 WHERE id = 1",
            [format!("big {}", "words ".repeat(5_500_000))],
        )
        .unwrap();
    let said = opening_says(&large, dir.path());
    assert!(
        said.starts_with(&format!(
            "candor: upgrading {} from schema 12 to {SCHEMA_VERSION}, after copying it beside itself (3",
            large.display()
        )) && said.contains(" MB, about 1 s)…"),
        "{said}"
    );
    assert_eq!(copies(dir.path(), "large.db.before-").len(), 1);
    // Opened again, it says nothing; a small journal says nothing at all.
    assert_eq!(opening_says(&large, dir.path()), "");
    assert_eq!(opening_says(&small, dir.path()), "");
}

#[test]
fn a_new_journal_has_larger_pages_from_the_start() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("journal.db");
    let clock = Arc::new(FixedClock::parse("2026-11-27T10:00:00Z").unwrap());
    drop(Store::open(&db, clock).unwrap());
    assert_eq!(page_size(&db), 16_384);
    assert!(copies(dir.path(), "before-").is_empty());
}
