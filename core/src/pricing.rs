//! Estimated cost of model calls, from the list prices Mistral published (USD per million
//! tokens, pay as you go, 2025). An estimate only: prices change, and the bill is the truth.
//!
//! Costs are integers in billionths of a dollar (a price of $0.10 per million tokens is 100 per
//! token), so totals add up exactly and the browser needs no float formatting to show them.

use crate::api::TokenUsage;

/// A model's list price in billionths of a dollar per token (= USD per million tokens × 1,000).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Price {
    pub input: u64,
    pub output: u64,
}

/// Prices by model id prefix, most specific first (`mistral-small` before `mistral`). Dated
/// versions (`mistral-small-2506`) and `-latest` aliases share their family's price.
const PRICES: &[(&str, Price)] = &[
    ("ministral-3b", Price { input: 40, output: 40 }),
    ("ministral-8b", Price { input: 100, output: 100 }),
    ("mistral-small", Price { input: 100, output: 300 }),
    ("mistral-medium", Price { input: 400, output: 2_000 }),
    ("mistral-large", Price { input: 2_000, output: 6_000 }),
    ("magistral-small", Price { input: 500, output: 1_500 }),
    ("magistral-medium", Price { input: 2_000, output: 5_000 }),
    ("open-mistral-nemo", Price { input: 150, output: 150 }),
    ("open-mistral-7b", Price { input: 250, output: 250 }),
    ("codestral", Price { input: 300, output: 900 }),
];

/// The list price of `model`, if it is a model this table knows. A fine-tuned model
/// (`ft:<base>:…`) is priced as its base model.
pub fn price(model: &str) -> Option<Price> {
    let base = model.strip_prefix("ft:").map_or(model, |rest| rest.split(':').next().unwrap_or(rest));
    PRICES.iter().find(|(prefix, _)| base.starts_with(prefix)).map(|(_, price)| *price)
}

/// The estimated cost of `usage` on `model` in billionths of a dollar, `None` when the model's
/// price is unknown.
pub fn cost_nano_usd(model: &str, usage: TokenUsage) -> Option<u64> {
    let price = price(model)?;
    let input = u64::from(usage.prompt_tokens).saturating_mul(price.input);
    let output = u64::from(usage.completion_tokens).saturating_mul(price.output);
    Some(input.saturating_add(output))
}

/// Fine-tuning list prices Mistral published (2024–25), in billionths of a dollar per training
/// token (each epoch's tokens count again), by base model prefix. Mistral also charged at least
/// [`FINE_TUNE_MINIMUM`] per job and a monthly fee to keep the tuned model.
const TRAINING_PRICES: &[(&str, u64)] = &[
    ("open-mistral-7b", 2_000),
    ("open-mistral-nemo", 1_000),
    ("mistral-small", 3_000),
    ("codestral", 3_000),
    ("mistral-large", 9_000),
];

/// The least a fine-tuning job cost: US$4.
pub const FINE_TUNE_MINIMUM: u64 = 4_000_000_000;

/// The base models whose fine-tuning price is known, cheapest first.
pub fn fine_tunable_bases() -> impl Iterator<Item = &'static str> {
    let mut bases: Vec<(&str, u64)> = TRAINING_PRICES.to_vec();
    bases.sort_by_key(|(_, price)| *price);
    bases.into_iter().map(|(base, _)| base)
}

/// The estimated cost of fine-tuning `base` on `tokens` training tokens for `epochs` passes, in
/// billionths of a dollar, the job minimum included; `None` when the base's price is unknown.
pub fn fine_tune_cost_nano_usd(base: &str, tokens: u64, epochs: u32) -> Option<u64> {
    let (_, per_token) = TRAINING_PRICES.iter().find(|(prefix, _)| base.starts_with(prefix))?;
    Some(tokens.saturating_mul(u64::from(epochs)).saturating_mul(*per_token).max(FINE_TUNE_MINIMUM))
}

/// Training prices OpenAI published for supervised fine-tuning (openai.com/api/pricing, 2025), in
/// billionths of a dollar per trained token (each epoch counts again), by base model prefix, most
/// specific first. OpenAI gives no estimate before a job, so the page prices the dataset's tokens
/// with these. Providers that tune open models in OpenAI's shape (Nebius) price per model on their
/// sites and are not listed: their estimate is "unknown", never 0.
const OPENAI_TRAINING_PRICES: &[(&str, u64)] = &[
    ("gpt-4.1-mini", 5_000),
    ("gpt-4.1-nano", 1_500),
    ("gpt-4.1", 25_000),
    ("gpt-4o-mini", 3_000),
    ("gpt-4o", 25_000),
];

