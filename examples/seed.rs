//! A deterministic journal of realistic size, for measuring candor:
//!
//!     cargo run --release --example seed -- --db FILE --pairs 20 --entries 100000
//!
//! It fills a new journal with `--pairs` pairs and `--entries` meetings,
//! feedback, notes and action items spread evenly over them, oldest first
//! over the three years before 2026-01-01. Meetings, feedback and notes hold
//! about 300 words of prose built from word lists (so the text compresses and
//! tokenizes like writing, not like one repeated word); an action item is one
//! or two sentences. The rare word `zyzzyva` is planted in
//! [`RARE_ENTRIES`] entries and the common word `estimates` in about half of
//! them; neither appears anywhere else. The same arguments give the same
//! content (the hash printed at the end); only the pairs' uids differ.
//!
//! Pairs go through the public `Store` API (their checklist comes with them);
//! entries are written with plain SQL into the schema the store just made, a
//! few thousand rows per transaction, so the search index is filled by the
//! schema's own triggers. An existing non-empty file is refused.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use candor::clock::FixedClock;
use candor::domain::{NewPair, Role};
use candor::store::Store;
use candor::template::Template;
use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use rusqlite::{Connection, params};

/// The rare word, and how many entries hold it.
pub const RARE: &str = "zyzzyva";
pub const RARE_ENTRIES: usize = 5;
/// The common word, in about half of all entries.
pub const COMMON: &str = "estimates";

/// Rows per transaction.
const BATCH: usize = 4000;

/// The PRNG: SplitMix64, small and good enough for text.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, words: &[&'a str]) -> &'a str {
        words[self.below(words.len())]
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
    /// A uid in the shape of a UUID v4, from the PRNG.
    fn uid(&mut self) -> String {
        let (a, b) = (self.next(), self.next());
        format!(
            "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
            a >> 32,
            (a >> 16) & 0xffff,
            a & 0xfff,
            0x8000 | ((b >> 48) & 0x3fff),
            b & 0xffff_ffff_ffff
        )
    }
}

