//! Cases, programs and pages: one file each, checked field by field against the
//! contract and the catalogs.

use std::ops::Range;

use toml::de::{DeTable, DeValue};

use crate::diagnostics::did_you_mean;
use crate::load::frontmatter;
use crate::load::{RecordFile, RecordFormat};
use crate::model::quantity::{self, Dimension, Quantity};
use crate::model::{
    Case, Milestone, Observation, ObservationKind, PROGRAM_KINDS, Page, Program, ProgramStatus,
    RecordBase, Source, is_valid_slug, suggest_slug, tag_slug,
};

use super::catalogs::Catalogs;
use super::fields::{Fields, FileCtx, Sp, to_json};

/// A record as read, with the spans that later checks (duplicates, program
/// references) need to point at.
pub struct Parsed<T> {
    pub record: T,
    pub slug_span: Range<usize>,
    /// For cases: each named program slug with its span.
    pub program_refs: Vec<Sp<String>>,
}

/// Splits a record file. Returns the table text, its offset and the body's offset (a
/// `.toml` record's body is empty: it starts at the end of the file).
fn front_and_body<'a>(file: &'a RecordFile, ctx: &mut FileCtx) -> Option<(&'a str, usize, usize)> {
    match file.format {
        RecordFormat::Toml => Some((&file.source.text, 0, file.source.text.len())),
        RecordFormat::Markdown => match frontmatter::split(&file.source.text) {
            Ok(split) => Some((split.front, split.front_offset, split.body_offset)),
            Err(err) => {
                ctx.error(err.span, err.message, err.label, Some(err.help.to_string()));
                None
            }
        },
    }
}

/// The parts of a record file every kind shares: the TOML table and where to point.
struct Opened<'a> {
    table: DeTable<'a>,
    anchor: Range<usize>,
    body_offset: usize,
}

fn open<'a>(file: &'a RecordFile, ctx: &mut FileCtx) -> Option<Opened<'a>> {
    let (front, offset, body_offset) = front_and_body(file, ctx)?;
    ctx.base = offset;
    let table = ctx.parse(front)?;
    // A missing field is pointed at the opening `+++` (or the first line of a .toml).
    let first_line_end = file
        .source
        .text
        .find('\n')
        .unwrap_or(file.source.text.len());
    Some(Opened {
        table,
        anchor: 0..first_line_end,
        body_offset,
    })
}

/// The slug: `slug` when set, else the file name; either way it must be valid.
fn slug(f: &mut Fields, ctx: &mut FileCtx, file: &RecordFile) -> Option<Sp<String>> {
    let (value, span, from_field) = match f.string(ctx, "slug", false) {
        Some(s) => (s.value, s.span, true),
        None => (file.stem.clone(), f.anchor(), false),
    };
    if is_valid_slug(&value) {
        return Some(Sp { value, span });
    }
    let suggestion = suggest_slug(&value);
    let (message, help) = if from_field {
        (
            format!("`{value}` is not a valid slug"),
            format!(
                "slugs use lowercase ASCII letters, digits and `-`: try slug = \"{suggestion}\""
            ),
        )
    } else {
        (
            format!("the file name `{}` does not make a valid slug", file.stem),
            format!(
                "rename the file to `{suggestion}` (lowercase ASCII letters, digits and `-`), or set slug = \"{suggestion}\""
            ),
        )
    };
    ctx.error(
        span,
        message,
        "lowercase ASCII letters, digits and `-` only",
        Some(help),
    );
    None
}

fn check_region(ctx: &mut FileCtx, cat: &Catalogs, region: &Sp<String>) -> Option<usize> {
    if let Some(id) = cat.regions.get(&region.value) {
        return Some(id);
    }
    let help = did_you_mean(&region.value, cat.regions.by_id.keys().map(String::as_str))
        .or_else(|| Some("regions are declared in content/regions.toml, by their path: \"province/city/district\"".into()));
    ctx.error(
        region.span.clone(),
        format!("unknown region `{}`", region.value),
        "not in content/regions.toml",
        help,
    );
    None
}

