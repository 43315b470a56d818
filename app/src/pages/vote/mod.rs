//! Crowd voting, the curator's side: a ballot made from the jokes chosen in Jokes or with the
//! same filters here (`create`, `by_filter`),
//! shared as a link and a QR code (`share`), watched while the crowd votes (`list`: progress of
//! every ballot), and its results read, closed and brought into the workspace as the crowd's
//! label (`results`); every ballot's results are read in one place (`ballots`), again every few
//! seconds. Ballots and their admin tokens are kept in this
//! browser's IndexedDB, never in a URL.

mod ballots;
mod by_filter;
mod create;
mod list;
mod new_ballot;
mod results;
mod share;

use leptos::prelude::*;

use crate::browser::load_local;
use crate::components;
use crate::components::joke_catalogue::{Catalogue, load_catalogue};
use crate::domain::crowd::BallotRecord;
use crate::i18n;
use crate::store::{BallotRepo, Store, StoreError, use_store};
use ballots::Ballots;
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
                    let ballots = Ballots::new(ballots, chosen);
                    let shown = move || ballots.shown().map(|ballot| view! { <BallotResultsView ballots ballot jokes /> });
                    view! {
                        <CreateBallot
                            jokes
                            routines=StoredValue::new(routines)
                            crowd=StoredValue::new(crowd)
                            on_created=Callback::new(move |id: String| {
                                ballots.choose(id);
                                saves.update(|n| *n += 1);
                            })
                        />
                        <BallotList ballots />
                        {shown}
                    }
                })
            }}
        </section>
    }
}
