//! Sharing on purpose: a Markdown export to read, a JSON export to merge
//! into another journal, and the import that merges it. The JSON format is
//! described in `docs/export-format.md`; its wire types live here so the
//! format changes only when this file does.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::clock::Clock;
use crate::domain::{
    self, ActionItem, CheckIn, ChecklistItem, Direction, Experience, Feedback, Goal, GoalProgress,
    Invalid, Meeting, Note, Owner, Pair, PairStatus, Response, Role, Strength,
};
use crate::store::{PairBundle, Tombstone};
use crate::text;

mod markdown;
pub mod report;
pub use markdown::markdown;

/// The value of `format` in every export.
pub const FORMAT: &str = "candor-export";
/// The version of the JSON format this program writes and reads.
pub const FORMAT_VERSION: u32 = 3;
/// The oldest version this program still reads (version 1 had no goals or
/// check-ins, versions 1 and 2 no `journal_uid`).
pub const OLDEST_FORMAT_VERSION: u32 = 1;
/// The largest file `candor import` reads. An export of 100,000 entries of
/// about 300 words each is about 250 MB; this leaves room for twice that.
pub const MAX_IMPORT_BYTES: u64 = 512 * 1024 * 1024;
/// How far past the importer's clock a time in a file may be (clocks of two
/// computers differ); anything later is refused.
pub const CLOCK_SLACK: chrono::TimeDelta = chrono::TimeDelta::days(1);

/// Why an import was refused; nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file could not be opened or read.
    #[error("cannot read {file}: {source}")]
    Io {
        /// The file.
        file: String,
        /// What the system said.
        source: std::io::Error,
    },
    /// The file is larger than any export this program takes.
    #[error(
        "{file} is {} MiB, more than the {} MiB a candor export may be; it was not read",
        .size.div_ceil(1024 * 1024),
        MAX_IMPORT_BYTES / (1024 * 1024)
    )]
    TooLarge {
        /// The file.
        file: String,
        /// Its size in bytes.
        size: u64,
    },
    /// Not UTF-8 text.
    #[error("{file} is not a candor export: it is not UTF-8 text at line {line}, column {column}")]
    NotText {
        /// The file.
        file: String,
        /// 1-based line.
        line: usize,
        /// 1-based column (in bytes).
        column: usize,
    },
    /// Not JSON, or JSON of another shape.
    #[error("{file} is not a candor export: {message} at {}line {line}, column {column}", where_in(.path))]
    Syntax {
        /// The file.
        file: String,
        /// What the parser said.
        message: String,
        /// Where in the document, such as `pairs[0].notes[3].body`; empty at the top.
        path: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
    },
    /// A candor export of a version this program does not know.
    #[error(
        "{file} is a candor export of format version {found}; this program reads versions {OLDEST_FORMAT_VERSION} to {FORMAT_VERSION} — upgrade candor"
    )]
    Version {
        /// The file.
        file: String,
        /// Its version.
        found: u32,
    },
    /// An entry breaks a rule the CLI would also enforce.
    #[error("{file}: {what} (uid {uid}): {rule}")]
    Invalid {
        /// The file.
        file: String,
        /// Which entry, such as "note 3 of pair 1".
        what: String,
        /// Its uid.
        uid: String,
        /// The rule (not a `source`, so it is said once).
        rule: Box<Invalid>,
    },
    /// A private note or check-in in a file that says it holds none.
    #[error(
        "{file}: {what} (uid {uid}) is private, but the file says it includes no private entries; nothing was imported"
    )]
    Private {
        /// The file.
        file: String,
        /// Which entry, such as "note 3 of pair 1".
        what: String,
        /// Its uid.
        uid: String,
    },
    /// One uid for two things in one file.
    #[error("{file}: uid {uid} is used twice, by {first} and by {second}; nothing was imported")]
    Twice {
        /// The file.
        file: String,
        /// The uid.
        uid: String,
        /// Its first use, such as "pair 1".
        first: String,
        /// Its second use, such as "note 3 of pair 2".
        second: String,
    },
    /// A time later than the importer's clock allows.
    #[error(
        "{file}: {what} says it was {event} at {at}, more than a day after now ({now}); nothing was imported"
    )]
    Future {
        /// The file.
        file: String,
        /// Which entry, with its uid, or "the file".
        what: String,
        /// "created", "updated", "deleted", "noted", "exported".
        event: &'static str,
        /// The time it claims.
        at: String,
        /// The importer's clock.
        now: String,
    },
}

/// "pairs[0].notes[3].body, " or nothing at the top of the document.
fn where_in(path: &str) -> String {
    if path.is_empty() {
        String::new()
    } else {
        format!("{path}, ")
    }
}

