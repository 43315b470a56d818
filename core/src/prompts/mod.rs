//! Prompt templates, as data. Every template has a version id that is stored with each result
//! it produces, so a joke or a verdict can always be traced to the exact words that asked for it.

pub mod generate;
