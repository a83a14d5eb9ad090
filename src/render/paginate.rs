//! Pagination of record lists (cases, programs, a region's, a theme's, a tag's and a
//! year's records): `paginate_by` records a page, page 1 at the list's own URL, page
//! `n` at `<list>/page/<n>/`. An empty list still has its page 1.

use serde::Serialize;

use super::labels::Labels;
use super::urls::Route;

/// How many pages a list of `len` records takes: at least one.
pub fn page_count(len: usize, per_page: usize) -> usize {
    len.div_ceil(per_page.max(1)).max(1)
}

/// The page numbers of a list, from 1.
pub fn numbers(len: usize, per_page: usize) -> impl Iterator<Item = usize> {
    1..=page_count(len, per_page)
}

/// Where page `number` of the list at `list` lives.
pub fn route(list: &Route, number: usize) -> Route {
    if number <= 1 {
        list.clone()
    } else {
        Route {
            path: format!("{}page/{number}/", list.path),
        }
    }
}

/// One page of a list: its slice of the items and the `paginator` templates see.
pub struct Paged<'a, T> {
    pub items: &'a [T],
    pub route: Route,
    pub paginator: Paginator,
}

/// The `paginator` template variable.
#[derive(Debug, Serialize)]
pub struct Paginator {
    /// This page's number, from 1.
    pub current: usize,
    pub total_pages: usize,
    /// Records in the whole list.
    pub total_items: usize,
    pub per_page: usize,
    pub first: String,
    pub last: String,
    pub previous: Option<String>,
    pub next: Option<String>,
    /// Links to show: the first and last pages and two on each side of this one; a
    /// `number` of `null` stands for the pages left out between them.
    pub pages: Vec<PageLink>,
}

impl Paginator {
    /// A list page's title: the list's own, with "page n" after it past page 1, so that
    /// no two pages share a title.
    pub fn title(&self, list_title: String, labels: &Labels) -> String {
        if self.current <= 1 {
            list_title
        } else {
            let page = labels
                .get("page_n")
                .replace("{n}", &self.current.to_string());
            format!("{list_title} · {page}")
        }
    }
}

#[derive(Debug, Serialize)]
pub struct PageLink {
    pub number: Option<usize>,
    pub url: Option<String>,
    pub current: bool,
}

/// Page `number` (from 1, clamped to the list) of `items` listed at `list`.
pub fn paginate<'a, T>(
    items: &'a [T],
    number: usize,
    per_page: usize,
    list: &Route,
    base_url: &str,
) -> Paged<'a, T> {
    let per_page = per_page.max(1);
    let total_pages = page_count(items.len(), per_page);
    let current = number.clamp(1, total_pages);
    let start = ((current - 1) * per_page).min(items.len());
    let end = (start + per_page).min(items.len());
    let url = |n: usize| route(list, n).url(base_url);

    let mut pages = Vec::new();
    let mut last_shown = 0;
    for n in 1..=total_pages {
        let near = n.abs_diff(current) <= 2;
        if n == 1 || n == total_pages || near {
            if n > last_shown + 1 {
                pages.push(PageLink {
                    number: None,
                    url: None,
                    current: false,
                });
            }
            pages.push(PageLink {
                number: Some(n),
                url: Some(url(n)),
                current: n == current,
            });
            last_shown = n;
        }
    }
    Paged {
        items: &items[start..end],
        route: route(list, current),
        paginator: Paginator {
            current,
            total_pages,
            total_items: items.len(),
            per_page,
            first: url(1),
            last: url(total_pages),
            previous: (current > 1).then(|| url(current - 1)),
            next: (current < total_pages).then(|| url(current + 1)),
            pages,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::urls;

    const BASE: &str = "https://example.org/sub/";

    #[test]
    fn page_counts() {
        assert_eq!(page_count(0, 10), 1);
        assert_eq!(page_count(10, 10), 1);
        assert_eq!(page_count(11, 10), 2);
        assert_eq!(page_count(3, 1), 3);
        assert_eq!(numbers(5, 2).collect::<Vec<_>>(), [1, 2, 3]);
    }

    #[test]
    fn page_one_lives_at_the_list_url() {
        let list = urls::section("cases");
        assert_eq!(route(&list, 1).path, "cases/");
        assert_eq!(route(&list, 2).output_file(), "cases/page/2/index.html");
        let tag = urls::tag("光伏");
        assert_eq!(
            route(&tag, 3).url(BASE),
            "https://example.org/sub/tags/%E5%85%89%E4%BC%8F/page/3/"
        );
    }

    #[test]
    fn slices_and_links() {
        let items: Vec<u32> = (1..=5).collect();
        let list = urls::section("cases");
        let p = paginate(&items, 2, 2, &list, BASE);
        assert_eq!(p.items, [3, 4]);
        assert_eq!(p.route.path, "cases/page/2/");
        let pg = &p.paginator;
        assert_eq!((pg.current, pg.total_pages, pg.total_items), (2, 3, 5));
        assert_eq!(
            pg.previous.as_deref(),
            Some("https://example.org/sub/cases/")
        );
        assert_eq!(
            pg.next.as_deref(),
            Some("https://example.org/sub/cases/page/3/")
        );
        let last = paginate(&items, 3, 2, &list, BASE);
        assert_eq!(last.items, [5]);
        assert_eq!(last.paginator.next, None);
        let empty: [u32; 0] = [];
        let p = paginate(&empty, 1, 2, &list, BASE);
        assert!(p.items.is_empty());
        assert_eq!(p.paginator.total_pages, 1);
    }

    #[test]
    fn titles_name_the_page_past_the_first() {
        let mut labels = Labels::default();
        let mut diags = crate::diagnostics::Diagnostics::new();
        let source = crate::diagnostics::SourceText::new("en.toml", "page_n = \"page {n}\"\n");
        labels.overlay(&source, &mut diags);
        let items = [1, 2, 3];
        let list = urls::section("cases");
        let first = paginate(&items, 1, 2, &list, BASE).paginator;
        assert_eq!(first.title("Cases".into(), &labels), "Cases");
        let second = paginate(&items, 2, 2, &list, BASE).paginator;
        assert_eq!(second.title("Cases".into(), &labels), "Cases · page 2");
    }

    #[test]
    fn long_lists_show_a_window_of_page_links() {
        let items: Vec<u32> = (0..100).collect();
        let p = paginate(&items, 50, 1, &urls::section("cases"), BASE);
        let shown: Vec<Option<usize>> = p.paginator.pages.iter().map(|l| l.number).collect();
        assert_eq!(
            shown,
            [
                Some(1),
                None,
                Some(48),
                Some(49),
                Some(50),
                Some(51),
                Some(52),
                None,
                Some(100)
            ]
        );
        assert!(p.paginator.pages[4].current);
    }
}