fn check_themes(ctx: &mut FileCtx, cat: &Catalogs, themes: Vec<Sp<String>>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for theme in themes {
        if cat.themes.contains_key(&theme.value) {
            if !out.contains(&theme.value) {
                out.push(theme.value);
            }
            continue;
        }
        let help = did_you_mean(&theme.value, cat.themes.keys().map(String::as_str))
            .or_else(|| Some("themes are declared in content/themes.toml".into()));
        ctx.error(
            theme.span,
            format!("unknown theme `{}`", theme.value),
            "not in content/themes.toml",
            help,
        );
    }
    out
}

fn check_url(ctx: &mut FileCtx, url: Sp<String>) -> Option<String> {
    match url::Url::parse(&url.value) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host_str().is_some() => {
            Some(url.value)
        }
        _ => {
            ctx.error(
                url.span,
                format!("`{}` is not a web address", url.value),
                "expected an absolute http:// or https:// URL",
                Some("write the full address, starting with https://".into()),
            );
            None
        }
    }
}

/// A quantity written as a string; errors point inside the string.
fn quantity_of(ctx: &mut FileCtx, cat: &Catalogs, text: &Sp<String>) -> Option<Quantity> {
    match quantity::parse(&text.value, &cat.units) {
        Ok(q) => Some(q),
        Err(err) => {
            // +1 for the opening quote.
            let start = err.offset.map_or(text.span.start, |o| {
                (text.span.start + 1 + o).min(text.span.end)
            });
            let span = if err.offset.is_some() {
                start..text.span.end.saturating_sub(1).max(start)
            } else {
                text.span.clone()
            };
            ctx.error(
                span,
                format!(
                    "cannot read the quantity \"{}\": {}",
                    text.value, err.message
                ),
                "expected a number, an optional scale word and a unit, e.g. \"1.371 million yuan\"",
                err.help,
            );
            None
        }
    }
}

fn money(
    ctx: &mut FileCtx,
    cat: &Catalogs,
    text: Option<Sp<String>>,
    what: &str,
) -> Option<Quantity> {
    let text = text?;
    let q = quantity_of(ctx, cat, &text)?;
    if q.dimension != Dimension::Money {
        ctx.error(
            text.span,
            format!("{what} must be an amount of money"),
            "not money",
            Some("write an amount such as \"300 billion yuan\" or \"137.1万元\"".into()),
        );
        return None;
    }
    Some(q)
}

fn sources(f: &mut Fields, ctx: &mut FileCtx) -> Vec<Source> {
    let mut out = Vec::new();
    for (table, anchor) in f.tables(ctx, "sources") {
        let mut s = Fields::new(table, anchor, "a source");
        let title = s.text(ctx, "title", true);
        let publisher = s.text(ctx, "publisher", false);
        let date = s.date(ctx, "date", false);
        let url = s.string(ctx, "url", false).and_then(|u| check_url(ctx, u));
        let note = s.text(ctx, "note", false);
        s.finish(ctx);
        if let Some(title) = title {
            out.push(Source {
                title: title.value,
                publisher: publisher.map(|p| p.value),
                date: date.map(|d| d.value),
                url,
                note: note.map(|n| n.value),
            });
        }
    }
    out
}

