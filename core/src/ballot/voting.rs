//! Voting: who may vote (voter ids), on what (public item ids), in which order, and until when.

use super::{
    DEFAULT_NEXT_LIMIT, MAX_JOKE_ID_CHARS, MAX_NEXT_LIMIT, MAX_VOTER_ID_CHARS, MIN_VOTER_ID_CHARS, VoteRequest,
};
use crate::api::{ApiError, ValidationError};
use crate::scores::crowd::{CrowdRule, VoteCounts};

/// The item id voters see for the joke at `position` of the ballot's random order: opaque (it says
/// nothing of the curator's id, nor whether the joke is gold) and stable for the ballot's life.
pub fn public_id(position: u32) -> String {
    position.to_string()
}

/// The position a public item id names; `None` for anything [`public_id`] never gives.
pub fn position_of(public_id: &str) -> Option<u32> {
    let canonical = !public_id.is_empty() && (public_id == "0" || !public_id.starts_with('0'));
    if canonical && public_id.bytes().all(|b| b.is_ascii_digit()) { public_id.parse().ok() } else { None }
}

/// Whether the ballot takes votes at `now` (ISO 8601 timestamps in the worker's one format, which
/// compare as text): not closed by hand and, if it has a closing time, before it.
pub fn is_open(closed_at: Option<&str>, closes_at: Option<&str>, now: &str) -> bool {
    closed_at.is_none() && closes_at.is_none_or(|at| now < at)
}

/// `min_accuracy` of the results: absent means none; otherwise a share from 0 to 1.
pub fn parse_min_accuracy(raw: Option<&str>) -> Result<Option<f64>, ValidationError> {
    let Some(raw) = raw else { return Ok(None) };
    match raw.trim().parse::<f64>() {
        Ok(share) if (0.0..=1.0).contains(&share) => Ok(Some(share)),
        _ => Err(ValidationError::new(
            "min_accuracy",
            format!("is {raw:?}; it must be a share from 0 to 1, such as 0.8"),
        )),
    }
}

/// A voter id as the app generates it: 8 to 64 characters of `A-Z a-z 0-9 _ -`.
pub fn validate_voter_id(voter_id: &str) -> Result<(), ValidationError> {
    let chars = voter_id.chars().count();
    if !(MIN_VOTER_ID_CHARS..=MAX_VOTER_ID_CHARS).contains(&chars) {
        return Err(ValidationError::new(
            "voter_id",
            format!("has {chars} characters; it must have {MIN_VOTER_ID_CHARS} to {MAX_VOTER_ID_CHARS}"),
        ));
    }
    if let Some(bad) = voter_id.chars().find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '-'))) {
        return Err(ValidationError::new(
            "voter_id",
            format!("contains {bad:?}; voter ids use letters, digits, _ and - only"),
        ));
    }
    Ok(())
}

/// `limit` of `GET /next`: absent means [`DEFAULT_NEXT_LIMIT`]; otherwise 1 to [`MAX_NEXT_LIMIT`].
pub fn parse_next_limit(limit: Option<&str>) -> Result<usize, ValidationError> {
    let Some(raw) = limit else { return Ok(DEFAULT_NEXT_LIMIT) };
    match raw.trim().parse::<usize>() {
        Ok(n) if (1..=MAX_NEXT_LIMIT).contains(&n) => Ok(n),
        _ => Err(ValidationError::new(
            "limit",
            format!("is {raw:?}; it must be a whole number from 1 to {MAX_NEXT_LIMIT}"),
        )),
    }
}

/// Checks a vote before it is stored. The vote itself is already one of the three values: serde
/// refuses anything else.
impl VoteRequest {
    pub fn validate(self) -> Result<Self, ApiError> {
        validate_voter_id(&self.voter_id)?;
        if self.joke_id.is_empty() || self.joke_id.chars().count() > MAX_JOKE_ID_CHARS {
            return Err(ValidationError::new(
                "joke_id",
                format!("must have 1 to {MAX_JOKE_ID_CHARS} characters; use an id from the ballot"),
            )
            .into());
        }
        Ok(self)
    }
}

/// A joke still open to one voter, as the worker reads it: its place on the ballot, its counts
/// so far, and whether it is gold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub joke_id: String,
    pub position: u32,
    pub counts: VoteCounts,
    pub gold: bool,
}

/// Whether a joke has left the ballot: its crowd verdict is clear under `rule`
/// ([`VoteCounts::clear_decision`] with [`CrowdRule::min_votes_to_retire`]), or it has the
/// curator's `target` of funny / not funny votes. Gold jokes never retire, so every voter keeps
/// meeting them and can be measured.
pub fn is_retired(counts: &VoteCounts, gold: bool, rule: &CrowdRule, target: Option<u32>) -> bool {
    !gold && (counts.is_clearly_decided(rule.min_votes_to_retire) || target.is_some_and(|t| counts.decided() >= t))
}

/// What to show one voter next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NextSelection {
    /// The curator's joke ids, in the order to show them.
    pub joke_ids: Vec<String>,
    /// Candidates not retired, the selected ones included.
    pub remaining: usize,
}

