//! App logic: key events and actions fed straight into `App`, with the state
//! and the store checked afterwards. No terminal involved.
#![allow(clippy::unwrap_used)]

use std::sync::Arc;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use rstest::{fixture, rstest};

use candor::action::Action;
use candor::app::{App, Focus, Overlay, StatusKind, Tab};
use candor::clock::FixedClock;
use candor::domain::Role;
use candor::keymap::Keymap;
use candor::store::Store;
use candor::template::Template;

fn clock() -> Arc<FixedClock> {
    Arc::new(FixedClock::parse("2026-11-27T10:00:00Z").unwrap())
}

#[fixture]
fn empty() -> App {
    let store = Store::open_in_memory(clock()).unwrap();
    App::new(store, Template::built_in(), Keymap::built_in())
}

#[fixture]
fn demo() -> App {
    let mut store = Store::open_in_memory(clock()).unwrap();
    candor::demo::fill(&mut store, &Template::built_in()).unwrap();
    App::new(store, Template::built_in(), Keymap::built_in())
}

fn press(app: &mut App, code: KeyCode) {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn ctrl(app: &mut App, c: char) {
    app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}

fn keys(app: &mut App, keys: &str) {
    type_text(app, keys);
}

#[rstest]
fn start_selects_the_first_pair_and_its_overview(demo: App) {
    assert_eq!(demo.state.selected, 0);
    assert_eq!(demo.state.pair().unwrap().mentee_name, "Ben Okafor");
    assert_eq!(demo.state.tab, Tab::Overview);
    assert_eq!(demo.state.focus, Focus::Pairs);
    assert_eq!(demo.state.detail.checklist.len(), 12);
}

#[rstest]
fn number_keys_open_tabs_and_tab_cycles(mut demo: App) {
    for (key, tab) in [
        ('2', Tab::FirstMeeting),
        ('5', Tab::Notes),
        ('3', Tab::Meetings),
        ('1', Tab::Overview),
    ] {
        press(&mut demo, KeyCode::Char(key));
        assert_eq!(demo.state.tab, tab);
        assert_eq!(demo.state.focus, Focus::Tab);
    }
    press(&mut demo, KeyCode::Tab);
    assert_eq!(demo.state.tab, Tab::FirstMeeting);
    press(&mut demo, KeyCode::BackTab);
    press(&mut demo, KeyCode::BackTab);
    assert_eq!(demo.state.tab, Tab::Notes);
}

#[rstest]
fn arrows_and_hjkl_both_move(mut demo: App) {
    keys(&mut demo, "j");
    assert_eq!(demo.state.pair().unwrap().mentor_name, "Dana Li");
    press(&mut demo, KeyCode::Down);
    assert_eq!(demo.state.selected, 2);
    press(&mut demo, KeyCode::Down);
    assert_eq!(demo.state.selected, 2, "stops at the last pair");
    keys(&mut demo, "k");
    press(&mut demo, KeyCode::Up);
    assert_eq!(demo.state.selected, 0);
    keys(&mut demo, "l");
    assert_eq!(demo.state.focus, Focus::Tab);
    press(&mut demo, KeyCode::Left);
    assert_eq!(demo.state.focus, Focus::Pairs);
}

#[rstest]
fn space_ticks_the_selected_item_and_saves_at_once(mut demo: App) {
    keys(&mut demo, "2");
    // Ben's fifth item (strengths.open_door) is not ticked in the demo.
    keys(&mut demo, "jjjj ");
    let item = demo.state.detail.checklist[4].clone();
    assert_eq!(item.key, "strengths.open_door");
    assert!(item.done);
    let stored = demo.store().checklist(item.pair_id).unwrap();
    assert!(
        stored[4].done,
        "the tick is in the store, not only on screen"
    );
    assert_eq!(demo.state.pair().unwrap().checklist_done, 8);
    assert_eq!(demo.state.status.saved_at.as_deref(), Some("10:00"));
    keys(&mut demo, " ");
    assert!(!demo.store().checklist(item.pair_id).unwrap()[4].done);
}

#[rstest]
fn space_on_the_pair_list_does_nothing(mut demo: App) {
    keys(&mut demo, " ");
    assert_eq!(demo.state.pair().unwrap().checklist_done, 7);
}

#[rstest]
fn a_pair_is_added_by_typing(mut empty: App) {
    assert!(empty.state.pairs.is_empty());
    keys(&mut empty, "n");
    assert!(matches!(empty.state.overlay, Some(Overlay::Form(_))));
    type_text(&mut empty, "Ana Ruiz");
    press(&mut empty, KeyCode::Enter);
    type_text(&mut empty, "李 Ben 🚀");
    press(&mut empty, KeyCode::Enter);
    press(&mut empty, KeyCode::Right); // you are the mentee
    press(&mut empty, KeyCode::Enter);
    type_text(&mut empty, "Leading");
    ctrl(&mut empty, 's');
    assert!(empty.state.overlay.is_none(), "{:?}", empty.state.status);
    let pair = empty.state.pair().unwrap();
    assert_eq!(pair.mentor_name, "Ana Ruiz");
    assert_eq!(pair.mentee_name, "李 Ben 🚀");
    assert_eq!(pair.my_role, Role::Mentee);
    assert_eq!(pair.focus, "Leading");
    assert_eq!(pair.started_on.to_string(), "2026-11-27");
    assert_eq!(pair.cadence_days, Some(14));
    assert_eq!(empty.store().pairs().unwrap().len(), 1);
}

#[rstest]
fn a_refused_save_keeps_everything_typed(mut empty: App) {
    keys(&mut empty, "n");
    type_text(&mut empty, "Ana Ruiz");
    press(&mut empty, KeyCode::Enter);
    type_text(&mut empty, "   ");
    ctrl(&mut empty, 's');
    let Some(Overlay::Form(form)) = &empty.state.overlay else {
        panic!("the form must stay open");
    };
    assert_eq!(form.text(0), "Ana Ruiz");
    assert_eq!(form.text(1), "   ");
    assert!(
        form.error
            .as_deref()
            .unwrap()
            .contains("mentee's name must not be empty")
    );
    assert_eq!(empty.state.status.kind, StatusKind::Error);
    assert!(empty.store().pairs().unwrap().is_empty(), "nothing written");
}

#[rstest]
fn a_bad_date_in_the_form_is_refused(mut empty: App) {
    keys(&mut empty, "n");
    type_text(&mut empty, "A");
    press(&mut empty, KeyCode::Enter);
    type_text(&mut empty, "B");
    for _ in 0..3 {
        press(&mut empty, KeyCode::Tab);
    }
    for _ in 0..10 {
        press(&mut empty, KeyCode::Backspace);
    }
    type_text(&mut empty, "02/10/2026");
    ctrl(&mut empty, 's');
    assert!(
        empty.state.status.text.contains("is not a date"),
        "{:?}",
        empty.state.status
    );
    assert!(empty.store().pairs().unwrap().is_empty());
}

#[rstest]
fn esc_asks_before_throwing_typed_text_away(mut empty: App) {
    keys(&mut empty, "n");
    type_text(&mut empty, "Ana");
    press(&mut empty, KeyCode::Esc);
    assert!(empty.state.overlay.is_some(), "first Esc only asks");
    assert!(empty.state.status.text.contains("Discard"));
    type_text(&mut empty, "!");
    let Some(Overlay::Form(form)) = &empty.state.overlay else {
        panic!("still open");
    };
    assert_eq!(form.text(0), "Ana!", "another key keeps editing");
    press(&mut empty, KeyCode::Esc);
    press(&mut empty, KeyCode::Esc);
    assert!(empty.state.overlay.is_none());
}

#[rstest]
fn esc_on_an_untouched_form_closes_it(mut empty: App) {
    keys(&mut empty, "n");
    press(&mut empty, KeyCode::Esc);
    assert!(empty.state.overlay.is_none());
}

#[rstest]
fn strengths_and_experiences_are_added_on_first_meeting(mut demo: App) {
    keys(&mut demo, "2a");
    type_text(&mut demo, "Asks sharp questions");
    ctrl(&mut demo, 's');
    let pair_id = demo.state.pair().unwrap().id;
    let strengths = demo.store().strengths(pair_id).unwrap();
    let last = strengths.last().unwrap();
    assert_eq!(
        (last.whose, last.text.as_str()),
        (Role::Mentee, "Asks sharp questions")
    );

    keys(&mut demo, "a");
    press(&mut demo, KeyCode::Right);
    press(&mut demo, KeyCode::Right);
    press(&mut demo, KeyCode::Tab);
    type_text(&mut demo, "Nobody reads my design docs");
    press(&mut demo, KeyCode::Enter);
    type_text(
        &mut demo,
        "Mine went unread until I wrote one-page summaries",
    );
    press(&mut demo, KeyCode::Enter);
    assert!(
        demo.state.overlay.is_none(),
        "Enter on the last field saves"
    );
    let e = demo.store().experiences(pair_id).unwrap();
    assert_eq!(e.last().unwrap().challenge, "Nobody reads my design docs");
    assert_eq!(demo.state.detail.experiences.len(), 2);
}

#[rstest]
fn an_items_note_is_edited_in_place(mut demo: App) {
    keys(&mut demo, "2e");
    type_text(&mut demo, "over coffee");
    press(&mut demo, KeyCode::Enter);
    type_text(&mut demo, "second line");
    ctrl(&mut demo, 's');
    assert_eq!(
        demo.state.detail.checklist[0].note,
        "over coffee\nsecond line"
    );
}

#[rstest]
fn help_opens_and_closes(mut demo: App) {
    keys(&mut demo, "?");
    assert!(matches!(demo.state.overlay, Some(Overlay::Help)));
    keys(&mut demo, "j");
    assert_eq!(demo.state.help_scroll, 1);
    press(&mut demo, KeyCode::Esc);
    assert!(demo.state.overlay.is_none());
}

#[rstest]
fn q_quits_but_types_inside_a_form(mut demo: App) {
    keys(&mut demo, "n");
    keys(&mut demo, "q");
    assert!(!demo.state.quit);
    press(&mut demo, KeyCode::Esc);
    press(&mut demo, KeyCode::Esc);
    keys(&mut demo, "q");
    assert!(demo.state.quit);
}

#[rstest]
fn paste_goes_into_the_field_as_one_line(mut empty: App) {
    keys(&mut empty, "n");
    empty.handle_paste("Ana\nRuiz");
    let Some(Overlay::Form(form)) = &empty.state.overlay else {
        panic!("open");
    };
    assert_eq!(form.text(0), "Ana Ruiz");
}

#[rstest]
fn a_click_selects_a_pair_and_the_wheel_moves(mut demo: App) {
    demo.resize(100, 30);
    let row = candor::ui::areas(ratatui::layout::Rect::new(0, 0, 100, 30))
        .unwrap()
        .pair_rows;
    demo.handle_mouse(MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column: row.x + 3,
        row: row.y + 2,
        modifiers: KeyModifiers::NONE,
    });
    assert_eq!(demo.state.pair().unwrap().mentee_name, "Cleo Park");
    demo.handle_mouse(MouseEvent {
        kind: MouseEventKind::ScrollUp,
        column: 0,
        row: 0,
        modifiers: KeyModifiers::NONE,
    });
    assert_eq!(demo.state.selected, 1);
}

#[rstest]
fn new_on_a_tab_without_entries_says_why(mut demo: App) {
    keys(&mut demo, "3n");
    assert!(demo.state.overlay.is_none());
    assert_eq!(demo.state.status.kind, StatusKind::Error);
}

#[rstest]
fn actions_drive_the_same_paths_as_keys(mut demo: App) {
    demo.update(Action::ShowFirstMeeting);
    demo.update(Action::Bottom);
    assert_eq!(demo.state.item_cursor, 11);
    demo.update(Action::Top);
    assert_eq!(demo.state.item_cursor, 0);
    demo.update(Action::Toggle);
    assert!(!demo.state.detail.checklist[0].done);
}
