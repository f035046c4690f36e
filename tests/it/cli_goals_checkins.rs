//! The real `candor` binary on temp journals: goals and trust check-ins from
//! the command line — `checkin add`, `goal add|progress`, `list PAIR
//! goals|checkins`, `edit`/`delete` of both, and how they travel in `export`
//! and `import` (format version 2).
//!
//! Check-ins are private by nature, so half of this file is about where
//! their words may and may not go: never into the file in clear once a
//! passphrase is set (writing never needs it, reading always does), never
//! into an export unless asked for, never into `$EDITOR`. The other half is
//! bad input: a clear one-line error, a non-zero exit and nothing written.
//!
//! Passphrases: only one test pays for the CLI's full Argon2 (`passphrase
//! set`); the others give the journal cheap key slots through the library
//! (`KdfParams::TEST`), which the CLI reads back with their own parameters.
//! Every run goes through `setsid -w`, so there is never a terminal to ask on
//! and a command that would wait for one fails instead.

#![allow(clippy::unwrap_used)]

use crate::support::cli::{self, NOW, array, id_in, ids, read_json, sidecar};
use crate::support::outcome::assert_terminal_safe;

use std::fs;
use std::ops::Deref;
use std::path::PathBuf;
use std::sync::Arc;

use rstest::rstest;
use serde_json::Value;

use candor::clock::{Clock, FixedClock};
use candor::crypto::KdfParams;
use candor::store::Store;

const PASS: &str = "correct horse";

/// Text that no terminal should be handed raw, and that the journal keeps
/// exactly: CSI colour, an OSC title ended by BEL, a C1 CSI, a bidi
/// override, a tab, a carriage return and a second line.
const HOSTILE: &str = "red \u{1b}[31mALERT\u{1b}[0m title \u{1b}]0;title\u{7} csi \u{9b}2J bidi \u{202e}txt.exe\u{202c} tab\there cr\rX\nsecond line 🚀 李";

/// The shared journal, run in a new session (no controlling terminal) with
/// a fixed clock in UTC, no colour, no `$EDITOR`/`$VISUAL` and no passphrase.
struct Journal(cli::Journal);

impl Deref for Journal {
    type Target = cli::Journal;

    fn deref(&self) -> &cli::Journal {
        &self.0
    }
}

impl Journal {
    fn new() -> Self {
        Self(
            cli::Journal::new()
                .without_terminal()
                .env("TZ", "UTC")
                .env("NO_COLOR", "1")
                .env_remove("CANDOR_NEW_PASSPHRASE")
                .env_remove("VISUAL"),
        )
    }

    /// A journal the binary finds through `$CANDOR_DB`.
    fn by_env() -> Self {
        let Self(journal) = Self::new();
        Self(journal.named_by_env())
    }

    /// The same journal, its clock at `now`: an import refuses times more
    /// than a day ahead of the importer's clock.
    fn at(self, now: &'static str) -> Self {
        let Self(journal) = self;
        Self(journal.env("CANDOR_NOW", now))
    }

    /// `list PAIR WHAT --json`, which must be a top-level array.
    #[track_caller]
    fn items(&self, pair: &str, what: &str) -> Vec<Value> {
        array(self.json(&["list", pair, what, "--json"]))
    }

    /// Adds a pair and returns its id.
    #[track_caller]
    fn add_pair(&self, mentor: &str, mentee: &str) -> i64 {
        id_in(&self.ok(&["pair", "add", "--mentor", mentor, "--mentee", mentee]))
    }

    /// Ada mentors Grace (pair 1), Linus mentors Tove (pair 2).
    fn two_pairs() -> Self {
        let j = Self::new();
        assert_eq!(j.add_pair("Ada", "Grace"), 1);
        assert_eq!(j.add_pair("Linus", "Tove"), 2);
        j
    }

    /// Gives the journal a passphrase through the library, with cheap key slots.
    fn cheap_passphrase(&self) {
        let clock: Arc<dyn Clock> = Arc::new(FixedClock::parse(NOW).unwrap());
        let mut store = Store::open(&self.db, clock).unwrap();
        store.set_passphrase(PASS, KdfParams::TEST).unwrap();
    }

    /// The journal file and its `-wal` and `-shm`, as they are now.
    fn files(&self) -> Vec<(PathBuf, Vec<u8>)> {
        ["", "-wal", "-shm"]
            .iter()
            .filter_map(|suffix| {
                let path = sidecar(&self.db, suffix);
                fs::read(&path).ok().map(|bytes| (path, bytes))
            })
            .collect()
    }

    /// Which of `needles` occur (ASCII case-insensitively) in the journal's files.
    fn on_disk(&self, needles: &[&str]) -> Vec<String> {
        let files = self.files();
        assert!(
            !files.is_empty(),
            "no journal file at {}",
            self.db.display()
        );
        let mut hits = Vec::new();
        for (path, bytes) in files {
            let bytes = bytes.to_ascii_lowercase();
            for needle in needles {
                let n = needle.to_ascii_lowercase().into_bytes();
                if bytes.windows(n.len()).any(|w| w == n.as_slice()) {
                    hits.push(format!("{}: {needle}", path.display()));
                }
            }
        }
        hits
    }

    /// Whether check-in `id` is stored sealed, with nothing readable beside it.
    fn checkin_sealed(&self, id: i64) -> bool {
        self.conn()
            .query_row(
                "SELECT sealed IS NOT NULL AND trust IS NULL AND helped = ''
                        AND in_the_way = '' AND note = ''
                 FROM checkin WHERE id = ?1",
                [id],
                |r| r.get(0),
            )
            .unwrap()
    }
}

/// The fields of a listed goal that must survive an export and an import.
fn goal_essence(g: &Value) -> Value {
    let history: Vec<Value> = g["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            serde_json::json!({
                "uid": p["uid"], "percent": p["percent"],
                "comment": p["comment"], "noted_at": p["noted_at"],
            })
        })
        .collect();
    serde_json::json!({
        "uid": g["uid"], "text": g["text"], "criteria": g["criteria"],
        "due_on": g["due_on"], "progress": g["progress"],
        "progress_at": g["progress_at"], "created_at": g["created_at"],
        "history": history,
    })
}

