//! The application: its state and `update(action)`. No terminal in here, so
//! every behaviour is tested by feeding actions or key events directly.
//! What needs the terminal (a redraw, clearing it, `$EDITOR`, a stop, the
//! end) is returned as [`Effects`] from every entry point, for the
//! terminal loop to carry out.

mod drafts;
mod entry_forms;
pub mod entry_list;
pub mod first_meeting;
pub mod form;
pub mod front;
pub mod help;
pub mod home;
mod import;
pub mod overview;
pub mod pair_list;
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
use crate::layout;
use crate::store::{Deleted, Draft, FeedbackSummary, Store};
use crate::template::Template;
pub use drafts::DraftMirror;
pub use entry_list::{EntryList, Row, Section, SectionKind, TabList};
use form::{Form, FormKind};
pub use front::{Front, Right};
pub use help::HelpView;
pub use pair_list::PairList;
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

    fn index(self) -> usize {
        match self {
            Tab::Overview => 0,
            Tab::FirstMeeting => 1,
            Tab::Meetings => 2,
            Tab::Feedback => 3,
            Tab::Notes => 4,
        }
    }

    /// The tab after `tab` in the cycle; Home (`None`) sits outside it,
    /// just before the Overview.
    pub fn after(tab: Option<Tab>) -> Tab {
        match tab {
            Some(t) => Self::ALL[(t.index() + 1) % Self::ALL.len()],
            None => Self::ALL[0],
        }
    }

    /// The tab before `tab`; from Home, the last tab.
    pub fn before(tab: Option<Tab>) -> Tab {
        match tab {
            Some(t) => Self::ALL[(t.index() + Self::ALL.len() - 1) % Self::ALL.len()],
            None => Self::ALL[Self::ALL.len() - 1],
        }
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
    Help(HelpView),
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

/// Something only the terminal loop can do, returned by the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// What the screen shows changed: draw it again.
    Redraw,
    /// Clear every cell of the terminal, then draw anew: after locking, no
    /// private text may stay in cells the next frame would not overwrite.
    ClearScreen,
    /// Hand this text to `$EDITOR` and give the result to [`App::editor_returned`].
    Editor(String),
    /// Give the terminal back and stop, as Ctrl-z does in a shell; taken
    /// back and redrawn on `fg`.
    Suspend,
    /// Leave: the session is over.
    Quit,
}

/// The effects one call into the app asks for, in the order asked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[must_use = "the terminal loop must carry out what the app asks for"]
pub struct Effects(Vec<Effect>);

impl Effects {
    /// Whether `effect` was asked for.
    pub fn contains(&self, effect: &Effect) -> bool {
        self.0.contains(effect)
    }

    /// Whether nothing was asked for.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl IntoIterator for Effects {
    type Item = Effect;
    type IntoIter = std::vec::IntoIter<Effect>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
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
    /// The pair list on the left.
    pub pairs: PairList,
    /// Which pane has the keyboard.
    pub focus: Focus,
    /// Home or the selected pair's open tab, on the right.
    pub right: Right,
    /// The selected pair's checklist, strengths, experiences and goals,
    /// which the Overview and First meeting tabs show.
    pub detail: Detail,
    /// Help, a form, a viewer or a question, if open.
    pub overlay: Option<Overlay>,
    /// The bottom line's message.
    pub status: Status,
    /// Today in local time.
    pub today: chrono::NaiveDate,
    /// The clock, for showing stored times in local time.
    pub clock: crate::clock::SharedClock,
    /// The terminal's size, for mouse hits and paging.
    pub size: (u16, u16),
    /// Work running in the background, such as "Unlocking", shown with a spinner.
    pub busy: Option<String>,
    /// Turns of the spinner.
    pub spinner: usize,
    /// The journal cannot be written here: a banner says so.
    pub read_only: bool,
}

impl State {
    /// The selected pair, if there is one.
    pub fn pair(&self) -> Option<&Pair> {
        self.pairs.selected()
    }

    /// The selected pair's tab shown on the right, or `None` on Home.
    pub fn tab(&self) -> Option<Tab> {
        self.right.tab()
    }

