//! Render snapshots: the app's state drawn into a `TestBackend` and compared
//! with reviewed snapshots in `tests/it/snapshots/`. Dates come from a fixed clock.
#![allow(clippy::unwrap_used)]

use std::sync::Arc;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Color;

use candor::app::App;
use candor::clock::FixedClock;
use candor::domain::{Kind, NewPair, Role};
use candor::keymap::Keymap;
use candor::store::Store;
use candor::template::Template;
use candor::ui::{self, Theme};

fn store() -> Store {
    let clock = FixedClock::parse("2026-11-27T14:02:00Z").unwrap();
    Store::open_in_memory(Arc::new(clock)).unwrap()
}

fn demo() -> App {
    let mut store = store();
    candor::demo::fill(&mut store, &Template::built_in()).unwrap();
    App::new(store, Template::built_in(), Keymap::built_in())
}

fn keys(app: &mut App, keys: &str) {
    for c in keys.chars() {
        let code = match c {
            '\u{1b}' => KeyCode::Esc,
            '\t' => KeyCode::Tab,
            '\n' => KeyCode::Enter,
            c => KeyCode::Char(c),
        };
        let _ = app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
    }
}

fn draw(app: &mut App, width: u16, height: u16, no_color: bool) -> Terminal<TestBackend> {
    let _ = app.resize(width, height);
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    let theme = Theme::new(no_color);
    terminal
        .draw(|f| ui::render(&app.state, &theme, f))
        .unwrap();
    terminal
}

fn snapshot(app: &mut App, width: u16, height: u16) -> String {
    draw(app, width, height, false).backend().to_string()
}

#[test]
fn welcome_on_a_first_start() {
    let mut app = App::new(store(), Template::built_in(), Keymap::built_in());
    insta::assert_snapshot!(snapshot(&mut app, 80, 24));
}

#[test]
fn overview_of_the_first_pair() {
    insta::assert_snapshot!(snapshot(&mut demo(), 80, 24));
}

#[test]
fn first_meeting_tab() {
    let mut app = demo();
    keys(&mut app, "2jj");
    insta::assert_snapshot!(snapshot(&mut app, 80, 24));
}

#[test]
fn first_meeting_tab_at_the_design_size() {
    let mut app = demo();
    keys(&mut app, "2");
    insta::assert_snapshot!(snapshot(&mut app, 100, 30));
}

#[test]
fn first_meeting_scrolls_to_the_last_item() {
    let mut app = demo();
    keys(&mut app, "2G");
    insta::assert_snapshot!(snapshot(&mut app, 80, 24));
}

#[test]
fn a_paused_pair_where_you_are_mentored() {
    let mut app = demo();
    keys(&mut app, "j");
    insta::assert_snapshot!(snapshot(&mut app, 80, 24));
}

#[test]
fn meetings_tab_with_action_items() {
    let mut app = demo();
    keys(&mut app, "3");
    insta::assert_snapshot!(snapshot(&mut app, 80, 24));
}

#[test]
fn help_from_the_keymap() {
    let mut app = demo();
    keys(&mut app, "?");
    insta::assert_snapshot!(snapshot(&mut app, 80, 24));
}

#[test]
fn new_pair_form() {
    let mut app = demo();
    // Your own name (Ana Ruiz, from the pairs added before) is there already.
    keys(&mut app, "n\n");
    insta::assert_snapshot!(snapshot(&mut app, 80, 24));
}

#[test]
fn new_pair_form_after_a_refused_save() {
    let mut app = demo();
    keys(&mut app, "n\n\n\n\n\n\n");
    insta::assert_snapshot!(snapshot(&mut app, 80, 24));
}

#[test]
fn add_to_first_meeting_form() {
    let mut app = demo();
    keys(&mut app, "2jja");
    let _ = app.handle_key(KeyEvent::new(KeyCode::Right, KeyModifiers::NONE));
    let _ = app.handle_key(KeyEvent::new(KeyCode::Right, KeyModifiers::NONE));
    insta::assert_snapshot!(snapshot(&mut app, 80, 24));
}

#[test]
fn too_small_a_terminal_gets_a_notice() {
    insta::assert_snapshot!(snapshot(&mut demo(), 59, 16));
}

#[test]
fn the_smallest_terminal_still_works() {
    let mut app = demo();
    keys(&mut app, "2");
    insta::assert_snapshot!(snapshot(&mut app, 60, 16));
}

