//! Links in Markdown bodies. `@/cases/<slug>`, `@/programs/<slug>` and `@/pages/<slug>`,
//! with an optional `#anchor`, become the page's absolute URL under base_url; a link or
//! image written from the site root (`/images/map.png`) gets base_url in front, so that
//! it still works when the site lives under a sub-path. A link to a record, page or
//! anchor that does not exist is an error at its file, line and column.
//!
//! A build renders each body when its page is made (a body is needed once, so none is
//! kept); a broken link fails the build with the pages' other problems, so no page of
//! it is ever kept. `casebook serve` renders every body up front and keeps them.

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::OnceLock;

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics, SourceText, closest, did_you_mean};
use crate::model::Site;

use super::markdown;
use super::urls::{self, Route};

/// A body: a case's, a program's or a page's, by index in the site.
#[derive(Debug, Clone, Copy)]
pub enum BodyOf {
    Case(usize),
    Program(usize),
    Page(usize),
}

impl BodyOf {
    /// The file the body is in, and where in it the body starts.
    fn located(self, site: &Site) -> (&SourceText, usize) {
        match self {
            BodyOf::Case(i) => (&site.cases[i].base.source, site.cases[i].base.body_offset),
            BodyOf::Program(i) => (
                &site.programs[i].base.source,
                site.programs[i].base.body_offset,
            ),
            BodyOf::Page(i) => (&site.pages[i].source, site.pages[i].body_offset),
        }
    }
}

/// Where pages get the HTML of their bodies.
pub enum BodySource<'a> {
    /// Rendered as each page is.
    Fresh(Links<'a>),
    /// Rendered already and kept.
    Kept(&'a Bodies),
}

impl<'a> BodySource<'a> {
    /// Bodies rendered as their pages are, against the links of `site`.
    pub fn fresh(site: &'a Site) -> Self {
        BodySource::Fresh(Links::new(site))
    }

    /// The sanitized HTML of a body, or its broken links.
    pub fn html(&self, site: &Site, of: BodyOf) -> Result<String, Vec<Diagnostic>> {
        match self {
            BodySource::Kept(bodies) => Ok(match of {
                BodyOf::Case(i) => bodies.cases[i].clone(),
                BodyOf::Program(i) => bodies.programs[i].clone(),
                BodyOf::Page(i) => bodies.pages[i].clone(),
            }),
            BodySource::Fresh(links) => {
                let (html, problems) = links.render(of.located(site));
                if problems.is_empty() {
                    Ok(html)
                } else {
                    Err(problems)
                }
            }
        }
    }
}

/// The rendered, sanitized bodies of every record and page, by index in the site.
pub struct Bodies {
    pub cases: Vec<String>,
    pub programs: Vec<String>,
    pub pages: Vec<String>,
}

impl Bodies {
    /// Renders every body, resolving its links. Returns every broken link, not only
    /// the first.
    pub fn render(site: &Site) -> Result<Bodies, Diagnostics> {
        let all = |count: usize, of: fn(usize) -> BodyOf| {
            Bodies::render_some(site, (0..count).map(of).collect())
        };
        let cases = all(site.cases.len(), BodyOf::Case);
        let programs = all(site.programs.len(), BodyOf::Program);
        let pages = all(site.pages.len(), BodyOf::Page);
        let mut diags = Diagnostics::new();
        let mut take = |rendered: Vec<(String, Vec<Diagnostic>)>| -> Vec<String> {
            rendered
                .into_iter()
                .map(|(html, problems)| {
                    problems.into_iter().for_each(|d| diags.push(d));
                    html
                })
                .collect()
        };
        let bodies = Bodies {
            cases: take(cases),
            programs: take(programs),
            pages: take(pages),
        };
        if diags.is_empty() {
            Ok(bodies)
        } else {
            Err(diags)
        }
    }

    /// Renders some bodies only against the links of the whole site: `casebook serve`
    /// renders again just the bodies a change may touch. Each body's HTML and its
    /// broken links.
    pub fn render_some(site: &Site, bodies: Vec<BodyOf>) -> Vec<(String, Vec<Diagnostic>)> {
        let links = Links::new(site);
        bodies
            .into_par_iter()
            .map(|of| links.render(of.located(site)))
            .collect()
    }
}

/// A page that `@/` links may point to.
struct Target<'a> {
    route: Route,
    body: &'a str,
    /// The heading ids of the body, worked out when a link first names an anchor.
    anchors: OnceLock<Vec<String>>,
}

impl<'a> Target<'a> {
    fn new(route: Route, body: &'a str) -> Self {
        Target {
            route,
            body,
            anchors: OnceLock::new(),
        }
    }

