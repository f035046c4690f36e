//! The real `candor` binary syncing two (or three) journals through one
//! folder (`candor sync DIR`): the sync code shown once and joined with,
//! pairs and entries travelling both ways with their edits and deletions,
//! and what a folder a sync tool (or someone else) has been at does to a
//! journal: a file cut short, from a newer candor, sealed under another
//! code, replayed under another number, or copied as a conflict copy is
//! said in one line and changes nothing; a folder missing, read-only,
//! not joined or joined with a wrong code is one sentence and no change.
//! Nothing under the folder is plain text, and a private note stays on
//! the device it was written on.
//!
//! Every run names its own time (`CANDOR_NOW`), later each step, as a
//! sync file holds what changed since the time of the one before it.

#![allow(clippy::unwrap_used)]

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::Value;
use tempfile::TempDir;

use crate::support::cli::{Journal, array};
use crate::support::outcome::assert_terminal_safe;

/// 2026-11-27 at `hh:mm` UTC.
fn at(hh_mm: &str) -> String {
    format!("2026-11-27T{hh_mm}:00Z")
}

/// What this file asks of a [`Journal`] on top of the shared harness.
trait SyncExt {
    /// `args` at `time`, which must succeed with nothing on stderr.
    fn ok_at(&self, time: &str, args: &[&str]) -> String;
    /// `args` at `time`, which must fail; its one-line error.
    fn fails_at(&self, time: &str, args: &[&str]) -> String;
    /// `candor sync DIR extra…` at `time`, whatever its outcome.
    fn sync_run(&self, time: &str, dir: &Path, extra: &[&str], code: Option<&str>) -> Output;
    /// `candor sync DIR` at `time`, which must succeed with nothing on stderr.
    fn synced(&self, time: &str, dir: &Path) -> String;
    /// `candor sync DIR` at `time`, which must succeed with lines on
    /// stderr: its standard output and its standard error.
    fn synced_with_warnings(&self, time: &str, dir: &Path) -> (String, String);
    /// The bodies of the pair's shared notes.
    fn notes(&self) -> Vec<String>;
}

impl SyncExt for Journal {
    fn ok_at(&self, time: &str, args: &[&str]) -> String {
        self.ok_with(&[("CANDOR_NOW", &at(time))], args)
    }

    fn fails_at(&self, time: &str, args: &[&str]) -> String {
        self.fails_with(&[("CANDOR_NOW", &at(time))], args)
    }

    fn sync_run(&self, time: &str, dir: &Path, extra: &[&str], code: Option<&str>) -> Output {
        let now = at(time);
        let mut env = vec![("CANDOR_NOW", now.as_str())];
        if let Some(code) = code {
            env.push(("CANDOR_SYNC_CODE", code));
        }
        let mut args = vec!["sync", dir.to_str().unwrap()];
        args.extend_from_slice(extra);
        self.run_with(&env, &args, None)
    }

    #[track_caller]
    fn synced(&self, time: &str, dir: &Path) -> String {
        let out = self.sync_run(time, dir, &[], None);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "sync failed: {stderr}");
        assert!(stderr.is_empty(), "sync wrote to stderr: {stderr}");
        String::from_utf8(out.stdout).unwrap()
    }

    #[track_caller]
    fn synced_with_warnings(&self, time: &str, dir: &Path) -> (String, String) {
        let out = self.sync_run(time, dir, &[], None);
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(out.status.success(), "sync failed: {stderr}");
        assert_terminal_safe(&stderr);
        (String::from_utf8(out.stdout).unwrap(), stderr)
    }

    fn notes(&self) -> Vec<String> {
        let mut bodies: Vec<String> = array(self.json(&["list", "ben", "notes", "--json"]))
            .iter()
            .map(|n| n["body"].as_str().unwrap().to_owned())
            .collect();
        bodies.sort();
        bodies
    }
}

/// The sync code a first sync printed.
#[track_caller]
fn code_in(out: &str) -> String {
    let codes: Vec<&str> = out
        .lines()
        .filter_map(|l| l.strip_prefix("Sync code: "))
        .collect();
    assert_eq!(codes.len(), 1, "one sync code in: {out}");
    codes[0].trim().to_owned()
}

/// The file a sync says it wrote.
#[track_caller]
fn wrote(out: &str) -> PathBuf {
    let rest = out
        .split("wrote ")
        .nth(1)
        .unwrap_or_else(|| panic!("no file written: {out}"));
    PathBuf::from(rest.split(" (").next().unwrap())
}

/// A journal with the pair Ada Quill (mentee, this side) and Ben Okafor.
fn with_pair() -> Journal {
    let j = Journal::new().created();
    j.ok_at(
        "09:00",
        &[
            "pair",
            "add",
            "--mentor",
            "Ada Quill",
            "--mentee",
            "Ben Okafor",
            "--role",
            "mentee",
        ],
    );
    j
}

/// A journal that started a sync folder (`a`, named laptop) and one that
/// joined it (`b`, named desk, empty before), both synced at 10:00.
struct Two {
    a: Journal,
    b: Journal,
    dir: TempDir,
    code: String,
}

impl Two {
    fn new() -> Self {
        let a = with_pair();
        let dir = TempDir::new().unwrap();
        let out = a.ok_at(
            "10:00",
            &["sync", dir.path().to_str().unwrap(), "--name", "laptop"],
        );
        let code = code_in(&out);
        let b = Journal::new().created();
        let joined = b.sync_run(
            "10:00",
            dir.path(),
            &["--join", "--name", "desk"],
            Some(&code),
        );
        assert!(
            joined.status.success() && joined.stderr.is_empty(),
            "join: {}",
            String::from_utf8_lossy(&joined.stderr)
        );
        Self { a, b, dir, code }
    }

    fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// `a` adds a note at `time` and syncs half an hour later; the file written.
    fn a_writes(&self, time: &str, synced_at: &str, note: &str) -> PathBuf {
        self.a.ok_at(time, &["note", "add", "ben", note]);
        wrote(&self.a.synced(synced_at, self.dir()))
    }
}

/// Every file under `dir`, with its bytes.
fn all_files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(all_files(&path));
        } else {
            out.push((path.clone(), fs::read(&path).unwrap()));
        }
    }
    out
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// The one line on stderr, which names `file` and says it was skipped.
#[track_caller]
fn one_skipped_line(stderr: &str, file: &Path) -> String {
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
    let line = stderr.trim_end();
    assert!(line.starts_with("candor: "), "{line}");
    assert!(
        line.contains(file.to_str().unwrap()),
        "names {}: {line}",
        file.display()
    );
    assert!(line.contains("skipped"), "{line}");
    line.to_owned()
}

// --- two journals, one folder ---

#[test]
fn the_first_sync_prints_the_code_once_and_the_second_journal_joins_with_it() {
    let a = with_pair();
    let dir = TempDir::new().unwrap();
    let first = a.synced("10:00", dir.path());
    let code = code_in(&first);
    assert!(first.contains("--join"), "says how to join: {first}");
    let again = a.synced("10:30", dir.path());
    assert!(!again.contains(&code), "the code again: {again}");
    assert!(!again.contains("Sync code"), "{again}");

    let b = Journal::new().created();
    let out = b.sync_run("11:00", dir.path(), &["--join"], Some(&code));
    assert!(
        out.status.success() && out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        !stdout.contains(&code),
        "the joining side shows no code: {stdout}"
    );
    let (pa, pb) = (a.pairs(), b.pairs());
    assert_eq!(pb.len(), 1);
    assert_eq!(pa[0]["uid"], pb[0]["uid"]);
    assert_eq!(pb[0]["mentee_name"], "Ben Okafor");
    // Another journal of the same person, not a partner: the same side.
    assert_eq!(pa[0]["my_role"], "mentee");
    assert_eq!(pb[0]["my_role"], "mentee");

    // Once joined, a sync needs no code.
    let later = b.synced("11:30", dir.path());
    assert!(later.contains("read"), "{later}");
}

#[test]
fn notes_meetings_edits_and_deletions_travel_both_ways() {
    let t = Two::new();
    let (a, b, dir) = (&t.a, &t.b, t.dir());

    a.ok_at("10:10", &["note", "add", "ben", "written on the laptop"]);
    a.ok_at(
        "10:10",
        &[
            "meeting",
            "add",
            "ben",
            "--at",
            "2026-11-20 15:00",
            "met at the café",
        ],
    );
    a.synced("10:30", dir);
    let out = b.synced("10:30", dir);
    assert!(out.contains("from 1 other device (laptop)"), "{out}");
    assert_eq!(b.notes(), ["written on the laptop"]);
    let meetings = array(b.json(&["list", "ben", "meetings", "--json"]));
    assert_eq!(meetings.len(), 1);
    assert_eq!(meetings[0]["notes"], "met at the café");

    // The other way.
    b.ok_at("11:00", &["note", "add", "ben", "written on the desk"]);
    b.synced("11:30", dir);
    a.synced("11:30", dir);
    assert_eq!(a.notes(), ["written on the desk", "written on the laptop"]);

    // An edit on one reaches the other, by uid.
    let on_a = array(a.json(&["list", "ben", "notes", "--json"]));
    let laptop_note = on_a
        .iter()
        .find(|n| n["body"] == "written on the laptop")
        .unwrap();
    let id = laptop_note["id"].to_string();
    a.ok_at(
        "12:00",
        &["edit", "ben", "note", &id, "edited on the laptop"],
    );
    a.synced("12:30", dir);
    b.synced("12:30", dir);
    let on_b = array(b.json(&["list", "ben", "notes", "--json"]));
    let same = on_b
        .iter()
        .find(|n| n["uid"] == laptop_note["uid"])
        .unwrap();
    assert_eq!(same["body"], "edited on the laptop");
    assert_eq!(same["version"], 2);

    // A deletion on one removes it on the other.
    let desk_note = on_b
        .iter()
        .find(|n| n["body"] == "written on the desk")
        .unwrap();
    let id = desk_note["id"].to_string();
    b.ok_at("13:00", &["delete", "ben", "note", &id, "--yes"]);
    b.synced("13:30", dir);
    let out = a.synced("13:30", dir);
    assert!(out.contains("1 removed by deletions"), "{out}");
    assert_eq!(a.notes(), ["edited on the laptop"]);
    assert_eq!(b.notes(), ["edited on the laptop"]);

    // Nothing changed since: neither writes, nor echoes the other's files.
    for j in [a, b] {
        let out = j.synced("14:30", dir);
        assert!(out.contains("nothing new here to write"), "{out}");
        assert!(out.contains("0 added, 0 updated, 0 removed"), "{out}");
    }
    for j in [a, b] {
        let out = j.synced("15:30", dir);
        assert!(out.contains("nothing new here to write"), "{out}");
        assert!(out.contains("read 0 files"), "{out}");
    }
}

// --- bad input in the folder: one line, skipped, nothing else lost ---

