//! The shown ballot: how to share it, its results as the worker counts them (per joke: votes, the
//! funny share with its 95% Wilson interval, decided or not; the gold jokes; each voter's gold
//! accuracy; the crowd's agreement), read with every ballot's (`ballots`); voters below a gold
//! accuracy left out on request; closing it; and bringing its votes into the workspace as the
//! crowd's label.

use leptos::prelude::*;
use tallas_core::ballot::BallotResults;
use tallas_core::scores::agreement::Agreement;

use super::ballots::Ballots;
use super::share::ShareBallot;
use crate::api::ClientError;
use crate::clock;
use crate::components::failed;
use crate::domain::crowd::{BallotRecord, tallies_from_results};
use crate::domain::{Joke, Label};
use crate::i18n::{self, fill};
use crate::numbers::{hundredths, percent};
use crate::store::{BallotRepo, Store, StoreError, use_store};

/// What the last close or pull came to.
#[derive(Debug, Clone)]
enum Outcome {
    /// Pulled into the workspace: this many jokes had votes.
    Pulled(usize),
    NotClosed(ClientError),
    NotPulled(StoreError),
}

/// The shown ballot's state and what the curator does with it.
#[derive(Clone, Copy)]
struct OpenBallot {
    ballots: Ballots,
    record: StoredValue<BallotRecord>,
    store: Store,
    /// The threshold as typed.
    threshold_text: RwSignal<String>,
    outcome: RwSignal<Option<Outcome>>,
}

impl OpenBallot {
    fn results(self) -> Option<Result<BallotResults, ClientError>> {
        self.record.with_value(|record| self.ballots.results(&record.id))
    }

    fn is_read(self) -> bool {
        matches!(self.results(), Some(Ok(_)))
    }

    fn is_open(self) -> bool {
        matches!(self.results(), Some(Ok(ref r)) if r.closed_at.is_none())
    }

    /// Leaves out voters below the typed gold accuracy (none or unreadable: everyone counts).
    fn apply_threshold(self) {
        let typed = self.threshold_text.get_untracked();
        self.ballots.threshold.set(typed.trim().parse::<u8>().ok().filter(|p| *p <= 100));
    }

    /// Ends the voting, after asking.
    fn close(self) {
        if !window().confirm_with_message(i18n::t().BALLOT_CLOSE_CONFIRM).unwrap_or(false) {
            return;
        }
        let id = self.record.with_value(|record| record.id.clone());
        leptos::task::spawn_local(async move {
            if let Err(error) = self.ballots.close(id).await {
                self.outcome.set(Some(Outcome::NotClosed(error)));
            }
        });
    }

    /// Brings the results as read into the workspace as the crowd's label (replacing this
    /// ballot's earlier pull, so it counts once).
    fn pull(self) {
        let Some(Ok(current)) = self.results() else { return };
        // Cleared first, so a second pull's outcome is seen anew.
        self.outcome.set(None);
        leptos::task::spawn_local(async move {
            let tallies = tallies_from_results(&current, clock::now_ms());
            let voted = tallies.iter().filter(|t| t.funny + t.not_funny + t.skip > 0).count();
            let saved = async { self.store.open().await?.record_crowd(&current.ballot_id, tallies).await }.await;
            self.outcome.set(Some(saved.map_or_else(Outcome::NotPulled, |()| Outcome::Pulled(voted))));
        });
    }
}

#[component]
pub fn BallotResultsView(ballots: Ballots, ballot: BallotRecord, jokes: StoredValue<Vec<Joke>>) -> impl IntoView {
    let w = i18n::t();
    let (url, title) = (ballot.url.clone(), ballot.title.clone());
    let open = OpenBallot {
        ballots,
        record: StoredValue::new(ballot),
        store: use_store(),
        threshold_text: RwSignal::new(ballots.threshold.get_untracked().map(|p| p.to_string()).unwrap_or_default()),
        outcome: RwSignal::new(None),
    };
    view! {
        <section class="ballot-results" aria-labelledby="ballot-results-title" data-testid="ballot-results">
            <h2 id="ballot-results-title">{title.clone()}</h2>
            <ShareBallot url title />
            <h3>{w.BALLOT_RESULTS}</h3>
            <div class="button-row">
                <button
                    type="button"
                    class="primary"
                    data-testid="ballot-pull"
                    on:click=move |_| open.pull()
                    prop:disabled=move || !open.is_read()
                >
                    {w.BALLOT_PULL}
                </button>
                <Show when=move || open.is_open()>
                    <button type="button" data-testid="ballot-close" on:click=move |_| open.close()>
                        {i18n::t().BALLOT_CLOSE}
                    </button>
                </Show>
            </div>
            {move || open.outcome.get().map(outcome_view)}
            <form
                class="ballot-threshold"
                on:submit=move |event: leptos::ev::SubmitEvent| {
                    event.prevent_default();
                    open.apply_threshold();
                }
            >
                <label for="ballot-threshold">{w.BALLOT_EXCLUDE}</label>
                <input
                    id="ballot-threshold"
                    type="number"
                    min="0"
                    max="100"
                    inputmode="numeric"
                    bind:value=open.threshold_text
                />
                <button type="submit">{w.BALLOT_EXCLUDE_APPLY}</button>
            </form>
            {move || match open.results() {
                None => view! { <p class="muted">{i18n::t().BALLOT_RESULTS_LOADING}</p> }.into_any(),
                Some(Err(error)) => failed(error.to_string(), "ballot-results-error"),
                Some(Ok(results)) => view! { <Tables results jokes /> }.into_any(),
            }}
        </section>
    }
}

