//! Datasets (`domain::dataset`): built from the stored workspace (jokes, the crowd's votes,
//! near-duplicate clusters found anew), previewed, frozen, listed, read as files, compared and
//! deleted; and any JSONL file checked with the validator the builds use.

use wasm_bindgen::JsCast;

use crate::background::messages::{DatasetAsk, DatasetReply, FileTexts, KitDownload};
use crate::browser;
use crate::domain::crowd::crowd_labels;
use crate::domain::dataset::{Snapshot, Verdict, candidates, compare, preview};
use crate::domain::duplicates::duplicate_groups;
use crate::domain::evaluation_record::EvaluationSpec;
use crate::domain::kit::kit_input;
use crate::store::{BallotRepo, DB_NAME, DatasetRepo, IndexedDbStore, JokeRepo, RunRepo, StoreError};
use tallas_core::dataset::kit::{build_kit, slug, validate_kit};
use tallas_core::dataset::{BuildConfig, Candidate, Dataset, build, estimate_tokens, validate_jsonl};
use tallas_core::play::arena::ArenaPreferences;

pub(super) async fn answer(ask: DatasetAsk) -> DatasetReply {
    match run(ask).await {
        Ok(reply) => reply,
        Err(message) => DatasetReply::Failed(message),
    }
}

async fn run(ask: DatasetAsk) -> Result<DatasetReply, String> {
    let fail = |e: StoreError| e.to_string();
    Ok(match ask {
        DatasetAsk::Preview(config) => {
            let (dataset, candidates) = build_now(&config).await.map_err(fail)?;
            DatasetReply::Preview(preview(&dataset, &candidates))
        }
        DatasetAsk::Freeze { name, config, now_ms } => {
            let (dataset, _) = build_now(&config).await.map_err(fail)?;
            let snapshot = Snapshot::new(name, dataset, now_ms);
            store().await.map_err(fail)?.save_snapshot(&snapshot).await.map_err(fail)?;
            DatasetReply::Frozen(snapshot.summary())
        }
        DatasetAsk::List => {
            let mut all = store().await.map_err(fail)?.snapshots().await.map_err(fail)?;
            all.reverse();
            DatasetReply::Snapshots(all.iter().map(Snapshot::summary).collect())
        }
        DatasetAsk::Files(id) => {
            let files = snapshot(&id).await?.files();
            let manifest = crate::js::to_json(&files.manifest)?;
            DatasetReply::Files(FileTexts {
                stem: slug(&files.manifest.name, &files.manifest.id),
                name: files.manifest.name,
                train: files.train,
                validation: files.validation,
                manifest,
            })
        }
        DatasetAsk::Compare(first, second) => {
            DatasetReply::Compared(compare(&snapshot(&first).await?, &snapshot(&second).await?))
        }
        DatasetAsk::Delete(id) => {
            store().await.map_err(fail)?.delete_snapshot(&id).await.map_err(fail)?;
            DatasetReply::Deleted
        }
        DatasetAsk::Sources => DatasetReply::Sources(
            evaluations().await.map_err(fail)?.into_iter().map(|(run_id, spec)| (run_id, spec.name)).collect(),
        ),
        DatasetAsk::Kit { id, evaluations: chosen, arena } => DatasetReply::Kit(kit(&id, &chosen, arena).await?),
        DatasetAsk::Validate { files } => {
            let file: web_sys::File =
                files.get(0).dyn_into().map_err(|_| crate::i18n::worker::t().DATASET_NO_FILE.to_owned())?;
            let bytes = browser::file_bytes(&file).await?;
            let text = String::from_utf8_lossy(&bytes);
            DatasetReply::Report(Verdict::of(&validate_jsonl(&text)))
        }
    })
}

/// Snapshot `id`'s training kit, zipped.
async fn kit(id: &str, chosen: &[String], arena: wasm_bindgen::JsValue) -> Result<KitDownload, String> {
    let fail = |e: StoreError| e.to_string();
    let arena: ArenaPreferences = crate::js::from_js(arena)?;
    let snapshot = snapshot(id).await?;
    let store = store().await.map_err(fail)?;
    let jokes = store.jokes().await.map_err(fail)?;
    let crowd = crowd_labels(&store.crowd().await.map_err(fail)?);
    let made = candidates(&jokes, &crowd, &duplicate_groups(&jokes));
    let mut accepted = Vec::new();
    for (run_id, spec) in evaluations().await.map_err(fail)? {
        if chosen.contains(&run_id) {
            accepted.push((spec, store.run_items(&run_id).await.map_err(fail)?));
        }
    }
    let kit = build_kit(&kit_input(&snapshot, &made, arena, &accepted));
    // Rows are valid by construction; should one not be, the kit is not handed over.
    let issues = validate_kit(&kit);
    if !issues.is_empty() {
        let found: Vec<String> = issues.iter().map(ToString::to_string).collect();
        return Err(crate::i18n::fill(crate::i18n::worker::t().KIT_INVALID, &[&found.join("; ")]));
    }
    let zip = kit.to_zip().map_err(|e| e.to_string())?;
    Ok(KitDownload {
        file_name: format!("{}.zip", kit.folder),
        zip: js_sys::Uint8Array::from(zip.as_slice()),
        absent: kit.absent.into_iter().map(|a| (a.path, a.why)).collect(),
    })
}

/// Every evaluation: `(run id, definition)`, oldest first.
async fn evaluations() -> Result<Vec<(String, EvaluationSpec)>, StoreError> {
    let runs = store().await?.runs().await?;
    Ok(runs.into_iter().filter_map(|run| Some((run.id, *run.evaluation?))).collect())
}

async fn store() -> Result<IndexedDbStore, StoreError> {
    IndexedDbStore::open(DB_NAME).await
}

/// The dataset `config` gives from the workspace as it is now.
async fn build_now(config: &BuildConfig) -> Result<(Dataset, Vec<Candidate>), StoreError> {
    let store = store().await?;
    let jokes = store.jokes().await?;
    let crowd = crowd_labels(&store.crowd().await?);
    let made = candidates(&jokes, &crowd, &duplicate_groups(&jokes));
    Ok((build(&made, config, &estimate_tokens), made))
}

async fn snapshot(id: &str) -> Result<Snapshot, String> {
    let found = store().await.map_err(|e| e.to_string())?.snapshot(id).await.map_err(|e| e.to_string())?;
    found.ok_or_else(|| crate::i18n::fill(crate::i18n::t().DATASET_GONE, &[&id]))
}
