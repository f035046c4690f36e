//! The real `candor` binary on temp journals: the command-line contract of
//! DESIGN.md for pairs, the checklist, strengths and experiences, and above
//! all what happens with bad input and bad files.

#![allow(clippy::unwrap_used)]

use crate::support::cli::{Journal, NOW, array, mode, sidecar};
use crate::support::outcome::{assert_terminal_safe, succeeded};

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Output;

use assert_cmd::Command;
use rstest::rstest;
use rusqlite::Connection;
use serde_json::Value;

/// Names and texts no terminal should be handed raw, kept exactly in the journal.
const MENTOR: &str = "Zoë 🚀 李小龙 \u{1b}[31mred\u{1b}]0;title\u{7} end";
const MENTEE: &str = "مرحبا \u{202e}evil\u{202c} \u{9b}2J \u{85}nel ok";
const STRENGTH: &str =
    "tab\there, line\nbreak \u{1b}[2J\u{1b}[H 🎉 \u{2067}iso\u{2069} \u{1b}P+q\u{1b}\\ 漢字";

/// What only this file asks of a [`Journal`]: other journal files beside it.
trait JournalExt {
    fn run_on(&self, db: &Path, args: &[&str]) -> Output;

    fn json_on(&self, db: &Path) -> Value;

    fn add(&self, mentor: &str, mentee: &str) -> String;

    /// Everything a failed command must not have changed.
    fn snapshot(&self) -> Snapshot;

    fn query<T: rusqlite::types::FromSql>(&self, sql: &str) -> Vec<T>;
}

impl JournalExt for Journal {
    fn run_on(&self, db: &Path, args: &[&str]) -> Output {
        self.on(db).args(args).output().unwrap()
    }

    fn json_on(&self, db: &Path) -> Value {
        let out = self.run_on(db, &["pair", "list", "--json"]);
        serde_json::from_str(&succeeded(&out, &["pair", "list", "--json"])).unwrap()
    }

    fn add(&self, mentor: &str, mentee: &str) -> String {
        self.ok(&["pair", "add", "--mentor", mentor, "--mentee", mentee])
    }

    fn snapshot(&self) -> Snapshot {
        let pairs = self.ok(&["pair", "list", "--json"]);
        let ids: Vec<String> = serde_json::from_str::<Value>(&pairs)
            .unwrap()
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["id"].to_string())
            .collect();
        let checklists = ids
            .iter()
            .map(|id| self.ok(&["checklist", id, "--json"]))
            .collect();
        let rows = {
            let conn = self.conn();
            let count = |table: &str| -> i64 {
                conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
                    .unwrap()
            };
            vec![count("pair"), count("strength"), count("experience")]
        };
        Snapshot {
            pairs,
            checklists,
            rows,
            bytes: fs::read(&self.db).unwrap(),
        }
    }

    fn query<T: rusqlite::types::FromSql>(&self, sql: &str) -> Vec<T> {
        let conn = self.conn();
        let mut stmt = conn.prepare(sql).unwrap();
        stmt.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    }
}

#[derive(Debug, PartialEq)]
struct Snapshot {
    pairs: String,
    checklists: Vec<String>,
    rows: Vec<i64>,
    bytes: Vec<u8>,
}

impl Snapshot {
    #[track_caller]
    fn assert_same(&self, after: &Snapshot) {
        assert_eq!(self.pairs, after.pairs, "pair list changed");
        assert_eq!(self.checklists, after.checklists, "a checklist changed");
        assert_eq!(self.rows, after.rows, "rows were added");
        assert!(
            self.bytes == after.bytes,
            "the journal file's bytes changed"
        );
    }
}

#[track_caller]
fn assert_mode(path: &Path, expected: u32) {
    let got = mode(path);
    assert!(
        got == expected,
        "{} has mode {got:o}, expected {expected:o}",
        path.display()
    );
}

// ---------------------------------------------------------------------------
// --version, --help

#[test]
fn version_prints_the_name_and_version() {
    let j = Journal::new();
    let out = j.bare().arg("--version").output().unwrap();
    let stdout = succeeded(&out, &["--version"]);
    assert_eq!(stdout, format!("candor {}\n", env!("CARGO_PKG_VERSION")));
}

#[test]
fn help_names_the_commands_and_the_db_flag() {
    let j = Journal::new();
    let out = j.bare().arg("--help").output().unwrap();
    let stdout = succeeded(&out, &["--help"]);
    for word in [
        "Usage: candor",
        "pair",
        "checklist",
        "check",
        "strength",
        "experience",
        "--db",
    ] {
        assert!(stdout.contains(word), "--help lacks {word}:\n{stdout}");
    }
}

#[test]
fn version_and_help_create_no_journal() {
    let j = Journal::new();
    for flag in ["--version", "--help"] {
        let out = j.on(&j.db).arg(flag).output().unwrap();
        succeeded(&out, &[flag]);
    }
    assert!(!j.db.exists());
}

// ---------------------------------------------------------------------------
// pair add, pair list