#[test]
fn hostile_names_are_shown_without_control_sequences() {
    let mut store = store();
    let pair = NewPair::new(
        "Ana\u{1b}]0;pwned\u{7} Ruiz",
        "\u{1b}[31mBen\u{1b}[0m\t李小龍 🚀 \u{202e}مرحبا",
        Role::Mentor,
        "line one\nline two\u{9b}2J",
        chrono::NaiveDate::from_ymd_opt(2026, 10, 2).unwrap(),
        Some(14),
    )
    .unwrap();
    let p = store.add_pair(&pair, &Template::built_in()).unwrap();
    store
        .add_strength(p.id, Role::Mentee, "calm\u{7}\u{1b}[2J under pressure")
        .unwrap();
    let mut app = App::new(store, Template::built_in(), Keymap::built_in());
    let mut text = snapshot(&mut app, 80, 24);
    keys(&mut app, "2");
    text.push_str(&snapshot(&mut app, 80, 24));
    assert!(!text.contains('\u{1b}') && !text.contains('\u{7}') && !text.contains('\u{202e}'));
    insta::assert_snapshot!(text);
}

#[test]
fn no_color_draws_without_colours() {
    // Every view, the charts of the Overview and the home view included.
    for view in [
        "1", "2", "3", "4", "5", "0", "?", "1c", "1a", "1jp", "1j\n", "1t",
    ] {
        let mut app = demo();
        keys(&mut app, view);
        for (w, h) in [(80, 24), (120, 40)] {
            assert_colours(&mut app, w, h, view);
        }
    }
}

fn assert_colours(app: &mut App, width: u16, height: u16, view: &str) {
    for no_color in [true, false] {
        let terminal = draw(app, width, height, no_color);
        let coloured = terminal
            .backend()
            .buffer()
            .content()
            .iter()
            .filter(|c| c.fg != Color::Reset || c.bg != Color::Reset)
            .count();
        assert_eq!(
            coloured == 0,
            no_color,
            "view {view} at {width}x{height}, NO_COLOR={no_color}: {coloured} coloured cells"
        );
    }
}

#[test]
fn overview_and_home_read_without_colour() {
    // NO_COLOR must not lose meaning: the gauges use distinct symbols for
    // done and to do, and warnings carry a '!' or 'OVERDUE' in words.
    let mut app = demo();
    let overview = {
        let terminal = draw(&mut app, 120, 40, true);
        terminal.backend().to_string()
    };
    assert!(
        overview.contains('━') && overview.contains('╌'),
        "{overview}"
    );
    keys(&mut app, "0");
    let home = draw(&mut app, 120, 40, true).backend().to_string();
    assert!(home.contains("! Ben Okafor"), "{home}");
    insta::assert_snapshot!(format!("{overview}{home}"));
}

#[test]
fn feedback_tab_sums_up_how_feedback_was_taken() {
    let mut app = demo();
    keys(&mut app, "4");
    insta::assert_snapshot!(snapshot(&mut app, 80, 24));
}

/// The header's count of feedback given is what the list holds beside what
/// the mentor received (the summary counts feedback to the mentor only).
#[test]
fn feedback_tab_counts_feedback_given_and_received() {
    use candor::domain::{Direction, Response};
    let mut store = store();
    let pair = NewPair::new(
        "Ana Ruiz",
        "Ben Okafor",
        Role::Mentor,
        "",
        chrono::NaiveDate::from_ymd_opt(2026, 10, 2).unwrap(),
        Some(14),
    )
    .unwrap();
    let p = store.add_pair(&pair, &Template::built_in()).unwrap();
    let given_at = store.clock().now() - chrono::Duration::days(1);
    for (direction, requested, response) in [
        (Direction::ToMentor, true, Response::Accepted),
        (Direction::ToMentor, false, Response::PushedBack),
        (Direction::ToMentor, true, Response::Pending),
        (Direction::ToMentee, false, Response::Accepted),
        (Direction::ToMentee, true, Response::Discussed),
    ] {
        let feedback = candor::store::NewFeedback {
            direction,
            requested,
            body: "Said plainly".into(),
            situation: None,
            behaviour: None,
            impact: None,
            response,
            follow_up: String::new(),
            given_at,
        };
        store.add_feedback(p.id, &feedback).unwrap();
    }
    let mut app = App::new(store, Template::built_in(), Keymap::built_in());
    keys(&mut app, "4");
    let screen = snapshot(&mut app, 160, 20);
    assert!(
        screen.contains("Asked for 2 · received 3 · taken without pushing back 1 of 3 · given 2 "),
        "{screen}"
    );
}

