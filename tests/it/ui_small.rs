//! The smallest terminal (60×16) and long text: every view drawn with long,
//! wide-character names and texts, and no line cut without `…`.
#![allow(clippy::unwrap_used)]

use std::sync::Arc;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use unicode_width::UnicodeWidthStr;

use candor::app::App;
use candor::clock::FixedClock;
use candor::domain::{Direction, NewPair, Owner, Response, Role};
use candor::keymap::Keymap;
use candor::store::{NewCheckIn, NewFeedback, NewGoal, NewMeeting, NewNote, Store};
use candor::template::Template;
use candor::ui::{self, Theme};

/// Names and texts too long for any column, each starting with a word
/// found nowhere else, some in wide characters (two columns each).
const LONG: [&str; 12] = [
    "Maximiliana Featherstonehaugh-Wolfeschlegelsteinhausen",
    "李小龍李小龍李小龍李小龍李小龍李小龍",
    "Zoë Ångström-Østergaard 🚀🚀 the second",
    "Quixotic focus on growing from a senior engineer into a tech lead who plans whole quarters",
    "Xylophone agenda: the reorg, the estimates, the hiring plan and what stays between us",
    "Juxtapose the estimates with what happened in the last three projects before Friday",
    "Kumquat goal: run the team's quarterly planning without help from anyone at all",
    "Vermilion feedback: the examples came late and the reasons for the decisions were missing",
    "Wombat note: ask about the reorg, the promotion case and the conference talk next spring",
    "Yodel strength: explains trade-offs with patience and never talks down to anyone",
    "Ibex challenge: the team ignores my estimates whenever the roadmap changes again",
    "日本語のとても長いメモ日本語のとても長いメモ日本語のとても長いメモ",
];

fn journal() -> App {
    let clock = FixedClock::parse("2026-11-27T10:00:00Z").unwrap();
    let mut store = Store::open_in_memory(Arc::new(clock)).unwrap();
    let day = |d: u32| chrono::NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
    let at = |d: u32| day(d).and_hms_opt(10, 0, 0).unwrap().and_utc();
    let t = Template::built_in();
    // Every 7 days: "agreed every 14 days" would fill the Overview's line at
    // 60 columns exactly, which the check cannot tell from a cut.
    let mut add = |mentor: &str, mentee: &str, role: Role| {
        let p = NewPair::new(mentor, mentee, role, LONG[3], day(2), Some(7)).unwrap();
        store.add_pair(&p, &t).unwrap().id
    };
    let a = add("Ana Ruiz", LONG[0], Role::Mentor);
    add(LONG[1], "Ana Ruiz", Role::Mentee);
    add("Ana Ruiz", LONG[2], Role::Mentor);
    for (d, notes) in [(20, LONG[4]), (30, LONG[4])] {
        let m = NewMeeting {
            held_at: at(d),
            agenda: LONG[4].into(),
            notes: notes.into(),
            next_steps: String::new(),
        };
        store.add_meeting(a, &m).unwrap();
    }
    store
        .add_action(a, Owner::Mentee, LONG[5], Some(day(25)))
        .unwrap();
    store
        .add_action(a, Owner::Both, LONG[11], Some(day(29)))
        .unwrap();
    let g = NewGoal {
        text: LONG[6].into(),
        criteria: LONG[6].into(),
        due_on: Some(day(29)),
    };
    store.add_goal(a, &g).unwrap();
    let f = NewFeedback {
        direction: Direction::ToMentor,
        requested: true,
        body: LONG[7].into(),
        situation: None,
        behaviour: None,
        impact: None,
        response: Response::Accepted,
        follow_up: LONG[7].into(),
        given_at: at(20),
    };
    store.add_feedback(a, &f).unwrap();
    for private in [false, true] {
        let n = NewNote {
            body: LONG[8].into(),
            private,
            tags: vec!["reorg".into()],
        };
        store.add_note(a, &n).unwrap();
    }
    store.add_strength(a, Role::Mentee, LONG[9]).unwrap();
    store.add_experience(a, LONG[10], LONG[10]).unwrap();
    let c = NewCheckIn {
        trust: 4,
        helped: LONG[9].into(),
        in_the_way: LONG[10].into(),
        note: String::new(),
        checked_at: Some(at(20)),
    };
    store.add_checkin(a, &c).unwrap();
    App::new(store, t, Keymap::built_in())
}