#[test]
fn a_pair_added_with_every_option_is_listed_with_them() {
    let j = Journal::new();
    let out = j.ok(&[
        "pair",
        "add",
        "--mentor",
        "Alex Morgan",
        "--mentee",
        "Ben Okafor",
        "--since",
        "2026-10-02",
        "--cadence",
        "14",
        "--role",
        "mentee",
        "--focus",
        "public speaking",
    ]);
    assert!(
        out.contains("Alex Morgan") && out.contains("Ben Okafor"),
        "{out}"
    );
    assert_eq!(out.lines().count(), 1, "{out}");

    let list = j.json(&["pair", "list", "--json"]);
    let pairs = array(&list);
    assert_eq!(pairs.len(), 1);
    let p = &pairs[0];
    assert_eq!(p["id"], 1);
    assert!(
        uuid::Uuid::parse_str(p["uid"].as_str().unwrap()).is_ok(),
        "{p}"
    );
    assert_eq!(p["mentor_name"], "Alex Morgan");
    assert_eq!(p["mentee_name"], "Ben Okafor");
    assert_eq!(p["my_role"], "mentee");
    assert_eq!(p["focus"], "public speaking");
    assert_eq!(p["started_on"], "2026-10-02");
    assert_eq!(p["cadence_days"], 14);
    assert_eq!(p["status"], "active");
    assert_eq!(p["checklist_done"], 0);
    assert_eq!(p["checklist_total"], 12);
}

#[test]
fn a_pair_added_with_only_names_starts_today_with_me_as_mentor() {
    let j = Journal::new();
    j.add("Alex Morgan", "Ben Okafor");
    let list = j.json(&["pair", "list", "--json"]);
    let p = &array(&list)[0];
    assert_eq!(p["started_on"], "2026-11-27", "today, from CANDOR_NOW");
    assert_eq!(p["my_role"], "mentor");
    assert_eq!(
        p["cadence_days"],
        candor::domain::DEFAULT_CADENCE_DAYS,
        "the screen's default cadence"
    );
    assert_eq!(p["focus"], "");
    assert_eq!(p["status"], "active");
}

#[test]
fn names_are_trimmed() {
    let j = Journal::new();
    j.add("  Alex Morgan ", "\tBen Okafor\n");
    let list = j.json(&["pair", "list", "--json"]);
    assert_eq!(array(&list)[0]["mentor_name"], "Alex Morgan");
    assert_eq!(array(&list)[0]["mentee_name"], "Ben Okafor");
}

#[test]
fn pairs_are_listed_in_creation_order_with_distinct_uids() {
    let j = Journal::new();
    j.add("Alex Morgan", "Ben Okafor");
    j.add("Cleo Park", "Dana Li");
    j.add("Eve Adams", "Finn Ode");
    let list = j.json(&["pair", "list", "--json"]);
    let pairs = array(&list);
    let ids: Vec<i64> = pairs.iter().map(|p| p["id"].as_i64().unwrap()).collect();
    assert_eq!(ids, [1, 2, 3]);
    let mentees: Vec<&str> = pairs
        .iter()
        .map(|p| p["mentee_name"].as_str().unwrap())
        .collect();
    assert_eq!(mentees, ["Ben Okafor", "Dana Li", "Finn Ode"]);
    let mut uids: Vec<&str> = pairs.iter().map(|p| p["uid"].as_str().unwrap()).collect();
    uids.sort_unstable();
    uids.dedup();
    assert_eq!(uids.len(), 3);
}

#[test]
fn pair_list_on_an_empty_journal_succeeds() {
    let j = Journal::new().created();
    let human = j.ok(&["pair", "list"]);
    assert!(!human.trim().is_empty(), "says something");
    let list = j.json(&["pair", "list", "--json"]);
    assert_eq!(list, Value::Array(vec![]));
}

#[test]
fn pair_list_shows_names_progress_start_and_cadence() {
    let j = Journal::new();
    j.ok(&[
        "pair",
        "add",
        "--mentor",
        "Alex Morgan",
        "--mentee",
        "Ben Okafor",
        "--since",
        "2026-10-02",
        "--cadence",
        "14",
    ]);
    j.ok(&["check", "1", "trust.agenda"]);
    let out = j.ok(&["pair", "list"]);
    for word in [
        "Alex Morgan",
        "Ben Okafor",
        "1/12",
        "2026-10-02",
        "14",
        "mentor",
        "active",
    ] {
        assert!(out.contains(word), "pair list lacks {word}:\n{out}");
    }
    assert_terminal_safe(&out);
}

// ---------------------------------------------------------------------------
// checklist, check

#[test]
fn checklist_json_is_a_flat_array_of_the_twelve_items() {
    let j = Journal::new();
    j.add("Alex Morgan", "Ben Okafor");
    let v = j.json(&["checklist", "1", "--json"]);
    let items = array(&v);
    assert_eq!(items.len(), 12);
    let steps: Vec<i64> = items.iter().map(|i| i["step"].as_i64().unwrap()).collect();
    assert_eq!(steps, [1, 1, 2, 2, 2, 3, 3, 4, 4, 5, 5, 5]);
    let template = candor::template::Template::built_in();
    let keys: Vec<&str> = template
        .steps
        .iter()
        .flat_map(|s| s.items.iter().map(|i| i.key.as_str()))
        .collect();
    let got: Vec<&str> = items.iter().map(|i| i["key"].as_str().unwrap()).collect();
    assert_eq!(got, keys);
    for item in items {
        assert!(item["id"].is_i64(), "{item}");
        assert!(item["uid"].is_string(), "{item}");
        assert_eq!(item["done"], Value::Bool(false), "{item}");
        assert_eq!(item["note"], "", "{item}");
        let title = item["title"].as_str().unwrap();
        assert!(!title.is_empty() && !title.contains('{'), "{item}");
    }
    assert_eq!(
        items[2]["title"],
        "Alex Morgan named Ben Okafor's strengths"
    );
}

