//! What a document claims about itself, checked part by part as it is
//! read: every uid used once, private entries only in a file that says it
//! has them, no time later than the importer's clock allows.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::document::CLOCK_SLACK;
use super::import_error::ImportError;
use crate::domain::Invalid;

/// Which part of a document something is, named as a person reads it.
#[derive(Debug, Clone, Copy)]
pub(super) enum Part {
    Pair(usize),
    /// The `index`-th (0-based) entry of a list of pair `pair` (0-based).
    Entry {
        noun: &'static str,
        index: usize,
        pair: usize,
    },
    Progress {
        index: usize,
        goal: usize,
        pair: usize,
    },
    Deletion(usize),
}

impl Part {
    pub(super) fn describe(self) -> String {
        match self {
            Self::Pair(n) => format!("pair {}", n + 1),
            Self::Entry { noun, index, pair } => {
                format!("{noun} {} of pair {}", index + 1, pair + 1)
            }
            Self::Progress { index, goal, pair } => format!(
                "progress {} of goal {} of pair {}",
                index + 1,
                goal + 1,
                pair + 1
            ),
            Self::Deletion(n) => format!("deletion {}", n + 1),
        }
    }
}

/// What the parts of a document claim, checked one part at a time as a
/// stream reads them: the uids seen so far, and whether the file says it
/// includes private entries (it may say so after the first one).
pub(super) struct Claims<'f> {
    file: &'f str,
    now: DateTime<Utc>,
    /// Each uid seen, and where (as its 128 bits: 16 bytes a uid).
    seen: HashMap<u128, Part>,
    includes_private: Option<bool>,
    /// The first private part, while the file has not said yet.
    pending_private: Option<(Part, String)>,
}

impl<'f> Claims<'f> {
    pub(super) fn new(file: &'f str, now: DateTime<Utc>) -> Self {
        Self {
            file,
            now,
            seen: HashMap::new(),
            includes_private: None,
            pending_private: None,
        }
    }

    fn stamp(t: DateTime<Utc>) -> String {
        t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
    }

    fn future(&self, what: String, event: &'static str, at: DateTime<Utc>) -> ImportError {
        ImportError::Future {
            file: self.file.to_owned(),
            what,
            event,
            at: Self::stamp(at),
            now: Self::stamp(self.now),
        }
    }

    /// When the file says it was written: no later than the clock allows.
    pub(super) fn exported(&self, at: DateTime<Utc>) -> Result<(), ImportError> {
        if at > self.now + CLOCK_SLACK {
            return Err(self.future("the file".into(), "exported", at));
        }
        Ok(())
    }

    /// What the file says of private entries; a private one seen before
    /// contradicts a no.
    pub(super) fn includes_private(&mut self, yes: bool) -> Result<(), ImportError> {
        self.includes_private = Some(yes);
        match self.pending_private.take() {
            Some((part, uid)) if !yes => Err(self.private(part, uid)),
            _ => Ok(()),
        }
    }

    fn private(&self, part: Part, uid: String) -> ImportError {
        ImportError::Private {
            file: self.file.to_owned(),
            what: part.describe(),
            uid,
        }
    }

    /// Checks one part: a private one only in a file that includes them,
    /// a uid used once, no time more than [`CLOCK_SLACK`] after now.
    pub(super) fn claim(
        &mut self,
        part: Part,
        uid: &str,
        private: bool,
        times: [(&'static str, Option<DateTime<Utc>>); 2],
    ) -> Result<(), ImportError> {
        if private {
            match self.includes_private {
                Some(false) => return Err(self.private(part, uid.to_owned())),
                None if self.pending_private.is_none() => {
                    self.pending_private = Some((part, uid.to_owned()));
                }
                _ => {}
            }
        }
        // A uid not in the usual form is refused by the entry's own check.
        if let Some(key) = canonical(uid)
            && let Some(first) = self.seen.insert(key, part)
        {
            return Err(ImportError::Twice {
                file: self.file.to_owned(),
                uid: uid.to_owned(),
                first: first.describe(),
                second: part.describe(),
            });
        }
        let latest = self.now + CLOCK_SLACK;
        for (event, at) in times {
            if let Some(at) = at.filter(|at| *at > latest) {
                return Err(self.future(format!("{} (uid {uid})", part.describe()), event, at));
            }
        }
        Ok(())
    }

    /// At the end of the document: a private entry in a file that never
    /// said it includes them.
    pub(super) fn finish(&mut self) -> Result<(), ImportError> {
        match (self.includes_private, self.pending_private.take()) {
            (Some(true), _) | (_, None) => Ok(()),
            (_, Some((part, uid))) => Err(self.private(part, uid)),
        }
    }
}

/// A uid in its usual text form, as its 128 bits.
fn canonical(uid: &str) -> Option<u128> {
    let u = uuid::Uuid::parse_str(uid).ok()?;
    let mut buf = [0u8; uuid::fmt::Hyphenated::LENGTH];
    (u.hyphenated().encode_lower(&mut buf) == uid).then(|| u.as_u128())
}

/// The times an entry claims: created and updated.
pub(super) fn timed(
    created: DateTime<Utc>,
    updated: DateTime<Utc>,
) -> [(&'static str, Option<DateTime<Utc>>); 2] {
    [("created", Some(created)), ("updated", Some(updated))]
}

/// A uid is a UUID in its usual text form.
pub(super) fn check_uid(uid: &str) -> Result<(), Invalid> {
    match uuid::Uuid::parse_str(uid) {
        Ok(u) if u.hyphenated().to_string() == uid => Ok(()),
        _ => Err(Invalid::Choice {
            what: "a uid",
            got: uid.to_owned(),
            allowed: "a UUID such as 67e55044-10b1-426f-9247-bb680e5fe0c8",
        }),
    }
}
