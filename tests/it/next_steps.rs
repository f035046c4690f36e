//! A meeting's next steps as action items, each with its own owner and due
//! date (issue 14, item 3): what the meeting form shows before the save and
//! what it stores, the rows that show the items at every width, and `candor
//! meeting add --next-steps` on the command line.
//!
//! Today is Friday 27 November 2026 throughout; the demo's first pair is Ana
//! Ruiz (the mentor, whose journal it is) and Ben Okafor, meeting every 14
//! days.
#![allow(clippy::unwrap_used)]

use std::sync::Arc;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use candor::app::form::Name;
use candor::app::{App, Overlay, Right, Row};
use candor::clock::FixedClock;
use candor::domain::{ActionItem, Owner};
use candor::keymap::Keymap;
use candor::store::{Page, Store};
use candor::template::Template;
use candor::ui::{self, Theme};

use crate::support::cli::Journal;

fn demo() -> App {
    let clock = FixedClock::parse("2026-11-27T10:00:00Z").unwrap();
    let mut store = Store::open_in_memory(Arc::new(clock)).unwrap();
    candor::demo::fill(&mut store, &Template::built_in()).unwrap();
    App::new(store, Template::built_in(), Keymap::built_in())
}

fn press(app: &mut App, code: KeyCode) {
    let _ = app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        match c {
            '\n' => press(app, KeyCode::Enter),
            c => press(app, KeyCode::Char(c)),
        }
    }
}

fn ctrl_s(app: &mut App) {
    let _ = app.handle_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
}

/// Opens a new meeting on the Meetings tab, puts `when` in its date (if
/// given) and `steps` in its next steps; the cursor stays there.
fn new_meeting(app: &mut App, when: Option<&str>, steps: &str) {
    type_text(app, "3n");
    if let Some(when) = when {
        for _ in 0..20 {
            press(app, KeyCode::Backspace);
        }
        type_text(app, when);
    }
    for _ in 0..3 {
        press(app, KeyCode::Tab);
    }
    type_text(app, steps);
}

fn hints(app: &App) -> Vec<(String, bool)> {
    match &app.state.overlay {
        Some(Overlay::Form(f)) => f
            .hints(Name::NextSteps)
            .iter()
            .map(|h| (h.text.clone(), h.ask))
            .collect(),
        other => panic!("no form open: {other:?}"),
    }
}

fn actions(app: &App) -> Vec<ActionItem> {
    let pair_id = app.state.pair().unwrap().id;
    app.store().actions(pair_id, &Page::first(100)).unwrap()
}

fn action<'a>(items: &'a [ActionItem], text: &str) -> &'a ActionItem {
    items
        .iter()
        .find(|a| a.text == text)
        .unwrap_or_else(|| panic!("no action item {text:?} in {items:?}"))
}

fn due(a: &ActionItem) -> Option<String> {
    a.due_on.map(|d| d.to_string())
}

// ------------------------------------------------------------- the form

#[test]
fn the_form_shows_each_step_as_it_will_be_stored_and_saves_it_so() {
    let mut app = demo();
    new_meeting(&mut app, None, "");
    assert_eq!(
        hints(&app),
        [(
            "One step a line; \"Ben: send the log by Friday\" names who and when.".to_owned(),
            false
        )]
    );
    type_text(
        &mut app,
        "- Ben: send the estimates log by Friday\n\
         - book a room\n\
         - me: ask the planning lead due 2026-12-20\n\
         - talk it over by the time we meet",
    );
    assert_eq!(
        hints(&app),
        [
            ("→ mentee · due Fri 4 Dec · send the estimates log".to_owned(), false),
            ("→ both (no owner read) · due Fri 11 Dec (default) · book a room".to_owned(), true),
            ("→ mentor · due Sun 20 Dec · ask the planning lead".to_owned(), false),
            (
                "→ both (no owner read) · due Fri 11 Dec (default) · talk it over by the time we meet"
                    .to_owned(),
                true
            ),
        ]
    );
    let before = actions(&app).len();
    ctrl_s(&mut app);
    assert!(app.state.overlay.is_none(), "{:?}", app.state.status);
    assert!(
        app.state.status.text.contains("and 4 action items"),
        "{:?}",
        app.state.status
    );
    let items = actions(&app);
    assert_eq!(items.len(), before + 4);
    let log = action(&items, "send the estimates log");
    assert_eq!(
        (log.owner, due(log).as_deref()),
        (Owner::Mentee, Some("2026-12-04"))
    );
    let room = action(&items, "book a room");
    assert_eq!(
        (room.owner, due(room).as_deref()),
        (Owner::Both, Some("2026-12-11"))
    );
    let ask = action(&items, "ask the planning lead");
    assert_eq!(
        (ask.owner, due(ask).as_deref()),
        (Owner::Mentor, Some("2026-12-20"))
    );
    // Never dropped: what was not a date stays in the text.
    action(&items, "talk it over by the time we meet");
}

