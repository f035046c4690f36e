//! The application: its state and `update(action)`. No terminal in here, so
//! every behaviour is tested by feeding actions or key events directly.

pub mod form;

use crossterm::event::{KeyEvent, KeyEventKind, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Position, Rect};

use crate::action::Action;
use crate::domain::{self, ChecklistItem, Experience, NewPair, Pair, Role, Strength};
use crate::keymap::{Keymap, Mode};
use crate::store::Store;
use crate::template::Template;
use crate::text;
use crate::ui;
use form::{Field, Form, FormKind};

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
    /// Meetings held and planned.
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
        Self::ALL.iter().position(|t| *t == self).unwrap_or(0)
    }
}

/// A window over the main screen.
#[derive(Debug, Clone)]
pub enum Overlay {
    /// The list of keys.
    Help,
    /// A form being filled in.
    Form(Box<Form>),
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

/// What the selected pair's First meeting tab shows.
#[derive(Debug, Clone, Default)]
pub struct Detail {
    /// The checklist by step and position.
    pub checklist: Vec<ChecklistItem>,
    /// Both people's strengths.
    pub strengths: Vec<Strength>,
    /// Challenge ↔ experience pairs.
    pub experiences: Vec<Experience>,
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
    /// Help or a form, if open.
    pub overlay: Option<Overlay>,
    /// First line of help shown.
    pub help_scroll: u16,
    /// The bottom line's message.
    pub status: Status,
    /// Today in local time.
    pub today: chrono::NaiveDate,
    /// The terminal's size, for mouse hits and paging.
    pub size: (u16, u16),
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
            Some(Overlay::Form(_)) => vec![Mode::Form],
            None => match (self.focus, self.tab) {
                (Focus::Pairs, _) => vec![Mode::Pairs, Mode::Browse],
                (Focus::Tab, Tab::FirstMeeting) => vec![Mode::FirstMeeting, Mode::Browse],
                (Focus::Tab, _) => vec![Mode::Tab, Mode::Browse],
            },
        }
    }
}

/// The application: the store and the state it shows.
#[derive(Debug)]
pub struct App {
    store: Store,
    /// What the screen shows.
    pub state: State,
}

impl App {
    /// An app on `store`, with the first pair selected and its Overview open.
    pub fn new(store: Store, template: Template, keymap: Keymap) -> Self {
        let today = store.clock().today();
        let mut app = Self {
            store,
            state: State {
                keymap,
                template,
                pairs: Vec::new(),
                selected: 0,
                focus: Focus::Pairs,
                tab: Tab::Overview,
                detail: Detail::default(),
                item_cursor: 0,
                overlay: None,
                help_scroll: 0,
                status: Status::default(),
                today,
                size: (80, 24),
                quit: false,
            },
        };
        app.reload();
        app
    }

