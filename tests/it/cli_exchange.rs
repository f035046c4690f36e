//! The real `candor` binary on temp journals: the exchange half of the
//! command-line contract in DESIGN.md — `search`, `export`, `import`,
//! `backup`, `restore` and `doctor` — and what they do with hostile input:
//! a query a person can type is never an error, an export never carries a
//! control sequence or a private note it was not asked for, and a file that
//! is not a good export (or a good journal) is refused with nothing written.

#![allow(clippy::unwrap_used)]

use crate::support::cli::{Journal, NOW, array, id_in, mode, read_json, sidecar};
use crate::support::outcome::{assert_terminal_safe, failed};

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use chrono::DateTime;
use rstest::rstest;
use rusqlite::Connection;
use serde_json::{Value, json};

/// A day later, for the other side of an exchange.
const LATER: &str = "2026-11-28T09:30:00Z";

/// The step titles of the built-in first-meeting template.
const STEP_TITLES: [&str; 5] = [
    "Trust on the agenda",
    "Start from strengths",
    "No judgement",
    "Empathy",
    "Feedback to the mentor",
];

/// Text no terminal (and no Markdown reader) should be handed raw: CSI
/// colour, an OSC title ended by BEL, a C1 CSI, a bidi override.
const HOSTILE: &str = "red \u{1b}[31mALERT\u{1b}[0m title \u{1b}]0;pwned\u{7} csi \u{9b}2J bidi \u{202e}txt.exe\u{202c} bell\u{7}";

/// What this file asks of a [`Journal`] on top of the shared harness.
trait JournalExt {
    /// `search QUERY --json [extra…]` as its array of hits.
    fn hits(&self, query: &str, extra: &[&str]) -> Vec<Value>;

    /// `list PAIR WHAT --private --json`.
    fn items(&self, pair: &str, what: &str) -> Vec<Value>;

    /// Adds a pair where this journal's owner is the mentor; returns its id.
    fn add_pair(&self, mentor: &str, mentee: &str) -> i64;

    /// Adds a note and returns its id.
    fn note(&self, pair: &str, text: &str) -> i64;

    fn private_note(&self, pair: &str, text: &str) -> i64;

    /// Exports every pair (private notes too when `private`) as JSON to
    /// `name` in the temp folder and returns the file.
    fn export_json(&self, name: &str, private: bool) -> PathBuf;

    fn import(&self, file: &Path) -> String;

    /// Everything a person can read out of the journal, versions included.
    fn state(&self) -> Vec<String>;

    /// The journal file's bytes; every `candor` process has exited by now,
    /// so no connection holds it open.
    fn bytes(&self) -> Vec<u8>;
}

impl JournalExt for Journal {
    #[track_caller]
    fn hits(&self, query: &str, extra: &[&str]) -> Vec<Value> {
        let mut args = vec!["search", query, "--json"];
        args.extend_from_slice(extra);
        // Standard error may say what private notes were held back.
        let out = self.run(&args);
        assert!(out.status.success(), "{args:?}: {out:?}");
        array(serde_json::from_slice::<Value>(&out.stdout).expect("search --json writes JSON"))
    }

    #[track_caller]
    fn items(&self, pair: &str, what: &str) -> Vec<Value> {
        array(self.json(&["list", pair, what, "--private", "--json"]))
    }

    #[track_caller]
    fn add_pair(&self, mentor: &str, mentee: &str) -> i64 {
        id_in(&self.ok(&[
            "pair",
            "add",
            "--mentor",
            mentor,
            "--mentee",
            mentee,
            "--since",
            "2026-10-01",
        ]))
    }

    #[track_caller]
    fn note(&self, pair: &str, text: &str) -> i64 {
        id_in(&self.ok(&["note", "add", pair, text]))
    }

    #[track_caller]
    fn private_note(&self, pair: &str, text: &str) -> i64 {
        id_in(&self.ok(&["note", "add", pair, "--private", text]))
    }

    #[track_caller]
    fn export_json(&self, name: &str, private: bool) -> PathBuf {
        let file = self.path(name);
        let mut args = vec!["export", "--all", "--format", "json", "-o"];
        let f = file.to_str().unwrap().to_owned();
        args.push(&f);
        if private {
            args.push("--include-private");
        }
        self.ok(&args);
        file
    }

    #[track_caller]
    fn import(&self, file: &Path) -> String {
        self.ok(&["import", file.to_str().unwrap()])
    }

    fn state(&self) -> Vec<String> {
        let pairs = self.ok(&["pair", "list", "--json"]);
        let mut out = vec![pairs.clone()];
        for p in array(serde_json::from_str::<Value>(&pairs).unwrap()) {
            let id = p["id"].to_string();
            out.push(self.ok(&["checklist", &id, "--json"]));
            for what in ["meetings", "feedback", "notes", "actions"] {
                out.push(self.ok(&["list", &id, what, "--private", "--json"]));
            }
        }
        out
    }

    fn bytes(&self) -> Vec<u8> {
        fs::read(&self.db).unwrap()
    }
}

/// A JSON time as an instant, whatever its precision or offset.
#[track_caller]
fn time(v: &Value) -> DateTime<chrono::FixedOffset> {
    let s = v.as_str().unwrap_or_else(|| panic!("not a time: {v}"));
    DateTime::parse_from_rfc3339(s).unwrap_or_else(|e| panic!("{s:?}: {e}"))
}

fn write_json(path: &Path, v: &Value) {
    fs::write(path, serde_json::to_string_pretty(v).unwrap()).unwrap();
}

fn is_uuid(s: &str) -> bool {
    uuid::Uuid::parse_str(s).is_ok_and(|u| u.hyphenated().to_string() == s)
}

/// The bodies of the notes in a `list … notes --json` array.
fn bodies(notes: &[Value]) -> Vec<String> {
    notes
        .iter()
        .map(|n| n["body"].as_str().unwrap().to_owned())
        .collect()
}

/// Two pairs with something of every kind in the first: 1 is Alex Morgan &
/// Ben Okafor, 2 is Cleo Park & Dana Li.
fn filled() -> Journal {
    let j = Journal::new();
    j.add_pair("Alex Morgan", "Ben Okafor");
    j.add_pair("Cleo Park", "Dana Li");
    j.ok(&[
        "check",
        "Ben",
        "trust.agenda",
        "--note",
        "we talked about candour over coffee",
    ]);
    j.ok(&[
        "strength",
        "add",
        "Ben",
        "--whose",
        "mentee",
        "explains",
        "trade-offs",
        "clearly",
    ]);
    j.ok(&[
        "strength",
        "add",
        "Ben",
        "--whose",
        "mentor",
        "patient listener",
    ]);
    j.ok(&[
        "experience",
        "add",
        "Ben",
        "--challenge",
        "team ignores my estimates",
        "--similar",
        "my roadmap was overruled",
    ]);
    j.ok(&[
        "meeting",
        "add",
        "Ben",
        "--at",
        "2026-11-20 15:00",
        "--agenda",
        "career ladder",
        "--next-steps",
        "draft the promotion case",
        "we spoke about the staff engineer path",
    ]);
    j.ok(&[
        "feedback",
        "add",
        "Ben",
        "--to",
        "mentor",
        "--requested",
        "--response",
        "accepted",
        "--follow-up",
        "ask again in a month",
        "you interrupt when I think aloud",
    ]);
    j.ok(&[
        "action",
        "add",
        "Ben",
        "--owner",
        "mentee",
        "--due",
        "2026-12-05",
        "write",
        "the",
        "design",
        "doc",
    ]);
    j.ok(&[
        "note",
        "add",
        "Ben",
        "--tag",
        "next",
        "ask about the offsite",
    ]);
    j.private_note("Ben", "worried about the reorg, tell nobody");
    j.note("Dana", "Dana wants to move into management");
    j
}

// ---------------------------------------------------------------- search

#[test]
fn search_finds_words_prefixes_and_phrases() {
    let j = Journal::new();
    j.add_pair("Alex Morgan", "Ben Okafor");
    let word = j.note("Ben", "we built trust slowly");
    let prefix = j.note("Ben", "a trusting relationship");
    let phrase = j.note("Ben", "the first meeting went well");
    let scrambled = j.note("Ben", "meeting first thing tomorrow");

    let ids = |hits: &[Value]| -> Vec<i64> {
        let mut ids: Vec<i64> = hits
            .iter()
            .filter(|h| h["kind"] == "note")
            .map(|h| h["id"].as_i64().unwrap())
            .collect();
        ids.sort_unstable();
        ids
    };
    assert_eq!(ids(&j.hits("trust", &[])), [word]);
    assert_eq!(ids(&j.hits("trus*", &[])), [word, prefix]);
    assert_eq!(ids(&j.hits("\"first meeting\"", &[])), [phrase]);
    assert_eq!(ids(&j.hits("first meeting", &[])), [phrase, scrambled]);
    // Upper case finds lower case.
    assert_eq!(ids(&j.hits("TRUST", &[])), [word]);

    let human = j.ok(&["search", "trus*"]);
    assert!(
        human.contains("«trust»") && human.contains("«trusting»"),
        "{human}"
    );
    assert!(human.contains("Alex Morgan & Ben Okafor"), "{human}");
    assert!(human.contains("2026-11-27"), "{human}");
    assert_terminal_safe(&human);
}

#[test]
fn search_ranks_three_mentions_above_one() {
    let j = Journal::new();
    j.add_pair("Alex Morgan", "Ben Okafor");
    let once = j.note("Ben", "candour came up once today, alas, sadly");
    let thrice = j.note("Ben", "candour, candour and candour all day");
    let hits = j.hits("candour", &[]);
    let order: Vec<i64> = hits.iter().map(|h| h["id"].as_i64().unwrap()).collect();
    assert_eq!(order, [thrice, once], "{hits:#?}");
}

#[test]
fn search_filters_by_pair_and_kind() {
    let j = Journal::new();
    j.add_pair("Alex Morgan", "Ben Okafor");
    j.add_pair("Cleo Park", "Dana Li");
    j.note("Ben", "the kestrel flew over the office");
    j.note("Dana", "a kestrel story");
    j.ok(&["meeting", "add", "Ben", "we watched a kestrel"]);
    j.ok(&[
        "action",
        "add",
        "Dana",
        "--owner",
        "both",
        "photograph the kestrel",
    ]);

    assert_eq!(j.hits("kestrel", &[]).len(), 4);

    let ben = j.hits("kestrel", &["--pair", "Ben"]);
    assert_eq!(ben.len(), 2, "{ben:#?}");
    assert!(
        ben.iter()
            .all(|h| h["pair_id"] == 1 && h["pair"] == "Alex Morgan & Ben Okafor")
    );

    let notes = j.hits("kestrel", &["--kind", "note"]);
    assert_eq!(notes.len(), 2, "{notes:#?}");
    assert!(notes.iter().all(|h| h["kind"] == "note"));

    let dana_actions = j.hits("kestrel", &["--pair", "Dana", "--kind", "action"]);
    assert_eq!(dana_actions.len(), 1, "{dana_actions:#?}");
    assert_eq!(dana_actions[0]["kind"], "action");
    assert_eq!(dana_actions[0]["pair_id"], 2);

    let meetings = j.hits("kestrel", &["--kind", "meeting"]);
    assert_eq!(meetings.len(), 1);
    assert_eq!(meetings[0]["kind"], "meeting");
}

#[test]
fn checklist_and_pair_hits_keep_their_words_and_every_spelling_of_kind_is_taken() {
    let j = Journal::new();
    j.add_pair("Alex Morgan", "Ben Okafor");
    j.ok(&["check", "Ben", "trust.agenda", "--note", "heron"]);
    j.note("Ben", "heron and Okafor");
    for kind in ["checklist", "checklist_item", "item", "ITEM"] {
        let hits = j.hits("heron", &["--kind", kind]);
        assert_eq!(hits.len(), 1, "{kind}: {hits:#?}");
        assert_eq!(hits[0]["kind"], "checklist", "{kind}");
    }
    for kind in ["pair", "pairs", "Pair"] {
        let hits = j.hits("okafor", &["--kind", kind]);
        assert_eq!(hits.len(), 1, "{kind}: {hits:#?}");
        assert_eq!(hits[0]["kind"], "pair", "{kind}");
    }
    for kind in ["notes", "Note"] {
        assert_eq!(j.hits("heron", &["--kind", kind])[0]["kind"], "note");
    }
    let text = j.ok(&["search", "heron", "--kind", "checklist"]);
    assert!(text.starts_with("checklist #"), "{text}");
}