#[test]
fn checklist_shows_the_five_steps_and_their_items() {
    let j = Journal::new();
    j.add("Alex Morgan", "Ben Okafor");
    let out = j.ok(&["checklist", "ben"]);
    for word in [
        "Alex Morgan",
        "Ben Okafor",
        "0/12",
        "Trust on the agenda",
        "Start from strengths",
        "No judgement",
        "Empathy",
        "Feedback to the mentor",
        "trust.agenda",
        "feedback.next",
        "Ben Okafor shared a challenge",
    ] {
        assert!(out.contains(word), "checklist lacks {word}:\n{out}");
    }
}

fn item<'a>(v: &'a Value, key: &str) -> &'a Value {
    array(v)
        .iter()
        .find(|i| i["key"] == key)
        .unwrap_or_else(|| panic!("no item {key}"))
}

#[test]
fn check_ticks_an_item_and_counts_it() {
    let j = Journal::new();
    j.add("Alex Morgan", "Ben Okafor");
    let out = j.ok(&["check", "ben", "trust.agenda"]);
    assert!(out.contains("1/12"), "{out}");
    let v = j.json(&["checklist", "1", "--json"]);
    assert_eq!(item(&v, "trust.agenda")["done"], true);
    assert_eq!(item(&v, "trust.confidential")["done"], false);
    let list = j.json(&["pair", "list", "--json"]);
    assert_eq!(array(&list)[0]["checklist_done"], 1);
    assert!(j.ok(&["checklist", "1"]).contains("[x]"));
}

#[test]
fn check_with_a_note_sets_it_and_undo_keeps_it() {
    let j = Journal::new();
    j.add("Alex Morgan", "Ben Okafor");
    j.ok(&[
        "check",
        "1",
        "judgement.gaps",
        "--note",
        "twenty years apart",
    ]);
    let v = j.json(&["checklist", "1", "--json"]);
    assert_eq!(item(&v, "judgement.gaps")["done"], true);
    assert_eq!(item(&v, "judgement.gaps")["note"], "twenty years apart");
    assert!(j.ok(&["checklist", "1"]).contains("twenty years apart"));

    let out = j.ok(&["check", "1", "judgement.gaps", "--undo"]);
    assert!(out.contains("0/12"), "{out}");
    let v = j.json(&["checklist", "1", "--json"]);
    assert_eq!(item(&v, "judgement.gaps")["done"], false);
    assert_eq!(item(&v, "judgement.gaps")["note"], "twenty years apart");

    j.ok(&[
        "check",
        "1",
        "judgement.gaps",
        "--undo",
        "--note",
        "revisit",
    ]);
    let v = j.json(&["checklist", "1", "--json"]);
    assert_eq!(item(&v, "judgement.gaps")["done"], false);
    assert_eq!(item(&v, "judgement.gaps")["note"], "revisit");
}

#[test]
fn checking_twice_keeps_one_tick() {
    let j = Journal::new();
    j.add("Alex Morgan", "Ben Okafor");
    j.ok(&["check", "1", "trust.agenda"]);
    j.ok(&["check", "1", "trust.agenda"]);
    let list = j.json(&["pair", "list", "--json"]);
    assert_eq!(array(&list)[0]["checklist_done"], 1);
}

// ---------------------------------------------------------------------------
// strength add, experience add

#[test]
fn a_strength_is_stored_for_the_person_named() {
    let j = Journal::new();
    j.add("Alex Morgan", "Ben Okafor");
    j.ok(&[
        "strength",
        "add",
        "ben",
        "--whose",
        "mentee",
        "explains trade-offs",
    ]);
    j.ok(&[
        "strength", "add", "1", "--whose", "Mentor", "patient", "listener",
    ]);
    let rows: Vec<String> = j.query("SELECT whose || ':' || text FROM strength ORDER BY id");
    assert_eq!(
        rows,
        ["mentee:explains trade-offs", "mentor:patient listener"]
    );
    let out = j.ok(&["checklist", "1"]);
    assert!(
        out.contains("Ben Okafor's strengths: explains trade-offs"),
        "{out}"
    );
    assert!(
        out.contains("Alex Morgan's strengths: patient listener"),
        "{out}"
    );
}

#[test]
fn an_experience_links_a_challenge_to_a_similar_one() {
    let j = Journal::new();
    j.add("Alex Morgan", "Ben Okafor");
    let out = j.ok(&[
        "experience",
        "add",
        "okafor",
        "--challenge",
        "team ignores my estimates",
        "--similar",
        "my roadmap was overruled",
    ]);
    assert!(out.contains("team ignores my estimates"), "{out}");
    let rows: Vec<String> =
        j.query("SELECT challenge || '|' || similar || '|' || pair_id FROM experience");
    assert_eq!(
        rows,
        ["team ignores my estimates|my roadmap was overruled|1"]
    );
    let out = j.ok(&["checklist", "1"]);
    assert!(
        out.contains("team ignores my estimates ↔ my roadmap was overruled"),
        "{out}"
    );
}

