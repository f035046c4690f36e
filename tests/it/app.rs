//! App logic: key events and actions fed straight into `App`, with the state
//! and the store checked afterwards. No terminal involved.
#![allow(clippy::unwrap_used)]

use std::sync::Arc;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use rstest::{fixture, rstest};

use candor::action::Action;
use candor::app::form::Name;
use candor::app::{App, Effect, Focus, Overlay, Right, StatusKind, Tab};
use candor::clock::FixedClock;
use candor::domain::{Kind, Role};
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

fn help_scroll(app: &App) -> u16 {
    match &app.state.overlay {
        Some(Overlay::Help(h)) => h.scroll,
        _ => panic!("help is not shown"),
    }
}

fn item_cursor(app: &App) -> usize {
    match &app.state.right {
        Right::FirstMeeting(v) => v.cursor,
        _ => panic!("the First meeting tab is not shown"),
    }
}

fn goal_cursor(app: &App) -> usize {
    match &app.state.right {
        Right::Overview(v) => v.goal_cursor,
        _ => panic!("the Overview is not shown"),
    }
}

fn entry_list(app: &App) -> &candor::app::EntryList {
    match &app.state.right {
        Right::Entries(v) => v,
        _ => panic!("no list tab is shown"),
    }
}

fn home(app: &App) -> &candor::app::home::HomeView {
    match &app.state.right {
        Right::Home(v) => v,
        _ => panic!("Home is not shown"),
    }
}

/// Presses a key; what the app asked of the terminal loop comes back.
fn press(app: &mut App, code: KeyCode) -> Vec<Effect> {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE))
        .into_iter()
        .collect()
}

fn ctrl(app: &mut App, c: char) -> Vec<Effect> {
    app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
        .into_iter()
        .collect()
}

fn type_text(app: &mut App, text: &str) -> Vec<Effect> {
    text.chars()
        .flat_map(|c| press(app, KeyCode::Char(c)))
        .collect()
}

fn keys(app: &mut App, keys: &str) -> Vec<Effect> {
    type_text(app, keys)
}

#[rstest]
fn start_selects_the_first_pair_and_its_overview(demo: App) {
    assert_eq!(demo.state.pairs.selected, 0);
    assert_eq!(demo.state.pair().unwrap().mentee_name, "Ben Okafor");
    assert_eq!(demo.state.tab(), Some(Tab::Overview));
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
        assert_eq!(demo.state.tab(), Some(tab));
        assert_eq!(demo.state.focus, Focus::Tab);
    }
    press(&mut demo, KeyCode::Tab);
    assert_eq!(demo.state.tab(), Some(Tab::FirstMeeting));
    press(&mut demo, KeyCode::BackTab);
    press(&mut demo, KeyCode::BackTab);
    assert_eq!(demo.state.tab(), Some(Tab::Notes));
}

#[rstest]
fn arrows_and_hjkl_both_move(mut demo: App) {
    keys(&mut demo, "j");
    assert_eq!(demo.state.pair().unwrap().mentor_name, "Dana Li");
    press(&mut demo, KeyCode::Down);
    assert_eq!(demo.state.pairs.selected, 2);
    press(&mut demo, KeyCode::Down);
    assert_eq!(demo.state.pairs.selected, 2, "stops at the last pair");
    keys(&mut demo, "k");
    press(&mut demo, KeyCode::Up);
    assert_eq!(demo.state.pairs.selected, 0);
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
    assert_eq!(demo.state.pair_summary().unwrap().checklist_done, 10);
    assert_eq!(demo.state.status.saved_at.as_deref(), Some("10:00"));
    keys(&mut demo, " ");
    assert!(!demo.store().checklist(item.pair_id).unwrap()[4].done);
}

#[rstest]
fn space_on_the_pair_list_does_nothing(mut demo: App) {
    keys(&mut demo, " ");
    assert_eq!(demo.state.pair_summary().unwrap().checklist_done, 9);
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
    assert_eq!(form.text(Name::MentorName), "Ana Ruiz");
    assert_eq!(form.text(Name::MenteeName), "   ");
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
    assert_eq!(
        form.text(Name::MentorName),
        "Ana!",
        "another key keeps editing"
    );
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
    // On step 2's first item, the mentee's strengths.
    keys(&mut demo, "2jja");
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

#[test]
fn a_user_binding_of_x_to_help_opens_help_and_not_export() {
    let cfg = tempfile::tempdir().unwrap();
    std::fs::write(
        cfg.path().join("keymap.toml"),
        "[[bind]]\nmode = \"browse\"\non = [\"x\"]\nrun = \"help\"\n",
    )
    .unwrap();
    let mut store = Store::open_in_memory(clock()).unwrap();
    candor::demo::fill(&mut store, &Template::built_in()).unwrap();
    let keymap = Keymap::load(Some(cfg.path())).unwrap();
    let mut app = App::new(store, Template::built_in(), keymap);
    keys(&mut app, "x");
    assert!(
        matches!(app.state.overlay, Some(Overlay::Help(_))),
        "x opened {:?}",
        app.state.overlay
    );
    // The help screen lists x under help.
    let x = app
        .state
        .keymap
        .bindings()
        .iter()
        .find(|b| b.keys.iter().any(|k| k.to_string() == "x"))
        .unwrap();
    assert_eq!(x.action, Action::Help);
    press(&mut app, KeyCode::Esc);
    assert!(app.state.overlay.is_none());
}

#[rstest]
fn help_opens_and_closes(mut demo: App) {
    keys(&mut demo, "?");
    assert!(matches!(demo.state.overlay, Some(Overlay::Help(_))));
    keys(&mut demo, "j");
    assert_eq!(help_scroll(&demo), 1);
    press(&mut demo, KeyCode::Esc);
    assert!(demo.state.overlay.is_none());
}

#[rstest]
fn q_quits_but_types_inside_a_form(mut demo: App) {
    keys(&mut demo, "n");
    assert!(!keys(&mut demo, "q").contains(&Effect::Quit));
    press(&mut demo, KeyCode::Esc);
    press(&mut demo, KeyCode::Esc);
    assert!(keys(&mut demo, "q").contains(&Effect::Quit));
}

#[rstest]
fn paste_goes_into_the_field_as_one_line(mut empty: App) {
    keys(&mut empty, "n");
    let _ = empty.handle_paste("Ana\nRuiz");
    let Some(Overlay::Form(form)) = &empty.state.overlay else {
        panic!("open");
    };
    assert_eq!(form.text(Name::MentorName), "Ana Ruiz");
}

#[rstest]
fn a_click_selects_a_pair_and_the_wheel_moves(mut demo: App) {
    let _ = demo.resize(100, 30);
    let row = candor::ui::areas(ratatui::layout::Rect::new(0, 0, 100, 30))
        .unwrap()
        .pair_rows;
    let _ = demo.handle_mouse(MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column: row.x + 3,
        row: row.y + 4, // two rows per pair: the third pair's name

        modifiers: KeyModifiers::NONE,
    });
    assert_eq!(demo.state.pair().unwrap().mentee_name, "Cleo Park");
    let wheel = demo.handle_mouse(MouseEvent {
        kind: MouseEventKind::ScrollUp,
        column: 0,
        row: 0,
        modifiers: KeyModifiers::NONE,
    });
    assert_eq!(demo.state.pairs.selected, 1);
    assert!(
        wheel.contains(&Effect::Redraw),
        "the wheel's move is drawn at once"
    );
}

#[rstest]
fn new_on_the_overview_says_where_to_add(mut demo: App) {
    keys(&mut demo, "1n");
    assert!(demo.state.overlay.is_none());
    assert_eq!(demo.state.status.kind, StatusKind::Error);
}

#[rstest]
fn actions_drive_the_same_paths_as_keys(mut demo: App) {
    let _ = demo.update(Action::ShowFirstMeeting);
    let _ = demo.update(Action::Bottom);
    // Twelve items, and under steps 2 and 4 the strengths and experiences.
    let rows = candor::app::first_meeting::rows(&demo.state.detail).len();
    assert_eq!(
        rows,
        12 + demo.state.detail.strengths.len() + demo.state.detail.experiences.len()
    );
    assert_eq!(item_cursor(&demo), rows - 1);
    let _ = demo.update(Action::Top);
    assert_eq!(item_cursor(&demo), 0);
    let _ = demo.update(Action::Toggle);
    assert!(!demo.state.detail.checklist[0].done);
}

// --- meetings, feedback, notes, action items (candor 0.2) ---

fn ctrl_s(app: &mut App) {
    ctrl(app, 's');
}

/// Sets the note form just opened to private or not, then goes back to its
/// text, where the form opens.
fn choose_private(app: &mut App, yes: bool) {
    let Some(Overlay::Form(f)) = &app.state.overlay else {
        panic!("no form open");
    };
    if f.is_private() != yes {
        press(app, KeyCode::BackTab);
        press(app, KeyCode::Right);
        press(app, KeyCode::Tab);
    }
}

fn form_text(app: &App, field: Name) -> String {
    match &app.state.overlay {
        Some(Overlay::Form(f)) => f.text(field),
        other => panic!("no form open: {other:?}"),
    }
}

#[rstest]
fn a_new_meetings_agenda_lists_open_actions_and_next_notes(mut demo: App) {
    keys(&mut demo, "3n");
    let agenda = form_text(&demo, Name::Agenda);
    assert!(
        agenda.contains("- [ ] Write down the last three estimates"),
        "{agenda}"
    );
    assert!(
        agenda.contains("- [ ] Introduce Ben to the planning lead"),
        "{agenda}"
    );
    assert!(
        agenda.contains("- Ask Ben how the planning lead intro went"),
        "{agenda}"
    );
    assert!(
        !agenda.contains("right mentor"),
        "a private note never reaches an agenda: {agenda}"
    );
}

#[rstest]
fn a_meeting_is_logged_and_its_next_steps_become_action_items(mut demo: App) {
    keys(&mut demo, "3n");
    press(&mut demo, KeyCode::Tab); // agenda
    press(&mut demo, KeyCode::Tab); // notes
    type_text(&mut demo, "Talked about the planning lead");
    press(&mut demo, KeyCode::Tab); // next steps
    type_text(&mut demo, "- send the doc");
    press(&mut demo, KeyCode::Enter);
    type_text(&mut demo, "- book a room");
    ctrl_s(&mut demo); // next steps become action items unless told no
    assert!(demo.state.overlay.is_none(), "{:?}", demo.state.status);
    let pair = demo.state.pair_summary().unwrap().clone();
    assert_eq!(
        pair.days_since_met(demo.state.today, demo.store().clock()),
        Some(0)
    );
    let actions = demo
        .store()
        .actions(pair.pair.id, &candor::store::Page::first(50))
        .unwrap();
    let texts: Vec<_> = actions.iter().map(|a| a.text.as_str()).collect();
    assert!(
        texts.contains(&"send the doc") && texts.contains(&"book a room"),
        "{texts:?}"
    );
    let due = actions
        .iter()
        .find(|a| a.text == "book a room")
        .unwrap()
        .due_on;
    assert_eq!(
        due.map(|d| d.to_string()).as_deref(),
        Some("2026-12-11"),
        "due after one cadence"
    );
}

#[rstest]
fn a_meeting_in_the_future_is_planned_and_shows_as_next(mut demo: App) {
    keys(&mut demo, "3n");
    for _ in 0..16 {
        press(&mut demo, KeyCode::Backspace);
    }
    type_text(&mut demo, "2026-12-01 09:30");
    press(&mut demo, KeyCode::Tab);
    type_text(&mut demo, "x");
    ctrl_s(&mut demo);
    let pair = demo.state.pair_summary().unwrap();
    assert_eq!(
        pair.next_meeting(demo.store().clock()).unwrap().to_string(),
        "2026-12-01"
    );
    assert!(
        !pair.is_overdue(demo.state.today, demo.store().clock()),
        "a planned meeting settles the cadence"
    );
}

#[rstest]
fn feedback_records_who_asked_and_how_it_was_taken(mut demo: App) {
    keys(&mut demo, "4n");
    press(&mut demo, KeyCode::Tab); // asked for
    press(&mut demo, KeyCode::Right); // yes
    press(&mut demo, KeyCode::Tab);
    type_text(&mut demo, "You listened well today");
    press(&mut demo, KeyCode::Tab);
    press(&mut demo, KeyCode::Right); // accepted
    ctrl_s(&mut demo);
    assert!(demo.state.overlay.is_none(), "{:?}", demo.state.status);
    let s = demo.state.detail.feedback;
    assert_eq!((s.asked, s.received, s.taken), (2, 2, 2));
    // The one the mentor gave is the rest of the tab's list.
    let listed: usize = entry_list(&demo)
        .list
        .sections
        .iter()
        .map(|s| s.total)
        .sum();
    assert_eq!(listed, 3);
}

#[rstest]
fn empty_feedback_is_refused_and_kept_open(mut demo: App) {
    keys(&mut demo, "4n");
    ctrl_s(&mut demo);
    assert!(matches!(demo.state.overlay, Some(Overlay::Form(_))));
    assert!(
        demo.state.status.text.contains("must not be empty"),
        "{:?}",
        demo.state.status
    );
}

#[rstest]
fn a_private_note_is_marked_and_never_goes_to_the_editor(mut demo: App) {
    keys(&mut demo, "5n");
    choose_private(&mut demo, true);
    type_text(&mut demo, "Only for me");
    press(&mut demo, KeyCode::Tab);
    type_text(&mut demo, "career");
    press(&mut demo, KeyCode::BackTab);
    assert!(
        !ctrl(&mut demo, 'e')
            .iter()
            .any(|e| matches!(e, Effect::Editor(_))),
        "no editor for private text"
    );
    assert!(demo.state.status.text.contains("Private text never goes"));
    ctrl_s(&mut demo);
    let Some(candor::app::Row::Note(n)) = demo.state.row().cloned() else {
        panic!("the new note is first");
    };
    assert!(
        n.is_private()
            && n.text().unwrap().body == "Only for me"
            && n.text().unwrap().tags == ["career"]
    );
}

#[rstest]
fn ctrl_e_asks_the_terminal_for_the_editor_and_takes_its_text(mut demo: App) {
    keys(&mut demo, "5n");
    choose_private(&mut demo, false);
    type_text(&mut demo, "draft");
    assert!(ctrl(&mut demo, 'e').contains(&Effect::Editor("draft".into())));
    let _ = demo.editor_returned(Ok("from the editor\nsecond line".into()));
    assert_eq!(form_text(&demo, Name::Body), "from the editor\nsecond line");
    let _ = demo.editor_returned(Err(candor::editor::EditorError::Unset));
    assert_eq!(
        form_text(&demo, Name::Body),
        "from the editor\nsecond line",
        "a failed editor keeps the text"
    );
    assert_eq!(demo.state.status.kind, StatusKind::Error);
}

#[rstest]
fn delete_asks_first_and_u_brings_it_back(mut demo: App) {
    keys(&mut demo, "5");
    let before = demo.state.row_count();
    keys(&mut demo, "d");
    assert!(matches!(demo.state.overlay, Some(Overlay::Confirm(_))));
    keys(&mut demo, "n");
    assert_eq!(demo.state.row_count(), before, "no keeps it");
    keys(&mut demo, "dy");
    assert_eq!(demo.state.row_count(), before - 1);
    assert_eq!(demo.store().tombstone_count().unwrap(), 1);
    keys(&mut demo, "u");
    assert_eq!(demo.state.row_count(), before);
    assert_eq!(
        demo.store().tombstone_count().unwrap(),
        0,
        "the tombstone goes with the undo"
    );
}

#[rstest]
fn space_marks_an_action_done_on_the_meetings_tab(mut demo: App) {
    keys(&mut demo, "3");
    assert_eq!(demo.state.pair_summary().unwrap().overdue_actions, 1);
    keys(&mut demo, " ");
    assert_eq!(demo.state.pair_summary().unwrap().overdue_actions, 0);
    assert_eq!(demo.state.pair_summary().unwrap().open_actions, 1);
}

#[rstest]
fn pairs_are_paused_closed_edited_and_erased_from_the_list(mut demo: App) {
    use candor::domain::PairStatus;
    // P asks first; n (or Esc) keeps the pair as it was.
    keys(&mut demo, "P");
    assert!(
        matches!(&demo.state.overlay, Some(Overlay::Confirm(c)) if c.text.contains("Pause the pair with Ben Okafor?")),
        "{:?}",
        demo.state.overlay
    );
    assert_eq!(demo.state.pair().unwrap().status, PairStatus::Active);
    keys(&mut demo, "n");
    assert_eq!(demo.state.pair().unwrap().status, PairStatus::Active);
    keys(&mut demo, "Py");
    assert_eq!(demo.state.pair().unwrap().status, PairStatus::Paused);
    // Resuming takes nothing away: at once.
    keys(&mut demo, "P");
    assert!(demo.state.overlay.is_none());
    assert_eq!(demo.state.pair().unwrap().status, PairStatus::Active);
    // Closing asks for the closing reflection first; saved empty, it closes without one.
    keys(&mut demo, "C");
    ctrl_s(&mut demo);
    assert_eq!(
        demo.state.pair().unwrap().status,
        candor::domain::PairStatus::Closed
    );
    keys(&mut demo, "e");
    press(&mut demo, KeyCode::Tab);
    for _ in 0.."Ben Okafor".len() {
        press(&mut demo, KeyCode::Backspace);
    }
    type_text(&mut demo, "Benjamin Okafor");
    ctrl_s(&mut demo);
    assert_eq!(demo.state.pair().unwrap().mentee_name, "Benjamin Okafor");
    keys(&mut demo, "dy");
    assert_eq!(demo.state.pairs.len(), 2);
    assert!(
        demo.store().tombstone_count().unwrap() > 12,
        "the pair and its rows leave tombstones"
    );
}