const SUBJECTS: &[&str] = &[
    "we",
    "I",
    "she",
    "he",
    "the team",
    "our manager",
    "the new hire",
    "my mentee",
    "the reviewer",
    "the product owner",
    "nobody",
    "everyone in the room",
    "the lead",
    "the customer",
    "the on-call engineer",
    "the designer",
    "a colleague from support",
    "the architect",
    "the intern",
    "they",
];
const VERBS: &[&str] = &[
    "talked about",
    "worried about",
    "pushed back on",
    "agreed on",
    "wrote down",
    "questioned",
    "postponed",
    "reviewed",
    "rewrote",
    "explained",
    "underestimated",
    "celebrated",
    "ignored",
    "asked about",
    "struggled with",
    "simplified",
    "mentioned",
    "presented",
    "measured",
    "split up",
    "planned",
    "argued about",
    "handed over",
    "documented",
    "tested",
    "delegated",
    "shipped",
    "revisited",
    "prioritised",
    "doubted",
];
const OBJECTS: &[&str] = &[
    "the migration plan",
    "the release",
    "the quarterly goals",
    "a difficult conversation",
    "the code review backlog",
    "the interview loop",
    "the design document",
    "the roadmap",
    "the outage report",
    "the test suite",
    "the budget",
    "a promotion case",
    "the onboarding guide",
    "the pairing schedule",
    "the retrospective",
    "the deadline",
    "the hiring plan",
    "a conference talk",
    "the performance review",
    "the API contract",
    "the incident timeline",
    "the dependency upgrade",
    "the team charter",
    "the demo",
    "the feedback from last week",
    "the open questions",
    "the support rotation",
    "the database schema",
    "the meeting notes",
    "the weekly update",
];
const TAILS: &[&str] = &[
    "before the end of the sprint",
    "without much enthusiasm",
    "in more detail than usual",
    "with a clear head this time",
    "after lunch",
    "for the second time",
    "over coffee",
    "in the one-to-one",
    "while the build was running",
    "with some hesitation",
    "more candidly than before",
    "at the start of the meeting",
    "by the window",
    "in writing",
    "with a concrete example",
    "as a first step",
    "late on Friday",
    "with the whole group",
    "quietly",
    "to everyone's relief",
    "with numbers",
    "from a different angle",
    "in small steps",
    "once the dust settled",
];
const OPENERS: &[&str] = &[
    "",
    "",
    "",
    "Then ",
    "Later ",
    "Honestly, ",
    "Again ",
    "Afterwards ",
    "At first ",
    "Still, ",
    "In the end ",
    "Meanwhile ",
    "Surprisingly, ",
    "As expected, ",
    "Once more ",
];
const REFLECTIONS: &[&str] = &[
    "It felt like progress.",
    "That was harder than it sounds.",
    "I should have asked sooner.",
    "Nobody mentioned the risk.",
    "The silence said a lot.",
    "We will see next time.",
    "It is worth writing down.",
    "Trust takes time to build.",
    "The question stayed open.",
    "I was proud of that moment.",
    "Something to come back to.",
    "It did not go as planned.",
];
const FIRST_NAMES: &[&str] = &[
    "Ben", "Chloe", "Dmitri", "Esther", "Farid", "Grace", "Hiro", "Ines", "Jonas", "Kemi", "Lars",
    "Maya", "Nikhil", "Olga", "Pablo", "Quinn", "Rosa", "Sami", "Tomas", "Uma", "Viktor", "Wen",
    "Ximena", "Yusuf", "Zoe",
];
const LAST_NAMES: &[&str] = &[
    "Okafor",
    "Lindqvist",
    "Moreau",
    "Tanaka",
    "Novak",
    "Haddad",
    "Ferreira",
    "Kowalski",
    "Nakamura",
    "Adeyemi",
    "Schmidt",
    "Rossi",
    "Papadopoulos",
    "Walsh",
    "Chen",
    "Iyer",
];
const TAGS: &[&str] = &[
    "career",
    "code-review",
    "estimation",
    "hiring",
    "conflict",
    "growth",
];

/// A sentence of prose; with `word`, that word is in it.
fn sentence(rng: &mut Rng, word: Option<&str>) -> String {
    let subject = rng.pick(SUBJECTS);
    let opener = rng.pick(OPENERS);
    let mut s = if opener.is_empty() {
        let mut c = subject.chars();
        c.next()
            .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
            .unwrap_or_default()
    } else {
        format!("{opener}{subject}")
    };
    s.push(' ');
    s.push_str(rng.pick(VERBS));
    s.push(' ');
    s.push_str(rng.pick(OBJECTS));
    if let Some(w) = word {
        s.push_str(&format!(" and the {w}"));
    }
    if rng.chance(70) {
        s.push(' ');
        s.push_str(rng.pick(TAILS));
    }
    s.push('.');
    if rng.chance(25) {
        s.push(' ');
        s.push_str(rng.pick(REFLECTIONS));
    }
    s
}

/// About `words` words of prose in paragraphs, holding each of `plant` once.
fn prose(rng: &mut Rng, words: usize, plant: &[&str]) -> String {
    let mut sentences = Vec::new();
    let mut count = 0;
    while count < words {
        let s = sentence(rng, None);
        count += s.split_whitespace().count();
        sentences.push(s);
    }
    for w in plant {
        let at = rng.below(sentences.len());
        sentences[at] = sentence(rng, Some(w));
    }
    let mut out = String::new();
    for (i, s) in sentences.iter().enumerate() {
        if i > 0 {
            out.push_str(if rng.chance(15) { "\n\n" } else { " " });
        }
        out.push_str(s);
    }
    out
}

fn stamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// What was written, for the summary line.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub meetings: usize,
    pub feedback: usize,
    pub notes: usize,
    pub actions: usize,
    pub rare: usize,
    pub common: usize,
    pub text_bytes: usize,
}

