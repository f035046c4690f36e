//! The real `candor` binary meeting a person's day: `candor calendar` (an
//! iCalendar file read back by an independent parser, the `icalendar`
//! crate), `candor due` (what is late and due soon, the same as Home
//! says), `candor completions` and `candor man`. A fixed clock: Friday
//! 27 November 2026, 10:00 UTC.

#![allow(clippy::unwrap_used)]

use std::sync::Arc;

use chrono::NaiveDate;
use icalendar::{Calendar, CalendarComponent, Component, DatePerhapsTime};
use serde_json::Value;

use crate::support::cli::{Journal, NOW, array, id_in};
use crate::support::outcome::assert_terminal_safe;

use candor::clock::FixedClock;
use candor::store::Store;
use candor::template::Template;

/// Text a calendar must carry whole but never act on: commas, semicolons,
/// backslashes and line breaks (escaped), and escape sequences, a BEL, a
/// bidi override and a carriage return (removed).
const AWKWARD: &str = "Budget, scope; and C:\\plans\\q1\nsecond line";
const HOSTILE: &str = "red \u{1b}[31mALERT\u{1b}[0m title \u{1b}]0;pwned\u{7} bidi \u{202e}txt\u{202c} cr\r\nEND:VEVENT";

/// Words that live only in private text: they must never reach a calendar.
const CANARY_NOTE: &str = "CANARY-private-note-7f3a";
const CANARY_CHECKIN: &str = "CANARY-checkin-91bc";

fn journal() -> Journal {
    Journal::new().without_terminal().env("TZ", "UTC")
}