fn observations(f: &mut Fields, ctx: &mut FileCtx, cat: &Catalogs) -> Vec<Observation> {
    let mut out = Vec::new();
    for (table, anchor) in f.tables(ctx, "indicators") {
        let mut o = Fields::new(table, anchor, "an indicator figure");
        let key = o.text(ctx, "key", true);
        let value = o.raw("value");
        let period = o.period(ctx, "period");
        let kind = o.string(ctx, "kind", false);
        let region = o.string(ctx, "region", false);
        let note = o.text(ctx, "note", false);
        let anchor = o.anchor();
        o.finish(ctx);

        let def = key.as_ref().and_then(|key| {
            let def = cat.indicators.get(&key.value);
            if def.is_none() {
                let help = did_you_mean(&key.value, cat.indicators.keys().map(String::as_str))
                    .or_else(|| Some("indicators are declared in content/indicators.toml".into()));
                ctx.error(
                    key.span.clone(),
                    format!("unknown indicator `{}`", key.value),
                    "not in content/indicators.toml",
                    help,
                );
            }
            def
        });
        let kind = match kind {
            None => Some(ObservationKind::Actual),
            Some(k) => ObservationKind::parse(&k.value).or_else(|| {
                ctx.error(
                    k.span.clone(),
                    format!("unknown kind `{}`", k.value),
                    "expected actual, target or baseline",
                    did_you_mean(&k.value, ObservationKind::ALL),
                );
                None
            }),
        };
        let region = match region {
            None => Some(None),
            Some(r) => check_region(ctx, cat, &r).map(Some),
        };
        let quantity = match (value, def) {
            (None, _) => {
                ctx.error(
                    anchor,
                    "an indicator figure needs the field `value`",
                    "`value` is missing here",
                    Some("add value = \"…\", e.g. value = \"1.371 million yuan\"".into()),
                );
                None
            }
            (Some(_), None) => None,
            (Some(value), Some(def)) => {
                let span = ctx.abs(value.span());
                let bare = match value.get_ref() {
                    DeValue::Integer(i) => Some(i.as_str().replace('_', "")),
                    DeValue::Float(x) => Some(x.as_str().replace('_', "")),
                    _ => None,
                };
                match (value.get_ref(), bare) {
                    (DeValue::String(s), _) => {
                        let text = Sp {
                            value: s.to_string(),
                            span: span.clone(),
                        };
                        quantity_of(ctx, cat, &text).and_then(|q| {
                            if q.dimension == def.unit.dimension {
                                Some(q)
                            } else {
                                ctx.error(
                                    span.clone(),
                                    format!(
                                        "\"{}\" cannot be converted to {} (the unit of `{}`)",
                                        s, def.unit_name, def.key
                                    ),
                                    format!("expected a value in {}", def.unit_name),
                                    Some(format!(
                                        "indicators.toml gives `{}` the unit `{}`",
                                        def.key, def.unit_name
                                    )),
                                );
                                None
                            }
                        })
                    }
                    (_, Some(literal)) if matches!(def.unit.dimension, Dimension::Count(_)) => {
                        match quantity::parse_bare(&literal, &def.unit) {
                            Ok(q) => Some(q),
                            Err(err) => {
                                ctx.error(
                                    span,
                                    format!("cannot read the number: {}", err.message),
                                    "expected a number",
                                    err.help,
                                );
                                None
                            }
                        }
                    }
                    (_, Some(literal)) => {
                        ctx.error(
                            span,
                            format!(
                                "a bare number needs a unit here: `{}` is in {}",
                                def.key, def.unit_name
                            ),
                            "no unit",
                            Some(format!("write value = \"{literal} {}\"", def.unit_name)),
                        );
                        None
                    }
                    _ => {
                        ctx.error(
                            span,
                            "`value` must be a quantity in double quotes",
                            "expected text such as \"1.371 million yuan\"",
                            None,
                        );
                        None
                    }
                }
            }
        };
        let converted = match (&quantity, def) {
            (Some(q), Some(def)) => match q.in_unit(&def.unit) {
                Ok(v) => Some(v),
                Err(_) => {
                    ctx.error(
                        anchor_or(ctx, value),
                        format!("the value cannot be converted to {}", def.unit_name),
                        "incompatible unit",
                        None,
                    );
                    None
                }
            },
            _ => None,
        };
        if let (Some(key), Some(quantity), Some(value), Some(period), Some(kind), Some(region)) =
            (key, quantity, converted, period, kind, region)
        {
            out.push(Observation {
                key: key.value,
                quantity,
                value,
                period: period.value,
                kind,
                region,
                note: note.map(|n| n.value),
            });
        }
    }
    out
}

fn anchor_or(ctx: &FileCtx, value: Option<&toml::Spanned<DeValue<'_>>>) -> Range<usize> {
    value.map_or(0..0, |v| ctx.abs(v.span()))
}

/// Fields shared by cases and programs, read in the contract's order.
struct Common {
    slug: Option<Sp<String>>,
    title: Option<Sp<String>>,
    region: Option<usize>,
    themes: Vec<String>,
    themes_ok: bool,
    summary: Option<Sp<String>>,
    tags: Vec<String>,
    draft: bool,
    sources: Vec<Source>,
    indicators: Vec<Observation>,
    extra: serde_json::Value,
}

