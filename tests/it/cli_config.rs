//! The config file, `config.toml` in the config folder, through the real
//! binary: `candor config path|show`, a file that cannot be used (one
//! sentence naming the file, the line and the key; the command still runs,
//! with the defaults), the flag over the environment over the file, and
//! what the settings change (dates in lists, the editor command, the sync
//! folder, the weeks of the meetings chart).

#![allow(clippy::unwrap_used)]

use std::path::PathBuf;
use std::process::Output;
use std::sync::Arc;

use rstest::rstest;

use crate::support::cli::{Journal, NOW};

fn journal() -> Journal {
    Journal::new()
        .without_terminal()
        .env("TZ", "UTC")
        .env_remove("NO_COLOR")
        .env_remove("CANDOR_LOCK_AFTER_SECS")
        .env_remove("CANDOR_AUTOSAVE_SECS")
}

fn config_file(j: &Journal) -> PathBuf {
    j.path("cfg").join("config.toml")
}

fn write_config(j: &Journal, text: &str) -> PathBuf {
    std::fs::create_dir_all(j.path("cfg")).unwrap();
    let file = config_file(j);
    std::fs::write(&file, text).unwrap();
    file
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

/// The rows of `config show` after its first line: key, value, origin.
fn shown(out: &str) -> Vec<(String, String, String)> {
    out.lines()
        .skip(1)
        .map(|l| {
            let mut parts = l.splitn(2, "  ");
            let key = parts.next().unwrap().trim().to_owned();
            let rest = parts.next().unwrap().trim_start();
            let (value, origin) = rest.split_once("  ").unwrap();
            (key, value.trim().to_owned(), origin.trim().to_owned())
        })
        .collect()
}

fn row(rows: &[(String, String, String)], key: &str) -> (String, String) {
    let (_, value, origin) = rows.iter().find(|r| r.0 == key).unwrap();
    (value.clone(), origin.clone())
}

#[test]
fn config_path_names_the_file_and_says_when_there_is_none() {
    let j = journal();
    let out = j.bare().args(["config", "path"]).output().unwrap();
    assert!(out.status.success());
    assert_eq!(
        text(&out.stdout),
        format!("{}\n", config_file(&j).display())
    );
    assert_eq!(
        text(&out.stderr),
        "candor: there is no file there yet; candor runs with the default settings\n"
    );
    write_config(&j, "");
    let out = j.bare().args(["config", "path"]).output().unwrap();
    assert_eq!(
        text(&out.stdout),
        format!("{}\n", config_file(&j).display())
    );
    assert_eq!(text(&out.stderr), "", "a file that is there needs no note");
}

#[test]
fn config_show_without_a_file_is_every_default() {
    let j = journal();
    let out = j.bare().args(["config", "show"]).output().unwrap();
    assert!(out.status.success());
    assert_eq!(text(&out.stderr), "");
    let out = text(&out.stdout);
    assert_eq!(
        out.lines().next().unwrap(),
        format!("config file: {} (not there)", config_file(&j).display())
    );
    let expected = [
        ("date_format", "%Y-%m-%d"),
        ("week_start", "monday"),
        ("default_pair", "(none)"),
        ("editor", "(none)"),
        ("color", "auto"),
        ("idle_lock_minutes", "5"),
        ("autosave_seconds", "3"),
        ("sync_folder", "(none)"),
    ];
    let rows = shown(&out);
    assert_eq!(rows.len(), expected.len(), "{out}");
    for (key, value) in expected {
        assert_eq!(row(&rows, key), (value.to_owned(), "default".to_owned()));
    }
}

#[test]
fn the_flag_beats_the_environment_which_beats_the_file() {
    let j = journal();
    write_config(
        &j,
        "# mine\ncolor = \"always\"\nidle_lock_minutes = 10\nautosave_seconds = 7\neditor = \"nano\"\nweek_start = \"sunday\"\n",
    );
    let show = |env: &[(&str, &str)], flags: &[&str]| {
        let mut cmd = j.bare();
        cmd.args(flags)
            .args(["config", "show"])
            .envs(env.iter().copied());
        let out = cmd.output().unwrap();
        assert!(out.status.success(), "{}", text(&out.stderr));
        assert_eq!(text(&out.stderr), "");
        shown(&text(&out.stdout))
    };
    // The file over the defaults, each with its line.
    let rows = show(&[], &[]);
    assert_eq!(
        row(&rows, "color"),
        ("always".into(), "config file, line 2".into())
    );
    assert_eq!(
        row(&rows, "idle_lock_minutes"),
        ("10".into(), "config file, line 3".into())
    );
    assert_eq!(
        row(&rows, "autosave_seconds"),
        ("7".into(), "config file, line 4".into())
    );
    assert_eq!(
        row(&rows, "editor"),
        ("nano".into(), "config file, line 5".into())
    );
    assert_eq!(
        row(&rows, "week_start"),
        ("sunday".into(), "config file, line 6".into())
    );
    assert_eq!(
        row(&rows, "date_format"),
        ("%Y-%m-%d".into(), "default".into())
    );
    // The environment over the file.
    let env = [
        ("NO_COLOR", "1"),
        ("CANDOR_LOCK_AFTER_SECS", "90"),
        ("CANDOR_AUTOSAVE_SECS", "2"),
        ("EDITOR", "vi -n"),
    ];
    let rows = show(&env, &[]);
    assert_eq!(
        row(&rows, "color"),
        ("never".into(), "environment NO_COLOR".into())
    );
    assert_eq!(
        row(&rows, "idle_lock_minutes"),
        (
            "90 seconds".into(),
            "environment CANDOR_LOCK_AFTER_SECS".into()
        )
    );
    assert_eq!(
        row(&rows, "autosave_seconds"),
        ("2".into(), "environment CANDOR_AUTOSAVE_SECS".into())
    );
    assert_eq!(
        row(&rows, "editor"),
        ("vi -n".into(), "environment EDITOR".into())
    );
    assert_eq!(
        row(&rows, "week_start"),
        ("sunday".into(), "config file, line 6".into())
    );
    // The flag over the environment.
    let rows = show(&env, &["--color", "always"]);
    assert_eq!(
        row(&rows, "color"),
        ("always".into(), "flag --color".into())
    );
    let rows = show(&[], &["--color", "never"]);
    assert_eq!(row(&rows, "color"), ("never".into(), "flag --color".into()));
}

/// A file that cannot be used: the sentence each command says on stderr.
#[rstest]
#[case::unknown_key(
    "color = \"auto\"\ncolour = \"never\"\n",
    "line 2: unknown key 'colour' (candor config show lists the keys)"
)]
#[case::a_word_for_minutes(
    "idle_lock_minutes = \"soon\"\n",
    "line 1: idle_lock_minutes must be a whole number of minutes from 1 to 1440, not \"soon\""
)]
#[case::a_day_that_starts_no_week(
    "date_format = \"%d.%m.%Y\"\n\nweek_start = \"tuesday\"\n",
    "line 3: week_start must be \"monday\" or \"sunday\", not \"tuesday\""
)]
#[case::a_time_for_a_date(
    "date_format = \"%H:%M\"\n",
    "line 1: date_format must be a date format of date fields such as \"%d.%m.%Y\" or \"%-d %b %Y\", not \"%H:%M\""
)]
#[case::an_open_quote_in_the_editor(
    "editor = \"'/opt/My Editor/edit --wait\"\n",
    "line 1: editor must be a command such as \"nano\" or \"'/opt/My Editor/edit' --wait\" (quotes closed), not \"'/opt/My Editor/edit --wait\""
)]
#[case::broken_toml(
    "color = \"auto\"\nweek_start = \"monday\nautosave_seconds = 5\n",
    "line 2: the TOML is broken at key 'week_start' (invalid basic string, expected `\"`)"
)]
fn a_file_that_cannot_be_used_is_one_sentence_and_the_defaults(
    #[case] file: &str,
    #[case] what: &str,
) {
    let j = journal();
    let path = write_config(&j, file);
    let sentence = format!(
        "candor: {}, {what}; the defaults are in use\n",
        path.display()
    );
    // `config show`: the sentence, then every default.
    let out = j.bare().args(["config", "show"]).output().unwrap();
    assert!(out.status.success());
    assert_eq!(text(&out.stderr), sentence);
    let stdout = text(&out.stdout);
    assert_eq!(
        stdout.lines().next().unwrap(),
        format!(
            "config file: {} (not used: its error is on stderr)",
            path.display()
        )
    );
    assert!(
        shown(&stdout)
            .iter()
            .all(|(_, _, origin)| origin == "default"),
        "{stdout}"
    );
    // Any other command: the same sentence, and the command does its work
    // with the defaults (dates as YYYY-MM-DD, whatever the file said).
    let out: Output = j
        .cmd()
        .args([
            "pair",
            "add",
            "--mentor",
            "Ana Ruiz",
            "--mentee",
            "Ben Okafor",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stderr), sentence);
    assert_eq!(j.count("SELECT count(*) FROM pair"), 1);
    let out = j.cmd().args(["pair", "list"]).output().unwrap();
    assert!(
        text(&out.stdout).contains("2026-11-27"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn dates_in_lists_follow_date_format_and_json_keeps_rfc_3339() {
    let j = journal();
    write_config(&j, "date_format = \"%d.%m.%Y\"\n");
    j.ok(&[
        "pair",
        "add",
        "--mentor",
        "Ana Ruiz",
        "--mentee",
        "Ben Okafor",
    ]);
    let logged = j.ok(&[
        "meeting",
        "add",
        "Ben",
        "--at",
        "2026-11-20 09:30",
        "talked",
    ]);
    assert_eq!(logged, "Logged meeting 1 on 20.11.2026 09:30.\n");
    j.ok(&[
        "action",
        "add",
        "Ben",
        "--owner",
        "mentee",
        "--due",
        "2026-12-04",
        "send the log",
    ]);
    let meetings = j.ok(&["list", "Ben", "meetings"]);
    assert!(meetings.starts_with("#1  20.11.2026 09:30\n"), "{meetings}");
    let actions = j.ok(&["list", "Ben", "actions"]);
    assert!(actions.contains("due 04.12.2026"), "{actions}");
    let due = j.ok(&["due", "--within", "14"]);
    assert!(due.contains("04.12.2026"), "{due}");
    let json = j.json(&["list", "Ben", "meetings", "--json"]);
    assert_eq!(json[0]["held_at"], "2026-11-20T09:30:00Z");
    // Dates typed in keep their one format.
    assert!(
        j.fails(&[
            "action",
            "add",
            "Ben",
            "--owner",
            "mentee",
            "--due",
            "04.12.2026",
            "x"
        ])
        .contains("04.12.2026")
    );
}

#[test]
fn an_editor_at_a_path_with_spaces_is_run_from_the_file() {
    let j = journal();
    let folder = j.path("My Editor");
    std::fs::create_dir_all(&folder).unwrap();
    let script = folder.join("edit");
    let marker = j.path("editor-args");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nprintf '%s|' \"$@\" > '{}'\nfor last; do :; done\necho 'typed in the editor' > \"$last\"\n",
            marker.display()
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    write_config(&j, &format!("editor = \"'{}' --wait\"\n", script.display()));
    j.ok(&[
        "pair",
        "add",
        "--mentor",
        "Ana Ruiz",
        "--mentee",
        "Ben Okafor",
    ]);
    j.ok(&["note", "add", "Ben"]);
    let notes = j.json(&["list", "Ben", "notes", "--json"]);
    assert_eq!(notes[0]["body"], "typed in the editor");
    let args = std::fs::read_to_string(&marker).unwrap();
    assert!(args.starts_with("--wait|"), "{args}");
    // $EDITOR, when set, is used instead: the environment beats the file.
    let (editor, ran) = j.marker_editor();
    j.ok_with(&[("EDITOR", &editor)], &["note", "add", "Ben"]);
    assert!(ran.exists());
}

#[test]
fn sync_without_a_folder_uses_sync_folder() {
    let j = journal();
    j.ok(&[
        "pair",
        "add",
        "--mentor",
        "Ana Ruiz",
        "--mentee",
        "Ben Okafor",
    ]);
    let err = j.fails(&["sync"]);
    assert_eq!(
        err,
        format!(
            "name the folder to sync through (candor sync DIR), or set sync_folder in {}",
            config_file(&j).display()
        )
    );
    let folder = j.path("Sync");
    std::fs::create_dir(&folder).unwrap();
    write_config(&j, &format!("sync_folder = \"{}\"\n", folder.display()));
    let out = j.ok(&["sync", "--name", "laptop"]);
    assert!(out.contains("Sync code:"), "{out}");
    assert!(
        std::fs::read_dir(&folder).unwrap().next().is_some(),
        "the journal wrote into the sync folder"
    );
}

#[test]
fn the_meetings_chart_counts_calendar_weeks_from_week_start() {
    // Friday 27 November 2026: Monday the 23rd starts this week for a
    // Monday start; Sunday the 22nd does for a Sunday start.
    let clock = Arc::new(candor::clock::FixedClock::parse(NOW).unwrap());
    let dir = tempfile::tempdir().unwrap();
    let mut store = candor::store::Store::open(&dir.path().join("j.db"), clock).unwrap();
    let day = |d: u32| chrono::NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
    let pair = candor::domain::NewPair::new(
        "Ana Ruiz",
        "Ben Okafor",
        candor::domain::Role::Mentor,
        "",
        day(2),
        None,
    )
    .unwrap();
    let p = store
        .add_pair(&pair, &candor::template::Template::built_in())
        .unwrap();
    for d in [21, 22, 23, 9] {
        let m = candor::store::NewMeeting {
            held_at: day(d).and_hms_opt(12, 0, 0).unwrap().and_utc(),
            agenda: String::new(),
            notes: "held".into(),
            next_steps: String::new(),
        };
        store.add_meeting(p.id, &m).unwrap();
    }
    let now = store.clock().now();
    let monday = store
        .meetings_per_week(p.id, now, 4, chrono::Weekday::Mon)
        .unwrap();
    assert_eq!(monday, vec![0, 1, 2, 1]);
    let sunday = store
        .meetings_per_week(p.id, now, 4, chrono::Weekday::Sun)
        .unwrap();
    assert_eq!(sunday, vec![0, 1, 1, 2]);
    // Two weeks go back to the Monday of the week before, no further.
    let short = store
        .meetings_per_week(p.id, now, 2, chrono::Weekday::Mon)
        .unwrap();
    assert_eq!(short, vec![2, 1]);
}
