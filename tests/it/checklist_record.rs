#![allow(clippy::unwrap_used)]
//! The first-meeting checklist follows the record: a strength written
//! down, a challenge linked to an experience, feedback asked for and taken
//! tick the items that name those facts, and say which entry did; a hand
//! still ticks and unticks, and its choice stands.

use std::path::Path;
use std::sync::Arc;

use chrono::{DateTime, Utc};

use candor::clock::FixedClock;
use candor::domain::{ChecklistItem, Direction, Fact, Kind, NewPair, Response, Role};
use candor::store::{NewFeedback, NewMeeting, Store};
use candor::template::Template;

const NOW: &str = "2026-11-02T10:00:00Z";

fn store() -> Store {
    Store::open_in_memory(Arc::new(FixedClock::parse(NOW).unwrap())).unwrap()
}

fn pair(store: &mut Store, template: &Template) -> i64 {
    let new = NewPair::new(
        "Ana Ruiz",
        "Ben Okafor",
        Role::Mentor,
        "",
        chrono::NaiveDate::from_ymd_opt(2026, 10, 1).unwrap(),
        Some(14),
    )
    .unwrap();
    store.add_pair(&new, template).unwrap().id
}

fn item(store: &Store, pair: i64, key: &str) -> ChecklistItem {
    store
        .checklist(pair)
        .unwrap()
        .into_iter()
        .find(|i| i.key == key)
        .unwrap_or_else(|| panic!("no item {key}"))
}

fn done(store: &Store, pair: i64) -> u32 {
    store.pair_summary(pair).unwrap().checklist_done
}

fn feedback(to: Direction, requested: bool, response: Response) -> NewFeedback {
    NewFeedback {
        direction: to,
        requested,
        body: "You jump to solutions before I have finished.".into(),
        situation: None,
        behaviour: None,
        impact: None,
        response,
        follow_up: String::new(),
        given_at: DateTime::parse_from_rfc3339("2026-10-20T10:00:00Z")
            .unwrap()
            .with_timezone(&Utc),
    }
}

#[test]
fn a_strength_written_down_ticks_its_item_and_says_which_entry() {
    let mut store = store();
    let p = pair(&mut store, &Template::built_in());
    assert!(!item(&store, p, "strengths.mentee").done);
    assert_eq!(done(&store, p), 0);

    let s = store
        .add_strength(p, Role::Mentee, "Explains trade-offs clearly")
        .unwrap();
    let ticked = item(&store, p, "strengths.mentee");
    assert!(ticked.done);
    assert_eq!(ticked.done_at, None, "the record ticked it, not a hand");
    let from = ticked.from.expect("from");
    assert_eq!(
        (from.kind, from.id, from.uid),
        (Kind::Strength, s.id, s.uid)
    );
    assert_eq!(from.gist, "Explains trade-offs clearly");
    // The mentor's strengths are another item, still open.
    assert!(!item(&store, p, "strengths.mentor").done);
    // The pair list counts what the checklist shows.
    assert_eq!(done(&store, p), 1);

    // Deleted, the entry no longer ticks it; brought back, it does again.
    store.delete_entry(p, Kind::Strength, s.id).unwrap();
    assert!(!item(&store, p, "strengths.mentee").done);
    assert_eq!(done(&store, p), 0);
    store.undo_deletion().unwrap().expect("kept for undo");
    assert!(item(&store, p, "strengths.mentee").done);
}

#[test]
fn experiences_and_feedback_tick_the_empathy_and_feedback_items() {
    let mut store = store();
    let p = pair(&mut store, &Template::built_in());
    store
        .add_experience(
            p,
            "The team ignores my estimates",
            "My roadmap was overruled",
        )
        .unwrap();
    assert!(item(&store, p, "empathy.challenge").done);
    assert!(item(&store, p, "empathy.similar").done);

    // Feedback to the mentee, or to the mentor unasked and pushed back,
    // ticks nothing.
    store
        .add_feedback(p, &feedback(Direction::ToMentee, true, Response::Accepted))
        .unwrap();
    store
        .add_feedback(
            p,
            &feedback(Direction::ToMentor, false, Response::PushedBack),
        )
        .unwrap();
    assert!(!item(&store, p, "feedback.asked").done);
    assert!(!item(&store, p, "feedback.listened").done);

    let asked = store
        .add_feedback(p, &feedback(Direction::ToMentor, true, Response::Pending))
        .unwrap();
    assert_eq!(
        item(&store, p, "feedback.asked").from.map(|f| f.id),
        Some(asked.id)
    );
    assert!(!item(&store, p, "feedback.listened").done, "not taken yet");
    store
        .add_feedback(p, &feedback(Direction::ToMentor, true, Response::Discussed))
        .unwrap();
    assert!(item(&store, p, "feedback.listened").done);
    assert_eq!(done(&store, p), 4);
}

