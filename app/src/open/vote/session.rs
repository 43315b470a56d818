//! A voter's session on one ballot, as this browser keeps it: the jokes queued to show, the votes
//! cast but not yet confirmed by the worker (the outbox), and every joke this voter voted on. Pure:
//! the page saves [`Saved`] after every change and sends the outbox; a reload starts from it.
//!
//! A vote counts for the voter the moment it is cast. The worker counts a vote once per voter and
//! joke, so sending one again after a lost answer is harmless; the outbox keeps each vote until the
//! worker has answered it.

use std::collections::{BTreeSet, VecDeque};

use serde::{Deserialize, Serialize};
use tallas_core::ballot::{BallotJoke, MAX_NEXT_LIMIT};
use tallas_core::scores::crowd::Vote;

/// Jokes asked for at a time.
pub const BATCH: usize = 10;
/// Below this many queued jokes the page asks for more, so the next one is always there.
const LOW_WATER: usize = 4;

/// What survives a reload.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Saved {
    /// Item ids this voter voted on (sent or not): never shown again.
    pub voted: BTreeSet<String>,
    /// Votes the worker has not confirmed yet, oldest first.
    pub outbox: Vec<Pending>,
}

/// A vote waiting in the outbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pending {
    pub joke_id: String,
    pub vote: Vote,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Session {
    saved: Saved,
    queue: VecDeque<BallotJoke>,
    /// The worker has nothing more for this voter beyond what is queued or in the outbox.
    exhausted: bool,
}

impl Session {
    pub fn new(saved: Saved) -> Self {
        Session { saved, ..Session::default() }
    }

    pub fn saved(&self) -> &Saved {
        &self.saved
    }

    /// The joke to vote on now.
    pub fn current(&self) -> Option<&BallotJoke> {
        self.queue.front()
    }

    /// Votes cast on this ballot from this browser, sent or not.
    pub fn voted(&self) -> usize {
        self.saved.voted.len()
    }

    /// Votes still in the outbox.
    pub fn unsent(&self) -> usize {
        self.saved.outbox.len()
    }

    /// Casts `vote` on the current joke: into the outbox, counted, and the next joke up.
    pub fn vote(&mut self, vote: Vote) -> Option<Pending> {
        let joke = self.queue.pop_front()?;
        let pending = Pending { joke_id: joke.id, vote };
        self.saved.voted.insert(pending.joke_id.clone());
        self.saved.outbox.push(pending.clone());
        Some(pending)
    }

    /// How many jokes to ask `/next` for: enough that the votes still in the outbox, which the
    /// worker does not know of yet and may serve again, cannot fill the whole answer.
    pub fn limit(&self) -> usize {
        (BATCH + self.unsent()).min(MAX_NEXT_LIMIT)
    }

    /// Takes an answer of `/next`: jokes already queued or voted on are dropped, the rest queued.
    /// `remaining` is how many jokes the worker still has open to this voter; when none of them is
    /// new here, the voter has seen everything.
    pub fn add(&mut self, jokes: Vec<BallotJoke>, remaining: u32) {
        let mut added = 0;
        for joke in jokes {
            let known = self.saved.voted.contains(&joke.id) || self.queue.iter().any(|queued| queued.id == joke.id);
            if !known {
                self.queue.push_back(joke);
                added += 1;
            }
        }
        let unseen_elsewhere = (remaining as usize).saturating_sub(self.unsent() + self.queue.len());
        self.exhausted = added == 0 && unseen_elsewhere == 0;
    }

    /// Whether to ask the worker for more jokes now.
    pub fn wants_more(&self) -> bool {
        !self.exhausted && self.queue.len() < LOW_WATER
    }

    /// Every joke voted on, and nothing more to come.
    pub fn is_done(&self) -> bool {
        self.exhausted && self.queue.is_empty()
    }

    /// The oldest vote to send.
    pub fn next_unsent(&self) -> Option<&Pending> {
        self.saved.outbox.first()
    }