/// A whole export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    /// Always `candor-export`.
    pub format: String,
    /// [`FORMAT_VERSION`].
    pub format_version: u32,
    /// The uid of the journal that wrote it; since version 3, and `None`
    /// when that journal had none (an older version, or a read-only journal).
    #[serde(default)]
    pub journal_uid: Option<String>,
    /// When it was written.
    pub exported_at: DateTime<Utc>,
    /// Whether private notes and trust check-ins were included on purpose.
    pub includes_private: bool,
    /// The pairs.
    pub pairs: Vec<PairDoc>,
    /// Deletions, so they travel too.
    pub tombstones: Vec<TombstoneDoc>,
}

/// A pair and everything in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PairDoc {
    pub uid: String,
    pub mentor_name: String,
    pub mentee_name: String,
    /// The role of whoever made the export; an importer new to the pair takes the other.
    pub exporter_role: Role,
    pub focus: String,
    pub started_on: NaiveDate,
    pub cadence_days: Option<u32>,
    pub next_meeting_on: Option<NaiveDate>,
    pub status: PairStatus,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub checklist: Vec<ItemDoc>,
    pub strengths: Vec<StrengthDoc>,
    pub experiences: Vec<ExperienceDoc>,
    pub meetings: Vec<MeetingDoc>,
    pub feedback: Vec<FeedbackDoc>,
    pub notes: Vec<NoteDoc>,
    pub actions: Vec<ActionDoc>,
    /// Since format version 2.
    #[serde(default)]
    pub goals: Vec<GoalDoc>,
    /// Since format version 2; only in an export that includes private entries.
    #[serde(default)]
    pub checkins: Vec<CheckinDoc>,
    /// Since format version 3: the other uids this pair is known by (a
    /// partner's uid for the same relationship, a pair merged into it).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
}

