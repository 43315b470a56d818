//! The playground: a keyword in, a joke out, and the history of past exchanges kept in IndexedDB;
//! what the public playground (`/play`) offers to anyone with the link, and what its arena's voters
//! preferred.

mod arena_results;
mod exchange_list;
mod publish;

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use tallas_core::api::{GenerateRequest, ValidationError};

use crate::api::{self, ClientError};
use crate::browser::load_local;
use crate::clock;
use crate::components;
use crate::i18n;
use crate::store::{Exchange, PlaygroundRepo, Store, StoreError, use_store};
use arena_results::ArenaResultsView;
use exchange_list::ExchangeList;
use publish::PublishForm;

/// Why no joke came back.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
enum TellError {
    /// Caught before sending; core's message names the field and the fix.
    #[error(transparent)]
    Invalid(#[from] ValidationError),
    #[error(transparent)]
    Worker(#[from] ClientError),
}

/// A joke that came back, and whether it made it into the history.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Told {
    exchange: Exchange,
    saved: Result<u64, StoreError>,
}

/// Validates, asks the worker (`model`, or its default when empty), and saves the answer. A failed
/// save still shows the joke.
async fn tell_joke(store: Store, keyword: String, model: String) -> Result<Told, TellError> {
    let model = Some(model).filter(|m| !m.trim().is_empty());
    let request = GenerateRequest { keyword, model, stream: false }.validate()?;
    let response = api::generate(&request).await?;
    let exchange = Exchange {
        keyword: request.keyword,
        joke: response.joke,
        model: response.model,
        prompt_version: response.prompt_version,
        usage: response.usage,
        created_at_ms: clock::now_ms(),
    };
    let saved = match store.open().await {
        Ok(repo) => repo.add_exchange(exchange.clone()).await.map(|stored| stored.id),
        Err(error) => Err(error),
    };
    Ok(Told { exchange, saved })
}

#[component]
pub fn PlaygroundPage() -> impl IntoView {
    let store = use_store();
    let keyword = RwSignal::new(String::new());
    // A model handed over in the address (`?model=…`: "Try it in the playground" on Fine-tune).
    let model = RwSignal::new(use_query_map().with_untracked(|query| query.get("model")).unwrap_or_default());
    let tell =
        Action::new_local(move |(keyword, model): &(String, String)| tell_joke(store, keyword.clone(), model.clone()));
    let pending = tell.pending();
    let outcome = tell.value();
    let error = move || outcome.read().as_ref().and_then(|r| r.as_ref().err()).map(ToString::to_string);
    // Only a validation error is the input's fault; a worker error is not.
    let invalid = move || matches!(*outcome.read(), Some(Err(TellError::Invalid(_))));

    // Re-read after every attempt so a saved joke shows up in the list.
    let history = load_local(move || {
        tell.version().track();
        async move { store.open().await?.list_exchanges().await }
    });

    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        // A second submit while one is in flight would pay for a joke nobody waits for.
        if !pending.get_untracked() {
            tell.dispatch_local((keyword.get_untracked(), model.get_untracked()));
        }
    };

    view! {
        <section class="page" aria-labelledby="page-title">
            <h1 id="page-title">{i18n::t().PLAYGROUND.label}</h1>
            <p class="lede">{i18n::t().PLAYGROUND.summary}</p>

            {ask_form(keyword, model, pending, Signal::derive(invalid), Signal::derive(error), on_submit)}
            <components::Lineage models=Signal::derive(move || vec![model.get().trim().to_owned()]) />

            // A live region that always exists, so screen readers announce each new joke.
            <div class="latest" aria-live="polite">
                {move || {
                    outcome.get().and_then(Result::ok).map(|told| view! { <LatestJoke told /> })
                }}
            </div>

            <section class="history-section" aria-labelledby="history-title">
                <h2 id="history-title">{i18n::t().HISTORY}</h2>
                {move || {
                    components::loaded(history.get(), i18n::t().HISTORY_LOADING, "store-error", |exchanges| {
                        view! { <ExchangeList exchanges /> }
                    })
                }}
            </section>
            <PublishForm />
            <ArenaResultsView />
        </section>
    }
}

/// The keyword and the model to ask, and why the last ask failed.
fn ask_form(
    keyword: RwSignal<String>,
    model: RwSignal<String>,
    pending: Memo<bool>,
    invalid: Signal<bool>,
    error: Signal<Option<String>>,
    on_submit: impl Fn(leptos::ev::SubmitEvent) + 'static,
) -> impl IntoView {
    view! {
    <form class="joke-form" on:submit=on_submit aria-busy=move || pending.get().to_string()>
        <label for="keyword">{i18n::t().KEYWORD_LABEL}</label>
        <div class="form-row">
            <input
                id="keyword"
                name="keyword"
                type="text"
                autocomplete="off"
                enterkeyhint="send"
                placeholder=i18n::t().KEYWORD_PLACEHOLDER
                aria-describedby="keyword-hint playground-error"
                aria-invalid=move || invalid.get().to_string()
                bind:value=keyword
            />
            <button type="submit" class="primary" disabled=move || pending.get()>
                <Show when=move || pending.get()>
                    <span class="spinner" aria-hidden="true"></span>
                </Show>
                {move || if pending.get() { i18n::t().TELLING } else { i18n::t().TELL_JOKE }}
            </button>
        </div>
        <p id="keyword-hint" class="hint">{i18n::t().KEYWORD_HINT}</p>
        <label for="model">{i18n::t().PLAYGROUND_MODEL}</label>
        <input id="model" name="model" type="text" autocomplete="off" data-testid="playground-model" bind:value=model />
        {move || {
            error.get()
                .map(|message| {
                    view! {
                        <p
                            id="playground-error"
                            class="error"
                            role="alert"
                            data-testid="playground-error"
                        >
                            {message}
                        </p>
                    }
                })
        }}
    </form>
    }
}

#[component]
fn LatestJoke(told: Told) -> impl IntoView {
    let Told { exchange, saved } = told;
    view! {
        <figure class="latest-joke">
            <figcaption>{format!("{} · {}", i18n::t().LATEST_JOKE, exchange.keyword)}</figcaption>
            <blockquote data-testid="joke">{exchange.joke}</blockquote>
            {saved
                .err()
                .map(|error| {
                    view! {
                        <p class="warning" role="status" data-testid="save-error">
                            {format!("{} {error}", i18n::t().NOT_SAVED)}
                        </p>
                    }
                })}
        </figure>
    }
}
