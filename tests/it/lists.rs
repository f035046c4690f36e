//! Long lists (issue 15): a tab of thousands of notes jumps to its ends,
//! moves from there and pages through, holding only a window of rows
//! around the selection; the screen shows the rows of that window.
#![allow(clippy::unwrap_used)]

use std::sync::Arc;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use candor::app::entry_list::PAGE_SIZE;
use candor::app::{App, EntryList, Right, Row, Tab};
use candor::clock::ManualClock;
use candor::domain::{NewPair, Role};
use candor::keymap::Keymap;
use candor::store::{NewNote, Store};
use candor::template::Template;
use candor::ui::{self, theme::Theme};

/// Notes in the journal of these tests.
const NOTES: usize = 5_000;
/// The most rows a list may hold, whatever was scrolled: a few pages.
const HELD_AT_MOST: usize = 6 * PAGE_SIZE;

/// A pair with `n` notes "note 1" … "note n", a minute apart, written in
/// one go; the Notes tab open with the keyboard on it.
fn journal(n: usize) -> App {
    let t = chrono::DateTime::parse_from_rfc3339("2026-01-01T10:00:00Z").unwrap();
    let clock = Arc::new(ManualClock::new(t.with_timezone(&chrono::Utc)));
    let mut store = Store::open_in_memory(clock.clone()).unwrap();
    let pair = NewPair::new(
        "Ada",
        "Ben",
        Role::Mentor,
        "estimates",
        chrono::NaiveDate::from_ymd_opt(2025, 12, 1).unwrap(),
        Some(14),
    )
    .unwrap();
    let pair = store.add_pair(&pair, &Template::built_in()).unwrap().id;
    for i in 1..=n {
        clock.advance(chrono::Duration::minutes(1));
        let note = NewNote {
            body: format!("note {i}\n{}", "words of a note ".repeat(20)),
            private: false,
            tags: vec![],
        };
        store.add_note(pair, &note).unwrap();
    }
    let mut app = App::new(store, Template::built_in(), Keymap::built_in());
    let _ = app.resize(100, 30);
    keys(&mut app, "5");
    assert_eq!(app.state.tab(), Some(Tab::Notes));
    app
}

