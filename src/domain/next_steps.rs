//! Reading a meeting's next steps: who each line is for (a leading
//! `Ben:`, `mentee:`, `we:`, `me:`) and when it is due (a trailing `by
//! Friday`, `due 2026-12-04`, `by tomorrow`, `by next week`), and what
//! each becomes once read — its own action item, with the owner and due
//! date that were not read filled in and said to be so.
//!
//! Whatever cannot be read stays in the text: a line is never shortened
//! to nothing and never dropped, and "by the time we meet" is text, not a
//! date.

use chrono::{Datelike, Days, NaiveDate, Weekday};

use super::{Owner, Pair, Role, next_step_lines};

/// Who the two people of a pair are and what day it is: what a next step
/// is read against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepReader {
    /// The mentor's full name and first name, lowercased.
    mentor: (String, String),
    /// The mentee's full name and first name, lowercased.
    mentee: (String, String),
    /// Whom `me:` means: the journal owner's side.
    me: Role,
    /// The day relative dates (`Friday`, `tomorrow`) count from.
    today: NaiveDate,
}

/// One line of next steps as read: the owner and due date when they could
/// be read, and the rest of the line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadStep {
    /// Who it is for, when the line says so.
    pub owner: Option<Owner>,
    /// What to do: the line without the owner and due date that were read.
    pub text: String,
    /// When it is due, when the line says so.
    pub due: Option<NaiveDate>,
}

/// A next step as it will be stored: an owner and due date settled, and
/// whether each was read from the line or filled in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedStep {
    /// Who does it.
    pub owner: Owner,
    /// Whether the owner was read from the line (else it is the default).
    pub owner_read: bool,
    /// What to do.
    pub text: String,
    /// When it is due, if ever.
    pub due: Option<NaiveDate>,
    /// Whether the due date was read from the line (else it is the default).
    pub due_read: bool,
}