fn common(f: &mut Fields, ctx: &mut FileCtx, cat: &Catalogs, file: &RecordFile) -> Common {
    let slug = slug(f, ctx, file);
    let title = f.text(ctx, "title", true);
    let region = f
        .text(ctx, "region", true)
        .and_then(|r| check_region(ctx, cat, &r));
    let theme_refs = f.strings(ctx, "themes", true);
    let errors_before = ctx.diags.len();
    let themes = check_themes(ctx, cat, theme_refs);
    let themes_ok = ctx.diags.len() == errors_before && !themes.is_empty();
    let summary = f.text(ctx, "summary", true);
    let mut tags = Vec::new();
    for tag in f.strings(ctx, "tags", false) {
        if tag_slug(&tag.value).is_empty() {
            ctx.error(
                tag.span,
                format!("the tag \"{}\" has no letters or digits", tag.value),
                "cannot make a page for it",
                Some("a tag needs at least one letter or digit".into()),
            );
        } else if !tags.contains(&tag.value) {
            tags.push(tag.value);
        }
    }
    let draft = f.boolean(ctx, "draft").unwrap_or(false);
    let extra = f
        .table(ctx, "extra")
        .map_or_else(|| serde_json::json!({}), |v| to_json(v.get_ref()));
    let sources = sources(f, ctx);
    let indicators = observations(f, ctx, cat);
    Common {
        slug,
        title,
        region,
        themes,
        themes_ok,
        summary,
        tags,
        draft,
        sources,
        indicators,
        extra,
    }
}

impl Common {
    fn into_base(
        self,
        file: &RecordFile,
        body_offset: usize,
    ) -> Option<(RecordBase, Range<usize>)> {
        if !self.themes_ok {
            return None;
        }
        let slug = self.slug?;
        Some((
            RecordBase {
                slug: slug.value,
                title: self.title?.value,
                region: self.region?,
                themes: self.themes,
                summary: self.summary?.value,
                tags: self.tags,
                draft: self.draft,
                sources: self.sources,
                indicators: self.indicators,
                extra: self.extra,
                source: file.source.clone(),
                body_offset,
            },
            slug.span,
        ))
    }
}

/// Reads a case. Problems go to `ctx`.
pub fn case(file: &RecordFile, cat: &Catalogs, ctx: &mut FileCtx) -> Option<Parsed<Case>> {
    let opened = open(file, ctx)?;
    let mut f = Fields::new(&opened.table, opened.anchor.clone(), "a case");
    let date = f.date(ctx, "date", true);
    let recognition = f.text(ctx, "recognition", false);
    let program_refs = f.strings(ctx, "programs", false);
    let common = common(&mut f, ctx, cat, file);
    f.finish(ctx);
    let (base, slug_span) = common.into_base(file, opened.body_offset)?;
    Some(Parsed {
        record: Case {
            base,
            date: date?.value,
            recognition: recognition.map(|r| r.value),
            programs: program_refs.iter().map(|p| p.value.clone()).collect(),
        },
        slug_span,
        program_refs,
    })
}

