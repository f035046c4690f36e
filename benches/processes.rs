//! What a person waits on, from process start, on realistic journals made
//! by the seed (examples/seed.rs). Run with:
//!
//!     cargo bench --bench processes
//!     CANDOR_BENCH_SIZES=1000,10000,100000 CANDOR_BENCH_PAIRS=20,1 cargo bench --bench processes
//!
//! For each size (entries) and number of pairs it seeds a journal once (kept
//! in target/tmp/, reused on the next run: the seed is deterministic), then:
//!
//! - times whole processes of the real release binary (`pair list`,
//!   `checklist`, `search` of a rare and of a common word, `list --limit 100`,
//!   `note add`), as medians over CANDOR_BENCH_RUNS runs (15) after one
//!   warm-up, each on a working copy of the journal;
//! - starts the real binary in a 100×30 pseudo-terminal and times it until
//!   the screen shows its first frame (read by a vt100 parser), then types q;
//! - runs itself again as a child that opens the journal, builds the App and
//!   draws its first frame into a TestBackend (start → first frame, without a
//!   terminal), then opens Notes and presses `G`, reporting the time of each
//!   and its resident memory (VmRSS, VmHWM from /proc/self/status).
//!
//! With CANDOR_BENCH_IN_TURN=1 it takes each measurement on the first and
//! the last of CANDOR_BENCH_SIZES in turn instead, and prints their medians
//! and ratio: the ratios of issue 15 are read from these.
//!
//!     CANDOR_BENCH_IN_TURN=1 CANDOR_BENCH_SIZES=1000,100000 CANDOR_BENCH_PAIRS=20,1 \
//!         CANDOR_BENCH_RUNS=41 cargo bench --bench processes
//!
//! It prints one line per measurement and asserts no thresholds; CI never
//! runs it (docs/PERFORMANCE.md has the figures and the commands).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

#[allow(dead_code)]
#[path = "../examples/seed.rs"]
mod seed;

const CANDOR: &str = env!("CARGO_BIN_EXE_candor");

fn env_list(name: &str, default: &str) -> Vec<usize> {
    std::env::var(name)
        .unwrap_or_else(|_| default.into())
        .split(',')
        .map(|s| {
            s.trim()
                .replace('_', "")
                .parse()
                .unwrap_or_else(|_| panic!("{name}: {s:?} is not a whole number"))
        })
        .collect()
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// A journal of `entries` entries over `pairs` pairs, seeded once.
fn journal(pairs: usize, entries: usize) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("bench-journals");
    std::fs::create_dir_all(&dir).expect("bench folder");
    let db = dir.join(format!("seed-{pairs}p-{entries}.db"));
    let done = db.with_extension("done");
    if !done.exists() {
        for f in [
            db.clone(),
            db.with_extension("db-wal"),
            db.with_extension("db-shm"),
        ] {
            let _ = std::fs::remove_file(f);
        }
        let began = Instant::now();
        seed::seed(&db, pairs, entries, 15).expect("seed");
        std::fs::write(&done, "").expect("mark");
        eprintln!(
            "seeded {} in {:.1} s",
            db.display(),
            began.elapsed().as_secs_f64()
        );
    }
    db
}

/// A copy of `db` to work on, so the seeded journal is never changed.
fn working_copy(db: &Path, dir: &Path) -> PathBuf {
    let copy = dir.join("work.db");
    std::fs::copy(db, &copy).expect("copy the journal");
    copy
}