#[rstest]
fn a_long_note_opens_read_only_first(mut demo: App) {
    let pair_id = demo.state.pair().unwrap().id;
    let body = "word ".repeat(1_000_000);
    let note = candor::store::NewNote {
        body,
        private: false,
        tags: vec![],
    };
    demo.store_mut().add_note(pair_id, &note).unwrap();
    demo.reload();
    keys(&mut demo, "5e");
    let Some(Overlay::Viewer(v)) = &demo.state.overlay else {
        panic!("the viewer opens first");
    };
    assert!(v.rows.len() > 60_000, "{} rows", v.rows.len());
    press(&mut demo, KeyCode::End);
    let Some(Overlay::Viewer(v)) = &demo.state.overlay else {
        panic!()
    };
    assert!(v.scroll > 60_000);
    keys(&mut demo, "e");
    assert!(
        matches!(demo.state.overlay, Some(Overlay::Form(_))),
        "e again edits"
    );
}

// --- drafts and two running copies ---

/// The demo journal written to the file `db`.
fn demo_file(db: &std::path::Path, clock: &Arc<candor::clock::ManualClock>) {
    let mut store = Store::open(db, clock.clone()).unwrap();
    candor::demo::fill(&mut store, &Template::built_in()).unwrap();
}

fn file_app(path: &std::path::Path, clock: Arc<candor::clock::ManualClock>) -> App {
    let store = Store::open(path, clock).unwrap();
    let settings = candor::app::Settings {
        autosave_after: std::time::Duration::from_secs(3),
        lock_after: std::time::Duration::from_secs(300),
        ..candor::app::Settings::default()
    };
    App::with_settings(store, Template::built_in(), Keymap::built_in(), settings)
}

fn manual_clock() -> Arc<candor::clock::ManualClock> {
    let t = chrono::DateTime::parse_from_rfc3339("2026-11-27T10:00:00Z").unwrap();
    Arc::new(candor::clock::ManualClock::new(
        t.with_timezone(&chrono::Utc),
    ))
}

#[test]
fn typing_is_kept_as_a_draft_after_a_pause_and_offered_at_the_next_start() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("j.db");
    let clock = manual_clock();
    demo_file(&db, &clock);
    let mut first = file_app(&db, clock.clone());
    keys(&mut first, "5n");
    type_text(&mut first, "half a thought");
    clock.advance(chrono::Duration::seconds(2));
    let _ = first.tick();
    assert!(
        first.store().drafts().unwrap().is_empty(),
        "not while typing goes on"
    );
    clock.advance(chrono::Duration::seconds(2));
    let _ = first.tick();
    assert_eq!(
        first.store().drafts().unwrap().len(),
        1,
        "kept after a pause"
    );
    type_text(&mut first, " and more");
    // The program is killed here: only the stored draft survives.
    drop(first);

    let mut second = file_app(&db, clock.clone());
    let Some(Overlay::Confirm(c)) = &second.state.overlay else {
        panic!("the draft is offered");
    };
    assert!(
        c.text.contains("Draft kept from 2026-11-27 10:00"),
        "{}",
        c.text
    );
    keys(&mut second, "y");
    assert_eq!(form_text(&second, Name::Body), "half a thought");
    ctrl_s(&mut second);
    assert!(
        second.store().drafts().unwrap().is_empty(),
        "saved for real, the draft goes"
    );
    let pair_id = second.state.pair().unwrap().id;
    let notes = second
        .store()
        .notes(pair_id, true, &candor::store::Page::first(10))
        .unwrap();
    assert_eq!(notes[0].text().unwrap().body, "half a thought");
}

#[test]
fn a_draft_can_be_thrown_away_or_left_for_later() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("j.db");
    let clock = manual_clock();
    demo_file(&db, &clock);
    let mut app = file_app(&db, clock.clone());
    keys(&mut app, "5n");
    type_text(&mut app, "maybe later");
    keys(&mut app, "");
    let _ = app.update(Action::Quit);
    assert_eq!(
        app.store().drafts().unwrap().len(),
        1,
        "quitting with typing keeps a draft"
    );
    drop(app);

    let mut later = file_app(&db, clock.clone());
    press(&mut later, KeyCode::Esc);
    assert!(later.state.overlay.is_none());
    assert_eq!(
        later.store().drafts().unwrap().len(),
        1,
        "Esc keeps it for next time"
    );
    drop(later);

    let mut gone = file_app(&db, clock.clone());
    keys(&mut gone, "n");
    assert_eq!(
        gone.store().drafts().unwrap().len(),
        1,
        "n alone asks first"
    );
    keys(&mut gone, "y");
    assert!(gone.store().drafts().unwrap().is_empty());
}

/// A journal whose last run left one draft of a note, "kept for later",
/// opened again: the draft is offered.
fn app_with_a_kept_draft() -> (tempfile::TempDir, std::path::PathBuf, App) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("j.db");
    let clock = manual_clock();
    demo_file(&db, &clock);
    let mut app = file_app(&db, clock.clone());
    keys(&mut app, "5n");
    type_text(&mut app, "kept for later");
    let _ = app.update(Action::Quit);
    drop(app);
    let app = file_app(&db, clock);
    assert!(offers_the_draft(&app), "{:?}", app.state.overlay);
    (dir, db, app)
}

fn offers_the_draft(app: &App) -> bool {
    matches!(&app.state.overlay, Some(Overlay::Confirm(c)) if c.text.starts_with("Draft kept from"))
}

fn asks_to_throw_it_away(app: &App) -> bool {
    matches!(&app.state.overlay, Some(Overlay::Confirm(c)) if c.text.starts_with("Throw the draft away for good?"))
}

#[rstest]
#[case::another_letter(KeyCode::Char('o'))]
#[case::n_again(KeyCode::Char('n'))]
#[case::capital_y(KeyCode::Char('Y'))]
#[case::esc(KeyCode::Esc)]
#[case::enter(KeyCode::Enter)]
#[case::space(KeyCode::Char(' '))]
fn n_then_any_other_key_keeps_the_draft(#[case] second: KeyCode) {
    let (_dir, db, mut app) = app_with_a_kept_draft();
    keys(&mut app, "n");
    assert!(asks_to_throw_it_away(&app), "{:?}", app.state.overlay);
    assert_eq!(app.store().drafts().unwrap().len(), 1, "n alone asks first");
    press(&mut app, second);
    assert_eq!(app.store().drafts().unwrap().len(), 1, "the draft is kept");
    assert!(
        offers_the_draft(&app),
        "offered again: {:?}",
        app.state.overlay
    );
    assert!(
        app.state.status.text.contains("The draft is kept"),
        "{:?}",
        app.state.status
    );
    // Still there for the next run too, and y now reopens it.
    drop(app);
    let mut again = file_app(&db, manual_clock());
    assert!(offers_the_draft(&again));
    keys(&mut again, "y");
    assert_eq!(form_text(&again, Name::Body), "kept for later");
}

#[test]
fn n_then_y_throws_the_draft_away() {
    let (_dir, db, mut app) = app_with_a_kept_draft();
    keys(&mut app, "n");
    assert!(asks_to_throw_it_away(&app));
    keys(&mut app, "y");
    assert!(app.store().drafts().unwrap().is_empty(), "thrown away");
    assert!(app.state.overlay.is_none(), "{:?}", app.state.overlay);
    assert_eq!(app.state.status.text, "The draft was thrown away.");
    drop(app);
    let next = file_app(&db, manual_clock());
    assert!(next.state.overlay.is_none(), "nothing is offered any more");
}

#[test]
fn typing_words_into_the_draft_offer_does_not_lose_the_draft() {
    let (_dir, _db, mut app) = app_with_a_kept_draft();
    type_text(&mut app, "nothing new, not now; and nonetheless n");
    assert_eq!(app.store().drafts().unwrap().len(), 1, "the draft is kept");
    assert!(
        offers_the_draft(&app) || asks_to_throw_it_away(&app),
        "{:?}",
        app.state.overlay
    );
    press(&mut app, KeyCode::Enter);
    assert!(offers_the_draft(&app), "{:?}", app.state.overlay);
    assert_eq!(app.store().drafts().unwrap().len(), 1);
}

#[test]
fn two_copies_saving_the_same_note_keep_both_texts() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("j.db");
    let clock = manual_clock();
    demo_file(&db, &clock);
    let mut a = file_app(&db, clock.clone());
    let mut b = file_app(&db, clock.clone());
    // Both open the shared note (the second row) for editing.
    keys(&mut a, "5je");
    keys(&mut b, "5je");
    type_text(&mut a, " — from A");
    ctrl_s(&mut a);
    type_text(&mut b, " — from B");
    ctrl_s(&mut b);
    assert!(
        b.state.status.text.contains("changed in another candor"),
        "{:?}",
        b.state.status
    );
    let pair_id = b.state.pair().unwrap().id;
    let bodies: Vec<String> = b
        .store()
        .notes(pair_id, false, &candor::store::Page::first(10))
        .unwrap()
        .into_iter()
        .map(|n| n.text().unwrap().body.clone())
        .collect();
    assert!(bodies.iter().any(|t| t.ends_with("— from A")), "{bodies:?}");
    assert!(bodies.iter().any(|t| t.ends_with("— from B")), "{bodies:?}");
}

// --- search and export (candor 0.3) ---

#[rstest]
fn slash_searches_as_you_type_and_enter_jumps_to_the_hit(mut demo: App) {
    keys(&mut demo, "/");
    type_text(&mut demo, "planning lead");
    let Some(Overlay::Search(view)) = &demo.state.overlay else {
        panic!("the search window is open");
    };
    assert!(!view.hits.is_empty());
    let kinds: Vec<Kind> = view.hits.iter().map(|h| h.kind).collect();
    assert!(
        kinds.contains(&Kind::Note) && kinds.contains(&Kind::Action),
        "{kinds:?}"
    );
    // Go to the note hit.
    let note = view.hits.iter().position(|h| h.kind == Kind::Note).unwrap();
    for _ in 0..note {
        press(&mut demo, KeyCode::Down);
    }
    press(&mut demo, KeyCode::Enter);
    assert!(demo.state.overlay.is_none());
    assert_eq!(demo.state.tab(), Some(Tab::Notes));
    let Some(candor::app::Row::Note(n)) = demo.state.row() else {
        panic!("a note is selected");
    };
    assert!(n.text().unwrap().body.contains("planning lead"));
}

#[rstest]
fn keys_typed_ahead_of_a_search_are_answered_by_one_search_once_none_waits(mut demo: App) {
    // As the terminal loop runs it: a key only marks the hits stale.
    demo.defer_searches();
    keys(&mut demo, "/");
    type_text(&mut demo, "planning lead");
    let view = |app: &App| match &app.state.overlay {
        Some(Overlay::Search(v)) => (v.hits.len(), v.stale),
        _ => panic!("no search open"),
    };
    assert_eq!(view(&demo), (0, true));
    let effects: Vec<Effect> = demo.settle().into_iter().collect();
    assert!(effects.contains(&Effect::Redraw), "{effects:?}");
    // The same hits as a search at each key finds.
    let Some(Overlay::Search(deferred)) = &demo.state.overlay else {
        panic!("no search open");
    };
    let deferred: Vec<i64> = deferred.hits.iter().map(|h| h.id).collect();
    assert!(!deferred.is_empty());
    let filter = candor::store::SearchFilter {
        prefix_last: true,
        ..Default::default()
    };
    let direct: Vec<i64> = demo
        .store()
        .search("planning lead", &filter)
        .unwrap()
        .iter()
        .map(|h| h.id)
        .collect();
    assert_eq!(deferred, direct);
    assert!(!view(&demo).1);
    // Nothing left to settle.
    assert!(demo.settle().is_empty());
}

#[rstest]
fn a_rare_phrase_of_common_words_is_looked_for_in_the_newest_entries_and_the_screen_says_so(
    mut demo: App,
) {
    let pair = demo.state.pair().unwrap().id;
    let note = |body: String| candor::store::NewNote {
        body,
        private: false,
        tags: vec![],
    };
    // The phrase is in the oldest note only; its words are in 5,100 newer.
    demo.store_mut()
        .add_note(pair, &note("the release estimates were late".into()))
        .unwrap();
    for i in 0..(candor::app::PHRASE_CHECKS + 100) {
        demo.store_mut()
            .add_note(pair, &note(format!("{i}: estimates before the release")))
            .unwrap();
    }
    keys(&mut demo, "/");
    type_text(&mut demo, "\"release estimates\"");
    let Some(Overlay::Search(view)) = &demo.state.overlay else {
        panic!("no search open");
    };
    assert!(view.hits.is_empty() && view.cut_short);
    let screen = drawn(&demo);
    assert!(
        screen.contains("looked for in the newest 5,000 entries"),
        "{screen}"
    );
    // The command line's search looks in them all.
    let all = demo
        .store()
        .search(
            "\"release estimates\"",
            &candor::store::SearchFilter::default(),
        )
        .unwrap();
    assert_eq!(all.len(), 1);
    // A phrase found among the newest says nothing more.
    press(&mut demo, KeyCode::Esc);
    keys(&mut demo, "/");
    type_text(&mut demo, "\"before the release\"");
    let Some(Overlay::Search(view)) = &demo.state.overlay else {
        panic!("no search open");
    };
    assert!(!view.hits.is_empty() && !view.cut_short);
    assert!(!drawn(&demo).contains("looked for in the newest"));
}

#[rstest]
fn text_pasted_into_the_search_is_searched_on_one_line(mut demo: App) {
    keys(&mut demo, "/");
    let effects: Vec<Effect> = demo
        .handle_paste("planning\r\nlead\u{1b}")
        .into_iter()
        .collect();
    assert!(effects.contains(&Effect::Redraw));
    let Some(Overlay::Search(view)) = &demo.state.overlay else {
        panic!("the search window is open");
    };
    assert_eq!(view.query(), "planning  lead ");
    assert!(
        view.hits
            .iter()
            .any(|h| h.snippet.contains("«planning» «lead»")),
        "{:?}",
        view.hits
    );
}

#[rstest]
fn private_notes_are_searched_only_from_the_notes_tab(mut demo: App) {
    let hits = |app: &App| match &app.state.overlay {
        Some(Overlay::Search(v)) => v.hits.len(),
        _ => panic!("no search open"),
    };
    keys(&mut demo, "/");
    type_text(&mut demo, "people side");
    assert_eq!(hits(&demo), 0, "a private note is not found from elsewhere");
    press(&mut demo, KeyCode::Esc);
    keys(&mut demo, "5/");
    type_text(&mut demo, "people side");
    assert_eq!(hits(&demo), 1, "it is found where it is shown");
}

#[rstest]
fn a_query_people_type_is_never_an_error(mut demo: App) {
    for q in ["\"unbalanced", "NEAR(", "body:", "***", "trust AND", "(("] {
        keys(&mut demo, "/");
        type_text(&mut demo, q);
        assert_eq!(
            demo.state.status.kind,
            StatusKind::Info,
            "{q}: {:?}",
            demo.state.status
        );
        press(&mut demo, KeyCode::Esc);
    }
}

#[rstest]
fn x_shows_what_leaves_and_writes_a_private_file(demo: App) {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo;
    keys(&mut app, "x");
    let Some(Overlay::Form(form)) = &app.state.overlay else {
        panic!("the export form is open");
    };
    assert!(
        form.notes[0].contains("held back: 1 private note"),
        "{:?}",
        form.notes
    );
    let path = dir.path().join("ben");
    // The file name field is the last; replace its text.
    for _ in 0..3 {
        press(&mut app, KeyCode::Tab);
    }
    for _ in 0..60 {
        press(&mut app, KeyCode::Backspace);
    }
    type_text(&mut app, path.to_str().unwrap());
    ctrl_s(&mut app);
    assert!(app.state.overlay.is_none(), "{:?}", app.state.status);
    let written = dir.path().join("ben.md");
    let md = std::fs::read_to_string(&written).unwrap();
    assert!(md.contains("Ana Ruiz mentors Ben Okafor"));
    assert!(!md.contains("right mentor"), "the private note stays home");
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&written).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let full = written.canonicalize().unwrap();
    assert!(
        app.state
            .status
            .text
            .starts_with(&format!("Wrote {}: ", full.display())),
        "the full path: {}",
        app.state.status.text
    );

    // The same file again: asked first, replaced on the second Ctrl-s.
    std::fs::write(&written, "kept until asked").unwrap();
    keys(&mut app, "x");
    for _ in 0..3 {
        press(&mut app, KeyCode::Tab);
    }
    for _ in 0..60 {
        press(&mut app, KeyCode::Backspace);
    }
    type_text(&mut app, path.to_str().unwrap());
    ctrl_s(&mut app);
    let Some(Overlay::Form(form)) = &app.state.overlay else {
        panic!("the form stays open to ask");
    };
    assert_eq!(
        form.error.as_deref(),
        Some(
            format!(
                "{} exists already; Ctrl-s again replaces it, or change the name.",
                full.display()
            )
            .as_str()
        )
    );
    assert_eq!(
        std::fs::read_to_string(&written).unwrap(),
        "kept until asked"
    );
    ctrl_s(&mut app);
    assert!(app.state.overlay.is_none(), "{:?}", app.state.status);
    assert!(
        std::fs::read_to_string(&written)
            .unwrap()
            .contains("Ben Okafor")
    );
}

