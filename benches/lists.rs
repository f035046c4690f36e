//! Long lists (issue 15, "lists that jump"): the Notes tab of one pair with
//! 100,000 notes of ~300 words, timed in-process as a person waits on it —
//! each key handled and the next frame drawn — and the memory resident after
//! scrolling it end to end. Run with:
//!
//!     cargo bench --bench lists
//!
//! `LISTS_BENCH_NOTES=10000 cargo bench --bench lists` for another size. The
//! journal is written once by a child process (so its memory is not counted
//! here) into `target/bench-lists/` and reused. It prints one line per
//! measurement, as medians; no thresholds are asserted here.

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

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == BUILD) {
        let db = PathBuf::from(&args[i + 1]);
        let notes = args[i + 2].parse().expect("a count");
        return write_journal(&db, notes);
    }
    let notes: usize = std::env::var("LISTS_BENCH_NOTES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(100_000);
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-lists");
    std::fs::create_dir_all(&dir).expect("bench folder");
    let db = dir.join(format!("notes-{notes}.db"));
    if !db.exists() {
        let started = Instant::now();
        let partial = db.with_extension("partial");
        let _ = std::fs::remove_file(&partial);
        let status = std::process::Command::new(std::env::current_exe().expect("exe"))
            .args([
                BUILD,
                partial.to_str().expect("utf-8 path"),
                &notes.to_string(),
            ])
            .status()
            .expect("the writer runs");
        assert!(status.success(), "writing the journal failed");
        std::fs::rename(&partial, &db).expect("journal in place");
        println!(
            "wrote {notes} notes to {} in {:.1} s",
            db.display(),
            started.elapsed().as_secs_f64()
        );
    }
    browse(&db, notes);
}

/// One pair and `notes` notes of ~300 words, a minute apart, in one transaction.
fn write_journal(db: &Path, notes: usize) {
    let store = Store::open(db, Arc::new(SystemClock)).expect("store");
    let mut store = store;
    let pair = NewPair::new(
        "Ana Ruiz",
        "Ben Okafor",
        Role::Mentor,
        "",
        chrono::NaiveDate::from_ymd_opt(2015, 1, 1).expect("date"),
        Some(14),
    )
    .expect("pair");
    let pair = store
        .add_pair(&pair, &Template::built_in())
        .expect("pair")
        .id;
    drop(store);
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
        *seed ^= *seed << 13;
        *seed ^= *seed >> 7;
        *seed ^= *seed << 17;
        text.push_str(WORDS[(*seed % WORDS.len() as u64) as usize]);
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

fn browse(db: &Path, notes: usize) {
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
        "open the journal ({notes} notes, one pair)       {:>8.3} ms",
        start.elapsed().as_secs_f64() * 1e3
    );
    let runs = 51;
    let tab: Vec<Duration> = (0..runs)
        .map(|_| {
            screen.press(KeyCode::Char('1'));
            screen.press(KeyCode::Char('5'))
        })
        .collect();
    report("5: the Notes tab, counted, first page", tab);
    let bottom: Vec<Duration> = (0..runs)
        .map(|_| {
            screen.press(KeyCode::Char('g'));
            screen.press(KeyCode::Char('G'))
        })
        .collect();
    assert_eq!(screen.cursor(), notes - 1, "G reached the end");
    report("G: the last note", bottom);
    let top: Vec<Duration> = (0..runs)
        .map(|_| {
            screen.press(KeyCode::Char('G'));
            screen.press(KeyCode::Char('g'))
        })
        .collect();
    assert_eq!(screen.cursor(), 0, "g reached the top");
    report("g: back to the first note", top);
    let up: Vec<Duration> = (0..runs)
        .map(|_| {
            screen.press(KeyCode::Char('G'));
            screen.press(KeyCode::Char('k'))
        })
        .collect();
    assert_eq!(screen.cursor(), notes - 2, "k moved up");
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
    while screen.cursor() + 1 < notes {
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
