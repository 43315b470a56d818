//! When to try an upstream call again, and how long to wait first. Pure: the caller measures
//! time, draws the jitter and sleeps; this module only decides.

/// Bounded exponential backoff with jitter that honours `Retry-After`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first one included.
    pub max_attempts: u32,
    /// Wait before the first retry when the upstream gives no `Retry-After`.
    pub base_delay_ms: u64,
    /// Longest computed backoff.
    pub max_delay_ms: u64,
    /// Longest `Retry-After` worth waiting for inside one request; beyond it the call fails
    /// now with a rate-limit error instead of holding the client's request open.
    pub max_retry_after_ms: u64,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self { max_attempts: 3, base_delay_ms: 300, max_delay_ms: 4_000, max_retry_after_ms: 10_000 }
    }
}

/// What one attempt came back with, as far as retrying is concerned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Attempt<'a> {
    /// An HTTP status, with the raw `Retry-After` header if there was one.
    Status { status: u16, retry_after: Option<&'a str> },
    /// The connection failed before any status arrived.
    Network,
}

/// Statuses worth another try: rate limiting and the server-side failures that are usually brief.
pub fn is_retryable_status(status: u16) -> bool {
    matches!(status, 408 | 429 | 500 | 502 | 503 | 504)
}

impl RetryPolicy {
    /// The wait in milliseconds before the next attempt, or `None` to stop and report the failure.
    /// `attempts_made` counts the attempts so far (1 after the first); `jitter` is drawn by the
    /// caller uniformly from `[0, 1)` so that many clients do not retry in lockstep.
    pub fn delay_before_retry(&self, attempts_made: u32, attempt: &Attempt<'_>, jitter: f64) -> Option<u64> {
        if attempts_made >= self.max_attempts {
            return None;
        }
        let retry_after = match *attempt {
            Attempt::Status { status, retry_after } => {
                if !is_retryable_status(status) {
                    return None;
                }
                retry_after.and_then(parse_retry_after_ms)
            }
            Attempt::Network => None,
        };
        if let Some(wait) = retry_after {
            return (wait <= self.max_retry_after_ms).then_some(wait);
        }
        let exponent = attempts_made.saturating_sub(1).min(20);
        let backoff = self.base_delay_ms.saturating_mul(1 << exponent).min(self.max_delay_ms);
        // "Equal jitter": at least half the backoff, so a retry never fires immediately.
        let jitter = if jitter.is_finite() { jitter.clamp(0.0, 1.0) } else { 0.0 };
        Some(backoff / 2 + ((backoff / 2) as f64 * jitter) as u64)
    }
}

/// `Retry-After` as delay-seconds (RFC 9110 §10.2.3), fractions allowed as some servers send them.
/// The HTTP-date form yields `None`, and the caller falls back to its own backoff.
pub fn parse_retry_after_ms(value: &str) -> Option<u64> {
    let seconds: f64 = value.trim().parse().ok()?;
    (seconds.is_finite() && seconds >= 0.0).then(|| (seconds * 1000.0).round() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    const POLICY: RetryPolicy =
        RetryPolicy { max_attempts: 3, base_delay_ms: 200, max_delay_ms: 1_000, max_retry_after_ms: 5_000 };

    fn status(status: u16, retry_after: Option<&str>) -> Attempt<'_> {
        Attempt::Status { status, retry_after }
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn honours_retry_after_within_the_bound() {
        assert_eq!(POLICY.delay_before_retry(1, &status(429, Some("2")), 0.9), Some(2_000));
        assert_eq!(POLICY.delay_before_retry(1, &status(503, Some("0.5")), 0.0), Some(500));
        // Longer than worth holding a request open for: give up now.
        assert_eq!(POLICY.delay_before_retry(1, &status(429, Some("60")), 0.0), None);
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn backs_off_exponentially_with_jitter_and_a_cap() {
        assert_eq!(POLICY.delay_before_retry(1, &status(500, None), 0.0), Some(100));
        assert_eq!(POLICY.delay_before_retry(1, &status(500, None), 1.0), Some(200));
        assert_eq!(POLICY.delay_before_retry(2, &status(500, None), 1.0), Some(400));
        let long = RetryPolicy { max_attempts: 10, ..POLICY };
        assert_eq!(long.delay_before_retry(9, &Attempt::Network, 1.0), Some(1_000));
        // An HTTP-date Retry-After falls back to backoff.
        assert_eq!(POLICY.delay_before_retry(1, &status(429, Some("Wed, 21 Oct 2015 07:28:00 GMT")), 0.5), Some(150));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn stops_after_the_last_attempt_and_on_client_errors() {
        assert_eq!(POLICY.delay_before_retry(3, &status(500, None), 0.5), None);
        for code in [400, 401, 403, 404, 422] {
            assert_eq!(POLICY.delay_before_retry(1, &status(code, None), 0.5), None, "{code}");
        }
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn odd_jitter_and_retry_after_values_are_safe() {
        assert_eq!(POLICY.delay_before_retry(1, &status(500, None), f64::NAN), Some(100));
        assert_eq!(POLICY.delay_before_retry(1, &status(500, None), 7.0), Some(200));
        assert_eq!(parse_retry_after_ms("-1"), None);
        assert_eq!(parse_retry_after_ms("inf"), None);
        assert_eq!(parse_retry_after_ms(" 3 "), Some(3_000));
    }
}
