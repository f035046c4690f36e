//! The search index without word positions (schema 10): phrases, NEAR and
//! `^` still find exactly what they say in every kind of entry, and hits
//! are ranked as FTS5's own bm25 ranks them with positions.

#![allow(clippy::unwrap_used)]

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::Connection;

use candor::clock::{Clock, FixedClock};
use candor::domain::{Direction, Kind, NewPair, Owner, Response, Role};
use candor::store::{NewFeedback, NewMeeting, NewNote, SearchFilter, Store};
use candor::template::Template;

fn clock() -> Arc<dyn Clock> {
    Arc::new(FixedClock::parse("2026-11-27T10:00:00Z").unwrap())
}

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn all(limit: usize) -> SearchFilter {
    SearchFilter {
        limit,
        ..Default::default()
    }
}

/// A note of `body` in `pair`, shared or private: its id.
fn note(store: &mut Store, pair: i64, body: impl Into<String>, private: bool) -> i64 {
    store
        .add_note(
            pair,
            &NewNote {
                body: body.into(),
                private,
                tags: vec![],
            },
        )
        .unwrap()
        .id
}

/// Kind and id of each hit, best first.
fn found(store: &Store, query: &str) -> Vec<(Kind, i64)> {
    store
        .search(query, &all(1000))
        .unwrap()
        .into_iter()
        .map(|h| (h.kind, h.id))
        .collect()
}

/// A journal with every kind of entry twice: once with the words "amber
/// harbour" side by side, once with both words apart.
fn every_kind(store: &mut Store) -> HashMap<(Kind, bool), i64> {
    let mut ids = HashMap::new();
    for (together, mentee) in [(true, "Cleo Park"), (false, "Dev Rao")] {
        let text = |what: &str| {
            if together {
                format!("{what}: we met at the amber harbour today")
            } else {
                format!("{what}: the harbour was quiet, the amber light late")
            }
        };
        let pair = store
            .add_pair(
                &NewPair::new(
                    "Ana Ruiz",
                    mentee,
                    Role::Mentor,
                    &text("focus"),
                    NaiveDate::from_ymd_opt(2026, 10, 2).unwrap(),
                    Some(14),
                )
                .unwrap(),
                &Template::built_in(),
            )
            .unwrap();
        ids.insert((Kind::Pair, together), pair.id);
        let item = store.checklist(pair.id).unwrap()[0].id;
        store.set_item_note(item, &text("checklist")).unwrap();
        ids.insert((Kind::ChecklistItem, together), item);
        let s = store
            .add_strength(pair.id, Role::Mentee, &text("strength"))
            .unwrap();
        ids.insert((Kind::Strength, together), s.id);
        let e = store
            .add_experience(pair.id, &text("challenge"), "a similar time")
            .unwrap();
        ids.insert((Kind::Experience, together), e.id);
        let m = store
            .add_meeting(
                pair.id,
                &NewMeeting {
                    held_at: at("2026-11-20T10:00:00Z"),
                    agenda: "catch up".into(),
                    notes: text("meeting"),
                    next_steps: String::new(),
                },
            )
            .unwrap();
        ids.insert((Kind::Meeting, together), m.id);
        let f = store
            .add_feedback(
                pair.id,
                &NewFeedback {
                    direction: Direction::ToMentor,
                    requested: true,
                    body: "clear".into(),
                    situation: None,
                    behaviour: Some(text("feedback")),
                    impact: None,
                    response: Response::Accepted,
                    follow_up: String::new(),
                    given_at: at("2026-11-21T10:00:00Z"),
                },
            )
            .unwrap();
        ids.insert((Kind::Feedback, together), f.id);
        let n = note(store, pair.id, text("note"), false);
        ids.insert((Kind::Note, together), n);
        let a = store
            .add_action(pair.id, Owner::Mentee, &text("action"), None)
            .unwrap();
        ids.insert((Kind::Action, together), a.id);
    }
    ids
}

