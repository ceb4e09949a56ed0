// Servicehandboken search: Pagefind full text (Swedish stemming) with facets.
// Two values in one facet mean OR; different facets mean AND. The state lives in the URL.
// Ten results at a time: each one costs a fragment download; "Visa fler" fetches more.
// A facet's counts need its filter index (20-40 kB each at 10,000 projects), so a facet
// group loads it only when the reader opens the group or picks one of its values.
const PAGE_SIZE = 10;
const root = new URL(document.documentElement.dataset.content_root || "./", location.href);
const facetNames = JSON.parse(document.getElementById("sh-facet-names").textContent);
const form = document.getElementById("sh-search-form");
const input = document.getElementById("sh-q");
const facetBox = document.getElementById("sh-facets");
const countBox = document.getElementById("sh-count");
const list = document.getElementById("sh-results");
const more = document.getElementById("sh-more");

const pagefind = await import(new URL("pagefind/pagefind.js", root).href);
await pagefind.options({ baseUrl: root.pathname });
await pagefind.init();

let current = { results: [], shown: 0 };
let generation = 0; // counts searches, so a slow one cannot overwrite a newer one

function readState() {
  const params = new URLSearchParams(location.search);
  const filters = {};
  for (const name of Object.keys(facetNames)) filters[name] = params.getAll(name);
  return { q: (params.get("q") || "").trim(), filters };
}

function writeURL(state, push) {
  const params = new URLSearchParams();
  if (state.q) params.set("q", state.q);
  for (const [name, values] of Object.entries(state.filters)) for (const value of values) params.append(name, value);
  const url = `${location.pathname}${params.toString() ? "?" + params : ""}`;
  if (push) history.pushState(null, "", url);
  else history.replaceState(null, "", url);
}

function pagefindFilters(filters, except) {
  const result = {};
  for (const [name, values] of Object.entries(filters)) {
    if (name !== except && values.length) result[name] = { any: values };
  }
  return result;
}

async function find(state, except) {
  const options = { filters: pagefindFilters(state.filters, except) };
  if (!state.q) options.sort = { titel: "asc" };
  return pagefind.search(state.q || null, options);
}

async function withoutOwn(state) {
  // Counts for a facet ignore its own selection, so ticking another value shows what it adds.
  const without = {};
  for (const name of Object.keys(facetNames)) {
    if (state.filters[name].length) without[name] = await find(state, name);
  }
  return without;
}

async function counted(state) {
  const main = await find(state);
  return { main, without: await withoutOwn(state) };
}

let state = readState();

function collator(a, b) {
  return a.localeCompare(b, "sv");
}

const groups = {};
for (const [name, label] of Object.entries(facetNames)) {
  const details = document.createElement("details");
  details.className = "sh-facet";
  const summary = document.createElement("summary");
  summary.textContent = label;
  const fieldset = document.createElement("fieldset");
  const legend = document.createElement("legend");
  legend.className = "sh-visually-hidden";
  legend.textContent = label;
  details.append(summary, fieldset);
  details.addEventListener("toggle", () => {
    if (!details.open || groups[name].counted) return;
    fieldset.replaceChildren(legend, note("Hämtar …"));
    openFacet(name);
  });
  groups[name] = { details, summary, fieldset, legend, label, counted: false };
  facetBox.append(details);
}

function note(text) {
  const paragraph = document.createElement("p");
  paragraph.textContent = text;
  return paragraph;
}

