//! Store tests for the journal's entries: keyset paging of meetings,
//! feedback, notes and action items; optimistic versions; deletion with
//! tombstones, restore and pair erasure; the full-text index kept in step;
//! drafts; the feedback summary and tagged shared notes.
//!
//! The library is driven through its public API, in memory and on temp
//! files; a second SQLite connection on the same file looks at what the
//! API does not show (tombstones, the FTS index).

#![allow(clippy::unwrap_used)]

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Arc;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use rstest::rstest;
use rusqlite::Connection;
use tempfile::TempDir;

use candor::clock::{Clock, FixedClock, ManualClock};
use candor::domain::{
    ActionItem, Direction, Feedback, Kind, Meeting, NewPair, Note, Owner, Pair, Response, Role,
};
use candor::store::{
    Cursor, Deleted, Draft, FeedbackSummary, MeetingEdit, NewAction, NewCheckIn, NewFeedback,
    NewGoal, NewMeeting, NewNote, Page, PairEdit, Store, StoreError,
};
use candor::template::Template;

const NOW: &str = "2026-11-27T10:00:00Z";

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn fixed() -> Arc<dyn Clock> {
    Arc::new(FixedClock::parse(NOW).unwrap())
}

fn memory() -> Store {
    Store::open_in_memory(fixed()).unwrap()
}

/// A store in memory on a clock the test moves.
fn manual() -> (Store, Arc<ManualClock>) {
    let clock = Arc::new(ManualClock::new(at(NOW)));
    let store = Store::open_in_memory(Arc::clone(&clock) as Arc<dyn Clock>).unwrap();
    (store, clock)
}

/// A store on a temp file, and a second connection to look inside it.
pub(crate) struct OnFile {
    _dir: TempDir,
    pub(crate) path: PathBuf,
    pub(crate) store: Store,
}

impl OnFile {
    pub(crate) fn new() -> Self {
        let dir = TempDir::new().unwrap();
        let path = dir.path().join("j.db");
        let store = Store::open(&path, fixed()).unwrap();
        Self {
            _dir: dir,
            path,
            store,
        }
    }

    fn conn(&self) -> Connection {
        Connection::open(&self.path).unwrap()
    }

    fn count(&self, sql: &str, param: &str) -> i64 {
        let conn = self.conn();
        if sql.contains("?1") {
            conn.query_row(sql, [param], |r| r.get(0)).unwrap()
        } else {
            conn.query_row(sql, [], |r| r.get(0)).unwrap()
        }
    }

    /// How many rows of the full-text index match `word`.
    fn fts(&self, word: &str) -> i64 {
        self.count(
            "SELECT count(*) FROM search_index WHERE search_index MATCH ?1",
            word,
        )
    }

    fn tombstones(&self) -> i64 {
        self.count("SELECT count(*) FROM tombstone", "")
    }
}

fn add_pair(store: &mut Store, mentor: &str, mentee: &str, role: Role) -> Pair {
    let new = NewPair::new(
        mentor,
        mentee,
        role,
        "",
        NaiveDate::from_ymd_opt(2026, 10, 1).unwrap(),
        Some(14),
    )
    .unwrap();
    store.add_pair(&new, &Template::built_in()).unwrap()
}

fn two_pairs(store: &mut Store) -> (Pair, Pair) {
    (
        add_pair(store, "Alex Morgan", "Ben Okafor", Role::Mentor),
        add_pair(store, "Cleo Park", "Dana Li", Role::Mentor),
    )
}

fn meeting(held_at: DateTime<Utc>, notes: &str) -> NewMeeting {
    NewMeeting {
        held_at,
        agenda: String::new(),
        notes: notes.to_owned(),
        next_steps: String::new(),
    }
}

fn feedback(
    direction: Direction,
    requested: bool,
    response: Response,
    body: &str,
    given_at: DateTime<Utc>,
) -> NewFeedback {
    NewFeedback {
        direction,
        requested,
        body: body.to_owned(),
        situation: None,
        behaviour: None,
        impact: None,
        response,
        follow_up: String::new(),
        given_at,
    }
}

fn note(body: &str, private: bool, tags: &[&str]) -> NewNote {
    NewNote {
        body: body.to_owned(),
        private,
        tags: tags.iter().map(|t| (*t).to_owned()).collect(),
    }
}

/// Every row of a list, walked a page of `limit` at a time by keyset.
fn walk<T>(
    limit: usize,
    mut fetch: impl FnMut(&Page) -> Vec<T>,
    cursor: impl Fn(&T) -> Cursor,
) -> Vec<T> {
    let mut page = Page::first(limit);
    let mut all = Vec::new();
    for _ in 0..100_000 {
        let items = fetch(&page);
        assert!(
            items.len() <= limit,
            "a page of {limit} holds {}",
            items.len()
        );
        let Some(last) = items.last() else {
            return all;
        };
        page = Page {
            after: Some(cursor(last)),
            limit,
        };
        all.extend(items);
    }
    panic!("paging never ended");
}

#[track_caller]
fn assert_unique(ids: &[i64]) {
    let set: HashSet<i64> = ids.iter().copied().collect();
    assert_eq!(set.len(), ids.len(), "a row came twice: {ids:?}");
}

// ---------------------------------------------------------------------------
// Keyset paging: every row exactly once, in order, ties included

/// `spread` distinct times for `n` rows, handed out out of id order.
fn time_for(i: usize, spread: usize) -> DateTime<Utc> {
    at("2026-11-01T09:00:00Z") + Duration::minutes(((i * 37) % spread) as i64)
}

#[rstest]
fn meetings_page_every_row_once_newest_first(
    #[values(1, 2, 7, 50, 1000)] limit: usize,
    #[values(1, 5, 1000)] spread: usize,
) {
    let mut s = memory();
    let (p, q) = two_pairs(&mut s);
    for i in 0..120 {
        s.add_meeting(p.id, &meeting(time_for(i, spread), &format!("m{i}")))
            .unwrap();
        if i % 3 == 0 {
            s.add_meeting(q.id, &meeting(time_for(i, spread), "other pair"))
                .unwrap();
        }
    }
    let all = walk(limit, |pg| s.meetings(p.id, pg).unwrap(), Meeting::cursor);
    assert_eq!(all.len(), 120);
    assert!(all.iter().all(|m| m.pair_id == p.id));
    let keys: Vec<(DateTime<Utc>, i64)> = all.iter().map(|m| (m.held_at, m.id)).collect();
    assert!(
        keys.windows(2).all(|w| w[0] > w[1]),
        "not strictly newest first: {keys:?}"
    );
    assert_unique(&all.iter().map(|m| m.id).collect::<Vec<_>>());
    assert_eq!(all, s.meetings(p.id, &Page::first(10_000)).unwrap());
}

