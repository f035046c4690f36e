//! Property tests of the JSON export and import (issue: search, export,
//! import, backup). Content is built through the public store API from
//! arbitrary text — control characters, escapes, bidi overrides, emoji, NUL,
//! Unicode spaces, a few strings of about a megabyte — and the empty string
//! wherever the model takes one. Import goes through `export::parse`, the
//! validation `candor import` uses, then `Store::merge`.
//!
//! 1. export → JSON → parse → merge into an empty journal → export gives the
//!    same document, every pair's `exporter_role` flipped.
//! 2. Importing a document a second time adds and updates nothing.
//! 3. Parsing arbitrary bytes or JSON never panics; a refused document (or a
//!    merge that fails) leaves the journal as it was; `candor import` of
//!    arbitrary bytes leaves the journal file byte for byte.
//! 4. A name imports exactly when `domain::person_name` takes it (and the
//!    texts of entries exactly when their CLI validation takes them).

#![allow(clippy::unwrap_used)]

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, OnceLock};

use chrono::{DateTime, Duration, NaiveDate, Utc};
use proptest::prelude::*;
use proptest::test_runner::{Config as ProptestConfig, FileFailurePersistence, RngSeed};
use serde_json::{Value, json};

use candor::clock::{Clock, FixedClock};
use candor::domain::{self, Direction, Kind, NewPair, Owner, PairStatus, Response, Role};
use candor::export::{self, Document};
use candor::store::{MergeReport, NewFeedback, NewMeeting, NewNote, Store};
use candor::template::Template;

const NOW: &str = "2026-11-27T10:00:00Z";

fn clock() -> Arc<dyn Clock> {
    Arc::new(FixedClock::parse(NOW).unwrap())
}

fn now() -> DateTime<Utc> {
    clock().now()
}

fn today() -> NaiveDate {
    now().date_naive()
}

fn empty() -> Store {
    Store::open_in_memory(clock()).unwrap()
}

/// A fixed seed: the same cases on every run. A failure is kept too, as the
/// seed of its case, in a committed file in `tests/proptest-regressions/`
/// (relative to the package root, where `cargo test` runs), and the cases
/// there run first on every later run, also once the seed or the number of
/// cases changes. The file is written by the first failure; until then
/// proptest reads no file and says nothing.
fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(
            "tests/proptest-regressions/exchange_props.txt",
        ))),
        rng_seed: RngSeed::Fixed(0x00ca_4d02),
        max_shrink_iters: 2048,
        ..ProptestConfig::with_cases(cases)
    }
}

// ------------------------------------------------------------ strategies

/// Pieces of text that have broken programs before.
const PIECES: &[&str] = &[
    "",
    " ",
    "  ",
    "\t",
    "\n",
    "\r\n",
    "\r",
    "\0",
    "\u{1b}[31m",
    "\u{1b}]0;title\u{7}",
    "\u{1b}",
    "\u{7}",
    "\u{8}",
    "\u{7f}",
    "\u{85}",
    "\u{9b}2J",
    "\u{a0}",
    "\u{2003}",
    "\u{3000}",
    "\u{2028}",
    "\u{200b}",
    "\u{feff}",
    "\u{202e}",
    "\u{2066}",
    "\u{fffd}",
    "\u{10ffff}",
    "🚀",
    "👩‍👩‍👧",
    "🇺🇦",
    "李小龍",
    "שלום",
    "مرحبا",
    "e\u{301}",
    "\\",
    "\"",
    "'",
    "\\u0000",
    "\\n",
    "</script>",
    "${HOME}",
    "%s%n",
    "*",
    "#",
    ",",
    "trust",
    "NEAR(",
    "AND",
    "body:",
    "Ǆ",
    "ß",
    "İ",
    "ﬁ",
    "Ω",
];

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(PIECES).prop_map(str::to_owned),
        3 => "[a-zA-Z0-9 ]{0,12}",
        2 => prop::collection::vec(any::<char>(), 0..6).prop_map(|c| c.into_iter().collect()),
    ]
}

/// Arbitrary text, often empty or blank.
fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..5).prop_map(|p| p.concat())
}

/// Tags as a person would type (or paste) them, cleaned later by
/// `domain::parse_tags`: arbitrary text, or short words run together with
/// separators, Unicode spaces among them.
fn tags() -> impl Strategy<Value = Vec<String>> {
    let word = prop::sample::select(&["next", "x", "#x", "Next", "care\u{301}er", "🚀"][..]);
    let gap = prop::sample::select(&[" ", ",", "#", "\u{a0}", "\u{2003}", "\u{3000}", "-"][..]);
    let pasted = prop::collection::vec((word, gap), 1..4)
        .prop_map(|parts| parts.into_iter().map(|(w, g)| format!("{w}{g}")).collect());
    prop::collection::vec(prop_oneof![2 => text(), 1 => pasted], 0..4)
}

fn role() -> impl Strategy<Value = Role> {
    prop_oneof![Just(Role::Mentor), Just(Role::Mentee)]
}

fn owner() -> impl Strategy<Value = Owner> {
    prop_oneof![Just(Owner::Mentor), Just(Owner::Mentee), Just(Owner::Both)]
}

fn response() -> impl Strategy<Value = Response> {
    prop_oneof![
        Just(Response::Pending),
        Just(Response::Accepted),
        Just(Response::Discussed),
        Just(Response::PushedBack),
    ]
}

fn status() -> impl Strategy<Value = PairStatus> {
    prop_oneof![
        Just(PairStatus::Active),
        Just(PairStatus::Paused),
        Just(PairStatus::Closed),
    ]
}

/// A moment around now, to the millisecond (the journal keeps milliseconds).
fn moment() -> impl Strategy<Value = i64> {
    -400 * 86_400_000i64..60 * 86_400_000
}

#[derive(Debug, Clone)]
struct FeedbackPlan {
    to_mentor: bool,
    requested: bool,
    response: Response,
    body: String,
    situation: Option<String>,
    behaviour: Option<String>,
    impact: Option<String>,
    follow_up: String,
    given: i64,
}

fn feedback_plan() -> impl Strategy<Value = FeedbackPlan> {
    (
        any::<bool>(),
        any::<bool>(),
        response(),
        text(),
        prop::option::of(text()),
        prop::option::of(text()),
        prop::option::of(text()),
        text(),
        moment(),
    )
        .prop_map(
            |(
                to_mentor,
                requested,
                response,
                body,
                situation,
                behaviour,
                impact,
                follow_up,
                given,
            )| {
                FeedbackPlan {
                    to_mentor,
                    requested,
                    response,
                    body,
                    situation,
                    behaviour,
                    impact,
                    follow_up,
                    given,
                }
            },
        )
}