    fn anchors(&self) -> &[String] {
        self.anchors
            .get_or_init(|| markdown::heading_ids(self.body))
    }
}

/// The kinds of `@/` link, as written after `@/`.
const KINDS: [&str; 3] = ["cases", "programs", "pages"];

pub struct Links<'a> {
    base_url: &'a str,
    /// By kind (one of [`KINDS`]), then slug.
    targets: BTreeMap<&'static str, BTreeMap<&'a str, Target<'a>>>,
}

/// Why a link cannot be resolved: the message, the label under it, and a suggestion.
struct Broken {
    message: String,
    label: &'static str,
    help: Option<String>,
}

impl<'a> Links<'a> {
    fn new(site: &'a Site) -> Self {
        let cases = site
            .cases
            .iter()
            .map(|c| {
                let base = &c.base;
                (
                    &*base.slug,
                    Target::new(urls::case(&base.slug), base.body()),
                )
            })
            .collect();
        let programs = site
            .programs
            .iter()
            .map(|p| {
                let base = &p.base;
                (
                    &*base.slug,
                    Target::new(urls::program(&base.slug), base.body()),
                )
            })
            .collect();
        let pages = site
            .pages
            .iter()
            .map(|p| (&*p.slug, Target::new(urls::page(&p.slug), p.body())))
            .collect();
        Links {
            base_url: &site.config.base_url,
            targets: BTreeMap::from([("cases", cases), ("programs", programs), ("pages", pages)]),
        }
    }

    /// Renders the body of `source` that starts at `body_offset`; its broken links are
    /// diagnostics in `source`.
    fn render(&self, (source, body_offset): (&SourceText, usize)) -> (String, Vec<Diagnostic>) {
        let body = &source.text[body_offset..];
        let mut problems = Vec::new();
        let html = markdown::render_with_links(body, &mut |dest, range| {
            self.resolve(dest).unwrap_or_else(|broken| {
                let span = destination_span(body, dest, range);
                let span = body_offset + span.start..body_offset + span.end;
                problems.push(
                    Diagnostic::new(broken.message)
                        .at(source.clone(), Some(span))
                        .label(broken.label)
                        .help_opt(broken.help),
                );
                None
            })
        });
        (html, problems)
    }

    /// The URL a destination stands for, `None` to keep it as written.
    fn resolve(&self, dest: &str) -> Result<Option<String>, Broken> {
        if let Some(internal) = dest.strip_prefix("@/") {
            return self.internal(internal).map(Some);
        }
        match dest.strip_prefix('/') {
            // `//host/x` is a link to another site, not to this one's root.
            Some(path) if !path.starts_with('/') => Ok(Some(format!("{}{path}", self.base_url))),
            _ => Ok(None),
        }
    }

    fn internal(&self, link: &str) -> Result<String, Broken> {
        let (path, anchor) = match link.split_once('#') {
            Some((path, anchor)) => (path, Some(anchor).filter(|a| !a.is_empty())),
            None => (link, None),
        };
        let path = path.strip_suffix('/').unwrap_or(path);
        let Some((kind, slug)) = path.split_once('/').filter(|(_, s)| !s.is_empty()) else {
            return Err(Broken {
                message: format!("`@/{link}` does not name a page"),
                label: "expected @/cases/<slug>, @/programs/<slug> or @/pages/<slug>",
                help: None,
            });
        };
        let Some((kind, targets)) = self.targets.get_key_value(kind) else {
            return Err(Broken {
                message: format!("unknown kind of link `@/{kind}/`"),
                label: "expected @/cases/, @/programs/ or @/pages/",
                help: closest(kind, KINDS).map(|k| format!("did you mean `@/{k}/`?")),
            });
        };
        let Some(target) = targets.get(slug) else {
            let noun = match *kind {
                "cases" => "case",
                "programs" => "program",
                _ => "page",
            };
            return Err(Broken {
                message: format!("link to a {noun} that does not exist: `{slug}`"),
                label: "no published record or page has this slug",
                help: did_you_mean(slug, targets.keys().copied()).or_else(|| {
                    Some(format!(
                        "check the slug in content/{kind}/; a draft is published only with --drafts"
                    ))
                }),
            });
        };
        let url = target.route.url(self.base_url);
        let Some(anchor) = anchor else {
            return Ok(url);
        };
        if target.anchors().iter().any(|a| a == anchor) {
            Ok(format!("{url}#{anchor}"))
        } else {
            let headings = target.anchors();
            Err(Broken {
                message: format!("`@/{kind}/{slug}` has no heading `#{anchor}`"),
                label: "no heading with this id",
                help: did_you_mean(anchor, headings.iter().map(String::as_str)).or_else(|| {
                    Some(if headings.is_empty() {
                        "that page has no headings to link to".to_string()
                    } else {
                        format!("its headings are #{}", headings.join(", #"))
                    })
                }),
            })
        }
    }
}