fn keys(app: &mut App, keys: &str) {
    for c in keys.chars() {
        let code = match c {
            '\u{1b}' => KeyCode::Esc,
            '\n' => KeyCode::Enter,
            '\t' => KeyCode::Tab,
            c => KeyCode::Char(c),
        };
        let _ = app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
    }
}

/// Each row of `state` drawn at `width`×`height`, as its symbols (a wide
/// character once: the cell it covers after it is skipped).
fn rows(state: &candor::app::State, width: u16, height: u16) -> Vec<Vec<String>> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|f| ui::render(state, &Theme::new(true), f))
        .unwrap();
    let buffer = terminal.backend().buffer().clone();
    (0..height)
        .map(|y| {
            let mut row = Vec::new();
            let mut skip = 0;
            for x in 0..width {
                let symbol = buffer[(x, y)].symbol();
                row.push(if skip == 0 {
                    symbol.to_owned()
                } else {
                    String::new()
                });
                skip = std::cmp::max(skip, symbol.width()).saturating_sub(1);
            }
            row
        })
        .collect()
}

/// The whole screen, window and all, one string a row.
fn rows_of(app: &App, width: u16, height: u16) -> Vec<String> {
    rows(&app.state, width, height)
        .iter()
        .map(|r| r.concat())
        .collect()
}

/// The screen as a person sees it; with a window open, only the window:
/// what it hides of the screen under it is not a cut for width.
fn screen(app: &mut App, width: u16, height: u16) -> Vec<String> {
    let _ = app.resize(width, height);
    let shown = rows(&app.state, width, height);
    let under = app.state.overlay.is_some().then(|| {
        let mut bare = app.state.clone();
        bare.overlay = None;
        rows(&bare, width, height)
    });
    let Some(under) = under else {
        return shown.iter().map(|r| r.concat()).collect();
    };
    // The window is the smallest rectangle around the cells it changed.
    // (The status line changes too, and is always looked at.)
    let status = shown.len() - 2;
    let changed: Vec<(usize, usize)> = (0..status)
        .flat_map(|y| (0..shown[y].len()).map(move |x| (x, y)))
        .filter(|&(x, y)| shown[y][x] != under[y][x])
        .collect();
    let (x0, x1) = (
        changed.iter().map(|c| c.0).min().unwrap_or(0),
        changed.iter().map(|c| c.0).max().unwrap_or(0),
    );
    let (y0, y1) = (
        changed.iter().map(|c| c.1).min().unwrap_or(0),
        changed.iter().map(|c| c.1).max().unwrap_or(0),
    );
    shown
        .iter()
        .enumerate()
        .map(|(y, row)| {
            row.iter()
                .enumerate()
                .map(|(x, cell)| {
                    let inside = y == status || (x0..=x1).contains(&x) && (y0..=y1).contains(&y);
                    match (inside, cell.is_empty()) {
                        (true, _) | (false, true) => cell.clone(),
                        (false, false) => " ".to_owned(),
                    }
                })
                .collect()
        })
        .collect()
}

/// Box drawing, block elements and the gauges' symbols: drawn up to a
/// border on purpose.
fn is_drawing(c: char) -> bool {
    ('\u{2500}'..='\u{259f}').contains(&c)
}

