//! A form's fields: each named for what it holds, with a text, choice or
//! secret input.

use ratatui::style::Style;
use ratatui_textarea::TextArea;

use crate::app::secret::SecretText;

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
    /// What worked (a closing reflection).
    Worked,
    /// What the mentor takes forward (a closing reflection).
    MentorTakes,
    /// What the mentee takes forward (a closing reflection).
    MenteeTakes,
    /// Whether the two stay in touch (a closing reflection).
    StayInTouch,
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
    /// Lines shown under the input, worked out by the app from what is
    /// typed (what a meeting's next steps will become).
    pub hints: Vec<Hint>,
}

/// A line shown under a field's input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hint {
    /// What it says.
    pub text: String,
    /// Whether it asks for a look: something was not read as typed.
    pub ask: bool,
}

impl Field {
    fn new(name: Name, label: impl Into<String>, input: Input) -> Self {
        Self {
            name,
            label: label.into(),
            input,
            visible_when: None,
            hints: Vec::new(),
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
    pub(super) fn value(&self) -> String {
        match &self.input {
            Input::Text { area, .. } => area.lines().join("\n"),
            Input::Choice { selected, .. } => selected.to_string(),
            Input::Secret(_) => String::new(),
        }
    }
}

/// A text input holding `value`, the cursor at its end.
pub(super) fn text_input(value: &str, multiline: bool) -> Input {
    let lines = if value.is_empty() {
        vec![String::new()]
    } else {
        value.split('\n').map(str::to_owned).collect()
    };
    let mut area = TextArea::new(lines);
    if multiline {
        // A paragraph wraps between words instead of scrolling sideways.
        area.set_wrap_mode(ratatui_textarea::WrapMode::WordOrGlyph);
    }
    area.set_cursor_line_style(Style::default());
    area.move_cursor(ratatui_textarea::CursorMove::Bottom);
    area.move_cursor(ratatui_textarea::CursorMove::End);
    Input::Text {
        area: Box::new(area),
        multiline,
    }
}
