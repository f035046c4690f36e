//! What a document claims about itself, checked before its entries: every
//! uid well formed and used once, private entries only in a file that says
//! it has them, no time later than the importer's clock allows.

use chrono::{DateTime, Utc};

use super::document::{CLOCK_SLACK, Document};
use super::import_error::ImportError;
use crate::domain::Invalid;

/// Which part of a document something is, named as a person reads it.
#[derive(Debug, Clone, Copy)]
enum Part {
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
    fn describe(self) -> String {
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

/// One uid-bearing part of a document and what it claims.
struct Claim<'a> {
    part: Part,
    uid: &'a str,
    private: bool,
    times: [(&'static str, Option<DateTime<Utc>>); 2],
}

/// Every uid-bearing part of `doc`, in document order.
fn claims(doc: &Document) -> Vec<Claim<'_>> {
    let mut out = Vec::new();
    let timed = |c: DateTime<Utc>, u: DateTime<Utc>| [("created", Some(c)), ("updated", Some(u))];
    for (pair, p) in doc.pairs.iter().enumerate() {
        out.push(Claim {
            part: Part::Pair(pair),
            uid: &p.uid,
            private: false,
            times: timed(p.created_at, p.updated_at),
        });
        let mut entry = |noun, index, uid, private, times| {
            out.push(Claim {
                part: Part::Entry { noun, index, pair },
                uid,
                private,
                times,
            });
        };
        for (i, e) in p.checklist.iter().enumerate() {
            entry(
                "checklist item",
                i,
                &e.uid,
                false,
                timed(e.created_at, e.updated_at),
            );
        }
        for (i, e) in p.strengths.iter().enumerate() {
            entry(
                "strength",
                i,
                &e.uid,
                false,
                timed(e.created_at, e.updated_at),
            );
        }
        for (i, e) in p.experiences.iter().enumerate() {
            entry(
                "experience",
                i,
                &e.uid,
                false,
                timed(e.created_at, e.updated_at),
            );
        }
        for (i, e) in p.meetings.iter().enumerate() {
            entry(
                "meeting",
                i,
                &e.uid,
                false,
                timed(e.created_at, e.updated_at),
            );
        }
        for (i, e) in p.feedback.iter().enumerate() {
            entry(
                "feedback",
                i,
                &e.uid,
                false,
                timed(e.created_at, e.updated_at),
            );
        }
        for (i, e) in p.notes.iter().enumerate() {
            entry(
                "note",
                i,
                &e.uid,
                e.private,
                timed(e.created_at, e.updated_at),
            );
        }
        for (i, e) in p.actions.iter().enumerate() {
            entry(
                "action item",
                i,
                &e.uid,
                false,
                timed(e.created_at, e.updated_at),
            );
        }
        for (i, e) in p.goals.iter().enumerate() {
            entry("goal", i, &e.uid, false, timed(e.created_at, e.updated_at));
        }
        for (i, e) in p.checkins.iter().enumerate() {
            entry(
                "check-in",
                i,
                &e.uid,
                true,
                timed(e.created_at, e.updated_at),
            );
        }
        for (goal, g) in p.goals.iter().enumerate() {
            for (index, pr) in g.progress.iter().enumerate() {
                out.push(Claim {
                    part: Part::Progress { index, goal, pair },
                    uid: &pr.uid,
                    private: false,
                    times: [("noted", Some(pr.noted_at)), ("noted", None)],
                });
            }
        }
    }
    for (n, t) in doc.tombstones.iter().enumerate() {
        out.push(Claim {
            part: Part::Deletion(n),
            uid: &t.uid,
            private: false,
            times: [("deleted", Some(t.deleted_at)), ("deleted", None)],
        });
    }
    out
}

/// Refuses a document that contradicts its own claims: a private entry in
/// a file that says it has none, one uid for two things, a time more than
/// [`CLOCK_SLACK`] after `now`.
pub(super) fn check_claims(
    doc: &Document,
    file: &str,
    now: DateTime<Utc>,
) -> Result<(), ImportError> {
    let latest = now + CLOCK_SLACK;
    let stamp = |t: DateTime<Utc>| t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true);
    let future = |what: String, event, at| ImportError::Future {
        file: file.to_owned(),
        what,
        event,
        at: stamp(at),
        now: stamp(now),
    };
    if doc.exported_at > latest {
        return Err(future("the file".into(), "exported", doc.exported_at));
    }
    let all = claims(doc);
    let mut seen: std::collections::HashMap<&str, Part> =
        std::collections::HashMap::with_capacity(all.len());
    for c in &all {
        if c.private && !doc.includes_private {
            return Err(ImportError::Private {
                file: file.to_owned(),
                what: c.part.describe(),
                uid: c.uid.to_owned(),
            });
        }
        if let Some(first) = seen.insert(c.uid, c.part) {
            return Err(ImportError::Twice {
                file: file.to_owned(),
                uid: c.uid.to_owned(),
                first: first.describe(),
                second: c.part.describe(),
            });
        }
        for (event, at) in c.times {
            if let Some(at) = at.filter(|at| *at > latest) {
                return Err(future(
                    format!("{} (uid {})", c.part.describe(), c.uid),
                    event,
                    at,
                ));
            }
        }
    }
    Ok(())
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
