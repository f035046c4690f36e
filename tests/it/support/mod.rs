//! What the test modules share: the real binary run on a temp journal from
//! the command line (`cli`, checked with `outcome`) and in a pseudo-terminal
//! (`pty`, with the journal around it in `journal`).

#![allow(clippy::unwrap_used)]

pub mod cli;
pub mod journal;
pub mod outcome;
pub mod pty;
