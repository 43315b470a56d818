//! Fine-tuning on any upstream: files and jobs of a provider of `UPSTREAMS` are named
//! `provider:id` by the worker's routes, as its models are (`crate::providers`), and Mistral's by
//! their bare UUIDs. A job is created on its base model's upstream, from files uploaded to that
//! same upstream; what comes back is named so that each later call (the job's status, start,
//! cancel; a chat with the tuned model) finds its way to the same place.

use super::ValidationError;
use crate::providers;

/// Longest id a provider may issue for a file or a job.
const MAX_PROVIDER_ID_CHARS: usize = 128;

/// A file or job id as the worker's routes take it: Mistral's UUID, or `provider:id` where the id
/// is 1 to 128 letters, digits, `.`, `_` or `-`. Either way nothing can be smuggled into an
/// upstream URL.
pub fn routed_id(field: &'static str, id: &str) -> Result<String, ValidationError> {
    let id = id.trim();
    match id.split_once(':') {
        None => upstream_id(field, id),
        Some((name, issued)) if providers::is_name(name) => {
            Ok(format!("{name}:{}", issued_id(field, Some(name), issued)?))
        }
        Some(_) => Err(not_an_id(field, id)),
    }
}

/// An id as `provider` issued it (`None`: Mistral's UUID), checked before it goes into a path.
pub fn issued_id(field: &'static str, provider: Option<&str>, id: &str) -> Result<String, ValidationError> {
    let id = id.trim();
    let plain = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-');
    match provider {
        None => upstream_id(field, id),
        Some(_) if !id.is_empty() && id.len() <= MAX_PROVIDER_ID_CHARS && id.chars().all(plain) => Ok(id.to_owned()),
        Some(name) => Err(not_an_id(field, &format!("{name}:{id}"))),
    }
}

fn not_an_id(field: &'static str, id: &str) -> ValidationError {
    let shown: String = id.chars().take(60).collect();
    ValidationError::new(
        field,
        format!("{shown:?} is not an id as the worker gives them (Mistral's UUID, or provider:id)"),
    )
}

/// A file or job id as Mistral issues them: a UUID. Checked before any upstream call, so no
/// path or query can be smuggled into the upstream URL.
pub fn upstream_id(field: &'static str, id: &str) -> Result<String, ValidationError> {
    let id = id.trim();
    let hex_at = |i: usize, c: u8| if matches!(i, 8 | 13 | 18 | 23) { c == b'-' } else { c.is_ascii_hexdigit() };
    if id.len() == 36 && id.bytes().enumerate().all(|(i, c)| hex_at(i, c)) {
        Ok(id.to_ascii_lowercase())
    } else {
        let shown: String = id.chars().take(60).collect();
        Err(ValidationError::new(field, format!("{shown:?} is not an id as Mistral issues them (a UUID)")))
    }
}

/// Splits a checked [`routed_id`] into its provider (`None` for Mistral) and the id it issued.
pub fn split_routed(id: &str) -> (Option<&str>, &str) {
    match id.split_once(':') {
        Some((name, issued)) => (Some(name), issued),
        None => (None, id),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    const UUID: &str = "0b4c5a7e-1f2d-4c3b-9a8e-7d6c5b4a3f21";

    #[wasm_bindgen_test(unsupported = test)]
    fn ids_are_mistral_uuids_or_named_by_a_provider() {
        assert_eq!(routed_id("id", &UUID.to_uppercase()).unwrap(), UUID);
        assert_eq!(routed_id("id", " local:file-abc_1.2 ").unwrap(), "local:file-abc_1.2");
        for bad in ["local:", "local:a/b", "local:a?b=c", "Local:abc", ":abc", "not-a-uuid", "local:a b"] {
            let error = routed_id("id", bad).unwrap_err();
            assert_eq!(error.field, "id", "{bad}");
        }
        assert_eq!(split_routed("local:ftjob-1"), (Some("local"), "ftjob-1"));
        assert_eq!(split_routed(UUID), (None, UUID));
    }
}