#[test]
fn a_phrase_finds_its_words_side_by_side_and_nothing_else_in_every_kind() {
    let mut store = Store::open_in_memory(clock()).unwrap();
    let ids = every_kind(&mut store);
    let kinds = [
        Kind::Pair,
        Kind::ChecklistItem,
        Kind::Strength,
        Kind::Experience,
        Kind::Meeting,
        Kind::Feedback,
        Kind::Note,
        Kind::Action,
    ];
    // Both words, anywhere: all sixteen.
    assert_eq!(found(&store, "amber harbour").len(), 16);
    let mut want: Vec<(Kind, i64)> = kinds.iter().map(|k| (*k, ids[&(*k, true)])).collect();
    want.sort_by_key(|&(k, id)| (k.as_str(), id));
    for query in [
        "\"amber harbour\"",
        "\"Amber Harbour\"",
        "amber + harbour",
        "NEAR(amber harbour, 0)",
        "body: \"amber harbour\"",
        "\"amber harb\"*",
    ] {
        let mut got = found(&store, query);
        got.sort_by_key(|&(k, id)| (k.as_str(), id));
        assert_eq!(got, want, "{query}");
    }
    // The other way round, or with NOT: the other eight.
    let mut apart: Vec<(Kind, i64)> = kinds.iter().map(|k| (*k, ids[&(*k, false)])).collect();
    apart.sort_by_key(|&(k, id)| (k.as_str(), id));
    for query in [
        "amber harbour NOT \"amber harbour\"",
        "NEAR(harbour amber, 10) NOT \"amber harbour\"",
    ] {
        let mut got = found(&store, query);
        got.sort_by_key(|&(k, id)| (k.as_str(), id));
        assert_eq!(got, apart, "{query}");
    }
    // Only the notes.
    let notes = store
        .search(
            "\"amber harbour\"",
            &SearchFilter {
                kind: Some(Kind::Note),
                limit: 50,
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].id, ids[&(Kind::Note, true)]);
    assert!(
        notes[0].snippet.contains("«amber» «harbour»"),
        "{}",
        notes[0].snippet
    );
    // A word at the start of a row's text.
    assert_eq!(found(&store, "^quiet"), []);
    assert_eq!(found(&store, "^note").len(), 2);
}

#[test]
fn what_a_person_types_is_searched_whatever_it_holds() {
    let mut store = Store::open_in_memory(clock()).unwrap();
    every_kind(&mut store);
    // Not FTS5 syntax: each word literally, an apostrophe making two words.
    let pair = store.pairs().unwrap()[0].id;
    note(
        &mut store,
        pair,
        "I don't know yet, said Zoë; l'été arrive",
        false,
    );
    assert_eq!(found(&store, "don't").len(), 1);
    assert_eq!(found(&store, "\"zoe l ete\"").len(), 1);
    assert_eq!(found(&store, "said zoë;").len(), 1);
    assert!(store.search("\"open", &all(10)).is_ok());
    // A burst of prefixes is searched as its distinct words, each whole,
    // not as sixty expansions of `a*`; a long query of words likewise.
    let similar = found(&store, "similar");
    assert!(!similar.is_empty());
    assert_eq!(found(&store, &"similar* ".repeat(60)), similar);
    assert_eq!(found(&store, &"simil* ".repeat(60)), found(&store, "simil"));
    assert_eq!(found(&store, &"simil* ".repeat(32)), similar);
    assert_eq!(found(&store, &"amber harbour ".repeat(40)).len(), 16);
    // As typed in the screen, a phrase whose quote is not closed yet is a
    // phrase so far, its last word a start.
    let typing = SearchFilter {
        prefix_last: true,
        ..all(50)
    };
    let typed = |q: &str| store.search(q, &typing).unwrap().len();
    assert_eq!(typed("\"amber harb"), 8);
    assert_eq!(typed("\"harbour amb"), 0);
    assert_eq!(typed("\"amber harbour"), 8);
    assert_eq!(found(&store, "\"know don't\"").len(), 0);
    assert_eq!(found(&store, "\"...\"").len(), 0);
}

fn one_pair(store: &mut Store) -> i64 {
    store
        .add_pair(
            &NewPair::new(
                "Ana Ruiz",
                "Ben Okafor",
                Role::Mentor,
                "growth",
                NaiveDate::from_ymd_opt(2026, 10, 2).unwrap(),
                Some(14),
            )
            .unwrap(),
            &Template::built_in(),
        )
        .unwrap()
        .id
}