#[rstest]
fn feedback_pages_every_row_once_newest_first(
    #[values(1, 3, 10, 1000)] limit: usize,
    #[values(1, 4, 1000)] spread: usize,
) {
    let mut s = memory();
    let (p, q) = two_pairs(&mut s);
    for i in 0..90 {
        let f = feedback(
            Direction::ToMentor,
            i % 2 == 0,
            Response::Discussed,
            &format!("f{i}"),
            time_for(i, spread),
        );
        s.add_feedback(p.id, &f).unwrap();
        s.add_feedback(q.id, &f).unwrap();
    }
    let all = walk(limit, |pg| s.feedback(p.id, pg).unwrap(), Feedback::cursor);
    assert_eq!(all.len(), 90);
    assert!(all.iter().all(|f| f.pair_id == p.id));
    let keys: Vec<(DateTime<Utc>, i64)> = all.iter().map(|f| (f.given_at, f.id)).collect();
    assert!(
        keys.windows(2).all(|w| w[0] > w[1]),
        "not strictly newest first: {keys:?}"
    );
    assert_unique(&all.iter().map(|f| f.id).collect::<Vec<_>>());
}

#[rstest]
fn notes_with_one_timestamp_page_every_row_once(
    #[values(1, 2, 9, 1000)] limit: usize,
    #[values(false, true)] include_private: bool,
) {
    // A fixed clock: every note has the same created_at, so only ids order them.
    let mut s = memory();
    let (p, q) = two_pairs(&mut s);
    for i in 0..100 {
        s.add_note(p.id, &note(&format!("n{i}"), i % 4 == 1, &[]))
            .unwrap();
        s.add_note(q.id, &note("other pair", false, &[])).unwrap();
    }
    let all = walk(
        limit,
        |pg| s.notes(p.id, include_private, pg).unwrap(),
        Note::cursor,
    );
    assert_eq!(all.len(), if include_private { 100 } else { 75 });
    assert!(all.iter().all(|n| n.pair_id == p.id));
    assert!(include_private || all.iter().all(|n| !n.is_private()));
    assert!(all.iter().all(|n| n.created_at == at(NOW)));
    let ids: Vec<i64> = all.iter().map(|n| n.id).collect();
    assert!(
        ids.windows(2).all(|w| w[0] > w[1]),
        "not newest first: {ids:?}"
    );
}

#[rstest]
fn notes_with_many_timestamps_page_every_row_once(#[values(1, 4, 25)] limit: usize) {
    let (mut s, clock) = manual();
    let (p, _) = two_pairs(&mut s);
    for i in 0..77 {
        if i % 5 == 0 {
            clock.advance(Duration::seconds(30));
        }
        s.add_note(p.id, &note(&format!("n{i}"), false, &[]))
            .unwrap();
    }
    let all = walk(limit, |pg| s.notes(p.id, true, pg).unwrap(), Note::cursor);
    assert_eq!(all.len(), 77);
    let keys: Vec<(DateTime<Utc>, i64)> = all.iter().map(|n| (n.created_at, n.id)).collect();
    assert!(keys.windows(2).all(|w| w[0] > w[1]), "{keys:?}");
}

#[rstest]
fn actions_page_every_row_once_open_first_by_due_date(#[values(1, 2, 6, 1000)] limit: usize) {
    let mut s = memory();
    let (p, q) = two_pairs(&mut s);
    for i in 0..80 {
        let due = match i % 4 {
            0 => None,
            k => NaiveDate::from_ymd_opt(2026, 12, k).map(Some).unwrap(),
        };
        let a = s
            .add_action(p.id, Owner::Both, &format!("a{i}"), due)
            .unwrap();
        if i % 3 == 0 {
            s.set_action_done(a.id, true).unwrap();
        }
        s.add_action(q.id, Owner::Mentor, "other pair", due)
            .unwrap();
    }
    let all = walk(limit, |pg| s.actions(p.id, pg).unwrap(), ActionItem::cursor);
    assert_eq!(all.len(), 80);
    assert!(all.iter().all(|a| a.pair_id == p.id));
    let key = |a: &ActionItem| (a.done, a.due_on.unwrap_or(NaiveDate::MAX), a.id);
    let keys: Vec<_> = all.iter().map(key).collect();
    assert!(
        keys.windows(2).all(|w| w[0] < w[1]),
        "not open first by due date: {keys:?}"
    );
    assert_eq!(all.iter().filter(|a| a.done).count(), 27);
    assert_unique(&all.iter().map(|a| a.id).collect::<Vec<_>>());
}

#[test]
fn paging_survives_rows_deleted_and_added_between_pages() {
    let mut s = memory();
    let (p, _) = two_pairs(&mut s);
    let ids: Vec<i64> = (0..30)
        .map(|i| {
            s.add_note(p.id, &note(&format!("n{i}"), false, &[]))
                .unwrap()
                .id
        })
        .collect();
    let first = s.notes(p.id, false, &Page::first(10)).unwrap();
    // Between pages: one not yet listed goes, a new one comes (it sorts first).
    s.delete_entry(p.id, Kind::Note, ids[5]).unwrap();
    s.add_note(p.id, &note("late", false, &[])).unwrap();
    let rest = walk(
        10,
        |pg| {
            let pg = if pg.after.is_none() {
                Page {
                    after: Some(first.last().unwrap().cursor()),
                    limit: 10,
                }
            } else {
                pg.clone()
            };
            s.notes(p.id, false, &pg).unwrap()
        },
        Note::cursor,
    );
    let mut seen: Vec<i64> = first.iter().chain(&rest).map(|n| n.id).collect();
    assert_unique(&seen);
    seen.sort_unstable();
    let expected: Vec<i64> = ids.iter().copied().filter(|&id| id != ids[5]).collect();
    assert_eq!(seen, expected);
}

// ---------------------------------------------------------------------------
// A meeting and the action items of its next steps: one transaction

fn steps(owner: Owner, texts: &[&str], due_on: Option<NaiveDate>) -> Vec<NewAction> {
    texts
        .iter()
        .map(|t| NewAction {
            owner,
            text: (*t).to_owned(),
            due_on,
        })
        .collect()
}