#[derive(Debug, Clone)]
struct PairPlan {
    mentor: String,
    mentee: String,
    role: Role,
    focus: String,
    cadence: Option<i64>,
    status: PairStatus,
    /// (item index, done, note)
    ticks: Vec<(usize, bool, Option<String>)>,
    strengths: Vec<(Role, String)>,
    experiences: Vec<(String, String)>,
    /// (held at, agenda, notes, next steps)
    meetings: Vec<(i64, String, String, String)>,
    feedback: Vec<FeedbackPlan>,
    /// (body, private, tags)
    notes: Vec<(String, bool, Vec<String>)>,
    /// (owner, text, due in days, done)
    actions: Vec<(Owner, String, Option<i64>, bool)>,
    /// Indexes into everything added, to delete.
    deletes: Vec<usize>,
}

fn pair_plan() -> impl Strategy<Value = PairPlan> {
    let people = (
        text(),
        text(),
        role(),
        text(),
        prop::option::of(-2i64..400),
        status(),
    );
    let first = (
        prop::collection::vec((0usize..20, any::<bool>(), prop::option::of(text())), 0..4),
        prop::collection::vec((role(), text()), 0..3),
        prop::collection::vec((text(), text()), 0..3),
    );
    let entries = (
        prop::collection::vec((moment(), text(), text(), text()), 0..3),
        prop::collection::vec(feedback_plan(), 0..3),
        prop::collection::vec((text(), any::<bool>(), tags()), 0..4),
        prop::collection::vec(
            (owner(), text(), prop::option::of(-30i64..90), any::<bool>()),
            0..3,
        ),
        prop::collection::vec(0usize..32, 0..3),
    );
    (people, first, entries).prop_map(
        |(
            (mentor, mentee, role, focus, cadence, status),
            (ticks, strengths, experiences),
            (meetings, feedback, notes, actions, deletes),
        )| PairPlan {
            mentor,
            mentee,
            role,
            focus,
            cadence,
            status,
            ticks,
            strengths,
            experiences,
            meetings,
            feedback,
            notes,
            actions,
            deletes,
        },
    )
}

/// Where a huge text goes.
#[derive(Debug, Clone, Copy)]
enum HugeIn {
    SharedNote,
    PrivateNote,
    MeetingNotes,
    ItemNote,
    FeedbackBody,
}

#[derive(Debug, Clone)]
struct Plan {
    pairs: Vec<PairPlan>,
    delete_second_pair: bool,
    /// A text of about a megabyte, in a few cases only.
    huge: Option<(HugeIn, String)>,
}

impl Plan {
    /// Short enough to print when a case fails.
    fn summary(&self) -> String {
        let mut s = format!("{self:?}");
        if s.len() > 4000 {
            s.truncate(floor(&s, 4000));
            s.push('…');
        }
        s
    }
}

fn huge() -> impl Strategy<Value = (HugeIn, String)> {
    let place = prop_oneof![
        Just(HugeIn::SharedNote),
        Just(HugeIn::PrivateNote),
        Just(HugeIn::MeetingNotes),
        Just(HugeIn::ItemNote),
        Just(HugeIn::FeedbackBody),
    ];
    (place, text(), 200_000usize..1_100_000).prop_map(|(place, seed, size)| {
        let seed = format!("{seed}x ");
        let mut s = seed.repeat(size / seed.len() + 1);
        s.truncate(floor(&s, size));
        (place, s)
    })
}

fn plan() -> impl Strategy<Value = Plan> {
    (
        prop::collection::vec(pair_plan(), 1..=2),
        any::<bool>(),
        prop_oneof![8 => Just(None), 1 => huge().prop_map(Some)],
    )
        .prop_map(|(pairs, delete_second_pair, huge)| Plan {
            pairs,
            delete_second_pair,
            huge,
        })
}

// --------------------------------------------------------- building content

/// A journal holding what `plan` asks for. Whatever the store refuses (a
/// blank required text, say) is simply not added.
fn build(plan: &Plan) -> Store {
    let mut s = empty();
    let template = Template::built_in();
    let mut pair_ids = Vec::new();
    for (n, p) in plan.pairs.iter().enumerate() {
        let cadence = p.cadence.and_then(|c| domain::cadence(c).ok());
        let since = today() - Duration::days(30 * n as i64);
        let pair = NewPair::new(&p.mentor, &p.mentee, p.role, &p.focus, since, cadence)
            .ok()
            .and_then(|new| s.add_pair(&new, &template).ok())
            .unwrap_or_else(|| {
                let new = NewPair::new("Mentor", "Mentee", p.role, "", since, cadence).unwrap();
                s.add_pair(&new, &template).unwrap()
            });
        let id = pair.id;
        pair_ids.push(id);
        let keys: Vec<String> = s
            .checklist(id)
            .unwrap()
            .into_iter()
            .map(|i| i.key)
            .collect();
        for (i, done, note) in &p.ticks {
            let _ = s.set_item_done(id, &keys[i % keys.len()], *done, note.as_deref());
        }
        let mut added: Vec<(Kind, i64)> = Vec::new();
        for (whose, t) in &p.strengths {
            if let Ok(e) = s.add_strength(id, *whose, t) {
                added.push((Kind::Strength, e.id));
            }
        }
        for (challenge, similar) in &p.experiences {
            if let Ok(e) = s.add_experience(id, challenge, similar) {
                added.push((Kind::Experience, e.id));
            }
        }
        for (held, agenda, notes, next_steps) in &p.meetings {
            let m = NewMeeting {
                held_at: now() + Duration::milliseconds(*held),
                agenda: agenda.clone(),
                notes: notes.clone(),
                next_steps: next_steps.clone(),
            };
            if let Ok(e) = s.add_meeting(id, &m) {
                added.push((Kind::Meeting, e.id));
            }
        }
        for f in &p.feedback {
            let new = NewFeedback {
                direction: if f.to_mentor {
                    Direction::ToMentor
                } else {
                    Direction::ToMentee
                },
                requested: f.requested,
                body: f.body.clone(),
                situation: f.situation.clone(),
                behaviour: f.behaviour.clone(),
                impact: f.impact.clone(),
                response: f.response,
                follow_up: f.follow_up.clone(),
                given_at: now() + Duration::milliseconds(f.given),
            };
            if let Ok(e) = s.add_feedback(id, &new) {
                added.push((Kind::Feedback, e.id));
            }
        }
        for (body, private, typed) in &p.notes {
            let tags = domain::parse_tags(typed.iter().map(String::as_str)).unwrap_or_default();
            let note = NewNote {
                body: body.clone(),
                private: *private,
                tags,
            };
            if let Ok(e) = s.add_note(id, &note) {
                added.push((Kind::Note, e.id));
            }
        }
        for (owner, t, due, done) in &p.actions {
            let due = due.map(|d| today() + Duration::days(d));
            if let Ok(e) = s.add_action(id, *owner, t, due) {
                added.push((Kind::Action, e.id));
                if *done {
                    s.set_action_done(e.id, true).unwrap();
                }
            }
        }
        if !added.is_empty() {
            let mut gone: Vec<usize> = p.deletes.iter().map(|d| d % added.len()).collect();
            gone.sort_unstable();
            gone.dedup();
            for i in gone {
                let (kind, entry) = added[i];
                s.delete_entry(id, kind, entry).unwrap();
            }
        }
        if p.status != PairStatus::Active {
            s.set_pair_status(id, p.status).unwrap();
        }
    }
    if let Some((place, t)) = &plan.huge {
        let id = pair_ids[0];
        let _ = match place {
            HugeIn::SharedNote | HugeIn::PrivateNote => s
                .add_note(
                    id,
                    &NewNote {
                        body: t.clone(),
                        private: matches!(place, HugeIn::PrivateNote),
                        tags: vec!["huge".into()],
                    },
                )
                .map(drop),
            HugeIn::MeetingNotes => s
                .add_meeting(
                    id,
                    &NewMeeting {
                        held_at: now(),
                        agenda: String::new(),
                        notes: t.clone(),
                        next_steps: String::new(),
                    },
                )
                .map(drop),
            HugeIn::ItemNote => s.set_item_done(id, "trust.agenda", true, Some(t)).map(drop),
            HugeIn::FeedbackBody => s
                .add_feedback(
                    id,
                    &NewFeedback {
                        direction: Direction::ToMentor,
                        requested: true,
                        body: t.clone(),
                        situation: None,
                        behaviour: Some(String::new()),
                        impact: None,
                        response: Response::Discussed,
                        follow_up: String::new(),
                        given_at: now(),
                    },
                )
                .map(drop),
        };
    }
    if plan.delete_second_pair && pair_ids.len() > 1 {
        s.delete_pair(pair_ids[1]).unwrap();
    }
    s
}

