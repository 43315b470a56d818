//! The voter's page, `/vote/<ballot id>`: one joke at a time in large type, three buttons
//! ("Buena talla", "Fome", "Paso"; keys f, n, s), a count of votes cast, and the next jokes fetched
//! ahead so the next one shows the moment a vote is cast.
//!
//! A vote is done for the voter when it is tapped: it goes into this browser's outbox (`session`,
//! kept by `stored` across reloads) and a sender delivers the outbox in order, waiting out a rate
//! limit, backing off while offline and going on by itself once the connection is back. The
//! worker counts each voter's vote on a joke once, so a vote sent twice after a lost answer is
//! harmless.

mod session;
mod stored;

use leptos::prelude::*;
use tallas_core::ballot::VoteRequest;
use tallas_core::scores::crowd::Vote;

use super::api::{self, OpenError};
use crate::browser::{local_time, sleep};
use crate::i18n::{fill, open::t};
use session::Session;

/// The longest wait between tries while nothing gets through, in seconds.
const MAX_BACKOFF_S: u32 = 30;

/// Where the page stands.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Phase {
    Loading,
    Voting,
    /// No such ballot (the worker's 404).
    Unknown,
    /// The ballot has ended (410).
    Closed,
    /// The first jokes could not be fetched; tried again by itself after this many seconds.
    Unreachable(u32),
    /// A failure no retry mends.
    Failed(String),
}

/// How the outbox's deliveries are going.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Link {
    Fine,
    /// No connection: votes wait here.
    Offline,
    /// The worker asked to wait; seconds left.
    Waiting(u32),
}

/// The page's state, shared by its handlers (all `Copy`).
#[derive(Clone, Copy)]
struct Voter {
    ballot_id: StoredValue<String>,
    voter_id: StoredValue<String>,
    session: RwSignal<Session>,
    phase: RwSignal<Phase>,
    link: RwSignal<Link>,
    title: RwSignal<String>,
    closes_at: RwSignal<Option<String>>,
    /// This browser keeps the session (false in some private windows).
    keeps: RwSignal<bool>,
    fetching: StoredValue<bool>,
    /// Jokes were asked for while a request was out: its answer may be stale (a vote delivered
    /// meanwhile), so ask once more when it is in.
    fetch_again: StoredValue<bool>,
    sending: StoredValue<bool>,
    /// The outbox's wait after a failed delivery, in seconds; back to the shortest when the
    /// browser says it is online again, so a try that failed just as the connection came back
    /// is not followed by a long wait.
    backoff: StoredValue<u32>,
}

#[component]
pub fn VotePage(ballot_id: String) -> impl IntoView {
    let saved = stored::load(&ballot_id);
    let voter = Voter {
        ballot_id: StoredValue::new(ballot_id),
        voter_id: StoredValue::new(stored::voter_id()),
        session: RwSignal::new(Session::new(saved)),
        phase: RwSignal::new(Phase::Loading),
        link: RwSignal::new(Link::Fine),
        title: RwSignal::new(t().VOTE_PAGE_TITLE.to_owned()),
        closes_at: RwSignal::new(None),
        keeps: RwSignal::new(true),
        fetching: StoredValue::new(false),
        fetch_again: StoredValue::new(false),
        sending: StoredValue::new(false),
        backoff: StoredValue::new(1),
    };
    voter.fetch_more();
    // Votes kept from an earlier visit go out now.
    voter.send_outbox();
    let online = window_event_listener(leptos::ev::online, move |_| {
        voter.backoff.set_value(1);
        voter.link.set(Link::Fine);
        voter.send_outbox();
    });
    let offline = window_event_listener(leptos::ev::offline, move |_| voter.link.set(Link::Offline));
    let keys = window_event_listener(leptos::ev::keydown, move |event| {
        if event.ctrl_key() || event.meta_key() || event.alt_key() || event.repeat() {
            return;
        }
        let vote = match event.key().as_str() {
            "f" | "F" => Vote::Funny,
            "n" | "N" => Vote::NotFunny,
            "s" | "S" => Vote::Skip,
            _ => return,
        };
        event.prevent_default();
        voter.cast(vote);
    });
    on_cleanup(move || {
        online.remove();
        offline.remove();
        keys.remove();
    });
    Effect::new(move |_| {
        let title = voter.title.get();
        document().set_title(&title);
    });

    let w = t();
    let count = move || counted(voter.session.with(Session::voted), t().VOTE_COUNT_ONE, t().VOTE_COUNT);
    let closes = move || {
        voter
            .closes_at
            .get()
            .map(|at| view! { <p class="voter-closes">{fill(t().VOTE_CLOSES, &[&local_time(&at)])}</p> })
    };
    let joke = move || voter.session.with(|s| s.current().map(|joke| joke.text.clone()));
    let voting = move || voter.phase.get() == Phase::Voting && voter.session.with(|s| s.current().is_some());
    view! {
        <main class="voter" id="main">
            <header class="voter-header">
                <h1>{move || voter.title.get()}</h1>
                <p class="voter-count" data-testid="vote-count" aria-live="polite">{count}</p>
                {closes}
            </header>
            {move || banner(voter)}
            <section class="joke-card" aria-label=w.VOTE_JOKE aria-live="polite" hidden=move || !voting()>
                <p class="joke-text" data-testid="vote-joke">{joke}</p>
            </section>
            // Always in the page while voting, so focus stays on a button from one joke to the next.
            <div class="vote-buttons" role="group" aria-label=w.VOTE_CHOICES hidden=move || !voting()>
                <button type="button" class="vote-funny" data-testid="vote-funny" on:click=move |_| voter.cast(Vote::Funny)>
                    {w.VOTE_FUNNY}
                </button>
                <button type="button" class="vote-not-funny" data-testid="vote-not-funny" on:click=move |_| voter.cast(Vote::NotFunny)>
                    {w.VOTE_NOT_FUNNY}
                </button>
                <button type="button" class="vote-skip" data-testid="vote-skip" on:click=move |_| voter.cast(Vote::Skip)>
                    {w.VOTE_SKIP}
                </button>
            </div>
            <p class="hint voter-keys" hidden=move || !voting()>{w.VOTE_KEYS}</p>
            {move || state(voter)}
        </main>
    }
}

