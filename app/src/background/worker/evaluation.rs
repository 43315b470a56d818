//! An evaluation's report (core's statistics over the stored verdicts: bootstraps, Bradley–Terry
//! fits, the length regression), the arena beside it, and its JSON and CSV files: work for a
//! background thread, and code the page need not carry.

use crate::background::messages::{EvaluationAsk, EvaluationReply};
use crate::domain::crowd::crowd_labels;
use crate::domain::evaluation::{EvaluationView, PeopleLabels, csv, view, workspace_jokes};
use crate::domain::evaluation_text::worded;
use crate::domain::import::ImportBatch;
use crate::domain::run::{Run, RunItem};
use crate::store::{BallotRepo, DB_NAME, IndexedDbStore, JokeRepo, RunRepo};
use tallas_core::play::arena::ArenaTally;

pub(super) async fn answer(ask: EvaluationAsk) -> EvaluationReply {
    let outcome = match ask {
        EvaluationAsk::Report { run_id, arena } => {
            read(&run_id, arena.as_deref()).await.map(|view| EvaluationReply::Report(worded(&view)))
        }
        EvaluationAsk::Export { run_id, arena, csv: as_csv } => match read(&run_id, arena.as_deref()).await {
            Ok(view) => export(&view, as_csv),
            Err(message) => Err(message),
        },
        EvaluationAsk::ToWorkspace { run_id, now_ms } => bring(&run_id, now_ms).await,
    };
    outcome.unwrap_or_else(EvaluationReply::Failed)
}

/// The store, the evaluation's run and its items.
async fn evaluation(run_id: &str) -> Result<(IndexedDbStore, Run, Vec<RunItem>), String> {
    let store = IndexedDbStore::open(DB_NAME).await.map_err(|e| e.to_string())?;
    let runs = store.runs().await.map_err(|e| e.to_string())?;
    let Some(run) = runs.into_iter().find(|r| r.id == run_id && r.evaluation.is_some()) else {
        return Err(crate::i18n::fill(crate::i18n::worker::t().EVAL_GONE, &[&run_id]));
    };
    let items = store.run_items(run_id).await.map_err(|e| e.to_string())?;
    Ok((store, run, items))
}

async fn read(run_id: &str, arena: Option<&[ArenaTally]>) -> Result<EvaluationView, String> {
    let (store, run, items) = evaluation(run_id).await?;
    let jokes = store.jokes().await.map_err(|e| e.to_string())?;
    let crowd = crowd_labels(&store.crowd().await.map_err(|e| e.to_string())?);
    let labels = PeopleLabels::of(run_id, &jokes, |id| crowd.get(id).and_then(|label| label.share()));
    let spec = run.evaluation.as_deref().ok_or_else(String::new)?;
    Ok(view(&run, spec, &items, arena, &labels))
}

async fn bring(run_id: &str, now_ms: u64) -> Result<EvaluationReply, String> {
    let (store, run, items) = evaluation(run_id).await?;
    let spec = run.evaluation.as_deref().ok_or_else(String::new)?;
    let jokes = workspace_jokes(&run, spec, &items, now_ms);
    let counts = store.import(ImportBatch { jokes, ..ImportBatch::default() }).await.map_err(|e| e.to_string())?;
    Ok(EvaluationReply::Brought { added: counts.jokes_added, already: counts.jokes_already_there })
}

fn export(view: &EvaluationView, as_csv: bool) -> Result<EvaluationReply, String> {
    let base: String = view.spec.name.chars().map(|c| if c.is_alphanumeric() || c == '-' { c } else { '_' }).collect();
    let (extension, text) = if as_csv { ("csv", csv(&view.rows)?) } else { ("json", crate::js::to_json(view)?) };
    Ok(EvaluationReply::Export { file_name: format!("{base}.{extension}"), text })
}