/// Whitespace collapsed to single spaces, lowercased.
fn folded(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn names(full: &str) -> (String, String) {
    let full = folded(full);
    let first = full.split(' ').next().unwrap_or("").to_owned();
    (full, first)
}

/// The longest prefix before `:` worth comparing with a name (a name has
/// at most 200 characters of up to 4 bytes).
const MAX_OWNER_BYTES: usize = 1024;

impl StepReader {
    /// A reader for the pair of `mentor` and `mentee`, kept by `me`, on `today`.
    pub fn new(mentor: &str, mentee: &str, me: Role, today: NaiveDate) -> Self {
        Self {
            mentor: names(mentor),
            mentee: names(mentee),
            me,
            today,
        }
    }

    /// A reader for `pair` on `today`.
    pub fn for_pair(pair: &Pair, today: NaiveDate) -> Self {
        Self::new(&pair.mentor_name, &pair.mentee_name, pair.my_role, today)
    }

    /// Reads one line of next steps (already without its list marker).
    pub fn read(&self, line: &str) -> ReadStep {
        let line = line.trim();
        let (owner, rest) = match self.owner_of(line) {
            Some((owner, rest)) => (Some(owner), rest),
            None => (None, line),
        };
        let (text, due) = match self.due_of(rest) {
            Some((text, due)) => (text, Some(due)),
            None => (rest, None),
        };
        ReadStep {
            owner,
            text: text.to_owned(),
            due,
        }
    }

    /// The owner a leading `Who:` names, and the rest of the line; none
    /// when the words before the colon are no one of the pair, name both
    /// people at once, or nothing follows the colon.
    fn owner_of<'a>(&self, line: &'a str) -> Option<(Owner, &'a str)> {
        let (who, rest) = line.split_once(':')?;
        let rest = rest.trim();
        if rest.is_empty() || who.len() > MAX_OWNER_BYTES {
            return None;
        }
        let who = folded(who);
        let by_word = match who.as_str() {
            "mentor" => Some(Owner::Mentor),
            "mentee" => Some(Owner::Mentee),
            "both" | "we" | "us" => Some(Owner::Both),
            "me" => Some(owner_of_role(self.me)),
            _ => None,
        };
        let is =
            |(full, first): &(String, String)| !who.is_empty() && (who == *full || who == *first);
        let by_name = match (is(&self.mentor), is(&self.mentee)) {
            (true, false) => Some(Owner::Mentor),
            (false, true) => Some(Owner::Mentee),
            // The same name on both sides says no one in particular.
            (true, true) => return None,
            (false, false) => None,
        };
        match (by_word, by_name) {
            (Some(a), Some(b)) if a != b => None,
            (Some(owner), _) | (None, Some(owner)) => Some((owner, rest)),
            (None, None) => None,
        }
    }

    /// The due date a trailing `by …` or `due …` names, and the line
    /// before it; none when what follows is not a date this reads, or
    /// nothing would be left of the line.
    fn due_of<'a>(&self, line: &'a str) -> Option<(&'a str, NaiveDate)> {
        // A date is at most three words ("in 2 weeks"), after one or two
        // keywords ("due by"): only the end of the line is looked at, and
        // the keyword needs some text before it.
        let (words, more) = last_words(line, 5);
        let from = usize::from(!more);
        for k in from..words.len() {
            let (start, word) = words[k];
            let keyword = word.trim_start_matches('(').to_lowercase();
            let keyword = keyword.trim_end_matches(':');
            if keyword != "by" && keyword != "due" {
                continue;
            }
            let mut phrase: Vec<String> = words[k + 1..]
                .iter()
                .map(|(_, w)| w.to_lowercase())
                .collect();
            if keyword == "due" && phrase.len() > 1 && matches!(phrase[0].as_str(), "by" | "on") {
                phrase.remove(0);
            }
            if let Some(last) = phrase.last_mut() {
                *last = last
                    .trim_end_matches(['.', ',', ';', '!', '?', ')'])
                    .to_owned();
            }
            let Some(due) = self.date(&phrase) else {
                continue;
            };
            let text = line[..start].trim_end_matches(|c: char| {
                c.is_whitespace() || matches!(c, ',' | ';' | '-' | '–' | '—' | ':' | '·' | '(')
            });
            if text.is_empty() {
                return None;
            }
            return Some((text, due));
        }
        None
    }

    /// The day `phrase` (lowercased words) names, counted from today.
    fn date(&self, phrase: &[String]) -> Option<NaiveDate> {
        let today = self.today;
        let words: Vec<&str> = phrase.iter().map(String::as_str).collect();
        match words.as_slice() {
            ["today"] => Some(today),
            ["tomorrow"] => today.checked_add_days(Days::new(1)),
            ["next", "week"] => today.checked_add_days(Days::new(7)),
            ["this", day] => self.weekday_after(weekday(day)?),
            [word] => match weekday(word) {
                Some(day) => self.weekday_after(day),
                None => NaiveDate::parse_from_str(word, "%Y-%m-%d").ok(),
            },
            ["in", n, unit] => {
                let n: u64 = match *n {
                    "a" | "one" => 1,
                    "two" => 2,
                    "three" => 3,
                    n => n.parse().ok().filter(|n| (1..=366).contains(n))?,
                };
                let days = match *unit {
                    "day" | "days" => n,
                    "week" | "weeks" => n * 7,
                    _ => return None,
                };
                today.checked_add_days(Days::new(days))
            }
            [a, b] => {
                let (day, month) = match (a.parse::<u32>(), b.parse::<u32>()) {
                    (Ok(day), Err(_)) => (day, month(b)?),
                    (Err(_), Ok(day)) => (day, month(a)?),
                    _ => return None,
                };
                self.next_date(month, day)
            }
            _ => None,
        }
    }

    /// The first `day` after today.
    fn weekday_after(&self, day: Weekday) -> Option<NaiveDate> {
        let ahead =
            (7 + day.num_days_from_monday() - self.today.weekday().num_days_from_monday()) % 7;
        let ahead = if ahead == 0 { 7 } else { ahead };
        self.today.checked_add_days(Days::new(u64::from(ahead)))
    }

    /// `day` of `month` this year, or next year once it has passed.
    fn next_date(&self, month: u32, day: u32) -> Option<NaiveDate> {
        let year = self.today.year();
        match NaiveDate::from_ymd_opt(year, month, day) {
            Some(d) if d >= self.today => Some(d),
            // 29 February: the next year that has one is not looked for.
            _ => NaiveDate::from_ymd_opt(year.checked_add(1)?, month, day),
        }
    }
}

