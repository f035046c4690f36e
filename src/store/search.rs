//! Full-text search over every text field through the one FTS5 index.
//! The index is contentless, so hits are resolved to their rows here and
//! snippets are cut from the row's own text.

mod phrases;
mod rank;

use std::collections::HashSet;
use std::sync::LazyLock;

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};
use serde::Serialize;

use super::{Result, Store, StoreError, row};
use crate::domain::{Kind, Noun};
use crate::text;
use rank::Weights;

/// The kinds of row the index holds, by their code: the place of each
/// here. An entry's key is its id * 8 + its code; the index's rowid is its
/// number in `search_row` (the order entries were written) * 8 + its code.
const INDEXED: [Kind; 8] = [
    Kind::Pair,
    Kind::ChecklistItem,
    Kind::Strength,
    Kind::Experience,
    Kind::Meeting,
    Kind::Feedback,
    Kind::Note,
    Kind::Action,
];

/// The table of each kind, by code, and the text the index holds for a
/// row of it, as the schema's triggers write it
/// (store/migrations/0012_search_order.sql).
const INDEXED_TEXT: [(&str, &str); 8] = [
    (
        "pair",
        "mentor_name || char(10) || mentee_name || char(10) || focus",
    ),
    ("checklist_item", "title || char(10) || note"),
    ("strength", "text"),
    ("experience", "challenge || char(10) || similar"),
    (
        "meeting",
        "agenda || char(10) || notes || char(10) || next_steps",
    ),
    (
        "feedback",
        "body || char(10) || coalesce(situation, '') || char(10) || coalesce(behaviour, '')
         || char(10) || coalesce(impact, '') || char(10) || follow_up",
    ),
    ("note", "body || char(10) || tags"),
    ("action_item", "text"),
];

/// The statement reading the indexed text of one row of each kind, by code.
static TEXT_OF: LazyLock<Vec<String>> = LazyLock::new(|| {
    INDEXED_TEXT
        .iter()
        .map(|(table, text)| {
            // A sealed note's text is not in the index, nor readable.
            let sealed = if *table == "note" {
                " AND sealed IS NULL"
            } else {
                ""
            };
            format!("SELECT {text} FROM {table} WHERE id = ?1{sealed}")
        })
        .collect()
});

/// The index's matches of `?1` below rowid `?5`, newest first, each with
/// its entry's key, whether it is a private note the filter leaves out
/// (`?4`: private notes are shown), and, when `?6`, the text of each one
/// shown, to rank it as it is read; filtered by kind (`?2`) and pair (`?3`).
static MATCHES: LazyLock<String> = LazyLock::new(|| {
    let by_kind = |each: &dyn Fn(&str, &str) -> String| -> String {
        INDEXED_TEXT
            .iter()
            .enumerate()
            .map(|(code, (table, text))| format!(" WHEN {code} THEN {}", each(table, text)))
            .collect()
    };
    let pair_of = by_kind(&|table, _| {
        if table == "pair" {
            "r.id".to_owned()
        } else {
            format!("(SELECT pair_id FROM {table} WHERE id = r.id)")
        }
    });
    let text_of = by_kind(&|table, text| format!("(SELECT {text} FROM {table} WHERE id = r.id)"));
    format!(
        "SELECT s.rowid, r.id * 8 + r.code, NOT ?4 AND r.private,
                CASE WHEN ?6 AND (?4 OR NOT r.private) THEN CASE r.code{text_of} END END
         FROM search_index AS s CROSS JOIN search_row AS r ON r.seq = s.rowid / 8
         WHERE search_index MATCH ?1 AND s.rowid < ?5 AND (?2 IS NULL OR s.rowid % 8 = ?2)
           AND (?3 IS NULL OR ?3 = CASE r.code{pair_of} END)
         ORDER BY s.rowid DESC"
    )
});

/// The index's code for `kind`, if the index holds it.
fn code(kind: Kind) -> Option<i64> {
    INDEXED.iter().position(|k| *k == kind).map(|i| i as i64)
}

/// The word a hit's kind has had in `candor search` and its JSON: the
/// kind's own word, but `checklist` for a checklist item.
pub fn hit_word(kind: Kind) -> &'static str {
    match kind {
        Kind::ChecklistItem => "checklist",
        other => other.as_str(),
    }
}

fn serialize_hit_word<S: serde::Serializer>(
    kind: &Kind,
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_str(hit_word(*kind))
}

/// What to search and how much.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchFilter {
    /// Only this pair.
    pub pair_id: Option<i64>,
    /// Only this kind; the index holds pairs, checklist items, strengths,
    /// experiences, meetings, feedback, notes and action items (any other
    /// kind finds nothing).
    pub kind: Option<Kind>,
    /// Private notes too (only where they are shown).
    pub include_private: bool,
    /// The most hits to return.
    pub limit: usize,
    /// The last word matches as the start of a word (`estim` finds
    /// "estimates"): for a search run as the person types.
    pub prefix_last: bool,
    /// For a phrase (or NEAR, `^`), the most entries holding all its words
    /// to check for it, newest first: the screen's search as you type
    /// stays quick with a phrase of common words that is itself rare.
    /// `None` checks them all.
    pub check_at_most: Option<usize>,
}

/// Hits, and whether a phrase was looked for in only part of the journal.
#[derive(Debug, Clone, PartialEq)]
pub struct Searched {
    /// Best first.
    pub hits: Vec<Hit>,
    /// The [`SearchFilter::check_at_most`] newest entries holding a
    /// phrase's words were checked and older ones were not.
    pub cut_short: bool,
    /// Private notes that match and are left out (the filter does not
    /// include them), counted among the matches looked at: all of them
    /// when [`Searched::held_back_all`], else those as new as the oldest
    /// match ranked, up to [`RANKED`].
    pub held_back: usize,
    /// [`Searched::held_back`] counts every private note that matches.
    pub held_back_all: bool,
    /// More matched than [`SearchFilter::limit`]: the best are the hits.
    pub more: bool,
}

/// Rows of the index matching a query, newest first ([`Store::index_matches`]).
#[derive(Debug, Default)]
struct Found {
    /// The entries the filter shows, by key (id * 8 + their kind's code).
    rows: Vec<i64>,
    /// The keys of private notes the filter leaves out, at most as many as
    /// were asked for.
    held: Vec<i64>,
    /// The oldest rowid looked at: a next batch starts below it.
    last: Option<i64>,
    /// Every match was looked at: none is older than `last`.
    all: bool,
    /// A private note left out was not kept in `held`, which was full.
    held_more: bool,
    /// The rank of each of `rows`, when they were ranked as they were read.
    ranks: Vec<f64>,
}

