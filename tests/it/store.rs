//! Store layer tests: `candor::store::Store` in memory and on temp files.
//!
//! What the store promises is checked from the outside: through its public
//! API, through a second SQLite connection on the same file, and through the
//! file system (modes, bytes).

#![allow(clippy::unwrap_used)]

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Barrier, Mutex};
use std::thread;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use rstest::rstest;
use rusqlite::{Connection, OptionalExtension};
use tempfile::TempDir;

use candor::clock::{Clock, FixedClock};
use candor::domain::{NewPair, Pair, Role};
use candor::store::{APPLICATION_ID, NewNote, SCHEMA_VERSION, SearchFilter, Store, StoreError};
use candor::template::{Template, fill_names};

const NOW: &str = "2026-11-27T10:00:00Z";

/// Text no terminal should be handed raw, and that the journal must keep exactly.
const HOSTILE: &str = "Zoë 🚀 李小龙 مرحبا \u{1b}[31mred\u{1b}]0;title\u{7} \u{202e}evil\u{202c} \u{9b}2J tab\there\nline two";

fn fixed() -> Arc<dyn Clock> {
    Arc::new(FixedClock::parse(NOW).unwrap())
}

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

/// A clock the test moves by hand.
#[derive(Debug)]
struct HandClock(Mutex<DateTime<Utc>>);

impl HandClock {
    fn new(s: &str) -> Arc<Self> {
        Arc::new(Self(Mutex::new(at(s))))
    }
    fn set(&self, s: &str) {
        *self.0.lock().unwrap() = at(s);
    }
}

impl Clock for HandClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap()
    }
    fn local(&self, t: DateTime<Utc>) -> NaiveDateTime {
        t.naive_utc()
    }
}

fn memory() -> Store {
    Store::open_in_memory(fixed()).unwrap()
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn new_pair(mentor: &str, mentee: &str) -> NewPair {
    NewPair::new(
        mentor,
        mentee,
        Role::Mentor,
        "estimates",
        date("2026-10-02"),
        Some(14),
    )
    .unwrap()
}

fn add_pair(store: &mut Store, mentor: &str, mentee: &str) -> Pair {
    store
        .add_pair(&new_pair(mentor, mentee), &Template::built_in())
        .unwrap()
}

fn sidecar(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

fn mode(path: &Path) -> u32 {
    fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

#[track_caller]
fn assert_mode(path: &Path, expected: u32) {
    let got = mode(path);
    assert!(
        got == expected,
        "{} has mode {got:o}, expected {expected:o}",
        path.display()
    );
}

/// A second, independent connection on a journal file.
fn peek(path: &Path) -> Connection {
    Connection::open(path).unwrap()
}

/// The entries the search index finds for `word`, by key (id * 8 + the
/// code of their kind), in that order.
fn search(conn: &Connection, word: &str) -> Vec<i64> {
    let mut stmt = conn
        .prepare(
            "SELECT r.id * 8 + r.code FROM search_index AS s JOIN search_row AS r ON r.seq = s.rowid / 8
             WHERE search_index MATCH ?1 ORDER BY 1",
        )
        .unwrap();
    stmt.query_map([word], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

// ---------------------------------------------------------------------------
// Schema, header and pragmas

#[test]
fn a_journal_in_memory_has_the_current_schema_version() {
    assert_eq!(memory().schema_version().unwrap(), SCHEMA_VERSION);
}

#[test]
fn a_new_journal_file_is_stamped_with_schema_version_and_application_id() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("j.db");
    let store = Store::open(&path, fixed()).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(store.path(), Some(path.as_path()));

    let conn = peek(&path);
    let user_version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    let app_id: i32 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .unwrap();
    assert_eq!(user_version, SCHEMA_VERSION);
    assert_eq!(app_id, APPLICATION_ID);
    drop(conn);
    drop(store);

    // Once closed, the stamps are in the file's own header.
    let header = fs::read(&path).unwrap();
    assert_eq!(&header[..16], b"SQLite format 3\0");
    let be32 = |at: usize| u32::from_be_bytes(header[at..at + 4].try_into().unwrap());
    assert_eq!(
        i64::from(be32(60)),
        SCHEMA_VERSION,
        "user_version in header"
    );
    assert_eq!(be32(68) as i32, APPLICATION_ID, "application_id in header");
    assert_eq!(&header[68..72], b"cand");
}

#[test]
fn a_journal_file_is_kept_in_wal_mode() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("j.db");
    let mut store = Store::open(&path, fixed()).unwrap();
    add_pair(&mut store, "Alex Morgan", "Ben Okafor");
    assert!(sidecar(&path, "-wal").exists(), "a WAL file while open");
    assert!(
        sidecar(&path, "-shm").exists(),
        "a shared-memory file while open"
    );
    let mode: String = peek(&path)
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode.to_ascii_lowercase(), "wal");
    drop(store);
    // Header bytes 18 and 19 are 2 for a WAL database.
    let header = fs::read(&path).unwrap();
    assert_eq!((header[18], header[19]), (2, 2));
}

/// `secure_delete` is the one per-connection pragma whose effect shows in the
/// file: the bytes of a replaced text are zeroed, not left in a free block.
/// (Without it SQLite leaves the old cell in place; the order of writes
/// below is chosen so that the new cells do not happen to overwrite it.)
#[test]
fn replaced_text_does_not_linger_in_the_file() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("j.db");
    let mut store = Store::open(&path, fixed()).unwrap();
    let pair = add_pair(&mut store, "Alex Morgan", "Ben Okafor");
    let items = store.checklist(pair.id).unwrap();
    store
        .set_item_note(items[2].id, "ZebraSecretMarkerQ")
        .unwrap();
    store
        .set_item_note(items[5].id, "another item's note")
        .unwrap();
    store
        .set_item_note(
            items[2].id,
            "a much longer replacement note than the secret one ever was, by far",
        )
        .unwrap();
    drop(store);
    let mut bytes = fs::read(&path).unwrap();
    if let Ok(wal) = fs::read(sidecar(&path, "-wal")) {
        bytes.extend(wal);
    }
    assert!(
        !bytes.windows(18).any(|w| w == b"ZebraSecretMarkerQ"),
        "the replaced note is still readable in the file"
    );
}

/// `foreign_keys` is per connection too; it shows in what deleting a pair
/// does: its items and strengths go with it (ON DELETE CASCADE), and their
/// entries leave the search index. `secure_delete` shows in the file.
#[test]
fn deleting_a_pair_takes_its_rows_along_and_leaves_no_trace_of_its_text() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("j.db");
    let mut store = Store::open(&path, fixed()).unwrap();
    let keep = add_pair(&mut store, "Alex Morgan", "Ben Okafor");
    let gone = add_pair(&mut store, "Cleo Park", "QuokkaSecretName");
    store
        .add_strength(gone.id, Role::Mentee, "WombatSecretStrength")
        .unwrap();
    store
        .add_experience(gone.id, "challenge", "similar")
        .unwrap();
    store
        .set_item_done(gone.id, "trust.agenda", true, Some("NumbatSecretNote"))
        .unwrap();
    store.delete_pair(gone.id).unwrap();

    let conn = peek(&path);
    let count = |sql: &str| -> i64 { conn.query_row(sql, [gone.id], |r| r.get(0)).unwrap() };
    assert_eq!(
        count("SELECT count(*) FROM checklist_item WHERE pair_id = ?1"),
        0
    );
    assert_eq!(count("SELECT count(*) FROM strength WHERE pair_id = ?1"), 0);
    assert_eq!(
        count("SELECT count(*) FROM experience WHERE pair_id = ?1"),
        0
    );
    let orphans: i64 = conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(orphans, 0);
    assert!(search(&conn, "quokkasecretname").is_empty());
    assert!(search(&conn, "wombatsecretstrength").is_empty());
    assert!(search(&conn, "numbatsecretnote").is_empty());
    drop(conn);
    assert_eq!(store.checklist(keep.id).unwrap().len(), 12);
    drop(store);

    let bytes = fs::read(&path).unwrap();
    for secret in [
        "QuokkaSecretName",
        "WombatSecretStrength",
        "NumbatSecretNote",
    ] {
        assert!(
            !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
            "{secret} is still readable in the file"
        );
    }
}

