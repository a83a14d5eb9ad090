//! `casebook check --external`: every link from the site to another site is requested,
//! with a timeout, and each one that fails is reported where it is written (the record,
//! page or catalog file and line), or else with the pages that show it.
//!
//! It is opt-in: a build never touches the network.

use std::collections::BTreeMap;
use std::time::Duration;

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics, SourceText};
use crate::render::{Content, OutputFile};

/// Requests made at once.
const PARALLEL: usize = 8;

/// The external links of the rendered pages: each `http(s)` URL in an `href` or `src`
/// outside `base_url`, without its `#fragment`, with the pages (output paths) that
/// show it. Sorted.
pub fn external_links(files: &[OutputFile], base_url: &str) -> BTreeMap<String, Vec<String>> {
    let mut links: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for file in files {
        let Content::Bytes(bytes) = &file.content else {
            continue;
        };
        if !file.path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8_lossy(bytes);
        for mut url in attribute_urls(&html) {
            url.truncate(url.find('#').unwrap_or(url.len()));
            if (url.starts_with("http://") || url.starts_with("https://"))
                && !url.starts_with(base_url)
            {
                let pages = links.entry(url).or_default();
                if pages.last() != Some(&file.path) {
                    pages.push(file.path.clone());
                }
            }
        }
    }
    links
}

/// The values of `href="…"` and `src="…"` attributes, entities decoded.
fn attribute_urls(html: &str) -> Vec<String> {
    let mut urls = Vec::new();
    for attribute in [" href=\"", " src=\""] {
        let mut rest = html;
        while let Some(start) = rest.find(attribute) {
            rest = &rest[start + attribute.len()..];
            let Some(end) = rest.find('"') else { break };
            urls.push(decode_entities(&rest[..end]));
            rest = &rest[end..];
        }
    }
    urls
}

fn decode_entities(value: &str) -> String {
    value
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Why a link failed.
fn request(agent: &ureq::Agent, url: &str) -> Result<(), String> {
    let reason = |e: ureq::Error| match e {
        ureq::Error::Timeout(_) => "no answer before the timeout".to_string(),
        ureq::Error::HostNotFound => "the host name was not found".to_string(),
        ureq::Error::ConnectionFailed => "the connection failed".to_string(),
        other => other.to_string(),
    };
    let status = match agent.head(url).call() {
        Ok(r) if !matches!(r.status().as_u16(), 403 | 405 | 501) => r.status(),
        // No server, or no answer in time: asking again with GET would not help.
        Err(
            e @ (ureq::Error::Timeout(_)
            | ureq::Error::HostNotFound
            | ureq::Error::ConnectionFailed),
        ) => return Err(reason(e)),
        // Some servers refuse HEAD; ask again with GET before calling the link broken.
        _ => agent.get(url).call().map_err(reason)?.status(),
    };
    if status.is_success() || status.is_redirection() {
        Ok(())
    } else {
        Err(format!(
            "the server answered {} {}",
            status.as_u16(),
            status.canonical_reason().unwrap_or_default()
        ))
    }
}

/// Requests every link and returns a diagnostic for each that fails, pointing at where
/// `sources` write it.
pub fn check(
    links: &BTreeMap<String, Vec<String>>,
    sources: &[SourceText],
    timeout: Duration,
) -> Diagnostics {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .http_status_as_error(false)
        .user_agent(concat!(
            "casebook/",
            env!("CARGO_PKG_VERSION"),
            " (link check)"
        ))
        .build()
        .into();
    let mut diags = Diagnostics::new();
    let pool = match rayon::ThreadPoolBuilder::new()
        .num_threads(PARALLEL)
        .build()
    {
        Ok(pool) => pool,
        Err(e) => {
            diags.push(Diagnostic::new(format!("cannot start the link check: {e}")));
            return diags;
        }
    };
    let failures: Vec<(&String, &Vec<String>, String)> = pool.install(|| {
        links
            .par_iter()
            .filter_map(|(url, pages)| request(&agent, url).err().map(|why| (url, pages, why)))
            .collect()
    });

    for (url, pages, why) in failures {
        let message = format!("broken external link {url}: {why}");
        let written: Vec<Diagnostic> = sources
            .iter()
            .flat_map(|source| {
                source.text.match_indices(url.as_str()).map(|(at, _)| {
                    Diagnostic::new(message.clone())
                        .at(source.clone(), Some(at..at + url.len()))
                        .label("this link does not work")
                })
            })
            .collect();
        if written.is_empty() {
            diags.push(Diagnostic::new(message).help(format!(
                "shown on {}",
                pages.iter().map(|p| format!("/{p}")).collect::<Vec<_>>().join(", ")
            )));
        } else {
            written.into_iter().for_each(|d| diags.push(d));
        }
    }
    diags
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(path: &str, text: &str) -> OutputFile {
        OutputFile {
            path: path.to_string(),
            content: Content::Bytes(text.as_bytes().to_vec()),
        }
    }

    #[test]
    fn finds_links_to_other_sites_only() {
        let files = [
            html(
                "cases/a/index.html",
                r#"<link rel="canonical" href="https://me.org/cases/a/"><a href="https://x.org/?a=1&amp;b=2">x</a> <img src="http://img.org/p.png"> <a href="/local/">l</a> <a href="mailto:a@b.c">m</a>"#,
            ),
            html(
                "b/index.html",
                r#"<a href="https://x.org/?a=1&amp;b=2#part">again</a>"#,
            ),
            html("feed.xml", r#"<link href="https://elsewhere.org/"/>"#),
        ];
        let links = external_links(&files, "https://me.org/");
        let keys: Vec<&str> = links.keys().map(String::as_str).collect();
        assert_eq!(keys, ["http://img.org/p.png", "https://x.org/?a=1&b=2"]);
        assert_eq!(
            links["https://x.org/?a=1&b=2"],
            ["cases/a/index.html", "b/index.html"]
        );
    }
}
