//! Colours and emphasis. With `NO_COLOR` set only bold, dim, reverse and
//! underline are used, so everything still reads on a monochrome terminal.

use ratatui::style::{Color, Modifier, Style};

/// The styles the screens draw with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    /// Borders and rules.
    pub border: Style,
    /// Titles and headings.
    pub title: Style,
    /// Secondary text.
    pub dim: Style,
    /// The selected row where the focus is.
    pub selected: Style,
    /// The selected row of the pane without focus.
    pub selected_idle: Style,
    /// The open tab.
    pub tab_active: Style,
    /// Finished things: ticked items, complete steps.
    pub done: Style,
    /// Needs attention soon.
    pub warning: Style,
    /// Refused or failed.
    pub error: Style,
    /// Key names in hints and help.
    pub key: Style,
}

impl Theme {
    /// The theme for a terminal with colours, or without when `no_color`.
    pub fn new(no_color: bool) -> Self {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        if no_color {
            return Self {
                border: Style::new(),
                title: bold,
                dim: Style::new().add_modifier(Modifier::DIM),
                selected: Style::new().add_modifier(Modifier::REVERSED),
                selected_idle: bold,
                tab_active: bold.add_modifier(Modifier::UNDERLINED),
                done: Style::new(),
                warning: bold,
                error: bold.add_modifier(Modifier::UNDERLINED),
                key: bold,
            };
        }
        Self {
            border: Style::new().fg(Color::DarkGray),
            title: bold.fg(Color::Cyan),
            dim: Style::new().fg(Color::DarkGray),
            selected: Style::new().fg(Color::Black).bg(Color::Cyan),
            selected_idle: bold,
            tab_active: bold.fg(Color::Black).bg(Color::Cyan),
            done: Style::new().fg(Color::Green),
            warning: bold.fg(Color::Yellow),
            error: bold.fg(Color::Red),
            key: bold.fg(Color::Cyan),
        }
    }
}
