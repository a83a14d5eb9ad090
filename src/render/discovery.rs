//! The files that help readers and machines find pages: the search index, the Atom
//! feeds, the sitemap and robots.txt. They are made from the finished output, after
//! every page and static file, so that the sitemap holds every page whichever part of
//! Casebook made it.

use std::collections::BTreeMap;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::Site;
use crate::model::index::Index;

use super::Content;
use super::search::{self, SearchPage};
use super::urls::{self, Route};
use super::{feed, sitemap};

/// Adds the discovery files to `files` (output path → content). A file of the site's
/// own `static/` folder at one of their paths is an error, except `robots.txt`, which
/// the site may write itself.
pub fn add_files(site: &Site, index: &Index, files: &mut BTreeMap<String, Content>) -> Diagnostics {
    let mut diags = Diagnostics::new();
    let base_url = &site.config.base_url;

    let urls = sitemap::page_urls(files.keys().map(String::as_str), base_url);
    let mut made = sitemap::files(&urls, base_url, sitemap::MAX_URLS);
    made.extend(feed::feeds(site, index));
    match search::index(search_pages(site, files)) {
        Ok(index_files) => made.extend(index_files),
        Err(d) => diags.push(d),
    }

    for (path, bytes) in made {
        match files.get(&path) {
            None => {
                files.insert(path, Content::Bytes(bytes));
            }
            Some(_) if path == "robots.txt" => {}
            Some(_) => diags.push(
                Diagnostic::in_file(
                    format!("static/{path} would overwrite a file that Casebook makes"),
                    format!("static/{path}"),
                )
                .help("rename or move this file"),
            ),
        }
    }
    diags
}

/// The rendered pages of cases, programs and free pages, as the search index takes them.
fn search_pages(site: &Site, files: &BTreeMap<String, Content>) -> Vec<SearchPage> {
    let routes: Vec<Route> = site
        .cases
        .iter()
        .map(|c| urls::case(&c.base.slug))
        .chain(site.programs.iter().map(|p| urls::program(&p.base.slug)))
        .chain(site.pages.iter().map(|p| urls::page(&p.slug)))
        .collect();
    routes
        .into_iter()
        .filter_map(|route| match files.get(&route.output_file()) {
            Some(Content::Bytes(bytes)) => Some(SearchPage {
                url: route.url("/"),
                html: String::from_utf8_lossy(bytes).into_owned(),
            }),
            _ => None,
        })
        .collect()
}