fn press(app: &mut App, code: KeyCode) {
    let _ = app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn keys(app: &mut App, keys: &str) {
    for c in keys.chars() {
        press(app, KeyCode::Char(c));
    }
}

fn list(app: &App) -> &EntryList {
    match &app.state.right {
        Right::Entries(v) => v,
        _ => panic!("no list tab is shown"),
    }
}

/// The number in the selected note's first line ("note 17" → 17).
fn selected(app: &App) -> usize {
    let Some(Row::Note(n)) = app.state.row() else {
        panic!("no note is selected")
    };
    let body = &n.text().unwrap().body;
    body.lines().next().unwrap()["note ".len()..]
        .parse()
        .unwrap()
}

fn held(app: &App) -> usize {
    list(app).list.held()
}

/// The screen, as text.
fn screen(app: &App) -> String {
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
    terminal
        .draw(|f| ui::render(&app.state, &Theme::new(true), f))
        .unwrap();
    terminal.backend().to_string()
}

#[test]
fn g_and_shift_g_jump_to_the_ends_and_k_moves_up_from_the_last_note() {
    let mut app = journal(NOTES);
    // Newest first: the top is the last note written.
    assert_eq!(selected(&app), NOTES);
    assert_eq!(app.state.row_count(), NOTES);
    keys(&mut app, "G");
    assert_eq!(selected(&app), 1, "G selects the oldest note");
    assert_eq!(list(&app).cursor, NOTES - 1);
    assert!(held(&app) <= HELD_AT_MOST, "{} rows held", held(&app));
    let shown = screen(&app);
    assert!(marked(&shown).contains(" note 1 "), "{shown}");
    assert!(
        shown.contains(" note 2 "),
        "the notes above it show: {shown}"
    );
    keys(&mut app, "k");
    assert_eq!(selected(&app), 2, "k after G moves up one");
    keys(&mut app, "kkk");
    assert_eq!(selected(&app), 5);
    keys(&mut app, "g");
    assert_eq!(selected(&app), NOTES, "g goes back to the top");
    assert_eq!(list(&app).cursor, 0);
    assert!(held(&app) <= HELD_AT_MOST, "{} rows held", held(&app));
    assert!(marked(&screen(&app)).contains(&format!(" note {NOTES} ")));
}

#[test]
fn pages_move_a_screen_at_a_time_through_the_whole_list_holding_a_few_pages() {
    let mut app = journal(NOTES);
    let mut at = NOTES;
    let mut most = 0;
    let mut steps = 0;
    while at > 1 {
        press(&mut app, KeyCode::PageDown);
        let now = selected(&app);
        assert!(now < at, "PgDn moves down: {at} then {now}");
        at = now;
        most = most.max(held(&app));
        steps += 1;
        // What is selected is what the screen marks.
        let shown = screen(&app);
        assert!(marked(&shown).contains(&format!(" note {now} ")), "{shown}");
    }
    assert!(steps > 100, "{steps} pages");
    assert!(most <= HELD_AT_MOST, "{most} rows held at most");
    // And back up, page by page, to the newest.
    while at < NOTES {
        press(&mut app, KeyCode::PageUp);
        let now = selected(&app);
        assert!(now > at, "PgUp moves up: {at} then {now}");
        at = now;
        most = most.max(held(&app));
    }
    assert!(most <= HELD_AT_MOST, "{most} rows held at most");
}

/// The line of the list (the right pane) with the selection's mark.
fn marked(screen: &str) -> &str {
    screen
        .lines()
        .filter_map(|l| l.split('│').nth(2))
        .find(|l| l.contains('▸'))
        .unwrap_or("")
}

#[test]
fn j_walks_down_row_by_row_and_the_held_rows_stay_bounded() {
    let mut app = journal(1_500);
    for expected in (1..1_500).rev() {
        keys(&mut app, "j");
        assert_eq!(selected(&app), expected);
        assert!(held(&app) <= HELD_AT_MOST, "{} rows held", held(&app));
    }
    keys(&mut app, "j");
    assert_eq!(selected(&app), 1, "the last row stays selected");
}

#[test]
fn a_search_hit_far_down_selects_its_row_without_loading_the_rows_above() {
    let mut app = journal(NOTES);
    keys(&mut app, "/");
    for c in "note 1234".chars() {
        press(&mut app, KeyCode::Char(c));
    }
    press(&mut app, KeyCode::Enter);
    // The search may list other hits first; the one opened is what counts.
    let Some(Row::Note(n)) = app.state.row() else {
        panic!("a note is selected: {:?}", app.state.status)
    };
    let number = selected(&app);
    assert!(n.text().unwrap().body.contains("note "), "{number}");
    assert_eq!(list(&app).cursor, NOTES - number, "its place in the list");
    assert!(held(&app) <= HELD_AT_MOST, "{} rows held", held(&app));
    keys(&mut app, "j");
    assert_eq!(selected(&app), number - 1);
}

#[test]
fn a_note_saved_while_far_down_is_selected_at_the_top() {
    let mut app = journal(1_000);
    keys(&mut app, "G");
    assert_eq!(selected(&app), 1);
    keys(&mut app, "n");
    for c in "note 1001".chars() {
        press(&mut app, KeyCode::Char(c));
    }
    let _ = app.handle_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
    assert!(app.state.overlay.is_none(), "{:?}", app.state.status);
    assert_eq!(selected(&app), 1001, "the new note is selected");
    assert_eq!(list(&app).cursor, 0);
    assert_eq!(app.state.row_count(), 1001);
}

#[test]
fn deleting_far_down_keeps_the_place_and_the_count() {
    let mut app = journal(1_000);
    keys(&mut app, "G");
    keys(&mut app, "kkkkk");
    assert_eq!(selected(&app), 6);
    keys(&mut app, "d");
    keys(&mut app, "y");
    assert_eq!(app.state.row_count(), 999, "{:?}", app.state.status);
    assert_eq!(selected(&app), 5, "the row below moves up into its place");
    assert_eq!(list(&app).cursor, 994);
}

/// Each kind's list read forward a page at a time, read backward from its
/// end a page at a time, and counted, agree row for row.
#[test]
fn each_kind_reads_the_same_rows_backward_and_counts_where_each_sorts() {
    let t = chrono::DateTime::parse_from_rfc3339("2026-01-01T10:00:00Z").unwrap();
    let t = t.with_timezone(&chrono::Utc);
    let clock = Arc::new(ManualClock::new(t));
    let mut store = Store::open_in_memory(clock.clone()).unwrap();
    let pair = NewPair::new(
        "Ada",
        "Ben",
        Role::Mentor,
        "estimates",
        chrono::NaiveDate::from_ymd_opt(2025, 12, 1).unwrap(),
        Some(14),
    )
    .unwrap();
    let pair = store.add_pair(&pair, &Template::built_in()).unwrap().id;
    let day = |i: i64| {
        chrono::NaiveDate::from_ymd_opt(2026, 2, 1).unwrap() + chrono::Days::new((i % 7) as u64)
    };
    for i in 0..257_i64 {
        // Ties on purpose: several rows share a time, a due date, a state.
        let at = t + chrono::Duration::hours(i / 3);
        let meeting = candor::store::NewMeeting {
            held_at: at,
            agenda: format!("meeting {i}"),
            notes: String::new(),
            next_steps: String::new(),
        };
        store.add_meeting(pair, &meeting).unwrap();
        let due = (i % 5 != 0).then(|| day(i));
        let a = store
            .add_action(
                pair,
                candor::domain::Owner::Mentee,
                &format!("action {i}"),
                due,
            )
            .unwrap();
        if i % 4 == 0 {
            store.set_action_done(a.id, true).unwrap();
        }
        let feedback = candor::store::NewFeedback {
            direction: candor::domain::Direction::ToMentee,
            requested: false,
            body: format!("feedback {i}"),
            situation: None,
            behaviour: None,
            impact: None,
            response: candor::domain::Response::Pending,
            follow_up: String::new(),
            given_at: at,
        };
        store.add_feedback(pair, &feedback).unwrap();
        let note = NewNote {
            body: format!("note {i}"),
            private: false,
            tags: vec![],
        };
        store.add_note(pair, &note).unwrap();
        clock.advance(chrono::Duration::seconds((i % 2) * 30));
    }
    // Every page size from one row to more than all of them.
    for limit in [1, 7, 100, 300] {
        check(
            limit,
            |p| store.meetings(pair, p).unwrap(),
            |b, n| store.meetings_before(pair, b, n).unwrap(),
            |at| store.meeting_position(pair, at).unwrap(),
            |m| (m.id, m.cursor()),
        );
        check(
            limit,
            |p| store.actions(pair, p).unwrap(),
            |b, n| store.actions_before(pair, b, n).unwrap(),
            |at| store.action_position(pair, at).unwrap(),
            |a| (a.id, a.cursor()),
        );
        check(
            limit,
            |p| store.feedback(pair, p).unwrap(),
            |b, n| store.feedback_before(pair, b, n).unwrap(),
            |at| store.feedback_position(pair, at).unwrap(),
            |f| (f.id, f.cursor()),
        );
        check(
            limit,
            |p| store.notes(pair, true, p).unwrap(),
            |b, n| store.notes_before(pair, true, b, n).unwrap(),
            |at| store.note_position(pair, true, at).unwrap(),
            |n| (n.id, n.cursor()),
        );
    }
    assert_eq!(store.open_action_count(pair).unwrap(), 257 - 65);
}

type Keyed = (i64, candor::store::Cursor);

fn check<T>(
    limit: usize,
    forward: impl Fn(&candor::store::Page) -> Vec<T>,
    backward: impl Fn(Option<&candor::store::Cursor>, usize) -> Vec<T>,
    position: impl Fn(Option<&candor::store::Cursor>) -> usize,
    key: impl Fn(&T) -> Keyed,
) {
    let mut all: Vec<Keyed> = Vec::new();
    loop {
        let page = candor::store::Page {
            after: all.last().map(|(_, c)| c.clone()),
            limit,
        };
        let rows = forward(&page);
        if rows.is_empty() {
            break;
        }
        all.extend(rows.iter().map(&key));
    }
    let mut back: Vec<Keyed> = Vec::new();
    loop {
        let rows = backward(back.first().map(|(_, c)| c), limit);
        assert!(rows.len() <= limit);
        if rows.is_empty() {
            break;
        }
        back.splice(0..0, rows.iter().map(&key));
    }
    let ids = |v: &[Keyed]| v.iter().map(|(id, _)| *id).collect::<Vec<_>>();
    assert_eq!(all.len(), 257, "page of {limit}");
    assert_eq!(ids(&back), ids(&all), "page of {limit}");
    assert_eq!(position(None), all.len());
    for (i, (_, c)) in all.iter().enumerate() {
        assert_eq!(position(Some(c)), i, "row {i}");
    }
}

#[test]
fn the_meetings_tab_jumps_across_its_action_items_and_meetings() {
    let mut app = journal(0);
    let pair = app.state.pair().unwrap().id;
    let t = chrono::DateTime::parse_from_rfc3339("2025-06-01T10:00:00Z").unwrap();
    for i in 0..300_i64 {
        let a = app
            .store_mut()
            .add_action(
                pair,
                candor::domain::Owner::Mentee,
                &format!("action {i}"),
                None,
            )
            .unwrap();
        if i < 100 {
            app.store_mut().set_action_done(a.id, true).unwrap();
        }
        let meeting = candor::store::NewMeeting {
            held_at: t.with_timezone(&chrono::Utc) + chrono::Duration::days(i),
            agenda: format!("meeting {i}"),
            notes: String::new(),
            next_steps: String::new(),
        };
        app.store_mut().add_meeting(pair, &meeting).unwrap();
    }
    keys(&mut app, "3");
    assert_eq!(app.state.tab(), Some(Tab::Meetings));
    assert_eq!(app.state.row_count(), 600);
    let shown = screen(&app);
    assert!(shown.contains("Action items · 200 open"), "{shown}");
    keys(&mut app, "G");
    let Some(Row::Meeting(m)) = app.state.row() else {
        panic!("G selects a meeting")
    };
    assert_eq!(m.agenda, "meeting 0", "the oldest meeting is last");
    assert!(marked(&screen(&app)).contains("meeting 0"));
    assert!(held(&app) <= HELD_AT_MOST, "{} rows held", held(&app));
    // Up across the boundary: the last action item (done, the oldest).
    for _ in 0..300 {
        keys(&mut app, "k");
    }
    let Some(Row::Action(a)) = app.state.row() else {
        panic!("k reaches the action items")
    };
    assert!(a.done && a.text == "action 99", "{a:?}");
    keys(&mut app, "j");
    let Some(Row::Meeting(m)) = app.state.row() else {
        panic!("j goes back to the meetings")
    };
    assert_eq!(m.agenda, "meeting 299", "the newest meeting heads them");
    let shown = screen(&app);
    assert!(shown.contains("Meetings"), "{shown}");
    keys(&mut app, "g");
    let Some(Row::Action(a)) = app.state.row() else {
        panic!("g selects the first action item")
    };
    assert_eq!(a.text, "action 100", "open first");
}

/// The count of a list is kept between looks, and counted again after a
/// write here or by another copy of candor on the same file.
#[test]
fn a_lists_count_follows_writes_here_and_elsewhere() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("j.db");
    let clock = Arc::new(ManualClock::new(chrono::Utc::now()));
    let mut here = Store::open(&db, clock.clone()).unwrap();
    let pair = NewPair::new(
        "Ada",
        "Ben",
        Role::Mentor,
        "estimates",
        chrono::NaiveDate::from_ymd_opt(2025, 12, 1).unwrap(),
        Some(14),
    )
    .unwrap();
    let pair = here.add_pair(&pair, &Template::built_in()).unwrap().id;
    let note = |body: &str| NewNote {
        body: body.to_owned(),
        private: false,
        tags: vec![],
    };
    assert_eq!(here.note_position(pair, true, None).unwrap(), 0);
    here.add_note(pair, &note("one")).unwrap();
    assert_eq!(here.note_position(pair, true, None).unwrap(), 1);
    assert_eq!(here.note_position(pair, true, None).unwrap(), 1);
    let mut elsewhere = Store::open(&db, clock).unwrap();
    elsewhere.add_note(pair, &note("two")).unwrap();
    let a = elsewhere
        .add_action(pair, candor::domain::Owner::Mentee, "call", None)
        .unwrap();
    assert_eq!(here.note_position(pair, true, None).unwrap(), 2);
    assert_eq!(here.action_position(pair, None).unwrap(), 1);
    assert_eq!(here.open_action_count(pair).unwrap(), 1);
    elsewhere.set_action_done(a.id, true).unwrap();
    assert_eq!(here.open_action_count(pair).unwrap(), 0);
    let notes = here
        .notes(pair, true, &candor::store::Page::first(10))
        .unwrap();
    here.delete_entry(pair, candor::domain::Kind::Note, notes[0].id)
        .unwrap();
    assert_eq!(here.note_position(pair, true, None).unwrap(), 1);
}
