//! Reading an export as it streams in, never whole: the document's own
//! facts, each pair's entries one at a time and each pair's header once
//! its object ends, each checked against what the file claims and by the
//! rules the CLI enforces, and handed to a [`Sink`] in document order. A
//! file of 100,000 entries is read in the memory of one entry (and 16
//! bytes a uid, to see a uid used twice).

use std::cell::RefCell;
use std::fmt;
use std::io::{BufRead, BufReader, Read};

use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};

use super::bundle::{self, Fault};
use super::claims::{Claims, Part, check_uid, timed};
use super::document::{
    ActionDoc, CheckinDoc, ExperienceDoc, FORMAT, FORMAT_VERSION, FeedbackDoc, GoalDoc, ItemDoc,
    MAX_IMPORT_BYTES, MeetingDoc, NoteDoc, OLDEST_FORMAT_VERSION, PairDoc, StrengthDoc,
    TombstoneDoc,
};
use super::import_error::ImportError;
use crate::domain::{PairStatus, Role};
use crate::store::{Entry, PairBundle, Tombstone};
use crate::text;

/// What a document says of itself, and a digest of its bytes (to see
/// that a second reading read the same file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Facts {
    pub(super) format_version: u32,
    pub(super) journal_uid: Option<String>,
    pub(super) includes_private: bool,
    pub(super) digest: u64,
}

/// Where the checked parts of a document go, in document order: a pair's
/// entries first, then its header when its object ends (a file may name a
/// pair's aliases after its entries), then the deletions.
pub(super) trait Sink {
    /// Entry of pair `pair` (0-based).
    fn entry(&mut self, pair: usize, entry: Entry<'_>) -> Result<(), ImportError>;
    /// Pair `pair` (0-based), without entries.
    fn pair(&mut self, pair: usize, header: PairBundle) -> Result<(), ImportError>;
    /// A deletion.
    fn tombstone(&mut self, tombstone: Tombstone) -> Result<(), ImportError>;
}

/// Reads the document from `reader`, checks it and hands it to `sink`.
/// `file` names it in errors; `now` is the importer's clock.
pub(super) fn read(
    reader: impl Read,
    file: &str,
    now: DateTime<Utc>,
    sink: &mut dyn Sink,
) -> Result<Facts, ImportError> {
    let ctx = Ctx {
        file,
        state: RefCell::new(State {
            claims: Claims::new(file, now),
            sink,
            refused: None,
        }),
    };
    let mut digest = std::hash::DefaultHasher::new();
    let mut reader = BufReader::with_capacity(64 * 1024, Checked::new(reader, &mut digest));
    // A byte-order mark, as some editors on Windows write first, is no
    // part of the document.
    match reader.fill_buf() {
        Ok(start) if start.starts_with(b"\xEF\xBB\xBF") => reader.consume(3),
        Ok(_) => {}
        Err(e) => return Err(from_json(serde_json::Error::io(e), file, String::new())),
    }
    let mut de = serde_json::Deserializer::from_reader(reader);
    let mut track = serde_path_to_error::Track::new();
    let facts =
        DocSeed(&ctx).deserialize(serde_path_to_error::Deserializer::new(&mut de, &mut track));
    if let Some(refused) = ctx.state.into_inner().refused {
        return Err(refused);
    }
    let mut facts = facts.map_err(|e| {
        let path = track.path().to_string();
        let path = if path == "." || path == "?" {
            String::new()
        } else {
            path
        };
        from_json(e, file, path)
    })?;
    // Nothing but white space after the document.
    de.end().map_err(|e| from_json(e, file, String::new()))?;
    drop(de);
    facts.digest = std::hash::Hasher::finish(&digest);
    Ok(facts)
}

/// The parser's error as the import's: what the reader refused, what the
/// system said, or where the JSON is not an export.
fn from_json(e: serde_json::Error, file: &str, path: String) -> ImportError {
    if e.is_io() {
        let io = std::io::Error::from(e);
        return match io.get_ref().and_then(|e| e.downcast_ref::<Refusal>()) {
            Some(Refusal::TooLarge(size)) => ImportError::TooLarge {
                file: file.to_owned(),
                size: *size,
            },
            Some(Refusal::NotText { line, column }) => ImportError::NotText {
                file: file.to_owned(),
                line: *line,
                column: *column,
            },
            None => ImportError::Io {
                file: file.to_owned(),
                error: io,
            },
        };
    }
    if e.classify() == serde_json::error::Category::Eof {
        // Nothing but white space: no value was begun.
        return if path.is_empty() && e.to_string().starts_with("EOF while parsing a value") {
            ImportError::Empty {
                file: file.to_owned(),
            }
        } else {
            ImportError::CutOff {
                file: file.to_owned(),
                path,
                line: e.line(),
                column: e.column(),
            }
        };
    }
    // Not even the start of a document: not JSON at all (a Markdown
    // export, a note, a spreadsheet).
    if path.is_empty() && e.to_string().starts_with("expected value") {
        return ImportError::Syntax {
            file: file.to_owned(),
            message: "it is not JSON, as an export to import is (a Markdown export is for reading)"
                .into(),
            path,
            line: e.line(),
            column: e.column(),
        };
    }
    let message = e
        .to_string()
        .split(" at line ")
        .next()
        .unwrap_or_default()
        .to_owned();
    ImportError::Syntax {
        file: file.to_owned(),
        message,
        path,
        line: e.line(),
        column: e.column(),
    }
}

/// Why the reader stopped before the parser saw a byte it should not.
#[derive(Debug)]
enum Refusal {
    /// More than [`MAX_IMPORT_BYTES`].
    TooLarge(u64),
    /// Not UTF-8 at this 1-based line and byte column.
    NotText { line: usize, column: usize },
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TooLarge(size) => write!(f, "more than {MAX_IMPORT_BYTES} bytes ({size} read)"),
            Self::NotText { line, column } => {
                write!(f, "not UTF-8 at line {line}, column {column}")
            }
        }
    }
}