    /// The keymap modes in force, most specific first.
    pub fn modes(&self) -> Vec<Mode> {
        self.front().modes()
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

    /// How many rows of the open tab's list are loaded.
    pub fn row_count(&self) -> usize {
        match &self.right {
            Right::Entries(view) => view.list.len(),
            _ => 0,
        }
    }

    /// The selected row of the open tab's list.
    pub fn row(&self) -> Option<&Row> {
        match &self.right {
            Right::Entries(view) => view.row(),
            _ => None,
        }
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
    /// What the call being handled asks of the terminal loop.
    effects: Vec<Effect>,
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
        let _ = store.set_busy_timeout(entry_forms::WAIT_PER_TRY);
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
            effects: Vec::new(),
            state: State {
                keymap,
                template,
                pairs: PairList::default(),
                focus: Focus::Pairs,
                right: Right::default(),
                detail: Detail::default(),
                overlay: None,
                status: Status::default(),
                today,
                clock,
                size: (80, 24),
                busy: None,
                spinner: 0,
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

    /// Asks the terminal loop for `effect` (once, however often asked).
    fn emit(&mut self, effect: Effect) {
        if !self.effects.contains(&effect) {
            self.effects.push(effect);
        }
    }

    /// What this call asked for, handed to the loop.
    fn effects(&mut self) -> Effects {
        Effects(std::mem::take(&mut self.effects))
    }

    /// Handles one key press: forms take typing, everything else goes
    /// through the keymap. Ctrl-z stops the program, whatever is open.
    pub fn handle_key(&mut self, key: KeyEvent) -> Effects {
        if key.kind != KeyEventKind::Release {
            if is_suspend_key(&key) {
                self.emit(Effect::Suspend);
            } else {
                self.key(key);
            }
            self.emit(Effect::Redraw);
        }
        self.effects()
    }

    fn key(&mut self, key: KeyEvent) {
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
                Some(a) => self.act(a),
                None if submit => self.act(Action::Save),
                None => {}
            }
            return;
        }
        if matches!(self.state.overlay, Some(Overlay::Search(_))) {
            match action {
                Some(a) => self.act(a),
                None => self.search_key(key),
            }
            return;
        }
        if let Some(a) = action {
            self.act(a);
        }
    }

    /// Pasted text goes into the focused form field.
    pub fn handle_paste(&mut self, text: &str) -> Effects {
        if let Some(Overlay::Form(form)) = &mut self.state.overlay {
            form.paste(text);
            self.form_changed();
            self.emit(Effect::Redraw);
        }
        self.effects()
    }

    /// A click selects a pair or a row; the wheel moves the selection.
    pub fn handle_mouse(&mut self, ev: MouseEvent) -> Effects {
        self.mouse(ev);
        self.effects()
    }

    fn mouse(&mut self, ev: MouseEvent) {
        match ev.kind {
            MouseEventKind::ScrollUp => self.act(Action::Up),
            MouseEventKind::ScrollDown => self.act(Action::Down),
            MouseEventKind::Down(MouseButton::Left) if self.state.overlay.is_none() => {
                let (w, h) = self.state.size;
                let Some(areas) = layout::areas(Rect::new(0, 0, w, h)) else {
                    return;
                };
                let at = Position::new(ev.column, ev.row);
                if areas.pair_rows.contains(at) {
                    let row = usize::from(at.y - areas.pair_rows.y);
                    let pairs = &self.state.pairs;
                    if let Some(index) =
                        layout::pair_at_row(pairs.selected, pairs.len(), areas.pair_rows, row)
                    {
                        self.state.focus = Focus::Pairs;
                        self.select_pair(index);
                        self.emit(Effect::Redraw);
                    }
                }
            }
            _ => {}
        }
    }

    /// The terminal changed size.
    pub fn resize(&mut self, width: u16, height: u16) -> Effects {
        self.state.size = (width, height);
        if let Some(Overlay::Viewer(v)) = &mut self.state.overlay {
            v.layout(viewer::width_for(width));
        }
        self.emit(Effect::Redraw);
        self.effects()
    }

    /// Time passed: keeps text being edited as a draft once typing pauses,
    /// finishes an unlock, and locks private notes after the idle time.
    /// Asks for a redraw only when something on screen changed.
    pub fn tick(&mut self) -> Effects {
        let now = self.store.clock().now();
        if self.drafts.due(now, self.settings.autosave_after) {
            self.save_draft_now();
        }
        self.poll_unlock();
        self.check_idle_lock();
        self.retry_waiting_save();
        if self.state.busy.is_some() {
            // The spinner turns.
            self.emit(Effect::Redraw);
        }
        self.effects()
    }

    /// Carries out one action, as a key bound to it would.
    pub fn update(&mut self, action: Action) -> Effects {
        self.act(action);
        self.emit(Effect::Redraw);
        self.effects()
    }

    /// Routes `action` to the view in front. Locking and quitting mean the
    /// same whatever is in front.
    fn act(&mut self, action: Action) {
        if matches!(action, Action::Lock | Action::Quit) {
            return self.act_anywhere(action);
        }
        match self.state.front() {
            Front::Help => self.act_on_help(action),
            Front::Form { .. } => self.act_on_form(action),
            Front::Viewer => self.act_on_viewer(action),
            Front::Confirm => self.act_on_confirm(action),
            Front::Search => self.act_on_search(action),
            Front::Pairs => self.act_on_pairs(action),
            Front::Home => self.act_on_home(action),
            Front::Overview => self.act_on_overview(action),
            Front::FirstMeeting => self.act_on_first_meeting(action),
            Front::Entries(_) => self.act_on_entries(action),
        }
    }

    /// The actions that mean the same in every view of the main screen.
    fn act_anywhere(&mut self, action: Action) {
        match action {
            Action::Quit => self.quit(),
            Action::Help => self.state.overlay = Some(Overlay::Help(HelpView::default())),
            Action::FocusPairs => self.state.focus = Focus::Pairs,
            Action::FocusTab if self.state.pair().is_some() => self.state.focus = Focus::Tab,
            Action::NextTab => self.show_tab(Tab::after(self.state.tab())),
            Action::PrevTab => self.show_tab(Tab::before(self.state.tab())),
            Action::ShowOverview => self.show_tab(Tab::Overview),
            Action::ShowFirstMeeting => self.show_tab(Tab::FirstMeeting),
            Action::ShowMeetings => self.show_tab(Tab::Meetings),
            Action::ShowFeedback => self.show_tab(Tab::Feedback),
            Action::ShowNotes => self.show_tab(Tab::Notes),
            Action::ShowHome => self.show_home(),
            Action::Search => self.open_search(),
            Action::Unlock => self.open_unlock_form(),
            Action::Lock => self.lock_now("Private notes locked."),
            Action::Export => self.open_export_form(),
            Action::Import => self.open_import_form(),
            Action::Undo => self.undo_delete(),
            // What a view does not take does nothing there.
            _ => {}
        }
    }

    /// How far a movement action moves a cursor; 0 for any other action.
    fn delta(&self, action: Action) -> isize {
        let page = self.state.size.1.saturating_sub(8).max(1) as isize;
        match action {
            Action::Up => -1,
            Action::Down => 1,
            Action::PageUp => -page,
            Action::PageDown => page,
            Action::Top => isize::MIN / 2,
            Action::Bottom => isize::MAX / 2,
            _ => 0,
        }
    }

    /// An action while a form is open.
    fn act_on_form(&mut self, action: Action) {
        match action {
            Action::Cancel => self.cancel_form(),
            Action::Save => self.save_form(),
            Action::ExternalEditor => self.request_editor(),
            Action::NextField | Action::PrevField => {
                if let Some(Overlay::Form(f)) = &mut self.state.overlay {
                    if action == Action::NextField {
                        f.next_field();
                    } else {
                        f.prev_field();
                    }
                }
            }
            _ => {}
        }
    }

    /// An action while a long text is read.
    fn act_on_viewer(&mut self, action: Action) {
        let delta = self.delta(action);
        let height = usize::from(self.state.size.1.saturating_sub(5));
        let Some(Overlay::Viewer(v)) = &mut self.state.overlay else {
            return;
        };
        match action {
            _ if delta != 0 => v.scroll_by(delta, height),
            Action::Cancel => self.state.overlay = None,
            Action::Edit if v.row.is_some() => self.edit_row(),
            _ => {}
        }
    }

    /// An action while a yes/no question is asked.
    fn act_on_confirm(&mut self, action: Action) {
        match action {
            Action::Yes => self.answer(true),
            Action::No => self.answer(false),
            Action::Cancel => {
                let draft_offered = matches!(
                    &self.state.overlay,
                    Some(Overlay::Confirm(c)) if matches!(c.question, Question::Draft(_))
                );
                if draft_offered {
                    self.state.overlay = None;
                    self.info("The draft is kept; it is offered again next time.");
                    self.offer_next_draft_after_current();
                } else {
                    self.answer(false);
                }
            }
            _ => {}
        }
    }

    /// An action while the search window is open (other keys type the query).
    fn act_on_search(&mut self, action: Action) {
        let delta = self.delta(action);
        match action {
            _ if delta != 0 => self.move_in_search(delta),
            Action::Open => self.open_hit(),
            Action::Cancel => self.state.overlay = None,
            _ => {}
        }
    }

    fn quit(&mut self) {
        // A form with typing in it is kept as a draft, so quitting loses nothing.
        if matches!(&self.state.overlay, Some(Overlay::Form(f)) if f.is_dirty()) {
            self.save_draft_now();
        }
        self.wipe_opened_texts();
        self.emit(Effect::Quit);
    }

    /// Shows the selected pair's `tab`, its cursor at the top.
    fn show_tab(&mut self, tab: Tab) {
        self.state.right = Right::for_tab(tab);
        if self.state.pair().is_some() {
            self.state.focus = Focus::Tab;
        }
        self.load_list();
    }

    /// Esc in a form: asks once before typed text is thrown away.
    fn cancel_form(&mut self) {
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
            _ => {}
        }
    }

