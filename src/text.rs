//! Making stored text safe for a terminal.
//!
//! Text in the journal is stored exactly as typed, but nothing from the
//! database may reach a terminal as a control sequence. This is the one place
//! that strips them, used by the TUI and by the CLI's human-readable output.

use std::borrow::Cow;

/// Width a tab expands to on screen.
pub const TAB_WIDTH: usize = 4;

/// Text with escape sequences, C0/C1 controls (except newline), DEL and bidi
/// overrides removed, and tabs expanded to spaces. Newlines are kept.
pub fn clean(s: &str) -> Cow<'_, str> {
    if !s.chars().any(needs_work) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    let mut column = 0usize;
    while let Some(c) = chars.next() {
        match c {
            '\n' => {
                out.push('\n');
                column = 0;
                continue;
            }
            '\t' => {
                let pad = TAB_WIDTH - column % TAB_WIDTH;
                out.extend(std::iter::repeat_n(' ', pad));
                column += pad;
                continue;
            }
            '\u{1b}' => skip_escape(&mut chars),
            // C1 CSI and OSC introducers carry a sequence just like ESC [ and ESC ].
            '\u{9b}' => skip_until_final(&mut chars),
            '\u{9d}' | '\u{90}' | '\u{9e}' | '\u{9f}' => skip_string(&mut chars),
            c if is_dropped(c) => {}
            c => {
                out.push(c);
                column += 1;
            }
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

fn skip_escape(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    match chars.peek() {
        Some('[') => {
            chars.next();
            skip_until_final(chars);
        }
        Some(']' | 'P' | '^' | '_' | 'X') => {
            chars.next();
            skip_string(chars);
        }
        Some(_) => {
            chars.next();
        }
        None => {}
    }
}

/// Skips a CSI sequence: parameters and intermediates up to a final byte.
fn skip_until_final(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    for c in chars.by_ref() {
        if ('\u{40}'..='\u{7e}').contains(&c) {
            break;
        }
        if !('\u{20}'..='\u{3f}').contains(&c) {
            break;
        }
    }
}

/// Skips an OSC/DCS-style string up to BEL or ST (ESC \ or U+9C).
fn skip_string(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    while let Some(c) = chars.next() {
        match c {
            '\u{7}' | '\u{9c}' => break,
            '\u{1b}' => {
                if chars.peek() == Some(&'\\') {
                    chars.next();
                }
                break;
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
