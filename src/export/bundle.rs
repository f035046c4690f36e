//! A document's pair and each of its entries made the store's types, each
//! checked by the rules the CLI enforces; a fault names the entry and its
//! uid. Entries are checked one at a time, as a stream reads them.

use super::claims::check_uid;
use super::document::{
    ActionDoc, CheckinDoc, ExperienceDoc, FeedbackDoc, GoalDoc, ItemDoc, MeetingDoc, NoteDoc,
    PairDoc, StrengthDoc,
};
use crate::domain::{
    self, ActionItem, CheckIn, CheckInText, ChecklistItem, Experience, Feedback, Goal,
    GoalProgress, Invalid, Meeting, Note, NoteContent, NoteText, Pair, Sealing, Strength,
};
use crate::store::PairBundle;

/// Which entry broke a rule, its uid, and the rule.
pub(super) type Fault = (String, String, Invalid);

fn at(what: String, uid: &str) -> impl Fn(Invalid) -> Fault + use<> {
    let uid = uid.to_owned();
    move |e: Invalid| (what.clone(), uid.clone(), e)
}

/// Pair `n` (1-based) of a document, with its aliases and no entries (the
/// entry lists of `p` are not read).
pub(super) fn header(p: PairDoc, n: usize) -> Result<PairBundle, Fault> {
    let pair_what = format!("pair {n}");
    check_uid(&p.uid).map_err(at(pair_what.clone(), &p.uid))?;
    for alias in &p.aliases {
        check_uid(alias).map_err(at(format!("an alias of pair {n}"), alias))?;
    }
    let new = domain::NewPair::new(
        &p.mentor_name,
        &p.mentee_name,
        p.exporter_role,
        &p.focus,
        p.started_on,
        p.cadence_days
            .map(i64::from)
            .map(domain::cadence)
            .transpose()
            .map_err(at(pair_what.clone(), &p.uid))?,
    )
    .map_err(at(pair_what.clone(), &p.uid))?;
    let pair = Pair {
        id: 0,
        uid: p.uid,
        mentor_name: new.mentor_name,
        mentee_name: new.mentee_name,
        my_role: p.exporter_role,
        focus: new.focus,
        started_on: p.started_on,
        cadence_days: new.cadence_days,
        next_meeting_on: p.next_meeting_on,
        status: p.status,
        created_at: p.created_at,
        updated_at: p.updated_at,
        version: 0,
    };
    Ok(PairBundle::new(pair, p.aliases))
}

/// Checklist item `i` (0-based) of pair `n`; `keys` are the keys of the
/// pair's items before it (a pair has one item per key: that is how two
/// journals' checklists meet).
pub(super) fn item(
    item: ItemDoc,
    i: usize,
    n: usize,
    keys: &mut Vec<String>,
) -> Result<ChecklistItem, Fault> {
    let err = at(format!("checklist item {} of pair {n}", i + 1), &item.uid);
    check_uid(&item.uid).map_err(&err)?;
    if !(1..=5).contains(&item.step) {
        return Err(err(Invalid::Range {
            what: "a step",
            min: 1,
            max: 5,
            got: i64::from(item.step),
        }));
    }
    let key_ok = !item.key.is_empty()
        && item
            .key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
    if !key_ok {
        return Err(err(Invalid::Choice {
            what: "a checklist key",
            got: item.key,
            allowed: "letters, digits, '.', '_' and '-'",
        }));
    }
    if keys.contains(&item.key) {
        return Err(err(Invalid::Twice {
            what: "the checklist key",
            got: item.key,
        }));
    }
    keys.push(item.key.clone());
    Ok(ChecklistItem {
        id: 0,
        ticked_by: crate::template::built_in_fact(&item.key),
        pair_id: 0,
        step: item.step,
        title: domain::required_text("the item's title", &item.title).map_err(&err)?,
        done: item.done_at.is_some(),
        done_at: item.done_at,
        from: None,
        note: domain::bounded_text("the note", &item.note).map_err(&err)?,
        position: item.position,
        created_at: item.created_at,
        updated_at: item.updated_at,
        version: 0,
        key: item.key,
        uid: item.uid,
    })
}