/// The journal filled with the sample pairs of `--demo`, at the test clock.
fn demo_journal() -> Journal {
    let j = journal();
    let clock = Arc::new(FixedClock::parse(NOW).unwrap());
    let mut store = Store::open(&j.db, clock).unwrap();
    candor::demo::fill(&mut store, &Template::built_in()).unwrap();
    j
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// What an iCalendar file must be before any parser is lenient about it:
/// CRLF line endings only, no line over 75 octets, continuation lines
/// starting with a space, no control character but the line ends, BEGIN and
/// END balanced. Returns the text unfolded, one property per line.
#[track_caller]
fn well_formed(ics: &str) -> Vec<String> {
    assert!(ics.ends_with("\r\n"), "{ics:?}");
    let body = &ics[..ics.len() - 2];
    let mut unfolded: Vec<String> = Vec::new();
    for line in body.split("\r\n") {
        assert!(
            !line.contains('\n') && !line.contains('\r'),
            "a bare line end: {line:?}"
        );
        assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
        assert!(
            !line.chars().any(|c| c.is_control()
                || ('\u{202a}'..='\u{202e}').contains(&c)
                || ('\u{2066}'..='\u{2069}').contains(&c)),
            "a control character: {line:?}"
        );
        match line.strip_prefix(' ') {
            Some(rest) => unfolded.last_mut().unwrap().push_str(rest),
            None => unfolded.push(line.to_owned()),
        }
    }
    let mut open = Vec::new();
    for line in &unfolded {
        if let Some(name) = line.strip_prefix("BEGIN:") {
            open.push(name.to_owned());
        } else if let Some(name) = line.strip_prefix("END:") {
            assert_eq!(open.pop().as_deref(), Some(name), "unbalanced END:{name}");
        }
    }
    assert!(open.is_empty(), "left open: {open:?}");
    assert_eq!(
        unfolded.first().map(String::as_str),
        Some("BEGIN:VCALENDAR")
    );
    unfolded
}

/// The calendar as the independent parser reads it.
fn parse(ics: &str) -> Calendar {
    ics.parse::<Calendar>()
        .unwrap_or_else(|e| panic!("not iCalendar: {e}\n{ics}"))
}

fn events(cal: &Calendar) -> Vec<&icalendar::Event> {
    cal.components
        .iter()
        .filter_map(|c| match c {
            CalendarComponent::Event(e) => Some(e),
            _ => None,
        })
        .collect()
}

fn todos(cal: &Calendar) -> Vec<&icalendar::Todo> {
    cal.components
        .iter()
        .filter_map(|c| match c {
            CalendarComponent::Todo(t) => Some(t),
            _ => None,
        })
        .collect()
}

#[test]
fn the_demo_journal_as_a_calendar_reads_back_in_an_independent_parser() {
    let j = demo_journal();
    let ics = j.ok(&["calendar"]);
    well_formed(&ics);
    let cal = parse(&ics);
    assert_eq!(cal.property_value("VERSION"), Some("2.0"));
    // One meeting is planned (with Dana, in 11 days); two action items
    // are open with a due date (one late); the done one is not there.
    let events = events(&cal);
    let todos = todos(&cal);
    assert_eq!((events.len(), todos.len()), (1, 2), "{ics}");
    let e = events[0];
    assert_eq!(e.get_summary(), Some("Mentoring: Dana Li & Ana Ruiz"));
    assert_eq!(
        e.get_description(),
        Some("Agenda:\nHow the conversation with the platform team went")
    );
    assert_eq!(
        e.get_start(),
        Some(DatePerhapsTime::DateTime(icalendar::CalendarDateTime::Utc(
            "2026-12-08T10:00:00Z".parse().unwrap()
        )))
    );
    let meetings = array(j.json(&["list", "dana", "meetings", "--json"]));
    let planned = meetings
        .iter()
        .find(|m| m["held_at"] == "2026-12-08T10:00:00Z")
        .unwrap();
    assert_eq!(
        e.get_uid(),
        Some(format!("{}@candor", planned["uid"].as_str().unwrap()).as_str())
    );
    let summaries: Vec<_> = todos.iter().map(|t| t.get_summary().unwrap()).collect();
    assert_eq!(
        summaries,
        [
            "Write down the last three estimates and what happened",
            "Introduce Ben to the planning lead"
        ]
    );
    assert_eq!(
        todos[0].get_due(),
        Some(DatePerhapsTime::Date(day(2026, 11, 24)))
    );
    assert_eq!(
        todos[1].get_description(),
        Some("Action item for the mentor, Ana Ruiz — Mentoring: Ana Ruiz & Ben Okafor.")
    );
    // The demo's private note and its check-ins stay out.
    for private in [
        "right mentor for the people side",
        "He still calls me",
        "architecture she let ship",
    ] {
        assert!(!ics.contains(private), "{private:?} in\n{ics}");
    }
}

/// A pair with a planned meeting and an action item of awkward and hostile
/// text, a meeting held, a done action item, and private text beside them.
fn awkward_journal() -> Journal {
    let j = journal();
    j.ok(&[
        "pair",
        "add",
        "--mentor",
        "Ana Ruiz",
        "--mentee",
        "Ben, \"the\"; Okafor",
        "--since",
        "2026-10-02",
    ]);
    j.ok(&[
        "meeting",
        "add",
        "ben",
        "--at",
        "2026-12-03 15:00",
        "--agenda",
        AWKWARD,
        HOSTILE,
    ]);
    j.ok(&[
        "meeting",
        "add",
        "ben",
        "--at",
        "2026-11-20 15:00",
        "held already",
    ]);
    j.ok(&[
        "action",
        "add",
        "ben",
        "--owner",
        "mentee",
        "--due",
        "2026-12-04",
        HOSTILE,
    ]);
    let done = j.ok(&[
        "action",
        "add",
        "ben",
        "--owner",
        "both",
        "--due",
        "2026-12-01",
        "done one",
    ]);
    j.ok(&["action", "done", "ben", &id_in(&done).to_string()]);
    j.ok(&["action", "add", "ben", "--owner", "both", "no due date"]);
    j.ok(&["note", "add", "ben", "--private", CANARY_NOTE]);
    j.ok(&["note", "add", "ben", "--tag", "next", "a shared note"]);
    j.ok(&[
        "checkin",
        "add",
        "ben",
        "--trust",
        "4",
        "--helped",
        CANARY_CHECKIN,
    ]);
    j
}

#[test]
fn awkward_text_round_trips_hostile_text_is_defused_and_private_text_never_appears() {
    let j = awkward_journal();
    let ics = j.ok(&["calendar"]);
    for canary in [CANARY_NOTE, CANARY_CHECKIN] {
        assert!(!ics.contains(canary), "{canary} in\n{ics}");
    }
    let unfolded = well_formed(&ics);
    // The hostile "\r\nEND:VEVENT" is text in a property, never a line of its own.
    assert_eq!(
        unfolded
            .iter()
            .filter(|l| l.as_str() == "END:VEVENT")
            .count(),
        1,
        "{unfolded:#?}"
    );
    let cal = parse(&ics);
    let (events, todos) = (events(&cal), todos(&cal));
    assert_eq!((events.len(), todos.len()), (1, 1), "{ics}");
    let e = events[0];
    assert_eq!(
        e.get_summary(),
        Some("Mentoring: Ana Ruiz & Ben, \"the\"; Okafor")
    );
    assert_eq!(
        e.get_description(),
        Some(
            "Agenda:\nBudget, scope; and C:\\plans\\q1\nsecond line\n\n\
             Notes:\nred ALERT title  bidi txt cr\nEND:VEVENT"
        )
    );
    let t = todos[0];
    assert_eq!(
        t.get_summary(),
        Some("red ALERT title bidi txt cr END:VEVENT")
    );
    assert_eq!(t.get_due(), Some(DatePerhapsTime::Date(day(2026, 12, 4))));
    assert_eq!(t.property_value("STATUS"), Some("NEEDS-ACTION"));
}

#[test]
fn the_same_journal_gives_the_same_file_and_an_edit_is_a_new_sequence_of_the_same_uid() {
    let j = awkward_journal();
    let first = j.ok(&["calendar"]);
    assert_eq!(j.ok(&["calendar"]), first, "two runs differ");
    let meeting = array(j.json(&["list", "ben", "meetings", "--json"]))
        .into_iter()
        .find(|m| m["held_at"] == "2026-12-03T15:00:00Z")
        .unwrap();
    let uid = format!("{}@candor", meeting["uid"].as_str().unwrap());
    let event = |ics: &str| {
        let cal = parse(ics);
        let e = events(&cal)[0].clone();
        (
            e.get_uid().unwrap().to_owned(),
            e.get_sequence(),
            e.get_description().unwrap().to_owned(),
        )
    };
    let (before_uid, before_seq, _) = event(&first);
    assert_eq!((before_uid.as_str(), before_seq), (uid.as_str(), Some(0)));
    j.ok(&[
        "edit",
        "ben",
        "meeting",
        &meeting["id"].to_string(),
        "what we will say",
    ]);
    let (after_uid, after_seq, description) = event(&j.ok(&["calendar"]));
    assert_eq!(after_uid, uid, "re-importing must update the same event");
    assert_eq!(after_seq, Some(1));
    assert!(
        description.ends_with("Notes:\nwhat we will say"),
        "{description}"
    );
}

#[test]
fn a_calendar_file_is_written_whole_but_never_over_the_journal() {
    let j = awkward_journal();
    let journal_bytes = std::fs::read(&j.db).unwrap();
    let db = j.db.to_str().unwrap();
    let err = j.fails(&["calendar", "-o", db, "--force"]);
    assert!(err.contains("is the journal"), "{err}");
    let wal = format!("{db}-wal");
    let err = j.fails(&["calendar", "-o", &wal, "--force"]);
    assert!(err.contains("write-ahead log"), "{err}");
    assert_eq!(std::fs::read(&j.db).unwrap(), journal_bytes);

    let file = j.path("mentoring.ics");
    let path = file.to_str().unwrap();
    let said = j.ok(&["calendar", "-o", path]);
    assert!(
        said.starts_with("Wrote ") && said.ends_with(": 1 meeting and 1 action item.\n"),
        "{said}"
    );
    assert_eq!(crate::support::cli::mode(&file), 0o600);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), j.ok(&["calendar"]));
    let err = j.fails(&["calendar", "-o", path]);
    assert!(
        err.contains("exists already") && err.contains("--force"),
        "{err}"
    );
    j.ok(&["calendar", "-o", path, "--force"]);
}

