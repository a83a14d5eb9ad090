//! The search index, made at build time by pagefind's Rust API (with its `extended`
//! feature, which segments Chinese words). It indexes the pages of cases, programs and
//! free pages as rendered, with the type, region and theme that the built-in templates
//! mark with `data-pagefind-meta` and `data-pagefind-filter`, and writes the index and
//! pagefind's search script under `/pagefind/`. The search page (`search.js`) runs it in
//! the reader's browser: no server is needed.

use std::path::Path;

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use crate::diagnostics::Diagnostic;

/// The folder of the index in the output.
pub const DIR: &str = "pagefind";

/// Files pagefind makes for its own ready-made interfaces, which the built-in search
/// page does not load: they are left out of the output.
fn is_unused(name: &str) -> bool {
    [
        "pagefind-ui.",
        "pagefind-modular-ui.",
        "pagefind-component-ui.",
    ]
    .iter()
    .any(|prefix| name.starts_with(prefix))
        || name == "pagefind-highlight.js"
}

/// A page to index: its URL path from the site root (`/cases/wuxing/`) and its HTML.
pub struct SearchPage {
    pub url: String,
    pub html: String,
}

/// Indexes `pages` and returns the files of the index by output path
/// (`pagefind/…`), sorted.
pub fn index(pages: Vec<SearchPage>) -> Result<Vec<(String, Vec<u8>)>, Diagnostic> {
    let failed = |err: &dyn std::fmt::Display| {
        Diagnostic::new(format!("cannot build the search index: {err}"))
            .help("this is a fault in Casebook or pagefind; please report it with the site")
    };
    // pagefind's API is async; a single-threaded runtime is enough to drive it.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .map_err(|e| failed(&e))?;
    let files = runtime
        .block_on(async {
            let config = PagefindServiceConfig::builder().build();
            let mut index = PagefindIndex::new(Some(config))?;
            for page in pages {
                index.add_html_file(None, Some(page.url), page.html).await?;
            }
            index.get_files().await
        })
        .map_err(|e| failed(&e))?;
    let mut out: Vec<(String, Vec<u8>)> = files
        .into_iter()
        .filter(|f| !is_unused(&f.filename.to_string_lossy()))
        .map(|f| (output_path(&f.filename), f.contents))
        .collect();
    out.sort();
    Ok(out)
}

fn output_path(name: &Path) -> String {
    let parts: Vec<String> = name
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    format!("{DIR}/{}", parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(url: &str, lang: &str, body: &str) -> SearchPage {
        SearchPage {
            url: url.to_string(),
            html: format!(
                "<!DOCTYPE html><html lang=\"{lang}\"><head><title>x</title></head><body>\
                 <header data-pagefind-ignore=\"all\">Menu</header>\
                 <main data-pagefind-body><h1>{body}</h1>\
                 <span hidden data-pagefind-filter=\"type:Case\" data-pagefind-meta=\"type:Case\"></span>\
                 <p>{body} text</p></main></body></html>"
            ),
        }
    }

    #[test]
    fn writes_an_index_for_the_page_language_and_leaves_out_the_ready_made_uis() {
        let files = index(vec![
            page("/cases/a/", "en", "Photovoltaic loans"),
            page("/cases/b/", "en", "Village workshops"),
        ])
        .unwrap();
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        assert!(names.contains(&"pagefind/pagefind.js"), "{names:?}");
        assert!(names.contains(&"pagefind/pagefind-entry.json"), "{names:?}");
        assert!(names.contains(&"pagefind/wasm.en.pagefind"), "{names:?}");
        assert!(
            names.iter().any(|n| n.starts_with("pagefind/index/")),
            "{names:?}"
        );
        assert!(
            names.iter().any(|n| n.starts_with("pagefind/filter/")),
            "{names:?}"
        );
        assert!(!names.iter().any(|n| n.contains("-ui.")), "{names:?}");
        let entry = &files
            .iter()
            .find(|(n, _)| n == "pagefind/pagefind-entry.json")
            .unwrap()
            .1;
        let entry = String::from_utf8_lossy(entry);
        assert!(entry.contains("\"en\""), "{entry}");
        assert!(entry.contains("\"page_count\":2"), "{entry}");
    }

    #[test]
    fn the_same_pages_give_the_same_bytes() {
        let make = || {
            index(vec![
                page("/cases/a/", "zh-CN", "以城带村 光伏贷款"),
                page("/cases/b/", "zh-CN", "山海协作 飞地"),
            ])
            .unwrap()
        };
        assert_eq!(make(), make());
    }
}
