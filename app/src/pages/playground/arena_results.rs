//! The arena's verdict for the curator: the public's votes on `/play` (counted by the worker),
//! ranked by core in a background worker (`play::arena::results`: Bradley–Terry strengths with
//! bootstrap intervals) and shown per model and per pair.

use leptos::prelude::*;
use tallas_core::play::arena::{ArenaResults, ArenaVotes};

use crate::api::{self, ClientError};
use crate::background::messages::RankArena;
use crate::background::page::WorkerError;
use crate::background::page::run;
use crate::browser::load_local;
use crate::components;
use crate::i18n::{self, fill};
use crate::numbers::hundredths;

/// Why there is no ranking to show.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
enum RankError {
    #[error(transparent)]
    Worker(#[from] ClientError),
    #[error(transparent)]
    Background(#[from] WorkerError),
}

/// The votes, and the ranking made of them.
async fn ranked() -> Result<(ArenaVotes, ArenaResults), RankError> {
    let votes = api::arena_votes().await?;
    let results = run(RankArena(votes.tallies.clone())).await?;
    Ok((votes, results))
}

#[component]
pub fn ArenaResultsView() -> impl IntoView {
    let refresh = RwSignal::new(0u32);
    let ranking = load_local(move || {
        refresh.track();
        ranked()
    });
    let w = i18n::t();
    view! {
        <section class="card arena-results" aria-labelledby="arena-title" data-testid="arena-results">
            <h2 id="arena-title">{w.ARENA_TITLE}</h2>
            <p class="hint">{w.ARENA_SUMMARY}</p>
            {move || components::loaded(ranking.get(), i18n::t().ARENA_LOADING, "arena-error", |(votes, results)| {
                tables(&votes, &results)
            })}
            <button type="button" data-testid="arena-refresh" on:click=move |_| refresh.update(|n| *n += 1)>{w.ARENA_REFRESH}</button>
        </section>
    }
}

fn tables(votes: &ArenaVotes, results: &ArenaResults) -> AnyView {
    let w = i18n::t();
    if results.votes == 0 {
        return view! { <p class="muted" data-testid="arena-empty">{w.ARENA_EMPTY}</p> }.into_any();
    }
    // A model by the name the public saw, with its id when the two differ.
    let named = |id: &str| match votes.names.get(id) {
        Some(name) if name != id => format!("{name} ({id})"),
        _ => id.to_owned(),
    };
    let ranking = results
        .ranking
        .iter()
        .map(|m| {
            let strength = format!("{} [{}–{}]", hundredths(m.strength), hundredths(m.low), hundredths(m.high));
            view! { <tr><td>{named(&m.model)}</td><td>{strength}</td><td>{m.games}</td></tr> }
        })
        .collect_view();
    let pairs = results
        .pairs
        .iter()
        .map(|p| {
            let counts = format!("{} / {} / {} / {}", p.x_wins, p.y_wins, p.ties, p.neither);
            view! { <tr><td>{format!("{} · {}", named(&p.x), named(&p.y))}</td><td>{counts}</td></tr> }
        })
        .collect_view();
    view! {
        <p data-testid="arena-count">{fill(w.ARENA_VOTES, &[&results.votes])}</p>
        <table data-testid="arena-ranking">
            <thead><tr><th>{w.ARENA_MODEL}</th><th>{w.ARENA_STRENGTH}</th><th>{w.ARENA_GAMES}</th></tr></thead>
            <tbody>{ranking}</tbody>
        </table>
        <table data-testid="arena-pairs">
            <thead><tr><th>{w.ARENA_PAIR}</th><th>{w.ARENA_PAIR_COUNTS}</th></tr></thead>
            <tbody>{pairs}</tbody>
        </table>
    }
    .into_any()
}
