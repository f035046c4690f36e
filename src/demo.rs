//! Sample data for `candor --demo`, read from `assets/demo.toml`.

use chrono::Duration;
use serde::Deserialize;

use std::path::Path;

use anyhow::Context as _;

use crate::config::Config;
use crate::domain::{Direction, NewPair, Owner, PairStatus, Response, Role};
use crate::store::{NewCheckIn, NewFeedback, NewGoal, NewMeeting, NewNote, Result, Store};
use crate::template::Template;

const DEMO: &str = include_str!("../assets/demo.toml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Demo {
    pair: Vec<DemoPair>,
    #[serde(default)]
    meeting: Vec<DemoMeeting>,
    #[serde(default)]
    feedback: Vec<DemoFeedback>,
    #[serde(default)]
    note: Vec<DemoNote>,
    #[serde(default)]
    action: Vec<DemoAction>,
    #[serde(default)]
    goal: Vec<DemoGoal>,
    #[serde(default)]
    checkin: Vec<DemoCheckin>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoGoal {
    pair: usize,
    text: String,
    #[serde(default)]
    criteria: String,
    #[serde(default)]
    due_days_ago: Option<i64>,
    #[serde(default)]
    due_days_ahead: Option<i64>,
    /// (days ago, percent, comment), oldest first.
    #[serde(default)]
    progress: Vec<(i64, u8, String)>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoCheckin {
    pair: usize,
    days_ago: i64,
    trust: u8,
    #[serde(default)]
    helped: String,
    #[serde(default)]
    in_the_way: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoMeeting {
    pair: usize,
    #[serde(default)]
    days_ago: i64,
    #[serde(default)]
    days_ahead: i64,
    #[serde(default)]
    agenda: String,
    #[serde(default)]
    notes: String,
    #[serde(default)]
    next_steps: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoFeedback {
    pair: usize,
    to: Direction,
    requested: bool,
    response: Response,
    body: String,
    #[serde(default)]
    situation: Option<String>,
    #[serde(default)]
    follow_up: String,
    days_ago: i64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoNote {
    pair: usize,
    body: String,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    private: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoAction {
    pair: usize,
    owner: Owner,
    text: String,
    #[serde(default)]
    due_days_ago: Option<i64>,
    #[serde(default)]
    due_days_ahead: Option<i64>,
    #[serde(default)]
    done: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoPair {
    mentor: String,
    mentee: String,
    my_role: Role,
    focus: String,
    started_days_ago: i64,
    cadence_days: Option<u32>,
    #[serde(default)]
    status: Option<PairStatus>,
    #[serde(default)]
    ticked: Vec<String>,
    #[serde(default)]
    mentee_strengths: Vec<String>,
    #[serde(default)]
    mentor_strengths: Vec<String>,
    #[serde(default)]
    experience: Vec<DemoExperience>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoExperience {
    challenge: String,
    similar: String,
}

/// Runs `f` on a throwaway journal filled with the sample pairs, in a
/// private folder of the temp folder that is removed afterwards, whatever
/// `f` returns; `f` is given the folder and the journal, open.
pub fn throwaway<T>(
    config: &Config,
    f: impl FnOnce(&Path, Store) -> anyhow::Result<T>,
) -> anyhow::Result<T> {
    let dir = std::env::temp_dir().join(format!("candor-demo-{}", uuid::Uuid::new_v4()));
    crate::paths::create_private_dirs(&dir)
        .with_context(|| format!("cannot create {}", dir.display()))?;
    let result = (|| {
        let mut store = Store::open(&dir.join(crate::paths::DB_FILE), config.clock.clone())?;
        let template = Template::load(config.config_dir.as_deref())?;
        fill(&mut store, &template)?;
        f(&dir, store)
    })();
    let _ = std::fs::remove_dir_all(&dir);
    result
}

/// Runs `f` with `config` naming a throwaway journal of the sample pairs
/// (`candor --demo COMMAND`).
pub fn with_journal<T>(
    config: &Config,
    f: impl FnOnce(&Config) -> anyhow::Result<T>,
) -> anyhow::Result<T> {
    throwaway(config, |dir, store| {
        drop(store);
        f(&Config {
            db: dir.join(crate::paths::DB_FILE),
            ..config.clone()
        })
    })
}

/// Fills `store` with the sample pairs.
pub fn fill(store: &mut Store, template: &Template) -> Result<()> {
    // The demo file is embedded and checked by a test, so it always parses.
    let demo: Demo = toml::from_str(DEMO).unwrap_or_else(|e| panic!("assets/demo.toml: {e}"));
    let today = store.clock().today();
    let now = store.clock().now();
    let mut ids = Vec::new();
    let mut ticks = Vec::new();
    for p in demo.pair {
        let new = NewPair::new(
            &p.mentor,
            &p.mentee,
            p.my_role,
            &p.focus,
            today - Duration::days(p.started_days_ago),
            p.cadence_days,
        )?;
        let pair = store.add_pair(&new, template)?;
        ids.push(pair.id);
        ticks.push((pair.id, p.ticked.clone()));
        for s in &p.mentee_strengths {
            store.add_strength(pair.id, Role::Mentee, s)?;
        }
        for s in &p.mentor_strengths {
            store.add_strength(pair.id, Role::Mentor, s)?;
        }
        for e in &p.experience {
            store.add_experience(pair.id, &e.challenge, &e.similar)?;
        }
        if let Some(status) = p.status {
            store.set_pair_status(pair.id, status)?;
        }
    }
    let pair_id = |n: usize| ids.get(n.saturating_sub(1)).copied().unwrap_or_default();
    for m in demo.meeting {
        let at = now - Duration::days(m.days_ago) + Duration::days(m.days_ahead);
        let meeting = NewMeeting {
            held_at: at,
            agenda: m.agenda,
            notes: m.notes,
            next_steps: m.next_steps,
        };
        store.add_meeting(pair_id(m.pair), &meeting)?;
    }
    for f in demo.feedback {
        let feedback = NewFeedback {
            direction: f.to,
            requested: f.requested,
            body: f.body,
            situation: f.situation,
            behaviour: None,
            impact: None,
            response: f.response,
            follow_up: f.follow_up,
            given_at: now - Duration::days(f.days_ago),
        };
        store.add_feedback(pair_id(f.pair), &feedback)?;
    }
    // Ticked once the record is written, so an item the record ticks
    // (a strength named, feedback asked for) says which entry did.
    for (pair_id, keys) in ticks {
        for key in keys {
            store.set_item_done(pair_id, &key, true, None)?;
        }
    }
    for n in demo.note {
        let note = NewNote {
            body: n.body,
            private: n.private,
            tags: n.tags,
        };
        store.add_note(pair_id(n.pair), &note)?;
    }
    for a in demo.action {
        let due = match (a.due_days_ago, a.due_days_ahead) {
            (Some(d), _) => Some(today - Duration::days(d)),
            (_, Some(d)) => Some(today + Duration::days(d)),
            _ => None,
        };
        let item = store.add_action(pair_id(a.pair), a.owner, &a.text, due)?;
        if a.done {
            store.set_action_done(item.id, true)?;
        }
    }
    for g in demo.goal {
        let due_on = match (g.due_days_ago, g.due_days_ahead) {
            (Some(d), _) => Some(today - Duration::days(d)),
            (_, Some(d)) => Some(today + Duration::days(d)),
            _ => None,
        };
        let goal = NewGoal {
            text: g.text,
            criteria: g.criteria,
            due_on,
        };
        let id = store.add_goal(pair_id(g.pair), &goal)?.id;
        for (days_ago, percent, comment) in g.progress {
            store.add_goal_progress_at(id, percent, &comment, now - Duration::days(days_ago))?;
        }
    }
    for c in demo.checkin {
        let checkin = NewCheckIn {
            trust: c.trust,
            helped: c.helped,
            in_the_way: c.in_the_way,
            note: String::new(),
            checked_at: Some(now - Duration::days(c.days_ago)),
        };
        store.add_checkin(pair_id(c.pair), &checkin)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::clock::FixedClock;

    #[test]
    fn demo_has_three_pairs_in_different_states() {
        let clock = FixedClock::parse("2026-11-27T10:00:00Z").expect("clock");
        let mut store = Store::open_in_memory(Arc::new(clock)).expect("store");
        fill(&mut store, &Template::built_in()).expect("demo");
        let pairs = store.pair_summaries().expect("pairs");
        assert_eq!(pairs.len(), 3);
        let progress: Vec<_> = pairs
            .iter()
            .map(|p| (p.checklist_done, p.pair.status))
            .collect();
        assert_eq!(
            progress,
            [
                (9, PairStatus::Active),
                (12, PairStatus::Active),
                (2, PairStatus::Paused)
            ]
        );
    }
}
