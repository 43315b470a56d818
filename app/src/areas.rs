//! The curator's areas, in the order of the work, from transcripts to a model people can play
//! with: the one list of where each lives and which page binary holds it. Their names and
//! summaries are words (`i18n::AreaWords`); `lib.rs` routes each path to its page.

use crate::i18n::{self, AreaWords};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Area {
    Import,
    Runs,
    Jokes,
    Vote,
    Dataset,
    FineTune,
    Evaluate,
    Playground,
    Settings,
}

impl Area {
    /// The navigation's order.
    pub const ALL: [Area; 9] = [
        Area::Import,
        Area::Runs,
        Area::Jokes,
        Area::Vote,
        Area::Dataset,
        Area::FineTune,
        Area::Evaluate,
        Area::Playground,
        Area::Settings,
    ];

    pub fn path(self) -> &'static str {
        match self {
            Area::Import => "/import",
            Area::Runs => "/runs",
            Area::Jokes => "/jokes",
            Area::Vote => "/vote",
            Area::Dataset => "/dataset",
            Area::FineTune => "/fine-tune",
            Area::Evaluate => "/evaluate",
            Area::Playground => "/playground",
            Area::Settings => "/settings",
        }
    }

    /// Its name and summary in the current language.
    pub fn words(self) -> &'static AreaWords {
        let w = i18n::t();
        match self {
            Area::Import => &w.IMPORT,
            Area::Runs => &w.RUNS,
            Area::Jokes => &w.JOKES,
            Area::Vote => &w.VOTE,
            Area::Dataset => &w.DATASET,
            Area::FineTune => &w.FINE_TUNE,
            Area::Evaluate => &w.EVALUATE,
            Area::Playground => &w.PLAYGROUND,
            Area::Settings => &w.SETTINGS,
        }
    }

    /// Whether the experiment's page binary (`Lab`) holds it rather than the curator's first page.
    pub fn in_lab(self) -> bool {
        matches!(self, Area::Dataset | Area::FineTune | Area::Evaluate)
    }
}

#[cfg(test)]
mod tests {
    /// Each area's path is a route of the page binary that holds it, and no other route is.
    #[test]
    #[cfg(not(target_arch = "wasm32"))]
    fn every_area_is_routed_by_its_page() {
        use super::Area;
        let lib = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/src/lib.rs")).expect("lib.rs");
        let (app, lab) = lib.split_once("pub fn Lab()").expect("the Lab binary's routes in lib.rs");
        for area in Area::ALL {
            let route = format!("path!(\"{}\")", area.path());
            let (holder, other) = if area.in_lab() { (lab, app) } else { (app, lab) };
            assert!(holder.contains(&route), "{area:?}: no {route} in its page's routes");
            assert!(!other.contains(&route), "{area:?}: {route} in the other page's routes");
        }
        let routes = lib.matches("<Route path=path!(\"/").count();
        assert_eq!(routes, Area::ALL.len() + 1, "a route that is no area (the home page is the one)");
    }
}