#[test]
fn a_hand_still_ticks_and_unticks_and_its_choice_stands() {
    let mut store = store();
    let p = pair(&mut store, &Template::built_in());
    store.add_strength(p, Role::Mentee, "Patient").unwrap();

    // Unticked by hand: it stays unticked, even when more is written down.
    let off = store
        .set_item_done(p, "strengths.mentee", false, None)
        .unwrap();
    assert!(!off.done);
    assert_eq!(off.from, None);
    store.add_strength(p, Role::Mentee, "Curious").unwrap();
    assert!(!item(&store, p, "strengths.mentee").done);
    assert_eq!(done(&store, p), 0);

    // Ticked again by hand, it agrees with the record, which names its
    // entry (the two were written at the same time here: either).
    let on = store
        .toggle_item(item(&store, p, "strengths.mentee").id)
        .unwrap();
    assert!(on.done && on.done_at.is_none());
    let gist = on.from.map(|f| f.gist).unwrap_or_default();
    assert!(["Patient", "Curious"].contains(&gist.as_str()), "{gist}");

    // An item with nothing in the record is ticked by hand, with a time.
    let hand = store
        .set_item_done(p, "strengths.mentor", true, None)
        .unwrap();
    assert!(hand.done && hand.done_at.is_some() && hand.from.is_none());
    // And stays ticked by hand when the record comes to say so too.
    store.add_strength(p, Role::Mentor, "Asks first").unwrap();
    let still = item(&store, p, "strengths.mentor");
    assert!(still.done && still.done_at.is_some() && still.from.is_none());
}

#[test]
fn the_first_held_meeting_is_the_fact_a_template_can_name() {
    let text = candor::template::BUILT_IN.replace(
        "key = \"trust.agenda\"",
        "key = \"trust.agenda\"\nticked_by = \"meeting.held\"",
    );
    let template = Template::parse(&text, Path::new("mine.toml")).unwrap();
    assert_eq!(
        template.item("trust.agenda").and_then(|i| i.ticked_by),
        Some(Fact::MeetingHeld)
    );
    let mut store = store();
    let p = pair(&mut store, &template);
    let at = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
    let meeting = |held_at| NewMeeting {
        held_at,
        agenda: String::new(),
        notes: "We talked about trust first".into(),
        next_steps: String::new(),
    };
    // A planned meeting is not a held one.
    store
        .add_meeting(p, &meeting(at("2026-11-20T10:00:00Z")))
        .unwrap();
    assert!(!item(&store, p, "trust.agenda").done);
    let second = store
        .add_meeting(p, &meeting(at("2026-10-20T10:00:00Z")))
        .unwrap();
    let first = store
        .add_meeting(p, &meeting(at("2026-10-06T10:00:00Z")))
        .unwrap();
    let from = item(&store, p, "trust.agenda").from.expect("ticked");
    assert_eq!(
        from.id, first.id,
        "the first logged meeting, not {}",
        second.id
    );
    assert_eq!(from.gist, "We talked about trust first");
}

#[test]
fn checklist_json_says_done_and_from() {
    let mut store = store();
    let p = pair(&mut store, &Template::built_in());
    let s = store.add_strength(p, Role::Mentor, "Patient").unwrap();
    let json = serde_json::to_value(store.checklist(p).unwrap()).unwrap();
    let items = json.as_array().unwrap();
    let mentor = items
        .iter()
        .find(|i| i["key"] == "strengths.mentor")
        .unwrap();
    assert_eq!(mentor["done"], true);
    assert_eq!(mentor["from"]["kind"], "strength");
    assert_eq!(mentor["from"]["uid"], s.uid.as_str());
    let agenda = items.iter().find(|i| i["key"] == "trust.agenda").unwrap();
    assert_eq!(agenda["done"], false);
    assert!(agenda["from"].is_null());
}