// ---------------------------------------------------------------------------
// Pairs and their checklist

#[test]
fn adding_a_pair_stores_what_was_given() {
    let mut store = memory();
    let new = NewPair::new(
        "  Alex Morgan ",
        "Ben Okafor",
        Role::Mentee,
        " estimates ",
        date("2026-10-02"),
        Some(14),
    )
    .unwrap();
    let pair = store.add_pair(&new, &Template::built_in()).unwrap();
    assert_eq!(pair.mentor_name, "Alex Morgan");
    assert_eq!(pair.mentee_name, "Ben Okafor");
    assert_eq!(pair.my_role, Role::Mentee);
    assert_eq!(pair.focus, "estimates");
    assert_eq!(pair.started_on, date("2026-10-02"));
    assert_eq!(pair.cadence_days, Some(14));
    assert_eq!(pair.next_meeting_on, None);
    assert_eq!(pair.status.as_str(), "active");
    assert_eq!(pair.created_at, at(NOW));
    assert_eq!(pair.updated_at, at(NOW));
    assert_eq!(pair.version, 1);
    let counted = store.pair_summary(pair.id).unwrap();
    assert_eq!((counted.checklist_done, counted.checklist_total), (0, 12));
    assert_eq!(counted.pair, pair, "the summary holds the pair as it is");
    assert!(uuid::Uuid::parse_str(&pair.uid).is_ok(), "uid {}", pair.uid);
    assert_eq!(store.pairs().unwrap(), vec![pair.clone()]);
    assert_eq!(store.pair(pair.id).unwrap(), pair);
}

#[test]
fn pairs_are_listed_in_creation_order() {
    let mut store = memory();
    let a = add_pair(&mut store, "Alex Morgan", "Ben Okafor");
    let b = add_pair(&mut store, "Alex Morgan", "Dana Li");
    let c = add_pair(&mut store, "Cleo Park", "Eve Adams");
    let ids: Vec<i64> = store.pairs().unwrap().iter().map(|p| p.id).collect();
    assert_eq!(ids, vec![a.id, b.id, c.id]);
    assert_ne!(a.uid, b.uid);
}

#[test]
fn an_unknown_pair_is_not_found() {
    let store = memory();
    assert!(matches!(store.pair(42), Err(StoreError::NotFound(_))));
}

#[test]
fn adding_a_pair_creates_twelve_items_in_five_steps_from_the_template() {
    let mut store = memory();
    let pair = add_pair(&mut store, "Alex Morgan", "Ben Okafor");
    let items = store.checklist(pair.id).unwrap();
    assert_eq!(items.len(), 12);

    let template = Template::built_in();
    let expected: Vec<(u8, String, String)> = template
        .steps
        .iter()
        .flat_map(|s| {
            s.items.iter().map(move |i| {
                (
                    s.number,
                    i.key.clone(),
                    fill_names(&i.title, "Alex Morgan", "Ben Okafor"),
                )
            })
        })
        .collect();
    let got: Vec<(u8, String, String)> = items
        .iter()
        .map(|i| (i.step, i.key.clone(), i.title.clone()))
        .collect();
    assert_eq!(got, expected);

    let steps: Vec<u8> = items.iter().map(|i| i.step).collect();
    assert_eq!(steps, vec![1, 1, 2, 2, 2, 3, 3, 4, 4, 5, 5, 5]);
    assert_eq!(items[0].key, "trust.agenda");

    let mut uids = std::collections::HashSet::new();
    for item in &items {
        assert_eq!(item.pair_id, pair.id);
        assert!(!item.done && item.done_at.is_none(), "{item:?}");
        assert_eq!(item.note, "");
        assert_eq!(item.version, 1);
        assert_eq!(item.created_at, at(NOW));
        assert!(
            !item.title.contains('{'),
            "placeholder left: {}",
            item.title
        );
        assert!(uids.insert(item.uid.clone()), "uid repeated");
    }
}

#[test]
fn item_titles_carry_the_pairs_names() {
    let mut store = memory();
    let pair = add_pair(&mut store, "Alex Morgan", "Ben Okafor");
    let items = store.checklist(pair.id).unwrap();
    let title = |key: &str| {
        items
            .iter()
            .find(|i| i.key == key)
            .map(|i| i.title.clone())
            .unwrap()
    };
    assert_eq!(
        title("strengths.mentee"),
        "Alex Morgan named Ben Okafor's strengths"
    );
    assert_eq!(
        title("strengths.mentor"),
        "Ben Okafor named Alex Morgan's strengths"
    );
    assert_eq!(title("empathy.challenge"), "Ben Okafor shared a challenge");
}

#[test]
fn a_custom_template_decides_the_items() {
    let text = r#"
[[step]]
number = 1
title = "One"
[[step.item]]
key = "a"
title = "{mentee} and {mentor}"
[[step]]
number = 2
title = "Two"
[[step.item]]
key = "b"
title = "b"
[[step]]
number = 3
title = "Three"
[[step.item]]
key = "c"
title = "c"
[[step]]
number = 4
title = "Four"
[[step.item]]
key = "d"
title = "d"
[[step]]
number = 5
title = "Five"
[[step.item]]
key = "e"
title = "e"
"#;
    let template = Template::parse(text, Path::new("custom.toml")).unwrap();
    let mut store = memory();
    let pair = store.add_pair(&new_pair("Alex", "Ben"), &template).unwrap();
    assert_eq!(store.pair_summary(pair.id).unwrap().checklist_total, 5);
    let items = store.checklist(pair.id).unwrap();
    let keys: Vec<&str> = items.iter().map(|i| i.key.as_str()).collect();
    assert_eq!(keys, ["a", "b", "c", "d", "e"]);
    assert_eq!(items[0].title, "Ben and Alex");
}

