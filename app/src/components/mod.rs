//! Pieces of UI shared by pages.

pub mod coming_soon;
pub mod curator_token;
pub mod exchange_list;
pub mod nav;
pub mod upstream_status;

pub use coming_soon::ComingSoon;
pub use curator_token::CuratorTokenForm;
pub use exchange_list::ExchangeList;
pub use nav::Nav;
pub use upstream_status::UpstreamStatus;