/// The line above the joke about the outbox: offline, waiting out a limit, votes still to send.
fn banner(voter: Voter) -> Option<AnyView> {
    let unsent = voter.session.with(Session::unsent);
    let text = match (voter.link.get(), voter.keeps.get()) {
        (Link::Offline, _) => {
            format!("{} {}", t().VOTE_OFFLINE, counted(unsent, t().VOTE_PENDING_ONE, t().VOTE_PENDING))
        }
        (Link::Waiting(seconds), _) => fill(t().VOTE_RATE_LIMITED, &[&seconds]),
        (Link::Fine, false) => t().VOTE_NO_STORAGE.to_owned(),
        (Link::Fine, true) => return None,
    };
    Some(view! { <p class="voter-banner" role="status" data-testid="vote-banner">{text}</p> }.into_any())
}

/// Everything but a joke to vote on: loading, thanks, and the ends a voter can meet.
fn state(voter: Voter) -> Option<AnyView> {
    let w = t();
    let unsent = voter.session.with(Session::unsent);
    let (title, text, testid): (Option<&str>, String, &str) = match voter.phase.get() {
        Phase::Loading => {
            return Some(view! { <p class="muted" data-testid="vote-loading">{w.VOTE_LOADING}</p> }.into_any());
        }
        Phase::Voting if voter.session.with(Session::is_done) => {
            let sending = (unsent > 0).then(|| format!(" {}", fill(w.VOTE_SENDING, &[&unsent])));
            (Some(w.VOTE_THANKS_TITLE), format!("{}{}", w.VOTE_THANKS_TEXT, sending.unwrap_or_default()), "vote-done")
        }
        Phase::Voting if voter.session.with(|s| s.current().is_none()) => {
            return Some(view! { <p class="muted" data-testid="vote-loading">{w.VOTE_LOADING}</p> }.into_any());
        }
        Phase::Voting => return None,
        Phase::Unknown => (Some(w.VOTE_UNKNOWN_TITLE), w.VOTE_UNKNOWN_TEXT.to_owned(), "vote-unknown"),
        Phase::Closed => {
            let unsent = (unsent > 0).then(|| format!(" {}", fill(w.VOTE_CLOSED_UNSENT, &[&unsent])));
            (Some(w.VOTE_CLOSED_TITLE), format!("{}{}", w.VOTE_CLOSED_TEXT, unsent.unwrap_or_default()), "vote-closed")
        }
        Phase::Unreachable(seconds) => {
            return Some(
                view! {
                    <section class="voter-state" data-testid="vote-unreachable" role="alert">
                        <h2>{w.VOTE_UNREACHABLE_TITLE}</h2>
                        <p>{fill(w.VOTE_UNREACHABLE_TEXT, &[&seconds])}</p>
                        // Cuts the countdown short: the waiting fetch tries again at once.
                        <button type="button" class="primary" on:click=move |_| voter.phase.set(Phase::Loading)>
                            {w.VOTE_RETRY}
                        </button>
                    </section>
                }
                .into_any(),
            );
        }
        Phase::Failed(message) => (None, fill(w.VOTE_FAILED, &[&message]), "vote-failed"),
    };
    Some(
        view! {
            <section class="voter-state" data-testid=testid role="status">
                {title.map(|title| view! { <h2>{title}</h2> })}
                <p>{text}</p>
            </section>
        }
        .into_any(),
    )
}

impl Voter {
    /// Casts a vote on the joke shown: the next joke at once, the vote into the outbox.
    fn cast(self, vote: Vote) {
        if self.phase.get_untracked() != Phase::Voting {
            return;
        }
        let mut cast = false;
        self.session.update(|s| cast = s.vote(vote).is_some());
        if !cast {
            return;
        }
        self.keep();
        if self.session.with_untracked(Session::wants_more) {
            self.fetch_more();
        }
        self.send_outbox();
    }