#[test]
fn a_change_file_cut_short_is_skipped_and_applied_once_whole() {
    let t = Two::new();
    let cut = t.a_writes("11:00", "11:30", "in the file cut short");
    t.a_writes("12:00", "12:30", "in the file after it");
    let whole = fs::read(&cut).unwrap();
    fs::write(&cut, &whole[..whole.len() - 20]).unwrap();

    let (_, stderr) = t.b.synced_with_warnings("13:00", t.dir());
    one_skipped_line(&stderr, &cut);
    assert_eq!(t.b.notes(), ["in the file after it"]);

    // The sync tool brings the rest of it: applied then, once.
    fs::write(&cut, &whole).unwrap();
    t.b.synced("13:30", t.dir());
    assert_eq!(
        t.b.notes(),
        ["in the file after it", "in the file cut short"]
    );
}

#[test]
fn a_file_from_a_newer_candor_is_skipped_and_says_so() {
    let t = Two::new();
    let newer = t.a_writes("11:00", "11:30", "in a newer format");
    t.a_writes("12:00", "12:30", "in the file after it");
    let mut bytes = fs::read(&newer).unwrap();
    assert!(bytes.starts_with(b"candor-sync 1\n"));
    bytes[b"candor-sync ".len()] = b'2';
    fs::write(&newer, &bytes).unwrap();

    let (_, stderr) = t.b.synced_with_warnings("13:00", t.dir());
    let line = one_skipped_line(&stderr, &newer);
    assert!(line.contains("newer candor"), "{line}");
    assert_eq!(t.b.notes(), ["in the file after it"]);
}

#[test]
fn a_file_sealed_under_another_code_is_skipped() {
    let t = Two::new();
    let ours = t.a_writes("11:00", "11:30", "ours");
    t.a_writes("12:00", "12:30", "in the file after it");
    // Another folder, another code, a file of the same number.
    let other = Journal::new().created();
    other.ok_at(
        "09:00",
        &[
            "pair",
            "add",
            "--mentor",
            "Ada Quill",
            "--mentee",
            "Ben Okafor",
        ],
    );
    let elsewhere = TempDir::new().unwrap();
    other.synced("10:00", elsewhere.path());
    other.ok_at("11:00", &["note", "add", "ben", "from another folder"]);
    let theirs = wrote(&other.synced("11:30", elsewhere.path()));
    assert_eq!(theirs.file_name(), ours.file_name());
    fs::copy(&theirs, &ours).unwrap();

    let (_, stderr) = t.b.synced_with_warnings("13:00", t.dir());
    one_skipped_line(&stderr, &ours);
    assert_eq!(t.b.notes(), ["in the file after it"]);
    assert_eq!(t.b.pairs().len(), 1);
}

#[test]
fn a_file_replayed_under_a_later_number_is_skipped() {
    let t = Two::new();
    let second = t.a_writes("11:00", "11:30", "said once");
    t.b.synced("11:30", t.dir());
    assert_eq!(t.b.notes(), ["said once"]);
    // Deleted since, everywhere.
    let id = array(t.b.json(&["list", "ben", "notes", "--json"]))[0]["id"].to_string();
    t.b.ok_at("12:00", &["delete", "ben", "note", &id, "--yes"]);
    t.b.synced("12:30", t.dir());
    t.a.synced("12:30", t.dir());
    assert!(t.a.notes().is_empty());

    // The old file, under a number the laptop has not written yet.
    let replay = second.with_file_name("00000009.change");
    fs::copy(&second, &replay).unwrap();
    // And a file the desk never read, moved to another number.
    let unread = t.a_writes("13:00", "13:30", "moved");
    let moved = second.with_file_name("00000010.change");
    fs::rename(&unread, &moved).unwrap();

    let (_, stderr) = t.b.synced_with_warnings("14:00", t.dir());
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{stderr}");
    one_skipped_line(&format!("{}\n", lines[0]), &replay);
    one_skipped_line(&format!("{}\n", lines[1]), &moved);
    assert!(t.b.notes().is_empty(), "{:?}", t.b.notes());
}

#[test]
fn a_conflict_copy_of_a_file_changes_nothing_twice_and_is_not_an_error() {
    let t = Two::new();
    let second = t.a_writes("11:00", "11:30", "copied by the sync tool");
    for name in [
        "00000002 (conflicted copy).change",
        "00000002.sync-conflict-20261129-101500-ABCDEFG.change",
    ] {
        fs::copy(&second, second.with_file_name(name)).unwrap();
    }
    let out = t.b.synced("12:00", t.dir());
    assert!(out.contains("read 1 file "), "{out}");
    assert!(out.contains("1 added"), "{out}");
    assert_eq!(t.b.notes(), ["copied by the sync tool"]);
    let out = t.b.synced("12:30", t.dir());
    assert!(out.contains("read 0 files"), "{out}");
    assert_eq!(t.b.notes(), ["copied by the sync tool"]);
}

// --- the folder itself ---

/// How many folders the journal syncs through.
fn folders(j: &Journal) -> i64 {
    j.count("SELECT count(*) FROM sync_folder")
}

#[test]
fn a_missing_folder_is_one_sentence_naming_it_and_changes_nothing() {
    let j = with_pair();
    let missing = j.path("no-such-folder");
    let err = j.fails_at("10:00", &["sync", missing.to_str().unwrap()]);
    assert!(err.contains(missing.to_str().unwrap()), "{err}");
    assert!(err.contains("does not exist"), "{err}");
    assert_eq!(folders(&j), 0);
    assert!(!missing.exists());
    // A file is not a folder either.
    let file = j.path("a-file");
    fs::write(&file, "not a folder").unwrap();
    let err = j.fails_at("10:00", &["sync", file.to_str().unwrap()]);
    assert!(err.contains(file.to_str().unwrap()), "{err}");
    assert_eq!(folders(&j), 0);
}