#[test]
fn three_meetings_without_feedback_asked_for_are_noticed() {
    let mut store = store();
    let p = pair(&mut store, &Template::built_in());
    let meeting = |day: u32| NewMeeting {
        held_at: DateTime::parse_from_rfc3339(&format!("2026-10-{day:02}T10:00:00Z"))
            .unwrap()
            .with_timezone(&Utc),
        agenda: String::new(),
        notes: format!("day {day}"),
        next_steps: String::new(),
    };
    for day in [5, 12] {
        store.add_meeting(p, &meeting(day)).unwrap();
    }
    assert!(
        !store.feedback_unasked_for(p, 3).unwrap(),
        "two meetings are not three"
    );
    store.add_meeting(p, &meeting(19)).unwrap();
    assert!(store.feedback_unasked_for(p, 3).unwrap());
    // Asked for on the day of the third-latest meeting: it counts.
    let mut asked = feedback(Direction::ToMentor, true, Response::Pending);
    asked.given_at = DateTime::parse_from_rfc3339("2026-10-05T18:00:00Z")
        .unwrap()
        .with_timezone(&Utc);
    store.add_feedback(p, &asked).unwrap();
    assert!(!store.feedback_unasked_for(p, 3).unwrap());
    // A fourth meeting moves the window past it.
    store.add_meeting(p, &meeting(26)).unwrap();
    assert!(store.feedback_unasked_for(p, 3).unwrap());
    // Feedback to the mentee, or unasked, does not count.
    store
        .add_feedback(p, &feedback(Direction::ToMentee, true, Response::Accepted))
        .unwrap();
    assert!(store.feedback_unasked_for(p, 3).unwrap());
}

#[test]
fn what_the_record_is_asked_is_answered_from_an_index() {
    // A journal file, so its schema can be read as SQLite holds it.
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("j.db");
    {
        let clock = Arc::new(FixedClock::parse(NOW).unwrap());
        let mut store = Store::open(&db, clock).unwrap();
        pair(&mut store, &Template::built_in());
    }
    let conn = rusqlite::Connection::open(&db).unwrap();
    let plan = |sql: &str| -> String {
        let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
        stmt.query_map([], |r| r.get::<_, String>(3))
            .unwrap()
            .map(|r| r.unwrap())
            .collect::<Vec<_>>()
            .join("; ")
    };
    // Feedback asked for, and taken, is found without reading every entry
    // of the pair: the fact's own condition names a partial index.
    let asked = plan(
        "SELECT 1 FROM feedback WHERE pair_id = 1 AND direction = 'to_mentor' AND requested = 1 ORDER BY given_at LIMIT 1",
    );
    assert!(asked.contains("feedback_asked_by_pair"), "{asked}");
    let taken = plan(
        "SELECT 1 FROM feedback WHERE pair_id = 1 AND direction = 'to_mentor' AND response IN ('accepted', 'discussed') ORDER BY given_at LIMIT 1",
    );
    assert!(taken.contains("feedback_taken_by_pair"), "{taken}");
    let tagged = plan(
        "SELECT 1 FROM note WHERE pair_id = 1 AND private = 0 AND tags <> '' ORDER BY created_at DESC, id DESC LIMIT 1",
    );
    assert!(tagged.contains("note_tagged_by_pair"), "{tagged}");
    // The feedback chart of a pair counts from an index alone.
    let chart = plan(
        "SELECT count(*) FILTER (WHERE f.direction = 'to_mentor' AND f.requested) FROM feedback f WHERE f.pair_id = 1",
    );
    assert!(
        chart.contains("COVERING INDEX feedback_kinds_by_pair"),
        "{chart}"
    );
    // Whether a journal holds sealed private notes reads only private ones.
    let sealed = plan("SELECT 1 FROM note WHERE private AND sealed IS NOT NULL LIMIT 1");
    assert!(sealed.contains("note_private_by_pair"), "{sealed}");
}