/// The last `n` words of `line` (fewer if it has fewer), each with where
/// it starts in bytes, and whether more words come before them. Only the
/// end of the line is walked, however long the line.
fn last_words(line: &str, n: usize) -> (Vec<(usize, &str)>, bool) {
    let mut out = Vec::new();
    let mut end = None;
    for (i, c) in line.char_indices().rev() {
        match (c.is_whitespace(), end) {
            (true, Some(e)) => {
                out.push((i + c.len_utf8(), &line[i + c.len_utf8()..e]));
                end = None;
            }
            (false, None) => {
                if out.len() == n {
                    out.reverse();
                    return (out, true);
                }
                end = Some(i + c.len_utf8());
            }
            _ => {}
        }
    }
    if let Some(e) = end {
        out.push((0, &line[..e]));
    }
    out.reverse();
    (out, false)
}

fn weekday(word: &str) -> Option<Weekday> {
    Some(match word {
        "monday" | "mon" => Weekday::Mon,
        "tuesday" | "tue" | "tues" => Weekday::Tue,
        "wednesday" | "wed" => Weekday::Wed,
        "thursday" | "thu" | "thur" | "thurs" => Weekday::Thu,
        "friday" | "fri" => Weekday::Fri,
        "saturday" | "sat" => Weekday::Sat,
        "sunday" | "sun" => Weekday::Sun,
        _ => return None,
    })
}

fn month(word: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let word = word.trim_end_matches('.');
    MONTHS
        .iter()
        .position(|m| word.len() >= 3 && (*m == word || (word.len() <= 4 && m.starts_with(word))))
        .map(|i| i as u32 + 1)
}

/// The owner that stands for `role`.
pub fn owner_of_role(role: Role) -> Owner {
    match role {
        Role::Mentor => Owner::Mentor,
        Role::Mentee => Owner::Mentee,
    }
}

/// The due date of a step that names none: one cadence after today when
/// the meeting was held today or before (so that nothing is born late),
/// one cadence after the meeting when it is planned later; none without a
/// cadence.
pub fn default_due(
    held_on: NaiveDate,
    today: NaiveDate,
    cadence_days: Option<u32>,
) -> Option<NaiveDate> {
    let from = held_on.max(today);
    from.checked_add_days(Days::new(u64::from(cadence_days?)))
}

impl ReadStep {
    /// The step as it will be stored: `owner` and `due` where none was read.
    pub fn settle(self, owner: Owner, due: Option<NaiveDate>) -> PlannedStep {
        PlannedStep {
            owner_read: self.owner.is_some(),
            owner: self.owner.unwrap_or(owner),
            due_read: self.due.is_some(),
            due: self.due.or(due),
            text: self.text,
        }
    }
}

/// The action items that the lines of `next_steps` become, in order: each
/// line that is not one of `already` (the lines the meeting held before,
/// which were made into items then, or chosen not to be), read by
/// `reader`, with `owner` and `due` where the line names none.
pub fn plan_next_steps(
    next_steps: &str,
    already: &str,
    reader: &StepReader,
    owner: Owner,
    due: Option<NaiveDate>,
) -> Vec<PlannedStep> {
    let mut before: Vec<&str> = next_step_lines(already).collect();
    next_step_lines(next_steps)
        .filter(|line| match before.iter().position(|b| b == line) {
            // Each earlier line accounts for one line now, so a step
            // written twice on purpose still becomes a second item.
            Some(i) => {
                before.swap_remove(i);
                false
            }
            None => true,
        })
        .map(|line| reader.read(line).settle(owner, due))
        .collect()
}