#[test]
fn a_json_export_from_the_screen_writes_c1_del_and_bidi_as_json_escapes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("j.db");
    let body = "c1 \u{85}\u{9b}2J del \u{7f} bidi \u{202e}txt\u{2066}x\u{2069} end";
    {
        let mut store = Store::open(&db, manual_clock()).unwrap();
        candor::demo::fill(&mut store, &Template::built_in()).unwrap();
        let note = candor::store::NewNote {
            body: body.into(),
            private: false,
            tags: Vec::new(),
        };
        store.add_note(1, &note).unwrap();
    }
    let written = dir.path().join("all.json");
    let mut app = file_app(&db, manual_clock());
    keys(&mut app, "x");
    press(&mut app, KeyCode::Right); // all pairs
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Right); // JSON
    for _ in 0..2 {
        press(&mut app, KeyCode::Tab);
    }
    for _ in 0..60 {
        press(&mut app, KeyCode::Backspace);
    }
    type_text(&mut app, written.to_str().unwrap());
    ctrl_s(&mut app);
    assert!(app.state.overlay.is_none(), "{:?}", app.state.status);
    let json = std::fs::read_to_string(&written).unwrap();
    for raw in [
        '\u{85}', '\u{9b}', '\u{7f}', '\u{202e}', '\u{2066}', '\u{2069}',
    ] {
        assert!(!json.contains(raw), "U+{:04X} raw in the file", raw as u32);
    }
    assert!(
        json.contains("c1 \\u0085\\u009b2J del \\u007f bidi \\u202etxt\\u2066x\\u2069 end"),
        "JSON's own escapes"
    );
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    let bodies: Vec<&str> = doc["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| p["notes"].as_array().unwrap())
        .filter_map(|n| n["body"].as_str())
        .collect();
    assert!(bodies.contains(&body), "parsed back whole: {bodies:?}");
}

#[test]
fn the_export_form_refuses_the_journal_itself() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("j.db");
    {
        let mut store = Store::open(&db, manual_clock()).unwrap();
        candor::demo::fill(&mut store, &Template::built_in()).unwrap();
    }
    let before = std::fs::read(&db).unwrap();
    let mut app = file_app(&db, manual_clock());
    keys(&mut app, "x");
    press(&mut app, KeyCode::Right); // all pairs
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Right); // JSON
    for _ in 0..2 {
        press(&mut app, KeyCode::Tab);
    }
    for _ in 0..60 {
        press(&mut app, KeyCode::Backspace);
    }
    type_text(&mut app, db.to_str().unwrap());
    for _ in 0..2 {
        ctrl_s(&mut app);
    }
    let Some(Overlay::Form(form)) = &app.state.overlay else {
        panic!("refused, the form stays open");
    };
    assert!(
        form.error
            .as_deref()
            .is_some_and(|e| e.contains("is the journal")),
        "{:?}",
        form.error
    );
    drop(app);
    assert_eq!(std::fs::read(&db).unwrap(), before);
}

// --- private notes under a passphrase (candor 0.4) ---

fn locked_journal(clock: Arc<candor::clock::ManualClock>, dir: &std::path::Path) -> App {
    let db = dir.join("j.db");
    {
        let mut store = Store::open(&db, clock.clone()).unwrap();
        candor::demo::fill(&mut store, &Template::built_in()).unwrap();
        store
            .set_passphrase("correct horse", candor::crypto::KdfParams::TEST)
            .unwrap();
    }
    file_app(&db, clock)
}

fn wait_for_unlock(app: &mut App) {
    for _ in 0..500 {
        let _ = app.tick();
        if app.state.busy.is_none() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    panic!("the unlock did not finish");
}

#[test]
fn private_notes_show_locked_until_u_unlocks_them_off_the_ui_thread() {
    let dir = tempfile::tempdir().unwrap();
    let clock = manual_clock();
    let mut app = locked_journal(clock, dir.path());
    keys(&mut app, "5");
    let locked = entry_list(&app).list.sections[0]
        .rows
        .iter()
        .any(|r| matches!(r, candor::app::Row::Note(n) if n.is_locked() && n.text().is_none()));
    assert!(locked, "the private note is locked and its text not loaded");
    keys(&mut app, "U");
    type_text(&mut app, "wrong passphrase");
    press(&mut app, KeyCode::Enter);
    wait_for_unlock(&mut app);
    assert!(
        app.state.status.text.contains("does not open"),
        "{:?}",
        app.state.status
    );
    assert!(!app.store().is_unlocked());
    // The prompt stays open, says why in one line, and is empty again.
    let Some(Overlay::Form(prompt)) = &app.state.overlay else {
        panic!("the prompt stays open");
    };
    assert_eq!(
        prompt.error.as_deref(),
        Some("That passphrase does not open this journal; type it again.")
    );
    assert!(matches!(
        &prompt.fields[0].input,
        candor::app::form::Input::Secret(s) if s.is_empty()
    ));
    type_text(&mut app, "correct horse");
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        app.state.busy.as_deref(),
        Some("Unlocking"),
        "the derivation runs in the background"
    );
    wait_for_unlock(&mut app);
    assert!(app.store().is_unlocked());
    let bodies: Vec<String> = entry_list(&app).list.sections[0]
        .rows
        .iter()
        .filter_map(|r| match r {
            candor::app::Row::Note(n) if n.is_private() => Some(n.text().unwrap().body.clone()),
            _ => None,
        })
        .collect();
    assert!(
        bodies.iter().any(|b| b.contains("right mentor")),
        "{bodies:?}"
    );
}

#[test]
fn l_locks_at_once_and_idleness_locks_too() {
    let dir = tempfile::tempdir().unwrap();
    let clock = manual_clock();
    let mut app = locked_journal(clock.clone(), dir.path());
    keys(&mut app, "5U");
    type_text(&mut app, "correct horse");
    press(&mut app, KeyCode::Enter);
    wait_for_unlock(&mut app);
    assert!(
        keys(&mut app, "L").contains(&Effect::ClearScreen),
        "locking clears the screen"
    );
    assert!(!app.store().is_unlocked());

    keys(&mut app, "U");
    type_text(&mut app, "correct horse");
    press(&mut app, KeyCode::Enter);
    wait_for_unlock(&mut app);
    clock.advance(chrono::Duration::seconds(299));
    let _ = app.tick();
    assert!(app.store().is_unlocked(), "not before the idle time");
    keys(&mut app, "j"); // activity restarts the wait
    clock.advance(chrono::Duration::seconds(299));
    let _ = app.tick();
    assert!(app.store().is_unlocked());
    clock.advance(chrono::Duration::seconds(2));
    let _ = app.tick();
    assert!(!app.store().is_unlocked(), "locked after five idle minutes");
    assert!(app.state.status.text.contains("idle"));
}

#[test]
fn the_passphrase_never_becomes_a_draft() {
    let dir = tempfile::tempdir().unwrap();
    let clock = manual_clock();
    let mut app = locked_journal(clock.clone(), dir.path());
    keys(&mut app, "U");
    type_text(&mut app, "correct horse");
    clock.advance(chrono::Duration::seconds(10));
    let _ = app.tick();
    let _ = app.update(Action::Quit);
    assert!(app.store().drafts().unwrap().is_empty());
}

#[test]
fn a_private_note_written_while_locked_is_sealed_and_needs_no_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let clock = manual_clock();
    let mut app = locked_journal(clock, dir.path());
    keys(&mut app, "5n");
    choose_private(&mut app, true);
    type_text(&mut app, "CANARY-written-locked");
    ctrl_s(&mut app);
    assert!(app.state.overlay.is_none(), "{:?}", app.state.status);
    drop(app);
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        assert!(!bytes.windows(21).any(|w| w == b"CANARY-written-locked"));
    }
}

#[rstest]
fn zero_opens_home_and_the_number_keys_still_open_the_pair(mut demo: App) {
    keys(&mut demo, "0");
    assert_eq!(demo.state.tab(), None);
    let actions = |due: &[candor::app::home::Due]| {
        due.iter()
            .filter(|d| matches!(d, candor::app::home::Due::Action(_)))
            .count()
    };
    assert_eq!(actions(&home(&demo).late), 1, "one overdue");
    assert_eq!(
        actions(&home(&demo).this_week),
        1,
        "one due within the week"
    );
    assert_eq!(
        home(&demo).mentor_feedback.asked,
        1,
        "only pairs where you are the mentor"
    );
    keys(&mut demo, "2");
    assert_eq!(demo.state.tab(), Some(Tab::FirstMeeting));
    assert_eq!(demo.state.pair().unwrap().mentee_name, "Ben Okafor");
}

#[test]
fn export_says_what_is_held_back_while_private_notes_are_locked() {
    let dir = tempfile::tempdir().unwrap();
    let clock = manual_clock();
    let mut app = locked_journal(clock, dir.path());
    keys(&mut app, "x");
    let Some(Overlay::Form(form)) = &app.state.overlay else {
        panic!("the export form opens while locked: {:?}", app.state.status);
    };
    assert!(
        form.notes[0].contains("held back: 1 private note"),
        "{:?}",
        form.notes
    );
}

#[test]
fn exporting_locked_private_notes_asks_for_the_passphrase_instead_of_sending_them_empty() {
    let dir = tempfile::tempdir().unwrap();
    let clock = manual_clock();
    let mut app = locked_journal(clock, dir.path());
    keys(&mut app, "x");
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Right); // private notes: include them
    press(&mut app, KeyCode::Tab);
    for _ in 0..60 {
        press(&mut app, KeyCode::Backspace);
    }
    type_text(&mut app, dir.path().join("out").to_str().unwrap());
    ctrl_s(&mut app);
    assert!(
        matches!(app.state.overlay, Some(Overlay::Form(_))),
        "the form stays open"
    );
    assert!(
        app.state.status.text.contains("locked"),
        "{:?}",
        app.state.status
    );
    assert!(!dir.path().join("out.md").exists(), "nothing was written");
}

// --- goals and trust check-ins on the Overview (candor 0.5) ---

#[rstest]
fn c_on_the_overview_saves_a_private_check_in_that_the_chart_shows(mut demo: App) {
    let before = demo.state.detail.checkin_count;
    keys(&mut demo, "1c");
    assert!(matches!(&demo.state.overlay, Some(Overlay::Form(f)) if f.is_private()));
    // Trust starts at 3; two steps right is 5.
    press(&mut demo, KeyCode::Right);
    press(&mut demo, KeyCode::Right);
    press(&mut demo, KeyCode::Tab);
    type_text(&mut demo, "an honest talk");
    ctrl_s(&mut demo);
    assert!(demo.state.overlay.is_none(), "{:?}", demo.state.status);
    assert_eq!(demo.state.detail.checkin_count, before + 1);
    let latest = demo.state.detail.checkins.last().unwrap();
    assert_eq!(latest.text().map(|t| t.trust), Some(5));
    assert_eq!(latest.text().unwrap().helped, "an honest talk");
    assert!(demo.state.status.text.contains("trust 5/5"));
}

#[rstest]
fn ctrl_e_never_hands_a_check_in_to_the_editor(mut demo: App) {
    keys(&mut demo, "1c");
    press(&mut demo, KeyCode::Tab);
    type_text(&mut demo, "private words");
    assert!(
        !ctrl(&mut demo, 'e')
            .iter()
            .any(|e| matches!(e, Effect::Editor(_)))
    );
    assert_eq!(demo.state.status.kind, StatusKind::Error);
}

#[rstest]
fn a_goal_is_added_moved_to_and_progressed_with_a_comment(mut demo: App) {
    keys(&mut demo, "1a");
    type_text(&mut demo, "Mentor a new hire");
    press(&mut demo, KeyCode::Tab);
    type_text(&mut demo, "They say it helped");
    press(&mut demo, KeyCode::Tab);
    type_text(&mut demo, "2027-03-01");
    ctrl_s(&mut demo);
    assert!(demo.state.overlay.is_none(), "{:?}", demo.state.status);
    let goals = &demo.state.detail.goals;
    assert_eq!(goals.len(), 3);
    // Open goals are ordered by target date: the new one (latest) is last.
    let new = goals
        .iter()
        .position(|g| g.text == "Mentor a new hire")
        .unwrap();
    assert_eq!(new, 2);
    keys(&mut demo, "jj");
    assert_eq!(goal_cursor(&demo), 2);
    keys(&mut demo, "p");
    type_text(&mut demo, "250");
    press(&mut demo, KeyCode::Tab);
    type_text(&mut demo, "met them twice");
    ctrl_s(&mut demo);
    // Out of range: the form stays open with the text, on the field at fault.
    assert!(
        matches!(&demo.state.overlay, Some(Overlay::Form(f)) if f.focused() == Name::Percent && f.text(Name::Comment) == "met them twice")
    );
    assert_eq!(demo.state.status.kind, StatusKind::Error);
    for _ in 0..3 {
        press(&mut demo, KeyCode::Backspace);
    }
    type_text(&mut demo, "40%");
    ctrl_s(&mut demo);
    assert!(demo.state.overlay.is_none(), "{:?}", demo.state.status);
    let goal = &demo.state.detail.goals[2];
    assert_eq!(goal.progress, 40);
    let history = demo.store().goal_history(goal.id).unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].comment, "met them twice");
}

#[rstest]
fn enter_reads_a_goal_with_its_history_and_t_the_check_ins(mut demo: App) {
    keys(&mut demo, "1j");
    press(&mut demo, KeyCode::Enter);
    let Some(Overlay::Viewer(v)) = &demo.state.overlay else {
        panic!("no viewer: {:?}", demo.state.status);
    };
    let text: Vec<&str> = v.visible(40).collect();
    let text = text.join("\n");
    assert!(
        text.contains("Drafted the agenda with the planning lead"),
        "{text}"
    );
    assert!(text.contains("45%"), "{text}");
    press(&mut demo, KeyCode::Esc);
    keys(&mut demo, "t");
    let Some(Overlay::Viewer(v)) = &demo.state.overlay else {
        panic!("no viewer");
    };
    let text = v.visible(40).collect::<Vec<_>>().join("\n");
    assert!(text.contains("He still calls me 'boss'"), "{text}");
}

#[rstest]
fn d_deletes_the_selected_goal_and_u_brings_it_back_with_its_history(mut demo: App) {
    keys(&mut demo, "1j");
    let goal = demo.state.detail.goals[1].clone();
    let history = demo.store().goal_history(goal.id).unwrap();
    keys(&mut demo, "dy");
    assert_eq!(demo.state.detail.goals.len(), 1);
    keys(&mut demo, "u");
    let back = demo
        .state
        .detail
        .goals
        .iter()
        .find(|g| g.uid == goal.uid)
        .unwrap()
        .clone();
    assert_eq!(back.progress, goal.progress);
    let restored: Vec<_> = demo
        .store()
        .goal_history(back.id)
        .unwrap()
        .into_iter()
        .map(|p| (p.uid, p.percent, p.comment))
        .collect();
    let original: Vec<_> = history
        .into_iter()
        .map(|p| (p.uid, p.percent, p.comment))
        .collect();
    assert_eq!(restored, original);
}

#[test]
fn check_ins_stay_locked_on_the_overview_until_unlocked() {
    let dir = tempfile::tempdir().unwrap();
    let clock = manual_clock();
    let mut app = locked_journal(clock, dir.path());
    keys(&mut app, "1");
    assert_eq!(app.state.detail.checkin_count, 3);
    assert!(
        app.state
            .detail
            .checkins
            .iter()
            .all(|c| c.is_locked() && c.text().is_none())
    );
    // A check-in written while locked needs no passphrase and is sealed.
    keys(&mut app, "c");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "CANARY-checkin-locked");
    ctrl_s(&mut app);
    assert!(app.state.overlay.is_none(), "{:?}", app.state.status);
    assert!(app.state.status.text.contains("sealed"));
    // t asks for the passphrase first.
    keys(&mut app, "t");
    assert!(matches!(&app.state.overlay, Some(Overlay::Form(_))));
    type_text(&mut app, "correct horse");
    press(&mut app, KeyCode::Enter);
    wait_for_unlock(&mut app);
    let trust: Vec<_> = app
        .state
        .detail
        .checkins
        .iter()
        .map(|c| c.text().map(|t| t.trust))
        .collect();
    assert_eq!(trust, [Some(2), Some(3), Some(4), Some(3)]);
    keys(&mut app, "L");
    assert!(app.state.detail.checkins.iter().all(|c| c.is_locked()));
    drop(app);
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        assert!(!bytes.windows(21).any(|w| w == b"CANARY-checkin-locked"));
    }
}

#[rstest]
fn p_without_goals_says_how_to_add_one(mut demo: App) {
    // Cleo Park, the third pair, has no goals.
    keys(&mut demo, "jj1p");
    assert!(demo.state.overlay.is_none());
    assert_eq!(demo.state.status.kind, StatusKind::Error);
    assert!(
        demo.state.status.text.contains("a adds one"),
        "{:?}",
        demo.state.status
    );
}

#[rstest]
fn a_goal_changed_elsewhere_is_not_overwritten_until_ctrl_s_again(mut demo: App) {
    keys(&mut demo, "1e");
    let Some(Overlay::Form(form)) = &demo.state.overlay else {
        panic!("no goal form: {:?}", demo.state.status);
    };
    assert_eq!(
        form.text(Name::What),
        "Review a design without taking it over"
    );
    let id = demo.state.detail.goals[0].id;
    // Another running candor records progress meanwhile (a new version).
    demo.store_mut()
        .add_goal_progress(id, 50, "elsewhere")
        .unwrap();
    type_text(&mut demo, " for once");
    ctrl_s(&mut demo);
    assert!(matches!(demo.state.overlay, Some(Overlay::Form(_))));
    assert!(demo.state.status.text.contains("changed in another candor"));
    assert_eq!(
        demo.store().goal(id).unwrap().text,
        "Review a design without taking it over"
    );
    ctrl_s(&mut demo);
    assert!(demo.state.overlay.is_none(), "{:?}", demo.state.status);
    let goal = demo.store().goal(id).unwrap();
    assert_eq!(goal.text, "Review a design without taking it over for once");
    assert_eq!(goal.progress, 50, "the progress made elsewhere is kept");
}

#[rstest]
fn overview_keys_on_a_pair_without_goals_or_check_ins_say_what_to_do(mut demo: App) {
    // Cleo Park, the third pair, has neither goals nor check-ins.
    keys(&mut demo, "jj1");
    for (key, says) in [
        (KeyCode::Enter, "a adds one"),
        (KeyCode::Char('e'), "a adds one"),
        (KeyCode::Char('t'), "c adds one"),
    ] {
        demo.state.status.text.clear();
        press(&mut demo, key);
        assert!(demo.state.overlay.is_none(), "{key:?} opened something");
        assert!(
            demo.state.status.text.contains(says),
            "{key:?}: {:?}",
            demo.state.status
        );
    }
    keys(&mut demo, "d");
    assert!(
        demo.state.overlay.is_none(),
        "nothing to delete, nothing asked"
    );
}