#[test]
fn each_pair_has_its_own_checklist() {
    let mut store = memory();
    let a = add_pair(&mut store, "Alex Morgan", "Ben Okafor");
    let b = add_pair(&mut store, "Cleo Park", "Dana Li");
    store
        .set_item_done(a.id, "trust.agenda", true, None)
        .unwrap();
    assert_eq!(store.pair_summary(a.id).unwrap().checklist_done, 1);
    assert_eq!(store.pair_summary(b.id).unwrap().checklist_done, 0);
    assert!(store.checklist(b.id).unwrap().iter().all(|i| !i.done));
    assert!(
        store.checklist(b.id).unwrap()[2]
            .title
            .contains("Cleo Park")
    );
}

// ---------------------------------------------------------------------------
// Ticking items

#[test]
fn ticking_an_item_sets_done_at_and_bumps_version_and_updated_at() {
    let clock = HandClock::new(NOW);
    let mut store = Store::open_in_memory(clock.clone()).unwrap();
    let pair = add_pair(&mut store, "Alex Morgan", "Ben Okafor");
    let before = store.checklist(pair.id).unwrap()[0].clone();

    clock.set("2026-11-28T09:30:00Z");
    let item = store
        .set_item_done(pair.id, "trust.agenda", true, None)
        .unwrap();
    assert!(item.done);
    assert_eq!(item.done_at, Some(at("2026-11-28T09:30:00Z")));
    assert_eq!(item.updated_at, at("2026-11-28T09:30:00Z"));
    assert_eq!(item.created_at, before.created_at);
    assert_eq!(item.version, before.version + 1);
    assert_eq!(item.uid, before.uid);
    assert_eq!(item.note, "");
    assert_eq!(store.checklist_item(item.id).unwrap(), item);
    assert_eq!(store.pair_summary(pair.id).unwrap().checklist_done, 1);
}

#[test]
fn ticking_a_ticked_item_keeps_when_it_was_first_ticked() {
    let clock = HandClock::new(NOW);
    let mut store = Store::open_in_memory(clock.clone()).unwrap();
    let pair = add_pair(&mut store, "Alex Morgan", "Ben Okafor");
    store
        .set_item_done(pair.id, "trust.agenda", true, None)
        .unwrap();
    clock.set("2026-12-01T08:00:00Z");
    let again = store
        .set_item_done(pair.id, "trust.agenda", true, None)
        .unwrap();
    assert_eq!(again.done_at, Some(at(NOW)));
    assert_eq!(again.updated_at, at("2026-12-01T08:00:00Z"));
    assert_eq!(again.version, 3);
    assert_eq!(store.pair_summary(pair.id).unwrap().checklist_done, 1);
}

#[test]
fn unticking_clears_done_at_and_keeps_the_note() {
    let clock = HandClock::new(NOW);
    let mut store = Store::open_in_memory(clock.clone()).unwrap();
    let pair = add_pair(&mut store, "Alex Morgan", "Ben Okafor");
    store
        .set_item_done(pair.id, "trust.agenda", true, Some("we both care"))
        .unwrap();
    clock.set("2026-11-29T10:00:00Z");
    let item = store
        .set_item_done(pair.id, "trust.agenda", false, None)
        .unwrap();
    assert!(!item.done);
    assert_eq!(item.done_at, None);
    assert_eq!(item.note, "we both care");
    assert_eq!(item.version, 3);
    assert_eq!(item.updated_at, at("2026-11-29T10:00:00Z"));
    assert_eq!(store.pair_summary(pair.id).unwrap().checklist_done, 0);
}

#[test]
fn a_note_replaces_the_old_one_and_no_note_keeps_it() {
    let mut store = memory();
    let pair = add_pair(&mut store, "Alex Morgan", "Ben Okafor");
    let key = "judgement.gaps";
    let first = store
        .set_item_done(pair.id, key, true, Some("age: 20 years"))
        .unwrap();
    assert_eq!(first.note, "age: 20 years");
    let kept = store.set_item_done(pair.id, key, true, None).unwrap();
    assert_eq!(kept.note, "age: 20 years");
    let replaced = store
        .set_item_done(pair.id, key, false, Some("status, mostly"))
        .unwrap();
    assert_eq!(replaced.note, "status, mostly");
    assert!(!replaced.done);
    let cleared = store.set_item_done(pair.id, key, false, Some("")).unwrap();
    assert_eq!(cleared.note, "");
    assert_eq!(cleared.version, 5);
}

#[test]
fn a_note_is_stored_exactly_with_its_surrounding_whitespace() {
    let mut store = memory();
    let pair = add_pair(&mut store, "Alex Morgan", "Ben Okafor");
    let note = "  indented\n\n\ttabbed, trailing  \n";
    let item = store
        .set_item_done(pair.id, "trust.agenda", true, Some(note))
        .unwrap();
    assert_eq!(item.note, note);
    assert_eq!(store.checklist(pair.id).unwrap()[0].note, note);
}

#[test]
fn toggling_an_item_flips_it() {
    let mut store = memory();
    let pair = add_pair(&mut store, "Alex Morgan", "Ben Okafor");
    let id = store.checklist(pair.id).unwrap()[3].id;
    assert!(store.toggle_item(id).unwrap().done);
    assert!(!store.toggle_item(id).unwrap().done);
    assert_eq!(store.checklist_item(id).unwrap().version, 3);
}

#[test]
fn setting_a_note_keeps_the_tick() {
    let mut store = memory();
    let pair = add_pair(&mut store, "Alex Morgan", "Ben Okafor");
    let ticked = store
        .set_item_done(pair.id, "trust.agenda", true, None)
        .unwrap();
    let noted = store.set_item_note(ticked.id, "said it twice").unwrap();
    assert!(noted.done);
    assert_eq!(noted.done_at, ticked.done_at);
    assert_eq!(noted.note, "said it twice");
}

#[test]
fn an_unknown_item_key_is_refused_with_the_keys_and_nothing_is_written() {
    let mut store = memory();
    let pair = add_pair(&mut store, "Alex Morgan", "Ben Okafor");
    let before = store.checklist(pair.id).unwrap();
    let err = store
        .set_item_done(pair.id, "trust.agendaa", true, Some("lost note"))
        .unwrap_err();
    assert!(matches!(err, StoreError::NotFound(_)), "{err:?}");
    let msg = err.to_string();
    assert!(msg.contains("trust.agendaa"), "{msg}");
    for item in &before {
        assert!(msg.contains(&item.key), "{msg} lacks {}", item.key);
    }
    assert_eq!(store.checklist(pair.id).unwrap(), before);
    assert_eq!(store.pair(pair.id).unwrap(), pair);
}

#[test]
fn a_note_over_ten_megabytes_is_refused_and_nothing_is_written() {
    let mut store = memory();
    let pair = add_pair(&mut store, "Alex Morgan", "Ben Okafor");
    let before = store.checklist(pair.id).unwrap();
    let huge = "x".repeat(candor::domain::MAX_TEXT_BYTES + 1);
    let err = store
        .set_item_done(pair.id, "trust.agenda", true, Some(&huge))
        .unwrap_err();
    assert!(matches!(err, StoreError::Invalid(_)), "{err:?}");
    assert_eq!(store.checklist(pair.id).unwrap(), before);
    // Exactly at the limit is fine.
    let full = "y".repeat(candor::domain::MAX_TEXT_BYTES);
    let item = store
        .set_item_done(pair.id, "trust.agenda", true, Some(&full))
        .unwrap();
    assert_eq!(item.note.len(), candor::domain::MAX_TEXT_BYTES);
}

