//! Store tests for schema version 3: goals with their progress history, and
//! trust check-ins, which are private by nature.
//!
//! 1. Goals: added at 0 %, edited only from the version they were read at,
//!    progress is always the latest history row (not the highest), done at
//!    100 %, overdue against a given day; bad input refused with nothing
//!    written; keyset paging returns every goal once, oldest first.
//! 2. Check-ins: trust 1–5, listed newest first page by page; a passphrase
//!    seals the ones already there and scrubs their words from the file;
//!    written while locked they are sealed without the passphrase; a swapped
//!    ciphertext reads as damaged; removing the passphrase unseals them.
//! 3. Deleting and restoring a goal (history included) and a sealed
//!    check-in (same bytes back); erasing a pair leaves tombstones for both.
//! 4. Exchange: check-ins leave only when private entries are asked for; a
//!    JSON export merges into a fresh journal with nothing lost, twice
//!    without change; format version 1 still imports; check-ins arriving in
//!    a journal with a passphrase are sealed at once; a locked journal
//!    refuses a private export.
//!
//! Everything runs on real SQLite files in temp folders; a second
//! connection on the same file looks at what the API does not show.

#![allow(clippy::unwrap_used)]

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use rstest::rstest;
use rusqlite::Connection;
use tempfile::TempDir;

use candor::clock::{Clock, FixedClock, ManualClock};
use candor::crypto::KdfParams;
use candor::domain::{CheckIn, Goal, GoalProgress, Invalid, Kind, NewPair, Pair, Role};
use candor::export::{self, Format, ImportError};
use candor::store::{
    Deleted, MergeReport, NewCheckIn, NewGoal, NewMeeting, NewNote, Opener, Page, PairBundle,
    Store, StoreError,
};
use candor::template::Template;

const NOW: &str = "2026-11-27T10:00:00Z";
const PASS: &str = "correct horse battery";

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn fixed() -> Arc<dyn Clock> {
    Arc::new(FixedClock::parse(NOW).unwrap())
}

fn sidecar(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// A journal on a temp file, and ways to look inside it from a second connection.
struct Journal {
    _dir: TempDir,
    path: PathBuf,
    store: Store,
}

impl Journal {
    fn new() -> Self {
        Self::with_clock(fixed())
    }

    fn with_clock(clock: Arc<dyn Clock>) -> Self {
        let dir = TempDir::new().unwrap();
        let path = dir.path().join("journal.db");
        let store = Store::open(&path, clock).unwrap();
        Self {
            _dir: dir,
            path,
            store,
        }
    }

    /// A journal on a clock the test moves.
    fn manual() -> (Self, Arc<ManualClock>) {
        let clock = Arc::new(ManualClock::new(at(NOW)));
        (
            Self::with_clock(Arc::clone(&clock) as Arc<dyn Clock>),
            clock,
        )
    }

    fn conn(&self) -> Connection {
        let conn = Connection::open(&self.path).unwrap();
        conn.busy_timeout(StdDuration::from_secs(8)).unwrap();
        conn
    }

    fn count(&self, sql: &str) -> i64 {
        self.conn().query_row(sql, [], |r| r.get(0)).unwrap()
    }

    /// A check-in's columns as stored: trust, helped, in_the_way, note, sealed.
    fn raw_checkin(&self, id: i64) -> RawCheckIn {
        self.conn()
            .query_row(
                "SELECT trust, helped, in_the_way, note, sealed FROM checkin WHERE id = ?1",
                [id],
                |r| {
                    Ok(RawCheckIn {
                        trust: r.get(0)?,
                        helped: r.get(1)?,
                        in_the_way: r.get(2)?,
                        note: r.get(3)?,
                        sealed: r.get(4)?,
                    })
                },
            )
            .unwrap()
    }

    fn set_sealed(&self, id: i64, bytes: &[u8]) {
        let n = self
            .conn()
            .execute(
                "UPDATE checkin SET sealed = ?2 WHERE id = ?1",
                rusqlite::params![id, bytes],
            )
            .unwrap();
        assert_eq!(n, 1);
    }

    /// The journal file and its `-wal`, as they are now.
    fn files(&self) -> (Vec<u8>, Option<Vec<u8>>) {
        (
            fs::read(&self.path).unwrap(),
            fs::read(sidecar(&self.path, "-wal")).ok(),
        )
    }

    /// Which of `words` occur anywhere in the journal file or its `-wal`.
    fn words_on_disk<'a>(&self, words: &[&'a str]) -> Vec<&'a str> {
        let (db, wal) = self.files();
        let mut bytes = db;
        bytes.extend(wal.unwrap_or_default());
        let bytes = bytes.to_ascii_lowercase();
        words
            .iter()
            .copied()
            .filter(|w| {
                let w = w.to_ascii_lowercase().into_bytes();
                bytes.windows(w.len()).any(|win| win == w.as_slice())
            })
            .collect()
    }
}

/// A check-in's columns as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
struct RawCheckIn {
    trust: Option<i64>,
    helped: String,
    in_the_way: String,
    note: String,
    sealed: Option<Vec<u8>>,
}

impl RawCheckIn {
    #[track_caller]
    fn assert_sealed(&self) {
        assert!(self.trust.is_none(), "trust in clear: {self:?}");
        assert_eq!(
            (
                self.helped.as_str(),
                self.in_the_way.as_str(),
                self.note.as_str()
            ),
            ("", "", ""),
            "text in clear: {self:?}"
        );
        assert!(
            self.sealed.as_ref().is_some_and(|b| b.len() > 32),
            "not sealed: {self:?}"
        );
    }
}

fn add_pair(store: &mut Store, mentor: &str, mentee: &str) -> Pair {
    let new = NewPair::new(mentor, mentee, Role::Mentor, "", day(2026, 10, 1), Some(14)).unwrap();
    store.add_pair(&new, &Template::built_in()).unwrap()
}

fn new_goal(text: &str, criteria: &str, due_on: Option<NaiveDate>) -> NewGoal {
    NewGoal {
        text: text.to_owned(),
        criteria: criteria.to_owned(),
        due_on,
    }
}

fn new_checkin(trust: u8, helped: &str, in_the_way: &str, note: &str) -> NewCheckIn {
    NewCheckIn {
        trust,
        helped: helped.to_owned(),
        in_the_way: in_the_way.to_owned(),
        note: note.to_owned(),
        checked_at: None,
    }
}

/// What a person wrote in a check-in, as read back.
fn said(c: &CheckIn) -> (Option<u8>, &str, &str, &str) {
    match c.text() {
        Some(t) => (Some(t.trust), &t.helped, &t.in_the_way, &t.note),
        None => (None, "", "", ""),
    }
}