// --- private stays private (candor 0.6) ---

#[rstest]
fn a_new_note_opens_with_private_on_top_preset_from_the_pairs_last_note(mut demo: App) {
    keys(&mut demo, "5n");
    choose_private(&mut demo, true);
    type_text(&mut demo, "first private thought");
    ctrl_s(&mut demo);
    assert!(demo.state.overlay.is_none(), "{:?}", demo.state.status);

    keys(&mut demo, "n");
    let Some(Overlay::Form(f)) = &demo.state.overlay else {
        panic!("the note form is open");
    };
    assert!(
        f.fields[0].label.starts_with("Private"),
        "Private comes first"
    );
    assert!(f.is_private(), "preset from the last note of this pair");
    assert!(
        demo.state
            .hints()
            .iter()
            .all(|(_, d)| !d.contains("EDITOR")),
        "a private form does not offer the editor"
    );
    assert!(
        f.fields[f.focus].label == "Note",
        "the cursor is in the text"
    );
    type_text(&mut demo, "typed first");
    assert_eq!(form_text(&demo, Name::Body), "typed first");
    press(&mut demo, KeyCode::Esc);
    press(&mut demo, KeyCode::Esc);

    // The last note shared: the next one starts shared.
    keys(&mut demo, "n");
    choose_private(&mut demo, false);
    type_text(&mut demo, "for both of us");
    ctrl_s(&mut demo);
    keys(&mut demo, "n");
    let Some(Overlay::Form(f)) = &demo.state.overlay else {
        panic!("the note form is open");
    };
    assert!(!f.is_private());
}

#[test]
fn the_unlock_prompt_never_offers_the_editor_and_keeps_no_copy_of_the_typing() {
    let dir = tempfile::tempdir().unwrap();
    let clock = manual_clock();
    let mut app = locked_journal(clock.clone(), dir.path());
    keys(&mut app, "U");
    assert_eq!(app.state.modes(), [candor::keymap::Mode::Prompt]);
    let hints = app.state.hints();
    assert!(
        hints.iter().all(|(_, desc)| !desc.contains("EDITOR")),
        "{hints:?}"
    );
    type_text(&mut app, "correct horse");
    assert!(
        !ctrl(&mut app, 'e')
            .iter()
            .any(|e| matches!(e, Effect::Editor(_))),
        "nothing goes to an editor"
    );
    let Some(Overlay::Form(f)) = &app.state.overlay else {
        panic!("the prompt stays open");
    };
    assert_eq!(
        f.text(Name::Passphrase),
        "",
        "the secret is not readable as text"
    );
    assert!(f.values().values().all(|v| v.is_empty() || v == "0"));
    assert!(!format!("{f:?}").contains("correct horse"));
    // Backspace and retyping correct it; Enter alone unlocks.
    press(&mut app, KeyCode::Backspace);
    type_text(&mut app, "e");
    press(&mut app, KeyCode::Enter);
    wait_for_unlock(&mut app);
    assert!(app.store().is_unlocked(), "{:?}", app.state.status);
    assert!(
        app.state.overlay.is_none(),
        "the prompt closes once unlocked"
    );
}

#[test]
fn a_recovery_code_is_chosen_after_typing_and_enter_on_the_choice_unlocks() {
    let dir = tempfile::tempdir().unwrap();
    let clock = manual_clock();
    let db = dir.path().join("j.db");
    let code = {
        let mut store = Store::open(&db, clock.clone()).unwrap();
        candor::demo::fill(&mut store, &Template::built_in()).unwrap();
        store
            .set_passphrase("correct horse", candor::crypto::KdfParams::TEST)
            .unwrap()
    };
    let mut app = file_app(&db, clock);
    keys(&mut app, "U");
    type_text(&mut app, &code);
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Right); // it is my recovery code
    press(&mut app, KeyCode::Enter);
    wait_for_unlock(&mut app);
    assert!(app.store().is_unlocked(), "{:?}", app.state.status);
}

#[test]
fn locking_closes_a_private_form_into_a_sealed_draft_and_leaves_no_opened_text() {
    let dir = tempfile::tempdir().unwrap();
    let clock = manual_clock();
    let mut app = locked_journal(clock.clone(), dir.path());
    keys(&mut app, "5U");
    type_text(&mut app, "correct horse");
    press(&mut app, KeyCode::Enter);
    wait_for_unlock(&mut app);
    let opened = |app: &App| {
        entry_list(app)
            .list
            .sections
            .iter()
            .flat_map(|s| &s.rows)
            .filter(|r| matches!(r, candor::app::Row::Note(n) if n.is_private() && n.text().is_some_and(|t| !t.body.is_empty())))
            .count()
    };
    assert!(opened(&app) > 0, "unlocked, private notes are open");
    keys(&mut app, "n");
    choose_private(&mut app, true);
    type_text(&mut app, "half a private thought");
    keys(&mut app, ""); // nothing else
    let _ = app.update(Action::Lock);
    assert!(app.state.overlay.is_none(), "the private form closed");
    assert_eq!(opened(&app), 0);
    let drafts = app.store().drafts().unwrap();
    assert!(drafts.len() == 1 && drafts[0].locked, "{drafts:?}");
}

#[test]
fn a_replaced_public_key_is_named_at_unlock_and_y_puts_the_right_one_back() {
    let dir = tempfile::tempdir().unwrap();
    let clock = manual_clock();
    let db = dir.path().join("j.db");
    {
        let mut store = Store::open(&db, clock.clone()).unwrap();
        candor::demo::fill(&mut store, &Template::built_in()).unwrap();
        store
            .set_passphrase("correct horse", candor::crypto::KdfParams::TEST)
            .unwrap();
    }
    // Someone with the file puts their own public key in the slots.
    let (_theirs, public) = candor::crypto::generate();
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute("UPDATE key_slot SET public_key = ?1", [&public.0])
        .unwrap();
    let before = std::fs::read(&db).unwrap();

    let mut app = file_app(&db, clock.clone());
    keys(&mut app, "U");
    type_text(&mut app, "correct horse");
    press(&mut app, KeyCode::Enter);
    wait_for_unlock(&mut app);
    let Some(Overlay::Confirm(c)) = &app.state.overlay else {
        panic!("asked what to do: {:?}", app.state.status);
    };
    assert!(
        c.text.contains("public key was replaced")
            && c.text.contains("may be readable by whoever replaced it"),
        "{}",
        c.text
    );
    assert!(!app.store().is_unlocked());
    // n changes nothing.
    keys(&mut app, "n");
    assert!(!app.store().is_unlocked());
    drop(app);
    assert_eq!(std::fs::read(&db).unwrap(), before, "n wrote nothing");

    let mut app = file_app(&db, clock);
    keys(&mut app, "U");
    type_text(&mut app, "correct horse");
    press(&mut app, KeyCode::Enter);
    wait_for_unlock(&mut app);
    keys(&mut app, "y");
    assert!(app.store().is_unlocked(), "{:?}", app.state.status);
    assert!(
        app.state.status.text.contains("public key is back"),
        "{:?}",
        app.state.status
    );
    let ours = app.store().public_key().unwrap().unwrap();
    assert_ne!(ours, public, "the slots hold the journal's own key again");
}

#[test]
fn a_private_note_switched_to_shared_still_never_goes_to_the_editor() {
    let dir = tempfile::tempdir().unwrap();
    let clock = manual_clock();
    let mut app = locked_journal(clock, dir.path());
    keys(&mut app, "5U");
    type_text(&mut app, "correct horse");
    press(&mut app, KeyCode::Enter);
    wait_for_unlock(&mut app);
    // Select the private note and edit it.
    let at = entry_list(&app).list.sections[0]
        .rows
        .iter()
        .position(|r| matches!(r, candor::app::Row::Note(n) if n.is_private()))
        .expect("the demo has a private note");
    for _ in 0..at {
        keys(&mut app, "j");
    }
    keys(&mut app, "e");
    let Some(Overlay::Form(f)) = &app.state.overlay else {
        panic!("the note form is open");
    };
    assert!(f.is_private());
    press(&mut app, KeyCode::BackTab);
    press(&mut app, KeyCode::Char(' ')); // now "no"
    press(&mut app, KeyCode::Tab);
    assert!(
        !ctrl(&mut app, 'e')
            .iter()
            .any(|e| matches!(e, Effect::Editor(_))),
        "opened private, it stays away from the editor"
    );
    assert!(app.state.status.text.contains("Private text never goes"));
}

#[test]
fn l_locks_while_reading_and_a_private_form_closed_by_locking_is_offered_back() {
    let dir = tempfile::tempdir().unwrap();
    let clock = manual_clock();
    let mut app = locked_journal(clock, dir.path());
    keys(&mut app, "5U");
    type_text(&mut app, "correct horse");
    press(&mut app, KeyCode::Enter);
    wait_for_unlock(&mut app);
    // Reading a note: L still locks, and the reader closes.
    press(&mut app, KeyCode::Enter);
    assert!(matches!(app.state.overlay, Some(Overlay::Viewer(_))));
    keys(&mut app, "L");
    assert!(!app.store().is_unlocked());
    assert!(app.state.overlay.is_none());

    // A private note being written when L comes: kept, sealed, and offered
    // again after the next unlock, even if that prompt is once cancelled.
    keys(&mut app, "U");
    type_text(&mut app, "correct horse");
    press(&mut app, KeyCode::Enter);
    wait_for_unlock(&mut app);
    keys(&mut app, "n");
    choose_private(&mut app, true);
    type_text(&mut app, "half a private thought");
    let _ = app.update(Action::Lock);
    assert!(app.state.overlay.is_none());
    keys(&mut app, "U");
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.state.status.text, "Still locked; U asks again.");
    assert_eq!(app.store().drafts().unwrap().len(), 1, "the draft is kept");
    keys(&mut app, "U");
    // Typed on the "It is" choice, the letters still go into the passphrase.
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "correct horse");
    press(&mut app, KeyCode::Enter);
    wait_for_unlock(&mut app);
    assert!(app.store().is_unlocked(), "{:?}", app.state.status);
    let Some(Overlay::Confirm(c)) = &app.state.overlay else {
        panic!("the draft is offered back: {:?}", app.state.status);
    };
    assert!(c.text.contains("Draft kept from"), "{}", c.text);
    keys(&mut app, "y");
    assert_eq!(form_text(&app, Name::Body), "half a private thought");
}

// --- importing an export on the journal screen (candor 0.7) ---

/// Ben's own journal, beside the one on screen: the pair with Ana Ruiz seen
/// from his side, which he shares as `ben.json`.
struct Partner {
    store: Store,
    clock: Arc<candor::clock::ManualClock>,
    pair: i64,
    export: std::path::PathBuf,
}

impl Partner {
    /// Ben's journal in `dir`, where he holds `role` (a partner's export
    /// is written from the other role than yours), with one meeting and one
    /// note; its export is written at once.
    fn new(dir: &std::path::Path, role: Role) -> Self {
        let clock = manual_clock();
        let mut store = Store::open(&dir.join("ben.db"), clock.clone()).unwrap();
        let since = chrono::NaiveDate::from_ymd_opt(2026, 10, 2).unwrap();
        let new = candor::domain::NewPair::new(
            "Ana Ruiz",
            "Ben Okafor",
            role,
            "Growing into a tech lead",
            since,
            Some(14),
        )
        .unwrap();
        let pair = store.add_pair(&new, &Template::built_in()).unwrap().id;
        let held_at = chrono::DateTime::parse_from_rfc3339("2026-11-20T15:00:00Z")
            .unwrap()
            .with_timezone(&chrono::Utc);
        let meeting = candor::store::NewMeeting {
            held_at,
            agenda: "Estimates".into(),
            notes: "Ben brought the three estimates".into(),
            next_steps: String::new(),
        };
        store.add_meeting(pair, &meeting).unwrap();
        store
            .add_note(pair, &Self::note("Ask Ana how she plans a quarter"))
            .unwrap();
        let partner = Self {
            store,
            clock,
            pair,
            export: dir.join("ben.json"),
        };
        partner.write_export();
        partner
    }

    fn note(body: &str) -> candor::store::NewNote {
        candor::store::NewNote {
            body: body.into(),
            private: false,
            tags: Vec::new(),
        }
    }

    /// Writes Ben's JSON export of everything, as `x` or `candor export` would.
    fn write_export(&self) {
        use candor::export;
        let mut doc = export::build(&self.store, None, false).unwrap();
        export::name_journal(&self.store, &mut doc).unwrap();
        let json = export::render(
            &doc,
            export::Format::Json,
            self.store.clock(),
            &Template::built_in(),
        );
        std::fs::write(&self.export, json).unwrap();
    }

    /// Ben erases the pair from his journal and exports again: the export
    /// carries only the pair's tombstone.
    fn erase_pair(&mut self) {
        self.clock.advance(chrono::Duration::hours(1));
        self.store.delete_pair(self.pair).unwrap();
        self.write_export();
    }

    /// An hour later, Ben rewrites his note and exports again.
    fn rewrite_note(&mut self, body: &str) {
        self.clock.advance(chrono::Duration::hours(1));
        let page = candor::store::Page::first(10);
        let note = self.store.notes(self.pair, false, &page).unwrap()[0].clone();
        self.store
            .update_note(note.id, Some(note.version), &Self::note(body))
            .unwrap();
        self.write_export();
    }
}

/// The demo journal (you mentor Ben Okafor) in `dir/j.db`, opened on screen.
fn demo_file_app(dir: &std::path::Path) -> (App, std::path::PathBuf) {
    let db = dir.join("j.db");
    {
        let mut store = Store::open(&db, manual_clock()).unwrap();
        candor::demo::fill(&mut store, &Template::built_in()).unwrap();
    }
    (file_app(&db, manual_clock()), db)
}

/// Ticks until the import window's reading, or the import, has finished
/// beside the screen.
fn settle(app: &mut App) {
    tick_while(app, App::import_running, "the import window's work");
}

/// `i` on the pair list, the path typed, Enter.
fn preview_import(app: &mut App, path: &str) {
    keys(app, "i");
    let Some(Overlay::Form(form)) = &app.state.overlay else {
        panic!("i opens the import window: {:?}", app.state.status);
    };
    assert_eq!(form.title, "Import an export");
    type_text(app, path);
    press(app, KeyCode::Enter);
    settle(app);
}

#[test]
fn the_import_window_shows_a_long_refusal_whole() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, _db) = demo_file_app(dir.path());
    // An export cut off in the middle, in a folder with a long name.
    let folder = dir.path().join("exports-sent-by-ben-okafor-last-week");
    std::fs::create_dir(&folder).unwrap();
    let cut = folder.join("ben.json");
    std::fs::write(&cut, "{\n  \"format\": \"candor-export\",\n  \"pairs\": [").unwrap();
    preview_import(&mut app, cut.to_str().unwrap());
    let said = open_form(&app).error.clone().unwrap_or_default();
    assert!(said.ends_with("(was it cut off?)."), "{said}");
    // Wrapped in the window, its last words show.
    let screen = drawn(&app);
    let joined: String = screen
        .lines()
        .map(|l| l.trim_matches(|c: char| c == '│' || c == '"' || c.is_whitespace()))
        .collect::<Vec<_>>()
        .join(" ");
    assert!(joined.contains("(was it cut off?)."), "{screen}");
}

fn open_form(app: &App) -> &candor::app::form::Form {
    match &app.state.overlay {
        Some(Overlay::Form(form)) => form,
        other => panic!("a form is open, not {other:?}: {:?}", app.state.status),
    }
}

fn notes_of(app: &App, pair_id: i64) -> Vec<String> {
    let page = candor::store::Page::first(100);
    let mut bodies: Vec<String> = app
        .store()
        .notes(pair_id, true, &page)
        .unwrap()
        .into_iter()
        .map(|n| n.text().unwrap().body.clone())
        .collect();
    bodies.sort();
    bodies
}

#[test]
fn i_shows_what_a_partners_export_would_add_then_ctrl_s_merges_it_into_your_pair() {
    let dir = tempfile::tempdir().unwrap();
    let ben = Partner::new(dir.path(), Role::Mentee);
    let (mut app, db) = demo_file_app(dir.path());
    let before = std::fs::read(&db).unwrap();
    let bens_pair = app.state.pairs.pairs[0].pair.id;
    let pairs = app.state.pairs.len();

    preview_import(&mut app, ben.export.to_str().unwrap());
    let form = open_form(&app);
    assert_eq!(form.error, None);
    assert_eq!(
        form.notes,
        [
            "This file is another journal's export.",
            "Would add: 1 meeting, 1 note.",
            "Would update nothing.",
            "Would remove nothing.",
            "Ctrl-s imports it; nothing here would be replaced or removed.",
        ]
    );
    assert_eq!(
        form.fields[1].label, "Ana Ruiz & Ben Okafor in the file",
        "a choice for the pair that has the same two people"
    );
    let candor::app::form::Input::Choice { options, selected } = &form.fields[1].input else {
        panic!("a choice");
    };
    assert_eq!(
        options,
        &[
            format!("it is your pair {bens_pair}"),
            "keep it apart".into()
        ]
    );
    assert_eq!(*selected, 0, "it is your pair, unless you say otherwise");
    assert!(
        app.state
            .hints()
            .contains(&("ctrl-s".into(), "import".into())),
        "{:?}",
        app.state.hints()
    );
    assert_eq!(
        std::fs::read(&db).unwrap(),
        before,
        "a preview writes nothing"
    );

    // Enter on the preview moves on; only Ctrl-s imports.
    press(&mut app, KeyCode::Enter);
    settle(&mut app);
    assert!(matches!(app.state.overlay, Some(Overlay::Form(_))));
    ctrl_s(&mut app);
    settle(&mut app);
    assert!(app.state.overlay.is_none(), "{:?}", app.state.status);
    assert_eq!(app.state.status.text, "Imported ben.json: 2 added.");
    assert_eq!(
        app.state.pairs.len(),
        pairs,
        "merged into your pair, no new one"
    );
    assert!(
        notes_of(&app, bens_pair).contains(&"Ask Ana how she plans a quarter".to_owned()),
        "{:?}",
        notes_of(&app, bens_pair)
    );
}