#[test]
fn notes_tab_marks_private_notes() {
    let mut app = demo();
    keys(&mut app, "5");
    insta::assert_snapshot!(snapshot(&mut app, 80, 24));
}

#[test]
fn a_new_meeting_starts_from_open_actions_and_next_notes() {
    let mut app = demo();
    keys(&mut app, "3n");
    insta::assert_snapshot!(snapshot(&mut app, 80, 24));
}

#[test]
fn a_meeting_form_scrolls_to_the_focused_field() {
    let mut app = demo();
    keys(&mut app, "3n\t\t\t");
    insta::assert_snapshot!(snapshot(&mut app, 80, 24));
}

#[test]
fn a_meeting_read_in_full() {
    let mut app = demo();
    keys(&mut app, "3jj\n");
    insta::assert_snapshot!(snapshot(&mut app, 80, 24));
}

#[test]
fn delete_asks_first() {
    let mut app = demo();
    keys(&mut app, "5d");
    insta::assert_snapshot!(snapshot(&mut app, 80, 24));
}

#[test]
fn a_kept_draft_is_offered_at_start() {
    let mut store = store();
    candor::demo::fill(&mut store, &Template::built_in()).unwrap();
    let draft = candor::store::Draft {
        uid: "d1".into(),
        pair_id: Some(1),
        kind: Some(Kind::Note),
        target_uid: None,
        private: false,
        text: r#"{"kind":{"form":"note","pair_id":1,"id":null,"version":null},"values":["half a thought","","0"]}"#.into(),
        saved_at: store.clock().now(),
        locked: false,
    };
    store.save_draft(&draft).unwrap();
    let mut app = App::new(store, Template::built_in(), Keymap::built_in());
    let mut text = snapshot(&mut app, 80, 24);
    keys(&mut app, "y");
    text.push_str(&snapshot(&mut app, 80, 24));
    insta::assert_snapshot!(text);
}

#[test]
fn throwing_a_kept_draft_away_asks_once_more() {
    let mut store = store();
    candor::demo::fill(&mut store, &Template::built_in()).unwrap();
    let draft = candor::store::Draft {
        uid: "d1".into(),
        pair_id: Some(1),
        kind: Some(Kind::Note),
        target_uid: None,
        private: false,
        text: r#"{"kind":{"form":"note","pair_id":1,"id":null,"version":null},"values":["half a thought","","0"]}"#.into(),
        saved_at: store.clock().now(),
        locked: false,
    };
    store.save_draft(&draft).unwrap();
    let mut app = App::new(store, Template::built_in(), Keymap::built_in());
    keys(&mut app, "n");
    let mut text = snapshot(&mut app, 80, 24);
    keys(&mut app, "o");
    text.push_str(&snapshot(&mut app, 80, 24));
    assert_eq!(app.store().drafts().unwrap().len(), 1);
    insta::assert_snapshot!(text);
}

#[test]
fn a_long_line_is_read_in_pages() {
    let mut app = demo();
    let pair_id = app.state.pair().unwrap().id;
    let note = candor::store::NewNote {
        body: format!("{}\u{1b}[2J{}", "0123456789".repeat(100_000), "end"),
        private: false,
        tags: vec![],
    };
    app.store_mut().add_note(pair_id, &note).unwrap();
    app.reload();
    keys(&mut app, "5\n");
    let mut text = snapshot(&mut app, 80, 24);
    keys(&mut app, "G");
    text.push_str(&snapshot(&mut app, 80, 24));
    assert!(!text.contains('\u{1b}'));
    insta::assert_snapshot!(text);
}

#[test]
fn search_as_you_type() {
    let mut app = demo();
    keys(&mut app, "/trus*");
    insta::assert_snapshot!(snapshot(&mut app, 80, 24));
}

#[test]
fn export_shows_what_leaves_first() {
    let mut app = demo();
    keys(&mut app, "x");
    insta::assert_snapshot!(snapshot(&mut app, 80, 24));
}

#[test]
fn overview_draws_progress_meetings_and_feedback_at_120x40() {
    insta::assert_snapshot!(snapshot(&mut demo(), 120, 40));
}