impl std::error::Error for Refusal {}

/// A reader that lets through only UTF-8 text, and no more of it than an
/// export may be, hashing what it lets through.
struct Checked<'h, R> {
    inner: R,
    digest: &'h mut std::hash::DefaultHasher,
    read: u64,
    /// The most it lets through: [`MAX_IMPORT_BYTES`].
    limit: u64,
    /// The bytes of a character split between two reads.
    pending: Vec<u8>,
    line: usize,
    /// Bytes since the last line break.
    column: usize,
}

impl<'h, R: Read> Checked<'h, R> {
    fn new(inner: R, digest: &'h mut std::hash::DefaultHasher) -> Self {
        Self {
            inner,
            digest,
            read: 0,
            limit: MAX_IMPORT_BYTES,
            pending: Vec::new(),
            line: 1,
            column: 0,
        }
    }

    fn refuse(refusal: Refusal) -> std::io::Error {
        std::io::Error::new(std::io::ErrorKind::InvalidData, refusal)
    }

    /// Checks `bytes` (after the pending ones), keeping the bytes of a
    /// character not finished yet.
    fn check(&mut self, bytes: &[u8], last: bool) -> std::io::Result<()> {
        let mut joined;
        let all = if self.pending.is_empty() {
            bytes
        } else {
            joined = std::mem::take(&mut self.pending);
            joined.extend_from_slice(bytes);
            &joined[..]
        };
        let (good, rest) = match std::str::from_utf8(all) {
            Ok(_) => (all.len(), None),
            Err(e) => (e.valid_up_to(), Some(e.error_len())),
        };
        for &b in &all[..good] {
            if b == b'\n' {
                self.line += 1;
                self.column = 0;
            } else {
                self.column += 1;
            }
        }
        match rest {
            None => Ok(()),
            // A character cut by the end of this read: its bytes wait.
            Some(None) if !last => {
                self.pending = all[good..].to_vec();
                Ok(())
            }
            Some(_) => Err(Self::refuse(Refusal::NotText {
                line: self.line,
                column: self.column + 1,
            })),
        }
    }
}

impl<R: Read> Read for Checked<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        std::hash::Hasher::write(self.digest, &buf[..n]);
        self.read += n as u64;
        if self.read > self.limit {
            return Err(Self::refuse(Refusal::TooLarge(self.read)));
        }
        self.check(&buf[..n], n == 0)?;
        Ok(n)
    }
}