/// The estimated cost of tuning OpenAI's `base` on `tokens` training tokens for `epochs` passes,
/// in billionths of a dollar; `None` when the base's price is unknown.
pub fn openai_fine_tune_cost_nano_usd(base: &str, tokens: u64, epochs: u32) -> Option<u64> {
    let (_, per_token) = OPENAI_TRAINING_PRICES.iter().find(|(prefix, _)| base.starts_with(prefix))?;
    Some(tokens.saturating_mul(u64::from(epochs)).saturating_mul(*per_token))
}

/// `1234567` billionths → `"US$0.0012"`: dollars with four decimals, rounded half up.
pub fn format_usd(nano_usd: u64) -> String {
    let ten_thousandths = nano_usd.saturating_add(50_000) / 100_000;
    format!("US${}.{:04}", ten_thousandths / 10_000, ten_thousandths % 10_000)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn usage(prompt_tokens: u32, completion_tokens: u32) -> TokenUsage {
        TokenUsage { prompt_tokens, completion_tokens }
    }

    #[test]
    fn a_million_tokens_cost_the_list_price() {
        assert_eq!(cost_nano_usd("mistral-small-latest", usage(1_000_000, 0)), Some(100_000_000));
        assert_eq!(format_usd(100_000_000), "US$0.1000");
        assert_eq!(
            cost_nano_usd("mistral-small-2506", usage(0, 1_000_000)).map(format_usd).as_deref(),
            Some("US$0.3000")
        );
    }

    #[test]
    fn fine_tuned_models_cost_as_their_base_and_unknown_models_have_no_price() {
        assert_eq!(price("ft:open-mistral-7b:abc123:tallas:0f1e"), price("open-mistral-7b"));
        assert_eq!(price("ministral-8b-latest"), Some(Price { input: 100, output: 100 }));
        assert_eq!(price("somebody-elses-model"), None);
        assert_eq!(cost_nano_usd("", usage(5, 5)), None);
    }

    #[test]
    fn fine_tuning_costs_every_epoch_and_never_less_than_the_job_minimum() {
        // 1,000,000 tokens × 3 epochs × US$2 per million = US$6.
        assert_eq!(
            fine_tune_cost_nano_usd("open-mistral-7b", 1_000_000, 3).map(format_usd).as_deref(),
            Some("US$6.0000")
        );
        // 10,000 tokens would cost two cents; the job minimum applies.
        assert_eq!(fine_tune_cost_nano_usd("open-mistral-nemo-2407", 10_000, 1), Some(FINE_TUNE_MINIMUM));
        assert_eq!(fine_tune_cost_nano_usd("ministral-3b-latest", 1_000_000, 1), None);
        let bases: Vec<&str> = fine_tunable_bases().collect();
        assert_eq!(bases.first(), Some(&"open-mistral-nemo"));
        assert_eq!(bases.last(), Some(&"mistral-large"));
    }

    #[test]
    fn amounts_round_to_a_ten_thousandth_of_a_dollar() {
        assert_eq!(format_usd(0), "US$0.0000");
        assert_eq!(format_usd(49_999), "US$0.0000");
        assert_eq!(format_usd(50_000), "US$0.0001");
        assert_eq!(format_usd(12_345_678_900_000), "US$12345.6789");
        assert_eq!(format_usd(u64::MAX), "US$18446744073.7095");
    }

    #[test]
    fn openai_bases_are_priced_by_their_most_specific_prefix() {
        // 100,000 tokens, 3 epochs: 300,000 trained tokens.
        assert_eq!(openai_fine_tune_cost_nano_usd("gpt-4.1-mini-2025-04-14", 100_000, 3), Some(1_500_000_000));
        assert_eq!(openai_fine_tune_cost_nano_usd("gpt-4.1-2025-04-14", 100_000, 3), Some(7_500_000_000));
        assert_eq!(openai_fine_tune_cost_nano_usd("meta-llama/Llama-3.1-8B-Instruct", 100_000, 3), None);
    }
}
