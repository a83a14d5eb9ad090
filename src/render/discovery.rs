//! The files that help readers and machines find pages: the Atom feeds, the sitemap
//! and robots.txt. They are added to the finished output, after every page and static
//! file, so that the sitemap holds every page whichever part of Casebook made it. (The
//! search index is made from the model, on threads of its own: see `search`.)

use std::collections::BTreeSet;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::Site;
use crate::model::index::Index;

use super::{feed, sitemap};

/// The discovery files for an output of the files `made` (by path). A file of the
/// site's own `static/` folder at one of their paths is an error, except `robots.txt`,
/// which the site may write itself.
pub fn files(
    site: &Site,
    index: &Index,
    made: &BTreeSet<String>,
    static_paths: &BTreeSet<&str>,
) -> Result<Vec<(String, Vec<u8>)>, Diagnostics> {
    let base_url = &site.config.base_url;
    let urls = sitemap::page_urls(made.iter().map(String::as_str), base_url);
    let mut files = sitemap::files(&urls, base_url, sitemap::MAX_URLS);
    files.extend(feed::feeds(site, index));
    unclaimed(files, static_paths)
}

/// `files` without those at the path of a static file: an error, except for
/// `robots.txt`, which the site may write itself.
fn unclaimed(
    mut files: Vec<(String, Vec<u8>)>,
    static_paths: &BTreeSet<&str>,
) -> Result<Vec<(String, Vec<u8>)>, Diagnostics> {
    let mut diags = Diagnostics::new();
    files.retain(|(path, _)| {
        if !static_paths.contains(path.as_str()) {
            return true;
        }
        if path != "robots.txt" {
            diags.push(overwritten(path));
        }
        false
    });
    if diags.is_empty() {
        Ok(files)
    } else {
        Err(diags)
    }
}

/// A file of the site's `static/` folder at `path`, where Casebook writes a file.
fn overwritten(path: &str) -> Diagnostic {
    Diagnostic::in_file(
        format!("static/{path} would overwrite a file that Casebook makes"),
        format!("static/{path}"),
    )
    .help("rename or move this file")
}