// ---------------------------------------------------------------------------
// Check-ins
// ---------------------------------------------------------------------------

#[test]
fn checkin_add_says_so_and_list_shows_them_newest_first() {
    let j = Journal::two_pairs();
    let out = j.ok(&[
        "checkin",
        "add",
        "Grace",
        "--trust",
        "4",
        "--helped",
        "she listened",
        "--in-the-way",
        "the late hour",
        "we agreed on a cadence",
    ]);
    assert_eq!(out, "Added check-in 1 to Grace (trust 4/5, private).\n");
    // --at places them in time, in both forms DATETIME takes; added out of order.
    let out = j.ok(&[
        "checkin",
        "add",
        "1",
        "--trust",
        "2",
        "--at",
        "2026-11-20 09:00",
    ]);
    assert_eq!(out, "Added check-in 2 to Grace (trust 2/5, private).\n");
    j.ok(&[
        "checkin",
        "add",
        "1",
        "--trust",
        "5",
        "--at",
        "2026-11-26T08:30:00Z",
        "the middle one",
    ]);
    // Another pair's check-in stays in that pair.
    j.ok(&["checkin", "add", "2", "--trust", "3", "elsewhere"]);

    let text = j.ok(&["list", "1", "checkins"]);
    assert_terminal_safe(&text);
    let expected = "\
#1  2026-11-27 10:00  trust 4/5 ●●●●○
    helped: she listened
    in the way: the late hour
    note: we agreed on a cadence
#3  2026-11-26 08:30  trust 5/5 ●●●●●
    note: the middle one
#2  2026-11-20 09:00  trust 2/5 ●●○○○
";
    assert_eq!(text, expected);
    assert!(!text.contains("elsewhere"), "{text}");

    let items = j.items("1", "checkins");
    assert_eq!(ids(&items), [1, 3, 2], "newest first by checked_at");
    let first = &items[0];
    for field in [
        "id",
        "uid",
        "trust",
        "helped",
        "in_the_way",
        "note",
        "checked_at",
    ] {
        assert!(first.get(field).is_some(), "no {field} in {first}");
    }
    assert_eq!(first["trust"], 4);
    assert_eq!(first["helped"], "she listened");
    assert_eq!(first["in_the_way"], "the late hour");
    assert_eq!(first["note"], "we agreed on a cadence");
    assert_eq!(first["checked_at"], "2026-11-27T10:00:00Z");
    assert_eq!(items[1]["checked_at"], "2026-11-26T08:30:00Z");
    assert_eq!(items[2]["checked_at"], "2026-11-20T09:00:00Z");
    assert_eq!(items[2]["note"], "");
    assert_eq!(items[2]["trust"], 2);
    let uids: std::collections::HashSet<_> =
        items.iter().map(|i| i["uid"].as_str().unwrap()).collect();
    assert_eq!(uids.len(), 3, "uids are not distinct: {items:?}");

    // The other spellings of the list name.
    for what in ["checkin", "check-ins", "CHECKINS"] {
        assert_eq!(ids(&j.items("1", what)), [1, 3, 2], "{what}");
    }
    assert_eq!(ids(&j.items("Tove", "checkins")), [4]);
}

#[rstest]
#[case::zero(&["--trust", "0"], "trust must be between 1 and 5, not 0")]
#[case::six(&["--trust", "6"], "trust must be between 1 and 5, not 6")]
#[case::minus_one(&["--trust=-1"], "trust must be between 1 and 5, not -1")]
#[case::minus_one_apart(&["--trust", "-1"], "-1")]
#[case::letter(&["--trust", "x"], "'x'")]
#[case::fraction(&["--trust", "4.5"], "4.5")]
#[case::percent_sign(&["--trust", "3%"], "'3%'")]
#[case::huge(&["--trust", "99999999999999999999"], "99999999999999999999")]
#[case::missing(&["a note"], "--trust")]
#[case::bad_time(&["--trust", "3", "--at", "last tuesday"], "last tuesday")]
fn a_bad_checkin_is_one_line_on_stderr_and_writes_nothing(
    #[case] args: &[&str],
    #[case] says: &str,
) {
    let j = Journal::two_pairs();
    let mut line = vec!["checkin", "add", "1"];
    line.extend_from_slice(args);
    let err = j.fails(&line);
    assert!(err.contains(says), "{line:?}: {err:?} should say {says:?}");
    assert_eq!(j.ok(&["list", "1", "checkins"]), "No check-ins yet.\n");
    assert_eq!(j.count("SELECT count(*) FROM checkin"), 0);
}

#[test]
fn checkin_for_an_unknown_pair_is_refused() {
    let j = Journal::two_pairs();
    let err = j.fails(&["checkin", "add", "Nobody", "--trust", "3", "words"]);
    assert!(err.contains("Nobody"), "{err}");
    assert_eq!(j.count("SELECT count(*) FROM checkin"), 0);
}

#[test]
fn checkin_dash_reads_standard_input() {
    let j = Journal::two_pairs();
    let out = j.ok_in(
        &["checkin", "add", "1", "--trust", "3", "-"],
        "first line\nsecond line\n",
    );
    assert_eq!(id_in(&out), 1);
    let items = j.items("1", "checkins");
    assert_eq!(items[0]["note"], "first line\nsecond line");
    let text = j.ok(&["list", "1", "checkins"]);
    assert!(
        text.contains("    note: first line\n") && text.contains("second line\n"),
        "{text}"
    );
}

