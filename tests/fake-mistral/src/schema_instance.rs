//! A minimal valid instance of a JSON Schema: what the test double answers when a request asks
//! for `response_format: json_schema`, so the product's structured-output parsing can be tested
//! with answers that match the schema it sent.
//!
//! "Minimal" means the smallest answer a strict model could give: required properties only
//! (all of them when there is no `required` list), one array item, the first `enum` value and
//! the first `anyOf`/`oneOf` branch. Strings are derived from a seed (the double's text answer)
//! so different prompts give different, but repeatable, instances; they are cut to the schema's
//! `maxLength`, or to [`MAX_STRING_CHARS`] without one, because a model fills a field with a
//! phrase, not with the prompt it was sent. Keywords that cannot be satisfied by construction
//! (`pattern`, `not`, `if`/`then`) are ignored.
//!
//! The product's own schemas are answered by [`crate::task_answers`] instead.

use serde_json::{Map, Number, Value};

/// Deeper than this is a `$ref` cycle with no way out, or a schema no test needs.
const MAX_DEPTH: usize = 64;
/// Longest string without a `maxLength` (longer when `minLength` asks for more).
pub const MAX_STRING_CHARS: usize = 100;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaError(pub String);

impl std::fmt::Display for SchemaError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The instance of `schema`; `$ref`s resolve against `schema` itself, as with a schema sent
/// inline in a request.
pub fn instance(schema: &Value, seed: &str) -> Result<Value, SchemaError> {
    Generator { root: schema }.generate(schema, seed, 0)
}

struct Generator<'a> {
    root: &'a Value,
}

impl<'a> Generator<'a> {
    fn generate(&self, schema: &Value, seed: &str, depth: usize) -> Result<Value, SchemaError> {
        if depth > MAX_DEPTH {
            return Err(SchemaError(format!("the schema nests deeper than {MAX_DEPTH} levels (a $ref cycle?)")));
        }
        let object = match schema {
            Value::Bool(true) => return Ok(Value::String(seed_string(seed, MAX_STRING_CHARS))),
            Value::Bool(false) => return Err(SchemaError("the schema `false` accepts no value".into())),
            Value::Object(object) => object,
            other => return Err(SchemaError(format!("a schema must be an object or a boolean, not {other}"))),
        };
        if let Some(reference) = object.get("$ref") {
            return self.generate(self.resolve(reference)?, seed, depth + 1);
        }
        if let Some(value) = object.get("const") {
            return Ok(value.clone());
        }
        if let Some(values) = object.get("enum") {
            return values
                .as_array()
                .and_then(|values| values.first())
                .cloned()
                .ok_or_else(|| SchemaError("`enum` must be a non-empty array".into()));
        }
        for keyword in ["anyOf", "oneOf"] {
            if let Some(branches) = object.get(keyword) {
                let first = branches
                    .as_array()
                    .and_then(|b| b.first())
                    .ok_or_else(|| SchemaError(format!("`{keyword}` must be a non-empty array")))?;
                return self.generate(first, seed, depth + 1);
            }
        }
        if let Some(parts) = object.get("allOf") {
            return self.all_of(object, parts, seed, depth);
        }
        match type_of(object)? {
            "object" => self.object(object, seed, depth),
            "array" => self.array(object, seed, depth),
            "string" => Ok(Value::String(string(object, seed))),
            "integer" => Ok(number(object, true)),
            "number" => Ok(number(object, false)),
            "boolean" => Ok(Value::Bool(true)),
            "null" => Ok(Value::Null),
            other => Err(SchemaError(format!("unknown type {other:?}"))),
        }
    }

