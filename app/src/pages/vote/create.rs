//! A new ballot from the jokes chosen in Jokes ("Votar estas N"), or chosen here with the same
//! search and filters (`by_filter`): a title, gold jokes picked from the curator's labels, an
//! optional target of votes per joke and an optional closing time. The worker makes it; this
//! browser keeps it with its admin token.

use std::collections::{BTreeMap, HashMap, HashSet};

use leptos::prelude::*;
use tallas_core::ballot::{BallotJoke, CreateBallotRequest, GoldJoke, MAX_JOKES, MAX_TARGET_VOTES, MAX_TEXT_CHARS};

use super::by_filter::JokesByFilter;
use crate::api;
use crate::clock;
use crate::components::{failed, use_ballot_draft};
use crate::i18n::{self, fill};
use crate::store::{BallotRepo, use_store};
use crate::workspace::crowd::{self, BallotRecord, pick_gold};
use crate::workspace::names::RoutineFacts;
use crate::workspace::{Joke, Label};

/// Gold jokes offered by default: enough to judge a voter over a short session.
const DEFAULT_GOLD: usize = 4;

#[component]
pub fn CreateBallot(
    /// The workspace's jokes, with what the filters read about them (`components::joke_catalogue`).
    jokes: StoredValue<Vec<Joke>>,
    routines: StoredValue<HashMap<String, RoutineFacts>>,
    crowd: StoredValue<BTreeMap<String, crowd::CrowdLabel>>,
    on_created: Callback<String>,
) -> impl IntoView {
    // Chosen in Jokes; when there are none, the filters here choose.
    let draft = use_ballot_draft().0;
    let by_filter = RwSignal::new(Vec::<String>::new());
    let ids = move || if draft.with(Vec::is_empty) { by_filter.get() } else { draft.get() };
    let store = use_store();
    let w = i18n::t();
    let title = RwSignal::new(w.BALLOT_DEFAULT_TITLE.to_owned());
    let gold_count = RwSignal::new(DEFAULT_GOLD.to_string());
    let target = RwSignal::new(String::new());
    let closes = RwSignal::new(String::new());
    let creating = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let no_jokes = jokes.with_value(Vec::is_empty);
    // Where each joke is, so a choice of thousands is read in one pass.
    let positions: HashMap<String, usize> =
        jokes.with_value(|jokes| jokes.iter().enumerate().map(|(p, j)| (j.id.clone(), p)).collect());
    let positions = StoredValue::new(positions);

    // The chosen jokes in the workspace, each with whether it can go on a ballot (not too long, not
    // empty); `f` reads them without copying their texts.
    let read_chosen = move |f: &mut dyn FnMut(&Joke, bool)| {
        let ids = ids();
        jokes.with_value(|jokes| {
            positions.with_value(|positions| {
                for joke in ids.iter().filter_map(|id| positions.get(id)).map(|&p| &jokes[p]) {
                    f(joke, joke.text().chars().count() <= MAX_TEXT_CHARS && !joke.text().trim().is_empty());
                }
            })
        })
    };
    // How many chosen jokes can go on the ballot, and how many cannot.
    let counts = Memo::new(move |_| {
        let (mut fit, mut refused) = (0, 0);
        read_chosen(&mut |_, fits| if fits { fit += 1 } else { refused += 1 });
        (fit, refused)
    });
    // The gold jokes the ballot will get, shown before it is made: "choose others" draws again, and
    // a joke taken out is replaced by another where there is one.
    let gold_seed = RwSignal::new(clock::now_ms());
    let taken_out = RwSignal::new(Vec::<String>::new());
    let gold = Memo::new(move |_| {
        let wanted = gold_count.get().trim().parse::<usize>().unwrap_or(0);
        let mut left_out = ids();
        left_out.extend(taken_out.get());
        jokes.with_value(|jokes| pick_gold(jokes, &left_out, wanted, gold_seed.get()))
    });
    let gold_choices = move || {
        gold.with(|gold| {
            jokes.with_value(|jokes| {
                positions.with_value(|positions| {
                    gold.iter()
                        .filter_map(|choice| {
                            let joke = &jokes[*positions.get(&choice.joke_id)?];
                            let expected = match choice.expected {
                                Label::Funny => i18n::t().FUNNY,
                                Label::NotFunny => i18n::t().NOT_FUNNY,
                            };
                            let id = choice.joke_id.clone();
                            let out = move |_| taken_out.update(|ids| ids.push(id.clone()));
                            Some(view! {
                                <li data-testid="ballot-gold-choice">
                                    <strong>{expected}</strong>
                                    " · "
                                    {joke.text().to_owned()}
                                    " "
                                    <button type="button" class="link" on:click=out>
                                        {i18n::t().BALLOT_GOLD_TAKE_OUT}
                                    </button>
                                </li>
                            })
                        })
                        .collect_view()
                })
            })
        })
    };
    let available_gold = move || {
        let ids = ids();
        let on_ballot: HashSet<&String> = ids.iter().collect();
        jokes.with_value(|jokes| {
            jokes.iter().filter(|j| j.label.is_some() && j.merged_into.is_none() && !on_ballot.contains(&j.id)).count()
        })
    };

    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        error.set(None);
        let mut ballot_jokes = Vec::new();
        read_chosen(&mut |joke, fits| {
            if fits {
                ballot_jokes.push(BallotJoke { id: joke.id.clone(), text: joke.text().to_owned() });
            }
        });
        if ballot_jokes.len() > MAX_JOKES {
            return error.set(Some(i18n::t().BALLOT_TOO_MANY.into()));
        }
        let target_votes = match target.get_untracked().trim() {
            "" => None,
            text => match text.parse::<u32>() {
                Ok(n) if (1..=MAX_TARGET_VOTES).contains(&n) => Some(n),
                _ => return error.set(Some(i18n::t().BALLOT_BAD_TARGET.into())),
            },
        };
        let closes_at = match closes.get_untracked().trim() {
            "" => None,
            local => match utc_from_local(local) {
                Some(iso) => Some(iso),
                None => return error.set(Some(i18n::t().BALLOT_BAD_CLOSES.into())),
            },
        };
        let ids: Vec<String> = ballot_jokes.iter().map(|j| j.id.clone()).collect();
        let gold = gold.get_untracked();
        let gold_jokes: Vec<GoldJoke> = jokes.with_value(|jokes| {
            positions.with_value(|positions| {
                gold.iter()
                    .filter_map(|g| {
                        let joke = &jokes[*positions.get(&g.joke_id)?];
                        Some(GoldJoke { id: g.joke_id.clone(), text: joke.text().to_owned(), expected: g.expected })
                    })
                    .collect()
            })
        });
        let request = CreateBallotRequest {
            title: title.get_untracked(),
            jokes: ballot_jokes,
            gold: (!gold_jokes.is_empty()).then_some(gold_jokes),
            target_votes,
            closes_at,
        };
        creating.set(true);
        leptos::task::spawn_local(async move {
            let made = async {
                let created = api::create_ballot(&request).await.map_err(|e| e.to_string())?;
                let record = BallotRecord {
                    id: created.ballot_id.clone(),
                    title: request.title.trim().to_owned(),
                    url: created.url,
                    admin_token: created.admin_token,
                    created_at_ms: clock::now_ms(),
                    joke_ids: ids,
                    gold,
                    target_votes: request.target_votes,
                    closes_at: request.closes_at.clone(),
                };
                let repo = store.open().await.map_err(|e| e.to_string())?;
                repo.save_ballot(&record).await.map_err(|e| e.to_string())?;
                Ok::<_, String>(created.ballot_id)
            }
            .await;
            creating.set(false);
            match made {
                Ok(id) => {
                    draft.set(Vec::new());
                    title.set(i18n::t().BALLOT_DEFAULT_TITLE.to_owned());
                    on_created.run(id);
                }
                Err(message) => error.set(Some(message)),
            }
        });
    };

    view! {
        <section class="ballot-new" aria-labelledby="ballot-new-title" data-testid="ballot-new">
            <h2 id="ballot-new-title">{w.BALLOT_NEW}</h2>
            {move || {
                if no_jokes {
                    return view! {
                        <p class="hint" data-testid="ballot-no-jokes">
                            {i18n::t().JOKES_EMPTY} " " <a href=i18n::t().IMPORT.path>{i18n::t().IMPORT.label}</a>
                        </p>
                    }
                    .into_any();
                }
                if draft.with(Vec::is_empty) {
                    let routines = routines.get_value();
                    return view! { <JokesByFilter jokes routines crowd chosen=by_filter /> }.into_any();
                }
                view! {
                    <p data-testid="ballot-draft">
                        {move || fill(i18n::t().BALLOT_DRAFT, &[&draft.with(Vec::len)])} " "
                        <button type="button" class="link" on:click=move |_| draft.set(Vec::new())>
                            {i18n::t().BALLOT_CHOOSE_BY_FILTER}
                        </button>
                    </p>
                }
                .into_any()
            }}
            <Show when=move || counts.with(|(count, too_long)| count + too_long > 0)>
                <form class="ballot-form" on:submit=submit>
                    {move || {
                        let (count, too_long) = counts.get();
                        let w = i18n::t();
                        view! {
                            {(too_long > 0).then(|| view! { <p class="warning">{fill(w.BALLOT_TOO_LONG, &[&too_long])}</p> })}
                            {(count > MAX_JOKES).then(|| view! { <p class="warning">{w.BALLOT_TOO_MANY}</p> })}
                        }
                    }}
                    <label for="ballot-title">{w.BALLOT_TITLE}</label>
                    <input id="ballot-title" type="text" maxlength="200" required bind:value=title />
                    <label for="ballot-gold">{w.BALLOT_GOLD}</label>
                    <input id="ballot-gold" type="number" min="0" max="200" inputmode="numeric" bind:value=gold_count />
                    <p class="hint">{move || fill(i18n::t().BALLOT_GOLD_HINT, &[&available_gold()])}</p>
                    <ul class="ballot-gold-choices">{gold_choices}</ul>
                    <button
                        type="button"
                        class="link"
                        hidden=move || gold.with(Vec::is_empty)
                        on:click=move |_| gold_seed.update(|seed| *seed = seed.wrapping_add(1))
                    >
                        {w.BALLOT_GOLD_OTHERS}
                    </button>
                    <label for="ballot-target">{w.BALLOT_TARGET}</label>
                    <input id="ballot-target" type="number" min="1" max="10000" inputmode="numeric" bind:value=target />
                    <label for="ballot-closes">{w.BALLOT_CLOSES}</label>
                    <input id="ballot-closes" type="datetime-local" bind:value=closes />
                    <button type="submit" class="primary" disabled=move || creating.get() || counts.with(|(count, _)| *count == 0)>
                        {move || if creating.get() { i18n::t().BALLOT_CREATING } else { i18n::t().BALLOT_CREATE }}
                    </button>
                </form>
            </Show>
            {move || error.get().map(|message| failed(message, "ballot-error"))}
        </section>
    }
}

/// A `datetime-local` value (this browser's time zone) as ISO 8601 in UTC; `None` when unreadable.
fn utc_from_local(local: &str) -> Option<String> {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(local));
    date.get_time().is_finite().then(|| String::from(date.to_iso_string()))
}
