//! The curator's LLM task endpoints, one generic handler over `tallas_core::tasks::TaskSpec`:
//! `POST /api/extract`, `/api/refine`, `/api/keywords`, `/api/graph`, `/api/rewrite`, `/api/judge`.
//!
//! Each call: curator token → body (size, then shape, then `TaskEndpoint::input`) → the task's
//! messages with its JSON Schema as `response_format`, its model and temperature from the vars
//! (`MODEL_<TASK>`, `TEMPERATURE_<TASK>`) → `TaskSpec::parse`. A reply that fails validation
//! gets one corrective round trip (the reply as an assistant message, then the validation
//! report); one still invalid is a `502` that summarises the report.

use serde::Serialize;
use tallas_core::api::{TaskEndpoint, TaskResponse, invalid_reply};
use tallas_core::mistral::{ChatMessage, ChatRequest, Role};
use tallas_core::tasks::{ExtractTask, GraphTask, JudgeTask, KeywordsTask, RefineTask, RewriteTask, TaskSpec};
use worker::{Env, Request, Response, Result, console_warn};

use crate::config::Config;
use crate::outcome::Outcome;
use crate::route::RouteContext;
use crate::upstream::{self, Reply, UPSTREAM};
use crate::usage;

pub async fn extract(req: Request, ctx: RouteContext) -> Result<Response> {
    run::<ExtractTask>(req, ctx).await
}

pub async fn refine(req: Request, ctx: RouteContext) -> Result<Response> {
    run::<RefineTask>(req, ctx).await
}

pub async fn keywords(req: Request, ctx: RouteContext) -> Result<Response> {
    run::<KeywordsTask>(req, ctx).await
}

pub async fn graph(req: Request, ctx: RouteContext) -> Result<Response> {
    run::<GraphTask>(req, ctx).await
}

pub async fn rewrite(req: Request, ctx: RouteContext) -> Result<Response> {
    run::<RewriteTask>(req, ctx).await
}

pub async fn judge(req: Request, ctx: RouteContext) -> Result<Response> {
    run::<JudgeTask>(req, ctx).await
}

async fn run<T>(mut req: Request, ctx: RouteContext) -> Result<Response>
where
    T: TaskEndpoint,
    T::Output: Serialize,
{
    let outcome = task::<T>(&mut req, &ctx).await;
    ctx.send(200, outcome)
}

async fn task<T: TaskEndpoint>(req: &mut Request, ctx: &RouteContext) -> Outcome<TaskResponse<T::Output>> {
    let (config, env) = (&ctx.data, &ctx.env);
    let request = ctx.json::<T::Request>(req).await?;
    let (input, model) = T::input(request)?;
    let setting = config.tasks.get(T::TASK);
    let model = model.unwrap_or(setting.model);
    // Without the model's upstream (or its key) the answer is a 503 before anything is built.
    upstream::check_chat(config, &model)?;
    let mut chat = ChatRequest {
        model,
        messages: T::build_messages(&input),
        temperature: Some(setting.temperature),
        max_tokens: Some(T::TASK.max_tokens()),
        stream: None,
        response_format: T::TASK.response_format(),
    };
    let first = ask(config, env, &chat, T::TASK.name()).await?;
    let report = match T::parse(&first.text) {
        Ok(result) => return Ok(answer::<T>(result, &first, first.usage, false)),
        Err(report) => report,
    };
    console_warn!("{}: the reply failed validation, asking once more: {report}", ctx.route.label);
    chat.messages.push(ChatMessage::new(Role::Assistant, first.text.clone()));
    chat.messages.push(report.corrective_message());
    let second = ask(config, env, &chat, T::TASK.name()).await?;
    match T::parse(&second.text) {
        Ok(result) => Ok(answer::<T>(result, &second, first.usage + second.usage, true)),
        Err(report) => Err(invalid_reply(&report, UPSTREAM).into()),
    }
}

/// One upstream call, its usage recorded in the ledger under the task's name (after the response).
async fn ask(config: &Config, env: &Env, chat: &ChatRequest, route: &str) -> Outcome<Reply> {
    let reply = upstream::chat(config, chat).await?;
    usage::record_after_response(config, env, route, reply.usage).await;
    Ok(reply)
}

fn answer<T: TaskSpec>(
    result: T::Output,
    last: &Reply,
    usage: tallas_core::api::TokenUsage,
    corrected: bool,
) -> TaskResponse<T::Output> {
    TaskResponse {
        result,
        model: last.model.clone(),
        prompt_version: T::TASK.prompt_version().to_owned(),
        usage,
        corrected,
    }
}