#[test]
fn the_preview_follows_the_typing_and_the_choice() {
    let mut app = demo();
    new_meeting(&mut app, None, "Ben: send the log by Fri");
    assert_eq!(hints(&app)[0].0, "→ mentee · due Fri 4 Dec · send the log");
    // Correcting the line is how an owner or date is changed.
    for _ in 0.."Ben: send the log by Fri".len() {
        press(&mut app, KeyCode::Backspace);
    }
    type_text(&mut app, "Ana: send the log by tomorrow");
    assert_eq!(hints(&app)[0].0, "→ mentor · due Sat 28 Nov · send the log");
    // Five lines show as three and a count, the count asking for a look
    // when a line among the rest names no owner.
    type_text(&mut app, "\nwe: a\nb\nc\nd");
    let shown = hints(&app);
    assert_eq!(shown.len(), 4, "{shown:?}");
    assert_eq!(shown[3], ("… and 2 more".to_owned(), true));
    // No: the next steps stay text, and the preview says so.
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Left);
    assert_eq!(
        hints(&app),
        [("Kept as text only: no action items.".to_owned(), false)]
    );
    let before = actions(&app).len();
    ctrl_s(&mut app);
    assert!(app.state.overlay.is_none(), "{:?}", app.state.status);
    assert_eq!(actions(&app).len(), before);
}

#[test]
fn a_past_meeting_s_items_are_due_one_cadence_from_today_a_planned_one_s_from_it() {
    let mut app = demo();
    new_meeting(&mut app, Some("2026-10-01 10:00"), "book a room");
    assert_eq!(
        hints(&app)[0].0,
        "→ both (no owner read) · due Fri 11 Dec (default) · book a room",
        "not 15 October: nothing is born late"
    );
    ctrl_s(&mut app);
    assert_eq!(
        due(action(&actions(&app), "book a room")).as_deref(),
        Some("2026-12-11")
    );
    let late: Vec<_> = actions(&app)
        .into_iter()
        .filter(|a| a.text == "book a room" && a.is_overdue(app.state.today))
        .collect();
    assert!(late.is_empty(), "{late:?}");

    new_meeting(&mut app, Some("2026-12-10 10:00"), "plan the offsite");
    assert_eq!(
        hints(&app)[0].0,
        "→ both (no owner read) · due Thu 24 Dec (default) · plan the offsite"
    );
    ctrl_s(&mut app);
    assert_eq!(
        due(action(&actions(&app), "plan the offsite")).as_deref(),
        Some("2026-12-24")
    );
}

/// Moves the cursor of the Meetings tab to the meeting whose notes are `notes`.
fn select_meeting(app: &mut App, notes: &str) {
    press(app, KeyCode::Char('g'));
    for _ in 0..50 {
        let Right::Entries(view) = &app.state.right else {
            panic!("no list shown");
        };
        if let Some(Row::Meeting(m)) = view.list.get(view.cursor)
            && m.notes == notes
        {
            return;
        }
        press(app, KeyCode::Char('j'));
    }
    panic!("no meeting {notes:?} on the list");
}

#[test]
fn editing_a_meeting_makes_items_only_of_the_lines_added() {
    let mut app = demo();
    type_text(&mut app, "3n");
    for _ in 0..2 {
        press(&mut app, KeyCode::Tab);
    }
    type_text(&mut app, "the one to edit");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "- Ben: send the log by Friday\n- book a room");
    ctrl_s(&mut app);
    let before = actions(&app);
    assert_eq!(before.iter().filter(|a| a.text == "book a room").count(), 1);

    select_meeting(&mut app, "the one to edit");
    press(&mut app, KeyCode::Char('e'));
    assert_eq!(
        hints(&app),
        [(
            "No lines added; lines already here are not made into items again.".to_owned(),
            false
        )]
    );
    for _ in 0..3 {
        press(&mut app, KeyCode::Tab);
    }
    type_text(&mut app, "\nmentee: call the recruiter by Monday");
    assert_eq!(
        hints(&app),
        [(
            "→ mentee · due Mon 30 Nov · call the recruiter".to_owned(),
            false
        )]
    );
    ctrl_s(&mut app);
    assert!(app.state.overlay.is_none(), "{:?}", app.state.status);
    let after = actions(&app);
    assert_eq!(after.len(), before.len() + 1, "{after:?}");
    assert_eq!(after.iter().filter(|a| a.text == "book a room").count(), 1);
    assert_eq!(action(&after, "call the recruiter").owner, Owner::Mentee);

    // Saved again unchanged: nothing more.
    select_meeting(&mut app, "the one to edit");
    press(&mut app, KeyCode::Char('e'));
    ctrl_s(&mut app);
    assert_eq!(actions(&app).len(), after.len());
}