#[test]
fn a_calendar_of_one_pair_holds_only_that_pair() {
    let j = awkward_journal();
    j.ok(&[
        "pair",
        "add",
        "--mentor",
        "Ana Ruiz",
        "--mentee",
        "Cleo Park",
    ]);
    j.ok(&[
        "meeting",
        "add",
        "cleo",
        "--at",
        "2026-12-10 09:30",
        "--agenda",
        "Code review",
        "x",
    ]);
    let all = parse(&j.ok(&["calendar"]));
    assert_eq!(events(&all).len(), 2);
    let cleo = parse(&j.ok(&["calendar", "--pair", "cleo"]));
    let (events, todos) = (events(&cleo), todos(&cleo));
    assert_eq!((events.len(), todos.len()), (1, 0));
    assert_eq!(
        events[0].get_summary(),
        Some("Mentoring: Ana Ruiz & Cleo Park")
    );
    let err = j.fails(&["calendar", "--pair", "nobody"]);
    assert_terminal_safe(&err);
}

#[test]
fn a_calendar_of_an_empty_journal_is_an_empty_calendar_and_a_missing_one_is_an_error() {
    let j = journal().created();
    let ics = j.ok(&["calendar"]);
    well_formed(&ics);
    let cal = parse(&ics);
    assert!(cal.components.is_empty());
    let missing = j.path("nowhere.db");
    let out = j.on(&missing).arg("calendar").output().unwrap();
    assert!(!out.status.success());
    assert!(
        !missing.exists(),
        "a command that only reads created a journal"
    );
}