#[test]
fn search_with_an_unknown_kind_is_a_clear_error() {
    let j = Journal::new();
    j.add_pair("Alex Morgan", "Ben Okafor");
    j.note("Ben", "kestrel");
    let err = j.fails(&["search", "kestrel", "--kind", "banana"]);
    assert!(err.contains("banana"), "{err}");
    assert!(err.contains("note") && err.contains("meeting"), "{err}");
}

#[test]
fn private_notes_are_searched_only_with_private() {
    let j = Journal::new();
    j.add_pair("Alex Morgan", "Ben Okafor");
    j.note("Ben", "shared thoughts on the okapi");
    let secret = j.private_note("Ben", "the quagga is my secret word, with an okapi");

    assert!(j.hits("quagga", &[]).is_empty());
    let human = String::from_utf8_lossy(&j.run(&["search", "quagga"]).stdout).into_owned();
    assert!(!human.contains("secret"), "{human}");

    let found = j.hits("quagga", &["--private"]);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0]["id"], secret);
    assert!(found[0]["snippet"].as_str().unwrap().contains("«quagga»"));
    // A private note found says it is one, in JSON and in words.
    assert_eq!(found[0]["private"], true);
    let both = j.hits("okapi", &["--private"]);
    assert!(
        both.iter().all(|h| h["private"] == (h["id"] == secret)),
        "{both:#?}"
    );
    let shown = j.ok(&["search", "quagga", "--private"]);
    assert!(
        shown.starts_with(&format!("note #{secret} (private)  ")),
        "{shown}"
    );
    // An escape sequence typed or pasted into the query is no part of it.
    let coloured = j.hits("\u{1b}[31mquagga\u{1b}[0m", &["--private"]);
    assert_eq!(coloured.len(), 1, "{coloured:#?}");

    // A dash leaves out what holds the word, first in the query too.
    assert_eq!(j.hits("okapi -quagga", &["--private"]).len(), 1);
    assert_eq!(j.hits("-quagga okapi", &["--private"]).len(), 1);
    assert!(j.ok(&["search", "-okapi"]).starts_with("Nothing matches"));

    // A word in both: the private note only with --private.
    assert_eq!(j.hits("okapi", &[]).len(), 1);
    assert_eq!(j.hits("okapi", &["--private"]).len(), 2);

    // Standard error says what was held back; standard output is as before.
    let out = j.run(&["search", "okapi"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        err.trim(),
        "candor: 1 private note also matches and is not shown; --private shows it."
    );
    assert!(!String::from_utf8_lossy(&out.stdout).contains("candor:"));
    let out = j.run(&["search", "okapi", "--private"]);
    assert!(out.stderr.is_empty(), "nothing held back");
    let out = j.run(&["search", "wallaby"]);
    assert!(out.stderr.is_empty(), "no private note matched");
}

#[test]
fn private_notes_held_back_are_counted_beyond_the_first_page_of_hits() {
    // More shared notes match than a search prints (200), and three private
    // ones too: they are counted all the same, by the one search.
    let j = Journal::new();
    let pair = j.add_pair("Alex Morgan", "Ben Okafor");
    {
        let clock = std::sync::Arc::new(candor::clock::FixedClock::parse(NOW).unwrap());
        let mut store = candor::store::Store::open(&j.db, clock).unwrap();
        for i in 0..250 {
            let note = |private: bool| candor::store::NewNote {
                body: format!("{i}: about the okapi"),
                private,
                tags: vec![],
            };
            store.add_note(pair, &note(false)).unwrap();
            if i % 100 == 0 {
                store.add_note(pair, &note(true)).unwrap();
            }
        }
    }
    assert_eq!(j.hits("okapi", &[]).len(), 200);
    let out = j.run(&["search", "okapi"]);
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).trim(),
        "candor: 3 private notes also match and are not shown; --private shows them.\n\
         candor: the best 200 hits are shown and more match; --pair, --kind or more words narrow the search."
    );
    // A search whose hits all show says nothing of more.
    let out = j.run(&["search", "249"]);
    assert_eq!(j.hits("249", &[]).len(), 1);
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_search_says_when_sealed_private_notes_were_not_searched() {
    let j = Journal::new();
    j.add_pair("Alex Morgan", "Ben Okafor");
    j.private_note("Ben", "the quagga again");
    j.ok_with(
        &[("CANDOR_NEW_PASSPHRASE", "correct horse battery")],
        &["passphrase", "set"],
    );
    let out = j.run(&["search", "quagga"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("private notes are sealed and were not searched; --private searches them too"),
        "{err}"
    );
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("Nothing matches"));
}

#[test]
fn search_json_hits_carry_their_fields() {
    let j = Journal::new();
    j.add_pair("Alex Morgan", "Ben Okafor");
    j.note("Ben", "the wombat is shy");
    j.ok(&[
        "meeting",
        "add",
        "Ben",
        "--at",
        "2026-11-20 15:00",
        "about the wombat",
    ]);
    let hits = j.hits("wombat", &[]);
    assert_eq!(hits.len(), 2, "{hits:#?}");
    for h in &hits {
        assert!(h["id"].is_i64(), "{h}");
        assert!(is_uuid(h["uid"].as_str().unwrap()), "{h}");
        assert!(
            ["note", "meeting"].contains(&h["kind"].as_str().unwrap()),
            "{h}"
        );
        assert_eq!(h["pair_id"], 1);
        assert_eq!(h["pair"], "Alex Morgan & Ben Okafor");
        DateTime::parse_from_rfc3339(h["date"].as_str().unwrap())
            .unwrap_or_else(|e| panic!("date of {h}: {e}"));
        assert!(h["snippet"].as_str().unwrap().contains("«wombat»"), "{h}");
    }
    let meeting = hits.iter().find(|h| h["kind"] == "meeting").unwrap();
    assert_eq!(time(&meeting["date"]), time(&json!("2026-11-20T15:00:00Z")));
}

#[test]
fn search_with_no_hits_is_an_empty_list() {
    let j = Journal::new();
    j.add_pair("Alex Morgan", "Ben Okafor");
    j.note("Ben", "something");
    let out = j.ok(&["search", "aardvark", "--json"]);
    assert_eq!(serde_json::from_str::<Value>(&out).unwrap(), json!([]));
    let human = j.ok(&["search", "aardvark"]);
    assert!(human.contains("aardvark"), "{human}");
    // On an empty journal too.
    let empty = Journal::new().created();
    assert_eq!(empty.json(&["search", "anything", "--json"]), json!([]));
}

