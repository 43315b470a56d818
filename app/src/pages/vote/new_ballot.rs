//! A new ballot's state: the jokes chosen for it (in Jokes, or here with the filters), its form's
//! fields, the gold jokes it will get, and making it. The views are `create`.

use std::collections::{HashMap, HashSet};

use leptos::prelude::*;
use tallas_core::ballot::{BallotJoke, CreateBallotRequest, GoldJoke, MAX_JOKES, MAX_TEXT_CHARS};

use crate::api::{self, ClientError};
use crate::clock;
use crate::components::use_ballot_draft;
use crate::domain::Joke;
use crate::domain::crowd::{BallotRecord, GoldChoice, parse_target_votes, pick_gold};
use crate::i18n::{self, fill};
use crate::store::{BallotRepo, Store, StoreError, use_store};

/// Gold jokes offered by default: enough to judge a voter over a short session.
const DEFAULT_GOLD: usize = 4;

/// Why a ballot was not made.
#[derive(Debug, Clone)]
pub enum BallotError {
    TooMany,
    BadTarget,
    BadCloses,
    Refused(ClientError),
    NotKept(StoreError),
}

impl BallotError {
    /// The sentence the form shows.
    pub fn words(&self) -> String {
        let w = i18n::t();
        match self {
            BallotError::TooMany => w.BALLOT_TOO_MANY.to_owned(),
            BallotError::BadTarget => w.BALLOT_BAD_TARGET.to_owned(),
            BallotError::BadCloses => w.BALLOT_BAD_CLOSES.to_owned(),
            BallotError::Refused(error) => error.to_string(),
            BallotError::NotKept(error) => error.to_string(),
        }
    }
}

#[derive(Clone, Copy)]
pub struct NewBallot {
    store: Store,
    /// The workspace's jokes, and where each is, so a choice of thousands is read in one pass.
    jokes: StoredValue<Vec<Joke>>,
    positions: StoredValue<HashMap<String, usize>>,
    /// Chosen in Jokes ("Votar estas N"); when there are none, `by_filter` chooses.
    pub draft: RwSignal<Vec<String>>,
    pub by_filter: RwSignal<Vec<String>>,
    pub title: RwSignal<String>,
    pub gold_count: RwSignal<String>,
    pub target: RwSignal<String>,
    /// A `datetime-local` value, in this browser's time zone.
    pub closes: RwSignal<String>,
    pub creating: RwSignal<bool>,
    pub error: RwSignal<Option<BallotError>>,
    gold_seed: RwSignal<u64>,
    taken_out: RwSignal<Vec<String>>,
    /// How many chosen jokes can go on the ballot, and how many cannot (too long or empty).
    pub counts: Memo<(usize, usize)>,
    /// The gold jokes the ballot will get, shown before it is made.
    pub gold: Memo<Vec<GoldChoice>>,
}

impl NewBallot {
    pub fn new(jokes: StoredValue<Vec<Joke>>) -> Self {
        let positions: HashMap<String, usize> =
            jokes.with_value(|jokes| jokes.iter().enumerate().map(|(p, j)| (j.id.clone(), p)).collect());
        let positions = StoredValue::new(positions);
        let draft = use_ballot_draft().0;
        let by_filter = RwSignal::new(Vec::new());
        let ids = move || chosen_ids(draft, by_filter);
        let gold_count = RwSignal::new(DEFAULT_GOLD.to_string());
        let (gold_seed, taken_out) = (RwSignal::new(clock::now_ms()), RwSignal::new(Vec::<String>::new()));
        let counts = Memo::new(move |_| {
            let (mut fit, mut refused) = (0, 0);
            read_chosen(jokes, positions, &ids(), &mut |_, fits| if fits { fit += 1 } else { refused += 1 });
            (fit, refused)
        });
        // A joke taken out is replaced by another where there is one.
        let gold = Memo::new(move |_| {
            let wanted = gold_count.get().trim().parse::<usize>().unwrap_or(0);
            let mut left_out = ids();
            left_out.extend(taken_out.get());
            jokes.with_value(|jokes| pick_gold(jokes, &left_out, wanted, gold_seed.get()))
        });
        Self {
            store: use_store(),
            jokes,
            positions,
            draft,
            by_filter,
            title: RwSignal::new(i18n::t().BALLOT_DEFAULT_TITLE.to_owned()),
            gold_count,
            target: RwSignal::new(String::new()),
            closes: RwSignal::new(String::new()),
            creating: RwSignal::new(false),
            error: RwSignal::new(None),
            gold_seed,
            taken_out,
            counts,
            gold,
        }
    }

    pub fn has_jokes(self) -> bool {
        self.jokes.with_value(|jokes| !jokes.is_empty())
    }

    fn ids(self) -> Vec<String> {
        chosen_ids(self.draft, self.by_filter)
    }

    /// Labelled jokes that could be gold: not on the ballot, not merged into another.
    pub fn available_gold(self) -> usize {
        let ids = self.ids();
        let on_ballot: HashSet<&String> = ids.iter().collect();
        self.jokes.with_value(|jokes| {
            jokes.iter().filter(|j| j.label.is_some() && j.merged_into.is_none() && !on_ballot.contains(&j.id)).count()
        })
    }

