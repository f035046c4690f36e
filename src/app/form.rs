//! Forms: a few labelled fields (text, a choice, or a passphrase) edited in
//! place with ratatui-textarea. Every field has a [`Name`] saying what it
//! holds; the app reads fields by name, never by position, and drafts keep
//! them by name. What saving means is decided by the form's kind.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::{Modifier, Style};
use ratatui_textarea::TextArea;
use zeroize::Zeroizing;

use super::secret::SecretText;
use crate::domain::Kind;

/// What a form creates or changes when saved. Kept in drafts, so a form
/// can be rebuilt after a crash.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "form", rename_all = "snake_case")]
pub enum FormKind {
    /// A new pair.
    NewPair,
    /// A pair's names, focus, cadence and next meeting.
    EditPair {
        /// The pair's row id.
        pair_id: i64,
        /// The version the form was filled from.
        version: i64,
    },
    /// A strength or a challenge ↔ experience pair for a pair.
    AddToFirstMeeting {
        /// The pair's row id.
        pair_id: i64,
    },
    /// The note of a checklist item.
    ItemNote {
        /// The item's row id.
        item_id: i64,
    },
    /// A meeting, new (`id` none) or edited.
    Meeting {
        /// The pair's row id.
        pair_id: i64,
        /// The meeting being edited.
        id: Option<i64>,
        /// The version it was filled from.
        version: Option<i64>,
    },
    /// A feedback entry, new or edited.
    Feedback {
        /// The pair's row id.
        pair_id: i64,
        /// The entry being edited.
        id: Option<i64>,
        /// The version it was filled from.
        version: Option<i64>,
    },
    /// A note, new or edited.
    Note {
        /// The pair's row id.
        pair_id: i64,
        /// The note being edited.
        id: Option<i64>,
        /// The version it was filled from.
        version: Option<i64>,
    },
    /// An export of one pair (or all, by the form's first choice).
    Export {
        /// The selected pair.
        pair_id: Option<i64>,
    },
    /// The passphrase prompt; never kept as a draft.
    Unlock,
    /// An action item, new or edited.
    Action {
        /// The pair's row id.
        pair_id: i64,
        /// The item being edited.
        id: Option<i64>,
        /// The version it was filled from.
        version: Option<i64>,
    },
    /// A new trust check-in; private, so never handed to an editor.
    Checkin {
        /// The pair's row id.
        pair_id: i64,
    },
    /// A goal, new or edited.
    Goal {
        /// The pair's row id.
        pair_id: i64,
        /// The goal being edited.
        id: Option<i64>,
        /// The version it was filled from.
        version: Option<i64>,
    },
    /// Progress on a goal, with a comment.
    GoalProgress {
        /// The pair's row id.
        pair_id: i64,
        /// The goal's row id.
        goal_id: i64,
    },
    /// Importing a JSON export; never kept as a draft. The checked file
    /// lives in the app while the window is open, not here.
    Import {
        /// Which step the window is at.
        step: ImportStep,
    },
}

/// The steps of the import window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportStep {
    /// The file's path is asked for; Enter reads it.
    File,
    /// The file was read: what it would change shows, and Ctrl-s imports it.
    Preview,
}

impl FormKind {
    /// Whether everything typed into this kind of form is private, whatever
    /// its fields say (a trust check-in).
    pub fn always_private(self) -> bool {
        matches!(self, Self::Checkin { .. })
    }

    /// The field that holds a secret, if this kind of form takes one: such a
    /// form is a prompt that Enter submits, never kept as a draft and never
    /// handed to `$EDITOR`.
    pub fn secret_field(self) -> Option<Name> {
        matches!(self, Self::Unlock).then_some(Name::Passphrase)
    }

    /// The pair the form writes into, if any.
    pub fn pair_id(self) -> Option<i64> {
        match self {
            Self::NewPair | Self::ItemNote { .. } | Self::Unlock | Self::Import { .. } => None,
            Self::Export { pair_id } => pair_id,
            Self::EditPair { pair_id, .. }
            | Self::AddToFirstMeeting { pair_id }
            | Self::Meeting { pair_id, .. }
            | Self::Feedback { pair_id, .. }
            | Self::Note { pair_id, .. }
            | Self::Action { pair_id, .. }
            | Self::Checkin { pair_id, .. }
            | Self::Goal { pair_id, .. }
            | Self::GoalProgress { pair_id, .. } => Some(pair_id),
        }
    }

