//! Closing a relationship: the reflection both people write at the end —
//! what worked, what each takes forward, whether to stay in touch — kept as
//! a shared note of the pair tagged [`CLOSING_TAG`], so it is searched,
//! exported and merged like any other entry.

/// The tag of the note holding a pair's closing reflection.
pub const CLOSING_TAG: &str = "closing";

/// Whether the two mean to stay in touch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StayInTouch {
    /// Not said.
    Undecided,
    /// Yes.
    Yes,
    /// No.
    No,
}

/// What a closing reflection says, as a form takes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reflection {
    /// What worked in the relationship.
    pub worked: String,
    /// What the mentor takes forward.
    pub mentor_takes: String,
    /// What the mentee takes forward.
    pub mentee_takes: String,
    /// Whether they stay in touch.
    pub stay_in_touch: StayInTouch,
}

impl Reflection {
    /// Whether nothing was written or chosen.
    pub fn is_empty(&self) -> bool {
        [&self.worked, &self.mentor_takes, &self.mentee_takes]
            .iter()
            .all(|t| t.trim().is_empty())
            && self.stay_in_touch == StayInTouch::Undecided
    }

    /// The note's text: a heading per part that was written, naming the
    /// mentor and the mentee.
    pub fn text(&self, mentor: &str, mentee: &str) -> String {
        let mut parts = Vec::new();
        for (heading, text) in [
            ("What worked".to_owned(), &self.worked),
            (
                format!("What {} takes forward", mentor.trim()),
                &self.mentor_takes,
            ),
            (
                format!("What {} takes forward", mentee.trim()),
                &self.mentee_takes,
            ),
        ] {
            if !text.trim().is_empty() {
                parts.push(format!("{heading}:\n{}", text.trim()));
            }
        }
        match self.stay_in_touch {
            StayInTouch::Yes => parts.push("Staying in touch: yes".into()),
            StayInTouch::No => parts.push("Staying in touch: no".into()),
            StayInTouch::Undecided => {}
        }
        format!("Closing reflection\n\n{}", parts.join("\n\n"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reflection_keeps_only_what_was_written() {
        let r = Reflection {
            worked: "Starting from strengths".into(),
            mentor_takes: String::new(),
            mentee_takes: "  Ask before assuming  ".into(),
            stay_in_touch: StayInTouch::Yes,
        };
        assert_eq!(
            r.text("Ana Ruiz", "Ben Okafor"),
            "Closing reflection\n\nWhat worked:\nStarting from strengths\n\n\
             What Ben Okafor takes forward:\nAsk before assuming\n\nStaying in touch: yes"
        );
        assert!(!r.is_empty());
        let empty = Reflection {
            worked: " ".into(),
            mentor_takes: String::new(),
            mentee_takes: String::new(),
            stay_in_touch: StayInTouch::Undecided,
        };
        assert!(empty.is_empty());
    }
}
