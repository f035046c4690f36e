#![allow(clippy::unwrap_used)]
#![cfg(unix)]
//! End-to-end terminal tests of the journal itself: drafts that survive a
//! hang-up, a SIGTERM, a quit or a kill; two programs editing one note; text
//! handed to `$EDITOR`; very long notes in the paged viewer; and hostile
//! text that must never reach the terminal as a control sequence.
//!
//! The real `candor` binary runs in a pseudo-terminal; synchronisation is by
//! polling the parsed screen until a deadline, never by fixed sleeps.

use crate::support::{journal, pty};

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use journal::{
    Journal, assert_title_untouched, line_with, names_starting, quit, send_signal, wrote,
};
use pty::{DEADLINE, Launch, Session, numbered};

/// Keys as the terminal sends them.
const CTRL_S: &str = "\x13";
const CTRL_E: &str = "\x05";
const CTRL_Q: &str = "\x11";
const BACKTAB: &str = "\x1b[Z";
const RIGHT: &str = "\x1b[C";

/// The status line's hints when the pair list or a tab has the keyboard and
/// nothing is open over the screen; drawn on the last row but one, so a
/// frame that shows them has been drawn down to there.
const BROWSING: &str = "q quit";
/// The status line's hints while a yes/no question is asked.
const ASKING: &str = "y yes";
/// The first hint while a tab listing entries has the keyboard.
const ENTRIES: &str = "n new entry";
/// A label the note form always shows.
const NOTE_FORM: &str = "Tags (next puts";
const DRAFT_OFFER: &str = "Draft kept from";

/// What these tests add to the shared journal of `support/journal.rs`.
trait JournalExt {
    /// A journal holding the pair Ana Ruiz (mentor) & Ben Okafor.
    fn with_pair() -> Self;

    /// Ben's notes (shared and private), as `list ben notes --json` gives them.
    fn notes(&self) -> Vec<serde_json::Value>;

    /// The bodies of Ben's notes, sorted.
    fn note_bodies(&self) -> Vec<String>;

    /// Starts `launch` and waits for the main screen with Ben's pair, with
    /// no question asked.
    fn open(launch: Launch) -> Session;

    /// Starts `launch` and waits for the offer of a kept draft.
    fn open_expecting_draft(launch: Launch) -> Session;
}

impl JournalExt for Journal {
    fn with_pair() -> Self {
        let j = Self::new();
        j.cli(&[
            "pair",
            "add",
            "--mentor",
            "Ana Ruiz",
            "--mentee",
            "Ben Okafor",
        ]);
        j
    }

    fn notes(&self) -> Vec<serde_json::Value> {
        self.cli_json(&["list", "ben", "notes", "--private", "--json"])
            .as_array()
            .expect("list --json is an array")
            .clone()
    }

    fn note_bodies(&self) -> Vec<String> {
        let mut bodies: Vec<String> = self
            .notes()
            .iter()
            .map(|n| n["body"].as_str().expect("a note has a body").to_owned())
            .collect();
        bodies.sort();
        bodies
    }

    fn open(launch: Launch) -> Session {
        let s = launch.spawn();
        let text = s.wait_for("the main screen with Ben's pair", |t| {
            t.contains("Ben Okafor") && (t.contains(BROWSING) || t.contains(ASKING))
        });
        assert!(
            !text.contains(DRAFT_OFFER),
            "a draft is offered although none should be kept:\n{}",
            numbered(&text)
        );
        s
    }

    fn open_expecting_draft(launch: Launch) -> Session {
        let s = launch.spawn();
        s.wait_for("the offer of the kept draft", |t| {
            t.contains(DRAFT_OFFER) && t.contains(ASKING)
        });
        s
    }
}

/// Opens the Notes tab, waits for it, and returns the screen.
fn notes_tab(s: &mut Session, what_shows: &str) -> String {
    s.send("5");
    s.wait_for(&format!("the Notes tab showing {what_shows:?}"), |t| {
        t.contains(what_shows) && t.contains(ENTRIES)
    })
}

/// On the Notes tab: `n`, and waits for the new note form.
fn new_note_form(s: &mut Session) {
    s.send("n");
    s.wait_for("the new note form", |t| {
        t.contains("New note") && t.contains("▸ Note")
    });
}

/// Types `text` and waits until the screen shows it.
fn type_and_see(s: &mut Session, text: &str) {
    s.send(text);
    s.wait_for(&format!("the typed text {text:?}"), |t| t.contains(text));
}

