//! The arena, the playground's second mode: a keyword, two jokes from two published models the
//! worker picked and shuffled, unnamed; the player picks "A", "B", "Empate" or "Ninguna", and only
//! then sees which model wrote which. The player's anonymous id (kept in this browser) is what the
//! worker ties the match to, so only this player's vote on it counts, once.

use leptos::prelude::*;
use tallas_core::play::arena::{ArenaChoice, ArenaMatch, ArenaRequest, ArenaReveal, ArenaVoteRequest};

use super::{KeywordInput, Notice, Player, keyword_problem};
use crate::i18n::{fill, open::t};
use crate::open::anonymous;
use crate::open::api::{self, OpenError};

const PLAYER_KEY: &str = "tallas.player";

/// Where a round stands.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Round {
    Idle,
    /// Both models are writing.
    Thinking,
    Voting(ArenaMatch),
    Sending(ArenaMatch, ArenaChoice),
    Revealed(ArenaMatch, ArenaChoice, ArenaReveal),
    /// The vote did not arrive; sending it again is safe (the worker counts it once).
    Unsent(ArenaMatch, ArenaChoice, String),
}

impl Round {
    fn current(&self) -> Option<&ArenaMatch> {
        match self {
            Round::Idle | Round::Thinking => None,
            Round::Voting(m) | Round::Sending(m, _) | Round::Revealed(m, ..) | Round::Unsent(m, ..) => Some(m),
        }
    }

    fn choice(&self) -> Option<ArenaChoice> {
        match self {
            Round::Sending(_, c) | Round::Revealed(_, c, _) | Round::Unsent(_, c, _) => Some(*c),
            _ => None,
        }
    }

    fn busy(&self) -> bool {
        matches!(self, Round::Thinking | Round::Voting(_) | Round::Sending(..))
    }
}

#[derive(Clone, Copy)]
struct Arena {
    player: Player,
    player_id: StoredValue<String>,
    round: RwSignal<Round>,
}

#[component]
pub fn ArenaMode(player: Player) -> impl IntoView {
    let arena = Arena {
        player,
        player_id: StoredValue::new(anonymous::kept_id(PLAYER_KEY)),
        round: RwSignal::new(Round::Idle),
    };
    let w = t();
    let waiting = move || player.waiting();
    let shown = move || arena.round.with(|r| r.current().is_some());
    view! {
        <section class="arena" data-testid="arena">
            <p class="muted">{w.ARENA_INTRO}</p>
            <form
                class="play-form"
                on:submit=move |event| {
                    event.prevent_default();
                    arena.start(player.keyword.get_untracked());
                }
            >
                <KeywordInput player id="arena-keyword" />
                <button type="submit" class="primary" data-testid="arena-start" disabled=move || arena.round.with(Round::busy) || waiting()>
                    {w.ARENA_START}
                </button>
            </form>
            <p class="muted" data-testid="arena-thinking" hidden=move || arena.round.get() != Round::Thinking>{w.ARENA_THINKING}</p>
            <div class="arena-jokes" hidden=move || !shown()>
                {move || slot(arena, true)}
                {move || slot(arena, false)}
            </div>
            <div class="arena-choices" role="group" aria-label=w.ARENA_CHOICES hidden=move || !shown()>
                {[(ArenaChoice::A, w.ARENA_A), (ArenaChoice::B, w.ARENA_B), (ArenaChoice::Tie, w.ARENA_TIE), (ArenaChoice::Neither, w.ARENA_NEITHER)]
                    .into_iter()
                    .map(|(choice, label)| view! {
                        <button
                            type="button"
                            data-testid=format!("arena-{}", choice.as_str())
                            aria-pressed=move || (arena.round.with(Round::choice) == Some(choice)).to_string()
                            disabled=move || !matches!(arena.round.get(), Round::Voting(_))
                            on:click=move |_| arena.vote(choice)
                        >
                            {label}
                        </button>
                    })
                    .collect_view()}
            </div>
            {move || after(arena)}
        </section>
    }
}