/// Ben: met on the 5th, every 14 days (so a meeting was due on the 19th),
/// an action item 3 days late, one due in 5 days, one in 23 days, one
/// done; a goal 2 days late. Cleo: a meeting planned on Sunday. Dana:
/// paused, long past her cadence (a paused pair is due nothing).
fn due_journal() -> Journal {
    let j = journal();
    j.ok(&[
        "pair",
        "add",
        "--mentor",
        "Ana Ruiz",
        "--mentee",
        "Ben Okafor",
        "--since",
        "2026-10-02",
        "--cadence",
        "14",
    ]);
    j.ok(&[
        "pair",
        "add",
        "--mentor",
        "Ana Ruiz",
        "--mentee",
        "Cleo Park",
        "--since",
        "2026-11-20",
    ]);
    j.ok(&[
        "pair",
        "add",
        "--mentor",
        "Ana Ruiz",
        "--mentee",
        "Dana Li",
        "--since",
        "2026-06-01",
        "--cadence",
        "7",
    ]);
    j.ok(&["pair", "pause", "dana"]);
    j.ok(&[
        "meeting",
        "add",
        "ben",
        "--at",
        "2026-11-05 10:00",
        "First talk",
    ]);
    j.ok(&[
        "action",
        "add",
        "ben",
        "--owner",
        "mentee",
        "--due",
        "2026-11-24",
        "Send the estimates",
    ]);
    j.ok(&[
        "action",
        "add",
        "ben",
        "--owner",
        "mentor",
        "--due",
        "2026-12-02",
        "Send the draft",
    ]);
    j.ok(&[
        "action",
        "add",
        "ben",
        "--owner",
        "both",
        "--due",
        "2026-12-20",
        "Plan the offsite",
    ]);
    let done = j.ok(&[
        "action",
        "add",
        "ben",
        "--owner",
        "both",
        "--due",
        "2026-11-20",
        "Done",
    ]);
    j.ok(&["action", "done", "ben", &id_in(&done).to_string()]);
    j.ok(&[
        "goal",
        "add",
        "ben",
        "--due",
        "2026-11-25",
        "Review a design",
    ]);
    j.ok(&[
        "meeting",
        "add",
        "cleo",
        "--at",
        "2026-11-29 15:00",
        "--agenda",
        "Code review\nmore",
        "x",
    ]);
    j
}

