//! How much mind-reading a joke demands, read off the knowledge graph an LLM draws of it.
//!
//! **Orders of intentionality.** A mental state about a fact is first order ("I believe that it
//! rains"); one about another's mental state is second order ("I believe that you think it
//! rains"), and so on, each nested mind adding an order. Normal adults handle about five orders
//! before failing at chance (Kinderman, Dunbar & Bentall 1998; Stiller & Dunbar 2007).
//! Dunbar, Launay & Curry (2016), "The complexity of jokes is limited by cognitive constraints on
//! mentalizing" (Human Nature 27:130–140), count the orders a joke needs **including the
//! comedian's and the audience's**: the comedian intends (1) that the audience believes (2) that
//! character A thinks (3) that B wants (4) that … . They found that most jokes need three or five
//! orders (depending on whether third parties' mindstates are involved), that jokes cluster
//! around fifth order and rarely exceed it, and that funniness rises with the orders up to about
//! five or six, the limit of what audiences can follow.
//!
//! **What is measured here.**
//! - [`Mentalization::node_count`]: the number of graph nodes, the original pipeline's measure,
//!   whose prompt drew the comedian and the audience as nodes; [`level`] maps it onto the
//!   original filter, which kept 3–6 nodes.
//! - [`Mentalization::intentionality_depth`] = the longest chain of mental-state edges + 2 (the
//!   comedian and the audience, always present). A mental-state edge is one whose relation names
//!   a mental state (see [`is_mental_state`]); a chain follows edge directions, A →thinks→ B
//!   →wants→ C, and may revisit a mind ("I think that you think that I …" is a real order each
//!   time) but never reuses an edge, so cycles cannot loop. Edges touching a comedian or audience
//!   node are left out of chains, because the +2 already counts those two minds; a comedian who is
//!   also a character in the story should be drawn as a separate node.
//!
//! The depth is a proxy: it is as good as the graph. Compare jokes by it; do not expect it to
//! reproduce the paper's hand counts. Malformed graphs are measured, not rejected: edges naming a
//! missing node are listed in [`Mentalization::dangling_edges`] and skipped.

use std::collections::BTreeSet;
use std::ops::RangeInclusive;

use serde::{Deserialize, Serialize};

/// A joke's knowledge graph, as an LLM describes it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Graph {
    #[serde(default)]
    pub nodes: Vec<Node>,
    #[serde(default)]
    pub edges: Vec<Edge>,
}

/// A person, group or thing in the joke.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Node {
    pub id: String,
    pub label: String,
    /// What the node is, e.g. "character", "comedian", "audience", "object".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
}

/// A directed relation, e.g. `{"source": "1", "target": "2", "relation": "cree que"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Edge {
    pub source: String,
    pub target: String,
    pub relation: String,
}

/// The node counts the original pipeline kept as "mentalization level".
pub const ORIGINAL_LEVELS: RangeInclusive<usize> = 3..=6;

/// The original "mentalization level": the node count itself when it lies in 3–6, the range the
/// original filter kept; `None` outside it (the joke would have been dropped).
pub fn level(node_count: usize) -> Option<u8> {
    if ORIGINAL_LEVELS.contains(&node_count) { u8::try_from(node_count).ok() } else { None }
}

/// The measures of one graph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mentalization {
    pub node_count: usize,
    /// See [`level`].
    pub level: Option<u8>,
    /// Edges in the longest mental-state chain.
    pub chain_length: usize,
    /// Node ids along that chain, in order (empty without mental-state edges).
    pub chain: Vec<String>,
    /// `chain_length + 2`: orders of intentionality counting the comedian and the audience. A
    /// graph without mental-state edges, or an empty one, is second order: someone still tells
    /// the joke to someone.
    pub intentionality_depth: usize,
    /// True when the search for the longest chain hit its work or length limit (only a
    /// pathological graph does); the chain is then the longest one found, a lower bound.
    pub depth_is_lower_bound: bool,
    /// Indices into `edges` of edges whose source or target is not a node id.
    pub dangling_edges: Vec<usize>,
}

/// Path extensions tried before the chain search gives up. The longest chain is NP-hard in
/// general; real joke graphs have a handful of mental-state edges and need a few hundred steps.
const SEARCH_BUDGET: usize = 200_000;
/// Longest chain searched for, far beyond the five or six orders anyone follows. It bounds the
/// recursion depth, which a huge malformed graph could otherwise push past a WASM stack.
const MAX_CHAIN: usize = 64;

