//! The same cases as plain Markdown pages of a Hugo site (tags and a region taxonomy,
//! a small theme of four layouts), so that both generators build the same text.

use std::fmt::Write;

use super::records::CaseRecord;
use super::world::World;

pub const CONFIG: &str = r#"baseURL = "https://bench.example.org/"
title = "Casebook benchmark site"
# Casebook writes no feed per tag or region: Hugo writes none (they would double its time).
disableKinds = ["rss"]

[taxonomies]
tag = "tags"
region = "regions"
"#;

/// Layouts by path: a base, the home page, a page, and every list (sections, taxonomies
/// and terms). They show what Casebook's cards and pages show: title, date, summary,
/// region, tags and the body.
pub const LAYOUTS: &[(&str, &str)] = &[
    (
        "layouts/baseof.html",
        r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} | {{ site.Title }}</title>
<meta name="description" content="{{ .Summary | plainify }}">
</head>
<body>
<header><a href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a>
<nav><a href="{{ "cases/" | relURL }}">Cases</a> <a href="{{ "regions/" | relURL }}">Regions</a> <a href="{{ "tags/" | relURL }}">Tags</a></nav>
</header>
<main>{{ block "main" . }}{{ end }}</main>
<footer>{{ site.Title }}</footer>
</body>
</html>
"#,
    ),
    (
        "layouts/home.html",
        r#"{{ define "main" }}<h1>{{ site.Title }}</h1>
<p>{{ len (where site.RegularPages "Section" "cases") }} cases</p>
<ul>{{ range first 6 site.RegularPages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
{{ end }}
"#,
    ),
    (
        "layouts/single.html",
        r#"{{ define "main" }}<article>
<h1>{{ .Title }}</h1>
<p><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time></p>
<nav>{{ range .GetTerms "regions" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> / {{ end }}</nav>
<p>{{ .Summary }}</p>
{{ .Content }}
<ul>{{ range .GetTerms "tags" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>
</article>{{ end }}
"#,
    ),
    (
        "layouts/list.html",
        r#"{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time>{{ .Date.Format "2006-01-02" }}</time> {{ .Summary }}</li>
{{ end }}</ul>{{ end }}
"#,
    ),
    ("content/cases/_index.md", "+++\ntitle = \"Cases\"\n+++\n"),
];

/// content/cases/<slug>.md of the Hugo site.
pub fn page(case: &CaseRecord, world: &World) -> String {
    let quote = |s: &str| format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""));
    let list =
        |items: &mut dyn Iterator<Item = &str>| items.map(quote).collect::<Vec<_>>().join(", ");
    let mut out = String::with_capacity(case.body.len() + 512);
    let regions = world
        .ancestry(case.place)
        .into_iter()
        .map(|p| world.places[p].name.as_str());
    let _ = write!(
        out,
        "+++\ntitle = {}\ndate = {}\nsummary = {}\ntags = [{}]\nregions = [{}]\n+++\n\n{}",
        quote(&case.title),
        case.date.iso(),
        quote(&case.summary),
        list(&mut case.tags.iter().copied()),
        list(&mut regions.into_iter()),
        case.body
    );
    out
}