#[test]
fn a_common_word_is_ranked_among_the_entries_of_every_kind_written_last() {
    let mut store = Store::open_in_memory(clock()).unwrap();
    let pair = one_pair(&mut store);
    let meeting = |store: &mut Store, notes: &str| {
        store
            .add_meeting(
                pair,
                &NewMeeting {
                    held_at: at("2026-11-20T10:00:00Z"),
                    agenda: "catch up".into(),
                    notes: notes.into(),
                    next_steps: String::new(),
                },
            )
            .unwrap()
            .id
    };
    // A meeting written first, more notes holding the word than are
    // ranked, then a meeting written last. Each kind counts its own ids:
    // the last meeting has id 2, lower than every note's.
    let first = meeting(&mut store, "the estimates slipped");
    for i in 0..candor::store::RANKED + 50 {
        note(
            &mut store,
            pair,
            format!("note {i}: estimates for the release"),
            false,
        );
    }
    let last = meeting(&mut store, "the estimates held");
    assert!(last < 1000);
    let hits = found(&store, "estimates");
    assert_eq!(hits.len(), candor::store::RANKED);
    assert!(hits.contains(&(Kind::Meeting, last)), "{:?}", &hits[..5]);
    assert!(!hits.contains(&(Kind::Meeting, first)));
}

#[test]
fn a_word_with_a_vowel_sign_is_found_though_the_index_splits_it() {
    // A Devanagari vowel sign is part of a word to Rust (Alphabetic) but
    // not to the index's tokenizer, which holds "हिंदी" as two words: it is
    // searched as a phrase, and weighed as the words it is split into.
    let mut store = Store::open_in_memory(clock()).unwrap();
    let pair = one_pair(&mut store);
    let hindi = note(&mut store, pair, "आज हिंदी में बैठक हुई", false);
    note(&mut store, pair, "a meeting in English", false);
    for query in ["हिंदी", "बैठक", "हिंदी*", "आज हिंदी"] {
        assert_eq!(found(&store, query), vec![(Kind::Note, hindi)], "{query}");
    }
}

#[test]
fn a_rare_phrase_of_common_words_is_found_among_many_rows() {
    let mut store = Store::open_in_memory(clock()).unwrap();
    let pair = one_pair(&mut store);
    // 1,400 notes hold both words apart, more than one batch of the check
    // and more than are ranked; three of the oldest hold the phrase.
    for i in 0..1400 {
        let body = if i % 500 == 7 {
            format!("{i}: the release estimates were late")
        } else {
            format!("{i}: estimates came in before the release")
        };
        note(&mut store, pair, body, false);
    }
    let hits = store.search("\"release estimates\"", &all(50)).unwrap();
    let mut bodies: Vec<String> = hits.iter().map(|h| h.snippet.clone()).collect();
    bodies.sort();
    assert_eq!(bodies.len(), 3, "{bodies:?}");
    for (snippet, n) in bodies.iter().zip(["1007", "507", "7"]) {
        assert!(snippet.starts_with(n), "{snippet}");
    }
    // Checking only the newest 600 holding both words finds the newest
    // one and says the search was cut short; 1,400 or more find all three.
    let within = |most: usize| {
        let found = store
            .search_reporting(
                "\"release estimates\"",
                &SearchFilter {
                    check_at_most: Some(most),
                    ..all(50)
                },
            )
            .unwrap();
        (found.hits.len(), found.cut_short)
    };
    assert_eq!(within(600), (1, true));
    assert_eq!(within(1400), (3, false));
    assert_eq!(within(5000), (3, false));
}

/// Kind and id of the rows a full FTS5 index (with positions) over the same
/// journal ranks first for `query`, best first, with its own bm25.
fn ranked_with_positions(db: &std::path::Path, query: &str) -> Vec<(Kind, i64)> {
    let conn = Connection::open(db).unwrap();
    conn.execute_batch(
        "ATTACH ':memory:' AS side;
         CREATE VIRTUAL TABLE side.full USING fts5 (body, tokenize = 'unicode61 remove_diacritics 2');",
    )
    .unwrap();
    // The migration's own statements, aimed at the side index.
    let sql = include_str!("../../src/store/migrations/0010_search_columns.sql");
    let inserts = &sql[sql.find("INSERT INTO").unwrap()..];
    conn.execute_batch(&inserts.replace("INSERT INTO search_index", "INSERT INTO side.full"))
        .unwrap();
    let kinds = [
        Kind::Pair,
        Kind::ChecklistItem,
        Kind::Strength,
        Kind::Experience,
        Kind::Meeting,
        Kind::Feedback,
        Kind::Note,
        Kind::Action,
    ];
    let mut stmt = conn
        .prepare("SELECT rowid FROM side.full WHERE full MATCH ?1 ORDER BY bm25(full), rowid DESC")
        .unwrap();
    stmt.query_map([query], |r| r.get::<_, i64>(0))
        .unwrap()
        .map(|r| {
            let rowid = r.unwrap();
            (kinds[(rowid % 8) as usize], rowid / 8)
        })
        .collect()
}

