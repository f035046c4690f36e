//! The mouse: a click selects a pair, the wheel moves the selection of the
//! view in front.

use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Position, Rect};

use super::{App, Effect, Focus};
use crate::action::Action;
use crate::layout;

impl App {
    pub(super) fn mouse(&mut self, ev: MouseEvent) {
        match ev.kind {
            MouseEventKind::ScrollUp | MouseEventKind::ScrollDown => {
                let up = ev.kind == MouseEventKind::ScrollUp;
                self.act(if up { Action::Up } else { Action::Down });
                self.emit(Effect::Redraw);
            }
            MouseEventKind::Down(MouseButton::Left) if self.state.overlay.is_none() => {
                let (w, h) = self.state.size;
                let Some(areas) = layout::areas(Rect::new(0, 0, w, h)) else {
                    return;
                };
                let at = Position::new(ev.column, ev.row);
                if areas.pair_rows.contains(at) {
                    let row = usize::from(at.y - areas.pair_rows.y);
                    let pairs = &self.state.pairs;
                    if let Some(index) =
                        layout::pair_at_row(pairs.selected, pairs.len(), areas.pair_rows, row)
                    {
                        self.state.focus = Focus::Pairs;
                        self.select_pair(index);
                        self.emit(Effect::Redraw);
                    }
                }
            }
            _ => {}
        }
    }
}
