//! Prompt templates, as data. Every template has a version id that is stored with each result
//! it produces, so a joke or a verdict can always be traced to the exact words that asked for it.
//! One file per task; `crate::tasks` pairs each with its reply schema and parser.

pub mod extract;
pub mod generate;
pub mod graph;
pub mod judge;
pub mod keywords;
pub mod refine;
pub mod rewrite;
