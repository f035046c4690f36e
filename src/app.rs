//! The application: its state and `update(action)`. No terminal in here, so
//! every behaviour is tested by feeding actions or key events directly.
//! Requests that need the terminal (running `$EDITOR`) are left in
//! [`State::request`] for the terminal loop to carry out.

mod drafts;
mod entries;
pub mod form;
mod forms;
mod growth;
mod import;
mod privacy;
mod search;
pub mod secret;
pub mod viewer;

use std::time::Duration;

use crossterm::event::{KeyEvent, KeyEventKind, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Position, Rect};

use crate::action::Action;
use crate::domain::{CheckIn, ChecklistItem, Experience, Goal, Pair, Strength};
use crate::keymap::{Keymap, Mode};
use crate::store::{Deleted, Draft, FeedbackSummary, Store};
use crate::template::Template;
use crate::text;
use crate::ui;
pub use drafts::DraftMirror;
pub use entries::{Row, Section, SectionKind, TabList};
use form::{Form, FormKind, ImportStep};
pub use search::SearchView;
use viewer::Viewer;

/// Which pane has the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    /// The pair list on the left.
    Pairs,
    /// The open tab on the right.
    Tab,
}

/// The tabs of a pair, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    /// Summary of the pair.
    Overview,
    /// The five trust-building steps.
    FirstMeeting,
    /// Meetings held and planned, and action items.
    Meetings,
    /// Feedback both ways.
    Feedback,
    /// Notes, shared and private.
    Notes,
    /// All pairs at once (`0`): who is overdue, what is due, how feedback goes.
    Home,
}

impl Tab {
    /// All tabs in order.
    pub const ALL: [Tab; 5] = [
        Tab::Overview,
        Tab::FirstMeeting,
        Tab::Meetings,
        Tab::Feedback,
        Tab::Notes,
    ];

    /// The tab's title.
    pub fn title(self) -> &'static str {
        match self {
            Tab::Overview => "Overview",
            Tab::FirstMeeting => "First meeting",
            Tab::Meetings => "Meetings",
            Tab::Feedback => "Feedback",
            Tab::Notes => "Notes",
            Tab::Home => "Home",
        }
    }

    /// A shorter title for narrow terminals.
    pub fn short_title(self) -> &'static str {
        match self {
            Tab::FirstMeeting => "First mtg",
            Tab::Meetings => "Meets",
            Tab::Feedback => "Fdbk",
            other => other.title(),
        }
    }

    /// The tab's position in the cycle; Home sits outside it, before Overview.
    fn index(self) -> usize {
        Self::ALL.iter().position(|t| *t == self).unwrap_or(0)
    }

    /// Whether the tab lists entries (meetings, feedback, notes).
    pub fn has_list(self) -> bool {
        matches!(self, Tab::Meetings | Tab::Feedback | Tab::Notes)
    }
}

/// What a yes/no question leads to.
#[derive(Debug, Clone, PartialEq)]
pub enum Question {
    /// Delete the entry in this row of the tab list.
    DeleteEntry(Row),
    /// Erase this pair and everything in it.
    DeletePair(i64),
    /// Delete this goal and its progress.
    DeleteGoal(i64),
    /// Reopen (yes) a draft kept from an earlier run; no asks
    /// [`Question::DiscardDraft`] before anything is thrown away.
    Draft(Box<Draft>),
    /// Throw that draft away for good (yes); any other key keeps it.
    DiscardDraft(Box<Draft>),
    /// Put the journal's own public key back (yes) after an unlock found it replaced.
    RepairKey,
}

/// A yes/no question shown over the screen.
#[derive(Debug, Clone, PartialEq)]
pub struct Confirm {
    /// What is asked, in full.
    pub text: String,
    /// What a yes (or no) does.
    pub question: Question,
}

/// A window over the main screen.
#[derive(Debug, Clone)]
pub enum Overlay {
    /// The list of keys.
    Help,
    /// A form being filled in.
    Form(Box<Form>),
    /// A long text, read a screen at a time.
    Viewer(Box<Viewer>),
    /// A yes/no question.
    Confirm(Box<Confirm>),
    /// Searching everything.
    Search(Box<SearchView>),
}

/// Whether the status message is news or a problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StatusKind {
    /// Something happened as asked.
    #[default]
    Info,
    /// Something was refused or failed.
    Error,
}

