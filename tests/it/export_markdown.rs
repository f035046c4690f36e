//! The Markdown export read back by an independent CommonMark parser
//! (pulldown-cmark, with every extension it has switched on): hostile text
//! in every kind of entry stays text in its own section — no HTML, no
//! links or images, no headings, code, quotes or tables of its own.

#![allow(clippy::unwrap_used)]

use crate::support::cli::Journal;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// What a hostile entry holds, each on a line of its own.
const PAYLOADS: [&str; 10] = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(2)>",
    "[click](javascript:alert(3))",
    "# a heading of my own",
    "```",
    "<!-- hide the rest",
    "| a | b |",
    "> a quote",
    "1. a list of my own",
    "    four spaces of code",
];

/// A multi-line hostile text, marked with `word` so its section can be found.
fn hostile(word: &str) -> String {
    let mut text = format!("{word} starts here\n");
    text.push_str(&PAYLOADS.join("\n"));
    text
}

/// The export's text, section by section: each `###` heading (or the pair's
/// `##`) with the text under it, line breaks as spaces.
struct Parsed {
    sections: Vec<(String, String)>,
    headings: Vec<(HeadingLevel, String)>,
    markup: Vec<String>,
}

fn parse(md: &str) -> Parsed {
    let mut sections: Vec<(String, String)> = vec![(String::new(), String::new())];
    let mut headings = Vec::new();
    let mut markup = Vec::new();
    let mut heading: Option<(HeadingLevel, String)> = None;
    for event in Parser::new_ext(md, Options::all()) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => heading = Some((level, String::new())),
            Event::End(TagEnd::Heading(_)) => {
                let (level, text) = heading.take().unwrap();
                if level <= HeadingLevel::H3 {
                    sections.push((text.clone(), String::new()));
                }
                headings.push((level, text));
            }
            Event::Text(t) | Event::Code(t) => match &mut heading {
                Some((_, h)) => h.push_str(&t),
                None => sections.last_mut().unwrap().1.push_str(&t),
            },
            Event::SoftBreak | Event::HardBreak => sections.last_mut().unwrap().1.push(' '),
            Event::Html(h) | Event::InlineHtml(h) => markup.push(format!("html {h}")),
            Event::Start(tag @ (Tag::Link { .. } | Tag::Image { .. })) => {
                markup.push(format!("{tag:?}"));
            }
            Event::Start(
                tag @ (Tag::CodeBlock(_)
                | Tag::BlockQuote(_)
                | Tag::Table(_)
                | Tag::HtmlBlock
                | Tag::FootnoteDefinition(_)
                | Tag::Strikethrough
                | Tag::MetadataBlock(_)),
            ) => markup.push(format!("{tag:?}")),
            Event::FootnoteReference(f) => markup.push(format!("footnote {f}")),
            Event::InlineMath(m) | Event::DisplayMath(m) => markup.push(format!("math {m}")),
            _ => {}
        }
    }
    Parsed {
        sections,
        headings,
        markup,
    }
}

