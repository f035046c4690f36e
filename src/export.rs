//! Sharing on purpose: a Markdown export to read, a JSON export to merge
//! into another journal, and the import that merges it. The JSON format is
//! described in `docs/export-format.md`; its wire types live here so the
//! format changes only when this file does.

use std::fmt::Write as _;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::clock::Clock;
use crate::domain::{
    self, ActionItem, CheckIn, ChecklistItem, Direction, Experience, Feedback, Goal, GoalProgress,
    Invalid, Meeting, Note, Owner, Pair, PairStatus, Response, Role, Strength,
};
use crate::store::{PairBundle, Tombstone};
use crate::text;

/// The value of `format` in every export.
pub const FORMAT: &str = "candor-export";
/// The version of the JSON format this program writes and reads.
pub const FORMAT_VERSION: u32 = 2;
/// The oldest version this program still reads (version 1 had no goals or check-ins).
pub const OLDEST_FORMAT_VERSION: u32 = 1;

/// Why an import was refused; nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// Not JSON, or JSON of another shape.
    #[error("{file} is not a candor export: {message} at line {line}, column {column}")]
    Syntax {
        /// The file.
        file: String,
        /// What the parser said.
        message: String,
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
}

/// A whole export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    /// Always `candor-export`.
    pub format: String,
    /// [`FORMAT_VERSION`].
    pub format_version: u32,
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