/// Fills the new journal at `db`.
pub fn seed(db: &Path, pairs: usize, entries: usize, seed: u64) -> Result<Counts> {
    if pairs == 0 {
        bail!("--pairs must be at least 1.");
    }
    match std::fs::metadata(db) {
        Ok(m) if m.len() > 0 => bail!(
            "{} exists and is not empty; the seed writes only a new journal.",
            db.display()
        ),
        _ => {}
    }
    let end = Utc
        .with_ymd_and_hms(2026, 1, 1, 9, 0, 0)
        .single()
        .context("date")?;
    let start = end - Duration::days(3 * 365);
    let started_on = NaiveDate::from_ymd_opt(2022, 12, 1).context("date")?;
    let mut rng = Rng(seed);
    let mut store = Store::open(db, Arc::new(FixedClock(start)))?;
    let template = Template::built_in();
    let mut pair_ids = Vec::with_capacity(pairs);
    for i in 0..pairs {
        let mentee = format!(
            "{} {}",
            FIRST_NAMES[i % FIRST_NAMES.len()],
            LAST_NAMES[(i / FIRST_NAMES.len()) % LAST_NAMES.len()]
        );
        let mentee = if i >= FIRST_NAMES.len() * LAST_NAMES.len() {
            format!("{mentee} {i}")
        } else {
            mentee
        };
        let focus = format!("{} and {}", rng.pick(OBJECTS), rng.pick(OBJECTS));
        let pair = NewPair::new(
            "Ana Ruiz",
            &mentee,
            Role::Mentor,
            &focus,
            started_on,
            Some(14),
        )?;
        pair_ids.push(store.add_pair(&pair, &template)?.id);
    }
    drop(store);

    let mut conn = Connection::open(db)?;
    conn.execute_batch("PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;")?;
    // The entries that hold the rare word: spread over the whole range.
    let rare: Vec<usize> = (0..RARE_ENTRIES.min(entries))
        .map(|k| (k * entries + entries / 2) / RARE_ENTRIES.max(1))
        .collect();
    let step = (end - start) / i32::try_from(entries.max(1)).context("too many entries")?;
    let mut counts = Counts::default();
    let mut i = 0;
    while i < entries {
        let tx = conn.transaction()?;
        for _ in 0..BATCH.min(entries - i) {
            let pair_id = pair_ids[i % pairs];
            let at = start + step * i32::try_from(i).context("too many entries")?;
            let when = stamp(at);
            let mut plant = Vec::new();
            if rare.contains(&i) {
                plant.push(RARE);
                counts.rare += 1;
            }
            if rng.chance(50) {
                plant.push(COMMON);
                counts.common += 1;
            }
            let uid = rng.uid();
            match rng.below(20) {
                // Notes, 40 %.
                0..8 => {
                    let body = prose(&mut rng, 300, &plant);
                    let tags = if rng.chance(30) {
                        rng.pick(TAGS).to_owned()
                    } else {
                        String::new()
                    };
                    let private = rng.chance(5);
                    counts.text_bytes += body.len() + tags.len();
                    tx.execute(
                        "INSERT INTO note (uid, pair_id, body, private, tags, binding, created_at, updated_at)
                         VALUES (?1, ?2, ?3, ?4, ?5, 2, ?6, ?6)",
                        params![uid, pair_id, body, private, tags, when],
                    )?;
                    counts.notes += 1;
                }
                // Meetings, 25 %.
                8..13 => {
                    let (a, rest) = plant.split_at(plant.len().min(1));
                    let agenda = prose(&mut rng, 40, &[]);
                    let notes = prose(&mut rng, 220, a);
                    let next = prose(&mut rng, 40, rest);
                    counts.text_bytes += agenda.len() + notes.len() + next.len();
                    tx.execute(
                        "INSERT INTO meeting (uid, pair_id, held_at, agenda, notes, next_steps, created_at, updated_at)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?3, ?3)",
                        params![uid, pair_id, when, agenda, notes, next],
                    )?;
                    counts.meetings += 1;
                }
                // Feedback, 20 %.
                13..17 => {
                    let direction = if rng.chance(50) {
                        "to_mentee"
                    } else {
                        "to_mentor"
                    };
                    let requested = rng.chance(30);
                    let response = rng.pick(&[
                        "pending",
                        "accepted",
                        "discussed",
                        "pushed_back",
                        "accepted",
                    ]);
                    let body = prose(&mut rng, 150, &plant);
                    let situation = prose(&mut rng, 40, &[]);
                    let behaviour = prose(&mut rng, 40, &[]);
                    let impact = prose(&mut rng, 40, &[]);
                    let follow_up = prose(&mut rng, 30, &[]);
                    counts.text_bytes += body.len()
                        + situation.len()
                        + behaviour.len()
                        + impact.len()
                        + follow_up.len();
                    tx.execute(
                        "INSERT INTO feedback (uid, pair_id, direction, requested, body, situation,
                             behaviour, impact, response, follow_up, given_at, created_at, updated_at)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11, ?11)",
                        params![
                            uid, pair_id, direction, requested, body, situation, behaviour,
                            impact, response, follow_up, when
                        ],
                    )?;
                    counts.feedback += 1;
                }
                // Action items, 15 %: a sentence or two.
                _ => {
                    let owner = rng.pick(&["mentor", "mentee", "both", "mentee"]);
                    let text = prose(&mut rng, 12, &plant);
                    let due = (at + Duration::days(14))
                        .date_naive()
                        .format("%Y-%m-%d")
                        .to_string();
                    let done = rng
                        .chance(70)
                        .then(|| stamp(at + Duration::days(rng.below(20) as i64 + 1)));
                    counts.text_bytes += text.len();
                    tx.execute(
                        "INSERT INTO action_item (uid, pair_id, owner, text, due_on, done_at, created_at, updated_at)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
                        params![uid, pair_id, owner, text, due, done, when],
                    )?;
                    counts.actions += 1;
                }
            }
            i += 1;
        }
        tx.commit()?;
    }
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA optimize;")?;
    Ok(counts)
}