/// Strength `i` (0-based) of pair `n`.
pub(super) fn strength(s: StrengthDoc, i: usize, n: usize) -> Result<Strength, Fault> {
    let err = at(format!("strength {} of pair {n}", i + 1), &s.uid);
    check_uid(&s.uid).map_err(&err)?;
    Ok(Strength {
        id: 0,
        pair_id: 0,
        whose: s.whose,
        text: domain::required_text("the strength", &s.text).map_err(&err)?,
        created_at: s.created_at,
        updated_at: s.updated_at,
        version: 0,
        uid: s.uid,
    })
}

/// Challenge ↔ experience `i` (0-based) of pair `n`.
pub(super) fn experience(e: ExperienceDoc, i: usize, n: usize) -> Result<Experience, Fault> {
    let err = at(format!("experience {} of pair {n}", i + 1), &e.uid);
    check_uid(&e.uid).map_err(&err)?;
    Ok(Experience {
        id: 0,
        pair_id: 0,
        challenge: domain::required_text("the mentee's challenge", &e.challenge).map_err(&err)?,
        similar: domain::required_text("the mentor's similar experience", &e.similar)
            .map_err(&err)?,
        created_at: e.created_at,
        updated_at: e.updated_at,
        version: 0,
        uid: e.uid,
    })
}

/// Meeting `i` (0-based) of pair `n`.
pub(super) fn meeting(m: MeetingDoc, i: usize, n: usize) -> Result<Meeting, Fault> {
    let err = at(format!("meeting {} of pair {n}", i + 1), &m.uid);
    check_uid(&m.uid).map_err(&err)?;
    for (what, t) in [
        ("the agenda", &m.agenda),
        ("the notes", &m.notes),
        ("the next steps", &m.next_steps),
    ] {
        domain::body(what, t, true).map_err(&err)?;
    }
    // Nothing written is fine only in a meeting planned ahead (such as
    // by `pair edit --next`): one held later than it was made.
    if [&m.agenda, &m.notes, &m.next_steps]
        .iter()
        .all(|t| t.trim().is_empty())
        && m.held_at <= m.created_at
    {
        return Err(err(Invalid::Empty(
            "a meeting's agenda, notes or next steps",
        )));
    }
    Ok(Meeting {
        id: 0,
        uid: m.uid,
        pair_id: 0,
        held_at: m.held_at,
        agenda: m.agenda,
        notes: m.notes,
        next_steps: m.next_steps,
        created_at: m.created_at,
        updated_at: m.updated_at,
        version: 0,
    })
}

/// Feedback `i` (0-based) of pair `n`.
pub(super) fn feedback(f: FeedbackDoc, i: usize, n: usize) -> Result<Feedback, Fault> {
    let err = at(format!("feedback {} of pair {n}", i + 1), &f.uid);
    check_uid(&f.uid).map_err(&err)?;
    domain::body("the feedback", &f.body, false).map_err(&err)?;
    for t in [&f.situation, &f.behaviour, &f.impact]
        .into_iter()
        .flatten()
    {
        domain::body("the situation, behaviour or impact", t, true).map_err(&err)?;
    }
    domain::body("the follow-up", &f.follow_up, true).map_err(&err)?;
    Ok(Feedback {
        id: 0,
        uid: f.uid,
        pair_id: 0,
        direction: f.direction,
        requested: f.requested,
        body: f.body,
        situation: f.situation,
        behaviour: f.behaviour,
        impact: f.impact,
        response: f.response,
        follow_up: f.follow_up,
        given_at: f.given_at,
        created_at: f.created_at,
        updated_at: f.updated_at,
        version: 0,
    })
}

