//! A new ballot from the jokes chosen in Jokes ("Votar estas N"), or chosen here with the same
//! search and filters (`by_filter`): a title, gold jokes picked from the curator's labels, an
//! optional target of votes per joke and an optional closing time. The worker makes it; this
//! browser keeps it with its admin token. The state and what making it does are `new_ballot`.

use std::collections::{BTreeMap, HashMap};

use leptos::prelude::*;

use super::by_filter::JokesByFilter;
use super::new_ballot::NewBallot;
use crate::components::failed;
use crate::domain::crowd::{self, GoldChoice};
use crate::domain::names::RoutineFacts;
use crate::domain::{Joke, Label};
use crate::i18n::{self, fill};

#[component]
pub fn CreateBallot(
    /// The workspace's jokes, with what the filters read about them (`components::joke_catalogue`).
    jokes: StoredValue<Vec<Joke>>,
    routines: StoredValue<HashMap<String, RoutineFacts>>,
    crowd: StoredValue<BTreeMap<String, crowd::CrowdLabel>>,
    on_created: Callback<String>,
) -> impl IntoView {
    let ballot = NewBallot::new(jokes);
    view! {
        <section class="ballot-new" aria-labelledby="ballot-new-title" data-testid="ballot-new">
            <h2 id="ballot-new-title">{i18n::t().BALLOT_NEW}</h2>
            {move || {
                if !ballot.has_jokes() {
                    return view! {
                        <p class="hint" data-testid="ballot-no-jokes">
                            {i18n::t().JOKES_EMPTY} " " <a href=crate::areas::Area::Import.path()>{i18n::t().IMPORT.label}</a>
                        </p>
                    }
                    .into_any();
                }
                if ballot.draft.with(Vec::is_empty) {
                    let routines = routines.get_value();
                    return view! { <JokesByFilter jokes routines crowd chosen=ballot.by_filter /> }.into_any();
                }
                view! {
                    <p data-testid="ballot-draft">
                        {move || fill(i18n::t().BALLOT_DRAFT, &[&ballot.draft.with(Vec::len)])} " "
                        <button type="button" class="link" on:click=move |_| ballot.choose_by_filter()>
                            {i18n::t().BALLOT_CHOOSE_BY_FILTER}
                        </button>
                    </p>
                }
                .into_any()
            }}
            <Show when=move || ballot.counts.with(|(count, too_long)| count + too_long > 0)>
                <BallotForm ballot on_created />
            </Show>
            {move || ballot.error.get().map(|error| failed(error.words(), "ballot-error"))}
        </section>
    }
}

#[component]
fn BallotForm(ballot: NewBallot, on_created: Callback<String>) -> impl IntoView {
    let w = i18n::t();
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let closes_at = match ballot.closes.get_untracked().trim() {
            "" => Ok(None),
            local => utc_from_local(local).map(Some).ok_or(()),
        };
        ballot.create(closes_at, on_created);
    };
    let cannot_create = move || ballot.creating.get() || ballot.counts.with(|(count, _)| *count == 0);
    view! {
        <form class="ballot-form" on:submit=submit>
            {move || ballot.warnings().into_iter().map(|warning| view! { <p class="warning">{warning}</p> }).collect_view()}
            <label for="ballot-title">{w.BALLOT_TITLE}</label>
            <input id="ballot-title" type="text" maxlength="200" required bind:value=ballot.title />
            <label for="ballot-gold">{w.BALLOT_GOLD}</label>
            <input
                id="ballot-gold"
                type="number"
                min="0"
                max="200"
                inputmode="numeric"
                bind:value=ballot.gold_count
            />
            <p class="hint">{move || fill(i18n::t().BALLOT_GOLD_HINT, &[&ballot.available_gold()])}</p>
            <GoldChoices ballot />
            <label for="ballot-target">{w.BALLOT_TARGET}</label>
            <input id="ballot-target" type="number" min="1" max="10000" inputmode="numeric" bind:value=ballot.target />
            <label for="ballot-closes">{w.BALLOT_CLOSES}</label>
            <input id="ballot-closes" type="datetime-local" bind:value=ballot.closes />
            <button type="submit" class="primary" disabled=cannot_create>
                {move || if ballot.creating.get() { i18n::t().BALLOT_CREATING } else { i18n::t().BALLOT_CREATE }}
            </button>
        </form>
    }
}

/// The gold jokes the ballot will get, each with its expected answer and a way to take it out,
/// and "choose others".
#[component]
fn GoldChoices(ballot: NewBallot) -> impl IntoView {
    let choice = move |choice: &GoldChoice| {
        let text = ballot.text_of(&choice.joke_id)?;
        let expected = match choice.expected {
            Label::Funny => i18n::t().FUNNY,
            Label::NotFunny => i18n::t().NOT_FUNNY,
        };
        let id = choice.joke_id.clone();
        Some(view! {
            <li data-testid="ballot-gold-choice">
                <strong>{expected}</strong>
                " · "
                {text}
                " "
                <button type="button" class="link" on:click=move |_| ballot.take_out(id.clone())>
                    {i18n::t().BALLOT_GOLD_TAKE_OUT}
                </button>
            </li>
        })
    };
    view! {
        <ul class="ballot-gold-choices">
            {move || ballot.gold.with(|gold| gold.iter().filter_map(choice).collect_view())}
        </ul>
        <button
            type="button"
            class="link"
            hidden=move || ballot.gold.with(Vec::is_empty)
            on:click=move |_| ballot.draw_again()
        >
            {i18n::t().BALLOT_GOLD_OTHERS}
        </button>
    }
}

/// A `datetime-local` value (this browser's time zone) as ISO 8601 in UTC; `None` when unreadable.
fn utc_from_local(local: &str) -> Option<String> {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(local));
    date.get_time().is_finite().then(|| String::from(date.to_iso_string()))
}
