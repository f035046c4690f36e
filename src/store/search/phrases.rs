//! Phrase and NEAR searches over an index that keeps no word positions.
//!
//! The journal's search index records which rows hold each word, not where
//! (FTS5 `detail = column`): a third smaller, and it cannot answer
//! `"first meeting"`, `NEAR(a b)` or `^word` itself. Such a query is
//! answered in two steps. [`relax`] writes a query the index can answer
//! that finds every row the real one finds and maybe more (each phrase
//! becomes its words joined by AND; a `NOT` side and column filters are
//! dropped); the store then checks each row it finds against the real
//! query in a small in-memory index that keeps positions. The answer is
//! exactly the real query's.

/// One piece of FTS5 query syntax.
#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Open,
    Close,
    BraceOpen,
    BraceClose,
    Colon,
    Comma,
    Plus,
    Star,
    Caret,
    Minus,
    /// A quoted string, its `""` already made `"`.
    Quoted(String),
    /// A bare word (or AND, OR, NOT, NEAR, which only the parser tells apart).
    Bare(String),
}

/// FTS5's bare-word characters: letters, digits, `_`, anything not ASCII,
/// and the substitute character.
fn bare(c: char) -> bool {
    !c.is_ascii() || c.is_ascii_alphanumeric() || c == '_' || c == '\u{1a}'
}

fn lex(query: &str) -> Option<Vec<Tok>> {
    let mut out = Vec::new();
    let mut chars = query.chars().peekable();
    while let Some(c) = chars.next() {
        let tok = match c {
            c if c.is_whitespace() => continue,
            '(' => Tok::Open,
            ')' => Tok::Close,
            '{' => Tok::BraceOpen,
            '}' => Tok::BraceClose,
            ':' => Tok::Colon,
            ',' => Tok::Comma,
            '+' => Tok::Plus,
            '*' => Tok::Star,
            '^' => Tok::Caret,
            '-' => Tok::Minus,
            '"' => {
                let mut s = String::new();
                loop {
                    match chars.next()? {
                        '"' if chars.peek() == Some(&'"') => {
                            chars.next();
                            s.push('"');
                        }
                        '"' => break,
                        c => s.push(c),
                    }
                }
                Tok::Quoted(s)
            }
            c if bare(c) => {
                let mut s = String::from(c);
                while let Some(&c) = chars.peek().filter(|c| bare(**c)) {
                    s.push(c);
                    chars.next();
                }
                Tok::Bare(s)
            }
            _ => return None,
        };
        out.push(tok);
    }
    Some(out)
}

/// A recursive-descent reading of FTS5's grammar (OR binds loosest, then
/// AND, then NOT; phrases side by side are an AND that binds tighter
/// still), writing the relaxed query as it goes, fully parenthesised.
struct Relaxer<'a, F> {
    toks: &'a [Tok],
    at: usize,
    words: F,
}

