//! clap's words for the choices a command takes: the kinds of entry it
//! names (each built on [`Kind`]), who does an action item, who feedback is
//! for and how it was received, which side of a pair, an export's format.
//! clap refuses any other word and names the possible ones; every spelling
//! taken before clap parsed these is kept, the odd ones as aliases, and
//! case does not matter (each argument has `ignore_case`).

use clap::ValueEnum;
use clap::builder::PossibleValue;

use crate::domain::{Direction, Kind, Owner, Response, Role};
use crate::export::Format;

/// An entry `candor edit` and `candor delete` take: one of [`Kind::ENTRIES`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EntryArg {
    #[value(alias = "meetings")]
    Meeting,
    Feedback,
    #[value(alias = "notes")]
    Note,
    #[value(aliases = ["actions", "action_item", "action_items"])]
    Action,
    #[value(alias = "strengths")]
    Strength,
    #[value(alias = "experiences")]
    Experience,
    #[value(alias = "goals")]
    Goal,
    #[value(aliases = ["checkins", "check-in", "check-ins"])]
    Checkin,
}

impl EntryArg {
    /// The kind of entry it names.
    pub fn kind(self) -> Kind {
        match self {
            Self::Meeting => Kind::Meeting,
            Self::Feedback => Kind::Feedback,
            Self::Note => Kind::Note,
            Self::Action => Kind::Action,
            Self::Strength => Kind::Strength,
            Self::Experience => Kind::Experience,
            Self::Goal => Kind::Goal,
            Self::Checkin => Kind::Checkin,
        }
    }
}

/// What `candor search --kind` takes: the kinds the search index holds,
/// by the words search has always called them (`checklist` for a
/// checklist item).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SearchArg {
    #[value(alias = "meetings")]
    Meeting,
    Feedback,
    #[value(alias = "notes")]
    Note,
    #[value(aliases = ["actions", "action_item"])]
    Action,
    #[value(alias = "strengths")]
    Strength,
    #[value(alias = "experiences")]
    Experience,
    #[value(aliases = ["checklist_item", "item"])]
    Checklist,
    #[value(alias = "pairs")]
    Pair,
}

impl SearchArg {
    /// The kind it names.
    pub fn kind(self) -> Kind {
        match self {
            Self::Meeting => Kind::Meeting,
            Self::Feedback => Kind::Feedback,
            Self::Note => Kind::Note,
            Self::Action => Kind::Action,
            Self::Strength => Kind::Strength,
            Self::Experience => Kind::Experience,
            Self::Checklist => Kind::ChecklistItem,
            Self::Pair => Kind::Pair,
        }
    }
}

/// What `candor list PAIR WHAT` lists, by the plural.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListArg {
    #[value(alias = "meeting")]
    Meetings,
    Feedback,
    #[value(alias = "note")]
    Notes,
    #[value(alias = "action")]
    Actions,
    #[value(alias = "goal")]
    Goals,
    #[value(aliases = ["checkin", "check-ins", "check-in"])]
    Checkins,
    #[value(alias = "strength")]
    Strengths,
    #[value(alias = "experience")]
    Experiences,
}

impl ListArg {
    /// Its word, as the list's name: "actions".
    pub fn word(self) -> &'static str {
        match self {
            Self::Meetings => "meetings",
            Self::Feedback => "feedback",
            Self::Notes => "notes",
            Self::Actions => "actions",
            Self::Goals => "goals",
            Self::Checkins => "checkins",
            Self::Strengths => "strengths",
            Self::Experiences => "experiences",
        }
    }

    /// The kind of entry it lists.
    pub fn kind(self) -> Kind {
        match self {
            Self::Meetings => Kind::Meeting,
            Self::Feedback => Kind::Feedback,
            Self::Notes => Kind::Note,
            Self::Actions => Kind::Action,
            Self::Goals => Kind::Goal,
            Self::Checkins => Kind::Checkin,
            Self::Strengths => Kind::Strength,
            Self::Experiences => Kind::Experience,
        }
    }
}

/// `--owner`: the word each owner is stored by.
impl ValueEnum for Owner {
    fn value_variants<'a>() -> &'a [Self] {
        &[Self::Mentor, Self::Mentee, Self::Both]
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.as_str()))
    }
}

/// `--whose` and `--role`: mentor or mentee.
impl ValueEnum for Role {
    fn value_variants<'a>() -> &'a [Self] {
        &[Self::Mentor, Self::Mentee]
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.as_str()))
    }
}

