//! Making stored text safe for a terminal.
//!
//! Text in the journal is stored exactly as typed, but nothing from the
//! database, nor a file name, may reach a terminal as a control sequence.
//! This is the one place that strips them ([`clean`], [`one_line`] and
//! [`path`], used by the TUI and by the CLI's human-readable output and
//! errors) and that writes them as JSON escapes ([`json_escapes`], for JSON
//! printed and JSON written to a file alike).

use std::borrow::Cow;
use std::path::Path;

/// Width a tab expands to on screen.
pub const TAB_WIDTH: usize = 4;

/// Text with escape sequences, C0/C1 controls (except newline), DEL and bidi
/// overrides removed, and tabs expanded to spaces. Newlines are kept.
///
/// A complete escape sequence is removed whole. One that never ends (an OSC
/// with no BEL or ST after it, a CSI with no final byte) loses only its ESC
/// or C1 introducer: what follows is shown, cleaned like any other text.
pub fn clean(s: &str) -> Cow<'_, str> {
    if !s.chars().any(needs_work) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut column = 0usize;
    // Once a control string finds no end, none after it will: the search is
    // not repeated, so a long line of introducers stays linear.
    let mut strings_end = true;
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        let after = &rest[c.len_utf8()..];
        rest = match c {
            '\n' => {
                out.push('\n');
                column = 0;
                after
            }
            '\t' => {
                let pad = TAB_WIDTH - column % TAB_WIDTH;
                out.extend(std::iter::repeat_n(' ', pad));
                column += pad;
                after
            }
            '\u{1b}' => skip_escape(after, &mut strings_end),
            // C1 CSI and the C1 string introducers (DCS, OSC, PM, APC) carry
            // a sequence just like ESC [ and ESC ].
            '\u{9b}' => skip_csi(after).unwrap_or(after),
            '\u{90}' | '\u{9d}' | '\u{9e}' | '\u{9f}' => {
                skip_string(after, &mut strings_end).unwrap_or(after)
            }
            c if is_dropped(c) => after,
            c => {
                out.push(c);
                column += 1;
                after
            }
        };
    }
    Cow::Owned(out)
}

/// A file's path as it may be shown on a terminal: [`one_line`] of its
/// name, so that a name holding escape sequences or line breaks cannot act
/// on the terminal nor break the line it is shown in.
pub fn path(p: &Path) -> String {
    one_line(&p.to_string_lossy())
}