/// Saves the open note form and waits for `message`, drawn on the status
/// line below the form, so the frame that shows it shows the form closed.
fn save_form(s: &mut Session, message: &str) -> String {
    s.send(CTRL_S);
    let text = s.wait_for(&format!("the form saved with {message:?}"), |t| {
        t.contains(message)
    });
    assert!(
        !text.contains(NOTE_FORM),
        "the form is still open:\n{}",
        numbered(&text)
    );
    text
}

/// The selected row of the tab on the right (the pair list has its own ▸).
fn selected_entry(text: &str) -> Option<&str> {
    text.lines()
        .filter_map(|l| l.split('│').nth(2))
        .find(|content| content.trim_start().starts_with("▸ "))
}

/// A note typed into the form when `signal` arrives is kept by the shutdown
/// path, offered back at the next start, and saved exactly once.
fn a_note_survives(signal: &str, exit_code: u32) {
    let j = Journal::with_pair();
    // What is already there must come through untouched.
    j.cli(&["note", "add", "ben", "An older note"]);
    j.cli(&["check", "ben", "trust.agenda"]);
    let typed = format!("Ask Ben about the roadmap before the {signal}");

    let mut s = Journal::open(j.tui());
    notes_tab(&mut s, "An older note");
    new_note_form(&mut s);
    type_and_see(&mut s, &typed);
    send_signal(s.pid(), signal);
    let status = s.wait_exit(DEADLINE);
    assert_eq!(status.signal(), None, "killed by the signal: {status}");
    assert_eq!(
        status.exit_code(),
        exit_code,
        "SIG{signal} exits 128+signal: {status}"
    );
    assert_eq!(
        j.note_bodies(),
        ["An older note"],
        "the typed note is a draft, not a note, until it is saved"
    );

    let mut s = Journal::open_expecting_draft(j.tui());
    let text = s.text();
    assert!(
        text.contains("a note for Ben Okafor"),
        "the offer says what the draft is:\n{}",
        numbered(&text)
    );
    s.send("y");
    s.wait_for("the reopened form with the typed text", |t| {
        t.contains("New note") && t.contains(&typed) && t.contains("Draft reopened")
    });
    save_form(&mut s, "Added the note.");
    quit(&mut s);

    let bodies = j.note_bodies();
    assert_eq!(
        bodies.iter().filter(|b| **b == typed).count(),
        1,
        "the typed note is stored exactly once: {bodies:?}"
    );
    assert_eq!(
        bodies,
        ["An older note", typed.as_str()],
        "nothing else lost"
    );
    let pairs = j.cli_json(&["pair", "list", "--json"]);
    assert_eq!(pairs.as_array().unwrap().len(), 1, "{pairs}");
    let items = j.cli_json(&["checklist", "ben", "--json"]);
    let done: Vec<&str> = items
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["done"] == serde_json::Value::Bool(true))
        .map(|i| i["key"].as_str().unwrap())
        .collect();
    assert_eq!(done, ["trust.agenda"], "the ticked item is still ticked");

    // The saved draft is forgotten: the next start offers nothing.
    let mut s = Journal::open(j.tui());
    quit(&mut s);
}

#[test]
fn a_note_typed_when_the_terminal_hangs_up_comes_back_as_a_draft() {
    a_note_survives("HUP", 129);
}

#[test]
fn a_note_typed_when_sigterm_arrives_comes_back_as_a_draft() {
    a_note_survives("TERM", 143);
}

#[test]
fn quitting_from_a_form_keeps_a_draft_and_n_then_y_throws_it_away() {
    let j = Journal::with_pair();
    // The default keys bind quit (q, ctrl-c) outside forms only: in a form
    // `q` is typed and ctrl-c copies. A user binding is the way to quit with
    // a form open, which is what App::quit keeps a draft for.
    std::fs::create_dir_all(j.cfg()).unwrap();
    std::fs::write(
        j.cfg().join("keymap.toml"),
        "[[bind]]\nmode = \"form\"\non = [\"ctrl-q\"]\nrun = \"quit\"\ndesc = \"quit\"\n",
    )
    .unwrap();

    let mut s = Journal::open(j.tui());
    notes_tab(&mut s, "none yet");
    new_note_form(&mut s);
    // A q typed into a form is text, not a way out.
    type_and_see(&mut s, "quarterly goals, quietly");
    assert!(
        s.try_status().is_none(),
        "q in a form quit the program:\n{}",
        numbered(&s.text())
    );
    s.send(CTRL_Q);
    let status = s.wait_exit(DEADLINE);
    assert!(
        status.success(),
        "quitting exits 0, got {status}:\n{}",
        numbered(&s.text())
    );
    assert_eq!(j.note_bodies(), Vec::<String>::new(), "nothing saved yet");

    // Offered back; n asks once more, and y then throws it away.
    let mut s = Journal::open_expecting_draft(j.tui());
    s.send("n");
    s.wait_for("the second question", |t| {
        t.contains("Throw the draft away for good?")
    });
    s.send("y");
    let text = s.wait_for("the draft thrown away", |t| {
        t.contains("The draft was thrown away.") && t.contains(BROWSING)
    });
    assert!(!text.contains(DRAFT_OFFER), "{}", numbered(&text));
    quit(&mut s);

    // Gone for good: the next start offers nothing, and no note was made.
    let mut s = Journal::open(j.tui());
    quit(&mut s);
    assert_eq!(j.note_bodies(), Vec::<String>::new());
}

