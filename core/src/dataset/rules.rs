//! Which jokes are good enough to train on, and why each other one is not.

use serde::{Deserialize, Serialize};

use super::{Candidate, GraphMeasures};
use crate::scores::crowd::{Label, VoteCounts};

/// Whose "funny" counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LabelPolicy {
    /// Only jokes the curator marked funny.
    Curator,
    /// The curator's label where there is one, otherwise the LLM judge's; it must be funny. The
    /// human has the last word both ways: a curator's "funny" keeps a joke the LLM disliked.
    CuratorOverLlm,
    /// Only the LLM judge's label, which must be funny; curator labels are ignored.
    Llm,
    /// No label needed: length and crowd rules alone decide.
    None,
}

/// What the crowd must think, when it is asked at all.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CrowdRule {
    /// Lowest accepted 95% Wilson lower bound of the funny share (see
    /// [`crate::scores::crowd::VoteCounts::ranking_score`]); 4 funny votes of 4 reach 0.51.
    pub min_lower_bound: f64,
    /// Fewest decided votes (skips aside) that make a crowd verdict; a joke with fewer counts as
    /// not voted on. At least 1 whatever is stored.
    #[serde(default = "one_vote")]
    pub min_votes: u32,
    /// Whether a joke without a crowd verdict is excluded; otherwise only jokes with at least
    /// `min_votes` votes are held to `min_lower_bound`.
    pub require_votes: bool,
}

fn one_vote() -> u32 {
    1
}

impl CrowdRule {
    /// The crowd's verdict on `votes` under this rule, read both ways (the training kit's labels
    /// take "not funny" too): funny when the lower bound of the funny share reaches
    /// `min_lower_bound`, not funny when the lower bound of the not-funny share does. `None` with
    /// fewer than `min_votes` decided votes, when neither side reaches it, and when both do (a
    /// `min_lower_bound` under 0.5 lets an even split reach both: no verdict either way).
    pub fn verdict(&self, votes: Option<VoteCounts>) -> Option<Label> {
        let votes = counted(votes, *self)?;
        // The bound of the not-funny share is the same Wilson bound of the swapped counts.
        let swapped = VoteCounts { funny: votes.not_funny, not_funny: votes.funny, skip: votes.skip };
        let funny = votes.ranking_score() >= self.min_lower_bound;
        let not_funny = swapped.ranking_score() >= self.min_lower_bound;
        match (funny, not_funny) {
            (true, false) => Some(Label::Funny),
            (false, true) => Some(Label::NotFunny),
            _ => None,
        }
    }
}

/// The votes, when there are enough of them to make a crowd verdict under `rule`.
fn counted(votes: Option<VoteCounts>, rule: CrowdRule) -> Option<VoteCounts> {
    votes.filter(|votes| votes.decided() >= rule.min_votes.max(1))
}

/// The selection rules of one build, stored with the dataset so it can be rebuilt.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SelectionRules {
    pub labels: LabelPolicy,
    #[serde(default)]
    pub crowd: Option<CrowdRule>,
    /// Shortest joke kept, in characters after trimming.
    pub min_chars: usize,
    /// Longest joke kept, in characters after trimming.
    pub max_chars: usize,
    /// At most this many jokes of one near-duplicate cluster (the first ones, in input order);
    /// `None` keeps them all. Training on several copies of a joke teaches that joke, not humour.
    #[serde(default)]
    pub max_per_cluster: Option<usize>,
    /// What a joke's knowledge graph must measure; `None` asks nothing of it.
    #[serde(default)]
    pub mentalization: Option<MentalizationRule>,
}

/// The mentalization a joke must show (Dunbar et al. 2016): its knowledge graph's size and the
/// orders of intentionality it reaches. The original dataset kept graphs of 3 to 6 nodes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MentalizationRule {
    pub min_nodes: usize,
    pub max_nodes: usize,
    /// Lowest intentionality depth (2: the comedian tells the audience; each mental-state edge
    /// adds one).
    pub min_depth: usize,
}

impl Default for SelectionRules {
    /// Curator over LLM, no crowd rule, 30 to 1,500 characters (the curated corpus runs from
    /// about 40 to 600), one joke per cluster.
    fn default() -> Self {
        Self {
            labels: LabelPolicy::CuratorOverLlm,
            crowd: None,
            min_chars: 30,
            max_chars: 1_500,
            max_per_cluster: Some(1),
            mentalization: None,
        }
    }
}

/// Who said "not funny".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Judge {
    Curator,
    Llm,
}