// ---------------------------------------------------------------------------
// Naming a pair

fn two_pairs_of_one_mentor() -> Journal {
    let j = Journal::new();
    j.add("Alex Morgan", "Ben Okafor");
    j.add("Alex Morgan", "Dana Li");
    j
}

#[rstest]
#[case::id("2", 2)]
#[case::mentee_substring("dana", 2)]
#[case::upper_case("OKAFOR", 1)]
#[case::mixed_case("bEn OK", 1)]
#[case::with_spaces_around("  li ", 2)]
fn a_pair_is_named_by_id_or_part_of_a_name(#[case] spec: &str, #[case] id: i64) {
    let j = two_pairs_of_one_mentor();
    j.ok(&["check", spec, "trust.agenda"]);
    let list = j.json(&["pair", "list", "--json"]);
    for p in array(&list) {
        let expected = i64::from(p["id"] == id);
        assert_eq!(p["checklist_done"], expected, "{spec}: {p}");
    }
}

#[test]
fn a_mentor_name_names_the_pair_when_only_one_matches() {
    let j = Journal::new();
    j.add("Alex Morgan", "Ben Okafor");
    j.add("Cleo Park", "Dana Li");
    j.ok(&["check", "cleo", "trust.agenda"]);
    let list = j.json(&["pair", "list", "--json"]);
    assert_eq!(array(&list)[1]["checklist_done"], 1);
}

#[rstest]
#[case::checklist(&["checklist", "alex"])]
#[case::check(&["check", "alex", "trust.agenda"])]
#[case::strength(&["strength", "add", "morgan", "--whose", "mentor", "patient"])]
#[case::experience(&["experience", "add", "a", "--challenge", "x", "--similar", "y"])]
fn an_ambiguous_pair_is_an_error_listing_the_matches(#[case] args: &[&str]) {
    let j = two_pairs_of_one_mentor();
    let before = j.snapshot();
    let err = j.fails(args);
    assert!(err.contains("1: Alex Morgan & Ben Okafor"), "{err}");
    assert!(err.contains("2: Alex Morgan & Dana Li"), "{err}");
    before.assert_same(&j.snapshot());
}

#[rstest]
#[case::checklist(&["checklist", "zed"], "zed")]
#[case::check(&["check", "zed", "trust.agenda"], "zed")]
#[case::strength(&["strength", "add", "zed", "--whose", "mentor", "patient"], "zed")]
#[case::experience(&["experience", "add", "zed", "--challenge", "x", "--similar", "y"], "zed")]
#[case::unknown_id(&["check", "7", "trust.agenda"], "7")]
#[case::empty(&["check", "", "trust.agenda"], "")]
fn an_unknown_pair_is_an_error(#[case] args: &[&str], #[case] spec: &str) {
    let j = two_pairs_of_one_mentor();
    let before = j.snapshot();
    let err = j.fails(args);
    assert!(err.contains(&format!("no pair matches '{spec}'")), "{err}");
    before.assert_same(&j.snapshot());
}

// ---------------------------------------------------------------------------
// Bad values: a clear error, and nothing written

fn pair_add_with(extra: &[&str]) -> Vec<String> {
    let mut args: Vec<String> = ["pair", "add"].iter().map(|s| (*s).to_owned()).collect();
    let has = |flag: &str| extra.contains(&flag);
    if !has("--mentor") {
        args.extend(["--mentor".to_owned(), "Cleo Park".to_owned()]);
    }
    if !has("--mentee") {
        args.extend(["--mentee".to_owned(), "Dana Li".to_owned()]);
    }
    args.extend(extra.iter().map(|s| (*s).to_owned()));
    args
}

#[rstest]
#[case::empty_mentor(&["--mentor", ""], "mentor")]
#[case::blank_mentor(&["--mentor", "   "], "mentor")]
#[case::blank_mentee(&["--mentee", " \t\n "], "mentee")]
#[case::day_first_date(&["--since", "02/10/2026"], "02/10/2026")]
#[case::no_such_day(&["--since", "2026-02-30"], "2026-02-30")]
#[case::short_date(&["--since", "2026-1-2"], "2026-1-2")]
#[case::cadence_over_a_year(&["--cadence", "367"], "cadence")]
#[case::negative_cadence(&["--cadence=-3"], "cadence")]
#[case::unknown_role(&["--role", "boss"], "boss")]
#[case::overlong_name(&["--mentor", &"x".repeat(201)], "name")]
fn a_pair_with_a_bad_value_is_refused_and_nothing_is_written(
    #[case] extra: &[&str],
    #[case] mentioned: &str,
) {
    let j = Journal::new();
    j.add("Alex Morgan", "Ben Okafor");
    let before = j.snapshot();
    let args = pair_add_with(extra);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let err = j.fails(&args);
    assert!(
        err.contains(mentioned),
        "error does not mention {mentioned}: {err}"
    );
    before.assert_same(&j.snapshot());
}