/// The cuts made without `…` on a screen: text running into a border
/// (the last character before `│`, `┤` or `┐` is a letter, not `…`), and
/// any of the long texts shown in part without `…` right after it
/// (which also finds a wide character dropped at the edge).
fn silent_cuts(rows: &[String]) -> Vec<String> {
    let mut found = Vec::new();
    for (y, row) in rows.iter().enumerate() {
        let chars: Vec<char> = row.chars().collect();
        for i in 1..chars.len() {
            let (before, at) = (chars[i - 1], chars[i]);
            if matches!(at, '│' | '┤' | '┐')
                && !before.is_whitespace()
                && before != '…'
                && !is_drawing(before)
            {
                found.push(format!("row {y} runs into a border: {row}"));
            }
        }
        for long in LONG {
            let long = long.replace('\n', " ");
            let head: String = long.chars().take(3).collect();
            let mut from = 0;
            while let Some(p) = row[from..].find(&head) {
                let start = from + p;
                let shown: Vec<char> = row[start..].chars().collect();
                let same = shown
                    .iter()
                    .zip(long.chars())
                    .take_while(|(a, b)| *a == b)
                    .count();
                let rest: String = long.chars().skip(same).collect();
                let next: String = rest.trim_start().chars().take(3).collect();
                // Wrapped: the row ends there and the next one goes on.
                let wrapped = shown[same..]
                    .iter()
                    .all(|c| c.is_whitespace() || is_drawing(*c))
                    && rows.get(y + 1).is_some_and(|r| r.contains(&next));
                // The end of a text cut at its start: "…ng-name".
                let tail = row[..start].rfind('…').is_some_and(|e| {
                    let seg: String = row[e + '…'.len_utf8()..start]
                        .chars()
                        .chain(shown[..same].iter().copied())
                        .collect();
                    long.ends_with(&seg)
                });
                if same < long.chars().count() && shown.get(same) != Some(&'…') && !wrapped && !tail
                {
                    found.push(format!("row {y} cuts «{head}…» silently: {row}"));
                }
                from = start
                    + shown[..same.max(1)]
                        .iter()
                        .map(|c| c.len_utf8())
                        .sum::<usize>();
            }
        }
    }
    found
}

#[test]
fn no_line_is_cut_without_an_ellipsis_at_the_smallest_size() {
    // Every view: the pair list on each pair, each tab, Home, help, search,
    // the reader, a form; then the same at 80×24.
    let views = [
        "", "j", "jj", "1", "2", "3", "4", "5", "0", "?", "? ", "? j", "?G", "/quix", "3\n", "5\n",
        "1\n", "1t", "n", "1c", "1a",
    ];
    let mut all = Vec::new();
    for (w, h) in [(60, 16), (80, 24)] {
        for view in views {
            let mut app = journal();
            keys(&mut app, view);
            let rows = screen(&mut app, w, h);
            for cut in silent_cuts(&rows) {
                all.push(format!("{w}x{h} {view:?}: {cut}"));
            }
        }
    }
    assert!(all.is_empty(), "{}", all.join("\n"));
}

#[test]
fn the_check_finds_a_silent_cut() {
    // The check itself: a row cut at a border, and a wide name losing a
    // character at the edge, are both found; the same with `…` are not.
    let bad = vec![
        "│ Maximiliana Feat│".to_owned(),
        "│ 李小龍李小龍 │".to_owned(),
    ];
    assert_eq!(silent_cuts(&bad).len(), 3, "{:?}", silent_cuts(&bad));
    // Text wrapped onto the next row is not cut.
    let wrapped = vec![
        "│ Maximiliana          │".to_owned(),
        "│ Featherstonehaugh-Wolfeschlegelsteinhausen".to_owned(),
    ];
    assert!(
        silent_cuts(&wrapped).is_empty(),
        "{:?}",
        silent_cuts(&wrapped)
    );
    let good = vec![
        "│ Maximiliana Fea…│".to_owned(),
        "│ 李小龍李小龍…│".to_owned(),
    ];
    assert!(silent_cuts(&good).is_empty(), "{:?}", silent_cuts(&good));
}

/// The rows of the reader's window, without its border (the status line
/// and the frame's bottom left out).
fn reader_rows(screen: &[String]) -> Vec<String> {
    screen[..screen.len() - 2]
        .iter()
        .filter_map(|r| {
            let inner = r.trim().strip_prefix('│')?.strip_suffix('│')?;
            Some(inner.trim_end().to_owned())
        })
        .collect()
}