/// What every part of the reading shares.
struct Ctx<'a> {
    file: &'a str,
    state: RefCell<State<'a>>,
}

struct State<'a> {
    claims: Claims<'a>,
    sink: &'a mut dyn Sink,
    /// The first refusal, which stopped the parser.
    refused: Option<ImportError>,
}

impl Ctx<'_> {
    /// Runs `f` on the state; a refusal is kept and stops the parser.
    fn check<E: de::Error>(
        &self,
        f: impl FnOnce(&mut State<'_>) -> Result<(), ImportError>,
    ) -> Result<(), E> {
        let result = f(&mut self.state.borrow_mut());
        result.map_err(|refused| {
            self.state.borrow_mut().refused.get_or_insert(refused);
            E::custom("refused")
        })
    }

    fn invalid(&self, (what, uid, rule): Fault) -> ImportError {
        ImportError::Invalid {
            file: self.file.to_owned(),
            what,
            uid,
            rule: Box::new(rule),
        }
    }
}

/// A key of a JSON object.
struct Key(String);

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl Visitor<'_> for KeyVisitor {
            type Value = Key;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a field name")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key, E> {
                Ok(Key(v.to_owned()))
            }
        }
        d.deserialize_identifier(KeyVisitor)
    }
}

/// Sets a field read once; a second time is an error.
fn once<T, E: de::Error>(slot: &mut Option<T>, value: T, name: &'static str) -> Result<(), E> {
    if slot.replace(value).is_some() {
        return Err(E::duplicate_field(name));
    }
    Ok(())
}

/// A field that must be there.
fn required<T, E: de::Error>(slot: Option<T>, name: &'static str) -> Result<T, E> {
    slot.ok_or_else(|| E::missing_field(name))
}

const DOC_FIELDS: &[&str] = &[
    "format",
    "format_version",
    "journal_uid",
    "exported_at",
    "includes_private",
    "pairs",
    "tombstones",
];

/// The whole document.
struct DocSeed<'c, 'a>(&'c Ctx<'a>);

impl<'de> DeserializeSeed<'de> for DocSeed<'_, '_> {
    type Value = Facts;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Facts, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for DocSeed<'_, '_> {
    type Value = Facts;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a candor export")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Facts, A::Error> {
        let ctx = self.0;
        let mut format: Option<String> = None;
        let mut version: Option<u32> = None;
        let mut journal_uid: Option<Option<String>> = None;
        let mut exported_at: Option<DateTime<Utc>> = None;
        let mut includes_private: Option<bool> = None;
        let mut pairs: Option<()> = None;
        let mut tombstones: Option<()> = None;
        while let Some(Key(key)) = map.next_key()? {
            match key.as_str() {
                "format" => {
                    let value: String = map.next_value()?;
                    if value != FORMAT {
                        ctx.check(|_| {
                            Err(ImportError::Syntax {
                                file: ctx.file.to_owned(),
                                message: format!(
                                    "its format is '{}', not '{FORMAT}'",
                                    text::one_line(&value)
                                ),
                                path: "format".into(),
                                line: 1,
                                column: 1,
                            })
                        })?;
                    }
                    once(&mut format, value, "format")?;
                }
                "format_version" => {
                    let found: u32 = map.next_value()?;
                    if !(OLDEST_FORMAT_VERSION..=FORMAT_VERSION).contains(&found) {
                        ctx.check(|_| {
                            Err(ImportError::Version {
                                file: ctx.file.to_owned(),
                                found,
                            })
                        })?;
                    }
                    once(&mut version, found, "format_version")?;
                }
                "journal_uid" => {
                    let uid: Option<String> = map.next_value()?;
                    if let Some(uid) = &uid {
                        ctx.check(|_| {
                            check_uid(uid).map_err(|rule| ImportError::Invalid {
                                file: ctx.file.to_owned(),
                                what: "the journal it names".into(),
                                uid: uid.clone(),
                                rule: Box::new(rule),
                            })
                        })?;
                    }
                    once(&mut journal_uid, uid, "journal_uid")?;
                }
                "exported_at" => {
                    let at: DateTime<Utc> = map.next_value()?;
                    ctx.check(|s| s.claims.exported(at))?;
                    once(&mut exported_at, at, "exported_at")?;
                }
                "includes_private" => {
                    let yes: bool = map.next_value()?;
                    once(&mut includes_private, yes, "includes_private")?;
                    ctx.check(|s| s.claims.includes_private(yes))?;
                }
                "pairs" => {
                    if pairs.is_some() {
                        return Err(de::Error::duplicate_field("pairs"));
                    }
                    map.next_value_seed(PairsSeed(ctx))?;
                    pairs = Some(());
                }
                "tombstones" => {
                    if tombstones.is_some() {
                        return Err(de::Error::duplicate_field("tombstones"));
                    }
                    map.next_value_seed(TombstonesSeed(ctx))?;
                    tombstones = Some(());
                }
                other => return Err(de::Error::unknown_field(other, DOC_FIELDS)),
            }
        }
        required(format, "format")?;
        let format_version = required(version, "format_version")?;
        required(exported_at, "exported_at")?;
        let includes_private = required(includes_private, "includes_private")?;
        required(pairs, "pairs")?;
        required(tombstones, "tombstones")?;
        ctx.check(|s| s.claims.finish())?;
        Ok(Facts {
            format_version,
            journal_uid: journal_uid.flatten(),
            includes_private,
            digest: 0,
        })
    }
}

