//! Atom feeds: `/feed.xml` with the latest cases and programs, and
//! `/themes/<key>/feed.xml` for each theme. URLs are absolute; an entry's id is its
//! page's URL and a feed's id its own URL; every date comes from the content (a case's
//! date, a program's start), never from the clock, so two builds write the same bytes.

use crate::model::index::Index;
use crate::model::period::Period;
use crate::model::{RecordRef, Site};

use super::urls::{self, Route};

/// Entries in a feed: the newest records.
pub const FEED_LENGTH: usize = 50;

/// The feed files, by output path.
pub fn feeds(site: &Site, index: &Index) -> Vec<(String, Vec<u8>)> {
    let mut all: Vec<RecordRef> = site.all_records().collect();
    site.sort_newest_first(&mut all);
    let mut files = vec![feed(
        site,
        &Route::file("feed.xml"),
        &urls::home(),
        site.config.title.clone(),
        site.config.description.as_deref(),
        &all,
    )];
    for (key, theme) in &site.themes {
        let records = index.theme_records.get(key).map_or(&[][..], Vec::as_slice);
        let page = urls::theme(key);
        let route = Route {
            path: format!("{}feed.xml", page.path),
        };
        files.push(feed(
            site,
            &route,
            &page,
            format!("{} · {}", theme.label, site.config.title),
            theme.description.as_deref(),
            records,
        ));
    }
    files
}

fn feed(
    site: &Site,
    route: &Route,
    page: &Route,
    title: String,
    subtitle: Option<&str>,
    records: &[RecordRef],
) -> (String, Vec<u8>) {
    let base_url = &site.config.base_url;
    let records = &records[..records.len().min(FEED_LENGTH)];
    let self_url = route.url(base_url);
    // The newest entry's date; an empty feed takes the site's newest.
    let updated = records
        .first()
        .copied()
        .or_else(|| newest(site))
        .map_or_else(
            || "1970-01-01T00:00:00Z".to_string(),
            |r| timestamp(site.record_date(r)),
        );
    let lang = match site.config.language {
        crate::model::quantity::Lang::En => "en",
        crate::model::quantity::Lang::Zh => "zh-CN",
    };

    let mut x = String::with_capacity(1024 + records.len() * 512);
    x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    x.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{lang}\">\n"
    ));
    x.push_str(&format!("  <title>{}</title>\n", escape(&title)));
    if let Some(subtitle) = subtitle {
        x.push_str(&format!("  <subtitle>{}</subtitle>\n", escape(subtitle)));
    }
    x.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        escape(&self_url)
    ));
    x.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        escape(&page.url(base_url))
    ));
    x.push_str(&format!("  <id>{}</id>\n", escape(&self_url)));
    x.push_str(&format!("  <updated>{updated}</updated>\n"));
    x.push_str(&format!(
        "  <author><name>{}</name></author>\n",
        escape(&site.config.title)
    ));
    x.push_str(&format!(
        "  <generator version=\"{}\">Casebook</generator>\n",
        env!("CARGO_PKG_VERSION")
    ));
    for record in records {
        let base = site.record(*record);
        let route = match record {
            RecordRef::Case(_) => urls::case(&base.slug),
            RecordRef::Program(_) => urls::program(&base.slug),
        };
        let url = escape(&route.url(base_url));
        x.push_str("  <entry>\n");
        x.push_str(&format!("    <title>{}</title>\n", escape(&base.title)));
        x.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{url}\"/>\n"
        ));
        x.push_str(&format!("    <id>{url}</id>\n"));
        x.push_str(&format!(
            "    <updated>{}</updated>\n",
            timestamp(site.record_date(*record))
        ));
        x.push_str(&format!(
            "    <summary>{}</summary>\n",
            escape(&base.summary)
        ));
        for key in &base.themes {
            if let Some(theme) = site.themes.get(key) {
                x.push_str(&format!(
                    "    <category term=\"{}\" label=\"{}\"/>\n",
                    escape(key),
                    escape(&theme.label)
                ));
            }
        }
        x.push_str("  </entry>\n");
    }
    x.push_str("</feed>\n");
    (route.output_file(), x.into_bytes())
}

