//! The counts of feedback of each kind a pair has (`feedback_tally`, schema
//! 13), which the Overview's chart reads, stay exactly what counting the
//! feedback itself gives, on every path that writes feedback.

#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use rusqlite::Connection;

use candor::clock::{Clock, FixedClock};
use candor::domain::{Direction, Kind, NewPair, Pair, Response, Role};
use candor::store::{FeedbackSummary, NewFeedback, Store};
use candor::template::Template;

use crate::store_journal::OnFile;
use crate::support::cli::Journal;

const NOW: &str = "2026-11-27T10:00:00Z";

fn fixed() -> Arc<dyn Clock> {
    Arc::new(FixedClock::parse(NOW).unwrap())
}

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn add_pair(store: &mut Store, mentor: &str, mentee: &str) -> Pair {
    let new = NewPair::new(
        mentor,
        mentee,
        Role::Mentor,
        "estimates",
        chrono::NaiveDate::from_ymd_opt(2026, 10, 2).unwrap(),
        Some(14),
    )
    .unwrap();
    store.add_pair(&new, &Template::built_in()).unwrap()
}

fn feedback(direction: Direction, requested: bool, response: Response) -> NewFeedback {
    NewFeedback {
        direction,
        requested,
        body: "slow down when you explain".into(),
        situation: None,
        behaviour: None,
        impact: None,
        response,
        follow_up: String::new(),
        given_at: at("2026-11-20T10:00:00Z"),
    }
}

/// Adds a spread of feedback to pair `pair`: every kind to the mentor, one
/// kind twice, and some to the mentee. Returns the ids, in order.
fn spread(store: &mut Store, pair: i64) -> Vec<i64> {
    use Direction::{ToMentee, ToMentor};
    use Response::{Accepted, Discussed, Pending, PushedBack};
    let kinds = [
        (ToMentor, false, Pending),
        (ToMentor, false, Accepted),
        (ToMentor, false, Discussed),
        (ToMentor, false, PushedBack),
        (ToMentor, true, Pending),
        (ToMentor, true, Accepted),
        (ToMentor, true, Discussed),
        (ToMentor, true, PushedBack),
        (ToMentor, true, Accepted),
        (ToMentee, false, Accepted),
        (ToMentee, true, Pending),
    ];
    kinds
        .into_iter()
        .map(|(d, r, s)| store.add_feedback(pair, &feedback(d, r, s)).unwrap().id)
        .collect()
}

/// A group of feedback and its count: pair, direction, asked for, response, n.
pub(crate) type Group = (i64, String, i64, String, i64);

