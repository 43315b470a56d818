//! The training kit's input from the workspace: the frozen dataset, every joke as the dataset
//! would see it now (its label, the crowd's votes, its near-duplicate cluster), the arena's votes
//! as the worker keeps them, and the both-orders wins of the evaluations the curator accepts as a
//! source. Core builds the kit (`tallas_core::dataset::kit`).

use tallas_core::dataset::Candidate;
use tallas_core::dataset::kit::{EvaluationPair, KitDataset, KitInput, LabelledJoke};
use tallas_core::play::arena::ArenaPreferences;

use super::dataset::Snapshot;
use super::evaluation::{judged, rows};
use super::evaluation_record::EvaluationSpec;
use super::run::RunItem;

/// The kit's input. `candidates`: the workspace's jokes as the dataset builds from them.
pub fn kit_input(
    snapshot: &Snapshot,
    candidates: &[Candidate],
    arena: ArenaPreferences,
    evaluations: &[(EvaluationSpec, Vec<RunItem>)],
) -> KitInput {
    KitInput {
        dataset: KitDataset {
            id: snapshot.id.clone(),
            name: snapshot.name.clone(),
            created_at_ms: snapshot.created_at_ms,
            config: snapshot.config,
            prompt_version: snapshot.prompt_version.clone(),
            train: snapshot.train.clone(),
            validation: snapshot.validation.clone(),
        },
        labelled: candidates.iter().map(labelled).collect(),
        arena: arena.votes,
        arena_unvoted: arena.unvoted,
        evaluation_pairs: evaluations.iter().flat_map(|(spec, items)| wins(spec, items)).collect(),
    }
}

fn labelled(candidate: &Candidate) -> LabelledJoke {
    LabelledJoke {
        id: candidate.id.clone(),
        text: candidate.text.clone(),
        keywords: candidate.keywords.clone(),
        cluster: candidate.cluster,
        curator: candidate.curator,
        crowd: candidate.crowd,
    }
}

/// An evaluation's both-orders wins, each with the two jokes it compared.
fn wins(spec: &EvaluationSpec, items: &[RunItem]) -> Vec<EvaluationPair> {
    rows(&spec.definition, items)
        .iter()
        .filter_map(|row| {
            let judged = judged(std::slice::from_ref(row)).pop()?;
            EvaluationPair::from_judged(&judged, row.x_joke.as_deref(), row.y_joke.as_deref())
        })
        .collect()
}