/// A journal of twelve pairs, the k-th with k action items past due.
fn twelve_pairs() -> App {
    let mut store = store();
    for k in 1..=12u64 {
        let pair = NewPair::new(
            &format!("Mentor {k}"),
            &format!("Mentee {k}"),
            Role::Mentor,
            "",
            chrono::NaiveDate::from_ymd_opt(2026, 10, 2).unwrap(),
            None,
        )
        .unwrap();
        let p = store.add_pair(&pair, &Template::built_in()).unwrap();
        for i in 0..k {
            let due = chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap() + chrono::Days::new(i);
            store
                .add_action(
                    p.id,
                    candor::domain::Owner::Both,
                    "Send the notes",
                    Some(due),
                )
                .unwrap();
        }
    }
    App::new(store, Template::built_in(), Keymap::built_in())
}

/// The first frame reads the records of the pairs it shows only; a pair
/// scrolled into view, and Home, show counts read from the store.
#[test]
fn pairs_are_counted_as_they_come_into_view() {
    let mut app = twelve_pairs();
    let screen = snapshot(&mut app, 80, 24);
    let shown: Vec<usize> = (0..12).filter(|&i| app.state.pairs.is_counted(i)).collect();
    assert_eq!(shown, (0..9).collect::<Vec<_>>(), "{screen}");
    assert!(screen.contains("! 9 late"), "{screen}");
    assert!(!screen.contains("Mentee 10"), "{screen}");
    keys(&mut app, "G");
    // Drawn as the terminal loop draws after a key: the size unchanged.
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal
        .draw(|f| ui::render(&app.state, &Theme::new(false), f))
        .unwrap();
    let screen = terminal.backend().to_string();
    assert!(
        screen.contains("! 12 late") && screen.contains("! 4 late"),
        "{screen}"
    );
    assert!(!screen.contains("Mentee 3 "), "{screen}");
    // A taller terminal shows them all, each with its own count.
    let mut app = twelve_pairs();
    let screen = snapshot(&mut app, 80, 30);
    for k in 1..=12 {
        assert!(screen.contains(&format!("! {k} late")), "{k}: {screen}");
    }
    // Home reads every pair.
    let mut app = twelve_pairs();
    keys(&mut app, "0");
    assert!((0..12).all(|i| app.state.pairs.is_counted(i)));
}

#[test]
fn home_shows_every_pair_at_once() {
    let mut app = demo();
    keys(&mut app, "0");
    let mut text = snapshot(&mut app, 80, 24);
    text.push_str(&snapshot(&mut app, 120, 40));
    insta::assert_snapshot!(text);
}

#[test]
fn a_trust_check_in_form() {
    let mut app = demo();
    keys(&mut app, "1c");
    let mut text = snapshot(&mut app, 80, 24);
    text.push_str(&snapshot(&mut app, 120, 40));
    insta::assert_snapshot!(text);
}

#[test]
fn a_new_goal_form_and_progress_on_a_goal() {
    let mut app = demo();
    keys(&mut app, "1a");
    let mut text = snapshot(&mut app, 80, 24);
    keys(&mut app, "\u{1b}");
    // The second goal (open goals are listed soonest target first).
    keys(&mut app, "jp");
    text.push_str(&snapshot(&mut app, 80, 24));
    text.push_str(&snapshot(&mut app, 120, 40));
    insta::assert_snapshot!(text);
}

#[test]
fn a_goal_read_with_its_history_and_the_check_ins_in_full() {
    let mut app = demo();
    keys(&mut app, "1j\n");
    let mut text = snapshot(&mut app, 80, 24);
    keys(&mut app, "\u{1b}t");
    text.push_str(&snapshot(&mut app, 80, 24));
    text.push_str(&snapshot(&mut app, 120, 40));
    insta::assert_snapshot!(text);
}