/// Measures `graph`.
pub fn measure(graph: &Graph) -> Mentalization {
    let ids: BTreeSet<&str> = graph.nodes.iter().map(|node| node.id.as_str()).collect();
    let frame: BTreeSet<&str> = graph.nodes.iter().filter(|node| is_frame_node(node)).map(|n| n.id.as_str()).collect();
    let mut dangling_edges = Vec::new();
    // Mental-state edges as (source, target), deduplicated: an LLM repeating "A thinks B" with two
    // wordings must not make a longer chain.
    let mut mental: BTreeSet<(&str, &str)> = BTreeSet::new();
    for (index, edge) in graph.edges.iter().enumerate() {
        let (source, target) = (edge.source.as_str(), edge.target.as_str());
        if !ids.contains(source) || !ids.contains(target) {
            dangling_edges.push(index);
        } else if is_mental_state(&edge.relation) && !frame.contains(source) && !frame.contains(target) {
            mental.insert((source, target));
        }
    }
    let edges: Vec<(&str, &str)> = mental.into_iter().collect();
    // For each edge, the edges that can follow it (they start where it ends).
    let successors = edges.iter().map(|&(_, end)| (0..edges.len()).filter(|&e| edges[e].0 == end).collect()).collect();
    let mut search = ChainSearch {
        successors,
        used: vec![false; edges.len()],
        path: Vec::new(),
        best: Vec::new(),
        budget: SEARCH_BUDGET,
        truncated: false,
    };
    for start in 0..edges.len() {
        search.extend_from(start);
    }
    // The chain's nodes: where its first edge starts, then where each edge ends.
    let start = search.best.first().map(|&first| edges[first].0);
    let ends = search.best.iter().map(|&edge| edges[edge].1);
    let chain: Vec<String> = start.into_iter().chain(ends).map(str::to_owned).collect();
    let chain_length = search.best.len();
    let node_count = graph.nodes.len();
    Mentalization {
        node_count,
        level: level(node_count),
        chain_length,
        chain,
        intentionality_depth: chain_length + 2,
        depth_is_lower_bound: search.truncated,
        dangling_edges,
    }
}

/// Depth-first search for the longest trail (no edge reused) of mental-state edges.
struct ChainSearch {
    successors: Vec<Vec<usize>>,
    used: Vec<bool>,
    path: Vec<usize>,
    best: Vec<usize>,
    budget: usize,
    /// A limit cut the search short: `best` is a lower bound.
    truncated: bool,
}

impl ChainSearch {
    fn extend_from(&mut self, edge: usize) {
        if self.used[edge] {
            return;
        }
        if self.budget == 0 || self.path.len() == MAX_CHAIN {
            self.truncated = true;
            return;
        }
        self.budget -= 1;
        self.used[edge] = true;
        self.path.push(edge);
        if self.path.len() > self.best.len() {
            self.best = self.path.clone();
        }
        for next in 0..self.successors[edge].len() {
            self.extend_from(self.successors[edge][next]);
        }
        self.path.pop();
        self.used[edge] = false;
    }
}

/// Verbs of mental states, English and Spanish, lowercase without accents: base forms and the
/// inflections an LLM writes in a relation ("thinks", "believed", "cree que", "sabía").
const MENTAL_STATE_WORDS: &str = "\
    think thinks thinking thought believe believes believed believing want wants wanted wanting \
    know knows knew knowing intend intends intended intending feel feels felt feeling \
    suspect suspects suspected suspecting pretend pretends pretended pretending \
    expect expects expected expecting imagine imagines imagined imagining wish wishes wished \
    pensar piensa piensan pensaba penso creer cree creen creia creyo \
    querer quiere quieren queria quiso saber sabe saben sabia supo \
    sentir siente sienten sentia sintio sospechar sospecha sospechan sospechaba sospecho \
    fingir finge fingen fingia fingio esperar espera esperan esperaba espero \
    imaginar imagina imaginan imaginaba imagino pretende pretendia desear desea deseaba";

/// Whether a relation names a mental state: any of its words, case and accents ignored, is a
/// mental-state verb ("Believes that", "CREE QUE", "sabía", "is thinking about").
pub fn is_mental_state(relation: &str) -> bool {
    words(relation).any(|word| MENTAL_STATE_WORDS.split_whitespace().any(|verb| verb == word))
}

/// Whether a node stands for the comedian or the audience, by its kind or its label.
fn is_frame_node(node: &Node) -> bool {
    const FRAME: &[&str] =
        &["comedian", "comediante", "humorista", "audience", "audiencia", "publico", "public", "espectadores"];
    const ARTICLES: &[&str] = &["the", "el", "la", "los", "las"];
    let names_frame = |text: &str| {
        let mut content = words(text).filter(|word| !ARTICLES.contains(&word.as_str()));
        matches!((content.next(), content.next()), (Some(word), None) if FRAME.contains(&word.as_str()))
    };
    node.kind.as_deref().is_some_and(names_frame) || names_frame(&node.label)
}

/// Lowercase, accent-free words of `text`.
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(|word| word.chars().flat_map(char::to_lowercase).map(fold_accent).collect())
}

/// Drops the diacritics of the Spanish (and common Latin) letters. A table instead of a Unicode
/// normalisation crate: relations are short Spanish or English verbs, and this keeps the WASM small.
fn fold_accent(c: char) -> char {
    match c {
        'á' | 'à' | 'â' | 'ä' | 'ã' => 'a',
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'í' | 'ì' | 'î' | 'ï' => 'i',
        'ó' | 'ò' | 'ô' | 'ö' | 'õ' => 'o',
        'ú' | 'ù' | 'û' | 'ü' => 'u',
        'ñ' => 'n',
        'ç' => 'c',
        other => other,
    }
}
