//! Passing an upstream server-sent-event stream through to the client as it arrives: every line
//! is forwarded the moment it is complete, and watched on the way (`tallas_core::streaming`) for
//! its end and its usage; a delta whose content is a list of chunks or `null` goes on as its text
//! alone, so no client sees a reasoning model's thinking. A stream that breaks, stalls for `UPSTREAM_TIMEOUT_MS` or ends
//! without `[DONE]` gets a final `event: error` in the API's error shape, so a client can always
//! tell a complete answer from a cut one.

use std::pin::pin;
use std::time::Duration;

use futures_util::future::{Either, select};
use futures_util::{StreamExt, stream};
use tallas_core::api::{ApiError, ErrorCode, error_event};
use tallas_core::streaming::StreamWatch;
use worker::{AbortController, ByteStream, Delay, Env, Response, Result, console_error, console_warn};

use crate::upstream::{self, UPSTREAM};
use crate::{respond, usage};

/// What the forwarding loop carries from one chunk to the next.
struct Relay {
    body: ByteStream,
    /// Taken when the upstream is aborted.
    controller: Option<AbortController>,
    watch: StreamWatch,
    idle_ms: u64,
    env: Env,
    route: &'static str,
    ended: bool,
}

/// A `200 text/event-stream` response that relays `upstream`'s body. Usage is recorded under
/// `route` in the ledger when the stream ends (if the upstream reported it).
pub fn relay(mut upstream: upstream::Stream, idle_ms: u64, env: Env, route: &'static str) -> Result<Response> {
    let body = upstream.response.stream()?;
    let relay = Relay {
        body,
        controller: Some(upstream.controller),
        watch: StreamWatch::default(),
        idle_ms,
        env,
        route,
        ended: false,
    };
    let chunks = stream::unfold(relay, |mut relay| async move {
        if relay.ended {
            return None;
        }
        let next = {
            let read = pin!(relay.body.next());
            let idle = pin!(Delay::from(Duration::from_millis(relay.idle_ms)));
            match select(read, idle).await {
                Either::Left((next, _)) => Some(next),
                Either::Right(((), _)) => None,
            }
        };
        let (mut out, error) = match next {
            Some(Some(Ok(bytes))) => {
                let out = relay.watch.relay(&bytes);
                return Some((Ok::<Vec<u8>, worker::Error>(out), relay));
            }
            Some(None) => {
                let rest = relay.finish().await;
                if relay.watch.is_complete() {
                    return (!rest.is_empty()).then_some((Ok(rest), relay));
                }
                (rest, cut(&format!("{UPSTREAM} ended the stream before the end of its answer")))
            }
            Some(Some(Err(e))) => {
                console_warn!("the {UPSTREAM} stream of {} broke: {e}", relay.route);
                let rest = relay.finish().await;
                (rest, cut(&format!("the connection to {UPSTREAM} broke in the middle of the answer")))
            }
            None => {
                if let Some(controller) = relay.controller.take() {
                    controller.abort();
                }
                let rest = relay.finish().await;
                let seconds = relay.idle_ms.div_ceil(1000);
                let error = ApiError::new(
                    ErrorCode::UpstreamTimeout,
                    format!("{UPSTREAM} sent nothing for {seconds} s in the middle of the answer; try again"),
                );
                (rest, error)
            }
        };
        // What was left of a last line, then the error as an event of its own.
        if !out.is_empty() && !out.ends_with(b"\n") {
            out.extend_from_slice(b"\n\n");
        }
        out.extend_from_slice(error_event(&error).as_bytes());
        Some((Ok(out), relay))
    });
    respond::event_stream(Response::from_stream(chunks)?)
}

fn cut(what: &str) -> ApiError {
    ApiError::new(ErrorCode::UpstreamError, format!("{what}; what arrived is incomplete, try again"))
}

impl Relay {
    /// Marks the stream as over, records what it cost (if the upstream said) and returns what is
    /// left to pass on of a last line without a newline.
    async fn finish(&mut self) -> Vec<u8> {
        self.ended = true;
        let rest = self.watch.relay_end();
        if let Some(used) = self.watch.usage()
            && let Err(e) = usage::record(&self.env, self.route, used).await
        {
            console_error!("could not record usage of {} in D1: {e}", self.route);
        }
        rest
    }
}