/// The whole journal as an export, private notes included.
fn doc_of(s: &Store) -> Document {
    export::document(
        &s.bundles(None, true).unwrap(),
        &s.tombstones(None).unwrap(),
        s.clock().now(),
        true,
    )
}

/// What `candor import` does with the text of a file: parse (validate), then merge.
fn import_text(s: &mut Store, json: &str) -> Result<MergeReport, String> {
    let i = export::parse(json, "prop.json", now()).map_err(|e| e.to_string())?;
    s.merge(&i.bundles, &i.tombstones)
        .map_err(|e| e.to_string())
}

fn import(s: &mut Store, doc: &Document) -> Result<MergeReport, String> {
    import_text(s, &serde_json::to_string(doc).unwrap())
}

/// The largest char boundary of `s` at or below `i`.
fn floor(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn short(s: &str) -> String {
    if s.len() <= 300 {
        return format!("{s:?}");
    }
    let cut = floor(s, 300);
    format!("{:?}… ({} bytes)", &s[..cut], s.len())
}

/// Where two JSON values first differ, with both sides cut short.
fn first_difference(a: &Value, b: &Value, path: &str) -> Option<String> {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let mut keys: Vec<&String> = x.keys().chain(y.keys()).collect();
            keys.sort();
            keys.dedup();
            keys.into_iter().find_map(|k| {
                first_difference(
                    x.get(k).unwrap_or(&Value::Null),
                    y.get(k).unwrap_or(&Value::Null),
                    &format!("{path}.{k}"),
                )
            })
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => x
            .iter()
            .zip(y)
            .enumerate()
            .find_map(|(i, (p, q))| first_difference(p, q, &format!("{path}[{i}]"))),
        _ if a == b => None,
        _ => Some(format!(
            "{path}: {} ≠ {}",
            short(&a.to_string()),
            short(&b.to_string())
        )),
    }
}

fn same(a: &Document, b: &Document) -> Result<(), String> {
    if a == b {
        return Ok(());
    }
    let (x, y) = (
        serde_json::to_value(a).unwrap(),
        serde_json::to_value(b).unwrap(),
    );
    Err(first_difference(&x, &y, "doc").unwrap_or_else(|| "documents differ".into()))
}

/// `doc` as the other side of every pair would export it.
fn flipped(doc: &Document) -> Document {
    let mut d = doc.clone();
    for p in &mut d.pairs {
        p.exporter_role = p.exporter_role.other();
    }
    d
}

/// `doc` without its tombstones: what a journal that never held the rows
/// they name exports after importing `doc` (an import keeps only the
/// tombstones of rows it removed).
fn untombed(doc: &Document) -> Document {
    let mut d = doc.clone();
    d.tombstones.clear();
    d
}

// ------------------------------------------------------------ property 1, 2

proptest! {
    #![proptest_config(config(40))]

    /// export → JSON → parse → merge into an empty journal → export: the
    /// same document, but the importer holds the other role in every pair
    /// (and no tombstones: they name nothing it ever held).
    #[test]
    fn export_import_export_gives_the_same_document(plan in plan()) {
        let a = build(&plan);
        let first = doc_of(&a);
        let mut b = empty();
        let report = import(&mut b, &first);
        prop_assert!(report.is_ok(), "the journal's own export was refused: {}\nplan: {}",
            report.unwrap_err(), plan.summary());
        let second = doc_of(&b);
        prop_assert_eq!(first.pairs.len(), second.pairs.len());
        for (mine, theirs) in second.pairs.iter().zip(&first.pairs) {
            prop_assert_eq!(mine.exporter_role, theirs.exporter_role.other(),
                "pair {} kept the exporter's role", mine.uid);
        }
        if let Err(diff) = same(&flipped(&second), &untombed(&first)) {
            prop_assert!(false, "round trip changed {diff}\nplan: {}", plan.summary());
        }
        // And back: the first journal's role is its own again.
        let third = doc_of(&{
            let mut c = empty();
            import(&mut c, &second).unwrap();
            c
        });
        if let Err(diff) = same(&third, &untombed(&first)) {
            prop_assert!(false, "two hops changed {diff}");
        }
    }

    /// Importing the same document again adds and updates nothing, into the
    /// journal that took it and into the journal that made it.
    #[test]
    fn importing_the_same_document_twice_changes_nothing(plan in plan()) {
        let mut a = build(&plan);
        let doc = doc_of(&a);
        let mut b = empty();
        let once = import(&mut b, &doc);
        prop_assert!(once.is_ok(), "{}\nplan: {}", once.unwrap_err(), plan.summary());
        let after_once = doc_of(&b);
        let twice = import(&mut b, &doc).unwrap();
        prop_assert_eq!((twice.added, twice.updated, twice.deleted), (0, 0, 0), "{:?}", twice);
        if let Err(diff) = same(&doc_of(&b), &after_once) {
            prop_assert!(false, "the second import changed {diff}");
        }
        let own = import(&mut a, &doc).unwrap();
        prop_assert_eq!((own.added, own.updated, own.deleted), (0, 0, 0), "{:?}", own);
        if let Err(diff) = same(&doc_of(&a), &doc) {
            prop_assert!(false, "importing its own export changed {diff}");
        }
    }
}