#[test]
fn a_step_the_store_would_refuse_is_said_under_the_field_and_nothing_is_saved() {
    let mut app = demo();
    new_meeting(&mut app, None, "fine\nnul \0 inside");
    let shown = hints(&app);
    assert_eq!(shown.len(), 1, "{shown:?}");
    assert!(shown[0].1 && shown[0].0.contains("NUL"), "{shown:?}");
    let before = actions(&app).len();
    let meetings = app
        .store()
        .meetings(app.state.pair().unwrap().id, &Page::first(100))
        .unwrap()
        .len();
    ctrl_s(&mut app);
    assert!(
        matches!(&app.state.overlay, Some(Overlay::Form(f)) if f.focused() == Name::NextSteps),
        "the form stays open on the next steps"
    );
    assert_eq!(actions(&app).len(), before);
    let pair_id = app.state.pair().unwrap().id;
    assert_eq!(
        app.store()
            .meetings(pair_id, &Page::first(100))
            .unwrap()
            .len(),
        meetings
    );
}

// -------------------------------------------------------------- drawing

fn screen(app: &mut App, width: u16, height: u16) -> String {
    let _ = app.resize(width, height);
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    let theme = Theme::new(true);
    terminal
        .draw(|f| ui::render(&app.state, &theme, f))
        .unwrap();
    terminal.backend().to_string()
}

/// The demo's Meetings tab with items of every sort: late, due, done,
/// without a due date, and one whose text is very long.
fn with_items() -> App {
    let mut app = demo();
    new_meeting(
        &mut app,
        None,
        "Ben: write up every estimate of the quarter with what actually happened by Monday\n\
         we: book a room",
    );
    ctrl_s(&mut app);
    let pair_id = app.state.pair().unwrap().id;
    let store = app.store_mut();
    store
        .add_action(pair_id, Owner::Mentor, "Ask about the offsite", None)
        .unwrap();
    let done = store
        .add_action(pair_id, Owner::Mentee, "Read the design doc", None)
        .unwrap();
    store.set_action_done(done.id, true).unwrap();
    type_text(&mut app, "4");
    type_text(&mut app, "3");
    app
}

#[test]
fn action_rows_at_60_columns_keep_owner_due_and_late_and_cut_the_text() {
    let mut app = with_items();
    let screen = screen(&mut app, 60, 16);
    insta::assert_snapshot!(screen);
    let rows: Vec<&str> = screen
        .lines()
        .filter(|l| ["│ ▸ [", "│   ["].iter().any(|start| l.contains(start)))
        .collect();
    assert_eq!(rows.len(), 6, "{screen}");
    for row in rows {
        assert!(
            ["mentor", "mentee", "both"].iter().any(|o| row.contains(o)),
            "no owner in {row}"
        );
    }
    assert!(screen.contains("24 Nov · late"), "{screen}");
}

#[test]
fn action_rows_at_100_columns() {
    let mut app = with_items();
    insta::assert_snapshot!(screen(&mut app, 100, 30));
}

#[test]
fn the_meeting_form_previews_its_next_steps() {
    let mut app = demo();
    new_meeting(
        &mut app,
        Some("2026-11-01 10:00"),
        "- Ben: send the estimates log by Friday\n- book a room",
    );
    insta::assert_snapshot!(screen(&mut app, 100, 30));
}

// -------------------------------------------------------- command line

fn cli() -> Journal {
    let j = Journal::new();
    j.ok(&[
        "pair",
        "add",
        "--mentor",
        "Ana Ruiz",
        "--mentee",
        "Ben Okafor",
        "--cadence",
        "14",
    ]);
    j
}