    /// The same form, writing into pair `id`: a draft's row says where it
    /// belongs, also after `pair merge` moved it to another pair.
    pub fn in_pair(mut self, id: i64) -> Self {
        match &mut self {
            Self::NewPair | Self::ItemNote { .. } | Self::Unlock | Self::Import { .. } => {}
            Self::Export { pair_id } => *pair_id = Some(id),
            Self::EditPair { pair_id, .. }
            | Self::AddToFirstMeeting { pair_id }
            | Self::Meeting { pair_id, .. }
            | Self::Feedback { pair_id, .. }
            | Self::Note { pair_id, .. }
            | Self::Action { pair_id, .. }
            | Self::Checkin { pair_id, .. }
            | Self::Goal { pair_id, .. }
            | Self::GoalProgress { pair_id, .. } => *pair_id = id,
        }
        self
    }

    /// The kind of entry the form writes, when its kind says: a
    /// first-meeting addition writes a strength or a challenge ↔ experience
    /// as its first field says; the export, passphrase and import windows
    /// write none.
    pub fn kind(self) -> Option<Kind> {
        match self {
            Self::NewPair | Self::EditPair { .. } => Some(Kind::Pair),
            Self::ItemNote { .. } => Some(Kind::ChecklistItem),
            Self::Meeting { .. } => Some(Kind::Meeting),
            Self::Feedback { .. } => Some(Kind::Feedback),
            Self::Note { .. } => Some(Kind::Note),
            Self::Action { .. } => Some(Kind::Action),
            Self::Checkin { .. } => Some(Kind::Checkin),
            Self::Goal { .. } => Some(Kind::Goal),
            Self::GoalProgress { .. } => Some(Kind::GoalProgress),
            Self::AddToFirstMeeting { .. }
            | Self::Export { .. }
            | Self::Unlock
            | Self::Import { .. } => None,
        }
    }
}

/// What a field holds.
#[derive(Debug, Clone)]
pub enum Input {
    /// Free text; Enter moves on unless the field is multi-line.
    Text {
        /// The editor.
        area: Box<TextArea<'static>>,
        /// Whether Enter starts a new line.
        multiline: bool,
    },
    /// One of a few options, cycled with ←/→ or space.
    Choice {
        /// The options' labels.
        options: Vec<String>,
        /// The chosen option.
        selected: usize,
    },
    /// A passphrase: never shown, never kept in a draft, never handed to
    /// `$EDITOR`; a form holding one is a prompt that Enter submits.
    Secret(SecretText),
}

/// What a field holds: the same name wherever the field sits in its form.
/// Drafts keep fields under these names.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Name {
    /// The mentor's name.
    MentorName,
    /// The mentee's name.
    MenteeName,
    /// Whether you are the mentor or the mentee.
    MyRole,
    /// What the pair works on.
    Focus,
    /// When the pair started.
    StartedOn,
    /// Days between meetings.
    Cadence,
    /// The next planned meeting.
    NextMeetingOn,
    /// What is added to the first meeting: a strength or a challenge.
    Addition,
    /// A strength.
    Strength,
    /// The mentee's challenge.
    Challenge,
    /// The mentor's similar experience.
    Experience,
    /// A checklist item's note.
    ItemNote,
    /// When something happened or is planned.
    When,
    /// A meeting's agenda.
    Agenda,
    /// A meeting's notes.
    MeetingNotes,
    /// A meeting's next steps, one per line.
    NextSteps,
    /// Whether, and for whom, next steps become action items.
    StepsBecomeActions,
    /// Whom feedback is for.
    Direction,
    /// Whether the mentor asked for the feedback.
    Requested,
    /// The feedback itself.
    Feedback,
    /// How the feedback was taken.
    Response,
    /// The feedback's situation.
    Situation,
    /// The behaviour it is about.
    Behaviour,
    /// Its impact.
    Impact,
    /// What follows from it.
    FollowUp,
    /// Whether the text is private (no/yes).
    Private,
    /// A note's text.
    Body,
    /// A note's tags.
    Tags,
    /// One pair or all (export).
    Scope,
    /// Markdown or JSON (export).
    Format,
    /// Whether private text is included (export).
    IncludePrivate,
    /// A file's path.
    File,
    /// The passphrase or recovery code typed.
    Passphrase,
    /// Whether what is typed is the passphrase or the recovery code.
    Opener,
    /// An action item's or a goal's text.
    What,
    /// Who owns an action item.
    Owner,
    /// A due or target date.
    DueOn,
    /// The trust felt (a check-in).
    Trust,
    /// What helped (a check-in).
    Helped,
    /// What got in the way (a check-in).
    InTheWay,
    /// Anything else (a check-in).
    Note,
    /// What success looks like (a goal).
    Criteria,
    /// Progress in percent (a goal).
    Percent,
    /// What changed (goal progress).
    Comment,
    /// How the `n`th pair of an imported file is taken (the import window,
    /// which keeps no draft).
    Link(u16),
}

