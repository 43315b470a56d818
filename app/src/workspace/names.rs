//! How routines are named on screen and to the models.

use std::collections::HashMap;

use super::{CatalogEntry, Routine};

/// "Comedian · Show · Year" for each routine, from the metadata tables when they were imported.
pub fn routine_names(routines: &[Routine], catalog: &[CatalogEntry]) -> HashMap<String, String> {
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
            let mut parts: Vec<String> = Vec::new();
            if let Some(names) = show_id.and_then(|id| comedians.get(&id)) {
                parts.push(names.join(", "));
            }
            if let Some(title) = show_id.and_then(|id| shows.get(&id)) {
                parts.push((*title).to_owned());
            }
            if let Some(year) = meta.and_then(|m| m.year) {
                parts.push(year.to_string());
            }
            if parts.is_empty() {
                parts.push(format!("Rutina {}", routine.id));
            }
            (routine.id.clone(), parts.join(" · "))
        })
        .collect()
}