/// The bottom line's message.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Status {
    /// The message.
    pub text: String,
    /// News or problem.
    pub kind: StatusKind,
    /// Local time of the last save, such as "14:02".
    pub saved_at: Option<String>,
}

/// What the selected pair's First meeting and Overview tabs show.
#[derive(Debug, Clone, Default)]
pub struct Detail {
    /// Meetings held in each of the last twelve weeks, oldest first.
    pub meetings_per_week: Vec<u64>,
    /// How feedback went.
    pub feedback: FeedbackSummary,
    /// The checklist by step and position.
    pub checklist: Vec<ChecklistItem>,
    /// Both people's strengths.
    pub strengths: Vec<Strength>,
    /// Challenge ↔ experience pairs.
    pub experiences: Vec<Experience>,
    /// Goals, open ones first (the first page).
    pub goals: Vec<Goal>,
    /// The latest trust check-ins, oldest first, for the chart.
    pub checkins: Vec<CheckIn>,
    /// How many check-ins the pair holds in all.
    pub checkin_count: usize,
}

/// The home view's data: what is due across every pair.
#[derive(Debug, Clone, Default)]
pub struct Home {
    /// Open action items due within a week (or overdue), soonest first.
    pub due_actions: Vec<crate::domain::ActionItem>,
    /// How feedback to you as a mentor went, over every pair you mentor.
    pub mentor_feedback: FeedbackSummary,
}

/// Something only the terminal loop can do, asked for by the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    /// Hand this text to `$EDITOR` and give the result to [`App::editor_returned`].
    Editor(String),
    /// Clear the whole screen (after locking), then draw anew.
    ClearScreen,
}

/// Settings the app takes from the program's configuration.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Idle time after which text being edited is kept as a draft.
    pub autosave_after: Duration,
    /// Idle time after which unlocked private notes lock again.
    pub lock_after: Duration,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            autosave_after: Duration::from_secs(3),
            lock_after: Duration::from_secs(300),
        }
    }
}

/// Everything the screen shows; render functions read only this.
#[derive(Debug, Clone)]
pub struct State {
    /// The key bindings, for help and hints.
    pub keymap: Keymap,
    /// The checklist template, for step titles.
    pub template: Template,
    /// All pairs in creation order.
    pub pairs: Vec<Pair>,
    /// Index of the selected pair in `pairs`.
    pub selected: usize,
    /// Which pane has the keyboard.
    pub focus: Focus,
    /// The open tab.
    pub tab: Tab,
    /// The selected pair's checklist, strengths and experiences.
    pub detail: Detail,
    /// Index of the selected checklist item.
    pub item_cursor: usize,
    /// Index of the selected goal on the Overview.
    pub goal_cursor: usize,
    /// The open tab's entries, loaded a page at a time.
    pub list: TabList,
    /// Index of the selected row in `list`.
    pub list_cursor: usize,
    /// Help, a form, a viewer or a question, if open.
    pub overlay: Option<Overlay>,
    /// First line of help shown.
    pub help_scroll: u16,
    /// The bottom line's message.
    pub status: Status,
    /// Today in local time.
    pub today: chrono::NaiveDate,
    /// The clock, for showing stored times in local time.
    pub clock: crate::clock::SharedClock,
    /// The terminal's size, for mouse hits and paging.
    pub size: (u16, u16),
    /// Something for the terminal loop to do.
    pub request: Option<Request>,
    /// What the home view shows across all pairs.
    pub home: Home,
    /// Work running in the background, such as "Unlocking", shown with a spinner.
    pub busy: Option<String>,
    /// Turns of the spinner.
    pub spinner: usize,
    /// The journal cannot be written here: a banner says so.
    pub read_only: bool,
    /// Set when the user asked to quit.
    pub quit: bool,
}

impl State {
    /// The selected pair, if there is one.
    pub fn pair(&self) -> Option<&Pair> {
        self.pairs.get(self.selected)
    }