/// The next jokes for a voter out of the `candidates` they have not voted on: retired jokes are
/// dropped (`target` as in [`is_retired`]), the rest go least-voted first (all votes, skips
/// included: a skipped joke was still shown), ties by ballot position, which is random; at most
/// `limit`.
pub fn next_jokes(candidates: Vec<Candidate>, limit: usize, rule: &CrowdRule, target: Option<u32>) -> NextSelection {
    let mut open: Vec<Candidate> =
        candidates.into_iter().filter(|c| !is_retired(&c.counts, c.gold, rule, target)).collect();
    open.sort_by(|a, b| (a.counts.total(), a.position, &a.joke_id).cmp(&(b.counts.total(), b.position, &b.joke_id)));
    let remaining = open.len();
    NextSelection { joke_ids: open.into_iter().take(limit).map(|c| c.joke_id).collect(), remaining }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scores::crowd::Vote;
    use wasm_bindgen_test::wasm_bindgen_test;
    #[wasm_bindgen_test(unsupported = test)]
    fn voter_ids_are_8_to_64_safe_characters() {
        assert!(validate_voter_id("abcd_EF-9").is_ok());
        assert!(validate_voter_id(&"a".repeat(64)).is_ok());
        for bad in ["short", "", &"a".repeat(65), "with space1", "acentuado-é", "slash/slash"] {
            assert!(validate_voter_id(bad).is_err(), "{bad}");
        }
        assert_eq!(
            validate_voter_id("abc").unwrap_err().to_string(),
            "`voter_id` has 3 characters; it must have 8 to 64"
        );
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn votes_are_checked_and_bad_values_refused_by_serde() {
        let ok: VoteRequest =
            serde_json::from_str(r#"{"voter_id":"voter-123","joke_id":"a","vote":"not_funny"}"#).unwrap();
        assert_eq!(ok.clone().validate().unwrap().vote, Vote::NotFunny);
        let bad = serde_json::from_str::<VoteRequest>(r#"{"voter_id":"voter-123","joke_id":"a","vote":"meh"}"#);
        assert!(bad.unwrap_err().to_string().contains("unknown variant `meh`"));
        let empty_joke = VoteRequest { joke_id: String::new(), ..ok };
        assert!(empty_joke.validate().unwrap_err().message.contains("joke_id"));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn next_limit_defaults_and_bounds() {
        assert_eq!(parse_next_limit(None).unwrap(), DEFAULT_NEXT_LIMIT);
        assert_eq!(parse_next_limit(Some("50")).unwrap(), 50);
        for bad in ["0", "51", "-1", "abc", ""] {
            assert!(parse_next_limit(Some(bad)).is_err(), "{bad}");
        }
    }

    fn candidate(id: &str, position: u32, funny: u32, not_funny: u32, skip: u32, gold: bool) -> Candidate {
        Candidate { joke_id: id.into(), position, counts: VoteCounts { funny, not_funny, skip }, gold }
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn next_is_least_voted_first_then_ballot_order() {
        let rule = CrowdRule::default();
        let selection = next_jokes(
            vec![
                candidate("two-votes", 0, 1, 1, 0, false),
                candidate("skipped-once", 1, 0, 0, 1, false),
                candidate("fresh-late", 5, 0, 0, 0, false),
                candidate("fresh-gold", 3, 0, 0, 0, true),
            ],
            3,
            &rule,
            None,
        );
        assert_eq!(selection.joke_ids, vec!["fresh-gold", "fresh-late", "skipped-once"]);
        assert_eq!(selection.remaining, 4);
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn clearly_decided_jokes_retire_but_gold_never_does() {
        let rule = CrowdRule::default();
        // 5 of 5 funny: above the minimum and the Wilson interval is above 0.5.
        assert!(is_retired(&VoteCounts { funny: 5, not_funny: 0, skip: 0 }, false, &rule, None));
        assert!(!is_retired(&VoteCounts { funny: 5, not_funny: 0, skip: 0 }, true, &rule, None));
        // 4 of 4 is clear by Wilson but below `min_votes_to_retire`; skips never decide.
        assert!(!is_retired(&VoteCounts { funny: 4, not_funny: 0, skip: 9 }, false, &rule, None));
        // 3 to 3 is not clear.
        assert!(!is_retired(&VoteCounts { funny: 3, not_funny: 3, skip: 0 }, false, &rule, None));
        let selection = next_jokes(
            vec![
                candidate("decided", 0, 0, 6, 0, false),
                candidate("gold-decided", 1, 6, 0, 0, true),
                candidate("open", 2, 3, 3, 0, false),
            ],
            10,
            &rule,
            None,
        );
        assert_eq!(selection.joke_ids, vec!["gold-decided", "open"], "equal counts: ballot order");
        assert_eq!(selection.remaining, 2);
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn a_target_retires_a_joke_whatever_its_verdict() {
        let rule = CrowdRule::default();
        let split = VoteCounts { funny: 3, not_funny: 3, skip: 4 };
        assert!(!is_retired(&split, false, &rule, Some(7)), "skips do not count toward the target");
        assert!(is_retired(&split, false, &rule, Some(6)));
        assert!(!is_retired(&split, true, &rule, Some(1)), "gold never retires");
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn public_ids_are_positions_and_nothing_else_names_one() {
        assert_eq!(public_id(17), "17");
        assert_eq!(position_of("17"), Some(17));
        assert_eq!(position_of("0"), Some(0));
        for other in ["", "017", "-1", "1.0", "gold-3", " 1", "99999999999"] {
            assert_eq!(position_of(other), None, "{other:?}");
        }
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn a_ballot_is_open_until_closed_or_its_time_passes() {
        let now = "2026-12-06T12:00:00.000Z";
        assert!(is_open(None, None, now));
        assert!(is_open(None, Some("2026-12-06T12:00:00.001Z"), now));
        assert!(!is_open(None, Some(now), now));
        assert!(!is_open(Some("2026-12-01T00:00:00.000Z"), Some("2027-01-01T00:00:00.000Z"), now));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn min_accuracy_is_a_share() {
        assert_eq!(parse_min_accuracy(None), Ok(None));
        assert_eq!(parse_min_accuracy(Some("0.75")), Ok(Some(0.75)));
        for bad in ["-0.1", "1.5", "NaN", "alto", ""] {
            assert!(parse_min_accuracy(Some(bad)).is_err(), "{bad}");
        }
    }
}