    /// Only local references: a schema sent in a request has nowhere else to point.
    fn resolve(&self, reference: &Value) -> Result<&'a Value, SchemaError> {
        let text = reference.as_str().ok_or_else(|| SchemaError("`$ref` must be a string".into()))?;
        let pointer = text
            .strip_prefix('#')
            .ok_or_else(|| SchemaError(format!("$ref {text:?} is not local; only #/... references resolve")))?;
        self.root.pointer(pointer).ok_or_else(|| SchemaError(format!("$ref {text:?} points to nothing")))
    }

    /// Every part must hold, so object parts are merged; for other types the first part stands.
    fn all_of(
        &self,
        object: &Map<String, Value>,
        parts: &Value,
        seed: &str,
        depth: usize,
    ) -> Result<Value, SchemaError> {
        let parts = parts.as_array().ok_or_else(|| SchemaError("`allOf` must be an array".into()))?;
        let mut own = object.clone();
        own.remove("allOf");
        let mut values = Vec::with_capacity(parts.len() + 1);
        if !own.is_empty() {
            values.push(self.generate(&Value::Object(own), seed, depth + 1)?);
        }
        for part in parts {
            values.push(self.generate(part, seed, depth + 1)?);
        }
        if values.iter().all(Value::is_object) {
            let mut merged = Map::new();
            for value in values {
                if let Value::Object(fields) = value {
                    for (key, field) in fields {
                        merged.entry(key).or_insert(field);
                    }
                }
            }
            return Ok(Value::Object(merged));
        }
        values.into_iter().next().ok_or_else(|| SchemaError("`allOf` must not be empty".into()))
    }

    fn object(&self, object: &Map<String, Value>, seed: &str, depth: usize) -> Result<Value, SchemaError> {
        let properties = object.get("properties").and_then(Value::as_object);
        let names: Vec<&str> = match object.get("required").and_then(Value::as_array) {
            Some(required) => required.iter().filter_map(Value::as_str).collect(),
            None => properties.map(|p| p.keys().map(String::as_str).collect()).unwrap_or_default(),
        };
        let mut instance = Map::new();
        for name in names {
            // A required name without a property schema falls under `additionalProperties`.
            let schema = properties
                .and_then(|p| p.get(name))
                .or_else(|| object.get("additionalProperties").filter(|s| s.is_object()))
                .unwrap_or(&Value::Bool(true));
            instance.insert(name.to_owned(), self.generate(schema, seed, depth + 1)?);
        }
        Ok(Value::Object(instance))
    }

    fn array(&self, object: &Map<String, Value>, seed: &str, depth: usize) -> Result<Value, SchemaError> {
        let min = object.get("minItems").and_then(Value::as_u64).unwrap_or(0);
        let max = object.get("maxItems").and_then(Value::as_u64).unwrap_or(u64::MAX);
        let count = min.max(1).min(max) as usize;
        // `prefixItems` (2020-12) or an `items` array (draft 7) describe positions; `items` as a
        // schema (or `additionalItems` in draft 7) describes the rest.
        let (prefix, rest): (&[Value], Option<&Value>) = match (object.get("prefixItems"), object.get("items")) {
            (Some(Value::Array(prefix)), items) => (prefix, items),
            (_, Some(Value::Array(prefix))) => (prefix, object.get("additionalItems")),
            (_, items) => (&[], items),
        };
        let any = Value::Bool(true);
        let mut items = Vec::with_capacity(count);
        for index in 0..count {
            let schema = prefix.get(index).or(rest).unwrap_or(&any);
            // Items after the first get their own seed so `uniqueItems` holds for strings.
            let seed = if index == 0 { seed.to_owned() } else { format!("{seed} {}", index + 1) };
            items.push(self.generate(schema, &seed, depth + 1)?);
        }
        Ok(Value::Array(items))
    }
}

/// The declared type, the first non-null one of a list, or the one the keywords imply.
fn type_of(object: &Map<String, Value>) -> Result<&str, SchemaError> {
    match object.get("type") {
        Some(Value::String(name)) => Ok(name),
        Some(Value::Array(names)) => {
            let names: Vec<&str> = names.iter().filter_map(Value::as_str).collect();
            Ok(names.iter().copied().find(|n| *n != "null").or(names.first().copied()).unwrap_or("null"))
        }
        Some(other) => Err(SchemaError(format!("`type` must be a string or an array, not {other}"))),
        None => {
            let has = |keys: &[&str]| keys.iter().any(|k| object.contains_key(*k));
            Ok(if has(&["properties", "required", "additionalProperties"]) {
                "object"
            } else if has(&["items", "prefixItems", "minItems", "maxItems"]) {
                "array"
            } else if has(&["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"]) {
                "number"
            } else {
                "string"
            })
        }
    }
}

/// The seed, trimmed and cut to `max` characters; "x" when blank.
fn seed_string(seed: &str, max: usize) -> String {
    let seed: String = seed.trim().chars().take(max).collect();
    if seed.is_empty() { "x".to_owned() } else { seed }
}