#[test]
fn typing_left_alone_is_autosaved_and_survives_a_kill() {
    // The real clock (no CANDOR_NOW), so the idle autosave can fire.
    let j = Journal::with_pair();
    let mut s = Journal::open(j.tui_live().env("CANDOR_AUTOSAVE_SECS", "1"));
    notes_tab(&mut s, "none yet");
    new_note_form(&mut s);
    let typed = "Kept although the power went out";
    type_and_see(&mut s, typed);
    s.wait_for("the idle autosave", |t| t.contains("Draft kept at"));
    send_signal(s.pid(), "KILL");
    let status = s.wait_exit(DEADLINE);
    assert!(!status.success(), "{status}");

    let mut s = Journal::open_expecting_draft(j.tui_live());
    s.send("y");
    s.wait_for("the reopened form with the typed text", |t| {
        t.contains("New note") && t.contains(typed)
    });
    save_form(&mut s, "Added the note.");
    quit(&mut s);
    assert_eq!(j.note_bodies(), [typed]);
}

#[test]
fn two_programs_saving_the_same_note_keep_both_texts() {
    let j = Journal::with_pair();
    j.cli(&["note", "add", "ben", "Shared note"]);
    let mut first = Journal::open(j.tui());
    let mut second = Journal::open(j.tui());

    for (s, extra) in [(&mut first, " from one"), (&mut second, " from two")] {
        let text = notes_tab(s, "Shared note");
        assert!(
            selected_entry(&text).is_some_and(|l| l.contains("Shared note")),
            "the note is selected:\n{}",
            numbered(&text)
        );
        s.send("e");
        s.wait_for("the note's form", |t| {
            t.contains("▸ Note") && t.contains("Shared note")
        });
        s.send(extra);
        let whole = format!("Shared note{extra}");
        s.wait_for(&format!("the typed text {whole:?}"), |t| t.contains(&whole));
    }

    save_form(&mut first, "Saved the note.");
    let text = save_form(&mut second, "changed in another candor");
    assert!(
        !text.contains("▸ Note"),
        "the second form closed after saving:\n{}",
        numbered(&text)
    );
    assert!(first.try_status().is_none(), "the first program ended");
    assert!(second.try_status().is_none(), "the second program ended");
    quit(&mut first);
    quit(&mut second);

    let notes = j.notes();
    assert_eq!(notes.len(), 2, "{notes:#?}");
    let original = notes
        .iter()
        .find(|n| n["id"] == 1)
        .expect("the original note is still there");
    assert_eq!(original["body"], "Shared note from one", "{notes:#?}");
    let copy = notes.iter().find(|n| n["id"] != 1).unwrap();
    assert_eq!(
        copy["body"], "Shared note from two",
        "the second's text is kept as a new note: {notes:#?}"
    );
}

/// A stand-in for `$EDITOR`: records the path and mode of the file and
/// folder it was given into `record`, then appends " edited" to the file.
fn editor_script(dir: &Path, record: &Path) -> PathBuf {
    let script = dir.join("editor.sh");
    std::fs::write(
        &script,
        format!(
            r#"for f; do :; done
rec='{}'
mode() {{ stat -c %a "$1" 2>/dev/null || stat -f %Lp "$1"; }}
printf '%s\n' "$f" > "$rec.path"
mode "$f" > "$rec.mode"
mode "$(dirname "$f")" > "$rec.dirmode"
printf ' edited' >> "$f"
printf 'done\n' > "$rec"
"#,
            record.display()
        ),
    )
    .unwrap();
    script
}

fn read_trimmed(path: &Path) -> String {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
        .trim()
        .to_owned()
}