#[test]
fn due_lists_what_is_late_first_then_what_is_due_within_a_week() {
    let j = due_journal();
    let out = j.ok(&["due"]);
    assert_eq!(
        out,
        "\
2026-11-19  8 days late  Ben Okafor  meeting  none planned; last met 22 days ago, agreed every 14 days
2026-11-24  3 days late  Ben Okafor  action   Send the estimates · mentee
2026-11-25  2 days late  Ben Okafor  goal     Review a design · 0%
2026-11-29  in 2 days    Cleo Park   meeting  15:00 · Code review
2026-12-02  in 5 days    Ben Okafor  action   Send the draft · mentor
"
    );
    let longer = j.ok(&["due", "--within", "30"]);
    assert!(
        longer.ends_with("2026-12-20  in 23 days   Ben Okafor  action   Plan the offsite · both\n"),
        "{longer}"
    );
    assert_eq!(j.ok(&["due", "--within", "0"]).lines().count(), 3);
}

#[test]
fn due_as_json_has_the_same_keys_in_every_object() {
    let j = due_journal();
    let rows = array(j.json(&["due", "--json"]));
    assert_eq!(rows.len(), 5);
    let keys = |v: &Value| {
        let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
        k.sort();
        k
    };
    for row in &rows {
        assert_eq!(
            keys(row),
            [
                "at", "days", "id", "kind", "late", "on", "owner", "pair", "pair_id", "planned",
                "progress", "text", "uid"
            ]
        );
    }
    assert_eq!(rows[0]["kind"], "meeting");
    assert_eq!(rows[0]["planned"], false);
    assert_eq!(rows[0]["days"], -8);
    assert_eq!(rows[0]["late"], true);
    assert_eq!(rows[0]["id"], Value::Null);
    assert_eq!(rows[1]["owner"], "mentee");
    assert_eq!(rows[1]["text"], "Send the estimates");
    assert_eq!(rows[2]["progress"], 0);
    assert_eq!(rows[3]["at"], "2026-11-29T15:00:00Z");
    assert_eq!(rows[3]["text"], "Code review\nmore");
    assert_eq!(rows[3]["planned"], true);
    assert_eq!(rows[4]["late"], false);
    assert_eq!(rows[4]["days"], 5);
}

