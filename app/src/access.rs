//! The curator token as every page of a curator app shares it: whether the header should ask for
//! it (none saved, or the worker refused a curator call for it), and a count of saves that the
//! shared loader (`browser::load_local`) reads, so every read runs again once a token is pasted.
//!
//! Kept in a thread-local rather than a context because the API client notices a refusal after an
//! `await`, where no component's context is at hand; in the background worker, which has no
//! header, nothing is provided and every call here does nothing.

use std::cell::Cell;

use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct Access {
    /// The header asks for the token.
    wanted: RwSignal<bool>,
    /// Bumped at each save: what reads that need the token track.
    saves: RwSignal<u32>,
}

thread_local! {
    static ACCESS: Cell<Option<Access>> = const { Cell::new(None) };
}

/// Starts asking for the token when `wanted` (none is saved). Called once per page, by the shell.
pub fn provide(wanted: bool) {
    let access = Access { wanted: RwSignal::new(wanted), saves: RwSignal::new(0) };
    ACCESS.with(|cell| cell.set(Some(access)));
}

fn current() -> Option<Access> {
    ACCESS.with(Cell::get)
}

/// Whether the header asks for the token (tracked).
pub fn wanted() -> bool {
    current().is_some_and(|access| access.wanted.try_get().unwrap_or(false))
}

/// The worker refused a curator call for its token: the header asks for one.
pub fn refused() {
    if let Some(access) = current() {
        access.wanted.try_set(true);
    }
}

/// A token was saved: the header stops asking, and every read that tracks [`track`] runs again.
pub fn saved() {
    if let Some(access) = current() {
        access.wanted.try_set(false);
        access.saves.try_update(|n| *n += 1);
    }
}

/// Makes the calling effect run again after each save.
pub fn track() {
    if let Some(access) = current() {
        access.saves.track();
    }
}