// ---------------------------------------------------------------------------
// Strengths and experiences

#[test]
fn strengths_are_kept_per_person_in_order() {
    let mut store = memory();
    let pair = add_pair(&mut store, "Alex Morgan", "Ben Okafor");
    let other = add_pair(&mut store, "Cleo Park", "Dana Li");
    let a = store
        .add_strength(pair.id, Role::Mentee, "  explains trade-offs ")
        .unwrap();
    let b = store
        .add_strength(pair.id, Role::Mentor, "patient")
        .unwrap();
    assert_eq!(a.text, "explains trade-offs");
    assert_eq!(a.whose, Role::Mentee);
    assert_eq!(a.pair_id, pair.id);
    assert_eq!(a.version, 1);
    assert_eq!(a.created_at, at(NOW));
    assert_ne!(a.uid, b.uid);
    assert_eq!(store.strengths(pair.id).unwrap(), vec![a, b]);
    assert!(store.strengths(other.id).unwrap().is_empty());
}

#[test]
fn experiences_link_a_challenge_to_a_similar_one() {
    let mut store = memory();
    let pair = add_pair(&mut store, "Alex Morgan", "Ben Okafor");
    let e = store
        .add_experience(pair.id, "team ignores my estimates", "roadmap overruled")
        .unwrap();
    assert_eq!(e.challenge, "team ignores my estimates");
    assert_eq!(e.similar, "roadmap overruled");
    assert_eq!(e.pair_id, pair.id);
    assert_eq!(store.experiences(pair.id).unwrap(), vec![e]);
}

#[rstest]
#[case::empty("")]
#[case::spaces("   ")]
#[case::mixed_whitespace(" \t\n\r ")]
#[case::unicode_spaces("\u{a0}\u{3000}")]
fn a_blank_strength_is_refused_and_nothing_is_written(#[case] text: &str) {
    let mut store = memory();
    let pair = add_pair(&mut store, "Alex Morgan", "Ben Okafor");
    let err = store.add_strength(pair.id, Role::Mentor, text).unwrap_err();
    assert!(matches!(err, StoreError::Invalid(_)), "{err:?}");
    assert!(err.to_string().contains("must not be empty"), "{err}");
    assert!(store.strengths(pair.id).unwrap().is_empty());
}

#[rstest]
#[case::empty_challenge("", "roadmap overruled")]
#[case::blank_challenge(" \t ", "roadmap overruled")]
#[case::empty_similar("team ignores my estimates", "")]
#[case::blank_similar("team ignores my estimates", "\n\n")]
#[case::both_empty("", "")]
fn a_blank_experience_is_refused_and_nothing_is_written(
    #[case] challenge: &str,
    #[case] similar: &str,
) {
    let mut store = memory();
    let pair = add_pair(&mut store, "Alex Morgan", "Ben Okafor");
    let err = store
        .add_experience(pair.id, challenge, similar)
        .unwrap_err();
    assert!(matches!(err, StoreError::Invalid(_)), "{err:?}");
    assert!(store.experiences(pair.id).unwrap().is_empty());
}

#[test]
fn a_strength_or_experience_for_an_unknown_pair_is_refused() {
    let mut store = memory();
    let pair = add_pair(&mut store, "Alex Morgan", "Ben Okafor");
    let err = store
        .add_strength(pair.id + 1, Role::Mentor, "patient")
        .unwrap_err();
    assert!(matches!(err, StoreError::NotFound(_)), "{err:?}");
    let err = store.add_experience(pair.id + 1, "a", "b").unwrap_err();
    assert!(matches!(err, StoreError::NotFound(_)), "{err:?}");
    assert!(store.strengths(pair.id + 1).unwrap().is_empty());
    assert!(store.experiences(pair.id + 1).unwrap().is_empty());
}

// ---------------------------------------------------------------------------
// Text is stored exactly

#[test]
fn unicode_and_escape_sequences_are_stored_exactly() {
    let mut store = memory();
    let mentor = "李小龙 🚀 \u{1b}[31mred\u{1b}]0;title\u{7}";
    let mentee = "مرحبا \u{202e}evil\u{9b}2J";
    let pair = add_pair(&mut store, mentor, mentee);
    assert_eq!(pair.mentor_name, mentor);
    assert_eq!(pair.mentee_name, mentee);
    let s = store.add_strength(pair.id, Role::Mentee, HOSTILE).unwrap();
    let e = store.add_experience(pair.id, HOSTILE, mentor).unwrap();
    let item = store
        .set_item_done(pair.id, "trust.agenda", true, Some(HOSTILE))
        .unwrap();

    let listed = &store.pairs().unwrap()[0];
    assert_eq!(listed.mentor_name, mentor);
    assert_eq!(listed.mentee_name, mentee);
    assert_eq!(store.strengths(pair.id).unwrap()[0].text, HOSTILE);
    assert_eq!(s.text, HOSTILE);
    let exp = &store.experiences(pair.id).unwrap()[0];
    assert_eq!(
        (exp.challenge.as_str(), exp.similar.as_str()),
        (HOSTILE, mentor)
    );
    assert_eq!(e.challenge, HOSTILE);
    assert_eq!(store.checklist_item(item.id).unwrap().note, HOSTILE);
    let titled = store
        .checklist(pair.id)
        .unwrap()
        .into_iter()
        .find(|i| i.key == "strengths.mentee")
        .unwrap();
    assert_eq!(titled.title, format!("{mentor} named {mentee}'s strengths"));
}

#[test]
fn text_reaches_the_file_byte_for_byte() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("j.db");
    let mut store = Store::open(&path, fixed()).unwrap();
    let mentor = "李小龙 🚀 \u{1b}[31mred\u{1b}]0;title\u{7}";
    let pair = add_pair(&mut store, mentor, "مرحبا \u{202e}evil");
    store.add_strength(pair.id, Role::Mentor, HOSTILE).unwrap();
    drop(store);

    let conn = peek(&path);
    let name: Vec<u8> = conn
        .query_row("SELECT CAST(mentor_name AS BLOB) FROM pair", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(name, mentor.as_bytes());
    let text: Vec<u8> = conn
        .query_row("SELECT CAST(text AS BLOB) FROM strength", [], |r| r.get(0))
        .unwrap();
    assert_eq!(text, HOSTILE.as_bytes());
}

// ---------------------------------------------------------------------------
// The full-text index

