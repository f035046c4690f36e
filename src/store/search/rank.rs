//! Ranking without word positions.
//!
//! The search index keeps which rows hold a word, not how often (FTS5
//! `detail = column`), so its own `bm25()` cannot rank. The newest matches
//! are ranked here instead, by the same bm25 formula FTS5 uses (k1 = 1.2,
//! b = 0.75, lower is better): how often each word is in a row and the
//! row's length are counted from the row's text, and how rare each word is
//! comes from the index (its row count and the number of rows holding the
//! word), so a rare word still weighs more than a common one.

use std::cell::RefCell;

use memchr::memmem::Finder;

const K1: f64 = 1.2;
const B: f64 = 0.75;

/// One word of a query, with its weight.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Term {
    /// Folded as [`fold`] folds the words of a row.
    pub word: String,
    /// Matches the start of a word (`estim*`).
    pub prefix: bool,
    /// Inverse document frequency, as FTS5 computes it.
    pub idf: f64,
}

impl Term {
    /// `word` found in `holding` of the index's `rows` rows.
    pub fn new(word: String, prefix: bool, holding: f64, rows: f64) -> Self {
        let idf = ((rows - holding + 0.5) / (holding + 0.5)).ln();
        // FTS5 keeps a word in more than half the rows slightly positive.
        let idf = if idf <= 0.0 { 1e-6 } else { idf };
        Self { word, prefix, idf }
    }

    /// Whether `word` as written is this term (or starts with it).
    fn matches_written(&self, word: &str) -> bool {
        word_is(word, &self.word, self.prefix)
    }
}

/// Whether `word` as written is `term` (folded, as [`fold`] folds), or
/// starts with it when `prefix`: an ASCII word compared in any case with
/// nothing allocated, any other folded first.
pub(super) fn word_is(word: &str, term: &str, prefix: bool) -> bool {
    if word.is_ascii() {
        return ascii_word_is(word.as_bytes(), term, prefix);
    }
    let word = fold(word);
    if prefix {
        word.starts_with(term)
    } else {
        word == term
    }
}

/// [`word_is`] for an ASCII word.
pub(super) fn ascii_word_is(w: &[u8], term: &str, prefix: bool) -> bool {
    let t = term.as_bytes();
    if prefix {
        w.len() >= t.len() && w[..t.len()].eq_ignore_ascii_case(t)
    } else {
        w.eq_ignore_ascii_case(t)
    }
}

/// Whether byte `b` is an ASCII letter or digit, as 0 or 1, computed
/// without a branch so that a loop over bytes runs many at once.
fn word_byte(b: u8) -> u8 {
    u8::from(((b | 0x20).wrapping_sub(b'a') < 26) | (b.wrapping_sub(b'0') < 10))
}

/// How many words start in `text` after its first byte: the bytes that
/// are a letter or digit after one that is not. Summed in bytes, 255 at a
/// time (no more fit in a byte), so that each step takes 16 bytes or more.
fn word_starts(text: &[u8]) -> u32 {
    let Some(after) = text.get(1..) else {
        return 0;
    };
    text.chunks(255)
        .zip(after.chunks(255))
        .map(|(before, at)| {
            let n = before.iter().zip(at).fold(0_u8, |n, (&a, &b)| {
                n.wrapping_add((word_byte(a) ^ 1) & word_byte(b))
            });
            u32::from(n)
        })
        .sum()
}

/// Counts each term's words in ASCII `text` into `counts`, and returns the
/// number of words. Words are counted as the starts of runs of letters and
/// digits, with no branch per byte; each term is then found (`finders`,
/// one per term) in a lower-cased copy of the text made in `lower`, and
/// kept where it starts a word (and ends it, unless it is a prefix). A
/// term is letters and digits only ([`Term`]), so a match there is exactly
/// a word that is the term or starts with it.
fn count_ascii(
    text: &[u8],
    terms: &[Term],
    finders: &[Option<Finder<'static>>],
    lower: &mut Vec<u8>,
    counts: &mut [u32],
) -> u32 {
    let first = text.first().map_or(0, |&b| u32::from(word_byte(b)));
    let starts = word_starts(text);
    lower.clear();
    lower.extend(text.iter().map(u8::to_ascii_lowercase));
    let is_word = |b: &u8| b.is_ascii_alphanumeric();
    for ((count, term), finder) in counts.iter_mut().zip(terms).zip(finders) {
        // A term with a letter beyond ASCII is never in ASCII text.
        let Some(finder) = finder else {
            continue;
        };
        let needle = finder.needle().len();
        for at in finder.find_iter(lower) {
            let starts_word = at == 0 || !is_word(&lower[at - 1]);
            let end = at + needle;
            let ends_word = term.prefix || end == lower.len() || !is_word(&lower[end]);
            if starts_word && ends_word {
                *count += 1;
            }
        }
    }
    first + starts
}

/// The same for any text, a word folded only when it is not ASCII.
fn count_any(text: &str, terms: &[Term], counts: &mut [u32]) -> u32 {
    let mut len = 0;
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        len += 1;
        for (count, term) in counts.iter_mut().zip(terms) {
            if term.matches_written(word) {
                *count += 1;
            }
        }
    }
    len
}

