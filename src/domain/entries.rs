//! The journal's entries: meetings, feedback, notes and action items.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::{Invalid, MAX_TEXT_BYTES};

word_enum!(
    /// Who the feedback is for.
    Direction, "direction", "mentor, mentee", {
        /// The mentee gives feedback to the mentor.
        ToMentor = "to_mentor" | "mentor",
        /// The mentor gives feedback to the mentee.
        ToMentee = "to_mentee" | "mentee",
    }
);

word_enum!(
    /// How feedback was received.
    Response, "response", "accepted, discussed, pushed-back, pending", {
        /// Not yet answered.
        Pending = "pending" | "not-yet" | "not_yet",
        /// Taken as given.
        Accepted = "accepted",
        /// Talked through, neither taken nor refused.
        Discussed = "discussed",
        /// Argued against.
        PushedBack = "pushed_back" | "pushed-back",
    }
);

word_enum!(
    /// Who an action item is for.
    Owner, "owner", "mentor, mentee, both", {
        /// The mentor does it.
        Mentor = "mentor",
        /// The mentee does it.
        Mentee = "mentee",
        /// Both do it together.
        Both = "both",
    }
);

impl Response {
    /// How the response reads in a sentence.
    pub fn label(self) -> &'static str {
        match self {
            Self::Pending => "not yet",
            Self::Accepted => "accepted",
            Self::Discussed => "discussed",
            Self::PushedBack => "pushed back",
        }
    }
}

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

/// Feedback given in either direction, and how it was received.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Feedback {
    /// Row id.
    pub id: i64,
    /// Stable id.
    pub uid: String,
    /// The pair it belongs to.
    pub pair_id: i64,
    /// Who it is for.
    pub direction: Direction,
    /// Whether the mentor asked for it.
    pub requested: bool,
    /// The feedback itself.
    pub body: String,
    /// Situation-behaviour-impact: where it happened.
    pub situation: Option<String>,
    /// What was done.
    pub behaviour: Option<String>,
    /// What it caused.
    pub impact: Option<String>,
    /// How it was taken.
    pub response: Response,
    /// What happened after.
    pub follow_up: String,
    /// When it was given.
    pub given_at: DateTime<Utc>,
    /// When the row was created.
    pub created_at: DateTime<Utc>,
    /// When the row last changed.
    pub updated_at: DateTime<Utc>,
    /// Bumped on every change.
    pub version: i64,
}

/// A private text as stored sealed, with what it was bound to when sealed
/// and what it must be bound to now to open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SealedText {
    /// The sealed bytes.
    pub bytes: Vec<u8>,
    /// The associated data it was sealed with: 1, the row alone (before
    /// 0.6); 2, the pair and the row.
    pub binding: u8,
    /// The uid of the pair its row is in now (`None` for a draft with no
    /// pair); under binding 2 it opens only if this is the pair it was sealed in.
    pub pair_uid: Option<String>,
    /// Whether binding 1 is still accepted: until every old text was sealed
    /// again at an unlock, the journal's `binding_floor` is below 2.
    pub old_binding_accepted: bool,
}

/// A note, shared or private.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Note {
    /// Row id.
    pub id: i64,
    /// Stable id.
    pub uid: String,
    /// The pair it belongs to.
    pub pair_id: i64,
    /// The text.
    pub body: String,
    /// Private notes never leave this journal.
    pub private: bool,
    /// Tags, such as `next`.
    pub tags: Vec<String>,
    /// Whether it is stored sealed under the passphrase.
    pub sealed: bool,
    /// Sealed and not opened (the journal is locked): `body` and `tags` are empty.
    pub locked: bool,
    /// Sealed but damaged or moved: it cannot be opened even unlocked.
    pub damaged: bool,
    /// When the row was created.
    pub created_at: DateTime<Utc>,
    /// When the row last changed.
    pub updated_at: DateTime<Utc>,
    /// Bumped on every change.
    pub version: i64,
    /// The sealed text as stored, kept so an undo puts it back unchanged.
    #[serde(skip)]
    pub sealed_bytes: Option<SealedText>,
}

impl Note {
    /// Overwrites the opened text of a private note in memory, so that
    /// locking leaves no copy behind; a shared note is left as it is.
    pub fn wipe_if_private(&mut self) {
        if self.private {
            zeroize::Zeroize::zeroize(&mut self.body);
            zeroize::Zeroize::zeroize(&mut self.tags);
        }
    }
}

/// Something to do, from a meeting or on its own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActionItem {
    /// Row id.
    pub id: i64,
    /// Stable id.
    pub uid: String,
    /// The pair it belongs to.
    pub pair_id: i64,
    /// Who does it.
    pub owner: Owner,
    /// What to do.
    pub text: String,
    /// When it is due.
    pub due_on: Option<NaiveDate>,
    /// Whether it is done.
    pub done: bool,
    /// When it was done.
    pub done_at: Option<DateTime<Utc>>,
    /// When the row was created.
    pub created_at: DateTime<Utc>,
    /// When the row last changed.
    pub updated_at: DateTime<Utc>,
    /// Bumped on every change.
    pub version: i64,
}

impl ActionItem {
    /// Open and past its due date on `today`.
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        !self.done && self.due_on.is_some_and(|d| d < today)
    }
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
    for n in notes {
        lines.push(format!("- {}", n.body.lines().next().unwrap_or("")));
    }
    lines.join("\n")
}

/// Longest single tag.
pub const MAX_TAG_CHARS: usize = 40;

/// Splits tags given as words (spaces or commas) into a clean, de-duplicated list.
pub fn parse_tags<'a>(words: impl IntoIterator<Item = &'a str>) -> Result<Vec<String>, Invalid> {
    let mut tags: Vec<String> = Vec::new();
    for word in words {
        // Any whitespace separates tags, as it does when they are read back.
        for tag in word
            .split(|c: char| c == ',' || c.is_whitespace())
            .map(|t| t.trim_start_matches('#'))
        {
            if tag.is_empty() {
                continue;
            }
            if tag.chars().count() > MAX_TAG_CHARS || tag.chars().any(char::is_control) {
                return Err(Invalid::Choice {
                    what: "tag",
                    got: tag.to_owned(),
                    allowed: "words of up to 40 letters without control characters",
                });
            }
            let tag = tag.to_lowercase();
            if !tags.contains(&tag) {
                tags.push(tag);
            }
        }
    }
    Ok(tags)
}

/// An entry's text: may be empty only where `allow_empty`, at most 10 MB.
pub fn body(what: &'static str, s: &str, allow_empty: bool) -> Result<String, Invalid> {
    if !allow_empty && s.trim().is_empty() {
        return Err(Invalid::Empty(what));
    }
    if s.len() > MAX_TEXT_BYTES {
        return Err(Invalid::TooLong {
            what,
            got: s.len(),
            max: MAX_TEXT_BYTES,
        });
    }
    Ok(s.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_split_lowered_and_unique() {
        assert_eq!(
            parse_tags(["next, Career", "#next"]).unwrap_or_default(),
            ["next", "career"]
        );
    }

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
            body: body.to_owned(),
            private: false,
            tags: vec!["next".into()],
            sealed: false,
            locked: false,
            damaged: false,
            created_at: t,
            updated_at: t,
            version: 1,
            sealed_bytes: None,
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

    #[test]
    fn responses_accept_the_cli_spelling() {
        assert_eq!("pushed-back".parse::<Response>(), Ok(Response::PushedBack));
        assert_eq!(Response::PushedBack.as_str(), "pushed_back");
        assert_eq!("mentor".parse::<Direction>(), Ok(Direction::ToMentor));
    }
}