#[rstest]
#[case::unknown_key(&["check", "1", "trust.agendaa"], "trust.agendaa")]
#[case::empty_key(&["check", "1", ""], "trust.agenda")]
#[case::unknown_key_with_note(&["check", "1", "nope", "--note", "lost"], "nope")]
#[case::unknown_whose(&["strength", "add", "1", "--whose", "boss", "patient"], "boss")]
#[case::blank_strength(&["strength", "add", "1", "--whose", "mentee", "  "], "strength")]
#[case::blank_challenge(&["experience", "add", "1", "--challenge", " ", "--similar", "y"], "challenge")]
#[case::empty_similar(&["experience", "add", "1", "--challenge", "x", "--similar", ""], "similar")]
fn a_bad_value_for_an_item_or_entry_is_refused_and_nothing_is_written(
    #[case] args: &[&str],
    #[case] mentioned: &str,
) {
    let j = Journal::new();
    j.add("Alex Morgan", "Ben Okafor");
    j.ok(&["check", "1", "trust.agenda", "--note", "kept"]);
    let before = j.snapshot();
    let err = j.fails(args);
    assert!(
        err.contains(mentioned),
        "error does not mention {mentioned}: {err}"
    );
    before.assert_same(&j.snapshot());
}

#[test]
fn an_unknown_key_error_lists_the_keys() {
    let j = Journal::new();
    j.add("Alex Morgan", "Ben Okafor");
    let err = j.fails(&["check", "1", "trust"]);
    for key in [
        "trust.agenda",
        "trust.confidential",
        "strengths.open_door",
        "empathy.similar",
        "feedback.next",
    ] {
        assert!(err.contains(key), "{err}");
    }
}

/// Usage errors are clap's (several lines, exit 2); they too write nothing.
#[rstest]
#[case::missing_mentee(&["pair", "add", "--mentor", "Cleo"])]
#[case::cadence_not_a_number(&["pair", "add", "--mentor", "C", "--mentee", "D", "--cadence", "two"])]
#[case::missing_key(&["check", "1"])]
#[case::missing_whose(&["strength", "add", "1", "patient"])]
#[case::missing_text(&["strength", "add", "1", "--whose", "mentor"])]
#[case::missing_similar(&["experience", "add", "1", "--challenge", "x"])]
#[case::unknown_command(&["pairs", "list"])]
fn a_usage_error_exits_non_zero_and_writes_nothing(#[case] args: &[&str]) {
    let j = Journal::new();
    j.add("Alex Morgan", "Ben Okafor");
    let before = j.snapshot();
    let out = j.run(args);
    assert!(!out.status.success(), "{args:?} succeeded");
    assert!(out.stdout.is_empty());
    assert!(!out.stderr.is_empty());
    before.assert_same(&j.snapshot());
}

// ---------------------------------------------------------------------------
// Unicode and escape sequences: stored exactly, shown harmlessly

#[test]
fn hostile_names_are_stored_exactly_and_shown_without_control_sequences() {
    let j = Journal::new();
    let out = j.ok(&[
        "pair", "add", "--mentor", MENTOR, "--mentee", MENTEE, "--focus", STRENGTH,
    ]);
    assert_terminal_safe(&out);

    let list = j.json(&["pair", "list", "--json"]);
    let p = &array(&list)[0];
    assert_eq!(p["mentor_name"].as_str(), Some(MENTOR));
    assert_eq!(p["mentee_name"].as_str(), Some(MENTEE));
    assert_eq!(p["focus"].as_str(), Some(STRENGTH));

    let human = j.ok(&["pair", "list"]);
    assert_terminal_safe(&human);
    assert!(human.contains("Zoë 🚀 李小龙"), "{human}");
    assert!(human.contains("مرحبا"), "{human}");
    assert!(human.contains("red"), "{human}");

    let items = j.json(&["checklist", "1", "--json"]);
    assert_eq!(
        item(&items, "strengths.mentee")["title"].as_str(),
        Some(format!("{MENTOR} named {MENTEE}'s strengths").as_str())
    );
    let human = j.ok(&["checklist", "1"]);
    assert_terminal_safe(&human);
    assert!(human.contains("李小龙"), "{human}");
}

#[test]
fn hostile_notes_strengths_and_experiences_are_stored_exactly_and_shown_safely() {
    let j = Journal::new();
    j.add(MENTOR, MENTEE);
    let out = j.ok(&["check", "1", "trust.agenda", "--note", STRENGTH]);
    assert_terminal_safe(&out);
    let out = j.ok(&["strength", "add", "1", "--whose", "mentee", STRENGTH]);
    assert_terminal_safe(&out);
    let out = j.ok(&[
        "experience",
        "add",
        "1",
        "--challenge",
        MENTOR,
        "--similar",
        STRENGTH,
    ]);
    assert_terminal_safe(&out);

    let items = j.json(&["checklist", "1", "--json"]);
    assert_eq!(
        item(&items, "trust.agenda")["note"].as_str(),
        Some(STRENGTH)
    );
    let strengths: Vec<Vec<u8>> = j.query("SELECT CAST(text AS BLOB) FROM strength");
    assert_eq!(strengths, [STRENGTH.as_bytes().to_vec()]);
    let experiences: Vec<Vec<u8>> =
        j.query("SELECT CAST(challenge || char(0) || similar AS BLOB) FROM experience");
    assert_eq!(experiences, [format!("{MENTOR}\0{STRENGTH}").into_bytes()]);

    let human = j.ok(&["checklist", "1"]);
    assert_terminal_safe(&human);
    assert!(human.contains("🎉") && human.contains("漢字"), "{human}");
    let human = j.ok(&["pair", "list"]);
    assert_terminal_safe(&human);
}