/// One labelled field.
#[derive(Debug, Clone)]
pub struct Field {
    /// What the field holds.
    pub name: Name,
    /// Shown before the input.
    pub label: String,
    /// The input.
    pub input: Input,
    /// Shown only while the choice field `.0` has one of the options `.1`.
    pub visible_when: Option<(Name, Vec<usize>)>,
}

impl Field {
    fn new(name: Name, label: impl Into<String>, input: Input) -> Self {
        Self {
            name,
            label: label.into(),
            input,
            visible_when: None,
        }
    }

    /// A text field holding `value`.
    pub fn text(name: Name, label: impl Into<String>, value: &str, multiline: bool) -> Self {
        Self::new(name, label, text_input(value, multiline))
    }

    /// A passphrase field.
    pub fn secret(name: Name, label: impl Into<String>) -> Self {
        Self::new(name, label, Input::Secret(SecretText::new()))
    }

    /// The no/yes choice that makes the form's text private.
    pub fn privacy(label: impl Into<String>, private: bool) -> Self {
        Self::choice(
            Name::Private,
            label,
            vec!["no".into(), "yes".into()],
            usize::from(private),
        )
    }

    /// A choice among `options`, starting at `selected`.
    pub fn choice(
        name: Name,
        label: impl Into<String>,
        options: Vec<String>,
        selected: usize,
    ) -> Self {
        Self::new(name, label, Input::Choice { options, selected })
    }

    /// Shows the field only while choice field `field` has one of `options`.
    pub fn shown_when(mut self, field: Name, options: Vec<usize>) -> Self {
        self.visible_when = Some((field, options));
        self
    }

    /// What a draft keeps of the field; a secret is never kept.
    fn value(&self) -> String {
        match &self.input {
            Input::Text { area, .. } => area.lines().join("\n"),
            Input::Choice { selected, .. } => selected.to_string(),
            Input::Secret(_) => String::new(),
        }
    }
}

/// A text input holding `value`, the cursor at its end.
fn text_input(value: &str, multiline: bool) -> Input {
    let lines = if value.is_empty() {
        vec![String::new()]
    } else {
        value.split('\n').map(str::to_owned).collect()
    };
    let mut area = TextArea::new(lines);
    area.set_cursor_line_style(Style::default());
    area.move_cursor(ratatui_textarea::CursorMove::Bottom);
    area.move_cursor(ratatui_textarea::CursorMove::End);
    Input::Text {
        area: Box::new(area),
        multiline,
    }
}

/// An open form.
#[derive(Debug, Clone)]
pub struct Form {
    /// Shown in the form's border.
    pub title: String,
    /// What saving does.
    pub kind: FormKind,
    /// The fields, in order.
    pub fields: Vec<Field>,
    /// The field being edited.
    pub focus: usize,
    /// Why the last save was refused; the text stays as typed.
    pub error: Option<String>,
    /// Esc was pressed with changes: the next Esc discards them.
    pub confirm_discard: bool,
    /// Lines shown above the fields, such as what an export holds.
    pub notes: Vec<String>,
    /// A file the person agreed to replace (an export's Ctrl-s pressed twice).
    pub replace: Option<std::path::PathBuf>,
    /// The privacy choice said yes at some point: the text stays away from
    /// `$EDITOR` even if it is switched to no before the editor is asked for.
    private_once: bool,
    initial: Values,
}

/// Every field's value by name: the text, or the chosen option's number.
pub type Values = std::collections::BTreeMap<Name, String>;

impl Form {
    /// A form of `fields`, focused on the first.
    pub fn new(title: impl Into<String>, kind: FormKind, fields: Vec<Field>) -> Self {
        let initial = fields.iter().map(|f| (f.name, f.value())).collect();
        let mut form = Self {
            title: title.into(),
            kind,
            fields,
            focus: 0,
            error: None,
            confirm_discard: false,
            notes: Vec::new(),
            replace: None,
            private_once: false,
            initial,
        };
        form.note_privacy();
        form.style_cursors();
        form
    }