    /// The keymap modes in force, most specific first.
    pub fn modes(&self) -> Vec<Mode> {
        match &self.overlay {
            Some(Overlay::Help) => vec![Mode::Help],
            Some(Overlay::Form(f)) if f.is_secret() => vec![Mode::Prompt],
            Some(Overlay::Form(f)) => match f.kind {
                FormKind::Import {
                    step: ImportStep::File,
                } => vec![Mode::ImportFile, Mode::Form],
                FormKind::Import {
                    step: ImportStep::Preview,
                } => vec![Mode::ImportPreview, Mode::Form],
                _ => vec![Mode::Form],
            },
            Some(Overlay::Viewer(_)) => vec![Mode::Viewer],
            Some(Overlay::Confirm(_)) => vec![Mode::Confirm],
            Some(Overlay::Search(_)) => vec![Mode::Search],
            None => match (self.focus, self.tab) {
                (Focus::Pairs, _) => vec![Mode::Pairs, Mode::Browse],
                (Focus::Tab, Tab::FirstMeeting) => vec![Mode::FirstMeeting, Mode::Browse],
                (Focus::Tab, Tab::Meetings) => {
                    vec![Mode::Meetings, Mode::Entries, Mode::Tab, Mode::Browse]
                }
                (Focus::Tab, Tab::Feedback | Tab::Notes) => {
                    vec![Mode::Entries, Mode::Tab, Mode::Browse]
                }
                (Focus::Tab, Tab::Overview) => vec![Mode::Overview, Mode::Tab, Mode::Browse],
                (Focus::Tab, Tab::Home) => vec![Mode::Tab, Mode::Browse],
            },
        }
    }

    /// The status-line hints for what is in front: a private form does not
    /// offer `$EDITOR`, since it would refuse, and the import window has no
    /// text worth an editor.
    pub fn hints(&self) -> Vec<(String, String)> {
        let hidden: &[Action] = match &self.overlay {
            Some(Overlay::Form(f))
                if f.keeps_from_editor() || matches!(f.kind, FormKind::Import { .. }) =>
            {
                &[Action::ExternalEditor]
            }
            _ => &[],
        };
        self.keymap.hints_except(&self.modes(), hidden)
    }

    /// The selected row of the open tab's list.
    pub fn row(&self) -> Option<&Row> {
        self.list.get(self.list_cursor)
    }
}

/// The application: the store and the state it shows.
#[derive(Debug)]
pub struct App {
    store: Store,
    settings: Settings,
    drafts: drafts::Keeper,
    last_deleted: Option<Deleted>,
    unlocking: Option<privacy::Unlocking>,
    /// The key an unlock opened while the journal's public key was replaced,
    /// held only until the question whether to repair is answered.
    pending_repair: Option<crate::store::RepairKey>,
    /// When a save began waiting for another running candor to finish writing.
    waiting_since: Option<chrono::DateTime<chrono::Utc>>,
    /// The file the import window has read, while it is open.
    importing: Option<import::Importing>,
    idle: privacy::IdleLock,
    /// What the screen shows.
    pub state: State,
}

impl App {
    /// An app on `store` with default settings.
    pub fn new(store: Store, template: Template, keymap: Keymap) -> Self {
        Self::with_settings(store, template, keymap, Settings::default())
    }

    /// An app on `store`, with the first pair selected and its Overview open,
    /// offering back any draft an earlier run kept.
    pub fn with_settings(
        store: Store,
        template: Template,
        keymap: Keymap,
        settings: Settings,
    ) -> Self {
        let today = store.clock().today();
        let clock = store.shared_clock();
        // A write that meets another candor writing gives up after a moment,
        // so the screen can say it waits, stay responsive, and try again.
        let _ = store.set_busy_timeout(forms::WAIT_PER_TRY);
        let idle = privacy::IdleLock {
            after: settings.lock_after,
            last_input: store.clock().now(),
        };
        let mut app = Self {
            store,
            settings,
            drafts: drafts::Keeper::default(),
            last_deleted: None,
            unlocking: None,
            pending_repair: None,
            waiting_since: None,
            importing: None,
            idle,
            state: State {
                keymap,
                template,
                pairs: Vec::new(),
                selected: 0,
                focus: Focus::Pairs,
                tab: Tab::Overview,
                detail: Detail::default(),
                item_cursor: 0,
                goal_cursor: 0,
                list: TabList::default(),
                list_cursor: 0,
                overlay: None,
                help_scroll: 0,
                status: Status::default(),
                today,
                clock,
                size: (80, 24),
                request: None,
                home: Home::default(),
                busy: None,
                spinner: 0,
                quit: false,
                read_only: false,
            },
        };
        app.state.read_only = app.store.is_read_only();
        app.reload();
        app.offer_next_draft();
        app
    }

