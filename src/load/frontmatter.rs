//! Splits a Markdown record into its TOML front matter and its body.
//!
//! Front matter sits between two lines that are exactly `+++`; the first must be the
//! file's first line. Byte offsets are kept so that errors point into the file.

use std::ops::Range;

/// A record file cut in two. Offsets are byte offsets into the whole file.
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    pub front: &'a str,
    pub front_offset: usize,
    pub body: &'a str,
    pub body_offset: usize,
}

/// Why a file could not be split, with the span to point at.
#[derive(Debug, PartialEq, Eq)]
pub struct SplitError {
    pub message: String,
    pub span: Range<usize>,
    pub label: &'static str,
    pub help: &'static str,
}

const FENCE: &str = "+++";

/// Splits `text` (already free of a BOM and of CRLF line ends).
pub fn split(text: &str) -> Result<Split<'_>, SplitError> {
    if text.trim().is_empty() {
        return Err(SplitError {
            message: "the file is empty".into(),
            span: 0..0,
            label: "expected front matter here",
            help: "a record starts with a line `+++`, its TOML fields, and another `+++`",
        });
    }
    let first_line_end = text.find('\n').unwrap_or(text.len());
    let first_line = &text[..first_line_end];
    if first_line.trim_end() != FENCE {
        let (message, help) = if first_line.trim_end() == "---" {
            (
                "YAML front matter (`---`) is not supported".to_string(),
                "write the front matter in TOML between two lines `+++`",
            )
        } else {
            (
                "the file does not start with front matter".to_string(),
                "the first line of a Markdown record must be exactly `+++`",
            )
        };
        return Err(SplitError {
            message,
            span: 0..first_line_end,
            label: "expected `+++`",
            help,
        });
    }
    let front_offset = (first_line_end + 1).min(text.len());
    // Every line after the first, by its start and end (one search for all line ends).
    let ends = memchr::memchr_iter(b'\n', &text.as_bytes()[front_offset..])
        .map(|i| front_offset + i)
        .chain(std::iter::once(text.len()));
    let mut line_start = front_offset;
    for line_end in ends {
        if line_start >= text.len() {
            break;
        }
        if text[line_start..line_end].trim_end() == FENCE {
            let body_offset = (line_end + 1).min(text.len());
            return Ok(Split {
                front: &text[front_offset..line_start],
                front_offset,
                body: &text[body_offset..],
                body_offset,
            });
        }
        line_start = line_end + 1;
    }
    Err(SplitError {
        message: "the front matter is never closed".into(),
        span: 0..first_line_end,
        label: "opened here",
        help: "end the front matter with a line that is exactly `+++`",
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The closing fence is the first later line that is `+++` (spaces after it
        /// allowed), found line by line as a reader would.
        #[test]
        fn the_closing_fence_is_the_first_fence_line(
            lines in proptest::collection::vec("(\\+\\+\\+|\\+\\+\\+ |a = 1|)", 0..6),
            end in "(\n)?",
        ) {
            let text = format!("+++\n{}{end}", lines.join("\n"));
            let close = text.lines().skip(1).position(|l| l.trim_end() == FENCE);
            match (split(&text), close) {
                (Ok(s), Some(n)) => {
                    let front: Vec<&str> = text.lines().skip(1).take(n).collect();
                    let expected = front.iter().map(|l| format!("{l}\n")).collect::<String>();
                    prop_assert_eq!(s.front, expected.as_str());
                    prop_assert_eq!(&text[s.body_offset..], s.body);
                }
                (Err(_), None) => {}
                (got, want) => prop_assert!(false, "{:?} for {:?}, fence line {:?}", got, text, want),
            }
        }
    }

    #[test]
    fn splits_front_matter_and_body() {
        let text = "+++\ntitle = \"A\"\n+++\n\nBody\n";
        let s = split(text).unwrap();
        assert_eq!(s.front, "title = \"A\"\n");
        assert_eq!(s.front_offset, 4);
        assert_eq!(s.body, "\nBody\n");
        assert_eq!(&text[s.body_offset..], s.body);
    }

    #[test]
    fn body_may_be_missing() {
        let s = split("+++\na = 1\n+++").unwrap();
        assert_eq!(s.front, "a = 1\n");
        assert_eq!(s.body, "");
    }

    #[test]
    fn a_fence_inside_the_body_is_body_text() {
        let s = split("+++\na = 1\n+++\nx\n+++\n").unwrap();
        assert_eq!(s.body, "x\n+++\n");
    }

    #[test]
    fn trailing_spaces_after_a_fence_are_tolerated() {
        let s = split("+++  \na = 1\n+++ \nb").unwrap();
        assert_eq!(s.front, "a = 1\n");
        assert_eq!(s.body, "b");
    }

    #[test]
    fn empty_file_is_an_error() {
        assert_eq!(split("  \n").unwrap_err().message, "the file is empty");
    }

    #[test]
    fn missing_opening_fence_is_an_error() {
        let e = split("title = \"A\"\n").unwrap_err();
        assert!(e.message.contains("does not start"));
        assert_eq!(e.span, 0..11);
    }

    #[test]
    fn yaml_front_matter_is_named() {
        let e = split("---\ntitle: A\n---\n").unwrap_err();
        assert!(e.message.contains("YAML"));
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        let e = split("+++\ntitle = \"A\"\nbody\n").unwrap_err();
        assert_eq!(e.message, "the front matter is never closed");
        assert_eq!(e.span, 0..3);
    }
}