    /// Whether the text is private: a check-in always is; any other form
    /// when its privacy choice says yes.
    pub fn is_private(&self) -> bool {
        self.kind.always_private() || (self.has(Name::Private) && self.choice(Name::Private) == 1)
    }

    /// Whether the text may never go to `$EDITOR`: it is private now, or
    /// was at any moment while the form was open (an opened private note
    /// switched to shared is still private text until it is saved).
    pub fn keeps_from_editor(&self) -> bool {
        self.private_once || self.is_private() || self.is_secret()
    }

    /// Remembers when private text is in the form: the choice says private
    /// while some text is there (opened from a private note, or typed).
    fn note_privacy(&mut self) {
        if self.private_once || !self.is_private() {
            return;
        }
        let has_text = self.fields.iter().any(|f| match &f.input {
            Input::Text { area, .. } => area.lines().iter().any(|l| !l.is_empty()),
            _ => false,
        });
        self.private_once = has_text;
    }

    /// Whether the form takes a passphrase: a prompt, which Enter submits
    /// and which never offers `$EDITOR`.
    pub fn is_secret(&self) -> bool {
        self.kind.secret_field().is_some()
    }

    /// Takes what was typed into the form's secret field, leaving it empty.
    pub fn take_secret(&mut self) -> Option<Zeroizing<String>> {
        let idx = self.index(self.kind.secret_field()?)?;
        match &mut self.fields[idx].input {
            Input::Secret(s) => Some(s.take()),
            _ => None,
        }
    }

    /// Where the field `name` sits, if the form has it.
    fn index(&self, name: Name) -> Option<usize> {
        self.fields.iter().position(|f| f.name == name)
    }

    /// Whether the form has a field `name`.
    pub fn has(&self, name: Name) -> bool {
        self.index(name).is_some()
    }

    /// The name of the focused field.
    pub fn focused(&self) -> Name {
        self.fields[self.focus].name
    }

    /// Wipes every secret field.
    pub fn clear_secrets(&mut self) {
        for field in &mut self.fields {
            if let Input::Secret(s) = &mut field.input {
                s.clear();
            }
        }
    }

    /// Whether anything differs from what the form opened with.
    pub fn is_dirty(&self) -> bool {
        self.values() != self.initial
    }

    /// Whether the field at position `idx` is shown, given the current
    /// choices (for drawing and moving between fields).
    pub fn is_visible(&self, idx: usize) -> bool {
        match &self.fields[idx].visible_when {
            None => true,
            Some((field, options)) => options.contains(&self.choice(*field)),
        }
    }

    /// The text of field `name` (lines joined by newlines); empty for a
    /// secret, which only [`Form::take_secret`] gives out, and for a field
    /// the form does not have.
    pub fn text(&self, name: Name) -> String {
        match self.index(name).map(|i| &self.fields[i].input) {
            Some(Input::Text { area, .. }) => area.lines().join("\n"),
            _ => String::new(),
        }
    }

    /// The chosen option of field `name` (0 for a field the form does not have).
    pub fn choice(&self, name: Name) -> usize {
        match self.index(name).map(|i| &self.fields[i].input) {
            Some(Input::Choice { selected, .. }) => *selected,
            _ => 0,
        }
    }

    /// Moves to the next shown field; false when already on the last.
    pub fn next_field(&mut self) -> bool {
        let next = (self.focus + 1..self.fields.len()).find(|&i| self.is_visible(i));
        if let Some(i) = next {
            self.focus = i;
            self.style_cursors();
        }
        next.is_some()
    }

    /// Every field's value by name: the text, or the chosen option's number.
    pub fn values(&self) -> Values {
        self.fields.iter().map(|f| (f.name, f.value())).collect()
    }

    /// Puts back values from [`Form::values`] (as kept in a draft); names
    /// the form does not have are left out.
    pub fn set_values(&mut self, values: &Values) {
        for field in &mut self.fields {
            let Some(value) = values.get(&field.name) else {
                continue;
            };
            match &mut field.input {
                Input::Text { multiline, .. } => field.input = text_input(value, *multiline),
                Input::Choice { options, selected } => {
                    if let Ok(n) = value.parse::<usize>()
                        && n < options.len()
                    {
                        *selected = n;
                    }
                }
                Input::Secret(_) => {}
            }
        }
        self.note_privacy();
        self.style_cursors();
    }

