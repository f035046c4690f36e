//! Search at the size of a heavy mentor's journal: 100,000 entries of about
//! 300 words of varied text, a common word (`estimate`) in half of them and a
//! rare one (`zyzzyva`) in five. Medians of searches a person makes: as they
//! type in the screen (the last word a prefix, the first page of 50 hits) and
//! as `candor search` runs them (whole words, the first page of 200).
//!
//!     cargo bench --bench search
//!
//! The journal is built once (about a minute) and kept as
//! `target/bench-search-ENTRIES.db`; `CANDOR_BENCH_ENTRIES` sets another size.
//! It prints one line per measurement and its store size beside the raw text;
//! no thresholds are asserted here.

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use candor::clock::SystemClock;
use candor::domain::{Kind, NewPair, Role};
use candor::store::{SearchFilter, Store};
use candor::template::Template;
use rusqlite::{Connection, params};

const PAIRS: usize = 20;

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn measure(name: &str, runs: usize, mut f: impl FnMut() -> usize) {
    let hits = f(); // warm up
    let samples: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    println!(
        "{name:<62} median {:>9.3} ms  ({hits} hits, {runs} runs)",
        median(samples).as_secs_f64() * 1e3
    );
}

/// A small deterministic generator (xorshift), so every run builds the same journal.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Words of ordinary prose: a few hundred frequent ones and some thousands
/// of rarer made-up ones, drawn so that a few are everywhere and most are not.
fn vocabulary(rng: &mut Rng) -> Vec<String> {
    const COMMON: &str = "the of and to in a is that for it as was with be by on not he this are or his from at which but have an they you were her she there one all we their has been if more when will would who so no meeting talked about team work project plan review feedback next week goal manager career growth trust time code design question answer said asked felt think thought want need help learn people process release deadline risk priority context decision";
    let syllables = [
        "ka", "lo", "mi", "ren", "ta", "vo", "sel", "dar", "in", "qu", "pra", "to", "men", "ly",
        "ing", "est", "ab", "con", "ver", "sa", "ple", "mo", "ri", "un", "der",
    ];
    let mut words: Vec<String> = COMMON.split(' ').map(str::to_owned).collect();
    while words.len() < 6_000 {
        let n = 2 + rng.below(3);
        let w: String = (0..n)
            .map(|_| syllables[rng.below(syllables.len())])
            .collect();
        words.push(w);
    }
    words
}

fn prose(rng: &mut Rng, vocab: &[String], words: usize) -> String {
    let mut out = String::with_capacity(words * 7);
    for i in 0..words {
        // Zipf-like: the square of a uniform draw favours the first words.
        let u = rng.below(1 << 16) as f64 / f64::from(1 << 16);
        let w = &vocab[((u * u * u) * vocab.len() as f64) as usize];
        if i > 0 {
            out.push(if i % 14 == 0 { '.' } else { ' ' });
            if i % 14 == 0 {
                out.push(' ');
            }
        }
        out.push_str(w);
    }
    out.push('.');
    out
}

/// Builds the journal at `db`: `entries` shared notes over [`PAIRS`] pairs,
/// written straight into the file in one transaction (the triggers index
/// them as the program's own writes would). Returns the raw text's bytes.
fn build(db: &Path, entries: usize) -> u64 {
    let mut store = Store::open(db, Arc::new(SystemClock)).expect("store");
    let template = Template::built_in();
    let mut pair_ids = Vec::new();
    for p in 0..PAIRS {
        let pair = NewPair::new(
            &format!("Mentor {p}"),
            &format!("Mentee {p}"),
            Role::Mentor,
            "",
            chrono::NaiveDate::MIN,
            Some(14),
        )
        .expect("pair");
        pair_ids.push(store.add_pair(&pair, &template).expect("add pair").id);
    }
    drop(store);
    let mut conn = Connection::open(db).expect("open");
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let vocab = vocabulary(&mut rng);
    let start = chrono::Utc::now() - chrono::Duration::days(3650);
    let tx = conn.transaction().expect("tx");
    let mut raw = 0u64;
    {
        let mut insert = tx
            .prepare(
                "INSERT INTO note (uid, pair_id, body, tags, created_at, updated_at)
                 VALUES (?1, ?2, ?3, '', ?4, ?4)",
            )
            .expect("prepare");
        for i in 0..entries {
            let words = 270 + rng.below(60);
            let mut body = prose(&mut rng, &vocab, words);
            if i % 2 == 0 {
                body.push_str(" We estimate it again.");
            }
            if i % (entries / 5).max(1) == 7 {
                body.push_str(" A zyzzyva, of all things.");
            }
            raw += body.len() as u64;
            let at = start + chrono::Duration::minutes(i as i64 * 30);
            insert
                .execute(params![
                    uuid::Uuid::new_v4().to_string(),
                    pair_ids[i % PAIRS],
                    body,
                    candor::store::timestamp(at)
                ])
                .expect("insert");
        }
    }
    tx.commit().expect("commit");
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
        .expect("checkpoint");
    raw
}

