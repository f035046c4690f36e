//! The kinds of thing a journal holds, each with one word ([`Kind`]), and
//! the words a sentence uses for a thing ([`Noun`]): "1 action item",
//! "3 check-ins", "an action item".

use std::fmt;

use serde::{Deserialize, Serialize};

use super::validation::Invalid;

word_enum!(
    /// What a row of the journal is. Its word is the one stored and
    /// exported (a tombstone's `kind`, a draft's kind), and the order of
    /// [`Kind::ALL`] is the order reports count them in.
    Kind, "a kind", "pair, checklist_item, strength, experience, meeting, feedback, note, action, goal, goal_progress, checkin", {
        /// A mentoring pair.
        Pair = "pair",
        /// An item of a pair's first-meeting checklist.
        ChecklistItem = "checklist_item",
        /// A strength one person named in the other.
        Strength = "strength",
        /// A mentee's challenge linked to the mentor's similar experience.
        Experience = "experience",
        /// A meeting, held or planned.
        Meeting = "meeting",
        /// Feedback, to the mentor or to the mentee.
        Feedback = "feedback",
        /// A note, shared or private.
        Note = "note",
        /// An action item.
        Action = "action",
        /// A goal.
        Goal = "goal",
        /// One step of a goal's progress; it goes with its goal.
        GoalProgress = "goal_progress",
        /// A trust check-in (always private).
        Checkin = "checkin",
    }
);

impl Kind {
    /// Every kind, in the order reports list them: the order they are
    /// declared in, so `kind as usize` is its place here.
    pub const ALL: [Kind; 11] = [
        Self::Pair,
        Self::ChecklistItem,
        Self::Strength,
        Self::Experience,
        Self::Meeting,
        Self::Feedback,
        Self::Note,
        Self::Action,
        Self::Goal,
        Self::GoalProgress,
        Self::Checkin,
    ];

    /// The kinds of entry a person edits and deletes one at a time (a
    /// pair goes with all it holds, a checklist item stays, progress goes
    /// with its goal).
    pub const ENTRIES: [Kind; 8] = [
        Self::Meeting,
        Self::Feedback,
        Self::Note,
        Self::Action,
        Self::Strength,
        Self::Experience,
        Self::Goal,
        Self::Checkin,
    ];

    /// Whether it is one of [`Kind::ENTRIES`].
    pub fn is_entry(self) -> bool {
        Self::ENTRIES.contains(&self)
    }

    /// What a sentence calls it: "action item", "check-ins", "an action item".
    pub fn noun(self) -> Noun {
        match self {
            Self::Pair => Noun::new("a", "pair", "pairs"),
            Self::ChecklistItem => Noun::new("a", "checklist item", "checklist items"),
            Self::Strength => Noun::new("a", "strength", "strengths"),
            Self::Experience => {
                Noun::new("a", "challenge ↔ experience", "challenges ↔ experiences")
            }
            Self::Meeting => Noun::new("a", "meeting", "meetings"),
            Self::Feedback => Noun::new("a", "feedback entry", "feedback entries"),
            Self::Note => Noun::new("a", "note", "notes"),
            Self::Action => Noun::new("an", "action item", "action items"),
            Self::Goal => Noun::new("a", "goal", "goals"),
            Self::GoalProgress => Noun::new("a", "progress step", "progress steps"),
            Self::Checkin => Noun::new("a", "check-in", "check-ins"),
        }
    }

    /// The table holding it.
    pub fn table(self) -> &'static str {
        match self {
            Self::Action => "action_item",
            other => other.as_str(),
        }
    }

    /// The kind held in `table`.
    pub fn from_table(table: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.table() == table)
    }

    /// The word a tombstone of it carries (`kind` in the export); progress
    /// has no tombstone of its own, it goes with its goal.
    pub fn tombstone_word(self) -> Option<&'static str> {
        (self != Self::GoalProgress).then_some(self.as_str())
    }

    /// The kind a tombstone names, if it names one by its exact word.
    pub fn from_tombstone(word: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|k| k.tombstone_word() == Some(word))
    }
}

/// The words a sentence uses for one thing and for several, and the
/// article of one ("a", "an").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Noun {
    article: &'static str,
    one: &'static str,
    many: &'static str,
}

impl Noun {
    /// Days: "every 1 day", "14 days ago".
    pub const DAY: Noun = Noun::new("a", "day", "days");

    /// Entries of any kind: "3 entries moved".
    pub const ENTRY: Noun = Noun::new("an", "entry", "entries");

    /// The noun with `article`, singular `one` and plural `many`.
    pub const fn new(article: &'static str, one: &'static str, many: &'static str) -> Self {
        Self { article, one, many }
    }

