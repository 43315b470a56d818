//! Crowd ballots: the wire types of `/api/ballots/*` and the rules the worker applies to them —
//! what a curator may put on a ballot, which jokes a voter sees next, when a joke leaves the ballot
//! and how the results are put together. The worker stores and fetches; everything here is pure.
//!
//! Gold (control) jokes carry an expected answer that only the curator and the results ever see.
//! On the public side they are ordinary jokes: same shape, same selection rule, shuffled among the
//! others, so a voter cannot tell which ones check them.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::api::{ApiError, ErrorCode, ValidationError};
use crate::scores::crowd::{CrowdRule, Label, Vote, VoteCounts};
use crate::scores::voter_quality::{QualityRule, voter_quality};

/// Longest ballot title, in characters.
pub const MAX_TITLE_CHARS: usize = 200;
/// Most jokes on one ballot.
pub const MAX_JOKES: usize = 2_000;
/// Most gold jokes on one ballot. A handful per voter session is enough to judge a voter.
pub const MAX_GOLD: usize = 200;
/// Longest joke text, in characters.
pub const MAX_TEXT_CHARS: usize = 2_000;
/// Longest joke id, in characters.
pub const MAX_JOKE_ID_CHARS: usize = 100;
/// Shortest and longest voter id, in characters.
pub const MIN_VOTER_ID_CHARS: usize = 8;
pub const MAX_VOTER_ID_CHARS: usize = 64;
/// Jokes `GET /api/ballots/:id/next` returns when no `limit` is given, and the most it returns.
pub const DEFAULT_NEXT_LIMIT: usize = 10;
pub const MAX_NEXT_LIMIT: usize = 50;

/// A joke as a ballot shows it: in `POST /api/ballots` and in every public answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BallotJoke {
    pub id: String,
    pub text: String,
}

/// A gold joke in `POST /api/ballots`: a joke whose right answer the curator fixed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoldJoke {
    pub id: String,
    pub text: String,
    pub expected: Label,
}

/// `POST /api/ballots` (curator).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateBallotRequest {
    pub title: String,
    pub jokes: Vec<BallotJoke>,
    /// Optional; `null` and absent both mean none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gold: Option<Vec<GoldJoke>>,
}

/// `201` answer of `POST /api/ballots`. The admin token is shown once: only its hash is stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreateBallotResponse {
    pub ballot_id: String,
    /// `Authorization: Bearer <admin_token>` opens the results and closes the ballot.
    pub admin_token: String,
    /// The voting page, `<origin>/vote/<ballot_id>`.
    pub url: String,
}

/// `GET /api/ballots/:id`: what anyone with the link sees. Gold jokes are among `jokes`, unmarked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicBallot {
    pub ballot_id: String,
    pub title: String,
    pub created_at: String,
    pub jokes: Vec<BallotJoke>,
}

/// `GET /api/ballots/:id/next`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NextJokes {
    pub ballot_id: String,
    /// Up to `limit` jokes, in the order to show them; empty once this voter is done.
    pub jokes: Vec<BallotJoke>,
    /// Jokes still open to this voter, those in `jokes` included.
    pub remaining: u32,
}

/// `POST /api/ballots/:id/votes`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VoteRequest {
    pub voter_id: String,
    pub joke_id: String,
    pub vote: Vote,
}

/// The answer to a vote: `recorded` is `false` when this voter had already voted on this joke
/// (the first vote stands; a repeat changes nothing).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoteRecorded {
    pub recorded: bool,
}

/// `POST /api/ballots/:id/close`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BallotClosed {
    pub ballot_id: String,
    pub closed_at: String,
}

/// `GET /api/ballots/:id/results` (admin token).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BallotResults {
    pub ballot_id: String,
    pub title: String,
    pub created_at: String,
    pub closed_at: Option<String>,
    /// The non-gold jokes, best first (by `wilson_lower`).
    pub jokes: Vec<JokeResult>,
    /// The gold jokes with their expected answer, in ballot order.
    pub gold: Vec<GoldResult>,
    /// Every voter, with their quality measured on the gold jokes, ordered by voter id.
    pub voters: Vec<VoterResult>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JokeResult {
    pub joke_id: String,
    pub funny: u32,
    pub not_funny: u32,
    pub skip: u32,
    /// Lower bound of the 95% Wilson interval of the funny share; 0 without non-skip votes.
    pub wilson_lower: f64,
    /// The label with more votes once [`CrowdRule::min_votes_for_majority`] non-skip votes exist.
    pub majority: Option<Label>,
    /// The clear crowd verdict that retires a joke from the ballot, if reached.
    pub decided: Option<Label>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoldResult {
    pub joke_id: String,
    pub expected: Label,
    pub funny: u32,
    pub not_funny: u32,
    pub skip: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VoterResult {
    pub voter_id: String,
    /// All votes this voter cast on the ballot, skips included.
    pub votes: u32,
    pub gold_answered: u32,
    pub correct: u32,
    pub accuracy: Option<f64>,
    /// Too many wrong gold answers: see [`QualityRule`].
    pub flagged: bool,
}

/// One joke of a validated ballot, gold or not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewItem {
    pub id: String,
    pub text: String,
    pub gold: Option<Label>,
}

/// A ballot that passed [`CreateBallotRequest::validate`]: title trimmed, jokes first, then gold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewBallot {
    pub title: String,
    pub items: Vec<NewItem>,
}

