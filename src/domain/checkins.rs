//! Trust check-ins: private and periodic.

use chrono::{DateTime, Utc};
use serde::{Serialize, Serializer};
use zeroize::Zeroize;

use super::sealing::{Readable, SealedText, Sealing};
use super::validation::Invalid;

/// What a check-in says: the trust level and the texts, sealed together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckInText {
    /// Trust felt, 1–5.
    pub trust: u8,
    /// What helped.
    pub helped: String,
    /// What got in the way.
    pub in_the_way: String,
    /// Anything else.
    pub note: String,
}

impl Zeroize for CheckInText {
    fn zeroize(&mut self) {
        self.trust.zeroize();
        self.helped.zeroize();
        self.in_the_way.zeroize();
        self.note.zeroize();
    }
}

/// A private, periodic check-in: how much trust one feels, what helped,
/// what got in the way. Only its time is ever stored in clear once a
/// passphrase is set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckIn {
    /// Row id.
    pub id: i64,
    /// Stable id.
    pub uid: String,
    /// The pair it belongs to.
    pub pair_id: i64,
    /// When it was made.
    pub checked_at: DateTime<Utc>,
    /// What it says, and whether it can be read now.
    pub content: Sealing<CheckInText>,
    /// When the row was created.
    pub created_at: DateTime<Utc>,
    /// When the row last changed.
    pub updated_at: DateTime<Utc>,
    /// Bumped on every change.
    pub version: i64,
}

impl CheckIn {
    /// What it says as it can be read now.
    pub fn readable(&self) -> Readable<'_, CheckInText> {
        self.content.readable()
    }

    /// What it says, if it can be read now (`None` when sealed and locked,
    /// or damaged).
    pub fn text(&self) -> Option<&CheckInText> {
        self.content.text()
    }

    /// Whether it is stored sealed under the passphrase.
    pub fn is_sealed(&self) -> bool {
        self.content.is_sealed()
    }

    /// Whether it is sealed and not opened (the journal is locked).
    pub fn is_locked(&self) -> bool {
        self.content.is_locked()
    }

    /// Whether it is sealed but damaged or moved: it cannot be opened even unlocked.
    pub fn is_damaged(&self) -> bool {
        self.content.is_damaged()
    }

    /// The sealed text as stored, kept so an undo puts it back unchanged.
    pub fn sealed_text(&self) -> Option<&SealedText> {
        self.content.sealed()
    }

    /// Overwrites the opened texts in memory, so locking leaves no copy
    /// behind (an opened check-in is locked again).
    pub fn wipe(&mut self) {
        self.content.wipe();
    }
}

/// As `candor list PAIR checkins --json` writes it: one flat object, whose
/// `trust` is null and texts empty when it cannot be read (`locked` or
/// `damaged` says why). The sealed bytes are never written.
impl Serialize for CheckIn {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Listed<'a> {
            id: i64,
            uid: &'a str,
            pair_id: i64,
            trust: Option<u8>,
            helped: &'a str,
            in_the_way: &'a str,
            note: &'a str,
            checked_at: DateTime<Utc>,
            sealed: bool,
            locked: bool,
            damaged: bool,
            created_at: DateTime<Utc>,
            updated_at: DateTime<Utc>,
            version: i64,
        }
        let text = self.text();
        Listed {
            id: self.id,
            uid: &self.uid,
            pair_id: self.pair_id,
            trust: text.map(|t| t.trust),
            helped: text.map_or("", |t| &t.helped),
            in_the_way: text.map_or("", |t| &t.in_the_way),
            note: text.map_or("", |t| &t.note),
            checked_at: self.checked_at,
            sealed: self.is_sealed(),
            locked: self.is_locked(),
            damaged: self.is_damaged(),
            created_at: self.created_at,
            updated_at: self.updated_at,
            version: self.version,
        }
        .serialize(serializer)
    }
}

