//! The Meetings, Feedback and Notes tabs: a list loaded a page at a time,
//! one row selected, opened, edited and deleted (undone from the pair list).

use super::front::{Right, moved};
pub use super::rows::{PAGE_SIZE, Row, Section, SectionKind, TabList};
use super::viewer::Viewer;
use super::{App, Confirm, Overlay, Question, Tab};
use crate::action::Action;
use crate::domain::Readable;
use crate::store::Page;
use crate::text;
/// A tab listing entries: which tab, what is loaded, and the selected row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryList {
    /// Meetings, Feedback or Notes.
    pub tab: Tab,
    /// The rows loaded so far.
    pub list: TabList,
    /// Index of the selected row in `list`.
    pub cursor: usize,
}

impl EntryList {
    /// An empty list for `tab`, its cursor at the top.
    pub fn new(tab: Tab) -> Self {
        Self {
            tab,
            list: TabList::default(),
            cursor: 0,
        }
    }

    /// The selected row.
    pub fn row(&self) -> Option<&Row> {
        self.list.get(self.cursor)
    }

    /// What the sections of this tab hold, in order.
    fn sections(&self) -> &'static [SectionKind] {
        match self.tab {
            Tab::Meetings => &[SectionKind::Actions, SectionKind::Meetings],
            Tab::Feedback => &[SectionKind::Feedback],
            Tab::Notes => &[SectionKind::Notes],
            Tab::Overview | Tab::FirstMeeting => &[],
        }
    }
}

impl App {
    /// An action for a list tab, when it has the keyboard.
    pub(super) fn act_on_entries(&mut self, action: Action) {
        let delta = self.delta(action);
        if delta != 0 {
            return self.move_in_list(delta);
        }
        let Right::Entries(view) = &self.state.right else {
            return;
        };
        let tab = view.tab;
        match action {
            Action::New => match tab {
                Tab::Meetings => self.open_meeting_form(None),
                Tab::Feedback => self.open_feedback_form(None),
                _ => self.open_note_form(None),
            },
            Action::NewAction => self.open_action_form(None),
            Action::Toggle => self.toggle_action(),
            Action::Open | Action::Edit if self.selected_note_is_locked() => {
                self.unlock_then(action)
            }
            Action::Open => self.open_row(),
            Action::Edit => self.edit_row(),
            Action::Delete => self.ask_delete_row(),
            _ => self.act_on_pair(action),
        }
    }

    /// Moves the selection; reaching the end of what is loaded fetches the
    /// next page first.
    fn move_in_list(&mut self, delta: isize) {
        let Right::Entries(view) = &self.state.right else {
            return;
        };
        if delta > 0 {
            let wanted = view.cursor.saturating_add(delta as usize);
            self.ensure_loaded(wanted);
        }
        let Right::Entries(view) = &mut self.state.right else {
            return;
        };
        view.cursor = moved(view.cursor, delta, view.list.len());
        let next = view.cursor + 1;
        self.ensure_loaded(next);
    }

    /// Loads the first page of each section of the open tab.
    pub(super) fn load_list(&mut self) {
        let pair_id = self.state.pair().map(|p| p.id);
        let Right::Entries(view) = &mut self.state.right else {
            return;
        };
        let Some(pair_id) = pair_id else {
            view.list = TabList::default();
            return;
        };
        let kinds = view.sections();
        let mut list = TabList::default();
        for &kind in kinds {
            match self.fetch(pair_id, kind, &Page::first(PAGE_SIZE)) {
                Ok(rows) => list.sections.push(Section {
                    kind,
                    more: rows.len() == PAGE_SIZE,
                    rows,
                }),
                Err(e) => return self.error(&e.to_string()),
            }
        }
        if let Right::Entries(view) = &mut self.state.right {
            view.cursor = view.cursor.min(list.len().saturating_sub(1));
            view.list = list;
        }
    }

