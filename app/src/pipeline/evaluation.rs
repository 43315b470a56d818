//! The calls of an evaluation run: each item's request, built from the definition and, for a
//! judgement, from the two jokes its generations produced. A judgement whose jokes are still on
//! their way waits (the engine puts it back in the queue); one whose joke could not be made fails
//! with why, and is retried with it.

use tallas_core::api::{GenerateRequest, JudgeRequest};
use tallas_core::evaluation::plan::Call;

use super::call::CallRequest;
use crate::domain::evaluation::{CallOutput, EvaluationSpec};
use crate::domain::run::{ItemStatus, RunItem};
use crate::i18n::{self, fill};
use crate::store::{RunRepo, StoreError};

/// What an item needs before its call can go.
pub enum Prepared {
    Call(CallRequest),
    /// A joke it compares is not made yet.
    Wait,
    /// It cannot be made: the message says why.
    Fail(String),
}

pub async fn prepare(repo: &impl RunRepo, spec: &EvaluationSpec, item: &RunItem) -> Result<Prepared, StoreError> {
    let definition = &spec.definition;
    let Some(call) = definition.call(&item.item_id) else {
        return Ok(Prepared::Fail(fill(i18n::t().EVAL_UNKNOWN_CALL, &[&item.item_id])));
    };
    let models = definition.all_models();
    match call {
        Call::Generate { model, case } => Ok(Prepared::Call(CallRequest::Generate(GenerateRequest {
            keyword: definition.cases[case].keyword.clone(),
            model: Some(models[model].to_owned()),
            stream: false,
        }))),
        Call::Judge { x, y, case, x_first } => {
            let mut jokes = Vec::with_capacity(2);
            for model in [x, y] {
                let generated = repo.run_item(&item.run_id, &Call::Generate { model, case }.id()).await?;
                match generated {
                    Some(RunItem { output: Some(CallOutput::Joke { text, .. }), .. }) => jokes.push(text),
                    Some(RunItem { status: ItemStatus::Pending, .. }) => return Ok(Prepared::Wait),
                    Some(RunItem { status: ItemStatus::Failed { error, .. }, .. }) => {
                        return Ok(Prepared::Fail(fill(i18n::t().EVAL_NO_JOKE, &[&models[model], &error])));
                    }
                    _ => return Ok(Prepared::Fail(fill(i18n::t().EVAL_NO_JOKE, &[&models[model], &"—"]))),
                }
            }
            let (x_joke, y_joke) = (jokes.remove(0), jokes.remove(0));
            let (candidate_a, candidate_b) = if x_first { (x_joke, y_joke) } else { (y_joke, x_joke) };
            let case = &definition.cases[case];
            Ok(Prepared::Call(CallRequest::Judge(JudgeRequest {
                keyword: case.keyword.clone(),
                reference: case.reference.clone().filter(|_| definition.show_reference),
                candidate_a,
                candidate_b,
                model: Some(definition.judge.clone()),
            })))
        }
    }
}