/// Scratch folders candor left in `tmp`.
fn scratch_dirs(tmp: &Path) -> Vec<String> {
    names_starting(tmp, "candor-edit-")
}

/// A journal with a pair, a TMPDIR of its own and the recording editor.
struct EditorSetup {
    j: Journal,
    tmp: PathBuf,
    record: PathBuf,
    editor: String,
}

impl EditorSetup {
    fn new() -> Self {
        let j = Journal::with_pair();
        let tmp = j.path().join("tmp");
        std::fs::create_dir(&tmp).unwrap();
        let record = j.path().join("editor-ran");
        let script = editor_script(j.path(), &record);
        // Run through `sh` so the script needs no exec bit (and cannot be
        // "text file busy" while another test forks); the temp path has no
        // spaces, and $EDITOR is split on spaces.
        let editor = format!("sh {}", script.display());
        assert!(!editor[3..].contains(' '), "{editor}");
        Self {
            j,
            tmp,
            record,
            editor,
        }
    }

    /// The TUI with `editor` as $EDITOR and a TMPDIR of our own (where no
    /// scratch file may go), on the Notes tab with a new note form open and
    /// `typed` typed.
    fn form_with(&self, editor: &str, typed: &str) -> Session {
        let mut s = Journal::open(self.j.tui().env("EDITOR", editor).env("TMPDIR", &self.tmp));
        s.send("5");
        s.wait_for("the Notes tab", |t| t.contains(ENTRIES));
        new_note_form(&mut s);
        type_and_see(&mut s, typed);
        s
    }

    /// Saves the form open in `s`, quits, and checks that the one note
    /// stored holds `body`.
    fn save_and_quit(&self, mut s: Session, body: &str) {
        save_form(&mut s, "Added the note.");
        quit(&mut s);
        assert_eq!(self.j.note_bodies(), [body]);
    }
}

/// How many times the program has asked the terminal where the cursor is.
fn cursor_queries(s: &Session) -> usize {
    let raw = s.raw();
    raw.windows(4).filter(|w| w == b"\x1b[6n").count()
}