impl<F: FnMut(&str) -> Option<Vec<String>>> Relaxer<'_, F> {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.at)
    }

    fn peek_at(&self, ahead: usize) -> Option<&Tok> {
        self.toks.get(self.at + ahead)
    }

    fn next(&mut self) -> Option<Tok> {
        let t = self.toks.get(self.at).cloned();
        self.at += 1;
        t
    }

    fn expect(&mut self, tok: &Tok) -> Option<()> {
        (self.next()? == *tok).then_some(())
    }

    fn keyword(&self, word: &str) -> bool {
        matches!(self.peek(), Some(Tok::Bare(w)) if w == word)
    }

    fn or(&mut self) -> Option<String> {
        let mut parts = vec![self.and()?];
        while self.keyword("OR") {
            self.next();
            parts.push(self.and()?);
        }
        Some(join(parts, " OR "))
    }

    fn and(&mut self) -> Option<String> {
        let mut parts = vec![self.not()?];
        while self.keyword("AND") {
            self.next();
            parts.push(self.not()?);
        }
        Some(join(parts, " AND "))
    }

    /// `a NOT b` finds no row that `a` alone does not: its `NOT` side goes.
    fn not(&mut self) -> Option<String> {
        let kept = self.primary()?;
        while self.keyword("NOT") {
            self.next();
            self.primary()?;
        }
        Some(kept)
    }

    fn primary(&mut self) -> Option<String> {
        if self.peek() == Some(&Tok::Open) {
            self.next();
            let inner = self.or()?;
            self.expect(&Tok::Close)?;
            return Some(inner);
        }
        // A column filter before a parenthesised query.
        let save = self.at;
        if self.colset().is_some() {
            if self.peek() == Some(&Tok::Open) {
                return self.primary();
            }
            self.at = save;
        }
        let mut parts = Vec::new();
        while self.starts_phrase() {
            // A filter before one phrase (skipped if there is none).
            let _ = self.colset();
            parts.push(self.nearset()?);
        }
        (!parts.is_empty()).then(|| join(parts, " AND "))
    }

    /// Whether a phrase, a NEAR group or a column filter starts here.
    fn starts_phrase(&self) -> bool {
        match self.peek() {
            Some(Tok::Bare(w)) => !matches!(w.as_str(), "AND" | "OR" | "NOT"),
            Some(Tok::Quoted(_) | Tok::Caret | Tok::Minus | Tok::BraceOpen) => true,
            _ => false,
        }
    }

    /// Skips a column filter (`body:`, `-body:`, `{body}:`) if one is here.
    /// The index has one column, so dropping the filter only finds more.
    fn colset(&mut self) -> Option<()> {
        let save = self.at;
        if self.peek() == Some(&Tok::Minus) {
            self.next();
        }
        let found = match self.next() {
            Some(Tok::Bare(_)) => self.expect(&Tok::Colon),
            Some(Tok::BraceOpen) => {
                while let Some(Tok::Bare(_)) = self.peek() {
                    self.next();
                }
                self.expect(&Tok::BraceClose)
                    .and_then(|()| self.expect(&Tok::Colon))
            }
            _ => None,
        };
        if found.is_none() {
            self.at = save;
        }
        found
    }

    fn nearset(&mut self) -> Option<String> {
        if self.keyword("NEAR") && self.peek_at(1) == Some(&Tok::Open) {
            self.next();
            self.next();
            let mut parts = Vec::new();
            while matches!(
                self.peek(),
                Some(Tok::Bare(_) | Tok::Quoted(_) | Tok::Caret)
            ) {
                parts.push(self.phrase()?);
            }
            if self.peek() == Some(&Tok::Comma) {
                self.next();
                let Some(Tok::Bare(_)) = self.next() else {
                    return None;
                };
            }
            self.expect(&Tok::Close)?;
            return (!parts.is_empty()).then(|| join(parts, " AND "));
        }
        self.phrase()
    }

    /// A phrase (`^`? word `*`? (`+` word `*`?)*) as each of its words,
    /// as the tokenizer reads them, joined by AND.
    fn phrase(&mut self) -> Option<String> {
        if self.peek() == Some(&Tok::Caret) {
            self.next();
        }
        let mut words = Vec::new();
        loop {
            let text = match self.next()? {
                Tok::Quoted(s) | Tok::Bare(s) => s,
                _ => return None,
            };
            let star = self.peek() == Some(&Tok::Star);
            if star {
                self.next();
            }
            let mut found: Vec<String> = (self.words)(&text)?
                .into_iter()
                .map(|w| format!("\"{}\"", w.replace('"', "\"\"")))
                .collect();
            if star && let Some(last) = found.last_mut() {
                last.push('*');
            }
            words.extend(found);
            if self.peek() != Some(&Tok::Plus) {
                break;
            }
            self.next();
        }
        // A phrase of no words finds nothing, here as in the real query.
        if words.is_empty() {
            return Some("\"\"".to_owned());
        }
        Some(join(words, " AND "))
    }
}

fn join(parts: Vec<String>, op: &str) -> String {
    if parts.len() == 1 {
        parts.into_iter().next().unwrap_or_default()
    } else {
        format!("({})", parts.join(op))
    }
}

/// A query the position-less index can answer that finds every row
/// `query` finds (and maybe more), or `None` if `query` is not FTS5
/// syntax. `words` splits a string into the index's words, exactly as its
/// tokenizer does (`None` if it cannot).
pub(super) fn relax(query: &str, words: impl FnMut(&str) -> Option<Vec<String>>) -> Option<String> {
    let toks = lex(query)?;
    let mut r = Relaxer {
        toks: &toks,
        at: 0,
        words,
    };
    let out = r.or()?;
    (r.at == toks.len()).then_some(out)
}

/// One phrase: its words in order, each whole or the start of a word.
pub(super) type Phrase = Vec<(String, bool)>;

/// The phrases of a query that is nothing but phrases and words, side by
/// side or joined by AND (`"first meeting" trust`), each split by `words`
/// as the tokenizer splits it; `None` for any other query (OR, NOT, NEAR,
/// `^`, a column filter, parentheses), which the in-memory index checks.
pub(super) fn plain_phrases(
    query: &str,
    mut words: impl FnMut(&str) -> Option<Vec<String>>,
) -> Option<Vec<Phrase>> {
    let toks = lex(query)?;
    let mut out = Vec::new();
    let mut at = 0;
    while at < toks.len() {
        if matches!(&toks[at], Tok::Bare(w) if w == "AND") && !out.is_empty() {
            at += 1;
            continue;
        }
        let mut phrase = Phrase::new();
        loop {
            let text = match toks.get(at)? {
                Tok::Quoted(s) => s,
                Tok::Bare(w) if !matches!(w.as_str(), "AND" | "OR" | "NOT" | "NEAR") => w,
                _ => return None,
            };
            at += 1;
            let star = toks.get(at) == Some(&Tok::Star);
            if star {
                at += 1;
            }
            let mut found: Phrase = words(text)?.into_iter().map(|w| (w, false)).collect();
            if let Some(last) = found.last_mut() {
                last.1 = star;
            }
            phrase.extend(found);
            if toks.get(at) != Some(&Tok::Plus) {
                break;
            }
            at += 1;
        }
        out.push(phrase);
    }
    (!out.is_empty()).then_some(out)
}

