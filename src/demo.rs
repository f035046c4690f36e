//! Sample data for `candor --demo`, read from `assets/demo.toml`.

use chrono::Duration;
use serde::Deserialize;

use crate::domain::{NewPair, PairStatus, Role};
use crate::store::{Result, Store};
use crate::template::Template;

const DEMO: &str = include_str!("../assets/demo.toml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Demo {
    pair: Vec<DemoPair>,
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

/// Fills `store` with the sample pairs.
pub fn fill(store: &mut Store, template: &Template) -> Result<()> {
    // The demo file is embedded and checked by a test, so it always parses.
    let demo: Demo = toml::from_str(DEMO).unwrap_or_else(|e| panic!("assets/demo.toml: {e}"));
    let today = store.clock().today();
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
        for key in &p.ticked {
            store.set_item_done(pair.id, key, true, None)?;
        }
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
        let pairs = store.pairs().expect("pairs");
        assert_eq!(pairs.len(), 3);
        let progress: Vec<_> = pairs.iter().map(|p| (p.checklist_done, p.status)).collect();
        assert_eq!(
            progress,
            [
                (7, PairStatus::Active),
                (12, PairStatus::Active),
                (2, PairStatus::Paused)
            ]
        );
    }
}