/// Waits until `pred` holds, answering every cursor position query on the
/// way as a real terminal would (the harness's vt100 terminal does not).
fn wait_answering_queries(s: &mut Session, what: &str, pred: impl Fn(&str) -> bool) -> String {
    let end = Instant::now() + DEADLINE;
    let mut answered = 0;
    loop {
        let asked = cursor_queries(s);
        while answered < asked {
            s.send("\x1b[1;1R");
            answered += 1;
        }
        let text = s.text();
        if pred(&text) {
            return text;
        }
        assert!(
            s.try_status().is_none(),
            "the program ended while waiting for {what}; the screen shows:\n{}",
            numbered(&text)
        );
        assert!(
            Instant::now() < end,
            "timed out waiting for {what}; the screen shows:\n{}",
            numbered(&text)
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn ctrl_e_hands_the_text_to_editor_and_reads_it_back() {
    let e = EditorSetup::new();
    let mut s = e.form_with(&e.editor, "hello");
    s.send(CTRL_E);
    // Answering the cursor query that follows the editor (see
    // `returning_from_the_editor_asks_the_terminal_nothing`).
    wait_answering_queries(&mut s, "the edited text back in the form", |t| {
        t.contains("hello edited") && t.contains(NOTE_FORM)
    });
    assert_eq!(read_trimmed(&e.record), "done", "the editor ran");
    let file = PathBuf::from(read_trimmed(&e.record.with_extension("path")));
    assert_eq!(
        read_trimmed(&e.record.with_extension("mode")),
        "600",
        "the scratch file {} is private",
        file.display()
    );
    assert_eq!(
        read_trimmed(&e.record.with_extension("dirmode")),
        "700",
        "the scratch folder of {} is private",
        file.display()
    );
    // Beside the journal, in a session folder named with candor's pid.
    let beside = e.j.path().join("j.db.scratch");
    let session = file.parent().unwrap();
    assert_eq!(
        session.parent(),
        Some(beside.as_path()),
        "the scratch file {} is beside the journal",
        file.display()
    );
    assert!(
        session
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with(&format!("{}-", s.pid())),
        "the session folder {} is named with candor's pid",
        session.display()
    );
    assert!(!file.exists(), "{} left behind", file.display());
    assert!(!session.exists(), "{} left behind", session.display());
    assert!(!beside.exists(), "{} left behind", beside.display());
    assert_eq!(scratch_dirs(&e.tmp), Vec::<String>::new());
    e.save_and_quit(s, "hello edited");
}

#[test]
fn a_failing_editor_leaves_the_typed_text_in_the_form() {
    let e = EditorSetup::new();
    let mut s = e.form_with("/bin/false", "still mine");
    s.send(CTRL_E);
    let text = wait_answering_queries(&mut s, "the editor's failure on screen", |t| {
        t.contains("failed") && t.contains(NOTE_FORM)
    });
    assert!(
        text.contains("still mine") && !text.contains("still mine edited"),
        "the typed text is still in the form:\n{}",
        numbered(&text)
    );
    assert_eq!(scratch_dirs(&e.tmp), Vec::<String>::new());
    e.save_and_quit(s, "still mine");
}

#[test]
fn private_text_is_never_handed_to_the_editor() {
    let e = EditorSetup::new();
    let mut s = e.form_with(&e.editor, "a private worry");
    s.send(BACKTAB);
    s.wait_for("the Private field focused", |t| {
        line_with(t, "▸ Private").is_some()
    });
    s.send(RIGHT);
    s.wait_for("Private set to yes", |t| t.contains("(•) yes"));
    s.send("\t");
    s.wait_for("the note text focused again", |t| {
        line_with(t, "▸ Note").is_some() && t.contains("(•) yes")
    });
    s.send(CTRL_E);
    s.wait_for("the refusal", |t| t.contains("Private text never goes"));
    // One more key and frame, so a request that slipped through would have run.
    s.press_esc_until("the question whether to discard", |t| {
        t.contains("Discard what you typed?")
    });
    assert!(
        !e.record.exists() && !e.record.with_extension("path").exists(),
        "the editor ran on private text"
    );
    assert_eq!(scratch_dirs(&e.tmp), Vec::<String>::new());
    assert_eq!(cursor_queries(&s), 0, "the terminal was given away");
    s.press_esc_until("the form discarded", |t| {
        t.contains("Cancelled; nothing was saved.") && !t.contains(NOTE_FORM)
    });
    quit(&mut s);
    assert_eq!(e.j.note_bodies(), Vec::<String>::new());
}

#[test]
fn returning_from_the_editor_asks_the_terminal_nothing() {
    // Multiplexers and test terminals do not answer a cursor position query
    // (DESIGN.md): coming back from $EDITOR must not depend on one.
    let e = EditorSetup::new();
    let mut s = e.form_with(&e.editor, "hello");
    s.send(CTRL_E);
    let end = Instant::now() + DEADLINE;
    loop {
        let text = s.text();
        if text.contains("hello edited") && text.contains(NOTE_FORM) {
            break;
        }
        if let Some(status) = s.try_status() {
            panic!(
                "the program ended ({status}) on coming back from the editor, having asked \
                 the terminal for the cursor position {} times; the screen shows:\n{}",
                cursor_queries(&s),
                numbered(&text)
            );
        }
        assert!(
            Instant::now() < end,
            "timed out waiting for the edited text; the screen shows:\n{}",
            numbered(&text)
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(
        cursor_queries(&s),
        0,
        "the program asked the terminal for the cursor position"
    );
    e.save_and_quit(s, "hello edited");
}

/// The viewer's "rows FIRST–LAST of TOTAL" in the screen's text.
fn viewer_rows(text: &str) -> Option<(usize, usize, usize)> {
    let line = line_with(text, " · rows ")?;
    let rest = &line[line.find(" · rows ")? + " · rows ".len()..];
    let (first, rest) = rest.split_once('–')?;
    let (last, rest) = rest.split_once(" of ")?;
    let total: String = rest.chars().take_while(char::is_ascii_digit).collect();
    Some((first.parse().ok()?, last.parse().ok()?, total.parse().ok()?))
}

/// The text rows the viewer shows, joined without their padding, so that
/// a word wrapped across two rows reads whole again.
fn viewer_text(text: &str) -> String {
    text.lines()
        .filter_map(|l| l.strip_prefix("││"))
        .map(|l| l.trim_end_matches(['│', ' ']))
        .collect()
}

/// Moves the Notes tab's selection to the row holding `needle`.
fn select_row(s: &mut Session, needle: &str) {
    for _ in 0..2 {
        for key in ["j", "k"] {
            let text = s.text();
            if selected_entry(&text).is_some_and(|l| l.contains(needle)) {
                return;
            }
            s.send(key);
            s.wait_for("the selection to move", |t| {
                selected_entry(t) != selected_entry(&text)
                    || selected_entry(t).is_some_and(|l| l.contains(needle))
            });
        }
    }
    let text = s.text();
    assert!(
        selected_entry(&text).is_some_and(|l| l.contains(needle)),
        "cannot select the row with {needle:?}:\n{}",
        numbered(&text)
    );
}

/// Opens the selected note in the viewer, pages to its end and closes it,
/// printing how long each step took.
fn read_through(s: &mut Session, name: &str, first: &str, last: &str) {
    let start = Instant::now();
    s.send("\r");
    let text = s.wait_for(&format!("the {name} in the viewer"), |t| {
        viewer_rows(t).is_some_and(|(a, _, _)| a == 1) && viewer_text(t).contains(first)
    });
    let opened = start.elapsed();
    let (_, shown, total) = viewer_rows(&text).unwrap();
    assert!(
        shown < total,
        "the {name} is shown a page at a time:\n{}",
        numbered(&text)
    );

    let start = Instant::now();
    s.send("G");
    s.wait_for(&format!("the end of the {name}"), |t| {
        viewer_rows(t).is_some_and(|(_, l, n)| l == total && n == total)
            && viewer_text(t).contains(last)
    });
    let ended = start.elapsed();

    let start = Instant::now();
    s.press_esc_until("the viewer to close", |t| {
        viewer_rows(t).is_none() && t.contains(ENTRIES)
    });
    let closed = start.elapsed();
    eprintln!(
        "{name} ({total} rows): Enter to viewer {opened:?}; G to the end {ended:?}; Esc to closed {closed:?}"
    );
}

#[test]
fn a_five_megabyte_note_opens_paged_and_scrolls() {
    let j = Journal::with_pair();
    // One megabyte on a single line, then five megabytes in many lines.
    let mut line = String::from("ONE-MB-START ");
    while line.len() < 1024 * 1024 - 16 {
        line.push_str("lorem ipsum ");
    }
    line.push_str("ONE-MB-END");
    j.cli_stdin(&["note", "add", "ben", "-"], line.as_bytes());

    let mut big = String::from("FIVE-MB-START\n");
    let mut n = 0;
    while big.len() < 5 * 1024 * 1024 {
        big.push_str(&format!(
            "line {n:06} of the long note: dolor sit amet, consectetur adipiscing\n"
        ));
        n += 1;
    }
    big.push_str("FIVE-MB-END");
    j.cli_stdin(&["note", "add", "ben", "-"], big.as_bytes());
    let notes = j.notes();
    assert_eq!(notes.len(), 2);
    assert!(
        notes.iter().any(|n| n["body"] == big.as_str()),
        "the 5 MB note is stored whole"
    );

    let mut s = Journal::open(j.tui());
    let text = notes_tab(&mut s, "FIVE-MB-START");
    assert!(
        text.contains("ONE-MB-START"),
        "both notes are listed:\n{}",
        numbered(&text)
    );

    select_row(&mut s, "FIVE-MB-START");
    read_through(&mut s, "5 MB note", "FIVE-MB-START", "FIVE-MB-END");

    let start = Instant::now();
    s.send("?");
    s.wait_for("help after the viewer", |t| t.contains("Keys (Esc closes"));
    eprintln!("? to help after the 5 MB note: {:?}", start.elapsed());
    s.press_esc_until("help to close", |t| {
        !t.contains("Keys (Esc closes") && t.contains(ENTRIES)
    });

    select_row(&mut s, "ONE-MB-START");
    read_through(&mut s, "1 MB line", "ONE-MB-START", "ONE-MB-END");

    let start = Instant::now();
    s.send("?");
    s.wait_for("help after the viewer", |t| t.contains("Keys (Esc closes"));
    eprintln!("? to help after the 1 MB line: {:?}", start.elapsed());
    s.press_esc_until("help to close", |t| {
        !t.contains("Keys (Esc closes") && t.contains(ENTRIES)
    });
    quit(&mut s);
}

#[test]
fn hostile_text_in_a_note_never_reaches_the_terminal() {
    let j = Journal::with_pair();
    let hostile = "Hostile \x1b]0;pwned\x07 title \x1b[2J cleared \u{202E}desrever end";
    j.cli(&["note", "add", "ben", hostile]);
    let mut s = Journal::open(j.tui());
    let text = notes_tab(&mut s, "Hostile");
    let row = line_with(&text, "Hostile").unwrap();
    assert!(
        row.contains("Hostile  title  cleared desrever end"),
        "the row shows the text without its sequences: {row:?}\n{}",
        numbered(&text)
    );
    s.send("\r");
    let text = s.wait_for("the note in the viewer", |t| {
        viewer_rows(t).is_some() && t.contains("desrever end")
    });
    assert!(
        text.lines().next().is_some_and(|l| l.contains("candor")),
        "the frame is still drawn (no clear screen got through):\n{}",
        numbered(&text)
    );
    let text = s.press_esc_until("the viewer to close", |t| {
        viewer_rows(t).is_none() && t.contains(ENTRIES)
    });
    assert!(
        text.contains("Ben Okafor") && text.contains("Hostile"),
        "the screen under the viewer is back:\n{}",
        numbered(&text)
    );
    quit(&mut s);

    assert!(
        !wrote(&s, b"\x1b]0;pwned"),
        "the injected OSC reached the terminal"
    );
    assert!(
        !wrote(&s, b"pwned"),
        "part of the injected OSC reached the terminal"
    );
    assert!(
        !wrote(&s, b"\x1b[2J cleared"),
        "the injected clear screen reached the terminal"
    );
    assert!(
        !wrote(&s, "\u{202E}".as_bytes()),
        "the right-to-left override reached the terminal"
    );
    assert_title_untouched(&s);
}

#[test]
fn a_check_in_and_a_goal_made_on_the_overview_are_charted_and_kept() {
    let j = Journal::with_pair();
    let mut s = Journal::open(j.tui());
    s.send("1");
    s.wait_for("the Overview with nothing charted yet", |t| {
        t.contains("no check-ins yet") && t.contains("Goals none yet") && t.contains("c trust")
    });
    s.send("c");
    s.wait_for("the check-in form", |t| {
        t.contains("How much trust do you feel") && t.contains("3 · moderate")
    });
    s.send(RIGHT);
    s.send("\t");
    type_and_see(&mut s, "she listened first");
    s.send(CTRL_S);
    s.wait_for("the trust line with one check-in of 4", |t| {
        t.contains("Trust 4/5") && t.contains("1 check-in, latest today")
    });
    s.send("a");
    s.wait_for("the goal form", |t| t.contains("New goal"));
    type_and_see(&mut s, "Lead the planning");
    s.send(CTRL_S);
    s.wait_for("the goal on the Overview", |t| {
        t.contains("Goals 0/1 reached") && t.contains("Lead the planning")
    });
    s.send("p");
    s.wait_for("the progress form", |t| {
        t.contains("Progress: Lead the planning")
    });
    s.send("100\t");
    type_and_see(&mut s, "ran it alone");
    s.send(CTRL_S);
    let text = s.wait_for("the goal reached", |t| t.contains("Goals 1/1 reached"));
    let line = line_with(&text, "Lead the planning").unwrap();
    assert!(line.contains("✓") && line.contains("100%"), "{line}");
    quit(&mut s);

    let goals = j.cli(&["list", "ben", "goals"]);
    assert!(
        goals.contains("100%") && goals.contains("ran it alone"),
        "{goals}"
    );
    let checkins = j.cli(&["list", "ben", "checkins"]);
    assert!(
        checkins.contains("trust 4/5") && checkins.contains("she listened first"),
        "{checkins}"
    );
}

/// Ben's own journal, made with the real binary (he is the mentee there),
/// exported whole as ben.json into `j`'s folder, where candor starts.
fn bens_export(j: &Journal) {
    let ben = Journal::new();
    ben.cli(&[
        "pair",
        "add",
        "--mentor",
        "Ana Ruiz",
        "--mentee",
        "Ben Okafor",
        "--role",
        "mentee",
    ]);
    ben.cli(&["note", "add", "ana", "Ask Ana how she plans a quarter"]);
    let file = j.path().join("ben.json");
    ben.cli(&[
        "export",
        "--all",
        "--format",
        "json",
        "-o",
        file.to_str().unwrap(),
    ]);
}

#[test]
fn i_imports_a_partners_export_after_showing_what_it_would_add() {
    let j = Journal::with_pair();
    bens_export(&j);

    let mut s = Journal::open(j.tui());
    s.send("i");
    s.wait_for("the import window", |t| {
        t.contains("Import an export") && t.contains("enter show what it would change")
    });
    // Relative to where candor was started: the journal's folder.
    type_and_see(&mut s, "ben.json");
    s.send("\r");
    let text = s.wait_for("the preview of what it would change", |t| {
        t.contains("Would add: 1 note.") && t.contains("ctrl-s import")
    });
    for line in [
        "This file is another journal's export.",
        "Would update nothing.",
        "Would remove nothing.",
        "Ana Ruiz & Ben Okafor in the file",
        "(•) it is your pair 1  ( ) keep it apart",
    ] {
        assert!(
            text.contains(line),
            "{line:?} missing:\n{}",
            numbered(&text)
        );
    }
    s.send(CTRL_S);
    let text = s.wait_for("the import done", |t| {
        t.contains("Imported ben.json: 1 added.") && t.contains(BROWSING)
    });
    assert!(!text.contains("Import an export"), "{}", numbered(&text));
    notes_tab(&mut s, "Ask Ana how she plans a quarter");
    quit(&mut s);
    assert_eq!(j.note_bodies(), ["Ask Ana how she plans a quarter"]);
    let pairs = j.cli_json(&["pair", "list", "--json"]);
    assert_eq!(
        pairs.as_array().unwrap().len(),
        1,
        "merged into the pair: {pairs}"
    );
}

#[cfg(target_os = "linux")]
#[test]
fn the_screen_keeps_its_hold_on_the_journal_after_an_import_opens_it_again() {
    // The import window reads the file on a connection of its own. Were the
    // journal read outside SQLite for it, the screen's process would lose
    // its lock on the file (POSIX drops a process's locks at any close):
    // another program could then take the journal out of WAL mode under
    // it, or delete the write-ahead log it still writes to.
    let j = Journal::with_pair();
    bens_export(&j);
    let mut s = Journal::open(j.tui());
    s.send("i");
    s.wait_for("the import window", |t| t.contains("Import an export"));
    type_and_see(&mut s, "ben.json");
    s.send("\r");
    s.wait_for("the preview", |t| t.contains("Would add: 1 note."));
    // SQLite's shared lock on the journal (its bytes from 2^30 + 2), which
    // every connection in WAL mode holds while open: the kernel's list.
    let inode = std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(j.db()).unwrap());
    let held = std::fs::read_to_string("/proc/locks").unwrap();
    let ours = held.lines().any(|line| {
        let f: Vec<&str> = line.split_whitespace().collect();
        f.get(4) == Some(&s.pid().to_string().as_str())
            && f.get(5)
                .is_some_and(|dev_ino| dev_ino.ends_with(&format!(":{inode}")))
            && f.get(6) == Some(&"1073741826")
    });
    assert!(ours, "the screen holds no lock on the journal:\n{held}");
    // And so another program cannot take the journal out of WAL mode.
    let other = rusqlite::Connection::open(j.db()).unwrap();
    let mode: rusqlite::Result<String> =
        other.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0));
    assert!(
        !matches!(&mode, Ok(m) if m.eq_ignore_ascii_case("delete")),
        "another program took the journal out of WAL mode while the screen had it open: {mode:?}"
    );
    drop(other);
    s.press_esc_until("the window closed", |t| !t.contains("Import an export"));
    quit(&mut s);
}

#[test]
fn an_import_runs_beside_the_screen_saying_how_far_it_has_come_while_keys_work() {
    let j = Journal::with_pair();
    bens_export(&j);

    let mut s = Journal::open(j.tui());
    s.send("i");
    s.wait_for("the import window", |t| t.contains("Import an export"));
    type_and_see(&mut s, "ben.json");
    s.send("\r");
    s.wait_for("the preview", |t| t.contains("Would add: 1 note."));
    // Another writer holds the journal: the import waits beside the screen.
    let other = rusqlite::Connection::open(j.db()).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    s.send(CTRL_S);
    let text = s.wait_for("the import under way", |t| {
        t.contains("Importing ben.json: 0 of 13 entries…")
    });
    assert!(!text.contains("Import an export"), "{}", numbered(&text));
    // Meanwhile the screen answers keys.
    s.send("?");
    s.wait_for("help over the screen", |t| {
        t.contains("Keys (Esc closes") && t.contains("Importing ben.json")
    });
    s.send("\x1b");
    s.wait_for("help closed", |t| !t.contains("Keys (Esc closes"));
    s.send("i");
    s.wait_for("a second import refused", |t| {
        t.contains("An import of ben.json is under way; another can start once it ends.")
    });

    other.execute_batch("ROLLBACK").unwrap();
    s.wait_for("the import done", |t| {
        t.contains("Imported ben.json: 1 added.") && !t.contains("Importing")
    });
    notes_tab(&mut s, "Ask Ana how she plans a quarter");
    quit(&mut s);
    assert_eq!(j.note_bodies(), ["Ask Ana how she plans a quarter"]);
}
