//! The clock of an OpenAI- or Together-shaped job: one status per `--job-step-ms` from its
//! creation, through the statuses its SDK names, to its end; a cancellation stops the walk and
//! goes on through that dialect's cancelling statuses instead, a step each.

use std::time::{Duration, Instant};

use crate::state::unix_now;

#[derive(Debug, Clone)]
struct Cancel {
    at: Instant,
    /// Where the walk was when the cancel came.
    stopped_at: usize,
    after: Vec<&'static str>,
}

#[derive(Debug, Clone)]
pub struct Steps {
    created: Instant,
    pub created_unix: u64,
    /// The statuses walked, the first at creation, the last final.
    path: Vec<&'static str>,
    cancel: Option<Cancel>,
}

fn walked(since: Instant, step: Duration) -> usize {
    match step.as_millis() {
        0 => usize::MAX,
        ms => usize::try_from(since.elapsed().as_millis() / ms).unwrap_or(usize::MAX),
    }
}

impl Steps {
    pub fn new(path: Vec<&'static str>) -> Self {
        Self { created: Instant::now(), created_unix: unix_now(), path, cancel: None }
    }

    /// Every status reached so far, in order, with its Unix time; the last is the status now.
    pub fn history(&self, step: Duration) -> Vec<(&'static str, u64)> {
        let secs = |n: usize| self.created_unix + (step.as_millis() as u64).saturating_mul(n as u64) / 1000;
        let statuses: Vec<&'static str> = match &self.cancel {
            None => self.path.iter().copied().take(walked(self.created, step).saturating_add(1)).collect(),
            Some(cancel) => {
                let after = cancel.after.iter().copied().take(walked(cancel.at, step).saturating_add(1));
                self.path.iter().copied().take(cancel.stopped_at + 1).chain(after).collect()
            }
        };
        statuses.into_iter().enumerate().map(|(n, s)| (s, secs(n))).collect()
    }

    pub fn now(&self, step: Duration) -> &'static str {
        self.history(step).last().map_or(self.path[0], |(s, _)| s)
    }

    /// Cancels a job not yet ended (`finals`); `false` when it had.
    pub fn cancel(&mut self, step: Duration, finals: &[&str], after: Vec<&'static str>) -> bool {
        if self.cancel.is_some() || finals.contains(&self.now(step)) {
            return false;
        }
        let stopped_at = self.history(step).len() - 1;
        self.cancel = Some(Cancel { at: Instant::now(), stopped_at, after });
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_to_the_end_or_stops_where_cancelled() {
        let step = Duration::ZERO;
        let steps = Steps::new(vec!["queued", "running", "succeeded"]);
        assert_eq!(steps.now(step), "succeeded");
        assert_eq!(steps.history(step).len(), 3);
        let mut slow = Steps::new(vec!["queued", "running", "succeeded"]);
        let hour = Duration::from_secs(3600);
        assert_eq!(slow.now(hour), "queued");
        assert!(slow.cancel(hour, &["succeeded", "cancelled"], vec!["cancel_requested", "cancelled"]));
        assert_eq!(slow.history(hour).iter().map(|(s, _)| *s).collect::<Vec<_>>(), ["queued", "cancel_requested"]);
        assert!(!slow.cancel(hour, &["succeeded", "cancelled"], vec!["cancelled"]));
    }
}
