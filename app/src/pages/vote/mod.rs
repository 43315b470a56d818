//! Crowd voting, the curator's side: a ballot made from the jokes chosen in Jokes or with the
//! same filters here (`create`, `by_filter`),
//! shared as a link and a QR code (`share`), watched while the crowd votes (`list`: progress of
//! every ballot, read again every few seconds), and its results read, closed and brought into the
//! workspace as the crowd's label (`results`). Ballots and their admin tokens are kept in this
//! browser's IndexedDB, never in a URL.

mod by_filter;
mod create;
mod list;
mod results;
mod share;

use leptos::prelude::*;

use crate::browser::load_local;
use crate::components;
use crate::components::joke_catalogue::{Catalogue, load_catalogue};
use crate::i18n;
use crate::store::{BallotRepo, Store, StoreError, use_store};
use crate::workspace::crowd::BallotRecord;
use create::CreateBallot;
use list::BallotList;
use results::BallotResultsView;

/// What the page reads from the store.
#[derive(Clone)]
struct Loaded {
    catalogue: Catalogue,
    ballots: Vec<BallotRecord>,
}

async fn load(store: Store) -> Result<Loaded, StoreError> {
    let repo = store.open().await?;
    let mut ballots = repo.ballots().await?;
    // Newest first.
    ballots.sort_by_key(|b| std::cmp::Reverse(b.created_at_ms));
    Ok(Loaded { catalogue: load_catalogue(&repo).await?, ballots })
}

#[component]
pub fn VotePage() -> impl IntoView {
    let store = use_store();
    // Bumped when a ballot was created, to read the ballots again.
    let saves = RwSignal::new(0u32);
    let loaded = load_local(move || {
        saves.track();
        load(store)
    });
    let chosen = RwSignal::new(None::<String>);
    let w = i18n::t();
    view! {
        <section class="page page-wide" aria-labelledby="page-title">
            <h1 id="page-title">{w.VOTE.label}</h1>
            <p class="lede">{w.VOTE.summary}</p>
            {move || {
                components::loaded(loaded.get(), i18n::t().BALLOT_LOADING, "ballots-error", |Loaded { catalogue, ballots }| {
                    let Catalogue { jokes, routines, crowd } = catalogue;
                    let jokes = StoredValue::new(jokes);
                    let routines = StoredValue::new(routines);
                    let crowd = StoredValue::new(crowd);
                    let ballots_for_list = ballots.clone();
                    let shown = move || {
                        let id = chosen.get()?;
                        let ballot = ballots.iter().find(|b| b.id == id)?.clone();
                        Some(view! { <BallotResultsView ballot jokes /> })
                    };
                    view! {
                        <CreateBallot
                            jokes
                            routines
                            crowd
                            on_created=Callback::new(move |id: String| {
                                chosen.set(Some(id));
                                saves.update(|n| *n += 1);
                            })
                        />
                        <BallotList ballots=ballots_for_list chosen />
                        {shown}
                    }
                })
            }}
        </section>
    }
}
