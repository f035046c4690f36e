//! Home (`0`) as a person reads it: what is late (marked, and first), what
//! is due this week (meetings, action items, goals), each pair's trust
//! trend from what can be read now. Real journals, a fixed clock; the
//! screen drawn into a `TestBackend` without colour, so the marks must
//! read in words and symbols.
#![allow(clippy::unwrap_used)]

use std::sync::Arc;

use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use candor::app::App;
use candor::app::home::{Due, HomeView};
use candor::clock::FixedClock;
use candor::domain::{NewPair, Owner, Role};
use candor::keymap::Keymap;
use candor::store::{NewCheckIn, NewGoal, Opener, PairEdit, Store};
use candor::template::Template;
use candor::ui::{self, Theme};

/// Friday 27 November 2026; "last Wednesday" is the 25th.
fn day(d: u32) -> NaiveDate {
    let (m, d) = if d > 30 { (12, d - 30) } else { (11, d) };
    NaiveDate::from_ymd_opt(2026, m, d).unwrap()
}

fn store_at(path: Option<&std::path::Path>) -> Store {
    let clock = Arc::new(FixedClock::parse("2026-11-27T10:00:00Z").unwrap());
    match path {
        Some(p) => Store::open(p, clock).unwrap(),
        None => Store::open_in_memory(clock).unwrap(),
    }
}

fn pair(store: &mut Store, mentee: &str) -> i64 {
    let p = NewPair::new("Ana Ruiz", mentee, Role::Mentor, "", day(2), None).unwrap();
    store.add_pair(&p, &Template::built_in()).unwrap().id
}

fn app(store: Store) -> App {
    App::new(store, Template::built_in(), Keymap::built_in())
}

fn key(app: &mut App, c: char) {
    let _ = app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
}

fn home(app: &App) -> &HomeView {
    match &app.state.right {
        candor::app::Right::Home(h) => h,
        other => panic!("not home: {other:?}"),
    }
}

fn screen(app: &mut App, width: u16, height: u16) -> String {
    let _ = app.resize(width, height);
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|f| ui::render(&app.state, &Theme::new(true), f))
        .unwrap();
    terminal.backend().to_string()
}

fn dates(due: &[Due]) -> Vec<NaiveDate> {
    due.iter().map(Due::on).collect()
}

/// Ben: an action due last Wednesday and one on Monday, a goal past its
/// date, one due Tuesday and one reached. Cleo: a meeting planned for Sunday.
fn journal() -> Store {
    let mut store = store_at(None);
    let ben = pair(&mut store, "Ben Okafor");
    let cleo = pair(&mut store, "Cleo Park");
    store
        .add_action(ben, Owner::Mentee, "Send the estimates", Some(day(25)))
        .unwrap();
    store
        .add_action(ben, Owner::Mentor, "Book the planning lead", Some(day(30)))
        .unwrap();
    for (text, due, percent) in [
        ("Lead a retro", 20, 40),
        ("Write a design doc", 31, 10),
        ("Pair on the release", 29, 100),
    ] {
        let g = NewGoal {
            text: text.into(),
            criteria: String::new(),
            due_on: Some(day(due)),
        };
        let id = store.add_goal(ben, &g).unwrap().id;
        store.add_goal_progress(id, percent, "").unwrap();
    }
    let edit = PairEdit {
        next_meeting_on: Some(Some(day(29))),
        ..PairEdit::default()
    };
    store.edit_pair(cleo, None, &edit).unwrap();
    store
}

#[test]
fn what_is_past_its_date_is_late_and_first_never_this_week() {
    let mut app = app(journal());
    key(&mut app, '0');
    let h = home(&app);
    assert_eq!(dates(&h.late), [day(20), day(25)], "the longest late first");
    assert!(matches!(&h.late[0], Due::Goal(g) if g.text == "Lead a retro"));
    assert!(matches!(&h.late[1], Due::Action(a) if a.text == "Send the estimates"));
    assert_eq!(dates(&h.this_week), [day(29), day(30), day(31)]);
    assert!(
        !h.this_week
            .iter()
            .any(|d| matches!(d, Due::Goal(g) if g.progress >= 100)),
        "a reached goal is not due"
    );

    let text = screen(&mut app, 100, 30);
    let late = text.find("Late: 1 action item, 1 goal").unwrap();
    let week = text
        .find("This week: 1 meeting, 1 action item, 1 goal due")
        .unwrap();
    assert!(late < week, "{text}");
    for row in [
        "! 7 days late  goal: Lead a retro · 40% · Ben Okafor",
        "! 2 days late  Send the estimates · Ben Okafor · mentee",
        "2026-11-29  meeting with Cleo Park",
        "2026-11-30  Book the planning lead · Ben Okafor · mentor",
        "2026-12-01  goal: Write a design doc · 10% · Ben Okafor",
    ] {
        assert!(text.contains(row), "{row}\n{text}");
    }
    let wednesday = text.find("Send the estimates").unwrap();
    assert!(
        wednesday < week,
        "last Wednesday's item is not under This week"
    );
}

