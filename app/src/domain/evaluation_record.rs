//! An evaluation as its run stores it: the definition the curator made ([`EvaluationSpec`], on
//! the run) and each call's answer ([`CallOutput`], on the call's item). Apart from
//! `domain::evaluation`, which reads runs, so that `domain::run` can name these without the
//! two importing each other.

use serde::{Deserialize, Serialize};
use tallas_core::evaluation::Definition;
use tallas_core::scores::pairwise::Verdict;

/// What an evaluation is, as the curator defined it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvaluationSpec {
    pub name: String,
    /// The frozen dataset whose validation keywords (and jokes, as references) it uses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dataset: Option<DatasetRef>,
    pub definition: Definition,
    /// The prompts the calls were asked with: generation's and the judge's.
    pub generate_prompt: String,
    pub judge_prompt: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DatasetRef {
    pub id: String,
    pub name: String,
}

/// A finished call's answer, kept on its item. Externally tagged, as every stored record the page
/// reads (docs/BENCHMARKS.md, size ledger).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CallOutput {
    Joke {
        text: String,
        model: String,
    },
    /// The judge's verdict on one order; `Unparseable` when it answered without one (the
    /// reason then says what it answered).
    Verdict {
        verdict: Verdict,
        reason: String,
        model: String,
    },
}