/// A checklist item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemDoc {
    pub uid: String,
    pub step: u8,
    pub key: String,
    pub title: String,
    pub done_at: Option<DateTime<Utc>>,
    pub note: String,
    pub position: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A strength.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StrengthDoc {
    pub uid: String,
    pub whose: Role,
    pub text: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A challenge ↔ experience pair.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExperienceDoc {
    pub uid: String,
    pub challenge: String,
    pub similar: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeetingDoc {
    pub uid: String,
    pub held_at: DateTime<Utc>,
    pub agenda: String,
    pub notes: String,
    pub next_steps: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A feedback entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeedbackDoc {
    pub uid: String,
    pub direction: Direction,
    pub requested: bool,
    pub body: String,
    pub situation: Option<String>,
    pub behaviour: Option<String>,
    pub impact: Option<String>,
    pub response: Response,
    pub follow_up: String,
    pub given_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoteDoc {
    pub uid: String,
    pub body: String,
    pub private: bool,
    pub tags: Vec<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// An action item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActionDoc {
    pub uid: String,
    pub owner: Owner,
    pub text: String,
    pub due_on: Option<NaiveDate>,
    pub done_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A goal and its progress history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoalDoc {
    pub uid: String,
    pub text: String,
    pub criteria: String,
    pub due_on: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub progress: Vec<ProgressDoc>,
}

/// One change of a goal's progress.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProgressDoc {
    pub uid: String,
    pub percent: u8,
    pub comment: String,
    pub noted_at: DateTime<Utc>,
}

/// A trust check-in (private).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckinDoc {
    pub uid: String,
    pub trust: u8,
    pub helped: String,
    pub in_the_way: String,
    pub note: String,
    pub checked_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A deletion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TombstoneDoc {
    pub uid: String,
    pub kind: String,
    pub pair_uid: Option<String>,
    pub deleted_at: DateTime<Utc>,
}

/// The export document of `bundles` and `tombstones`, written now.
pub fn document(
    bundles: &[PairBundle],
    tombstones: &[Tombstone],
    now: DateTime<Utc>,
    includes_private: bool,
) -> Document {
    Document {
        format: FORMAT.to_owned(),
        format_version: FORMAT_VERSION,
        journal_uid: None,
        exported_at: now,
        includes_private,
        pairs: bundles.iter().map(pair_doc).collect(),
        tombstones: tombstones
            .iter()
            .map(|t| TombstoneDoc {
                uid: t.uid.clone(),
                kind: t.kind.clone(),
                pair_uid: t.pair_uid.clone(),
                deleted_at: t.deleted_at,
            })
            .collect(),
    }
}

fn pair_doc(b: &PairBundle) -> PairDoc {
    let p = &b.pair;
    PairDoc {
        uid: p.uid.clone(),
        mentor_name: p.mentor_name.clone(),
        mentee_name: p.mentee_name.clone(),
        exporter_role: p.my_role,
        aliases: b.aliases.clone(),
        focus: p.focus.clone(),
        started_on: p.started_on,
        cadence_days: p.cadence_days,
        next_meeting_on: p.next_meeting_on,
        status: p.status,
        created_at: p.created_at,
        updated_at: p.updated_at,
        checklist: b
            .checklist
            .iter()
            .map(|i| ItemDoc {
                uid: i.uid.clone(),
                step: i.step,
                key: i.key.clone(),
                title: i.title.clone(),
                done_at: i.done_at,
                note: i.note.clone(),
                position: i.position,
                created_at: i.created_at,
                updated_at: i.updated_at,
            })
            .collect(),
        strengths: b
            .strengths
            .iter()
            .map(|s| StrengthDoc {
                uid: s.uid.clone(),
                whose: s.whose,
                text: s.text.clone(),
                created_at: s.created_at,
                updated_at: s.updated_at,
            })
            .collect(),
        experiences: b
            .experiences
            .iter()
            .map(|e| ExperienceDoc {
                uid: e.uid.clone(),
                challenge: e.challenge.clone(),
                similar: e.similar.clone(),
                created_at: e.created_at,
                updated_at: e.updated_at,
            })
            .collect(),
        meetings: b
            .meetings
            .iter()
            .map(|m| MeetingDoc {
                uid: m.uid.clone(),
                held_at: m.held_at,
                agenda: m.agenda.clone(),
                notes: m.notes.clone(),
                next_steps: m.next_steps.clone(),
                created_at: m.created_at,
                updated_at: m.updated_at,
            })
            .collect(),
        feedback: b
            .feedback
            .iter()
            .map(|f| FeedbackDoc {
                uid: f.uid.clone(),
                direction: f.direction,
                requested: f.requested,
                body: f.body.clone(),
                situation: f.situation.clone(),
                behaviour: f.behaviour.clone(),
                impact: f.impact.clone(),
                response: f.response,
                follow_up: f.follow_up.clone(),
                given_at: f.given_at,
                created_at: f.created_at,
                updated_at: f.updated_at,
            })
            .collect(),
        notes: b
            .notes
            .iter()
            .map(|n| NoteDoc {
                uid: n.uid.clone(),
                body: n.body.clone(),
                private: n.private,
                tags: n.tags.clone(),
                created_at: n.created_at,
                updated_at: n.updated_at,
            })
            .collect(),
        actions: b
            .actions
            .iter()
            .map(|a| ActionDoc {
                uid: a.uid.clone(),
                owner: a.owner,
                text: a.text.clone(),
                due_on: a.due_on,
                done_at: a.done_at,
                created_at: a.created_at,
                updated_at: a.updated_at,
            })
            .collect(),
        goals: b
            .goals
            .iter()
            .map(|(g, history)| GoalDoc {
                uid: g.uid.clone(),
                text: g.text.clone(),
                criteria: g.criteria.clone(),
                due_on: g.due_on,
                created_at: g.created_at,
                updated_at: g.updated_at,
                progress: history
                    .iter()
                    .map(|p| ProgressDoc {
                        uid: p.uid.clone(),
                        percent: p.percent,
                        comment: p.comment.clone(),
                        noted_at: p.noted_at,
                    })
                    .collect(),
            })
            .collect(),
        checkins: b
            .checkins
            .iter()
            // An unopened check-in has nothing to send; `build` refuses before it gets here.
            .filter_map(|c| {
                Some(CheckinDoc {
                    uid: c.uid.clone(),
                    trust: c.trust?,
                    helped: c.helped.clone(),
                    in_the_way: c.in_the_way.clone(),
                    note: c.note.clone(),
                    checked_at: c.checked_at,
                    created_at: c.created_at,
                    updated_at: c.updated_at,
                })
            })
            .collect(),
    }
}

/// A checked export, ready to merge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Import {
    /// Its format version.
    pub format_version: u32,
    /// The uid of the journal that wrote it, if it names one.
    pub journal_uid: Option<String>,
    /// Whether it says it includes private entries.
    pub includes_private: bool,
    /// Its pairs, checked.
    pub bundles: Vec<PairBundle>,
    /// Its tombstones, checked.
    pub tombstones: Vec<Tombstone>,
}

/// Where an export came from, seen from the journal importing it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// This journal wrote it: importing it is a re-import.
    ThisJournal,
    /// Another journal, which the file names.
    AnotherJournal,
    /// A journal the file does not name (format versions 1 and 2).
    Unnamed,
}

impl Origin {
    /// How a report names it.
    pub fn describe(self) -> &'static str {
        match self {
            Self::ThisJournal => "this journal's own export, imported again",
            Self::AnotherJournal => "another journal's export",
            Self::Unnamed => "an export that does not name its journal",
        }
    }
}

impl Import {
    /// Where it came from, for the journal whose uid is `here`.
    pub fn origin(&self, here: Option<&str>) -> Origin {
        match (&self.journal_uid, here) {
            (None, _) => Origin::Unnamed,
            (Some(theirs), Some(ours)) if theirs == ours => Origin::ThisJournal,
            (Some(_), _) => Origin::AnotherJournal,
        }
    }
}

/// Reads the export at `path` as text, refusing a file larger than
/// [`MAX_IMPORT_BYTES`] before reading any of it.
pub fn read(path: &std::path::Path) -> Result<String, ImportError> {
    use std::io::Read;
    let name = text::path(path);
    let io = |source| ImportError::Io {
        file: name.clone(),
        source,
    };
    let file = std::fs::File::open(path).map_err(io)?;
    let size = file.metadata().map_err(io)?.len();
    if size > MAX_IMPORT_BYTES {
        return Err(ImportError::TooLarge { file: name, size });
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.take(MAX_IMPORT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    // It may have grown since.
    if bytes.len() as u64 > MAX_IMPORT_BYTES {
        return Err(ImportError::TooLarge {
            file: name,
            size: bytes.len() as u64,
        });
    }
    String::from_utf8(bytes).map_err(|e| {
        let bad = e.utf8_error().valid_up_to();
        let before = &e.as_bytes()[..bad];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let column = bad
            - before
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |i| i + 1)
            + 1;
        ImportError::NotText {
            file: name.clone(),
            line,
            column,
        }
    })
}

/// Parses an export, checks it against its own claims and every entry as
/// the CLI would. `file` names it in errors; `now` is the importer's clock.
pub fn parse(json: &str, file: &str, now: DateTime<Utc>) -> Result<Import, ImportError> {
    let syntax = |message: String, path: String, line: usize, column: usize| ImportError::Syntax {
        file: file.to_owned(),
        message,
        path,
        line,
        column,
    };
    let message = |e: &serde_json::Error| {
        e.to_string()
            .split(" at line ")
            .next()
            .unwrap_or_default()
            .to_owned()
    };
    let mut de = serde_json::Deserializer::from_str(json);
    let doc: Document = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let path = if path == "." { String::new() } else { path };
        let inner = e.into_inner();
        syntax(message(&inner), path, inner.line(), inner.column())
    })?;
    // Nothing but white space after the document.
    de.end()
        .map_err(|e| syntax(message(&e), String::new(), e.line(), e.column()))?;
    if doc.format != FORMAT {
        return Err(syntax(
            format!(
                "its format is '{}', not '{FORMAT}'",
                text::one_line(&doc.format)
            ),
            "format".into(),
            1,
            1,
        ));
    }
    if !(OLDEST_FORMAT_VERSION..=FORMAT_VERSION).contains(&doc.format_version) {
        return Err(ImportError::Version {
            file: file.to_owned(),
            found: doc.format_version,
        });
    }
    if let Some(uid) = &doc.journal_uid {
        check_uid(uid).map_err(|source| ImportError::Invalid {
            file: file.to_owned(),
            what: "the journal it names".into(),
            uid: uid.clone(),
            rule: Box::new(source),
        })?;
    }
    check_claims(&doc, file, now)?;
    let mut bundles = Vec::with_capacity(doc.pairs.len());
    for (n, p) in doc.pairs.into_iter().enumerate() {
        bundles.push(
            bundle(p, n + 1).map_err(|(what, uid, source)| ImportError::Invalid {
                file: file.to_owned(),
                what,
                uid,
                rule: Box::new(source),
            })?,
        );
    }
    let mut tombstones = Vec::with_capacity(doc.tombstones.len());
    for t in doc.tombstones {
        check_uid(&t.uid).map_err(|source| ImportError::Invalid {
            file: file.to_owned(),
            what: "a deletion".into(),
            uid: t.uid.clone(),
            rule: Box::new(source),
        })?;
        tombstones.push(Tombstone {
            uid: t.uid,
            kind: t.kind,
            pair_uid: t.pair_uid,
            deleted_at: t.deleted_at,
        });
    }
    Ok(Import {
        format_version: doc.format_version,
        journal_uid: doc.journal_uid,
        includes_private: doc.includes_private,
        bundles,
        tombstones,
    })
}

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
fn check_claims(doc: &Document, file: &str, now: DateTime<Utc>) -> Result<(), ImportError> {
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
fn check_uid(uid: &str) -> Result<(), Invalid> {
    match uuid::Uuid::parse_str(uid) {
        Ok(u) if u.hyphenated().to_string() == uid => Ok(()),
        _ => Err(Invalid::Choice {
            what: "uid",
            got: uid.to_owned(),
            allowed: "a UUID such as 67e55044-10b1-426f-9247-bb680e5fe0c8",
        }),
    }
}

type Fault = (String, String, Invalid);

fn bundle(p: PairDoc, n: usize) -> Result<PairBundle, Fault> {
    let at = |what: String, uid: &str| {
        let uid = uid.to_owned();
        move |e: Invalid| (what.clone(), uid.clone(), e)
    };
    let pair_what = format!("pair {n}");
    check_uid(&p.uid).map_err(at(pair_what.clone(), &p.uid))?;
    for alias in &p.aliases {
        check_uid(alias).map_err(at(format!("an alias of pair {n}"), alias))?;
    }
    let aliases = p.aliases.clone();
    let new = domain::NewPair::new(
        &p.mentor_name,
        &p.mentee_name,
        p.exporter_role,
        &p.focus,
        p.started_on,
        p.cadence_days
            .map(i64::from)
            .map(domain::cadence)
            .transpose()
            .map_err(at(pair_what.clone(), &p.uid))?,
    )
    .map_err(at(pair_what.clone(), &p.uid))?;
    let pair = Pair {
        id: 0,
        uid: p.uid.clone(),
        mentor_name: new.mentor_name,
        mentee_name: new.mentee_name,
        my_role: p.exporter_role,
        focus: new.focus,
        started_on: p.started_on,
        cadence_days: new.cadence_days,
        next_meeting_on: p.next_meeting_on,
        status: p.status,
        created_at: p.created_at,
        updated_at: p.updated_at,
        version: 0,
        checklist_done: 0,
        checklist_total: 0,
        last_met_at: None,
        next_planned_at: None,
        open_actions: 0,
        overdue_actions: 0,
    };
    let mut checklist = Vec::new();
    for (i, item) in p.checklist.into_iter().enumerate() {
        let what = format!("checklist item {} of pair {n}", i + 1);
        let err = at(what.clone(), &item.uid);
        check_uid(&item.uid).map_err(&err)?;
        if !(1..=5).contains(&item.step) {
            return Err(err(Invalid::Range {
                what: "a step",
                min: 1,
                max: 5,
                got: i64::from(item.step),
            }));
        }
        let key_ok = !item.key.is_empty()
            && item
                .key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
        if !key_ok {
            return Err(err(Invalid::Choice {
                what: "checklist key",
                got: item.key,
                allowed: "letters, digits, '.', '_' and '-'",
            }));
        }
        // A pair has one item per key: that is how two journals' checklists meet.
        if checklist.iter().any(|c: &ChecklistItem| c.key == item.key) {
            return Err(err(Invalid::Twice {
                what: "the checklist key",
                got: item.key,
            }));
        }
        checklist.push(ChecklistItem {
            id: 0,
            uid: item.uid,
            pair_id: 0,
            step: item.step,
            key: item.key,
            title: domain::required_text("the item's title", &item.title).map_err(&err)?,
            done: item.done_at.is_some(),
            done_at: item.done_at,
            note: domain::bounded_text("the note", &item.note).map_err(&err)?,
            position: item.position,
            created_at: item.created_at,
            updated_at: item.updated_at,
            version: 0,
        });
    }
    let mut strengths = Vec::new();
    for (i, s) in p.strengths.into_iter().enumerate() {
        let err = at(format!("strength {} of pair {n}", i + 1), &s.uid);
        check_uid(&s.uid).map_err(&err)?;
        strengths.push(Strength {
            id: 0,
            uid: s.uid,
            pair_id: 0,
            whose: s.whose,
            text: domain::required_text("the strength", &s.text).map_err(&err)?,
            created_at: s.created_at,
            updated_at: s.updated_at,
            version: 0,
        });
    }
    let mut experiences = Vec::new();
    for (i, e) in p.experiences.into_iter().enumerate() {
        let err = at(format!("experience {} of pair {n}", i + 1), &e.uid);
        check_uid(&e.uid).map_err(&err)?;
        experiences.push(Experience {
            id: 0,
            uid: e.uid,
            pair_id: 0,
            challenge: domain::required_text("the mentee's challenge", &e.challenge)
                .map_err(&err)?,
            similar: domain::required_text("the mentor's similar experience", &e.similar)
                .map_err(&err)?,
            created_at: e.created_at,
            updated_at: e.updated_at,
            version: 0,
        });
    }
    let mut meetings = Vec::new();
    for (i, m) in p.meetings.into_iter().enumerate() {
        let err = at(format!("meeting {} of pair {n}", i + 1), &m.uid);
        check_uid(&m.uid).map_err(&err)?;
        for (what, t) in [
            ("the agenda", &m.agenda),
            ("the notes", &m.notes),
            ("the next steps", &m.next_steps),
        ] {
            domain::body(what, t, true).map_err(&err)?;
        }
        if [&m.agenda, &m.notes, &m.next_steps]
            .iter()
            .all(|t| t.trim().is_empty())
        {
            return Err(err(Invalid::Empty(
                "a meeting's agenda, notes or next steps",
            )));
        }
        meetings.push(Meeting {
            id: 0,
            uid: m.uid,
            pair_id: 0,
            held_at: m.held_at,
            agenda: m.agenda,
            notes: m.notes,
            next_steps: m.next_steps,
            created_at: m.created_at,
            updated_at: m.updated_at,
            version: 0,
        });
    }
    let mut feedback = Vec::new();
    for (i, f) in p.feedback.into_iter().enumerate() {
        let err = at(format!("feedback {} of pair {n}", i + 1), &f.uid);
        check_uid(&f.uid).map_err(&err)?;
        domain::body("the feedback", &f.body, false).map_err(&err)?;
        for t in [&f.situation, &f.behaviour, &f.impact]
            .into_iter()
            .flatten()
        {
            domain::body("the situation, behaviour or impact", t, true).map_err(&err)?;
        }
        domain::body("the follow-up", &f.follow_up, true).map_err(&err)?;
        feedback.push(Feedback {
            id: 0,
            uid: f.uid,
            pair_id: 0,
            direction: f.direction,
            requested: f.requested,
            body: f.body,
            situation: f.situation,
            behaviour: f.behaviour,
            impact: f.impact,
            response: f.response,
            follow_up: f.follow_up,
            given_at: f.given_at,
            created_at: f.created_at,
            updated_at: f.updated_at,
            version: 0,
        });
    }
    let mut notes = Vec::new();
    for (i, note) in p.notes.into_iter().enumerate() {
        let err = at(format!("note {} of pair {n}", i + 1), &note.uid);
        check_uid(&note.uid).map_err(&err)?;
        domain::body("the note", &note.body, false).map_err(&err)?;
        let tags = domain::parse_tags(note.tags.iter().map(String::as_str)).map_err(&err)?;
        if tags != note.tags {
            return Err(err(Invalid::Choice {
                what: "tag list",
                got: note.tags.join(" "),
                allowed: "distinct lower-case words without spaces, commas or '#'",
            }));
        }
        notes.push(Note {
            id: 0,
            uid: note.uid,
            pair_id: 0,
            body: note.body,
            private: note.private,
            tags,
            sealed: false,
            locked: false,
            damaged: false,
            created_at: note.created_at,
            updated_at: note.updated_at,
            version: 0,
            sealed_bytes: None,
        });
    }
    let mut actions = Vec::new();
    for (i, a) in p.actions.into_iter().enumerate() {
        let err = at(format!("action item {} of pair {n}", i + 1), &a.uid);
        check_uid(&a.uid).map_err(&err)?;
        actions.push(ActionItem {
            id: 0,
            uid: a.uid,
            pair_id: 0,
            owner: a.owner,
            text: domain::required_text("the action item", &a.text).map_err(&err)?,
            due_on: a.due_on,
            done: a.done_at.is_some(),
            done_at: a.done_at,
            created_at: a.created_at,
            updated_at: a.updated_at,
            version: 0,
        });
    }
    let mut goals = Vec::new();
    for (i, g) in p.goals.into_iter().enumerate() {
        let err = at(format!("goal {} of pair {n}", i + 1), &g.uid);
        check_uid(&g.uid).map_err(&err)?;
        let text = domain::required_text("the goal", &g.text).map_err(&err)?;
        let criteria = domain::body("the success criteria", &g.criteria, true).map_err(&err)?;
        let mut history = Vec::new();
        for (j, pr) in g.progress.into_iter().enumerate() {
            let err = at(
                format!("progress {} of goal {} of pair {n}", j + 1, i + 1),
                &pr.uid,
            );
            check_uid(&pr.uid).map_err(&err)?;
            history.push(GoalProgress {
                id: 0,
                uid: pr.uid,
                goal_id: 0,
                percent: domain::percent(i64::from(pr.percent)).map_err(&err)?,
                comment: domain::body("the comment", &pr.comment, true).map_err(&err)?,
                noted_at: pr.noted_at,
            });
        }
        let latest = history.iter().max_by_key(|p| p.noted_at);
        goals.push((
            Goal {
                id: 0,
                uid: g.uid,
                pair_id: 0,
                text,
                criteria,
                due_on: g.due_on,
                progress: latest.map_or(0, |p| p.percent),
                progress_at: latest.map(|p| p.noted_at),
                created_at: g.created_at,
                updated_at: g.updated_at,
                version: 0,
            },
            history,
        ));
    }
    let mut checkins = Vec::new();
    for (i, c) in p.checkins.into_iter().enumerate() {
        let err = at(format!("check-in {} of pair {n}", i + 1), &c.uid);
        check_uid(&c.uid).map_err(&err)?;
        for (what, t) in [
            ("what helped", &c.helped),
            ("what got in the way", &c.in_the_way),
            ("the check-in's note", &c.note),
        ] {
            domain::body(what, t, true).map_err(&err)?;
        }
        checkins.push(CheckIn {
            id: 0,
            uid: c.uid,
            pair_id: 0,
            trust: Some(domain::trust_level(i64::from(c.trust)).map_err(&err)?),
            helped: c.helped,
            in_the_way: c.in_the_way,
            note: c.note,
            checked_at: c.checked_at,
            sealed: false,
            locked: false,
            damaged: false,
            created_at: c.created_at,
            updated_at: c.updated_at,
            version: 0,
            sealed_bytes: None,
        });
    }
    Ok(PairBundle {
        pair,
        aliases,
        checklist,
        strengths,
        experiences,
        meetings,
        feedback,
        notes,
        actions,
        goals,
        checkins,
    })
}

/// The export of one pair (or all), private notes only when asked for.
pub fn build(
    store: &crate::store::Store,
    only: Option<&Pair>,
    include_private: bool,
) -> crate::store::Result<Document> {
    // Locked private entries have no text to send: refuse rather than export them empty.
    if include_private && store.has_locked_private()? {
        return Err(crate::store::StoreError::Locked);
    }
    let bundles = store.bundles(only.map(|p| p.id), include_private)?;
    // A damaged entry has no text either: say so rather than send it empty or drop it.
    let damaged = bundles
        .iter()
        .any(|b| b.notes.iter().any(|n| n.damaged) || b.checkins.iter().any(|c| c.damaged));
    if damaged {
        return Err(crate::store::StoreError::Crypto(
            "a private note or check-in is damaged and cannot be opened; delete it (`candor list PAIR notes --private` or `list PAIR checkins` names it) or export without private entries".into(),
        ));
    }
    let tombstones = store.tombstones(only.map(|p| p.uid.as_str()))?;
    let mut doc = document(&bundles, &tombstones, store.clock().now(), include_private);
    // Reading only: a journal gets its uid when it writes a JSON export.
    doc.journal_uid = store.journal_uid()?;
    Ok(doc)
}

/// Names the journal in `doc` before it is written as JSON: the journal's
/// uid, made and stored now if it has none yet (a read-only journal without
/// one leaves the export unnamed).
pub fn name_journal(store: &crate::store::Store, doc: &mut Document) -> crate::store::Result<()> {
    if doc.journal_uid.is_none() {
        doc.journal_uid = store.journal_uid_for_export()?;
    }
    Ok(())
}

/// What an export without private entries holds back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct HeldBack {
    /// Private notes.
    pub notes: usize,
    /// Trust check-ins.
    pub checkins: usize,
}

