//! What the test double remembers between requests. Everything lives in memory for the life of
//! the process: each test run starts a fresh double.

use std::collections::{BTreeMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::faults::FaultPlan;
use crate::files::StoredFile;
use crate::introspect::CallLog;
use crate::jobs::Job;
use crate::steps::Steps;

/// Which provider's fine-tuning API the double speaks (`--fine-tuning`); chat is the same in all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Mistral,
    OpenAi,
    Together,
}

/// Settings fixed at startup.
#[derive(Debug, Clone)]
pub struct Config {
    pub key: String,
    /// Applied to every chat request that neither names a fault nor finds one queued.
    pub run_faults: FaultPlan,
    /// How long a fine-tuning job stays in each status it passes through.
    pub job_step: Duration,
    /// The pause between two chunks of a streamed answer.
    pub chunk_delay: Duration,
    /// New fine-tuning jobs fail their validation (`--fail-validation`) and never train.
    pub fail_validation: bool,
    /// False with `--no-fine-tuning`: no model fine-tunes, as with the real, deprecated API.
    pub fine_tuning: bool,
    /// `dry_run` is ignored and a real job is created (`--ignore-dry-run`), as by an API that
    /// dropped the parameter.
    pub ignore_dry_run: bool,
    pub dialect: Dialect,
    /// Every new job fails while training (`--fail-training`).
    pub fail_training: bool,
    /// Tuned adapters chat only once deployed (`--deploy-lora`, Nebius Token Factory).
    pub deploy_lora: bool,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            key: "test-key".into(),
            run_faults: FaultPlan::default(),
            job_step: Duration::from_millis(1000),
            chunk_delay: Duration::from_millis(20),
            fail_validation: false,
            fine_tuning: true,
            ignore_dry_run: false,
            dialect: Dialect::Mistral,
            fail_training: false,
            deploy_lora: false,
        }
    }
}

/// A job of the OpenAI or Together dialect: what was asked, and its clock.
#[derive(Debug, Clone)]
pub struct DialectJob {
    pub id: String,
    pub request: serde_json::Value,
    pub steps: Steps,
    /// Why it fails, when it will.
    pub failure: Option<&'static str>,
}

/// A model made of a trained job's checkpoint (`POST /v0/models`).
#[derive(Debug, Clone)]
pub struct Deployment {
    pub name: String,
    pub base_model: String,
    pub source: String,
    pub created: std::time::Instant,
}

#[derive(Debug, Default)]
pub struct Store {
    pub files: Vec<StoredFile>,
    pub jobs: Vec<Job>,
    /// Jobs of the OpenAI and Together dialects.
    pub dialect_jobs: Vec<DialectJob>,
    /// Together uploads announced, by file id: (file name, SHA-256 hex), until their bytes come.
    pub announced: BTreeMap<String, (String, String)>,
    /// Models made of checkpoints (`--deploy-lora`).
    pub deployments: Vec<Deployment>,
    pub fault_queue: VecDeque<FaultPlan>,
    /// Message contents for the next chat answers (see `replies`).
    pub reply_queue: VecDeque<String>,
    /// Standing message contents by JSON Schema name (see `replies`).
    pub schema_replies: BTreeMap<String, String>,
    pub calls: CallLog,
    next_id: u64,
}

impl Store {
    /// A UUID-shaped id, unique within the run. The first group is scrambled so the 8-character
    /// short ids that fine-tuned model names use differ from one job to the next.
    pub fn next_uuid(&mut self) -> String {
        let n = self.next_sequence();
        let h = splitmix64(n);
        format!("{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}", h >> 32, (h >> 16) & 0xffff, h & 0xfff, (h >> 52) & 0xfff, n)
    }

    pub fn next_sequence(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id
    }
}

fn splitmix64(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

#[derive(Debug, Clone)]
pub struct AppState {
    pub config: Arc<Config>,
    store: Arc<Mutex<Store>>,
}

impl AppState {
    pub fn new(config: Config) -> Self {
        Self { config: Arc::new(config), store: Arc::new(Mutex::new(Store::default())) }
    }

    /// Never held across an `.await`. A panic elsewhere cannot leave the store half-written in a
    /// way that matters to a test double, so a poisoned lock is simply taken over.
    pub fn store(&self) -> MutexGuard<'_, Store> {
        self.store.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

pub fn unix_now() -> u64 {
    unix_now_ms() / 1000
}

pub fn unix_now_ms() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_uuid_shaped_unique_and_vary_in_the_first_group() {
        let mut store = Store::default();
        let a = store.next_uuid();
        let b = store.next_uuid();
        assert_eq!(a.len(), 36);
        assert_eq!(a.matches('-').count(), 4);
        assert_ne!(a[..8], b[..8]);
    }
}