    /// The worker answered the vote on `joke_id` (recorded now or before): out of the outbox. The
    /// voter may still have more to see, so the next answer of `/next` decides again.
    pub fn sent(&mut self, joke_id: &str) {
        self.saved.outbox.retain(|pending| pending.joke_id != joke_id);
        if self.queue.is_empty() {
            self.exhausted = false;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jokes(ids: &[&str]) -> Vec<BallotJoke> {
        ids.iter().map(|id| BallotJoke { id: (*id).into(), text: format!("Talla {id}") }).collect()
    }

    fn current(session: &Session) -> Option<&str> {
        session.current().map(|joke| joke.id.as_str())
    }

    #[test]
    fn a_vote_shows_the_next_joke_at_once_and_waits_in_the_outbox() {
        let mut session = Session::new(Saved::default());
        session.add(jokes(&["0", "1"]), 2);
        assert_eq!(current(&session), Some("0"));
        assert_eq!(session.vote(Vote::Funny), Some(Pending { joke_id: "0".into(), vote: Vote::Funny }));
        assert_eq!((current(&session), session.voted(), session.unsent()), (Some("1"), 1, 1));
        session.sent("0");
        assert_eq!((session.voted(), session.unsent()), (1, 0), "a sent vote still counts for the voter");
    }

    #[test]
    fn jokes_voted_or_queued_are_never_shown_twice() {
        let saved =
            Saved { voted: ["3".to_owned()].into(), outbox: vec![Pending { joke_id: "3".into(), vote: Vote::Skip }] };
        let mut session = Session::new(saved);
        // The worker does not know of the vote on 3 yet, and serves it again.
        session.add(jokes(&["3", "4"]), 2);
        session.add(jokes(&["4", "5"]), 3);
        let mut shown = Vec::new();
        while let Some(joke) = session.current() {
            shown.push(joke.id.clone());
            session.vote(Vote::NotFunny);
        }
        assert_eq!(shown, ["4", "5"]);
    }

    #[test]
    fn the_voter_is_done_when_the_worker_has_nothing_new() {
        let mut session = Session::new(Saved::default());
        session.add(jokes(&["0"]), 1);
        assert!(session.wants_more(), "one joke queued is below the low-water mark");
        session.vote(Vote::Funny);
        // The worker still counts 0 as open (the vote is in the outbox) and serves it again.
        session.add(jokes(&["0"]), 1);
        assert!(session.is_done() && !session.wants_more());
        session.sent("0");
        assert!(!session.is_done(), "after a send, the worker is asked once more");
        session.add(Vec::new(), 0);
        assert!(session.is_done());
    }

    #[test]
    fn an_answer_full_of_unsent_votes_is_not_the_end() {
        let voted: Vec<String> = (0..12).map(|n| n.to_string()).collect();
        let saved = Saved {
            voted: voted.iter().cloned().collect(),
            outbox: voted.iter().map(|id| Pending { joke_id: id.clone(), vote: Vote::Funny }).collect(),
        };
        let mut session = Session::new(saved);
        assert_eq!(session.limit(), 22, "room for every unsent vote plus a batch");
        // An answer of twelve unsent jokes while the worker still has twenty open.
        session.add(jokes(&voted.iter().map(String::as_str).collect::<Vec<_>>()), 20);
        assert!(!session.is_done() && session.wants_more());
    }

    #[test]
    fn a_saved_session_reads_back_as_it_was_written() {
        let saved =
            Saved { voted: ["1".to_owned()].into(), outbox: vec![Pending { joke_id: "1".into(), vote: Vote::Skip }] };
        let json = serde_json::to_string(&saved).unwrap();
        assert_eq!(json, r#"{"voted":["1"],"outbox":[{"joke_id":"1","vote":"skip"}]}"#);
        assert_eq!(serde_json::from_str::<Saved>(&json).unwrap(), saved);
    }
}