/// JSON with DEL, C1 controls and bidi overrides written as JSON's own
/// `\u` escapes, as it is printed and as it is written to a file. serde_json
/// escapes only C0; a UTF-8 terminal may act on U+009B (CSI) and U+202E
/// reorders what follows. Outside strings JSON is ASCII, so replacing
/// everywhere is safe, and a parser reads back the same characters.
pub fn json_escapes(json: &str) -> Cow<'_, str> {
    let risky = |c: char| matches!(c, '\u{7f}'..='\u{9f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
    if !json.chars().any(risky) {
        return Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if risky(c) {
            out.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Like [`clean`], with every line break shown as a visible `⏎` so that a
/// multi-line text fits on one row.
pub fn one_line(s: &str) -> String {
    clean(s).trim_end_matches('\n').replace('\n', " ⏎ ")
}

fn needs_work(c: char) -> bool {
    c == '\t' || c == '\u{1b}' || is_dropped(c)
}

fn is_dropped(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        // Bidi embeddings, overrides and isolates can reorder what follows them.
        | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// What follows an ESC once the sequence it starts is removed; an
/// incomplete sequence loses only the ESC.
fn skip_escape<'a>(after: &'a str, strings_end: &mut bool) -> &'a str {
    let ended = match after.chars().next() {
        Some('[') => skip_csi(&after[1..]),
        Some(']' | 'P' | '^' | '_' | 'X') => skip_string(&after[1..], strings_end),
        // Intermediates, then a final byte: ESC c, ESC 7, ESC ( B…
        Some(' '..='~') => {
            let intermediates = after
                .bytes()
                .take_while(|b| (0x20..=0x2f).contains(b))
                .count();
            match after.as_bytes().get(intermediates) {
                Some(0x30..=0x7e) => Some(&after[intermediates + 1..]),
                _ => None,
            }
        }
        _ => None,
    };
    ended.unwrap_or(after)
}

/// What follows a CSI introducer once the sequence is removed: parameters
/// and intermediates up to a final byte. None when there is no final byte.
fn skip_csi(after: &str) -> Option<&str> {
    let body = after
        .bytes()
        .take_while(|b| (0x20..=0x3f).contains(b))
        .count();
    match after.as_bytes().get(body) {
        Some(0x40..=0x7e) => Some(&after[body + 1..]),
        _ => None,
    }
}

/// What follows an OSC/DCS-style introducer once the string is removed, up
/// to and with its BEL or ST (ESC \ or U+9C). An ESC that starts anything
/// else ends the string and is cleaned as a sequence of its own. None when
/// nothing ends it; then `strings_end` turns false, as nothing will end a
/// later one either.
fn skip_string<'a>(after: &'a str, strings_end: &mut bool) -> Option<&'a str> {
    if !*strings_end {
        return None;
    }
    let end = after
        .char_indices()
        .find(|&(_, c)| matches!(c, '\u{7}' | '\u{9c}' | '\u{1b}'));
    match end {
        Some((i, '\u{1b}')) if after[i + 1..].starts_with('\\') => Some(&after[i + 2..]),
        Some((i, '\u{1b}')) => Some(&after[i..]),
        Some((i, c)) => Some(&after[i + c.len_utf8()..]),
        None => {
            *strings_end = false;
            None
        }
    }
}

/// Pushes the rows of one line (at byte `offset` of the text) wrapped at
/// `max` display columns onto `rows`, as byte ranges of the text: a word
/// moves whole to the next row, only a word wider than a row is broken, and
/// the spaces a row is broken at belong to no row. The reader wraps long
/// texts with it without copying them; [`crate::ui::fitting::wrap`] short ones.
pub fn wrap_line(line: &str, offset: usize, max: usize, rows: &mut Vec<(usize, usize)>) {
    // The row being filled: where it starts, its width so far, and the last
    // place it may end at a space (the row's end, the next row's start, and
    // the width up to that start).
    let mut start = 0;
    let mut used = 0;
    let mut word_seen = false;
    let mut space: Option<(usize, usize, usize)> = None;
    // After a row broken at a space, the spaces that follow go with it.
    let mut after_break = false;
    for (at, c) in line.char_indices() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if c == ' ' {
            if after_break {
                start = at + 1;
                continue;
            }
            if used + w > max {
                // The space that would overflow ends the row; it is not drawn.
                rows.push((offset + start, offset + at));
                start = at + 1;
                used = 0;
                word_seen = false;
                space = None;
                after_break = true;
                continue;
            }
            used += w;
            if word_seen {
                space = Some((at, at + 1, used));
            }
            continue;
        }
        if used + w > max {
            match space.take() {
                // Back to the last space: the word moves whole to the next row.
                Some((end, next, upto)) => {
                    rows.push((offset + start, offset + end));
                    start = next;
                    used -= upto;
                }
                // A word wider than the row: broken here.
                None => {
                    rows.push((offset + start, offset + at));
                    start = at;
                    used = 0;
                }
            }
            if used + w > max {
                rows.push((offset + start, offset + at));
                start = at;
                used = 0;
            }
        }
        used += w;
        word_seen = true;
        after_break = false;
    }
    rows.push((offset + start, offset + line.len()));
}