/// The list of pairs.
struct PairsSeed<'c, 'a>(&'c Ctx<'a>);

impl<'de> DeserializeSeed<'de> for PairsSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for PairsSeed<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of pairs")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut index = 0;
        while seq
            .next_element_seed(PairSeed { ctx: self.0, index })?
            .is_some()
        {
            index += 1;
        }
        Ok(())
    }
}

const PAIR_FIELDS: &[&str] = &[
    "uid",
    "mentor_name",
    "mentee_name",
    "exporter_role",
    "focus",
    "started_on",
    "cadence_days",
    "next_meeting_on",
    "status",
    "created_at",
    "updated_at",
    "checklist",
    "strengths",
    "experiences",
    "meetings",
    "feedback",
    "notes",
    "actions",
    "goals",
    "checkins",
    "aliases",
];

/// One pair: its header fields kept, its entries passed on one by one.
struct PairSeed<'c, 'a> {
    ctx: &'c Ctx<'a>,
    index: usize,
}

impl<'de> DeserializeSeed<'de> for PairSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

/// The header fields of a pair, as they are read.
#[derive(Default)]
struct Header {
    uid: Option<String>,
    mentor_name: Option<String>,
    mentee_name: Option<String>,
    exporter_role: Option<Role>,
    focus: Option<String>,
    started_on: Option<NaiveDate>,
    cadence_days: Option<Option<u32>>,
    next_meeting_on: Option<Option<NaiveDate>>,
    status: Option<PairStatus>,
    created_at: Option<DateTime<Utc>>,
    updated_at: Option<DateTime<Utc>>,
    aliases: Option<Vec<String>>,
}

impl Header {
    /// The pair as a document has it, with no entries; a missing field is
    /// an error.
    fn finish<E: de::Error>(self) -> Result<PairDoc, E> {
        Ok(PairDoc {
            uid: required(self.uid, "uid")?,
            mentor_name: required(self.mentor_name, "mentor_name")?,
            mentee_name: required(self.mentee_name, "mentee_name")?,
            exporter_role: required(self.exporter_role, "exporter_role")?,
            focus: required(self.focus, "focus")?,
            started_on: required(self.started_on, "started_on")?,
            cadence_days: self.cadence_days.flatten(),
            next_meeting_on: self.next_meeting_on.flatten(),
            status: required(self.status, "status")?,
            created_at: required(self.created_at, "created_at")?,
            updated_at: required(self.updated_at, "updated_at")?,
            checklist: Vec::new(),
            strengths: Vec::new(),
            experiences: Vec::new(),
            meetings: Vec::new(),
            feedback: Vec::new(),
            notes: Vec::new(),
            actions: Vec::new(),
            goals: Vec::new(),
            checkins: Vec::new(),
            aliases: self.aliases.unwrap_or_default(),
        })
    }
}

