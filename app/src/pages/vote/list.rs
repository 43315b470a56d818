//! Every ballot made from this browser, with its live progress (votes, voters, jokes decided), as
//! `ballots` reads it again every few seconds while the page is open.

use leptos::prelude::*;

use super::ballots::Ballots;
use crate::browser::local_time;
use crate::domain::crowd::BallotRecord;
use crate::i18n::{self, fill};

#[component]
pub fn BallotList(ballots: Ballots) -> impl IntoView {
    let w = i18n::t();
    if ballots.is_empty() {
        return view! { <p class="empty-state" data-testid="ballots-empty">{w.BALLOT_NONE}</p> }.into_any();
    }
    let rows = ballots.records().into_iter().map(|ballot| view! { <BallotRow ballots ballot /> }).collect_view();
    view! {
        <section aria-labelledby="ballots-title">
            <h2 id="ballots-title">{w.BALLOT_LIST}</h2>
            <ul class="ballot-list">{rows}</ul>
        </section>
    }
    .into_any()
}

#[component]
fn BallotRow(ballots: Ballots, ballot: BallotRecord) -> impl IntoView {
    let id = StoredValue::new(ballot.id.clone());
    let progress = move || {
        let w = i18n::t();
        match id.with_value(|id| ballots.results(id)) {
            None => String::from("…"),
            Some(Err(error)) => error.to_string(),
            Some(Ok(results)) => {
                let decided = results.jokes.iter().filter(|j| j.retired).count();
                let counts = fill(w.BALLOT_PROGRESS, &[&results.votes, &results.voters.len(), &decided]);
                let status = match &results.closed_at {
                    Some(at) => fill(w.BALLOT_ENDED, &[&local_time(at)]),
                    None => w.BALLOT_OPEN.to_owned(),
                };
                format!("{status} · {counts}")
            }
        }
    };
    let current = move || ballots.chosen.get() == Some(id.get_value());
    view! {
        <li class="ballot-row" data-testid="ballot-row" aria-current=move || current().then_some("true")>
            <span class="ballot-title">{ballot.title}</span>
            <span class="muted ballot-progress" data-testid="ballot-progress">{progress}</span>
            <button type="button" on:click=move |_| ballots.choose(id.get_value())>{i18n::t().BALLOT_SHOW}</button>
        </li>
    }
}