fn groups(conn: &Connection, sql: &str) -> Vec<Group> {
    conn.prepare(sql)
        .unwrap()
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// The tally of the journal at `path`, and the same counted afresh from
/// the feedback; both must be equal, and `store`'s summary of each pair
/// must be what the fresh count says. Returns the fresh count.
#[track_caller]
pub(crate) fn assert_exact(path: &Path, store: &Store) -> Vec<Group> {
    let conn = Connection::open(path).unwrap();
    let tally = groups(
        &conn,
        "SELECT pair_id, direction, requested, response, n FROM feedback_tally
         ORDER BY pair_id, direction, requested, response",
    );
    let counted = groups(
        &conn,
        "SELECT pair_id, direction, requested, response, count(*) FROM feedback
         GROUP BY pair_id, direction, requested, response
         ORDER BY pair_id, direction, requested, response",
    );
    assert_eq!(tally, counted, "the tally is not what the feedback counts");
    let pairs: Vec<i64> = conn
        .prepare("SELECT id FROM pair")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for pair in pairs {
        let mut expected = FeedbackSummary::default();
        for (_, _, requested, response, n) in
            counted.iter().filter(|g| g.0 == pair && g.1 == "to_mentor")
        {
            let n = u32::try_from(*n).unwrap();
            expected.received += n;
            if *requested == 1 {
                expected.asked += n;
            }
            match response.as_str() {
                "accepted" | "discussed" => expected.taken += n,
                "pushed_back" => expected.pushed_back += n,
                _ => {}
            }
        }
        assert_eq!(store.feedback_summary(Some(pair)).unwrap(), expected);
    }
    counted
}

/// The count of pair `pair`'s group, per the fresh count.
fn n(counted: &[Group], pair: i64, direction: &str, requested: i64, response: &str) -> i64 {
    counted
        .iter()
        .find(|g| g.0 == pair && g.1 == direction && g.2 == requested && g.3 == response)
        .map_or(0, |g| g.4)
}

#[test]
fn adding_feedback_counts_it() {
    let mut f = OnFile::new();
    let p = add_pair(&mut f.store, "Ana Diaz", "Ben Okafor");
    let q = add_pair(&mut f.store, "Ana Diaz", "Cleo Park");
    spread(&mut f.store, p.id);
    spread(&mut f.store, q.id);
    let counted = assert_exact(&f.path, &f.store);
    assert_eq!(counted.len(), 20);
    assert_eq!(n(&counted, p.id, "to_mentor", 1, "accepted"), 2);
    assert_eq!(
        f.store.feedback_summary(None).unwrap(),
        FeedbackSummary {
            asked: 10,
            received: 18,
            taken: 10,
            pushed_back: 4,
        }
    );
}

#[test]
fn an_edit_moves_the_entry_to_its_new_kind_and_one_that_keeps_it_changes_nothing() {
    let mut f = OnFile::new();
    let p = add_pair(&mut f.store, "Ana Diaz", "Ben Okafor");
    let ids = spread(&mut f.store, p.id);
    // The second (to_mentor, asked, accepted): taken as discussed now.
    let e = f.store.feedback_entry(ids[8]).unwrap();
    let mut edit = feedback(Direction::ToMentor, true, Response::Discussed);
    f.store
        .update_feedback(e.id, Some(e.version), &edit)
        .unwrap();
    let counted = assert_exact(&f.path, &f.store);
    assert_eq!(n(&counted, p.id, "to_mentor", 1, "accepted"), 1);
    assert_eq!(n(&counted, p.id, "to_mentor", 1, "discussed"), 2);
    // Not asked for after all, and then to the mentee.
    edit.requested = false;
    f.store.update_feedback(e.id, None, &edit).unwrap();
    let counted = assert_exact(&f.path, &f.store);
    assert_eq!(n(&counted, p.id, "to_mentor", 1, "discussed"), 1);
    assert_eq!(n(&counted, p.id, "to_mentor", 0, "discussed"), 2);
    edit.direction = Direction::ToMentee;
    f.store.update_feedback(e.id, None, &edit).unwrap();
    let counted = assert_exact(&f.path, &f.store);
    assert_eq!(n(&counted, p.id, "to_mentee", 0, "discussed"), 1);
    // The last of its kind moved away: the group is gone, not zero.
    let only = f.store.feedback_entry(ids[3]).unwrap();
    f.store
        .update_feedback(
            only.id,
            None,
            &feedback(Direction::ToMentor, false, Response::Accepted),
        )
        .unwrap();
    let counted = assert_exact(&f.path, &f.store);
    assert_eq!(n(&counted, p.id, "to_mentor", 0, "pushed_back"), 0);
    // Only the text changed: the counts stay.
    edit.body = "another wording".into();
    f.store.update_feedback(e.id, None, &edit).unwrap();
    assert_eq!(assert_exact(&f.path, &f.store), counted);
}

#[test]
fn deleting_feedback_uncounts_it_and_undo_counts_it_again() {
    let mut f = OnFile::new();
    let p = add_pair(&mut f.store, "Ana Diaz", "Ben Okafor");
    let ids = spread(&mut f.store, p.id);
    // One of two, then the only one of its kind.
    f.store.delete_entry(p.id, Kind::Feedback, ids[5]).unwrap();
    let counted = assert_exact(&f.path, &f.store);
    assert_eq!(n(&counted, p.id, "to_mentor", 1, "accepted"), 1);
    f.store.delete_entry(p.id, Kind::Feedback, ids[3]).unwrap();
    let counted = assert_exact(&f.path, &f.store);
    assert_eq!(n(&counted, p.id, "to_mentor", 0, "pushed_back"), 0);
    assert_eq!(counted.len(), 9);

    f.store.undo_deletion().unwrap().expect("kept for undo");
    let counted = assert_exact(&f.path, &f.store);
    assert_eq!(n(&counted, p.id, "to_mentor", 0, "pushed_back"), 1);
    assert_eq!(counted.len(), 10);
}

#[test]
fn a_deleted_pair_leaves_nothing_counted() {
    let mut f = OnFile::new();
    let p = add_pair(&mut f.store, "Ana Diaz", "Ben Okafor");
    let q = add_pair(&mut f.store, "Ana Diaz", "Cleo Park");
    spread(&mut f.store, p.id);
    spread(&mut f.store, q.id);
    f.store.delete_pair(q.id).unwrap();
    let counted = assert_exact(&f.path, &f.store);
    assert!(counted.iter().all(|g| g.0 == p.id));
    assert_eq!(counted.len(), 10);
    // A pair made next, even with the id the deleted one had, starts at none.
    let r = add_pair(&mut f.store, "Ana Diaz", "Dara Quinn");
    assert_eq!(
        f.store.feedback_summary(Some(r.id)).unwrap(),
        FeedbackSummary::default()
    );
    assert_exact(&f.path, &f.store);
}

#[test]
fn merging_two_pairs_counts_the_feedback_moved_in_the_pair_kept() {
    let mut f = OnFile::new();
    let p = add_pair(&mut f.store, "Ana Diaz", "Ben Okafor");
    let q = add_pair(&mut f.store, "Ana Diaz", "Ben Okafor");
    spread(&mut f.store, p.id);
    spread(&mut f.store, q.id);
    f.store.merge_pairs(p.id, q.id).unwrap();
    let counted = assert_exact(&f.path, &f.store);
    assert!(counted.iter().all(|g| g.0 == p.id));
    assert_eq!(n(&counted, p.id, "to_mentor", 1, "accepted"), 4);
    assert_eq!(n(&counted, p.id, "to_mentee", 1, "pending"), 2);
}

#[test]
fn an_import_counts_what_it_adds_changes_and_removes() {
    // Journal A: a pair with feedback of each kind, exported.
    let a = Journal::new().created();
    let mut store = Store::open(&a.db, fixed()).unwrap();
    let p = add_pair(&mut store, "Ana Diaz", "Ben Okafor");
    let ids = spread(&mut store, p.id);
    drop(store);
    let file = a.path("a.json");
    let export = |file: &Path| {
        a.ok(&[
            "export",
            "--all",
            "--format",
            "json",
            "-o",
            file.to_str().unwrap(),
        ]);
    };
    export(&file);

    // Journal B: a pair of its own with feedback, then A's file.
    let b = Journal::new().created();
    let mut store = Store::open(&b.db, fixed()).unwrap();
    let own = add_pair(&mut store, "Erin Diaz", "Femi Lowe");
    spread(&mut store, own.id);
    drop(store);
    b.ok(&["import", file.to_str().unwrap()]);
    let store = Store::open(&b.db, fixed()).unwrap();
    let counted = assert_exact(&b.db, &store);
    assert_eq!(counted.iter().map(|g| g.4).sum::<i64>(), 22);
    let imported = counted.iter().map(|g| g.0).max().unwrap();
    assert_ne!(imported, own.id);
    assert_eq!(n(&counted, imported, "to_mentor", 1, "accepted"), 2);
    drop(store);

    // In A, one entry is taken otherwise and one deleted; B imports again.
    let mut store = Store::open(
        &a.db,
        Arc::new(FixedClock::parse("2026-11-28T10:00:00Z").unwrap()),
    )
    .unwrap();
    store
        .update_feedback(
            ids[0],
            None,
            &feedback(Direction::ToMentor, true, Response::PushedBack),
        )
        .unwrap();
    store.delete_entry(p.id, Kind::Feedback, ids[5]).unwrap();
    drop(store);
    let again = a.path("again.json");
    export(&again);
    b.ok(&["import", again.to_str().unwrap()]);
    let store = Store::open(&b.db, fixed()).unwrap();
    let counted = assert_exact(&b.db, &store);
    assert_eq!(counted.iter().map(|g| g.4).sum::<i64>(), 21);
    assert_eq!(n(&counted, imported, "to_mentor", 0, "pending"), 0);
    assert_eq!(n(&counted, imported, "to_mentor", 1, "pushed_back"), 2);
    assert_eq!(n(&counted, imported, "to_mentor", 1, "accepted"), 1);
}