fn string(object: &Map<String, Value>, seed: &str) -> String {
    let fixed = match object.get("format").and_then(Value::as_str) {
        Some("date-time") => Some("1970-01-01T00:00:00Z"),
        Some("date") => Some("1970-01-01"),
        Some("time") => Some("00:00:00Z"),
        Some("email") => Some("test@example.com"),
        Some("uri" | "url") => Some("https://example.com/"),
        Some("uuid") => Some("00000000-0000-4000-8000-000000000000"),
        Some("ipv4") => Some("127.0.0.1"),
        Some("ipv6") => Some("::1"),
        _ => None,
    };
    if let Some(fixed) = fixed {
        return fixed.to_owned();
    }
    let min = object.get("minLength").and_then(Value::as_u64).unwrap_or(1).max(1) as usize;
    let max = object.get("maxLength").and_then(Value::as_u64).map_or(MAX_STRING_CHARS.max(min), |m| m as usize);
    let mut text: String = seed_string(seed, max).chars().take(max).collect();
    let short = min.min(max).saturating_sub(text.chars().count());
    text.extend(std::iter::repeat_n('x', short));
    text
}

/// 0, else 1, else the closest value the bounds allow.
fn number(object: &Map<String, Value>, integer: bool) -> Value {
    let get = |key: &str| object.get(key).and_then(Value::as_f64);
    // Draft 4 spells exclusive bounds as booleans next to minimum/maximum.
    let flag = |key: &str| object.get(key).and_then(Value::as_bool).unwrap_or(false);
    let (mut low, mut low_open) = (get("minimum"), flag("exclusiveMinimum"));
    if let Some(bound) = get("exclusiveMinimum") {
        (low, low_open) = (Some(bound), true);
    }
    let (mut high, mut high_open) = (get("maximum"), flag("exclusiveMaximum"));
    if let Some(bound) = get("exclusiveMaximum") {
        (high, high_open) = (Some(bound), true);
    }
    let step = get("multipleOf").filter(|m| *m > 0.0);
    let fits = |x: f64| {
        let above = low.is_none_or(|l| if low_open { x > l } else { x >= l });
        let below = high.is_none_or(|h| if high_open { x < h } else { x <= h });
        let whole = !integer || x.fract() == 0.0;
        let multiple = step.is_none_or(|m| ((x / m).round() * m - x).abs() < 1e-9);
        above && below && whole && multiple
    };
    let mut candidates = vec![0.0, 1.0];
    if let Some(l) = low {
        candidates.extend([l, l.floor() + 1.0, l.ceil(), l + 0.5]);
        if let Some(m) = step {
            candidates.extend([(l / m).ceil() * m, ((l / m).floor() + 1.0) * m]);
        }
    }
    if let Some(h) = high {
        candidates.extend([h, h.ceil() - 1.0, h.floor(), h - 0.5]);
        if let Some(l) = low {
            candidates.push((l + h) / 2.0);
        }
    }
    let chosen = candidates.into_iter().find(|x| x.is_finite() && fits(*x)).unwrap_or_else(|| low.unwrap_or(0.0));
    if chosen.fract() == 0.0 && chosen.abs() < 9e15 {
        Value::Number(Number::from(chosen as i64))
    } else {
        Number::from_f64(chosen).map_or(Value::Null, Value::Number)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn make(schema: Value) -> Value {
        instance(&schema, "Talla sobre «suegra»").unwrap_or_else(|e| panic!("{schema}: {e}"))
    }

    #[test]
    fn objects_have_their_required_properties_or_all_of_them() {
        let schema = json!({"type": "object", "properties": {
            "joke": {"type": "string"}, "score": {"type": "integer"}, "note": {"type": "string"}
        }, "required": ["joke", "score"], "additionalProperties": false});
        assert_eq!(make(schema), json!({"joke": "Talla sobre «suegra»", "score": 0}));
        let open = json!({"type": "object", "properties": {"a": {"type": "boolean"}, "b": {"type": "null"}}});
        assert_eq!(make(open), json!({"a": true, "b": null}));
    }

    #[test]
    fn scalars_follow_enum_const_and_bounds() {
        assert_eq!(make(json!({"type": "string", "enum": ["funny", "flat"]})), json!("funny"));
        assert_eq!(make(json!({"const": 42})), json!(42));
        assert_eq!(make(json!({"type": "integer", "minimum": 1, "maximum": 10})), json!(1));
        assert_eq!(make(json!({"type": "integer", "minimum": 3})), json!(3));
        assert_eq!(make(json!({"type": "integer", "exclusiveMinimum": 5})), json!(6));
        assert_eq!(make(json!({"type": "integer", "maximum": -2})), json!(-2));
        assert_eq!(make(json!({"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1})), json!(0.5));
        assert_eq!(make(json!({"type": "number", "minimum": 2.5})), json!(2.5));
        assert_eq!(make(json!({"type": "integer", "minimum": 7, "multipleOf": 5})), json!(10));
        assert_eq!(make(json!({"type": "string", "maxLength": 5})), json!("Talla"));
        assert_eq!(make(json!({"type": "string", "minLength": 25})), json!("Talla sobre «suegra»xxxxx"));
        assert_eq!(make(json!({"type": "string", "format": "date-time"})), json!("1970-01-01T00:00:00Z"));
        assert_eq!(make(json!({"type": ["null", "number"]})), json!(0));
    }

    #[test]
    fn arrays_have_one_item_unless_bounds_say_otherwise() {
        assert_eq!(make(json!({"type": "array", "items": {"type": "integer"}})), json!([0]));
        let unique = json!({"type": "array", "items": {"type": "string"}, "minItems": 2, "uniqueItems": true});
        assert_eq!(make(unique), json!(["Talla sobre «suegra»", "Talla sobre «suegra» 2"]));
        assert_eq!(make(json!({"type": "array", "maxItems": 0})), json!([]));
        let tuple = json!({"type": "array", "prefixItems": [{"type": "boolean"}, {"type": "integer"}], "minItems": 2});
        assert_eq!(make(tuple), json!([true, 0]));
    }

    #[test]
    fn references_and_combinators_resolve() {
        let schema = json!({
            "type": "object",
            "properties": {
                "verdict": {"$ref": "#/$defs/Verdict"},
                "tags": {"type": "array", "items": {"$ref": "#/definitions/Tag"}},
                "either": {"anyOf": [{"type": "integer"}, {"type": "string"}]},
                "one": {"oneOf": [{"const": "a"}, {"const": "b"}]},
                "both": {"allOf": [
                    {"type": "object", "properties": {"x": {"type": "integer"}}, "required": ["x"]},
                    {"type": "object", "properties": {"y": {"type": "boolean"}}, "required": ["y"]}
                ]}
            },
            "required": ["verdict", "tags", "either", "one", "both"],
            "$defs": {"Verdict": {"type": "object", "properties": {"funny": {"type": "boolean"},
                "level": {"enum": ["low", "high"]}}, "required": ["funny", "level"]}},
            "definitions": {"Tag": {"type": "string", "maxLength": 3}}
        });
        assert_eq!(
            make(schema),
            json!({"verdict": {"funny": true, "level": "low"}, "tags": ["Tal"], "either": 0, "one": "a",
                   "both": {"x": 0, "y": true}})
        );
    }

    #[test]
    fn strings_without_a_max_length_are_short() {
        let long = "palabra ".repeat(80);
        let text = instance(&json!({"type": "string"}), &long).unwrap();
        assert_eq!(text.as_str().map(|t| t.chars().count()), Some(MAX_STRING_CHARS));
        let text = instance(&json!(true), &long).unwrap();
        assert_eq!(text.as_str().map(|t| t.chars().count()), Some(MAX_STRING_CHARS));
        let longer = instance(&json!({"type": "string", "minLength": 150}), &long).unwrap();
        assert_eq!(longer.as_str().map(|t| t.chars().count()), Some(150));
        let allowed = instance(&json!({"type": "string", "maxLength": 300}), &long).unwrap();
        assert_eq!(allowed.as_str().map(|t| t.chars().count()), Some(300));
    }

    #[test]
    fn the_seed_drives_strings_and_the_result_is_repeatable() {
        let schema = json!({"type": "object", "properties": {"text": {"type": "string"}}});
        assert_eq!(instance(&schema, "a").unwrap(), instance(&schema, "a").unwrap());
        assert_ne!(instance(&schema, "a").unwrap(), instance(&schema, "b").unwrap());
        assert_eq!(instance(&schema, "  ").unwrap(), json!({"text": "x"}));
    }

    #[test]
    fn unusable_schemas_are_errors_not_panics() {
        let cycle = json!({"$ref": "#/$defs/Node", "$defs": {"Node": {"type": "object",
            "properties": {"next": {"$ref": "#/$defs/Node"}}, "required": ["next"]}}});
        assert!(instance(&cycle, "s").unwrap_err().0.contains("deeper than"));
        assert!(instance(&json!({"$ref": "#/$defs/Missing"}), "s").unwrap_err().0.contains("points to nothing"));
        assert!(instance(&json!({"$ref": "https://example.com/s.json"}), "s").unwrap_err().0.contains("not local"));
        assert!(instance(&json!({"enum": []}), "s").is_err());
        assert!(instance(&json!({"type": "decimal"}), "s").is_err());
        assert!(instance(&json!(false), "s").is_err());
        assert!(instance(&json!("string"), "s").is_err());
    }
}