#[rstest]
#[case::unbalanced_quote("\"unbalanced")]
#[case::near_open("NEAR(")]
#[case::dangling_and("trust AND")]
#[case::column_only("body:")]
#[case::stars("***")]
#[case::parens("((")]
#[case::minus("-")]
#[case::apostrophe("'")]
#[case::colon(":")]
#[case::caret("^")]
#[case::plus_or("+ OR")]
#[case::escape_byte("\u{1b}[31mtrust\u{1b}[0m")]
#[case::bell_and_bidi("\u{7}trust\u{202e}")]
#[case::long_word(&"x".repeat(10 * 1024))]
#[case::long_query(&"trust \"unbalanced ".repeat(600))]
fn hostile_queries_fall_back_without_an_error(#[case] query: &str) {
    let j = Journal::new();
    j.add_pair("Alex Morgan", "Ben Okafor");
    j.note(
        "Ben",
        "unbalanced trust and near body notes: (stars) - 'quoted'",
    );
    for extra in [
        &[][..],
        &["--json"][..],
        &["--private", "--kind", "note"][..],
    ] {
        let mut args = vec!["search", query];
        args.extend_from_slice(extra);
        let out = j.run(&args);
        assert!(
            out.status.success(),
            "search {:?} {extra:?} failed: {}",
            query
                .escape_debug()
                .to_string()
                .chars()
                .take(80)
                .collect::<String>(),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            out.stderr.is_empty(),
            "search wrote an error: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let stdout = String::from_utf8(out.stdout).unwrap();
        assert_terminal_safe(&stdout);
        if extra.contains(&"--json") {
            let v: Value = serde_json::from_str(&stdout).unwrap();
            assert!(v.is_array(), "{v}");
        }
    }
}

#[test]
fn a_broken_query_still_finds_its_words_literally() {
    let j = Journal::new();
    j.add_pair("Alex Morgan", "Ben Okafor");
    let id = j.note("Ben", "an unbalanced budget");
    let hits = j.hits("\"unbalanced", &[]);
    assert_eq!(hits.len(), 1, "{hits:#?}");
    assert_eq!(hits[0]["id"], id);
    assert!(
        hits[0]["snippet"]
            .as_str()
            .unwrap()
            .contains("«unbalanced»")
    );
}

#[test]
fn search_follows_edits_and_deletes() {
    let j = Journal::new();
    j.add_pair("Alex Morgan", "Ben Okafor");
    let note = j.note("Ben", "the platypus meeting");
    let action = id_in(&j.ok(&[
        "action",
        "add",
        "Ben",
        "--owner",
        "both",
        "feed the platypus",
    ]));
    assert_eq!(j.hits("platypus", &[]).len(), 2);

    j.ok(&[
        "edit",
        "Ben",
        "note",
        &note.to_string(),
        "the echidna meeting",
    ]);
    let hits = j.hits("platypus", &[]);
    assert_eq!(hits.len(), 1, "{hits:#?}");
    assert_eq!(hits[0]["kind"], "action");
    assert_eq!(j.hits("echidna", &[]).len(), 1);
    // A word in both the old and the new text is still found.
    assert_eq!(j.hits("meeting", &["--kind", "note"]).len(), 1);

    j.ok(&["delete", "Ben", "action", &action.to_string(), "--yes"]);
    assert!(j.hits("platypus", &[]).is_empty());
    j.ok(&["delete", "Ben", "note", &note.to_string(), "--yes"]);
    assert!(j.hits("echidna", &[]).is_empty());
}

// ---------------------------------------------------------------- export

#[test]
fn markdown_export_reads_well_on_its_own() {
    let j = filled();
    let md = j.ok(&["export", "Ben", "--format", "md"]);
    for needle in [
        "Alex Morgan",
        "Ben Okafor",
        "we talked about candour over coffee",
        "explains trade-offs clearly",
        "patient listener",
        "team ignores my estimates",
        "my roadmap was overruled",
        "we spoke about the staff engineer path",
        "career ladder",
        "draft the promotion case",
        "you interrupt when I think aloud",
        "ask again in a month",
        "write the design doc",
        "2026-12-05",
        "ask about the offsite",
    ] {
        assert!(md.contains(needle), "no {needle:?} in:\n{md}");
    }
    for title in STEP_TITLES {
        assert!(md.contains(title), "no step {title:?} in:\n{md}");
    }
    // Every checklist item is there, by its title.
    for item in array(j.json(&["checklist", "Ben", "--json"])) {
        let title = item["title"].as_str().unwrap();
        assert!(md.contains(title), "no item {title:?} in:\n{md}");
    }
    // Steps in order.
    let at: Vec<usize> = STEP_TITLES.iter().map(|t| md.find(t).unwrap()).collect();
    assert!(
        at.windows(2).all(|w| w[0] < w[1]),
        "steps out of order:\n{md}"
    );
    assert!(
        !md.contains("worried about the reorg"),
        "a private note leaked:\n{md}"
    );
    assert!(!md.contains("Dana"), "another pair leaked:\n{md}");

    let with = j.ok(&["export", "Ben", "--format", "md", "--include-private"]);
    assert!(with.contains("worried about the reorg"), "{with}");

    let all = j.ok(&["export", "--all", "--format", "md"]);
    assert!(all.contains("Dana wants to move into management"), "{all}");
    assert!(!all.contains("worried about the reorg"), "{all}");
}

#[test]
fn markdown_export_carries_no_control_sequences() {
    let j = Journal::new();
    let pair = id_in(&j.ok(&[
        "pair",
        "add",
        "--mentor",
        &format!("Alex {HOSTILE}"),
        "--mentee",
        "Ben",
        "--focus",
        HOSTILE,
    ]));
    let p = pair.to_string();
    j.ok(&["check", &p, "trust.agenda", "--note", HOSTILE]);
    j.ok(&["strength", "add", &p, "--whose", "mentee", HOSTILE]);
    j.ok(&[
        "experience",
        "add",
        &p,
        "--challenge",
        HOSTILE,
        "--similar",
        HOSTILE,
    ]);
    j.ok(&[
        "meeting",
        "add",
        &p,
        "--agenda",
        HOSTILE,
        "--next-steps",
        HOSTILE,
        HOSTILE,
    ]);
    j.ok(&[
        "feedback",
        "add",
        &p,
        "--to",
        "mentee",
        "--situation",
        HOSTILE,
        "--behaviour",
        HOSTILE,
        "--impact",
        HOSTILE,
        "--follow-up",
        HOSTILE,
        HOSTILE,
    ]);
    j.ok(&["action", "add", &p, "--owner", "mentor", HOSTILE]);
    j.ok(&["note", "add", &p, HOSTILE]);
    j.ok(&["note", "add", &p, "--private", HOSTILE]);

    let file = j.path("out.md");
    j.ok(&[
        "export",
        &p,
        "--format",
        "md",
        "--include-private",
        "-o",
        file.to_str().unwrap(),
    ]);
    let from_file = fs::read_to_string(&file).unwrap();
    let printed = j.ok(&["export", &p, "--format", "md", "--include-private"]);
    for md in [&from_file, &printed] {
        assert_terminal_safe(md);
        assert!(md.contains("ALERT") && md.contains("txt.exe"), "{md}");
    }
}

#[test]
fn markdown_export_strips_bidi_overrides_from_tags() {
    let j = Journal::new();
    j.add_pair("Alex Morgan", "Ben Okafor");
    j.ok(&[
        "note",
        "add",
        "Ben",
        "--tag",
        "exe\u{202e}fdp",
        "--tag",
        "next",
        "tagged",
    ]);
    let md = j.ok(&["export", "Ben", "--format", "md"]);
    assert!(md.contains("tagged") && md.contains("#next"), "{md}");
    assert_terminal_safe(&md);
}

/// Every key of an export object that holds a time, and those that hold a date.
const TIMES: [&str; 7] = [
    "exported_at",
    "created_at",
    "updated_at",
    "done_at",
    "held_at",
    "given_at",
    "deleted_at",
];

/// Walks `v`, checking that every object in a list has a UUID uid and that
/// every time is RFC 3339. Returns how many entities it saw.
fn check_entities(v: &Value, path: &str) -> usize {
    let mut seen = 0;
    match v {
        Value::Object(map) => {
            for (k, val) in map {
                if TIMES.contains(&k.as_str()) && !val.is_null() {
                    let s = val
                        .as_str()
                        .unwrap_or_else(|| panic!("{path}.{k} is {val}"));
                    DateTime::parse_from_rfc3339(s)
                        .unwrap_or_else(|e| panic!("{path}.{k} = {s:?}: {e}"));
                }
                seen += check_entities(val, &format!("{path}.{k}"));
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                if let Value::Object(map) = item {
                    let uid = map
                        .get("uid")
                        .and_then(Value::as_str)
                        .unwrap_or_else(|| panic!("{path}[{i}] has no uid: {item}"));
                    assert!(is_uuid(uid), "{path}[{i}].uid = {uid:?}");
                    seen += 1;
                }
                seen += check_entities(item, &format!("{path}[{i}]"));
            }
        }
        _ => {}
    }
    seen
}

#[test]
fn json_export_is_versioned_with_uids_and_rfc3339_times() {
    let j = filled();
    let note = j.note("Ben", "soon gone");
    j.ok(&["delete", "Ben", "note", &note.to_string(), "--yes"]);
    let doc = j.json(&["export", "--all", "--format", "json", "--include-private"]);
    assert_eq!(doc["format"], "candor-export");
    assert_eq!(doc["format_version"], 4);
    assert_eq!(doc["includes_private"], true);
    assert_eq!(time(&doc["exported_at"]), time(&json!(NOW)));
    let pairs = doc["pairs"].as_array().unwrap();
    assert_eq!(pairs.len(), 2);
    let ben = &pairs[0];
    assert_eq!(ben["mentor_name"], "Alex Morgan");
    assert_eq!(ben["exporter_role"], "mentor");
    assert_eq!(ben["checklist"].as_array().unwrap().len(), 12);
    for (list, n) in [
        ("strengths", 2),
        ("experiences", 1),
        ("meetings", 1),
        ("feedback", 1),
        ("notes", 2),
        // One added, one from the meeting's next steps.
        ("actions", 2),
    ] {
        assert_eq!(ben[list].as_array().unwrap().len(), n, "{list}");
    }
    let tombstones = doc["tombstones"].as_array().unwrap();
    assert_eq!(tombstones.len(), 1);
    assert_eq!(tombstones[0]["kind"], "note");
    // 2 pairs, 24 items, 2 strengths, 1 experience, 1 meeting, 1 feedback,
    // 3 notes, 2 actions, 1 tombstone.
    assert_eq!(check_entities(&doc, "doc"), 37);
    // Dates stay dates.
    assert_eq!(ben["started_on"], "2026-10-01");
    let doc_action = ben["actions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["text"] == "write the design doc")
        .unwrap();
    assert_eq!(doc_action["due_on"], "2026-12-05");
    assert_eq!(
        time(&ben["meetings"][0]["held_at"]),
        time(&json!("2026-11-20T15:00:00Z"))
    );
}

#[test]
fn json_export_holds_private_notes_only_on_purpose() {
    let j = filled();
    let shared = j.json(&["export", "Ben", "--format", "json"]);
    assert_eq!(shared["includes_private"], false);
    let text = shared.to_string();
    assert!(!text.contains("worried about the reorg"), "{text}");
    let notes = shared["pairs"][0]["notes"].as_array().unwrap();
    assert!(notes.iter().all(|n| n["private"] == false), "{notes:?}");

    let all = j.json(&["export", "Ben", "--format", "json", "--include-private"]);
    assert_eq!(all["includes_private"], true);
    assert!(all.to_string().contains("worried about the reorg"));
}

#[test]
fn export_to_a_file_is_0600_and_one_pair_holds_only_that_pair() {
    let j = filled();
    let dana_note = j.note("Dana", "dana's note to delete");
    j.ok(&["delete", "Dana", "note", &dana_note.to_string(), "--yes"]);
    let file = j.path("ben.json");
    let msg = j.ok(&[
        "export",
        "Ben",
        "--format",
        "json",
        "-o",
        file.to_str().unwrap(),
    ]);
    assert!(msg.contains("ben.json"), "{msg}");
    assert_eq!(mode(&file), 0o600);
    let doc = read_json(&file);
    let pairs = doc["pairs"].as_array().unwrap();
    assert_eq!(pairs.len(), 1);
    assert_eq!(pairs[0]["mentee_name"], "Ben Okafor");
    let text = doc.to_string();
    assert!(!text.contains("Dana") && !text.contains("Cleo"), "{text}");
    assert!(
        doc["tombstones"].as_array().unwrap().is_empty(),
        "another pair's deletion travelled: {}",
        doc["tombstones"]
    );

    let md = j.path("sub/dir/ben.md");
    j.ok(&[
        "export",
        "Ben",
        "--format",
        "md",
        "-o",
        md.to_str().unwrap(),
    ]);
    assert_eq!(mode(&md), 0o600);
    assert!(fs::read_to_string(&md).unwrap().contains("Ben Okafor"));

    // An existing file is refused without --force, and left as it was.
    let loose = j.path("loose.json");
    fs::write(&loose, "old").unwrap();
    fs::set_permissions(&loose, fs::Permissions::from_mode(0o644)).unwrap();
    let err = j.fails(&[
        "export",
        "--all",
        "--format",
        "json",
        "-o",
        loose.to_str().unwrap(),
    ]);
    assert!(
        err.contains("exists already") && err.contains("--force"),
        "{err}"
    );
    assert_eq!(fs::read_to_string(&loose).unwrap(), "old");
    // With --force it is replaced whole, and ends up 0600 whatever it was.
    let wrote = j.ok(&[
        "export",
        "--all",
        "--format",
        "json",
        "-o",
        loose.to_str().unwrap(),
        "--force",
    ]);
    let full = loose.canonicalize().unwrap();
    assert!(
        wrote.starts_with(&format!("Wrote {}: ", full.display())),
        "the full path: {wrote}"
    );
    assert_eq!(mode(&loose), 0o600);
    assert_eq!(read_json(&loose)["pairs"].as_array().unwrap().len(), 2);
}

#[test]
fn an_unknown_export_format_is_a_clear_error() {
    let j = filled();
    let file = j.path("x.pdf");
    let err = j.fails(&[
        "export",
        "Ben",
        "--format",
        "pdf",
        "-o",
        file.to_str().unwrap(),
    ]);
    assert!(
        err.contains("pdf") && err.contains("md") && err.contains("json"),
        "{err}"
    );
    assert!(!file.exists());
}

// ---------------------------------------------------------------- import

#[test]
fn import_into_an_empty_journal_takes_the_other_role() {
    let mentor = filled();
    let file = mentor.export_json("mentor.json", false);

    let mentee = Journal::new();
    let msg = mentee.import(&file);
    assert!(msg.contains("mentor.json"), "{msg}");
    let pairs = mentee.pairs();
    assert_eq!(pairs.len(), 2);
    for (mine, theirs) in pairs.iter().zip(mentor.pairs()) {
        assert_eq!(mine["uid"], theirs["uid"]);
        assert_eq!(mine["mentor_name"], theirs["mentor_name"]);
        assert_eq!(mine["mentee_name"], theirs["mentee_name"]);
        assert_eq!(theirs["my_role"], "mentor");
        assert_eq!(mine["my_role"], "mentee");
    }
    // Everything shared arrived; the private note did not.
    assert_eq!(
        bodies(&mentee.items("Ben", "notes")),
        ["ask about the offsite"]
    );
    assert_eq!(mentee.items("Ben", "meetings").len(), 1);
    assert_eq!(mentee.items("Ben", "feedback").len(), 1);
    assert_eq!(mentee.items("Ben", "actions").len(), 2);
    let checklist = array(mentee.json(&["checklist", "Ben", "--json"]));
    assert_eq!(checklist.len(), 12);
    // The same items are ticked on both sides: by hand as the export says,
    // and by the record the export brought.
    let ticked = |items: &[serde_json::Value]| {
        items
            .iter()
            .filter(|i| i["done"] == true)
            .map(|i| i["key"].as_str().unwrap_or_default().to_owned())
            .collect::<Vec<_>>()
    };
    let theirs = array(mentor.json(&["checklist", "Ben", "--json"]));
    assert_eq!(ticked(&checklist), ticked(&theirs));
    assert!(ticked(&checklist).len() > 1, "{:?}", ticked(&checklist));
    // The mentee's copy is searchable at once.
    assert_eq!(mentee.hits("offsite", &[]).len(), 1);

    // A mentee's export makes the importer the mentor.
    let from_mentee = Journal::new();
    from_mentee.ok(&[
        "pair",
        "add",
        "--mentor",
        "Eve Adams",
        "--mentee",
        "Finn Hale",
        "--role",
        "mentee",
    ]);
    let file = from_mentee.export_json("mentee.json", false);
    let other = Journal::new();
    other.import(&file);
    assert_eq!(other.pairs()[0]["my_role"], "mentor");
}

#[test]
fn importing_twice_changes_nothing() {
    let source = filled();
    let file = source.export_json("all.json", true);
    let j = Journal::new();
    j.add_pair("Gus Grey", "Hana Ito");
    j.note("Hana", "a pair of the importer's own");
    j.import(&file);
    let before = j.state();
    let bytes = j.bytes();
    let msg = j.import(&file);
    assert!(
        msg.contains("0 added") && msg.contains("0 updated"),
        "{msg}"
    );
    assert_eq!(before, j.state(), "the second import changed something");
    assert_eq!(bytes, j.bytes(), "the second import wrote to the journal");
    // Importing into the journal that made the file changes nothing either.
    let own = source.state();
    source.import(&file);
    assert_eq!(own, source.state());
}

#[test]
fn a_newer_copy_updates_and_an_older_one_does_not() {
    let source = filled();
    let file = source.export_json("all.json", false);
    let j = Journal::new();
    j.import(&file);
    let note_id = j.items("Ben", "notes")[0]["id"].as_i64().unwrap();
    let version = |j: &Journal| -> i64 {
        j.items("Ben", "notes")
            .iter()
            .find(|n| n["id"] == note_id)
            .unwrap()["version"]
            .as_i64()
            .unwrap()
    };
    let v0 = version(&j);

    let mut doc = read_json(&file);
    doc["pairs"][0]["notes"][0]["body"] = json!("the offsite agenda, revised on the other side");
    doc["pairs"][0]["notes"][0]["updated_at"] = json!("2026-11-28T09:00:00Z");
    doc["pairs"][0]["mentee_name"] = json!("Ben O. Okafor");
    doc["pairs"][0]["updated_at"] = json!("2026-11-28T09:00:00+02:00");
    let newer = j.path("newer.json");
    write_json(&newer, &doc);
    let msg = j.import(&newer);
    assert!(msg.contains("2 updated"), "{msg}");
    let note = j.items("Ben", "notes");
    assert_eq!(
        bodies(&note),
        ["the offsite agenda, revised on the other side"]
    );
    assert_eq!(version(&j), v0 + 1, "a merged row's version is bumped");
    assert_eq!(
        time(&note[0]["updated_at"]),
        time(&json!("2026-11-28T09:00:00Z"))
    );
    let pair = &j.pairs()[0];
    assert_eq!(pair["mentee_name"], "Ben O. Okafor");
    assert_eq!(pair["my_role"], "mentee", "a known pair keeps its role");
    assert_eq!(j.hits("revised", &[]).len(), 1);
    // The old body was "ask about the offsite": a word gone, a word kept.
    let notes = ["--kind", "note"];
    assert!(
        j.hits("ask", &notes).is_empty(),
        "the index kept the old text"
    );
    assert_eq!(j.hits("offsite", &notes).len(), 1, "a kept word was lost");

    // Older than what the journal has: nothing changes.
    let after_newer = j.state();
    let mut doc = read_json(&file);
    doc["pairs"][0]["notes"][0]["body"] = json!("stale text from long ago");
    doc["pairs"][0]["notes"][0]["updated_at"] = json!("2026-11-01T00:00:00Z");
    doc["pairs"][0]["mentee_name"] = json!("Stale Name");
    doc["pairs"][0]["updated_at"] = json!("2026-11-01T00:00:00Z");
    let older = j.path("older.json");
    write_json(&older, &doc);
    let msg = j.import(&older);
    assert!(msg.contains("0 updated"), "{msg}");
    assert_eq!(after_newer, j.state());
    // Equal times are not newer either: the original file changes nothing now.
    j.import(&file);
    assert_eq!(after_newer, j.state());
}

#[test]
fn mentor_and_mentee_exports_meet_in_one_pair() {
    // The mentor starts the pair and shares it.
    let mentor = Journal::new();
    mentor.add_pair("Alex Morgan", "Ben Okafor");
    mentor.ok(&[
        "meeting",
        "add",
        "Ben",
        "--at",
        "2026-11-20 15:00",
        "first talk",
    ]);
    mentor.note("Ben", "from the mentor: read the style guide");
    mentor.private_note("Ben", "mentor's private worry");
    let m1 = mentor.export_json("m1.json", false);

    // The mentee, a day later, takes it in and adds to it.
    let mentee = Journal::at(LATER);
    mentee.import(&m1);
    assert_eq!(mentee.pairs().len(), 1);
    assert_eq!(mentee.pairs()[0]["my_role"], "mentee");
    mentee.note("Ben", "from the mentee: the quokka question");
    mentee.private_note("Ben", "mentee's private doubt");
    mentee.ok(&[
        "check",
        "Ben",
        "trust.confidential",
        "--note",
        "agreed on day one",
    ]);
    let e1 = mentee.export_json("e1.json", false);

    // Back to the mentor.
    let e1_at_mentor = mentor.path("e1.json");
    fs::copy(&e1, &e1_at_mentor).unwrap();
    mentor.import(&e1_at_mentor);
    let pairs = mentor.pairs();
    assert_eq!(pairs.len(), 1, "{pairs:#?}");
    assert_eq!(pairs[0]["my_role"], "mentor");
    let notes = bodies(&mentor.items("Ben", "notes"));
    assert!(
        notes.contains(&"from the mentee: the quokka question".to_owned()),
        "{notes:?}"
    );
    assert!(
        notes.contains(&"mentor's private worry".to_owned()),
        "{notes:?}"
    );
    assert!(
        !notes.contains(&"mentee's private doubt".to_owned()),
        "{notes:?}"
    );
    assert_eq!(notes.len(), 3, "{notes:?}");
    let item = array(mentor.json(&["checklist", "Ben", "--json"]))
        .into_iter()
        .find(|i| i["key"] == "trust.confidential")
        .unwrap();
    assert_eq!(item["done"], true);
    assert_eq!(item["note"], "agreed on day one");
    assert_eq!(mentor.hits("quokka", &[]).len(), 1);

    // And once more to the mentee: still one pair, still the mentee's role,
    // the mentee's private note untouched.
    let m2 = mentor.export_json("m2.json", false);
    mentee.import(&m2);
    let pairs = mentee.pairs();
    assert_eq!(pairs.len(), 1);
    assert_eq!(pairs[0]["my_role"], "mentee");
    let notes = bodies(&mentee.items("Ben", "notes"));
    assert!(
        notes.contains(&"mentee's private doubt".to_owned()),
        "{notes:?}"
    );
    assert_eq!(notes.len(), 3, "{notes:?}");
    assert_eq!(mentee.items("Ben", "meetings").len(), 1);
}

#[test]
fn a_deletion_travels_and_stays_deleted() {
    let a = Journal::new();
    a.add_pair("Alex Morgan", "Ben Okafor");
    a.note("Ben", "keep me");
    let gone = a.note("Ben", "delete me: the axolotl");
    let meeting = id_in(&a.ok(&["meeting", "add", "Ben", "the axolotl meeting"]));
    let old = a.export_json("old.json", false);

    let b = Journal::new();
    b.import(&old);
    assert_eq!(b.hits("axolotl", &[]).len(), 2);

    a.ok(&["delete", "Ben", "note", &gone.to_string(), "--yes"]);
    a.ok(&["delete", "Ben", "meeting", &meeting.to_string(), "--yes"]);
    let new = a.export_json("new.json", false);
    let msg = b.import(&new);
    assert!(msg.contains("2 removed"), "{msg}");
    assert_eq!(bodies(&b.items("Ben", "notes")), ["keep me"]);
    assert!(b.items("Ben", "meetings").is_empty());
    assert!(b.hits("axolotl", &[]).is_empty());

    // The older export still holds them; they do not come back, on either side.
    let before = b.state();
    b.import(&old);
    assert_eq!(before, b.state());
    let a_before = a.state();
    a.import(&old);
    assert_eq!(a_before, a.state());
    assert_eq!(bodies(&a.items("Ben", "notes")), ["keep me"]);

    // The deletion travels on from b to a third journal that had the old copy.
    let c = Journal::new();
    c.import(&old);
    let from_b = b.export_json("b.json", false);
    c.import(&from_b);
    assert_eq!(bodies(&c.items("Ben", "notes")), ["keep me"]);
    assert!(c.items("Ben", "meetings").is_empty());
}

#[test]
fn a_deleted_pair_stays_deleted_here_and_is_kept_by_a_partner() {
    let a = filled();
    let old = a.export_json("old.json", true);
    a.ok(&["pair", "delete", "Dana", "--yes"]);
    let new = a.export_json("new.json", true);
    // The journal that deleted it: its own older export does not bring it back.
    a.import(&old);
    assert_eq!(a.pairs().len(), 1);
    assert!(a.hits("management", &[]).is_empty());

    // Another journal keeps its copy of the pair, with everything in it, and
    // is told; the older export changes nothing after that.
    let b = Journal::new();
    b.import(&old);
    let before = b.state();
    let msg = b.import(&new);
    assert!(
        msg.contains(
            "Cleo Park removed your pair Cleo Park mentoring Dana Li on their side; yours is kept."
        ),
        "{msg}"
    );
    assert_eq!(b.pairs().len(), 2);
    assert_eq!(before, b.state());
    assert_eq!(b.hits("management", &[]).len(), 1);
    b.import(&old);
    assert_eq!(before, b.state());
}

/// A journal with something in it, and its bytes.
fn victim() -> (Journal, Vec<String>, Vec<u8>) {
    let j = Journal::new();
    j.add_pair("Gus Grey", "Hana Ito");
    j.note("Hana", "the importer's own note");
    let state = j.state();
    let bytes = j.bytes();
    (j, state, bytes)
}

#[track_caller]
fn assert_untouched(j: &Journal, state: &[String], bytes: &[u8]) {
    assert!(j.bytes() == bytes, "the journal's bytes changed");
    assert_eq!(state, j.state());
}

#[rstest]
#[case::truncated_brace(b"{".to_vec())]
#[case::truncated_export(b"{\n  \"format\": \"candor-export\",\n  \"format_version\": 1,\n  \"pairs\": [".to_vec())]
#[case::plain_text(b"Dear diary,\nthis is not JSON.\n".to_vec())]
#[case::array(b"[]".to_vec())]
#[case::other_format(br#"{"format":"x"}"#.to_vec())]
#[case::number(b"42".to_vec())]
#[case::trailing_garbage(b"{\"format\":\"candor-export\"} trailing".to_vec())]
fn a_file_that_is_not_an_export_is_refused_with_line_and_column(#[case] content: Vec<u8>) {
    let (j, state, bytes) = victim();
    let file = j.path("bad.json");
    fs::write(&file, &content).unwrap();
    let err = j.fails(&["import", file.to_str().unwrap()]);
    assert!(err.contains("bad.json"), "{err}");
    assert!(err.contains("line") && err.contains("column"), "{err}");
    assert_untouched(&j, &state, &bytes);
}

#[rstest]
#[case::random_bytes((0..4096u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect())]
#[case::png_header(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89".to_vec())]
#[case::latin1_text(b"{\"format\": \"caf\xe9\"}".to_vec())]
fn a_binary_file_is_refused_with_line_and_column(#[case] content: Vec<u8>) {
    let (j, state, bytes) = victim();
    let file = j.path("bad.bin");
    fs::write(&file, &content).unwrap();
    let out = j.run(&["import", file.to_str().unwrap()]);
    let err = failed(&out, &["import", "bad.bin"]);
    assert_untouched(&j, &state, &bytes);
    assert!(err.contains("bad.bin"), "{err}");
    assert!(
        err.contains("line") && err.contains("column"),
        "the issue asks for line and column for any file that is not valid JSON: {err}"
    );
}

#[test]
fn a_newer_format_version_is_refused() {
    let source = filled();
    let file = source.export_json("v99.json", false);
    let mut doc = read_json(&file);
    doc["format_version"] = json!(99);
    write_json(&file, &doc);
    let (j, state, bytes) = victim();
    let err = j.fails(&["import", file.to_str().unwrap()]);
    assert!(err.contains("v99.json") && err.contains("99"), "{err}");
    assert_untouched(&j, &state, &bytes);

    let mut doc = read_json(&source.export_json("fmt.json", false));
    doc["format"] = json!("someone-elses-export");
    let other = j.path("other.json");
    write_json(&other, &doc);
    let err = j.fails(&["import", other.to_str().unwrap()]);
    assert!(
        err.contains("other.json") && err.contains("someone-elses-export"),
        "{err}"
    );
    assert_untouched(&j, &state, &bytes);

    // An unknown field is not silently dropped.
    let mut doc = read_json(&source.export_json("extra.json", false));
    doc["pairs"][0]["notes"][0]["colour"] = json!("red");
    let extra = j.path("extra-field.json");
    write_json(&extra, &doc);
    let err = j.fails(&["import", extra.to_str().unwrap()]);
    assert!(err.contains("colour") && err.contains("line"), "{err}");
    assert_untouched(&j, &state, &bytes);
}

/// Three pairs, good ones first: the bad entry goes in the last.
fn three_pairs_export() -> (Journal, Value) {
    let source = filled();
    source.add_pair("Ivy Jones", "Jack King");
    source.note("Jack", "a note of the third pair");
    source.ok(&["meeting", "add", "Jack", "a meeting of the third pair"]);
    let doc = read_json(&source.export_json("three.json", true));
    assert_eq!(doc["pairs"].as_array().unwrap().len(), 3);
    (source, doc)
}

#[rstest]
#[case::empty_mentee_name(|d: &mut Value| d["pairs"][2]["mentee_name"] = json!("  "))]
#[case::long_mentor_name(|d: &mut Value| d["pairs"][2]["mentor_name"] = json!("x".repeat(201)))]
#[case::huge_note(|d: &mut Value| d["pairs"][2]["notes"][0]["body"] = json!("n".repeat(11 * 1024 * 1024)))]
#[case::empty_note(|d: &mut Value| d["pairs"][2]["notes"][0]["body"] = json!(" \n "))]
#[case::tags_with_spaces(|d: &mut Value| d["pairs"][2]["notes"][0]["tags"] = json!(["two words"]))]
#[case::upper_case_tag(|d: &mut Value| d["pairs"][2]["notes"][0]["tags"] = json!(["Next"]))]
#[case::control_in_tag(|d: &mut Value| d["pairs"][2]["notes"][0]["tags"] = json!(["a\u{7}b"]))]
#[case::step_nine(|d: &mut Value| d["pairs"][2]["checklist"][0]["step"] = json!(9))]
#[case::step_zero(|d: &mut Value| d["pairs"][2]["checklist"][0]["step"] = json!(0))]
#[case::bad_key(|d: &mut Value| d["pairs"][2]["checklist"][0]["key"] = json!("trust agenda!"))]
#[case::non_uuid_uid(|d: &mut Value| d["pairs"][2]["meetings"][0]["uid"] = json!("not-a-uuid"))]
#[case::upper_case_uuid(|d: &mut Value| d["pairs"][2]["uid"] = json!("67E55044-10B1-426F-9247-BB680E5FE0C8"))]
#[case::non_uuid_tombstone(|d: &mut Value| d["tombstones"] = json!([{"uid": "x", "kind": "note", "pair_uid": null, "deleted_at": NOW}]))]
#[case::empty_meeting(|d: &mut Value| {
    let m = &mut d["pairs"][2]["meetings"][0];
    m["agenda"] = json!("");
    m["notes"] = json!(" ");
    m["next_steps"] = json!("\n");
})]
#[case::cadence_zero(|d: &mut Value| d["pairs"][2]["cadence_days"] = json!(0))]
#[case::cadence_too_long(|d: &mut Value| d["pairs"][2]["cadence_days"] = json!(400))]
#[case::unknown_role(|d: &mut Value| d["pairs"][2]["exporter_role"] = json!("boss"))]
#[case::bad_date(|d: &mut Value| d["pairs"][2]["started_on"] = json!("2026-02-30"))]
#[case::bad_time(|d: &mut Value| d["pairs"][2]["created_at"] = json!("yesterday"))]
#[case::negative_step(|d: &mut Value| d["pairs"][2]["checklist"][0]["step"] = json!(-1))]
fn an_export_with_one_invalid_entry_writes_nothing(#[case] spoil: fn(&mut Value)) {
    let (_source, mut doc) = three_pairs_export();
    spoil(&mut doc);
    let (j, state, bytes) = victim();
    let file = j.path("spoiled.json");
    write_json(&file, &doc);
    let err = j.fails(&["import", file.to_str().unwrap()]);
    assert!(err.contains("spoiled.json"), "{err}");
    assert!(
        err.chars().count() < 2000,
        "an error of {} chars",
        err.chars().count()
    );
    assert_untouched(&j, &state, &bytes);
    // Not even the two good pairs before the bad one.
    assert_eq!(j.pairs().len(), 1);
}

