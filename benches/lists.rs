//! Long lists (issue 15, "lists that jump"): the Notes tab of one pair with
//! 100,000 notes of ~300 words, and the action items of the Meetings tab of
//! a pair with 100,000 of them, timed in-process as a person waits on them —
//! each key handled and the next frame drawn — and the memory resident after
//! scrolling each end to end. Run with:
//!
//!     cargo bench --bench lists
//!
//! `LISTS_BENCH_NOTES=10000 LISTS_BENCH_ACTIONS=10000 cargo bench --bench
//! lists` for other sizes (0 leaves a list out). Each journal is written once
//! by a child process (so its memory is not counted here) into
//! `target/bench-lists/` and reused. It prints one line per measurement, as
//! medians; no thresholds are asserted here.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use candor::app::{App, Right};
use candor::clock::SystemClock;
use candor::domain::{NewPair, Role};
use candor::keymap::Keymap;
use candor::store::Store;
use candor::template::Template;
use candor::ui::{self, Theme};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const BUILD: &str = "--write-lists-journal";
const BUILD_ACTIONS: &str = "--write-actions-journal";
const BROWSE: &str = "--browse";

fn main() {
    let args: Vec<String> = std::env::args().collect();
    for flag in [BUILD, BUILD_ACTIONS] {
        if let Some(i) = args.iter().position(|a| a == flag) {
            let db = PathBuf::from(&args[i + 1]);
            let n = args[i + 2].parse().expect("a count");
            return if flag == BUILD {
                write_journal(&db, n)
            } else {
                write_actions(&db, n)
            };
        }
    }
    if let Some(i) = args.iter().position(|a| a == BROWSE) {
        let db = PathBuf::from(&args[i + 1]);
        let n = args[i + 2].parse().expect("a count");
        let tab = args[i + 3].chars().next().expect("a tab");
        return browse(&db, n, tab, &args[i + 4]);
    }
    let count = |var: &str| -> usize {
        std::env::var(var)
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(100_000)
    };
    let notes = count("LISTS_BENCH_NOTES");
    if notes > 0 {
        let db = journal(BUILD, &format!("notes-{notes}.db"), notes);
        browse_apart(&db, notes, '5', "note");
    }
    let actions = count("LISTS_BENCH_ACTIONS");
    if actions > 0 {
        let db = journal(BUILD_ACTIONS, &format!("actions-{actions}.db"), actions);
        println!();
        browse_apart(&db, actions, '3', "action item");
    }
}

/// [`browse`] in a process of its own, so each list's memory is its own.
fn browse_apart(db: &Path, n: usize, tab: char, what: &str) {
    let status = std::process::Command::new(std::env::current_exe().expect("exe"))
        .args([
            BROWSE,
            db.to_str().expect("utf-8 path"),
            &n.to_string(),
            &tab.to_string(),
            what,
        ])
        .status()
        .expect("the browser runs");
    assert!(status.success(), "browsing {what}s failed");
}

/// The journal `name` in `target/bench-lists/`, written by a child process
/// run with `flag` the first time.
fn journal(flag: &str, name: &str, n: usize) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-lists");
    std::fs::create_dir_all(&dir).expect("bench folder");
    let db = dir.join(name);
    if !db.exists() {
        let started = Instant::now();
        let partial = db.with_extension("partial");
        let _ = std::fs::remove_file(&partial);
        let status = std::process::Command::new(std::env::current_exe().expect("exe"))
            .args([flag, partial.to_str().expect("utf-8 path"), &n.to_string()])
            .status()
            .expect("the writer runs");
        assert!(status.success(), "writing the journal failed");
        std::fs::rename(&partial, &db).expect("journal in place");
        println!(
            "wrote {n} rows to {} in {:.1} s",
            db.display(),
            started.elapsed().as_secs_f64()
        );
    }
    db
}

/// A journal at `db` with one pair and no entry; the pair's id.
fn one_pair(db: &Path) -> i64 {
    let mut store = Store::open(db, Arc::new(SystemClock)).expect("store");
    let pair = NewPair::new(
        "Ana Ruiz",
        "Ben Okafor",
        Role::Mentor,
        "",
        chrono::NaiveDate::from_ymd_opt(2015, 1, 1).expect("date"),
        Some(14),
    )
    .expect("pair");
    store
        .add_pair(&pair, &Template::built_in())
        .expect("pair")
        .id
}