impl Default for SearchFilter {
    fn default() -> Self {
        Self {
            pair_id: None,
            kind: None,
            include_private: false,
            limit: 50,
            prefix_last: false,
            check_at_most: None,
        }
    }
}

/// One search hit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    /// The row's id in its table.
    pub id: i64,
    /// The row's uid.
    pub uid: String,
    /// What it is; in JSON its [`hit_word`] (`checklist` for a checklist item).
    #[serde(serialize_with = "serialize_hit_word")]
    pub kind: Kind,
    /// The pair it belongs to.
    pub pair_id: i64,
    /// The pair's names, "mentor & mentee".
    pub pair: String,
    /// When it happened (held, given) or was written.
    pub date: DateTime<Utc>,
    /// The text around the first match, matches marked «like this».
    pub snippet: String,
    /// bm25 relevance; lower is better.
    pub rank: f64,
    /// A private note (found only when private notes are searched).
    pub private: bool,
}

/// The query as FTS5 understands it: as typed if it parses, else each word
/// as a literal phrase, so no query a person can type is an error.
fn literal(query: &str) -> String {
    query
        .split_whitespace()
        .map(|w| format!("\"{}\"", w.replace('"', "\"\"")))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A query without its `-word` and `-"a phrase"` (a `-` that starts a
/// word, as most search boxes read it), and those words and phrases, each
/// with whether it ends in `*` (`-budg*`): FTS5 knows only `NOT`, and reads
/// `-budget` as `budget`, the opposite of what was meant. A word left out
/// runs to the next space or `)`, whatever it holds (`-first-meeting`,
/// `-v1.2`: its words side by side), a star at its end aside; a phrase
/// whose quote is not closed yet runs to the end. An operator (`AND`, `OR`,
/// `NOT`) just before a word left out goes with it.
fn split_left_out(query: &str) -> (String, Vec<(String, bool)>) {
    let mut kept = String::with_capacity(query.len());
    let mut out = Vec::new();
    let mut chars = query.chars().peekable();
    let mut at_start = true;
    let mut in_quotes = false;
    while let Some(c) = chars.next() {
        let next = chars.peek().copied();
        if c == '-'
            && at_start
            && !in_quotes
            && next.is_some_and(|n| n == '"' || n.is_alphanumeric())
        {
            let mut left = String::new();
            let mut prefix = false;
            if next == Some('"') {
                chars.next();
                left.extend(chars.by_ref().take_while(|&c| c != '"'));
                prefix = chars.next_if_eq(&'*').is_some();
            } else {
                while let Some(c) = chars.next_if(|&c| !c.is_whitespace() && c != ')' && c != '"') {
                    left.push(c);
                }
                if left.ends_with('*') {
                    left.truncate(left.trim_end_matches('*').len());
                    prefix = true;
                }
            }
            let before = kept.trim_end();
            if let Some(operator) = ["AND", "OR", "NOT"].into_iter().find(|op| {
                before.strip_suffix(op).is_some_and(|rest| {
                    rest.is_empty() || rest.ends_with(|c: char| c.is_whitespace() || c == '(')
                })
            }) {
                kept.truncate(before.len() - operator.len());
            }
            if !left.trim().is_empty() {
                out.push((left, prefix));
            }
            at_start = false;
            continue;
        }
        if c == '"' {
            in_quotes = !in_quotes;
        }
        at_start = c.is_whitespace() || (c == '(' && !in_quotes);
        kept.push(c);
    }
    (kept, out)
}

/// The words of a query, lower-cased, with whether each is a prefix (`trus*`).
fn terms(query: &str) -> Vec<(String, bool)> {
    // FTS5's operators are these words in capitals only: `not ready`
    // looks for the word "not".
    const OPERATORS: [&str; 4] = ["AND", "OR", "NOT", "NEAR"];
    let mut out = Vec::new();
    let mut word = String::new();
    let mut done = |word: &mut String, prefix: bool| {
        let w = std::mem::take(word);
        if !OPERATORS.contains(&w.as_str()) {
            out.push((w.to_lowercase(), prefix));
        }
    };
    for c in query.chars() {
        if c.is_alphanumeric() {
            word.push(c);
            continue;
        }
        if !word.is_empty() {
            // A word followed by ':' names a column, not a term.
            if c == ':' {
                word.clear();
            } else {
                done(&mut word, c == '*');
            }
        }
    }
    if !word.is_empty() {
        done(&mut word, false);
    }
    out
}

/// Whether `word` is one of `terms` (folded), or starts with a prefix one.
fn matches(word: &str, terms: &[(String, bool)]) -> bool {
    terms
        .iter()
        .any(|(t, prefix)| rank::word_is(word, t, *prefix))
}

/// Words of `s` with their byte ranges, found as they are asked for.
fn words(s: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut chars = s.char_indices().peekable();
    std::iter::from_fn(move || {
        let (start, _) = chars.find(|(_, c)| c.is_alphanumeric())?;
        let mut end = s.len();
        while let Some(&(i, c)) = chars.peek() {
            if !c.is_alphanumeric() {
                end = i;
                break;
            }
            chars.next();
        }
        Some((start, end))
    })
}

/// Words of a query, folded, each with whether it is a prefix (`trus*`).
type Terms = Vec<(String, bool)>;

/// The phrases of `query` ("in quotes") of two words or more, and its
/// other words (a phrase of one word among them), folded as the index
/// folds them, so `cafe` marks "café" too.
fn phrases_and_words(query: &str) -> (Vec<Terms>, Terms) {
    let fold = |q: &str| -> Terms {
        terms(q)
            .into_iter()
            .map(|(w, prefix)| (rank::fold(&w), prefix))
            .collect()
    };
    // Inside quotes every word is the phrase's: `"pros and cons"` holds
    // "and", which outside them would be an operator.
    let quoted = |q: &str| -> Terms {
        q.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(|w| (rank::fold(w), false))
            .collect()
    };
    let mut phrases = Vec::new();
    let mut loose = Vec::new();
    for (i, part) in query.split('"').enumerate() {
        if i % 2 == 0 {
            loose.extend(fold(part));
            continue;
        }
        let found = quoted(part);
        if found.len() > 1 {
            phrases.push(found);
        } else {
            loose.extend(found);
        }
    }
    (phrases, loose)
}

/// Where in `body` one of `phrases` first stands whole: the byte its first
/// word starts at. Read word by word, holding only the last few, so a long
/// text costs no more than the words before the phrase.
fn first_phrase(body: &str, phrases: &[Terms]) -> Option<usize> {
    let longest = phrases.iter().map(Vec::len).max()?;
    let mut last: std::collections::VecDeque<(usize, usize)> =
        std::collections::VecDeque::with_capacity(longest);
    for span in words(body) {
        if last.len() == longest {
            last.pop_front();
        }
        last.push_back(span);
        let recent = last.make_contiguous();
        // A phrase ending at this word.
        for p in phrases {
            if let Some(run) = recent
                .len()
                .checked_sub(p.len())
                .map(|from| &recent[from..])
            {
                let whole = run
                    .iter()
                    .zip(p)
                    .all(|(&(a, b), (t, prefix))| rank::word_is(&body[a..b], t, *prefix));
                if whole {
                    return Some(run[0].0);
                }
            }
        }
    }
    None
}

/// The word ranges of `spans` (byte ranges into `text`) where one of
/// `phrases` stands whole, its words side by side: (first word, words).
fn phrase_runs<'a>(
    text: &'a str,
    spans: &'a [(usize, usize)],
    phrases: &'a [Terms],
) -> impl Iterator<Item = (usize, usize)> + 'a {
    (0..spans.len()).filter_map(move |i| {
        phrases.iter().find_map(|p| {
            spans
                .get(i..i + p.len())
                .filter(|run| {
                    run.iter()
                        .zip(p)
                        .all(|(&(a, b), (t, prefix))| rank::word_is(&text[a..b], t, *prefix))
                })
                .map(|_| (i, p.len()))
        })
    })
}