#[test]
fn keeping_a_look_alike_apart_recomputes_the_preview_and_imports_a_new_pair() {
    let dir = tempfile::tempdir().unwrap();
    let ben = Partner::new(dir.path(), Role::Mentee);
    let (mut app, _db) = demo_file_app(dir.path());
    let pairs = app.state.pairs.len();
    preview_import(&mut app, ben.export.to_str().unwrap());
    assert_eq!(open_form(&app).notes[1], "Would add: 1 meeting, 1 note.");
    // The choice has the focus: → keeps the pair apart, and the dry run follows.
    press(&mut app, KeyCode::Right);
    settle(&mut app);
    assert_eq!(
        open_form(&app).notes[1],
        "Would add: 1 pair, 12 checklist items, 1 meeting, 1 note."
    );
    press(&mut app, KeyCode::Right);
    settle(&mut app);
    assert_eq!(open_form(&app).notes[1], "Would add: 1 meeting, 1 note.");
    press(&mut app, KeyCode::Left);
    settle(&mut app);
    ctrl_s(&mut app);
    settle(&mut app);
    assert!(app.state.overlay.is_none(), "{:?}", app.state.status);
    assert_eq!(app.state.pairs.len(), pairs + 1, "a pair of its own");
    let new = &app.state.pairs.pairs.last().unwrap().pair;
    assert_eq!(
        (
            new.mentor_name.as_str(),
            new.mentee_name.as_str(),
            new.my_role
        ),
        ("Ana Ruiz", "Ben Okafor", Role::Mentor),
        "the role opposite to the exporter's"
    );
    assert_eq!(notes_of(&app, new.id), ["Ask Ana how she plans a quarter"]);
    assert!(
        !notes_of(&app, app.state.pairs.pairs[0].pair.id)
            .contains(&"Ask Ana how she plans a quarter".into())
    );
}

#[test]
fn a_merge_that_would_swap_the_names_can_only_keep_the_pair_apart() {
    let dir = tempfile::tempdir().unwrap();
    // Written by another mentor of Ben: the same role as yours.
    let other = Partner::new(dir.path(), Role::Mentor);
    let (mut app, _db) = demo_file_app(dir.path());
    let bens_pair = app.state.pairs.pairs[0].pair.id;
    preview_import(&mut app, other.export.to_str().unwrap());
    let form = open_form(&app);
    let candor::app::form::Input::Choice { options, .. } = &form.fields[1].input else {
        panic!("a choice");
    };
    assert_eq!(options, &["keep it apart"]);
    assert!(
        form.notes.contains(&format!(
            "Ana Ruiz & Ben Okafor was written by its mentor, and you are the mentor of your pair {bens_pair} too: merging would swap the two names, so it is kept apart."
        )),
        "{:#?}",
        form.notes
    );
    assert_eq!(
        form.notes[1],
        "Would add: 1 pair, 12 checklist items, 1 meeting, 1 note."
    );
    let pairs = app.state.pairs.len();
    ctrl_s(&mut app);
    settle(&mut app);
    assert_eq!(app.state.pairs.len(), pairs + 1, "{:?}", app.state.status);
}

#[test]
fn a_refused_file_keeps_the_window_open_with_the_path_as_typed_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, db) = demo_file_app(dir.path());
    let before = std::fs::read(&db).unwrap();
    let not_json = dir.path().join("notes.txt");
    std::fs::write(&not_json, "Ask Ben about the roadmap\n").unwrap();
    let missing = dir.path().join("nowhere.json");
    // Refused by its size before a byte is read (a sparse file, no disk used).
    let huge = dir.path().join("huge.json");
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(candor::export::MAX_IMPORT_BYTES + 1)
        .unwrap();
    for (path, says) in [
        (&not_json, "is not a candor export"),
        (&missing, "Cannot read"),
        (&huge, "more than the 512 MiB a candor export may be"),
    ] {
        let typed = path.to_str().unwrap();
        preview_import(&mut app, typed);
        let form = open_form(&app);
        let error = form.error.clone().unwrap_or_default();
        assert!(error.contains(says), "{path:?}: {error}");
        assert_eq!(error.matches(". ").count(), 0, "one sentence: {error}");
        assert!(error.ends_with('.'), "{error}");
        assert_eq!(form.text(Name::File), typed, "the path stays as typed");
        assert_eq!(form.fields.len(), 1, "no preview of a refused file");
        assert_eq!(app.state.status.kind, StatusKind::Error);
        // Ctrl-s on a refused file refuses again; it never imports.
        ctrl_s(&mut app);
        settle(&mut app);
        assert!(open_form(&app).error.is_some());
        press(&mut app, KeyCode::Esc);
        assert!(app.state.overlay.is_none());
    }
    // An empty path says what to type.
    keys(&mut app, "i");
    press(&mut app, KeyCode::Enter);
    settle(&mut app);
    assert_eq!(
        open_form(&app).error.as_deref(),
        Some("Type the path of the export to import.")
    );
    drop(app);
    assert_eq!(std::fs::read(&db).unwrap(), before);
}

#[test]
fn esc_at_any_step_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let ben = Partner::new(dir.path(), Role::Mentee);
    let (mut app, db) = demo_file_app(dir.path());
    let before = std::fs::read(&db).unwrap();
    // At the file.
    keys(&mut app, "i");
    type_text(&mut app, ben.export.to_str().unwrap());
    press(&mut app, KeyCode::Esc);
    assert!(
        app.state.overlay.is_none(),
        "Esc closes at once, typed or not"
    );
    assert_eq!(app.state.status.text, "Nothing was imported.");
    // At the preview, after a change of choice.
    preview_import(&mut app, ben.export.to_str().unwrap());
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Esc);
    assert!(app.state.overlay.is_none());
    assert_eq!(app.state.status.text, "Nothing was imported.");
    assert!(app.store().drafts().unwrap().is_empty(), "no draft either");
    drop(app);
    assert_eq!(std::fs::read(&db).unwrap(), before);
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("j.db"))
        .collect();
    names.sort();
    assert_eq!(names, ["j.db"], "no copy was made either");
}

#[test]
fn a_new_path_after_the_preview_goes_back_to_reading_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let ben = Partner::new(dir.path(), Role::Mentee);
    let (mut app, _db) = demo_file_app(dir.path());
    preview_import(&mut app, ben.export.to_str().unwrap());
    assert_eq!(open_form(&app).fields.len(), 2);
    press(&mut app, KeyCode::BackTab);
    type_text(&mut app, "x");
    let form = open_form(&app);
    assert_eq!(form.fields.len(), 1, "the choices were of the other file");
    assert!(
        form.notes[0].starts_with("A JSON export"),
        "{:?}",
        form.notes
    );
    assert!(
        app.state.hints().iter().any(|(k, _)| k == "enter"),
        "{:?}",
        app.state.hints()
    );
    ctrl_s(&mut app);
    settle(&mut app);
    assert!(
        open_form(&app)
            .error
            .as_deref()
            .is_some_and(|e| e.contains("Cannot read")),
        "Ctrl-s reads the new path instead of importing the old one"
    );
    press(&mut app, KeyCode::Backspace);
    press(&mut app, KeyCode::Enter);
    settle(&mut app);
    assert_eq!(open_form(&app).fields.len(), 2, "{:?}", app.state.status);
}

#[test]
fn an_import_that_replaces_something_copies_the_journal_first_and_says_where() {
    let dir = tempfile::tempdir().unwrap();
    let mut ben = Partner::new(dir.path(), Role::Mentee);
    let (mut app, _db) = demo_file_app(dir.path());
    let bens_pair = app.state.pairs.pairs[0].pair.id;
    let path = ben.export.to_str().unwrap().to_owned();
    preview_import(&mut app, &path);
    ctrl_s(&mut app);
    settle(&mut app);
    assert_eq!(app.state.status.text, "Imported ben.json: 2 added.");

    ben.rewrite_note("Ask Ana how she plans a quarter, and a year");
    preview_import(&mut app, &path);
    let form = open_form(&app);
    assert_eq!(form.fields.len(), 1, "linked now: nothing to choose");
    assert_eq!(
        form.notes[1..],
        [
            "Would add nothing.",
            "Would update: 1 note.",
            "Would remove nothing.",
            "Ctrl-s imports it, after copying the journal beside itself: something here would be replaced or removed.",
        ]
    );
    ctrl_s(&mut app);
    settle(&mut app);
    let status = app.state.status.text.clone();
    let copy = status
        .strip_prefix("Imported ben.json: 1 updated; the journal before it is in ")
        .and_then(|s| s.strip_suffix('.'))
        .unwrap_or_else(|| panic!("{status}"));
    assert!(copy.starts_with("j.db.before-import-"), "{copy}");
    assert!(dir.path().join(copy).is_file(), "{copy}");
    assert!(
        notes_of(&app, bens_pair).contains(&"Ask Ana how she plans a quarter, and a year".into())
    );

    // Twice changes nothing, and says so.
    preview_import(&mut app, &path);
    ctrl_s(&mut app);
    settle(&mut app);
    assert!(
        app.state
            .status
            .text
            .starts_with("Imported ben.json: nothing new ("),
        "{:?}",
        app.state.status
    );
}

#[test]
fn a_locked_journal_imports_and_its_sealed_notes_stay_as_they_were() {
    let dir = tempfile::tempdir().unwrap();
    let ben = Partner::new(dir.path(), Role::Mentee);
    let mut app = locked_journal(manual_clock(), dir.path());
    let bens_pair = app.state.pairs.pairs[0].pair.id;
    let sealed_before = app.store().private_note_count(Some(bens_pair)).unwrap();
    assert!(sealed_before > 0);
    preview_import(&mut app, ben.export.to_str().unwrap());
    assert_eq!(open_form(&app).error, None);
    ctrl_s(&mut app);
    settle(&mut app);
    assert!(app.state.overlay.is_none(), "{:?}", app.state.status);
    assert_eq!(app.state.status.text, "Imported ben.json: 2 added.");
    assert!(!app.store().is_unlocked(), "no passphrase was needed");
    assert_eq!(
        app.store().private_note_count(Some(bens_pair)).unwrap(),
        sealed_before
    );
    // Unlocked, the private note reads as before.
    keys(&mut app, "U");
    type_text(&mut app, "correct horse");
    press(&mut app, KeyCode::Enter);
    settle(&mut app);
    wait_for_unlock(&mut app);
    assert!(app.store().is_unlocked(), "{:?}", app.state.status);
    let notes = notes_of(&app, bens_pair);
    assert!(
        notes.contains(
            &"I am not sure I am the right mentor for the people side; say so next time?".into()
        ),
        "{notes:?}"
    );
    assert!(notes.contains(&"Ask Ana how she plans a quarter".into()));
}

#[test]
fn the_preview_says_when_the_partner_removed_the_pair_and_the_pair_stays() {
    let dir = tempfile::tempdir().unwrap();
    let mut ben = Partner::new(dir.path(), Role::Mentee);
    let (mut app, _db) = demo_file_app(dir.path());
    let path = ben.export.to_str().unwrap().to_owned();
    preview_import(&mut app, &path);
    ctrl_s(&mut app);
    settle(&mut app);
    let pairs = app.state.pairs.len();

    ben.erase_pair();
    preview_import(&mut app, &path);
    let form = open_form(&app);
    assert!(
        form.notes.contains(
            &"Ben Okafor removed your pair Ana Ruiz mentoring Ben Okafor on their side; yours would be kept.".into()
        ),
        "{:#?}",
        form.notes
    );
    ctrl_s(&mut app);
    settle(&mut app);
    assert!(app.state.overlay.is_none(), "{:?}", app.state.status);
    assert_eq!(
        app.state.pairs.len(),
        pairs,
        "a pair is never removed by an import"
    );
}

/// The screen, drawn at 100×30 without colour, as text.
fn drawn(app: &App) -> String {
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(100, 30)).unwrap();
    terminal
        .draw(|f| candor::ui::render(&app.state, &candor::ui::Theme::new(true), f))
        .unwrap();
    terminal.backend().to_string()
}

/// Holds the journal for writing from another connection, as a long
/// import does, until dropped or rolled back.
fn hold_journal(db: &std::path::Path) -> rusqlite::Connection {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.execute_batch("BEGIN IMMEDIATE").unwrap();
    conn
}

/// Ben's export previewed in the import window of the demo journal (in a
/// file), and the journal held for writing by `other`: an import started
/// now waits beside the screen until `other` rolls back.
struct HeldImport {
    app: App,
    bens_pair: i64,
    other: rusqlite::Connection,
    /// The journal's file, to open again once the app is gone.
    db: std::path::PathBuf,
    _dir: tempfile::TempDir,
}

fn held_import() -> HeldImport {
    let dir = tempfile::tempdir().unwrap();
    let ben = Partner::new(dir.path(), Role::Mentee);
    let (mut app, db) = demo_file_app(dir.path());
    let bens_pair = app.state.pairs.pairs[0].pair.id;
    preview_import(&mut app, ben.export.to_str().unwrap());
    let other = hold_journal(&db);
    HeldImport {
        app,
        bens_pair,
        other,
        db,
        _dir: dir,
    }
}

#[test]
fn an_import_runs_beside_the_screen_and_what_it_brings_shows_when_it_ends() {
    // Held by another writer, the import waits beside the screen.
    let HeldImport {
        mut app,
        bens_pair,
        other,
        _dir,
        ..
    } = held_import();
    ctrl_s(&mut app);
    assert!(app.state.overlay.is_none(), "the window closes at once");
    assert!(app.import_running());
    let _ = app.tick();
    assert_eq!(
        app.state.busy.as_deref(),
        Some("Importing ben.json: 0 of 14 entries"),
        "the status line says how far it has come"
    );
    assert!(
        drawn(&app).contains("Importing ben.json: 0 of 14 entries…"),
        "{}",
        drawn(&app)
    );
    // The screen is in use meanwhile: keys move, tabs open, help shows.
    keys(&mut app, "5");
    assert_eq!(app.state.front(), candor::app::Front::Entries(Tab::Notes));
    keys(&mut app, "?");
    assert!(matches!(app.state.overlay, Some(Overlay::Help(_))));
    press(&mut app, KeyCode::Esc);
    assert!(
        !notes_of(&app, bens_pair).contains(&"Ask Ana how she plans a quarter".to_owned()),
        "nothing of it is in before it ends"
    );
    // Search answers meanwhile, and looks again once the import has landed.
    let hits = |app: &App| match &app.state.overlay {
        Some(Overlay::Search(v)) => v.hits.iter().map(|h| h.snippet.clone()).collect::<Vec<_>>(),
        _ => panic!("no search open"),
    };
    keys(&mut app, "/");
    type_text(&mut app, "trust");
    assert!(
        !hits(&app).is_empty(),
        "the journal's own entries are found"
    );
    press(&mut app, KeyCode::Esc);
    keys(&mut app, "/");
    type_text(&mut app, "\"plans a quarter\"");
    assert_eq!(hits(&app), Vec::<String>::new());

    other.execute_batch("ROLLBACK").unwrap();
    settle(&mut app);
    assert!(
        hits(&app)
            .iter()
            .any(|h| h.contains("«plans» «a» «quarter»")),
        "{:?}",
        hits(&app)
    );
    assert_eq!(app.state.busy, None);
    assert_eq!(app.state.status.text, "Imported ben.json: 2 added.");
    press(&mut app, KeyCode::Esc);
    assert!(
        notes_of(&app, bens_pair).contains(&"Ask Ana how she plans a quarter".to_owned()),
        "{:?}",
        notes_of(&app, bens_pair)
    );
    let screen = drawn(&app);
    assert!(
        screen.contains("Ask Ana how she plans a quarter"),
        "the Notes tab shows it: {screen}"
    );
}

#[test]
fn a_file_changed_for_the_worse_after_its_preview_is_refused_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let ben = Partner::new(dir.path(), Role::Mentee);
    let (mut app, db) = demo_file_app(dir.path());
    let bens_pair = app.state.pairs.pairs[0].pair.id;
    let (pairs, notes) = (app.state.pairs.len(), notes_of(&app, bens_pair));
    preview_import(&mut app, ben.export.to_str().unwrap());
    let text = std::fs::read_to_string(&ben.export).unwrap();
    // After its preview, its note rewritten as an escape sequence.
    std::fs::write(
        &ben.export,
        text.replacen("Ask Ana how she plans a quarter", r"\u001b[2J", 1),
    )
    .unwrap();
    ctrl_s(&mut app);
    settle(&mut app);
    assert_eq!(app.state.status.kind, StatusKind::Error);
    let said = app.state.status.text.clone();
    assert!(
        said.ends_with("ben.json changed while it was being imported; nothing was imported."),
        "{said}"
    );
    assert_eq!(said.matches(". ").count(), 0, "one sentence: {said}");
    assert_eq!(
        open_form(&app).error.as_deref(),
        Some(said.as_str()),
        "the window is back, saying why"
    );
    assert_eq!(app.state.pairs.len(), pairs);
    assert_eq!(notes_of(&app, bens_pair), notes);
    drop(app);
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("j.db.before"))
        .collect();
    names.sort();
    assert!(names.is_empty(), "no copy was made: {names:?}");
    let store = Store::open(&db, manual_clock()).unwrap();
    assert_eq!(store.pair_summaries().unwrap().len(), pairs);
}