#[test]
fn a_checklist_key_twice_in_one_pair_is_refused_and_nothing_changes() {
    // Two checklist items of the last pair share a key: each entry is valid
    // on its own, but the journal holds one item per key.
    let (_source, mut doc) = three_pairs_export();
    let key = doc["pairs"][2]["checklist"][0]["key"].clone();
    doc["pairs"][2]["checklist"][1]["key"] = key;
    let (j, state, bytes) = victim();
    let file = j.path("dup.json");
    write_json(&file, &doc);
    let out = j.run(&["import", file.to_str().unwrap()]);
    assert!(
        !out.status.success(),
        "a duplicate checklist key was imported"
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("comes twice"), "{err}");
    assert_untouched(&j, &state, &bytes);
    assert_eq!(j.pairs().len(), 1);
}

#[test]
fn an_invalid_entry_is_named_once_in_the_error() {
    let (_source, mut doc) = three_pairs_export();
    doc["pairs"][2]["notes"][0]["tags"] = json!(["two words"]);
    let (j, _, _) = victim();
    let file = j.path("tags.json");
    write_json(&file, &doc);
    let err = j.fails(&["import", file.to_str().unwrap()]);
    assert!(err.contains("note 1 of pair 3"), "{err}");
    assert_eq!(
        err.matches("is not a tag list").count(),
        1,
        "the cause is repeated: {err}"
    );
}

