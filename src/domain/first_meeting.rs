//! What a pair's first meeting builds: checklist items, the strengths each
//! names in the other, and a mentee's challenges linked to the mentor's
//! similar experiences.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::Kind;
use super::pairs::Role;

/// One item of a pair's first-meeting checklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChecklistItem {
    /// Row id.
    pub id: i64,
    /// Stable id.
    pub uid: String,
    /// The pair it belongs to.
    pub pair_id: i64,
    /// The trust-building step, 1–5.
    pub step: u8,
    /// Stable key from the template, such as `trust.agenda`.
    pub key: String,
    /// What the pair does or says.
    pub title: String,
    /// Whether it is ticked, by hand or by the record.
    pub done: bool,
    /// When it was ticked by hand (a tick from the record has none).
    pub done_at: Option<DateTime<Utc>>,
    /// The fact of the record that ticks it, if the template names one.
    #[serde(skip)]
    pub ticked_by: Option<Fact>,
    /// The entry that ticked it, when the record (not a hand) did.
    pub from: Option<EntryRef>,
    /// The pair's own words about it.
    pub note: String,
    /// Order within the step.
    pub position: i64,
    /// When the row was created.
    pub created_at: DateTime<Utc>,
    /// When the row last changed.
    pub updated_at: DateTime<Utc>,
    /// Bumped on every change.
    pub version: i64,
}

/// A strength one person named in the other.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Strength {
    /// Row id.
    pub id: i64,
    /// Stable id.
    pub uid: String,
    /// The pair it belongs to.
    pub pair_id: i64,
    /// Whose strength it is.
    pub whose: Role,
    /// The strength, in the namer's words.
    pub text: String,
    /// When the row was created.
    pub created_at: DateTime<Utc>,
    /// When the row last changed.
    pub updated_at: DateTime<Utc>,
    /// Bumped on every change.
    pub version: i64,
}

/// A mentee's challenge linked to the mentor's similar experience.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Experience {
    /// Row id.
    pub id: i64,
    /// Stable id.
    pub uid: String,
    /// The pair it belongs to.
    pub pair_id: i64,
    /// The mentee's challenge.
    pub challenge: String,
    /// The mentor's similar experience.
    pub similar: String,
    /// When the row was created.
    pub created_at: DateTime<Utc>,
    /// When the row last changed.
    pub updated_at: DateTime<Utc>,
    /// Bumped on every change.
    pub version: i64,
}

/// An entry of the journal that something refers to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EntryRef {
    /// What kind of entry it is.
    pub kind: Kind,
    /// Its row id here.
    pub id: i64,
    /// Its stable id.
    pub uid: String,
    /// A line of its text, to say which entry it is on screen (never private text).
    #[serde(skip)]
    pub gist: String,
}

/// A fact of the record that ticks a checklist item by itself, named in the
/// template (`ticked_by = "strength.mentee"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Fact {
    /// A strength of the mentee is written down.
    StrengthOfMentee,
    /// A strength of the mentor is written down.
    StrengthOfMentor,
    /// A challenge of the mentee's is written down.
    Challenge,
    /// A challenge is linked to a similar experience of the mentor's.
    SimilarExperience,
    /// Feedback to the mentor was asked for.
    FeedbackAsked,
    /// Feedback to the mentor was taken without pushing back (accepted or discussed).
    FeedbackTaken,
    /// A meeting was held (the first logged meeting counts as the first meeting).
    MeetingHeld,
}

impl Fact {
    /// Every fact, in the order of the five steps.
    pub const ALL: [Fact; 7] = [
        Fact::MeetingHeld,
        Fact::StrengthOfMentee,
        Fact::StrengthOfMentor,
        Fact::Challenge,
        Fact::SimilarExperience,
        Fact::FeedbackAsked,
        Fact::FeedbackTaken,
    ];

    /// Its name in templates and in the store.
    pub fn name(self) -> &'static str {
        match self {
            Fact::StrengthOfMentee => "strength.mentee",
            Fact::StrengthOfMentor => "strength.mentor",
            Fact::Challenge => "experience.challenge",
            Fact::SimilarExperience => "experience.similar",
            Fact::FeedbackAsked => "feedback.asked",
            Fact::FeedbackTaken => "feedback.taken",
            Fact::MeetingHeld => "meeting.held",
        }
    }

    /// The fact named `name`, if there is one.
    pub fn from_name(name: &str) -> Option<Fact> {
        Fact::ALL.into_iter().find(|f| f.name() == name)
    }

    /// The names of every fact, for error messages.
    pub fn names() -> String {
        Fact::ALL.map(Fact::name).join(", ")
    }

    /// The kind of entry that makes it true.
    pub fn kind(self) -> Kind {
        match self {
            Fact::StrengthOfMentee | Fact::StrengthOfMentor => Kind::Strength,
            Fact::Challenge | Fact::SimilarExperience => Kind::Experience,
            Fact::FeedbackAsked | Fact::FeedbackTaken => Kind::Feedback,
            Fact::MeetingHeld => Kind::Meeting,
        }
    }
}

impl std::fmt::Display for Fact {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_fact_is_found_by_its_name_and_names_are_distinct() {
        let mut names = std::collections::HashSet::new();
        for fact in Fact::ALL {
            assert_eq!(Fact::from_name(fact.name()), Some(fact));
            assert!(names.insert(fact.name()));
        }
        assert_eq!(Fact::from_name("strength.anyone"), None);
    }
}