/// Whether `text`, which must be ASCII, holds every one of `phrases`, its
/// words read as the index's tokenizer reads ASCII: runs of letters and
/// digits, in any case. A phrase of no words is held by nothing.
pub(super) fn holds_all(text: &str, phrases: &[Phrase]) -> bool {
    debug_assert!(text.is_ascii());
    let words: Vec<&[u8]> = text
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::as_bytes)
        .collect();
    phrases.iter().all(|p| {
        !p.is_empty()
            && words.windows(p.len()).any(|run| {
                run.iter()
                    .zip(p)
                    .all(|(w, (t, prefix))| super::rank::ascii_word_is(w, t, *prefix))
            })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Words as unicode61 reads plain ASCII: runs of letters and digits, lower-cased.
    fn ascii_words(s: &str) -> Option<Vec<String>> {
        Some(
            s.split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(str::to_lowercase)
                .collect(),
        )
    }

    fn relaxed(q: &str) -> Option<String> {
        relax(q, ascii_words)
    }

    #[test]
    fn a_phrase_becomes_its_words() {
        assert_eq!(
            relaxed("\"First meeting\"").as_deref(),
            Some("(\"first\" AND \"meeting\")")
        );
        assert_eq!(
            relaxed("\"don't\" plan*").as_deref(),
            Some("((\"don\" AND \"t\") AND \"plan\"*)")
        );
        assert_eq!(
            relaxed("\"first meet\"*").as_deref(),
            Some("(\"first\" AND \"meet\"*)")
        );
        assert_eq!(relaxed("a + b").as_deref(), Some("(\"a\" AND \"b\")"));
        assert_eq!(relaxed("^trust").as_deref(), Some("\"trust\""));
        assert_eq!(relaxed("\"...\"").as_deref(), Some("\"\""));
    }

    #[test]
    fn near_groups_and_operators_keep_their_shape() {
        assert_eq!(
            relaxed("NEAR(\"first meeting\" trust, 5) OR goals").as_deref(),
            Some("(((\"first\" AND \"meeting\") AND \"trust\") OR \"goals\")")
        );
        // NOT binds tighter than AND, phrases side by side tighter still.
        assert_eq!(
            relaxed("a NOT \"b c\" d AND e").as_deref(),
            Some("(\"a\" AND \"e\")")
        );
        assert_eq!(
            relaxed("(a OR \"b c\") NOT d").as_deref(),
            Some("(\"a\" OR (\"b\" AND \"c\"))")
        );
        assert_eq!(
            relaxed("body: \"b c\" {body}: d -body: e").as_deref(),
            Some("((\"b\" AND \"c\") AND \"d\" AND \"e\")")
        );
        // NEAR not followed by a parenthesis is a word.
        assert_eq!(
            relaxed("near NEAR").as_deref(),
            Some("(\"near\" AND \"near\")")
        );
    }

    #[test]
    fn plain_phrases_are_checked_word_by_word() {
        let p = |q: &str| plain_phrases(q, ascii_words);
        let phrases = p("\"first meeting\" AND trust* \"don't\"").expect("plain");
        assert_eq!(phrases.len(), 3);
        assert!(holds_all(
            "Trusting: our FIRST meeting; I don't mind.",
            &phrases
        ));
        assert!(!holds_all(
            "our first, then meeting; trust; don't",
            &phrases
        ));
        assert!(!holds_all("first meeting, trust, do not", &phrases));
        assert!(!holds_all("meeting first, trust, don't", &phrases));
        assert!(holds_all("a b c", &p("a + b c").expect("plain")));
        assert!(!holds_all("anything", &p("\"...\"").expect("plain")));
        for q in [
            "a OR b",
            "a NOT b",
            "NEAR(a b)",
            "^a",
            "body: a",
            "(a)",
            "AND a",
        ] {
            assert_eq!(p(q), None, "{q}");
        }
    }

    #[test]
    fn what_is_not_fts5_syntax_is_refused() {
        for q in ["don't", "\"open", "(a", "a)", "AND", "a OR", "NEAR(a, )"] {
            assert_eq!(relaxed(q), None, "{q}");
        }
    }
}