    /// The focused field's text, if it is plain text (so it can go to an editor).
    pub fn focused_text(&self) -> Option<String> {
        match &self.fields[self.focus].input {
            Input::Text { area, .. } => Some(area.lines().join("\n")),
            Input::Choice { .. } | Input::Secret(_) => None,
        }
    }

    /// Replaces the focused field's text (after `$EDITOR` returned it).
    pub fn set_focused_text(&mut self, text: &str) {
        let focus = self.focus;
        if let Some(field) = self.fields.get_mut(focus)
            && let Input::Text { multiline, .. } = field.input
        {
            let text = if multiline {
                text.to_owned()
            } else {
                text.replace('\n', " ")
            };
            field.input = text_input(&text, multiline);
        }
        self.style_cursors();
    }

    /// Moves to field `name`, such as the one a refused save complained about.
    pub fn focus_on(&mut self, name: Name) {
        if let Some(idx) = self.index(name)
            && self.is_visible(idx)
        {
            self.focus = idx;
            self.style_cursors();
        }
    }

    /// Moves to the nearest shown field above that takes typing; false if none.
    fn prev_typing_field(&mut self) -> bool {
        let prev = (0..self.focus)
            .rev()
            .find(|&i| self.is_visible(i) && !matches!(self.fields[i].input, Input::Choice { .. }));
        if let Some(i) = prev {
            self.focus = i;
            self.style_cursors();
        }
        prev.is_some()
    }

    /// Moves to the previous shown field.
    pub fn prev_field(&mut self) {
        if let Some(i) = (0..self.focus).rev().find(|&i| self.is_visible(i)) {
            self.focus = i;
            self.style_cursors();
        }
    }

    /// Feeds a key to the focused field. Returns true when Enter in a
    /// one-line field on the last field asks to save.
    pub fn key(&mut self, key: KeyEvent) -> bool {
        let submit = self.key_to_field(key);
        self.note_privacy();
        submit
    }

    fn key_to_field(&mut self, key: KeyEvent) -> bool {
        let field = &mut self.fields[self.focus];
        match &mut field.input {
            Input::Choice { options, selected } => {
                let n = options.len().max(1);
                match key.code {
                    KeyCode::Left => *selected = (*selected + n - 1) % n,
                    KeyCode::Right | KeyCode::Char(' ') => *selected = (*selected + 1) % n,
                    KeyCode::Enter => return !self.next_field(),
                    // Typing on a choice goes on in the next field (or, on the
                    // last one, the nearest field above that takes typing), so
                    // no letter is lost.
                    KeyCode::Char(_)
                        if !key.modifiers.contains(KeyModifiers::CONTROL)
                            && (self.next_field() || self.prev_typing_field()) =>
                    {
                        return self.key(key);
                    }
                    _ => {}
                }
            }
            Input::Text { area, multiline } => {
                if key.code == KeyCode::Enter && !*multiline && key.modifiers == KeyModifiers::NONE
                {
                    return !self.next_field();
                }
                area.input(key);
            }
            Input::Secret(secret) => {
                let plain = !key
                    .modifiers
                    .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
                match key.code {
                    KeyCode::Enter => return true,
                    KeyCode::Backspace => secret.pop(),
                    KeyCode::Char('u') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                        secret.clear();
                    }
                    KeyCode::Char(c) if plain => secret.push(c),
                    _ => {}
                }
            }
        }
        false
    }

    /// Inserts pasted text into the focused text field (one line in a one-line field).
    pub fn paste(&mut self, text: &str) {
        match &mut self.fields[self.focus].input {
            Input::Text { area, multiline } => {
                let text = text.replace("\r\n", "\n").replace('\r', "\n");
                if *multiline {
                    area.insert_str(text);
                } else {
                    area.insert_str(text.replace('\n', " "));
                }
            }
            // A pasted passphrase goes in character by character, without
            // the line break a password manager may add.
            Input::Secret(secret) => {
                for c in text.chars().filter(|c| !matches!(c, '\r' | '\n')) {
                    secret.push(c);
                }
            }
            Input::Choice { .. } => {}
        }
        self.note_privacy();
    }

    fn style_cursors(&mut self) {
        for (i, field) in self.fields.iter_mut().enumerate() {
            if let Input::Text { area, .. } = &mut field.input {
                let style = if i == self.focus {
                    Style::default().add_modifier(Modifier::REVERSED)
                } else {
                    Style::default()
                };
                area.set_cursor_style(style);
            }
        }
    }
}