#[test]
fn a_second_import_is_refused_while_one_runs() {
    // Held by another writer, the import waits beside the screen.
    let HeldImport {
        mut app,
        bens_pair,
        other,
        _dir,
        ..
    } = held_import();
    ctrl_s(&mut app);
    keys(&mut app, "i");
    assert!(app.state.overlay.is_none(), "no second window");
    assert_eq!(app.state.status.kind, StatusKind::Error);
    assert_eq!(
        app.state.status.text,
        "An import of ben.json is under way; another can start once it ends."
    );
    other.execute_batch("ROLLBACK").unwrap();
    settle(&mut app);
    assert_eq!(app.state.status.text, "Imported ben.json: 2 added.");
    let imported = notes_of(&app, bens_pair)
        .iter()
        .filter(|n| *n == "Ask Ana how she plans a quarter")
        .count();
    assert_eq!(imported, 1);
    // Once it ended, i opens the window again.
    keys(&mut app, "i");
    assert_eq!(open_form(&app).title, "Import an export");
}

#[test]
fn writes_made_while_an_import_runs_wait_for_it_or_say_why_and_nothing_is_lost() {
    // Held by another writer, the import waits beside the screen.
    let HeldImport {
        mut app,
        bens_pair,
        other,
        _dir,
        ..
    } = held_import();
    ctrl_s(&mut app);

    // A tick on the checklist says the import holds the journal.
    keys(&mut app, "2");
    let ticked = app.state.detail.checklist.iter().filter(|i| i.done).count();
    keys(&mut app, " ");
    assert_eq!(app.state.status.kind, StatusKind::Error);
    assert_eq!(
        app.state.status.text,
        "The import of ben.json holds the journal until it ends; nothing was changed, try again then."
    );
    assert_eq!(
        app.store()
            .checklist(bens_pair)
            .unwrap()
            .iter()
            .filter(|i| i.done)
            .count(),
        ticked
    );

    // A change that asks first is refused before the question, not after
    // the yes: pausing the pair, deleting a note.
    let refused = "The import of ben.json holds the journal until it ends; nothing was changed, try again then.";
    for key in ["0P", "5d"] {
        keys(&mut app, key);
        assert!(
            app.state.overlay.is_none(),
            "{key}: {:?}",
            app.state.overlay
        );
        assert_eq!(app.state.status.text, refused, "{key}");
    }

    // A note waits for it, its text kept.
    keys(&mut app, "5n");
    choose_private(&mut app, false);
    type_text(&mut app, "Written while the import ran");
    ctrl_s(&mut app);
    assert_eq!(
        app.state.status.text,
        "An import is under way; your text is kept and saved once it ends (Esc stops waiting)."
    );
    assert_eq!(form_text(&app, Name::Body), "Written while the import ran");
    for _ in 0..3 {
        let _ = app.tick();
    }
    assert!(matches!(app.state.overlay, Some(Overlay::Form(_))));
    // Keys typed meanwhile (a person thinking the note done with, going on
    // to `q` or `j`) and a paste do not go into the text that waits.
    type_text(&mut app, "jjq");
    let _ = app.handle_paste(" pasted");
    assert_eq!(form_text(&app, Name::Body), "Written while the import ran");
    assert_eq!(
        app.state.status.text,
        "Your text waits to be saved as it was; Esc stops waiting to change it."
    );
    // Esc stops waiting: the text can be changed, and Ctrl-s waits again.
    press(&mut app, KeyCode::Esc);
    type_text(&mut app, ", twice");
    ctrl_s(&mut app);
    type_text(&mut app, "q");
    assert_eq!(
        form_text(&app, Name::Body),
        "Written while the import ran, twice"
    );

    other.execute_batch("ROLLBACK").unwrap();
    settle(&mut app);
    assert!(app.state.overlay.is_none(), "{:?}", app.state.status);
    assert_eq!(app.state.status.text, "Imported ben.json: 2 added.");
    let notes = notes_of(&app, bens_pair);
    assert!(
        notes.contains(&"Written while the import ran, twice".to_owned())
            && notes.contains(&"Ask Ana how she plans a quarter".to_owned()),
        "{notes:?}"
    );
}

#[test]
fn q_during_an_import_asks_once_and_a_second_q_stops_it_keeping_all_or_nothing() {
    let HeldImport {
        mut app,
        bens_pair,
        other,
        db,
        _dir,
    } = held_import();
    let meetings = |store: &Store| {
        store
            .meetings(bens_pair, &candor::store::Page::first(100))
            .unwrap()
            .len()
    };
    let before = (meetings(app.store()), notes_of(&app, bens_pair).len());
    ctrl_s(&mut app);
    assert!(!keys(&mut app, "q").contains(&Effect::Quit));
    assert_eq!(
        app.state.status.text,
        "An import of ben.json is under way: q again stops it and quits, keeping nothing of it."
    );
    // Any other key carries on; q asks again.
    keys(&mut app, "j");
    assert!(!keys(&mut app, "q").contains(&Effect::Quit));
    other.execute_batch("ROLLBACK").unwrap();
    // The second q says the import is being stopped, drawn before the
    // stop waits for its rollback; the next tick stops it and quits.
    assert!(!keys(&mut app, "q").contains(&Effect::Quit));
    assert!(
        drawn(&app).contains("Stopping the import of ben.json; nothing of it is kept."),
        "{}",
        drawn(&app)
    );
    assert!(
        !keys(&mut app, "q").contains(&Effect::Quit),
        "a third q waits too"
    );
    assert!(app.tick().contains(&Effect::Quit));
    assert!(!app.import_running());
    let parting = app.parting().to_vec();
    drop(app);

    let store = Store::open(&db, manual_clock()).unwrap();
    let page = candor::store::Page::first(100);
    let after = (
        meetings(&store),
        store.notes(bens_pair, true, &page).unwrap().len(),
    );
    assert!(
        after == before || after == (before.0 + 1, before.1 + 1),
        "all of the file or nothing of it: {before:?} then {after:?}"
    );
    // The terminal, once the screen is gone, says what became of it, true
    // to what the journal holds: stopped, or ended before the stop came.
    let said = if after == before {
        "the import of ben.json was stopped when candor quit; nothing of it was imported."
    } else {
        "Imported ben.json: 2 added."
    };
    assert_eq!(parting, [said]);
}

#[rstest]
fn an_empty_journal_imports_from_the_welcome_screen(mut empty: App) {
    let dir = tempfile::tempdir().unwrap();
    let ben = Partner::new(dir.path(), Role::Mentee);
    preview_import(&mut empty, ben.export.to_str().unwrap());
    let form = open_form(&empty);
    assert_eq!(form.fields.len(), 1, "nothing here looks like it");
    assert_eq!(
        form.notes[1],
        "Would add: 1 pair, 12 checklist items, 1 meeting, 1 note."
    );
    ctrl_s(&mut empty);
    settle(&mut empty);
    assert_eq!(empty.state.status.text, "Imported ben.json: 15 added.");
    let pair = empty.state.pair().unwrap();
    assert_eq!(
        (pair.mentee_name.as_str(), pair.my_role),
        ("Ben Okafor", Role::Mentor)
    );
}

#[test]
fn a_save_while_another_candor_writes_waits_says_so_keeps_the_text_and_then_saves() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("j.db");
    let clock = manual_clock();
    demo_file(&db, &clock);
    let mut app = file_app(&db, clock.clone());
    keys(&mut app, "5n");
    choose_private(&mut app, false);
    type_text(&mut app, "written while another candor writes");

    // Another process holds the journal's write lock.
    let other = rusqlite::Connection::open(&db).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    let started = std::time::Instant::now();
    ctrl_s(&mut app);
    assert!(
        started.elapsed() < std::time::Duration::from_secs(2),
        "the screen is not frozen for the whole wait"
    );
    assert!(
        matches!(app.state.overlay, Some(Overlay::Form(_))),
        "the form stays"
    );
    assert!(
        app.state
            .status
            .text
            .starts_with("Waiting for another candor"),
        "{:?}",
        app.state.status
    );
    assert_eq!(
        form_text(&app, Name::Body),
        "written while another candor writes"
    );
    // Still held on the next tick: still waiting.
    clock.advance(chrono::Duration::seconds(1));
    let _ = app.tick();
    assert!(
        app.state
            .status
            .text
            .starts_with("Waiting for another candor")
    );

    // Released: the next tick saves it.
    other.execute_batch("COMMIT").unwrap();
    clock.advance(chrono::Duration::seconds(1));
    let _ = app.tick();
    assert!(app.state.overlay.is_none(), "{:?}", app.state.status);
    assert_eq!(app.state.status.text, "Added the note.");
}

#[test]
fn a_save_that_waits_too_long_stops_and_esc_stops_waiting_with_the_text_kept() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("j.db");
    let clock = manual_clock();
    demo_file(&db, &clock);
    let mut app = file_app(&db, clock.clone());
    keys(&mut app, "5n");
    choose_private(&mut app, false);
    type_text(&mut app, "kept whatever happens");
    let other = rusqlite::Connection::open(&db).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    ctrl_s(&mut app);
    clock.advance(chrono::Duration::seconds(9));
    let _ = app.tick();
    assert!(
        app.state
            .status
            .text
            .contains("has been writing for 8 seconds"),
        "{:?}",
        app.state.status
    );
    assert_eq!(form_text(&app, Name::Body), "kept whatever happens");
    // Trying again, then Esc: waiting stops, the form and its text stay.
    ctrl_s(&mut app);
    press(&mut app, KeyCode::Esc);
    assert!(app.state.status.text.starts_with("Stopped waiting"));
    assert_eq!(form_text(&app, Name::Body), "kept whatever happens");
    other.execute_batch("COMMIT").unwrap();
    ctrl_s(&mut app);
    assert!(app.state.overlay.is_none(), "{:?}", app.state.status);
}

#[test]
fn a_goal_saved_while_another_candor_writes_waits_too_and_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("j.db");
    let clock = manual_clock();
    demo_file(&db, &clock);
    let mut app = file_app(&db, clock.clone());
    let _ = app.update(Action::NewGoal);
    type_text(&mut app, "lead the planning");
    let other = rusqlite::Connection::open(&db).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    ctrl_s(&mut app);
    assert!(
        app.state
            .status
            .text
            .starts_with("Waiting for another candor"),
        "a goal's save is told apart as busy like any other: {:?}",
        app.state.status
    );
    assert_eq!(form_text(&app, Name::What), "lead the planning");
    other.execute_batch("COMMIT").unwrap();
    clock.advance(chrono::Duration::seconds(1));
    let _ = app.tick();
    assert!(app.state.overlay.is_none(), "{:?}", app.state.status);
}

#[rstest]
fn tab_from_home_goes_to_the_overview_first(demo: App) {
    let mut app = demo;
    keys(&mut app, "0");
    assert_eq!(app.state.tab(), None);
    press(&mut app, KeyCode::Tab);
    assert_eq!(
        app.state.tab(),
        Some(Tab::Overview),
        "Tab from Home skipped a tab"
    );
    keys(&mut app, "0");
    press(&mut app, KeyCode::BackTab);
    assert_eq!(
        app.state.tab(),
        Some(Tab::Notes),
        "Shift-Tab from Home goes to the last tab"
    );
}

#[test]
fn the_idle_lock_closes_an_open_check_in_and_keeps_its_text_sealed() {
    let dir = tempfile::tempdir().unwrap();
    let clock = manual_clock();
    let mut app = locked_journal(clock.clone(), dir.path());
    keys(&mut app, "U");
    type_text(&mut app, "correct horse");
    press(&mut app, KeyCode::Enter);
    wait_for_unlock(&mut app);
    keys(&mut app, "1c");
    assert!(
        matches!(app.state.overlay, Some(Overlay::Form(_))),
        "the check-in form opens"
    );
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "idle-canary-4417");
    clock.advance(chrono::Duration::seconds(301));
    let _ = app.tick();
    assert!(!app.store().is_unlocked(), "locked after the idle time");
    assert!(
        app.state.overlay.is_none(),
        "the private check-in form is still open after the lock: {:?}",
        app.state.overlay
    );
    let drafts = app.store().drafts().unwrap();
    assert!(
        drafts
            .iter()
            .all(|d| !format!("{d:?}").contains("idle-canary-4417")),
        "the check-in's text was kept in clear"
    );
}

#[test]
fn the_idle_lock_closes_a_private_form_even_when_nothing_was_unlocked() {
    let dir = tempfile::tempdir().unwrap();
    let clock = manual_clock();
    let mut app = locked_journal(clock.clone(), dir.path());
    keys(&mut app, "1c");
    assert!(
        matches!(app.state.overlay, Some(Overlay::Form(_))),
        "the check-in form opens"
    );
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "idle-canary-5521");
    clock.advance(chrono::Duration::seconds(301));
    let _ = app.tick();
    assert!(
        app.state.overlay.is_none(),
        "the private check-in form is still open after the idle time: {:?}",
        app.state.overlay
    );
    assert!(
        app.state.status.text.contains("idle"),
        "{}",
        app.state.status.text
    );
    let drafts = app.store().drafts().unwrap();
    assert_eq!(drafts.len(), 1, "the text is kept as a draft");
    assert!(
        drafts
            .iter()
            .all(|d| !format!("{d:?}").contains("idle-canary-5521")),
        "the check-in's text was kept in clear"
    );
}

#[test]
fn a_meeting_saved_over_a_conflict_keeps_the_action_items_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("j.db");
    let clock = manual_clock();
    demo_file(&db, &clock);
    let mut app = file_app(&db, clock.clone());
    let pair_id = app.state.pair().unwrap().id;
    // Ben's newest meeting (after his two action items), opened for editing.
    keys(&mut app, "3jje");
    assert_eq!(form_text(&app, Name::Agenda), "Estimates follow-up");
    // Another running candor changes that meeting meanwhile.
    let mut other = Store::open(&db, clock.clone()).unwrap();
    let theirs = other
        .meetings(pair_id, &candor::store::Page::first(1))
        .unwrap()
        .remove(0);
    let changed = candor::store::NewMeeting {
        notes: "their notes".into(),
        held_at: theirs.held_at,
        agenda: theirs.agenda.clone(),
        next_steps: theirs.next_steps.clone(),
    };
    other.update_meeting(theirs.id, None, &changed).unwrap();
    drop(other);

    press(&mut app, KeyCode::Tab); // agenda
    press(&mut app, KeyCode::Tab); // notes
    type_text(&mut app, " — and ours");
    press(&mut app, KeyCode::Tab); // next steps
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "- call the recruiter");
    ctrl_s(&mut app); // the line added becomes an action item
    assert!(app.state.overlay.is_none(), "{:?}", app.state.status);
    assert!(
        app.state.status.text.contains("changed in another candor"),
        "{:?}",
        app.state.status
    );
    assert!(
        app.state.status.text.contains("action item"),
        "the message counts the action items too: {:?}",
        app.state.status
    );
    drop(app);

    // Read back from the file: both meetings, and the action item asked for.
    let store = Store::open(&db, clock).unwrap();
    let notes: Vec<String> = store
        .meetings(pair_id, &candor::store::Page::first(50))
        .unwrap()
        .into_iter()
        .map(|m| m.notes)
        .collect();
    assert!(notes.iter().any(|n| n == "their notes"), "{notes:?}");
    assert!(
        notes.iter().any(|n| n.ends_with(" — and ours")),
        "{notes:?}"
    );
    let actions = store
        .actions(pair_id, &candor::store::Page::first(50))
        .unwrap();
    let item = actions
        .iter()
        .find(|a| a.text == "call the recruiter")
        .unwrap_or_else(|| panic!("the action item asked for is stored: {actions:?}"));
    assert_eq!(item.owner, candor::domain::Owner::Both);
    assert!(
        item.due_on.is_some(),
        "due after one cadence, as without a conflict"
    );
}

#[test]
fn the_newest_open_goal_is_shown_among_sixty() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("j.db");
    let clock = manual_clock();
    {
        let mut store = Store::open(&db, clock.clone()).unwrap();
        candor::demo::fill(&mut store, &Template::built_in()).unwrap();
        let pair_id = store.pairs().unwrap()[0].id;
        for i in 0..59 {
            clock.advance(chrono::Duration::minutes(1));
            let g = store
                .add_goal(
                    pair_id,
                    &candor::store::NewGoal {
                        text: format!("reached goal {i:02}"),
                        ..Default::default()
                    },
                )
                .unwrap();
            store.add_goal_progress(g.id, 100, "done").unwrap();
        }
        clock.advance(chrono::Duration::minutes(1));
        store
            .add_goal(
                pair_id,
                &candor::store::NewGoal {
                    text: "the newest open goal".into(),
                    ..Default::default()
                },
            )
            .unwrap();
    }
    let app = file_app(&db, clock);
    let texts: Vec<&str> = app
        .state
        .detail
        .goals
        .iter()
        .map(|g| g.text.as_str())
        .collect();
    assert!(
        texts.contains(&"the newest open goal"),
        "the newest open goal is on screen: {texts:?}"
    );
    // Open goals first, the soonest target first, those without one after.
    assert_eq!(
        texts[..3],
        [
            "Review a design without taking it over",
            "Run the team's quarterly planning",
            "the newest open goal"
        ]
    );
    assert!(app.state.detail.goals[3..].iter().all(|g| g.is_done()));
}

/// A draft as a release wrote it, stored directly.
fn app_with_draft(text: &str) -> App {
    let mut store = Store::open_in_memory(clock()).unwrap();
    candor::demo::fill(&mut store, &Template::built_in()).unwrap();
    let draft = candor::store::Draft {
        uid: "d1".into(),
        pair_id: Some(1),
        kind: Some(Kind::Note),
        target_uid: None,
        private: false,
        text: text.into(),
        saved_at: store.clock().now(),
        locked: false,
    };
    store.save_draft(&draft).unwrap();
    App::new(store, Template::built_in(), Keymap::built_in())
}