#[test]
fn an_error_quoting_hostile_input_is_one_safe_line() {
    let j = Journal::new();
    j.add("Alex Morgan", "Ben Okafor");
    // `failed` checks one line, the prefix and that nothing unsafe is left.
    let err = j.fails(&["check", "1", "bad\n\u{1b}[2Jkey\u{7}"]);
    assert!(err.contains("key"), "{err}");
    j.fails(&[
        "pair", "add", "--mentor", "A", "--mentee", "B", "--role", MENTEE,
    ]);
    j.fails(&["checklist", "\u{1b}]0;pwned\u{7}\nzed"]);
    j.fails(&[
        "pair", "add", "--mentor", "A", "--mentee", "B", "--since", STRENGTH,
    ]);
}

/// A user's own template: its step titles reach the terminal too.
#[test]
fn a_custom_template_is_used_and_shown_safely() {
    let j = Journal::new();
    let dir = j.path("cfg").join("templates");
    fs::create_dir_all(&dir).unwrap();
    let mut text = candor::template::BUILT_IN.replace(
        "title = \"Trust on the agenda\"",
        "title = \"Trust \\u001b[5mfirst\\u0007 \\u202eplease\"",
    );
    text = text.replace(
        "We said why trust matters to each of us",
        "{mentee} heard why trust matters",
    );
    fs::write(dir.join("first-meeting.toml"), text).unwrap();
    j.add("Alex Morgan", "Ben Okafor");
    let items = j.json(&["checklist", "1", "--json"]);
    assert_eq!(
        item(&items, "trust.agenda")["title"],
        "Ben Okafor heard why trust matters"
    );
    let human = j.ok(&["checklist", "1"]);
    assert!(human.contains("first"), "{human}");
    assert_terminal_safe(&human);
}

// ---------------------------------------------------------------------------
// Where the journal is

#[test]
fn candor_db_is_used_when_there_is_no_db_flag() {
    let j = Journal::new();
    let env_db = j.path("from-env.db");
    let out = j
        .bare()
        .env("CANDOR_DB", &env_db)
        .args(["pair", "add", "--mentor", "Alex", "--mentee", "Ben"])
        .output()
        .unwrap();
    succeeded(&out, &["pair add with CANDOR_DB"]);
    assert!(env_db.exists());
    assert!(!j.db.exists());
    let list = j.json_on(&env_db);
    assert_eq!(array(&list).len(), 1);
}

#[test]
fn the_db_flag_wins_over_candor_db() {
    let j = Journal::new();
    let env_db = j.path("from-env.db");
    let out = j
        .on(&j.db)
        .env("CANDOR_DB", &env_db)
        .args(["pair", "add", "--mentor", "Alex", "--mentee", "Ben"])
        .output()
        .unwrap();
    succeeded(&out, &["pair add with --db and CANDOR_DB"]);
    assert!(!env_db.exists(), "CANDOR_DB was used despite --db");
    assert_eq!(array(&j.json(&["pair", "list", "--json"])).len(), 1);
}

#[test]
fn the_db_flag_is_accepted_after_the_command() {
    let j = Journal::new();
    let out = j
        .bare()
        .args(["pair", "add", "--mentor", "Alex", "--mentee", "Ben", "--db"])
        .arg(&j.db)
        .output()
        .unwrap();
    succeeded(&out, &["pair add … --db"]);
    assert_eq!(array(&j.json(&["pair", "list", "--json"])).len(), 1);
}