#[test]
fn a_note_tagged_with_a_unicode_space_exports_and_imports() {
    // parse_tags splits on ASCII spaces only, so an em space stays inside a
    // tag; the journal's own export must still import.
    let a = Journal::new();
    a.add_pair("Alex Morgan", "Ben Okafor");
    a.ok(&[
        "note",
        "add",
        "Ben",
        "--tag",
        "x\u{2003}y",
        "--tag",
        "x",
        "tagged",
    ]);
    let file = a.export_json("tags.json", false);
    let b = Journal::new();
    b.import(&file);
    assert_eq!(bodies(&b.items("Ben", "notes")), ["tagged"]);
    assert_eq!(
        a.items("Ben", "notes")[0]["tags"],
        b.items("Ben", "notes")[0]["tags"]
    );
}

#[test]
fn importing_a_missing_file_is_a_clear_error() {
    let (j, state, bytes) = victim();
    let missing = j.path("nowhere.json");
    let err = j.fails(&["import", missing.to_str().unwrap()]);
    assert!(err.contains("nowhere.json"), "{err}");
    assert_untouched(&j, &state, &bytes);
}

// ------------------------------------------- what an import has a right to

/// The uid every "other side" file below says it was written by.
const OTHER_JOURNAL: &str = "0b1e55ed-0000-4000-8000-00000000a11a";

/// This journal is Ben Okafor's: Ana Ruiz mentors Ben (pair 1), and Ben
/// mentors Dana Li (pair 2, as Cleo Park — names are only names here).
/// Each pair holds a meeting, a shared note, a private note and a check-in.
fn two_pairs() -> Journal {
    let j = Journal::new();
    j.ok(&[
        "pair",
        "add",
        "--mentor",
        "Ana Ruiz",
        "--mentee",
        "Ben Okafor",
        "--role",
        "mentee",
    ]);
    j.add_pair("Cleo Park", "Dana Li");
    for pair in ["Ben", "Dana"] {
        j.ok(&["meeting", "add", pair, &format!("{pair}: the first talk")]);
        j.note(pair, &format!("{pair}: a shared note"));
        j.private_note(pair, &format!("{pair}: a private worry"));
        j.ok(&[
            "checkin",
            "add",
            pair,
            "--trust",
            "3",
            &format!("{pair}: a check-in"),
        ]);
    }
    j
}

/// The uid of the one entry of `what` (`meetings`, `checkins`…) in `pair`
/// whose text holds `text`.
#[track_caller]
fn uid_of(j: &Journal, pair: &str, what: &str, text: &str) -> Value {
    let items = j.items(pair, what);
    let found: Vec<&Value> = items
        .iter()
        .filter(|i| i.to_string().contains(text))
        .collect();
    assert_eq!(found.len(), 1, "{what} with {text:?}: {items:#?}");
    found[0]["uid"].clone()
}

#[track_caller]
fn pair_uid(j: &Journal, name: &str) -> Value {
    j.pairs()
        .into_iter()
        .find(|p| p.to_string().contains(name))
        .unwrap()["uid"]
        .clone()
}

fn tombstone(uid: &Value, kind: &str, pair_uid: &Value) -> Value {
    json!({"uid": uid, "kind": kind, "pair_uid": pair_uid, "deleted_at": NOW})
}

/// What the other side of `pair` might send: the journal's own shared
/// export of that pair, written by another journal, with `tombstones`.
#[track_caller]
fn partner_file(j: &Journal, pair: &str, name: &str, tombstones: Vec<Value>) -> PathBuf {
    let mut doc = j.json(&["export", pair, "--format", "json"]);
    doc["journal_uid"] = json!(OTHER_JOURNAL);
    // What the other side deleted, it no longer carries.
    for p in doc["pairs"].as_array_mut().unwrap() {
        for list in p.as_object_mut().unwrap().values_mut() {
            if let Value::Array(entries) = list {
                entries.retain(|e| !tombstones.iter().any(|t| t["uid"] == e["uid"]));
            }
        }
    }
    doc["tombstones"] = Value::Array(tombstones);
    let file = j.path(name);
    write_json(&file, &doc);
    file
}

/// `file` rewritten as format version 2, which names no journal: what
/// candor 0.6 wrote, and the old merge read.
fn as_version_two(file: &Path) -> &Path {
    let mut doc = read_json(file);
    doc.as_object_mut().unwrap().remove("journal_uid");
    doc["format_version"] = json!(2);
    write_json(file, &doc);
    file
}

/// The automatic copies beside the journal whose names start with `prefix`
/// (`j.db.before-import-`…), without SQLite's side files, sorted.
fn copies(j: &Journal, prefix: &str) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(j.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(prefix) && !n.ends_with("-wal") && !n.ends_with("-shm"))
        .collect();
    names.sort();
    names
}

/// Imports `file` into a journal whose state and bytes were taken before
/// the file was made; nothing may change.
#[track_caller]
fn import_changes_nothing(j: &Journal, file: &Path, state: &[String], bytes: &[u8]) -> String {
    let msg = j.import(file);
    assert_untouched(j, state, bytes);
    assert!(
        copies(j, "j.db.before-").is_empty(),
        "a backup was made: {msg}"
    );
    msg
}

#[test]
fn a_pair_tombstone_never_removes_your_pair_nor_its_private_entries() {
    // The old merge deleted the pair named by any tombstone, and with it
    // every private note and check-in of the pair.
    let j = two_pairs();
    let ben = pair_uid(&j, "Ben");
    let tombstones = vec![
        tombstone(&ben, "pair", &ben),
        tombstone(&uid_of(&j, "Ben", "notes", "private worry"), "note", &ben),
        tombstone(
            &uid_of(&j, "Ben", "checkins", "a check-in"),
            "checkin",
            &ben,
        ),
        tombstone(&uid_of(&j, "Ben", "notes", "shared note"), "note", &ben),
    ];
    // A file about the other pair …
    let file = partner_file(&j, "Dana", "dana.json", tombstones.clone());
    // … and one about no pair at all.
    let mut bare = read_json(&file);
    bare["pairs"] = json!([]);
    let nothing = j.path("nothing.json");
    write_json(&nothing, &bare);
    let (state, bytes) = (j.state(), j.bytes());
    for file in [&file, &nothing] {
        let msg = import_changes_nothing(&j, as_version_two(file), &state, &bytes);
        assert!(
            msg.contains(
                "Ana Ruiz removed your pair Ana Ruiz mentoring Ben Okafor on their side; yours is kept."
            ),
            "{msg}"
        );
        assert!(msg.contains("Kept 2 private entries"), "{msg}");
        assert!(
            msg.contains("Kept 1 entry that the file asks to remove"),
            "{msg}"
        );
    }
    assert_eq!(j.pairs().len(), 2);
    assert_eq!(j.items("Ben", "checkins").len(), 1);
    assert_eq!(j.count("SELECT count(*) FROM tombstone"), 0);
}

#[test]
fn a_note_tombstone_never_reaches_into_another_pair() {
    // The old merge deleted the note wherever it was.
    let j = two_pairs();
    let (ben, dana) = (pair_uid(&j, "Ben"), pair_uid(&j, "Dana"));
    let note = uid_of(&j, "Ben", "notes", "shared note");
    // Said to be Dana's (the pair the file carries), or Ben's (which it does not carry).
    let file = partner_file(
        &j,
        "Dana",
        "reach.json",
        vec![tombstone(&note, "note", &dana)],
    );
    let (state, bytes) = (j.state(), j.bytes());
    let msg = import_changes_nothing(&j, as_version_two(&file), &state, &bytes);
    assert!(
        msg.contains("Kept 1 entry that the file asks to remove without the right to"),
        "{msg}"
    );
    let file = partner_file(
        &j,
        "Dana",
        "reach2.json",
        vec![tombstone(&note, "note", &ben)],
    );
    import_changes_nothing(&j, as_version_two(&file), &state, &bytes);
    assert!(bodies(&j.items("Ben", "notes")).contains(&"Ben: a shared note".to_owned()));
}