impl CreateBallotRequest {
    /// Checks counts first (`413`), then each field (`400`), so a huge ballot is refused before its
    /// jokes are looked at. Joke and gold ids share one namespace and must be unique.
    pub fn validate(self) -> Result<NewBallot, ApiError> {
        let gold = self.gold.unwrap_or_default();
        if self.jokes.len() > MAX_JOKES {
            return Err(too_many("jokes", self.jokes.len(), MAX_JOKES));
        }
        if gold.len() > MAX_GOLD {
            return Err(too_many("gold jokes", gold.len(), MAX_GOLD));
        }
        let title = self.title.trim().to_owned();
        if title.is_empty() {
            return Err(ValidationError::new("title", "is empty; give the ballot a name voters will see").into());
        }
        check_chars("title", &title, MAX_TITLE_CHARS)?;
        if title.chars().any(char::is_control) {
            return Err(ValidationError::new("title", "contains control characters such as line breaks").into());
        }
        if self.jokes.is_empty() {
            return Err(ValidationError::new("jokes", "is empty; a ballot needs at least one joke").into());
        }
        let joke_count = self.jokes.len();
        let jokes = self.jokes.into_iter().map(|j| (j.id, j.text, None));
        let gold = gold.into_iter().map(|g| (g.id, g.text, Some(g.expected)));
        let mut seen = BTreeSet::new();
        let mut items = Vec::new();
        for (index, (id, text, expected)) in jokes.chain(gold).enumerate() {
            let (list, i) = match expected {
                None => ("jokes", index),
                Some(_) => ("gold", index - joke_count),
            };
            let item = NewItem { id: joke_id(list, i, id)?, text: joke_text(list, i, text)?, gold: expected };
            if !seen.insert(item.id.clone()) {
                return Err(ApiError::new(
                    ErrorCode::BadRequest,
                    format!("`{list}[{i}].id` {:?} is used twice; every joke and gold joke needs its own id", item.id),
                ));
            }
            items.push(item);
        }
        Ok(NewBallot { title, items })
    }
}

fn too_many(what: &str, count: usize, max: usize) -> ApiError {
    ApiError::new(
        ErrorCode::PayloadTooLarge,
        format!("the ballot has {count} {what}; the limit is {max}, so split it into several ballots"),
    )
}

fn check_chars(field: &'static str, value: &str, max: usize) -> Result<(), ValidationError> {
    let chars = value.chars().count();
    if chars > max {
        return Err(ValidationError::new(field, format!("has {chars} characters; the limit is {max}")));
    }
    Ok(())
}

fn joke_id(list: &str, index: usize, id: String) -> Result<String, ApiError> {
    let bad = |what: String| ApiError::new(ErrorCode::BadRequest, format!("`{list}[{index}].id` {what}"));
    if id.trim().is_empty() {
        return Err(bad("is empty; every joke needs an id".into()));
    }
    let chars = id.chars().count();
    if chars > MAX_JOKE_ID_CHARS {
        return Err(bad(format!("has {chars} characters; the limit is {MAX_JOKE_ID_CHARS}")));
    }
    if id.chars().any(char::is_control) {
        return Err(bad("contains control characters".into()));
    }
    Ok(id)
}

fn joke_text(list: &str, index: usize, text: String) -> Result<String, ApiError> {
    let bad = |what: String| ApiError::new(ErrorCode::BadRequest, format!("`{list}[{index}].text` {what}"));
    let text = text.trim().to_owned();
    if text.is_empty() {
        return Err(bad("is empty; a joke needs its text".into()));
    }
    let chars = text.chars().count();
    if chars > MAX_TEXT_CHARS {
        return Err(bad(format!("has {chars} characters; the limit is {MAX_TEXT_CHARS}")));
    }
    // Line breaks and tabs are part of how a joke is written; other control characters are not.
    if text.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')) {
        return Err(bad("contains control characters other than line breaks and tabs".into()));
    }
    Ok(text)
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