    /// Reloads the pairs and the selected pair's details from the store.
    pub fn reload(&mut self) {
        let selected_id = self.state.pair().map(|p| p.id);
        self.state.today = self.store.clock().today();
        match self.store.pairs() {
            Ok(pairs) => self.state.pairs.pairs = pairs,
            Err(e) => return self.error(&e.to_string()),
        }
        self.state.pairs.selected = selected_id
            .and_then(|id| self.state.pairs.position(id))
            .unwrap_or(0);
        self.load_detail();
        self.load_list();
        if matches!(self.state.right, Right::Home(_)) {
            self.load_home();
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
                    let mut c = self.store.checkins(
                        pair_id,
                        &crate::store::Page::first(entry_forms::CHECKINS_SHOWN),
                    )?;
                    c.reverse();
                    c
                },
                checkin_count: self.store.checkin_count(Some(pair_id))?,
            })
        })();
        match loaded {
            Ok(d) => {
                match &mut self.state.right {
                    Right::FirstMeeting(v) => {
                        v.item_cursor = v.item_cursor.min(d.checklist.len().saturating_sub(1));
                    }
                    Right::Overview(v) => {
                        v.goal_cursor = v.goal_cursor.min(d.goals.len().saturating_sub(1));
                    }
                    Right::Home(_) | Right::Entries(_) => {}
                }
                self.state.detail = d;
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
        self.emit(Effect::Redraw);
    }

    fn info(&mut self, message: &str) {
        self.state.status.text = message.to_owned();
        self.state.status.kind = StatusKind::Info;
        self.emit(Effect::Redraw);
    }

    fn error(&mut self, message: &str) {
        self.state.status.text = sentence(message);
        self.state.status.kind = StatusKind::Error;
        self.emit(Effect::Redraw);
    }

    /// Shows `message` as a problem on the status line: one found before the
    /// app started, such as a keymap it could not use.
    pub fn show_error(&mut self, message: &str) {
        self.error(message);
    }
}

/// Ctrl-z, which reaches candor as a key while the terminal is raw.
fn is_suspend_key(key: &KeyEvent) -> bool {
    key.modifiers
        .contains(crossterm::event::KeyModifiers::CONTROL)
        && matches!(key.code, crossterm::event::KeyCode::Char('z' | 'Z'))
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