#[test]
fn the_search_index_follows_a_changed_note() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("j.db");
    let mut store = Store::open(&path, fixed()).unwrap();
    let pair = add_pair(&mut store, "Alex Morgan", "Ben Okafor");
    let id = store.checklist(pair.id).unwrap()[4].id;
    let conn = peek(&path);
    assert!(search(&conn, "zebra").is_empty());

    store.set_item_note(id, "a zebra crossing").unwrap();
    assert_eq!(search(&conn, "zebra"), vec![id * 8 + 1]);

    // Ticking (which rewrites the row) neither loses nor doubles the entry.
    store.toggle_item(id).unwrap();
    assert_eq!(search(&conn, "zebra"), vec![id * 8 + 1]);

    store.set_item_note(id, "giraffes instead").unwrap();
    assert!(search(&conn, "zebra").is_empty(), "old note still found");
    assert_eq!(search(&conn, "giraffes"), vec![id * 8 + 1]);

    store.set_item_note(id, "").unwrap();
    assert!(search(&conn, "giraffes").is_empty());
    // The title stays findable.
    assert!(search(&conn, "off").contains(&(id * 8 + 1)));
}

/// The place of note `id` in the order the search index numbers entries.
fn place(conn: &Connection, id: i64) -> Option<i64> {
    conn.query_row(
        "SELECT seq FROM search_row WHERE code = 6 AND id = ?1",
        [id],
        |r| r.get(0),
    )
    .optional()
    .unwrap()
}

#[test]
fn a_note_keeps_its_place_in_the_index_when_edited_and_its_privacy_follows_it() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("j.db");
    let mut store = Store::open(&path, fixed()).unwrap();
    let pair = add_pair(&mut store, "Alex Morgan", "Ben Okafor").id;
    let text = |body: &str, private: bool| NewNote {
        body: body.into(),
        private,
        tags: vec![],
    };
    let a = store
        .add_note(pair, &text("otter at dawn", false))
        .unwrap()
        .id;
    let b = store
        .add_note(pair, &text("otter at dusk", false))
        .unwrap()
        .id;
    let conn = peek(&path);
    let first = place(&conn, a).unwrap();
    assert!(place(&conn, b).unwrap() > first);

    // Edited, it is found by its new words at the place it had.
    store
        .update_note(a, None, &text("otter by the river", false))
        .unwrap();
    assert_eq!(place(&conn, a), Some(first));
    assert_eq!(search(&conn, "river"), vec![a * 8 + 6]);
    assert!(search(&conn, "dawn").is_empty());

    // Made private, it is left out of a search, and counted as left out.
    store
        .update_note(a, None, &text("otter by the river", true))
        .unwrap();
    let shared = store
        .search_reporting("otter", &SearchFilter::default())
        .unwrap();
    let ids: Vec<i64> = shared.hits.iter().map(|h| h.id).collect();
    assert_eq!((ids, shared.held_back), (vec![b], 1));
    // Shared again, it is found again.
    store
        .update_note(a, None, &text("otter by the river", false))
        .unwrap();
    let again = store
        .search_reporting("otter", &SearchFilter::default())
        .unwrap();
    assert_eq!((again.hits.len(), again.held_back), (2, 0));

    // Sealed behind a passphrase, a private note leaves the index and its place.
    store
        .update_note(a, None, &text("otter by the river", true))
        .unwrap();
    store
        .set_passphrase("correct horse", candor::crypto::KdfParams::TEST)
        .unwrap();
    assert_eq!(place(&conn, a), None);
    assert_eq!(search(&conn, "otter"), vec![b * 8 + 6]);
    // Written again in clear, it comes back as the newest entry.
    store
        .update_note(a, None, &text("otter by the river", false))
        .unwrap();
    assert!(place(&conn, a).unwrap() > place(&conn, b).unwrap());
    assert_eq!(search(&conn, "otter"), vec![a * 8 + 6, b * 8 + 6]);
}

#[test]
fn a_deleted_pair_takes_its_entries_and_their_numbers_out_of_the_search_index() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("j.db");
    let mut store = Store::open(&path, fixed()).unwrap();
    let gone = add_pair(&mut store, "Alex Morgan", "Ben Okafor").id;
    let kept = add_pair(&mut store, "Cleo Park", "Dana Li").id;
    for pair in [gone, kept] {
        let note = NewNote {
            body: format!("otter notes of pair {pair}"),
            private: false,
            tags: vec![],
        };
        store.add_note(pair, &note).unwrap();
    }
    let conn = peek(&path);
    let numbered = |conn: &Connection| -> i64 {
        conn.query_row("SELECT count(*) FROM search_row", [], |r| r.get(0))
            .unwrap()
    };
    let before = numbered(&conn);
    let in_pair: i64 = conn
        .query_row(
            "SELECT 1 + (SELECT count(*) FROM checklist_item WHERE pair_id = ?1)
                      + (SELECT count(*) FROM note WHERE pair_id = ?1)",
            [gone],
            |r| r.get(0),
        )
        .unwrap();
    store.delete_pair(gone).unwrap();
    // The pair, its checklist and its note: each out of the index, and its
    // number with it (the delete cascades, and each row's trigger runs).
    assert_eq!(numbered(&conn), before - in_pair);
    assert_eq!(search(&conn, "otter").len(), 1);
    let index = store
        .doctor()
        .unwrap()
        .into_iter()
        .find(|c| c.name == "search index")
        .unwrap();
    assert!(index.ok, "{}", index.detail);
}

#[test]
fn the_search_index_holds_pairs_items_strengths_and_experiences() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("j.db");
    let mut store = Store::open(&path, fixed()).unwrap();
    let template = Template::built_in();
    let with_focus = |mentor: &str, mentee: &str, focus: &str| {
        NewPair::new(
            mentor,
            mentee,
            Role::Mentor,
            focus,
            date("2026-10-02"),
            None,
        )
        .unwrap()
    };
    let a = store
        .add_pair(
            &with_focus("Alex Morgan", "Ben Okafor", "public speaking"),
            &template,
        )
        .unwrap();
    let b = store
        .add_pair(
            &with_focus("Cleo Park", "Dana Li", "architecture"),
            &template,
        )
        .unwrap();
    let s = store
        .add_strength(b.id, Role::Mentee, "explains tradeoffs clearly")
        .unwrap();
    let e = store
        .add_experience(a.id, "team ignores my speaking slot", "roadmap overruled")
        .unwrap();
    let conn = peek(&path);
    assert_eq!(search(&conn, "architecture"), vec![b.id * 8]);
    assert_eq!(search(&conn, "speaking"), vec![a.id * 8, e.id * 8 + 3]);
    assert_eq!(search(&conn, "tradeoffs"), vec![s.id * 8 + 2]);
    assert_eq!(search(&conn, "roadmap"), vec![e.id * 8 + 3]);
    // A name is found in the pair and in the item titles that carry it.
    let mut expected = vec![a.id * 8];
    expected.extend(
        store
            .checklist(a.id)
            .unwrap()
            .iter()
            .filter(|i| i.title.contains("Okafor"))
            .map(|i| i.id * 8 + 1),
    );
    expected.sort_unstable();
    assert_eq!(expected.len(), 4);
    assert_eq!(search(&conn, "okafor"), expected);
    let agenda = store.checklist(b.id).unwrap()[0].id;
    assert!(search(&conn, "trust").contains(&(agenda * 8 + 1)));
    // Unicode text is tokenised too, diacritics folded.
    let c = store
        .add_pair(&with_focus("Zoë Ångström", "李小龙", "ærø"), &template)
        .unwrap();
    assert_eq!(search(&conn, "angstrom")[0], c.id * 8);
    assert_eq!(search(&conn, "李小龙")[0], c.id * 8);
}