#[test]
fn hits_are_ranked_as_an_index_with_positions_ranks_them() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("journal.db");
    let mut store = Store::open(&db, clock()).unwrap();
    let pair = one_pair(&mut store);
    // Rows that differ in how often they hold each word and in length,
    // so no two rank the same (35 rows: i % 5 and i % 7 tell them apart).
    for i in 0..35_usize {
        let mut body = format!("row {i}:");
        for (word, times) in [
            ("lantern", i % 5),
            ("estimates", (2 * i + 1) % 5),
            ("harbour", (3 * i + 2) % 5),
            ("quiet", usize::from(i % 3 == 0)),
        ] {
            body.push_str(&format!(" {word}").repeat(times));
        }
        body.push_str(&" filler".repeat(i % 7));
        note(&mut store, pair, body, false);
    }
    for query in ["lantern", "lantern estimates", "estim*", "harbour OR quiet"] {
        let ours = found(&store, query);
        let theirs = ranked_with_positions(&db, query);
        assert!(ours.len() > 5, "{query}: {ours:?}");
        assert_eq!(ours, theirs, "{query}");
    }
}

#[test]
fn beyond_the_matches_ranked_hits_are_still_ranked_as_an_index_with_positions_ranks_them() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("journal.db");
    let mut store = Store::open(&db, clock()).unwrap();
    let pair = one_pair(&mut store);
    // More notes than are ranked or counted, all holding "common"; some
    // "lantern" and "harbour", as often and in rows as long as their
    // number says, so no two of the ranked rank the same; "atlas" only in
    // the newest 1,100, as a new project's name is.
    let conn = Connection::open(&db).unwrap();
    let tx = conn.unchecked_transaction().unwrap();
    for i in 0..2_400_usize {
        let mut body = format!("row {i}: common");
        body.push_str(&" lantern".repeat(usize::from(i % 3 == 0) * (i % 4)));
        body.push_str(&" harbour".repeat(usize::from(i % 5 == 0) * (1 + i % 3)));
        if i >= 1300 {
            body.push_str(" atlas");
        }
        body.push_str(&" filler".repeat(i % 11));
        tx.execute(
            "INSERT INTO note (uid, pair_id, body, created_at, updated_at)
             VALUES (?1, ?2, ?3, '2026-11-01T10:00:00.000Z', '2026-11-01T10:00:00.000Z')",
            rusqlite::params![format!("n-{i}"), pair, body],
        )
        .unwrap();
    }
    tx.commit().unwrap();
    for query in [
        "common",
        "common OR lantern",
        "harbour OR common OR lantern*",
        "atlas OR lantern",
        "atlas OR harbour",
    ] {
        let ours = found(&store, query);
        assert_eq!(ours.len(), candor::store::RANKED, "{query}");
        // FTS5 ranks every match; of those, the ones ranked here come in
        // the same order.
        let theirs: Vec<(Kind, i64)> = ranked_with_positions(&db, query)
            .into_iter()
            .filter(|hit| ours.contains(hit))
            .collect();
        assert_eq!(ours, theirs, "{query}");
    }
}

#[test]
fn the_index_keeps_no_positions() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("journal.db");
    drop(Store::open(&db, clock()).unwrap());
    let sql: String = Connection::open(&db)
        .unwrap()
        .query_row(
            "SELECT sql FROM sqlite_schema WHERE name = 'search_index'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(sql.contains("detail = column"), "{sql}");
}

#[test]
fn search_answers_while_another_connection_writes_as_a_long_import_does() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("journal.db");
    let mut store = Store::open(&db, clock()).unwrap();
    every_kind(&mut store);
    let writer = Connection::open(&db).unwrap();
    writer.execute_batch("BEGIN IMMEDIATE").unwrap();
    writer
        .execute(
            "INSERT INTO journal_fact (name, value) VALUES ('held', 'by an import')",
            [],
        )
        .unwrap();
    // A word, a phrase and a NEAR group, each ranked, none waiting on the writer.
    assert_eq!(found(&store, "amber harbour").len(), 16);
    assert_eq!(found(&store, "\"amber harbour\"").len(), 8);
    assert_eq!(
        found(&store, "NEAR(harbour amber, 10) NOT \"amber harbour\"").len(),
        8
    );
    writer.execute_batch("ROLLBACK").unwrap();
}