fn outcome_view(outcome: Outcome) -> AnyView {
    match outcome {
        Outcome::Pulled(voted) => view! {
            <p class="hint" role="status" data-testid="ballot-outcome">
                {fill(i18n::t().BALLOT_PULLED, &[&voted])}
            </p>
        }
        .into_any(),
        Outcome::NotClosed(error) => failed(error.to_string(), "ballot-outcome-error"),
        Outcome::NotPulled(error) => failed(error.to_string(), "ballot-outcome-error"),
    }
}

/// The results' summary, the crowd's agreement and the three tables.
#[component]
fn Tables(results: BallotResults, jokes: StoredValue<Vec<Joke>>) -> impl IntoView {
    let w = i18n::t();
    let alpha = |a: Option<Agreement>| a.map_or_else(|| w.BALLOT_ALPHA_NONE.to_owned(), |a| hundredths(a.value));
    let excluded = results.voters.iter().filter(|v| v.excluded).count();
    let decided = results.jokes.iter().filter(|j| j.retired).count();
    let summary = fill(w.BALLOT_PROGRESS, &[&results.votes, &results.voters.len(), &decided]);
    let agreement = fill(w.BALLOT_ALPHA, &[&alpha(results.agreement.all), &alpha(results.agreement.passing)]);
    let has_gold = !results.gold.is_empty();
    let results = StoredValue::new(results);
    view! {
        <p data-testid="ballot-summary">{summary}</p>
        <p data-testid="ballot-alpha">{agreement}</p>
        {(excluded > 0).then(|| view! { <p class="hint">{fill(i18n::t().BALLOT_EXCLUDED, &[&excluded])}</p> })}
        {jokes_table(results, jokes)}
        {has_gold.then(|| gold_table(results, jokes))}
        {voters_table(results)}
    }
}

/// The text of the workspace's joke `id`, or a word that it is no longer there.
fn text_of(jokes: StoredValue<Vec<Joke>>, id: &str) -> String {
    jokes.with_value(|jokes| {
        jokes
            .iter()
            .find(|j| j.id == id)
            .map_or_else(|| i18n::t().BALLOT_UNKNOWN_JOKE.to_owned(), |j| j.text().to_owned())
    })
}

fn jokes_table(results: StoredValue<BallotResults>, jokes: StoredValue<Vec<Joke>>) -> impl IntoView {
    let w = i18n::t();
    let rows = results.with_value(|results| {
        results
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
                        <td class="joke-cell">{text_of(jokes, &j.joke_id)}</td>
                        <td>{j.funny}</td>
                        <td>{j.not_funny}</td>
                        <td>{j.skip}</td>
                        <td>{share}</td>
                        <td>{if j.retired { "✓" } else { "" }}</td>
                    </tr>
                }
            })
            .collect_view()
    });
    let headers =
        [w.BALLOT_JOKE, w.BALLOT_FUNNY, w.BALLOT_NOT_FUNNY, w.BALLOT_SKIP, w.BALLOT_SHARE_COLUMN, w.BALLOT_RETIRED];
    table("ballot-jokes", &headers, rows)
}

fn gold_table(results: StoredValue<BallotResults>, jokes: StoredValue<Vec<Joke>>) -> impl IntoView {
    let w = i18n::t();
    let rows = results.with_value(|results| {
        results
            .gold
            .iter()
            .map(|g| {
                let expected = match g.expected {
                    Label::Funny => w.BALLOT_FUNNY,
                    Label::NotFunny => w.BALLOT_NOT_FUNNY,
                };
                view! {
                    <tr>
                        <td class="joke-cell">{text_of(jokes, &g.joke_id)}</td>
                        <td>{expected}</td>
                        <td>{g.funny}</td>
                        <td>{g.not_funny}</td>
                        <td>{g.skip}</td>
                    </tr>
                }
            })
            .collect_view()
    });
    let headers = [w.BALLOT_JOKE, w.BALLOT_EXPECTED, w.BALLOT_FUNNY, w.BALLOT_NOT_FUNNY, w.BALLOT_SKIP];
    view! {
        <h4>{w.BALLOT_GOLD_TABLE}</h4>
        {table("ballot-gold", &headers, rows)}
    }
}

fn voters_table(results: StoredValue<BallotResults>) -> impl IntoView {
    let w = i18n::t();
    let rows = results.with_value(|results| {
        results
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
                        <td>
                            <code>{v.voter_id.chars().take(8).collect::<String>()}</code>
                        </td>
                        <td>{v.votes}</td>
                        <td>{accuracy}</td>
                        <td>{mark}</td>
                    </tr>
                }
            })
            .collect_view()
    });
    let headers = [w.BALLOT_VOTER, w.BALLOT_VOTES, w.BALLOT_ACCURACY, ""];
    view! {
        <h4>{w.BALLOT_VOTERS}</h4>
        {table("ballot-voters", &headers, rows)}
    }
}

/// A results table, scrolling sideways on a narrow screen.
fn table<R: IntoView + 'static>(test_id: &'static str, headers: &[&'static str], rows: R) -> impl IntoView + use<R> {
    let headers = headers.iter().map(|header| view! { <th scope="col">{*header}</th> }).collect_view();
    view! {
        <div class="table-scroll">
            <table class="ballot-table" data-testid=test_id>
                <thead>
                    <tr>{headers}</tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}
