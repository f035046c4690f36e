//! Forms: a few labelled fields (text, a choice, or a passphrase) edited in
//! place with ratatui-textarea. Every field has a [`Name`] saying what it
//! holds; the app reads fields by name, never by position, and drafts keep
//! them by name. What saving means is decided by the form's kind.

mod field;
mod kind;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::{Modifier, Style};
use zeroize::Zeroizing;

use field::text_input;
pub use field::{Field, Hint, Input, Name};
pub use kind::{FormKind, ImportStep};

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

    /// The text field `name` held when the form was opened (empty for a
    /// field the form does not have).
    pub fn initial_text(&self, name: Name) -> String {
        self.initial.get(&name).cloned().unwrap_or_default()
    }

    /// The lines shown under field `name`.
    pub fn hints(&self, name: Name) -> &[Hint] {
        self.index(name).map_or(&[], |i| &self.fields[i].hints)
    }

    /// Replaces the lines shown under field `name`.
    pub fn set_hints(&mut self, name: Name, hints: Vec<Hint>) {
        if let Some(i) = self.index(name) {
            self.fields[i].hints = hints;
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
