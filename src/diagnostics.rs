//! Editor-facing error messages: every problem Casebook finds in a site is a
//! [`Diagnostic`] that names the file, points at the line and column, says what was
//! expected and, when something close exists, suggests it.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

/// The text of a file that diagnostics point into, shared between all of them.
#[derive(Debug, Clone)]
pub struct SourceText {
    /// The path shown to the editor (relative to the site root where possible).
    pub path: PathBuf,
    pub text: Arc<str>,
}

impl SourceText {
    pub fn new(path: impl Into<PathBuf>, text: impl Into<Arc<str>>) -> Self {
        SourceText {
            path: path.into(),
            text: text.into(),
        }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(&self.text, offset);
        let before = &self.text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let col = before[line_start..].chars().count() + 1;
        (line, col)
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// One problem, with everything an editor needs to fix it.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub message: String,
    /// The file, and the byte span in it that the problem is about (boxed: most
    /// results carry no error, and should stay small).
    pub location: Option<Box<(SourceText, Option<Range<usize>>)>>,
    /// A short label under the caret: what was expected there.
    pub label: Option<String>,
    /// A suggestion: "did you mean …", or how to fix it.
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn new(message: impl Into<String>) -> Self {
        Diagnostic {
            message: message.into(),
            location: None,
            label: None,
            help: None,
        }
    }

    /// A problem about a whole file (no span to point at).
    pub fn in_file(message: impl Into<String>, path: impl Into<PathBuf>) -> Self {
        Diagnostic::new(message).at(SourceText::new(path, ""), None)
    }

    pub fn at(mut self, source: SourceText, span: Option<Range<usize>>) -> Self {
        self.location = Some(Box::new((source, span)));
        self
    }

    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn help_opt(mut self, help: Option<String>) -> Self {
        self.help = help;
        self
    }

    pub fn path(&self) -> Option<&Path> {
        self.location.as_deref().map(|(s, _)| s.path.as_path())
    }

    /// `file:line:col`, or just the file, or nothing.
    pub fn position(&self) -> Option<String> {
        let (source, span) = self.location.as_deref()?;
        let path = source.path.display();
        Some(match span {
            Some(span) => {
                let (line, col) = source.line_col(span.start);
                format!("{path}:{line}:{col}")
            }
            None => path.to_string(),
        })
    }

    /// Render with the source line and a caret; `color` for a terminal.
    pub fn render(&self, color: bool) -> String {
        let renderer = if color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        let title = Level::ERROR.primary_title(self.message.as_str());
        let mut group = match self.location.as_deref() {
            Some((source, Some(span))) if !source.text.is_empty() => {
                let span = clamp_span(&source.text, span.clone());
                let mut annotation = AnnotationKind::Primary.span(span);
                if let Some(label) = &self.label {
                    annotation = annotation.label(label.as_str());
                }
                title.element(
                    Snippet::source(&*source.text)
                        .path(source.path.to_string_lossy())
                        .fold(true)
                        .annotation(annotation),
                )
            }
            Some((source, _)) => {
                let mut group = title.element(annotate_snippets::Origin::path(
                    source.path.to_string_lossy(),
                ));
                if let Some(label) = &self.label {
                    group = group.element(Level::NOTE.message(label.as_str()));
                }
                group
            }
            None => Group::with_title(title),
        };
        if let Some(help) = &self.help {
            group = group.element(Level::HELP.message(help.as_str()));
        }
        renderer.render(&[group])
    }
}

/// Keep a span inside the text and on character boundaries; an empty span at the end
/// of a file still points at something.
fn clamp_span(text: &str, span: Range<usize>) -> Range<usize> {
    let start = floor_char_boundary(text, span.start);
    let end = floor_char_boundary(text, span.end.max(start));
    start..end
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(false))
    }
}

/// All the problems of one build, in a stable order.
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// Sorted by file and position, so that a build reports the same way every time.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by_key(|d| {
            let (path, start) = match d.location.as_deref() {
                Some((s, span)) => (s.path.clone(), span.as_ref().map_or(0, |r| r.start)),
                None => (PathBuf::new(), 0),
            };
            (path, start)
        });
        self.items
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        Diagnostics { items: vec![d] }
    }
}

/// The closest of `candidates` to `input`, if it is close enough to be a likely typo.
pub fn closest<'a, I>(input: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let input_lower = input.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&input_lower, &c.to_lowercase()), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

/// "did you mean `x`?" when something close exists.
pub fn did_you_mean<'a, I>(input: &str, candidates: I) -> Option<String>
where
    I: IntoIterator<Item = &'a str>,
{
    closest(input, candidates).map(|c| format!("did you mean `{c}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters() {
        let src = SourceText::new("a.md", "one\ntwo 三x\n");
        assert_eq!(src.line_col(0), (1, 1));
        assert_eq!(src.line_col(4), (2, 1));
        // 'x' comes after a 3-byte character: column counts characters, not bytes.
        assert_eq!(src.line_col(11), (2, 6));
    }

    #[test]
    fn render_shows_file_line_snippet_and_help() {
        let src = SourceText::new(
            "content/cases/a.md",
            "+++\nregion = \"zhejiang/huzhuo\"\n+++\n",
        );
        let d = Diagnostic::new("unknown region `zhejiang/huzhuo`")
            .at(src, Some(13..30))
            .label("not in regions.toml")
            .help("did you mean `zhejiang/huzhou`?");
        let out = d.render(false);
        assert!(out.contains("content/cases/a.md:2:10"), "{out}");
        assert!(out.contains("region = \"zhejiang/huzhuo\""), "{out}");
        assert!(out.contains("^"), "{out}");
        assert!(out.contains("did you mean `zhejiang/huzhou`?"), "{out}");
        assert_eq!(d.position().unwrap(), "content/cases/a.md:2:10");
    }

    #[test]
    fn closest_suggests_only_near_misses() {
        let keys = ["yuan", "villages", "households"];
        assert_eq!(closest("yaun", keys), Some("yuan"));
        assert_eq!(closest("vilages", keys), Some("villages"));
        assert_eq!(closest("tonnes", keys), None);
    }

    #[test]
    fn spans_past_the_end_do_not_panic() {
        let src = SourceText::new("x.toml", "a = 1");
        let d = Diagnostic::new("boom").at(src, Some(10..20));
        assert!(d.render(false).contains("x.toml"));
    }
}