#[test]
fn the_reader_wraps_between_words_and_scrolls_to_the_last_one() {
    // A long paragraph of words of every length, and a wide-character run.
    let words: Vec<String> = (0..600)
        .map(|i| format!("w{i}{}", "x".repeat(i % 13)))
        .collect();
    let body = format!("{} 李小龍李小龍李小龍 the-last-word", words.join(" "));
    let mut app = journal();
    let pair_id = app.state.pair().unwrap().id;
    let note = NewNote {
        body: body.clone(),
        private: false,
        tags: vec![],
    };
    app.store_mut().add_note(pair_id, &note).unwrap();
    app.reload();
    keys(&mut app, "5\n");
    let known: std::collections::HashSet<&str> = body.split(' ').collect();
    for (w, h) in [(60, 16), (100, 30)] {
        let first = reader_rows(&screen(&mut app, w, h));
        assert!(first[0].starts_with("w0 w1x w2xx"), "{first:?}");
        assert!(first.len() >= usize::from(h) - 7, "{first:?}");
        keys(&mut app, "G");
        let last = reader_rows(&screen(&mut app, w, h));
        assert!(
            last.last().unwrap().ends_with("the-last-word"),
            "G reaches the end at {w}x{h}: {last:?}"
        );
        // Every word on screen is whole: none was broken across rows.
        for row in first.iter().chain(&last) {
            for word in row.split(' ').filter(|w| !w.is_empty()) {
                assert!(known.contains(word), "{word:?} was cut at {w}x{h}: {row:?}");
            }
        }
        keys(&mut app, "g");
    }
}

#[test]
fn a_paragraph_typed_in_a_form_wraps_between_words() {
    let mut app = journal();
    keys(&mut app, "5n");
    // Private (the first field) is left as it is; the cursor is in the text.
    // Longer than the field's five rows at 60 columns.
    let text = "We talked about the reorg and what it means for the team, \
                then about the estimates and why they keep slipping, and \
                what a tech lead says when the roadmap changes for the third \
                time in a quarter and nobody asked the people who estimate; \
                next time the promotion case, the conference talk in spring \
                and verylastword";
    keys(&mut app, text);
    let mut shots = String::new();
    for (w, h) in [(60, 16), (80, 24)] {
        let rows = screen(&mut app, w, h);
        let shown = rows.join("\n");
        // The end of the paragraph, where the cursor is, shows: the field
        // scrolled down, not sideways.
        assert!(shown.contains("verylastword"), "{shown}");
        // No word is broken across rows.
        let known: std::collections::HashSet<&str> = text.split(' ').collect();
        for row in &rows {
            let inner = row.trim().trim_matches('│').trim();
            if inner.contains("verylastword") || inner.starts_with("We") {
                for word in inner.split(' ').filter(|w| !w.is_empty()) {
                    assert!(known.contains(word), "{word:?} at {w}x{h}\n{shown}");
                }
            }
        }
        for row in rows_of(&app, w, h) {
            shots.push_str(&row);
            shots.push('\n');
        }
    }
    insta::assert_snapshot!(shots);
}

#[test]
fn a_long_field_first_seen_cut_off_fills_its_rows_when_reached() {
    // A meeting's notes sit at the bottom of its form at 60×16, cut off;
    // reached with Tab they show five rows ending at the cursor.
    let clock = FixedClock::parse("2026-11-27T10:00:00Z").unwrap();
    let mut store = Store::open_in_memory(Arc::new(clock)).unwrap();
    let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 10).unwrap();
    let p = NewPair::new("Ana Ruiz", "Ben Okafor", Role::Mentor, "", day, None).unwrap();
    let id = store.add_pair(&p, &Template::built_in()).unwrap().id;
    let notes: Vec<String> = (1..=40).map(|i| format!("word{i}")).collect();
    let m = NewMeeting {
        held_at: day.and_hms_opt(10, 0, 0).unwrap().and_utc(),
        agenda: String::new(),
        notes: notes.join(" "),
        next_steps: String::new(),
    };
    store.add_meeting(id, &m).unwrap();
    let mut app = App::new(store, Template::built_in(), Keymap::built_in());
    let _ = app.resize(60, 16);
    keys(&mut app, "3e");
    let first = rows_of(&app, 60, 16).join("\n");
    assert!(first.contains("▸ When"), "{first}");
    keys(&mut app, "\t\t");
    let rows = rows_of(&app, 60, 16);
    let at = rows.iter().position(|r| r.contains("▸ Notes")).unwrap();
    let field: Vec<&str> = rows[at + 1..at + 6]
        .iter()
        .map(|r| r.trim_matches(|c| c == '│' || c == ' '))
        .collect();
    assert!(field.iter().all(|r| r.starts_with("word")), "{field:?}");
    assert!(field[4].ends_with("word40"), "{field:?}");
}