// ------------------------------------------------------------ property 3

/// A journal with one of everything, exported with fixed uids: the base for
/// mutations and the target they are imported into.
fn base() -> &'static (Value, Vec<u8>) {
    static BASE: OnceLock<(Value, Vec<u8>)> = OnceLock::new();
    BASE.get_or_init(|| {
        let mut s = empty();
        let t = Template::built_in();
        let new = NewPair::new(
            "Alex Morgan",
            "Ben Okafor",
            Role::Mentor,
            "trust",
            today(),
            Some(14),
        )
        .unwrap();
        let p = s.add_pair(&new, &t).unwrap().id;
        let new = NewPair::new("Cleo Park", "Dana Li", Role::Mentee, "", today(), None).unwrap();
        let q = s.add_pair(&new, &t).unwrap().id;
        s.set_item_done(p, "trust.agenda", true, Some("a note"))
            .unwrap();
        s.add_strength(p, Role::Mentee, "explains trade-offs")
            .unwrap();
        s.add_experience(p, "estimates ignored", "roadmap overruled")
            .unwrap();
        s.add_meeting(
            p,
            &NewMeeting {
                held_at: now(),
                agenda: String::new(),
                notes: "we met".into(),
                next_steps: String::new(),
            },
        )
        .unwrap();
        s.add_feedback(
            p,
            &NewFeedback {
                direction: Direction::ToMentor,
                requested: true,
                body: "you listen".into(),
                situation: Some("standup".into()),
                behaviour: None,
                impact: None,
                response: Response::Accepted,
                follow_up: String::new(),
                given_at: now(),
            },
        )
        .unwrap();
        for (body, private) in [("shared", false), ("private", true)] {
            s.add_note(
                p,
                &NewNote {
                    body: body.into(),
                    private,
                    tags: vec!["next".into()],
                },
            )
            .unwrap();
        }
        let gone = s
            .add_note(
                q,
                &NewNote {
                    body: "soon deleted".into(),
                    private: false,
                    tags: vec![],
                },
            )
            .unwrap();
        s.delete_entry(q, Kind::Note, gone.id).unwrap();
        s.add_action(p, Owner::Both, "read", Some(today())).unwrap();
        let doc = serde_json::to_value(doc_of(&s)).unwrap();
        // The same uids on every run.
        let mut uids = HashMap::new();
        let doc = renumber(doc, &mut uids);
        let mut cli = serde_json::to_vec_pretty(&doc).unwrap();
        cli.push(b'\n');
        (doc, cli)
    })
}

fn renumber(v: Value, uids: &mut HashMap<String, String>) -> Value {
    match v {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| {
                    let v = match (&*k, v) {
                        ("uid" | "pair_uid", Value::String(u)) => {
                            let n = uids.len() as u128 + 1;
                            Value::String(
                                uids.entry(u)
                                    .or_insert_with(|| uuid::Uuid::from_u128(n).to_string())
                                    .clone(),
                            )
                        }
                        (_, v) => renumber(v, uids),
                    };
                    (k, v)
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(|v| renumber(v, uids)).collect()),
        other => other,
    }
}

/// A journal with its own pair and the base document already merged in.
fn target() -> Store {
    let mut s = empty();
    let new = NewPair::new("Gus Grey", "Hana Ito", Role::Mentee, "", today(), None).unwrap();
    let p = s.add_pair(&new, &Template::built_in()).unwrap().id;
    s.add_note(
        p,
        &NewNote {
            body: "the importer's own".into(),
            private: true,
            tags: vec![],
        },
    )
    .unwrap();
    import_text(&mut s, &base().0.to_string()).unwrap();
    s
}

/// Names the export uses, so that arbitrary JSON sometimes looks like one.
const KEYS: &[&str] = &[
    "format",
    "format_version",
    "exported_at",
    "includes_private",
    "pairs",
    "tombstones",
    "uid",
    "mentor_name",
    "mentee_name",
    "exporter_role",
    "focus",
    "started_on",
    "status",
    "created_at",
    "updated_at",
    "checklist",
    "notes",
    "body",
    "tags",
    "step",
    "key",
    "kind",
];

fn json_leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        prop_oneof![Just(0u64), Just(1), Just(99), Just(u64::MAX)].prop_map(Value::from),
        text().prop_map(Value::String),
        prop::sample::select(
            &[
                "candor-export",
                "mentor",
                "mentee",
                "active",
                "note",
                NOW,
                "2026-11-27",
                "00000000-0000-0000-0000-000000000001",
                "2026-13-45T99:99:99Z",
            ][..]
        )
        .prop_map(|s| Value::String(s.into())),
    ]
}

fn json_value() -> impl Strategy<Value = Value> {
    json_leaf().prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec(
                (
                    prop_oneof![
                        3 => prop::sample::select(KEYS).prop_map(str::to_owned),
                        1 => text(),
                    ],
                    inner
                ),
                0..6
            )
            .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

/// A change to a document: which node (by index, modulo their number) and what.
#[derive(Debug, Clone)]
enum Mutation {
    Replace(usize, Value),
    Remove(usize),
    DuplicateInArray(usize),
    SetText(usize, String),
    BumpUpdatedAt(i64),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), json_value()).prop_map(|(i, v)| Mutation::Replace(i, v)),
        any::<usize>().prop_map(Mutation::Remove),
        any::<usize>().prop_map(Mutation::DuplicateInArray),
        (any::<usize>(), text()).prop_map(|(i, t)| Mutation::SetText(i, t)),
        (1i64..100_000_000).prop_map(Mutation::BumpUpdatedAt),
    ]
}

/// Every path in `v`, as object keys and array indexes.
fn paths(v: &Value, here: &mut Vec<Value>, out: &mut Vec<Vec<Value>>) {
    out.push(here.clone());
    match v {
        Value::Object(map) => {
            for (k, child) in map {
                here.push(Value::String(k.clone()));
                paths(child, here, out);
                here.pop();
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                here.push(Value::from(i));
                paths(child, here, out);
                here.pop();
            }
        }
        _ => {}
    }
}

fn at<'a>(v: &'a mut Value, path: &[Value]) -> &'a mut Value {
    path.iter().fold(v, |v, step| match step {
        Value::String(k) => &mut v[k.as_str()],
        i => &mut v[i.as_u64().unwrap() as usize],
    })
}

