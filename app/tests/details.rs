//! A routine's typed details become the records the metadata tables give (`domain::details`).

use tallas_app::domain::details::{self, DetailsError, TypedDetails};
use tallas_app::domain::{CatalogEntry, RoutineHead, RoutineMeta};

fn head(id: &str, show_id: Option<u32>) -> RoutineHead {
    let meta =
        show_id.map(|id| RoutineMeta { show_id: Some(id), event: Some("Viña".into()), ..RoutineMeta::default() });
    RoutineHead { id: id.into(), meta, has_transcript: true }
}

fn typed(comedians: &str, show: &str, year: &str, video: &str) -> TypedDetails {
    TypedDetails { comedians: comedians.into(), show: show.into(), year: year.into(), video: video.into() }
}

/// The show id the routine ends with, the catalog rows written and the keys removed.
fn check(
    routines: &[RoutineHead],
    catalog: &[CatalogEntry],
    typed: &TypedDetails,
    expected: (u32, &[CatalogEntry], &[&str]),
) {
    let batch = details::batch(&routines[0], routines, catalog, typed).unwrap();
    let meta = batch.routines[0].meta.clone().unwrap();
    assert_eq!(meta.show_id, Some(expected.0));
    assert_eq!(batch.catalog, expected.1);
    assert_eq!(batch.catalog_removed, expected.2);
    assert!(batch.jokes.is_empty() && batch.routines[0].transcript.is_none(), "only metadata is written");
}

fn show(id: u32, title: &str) -> CatalogEntry {
    CatalogEntry::Show { id, title: title.into() }
}

fn comedian(id: u32, show_id: u32, name: &str) -> CatalogEntry {
    CatalogEntry::Comedian { id, show_id, name: name.into() }
}

#[test]
fn a_routine_without_details_gets_a_show_of_its_own() {
    let catalog = [show(7, "El Show"), comedian(3, 7, "Pepe Pérez")];
    check(
        &[head("901", None), head("900", Some(7))],
        &catalog,
        &typed("Coco Legrand", "Viña 1985", "1985", "dQw4w9WgXcQ"),
        (8, &[show(8, "Viña 1985"), comedian(4, 8, "Coco Legrand")], &[]),
    );
}

#[test]
fn a_show_only_this_routine_has_is_renamed_and_its_comedians_replaced() {
    let catalog = [show(7, "El Show"), comedian(3, 7, "Pepe Pérez"), comedian(5, 7, "Juan Soto")];
    check(
        &[head("900", Some(7))],
        &catalog,
        &typed("Pepe Pérez", "El Show del Cuñado", "", ""),
        (7, &[show(7, "El Show del Cuñado"), comedian(6, 7, "Pepe Pérez")], &["comedian:3", "comedian:5"]),
    );
    // No title: the show's row goes too.
    check(&[head("900", Some(7))], &catalog, &typed("", "", "", ""), (7, &[], &["show:7", "comedian:3", "comedian:5"]));
}

#[test]
fn a_show_another_routine_shares_keeps_its_names_for_that_routine() {
    let catalog = [show(7, "El Show"), comedian(3, 7, "Pepe Pérez")];
    check(
        &[head("900", Some(7)), head("901", Some(7))],
        &catalog,
        &typed("Juan Soto", "Otro show", "", ""),
        (8, &[show(8, "Otro show"), comedian(4, 8, "Juan Soto")], &[]),
    );
}

#[test]
fn year_and_video_are_checked_and_kept_with_the_rest_of_the_metadata() {
    let routines = [head("900", Some(7))];
    let batch = details::batch(
        &routines[0],
        &routines,
        &[],
        &typed("", "", " 1987 ", "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=5"),
    );
    let meta = batch.unwrap().routines[0].meta.clone().unwrap();
    assert_eq!(
        (meta.year, meta.video_id.as_deref(), meta.event.as_deref()),
        (Some(1987), Some("dQw4w9WgXcQ"), Some("Viña"))
    );

    for (year, video, expected) in [
        ("19a5", "", DetailsError::Year("19a5".into())),
        ("1850", "", DetailsError::Year("1850".into())),
        ("", "https://vimeo.com/123", DetailsError::Video("https://vimeo.com/123".into())),
        ("", "abc", DetailsError::Video("abc".into())),
    ] {
        let error = details::batch(&routines[0], &routines, &[], &typed("", "", year, video)).unwrap_err();
        assert_eq!(error, expected);
        assert!(error.to_string().contains("nada") || error.to_string().contains("nothing"), "{error}");
    }
}