/// The private entries an export of `only` (or all pairs) would hold back.
pub fn held_back(
    store: &crate::store::Store,
    only: Option<&Pair>,
) -> crate::store::Result<HeldBack> {
    Ok(HeldBack {
        notes: store.private_note_count(only.map(|p| p.id))?,
        checkins: store.checkin_count(only.map(|p| p.id))?,
    })
}

/// An export format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Markdown, to read.
    Markdown,
    /// JSON, to import elsewhere.
    Json,
}

impl Format {
    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Markdown => "md",
            Self::Json => "json",
        }
    }
}

/// `doc` as the text of `format`.
pub fn render(
    doc: &Document,
    format: Format,
    clock: &dyn Clock,
    template: &crate::template::Template,
) -> String {
    match format {
        Format::Markdown => {
            let titles: Vec<(u8, String)> = template
                .steps
                .iter()
                .map(|s| (s.number, s.title.clone()))
                .collect();
            markdown(doc, clock, &titles)
        }
        Format::Json => {
            // Serialising plain data to a String cannot fail. DEL, C1 and
            // bidi characters are written as `\u` escapes, the same in a
            // file as on standard output.
            let json = serde_json::to_string_pretty(doc).unwrap_or_default();
            let mut json = text::json_escapes(&json).into_owned();
            json.push('\n');
            json
        }
    }
}