/// One pair and `notes` notes of ~300 words, a minute apart, in one transaction.
fn write_journal(db: &Path, notes: usize) {
    let pair = one_pair(db);
    let mut conn = rusqlite::Connection::open(db).expect("journal");
    let tx = conn.transaction().expect("transaction");
    {
        let mut insert = tx
            .prepare(
                "INSERT INTO note (uid, pair_id, body, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?4)",
            )
            .expect("insert");
        let start = chrono::DateTime::parse_from_rfc3339("2016-01-01T09:00:00Z")
            .expect("time")
            .with_timezone(&chrono::Utc);
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        for i in 0..notes {
            let at = candor::store::timestamp(start + chrono::Duration::minutes(i as i64));
            let body = prose(i, &mut seed);
            insert
                .execute(rusqlite::params![
                    uuid::Uuid::new_v4().to_string(),
                    pair,
                    body,
                    at
                ])
                .expect("note");
        }
    }
    tx.commit().expect("commit");
}

/// One pair and `n` action items of a sentence each, written an hour apart
/// over the years before 2026, in one transaction: seven in ten done, each
/// due a few days after it was written, one in ten without a day, so many
/// share a due day (and a place in the list's order).
fn write_actions(db: &Path, n: usize) {
    let pair = one_pair(db);
    let mut conn = rusqlite::Connection::open(db).expect("journal");
    let tx = conn.transaction().expect("transaction");
    {
        let mut insert = tx
            .prepare(
                "INSERT INTO action_item (uid, pair_id, owner, text, due_on, done_at,
                     created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
            )
            .expect("insert");
        let start = chrono::DateTime::parse_from_rfc3339("2016-01-01T09:00:00Z")
            .expect("time")
            .with_timezone(&chrono::Utc);
        let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
        for i in 0..n {
            let written = start + chrono::Duration::hours(i as i64);
            let roll = next(&mut seed) % 100;
            let due = (roll >= 10).then(|| {
                let days = chrono::Days::new(next(&mut seed) % 14);
                (written.date_naive() + days).format("%Y-%m-%d").to_string()
            });
            let done = (roll % 10 < 7)
                .then(|| candor::store::timestamp(written + chrono::Duration::days(3)));
            let text = prose(i, &mut seed);
            let text: String = text.split(' ').take(14).collect::<Vec<_>>().join(" ");
            insert
                .execute(rusqlite::params![
                    uuid::Uuid::new_v4().to_string(),
                    pair,
                    ["mentor", "mentee", "both"][i % 3],
                    text,
                    due,
                    done,
                    candor::store::timestamp(written)
                ])
                .expect("action item");
        }
    }
    tx.commit().expect("commit");
}

/// The next number of a xorshift generator.
fn next(seed: &mut u64) -> u64 {
    *seed ^= *seed << 13;
    *seed ^= *seed >> 7;
    *seed ^= *seed << 17;
    *seed
}

const WORDS: &[&str] = &[
    "estimate",
    "team",
    "review",
    "design",
    "meeting",
    "feedback",
    "deadline",
    "plan",
    "question",
    "listen",
    "promise",
    "scope",
    "risk",
    "customer",
    "release",
    "learn",
    "confidence",
    "pair",
    "delegate",
    "conflict",
    "trust",
    "careful",
    "quickly",
    "because",
    "although",
    "after",
    "before",
    "during",
    "the",
    "a",
    "we",
    "they",
    "she",
    "he",
    "it",
    "was",
    "is",
    "will",
    "could",
    "should",
    "asked",
    "said",
    "wrote",
    "tried",
    "found",
    "missed",
    "kept",
    "changed",
    "small",
    "large",
    "hard",
    "clear",
    "honest",
    "late",
    "early",
    "again",
    "together",
    "alone",
    "next",
    "week",
    "sprint",
    "story",
    "ticket",
    "incident",
    "postmortem",
    "architecture",
    "interview",
    "promotion",
    "goal",
    "habit",
];