#[test]
fn due_check_exits_1_when_something_is_late_and_says_nothing_more() {
    let j = due_journal();
    let plain = j.ok(&["due"]);
    let out = j.run(&["due", "--check"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(String::from_utf8(out.stdout).unwrap(), plain);
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let quiet = j.run(&["due", "--check", "-q"]);
    assert_eq!(quiet.status.code(), Some(1));
    assert!(quiet.stdout.is_empty() && quiet.stderr.is_empty());

    // Nothing late: status 0, the lines still printed.
    let calm = journal();
    calm.ok(&[
        "pair",
        "add",
        "--mentor",
        "Ana Ruiz",
        "--mentee",
        "Eve Stone",
    ]);
    calm.ok(&[
        "action",
        "add",
        "eve",
        "--owner",
        "mentee",
        "--due",
        "2026-11-30",
        "Read",
    ]);
    let out = calm.ok(&["due", "--check"]);
    assert_eq!(
        out,
        "2026-11-30  in 3 days  Eve Stone  action  Read · mentee\n"
    );
    assert_eq!(calm.ok(&["due", "--check", "--quiet"]), "");
}

#[test]
fn due_says_what_home_says() {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let j = demo_journal();
    let rows = array(j.json(&["due", "--json"]));
    let clock = Arc::new(FixedClock::parse(NOW).unwrap());
    let store = Store::open(&j.db, clock).unwrap();
    let mut app = candor::app::App::new(
        store,
        Template::built_in(),
        candor::keymap::Keymap::built_in(),
    );
    let _ = app.handle_key(KeyEvent::new(KeyCode::Char('0'), KeyModifiers::NONE));
    let candor::app::Right::Home(home) = &app.state.right else {
        panic!("not home")
    };
    use candor::domain::Due;
    let from_home: Vec<(String, i64, String)> = home
        .late
        .iter()
        .chain(&home.this_week)
        .map(|d| {
            let kind = match d {
                Due::Meeting { .. } => "meeting",
                Due::Action(_) => "action",
                Due::Goal(_) => "goal",
            };
            (kind.to_owned(), d.pair_id(), d.on().to_string())
        })
        .collect();
    let from_cli: Vec<(String, i64, String)> = rows
        .iter()
        .filter(|r| r["planned"] != false)
        .map(|r| {
            (
                r["kind"].as_str().unwrap().to_owned(),
                r["pair_id"].as_i64().unwrap(),
                r["on"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert!(!from_home.is_empty());
    assert_eq!(from_cli, from_home);
    // And the pair Home and the pair list call overdue for a meeting is
    // the one whose cadence line is late.
    let overdue: Vec<i64> = app
        .state
        .pairs
        .pairs
        .iter()
        .filter(|p| p.is_overdue(app.state.today, &*app.state.clock))
        .map(|p| p.pair.id)
        .collect();
    let by_cadence: Vec<i64> = rows
        .iter()
        .filter(|r| r["planned"] == false && r["late"] == true)
        .map(|r| r["pair_id"].as_i64().unwrap())
        .collect();
    assert_eq!(by_cadence, overdue);
    assert_eq!(overdue.len(), 1);
}

#[test]
fn due_reads_no_journal_that_is_not_there_and_refuses_a_bad_window() {
    let j = journal();
    let err = j.fails(&["due"]);
    assert!(err.contains("there is no journal"), "{err}");
    assert!(!j.db.exists());
    let j = journal().created();
    assert_eq!(j.ok(&["due"]), "");
    assert_eq!(j.ok(&["due", "--json"]).trim(), "[]");
    let err = j.fails(&["due", "--within=-3"]);
    assert!(err.contains("--within"), "{err}");
    let err = j.fails(&["due", "--within", "soon"]);
    assert!(err.contains("--within"), "{err}");
}

#[test]
fn completion_scripts_name_the_commands_and_need_no_journal() {
    let j = journal();
    // How each shell's script names a command it completes.
    type NamesCommand = fn(&str, &str) -> bool;
    let names: [(&str, &str, NamesCommand); 3] = [
        ("bash", "complete -F", |script, c| {
            script.contains(&format!("candor,{c})"))
        }),
        ("zsh", "#compdef candor", |script, c| {
            script.lines().any(|l| l.trim() == format!("({c})"))
        }),
        ("fish", "complete -c candor", |script, c| {
            script.contains(&format!("__fish_candor_needs_command\" -f -a \"{c}\""))
        }),
    ];
    for (shell, marker, names_command) in names {
        let script = j.ok(&["completions", shell]);
        assert!(script.contains(marker), "{shell}: no {marker:?}");
        for command in ["calendar", "due", "pair", "export", "completions", "man"] {
            assert!(names_command(&script, command), "{shell}: no {command}");
        }
    }
    assert!(!j.db.exists(), "completions created a journal");
    let err = j.fails(&["completions", "tcsh"]);
    assert!(err.contains("tcsh"), "{err}");
}

#[test]
fn the_manual_page_is_roff_with_a_name_section() {
    let j = journal();
    let page = j.ok(&["man"]);
    assert!(!j.db.exists(), "man created a journal");
    let lines: Vec<&str> = page.lines().collect();
    let th = lines.iter().position(|l| l.starts_with(".TH ")).unwrap();
    // Before the title only requests (clap_mangen defines the apostrophe string).
    assert!(
        lines[..th].iter().all(|l| l.starts_with('.')),
        "before .TH: {:?}",
        &lines[..th]
    );
    assert!(lines[th].starts_with(".TH candor 1"), "{}", lines[th]);
    let name = lines.iter().position(|l| *l == ".SH NAME").unwrap();
    assert!(
        lines[name + 1].starts_with("candor \\- "),
        "{}",
        lines[name + 1]
    );
    for section in [
        ".SH SYNOPSIS",
        ".SH DESCRIPTION",
        ".SH OPTIONS",
        ".SH COMMANDS",
        ".SH ENVIRONMENT",
    ] {
        assert!(lines.contains(&section), "no {section}");
    }
    // Every command has its part, with its synopsis and options.
    for command in [
        "calendar",
        "due",
        "completions",
        "man",
        "pair add",
        "note add",
    ] {
        let heading = format!(".SS \"candor {command}\"");
        let at = lines
            .iter()
            .position(|l| *l == heading)
            .unwrap_or_else(|| panic!("no {heading}"));
        assert!(
            lines[at + 1].starts_with(&format!("\\fBcandor {command}\\fR")),
            "{}",
            lines[at + 1]
        );
    }
    let due = page.split(".SS \"candor due\"").nth(1).unwrap();
    let due = due.split(".SS ").next().unwrap();
    assert!(
        due.contains("\\fB\\-\\-within\\fR") && due.contains("\\fB\\-\\-check\\fR"),
        "{due}"
    );
    assert!(
        !due.contains("\\-\\-db"),
        "the global flags are said once, at the top: {due}"
    );
    // Every line that starts with a dot is a request roff knows.
    for line in lines.iter().filter(|l| l.starts_with('.')) {
        let request = line.split_whitespace().next().unwrap();
        assert!(
            [
                ".TH", ".SH", ".SS", ".TP", ".PP", ".B", ".I", ".IP", ".RS", ".RE", ".br", ".ie",
                ".el", ".\\\"", ".nh", ".ad", ".fi", ".nf", ".sp"
            ]
            .contains(&request),
            "unknown request {request:?} in {line:?}"
        );
    }
    // Where groff is installed, it formats the page without a warning.
    if let Ok(mut groff) = std::process::Command::new("groff")
        .args(["-man", "-Tutf8", "-ww", "-z"])
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
    {
        use std::io::Write;
        groff
            .stdin
            .take()
            .unwrap()
            .write_all(page.as_bytes())
            .unwrap();
        let out = groff.wait_with_output().unwrap();
        assert!(out.status.success());
        assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    }
}

#[test]
fn a_command_after_demo_runs_on_a_throwaway_journal_of_the_sample_pairs() {
    let j = journal();
    let tmp = j.path("tmp");
    std::fs::create_dir(&tmp).unwrap();
    let run = |args: &[&str]| {
        let out = j
            .bare()
            .env("TMPDIR", &tmp)
            .arg("--demo")
            .args(args)
            .output()
            .unwrap();
        crate::support::outcome::succeeded(&out, args)
    };
    assert_eq!(
        run(&["due"]),
        "\
2026-11-22  5 days late  Ben Okafor  meeting  none planned; last met 19 days ago, agreed every 14 days
2026-11-24  3 days late  Ben Okafor  action   Write down the last three estimates and what happened · mentee
2026-11-25  2 days late  Ben Okafor  goal     Review a design without taking it over · 30%
2026-12-02  in 5 days    Ben Okafor  action   Introduce Ben to the planning lead · mentor
"
    );
    let cal = parse(&run(&["calendar"]));
    assert_eq!((events(&cal).len(), todos(&cal).len()), (1, 2));
    // The throwaway journal is gone, and no journal was made anywhere else.
    assert_eq!(std::fs::read_dir(&tmp).unwrap().count(), 0);
    assert!(!j.db.exists());
}

#[test]
fn due_lists_at_most_a_thousand_action_items_and_says_so_on_standard_error() {
    let j = journal();
    j.ok(&[
        "pair",
        "add",
        "--mentor",
        "Ana Ruiz",
        "--mentee",
        "Ben Okafor",
    ]);
    j.conn()
        .execute_batch(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1001)
             INSERT INTO action_item (uid, pair_id, owner, text, due_on, created_at, updated_at)
             SELECT 'late-' || i, 1, 'mentee', 'Late ' || i, '2026-10-' || printf('%02d', 1 + i % 28),
                    '2026-09-01T00:00:00Z', '2026-09-01T00:00:00Z' FROM n;",
        )
        .unwrap();
    let out = j.run(&["due", "--check"]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 1000);
    assert!(stdout.starts_with("2026-10-01  57 days late"), "{stdout}");
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "candor: more than 1,000 action items are due; the first 1,000 by date are listed\n"
    );
}
