//! What an evaluation is and the calls it needs.
//!
//! Every model answers every keyword once ([`Call::Generate`]); then, for every pair the design
//! compares, the judge sees the two answers in both orders ([`Call::Judge`]). Each call has an id
//! made from the definition's indices, so a stored result says which call it answers and a resumed
//! run sends only the calls without one.

use serde::{Deserialize, Serialize};

use crate::api::{GenerateRequest, validate_model_id};

/// Most calls one evaluation may plan: 5 models on 200 keywords all-pairs is 1,000 generations and
/// 4,000 judgements. More is a mistake more often than a plan (and a large bill).
pub const MAX_CALLS: usize = 20_000;

/// One keyword, with the snapshot's own joke for it when there is one (shown to the judge as a
/// yardstick when [`Definition::show_reference`] is set).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Case {
    pub keyword: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
}

/// Which pairs are judged. Externally tagged (`"all_pairs"`, `{"versus_reference": {…}}`): the
/// app's page reads it, and an internally tagged enum compiles a buffering deserializer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Design {
    /// Every model against every other (a ranking with more than two models).
    AllPairs,
    /// Every model against one fixed model, as the original experiment judged each 7B model
    /// against a mid-size one.
    VersusReference { reference_model: String },
}

/// An evaluation as the curator defines it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Definition {
    pub cases: Vec<Case>,
    /// The models compared (in `VersusReference`, the candidates; the reference model apart).
    pub models: Vec<String>,
    pub judge: String,
    pub design: Design,
    pub show_reference: bool,
}

/// Why a definition cannot run; each says what to change.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DefinitionError {
    #[error("no keywords: choose a frozen dataset with validation examples, or type keywords, one per line")]
    NoKeywords,
    #[error("keyword {line}: {message}")]
    BadKeyword { line: usize, message: String },
    #[error("keyword {line} ({keyword:?}) is already keyword {first}: each keyword is evaluated once")]
    RepeatedKeyword { line: usize, first: usize, keyword: String },
    #[error("{0}")]
    BadModel(String),
    #[error("model {0:?} is chosen twice: a model compared with itself says nothing")]
    RepeatedModel(String),
    #[error("choose at least two models to compare (or one against a reference model)")]
    TooFewModels,
    #[error("the reference model {0:?} is also a candidate: choose another reference or remove it from the candidates")]
    ReferenceIsCandidate(String),
    #[error("choose a judge model")]
    NoJudge,
    #[error("this evaluation needs {calls} calls; the limit is {MAX_CALLS}: use fewer keywords or models")]
    TooLarge { calls: usize },
}

/// One call an evaluation needs. Indices are into [`Definition::cases`] and [`Definition::all_models`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "call")]
pub enum Call {
    Generate {
        model: usize,
        case: usize,
    },
    /// Pair `x`–`y` on `case`; `x_first` says whether X's joke is in slot A.
    Judge {
        x: usize,
        y: usize,
        case: usize,
        x_first: bool,
    },
}

impl Call {
    /// A stable id: the same call of the same definition always has the same id.
    pub fn id(&self) -> String {
        match *self {
            Call::Generate { model, case } => format!("g-{model}-{case}"),
            Call::Judge { x, y, case, x_first } => format!("j-{x}-{y}-{case}-{}", if x_first { "xy" } else { "yx" }),
        }
    }
}

impl Definition {
    /// The call whose [`Call::id`] is `id`, if this definition makes it.
    pub fn call(&self, id: &str) -> Option<Call> {
        let mut parts = id.split('-');
        let kind = parts.next()?;
        let mut number = || parts.next()?.parse::<usize>().ok();
        let call = match kind {
            "g" => Call::Generate { model: number()?, case: number()? },
            "j" => {
                let (x, y, case) = (number()?, number()?, number()?);
                let x_first = match parts.next()? {
                    "xy" => true,
                    "yx" => false,
                    _ => return None,
                };
                Call::Judge { x, y, case, x_first }
            }
            _ => return None,
        };
        let known = match call {
            Call::Generate { model, case } => model < self.all_models().len() && case < self.cases.len(),
            Call::Judge { x, y, case, .. } => case < self.cases.len() && self.pairs().contains(&(x, y)),
        };
        (known && parts.next().is_none() && call.id() == id).then_some(call)
    }

