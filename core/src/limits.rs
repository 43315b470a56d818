//! Per-client request limits of the public endpoints: who counts as one client and the fixed
//! window arithmetic. The worker keeps the counters (in D1); these rules decide what they mean.

use std::net::{IpAddr, Ipv6Addr};

use crate::api::{ApiError, ErrorCode};

/// The client when no `CF-Connecting-IP` header is present, i.e. under `wrangler dev`.
pub const LOCAL_CLIENT: &str = "127.0.0.1";

/// The key a client's requests are counted under, from its `CF-Connecting-IP`.
///
/// An IPv4 address is one client. An IPv6 client usually holds a whole /64 and can pick any
/// address in it, so IPv6 addresses are counted by their /64 prefix. Anything that does not parse
/// as an IP address (only possible without Cloudflare in front) falls back to [`LOCAL_CLIENT`].
pub fn client_key(connecting_ip: Option<&str>) -> String {
    match connecting_ip.map(str::trim).and_then(|ip| ip.parse::<IpAddr>().ok()) {
        Some(IpAddr::V4(ip)) => ip.to_string(),
        Some(IpAddr::V6(ip)) => match ip.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = ip.segments();
                format!("{}/64", Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
            }
        },
        None => LOCAL_CLIENT.to_owned(),
    }
}

/// The start (Unix seconds) of the fixed window of `window_secs` that contains `now_secs`.
pub fn window_start(now_secs: u64, window_secs: u64) -> u64 {
    let window = window_secs.max(1);
    now_secs - now_secs % window
}

/// Seconds until the window that began at `start` ends, at least 1 (for `Retry-After`).
pub fn retry_after(now_secs: u64, start: u64, window_secs: u64) -> u64 {
    start.saturating_add(window_secs.max(1)).saturating_sub(now_secs).max(1)
}

/// `Ok` while `count` (this request included) is within `limit`; otherwise the `429` to send and
/// its `Retry-After` in seconds. `what` names the limited action in the message.
pub fn check(
    count: u64,
    limit: u64,
    now_secs: u64,
    start: u64,
    window_secs: u64,
    what: &str,
) -> Result<(), (ApiError, u64)> {
    if count <= limit {
        return Ok(());
    }
    let wait = retry_after(now_secs, start, window_secs);
    let error = ApiError::new(
        ErrorCode::RateLimited,
        format!("too many {what} from your address: the limit is {limit} per {window_secs} s; try again in {wait} s"),
    );
    Err((error, wait))
}

/// The `429` for a request the Workers rate-limiting binding refused, and its `Retry-After`: the
/// binding says only yes or no, so the wait is its whole period (at most that long).
pub fn refused_at_edge(period_secs: u64, what: &str) -> (ApiError, u64) {
    let wait = period_secs.max(1);
    let error = ApiError::new(
        ErrorCode::RateLimited,
        format!("too many {what} from your address in the last {wait} s; try again in {wait} s"),
    );
    (error, wait)
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn clients_are_ipv4_addresses_or_ipv6_prefixes() {
        assert_eq!(client_key(Some("203.0.113.7")), "203.0.113.7");
        assert_eq!(client_key(Some(" 2001:db8:1:2:aaaa:bbbb:cccc:dddd ")), "2001:db8:1:2::/64");
        assert_eq!(client_key(Some("2001:db8:1:2::1")), client_key(Some("2001:db8:1:2:ffff::9")));
        assert_eq!(client_key(Some("::ffff:198.51.100.1")), "198.51.100.1");
        assert_eq!(client_key(None), LOCAL_CLIENT);
        assert_eq!(client_key(Some("not an ip")), LOCAL_CLIENT);
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn windows_are_aligned_and_retry_after_counts_to_their_end() {
        assert_eq!(window_start(125, 60), 120);
        assert_eq!(window_start(120, 60), 120);
        assert_eq!(window_start(7, 0), 7, "a zero window is treated as one second");
        assert_eq!(retry_after(125, 120, 60), 55);
        assert_eq!(retry_after(180, 120, 60), 1, "never zero");
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn the_request_over_the_limit_is_refused_with_a_clear_message() {
        assert!(check(10, 10, 125, 120, 60, "votes").is_ok());
        let (error, wait) = check(11, 10, 125, 120, 60, "votes").unwrap_err();
        assert_eq!((error.status(), wait), (429, 55));
        assert_eq!(error.message, "too many votes from your address: the limit is 10 per 60 s; try again in 55 s");
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn a_refusal_at_the_edge_waits_a_whole_period() {
        let (error, wait) = refused_at_edge(10, "playground requests");
        assert_eq!((error.status(), wait), (429, 10));
        assert_eq!(error.message, "too many playground requests from your address in the last 10 s; try again in 10 s");
        assert_eq!(refused_at_edge(0, "votes").1, 1, "Retry-After is never 0");
    }
}
