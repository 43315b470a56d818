//! Crowd votes on one joke: "Buena talla" (funny), "Fome" (not funny), "Paso" (skip).
//!
//! A skip says "I have no opinion", not "half funny", so every proportion here is over non-skip
//! votes only; skips are still counted, because many skips is itself a signal (a confusing joke).

use serde::{Deserialize, Serialize};

use super::wilson::{Interval, Z_95, wilson_interval};

/// One voter's answer on one joke.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Vote {
    Funny,
    NotFunny,
    Skip,
}

/// Funny or not: a curator's verdict, a crowd's decided label (a majority, a clear verdict) or a
/// gold answer. One type for all three, which are still stored apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Label {
    Funny,
    NotFunny,
}

impl Vote {
    /// The label this vote expresses; `None` for a skip.
    pub fn label(self) -> Option<Label> {
        match self {
            Vote::Funny => Some(Label::Funny),
            Vote::NotFunny => Some(Label::NotFunny),
            Vote::Skip => None,
        }
    }
}

/// Vote counts of one joke.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoteCounts {
    pub funny: u32,
    pub not_funny: u32,
    pub skip: u32,
}

/// Thresholds for turning counts into a verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CrowdRule {
    /// Fewer non-skip votes than this give no majority label.
    pub min_votes_for_majority: u32,
    /// Fewer non-skip votes than this never retire a joke from the ballot, however lopsided.
    pub min_votes_to_retire: u32,
}

impl Default for CrowdRule {
    /// Three votes make a majority worth showing; five are needed before a joke stops being shown,
    /// so that an early unanimous streak of four cannot retire it on its own.
    fn default() -> Self {
        Self { min_votes_for_majority: 3, min_votes_to_retire: 5 }
    }
}

/// Everything the UI shows about one joke's votes.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CrowdScore {
    pub counts: VoteCounts,
    /// Funny share of non-skip votes; `None` without any.
    pub funny_share: Option<f64>,
    /// 95% Wilson interval of the funny share; `None` without non-skip votes.
    pub interval: Option<Interval>,
    /// See [`VoteCounts::ranking_score`].
    pub ranking_score: f64,
    pub majority: Option<Label>,
    /// See [`VoteCounts::clear_decision`].
    pub clear_decision: Option<Label>,
}

impl VoteCounts {
    /// Counts a sequence of votes.
    pub fn from_votes(votes: impl IntoIterator<Item = Vote>) -> Self {
        let mut counts = Self::default();
        for vote in votes {
            counts.add(vote);
        }
        counts
    }

    /// Adds one vote (saturating: a counter never wraps around).
    pub fn add(&mut self, vote: Vote) {
        let slot = match vote {
            Vote::Funny => &mut self.funny,
            Vote::NotFunny => &mut self.not_funny,
            Vote::Skip => &mut self.skip,
        };
        *slot = slot.saturating_add(1);
    }

    /// Votes that express an opinion (funny + not funny).
    pub fn decided(&self) -> u32 {
        self.funny.saturating_add(self.not_funny)
    }

    /// All votes, skips included.
    pub fn total(&self) -> u32 {
        self.decided().saturating_add(self.skip)
    }

    /// Funny share of the non-skip votes; `None` without any.
    pub fn funny_share(&self) -> Option<f64> {
        let n = self.decided();
        (n > 0).then(|| f64::from(self.funny) / f64::from(n))
    }

    /// The 95% Wilson interval of the funny share; `None` without non-skip votes.
    pub fn funny_interval(&self) -> Option<Interval> {
        wilson_interval(f64::from(self.funny), f64::from(self.decided()), Z_95)
    }

    /// The ranking key: the lower Wilson bound of the funny share, so that 9 of 10 outranks 1 of 1.
    /// A joke without non-skip votes scores 0.0, the bound's own limit as votes go to zero: unknown
    /// jokes rank last rather than disappearing from the list.
    pub fn ranking_score(&self) -> f64 {
        self.funny_interval().map_or(0.0, |interval| interval.lower)
    }

    /// The label with more votes, if at least `min_votes` non-skip votes were cast; `None` below
    /// that and on a tie.
    pub fn majority(&self, min_votes: u32) -> Option<Label> {
        if self.decided() < min_votes.max(1) {
            return None;
        }
        match self.funny.cmp(&self.not_funny) {
            std::cmp::Ordering::Greater => Some(Label::Funny),
            std::cmp::Ordering::Less => Some(Label::NotFunny),
            std::cmp::Ordering::Equal => None,
        }
    }

    /// The crowd's verdict once it is clear enough to stop showing the joke on ballots.
    ///
    /// The rule: at least `min_votes` non-skip votes **and** the 95% Wilson interval of the funny
    /// share lies entirely above 0.5 (funny) or entirely below it (not funny). The interval alone
    /// would already need four unanimous votes (4/4 gives a lower bound of 0.51); `min_votes` lets
    /// the curator demand more before a joke stops collecting votes. Skips never decide anything.
    pub fn clear_decision(&self, min_votes: u32) -> Option<Label> {
        if self.decided() < min_votes {
            return None;
        }
        let interval = self.funny_interval()?;
        if interval.above(0.5) {
            Some(Label::Funny)
        } else if interval.below(0.5) {
            Some(Label::NotFunny)
        } else {
            None
        }
    }

    /// Whether [`Self::clear_decision`] has a verdict, i.e. the joke can leave the ballot.
    pub fn is_clearly_decided(&self, min_votes: u32) -> bool {
        self.clear_decision(min_votes).is_some()
    }

    /// All of the above under one rule.
    pub fn score(&self, rule: &CrowdRule) -> CrowdScore {
        CrowdScore {
            counts: *self,
            funny_share: self.funny_share(),
            interval: self.funny_interval(),
            ranking_score: self.ranking_score(),
            majority: self.majority(rule.min_votes_for_majority),
            clear_decision: self.clear_decision(rule.min_votes_to_retire),
        }
    }
}