#[test]
fn meeting_add_makes_an_action_item_of_each_line_and_says_so() {
    let j = cli();
    let out = j.ok(&[
        "meeting",
        "add",
        "ben",
        "--at",
        "2026-11-01 10:00",
        "--next-steps",
        "- Ben: send the estimates log by Friday\n- book a room\n\n- me: ask the lead due 2026-12-20",
        "we talked",
    ]);
    assert_eq!(
        out,
        "Logged meeting 1 on 2026-11-01 10:00.\n\
         Added action item 1 for the mentee, due 2026-12-04: send the estimates log\n\
         Added action item 2 for both of you (no owner read), due 2026-12-11 (default): book a room\n\
         Added action item 3 for the mentor, due 2026-12-20: ask the lead\n"
    );
    let items = j.json(&["list", "ben", "actions", "--json"]);
    let got: Vec<(String, String, String)> = items
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["text"].as_str().unwrap().to_owned(),
                a["owner"].as_str().unwrap().to_owned(),
                a["due_on"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    let want = [
        ("send the estimates log", "mentee", "2026-12-04"),
        ("book a room", "both", "2026-12-11"),
        ("ask the lead", "mentor", "2026-12-20"),
    ]
    .map(|(t, o, d)| (t.to_owned(), o.to_owned(), d.to_owned()));
    assert_eq!(got, want);
    let meetings = j.json(&["list", "ben", "meetings", "--json"]);
    assert_eq!(
        meetings[0]["next_steps"],
        "- Ben: send the estimates log by Friday\n- book a room\n\n- me: ask the lead due 2026-12-20",
        "the next steps are kept as typed"
    );
}

#[test]
fn owner_is_for_the_lines_that_name_none() {
    let j = cli();
    let out = j.ok(&[
        "meeting",
        "add",
        "ben",
        "--next-steps",
        "Ana: book a room\ncall the recruiter",
        "--owner",
        "MENTEE",
        "notes",
    ]);
    assert!(
        out.contains("for the mentor, due 2026-12-11 (default): book a room"),
        "{out}"
    );
    assert!(
        out.contains(
            "for the mentee (no owner read), due 2026-12-11 (default): call the recruiter"
        ),
        "{out}"
    );
    let err = j.fails(&["meeting", "add", "ben", "--owner", "mentor", "x"]);
    assert!(err.contains("--next-steps"), "{err}");
    let err = j.fails(&[
        "meeting",
        "add",
        "ben",
        "--next-steps",
        "y",
        "--owner",
        "boss",
        "x",
    ]);
    assert!(err.contains("boss"), "{err}");
    assert_eq!(j.count("SELECT count(*) FROM meeting"), 1);
}

#[test]
fn a_refused_item_stores_neither_the_meeting_nor_any_item() {
    let j = cli();
    // The database itself refuses the second item, after the meeting and
    // the first item were written in the same transaction.
    j.conn()
        .execute_batch(
            "CREATE TRIGGER refuse_boom BEFORE INSERT ON action_item WHEN NEW.text = 'boom'
             BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;",
        )
        .unwrap();
    let err = j.fails(&[
        "meeting",
        "add",
        "ben",
        "--next-steps",
        "Ben: send the log\nboom\nthird",
        "notes",
    ]);
    assert!(!err.is_empty());
    assert_eq!(j.count("SELECT count(*) FROM meeting"), 0);
    assert_eq!(j.count("SELECT count(*) FROM action_item"), 0);
    // Without a cadence, a line naming no date has none.
    j.ok(&["pair", "edit", "ben", "--cadence", "0"]);
    let out = j.ok(&["meeting", "add", "ben", "--next-steps", "third", "notes"]);
    assert!(out.contains("no due date: third"), "{out}");
}

#[test]
fn in_a_pair_where_you_are_mentored_me_is_the_mentee_and_the_example_names_the_mentor() {
    let mut app = demo();
    press(&mut app, KeyCode::Char('j')); // Dana Li mentors you
    assert_eq!(app.state.pair().unwrap().mentor_name, "Dana Li");
    new_meeting(&mut app, None, "");
    assert_eq!(
        hints(&app)[0].0,
        "One step a line; \"Dana: send the log by Friday\" names who and when."
    );
    type_text(
        &mut app,
        "me: read the chapter\ndana: send the article by tomorrow",
    );
    assert_eq!(
        hints(&app),
        [
            (
                "→ mentee · due Fri 18 Dec (default) · read the chapter".to_owned(),
                false
            ),
            (
                "→ mentor · due Sat 28 Nov · send the article".to_owned(),
                false
            ),
        ]
    );
}
