//! The rules a value the user gives must follow, and [`Invalid`], what
//! says which one it broke: texts, names, dates and times, the cadence, a
//! new passphrase.

use chrono::{DateTime, NaiveDate, Utc};

/// A value the user gave that the journal cannot take.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Invalid {
    /// A required text was empty or only whitespace.
    #[error("{0} must not be empty")]
    Empty(&'static str),
    /// A date was not `YYYY-MM-DD`.
    #[error("'{0}' is not a date; use YYYY-MM-DD, for example 2026-10-02")]
    Date(String),
    /// A time was not `YYYY-MM-DD HH:MM` or RFC 3339.
    #[error("'{0}' is not a time; use YYYY-MM-DD HH:MM (local time), YYYY-MM-DD, or RFC 3339")]
    DateTime(String),
    /// A number was out of range.
    #[error("{what} must be between {min} and {max}, not {got}")]
    Range {
        /// What the number is.
        what: &'static str,
        /// The smallest allowed value.
        min: i64,
        /// The largest allowed value.
        max: i64,
        /// What was given.
        got: i64,
    },
    /// A word was not one of the allowed ones.
    #[error("'{got}' is not {what}; use one of: {allowed}")]
    Choice {
        /// What the word names, with its article: "an owner".
        what: &'static str,
        /// What was given.
        got: String,
        /// The allowed words, comma-separated.
        allowed: &'static str,
    },
    /// A text held a NUL character, which SQLite's text functions stop at.
    #[error("{0} must not contain a NUL character")]
    Nul(&'static str),
    /// A text was longer than the journal stores.
    #[error("{what} is {got} bytes; the most the journal stores is {max} bytes")]
    TooLong {
        /// What the text is.
        what: &'static str,
        /// Its length in bytes.
        got: usize,
        /// The limit in bytes.
        max: usize,
    },
    /// Something that must be unique came twice, such as a checklist key in one pair.
    #[error("{what} '{got}' comes twice")]
    Twice {
        /// What it is.
        what: &'static str,
        /// The value.
        got: String,
    },
    /// A day given for the next meeting has no time left to meet in.
    #[error("{0} has gone by; the next meeting is planned for today or a day to come")]
    PastDay(NaiveDate),
    /// A new passphrase was shorter than [`MIN_PASSPHRASE_CHARS`].
    #[error("a passphrase needs at least {MIN_PASSPHRASE_CHARS} characters; this one has fewer")]
    ShortPassphrase,
}

/// Longest text stored in one field (10 MB).
pub const MAX_TEXT_BYTES: usize = 10 * 1024 * 1024;

/// Longest name of a person.
pub const MAX_NAME_CHARS: usize = 200;

/// The fewest characters a new passphrase may have.
pub const MIN_PASSPHRASE_CHARS: usize = 8;

/// Refuses a new passphrase of fewer than [`MIN_PASSPHRASE_CHARS`]
/// characters (counted as `char`s, so "naïve" is five). Spaces count: a
/// passphrase is taken exactly as typed.
pub fn new_passphrase(p: &str) -> Result<(), Invalid> {
    if p.chars().count() < MIN_PASSPHRASE_CHARS {
        return Err(Invalid::ShortPassphrase);
    }
    Ok(())
}

/// Trims `s` and refuses it if nothing is left, it holds a NUL, or it is too long.
pub fn required_text(what: &'static str, s: &str) -> Result<String, Invalid> {
    let t = s.trim();
    if t.is_empty() {
        return Err(Invalid::Empty(what));
    }
    if t.contains('\0') {
        return Err(Invalid::Nul(what));
    }
    bounded_text(what, t)
}

/// Trims `s`, which may be empty, and refuses it if it holds a NUL or is too long.
pub fn optional_text(what: &'static str, s: &str) -> Result<String, Invalid> {
    let t = s.trim();
    if t.contains('\0') {
        return Err(Invalid::Nul(what));
    }
    bounded_text(what, t)
}

/// Refuses a text over [`MAX_TEXT_BYTES`]; keeps it exactly otherwise.
pub fn bounded_text(what: &'static str, s: &str) -> Result<String, Invalid> {
    if s.len() > MAX_TEXT_BYTES {
        return Err(Invalid::TooLong {
            what,
            got: s.len(),
            max: MAX_TEXT_BYTES,
        });
    }
    Ok(s.to_owned())
}

/// A person's name: trimmed, not empty, at most [`MAX_NAME_CHARS`] characters.
pub fn person_name(what: &'static str, s: &str) -> Result<String, Invalid> {
    let t = required_text(what, s)?;
    let n = t.chars().count();
    if n > MAX_NAME_CHARS {
        return Err(Invalid::Range {
            what: "a name's length in characters",
            min: 1,
            max: MAX_NAME_CHARS as i64,
            got: n as i64,
        });
    }
    Ok(t)
}

/// Parses a `YYYY-MM-DD` date.
pub fn parse_date(s: &str) -> Result<NaiveDate, Invalid> {
    let t = s.trim();
    let well_formed = t.len() == 10
        && t.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if !well_formed {
        return Err(Invalid::Date(s.to_owned()));
    }
    NaiveDate::parse_from_str(t, "%Y-%m-%d").map_err(|_| Invalid::Date(s.to_owned()))
}

/// Parses `YYYY-MM-DD HH:MM` in local time, `YYYY-MM-DD` (local midnight), or RFC 3339.
pub fn parse_datetime(s: &str, clock: &dyn crate::clock::Clock) -> Result<DateTime<Utc>, Invalid> {
    let t = s.trim();
    if let Ok(at) = DateTime::parse_from_rfc3339(t) {
        return Ok(at.with_timezone(&Utc));
    }
    let local = chrono::NaiveDateTime::parse_from_str(t, "%Y-%m-%d %H:%M")
        .ok()
        .or_else(|| parse_date(t).ok().and_then(|d| d.and_hms_opt(0, 0, 0)));
    local
        .and_then(|l| clock.utc_of_local(l))
        .ok_or_else(|| Invalid::DateTime(s.to_owned()))
}

/// Longest agreed time between meetings, in days.
pub const MAX_CADENCE_DAYS: u32 = 366;

/// Checks a cadence in days (1–366).
pub fn cadence(days: i64) -> Result<u32, Invalid> {
    if (1..=i64::from(MAX_CADENCE_DAYS)).contains(&days) {
        Ok(days as u32)
    } else {
        Err(Invalid::Range {
            what: "the cadence in days",
            min: 1,
            max: i64::from(MAX_CADENCE_DAYS),
            got: days,
        })
    }
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
    fn dates_must_be_iso() {
        assert!(parse_date("2026-10-02").is_ok());
        for bad in ["02/10/2026", "2026-1-2", "2026-02-30", "", "2026-10-02x"] {
            assert_eq!(parse_date(bad), Err(Invalid::Date(bad.to_owned())));
        }
    }

    #[test]
    fn names_are_trimmed_and_required() {
        assert_eq!(person_name("name", "  Ben  ").as_deref(), Ok("Ben"));
        assert_eq!(person_name("name", " \t\n "), Err(Invalid::Empty("name")));
    }
}