/// Shuffles `items` in place (Fisher–Yates). `random_below(n)` must return a uniform value in
/// `0..n`; the worker draws it from `crypto.getRandomValues`. Ballots store this order, so gold
/// jokes sit at random places instead of after the jokes.
pub fn shuffle<T>(items: &mut [T], mut random_below: impl FnMut(usize) -> usize) {
    for i in (1..items.len()).rev() {
        let j = random_below(i + 1).min(i);
        items.swap(i, j);
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
/// ([`VoteCounts::clear_decision`] with [`CrowdRule::min_votes_to_retire`]). Gold jokes never
/// retire, so every voter keeps meeting them and can be measured.
pub fn is_retired(counts: &VoteCounts, gold: bool, rule: &CrowdRule) -> bool {
    !gold && counts.is_clearly_decided(rule.min_votes_to_retire)
}

/// What to show one voter next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NextSelection {
    /// Joke ids in the order to show them.
    pub joke_ids: Vec<String>,
    /// Candidates not retired, the selected ones included.
    pub remaining: usize,
}

/// The next jokes for a voter out of the `candidates` they have not voted on: retired jokes are
/// dropped, the rest go least-voted first (all votes, skips included: a skipped joke was still
/// shown), ties by ballot position, which is random; at most `limit`.
pub fn next_jokes(candidates: Vec<Candidate>, limit: usize, rule: &CrowdRule) -> NextSelection {
    let mut open: Vec<Candidate> = candidates.into_iter().filter(|c| !is_retired(&c.counts, c.gold, rule)).collect();
    open.sort_by(|a, b| (a.counts.total(), a.position, &a.joke_id).cmp(&(b.counts.total(), b.position, &b.joke_id)));
    let remaining = open.len();
    NextSelection { joke_ids: open.into_iter().take(limit).map(|c| c.joke_id).collect(), remaining }
}

/// One joke's tally as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemTally {
    pub joke_id: String,
    pub position: u32,
    pub counts: VoteCounts,
    pub gold: Option<Label>,
}

/// The ballot's own fields in the results.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BallotInfo {
    pub ballot_id: String,
    pub title: String,
    pub created_at: String,
    pub closed_at: Option<String>,
}

