//! Every ballot made from this browser, with its live progress (votes, voters, jokes decided), read
//! from the worker again every few seconds while the page is open.

use std::collections::HashMap;
use std::time::Duration;

use leptos::prelude::*;

use crate::api;
use crate::browser::local_time;
use crate::i18n::{self, fill};
use crate::workspace::crowd::BallotRecord;

/// How often the progress is read again.
pub const REFRESH: Duration = Duration::from_secs(10);

/// A ballot's progress as last read.
#[derive(Debug, Clone, PartialEq)]
struct Progress {
    votes: u32,
    voters: usize,
    decided: usize,
    closed_at: Option<String>,
}

#[component]
pub fn BallotList(ballots: Vec<BallotRecord>, chosen: RwSignal<Option<String>>) -> impl IntoView {
    let w = i18n::t();
    if ballots.is_empty() {
        return view! { <p class="empty-state" data-testid="ballots-empty">{w.BALLOT_NONE}</p> }.into_any();
    }
    let progress = RwSignal::new(HashMap::<String, Result<Progress, String>>::new());
    let ballots = StoredValue::new(ballots);
    let read = move || {
        for ballot in ballots.get_value() {
            leptos::task::spawn_local(async move {
                let read = api::ballot_results(&ballot.id, &ballot.admin_token, None).await.map(|r| Progress {
                    votes: r.votes,
                    voters: r.voters.len(),
                    decided: r.jokes.iter().filter(|j| j.retired).count(),
                    closed_at: r.closed_at,
                });
                progress.update(|all| {
                    all.insert(ballot.id.clone(), read.map_err(|e| e.to_string()));
                });
            });
        }
    };
    read();
    if let Ok(handle) = set_interval_with_handle(read, REFRESH) {
        on_cleanup(move || handle.clear());
    }
    let rows = move || {
        ballots
            .get_value()
            .into_iter()
            .map(|ballot| {
                let id = ballot.id.clone();
                let state = {
                    let id = id.clone();
                    move || {
                        let w = i18n::t();
                        match progress.with(|all| all.get(&id).cloned()) {
                            None => String::from("…"),
                            Some(Err(message)) => message,
                            Some(Ok(p)) => {
                                let counts = fill(w.BALLOT_PROGRESS, &[&p.votes, &p.voters, &p.decided]);
                                let status = match &p.closed_at {
                                    Some(at) => fill(w.BALLOT_ENDED, &[&local_time(at)]),
                                    None => w.BALLOT_OPEN.to_owned(),
                                };
                                format!("{status} · {counts}")
                            }
                        }
                    }
                };
                let current = {
                    let id = id.clone();
                    move || chosen.get().as_deref() == Some(id.as_str())
                };
                view! {
                    <li class="ballot-row" data-testid="ballot-row" aria-current=move || current().then_some("true")>
                        <span class="ballot-title">{ballot.title.clone()}</span>
                        <span class="muted ballot-progress" data-testid="ballot-progress">{state}</span>
                        <button type="button" on:click=move |_| chosen.set(Some(id.clone()))>{i18n::t().BALLOT_SHOW}</button>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <section aria-labelledby="ballots-title">
            <h2 id="ballots-title">{w.BALLOT_LIST}</h2>
            <ul class="ballot-list">{rows}</ul>
        </section>
    }
    .into_any()
}