fn run(config: &Path, db: &Path, args: &[&str]) -> Duration {
    let began = Instant::now();
    let out = Command::new(CANDOR)
        .arg("--db")
        .arg(db)
        .args(args)
        .env("XDG_CONFIG_HOME", config)
        .env("XDG_DATA_HOME", config)
        .env_remove("CANDOR_DB")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .expect("run candor");
    let took = began.elapsed();
    assert!(
        out.status.success(),
        "candor {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    took
}

/// The commands timed as whole processes, each with its name.
const COMMANDS: &[(&str, &[&str])] = &[
    ("pair list", &["pair", "list"]),
    ("checklist 1", &["checklist", "1"]),
    ("search zyzzyva (rare)", &["search", seed::RARE]),
    (
        "search estimates (common, first page)",
        &["search", seed::COMMON],
    ),
    (
        "list 1 notes --limit 100",
        &["list", "1", "notes", "--limit", "100"],
    ),
    (
        "note add 1 TEXT",
        &["note", "add", "1", "A short note written during the bench."],
    ),
];

fn processes(label: &str, db: &Path, runs: usize) {
    let dir = tempfile::tempdir().expect("temp dir");
    let work = working_copy(db, dir.path());
    let config = dir.path().join("config");
    for (name, args) in COMMANDS {
        run(&config, &work, args); // warm up
        let samples: Vec<Duration> = (0..runs).map(|_| run(&config, &work, args)).collect();
        let (lo, hi) = (
            samples.iter().min().copied().unwrap_or_default(),
            samples.iter().max().copied().unwrap_or_default(),
        );
        println!(
            "{label:<16} {name:<40} median {:>9.1} ms  (min {:.1}, max {:.1}; {runs} runs)",
            ms(median(samples)),
            ms(lo),
            ms(hi)
        );
    }
}

fn status_kib(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

/// In a fresh process: open, build the App, draw the first frame; then the
/// Notes tab and `G`. Prints `first_frame_us notes_us g_us rss hwm rss_g hwm_g`.
fn probe(db: &Path) {
    use candor::app::App;
    use candor::clock::SystemClock;
    use candor::keymap::Keymap;
    use candor::store::Store;
    use candor::template::Template;
    use candor::ui::{self, Theme};
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    let began = Instant::now();
    let store = Store::open(db, Arc::new(SystemClock)).expect("open");
    let mut app = App::new(store, Template::built_in(), Keymap::built_in());
    let _ = app.resize(100, 30);
    let theme = Theme::new(false);
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).expect("terminal");
    terminal
        .draw(|f| ui::render(&app.state, &theme, f))
        .expect("draw");
    let first = began.elapsed();
    let (rss, hwm) = (status_kib("VmRSS:"), status_kib("VmHWM:"));

    let mut step = |code: KeyCode| {
        let began = Instant::now();
        let _ = app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
        terminal
            .draw(|f| ui::render(&app.state, &theme, f))
            .expect("draw");
        began.elapsed()
    };
    let notes = step(KeyCode::Char('5'));
    let end = step(KeyCode::Char('G'));
    println!(
        "{} {} {} {rss} {hwm} {} {}",
        first.as_micros(),
        notes.as_micros(),
        end.as_micros(),
        status_kib("VmRSS:"),
        status_kib("VmHWM:")
    );
}

/// One probe (`--probe`) in a fresh process: its printed numbers.
fn probe_once(db: &Path) -> Vec<u64> {
    let me = std::env::current_exe().expect("this bench");
    let out = Command::new(&me)
        .arg("--probe")
        .arg(db)
        .stderr(Stdio::inherit())
        .output()
        .expect("probe");
    assert!(out.status.success(), "the probe failed");
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .map(|v| v.parse().expect("a number"))
        .collect()
}

fn in_process(label: &str, db: &Path, runs: usize) {
    let mut rows: Vec<Vec<u64>> = Vec::new();
    for i in 0..=runs.min(7) {
        let row = probe_once(db);
        if i > 0 {
            rows.push(row); // the first is the warm-up
        }
    }
    let med = |c: usize| {
        let mut v: Vec<u64> = rows.iter().map(|r| r[c]).collect();
        v.sort_unstable();
        v[v.len() / 2]
    };
    let n = rows.len();
    println!(
        "{label:<16} {:<40} median {:>9.1} ms  ({n} processes)",
        "start -> first frame (TestBackend)",
        med(0) as f64 / 1e3
    );
    println!(
        "{label:<16} {:<40} median {:>9.1} ms  ({n} processes)",
        "Notes tab (5), drawn",
        med(1) as f64 / 1e3
    );
    println!(
        "{label:<16} {:<40} median {:>9.1} ms  ({n} processes)",
        "G in Notes, drawn",
        med(2) as f64 / 1e3
    );
    println!(
        "{label:<16} {:<40} RSS {:.1} MiB (peak {:.1}) at the first frame; {:.1} MiB (peak {:.1}) after G",
        "resident memory",
        med(3) as f64 / 1024.0,
        med(4) as f64 / 1024.0,
        med(5) as f64 / 1024.0,
        med(6) as f64 / 1024.0
    );
}

/// The real binary in a 100×30 pseudo-terminal: from spawn until the
/// screen, as a vt100 parser reads it, shows the first frame's key hints.
fn first_frame_in_a_terminal(config: &Path, db: &Path) -> Duration {
    use portable_pty::{CommandBuilder, PtySize, native_pty_system};
    use std::io::{Read, Write};

    let pair = native_pty_system()
        .openpty(PtySize {
            rows: 30,
            cols: 100,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("a pty");
    let mut cmd = CommandBuilder::new(CANDOR);
    cmd.arg("--db");
    cmd.arg(db);
    cmd.env("TERM", "xterm-256color");
    cmd.env("XDG_CONFIG_HOME", config);
    cmd.env("XDG_DATA_HOME", config);
    cmd.env_remove("CANDOR_DB");
    let began = Instant::now();
    let mut child = pair.slave.spawn_command(cmd).expect("spawn candor");
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader().expect("pty reader");
    let mut writer = pair.master.take_writer().expect("pty writer");
    let (tx, rx) = std::sync::mpsc::channel();
    let thread = std::thread::spawn(move || {
        let size = |n| std::num::NonZeroU16::new(n).expect("not zero");
        let mut parser = vt100::Parser::new(size(30), size(100), 0);
        let mut buf = [0u8; 65536];
        let mut seen = false;
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            parser.process(&buf[..n]);
            if !seen && parser.screen().contents().contains("q quit") {
                seen = true;
                let _ = tx.send(began.elapsed());
            }
        }
    });
    let took = rx
        .recv_timeout(Duration::from_secs(60))
        .expect("the first frame within a minute");
    writer.write_all(b"q").expect("type q");
    writer.flush().expect("flush");
    child.wait().expect("candor ends");
    drop(writer);
    drop(pair.master);
    let _ = thread.join();
    took
}

fn in_a_terminal(label: &str, db: &Path, runs: usize) {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = dir.path().join("config");
    first_frame_in_a_terminal(&config, db); // warm up
    let samples: Vec<Duration> = (0..runs.min(9))
        .map(|_| first_frame_in_a_terminal(&config, db))
        .collect();
    let n = samples.len();
    println!(
        "{label:<16} {:<40} median {:>9.1} ms  ({n} processes)",
        "start -> first frame (pseudo-terminal)",
        ms(median(samples))
    );
}

/// Each measurement taken on the journals of `small` and of `large`
/// entries in turn, `runs` times each after a warm-up: one run after
/// another, a busy machine moves the figures of one size and not the
/// other, and their ratio wanders by a tenth or more.
fn in_turn(pairs: usize, small: usize, large: usize, runs: usize) {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = dir.path().join("config");
    let (a, b) = (journal(pairs, small), journal(pairs, large));
    let wa = dir.path().join("small.db");
    let wb = dir.path().join("large.db");
    std::fs::copy(&a, &wa).expect("copy the journal");
    std::fs::copy(&b, &wb).expect("copy the journal");
    let label = format!("{small}/{large} in {pairs}p");
    let report = |what: &str, (x, y): (Vec<Duration>, Vec<Duration>)| {
        let (x, y) = (ms(median(x)), ms(median(y)));
        println!(
            "{label:<20} {what:<40} {x:>7.2} -> {y:>7.2} ms  ({:.2}x; medians, {runs} each, in turn)",
            y / x
        );
    };
    let take = |f: &dyn Fn(&Path) -> Duration| {
        f(&wa);
        f(&wb);
        let (mut x, mut y) = (Vec::new(), Vec::new());
        for _ in 0..runs {
            x.push(f(&wa));
            y.push(f(&wb));
        }
        (x, y)
    };
    report(
        "start -> first frame (pseudo-terminal)",
        take(&|db| first_frame_in_a_terminal(&config, db)),
    );
    report(
        "start -> first frame (TestBackend)",
        take(&|db| Duration::from_micros(probe_once(db)[0])),
    );
    for (name, args) in COMMANDS {
        report(name, take(&|db| run(&config, db, args)));
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--probe") {
        probe(Path::new(&args[i + 1]));
        return;
    }
    let sizes = env_list("CANDOR_BENCH_SIZES", "1000,10000");
    let pairs = env_list("CANDOR_BENCH_PAIRS", "20");
    let runs = env_list("CANDOR_BENCH_RUNS", "15")[0].max(1);
    if std::env::var("CANDOR_BENCH_IN_TURN").is_ok_and(|v| !v.is_empty() && v != "0") {
        let (Some(&small), Some(&large)) = (sizes.first(), sizes.last()) else {
            return;
        };
        for &p in &pairs {
            in_turn(p, small, large, runs);
        }
        return;
    }
    for &entries in &sizes {
        for &p in &pairs {
            let db = journal(p, entries);
            let label = format!("{entries} in {p}p");
            in_a_terminal(&label, &db, runs);
            in_process(&label, &db, runs);
            processes(&label, &db, runs);
        }
    }
}