/// Why a candidate is not in the dataset. Each message says what would change the outcome.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Exclusion {
    #[error("another candidate already has this id; give every joke its own id")]
    DuplicateId,
    #[error("the joke is empty")]
    EmptyText,
    #[error("the joke has {chars} characters, fewer than the {min} the rules ask for")]
    TooShort { chars: usize, min: usize },
    #[error("the joke has {chars} characters, more than the {max} the rules allow")]
    TooLong { chars: usize, max: usize },
    #[error("{}", unlabelled_message(*.policy))]
    Unlabelled { policy: LabelPolicy },
    #[error("{} labelled it not funny", match by { Judge::Curator => "the curator", Judge::Llm => "the LLM judge" })]
    NotFunny { by: Judge },
    #[error("{}", too_few_votes_message(*.votes, *.min))]
    TooFewVotes { votes: u32, min: u32 },
    #[error("it has no knowledge graph yet, and the rules ask for its mentalization; draw its graph in Process")]
    NoGraph,
    #[error(
        "its graph has {nodes} nodes and depth {depth}; the rules ask for {min_nodes} to {max_nodes} nodes and depth \
         at least {min_depth}"
    )]
    Mentalization { nodes: usize, depth: usize, min_nodes: usize, max_nodes: usize, min_depth: usize },
    #[error(
        "{funny} of {votes} voters found it funny: the lower bound of the funny share, {lower_bound:.3}, is below \
         the {min} the rules ask for",
        votes = funny + not_funny
    )]
    CrowdTooLow { funny: u32, not_funny: u32, lower_bound: f64, min: f64 },
    #[error("it is a near-duplicate of {kept:?} (cluster {cluster}), and the rules keep {max} per cluster")]
    ClusterFull { cluster: usize, kept: String, max: usize },
    #[error("none of its keywords can be used ({}); add a keyword of 1 to 60 characters without line breaks", describe(.invalid))]
    NoUsableKeyword { invalid: Vec<String> },
    #[error("each of its keywords ({}) went to another joke; add a keyword no other joke has", .keywords.join(", "))]
    KeywordsTaken { keywords: Vec<String> },
}

fn unlabelled_message(policy: LabelPolicy) -> &'static str {
    match policy {
        LabelPolicy::Curator => "the curator has not labelled it; the rules keep only jokes the curator marked funny",
        LabelPolicy::CuratorOverLlm => "neither the curator nor the LLM judge has labelled it",
        LabelPolicy::Llm | LabelPolicy::None => "the LLM judge has not labelled it",
    }
}

fn too_few_votes_message(votes: u32, min: u32) -> String {
    match votes {
        0 => "nobody has voted on it yet and the rules require crowd votes".to_owned(),
        _ => format!("it has {votes} crowd votes and the rules require at least {min}"),
    }
}

fn describe(keywords: &[String]) -> String {
    if keywords.is_empty() { "it has none".to_owned() } else { format!("{keywords:?}") }
}

/// Checks one candidate against the label, crowd and length rules (not clusters or keywords,
/// which depend on the other candidates).
pub(crate) fn check(candidate: &Candidate, rules: &SelectionRules) -> Result<(), Exclusion> {
    let chars = candidate.text.trim().chars().count();
    if chars == 0 {
        return Err(Exclusion::EmptyText);
    }
    if chars < rules.min_chars {
        return Err(Exclusion::TooShort { chars, min: rules.min_chars });
    }
    if chars > rules.max_chars {
        return Err(Exclusion::TooLong { chars, max: rules.max_chars });
    }
    check_labels(candidate, rules.labels)?;
    if let Some(crowd) = rules.crowd {
        check_crowd(candidate, crowd)?;
    }
    if let Some(rule) = rules.mentalization {
        check_mentalization(candidate.graph, rule)?;
    }
    Ok(())
}

fn check_mentalization(graph: Option<GraphMeasures>, rule: MentalizationRule) -> Result<(), Exclusion> {
    let GraphMeasures { nodes, depth } = graph.ok_or(Exclusion::NoGraph)?;
    let MentalizationRule { min_nodes, max_nodes, min_depth } = rule;
    if (min_nodes..=max_nodes).contains(&nodes) && depth >= min_depth {
        Ok(())
    } else {
        Err(Exclusion::Mentalization { nodes, depth, min_nodes, max_nodes, min_depth })
    }
}

fn check_labels(candidate: &Candidate, policy: LabelPolicy) -> Result<(), Exclusion> {
    let verdict = match policy {
        LabelPolicy::None => return Ok(()),
        LabelPolicy::Curator => candidate.curator.map(|l| (l, Judge::Curator)),
        LabelPolicy::Llm => candidate.llm_quality.map(|l| (l, Judge::Llm)),
        LabelPolicy::CuratorOverLlm => {
            candidate.curator.map(|l| (l, Judge::Curator)).or_else(|| candidate.llm_quality.map(|l| (l, Judge::Llm)))
        }
    };
    match verdict {
        None => Err(Exclusion::Unlabelled { policy }),
        Some((Label::NotFunny, by)) => Err(Exclusion::NotFunny { by }),
        Some((Label::Funny, _)) => Ok(()),
    }
}

fn check_crowd(candidate: &Candidate, rule: CrowdRule) -> Result<(), Exclusion> {
    let min = rule.min_votes.max(1);
    match counted(candidate.crowd, rule) {
        None if rule.require_votes => {
            Err(Exclusion::TooFewVotes { votes: candidate.crowd.map_or(0, |votes| votes.decided()), min })
        }
        None => Ok(()),
        Some(votes) => {
            let lower_bound = votes.ranking_score();
            if lower_bound < rule.min_lower_bound {
                let (funny, not_funny) = (votes.funny, votes.not_funny);
                Err(Exclusion::CrowdTooLow { funny, not_funny, lower_bound, min: rule.min_lower_bound })
            } else {
                Ok(())
            }
        }
    }
}