/// Trust felt over a pair's latest check-ins, as far as they can be read
/// now: the levels of the readable ones only, and how many could not be.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustTrend {
    /// The readable levels, oldest first.
    pub levels: Vec<u8>,
    /// How many check-ins the pair holds in all.
    pub count: usize,
    /// Of those looked at, how many are sealed and the journal locked.
    pub locked: usize,
    /// Of those looked at, how many are damaged and cannot be opened.
    pub damaged: usize,
    /// When the latest was made, readable or not.
    pub latest_at: Option<DateTime<Utc>>,
}

impl TrustTrend {
    /// The trend of `checkins` (the latest few, oldest first) out of `count`.
    pub fn new(checkins: &[CheckIn], count: usize) -> Self {
        Self {
            levels: checkins
                .iter()
                .filter_map(|c| c.text().map(|t| t.trust))
                .collect(),
            count,
            locked: checkins.iter().filter(|c| c.is_locked()).count(),
            damaged: checkins.iter().filter(|c| c.is_damaged()).count(),
            latest_at: checkins.last().map(|c| c.checked_at),
        }
    }
}

impl Zeroize for TrustTrend {
    fn zeroize(&mut self) {
        self.levels.zeroize();
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

    fn checkin(content: Sealing<CheckInText>) -> CheckIn {
        let t = DateTime::<Utc>::UNIX_EPOCH;
        CheckIn {
            id: 2,
            uid: "c".into(),
            pair_id: 1,
            checked_at: t,
            content,
            created_at: t,
            updated_at: t,
            version: 1,
        }
    }

    fn sealed() -> SealedText {
        SealedText {
            bytes: vec![7; 40],
            binding: 2,
            pair_uid: Some("p".into()),
            old_binding_accepted: false,
        }
    }

    fn said() -> CheckInText {
        CheckInText {
            trust: 4,
            helped: "an honest talk".into(),
            in_the_way: String::new(),
            note: "more of it".into(),
        }
    }

    #[test]
    fn a_locked_or_damaged_check_in_has_no_trust_level_or_texts_to_read() {
        for (c, readable) in [
            (checkin(Sealing::Locked(sealed())), Readable::Locked),
            (checkin(Sealing::Damaged(sealed())), Readable::Damaged),
        ] {
            assert_eq!(c.readable(), readable);
            assert_eq!(c.text(), None);
            assert!(c.is_sealed() && c.sealed_text().is_some());
        }
        let clear = checkin(Sealing::Clear(said()));
        assert_eq!(clear.text().map(|t| t.trust), Some(4));
        assert!(!clear.is_sealed() && clear.sealed_text().is_none());
    }

    #[test]
    fn its_json_is_the_flat_object_candor_list_has_always_written() {
        let locked = serde_json::to_string(&checkin(Sealing::Locked(sealed()))).expect("JSON");
        assert_eq!(
            locked,
            r#"{"id":2,"uid":"c","pair_id":1,"trust":null,"helped":"","in_the_way":"","note":"","checked_at":"1970-01-01T00:00:00Z","sealed":true,"locked":true,"damaged":false,"created_at":"1970-01-01T00:00:00Z","updated_at":"1970-01-01T00:00:00Z","version":1}"#
        );
        let damaged = serde_json::to_value(checkin(Sealing::Damaged(sealed()))).expect("JSON");
        assert_eq!(damaged["trust"], serde_json::Value::Null);
        assert_eq!(
            (&damaged["locked"], &damaged["damaged"]),
            (&false.into(), &true.into())
        );
        let opened = serde_json::to_value(checkin(Sealing::Opened {
            text: said(),
            sealed: sealed(),
        }))
        .expect("JSON");
        assert_eq!(opened["trust"], 4);
        assert_eq!(opened["helped"], "an honest talk");
        assert_eq!(
            (&opened["sealed"], &opened["locked"]),
            (&true.into(), &false.into())
        );
    }

    #[test]
    fn wiping_an_opened_check_in_locks_it_again() {
        let mut c = checkin(Sealing::Opened {
            text: said(),
            sealed: sealed(),
        });
        c.wipe();
        assert_eq!(c.content, Sealing::Locked(sealed()));
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
