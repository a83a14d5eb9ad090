//! Which pages a change to some records touches. A record shows on its own page, on
//! the lists it is in (all cases or programs, its regions, themes, tags and year), on
//! the pages of the programs it names or of the cases that name it, on the pages of the
//! indicators it reports, in the figures of the regions above it and on the home page
//! and the summary pages. Everything else stays as it was written.
//!
//! The plan compares each changed record as it was in the last site written with what
//! it is now; lists compare the records' positions, so that a record that moves (a new
//! date) renders again the list pages between its old and its new place.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::index::Index;
use crate::model::{RecordRef, RegionId, Site, tag_slug};
use crate::render::{Job, paginate, urls};

/// What the pages of a site show of one record, to compare before and after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    pub program: bool,
    pub slug: String,
    /// The record's region and the regions its figures are for.
    pub regions: Vec<RegionId>,
    pub themes: Vec<String>,
    /// Tag page slugs.
    pub tags: Vec<String>,
    pub year: i32,
    /// For a case, the programs it names.
    pub programs: Vec<String>,
    pub indicators: Vec<String>,
    /// Everything an indicator's page shows of the record, as text to compare.
    pub figures: String,
}

impl Snapshot {
    pub fn of(site: &Site, record: RecordRef) -> Snapshot {
        let base = site.record(record);
        let date = site.record_date(record);
        let mut regions = vec![base.region];
        regions.extend(base.indicators.iter().filter_map(|o| o.region));
        Snapshot {
            program: matches!(record, RecordRef::Program(_)),
            slug: base.slug.clone(),
            regions,
            themes: base.themes.clone(),
            tags: base.tags.iter().map(|t| tag_slug(t)).collect(),
            year: date.year(),
            programs: match record {
                RecordRef::Case(i) => site.cases[i].programs.clone(),
                RecordRef::Program(_) => Vec::new(),
            },
            indicators: base.indicators.iter().map(|o| o.key.clone()).collect(),
            figures: format!(
                "{:?}",
                (
                    &base.title,
                    date,
                    base.region,
                    &base.indicators,
                    base.sources.iter().find_map(|s| s.url.as_ref()),
                )
            ),
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

/// One changed record file: the record as last written and as it is now (with its
/// place in the site); `None` where it was not, or is no longer, published.
#[derive(Debug, Clone)]
pub struct Change {
    pub before: Option<Snapshot>,
    pub after: Option<(RecordRef, Snapshot)>,
}

/// The pages to render again, and the files of pages that no longer exist.
#[derive(Debug, Default)]
pub struct Plan {
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

    /// The list's records in an index; `None` where the list has no page (a tag or a
    /// year that no record has).
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

/// Where records are in a list, before or after.
#[derive(Default)]
struct Places {
    /// The list's length, `None` where it has no page.
    len: Option<usize>,
    positions: Vec<usize>,
}

pub fn plan(changes: &[Change], written: &Written, site: &Site, index: &Index) -> Plan {
    let mut plan = Plan::default();
    plan.jobs.extend([
        Job::Home,
        Job::Regions,
        Job::Themes,
        Job::Tags,
        Job::Years,
        Job::Indicators,
    ]);
    let per_page = site.config.paginate_by;
    let program_by_slug: BTreeMap<&str, usize> = site
        .programs
        .iter()
        .enumerate()
        .map(|(i, p)| (p.base.slug.as_str(), i))
        .collect();

    // Lists that a changed record is or was in, with its places there.
    let mut lists: BTreeMap<List, (Places, Places)> = BTreeMap::new();
    // Regions whose every page shows something of a changed record (figures, counts).
    let mut regions: BTreeSet<RegionId> = BTreeSet::new();

    for change in changes {
        if let Some(before) = &change.before {
            let moved = change.after.as_ref().is_none_or(|(_, after)| {
                after.slug != before.slug || after.program != before.program
            });
            if moved {
                let route = if before.program {
                    urls::program(&before.slug)
                } else {
                    urls::case(&before.slug)
                };
                plan.remove.insert(route.output_file());
                plan.remove.insert(format!("{}index.json", route.path));
            }
            for list in lists_of(before) {
                let places = &mut lists.entry(list.clone()).or_default().0;
                if let Some(p) = old_position(&list, before, written) {
                    places.positions.push(p);
                }
            }
        }
        if let Some((record, after)) = &change.after {
            plan.jobs.insert(match record {
                RecordRef::Case(i) => Job::Case(*i),
                RecordRef::Program(i) => Job::Program(*i),
            });
            for list in lists_of(after) {
                let places = &mut lists.entry(list.clone()).or_default().1;
                if let Some(p) = new_position(&list, *record, index) {
                    places.positions.push(p);
                }
            }
        }
        let snapshots = change
            .before
            .iter()
            .chain(change.after.iter().map(|(_, s)| s));
        for snapshot in snapshots {
            for region in &snapshot.regions {
                regions.extend(site.regions.ancestry(*region));
            }
            // A program's page lists the cases that name it, with their cards.
            for program in &snapshot.programs {
                if let Some(i) = program_by_slug.get(program.as_str()) {
                    plan.jobs.insert(Job::Program(*i));
                }
            }
            // A case's page shows the cards of the programs it names.
            if snapshot.program {
                for (i, case) in site.cases.iter().enumerate() {
                    if case.programs.contains(&snapshot.slug) {
                        plan.jobs.insert(Job::Case(i));
                    }
                }
            }
        }
        let figures_before = change.before.as_ref().map(|s| &s.figures);
        let figures_after = change.after.as_ref().map(|(_, s)| &s.figures);
        if figures_before != figures_after {
            let keys = change
                .before
                .iter()
                .chain(change.after.iter().map(|(_, s)| s));
            for key in keys.flat_map(|s| &s.indicators) {
                plan.jobs.insert(Job::Indicator(key.clone()));
            }
        }
    }

    for (list, (mut before, mut after)) in lists {
        before.len = match &list {
            List::Cases => Some(written.cases.len()),
            List::Programs => Some(written.programs.len()),
            _ => list.records(&written.index).map(<[RecordRef]>::len),
        };
        after.len = match &list {
            List::Cases => Some(site.cases.len()),
            List::Programs => Some(site.programs.len()),
            _ => list.records(index).map(<[RecordRef]>::len),
        };
        let renamed = match &list {
            List::Tag(slug) => {
                written.index.tags.get(slug).map(|t| &t.name)
                    != index.tags.get(slug).map(|t| &t.name)
            }
            _ => false,
        };
        let pages_before = before
            .len
            .map_or(0, |len| paginate::page_count(len, per_page));
        let pages_after = after
            .len
            .map_or(0, |len| paginate::page_count(len, per_page));
        let all = before.len != after.len || renamed;
        let pages: Vec<usize> = if all {
            (1..=pages_after).collect()
        } else {
            let places = before.positions.iter().chain(&after.positions);
            match (places.clone().min(), places.max()) {
                (Some(lo), Some(hi)) => (lo / per_page.max(1) + 1..=hi / per_page.max(1) + 1)
                    .filter(|n| *n <= pages_after)
                    .collect(),
                _ => Vec::new(),
            }
        };
        plan.jobs.extend(pages.into_iter().map(|n| list.job(n)));
        let route = list.route(site);
        for n in pages_after + 1..=pages_before {
            plan.remove.insert(paginate::route(&route, n).output_file());
        }
    }
    // Every page of a region shows its figures and counts: all of them, again.
    for region in regions {
        let list = List::Region(region);
        let len = |index: &Index| index.region_records.get(region).map_or(0, Vec::len);
        let pages_before = paginate::page_count(len(&written.index), per_page);
        let pages_after = paginate::page_count(len(index), per_page);
        plan.jobs.extend((1..=pages_after).map(|n| list.job(n)));
        let route = list.route(site);
        for n in pages_after + 1..=pages_before {
            plan.remove.insert(paginate::route(&route, n).output_file());
        }
    }
    plan
}

/// The lists a record is in.
fn lists_of(snapshot: &Snapshot) -> Vec<List> {
    let mut lists = vec![if snapshot.program {
        List::Programs
    } else {
        List::Cases
    }];
    lists.extend(snapshot.themes.iter().cloned().map(List::Theme));
    lists.extend(snapshot.tags.iter().cloned().map(List::Tag));
    lists.push(List::Year(snapshot.year));
    lists
}

fn old_position(list: &List, snapshot: &Snapshot, written: &Written) -> Option<usize> {
    let slug = snapshot.slug.as_str();
    match list {
        List::Cases => written.cases.iter().position(|s| s == slug),
        List::Programs => written.programs.iter().position(|s| s == slug),
        _ => list
            .records(&written.index)?
            .iter()
            .position(|r| written.slug(*r) == (snapshot.program, slug)),
    }
}

fn new_position(list: &List, record: RecordRef, index: &Index) -> Option<usize> {
    match (list, record) {
        (List::Cases, RecordRef::Case(i)) | (List::Programs, RecordRef::Program(i)) => Some(i),
        _ => list.records(index)?.iter().position(|r| *r == record),
    }
}