/// A count with its thousands marked: 41000 as "41,000". Any count: a
/// `usize` of rows as a `u64` of bytes.
pub fn grouped(n: impl TryInto<u64>) -> String {
    let digits = n
        .try_into()
        .map_or_else(|_| "?".to_owned(), |n: u64| n.to_string());
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// What the system said of a failed file operation, as words inside a
/// sentence: "no such file or directory", without the "(os error 2)" the
/// standard library adds or the capital it starts with.
pub fn io_words(e: &std::io::Error) -> String {
    let said = e.to_string();
    let said = match said.rfind(" (os error ") {
        Some(at) if said.ends_with(')') => &said[..at],
        _ => said.as_str(),
    };
    // Lower-case to run on in a sentence, unless the first word is an
    // acronym ("NFS file handle…").
    let mut chars = said.chars();
    let acronym = said
        .split_whitespace()
        .next()
        .is_some_and(|w| w.chars().count() > 1 && w.chars().all(|c| !c.is_lowercase()));
    match chars.next() {
        Some(first) if !acronym => first.to_lowercase().chain(chars).collect(),
        _ => said.to_owned(),
    }
}

/// An error and its causes in one line, "what: why: why", each cause said
/// once: an error whose own words already hold its cause's (as many do)
/// does not have it said again. A file error reads as [`io_words`].
pub fn error_chain<'a>(
    chain: impl IntoIterator<Item = &'a (dyn std::error::Error + 'static)>,
) -> String {
    let mut out = String::new();
    for cause in chain {
        let words = match cause.downcast_ref::<std::io::Error>() {
            Some(io) => io_words(io),
            None => cause.to_string(),
        };
        // Said already when the text before ends with it, as "cannot read
        // ben.json: Is a directory" ends with its own cause.
        if words.is_empty() || out.ends_with(&words) || out.ends_with(&cause.to_string()) {
            continue;
        }
        if !out.is_empty() {
            out.push_str(": ");
        }
        out.push_str(&words);
    }
    out
}

