//! Request-level tests of the test double: whole requests through the router, no socket.

use std::time::Duration;

use axum::Router;
use axum::body::{Body, to_bytes};
use axum::http::{HeaderMap, Request, StatusCode, header};
use serde_json::{Value, json};
use tallas_core::mistral::ChatResponse;
use tallas_core::prompts::generate;
use tallas_core::tasks::Task;
use tower::ServiceExt;

use crate::app::router;
use crate::state::{AppState, Config};

const KEY: &str = "Bearer test-key";

fn app() -> Router {
    let config = Config { chunk_delay: Duration::ZERO, job_step: Duration::ZERO, ..Config::default() };
    router(AppState::new(config))
}

struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    body: Result<String, String>,
}

impl Answer {
    fn text(&self) -> &str {
        self.body.as_deref().unwrap_or_else(|e| panic!("body failed: {e}"))
    }

    fn json(&self) -> Value {
        serde_json::from_str(self.text()).unwrap_or_else(|e| panic!("{e}: {}", self.text()))
    }
}

async fn send(app: &Router, request: Request<Body>) -> Answer {
    let response = app.clone().oneshot(request).await.unwrap();
    let (parts, body) = response.into_parts();
    let body =
        to_bytes(body, usize::MAX).await.map(|b| String::from_utf8_lossy(&b).into_owned()).map_err(|e| e.to_string());
    Answer { status: parts.status, headers: parts.headers, body }
}

fn request(method: &str, uri: &str, body: Option<Value>, extra: &[(&str, &str)]) -> Request<Body> {
    let mut builder = Request::builder().method(method).uri(uri).header(header::AUTHORIZATION, KEY);
    for (name, value) in extra {
        builder = builder.header(*name, *value);
    }
    match body {
        Some(body) => builder.header(header::CONTENT_TYPE, "application/json").body(Body::from(body.to_string())),
        None => builder.body(Body::empty()),
    }
    .unwrap()
}

fn chat_body(keyword: &str) -> Value {
    json!({"model": "mistral-small-latest", "messages": generate::messages(keyword), "safe_prompt": false})
}

async fn chat(app: &Router, body: Value, extra: &[(&str, &str)]) -> Answer {
    send(app, request("POST", "/v1/chat/completions", Some(body), extra)).await
}

#[tokio::test]
async fn answers_a_generate_prompt_the_way_the_product_parses_it() {
    let app = app();
    let first = chat(&app, chat_body("suegra"), &[]).await;
    assert_eq!(first.status, StatusCode::OK);
    let (response, text) = ChatResponse::parse(first.text()).unwrap();
    assert!(text.starts_with("Talla de prueba sobre «suegra»: "), "{text}");
    assert_eq!(response.model, "mistral-small-latest");
    let usage = response.usage.unwrap();
    assert_eq!(usage.total_tokens, usage.prompt_tokens + usage.completion_tokens);
    assert_eq!(first.json()["object"], "chat.completion");

    let again = chat(&app, chat_body("suegra"), &[]).await;
    assert_eq!(ChatResponse::parse(again.text()).unwrap().1, text);
}

#[tokio::test]
async fn refuses_missing_keys_unknown_models_and_bad_json() {
    let app = app();
    let no_key = Request::post("/v1/chat/completions").body(Body::from(chat_body("x").to_string())).unwrap();
    let answer = send(&app, no_key).await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    assert_eq!(answer.json()["type"], "invalid_api_key");

    let wrong = chat(&app, json!({"model": "gpt-4", "messages": [{"role": "user", "content": "hi"}]}), &[]).await;
    assert_eq!(wrong.status, StatusCode::BAD_REQUEST);
    assert_eq!(wrong.json()["message"], "Invalid model: gpt-4");
    assert_eq!(wrong.json()["type"], "invalid_model");

    let tuned =
        chat(&app, json!({"model": "ft:mistral-small-latest:x:1", "messages": generate::messages("x")}), &[]).await;
    assert_eq!(tuned.status, StatusCode::OK);

    let bad = send(
        &app,
        Request::post("/v1/chat/completions").header(header::AUTHORIZATION, KEY).body(Body::from("{")).unwrap(),
    )
    .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_eq!(bad.json()["object"], "error");

    let calls = send(&app, request("GET", "/_fake/calls", None, &[])).await.json();
    assert_eq!(calls["total"], 4);
    assert_eq!(calls["by_route"]["POST /v1/chat/completions"], 4);
    assert_eq!(calls["requests"][0]["authorized"], false);
    assert_eq!(calls["requests"][1]["model"], "gpt-4");
    assert_eq!(calls["requests"][1]["last_user_message"], "hi");
}