    /// The text of a gold choice's joke.
    pub fn text_of(self, id: &str) -> Option<String> {
        self.jokes.with_value(|jokes| self.positions.with_value(|p| p.get(id).map(|&at| jokes[at].text().to_owned())))
    }

    /// Leaves joke `id` out of the gold jokes.
    pub fn take_out(self, id: String) {
        self.taken_out.update(|ids| ids.push(id));
    }

    /// Draws other gold jokes.
    pub fn draw_again(self) {
        self.gold_seed.update(|seed| *seed = seed.wrapping_add(1));
    }

    /// Chooses the ballot's jokes with the filters here instead of Jokes' choice.
    pub fn choose_by_filter(self) {
        self.draft.set(Vec::new());
    }

    /// Makes the ballot at the worker and keeps it in this browser with its admin token; `created`
    /// gets its id. `closes_at` is the closing time in UTC, or `Err` when the field is unreadable.
    pub fn create(self, closes_at: Result<Option<String>, ()>, created: Callback<String>) {
        self.error.set(None);
        let request = match self.request(closes_at) {
            Ok(request) => request,
            Err(error) => return self.error.set(Some(error)),
        };
        let ids: Vec<String> = request.jokes.iter().map(|j| j.id.clone()).collect();
        let gold = self.gold.get_untracked();
        self.creating.set(true);
        leptos::task::spawn_local(async move {
            let made = async {
                let answer = api::create_ballot(&request).await.map_err(BallotError::Refused)?;
                let record = BallotRecord {
                    id: answer.ballot_id.clone(),
                    title: request.title.trim().to_owned(),
                    url: answer.url,
                    admin_token: answer.admin_token,
                    created_at_ms: clock::now_ms(),
                    joke_ids: ids,
                    gold,
                    target_votes: request.target_votes,
                    closes_at: request.closes_at.clone(),
                };
                let repo = self.store.open().await.map_err(BallotError::NotKept)?;
                repo.save_ballot(&record).await.map_err(BallotError::NotKept)?;
                Ok::<_, BallotError>(answer.ballot_id)
            }
            .await;
            self.creating.set(false);
            match made {
                Ok(id) => {
                    self.draft.set(Vec::new());
                    self.title.set(i18n::t().BALLOT_DEFAULT_TITLE.to_owned());
                    created.run(id);
                }
                Err(error) => self.error.set(Some(error)),
            }
        });
    }

    /// The request for the worker, from the chosen jokes that fit and the form's fields.
    fn request(self, closes_at: Result<Option<String>, ()>) -> Result<CreateBallotRequest, BallotError> {
        let mut jokes = Vec::new();
        read_chosen(self.jokes, self.positions, &self.ids(), &mut |joke, fits| {
            if fits {
                jokes.push(BallotJoke { id: joke.id.clone(), text: joke.text().to_owned() });
            }
        });
        if jokes.len() > MAX_JOKES {
            return Err(BallotError::TooMany);
        }
        let target_votes = parse_target_votes(&self.target.get_untracked()).map_err(|_| BallotError::BadTarget)?;
        let closes_at = closes_at.map_err(|()| BallotError::BadCloses)?;
        let gold: Vec<GoldJoke> = self
            .gold
            .get_untracked()
            .iter()
            .filter_map(|g| {
                Some(GoldJoke { id: g.joke_id.clone(), text: self.text_of(&g.joke_id)?, expected: g.expected })
            })
            .collect();
        Ok(CreateBallotRequest {
            title: self.title.get_untracked(),
            jokes,
            gold: (!gold.is_empty()).then_some(gold),
            target_votes,
            closes_at,
        })
    }

    /// "N too long" and "too many" warnings over the form, when they apply.
    pub fn warnings(self) -> Vec<String> {
        let (count, too_long) = self.counts.get();
        let w = i18n::t();
        let mut warnings = Vec::new();
        if too_long > 0 {
            warnings.push(fill(w.BALLOT_TOO_LONG, &[&too_long]));
        }
        if count > MAX_JOKES {
            warnings.push(w.BALLOT_TOO_MANY.to_owned());
        }
        warnings
    }
}

/// The chosen jokes' ids: Jokes' choice, or else the filters'.
fn chosen_ids(draft: RwSignal<Vec<String>>, by_filter: RwSignal<Vec<String>>) -> Vec<String> {
    if draft.with(Vec::is_empty) { by_filter.get() } else { draft.get() }
}

/// Each chosen joke of the workspace, with whether it can go on a ballot (not too long, not
/// empty); `f` reads them without copying their texts.
fn read_chosen(
    jokes: StoredValue<Vec<Joke>>,
    positions: StoredValue<HashMap<String, usize>>,
    ids: &[String],
    f: &mut dyn FnMut(&Joke, bool),
) {
    jokes.with_value(|jokes| {
        positions.with_value(|positions| {
            for joke in ids.iter().filter_map(|id| positions.get(id)).map(|&p| &jokes[p]) {
                f(joke, joke.text().chars().count() <= MAX_TEXT_CHARS && !joke.text().trim().is_empty());
            }
        })
    })
}