fn mutate(doc: &mut Value, m: &Mutation) {
    let mut all = Vec::new();
    paths(doc, &mut Vec::new(), &mut all);
    let pick = |i: usize| all[i % all.len()].clone();
    match m {
        Mutation::Replace(i, v) => *at(doc, &pick(*i)) = v.clone(),
        Mutation::Remove(i) => {
            let path = pick(*i);
            if let Some((last, parent)) = path.split_last() {
                match (at(doc, parent), last) {
                    (Value::Object(map), Value::String(k)) => {
                        map.remove(k);
                    }
                    (Value::Array(items), i) => {
                        items.remove(i.as_u64().unwrap() as usize);
                    }
                    _ => {}
                }
            }
        }
        Mutation::DuplicateInArray(i) => {
            let path = pick(*i);
            if let Some((last, parent)) = path.split_last()
                && let Value::Array(items) = at(doc, parent)
            {
                let copy = items[last.as_u64().unwrap() as usize].clone();
                items.push(copy);
            }
        }
        Mutation::SetText(i, t) => {
            let node = at(doc, &pick(*i));
            if node.is_string() {
                *node = Value::String(t.clone());
            }
        }
        Mutation::BumpUpdatedAt(ms) => {
            let later = (now() + Duration::milliseconds(*ms)).to_rfc3339();
            for path in all
                .iter()
                .filter(|p| p.last() == Some(&json!("updated_at")))
            {
                *at(doc, path) = Value::String(later.clone());
            }
        }
    }
}

/// Parses and merges `json` into a copy of the target; a refusal or a failed
/// merge must leave it exactly as it was, and a merge that went through must
/// change nothing when repeated.
fn import_into_target(json: &str) -> Result<(), TestCaseError> {
    let mut s = target();
    let before = doc_of(&s);
    match export::parse(json, "prop.json", now()) {
        Err(e) => {
            prop_assert!(!e.to_string().is_empty());
            prop_assert_eq!(doc_of(&s), before);
        }
        Ok(export::Import {
            bundles,
            tombstones,
            ..
        }) => match s.merge(&bundles, &tombstones) {
            Err(_) => {
                if let Err(diff) = same(&doc_of(&s), &before) {
                    prop_assert!(false, "a failed merge left {diff}");
                }
            }
            Ok(_) => {
                let merged = doc_of(&s);
                let again = s.merge(&bundles, &tombstones);
                prop_assert!(again.is_ok(), "{:?}", again);
                let again = again.unwrap();
                prop_assert_eq!((again.added, again.updated, again.deleted), (0, 0, 0));
                if let Err(diff) = same(&doc_of(&s), &merged) {
                    prop_assert!(false, "the second merge changed {diff}");
                }
            }
        },
    }
    Ok(())
}

fn bytes() -> impl Strategy<Value = Vec<u8>> {
    let cli = &base().1;
    let n = cli.len();
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..2048),
        // A good export cut short.
        (0..n).prop_map(move |cut| base().1[..cut].to_vec()),
        // A good export with a few bytes changed.
        prop::collection::vec((0..n, any::<u8>()), 1..4).prop_map(|changes| {
            let mut b = base().1.clone();
            for (i, byte) in changes {
                b[i] = byte;
            }
            b
        }),
        // Text, possibly UTF-8, that starts like an export.
        text().prop_map(|t| format!("{{\"format\":\"candor-export\",{t}").into_bytes()),
    ]
}

proptest! {
    #![proptest_config(config(96))]

    /// Arbitrary bytes, read as text the lossy way, never make `parse` panic.
    #[test]
    fn parsing_arbitrary_bytes_never_panics(b in bytes()) {
        import_into_target(&String::from_utf8_lossy(&b))?;
    }

    /// Arbitrary JSON never makes `parse` panic, and is refused whole.
    #[test]
    fn parsing_arbitrary_json_never_panics(v in json_value()) {
        import_into_target(&v.to_string())?;
    }

    /// A good export with some part of it changed: refused whole, or merged
    /// in one piece; a merge that fails half-way leaves nothing behind.
    #[test]
    fn a_changed_export_is_refused_or_merged_whole(
        changes in prop::collection::vec(mutation(), 1..4)
    ) {
        let mut doc = base().0.clone();
        for m in &changes {
            mutate(&mut doc, m);
        }
        import_into_target(&doc.to_string())?;
    }
}

/// `candor import FILE` on a journal file, with a fixed clock.
fn cli_import(db: &Path, file: &Path, cfg: &Path) -> std::process::Output {
    assert_cmd::Command::cargo_bin("candor")
        .unwrap()
        .arg("--db")
        .arg(db)
        .arg("import")
        .arg(file)
        .env("CANDOR_CONFIG_DIR", cfg)
        .env("CANDOR_NOW", NOW)
        .env_remove("CANDOR_DB")
        .env_remove("EDITOR")
        .env_remove("CANDOR_PASSPHRASE")
        .output()
        .unwrap()
}

proptest! {
    #![proptest_config(config(16))]

    /// The binary: an import of arbitrary bytes exits with an error (or, for
    /// a changed export that is still good, succeeds), never panics, and a
    /// refused file leaves the journal byte for byte.
    #[test]
    fn the_cli_never_writes_a_refused_file(b in bytes()) {
        let dir = tempfile::TempDir::new().unwrap();
        let db = dir.path().join("j.db");
        {
            let mut s = Store::open(&db, clock()).unwrap();
            import_text(&mut s, &base().0.to_string()).unwrap();
        }
        let file = dir.path().join("in.json");
        std::fs::write(&file, &b).unwrap();
        let before = std::fs::read(&db).unwrap();
        let out = cli_import(&db, &file, &dir.path().join("cfg"));
        let stderr = String::from_utf8_lossy(&out.stderr);
        prop_assert!(!stderr.contains("panicked"), "{}", stderr);
        prop_assert_ne!(out.status.code(), Some(101), "{}", stderr);
        if !out.status.success() {
            prop_assert!(stderr.starts_with("candor: ") && stderr.matches('\n').count() == 1,
                "{:?}", stderr);
            prop_assert!(std::fs::read(&db).unwrap() == before, "a refused import wrote");
        }
    }
}

// ------------------------------------------------------------ property 4

/// A name of about the limit in length, of one repeated piece.
fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => text(),
        // SQLite's length() stops at the first NUL.
        1 => text().prop_map(|t| format!("\0{t}")),
        2 => (piece(), 190usize..210).prop_map(|(p, n)| {
            let p = if p.is_empty() { "é".to_owned() } else { p };
            p.chars().cycle().take(n).collect()
        }),
        1 => (piece(), 0usize..4, 195usize..205).prop_map(|(pad, k, n)| {
            let pad = pad.repeat(k);
            format!("{pad}{}{pad}", "n".repeat(n))
        }),
    ]
}