// ---------------------------------------------------------------------------
// Files and modes

/// Runs this test binary again under `sh -c 'umask …'`, executing only the
/// ignored test `new_files_are_private_in_a_child`, which checks the modes.
#[rstest]
fn a_new_journal_file_its_wal_and_shm_and_its_folders_are_private(
    #[values("022", "000")] umask: &str,
) {
    let dir = TempDir::new().unwrap();
    let exe = std::env::current_exe().unwrap();
    // The test's name in the binary: its module path without the crate's name.
    let (_, module) = module_path!().split_once("::").unwrap();
    let child = format!("{module}::new_files_are_private_in_a_child");
    let output = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("umask {umask} && exec \"$0\" \"$@\""))
        .arg(&exe)
        .args([
            "--exact",
            &child,
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("CANDOR_TEST_CHILD_DIR", dir.path())
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.status.success(), "child failed:\n{text}");
    assert!(
        text.contains("1 passed"),
        "the child test did not run:\n{text}"
    );
    assert!(
        text.contains(&format!("umask 0{umask}")),
        "the child did not run under umask {umask}:\n{text}"
    );
}

#[test]
#[ignore = "run by a_new_journal_file_its_wal_and_shm_and_its_folders_are_private under a set umask"]
fn new_files_are_private_in_a_child() {
    let Some(dir) = std::env::var_os("CANDOR_TEST_CHILD_DIR") else {
        return;
    };
    let status = fs::read_to_string("/proc/self/status").unwrap_or_default();
    if let Some(line) = status.lines().find(|l| l.starts_with("Umask:")) {
        println!("umask {}", line.trim_start_matches("Umask:").trim());
    }
    let dir = PathBuf::from(dir);
    let path = dir.join("a").join("b").join("j.db");
    let mut store = Store::open(&path, fixed()).unwrap();
    add_pair(&mut store, "Alex Morgan", "Ben Okafor");
    assert_mode(&dir.join("a"), 0o700);
    assert_mode(&dir.join("a").join("b"), 0o700);
    assert_mode(&path, 0o600);
    assert_mode(&sidecar(&path, "-wal"), 0o600);
    assert_mode(&sidecar(&path, "-shm"), 0o600);
    drop(store);
    assert_mode(&path, 0o600);
}

#[test]
fn an_existing_empty_file_keeps_its_mode_and_becomes_a_journal() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("j.db");
    fs::write(&path, b"").unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
    let mut store = Store::open(&path, fixed()).unwrap();
    add_pair(&mut store, "Alex Morgan", "Ben Okafor");
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    assert_mode(&path, 0o644);
    drop(store);
    assert_mode(&path, 0o644);
}

#[test]
fn an_existing_journal_keeps_its_mode() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("j.db");
    drop(Store::open(&path, fixed()).unwrap());
    fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
    let mut store = Store::open(&path, fixed()).unwrap();
    add_pair(&mut store, "Alex Morgan", "Ben Okafor");
    drop(store);
    assert_mode(&path, 0o640);
}

#[test]
fn an_existing_folder_keeps_its_mode() {
    let dir = TempDir::new().unwrap();
    let shared = dir.path().join("shared");
    fs::create_dir(&shared).unwrap();
    fs::set_permissions(&shared, fs::Permissions::from_mode(0o755)).unwrap();
    let path = shared.join("new").join("j.db");
    drop(Store::open(&path, fixed()).unwrap());
    assert_mode(&shared, 0o755);
    assert_mode(&shared.join("new"), 0o700);
}

#[test]
fn a_folder_is_not_a_journal() {
    let dir = TempDir::new().unwrap();
    let err = Store::open(dir.path(), fixed()).unwrap_err();
    assert!(matches!(err, StoreError::NotJournal { .. }), "{err:?}");
    assert!(
        err.to_string().contains(&dir.path().display().to_string()),
        "{err}"
    );
}

fn bad_file(kind: &str, path: &Path) {
    match kind {
        "text" => fs::write(path, "meeting notes, not a database\n".repeat(200)).unwrap(),
        "foreign" => {
            let conn = Connection::open(path).unwrap();
            conn.execute_batch(
                "CREATE TABLE recipe (id INTEGER PRIMARY KEY, name TEXT);
                 INSERT INTO recipe (name) VALUES ('bread'), ('soup');",
            )
            .unwrap();
        }
        "newer" => {
            drop(Store::open(path, fixed()).unwrap());
            let conn = Connection::open(path).unwrap();
            conn.pragma_update(None, "user_version", 99).unwrap();
        }
        "truncated" => {
            let mut store = Store::open(path, fixed()).unwrap();
            add_pair(&mut store, "Alex Morgan", "Ben Okafor");
            drop(store);
            assert!(!sidecar(path, "-wal").exists());
            let bytes = fs::read(path).unwrap();
            fs::write(path, &bytes[..bytes.len() / 2]).unwrap();
        }
        _ => unreachable!(),
    }
}

#[rstest]
#[case::text("text")]
#[case::foreign("foreign")]
#[case::newer("newer")]
#[case::truncated("truncated")]
fn a_file_that_is_not_a_healthy_journal_is_refused_unchanged(#[case] kind: &str) {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("j.db");
    bad_file(kind, &path);
    let before = fs::read(&path).unwrap();
    let err = Store::open(&path, fixed()).unwrap_err();
    match kind {
        "text" | "foreign" => assert!(matches!(err, StoreError::NotJournal { .. }), "{err:?}"),
        "newer" => assert!(
            matches!(
                err,
                StoreError::TooNew {
                    found: 99,
                    known: SCHEMA_VERSION,
                    ..
                }
            ),
            "{err:?}"
        ),
        "truncated" => assert!(matches!(err, StoreError::Corrupt { .. }), "{err:?}"),
        _ => unreachable!(),
    }
    assert!(
        err.to_string().contains(&path.display().to_string()),
        "{err}"
    );
    assert_eq!(fs::read(&path).unwrap(), before, "the file was modified");
    assert!(!sidecar(&path, "-wal").exists());
    assert!(!sidecar(&path, "-shm").exists());
}

/// Copies a database and its WAL while `conn` (the writer) still holds them
/// open: the state a crash or a power cut leaves behind.
fn copy_with_wal(src: &Path, dst: &Path) {
    assert!(
        fs::metadata(sidecar(src, "-wal")).unwrap().len() > 0,
        "no commits in the WAL to copy"
    );
    fs::copy(src, dst).unwrap();
    fs::copy(sidecar(src, "-wal"), sidecar(dst, "-wal")).unwrap();
}