/// A hash of what the journal says (every entry, pair and checklist item,
/// without the pairs' random uids), to compare two seeds.
pub fn content_hash(db: &Path) -> Result<String> {
    use sha2::{Digest, Sha256};
    let conn = Connection::open(db)?;
    let mut hasher = Sha256::new();
    for query in [
        "SELECT id, mentor_name, mentee_name, focus, created_at FROM pair ORDER BY id",
        "SELECT id, pair_id, title, note FROM checklist_item ORDER BY id",
        "SELECT id, uid, pair_id, held_at, agenda, notes, next_steps FROM meeting ORDER BY id",
        "SELECT id, uid, pair_id, direction, requested, body, situation, behaviour, impact,
                response, follow_up, given_at FROM feedback ORDER BY id",
        "SELECT id, uid, pair_id, body, private, tags, created_at FROM note ORDER BY id",
        "SELECT id, uid, pair_id, owner, text, due_on, done_at, created_at FROM action_item ORDER BY id",
    ] {
        let mut stmt = conn.prepare(query)?;
        let columns = stmt.column_count();
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            for c in 0..columns {
                let value: rusqlite::types::Value = row.get(c)?;
                hasher.update(format!("{value:?}\u{1f}").as_bytes());
            }
            hasher.update(b"\x1e");
        }
    }
    Ok(format!("{:x}", hasher.finalize()))
}

struct Args {
    db: PathBuf,
    pairs: usize,
    entries: usize,
    seed: u64,
}