/// Up to `width` characters around the first matching word, matches marked «».
pub fn snippet(body: &str, query: &str, width: usize) -> String {
    let (phrases, loose) = phrases_and_words(query);
    // Around the first place a phrase of the query stands whole, if it has
    // one, else around the first word that matches.
    let first = first_phrase(body, &phrases)
        .or_else(|| {
            words(body)
                .find(|&(a, b)| matches(&body[a..b], &loose))
                .map(|(a, _)| a)
        })
        .unwrap_or(0);
    let mut start = first.saturating_sub(width / 3);
    while !body.is_char_boundary(start) {
        start -= 1;
    }
    // A short text is shown from its start; a window into a longer one
    // starts at a word, not in the middle of one.
    if body.len() <= width * 4 && text::one_line(body).chars().count() <= width {
        start = 0;
    } else if body[..start].ends_with(char::is_alphanumeric)
        && body[start..].starts_with(char::is_alphanumeric)
    {
        // The cut word's rest is skipped: the window starts at the next
        // word (the match itself at the latest).
        start = words(&body[start..first])
            .nth(1)
            .map_or(first, |(a, _)| start + a);
    }
    let mut end = (start + width * 4).min(body.len());
    while !body.is_char_boundary(end) {
        end -= 1;
    }
    let whole = text::one_line(&body[start..end]);
    let cut = whole.chars().count() > width;
    let window: String = whole.chars().take(width).collect();
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    // A phrase's words are marked where the phrase stands whole; other
    // words wherever they are.
    let spans: Vec<(usize, usize)> = words(&window).collect();
    let mut in_phrase = vec![false; spans.len()];
    for (i, len) in phrase_runs(&window, &spans, &phrases) {
        in_phrase[i..i + len].fill(true);
    }
    let mut last = 0;
    for (&(a, b), in_phrase) in spans.iter().zip(in_phrase) {
        if in_phrase || matches(&window[a..b], &loose) {
            out.push_str(&window[last..a]);
            out.push('«');
            out.push_str(&window[a..b]);
            out.push('»');
            last = b;
        }
    }
    out.push_str(&window[last..]);
    if end < body.len() || cut {
        out.push('…');
    }
    out
}

/// Whether `e` is the index saying it keeps no word positions for what
/// the query asks (a phrase of several words, NEAR, `^`).
fn needs_positions(e: &StoreError) -> bool {
    matches!(e, StoreError::Sqlite(rusqlite::Error::SqliteFailure(_, Some(msg)))
        if msg.contains("detail!=full"))
}

/// The rows holding the whole word `?1`, from the index's vocabulary.
/// Asked by `=`, so that FTS5 reads that word's entry alone: a range of
/// the words it starts, filtered to `?1` afterwards (SQLite hands a
/// virtual table no constraint inside an `OR`), walked the rows of each of
/// them first, `about`, `and`, `as` and every other for the `a` of `a plan`.
const WORD_ROWS: &str = "SELECT doc FROM temp.search_terms WHERE term = ?1";

/// The rows holding each word that starts with `?1` (every word from `?1`
/// up to `?2`, `?1` followed by the last character there is), summed.
const PREFIX_ROWS: &str = "SELECT sum(doc) FROM temp.search_terms WHERE term >= ?1 AND term < ?2";

/// How many of the newest matches are ranked: a word found in more entries
/// than this is ranked among its newest matches only, so a search of a
/// common word costs the same at 100,000 entries as at 1,000.
pub const RANKED: usize = 1_000;

/// The most words (or word starts) searched as typed: each is looked up in
/// the index on its own, and a pasted or held-down burst of short prefixes
/// (`a* a* a* …`) kept the screen busy for minutes. A longer query is
/// searched as its first [`MOST_WORDS`] distinct words, each whole.
pub const MOST_WORDS: usize = 32;

/// A last word typed shorter than this is matched as a whole word, not as
/// the start of words: a one- or two-letter start matches so many words
/// that gathering them all would take longer than a keystroke may.
pub const PREFIX_FROM: usize = 3;