/// `feedback add --to`: the person it is for; the stored words
/// (`to_mentor`, `to_mentee`) are taken too.
impl ValueEnum for Direction {
    fn value_variants<'a>() -> &'a [Self] {
        &[Self::ToMentor, Self::ToMentee]
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(match self {
            Self::ToMentor => PossibleValue::new("mentor").alias("to_mentor"),
            Self::ToMentee => PossibleValue::new("mentee").alias("to_mentee"),
        })
    }
}

/// `feedback add --response`: as `--help` has always spelled them, with
/// the stored `pushed_back` and the older `not-yet` for pending.
impl ValueEnum for Response {
    fn value_variants<'a>() -> &'a [Self] {
        &[
            Self::Accepted,
            Self::Discussed,
            Self::PushedBack,
            Self::Pending,
        ]
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(match self {
            Self::Accepted => PossibleValue::new("accepted"),
            Self::Discussed => PossibleValue::new("discussed"),
            Self::PushedBack => PossibleValue::new("pushed-back").alias("pushed_back"),
            Self::Pending => PossibleValue::new("pending").aliases(["not-yet", "not_yet"]),
        })
    }
}

/// `export --format`: md (or markdown) to read, json to import elsewhere.
impl ValueEnum for Format {
    fn value_variants<'a>() -> &'a [Self] {
        &[Self::Markdown, Self::Json]
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(match self {
            Self::Markdown => PossibleValue::new("md").alias("markdown"),
            Self::Json => PossibleValue::new("json"),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every word `value` takes, in any case.
    fn takes<T: ValueEnum + PartialEq + std::fmt::Debug>(words: &[&str], value: T) {
        for w in words {
            for w in [w.to_string(), w.to_uppercase()] {
                assert_eq!(T::from_str(&w, true).ok(), Some(value.clone()), "{w}");
            }
        }
    }

    #[test]
    fn every_kind_word_taken_before_is_taken() {
        use EntryArg as E;
        takes(&["meeting", "meetings"], E::Meeting);
        takes(&["feedback"], E::Feedback);
        takes(&["note", "notes"], E::Note);
        takes(
            &["action", "actions", "action_item", "action_items"],
            E::Action,
        );
        takes(&["strength", "strengths"], E::Strength);
        takes(&["experience", "experiences"], E::Experience);
        takes(&["goal", "goals"], E::Goal);
        takes(
            &["checkin", "checkins", "check-in", "check-ins"],
            E::Checkin,
        );
        assert!(E::from_str("feedbacks", true).is_err());

        use SearchArg as S;
        takes(&["pair", "pairs"], S::Pair);
        takes(&["checklist", "checklist_item", "item"], S::Checklist);
        takes(&["action", "actions", "action_item"], S::Action);
        assert!(S::from_str("goal", true).is_err());

        use ListArg as L;
        takes(&["meetings", "meeting"], L::Meetings);
        takes(&["actions", "action"], L::Actions);
        takes(&["strengths", "strength"], L::Strengths);
        takes(&["experiences", "experience"], L::Experiences);
        takes(
            &["checkins", "checkin", "check-ins", "check-in"],
            L::Checkins,
        );
    }

    #[test]
    fn every_choice_word_taken_before_is_taken() {
        takes(&["both"], Owner::Both);
        takes(&["mentor"], Role::Mentor);
        takes(&["mentor", "to_mentor"], Direction::ToMentor);
        takes(&["mentee", "to_mentee"], Direction::ToMentee);
        takes(&["pushed-back", "pushed_back"], Response::PushedBack);
        takes(&["pending", "not-yet", "not_yet"], Response::Pending);
        takes(&["md", "markdown"], Format::Markdown);
        takes(&["json"], Format::Json);
    }

    #[test]
    fn each_kind_argument_names_the_kind_it_means() {
        for e in EntryArg::value_variants() {
            let name = e.to_possible_value().expect("shown").get_name().to_owned();
            assert_eq!(e.kind().as_str(), name);
            assert!(e.kind().is_entry());
        }
        for s in SearchArg::value_variants() {
            let name = s.to_possible_value().expect("shown").get_name().to_owned();
            assert_eq!(crate::store::hit_word(s.kind()), name);
        }
        for l in ListArg::value_variants() {
            let name = l.to_possible_value().expect("shown").get_name().to_owned();
            assert_eq!(l.word(), name);
            assert!(l.kind().is_entry());
        }
    }
}
