//! `/sitemap.xml` and `/robots.txt`. The sitemap is made from the final list of output
//! files, so every HTML page the build makes is in it, whichever part of Casebook made
//! it. Past [`MAX_URLS`] URLs it becomes an index of `sitemap-1.xml`, `sitemap-2.xml` …

use super::feed::escape;
use super::urls::Route;

/// The most URLs one sitemap file may hold (sitemaps.org).
pub const MAX_URLS: usize = 50_000;

/// The pages of a site: the absolute URL of every `.html` output but the 404 page, in
/// the order of `paths` (a folder's `index.html` is its folder's URL).
pub fn page_urls<'a>(paths: impl Iterator<Item = &'a str>, base_url: &str) -> Vec<String> {
    paths
        .filter(|p| p.ends_with(".html") && *p != "404.html")
        .map(|p| {
            let path = p
                .strip_suffix("index.html")
                .filter(|dir| dir.is_empty() || dir.ends_with('/'))
                .unwrap_or(p);
            Route {
                path: path.to_string(),
            }
            .url(base_url)
        })
        .collect()
}

/// The sitemap files (and robots.txt) for `urls`, by output path; `max` URLs a file.
pub fn files(urls: &[String], base_url: &str, max: usize) -> Vec<(String, Vec<u8>)> {
    let max = max.max(1);
    let mut files = Vec::new();
    if urls.len() <= max {
        files.push(("sitemap.xml".to_string(), urlset(urls)));
    } else {
        let mut index = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
             <sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
        );
        for (i, chunk) in urls.chunks(max).enumerate() {
            let name = format!("sitemap-{}.xml", i + 1);
            index.push_str(&format!(
                "  <sitemap><loc>{}</loc></sitemap>\n",
                escape(&format!("{base_url}{name}"))
            ));
            files.push((name, urlset(chunk)));
        }
        index.push_str("</sitemapindex>\n");
        files.push(("sitemap.xml".to_string(), index.into_bytes()));
    }
    files.push(("robots.txt".to_string(), robots(base_url).into_bytes()));
    files
}

fn urlset(urls: &[String]) -> Vec<u8> {
    let mut x = String::with_capacity(128 + urls.len() * 80);
    x.push_str(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for url in urls {
        x.push_str(&format!("  <url><loc>{}</loc></url>\n", escape(url)));
    }
    x.push_str("</urlset>\n");
    x.into_bytes()
}

/// Everything may be crawled; the sitemap says where the pages are.
fn robots(base_url: &str) -> String {
    format!("User-agent: *\nDisallow:\n\nSitemap: {base_url}sitemap.xml\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "https://example.org/sub/";

    #[test]
    fn pages_are_html_files_but_the_404() {
        let paths = [
            "404.html",
            "casebook.css",
            "cases/a/index.html",
            "index.html",
            "old/page.html",
            "tags/光伏/index.html",
            "myindex.html",
        ];
        assert_eq!(
            page_urls(paths.into_iter(), BASE),
            [
                "https://example.org/sub/cases/a/",
                "https://example.org/sub/",
                "https://example.org/sub/old/page.html",
                "https://example.org/sub/tags/%E5%85%89%E4%BC%8F/",
                "https://example.org/sub/myindex.html",
            ]
        );
    }

    #[test]
    fn one_file_up_to_the_limit() {
        let urls: Vec<String> = (0..3).map(|i| format!("{BASE}p{i}/")).collect();
        let files = files(&urls, BASE, 3);
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["sitemap.xml", "robots.txt"]);
        let xml = String::from_utf8(files[0].1.clone()).unwrap();
        assert!(xml.contains("<urlset"), "{xml}");
        assert_eq!(xml.matches("<url>").count(), 3);
        let robots = String::from_utf8(files[1].1.clone()).unwrap();
        assert!(robots.contains("Sitemap: https://example.org/sub/sitemap.xml\n"));
    }

    #[test]
    fn an_index_past_the_limit() {
        let urls: Vec<String> = (0..5).map(|i| format!("{BASE}p{i}/?a&b")).collect();
        let files = files(&urls, BASE, 2);
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "sitemap-1.xml",
                "sitemap-2.xml",
                "sitemap-3.xml",
                "sitemap.xml",
                "robots.txt"
            ]
        );
        let index = String::from_utf8(files[3].1.clone()).unwrap();
        assert!(index.contains("<sitemapindex"), "{index}");
        assert!(
            index.contains("<loc>https://example.org/sub/sitemap-3.xml</loc>"),
            "{index}"
        );
        let last = String::from_utf8(files[2].1.clone()).unwrap();
        assert_eq!(last.matches("<url>").count(), 1);
        assert!(last.contains("p4/?a&amp;b"), "{last}");
    }
}