/// Runs the binary under `sh -c 'umask …'`.
fn with_umask(j: &Journal, umask: &str, db: &Path, args: &[&str]) -> Output {
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg(format!("umask {umask} && exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_candor"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env("CANDOR_CONFIG_DIR", j.path("cfg"))
        .env("CANDOR_NOW", NOW)
        .env_remove("CANDOR_DB");
    cmd.output().unwrap()
}

#[rstest]
fn a_missing_journal_and_its_folders_are_created_private(#[values("022", "000")] umask: &str) {
    let j = Journal::new();
    let db = j.path("a").join("b").join("c").join("j.db");
    // A command that writes starts the journal (one that only reads would refuse).
    let out = with_umask(
        &j,
        umask,
        &db,
        &["pair", "add", "--mentor", "C", "--mentee", "D"],
    );
    succeeded(&out, &["pair", "add"]);
    assert_mode(&j.path("a"), 0o700);
    assert_mode(&j.path("a").join("b"), 0o700);
    assert_mode(&j.path("a").join("b").join("c"), 0o700);
    assert_mode(&db, 0o600);
    let out = with_umask(
        &j,
        umask,
        &db,
        &["pair", "add", "--mentor", "A", "--mentee", "B"],
    );
    succeeded(&out, &["pair", "add"]);
    assert_mode(&db, 0o600);
    assert_eq!(array(&j.json_on(&db)).len(), 2);
    assert!(!sidecar(&db, "-wal").exists(), "a -wal left behind");
    assert!(!sidecar(&db, "-shm").exists(), "a -shm left behind");
}

#[test]
fn an_existing_folder_keeps_its_mode() {
    let j = Journal::new();
    let shared = j.path("shared");
    fs::create_dir(&shared).unwrap();
    fs::set_permissions(&shared, fs::Permissions::from_mode(0o755)).unwrap();
    let db = shared.join("new").join("j.db");
    let out = with_umask(
        &j,
        "022",
        &db,
        &["pair", "add", "--mentor", "A", "--mentee", "B"],
    );
    succeeded(&out, &["pair", "add"]);
    assert_mode(&shared, 0o755);
    assert_mode(&shared.join("new"), 0o700);
}

#[rstest]
fn an_empty_file_becomes_a_journal_and_keeps_its_mode(#[values(0o644, 0o600)] file_mode: u32) {
    let j = Journal::new();
    fs::write(&j.db, b"").unwrap();
    fs::set_permissions(&j.db, fs::Permissions::from_mode(file_mode)).unwrap();
    // Reading leaves an empty file as it is; the first write makes it a journal.
    let err = j.fails(&["pair", "list", "--json"]);
    assert!(err.contains("is an empty file, not a journal yet"), "{err}");
    assert_eq!(fs::read(&j.db).unwrap(), b"");
    j.add("Alex Morgan", "Ben Okafor");
    assert_eq!(array(&j.json(&["pair", "list", "--json"])).len(), 1);
    assert_mode(&j.db, file_mode);
    let header = fs::read(&j.db).unwrap();
    assert_eq!(&header[..16], b"SQLite format 3\0");
    assert_eq!(&header[68..72], b"cand", "application_id stamped");
}

#[test]
fn an_existing_journal_keeps_its_mode() {
    let j = Journal::new();
    j.add("Alex Morgan", "Ben Okafor");
    fs::set_permissions(&j.db, fs::Permissions::from_mode(0o640)).unwrap();
    j.ok(&["check", "1", "trust.agenda"]);
    assert_mode(&j.db, 0o640);
}

#[test]
fn a_command_leaves_no_wal_or_shm_behind() {
    let j = Journal::new();
    j.add("Alex Morgan", "Ben Okafor");
    j.ok(&["check", "1", "trust.agenda"]);
    assert!(!sidecar(&j.db, "-wal").exists());
    assert!(!sidecar(&j.db, "-shm").exists());
}

// ---------------------------------------------------------------------------
// Bad files: refused, named, and left byte for byte as they were

/// Pseudo-random bytes, the same on every run.
fn noise(len: usize) -> Vec<u8> {
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

/// A real journal made by the binary, which exits (and so checkpoints its WAL).
fn real_journal(j: &Journal, db: &Path) {
    let out = j.run_on(
        db,
        &[
            "pair",
            "add",
            "--mentor",
            "Alex Morgan",
            "--mentee",
            "Ben Okafor",
        ],
    );
    succeeded(&out, &["pair", "add"]);
    let out = j.run_on(
        db,
        &["strength", "add", "1", "--whose", "mentee", "patient"],
    );
    succeeded(&out, &["strength", "add"]);
    assert!(
        !sidecar(db, "-wal").exists(),
        "the WAL was not checkpointed and removed when candor exited"
    );
}

fn make_bad_file(kind: &str, j: &Journal, db: &Path) {
    match kind {
        "text" => fs::write(
            db,
            "Meeting notes, 2 October\n- trust\n- strengths\n".repeat(100),
        )
        .unwrap(),
        "random" => fs::write(db, noise(16 * 1024)).unwrap(),
        "truncated" => {
            real_journal(j, db);
            let bytes = fs::read(db).unwrap();
            assert!(bytes.len() >= 8192, "a journal of {} bytes", bytes.len());
            fs::write(db, &bytes[..bytes.len() / 2]).unwrap();
        }
        "foreign" => {
            let conn = Connection::open(db).unwrap();
            conn.execute_batch(
                "CREATE TABLE recipe (id INTEGER PRIMARY KEY, name TEXT NOT NULL, minutes INTEGER);
                 INSERT INTO recipe (name, minutes) VALUES ('bread', 240), ('soup', 45), ('salad', 10);",
            )
            .unwrap();
            conn.close().unwrap();
        }
        "newer" => {
            real_journal(j, db);
            let conn = Connection::open(db).unwrap();
            conn.pragma_update(None, "user_version", 99).unwrap();
            conn.close().unwrap();
            assert!(!sidecar(db, "-wal").exists());
        }
        "damaged" => {
            real_journal(j, db);
            let mut bytes = fs::read(db).unwrap();
            let page = usize::from(u16::from_be_bytes([bytes[16], bytes[17]]));
            for (i, b) in bytes[page..2 * page].iter_mut().enumerate() {
                *b = (i * 131 + 7) as u8;
            }
            fs::write(db, bytes).unwrap();
        }
        _ => unreachable!("{kind}"),
    }
}

#[rstest]
fn a_file_that_is_not_a_healthy_journal_is_refused_and_left_unchanged(
    #[values("text", "random", "truncated", "foreign", "newer", "damaged")] kind: &str,
    #[values(
        "pair list",
        "pair list --json",
        "pair add --mentor Cleo --mentee Dana",
        "checklist 1",
        "check 1 trust.agenda"
    )]
    command: &str,
) {
    let args: Vec<&str> = command.split(' ').collect();
    let args = args.as_slice();
    let j = Journal::new();
    make_bad_file(kind, &j, &j.db);
    let before = fs::read(&j.db).unwrap();
    let err = j.fails(args);
    assert!(
        err.contains(&j.db.display().to_string()),
        "the error does not name the file: {err}"
    );
    assert!(fs::read(&j.db).unwrap() == before, "the file was modified");
    assert!(!sidecar(&j.db, "-wal").exists(), "a -wal was left behind");
    assert!(!sidecar(&j.db, "-shm").exists(), "a -shm was left behind");
    assert!(
        !sidecar(&j.db, "-journal").exists(),
        "a -journal was left behind"
    );
    // Asking again gives the same answer: the first refusal changed nothing.
    assert_eq!(j.fails(args), err);
}

#[rstest]
#[case::text("text", "not a candor journal")]
#[case::random("random", "not a candor journal")]
#[case::foreign("foreign", "another program")]
#[case::newer("newer", "newer")]
#[case::truncated("truncated", "damaged")]
#[case::damaged("damaged", "damaged")]
fn a_bad_file_is_described_for_what_it_is(#[case] kind: &str, #[case] words: &str) {
    let j = Journal::new();
    make_bad_file(kind, &j, &j.db);
    let err = j.fails(&["pair", "list"]);
    assert!(err.contains(words), "{kind}: {err}");
}

/// Copies a database with the commits still in its WAL, as a crash leaves it.
fn copy_with_wal(src: &Path, dst: &Path) {
    assert!(fs::metadata(sidecar(src, "-wal")).unwrap().len() > 0);
    fs::copy(src, dst).unwrap();
    fs::copy(sidecar(src, "-wal"), sidecar(dst, "-wal")).unwrap();
}

/// A bad file whose last commits are still in its `-wal` (its writer
/// crashed). SQLite folds the WAL into the file when the last connection
/// closes, so opening it with SQLite just to refuse it changes it.
#[rstest]
fn a_bad_file_with_commits_in_its_wal_is_left_unchanged(#[values("foreign", "newer")] kind: &str) {
    let j = Journal::new();
    let live = j.path("live.db");
    let conn = match kind {
        "foreign" => {
            let conn = Connection::open(&live).unwrap();
            let _: String = conn
                .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
                .unwrap();
            conn.execute_batch(
                "CREATE TABLE recipe (name TEXT); INSERT INTO recipe VALUES ('bread');",
            )
            .unwrap();
            conn.close().unwrap();
            let conn = Connection::open(&live).unwrap();
            conn.execute("INSERT INTO recipe VALUES ('soup')", [])
                .unwrap();
            conn
        }
        _ => {
            real_journal(&j, &live);
            let conn = Connection::open(&live).unwrap();
            conn.pragma_update(None, "user_version", 99).unwrap();
            conn
        }
    };
    copy_with_wal(&live, &j.db);
    drop(conn);
    let wal = sidecar(&j.db, "-wal");
    let before = fs::read(&j.db).unwrap();
    let wal_before = fs::read(&wal).unwrap();
    let err = j.fails(&["pair", "list"]);
    assert!(err.contains(&j.db.display().to_string()), "{err}");
    assert!(fs::read(&j.db).unwrap() == before, "the file was modified");
    assert!(wal.exists(), "its -wal was removed");
    assert!(
        fs::read(&wal).unwrap() == wal_before,
        "its -wal was modified"
    );
}

#[test]
fn a_folder_is_refused() {
    let j = Journal::new();
    fs::create_dir(&j.db).unwrap();
    let err = j.fails(&["pair", "list"]);
    assert!(err.contains(&j.db.display().to_string()), "{err}");
}

#[test]
fn a_journal_whose_first_commits_are_still_in_its_wal_opens() {
    let j = Journal::new();
    let live = j.path("live.db");
    let clock = std::sync::Arc::new(candor::clock::FixedClock::parse(NOW).unwrap());
    let mut store = candor::store::Store::open(&live, clock).unwrap();
    let new = candor::domain::NewPair::new(
        "Alex Morgan",
        "Ben Okafor",
        candor::domain::Role::Mentor,
        "",
        chrono::NaiveDate::from_ymd_opt(2026, 10, 2).unwrap(),
        None,
    )
    .unwrap();
    store
        .add_pair(&new, &candor::template::Template::built_in())
        .unwrap();
    copy_with_wal(&live, &j.db);
    drop(store);
    let list = j.json(&["pair", "list", "--json"]);
    assert_eq!(array(&list)[0]["mentee_name"], "Ben Okafor");
}
