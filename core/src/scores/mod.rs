//! The statistics behind Tallas's scores: crowd votes, labeller agreement, voter quality, pairwise
//! model evaluation and joke mentalization. Pure functions over plain data, so the app can show
//! them live and the worker or a test tool can recompute them identically.
//!
//! Two rules hold in every file here:
//! - No `NaN` or infinity ever reaches a caller. A statistic that is undefined for its input
//!   (no votes, no variation, nothing to compare) is `None`, or a documented default.
//! - Every result derives `Serialize`, because it goes straight to the UI.

pub mod agreement;
pub mod bootstrap;
pub mod bradley_terry;
pub mod crowd;
pub mod mentalization;
pub mod pairwise;
pub mod voter_quality;
pub mod wilson;