    fn fetch(
        &self,
        pair_id: i64,
        kind: SectionKind,
        page: &Page,
    ) -> crate::store::Result<Vec<Row>> {
        Ok(match kind {
            SectionKind::Actions => self
                .store
                .actions(pair_id, page)?
                .into_iter()
                .map(Row::Action)
                .collect(),
            SectionKind::Meetings => self
                .store
                .meetings(pair_id, page)?
                .into_iter()
                .map(Row::Meeting)
                .collect(),
            SectionKind::Feedback => self
                .store
                .feedback(pair_id, page)?
                .into_iter()
                .map(Row::Feedback)
                .collect(),
            SectionKind::Notes => self
                .store
                .notes(pair_id, true, page)?
                .into_iter()
                .map(Row::Note)
                .collect(),
        })
    }

    /// Fetches further pages until row `index` is loaded or nothing is left.
    pub(super) fn ensure_loaded(&mut self, index: usize) {
        let Some(pair_id) = self.state.pair().map(|p| p.id) else {
            return;
        };
        loop {
            let Right::Entries(view) = &self.state.right else {
                return;
            };
            let mut start = 0;
            let mut target = None;
            for (n, s) in view.list.sections.iter().enumerate() {
                let end = start + s.rows.len();
                // The section holding `index`, or the last one before it that can grow.
                if s.more && index >= end.saturating_sub(1) && (index < end || target.is_none()) {
                    target = Some(n);
                    break;
                }
                if index < end {
                    break;
                }
                start = end;
            }
            let Some(n) = target else { return };
            let section = &view.list.sections[n];
            let Some(last) = section.rows.last() else {
                return;
            };
            let page = Page {
                after: Some(last.cursor()),
                limit: PAGE_SIZE,
            };
            match self.fetch(pair_id, section.kind, &page) {
                Ok(rows) => {
                    let Right::Entries(view) = &mut self.state.right else {
                        return;
                    };
                    let section = &mut view.list.sections[n];
                    section.more = rows.len() == PAGE_SIZE;
                    section.rows.extend(rows);
                }
                Err(e) => return self.error(&e.to_string()),
            }
        }
    }

    pub(super) fn toggle_action(&mut self) {
        let Some(super::Row::Action(a)) = self.state.row().cloned() else {
            return;
        };
        match self.store.set_action_done(a.id, !a.done) {
            Ok(a) => {
                let verb = if a.done { "Done" } else { "Open again" };
                self.saved(&format!("{verb}: {}", text::one_line(&a.text)));
                self.reload();
            }
            Err(e) => self.error(&e.to_string()),
        }
    }

    /// Enter on a row: read it in full.
    pub(super) fn open_row(&mut self) {
        let Some(row) = self.state.row().cloned() else {
            return;
        };
        self.read_in_full(row);
    }

    /// Opens `row` in the paged viewer, where `e` edits it.
    pub(super) fn read_in_full(&mut self, row: Row) {
        let (mentor, mentee) = self
            .state
            .pair()
            .map(|p| {
                (
                    text::one_line(&p.mentor_name),
                    text::one_line(&p.mentee_name),
                )
            })
            .unwrap_or_default();
        let clock = self.store.clock();
        let when = |t| clock.local(t).format("%Y-%m-%d %H:%M").to_string();
        let (title, body) = match &row {
            Row::Meeting(m) => (
                format!("Meeting of {}", when(m.held_at)),
                format!(
                    "Agenda\n{}\n\nNotes\n{}\n\nNext steps\n{}",
                    m.agenda, m.notes, m.next_steps
                ),
            ),
            Row::Feedback(f) => {
                let mut body = f.body.clone();
                for (label, value) in [
                    ("Situation", &f.situation),
                    ("Behaviour", &f.behaviour),
                    ("Impact", &f.impact),
                ] {
                    if let Some(v) = value.as_ref().filter(|v| !v.is_empty()) {
                        body.push_str(&format!("\n\n{label}\n{v}"));
                    }
                }
                if !f.follow_up.is_empty() {
                    body.push_str(&format!("\n\nFollow-up\n{}", f.follow_up));
                }
                (
                    format!("Feedback of {} · {}", when(f.given_at), f.response.label()),
                    body,
                )
            }
            Row::Note(n) => {
                let lock = if n.is_private() {
                    "Private note"
                } else {
                    "Note"
                };
                let body = match n.readable() {
                    Readable::Open(t) => t.body.clone(),
                    // A locked note asks for the passphrase before it gets here.
                    Readable::Locked => "[locked: U unlocks it]".to_owned(),
                    Readable::Damaged => {
                        "[damaged: it cannot be opened; the other notes are unaffected]".to_owned()
                    }
                };
                (format!("{lock} of {}", when(n.created_at)), body)
            }
            Row::Action(a) => ("Action item".to_owned(), a.text.clone()),
            Row::Strength(s) => {
                let whose = match s.whose {
                    crate::domain::Role::Mentor => &mentor,
                    crate::domain::Role::Mentee => &mentee,
                };
                (format!("{whose}'s strength"), s.text.clone())
            }
            Row::Experience(e) => (
                "A challenge and a similar experience".to_owned(),
                format!(
                    "{mentee}'s challenge\n{}\n\n{mentor}'s similar experience\n{}",
                    e.challenge, e.similar
                ),
            ),
        };
        self.view_text(title, &body, Some(row));
    }