/// Bytes as lower-case hex text, two digits a byte (blobs kept in JSON: an
/// undo's rows, a sync folder's marker, key slots between devices).
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The bytes of [`hex`] text; `None` for anything else.
pub fn unhex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn counts_are_grouped_by_thousands() {
        assert_eq!(super::grouped(0), "0");
        assert_eq!(super::grouped(999), "999");
        assert_eq!(super::grouped(1000), "1,000");
        assert_eq!(super::grouped(41_000), "41,000");
        assert_eq!(super::grouped(100_000), "100,000");
        assert_eq!(super::grouped(1_234_567), "1,234,567");
    }

    use super::*;

    #[test]
    fn a_file_error_reads_as_words_in_a_sentence() {
        let missing = std::io::Error::from(std::io::ErrorKind::NotFound);
        let os = std::io::Error::from_raw_os_error(21);
        assert_eq!(io_words(&missing), "entity not found");
        assert_eq!(io_words(&os), "is a directory");
        assert_eq!(
            io_words(&std::io::Error::other("Custom (said so)")),
            "custom (said so)"
        );
        assert_eq!(
            io_words(&std::io::Error::other("NFS handle gone")),
            "NFS handle gone"
        );
    }

    /// An error that says its cause in its own words, and also gives it as
    /// its source, as a careless error type does.
    #[derive(Debug)]
    struct Wrapped(std::io::Error);

    impl std::fmt::Display for Wrapped {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "cannot read ben.json: {}", self.0)
        }
    }

    impl std::error::Error for Wrapped {
        fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
            Some(&self.0)
        }
    }

    #[test]
    fn each_cause_is_said_once() {
        let os = || std::io::Error::from_raw_os_error(21);
        let twice = Wrapped(os());
        assert_eq!(
            error_chain([&twice as &(dyn std::error::Error + 'static), &os()]),
            "cannot read ben.json: Is a directory (os error 21)"
        );
        let plain = std::fmt::Error;
        assert_eq!(
            error_chain([&plain as &(dyn std::error::Error + 'static), &os()]),
            "an error occurred when formatting an argument: is a directory"
        );
    }

    #[test]
    fn plain_text_is_borrowed_untouched() {
        assert!(matches!(clean("Ben Okafor 🚀 李 مرحبا"), Cow::Borrowed(_)));
    }

    #[test]
    fn escape_sequences_are_removed_whole() {
        assert_eq!(clean("a\u{1b}[31;1mred\u{1b}[0m b"), "ared b");
        assert_eq!(clean("x\u{1b}]0;title\u{7}y"), "xy");
        assert_eq!(clean("x\u{1b}]8;;http://e\u{1b}\\link"), "xlink");
        assert_eq!(clean("x\u{9b}2Jy"), "xy");
    }

    #[test]
    fn an_unended_sequence_loses_only_its_introducer() {
        // `--tag $'tp28\e]'` once showed as just 'tp28.
        assert_eq!(clean("'tp28\u{1b}]' is not a tag"), "'tp28]' is not a tag");
        assert_eq!(clean("a\u{1b}]0;title and more"), "a]0;title and more");
        assert_eq!(clean("a\u{9d}0;rest"), "a0;rest");
        assert_eq!(clean("a\u{1b}[31"), "a[31");
        assert_eq!(clean("a\u{9b}12;é"), "a12;é");
        assert_eq!(clean("a\u{1b}"), "a");
        assert_eq!(clean("a\u{1b}李"), "a李");
        assert_eq!(clean("a\u{1b}(Bb\u{1b}cd\u{1b}("), "abd(");
    }

    #[test]
    fn an_esc_inside_a_string_ends_it_and_starts_its_own_sequence() {
        assert_eq!(clean("a\u{1b}]0;t\u{1b}[2Jb"), "ab");
        assert_eq!(clean("a\u{1b}]0;t\u{9c}b\u{1b}P1$r\u{1b}\\c"), "abc");
    }

    #[test]
    fn many_unended_strings_stay_linear_and_keep_their_text() {
        // Each ESC ends the string before it; only the last has no end.
        let line = "\u{1b}]x".repeat(200_000);
        assert!(clean(&line) == "]x");
        // Nothing ends any of these: each loses only its introducer, and
        // the search for an end is not repeated 200,000 times.
        let c1 = "\u{9d}y".repeat(200_000);
        assert!(clean(&c1) == "y".repeat(200_000));
    }

    #[test]
    fn paths_show_on_one_safe_line() {
        let p = Path::new("/tmp/a\u{1b}]0;pwn\u{7}\u{1b}[2J\u{9b}1m\u{202e}b\nc.json");
        assert_eq!(path(p), "/tmp/ab ⏎ c.json");
    }

    #[test]
    fn json_escapes_del_c1_and_bidi_and_parses_back() {
        let raw = "a\u{7f}b\u{85}c\u{9b}d\u{202e}e\u{2066}f 李";
        let json = serde_json::to_string(raw).unwrap_or_default();
        let escaped = json_escapes(&json);
        assert_eq!(escaped, "\"a\\u007fb\\u0085c\\u009bd\\u202ee\\u2066f 李\"");
        let back: String = serde_json::from_str(&escaped).unwrap_or_default();
        assert_eq!(back, raw);
        assert!(matches!(json_escapes("\"plain 李\""), Cow::Borrowed(_)));
    }

    #[test]
    fn controls_and_bidi_overrides_are_dropped() {
        assert_eq!(
            clean("a\u{0}b\u{7}c\u{7f}d\u{85}e\u{202e}f\u{2067}g\rh"),
            "abcdefgh"
        );
    }

    #[test]
    fn tabs_expand_and_newlines_stay() {
        assert_eq!(clean("a\tb\n\tc"), "a   b\n    c");
        assert_eq!(one_line("one\ntwo\n"), "one ⏎ two");
    }
}
