//! The frozen selection rules and the kit's crowd rule in words, for the card: what a reader needs
//! to know how each joke got in.

use crate::dataset::{CrowdRule, LabelPolicy, SelectionRules};

/// One line per rule the frozen dataset's jokes passed.
pub(super) fn selection(rules: &SelectionRules) -> Vec<String> {
    let mut lines = vec![labels(rules.labels).to_owned()];
    lines.push(match rules.crowd {
        None => "the crowd's votes were not asked".to_owned(),
        Some(rule) => sft_crowd(&rule),
    });
    lines.push(format!("{} to {} characters long (trimmed)", rules.min_chars, rules.max_chars));
    lines.push(match rules.max_per_cluster {
        None => "near-duplicates all kept".to_owned(),
        Some(1) => "one joke per near-duplicate cluster (the first)".to_owned(),
        Some(n) => format!("at most {n} jokes per near-duplicate cluster (the first ones)"),
    });
    if let Some(rule) = rules.mentalization {
        lines.push(format!(
            "a knowledge graph of {} to {} nodes reaching intentionality depth {} or more",
            rule.min_nodes, rule.max_nodes, rule.min_depth
        ));
    }
    lines.push("asked with one of its keywords, no keyword twice (a maximum matching of jokes to keywords)".to_owned());
    lines
}

fn labels(policy: LabelPolicy) -> &'static str {
    match policy {
        LabelPolicy::Curator => "marked funny by the curator",
        LabelPolicy::CuratorOverLlm => {
            "marked funny by the curator, or by the LLM judge where the curator gave no label"
        }
        LabelPolicy::Llm => "marked funny by the LLM judge",
        LabelPolicy::None => "no label required",
    }
}

fn sft_crowd(rule: &CrowdRule) -> String {
    let held = format!(
        "with at least {} crowd votes (skips aside), the lower bound of the 95% Wilson interval of the funny share at {} \
         or above",
        rule.min_votes.max(1),
        rule.min_lower_bound
    );
    if rule.require_votes {
        format!("{held}; jokes with fewer votes left out")
    } else {
        format!("{held}; jokes with fewer votes kept on their labels")
    }
}

/// How the kit's crowd decides a joke, and whose rule that is.
pub(super) fn kit_crowd(rule: &CrowdRule, own: bool) -> String {
    format!(
        "decided funny when at least {votes} votes (skips aside) put the lower bound of the 95% Wilson interval of \
         the funny share at {min} or above, not funny when they put that of the not-funny share there ({whose})",
        votes = rule.min_votes.max(1),
        min = rule.min_lower_bound,
        whose = if own { "the dataset's own crowd rule" } else { "the kit's default: the dataset has no crowd rule" }
    )
}