#[test]
fn a_sync_that_cannot_use_its_folder_makes_no_new_journal() {
    let started = Two::new();
    let empty = TempDir::new().unwrap();
    let j = Journal::new();
    let missing = j.path("no-such-folder");
    for (dir, extra, says) in [
        (missing.as_path(), &[][..], "does not exist"),
        (missing.as_path(), &["--join"][..], "does not exist"),
        (empty.path(), &["--join"][..], "without --join"),
        (started.dir(), &[][..], "--join"),
    ] {
        let out = j.sync_run("10:00", dir, extra, None);
        let err = crate::support::outcome::failed(&out, extra);
        assert!(err.contains(says), "{err}");
        assert!(!j.db.exists(), "a journal was made for {err}");
    }
    assert_eq!(fs::read_dir(empty.path()).unwrap().count(), 0);
}

/// Whether this process can write in a folder it made `0555` (as root it can).
fn permissions_bind() -> bool {
    let dir = TempDir::new().unwrap();
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o555)).unwrap();
    let bound = fs::write(dir.path().join("probe"), "x").is_err();
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
    bound
}

#[test]
fn a_read_only_folder_is_one_sentence_naming_it_and_loses_nothing() {
    if !permissions_bind() {
        eprintln!("skipped: running as root, a 0555 folder is writable");
        return;
    }
    // The folder to start in.
    let j = with_pair();
    let dir = TempDir::new().unwrap();
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o555)).unwrap();
    let err = j.fails_at("10:00", &["sync", dir.path().to_str().unwrap()]);
    assert!(err.contains(dir.path().to_str().unwrap()), "{err}");
    assert!(!err.contains(".tmp-"), "names a temporary file: {err}");
    assert_eq!(folders(&j), 0);
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).unwrap();

    // This device's own folder, once started.
    let t = Two::new();
    let second = t.a_writes("11:00", "11:30", "before");
    let own = second.parent().unwrap().to_owned();
    fs::set_permissions(&own, fs::Permissions::from_mode(0o555)).unwrap();
    t.a.ok_at("12:00", &["note", "add", "ben", "while read-only"]);
    let err = t.a.fails_at("12:30", &["sync", t.dir().to_str().unwrap()]);
    fs::set_permissions(&own, fs::Permissions::from_mode(0o755)).unwrap();
    assert!(err.contains(own.to_str().unwrap()), "{err}");
    // Written at the next sync.
    let out = t.a.synced("13:00", t.dir());
    assert!(out.contains("00000003.change"), "{out}");
    t.b.synced("13:00", t.dir());
    assert_eq!(t.b.notes(), ["before", "while read-only"]);
}

#[test]
fn joining_with_a_wrong_code_does_not_open_the_folder() {
    let t = Two::new();
    let c = Journal::new().created();
    let out = c.sync_run(
        "11:00",
        t.dir(),
        &["--join"],
        Some("AAAAA-BBBBB-CCCCC-DDDDD-EEEEE-FFFFF"),
    );
    let err = crate::support::outcome::failed(&out, &["sync", "--join"]);
    assert!(err.contains("does not open"), "{err}");
    assert!(err.contains(t.dir().to_str().unwrap()), "{err}");
    assert_eq!(folders(&c), 0);
    assert!(c.pairs().is_empty());
    // The right code, typed with other spacing and case, opens it.
    let typed = t.code.to_lowercase().replace('-', " ");
    let out = c.sync_run("11:00", t.dir(), &["--join"], Some(&typed));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(c.pairs().len(), 1);
}

#[test]
fn join_on_a_folder_no_journal_started_says_to_sync_without_join_first() {
    let j = with_pair();
    let dir = TempDir::new().unwrap();
    let out = j.sync_run("10:00", dir.path(), &["--join"], Some("AAAAA-BBBBB"));
    let err = crate::support::outcome::failed(&out, &["sync", "--join"]);
    assert!(err.contains("without --join"), "{err}");
    assert_eq!(folders(&j), 0);
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
    // Without a code at hand, the same sentence.
    let err = j.fails_at("10:00", &["sync", dir.path().to_str().unwrap(), "--join"]);
    assert!(err.contains("without --join"), "{err}");
}

#[test]
fn sync_on_a_folder_another_journal_started_says_to_join() {
    let t = Two::new();
    let c = with_pair();
    let before = all_files(t.dir());
    let err = c.fails_at("11:00", &["sync", t.dir().to_str().unwrap()]);
    assert!(err.contains("--join"), "{err}");
    assert_eq!(folders(&c), 0);
    assert_eq!(all_files(t.dir()), before, "the folder is unchanged");
}

#[test]
fn forget_an_unknown_device_lists_the_devices() {
    let t = Two::new();
    let err = t.b.fails_at(
        "11:00",
        &["sync", t.dir().to_str().unwrap(), "--forget", "phone"],
    );
    assert!(err.contains("'phone'"), "{err}");
    assert!(err.contains("laptop"), "{err}");
    assert_eq!(t.b.count("SELECT count(*) FROM sync_forgotten"), 0);
}

#[test]
fn a_forgotten_device_is_not_read_here_nor_by_the_others_once_they_sync() {
    let t = Two::new();
    let c = Journal::new().created();
    let out = c.sync_run(
        "10:00",
        t.dir(),
        &["--join", "--name", "phone"],
        Some(&t.code),
    );
    assert!(out.status.success());
    t.b.synced("10:10", t.dir());

    let out = t.b.ok_at(
        "10:30",
        &["sync", t.dir().to_str().unwrap(), "--forget", "laptop"],
    );
    assert!(out.contains("no longer reads laptop"), "{out}");
    assert!(out.contains("(phone)"), "{out}");
    t.a.ok_at("11:00", &["note", "add", "ben", "from a lost laptop"]);
    t.a.synced("11:30", t.dir());
    let out = t.b.synced("12:00", t.dir());
    assert!(!out.contains("laptop)"), "{out}");
    assert!(t.b.notes().is_empty(), "{:?}", t.b.notes());
    // The phone reads the desk's device file first, and stops too.
    let out = c.synced("12:00", t.dir());
    assert!(out.contains("(desk)"), "{out}");
    assert!(c.notes().is_empty(), "{:?}", c.notes());
}