/// About 300 words of deterministic prose, its first line naming the note.
fn prose(i: usize, seed: &mut u64) -> String {
    let mut text = format!("note {i}: ");
    for w in 0..300 {
        text.push_str(WORDS[(next(seed) % WORDS.len() as u64) as usize]);
        text.push(if w % 15 == 14 { '.' } else { ' ' });
        if w % 60 == 59 {
            text.push('\n');
        }
    }
    text
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn report(name: &str, samples: Vec<Duration>) {
    let runs = samples.len();
    let max = samples.iter().max().copied().unwrap_or_default();
    println!(
        "{name:<44} median {:>8.3} ms  max {:>8.3} ms  ({runs} runs)",
        median(samples).as_secs_f64() * 1e3,
        max.as_secs_f64() * 1e3
    );
}

struct Screen {
    app: App,
    terminal: Terminal<TestBackend>,
    theme: Theme,
}

impl Screen {
    /// Presses `code` and draws the frame that follows; how long it took.
    fn press(&mut self, code: KeyCode) -> Duration {
        let start = Instant::now();
        let _ = self.app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
        let app = &self.app;
        let theme = &self.theme;
        self.terminal
            .draw(|f| ui::render(&app.state, theme, f))
            .expect("frame");
        start.elapsed()
    }

    fn cursor(&self) -> usize {
        match &self.app.state.right {
            Right::Entries(v) => v.cursor,
            _ => panic!("no list is shown"),
        }
    }

    fn held(&self) -> usize {
        match &self.app.state.right {
            Right::Entries(v) => v.list.held(),
            _ => 0,
        }
    }
}

/// Opens the journal at `db`, shows tab `tab` of its one pair, which lists
/// `n` rows (each `what`), and times the keys that move through it.
fn browse(db: &Path, n: usize, tab: char, what: &str) {
    let rss_start = resident("VmRSS");
    let start = Instant::now();
    let store = Store::open(db, Arc::new(SystemClock)).expect("store");
    let mut app = App::new(store, Template::built_in(), Keymap::built_in());
    let _ = app.resize(100, 30);
    let mut screen = Screen {
        app,
        terminal: Terminal::new(TestBackend::new(100, 30)).expect("terminal"),
        theme: Theme::new(false),
    };
    println!(
        "{:<44} {:>8.3} ms",
        format!("open the journal ({n} {what}s, one pair)"),
        start.elapsed().as_secs_f64() * 1e3
    );
    let runs = 51;
    let tab_times: Vec<Duration> = (0..runs)
        .map(|_| {
            screen.press(KeyCode::Char('1'));
            screen.press(KeyCode::Char(tab))
        })
        .collect();
    report(&format!("{tab}: the tab, counted, first page"), tab_times);
    let bottom: Vec<Duration> = (0..runs)
        .map(|_| {
            screen.press(KeyCode::Char('g'));
            screen.press(KeyCode::Char('G'))
        })
        .collect();
    assert_eq!(screen.cursor(), n - 1, "G reached the end");
    report(&format!("G: the last {what}"), bottom);
    let top: Vec<Duration> = (0..runs)
        .map(|_| {
            screen.press(KeyCode::Char('G'));
            screen.press(KeyCode::Char('g'))
        })
        .collect();
    assert_eq!(screen.cursor(), 0, "g reached the top");
    report(&format!("g: back to the first {what}"), top);
    let up: Vec<Duration> = (0..runs)
        .map(|_| {
            screen.press(KeyCode::Char('G'));
            screen.press(KeyCode::Char('k'))
        })
        .collect();
    assert_eq!(screen.cursor(), n - 2, "k moved up");
    report("k after G", up);
    screen.press(KeyCode::Char('g'));
    let down: Vec<Duration> = (0..500).map(|_| screen.press(KeyCode::PageDown)).collect();
    report("PgDn (500 pages from the top)", down);
    let back: Vec<Duration> = (0..500).map(|_| screen.press(KeyCode::PageUp)).collect();
    report("PgUp (500 pages back)", back);
    screen.press(KeyCode::Char('G'));
    let from_end: Vec<Duration> = (0..500).map(|_| screen.press(KeyCode::PageUp)).collect();
    report("PgUp from the end (500 pages)", from_end);
    let j: Vec<Duration> = (0..1000)
        .map(|_| screen.press(KeyCode::Char('j')))
        .collect();
    report("j (1000 rows)", j);
    let frames: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            let app = &screen.app;
            let theme = &screen.theme;
            screen
                .terminal
                .draw(|f| ui::render(&app.state, theme, f))
                .expect("frame");
            start.elapsed()
        })
        .collect();
    report("a frame alone", frames);
    // Scroll the whole list a page at a time: what is held stays a few pages.
    screen.press(KeyCode::Char('g'));
    let mut most = 0;
    while screen.cursor() + 1 < n {
        screen.press(KeyCode::PageDown);
        most = most.max(screen.held());
    }
    println!("rows held at most while paging end to end      {most}");
    println!(
        "resident memory: at start {} KiB, after all of it {} KiB, peak {} KiB",
        rss_start,
        resident("VmRSS"),
        resident("VmHWM")
    );
}

/// A line of /proc/self/status in KiB (0 where there is none).
fn resident(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}