#[test]
fn private_notes_left_out_are_counted_by_the_search_itself() {
    let mut store = Store::open_in_memory(clock()).unwrap();
    let pair = one_pair(&mut store);
    // Three private notes among 300 shared ones, more than a page of hits:
    // two hold the phrase "okapi herd", one its words apart.
    for i in 0..300 {
        note(
            &mut store,
            pair,
            format!("{i}: an okapi herd passed"),
            false,
        );
        if i % 100 == 50 {
            let body = if i == 250 {
                format!("{i}: the okapi left the herd")
            } else {
                format!("{i}: my own okapi herd")
            };
            note(&mut store, pair, body, true);
        }
    }
    let count = |store: &Store, query: &str, private: bool| {
        let found = store
            .search_reporting(
                query,
                &SearchFilter {
                    include_private: private,
                    ..all(200)
                },
            )
            .unwrap();
        assert!(
            found
                .hits
                .iter()
                .all(|h| private || !h.snippet.contains("own")),
            "{:?}",
            found.hits
        );
        assert_eq!(found.more, found.hits.len() == 200);
        (found.hits.len(), found.held_back, found.held_back_all)
    };
    assert_eq!(count(&store, "okapi", false), (200, 3, true));
    assert_eq!(count(&store, "\"okapi herd\"", false), (200, 2, true));
    assert_eq!(count(&store, "okapi", true), (200, 0, true));
    assert_eq!(count(&store, "wallaby", false), (0, 0, true));

    // More private notes match than are ranked: the count stops there and
    // says it is not all of them.
    for i in 0..candor::store::RANKED + 5 {
        note(&mut store, pair, format!("{i}: okapi, privately"), true);
    }
    assert_eq!(
        count(&store, "okapi", false),
        (200, candor::store::RANKED, false)
    );
}

#[test]
fn a_word_or_phrase_after_a_dash_is_left_out() {
    let mut store = Store::open_in_memory(clock()).unwrap();
    let pair = one_pair(&mut store);
    for body in [
        "kestrel grows with the quarterly budget",
        "kestrel grows, the budget was quarterly",
        "kestrel grows slowly",
        "a budget without kestrel",
        "one-to-one about kestrel",
    ] {
        note(&mut store, pair, body, false);
    }
    let bodies = |query: &str, typing: bool| {
        let mut found: Vec<String> = store
            .search(
                query,
                &SearchFilter {
                    prefix_last: typing,
                    ..all(50)
                },
            )
            .unwrap()
            .into_iter()
            .map(|h| h.snippet.replace(['«', '»'], ""))
            .collect();
        found.sort();
        found
    };
    assert_eq!(
        bodies("kestrel -budget", false),
        ["kestrel grows slowly", "one-to-one about kestrel"]
    );
    // A phrase left out leaves out only the entry holding the phrase.
    assert_eq!(
        bodies("kestrel grows -\"quarterly budget\"", false),
        [
            "kestrel grows slowly",
            "kestrel grows, the budget was quarterly"
        ]
    );
    // A hyphenated word left out is its words side by side; a star leaves
    // out every word it starts.
    assert_eq!(
        bodies("kestrel grows -quarterly-budget", false),
        bodies("kestrel grows -\"quarterly budget\"", false)
    );
    assert_eq!(
        bodies("kestrel -budg*", false),
        bodies("kestrel -budget", false)
    );
    assert_eq!(
        bodies("kestrel -budg*", true),
        bodies("kestrel -budget", false)
    );
    // An operator before the word left out goes with it; whatever else a
    // word left out holds is its own, never a word the hits must hold.
    assert_eq!(
        bodies("kestrel AND -budget", false),
        bodies("kestrel -budget", false)
    );
    assert_eq!(bodies("kestrel -foo_bar -v1.2", false).len(), 5);
    // With a phrase to find as well.
    assert_eq!(
        bodies("\"kestrel grows\" -slowly -quarterly", false),
        Vec::<String>::new()
    );
    assert_eq!(
        bodies("\"kestrel grows\" -slowly", true),
        [
            "kestrel grows with the quarterly budget",
            "kestrel grows, the budget was quarterly"
        ]
    );
    // As it is typed, the word left out is a whole word: `-bud` leaves out
    // nothing yet, `-budget` what holds it.
    assert_eq!(bodies("kestrel -bud", true).len(), 5);
    assert_eq!(bodies("kestrel -budget", true).len(), 2);
    // A dash inside a word is the word's; only what to leave out finds nothing.
    assert_eq!(bodies("one-to-one", false), ["one-to-one about kestrel"]);
    assert!(bodies("-kestrel", false).is_empty());
}