/// A date as a person reads it on screen: `Fri 4 Dec`, with the year
/// when it is not the year of `today`.
pub fn short_date(d: NaiveDate, today: NaiveDate) -> String {
    if d.year() == today.year() {
        d.format("%a %-d %b").to_string()
    } else {
        d.format("%a %-d %b %Y").to_string()
    }
}

impl PlannedStep {
    /// One line saying what will be stored, for a person to confirm:
    /// `mentee · due Fri 4 Dec · send the estimates log`, with what was
    /// not read from the line said so (`both (no owner read)`, `(default)`).
    pub fn describe(&self, today: NaiveDate) -> String {
        let owner = if self.owner_read {
            self.owner.to_string()
        } else {
            format!("{} (no owner read)", self.owner)
        };
        let due = match (self.due, self.due_read) {
            (Some(d), true) => format!("due {}", short_date(d, today)),
            (Some(d), false) => format!("due {} (default)", short_date(d, today)),
            (None, _) => "no due date".to_owned(),
        };
        format!("{owner} · {due} · {}", self.text)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use rstest::rstest;

    use super::*;

    /// Friday 27 November 2026.
    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 27).expect("a date")
    }

    fn day(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    fn reader() -> StepReader {
        StepReader::new("Ada Lovelace", "Ben Okafor", Role::Mentor, today())
    }

    #[rstest]
    #[case::first_name("Ben: send the log", Some(Owner::Mentee), "send the log")]
    #[case::full_name("ben okafor: send the log", Some(Owner::Mentee), "send the log")]
    #[case::spaces_in_name("  ADA   Lovelace :  book a room", Some(Owner::Mentor), "book a room")]
    #[case::word_mentor("Mentor: book a room", Some(Owner::Mentor), "book a room")]
    #[case::word_mentee("mentee: read it", Some(Owner::Mentee), "read it")]
    #[case::word_both("Both: plan the next one", Some(Owner::Both), "plan the next one")]
    #[case::we("We: plan the next one", Some(Owner::Both), "plan the next one")]
    #[case::me_is_my_role("me: ask the lead", Some(Owner::Mentor), "ask the lead")]
    #[case::someone_else("Dana: send it", None, "Dana: send it")]
    #[case::a_label("Note: read chapter 3", None, "Note: read chapter 3")]
    #[case::nothing_after("Ben:", None, "Ben:")]
    #[case::no_colon("Ben sends the log", None, "Ben sends the log")]
    #[case::url("read https://example.org", None, "read https://example.org")]
    #[case::only_the_first_colon("Ben: ratio 3:1", Some(Owner::Mentee), "ratio 3:1")]
    #[case::empty_name(": nothing", None, ": nothing")]
    fn the_owner_is_read_from_a_leading_name_or_word(
        #[case] line: &str,
        #[case] owner: Option<Owner>,
        #[case] text: &str,
    ) {
        let step = reader().read(line);
        assert_eq!((step.owner, step.text.as_str()), (owner, text), "{line}");
    }

    #[test]
    fn me_is_whichever_side_the_journal_keeps() {
        let r = StepReader::new("Ada", "Ben", Role::Mentee, today());
        assert_eq!(r.read("me: ask").owner, Some(Owner::Mentee));
    }

    #[test]
    fn a_first_name_both_people_share_names_no_one() {
        let r = StepReader::new("Alex Kim", "Alex Ruiz", Role::Mentor, today());
        assert_eq!(r.read("Alex: send it").owner, None);
        assert_eq!(r.read("Alex: send it").text, "Alex: send it");
        assert_eq!(r.read("alex ruiz: send it").owner, Some(Owner::Mentee));
    }

    #[test]
    fn names_are_compared_whatever_their_script_or_case() {
        let r = StepReader::new("Zoë Ærø", "Łukasz Żak", Role::Mentee, today());
        assert_eq!(r.read("ZOË: read").owner, Some(Owner::Mentor));
        assert_eq!(r.read("łukasz żak: read").owner, Some(Owner::Mentee));
    }

    #[rstest]
    #[case::weekday("send the log by Friday", "send the log", day(2026, 12, 4))]
    #[case::abbreviated("send the log by Fri", "send the log", day(2026, 12, 4))]
    #[case::next_monday("send it by monday.", "send it", day(2026, 11, 30))]
    #[case::this_weekday("send it by this Wed", "send it", day(2026, 12, 2))]
    #[case::iso("send it by 2026-12-04", "send it", day(2026, 12, 4))]
    #[case::tomorrow("call Dana by tomorrow", "call Dana", day(2026, 11, 28))]
    #[case::today("call Dana by today!", "call Dana", day(2026, 11, 27))]
    #[case::next_week("draft it by next week", "draft it", day(2026, 12, 4))]
    #[case::in_days("draft it due in 3 days", "draft it", day(2026, 11, 30))]
    #[case::due("draft it due Tuesday", "draft it", day(2026, 12, 1))]
    #[case::due_colon("draft it, due: 2027-01-05", "draft it", day(2027, 1, 5))]
    #[case::due_by("draft it — due by Thu", "draft it", day(2026, 12, 3))]
    #[case::bracketed("draft it (due Thu)", "draft it", day(2026, 12, 3))]
    #[case::day_month("book it by 4 Dec", "book it", day(2026, 12, 4))]
    #[case::month_day("book it by January 9", "book it", day(2027, 1, 9))]
    #[case::passed_day_month("book it by 1 Nov", "book it", day(2027, 11, 1))]
    #[case::not_a_date(
        "talk it over by the time we meet",
        "talk it over by the time we meet",
        None
    )]
    #[case::typo("send the log by Fridy", "send the log by Fridy", None)]
    #[case::means("pay by card", "pay by card", None)]
    #[case::bad_iso("send it by 2026-02-30", "send it by 2026-02-30", None)]
    #[case::bad_day("send it by 31 Feb", "send it by 31 Feb", None)]
    #[case::only_a_date("by Friday", "by Friday", None)]
    #[case::in_the_middle("by Friday send the log", "by Friday send the log", None)]
    #[case::next_friday("send it by next Friday", "send it by next Friday", None)]
    fn the_due_date_is_read_from_a_trailing_by_or_due(
        #[case] line: &str,
        #[case] text: &str,
        #[case] due: Option<NaiveDate>,
    ) {
        let step = reader().read(line);
        assert_eq!((step.text.as_str(), step.due), (text, due), "{line}");
    }

    #[test]
    fn a_weekday_is_the_next_one_after_today_never_today() {
        // Today is a Friday: "by Friday" is a week away.
        assert_eq!(reader().read("x by fri").due, day(2026, 12, 4));
        assert_eq!(reader().read("x by sat").due, day(2026, 11, 28));
        assert_eq!(reader().read("x by thursday").due, day(2026, 12, 3));
    }

    #[test]
    fn owner_and_date_are_read_together() {
        let step = reader().read("Ben: send the estimates log by Friday");
        assert_eq!(
            step,
            ReadStep {
                owner: Some(Owner::Mentee),
                text: "send the estimates log".into(),
                due: day(2026, 12, 4),
            }
        );
        let planned = step.settle(Owner::Both, day(2026, 12, 11));
        assert_eq!(
            planned.describe(today()),
            "mentee · due Fri 4 Dec · send the estimates log"
        );
    }

    #[test]
    fn what_was_not_read_is_said_so() {
        let planned = reader()
            .read("book a room")
            .settle(Owner::Both, day(2027, 1, 8));
        assert_eq!(
            planned.describe(today()),
            "both (no owner read) · due Fri 8 Jan 2027 (default) · book a room"
        );
        let planned = reader().read("book a room").settle(Owner::Mentor, None);
        assert!(!planned.owner_read && !planned.due_read);
        assert_eq!(
            planned.describe(today()),
            "mentor (no owner read) · no due date · book a room"
        );
    }

    #[test]
    fn the_default_due_date_counts_from_today_for_a_past_meeting() {
        let t = today();
        let past = day(2026, 10, 1).expect("a date");
        let planned = day(2026, 12, 10).expect("a date");
        assert_eq!(default_due(past, t, Some(14)), day(2026, 12, 11));
        assert_eq!(default_due(t, t, Some(14)), day(2026, 12, 11));
        assert_eq!(default_due(planned, t, Some(14)), day(2026, 12, 24));
        assert_eq!(default_due(past, t, None), None);
        assert_eq!(default_due(NaiveDate::MAX, t, Some(366)), None);
    }

    #[test]
    fn lines_already_in_the_meeting_are_not_planned_again() {
        let r = reader();
        let already = "- Ben: send the log by Friday\n- book a room";
        let now = "- Ben: send the log by Friday\n- book a room\n- book a room\n- me: ask the lead";
        let planned = plan_next_steps(now, already, &r, Owner::Both, None);
        let texts: Vec<_> = planned.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(texts, ["book a room", "ask the lead"]);
        assert_eq!(planned[1].owner, Owner::Mentor);
        assert!(plan_next_steps(already, already, &r, Owner::Both, None).is_empty());
        assert_eq!(plan_next_steps(now, "", &r, Owner::Both, None).len(), 4);
    }

    #[test]
    fn the_last_words_are_found_from_the_end() {
        assert_eq!(last_words("", 5), (vec![], false));
        assert_eq!(
            last_words("  a  bb ", 5),
            (vec![(2, "a"), (5, "bb")], false)
        );
        assert_eq!(
            last_words("one two three", 2),
            (vec![(4, "two"), (8, "three")], true)
        );
        assert_eq!(last_words("zoë é", 2), (vec![(0, "zoë"), (5, "é")], false));
        assert_eq!(last_words("a b", 2), (vec![(0, "a"), (2, "b")], false));
        assert_eq!(last_words("a b  ", 1), (vec![(2, "b")], true));
    }

    #[test]
    fn a_date_near_the_end_of_time_is_not_read_past_it() {
        let r = StepReader::new("A", "B", Role::Mentor, NaiveDate::MAX);
        assert_eq!(r.read("x by tomorrow").due, None);
        assert_eq!(r.read("x by friday").due, None);
        assert_eq!(r.read("x due in 366 days").due, None);
        assert_eq!(r.read("x by 4 Dec").due, None);
    }

    proptest! {
        /// Whatever a line holds, nothing of it is lost: the text read is a
        /// piece of the line, never empty when the line was not, and the
        /// line is the owner's words, the text and the date's words.
        #[test]
        fn nothing_is_dropped(line in "\\PC{0,60}", pre in "(Ben|mentor|me|x|Zoë|\u{202e})?:? ?", post in "( by| due)? ?(Friday|tomorrow|2026-12-04|next week|the time|)?") {
            let line = format!("{pre}{line}{post}");
            let step = reader().read(&line);
            let trimmed = line.trim();
            prop_assert!(trimmed.contains(step.text.as_str()), "{step:?} from {line:?}");
            if !trimmed.is_empty() {
                prop_assert!(!step.text.trim().is_empty(), "{step:?} from {line:?}");
            }
            if step.owner.is_none() && step.due.is_none() {
                prop_assert_eq!(step.text.as_str(), trimmed);
            }
        }

        /// Hostile text — controls, bidi overrides, odd colons — is read
        /// without a panic.
        #[test]
        fn any_text_is_read_without_a_panic(line in any::<String>()) {
            let _ = reader().read(&line);
        }
    }
}