fn bad_file_with_wal(kind: &str, dir: &Path) -> PathBuf {
    let src = dir.join("live.db");
    let dst = dir.join("j.db");
    match kind {
        "foreign" => {
            let conn = Connection::open(&src).unwrap();
            let _: String = conn
                .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
                .unwrap();
            conn.execute_batch(
                "CREATE TABLE recipe (id INTEGER PRIMARY KEY, name TEXT);
                 INSERT INTO recipe (name) VALUES ('bread');",
            )
            .unwrap();
            drop(conn);
            let conn = Connection::open(&src).unwrap();
            conn.execute("INSERT INTO recipe (name) VALUES ('soup')", [])
                .unwrap();
            copy_with_wal(&src, &dst);
        }
        "newer" => {
            let mut store = Store::open(&src, fixed()).unwrap();
            add_pair(&mut store, "Alex Morgan", "Ben Okafor");
            drop(store);
            let conn = Connection::open(&src).unwrap();
            conn.pragma_update(None, "user_version", 99).unwrap();
            copy_with_wal(&src, &dst);
        }
        _ => unreachable!(),
    }
    dst
}

/// A file whose last commits are still in its `-wal` (its writer crashed, or
/// it was copied while open) must be refused just as untouched: SQLite
/// checkpoints the WAL into the file when the last connection closes, so
/// merely opening it with SQLite and closing again rewrites it.
#[rstest]
#[case::foreign("foreign")]
#[case::newer("newer")]
fn a_refused_file_with_commits_in_its_wal_is_left_unchanged(#[case] kind: &str) {
    let dir = TempDir::new().unwrap();
    let path = bad_file_with_wal(kind, dir.path());
    let wal = sidecar(&path, "-wal");
    let before = fs::read(&path).unwrap();
    let wal_before = fs::read(&wal).unwrap();
    let err = Store::open(&path, fixed()).unwrap_err();
    match kind {
        "foreign" => assert!(matches!(err, StoreError::NotJournal { .. }), "{err:?}"),
        _ => assert!(
            matches!(err, StoreError::TooNew { found: 99, .. }),
            "{err:?}"
        ),
    }
    assert!(
        err.to_string().contains(&path.display().to_string()),
        "{err}"
    );
    assert!(fs::read(&path).unwrap() == before, "the file was modified");
    assert!(wal.exists(), "its -wal was removed");
    assert!(
        fs::read(&wal).unwrap() == wal_before,
        "its -wal was modified"
    );
}

/// The other side of the same coin: a candor journal whose first commits
/// are still in its WAL (the header in the main file is not stamped yet)
/// is a journal, and opens with everything committed.
#[test]
fn a_journal_whose_first_commits_are_still_in_its_wal_opens() {
    let dir = TempDir::new().unwrap();
    let src = dir.path().join("live.db");
    let dst = dir.path().join("j.db");
    let mut live = Store::open(&src, fixed()).unwrap();
    let pair = add_pair(&mut live, "Alex Morgan", "Ben Okafor");
    copy_with_wal(&src, &dst);
    drop(live);
    let store = Store::open(&dst, fixed()).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(store.pairs().unwrap(), vec![pair]);
}

// ---------------------------------------------------------------------------
// Two copies and reopening

#[test]
fn reopening_a_journal_keeps_its_data_and_migrates_nothing() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("j.db");
    let mut store = Store::open(&path, fixed()).unwrap();
    let pair = add_pair(&mut store, "Alex Morgan", "Ben Okafor");
    store
        .set_item_done(pair.id, "trust.agenda", true, Some("kept"))
        .unwrap();
    drop(store);
    let schema_before: Vec<String> = {
        let conn = peek(&path);
        let mut stmt = conn
            .prepare("SELECT sql FROM sqlite_schema WHERE sql IS NOT NULL ORDER BY name")
            .unwrap();
        stmt.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    };

    let store = Store::open(&path, fixed()).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    let pairs = store.pair_summaries().unwrap();
    assert_eq!(pairs.len(), 1);
    assert_eq!(pairs[0].pair.uid, pair.uid);
    assert_eq!(pairs[0].checklist_done, 1);
    assert_eq!(store.checklist(pair.id).unwrap()[0].note, "kept");
    drop(store);

    let conn = peek(&path);
    let mut stmt = conn
        .prepare("SELECT sql FROM sqlite_schema WHERE sql IS NOT NULL ORDER BY name")
        .unwrap();
    let schema_after: Vec<String> = stmt
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(schema_after, schema_before);
}

#[test]
fn two_stores_open_on_one_file_both_write() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("j.db");
    let mut first = Store::open(&path, fixed()).unwrap();
    let mut second = Store::open(&path, fixed()).unwrap();
    let a = add_pair(&mut first, "Alex Morgan", "Ben Okafor");
    let b = add_pair(&mut second, "Cleo Park", "Dana Li");
    // Each sees the other's committed writes.
    assert_eq!(second.pair(a.id).unwrap().uid, a.uid);
    first
        .set_item_done(b.id, "trust.agenda", true, None)
        .unwrap();
    second.add_strength(a.id, Role::Mentor, "patient").unwrap();
    assert_eq!(first.strengths(a.id).unwrap().len(), 1);
    assert_eq!(second.pair_summary(b.id).unwrap().checklist_done, 1);
    assert_eq!(first.pairs().unwrap().len(), 2);
}

