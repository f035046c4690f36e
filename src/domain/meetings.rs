//! A meeting, held or planned; the agenda a new one starts with, and the
//! next steps that become action items.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use serde::Serialize;

use super::{ActionItem, Note};

/// A meeting, held or planned (a time in the future means planned).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Meeting {
    /// Row id.
    pub id: i64,
    /// Stable id.
    pub uid: String,
    /// The pair it belongs to.
    pub pair_id: i64,
    /// When it was or will be held.
    pub held_at: DateTime<Utc>,
    /// What was to be covered.
    pub agenda: String,
    /// What was said.
    pub notes: String,
    /// What each will do next.
    pub next_steps: String,
    /// When the row was created.
    pub created_at: DateTime<Utc>,
    /// When the row last changed.
    pub updated_at: DateTime<Utc>,
    /// Bumped on every change.
    pub version: i64,
}

/// The hour (local time) of a meeting planned for a day alone, such as by
/// `candor pair edit --next DATE`.
pub const PLANNED_HOUR: u32 = 9;

/// When a meeting planned for `date` takes place: at `time` (local) that
/// day, else at [`PLANNED_HOUR`], else (on today, once that has passed) at
/// the next full hour of the day; `None` when the day has no such time left.
pub fn planned_at(
    date: NaiveDate,
    time: Option<NaiveTime>,
    clock: &dyn crate::clock::Clock,
) -> Option<DateTime<Utc>> {
    let now = clock.now();
    let hours = (PLANNED_HOUR..24).filter_map(|h| NaiveTime::from_hms_opt(h, 0, 0));
    time.into_iter()
        .chain(hours)
        .filter_map(|t| clock.utc_of_local(date.and_time(t)))
        .find(|at| *at > now)
}

/// The lines of a meeting's next steps that become action items: each
/// non-blank line, trimmed, without a leading list marker (`-`, `*`, `•`).
pub fn next_step_lines(next_steps: &str) -> impl Iterator<Item = &str> {
    next_steps
        .lines()
        .map(|line| line.trim().trim_start_matches(['-', '*', '•']).trim())
        .filter(|step| !step.is_empty())
}

/// A new meeting's agenda: one unticked box per open action item (its
/// owner and due date after it), then the first line of each note, in the
/// order given. Callers pass shared notes only: a private one never
/// reaches an agenda.
pub fn prefilled_agenda(actions: &[ActionItem], notes: &[Note]) -> String {
    let mut lines = Vec::new();
    for a in actions.iter().filter(|a| !a.done) {
        let due = a.due_on.map(|d| format!(", due {d}")).unwrap_or_default();
        lines.push(format!(
            "- [ ] {} ({}{due})",
            a.text.replace('\n', " "),
            a.owner
        ));
    }
    // A note whose text cannot be read (never so for a shared one) has no line.
    for text in notes.iter().filter_map(Note::text) {
        lines.push(format!("- {}", text.body.lines().next().unwrap_or("")));
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, NaiveDate, Utc};

    use super::*;
    use crate::domain::{NoteContent, NoteText, Owner};

    fn action(text: &str, owner: Owner, due: Option<(i32, u32, u32)>, done: bool) -> ActionItem {
        let t = DateTime::<Utc>::UNIX_EPOCH;
        ActionItem {
            id: 1,
            uid: String::new(),
            pair_id: 1,
            owner,
            text: text.to_owned(),
            due_on: due.and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d)),
            done,
            done_at: done.then_some(t),
            created_at: t,
            updated_at: t,
            version: 1,
        }
    }

    fn note(body: &str) -> Note {
        let t = DateTime::<Utc>::UNIX_EPOCH;
        Note {
            id: 1,
            uid: String::new(),
            pair_id: 1,
            content: NoteContent::Shared(NoteText {
                body: body.to_owned(),
                tags: vec!["next".into()],
            }),
            created_at: t,
            updated_at: t,
            version: 1,
        }
    }

    #[test]
    fn an_agenda_lists_open_action_items_then_the_first_line_of_each_note() {
        let actions = [
            action("send the\ndoc", Owner::Mentee, Some((2026, 12, 1)), false),
            action("already done", Owner::Mentor, None, true),
            action("book a room", Owner::Both, None, false),
        ];
        let notes = [note("ask about the ladder\nand the rest"), note("")];
        assert_eq!(
            prefilled_agenda(&actions, &notes),
            "- [ ] send the doc (mentee, due 2026-12-01)\n\
             - [ ] book a room (both)\n\
             - ask about the ladder\n\
             - "
        );
        assert_eq!(prefilled_agenda(&[], &[]), "");
        assert_eq!(
            prefilled_agenda(&actions[1..2], &[]),
            "",
            "a done item is not on it"
        );
    }

    #[test]
    fn each_non_blank_line_of_next_steps_is_a_step_without_its_marker() {
        let steps: Vec<_> =
            next_step_lines("- send the doc\n\n  * book a room \n• ask\n-\n  \nplain - dash")
                .collect();
        assert_eq!(
            steps,
            ["send the doc", "book a room", "ask", "plain - dash"]
        );
        assert_eq!(next_step_lines("").count(), 0);
    }
}