impl<'de> Visitor<'de> for PairSeed<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a pair")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let (ctx, index) = (self.ctx, self.index);
        let mut h = Header::default();
        // The lists read, by the order of `List`; the first seven must be there.
        let mut lists = [false; 9];
        let mut keys = Vec::new();
        while let Some(Key(key)) = map.next_key()? {
            let list = match key.as_str() {
                "uid" => once(&mut h.uid, map.next_value()?, "uid").map(|()| None),
                "mentor_name" => {
                    once(&mut h.mentor_name, map.next_value()?, "mentor_name").map(|()| None)
                }
                "mentee_name" => {
                    once(&mut h.mentee_name, map.next_value()?, "mentee_name").map(|()| None)
                }
                "exporter_role" => {
                    once(&mut h.exporter_role, map.next_value()?, "exporter_role").map(|()| None)
                }
                "focus" => once(&mut h.focus, map.next_value()?, "focus").map(|()| None),
                "started_on" => {
                    once(&mut h.started_on, map.next_value()?, "started_on").map(|()| None)
                }
                "cadence_days" => {
                    once(&mut h.cadence_days, map.next_value()?, "cadence_days").map(|()| None)
                }
                "next_meeting_on" => {
                    once(&mut h.next_meeting_on, map.next_value()?, "next_meeting_on")
                        .map(|()| None)
                }
                "status" => once(&mut h.status, map.next_value()?, "status").map(|()| None),
                "created_at" => {
                    once(&mut h.created_at, map.next_value()?, "created_at").map(|()| None)
                }
                "updated_at" => {
                    once(&mut h.updated_at, map.next_value()?, "updated_at").map(|()| None)
                }
                "aliases" => once(&mut h.aliases, map.next_value()?, "aliases").map(|()| None),
                "checklist" => Ok(Some(List::Checklist)),
                "strengths" => Ok(Some(List::Strengths)),
                "experiences" => Ok(Some(List::Experiences)),
                "meetings" => Ok(Some(List::Meetings)),
                "feedback" => Ok(Some(List::Feedback)),
                "notes" => Ok(Some(List::Notes)),
                "actions" => Ok(Some(List::Actions)),
                "goals" => Ok(Some(List::Goals)),
                "checkins" => Ok(Some(List::Checkins)),
                other => Err(de::Error::unknown_field(other, PAIR_FIELDS)),
            }?;
            if let Some(list) = list {
                if std::mem::replace(&mut lists[list as usize], true) {
                    return Err(de::Error::duplicate_field(list.name()));
                }
                map.next_value_seed(ListSeed {
                    ctx,
                    pair: index,
                    list,
                    keys: &mut keys,
                })?;
            }
        }
        for list in List::REQUIRED {
            if !lists[list as usize] {
                return Err(de::Error::missing_field(list.name()));
            }
        }
        let doc = h.finish()?;
        ctx.check(|s| {
            s.claims.claim(
                Part::Pair(index),
                &doc.uid,
                false,
                timed(doc.created_at, doc.updated_at),
            )?;
            let header = bundle::header(doc, index + 1).map_err(|f| ctx.invalid(f))?;
            s.sink.pair(index, header)
        })
    }
}

/// The lists of entries of a pair.
#[derive(Debug, Clone, Copy)]
enum List {
    Checklist,
    Strengths,
    Experiences,
    Meetings,
    Feedback,
    Notes,
    Actions,
    Goals,
    Checkins,
}

impl List {
    /// The lists a pair must have (goals and check-ins came in version 2).
    const REQUIRED: [Self; 7] = [
        Self::Checklist,
        Self::Strengths,
        Self::Experiences,
        Self::Meetings,
        Self::Feedback,
        Self::Notes,
        Self::Actions,
    ];

    fn name(self) -> &'static str {
        match self {
            Self::Checklist => "checklist",
            Self::Strengths => "strengths",
            Self::Experiences => "experiences",
            Self::Meetings => "meetings",
            Self::Feedback => "feedback",
            Self::Notes => "notes",
            Self::Actions => "actions",
            Self::Goals => "goals",
            Self::Checkins => "checkins",
        }
    }
}

