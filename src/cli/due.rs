//! `candor due`: what is late and what is due soon across pairs, one line
//! each — the same list Home (`0`) shows (see [`Store::due`]), with the
//! pairs whose agreed cadence says they should meet, as the pair list and
//! Home's "Overdue for a meeting" read it.

use std::io::Write;

use anyhow::Result;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use super::output;
use crate::domain::{Due, Kind, Noun, PairSummary};
use crate::store::Store;
use crate::text;

/// The most action items, and the most goals, listed; past it a line on
/// standard error says that more are due.
const SHOWN: usize = 1000;

/// Something is late: `candor due --check` exits with status 1, saying nothing more.
#[derive(Debug, thiserror::Error)]
#[error("something is late")]
pub struct Late;

/// One line of `candor due`, as `--json` writes it: every key in every object.
#[derive(Debug, Serialize)]
struct Row {
    /// The day it is due.
    on: NaiveDate,
    /// Days from today to `on`: negative when late.
    days: i64,
    /// Past its day and not done.
    late: bool,
    /// meeting, action or goal.
    kind: &'static str,
    /// The pair's id, and the other person's name.
    pair_id: i64,
    pair: String,
    /// The entry's id and uid; null for a meeting due by the cadence alone.
    id: Option<i64>,
    uid: Option<String>,
    /// The action item's or goal's text, the planned meeting's agenda, or
    /// for a meeting due by the cadence what the cadence is.
    text: String,
    /// A meeting: whether it is planned (false: due by the cadence alone).
    planned: Option<bool>,
    /// A planned meeting's time.
    at: Option<DateTime<Utc>>,
    /// An action item's owner: mentor, mentee or both.
    owner: Option<String>,
    /// A goal's progress in percent.
    progress: Option<u8>,
    /// What the line says last, on one row.
    #[serde(skip)]
    line: String,
    /// Meetings before action items before goals, on one day.
    #[serde(skip)]
    rank: u8,
}

pub(super) struct DueArgs {
    pub(super) within: u32,
    pub(super) json: bool,
    pub(super) check: bool,
    pub(super) quiet: bool,
}

pub(super) fn due(store: &Store, args: DueArgs, out: &mut dyn Write) -> Result<()> {
    let clock = store.clock();
    let today = clock.today();
    let until = today + chrono::Days::new(u64::from(args.within));
    let pairs = store.pair_summaries()?;
    let mut rows: Vec<Row> = pairs
        .iter()
        .filter_map(|p| {
            let on = p.meeting_due_by_cadence(today, clock)?;
            (on <= until).then(|| cadence_row(p, on, today, store))
        })
        .collect();
    // One more than is shown, to know whether there are more.
    let due = store.due(&pairs, today, until, SHOWN + 1)?;
    let (mut actions, mut goals) = (0, 0);
    for d in &due {
        let n = match d {
            Due::Meeting { .. } => &mut 0,
            Due::Action(_) => &mut actions,
            Due::Goal(_) => &mut goals,
        };
        *n += 1;
        if *n > SHOWN {
            continue;
        }
        rows.extend(due_row(d, &pairs, today, store)?);
    }
    // Late first (the longest late first), then the soonest; meetings
    // before action items before goals on one day, then by pair.
    rows.sort_by_key(|r| (r.on, r.rank, r.pair_id));
    let late = rows.iter().any(|r| r.late);
    if !args.quiet {
        if args.json {
            output::json(out, &rows)?;
        } else {
            let table: Vec<Vec<String>> = rows
                .iter()
                .map(|r| {
                    vec![
                        store.clock().show_date(r.on),
                        when(r.days),
                        text::one_line(&r.pair),
                        r.kind.to_owned(),
                        r.line.clone(),
                    ]
                })
                .collect();
            output::table(out, &table)?;
        }
        for (kind, n) in [(Kind::Action, actions), (Kind::Goal, goals)] {
            if n > SHOWN {
                eprintln!(
                    "candor: more than {} are due; the first {} by date are listed",
                    kind.noun().count(SHOWN),
                    crate::text::grouped(SHOWN)
                );
            }
        }
    }
    if args.check && late {
        return Err(Late.into());
    }
    Ok(())
}

/// "today", "tomorrow", "in 5 days", "1 day late", "3 days late".
fn when(days: i64) -> String {
    match days {
        0 => "today".to_owned(),
        1 => "tomorrow".to_owned(),
        d if d > 0 => format!("in {}", Noun::DAY.count(d)),
        d => format!("{} late", Noun::DAY.count(-d)),
    }
}

fn pair_name(pairs: &[PairSummary], id: i64) -> String {
    pairs
        .iter()
        .find(|p| p.pair.id == id)
        .map_or_else(String::new, |p| p.pair.partner_name().to_owned())
}

/// A meeting the agreed cadence says is due by `on`, none being planned.
fn cadence_row(p: &PairSummary, on: NaiveDate, today: NaiveDate, store: &Store) -> Row {
    let since = p.days_since_met(today, store.clock()).map_or_else(
        || "not met yet".to_owned(),
        |d| format!("last met {} ago", Noun::DAY.count(d)),
    );
    let every = p.pair.cadence_days.map_or_else(String::new, |c| {
        format!(", agreed every {}", Noun::DAY.count(c))
    });
    let days = (on - today).num_days();
    Row {
        on,
        days,
        late: days < 0,
        kind: "meeting",
        pair_id: p.pair.id,
        pair: p.pair.partner_name().to_owned(),
        id: None,
        uid: None,
        text: format!("none planned; {since}{every}"),
        planned: Some(false),
        at: None,
        owner: None,
        progress: None,
        line: format!("none planned; {since}{every}"),
        rank: 0,
    }
}

/// One of Home's due entries as a line; a planned meeting is read for its
/// time and agenda (the pair's earliest planned one).
fn due_row(d: &Due, pairs: &[PairSummary], today: NaiveDate, store: &Store) -> Result<Option<Row>> {
    let on = d.on();
    let days = (on - today).num_days();
    let base = |kind: &'static str, id: i64, uid: &str, text: &str| Row {
        on,
        days,
        late: days < 0,
        kind,
        pair_id: d.pair_id(),
        pair: pair_name(pairs, d.pair_id()),
        id: Some(id),
        uid: Some(uid.to_owned()),
        text: text.to_owned(),
        planned: None,
        at: None,
        owner: None,
        progress: None,
        line: text::one_line(text.lines().next().unwrap_or("")),
        rank: d.rank(),
    };
    Ok(Some(match d {
        Due::Meeting { pair_id, .. } => {
            let Some(m) = store.planned_meetings(Some(*pair_id), Some(1))?.pop() else {
                return Ok(None);
            };
            let row = base("meeting", m.id, &m.uid, &m.agenda);
            let time = store.clock().local(m.held_at).format("%H:%M").to_string();
            Row {
                planned: Some(true),
                at: Some(m.held_at),
                line: [time, row.line.clone()]
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join(" · "),
                ..row
            }
        }
        Due::Action(a) => {
            let row = base("action", a.id, &a.uid, &a.text);
            Row {
                owner: Some(a.owner.to_string()),
                line: format!("{} · {}", row.line, a.owner),
                ..row
            }
        }
        Due::Goal(g) => {
            let row = base("goal", g.id, &g.uid, &g.text);
            Row {
                progress: Some(g.progress),
                line: format!("{} · {}%", row.line, g.progress),
                ..row
            }
        }
    }))
}
