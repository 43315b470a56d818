//! The home (`/`): the work's six steps with where this workspace stands on each, and the one next
//! thing to do, so a newcomer knows where to start and a returning curator where things are. It
//! reads counts (`SummaryRepo`), never the stores' contents, and asks the worker only what
//! `/play` publishes.

mod steps;

use leptos::prelude::*;
use leptos_router::components::A;

use crate::api;
use crate::areas::Area;
use crate::browser::load_local;
use crate::components;
use crate::i18n;
use crate::store::{SummaryRepo, use_store};
use steps::{Progress, Published, Step, next, steps};

#[component]
pub fn HomePage() -> impl IntoView {
    let store = use_store();
    let summary = load_local(move || async move { store.open().await?.summary().await });
    let published = load_local(api::published_models);
    let progress = move || {
        summary.get().map(|read| {
            let published = match published.get() {
                None => Published::Asking,
                Some(Ok(n)) => Published::Count(n),
                Some(Err(_)) => Published::Unknown,
            };
            read.map(|summary| Progress { summary, published })
        })
    };
    let w = i18n::t();
    view! {
        <section class="page" aria-labelledby="page-title">
            <h1 id="page-title">{w.HOME_TITLE}</h1>
            <p class="lede">{w.HOME_LEDE}</p>
            {move || components::loaded(progress(), w.HOME_READING, "home-error", |progress: Progress| {
                let steps = steps(&progress);
                view! {
                    <NextStep next=next(&steps) />
                    <ol class="home-steps">{steps.into_iter().map(|step| view! { <StepCard step /> }).collect_view()}</ol>
                }
            })}
        </section>
    }
}

/// The one thing to do next, or that every step has something.
#[component]
fn NextStep(next: Option<(&'static str, Area)>) -> impl IntoView {
    let w = i18n::t();
    match next {
        Some((todo, area)) => view! {
            <p class="home-next" data-testid="home-next">
                <strong>{w.HOME_NEXT}</strong> " " {area_link(area, todo)}
            </p>
        }
        .into_any(),
        None => view! { <p class="home-next" data-testid="home-next">{w.HOME_ALL_STARTED}</p> }.into_any(),
    }
}

#[component]
fn StepCard(step: Step) -> impl IntoView {
    let first = step.areas[0].words();
    view! {
        <li class="home-step" data-testid="home-step" data-started=step.todo.is_none().to_string()>
            <h2>{first.label}</h2>
            <p class="home-count" data-testid="home-count">{step.count}</p>
            <p class="muted">{first.summary}</p>
            <p class="home-links">
                {step.areas.iter().map(|&area| area_link(area, area.words().label)).collect_view()}
            </p>
        </li>
    }
}

/// A link to `area`: the router's within this page binary, the browser's to the other one.
fn area_link(area: Area, text: &'static str) -> AnyView {
    if area.in_lab() {
        view! { <a href=area.path() rel="external">{text}</a> }.into_any()
    } else {
        view! { <A href=area.path()>{text}</A> }.into_any()
    }
}