/// Reads a program. Problems go to `ctx`.
pub fn program(file: &RecordFile, cat: &Catalogs, ctx: &mut FileCtx) -> Option<Parsed<Program>> {
    let opened = open(file, ctx)?;
    let mut f = Fields::new(&opened.table, opened.anchor.clone(), "a program");
    let institution = f.text(ctx, "institution", true);
    let partners = f.strings(ctx, "partners", false);
    let kind = f.string(ctx, "kind", true).and_then(|k| {
        if PROGRAM_KINDS.contains(&k.value.as_str()) {
            return Some(k.value);
        }
        let help = did_you_mean(&k.value, PROGRAM_KINDS)
            .or_else(|| Some(format!("the kinds are: {}", PROGRAM_KINDS.join(", "))));
        ctx.error(
            k.span,
            format!("unknown program kind `{}`", k.value),
            "not a program kind",
            help,
        );
        None
    });
    let start = f.date(ctx, "start", true);
    let end = f.date(ctx, "end", false);
    let status = match f.string(ctx, "status", false) {
        None => Some(ProgramStatus::Active),
        Some(s) => ProgramStatus::parse(&s.value).or_else(|| {
            ctx.error(
                s.span.clone(),
                format!("unknown status `{}`", s.value),
                "expected planned, active or completed",
                did_you_mean(&s.value, ProgramStatus::ALL),
            );
            None
        }),
    };
    let commitment_text = f.string(ctx, "commitment", false);
    let commitment = money(ctx, cat, commitment_text.clone(), "`commitment`");
    let eligibility = f.text(ctx, "eligibility", false);
    let contact = f.text(ctx, "contact", false);
    let apply_url = f
        .string(ctx, "apply_url", false)
        .and_then(|u| check_url(ctx, u));
    let mut milestones = Vec::new();
    for (table, anchor) in f.tables(ctx, "milestones") {
        let mut m = Fields::new(table, anchor, "a milestone");
        let date = m.date(ctx, "date", true);
        let title = m.text(ctx, "title", true);
        let amount_text = m.string(ctx, "amount", false);
        m.finish(ctx);
        let amount = amount_text.as_ref().and_then(|a| quantity_of(ctx, cat, a));
        if let (Some(date), Some(title)) = (date, title) {
            if amount_text.is_none() || amount.is_some() {
                milestones.push(Milestone {
                    date: date.value,
                    title: title.value,
                    amount,
                });
            }
        }
    }
    let common = common(&mut f, ctx, cat, file);
    f.finish(ctx);
    if let (Some(start), Some(end)) = (&start, &end) {
        if end.value < start.value {
            ctx.error(
                end.span.clone(),
                format!(
                    "the program ends ({}) before it starts ({})",
                    end.value.iso(),
                    start.value.iso()
                ),
                "before `start`",
                Some("check the two dates".into()),
            );
            return None;
        }
    }
    if commitment_text.is_some() && commitment.is_none() {
        return None;
    }
    milestones.sort_by_key(|m| m.date);
    let (base, slug_span) = common.into_base(file, opened.body_offset)?;
    Some(Parsed {
        record: Program {
            base,
            institution: institution?.value,
            partners: partners.into_iter().map(|p| p.value).collect(),
            kind: kind?,
            start: start?.value,
            end: end.map(|e| e.value),
            status: status?,
            commitment,
            eligibility: eligibility.map(|e| e.value),
            contact: contact.map(|c| c.value),
            apply_url,
            milestones,
        },
        slug_span,
        program_refs: Vec::new(),
    })
}

/// Slugs that free pages cannot take: the site's own sections live there.
pub const RESERVED_PAGE_SLUGS: [&str; 12] = [
    "cases",
    "programs",
    "regions",
    "themes",
    "tags",
    "years",
    "indicators",
    "data",
    "search",
    "pagefind",
    "feed",
    "sitemap",
];

/// Reads a free page. Problems go to `ctx`.
pub fn page(file: &RecordFile, ctx: &mut FileCtx) -> Option<Parsed<Page>> {
    let opened = open(file, ctx)?;
    let mut f = Fields::new(&opened.table, opened.anchor.clone(), "a page");
    let slug = slug(&mut f, ctx, file);
    let title = f.text(ctx, "title", true);
    let summary = f.text(ctx, "summary", false);
    let date = f.date(ctx, "date", false);
    let weight = f.integer(ctx, "weight").unwrap_or(0);
    let draft = f.boolean(ctx, "draft").unwrap_or(false);
    let extra = f
        .table(ctx, "extra")
        .map_or_else(|| serde_json::json!({}), |v| to_json(v.get_ref()));
    f.finish(ctx);
    let slug = slug?;
    if RESERVED_PAGE_SLUGS.contains(&slug.value.as_str()) {
        ctx.error(
            slug.span.clone(),
            format!(
                "a page cannot be called `{}`: the site uses /{}/ itself",
                slug.value, slug.value
            ),
            "reserved",
            Some(format!(
                "rename the file or set slug = \"about-{}\"",
                slug.value
            )),
        );
        return None;
    }
    Some(Parsed {
        record: Page {
            slug: slug.value,
            title: title?.value,
            summary: summary.map(|s| s.value),
            date: date.map(|d| d.value),
            weight,
            draft,
            extra,
            source: file.source.clone(),
            body_offset: opened.body_offset,
        },
        slug_span: slug.span,
        program_refs: Vec::new(),
    })
}
