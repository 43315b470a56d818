//! The app's domain: the curator's data (the workspace: routines, jokes and their labels, runs,
//! ballots, datasets, tuned models) as plain types, and the pure rules over them (reading imported
//! files, search and filters, undo). Nothing here touches the browser,
//! so all of it is tested natively; `store` keeps these records in IndexedDB and `pages` shows them.

pub mod backup;
pub mod crowd;
pub mod dataset;
pub mod details;
pub mod diff;
pub mod duplicates;
pub mod edits;
pub mod evaluation;
pub mod evaluation_record;
pub mod evaluation_text;
pub mod import;
pub mod kit;
pub mod model;
pub mod names;
pub mod run;
pub mod search;
pub mod shortcuts;
pub mod tuning;
pub mod undo;

pub use model::{
    CatalogEntry, Exchange, Joke, JokeSource, Label, LabelEvent, Routine, RoutineHead, RoutineMeta, Stored, TaskError,
    TaskStamp, TextVersion, VersionKind,
};
