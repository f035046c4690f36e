//! The real `candor` binary on temp journals: the journal half of the
//! command-line contract in DESIGN.md — pair lifecycle, meetings, feedback,
//! notes (and `$EDITOR`), action items, `list`, `edit` and `delete` — and
//! above all what happens with bad input: a clear one-line error, a non-zero
//! exit and nothing written.

#![allow(clippy::unwrap_used)]

use crate::support::cli::{Journal, NOW, array, id_in, ids};
use crate::support::outcome::{assert_terminal_safe, failed, succeeded};

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Output;
use std::sync::{Arc, OnceLock};

use chrono::{DateTime, Duration, NaiveDate, Utc};
use rstest::rstest;
use serde_json::Value;

use candor::clock::{Clock, ManualClock};
use candor::domain::{Direction, MAX_TEXT_BYTES, Owner, Response};
use candor::store::{NewFeedback, NewMeeting, NewNote, Store};

/// Rows per query when the CLI walks a list (`PAGE` in src/cli/output.rs).
const PAGE: usize = 500;

/// Text that no terminal should be handed raw, and that the journal keeps exactly:
/// CSI colour, an OSC title ended by BEL, a C1 CSI, a bidi override, a tab,
/// a carriage return and a second line.
const HOSTILE: &str = "red \u{1b}[31mALERT\u{1b}[0m title \u{1b}]0;pwned\u{7} csi \u{9b}2J bidi \u{202e}txt.exe\u{202c} tab\there cr\rX\nsecond line 🚀 李";

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

/// What this file asks of a [`Journal`] on top of the shared harness.
trait JournalExt {
    /// Runs `args` with `$EDITOR` set to `editor` (if any) and `stdin` (if
    /// any) on standard input.
    fn exec(&self, args: &[&str], editor: Option<&str>, stdin: Option<&[u8]>) -> Output;

    /// `list PAIR WHAT --private --json`, which must be a top-level array.
    fn items(&self, pair: &str, what: &str) -> Vec<Value>;

    /// `list PAIR WHAT --json` (no private notes).
    fn shared_items(&self, pair: &str, what: &str) -> Vec<Value>;

    fn pair(&self, id: i64) -> Value;

    /// Adds a pair and returns its id.
    fn add_pair(&self, mentor: &str, mentee: &str) -> i64;

    /// The text `edit` changes, read straight from the table.
    fn text_of(&self, kind: &str, id: i64) -> String;

    fn version_of(&self, kind: &str, id: i64) -> i64;

    /// Everything a refused command must leave alone.
    fn snapshot(&self) -> Snapshot;
}

impl JournalExt for Journal {
    fn exec(&self, args: &[&str], editor: Option<&str>, stdin: Option<&[u8]>) -> Output {
        let editor: Vec<(&str, &str)> = editor.map(|e| ("EDITOR", e)).into_iter().collect();
        self.run_with(&editor, args, stdin)
    }

    #[track_caller]
    fn items(&self, pair: &str, what: &str) -> Vec<Value> {
        array(self.json(&["list", pair, what, "--private", "--json"]))
    }

    #[track_caller]
    fn shared_items(&self, pair: &str, what: &str) -> Vec<Value> {
        array(self.json(&["list", pair, what, "--json"]))
    }

    #[track_caller]
    fn pair(&self, id: i64) -> Value {
        self.pairs()
            .into_iter()
            .find(|p| p["id"] == id)
            .unwrap_or_else(|| panic!("no pair {id} in pair list"))
    }

    #[track_caller]
    fn add_pair(&self, mentor: &str, mentee: &str) -> i64 {
        let out = self.ok(&[
            "pair",
            "add",
            "--mentor",
            mentor,
            "--mentee",
            mentee,
            "--since",
            "2026-10-01",
        ]);
        id_in(&out)
    }

    fn text_of(&self, kind: &str, id: i64) -> String {
        let sql = match kind {
            "meeting" => "SELECT notes FROM meeting WHERE id = ?1",
            "feedback" => "SELECT body FROM feedback WHERE id = ?1",
            "note" => "SELECT body FROM note WHERE id = ?1",
            "action" => "SELECT text FROM action_item WHERE id = ?1",
            "strength" => "SELECT text FROM strength WHERE id = ?1",
            "experience" => "SELECT challenge || ' ↔ ' || similar FROM experience WHERE id = ?1",
            other => panic!("unknown kind {other}"),
        };
        self.conn().query_row(sql, [id], |r| r.get(0)).unwrap()
    }

    fn version_of(&self, kind: &str, id: i64) -> i64 {
        self.conn()
            .query_row(
                &format!("SELECT version FROM {} WHERE id = ?1", table(kind)),
                [id],
                |r| r.get(0),
            )
            .unwrap()
    }

    fn snapshot(&self) -> Snapshot {
        let pairs = self.ok(&["pair", "list", "--json"]);
        let mut lists = vec![pairs.clone()];
        for p in array(serde_json::from_str::<Value>(&pairs).unwrap()) {
            let id = p["id"].to_string();
            lists.push(self.ok(&["checklist", &id, "--json"]));
            for what in ["meetings", "feedback", "notes", "actions"] {
                lists.push(self.ok(&["list", &id, what, "--private", "--json"]));
            }
        }
        let rows = {
            let conn = self.conn();
            let dump = |sql: &str| -> Vec<String> {
                let mut stmt = conn.prepare(sql).unwrap();
                stmt.query_map([], |r| r.get(0))
                    .unwrap()
                    .collect::<rusqlite::Result<_>>()
                    .unwrap()
            };
            let mut rows = dump("SELECT id || '|' || version || '|' || text FROM strength");
            rows.extend(dump(
                "SELECT id || '|' || version || '|' || challenge || '|' || similar FROM experience",
            ));
            rows.extend(dump("SELECT uid FROM tombstone ORDER BY uid"));
            rows.extend(dump("SELECT uid FROM draft ORDER BY uid"));
            rows
        };
        Snapshot {
            lists,
            rows,
            bytes: fs::read(&self.db).unwrap(),
        }
    }
}

fn table(kind: &str) -> &'static str {
    match kind {
        "meeting" => "meeting",
        "feedback" => "feedback",
        "note" => "note",
        "action" => "action_item",
        "strength" => "strength",
        "experience" => "experience",
        other => panic!("unknown kind {other}"),
    }
}

#[derive(Debug)]
struct Snapshot {
    lists: Vec<String>,
    rows: Vec<String>,
    bytes: Vec<u8>,
}

impl Snapshot {
    #[track_caller]
    fn assert_same(&self, after: &Snapshot) {
        assert_eq!(self.lists, after.lists, "a list changed");
        assert_eq!(self.rows, after.rows, "rows changed");
        assert!(
            self.bytes == after.bytes,
            "the journal file's bytes changed"
        );
    }
}

#[track_caller]
fn time_of(v: &Value) -> DateTime<Utc> {
    at(v.as_str().unwrap_or_else(|| panic!("not a time: {v}")))
}

/// Two pairs: 1 is Alex Morgan & Ben Okafor, 2 is Cleo Park & Dana Li.
fn two_pairs() -> Journal {
    let j = Journal::new();
    assert_eq!(j.add_pair("Alex Morgan", "Ben Okafor"), 1);
    assert_eq!(j.add_pair("Cleo Park", "Dana Li"), 2);
    j
}

/// Two pairs, each with one entry of every kind, made pair 1 first, so that
/// every kind's id 1 is pair 1's and id 2 pair 2's; notes are 1 (shared) and
/// 2 (private) of pair 1, 3 and 4 of pair 2.
fn filled() -> Journal {
    static FILLED: OnceLock<Vec<u8>> = OnceLock::new();
    let bytes = FILLED.get_or_init(|| {
        let j = fill();
        for side in ["j.db-wal", "j.db-shm"] {
            assert!(!j.path(side).exists(), "{side} left behind");
        }
        fs::read(&j.db).unwrap()
    });
    let j = Journal::new();
    fs::write(&j.db, bytes).unwrap();
    fs::set_permissions(&j.db, fs::Permissions::from_mode(0o600)).unwrap();
    j
}

/// Builds the journal [`filled`] copies, through the binary.
fn fill() -> Journal {
    let j = two_pairs();
    for p in ["1", "2"] {
        j.ok(&[
            "meeting",
            "add",
            p,
            "--at",
            "2026-11-20 14:00",
            "--agenda",
            &format!("agenda {p}"),
            "--next-steps",
            // The pair's action item, read from the line: the mentee's, due 1 December.
            &format!("mentee: action text {p} due 2026-12-01"),
            &format!("meeting notes {p}"),
        ]);
        j.ok(&[
            "feedback",
            "add",
            p,
            "--to",
            "mentor",
            "--requested",
            "--response",
            "accepted",
            &format!("feedback body {p}"),
        ]);
        j.ok(&[
            "note",
            "add",
            p,
            "--tag",
            "next",
            &format!("shared note {p}"),
        ]);
        j.ok(&["note", "add", p, "--private", &format!("private note {p}")]);
        j.ok(&[
            "strength",
            "add",
            p,
            "--whose",
            "mentee",
            &format!("strength {p}"),
        ]);
        j.ok(&[
            "experience",
            "add",
            p,
            "--challenge",
            &format!("challenge {p}"),
            "--similar",
            &format!("similar {p}"),
        ]);
    }
    j
}

// ---------------------------------------------------------------------------
// pair edit, pause, close, reopen, delete

#[test]
fn pair_edit_changes_names_focus_and_cadence() {
    let j = two_pairs();
    let out = j.ok(&[
        "pair",
        "edit",
        "ben",
        "--mentor",
        "Alexandra Morgan",
        "--mentee",
        "Benjamin Okafor",
        "--focus",
        "Staff engineer promotion",
        "--cadence",
        "21",
    ]);
    assert!(out.contains("Updated pair 1"), "{out}");
    let p = j.pair(1);
    assert_eq!(p["mentor_name"], "Alexandra Morgan");
    assert_eq!(p["mentee_name"], "Benjamin Okafor");
    assert_eq!(p["focus"], "Staff engineer promotion");
    assert_eq!(p["cadence_days"], 21);
    assert_eq!(p["version"], 2);
    // The other pair is untouched.
    let other = j.pair(2);
    assert_eq!(other["mentor_name"], "Cleo Park");
    assert_eq!(other["version"], 1);

    // One option leaves the others as they are.
    j.ok(&["pair", "edit", "1", "--focus", "Public speaking"]);
    let p = j.pair(1);
    assert_eq!(p["mentor_name"], "Alexandra Morgan");
    assert_eq!(p["focus"], "Public speaking");
    assert_eq!(p["cadence_days"], 21);

    // --cadence 0 removes the cadence.
    j.ok(&["pair", "edit", "1", "--cadence", "0"]);
    let p = j.pair(1);
    assert_eq!(p["cadence_days"], Value::Null);
    assert_eq!(p["focus"], "Public speaking");
}