/// Why an export was not written to the file asked for; nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum DestinationError {
    /// The file is the journal itself, one of its side files or one of its backups.
    #[error("{path} is {what}; an export never writes over it — choose another file")]
    Journal {
        /// The file asked for.
        path: String,
        /// "the journal", "the journal's write-ahead log", "a backup of the journal"…
        what: &'static str,
    },
    /// The file exists and overwriting was not asked for.
    #[error("{path} exists already; choose another file, or give --force to replace it")]
    Exists {
        /// The file asked for.
        path: String,
    },
}

/// The same file, by device and inode when both exist, else by canonical
/// path (of the folder, for a file not yet there).
fn same_file(a: &std::path::Path, b: &std::path::Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let (Ok(ma), Ok(mb)) = (std::fs::metadata(a), std::fs::metadata(b)) {
            return ma.dev() == mb.dev() && ma.ino() == mb.ino();
        }
    }
    match (canonical(a), canonical(b)) {
        (Some(a), Some(b)) => a == b,
        _ => false,
    }
}

/// `path` made absolute with its folder's symbolic links resolved.
pub fn canonical(path: &std::path::Path) -> Option<std::path::PathBuf> {
    if let Ok(p) = path.canonicalize() {
        return Some(p);
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => std::path::Path::new("."),
    };
    Some(dir.canonicalize().ok()?.join(path.file_name()?))
}

