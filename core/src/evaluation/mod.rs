//! The experiment's evaluation: models answer the same keywords, a judge compares every pair of
//! answers in both orders, and the verdicts become a report a reviewer can check.
//!
//! - [`plan`]: what an evaluation is ([`Definition`]) and the calls it needs, each with a stable id,
//!   so a run resumed after a reload never makes (or pays for) a call twice.
//! - [`outcome`]: two verdicts on one pair → one [`PairOutcome`], errors and unparseable verdicts
//!   kept apart from preferences.
//! - [`length`]: whether the judge rewards length, and the win rate with length held equal.
//! - [`report`]: everything the Evaluate page shows, from the judged pairs.
//! - [`agreement`]: the judge against people (labels, the arena's ranking).

pub mod agreement;
pub mod length;
pub mod outcome;
pub mod plan;
pub mod report;

pub use outcome::{Judged, PairOutcome};
pub use plan::{Case, Definition, DefinitionError, Design};
pub use report::{Report, report};