/// One list of a pair's entries, each checked and passed on as it is read.
struct ListSeed<'c, 'a, 'k> {
    ctx: &'c Ctx<'a>,
    pair: usize,
    list: List,
    /// The pair's checklist keys so far.
    keys: &'k mut Vec<String>,
}

impl<'de> DeserializeSeed<'de> for ListSeed<'_, '_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

/// Calls `f` with each element of `seq` and its 0-based index.
fn each<'de, A: SeqAccess<'de>, T: Deserialize<'de>>(
    mut seq: A,
    mut f: impl FnMut(usize, T) -> Result<(), A::Error>,
) -> Result<(), A::Error> {
    let mut i = 0;
    while let Some(value) = seq.next_element::<T>()? {
        f(i, value)?;
        i += 1;
    }
    Ok(())
}

impl<'de> Visitor<'de> for ListSeed<'_, '_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a list of {}", self.list.name())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<(), A::Error> {
        let (ctx, pair, n) = (self.ctx, self.pair, self.pair + 1);
        let part = |noun, index| Part::Entry { noun, index, pair };
        let invalid = |f| ctx.invalid(f);
        match self.list {
            List::Checklist => each(seq, |i, d: ItemDoc| {
                ctx.check(|s| {
                    let times = timed(d.created_at, d.updated_at);
                    s.claims
                        .claim(part("checklist item", i), &d.uid, false, times)?;
                    let e = bundle::item(d, i, n, self.keys).map_err(invalid)?;
                    s.sink.entry(pair, Entry::Item(&e))
                })
            }),
            List::Strengths => each(seq, |i, d: StrengthDoc| {
                ctx.check(|s| {
                    let times = timed(d.created_at, d.updated_at);
                    s.claims.claim(part("strength", i), &d.uid, false, times)?;
                    let e = bundle::strength(d, i, n).map_err(invalid)?;
                    s.sink.entry(pair, Entry::Strength(&e))
                })
            }),
            List::Experiences => each(seq, |i, d: ExperienceDoc| {
                ctx.check(|s| {
                    let times = timed(d.created_at, d.updated_at);
                    s.claims
                        .claim(part("experience", i), &d.uid, false, times)?;
                    let e = bundle::experience(d, i, n).map_err(invalid)?;
                    s.sink.entry(pair, Entry::Experience(&e))
                })
            }),
            List::Meetings => each(seq, |i, d: MeetingDoc| {
                ctx.check(|s| {
                    let times = timed(d.created_at, d.updated_at);
                    s.claims.claim(part("meeting", i), &d.uid, false, times)?;
                    let e = bundle::meeting(d, i, n).map_err(invalid)?;
                    s.sink.entry(pair, Entry::Meeting(&e))
                })
            }),
            List::Feedback => each(seq, |i, d: FeedbackDoc| {
                ctx.check(|s| {
                    let times = timed(d.created_at, d.updated_at);
                    s.claims.claim(part("feedback", i), &d.uid, false, times)?;
                    let e = bundle::feedback(d, i, n).map_err(invalid)?;
                    s.sink.entry(pair, Entry::Feedback(&e))
                })
            }),
            List::Notes => each(seq, |i, d: NoteDoc| {
                ctx.check(|s| {
                    let times = timed(d.created_at, d.updated_at);
                    s.claims.claim(part("note", i), &d.uid, d.private, times)?;
                    let e = bundle::note(d, i, n).map_err(invalid)?;
                    s.sink.entry(pair, Entry::Note(&e))
                })
            }),
            List::Actions => each(seq, |i, d: ActionDoc| {
                ctx.check(|s| {
                    let times = timed(d.created_at, d.updated_at);
                    s.claims
                        .claim(part("action item", i), &d.uid, false, times)?;
                    let e = bundle::action(d, i, n).map_err(invalid)?;
                    s.sink.entry(pair, Entry::Action(&e))
                })
            }),
            List::Goals => each(seq, |i, d: GoalDoc| {
                ctx.check(|s| {
                    let times = timed(d.created_at, d.updated_at);
                    s.claims.claim(part("goal", i), &d.uid, false, times)?;
                    for (index, p) in d.progress.iter().enumerate() {
                        let part = Part::Progress {
                            index,
                            goal: i,
                            pair,
                        };
                        let times = [("noted", Some(p.noted_at)), ("noted", None)];
                        s.claims.claim(part, &p.uid, false, times)?;
                    }
                    let (goal, history) = bundle::goal(d, i, n).map_err(invalid)?;
                    s.sink.entry(pair, Entry::Goal(&goal, &history))
                })
            }),
            List::Checkins => each(seq, |i, d: CheckinDoc| {
                ctx.check(|s| {
                    let times = timed(d.created_at, d.updated_at);
                    s.claims.claim(part("check-in", i), &d.uid, true, times)?;
                    let e = bundle::checkin(d, i, n).map_err(invalid)?;
                    s.sink.entry(pair, Entry::Checkin(&e))
                })
            }),
        }
    }
}