#[tokio::test]
async fn structured_outputs_match_the_requested_schema() {
    let app = app();
    let mut body = chat_body("pan");
    body["response_format"] = json!({"type": "json_schema", "json_schema": {"name": "joke", "strict": true,
        "schema": {"type": "object", "properties": {"joke": {"type": "string"}, "rating": {"type": "integer",
        "minimum": 1, "maximum": 5}}, "required": ["joke", "rating"], "additionalProperties": false}}});
    let (_, text) = ChatResponse::parse(chat(&app, body.clone(), &[]).await.text()).unwrap();
    let content: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(content["rating"], 1);
    assert!(content["joke"].as_str().unwrap().contains("«pan»"));

    let (_, text) =
        ChatResponse::parse(chat(&app, body, &[("x-fake-fault", "schema-violation")]).await.text()).unwrap();
    assert_eq!(serde_json::from_str::<Value>(&text).unwrap(), json!({"unexpected": true}));
}

#[tokio::test]
async fn header_faults_fail_the_way_the_real_api_does() {
    let app = app();
    let limited = chat(&app, chat_body("x"), &[("x-fake-fault", "429:retry-after=0.5")]).await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(limited.headers[header::RETRY_AFTER], "0.5");
    assert_eq!(tallas_core::upstream::error_kind(limited.text()).as_deref(), Some("rate_limited"));

    for (spec, status) in [("500", 500), ("503", 503)] {
        assert_eq!(chat(&app, chat_body("x"), &[("x-fake-fault", spec)]).await.status.as_u16(), status);
    }
    let truncated = chat(&app, chat_body("x"), &[("x-fake-fault", "truncated")]).await;
    assert_eq!(truncated.status, StatusCode::OK);
    assert!(ChatResponse::parse(truncated.text()).is_err());
    let malformed = chat(&app, chat_body("x"), &[("x-fake-fault", "malformed")]).await;
    assert!(serde_json::from_str::<Value>(malformed.text()).is_err());
    let cut = chat(&app, chat_body("x"), &[("x-fake-fault", "stream-cut")]).await;
    assert!(cut.body.is_err());
    let typo = chat(&app, chat_body("x"), &[("x-fake-fault", "501")]).await;
    assert_eq!(typo.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn queued_faults_are_consumed_one_per_chat_request() {
    let app = app();
    let queue = |faults: Value| request("POST", "/_fake/faults", Some(json!({ "faults": faults })), &[]);
    assert_eq!(send(&app, queue(json!(["latency=1,500", "none"]))).await.json()["queued"], 2);
    assert_eq!(send(&app, queue(json!(["nope"]))).await.status, StatusCode::BAD_REQUEST);
    assert_eq!(chat(&app, chat_body("x"), &[]).await.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(chat(&app, chat_body("x"), &[]).await.status, StatusCode::OK);

    send(&app, queue(json!(["503"]))).await;
    assert_eq!(send(&app, request("DELETE", "/_fake/faults", None, &[])).await.json()["cleared"], 1);
    assert_eq!(chat(&app, chat_body("x"), &[]).await.status, StatusCode::OK);

    let calls = send(&app, request("GET", "/_fake/calls", None, &[])).await.json();
    assert_eq!(calls["requests"][0]["fault"], "latency=1,500");
    assert_eq!(calls["requests"][0]["fault_source"], "queue");
    assert_eq!(calls["requests"][2]["fault_source"], "run");
    send(&app, request("DELETE", "/_fake/calls", None, &[])).await;
    assert_eq!(send(&app, request("GET", "/_fake/calls", None, &[])).await.json()["total"], 0);
}

#[tokio::test]
async fn scripted_replies_answer_the_next_requests_that_get_an_answer() {
    let app = app();
    let queue = |replies: Value| request("POST", "/_fake/replies", Some(json!({ "replies": replies })), &[]);
    assert_eq!(send(&app, queue(json!(["{\"a\": 1}", "dos"]))).await.json()["queued"], 2);
    // A status fault and a schema violation leave the script alone.
    assert_eq!(chat(&app, chat_body("x"), &[("x-fake-fault", "500")]).await.status.as_u16(), 500);
    let violated = chat(&app, chat_body("x"), &[("x-fake-fault", "schema-violation")]).await;
    assert_eq!(violated.json()["choices"][0]["message"]["content"], crate::chat::SCHEMA_VIOLATION);
    let first = chat(&app, chat_body("x"), &[]).await.json();
    assert_eq!(first["choices"][0]["message"]["content"], "{\"a\": 1}");
    assert_eq!(first["usage"]["completion_tokens"], 2);
    assert_eq!(chat(&app, chat_body("x"), &[]).await.json()["choices"][0]["message"]["content"], "dos");
    let default = chat(&app, chat_body("x"), &[]).await.json();
    assert_ne!(default["choices"][0]["message"]["content"], "dos");

    send(&app, queue(json!(["tres"]))).await;
    assert_eq!(send(&app, request("DELETE", "/_fake/replies", None, &[])).await.json()["cleared"], 1);
    assert_eq!(send(&app, request("GET", "/_fake/replies", None, &[])).await.json()["queue"], json!([]));
}

#[tokio::test]
async fn standing_replies_answer_every_request_naming_their_schema_after_the_queue() {
    let app = app();
    let set = json!({ "replies": ["queued"], "by_schema": { "keywords": "{\"keywords\": [\"suegra\"]}" } });
    assert_eq!(send(&app, request("POST", "/_fake/replies", Some(set), &[])).await.json()["by_schema"], 1);
    let with_schema = |name: &str| {
        let mut body = chat_body("x");
        body["response_format"] = json!({"type": "json_schema",
            "json_schema": {"name": name, "strict": true, "schema": {"type": "object", "properties": {}}}});
        body
    };
    let content = |answer: Answer| answer.json()["choices"][0]["message"]["content"].as_str().unwrap().to_owned();
    assert_eq!(content(chat(&app, with_schema("keywords"), &[]).await), "queued");
    for _ in 0..2 {
        assert_eq!(content(chat(&app, with_schema("keywords"), &[]).await), "{\"keywords\": [\"suegra\"]}");
    }
    assert_eq!(content(chat(&app, with_schema("other"), &[]).await), "{}");
    assert_eq!(send(&app, request("DELETE", "/_fake/replies", None, &[])).await.json()["cleared"], 1);
    // Without a standing reply, the product's schema gets the double's own answer to it.
    let default = content(chat(&app, with_schema("keywords"), &[]).await);
    assert!(Task::Keywords.parse_value(&default).is_ok(), "{default}");
}

fn events(body: &str) -> Vec<&str> {
    body.split("\n\n").filter_map(|event| event.strip_prefix("data: ")).collect()
}

#[tokio::test]
async fn streams_the_same_answer_in_chunks() {
    let app = app();
    let plain = ChatResponse::parse(chat(&app, chat_body("micro"), &[]).await.text()).unwrap().1;
    let mut body = chat_body("micro");
    body["stream"] = json!(true);
    let streamed = chat(&app, body.clone(), &[]).await;
    assert_eq!(streamed.headers[header::CONTENT_TYPE], "text/event-stream");
    let events = events(streamed.text());
    assert!(events.len() > 4, "{events:?}");
    assert_eq!(events.last(), Some(&"[DONE]"));
    let chunks: Vec<Value> = events[..events.len() - 1].iter().map(|e| serde_json::from_str(e).unwrap()).collect();
    let content: String = chunks.iter().filter_map(|c| c["choices"][0]["delta"]["content"].as_str()).collect();
    assert_eq!(content, plain);
    let last = chunks.last().unwrap();
    assert_eq!(last["choices"][0]["finish_reason"], "stop");
    assert!(last["usage"]["total_tokens"].as_u64().unwrap() > 0);

    let cut = chat(&app, body, &[("x-fake-fault", "stream-cut")]).await;
    assert!(cut.body.is_err(), "a cut stream must end in a transport error");
}

fn upload(content: &str) -> Request<Body> {
    let boundary = "fake-boundary";
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nfine-tune\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"train.jsonl\"\r\n\
         Content-Type: application/octet-stream\r\n\r\n{content}\r\n--{boundary}--\r\n"
    );
    Request::post("/v1/files")
        .header(header::AUTHORIZATION, KEY)
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"))
        .body(Body::from(body))
        .unwrap()
}

#[tokio::test]
async fn a_dataset_becomes_a_fine_tuned_model() {
    let app = app();
    let bad = send(&app, upload("{\"messages\": []}\n{oops")).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.json()["message"].as_str().unwrap().contains("line 2 is not JSON"), "{}", bad.text());

    let line = r#"{"messages":[{"role":"user","content":"Palabra clave: pan"},{"role":"assistant","content":"x"}]}"#;
    let file = send(&app, upload(&format!("{line}\n{line}\n"))).await.json();
    assert_eq!((file["object"].as_str(), file["num_lines"].as_u64()), (Some("file"), Some(2)));
    let file_id = file["id"].as_str().unwrap();
    let fetched = send(&app, request("GET", &format!("/v1/files/{file_id}"), None, &[])).await.json();
    assert_eq!(fetched, file);

    let create = |body: Value, uri: &str| request("POST", uri, Some(body), &[]);
    let job_body = json!({"model": "mistral-small-latest", "training_files": [{"file_id": file_id, "weight": 1}],
        "hyperparameters": {"training_steps": 5, "learning_rate": 0.0001}, "suffix": "tallas", "auto_start": true});
    let dry = send(&app, create(job_body.clone(), "/v1/fine_tuning/jobs?dry_run=true")).await.json();
    assert_eq!(dry["train_tokens_per_step"], 1024);
    assert!(dry["expected_duration_seconds"].is_u64() && dry["epochs"].is_number() && dry["cost"].is_number());

    let missing = json!({"model": "mistral-small-latest", "training_files": [{"file_id": "nope"}]});
    assert_eq!(send(&app, create(missing, "/v1/fine_tuning/jobs")).await.status, StatusCode::NOT_FOUND);

    // With a zero step the job is finished as soon as it starts.
    let job = send(&app, create(job_body, "/v1/fine_tuning/jobs")).await.json();
    let job_id = job["id"].as_str().unwrap();
    let job = send(&app, request("GET", &format!("/v1/fine_tuning/jobs/{job_id}"), None, &[])).await.json();
    assert_eq!(job["status"], "SUCCESS");
    let tuned = job["fine_tuned_model"].as_str().unwrap();
    assert_eq!(tuned, format!("ft:mistral-small-latest:tallas:{}", &job_id[..8]));
    let models = send(&app, request("GET", "/v1/models", None, &[])).await.json();
    assert!(models["data"].as_array().unwrap().iter().any(|m| m["id"] == tuned && m["type"] == "fine-tuned"));
    let cancel = send(&app, request("POST", &format!("/v1/fine_tuning/jobs/{job_id}/cancel"), None, &[])).await;
    assert_eq!(cancel.status, StatusCode::CONFLICT);

    let list = send(&app, request("GET", "/v1/fine_tuning/jobs", None, &[])).await.json();
    assert_eq!(list["total"], 1);
}

/// A new job, as `POST /v1/fine_tuning/jobs` answers it, on a fresh upload.
async fn new_job(app: &Router, extra: Value) -> Answer {
    let file = send(app, upload("{}")).await.json();
    let mut body = json!({"model": "ministral-8b-latest", "training_files": [{"file_id": file["id"]}]});
    if let (Some(body), Value::Object(extra)) = (body.as_object_mut(), extra) {
        body.extend(extra);
    }
    send(app, request("POST", "/v1/fine_tuning/jobs", Some(body), &[])).await
}

fn job_uri(job: &Value, action: &str) -> String {
    format!("/v1/fine_tuning/jobs/{}/{action}", job["id"].as_str().unwrap())
}

#[tokio::test]
async fn a_job_waits_validated_for_its_start() {
    let app = app();
    let job = new_job(&app, json!({"auto_start": false})).await.json();
    assert_eq!(job["status"], "VALIDATED");
    let started = send(&app, request("POST", &job_uri(&job, "start"), None, &[])).await.json();
    assert_eq!(started["status"], "SUCCESS");
    let statuses: Vec<&str> =
        started["events"].as_array().unwrap().iter().filter_map(|e| e["data"]["status"].as_str()).collect();
    assert_eq!(statuses, ["QUEUED", "VALIDATING", "VALIDATED", "STARTED", "RUNNING", "SUCCESS"]);
    let again = send(&app, request("POST", &job_uri(&job, "start"), None, &[])).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(again.json()["message"].as_str().unwrap().contains("it is SUCCESS"), "{}", again.text());

    let waiting = new_job(&app, json!({"auto_start": false})).await.json();
    let cancelled = send(&app, request("POST", &job_uri(&waiting, "cancel"), None, &[])).await.json();
    assert_eq!(cancelled["status"], "CANCELLED");
    assert!(cancelled["fine_tuned_model"].is_null());
    assert_eq!(send(&app, request("POST", &job_uri(&waiting, "start"), None, &[])).await.status, StatusCode::CONFLICT);
    assert_eq!(send(&app, request("POST", &job_uri(&waiting, "cancel"), None, &[])).await.status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn a_queued_job_cannot_start_and_cancelling_it_is_first_a_request() {
    let app = router(AppState::new(Config { job_step: Duration::from_secs(60), ..Config::default() }));
    let job = new_job(&app, json!({"auto_start": false})).await.json();
    assert_eq!(job["status"], "QUEUED");
    let start = send(&app, request("POST", &job_uri(&job, "start"), None, &[])).await;
    assert_eq!(start.status, StatusCode::CONFLICT);
    assert!(start.json()["message"].as_str().unwrap().contains("it is QUEUED"), "{}", start.text());
    for _ in 0..2 {
        let cancelling = send(&app, request("POST", &job_uri(&job, "cancel"), None, &[])).await.json();
        assert_eq!(cancelling["status"], "CANCELLATION_REQUESTED");
    }
    let listed = send(&app, request("GET", "/v1/fine_tuning/jobs?status=CANCELLATION_REQUESTED", None, &[])).await;
    assert_eq!(listed.json()["total"], 1);
}

#[tokio::test]
async fn with_fail_validation_a_job_never_trains() {
    let app = router(AppState::new(Config { job_step: Duration::ZERO, fail_validation: true, ..Config::default() }));
    for auto_start in [true, false] {
        let job = new_job(&app, json!({"auto_start": auto_start})).await.json();
        assert_eq!(job["status"], "FAILED_VALIDATION");
        assert!(job["fine_tuned_model"].is_null() && job["trained_tokens"].is_null());
        assert_eq!(send(&app, request("POST", &job_uri(&job, "start"), None, &[])).await.status, StatusCode::CONFLICT);
        assert_eq!(send(&app, request("POST", &job_uri(&job, "cancel"), None, &[])).await.status, StatusCode::CONFLICT);
    }
    let models = send(&app, request("GET", "/v1/models", None, &[])).await.json();
    assert!(models["data"].as_array().unwrap().iter().all(|m| m["type"] == "base"));
}

#[tokio::test]
async fn without_fine_tuning_every_job_is_refused_as_the_real_api_does() {
    let app = router(AppState::new(Config { job_step: Duration::ZERO, fine_tuning: false, ..Config::default() }));
    let models = send(&app, request("GET", "/v1/models", None, &[])).await.json();
    assert!(models["data"].as_array().unwrap().iter().all(|m| m["capabilities"]["fine_tuning"] == false));
    let file = send(&app, upload("{}")).await.json();
    let body = json!({"model": "mistral-small-latest", "training_files": [{"file_id": file["id"]}]});
    for uri in ["/v1/fine_tuning/jobs", "/v1/fine_tuning/jobs?dry_run=true"] {
        let refused = send(&app, request("POST", uri, Some(body.clone()), &[])).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(
            refused.json(),
            json!({"object": "error", "message": "Model not available for this type of fine-tuning (completion).",
                   "type": "invalid_request_error", "param": null, "code": "3001"})
        );
    }
    assert_eq!(send(&app, request("GET", "/v1/fine_tuning/jobs", None, &[])).await.json()["total"], 0);
}

#[tokio::test]
async fn with_ignore_dry_run_a_dry_run_creates_a_job() {
    let app = router(AppState::new(Config { job_step: Duration::ZERO, ignore_dry_run: true, ..Config::default() }));
    let file = send(&app, upload("{}")).await.json();
    let body = json!({"model": "mistral-small-latest", "training_files": [{"file_id": file["id"]}],
        "auto_start": false, "dry_run": true});
    let job = send(&app, request("POST", "/v1/fine_tuning/jobs?dry_run=true", Some(body), &[])).await.json();
    assert_eq!((job["object"].as_str(), job["status"].as_str()), (Some("job"), Some("VALIDATED")));
    assert_eq!(send(&app, request("GET", "/v1/fine_tuning/jobs", None, &[])).await.json()["total"], 1);
}

#[tokio::test]
async fn control_routes_need_no_key_and_unknown_routes_are_json_404s() {
    let app = app();
    let health = send(&app, Request::get("/_fake/health").body(Body::empty()).unwrap()).await;
    assert_eq!((health.status, health.text()), (StatusCode::OK, "ok"));
    let missing = send(&app, request("GET", "/v1/nothing", None, &[])).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(missing.json()["object"], "error");
}

#[tokio::test]
async fn content_comes_as_chunks_or_null_on_request_scripted_or_not() {
    let app = app();
    let plain = ChatResponse::parse(chat(&app, chat_body("micro"), &[]).await.text()).unwrap().1;
    let chunked = chat(&app, chat_body("micro"), &[("x-fake-fault", "content-chunks")]).await.json();
    let content = chunked["choices"][0]["message"]["content"].as_array().unwrap().clone();
    assert_eq!(content[0], crate::chat::thinking_chunk());
    assert_eq!(content[0]["thinking"][0]["text"], "Pensemos en algo chileno...");
    let texts: Vec<&str> =
        content[1..].iter().filter(|c| c["type"] == "text").filter_map(|c| c["text"].as_str()).collect();
    assert_eq!((content.len(), texts.len()), (3, 2));
    assert_eq!(texts.concat(), plain);
    assert!(texts.iter().all(|t| !t.is_empty()), "{texts:?}");
    assert_eq!(ChatResponse::parse(&chunked.to_string()).unwrap().1, plain);

    let null = chat(&app, chat_body("micro"), &[("x-fake-fault", "null-content")]).await.json();
    assert!(null["choices"][0]["message"]["content"].is_null(), "{null}");
    assert_eq!(null["choices"][0]["finish_reason"], "stop");

    let script = json!({"replies": ["guion"], "by_schema": {"keywords": "{\"keywords\": [\"micro\"]}"}});
    send(&app, request("POST", "/_fake/replies", Some(script), &[])).await;
    let scripted = chat(&app, chat_body("x"), &[("x-fake-fault", "content-chunks")]).await.json();
    let content = &scripted["choices"][0]["message"]["content"];
    assert_eq!(format!("{}{}", content[1]["text"].as_str().unwrap(), content[2]["text"].as_str().unwrap()), "guion");
    let mut body = chat_body("x");
    body["response_format"] = Task::Keywords.response_format().unwrap();
    let standing = chat(&app, body, &[("x-fake-fault", "content-chunks")]).await;
    assert_eq!(ChatResponse::parse(standing.text()).unwrap().1, "{\"keywords\": [\"micro\"]}");
}

#[tokio::test]
async fn streamed_chunks_lead_with_thinking_and_null_streams_still_finish() {
    let app = app();
    let plain = ChatResponse::parse(chat(&app, chat_body("micro"), &[]).await.text()).unwrap().1;
    let mut body = chat_body("micro");
    body["stream"] = json!(true);
    let streamed = |fault: &'static str| {
        let (app, body) = (app.clone(), body.clone());
        async move {
            let answer = chat(&app, body, &[("x-fake-fault", fault)]).await;
            let events = events(answer.text());
            assert_eq!(events.last(), Some(&"[DONE]"), "{events:?}");
            let chunks: Vec<Value> =
                events[..events.len() - 1].iter().map(|e| serde_json::from_str(e).unwrap()).collect();
            let last = chunks.last().unwrap();
            assert_eq!(last["choices"][0]["finish_reason"], "stop");
            assert!(last["usage"]["total_tokens"].as_u64().unwrap() > 0);
            chunks.iter().map(|c| c["choices"][0]["delta"].clone()).collect::<Vec<Value>>()
        }
    };

    let deltas = streamed("content-chunks").await;
    assert_eq!(deltas[0], json!({"role": "assistant", "content": [crate::chat::thinking_chunk()]}));
    let middle = &deltas[1..deltas.len() - 1];
    assert!(middle.len() > 2, "{deltas:?}");
    let text: String = middle
        .iter()
        .map(|delta| {
            let content = delta["content"].as_array().unwrap();
            assert_eq!((content.len(), &content[0]["type"]), (1, &json!("text")));
            content[0]["text"].as_str().unwrap().to_owned()
        })
        .collect();
    assert_eq!(text, plain);

    let deltas = streamed("null-content").await;
    assert!(deltas.len() > 2, "{deltas:?}");
    assert!(deltas.iter().all(|delta| delta["content"].is_null()), "{deltas:?}");
    assert_eq!(deltas[0]["role"], "assistant");
}

/// A chat request for `task` as the product sends it (its schema, temperature and `max_tokens`).
fn task_body(task: Task, messages: Vec<tallas_core::mistral::ChatMessage>) -> Value {
    json!({"model": "mistral-small-latest", "messages": messages, "response_format": task.response_format(),
        "temperature": task.temperature(), "max_tokens": task.max_tokens()})
}

/// The product's task schemas get, by default, answers its own rules accept: the double can
/// never again pass a test on an answer the product refuses, nor fail one on an answer no model gives.
#[tokio::test]
async fn each_product_task_schema_gets_an_answer_the_product_accepts() {
    use tallas_core::tasks::{
        ExtractInput, ExtractTask, GraphTask, JokeInput, JudgeInput, JudgeTask, KeywordsTask, MAX_JOKE_CHARS,
        RefineTask, RewriteTask, TaskSpec,
    };
    let app = app();
    let answer = |task: Task, messages| {
        let app = app.clone();
        async move {
            let answer = chat(&app, task_body(task, messages), &[]).await;
            assert_eq!(answer.json()["choices"][0]["finish_reason"], "stop", "{task}: {}", answer.text());
            let text = ChatResponse::parse(answer.text()).unwrap().1;
            let parsed = task.parse_value(&text);
            parsed.unwrap_or_else(|report| panic!("{task} refused the double's answer {text}: {report:?}"))
        }
    };
    let jokes = [
        "Mi suegra es tan pesada que cuando se subió a la micro, el chofer le cobró doble. ¡Cachai!".to_owned(),
        "¿Y?".to_owned(),
        "Una talla con \"comillas\",\nsaltos de línea y </talla> adentro.".to_owned(),
        "ja ".repeat(MAX_JOKE_CHARS / 3),
    ];
    for joke in &jokes {
        let input = JokeInput { text: joke.clone() };
        let refined = answer(Task::Refine, RefineTask::build_messages(&input)).await;
        assert_eq!(refined["corrected_text"], joke.trim(), "refinement keeps the joke");
        let keywords = answer(Task::Keywords, KeywordsTask::build_messages(&input)).await;
        assert!((2..=3).contains(&keywords["keywords"].as_array().unwrap().len()), "{keywords}");
        let graph = answer(Task::Graph, GraphTask::build_messages(&input)).await;
        let level = tallas_core::scores::mentalization::measure(&serde_json::from_value(graph).unwrap());
        assert_eq!((level.level, level.intentionality_depth), (Some(4), 3));
        let rewritten = answer(Task::Rewrite, RewriteTask::build_messages(&input)).await;
        assert!(rewritten["text"].as_str().unwrap().chars().count() < 200, "{rewritten}");
        let judge = JudgeInput {
            keyword: "suegra".into(),
            reference: Some(joke.clone()),
            candidate_a: joke.clone(),
            candidate_b: "Otra talla.".into(),
        };
        // The double's judge prefers the longer joke, from either slot; equal lengths tie.
        let longer = if joke.trim().chars().count() > "Otra talla.".chars().count() { "a" } else { "b" };
        assert_eq!(answer(Task::Judge, JudgeTask::build_messages(&judge)).await["verdict"], longer);
        let swapped = JudgeInput {
            candidate_a: judge.candidate_b.clone(),
            candidate_b: judge.candidate_a.clone(),
            ..judge.clone()
        };
        let other = if longer == "a" { "b" } else { "a" };
        assert_eq!(answer(Task::Judge, JudgeTask::build_messages(&swapped)).await["verdict"], other);
        let even = JudgeInput { candidate_b: judge.candidate_a.clone(), ..judge };
        assert_eq!(answer(Task::Judge, JudgeTask::build_messages(&even)).await["verdict"], "tie");
    }

    let windows = [
        "[0:01] Buenas noches, Viña.\n[0:04] Mi suegra vino a vivir con nosotros [risas]\n[0:09] por una semana. \
         Hace doce años.\n[0:15] [aplausos]"
            .to_owned(),
        "[risas]".to_owned(),
        "una línea larguísima sin saltos ".repeat(370),
    ];
    for window_text in &windows {
        let input = ExtractInput {
            window_text: window_text.clone(),
            routine_label: "Rutina de prueba".into(),
            start_s: Some(0.0),
            end_s: None,
        };
        let repertoire = answer(Task::Extract, ExtractTask::build_messages(&input)).await;
        let jokes = repertoire["jokes"].as_array().unwrap();
        assert_eq!(jokes.len(), 1, "{repertoire}");
        let raw_span = jokes[0]["raw_span"].as_str().unwrap();
        assert!(window_text.contains(raw_span), "{raw_span:?} is not in the window");
        assert!(jokes[0]["start_time_s"].is_null());
    }
}
