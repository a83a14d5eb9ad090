//! Which pages a change to some records touches. Each changed record is compared as
//! it was in the last site written with what it is now, facet by facet:
//!
//! - its own page, always;
//! - its **card** (title, summary, date, region, themes): the list pages it is on (all
//!   cases or programs, its regions, themes, tags and year), the home page, and the
//!   pages of the programs it names or of the cases that name it;
//! - where it is **listed** (region, themes, tags, year, named programs, or whether it
//!   is published at all): the counts on the summary pages and the home page, and every
//!   page of its regions;
//! - its **figures**: the pages of the indicators whose figures changed, the
//!   dashboard, and the figures on every page of the regions they are for;
//! - a program's commitment: the home page's total.
//!
//! A list compares the record's positions before and after, so that a record that
//! moves (a new date) renders again the list pages between its old and new place; a
//! list whose length changed renders all its pages. A body alone changes the record's
//! own page only (and the pages whose links point into it, see `Session`).

use std::collections::{BTreeMap, BTreeSet};

use crate::model::index::Index;
use crate::model::period::Period;
use crate::model::{Observation, RecordRef, RegionId, Site, tag_slug};
use crate::render::{Job, paginate, urls};

/// What the pages of a site show of one record, to compare before and after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    pub program: bool,
    pub slug: String,
    pub date: Period,
    pub region: RegionId,
    pub themes: Vec<String>,
    /// Tags as written (the first spelling names a tag's page).
    pub tags: Vec<String>,
    /// For a case, the programs it names.
    pub programs: Vec<String>,
    /// Title and summary, as cards show them.
    pub card: String,
    /// The figures of each indicator (and the regions they are for), with their
    /// places in the record: the indicator pages find a value's note by its place.
    pub figures: BTreeMap<String, String>,
    /// The indicators it reports.
    pub indicators: Vec<String>,
    /// The regions its figures are for, besides its own.
    pub figure_regions: Vec<RegionId>,
    /// What an indicator's page shows of the record besides its figures.
    pub rows: String,
    /// A program's commitment.
    pub commitment: String,
}

impl Snapshot {
    pub fn of(site: &Site, record: RecordRef) -> Snapshot {
        let base = site.record(record);
        let (programs, commitment) = match record {
            RecordRef::Case(i) => (site.cases[i].programs.clone(), String::new()),
            RecordRef::Program(i) => (Vec::new(), format!("{:?}", site.programs[i].commitment)),
        };
        Snapshot {
            program: matches!(record, RecordRef::Program(_)),
            slug: base.slug.clone(),
            date: *site.record_date(record),
            region: base.region,
            themes: base.themes.clone(),
            tags: base.tags.clone(),
            programs,
            card: format!("{:?}", (&base.title, &base.summary)),
            figures: figures(&base.indicators),
            indicators: base.indicators.iter().map(|o| o.key.clone()).collect(),
            figure_regions: base.indicators.iter().filter_map(|o| o.region).collect(),
            rows: format!(
                "{:?}",
                (
                    &base.title,
                    base.sources.iter().find_map(|s| s.url.as_ref())
                )
            ),
            commitment,
        }
    }

    /// Where the record sits in the site's order.
    fn order(&self) -> (bool, &str, &Period) {
        (self.program, &self.slug, &self.date)
    }

    /// The lists the record is on and the counts it adds to.
    fn listed(&self) -> impl PartialEq + '_ {
        (
            self.order(),
            self.region,
            &self.themes,
            &self.tags,
            &self.programs,
        )
    }

    fn tag_slugs(&self) -> impl Iterator<Item = String> + '_ {
        self.tags.iter().map(|t| tag_slug(t))
    }
}

/// A record's figures by indicator, each with its place among the record's figures.
fn figures(observations: &[Observation]) -> BTreeMap<String, String> {
    let mut by_key: BTreeMap<String, String> = BTreeMap::new();
    for (i, o) in observations.iter().enumerate() {
        by_key
            .entry(o.key.clone())
            .or_default()
            .push_str(&format!("{i}: {o:?}\n"));
    }
    by_key
}

/// One changed record file: the record as last written and as it is now (with its
/// place in the site); `None` where it was not, or is no longer, published.
#[derive(Debug, Clone)]
pub struct Change {
    pub before: Option<Snapshot>,
    pub after: Option<(RecordRef, Snapshot)>,
}