#[test]
fn checkins_are_never_handed_to_the_editor() {
    let j = Journal::two_pairs();
    let (editor, marker) = j.marker_editor();
    let env = [("EDITOR", editor.as_str()), ("VISUAL", editor.as_str())];
    // Without TEXT a check-in has no note; nothing is opened.
    let out = j.ok_in_with(&env, &["checkin", "add", "1", "--trust", "3"], "");
    assert_eq!(id_in(&out), 1);
    assert!(!marker.exists(), "checkin add ran $EDITOR");
    assert_eq!(j.items("1", "checkins")[0]["note"], "");

    // `edit … checkin ID` without TEXT reads standard input, not $EDITOR.
    let out = j.ok_in_with(&env, &["edit", "1", "checkin", "1"], "typed on stdin\n");
    assert_eq!(out, "Updated checkin 1.\n");
    assert!(!marker.exists(), "edit of a check-in ran $EDITOR");
    assert_eq!(j.items("1", "checkins")[0]["note"], "typed on stdin");
    // Control: the same editor does run for a goal, so the marker works.
    j.ok(&["goal", "add", "1", "a goal"]);
    j.ok_with(&env, &["edit", "1", "goal", "1"]);
    assert!(marker.exists(), "the marker editor never ran");
    assert_eq!(j.items("1", "goals")[0]["text"], "typed in the editor");
}

// ---------------------------------------------------------------------------
// Goals
// ---------------------------------------------------------------------------