/// The base document with `edit` applied, imported into an empty journal.
fn imports(edit: impl FnOnce(&mut Value)) -> Result<Store, String> {
    let mut doc = base().0.clone();
    edit(&mut doc);
    let mut s = empty();
    import_text(&mut s, &doc.to_string()).map(|_| s)
}

proptest! {
    #![proptest_config(config(160))]

    /// `candor pair add` takes a name exactly when an import does, and both
    /// keep the same (trimmed) name.
    #[test]
    fn a_name_imports_exactly_when_the_cli_takes_it(s in name(), mentee in any::<bool>()) {
        let field = if mentee { "mentee_name" } else { "mentor_name" };
        let cli = domain::person_name("x", &s);
        let imported = imports(|d| d["pairs"][0][field] = json!(s));
        prop_assert_eq!(cli.is_ok(), imported.is_ok(),
            "person_name: {:?}; import: {:?}", cli, imported.as_ref().err());
        if let (Ok(name), Ok(store)) = (cli, imported) {
            let pair = &store.pairs().unwrap()[0];
            let got = if mentee { &pair.mentee_name } else { &pair.mentor_name };
            prop_assert_eq!(got, &name);
        }
    }

    /// The same for the texts of entries: a strength, an action item and a
    /// note import exactly when the command line would take them.
    #[test]
    fn an_entry_text_imports_exactly_when_the_cli_takes_it(s in text(), which in 0usize..4) {
        let (cli, list, field) = match which {
            0 => (domain::required_text("t", &s).is_ok(), "strengths", "text"),
            1 => (domain::required_text("t", &s).is_ok(), "actions", "text"),
            2 => (domain::body("t", &s, false).is_ok(), "notes", "body"),
            _ => (domain::required_text("t", &s).is_ok(), "experiences", "similar"),
        };
        let imported = imports(|d| d["pairs"][0][list][0][field] = json!(s));
        prop_assert_eq!(cli, imported.is_ok(), "import: {:?}", imported.as_ref().err());
    }
}

/// The base document imports as it is (so the properties above test the one change).
#[test]
fn the_base_document_imports() {
    let s = imports(|_| {}).unwrap();
    assert_eq!(s.pairs().unwrap().len(), 2);
    let doc = doc_of(&s);
    // The one tombstone names a note this journal never held: not kept.
    assert_eq!(base().0["tombstones"].as_array().unwrap().len(), 1);
    assert!(doc.tombstones.is_empty());
    assert_eq!(doc.pairs[0].notes.len(), 2);
}

/// Two checklist items of one pair with the same key pass `parse` (each is
/// valid alone) but not the journal's one-item-per-key rule: the merge fails
/// half-way and must leave nothing behind, not even the pairs before.
#[test]
fn a_merge_that_fails_half_way_leaves_nothing() {
    let mut doc = base().0.clone();
    let key = doc["pairs"][1]["checklist"][0]["key"].clone();
    doc["pairs"][1]["checklist"][1]["key"] = key;
    let mut s = empty();
    let before = doc_of(&s);
    let result = import_text(&mut s, &doc.to_string());
    assert!(result.is_err(), "{result:?}");
    assert_eq!(doc_of(&s), before);
    assert!(s.pairs().unwrap().is_empty());
    assert!(s.tombstones(None).unwrap().is_empty());
    // Into a journal that already holds both pairs: a newer first pair and a
    // new item of the second whose key is taken. Nothing changes.
    let mut doc = base().0.clone();
    let mut item = doc["pairs"][1]["checklist"][0].clone();
    item["uid"] = json!("00000000-0000-4000-8000-0000000000ff");
    doc["pairs"][1]["checklist"]
        .as_array_mut()
        .unwrap()
        .push(item);
    let mut t = target();
    let before = doc_of(&t);
    doc["pairs"][0]["mentor_name"] = json!("Renamed");
    doc["pairs"][0]["updated_at"] = json!("2026-11-28T09:00:00Z");
    assert!(import_text(&mut t, &doc.to_string()).is_err());
    assert_eq!(doc_of(&t), before);
}

// ------------------------------------------------------------ property 5

/// A tombstone's `kind`: every word an export uses, and one it does not.
const TOMBSTONE_KINDS: &[&str] = &[
    "pair",
    "checklist_item",
    "strength",
    "experience",
    "meeting",
    "feedback",
    "note",
    "action",
    "goal",
    "checkin",
    "bogus",
];

/// Entries a file may plant, by list, with whether they are private.
const PLANTED: &[(&str, bool)] = &[
    ("notes", false),
    ("notes", true),
    ("meetings", false),
    ("strengths", false),
    ("actions", false),
    ("goals", false),
    ("checkins", true),
];

/// An entry of list `list`, valid on its own, with uid `uid`.
fn planted(list: &str, private: bool, uid: &str, at: &str) -> Value {
    match list {
        "notes" => json!({"uid": uid, "body": "planted", "private": private, "tags": [],
            "created_at": at, "updated_at": at}),
        "meetings" => json!({"uid": uid, "held_at": at, "agenda": "", "notes": "planted",
            "next_steps": "", "created_at": at, "updated_at": at}),
        "strengths" => json!({"uid": uid, "whose": "mentee", "text": "planted",
            "created_at": at, "updated_at": at}),
        "actions" => json!({"uid": uid, "owner": "both", "text": "planted", "due_on": null,
            "done_at": null, "created_at": at, "updated_at": at}),
        "goals" => json!({"uid": uid, "text": "planted", "criteria": "", "due_on": null,
            "created_at": at, "updated_at": at, "progress": []}),
        _ => json!({"uid": uid, "trust": 1, "helped": "planted", "in_the_way": "", "note": "",
            "checked_at": at, "created_at": at, "updated_at": at}),
    }
}

/// How a file B is made from the export A of the journal it is imported into.
#[derive(Debug, Clone)]
struct FilePlan {
    /// Which of A's pairs B carries (cycled over them).
    carry: Vec<bool>,
    /// Pairs of B that the journal does not know.
    foreign: usize,
    /// What B says of itself; its private entries go when it says false.
    includes_private: bool,
    /// Every carried row made newer by this many milliseconds (at most a day).
    bump: Option<i64>,
    /// Entries B adds: (uid, pair of B, which of `PLANTED`), each an index
    /// taken modulo. The uids are A's (of any kind, pair or privacy) or new.
    planted: Vec<(usize, usize, usize)>,
    /// Tombstones: (uid, kind, pair uid), each an index taken modulo.
    tombstones: Vec<(usize, usize, usize)>,
}

fn file_plan() -> impl Strategy<Value = FilePlan> {
    (
        prop::collection::vec(any::<bool>(), 1..4),
        0usize..3,
        any::<bool>(),
        prop::option::of(1i64..=86_400_000),
        prop::collection::vec((any::<usize>(), any::<usize>(), any::<usize>()), 0..6),
        prop::collection::vec((any::<usize>(), any::<usize>(), any::<usize>()), 0..12),
    )
        .prop_map(
            |(carry, foreign, includes_private, bump, planted, tombstones)| FilePlan {
                carry,
                foreign,
                includes_private,
                bump,
                planted,
                tombstones,
            },
        )
}