    /// The store, for callers that need to read it after a run.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Handles one key press: forms take typing, everything else goes
    /// through the keymap.
    pub fn handle_key(&mut self, key: KeyEvent) {
        if key.kind == KeyEventKind::Release {
            return;
        }
        let action = self.state.keymap.resolve(&self.state.modes(), key);
        if let Some(Overlay::Form(form)) = &mut self.state.overlay {
            let kept = form.confirm_discard && action != Some(Action::Cancel);
            if kept {
                form.confirm_discard = false;
            }
            let submit = action.is_none() && form.key(key);
            if kept {
                self.info("Kept your text; carry on.");
            }
            match action {
                Some(a) => self.update(a),
                None if submit => self.update(Action::Save),
                None => {}
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
        }
    }

    /// A click selects a pair; the wheel moves the selection.
    pub fn handle_mouse(&mut self, ev: MouseEvent) {
        match ev.kind {
            MouseEventKind::ScrollUp => self.update(Action::Up),
            MouseEventKind::ScrollDown => self.update(Action::Down),
            MouseEventKind::Down(MouseButton::Left) if self.state.overlay.is_none() => {
                let (w, h) = self.state.size;
                let areas = ui::areas(Rect::new(0, 0, w, h));
                let at = Position::new(ev.column, ev.row);
                if let Some(list) =
                    areas.and_then(|a| a.pair_rows.contains(at).then_some(a.pair_rows))
                {
                    let row = usize::from(at.y - list.y);
                    if row < self.state.pairs.len() {
                        self.state.focus = Focus::Pairs;
                        self.select_pair(row);
                    }
                }
            }
            _ => {}
        }
    }

    /// The terminal changed size.
    pub fn resize(&mut self, width: u16, height: u16) {
        self.state.size = (width, height);
    }

    /// Carries out one action.
    pub fn update(&mut self, action: Action) {
        match action {
            Action::Quit => self.state.quit = true,
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
            Action::New => match (self.state.focus, self.state.tab) {
                (Focus::Tab, Tab::FirstMeeting) => self.open_add_form(),
                (Focus::Tab, _) => self.error(
                    "Nothing to add here yet; meetings, feedback and notes come in candor 0.2.",
                ),
                (Focus::Pairs, _) => self.open_new_pair_form(),
            },
            Action::Add => self.open_add_form(),
            Action::Toggle => self.toggle_item(),
            Action::Edit => self.open_note_form(),
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

    fn page(&self) -> isize {
        self.state.size.1.saturating_sub(8).max(1) as isize
    }

    fn show_tab(&mut self, tab: Tab) {
        self.state.tab = tab;
        if self.state.pair().is_some() {
            self.state.focus = Focus::Tab;
        }
    }

    fn move_by(&mut self, delta: isize) {
        if matches!(self.state.overlay, Some(Overlay::Help)) {
            let next = (self.state.help_scroll as isize)
                .saturating_add(delta)
                .clamp(0, 500);
            self.state.help_scroll = next as u16;
            return;
        }
        let clamp = |current: usize, len: usize| -> usize {
            if len == 0 {
                return 0;
            }
            (current as isize)
                .saturating_add(delta)
                .clamp(0, len as isize - 1) as usize
        };
        match (self.state.focus, self.state.tab) {
            (Focus::Pairs, _) => {
                let next = clamp(self.state.selected, self.state.pairs.len());
                self.select_pair(next);
            }
            (Focus::Tab, Tab::FirstMeeting) => {
                self.state.item_cursor =
                    clamp(self.state.item_cursor, self.state.detail.checklist.len());
            }
            (Focus::Tab, _) => {}
        }
    }

    fn select_pair(&mut self, index: usize) {
        if index != self.state.selected {
            self.state.selected = index;
            self.state.item_cursor = 0;
            self.load_detail();
        }
    }

    fn cancel(&mut self) {
        match &mut self.state.overlay {
            Some(Overlay::Form(form)) if form.is_dirty() && !form.confirm_discard => {
                form.confirm_discard = true;
                self.error(
                    "Discard what you typed? Esc again discards it; any other key keeps editing.",
                );
            }
            Some(Overlay::Form(_)) => {
                self.state.overlay = None;
                self.info("Cancelled; nothing was saved.");
            }
            Some(Overlay::Help) => self.state.overlay = None,
            None => {}
        }
    }

    /// Reloads the pairs and the selected pair's details from the store.
    pub fn reload(&mut self) {
        let selected_id = self.state.pair().map(|p| p.id);
        match self.store.pairs() {
            Ok(pairs) => self.state.pairs = pairs,
            Err(e) => return self.error(&e.to_string()),
        }
        self.state.selected = selected_id
            .and_then(|id| self.state.pairs.iter().position(|p| p.id == id))
            .unwrap_or(0);
        self.load_detail();
    }

    fn load_detail(&mut self) {
        let Some(pair_id) = self.state.pair().map(|p| p.id) else {
            self.state.detail = Detail::default();
            return;
        };
        let loaded = (|| {
            Ok::<_, crate::store::StoreError>(Detail {
                checklist: self.store.checklist(pair_id)?,
                strengths: self.store.strengths(pair_id)?,
                experiences: self.store.experiences(pair_id)?,
            })
        })();
        match loaded {
            Ok(d) => {
                self.state.item_cursor = self
                    .state
                    .item_cursor
                    .min(d.checklist.len().saturating_sub(1));
                self.state.detail = d;
            }
            Err(e) => self.error(&e.to_string()),
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

    fn open_new_pair_form(&mut self) {
        let today = self.state.today.format("%Y-%m-%d").to_string();
        let fields = vec![
            Field::text("Mentor's name", "", false),
            Field::text("Mentee's name", "", false),
            Field::choice("You are the", vec!["mentor".into(), "mentee".into()], 0),
            Field::text("Focus", "", false),
            Field::text("Started on", &today, false),
            Field::text("Meet every (days)", "14", false),
        ];
        self.state.overlay = Some(Overlay::Form(Box::new(Form::new(
            "New pair",
            FormKind::NewPair,
            fields,
        ))));
    }

    fn open_add_form(&mut self) {
        let Some(pair) = self.state.pair() else {
            return self.error("Add a pair first (n on the pair list).");
        };
        let mentee = text::one_line(&pair.mentee_name);
        let mentor = text::one_line(&pair.mentor_name);
        let fields = vec![
            Field::choice(
                "Add",
                vec![
                    format!("{mentee}'s strength"),
                    format!("{mentor}'s strength"),
                    "a challenge ↔ similar experience".into(),
                ],
                0,
            ),
            Field::text("Strength", "", false).shown_when(0, vec![0, 1]),
            Field::text(format!("{mentee}'s challenge"), "", false).shown_when(0, vec![2]),
            Field::text(format!("{mentor}'s similar experience"), "", false).shown_when(0, vec![2]),
        ];
        let kind = FormKind::AddToFirstMeeting { pair_id: pair.id };
        self.state.overlay = Some(Overlay::Form(Box::new(Form::new(
            "Add to the first meeting",
            kind,
            fields,
        ))));
    }

    fn open_note_form(&mut self) {
        if self.state.focus != Focus::Tab || self.state.tab != Tab::FirstMeeting {
            return;
        }
        let Some(item) = self.state.detail.checklist.get(self.state.item_cursor) else {
            return;
        };
        let fields = vec![Field::text(text::one_line(&item.title), &item.note, true)];
        let kind = FormKind::ItemNote { item_id: item.id };
        self.state.overlay = Some(Overlay::Form(Box::new(Form::new("Note", kind, fields))));
    }

    fn save_form(&mut self) {
        // The form is taken out while the store writes and put back, with
        // everything typed, if the save is refused.
        let Some(Overlay::Form(mut form)) = self.state.overlay.take() else {
            return;
        };
        let result = match form.kind {
            FormKind::NewPair => self.save_new_pair(&form),
            FormKind::AddToFirstMeeting { pair_id } => self.save_addition(pair_id, &form),
            FormKind::ItemNote { item_id } => self
                .store
                .set_item_note(item_id, &form.text(0))
                .map(|i| format!("Saved the note on \"{}\".", text::one_line(&i.title)))
                .map_err(|e| (None, e.to_string())),
        };
        match result {
            Ok(message) => {
                self.saved(&message);
                self.reload();
                if form.kind == FormKind::NewPair {
                    let last = self.state.pairs.len().saturating_sub(1);
                    self.select_pair(last);
                    self.state.focus = Focus::Pairs;
                }
            }
            Err((field, message)) => {
                if let Some(idx) = field {
                    form.focus_on(idx);
                }
                form.error = Some(sentence(&message));
                self.state.overlay = Some(Overlay::Form(form));
                self.error(&message);
            }
        }
    }

    fn save_new_pair(&mut self, form: &Form) -> Result<String, FieldError> {
        let mentor = domain::person_name("the mentor's name", &form.text(0)).map_err(at(0))?;
        let mentee = domain::person_name("the mentee's name", &form.text(1)).map_err(at(1))?;
        let since = domain::parse_date(&form.text(4)).map_err(at(4))?;
        let cadence = match form.text(5).trim() {
            "" => None,
            t => {
                let days: i64 = t
                    .parse()
                    .map_err(|_| (Some(5), format!("'{t}' is not a number of days")))?;
                Some(domain::cadence(days).map_err(at(5))?)
            }
        };
        let role = if form.choice(2) == 0 {
            Role::Mentor
        } else {
            Role::Mentee
        };
        let new =
            NewPair::new(&mentor, &mentee, role, &form.text(3), since, cadence).map_err(at(3))?;
        let pair = self
            .store
            .add_pair(&new, &self.state.template)
            .map_err(|e| (None, e.to_string()))?;
        Ok(format!(
            "Added {} & {}.",
            text::one_line(&pair.mentor_name),
            text::one_line(&pair.mentee_name)
        ))
    }

    fn save_addition(&mut self, pair_id: i64, form: &Form) -> Result<String, FieldError> {
        let store_error = |e: crate::store::StoreError| (None, e.to_string());
        match form.choice(0) {
            choice @ (0 | 1) => {
                let text = domain::required_text("the strength", &form.text(1)).map_err(at(1))?;
                let whose = if choice == 0 {
                    Role::Mentee
                } else {
                    Role::Mentor
                };
                self.store
                    .add_strength(pair_id, whose, &text)
                    .map_err(store_error)?;
                Ok("Added the strength.".into())
            }
            _ => {
                let challenge =
                    domain::required_text("the challenge", &form.text(2)).map_err(at(2))?;
                let similar = domain::required_text("the similar experience", &form.text(3))
                    .map_err(at(3))?;
                self.store
                    .add_experience(pair_id, &challenge, &similar)
                    .map_err(store_error)?;
                Ok("Added the challenge and the similar experience.".into())
            }
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

/// Why a form was not saved, and the field at fault if one is.
type FieldError = (Option<usize>, String);

/// Maps a validation error to the form field it concerns.
fn at(field: usize) -> impl Fn(domain::Invalid) -> FieldError {
    move |e| (Some(field), e.to_string())
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