    /// The singular: "action item".
    pub fn one(self) -> &'static str {
        self.one
    }

    /// The plural: "action items".
    pub fn many(self) -> &'static str {
        self.many
    }

    /// The singular with its article: "an action item".
    pub fn a(self) -> String {
        format!("{} {}", self.article, self.one)
    }

    /// `n` of them: "1 action item", "0 action items", "3 action items".
    pub fn count<N>(self, n: N) -> String
    where
        N: fmt::Display + PartialEq + From<u8> + TryInto<u64> + Copy,
    {
        let word = if n == N::from(1) { self.one } else { self.many };
        // Thousands marked, as every count candor says: "19,644 notes".
        let n = n
            .try_into()
            .map_or_else(|_| n.to_string(), crate::text::grouped);
        format!("{n} {word}")
    }
}

impl fmt::Display for Noun {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.one)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_say_one_or_many_with_thousands_marked() {
        let note = Kind::Note.noun();
        assert_eq!(note.count(1_usize), "1 note");
        assert_eq!(note.count(0_usize), "0 notes");
        assert_eq!(note.count(19_644_usize), "19,644 notes");
        assert_eq!(Kind::Meeting.noun().count(4_966_i64), "4,966 meetings");
        assert_eq!(Kind::Meeting.noun().count(-2_i64), "-2 meetings");
    }

    #[test]
    fn every_kind_has_a_word_a_table_and_a_noun() {
        let table: Vec<(&str, &str, &str, &str, &str)> = Kind::ALL
            .into_iter()
            .map(|k| {
                let n = k.noun();
                (k.as_str(), k.table(), n.article, n.one(), n.many())
            })
            .collect();
        assert_eq!(
            table,
            [
                ("pair", "pair", "a", "pair", "pairs"),
                (
                    "checklist_item",
                    "checklist_item",
                    "a",
                    "checklist item",
                    "checklist items"
                ),
                ("strength", "strength", "a", "strength", "strengths"),
                (
                    "experience",
                    "experience",
                    "a",
                    "challenge ↔ experience",
                    "challenges ↔ experiences"
                ),
                ("meeting", "meeting", "a", "meeting", "meetings"),
                (
                    "feedback",
                    "feedback",
                    "a",
                    "feedback entry",
                    "feedback entries"
                ),
                ("note", "note", "a", "note", "notes"),
                ("action", "action_item", "an", "action item", "action items"),
                ("goal", "goal", "a", "goal", "goals"),
                (
                    "goal_progress",
                    "goal_progress",
                    "a",
                    "progress step",
                    "progress steps"
                ),
                ("checkin", "checkin", "a", "check-in", "check-ins"),
            ]
        );
    }

    #[test]
    fn every_kind_is_in_its_place() {
        for (i, k) in Kind::ALL.into_iter().enumerate() {
            assert_eq!(k as usize, i, "{k}");
        }
    }

    #[test]
    fn a_noun_counts_one_apart_from_none_and_many() {
        let action = Kind::Action.noun();
        assert_eq!(action.count(1_usize), "1 action item");
        assert_eq!(action.count(0_usize), "0 action items");
        assert_eq!(action.count(3_i64), "3 action items");
        assert_eq!(action.a(), "an action item");
        assert_eq!(Kind::Checkin.noun().a(), "a check-in");
        assert_eq!(Kind::Feedback.noun().count(2_usize), "2 feedback entries");
        assert_eq!(Noun::new("a", "time", "times").count(1_u32), "1 time");
    }

    #[test]
    fn the_words_are_the_stored_and_exported_ones() {
        // Tombstones, drafts and exports written by earlier releases use these.
        for k in Kind::ALL {
            assert_eq!(k.as_str().parse::<Kind>(), Ok(k));
            assert_eq!(serde_json::to_value(k).expect("a word"), k.as_str());
            assert_eq!(Kind::from_table(k.table()), Some(k));
        }
        assert_eq!(Kind::from_tombstone("action"), Some(Kind::Action));
        assert_eq!(
            Kind::from_tombstone("checklist_item"),
            Some(Kind::ChecklistItem)
        );
        assert_eq!(Kind::from_tombstone("goal_progress"), None);
        assert_eq!(Kind::from_tombstone("Note"), None);
        assert_eq!(Kind::from_tombstone("action item"), None);
    }

    #[test]
    fn the_entries_are_the_kinds_deleted_one_at_a_time() {
        let others: Vec<Kind> = Kind::ALL.into_iter().filter(|k| !k.is_entry()).collect();
        assert_eq!(
            others,
            [Kind::Pair, Kind::ChecklistItem, Kind::GoalProgress]
        );
    }
}