/// Several copies writing at once: each write waits for the others
/// (BEGIN IMMEDIATE and the busy timeout) instead of failing with "busy".
/// The outcome, every write stored, does not depend on the interleaving.
#[test]
fn stores_writing_at_the_same_time_all_succeed() {
    const THREADS: usize = 4;
    const WRITES: usize = 25;
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("j.db");
    let pair = {
        let mut store = Store::open(&path, fixed()).unwrap();
        add_pair(&mut store, "Alex Morgan", "Ben Okafor")
    };
    let barrier = Arc::new(Barrier::new(THREADS));
    let handles: Vec<_> = (0..THREADS)
        .map(|t| {
            let path = path.clone();
            let barrier = barrier.clone();
            thread::spawn(move || -> Result<(), String> {
                let mut store = Store::open(&path, fixed()).map_err(|e| e.to_string())?;
                barrier.wait();
                for i in 0..WRITES {
                    store
                        .add_strength(pair.id, Role::Mentee, &format!("strength {t}-{i}"))
                        .map_err(|e| format!("add_strength: {e}"))?;
                    let key = if i % 2 == 0 {
                        "trust.agenda"
                    } else {
                        "judgement.gaps"
                    };
                    store
                        .set_item_done(pair.id, key, i % 3 != 0, Some(&format!("{t}-{i}")))
                        .map_err(|e| format!("set_item_done: {e}"))?;
                }
                Ok(())
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap().unwrap();
    }
    let store = Store::open(&path, fixed()).unwrap();
    assert_eq!(store.strengths(pair.id).unwrap().len(), THREADS * WRITES);
    let items = store.checklist(pair.id).unwrap();
    let versions: i64 = items.iter().map(|i| i.version - 1).sum();
    assert_eq!(versions, (THREADS * WRITES) as i64);
}

/// Copies of candor started at the same moment on a journal that does not
/// exist yet (or is an empty file): every one of them opens it, and the schema
/// is created once. The outcome must hold for every interleaving; the rounds
/// only make a bad interleaving likely to be met.
#[rstest]
fn copies_starting_at_once_on_a_new_journal_all_open_it(#[values("missing", "empty")] start: &str) {
    const THREADS: usize = 4;
    const ROUNDS: usize = 100;
    let mut failures = Vec::new();
    for _ in 0..ROUNDS {
        let dir = TempDir::new().unwrap();
        let path = dir.path().join("j.db");
        if start == "empty" {
            fs::write(&path, b"").unwrap();
        }
        let barrier = Arc::new(Barrier::new(THREADS));
        let handles: Vec<_> = (0..THREADS)
            .map(|_| {
                let path = path.clone();
                let barrier = barrier.clone();
                thread::spawn(move || -> Result<i64, String> {
                    barrier.wait();
                    let mut store =
                        Store::open(&path, fixed()).map_err(|e| format!("open: {e}"))?;
                    store
                        .add_pair(
                            &new_pair("Alex Morgan", "Ben Okafor"),
                            &Template::built_in(),
                        )
                        .map_err(|e| format!("add_pair: {e}"))?;
                    store.schema_version().map_err(|e| e.to_string())
                })
            })
            .collect();
        for h in handles {
            match h.join().unwrap() {
                Ok(v) => assert_eq!(v, SCHEMA_VERSION),
                Err(e) => failures.push(e),
            }
        }
        if failures.is_empty() {
            let store = Store::open(&path, fixed()).unwrap();
            assert_eq!(store.pairs().unwrap().len(), THREADS);
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} opens failed, e.g. {:?}",
        failures.len(),
        THREADS * ROUNDS,
        &failures[..failures.len().min(3)]
    );
}

#[test]
fn a_search_run_as_you_type_matches_the_last_word_as_a_prefix_and_a_whole_query_does_not() {
    let mut store = Store::open_in_memory(fixed()).unwrap();
    candor::demo::fill(&mut store, &Template::built_in()).unwrap();
    let typing = candor::store::SearchFilter {
        prefix_last: true,
        ..Default::default()
    };
    let whole = candor::store::SearchFilter::default();
    assert!(!store.search("estim", &typing).unwrap().is_empty());
    assert!(store.search("estim", &whole).unwrap().is_empty());
    // Syntax FTS5 cannot parse still falls back to the words, typed or not.
    assert!(!store.search("\"estim", &typing).unwrap().is_empty());
    assert!(!store.search("ignores estim", &typing).unwrap().is_empty());
}

fn note(store: &mut Store, pair: i64, body: &str, private: bool) -> i64 {
    let n = candor::store::NewNote {
        body: body.into(),
        private,
        tags: vec![],
    };
    store.add_note(pair, &n).unwrap().id
}

fn hit_ids(store: &Store, query: &str, filter: &candor::store::SearchFilter) -> Vec<i64> {
    store
        .search(query, filter)
        .unwrap()
        .iter()
        .map(|h| h.id)
        .collect()
}

#[test]
fn search_shows_the_best_match_first_and_no_more_than_asked() {
    let mut store = memory();
    let p = add_pair(&mut store, "Ana", "Ben").id;
    let weak = note(
        &mut store,
        p,
        "a long day; wombat once, then many other words said here",
        false,
    );
    let strong = note(&mut store, p, "wombat wombat wombat", false);
    let other = note(&mut store, p, "nothing of the kind", false);
    let all = candor::store::SearchFilter::default();
    assert_eq!(hit_ids(&store, "wombat", &all), [strong, weak]);
    let one = candor::store::SearchFilter {
        limit: 1,
        ..Default::default()
    };
    assert_eq!(hit_ids(&store, "wombat", &one), [strong]);
    assert!(!hit_ids(&store, "wombat", &all).contains(&other));
}

#[test]
fn a_word_in_more_entries_than_are_ranked_is_ranked_among_its_newest_matches() {
    use candor::store::{RANKED, SearchFilter};
    let mut store = memory();
    let a = add_pair(&mut store, "Ana", "Ben").id;
    let b = add_pair(&mut store, "Cy", "Dee").id;
    // The oldest matches are the best ones, and in pair A only.
    let old: Vec<i64> = (0..20)
        .map(|_| note(&mut store, a, "quokka quokka quokka", false))
        .collect();
    let rare = note(&mut store, a, "a numbat, once", false);
    let newer: Vec<i64> = (0..RANKED)
        .map(|i| {
            note(
                &mut store,
                b,
                &format!("entry {i} of many words with a quokka in it"),
                false,
            )
        })
        .collect();
    let hits = hit_ids(&store, "quokka", &SearchFilter::default());
    assert_eq!(hits.len(), 50);
    // Only the newest RANKED matches were ranked: the old strong ones are not among them.
    assert!(hits.iter().all(|id| newer.contains(id)), "{hits:?}");
    // Equally good hits come newest first.
    assert_eq!(hits[0], *newer.last().unwrap());
    assert!(hits.windows(2).all(|w| w[0] > w[1]), "{hits:?}");
    // A rare word is found however old; a pair's own matches are found
    // however many newer ones other pairs have.
    assert_eq!(hit_ids(&store, "numbat", &SearchFilter::default()), [rare]);
    let in_a = SearchFilter {
        pair_id: Some(a),
        ..Default::default()
    };
    let mut found = hit_ids(&store, "quokka", &in_a);
    found.sort_unstable();
    assert_eq!(found, old);
}

#[test]
fn private_notes_are_searched_only_when_asked() {
    use candor::store::SearchFilter;
    let mut store = memory();
    let p = add_pair(&mut store, "Ana", "Ben").id;
    let shared = note(&mut store, p, "the axolotl plan", false);
    let private = note(&mut store, p, "my axolotl worry", true);
    assert_eq!(
        hit_ids(&store, "axolotl", &SearchFilter::default()),
        [shared]
    );
    let with_private = SearchFilter {
        include_private: true,
        ..Default::default()
    };
    let mut both = hit_ids(&store, "axolotl", &with_private);
    both.sort_unstable();
    assert_eq!(both, [shared, private]);
}

#[test]
fn as_you_type_a_last_word_is_the_start_of_words_from_its_third_letter() {
    use candor::store::{PREFIX_FROM, SearchFilter};
    assert_eq!(PREFIX_FROM, 3);
    let mut store = memory();
    let p = add_pair(&mut store, "Ana", "Ben").id;
    let id = note(&mut store, p, "pangolins everywhere", false);
    let typing = SearchFilter {
        prefix_last: true,
        ..Default::default()
    };
    assert!(hit_ids(&store, "pa", &typing).is_empty());
    assert_eq!(hit_ids(&store, "pan", &typing), [id]);
    assert_eq!(hit_ids(&store, "pangolins ev", &typing), Vec::<i64>::new());
    assert_eq!(hit_ids(&store, "pangolins eve", &typing), [id]);
}