// --- what the folder holds ---

#[test]
fn no_plain_text_reaches_the_folder_and_private_notes_stay_on_their_device() {
    let a = Journal::new().created();
    a.ok_at(
        "09:00",
        &[
            "pair",
            "add",
            "--mentor",
            "Quillfeather",
            "--mentee",
            "Okafortress",
        ],
    );
    a.ok_at(
        "09:10",
        &["note", "add", "okafortress", "zanzibarcanary shared"],
    );
    a.ok_at(
        "09:10",
        &[
            "note",
            "add",
            "okafortress",
            "--private",
            "obsidianprivate kept",
        ],
    );
    a.ok_at(
        "09:10",
        &[
            "checkin",
            "add",
            "okafortress",
            "--trust",
            "4",
            "--helped",
            "heliotropecheckin",
        ],
    );
    let dir = TempDir::new().unwrap();
    let out = a.synced("10:00", dir.path());
    assert!(out.contains("stay on this device"), "{out}");
    let code = code_in(&out);
    let b = Journal::new().created();
    let out = b.sync_run(
        "10:30",
        dir.path(),
        &["--join", "--name", "deskcanary"],
        Some(&code),
    );
    assert!(out.status.success());
    a.synced("11:00", dir.path());
    let on_b = b.json(&["list", "okafortress", "notes", "--private", "--json"]);
    let bodies: Vec<&Value> = array(&on_b).iter().map(|n| &n["body"]).collect();
    assert_eq!(bodies, ["zanzibarcanary shared"]);
    assert!(array(b.json(&["list", "okafortress", "checkins", "--json"])).is_empty());

    let files = all_files(dir.path());
    assert!(files.len() >= 5, "{files:?}");
    for (path, bytes) in &files {
        for canary in [
            "zanzibarcanary",
            "obsidianprivate",
            "heliotropecheckin",
            "Quillfeather",
            "Okafortress",
            "deskcanary",
            &code,
        ] {
            assert!(
                !contains(bytes, canary),
                "{} holds {canary:?}",
                path.display()
            );
        }
    }
    // Nor does the other journal's file hold the private text anywhere.
    for suffix in ["", "-wal"] {
        let path = crate::support::cli::sidecar(&b.db, suffix);
        let bytes = fs::read(&path).unwrap_or_default();
        assert!(!contains(&bytes, "obsidianprivate"), "{}", path.display());
        assert!(!contains(&bytes, "heliotropecheckin"), "{}", path.display());
    }
}

/// The mentor's journal of one relationship, with another pair beside it.
fn mentor_with_two_pairs() -> Journal {
    let j = Journal::new().created();
    for mentee in ["Ben Okafor", "Cleo Park"] {
        j.ok_at(
            "09:00",
            &["pair", "add", "--mentor", "Ada Quill", "--mentee", mentee],
        );
    }
    j
}

/// The pairs of `j`: (mentor, mentee, my_role).
fn pairs_of(j: &Journal) -> Vec<(String, String, String)> {
    let mut out: Vec<(String, String, String)> = array(j.json(&["pair", "list", "--json"]))
        .iter()
        .map(|p| {
            let s = |k: &str| p[k].as_str().unwrap_or_default().to_owned();
            (s("mentor_name"), s("mentee_name"), s("my_role"))
        })
        .collect();
    out.sort();
    out
}

#[test]
fn a_pair_shared_with_a_partner_carries_that_pair_only_and_never_a_private_note() {
    // Each person keeps a journal of the relationship: the mentor's has a
    // second pair; the mentee's was made on its own, with its own uids.
    let mentor = mentor_with_two_pairs();
    let mentee = with_pair();
    let dir = TempDir::new().unwrap();
    let out = mentor.ok_at(
        "10:00",
        &["sync", dir.path().to_str().unwrap(), "--pair", "ben"],
    );
    assert!(
        out.contains("(your pair with Ben Okafor, shared with them)"),
        "{out}"
    );
    let code = code_in(&out);
    let joined = mentee.sync_run(
        "10:05",
        dir.path(),
        &["--join", "--pair", "ada"],
        Some(&code),
    );
    assert!(
        joined.status.success() && joined.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&joined.stderr)
    );

    mentor.ok_at(
        "10:10",
        &["note", "add", "ben", "from the mentor: bring the draft"],
    );
    mentor.ok_at("10:10", &["note", "add", "cleo", "about Cleo, not for Ben"]);
    mentee.ok_at(
        "10:10",
        &["note", "add", "ada", "from the mentee: I read the chapter"],
    );
    mentee.ok_at(
        "10:10",
        &[
            "note",
            "add",
            "ada",
            "--private",
            "private: nervous about the review",
        ],
    );
    for t in ["10:20", "10:30"] {
        mentor.synced(t, dir.path());
        mentee.synced_with_warnings(t, dir.path());
    }

    let bodies = |j: &Journal, pair: &str| -> Vec<String> {
        let mut b: Vec<String> = array(j.json(&["list", pair, "notes", "--json"]))
            .iter()
            .map(|n| n["body"].as_str().unwrap().to_owned())
            .collect();
        b.sort();
        b
    };
    let shared = vec![
        "from the mentee: I read the chapter".to_owned(),
        "from the mentor: bring the draft".to_owned(),
    ];
    assert_eq!(bodies(&mentor, "ben"), shared);
    assert_eq!(bodies(&mentee, "ada"), shared);
    // One pair each side still, each in its own role; Cleo never travels.
    assert_eq!(
        pairs_of(&mentee),
        [("Ada Quill".into(), "Ben Okafor".into(), "mentee".into())]
    );
    assert_eq!(pairs_of(&mentor).len(), 2);
    assert!(pairs_of(&mentor).iter().all(|p| p.2 == "mentor"));
    // Nothing private or of the other pair is in the folder or the mentor's journal.
    for (path, bytes) in all_files(dir.path()) {
        for canary in ["nervous", "Cleo", "chapter", "draft"] {
            assert!(
                !contains(&bytes, canary),
                "{} holds {canary}",
                path.display()
            );
        }
    }
    assert_eq!(
        mentor.count("SELECT count(*) FROM note WHERE body LIKE '%nervous%'"),
        0
    );
    // The folder stays what it was made for.
    let other = mentor.fails_at(
        "10:40",
        &["sync", dir.path().to_str().unwrap(), "--pair", "cleo"],
    );
    assert!(
        other.contains("shares your pair with Ben Okafor"),
        "{other}"
    );
}