/// Parses an export and checks every entry as the CLI would. `file` names it in errors.
pub fn parse(json: &str, file: &str) -> Result<(Vec<PairBundle>, Vec<Tombstone>), ImportError> {
    let doc: Document = serde_json::from_str(json).map_err(|e| ImportError::Syntax {
        file: file.to_owned(),
        message: e
            .to_string()
            .split(" at line ")
            .next()
            .unwrap_or_default()
            .to_owned(),
        line: e.line(),
        column: e.column(),
    })?;
    if doc.format != FORMAT {
        return Err(ImportError::Syntax {
            file: file.to_owned(),
            message: format!(
                "its format is '{}', not '{FORMAT}'",
                text::one_line(&doc.format)
            ),
            line: 1,
            column: 1,
        });
    }
    if !(OLDEST_FORMAT_VERSION..=FORMAT_VERSION).contains(&doc.format_version) {
        return Err(ImportError::Version {
            file: file.to_owned(),
            found: doc.format_version,
        });
    }
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
    Ok((bundles, tombstones))
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

/// The export as Markdown, to be read on its own.
pub fn markdown(doc: &Document, clock: &dyn Clock, step_titles: &[(u8, String)]) -> String {
    let mut md = String::new();
    let when = |t: DateTime<Utc>| clock.local(t).format("%Y-%m-%d %H:%M").to_string();
    let _ = writeln!(
        md,
        "# candor journal\n\nExported {}.",
        when(doc.exported_at)
    );
    if doc.includes_private {
        let _ = writeln!(md, "\n**This export includes private notes.**");
    }
    for p in &doc.pairs {
        let clean = |s: &str| text::clean(s).into_owned();
        let inline = |s: &str| text::one_line(s);
        let _ = writeln!(
            md,
            "\n## {} mentors {}\n",
            inline(&p.mentor_name),
            inline(&p.mentee_name)
        );
        let mut facts = vec![
            format!("Since {}", p.started_on),
            format!("status: {}", p.status),
        ];
        if let Some(d) = p.cadence_days {
            facts.push(format!("meeting every {d} days"));
        }
        if let Some(d) = p.next_meeting_on {
            facts.push(format!("next meeting {d}"));
        }
        let _ = writeln!(md, "{}.", facts.join(" · "));
        if !p.focus.is_empty() {
            let _ = writeln!(md, "\nFocus: {}", inline(&p.focus));
        }
        let _ = writeln!(md, "\n### First meeting\n");
        for (step, title) in step_titles {
            let items: Vec<_> = p.checklist.iter().filter(|i| i.step == *step).collect();
            if items.is_empty() {
                continue;
            }
            let done = items.iter().filter(|i| i.done_at.is_some()).count();
            let _ = writeln!(
                md,
                "**{step}. {}** ({done}/{})\n",
                inline(title),
                items.len()
            );
            for i in items {
                let mark = if i.done_at.is_some() { "x" } else { " " };
                let note = if i.note.is_empty() {
                    String::new()
                } else {
                    format!(" — {}", inline(&i.note))
                };
                let _ = writeln!(md, "- [{mark}] {}{note}", inline(&i.title));
            }
            let _ = writeln!(md);
        }
        for (side, name) in [
            (Role::Mentee, &p.mentee_name),
            (Role::Mentor, &p.mentor_name),
        ] {
            let named: Vec<String> = p
                .strengths
                .iter()
                .filter(|s| s.whose == side)
                .map(|s| inline(&s.text))
                .collect();
            if !named.is_empty() {
                let _ = writeln!(
                    md,
                    "**{}'s strengths:** {}\n",
                    inline(name),
                    named.join("; ")
                );
            }
        }
        if !p.experiences.is_empty() {
            let _ = writeln!(md, "### Challenges and similar experiences\n");
            for e in &p.experiences {
                let _ = writeln!(md, "- {} ↔ {}", inline(&e.challenge), inline(&e.similar));
            }
            let _ = writeln!(md);
        }
        if !p.meetings.is_empty() {
            let _ = writeln!(md, "### Meetings\n");
            let mut meetings: Vec<_> = p.meetings.iter().collect();
            meetings.sort_by_key(|m| m.held_at);
            for m in meetings {
                let _ = writeln!(md, "#### {}\n", when(m.held_at));
                for (label, t) in [
                    ("Agenda", &m.agenda),
                    ("Notes", &m.notes),
                    ("Next steps", &m.next_steps),
                ] {
                    if !t.trim().is_empty() {
                        let _ = writeln!(md, "*{label}*\n\n{}\n", clean(t));
                    }
                }
            }
        }
        if !p.feedback.is_empty() {
            let _ = writeln!(md, "### Feedback\n");
            for f in &p.feedback {
                let to = match f.direction {
                    Direction::ToMentor => "to the mentor",
                    Direction::ToMentee => "to the mentee",
                };
                let asked = if f.requested { ", asked for" } else { "" };
                let _ = writeln!(
                    md,
                    "- {} — {to}{asked}, {}: {}",
                    when(f.given_at),
                    f.response.label(),
                    inline(&f.body)
                );
                for (label, t) in [
                    ("situation", &f.situation),
                    ("behaviour", &f.behaviour),
                    ("impact", &f.impact),
                ] {
                    if let Some(t) = t.as_ref().filter(|t| !t.is_empty()) {
                        let _ = writeln!(md, "  - {label}: {}", inline(t));
                    }
                }
                if !f.follow_up.is_empty() {
                    let _ = writeln!(md, "  - follow-up: {}", inline(&f.follow_up));
                }
            }
            let _ = writeln!(md);
        }
        if !p.actions.is_empty() {
            let _ = writeln!(md, "### Action items\n");
            for a in &p.actions {
                let mark = if a.done_at.is_some() { "x" } else { " " };
                let due = a.due_on.map(|d| format!(", due {d}")).unwrap_or_default();
                let _ = writeln!(md, "- [{mark}] {} ({}{due})", inline(&a.text), a.owner);
            }
            let _ = writeln!(md);
        }
        if !p.goals.is_empty() {
            let _ = writeln!(md, "### Goals\n");
            for g in &p.goals {
                let percent = g
                    .progress
                    .iter()
                    .max_by_key(|p| p.noted_at)
                    .map_or(0, |p| p.percent);
                let due = g.due_on.map(|d| format!(", due {d}")).unwrap_or_default();
                let _ = writeln!(md, "- **{}** ({percent}%{due})", inline(&g.text));
                if !g.criteria.trim().is_empty() {
                    let _ = writeln!(md, "  - success looks like: {}", inline(&g.criteria));
                }
                for pr in &g.progress {
                    let comment = if pr.comment.trim().is_empty() {
                        String::new()
                    } else {
                        format!(": {}", inline(&pr.comment))
                    };
                    let _ = writeln!(md, "  - {} — {}%{comment}", when(pr.noted_at), pr.percent);
                }
            }
            let _ = writeln!(md);
        }
        let shared: Vec<_> = p
            .notes
            .iter()
            .filter(|n| !n.private || doc.includes_private)
            .collect();
        if !shared.is_empty() {
            let _ = writeln!(md, "### Notes\n");
            for n in shared {
                let tags = if n.tags.is_empty() {
                    String::new()
                } else {
                    format!(" #{}", inline(&n.tags.join(" #")))
                };
                let private = if n.private { " (private)" } else { "" };
                let _ = writeln!(
                    md,
                    "#### {}{private}{tags}\n\n{}\n",
                    when(n.created_at),
                    clean(&n.body)
                );
            }
        }
        if doc.includes_private && !p.checkins.is_empty() {
            let _ = writeln!(md, "### Trust check-ins (private)\n");
            for c in &p.checkins {
                let _ = writeln!(md, "- {} — trust {}/5", when(c.checked_at), c.trust);
                for (label, t) in [
                    ("helped", &c.helped),
                    ("in the way", &c.in_the_way),
                    ("note", &c.note),
                ] {
                    if !t.trim().is_empty() {
                        let _ = writeln!(md, "  - {label}: {}", inline(t));
                    }
                }
            }
            let _ = writeln!(md);
        }
    }
    md
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
    Ok(document(
        &bundles,
        &tombstones,
        store.clock().now(),
        include_private,
    ))
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
            // Serialising plain data to a String cannot fail.
            let mut json = serde_json::to_string_pretty(doc).unwrap_or_default();
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
    let shown = path.display().to_string();
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
