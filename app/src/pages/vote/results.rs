//! One ballot: how to share it, its results as the worker counts them (per joke: votes, the funny
//! share with its 95% Wilson interval, decided or not; the gold jokes; each voter's gold accuracy;
//! the crowd's agreement), read again every few seconds; voters below a gold accuracy left out on
//! request; closing it; and bringing its votes into the workspace as the crowd's label.

use leptos::prelude::*;
use tallas_core::ballot::BallotResults;
use tallas_core::scores::agreement::Agreement;

use super::list::REFRESH;
use super::share::ShareBallot;
use crate::api;
use crate::clock;
use crate::components::failed;
use crate::i18n::{self, fill};
use crate::numbers::{hundredths, percent};
use crate::store::{BallotRepo, use_store};
use crate::workspace::crowd::{BallotRecord, tallies_from_results};
use crate::workspace::{Joke, Label};

#[component]
pub fn BallotResultsView(ballot: BallotRecord, jokes: StoredValue<Vec<Joke>>) -> impl IntoView {
    let store = use_store();
    let w = i18n::t();
    let results = RwSignal::new(None::<Result<BallotResults, String>>);
    // The gold accuracy below which voters are left out of the counts (percent; none: everyone).
    let threshold = RwSignal::new(None::<u8>);
    let threshold_text = RwSignal::new(String::new());
    let outcome = RwSignal::new(None::<Result<String, String>>);
    let ballot = StoredValue::new(ballot);

    let read = move || {
        let ballot = ballot.get_value();
        let min_accuracy = threshold.get_untracked();
        leptos::task::spawn_local(async move {
            let read = api::ballot_results(&ballot.id, &ballot.admin_token, min_accuracy).await;
            results.set(Some(read.map_err(|e| e.to_string())));
        });
    };
    read();
    if let Ok(handle) = set_interval_with_handle(read, REFRESH) {
        on_cleanup(move || handle.clear());
    }
    let apply = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let text = threshold_text.get_untracked();
        threshold.set(text.trim().parse::<u8>().ok().filter(|p| *p <= 100));
        read();
    };
    let close = move |_| {
        if !window().confirm_with_message(i18n::t().BALLOT_CLOSE_CONFIRM).unwrap_or(false) {
            return;
        }
        let ballot = ballot.get_value();
        leptos::task::spawn_local(async move {
            match api::close_ballot(&ballot.id, &ballot.admin_token).await {
                Ok(_) => read(),
                Err(error) => outcome.set(Some(Err(error.to_string()))),
            }
        });
    };
    let pull = move |_| {
        let Some(Ok(current)) = results.get_untracked() else { return };
        // Cleared first, so a second pull's outcome is seen anew.
        outcome.set(None);
        leptos::task::spawn_local(async move {
            let tallies = tallies_from_results(&current, clock::now_ms());
            let voted = tallies.iter().filter(|t| t.funny + t.not_funny + t.skip > 0).count();
            let saved = async {
                let repo = store.open().await?;
                repo.record_crowd(&current.ballot_id, tallies).await
            }
            .await;
            outcome.set(Some(saved.map(|()| fill(i18n::t().BALLOT_PULLED, &[&voted])).map_err(|e| e.to_string())));
        });
    };

    let text_of = move |id: &str| {
        jokes.with_value(|jokes| {
            jokes
                .iter()
                .find(|j| j.id == id)
                .map_or_else(|| i18n::t().BALLOT_UNKNOWN_JOKE.to_owned(), |j| j.text().to_owned())
        })
    };
    let tables = move || {
        let w = i18n::t();
        let shown = match results.get() {
            None => return view! { <p class="muted">{w.BALLOT_RESULTS_LOADING}</p> }.into_any(),
            Some(Err(message)) => return failed(message, "ballot-results-error"),
            Some(Ok(results)) => results,
        };
        let alpha = |a: Option<Agreement>| a.map_or_else(|| w.BALLOT_ALPHA_NONE.to_owned(), |a| hundredths(a.value));
        let excluded = shown.voters.iter().filter(|v| v.excluded).count();
        let joke_rows = shown
            .jokes
            .iter()
            .map(|j| {
                let decided = j.funny + j.not_funny;
                let share = if decided == 0 {
                    String::from("–")
                } else {
                    let share = percent(f64::from(j.funny) / f64::from(decided));
                    format!("{share}% ({}–{}%)", percent(j.wilson_lower), percent(j.wilson_upper))
                };
                view! {
                    <tr data-testid="ballot-joke">
                        <td class="joke-cell">{text_of(&j.joke_id)}</td>
                        <td>{j.funny}</td>
                        <td>{j.not_funny}</td>
                        <td>{j.skip}</td>
                        <td>{share}</td>
                        <td>{if j.retired { "✓" } else { "" }}</td>
                    </tr>
                }
            })
            .collect_view();
        let gold_rows = shown
            .gold
            .iter()
            .map(|g| {
                let expected = match g.expected {
                    Label::Funny => w.BALLOT_FUNNY,
                    Label::NotFunny => w.BALLOT_NOT_FUNNY,
                };
                view! {
                    <tr>
                        <td class="joke-cell">{text_of(&g.joke_id)}</td>
                        <td>{expected}</td>
                        <td>{g.funny}</td>
                        <td>{g.not_funny}</td>
                        <td>{g.skip}</td>
                    </tr>
                }
            })
            .collect_view();
        let voter_rows = shown
            .voters
            .iter()
            .map(|v| {
                let accuracy = v.accuracy.map_or_else(
                    || String::from("–"),
                    |a| format!("{}/{} ({}%)", v.correct, v.gold_answered, percent(a)),
                );
                let mark = if v.excluded {
                    w.BALLOT_LEFT_OUT
                } else if v.flagged {
                    w.BALLOT_FLAGGED
                } else {
                    ""
                };
                view! {
                    <tr>
                        <td><code>{v.voter_id.chars().take(8).collect::<String>()}</code></td>
                        <td>{v.votes}</td>
                        <td>{accuracy}</td>
                        <td>{mark}</td>
                    </tr>
                }
            })
            .collect_view();
        let decided = shown.jokes.iter().filter(|j| j.retired).count();
        let summary = fill(w.BALLOT_PROGRESS, &[&shown.votes, &shown.voters.len(), &decided]);
        view! {
            <p data-testid="ballot-summary">{summary}</p>
            <p data-testid="ballot-alpha">{fill(w.BALLOT_ALPHA, &[&alpha(shown.agreement.all), &alpha(shown.agreement.passing)])}</p>
            {(excluded > 0).then(|| view! { <p class="hint">{fill(i18n::t().BALLOT_EXCLUDED, &[&excluded])}</p> })}
            <div class="table-scroll">
                <table class="ballot-table" data-testid="ballot-jokes">
                    <thead>
                        <tr>
                            <th scope="col">{w.BALLOT_JOKE}</th>
                            <th scope="col">{w.BALLOT_FUNNY}</th>
                            <th scope="col">{w.BALLOT_NOT_FUNNY}</th>
                            <th scope="col">{w.BALLOT_SKIP}</th>
                            <th scope="col">{w.BALLOT_SHARE_COLUMN}</th>
                            <th scope="col">{w.BALLOT_RETIRED}</th>
                        </tr>
                    </thead>
                    <tbody>{joke_rows}</tbody>
                </table>
            </div>
            {(!shown.gold.is_empty()).then(|| view! {
                <h4>{i18n::t().BALLOT_GOLD_TABLE}</h4>
                <div class="table-scroll">
                    <table class="ballot-table" data-testid="ballot-gold">
                        <thead>
                            <tr>
                                <th scope="col">{i18n::t().BALLOT_JOKE}</th>
                                <th scope="col">{i18n::t().BALLOT_EXPECTED}</th>
                                <th scope="col">{i18n::t().BALLOT_FUNNY}</th>
                                <th scope="col">{i18n::t().BALLOT_NOT_FUNNY}</th>
                                <th scope="col">{i18n::t().BALLOT_SKIP}</th>
                            </tr>
                        </thead>
                        <tbody>{gold_rows}</tbody>
                    </table>
                </div>
            })}
            <h4>{w.BALLOT_VOTERS}</h4>
            <div class="table-scroll">
                <table class="ballot-table" data-testid="ballot-voters">
                    <thead>
                        <tr>
                            <th scope="col">{w.BALLOT_VOTER}</th>
                            <th scope="col">{w.BALLOT_VOTES}</th>
                            <th scope="col">{w.BALLOT_ACCURACY}</th>
                            <th scope="col"></th>
                        </tr>
                    </thead>
                    <tbody>{voter_rows}</tbody>
                </table>
            </div>
        }
        .into_any()
    };
    let record = ballot.get_value();
    let open = move || matches!(results.get(), Some(Ok(ref r)) if r.closed_at.is_none());
    view! {
        <section class="ballot-results" aria-labelledby="ballot-results-title" data-testid="ballot-results">
            <h2 id="ballot-results-title">{record.title.clone()}</h2>
            <ShareBallot url=record.url.clone() title=record.title.clone() />
            <h3>{w.BALLOT_RESULTS}</h3>
            <div class="button-row">
                <button type="button" class="primary" data-testid="ballot-pull" on:click=pull prop:disabled=move || !results.with(|r| matches!(r, Some(Ok(_))))>{w.BALLOT_PULL}</button>
                <Show when=open>
                    <button type="button" data-testid="ballot-close" on:click=close>{i18n::t().BALLOT_CLOSE}</button>
                </Show>
            </div>
            {move || outcome.get().map(|o| match o {
                Ok(text) => view! { <p class="hint" role="status" data-testid="ballot-outcome">{text}</p> }.into_any(),
                Err(message) => failed(message, "ballot-outcome-error"),
            })}
            <form class="ballot-threshold" on:submit=apply>
                <label for="ballot-threshold">{w.BALLOT_EXCLUDE}</label>
                <input id="ballot-threshold" type="number" min="0" max="100" inputmode="numeric" bind:value=threshold_text />
                <button type="submit">{w.BALLOT_EXCLUDE_APPLY}</button>
            </form>
            {tables}
        </section>
    }
}
