//! One module per page; `unrouted` answers every other path.

pub mod import;
pub mod jokes;
pub mod playground;
pub mod runs;
pub mod settings;
pub mod unrouted;

pub use import::ImportPage;
pub use jokes::JokesPage;
pub use playground::PlaygroundPage;
pub use runs::RunsPage;
pub use settings::SettingsPage;
pub use unrouted::UnroutedPage;
