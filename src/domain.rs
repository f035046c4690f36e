//! Plain types of the journal and their validation; no I/O here. One file a
//! kind of thing, each re-exported here, so `domain::Pair` names them all.

macro_rules! word_enum {
    ($(#[$meta:meta])* $name:ident, $what:literal, $allowed:literal, { $($(#[$vmeta:meta])* $variant:ident = $word:literal $(| $alias:literal)*),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $word)] $variant),+
        }

        impl $name {
            /// The word stored in the database and used in JSON.
            pub fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $word),+ }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = Invalid;
            fn from_str(s: &str) -> Result<Self, Invalid> {
                match s.trim().to_ascii_lowercase().as_str() {
                    $($word $(| $alias)* => Ok(Self::$variant),)+
                    _ => Err(Invalid::Choice { what: $what, got: s.to_owned(), allowed: $allowed }),
                }
            }
        }
    };
}

mod actions;
mod checkins;
mod closing;
mod due;
mod feedback;
mod first_meeting;
mod goals;
mod kind;
mod meetings;
mod next_steps;
mod notes;
mod pairs;
mod sealing;
mod validation;

pub use actions::*;
pub use checkins::*;
pub use closing::*;
pub use due::*;
pub use feedback::*;
pub use first_meeting::*;
pub use goals::*;
pub use kind::*;
pub use meetings::*;
pub use next_steps::*;
pub use notes::*;
pub use pairs::*;
pub use sealing::*;
pub use validation::*;

#[cfg(test)]
mod tests {
    #[test]
    fn a_word_that_is_not_a_choice_is_named_with_its_article() {
        // Once "'boss' is not a owner".
        let err = "boss"
            .parse::<crate::domain::Owner>()
            .expect_err("not an owner");
        assert_eq!(
            err.to_string(),
            "'boss' is not an owner; use one of: mentor, mentee, both"
        );
        let err = "boss"
            .parse::<crate::domain::Role>()
            .expect_err("not a role");
        assert!(
            err.to_string().starts_with("'boss' is not a role;"),
            "{err}"
        );
    }
}