    /// Checks the definition and returns it with keywords and model ids trimmed.
    pub fn validate(mut self) -> Result<Self, DefinitionError> {
        if self.cases.is_empty() {
            return Err(DefinitionError::NoKeywords);
        }
        for (i, case) in self.cases.iter_mut().enumerate() {
            let request = GenerateRequest { keyword: std::mem::take(&mut case.keyword), model: None, stream: false };
            let line = i + 1;
            case.keyword =
                request.validate().map_err(|e| DefinitionError::BadKeyword { line, message: e.message })?.keyword;
        }
        for (i, case) in self.cases.iter().enumerate() {
            let lower = case.keyword.to_lowercase();
            if let Some(first) = self.cases[..i].iter().position(|c| c.keyword.to_lowercase() == lower) {
                return Err(DefinitionError::RepeatedKeyword {
                    line: i + 1,
                    first: first + 1,
                    keyword: case.keyword.clone(),
                });
            }
        }
        let model =
            |id: &str| validate_model_id(id.trim().to_owned()).map_err(|e| DefinitionError::BadModel(e.to_string()));
        self.models = self.models.iter().map(|m| model(m)).collect::<Result<_, _>>()?;
        if let Design::VersusReference { reference_model } = &mut self.design {
            *reference_model = model(reference_model)?;
        }
        self.judge = self.judge.trim().to_owned();
        if self.judge.is_empty() {
            return Err(DefinitionError::NoJudge);
        }
        self.judge = model(&self.judge)?;
        for (i, m) in self.models.iter().enumerate() {
            if self.models[..i].contains(m) {
                return Err(DefinitionError::RepeatedModel(m.clone()));
            }
        }
        match &self.design {
            Design::AllPairs if self.models.len() < 2 => return Err(DefinitionError::TooFewModels),
            Design::VersusReference { .. } if self.models.is_empty() => return Err(DefinitionError::TooFewModels),
            Design::VersusReference { reference_model } if self.models.contains(reference_model) => {
                return Err(DefinitionError::ReferenceIsCandidate(reference_model.clone()));
            }
            _ => {}
        }
        let calls = self.all_models().len() * self.cases.len() + 2 * self.pairs().len() * self.cases.len();
        if calls > MAX_CALLS {
            return Err(DefinitionError::TooLarge { calls });
        }
        Ok(self)
    }

    /// Every model that answers: the compared models, then the reference model if any.
    pub fn all_models(&self) -> Vec<&str> {
        let mut all: Vec<&str> = self.models.iter().map(String::as_str).collect();
        if let Design::VersusReference { reference_model } = &self.design {
            all.push(reference_model);
        }
        all
    }

    /// The pairs judged, as indices into [`Self::all_models`]: X before Y.
    pub fn pairs(&self) -> Vec<(usize, usize)> {
        let n = self.models.len();
        match self.design {
            Design::AllPairs => (0..n).flat_map(|x| (x + 1..n).map(move |y| (x, y))).collect(),
            Design::VersusReference { .. } => (0..n).map(|x| (x, n)).collect(),
        }
    }

