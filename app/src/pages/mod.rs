//! One folder per area of the app, each holding its page and the components only it uses; a
//! route each in `App`.

pub mod dataset;
pub mod evaluate;
pub mod fine_tune;
pub mod home;
pub mod import;
pub mod jokes;
pub mod not_found;
pub mod playground;
pub mod runs;
pub mod settings;
pub mod vote;

pub use dataset::DatasetPage;
pub use evaluate::EvaluatePage;
pub use fine_tune::FineTunePage;
pub use home::HomePage;
pub use import::ImportPage;
pub use jokes::JokesPage;
pub use not_found::NotFoundPage;
pub use playground::PlaygroundPage;
pub use runs::RunsPage;
pub use settings::SettingsPage;
pub use vote::VotePage;