#[test]
fn pair_edit_next_plans_a_meeting_and_none_deletes_it_until_undone() {
    let j = two_pairs();
    let out = j.ok(&["pair", "edit", "1", "--next", "2026-12-10"]);
    assert!(out.contains("next meeting 2026-12-10 09:00"), "{out}");
    assert_eq!(j.pair(1)["next_meeting_on"], "2026-12-10");
    let planned = j.items("1", "meetings");
    assert_eq!(planned.len(), 1, "one meeting planned");
    assert_eq!(planned[0]["held_at"], "2026-12-10T09:00:00Z");
    let listing = j.ok(&["pair", "list"]);
    let row = listing.lines().find(|l| l.starts_with("1 ")).unwrap();
    assert!(row.contains("2026-12-10"), "{listing}");
    // The same day again changes nothing.
    j.ok(&["pair", "edit", "1", "--next", "2026-12-10"]);
    assert_eq!(j.items("1", "meetings").len(), 1);

    let out = j.ok(&["pair", "edit", "1", "--next", "none"]);
    assert!(out.contains("`candor undo` brings it back"), "{out}");
    assert_eq!(j.pair(1)["next_meeting_on"], Value::Null);
    assert_eq!(j.items("1", "meetings").len(), 0);
    j.ok(&["undo"]);
    assert_eq!(j.pair(1)["next_meeting_on"], "2026-12-10");

    // Today, once 09:00 has gone by (the clock reads 10:00), the next full hour.
    j.ok(&["pair", "edit", "2", "--next", "2026-11-27"]);
    assert_eq!(
        j.items("2", "meetings")[0]["held_at"],
        "2026-11-27T11:00:00Z"
    );
    j.ok(&["pair", "edit", "2", "--next", "NONE"]);
    assert_eq!(j.pair(2)["next_meeting_on"], Value::Null);
}
#[rstest]
#[case::nothing_to_change(&["pair", "edit", "1"], "nothing to change")]
#[case::cadence_too_long(&["pair", "edit", "1", "--cadence", "367"], "367")]
#[case::cadence_negative(&["pair", "edit", "1", "--cadence=-3"], "-3")]
#[case::next_not_a_date(&["pair", "edit", "1", "--next", "tomorrow"], "tomorrow")]
#[case::next_no_such_day(&["pair", "edit", "1", "--next", "2026-02-30"], "2026-02-30")]
#[case::blank_mentor(&["pair", "edit", "1", "--mentor", "   "], "mentor")]
#[case::blank_mentee(&["pair", "edit", "1", "--mentee", ""], "mentee")]
#[case::unknown_pair(&["pair", "edit", "Zed", "--focus", "x"], "Zed")]
#[case::bad_with_good(&["pair", "edit", "1", "--focus", "kept out", "--next", "2026-13-01"], "2026-13-01")]
#[case::next_gone_by(&["pair", "edit", "1", "--focus", "kept out", "--next", "2026-11-26"], "2026-11-26 has gone by")]
#[case::unknown_role(&["pair", "edit", "1", "--role", "boss"], "boss")]
#[case::since_not_a_date(&["pair", "edit", "1", "--since", "last year"], "last year")]
fn a_bad_pair_edit_is_refused_and_changes_nothing(#[case] args: &[&str], #[case] mentioned: &str) {
    let j = filled();
    let before = j.snapshot();
    let err = j.fails(args);
    assert!(
        err.contains(mentioned),
        "error does not mention {mentioned}: {err}"
    );
    before.assert_same(&j.snapshot());
}

#[test]
fn pause_close_and_reopen_set_the_status() {
    let j = two_pairs();
    assert_eq!(j.pair(1)["status"], "active");
    for (command, status) in [
        ("pause", "paused"),
        ("reopen", "active"),
        ("close", "closed"),
        ("reopen", "active"),
        ("close", "closed"),
    ] {
        let out = j.ok(&["pair", command, "okafor"]);
        assert!(out.contains(status), "{command}: {out}");
        assert_eq!(j.pair(1)["status"], status, "after {command}");
        assert_eq!(j.pair(2)["status"], "active", "the other pair changed");
    }
    let table = j.ok(&["pair", "list"]);
    assert!(
        table
            .lines()
            .any(|l| l.starts_with("1 ") && l.contains("closed")),
        "{table}"
    );
}

#[rstest]
#[case::no_stdin(None)]
#[case::yes_on_a_pipe(Some("yes\n"))]
fn pair_delete_without_yes_and_without_a_terminal_refuses_at_once(#[case] stdin: Option<&str>) {
    let j = filled();
    let before = j.snapshot();
    let args = ["pair", "delete", "ben"];
    let out = j.exec(&args, None, stdin.map(str::as_bytes));
    let err = failed(&out, &args);
    assert!(err.contains("--yes"), "{err}");
    before.assert_same(&j.snapshot());
}

#[test]
fn pair_delete_with_yes_erases_the_pair_and_everything_in_it() {
    let j = filled();
    let pair_uid = j.pair(1)["uid"].as_str().unwrap().to_owned();
    let other_before: Vec<Vec<Value>> = ["meetings", "feedback", "notes", "actions"]
        .iter()
        .map(|w| j.items("2", w))
        .collect();
    let tombstones = j.count("SELECT count(*) FROM tombstone");
    assert_eq!(tombstones, 0);

    let out = j.ok(&["pair", "delete", "ben", "--yes"]);
    assert!(out.contains("Erased"), "{out}");

    let pairs = j.pairs();
    assert_eq!(ids(&pairs), [2]);
    for t in [
        "checklist_item",
        "strength",
        "experience",
        "meeting",
        "feedback",
        "note",
        "action_item",
    ] {
        assert_eq!(
            j.count(&format!("SELECT count(*) FROM {t} WHERE pair_id = 1")),
            0,
            "{t} rows of the erased pair remain"
        );
    }
    // A tombstone for the pair, its 12 checklist items and its 7 entries.
    assert_eq!(
        j.count(&format!(
            "SELECT count(*) FROM tombstone WHERE pair_uid = '{pair_uid}'"
        )),
        1 + 12 + 7
    );
    // The other pair keeps everything.
    let other_after: Vec<Vec<Value>> = ["meetings", "feedback", "notes", "actions"]
        .iter()
        .map(|w| j.items("2", w))
        .collect();
    assert_eq!(other_before, other_after);
    let err = j.fails(&["list", "ben", "notes"]);
    assert!(err.contains("ben"), "{err}");
}

// ---------------------------------------------------------------------------
// meeting add

#[rstest]
#[case::local_date_and_time("2026-11-20 14:30", "2026-11-20T14:30:00Z")]
#[case::date_only_is_midnight("2026-11-20", "2026-11-20T00:00:00Z")]
#[case::rfc3339_utc("2026-11-20T14:30:00Z", "2026-11-20T14:30:00Z")]
#[case::rfc3339_offset("2026-11-20T14:30:00+02:00", "2026-11-20T12:30:00Z")]
#[case::rfc3339_negative_offset("2026-11-20T23:30:00-05:00", "2026-11-21T04:30:00Z")]
fn meeting_add_takes_local_date_only_and_rfc3339_times(#[case] given: &str, #[case] utc: &str) {
    let j = two_pairs();
    let out = j.ok(&[
        "meeting",
        "add",
        "ben",
        "--at",
        given,
        "--agenda",
        "Trust, and what stays between us",
        "--next-steps",
        "Ben drafts the design doc",
        "We talked about estimates.\nAnd about the roadmap.",
    ]);
    assert!(out.starts_with("Logged meeting 1 on "), "{out}");
    let items = j.items("1", "meetings");
    assert_eq!(items.len(), 1);
    let m = &items[0];
    assert_eq!(time_of(&m["held_at"]), at(utc));
    assert_eq!(m["agenda"], "Trust, and what stays between us");
    assert_eq!(m["next_steps"], "Ben drafts the design doc");
    assert_eq!(
        m["notes"],
        "We talked about estimates.\nAnd about the roadmap."
    );
    assert!(m["id"].is_i64() && m["uid"].as_str().is_some_and(|u| u.len() == 36));
    assert!(j.items("2", "meetings").is_empty());
}

#[test]
fn meeting_add_without_at_is_now_and_takes_stdin() {
    let j = two_pairs();
    let out = j.ok_in(
        &["meeting", "add", "1", "-"],
        "from stdin\nline two\n".as_bytes(),
    );
    assert!(out.contains("Logged meeting 1"), "{out}");
    let m = &j.items("1", "meetings")[0];
    assert_eq!(time_of(&m["held_at"]), at(NOW));
    assert_eq!(m["notes"], "from stdin\nline two\n");
    assert_eq!(j.pair(1)["last_met_at"].as_str().map(at), Some(at(NOW)));
}

