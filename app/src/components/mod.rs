//! Pieces of UI that two or more pages share (the header is the shell's).

pub mod ballot_draft;
pub mod curator_token;
pub mod joke_catalogue;
pub mod joke_filters;
pub mod lineage;
pub mod loaded;
pub mod nav;
pub mod run_card;
pub mod upstream_status;

pub use ballot_draft::{BallotDraft, provide_ballot_draft, use_ballot_draft};
pub use curator_token::{CuratorTokenForm, TokenPrompt};
pub use lineage::{Lineage, lineage};
pub use loaded::{failed, loaded};
pub use nav::Nav;
pub use run_card::RunCard;
pub use upstream_status::UpstreamStatus;