    /// Shows `body` in the paged viewer; `e` there edits `row`, if given.
    pub(super) fn view_text(&mut self, title: String, body: &str, row: Option<Row>) {
        let width = super::viewer::width_for(self.state.size.0);
        self.state.overlay = Some(Overlay::Viewer(Box::new(Viewer::new(
            title, body, width, row,
        ))));
    }

    /// `e` on a row: its form, or the paged view first for a very long text.
    pub(super) fn edit_row(&mut self) {
        let row = match &self.state.overlay {
            Some(Overlay::Viewer(v)) => v.row.clone(),
            _ => self.state.row().cloned(),
        };
        let Some(row) = row else { return };
        self.edit(row);
    }

    /// `e` on `row`: its form, or the paged view first for a very long text.
    pub(super) fn edit(&mut self, row: Row) {
        let from_viewer = matches!(self.state.overlay, Some(Overlay::Viewer(_)));
        if !from_viewer && super::viewer::is_long(&row) {
            self.read_in_full(row);
            self.info("A long text opens here first; press e again to edit it.");
            return;
        }
        self.state.overlay = None;
        match row {
            Row::Meeting(m) => self.open_meeting_form(Some(m)),
            Row::Feedback(f) => self.open_feedback_form(Some(f)),
            Row::Note(n) => self.open_note_form(Some(n)),
            Row::Action(a) => self.open_action_form(Some(a)),
            Row::Strength(s) => self.open_strength_form(&s),
            Row::Experience(e) => self.open_experience_form(&e),
        }
    }

    fn ask_delete_row(&mut self) {
        if let Some(row) = self.state.row().cloned() {
            self.ask_delete(row);
        }
    }

    /// Asks before `row` is deleted.
    pub(super) fn ask_delete(&mut self, row: Row) {
        let what = match &row {
            Row::Action(a) => format!("the action item \"{}\"", text::one_line(&a.text)),
            Row::Meeting(_) => "this meeting".to_owned(),
            Row::Feedback(_) => "this feedback".to_owned(),
            Row::Note(_) => "this note".to_owned(),
            Row::Strength(s) => format!("the strength \"{}\"", text::one_line(&s.text)),
            Row::Experience(e) => format!(
                "the challenge \"{}\" and its similar experience",
                text::one_line(&e.challenge)
            ),
        };
        let text = format!("Delete {what}? u undoes it right after.");
        self.state.overlay = Some(Overlay::Confirm(Box::new(Confirm {
            text,
            question: Question::DeleteEntry(row),
        })));
    }

    pub(super) fn delete_row(&mut self, row: &Row) {
        let Some(pair_id) = self.state.pair().map(|p| p.id) else {
            return;
        };
        match self.store.delete_entry(pair_id, row.kind(), row.id()) {
            Ok(deleted) => {
                self.saved(&format!(
                    "Deleted the {}; u brings it back.",
                    deleted.kind().noun()
                ));
                self.reload();
            }
            Err(e) => self.error(&e.to_string()),
        }
    }
}