/// Builds the results: `items` every joke's tally; `gold_answers` every vote cast on a gold joke
/// as (voter, joke, vote); `voters` every voter with their number of votes.
pub fn results(
    info: BallotInfo,
    items: Vec<ItemTally>,
    gold_answers: Vec<(String, String, Vote)>,
    voters: Vec<(String, u32)>,
    crowd: &CrowdRule,
    quality: &QualityRule,
) -> BallotResults {
    let gold_map: BTreeMap<String, Label> =
        items.iter().filter_map(|i| i.gold.map(|label| (i.joke_id.clone(), label))).collect();
    let mut ordered = items;
    ordered.sort_by_key(|i| i.position);
    let mut jokes = Vec::new();
    let mut gold = Vec::new();
    for item in ordered {
        let VoteCounts { funny, not_funny, skip } = item.counts;
        match item.gold {
            Some(expected) => gold.push(GoldResult { joke_id: item.joke_id, expected, funny, not_funny, skip }),
            None => {
                let score = item.counts.score(crowd);
                jokes.push(JokeResult {
                    joke_id: item.joke_id,
                    funny,
                    not_funny,
                    skip,
                    wilson_lower: score.ranking_score,
                    majority: score.majority,
                    decided: score.clear_decision,
                });
            }
        }
    }
    // Best first; equal scores keep ballot order (the sort is stable).
    jokes.sort_by(|a, b| b.wilson_lower.total_cmp(&a.wilson_lower));

    let votes: BTreeMap<String, u32> = voters.into_iter().collect();
    // A skip is never an answer, so each voter is listed by one skip on no joke in particular,
    // including those who never met a gold joke.
    let listed = votes.keys().map(|voter| (voter.clone(), String::new(), Vote::Skip));
    let quality = voter_quality(&gold_map, gold_answers.into_iter().chain(listed), quality);
    let voters = quality
        .into_iter()
        .map(|q| VoterResult {
            votes: votes.get(&q.voter).copied().unwrap_or_default(),
            voter_id: q.voter,
            gold_answered: q.gold_answered,
            correct: q.correct,
            accuracy: q.accuracy,
            flagged: q.flagged,
        })
        .collect();
    BallotResults {
        ballot_id: info.ballot_id,
        title: info.title,
        created_at: info.created_at,
        closed_at: info.closed_at,
        jokes,
        gold,
        voters,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn joke(id: &str, text: &str) -> BallotJoke {
        BallotJoke { id: id.into(), text: text.into() }
    }

    fn request(jokes: Vec<BallotJoke>, gold: Option<Vec<GoldJoke>>) -> CreateBallotRequest {
        CreateBallotRequest { title: " Quinta Vergara ".into(), jokes, gold }
    }

    fn gold(id: &str, expected: Label) -> GoldJoke {
        GoldJoke { id: id.into(), text: "control".into(), expected }
    }

    fn error(req: CreateBallotRequest) -> (u16, String) {
        let e = req.validate().unwrap_err();
        (e.status(), e.message)
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn a_valid_ballot_keeps_jokes_then_gold_with_trimmed_text() {
        let ballot = request(vec![joke("a", "  uno\ndos "), joke("b", "tres")], Some(vec![gold("g", Label::Funny)]))
            .validate()
            .unwrap();
        assert_eq!(ballot.title, "Quinta Vergara");
        assert_eq!(
            ballot.items,
            vec![
                NewItem { id: "a".into(), text: "uno\ndos".into(), gold: None },
                NewItem { id: "b".into(), text: "tres".into(), gold: None },
                NewItem { id: "g".into(), text: "control".into(), gold: Some(Label::Funny) },
            ]
        );
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn gold_is_optional_and_may_be_null() {
        let body = r#"{"title":"t","jokes":[{"id":"a","text":"x"}],"gold":null}"#;
        let req: CreateBallotRequest = serde_json::from_str(body).unwrap();
        assert_eq!(req.validate().unwrap().items.len(), 1);
        let body = r#"{"title":"t","jokes":[{"id":"a","text":"x"}]}"#;
        assert!(serde_json::from_str::<CreateBallotRequest>(body).is_ok());
        let bad = r#"{"title":"t","jokes":[],"gold":[{"id":"g","text":"x","expected":"meh"}]}"#;
        assert!(serde_json::from_str::<CreateBallotRequest>(bad).unwrap_err().to_string().contains("unknown variant"));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn counts_over_the_limits_are_413() {
        let many: Vec<_> = (0..=MAX_JOKES).map(|i| joke(&i.to_string(), "x")).collect();
        assert_eq!(
            error(request(many, None)),
            (413, "the ballot has 2001 jokes; the limit is 2000, so split it into several ballots".into())
        );
        let gold_many: Vec<_> = (0..=MAX_GOLD).map(|i| gold(&format!("g{i}"), Label::Funny)).collect();
        assert_eq!(error(request(vec![joke("a", "x")], Some(gold_many))).0, 413);
        let exactly: Vec<_> = (0..MAX_JOKES).map(|i| joke(&i.to_string(), "x")).collect();
        assert!(request(exactly, None).validate().is_ok());
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn field_errors_are_400_and_name_the_field() {
        let long_text = "x".repeat(MAX_TEXT_CHARS + 1);
        let long_id = "i".repeat(MAX_JOKE_ID_CHARS + 1);
        let cases = [
            (CreateBallotRequest { title: "  ".into(), jokes: vec![joke("a", "x")], gold: None }, "`title` is empty"),
            (
                CreateBallotRequest { title: "t".repeat(201), jokes: vec![joke("a", "x")], gold: None },
                "`title` has 201",
            ),
            (request(vec![], None), "`jokes` is empty"),
            (request(vec![joke("a", "x"), joke("", "y")], None), "`jokes[1].id` is empty"),
            (request(vec![joke(&long_id, "y")], None), "`jokes[0].id` has 101 characters"),
            (request(vec![joke("a", " ")], None), "`jokes[0].text` is empty"),
            (request(vec![joke("a", &long_text)], None), "`jokes[0].text` has 2001 characters"),
            (request(vec![joke("a", "x\u{7}")], None), "`jokes[0].text` contains control characters"),
            (request(vec![joke("a", "x"), joke("a", "y")], None), "`jokes[1].id` \"a\" is used twice"),
            (
                request(
                    vec![joke("a", "x"), joke("b", "y")],
                    Some(vec![gold("g", Label::Funny), gold("a", Label::NotFunny)]),
                ),
                "`gold[1].id` \"a\" is used twice",
            ),
        ];
        for (req, expected) in cases {
            let (status, message) = error(req);
            assert_eq!(status, 400, "{message}");
            assert!(message.starts_with(expected), "{message} should start with {expected}");
        }
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn text_counts_characters_not_bytes() {
        assert!(request(vec![joke("ñ", &"ñ".repeat(MAX_TEXT_CHARS))], None).validate().is_ok());
    }

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

    #[wasm_bindgen_test(unsupported = test)]
    fn shuffle_is_a_permutation_driven_by_the_random_source() {
        let mut items: Vec<u32> = (0..10).collect();
        // Always picking 0 rotates the first element to the end, step by step.
        shuffle(&mut items, |_| 0);
        let mut sorted = items.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, (0..10).collect::<Vec<_>>());
        assert_ne!(items, (0..10).collect::<Vec<_>>());
        // Picking the top index each time leaves the order as it was.
        let mut same: Vec<u32> = (0..5).collect();
        shuffle(&mut same, |n| n - 1);
        assert_eq!(same, vec![0, 1, 2, 3, 4]);
        // An out-of-range source cannot index out of bounds.
        shuffle(&mut same, |n| n + 10);
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
        );
        assert_eq!(selection.joke_ids, vec!["fresh-gold", "fresh-late", "skipped-once"]);
        assert_eq!(selection.remaining, 4);
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn clearly_decided_jokes_retire_but_gold_never_does() {
        let rule = CrowdRule::default();
        // 5 of 5 funny: above the minimum and the Wilson interval is above 0.5.
        assert!(is_retired(&VoteCounts { funny: 5, not_funny: 0, skip: 0 }, false, &rule));
        assert!(!is_retired(&VoteCounts { funny: 5, not_funny: 0, skip: 0 }, true, &rule));
        // 4 of 4 is clear by Wilson but below `min_votes_to_retire`; skips never decide.
        assert!(!is_retired(&VoteCounts { funny: 4, not_funny: 0, skip: 9 }, false, &rule));
        // 3 to 3 is not clear.
        assert!(!is_retired(&VoteCounts { funny: 3, not_funny: 3, skip: 0 }, false, &rule));
        let selection = next_jokes(
            vec![
                candidate("decided", 0, 0, 6, 0, false),
                candidate("gold-decided", 1, 6, 0, 0, true),
                candidate("open", 2, 3, 3, 0, false),
            ],
            10,
            &rule,
        );
        assert_eq!(selection.joke_ids, vec!["gold-decided", "open"], "equal counts: ballot order");
        assert_eq!(selection.remaining, 2);
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn results_split_jokes_and_gold_rank_by_wilson_and_score_voters() {
        let tally = |id: &str, position, f, n, s, gold| ItemTally {
            joke_id: String::from(id),
            position,
            counts: VoteCounts { funny: f, not_funny: n, skip: s },
            gold,
        };
        let items = vec![
            tally("meh", 0, 1, 1, 2, None),
            tally("g1", 1, 1, 1, 0, Some(Label::Funny)),
            tally("hit", 2, 6, 0, 0, None),
            tally("unseen", 3, 0, 0, 0, None),
        ];
        let answers = vec![
            ("ana-0001".to_owned(), "g1".to_owned(), Vote::Funny),
            ("bea-0002".to_owned(), "g1".to_owned(), Vote::NotFunny),
        ];
        let voters = vec![("ana-0001".to_owned(), 3), ("bea-0002".to_owned(), 2), ("cam-0003".to_owned(), 1)];
        let info = BallotInfo {
            ballot_id: "b".into(),
            title: "t".into(),
            created_at: "2026-04-01T00:00:00.000Z".into(),
            closed_at: None,
        };
        let results = results(info, items, answers, voters, &CrowdRule::default(), &QualityRule::default());
        let order: Vec<_> = results.jokes.iter().map(|j| j.joke_id.as_str()).collect();
        assert_eq!(order, vec!["hit", "meh", "unseen"]);
        assert_eq!(results.jokes[0].decided, Some(Label::Funny));
        assert_eq!(results.jokes[0].majority, Some(Label::Funny));
        assert_eq!(results.jokes[2].wilson_lower, 0.0);
        assert_eq!(
            results.gold,
            vec![GoldResult { joke_id: "g1".into(), expected: Label::Funny, funny: 1, not_funny: 1, skip: 0 }]
        );
        let voters: Vec<_> =
            results.voters.iter().map(|v| (v.voter_id.as_str(), v.votes, v.gold_answered, v.correct)).collect();
        assert_eq!(voters, vec![("ana-0001", 3, 1, 1), ("bea-0002", 2, 1, 0), ("cam-0003", 1, 0, 0)]);
        assert_eq!(results.voters[2].accuracy, None);
        let json = serde_json::to_value(&results.jokes[0]).unwrap();
        assert_eq!(json["joke_id"], "hit");
        assert_eq!(json["funny"], 6);
        assert_eq!(json["decided"], "funny");
    }
}
