//! Validate: turn the files of a site into a typed [`Site`], checking the whole
//! contract. Every problem of every file is collected; the site is returned only when
//! there are none.

pub mod catalogs;
pub mod config;
pub mod fields;
pub mod records;

use std::collections::BTreeMap;
use std::ops::Range;

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics, SourceText, did_you_mean};
use crate::load::{RecordFile, SiteFiles};
use crate::model::Site;

use catalogs::Catalogs;
use fields::FileCtx;
use records::Parsed;

/// What the command line changes about a build.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Keep records marked `draft = true`.
    pub drafts: bool,
    /// Replaces site.toml's base_url.
    pub base_url: Option<String>,
}

pub fn validate(files: &SiteFiles, options: &Options) -> Result<Site, Diagnostics> {
    let mut contexts = Vec::new();
    let mut config_ctx = FileCtx::new(files.config.clone(), 0);
    let config = config::site_config(&files.config, options.base_url.as_deref(), &mut config_ctx);
    contexts.push(config_ctx);

    let regions = catalogs::regions(files.regions.as_ref(), &mut contexts);
    let themes = catalogs::themes(files.themes.as_ref(), &mut contexts);
    let (indicators, units) = catalogs::indicators(
        files.indicators.as_ref(),
        config.as_ref().map_or("CNY", |c| c.currency.as_str()),
        &mut contexts,
    );
    let catalogs = Catalogs {
        regions,
        themes,
        indicators,
        units,
    };

    let mut diags = Diagnostics::new();
    let has_records = !files.cases.is_empty() || !files.programs.is_empty();
    for (file, name) in [
        (&files.regions, "regions.toml"),
        (&files.themes, "themes.toml"),
    ] {
        if has_records && file.is_none() {
            diags.push(
                Diagnostic::new(format!("content/{name} is missing")).help(format!(
                    "every case and program names entries of content/{name}; create it"
                )),
            );
        }
    }

    let cases = parse_all(&files.cases, |f, ctx| records::case(f, &catalogs, ctx));
    let programs = parse_all(&files.programs, |f, ctx| {
        records::program(f, &catalogs, ctx)
    });
    let pages = parse_all(&files.pages, records::page);

    check_duplicates(&cases, "case", &mut diags);
    check_duplicates(&programs, "program", &mut diags);
    check_duplicates(&pages, "page", &mut diags);
    check_program_refs(&cases, &programs, &mut diags);

    for ctx in contexts {
        diags.extend(ctx.diags);
    }
    let mut cases = keep(cases, &mut diags);
    let mut programs = keep(programs, &mut diags);
    let mut pages = keep(pages, &mut diags);

    if !diags.is_empty() {
        let mut sorted = Diagnostics::new();
        for d in diags.into_sorted() {
            sorted.push(d);
        }
        return Err(sorted);
    }
    let Some(config) = config else {
        return Err(diags);
    };

    if !options.drafts {
        cases.retain(|c| !c.base.draft);
        programs.retain(|p| !p.base.draft);
        pages.retain(|p| !p.draft);
    }
    cases.sort_by(|a, b| {
        b.date
            .cmp(&a.date)
            .then_with(|| a.base.slug.cmp(&b.base.slug))
    });
    programs.sort_by(|a, b| {
        b.start
            .cmp(&a.start)
            .then_with(|| a.base.slug.cmp(&b.base.slug))
    });
    pages.sort_by(|a, b| {
        a.weight
            .cmp(&b.weight)
            .then_with(|| a.title.cmp(&b.title))
            .then_with(|| a.slug.cmp(&b.slug))
    });

    Ok(Site {
        config,
        regions: catalogs.regions,
        themes: catalogs.themes,
        indicators: catalogs.indicators,
        cases,
        programs,
        pages,
    })
}

/// The records that parsed; the problems of all files go to `diags`.
fn keep<T>(list: Vec<(Option<Parsed<T>>, FileCtx)>, diags: &mut Diagnostics) -> Vec<T> {
    let mut out = Vec::new();
    for (parsed, ctx) in list {
        diags.extend(ctx.diags);
        out.extend(parsed.map(|p| p.record));
    }
    out
}

/// Parses every file of a kind in parallel, keeping the files' order.
fn parse_all<T: Send>(
    files: &[RecordFile],
    parse: impl Fn(&RecordFile, &mut FileCtx) -> Option<Parsed<T>> + Sync,
) -> Vec<(Option<Parsed<T>>, FileCtx)> {
    files
        .par_iter()
        .map(|file| {
            let mut ctx = FileCtx::new(file.source.clone(), 0);
            let parsed = parse(file, &mut ctx);
            (parsed, ctx)
        })
        .collect()
}

trait Slugged {
    fn slug(&self) -> &str;
}

impl Slugged for crate::model::Case {
    fn slug(&self) -> &str {
        &self.base.slug
    }
}

impl Slugged for crate::model::Program {
    fn slug(&self) -> &str {
        &self.base.slug
    }
}

impl Slugged for crate::model::Page {
    fn slug(&self) -> &str {
        &self.slug
    }
}

/// Two records of a kind with one slug would write one page: both are named.
fn check_duplicates<T: Slugged>(
    list: &[(Option<Parsed<T>>, FileCtx)],
    kind: &str,
    diags: &mut Diagnostics,
) {
    let mut seen: BTreeMap<&str, &SourceText> = BTreeMap::new();
    for (parsed, ctx) in list {
        let Some(parsed) = parsed else { continue };
        let slug = parsed.record.slug();
        match seen.get(slug) {
            Some(first) => diags.push(
                Diagnostic::new(format!("two {kind}s have the slug `{slug}`"))
                    .at(ctx.src.clone(), Some(parsed.slug_span.clone()))
                    .label(format!(
                        "`{slug}` is also the slug of {}",
                        first.path.display()
                    ))
                    .help("give one of them another file name, or set `slug` in one of them"),
            ),
            None => {
                seen.insert(slug, &ctx.src);
            }
        }
    }
}

/// Every program a case names must exist (drafts count: they exist, only unpublished).
fn check_program_refs(
    cases: &[(Option<Parsed<crate::model::Case>>, FileCtx)],
    programs: &[(Option<Parsed<crate::model::Program>>, FileCtx)],
    diags: &mut Diagnostics,
) {
    // Programs whose file had errors still count as existing, by their file name,
    // so that one mistake is not reported twice.
    let mut slugs: Vec<String> = programs
        .iter()
        .map(|(parsed, ctx)| match parsed {
            Some(p) => p.record.base.slug.clone(),
            None => stem(&ctx.src),
        })
        .collect();
    slugs.sort();
    for (parsed, ctx) in cases {
        let Some(parsed) = parsed else { continue };
        for reference in &parsed.program_refs {
            if slugs.binary_search(&reference.value).is_ok() {
                continue;
            }
            let help = did_you_mean(&reference.value, slugs.iter().map(String::as_str))
                .or_else(|| Some("`programs` lists slugs of files in content/programs/".into()));
            diags.push(
                unknown_program(ctx, reference.span.clone(), &reference.value).help_opt(help),
            );
        }
    }
}

fn unknown_program(ctx: &FileCtx, span: Range<usize>, slug: &str) -> Diagnostic {
    Diagnostic::new(format!("unknown program `{slug}`"))
        .at(ctx.src.clone(), Some(span))
        .label("no such file in content/programs/")
}

fn stem(source: &SourceText) -> String {
    source
        .path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}
