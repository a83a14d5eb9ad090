//! Where every page lives: its URL under base_url and its file in the output.
//! Path segments come only from validated slugs, region ids and tag slugs, and are
//! percent-encoded in URLs, so no content can make a path leave the output folder.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// Characters kept as they are in a URL path segment.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.');

/// A page's place: `path` is relative to the site root, without a leading `/`, and
/// ends with `/` for a folder page (`cases/wuxing/`) or a file name (`404.html`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    pub path: String,
}

impl Route {
    pub fn new(segments: &[&str]) -> Route {
        let mut path = String::new();
        for segment in segments {
            debug_assert!(
                !segment.is_empty()
                    && *segment != "."
                    && *segment != ".."
                    && !segment.contains('/')
            );
            path.push_str(segment);
            path.push('/');
        }
        Route { path }
    }

    pub fn file(name: &str) -> Route {
        Route {
            path: name.to_string(),
        }
    }

    /// The absolute URL under `base_url` (which ends with `/`).
    pub fn url(&self, base_url: &str) -> String {
        // Built in one string: it is made for every link of every page.
        let mut url = String::with_capacity(base_url.len() + self.path.len());
        url.push_str(base_url);
        for (n, segment) in self.path.split('/').enumerate() {
            if n > 0 {
                url.push('/');
            }
            url.extend(utf8_percent_encode(segment, SEGMENT));
        }
        url
    }

    /// The file to write, relative to the output folder.
    pub fn output_file(&self) -> String {
        if self.path.is_empty() || self.path.ends_with('/') {
            format!("{}index.html", self.path)
        } else {
            self.path.clone()
        }
    }
}

pub fn home() -> Route {
    Route::new(&[])
}

pub fn section(name: &str) -> Route {
    Route::new(&[name])
}

pub fn case(slug: &str) -> Route {
    Route::new(&["cases", slug])
}

pub fn program(slug: &str) -> Route {
    Route::new(&["programs", slug])
}

/// A region's id is its path (`zhejiang/huzhou`); each part is a validated key.
pub fn region(id: &str) -> Route {
    let mut segments = vec!["regions"];
    segments.extend(id.split('/'));
    Route::new(&segments)
}

pub fn theme(key: &str) -> Route {
    Route::new(&["themes", key])
}

pub fn tag(slug: &str) -> Route {
    Route::new(&["tags", slug])
}

pub fn year(year: i32) -> Route {
    Route::new(&["years", &year.to_string()])
}

pub fn indicator(key: &str) -> Route {
    Route::new(&["indicators", key])
}

pub fn page(slug: &str) -> Route {
    Route::new(&[slug])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_honour_a_sub_path_and_encode_segments() {
        let base = "https://example.org/sub/";
        assert_eq!(home().url(base), "https://example.org/sub/");
        assert_eq!(
            case("wuxing").url(base),
            "https://example.org/sub/cases/wuxing/"
        );
        assert_eq!(
            region("zhejiang/huzhou").url(base),
            "https://example.org/sub/regions/zhejiang/huzhou/"
        );
        assert_eq!(
            tag("光伏").url(base),
            "https://example.org/sub/tags/%E5%85%89%E4%BC%8F/"
        );
        assert_eq!(
            Route::file("404.html").url(base),
            "https://example.org/sub/404.html"
        );
    }

    #[test]
    fn routes_map_to_index_files() {
        assert_eq!(home().output_file(), "index.html");
        assert_eq!(case("a").output_file(), "cases/a/index.html");
        assert_eq!(tag("光伏").output_file(), "tags/光伏/index.html");
        assert_eq!(Route::file("404.html").output_file(), "404.html");
    }
}