#[test]
fn a_future_meeting_is_planned_and_shown_as_the_next_one() {
    let j = two_pairs();
    j.ok(&[
        "meeting",
        "add",
        "1",
        "--at",
        "2026-11-13 09:00",
        "met before",
    ]);
    let out = j.ok(&[
        "meeting",
        "add",
        "1",
        "--at",
        "2026-12-04 15:00",
        "--agenda",
        "Plan the promotion case",
    ]);
    assert!(
        out.starts_with("Planned meeting 2 on 2026-12-04 15:00"),
        "{out}"
    );
    j.ok(&[
        "meeting",
        "add",
        "1",
        "--at",
        "2027-01-08",
        "--agenda",
        "Later",
    ]);

    let p = j.pair(1);
    assert_eq!(time_of(&p["next_planned_at"]), at("2026-12-04T15:00:00Z"));
    assert_eq!(time_of(&p["last_met_at"]), at("2026-11-13T09:00:00Z"));
    assert_eq!(j.pair(2)["next_planned_at"], Value::Null);

    let list = j.ok(&["list", "1", "meetings"]);
    let header = |id: &str| {
        list.lines()
            .find(|l| l.starts_with(&format!("#{id} ")))
            .unwrap_or_else(|| panic!("no meeting {id} in:\n{list}"))
            .to_owned()
    };
    assert!(header("2").contains("(planned)"), "{list}");
    assert!(header("3").contains("(planned)"), "{list}");
    assert!(!header("1").contains("(planned)"), "{list}");
    // Newest (furthest planned) first.
    assert_eq!(ids(&j.items("1", "meetings")), [3, 2, 1]);

    // The next meeting is the earliest planned one; --next moves it to
    // another day, at the same time of day, its agenda kept.
    let table = j.ok(&["pair", "list"]);
    let row = table.lines().find(|l| l.starts_with("1 ")).unwrap();
    assert!(row.contains("2026-12-04"), "{table}");
    let out = j.ok(&["pair", "edit", "1", "--next", "2026-12-20"]);
    assert!(out.contains("next meeting 2026-12-20 15:00"), "{out}");
    let table = j.ok(&["pair", "list"]);
    let row = table.lines().find(|l| l.starts_with("1 ")).unwrap();
    assert!(row.contains("2026-12-20"), "{table}");
    let moved = &j.items("1", "meetings")[1];
    assert_eq!(
        (moved["id"].as_i64(), &moved["held_at"]),
        (Some(2), &Value::from("2026-12-20T15:00:00Z"))
    );
    assert_eq!(ids(&j.items("1", "meetings")), [3, 2, 1], "nothing added");
}

// ---------------------------------------------------------------------------
// feedback add

#[test]
fn feedback_not_answered_yet_is_said_in_a_sentence() {
    let j = two_pairs();
    let out = j.ok(&["feedback", "add", "ben", "--to", "mentee", "Clear agenda"]);
    assert_eq!(
        out.trim(),
        "Recorded feedback 1 (to the mentee, not answered yet)."
    );
}

#[test]
fn feedback_add_records_every_field() {
    let j = two_pairs();
    let out = j.ok(&[
        "feedback",
        "add",
        "ben",
        "--to",
        "mentor",
        "--requested",
        "--response",
        "pushed-back",
        "--situation",
        "In the design review",
        "--behaviour",
        "You answered for me",
        "--impact",
        "I felt unheard",
        "--follow-up",
        "We agreed I present next time",
        "--at",
        "2026-11-25 16:00",
        "Let me finish my answers.",
    ]);
    assert!(out.contains("Recorded feedback 1"), "{out}");
    assert!(out.contains("to the mentor"), "{out}");
    let f = &j.items("1", "feedback")[0];
    assert_eq!(f["direction"], "to_mentor");
    assert_eq!(f["requested"], true);
    assert_eq!(f["response"], "pushed_back");
    assert_eq!(f["body"], "Let me finish my answers.");
    assert_eq!(f["situation"], "In the design review");
    assert_eq!(f["behaviour"], "You answered for me");
    assert_eq!(f["impact"], "I felt unheard");
    assert_eq!(f["follow_up"], "We agreed I present next time");
    assert_eq!(time_of(&f["given_at"]), at("2026-11-25T16:00:00Z"));

    let list = j.ok(&["list", "1", "feedback"]);
    assert!(
        list.contains("to the mentor, asked for · pushed back"),
        "{list}"
    );
    for text in [
        "Let me finish my answers.",
        "In the design review",
        "You answered for me",
        "I felt unheard",
        "We agreed I present next time",
    ] {
        assert!(list.contains(text), "{text} missing from:\n{list}");
    }
}

#[rstest]
#[case::accepted(&["--to", "mentor", "--response", "accepted"], "to_mentor", false, "accepted")]
#[case::discussed(&["--to", "Mentor", "--response", "discussed"], "to_mentor", false, "discussed")]
#[case::pushed_back(&["--to", "mentor", "--requested", "--response", "pushed-back"], "to_mentor", true, "pushed_back")]
#[case::pending(&["--to", "mentee", "--response", "pending"], "to_mentee", false, "pending")]
#[case::default_is_pending(&["--to", "mentee", "--requested"], "to_mentee", true, "pending")]
fn feedback_direction_requested_and_response_are_stored(
    #[case] flags: &[&str],
    #[case] direction: &str,
    #[case] requested: bool,
    #[case] response: &str,
) {
    let j = two_pairs();
    let mut args = vec!["feedback", "add", "1"];
    args.extend_from_slice(flags);
    args.push("Clear and kind.");
    j.ok(&args);
    let f = &j.items("1", "feedback")[0];
    assert_eq!(f["direction"], direction);
    assert_eq!(f["requested"], requested);
    assert_eq!(f["response"], response);
    assert_eq!(f["situation"], Value::Null);
    assert_eq!(time_of(&f["given_at"]), at(NOW));
}

#[test]
fn feedback_reads_stdin_with_dash() {
    let j = two_pairs();
    j.ok_in(
        &["feedback", "add", "1", "--to", "mentee", "-"],
        "line one\nline two".as_bytes(),
    );
    assert_eq!(j.items("1", "feedback")[0]["body"], "line one\nline two");
}

// ---------------------------------------------------------------------------
// note add

#[test]
fn note_add_stores_text_and_tags_lower_cased() {
    let j = two_pairs();
    let out = j.ok(&[
        "note",
        "add",
        "ben",
        "--tag",
        "Next",
        "--tag",
        "Career,growth",
        "--tag",
        "NEXT",
        "Ask about the reorg",
    ]);
    assert!(out.starts_with("Added note 1 to Ben Okafor"), "{out}");
    let n = &j.items("1", "notes")[0];
    assert_eq!(n["body"], "Ask about the reorg");
    assert_eq!(n["private"], false);
    assert_eq!(
        n["tags"],
        serde_json::json!(["next", "career", "growth"]),
        "{n}"
    );
    let list = j.ok(&["list", "1", "notes"]);
    assert!(list.contains("#next #career #growth"), "{list}");

    j.ok(&["note", "add", "1", "untagged"]);
    assert_eq!(j.items("1", "notes")[0]["tags"], serde_json::json!([]));
}

#[test]
fn note_add_with_dash_reads_stdin_exactly() {
    let j = two_pairs();
    let text = "  first line\n\tsecond line\n\nlast line\n";
    j.ok_in(&["note", "add", "1", "-"], text.as_bytes());
    assert_eq!(j.items("1", "notes")[0]["body"], text);
}

#[test]
fn private_notes_are_listed_only_with_private() {
    let j = two_pairs();
    j.ok(&["note", "add", "1", "shared thought"]);
    let out = j.ok(&[
        "note",
        "add",
        "1",
        "--private",
        "--tag",
        "self",
        "my secret worry",
    ]);
    assert!(out.contains("private note 2"), "{out}");

    let shared = j.shared_items("1", "notes");
    assert_eq!(ids(&shared), [1]);
    assert!(!serde_json::to_string(&shared).unwrap().contains("secret"));
    let all = j.items("1", "notes");
    assert_eq!(ids(&all), [2, 1]);
    assert_eq!(all[0]["private"], true);
    assert_eq!(all[0]["body"], "my secret worry");
    assert_eq!(all[0]["tags"], serde_json::json!(["self"]));

    let human = j.ok(&["list", "1", "notes"]);
    assert!(human.contains("shared thought"), "{human}");
    assert!(!human.contains("secret"), "{human}");
    let human = j.ok(&["list", "1", "notes", "--private"]);
    assert!(human.contains("my secret worry"), "{human}");
    assert!(human.contains("private"), "{human}");

    // Only private notes: the shared list is empty, not an error.
    let j = two_pairs();
    j.ok(&["note", "add", "1", "--private", "hidden"]);
    assert_eq!(j.ok(&["list", "1", "notes", "--json"]).trim(), "[]");
    assert!(!j.ok(&["list", "1", "notes"]).contains("hidden"));
}

#[test]
fn a_private_note_without_text_reads_stdin_and_never_runs_the_editor() {
    let j = two_pairs();
    let (editor, marker) = j.marker_editor();
    let args = ["note", "add", "1", "--private"];
    let out = j.exec(&args, Some(&editor), Some(b"typed on stdin\n".as_slice()));
    let stdout = succeeded(&out, &args);
    assert!(stdout.contains("private note 1"), "{stdout}");
    assert!(!marker.exists(), "$EDITOR ran for a private note");
    let n = &j.items("1", "notes")[0];
    assert_eq!(n["body"], "typed on stdin\n");
    assert_eq!(n["private"], true);
}

#[test]
fn note_add_without_text_runs_the_editor() {
    let j = two_pairs();
    let (editor, marker) = j.marker_editor();
    let args = ["note", "add", "1", "--tag", "next"];
    let out = j.exec(&args, Some(&editor), None);
    succeeded(&out, &args);
    assert!(marker.exists(), "$EDITOR did not run");
    let n = &j.items("1", "notes")[0];
    // The newline `echo` added is dropped: the text handed over had none.
    assert_eq!(n["body"], "typed in the editor");
    assert_eq!(n["private"], false);
    assert_eq!(n["tags"], serde_json::json!(["next"]));
}

#[test]
fn an_editor_with_arguments_is_split_on_spaces_with_the_file_last() {
    let j = two_pairs();
    let args_file = j.path("editor-args");
    let script = j.script(
        "args-editor.sh",
        &format!(
            "printf '%s\\n' \"$@\" > '{}'\nfor last; do :; done\nprintf 'written with flags' > \"$last\"",
            args_file.display()
        ),
    );
    let editor = format!("sh {} --flag   -x", script.display());
    let args = ["note", "add", "1"];
    succeeded(&j.exec(&args, Some(&editor), None), &args);
    assert_eq!(j.items("1", "notes")[0]["body"], "written with flags");
    let seen = fs::read_to_string(&args_file).unwrap();
    let seen: Vec<&str> = seen.lines().collect();
    assert_eq!(seen.len(), 3, "{seen:?}");
    assert_eq!(&seen[..2], ["--flag", "-x"]);
    let file = Path::new(seen[2]);
    assert!(file.is_absolute(), "{seen:?}");
    assert!(!file.exists(), "the scratch file was left behind: {seen:?}");
}

#[test]
fn edit_without_text_hands_the_current_text_to_the_editor() {
    let j = filled();
    let script = j.script(
        "prefix-editor.sh",
        "for last; do :; done\nold=$(cat \"$last\")\nprintf 'edited: %s' \"$old\" > \"$last\"",
    );
    let editor = script.display().to_string();
    for (kind, id) in [("note", "1"), ("meeting", "1"), ("action", "1")] {
        let args = ["edit", "1", kind, id];
        succeeded(&j.exec(&args, Some(&editor), None), &args);
    }
    assert_eq!(j.text_of("note", 1), "edited: shared note 1");
    assert_eq!(j.text_of("meeting", 1), "edited: meeting notes 1");
    assert_eq!(j.text_of("action", 1), "edited: action text 1");
}