function renderFacet(name, { main, without }, settled = false) {
  // settled: the facet's filter index has been asked for, so missing counts mean no values.
  const group = groups[name];
  const chosen = state.filters[name];
  group.summary.textContent = chosen.length ? `${group.label} (${chosen.length} valda)` : group.label;
  if (chosen.length) group.details.open = true;
  const counts = (chosen.length ? without[name] : main)?.filters?.[name];
  group.counted = Boolean(counts) || settled;
  if (!counts) {
    const text = note(settled ? "Inga värden att välja." : "Hämtar …");
    group.fieldset.replaceChildren(group.legend, ...(group.details.open ? [text] : []));
    if (group.details.open && !settled) openFacet(name);
    return;
  }
  const rows = Object.keys(counts)
    .sort(collator)
    .map((value, index) => {
      const id = `sh-${name}-${index}`;
      const row = document.createElement("div");
      const box = document.createElement("input");
      box.type = "checkbox";
      box.id = id;
      box.name = name;
      box.value = value;
      box.checked = chosen.includes(value);
      const text = document.createElement("label");
      text.htmlFor = id;
      const n = counts[value] || 0;
      text.textContent = `${value} (${n})`;
      if (!n && !box.checked) row.className = "sh-empty";
      row.append(box, text);
      return row;
    });
  group.fieldset.replaceChildren(group.legend, ...rows);
}

function renderFacets(found) {
  for (const name of Object.keys(facetNames)) renderFacet(name, found);
}

async function openFacet(name) {
  await pagefind.preload(state.q || null, { filters: { [name]: { any: [] } } });
  const mine = generation;
  const found = await counted(state);
  if (mine === generation) renderFacet(name, found, true);
}

function safeExcerpt(excerpt) {
  // Pagefind marks hits with <mark>; keep those and treat everything else as text.
  const parsed = new DOMParser().parseFromString(`<p>${excerpt}</p>`, "text/html").body.firstChild;
  const p = document.createElement("p");
  for (const node of parsed.childNodes) {
    if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      p.append(mark);
    } else {
      p.append(document.createTextNode(node.textContent));
    }
  }
  return p;
}

async function showMore() {
  const batch = current;
  more.disabled = true;
  const slice = batch.results.slice(batch.shown, batch.shown + PAGE_SIZE);
  const data = await Promise.all(slice.map((result) => result.data()));
  if (batch !== current) return; // a newer search replaced these results meanwhile
  for (const item of data) {
    const li = document.createElement("li");
    const heading = document.createElement("h2");
    const link = document.createElement("a");
    link.href = item.url;
    link.textContent = item.meta.title;
    heading.append(link);
    li.append(heading);
    const facts = document.createElement("p");
    facts.className = "sh-result-facts";
    facts.textContent = [item.meta.place, item.meta.methods].filter(Boolean).join(" · ");
    li.append(facts);
    if (state.q) li.append(safeExcerpt(item.excerpt));
    list.append(li);
  }
  batch.shown += slice.length;
  more.hidden = batch.shown >= batch.results.length;
  more.disabled = false;
}

async function run(push) {
  // Results first; the facet counts that need more searches follow.
  const mine = ++generation;
  writeURL(state, push);
  input.value = state.q;
  list.setAttribute("aria-busy", "true");
  facetBox.setAttribute("aria-busy", "true");
  const main = await find(state);
  if (mine !== generation) return; // a newer search has started; let it render
  list.replaceChildren();
  current = { results: main.results, shown: 0 };
  await showMore();
  const n = main.results.length;
  countBox.textContent = n === 1 ? "1 projekt" : `${n} projekt`;
  list.setAttribute("aria-busy", "false");
  const without = await withoutOwn(state);
  if (mine !== generation) return;
  renderFacets({ main, without });
  facetBox.setAttribute("aria-busy", "false");
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  state = { ...state, q: input.value.trim() };
  run(true);
});

facetBox.addEventListener("change", (event) => {
  const box = event.target;
  if (box.type !== "checkbox") return;
  const values = new Set(state.filters[box.name]);
  if (box.checked) values.add(box.value);
  else values.delete(box.value);
  state = { ...state, filters: { ...state.filters, [box.name]: [...values] } };
  run(true).then(() => document.getElementById(box.id)?.focus());
});

more.addEventListener("click", () => showMore());

window.addEventListener("popstate", () => {
  state = readState();
  run(false);
});

run(false);