/// What `candor doctor` finds of the search index's numbering: every
/// entry the index holds (every row of its kinds, but sealed notes)
/// numbered once in `search_row`, no number left for an entry gone, and
/// the index holding as many rows as are numbered.
static NUMBERING: LazyLock<String> = LazyLock::new(|| {
    let (mut entries, mut unnumbered, mut gone) = (Vec::new(), Vec::new(), Vec::new());
    for (code, (table, _)) in INDEXED_TEXT.iter().enumerate() {
        let sealed = if *table == "note" {
            " AND t.sealed IS NULL"
        } else {
            ""
        };
        entries.push(format!("(SELECT count(*) FROM {table} t WHERE 1{sealed})"));
        unnumbered.push(format!(
            "(SELECT count(*) FROM {table} t WHERE NOT EXISTS
                 (SELECT 1 FROM search_row r WHERE r.code = {code} AND r.id = t.id){sealed})"
        ));
        gone.push(format!(
            "(SELECT count(*) FROM search_row r WHERE r.code = {code} AND NOT EXISTS
                 (SELECT 1 FROM {table} t WHERE t.id = r.id{sealed}))"
        ));
    }
    format!(
        "SELECT {}, {}, {}, (SELECT count(*) FROM search_row)",
        entries.join(" + "),
        unnumbered.join(" + "),
        gone.join(" + ")
    )
});