#[test]
fn a_meeting_and_its_action_items_are_saved_together() {
    let mut s = memory();
    let (p, q) = two_pairs(&mut s);
    let due = NaiveDate::from_ymd_opt(2026, 12, 11);
    let mut m = meeting(at(NOW), "we talked");
    m.next_steps = "- send the doc\n- book a room".into();
    let saved = s
        .save_meeting(
            p.id,
            None,
            &m,
            &steps(Owner::Both, &["send the doc", "book a room"], due),
        )
        .unwrap();
    assert_eq!(saved.beside, None);
    assert_eq!(saved.meeting, s.meeting(saved.meeting.id).unwrap());
    assert_eq!(saved.meeting.notes, "we talked");
    let texts: Vec<_> = saved.actions.iter().map(|a| a.text.as_str()).collect();
    assert_eq!(texts, ["send the doc", "book a room"]);
    assert!(
        saved
            .actions
            .iter()
            .all(|a| a.pair_id == p.id && a.owner == Owner::Both && a.due_on == due)
    );
    assert_eq!(s.actions(p.id, &Page::first(10)).unwrap(), saved.actions);
    assert!(s.actions(q.id, &Page::first(10)).unwrap().is_empty());
    assert!(s.meetings(q.id, &Page::first(10)).unwrap().is_empty());
}

#[test]
fn a_refused_action_item_leaves_no_meeting_and_no_other_item() {
    let mut j = OnFile::new();
    let (p, _) = two_pairs(&mut j.store);
    // Another connection makes the database itself refuse one action item,
    // after the store's own checks have passed: the insert fails inside the
    // transaction, after the meeting and the first item were written.
    j.conn()
        .execute_batch(
            "CREATE TRIGGER refuse_boom BEFORE INSERT ON action_item WHEN NEW.text = 'boom'
             BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;",
        )
        .unwrap();
    let m = meeting(at(NOW), "a meeting that must not half-exist");
    let result = j.store.save_meeting(
        p.id,
        None,
        &m,
        &steps(Owner::Mentee, &["first step", "boom", "third step"], None),
    );
    assert!(matches!(result, Err(StoreError::Sqlite(_))), "{result:?}");
    assert_eq!(j.count("SELECT count(*) FROM meeting", ""), 0);
    assert_eq!(j.count("SELECT count(*) FROM action_item", ""), 0);
    assert_eq!(j.fts("half"), 0, "nothing reached the index either");

    // The same over an edit: the meeting keeps its text and version.
    let old = j.store.add_meeting(p.id, &m).unwrap();
    let edit = MeetingEdit {
        id: old.id,
        expected_version: Some(old.version),
    };
    let result = j.store.save_meeting(
        p.id,
        Some(edit),
        &meeting(at(NOW), "changed"),
        &steps(Owner::Mentee, &["first step", "boom"], None),
    );
    assert!(result.is_err(), "{result:?}");
    assert_eq!(j.store.meeting(old.id).unwrap(), old);
    assert_eq!(j.count("SELECT count(*) FROM action_item", ""), 0);
}

#[test]
fn an_action_item_the_store_refuses_writes_nothing() {
    let mut s = memory();
    let (p, _) = two_pairs(&mut s);
    for bad in ["  ", "nul \0 inside"] {
        let result = s.save_meeting(
            p.id,
            None,
            &meeting(at(NOW), "notes"),
            &steps(Owner::Mentor, &["fine", bad], None),
        );
        assert!(matches!(result, Err(StoreError::Invalid(_))), "{result:?}");
    }
    assert!(s.meetings(p.id, &Page::first(10)).unwrap().is_empty());
    assert!(s.actions(p.id, &Page::first(10)).unwrap().is_empty());
}

#[test]
fn a_meeting_changed_elsewhere_is_kept_and_the_edit_saved_beside_it_with_its_items() {
    let (mut s, clock) = manual();
    let (p, _) = two_pairs(&mut s);
    let opened = s.add_meeting(p.id, &meeting(at(NOW), "first")).unwrap();
    clock.advance(Duration::minutes(5));
    let theirs = s
        .update_meeting(opened.id, None, &meeting(at(NOW), "theirs"))
        .unwrap();
    let edit = MeetingEdit {
        id: opened.id,
        expected_version: Some(opened.version),
    };
    let saved = s
        .save_meeting(
            p.id,
            Some(edit),
            &meeting(at(NOW), "mine"),
            &steps(Owner::Mentor, &["call the recruiter"], None),
        )
        .unwrap();
    assert_eq!(saved.beside, Some(opened.id));
    assert_ne!(saved.meeting.id, opened.id);
    assert_eq!(saved.meeting.notes, "mine");
    assert_eq!(s.meeting(opened.id).unwrap(), theirs, "theirs is untouched");
    assert_eq!(saved.actions.len(), 1);
    assert_eq!(
        s.actions(p.id, &Page::first(10)).unwrap(),
        saved.actions,
        "the action item asked for is stored"
    );

    // Without a conflict the edit changes the meeting itself.
    let edit = MeetingEdit {
        id: saved.meeting.id,
        expected_version: Some(saved.meeting.version),
    };
    let again = s
        .save_meeting(p.id, Some(edit), &meeting(at(NOW), "mine, again"), &[])
        .unwrap();
    assert_eq!((again.beside, again.meeting.id), (None, saved.meeting.id));
    assert_eq!(again.meeting.version, saved.meeting.version + 1);
    assert_eq!(s.meetings(p.id, &Page::first(10)).unwrap().len(), 2);
    // A meeting gone meanwhile is not found, and nothing is written.
    let gone = MeetingEdit {
        id: 999,
        expected_version: Some(1),
    };
    assert_not_found(s.save_meeting(
        p.id,
        Some(gone),
        &meeting(at(NOW), "x"),
        &steps(Owner::Mentor, &["y"], None),
    ));
    assert_eq!(s.actions(p.id, &Page::first(10)).unwrap().len(), 1);
}

#[test]
fn next_steps_become_action_items_due_one_cadence_from_today_or_from_a_later_meeting() {
    let mut s = memory();
    let (p, _) = two_pairs(&mut s);
    // Held a week before today (Friday 27 November): the items are due one
    // cadence from today, so none is born late.
    let mut m = meeting(at("2026-11-20T15:00:00Z"), "");
    m.next_steps = "- send the doc\n\n  * book a room  \n• ask Dana\n-\nplain line".into();
    let actions = s.next_step_actions(p.id, &m, Owner::Mentee, "").unwrap();
    let texts: Vec<_> = actions.iter().map(|a| a.text.as_str()).collect();
    assert_eq!(
        texts,
        ["send the doc", "book a room", "ask Dana", "plain line"]
    );
    // The pair meets every 14 days.
    let due = NaiveDate::from_ymd_opt(2026, 12, 11);
    assert!(
        actions
            .iter()
            .all(|a| a.owner == Owner::Mentee && !a.owner_read && a.due == due && !a.due_read)
    );
    // Planned for 10 December: due one cadence after it.
    m.held_at = at("2026-12-10T15:00:00Z");
    let actions = s.next_step_actions(p.id, &m, Owner::Both, "").unwrap();
    assert!(
        actions
            .iter()
            .all(|a| a.due == NaiveDate::from_ymd_opt(2026, 12, 24))
    );
    // Without a cadence, no due date.
    let edit = PairEdit {
        cadence_days: Some(None),
        ..PairEdit::default()
    };
    s.edit_pair(p.id, None, &edit).unwrap();
    let actions = s.next_step_actions(p.id, &m, Owner::Both, "").unwrap();
    assert_eq!(actions.len(), 4);
    assert!(actions.iter().all(|a| a.due.is_none()));
    // Nothing is written by asking.
    assert!(s.actions(p.id, &Page::first(10)).unwrap().is_empty());
    // A step the store would refuse is refused here already.
    m.next_steps = "fine\nnul \0 inside".into();
    assert!(matches!(
        s.next_step_actions(p.id, &m, Owner::Both, ""),
        Err(StoreError::Invalid(_))
    ));
}

