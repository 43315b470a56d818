//! The jokes the curator chose in Jokes ("Votar estas N") for a new ballot, carried to the Vote
//! area, which makes the ballot. Provided once in `App`, so it outlives a page change.

use leptos::prelude::*;

/// Joke ids, in the order the list showed them.
#[derive(Clone, Copy)]
pub struct BallotDraft(pub RwSignal<Vec<String>>);

pub fn provide_ballot_draft() {
    provide_context(BallotDraft(RwSignal::new(Vec::new())));
}

pub fn use_ballot_draft() -> BallotDraft {
    expect_context::<BallotDraft>()
}