/// What `path` is to the journal at `journal`, if it is the journal, one of
/// its side files or a backup candor keeps beside it (`NAME.before-…`).
fn journal_file(path: &std::path::Path, journal: &std::path::Path) -> Option<&'static str> {
    if same_file(path, journal) {
        return Some("the journal");
    }
    let name = journal.file_name()?.to_string_lossy().into_owned();
    for (suffix, what) in [
        ("-wal", "the journal's write-ahead log"),
        ("-shm", "the journal's shared-memory file"),
        ("-journal", "the journal's rollback journal"),
    ] {
        if same_file(path, &journal.with_file_name(format!("{name}{suffix}"))) {
            return Some(what);
        }
    }
    let here = canonical(path)?;
    let beside = canonical(journal)?;
    let file = here.file_name()?.to_string_lossy().into_owned();
    (here.parent() == beside.parent() && file.starts_with(&format!("{name}.")))
        .then_some("a backup of the journal")
}

/// Checks that an export may be written to `path`: never over the journal
/// at `journal`, its side files or the backups beside it (`others` names
/// more, such as recorded `candor backup` copies), and over an existing
/// file only when `force` is given.
pub fn check_destination(
    path: &std::path::Path,
    journal: Option<&std::path::Path>,
    others: &[std::path::PathBuf],
    force: bool,
) -> Result<(), DestinationError> {
    let shown = text::path(path);
    if let Some(what) = journal.and_then(|j| journal_file(path, j)) {
        return Err(DestinationError::Journal { path: shown, what });
    }
    if others.iter().any(|o| same_file(path, o)) {
        return Err(DestinationError::Journal {
            path: shown,
            what: "a backup of the journal",
        });
    }
    if !force && std::fs::symlink_metadata(path).is_ok() {
        return Err(DestinationError::Exists { path: shown });
    }
    Ok(())
}

