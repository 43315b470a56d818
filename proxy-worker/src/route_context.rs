//! What a handler gets besides the request. Apart from `router`, which every handler module would
//! otherwise import back.

use worker::Env;

use crate::config::Config;

/// The worker's settings, its bindings, and the values of the route's `:name` segments (as sent,
/// still percent-encoded).
pub struct RouteContext {
    pub data: Config,
    pub env: Env,
    pub(crate) params: Vec<(String, String)>,
}

impl RouteContext {
    pub fn param(&self, name: &str) -> Option<&String> {
        self.params.iter().find(|(key, _)| key == name).map(|(_, value)| value)
    }
}
