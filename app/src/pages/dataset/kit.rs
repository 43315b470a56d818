//! A frozen dataset's training kit (`tallas_core::dataset::kit`): one zip to train on the curator's
//! own GPU, with preference pairs from the arena's votes (read from the worker) and from the
//! evaluations the curator accepts as a source (chosen here).

use leptos::prelude::*;

use crate::api;
use crate::background::messages::{DatasetAsk, DatasetReply};
use crate::background::page::run;
use crate::browser::{download_bytes, load_local};
use crate::failure::Failure;
use crate::i18n::{self, fill};

/// The evaluations whose both-orders wins go into the kits downloaded, as the curator ticks them.
#[component]
pub fn KitSources(accepted: RwSignal<Vec<String>>) -> impl IntoView {
    let w = i18n::lab::t();
    let sources = load_local(|| async {
        match run(DatasetAsk::Sources).await {
            Ok(DatasetReply::Sources(all)) => all,
            _ => Vec::new(),
        }
    });
    move || {
        let all = sources.get().unwrap_or_default();
        (!all.is_empty()).then(|| {
            let boxes = all.into_iter().map(|(run_id, name)| {
                let id = run_id.clone();
                let toggle = move |e| {
                    let on = event_target_checked(&e);
                    accepted.update(|a| {
                        a.retain(|x| *x != id);
                        if on {
                            a.push(id.clone())
                        }
                    });
                };
                view! { <label class="check"><input type="checkbox" on:change=toggle />{name}</label> }
            });
            view! {
                <fieldset class="kit-sources" data-testid="kit-sources">
                    <legend>{w.KIT_SOURCES}</legend>
                    {boxes.collect_view()}
                </fieldset>
            }
        })
    }
}

/// Downloads snapshot `id`'s kit and says which files it lacks and why.
#[component]
pub fn KitButton(
    id: String,
    accepted: RwSignal<Vec<String>>,
    message: RwSignal<Option<Result<String, Failure>>>,
) -> impl IntoView {
    let on_click = move |_| {
        let id = id.clone();
        leptos::task::spawn_local(async move {
            message.set(Some(save(id, accepted.get_untracked()).await));
        });
    };
    view! {
        <button type="button" data-testid="dataset-download-kit" on:click=on_click>{i18n::lab::t().KIT_DOWNLOAD}</button>
    }
}

async fn save(id: String, evaluations: Vec<String>) -> Result<String, Failure> {
    let w = i18n::lab::t();
    let arena = api::arena_preferences().await?;
    let kit = match run(DatasetAsk::Kit { id, evaluations, arena }).await? {
        DatasetReply::Kit(kit) => kit,
        DatasetReply::Failed(why) => return Err(Failure::Refused(why)),
        _ => return Err(Failure::OtherAnswer),
    };
    download_bytes(&kit.file_name, "application/zip", &kit.zip).map_err(Failure::browser)?;
    let absent: Vec<String> = kit.absent.iter().map(|(path, why)| format!("{path} ({why})")).collect();
    Ok(match absent.is_empty() {
        true => fill(w.KIT_SAVED, &[&kit.file_name]),
        false => fill(w.KIT_SAVED_WITHOUT, &[&kit.file_name, &absent.join("; ")]),
    })
}