/// Note `i` (0-based) of pair `n`.
pub(super) fn note(note: NoteDoc, i: usize, n: usize) -> Result<Note, Fault> {
    let err = at(format!("note {} of pair {n}", i + 1), &note.uid);
    check_uid(&note.uid).map_err(&err)?;
    domain::body("the note", &note.body, false).map_err(&err)?;
    let tags = domain::parse_tags(note.tags.iter().map(String::as_str)).map_err(&err)?;
    if tags != note.tags {
        return Err(err(Invalid::Choice {
            what: "a tag list",
            got: note.tags.join(" "),
            allowed: "distinct lower-case words without spaces, commas or '#'",
        }));
    }
    // A document carries text in clear only; the merge seals a private
    // one here if this journal has a passphrase.
    let text = NoteText {
        body: note.body,
        tags,
    };
    Ok(Note {
        id: 0,
        uid: note.uid,
        pair_id: 0,
        content: if note.private {
            NoteContent::Private(Sealing::Clear(text))
        } else {
            NoteContent::Shared(text)
        },
        created_at: note.created_at,
        updated_at: note.updated_at,
        version: 0,
    })
}

/// Action item `i` (0-based) of pair `n`.
pub(super) fn action(a: ActionDoc, i: usize, n: usize) -> Result<ActionItem, Fault> {
    let err = at(format!("action item {} of pair {n}", i + 1), &a.uid);
    check_uid(&a.uid).map_err(&err)?;
    Ok(ActionItem {
        id: 0,
        pair_id: 0,
        owner: a.owner,
        text: domain::required_text("the action item", &a.text).map_err(&err)?,
        due_on: a.due_on,
        done: a.done_at.is_some(),
        done_at: a.done_at,
        created_at: a.created_at,
        updated_at: a.updated_at,
        version: 0,
        uid: a.uid,
    })
}

/// Goal `i` (0-based) of pair `n`, with its progress history.
pub(super) fn goal(g: GoalDoc, i: usize, n: usize) -> Result<(Goal, Vec<GoalProgress>), Fault> {
    let err = at(format!("goal {} of pair {n}", i + 1), &g.uid);
    check_uid(&g.uid).map_err(&err)?;
    let text = domain::required_text("the goal", &g.text).map_err(&err)?;
    let criteria = domain::body("the success criteria", &g.criteria, true).map_err(&err)?;
    let mut history = Vec::new();
    for (j, pr) in g.progress.into_iter().enumerate() {
        let err = at(
            format!("progress {} of goal {} of pair {n}", j + 1, i + 1),
            &pr.uid,
        );
        check_uid(&pr.uid).map_err(&err)?;
        history.push(GoalProgress {
            id: 0,
            uid: pr.uid,
            goal_id: 0,
            percent: domain::percent(i64::from(pr.percent)).map_err(&err)?,
            comment: domain::body("the comment", &pr.comment, true).map_err(&err)?,
            noted_at: pr.noted_at,
        });
    }
    let latest = history.iter().max_by_key(|p| p.noted_at);
    let goal = Goal {
        id: 0,
        uid: g.uid,
        pair_id: 0,
        text,
        criteria,
        due_on: g.due_on,
        progress: latest.map_or(0, |p| p.percent),
        progress_at: latest.map(|p| p.noted_at),
        created_at: g.created_at,
        updated_at: g.updated_at,
        version: 0,
    };
    Ok((goal, history))
}

/// Trust check-in `i` (0-based) of pair `n`.
pub(super) fn checkin(c: CheckinDoc, i: usize, n: usize) -> Result<CheckIn, Fault> {
    let err = at(format!("check-in {} of pair {n}", i + 1), &c.uid);
    check_uid(&c.uid).map_err(&err)?;
    for (what, t) in [
        ("what helped", &c.helped),
        ("what got in the way", &c.in_the_way),
        ("the check-in's note", &c.note),
    ] {
        domain::body(what, t, true).map_err(&err)?;
    }
    Ok(CheckIn {
        id: 0,
        uid: c.uid,
        pair_id: 0,
        checked_at: c.checked_at,
        content: Sealing::Clear(CheckInText {
            trust: domain::trust_level(i64::from(c.trust)).map_err(&err)?,
            helped: c.helped,
            in_the_way: c.in_the_way,
            note: c.note,
        }),
        created_at: c.created_at,
        updated_at: c.updated_at,
        version: 0,
    })
}