#[rstest]
#[case::unset(None, "EDITOR")]
#[case::blank(Some("   "), "EDITOR")]
#[case::fails(Some("false"), "false")]
#[case::not_found(Some("/nonexistent/editor-xyz --wait"), "editor-xyz")]
fn note_add_without_a_working_editor_fails_and_writes_nothing(
    #[case] editor: Option<&str>,
    #[case] mentioned: &str,
) {
    let j = filled();
    let before = j.snapshot();
    let args = ["note", "add", "1"];
    let err = failed(&j.exec(&args, editor, None), &args);
    assert!(err.contains(mentioned), "{err}");
    before.assert_same(&j.snapshot());
}

#[test]
fn an_editor_that_empties_the_text_is_refused() {
    let j = filled();
    let script = j.script("empty-editor.sh", "for last; do :; done\n: > \"$last\"");
    let editor = script.display().to_string();
    let before = j.snapshot();
    for args in [&["note", "add", "1"][..], &["edit", "1", "note", "1"][..]] {
        let err = failed(&j.exec(args, Some(&editor), None), args);
        assert!(err.contains("empty"), "{err}");
    }
    before.assert_same(&j.snapshot());
}

#[test]
fn editing_a_failed_editor_session_keeps_the_entry() {
    let j = filled();
    let before = j.snapshot();
    let args = ["edit", "1", "meeting", "1"];
    let err = failed(&j.exec(&args, Some("false"), None), &args);
    assert!(err.contains("false"), "{err}");
    before.assert_same(&j.snapshot());
}

// ---------------------------------------------------------------------------
// action add, action done

#[test]
fn action_add_stores_owner_and_due_date() {
    let j = two_pairs();
    for (owner, due) in [
        ("mentor", Some("2026-12-01")),
        ("mentee", None),
        ("both", Some("2026-11-30")),
    ] {
        let mut args = vec!["action", "add", "1", "--owner", owner];
        if let Some(due) = due {
            args.extend(["--due", due]);
        }
        args.push("Read the chapter");
        let out = j.ok(&args);
        assert!(out.starts_with("Added action item "), "{out}");
    }
    let items = j.items("1", "actions");
    // Open items by due date, undated last.
    assert_eq!(ids(&items), [3, 1, 2]);
    assert_eq!(items[0]["owner"], "both");
    assert_eq!(items[0]["due_on"], "2026-11-30");
    assert_eq!(items[1]["owner"], "mentor");
    assert_eq!(items[2]["owner"], "mentee");
    assert_eq!(items[2]["due_on"], Value::Null);
    for i in &items {
        assert_eq!(i["text"], "Read the chapter");
        assert_eq!(i["done"], false);
        assert_eq!(i["done_at"], Value::Null);
    }
}

#[test]
fn overdue_actions_are_flagged_and_done_clears_them() {
    let j = two_pairs();
    let overdue = id_in(&j.ok(&[
        "action",
        "add",
        "1",
        "--owner",
        "mentee",
        "--due",
        "2026-11-20",
        "Send the CV",
    ]));
    let today = id_in(&j.ok(&[
        "action",
        "add",
        "1",
        "--owner",
        "mentor",
        "--due",
        "2026-11-27",
        "Intro to Dana",
    ]));
    let later = id_in(&j.ok(&[
        "action",
        "add",
        "1",
        "--owner",
        "both",
        "--due",
        "2026-12-01",
        "Pick a book",
    ]));
    let line = |list: &str, id: i64| {
        list.lines()
            .find(|l| l.starts_with(&format!("#{id} ")))
            .unwrap_or_else(|| panic!("no action {id} in:\n{list}"))
            .to_owned()
    };
    let list = j.ok(&["list", "1", "actions"]);
    assert!(line(&list, overdue).contains("· late"), "{list}");
    assert!(line(&list, overdue).contains("[ ]"), "{list}");
    assert!(!line(&list, today).contains("· late"), "{list}");
    assert!(!line(&list, later).contains("· late"), "{list}");
    let p = j.pair(1);
    assert_eq!(
        (p["open_actions"].clone(), p["overdue_actions"].clone()),
        (3.into(), 1.into())
    );

    let out = j.ok(&["action", "done", "ben", &overdue.to_string()]);
    assert!(out.contains("done") && out.contains("Send the CV"), "{out}");
    let item = j
        .items("1", "actions")
        .into_iter()
        .find(|a| a["id"] == overdue)
        .unwrap();
    assert_eq!(item["done"], true);
    assert_eq!(time_of(&item["done_at"]), at(NOW));
    let list = j.ok(&["list", "1", "actions"]);
    assert!(line(&list, overdue).contains("[x]"), "{list}");
    assert!(!list.contains("· late"), "{list}");
    // Done items come after open ones.
    assert_eq!(ids(&j.items("1", "actions")), [today, later, overdue]);
    let p = j.pair(1);
    assert_eq!(
        (p["open_actions"].clone(), p["overdue_actions"].clone()),
        (2.into(), 0.into())
    );

    let out = j.ok(&["action", "done", "1", &overdue.to_string(), "--undo"]);
    assert!(out.contains("open again"), "{out}");
    let list = j.ok(&["list", "1", "actions"]);
    assert!(line(&list, overdue).contains("· late"), "{list}");
    let p = j.pair(1);
    assert_eq!(
        (p["open_actions"].clone(), p["overdue_actions"].clone()),
        (3.into(), 1.into())
    );
}

#[rstest]
#[case::another_pairs_item(&["action", "done", "1", "2"], "2")]
#[case::another_pairs_item_undo(&["action", "done", "1", "2", "--undo"], "2")]
#[case::unknown_item(&["action", "done", "1", "99"], "99")]
fn action_done_refuses_an_item_the_pair_does_not_have(
    #[case] args: &[&str],
    #[case] mentioned: &str,
) {
    let j = filled();
    let before = j.snapshot();
    let err = j.fails(args);
    assert!(err.contains(mentioned), "{err}");
    before.assert_same(&j.snapshot());
}

#[test]
fn a_wrong_choice_names_the_possible_ones_in_good_english() {
    let j = two_pairs();
    let before = j.snapshot();
    // Once "'boss' is not a owner".
    let err = j.fails(&["action", "add", "1", "--owner", "boss", "x"]);
    assert!(!err.contains("a owner"), "{err}");
    assert!(
        err.contains("'boss'") && err.contains("mentor, mentee, both"),
        "{err}"
    );
    let err = j.fails(&["feedback", "add", "1", "--to", "boss", "x"]);
    assert!(err.contains("mentor, mentee"), "{err}");
    let err = j.fails(&["export", "1", "--format", "pdf"]);
    assert!(err.contains("'pdf'") && err.contains("md, json"), "{err}");
    before.assert_same(&j.snapshot());
}

#[test]
fn every_spelling_of_a_choice_taken_before_is_taken() {
    let j = two_pairs();
    j.ok(&["action", "add", "1", "--owner", "BOTH", "x"]);
    j.ok(&[
        "feedback",
        "add",
        "1",
        "--to",
        "to_mentee",
        "--response",
        "not-yet",
        "y",
    ]);
    j.ok(&[
        "feedback",
        "add",
        "1",
        "--to",
        "Mentor",
        "--response",
        "pushed_back",
        "z",
    ]);
    let md = j.ok(&["export", "1", "--format", "Markdown"]);
    assert!(md.starts_with("# "), "{md}");
    for what in [
        "action",
        "Actions",
        "meeting",
        "note",
        "check-ins",
        "checkin",
    ] {
        j.ok(&["list", "1", what]);
    }
    assert_eq!(j.ok(&["list", "2", "action"]), "No actions yet.\n");
    j.ok(&["note", "add", "1", "hello"]);
    let id = j.items("1", "notes")[0]["id"].to_string();
    assert_eq!(
        j.ok(&["edit", "1", "Notes", &id, "changed"]),
        format!("Updated note {id}.\n")
    );
    assert_eq!(
        j.ok(&["delete", "1", "NOTE", &id, "--yes"]),
        format!("Deleted note {id}.\n")
    );
}

// ---------------------------------------------------------------------------
// list

#[rstest]
#[case::meetings("meetings")]
#[case::feedback("feedback")]
#[case::notes("notes")]
#[case::actions("actions")]
fn an_empty_list_succeeds(#[case] what: &str) {
    let j = two_pairs();
    assert_eq!(j.ok(&["list", "1", what, "--json"]), "[]\n");
    assert_eq!(j.ok(&["list", "1", what, "--json", "--private"]), "[]\n");
    let human = j.ok(&["list", "1", what]);
    assert!(human.contains("No ") && human.contains(what), "{human}");
}

#[rstest]
#[case::meetings("meetings", &["agenda", "notes", "next_steps", "held_at"])]
#[case::feedback("feedback", &["body", "direction", "requested", "response", "given_at"])]
#[case::notes("notes", &["body", "private", "tags"])]
#[case::actions("actions", &["text", "owner", "due_on", "done", "done_at"])]
fn list_json_items_carry_id_uid_and_the_model_fields(#[case] what: &str, #[case] fields: &[&str]) {
    let j = filled();
    let items = j.items("1", what);
    assert!(!items.is_empty());
    for item in &items {
        for field in [
            "id",
            "uid",
            "pair_id",
            "created_at",
            "updated_at",
            "version",
        ]
        .iter()
        .chain(fields)
        {
            assert!(item.get(field).is_some(), "{what}: no {field} in {item}");
        }
        assert_eq!(item["pair_id"], 1);
    }
}

#[test]
fn long_texts_are_listed_whole() {
    let j = two_pairs();
    let long: String =
        (0..400).map(|i| format!("word{i} ")).collect::<String>() + "\nthe last line";
    j.ok(&["note", "add", "1", &long]);
    j.ok(&["action", "add", "1", "--owner", "both", &long]);
    j.ok(&["meeting", "add", "1", "--agenda", &long, &long]);
    assert_eq!(j.items("1", "notes")[0]["body"], long.as_str());
    assert_eq!(j.items("1", "actions")[0]["text"], long.as_str());
    assert_eq!(j.items("1", "meetings")[0]["agenda"], long.as_str());
    let human = j.ok(&["list", "1", "notes"]);
    assert!(
        human.contains("word399 ") && human.contains("the last line"),
        "{human}"
    );
}