    /// The store, for callers that need to read it after a run.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The store, to set up data directly (tests, the demo).
    pub fn store_mut(&mut self) -> &mut Store {
        &mut self.store
    }

    /// The draft of the form being edited, shared with the shutdown path so a
    /// signal can keep it on its own connection.
    pub fn draft_mirror(&self) -> DraftMirror {
        self.drafts.mirror()
    }

    /// Handles one key press: forms take typing, everything else goes
    /// through the keymap.
    pub fn handle_key(&mut self, key: KeyEvent) {
        if key.kind == KeyEventKind::Release {
            return;
        }
        self.touch();
        let action = self.state.keymap.resolve(&self.state.modes(), key);
        // Only y throws a draft away; any other key, typed or not, keeps it.
        if let Some(Overlay::Confirm(c)) = &self.state.overlay
            && matches!(c.question, Question::DiscardDraft(_))
        {
            return self.answer(action == Some(Action::Yes));
        }
        if let Some(Overlay::Form(form)) = &mut self.state.overlay {
            let kept = form.confirm_discard && action != Some(Action::Cancel);
            if kept {
                form.confirm_discard = false;
            }
            let before = form.values();
            let submit = action.is_none() && form.key(key);
            let changed = form.values() != before;
            if kept {
                self.info("Kept your text; carry on.");
            }
            if changed {
                self.form_changed();
            }
            match action {
                Some(a) => self.update(a),
                None if submit => self.update(Action::Save),
                None => {}
            }
            return;
        }
        if matches!(self.state.overlay, Some(Overlay::Search(_))) {
            match action {
                Some(a) => self.update(a),
                None => self.search_key(key),
            }
            return;
        }
        if let Some(a) = action {
            self.update(a);
        }
    }

    /// Pasted text goes into the focused form field.
    pub fn handle_paste(&mut self, text: &str) {
        if let Some(Overlay::Form(form)) = &mut self.state.overlay {
            form.paste(text);
            self.form_changed();
        }
    }

    /// A click selects a pair or a row; the wheel moves the selection.
    pub fn handle_mouse(&mut self, ev: MouseEvent) {
        match ev.kind {
            MouseEventKind::ScrollUp => self.update(Action::Up),
            MouseEventKind::ScrollDown => self.update(Action::Down),
            MouseEventKind::Down(MouseButton::Left) if self.state.overlay.is_none() => {
                let (w, h) = self.state.size;
                let Some(areas) = ui::areas(Rect::new(0, 0, w, h)) else {
                    return;
                };
                let at = Position::new(ev.column, ev.row);
                if areas.pair_rows.contains(at) {
                    let row = usize::from(at.y - areas.pair_rows.y);
                    if let Some(index) = ui::pairs::pair_at_row(&self.state, areas.pair_rows, row) {
                        self.state.focus = Focus::Pairs;
                        self.select_pair(index);
                    }
                }
            }
            _ => {}
        }
    }

    /// The terminal changed size.
    pub fn resize(&mut self, width: u16, height: u16) {
        self.state.size = (width, height);
        if let Some(Overlay::Viewer(v)) = &mut self.state.overlay {
            v.layout(viewer::width_for(width));
        }
    }

    /// Time passed: keeps text being edited as a draft once typing pauses,
    /// finishes an unlock, and locks private notes after the idle time.
    pub fn tick(&mut self) {
        let now = self.store.clock().now();
        if self.drafts.due(now, self.settings.autosave_after) {
            self.save_draft_now();
        }
        self.poll_unlock();
        self.check_idle_lock();
        self.retry_waiting_save();
    }

