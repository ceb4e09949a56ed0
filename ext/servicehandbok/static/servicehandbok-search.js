// Servicehandboken search: Pagefind full text (Swedish stemming) with facets.
// Two values in one facet mean OR; different facets mean AND. The state lives in the URL.
// Ten results at a time: each one costs a fragment download; "Visa fler" fetches more.
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
// Loading the filter index is what lets Pagefind count results per facet value.
const allFilters = await pagefind.filters();

let current = { results: [], shown: 0 };

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

function facetCounts(name, main, without) {
  // Counts for a facet ignore its own selection, so ticking another value shows what it adds.
  const source = (state.filters[name].length ? without[name] : main)?.filters?.[name];
  return source || {};
}

let state = readState();

function collator(a, b) {
  return a.localeCompare(b, "sv");
}

function renderFacets(main, without) {
  facetBox.replaceChildren();
  for (const [name, label] of Object.entries(facetNames)) {
    const values = Object.keys(allFilters[name] || {}).sort(collator);
    if (!values.length) continue;
    const counts = facetCounts(name, main, without);
    const details = document.createElement("details");
    details.className = "sh-facet";
    details.open = state.filters[name].length > 0 || name === "lan" || name === "metod";
    const summary = document.createElement("summary");
    summary.textContent = state.filters[name].length ? `${label} (${state.filters[name].length} valda)` : label;
    const fieldset = document.createElement("fieldset");
    const legend = document.createElement("legend");
    legend.className = "sh-visually-hidden";
    legend.textContent = label;
    fieldset.append(legend);
    details.append(summary, fieldset);
    values.forEach((value, index) => {
      const id = `sh-${name}-${index}`;
      const row = document.createElement("div");
      const box = document.createElement("input");
      box.type = "checkbox";
      box.id = id;
      box.name = name;
      box.value = value;
      box.checked = state.filters[name].includes(value);
      const text = document.createElement("label");
      text.htmlFor = id;
      const n = counts[value] || 0;
      text.textContent = `${value} (${n})`;
      if (!n && !box.checked) row.className = "sh-empty";
      row.append(box, text);
      fieldset.append(row);
    });
    facetBox.append(details);
  }
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
  const slice = current.results.slice(current.shown, current.shown + PAGE_SIZE);
  const data = await Promise.all(slice.map((result) => result.data()));
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
  current.shown += slice.length;
  more.hidden = current.shown >= current.results.length;
}

let generation = 0;

async function run(push) {
  const mine = ++generation;
  writeURL(state, push);
  input.value = state.q;
  list.setAttribute("aria-busy", "true");
  const main = await find(state);
  const without = {};
  for (const name of Object.keys(facetNames)) {
    if (state.filters[name].length) without[name] = await find(state, name);
  }
  if (mine !== generation) return; // a newer search has started; let it render
  renderFacets(main, without);
  list.replaceChildren();
  current = { results: main.results, shown: 0 };
  await showMore();
  const n = main.results.length;
  countBox.textContent = n === 1 ? "1 projekt" : `${n} projekt`;
  list.setAttribute("aria-busy", "false");
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
