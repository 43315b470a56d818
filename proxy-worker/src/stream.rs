//! Passing an upstream server-sent-event stream through to the client as it arrives: every chunk
//! is forwarded unchanged the moment it is read, and watched on the way (`tallas_core::streaming`)
//! for its end and its usage. A stream that breaks, stalls for `UPSTREAM_TIMEOUT_MS` or ends
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
        let chunk = match next {
            Some(Some(Ok(bytes))) => {
                relay.watch.feed(&bytes);
                return Some((Ok::<Vec<u8>, worker::Error>(bytes), relay));
            }
            Some(None) => {
                relay.finish().await;
                if relay.watch.is_complete() {
                    return None;
                }
                error_event(&cut(&format!("{UPSTREAM} ended the stream before the end of its answer")))
            }
            Some(Some(Err(e))) => {
                console_warn!("the {UPSTREAM} stream of {} broke: {e}", relay.route);
                relay.finish().await;
                error_event(&cut(&format!("the connection to {UPSTREAM} broke in the middle of the answer")))
            }
            None => {
                if let Some(controller) = relay.controller.take() {
                    controller.abort();
                }
                relay.finish().await;
                let seconds = relay.idle_ms.div_ceil(1000);
                error_event(&ApiError::new(
                    ErrorCode::UpstreamTimeout,
                    format!("{UPSTREAM} sent nothing for {seconds} s in the middle of the answer; try again"),
                ))
            }
        };
        Some((Ok(chunk.into_bytes()), relay))
    });
    respond::event_stream(Response::from_stream(chunks)?)
}

fn cut(what: &str) -> ApiError {
    ApiError::new(ErrorCode::UpstreamError, format!("{what}; what arrived is incomplete, try again"))
}

impl Relay {
    /// Marks the stream as over and records what it cost, if the upstream said.
    async fn finish(&mut self) {
        self.ended = true;
        self.watch.finish();
        if let Some(used) = self.watch.usage()
            && let Err(e) = usage::record(&self.env, self.route, used).await
        {
            console_error!("could not record usage of {} in D1: {e}", self.route);
        }
    }
}