    /// Every call, generations first (a judgement needs both answers), each keyword's judgements
    /// together.
    pub fn calls(&self) -> Vec<Call> {
        let models = self.all_models().len();
        let generate =
            (0..self.cases.len()).flat_map(|case| (0..models).map(move |model| Call::Generate { model, case }));
        let pairs = self.pairs();
        let judge = (0..self.cases.len()).flat_map(move |case| {
            pairs
                .clone()
                .into_iter()
                .flat_map(move |(x, y)| [true, false].map(|x_first| Call::Judge { x, y, case, x_first }))
        });
        generate.chain(judge).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn definition(keywords: &[&str], models: &[&str], design: Design) -> Definition {
        Definition {
            cases: keywords.iter().map(|k| Case { keyword: (*k).to_owned(), reference: None }).collect(),
            models: models.iter().map(|m| (*m).to_owned()).collect(),
            judge: "mistral-large-latest".into(),
            design,
            show_reference: true,
        }
    }

    #[test]
    fn all_pairs_judges_each_pair_in_both_orders() {
        let d = definition(&["suegra", " micro "], &["a", "b", "c"], Design::AllPairs).validate().unwrap();
        assert_eq!(d.cases[1].keyword, "micro");
        assert_eq!(d.pairs(), vec![(0, 1), (0, 2), (1, 2)]);
        let calls = d.calls();
        assert_eq!(calls.len(), 2 * 3 + 2 * 3 * 2);
        assert_eq!(calls[0].id(), "g-0-0");
        assert_eq!(calls[6].id(), "j-0-1-0-xy");
        assert_eq!(calls[7].id(), "j-0-1-0-yx");
        let ids: std::collections::BTreeSet<String> = calls.iter().map(Call::id).collect();
        assert_eq!(ids.len(), calls.len(), "ids are unique");
        for call in &calls {
            assert_eq!(d.call(&call.id()), Some(*call), "an id reads back as its call");
        }
        for stranger in ["g-3-0", "g-0-2", "j-1-0-0-xy", "j-0-1-0-zz", "j-0-1-0-xy-1", "g-00-0", "x-0-0", ""] {
            assert_eq!(d.call(stranger), None, "{stranger:?} is no call of this definition");
        }
    }

    #[test]
    fn versus_reference_judges_each_candidate_against_the_reference() {
        let design = Design::VersusReference { reference_model: "mistral-small-latest".into() };
        let d = definition(&["suegra"], &["base", "ft:tuned"], design).validate().unwrap();
        assert_eq!(d.all_models(), vec!["base", "ft:tuned", "mistral-small-latest"]);
        assert_eq!(d.pairs(), vec![(0, 2), (1, 2)]);
    }

    #[test]
    fn each_mistake_says_what_to_change() {
        let message = |d: Definition| d.validate().unwrap_err().to_string();
        assert_eq!(
            message(definition(&[], &["a", "b"], Design::AllPairs)),
            "no keywords: choose a frozen dataset with validation examples, or type keywords, one per line"
        );
        assert_eq!(
            message(definition(&["ok", ""], &["a", "b"], Design::AllPairs)),
            "keyword 2: is empty; type a word or a short phrase"
        );
        assert_eq!(
            message(definition(&["Micro", "micro"], &["a", "b"], Design::AllPairs)),
            "keyword 2 (\"micro\") is already keyword 1: each keyword is evaluated once"
        );
        assert_eq!(
            message(definition(&["k"], &["a"], Design::AllPairs)),
            "choose at least two models to compare (or one against a reference model)"
        );
        assert_eq!(
            message(definition(&["k"], &["a", "a"], Design::AllPairs)),
            "model \"a\" is chosen twice: a model compared with itself says nothing"
        );
        let design = Design::VersusReference { reference_model: "a".into() };
        assert!(
            message(definition(&["k"], &["a"], design)).starts_with("the reference model \"a\" is also a candidate")
        );
        let mut no_judge = definition(&["k"], &["a", "b"], Design::AllPairs);
        no_judge.judge = " ".into();
        assert_eq!(message(no_judge), "choose a judge model");
        let many: Vec<String> = (0..3000).map(|i| format!("k{i}")).collect();
        let many: Vec<&str> = many.iter().map(String::as_str).collect();
        assert_eq!(
            message(definition(&many, &["a", "b", "c"], Design::AllPairs)),
            "this evaluation needs 27000 calls; the limit is 20000: use fewer keywords or models"
        );
    }
}