/// The list of deletions.
struct TombstonesSeed<'c, 'a>(&'c Ctx<'a>);

impl<'de> DeserializeSeed<'de> for TombstonesSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for TombstonesSeed<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of deletions")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<(), A::Error> {
        let ctx = self.0;
        each(seq, |n, t: TombstoneDoc| {
            ctx.check(|s| {
                let times = [("deleted", Some(t.deleted_at)), ("deleted", None)];
                s.claims.claim(Part::Deletion(n), &t.uid, false, times)?;
                check_uid(&t.uid).map_err(|rule| ImportError::Invalid {
                    file: ctx.file.to_owned(),
                    what: "a deletion".into(),
                    uid: t.uid.clone(),
                    rule: Box::new(rule),
                })?;
                s.sink.tombstone(Tombstone {
                    uid: t.uid,
                    kind: t.kind,
                    pair_uid: t.pair_uid,
                    deleted_at: t.deleted_at,
                })
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reader that hands out one byte a read, the hardest case for a
    /// character split between reads.
    struct Trickle<'a>(&'a [u8]);

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let Some((first, rest)) = self.0.split_first() else {
                return Ok(0);
            };
            buf[0] = *first;
            self.0 = rest;
            Ok(1)
        }
    }

    fn through(bytes: &[u8]) -> std::io::Result<Vec<u8>> {
        let mut digest = std::hash::DefaultHasher::new();
        let mut out = Vec::new();
        Checked::new(Trickle(bytes), &mut digest).read_to_end(&mut out)?;
        Ok(out)
    }

    fn refusal(e: &std::io::Error) -> &Refusal {
        e.get_ref()
            .and_then(|e| e.downcast_ref::<Refusal>())
            .expect("a refusal")
    }

    #[test]
    fn characters_split_between_reads_pass_whole() {
        let text = "é 中 😀 ok\nnext";
        assert_eq!(through(text.as_bytes()).expect("text"), text.as_bytes());
    }

    #[test]
    fn a_byte_that_is_not_utf8_is_refused_where_it_is() {
        let e = through(b"{\n  \"a\": \"ok\",\n  \"b\": \"\xff\"\n}").expect_err("refused");
        assert!(
            matches!(refusal(&e), Refusal::NotText { line: 3, column: 9 }),
            "{e}"
        );
        // A character cut off by the end of the file is refused too.
        let e = through(&"ok é".as_bytes()[..4]).expect_err("refused");
        assert!(
            matches!(refusal(&e), Refusal::NotText { line: 1, column: 4 }),
            "{e}"
        );
    }

    #[test]
    fn more_than_an_export_may_be_is_refused_while_it_is_read() {
        let mut digest = std::hash::DefaultHasher::new();
        let mut checked = Checked::new(std::io::repeat(b' ').take(100_000), &mut digest);
        checked.limit = 65_536;
        let e = std::io::copy(&mut checked, &mut std::io::sink()).expect_err("refused");
        assert!(
            matches!(refusal(&e), Refusal::TooLarge(n) if *n > 65_536),
            "{e}"
        );
    }
}