#[test]
fn a_tombstone_of_one_kind_never_removes_another() {
    // The old merge deleted any row with the uid, whatever kind the tombstone named.
    let j = two_pairs();
    let ben = pair_uid(&j, "Ben");
    let note = uid_of(&j, "Ben", "notes", "shared note");
    let meeting = uid_of(&j, "Ben", "meetings", "first talk");
    let file = partner_file(
        &j,
        "Ben",
        "kinds.json",
        vec![
            tombstone(&note, "meeting", &ben),
            tombstone(&meeting, "note", &ben),
            tombstone(
                &uid_of(&j, "Dana", "meetings", "first talk"),
                "no-such-kind",
                &pair_uid(&j, "Dana"),
            ),
        ],
    );
    let (state, bytes) = (j.state(), j.bytes());
    let msg = import_changes_nothing(&j, as_version_two(&file), &state, &bytes);
    assert!(
        msg.contains("Kept 3 entries that the file asks to remove"),
        "{msg}"
    );
}

#[test]
fn a_tombstone_naming_a_private_note_or_a_checkin_is_ignored_and_said() {
    let j = two_pairs();
    let ben = pair_uid(&j, "Ben");
    let file = partner_file(
        &j,
        "Ben",
        "private.json",
        vec![
            tombstone(&uid_of(&j, "Ben", "notes", "private worry"), "note", &ben),
            tombstone(
                &uid_of(&j, "Ben", "checkins", "a check-in"),
                "checkin",
                &ben,
            ),
        ],
    );
    let (state, bytes) = (j.state(), j.bytes());
    let msg = import_changes_nothing(&j, as_version_two(&file), &state, &bytes);
    assert!(
        msg.contains("Kept 2 private entries (notes or check-ins) that the file asks to remove"),
        "{msg}"
    );
    assert_eq!(j.items("Ben", "checkins").len(), 1);
}

#[test]
fn a_rightful_tombstone_removes_after_a_backup_named_in_the_output() {
    let j = two_pairs();
    let ben = pair_uid(&j, "Ben");
    let note = uid_of(&j, "Ben", "notes", "shared note");
    let file = partner_file(&j, "Ben", "gone.json", vec![tombstone(&note, "note", &ben)]);
    let msg = j.import(&file);
    assert!(msg.contains("1 removed by deletions"), "{msg}");
    assert!(msg.contains("another journal's export"), "{msg}");
    assert!(!bodies(&j.items("Ben", "notes")).contains(&"Ben: a shared note".to_owned()));
    // The journal as it was, beside it, named in the output, 0600.
    let saved = copies(&j, "j.db.before-import-");
    assert_eq!(saved.len(), 1, "{saved:?}");
    assert!(msg.contains("the journal as it was is kept in "), "{msg}");
    assert!(msg.contains(&saved[0]), "{msg}");
    let saved = j.path(&saved[0]);
    assert_eq!(mode(&saved), 0o600);
    let conn = Connection::open(&saved).unwrap();
    let kept: i64 = conn
        .query_row(
            "SELECT count(*) FROM note WHERE uid = ?1",
            [note.as_str().unwrap()],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(kept, 1, "the backup does not hold the journal as it was");
    drop(conn);
    // The tombstone is kept, so an older file does not bring the note back.
    assert_eq!(j.count("SELECT count(*) FROM tombstone"), 1);
    let older = partner_file(&j, "Ben", "older.json", vec![]);
    let mut doc = read_json(&older);
    doc["pairs"][0]["notes"] = json!([{
        "uid": note, "body": "Ben: a shared note", "private": false, "tags": [],
        "created_at": NOW, "updated_at": NOW
    }]);
    write_json(&older, &doc);
    let msg = j.import(&older);
    assert!(msg.contains("0 added"), "{msg}");
}

#[test]
fn a_tombstone_for_something_not_here_is_not_kept_to_keep_it_out_later() {
    // The old merge kept every tombstone: a file could plant one for a uid
    // it knew, and the entry never arrived from anyone after that.
    let j = two_pairs();
    let ben = pair_uid(&j, "Ben");
    let later = json!("5eed0000-0000-4000-8000-00000000cafe");
    let planted = partner_file(
        &j,
        "Ben",
        "planted.json",
        vec![tombstone(&later, "note", &ben)],
    );
    let (state, bytes) = (j.state(), j.bytes());
    import_changes_nothing(&j, as_version_two(&planted), &state, &bytes);
    assert_eq!(j.count("SELECT count(*) FROM tombstone"), 0);

    let file = partner_file(&j, "Ben", "arrives.json", vec![]);
    let mut doc = read_json(&file);
    let mut note = doc["pairs"][0]["notes"][0].clone();
    note["uid"] = later;
    note["body"] = json!("the note that arrives later");
    doc["pairs"][0]["notes"].as_array_mut().unwrap().push(note);
    write_json(&file, &doc);
    let msg = j.import(as_version_two(&file));
    assert!(msg.contains("1 added"), "{msg}");
    assert!(bodies(&j.items("Ben", "notes")).contains(&"the note that arrives later".to_owned()));
}

#[test]
fn a_dry_run_counts_per_kind_and_writes_nothing() {
    let j = two_pairs();
    let (ben, dana) = (pair_uid(&j, "Ben"), pair_uid(&j, "Dana"));
    let meeting = uid_of(&j, "Ben", "meetings", "first talk");
    let file = partner_file(
        &j,
        "Ben",
        "plan.json",
        vec![
            tombstone(&meeting, "meeting", &ben),
            tombstone(&dana, "pair", &dana),
        ],
    );
    let mut doc = read_json(&file);
    // One note new, one newer.
    let notes = doc["pairs"][0]["notes"].as_array_mut().unwrap();
    let mut new = notes[0].clone();
    new["uid"] = json!("00000000-0000-4000-8000-00000000beef");
    new["body"] = json!("a note from Ana");
    notes[0]["body"] = json!("Ben: a shared note, edited by Ana");
    notes[0]["updated_at"] = json!(LATER);
    notes.push(new);
    write_json(&file, &doc);
    let (state, bytes) = (j.state(), j.bytes());
    let out = j.ok(&["import", file.to_str().unwrap(), "--dry-run"]);
    assert_untouched(&j, &state, &bytes);
    assert!(
        copies(&j, "j.db.before-").is_empty(),
        "a dry run made a backup"
    );
    assert_eq!(
        out.lines().collect::<Vec<_>>(),
        [
            format!(
                "Dry run of {} (another journal's export): nothing was written.",
                file.display()
            )
            .as_str(),
            "Would add: 1 note.",
            "Would update: 1 note.",
            "Would remove: 1 meeting.",
            "Dana Li removed your pair Cleo Park mentoring Dana Li on their side; yours would be kept.",
        ],
        "{out}"
    );
    // The real import does what the dry run said, after a backup.
    let msg = j.import(&file);
    assert!(
        msg.contains("1 added, 1 updated") && msg.contains("1 removed by deletions"),
        "{msg}"
    );
    assert_eq!(copies(&j, "j.db.before-import-").len(), 1);
    assert!(j.items("Ben", "meetings").is_empty());
    // A dry run of a file with nothing new says so.
    let out = j.ok(&["import", file.to_str().unwrap(), "--dry-run"]);
    assert!(
        out.contains("Would add nothing.\nWould update nothing.\nWould remove nothing."),
        "{out}"
    );
    // A dry run never creates a journal.
    let nowhere = j.path("new/j.db");
    let err = failed(
        &j.on(&nowhere)
            .args(["import", file.to_str().unwrap(), "--dry-run"])
            .output()
            .unwrap(),
        &["import", "--dry-run"],
    );
    assert!(err.contains("no journal"), "{err}");
    assert!(!nowhere.exists() && !j.path("new").exists());
}

#[test]
fn an_import_that_only_adds_makes_no_backup() {
    let j = two_pairs();
    let file = partner_file(&j, "Ben", "adds.json", vec![]);
    let mut doc = read_json(&file);
    let mut new = doc["pairs"][0]["notes"][0].clone();
    new["uid"] = json!("00000000-0000-4000-8000-00000000f00d");
    new["body"] = json!("only an addition");
    doc["pairs"][0]["notes"].as_array_mut().unwrap().push(new);
    write_json(&file, &doc);
    let msg = j.import(&file);
    assert!(msg.contains("1 added, 0 updated"), "{msg}");
    assert!(!msg.contains("kept in"), "{msg}");
    assert!(copies(&j, "j.db.before-").is_empty());
}

#[test]
fn automatic_copies_keep_the_five_newest_of_each_kind() {
    let j = two_pairs();
    // A copy of another kind, and a file that only looks like a copy.
    let b = j.path("b.db");
    j.ok(&["backup", b.to_str().unwrap()]);
    j.ok(&["restore", b.to_str().unwrap()]);
    let lookalike = j.path("j.db.before-import-notes.txt");
    fs::write(&lookalike, "mine").unwrap();
    let restored = copies(&j, "j.db.before-restore-");
    assert_eq!(restored.len(), 1);

    let mut named = Vec::new();
    for i in 0..7 {
        let file = partner_file(&j, "Ben", &format!("edit{i}.json"), vec![]);
        let mut doc = read_json(&file);
        doc["pairs"][0]["notes"][0]["body"] = json!(format!("edit {i}"));
        doc["pairs"][0]["notes"][0]["updated_at"] = json!(format!("2026-11-27T10:1{i}:00Z"));
        write_json(&file, &doc);
        // Some at the same moment (the names then carry -2, -3 …), some later.
        let now = if i < 4 {
            NOW.to_owned()
        } else {
            format!("2026-11-27T11:0{i}:00Z")
        };
        let msg = j.ok_with(&[("CANDOR_NOW", &now)], &["import", file.to_str().unwrap()]);
        let saved = msg
            .rsplit("kept in ")
            .next()
            .unwrap()
            .trim_end()
            .trim_end_matches('.');
        assert!(Path::new(saved).exists(), "{msg}");
        named.push(
            Path::new(saved)
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned(),
        );
    }
    let mut newest: Vec<String> = named[2..].to_vec();
    newest.sort();
    assert_eq!(copies(&j, "j.db.before-import-2"), newest);
    // No side files of the deleted copies are left either.
    for old in &named[..2] {
        assert!(!j.path(old).exists(), "{old} was kept");
        assert!(!sidecar(&j.path(old), "-wal").exists());
    }
    assert_eq!(copies(&j, "j.db.before-restore-"), restored);
    assert_eq!(fs::read_to_string(&lookalike).unwrap(), "mine");
}

#[test]
fn a_reimport_is_said_to_be_one() {
    let j = filled();
    let file = j.export_json("mine.json", false);
    let msg = j.import(&file);
    assert!(
        msg.contains("(this journal's own export, imported again)"),
        "{msg}"
    );
    let other = Journal::new();
    let msg = other.import(&file);
    assert!(msg.contains("(another journal's export)"), "{msg}");
}

#[test]
fn a_journal_gets_its_uid_at_its_first_export_and_keeps_it() {
    let j = filled();
    let uids =
        |j: &Journal| j.count("SELECT count(*) FROM journal_fact WHERE name = 'journal_uid'");
    j.ok(&["list", "Ben", "notes", "--json"]);
    j.ok(&["export", "Ben", "--format", "md"]);
    assert_eq!(uids(&j), 0, "reading made a journal uid");
    let first = j.json(&["export", "--all", "--format", "json"]);
    let uid = first["journal_uid"].as_str().unwrap().to_owned();
    assert!(is_uuid(&uid), "{uid}");
    assert_eq!(uids(&j), 1);
    let second = j.json(&["export", "Ben", "--format", "json"]);
    assert_eq!(second["journal_uid"], json!(uid));
    assert_ne!(
        Journal::new()
            .created()
            .json(&["export", "--all", "--format", "json"])["journal_uid"],
        json!(uid)
    );
}

#[rstest]
#[case::version_two(2)]
#[case::version_one(1)]
fn exports_of_versions_one_and_two_still_import(#[case] version: u32) {
    let source = filled();
    let mut doc = read_json(&source.export_json("v.json", false));
    let doc = doc.as_object_mut().unwrap();
    doc.remove("journal_uid").unwrap();
    doc.insert("format_version".into(), json!(version));
    if version == 1 {
        for pair in doc["pairs"].as_array_mut().unwrap() {
            let pair = pair.as_object_mut().unwrap();
            pair.remove("goals").unwrap();
            pair.remove("checkins").unwrap();
        }
    }
    let j = Journal::new();
    let file = j.path("old.json");
    write_json(&file, &Value::Object(doc.clone()));
    let msg = j.import(&file);
    assert!(
        msg.contains("(an export that does not name its journal)"),
        "{msg}"
    );
    assert_eq!(j.pairs().len(), 2);
    assert_eq!(bodies(&j.items("Ben", "notes")), ["ask about the offsite"]);
    let again = j.import(&file);
    assert!(again.contains("0 added, 0 updated"), "{again}");
}

/// A day after [`NOW`] exactly: the latest time an import takes.
const A_DAY_LATER: &str = "2026-11-28T10:00:00Z";
const TOO_LATE: &str = "2026-11-28T10:00:00.001Z";

#[rstest]
#[case::private_note_in_a_shared_file(
    |d: &mut Value| d["includes_private"] = json!(false),
    &[" of pair 1 (uid ", "is private", "includes no private entries"]
)]
#[case::checkin_in_a_shared_file(
    |d: &mut Value| {
        d["includes_private"] = json!(false);
        let notes = d["pairs"][0]["notes"].as_array_mut().unwrap();
        notes.retain(|n| n["private"] == false);
        d["pairs"][1]["checkins"] = json!([{
            "uid": "00000000-0000-4000-8000-0000000000c1", "trust": 4, "helped": "", "in_the_way": "",
            "note": "", "checked_at": NOW, "created_at": NOW, "updated_at": NOW
        }]);
    },
    &["check-in 1 of pair 2", "00000000-0000-4000-8000-0000000000c1", "is private"]
)]
#[case::one_uid_twice(
    |d: &mut Value| {
        let copy = d["pairs"][2]["notes"][0].clone();
        d["pairs"][2]["notes"].as_array_mut().unwrap().push(copy);
    },
    &["is used twice, by note 1 of pair 3 and by note 2 of pair 3"]
)]
#[case::one_uid_for_two_kinds(
    |d: &mut Value| d["pairs"][2]["meetings"][0]["uid"] = d["pairs"][0]["notes"][0]["uid"].clone(),
    &["is used twice, by note 1 of pair 1 and by meeting 1 of pair 3"]
)]
#[case::a_pair_and_a_tombstone(
    |d: &mut Value| d["tombstones"] = json!([{
        "uid": d["pairs"][1]["uid"], "kind": "pair", "pair_uid": d["pairs"][1]["uid"], "deleted_at": NOW
    }]),
    &["is used twice, by pair 2 and by deletion 1"]
)]
#[case::updated_after_tomorrow(
    |d: &mut Value| d["pairs"][2]["notes"][0]["updated_at"] = json!(TOO_LATE),
    &["note 1 of pair 3 (uid", "was updated at 2026-11-28T10:00:00.001Z", "more than a day after now (2026-11-27T10:00:00Z)"]
)]
#[case::created_after_tomorrow(
    |d: &mut Value| d["pairs"][1]["created_at"] = json!("2030-01-01T00:00:00Z"),
    &["pair 2 (uid", "was created at 2030-01-01T00:00:00Z"]
)]
#[case::deleted_after_tomorrow(
    |d: &mut Value| d["tombstones"] = json!([{
        "uid": "00000000-0000-4000-8000-0000000000d1", "kind": "note", "pair_uid": null, "deleted_at": TOO_LATE
    }]),
    &["deletion 1 (uid 00000000-0000-4000-8000-0000000000d1) says it was deleted at"]
)]
#[case::a_number_for_a_text(
    |d: &mut Value| d["pairs"][2]["notes"][0]["body"] = json!(42),
    &["is not a candor export", "at pairs[2].notes[0].body, line"]
)]
fn an_export_that_contradicts_its_own_claims_is_refused(
    #[case] spoil: fn(&mut Value),
    #[case] said: &[&str],
) {
    let (_source, mut doc) = three_pairs_export();
    doc["journal_uid"] = json!(OTHER_JOURNAL);
    spoil(&mut doc);
    let (j, state, bytes) = victim();
    let file = j.path("claims.json");
    write_json(&file, &doc);
    let err = j.fails(&["import", file.to_str().unwrap()]);
    assert!(err.contains("claims.json"), "{err}");
    for s in said {
        assert!(err.contains(s), "{s:?} not in: {err}");
    }
    assert_untouched(&j, &state, &bytes);
    assert!(copies(&j, "j.db.before-").is_empty());
    // A dry run refuses it the same way.
    let dry = j.fails(&["import", file.to_str().unwrap(), "--dry-run"]);
    assert_eq!(dry, err);
}