#[test]
fn hostile_text_in_every_entry_stays_text_in_its_own_section() {
    let j = Journal::new();
    j.ok(&[
        "pair",
        "add",
        "--mentor",
        "Ana <b>Ruiz</b>",
        "--mentee",
        "# Ben [x](javascript:y)",
        "--focus",
        "<script>focus</script>",
    ]);
    j.ok(&["check", "1", "trust.agenda", "--note", &hostile("itemword")]);
    j.ok(&[
        "strength",
        "add",
        "1",
        "--whose",
        "mentee",
        &hostile("strengthword"),
    ]);
    j.ok(&[
        "experience",
        "add",
        "1",
        "--challenge",
        &hostile("challengeword"),
        "--similar",
        &hostile("similarword"),
    ]);
    j.ok(&[
        "meeting",
        "add",
        "1",
        "--at",
        "2026-11-20 10:00",
        &hostile("meetingword"),
    ]);
    j.ok(&[
        "feedback",
        "add",
        "1",
        "--to",
        "mentor",
        "--requested",
        &hostile("feedbackword"),
    ]);
    j.ok(&["note", "add", "1", &hostile("noteword")]);
    j.ok(&[
        "action",
        "add",
        "1",
        "--owner",
        "both",
        &hostile("actionword"),
    ]);
    j.ok(&["goal", "add", "1", &hostile("goalword")]);

    let md = j.ok(&["export", "1", "--format", "md"]);
    let parsed = parse(&md);
    assert!(
        parsed.markup.is_empty(),
        "markup from user text: {:?}\n{md}",
        parsed.markup
    );

    // Headings are the exporter's alone: the title, the pair, its sections
    // and one dated heading per meeting, feedback entry and note.
    let h3: Vec<&str> = parsed
        .headings
        .iter()
        .filter(|(l, _)| *l == HeadingLevel::H3)
        .map(|(_, t)| t.as_str())
        .collect();
    assert_eq!(
        h3,
        [
            "First meeting",
            "Challenges and similar experiences",
            "Meetings",
            "Feedback",
            "Action items",
            "Goals",
            "Notes"
        ]
    );
    let h2: Vec<&str> = parsed
        .headings
        .iter()
        .filter(|(l, _)| *l <= HeadingLevel::H2)
        .map(|(_, t)| t.as_str())
        .collect();
    assert_eq!(
        h2,
        [
            "candor journal",
            "Ana <b>Ruiz</b> mentors # Ben [x](javascript:y)"
        ]
    );
    let h4 = parsed
        .headings
        .iter()
        .filter(|(l, _)| *l == HeadingLevel::H4)
        .count();
    assert_eq!(h4, 3, "{:?}", parsed.headings);
    assert!(
        parsed
            .headings
            .iter()
            .all(|(_, t)| !t.contains("a heading of my own")),
        "{:?}",
        parsed.headings
    );

    // Every entry's words are text, in full, in its own section.
    let section = |title: &str| -> &str {
        &parsed
            .sections
            .iter()
            .find(|(h, _)| h == title)
            .unwrap_or_else(|| panic!("no section {title}"))
            .1
    };
    for (title, word) in [
        ("First meeting", "itemword"),
        ("First meeting", "strengthword"),
        ("Challenges and similar experiences", "challengeword"),
        ("Challenges and similar experiences", "similarword"),
        ("Meetings", "meetingword"),
        ("Feedback", "feedbackword"),
        ("Action items", "actionword"),
        ("Goals", "goalword"),
        ("Notes", "noteword"),
    ] {
        let text = section(title);
        assert!(text.contains(word), "{word} not under {title}: {text}");
        for payload in PAYLOADS {
            assert!(
                text.contains(payload.trim()),
                "{payload:?} of {word} is not text under {title}: {text}"
            );
        }
        for (other, _) in parsed.sections.iter().filter(|(h, _)| h != title) {
            assert!(!section(other).contains(word), "{word} leaked into {other}");
        }
    }
    assert!(
        section("Ana <b>Ruiz</b> mentors # Ben [x](javascript:y)")
            .contains("<script>focus</script>")
    );
}

#[test]
fn next_steps_are_a_list_feedback_is_paragraphs_and_planned_meetings_say_so() {
    let j = Journal::new();
    j.ok(&[
        "pair",
        "add",
        "--mentor",
        "Ana Ruiz",
        "--mentee",
        "Ben Okafor",
    ]);
    j.ok(&[
        "meeting",
        "add",
        "1",
        "--at",
        "2026-11-20 10:00",
        "we talked",
    ]);
    let conn = j.conn();
    conn.execute(
        "UPDATE meeting SET next_steps = ?1",
        ["- read the design doc\n* ask Dana\nwrite it up"],
    )
    .unwrap();
    drop(conn);
    j.ok(&[
        "meeting",
        "add",
        "1",
        "--at",
        "2027-01-15 10:00",
        "the next one",
    ]);
    j.ok(&[
        "feedback",
        "add",
        "1",
        "--to",
        "mentor",
        "first paragraph\nstill the first\n\nsecond paragraph",
    ]);
    let md = j.ok(&["export", "1", "--format", "md"]);
    assert!(!md.contains('⏎'), "{md}");
    assert!(
        md.contains("*Next steps*\n\n- read the design doc\n- ask Dana\n- write it up\n"),
        "{md}"
    );
    assert!(md.contains("#### 2027-01-15 10:00 (planned)"), "{md}");
    assert!(!md.contains("2026-11-20 10:00 (planned)"), "{md}");

    let mut paragraphs = Vec::new();
    let mut items = Vec::new();
    let mut in_item = 0;
    let mut text = String::new();
    for event in Parser::new_ext(&md, Options::empty()) {
        match event {
            Event::Start(Tag::Item) => in_item += 1,
            Event::End(TagEnd::Item) => {
                in_item -= 1;
                items.push(std::mem::take(&mut text));
            }
            Event::Start(Tag::Paragraph) => text.clear(),
            Event::End(TagEnd::Paragraph) if in_item == 0 => {
                paragraphs.push(std::mem::take(&mut text));
            }
            Event::Text(t) => text.push_str(&t),
            Event::HardBreak | Event::SoftBreak => text.push('\n'),
            _ => {}
        }
    }
    assert!(
        paragraphs.contains(&"first paragraph\nstill the first".to_owned())
            && paragraphs.contains(&"second paragraph".to_owned()),
        "{paragraphs:?}"
    );
    for step in ["read the design doc", "ask Dana", "write it up"] {
        assert!(items.iter().any(|i| i == step), "{step}: {items:?}");
    }
}