/// `args` at `time` with `env` added, which must succeed; standard output.
fn ok_env(j: &Journal, time: &str, env: &[(&str, &str)], args: &[&str]) -> String {
    let now = at(time);
    let mut all = vec![("CANDOR_NOW", now.as_str())];
    all.extend_from_slice(env);
    j.ok_with(&all, args)
}

/// The bodies of `pair`'s notes, private ones too, opened with `passphrase`.
fn all_notes(j: &Journal, pair: &str, passphrase: &str) -> Vec<String> {
    let mut bodies: Vec<String> = array(j.json_with(
        &[("CANDOR_PASSPHRASE", passphrase)],
        &["list", pair, "notes", "--private", "--json"],
    ))
    .iter()
    .map(|n| n["body"].as_str().unwrap().to_owned())
    .collect();
    bodies.sort();
    bodies
}

#[test]
fn private_notes_travel_sealed_and_open_on_the_other_device_with_the_same_passphrase() {
    const PASS: &str = "correct horse battery staple";
    let laptop = with_pair();
    ok_env(
        &laptop,
        "09:10",
        &[("CANDOR_NEW_PASSPHRASE", PASS)],
        &["passphrase", "set"],
    );
    laptop.ok_at(
        "09:20",
        &[
            "note",
            "add",
            "ben",
            "--private",
            "heron: the review worries me",
        ],
    );
    laptop.ok_at("09:20", &["note", "add", "ben", "shared: bring the draft"]);
    laptop.ok_at(
        "09:25",
        &[
            "checkin",
            "add",
            "ben",
            "--trust",
            "4",
            "--helped",
            "kingfisher: the walk",
        ],
    );
    let dir = TempDir::new().unwrap();
    let out = laptop.ok_at(
        "10:00",
        &["sync", dir.path().to_str().unwrap(), "--name", "laptop"],
    );
    assert!(
        out.contains("Private notes and check-ins travel sealed"),
        "{out}"
    );
    let code = code_in(&out);

    // The desk had no passphrase, and a pair and a private note of its own in clear.
    let desk = Journal::new().created();
    desk.ok_at(
        "09:00",
        &[
            "pair",
            "add",
            "--mentor",
            "Ada Quill",
            "--mentee",
            "Cleo Park",
            "--role",
            "mentee",
        ],
    );
    desk.ok_at(
        "09:30",
        &["note", "add", "cleo", "--private", "osprey: my own thought"],
    );
    let joined = desk.sync_run(
        "10:05",
        dir.path(),
        &["--join", "--name", "desk"],
        Some(&code),
    );
    let said = String::from_utf8_lossy(&joined.stdout);
    assert!(
        joined.status.success(),
        "{}",
        String::from_utf8_lossy(&joined.stderr)
    );
    assert!(said.contains("it now opens with laptop's"), "{said}");
    assert_eq!(
        all_notes(&desk, "ben", PASS),
        ["heron: the review worries me", "shared: bring the draft"]
    );
    assert_eq!(all_notes(&desk, "cleo", PASS), ["osprey: my own thought"]);
    // The check-in too, sealed, opened with the same passphrase.
    let checkins = array(desk.json_with(
        &[("CANDOR_PASSPHRASE", PASS)],
        &["list", "ben", "checkins", "--json"],
    ));
    assert_eq!(checkins.len(), 1, "{checkins:?}");
    assert_eq!(checkins[0]["trust"], 4);
    assert_eq!(checkins[0]["helped"], "kingfisher: the walk");
    // Its own private note is sealed under that key now: not in clear in the file.
    let db = fs::read(&desk.db).unwrap();
    assert!(!contains(&db, "osprey") && !contains(&db, "heron") && !contains(&db, "kingfisher"));
    // Nothing private is in the folder in clear.
    for (path, bytes) in all_files(dir.path()) {
        for canary in ["heron", "osprey", "worries", "kingfisher"] {
            assert!(
                !contains(&bytes, canary),
                "{} holds {canary}",
                path.display()
            );
        }
    }
    // The desk's private note reaches the laptop, sealed, and opens there.
    desk.synced("10:10", dir.path());
    laptop.synced("10:15", dir.path());
    assert_eq!(all_notes(&laptop, "cleo", PASS), ["osprey: my own thought"]);
}

