//! Relaying an upstream server-sent-event stream to the client as it arrives: every line is
//! handled the moment it is complete, by a [`Watch`] that says what the client gets and sees the
//! stream's end and usage. The curator's `/api/generate` passes the upstream's events on
//! ([`Passthrough`]: a delta whose content is a list of chunks or `null` goes on as its text alone,
//! so no client sees a reasoning model's thinking); the playground sends its own
//! (`tallas_core::play::events`). A stream that breaks, stalls for `UPSTREAM_TIMEOUT_MS`, ends
//! without `[DONE]` or is stopped by its watch gets a final `event: error` in the API's error
//! shape, so a client can always tell a complete answer from a cut one.

use std::future::Future;
use std::pin::{Pin, pin};
use std::time::Duration;

use futures_util::future::{Either, select};
use futures_util::{StreamExt, stream};
use tallas_core::api::{ApiError, ErrorCode, TokenUsage, error_event};
use tallas_core::streaming::StreamWatch;
use worker::{AbortController, ByteStream, Delay, Response, Result, console_warn};

use crate::respond;
use crate::upstream::{self, UPSTREAM};

/// What a relay sends for the upstream's bytes, and what it learns from them.
pub trait Watch: 'static {
    /// What to send for the next bytes (complete lines only; the rest waits).
    fn relay(&mut self, bytes: &[u8]) -> Vec<u8>;
    /// The upstream ended: what to send for a last line without a newline.
    fn relay_end(&mut self) -> Vec<u8>;
    /// Whether the upstream's answer ended properly.
    fn is_complete(&self) -> bool;
    fn usage(&self) -> Option<TokenUsage>;
    /// Why the relay must stop now, though the upstream goes on.
    fn stop(&self) -> Option<ApiError> {
        None
    }
    /// The last event of a complete answer, if the client gets one.
    fn done(&self) -> Vec<u8> {
        Vec::new()
    }
}

/// The upstream's own events, passed on.
#[derive(Default)]
pub struct Passthrough(StreamWatch);

impl Watch for Passthrough {
    fn relay(&mut self, bytes: &[u8]) -> Vec<u8> {
        self.0.relay(bytes)
    }
    fn relay_end(&mut self) -> Vec<u8> {
        self.0.relay_end()
    }
    fn is_complete(&self) -> bool {
        self.0.is_complete()
    }
    fn usage(&self) -> Option<TokenUsage> {
        self.0.usage()
    }
}

/// Runs once when the stream is over (complete or not), with the usage the upstream reported:
/// the ledger, the playground's budget.
pub type OnEnd = Box<dyn FnOnce(Option<TokenUsage>) -> Pin<Box<dyn Future<Output = ()>>>>;

/// What the forwarding loop carries from one chunk to the next.
struct Relay<W: Watch> {
    body: ByteStream,
    /// Taken when the upstream is aborted.
    controller: Option<AbortController>,
    watch: W,
    idle_ms: u64,
    on_end: Option<OnEnd>,
    route: &'static str,
    ended: bool,
}

/// A `200 text/event-stream` response that relays `upstream`'s body through `watch`; `on_end`
/// runs when the stream is over.
pub fn relay<W: Watch>(
    mut upstream: upstream::Stream,
    idle_ms: u64,
    watch: W,
    route: &'static str,
    on_end: OnEnd,
) -> Result<Response> {
    let body = upstream.response.stream()?;
    let relay = Relay {
        body,
        controller: Some(upstream.controller),
        watch,
        idle_ms,
        on_end: Some(on_end),
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
                let Some(error) = relay.watch.stop() else {
                    return Some((Ok::<Vec<u8>, worker::Error>(out), relay));
                };
                relay.abort();
                let rest = relay.finish().await;
                ([out, rest].concat(), error)
            }
            Some(None) => {
                let mut rest = relay.finish().await;
                if relay.watch.is_complete() {
                    rest.extend(relay.watch.done());
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
                relay.abort();
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

impl<W: Watch> Relay<W> {
    /// Marks the stream as over, runs its end (the ledger, a budget) and returns what is left to
    /// send of a last line without a newline.
    async fn finish(&mut self) -> Vec<u8> {
        self.ended = true;
        let rest = self.watch.relay_end();
        if let Some(on_end) = self.on_end.take() {
            on_end(self.watch.usage()).await;
        }
        rest
    }

    fn abort(&mut self) {
        if let Some(controller) = self.controller.take() {
            controller.abort();
        }
    }
}