#[test]
fn overview_of_a_pair_without_goals_or_check_ins() {
    let mut app = demo();
    // Cleo Park, the third pair, has neither.
    keys(&mut app, "jj1");
    let mut text = snapshot(&mut app, 80, 24);
    text.push_str(&draw(&mut app, 120, 40, true).backend().to_string());
    assert!(text.contains("no check-ins yet"), "{text}");
    assert!(text.contains("none yet"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn overview_charts_trust_and_goals_without_colour() {
    // The goal marks read in symbols: '▸' selected, '!' overdue, '✓' reached.
    let mut app = demo();
    keys(&mut app, "1");
    let ben = draw(&mut app, 80, 24, true).backend().to_string();
    assert!(ben.contains("Trust 4/5"), "{ben}");
    assert!(ben.contains("▸! Review a design"), "{ben}");
    assert!(ben.contains("   Run the team"), "{ben}");
    keys(&mut app, "hj1");
    let dana = draw(&mut app, 80, 24, true).backend().to_string();
    assert!(dana.contains("Trust 5/5"), "{dana}");
    assert!(dana.contains("Goals 1/1 reached"), "{dana}");
    assert!(dana.contains("100%"), "{dana}");
    insta::assert_snapshot!(format!("{ben}{dana}"));
}

/// The demo journal with the import window open on Ben's own export (he is
/// Ana Ruiz's mentee there), read and previewed. The temporary path is then
/// shown as a fixed one, so the snapshot does not depend on where the
/// temporary folder is.
fn import_preview(dir: &std::path::Path) -> App {
    let mut bens = store();
    let pair = NewPair::new(
        "Ana Ruiz",
        "Ben Okafor",
        Role::Mentee,
        "Growing into a tech lead",
        chrono::NaiveDate::from_ymd_opt(2026, 10, 2).unwrap(),
        Some(14),
    )
    .unwrap();
    let p = bens.add_pair(&pair, &Template::built_in()).unwrap();
    let note = candor::store::NewNote {
        body: "Ask Ana how she plans a quarter".into(),
        private: false,
        tags: Vec::new(),
    };
    bens.add_note(p.id, &note).unwrap();
    bens.add_strength(p.id, Role::Mentor, "Says no kindly")
        .unwrap();
    let meeting = candor::store::NewMeeting {
        held_at: bens.clock().now() - chrono::Duration::days(7),
        agenda: "Estimates".into(),
        notes: "Ben brought the three estimates".into(),
        next_steps: String::new(),
    };
    bens.add_meeting(p.id, &meeting).unwrap();
    let mut doc = candor::export::build(&bens, None, false).unwrap();
    candor::export::name_journal(&bens, &mut doc).unwrap();
    let json = candor::export::render(
        &doc,
        candor::export::Format::Json,
        bens.clock(),
        &Template::built_in(),
    );
    let file = dir.join("ben-okafor.json");
    std::fs::write(&file, json).unwrap();

    let mut app = demo();
    keys(&mut app, "i");
    keys(&mut app, file.to_str().unwrap());
    keys(&mut app, "\n");
    let Some(candor::app::Overlay::Form(form)) = &mut app.state.overlay else {
        panic!("the import window is open: {:?}", app.state.status);
    };
    assert_eq!(form.error, None);
    let mut values = form.values();
    values.insert(
        candor::app::form::Name::File,
        "~/Downloads/ben-okafor.json".into(),
    );
    form.set_values(&values);
    app
}

#[test]
fn import_asks_for_the_file_and_says_why_one_is_refused() {
    let mut app = demo();
    keys(&mut app, "i");
    let mut text = snapshot(&mut app, 80, 24);
    keys(&mut app, "nowhere.json\n");
    text.push_str(&snapshot(&mut app, 80, 24));
    insta::assert_snapshot!(text);
}

#[test]
fn import_shows_what_the_file_would_change_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = import_preview(dir.path());
    insta::assert_snapshot!(snapshot(&mut app, 80, 24));
}

#[test]
fn import_preview_at_the_design_size() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = import_preview(dir.path());
    insta::assert_snapshot!(snapshot(&mut app, 100, 30));
}

#[test]
fn counts_of_one_are_said_in_the_singular() {
    // Once "asked for 1 times", "1 meetings, 1 action items due", "1 days".
    let mut store = store();
    let day = |d: u32| chrono::NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
    let at = |d: u32| day(d).and_hms_opt(10, 0, 0).unwrap().and_utc();
    let pair = NewPair::new("Ana Ruiz", "Ben Okafor", Role::Mentor, "", day(2), Some(1)).unwrap();
    let p = store.add_pair(&pair, &Template::built_in()).unwrap();
    for (d, notes) in [(26, "held"), (29, "planned")] {
        let m = candor::store::NewMeeting {
            held_at: at(d),
            agenda: String::new(),
            notes: notes.into(),
            next_steps: String::new(),
        };
        store.add_meeting(p.id, &m).unwrap();
    }
    store
        .add_action(
            p.id,
            candor::domain::Owner::Both,
            "one thing",
            Some(day(30)),
        )
        .unwrap();
    let f = candor::store::NewFeedback {
        direction: candor::domain::Direction::ToMentor,
        requested: true,
        body: "more examples".into(),
        situation: None,
        behaviour: None,
        impact: None,
        response: candor::domain::Response::Accepted,
        follow_up: String::new(),
        given_at: at(26),
    };
    store.add_feedback(p.id, &f).unwrap();
    let mut app = App::new(store, Template::built_in(), Keymap::built_in());
    let overview = draw(&mut app, 120, 40, true).backend().to_string();
    assert!(overview.contains("every 1 day ·"), "{overview}");
    assert!(
        overview.contains("Last met yesterday · agreed every 1 day"),
        "{overview}"
    );
    keys(&mut app, "0");
    let home = draw(&mut app, 120, 40, true).backend().to_string();
    assert!(
        home.contains("This week: 1 meeting, 1 action item due"),
        "{home}"
    );
    assert!(home.contains("asked for 1 time ·"), "{home}");
    for wrong in ["1 times", "1 meetings", "1 action items", "1 days"] {
        assert!(!format!("{overview}{home}").contains(wrong), "{wrong}");
    }
}

#[test]
fn first_meeting_tab_as_the_mentee() {
    // Dana Li's pair: you are the mentee, and the checklist and its prompts
    // speak to you as the mentee.
    let mut app = demo();
    keys(&mut app, "j2jjjjj");
    insta::assert_snapshot!(snapshot(&mut app, 100, 30));
}

#[test]
fn overview_of_a_closed_pair_with_its_reflection() {
    use candor::domain::{Reflection, StayInTouch};
    let mut app = demo();
    keys(&mut app, "jj");
    let pair = app.state.pair().unwrap().clone();
    let reflection = Reflection {
        worked: "Starting from strengths, and asking before advising.".into(),
        mentor_takes: "Patience with a first-year developer.".into(),
        mentee_takes: "Ask for help sooner.".into(),
        stay_in_touch: StayInTouch::Yes,
    };
    app.store_mut()
        .close_pair(
            pair.id,
            Some(&reflection.text(&pair.mentor_name, &pair.mentee_name)),
        )
        .unwrap();
    app.reload();
    insta::assert_snapshot!(snapshot(&mut app, 100, 30));
}

#[test]
fn overview_says_when_feedback_to_the_mentor_was_not_asked_for() {
    use candor::store::NewMeeting;
    let mut app = demo();
    let pair = app.state.pair().unwrap().id;
    let now = app.store().clock().now();
    for days in 1..=3 {
        let meeting = NewMeeting {
            held_at: now - chrono::Duration::hours(days),
            agenda: String::new(),
            notes: format!("meeting {days}"),
            next_steps: String::new(),
        };
        app.store_mut().add_meeting(pair, &meeting).unwrap();
    }
    app.reload();
    let screen = snapshot(&mut app, 100, 30);
    assert!(
        screen.contains("! Feedback to you not asked for in the last 3 meetings"),
        "{screen}"
    );
}

#[test]
fn search_from_notes_says_locked_private_notes_were_not_searched() {
    let mut store = store();
    candor::demo::fill(&mut store, &Template::built_in()).unwrap();
    store
        .set_passphrase("correct horse", candor::crypto::KdfParams::TEST)
        .unwrap();
    store.lock();
    let mut app = App::new(store, Template::built_in(), Keymap::built_in());
    keys(&mut app, "5/trust");
    let mut text = snapshot(&mut app, 80, 24);
    text.push_str(&snapshot(&mut app, 60, 16));
    assert!(
        text.contains("Private notes are locked and were not searched · Esc, then U unlocks"),
        "{text}"
    );
    assert!(
        text.contains("Private notes locked, not searched · Esc, U unlocks"),
        "{text}"
    );
    insta::assert_snapshot!(text);
}

#[test]
fn the_overview_shows_all_five_steps_at_every_size() {
    // Down to 60×16 the other parts give way first: the focus, the action
    // items line and the steps' heading, the goals but the selected one.
    let mut app = demo();
    let mut text = String::new();
    for (w, h) in [(60, 16), (80, 24), (100, 30)] {
        let screen = snapshot(&mut app, w, h);
        for step in 1..=5 {
            let label = format!("│ {step} ");
            assert!(
                screen
                    .lines()
                    .any(|l| l.contains(&label) && l.contains('/')),
                "step {step} at {w}x{h}\n{screen}"
            );
        }
        assert!(screen.contains("Trust 4/5"), "{w}x{h}\n{screen}");
        assert!(screen.contains(" ! Review a de"), "{w}x{h}\n{screen}");
        text.push_str(&screen);
    }
    insta::assert_snapshot!(text);
}
