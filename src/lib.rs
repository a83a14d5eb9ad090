//! Casebook: a static report-site generator for typical cases and financial support
//! programs. The pipeline reads as the modules do:
//! [`load`] → [`validate`] → [`model`] → [`render`] → [`write`], driven by [`pipeline`].

pub mod benchsite;
pub mod check_links;
pub mod diagnostics;
pub mod load;
pub mod model;
pub mod pipeline;
pub mod progress;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod validate;
pub mod write;