/// The span to point at: the destination itself where it is written inside the link,
/// else the whole link (a reference-style link's destination is written elsewhere).
fn destination_span(body: &str, dest: &str, link: Range<usize>) -> Range<usize> {
    body.get(link.clone())
        .and_then(|text| text.find(dest))
        .map_or(link.clone(), |i| {
            link.start + i..link.start + i + dest.len()
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> Site {
        crate::render::fixture::site("https://example.org/sub/")
    }

    fn render(site: &Site, body: &str) -> Result<String, Vec<String>> {
        let links = Links::new(site);
        let source = SourceText::new("content/cases/a.md", format!("+++\n+++\n{body}"));
        let (html, problems) = links.render((&source, 8));
        if problems.is_empty() {
            Ok(html)
        } else {
            Err(problems
                .iter()
                .map(|d| format!("{} {}", d.position().unwrap(), d.message))
                .collect())
        }
    }

    #[test]
    fn internal_links_resolve_under_the_base_url() {
        let site = site();
        let html = render(
            &site,
            "[a](@/cases/wuxing) [b](@/programs/pv-loan/) [c](@/pages/about#who-we-are) [d](@/cases/wuxing#how-it-worked)",
        )
        .unwrap();
        assert!(
            html.contains(r#"href="https://example.org/sub/cases/wuxing/""#),
            "{html}"
        );
        assert!(
            html.contains(r#"href="https://example.org/sub/programs/pv-loan/""#),
            "{html}"
        );
        assert!(
            html.contains(r#"href="https://example.org/sub/about/#who-we-are""#),
            "{html}"
        );
        assert!(
            html.contains(r#"href="https://example.org/sub/cases/wuxing/#how-it-worked""#),
            "{html}"
        );
    }

    #[test]
    fn root_relative_links_and_images_get_the_sub_path() {
        let site = site();
        let html = render(
            &site,
            "![map](/images/map.png) [csv](/data/a.csv) [ext](https://x.org/a) [rel](../a/) [proto](//cdn.org/x) [frag](#top)",
        )
        .unwrap();
        assert!(
            html.contains(r#"src="https://example.org/sub/images/map.png""#),
            "{html}"
        );
        assert!(
            html.contains(r#"href="https://example.org/sub/data/a.csv""#),
            "{html}"
        );
        assert!(html.contains(r#"href="https://x.org/a""#), "{html}");
        assert!(html.contains(r#"href="../a/""#), "{html}");
        assert!(html.contains(r#"href="//cdn.org/x""#), "{html}");
        assert!(html.contains(r##"href="#top""##), "{html}");
    }

    #[test]
    fn broken_links_point_at_their_line_and_column() {
        let site = site();
        let errors = render(
            &site,
            "Intro.\n\nSee [x](@/cases/wuxng) and\n[y](@/pages/about#nowhere), [z](@/case/wuxing), [w](@/cases).\n",
        )
        .unwrap_err();
        assert_eq!(errors.len(), 4, "{errors:?}");
        assert_eq!(
            errors[0],
            "content/cases/a.md:5:9 link to a case that does not exist: `wuxng`"
        );
        assert_eq!(
            errors[1],
            "content/cases/a.md:6:5 `@/pages/about` has no heading `#nowhere`"
        );
        assert!(
            errors[2].contains("unknown kind of link `@/case/`"),
            "{errors:?}"
        );
        assert!(errors[3].contains("does not name a page"), "{errors:?}");
    }

    #[test]
    fn suggestions_name_close_slugs_and_anchors() {
        let site = site();
        let links = Links::new(&site);
        let broken = links.internal("cases/wuxng").unwrap_err();
        assert_eq!(broken.help.as_deref(), Some("did you mean `wuxing`?"));
        let broken = links.internal("cases/wuxing#how-it-workd").unwrap_err();
        assert_eq!(
            broken.help.as_deref(),
            Some("did you mean `how-it-worked`?")
        );
        let broken = links.internal("case/wuxing").unwrap_err();
        assert_eq!(broken.help.as_deref(), Some("did you mean `@/cases/`?"));
    }

    #[test]
    fn reference_links_point_at_their_use() {
        let body = "See [x][r].\n\n[r]: @/cases/nope\n";
        let site = site();
        let errors = render(&site, body).unwrap_err();
        assert_eq!(
            errors,
            ["content/cases/a.md:3:5 link to a case that does not exist: `nope`"]
        );
    }
}
