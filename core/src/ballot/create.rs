//! What a curator may put on a ballot: `POST /api/ballots` checked into a [`NewBallot`], its random
//! order, and its closing time.

use std::collections::BTreeSet;

use super::{
    CreateBallotRequest, MAX_GOLD, MAX_JOKE_ID_CHARS, MAX_JOKES, MAX_OPEN_DAYS, MAX_TARGET_VOTES, MAX_TEXT_CHARS,
    MAX_TITLE_CHARS,
};
use crate::api::{ApiError, ErrorCode, ValidationError};
use crate::scores::crowd::Label;

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
    pub target_votes: Option<u32>,
    /// As the curator wrote it, trimmed; the worker reads it with [`closing_time`].
    pub closes_at: Option<String>,
}

impl CreateBallotRequest {
    /// Checks counts first (`413`), then each field (`400`), so a huge ballot is refused before its
    /// jokes are looked at. Joke and gold ids share one namespace and must be unique.
    pub fn validate(self) -> Result<NewBallot, ApiError> {
        let gold = self.gold.unwrap_or_default();
        let target_votes = match self.target_votes {
            Some(n) if !(1..=MAX_TARGET_VOTES).contains(&n) => {
                return Err(ValidationError::new(
                    "target_votes",
                    format!("is {n}; it must be from 1 to {MAX_TARGET_VOTES}, or absent for no target"),
                )
                .into());
            }
            target => target,
        };
        let closes_at = self.closes_at.map(|at| at.trim().to_owned());
        if let Some(at) = &closes_at
            && (at.is_empty() || at.chars().count() > 40)
        {
            return Err(ValidationError::new(
                "closes_at",
                "must be an ISO 8601 date and time such as 2026-12-24T23:00:00Z, or absent",
            )
            .into());
        }
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
        Ok(NewBallot { title, items, target_votes, closes_at })
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

/// Shuffles `items` in place (Fisher–Yates). `random_below(n)` must return a uniform value in
/// `0..n`; the worker draws it from `crypto.getRandomValues`. Ballots store this order, so gold
/// jokes sit at random places instead of after the jokes.
pub fn shuffle<T>(items: &mut [T], mut random_below: impl FnMut(usize) -> usize) {
    for i in (1..items.len()).rev() {
        let j = random_below(i + 1).min(i);
        items.swap(i, j);
    }
}

/// The closing time `closes_at` (RFC 3339 in UTC, `2026-12-24T23:00:00Z`, fractions allowed) as the
/// worker writes timestamps (`2026-12-24T23:00:00.000Z`, which compare as text), checked against
/// the clock: it must lie ahead, at most [`MAX_OPEN_DAYS`] days.
pub fn closing_time(closes_at: &str, now_ms: u64) -> Result<String, ValidationError> {
    let at = humantime::parse_rfc3339(closes_at.trim())
        .ok()
        .and_then(|at| at.duration_since(std::time::UNIX_EPOCH).ok())
        .ok_or_else(|| {
            ValidationError::new(
                "closes_at",
                "is not a date and time; use ISO 8601 in UTC such as 2026-12-24T23:00:00Z",
            )
        })?;
    let at_ms = u64::try_from(at.as_millis()).unwrap_or(u64::MAX);
    if at_ms <= now_ms {
        return Err(ValidationError::new("closes_at", "is in the past; give a time when voting should end"));
    }
    if at_ms - now_ms > MAX_OPEN_DAYS * 24 * 3_600_000 {
        return Err(ValidationError::new(
            "closes_at",
            format!(
                "is more than {MAX_OPEN_DAYS} days ahead; close the ballot sooner, or leave it open without a time"
            ),
        ));
    }
    let whole_ms = std::time::UNIX_EPOCH + std::time::Duration::from_millis(at_ms);
    Ok(humantime::format_rfc3339_millis(whole_ms).to_string())
}

#[cfg(test)]
mod tests {
    use super::super::{BallotJoke, GoldJoke};
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;
    fn joke(id: &str, text: &str) -> BallotJoke {
        BallotJoke { id: id.into(), text: text.into() }
    }

    fn request(jokes: Vec<BallotJoke>, gold: Option<Vec<GoldJoke>>) -> CreateBallotRequest {
        CreateBallotRequest { title: " Quinta Vergara ".into(), jokes, gold, target_votes: None, closes_at: None }
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
            (CreateBallotRequest { title: "  ".into(), ..request(vec![joke("a", "x")], None) }, "`title` is empty"),
            (CreateBallotRequest { title: "t".repeat(201), ..request(vec![joke("a", "x")], None) }, "`title` has 201"),
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

    #[wasm_bindgen_test(unsupported = test)]
    fn a_target_and_a_closing_time_are_kept_and_checked() {
        let mut req = request(vec![joke("a", "x")], None);
        req.target_votes = Some(20);
        req.closes_at = Some(" 2026-12-24T23:00:00Z ".into());
        let ballot = req.clone().validate().unwrap();
        assert_eq!((ballot.target_votes, ballot.closes_at.as_deref()), (Some(20), Some("2026-12-24T23:00:00Z")));
        for (target, closes_at, expected) in [
            (Some(0), None, "`target_votes` is 0; it must be from 1 to 10000"),
            (Some(MAX_TARGET_VOTES + 1), None, "`target_votes` is 10001"),
            (None, Some(" "), "`closes_at` must be an ISO 8601 date and time"),
        ] {
            let req = CreateBallotRequest { target_votes: target, closes_at: closes_at.map(Into::into), ..req.clone() };
            let (status, message) = error(req);
            assert_eq!(status, 400);
            assert!(message.starts_with(expected), "{message}");
        }
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn a_closing_time_is_utc_ahead_within_a_year() {
        // 2027-01-15T08:00:00Z
        let now = 1_800_000_000_000u64;
        assert_eq!(closing_time("2027-01-16T08:00:00Z", now).as_deref(), Ok("2027-01-16T08:00:00.000Z"));
        assert_eq!(closing_time(" 2027-01-16T08:00:00.5Z ", now).as_deref(), Ok("2027-01-16T08:00:00.500Z"));
        let message = |text: &str| closing_time(text, now).unwrap_err().to_string();
        for unreadable in ["mañana a las 9", "2027-01-16", "2027-01-16T08:00:00+03:00", "2027-02-30T08:00:00Z", ""] {
            assert!(message(unreadable).starts_with("`closes_at` is not a date and time"), "{unreadable}");
        }
        assert!(message("2027-01-15T08:00:00Z").starts_with("`closes_at` is in the past"));
        assert!(message("2028-01-20T08:00:00Z").starts_with("`closes_at` is more than 366 days ahead"));
    }
}
