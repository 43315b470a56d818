//! A ballot's jokes chosen here, with the search and the filters Jokes has (the crowd's votes
//! among them, so a new ballot can take the jokes no crowd has judged yet): the jokes they match
//! become the ballot's, with the first few shown to check the choice.

use std::collections::{BTreeMap, HashMap};

use leptos::prelude::*;

use crate::components::joke_filters::{Filters, routine_options};
use crate::domain::Joke;
use crate::domain::crowd::CrowdLabel;
use crate::domain::names::RoutineFacts;
use crate::domain::search::{JokeFilter, SearchIndex};
use crate::i18n::{self, fill};

/// Jokes shown under the filters to check what they match.
const PREVIEW: usize = 3;

#[component]
pub fn JokesByFilter(
    jokes: StoredValue<Vec<Joke>>,
    routines: HashMap<String, RoutineFacts>,
    crowd: StoredValue<BTreeMap<String, CrowdLabel>>,
    /// The ids of the jokes the filters match, in the list's order.
    chosen: RwSignal<Vec<String>>,
) -> impl IntoView {
    let (index, routine_choices, total) = jokes.with_value(|jokes| {
        let routine_choices = routine_options(jokes, &routines);
        let mut index = SearchIndex::new(jokes, routines);
        crowd.with_value(|crowd| index.set_crowd(jokes, crowd));
        (index, routine_choices, jokes.iter().filter(|j| j.merged_into.is_none()).count())
    });
    let (years, comedians) = index.choices();
    let index = StoredValue::new(index);
    let query = RwSignal::new(String::new());
    let filters = RwSignal::new(JokeFilter::default());
    let search_ref = NodeRef::<leptos::html::Input>::new();

    let matching = Memo::new(move |_| {
        let filter = JokeFilter { query: query.get(), ..filters.get() };
        index.with_value(|index| jokes.with_value(|jokes| index.matching(jokes, &filter)))
    });
    Effect::new(move || {
        let ids = matching
            .with(|positions| jokes.with_value(|jokes| positions.iter().map(|&p| jokes[p].id.clone()).collect()));
        chosen.set(ids);
    });
    let preview = move || {
        matching.with(|positions| {
            jokes.with_value(|jokes| {
                positions.iter().take(PREVIEW).map(|&p| view! { <li>{jokes[p].text().to_owned()}</li> }).collect_view()
            })
        })
    };
    let count = move || {
        let shown = matching.with(Vec::len);
        fill(i18n::t().BALLOT_MATCHING, &[&shown, &total])
    };

    view! {
        <div class="ballot-by-filter" data-testid="ballot-by-filter">
            <p class="hint">{i18n::t().BALLOT_BY_FILTER}</p>
            <Filters query filters search_ref routines=routine_choices comedians years />
            <p data-testid="ballot-matching" aria-live="polite">{count}</p>
            <ul class="ballot-preview" data-testid="ballot-preview">{preview}</ul>
        </div>
    }
}