#[rstest]
#[case::bad_word(&["list", "1", "wishes"], "wishes")]
#[case::unknown_pair(&["list", "Zed", "notes"], "Zed")]
fn a_bad_list_is_an_error(#[case] args: &[&str], #[case] mentioned: &str) {
    let j = filled();
    let err = j.fails(args);
    assert!(err.contains(mentioned), "{err}");
}

/// Opens the journal through the library with a clock that starts at `start`.
fn library(j: &Journal, start: &str) -> (Store, Arc<ManualClock>) {
    let clock = Arc::new(ManualClock::new(at(start)));
    let store = Store::open(&j.db, Arc::clone(&clock) as Arc<dyn Clock>).unwrap();
    (store, clock)
}

#[test]
fn more_notes_than_a_page_are_all_listed_newest_first() {
    let j = two_pairs();
    const SHARED: usize = 1_234;
    const PRIVATE: usize = 66;
    // 66 private notes spread over the pages: at 5, 24, 43, … 1240.
    let is_private = |i: usize| i >= 5 && (i - 5).is_multiple_of(19) && (i - 5) / 19 < PRIVATE;
    {
        let (mut store, clock) = library(&j, "2026-01-01T00:00:00Z");
        for i in 0..SHARED + PRIVATE {
            // Many notes share a timestamp: keyset paging must break ties by id.
            if i % 7 == 0 {
                clock.advance(Duration::minutes(1));
            }
            let note = NewNote {
                body: format!("note number {i}"),
                private: is_private(i),
                tags: vec![],
            };
            store.add_note(1, &note).unwrap();
        }
        // A note of the other pair never shows up in pair 1's list.
        store
            .add_note(
                2,
                &NewNote {
                    body: "other pair".into(),
                    private: false,
                    tags: vec![],
                },
            )
            .unwrap();
    }
    const _: () = assert!(SHARED > 2 * PAGE);

    assert_eq!(
        (0..SHARED + PRIVATE).filter(|&i| is_private(i)).count(),
        PRIVATE
    );
    let shared = j.shared_items("1", "notes");
    assert_eq!(shared.len(), SHARED);
    let all = j.items("1", "notes");
    assert_eq!(all.len(), SHARED + PRIVATE);

    for list in [&shared, &all] {
        let got = ids(list);
        let mut expected = got.clone();
        expected.sort_unstable_by(|a, b| b.cmp(a));
        expected.dedup();
        assert_eq!(got, expected, "not newest first, or duplicated");
        let uids: std::collections::HashSet<&str> =
            list.iter().map(|n| n["uid"].as_str().unwrap()).collect();
        assert_eq!(uids.len(), list.len(), "duplicate uids");
        for n in list.iter() {
            assert_eq!(n["pair_id"], 1);
            let i = n["id"].as_i64().unwrap() - 1;
            assert_eq!(n["body"], format!("note number {i}"));
        }
        let times: Vec<DateTime<Utc>> = list.iter().map(|n| time_of(&n["created_at"])).collect();
        assert!(times.windows(2).all(|w| w[0] >= w[1]), "not newest first");
    }
    assert!(shared.iter().all(|n| n["private"] == false));

    let human = j.ok(&["list", "1", "notes", "--private"]);
    let headers: Vec<&str> = human.lines().filter(|l| l.starts_with('#')).collect();
    assert_eq!(headers.len(), SHARED + PRIVATE);

    // --limit N: the first N of the same list, private notes left out or not.
    for (private, list) in [(false, &shared), (true, &all)] {
        for n in [1, PAGE - 1, PAGE, PAGE + 1, 2 * PAGE + 7] {
            let limit = n.to_string();
            let mut args = vec!["list", "1", "notes", "--limit", &limit, "--json"];
            if private {
                args.push("--private");
            }
            let first = array(j.json(&args));
            assert_eq!(
                ids(&first),
                ids(&list[..n]),
                "--limit {n}, private {private}"
            );
        }
    }
    let human = j.ok(&["list", "1", "notes", "--limit", "3"]);
    let headers: Vec<&str> = human.lines().filter(|l| l.starts_with('#')).collect();
    let expected: Vec<String> = ids(&shared[..3])
        .iter()
        .map(|id| format!("#{id} "))
        .collect();
    assert_eq!(headers.len(), 3, "{human}");
    for (h, e) in headers.iter().zip(&expected) {
        assert!(h.starts_with(e.as_str()), "{h} is not {e}");
    }
    // More than there are: everything.
    assert_eq!(
        array(j.json(&["list", "1", "notes", "--limit", "100000", "--json"])).len(),
        SHARED
    );
}

