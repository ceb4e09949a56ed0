// Servicehandboken search: Pagefind full text (Swedish stemming) with facets.
// Two values in one facet mean OR; different facets mean AND. The state lives in the URL.
// Ten results at a time: each one costs a fragment download; "Visa fler" fetches more.
// A facet's counts need its filter index (20-40 kB each at 10,000 projects), so a facet
// group loads it only when the reader opens the group or picks one of its values.
import { picker } from "./servicehandbok-picks.js";

const PAGE_SIZE = 10;
const root = new URL(document.documentElement.dataset.content_root || "./", location.href);
const facetNames = JSON.parse(document.getElementById("sh-facet-names").textContent);
const sortNames = JSON.parse(document.getElementById("sh-sort-names").textContent);
const sortBox = document.getElementById("sh-sort");
const helpBox = document.getElementById("sh-help");
const form = document.getElementById("sh-search-form");
const input = document.getElementById("sh-q");
const facetBox = document.getElementById("sh-facets");
const countBox = document.getElementById("sh-count");
const list = document.getElementById("sh-results");
const more = document.getElementById("sh-more");
const pick = picker(document.getElementById("sh-compare-bar"));

const pagefind = await import(new URL("pagefind/pagefind.js", root).href);
await pagefind.options({ baseUrl: root.pathname });
await pagefind.init();

let current = { source: inOrder([]), shown: 0, total: 0 };
let generation = 0; // counts searches, so a slow one cannot overwrite a newer one

function readState() {
  const params = new URLSearchParams(location.search);
  const filters = {};
  for (const name of Object.keys(facetNames)) filters[name] = params.getAll(name);
  const sort = params.get("sort") || "";
  return { q: (params.get("q") || "").trim(), filters, sort: sort in sortNames ? sort : "" };
}

function writeURL(state, push) {
  const params = new URLSearchParams();
  if (state.q) params.set("q", state.q);
  for (const [name, values] of Object.entries(state.filters)) for (const value of values) params.append(name, value);
  if (state.sort) params.set("sort", state.sort);
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
  // Without words Pagefind lists pages in the order they were indexed: by title.
  return pagefind.search(state.q || null, { filters: pagefindFilters(state.filters, except) });
}

function inOrder(results) {
  // Pagefind's own order: relevance, or title when browsing. A result's fragment is fetched when shown.
  let next = 0;
  return {
    async take(n) {
      const slice = results.slice(next, next + n);
      next += slice.length;
      return slice.map((result) => result.data());
    },
  };
}

function reach(ranges, from, projects) {
  // The index after the ranges from *from* on that hold at least *projects* projects (one at least).
  let end = from;
  let held = 0;
  while (end < ranges.length && (end === from || held < projects)) held += ranges[end++][1];
  return end;
}

function firstRanges(ranges) {
  // Loaded before the search: the ranges of the largest eighth of the projects, so that any
  // search with more than about 80 results per 10,000 projects fills its first page from them.
  const all = ranges.reduce((sum, [, projects]) => sum + projects, 0);
  return reach(ranges, 0, Math.max(PAGE_SIZE, all / 8));
}