#[test]
fn each_step_is_read_against_the_pair_and_lines_already_there_are_skipped() {
    let mut s = memory();
    let (p, q) = two_pairs(&mut s);
    let mut m = meeting(at(NOW), "");
    m.next_steps = "- Ben: send the estimates log by Friday\n- me: book a room due 2026-12-20\n- Dana: ask the lead".into();
    let actions = s.next_step_actions(p.id, &m, Owner::Both, "").unwrap();
    let read: Vec<_> = actions
        .iter()
        .map(|a| {
            (
                a.owner,
                a.owner_read,
                a.text.as_str(),
                a.due.map(|d| d.to_string()),
            )
        })
        .collect();
    assert_eq!(
        read,
        [
            (
                Owner::Mentee,
                true,
                "send the estimates log",
                Some("2026-12-04".into())
            ),
            (
                Owner::Mentor,
                true,
                "book a room",
                Some("2026-12-20".into())
            ),
            // Dana is of another pair: the line is kept whole, for both.
            (
                Owner::Both,
                false,
                "Dana: ask the lead",
                Some("2026-12-11".into())
            ),
        ]
    );
    // In Dana's pair the same line is Dana's.
    let actions = s.next_step_actions(q.id, &m, Owner::Both, "").unwrap();
    assert_eq!(actions[2].owner, Owner::Mentee);
    assert_eq!(actions[2].text, "ask the lead");
    // Lines the meeting held before are not made again.
    let already = "- Ben: send the estimates log by Friday\n- Dana: ask the lead";
    let actions = s.next_step_actions(p.id, &m, Owner::Both, already).unwrap();
    let texts: Vec<_> = actions.iter().map(|a| a.text.as_str()).collect();
    assert_eq!(texts, ["book a room"]);
}

// ---------------------------------------------------------------------------
// Versions: a stale edit is a conflict and changes nothing

