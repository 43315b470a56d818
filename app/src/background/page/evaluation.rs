//! An evaluation's report and files, made by a background worker (`worker::evaluation`).

use super::{WorkerError, request};
use crate::background::Request;
use crate::background::messages::{EvaluationAsk, EvaluationReply};

pub async fn ask(ask: EvaluationAsk) -> Result<EvaluationReply, WorkerError> {
    request(&Request::Evaluation(ask)).await
}