impl Change {
    fn after(&self) -> Option<&Snapshot> {
        self.after.as_ref().map(|(_, s)| s)
    }

    fn both(&self) -> impl Iterator<Item = &Snapshot> {
        self.before.iter().chain(self.after())
    }

    /// Whether a facet differs (a record that comes or goes differs in all).
    fn differs<T: PartialEq>(&self, facet: impl Fn(&Snapshot) -> T) -> bool {
        match (&self.before, self.after()) {
            (Some(a), Some(b)) => facet(a) != facet(b),
            _ => true,
        }
    }

    /// Whether records move in the site's order (or come or go): every position
    /// after them shifts.
    pub fn moves(&self) -> bool {
        self.differs(|s| (s.program, s.slug.clone(), s.date))
    }

    /// Whether the index (the lists and counts) changes.
    pub fn relists(&self) -> bool {
        match (&self.before, self.after()) {
            (Some(a), Some(b)) => a.listed() != b.listed(),
            _ => true,
        }
    }

    /// The indicators whose values change: those whose figures differ, or all of the
    /// record's when it comes, goes or moves to another region.
    pub fn changed_indicators(&self) -> BTreeSet<String> {
        match (&self.before, self.after()) {
            (Some(a), Some(b)) if a.region == b.region => (a.figures.keys())
                .chain(b.figures.keys())
                .filter(|key| a.figures.get(*key) != b.figures.get(*key))
                .cloned()
                .collect(),
            _ => self
                .both()
                .flat_map(|s| s.indicators.iter().cloned())
                .collect(),
        }
    }
}

/// The last site written, as far as plans need it: its index and its records' order.
#[derive(Debug, Clone)]
pub struct Written {
    pub index: Index,
    pub cases: Vec<String>,
    pub programs: Vec<String>,
}

impl Written {
    pub fn of(site: &Site, index: &Index) -> Written {
        Written {
            index: index.clone(),
            cases: site.cases.iter().map(|c| c.base.slug.clone()).collect(),
            programs: site.programs.iter().map(|p| p.base.slug.clone()).collect(),
        }
    }

    fn slug(&self, record: RecordRef) -> (bool, &str) {
        match record {
            RecordRef::Case(i) => (false, &self.cases[i]),
            RecordRef::Program(i) => (true, &self.programs[i]),
        }
    }
}

/// The pages to render again (the changed records' own pages apart, to go first), and
/// the files of pages that no longer exist.
#[derive(Debug, Default)]
pub struct Plan {
    pub own: BTreeSet<Job>,
    pub jobs: BTreeSet<Job>,
    pub remove: BTreeSet<String>,
}

/// A list of records that is paginated.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum List {
    Cases,
    Programs,
    Region(RegionId),
    Theme(String),
    Tag(String),
    Year(i32),
}

impl List {
    fn job(&self, page: usize) -> Job {
        match self {
            List::Cases => Job::Cases(page),
            List::Programs => Job::Programs(page),
            List::Region(id) => Job::Region(*id, page),
            List::Theme(key) => Job::Theme(key.clone(), page),
            List::Tag(slug) => Job::Tag(slug.clone(), page),
            List::Year(year) => Job::Year(*year, page),
        }
    }

    fn route(&self, site: &Site) -> urls::Route {
        match self {
            List::Cases => urls::section("cases"),
            List::Programs => urls::section("programs"),
            List::Region(id) => urls::region(&site.regions.region(*id).id),
            List::Theme(key) => urls::theme(key),
            List::Tag(slug) => urls::tag(slug),
            List::Year(year) => urls::year(*year),
        }
    }

    /// The list's length in a site (`None` where it has no page: a tag or a year
    /// that no record has).
    fn len(&self, index: &Index, cases: usize, programs: usize) -> Option<usize> {
        match self {
            List::Cases => Some(cases),
            List::Programs => Some(programs),
            _ => self.records(index).map(<[RecordRef]>::len),
        }
    }

    fn records<'a>(&self, index: &'a Index) -> Option<&'a [RecordRef]> {
        match self {
            List::Cases | List::Programs => None,
            List::Region(id) => index.region_records.get(*id).map(Vec::as_slice),
            List::Theme(key) => Some(index.theme_records.get(key).map_or(&[][..], Vec::as_slice)),
            List::Tag(slug) => index.tags.get(slug).map(|t| t.records.as_slice()),
            List::Year(year) => index.years.get(year).map(Vec::as_slice),
        }
    }
}

