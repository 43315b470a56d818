//! A small builder for the JSON Schemas sent as Mistral's `response_format`. It only writes the
//! subset Mistral's structured outputs accept (`type`, `properties`, `required`,
//! `additionalProperties`, `items`, `enum`, `description`), and in strict form: every object
//! closed and every property required, optional values being nullable instead. Lengths, counts
//! and cross-references cannot be said in that subset; the parser checks them after the reply.

use serde_json::{Map, Value, json};

/// A closed object whose every property is required. Properties are written in the order given,
/// which models tend to answer in (serde_json sorts keys unless `preserve_order` is on, so list
/// them in the order that also reads well sorted).
pub fn object(description: &str, properties: &[(&str, Value)]) -> Value {
    let required: Vec<&str> = properties.iter().map(|(name, _)| *name).collect();
    let properties: Map<String, Value> =
        properties.iter().map(|(name, schema)| ((*name).to_owned(), schema.clone())).collect();
    json!({
        "type": "object",
        "description": description,
        "properties": properties,
        "required": required,
        "additionalProperties": false,
    })
}

pub fn string(description: &str) -> Value {
    json!({ "type": "string", "description": description })
}

/// A number or `null`, for a value the model may not know (it must say so, not guess).
pub fn nullable_number(description: &str) -> Value {
    json!({ "type": ["number", "null"], "description": description })
}

pub fn array(description: &str, items: Value) -> Value {
    json!({ "type": "array", "description": description, "items": items })
}

/// A string from a closed set.
pub fn one_of(description: &str, values: &[&str]) -> Value {
    json!({ "type": "string", "description": description, "enum": values })
}

/// Mistral's `response_format` for a named schema, strict so the server constrains decoding.
pub fn response_format(name: &str, schema: Value) -> Value {
    json!({
        "type": "json_schema",
        "json_schema": { "name": name, "schema": schema, "strict": true },
    })
}