#[test]
fn goal_progress_is_listed_with_its_history() {
    let j = Journal::two_pairs();
    let out = j.ok(&[
        "goal",
        "add",
        "1",
        "--due",
        "2027-01-31",
        "--criteria",
        "a merged pull request",
        "Learn",
        "Rust",
        "well",
    ]);
    assert_eq!(out, "Added goal 1 to Grace, due 2027-01-31.\n");
    assert_eq!(
        j.ok(&["goal", "add", "Grace", "Speak", "at", "a", "meetup"]),
        "Added goal 2 to Grace.\n"
    );
    let at = |t: &'static str| [("CANDOR_NOW", t)];
    let out = j.ok_with(
        &at("2026-11-28T09:15:00Z"),
        &["goal", "progress", "1", "1", "30", "read", "the", "book"],
    );
    assert_eq!(out, "Goal 1: 0% → 30%: Learn Rust well\n");
    let out = j.ok_with(
        &at("2026-12-05T18:00:00Z"),
        &["goal", "progress", "1", "1", "60%", "did the exercises"],
    );
    assert_eq!(out, "Goal 1: 30% → 60%: Learn Rust well\n");
    // Without a comment.
    let out = j.ok_with(
        &at("2026-12-06T08:00:00Z"),
        &["goal", "progress", "1", "2", "10"],
    );
    assert_eq!(out, "Goal 2: 0% → 10%: Speak at a meetup\n");

    let text = j.ok(&["list", "1", "goals"]);
    assert_terminal_safe(&text);
    let expected = "\
#1  [######----]  60%  Learn Rust well · due 2027-01-31
    criteria: a merged pull request
    2026-11-28 09:15   30%  read the book
    2026-12-05 18:00   60%  did the exercises
#2  [#---------]  10%  Speak at a meetup
    2026-12-06 08:00   10%
";
    assert_eq!(text, expected);

    let goals = j.items("1", "goals");
    assert_eq!(ids(&goals), [1, 2]);
    let g = &goals[0];
    assert_eq!(g["text"], "Learn Rust well");
    assert_eq!(g["criteria"], "a merged pull request");
    assert_eq!(g["due_on"], "2027-01-31");
    assert_eq!(g["progress"], 60);
    let history = g["history"].as_array().unwrap();
    let seen: Vec<(i64, &str, &str)> = history
        .iter()
        .map(|p| {
            (
                p["percent"].as_i64().unwrap(),
                p["comment"].as_str().unwrap(),
                p["noted_at"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            (30, "read the book", "2026-11-28T09:15:00Z"),
            (60, "did the exercises", "2026-12-05T18:00:00Z"),
        ]
    );
    assert!(history.iter().all(|p| p["uid"].is_string()), "{g}");
    assert_eq!(goals[1]["history"].as_array().unwrap().len(), 1);
    assert!(j.items("2", "goals").is_empty());
    assert_eq!(j.ok(&["list", "2", "goals"]), "No goals yet.\n");

    // 100 % reaches it.
    let out = j.ok_with(
        &at("2026-12-07T10:00:00Z"),
        &["goal", "progress", "1", "1", "100", "merged!"],
    );
    assert_eq!(out, "Goal 1: 60% → 100% — reached: Learn Rust well\n");
    // A reached goal is listed after the open ones.
    let text = j.ok(&["list", "1", "goals"]);
    assert!(text.starts_with("#2  "), "{text}");
    assert!(
        text.contains("\n#1  [##########] 100%  Learn Rust well · due 2027-01-31 · reached\n"),
        "{text}"
    );
    assert!(text.contains("  100%  merged!\n"), "{text}");
    let goals = j.items("1", "goals");
    assert_eq!(ids(&goals), [2, 1]);
    assert_eq!(goals[1]["progress"], 100);
}

#[test]
fn goals_are_listed_open_first_so_the_newest_open_one_leads_sixty() {
    let j = Journal::two_pairs();
    {
        let clock: Arc<dyn Clock> = Arc::new(FixedClock::parse(NOW).unwrap());
        let mut store = Store::open(&j.db, clock).unwrap();
        for i in 0..59 {
            let g = store
                .add_goal(
                    1,
                    &candor::store::NewGoal {
                        text: format!("reached goal {i:02}"),
                        ..Default::default()
                    },
                )
                .unwrap();
            store.add_goal_progress(g.id, 100, "done").unwrap();
        }
    }
    j.ok(&["goal", "add", "1", "the newest open goal"]);
    let goals = j.items("1", "goals");
    assert_eq!(goals.len(), 60);
    assert_eq!(goals[0]["text"], "the newest open goal", "{}", goals[0]);
    assert!(goals[1..].iter().all(|g| g["progress"] == 100));
    let text = j.ok(&["list", "1", "goals"]);
    assert!(
        text.starts_with("#60  [----------]   0%  the newest open goal\n"),
        "{text}"
    );
}

#[test]
fn an_overdue_goal_says_so_and_a_reached_one_does_not() {
    let j = Journal::two_pairs();
    j.ok(&["goal", "add", "1", "--due", "2026-11-01", "late one"]);
    j.ok(&["goal", "add", "1", "--due", "2026-11-01", "done one"]);
    j.ok(&["goal", "progress", "1", "2", "100"]);
    let text = j.ok(&["list", "1", "goals"]);
    assert!(
        text.contains("late one · due 2026-11-01 · late\n"),
        "{text}"
    );
    assert!(
        text.contains("done one · due 2026-11-01 · reached\n"),
        "{text}"
    );
}

#[rstest]
#[case::over(&["101"], "progress in percent must be between 0 and 100, not 101")]
#[case::over_with_sign(&["150%"], "not 150")]
#[case::word(&["abc"], "'abc'")]
#[case::fraction(&["50.5"], "50.5")]
#[case::negative(&["--", "-5"], "not -5")]
#[case::empty(&[""], "progress in percent")]
#[case::missing(&[], "PERCENT")]
fn a_bad_percent_is_refused_and_writes_nothing(#[case] args: &[&str], #[case] says: &str) {
    let j = Journal::two_pairs();
    j.ok(&["goal", "add", "1", "a goal"]);
    j.ok(&["goal", "progress", "1", "1", "20", "a start"]);
    let before = j.ok(&["list", "1", "goals", "--json"]);
    let mut line = vec!["goal", "progress", "1", "1"];
    line.extend_from_slice(args);
    let err = j.fails(&line);
    assert!(err.contains(says), "{line:?}: {err:?} should say {says:?}");
    assert_eq!(j.ok(&["list", "1", "goals", "--json"]), before);
    assert_eq!(j.count("SELECT count(*) FROM goal_progress"), 1);
}

#[rstest]
#[case::bad_due(&["--due", "2027-02-30", "text"], "2027-02-30")]
#[case::blank_text(&["   "], "goal")]
#[case::no_text(&["--criteria", "x"], "TEXT")]
fn a_bad_goal_is_refused_and_writes_nothing(#[case] args: &[&str], #[case] says: &str) {
    let j = Journal::two_pairs();
    let mut line = vec!["goal", "add", "1"];
    line.extend_from_slice(args);
    let err = j.fails(&line);
    assert!(err.contains(says), "{line:?}: {err:?} should say {says:?}");
    assert_eq!(j.ok(&["list", "1", "goals"]), "No goals yet.\n");
    assert_eq!(j.count("SELECT count(*) FROM goal"), 0);
}

#[test]
fn progress_on_another_pairs_goal_or_an_unknown_one_is_refused() {
    let j = Journal::two_pairs();
    j.ok(&["goal", "add", "Grace", "Grace's goal"]);
    let before = j.ok(&["list", "1", "goals", "--json"]);

    let err = j.fails(&["goal", "progress", "Tove", "1", "50", "not hers"]);
    assert!(
        err.contains("Tove") && err.contains("no goal with id 1"),
        "{err}"
    );
    let err = j.fails(&["goal", "progress", "1", "99", "50"]);
    assert!(err.contains("99") && err.contains("goal"), "{err}");
    let err = j.fails(&["goal", "progress", "Nobody", "1", "50"]);
    assert!(err.contains("Nobody"), "{err}");

    assert_eq!(j.ok(&["list", "1", "goals", "--json"]), before);
    assert_eq!(j.count("SELECT count(*) FROM goal_progress"), 0);
    // The same for edit and delete.
    let err = j.fails(&["edit", "Tove", "goal", "1", "hijacked"]);
    assert!(err.contains("Tove"), "{err}");
    let err = j.fails(&["delete", "Tove", "goal", "1"]);
    assert!(err.contains("goal") && err.contains('1'), "{err}");
    assert_eq!(j.ok(&["list", "1", "goals", "--json"]), before);
}

// ---------------------------------------------------------------------------
// Edit and delete
// ---------------------------------------------------------------------------

#[test]
fn edit_and_delete_goals() {
    let j = Journal::two_pairs();
    j.ok(&["goal", "add", "1", "--criteria", "kept", "first words"]);
    j.ok(&["goal", "progress", "1", "1", "40", "halfway-ish"]);
    j.ok(&["goal", "add", "1", "second goal"]);

    assert_eq!(
        j.ok(&["edit", "1", "goal", "1", "better words"]),
        "Updated goal 1.\n"
    );
    let g = &j.items("1", "goals")[0];
    assert_eq!(g["text"], "better words");
    assert_eq!(g["criteria"], "kept", "edit dropped the criteria");
    assert_eq!(g["progress"], 40, "edit dropped the progress");
    assert_eq!(g["history"].as_array().unwrap().len(), 1);
    // `-` reads the new text from standard input.
    j.ok_in(&["edit", "1", "goal", "2", "-"], "from stdin\n");
    assert_eq!(j.items("1", "goals")[1]["text"], "from stdin");
    let err = j.fails(&["edit", "1", "goal", "1", "  "]);
    assert!(err.contains("goal"), "{err}");

    assert_eq!(
        j.ok(&["delete", "1", "goal", "1", "--yes"]),
        "Deleted goal 1.\n"
    );
    assert_eq!(ids(&j.items("1", "goals")), [2]);
    assert_eq!(
        j.ok(&["delete", "1", "goal", "2", "--yes"]),
        "Deleted goal 2.\n"
    );
    assert_eq!(j.ok(&["list", "1", "goals"]), "No goals yet.\n");
    assert!(j.items("1", "goals").is_empty());
    assert_eq!(
        j.count("SELECT count(*) FROM goal_progress"),
        0,
        "a deleted goal left its progress behind"
    );
    let err = j.fails(&["delete", "1", "goal", "1"]);
    assert!(err.contains("goal") && err.contains('1'), "{err}");
    let err = j.fails(&["goal", "progress", "1", "1", "50"]);
    assert!(err.contains("no goal with id 1"), "{err}");
}

#[test]
fn edit_and_delete_checkins() {
    let j = Journal::two_pairs();
    j.ok(&[
        "checkin",
        "add",
        "1",
        "--trust",
        "2",
        "--helped",
        "coffee",
        "--in-the-way",
        "noise",
        "--at",
        "2026-11-01 12:00",
        "old note",
    ]);
    j.ok(&["checkin", "add", "1", "--trust", "5", "second"]);

    assert_eq!(
        j.ok(&["edit", "1", "checkin", "1", "new note"]),
        "Updated checkin 1.\n"
    );
    let c = j
        .items("1", "checkins")
        .into_iter()
        .find(|c| c["id"] == 1)
        .unwrap();
    assert_eq!(c["note"], "new note");
    assert_eq!(c["trust"], 2, "edit changed the trust");
    assert_eq!(c["helped"], "coffee");
    assert_eq!(c["in_the_way"], "noise");
    assert_eq!(
        c["checked_at"], "2026-11-01T12:00:00Z",
        "edit moved it in time"
    );
    // Another pair's check-in, or one that is not there, is refused.
    let err = j.fails(&["edit", "2", "checkin", "1", "hijacked"]);
    assert!(err.contains("Tove"), "{err}");
    let err = j.fails(&["edit", "1", "checkin", "42", "nothing"]);
    assert!(err.contains("42"), "{err}");
    let err = j.fails(&["delete", "2", "checkin", "1"]);
    assert!(err.contains('1'), "{err}");
    assert_eq!(j.items("1", "checkins").len(), 2);

    assert_eq!(
        j.ok(&["delete", "1", "checkin", "2", "--yes"]),
        "Deleted checkin 2.\n"
    );
    assert_eq!(ids(&j.items("1", "checkins")), [1]);
    assert_eq!(
        j.ok(&["delete", "1", "check-in", "1", "--yes"]),
        "Deleted checkin 1.\n"
    );
    assert_eq!(j.ok(&["list", "1", "checkins"]), "No check-ins yet.\n");
    assert_eq!(j.count("SELECT count(*) FROM checkin"), 0);
}

// ---------------------------------------------------------------------------
// Privacy
// ---------------------------------------------------------------------------

/// The words of the check-ins the privacy tests write, each once.
const SECRET_WORDS: &[&str] = &["okapihelped", "narwhalway", "quokkanote", "axolotlstdin"];

/// A journal with a cheap passphrase and pair 1, a sealed check-in written by
/// TEXT and one by standard input, none of which needed the passphrase.
fn sealed_checkins() -> Journal {
    let j = Journal::two_pairs();
    j.cheap_passphrase();
    let out = j.ok(&[
        "checkin",
        "add",
        "1",
        "--trust",
        "2",
        "--helped",
        "OKAPIHELPED",
        "--in-the-way",
        "NarwhalWay",
        "quokkanote",
    ]);
    assert_eq!(
        out,
        "Added check-in 1 to Grace (trust 2/5, sealed under the passphrase).\n"
    );
    let out = j.ok_in(
        &["checkin", "add", "1", "--trust", "4", "-"],
        "axolotlstdin\n",
    );
    assert_eq!(id_in(&out), 2);
    j
}

#[test]
fn writing_a_checkin_never_needs_the_passphrase_and_leaves_no_clear_text() {
    let j = sealed_checkins();
    // Control: a goal's words are in clear, so the scan reads the right files.
    j.ok(&["goal", "add", "1", "capybaragoal"]);
    assert!(
        !j.on_disk(&["capybaragoal"]).is_empty(),
        "the scan is blind"
    );

    assert!(j.checkin_sealed(1) && j.checkin_sealed(2));
    let hits = j.on_disk(SECRET_WORDS);
    assert!(hits.is_empty(), "check-in words on disk in clear: {hits:?}");
    // Without the passphrase nothing of them is shown, even by commands that
    // do not need it; deleting one needs nothing either.
    assert_eq!(j.ok(&["search", "quokkanote", "--json"]), "[]\n");
    for args in [
        vec!["list", "1", "goals"],
        vec!["export", "--all", "--format", "json"],
        vec!["export", "--all", "--format", "md"],
    ] {
        let out = j.ok(&args);
        for w in SECRET_WORDS {
            assert!(
                !out.to_lowercase().contains(w),
                "{args:?} shows {w}:\n{out}"
            );
        }
    }
    j.ok(&["checkin", "add", "1", "--trust", "1", "to be deleted"]);
    assert_eq!(
        j.ok(&["delete", "1", "checkin", "3", "--yes"]),
        "Deleted checkin 3.\n"
    );
    assert_eq!(j.count("SELECT count(*) FROM checkin"), 2);
}

/// Lists the check-ins of `sealed_checkins()`: none without the passphrase,
/// all with the right one, and a wrong one changes nothing.
fn reading_sealed_checkins_needs_the_passphrase(j: &Journal) {
    let before = j.files();
    let err = j.fails(&["list", "1", "checkins"]);
    assert!(
        err.contains("CANDOR_PASSPHRASE") && err.contains("no terminal"),
        "{err}"
    );
    let err = j.fails(&["list", "1", "checkins", "--json"]);
    assert!(err.contains("CANDOR_PASSPHRASE"), "{err}");
    let err = j.fails_with(
        &[("CANDOR_PASSPHRASE", "wrong horse")],
        &["list", "1", "checkins"],
    );
    assert!(err.contains("does not open"), "{err}");
    assert!(
        j.files() == before,
        "a refused listing changed the journal's files"
    );

    let pass = [("CANDOR_PASSPHRASE", PASS)];
    let text = j.ok_with(&pass, &["list", "1", "checkins"]);
    assert_terminal_safe(&text);
    for shown in [
        "trust 2/5",
        "helped: OKAPIHELPED",
        "in the way: NarwhalWay",
        "note: quokkanote",
        "trust 4/5",
        "note: axolotlstdin",
    ] {
        assert!(text.contains(shown), "no {shown:?} in:\n{text}");
    }
    assert!(!text.contains("locked"), "{text}");
    let items = array(j.json_with(&pass, &["list", "1", "checkins", "--json"]));
    assert_eq!(items.len(), 2);
    let trusts: Vec<_> = items.iter().map(|c| c["trust"].clone()).collect();
    assert!(
        trusts.contains(&2.into()) && trusts.contains(&4.into()),
        "{items:?}"
    );
    // Reading did not unseal anything.
    assert!(j.checkin_sealed(1) && j.checkin_sealed(2));
    assert!(j.on_disk(SECRET_WORDS).is_empty());
}

#[test]
fn reading_sealed_checkins_needs_the_passphrase_beside_sealed_notes() {
    let j = sealed_checkins();
    j.ok(&["note", "add", "1", "--private", "a sealed private note"]);
    reading_sealed_checkins_needs_the_passphrase(&j);
}

#[test]
fn reading_sealed_checkins_needs_the_passphrase_when_no_note_is_sealed() {
    let j = sealed_checkins();
    reading_sealed_checkins_needs_the_passphrase(&j);
}

/// `edit` of a sealed check-in unlocks with the passphrase and seals the new note.
fn editing_a_sealed_checkin(j: &Journal) {
    let err = j.fails(&["edit", "1", "checkin", "1", "wombatedit"]);
    assert!(err.contains("CANDOR_PASSPHRASE"), "{err}");
    let pass = [("CANDOR_PASSPHRASE", PASS)];
    assert_eq!(
        j.ok_with(&pass, &["edit", "1", "checkin", "1", "wombatedit"]),
        "Updated checkin 1.\n"
    );
    assert!(
        j.checkin_sealed(1),
        "the edited check-in is stored in clear"
    );
    assert!(j.on_disk(&["wombatedit"]).is_empty());
    let items = array(j.json_with(&pass, &["list", "1", "checkins", "--json"]));
    let c = items.iter().find(|c| c["id"] == 1).unwrap();
    assert_eq!(c["note"], "wombatedit");
    assert_eq!(c["trust"], 2);
    assert_eq!(c["helped"], "OKAPIHELPED");
}

#[test]
fn editing_a_sealed_checkin_beside_sealed_notes() {
    let j = sealed_checkins();
    j.ok(&["note", "add", "1", "--private", "a sealed private note"]);
    editing_a_sealed_checkin(&j);
}

#[test]
fn editing_a_sealed_checkin_when_no_note_is_sealed() {
    let j = sealed_checkins();
    editing_a_sealed_checkin(&j);
}

/// `export --include-private` of sealed check-ins needs and uses the passphrase.
fn exporting_sealed_checkins(j: &Journal) {
    let args = ["export", "1", "--format", "json", "--include-private"];
    let err = j.fails(&args);
    assert!(err.contains("CANDOR_PASSPHRASE"), "{err}");
    let doc = j.json_with(&[("CANDOR_PASSPHRASE", PASS)], &args);
    let checkins = doc["pairs"][0]["checkins"].as_array().unwrap();
    assert_eq!(checkins.len(), 2, "{doc}");
    let text = doc.to_string().to_lowercase();
    for w in SECRET_WORDS {
        assert!(text.contains(w), "{w} missing from the export");
    }
}

#[test]
fn exporting_sealed_checkins_beside_sealed_notes() {
    let j = sealed_checkins();
    j.ok(&["note", "add", "1", "--private", "a sealed private note"]);
    exporting_sealed_checkins(&j);
}

#[test]
fn exporting_sealed_checkins_when_no_note_is_sealed() {
    let j = sealed_checkins();
    exporting_sealed_checkins(&j);
}

#[test]
fn checkins_written_before_the_passphrase_are_sealed_and_scrubbed() {
    let j = Journal::two_pairs();
    j.ok(&[
        "checkin",
        "add",
        "1",
        "--trust",
        "3",
        "--helped",
        "okapihelped",
        "--in-the-way",
        "narwhalway",
        "quokkanote",
    ]);
    let out = j.ok(&["list", "1", "checkins"]);
    assert!(out.contains("quokkanote"), "{out}");
    assert!(
        !j.on_disk(&["quokkanote"]).is_empty(),
        "the scan must see a check-in written before the passphrase"
    );
    // The one test that pays for the CLI's full Argon2.
    j.ok_with(&[("CANDOR_PASSPHRASE", PASS)], &["passphrase", "set"]);
    assert!(j.checkin_sealed(1));
    let hits = j.on_disk(&SECRET_WORDS[..3]);
    assert!(
        hits.is_empty(),
        "still on disk after `passphrase set`: {hits:?}"
    );
}

// ---------------------------------------------------------------------------
// Export and import
// ---------------------------------------------------------------------------

/// Two pairs, each with a goal with progress and a check-in whose words are `SECRET_WORDS`.
fn growing() -> Journal {
    let j = Journal::two_pairs();
    j.ok(&[
        "goal",
        "add",
        "1",
        "--due",
        "2027-01-31",
        "--criteria",
        "a merged pull request",
        "Learn Rust well",
    ]);
    j.ok_with(
        &[("CANDOR_NOW", "2026-11-28T09:15:00Z")],
        &["goal", "progress", "1", "1", "30", "read the book"],
    );
    j.ok_with(
        &[("CANDOR_NOW", "2026-12-05T18:00:00Z")],
        &["goal", "progress", "1", "1", "60", "did the exercises"],
    );
    // Two rows at the same instant: their order must survive too.
    j.ok_with(
        &[("CANDOR_NOW", "2026-12-05T18:00:00Z")],
        &["goal", "progress", "1", "1", "55", "rolled back a bit"],
    );
    j.ok(&["goal", "add", "2", "Tove's goal"]);
    j.ok(&[
        "checkin",
        "add",
        "1",
        "--trust",
        "4",
        "--helped",
        "okapihelped",
        "--in-the-way",
        "narwhalway",
        "quokkanote",
    ]);
    j.ok(&["checkin", "add", "2", "--trust", "2", "axolotlstdin"]);
    j
}

#[test]
fn json_export_has_goals_and_checkins_only_on_purpose() {
    let j = growing();
    let out = j.ok(&["export", "--all", "--format", "json"]);
    let lower = out.to_lowercase();
    for w in SECRET_WORDS {
        assert!(
            !lower.contains(w),
            "{w} in an export without --include-private"
        );
    }
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["format_version"], 4);
    assert_eq!(doc["includes_private"], false);
    let pairs = doc["pairs"].as_array().unwrap();
    assert_eq!(pairs.len(), 2);
    for p in pairs {
        let held = p.get("checkins").map_or(0, |c| c.as_array().unwrap().len());
        assert_eq!(held, 0, "check-ins exported without asking: {p}");
        assert_eq!(p["goals"].as_array().unwrap().len(), 1, "{p}");
    }
    let g = &pairs[0]["goals"][0];
    assert_eq!(g["text"], "Learn Rust well");
    assert_eq!(g["criteria"], "a merged pull request");
    assert_eq!(g["due_on"], "2027-01-31");
    let progress: Vec<(i64, &str)> = g["progress"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["percent"].as_i64().unwrap(),
                p["comment"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        progress,
        [
            (30, "read the book"),
            (60, "did the exercises"),
            (55, "rolled back a bit")
        ]
    );
    assert_eq!(pairs[1]["goals"][0]["progress"], Value::Array(vec![]));

    // Written to a file, the summary says what stayed behind.
    let file = j.path("out.json");
    let said = j.ok(&[
        "export",
        "--all",
        "--format",
        "json",
        "-o",
        file.to_str().unwrap(),
    ]);
    assert!(said.contains("2 goals"), "{said}");
    assert!(said.contains("held back: 2 trust check-ins"), "{said}");
    assert_eq!(read_json(&file), doc);

    // On purpose: there, with every field.
    let out = j.ok(&["export", "--all", "--format", "json", "--include-private"]);
    let lower = out.to_lowercase();
    for w in SECRET_WORDS {
        assert!(
            lower.contains(w),
            "{w} missing from an export with --include-private"
        );
    }
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["includes_private"], true);
    let c = &doc["pairs"][0]["checkins"][0];
    assert_eq!(c["trust"], 4);
    assert_eq!(c["helped"], "okapihelped");
    assert_eq!(c["in_the_way"], "narwhalway");
    assert_eq!(c["note"], "quokkanote");
    assert_eq!(c["checked_at"], "2026-11-27T10:00:00Z");
    assert_eq!(doc["pairs"][1]["checkins"][0]["trust"], 2);
    // One pair holds only its own.
    let one = j.json(&["export", "Tove", "--format", "json", "--include-private"]);
    assert_eq!(one["pairs"].as_array().unwrap().len(), 1);
    assert!(!one.to_string().contains("quokkanote"));
}

#[test]
fn markdown_export_lists_goals_with_percent() {
    let j = growing();
    let md = j.ok(&["export", "1", "--format", "md"]);
    assert_terminal_safe(&md);
    assert!(md.contains("### Goals\n"), "{md}");
    assert!(
        md.contains("- **Learn Rust well** (55%, due 2027-01-31)\n"),
        "{md}"
    );
    assert!(
        md.contains("  - success looks like: a merged pull request\n"),
        "{md}"
    );
    for line in [
        "— 30%: read the book\n",
        "— 60%: did the exercises\n",
        "— 55%: rolled back a bit\n",
    ] {
        assert!(md.contains(line), "no {line:?} in:\n{md}");
    }
    assert!(!md.contains("check-in"), "{md}");
    for w in SECRET_WORDS {
        assert!(!md.to_lowercase().contains(w), "{w} in:\n{md}");
    }
    let md = j.ok(&["export", "1", "--format", "md", "--include-private"]);
    assert!(md.contains("### Trust check-ins (private)"), "{md}");
    assert!(
        md.contains("trust 4/5") && md.contains("quokkanote"),
        "{md}"
    );
    let md = j.ok(&["export", "2", "--format", "md"]);
    assert!(md.contains("- **Tove's goal** (0%)\n"), "{md}");
}

#[test]
fn imported_goals_keep_their_history_and_deletions_travel() {
    let source = growing();
    let file = source.path("out.json");
    let file_arg = file.to_str().unwrap();
    source.ok(&["export", "--all", "--format", "json", "-o", file_arg]);

    // The second journal is named by $CANDOR_DB; its clock is where the
    // source's was moved to (the last progress below is noted on 12-10).
    let target = Journal::by_env().at("2026-12-10T12:00:00Z");
    let said = target.ok(&["import", file_arg]);
    assert!(
        said.starts_with(&format!("Imported {file_arg} (another journal's export):")),
        "{said}"
    );
    assert!(target.db.is_file(), "$CANDOR_DB was not used");
    for pair in ["1", "2"] {
        let mine: Vec<Value> = source
            .items(pair, "goals")
            .iter()
            .map(goal_essence)
            .collect();
        let theirs: Vec<Value> = target
            .items(pair, "goals")
            .iter()
            .map(goal_essence)
            .collect();
        assert_eq!(theirs, mine, "pair {pair}");
    }
    assert_eq!(target.items("1", "goals")[0]["progress"], 55);
    let text = target.ok(&["list", "1", "goals"]);
    assert!(text.contains(" 55%  Learn Rust well"), "{text}");
    // Without --include-private no check-in came along.
    assert_eq!(target.ok(&["list", "1", "checkins"]), "No check-ins yet.\n");

    // Twice changes nothing.
    let said = target.ok(&["import", file_arg]);
    assert!(said.contains(" 0 added, 0 updated"), "{said}");
    assert_eq!(
        target.items("1", "goals")[0]["history"]
            .as_array()
            .unwrap()
            .len(),
        3
    );

    // Progress recorded later arrives; a deletion removes the goal and its history.
    source.ok_with(
        &[("CANDOR_NOW", "2026-12-10T10:00:00Z")],
        &["goal", "progress", "1", "1", "90", "nearly"],
    );
    source.ok(&["delete", "2", "goal", "2", "--yes"]);
    source.ok(&[
        "export", "--all", "--format", "json", "-o", file_arg, "--force",
    ]);
    target.ok(&["import", file_arg]);
    let g = &target.items("1", "goals")[0];
    assert_eq!(g["progress"], 90);
    assert_eq!(g["history"].as_array().unwrap().len(), 4);
    assert_eq!(target.ok(&["list", "2", "goals"]), "No goals yet.\n");
    assert_eq!(target.count("SELECT count(*) FROM goal_progress"), 4);

    // With --include-private the check-ins arrive too.
    let private = source.path("private.json");
    source.ok(&[
        "export",
        "--all",
        "--format",
        "json",
        "--include-private",
        "-o",
        private.to_str().unwrap(),
    ]);
    target.ok(&["import", private.to_str().unwrap()]);
    let c = &target.items("1", "checkins")[0];
    assert_eq!(c["trust"], 4);
    assert_eq!(c["note"], "quokkanote");
    assert_eq!(c["uid"], source.items("1", "checkins")[0]["uid"]);
}

#[test]
fn imported_checkins_are_sealed_in_a_journal_with_a_passphrase() {
    let source = growing();
    let file = source.path("private.json");
    source.ok(&[
        "export",
        "--all",
        "--format",
        "json",
        "--include-private",
        "-o",
        file.to_str().unwrap(),
    ]);
    // Its clock is where the source's was moved to (the goals' progress).
    let target = Journal::new().at("2026-12-06T12:00:00Z");
    target.add_pair("Someone", "Else");
    target.cheap_passphrase();
    // Importing writes, so it needs no passphrase.
    target.ok(&["import", file.to_str().unwrap()]);
    assert_eq!(target.count("SELECT count(*) FROM checkin"), 2);
    assert_eq!(
        target.count("SELECT count(*) FROM checkin WHERE sealed IS NULL"),
        0,
        "imported check-ins are stored in clear"
    );
    let hits = target.on_disk(SECRET_WORDS);
    assert!(hits.is_empty(), "imported check-in words on disk: {hits:?}");
}

// ---------------------------------------------------------------------------
// Hostile text and bad list names
// ---------------------------------------------------------------------------

#[test]
fn hostile_text_is_listed_without_raw_escapes() {
    let j = Journal::two_pairs();
    let out = j.ok(&["goal", "add", "1", "--criteria", HOSTILE, HOSTILE]);
    assert_terminal_safe(&out);
    let out = j.ok(&["goal", "progress", "1", "1", "50", HOSTILE]);
    assert_terminal_safe(&out);
    assert!(out.contains("ALERT"), "{out}");
    j.ok(&[
        "checkin",
        "add",
        "1",
        "--trust",
        "3",
        "--helped",
        HOSTILE,
        "--in-the-way",
        HOSTILE,
        HOSTILE,
    ]);

    for what in ["goals", "checkins"] {
        let text = j.ok(&["list", "1", what]);
        assert_terminal_safe(&text);
        for visible in ["ALERT", "txt.exe", "second line 🚀 李"] {
            assert!(text.contains(visible), "{what}: no {visible:?} in:\n{text}");
        }
    }
    let g = &j.items("1", "goals")[0];
    assert_eq!(g["text"], HOSTILE.trim());
    assert_eq!(g["criteria"], HOSTILE.trim());
    assert_eq!(g["history"][0]["comment"], HOSTILE.trim());
    let c = &j.items("1", "checkins")[0];
    for field in ["helped", "in_the_way", "note"] {
        assert_eq!(c[field], HOSTILE.trim(), "{field}");
    }
    for format in ["md", "json"] {
        let out = j.ok(&["export", "1", "--format", format, "--include-private"]);
        assert_terminal_safe(&out);
    }
}

#[test]
fn hostile_text_in_list_json_is_escaped_for_the_terminal() {
    let j = Journal::two_pairs();
    j.ok(&["goal", "add", "1", "--criteria", HOSTILE, HOSTILE]);
    j.ok(&["goal", "progress", "1", "1", "50", HOSTILE]);
    j.ok(&["checkin", "add", "1", "--trust", "3", HOSTILE]);
    for what in ["goals", "checkins"] {
        // JSON keeps every character, written so a terminal acts on none
        // (as `output::json` and the JSON export do).
        let json = j.ok(&["list", "1", what, "--json"]);
        assert_terminal_safe(&json);
        assert!(
            json.contains("\\u009b") && json.contains("\\u202e"),
            "{json}"
        );
    }
    // Parsed back, the text is whole.
    assert_eq!(j.items("1", "goals")[0]["text"], HOSTILE.trim());
    assert_eq!(j.items("1", "checkins")[0]["note"], HOSTILE.trim());
}

#[test]
fn an_unknown_list_names_every_list() {
    let j = Journal::two_pairs();
    let err = j.fails(&["list", "1", "wishes"]);
    assert!(err.contains("'wishes'"), "{err}");
    for list in [
        "meetings", "feedback", "notes", "actions", "goals", "checkins",
    ] {
        assert!(err.contains(list), "{err:?} does not name {list}");
    }
    let err = j.fails(&["edit", "1", "wish", "1", "x"]);
    assert!(err.contains("goal") && err.contains("checkin"), "{err}");
    let err = j.fails(&["delete", "1", "wish", "1"]);
    assert!(err.contains("goal") && err.contains("checkin"), "{err}");
}