    /// Carries out one action.
    pub fn update(&mut self, action: Action) {
        match action {
            Action::Quit => self.quit(),
            Action::Help => {
                self.state.help_scroll = 0;
                self.state.overlay = Some(Overlay::Help);
            }
            Action::Cancel => self.cancel(),
            Action::Up => self.move_by(-1),
            Action::Down => self.move_by(1),
            Action::PageUp => self.move_by(-self.page()),
            Action::PageDown => self.move_by(self.page()),
            Action::Top => self.move_by(isize::MIN / 2),
            Action::Bottom => self.move_by(isize::MAX / 2),
            Action::FocusPairs => self.state.focus = Focus::Pairs,
            Action::FocusTab => {
                if self.state.pair().is_some() {
                    self.state.focus = Focus::Tab;
                }
            }
            Action::NextTab => {
                self.show_tab(Tab::ALL[(self.state.tab.index() + 1) % Tab::ALL.len()])
            }
            Action::PrevTab => {
                self.show_tab(
                    Tab::ALL[(self.state.tab.index() + Tab::ALL.len() - 1) % Tab::ALL.len()],
                );
            }
            Action::ShowOverview => self.show_tab(Tab::Overview),
            Action::ShowFirstMeeting => self.show_tab(Tab::FirstMeeting),
            Action::ShowMeetings => self.show_tab(Tab::Meetings),
            Action::ShowFeedback => self.show_tab(Tab::Feedback),
            Action::ShowNotes => self.show_tab(Tab::Notes),
            Action::ShowHome => {
                self.state.tab = Tab::Home;
                self.state.focus = Focus::Pairs;
                self.load_home();
            }
            Action::New => self.new_here(),
            Action::Add => self.open_add_form(),
            Action::NewAction => self.open_action_form(None),
            Action::Checkin => self.open_checkin_form(),
            Action::ShowCheckins => self.show_checkins(),
            Action::NewGoal => self.open_goal_form(None),
            Action::GoalProgress => self.open_goal_progress_form(),
            Action::Toggle => self.toggle_here(),
            Action::Edit => {
                if self.selected_note_is_locked() && self.state.overlay.is_none() {
                    self.open_unlock_form();
                } else {
                    self.edit_here();
                }
            }
            Action::Open => {
                if matches!(self.state.overlay, Some(Overlay::Search(_))) {
                    self.open_hit();
                } else if self.selected_note_is_locked() {
                    self.open_unlock_form();
                } else {
                    self.open_row();
                }
            }
            Action::Search => self.open_search(),
            Action::Unlock => self.open_unlock_form(),
            Action::Lock => self.lock_now("Private notes locked."),
            Action::Export => self.open_export_form(),
            Action::Import => self.open_import_form(),
            Action::Delete => self.ask_delete(),
            Action::Undo => self.undo_delete(),
            Action::PauseResume => self.pause_resume(),
            Action::CloseReopen => self.close_reopen(),
            Action::Yes => self.answer(true),
            Action::No => self.answer(false),
            Action::ExternalEditor => self.request_editor(),
            Action::NextField => {
                if let Some(Overlay::Form(f)) = &mut self.state.overlay {
                    f.next_field();
                }
            }
            Action::PrevField => {
                if let Some(Overlay::Form(f)) = &mut self.state.overlay {
                    f.prev_field();
                }
            }
            Action::Save => self.save_form(),
        }
    }

    fn quit(&mut self) {
        // A form with typing in it is kept as a draft, so quitting loses nothing.
        if matches!(&self.state.overlay, Some(Overlay::Form(f)) if f.is_dirty()) {
            self.save_draft_now();
        }
        self.wipe_opened_texts();
        self.state.quit = true;
    }

    fn page(&self) -> isize {
        self.state.size.1.saturating_sub(8).max(1) as isize
    }

    fn show_tab(&mut self, tab: Tab) {
        self.state.tab = tab;
        if self.state.pair().is_some() {
            self.state.focus = Focus::Tab;
        }
        self.state.list_cursor = 0;
        self.load_list();
    }

    fn move_by(&mut self, delta: isize) {
        let clamp = |current: usize, len: usize| -> usize {
            if len == 0 {
                return 0;
            }
            (current as isize)
                .saturating_add(delta)
                .clamp(0, len as isize - 1) as usize
        };
        match &mut self.state.overlay {
            Some(Overlay::Help) => {
                let next = (self.state.help_scroll as isize)
                    .saturating_add(delta)
                    .clamp(0, 500);
                self.state.help_scroll = next as u16;
                return;
            }
            Some(Overlay::Viewer(v)) => {
                let height = usize::from(self.state.size.1.saturating_sub(5));
                v.scroll_by(delta, height);
                return;
            }
            Some(Overlay::Search(_)) => return self.move_in_search(delta),
            Some(_) => return,
            None => {}
        }
        match (self.state.focus, self.state.tab) {
            (Focus::Pairs, _) => {
                let next = clamp(self.state.selected, self.state.pairs.len());
                self.select_pair(next);
            }
            (Focus::Tab, Tab::FirstMeeting) => {
                self.state.item_cursor =
                    clamp(self.state.item_cursor, self.state.detail.checklist.len());
            }
            (Focus::Tab, Tab::Overview) => {
                self.state.goal_cursor =
                    clamp(self.state.goal_cursor, self.state.detail.goals.len());
            }
            (Focus::Tab, tab) if tab.has_list() => {
                // Reaching the end of what is loaded fetches the next page first.
                if delta > 0 {
                    let wanted = self.state.list_cursor.saturating_add(delta as usize);
                    self.ensure_loaded(wanted);
                }
                self.state.list_cursor = clamp(self.state.list_cursor, self.state.list.len());
                self.ensure_loaded(self.state.list_cursor + 1);
            }
            (Focus::Tab, _) => {}
        }
    }