/// Writes `bytes` to `path` as a 0600 file, replacing it whole or not at all.
pub fn write_private(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    crate::paths::create_private_dirs(dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", uuid::Uuid::new_v4()));
    let written = (|| {
        let mut file = crate::paths::create_private_file(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}

/// "1 pair, 2 meetings, …; held back: 1 private note".
pub fn summary(c: &Contents, held_back: HeldBack) -> String {
    let n = |count: usize, one: &str, many: &str| {
        format!("{count} {}", if count == 1 { one } else { many })
    };
    let checklist = if c.checklist_notes > 0 {
        format!(
            "{} ({} with a note)",
            n(c.checklist_items, "checklist item", "checklist items"),
            c.checklist_notes
        )
    } else {
        n(c.checklist_items, "checklist item", "checklist items")
    };
    let s = [
        n(c.pairs, "pair", "pairs"),
        checklist,
        n(c.strengths, "strength", "strengths"),
        n(
            c.experiences,
            "challenge ↔ experience",
            "challenges ↔ experiences",
        ),
        n(c.meetings, "meeting", "meetings"),
        n(c.feedback, "feedback entry", "feedback entries"),
        n(c.actions, "action item", "action items"),
        n(c.shared_notes, "shared note", "shared notes"),
    ];
    let mut s = s.join(", ");
    if c.goals > 0 {
        s.push_str(&format!(", {}", n(c.goals, "goal", "goals")));
    }
    let private = |notes: usize, checkins: usize| {
        let mut parts = Vec::new();
        if notes > 0 {
            parts.push(n(notes, "private note", "private notes"));
        }
        if checkins > 0 {
            parts.push(n(checkins, "trust check-in", "trust check-ins"));
        }
        parts.join(" and ")
    };
    if c.private_notes + c.checkins > 0 {
        s.push_str(&format!(
            ", and {} ON PURPOSE",
            private(c.private_notes, c.checkins)
        ));
    }
    if held_back.notes + held_back.checkins > 0 {
        s.push_str(&format!(
            "; held back: {}",
            private(held_back.notes, held_back.checkins)
        ));
    }
    s
}

/// What an export of `doc` holds, for showing before anything leaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Contents {
    /// Pairs.
    pub pairs: usize,
    /// Checklist items (their ticks travel).
    pub checklist_items: usize,
    /// Checklist items with a note on them.
    pub checklist_notes: usize,
    /// Strengths named.
    pub strengths: usize,
    /// Challenge ↔ experience pairs.
    pub experiences: usize,
    /// Meetings.
    pub meetings: usize,
    /// Feedback entries.
    pub feedback: usize,
    /// Action items.
    pub actions: usize,
    /// Shared notes.
    pub shared_notes: usize,
    /// Private notes included.
    pub private_notes: usize,
    /// Goals.
    pub goals: usize,
    /// Trust check-ins included.
    pub checkins: usize,
}

/// Counts what `doc` holds.
pub fn contents(doc: &Document) -> Contents {
    let mut c = Contents {
        pairs: doc.pairs.len(),
        ..Contents::default()
    };
    for p in &doc.pairs {
        c.checklist_items += p.checklist.len();
        c.checklist_notes += p.checklist.iter().filter(|i| !i.note.is_empty()).count();
        c.strengths += p.strengths.len();
        c.experiences += p.experiences.len();
        c.meetings += p.meetings.len();
        c.feedback += p.feedback.len();
        c.actions += p.actions.len();
        c.shared_notes += p.notes.iter().filter(|n| !n.private).count();
        c.private_notes += p.notes.iter().filter(|n| n.private).count();
        c.goals += p.goals.len();
        c.checkins += p.checkins.len();
    }
    c
}
