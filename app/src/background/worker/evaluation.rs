//! An evaluation's report (core's statistics over the stored verdicts: bootstraps, Bradley–Terry
//! fits, the length regression), the arena beside it, and its JSON and CSV files: work for a
//! background thread, and code the page need not carry.

use crate::background::messages::{EvaluationAsk, EvaluationReply};
use crate::store::{DB_NAME, IndexedDbStore, RunRepo};
use crate::workspace::evaluation::{EvaluationView, csv, view};
use crate::workspace::evaluation_text::worded;
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
    };
    outcome.unwrap_or_else(EvaluationReply::Failed)
}

async fn read(run_id: &str, arena: Option<&[ArenaTally]>) -> Result<EvaluationView, String> {
    let store = IndexedDbStore::open(DB_NAME).await.map_err(|e| e.to_string())?;
    let runs = store.runs().await.map_err(|e| e.to_string())?;
    let run = runs.iter().find(|r| r.id == run_id);
    let (Some(run), Some(spec)) = (run, run.and_then(|r| r.evaluation.as_deref())) else {
        return Err(crate::i18n::fill(crate::i18n::t().EVALUATION_GONE, &[&run_id]));
    };
    let items = store.run_items(run_id).await.map_err(|e| e.to_string())?;
    Ok(view(run, spec, &items, arena))
}

fn export(view: &EvaluationView, as_csv: bool) -> Result<EvaluationReply, String> {
    let base: String = view.spec.name.chars().map(|c| if c.is_alphanumeric() || c == '-' { c } else { '_' }).collect();
    let (extension, text) = if as_csv { ("csv", csv(&view.rows)?) } else { ("json", crate::js::to_json(view)?) };
    Ok(EvaluationReply::Export { file_name: format!("{base}.{extension}"), text })
}