    fn keep(self) {
        let kept = self.session.with_untracked(|s| stored::save(&self.ballot_id.get_value(), s.saved()));
        if kept != self.keeps.get_untracked() {
            self.keeps.set(kept);
        }
    }

    /// Asks the worker for the next jokes, unless a request is already out. Before the first
    /// jokes arrive, a failure shows its state and is tried again by itself.
    fn fetch_more(self) {
        if self.fetching.get_value() {
            self.fetch_again.set_value(true);
            return;
        }
        self.fetch_again.set_value(false);
        self.fetching.set_value(true);
        leptos::task::spawn_local(async move {
            let mut backoff = 2;
            loop {
                let limit = self.session.with_untracked(Session::limit);
                let answer = api::next(&self.ballot_id.get_value(), &self.voter_id.get_value(), limit).await;
                match answer {
                    Ok(next) => {
                        self.title.set(next.title);
                        self.closes_at.set(next.closes_at);
                        self.session.update(|s| s.add(next.jokes, next.remaining));
                        self.phase.set(Phase::Voting);
                        break;
                    }
                    Err(OpenError::NotFound(_)) => self.end(Phase::Unknown),
                    Err(OpenError::Gone(_)) => self.end(Phase::Closed),
                    Err(error) if error.is_transient() => {
                        if self.session.with_untracked(|s| s.current().is_some()) {
                            // Jokes are still queued: the next vote asks again.
                            break;
                        }
                        let seconds = match error {
                            OpenError::RateLimited(seconds) => seconds,
                            _ => backoff,
                        };
                        if self.count_down(seconds).await {
                            continue;
                        }
                        backoff = (backoff * 2).min(MAX_BACKOFF_S);
                        continue;
                    }
                    Err(error) => self.end(Phase::Failed(error.to_string())),
                }
                break;
            }
            self.fetching.set_value(false);
            if self.fetch_again.get_value() && self.session.with_untracked(Session::wants_more) {
                self.fetch_more();
            }
        });
    }

    /// Shows the seconds left before the next try, each second for `seconds`; `true` when cut
    /// short (the voter pressed "try again now").
    async fn count_down(self, seconds: u32) -> bool {
        for left in (1..=seconds).rev() {
            self.phase.set(Phase::Unreachable(left));
            sleep(1000).await;
            if self.phase.get_untracked() != Phase::Unreachable(left) {
                return true;
            }
        }
        false
    }

    fn end(self, phase: Phase) {
        self.phase.set(phase);
    }

    /// Delivers the outbox, oldest vote first, unless a sender is already at it.
    fn send_outbox(self) {
        if self.sending.get_value() {
            return;
        }
        self.sending.set_value(true);
        leptos::task::spawn_local(async move {
            self.backoff.set_value(1);
            while let Some(pending) = self.session.with_untracked(|s| s.next_unsent().cloned()) {
                let request = VoteRequest {
                    voter_id: self.voter_id.get_value(),
                    joke_id: pending.joke_id.clone(),
                    vote: pending.vote,
                };
                match api::vote(&self.ballot_id.get_value(), &request).await {
                    Ok(_) | Err(OpenError::NotFound(_) | OpenError::Refused(_)) => {
                        // Recorded now or before; or a vote the worker will never take (a joke no
                        // longer on the ballot): either way, out of the outbox.
                        self.backoff.set_value(1);
                        self.link.set(Link::Fine);
                        self.session.update(|s| s.sent(&pending.joke_id));
                        self.keep();
                        if self.session.with_untracked(Session::wants_more) {
                            self.fetch_more();
                        }
                    }
                    Err(OpenError::Gone(_)) => {
                        self.end(Phase::Closed);
                        break;
                    }
                    Err(OpenError::RateLimited(seconds)) => {
                        for left in (1..=seconds).rev() {
                            self.link.set(Link::Waiting(left));
                            sleep(1000).await;
                        }
                        self.link.set(Link::Fine);
                    }
                    Err(
                        OpenError::Unreachable
                        | OpenError::Failing(_)
                        | OpenError::NotConfigured(_)
                        | OpenError::BudgetSpent(_),
                    ) => {
                        self.link.set(Link::Offline);
                        // Waits out the backoff, or less: the browser's `online` event clears the
                        // mark, and the vote goes out again at once (and the next wait, should
                        // that try fail too, is the shortest again).
                        let wait = self.backoff.get_value();
                        self.backoff.update_value(|b| *b = (*b * 2).min(MAX_BACKOFF_S));
                        for _ in 0..wait * 4 {
                            sleep(250).await;
                            if self.link.get_untracked() != Link::Offline {
                                break;
                            }
                        }
                    }
                }
            }
            self.sending.set_value(false);
        });
    }
}

/// `n` with the words for one (`one`) or for any other number (`many`, a template).
fn counted(n: usize, one: &str, many: &str) -> String {
    if n == 1 { one.to_owned() } else { fill(many, &[&n]) }
}
