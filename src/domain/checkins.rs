//! Trust check-ins: private and periodic.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::validation::Invalid;

/// A private, periodic check-in: how much trust one feels, what helped, what got in the way.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckIn {
    /// Row id.
    pub id: i64,
    /// Stable id.
    pub uid: String,
    /// The pair it belongs to.
    pub pair_id: i64,
    /// Trust felt, 1–5; `None` while it is sealed and locked.
    pub trust: Option<u8>,
    /// What helped.
    pub helped: String,
    /// What got in the way.
    pub in_the_way: String,
    /// Anything else.
    pub note: String,
    /// When it was made.
    pub checked_at: DateTime<Utc>,
    /// Whether it is stored sealed under the passphrase.
    pub sealed: bool,
    /// Sealed and not opened (the journal is locked).
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
    pub sealed_bytes: Option<super::SealedText>,
}

impl CheckIn {
    /// Overwrites the opened texts in memory, so locking leaves no copy behind.
    pub fn wipe(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.helped);
        zeroize::Zeroize::zeroize(&mut self.in_the_way);
        zeroize::Zeroize::zeroize(&mut self.note);
        self.trust = None;
    }
}

/// A trust level, 1 (little) to 5 (complete).
pub fn trust_level(n: i64) -> Result<u8, Invalid> {
    match u8::try_from(n) {
        Ok(t @ 1..=5) => Ok(t),
        _ => Err(Invalid::Range {
            what: "trust",
            min: 1,
            max: 5,
            got: n,
        }),
    }
}

/// A trust level as a person types it: a whole number from 1 to 5.
pub fn parse_trust(s: &str) -> Result<u8, Invalid> {
    let n = s.trim().parse::<i64>().map_err(|_| Invalid::Choice {
        what: "a trust",
        got: s.to_owned(),
        allowed: "a whole number from 1 to 5",
    })?;
    trust_level(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trust_keeps_to_its_range() {
        assert_eq!(trust_level(1), Ok(1));
        assert_eq!(trust_level(5), Ok(5));
        assert!(trust_level(0).is_err());
        assert!(trust_level(6).is_err());
        assert!(trust_level(-300).is_err());
    }

    #[test]
    fn typed_trust_is_a_whole_number() {
        assert_eq!(parse_trust(" 4 "), Ok(4));
        assert!(
            parse_trust("4%").is_err(),
            "a trust level is not a percentage"
        );
        assert!(parse_trust("4.5").is_err());
    }
}