#[test]
fn drafts_keep_fields_by_name_and_reopen_from_them() {
    let mut app = demo();
    keys(&mut app, "5n");
    type_text(&mut app, "named body");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "career");
    let _ = app.update(Action::Quit);
    let drafts = app.store().drafts().unwrap();
    let json: serde_json::Value = serde_json::from_str(&drafts[0].text).unwrap();
    assert_eq!(json["layout"], 2);
    assert_eq!(json["fields"]["body"], "named body");
    assert_eq!(json["fields"]["tags"], "career");
    assert!(json["fields"]["private"].is_string(), "{json}");

    // Fields kept under names reopen into the fields of those names, even
    // in an order the form never had.
    let mut app = app_with_draft(
        r#"{"kind":{"form":"note","pair_id":1,"id":null,"version":null},"layout":2,"fields":{"tags":"t1","private":"1","body":"by name"}}"#,
    );
    keys(&mut app, "y");
    assert_eq!(form_text(&app, Name::Body), "by name");
    assert_eq!(form_text(&app, Name::Tags), "t1");
    let Some(Overlay::Form(f)) = &app.state.overlay else {
        panic!("the draft's form is open");
    };
    assert!(f.is_private());
}

#[test]
fn a_draft_kept_by_position_by_0_8_reopens_into_the_same_fields() {
    let mut app = app_with_draft(
        r#"{"kind":{"form":"note","pair_id":1,"id":null,"version":null},"values":["1","an old thought","old-tag"],"layout":1}"#,
    );
    keys(&mut app, "y");
    assert_eq!(form_text(&app, Name::Body), "an old thought");
    assert_eq!(form_text(&app, Name::Tags), "old-tag");
}

#[test]
fn a_draft_no_form_can_take_is_shown_as_plain_text_and_kept() {
    // A meeting that is gone: its form cannot be filled any more.
    let mut app = app_with_draft(
        r#"{"kind":{"form":"meeting","pair_id":1,"id":999999,"version":1},"layout":2,"fields":{"agenda":"what I still want to say"}}"#,
    );
    keys(&mut app, "y");
    let Some(Overlay::Viewer(v)) = &app.state.overlay else {
        panic!("the text is shown: {:?}", app.state.status);
    };
    assert!(v.text.contains("what I still want to say"), "{}", v.text);
    assert_eq!(app.store().drafts().unwrap().len(), 1, "the draft is kept");

    // Not even JSON: its words are still shown.
    let mut app = app_with_draft("words from a release that wrote drafts otherwise");
    keys(&mut app, "y");
    let Some(Overlay::Viewer(v)) = &app.state.overlay else {
        panic!("the text is shown: {:?}", app.state.status);
    };
    assert!(v.text.contains("words from a release"), "{}", v.text);
}

/// The offer of the draft kept in `db`, at the next start.
fn draft_offer(db: &std::path::Path) -> String {
    let app = file_app(db, manual_clock());
    match &app.state.overlay {
        Some(Overlay::Confirm(c)) => c.text.clone(),
        _ => panic!("a draft is offered: {:?}", app.state.status),
    }
}

#[test]
fn a_kept_draft_is_offered_as_what_its_form_writes() {
    // An action item's: once "a action item".
    let dir = tempfile::tempdir().unwrap();
    let (mut app, db) = demo_file_app(dir.path());
    keys(&mut app, "3a");
    type_text(&mut app, "call the team");
    let _ = app.update(Action::Quit);
    assert_eq!(app.store().drafts().unwrap()[0].kind, Some(Kind::Action));
    drop(app);
    let offer = draft_offer(&db);
    assert!(
        offer.contains(": an action item for Ben Okafor."),
        "{offer}"
    );

    // A first-meeting addition's, by what its first field chose.
    let dir = tempfile::tempdir().unwrap();
    let (mut app, db) = demo_file_app(dir.path());
    keys(&mut app, "2jja");
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "Nobody reads my design docs");
    let _ = app.update(Action::Quit);
    assert_eq!(
        app.store().drafts().unwrap()[0].kind,
        Some(Kind::Experience)
    );
    drop(app);
    let offer = draft_offer(&db);
    assert!(offer.contains(": a challenge ↔ experience for"), "{offer}");
}

#[test]
fn a_draft_kept_by_an_earlier_release_is_offered_as_what_it_was() {
    for (kept, said) in [
        ("action item", ": an action item for"),
        ("check-in", ": a check-in for"),
        ("new pair", ": a pair for"),
        ("first-meeting entry", ": an entry for"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let (app, db) = demo_file_app(dir.path());
        drop(app);
        rusqlite::Connection::open(&db)
            .unwrap()
            .execute(
                "INSERT INTO draft (uid, pair_id, kind, private, text, saved_at, created_at, updated_at)
                 VALUES ('old', 1, ?1, 0, 'old words', ?2, ?2, ?2)",
                rusqlite::params![kept, "2026-11-27T09:00:00Z"],
            )
            .unwrap();
        let offer = draft_offer(&db);
        assert!(offer.contains(said), "{kept}: {offer}");
    }
}

#[rstest]
fn the_rows_of_each_section_are_of_the_sections_kind(mut demo: App) {
    let mut seen = Vec::new();
    for tab in ["3", "4", "5"] {
        keys(&mut demo, tab);
        for section in &entry_list(&demo).list.sections {
            assert!(!section.rows.is_empty(), "the demo fills {tab}");
            for row in &section.rows {
                assert_eq!(row.kind(), section.kind.kind(), "{row:?}");
            }
            seen.push(section.kind.kind());
        }
    }
    assert_eq!(
        seen,
        [Kind::Action, Kind::Meeting, Kind::Feedback, Kind::Note]
    );
}

#[test]
fn what_asked_for_the_unlock_is_done_once_it_succeeds() {
    let dir = tempfile::tempdir().unwrap();
    let clock = manual_clock();
    let mut app = locked_journal(clock, dir.path());
    // Enter on a locked note: the prompt, then the note itself.
    keys(&mut app, "5");
    let at = entry_list(&app).list.sections[0]
        .rows
        .iter()
        .position(|r| matches!(r, candor::app::Row::Note(n) if n.is_locked()))
        .expect("a locked note");
    for _ in 0..at {
        keys(&mut app, "j");
    }
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "correct horse");
    press(&mut app, KeyCode::Enter);
    wait_for_unlock(&mut app);
    let Some(Overlay::Viewer(v)) = &app.state.overlay else {
        panic!("the note opens after the unlock: {:?}", app.state.overlay);
    };
    assert!(v.title.starts_with("Private note"), "{}", v.title);
    press(&mut app, KeyCode::Esc);

    // A cancelled prompt does nothing later: L, Enter, Esc, then U.
    keys(&mut app, "L");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Esc);
    keys(&mut app, "U");
    type_text(&mut app, "correct horse");
    press(&mut app, KeyCode::Enter);
    wait_for_unlock(&mut app);
    assert!(app.state.overlay.is_none(), "{:?}", app.state.overlay);
}

#[rstest]
fn the_cursor_follows_an_item_that_moves_when_it_is_ticked(mut demo: App) {
    keys(&mut demo, "3");
    let Some(candor::app::Row::Action(first)) = demo.state.row().cloned() else {
        panic!("an action item first: {:?}", demo.state.row());
    };
    assert!(!first.done);
    press(&mut demo, KeyCode::Char(' '));
    let Some(candor::app::Row::Action(now)) = demo.state.row().cloned() else {
        panic!("still on an action item");
    };
    assert_eq!(now.id, first.id, "the cursor stays on the item it ticked");
    assert!(now.done);
    // So a second space undoes the first, and nothing else is ticked.
    press(&mut demo, KeyCode::Char(' '));
    let Some(candor::app::Row::Action(again)) = demo.state.row().cloned() else {
        panic!("still on an action item");
    };
    assert_eq!(again.id, first.id);
    assert!(!again.done);
}

#[test]
fn search_from_notes_while_locked_says_private_notes_are_not_searched() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = locked_journal(manual_clock(), dir.path());
    keys(&mut app, "5/");
    let Some(Overlay::Search(s)) = &app.state.overlay else {
        panic!("search is open");
    };
    assert!(s.include_private && s.private_locked);
    press(&mut app, KeyCode::Esc);
    keys(&mut app, "U");
    type_text(&mut app, "correct horse");
    press(&mut app, KeyCode::Enter);
    wait_for_unlock(&mut app);
    keys(&mut app, "/");
    let Some(Overlay::Search(s)) = &app.state.overlay else {
        panic!("search is open");
    };
    assert!(s.include_private && !s.private_locked);
    // The private note found says it is one, as in the Notes list.
    type_text(&mut app, "right mentor");
    let _ = app.settle();
    let screen = drawn(&app);
    assert!(screen.contains("▸ 🔒 note · "), "{screen}");
}

#[rstest]
fn enter_on_the_pair_list_from_home_opens_the_pairs_overview(mut demo: App) {
    keys(&mut demo, "0");
    assert_eq!(demo.state.tab(), None);
    press(&mut demo, KeyCode::Enter);
    assert_eq!(demo.state.tab(), Some(Tab::Overview));
    assert_eq!(demo.state.focus, Focus::Tab);
}

#[rstest]
fn the_search_window_says_when_more_match_than_it_holds_and_pages(mut demo: App) {
    let pair = demo.state.pair().unwrap().id;
    for i in 0..60 {
        demo.store_mut()
            .add_note(
                pair,
                &candor::store::NewNote {
                    body: format!("{i}: the wombat again"),
                    private: false,
                    tags: vec![],
                },
            )
            .unwrap();
    }
    keys(&mut demo, "/wombat");
    let Some(Overlay::Search(view)) = &demo.state.overlay else {
        panic!("search is open");
    };
    assert_eq!(view.hits.len(), 50);
    assert!(view.more);
    let screen = drawn(&demo);
    assert!(
        screen.contains("The best 50 hits; more match · more words narrow the search"),
        "{screen}"
    );
    // PgDn and PgUp move a page of hits (two lines each) at a time.
    press(&mut demo, KeyCode::PageDown);
    let cursor = |app: &App| match &app.state.overlay {
        Some(Overlay::Search(view)) => view.cursor,
        _ => panic!("search is open"),
    };
    let page = cursor(&demo);
    assert!(page > 1, "{page}");
    press(&mut demo, KeyCode::PageUp);
    assert_eq!(cursor(&demo), 0);
    // Narrowed to fewer than it holds, it says nothing of more.
    type_text(&mut demo, " 7");
    let screen = drawn(&demo);
    assert!(!screen.contains("more match"), "{screen}");
}

#[rstest]
fn search_as_you_type_matches_the_last_word_as_its_start(mut demo: App) {
    keys(&mut demo, "/estim");
    let Some(Overlay::Search(s)) = &demo.state.overlay else {
        panic!("search is open");
    };
    assert!(
        !s.hits.is_empty(),
        "'estim' finds 'estimates' while it is typed"
    );
    assert!(
        s.hits
            .iter()
            .all(|h| h.snippet.to_lowercase().contains("estim"))
    );
    // A space ends the word: only whole words match then.
    keys(&mut demo, " ");
    let Some(Overlay::Search(s)) = &demo.state.overlay else {
        panic!("search is open");
    };
    assert!(s.hits.is_empty(), "{:?}", s.hits);
}

#[rstest]
fn help_pages_goes_to_its_ends_and_stops_at_its_last_line(mut demo: App) {
    let _ = demo.resize(80, 24);
    keys(&mut demo, "?");
    keys(&mut demo, "G");
    let last = help_scroll(&demo);
    let lines = demo.state.keymap.help_lines();
    assert_eq!(
        usize::from(last),
        lines - (24 - 6),
        "the last line at the bottom"
    );
    keys(&mut demo, "j");
    assert_eq!(help_scroll(&demo), last, "no further than the end");
    press(&mut demo, KeyCode::PageUp);
    assert_eq!(help_scroll(&demo), last - (24 - 8));
    keys(&mut demo, "g");
    assert_eq!(help_scroll(&demo), 0);
}

/// The First meeting tab's selected row.
fn fm_row(app: &App) -> candor::app::first_meeting::FmRow {
    let rows = candor::app::first_meeting::rows(&app.state.detail);
    rows[item_cursor(app)].1
}

fn form_choice(app: &App, name: Name) -> usize {
    match &app.state.overlay {
        Some(Overlay::Form(f)) => f.choice(name),
        other => panic!("no form open: {other:?}"),
    }
}

#[rstest]
fn strengths_are_rows_to_read_edit_delete_and_bring_back(mut demo: App) {
    use candor::app::first_meeting::FmRow;
    let pair = demo.state.pair().unwrap().id;
    // Ben's step 2: three items, then his strengths, then Ana's.
    keys(&mut demo, "2jjjjj");
    let FmRow::Strength(i) = fm_row(&demo) else {
        panic!("a strength is selected: {:?}", fm_row(&demo));
    };
    let strength = demo.state.detail.strengths[i].clone();
    assert_eq!(strength.text, "Explains trade-offs clearly");

    // Enter reads it in full.
    press(&mut demo, KeyCode::Enter);
    let Some(Overlay::Viewer(v)) = &demo.state.overlay else {
        panic!("Enter reads it: {:?}", demo.state.overlay);
    };
    assert_eq!(v.title, "Ben Okafor's strength");
    assert!(v.text.contains("Explains trade-offs clearly"));
    press(&mut demo, KeyCode::Esc);

    // e edits it; Ctrl-s saves it in the store.
    keys(&mut demo, "e");
    assert_eq!(
        form_text(&demo, Name::Strength),
        "Explains trade-offs clearly"
    );
    type_text(&mut demo, " in reviews");
    ctrl(&mut demo, 's');
    assert_eq!(
        demo.store().strength(strength.id).unwrap().text,
        "Explains trade-offs clearly in reviews"
    );
    assert_eq!(
        fm_row(&demo),
        FmRow::Strength(i),
        "still selected after the save"
    );

    // d asks first; y deletes; u brings it back.
    keys(&mut demo, "d");
    assert!(matches!(demo.state.overlay, Some(Overlay::Confirm(_))));
    keys(&mut demo, "y");
    assert!(demo.store().strength(strength.id).is_err(), "deleted");
    assert_eq!(
        demo.store().strengths(pair).unwrap().len(),
        demo.state.detail.strengths.len()
    );
    keys(&mut demo, "u");
    let back = demo.store().strengths(pair).unwrap();
    assert!(
        back.iter()
            .any(|s| s.uid == strength.uid && s.text == "Explains trade-offs clearly in reviews"),
        "{back:?}"
    );

    // A checklist item is not deleted: d says what it does instead.
    keys(&mut demo, "g");
    keys(&mut demo, "d");
    assert!(demo.state.overlay.is_none());
    assert_eq!(demo.state.detail.checklist.len(), 12);
}

#[rstest]
fn a_adds_what_fits_the_step_under_the_cursor(mut demo: App) {
    use candor::app::first_meeting::FmRow;
    keys(&mut demo, "2");
    // Step 1 is talked through: a says so, and opens nothing.
    keys(&mut demo, "a");
    assert!(demo.state.overlay.is_none());
    assert!(
        demo.state.status.text.contains("Step 1 is talked through"),
        "{:?}",
        demo.state.status
    );
    // On step 2's first item (the mentee's strengths): the mentee's strength.
    keys(&mut demo, "jj");
    keys(&mut demo, "a");
    assert_eq!(form_choice(&demo, Name::Addition), 0);
    press(&mut demo, KeyCode::Esc);
    keys(&mut demo, "kk");
    // On Ana's (the mentor's) strength: the mentor's strength.
    keys(&mut demo, "jjjjjjj");
    let FmRow::Strength(i) = fm_row(&demo) else {
        panic!("{:?}", fm_row(&demo));
    };
    assert_eq!(demo.state.detail.strengths[i].whose, Role::Mentor);
    keys(&mut demo, "a");
    assert_eq!(form_choice(&demo, Name::Addition), 1);
    press(&mut demo, KeyCode::Esc);
    // Under step 4: a challenge ↔ experience.
    keys(&mut demo, "jjjj");
    assert!(matches!(fm_row(&demo), FmRow::Item(_)));
    keys(&mut demo, "a");
    assert_eq!(form_choice(&demo, Name::Addition), 2);
    type_text(&mut demo, "Hard to say no");
    press(&mut demo, KeyCode::Tab);
    type_text(&mut demo, "I said yes to everything in my first year");
    ctrl(&mut demo, 's');
    let added = demo.state.detail.experiences.last().unwrap().clone();
    assert_eq!(added.challenge, "Hard to say no");
    assert_eq!(
        fm_row(&demo),
        FmRow::Experience(demo.state.detail.experiences.len() - 1)
    );
    // Under step 5: feedback, to the mentor.
    keys(&mut demo, "G");
    keys(&mut demo, "a");
    assert!(
        matches!(&demo.state.overlay, Some(Overlay::Form(f)) if f.has(Name::Direction) && f.choice(Name::Direction) == 0),
        "{:?}",
        demo.state.overlay
    );
}

#[rstest]
fn a_search_hit_on_a_strength_selects_it(mut demo: App) {
    use candor::app::first_meeting::FmRow;
    keys(&mut demo, "/");
    type_text(&mut demo, "production breaks");
    press(&mut demo, KeyCode::Enter);
    assert_eq!(demo.state.tab(), Some(Tab::FirstMeeting));
    let FmRow::Strength(i) = fm_row(&demo) else {
        panic!("{:?}", fm_row(&demo));
    };
    assert_eq!(
        demo.state.detail.strengths[i].text,
        "Calm when production breaks"
    );
}

