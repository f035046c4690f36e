//! candor: a terminal mentoring journal.
//!
//! The flow is one way: terminal event → [`action::Action`] → [`app::App::update`]
//! → [`store::Store`] → state → [`ui::render`].

pub mod action;
pub mod app;
pub mod cli;
pub mod clock;
pub mod config;
pub mod crypto;
pub mod demo;
pub mod domain;
pub mod editor;
pub mod export;
pub mod hardening;
pub mod keymap;
pub mod layout;
pub mod paths;
pub mod store;
pub mod sync;
pub mod template;
pub mod text;
pub mod tui;
pub mod ui;