/// Where changed records are in a list, before and after.
#[derive(Default)]
struct Places {
    before: Vec<usize>,
    after: Vec<usize>,
}

pub fn plan(changes: &[Change], written: &Written, site: &Site, index: &Index) -> Plan {
    let mut plan = Plan::default();
    let program_by_slug: BTreeMap<&str, usize> = site
        .programs
        .iter()
        .enumerate()
        .map(|(i, p)| (p.base.slug.as_str(), i))
        .collect();
    let mut lists: BTreeMap<List, Places> = BTreeMap::new();
    // Regions every page of which renders again (counts or figures changed).
    let mut regions: BTreeSet<RegionId> = BTreeSet::new();

    for change in changes {
        if let Some((record, _)) = &change.after {
            plan.own.insert(match record {
                RecordRef::Case(i) => Job::Case(*i),
                RecordRef::Program(i) => Job::Program(*i),
            });
        }
        if let Some(before) = &change.before {
            let gone = change
                .after()
                .is_none_or(|after| (after.program, &after.slug) != (before.program, &before.slug));
            if gone {
                let route = if before.program {
                    urls::program(&before.slug)
                } else {
                    urls::case(&before.slug)
                };
                plan.remove.insert(route.output_file());
                plan.remove.insert(format!("{}index.json", route.path));
            }
        }

        let card = change.differs(|s| (s.card.clone(), s.region, s.themes.clone()));
        let relists = change.relists();
        if card || relists {
            plan.jobs.insert(Job::Home);
            for s in change.both() {
                cross_pages(s, site, &program_by_slug, &mut plan);
            }
            if let Some(before) = &change.before {
                for list in lists_of(before, site) {
                    let places = lists.entry(list.clone()).or_default();
                    places.before.extend(old_position(&list, before, written));
                }
            }
            if let Some((record, after)) = &change.after {
                for list in lists_of(after, site) {
                    let places = lists.entry(list.clone()).or_default();
                    places.after.extend(new_position(&list, *record, index));
                }
            }
        }
        if relists {
            plan.jobs
                .extend([Job::Regions, Job::Themes, Job::Tags, Job::Years]);
            for s in change.both() {
                regions.extend(site.regions.ancestry(s.region));
            }
        }
        let indicators = change.changed_indicators();
        if !indicators.is_empty() {
            plan.jobs.insert(Job::Indicators);
            for s in change.both() {
                for region in std::iter::once(&s.region).chain(&s.figure_regions) {
                    regions.extend(site.regions.ancestry(*region));
                }
            }
        }
        let rows = if change.differs(|s| (s.rows.clone(), s.order().1.to_string(), s.date)) {
            change
                .both()
                .flat_map(|s| s.indicators.iter().cloned())
                .collect()
        } else {
            BTreeSet::new()
        };
        plan.jobs
            .extend(indicators.union(&rows).cloned().map(Job::Indicator));
        if change.differs(|s| s.commitment.clone()) {
            plan.jobs.insert(Job::Home);
        }
    }

    let per_page = site.config.paginate_by.max(1);
    for (list, places) in lists {
        let len_before = list.len(&written.index, written.cases.len(), written.programs.len());
        let len_after = list.len(index, site.cases.len(), site.programs.len());
        let pages_before = len_before.map_or(0, |len| paginate::page_count(len, per_page));
        let pages_after = len_after.map_or(0, |len| paginate::page_count(len, per_page));
        // A tag's page is named after the first spelling met.
        let renamed = match &list {
            List::Tag(slug) => {
                written.index.tags.get(slug).map(|t| &t.name)
                    != index.tags.get(slug).map(|t| &t.name)
            }
            _ => false,
        };
        let all = renamed || len_before != len_after;
        let pages: Vec<usize> = if all {
            (1..=pages_after).collect()
        } else {
            let both = places.before.iter().chain(&places.after);
            match (both.clone().min(), both.max()) {
                (Some(lo), Some(hi)) => (lo / per_page + 1..=hi / per_page + 1)
                    .filter(|n| *n <= pages_after)
                    .collect(),
                _ => Vec::new(),
            }
        };
        plan.jobs.extend(pages.into_iter().map(|n| list.job(n)));
        remove_pages(&list, site, pages_after, pages_before, &mut plan);
    }
    for region in regions {
        let list = List::Region(region);
        let len = |index: &Index| index.region_records.get(region).map_or(0, Vec::len);
        let pages_before = paginate::page_count(len(&written.index), per_page);
        let pages_after = paginate::page_count(len(index), per_page);
        plan.jobs.extend((1..=pages_after).map(|n| list.job(n)));
        remove_pages(&list, site, pages_after, pages_before, &mut plan);
    }
    let own = plan.own.clone();
    plan.jobs.retain(|job| !own.contains(job));
    plan
}

