//! What the metadata tables say about each routine, for showing it (to people and to the models)
//! and for filtering its jokes by comedian and year.

use std::collections::HashMap;

use super::{CatalogEntry, RoutineHead};

/// A routine as the curator knows it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RoutineFacts {
    /// "Comedian · Show · Year", or "Rutina <id>" (in the UI's language) without metadata.
    pub name: String,
    pub year: Option<u16>,
    pub comedians: Vec<String>,
}

/// The facts of each routine, by id, from the metadata tables when they were imported.
pub fn routine_facts(routines: &[RoutineHead], catalog: &[CatalogEntry]) -> HashMap<String, RoutineFacts> {
    let mut shows = HashMap::new();
    let mut comedians: HashMap<u32, Vec<&str>> = HashMap::new();
    for entry in catalog {
        match entry {
            CatalogEntry::Show { id, title } => {
                shows.insert(*id, title.as_str());
            }
            CatalogEntry::Comedian { show_id, name, .. } => comedians.entry(*show_id).or_default().push(name),
        }
    }
    routines
        .iter()
        .map(|routine| {
            let meta = routine.meta.as_ref();
            let show_id = meta.and_then(|m| m.show_id);
            let year = meta.and_then(|m| m.year);
            let names: Vec<String> = show_id
                .and_then(|id| comedians.get(&id))
                .map(|n| n.iter().map(|s| (*s).to_owned()).collect())
                .unwrap_or_default();
            let mut parts: Vec<String> = Vec::new();
            if !names.is_empty() {
                parts.push(names.join(", "));
            }
            if let Some(title) = show_id.and_then(|id| shows.get(&id)) {
                parts.push((*title).to_owned());
            }
            if let Some(year) = year {
                parts.push(year.to_string());
            }
            if parts.is_empty() {
                parts.push(crate::i18n::fill(crate::i18n::t().ROUTINE_N, &[&routine.id]));
            }
            (routine.id.clone(), RoutineFacts { name: parts.join(" · "), year, comedians: names })
        })
        .collect()
}

/// Just the names of [`routine_facts`].
pub fn routine_names(routines: &[RoutineHead], catalog: &[CatalogEntry]) -> HashMap<String, String> {
    routine_facts(routines, catalog).into_iter().map(|(id, facts)| (id, facts.name)).collect()
}
