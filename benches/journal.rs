//! Timings that matter to a person at the keyboard, as medians over several
//! runs on a real journal file. Run with:
//!
//!     cargo bench --bench journal
//!
//! It prints one line per measurement; no thresholds are asserted here.

use std::sync::Arc;
use std::time::{Duration, Instant};

use candor::app::viewer::Viewer;
use candor::app::{App, Overlay};
use candor::clock::SystemClock;
use candor::domain::{NewPair, Role};
use candor::keymap::Keymap;
use candor::store::{NewNote, Page, Store};
use candor::template::Template;
use candor::ui::{self, Theme};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn measure(name: &str, runs: usize, mut f: impl FnMut()) {
    f(); // warm up
    let samples: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    println!(
        "{name:<58} median {:>10.3} ms  ({runs} runs)",
        median(samples).as_secs_f64() * 1e3
    );
}

fn key(app: &mut App, code: KeyCode) {
    let _ = app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("bench.db");
    let mut store = Store::open(&db, Arc::new(SystemClock)).expect("store");
    let template = Template::built_in();
    let pair = NewPair::new(
        "Ana Ruiz",
        "Ben Okafor",
        Role::Mentor,
        "",
        chrono::NaiveDate::MIN,
        Some(14),
    )
    .expect("pair");
    let pair = store.add_pair(&pair, &template).expect("add pair");

    // A 5 MB note of ordinary lines, and a 1 MB note that is a single line.
    let five_mb: String = (0..80_000)
        .map(|i| format!("line {i:06}: what we said about estimates and trust, again\n"))
        .collect();
    let one_line = "0123456789".repeat(100_000);
    let big = store
        .add_note(
            pair.id,
            &NewNote {
                body: five_mb.clone(),
                private: false,
                tags: vec![],
            },
        )
        .expect("5 MB note");
    store
        .add_note(
            pair.id,
            &NewNote {
                body: one_line.clone(),
                private: false,
                tags: vec![],
            },
        )
        .expect("1 MB note");
    println!(
        "5 MB note: {} bytes; 1 MB line: {} bytes",
        five_mb.len(),
        one_line.len()
    );

    measure("read the 5 MB note from the store", 15, || {
        store.note(big.id).expect("note");
    });
    measure(
        "open the 5 MB note in the viewer (clean + wrap at 94)",
        15,
        || {
            Viewer::new("n".into(), &five_mb, 94, None);
        },
    );
    measure("open the 1 MB single line in the viewer", 15, || {
        Viewer::new("n".into(), &one_line, 94, None);
    });

    // The whole path a person takes: Notes tab, Enter on the 5 MB note, End.
    drop(store);
    let store = Store::open(&db, Arc::new(SystemClock)).expect("reopen");
    let mut app = App::new(store, template.clone(), Keymap::built_in());
    let _ = app.resize(100, 30);
    let theme = Theme::new(false);
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).expect("terminal");
    key(&mut app, KeyCode::Char('5'));
    key(&mut app, KeyCode::Char('j')); // the 5 MB note is second (newest first)
    measure(
        "Enter on the 5 MB note until the viewer is drawn",
        15,
        || {
            key(&mut app, KeyCode::Enter);
            terminal
                .draw(|f| ui::render(&app.state, &theme, f))
                .expect("draw");
            key(&mut app, KeyCode::Esc);
        },
    );
    key(&mut app, KeyCode::Enter);
    measure("one page down in the 5 MB note, drawn", 50, || {
        key(&mut app, KeyCode::PageDown);
        terminal
            .draw(|f| ui::render(&app.state, &theme, f))
            .expect("draw");
    });
    measure("jump to the end of the 5 MB note, drawn", 50, || {
        key(&mut app, KeyCode::Home);
        key(&mut app, KeyCode::End);
        terminal
            .draw(|f| ui::render(&app.state, &theme, f))
            .expect("draw");
    });
    assert!(matches!(app.state.overlay, Some(Overlay::Viewer(_))));

    // Lists stay quick however long they grow: 100,000 notes.
    drop(app);
    let mut store = Store::open(&db, Arc::new(SystemClock)).expect("reopen");
    for i in 0..100_000 {
        let note = NewNote {
            body: format!("note {i} about trust"),
            private: i % 10 == 0,
            tags: vec![],
        };
        store.add_note(pair.id, &note).expect("note");
    }
    measure("first page (100) of 100,002 notes", 50, || {
        store.notes(pair.id, true, &Page::first(100)).expect("page");
    });
    let mut cursor = None;
    for _ in 0..900 {
        let page = Page {
            after: cursor.clone(),
            limit: 100,
        };
        let notes = store.notes(pair.id, true, &page).expect("page");
        cursor = notes.last().map(|n| n.cursor());
    }
    measure("page 901 (100 notes) of 100,002, by keyset", 50, || {
        store
            .notes(
                pair.id,
                true,
                &Page {
                    after: cursor.clone(),
                    limit: 100,
                },
            )
            .expect("page");
    });
    measure("pair list with 100,002 notes in the journal", 50, || {
        store.pairs().expect("pairs");
    });
    drop(store);

    // Search on a journal of 10,000 notes, as the issue asks.
    let search_db = dir.path().join("search.db");
    let mut store = Store::open(&search_db, Arc::new(SystemClock)).expect("search store");
    let pair = NewPair::new(
        "Ana Ruiz",
        "Ben Okafor",
        Role::Mentor,
        "",
        chrono::NaiveDate::MIN,
        Some(14),
    )
    .expect("pair");
    let pair = store
        .add_pair(&pair, &Template::built_in())
        .expect("add pair");
    let words = [
        "trust",
        "estimates",
        "roadmap",
        "feedback",
        "planning",
        "career",
        "conflict",
        "listening",
    ];
    for i in 0..10_000 {
        let body = format!(
            "note {i}: we talked about {} and {}, then {} again",
            words[i % 8],
            words[(i / 8) % 8],
            words[(i / 64) % 8]
        );
        store
            .add_note(
                pair.id,
                &NewNote {
                    body,
                    private: false,
                    tags: vec![],
                },
            )
            .expect("note");
    }
    let filter = candor::store::SearchFilter::default();
    measure("search 'trust' in 10,000 notes (50 best hits)", 50, || {
        store.search("trust", &filter).expect("search");
    });
    measure("search 'trus*' (prefix) in 10,000 notes", 50, || {
        store.search("trus*", &filter).expect("search");
    });
    measure(
        "search '\"roadmap and\"' (phrase) in 10,000 notes",
        50,
        || {
            store.search("\"roadmap and\"", &filter).expect("search");
        },
    );
    measure(
        "search '\"unbalanced' (literal fallback) in 10,000 notes",
        50,
        || {
            store.search("\"unbalanced", &filter).expect("search");
        },
    );
    drop(store);

    // Unlocking a journal of 10,000 sealed private notes, with the real
    // Argon2id parameters (64 MiB, t=3): the derivation, then opening every
    // note into the in-memory search index.
    let private_db = dir.path().join("private.db");
    let mut store = Store::open(&private_db, Arc::new(SystemClock)).expect("private store");
    let pair = NewPair::new(
        "Ana Ruiz",
        "Ben Okafor",
        Role::Mentee,
        "",
        chrono::NaiveDate::MIN,
        Some(14),
    )
    .expect("pair");
    let pair = store
        .add_pair(&pair, &Template::built_in())
        .expect("add pair");
    store
        .set_passphrase("correct horse battery", candor::crypto::KdfParams::DEFAULT)
        .expect("set");
    for i in 0..10_000 {
        let body = format!(
            "private note {i}: what I am not ready to say about {}",
            words[i % 8]
        );
        store
            .add_note(
                pair.id,
                &NewNote {
                    body,
                    private: true,
                    tags: vec![],
                },
            )
            .expect("note");
    }
    store.lock();
    let material = store
        .unlock_material(candor::store::Opener::Passphrase)
        .expect("material");
    measure(
        "derive the key (Argon2id 64 MiB, t=3) and unwrap it",
        7,
        || {
            material.open("correct horse battery").expect("open");
        },
    );
    measure(
        "unlock + build the in-memory index of 10,000 private notes",
        7,
        || {
            store
                .unlock("correct horse battery", candor::store::Opener::Passphrase)
                .expect("unlock");
            store.lock();
        },
    );
    store
        .unlock("correct horse battery", candor::store::Opener::Passphrase)
        .expect("unlock");
    let private = candor::store::SearchFilter {
        include_private: true,
        ..Default::default()
    };
    measure(
        "search 'ready' among 10,000 unlocked private notes",
        30,
        || {
            store.search("ready", &private).expect("search");
        },
    );

    // The Overview of a pair with 2,000 sealed check-ins (the latest 24 are
    // opened for the chart) and 200 goals of five progress entries each.
    for i in 0..2_000u32 {
        let checkin = candor::store::NewCheckIn {
            trust: u8::try_from(i % 5 + 1).expect("trust"),
            helped: format!("check-in {i}: what helped"),
            in_the_way: "what got in the way".into(),
            note: String::new(),
            checked_at: None,
        };
        store.add_checkin(pair.id, &checkin).expect("check-in");
    }
    for i in 0..200 {
        let goal = candor::store::NewGoal {
            text: format!("goal {i}"),
            criteria: "how we will know".into(),
            due_on: None,
        };
        let id = store.add_goal(pair.id, &goal).expect("goal").id;
        for p in 1..=5u8 {
            store
                .add_goal_progress(id, p * 10, "a step")
                .expect("progress");
        }
    }
    let mut app = App::new(store, Template::built_in(), Keymap::built_in());
    let _ = app.resize(100, 30);
    measure(
        "Overview with 2,000 sealed check-ins and 200 goals, drawn",
        30,
        || {
            key(&mut app, KeyCode::Char('5'));
            key(&mut app, KeyCode::Char('1'));
            terminal
                .draw(|f| ui::render(&app.state, &theme, f))
                .expect("draw");
        },
    );
    drop(app);

    let store = Store::open(&db, Arc::new(SystemClock)).expect("reopen");
    let mut app = App::new(store, template, Keymap::built_in());
    let _ = app.resize(100, 30);
    measure(
        "open the Notes tab on 100,002 notes and draw it",
        30,
        || {
            key(&mut app, KeyCode::Char('1'));
            key(&mut app, KeyCode::Char('5'));
            terminal
                .draw(|f| ui::render(&app.state, &theme, f))
                .expect("draw");
        },
    );
}