#[rstest]
fn closing_a_pair_asks_for_a_reflection_first_and_shows_it_on_the_overview(mut demo: App) {
    use candor::domain::PairStatus;
    keys(&mut demo, "jj");
    let pair = demo.state.pair().unwrap().clone();
    assert_eq!(pair.mentee_name, "Cleo Park");

    // C asks first: Esc leaves the pair as it was.
    keys(&mut demo, "C");
    assert!(matches!(demo.state.overlay, Some(Overlay::Form(_))));
    press(&mut demo, KeyCode::Esc);
    assert_eq!(demo.store().pair(pair.id).unwrap().status, pair.status);

    // Written and saved, the pair is closed with its reflection.
    keys(&mut demo, "C");
    type_text(&mut demo, "Starting from strengths");
    press(&mut demo, KeyCode::Tab);
    type_text(&mut demo, "Patience");
    press(&mut demo, KeyCode::Tab);
    type_text(&mut demo, "Ask for help sooner");
    press(&mut demo, KeyCode::Tab);
    press(&mut demo, KeyCode::Right);
    ctrl(&mut demo, 's');
    assert!(demo.state.overlay.is_none(), "{:?}", demo.state.status);
    assert_eq!(
        demo.store().pair(pair.id).unwrap().status,
        PairStatus::Closed
    );
    let note = demo
        .store()
        .closing_reflection(pair.id)
        .unwrap()
        .expect("kept");
    let body = &note.text().unwrap().body;
    for part in [
        "What worked:\nStarting from strengths",
        "What Ana Ruiz takes forward:\nPatience",
        "What Cleo Park takes forward:\nAsk for help sooner",
        "Staying in touch: yes",
    ] {
        assert!(body.contains(part), "{body}");
    }
    assert_eq!(note.text().unwrap().tags, ["closing"]);
    assert!(!note.is_private(), "shared: it is exported with the pair");
    assert!(demo.state.detail.reflection.is_some());

    // C again reopens it at once.
    keys(&mut demo, "C");
    assert_eq!(
        demo.store().pair(pair.id).unwrap().status,
        PairStatus::Active
    );
}

// --- the Overview's keys beside the pair list, undo across copies, setting up pairs ---

#[rstest]
fn the_overviews_keys_work_from_the_pair_list_beside_it(mut demo: App) {
    assert_eq!(demo.state.focus, Focus::Pairs);
    assert_eq!(demo.state.tab(), Some(Tab::Overview));
    let goal = demo.state.detail.goals[0].clone();
    // p records progress on the selected goal (it no longer pauses the pair).
    keys(&mut demo, "p");
    assert!(
        matches!(&demo.state.overlay, Some(Overlay::Form(f)) if f.focused() == Name::Percent),
        "{:?}",
        demo.state.overlay
    );
    type_text(&mut demo, "35");
    ctrl_s(&mut demo);
    assert!(demo.state.overlay.is_none(), "{:?}", demo.state.status);
    assert_eq!(demo.store().goal(goal.id).unwrap().progress, 35);
    assert_eq!(
        demo.state.pair().unwrap().status,
        candor::domain::PairStatus::Active
    );
    assert_eq!(
        demo.state.focus,
        Focus::Pairs,
        "the focus stays on the list"
    );
    // a adds a goal, c a check-in, from the list too.
    keys(&mut demo, "a");
    assert!(
        matches!(&demo.state.overlay, Some(Overlay::Form(f)) if f.title == "New goal"),
        "{:?}",
        demo.state.overlay
    );
    press(&mut demo, KeyCode::Esc);
    keys(&mut demo, "c");
    assert!(matches!(&demo.state.overlay, Some(Overlay::Form(_))));
    press(&mut demo, KeyCode::Esc);
    // The list's own keys stay the list's: e edits the pair, not the goal.
    keys(&mut demo, "e");
    assert!(
        matches!(&demo.state.overlay, Some(Overlay::Form(f)) if f.title == "Pair"),
        "{:?}",
        demo.state.overlay
    );
    press(&mut demo, KeyCode::Esc);
    // With another tab shown beside the list, p does nothing.
    keys(&mut demo, "3h");
    assert_eq!(demo.state.focus, Focus::Pairs);
    keys(&mut demo, "p");
    assert!(demo.state.overlay.is_none());
    // The status line offers the Overview's keys while it is shown.
    keys(&mut demo, "1h");
    let hints = demo.state.hints();
    assert!(hints.iter().any(|(k, _)| k == "p"), "{hints:?}");
}

#[test]
fn u_brings_back_a_deletion_made_by_the_command_line_or_another_copy() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("j.db");
    let clock = manual_clock();
    demo_file(&db, &clock);
    let mut app = file_app(&db, clock.clone());
    keys(&mut app, "j");
    let dana = app.state.pair().unwrap().id;
    keys(&mut app, "k");
    // As `candor delete` does, on its own connection: a meeting of Dana's pair.
    let mut other = Store::open(&db, clock.clone()).unwrap();
    let meetings = other
        .meetings(dana, &candor::store::Page::first(10))
        .unwrap();
    let gone = meetings[0].clone();
    other.delete_entry(dana, Kind::Meeting, gone.id).unwrap();
    drop(other);
    keys(&mut app, "u");
    assert_eq!(
        app.state.status.kind,
        StatusKind::Info,
        "{:?}",
        app.state.status
    );
    assert!(
        app.state.status.text.starts_with("Restored the meeting"),
        "{:?}",
        app.state.status
    );
    assert_eq!(app.state.pair().unwrap().id, dana, "its pair is selected");
    assert_eq!(app.store().meeting(gone.id).unwrap().notes, gone.notes);
    keys(&mut app, "u");
    assert_eq!(app.state.status.text, "Nothing to undo.");
}

#[rstest]
fn a_new_pair_form_holds_your_own_name_on_your_side(mut empty: App) {
    keys(&mut empty, "n");
    type_text(&mut empty, "Alex Morgan");
    press(&mut empty, KeyCode::Tab);
    type_text(&mut empty, "Ben Okafor");
    ctrl_s(&mut empty);
    assert!(empty.state.overlay.is_none(), "{:?}", empty.state.status);
    assert_eq!(
        empty.store().own_name().unwrap().as_deref(),
        Some("Alex Morgan")
    );
    let new_form = |app: &App| match &app.state.overlay {
        Some(Overlay::Form(f)) => (
            f.text(Name::MentorName),
            f.text(Name::MenteeName),
            f.text(Name::Cadence),
        ),
        other => panic!("no form: {other:?}"),
    };
    keys(&mut empty, "n");
    assert_eq!(
        new_form(&empty),
        (
            "Alex Morgan".into(),
            String::new(),
            candor::domain::DEFAULT_CADENCE_DAYS.to_string()
        )
    );
    // Typing starts on the other person's name; saying you are the
    // mentee (the next field) moves your name to the mentee's side.
    press(&mut empty, KeyCode::Tab);
    press(&mut empty, KeyCode::Right);
    assert_eq!(new_form(&empty).0, "");
    assert_eq!(new_form(&empty).1, "Alex Morgan");
}

#[rstest]
fn the_pair_form_changes_your_role_and_the_start_and_plans_the_next_meeting(mut demo: App) {
    keys(&mut demo, "e");
    let Some(Overlay::Form(f)) = &demo.state.overlay else {
        panic!("no form");
    };
    assert_eq!(f.choice(Name::MyRole), 0);
    let before = demo.state.pair().unwrap().clone();
    // Mentor, mentee, role: the role to mentee.
    press(&mut demo, KeyCode::Tab);
    press(&mut demo, KeyCode::Tab);
    press(&mut demo, KeyCode::Right);
    let Some(Overlay::Form(f)) = &mut demo.state.overlay else {
        panic!("no form");
    };
    let mut values = f.values();
    values.insert(Name::StartedOn, "2026-09-01".into());
    values.insert(Name::NextMeetingOn, "2026-12-24".into());
    f.set_values(&values);
    ctrl_s(&mut demo);
    assert!(demo.state.overlay.is_none(), "{:?}", demo.state.status);
    let p = demo.store().pair(before.id).unwrap();
    assert_eq!(p.my_role, Role::Mentee);
    assert_eq!(
        p.mentor_name, before.mentor_name,
        "the mentor stays the mentor"
    );
    assert_eq!(p.started_on.to_string(), "2026-09-01");
    assert_eq!(p.next_meeting_on.unwrap().to_string(), "2026-12-24");
    let s = demo.state.pair_summary().unwrap();
    assert_eq!(
        s.next_meeting(demo.store().clock()).unwrap().to_string(),
        "2026-12-24"
    );
    // A day gone by is refused on its field, the text kept.
    keys(&mut demo, "e");
    let Some(Overlay::Form(f)) = &mut demo.state.overlay else {
        panic!("no form");
    };
    let mut values = f.values();
    values.insert(Name::NextMeetingOn, "2026-11-01".into());
    f.set_values(&values);
    ctrl_s(&mut demo);
    assert!(
        matches!(&demo.state.overlay, Some(Overlay::Form(f)) if f.focused() == Name::NextMeetingOn),
        "{:?}",
        demo.state.status
    );
    assert!(
        demo.state.status.text.contains("has gone by"),
        "{:?}",
        demo.state.status
    );
}

#[rstest]
fn a_new_meeting_offers_a_prompt_from_a_step_still_open(mut demo: App) {
    let prompts = |app: &App| match &app.state.overlay {
        Some(Overlay::Form(f)) => f
            .hints(Name::Agenda)
            .iter()
            .map(|h| h.text.clone())
            .collect::<Vec<_>>()
            .join(" "),
        other => panic!("no form: {other:?}"),
    };
    // Ben's pair: step 2 has an item open, the first step that has.
    keys(&mut demo, "3n");
    let said = prompts(&demo);
    assert!(
        said.starts_with("Step 2 (Start from strengths) is still open"),
        "{said}"
    );
    let template = Template::built_in();
    let step = template.step(2).unwrap();
    assert!(
        step.prompts
            .as_mentor
            .iter()
            .any(|p| said.contains(&p.replace("{mentee}", "Ben Okafor")[..20])),
        "a prompt in the mentor's voice: {said}"
    );
    press(&mut demo, KeyCode::Esc);
    // Dana Li's pair has every step done: no prompt.
    keys(&mut demo, "hj3n");
    assert_eq!(prompts(&demo), "");
}

#[test]
fn what_another_candor_writes_shows_on_the_next_tick() {
    use candor::domain::PairStatus;
    let dir = tempfile::tempdir().unwrap();
    let (mut app, db) = demo_file_app(dir.path());
    let _ = app.tick();
    let ben = app.state.pair().unwrap().id;
    let done_before = app.state.pair_summary().unwrap().checklist_done;
    let strengths_before = app.state.detail.strengths.len();

    // Another copy (the command line, say) adds a strength and pauses Ben.
    let mut other = Store::open(&db, manual_clock()).unwrap();
    other
        .add_strength(ben, Role::Mentee, "Writes clear postmortems")
        .unwrap();
    other.set_pair_status(ben, PairStatus::Paused).unwrap();
    let effects = app.tick();
    assert!(effects.contains(&Effect::Redraw));
    assert_eq!(app.state.pair().unwrap().status, PairStatus::Paused);
    assert_eq!(app.state.detail.strengths.len(), strengths_before + 1);
    // Ben's "named the mentee's strengths" was ticked already: the count
    // the pair list shows is the store's, unchanged.
    assert_eq!(
        app.state.pair_summary().unwrap().checklist_done,
        done_before
    );
    assert_eq!(
        app.state.pair_summary().unwrap().checklist_done,
        other.pair_summary(ben).unwrap().checklist_done
    );

    // Nothing written meanwhile: a tick reloads nothing.
    let again = app.tick();
    assert!(!again.contains(&Effect::Redraw), "{again:?}");
}

#[rstest]
fn saving_a_meeting_selects_the_meeting_not_its_new_action_items(mut demo: App) {
    keys(&mut demo, "3n");
    press(&mut demo, KeyCode::Tab);
    press(&mut demo, KeyCode::Tab);
    type_text(&mut demo, "Went through the estimates log");
    press(&mut demo, KeyCode::Tab);
    type_text(&mut demo, "Ben: send the log by Friday");
    ctrl_s(&mut demo);
    assert!(demo.state.overlay.is_none(), "{:?}", demo.state.status);
    match demo.state.row() {
        Some(candor::app::Row::Meeting(m)) => assert_eq!(m.notes, "Went through the estimates log"),
        other => panic!("the meeting is selected, not {other:?}"),
    }
}

#[rstest]
fn a_new_pair_starts_on_the_other_persons_name_when_yours_is_remembered(mut demo: App) {
    keys(&mut demo, "n");
    type_text(&mut demo, "Finn Ng");
    assert_eq!(form_text(&demo, Name::MentorName), "Ana Ruiz");
    assert_eq!(form_text(&demo, Name::MenteeName), "Finn Ng");
}

/// Ticks until `running` says the work beside the screen has finished.
fn tick_while(app: &mut App, running: fn(&App) -> bool, what: &str) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while running(app) {
        assert!(
            std::time::Instant::now() < deadline,
            "{what} never finished"
        );
        std::thread::sleep(std::time::Duration::from_millis(10));
        let _ = app.tick();
    }
}

/// Ticks until the background check of the file has finished.
fn wait_for_file_check(app: &mut App) {
    tick_while(app, App::file_check_running, "the check");
}

#[test]
fn a_sound_journal_checked_beside_the_screen_says_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, _db) = demo_file_app(dir.path());
    app.check_file_in_background();
    wait_for_file_check(&mut app);
    assert_ne!(
        app.state.status.kind,
        StatusKind::Error,
        "{:?}",
        app.state.status
    );
}

#[test]
fn damage_deep_in_the_file_is_found_after_the_first_frame_and_said() {
    use std::io::{Seek, SeekFrom, Write};
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("j.db");
    {
        let mut store = Store::open(&db, manual_clock()).unwrap();
        candor::demo::fill(&mut store, &Template::built_in()).unwrap();
        let pair = store.pair_summaries().unwrap()[0].pair.id;
        for i in 0..400 {
            let note = candor::store::NewNote {
                body: format!("note {i}: {}", "words that fill pages ".repeat(20)),
                private: false,
                tags: vec![],
            };
            store.add_note(pair, &note).unwrap();
        }
    }
    // Everything in the main file, then the first page of the search
    // index's data overwritten: the header, the schema and what the first
    // screen reads stay sound, so the journal opens as if nothing were wrong.
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
        .unwrap();
    let page: i64 = conn
        .query_row("PRAGMA page_size", [], |r| r.get(0))
        .unwrap();
    let root: i64 = conn
        .query_row(
            "SELECT rootpage FROM sqlite_schema WHERE type = 'table' AND name LIKE '%\\_data' ESCAPE '\\'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    drop(conn);
    let mut file = std::fs::OpenOptions::new().write(true).open(&db).unwrap();
    file.seek(SeekFrom::Start(((root - 1) * page) as u64))
        .unwrap();
    file.write_all(&vec![0xA5; page as usize]).unwrap();
    drop(file);

    let mut app = file_app(&db, manual_clock());
    assert_ne!(
        app.state.status.kind,
        StatusKind::Error,
        "opening does not read every page: {:?}",
        app.state.status
    );
    app.check_file_in_background();
    wait_for_file_check(&mut app);
    assert_eq!(
        app.state.status.kind,
        StatusKind::Error,
        "{:?}",
        app.state.status
    );
    assert!(
        app.state.status.text.contains("found damage")
            && app.state.status.text.contains("candor doctor"),
        "{:?}",
        app.state.status
    );
}

#[rstest]
fn pausing_and_closing_work_from_inside_a_tab_too(mut demo: App) {
    use candor::domain::PairStatus;
    keys(&mut demo, "3l");
    assert_eq!(demo.state.focus, Focus::Tab);
    keys(&mut demo, "Py");
    assert_eq!(demo.state.pair().unwrap().status, PairStatus::Paused);
    keys(&mut demo, "C");
    assert!(
        matches!(demo.state.overlay, Some(Overlay::Form(_))),
        "the reflection is asked for"
    );
    ctrl_s(&mut demo);
    assert_eq!(demo.state.pair().unwrap().status, PairStatus::Closed);
}

/// Ticks until the background sync has finished.
fn wait_for_sync(app: &mut App) {
    tick_while(app, App::sync_running, "the sync");
}

#[test]
fn a_journal_that_syncs_through_a_folder_syncs_beside_the_screen_and_says_what_came_in() {
    use candor::sync::{self, Ask};
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("Sync");
    std::fs::create_dir(&folder).unwrap();
    // The laptop starts the folder; the desktop (on screen) joins it.
    let (mut app, db) = demo_file_app(dir.path());
    let laptop_db = dir.path().join("laptop.db");
    let clock = manual_clock();
    let mut laptop = Store::open(&laptop_db, clock.clone()).unwrap();
    let code = sync::sync(&mut laptop, &folder, &Ask::default())
        .unwrap()
        .new_code
        .unwrap();
    {
        let mut desktop = Store::open(&db, clock.clone()).unwrap();
        let ask = Ask {
            join: Some(code.as_str()),
            ..Ask::default()
        };
        sync::sync(&mut desktop, &folder, &ask).unwrap();
    }
    // The laptop gets the desktop's pairs, writes a note in one, and syncs.
    sync::sync(&mut laptop, &folder, &Ask::default()).unwrap();
    let pair = laptop.pairs().unwrap()[0].id;
    let note = candor::store::NewNote {
        body: "written on the laptop, read on the desktop".into(),
        private: false,
        tags: vec![],
    };
    clock.advance(chrono::Duration::seconds(5));
    laptop.add_note(pair, &note).unwrap();
    sync::sync(&mut laptop, &folder, &Ask::default()).unwrap();
    let found = |db: &std::path::Path| {
        let store = Store::open(db, manual_clock()).unwrap();
        store.search("laptop", &Default::default()).unwrap().len()
    };
    assert_eq!(found(&db), 0);

    app.sync_in_background();
    assert!(app.sync_running());
    wait_for_sync(&mut app);
    assert_eq!(
        app.state.status.kind,
        StatusKind::Info,
        "{:?}",
        app.state.status
    );
    assert!(
        app.state.status.text.starts_with("Synced ")
            && app
                .state
                .status
                .text
                .contains(": 1 added, 0 updated, 0 removed"),
        "{:?}",
        app.state.status
    );
    assert_eq!(found(&db), 1);
    // The next sync waits its five minutes.
    let _ = app.tick();
    assert!(!app.sync_running());
    // A sync that brings nothing says when it ran, where no other news is.
    app.sync_in_background();
    wait_for_sync(&mut app);
    assert!(
        app.state.status.text.ends_with(": nothing new"),
        "{:?}",
        app.state.status
    );
}