/// The export of three pairs, cut after `keep` of its bytes.
fn cut_export(keep: usize) -> Vec<u8> {
    let (_source, doc) = three_pairs_export();
    let mut bytes = serde_json::to_vec_pretty(&doc).unwrap();
    bytes.truncate(keep);
    bytes
}

#[rstest]
#[case::empty(Vec::new(), "nothing.json is empty, not a candor export")]
#[case::only_white_space(b" \n\t\n".to_vec(), "nothing.json is empty, not a candor export")]
#[case::cut_inside_a_pair(
    cut_export(700),
    "nothing.json is not a whole candor export: it stops at pairs[0]."
)]
#[case::cut_after_one_brace(
    b"{".to_vec(),
    "nothing.json is not a whole candor export: it stops at line 1, column 1, in the middle of the document (was it cut off?)"
)]
fn a_file_that_is_not_a_whole_export_says_so_plainly(#[case] bytes: Vec<u8>, #[case] said: &str) {
    let (j, state, bytes_before) = victim();
    let file = j.path("nothing.json");
    fs::write(&file, bytes).unwrap();
    let err = j.fails(&["import", file.to_str().unwrap()]);
    assert!(err.contains(&format!("/{said}")), "{err}");
    assert!(!err.contains("EOF") && !err.contains(" ?,"), "{err}");
    assert_untouched(&j, &state, &bytes_before);
}

#[test]
fn an_export_with_a_byte_order_mark_imports_and_a_markdown_one_says_it_is_not_json() {
    let (source, doc) = three_pairs_export();
    let j = Journal::new();
    let file = j.path("bom.json");
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(serde_json::to_vec_pretty(&doc).unwrap());
    fs::write(&file, bytes).unwrap();
    let said = j.import(&file);
    assert!(said.contains("added"), "{said}");
    assert_eq!(j.pairs().len(), 3);

    let md = source.path("three.md");
    source.ok(&[
        "export",
        "--all",
        "--format",
        "markdown",
        "-o",
        md.to_str().unwrap(),
    ]);
    let (victim, state, before) = victim();
    let err = victim.fails(&["import", md.to_str().unwrap()]);
    assert!(
        err.contains("three.md is not a candor export: it is not JSON, as an export to import is"),
        "{err}"
    );
    assert_untouched(&victim, &state, &before);
}

#[test]
fn a_file_that_cannot_be_read_is_named_with_the_reason_once() {
    let (j, state, bytes) = victim();
    let missing = j.path("Nowhere.json");
    let err = j.fails(&["import", missing.to_str().unwrap()]);
    assert!(
        err.trim_end()
            .ends_with("Nowhere.json: no such file or directory"),
        "{err}"
    );
    let folder = j.path("a-folder");
    fs::create_dir(&folder).unwrap();
    let err = j.fails(&["import", folder.to_str().unwrap()]);
    assert!(
        err.trim_end().ends_with("a-folder: is a directory"),
        "{err}"
    );
    assert!(!err.contains("os error"), "{err}");
    assert_untouched(&j, &state, &bytes);
}

#[test]
fn a_time_up_to_a_day_ahead_is_taken() {
    let (_source, mut doc) = three_pairs_export();
    doc["pairs"][2]["notes"][0]["updated_at"] = json!(A_DAY_LATER);
    doc["exported_at"] = json!(A_DAY_LATER);
    let (j, _, _) = victim();
    let file = j.path("skewed.json");
    write_json(&file, &doc);
    j.import(&file);
}