fn args() -> Result<Args> {
    let usage = "usage: seed --db FILE [--pairs N (20)] [--entries N (1000)] [--seed N (15)]";
    let mut db = None;
    let (mut pairs, mut entries, mut seed) = (20, 1000, 15);
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it
            .next()
            .with_context(|| format!("{flag} needs a value; {usage}"))?;
        let number = || {
            value
                .parse::<usize>()
                .with_context(|| format!("{flag} takes a whole number, not {value:?}"))
        };
        match flag.as_str() {
            "--db" => db = Some(PathBuf::from(&value)),
            "--pairs" => pairs = number()?,
            "--entries" => entries = number()?,
            "--seed" => seed = number()? as u64,
            _ => bail!("unknown argument {flag}; {usage}"),
        }
    }
    Ok(Args {
        db: db.context(usage)?,
        pairs,
        entries,
        seed,
    })
}

fn main() {
    if let Err(e) = run() {
        eprintln!("seed: {e:#}");
        std::process::exit(2);
    }
}

fn run() -> Result<()> {
    let a = args()?;
    let began = Instant::now();
    let c = seed(&a.db, a.pairs, a.entries, a.seed)?;
    let size = std::fs::metadata(&a.db)?.len();
    println!(
        "{}: {} pairs; {} meetings, {} feedback, {} notes, {} action items; \
         {RARE:?} in {}, {COMMON:?} in {}",
        a.db.display(),
        a.pairs,
        c.meetings,
        c.feedback,
        c.notes,
        c.actions,
        c.rare,
        c.common
    );
    println!(
        "text {:.1} MB, file {:.1} MB ({:.2}x), written in {:.1} s",
        c.text_bytes as f64 / 1e6,
        size as f64 / 1e6,
        size as f64 / c.text_bytes.max(1) as f64,
        began.elapsed().as_secs_f64()
    );
    println!("content hash {}", content_hash(&a.db)?);
    Ok(())
}

#[cfg(test)]
mod tests {
    // benches/processes.rs includes this file: without a test harness there
    // the tests are left out, and this import is unused.
    #[allow(unused_imports)]
    use super::*;

    #[test]
    fn the_same_arguments_give_the_same_content() -> Result<()> {
        let dir = tempfile::tempdir()?;
        let (a, b, c) = (
            dir.path().join("a.db"),
            dir.path().join("b.db"),
            dir.path().join("c.db"),
        );
        let counts = seed(&a, 3, 200, 15)?;
        assert_eq!(seed(&b, 3, 200, 15)?, counts);
        assert_eq!(content_hash(&a)?, content_hash(&b)?);
        seed(&c, 3, 200, 16)?;
        assert_ne!(content_hash(&a)?, content_hash(&c)?);
        assert_eq!(
            counts.meetings + counts.feedback + counts.notes + counts.actions,
            200
        );
        assert_eq!(counts.rare, RARE_ENTRIES);
        // About half hold the common word.
        assert!((70..130).contains(&counts.common), "{counts:?}");
        // The journal opens, and its search finds what was planted.
        drop(Store::open(&a, Arc::new(candor::clock::SystemClock))?);
        let conn = Connection::open(&a)?;
        let count = |word: &str| -> Result<i64> {
            Ok(conn.query_row(
                "SELECT count(*) FROM search_index WHERE search_index MATCH ?1",
                [word],
                |r| r.get(0),
            )?)
        };
        assert_eq!(count(RARE)?, RARE_ENTRIES as i64);
        assert_eq!(count(COMMON)?, counts.common as i64);
        Ok(())
    }

    #[test]
    fn a_file_that_is_not_empty_is_refused_untouched() -> Result<()> {
        let dir = tempfile::tempdir()?;
        let db = dir.path().join("j.db");
        std::fs::write(&db, "my own text")?;
        let err = seed(&db, 2, 10, 15).expect_err("refused");
        assert!(err.to_string().contains("is not empty"), "{err}");
        assert_eq!(std::fs::read(&db)?, b"my own text");
        // An empty file is a new journal.
        let empty = dir.path().join("empty.db");
        std::fs::write(&empty, "")?;
        seed(&empty, 2, 10, 15)?;
        Ok(())
    }
}