/// The pages of a list past its new last page.
fn remove_pages(list: &List, site: &Site, after: usize, before: usize, plan: &mut Plan) {
    let route = list.route(site);
    for n in after + 1..=before {
        plan.remove.insert(paginate::route(&route, n).output_file());
    }
}

/// The pages that show a record's card beside their own record: a program's page lists
/// the cases that name it, a case's page the programs it names.
fn cross_pages(s: &Snapshot, site: &Site, programs: &BTreeMap<&str, usize>, plan: &mut Plan) {
    for program in &s.programs {
        if let Some(i) = programs.get(program.as_str()) {
            plan.jobs.insert(Job::Program(*i));
        }
    }
    if s.program {
        for (i, case) in site.cases.iter().enumerate() {
            if case.programs.contains(&s.slug) {
                plan.jobs.insert(Job::Case(i));
            }
        }
    }
}

/// The lists a record is on.
fn lists_of(s: &Snapshot, site: &Site) -> Vec<List> {
    let mut lists = vec![if s.program {
        List::Programs
    } else {
        List::Cases
    }];
    lists.extend(
        site.regions
            .ancestry(s.region)
            .into_iter()
            .map(List::Region),
    );
    lists.extend(s.themes.iter().cloned().map(List::Theme));
    lists.extend(s.tag_slugs().map(List::Tag));
    lists.push(List::Year(s.date.year()));
    lists
}

fn old_position(list: &List, s: &Snapshot, written: &Written) -> Option<usize> {
    let slug = s.slug.as_str();
    match list {
        List::Cases => written.cases.iter().position(|x| x == slug),
        List::Programs => written.programs.iter().position(|x| x == slug),
        _ => list
            .records(&written.index)?
            .iter()
            .position(|r| written.slug(*r) == (s.program, slug)),
    }
}

fn new_position(list: &List, record: RecordRef, index: &Index) -> Option<usize> {
    match (list, record) {
        (List::Cases, RecordRef::Case(i)) | (List::Programs, RecordRef::Program(i)) => Some(i),
        _ => list.records(index)?.iter().position(|r| *r == record),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snapshot(region: RegionId, figures: &[(&str, &str)]) -> Snapshot {
        Snapshot {
            program: false,
            slug: "a".into(),
            date: Period::Year(2020),
            region,
            themes: Vec::new(),
            tags: Vec::new(),
            programs: Vec::new(),
            card: String::new(),
            figures: figures
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            indicators: figures.iter().map(|(k, _)| k.to_string()).collect(),
            figure_regions: Vec::new(),
            rows: String::new(),
            commitment: String::new(),
        }
    }

    fn changed(before: Option<Snapshot>, after: Option<Snapshot>) -> Vec<String> {
        let change = Change {
            before,
            after: after.map(|s| (RecordRef::Case(0), s)),
        };
        change.changed_indicators().into_iter().collect()
    }

    #[test]
    fn only_the_indicators_whose_figures_changed_are_collected_again() {
        let a = snapshot(0, &[("income", "0: 1"), ("villages", "1: 23")]);
        let one = snapshot(0, &[("income", "0: 1"), ("villages", "1: 25")]);
        assert_eq!(
            changed(Some(a.clone()), Some(a.clone())),
            Vec::<String>::new()
        );
        assert_eq!(changed(Some(a.clone()), Some(one)), ["villages"]);
        let added = snapshot(
            0,
            &[("income", "0: 1"), ("villages", "1: 23"), ("kw", "2: 5")],
        );
        assert_eq!(changed(Some(a.clone()), Some(added)), ["kw"]);
        // Another region moves every figure of the record.
        let moved = snapshot(1, &[("income", "0: 1"), ("villages", "1: 23")]);
        assert_eq!(
            changed(Some(a.clone()), Some(moved)),
            ["income", "villages"]
        );
        assert_eq!(changed(None, Some(a.clone())), ["income", "villages"]);
        assert_eq!(changed(Some(a), None), ["income", "villages"]);
    }
}