function ordered(state, ranges, loaded, counts, total) {
  // A chosen order is a series of hidden filters, one per range of keys, largest range first,
  // each with one value per key (see ORDER_FILTER in search_records.py); *ranges* pairs each
  // filter with its number of projects. The first *loaded* ranges were loaded before the search,
  // so its *counts* say which keys the results have there. Further ranges are loaded as pages
  // need them, as many projects again as those counted so far, and counted with one more
  // search; none once the ranges counted hold all *total* results. Keys are taken largest
  // first: whole keys together (across ranges) while they fit in the page, then from a key too
  // large to fit (a tie) as many as the page needs, in Pagefind's order (relevance, or title).
  // Only the results shown are fetched.
  const keys = []; // { filter, key, count }, largest first, from the ranges counted so far
  let counted = 0;
  let held = 0; // projects in the ranges counted
  let seen = 0; // results in the ranges counted
  const count = (end, found) => {
    for (; counted < end; counted++) {
      const [filter, projects] = ranges[counted];
      const byKey = found[filter] || {};
      for (const key of Object.keys(byKey).sort().reverse()) {
        if (byKey[key] > 0) keys.push({ filter, key, count: byKey[key] });
        seen += byKey[key];
      }
      held += projects;
    }
  };
  count(loaded, counts);
  const countMore = async () => {
    const end = reach(ranges, counted, held);
    await loadFilters(ranges.slice(counted, end).map(([filter]) => filter));
    count(end, (await find(state)).filters || {});
  };
  let next = 0;
  let tie = null; // the results of a key being taken a page at a time
  const search = (chosen) => {
    // Keys of one range are values of one filter; results with any chosen key match.
    const anyKey = {};
    for (const { filter, key } of chosen) (anyKey[filter] ||= { any: [] }).any.push(key);
    return pagefind.search(state.q || null, { filters: { ...pagefindFilters(state.filters), any: anyKey } });
  };
  return {
    async take(n) {
      const taken = []; // promises of result data, in order
      while (taken.length < n && (next < keys.length || (counted < ranges.length && seen < total))) {
        if (next === keys.length) {
          await countMore();
          continue;
        }
        const room = n - taken.length;
        if (tie) {
          taken.push(...tie.splice(0, room).map((result) => result.data()));
          if (!tie.length) [tie, next] = [null, next + 1];
          continue;
        }
        const whole = [];
        let sum = 0;
        while (next < keys.length && sum + keys[next].count <= room) {
          sum += keys[next].count;
          whole.push(keys[next++]);
        }
        if (!whole.length) {
          tie = (await search([keys[next]])).results;
          continue;
        }
        // Several keys in one search; their fragments (needed anyway) say which key each has.
        // A key lies in one range only, so the key alone ranks a result.
        const rank = new Map(whole.map(({ key }, index) => [key, index]));
        const filters = [...new Set(whole.map(({ filter }) => filter))];
        const keyOf = (item) => item.filters[filters.find((filter) => item.filters[filter])][0];
        const found = await search(whole);
        const data = await Promise.all(found.results.map((result) => result.data()));
        data.sort((a, b) => rank.get(keyOf(a)) - rank.get(keyOf(b)));
        taken.push(...data.map((item) => Promise.resolve(item)));
      }
      return taken;
    },
  };
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

function loadFilters(names) {
  // Pagefind fetches a filter's index only when a search names it; this names them without narrowing.
  return pagefind.preload(state.q || null, { filters: Object.fromEntries(names.map((name) => [name, { any: [] }])) });
}

async function openFacet(name) {
  await loadFilters([name]);
  const mine = generation;
  const found = await counted(state);
  if (mine === generation) renderFacet(name, found, true);
}

const EXCERPT_WORDS = 30;

function proseExcerpt(item) {
  // Pagefind picks the excerpt where the weighted hits are densest, which would be the hidden
  // term names (they weigh most) or the fact box. Readers want the project's own prose, so the
  // window is chosen here among the hits in the body text (weights 1 to 5: not the title, the
  // headings, the fact box or the contacts); with none there, the purpose's first words.
  const words = item.content.split(/\s+/);
  const end = words.length - Number(item.meta.tail || 0);
  const hits = (item.weighted_locations || []).filter((hit) => hit.location < end && hit.weight >= 1 && hit.weight <= 5);
  const p = document.createElement("p");
  if (!hits.length) {
    p.textContent = item.meta.lead || "";
    return p;
  }
  let best = hits[0].location;
  let bestSum = -1;
  for (const first of hits) {
    const sum = hits
      .filter((hit) => hit.location >= first.location && hit.location < first.location + EXCERPT_WORDS - 5)
      .reduce((total, hit) => total + hit.weight, 0);
    if (sum > bestSum) [best, bestSum] = [first.location, sum];
  }
  const start = Math.max(0, best - 5);
  const stop = Math.min(end, start + EXCERPT_WORDS);
  const marked = new Set((item.weighted_locations || []).map((hit) => hit.location));
  if (start > 0) p.append("… ");
  for (let i = start; i < stop; i++) {
    if (i > start) p.append(" ");
    if (marked.has(i)) {
      const mark = document.createElement("mark");
      mark.textContent = words[i];
      p.append(mark);
    } else {
      p.append(words[i]);
    }
  }
  if (stop < end) p.append(" …");
  return p;
}

function shortList(text, most) {
  // A long list of kommuner would fill a phone screen: name a few, count the rest.
  const names = (text || "").split(", ").filter(Boolean);
  if (names.length <= most) return names.join(", ");
  return `${names.slice(0, most).join(", ")} och ${names.length - most} till`;
}

function cardFacts(meta) {
  const place = document.createElement("p");
  place.className = "sh-result-facts";
  place.textContent = [shortList(meta.lan, 3), shortList(meta.kommun, 2)].filter(Boolean).join(" · ");
  const methods = document.createElement("p");
  methods.className = "sh-result-facts";
  methods.textContent = meta.methods || "";
  const money = document.createElement("p");
  money.className = "sh-result-facts";
  money.textContent = [meta.budget, meta.years].filter(Boolean).join(" · ");
  return [place, methods, money].filter((p) => p.textContent);
}

function card(item) {
  const li = document.createElement("li");
  const heading = document.createElement("h2");
  const link = document.createElement("a");
  link.href = item.url;
  link.textContent = item.meta.title;
  heading.append(link);
  li.append(heading);
  li.append(...cardFacts(item.meta));
  if (item.meta.id) li.append(pick(item.meta.id, item.meta.title));
  if (state.q) li.append(proseExcerpt(item));
  return li;
}

async function showMore() {
  // Each card is shown as soon as it and the ones before it have arrived.
  const batch = current;
  more.disabled = true;
  const pending = await batch.source.take(PAGE_SIZE);
  const data = [];
  for (const promise of pending) {
    const item = await promise;
    if (batch !== current) return data; // a newer search replaced these results meanwhile
    list.append(card(item));
    data.push(item);
  }
  batch.shown += data.length;
  more.hidden = batch.shown >= batch.total;
  more.disabled = false;
  return data;
}

function mentions(data, query) {
  // True when some shown result contains each query word as written: Pagefind also returns
  // near matches ("servicpunkt" finds "service"), and then a "Menade du …?" helps too.
  const words = query.toLocaleLowerCase("sv").split(/\s+/).filter((w) => w.length > 3);
  return words.every((word) => data.some((item) => item.content.toLocaleLowerCase("sv").includes(word)));
}

async function run(push) {
  // Results first; the facet counts that need more searches follow.
  const mine = ++generation;
  writeURL(state, push);
  input.value = state.q;
  sortBox.value = state.sort;
  list.setAttribute("aria-busy", "true");
  facetBox.setAttribute("aria-busy", "true");
  const order = sortNames[state.sort]?.ranges;
  const loaded = order?.length ? firstRanges(order) : 0;
  if (loaded) await loadFilters(order.slice(0, loaded).map(([filter]) => filter));
  const main = await find(state);
  if (mine !== generation) return; // a newer search has started; let it render
  list.replaceChildren();
  const n = main.results.length;
  countBox.textContent = n === 1 ? "1 projekt" : `${n} projekt`; // known before any result is fetched
  const source = loaded ? ordered(state, order, loaded, main.filters || {}, n) : inOrder(main.results);
  current = { source, shown: 0, total: n };
  const data = await showMore();
  if (mine !== generation) return;
  if (n === 0 || (state.q && !mentions(data, state.q))) await showHelp(state, mine, n);
  else helpBox.replaceChildren();
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

sortBox.addEventListener("change", () => {
  state = { ...state, sort: sortBox.value };
  run(true);
});

// --- When nothing is found: "Menade du …?", the nearest hub pages, how to widen the search.
// The word list is built with the site and fetched only when a search finds nothing.
let suggestions = null;

function distance(a, b) {
  // Levenshtein distance, one row at a time.
  let row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    row = next;
  }
  return row[b.length];
}

function nearest(query, entries, limit, most = 0.34) {
  // Whole phrases and single words on both sides count, so "lokalekonomsk" meets
  // "lokalekonomisk" inside "Lokalekonomisk analys (LEA)"; a close miss scores below 1.
  const pieces = (text) => [text, ...text.split(/[\s(),.]+/).filter((w) => w.length > 3 && w !== text)];
  const tokens = pieces(query).map((token) => token.toLocaleLowerCase("sv"));
  const scored = [];
  for (const entry of entries) {
    let best = { score: 1, text: "" };
    for (const piece of pieces(entry.w)) {
      const lower = piece.toLocaleLowerCase("sv");
      for (const token of tokens) {
        const score = distance(token, lower) / Math.max(token.length, lower.length);
        if (score < best.score) best = { score, text: piece };
      }
    }
    if (best.score > 0 && best.score <= most) scored.push({ entry, best: best.score, text: best.text });
  }
  scored.sort((a, b) => a.best - b.best || collator(a.text, b.text));
  const seen = new Set();
  return scored
    .filter(({ text }) => !seen.has(text.toLocaleLowerCase("sv")) && seen.add(text.toLocaleLowerCase("sv")))
    .slice(0, limit);
}

function hubLink(entry) {
  const link = document.createElement("a");
  link.href = new URL(entry.u, root).href;
  link.textContent = entry.l;
  return link;
}

async function showHelp(shown, mine, found) {
  // With results (only near matches), just the "Menade du …?" line.
  if (!suggestions) {
    const response = await fetch(new URL("search-suggestions.json", root));
    suggestions = response.ok ? await response.json() : { words: [], hubs: [] };
  }
  if (mine !== generation) return;
  const parts = [];
  if (shown.q) {
    const words = nearest(shown.q, suggestions.words, 3);
    if (words.length) {
      const p = document.createElement("p");
      p.append("Menade du ");
      words.forEach(({ text }, index) => {
        if (index) p.append(index === words.length - 1 ? " eller " : ", ");
        const link = document.createElement("a");
        const params = new URLSearchParams({ q: text });
        link.href = `${location.pathname}?${params}`;
        link.textContent = text;
        link.addEventListener("click", (event) => {
          event.preventDefault();
          state = { ...state, q: text };
          run(true);
        });
        p.append(link);
      });
      p.append("?");
      parts.push(p);
    }
    const hubs = [];
    for (const kind of ["metod", "lan"]) {
      const [hit] = nearest(shown.q, suggestions.hubs.filter((hub) => hub.k === kind), 1);
      if (hit) hubs.push(hit.entry);
    }
    if (hubs.length && !found) {
      const p = document.createElement("p");
      p.append("Närliggande sidor: ");
      hubs.forEach((hub, index) => {
        if (index) p.append(", ");
        p.append(hubLink(hub));
      });
      p.append(".");
      parts.push(p);
    }
  }
  if (found) {
    helpBox.replaceChildren(...parts);
    return;
  }
  const chosen = Object.values(shown.filters).reduce((sum, values) => sum + values.length, 0);
  const widen = document.createElement("p");
  widen.textContent =
    "Pröva färre eller kortare ord, ett annat stavningssätt eller ett vanligare ord" +
    (chosen ? ", och ta bort någon av avgränsningarna till vänster." : ".") +
    " Du kan också bläddra bland metoder, län och finansiärer.";
  parts.push(widen);
  helpBox.replaceChildren(...parts);
}

window.addEventListener("popstate", () => {
  state = readState();
  run(false);
});

run(false);
