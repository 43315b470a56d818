//! What the dataset is built from: one joke with everything known about it.

use serde::{Deserialize, Serialize};

use crate::scores::crowd::{Label, VoteCounts};

/// A joke that may go into the dataset.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Candidate {
    /// Unique among the candidates of one build; reported back in examples and exclusions.
    pub id: String,
    /// The joke, which becomes the assistant's answer (trimmed).
    pub text: String,
    /// Keywords the joke is about, best first; it is trained under exactly one of them.
    pub keywords: Vec<String>,
    /// The LLM judge's verdict.
    #[serde(default)]
    pub llm_quality: Option<Label>,
    /// The curator's verdict, which a [`super::LabelPolicy`] may rank above the LLM's.
    #[serde(default)]
    pub curator: Option<Label>,
    /// Crowd votes ("Buena talla" / "Fome" / "Paso").
    #[serde(default)]
    pub crowd: Option<VoteCounts>,
    /// Near-duplicate cluster, e.g. from [`crate::dedupe::cluster_ids`]: members of one cluster
    /// always land on the same side of the train/validation split.
    #[serde(default)]
    pub cluster: Option<usize>,
    /// Its knowledge graph's measures, once drawn: node count and intentionality depth
    /// ([`crate::scores::mentalization::Mentalization`]).
    #[serde(default)]
    pub graph: Option<GraphMeasures>,
}

/// What the mentalization rule reads of a joke's knowledge graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct GraphMeasures {
    pub nodes: usize,
    pub depth: usize,
}
