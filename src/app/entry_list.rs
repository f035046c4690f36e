//! The Meetings, Feedback and Notes tabs: a list loaded a page at a time,
//! one row selected, opened, edited and deleted (undone from the pair list).

use super::front::{Right, moved};
pub use super::rows::{PAGE_SIZE, Row, Section, SectionKind, TabList};
use super::viewer::Viewer;
use super::{App, Overlay, Question, Tab};
use crate::action::Action;
use crate::domain::Kind;
use crate::domain::Readable;
use crate::store::{Cursor, Page};
use crate::text;

/// Rows loaded on each side of the selection, at least: more than a screen.
const NEAR: usize = PAGE_SIZE;
/// Rows kept on each side of the selection; those further away are dropped.
const KEEP: usize = 2 * PAGE_SIZE;
/// A tab listing entries: which tab, what is loaded, and the selected row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryList {
    /// Meetings, Feedback or Notes.
    pub tab: Tab,
    /// Its rows: how many, and the window of them loaded.
    pub list: TabList,
    /// Position of the selected row in `list`.
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

    /// Moves the selection; the window of loaded rows follows it.
    fn move_in_list(&mut self, delta: isize) {
        let Right::Entries(view) = &mut self.state.right else {
            return;
        };
        view.cursor = moved(view.cursor, delta, view.list.len());
        self.fill_window();
    }

    /// Counts the rows of each section of the open tab and loads the window
    /// around the selected row, which stays selected where it now sorts.
    pub(super) fn load_list(&mut self) {
        let pair_id = self.state.pair().map(|p| p.id);
        let Right::Entries(view) = &mut self.state.right else {
            return;
        };
        let Some(pair_id) = pair_id else {
            view.list = TabList::default();
            return;
        };
        let anchor = view.row().map(|r| (r.kind(), r.cursor()));
        let kinds = view.sections();
        let mut list = TabList::default();
        for &kind in kinds {
            let counted = self.position(pair_id, kind, None).and_then(|total| {
                let mut section = Section::new(kind, total);
                if kind == SectionKind::Actions {
                    section.open = self.store.open_action_count(pair_id)?;
                }
                Ok(section)
            });
            match counted {
                Ok(section) => list.sections.push(section),
                Err(e) => return self.error(&e.to_string()),
            }
        }
        let Right::Entries(view) = &mut self.state.right else {
            return;
        };
        view.cursor = view.cursor.min(list.len().saturating_sub(1));
        let old = std::mem::replace(&mut view.list, list);
        old.sections.into_iter().for_each(|mut s| s.clear());
        if let Some((kind, at)) = anchor
            && let Err(e) = self.anchor_at(pair_id, kind, &at)
        {
            return self.error(&e.to_string());
        }
        self.fill_window();
    }

    /// Selects the row of `kind` and `id` in the open tab, loading the
    /// window around it; false when the tab does not list it.
    pub(super) fn select_entry_row(&mut self, kind: Kind, id: i64) -> bool {
        let Some(pair_id) = self.state.pair().map(|p| p.id) else {
            return false;
        };
        let Right::Entries(view) = &mut self.state.right else {
            return false;
        };
        let is_it = |r: &Row| r.kind() == kind && r.id() == id;
        if let Some((i, _)) = view.list.loaded().find(|(_, r)| is_it(r)) {
            view.cursor = i;
            return true;
        }
        let row = match kind {
            Kind::Action => self.store.action(id).map(Row::Action),
            Kind::Meeting => self.store.meeting(id).map(Row::Meeting),
            Kind::Feedback => self.store.feedback_entry(id).map(Row::Feedback),
            Kind::Note => self.store.note(id).map(Row::Note),
            _ => return false,
        };
        let Ok(row) = row else { return false };
        let in_pair = match &row {
            Row::Action(a) => a.pair_id,
            Row::Meeting(m) => m.pair_id,
            Row::Feedback(f) => f.pair_id,
            Row::Note(n) => n.pair_id,
            Row::Strength(_) | Row::Experience(_) => -1,
        };
        if in_pair != pair_id {
            return false;
        }
        if let Err(e) = self.anchor_at(pair_id, kind, &row.cursor()) {
            self.error(&e.to_string());
            return false;
        }
        self.fill_window();
        self.state.row().is_some_and(is_it)
    }

    /// Loads the section of `kind` around where a row at `at` sorts, and
    /// puts the selection there.
    fn anchor_at(
        &mut self,
        pair_id: i64,
        kind: Kind,
        at: &crate::store::Cursor,
    ) -> crate::store::Result<()> {
        let Right::Entries(view) = &self.state.right else {
            return Ok(());
        };
        let Some(n) = view
            .list
            .sections
            .iter()
            .position(|s| s.kind.kind() == kind)
        else {
            return Ok(());
        };
        let section = view.list.sections[n].kind;
        let offset = view.list.offset(n);
        let position = self.position(pair_id, section, Some(at))?;
        let mut rows = self.fetch_before(pair_id, section, Some(at), NEAR)?;
        let start = if rows.is_empty() {
            0
        } else {
            position.saturating_sub(rows.len())
        };
        let after = rows.last().map(Row::cursor);
        rows.extend(self.fetch(
            pair_id,
            section,
            &Page {
                after,
                limit: NEAR + 1,
            },
        )?);
        let Right::Entries(view) = &mut self.state.right else {
            return Ok(());
        };
        let s = &mut view.list.sections[n];
        s.clear();
        s.start = start;
        s.rows = rows;
        let len = view.list.len();
        view.cursor = (offset + position).min(len.saturating_sub(1));
        Ok(())
    }

    /// Loads the rows near the selection and drops those far from it, in
    /// every section: a few pages are held, however far the list runs.
    pub(super) fn fill_window(&mut self) {
        let Some(pair_id) = self.state.pair().map(|p| p.id) else {
            return;
        };
        let Right::Entries(view) = &self.state.right else {
            return;
        };
        for n in 0..view.list.sections.len() {
            if let Err(e) = self.fill_section(pair_id, n) {
                return self.error(&e.to_string());
            }
        }
    }

    fn fill_section(&mut self, pair_id: i64, n: usize) -> crate::store::Result<()> {
        let Right::Entries(view) = &mut self.state.right else {
            return Ok(());
        };
        let cursor = view.cursor;
        let offset = view.list.offset(n);
        let s = &mut view.list.sections[n];
        let (kind, total) = (s.kind, s.total);
        // The positions of this section within `reach` of the selection.
        let range = |reach: usize| {
            let lo = cursor.saturating_sub(reach).max(offset) - offset;
            let hi = cursor
                .saturating_add(reach + 1)
                .min(offset + total)
                .saturating_sub(offset);
            (lo, hi.max(lo))
        };
        let (lo, hi) = range(NEAR);
        let (keep_lo, keep_hi) = range(KEEP);
        if lo >= hi {
            s.clear();
            return Ok(());
        }
        if s.rows.is_empty() || s.end() < lo || s.start > hi {
            // A jump: start again from the nearer end of the section.
            s.clear();
            if lo <= total - hi {
                let rows = self.fetch(pair_id, kind, &Page::first(PAGE_SIZE))?;
                self.set_rows(n, 0, rows);
            } else {
                let rows = self.fetch_before(pair_id, kind, None, PAGE_SIZE)?;
                self.set_rows(n, total.saturating_sub(rows.len()), rows);
            }
        }
        // Walk forward, then backward, a page at a time, dropping what falls
        // out of reach (always keeping a row to walk on from).
        loop {
            let Some(s) = self.section(n) else {
                return Ok(());
            };
            if s.end() >= hi {
                break;
            }
            let page = Page {
                after: s.rows.last().map(Row::cursor),
                limit: PAGE_SIZE,
            };
            let rows = self.fetch(pair_id, kind, &page)?;
            let Some(s) = self.section_mut(n) else {
                return Ok(());
            };
            if rows.is_empty() {
                break;
            }
            s.rows.extend(rows);
            let drop = keep_lo.saturating_sub(s.start).min(s.rows.len() - 1);
            s.drop_front(drop);
        }
        loop {
            let Some(s) = self.section(n) else {
                return Ok(());
            };
            if s.start <= lo {
                break;
            }
            let before = s.rows.first().map(Row::cursor);
            let rows = self.fetch_before(pair_id, kind, before.as_ref(), PAGE_SIZE)?;
            let Some(s) = self.section_mut(n) else {
                return Ok(());
            };
            if rows.is_empty() {
                break;
            }
            s.start = s.start.saturating_sub(rows.len());
            s.rows.splice(0..0, rows);
            s.keep_front(keep_hi.saturating_sub(s.start).max(1));
        }
        if let Some(s) = self.section_mut(n) {
            s.drop_front(keep_lo.saturating_sub(s.start));
            s.keep_front(keep_hi.saturating_sub(s.start));
            s.rows.shrink_to(2 * KEEP);
        }
        Ok(())
    }

    fn section(&self, n: usize) -> Option<&Section> {
        match &self.state.right {
            Right::Entries(view) => view.list.sections.get(n),
            _ => None,
        }
    }

    fn section_mut(&mut self, n: usize) -> Option<&mut Section> {
        match &mut self.state.right {
            Right::Entries(view) => view.list.sections.get_mut(n),
            _ => None,
        }
    }

    fn set_rows(&mut self, n: usize, start: usize, rows: Vec<Row>) {
        if let Some(s) = self.section_mut(n) {
            s.start = start;
            s.rows = rows;
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

    /// The `limit` rows just before `before` (the last ones with `None`), in
    /// the list's order.
    fn fetch_before(
        &self,
        pair_id: i64,
        kind: SectionKind,
        before: Option<&Cursor>,
        limit: usize,
    ) -> crate::store::Result<Vec<Row>> {
        let store = &self.store;
        Ok(match kind {
            SectionKind::Actions => store
                .actions_before(pair_id, before, limit)?
                .into_iter()
                .map(Row::Action)
                .collect(),
            SectionKind::Meetings => store
                .meetings_before(pair_id, before, limit)?
                .into_iter()
                .map(Row::Meeting)
                .collect(),
            SectionKind::Feedback => store
                .feedback_before(pair_id, before, limit)?
                .into_iter()
                .map(Row::Feedback)
                .collect(),
            SectionKind::Notes => store
                .notes_before(pair_id, true, before, limit)?
                .into_iter()
                .map(Row::Note)
                .collect(),
        })
    }

    /// How many rows the section lists before a row at `at`; with `None`,
    /// how many it lists.
    fn position(
        &self,
        pair_id: i64,
        kind: SectionKind,
        at: Option<&Cursor>,
    ) -> crate::store::Result<usize> {
        match kind {
            SectionKind::Actions => self.store.action_position(pair_id, at),
            SectionKind::Meetings => self.store.meeting_position(pair_id, at),
            SectionKind::Feedback => self.store.feedback_position(pair_id, at),
            SectionKind::Notes => self.store.note_position(pair_id, true, at),
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
        let when = |t| clock.show_time(t);
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
        self.ask_before_writing(text, Question::DeleteEntry(row));
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