/// A word as the index's tokenizer (unicode61, remove_diacritics 2) reads
/// it, near enough to count it: lower case, the accents of Latin letters
/// removed.
pub(super) fn fold(word: &str) -> String {
    word.chars()
        .flat_map(char::to_lowercase)
        .map(plain_letter)
        .collect()
}

/// The letter under a Latin letter's accent (é → e), or the letter itself.
fn plain_letter(c: char) -> char {
    match c {
        'à'..='å' | 'ā' | 'ă' | 'ą' => 'a',
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => 'c',
        'ď' | 'đ' => 'd',
        'è'..='ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => 'e',
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => 'g',
        'ĥ' | 'ħ' => 'h',
        'ì'..='ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => 'i',
        'ĵ' => 'j',
        'ķ' => 'k',
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => 'l',
        'ñ' | 'ń' | 'ņ' | 'ň' => 'n',
        'ò'..='ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => 'o',
        'ŕ' | 'ŗ' | 'ř' => 'r',
        'ś' | 'ŝ' | 'ş' | 'š' => 's',
        'ţ' | 'ť' | 'ŧ' => 't',
        'ù'..='ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => 'u',
        'ŵ' => 'w',
        'ý' | 'ÿ' | 'ŷ' => 'y',
        'ź' | 'ż' | 'ž' => 'z',
        other => other,
    }
}

/// How many of the rows of a query's only word are counted, newest first,
/// to weigh it: a word in fewer rows is counted exactly; for one in more,
/// the count is estimated from how densely these newest ones lie
/// ([`holding_estimated`]), so a common word costs the same whatever the
/// journal's size. The only word's weight scales every hit alike, so the
/// estimate never changes their order; words weighed against each other
/// are counted exactly.
pub(super) const COUNTED: i64 = 1_000;

/// The number of the index's `rows` rows estimated to hold a word found
/// in `counted` rows, numbered from `oldest` up to `newest` of all the
/// rows ([`COUNTED`] of them): as densely as there, in `rows` rows.
pub(super) fn holding_estimated(counted: i64, oldest: i64, newest: i64, rows: f64) -> f64 {
    let span = (newest - oldest + 1).max(1) as f64;
    (counted as f64 * rows / span).clamp(counted as f64, rows.max(counted as f64))
}

/// What ranks a row for a query: its words, weighed, and the average
/// length of a row of the index; made once for all the rows it ranks.
#[derive(Debug)]
pub(super) struct Weights {
    terms: Vec<Term>,
    avg_len: f64,
    /// A finder of each term in ASCII text (none for a term beyond ASCII).
    finders: Vec<Option<Finder<'static>>>,
    /// The lower-cased copy of the row being ranked, kept for the next.
    lower: RefCell<Vec<u8>>,
}

impl Weights {
    pub fn new(terms: Vec<Term>, avg_len: f64) -> Self {
        let finders = terms
            .iter()
            .map(|t| {
                let word = t.word.as_bytes();
                (!word.is_empty() && word.is_ascii()).then(|| Finder::new(word).into_owned())
            })
            .collect();
        Self {
            terms,
            avg_len,
            finders,
            lower: RefCell::new(Vec::new()),
        }
    }

    /// The bm25 rank of a row of `text`: negative, lower is better, as
    /// FTS5's `bm25()`.
    pub fn rank(&self, text: &str) -> f64 {
        let mut counts = vec![0_u32; self.terms.len()];
        let len = if text.is_ascii() {
            let mut lower = self.lower.borrow_mut();
            count_ascii(
                text.as_bytes(),
                &self.terms,
                &self.finders,
                &mut lower,
                &mut counts,
            )
        } else {
            count_any(text, &self.terms, &mut counts)
        };
        let norm = K1 * (1.0 - B + B * f64::from(len) / self.avg_len.max(1.0));
        let score: f64 = counts
            .iter()
            .zip(&self.terms)
            .map(|(&tf, term)| {
                let tf = f64::from(tf);
                term.idf * tf * (K1 + 1.0) / (tf + norm)
            })
            .sum();
        -score
    }
}

/// bm25 of `text` for `terms` in an index whose rows hold `avg_len` words
/// on average ([`Weights::rank`], for one row).
#[cfg(test)]
fn bm25(text: &str, terms: &[Term], avg_len: f64) -> f64 {
    Weights::new(terms.to_vec(), avg_len).rank(text)
}

