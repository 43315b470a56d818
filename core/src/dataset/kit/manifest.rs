//! `kit.json`: what the kit is, for a program (the card says it for people). Its `dataset_id` is
//! what a model tuned with the kit is registered back under.

use serde::{Deserialize, Serialize};

use super::{Absent, KitCounts};

/// The manifest's `format`.
pub const FORMAT: &str = "tallas-training-kit";

/// The manifest's `version`: changes when a field changes meaning or goes.
pub const VERSION: u32 = 1;

/// `kit.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KitManifest {
    /// [`FORMAT`].
    pub format: String,
    /// [`VERSION`].
    pub version: u32,
    /// The frozen dataset's id (`ds-<created_at_ms>` in the app).
    pub dataset_id: String,
    pub dataset_name: String,
    pub created_at_ms: u64,
    pub prompt_version: String,
    /// The kit's files, in the kit's order (this one included).
    pub files: Vec<String>,
    pub absent: Vec<Absent>,
    pub counts: KitCounts,
}

impl KitManifest {
    /// Pretty JSON, ending with a newline.
    pub(super) fn to_json(&self) -> String {
        // Strings, numbers and plain structs only: serialising cannot fail.
        let mut json = serde_json::to_string_pretty(self).unwrap_or_default();
        json.push('\n');
        json
    }
}