impl Store {
    /// The doctor's check of the search index: the entries it should hold,
    /// those not numbered, the numbers of entries gone, and the rows the
    /// index holds against the numbers.
    pub(super) fn search_index_check(&self) -> Result<(bool, String)> {
        let (entries, unnumbered, gone, numbered): (i64, i64, i64, i64) =
            self.conn.query_row(&NUMBERING, [], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })?;
        let record: Vec<u8> = self
            .conn
            .query_row(
                "SELECT block FROM search_index_data WHERE id = 1",
                [],
                |r| r.get(0),
            )
            .optional()?
            .unwrap_or_default();
        let indexed = rank::averages(&record).map_or(0, |(rows, _)| rows);
        let indexed = i64::try_from(indexed).unwrap_or(i64::MAX);
        let mut wrong = Vec::new();
        if unnumbered > 0 {
            wrong.push(format!("{} not in it", Noun::ENTRY.count(unnumbered)));
        }
        if gone > 0 {
            wrong.push(format!(
                "{} of entries gone",
                Noun::new("a", "number", "numbers").count(gone)
            ));
        }
        if indexed != numbered {
            wrong.push(format!(
                "{} indexed for {} numbered",
                text::grouped(indexed),
                text::grouped(numbered)
            ));
        }
        if wrong.is_empty() {
            return Ok((
                true,
                format!("{} searchable, each once", Noun::ENTRY.count(entries)),
            ));
        }
        Ok((
            false,
            format!(
                "{}: a search may miss these or show them out of order",
                wrong.join(", ")
            ),
        ))
    }

    /// Hits for `query`, filtered as asked, best first (bm25) among the
    /// [`RANKED`] newest matches (in the order entries of every kind were
    /// written to this journal); ties newest first.
    pub fn search(&self, query: &str, filter: &SearchFilter) -> Result<Vec<Hit>> {
        Ok(self.search_reporting(query, filter)?.hits)
    }

    /// [`Store::search`], saying too what the hits leave unsaid: whether a
    /// phrase was looked for in part of the journal only
    /// ([`SearchFilter::check_at_most`]), how many private notes matched
    /// and were left out, and whether more matched than the limit.
    pub fn search_reporting(&self, query: &str, filter: &SearchFilter) -> Result<Searched> {
        // What is searched is what can be shown: escape sequences and
        // control characters (a paste, a shell's `$'…'`) are no part of it.
        let query = &*text::clean(query);
        // Filled in as the search goes: the hits last.
        let mut tally = Searched {
            hits: Vec::new(),
            cut_short: false,
            held_back: 0,
            held_back_all: true,
            more: false,
        };
        // The in-memory tables a search uses, made before the read below.
        self.conn.execute_batch(
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_check USING fts5 (
                 body, content = '', tokenize = 'unicode61 remove_diacritics 2');
             CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_check_words
                 USING fts5vocab ('temp', 'search_check', 'instance');
             CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_terms
                 USING fts5vocab ('main', 'search_index', 'row');",
        )?;
        // One read of the file for the whole search: each row read to rank
        // or check a hit would otherwise take and give back its lock again.
        // Deferred: the store's own transactions are immediate, made to
        // write, and would wait on any other writer (an import beside the
        // screen); a read never does.
        let hits = if self.conn.is_autocommit() {
            let read = rusqlite::Transaction::new_unchecked(
                &self.conn,
                rusqlite::TransactionBehavior::Deferred,
            )?;
            let hits = self.search_now(query, filter, &mut tally)?;
            read.commit()?;
            hits
        } else {
            self.search_now(query, filter, &mut tally)?
        };
        tally.hits = hits;
        Ok(tally)
    }

    fn search_now(
        &self,
        query: &str,
        filter: &SearchFilter,
        tally: &mut Searched,
    ) -> Result<Vec<Hit>> {
        if query.trim().is_empty() {
            return Ok(Vec::new());
        }
        // Nothing of a kind the index does not hold is found.
        if filter.kind.is_some_and(|k| code(k).is_none()) {
            return Ok(Vec::new());
        }
        // `-word` and `-"a phrase"` leave out the entries holding them.
        let (query, left_out) = split_left_out(query);
        let query = query.as_str();
        if query.trim().is_empty() {
            // Only what to leave out: nothing to look for.
            return Ok(Vec::new());
        }
        let not: String = left_out
            .iter()
            .map(|(w, prefix)| {
                let star = if *prefix { "*" } else { "" };
                format!(" NOT \"{}\"{star}", w.replace('"', "\"\""))
            })
            .collect();
        let with_not = |fts: String| {
            if not.is_empty() {
                fts
            } else {
                format!("({fts}){not}")
            }
        };
        let words = terms(query);
        if words.len() > MOST_WORDS {
            let mut distinct: Vec<String> = Vec::new();
            for (word, _) in words {
                if distinct.len() < MOST_WORDS && !distinct.contains(&word) {
                    distinct.push(word);
                }
            }
            let whole = distinct
                .iter()
                .map(|w| format!("\"{w}\""))
                .collect::<Vec<_>>()
                .join(" ");
            return match self.search_with(&with_not(whole), query, filter.kind, filter, tally) {
                Err(StoreError::Sqlite(_)) => Ok(Vec::new()),
                other => other,
            };
        }
        let kind = filter.kind;
        // A word still being typed is the start of a word, once it has a few letters.
        let last_word = query
            .chars()
            .rev()
            .take_while(|c| c.is_alphanumeric())
            .count();
        let typing = filter.prefix_last && last_word >= PREFIX_FROM;
        let star = if typing { "*" } else { "" };
        // A phrase still being typed (its quote not closed yet) is a phrase
        // so far, not its words anywhere.
        let close = if query.matches('"').count() % 2 == 1 {
            "\""
        } else {
            ""
        };
        let query = &format!("{query}{close}{star}");
        match self.search_with(&with_not(query.clone()), query, kind, filter, tally) {
            Ok(hits) => Ok(hits),
            // FTS5 syntax it cannot parse: search the words literally instead.
            Err(StoreError::Sqlite(_)) => {
                let lit = format!("{}{star}", literal(query.trim_end_matches('*')));
                match self.search_with(&with_not(lit), query, kind, filter, tally) {
                    Err(StoreError::Sqlite(_)) => Ok(Vec::new()),
                    other => other,
                }
            }
            Err(e) => Err(e),
        }
    }

    fn search_with(
        &self,
        fts: &str,
        typed: &str,
        kind: Option<Kind>,
        filter: &SearchFilter,
        tally: &mut Searched,
    ) -> Result<Vec<Hit>> {
        let mut found: Vec<(f64, i64, Kind)> = Vec::new();
        // Sealed private notes are only in the in-memory index, and only while unlocked.
        if filter.include_private && kind.is_none_or(|k| k == Kind::Note) {
            for (id, rank) in self.private_matches(fts, RANKED)? {
                found.push((rank, id, Kind::Note));
            }
        }
        // Weighed by the words looked for, not those left out (`-word`).
        let weights = self.weights(typed)?;
        let (rows, ranks) =
            match self.index_matches(fts, kind, filter, i64::MAX, RANKED, Some(&weights)) {
                Err(e) if needs_positions(&e) => {
                    let (found, complete) = self.checked_matches(fts, kind, filter)?;
                    tally.cut_short = !complete;
                    tally.held_back = found.held.len();
                    tally.held_back_all = found.all && complete && !found.held_more;
                    let ranks = self.ranks(&found.rows, &weights)?;
                    (found.rows, ranks)
                }
                Ok(found) => {
                    tally.held_back = found.held.len();
                    tally.held_back_all = found.all && !found.held_more;
                    (found.rows, found.ranks)
                }
                Err(e) => return Err(e),
            };
        for (key, rank) in rows.into_iter().zip(ranks) {
            if let Some(kind) = usize::try_from(key % 8).ok().and_then(|c| INDEXED.get(c)) {
                found.push((rank, key / 8, *kind));
            }
        }
        // Best first; of two as good, the newer (a higher id) first.
        found.sort_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)));
        let mut hits = Vec::new();
        tally.more = false;
        for (rank, id, kind) in found {
            let Some(hit) = self.resolve(id, kind, rank, typed, filter)? else {
                continue;
            };
            // One more that would show: there are more than the limit.
            if hits.len() >= filter.limit {
                tally.more = true;
                break;
            }
            hits.push(hit);
        }
        Ok(hits)
    }

    /// The index's rows matching `fts` below rowid `below`, newest first,
    /// with the pair and kind filters applied in SQL: the [`Found::rows`]
    /// the filter shows, up to `most` (only they are ranked), and the
    /// private notes it leaves out among them, counted up to `most` too.
    /// With `weights`, each row shown is ranked as it is read.
    fn index_matches(
        &self,
        fts: &str,
        kind: Option<Kind>,
        filter: &SearchFilter,
        below: i64,
        most: usize,
        weights: Option<&Weights>,
    ) -> Result<Found> {
        let mut stmt = self.conn.prepare_cached(&MATCHES)?;
        let mut rows = stmt.query(params![
            fts,
            kind.and_then(code),
            filter.pair_id,
            filter.include_private,
            below,
            weights.is_some(),
        ])?;
        // Read as they come (the index gives them newest first): stop
        // once `most` are found to show, whatever the journal's size.
        let mut found = Found::default();
        while found.rows.len() < most {
            let Some(row) = rows.next()? else {
                found.all = true;
                break;
            };
            found.last = Some(row.get(0)?);
            let key: i64 = row.get(1)?;
            if row.get(2)? {
                if found.held.len() < most {
                    found.held.push(key);
                } else {
                    found.held_more = true;
                }
                continue;
            }
            found.rows.push(key);
            if let Some(weights) = weights {
                // Borrowed where SQLite holds it: nothing copied.
                let text: Option<&str> = row.get_ref(3)?.as_str_or_null().map_err(|e| {
                    rusqlite::Error::FromSqlConversionFailure(
                        3,
                        rusqlite::types::Type::Text,
                        e.into(),
                    )
                })?;
                found.ranks.push(weights.rank(text.unwrap_or_default()));
            }
        }
        if !found.all && rows.next()?.is_none() {
            found.all = true;
        }
        Ok(found)
    }

    /// The weights of the words of `query` ([`rank`]): their rarity and the
    /// average length of a row, from the index.
    fn weights(&self, query: &str) -> Result<Weights> {
        let record: Vec<u8> = self
            .conn
            .prepare_cached("SELECT block FROM search_index_data WHERE id = 1")?
            .query_row([], |r| r.get(0))
            .optional()?
            .unwrap_or_default();
        let (rows, words) = rank::averages(&record).unwrap_or((1, 1));
        let rows = rows.max(1) as f64;
        // The rows holding each word (or a word it starts), as FTS5's
        // bm25() counts them, newest first, up to `most` below.
        let mut holding = self.conn.prepare_cached(
            "SELECT count(*), min(rowid) FROM (SELECT rowid FROM search_index
             WHERE search_index MATCH ?1 ORDER BY rowid DESC LIMIT ?2)",
        )?;
        let mut words_looked_for: Vec<(String, bool)> = Vec::new();
        for (word, prefix) in self::terms(query) {
            let word = rank::fold(&word);
            if !words_looked_for.contains(&(word.clone(), prefix)) {
                words_looked_for.push((word, prefix));
            }
        }
        // A word's weight scales every hit's rank alike when it is the only
        // word: then its newest rows are enough. Words weighed against each
        // other are counted in every row, as FTS5's bm25() counts them: an
        // estimate from the newest rows weighs a word found only lately (a
        // new project's name) as if it were everywhere.
        let most = if words_looked_for.len() > 1 {
            i64::MAX
        } else {
            rank::COUNTED
        };
        // The index's own count of the rows holding a whole word, kept
        // with the word: walked inside FTS5, five times as fast as a
        // count(*) of its matches. For a prefix, the sum over the words it
        // starts (a row holding two of them counts twice, as it did before
        // schema 12): merging hundreds of words' rows to count each row
        // once took as long as the search itself (60 ms for `est*` at
        // 100,000 entries of the search bench).
        let mut terms: Vec<rank::Term> = Vec::new();
        for (word, prefix) in words_looked_for {
            if most == i64::MAX || prefix {
                // A word the index holds as it is (or words it starts): the
                // count. One the index does not hold, or splits (below), is
                // counted by MATCH.
                let n: Option<i64> = if prefix {
                    let end = format!("{word}\u{10ffff}");
                    self.conn
                        .prepare_cached(PREFIX_ROWS)?
                        .query_row(params![word, end], |r| r.get(0))?
                } else {
                    self.conn
                        .prepare_cached(WORD_ROWS)?
                        .query_row([&word], |r| r.get(0))
                        .optional()?
                };
                if let Some(n) = n {
                    terms.push(rank::Term::new(word, prefix, (n as f64).min(rows), rows));
                    continue;
                }
            }
            let star = if prefix { "*" } else { "" };
            let mut count = |expr: &str| -> Result<(i64, Option<i64>)> {
                Ok(holding.query_row(params![expr, most], |r| Ok((r.get(0)?, r.get(1)?)))?)
            };
            let (found, oldest) = match count(&format!("\"{word}\"{star}")) {
                // A word the tokenizer splits (at a vowel sign, which is a
                // letter to Rust but not to unicode61) is a phrase, which
                // the index cannot answer: count the rows holding its parts.
                Err(e) if needs_positions(&e) => {
                    let parts = self.index_words(&word)?;
                    if parts.is_empty() {
                        (0, None)
                    } else {
                        let all: Vec<String> = parts.iter().map(|p| format!("\"{p}\"")).collect();
                        count(&format!("{}{star}", all.join(" ")))?
                    }
                }
                other => other?,
            };
            let n = match oldest {
                Some(oldest) if found >= most => {
                    // As densely as among the rows numbered since the oldest found.
                    let newest: i64 = self
                        .conn
                        .prepare_cached("SELECT coalesce(max(seq), 0) FROM search_row")?
                        .query_row([], |r| r.get(0))?;
                    rank::holding_estimated(found, oldest / 8, newest, rows)
                }
                _ => found as f64,
            };
            terms.push(rank::Term::new(word, prefix, n.min(rows), rows));
        }
        Ok(Weights::new(terms, words as f64 / rows))
    }

    /// The bm25 rank of each of `keys` ([`rank`]), from each row's text.
    fn ranks(&self, keys: &[i64], weights: &Weights) -> Result<Vec<f64>> {
        keys.iter()
            .map(|&key| {
                let code = usize::try_from(key % 8).unwrap_or_default();
                Ok(self
                    .conn
                    .prepare_cached(&TEXT_OF[code])?
                    .query_row([key / 8], |r| {
                        Ok(weights.rank(r.get_ref(0)?.as_str_or_null()?.unwrap_or_default()))
                    })
                    .optional()?
                    .unwrap_or(0.0))
            })
            .collect()
    }

    /// Matches of a query that needs word positions (a phrase, NEAR, `^`),
    /// which the index does not keep: the rows found by the relaxed query
    /// ([`phrases::relax`]) are checked against `fts` itself, a batch at a
    /// time, in an in-memory index that keeps positions, until [`RANKED`]
    /// are found, none are left, or [`SearchFilter::check_at_most`] were
    /// checked (then the flag returned beside the keys is false).
    fn checked_matches(
        &self,
        fts: &str,
        kind: Option<Kind>,
        filter: &SearchFilter,
    ) -> Result<(Found, bool)> {
        const BATCH: usize = 500;
        let Some(relaxed) = phrases::relax(fts, |text| self.index_words(text).ok()) else {
            return Err(StoreError::Sqlite(rusqlite::Error::InvalidQuery));
        };
        // Phrases and words alone, in ASCII text, are checked here; anything
        // else in the in-memory index, which reads text as the index does.
        let plain = phrases::plain_phrases(fts, |text| self.index_words(text).ok());
        let mut out = Found::default();
        let mut below = i64::MAX;
        let mut left = filter.check_at_most.unwrap_or(usize::MAX);
        let mut complete = true;
        let checked = (|| {
            while out.rows.len() < RANKED {
                if left == 0 {
                    complete = false;
                    break;
                }
                let asked = BATCH.min(left);
                let batch = self.index_matches(&relaxed, kind, filter, below, asked, None)?;
                // The limit counts entries that could be shown; private
                // notes left out are checked only to be counted, and no
                // more of them than are counted.
                left = left.saturating_sub(batch.rows.len());
                let room = RANKED.saturating_sub(out.held.len());
                let mut batch = batch;
                if batch.held.len() > room {
                    batch.held.truncate(room);
                    out.held_more = true;
                }
                out.held_more |= batch.held_more;
                let Some(last) = batch.last else {
                    out.all = true;
                    break;
                };
                below = last;
                let mut passed = HashSet::new();
                let mut in_index = false;
                for &key in batch.rows.iter().chain(&batch.held) {
                    let Some(text) = self.indexed_text(key)? else {
                        continue;
                    };
                    match &plain {
                        Some(plain) if text.is_ascii() => {
                            if phrases::holds_all(&text, plain) {
                                passed.insert(key);
                            }
                        }
                        _ => {
                            if !in_index {
                                self.clear_check()?;
                                in_index = true;
                            }
                            self.conn
                                .prepare_cached(
                                    "INSERT INTO temp.search_check (rowid, body) VALUES (?1, ?2)",
                                )?
                                .execute(params![key, text])?;
                        }
                    }
                }
                if in_index {
                    let mut matching = self.conn.prepare_cached(
                        "SELECT rowid FROM temp.search_check WHERE search_check MATCH ?1",
                    )?;
                    for key in matching.query_map([fts], |r| r.get::<_, i64>(0))? {
                        passed.insert(key?);
                    }
                }
                out.rows
                    .extend(batch.rows.into_iter().filter(|key| passed.contains(key)));
                out.held
                    .extend(batch.held.into_iter().filter(|key| passed.contains(key)));
                if batch.all {
                    out.all = true;
                    break;
                }
            }
            Ok::<_, StoreError>(())
        })();
        // The copies of the rows' text go whatever happened.
        self.clear_check()?;
        checked?;
        // Checking stopped at the limit with nothing more to check is whole.
        if !complete
            && self
                .index_matches(&relaxed, kind, filter, below, 1, None)?
                .last
                .is_none()
        {
            complete = true;
            out.all = true;
        }
        out.rows.truncate(RANKED);
        if out.held.len() > RANKED {
            out.held.truncate(RANKED);
            out.held_more = true;
        }
        Ok((out, complete))
    }

    fn clear_check(&self) -> Result<()> {
        self.conn.execute(
            "INSERT INTO temp.search_check (search_check) VALUES ('delete-all')",
            [],
        )?;
        Ok(())
    }

    /// `text` split into the index's words, as its tokenizer splits them.
    fn index_words(&self, text: &str) -> Result<Vec<String>> {
        self.clear_check()?;
        self.conn.execute(
            "INSERT INTO temp.search_check (rowid, body) VALUES (1, ?1)",
            [text],
        )?;
        let words = self
            .conn
            .prepare_cached("SELECT term FROM temp.search_check_words ORDER BY offset")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>();
        self.clear_check()?;
        Ok(words?)
    }

    /// The text the index holds for the entry `key`, as the schema's
    /// triggers write it: `None` if the row is gone.
    fn indexed_text(&self, key: i64) -> Result<Option<String>> {
        let code = usize::try_from(key % 8).unwrap_or_default();
        Ok(self
            .conn
            .prepare_cached(&TEXT_OF[code])?
            .query_row([key / 8], |r| r.get(0))
            .optional()?)
    }

    /// Row `id` of `kind` found by the index, if it passes the filter.
    fn resolve(
        &self,
        id: i64,
        kind: Kind,
        rank: f64,
        query: &str,
        filter: &SearchFilter,
    ) -> Result<Option<Hit>> {
        let sql = match kind {
            Kind::Pair => "SELECT uid, id, mentor_name || ' & ' || mentee_name || char(10) || focus, created_at, 0 FROM pair WHERE id = ?1",
            Kind::ChecklistItem => "SELECT uid, pair_id, title || char(10) || note, coalesce(done_at, updated_at), 0 FROM checklist_item WHERE id = ?1",
            Kind::Strength => "SELECT uid, pair_id, text, created_at, 0 FROM strength WHERE id = ?1",
            Kind::Experience => "SELECT uid, pair_id, challenge || ' ↔ ' || similar, created_at, 0 FROM experience WHERE id = ?1",
            Kind::Meeting => "SELECT uid, pair_id, notes || char(10) || agenda || char(10) || next_steps, held_at, 0 FROM meeting WHERE id = ?1",
            Kind::Feedback => "SELECT uid, pair_id, body || char(10) || coalesce(situation, '') || char(10) || coalesce(behaviour, '')
                      || char(10) || coalesce(impact, '') || char(10) || follow_up, given_at, 0 FROM feedback WHERE id = ?1",
            Kind::Note => "SELECT uid, pair_id, body || char(10) || tags, created_at, private FROM note WHERE id = ?1",
            Kind::Action => "SELECT uid, pair_id, text, created_at, 0 FROM action_item WHERE id = ?1",
            Kind::Goal | Kind::GoalProgress | Kind::Checkin => return Ok(None),
        };
        let found: Option<(String, i64, String, DateTime<Utc>, bool)> = self
            .conn
            .prepare_cached(sql)?
            .query_row([id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, row::time(r, 3)?, r.get(4)?))
            })
            .optional()?;
        let Some((uid, pair_id, mut body, date, private)) = found else {
            return Ok(None);
        };
        if kind == Kind::Note && private {
            let note = self.note(id)?;
            // A locked or damaged note has no text to match or show.
            let Some(text) = note.text() else {
                return Ok(None);
            };
            body = format!("{}\n{}", text.body, text.tags.join(" "));
        }
        if (private && !filter.include_private) || filter.pair_id.is_some_and(|p| p != pair_id) {
            return Ok(None);
        }
        // Only the pair's names: the whole pair counts its meetings.
        let pair = self
            .conn
            .prepare_cached("SELECT mentor_name || ' & ' || mentee_name FROM pair WHERE id = ?1")?
            .query_row([pair_id], |r| r.get(0))?;
        Ok(Some(Hit {
            id,
            uid,
            kind,
            pair_id,
            pair,
            date,
            snippet: snippet(&body, query, 80),
            rank,
            private,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[allow(clippy::unwrap_used)]
    fn a_whole_word_is_weighed_from_its_own_entry_of_the_vocabulary() {
        use std::sync::Arc;

        use rusqlite::StatementStatus;

        use crate::clock::FixedClock;

        let clock = FixedClock::parse("2026-11-27T14:02:00Z").unwrap();
        let store = Store::open_in_memory(Arc::new(clock)).unwrap();
        // "a" in every row, beside 300 words it starts, each in many rows.
        let tx = store.conn.unchecked_transaction().unwrap();
        for i in 0..3_000_i64 {
            tx.execute(
                "INSERT INTO search_index (rowid, body) VALUES (?1, ?2)",
                params![i * 8 + 6, format!("a plan about{} and{}", i % 150, i % 150)],
            )
            .unwrap();
        }
        tx.commit().unwrap();
        store
            .conn
            .execute_batch(
                "CREATE VIRTUAL TABLE temp.search_terms
                     USING fts5vocab ('main', 'search_index', 'row');",
            )
            .unwrap();
        // Two words, so both are counted from the vocabulary.
        store.weights("a plan").unwrap();
        let steps = store
            .conn
            .prepare_cached(WORD_ROWS)
            .unwrap()
            .get_status(StatementStatus::VmStep);
        // A handful of steps a word; walking the words "a" starts, over a
        // thousand.
        assert!(steps < 100, "{steps} steps to count two words");
        let rows: i64 = store
            .conn
            .query_row(WORD_ROWS, ["a"], |r| r.get(0))
            .unwrap();
        assert_eq!(rows, 3_000);
    }

    #[test]
    fn snippets_mark_words_and_prefixes() {
        let s = snippet("We talked about Trust and trusting people", "trust*", 80);
        assert_eq!(s, "We talked about «Trust» and «trusting» people");
    }

    #[test]
    fn a_word_that_is_an_operator_in_capitals_is_a_word_in_small_letters() {
        assert_eq!(
            snippet("We are not ready yet", "not ready", 80),
            "We are «not» «ready» yet"
        );
        // In capitals it is the operator, not a word looked for.
        assert_eq!(
            snippet("not a matter of trust", "trust NOT budget", 80),
            "not a matter of «trust»"
        );
    }

    #[test]
    fn snippets_mark_words_with_or_without_their_accents() {
        assert_eq!(
            snippet("Un café à Zoë", "cafe zoe", 80),
            "Un «café» à «Zoë»"
        );
        assert_eq!(snippet("Un cafe", "café", 80), "Un «cafe»");
    }

    #[test]
    fn a_snippet_starts_near_the_match() {
        let body = format!("{} needle {}", "hay ".repeat(100), "hay ".repeat(100));
        let s = snippet(&body, "needle", 40);
        assert!(s.starts_with('…') && s.contains("«needle»"), "{s}");
    }

    #[test]
    fn a_phrase_snippet_is_cut_around_the_phrase() {
        let body = format!(
            "{} Later we spoke of the release estimates again.",
            "The release was late. Estimates were off. ".repeat(4)
        );
        let got = snippet(&body, "\"release estimates\"", 40);
        assert!(got.contains("«release» «estimates»"), "{got}");
        // Its words alone are not marked; a word of the query outside the
        // quotes is, wherever it stands.
        let got = snippet(
            "The release estimates held. Estimates slip.",
            "\"release estimates\"",
            60,
        );
        assert_eq!(got, "The «release» «estimates» held. Estimates slip.");
        let got = snippet(
            "The release estimates held. Estimates slip.",
            "\"release estimates\" slip",
            60,
        );
        assert_eq!(got, "The «release» «estimates» held. Estimates «slip».");
        // A phrase holding an operator word or a colon is still the phrase.
        let got = snippet(
            "We weighed the pros and cons: time.",
            "\"pros and cons: time\"",
            60,
        );
        assert_eq!(got, "We weighed the «pros» «and» «cons»: «time».");
        // Words alone still cut around the first of them.
        let got = snippet(&body, "release estimates", 40);
        assert!(got.starts_with("The «release» was late"), "{got}");
    }

    #[test]
    fn a_snippet_starts_at_a_word_and_a_short_text_at_its_start() {
        // Wherever the window would start, it starts where a word does.
        for filler in ["ab ", "abcdefgh ", "abcdefghijk ", "a-b-c-d ", "日本語 "] {
            for tail in ["", "x ", "xyz "] {
                let body = format!("{}{tail}the kestrel flew far away", filler.repeat(30));
                let got = snippet(&body, "kestrel", 40);
                let shown: String = got
                    .trim_start_matches('…')
                    .trim_end_matches('…')
                    .replace(['«', '»'], "");
                let at = body.find(&shown).unwrap_or_else(|| panic!("{got}"));
                assert!(
                    !(body[..at].ends_with(char::is_alphanumeric)
                        && shown.starts_with(char::is_alphanumeric)),
                    "starts in a word: {got}"
                );
            }
        }
        // A text that fits is shown whole, from its first word, with no
        // mark of more after it.
        assert_eq!(
            snippet("Budget first meeting talk, not trust", "trust", 40),
            "Budget first meeting talk, not «trust»"
        );
        let exactly = format!("{} oryx", "g".repeat(35));
        assert_eq!(
            snippet(&exactly, "oryx", 40),
            format!("{} «oryx»", "g".repeat(35))
        );
    }

    #[test]
    fn a_dash_starting_a_word_leaves_it_out() {
        let split = |q: &str| {
            let (kept, out) = split_left_out(q);
            let out: Vec<String> = out
                .into_iter()
                .map(|(w, prefix)| if prefix { format!("{w}*") } else { w })
                .collect();
            (kept, out.join("|"))
        };
        assert_eq!(split("trust -budget"), ("trust ".into(), "budget".into()));
        assert_eq!(
            split("-\"quarterly budget\" trust -q3"),
            (" trust ".into(), "quarterly budget|q3".into())
        );
        // Not a dash inside a word or a phrase, nor one alone.
        assert_eq!(split("one-to-one"), ("one-to-one".into(), String::new()));
        assert_eq!(split("\"a -b\""), ("\"a -b\"".into(), String::new()));
        assert_eq!(
            split("trust - budget"),
            ("trust - budget".into(), String::new())
        );
        // A phrase left out whose quote is not closed yet runs to the end.
        assert_eq!(
            split("trust -\"quarterly bud"),
            ("trust ".into(), "quarterly bud".into())
        );
        assert_eq!(split("(a OR b) -c"), ("(a OR b) ".into(), "c".into()));
        // A hyphen or apostrophe inside the word left out is its own; a
        // star after it leaves out every word it starts.
        assert_eq!(
            split("trust -first-meeting -o'brien"),
            ("trust  ".into(), "first-meeting|o'brien".into())
        );
        assert_eq!(split("trust -budg* x"), ("trust  x".into(), "budg*".into()));
        // Whatever else the word holds is its own, not a word to find.
        assert_eq!(
            split("trust -foo_bar -v1.2 -body:budget"),
            ("trust   ".into(), "foo_bar|v1.2|body:budget".into())
        );
        assert_eq!(split("(a -b) c"), ("(a ) c".into(), "b".into()));
        // An operator just before goes with the word.
        assert_eq!(
            split("trust AND -budget"),
            ("trust ".into(), "budget".into())
        );
        assert_eq!(
            split("trust OR -b NOT -c"),
            ("trust  ".into(), "b|c".into())
        );
        assert_eq!(split("BRAND -x"), ("BRAND ".into(), "x".into()));
    }

    #[test]
    fn column_names_and_operators_are_not_terms() {
        assert_eq!(
            terms("body:trust AND \"first meeting\""),
            [
                ("trust".into(), false),
                ("first".into(), false),
                ("meeting".into(), false)
            ]
        );
    }
}
