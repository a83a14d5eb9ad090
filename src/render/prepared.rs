//! What many pages show of the same record, region or theme, made once per build: a
//! record is on about seven lists, and its card there shows its URL, date, region and
//! themes. Formatting those on every card was a few percent of a build.

use std::collections::BTreeMap;

use rayon::prelude::*;

use crate::model::{RecordRef, RegionId, Site};

use super::context::DateView;
use super::urls;

pub struct Prepared<'a> {
    case_urls: Vec<String>,
    program_urls: Vec<String>,
    case_dates: Vec<DateView>,
    program_dates: Vec<DateView>,
    region_urls: Vec<String>,
    theme_urls: BTreeMap<&'a str, String>,
}

impl<'a> Prepared<'a> {
    pub fn new(site: &'a Site) -> Prepared<'a> {
        let base_url = site.config.base_url.as_str();
        let date = |period| DateView::new(period, site.config.language);
        Prepared {
            case_urls: site
                .cases
                .par_iter()
                .map(|c| urls::case(&c.base.slug).url(base_url))
                .collect(),
            program_urls: site
                .programs
                .par_iter()
                .map(|p| urls::program(&p.base.slug).url(base_url))
                .collect(),
            case_dates: site.cases.par_iter().map(|c| date(&c.date)).collect(),
            program_dates: site.programs.par_iter().map(|p| date(&p.start)).collect(),
            region_urls: site
                .regions
                .regions
                .iter()
                .map(|r| urls::region(&r.id).url(base_url))
                .collect(),
            theme_urls: site
                .themes
                .keys()
                .map(|key| (key.as_str(), urls::theme(key).url(base_url)))
                .collect(),
        }
    }

    /// The URL of a record's page.
    pub fn record_url(&self, r: RecordRef) -> &str {
        match r {
            RecordRef::Case(i) => &self.case_urls[i],
            RecordRef::Program(i) => &self.program_urls[i],
        }
    }

    /// A record's date as lists show it: a case's date, a program's start.
    pub fn record_date(&self, r: RecordRef) -> &DateView {
        match r {
            RecordRef::Case(i) => &self.case_dates[i],
            RecordRef::Program(i) => &self.program_dates[i],
        }
    }

    pub fn region_url(&self, id: RegionId) -> &str {
        &self.region_urls[id]
    }

    /// The URL of a theme of the catalog; `None` for a key that is not one.
    pub fn theme_url(&self, key: &str) -> Option<&str> {
        self.theme_urls.get(key).map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::fixture;

    #[test]
    fn prepared_values_are_those_made_on_demand() {
        let site = fixture::site("https://example.org/r/");
        let prepared = Prepared::new(&site);
        let base_url = &site.config.base_url;
        for r in site.all_records() {
            let base = site.record(r);
            let route = match r {
                RecordRef::Case(_) => urls::case(&base.slug),
                RecordRef::Program(_) => urls::program(&base.slug),
            };
            assert_eq!(prepared.record_url(r), route.url(base_url));
            let date = DateView::new(site.record_date(r), site.config.language);
            assert_eq!(prepared.record_date(r).iso, date.iso);
            assert_eq!(prepared.record_date(r).display, date.display);
        }
        for (id, region) in site.regions.regions.iter().enumerate() {
            assert_eq!(
                prepared.region_url(id),
                urls::region(&region.id).url(base_url)
            );
        }
        for key in site.themes.keys() {
            assert_eq!(
                prepared.theme_url(key),
                Some(urls::theme(key).url(base_url).as_str())
            );
        }
        assert_eq!(prepared.theme_url("no-such-theme"), None);
    }
}
