// Casebook's search page. It loads pagefind's index from <base_url>/pagefind/ and runs
// every query in the browser: no server is needed. The query and the filters live in
// the page's URL (?q=…&type=…&region=…&theme=…), so the search box in every page's
// header works as a plain form and a search can be bookmarked or shared.

const PAGE_SIZE = 20;
const FILTERS = ["type", "region", "theme"];

const root = document.querySelector("[data-search]");
if (root) {
  start(root).catch((error) => {
    console.error(error);
    status(root, root.dataset.labelUnavailable);
  });
}

function status(root, text) {
  root.querySelector("[data-search-status]").textContent = text;
}

async function start(root) {
  const bundle = root.dataset.bundle;
  const pagefind = await import(`${bundle}pagefind.js`);
  const options = { excerptLength: 28 };
  await pagefind.options(options);
  pagefind.init();
  // A large site's index is made in shards: bundles of their own, merged into this one
  // so that one search covers every record.
  const merged = await Promise.allSettled(
    (await shards(bundle)).map((path) => pagefind.mergeIndex(`${bundle}${path}`, options)),
  );
  for (const result of merged) {
    if (result.status === "rejected") console.warn("a shard of the search index did not load", result.reason);
  }

  const input = root.querySelector("input[name=q]");
  const filterForm = root.querySelector("[data-search-filters]");
  const list = root.querySelector("[data-search-results]");
  const more = root.querySelector("[data-search-more]");
  const params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  const chosen = Object.fromEntries(FILTERS.map((f) => [f, new Set(params.getAll(f))]));

  buildFilters(root, filterForm, await pagefind.filters(), chosen, () => run());

  let results = [];
  let shown = 0;
  let latest = 0;

  async function run() {
    const term = input.value.trim();
    const url = new URL(location.href);
    url.search = "";
    if (term) url.searchParams.set("q", term);
    const filters = {};
    for (const name of FILTERS) {
      for (const value of chosen[name]) url.searchParams.append(name, value);
      if (chosen[name].size) filters[name] = { any: [...chosen[name]] };
    }
    history.replaceState(null, "", url);
    list.replaceChildren();
    more.hidden = true;
    if (!term && !Object.keys(filters).length) {
      status(root, "");
      return;
    }
    const ticket = ++latest;
    const search = await pagefind.search(term || null, { filters });
    // A newer query started meanwhile: its answer wins.
    if (ticket !== latest || !search) return;
    results = search.results;
    shown = 0;
    await showMore(ticket);
    if (ticket !== latest) return;
    // The count is announced once the results it counts are on the page.
    const n = results.length;
    status(
      root,
      n === 0
        ? root.dataset.labelNone
        : n === 1
          ? root.dataset.labelCountOne
          : root.dataset.labelCount.replace("{n}", n),
    );
  }

  async function showMore(ticket) {
    const page = await Promise.all(results.slice(shown, shown + PAGE_SIZE).map((r) => r.data()));
    if (ticket !== latest) return;
    for (const data of page) list.append(resultItem(data));
    shown += page.length;
    more.hidden = shown >= results.length;
  }

  root.querySelector(".search-form").addEventListener("submit", (event) => {
    event.preventDefault();
    run();
  });
  let timer;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(run, 200);
  });
  more.addEventListener("click", () => showMore(latest));
  await run();
}

// The bundles to merge, listed by the build in shards.json (relative to the first). It
// is asked for again each time (revalidated, not taken from the cache) so that it
// always matches the index that a new build wrote; without it, only the first bundle.
async function shards(bundle) {
  try {
    const response = await fetch(`${bundle}shards.json`, { cache: "no-cache" });
    if (!response.ok) return [];
    const list = await response.json();
    return Array.isArray(list) ? list.filter((path) => /^shard-\d+\/$/.test(path)) : [];
  } catch (error) {
    console.warn("the list of the search index's shards did not load", error);
    return [];
  }
}

function buildFilters(root, form, available, chosen, onChange) {
  for (const name of FILTERS) {
    const values = Object.entries(available[name] || {}).sort(([a], [b]) => a.localeCompare(b));
    if (!values.length) continue;
    const fieldset = document.createElement("fieldset");
    const legend = document.createElement("legend");
    legend.textContent = root.dataset[`label${name[0].toUpperCase()}${name.slice(1)}`];
    fieldset.append(legend);
    for (const [value, count] of values) {
      const label = document.createElement("label");
      const box = document.createElement("input");
      box.type = "checkbox";
      box.name = name;
      box.value = value;
      box.checked = chosen[name].has(value);
      box.addEventListener("change", () => {
        if (box.checked) chosen[name].add(value);
        else chosen[name].delete(value);
        onChange();
      });
      const count_ = document.createElement("span");
      count_.className = "count";
      count_.textContent = count;
      label.append(box, ` ${value} `, count_);
      fieldset.append(label);
    }
    form.append(fieldset);
  }
  form.hidden = !form.children.length;
}

function resultItem(data) {
  const item = document.createElement("li");
  item.className = "search-result";
  const kind = ["case", "program", "page"].includes(data.meta.kind) ? data.meta.kind : "page";
  const meta = document.createElement("p");
  meta.className = "card-meta";
  const badge = document.createElement("span");
  badge.className = `badge badge-${kind}`;
  badge.textContent = data.meta.type || "";
  meta.append(badge);
  if (data.meta.region) {
    const region = document.createElement("span");
    region.className = "search-region";
    region.textContent = data.meta.region;
    meta.append(region);
  }
  const title = document.createElement("h2");
  title.className = "search-result-title";
  const link = document.createElement("a");
  link.href = data.url;
  link.textContent = data.meta.title || data.url;
  title.append(link);
  const excerpt = document.createElement("p");
  excerpt.className = "search-excerpt";
  excerpt.append(...excerptNodes(data.excerpt));
  item.append(meta, title, excerpt);
  return item;
}

// pagefind's excerpt is HTML with <mark> around the matched words. Only text and those
// marks are kept: nothing from the index can add markup or script to the page.
function excerptNodes(html) {
  const doc = new DOMParser().parseFromString(`<body>${html}</body>`, "text/html");
  return [...doc.body.childNodes].map((node) => {
    if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      return mark;
    }
    return document.createTextNode(node.textContent);
  });
}