/// A laptop with a passphrase and a private note, a folder it started, and
/// a desk with a passphrase of its own and a private note, joined to it.
fn two_passphrases() -> (Journal, Journal, TempDir, String) {
    let laptop = with_pair();
    ok_env(
        &laptop,
        "09:10",
        &[("CANDOR_NEW_PASSPHRASE", "laptop passphrase one")],
        &["passphrase", "set"],
    );
    laptop.ok_at(
        "09:20",
        &[
            "note",
            "add",
            "ben",
            "--private",
            "heron: sealed on the laptop",
        ],
    );
    let dir = TempDir::new().unwrap();
    let code = code_in(&laptop.ok_at("10:00", &["sync", dir.path().to_str().unwrap()]));
    let desk = Journal::new().created();
    desk.ok_at(
        "09:00",
        &[
            "pair",
            "add",
            "--mentor",
            "Ada Quill",
            "--mentee",
            "Cleo Park",
            "--role",
            "mentee",
        ],
    );
    ok_env(
        &desk,
        "09:10",
        &[("CANDOR_NEW_PASSPHRASE", "desk passphrase two")],
        &["passphrase", "set"],
    );
    desk.ok_at(
        "09:30",
        &[
            "note",
            "add",
            "cleo",
            "--private",
            "osprey: sealed on the desk",
        ],
    );
    let joined = desk.sync_run("10:05", dir.path(), &["--join"], Some(&code));
    assert!(joined.status.success());
    let stderr = String::from_utf8_lossy(&joined.stderr);
    assert!(
        stderr.contains("its private notes are sealed under")
            && stderr.contains("they were left out"),
        "{stderr}"
    );
    let said = String::from_utf8_lossy(&joined.stdout);
    assert!(said.contains("--keep-passphrase theirs"), "{said}");
    (laptop, desk, dir, code)
}

/// `sync DIR --keep-passphrase theirs` at `time` on the desk, with its own
/// passphrase and `theirs` for the laptop's.
fn take_theirs(desk: &Journal, time: &str, dir: &Path, theirs: &str) -> Output {
    let now = at(time);
    desk.run_with(
        &[
            ("CANDOR_NOW", now.as_str()),
            ("CANDOR_PASSPHRASE", "desk passphrase two"),
            ("CANDOR_NEW_PASSPHRASE", theirs),
        ],
        &["sync", dir.to_str().unwrap(), "--keep-passphrase", "theirs"],
        None,
    )
}

#[test]
fn a_device_with_its_own_passphrase_keeps_it_and_leaves_the_other_private_notes_out() {
    let (_laptop, desk, dir, _) = two_passphrases();
    assert_eq!(desk.count("SELECT count(*) FROM note WHERE private"), 1);
    // Kept: said no more, and the laptop's private note stays out.
    let kept = desk.sync_run("10:10", dir.path(), &["--keep-passphrase", "mine"], None);
    assert!(kept.status.success());
    assert!(String::from_utf8_lossy(&kept.stdout).contains("keeps its passphrase"));
    let (out, stderr) = desk.synced_with_warnings("10:20", dir.path());
    assert!(
        stderr.is_empty() && !out.contains("--keep-passphrase"),
        "{out}{stderr}"
    );
    assert_eq!(desk.count("SELECT count(*) FROM note WHERE private"), 1);
    // Kept, then taken after all: the laptop's private note comes in.
    let took = take_theirs(&desk, "10:30", dir.path(), "laptop passphrase one");
    assert!(
        took.status.success(),
        "{}",
        String::from_utf8_lossy(&took.stderr)
    );
    assert_eq!(
        all_notes(&desk, "ben", "laptop passphrase one"),
        ["heron: sealed on the laptop"]
    );
}

#[test]
fn a_folder_is_joined_as_what_it_shares() {
    let mentor = mentor_with_two_pairs();
    let pairs = TempDir::new().unwrap();
    let code = code_in(&mentor.ok_at(
        "10:00",
        &["sync", pairs.path().to_str().unwrap(), "--pair", "ben"],
    ));
    // The mentee joins the pair's folder without saying which pair: refused.
    let mentee = with_pair();
    let out = mentee.sync_run("10:05", pairs.path(), &["--join"], Some(&code));
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("shares one pair with a partner") && said.contains("--pair"),
        "{said}"
    );
    assert_eq!(folders(&mentee), 0);
    // A folder of one person's devices is not joined for a pair either.
    let two = Two::new();
    let c = with_pair();
    let out = c.sync_run(
        "10:05",
        two.dir(),
        &["--join", "--pair", "ben"],
        Some(&two.code),
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("join it without --pair"));
}

#[test]
fn taking_the_other_passphrase_seals_this_journals_private_text_again_and_lets_the_rest_in() {
    let (laptop, desk, dir, _) = two_passphrases();
    // Without both passphrases nothing changes.
    let refused = desk.sync_run("10:10", dir.path(), &["--keep-passphrase", "theirs"], None);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("CANDOR_NEW_PASSPHRASE"));
    // A wrong passphrase for the laptop's key changes nothing either.
    let wrong = take_theirs(&desk, "10:15", dir.path(), "not the laptop's");
    assert!(!wrong.status.success());
    assert_eq!(
        all_notes(&desk, "cleo", "desk passphrase two"),
        ["osprey: sealed on the desk"]
    );

    let took = take_theirs(&desk, "10:20", dir.path(), "laptop passphrase one");
    let said = String::from_utf8_lossy(&took.stdout);
    assert!(
        took.status.success(),
        "{}",
        String::from_utf8_lossy(&took.stderr)
    );
    assert!(
        said.contains("now opens with") && said.contains("again: 1 added"),
        "{said}"
    );
    // The desk opens with the laptop's passphrase: its own note and the laptop's.
    assert_eq!(
        all_notes(&desk, "cleo", "laptop passphrase one"),
        ["osprey: sealed on the desk"]
    );
    assert_eq!(
        all_notes(&desk, "ben", "laptop passphrase one"),
        ["heron: sealed on the laptop"]
    );
    let old = desk.fails_with(
        &[("CANDOR_PASSPHRASE", "desk passphrase two")],
        &["list", "cleo", "notes", "--private"],
    );
    assert!(old.contains("does not open"), "{old}");
    // Nothing was in clear in the desk's file on the way.
    let db = fs::read(&desk.db).unwrap();
    assert!(!contains(&db, "osprey") && !contains(&db, "heron"));
    // And the desk's note reaches the laptop, where it opens.
    desk.synced("10:30", dir.path());
    laptop.synced("10:40", dir.path());
    assert_eq!(
        all_notes(&laptop, "cleo", "laptop passphrase one"),
        ["osprey: sealed on the desk"]
    );
}