/// The lists of a pair in an export that hold uid-bearing entries, with
/// the kind a tombstone names their entries by.
const LISTS: &[(&str, &str)] = &[
    ("checklist", "checklist_item"),
    ("strengths", "strength"),
    ("experiences", "experience"),
    ("meetings", "meeting"),
    ("feedback", "feedback"),
    ("notes", "note"),
    ("actions", "action"),
    ("goals", "goal"),
    ("checkins", "checkin"),
];

/// A uid of export `a` (or a new one), what kind of row it is, and the uid
/// of its pair.
struct Known {
    uid: String,
    kind: &'static str,
    pair: Option<String>,
}

/// Every uid in export `a`, then a few that no journal holds.
fn uid_pool(a: &Value) -> Vec<Known> {
    let mut pool = Vec::new();
    for p in a["pairs"].as_array().unwrap() {
        let pair = p["uid"].as_str().unwrap().to_owned();
        let known = |uid: &Value, kind| Known {
            uid: uid.as_str().unwrap().to_owned(),
            kind,
            pair: Some(pair.clone()),
        };
        pool.push(known(&p["uid"], "pair"));
        for (list, kind) in LISTS {
            for e in p[*list].as_array().unwrap() {
                pool.push(known(&e["uid"], kind));
                for pr in e["progress"].as_array().into_iter().flatten() {
                    // Progress has no kind of its own in a tombstone.
                    pool.push(known(&pr["uid"], "goal"));
                }
            }
        }
    }
    for t in a["tombstones"].as_array().unwrap() {
        pool.push(Known {
            uid: t["uid"].as_str().unwrap().to_owned(),
            kind: TOMBSTONE_KINDS
                .iter()
                .find(|k| t["kind"] == json!(k))
                .copied()
                .unwrap_or("bogus"),
            pair: t["pair_uid"].as_str().map(str::to_owned),
        });
    }
    for n in 0..3u128 {
        pool.push(Known {
            uid: uuid::Uuid::from_u128(0xabc0 + n).to_string(),
            kind: "note",
            pair: None,
        });
    }
    pool
}