/// The index's row count and its rows' total length in words, from
/// FTS5's "averages" record (id 1 of its data table): varints, the row
/// count first, then one total per column.
pub(super) fn averages(record: &[u8]) -> Option<(u64, u64)> {
    let (rows, used) = varint(record)?;
    let (words, _) = varint(&record[used..])?;
    Some((rows, words))
}

/// An SQLite varint: big-endian 7-bit groups, the high bit set on all but
/// the last; the ninth byte gives all 8 bits.
fn varint(bytes: &[u8]) -> Option<(u64, usize)> {
    let mut v = 0_u64;
    for (i, &b) in bytes.iter().enumerate().take(9) {
        if i == 8 {
            return Some(((v << 8) | u64::from(b), 9));
        }
        v = (v << 7) | u64::from(b & 0x7f);
        if b & 0x80 == 0 {
            return Some((v, i + 1));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_fold_as_the_index_reads_them() {
        assert_eq!(fold("Café"), "cafe");
        assert_eq!(fold("ÉTÉ"), "ete");
        assert_eq!(fold("Łódź"), "lodz");
        assert_eq!(fold("日本"), "日本");
    }

    #[test]
    fn more_of_a_word_and_a_shorter_row_rank_better() {
        let terms = [Term::new("trust".into(), false, 10.0, 1000.0)];
        let once = bm25(
            "we talked about trust and other things at length",
            &terms,
            9.0,
        );
        let twice = bm25(
            "we talked about trust and trust again at length",
            &terms,
            9.0,
        );
        let short = bm25("trust", &terms, 9.0);
        assert!(twice < once && short < once, "{once} {twice} {short}");
        assert_eq!(bm25("nothing here", &terms, 9.0), 0.0);
        // Text with a word beyond ASCII counts the same way.
        assert_eq!(
            bm25(
                "we talked about trust and trust again at length",
                &terms,
                9.0
            ),
            bm25(
                "we talked about trust and trust again at léngth",
                &terms,
                9.0
            )
        );
    }

    #[test]
    fn a_rare_word_weighs_more_and_prefixes_match_starts() {
        let rare = Term::new("zyzzyva".into(), false, 5.0, 100_000.0);
        let common = Term::new("estimates".into(), false, 50_000.0, 100_000.0);
        assert!(rare.idf > 9.0 && common.idf == 1e-6, "{rare:?} {common:?}");
        let estim = [Term::new("estim".into(), true, 10.0, 100.0)];
        assert!(bm25("Estimates, estimated.", &estim, 2.0) < 0.0);
    }

    #[test]
    fn a_common_word_is_estimated_in_as_many_rows_as_its_newest_ones_suggest() {
        // 1,000 found among the newest 2,000 of 100,000 rows: half of them.
        assert_eq!(
            holding_estimated(1000, 98_001, 100_000, 100_000.0),
            50_000.0
        );
        // Among the newest 1,000: every row.
        assert_eq!(
            holding_estimated(1000, 99_001, 100_000, 100_000.0),
            100_000.0
        );
        // Never fewer than were found, nor more than the rows there are,
        // however numbers gone by (rows deleted) stretch the span.
        assert_eq!(holding_estimated(1000, 1, 10_000_000, 5_000.0), 1000.0);
        assert_eq!(holding_estimated(1000, 500, 400, 5_000.0), 5_000.0);
    }

    #[test]
    fn the_averages_record_is_read() {
        // 100,000 rows, 30,171,876 words, as a journal of the bench holds.
        assert_eq!(
            averages(&[0x86, 0x8d, 0x20, 0x8e, 0xb1, 0xc5, 0x64]),
            Some((100_000, 30_171_876))
        );
        assert_eq!(averages(&[0x86]), None);
    }

    proptest::proptest! {
        /// The byte-wise count of ASCII text agrees with the word-by-word
        /// count that any text gets: the same words, the same matches.
        #[test]
        fn ascii_text_counts_as_any_text_does(
            // Short texts of a few words, and long ones of any ASCII that
            // cross the 255-byte steps of the count.
            text in "[abAB0 .,'\n-]{0,40}|[\\x00-\\x7f]{0,40}|[ab .]{250,800}",
            words in proptest::collection::vec(("[ab0]{1,3}|[az09]{1,2}", proptest::bool::ANY), 1..4),
        ) {
            let terms: Vec<Term> = words
                .into_iter()
                .map(|(w, prefix)| Term::new(w, prefix, 1.0, 10.0))
                .collect();
            let (mut fast, mut plain) = (vec![0; terms.len()], vec![0; terms.len()]);
            let weights = Weights::new(terms.clone(), 1.0);
            let fast_len = count_ascii(
                text.as_bytes(),
                &terms,
                &weights.finders,
                &mut Vec::new(),
                &mut fast,
            );
            let plain_len = count_any(&text, &terms, &mut plain);
            proptest::prop_assert_eq!((fast_len, fast), (plain_len, plain));
        }
    }
}