/// The copies of `j`'s journal made before a sync.
fn sync_copies(j: &Journal) -> Vec<PathBuf> {
    let name = format!(
        "{}.before-sync",
        j.db.file_name().unwrap().to_str().unwrap()
    );
    let mut found: Vec<PathBuf> = fs::read_dir(j.db.parent().unwrap())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
                n.starts_with(&name) && !n.ends_with("-wal") && !n.ends_with("-shm")
            })
        })
        .collect();
    found.sort();
    found
}

#[test]
fn a_sync_that_changes_the_journal_keeps_one_copy_of_it_a_day_not_one_a_round() {
    let two = Two::new();
    // Joining merged the laptop's pair: the desk's journal was copied first.
    assert_eq!(sync_copies(&two.b).len(), 1);
    two.a_writes("10:10", "10:20", "first");
    let out = two.b.synced("10:30", two.dir());
    assert!(out.contains("1 added"), "{out}");
    two.a_writes("10:40", "10:50", "second");
    let out = two.b.synced("11:00", two.dir());
    assert!(!out.contains("is kept in"), "{out}");
    assert_eq!(sync_copies(&two.b).len(), 1, "one copy a day");
    // The next day, the first sync that changes something copies again.
    two.a.ok_with(
        &[("CANDOR_NOW", "2026-11-28T09:00:00Z")],
        &["note", "add", "ben", "third"],
    );
    two.a.ok_with(
        &[("CANDOR_NOW", "2026-11-28T09:10:00Z")],
        &["sync", two.dir().to_str().unwrap()],
    );
    let out = two.b.ok_with(
        &[("CANDOR_NOW", "2026-11-28T09:20:00Z")],
        &["sync", two.dir().to_str().unwrap()],
    );
    assert!(
        out.contains("before today's first sync is kept in"),
        "{out}"
    );
    assert_eq!(sync_copies(&two.b).len(), 2);
}

#[test]
fn a_new_code_after_forgetting_a_machine_shuts_it_out_and_the_others_join_again() {
    let two = Two::new();
    let phone = Journal::new().created();
    let joined = phone.sync_run(
        "10:02",
        two.dir(),
        &["--join", "--name", "phone"],
        Some(&two.code),
    );
    assert!(joined.status.success());
    // The laptop forgets the lost phone and changes the code.
    two.a.ok_at(
        "10:05",
        &["sync", two.dir().to_str().unwrap(), "--forget", "phone"],
    );
    let changed = two.a.sync_run("10:06", two.dir(), &["--new-code"], None);
    assert!(changed.status.success());
    let out = String::from_utf8(changed.stdout).unwrap();
    assert!(out.contains("is changed"), "{out}");
    // The desk's files are under the old code until it joins again: said.
    let stderr = String::from_utf8_lossy(&changed.stderr);
    assert!(stderr.contains("its device is not read"), "{stderr}");
    let code = code_in(&out);
    assert_ne!(code, two.code);
    two.a
        .ok_at("10:10", &["note", "add", "ben", "after the new code"]);
    let sealed = two.a.sync_run("10:15", two.dir(), &[], None);
    assert!(sealed.status.success());

    // The desk is told to join again, and does with the new code.
    let refused = two
        .b
        .fails_at("10:20", &["sync", two.dir().to_str().unwrap()]);
    assert!(
        refused.contains("was changed on another device"),
        "{refused}"
    );
    let old = two
        .b
        .sync_run("10:21", two.dir(), &["--join"], Some(&two.code));
    assert!(!old.status.success(), "the old code does not open it");
    let again = two.b.sync_run("10:22", two.dir(), &["--join"], Some(&code));
    assert!(
        again.status.success(),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    assert!(two.b.notes().contains(&"after the new code".to_owned()));

    // The phone, which knows only the old code, is shut out.
    let out = phone.sync_run("10:30", two.dir(), &[], None);
    assert!(!out.status.success());
    let all = phone.sync_run("10:31", two.dir(), &["--join"], Some(&two.code));
    assert!(!all.status.success());
    assert!(!phone.notes().contains(&"after the new code".to_owned()));
}

#[test]
fn a_folder_whose_marker_is_gone_is_one_sentence_and_changes_nothing() {
    let two = Two::new();
    let before = two.b.count("SELECT count(*) FROM note");
    fs::remove_file(two.dir().join("candor-sync.json")).unwrap();
    two.a
        .ok_at("10:10", &["note", "add", "ben", "written after"]);
    let said = two
        .a
        .fails_at("10:20", &["sync", two.dir().to_str().unwrap()]);
    assert!(
        said.contains("candor-sync.json is gone; put it back")
            && said.ends_with("the journal is unchanged"),
        "{said}"
    );
    let said = two
        .b
        .fails_at("10:30", &["sync", two.dir().to_str().unwrap()]);
    assert!(said.contains("is gone"), "{said}");
    assert_eq!(two.b.count("SELECT count(*) FROM note"), before);
}