/// One joke's card; after the vote, the model that wrote it.
fn slot(arena: Arena, first: bool) -> Option<AnyView> {
    let w = t();
    let round = arena.round.get();
    let joke = round.current()?;
    let (label, text) = if first { (w.ARENA_SLOT_A, joke.a.clone()) } else { (w.ARENA_SLOT_B, joke.b.clone()) };
    let wrote = match &round {
        Round::Revealed(_, _, reveal) => Some(if first { reveal.a.clone() } else { reveal.b.clone() }),
        _ => None,
    };
    let id = if first { "arena-joke-a" } else { "arena-joke-b" };
    Some(
        view! {
            <figure class="joke-card arena-card">
                <figcaption class="muted">{label}</figcaption>
                <p class="joke-text" data-testid=id>{text}</p>
                {wrote.map(|model| view! { <p class="muted" data-testid=format!("{id}-by")>{fill(t().ARENA_WROTE, &[&model])}</p> })}
            </figure>
        }
        .into_any(),
    )
}

/// Thanks and another round after the reveal, or the vote that did not arrive.
fn after(arena: Arena) -> Option<AnyView> {
    let w = t();
    match arena.round.get() {
        Round::Revealed(..) => Some(
            view! {
                <p role="status" data-testid="arena-thanks">{w.ARENA_THANKS}</p>
                <button type="button" class="play-again" data-testid="arena-again" on:click=move |_| arena.start(arena.player.keyword.get_untracked())>
                    {w.ARENA_AGAIN}
                </button>
            }
            .into_any(),
        ),
        Round::Unsent(_, choice, why) => Some(
            view! {
                <p class="voter-banner" role="alert" data-testid="arena-unsent">{fill(w.ARENA_VOTE_FAILED, &[&why])}</p>
                <button type="button" data-testid="arena-send-again" on:click=move |_| arena.send(choice)>{w.ARENA_SEND_AGAIN}</button>
            }
            .into_any(),
        ),
        _ => None,
    }
}

impl Arena {
    /// A new match for `keyword`, unless a round is under way.
    fn start(self, keyword: String) {
        if matches!(self.round.get_untracked(), Round::Thinking | Round::Sending(..)) {
            return;
        }
        if let Some(problem) = keyword_problem(&keyword) {
            self.player.notice.set(Some(Notice::Keyword(problem)));
            return;
        }
        let request = ArenaRequest { keyword, player_id: self.player_id.get_value() };
        self.player.notice.set(None);
        self.round.set(Round::Thinking);
        leptos::task::spawn_local(async move {
            match api::arena_match(&request).await {
                Ok(served) => self.round.set(Round::Voting(served)),
                Err(error) => {
                    self.round.set(Round::Idle);
                    match error {
                        OpenError::NotConfigured(_) => {
                            self.player.notice.set(Some(Notice::Failed(t().ARENA_NEEDS_TWO.to_owned())))
                        }
                        other => self.player.refused(other).await,
                    }
                }
            }
        });
    }

    fn vote(self, choice: ArenaChoice) {
        if matches!(self.round.get_untracked(), Round::Voting(_)) {
            self.send(choice);
        }
    }

    /// Sends the verdict; a failure keeps it to send again.
    fn send(self, choice: ArenaChoice) {
        let Some(served) = self.round.with_untracked(|r| r.current().cloned()) else { return };
        self.round.set(Round::Sending(served.clone(), choice));
        let vote = ArenaVoteRequest { player_id: self.player_id.get_value(), choice };
        leptos::task::spawn_local(async move {
            self.round.set(match api::arena_vote(&served.match_id, &vote).await {
                Ok(reveal) => Round::Revealed(served, choice, reveal),
                Err(OpenError::Unreachable) => Round::Unsent(served, choice, t().PLAY_UNREACHABLE.to_owned()),
                Err(OpenError::RateLimited(seconds)) => {
                    Round::Unsent(served, choice, fill(t().PLAY_RATE_LIMITED, &[&seconds]))
                }
                Err(error) => Round::Unsent(served, choice, error.to_string()),
            });
        });
    }
}
