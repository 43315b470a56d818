//! Pieces of UI shared by pages.

pub mod coming_soon;
pub mod curator_token;
pub mod exchange_list;
pub mod graph_view;
pub mod import_report;
pub mod joke_detail;
pub mod nav;
pub mod routine_details;
pub mod shortcuts_help;
pub mod upstream_status;

pub use coming_soon::ComingSoon;
pub use curator_token::CuratorTokenForm;
pub use exchange_list::ExchangeList;
pub use graph_view::GraphView;
pub use import_report::ImportReport;
pub use joke_detail::JokeDetail;
pub use nav::Nav;
pub use routine_details::RoutineDetails;
pub use shortcuts_help::ShortcutsHelp;
pub use upstream_status::UpstreamStatus;
