//! The work's six steps as the home shows them: each with its areas, how far this workspace has
//! come on it, and whether it has anything yet; the first without anything is the next thing to do.

use crate::areas::Area;
use crate::i18n::{self, fill};
use crate::store::WorkspaceSummary;

/// What the home read: the workspace's counts, and the models published on `/play`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub summary: WorkspaceSummary,
    pub published: Published,
}

/// The models published on `/play`, as the worker said.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Published {
    Asking,
    Count(usize),
    /// The worker did not answer, or not with the list.
    Unknown,
}

/// One step of the work.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// Where it is done; the first is the step's own page.
    pub areas: &'static [Area],
    /// How far the workspace has come on it, in words.
    pub count: String,
    /// What to do there next, and where, when the step has nothing yet.
    pub todo: Option<(&'static str, Area)>,
}

/// The six steps, in the order of the work.
pub fn steps(progress: &Progress) -> [Step; 6] {
    let w = i18n::t();
    let s = progress.summary;
    let when = |empty: bool, what: &'static str, area: Area| empty.then_some((what, area));
    let lab_todo = when(s.datasets == 0, w.HOME_DO_DATASET, Area::Dataset)
        .or(when(s.tuned == 0, w.HOME_DO_FINE_TUNE, Area::FineTune))
        .or(when(s.evaluations == 0, w.HOME_DO_EVALUATE, Area::Evaluate));
    let play_count = match progress.published {
        Published::Count(n) => fill(w.HOME_COUNT_PLAY, &[&n]),
        Published::Asking => w.HOME_COUNT_PLAY_ASKING.to_owned(),
        Published::Unknown => w.HOME_COUNT_PLAY_UNKNOWN.to_owned(),
    };
    [
        Step {
            areas: &[Area::Import],
            count: fill(w.HOME_COUNT_IMPORT, &[&s.routines, &s.jokes]),
            todo: when(s.routines == 0 && s.jokes == 0, w.HOME_DO_IMPORT, Area::Import),
        },
        Step {
            areas: &[Area::Runs],
            count: fill(w.HOME_COUNT_RUNS, &[&s.runs, &s.jokes]),
            todo: when(s.jokes == 0, w.HOME_DO_RUNS, Area::Runs),
        },
        Step {
            areas: &[Area::Jokes],
            count: fill(w.HOME_COUNT_JOKES, &[&s.labelled, &s.jokes]),
            todo: when(s.labelled == 0, w.HOME_DO_JOKES, Area::Jokes),
        },
        Step {
            areas: &[Area::Vote],
            count: fill(w.HOME_COUNT_VOTE, &[&s.ballots, &s.votes]),
            todo: when(s.ballots == 0, w.HOME_DO_VOTE, Area::Vote),
        },
        Step {
            areas: &[Area::Dataset, Area::FineTune, Area::Evaluate],
            count: fill(w.HOME_COUNT_LAB, &[&s.datasets, &s.tuned, &s.evaluations]),
            todo: lab_todo,
        },
        Step {
            areas: &[Area::Playground],
            count: play_count,
            todo: when(progress.published == Published::Count(0), w.HOME_DO_PLAY, Area::Playground),
        },
    ]
}

/// The first step with nothing yet: what to do and where.
pub fn next(steps: &[Step]) -> Option<(&'static str, Area)> {
    steps.iter().find_map(|step| step.todo)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn progress(summary: WorkspaceSummary, published: Published) -> Progress {
        Progress { summary, published }
    }

    #[test]
    fn a_fresh_workspace_starts_by_importing() {
        let steps = steps(&progress(WorkspaceSummary::default(), Published::Count(0)));
        assert_eq!(next(&steps).map(|(_, area)| area), Some(Area::Import));
        assert_eq!(steps[2].count, "0 de 0 tallas etiquetadas");
    }

    #[test]
    fn a_csv_of_jokes_skips_processing_and_the_lab_asks_for_what_it_lacks() {
        let summary =
            WorkspaceSummary { jokes: 40, labelled: 12, ballots: 1, votes: 90, datasets: 1, ..Default::default() };
        let steps = steps(&progress(summary, Published::Count(0)));
        assert_eq!(next(&steps).map(|(_, area)| area), Some(Area::FineTune));
        assert_eq!(steps[3].count, "1 votaciones · 90 votos");
    }

    #[test]
    fn an_unanswered_worker_is_not_taken_for_nothing_published() {
        let summary = WorkspaceSummary {
            routines: 1,
            jokes: 2,
            labelled: 1,
            runs: 1,
            ballots: 1,
            votes: 3,
            datasets: 1,
            tuned: 1,
            evaluations: 1,
        };
        assert_eq!(next(&steps(&progress(summary, Published::Unknown))), None);
        assert_eq!(next(&steps(&progress(summary, Published::Count(0)))).map(|(_, area)| area), Some(Area::Playground));
    }
}