#[test]
fn a_planned_meeting_whose_day_passed_counts_as_held_and_is_never_late() {
    let mut store = journal();
    let meeting = candor::store::NewMeeting {
        held_at: day(23).and_hms_opt(15, 0, 0).unwrap().and_utc(),
        agenda: String::new(),
        notes: "held".into(),
        next_steps: String::new(),
    };
    store.add_meeting(1, &meeting).unwrap();
    let mut app = app(store);
    key(&mut app, '0');
    assert!(
        !home(&app)
            .late
            .iter()
            .any(|d| matches!(d, Due::Meeting { .. })),
        "{:?}",
        home(&app).late
    );
}

#[test]
fn each_pair_shows_its_trust_trend_and_says_when_it_is_locked() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("j.db");
    {
        let mut store = store_at(Some(&db));
        let ben = pair(&mut store, "Ben Okafor");
        pair(&mut store, "Cleo Park");
        for (d, trust) in [(6, 2), (13, 3), (20, 4)] {
            let c = NewCheckIn {
                trust,
                helped: String::new(),
                in_the_way: String::new(),
                note: String::new(),
                checked_at: Some(day(d).and_hms_opt(9, 0, 0).unwrap().and_utc()),
            };
            store.add_checkin(ben, &c).unwrap();
        }
        store
            .set_passphrase("correct horse", candor::crypto::KdfParams::TEST)
            .unwrap();
    }
    let mut app = app(store_at(Some(&db)));
    key(&mut app, '0');
    let locked = screen(&mut app, 100, 30);
    assert!(
        locked.contains("Ben Okafor 3 check-ins, locked · U unlocks"),
        "{locked}"
    );
    assert!(locked.contains("Cleo Park  no check-ins yet"), "{locked}");
    assert!(!locked.contains("4/5"), "nothing drawn from sealed levels");
    assert!(home(&app).trust.values().all(|t| t.levels.is_empty()));

    app.store_mut()
        .unlock("correct horse", Opener::Passphrase)
        .unwrap();
    app.reload();
    let open = screen(&mut app, 100, 30);
    assert!(
        open.contains("Ben Okafor 4/5 ▃▄▆ 3 check-ins, latest 7 days ago"),
        "{open}"
    );

    // Locking again forgets the levels read.
    let _ = app.update(candor::action::Action::Lock);
    assert!(home(&app).trust.values().all(|t| t.levels.is_empty()));
    assert!(screen(&mut app, 100, 30).contains("locked · U unlocks"));
}

#[test]
fn the_trend_reads_the_latest_few_check_ins_of_each_pair_oldest_first() {
    let mut store = store_at(None);
    let ben = pair(&mut store, "Ben Okafor");
    let cleo = pair(&mut store, "Cleo Park");
    for d in 1..=20u32 {
        for (p, trust) in [(ben, 1 + (d % 5) as u8), (cleo, 5)] {
            let c = NewCheckIn {
                trust,
                helped: String::new(),
                in_the_way: String::new(),
                note: String::new(),
                checked_at: Some(day(d).and_hms_opt(9, 0, 0).unwrap().and_utc()),
            };
            store.add_checkin(p, &c).unwrap();
        }
    }
    let latest = store.latest_checkins(12).unwrap();
    let of = |p: i64| -> Vec<NaiveDate> {
        latest
            .iter()
            .filter(|c| c.pair_id == p)
            .map(|c| c.checked_at.date_naive())
            .collect()
    };
    let expected: Vec<NaiveDate> = (9..=20).map(day).collect();
    assert_eq!(of(ben), expected);
    assert_eq!(of(cleo), expected);
    assert_eq!(store.checkin_counts().unwrap()[&ben], 20);
}