#[track_caller]
fn assert_conflict<T: std::fmt::Debug>(result: Result<T, StoreError>, current: i64) {
    match result {
        Err(StoreError::Conflict { current: c, what }) => {
            assert_eq!(c, current, "conflict on {what}");
            let msg = StoreError::Conflict { what, current: c }.to_string();
            assert!(msg.contains(&format!("version {current}")), "{msg}");
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
}

#[track_caller]
fn assert_not_found<T: std::fmt::Debug>(result: Result<T, StoreError>) {
    assert!(
        matches!(result, Err(StoreError::NotFound(_))),
        "expected not found, got {result:?}"
    );
}

#[test]
fn meeting_versions() {
    let (mut s, clock) = manual();
    let (p, _) = two_pairs(&mut s);
    let m1 = s.add_meeting(p.id, &meeting(at(NOW), "first")).unwrap();
    assert_eq!((m1.version, m1.updated_at), (1, at(NOW)));
    clock.advance(Duration::minutes(5));
    let mut changed = meeting(at("2026-11-26T08:00:00Z"), "second");
    changed.agenda = "an agenda".into();
    let m2 = s.update_meeting(m1.id, Some(1), &changed).unwrap();
    assert_eq!(m2.version, 2);
    assert_eq!(m2.updated_at, clock.now());
    assert_eq!(
        (m2.uid.as_str(), m2.created_at),
        (m1.uid.as_str(), m1.created_at)
    );
    assert_eq!(
        (m2.notes.as_str(), m2.agenda.as_str()),
        ("second", "an agenda")
    );
    assert_eq!(m2.held_at, at("2026-11-26T08:00:00Z"));

    clock.advance(Duration::minutes(5));
    assert_conflict(
        s.update_meeting(m1.id, Some(1), &meeting(at(NOW), "stale")),
        2,
    );
    assert_eq!(
        s.meeting(m1.id).unwrap(),
        m2,
        "a stale edit changed the row"
    );
    assert_not_found(s.update_meeting(999, Some(1), &meeting(at(NOW), "x")));
    // Without an expected version the edit goes through.
    assert_eq!(
        s.update_meeting(m1.id, None, &meeting(at(NOW), "third"))
            .unwrap()
            .version,
        3
    );
}

#[test]
fn feedback_versions() {
    let (mut s, clock) = manual();
    let (p, _) = two_pairs(&mut s);
    let f = |body: &str, response| feedback(Direction::ToMentor, true, response, body, at(NOW));
    let f1 = s
        .add_feedback(p.id, &f("first", Response::Pending))
        .unwrap();
    clock.advance(Duration::hours(1));
    let f2 = s
        .update_feedback(f1.id, Some(f1.version), &f("second", Response::Accepted))
        .unwrap();
    assert_eq!(f2.version, 2);
    assert_eq!(f2.updated_at, clock.now());
    assert_eq!(f2.created_at, f1.created_at);
    assert_eq!(f2.response, Response::Accepted);
    assert_conflict(
        s.update_feedback(f1.id, Some(1), &f("stale", Response::PushedBack)),
        2,
    );
    assert_eq!(s.feedback_entry(f1.id).unwrap(), f2);
    assert_not_found(s.update_feedback(999, Some(1), &f("x", Response::Pending)));
}

#[test]
fn note_versions() {
    let (mut s, clock) = manual();
    let (p, _) = two_pairs(&mut s);
    let n1 = s.add_note(p.id, &note("first", false, &["next"])).unwrap();
    clock.advance(Duration::days(1));
    let n2 = s
        .update_note(n1.id, Some(1), &note("second", true, &["later"]))
        .unwrap();
    assert_eq!(n2.version, 2);
    assert_eq!(n2.updated_at, clock.now());
    assert_eq!(n2.created_at, n1.created_at);
    assert_eq!(
        (n2.text().unwrap().body.as_str(), n2.is_private()),
        ("second", true)
    );
    assert_eq!(n2.text().unwrap().tags, ["later"]);
    assert_conflict(s.update_note(n1.id, Some(1), &note("stale", false, &[])), 2);
    assert_eq!(s.note(n1.id).unwrap(), n2);
    assert_not_found(s.update_note(999, Some(1), &note("x", false, &[])));
}

#[test]
fn action_versions() {
    let (mut s, clock) = manual();
    let (p, _) = two_pairs(&mut s);
    let a1 = s.add_action(p.id, Owner::Mentee, "first", None).unwrap();
    clock.advance(Duration::minutes(1));
    let due = NaiveDate::from_ymd_opt(2026, 12, 24);
    let a2 = s
        .update_action(a1.id, Some(1), Owner::Both, "second", due)
        .unwrap();
    assert_eq!(a2.version, 2);
    assert_eq!(a2.updated_at, clock.now());
    assert_eq!(
        (a2.owner, a2.text.as_str(), a2.due_on),
        (Owner::Both, "second", due)
    );
    assert_conflict(
        s.update_action(a1.id, Some(1), Owner::Mentor, "stale", None),
        2,
    );
    assert_eq!(s.action(a1.id).unwrap(), a2);
    // Ticking bumps the version too, so an edit read before it conflicts.
    clock.advance(Duration::minutes(1));
    let a3 = s.set_action_done(a1.id, true).unwrap();
    assert_eq!(
        (a3.version, a3.done, a3.done_at),
        (3, true, Some(clock.now()))
    );
    assert_conflict(
        s.update_action(a1.id, Some(2), Owner::Both, "after tick", due),
        3,
    );
    assert_eq!(s.action(a1.id).unwrap(), a3);
    assert_not_found(s.update_action(999, Some(1), Owner::Both, "x", None));
    assert_not_found(s.set_action_done(999, true));
}

#[test]
fn strength_experience_and_pair_versions() {
    let (mut s, clock) = manual();
    let (p, _) = two_pairs(&mut s);
    let st = s.add_strength(p.id, Role::Mentee, "patient").unwrap();
    let ex = s.add_experience(p.id, "estimates", "roadmap").unwrap();
    clock.advance(Duration::minutes(3));

    let st2 = s.update_strength(st.id, Some(1), "very patient").unwrap();
    assert_eq!((st2.version, st2.updated_at), (2, clock.now()));
    assert_conflict(s.update_strength(st.id, Some(1), "stale"), 2);
    assert_eq!(s.strength(st.id).unwrap(), st2);

    let ex2 = s.update_experience(ex.id, Some(1), "c2", "s2").unwrap();
    assert_eq!((ex2.version, ex2.updated_at), (2, clock.now()));
    assert_conflict(s.update_experience(ex.id, Some(1), "stale", "stale"), 2);
    assert_eq!(s.experience(ex.id).unwrap(), ex2);

    let edit = PairEdit {
        focus: Some("Promotion".into()),
        ..PairEdit::default()
    };
    let p2 = s.edit_pair(p.id, Some(p.version), &edit).unwrap();
    assert_eq!((p2.version, p2.updated_at), (2, clock.now()));
    let stale = PairEdit {
        focus: Some("stale".into()),
        ..PairEdit::default()
    };
    assert_conflict(s.edit_pair(p.id, Some(1), &stale), 2);
    assert_eq!(s.pair(p.id).unwrap().focus, "Promotion");
}

// ---------------------------------------------------------------------------
// Deletion, tombstones, restore, and the full-text index

/// Adds one entry of `kind` carrying `word` to pair `pair_id`; returns its id and uid.
fn add_entry(s: &mut Store, pair_id: i64, kind: Kind, word: &str) -> (i64, String) {
    match kind {
        Kind::Meeting => {
            let m = s
                .add_meeting(pair_id, &meeting(at(NOW), &format!("talked {word}")))
                .unwrap();
            (m.id, m.uid)
        }
        Kind::Feedback => {
            let f = feedback(
                Direction::ToMentee,
                false,
                Response::Accepted,
                &format!("feedback {word}"),
                at(NOW),
            );
            let f = s.add_feedback(pair_id, &f).unwrap();
            (f.id, f.uid)
        }
        Kind::Note => {
            let n = s
                .add_note(pair_id, &note(&format!("note {word}"), true, &["next"]))
                .unwrap();
            (n.id, n.uid)
        }
        Kind::Action => {
            let a = s
                .add_action(
                    pair_id,
                    Owner::Mentee,
                    &format!("do {word}"),
                    NaiveDate::from_ymd_opt(2026, 12, 1),
                )
                .unwrap();
            let a = s.set_action_done(a.id, true).unwrap();
            (a.id, a.uid)
        }
        Kind::Strength => {
            let st = s
                .add_strength(pair_id, Role::Mentor, &format!("good at {word}"))
                .unwrap();
            (st.id, st.uid)
        }
        Kind::Experience => {
            let e = s
                .add_experience(pair_id, &format!("challenge {word}"), "similar one")
                .unwrap();
            (e.id, e.uid)
        }
        Kind::Goal => {
            let g = s
                .add_goal(
                    pair_id,
                    &NewGoal {
                        text: format!("goal {word}"),
                        criteria: "done when done".into(),
                        due_on: NaiveDate::from_ymd_opt(2026, 12, 24),
                    },
                )
                .unwrap();
            let g = s.add_goal_progress(g.id, 40, "on the way").unwrap();
            (g.id, g.uid)
        }
        Kind::Checkin => {
            let c = s
                .add_checkin(
                    pair_id,
                    &NewCheckIn {
                        trust: 4,
                        helped: format!("helped {word}"),
                        in_the_way: String::new(),
                        note: String::new(),
                        checked_at: None,
                    },
                )
                .unwrap();
            (c.id, c.uid)
        }
        other => panic!("{other} is not an entry"),
    }
}

/// The entry as the store reads it, with what a restore may change blanked out.
fn entry(s: &Store, kind: Kind, id: i64) -> Deleted {
    let epoch = DateTime::<Utc>::UNIX_EPOCH;
    match kind {
        Kind::Meeting => Deleted::Meeting(Meeting {
            id: 0,
            version: 0,
            updated_at: epoch,
            ..s.meeting(id).unwrap()
        }),
        Kind::Feedback => Deleted::Feedback(Feedback {
            id: 0,
            version: 0,
            updated_at: epoch,
            ..s.feedback_entry(id).unwrap()
        }),
        Kind::Note => Deleted::Note(Note {
            id: 0,
            version: 0,
            updated_at: epoch,
            ..s.note(id).unwrap()
        }),
        Kind::Action => Deleted::Action(ActionItem {
            id: 0,
            version: 0,
            updated_at: epoch,
            ..s.action(id).unwrap()
        }),
        Kind::Strength => {
            let mut st = s.strength(id).unwrap();
            (st.id, st.version, st.updated_at) = (0, 0, epoch);
            Deleted::Strength(st)
        }
        Kind::Experience => {
            let mut e = s.experience(id).unwrap();
            (e.id, e.version, e.updated_at) = (0, 0, epoch);
            Deleted::Experience(e)
        }
        Kind::Goal => {
            let mut g = s.goal(id).unwrap();
            let mut history = s.goal_history(id).unwrap();
            (g.id, g.version, g.updated_at) = (0, 0, epoch);
            for h in &mut history {
                (h.id, h.goal_id) = (0, 0);
            }
            Deleted::Goal(g, history)
        }
        Kind::Checkin => {
            let mut c = s.checkin(id).unwrap();
            (c.id, c.version, c.updated_at) = (0, 0, epoch);
            Deleted::Checkin(c)
        }
        other => panic!("{other} is not an entry"),
    }
}

fn exists(s: &Store, kind: Kind, id: i64) -> bool {
    match kind {
        Kind::Meeting => s.meeting(id).is_ok(),
        Kind::Feedback => s.feedback_entry(id).is_ok(),
        Kind::Note => s.note(id).is_ok(),
        Kind::Action => s.action(id).is_ok(),
        Kind::Strength => s.strength(id).is_ok(),
        Kind::Experience => s.experience(id).is_ok(),
        Kind::Goal => s.goal(id).is_ok(),
        Kind::Checkin => s.checkin(id).is_ok(),
        other => panic!("{other} is not an entry"),
    }
}

#[rstest]
#[case::meeting(Kind::Meeting)]
#[case::feedback(Kind::Feedback)]
#[case::note(Kind::Note)]
#[case::action(Kind::Action)]
#[case::strength(Kind::Strength)]
#[case::experience(Kind::Experience)]
fn delete_leaves_a_tombstone_and_restore_brings_the_row_back(#[case] kind: Kind) {
    let mut f = OnFile::new();
    let (p, q) = two_pairs(&mut f.store);
    let (id, uid) = add_entry(&mut f.store, p.id, kind, "zebrafish");
    add_entry(&mut f.store, q.id, kind, "okapi");
    let before = entry(&f.store, kind, id);
    assert_eq!(f.fts("zebrafish"), 1);
    assert_eq!(f.tombstones(), 0);

    let deleted = f.store.delete_entry(p.id, kind, id).unwrap();
    assert_eq!(deleted.kind(), kind);
    assert!(!exists(&f.store, kind, id));
    assert_eq!(f.store.tombstone_count().unwrap(), 1);
    let (stored_kind, pair_uid): (String, String) = f
        .conn()
        .query_row(
            "SELECT kind, pair_uid FROM tombstone WHERE uid = ?1",
            [&uid],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(
        (stored_kind.as_str(), pair_uid),
        (kind.as_str(), p.uid.clone())
    );
    assert_eq!(
        f.fts("zebrafish"),
        0,
        "the index still finds a deleted entry"
    );
    assert_eq!(f.fts("okapi"), 1);

    let new_id = f.store.undo_deletion().unwrap().unwrap().id;
    assert!(exists(&f.store, kind, new_id));
    assert_eq!(
        entry(&f.store, kind, new_id),
        before,
        "restored differently"
    );
    assert_eq!(
        f.count(
            &format!("SELECT count(*) FROM {} WHERE uid = ?1", kind.table()),
            &uid
        ),
        1
    );
    assert_eq!(f.tombstones(), 0, "the tombstone stayed after restore");
    assert_eq!(
        f.fts("zebrafish"),
        1,
        "the restored entry is not searchable"
    );

    // Restoring twice is refused and does not duplicate the row.
    assert_eq!(f.store.undo_deletion().unwrap(), None, "undone twice");
    assert_eq!(
        f.count(
            &format!("SELECT count(*) FROM {} WHERE uid = ?1", kind.table()),
            &uid
        ),
        1
    );
    assert_eq!(f.fts("zebrafish"), 1);
    // The old id is gone for good; deleting the restored row works again.
    if new_id != id {
        assert_not_found(f.store.delete_entry(p.id, kind, id));
    }
    f.store.delete_entry(p.id, kind, new_id).unwrap();
    assert_not_found(f.store.delete_entry(p.id, kind, new_id));
    assert_eq!((f.tombstones(), f.fts("zebrafish")), (1, 0));
}

#[rstest]
#[case::meeting(Kind::Meeting)]
#[case::feedback(Kind::Feedback)]
#[case::note(Kind::Note)]
#[case::action(Kind::Action)]
#[case::strength(Kind::Strength)]
#[case::experience(Kind::Experience)]
fn delete_by_a_pair_that_does_not_own_the_row_is_refused(#[case] kind: Kind) {
    let mut f = OnFile::new();
    let (p, q) = two_pairs(&mut f.store);
    let (id, _) = add_entry(&mut f.store, p.id, kind, "zebrafish");
    let before = entry(&f.store, kind, id);
    assert_not_found(f.store.delete_entry(q.id, kind, id));
    assert_not_found(f.store.delete_entry(p.id, kind, id + 100));
    assert_not_found(f.store.delete_entry(999, kind, id));
    assert_eq!(entry(&f.store, kind, id), before);
    assert_eq!(f.tombstones(), 0);
    assert_eq!(f.fts("zebrafish"), 1);
}

#[rstest]
#[case::pair(Kind::Pair)]
#[case::checklist_item(Kind::ChecklistItem)]
#[case::goal_progress(Kind::GoalProgress)]
fn a_kind_that_is_not_an_entry_is_not_deleted_one_at_a_time(#[case] kind: Kind) {
    let mut f = OnFile::new();
    let (p, _) = two_pairs(&mut f.store);
    assert_not_found(f.store.delete_entry(p.id, kind, p.id));
    assert_not_found(f.store.delete_entry(p.id, kind, 1));
    assert!(f.store.pair(p.id).is_ok());
    assert_eq!(f.tombstones(), 0);
}

#[test]
fn edits_keep_the_index_in_step() {
    let mut f = OnFile::new();
    let (p, _) = two_pairs(&mut f.store);
    let n = f
        .store
        .add_note(p.id, &note("aardvark", false, &["wombat"]))
        .unwrap();
    assert_eq!((f.fts("aardvark"), f.fts("wombat")), (1, 1));
    f.store
        .update_note(n.id, Some(1), &note("pangolin", false, &["quokka"]))
        .unwrap();
    assert_eq!((f.fts("aardvark"), f.fts("wombat")), (0, 0));
    assert_eq!((f.fts("pangolin"), f.fts("quokka")), (1, 1));
    // A refused edit leaves the index alone.
    assert_conflict(
        f.store
            .update_note(n.id, Some(1), &note("narwhal", false, &[])),
        2,
    );
    assert_eq!((f.fts("narwhal"), f.fts("pangolin")), (0, 1));
    f.store.delete_entry(p.id, Kind::Note, n.id).unwrap();
    assert_eq!(
        f.count(
            "SELECT count(*) FROM search_index WHERE search_index MATCH 'pangolin OR quokka'",
            ""
        ),
        0
    );

    let m = f
        .store
        .add_meeting(p.id, &meeting(at(NOW), "capybara"))
        .unwrap();
    let mut changed = meeting(at(NOW), "");
    changed.agenda = "axolotl".into();
    f.store.update_meeting(m.id, Some(1), &changed).unwrap();
    assert_eq!((f.fts("capybara"), f.fts("axolotl")), (0, 1));
}

#[test]
fn delete_pair_removes_every_row_and_leaves_a_tombstone_for_each() {
    let mut f = OnFile::new();
    let (p, q) = two_pairs(&mut f.store);
    for kind in Kind::ENTRIES {
        add_entry(&mut f.store, p.id, kind, "zebrafish");
        add_entry(&mut f.store, p.id, kind, "zebrafish");
        add_entry(&mut f.store, q.id, kind, "okapi");
    }
    f.store
        .add_note(p.id, &note("shared zebrafish", false, &[]))
        .unwrap();
    f.store
        .save_draft(&Draft {
            uid: "draft-of-p".into(),
            pair_id: Some(p.id),
            kind: Some(Kind::Note),
            target_uid: None,
            private: false,
            text: "{}".into(),
            saved_at: at(NOW),
            locked: false,
        })
        .unwrap();
    let tables = [
        "checklist_item",
        "strength",
        "experience",
        "meeting",
        "feedback",
        "note",
        "action_item",
        "goal",
        "checkin",
    ];
    let uids_of_p: Vec<String> = {
        let conn = f.conn();
        let mut uids = vec![p.uid.clone()];
        for t in tables {
            let mut stmt = conn
                .prepare(&format!("SELECT uid FROM {t} WHERE pair_id = ?1"))
                .unwrap();
            let rows = stmt.query_map([p.id], |r| r.get::<_, String>(0)).unwrap();
            uids.extend(rows.map(Result::unwrap));
        }
        uids
    };
    assert_eq!(uids_of_p.len(), 1 + 12 + 2 * Kind::ENTRIES.len() + 1);
    let q_rows_before: Vec<i64> = tables
        .iter()
        .map(|t| {
            f.count(
                &format!("SELECT count(*) FROM {t} WHERE pair_id = {}", q.id),
                "",
            )
        })
        .collect();
    assert!(f.fts("zebrafish") > 0);
    assert!(f.fts("Okafor") > 0);

    f.store.delete_pair(p.id).unwrap();

    assert_not_found(f.store.pair(p.id));
    for t in tables.iter().chain(&["draft"]) {
        assert_eq!(
            f.count(
                &format!("SELECT count(*) FROM {t} WHERE pair_id = {}", p.id),
                ""
            ),
            0,
            "{t} rows of the erased pair remain"
        );
    }
    assert_eq!(f.tombstones(), uids_of_p.len() as i64);
    for uid in &uids_of_p {
        assert_eq!(
            f.count(
                &format!(
                    "SELECT count(*) FROM tombstone WHERE uid = ?1 AND pair_uid = '{}'",
                    p.uid
                ),
                uid
            ),
            1,
            "no tombstone for {uid}"
        );
    }
    assert_eq!(
        f.fts("zebrafish"),
        0,
        "the index still finds the erased pair's text"
    );
    assert_eq!(
        f.fts("Okafor"),
        0,
        "the index still finds the erased pair's names"
    );
    let q_rows_after: Vec<i64> = tables
        .iter()
        .map(|t| {
            f.count(
                &format!("SELECT count(*) FROM {t} WHERE pair_id = {}", q.id),
                "",
            )
        })
        .collect();
    assert_eq!(q_rows_before, q_rows_after);
    assert!(f.fts("okapi") > 0);
    assert_eq!(f.store.pairs().unwrap(), [f.store.pair(q.id).unwrap()]);
    assert_not_found(f.store.delete_pair(p.id));
}

// ---------------------------------------------------------------------------
// Drafts

fn draft(uid: &str, text: &str, saved_at: &str, private: bool) -> Draft {
    Draft {
        uid: uid.into(),
        pair_id: Some(1),
        kind: Some(Kind::Note),
        target_uid: None,
        private,
        text: text.into(),
        saved_at: at(saved_at),
        locked: false,
    }
}

#[test]
fn drafts_are_saved_replaced_by_uid_listed_newest_first_and_discarded() {
    let mut s = memory();
    two_pairs(&mut s);
    assert!(s.drafts().unwrap().is_empty());
    let a = draft("a", "first words", "2026-11-27T09:00:00Z", false);
    s.save_draft(&a).unwrap();
    assert_eq!(s.drafts().unwrap(), std::slice::from_ref(&a));

    let b = Draft {
        pair_id: None,
        kind: Some(Kind::Pair),
        ..draft("b", "a pair", "2026-11-27T09:30:00Z", false)
    };
    s.save_draft(&b).unwrap();
    assert_eq!(s.drafts().unwrap(), [b.clone(), a.clone()]);

    // Saving under the same uid replaces, and moves it to the front.
    let a2 = draft("a", "first words, and more", "2026-11-27T09:45:00Z", false);
    s.save_draft(&a2).unwrap();
    assert_eq!(s.drafts().unwrap(), [a2.clone(), b.clone()]);

    s.discard_draft("b").unwrap();
    assert_eq!(s.drafts().unwrap(), std::slice::from_ref(&a2));
    s.discard_draft("no such draft").unwrap();
    assert_eq!(s.drafts().unwrap(), [a2]);
    s.discard_draft("a").unwrap();
    assert!(s.drafts().unwrap().is_empty());
}

#[test]
fn a_draft_saved_again_as_private_is_stored_as_private() {
    // The journal's note form autosaves under one uid while it is open, and
    // the user may switch the note to private half way: the kept draft must
    // then say it holds private text.
    let mut s = memory();
    two_pairs(&mut s);
    s.save_draft(&draft("a", "shared so far", "2026-11-27T09:00:00Z", false))
        .unwrap();
    let private = draft("a", "now a secret", "2026-11-27T09:01:00Z", true);
    s.save_draft(&private).unwrap();
    let kept = s.drafts().unwrap();
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].text, "now a secret");
    assert!(
        kept[0].private,
        "the kept draft of a private note is marked shared: {:?}",
        kept[0]
    );
}

#[test]
fn drafts_survive_reopening_the_file() {
    let f = OnFile::new();
    let path = f.path.clone();
    let OnFile {
        _dir, mut store, ..
    } = f;
    two_pairs(&mut store);
    let d = draft(
        "kept",
        "typed before the crash",
        "2026-11-27T09:00:00Z",
        false,
    );
    store.save_draft(&d).unwrap();
    drop(store);
    let store = Store::open(&path, fixed()).unwrap();
    assert_eq!(store.drafts().unwrap(), [d]);
}

// ---------------------------------------------------------------------------
// Feedback summary, tagged shared notes

#[test]
fn feedback_summary_counts_how_feedback_went() {
    let mut s = memory();
    let (p, q) = two_pairs(&mut s);
    let mentee_side = add_pair(&mut s, "Erin Diaz", "Me Myself", Role::Mentee);
    let add = |s: &mut Store, pair: i64, d, requested, r| {
        s.add_feedback(pair, &feedback(d, requested, r, "words", at(NOW)))
            .unwrap();
    };
    use Direction::{ToMentee, ToMentor};
    use Response::{Accepted, Discussed, Pending, PushedBack};
    add(&mut s, p.id, ToMentor, true, Accepted);
    add(&mut s, p.id, ToMentor, true, Discussed);
    add(&mut s, p.id, ToMentor, false, PushedBack);
    add(&mut s, p.id, ToMentor, true, Pending);
    add(&mut s, p.id, ToMentee, false, Accepted);
    add(&mut s, p.id, ToMentee, true, PushedBack);
    add(&mut s, q.id, ToMentor, true, PushedBack);
    add(&mut s, q.id, ToMentee, false, Pending);
    add(&mut s, mentee_side.id, ToMentor, true, Accepted);
    add(&mut s, mentee_side.id, ToMentee, false, Accepted);

    assert_eq!(
        s.feedback_summary(Some(p.id)).unwrap(),
        FeedbackSummary {
            asked: 3,
            received: 4,
            taken: 2,
            pushed_back: 1,
        }
    );
    assert_eq!(
        s.feedback_summary(Some(q.id)).unwrap(),
        FeedbackSummary {
            asked: 1,
            received: 1,
            taken: 0,
            pushed_back: 1,
        }
    );
    // A pair asked for by id counts whatever my role in it.
    assert_eq!(
        s.feedback_summary(Some(mentee_side.id)).unwrap(),
        FeedbackSummary {
            asked: 1,
            received: 1,
            taken: 1,
            pushed_back: 0,
        }
    );
    // Across pairs: only the pairs where I am the mentor.
    assert_eq!(
        s.feedback_summary(None).unwrap(),
        FeedbackSummary {
            asked: 4,
            received: 5,
            taken: 2,
            pushed_back: 2,
        }
    );
    assert_eq!(
        memory().feedback_summary(None).unwrap(),
        FeedbackSummary::default()
    );
}

#[test]
fn shared_notes_tagged_never_returns_private_notes() {
    let (mut s, clock) = manual();
    let (p, q) = two_pairs(&mut s);
    let mut shared = Vec::new();
    for (i, (private, tags)) in [
        (false, &["next"][..]),
        (true, &["next"][..]),
        (false, &["career", "next"][..]),
        (false, &["nextweek"][..]),
        (false, &[][..]),
        (true, &["next", "career"][..]),
        (false, &["next"][..]),
    ]
    .into_iter()
    .enumerate()
    {
        clock.advance(Duration::minutes(1));
        let n = s
            .add_note(p.id, &note(&format!("n{i}"), private, tags))
            .unwrap();
        if !private && tags.contains(&"next") {
            shared.push(n.id);
        }
    }
    s.add_note(q.id, &note("other pair", false, &["next"]))
        .unwrap();

    let got = s.shared_notes_tagged(p.id, "next", 100).unwrap();
    assert_eq!(got.iter().map(|n| n.id).collect::<Vec<_>>(), shared);
    assert!(got.iter().all(|n| !n.is_private() && n.pair_id == p.id));
    let limited = s.shared_notes_tagged(p.id, "next", 2).unwrap();
    assert_eq!(
        limited.iter().map(|n| n.id).collect::<Vec<_>>(),
        shared[..2]
    );
    let career = s.shared_notes_tagged(p.id, "career", 100).unwrap();
    assert_eq!(career.len(), 1);
    assert!(!career[0].is_private());
    assert!(s.shared_notes_tagged(p.id, "nope", 100).unwrap().is_empty());

    // A shared note made private drops out; a private one made shared comes in.
    let first = shared[0];
    s.update_note(first, None, &note("n0", true, &["next"]))
        .unwrap();
    let got = s.shared_notes_tagged(p.id, "next", 100).unwrap();
    assert!(got.iter().all(|n| n.id != first && !n.is_private()));
}

#[test]
fn a_new_meetings_agenda_holds_open_items_and_shared_next_notes_of_that_pair_only() {
    let (mut s, clock) = manual();
    let (p, q) = two_pairs(&mut s);
    assert_eq!(s.next_meeting_agenda(p.id).unwrap(), "");
    let due = NaiveDate::from_ymd_opt(2026, 12, 1);
    s.add_action(p.id, Owner::Mentee, "send the doc", due)
        .unwrap();
    let done = s
        .add_action(p.id, Owner::Mentor, "done already", None)
        .unwrap();
    s.set_action_done(done.id, true).unwrap();
    s.add_action(q.id, Owner::Both, "the other pair's", None)
        .unwrap();
    clock.advance(Duration::minutes(1));
    s.add_note(p.id, &note("ask about the ladder\nmore", false, &["next"]))
        .unwrap();
    s.add_note(p.id, &note("a private worry", true, &["next"]))
        .unwrap();
    s.add_note(p.id, &note("untagged", false, &[])).unwrap();
    assert_eq!(
        s.next_meeting_agenda(p.id).unwrap(),
        "- [ ] send the doc (mentee, due 2026-12-01)\n- ask about the ladder"
    );
}

// A full disk (`StoreError::Full`) is not tested here: `PRAGMA max_page_count`
// holds only for the connection that sets it, the store's connection is
// private, and its public API has no way to set a size limit.