    fn select_pair(&mut self, index: usize) {
        if index != self.state.selected {
            self.state.selected = index;
            self.state.item_cursor = 0;
            self.state.goal_cursor = 0;
            self.state.list_cursor = 0;
            self.load_detail();
            self.load_list();
        }
    }

    fn cancel(&mut self) {
        if self.waiting_since.take().is_some() {
            return self.info("Stopped waiting; your text is here — Ctrl-s tries again.");
        }
        match &mut self.state.overlay {
            // A path is not worth asking about: Esc closes the import window at any step.
            Some(Overlay::Form(f)) if matches!(f.kind, FormKind::Import { .. }) => {
                self.cancel_import();
            }
            Some(Overlay::Form(form)) if form.is_dirty() && !form.confirm_discard => {
                form.confirm_discard = true;
                self.error(
                    "Discard what you typed? Esc again discards it; any other key keeps editing.",
                );
            }
            Some(Overlay::Form(f)) if f.kind == FormKind::Unlock => {
                // A prompt holds no draft: nothing to throw away.
                if let Some(Overlay::Form(mut f)) = self.state.overlay.take() {
                    f.clear_secrets();
                }
                self.info("Still locked; U asks again.");
            }
            Some(Overlay::Form(_)) => {
                self.state.overlay = None;
                self.drop_draft();
                self.info("Cancelled; nothing was saved.");
            }
            Some(Overlay::Confirm(c)) => {
                if matches!(c.question, Question::Draft(_)) {
                    self.state.overlay = None;
                    self.info("The draft is kept; it is offered again next time.");
                    self.offer_next_draft_after_current();
                } else {
                    self.answer(false);
                }
            }
            Some(Overlay::Help | Overlay::Viewer(_) | Overlay::Search(_)) => {
                self.state.overlay = None
            }
            None => {}
        }
    }

    /// Reloads the pairs and the selected pair's details from the store.
    pub fn reload(&mut self) {
        let selected_id = self.state.pair().map(|p| p.id);
        self.state.today = self.store.clock().today();
        match self.store.pairs() {
            Ok(pairs) => self.state.pairs = pairs,
            Err(e) => return self.error(&e.to_string()),
        }
        self.state.selected = selected_id
            .and_then(|id| self.state.pairs.iter().position(|p| p.id == id))
            .unwrap_or(0);
        self.load_detail();
        self.load_list();
    }

    fn load_home(&mut self) {
        let week = self.state.today + chrono::Duration::days(7);
        let loaded = (|| {
            Ok::<_, crate::store::StoreError>(Home {
                due_actions: self.store.actions_due(week, 50)?,
                mentor_feedback: self.store.feedback_summary(None)?,
            })
        })();
        match loaded {
            Ok(h) => self.state.home = h,
            Err(e) => self.error(&e.to_string()),
        }
    }

    fn load_detail(&mut self) {
        let Some(pair_id) = self.state.pair().map(|p| p.id) else {
            self.state.detail = Detail::default();
            return;
        };
        let loaded = (|| {
            Ok::<_, crate::store::StoreError>(Detail {
                meetings_per_week: self.store.meetings_per_week(
                    pair_id,
                    self.store.clock().now(),
                    12,
                )?,
                feedback: self.store.feedback_summary(Some(pair_id))?,
                checklist: self.store.checklist(pair_id)?,
                strengths: self.store.strengths(pair_id)?,
                experiences: self.store.experiences(pair_id)?,
                goals: self
                    .store
                    .goals_open_first(pair_id, &crate::store::Page::first(50))?,
                checkins: {
                    let mut c = self
                        .store
                        .checkins(pair_id, &crate::store::Page::first(growth::CHECKINS_SHOWN))?;
                    c.reverse();
                    c
                },
                checkin_count: self.store.checkin_count(Some(pair_id))?,
            })
        })();
        match loaded {
            Ok(d) => {
                self.state.item_cursor = self
                    .state
                    .item_cursor
                    .min(d.checklist.len().saturating_sub(1));
                self.state.goal_cursor =
                    self.state.goal_cursor.min(d.goals.len().saturating_sub(1));
                self.state.detail = d;
            }
            Err(e) => self.error(&e.to_string()),
        }
    }