#[test]
fn a_file_over_the_size_limit_is_refused_before_it_is_read() {
    let (j, state, bytes) = victim();
    let file = j.path("huge.json");
    // Sparse: it takes no room, and reading it would take a while.
    fs::File::create(&file)
        .unwrap()
        .set_len(512 * 1024 * 1024 + 1)
        .unwrap();
    let started = std::time::Instant::now();
    let err = j.fails(&["import", file.to_str().unwrap()]);
    assert!(
        err.contains("huge.json") && err.contains("more than the 512 MiB a candor export may be"),
        "{err}"
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
    assert_untouched(&j, &state, &bytes);
}

// ------------------------------------------------- backup, restore, doctor

#[test]
fn backup_is_private_checked_and_never_overwrites() {
    let j = filled();
    let file = j.path("backups/b.db");
    let msg = j.ok(&["backup", file.to_str().unwrap()]);
    assert!(msg.contains("b.db"), "{msg}");
    assert_eq!(mode(&file), 0o600);
    {
        let conn = Connection::open(&file).unwrap();
        let check: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(check, "ok");
        let notes: i64 = conn
            .query_row("SELECT count(*) FROM note", [], |r| r.get(0))
            .unwrap();
        assert_eq!(notes, 3);
        let app: i64 = conn
            .query_row("PRAGMA application_id", [], |r| r.get(0))
            .unwrap();
        assert_eq!(app, 0x6361_6e64);
    }
    // The backup opens as a journal of its own.
    let copy = Journal {
        db: file.clone(),
        ..Journal::new()
    };
    assert_eq!(copy.pairs().len(), 2);
    assert_eq!(copy.hits("offsite", &[]).len(), 1);

    // An existing file is refused and left alone.
    let taken = j.path("taken.db");
    fs::write(&taken, "precious").unwrap();
    let err = j.fails(&["backup", taken.to_str().unwrap()]);
    assert!(err.contains("taken.db"), "{err}");
    assert_eq!(fs::read_to_string(&taken).unwrap(), "precious");
    let again = j.fails(&["backup", file.to_str().unwrap()]);
    assert!(again.contains("b.db"), "{again}");
}

#[test]
fn restore_brings_back_the_backup_and_keeps_the_journal_aside() {
    let j = filled();
    let backup = j.path("b.db");
    j.ok(&["backup", backup.to_str().unwrap()]);
    let state = j.state();
    let backup_bytes = fs::read(&backup).unwrap();

    j.note("Ben", "added after the backup: the narwhal");
    j.add_pair("Kim Lee", "Lou Moss");
    assert_eq!(j.hits("narwhal", &[]).len(), 1);

    let msg = j.ok(&["restore", backup.to_str().unwrap()]);
    assert!(msg.contains("b.db"), "{msg}");
    assert_eq!(
        j.state(),
        state,
        "the restored journal differs from the backup"
    );
    assert!(
        j.hits("narwhal", &[]).is_empty(),
        "the index kept the newer note"
    );
    assert_eq!(j.hits("offsite", &[]).len(), 1);
    assert_eq!(
        fs::read(&backup).unwrap(),
        backup_bytes,
        "the backup changed"
    );
    assert!(!j.path("b.db-wal").exists() && !j.path("b.db-shm").exists());
    assert_eq!(mode(&j.db), 0o600);

    let aside: Vec<PathBuf> = fs::read_dir(j.dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            name.starts_with("j.db.before-restore-")
                && !name.ends_with("-wal")
                && !name.ends_with("-shm")
        })
        .collect();
    assert_eq!(aside.len(), 1, "{aside:?}");
    assert!(
        msg.contains(&*aside[0].file_name().unwrap().to_string_lossy()),
        "{msg}"
    );
    assert_eq!(mode(&aside[0]), 0o600);
    let conn = Connection::open(&aside[0]).unwrap();
    let narwhals: i64 = conn
        .query_row(
            "SELECT count(*) FROM note WHERE body LIKE '%narwhal%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(narwhals, 1);
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    drop(conn);

    // The restored journal is healthy and takes writes.
    j.ok(&["doctor"]);
    j.note("Ben", "written after the restore");
    assert_eq!(j.hits("restore", &[]).len(), 1);
}

#[rstest]
#[case::text("notes.txt")]
#[case::foreign_sqlite("other.sqlite")]
#[case::empty("empty.db")]
#[case::truncated_journal("half.db")]
#[case::missing("missing.db")]
fn restore_refuses_a_file_that_is_not_a_journal(#[case] name: &str) {
    let (j, state, mut bytes) = victim();
    let file = j.path(name);
    match name {
        "notes.txt" => fs::write(&file, "just some text\n".repeat(100)).unwrap(),
        "other.sqlite" => {
            let conn = Connection::open(&file).unwrap();
            conn.execute_batch(
                "CREATE TABLE recipe (id INTEGER PRIMARY KEY, name TEXT);
                 INSERT INTO recipe (name) VALUES ('bread');",
            )
            .unwrap();
        }
        "empty.db" => fs::write(&file, b"").unwrap(),
        "half.db" => {
            let full = j.path("full.db");
            j.ok(&["backup", full.to_str().unwrap()]);
            // The journal records the copy it made: that much changed.
            bytes = j.bytes();
            let all = fs::read(&full).unwrap();
            fs::write(&file, &all[..all.len() / 2]).unwrap();
        }
        _ => {}
    }
    let before = fs::read(&file).ok();
    let err = j.fails(&["restore", file.to_str().unwrap()]);
    assert!(err.contains(name), "{err}");
    assert_untouched(&j, &state, &bytes);
    assert_eq!(fs::read(&file).ok(), before, "the refused file changed");
    let leftovers: Vec<_> = fs::read_dir(j.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("before-restore"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// The lines `doctor` printed, and whether it succeeded.
fn doctor(j: &Journal) -> (bool, Vec<String>, String) {
    let out = j.run(&["doctor"]);
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_terminal_safe(&stdout);
    assert_terminal_safe(&stderr);
    (
        out.status.success(),
        stdout.lines().map(str::to_owned).collect(),
        stderr,
    )
}

#[test]
fn doctor_passes_a_healthy_journal_one_line_per_check() {
    let j = filled();
    let (ok, lines, stderr) = doctor(&j);
    assert!(ok, "{lines:#?}\n{stderr}");
    assert!(stderr.is_empty(), "{stderr}");
    assert!(lines.len() >= 4, "{lines:#?}");
    for line in &lines {
        assert!(line.starts_with("ok "), "{line}");
    }
    for what in [
        "integrity",
        "schema",
        "file permissions",
        "folder permissions",
    ] {
        assert!(
            lines.iter().filter(|l| l.contains(what)).count() >= 1,
            "no {what} line: {lines:#?}"
        );
    }
    assert!(
        lines
            .iter()
            .any(|l| l.contains("integrity") && l.ends_with("ok"))
    );
    // "schema  version N (this candor writes N)": the same N twice.
    let schema = lines.iter().find(|l| l.contains("schema")).unwrap();
    let numbers: Vec<&str> = schema
        .split(|c: char| !c.is_ascii_digit())
        .filter(|n| !n.is_empty())
        .collect();
    assert!(numbers.len() == 2 && numbers[0] == numbers[1], "{schema}");
}

#[test]
fn doctor_finds_entries_the_search_index_has_not_numbered_and_numbers_of_entries_gone() {
    let j = filled();
    let (ok, lines, _) = doctor(&j);
    assert!(ok, "{lines:#?}");
    let line = lines.iter().find(|l| l.contains("search index")).unwrap();
    assert!(line.contains("searchable, each once"), "{line}");
    // Another program takes the number of the entry written last, and
    // numbers a meeting that is not there.
    let conn = Connection::open(&j.db).unwrap();
    conn.execute_batch(
        "DELETE FROM search_row WHERE seq = (SELECT max(seq) FROM search_row);
         INSERT INTO search_row (code, id) VALUES (4, 999999);",
    )
    .unwrap();
    drop(conn);
    let (ok, lines, _) = doctor(&j);
    assert!(!ok, "{lines:#?}");
    let line = lines.iter().find(|l| l.contains("search index")).unwrap();
    assert!(
        line.starts_with("FAIL")
            && line.contains("1 entry not in it, 1 number of entries gone")
            && line.ends_with("a search may miss these or show them out of order"),
        "{line}"
    );
}

#[test]
fn doctor_says_a_journal_without_feedback_has_none_to_count() {
    let j = Journal::new();
    j.add_pair("Alex Morgan", "Ben Okafor");
    let (ok, lines, _) = doctor(&j);
    assert!(ok, "{lines:#?}");
    let line = lines
        .iter()
        .find(|l| l.contains("feedback counts"))
        .unwrap();
    assert!(line.ends_with("no feedback to count"), "{line}");
}

#[test]
fn doctor_finds_feedback_counts_that_disagree_with_the_feedback() {
    let j = filled();
    let (ok, lines, _) = doctor(&j);
    assert!(ok, "{lines:#?}");
    let line = lines
        .iter()
        .find(|l| l.contains("feedback counts"))
        .unwrap();
    assert!(line.contains("the counts agree with the"), "{line}");
    // Another program adds one to a count the chart reads.
    let conn = Connection::open(&j.db).unwrap();
    let changed = conn
        .execute(
            "UPDATE feedback_tally SET n = n + 1
             WHERE (pair_id, direction, requested, response)
                 = (SELECT pair_id, direction, requested, response FROM feedback_tally LIMIT 1)",
            [],
        )
        .unwrap();
    assert_eq!(changed, 1);
    drop(conn);
    let (ok, lines, _) = doctor(&j);
    assert!(!ok, "{lines:#?}");
    let line = lines
        .iter()
        .find(|l| l.contains("feedback counts"))
        .unwrap();
    assert!(
        line.starts_with("FAIL") && line.contains("1 count disagrees with the feedback itself"),
        "{line}"
    );
}

#[test]
fn doctor_fails_on_a_loose_journal_file() {
    let j = filled();
    fs::set_permissions(&j.db, fs::Permissions::from_mode(0o644)).unwrap();
    let (ok, lines, stderr) = doctor(&j);
    assert!(!ok, "doctor passed a 0644 journal: {lines:#?}");
    // SQLite gives the -wal and -shm it creates the journal's mode, so they
    // may be reported too; the journal's own line must be there.
    let db = format!("{} is 0644", j.db.display());
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("FAIL") && l.contains("file permissions") && l.contains(&db)),
        "{lines:#?}"
    );
    assert!(
        lines
            .iter()
            .filter(|l| l.starts_with("FAIL"))
            .all(|l| l.contains("file permissions")),
        "{lines:#?}"
    );
    assert!(
        stderr.starts_with("candor: ") && stderr.matches('\n').count() == 1,
        "{stderr:?}"
    );
    // The mode is reported, not changed.
    assert_eq!(mode(&j.db), 0o644);
    fs::set_permissions(&j.db, fs::Permissions::from_mode(0o600)).unwrap();
    assert!(doctor(&j).0);
}

#[test]
fn doctor_fails_on_a_folder_others_can_write() {
    let j = filled();
    let dir = j.dir.path();
    fs::set_permissions(dir, fs::Permissions::from_mode(0o777)).unwrap();
    let (ok, lines, _) = doctor(&j);
    fs::set_permissions(dir, fs::Permissions::from_mode(0o700)).unwrap();
    assert!(!ok, "{lines:#?}");
    assert!(
        lines.iter().any(|l| l.starts_with("FAIL")
            && l.contains("folder permissions")
            && l.contains("777")),
        "{lines:#?}"
    );
}

#[test]
fn every_exchange_command_leaves_the_journal_0600() {
    let j = filled();
    j.export_json("x.json", true);
    j.ok(&["search", "offsite"]);
    j.ok(&["doctor"]);
    assert_eq!(mode(&j.db), 0o600);
    assert_eq!(j.count("SELECT count(*) FROM pair"), 2);
}

#[test]
fn an_export_never_writes_over_the_journal_its_side_files_or_its_backups() {
    let j = filled();
    j.note("Ben", "words worth keeping");
    // A copy beside the journal, named as candor names its own backups.
    let backup = j.path("j.db.before-import-20261127T100000.000Z");
    fs::copy(&j.db, &backup).unwrap();
    let linked = j.path("elsewhere.json");
    std::os::unix::fs::symlink(&j.db, &linked).unwrap();
    let hard = j.path("hard.db");
    fs::hard_link(&j.db, &hard).unwrap();
    let state = j.state();
    let bytes = j.bytes();
    let backup_bytes = fs::read(&backup).unwrap();
    for (target, says) in [
        (j.db.clone(), "is the journal"),
        (sidecar(&j.db, "-wal"), "write-ahead log"),
        (sidecar(&j.db, "-shm"), "shared-memory file"),
        (backup.clone(), "a backup of the journal"),
        (linked.clone(), "is the journal"),
        (hard.clone(), "is the journal"),
    ] {
        for force in [false, true] {
            let mut args = vec!["export", "--all", "--format", "json", "-o"];
            args.push(target.to_str().unwrap());
            if force {
                args.push("--force");
            }
            let err = j.fails(&args);
            assert!(
                err.contains(says) && err.contains("never writes over it"),
                "{target:?}: {err}"
            );
            assert_eq!(err.trim().lines().count(), 1, "one sentence: {err}");
        }
    }
    assert_untouched(&j, &state, &bytes);
    assert_eq!(fs::read(&backup).unwrap(), backup_bytes);
    // The journal under another name passed by a relative path is caught too.
    let out = j
        .cmd()
        .current_dir(j.path("."))
        .args(["export", "--all", "--format", "md", "-o", "./j.db"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success() && err.contains("is the journal"),
        "{err}"
    );
    assert_untouched(&j, &state, &bytes);
}

#[test]
fn the_next_meeting_travels_as_a_planned_meeting_and_an_old_date_alone_plans_one() {
    let a = Journal::new();
    a.ok(&[
        "pair",
        "add",
        "--mentor",
        "Ana Ruiz",
        "--mentee",
        "Ben Okafor",
    ]);
    a.ok(&["pair", "edit", "ben", "--next", "2026-12-10"]);
    let file = a.path("ben.json");
    a.ok(&[
        "export",
        "ben",
        "--format",
        "json",
        "-o",
        file.to_str().unwrap(),
    ]);
    let doc = read_json(&file);
    let pair = &doc["pairs"][0];
    assert_eq!(
        pair["next_meeting_on"], "2026-12-10",
        "derived from the meeting"
    );
    assert_eq!(pair["meetings"].as_array().unwrap().len(), 1);

    // Today's export: the planned meeting comes along, and nothing more.
    let b = Journal::new();
    b.ok(&["import", file.to_str().unwrap()]);
    let planned = |j: &Journal| -> Vec<String> {
        array(j.json(&["list", "1", "meetings", "--json"]))
            .iter()
            .map(|m| m["held_at"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(planned(&b), ["2026-12-10T09:00:00Z"]);

    // An export of an earlier candor: the date stands alone, with no meeting.
    let mut old = doc.clone();
    old["pairs"][0]["meetings"] = json!([]);
    old["pairs"][0]["next_meeting_on"] = json!("2026-12-17");
    let old_file = a.path("old.json");
    write_json(&old_file, &old);
    let c = Journal::new();
    c.ok(&["import", old_file.to_str().unwrap()]);
    assert_eq!(planned(&c), ["2026-12-17T09:00:00Z"]);
    let pairs = array(c.json(&["pair", "list", "--json"]));
    assert_eq!(pairs[0]["next_meeting_on"], "2026-12-17");
    // Importing it again changes nothing.
    c.ok(&["import", old_file.to_str().unwrap()]);
    assert_eq!(planned(&c), ["2026-12-17T09:00:00Z"]);
    // A date gone by plans nothing.
    old["pairs"][0]["next_meeting_on"] = json!("2026-11-01");
    write_json(&old_file, &old);
    let d = Journal::new();
    d.ok(&["import", old_file.to_str().unwrap()]);
    assert!(planned(&d).is_empty());
}