/// Every uid anywhere in `v`.
fn uids_in(v: &Value, out: &mut std::collections::HashSet<String>) {
    match v {
        Value::Object(map) => {
            if let Some(Value::String(u)) = map.get("uid") {
                out.insert(u.clone());
            }
            map.values().for_each(|v| uids_in(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| uids_in(v, out)),
        _ => {}
    }
}

/// Removes from `v` every array element whose uid is `uid`.
fn drop_uid(v: &mut Value, uid: &str) {
    match v {
        Value::Object(map) => map.values_mut().for_each(|v| drop_uid(v, uid)),
        Value::Array(items) => {
            items.retain(|e| e["uid"] != json!(uid));
            items.iter_mut().for_each(|v| drop_uid(v, uid));
        }
        _ => {}
    }
}

/// Sets every `updated_at` in `v` to `at`.
fn touch(v: &mut Value, at: &str) {
    match v {
        Value::Object(map) => {
            for (k, v) in map.iter_mut() {
                if k == "updated_at" {
                    *v = json!(at);
                } else {
                    touch(v, at);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| touch(v, at)),
        _ => {}
    }
}

/// File B, made from export A as `plan` says. Valid by construction (no uid
/// twice, no private entry it does not claim, no time too late), so that
/// the merge rules, not the claims, are what is tried. A tombstone for an
/// entry of a pair B carries takes the entry out of B, as the other side's
/// own export would.
fn hostile(a: &Value, plan: &FilePlan) -> Value {
    let pool = uid_pool(a);
    let a_pairs = a["pairs"].as_array().unwrap();
    let at = match plan.bump {
        Some(ms) => (now() + Duration::milliseconds(ms)).to_rfc3339(),
        None => NOW.to_owned(),
    };
    let mut pairs = Vec::new();
    for (i, p) in a_pairs.iter().enumerate() {
        if !plan.carry[i % plan.carry.len()] {
            continue;
        }
        let mut p = p.clone();
        if !plan.includes_private {
            p["notes"]
                .as_array_mut()
                .unwrap()
                .retain(|n| n["private"] == false);
            p["checkins"] = json!([]);
        }
        if plan.bump.is_some() {
            touch(&mut p, &at);
        }
        pairs.push(p);
    }
    let mut foreign_uids = Vec::new();
    for k in 0..plan.foreign {
        let mut p = a_pairs[0].clone();
        let uid = uuid::Uuid::from_u128(0xf0_0000 + k as u128).to_string();
        p["uid"] = json!(uid);
        for (list, _) in LISTS {
            p[*list] = json!([]);
        }
        foreign_uids.push(uid);
        pairs.push(p);
    }
    let pair_uids: Vec<Value> = pairs.iter().map(|p| p["uid"].clone()).collect();
    let mut tombstones: Vec<Value> = Vec::new();
    for &(u, k, p) in &plan.tombstones {
        let known = &pool[u % pool.len()];
        if pair_uids.contains(&json!(known.uid))
            || tombstones.iter().any(|t| t["uid"] == json!(known.uid))
        {
            continue;
        }
        // Mostly the kind and pair the uid has in A, often anything else.
        let kind = match k % (TOMBSTONE_KINDS.len() + 4) {
            n if n < TOMBSTONE_KINDS.len() => TOMBSTONE_KINDS[n],
            _ => known.kind,
        };
        let mut choices: Vec<Value> = vec![Value::Null];
        choices.extend(a_pairs.iter().map(|p| p["uid"].clone()));
        choices.extend(foreign_uids.iter().map(|p| json!(p)));
        let pair_uid = match p % (choices.len() + 3) {
            n if n < choices.len() => choices[n].clone(),
            _ => json!(known.pair),
        };
        for p in &mut pairs {
            drop_uid(p, &known.uid);
        }
        tombstones.push(json!({
            "uid": known.uid,
            "kind": kind,
            "pair_uid": pair_uid,
            "deleted_at": NOW,
        }));
    }
    let mut used = std::collections::HashSet::new();
    uids_in(&Value::Array(pairs.clone()), &mut used);
    uids_in(&Value::Array(tombstones.clone()), &mut used);
    for &(u, p, t) in &plan.planted {
        let uid = &pool[u % pool.len()].uid;
        let (list, private) = PLANTED[t % PLANTED.len()];
        if pairs.is_empty() || used.contains(uid) || (private && !plan.includes_private) {
            continue;
        }
        let n = p % pairs.len();
        pairs[n][list]
            .as_array_mut()
            .unwrap()
            .push(planted(list, private, uid, &at));
        used.insert(uid.clone());
    }
    json!({
        "format": "candor-export",
        "format_version": 3,
        "journal_uid": "0b1e55ed-0000-4000-8000-00000000a11a",
        "exported_at": NOW,
        "includes_private": plan.includes_private,
        "pairs": pairs,
        "tombstones": tombstones,
    })
}

/// The journal of `plan`, with a pair of its own holding a shared and a
/// private note, a check-in and a goal with progress, and check-ins in the
/// others; sealed under a passphrase (and locked after its export) when
/// `sealed`. Returns it and its export with private entries.
fn journal_for_hostile_file(plan: &Plan, sealed: bool) -> (Store, Value) {
    let mut s = build(plan);
    let template = Template::built_in();
    let new = NewPair::new("Gus Grey", "Hana Ito", Role::Mentee, "", today(), None).unwrap();
    s.add_pair(&new, &template).unwrap();
    for p in s.pairs().unwrap() {
        for (body, private) in [
            ("shared, of the importer", false),
            ("private, of the importer", true),
        ] {
            let note = NewNote {
                body: body.into(),
                private,
                tags: vec![],
            };
            s.add_note(p.id, &note).unwrap();
        }
        let c = candor::store::NewCheckIn {
            trust: 4,
            helped: "asked first".into(),
            in_the_way: String::new(),
            note: "a check-in of the importer".into(),
            checked_at: None,
        };
        s.add_checkin(p.id, &c).unwrap();
        let goal = candor::store::NewGoal {
            text: "run the retro".into(),
            criteria: String::new(),
            due_on: None,
        };
        let g = s.add_goal(p.id, &goal).unwrap();
        s.add_goal_progress(g.id, 40, "half way").unwrap();
    }
    if sealed {
        s.set_passphrase("correct horse battery", candor::crypto::KdfParams::TEST)
            .unwrap();
    }
    let a = serde_json::to_value(doc_of(&s)).unwrap();
    s.lock();
    (s, a)
}

/// Every entry of a pair: (tombstone kind, uid, private).
fn rows_of(b: &candor::store::PairBundle) -> Vec<(&'static str, String, bool)> {
    let mut rows = Vec::new();
    rows.extend(
        b.checklist
            .iter()
            .map(|e| ("checklist_item", e.uid.clone(), false)),
    );
    rows.extend(
        b.strengths
            .iter()
            .map(|e| ("strength", e.uid.clone(), false)),
    );
    rows.extend(
        b.experiences
            .iter()
            .map(|e| ("experience", e.uid.clone(), false)),
    );
    rows.extend(b.meetings.iter().map(|e| ("meeting", e.uid.clone(), false)));
    rows.extend(
        b.feedback
            .iter()
            .map(|e| ("feedback", e.uid.clone(), false)),
    );
    rows.extend(
        b.notes
            .iter()
            .map(|e| ("note", e.uid.clone(), e.is_private())),
    );
    rows.extend(b.actions.iter().map(|e| ("action", e.uid.clone(), false)));
    rows.extend(b.goals.iter().map(|(g, _)| ("goal", g.uid.clone(), false)));
    rows.extend(b.checkins.iter().map(|e| ("checkin", e.uid.clone(), true)));
    rows
}

/// Everything in the journal, private entries as stored (sealed bytes and
/// all), by pair uid.
fn by_pair(s: &Store) -> HashMap<String, candor::store::PairBundle> {
    s.bundles(None, true)
        .unwrap()
        .into_iter()
        .map(|b| (b.pair.uid.clone(), b))
        .collect()
}

fn hostile_case() -> impl Strategy<Value = (Plan, bool, FilePlan)> {
    (
        plan().prop_map(|mut p| {
            p.huge = None;
            p
        }),
        prop::bool::weighted(0.3),
        file_plan(),
    )
}

proptest! {
    #![proptest_config(config(40))]

    /// For any export A of a journal and any file B made from it — pairs
    /// carried or not, pairs it does not know, A's uids planted as other
    /// kinds, in other pairs, private or not, tombstones of every kind for
    /// any of A's uids and any pair — importing B into the journal never
    /// removes a pair, never removes or changes anything of a pair B does
    /// not carry, removes from a pair B carries only shared entries that B
    /// has a tombstone for (same kind, same pair), never changes a private
    /// note or check-in (same row, same text or sealed bytes), and changes
    /// nothing when imported again.
    #[test]
    fn an_import_never_removes_beyond_what_the_file_carries(
        (plan, sealed, file) in hostile_case()
    ) {
        let (mut s, a) = journal_for_hostile_file(&plan, sealed);
        let b = hostile(&a, &file);
        let before = by_pair(&s);
        let parsed = export::parse(&b.to_string(), "b.json", now());
        prop_assert!(parsed.is_ok(), "B was refused: {}", parsed.unwrap_err());
        let parsed = parsed.unwrap();
        let report = s.merge(&parsed.bundles, &parsed.tombstones);
        prop_assert!(report.is_ok(), "{:?}", report);
        let after = by_pair(&s);
        let carried: Vec<&str> = b["pairs"].as_array().unwrap().iter()
            .map(|p| p["uid"].as_str().unwrap()).collect();
        let tombstones = b["tombstones"].as_array().unwrap();
        for (uid, was) in &before {
            let now = after.get(uid);
            prop_assert!(now.is_some(), "pair {} was removed", uid);
            let now = now.unwrap();
            if !carried.contains(&uid.as_str()) {
                prop_assert!(now == was, "pair {} that B does not carry changed", uid);
                continue;
            }
            let kept: Vec<String> = rows_of(now).into_iter().map(|(_, u, _)| u).collect();
            for (kind, row, private) in rows_of(was) {
                if kept.contains(&row) {
                    continue;
                }
                prop_assert!(!private, "private {} {} was removed", kind, row);
                let named = tombstones.iter().any(|t| {
                    t["uid"] == json!(row) && t["kind"] == json!(kind) && t["pair_uid"] == json!(uid)
                });
                prop_assert!(named, "{} {} of pair {} was removed by no tombstone of its own", kind, row, uid);
            }
            for n in was.notes.iter().filter(|n| n.is_private()) {
                prop_assert_eq!(Some(n), now.notes.iter().find(|m| m.uid == n.uid), "a private note changed");
            }
            for c in &was.checkins {
                prop_assert_eq!(Some(c), now.checkins.iter().find(|d| d.uid == c.uid), "a check-in changed");
            }
        }
        let again = s.merge(&parsed.bundles, &parsed.tombstones).unwrap();
        prop_assert_eq!((again.added, again.updated, again.deleted), (0, 0, 0), "{:?}", again);
        prop_assert!(by_pair(&s) == after, "the second import changed something");
    }
}
