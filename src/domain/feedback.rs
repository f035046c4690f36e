//! Feedback given in either direction, and how it was received.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::validation::Invalid;

word_enum!(
    /// Who the feedback is for.
    Direction, "a direction", "mentor, mentee", {
        /// The mentee gives feedback to the mentor.
        ToMentor = "to_mentor" | "mentor",
        /// The mentor gives feedback to the mentee.
        ToMentee = "to_mentee" | "mentee",
    }
);

word_enum!(
    /// How feedback was received.
    Response, "a response", "accepted, discussed, pushed-back, pending", {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn responses_accept_the_cli_spelling() {
        assert_eq!("pushed-back".parse::<Response>(), Ok(Response::PushedBack));
        assert_eq!(Response::PushedBack.as_str(), "pushed_back");
        assert_eq!("mentor".parse::<Direction>(), Ok(Direction::ToMentor));
    }
}