#[track_caller]
fn assert_invalid<T: std::fmt::Debug>(
    result: Result<T, StoreError>,
    check: impl Fn(&Invalid) -> bool,
) {
    match result {
        Err(StoreError::Invalid(ref e)) if check(e) => {}
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[track_caller]
fn assert_not_found<T: std::fmt::Debug>(result: Result<T, StoreError>) {
    assert!(
        matches!(result, Err(StoreError::NotFound(_))),
        "expected not found, got {result:?}"
    );
}

// ---------------------------------------------------------------------------
// Goals
// ---------------------------------------------------------------------------

#[test]
fn a_goal_starts_at_zero_and_is_edited_only_from_the_version_it_was_read_at() {
    let mut j = Journal::new();
    let p = add_pair(&mut j.store, "Ana Ruiz", "Ben Okafor");
    let g = j
        .store
        .add_goal(
            p.id,
            &new_goal(
                "  Lead a design review  ",
                "  ran one start to end ",
                Some(day(2027, 1, 15)),
            ),
        )
        .unwrap();
    assert_eq!(g.pair_id, p.id);
    assert_eq!(g.text, "Lead a design review", "the text is trimmed");
    assert_eq!(g.criteria, "ran one start to end");
    assert_eq!(g.due_on, Some(day(2027, 1, 15)));
    assert_eq!((g.progress, g.progress_at), (0, None));
    assert_eq!(
        (g.version, g.created_at, g.updated_at),
        (1, at(NOW), at(NOW))
    );
    assert!(!g.is_done());
    assert!(j.store.goal_history(g.id).unwrap().is_empty());
    assert_eq!(j.store.goal(g.id).unwrap(), g);

    // Saved from the version read: accepted, version bumped.
    let edited = j
        .store
        .update_goal(
            g.id,
            Some(1),
            &new_goal("Lead two design reviews", "both ran well", None),
        )
        .unwrap();
    assert_eq!(edited.text, "Lead two design reviews");
    assert_eq!(edited.criteria, "both ran well");
    assert_eq!(edited.due_on, None);
    assert_eq!(edited.version, 2);
    assert_eq!(edited.uid, g.uid);

    // A second copy still holding version 1: a conflict, nothing overwritten.
    let stale = j.store.update_goal(
        g.id,
        Some(1),
        &new_goal("stale text from another copy", "", None),
    );
    match stale {
        Err(StoreError::Conflict { current, ref what }) => {
            assert_eq!(current, 2);
            assert!(what.contains("goal"), "{what}");
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    assert_eq!(j.store.goal(g.id).unwrap(), edited);
    assert_eq!(
        j.count("SELECT count(*) FROM goal WHERE text LIKE 'stale%'"),
        0
    );

    // Progress bumps the version too, so a copy read before it conflicts.
    j.store
        .add_goal_progress(g.id, 20, "first review booked")
        .unwrap();
    let stale = j
        .store
        .update_goal(g.id, Some(2), &new_goal("after progress", "", None));
    assert!(
        matches!(stale, Err(StoreError::Conflict { current: 3, .. })),
        "{stale:?}"
    );
    // Without a version it is a plain save.
    let plain = j
        .store
        .update_goal(g.id, None, &new_goal("after progress", "", None))
        .unwrap();
    assert_eq!(
        (plain.text.as_str(), plain.version, plain.progress),
        ("after progress", 4, 20)
    );

    assert_not_found(
        j.store
            .update_goal(g.id + 1, None, &new_goal("x", "", None)),
    );
    assert_not_found(
        j.store
            .update_goal(g.id + 1, Some(1), &new_goal("x", "", None)),
    );
    assert_not_found(j.store.goal(g.id + 1));
}

#[test]
fn progress_is_the_latest_row_and_the_history_keeps_every_change_in_order() {
    let (mut j, clock) = Journal::manual();
    let p = add_pair(&mut j.store, "Ana Ruiz", "Ben Okafor");
    let g = j
        .store
        .add_goal(p.id, &new_goal("Give a conference talk", "", None))
        .unwrap();
    let steps: [(u8, &str); 5] = [
        (10, "picked a topic"),
        (45, "abstract accepted"),
        // Setbacks happen: the latest value counts, not the highest.
        (30, "rewrote half the slides"),
        (100, "gave it"),
        (90, "reopened: a follow-up talk"),
    ];
    let mut times = Vec::new();
    for (n, (percent, comment)) in steps.iter().enumerate() {
        clock.advance(Duration::days(3) + Duration::minutes(n as i64));
        let now = clock.now();
        times.push(now);
        let after = j.store.add_goal_progress(g.id, *percent, comment).unwrap();
        assert_eq!(after.progress, *percent, "after {comment:?}");
        assert_eq!(after.progress_at, Some(now));
        assert_eq!(after.updated_at, now);
        assert_eq!(after.version, 2 + n as i64);
        assert_eq!(after.created_at, at(NOW), "created_at never moves");
        assert_eq!(after.is_done(), *percent == 100, "after {comment:?}");
        // A list reads the same value as the single read.
        let listed = j.store.goals(p.id, &Page::first(10)).unwrap();
        assert_eq!(listed, std::slice::from_ref(&after));
    }

    let history = j.store.goal_history(g.id).unwrap();
    let seen: Vec<(u8, &str, DateTime<Utc>)> = history
        .iter()
        .map(|h| (h.percent, h.comment.as_str(), h.noted_at))
        .collect();
    let expected: Vec<(u8, &str, DateTime<Utc>)> = steps
        .iter()
        .zip(&times)
        .map(|((p, c), t)| (*p, *c, *t))
        .collect();
    assert_eq!(seen, expected);
    assert!(history.iter().all(|h| h.goal_id == g.id));
    let uids: std::collections::HashSet<&str> = history.iter().map(|h| h.uid.as_str()).collect();
    assert_eq!(uids.len(), 5, "every change has its own uid");

    // All of it is on disk: a fresh open reads the same.
    let path = j.path.clone();
    drop(j.store);
    let again = Store::open(&path, fixed()).unwrap();
    assert_eq!(again.goal(g.id).unwrap().progress, 90);
    assert_eq!(again.goal_history(g.id).unwrap(), history);
}

#[test]
fn two_changes_in_the_same_millisecond_count_in_the_order_they_were_made() {
    let mut j = Journal::new();
    let p = add_pair(&mut j.store, "Ana Ruiz", "Ben Okafor");
    let g = j
        .store
        .add_goal(p.id, &new_goal("Ship it", "", None))
        .unwrap();
    j.store.add_goal_progress(g.id, 80, "almost").unwrap();
    let g2 = j.store.add_goal_progress(g.id, 60, "scope grew").unwrap();
    assert_eq!(g2.progress, 60);
    let percents: Vec<u8> = j
        .store
        .goal_history(g.id)
        .unwrap()
        .iter()
        .map(|h| h.percent)
        .collect();
    assert_eq!(percents, [80, 60]);
}

#[test]
fn a_goal_is_overdue_only_past_its_date_and_not_done() {
    let mut j = Journal::new();
    let p = add_pair(&mut j.store, "Ana Ruiz", "Ben Okafor");
    let due = day(2026, 12, 1);
    let g = j
        .store
        .add_goal(p.id, &new_goal("Pair on a refactor", "", Some(due)))
        .unwrap();
    assert!(!g.is_overdue(day(2026, 11, 30)));
    assert!(!g.is_overdue(due), "due today is not overdue yet");
    assert!(g.is_overdue(day(2026, 12, 2)));
    assert!(g.is_overdue(day(2027, 6, 1)));

    let g = j
        .store
        .add_goal_progress(g.id, 99, "one file left")
        .unwrap();
    assert!(!g.is_done());
    assert!(g.is_overdue(day(2026, 12, 2)), "99 % is not done");
    let g = j.store.add_goal_progress(g.id, 100, "merged").unwrap();
    assert!(g.is_done());
    assert!(
        !g.is_overdue(day(2026, 12, 2)),
        "a reached goal is never overdue"
    );

    let open = j
        .store
        .add_goal(p.id, &new_goal("No date", "", None))
        .unwrap();
    assert!(!open.is_overdue(day(2099, 1, 1)));
}

#[test]
fn bad_goals_and_progress_are_refused_and_nothing_is_written() {
    let mut j = Journal::new();
    let p = add_pair(&mut j.store, "Ana Ruiz", "Ben Okafor");
    let g = j
        .store
        .add_goal(p.id, &new_goal("Keep me", "as I am", Some(day(2027, 2, 1))))
        .unwrap();
    let files = j.files();

    for text in ["", "   ", "\n\t "] {
        assert_invalid(j.store.add_goal(p.id, &new_goal(text, "", None)), |e| {
            matches!(e, Invalid::Empty(_))
        });
        assert_invalid(
            j.store
                .update_goal(g.id, Some(1), &new_goal(text, "", None)),
            |e| matches!(e, Invalid::Empty(_)),
        );
    }
    assert_invalid(
        j.store.add_goal(p.id, &new_goal("nul\0inside", "", None)),
        |e| matches!(e, Invalid::Nul(_)),
    );
    assert_invalid(
        j.store
            .add_goal(p.id, &new_goal("fine", "crit\0eria", None)),
        |e| matches!(e, Invalid::Nul(_)),
    );
    assert_invalid(
        j.store
            .update_goal(g.id, None, &new_goal("fine", "crit\0eria", None)),
        |e| matches!(e, Invalid::Nul(_)),
    );
    for percent in [101u8, 150, 255] {
        assert_invalid(
            j.store.add_goal_progress(g.id, percent, "too far"),
            |e| matches!(e, Invalid::Range { got, min: 0, max: 100, .. } if *got == i64::from(percent)),
        );
    }
    assert_invalid(j.store.add_goal_progress(g.id, 50, "nul\0comment"), |e| {
        matches!(e, Invalid::Nul(_))
    });
    assert_not_found(
        j.store
            .add_goal(p.id + 1, &new_goal("no such pair", "", None)),
    );
    assert_not_found(j.store.add_goal_progress(g.id + 1, 50, "no such goal"));

    assert_eq!(j.store.goal(g.id).unwrap(), g, "the goal changed");
    assert_eq!(j.count("SELECT count(*) FROM goal"), 1);
    assert_eq!(j.count("SELECT count(*) FROM goal_progress"), 0);
    assert!(j.files() == files, "a refusal wrote to the journal");

    // The edges are accepted.
    assert_eq!(j.store.add_goal_progress(g.id, 0, "").unwrap().progress, 0);
    assert_eq!(
        j.store.add_goal_progress(g.id, 100, "").unwrap().progress,
        100
    );
}

#[rstest]
fn goals_page_every_goal_once_oldest_first(#[values(1, 7, 50, 120, 1000)] limit: usize) {
    let (mut j, clock) = Journal::manual();
    let p = add_pair(&mut j.store, "Ana Ruiz", "Ben Okafor");
    let q = add_pair(&mut j.store, "Cleo Park", "Dana Li");
    let mut made = Vec::new();
    for i in 0..120 {
        // Three goals share each instant, so ties are broken by id.
        if i % 3 == 0 {
            clock.advance(Duration::seconds(1));
        }
        made.push(
            j.store
                .add_goal(p.id, &new_goal(&format!("goal {i:03}"), "", None))
                .unwrap(),
        );
        if i % 40 == 0 {
            j.store
                .add_goal(q.id, &new_goal("the other pair's", "", None))
                .unwrap();
        }
    }
    let mut seen: Vec<Goal> = Vec::new();
    let mut page = Page::first(limit);
    let mut pages = 0;
    loop {
        let rows = j.store.goals(p.id, &page).unwrap();
        pages += 1;
        assert!(rows.len() <= limit);
        let full = rows.len() == limit;
        page.after = rows.last().map(Goal::cursor);
        seen.extend(rows);
        if !full {
            break;
        }
        assert!(pages <= 121, "paging does not end");
    }
    assert_eq!(seen, made, "every goal once, oldest first");
    assert_eq!(pages, 120 / limit + 1);
    assert_eq!(j.store.goals(q.id, &Page::first(1000)).unwrap().len(), 3);
}

/// Every goal of pair `pair_id` read through [`Store::goals_open_first`] in
/// pages of `limit`.
fn goals_open_first_in_pages(store: &Store, pair_id: i64, limit: usize) -> Vec<Goal> {
    let mut seen: Vec<Goal> = Vec::new();
    let mut page = Page::first(limit);
    loop {
        let rows = store.goals_open_first(pair_id, &page).unwrap();
        assert!(rows.len() <= limit);
        let full = rows.len() == limit;
        page.after = rows.last().map(Goal::open_first_cursor);
        seen.extend(rows);
        if !full {
            return seen;
        }
        assert!(seen.len() <= 1000, "paging does not end");
    }
}

#[rstest]
fn goals_open_first_page_every_goal_once_in_the_order_of_the_screen(
    #[values(1, 7, 50, 1000)] limit: usize,
) {
    let (mut j, clock) = Journal::manual();
    let p = add_pair(&mut j.store, "Ana Ruiz", "Ben Okafor");
    let q = add_pair(&mut j.store, "Cleo Park", "Dana Li");
    let dues = [None, Some(day(2027, 1, 10)), Some(day(2026, 12, 1)), None];
    for i in 0..90 {
        // Three goals share each instant, so ties are broken by id.
        if i % 3 == 0 {
            clock.advance(Duration::seconds(1));
        }
        let g = j
            .store
            .add_goal(p.id, &new_goal(&format!("goal {i:03}"), "", dues[i % 4]))
            .unwrap();
        match i % 5 {
            0 => {
                j.store.add_goal_progress(g.id, 100, "reached").unwrap();
            }
            1 => {
                j.store.add_goal_progress(g.id, 40, "on the way").unwrap();
            }
            // Reached, then reopened: open again.
            2 => {
                j.store.add_goal_progress(g.id, 100, "reached").unwrap();
                clock.advance(Duration::milliseconds(1));
                j.store.add_goal_progress(g.id, 90, "reopened").unwrap();
            }
            _ => {}
        }
        if i % 30 == 0 {
            j.store
                .add_goal(q.id, &new_goal("the other pair's", "", None))
                .unwrap();
        }
    }
    // The rule the screen used to apply after reading the oldest goals.
    let mut expected = j.store.goals(p.id, &Page::first(1000)).unwrap();
    assert_eq!(expected.len(), 90);
    expected.sort_by_key(|g| (g.is_done(), g.due_on.is_none(), g.due_on));
    assert_eq!(
        goals_open_first_in_pages(&j.store, p.id, limit),
        expected,
        "every goal once, open first, soonest target first, oldest first among equals"
    );
    assert_eq!(
        j.store
            .goals_open_first(q.id, &Page::first(1000))
            .unwrap()
            .len(),
        3
    );
}

#[test]
fn the_first_page_of_goals_holds_the_newest_open_one_among_sixty() {
    let (mut j, clock) = Journal::manual();
    let p = add_pair(&mut j.store, "Ana Ruiz", "Ben Okafor");
    for i in 0..59 {
        clock.advance(Duration::minutes(1));
        let g = j
            .store
            .add_goal(p.id, &new_goal(&format!("reached {i:02}"), "", None))
            .unwrap();
        j.store.add_goal_progress(g.id, 100, "").unwrap();
    }
    clock.advance(Duration::minutes(1));
    let newest = j
        .store
        .add_goal(p.id, &new_goal("the newest open goal", "", None))
        .unwrap();
    let first = j.store.goals_open_first(p.id, &Page::first(50)).unwrap();
    assert_eq!(first.len(), 50);
    assert_eq!(first[0], newest);
    assert!(first[1..].iter().all(Goal::is_done));
}

// ---------------------------------------------------------------------------
// Check-ins
// ---------------------------------------------------------------------------

#[rstest]
fn checkins_in_clear_are_listed_newest_first_page_by_page(#[values(1, 4, 10, 100)] limit: usize) {
    let mut j = Journal::new();
    let p = add_pair(&mut j.store, "Ana Ruiz", "Ben Okafor");
    let q = add_pair(&mut j.store, "Cleo Park", "Dana Li");
    let mut made = Vec::new();
    for i in 0..25u8 {
        // Out of order on purpose, with several sharing one instant.
        let hour = (i64::from(i) * 7) % 10;
        let c = NewCheckIn {
            checked_at: Some(at(NOW) - Duration::hours(hour)),
            ..new_checkin(i % 5 + 1, &format!("helped {i}"), "", "")
        };
        made.push(j.store.add_checkin(p.id, &c).unwrap());
    }
    j.store
        .add_checkin(q.id, &new_checkin(2, "other pair", "", ""))
        .unwrap();

    let first = &made[0];
    assert_eq!(said(first), (Some(1), "helped 0", "", ""));
    assert!(
        !first.is_sealed() && !first.is_locked() && !first.is_damaged(),
        "{first:?}"
    );
    let raw = j.raw_checkin(first.id);
    assert_eq!(raw.trust, Some(1));
    assert_eq!(raw.helped, "helped 0");
    assert_eq!(raw.sealed, None, "no passphrase: stored in clear");

    let mut seen: Vec<CheckIn> = Vec::new();
    let mut page = Page::first(limit);
    loop {
        let rows = j.store.checkins(p.id, &page).unwrap();
        let full = rows.len() == limit;
        page.after = rows.last().map(CheckIn::cursor);
        seen.extend(rows);
        if !full {
            break;
        }
        assert!(seen.len() <= 25, "paging does not end");
    }
    let mut expected = made.clone();
    expected.sort_by_key(|c| std::cmp::Reverse((c.checked_at, c.id)));
    assert_eq!(seen, expected, "every check-in once, newest first");
    assert_eq!(seen[0].checked_at, at(NOW));

    assert_eq!(j.store.checkin_count(Some(p.id)).unwrap(), 25);
    assert_eq!(j.store.checkin_count(Some(q.id)).unwrap(), 1);
    assert_eq!(j.store.checkin_count(None).unwrap(), 26);
    assert!(!j.store.has_locked_checkins().unwrap());
}

#[test]
fn trust_outside_one_to_five_is_refused_and_nothing_is_written() {
    let mut j = Journal::new();
    let p = add_pair(&mut j.store, "Ana Ruiz", "Ben Okafor");
    for trust in [0u8, 6, 255] {
        assert_invalid(
            j.store.add_checkin(p.id, &new_checkin(trust, "x", "", "")),
            |e| matches!(e, Invalid::Range { what: "trust", got, .. } if *got == i64::from(trust)),
        );
    }
    assert_invalid(
        j.store
            .add_checkin(p.id, &new_checkin(3, "nul\0here", "", "")),
        |e| matches!(e, Invalid::Nul(_)),
    );
    assert_invalid(
        j.store
            .add_checkin(p.id, &new_checkin(3, "", "", "nul\0here")),
        |e| matches!(e, Invalid::Nul(_)),
    );
    assert_not_found(j.store.add_checkin(p.id + 1, &new_checkin(3, "", "", "")));
    assert_eq!(j.count("SELECT count(*) FROM checkin"), 0);
    assert_eq!(j.store.checkin_count(None).unwrap(), 0);

    let low = j
        .store
        .add_checkin(p.id, &new_checkin(1, "", "", ""))
        .unwrap();
    let high = j
        .store
        .add_checkin(p.id, &new_checkin(5, " trimmed ", "", ""))
        .unwrap();
    assert_eq!(
        (low.text().map(|t| t.trust), high.text().map(|t| t.trust)),
        (Some(1), Some(5))
    );
    assert_eq!(high.text().unwrap().helped, "trimmed");
    assert_eq!(low.checked_at, at(NOW), "now when no time is given");
}

/// Words of the check-ins written before the passphrase; each is unusual
/// enough to be found only where the check-in's text is.
const CLEAR_WORDS: [&str; 3] = ["quokkahelped", "narwhalintheway", "axolotlnoted"];

#[test]
fn setting_a_passphrase_seals_existing_checkins_and_scrubs_their_words() {
    let mut j = Journal::new();
    let p = add_pair(&mut j.store, "Ana Ruiz", "Ben Okafor");
    let a = j
        .store
        .add_checkin(
            p.id,
            &new_checkin(4, CLEAR_WORDS[0], CLEAR_WORDS[1], CLEAR_WORDS[2]),
        )
        .unwrap();
    let b = j
        .store
        .add_checkin(p.id, &new_checkin(2, "the second one", "", ""))
        .unwrap();
    // The scan finds them before, so its silence after means something.
    assert_eq!(j.words_on_disk(&CLEAR_WORDS), CLEAR_WORDS);

    j.store.set_passphrase(PASS, KdfParams::TEST).unwrap();
    for id in [a.id, b.id] {
        j.raw_checkin(id).assert_sealed();
    }
    assert_eq!(
        j.count("SELECT count(*) FROM checkin WHERE trust IS NULL AND helped = '' AND sealed IS NOT NULL"),
        2
    );
    assert_eq!(
        j.words_on_disk(&CLEAR_WORDS),
        Vec::<&str>::new(),
        "the words outlived the sealing in the file or its WAL"
    );

    // Still unlocked after setting it: they read as written.
    let a2 = j.store.checkin(a.id).unwrap();
    assert_eq!(said(&a2), said(&a));
    assert!(
        a2.is_sealed() && !a2.is_locked() && !a2.is_damaged(),
        "{a2:?}"
    );
    assert_eq!(
        (a2.checked_at, a2.uid.as_str()),
        (a.checked_at, a.uid.as_str())
    );
    assert!(!j.store.has_locked_checkins().unwrap(), "unlocked");

    j.store.lock();
    assert!(j.store.has_locked_checkins().unwrap());
    let locked = j.store.checkin(a.id).unwrap();
    assert_eq!(said(&locked), (None, "", "", ""));
    assert!(
        locked.is_sealed() && locked.is_locked() && !locked.is_damaged(),
        "{locked:?}"
    );
    assert_eq!(locked.checked_at, a.checked_at, "the time stays readable");
    let listed = j.store.checkins(p.id, &Page::first(10)).unwrap();
    assert_eq!(listed.len(), 2);
    assert!(
        listed.iter().all(|c| c.is_locked() && c.text().is_none()),
        "{listed:?}"
    );
    assert_eq!(
        j.store.checkin_count(Some(p.id)).unwrap(),
        2,
        "counted while locked"
    );
}

#[test]
fn a_checkin_written_while_locked_is_sealed_and_opens_only_with_the_passphrase() {
    let mut j = Journal::new();
    let p = add_pair(&mut j.store, "Ana Ruiz", "Ben Okafor");
    let before = j
        .store
        .add_checkin(p.id, &new_checkin(3, "before the passphrase", "", ""))
        .unwrap();
    j.store.set_passphrase(PASS, KdfParams::TEST).unwrap();
    j.store.lock();
    assert!(!j.store.is_unlocked());

    let words = ["pangolinhelped", "tapirintheway", "okapinote"];
    let c = j
        .store
        .add_checkin(p.id, &new_checkin(5, words[0], words[1], words[2]))
        .unwrap();
    assert!(!j.store.is_unlocked(), "writing needed no passphrase");
    assert_eq!(said(&c), (None, "", "", ""));
    assert!(c.is_sealed() && c.is_locked() && !c.is_damaged(), "{c:?}");
    j.raw_checkin(c.id).assert_sealed();
    assert_eq!(
        j.words_on_disk(&words),
        Vec::<&str>::new(),
        "a sealed check-in's words reached the file"
    );
    assert!(j.store.has_locked_checkins().unwrap());

    // A wrong passphrase opens nothing and writes nothing.
    let files = j.files();
    for wrong in ["wrong", "correct horse battery ", "Correct horse battery"] {
        let err = j.store.unlock(wrong, Opener::Passphrase).unwrap_err();
        assert!(matches!(err, StoreError::WrongSecret), "{wrong:?}: {err:?}");
    }
    assert!(!j.store.is_unlocked());
    assert!(j.files() == files, "a wrong passphrase changed the journal");
    assert!(j.store.checkin(c.id).unwrap().is_locked());

    j.store.unlock(PASS, Opener::Passphrase).unwrap();
    let c = j.store.checkin(c.id).unwrap();
    assert_eq!(said(&c), (Some(5), words[0], words[1], words[2]));
    assert!(c.is_sealed() && !c.is_locked() && !c.is_damaged(), "{c:?}");
    let b = j.store.checkin(before.id).unwrap();
    assert_eq!(said(&b), (Some(3), "before the passphrase", "", ""));
    let listed = j.store.checkins(p.id, &Page::first(10)).unwrap();
    assert_eq!(
        listed
            .iter()
            .map(|c| c.text().map(|t| t.trust))
            .collect::<Vec<_>>(),
        [Some(5), Some(3)],
        "{listed:?}"
    );
    assert!(!j.store.has_locked_checkins().unwrap());

    // Edited while unlocked it stays sealed.
    let edited = j
        .store
        .update_checkin(c.id, Some(c.version), &new_checkin(4, "edited", "", ""))
        .unwrap();
    assert_eq!(said(&edited), (Some(4), "edited", "", ""));
    j.raw_checkin(c.id).assert_sealed();
    // Locked, it cannot be edited.
    j.store.lock();
    let refused = j
        .store
        .update_checkin(c.id, None, &new_checkin(1, "overwrite", "", ""));
    assert!(matches!(refused, Err(StoreError::Locked)), "{refused:?}");
}

#[test]
fn swapped_sealed_checkins_read_as_damaged_not_as_each_other() {
    let mut j = Journal::new();
    let p = add_pair(&mut j.store, "Ana Ruiz", "Ben Okafor");
    j.store.set_passphrase(PASS, KdfParams::TEST).unwrap();
    let [a, b, c] = [(1, "low"), (5, "high"), (3, "middle")].map(|(t, h)| {
        j.store
            .add_checkin(p.id, &new_checkin(t, h, "", ""))
            .unwrap()
            .id
    });
    let blob_a = j.raw_checkin(a).sealed.unwrap();
    let blob_b = j.raw_checkin(b).sealed.unwrap();
    assert_ne!(blob_a, blob_b);

    j.set_sealed(a, &blob_b);
    j.set_sealed(b, &blob_a);
    for id in [a, b] {
        let x = j.store.checkin(id).unwrap();
        assert!(
            x.is_damaged() && !x.is_locked(),
            "check-in {id} should be damaged: {x:?}"
        );
        assert_eq!(said(&x), (None, "", "", ""), "read as the other one: {x:?}");
    }
    let untouched = j.store.checkin(c).unwrap();
    assert!(!untouched.is_damaged());
    assert_eq!(said(&untouched), (Some(3), "middle", "", ""));
    let listed = j.store.checkins(p.id, &Page::first(10)).unwrap();
    let damaged: Vec<i64> = listed
        .iter()
        .filter(|x| x.is_damaged())
        .map(|x| x.id)
        .collect();
    assert_eq!(damaged.len(), 2);
    assert!(damaged.contains(&a) && damaged.contains(&b), "{listed:?}");

    // Removing the passphrase would lose them: it refuses and keeps everything.
    let err = j.store.remove_passphrase().unwrap_err();
    assert!(err.to_string().contains("damaged"), "{err}");
    assert!(j.store.has_passphrase().unwrap());
    assert!(j.store.is_unlocked());
    j.raw_checkin(c).assert_sealed();

    // Put back, each opens as itself again.
    j.set_sealed(a, &blob_a);
    j.set_sealed(b, &blob_b);
    assert_eq!(said(&j.store.checkin(a).unwrap()), (Some(1), "low", "", ""));
    assert_eq!(
        said(&j.store.checkin(b).unwrap()),
        (Some(5), "high", "", "")
    );
}

#[test]
fn removing_the_passphrase_unseals_checkins_back_to_clear() {
    let mut j = Journal::new();
    let p = add_pair(&mut j.store, "Ana Ruiz", "Ben Okafor");
    let a = j
        .store
        .add_checkin(p.id, &new_checkin(2, "sealed later", "a deadline", ""))
        .unwrap();
    j.store.set_passphrase(PASS, KdfParams::TEST).unwrap();
    j.store.lock();
    let b = j
        .store
        .add_checkin(p.id, &new_checkin(4, "sealed at once", "", "a note"))
        .unwrap();
    assert!(matches!(
        j.store.remove_passphrase(),
        Err(StoreError::Locked)
    ));
    j.raw_checkin(a.id).assert_sealed();

    j.store.unlock(PASS, Opener::Passphrase).unwrap();
    j.store.remove_passphrase().unwrap();
    assert!(!j.store.has_passphrase().unwrap());
    assert_eq!(j.count("SELECT count(*) FROM key_slot"), 0);
    for (id, trust, helped, in_the_way, note) in [
        (a.id, 2, "sealed later", "a deadline", ""),
        (b.id, 4, "sealed at once", "", "a note"),
    ] {
        let raw = j.raw_checkin(id);
        assert_eq!(
            raw,
            RawCheckIn {
                trust: Some(trust),
                helped: helped.into(),
                in_the_way: in_the_way.into(),
                note: note.into(),
                sealed: None,
            }
        );
        let c = j.store.checkin(id).unwrap();
        assert!(!c.is_sealed() && !c.is_locked() && !c.is_damaged(), "{c:?}");
        assert_eq!(c.text().map(|t| t.trust), Some(trust as u8));
    }
    assert!(!j.store.has_locked_checkins().unwrap());
    // A new one is written in clear again.
    let c = j
        .store
        .add_checkin(p.id, &new_checkin(3, "in clear", "", ""))
        .unwrap();
    assert_eq!(j.raw_checkin(c.id).sealed, None);
}

// ---------------------------------------------------------------------------
// Deletion
// ---------------------------------------------------------------------------

fn tombstone_of(j: &Journal, uid: &str) -> Option<(String, String)> {
    rusqlite::OptionalExtension::optional(j.conn().query_row(
        "SELECT kind, pair_uid FROM tombstone WHERE uid = ?1",
        [uid],
        |r| Ok((r.get(0)?, r.get(1)?)),
    ))
    .unwrap()
}

/// A goal's history without the row ids a restore may change.
fn history_as_written(h: &[GoalProgress]) -> Vec<(String, u8, String, DateTime<Utc>)> {
    h.iter()
        .map(|p| (p.uid.clone(), p.percent, p.comment.clone(), p.noted_at))
        .collect()
}

#[test]
fn a_deleted_goal_comes_back_with_its_whole_history() {
    let (mut j, clock) = Journal::manual();
    let p = add_pair(&mut j.store, "Ana Ruiz", "Ben Okafor");
    let q = add_pair(&mut j.store, "Cleo Park", "Dana Li");
    let g = j
        .store
        .add_goal(
            p.id,
            &new_goal(
                "Mentor a new hire",
                "they ship alone",
                Some(day(2027, 3, 1)),
            ),
        )
        .unwrap();
    let other = j
        .store
        .add_goal(p.id, &new_goal("Stays", "", None))
        .unwrap();
    j.store.add_goal_progress(other.id, 5, "untouched").unwrap();
    for (percent, comment) in [(25, "met twice"), (60, "first PR"), (55, "slipped")] {
        clock.advance(Duration::hours(30));
        j.store.add_goal_progress(g.id, percent, comment).unwrap();
    }
    let before = j.store.goal(g.id).unwrap();
    let history = j.store.goal_history(g.id).unwrap();
    assert_eq!(history.len(), 3);

    assert_not_found(j.store.delete_entry(q.id, Kind::Goal, g.id));
    clock.advance(Duration::minutes(5));
    let deleted = j.store.delete_entry(p.id, Kind::Goal, g.id).unwrap();
    assert_eq!(deleted.kind(), Kind::Goal);
    match &deleted {
        Deleted::Goal(goal, h) => {
            assert_eq!(goal, &before);
            assert_eq!(h, &history);
        }
        other => panic!("expected a goal, got {other:?}"),
    }
    assert_not_found(j.store.goal(g.id));
    assert_eq!(
        j.count(&format!(
            "SELECT count(*) FROM goal_progress WHERE goal_id = {}",
            g.id
        )),
        0,
        "the history went with the goal"
    );
    assert_eq!(
        tombstone_of(&j, &g.uid),
        Some(("goal".to_owned(), p.uid.clone()))
    );
    assert_eq!(j.store.goal_history(other.id).unwrap().len(), 1);

    clock.advance(Duration::minutes(5));
    let id = j.store.undo_deletion().unwrap().unwrap().id;
    let back = j.store.goal(id).unwrap();
    assert_eq!(
        Goal {
            id: before.id,
            version: before.version,
            updated_at: before.updated_at,
            ..back.clone()
        },
        before,
        "restored differently"
    );
    assert_eq!((back.progress, back.progress_at), (55, before.progress_at));
    assert!(back.version > before.version);
    assert_eq!(
        history_as_written(&j.store.goal_history(id).unwrap()),
        history_as_written(&history)
    );
    assert_eq!(tombstone_of(&j, &g.uid), None, "the tombstone stayed");
    assert_eq!(j.store.tombstone_count().unwrap(), 0);
    // Progress goes on from where it was.
    clock.advance(Duration::minutes(5));
    let more = j.store.add_goal_progress(id, 70, "back on track").unwrap();
    assert_eq!(more.progress, 70);
    assert_eq!(j.store.goal_history(id).unwrap().len(), 4);
}

#[test]
fn a_deleted_sealed_checkin_comes_back_sealed_with_the_same_bytes() {
    let mut j = Journal::new();
    let p = add_pair(&mut j.store, "Ana Ruiz", "Ben Okafor");
    j.store.set_passphrase(PASS, KdfParams::TEST).unwrap();
    let c = j
        .store
        .add_checkin(p.id, &new_checkin(4, "capybarahelped", "", "kept"))
        .unwrap();
    let raw = j.raw_checkin(c.id);
    raw.assert_sealed();

    // Deleted while unlocked (the undo holds the opened text) and while locked.
    for locked in [false, true] {
        let id = j
            .store
            .checkins(p.id, &Page::first(1))
            .unwrap()
            .remove(0)
            .id;
        if locked {
            j.store.lock();
        }
        let deleted = j.store.delete_entry(p.id, Kind::Checkin, id).unwrap();
        assert_eq!(deleted.kind(), Kind::Checkin);
        assert_eq!(j.count("SELECT count(*) FROM checkin"), 0);
        assert_eq!(
            tombstone_of(&j, &c.uid),
            Some(("checkin".to_owned(), p.uid.clone()))
        );

        let back = j.store.undo_deletion().unwrap().unwrap().id;
        let restored = j.raw_checkin(back);
        restored.assert_sealed();
        assert_eq!(restored.sealed, raw.sealed, "locked {locked}: other bytes");
        assert_eq!(tombstone_of(&j, &c.uid), None);
        assert_eq!(
            j.words_on_disk(&["capybarahelped"]),
            Vec::<&str>::new(),
            "locked {locked}: the restore wrote the text in clear"
        );
        j.store.unlock(PASS, Opener::Passphrase).unwrap();
        let opened = j.store.checkin(back).unwrap();
        assert_eq!(said(&opened), (Some(4), "capybarahelped", "", "kept"));
        assert_eq!(
            (opened.uid.as_str(), opened.checked_at),
            (c.uid.as_str(), c.checked_at)
        );
    }
}

#[test]
fn a_checkin_deleted_in_clear_is_forgotten_when_a_passphrase_is_set() {
    let mut j = Journal::new();
    let p = add_pair(&mut j.store, "Ana Ruiz", "Ben Okafor");
    let c = j
        .store
        .add_checkin(p.id, &new_checkin(2, "dugonghelped", "", ""))
        .unwrap();
    j.store.delete_entry(p.id, Kind::Checkin, c.id).unwrap();
    assert_eq!(
        j.store.last_deletion().unwrap(),
        Some((Kind::Checkin, p.id)),
        "kept for undo"
    );
    // Another running candor (or `candor passphrase set`) sets a passphrase
    // before the undo: the copy kept in clear goes with every other one.
    j.store.set_passphrase(PASS, KdfParams::TEST).unwrap();
    j.store.lock();
    assert_eq!(j.store.undo_deletion().unwrap(), None);
    assert_eq!(
        j.words_on_disk(&["dugonghelped"]),
        Vec::<&str>::new(),
        "the kept check-in's words stayed in the file"
    );
}

#[test]
fn a_private_note_deleted_in_clear_is_forgotten_when_a_passphrase_is_set_a_shared_one_is_not() {
    let mut j = Journal::new();
    let p = add_pair(&mut j.store, "Ana Ruiz", "Ben Okafor");
    let note = |private: bool, body: &str| candor::store::NewNote {
        body: body.into(),
        private,
        tags: vec![],
    };
    let n = j.store.add_note(p.id, &note(true, "okapinote")).unwrap();
    j.store.delete_entry(p.id, Kind::Note, n.id).unwrap();
    j.store.set_passphrase(PASS, KdfParams::TEST).unwrap();
    assert_eq!(j.store.undo_deletion().unwrap(), None);
    assert_eq!(j.words_on_disk(&["okapinote"]), Vec::<&str>::new());

    let shared = j.store.add_note(p.id, &note(false, "tapirnote")).unwrap();
    j.store.delete_entry(p.id, Kind::Note, shared.id).unwrap();
    // A shared note holds nothing sealed: removing the passphrase keeps it.
    j.store.remove_passphrase().unwrap();
    let back = j.store.undo_deletion().unwrap().unwrap();
    assert_eq!(
        j.store.note(back.id).unwrap().text().unwrap().body,
        "tapirnote"
    );
}

#[test]
fn a_sealed_note_kept_for_undo_is_forgotten_when_the_passphrase_is_removed() {
    let mut j = Journal::new();
    let p = add_pair(&mut j.store, "Ana Ruiz", "Ben Okafor");
    j.store.set_passphrase(PASS, KdfParams::TEST).unwrap();
    let n = j
        .store
        .add_note(
            p.id,
            &candor::store::NewNote {
                body: "quokkanote".into(),
                private: true,
                tags: vec![],
            },
        )
        .unwrap();
    j.store.delete_entry(p.id, Kind::Note, n.id).unwrap();
    assert_eq!(
        j.words_on_disk(&["quokkanote"]),
        Vec::<&str>::new(),
        "kept sealed"
    );
    j.store.remove_passphrase().unwrap();
    // Nothing could open it any more.
    assert_eq!(j.store.undo_deletion().unwrap(), None);
}

#[test]
fn erasing_a_pair_leaves_tombstones_for_its_goals_and_checkins() {
    let mut j = Journal::new();
    let p = add_pair(&mut j.store, "Ana Ruiz", "Ben Okafor");
    let q = add_pair(&mut j.store, "Cleo Park", "Dana Li");
    let mut goals = Vec::new();
    let mut checkins = Vec::new();
    for i in 0..2 {
        let g = j
            .store
            .add_goal(p.id, &new_goal(&format!("goal {i}"), "", None))
            .unwrap();
        j.store.add_goal_progress(g.id, 30, "").unwrap();
        goals.push(g.uid);
        checkins.push(
            j.store
                .add_checkin(p.id, &new_checkin(3, &format!("c {i}"), "", ""))
                .unwrap()
                .uid,
        );
    }
    // One check-in sealed, to erase that kind too.
    j.store.set_passphrase(PASS, KdfParams::TEST).unwrap();
    j.store.lock();
    checkins.push(
        j.store
            .add_checkin(p.id, &new_checkin(1, "sealed", "", ""))
            .unwrap()
            .uid,
    );
    let kept_goal = j.store.add_goal(q.id, &new_goal("kept", "", None)).unwrap();
    j.store.add_goal_progress(kept_goal.id, 10, "").unwrap();
    let kept_checkin = j
        .store
        .add_checkin(q.id, &new_checkin(5, "kept", "", ""))
        .unwrap();

    j.store.delete_pair(p.id).unwrap();
    for uid in &goals {
        assert_eq!(tombstone_of(&j, uid), Some(("goal".into(), p.uid.clone())));
    }
    for uid in &checkins {
        assert_eq!(
            tombstone_of(&j, uid),
            Some(("checkin".into(), p.uid.clone()))
        );
    }
    assert_eq!(
        tombstone_of(&j, &p.uid),
        Some(("pair".into(), p.uid.clone()))
    );
    assert_eq!(j.count("SELECT count(*) FROM goal"), 1);
    assert_eq!(j.count("SELECT count(*) FROM goal_progress"), 1);
    assert_eq!(j.count("SELECT count(*) FROM checkin"), 1);
    assert_eq!(j.store.checkin_count(None).unwrap(), 1);
    assert_eq!(j.store.goal(kept_goal.id).unwrap().progress, 10);
    assert!(j.store.checkin(kept_checkin.id).is_ok());
    // The deletions travel in an export.
    let travelling: Vec<String> = j
        .store
        .tombstones(Some(&p.uid))
        .unwrap()
        .into_iter()
        .map(|t| t.uid)
        .collect();
    for uid in goals.iter().chain(&checkins) {
        assert!(travelling.contains(uid), "{uid} is not exported");
    }
}

// ---------------------------------------------------------------------------
// Exchange
// ---------------------------------------------------------------------------

/// A journal with one pair holding goals (one with history), check-ins and a meeting.
fn filled() -> (Journal, Pair) {
    let (mut j, clock) = Journal::manual();
    let p = add_pair(&mut j.store, "Ana Ruiz", "Ben Okafor");
    j.store
        .add_meeting(
            p.id,
            &NewMeeting {
                held_at: at(NOW),
                agenda: "retro plans".into(),
                notes: String::new(),
                next_steps: String::new(),
            },
        )
        .unwrap();
    let g = j
        .store
        .add_goal(
            p.id,
            &new_goal("Run the retro", "everyone spoke", Some(day(2027, 1, 10))),
        )
        .unwrap();
    for (percent, comment) in [
        (20, "drafted the format"),
        (70, "ran a trial"),
        (100, "done"),
    ] {
        clock.advance(Duration::hours(5));
        j.store.add_goal_progress(g.id, percent, comment).unwrap();
    }
    clock.advance(Duration::minutes(1));
    j.store
        .add_goal(p.id, &new_goal("Read the RFC", "", None))
        .unwrap();
    for (n, (trust, helped, in_the_way, note)) in [
        (3, "a quiet room", "the clock", ""),
        (4, "asked first", "", "better"),
        (5, "", "", "easy now"),
    ]
    .into_iter()
    .enumerate()
    {
        clock.advance(Duration::days(1));
        let c = NewCheckIn {
            checked_at: Some(at(NOW) + Duration::days(n as i64)),
            ..new_checkin(trust, helped, in_the_way, note)
        };
        j.store.add_checkin(p.id, &c).unwrap();
    }
    (j, p)
}

fn json_of(store: &Store, include_private: bool) -> String {
    let bundles = store.bundles(None, include_private).unwrap();
    let tombstones = store.tombstones(None).unwrap();
    let doc = export::document(&bundles, &tombstones, store.clock().now(), include_private);
    export::render(&doc, Format::Json, store.clock(), &Template::built_in())
}

fn import(store: &mut Store, json: &str) -> MergeReport {
    // These journals keep clocks of their own, days apart: the check for
    // times in the future is tried in tests/cli_exchange.rs, not here.
    let later = chrono::DateTime::parse_from_rfc3339("2100-01-01T00:00:00Z")
        .unwrap()
        .with_timezone(&chrono::Utc);
    let i = export::parse(json, "export.json", later).unwrap();
    store.merge(&i.bundles, &i.tombstones).unwrap()
}

/// A goal as it travels: everything but local row ids and version.
type GoalView = (
    String,
    String,
    String,
    Option<NaiveDate>,
    u8,
    Option<DateTime<Utc>>,
    DateTime<Utc>,
    DateTime<Utc>,
    Vec<(String, u8, String, DateTime<Utc>)>,
);

fn goals_of(store: &Store, pair_id: i64) -> Vec<GoalView> {
    store
        .goals(pair_id, &Page::first(1000))
        .unwrap()
        .into_iter()
        .map(|g| {
            let h = history_as_written(&store.goal_history(g.id).unwrap());
            (
                g.uid,
                g.text,
                g.criteria,
                g.due_on,
                g.progress,
                g.progress_at,
                g.created_at,
                g.updated_at,
                h,
            )
        })
        .collect()
}

/// A check-in as it travels.
type CheckInView = (
    String,
    Option<u8>,
    String,
    String,
    String,
    DateTime<Utc>,
    DateTime<Utc>,
    DateTime<Utc>,
);

fn checkins_of(store: &Store, pair_id: i64) -> Vec<CheckInView> {
    store
        .checkins(pair_id, &Page::first(1000))
        .unwrap()
        .into_iter()
        .map(|c| {
            let (trust, helped, in_the_way, note) = match c.text() {
                Some(t) => (
                    Some(t.trust),
                    t.helped.clone(),
                    t.in_the_way.clone(),
                    t.note.clone(),
                ),
                None => (None, String::new(), String::new(), String::new()),
            };
            (
                c.uid,
                trust,
                helped,
                in_the_way,
                note,
                c.checked_at,
                c.created_at,
                c.updated_at,
            )
        })
        .collect()
}

fn only_pair(store: &Store) -> Pair {
    let pairs = store.pairs().unwrap();
    assert_eq!(pairs.len(), 1, "{pairs:?}");
    pairs.into_iter().next().unwrap()
}

#[test]
fn bundles_hold_goals_always_and_checkins_only_when_private_entries_are_asked_for() {
    let (j, p) = filled();
    let shared: Vec<PairBundle> = j.store.bundles(None, false).unwrap();
    assert_eq!(shared.len(), 1);
    assert_eq!(shared[0].goals.len(), 2);
    let (first, history) = &shared[0].goals[0];
    assert_eq!(first.text, "Run the retro", "oldest first");
    assert_eq!(
        history.iter().map(|h| h.percent).collect::<Vec<_>>(),
        [20, 70, 100]
    );
    assert!(shared[0].goals[1].1.is_empty());
    assert!(
        shared[0].checkins.is_empty(),
        "check-ins left without asking"
    );

    let all = j.store.bundles(Some(p.id), true).unwrap();
    assert_eq!(all[0].goals, shared[0].goals);
    assert_eq!(all[0].checkins.len(), 3);
    assert_eq!(
        all[0]
            .checkins
            .iter()
            .map(|c| c.text().map(|t| t.trust))
            .collect::<Vec<_>>(),
        [Some(3), Some(4), Some(5)],
        "oldest first"
    );
    assert!(j.store.bundles(Some(p.id + 1), true).unwrap().is_empty());

    // The same through JSON: no check-in words without asking.
    let json = json_of(&j.store, false);
    assert!(json.contains("Run the retro") && json.contains("ran a trial"));
    assert!(
        !json.contains("a quiet room") && !json.contains("easy now"),
        "{json}"
    );
    let json = json_of(&j.store, true);
    assert!(json.contains("a quiet room") && json.contains("easy now"));
}

#[test]
fn goals_and_checkins_round_trip_through_a_json_export_into_a_fresh_journal() {
    let (a, p) = filled();
    let json = json_of(&a.store, true);
    assert!(json.contains("\"format_version\": 4"), "{json}");

    let mut b = Journal::with_clock(Arc::new(FixedClock::parse("2027-02-01T08:00:00Z").unwrap()));
    let first = import(&mut b.store, &json);
    // 1 pair + its checklist + 1 meeting + 2 goals + 3 progress rows + 3 check-ins.
    let checklist = a.store.checklist(p.id).unwrap().len();
    assert_eq!(first.added, 1 + checklist + 1 + 2 + 3 + 3, "{first:?}");
    assert_eq!((first.updated, first.deleted), (0, 0));

    let q = only_pair(&b.store);
    assert_eq!(q.uid, p.uid);
    assert_eq!(goals_of(&b.store, q.id), goals_of(&a.store, p.id));
    assert_eq!(checkins_of(&b.store, q.id), checkins_of(&a.store, p.id));
    let done = b.store.goals(q.id, &Page::first(10)).unwrap();
    assert!(done[0].is_done() && !done[1].is_done());
    assert_eq!(done[0].due_on, Some(day(2027, 1, 10)));

    // Importing again changes nothing.
    let second = import(&mut b.store, &json);
    assert_eq!(
        (second.added, second.updated, second.deleted),
        (0, 0, 0),
        "{second:?}"
    );
    assert_eq!(second.unchanged, first.added, "{second:?}");
    assert_eq!(goals_of(&b.store, q.id), goals_of(&a.store, p.id));
    assert_eq!(b.count("SELECT count(*) FROM goal_progress"), 3);
    assert_eq!(b.count("SELECT count(*) FROM checkin"), 3);

    // A newer copy of a goal updates it, and new progress is added to it.
    let (mut a, p) = (a, p);
    let gid = a.store.goals(p.id, &Page::first(10)).unwrap()[1].id;
    a.store
        .update_goal(gid, None, &new_goal("Read the RFC twice", "", None))
        .unwrap();
    a.store.add_goal_progress(gid, 50, "once").unwrap();
    let third = import(&mut b.store, &json_of(&a.store, true));
    assert_eq!((third.added, third.updated), (1, 1), "{third:?}");
    assert_eq!(goals_of(&b.store, q.id), goals_of(&a.store, p.id));
}

#[test]
fn an_export_without_private_entries_imports_goals_but_no_checkins() {
    let (a, _) = filled();
    let mut b = Journal::new();
    import(&mut b.store, &json_of(&a.store, false));
    let q = only_pair(&b.store);
    assert_eq!(b.store.goals(q.id, &Page::first(10)).unwrap().len(), 2);
    assert_eq!(b.store.checkin_count(None).unwrap(), 0);
}

#[test]
fn a_format_version_one_export_without_goals_or_checkins_still_imports() {
    let (a, p) = filled();
    let mut doc: serde_json::Value = serde_json::from_str(&json_of(&a.store, false)).unwrap();
    doc["format_version"] = 1.into();
    for pair in doc["pairs"].as_array_mut().unwrap() {
        let pair = pair.as_object_mut().unwrap();
        assert!(pair.remove("goals").is_some());
        assert!(pair.remove("checkins").is_some());
    }
    let v1 = serde_json::to_string_pretty(&doc).unwrap();
    assert!(!v1.contains("\"goals\"") && !v1.contains("\"checkins\""));

    let mut b = Journal::new();
    let report = import(&mut b.store, &v1);
    assert!(report.added > 0);
    let q = only_pair(&b.store);
    assert_eq!(q.uid, p.uid);
    assert_eq!(b.store.meetings(q.id, &Page::first(10)).unwrap().len(), 1);
    assert!(b.store.goals(q.id, &Page::first(10)).unwrap().is_empty());
    assert_eq!(b.store.checkin_count(None).unwrap(), 0);

    // A version from the future is refused by name.
    doc["format_version"] = 5.into();
    let future = serde_json::to_string(&doc).unwrap();
    match export::parse(&future, "future.json", a.store.clock().now()) {
        Err(ImportError::Version { found: 5, .. }) => {}
        other => panic!("expected a version refusal, got {other:?}"),
    }
}

#[test]
fn checkins_imported_into_a_journal_with_a_passphrase_are_sealed_at_once() {
    let (a, p) = filled();
    let json = json_of(&a.store, true);
    let mut b = Journal::new();
    b.store.set_passphrase(PASS, KdfParams::TEST).unwrap();
    b.store.lock();
    let words = ["a quiet room", "the clock", "asked first", "easy now"];
    assert_eq!(b.words_on_disk(&words), Vec::<&str>::new());

    import(&mut b.store, &json);
    assert_eq!(b.count("SELECT count(*) FROM checkin"), 3);
    assert_eq!(
        b.count("SELECT count(*) FROM checkin WHERE trust IS NULL AND helped = '' AND in_the_way = '' AND note = '' AND sealed IS NOT NULL"),
        3,
        "an imported check-in was stored in clear"
    );
    assert_eq!(b.words_on_disk(&words), Vec::<&str>::new());
    assert!(b.store.has_locked_checkins().unwrap());
    let q = only_pair(&b.store);
    assert!(
        b.store
            .checkins(q.id, &Page::first(10))
            .unwrap()
            .iter()
            .all(|c| c.is_locked() && c.text().is_none())
    );
    // Goals are not private: they arrive in clear.
    assert_eq!(
        b.store.goals(q.id, &Page::first(10)).unwrap()[0].text,
        "Run the retro"
    );

    b.store.unlock(PASS, Opener::Passphrase).unwrap();
    assert_eq!(checkins_of(&b.store, q.id), checkins_of(&a.store, p.id));
    // Importing again over sealed rows changes nothing.
    let again = import(&mut b.store, &json);
    assert_eq!((again.added, again.updated), (0, 0), "{again:?}");
}

#[test]
fn a_private_export_is_refused_while_checkins_are_locked() {
    let (mut j, p) = filled();
    let q = add_pair(&mut j.store, "Cleo Park", "Dana Li");
    j.store
        .add_checkin(q.id, &new_checkin(2, "", "", ""))
        .unwrap();
    let held = export::held_back(&j.store, None).unwrap();
    assert_eq!((held.notes, held.checkins), (0, 4));

    // Without a passphrase, a private export holds them all.
    let doc = export::build(&j.store, Some(&p), true).unwrap();
    assert!(doc.includes_private);
    assert_eq!(doc.pairs[0].checkins.len(), 3);

    // Locked check-ins alone (no private note at all) are enough to refuse.
    j.store.set_passphrase(PASS, KdfParams::TEST).unwrap();
    j.store.lock();
    assert!(!j.store.has_locked_notes().unwrap());
    assert!(j.store.has_locked_checkins().unwrap());
    let refused = export::build(&j.store, None, true);
    assert!(matches!(refused, Err(StoreError::Locked)), "{refused:?}");
    let refused = export::build(&j.store, Some(&p), true);
    assert!(matches!(refused, Err(StoreError::Locked)), "{refused:?}");
    let shared = export::build(&j.store, None, false).unwrap();
    assert!(!shared.includes_private);
    assert!(shared.pairs.iter().all(|p| p.checkins.is_empty()));
    assert_eq!(shared.pairs.iter().map(|p| p.goals.len()).sum::<usize>(), 2);

    // What a shared export holds back is counted while locked, per pair too.
    j.store
        .add_note(
            q.id,
            &NewNote {
                body: "private".into(),
                private: true,
                tags: vec![],
            },
        )
        .unwrap();
    let held = export::held_back(&j.store, None).unwrap();
    assert_eq!((held.notes, held.checkins), (1, 4));
    let held = export::held_back(&j.store, Some(&p)).unwrap();
    assert_eq!((held.notes, held.checkins), (0, 3));
    let held = export::held_back(&j.store, Some(&q)).unwrap();
    assert_eq!((held.notes, held.checkins), (1, 1));

    j.store.unlock(PASS, Opener::Passphrase).unwrap();
    let doc = export::build(&j.store, Some(&p), true).unwrap();
    let trusts: Vec<u8> = doc.pairs[0].checkins.iter().map(|c| c.trust).collect();
    assert_eq!(trusts, [3, 4, 5]);
    let doc = export::build(&j.store, None, true).unwrap();
    assert_eq!(doc.pairs.iter().map(|p| p.checkins.len()).sum::<usize>(), 4);
}

#[test]
fn a_private_export_with_damaged_entries_is_refused_or_imports_back() {
    let mut j = Journal::new();
    let p = add_pair(&mut j.store, "Ana Ruiz", "Ben Okafor");
    j.store.set_passphrase(PASS, KdfParams::TEST).unwrap();
    let c = j
        .store
        .add_checkin(p.id, &new_checkin(3, "fine", "", ""))
        .unwrap();
    let n = j
        .store
        .add_note(
            p.id,
            &NewNote {
                body: "private".into(),
                private: true,
                tags: vec![],
            },
        )
        .unwrap();
    j.set_sealed(c.id, &[0]);
    j.conn()
        .execute("UPDATE note SET sealed = x'00' WHERE id = ?1", [n.id])
        .unwrap();
    assert!(j.store.checkin(c.id).unwrap().is_damaged());
    assert!(j.store.note(n.id).unwrap().is_damaged());

    // Either the export is refused, or what it wrote can be read back.
    if let Ok(doc) = export::build(&j.store, None, true) {
        let json = export::render(&doc, Format::Json, j.store.clock(), &Template::built_in());
        let parsed = export::parse(&json, "export.json", j.store.clock().now());
        assert!(parsed.is_ok(), "the export cannot be imported: {parsed:?}");
        let bundles = parsed.unwrap().bundles;
        assert_eq!(
            bundles[0].checkins.len(),
            1,
            "the damaged check-in vanished"
        );
    }
}