fn main() {
    let entries: usize = std::env::var("CANDOR_BENCH_ENTRIES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(100_000);
    let target = Path::new(env!("CARGO_MANIFEST_DIR")).join("target");
    let db = target.join(format!("bench-search-{entries}.db"));
    let raw_file = target.join(format!("bench-search-{entries}.raw"));
    let raw: u64 = match std::fs::read_to_string(&raw_file)
        .ok()
        .and_then(|s| s.trim().parse().ok())
    {
        Some(raw) if db.exists() => raw,
        _ => {
            let _ = std::fs::remove_file(&db);
            let started = Instant::now();
            let raw = build(&db, entries);
            std::fs::write(&raw_file, raw.to_string()).expect("write raw size");
            println!(
                "built {entries} entries in {:.1} s",
                started.elapsed().as_secs_f64()
            );
            raw
        }
    };
    let store = Store::open(&db, Arc::new(SystemClock)).expect("open");
    let size = std::fs::metadata(&db).expect("size").len();
    println!(
        "{entries} entries: store {:.1} MB for {:.1} MB of raw text = {:.2}x",
        size as f64 / 1e6,
        raw as f64 / 1e6,
        size as f64 / raw as f64
    );

    let typing = SearchFilter {
        prefix_last: true,
        ..SearchFilter::default()
    };
    let whole = SearchFilter {
        limit: 200,
        ..SearchFilter::default()
    };
    let pair = SearchFilter {
        pair_id: Some(3),
        ..whole.clone()
    };
    let notes = SearchFilter {
        kind: Some(Kind::Note),
        ..whole.clone()
    };
    let run = |q: &str, f: &SearchFilter| store.search(q, f).expect("search").len();
    for q in ["e", "es", "est", "esti", "estim", "estimate"] {
        measure(&format!("screen, typing '{q}' (common)"), 15, || {
            run(q, &typing)
        });
    }
    for q in ["zy", "zyzz", "zyzzyva"] {
        measure(&format!("screen, typing '{q}' (rare)"), 15, || {
            run(q, &typing)
        });
    }
    measure("screen, typing 'we estim' (two common words)", 15, || {
        run("we estim", &typing)
    });
    measure("search 'estimate' (common, first 200)", 15, || {
        run("estimate", &whole)
    });
    measure("search 'zyzzyva' (rare)", 15, || run("zyzzyva", &whole));
    measure("search '\"estimate it\"' (common phrase)", 15, || {
        run("\"estimate it\"", &whole)
    });
    measure(
        "search '\"it estimate\"' (two common words, never side by side)",
        5,
        || run("\"it estimate\"", &whole),
    );
    let screen_phrase = SearchFilter {
        check_at_most: Some(candor::app::PHRASE_CHECKS),
        ..typing.clone()
    };
    measure(
        "screen, '\"it estimate\"' (checks the newest 5,000 holding both)",
        15,
        || run("\"it estimate\"", &screen_phrase),
    );
    measure("search 'estimate' --pair (one pair of 20)", 15, || {
        run("estimate", &pair)
    });
    measure("search 'estimate' --kind note", 15, || {
        run("estimate", &notes)
    });
}
