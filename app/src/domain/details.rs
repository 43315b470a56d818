//! A routine's details as the curator types them (comedians, show, year, YouTube video), for a
//! routine no metadata table described (a Whisper transcript, an SRT) or to correct one. They
//! become the records the tables give: the routine's metadata and catalog rows that name its show
//! and comedians, written as an import ([`ImportBatch`]).

use tallas_core::transcript::youtube_video_id;

use super::import::ImportBatch;
use super::{CatalogEntry, Routine, RoutineHead, RoutineMeta};

/// The form's fields, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TypedDetails {
    /// Comma-separated, as a show may have several.
    pub comedians: String,
    pub show: String,
    pub year: String,
    /// A YouTube address or a bare video id.
    pub video: String,
}

/// A field that cannot be read, with what was typed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DetailsError {
    #[error("{}", crate::i18n::fill(crate::i18n::t().DETAILS_BAD_YEAR, &[.0]))]
    Year(String),
    #[error("{}", crate::i18n::fill(crate::i18n::t().DETAILS_BAD_VIDEO, &[.0]))]
    Video(String),
}

/// Years a Viña del Mar routine (or any recorded stand-up) can have.
const YEARS: std::ops::RangeInclusive<u16> = 1900..=2100;

/// The routine's details as they stand, to start the form with.
pub fn current(routine: &RoutineHead, catalog: &[CatalogEntry]) -> TypedDetails {
    let meta = routine.meta.clone().unwrap_or_default();
    let show_id = meta.show_id;
    let mut comedians = Vec::new();
    let mut show = String::new();
    for entry in catalog {
        match entry {
            CatalogEntry::Show { id, title } if Some(*id) == show_id => show.clone_from(title),
            CatalogEntry::Comedian { show_id: of, name, .. } if Some(*of) == show_id => comedians.push(name.as_str()),
            _ => {}
        }
    }
    TypedDetails {
        comedians: comedians.join(", "),
        show,
        year: meta.year.map(|y| y.to_string()).unwrap_or_default(),
        video: meta.video_id.unwrap_or_default(),
    }
}

/// The writes that give `routine` the typed details. Its show and comedians are catalog rows
/// keyed by the routine's show id; when another routine shares that id (as the tables allow),
/// the routine gets a show id of its own, so the other routine's names do not change with it.
pub fn batch(
    routine: &RoutineHead,
    routines: &[RoutineHead],
    catalog: &[CatalogEntry],
    typed: &TypedDetails,
) -> Result<ImportBatch, DetailsError> {
    let year = match typed.year.trim() {
        "" => None,
        year => Some(year.parse().ok().filter(|y| YEARS.contains(y)).ok_or_else(|| DetailsError::Year(year.into()))?),
    };
    let video_id = match typed.video.trim() {
        "" => None,
        video => Some(youtube_video_id(video).ok_or_else(|| DetailsError::Video(video.into()))?.to_owned()),
    };
    let meta = routine.meta.clone().unwrap_or_default();
    let shared =
        |id: u32| routines.iter().any(|r| r.id != routine.id && r.meta.as_ref().and_then(|m| m.show_id) == Some(id));
    let show_id = match meta.show_id.filter(|&id| !shared(id)) {
        Some(id) => id,
        None => {
            next_id(catalog.iter().filter_map(show_of).chain(routines.iter().filter_map(|r| r.meta.as_ref()?.show_id)))
        }
    };

    // The show's rows are replaced: the old comedians go, the typed ones come with new ids.
    let mut removed: Vec<String> =
        catalog.iter().filter(|e| show_of(e) == Some(show_id)).map(CatalogEntry::key).collect();
    let mut entries = Vec::new();
    let title = typed.show.trim();
    if !title.is_empty() {
        entries.push(CatalogEntry::Show { id: show_id, title: title.to_owned() });
    }
    let mut comedian_ids = next_id(catalog.iter().filter_map(|e| match e {
        CatalogEntry::Comedian { id, .. } => Some(*id),
        CatalogEntry::Show { .. } => None,
    }))..;
    for name in typed.comedians.split(',').map(str::trim).filter(|n| !n.is_empty()) {
        let id = comedian_ids.next().unwrap_or(u32::MAX);
        entries.push(CatalogEntry::Comedian { id, show_id, name: name.to_owned() });
    }
    removed.retain(|key| !entries.iter().any(|e| e.key() == *key));

    let meta = RoutineMeta { show_id: Some(show_id), year, video_id, ..meta };
    let routine = Routine { id: routine.id.clone(), transcript: None, meta: Some(meta) };
    Ok(ImportBatch { routines: vec![routine], jokes: Vec::new(), catalog: entries, catalog_removed: removed })
}

/// The show a catalog row belongs to.
fn show_of(entry: &CatalogEntry) -> Option<u32> {
    match entry {
        CatalogEntry::Show { id, .. } => Some(*id),
        CatalogEntry::Comedian { show_id, .. } => Some(*show_id),
    }
}

/// One more than the largest id, or 1.
fn next_id(ids: impl Iterator<Item = u32>) -> u32 {
    ids.max().map_or(1, |id| id.saturating_add(1))
}