#[rstest]
#[case::zero("0")]
#[case::negative("-3")]
#[case::words("ten")]
fn a_bad_limit_is_refused(#[case] limit: &str) {
    let j = filled();
    let err = j.fails(&["list", "1", "notes", &format!("--limit={limit}")]);
    assert!(err.contains("--limit"), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
}

#[test]
fn more_meetings_feedback_and_actions_than_a_page_are_all_listed_in_order() {
    const N: usize = 1_234;
    let j = two_pairs();
    let base = at("2026-06-01T08:00:00Z");
    {
        let (mut store, _clock) = library(&j, NOW);
        for i in 0..N {
            // 97 distinct times, so about 13 rows share each one, out of id order.
            let t = base + Duration::minutes(((i * 37) % 97) as i64);
            let meeting = NewMeeting {
                held_at: t,
                agenda: String::new(),
                notes: format!("meeting {i}"),
                next_steps: String::new(),
            };
            store.add_meeting(1, &meeting).unwrap();
            let feedback = NewFeedback {
                direction: if i % 2 == 0 {
                    Direction::ToMentor
                } else {
                    Direction::ToMentee
                },
                requested: i % 3 == 0,
                body: format!("feedback {i}"),
                situation: None,
                behaviour: None,
                impact: None,
                response: Response::Accepted,
                follow_up: String::new(),
                given_at: t,
            };
            store.add_feedback(1, &feedback).unwrap();
            let due = match i % 5 {
                0 => None,
                k => NaiveDate::from_ymd_opt(2026, 12, k as u32),
            };
            let a = store
                .add_action(1, Owner::Both, &format!("action {i}"), due)
                .unwrap();
            if i % 4 == 0 {
                store.set_action_done(a.id, true).unwrap();
            }
        }
    }

    let meetings = j.items("1", "meetings");
    assert_eq!(meetings.len(), N);
    let keys: Vec<(DateTime<Utc>, i64)> = meetings
        .iter()
        .map(|m| (time_of(&m["held_at"]), m["id"].as_i64().unwrap()))
        .collect();
    let mut expected = keys.clone();
    expected.sort_unstable_by(|a, b| b.cmp(a));
    expected.dedup();
    assert_eq!(keys, expected, "meetings not newest first, or duplicated");

    let feedback = j.items("1", "feedback");
    assert_eq!(feedback.len(), N);
    let keys: Vec<(DateTime<Utc>, i64)> = feedback
        .iter()
        .map(|f| (time_of(&f["given_at"]), f["id"].as_i64().unwrap()))
        .collect();
    let mut expected = keys.clone();
    expected.sort_unstable_by(|a, b| b.cmp(a));
    expected.dedup();
    assert_eq!(keys, expected, "feedback not newest first, or duplicated");

    let actions = j.items("1", "actions");
    assert_eq!(actions.len(), N);
    let keys: Vec<(bool, String, i64)> = actions
        .iter()
        .map(|a| {
            (
                a["done"].as_bool().unwrap(),
                a["due_on"].as_str().unwrap_or("9999-12-31").to_owned(),
                a["id"].as_i64().unwrap(),
            )
        })
        .collect();
    let mut expected = keys.clone();
    expected.sort_unstable();
    expected.dedup();
    assert_eq!(
        keys, expected,
        "actions not open-first by due date, or duplicated"
    );

    // --limit across the ties and the page boundary: the same first rows.
    for (what, list) in [
        ("meetings", &meetings),
        ("feedback", &feedback),
        ("actions", &actions),
    ] {
        let first = array(j.json(&["list", "1", what, "--limit", "501", "--json"]));
        assert_eq!(ids(&first), ids(&list[..501]), "{what}");
    }
}

// ---------------------------------------------------------------------------
// edit

#[rstest]
#[case::meeting("meeting", 1, 2)]
#[case::feedback("feedback", 1, 2)]
#[case::note("note", 1, 3)]
#[case::private_note("note", 2, 4)]
#[case::action("action", 1, 2)]
#[case::strength("strength", 1, 2)]
#[case::experience("experience", 1, 2)]
fn edit_replaces_the_text_of_each_kind(#[case] kind: &str, #[case] id: i64, #[case] other: i64) {
    let j = filled();
    let others_text = j.text_of(kind, other);
    // For an experience the text splits at ↔; everywhere else it is kept whole.
    let text = "new words ↔ kept whole";
    let out = j.ok(&["edit", "ben", kind, &id.to_string(), text]);
    assert!(
        out.starts_with("Updated ") && out.ends_with(&format!(" {id}.\n")),
        "{out}"
    );
    assert_eq!(j.text_of(kind, id), text);
    assert_eq!(j.version_of(kind, id), 2);
    assert_eq!(
        j.text_of(kind, other),
        others_text,
        "pair 2's entry changed"
    );
    assert_eq!(j.version_of(kind, other), 1);
}

#[test]
fn edit_keeps_everything_but_the_text() {
    let j = filled();
    let before_m = j.items("1", "meetings")[0].clone();
    let before_f = j.items("1", "feedback")[0].clone();
    let before_a = j.items("1", "actions")[0].clone();
    let before_n = j.items("1", "notes");
    j.ok(&["edit", "1", "meeting", "1", "new notes"]);
    j.ok(&["edit", "1", "feedback", "1", "new body"]);
    j.ok(&["edit", "1", "action", "1", "new action"]);
    j.ok(&["edit", "1", "note", "2", "new private body"]);
    // The clock stands still here, yet an edit is later than what it
    // replaced (by a millisecond), so other journals take it.
    let keep = |before: &Value, after: &Value, changed: &str| {
        for (k, v) in before.as_object().unwrap() {
            if k == changed || k == "version" || k == "updated_at" {
                continue;
            }
            assert_eq!(&after[k], v, "{k} changed");
        }
        let time = |v: &Value| chrono::DateTime::parse_from_rfc3339(v.as_str().unwrap()).unwrap();
        assert!(time(&after["updated_at"]) > time(&before["updated_at"]));
        assert_eq!(after["version"], 2);
    };
    let m = &j.items("1", "meetings")[0];
    assert_eq!(m["notes"], "new notes");
    keep(&before_m, m, "notes");
    let f = &j.items("1", "feedback")[0];
    assert_eq!(f["body"], "new body");
    keep(&before_f, f, "body");
    let a = &j.items("1", "actions")[0];
    assert_eq!(a["text"], "new action");
    keep(&before_a, a, "text");
    let n = j
        .items("1", "notes")
        .into_iter()
        .find(|n| n["id"] == 2)
        .unwrap();
    assert_eq!(n["body"], "new private body");
    assert_eq!(n["private"], true);
    keep(before_n.iter().find(|n| n["id"] == 2).unwrap(), &n, "body");
    assert!(!j.ok(&["list", "1", "notes"]).contains("new private body"));
}

#[test]
fn edit_experience_splits_at_the_arrow_and_trims() {
    let j = filled();
    j.ok(&[
        "edit",
        "1",
        "experience",
        "1",
        "  my estimates  ↔  my roadmap \n",
    ]);
    let row: (String, String) = j
        .conn()
        .query_row(
            "SELECT challenge, similar FROM experience WHERE id = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(row, ("my estimates".into(), "my roadmap".into()));

    // Without an arrow only the challenge changes.
    j.ok(&["edit", "1", "experience", "1", "only the challenge"]);
    assert_eq!(
        j.text_of("experience", 1),
        "only the challenge ↔ my roadmap"
    );
    let human = j.ok(&["checklist", "1"]);
    assert!(human.contains("only the challenge ↔ my roadmap"), "{human}");
}

#[test]
fn edit_with_dash_reads_stdin() {
    let j = filled();
    j.ok_in(&["edit", "1", "note", "1", "-"], "from\nstdin\n".as_bytes());
    assert_eq!(j.text_of("note", 1), "from\nstdin\n");
    j.ok_in(
        &["edit", "1", "feedback", "1", "-"],
        "fb from stdin".as_bytes(),
    );
    assert_eq!(j.text_of("feedback", 1), "fb from stdin");
}

#[test]
fn editing_a_private_note_without_text_reads_stdin_and_never_runs_the_editor() {
    let j = filled();
    let (editor, marker) = j.marker_editor();
    let args = ["edit", "1", "note", "2"];
    succeeded(
        &j.exec(
            &args,
            Some(&editor),
            Some(b"rewritten in private".as_slice()),
        ),
        &args,
    );
    assert!(!marker.exists(), "$EDITOR ran for a private note");
    assert_eq!(j.text_of("note", 2), "rewritten in private");
    assert_eq!(j.version_of("note", 2), 2);
}

// ---------------------------------------------------------------------------
// delete

#[rstest]
#[case::meeting("meeting", 1)]
#[case::feedback("feedback", 1)]
#[case::note("note", 1)]
#[case::private_note("note", 2)]
#[case::action("action", 1)]
#[case::strength("strength", 1)]
#[case::experience("experience", 1)]
fn delete_removes_the_entry_and_leaves_a_tombstone(#[case] kind: &str, #[case] id: i64) {
    let j = filled();
    let t = table(kind);
    let uid: String = j
        .conn()
        .query_row(&format!("SELECT uid FROM {t} WHERE id = ?1"), [id], |r| {
            r.get(0)
        })
        .unwrap();
    let pair_uid = j.pair(1)["uid"].as_str().unwrap().to_owned();
    let rows_before = j.count(&format!("SELECT count(*) FROM {t}"));
    assert_eq!(j.count("SELECT count(*) FROM tombstone"), 0);

    let out = j.ok(&["delete", "ben", kind, &id.to_string(), "--yes"]);
    assert!(
        out.starts_with("Deleted ") && out.ends_with(&format!(" {id}.\n")),
        "{out}"
    );

    assert_eq!(
        j.count(&format!("SELECT count(*) FROM {t} WHERE id = {id}")),
        0
    );
    assert_eq!(
        j.count(&format!("SELECT count(*) FROM {t}")),
        rows_before - 1
    );
    assert_eq!(j.count("SELECT count(*) FROM tombstone"), 1);
    let (kind_stored, pair_stored): (String, String) = j
        .conn()
        .query_row(
            "SELECT kind, pair_uid FROM tombstone WHERE uid = ?1",
            [&uid],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(kind_stored, kind);
    assert_eq!(pair_stored, pair_uid);
    if let Some(what) = match kind {
        "meeting" => Some("meetings"),
        "feedback" => Some("feedback"),
        "note" => Some("notes"),
        "action" => Some("actions"),
        _ => None,
    } {
        assert!(j.items("1", what).iter().all(|e| e["uid"] != uid.as_str()));
        assert!(!j.items("2", what).is_empty(), "pair 2 lost its {what}");
    }

    // `candor undo` brings it back whole: its id, uid and text, no tombstone.
    let out = j.ok(&["undo"]);
    assert_eq!(
        out,
        format!("Restored {kind} {id} of Alex Morgan & Ben Okafor.\n")
    );
    assert_eq!(
        j.count(&format!(
            "SELECT count(*) FROM {t} WHERE id = {id} AND uid = '{uid}'"
        )),
        1
    );
    assert_eq!(j.count(&format!("SELECT count(*) FROM {t}")), rows_before);
    assert_eq!(j.count("SELECT count(*) FROM tombstone"), 0);
    // Once: then there is nothing left to undo, said in one sentence.
    let err = j.fails(&["undo"]);
    assert!(err.contains("nothing to undo"), "{err}");
}

#[rstest]
#[case::no_stdin(None)]
#[case::yes_on_a_pipe(Some("y\n"))]
fn delete_without_yes_and_without_a_terminal_refuses_at_once(#[case] stdin: Option<&str>) {
    let j = filled();
    let before = j.snapshot();
    let args = ["delete", "ben", "note", "1"];
    let out = j.exec(&args, None, stdin.map(str::as_bytes));
    let err = failed(&out, &args);
    assert!(err.contains("--yes"), "{err}");
    before.assert_same(&j.snapshot());
}

#[test]
fn delete_asks_at_a_terminal_and_only_y_deletes() {
    use crate::support::pty;
    let j = filled();
    let ask = |answer: &str| {
        let mut s = pty::Launch::new(crate::support::cli::BIN)
            .args([
                std::ffi::OsStr::new("--db"),
                j.db.as_os_str(),
                "delete".as_ref(),
                "ben".as_ref(),
                "note".as_ref(),
                "1".as_ref(),
            ])
            .env("CANDOR_CONFIG_DIR", j.path("cfg"))
            .env("CANDOR_NOW", NOW)
            .env_remove("CANDOR_DB")
            .env_remove("CANDOR_PASSPHRASE")
            .spawn();
        let screen = s.wait_for("the question", |t| t.contains("[y/N]"));
        assert!(
            screen.contains("Delete note 1 of Alex Morgan & Ben Okafor?"),
            "{screen}"
        );
        s.send(answer);
        let status = s.wait_exit(pty::DEADLINE);
        (status.exit_code(), s.text())
    };
    let (code, screen) = ask("\r");
    assert_ne!(code, 0, "{screen}");
    assert!(screen.contains("was not deleted"), "{screen}");
    assert_eq!(j.count("SELECT count(*) FROM note WHERE id = 1"), 1);
    let (code, screen) = ask("y\r");
    assert_eq!(code, 0, "{screen}");
    assert_eq!(j.count("SELECT count(*) FROM note WHERE id = 1"), 0);
}

#[test]
fn erasing_a_pair_leaves_nothing_to_undo() {
    let j = filled();
    j.ok(&["delete", "ben", "note", "1", "--yes"]);
    j.ok(&["pair", "delete", "dana", "--yes"]);
    let err = j.fails(&["undo"]);
    assert!(err.contains("nothing to undo"), "{err}");
    assert_eq!(j.count("SELECT count(*) FROM note WHERE id = 1"), 0);
}

// ---------------------------------------------------------------------------
// your own name, your role, the start

#[test]
fn your_own_name_is_asked_once_and_remembered_for_your_side() {
    let j = Journal::new();
    // Nothing remembered yet: one clear sentence, nothing written.
    let err = j.fails(&["pair", "add", "--mentee", "Ben Okafor"]);
    assert!(
        err.contains("your own name") && err.contains("--mentor"),
        "{err}"
    );
    assert!(!j.db.exists() || j.count("SELECT count(*) FROM pair") == 0);

    j.ok(&[
        "pair",
        "add",
        "--mentor",
        "Alex Morgan",
        "--mentee",
        "Ben Okafor",
    ]);
    let out = j.ok(&["pair", "add", "--mentee", "Cleo Park"]);
    assert!(out.contains("Alex Morgan mentors Cleo Park"), "{out}");
    // Mentored yourself: your name goes to the mentee's side.
    let out = j.ok(&["pair", "add", "--role", "mentee", "--mentor", "Dana Li"]);
    assert!(out.contains("Dana Li mentors Alex Morgan"), "{out}");
    // The other side is never guessed.
    let err = j.fails(&["pair", "add", "--role", "mentee"]);
    assert!(err.contains("--mentor"), "{err}");
    // A new name for your side is remembered from then on.
    j.ok(&[
        "pair",
        "add",
        "--mentor",
        "Alexandra Morgan",
        "--mentee",
        "Eve",
    ]);
    let out = j.ok(&["pair", "add", "--mentee", "Finn"]);
    assert!(out.contains("Alexandra Morgan mentors Finn"), "{out}");
}

#[test]
fn pair_edit_changes_your_role_and_the_start_and_the_names_stay_on_their_sides() {
    let j = two_pairs();
    let out = j.ok(&[
        "pair",
        "edit",
        "ben",
        "--role",
        "MENTEE",
        "--since",
        "2026-09-01",
    ]);
    assert!(out.contains("(you are the mentee)"), "{out}");
    let p = j.pair(1);
    assert_eq!(p["my_role"], "mentee");
    assert_eq!(p["started_on"], "2026-09-01");
    assert_eq!(
        p["mentor_name"], "Alex Morgan",
        "the mentor stays the mentor"
    );
    assert_eq!(p["mentee_name"], "Ben Okafor");
    assert_eq!(j.pair(2)["my_role"], "mentor");
}

#[rstest]
#[case::edit_wrong_kind(&["edit", "1", "goal", "1", "x"], "goal")]
#[case::edit_plural_nonsense(&["edit", "1", "feedbacks", "1", "x"], "feedbacks")]
#[case::edit_other_pairs_meeting(&["edit", "1", "meeting", "2", "x"], "meeting")]
#[case::edit_other_pairs_feedback(&["edit", "1", "feedback", "2", "x"], "feedback")]
#[case::edit_other_pairs_note(&["edit", "1", "note", "3", "x"], "note")]
#[case::edit_other_pairs_private_note(&["edit", "1", "note", "4", "x"], "note")]
#[case::edit_other_pairs_action(&["edit", "1", "action", "2", "x"], "action")]
#[case::edit_other_pairs_strength(&["edit", "1", "strength", "2", "x"], "strength")]
#[case::edit_other_pairs_experience(&["edit", "1", "experience", "2", "x ↔ y"], "experience")]
#[case::edit_unknown_meeting(&["edit", "1", "meeting", "99", "x"], "99")]
#[case::edit_unknown_note(&["edit", "1", "note", "99", "x"], "99")]
#[case::edit_unknown_experience(&["edit", "1", "experience", "99", "x"], "99")]
#[case::edit_unknown_pair(&["edit", "Zed", "note", "1", "x"], "Zed")]
#[case::delete_wrong_kind(&["delete", "1", "goal", "1"], "goal")]
#[case::delete_other_pairs_meeting(&["delete", "1", "meeting", "2"], "meeting")]
#[case::delete_other_pairs_feedback(&["delete", "1", "feedback", "2"], "feedback")]
#[case::delete_other_pairs_note(&["delete", "1", "note", "3"], "note")]
#[case::delete_other_pairs_action(&["delete", "1", "action", "2"], "action")]
#[case::delete_other_pairs_strength(&["delete", "1", "strength", "2"], "strength")]
#[case::delete_other_pairs_experience(&["delete", "1", "experience", "2"], "experience")]
#[case::delete_unknown_feedback(&["delete", "1", "feedback", "99"], "99")]
#[case::delete_unknown_action(&["delete", "1", "action", "99"], "99")]
#[case::delete_unknown_pair(&["delete", "Zed", "note", "1"], "Zed")]
fn a_bad_edit_or_delete_is_refused_and_changes_nothing(
    #[case] args: &[&str],
    #[case] mentioned: &str,
) {
    let j = filled();
    let before = j.snapshot();
    let err = j.fails(args);
    assert!(
        err.contains(mentioned),
        "error does not mention {mentioned}: {err}"
    );
    before.assert_same(&j.snapshot());
}

// ---------------------------------------------------------------------------
// Bad input: a clear error and nothing written

#[rstest]
#[case::meeting_month_13(&["meeting", "add", "1", "--at", "2026-13-01", "talked"], None, "2026-13-01")]
#[case::meeting_hour_25(&["meeting", "add", "1", "--at", "2026-11-20 25:00", "talked"], None, "25:00")]
#[case::meeting_words(&["meeting", "add", "1", "--at", "next friday", "talked"], None, "next friday")]
#[case::meeting_us_date(&["meeting", "add", "1", "--at", "11/20/2026", "talked"], None, "11/20/2026")]
#[case::feedback_bad_at(&["feedback", "add", "1", "--to", "mentor", "--at", "2026-11-31", "x"], None, "2026-11-31")]
#[case::due_tomorrow(&["action", "add", "1", "--owner", "mentor", "--due", "tomorrow", "x"], None, "tomorrow")]
#[case::due_no_such_day(&["action", "add", "1", "--owner", "mentor", "--due", "2026-02-30", "x"], None, "2026-02-30")]
#[case::due_with_time(&["action", "add", "1", "--owner", "mentor", "--due", "2026-12-01 10:00", "x"], None, "2026-12-01 10:00")]
#[case::owner_boss(&["action", "add", "1", "--owner", "boss", "x"], None, "boss")]
#[case::response_ignored(&["feedback", "add", "1", "--to", "mentor", "--response", "ignored", "x"], None, "ignored")]
#[case::direction_boss(&["feedback", "add", "1", "--to", "boss", "x"], None, "boss")]
#[case::feedback_empty(&["feedback", "add", "1", "--to", "mentor", ""], None, "feedback")]
#[case::feedback_blank(&["feedback", "add", "1", "--to", "mentee", " \t\n "], None, "feedback")]
#[case::feedback_no_text(&["feedback", "add", "1", "--to", "mentee"], None, "TEXT")]
#[case::feedback_empty_stdin(&["feedback", "add", "1", "--to", "mentor", "-"], Some(" \n"), "feedback")]
#[case::note_empty(&["note", "add", "1", ""], None, "note")]
#[case::note_blank(&["note", "add", "1", "   \n\t "], None, "note")]
#[case::note_empty_stdin(&["note", "add", "1", "-"], Some(""), "note")]
#[case::private_note_empty_stdin(&["note", "add", "1", "--private"], Some("\n\n"), "note")]
#[case::note_control_tag(&["note", "add", "1", "--tag", "a\u{7}b", "x"], None, "tag")]
#[case::action_empty(&["action", "add", "1", "--owner", "both", ""], None, "action")]
#[case::action_blank(&["action", "add", "1", "--owner", "both", "   "], None, "action")]
#[case::meeting_empty(&["meeting", "add", "1", ""], None, "meeting")]
#[case::meeting_nothing(&["meeting", "add", "1"], None, "meeting")]
#[case::meeting_blank_parts(&["meeting", "add", "1", "--agenda", " ", "--next-steps", "\n", " "], None, "meeting")]
#[case::meeting_empty_stdin(&["meeting", "add", "1", "-"], Some(""), "meeting")]
#[case::edit_note_empty(&["edit", "1", "note", "1", ""], None, "note")]
#[case::edit_note_blank_stdin(&["edit", "1", "note", "1", "-"], Some("  \n"), "note")]
#[case::edit_private_note_empty_stdin(&["edit", "1", "note", "2"], Some(""), "note")]
#[case::edit_feedback_blank(&["edit", "1", "feedback", "1", "  "], None, "feedback")]
#[case::edit_action_empty(&["edit", "1", "action", "1", ""], None, "action")]
#[case::edit_strength_blank(&["edit", "1", "strength", "1", " "], None, "strength")]
#[case::edit_experience_empty_challenge(&["edit", "1", "experience", "1", " ↔ x"], None, "challenge")]
#[case::edit_experience_empty_similar(&["edit", "1", "experience", "1", "x ↔  "], None, "similar")]
#[case::unknown_pair(&["note", "add", "nobody", "x"], None, "nobody")]
fn bad_input_is_refused_and_nothing_is_written(
    #[case] args: &[&str],
    #[case] stdin: Option<&str>,
    #[case] mentioned: &str,
) {
    let j = filled();
    let before = j.snapshot();
    let err = failed(&j.exec(args, None, stdin.map(str::as_bytes)), args);
    assert!(
        err.contains(mentioned),
        "error does not mention {mentioned:?}: {err}"
    );
    before.assert_same(&j.snapshot());
}

#[test]
fn a_note_over_ten_megabytes_is_refused() {
    let j = filled();
    let before = j.snapshot();
    let big = vec![b'a'; MAX_TEXT_BYTES + 1];
    assert_eq!(big.len(), 10 * 1024 * 1024 + 1);
    for args in [
        &["note", "add", "1", "-"][..],
        &["note", "add", "1", "--private"][..],
        &["edit", "1", "note", "1", "-"][..],
        &["edit", "1", "note", "2"][..],
        &["meeting", "add", "1", "-"][..],
        &["feedback", "add", "1", "--to", "mentor", "-"][..],
    ] {
        let err = failed(&j.exec(args, None, Some(&big)), args);
        assert!(err.contains(&MAX_TEXT_BYTES.to_string()), "{err}");
    }
    // The same text coming back from $EDITOR.
    let script = j.script(
        "huge-editor.sh",
        &format!(
            "for last; do :; done\nhead -c {} /dev/zero | tr '\\000' a > \"$last\"",
            MAX_TEXT_BYTES + 1
        ),
    );
    let editor = script.display().to_string();
    for args in [&["note", "add", "1"][..], &["edit", "1", "note", "1"][..]] {
        let err = failed(&j.exec(args, Some(&editor), None), args);
        assert!(err.contains(&MAX_TEXT_BYTES.to_string()), "{err}");
    }
    before.assert_same(&j.snapshot());
}

/// `n` bytes of ASCII in lines of up to 99 characters.
fn lines_of(n: usize) -> String {
    let mut s = String::with_capacity(n);
    let mut i = 0usize;
    while s.len() < n {
        let line = format!("line {i:07} {}\n", "x".repeat(i % 80));
        s.push_str(&line);
        i += 1;
    }
    s.truncate(n);
    s
}

/// `n` bytes on one line, without a newline.
fn one_line_of(n: usize) -> String {
    (0..n).map(|i| (b'a' + (i % 26) as u8) as char).collect()
}

#[rstest]
#[case::five_megabytes(lines_of(5 * 1024 * 1024))]
#[case::one_megabyte_line(one_line_of(1024 * 1024))]
#[case::exactly_ten_megabytes(lines_of(MAX_TEXT_BYTES))]
fn a_large_note_is_stored_and_listed_whole(#[case] text: String) {
    let j = two_pairs();
    j.ok_in(&["note", "add", "1", "-"], text.as_bytes());
    let stored: i64 = j.count("SELECT length(CAST(body AS BLOB)) FROM note WHERE id = 1");
    assert_eq!(stored, text.len() as i64);
    let notes = j.items("1", "notes");
    assert_eq!(notes.len(), 1);
    let body = notes[0]["body"].as_str().unwrap();
    assert!(
        body == text,
        "the listed note differs: {} bytes listed, {} stored",
        body.len(),
        text.len()
    );
    let human = j.ok(&["list", "1", "notes"]);
    let last_line = text.lines().last().unwrap();
    assert!(human.contains(last_line), "the human list lost the end");
    assert!(human.len() > text.len(), "the human list is cut short");
}

#[test]
fn escape_sequences_are_stored_exactly_and_never_shown_raw() {
    let j = two_pairs();
    j.ok(&[
        "meeting",
        "add",
        "1",
        "--agenda",
        HOSTILE,
        "--next-steps",
        HOSTILE,
        HOSTILE,
    ]);
    j.ok(&[
        "feedback",
        "add",
        "1",
        "--to",
        "mentor",
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
    j.ok(&["note", "add", "1", "--tag", "\u{202e}evil", HOSTILE]);
    j.ok_in(&["note", "add", "1", "--private"], HOSTILE.as_bytes());
    let out = j.ok(&[
        "action",
        "add",
        "1",
        "--owner",
        "both",
        "--due",
        "2026-11-01",
        HOSTILE,
    ]);
    assert_terminal_safe(&out);

    let m = &j.items("1", "meetings")[0];
    for field in ["agenda", "notes", "next_steps"] {
        assert_eq!(m[field], HOSTILE, "meeting {field}");
    }
    let f = &j.items("1", "feedback")[0];
    for field in ["body", "situation", "behaviour", "impact", "follow_up"] {
        assert_eq!(f[field], HOSTILE, "feedback {field}");
    }
    let notes = j.items("1", "notes");
    assert!(notes.iter().all(|n| n["body"] == HOSTILE));
    assert_eq!(notes[1]["tags"], serde_json::json!(["\u{202e}evil"]));
    assert_eq!(j.items("1", "actions")[0]["text"], HOSTILE);

    // The JSON escapes C0 controls: no raw ESC or BEL in it. (JSON does not
    // escape C1 or bidi characters, and the contract does not ask it to.)
    let raw = j.ok(&["list", "1", "notes", "--json", "--private"]);
    assert!(!raw.contains('\u{1b}') && !raw.contains('\u{7}'));

    let mut outputs = Vec::new();
    for what in ["meetings", "feedback", "notes", "actions"] {
        outputs.push(j.ok(&["list", "1", what, "--private"]));
    }
    outputs.push(j.ok(&["action", "done", "1", "1"]));
    outputs.push(j.ok(&["edit", "1", "note", "1", HOSTILE]));
    outputs.push(j.ok(&["pair", "list"]));
    for out in &outputs {
        for bad in ['\u{1b}', '\u{7}', '\u{9b}', '\u{202e}', '\r'] {
            assert!(
                !out.contains(bad),
                "U+{:04X} in output:\n{}",
                bad as u32,
                out.escape_debug()
            );
        }
        assert_terminal_safe(out);
    }
    // What is printable survives the cleaning.
    let notes = &outputs[2];
    assert!(notes.contains("ALERT"), "{notes}");
    assert!(notes.contains("second line 🚀 李"), "{notes}");
    assert!(notes.contains("txt.exe"), "{notes}");
    assert!(
        !notes.contains("pwned"),
        "the OSC title text leaked: {notes}"
    );
}

#[test]
fn an_error_quoting_escape_sequences_is_one_safe_line() {
    let j = filled();
    let before = j.snapshot();
    for args in [
        &[
            "action",
            "add",
            "1",
            "--owner",
            "both",
            "--due",
            "\u{1b}[31m2026\n\u{9b}2J",
            "x",
        ][..],
        &[
            "meeting",
            "add",
            "1",
            "--at",
            "\u{1b}]0;pwned\u{7}\u{202e}",
            "x",
        ][..],
        &["feedback", "add", "1", "--to", "\u{1b}[2Jboss\nline", "x"][..],
        &["list", "1", "\u{1b}[31mgoals\r\n"][..],
    ] {
        j.fails(args);
    }
    before.assert_same(&j.snapshot());
}

#[test]
fn standard_input_that_is_not_utf8_is_refused() {
    let j = filled();
    let before = j.snapshot();
    for args in [
        &["note", "add", "1", "-"][..],
        &["note", "add", "1", "--private"][..],
        &["feedback", "add", "1", "--to", "mentor", "-"][..],
        &["edit", "1", "note", "2"][..],
    ] {
        let err = failed(
            &j.exec(args, None, Some(b"ok \xff\xfe then".as_slice())),
            args,
        );
        assert!(err.contains("UTF-8"), "{err}");
    }
    before.assert_same(&j.snapshot());
}

/// Usage errors of the journal commands are one sentence too, and write nothing.
#[rstest]
#[case::id_not_a_number(&["action", "done", "1", "abc"], "abc")]
#[case::edit_without_id(&["edit", "1", "note"], "ID")]
#[case::delete_id_not_a_number(&["delete", "1", "note", "one"], "one")]
#[case::feedback_without_to(&["feedback", "add", "1", "x"], "--to")]
#[case::action_without_text(&["action", "add", "1", "--owner", "mentor"], "TEXT")]
#[case::action_without_owner(&["action", "add", "1", "x"], "--owner")]
#[case::tag_without_value(&["note", "add", "1", "--tag"], "--tag")]
#[case::list_without_what(&["list", "1"], "WHAT")]
#[case::at_without_value(&["meeting", "add", "1", "--at"], "--at")]
#[case::unknown_flag(&["note", "add", "1", "--secret", "x"], "--secret")]
#[case::pair_delete_with_a_value(&["pair", "delete", "1", "--yes=no"], "--yes")]
fn a_usage_error_is_one_line_and_writes_nothing(#[case] args: &[&str], #[case] mentioned: &str) {
    let j = filled();
    let before = j.snapshot();
    let err = j.fails(args);
    assert!(
        err.contains(mentioned),
        "error does not mention {mentioned}: {err}"
    );
    before.assert_same(&j.snapshot());
}

#[test]
fn strengths_and_experiences_are_listed_and_tick_the_checklist_they_belong_to() {
    let j = Journal::new();
    j.ok(&[
        "pair",
        "add",
        "--mentor",
        "Ana Ruiz",
        "--mentee",
        "Ben Okafor",
    ]);
    assert_eq!(j.ok(&["list", "Ben", "strengths"]), "No strengths yet.\n");
    assert_eq!(
        array(j.json(&["list", "Ben", "experiences", "--json"])).len(),
        0
    );

    let s = id_in(&j.ok(&[
        "strength",
        "add",
        "Ben",
        "--whose",
        "mentor",
        "Patient with questions",
    ]));
    j.ok(&[
        "experience",
        "add",
        "Ben",
        "--challenge",
        "The team ignores my estimates",
        "--similar",
        "My roadmap was overruled",
    ]);
    let listed = j.ok(&["list", "Ben", "strengths"]);
    assert!(
        listed.starts_with(&format!("#{s}  Ana Ruiz's strength")),
        "{listed}"
    );
    assert!(listed.contains("Patient with questions"), "{listed}");
    let strengths = array(j.json(&["list", "Ben", "strength", "--json"]));
    assert_eq!(strengths[0]["whose"], "mentor");
    assert_eq!(strengths[0]["text"], "Patient with questions");
    let experiences = array(j.json(&["list", "Ben", "experiences", "--json"]));
    assert_eq!(experiences[0]["challenge"], "The team ignores my estimates");
    assert_eq!(experiences[0]["similar"], "My roadmap was overruled");

    // The checklist says which entry ticked which item.
    let checklist = array(j.json(&["checklist", "Ben", "--json"]));
    let by_key = |key: &str| {
        checklist
            .iter()
            .find(|i| i["key"] == key)
            .cloned()
            .unwrap_or_default()
    };
    assert_eq!(by_key("strengths.mentor")["done"], true);
    assert_eq!(by_key("strengths.mentor")["from"]["kind"], "strength");
    assert_eq!(
        by_key("strengths.mentor")["from"]["uid"],
        strengths[0]["uid"]
    );
    assert_eq!(
        by_key("empathy.similar")["from"]["uid"],
        experiences[0]["uid"]
    );
    assert_eq!(by_key("strengths.mentee")["done"], false);
    assert!(by_key("strengths.mentee")["from"].is_null());
    let text = j.ok(&["checklist", "Ben"]);
    assert!(
        text.contains(&format!(
            "(from the record: strength #{s}, Patient with questions)"
        )),
        "{text}"
    );

    // Unticked by hand, it stays unticked, and says so as any item does.
    j.ok(&["check", "Ben", "strengths.mentor", "--undo"]);
    let after = array(j.json(&["checklist", "Ben", "--json"]));
    let mentor = after
        .iter()
        .find(|i| i["key"] == "strengths.mentor")
        .unwrap();
    assert_eq!(
        (mentor["done"].clone(), mentor["from"].clone()),
        (false.into(), Value::Null)
    );
}

#[test]
fn pair_close_keeps_a_closing_reflection_and_never_waits_without_a_terminal() {
    let j = Journal::new();
    j.ok(&[
        "pair",
        "add",
        "--mentor",
        "Ana Ruiz",
        "--mentee",
        "Ben Okafor",
    ]);
    j.ok(&[
        "pair",
        "add",
        "--mentor",
        "Ana Ruiz",
        "--mentee",
        "Cleo Park",
    ]);
    j.ok(&["pair", "add", "--mentor", "Ana Ruiz", "--mentee", "Dana Li"]);

    let out = j.ok(&[
        "pair",
        "close",
        "Ben",
        "--reflection",
        "What worked: starting from strengths.",
    ]);
    assert!(out.contains("closing reflection is note"), "{out}");
    let notes = array(j.json(&["list", "Ben", "notes", "--json"]));
    assert_eq!(notes[0]["body"], "What worked: starting from strengths.");
    assert_eq!(notes[0]["tags"], serde_json::json!(["closing"]));
    assert_eq!(notes[0]["private"], false);
    // It travels with the pair.
    let md = j.ok(&["export", "Ben", "--format", "md"]);
    assert!(md.contains("What worked: starting from strengths."), "{md}");

    // `-` reads it from standard input.
    j.ok_in(
        &["pair", "close", "Cleo", "--reflection", "-"],
        "We stay in touch.\n",
    );
    let notes = array(j.json(&["list", "Cleo", "notes", "--json"]));
    assert_eq!(notes[0]["body"], "We stay in touch.\n");

    // Without a terminal and without --reflection it closes at once, without one.
    let out = j.ok_in(&["pair", "close", "Dana"], "");
    assert!(out.contains("without a closing reflection"), "{out}");
    assert_eq!(array(j.json(&["list", "Dana", "notes", "--json"])).len(), 0);
    let statuses: Vec<String> = j
        .pairs()
        .iter()
        .map(|p| p["status"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(statuses, ["closed", "closed", "closed"]);

    // Closing a closed pair again is refused and adds nothing.
    let err = j.fails(&["pair", "close", "Ben", "--reflection", "again"]);
    assert!(err.contains("already closed"), "{err}");
    assert_eq!(array(j.json(&["list", "Ben", "notes", "--json"])).len(), 1);
}