    fn new_here(&mut self) {
        match (self.state.focus, self.state.tab) {
            (Focus::Pairs, _) => self.open_new_pair_form(),
            (Focus::Tab, Tab::FirstMeeting) => self.open_add_form(),
            (Focus::Tab, Tab::Meetings) => self.open_meeting_form(None),
            (Focus::Tab, Tab::Feedback) => self.open_feedback_form(None),
            (Focus::Tab, Tab::Notes) => self.open_note_form(None),
            (Focus::Tab, Tab::Overview | Tab::Home) => {
                self.error(
                    "Open a tab to add to it: 2 first meeting, 3 meetings, 4 feedback, 5 notes.",
                );
            }
        }
    }

    fn toggle_here(&mut self) {
        match (self.state.focus, self.state.tab) {
            (Focus::Tab, Tab::FirstMeeting) => self.toggle_item(),
            (Focus::Tab, Tab::Meetings) => self.toggle_action(),
            _ => {}
        }
    }

    fn edit_here(&mut self) {
        match (self.state.focus, self.state.tab) {
            (Focus::Pairs, _) => self.open_edit_pair_form(),
            (Focus::Tab, Tab::FirstMeeting) => self.open_item_note_form(),
            (Focus::Tab, Tab::Overview) if self.state.overlay.is_none() => self.edit_goal(),
            (Focus::Tab, tab) if tab.has_list() => self.edit_row(),
            _ => {}
        }
    }

    fn toggle_item(&mut self) {
        let Some(item) = self.state.detail.checklist.get(self.state.item_cursor) else {
            return;
        };
        match self.store.toggle_item(item.id) {
            Ok(item) => {
                let verb = if item.done { "Ticked" } else { "Unticked" };
                self.saved(&format!("{verb}: {}", text::one_line(&item.title)));
                self.reload();
            }
            Err(e) => self.error(&e.to_string()),
        }
    }

    fn answer(&mut self, yes: bool) {
        let Some(Overlay::Confirm(confirm)) = self.state.overlay.take() else {
            return;
        };
        match (confirm.question, yes) {
            (Question::DeleteEntry(row), true) => self.delete_row(&row),
            (Question::DeletePair(id), true) => self.delete_pair(id),
            (Question::DeleteGoal(id), true) => self.delete_goal(id),
            (Question::Draft(draft), true) => self.reopen_draft(&draft),
            (Question::RepairKey, yes) => self.answer_repair(yes),
            (Question::Draft(draft), false) => self.ask_discard_draft(draft),
            (Question::DiscardDraft(draft), true) => {
                match self.store.discard_draft(&draft.uid) {
                    Ok(()) => self.info("The draft was thrown away."),
                    Err(e) => self.error(&e.to_string()),
                }
                self.offer_next_draft();
            }
            (Question::DiscardDraft(draft), false) => self.keep_offered_draft(draft),
            (_, false) => self.info("Nothing was deleted."),
        }
    }

    fn saved(&mut self, message: &str) {
        let now = self.store.clock().now();
        let time = self.store.clock().local(now).format("%H:%M").to_string();
        self.state.status = Status {
            text: message.to_owned(),
            kind: StatusKind::Info,
            saved_at: Some(time),
        };
    }

    fn info(&mut self, message: &str) {
        self.state.status.text = message.to_owned();
        self.state.status.kind = StatusKind::Info;
    }

    fn error(&mut self, message: &str) {
        self.state.status.text = sentence(message);
        self.state.status.kind = StatusKind::Error;
    }
}

/// `s` as a sentence: first letter upper-case, ending in a full stop.
fn sentence(s: &str) -> String {
    let mut chars = s.trim().chars();
    let Some(first) = chars.next() else {
        return String::new();
    };
    let mut out: String = first.to_uppercase().chain(chars).collect();
    if !out.ends_with(['.', '?', '!']) {
        out.push('.');
    }
    out
}