fn newest(site: &Site) -> Option<RecordRef> {
    site.all_records()
        .max_by(|a, b| site.record_date(*a).cmp(site.record_date(*b)))
}

/// An RFC 3339 time for a period: midnight UTC of its first day (a year is 1 January,
/// a month its 1st), so that a date given as a year is never in the future.
pub fn timestamp(period: &Period) -> String {
    let (year, month, day) = match *period {
        Period::Year(y) => (y, 1, 1),
        Period::Quarter(y, q) => (y, (q.clamp(1, 4) - 1) * 3 + 1, 1),
        Period::Month(y, m) => (y, m, 1),
        Period::Day(y, m, d) => (y, m, d),
    };
    format!("{year:04}-{month:02}-{day:02}T00:00:00Z")
}

/// Text for XML content and attribute values: the five special characters escaped, and
/// the control characters that XML 1.0 forbids left out.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c < ' ' || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::fixture;

    fn text(files: &[(String, Vec<u8>)], path: &str) -> String {
        let (_, bytes) = files.iter().find(|(p, _)| p == path).expect(path);
        String::from_utf8(bytes.clone()).unwrap()
    }

    #[test]
    fn site_feed_lists_records_newest_first_with_content_dates() {
        let site = fixture::site("https://example.org/sub/");
        let index = Index::build(&site);
        let files = feeds(&site, &index);
        let paths: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            paths,
            [
                "feed.xml",
                "themes/green-finance/feed.xml",
                "themes/rural-credit/feed.xml"
            ]
        );
        let xml = text(&files, "feed.xml");
        assert!(xml.contains("<title>Test &amp; Cases</title>"), "{xml}");
        assert!(
            xml.contains("<id>https://example.org/sub/feed.xml</id>"),
            "{xml}"
        );
        assert!(
            xml.contains("<updated>2024-03-01T00:00:00Z</updated>\n  <author>"),
            "{xml}"
        );
        let order: Vec<usize> = [
            "cases/wuxing/",
            "programs/pv-loan/",
            "cases/fuzhou-credit-days/",
        ]
        .iter()
        .map(|p| {
            xml.find(&format!("<id>https://example.org/sub/{p}</id>"))
                .unwrap()
        })
        .collect();
        assert!(order.windows(2).all(|w| w[0] < w[1]), "{xml}");
        assert!(
            xml.contains("<updated>2021-06-01T00:00:00Z</updated>"),
            "{xml}"
        );
        assert!(
            xml.contains("<updated>2022-01-01T00:00:00Z</updated>"),
            "{xml}"
        );
        assert!(xml.contains("property together &amp; earn rent."), "{xml}");
    }

    #[test]
    fn theme_feeds_hold_their_theme_only() {
        let site = fixture::site("https://example.org/");
        let files = feeds(&site, &Index::build(&site));
        let xml = text(&files, "themes/rural-credit/feed.xml");
        assert!(
            xml.contains("<title>Rural credit · Test &amp; Cases</title>"),
            "{xml}"
        );
        assert!(
            xml.contains("https://example.org/programs/pv-loan/"),
            "{xml}"
        );
        assert!(
            xml.contains("https://example.org/cases/fuzhou-credit-days/"),
            "{xml}"
        );
        assert!(!xml.contains("https://example.org/cases/wuxing/"), "{xml}");
    }

    #[test]
    fn timestamps_start_at_the_first_day_of_the_period() {
        assert_eq!(timestamp(&Period::Year(2024)), "2024-01-01T00:00:00Z");
        assert_eq!(timestamp(&Period::Quarter(2023, 3)), "2023-07-01T00:00:00Z");
        assert_eq!(timestamp(&Period::Month(2023, 6)), "2023-06-01T00:00:00Z");
        assert_eq!(timestamp(&Period::Day(2023, 6, 30)), "2023-06-30T00:00:00Z");
    }

    #[test]
    fn escape_makes_valid_xml_text() {
        assert_eq!(escape("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&apos;");
        assert_eq!(escape("bell\u{7}\tok 中文"), "bell\tok 中文");
    }
}
