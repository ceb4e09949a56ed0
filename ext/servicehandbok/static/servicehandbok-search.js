// Servicehandboken search: Pagefind full text (Swedish stemming) with facets.
// Two values in one facet mean OR; different facets mean AND. The state lives in the URL.
// Ten results at a time: each one costs a fragment download; "Visa fler" fetches more.
// A facet's counts need its filter index (20-40 kB each at 10,000 projects), so a facet
// group loads it only when the reader opens the group or picks one of its values.
// On a phone the facet groups sit in a panel that a button opens; the chosen values are shown as
// buttons ("chips") above the results, which remove them. Going back to the page restores how far
// the reader had scrolled and how many results were shown (kept in history.state).
// What one search computes is bounded, whatever a link or the box holds: at most MOST_WORDS words
// and MOST_CHARACTERS characters of query and MOST_VALUES values per filter are used (the page
// says so when it shortened something), and "Menade du …?" corrects at most MOST_FIXES words.
import { picker } from "./servicehandbok-picks.js";

const PAGE_SIZE = 10;
const MOST_WORDS = 12;
const MOST_CHARACTERS = 200;
const MOST_VALUES = 30;
const MOST_FIXES = 3;
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
const toggle = document.getElementById("sh-filter-toggle");
const panelDone = document.getElementById("sh-filter-done");
const chipList = document.getElementById("sh-chips");
const browse = document.getElementById("sh-browse");
const compareBar = document.getElementById("sh-compare-bar");
// Says when the query or the filters were shortened (see bounded and readState); hidden otherwise.
const cutBox = document.createElement("p");
cutBox.id = "sh-cut";
cutBox.className = "sh-help";
cutBox.setAttribute("role", "status");
cutBox.hidden = true;
form.after(cutBox);
const pick = picker(compareBar);

// While a project is picked the compare bar stays at the bottom of the screen (sticky), and the
// page keeps the bar's height free below what keyboard focus scrolls to (scroll-padding). The
// picker shows the bar's link when a project is picked; its hidden attribute says when.
const compareLink = document.getElementById("sh-compare-go");
function fitCompareBar() {
  const picked = !compareLink.hidden;
  compareBar.classList.toggle("sh-compare-active", picked);
  document.documentElement.classList.toggle("sh-compare-open", picked);
  document.documentElement.style.setProperty("--sh-compare-room", `${compareBar.offsetHeight + 16}px`);
}
new MutationObserver(fitCompareBar).observe(compareLink, { attributes: true, attributeFilter: ["hidden"] });
new ResizeObserver(fitCompareBar).observe(compareBar);
// The theme lets its content box scroll sideways on narrow screens, which would make that box the
// bar's scroll container (one that never scrolls down), so the bar would not stick; the class
// clips it instead there (see the CSS).
compareBar.closest(".content")?.classList.add("sh-search-content");

// Read before anything replaces the history entry: where the reader was when they left this
// entry. The page restores it itself, once the results it needs are shown.
const memory = remembered(history.state);
if ("scrollRestoration" in history) history.scrollRestoration = "manual";

const pagefind = await import(new URL("pagefind/pagefind.js", root).href);
await pagefind.options({ baseUrl: root.pathname });
await pagefind.init();

let current = { source: inOrder([]), shown: 0, total: 0 };
let generation = 0; // counts searches, so a slow one cannot overwrite a newer one

// What the last reading of the URL or the box shortened: the query it gave (when it cut one) and
// the filters (when it cut some). The notice stays while the search still uses them.
let cut = { q: null, text: "", filters: null };

function bounded(text) {
  // At most MOST_WORDS words and MOST_CHARACTERS characters of *text*, whole words where any fit:
  // { q, text } where text tells the reader what was cut ("" when nothing was).
  const whole = text.trim();
  const words = whole.slice(0, MOST_CHARACTERS).split(/\s+/).filter(Boolean);
  const split = whole.length > MOST_CHARACTERS && /\S\S/.test(whole.slice(MOST_CHARACTERS - 1, MOST_CHARACTERS + 1));
  const chopped = split && words.length === 1; // one word longer than the limit: its first characters
  if (split && !chopped) words.pop(); // the last word did not fit whole
  if (whole.length <= MOST_CHARACTERS && words.length <= MOST_WORDS) return { q: whole, text: "" };
  const kept = words.slice(0, MOST_WORDS);
  const q = kept.join(" ").replace(/[\uD800-\uDBFF]$/, ""); // never half a character
  const what = chopped
    ? `de första ${[...q].length} tecknen`
    : kept.length === 1
      ? "det första ordet"
      : `de första ${kept.length} orden`;
  const most = `${MOST_WORDS} ord och ${MOST_CHARACTERS} tecken`;
  return { q, text: `Sökningen kortades till ${what}: en sökning använder högst ${most}.` };
}

function readState() {
  const params = new URLSearchParams(location.search);
  const filters = {};
  let many = false;
  for (const name of Object.keys(facetNames)) {
    const values = [...new Set(params.getAll(name))];
    many ||= values.length > MOST_VALUES;
    filters[name] = values.slice(0, MOST_VALUES);
  }
  const sort = params.get("sort") || "";
  const query = bounded(params.get("q") || "");
  cut = { q: query.text ? query.q : null, text: query.text, filters: many ? filters : null };
  return { q: query.q, filters, sort: sort in sortNames ? sort : "" };
}

function showCut() {
  const lines = [];
  if (cut.q !== null && cut.q === state.q) lines.push(cut.text);
  if (cut.filters && cut.filters === state.filters) {
    lines.push(`Länken hade fler än ${MOST_VALUES} värden i ett filter; de första ${MOST_VALUES} används.`);
  }
  const text = lines.join(" ");
  if (cutBox.textContent !== text) cutBox.textContent = text;
  cutBox.hidden = !text;
}

function urlOf(state) {
  const params = new URLSearchParams();
  if (state.q) params.set("q", state.q);
  for (const [name, values] of Object.entries(state.filters)) for (const value of values) params.append(name, value);
  if (state.sort) params.set("sort", state.sort);
  return `${location.pathname}${params.toString() ? "?" + params : ""}`;
}

function writeURL(state, push) {
  // A new search is a new history entry, which starts at the top; the entry it leaves keeps
  // where the reader was, for the back button.
  if (push) {
    remember();
    history.pushState(null, "", urlOf(state));
  } else {
    history.replaceState(history.state, "", urlOf(state));
  }
}

// --- Where the reader was: the scroll position, the number of results shown and whether the
// filter panel was open, in the history entry's state (which the browser keeps for the back
// button and for a reload, and which is never shared with another visit to the same address).
let remembering = false; // false while a remembered position is being restored
let rememberLater = 0;

function remembered(entry) {
  if (!entry || typeof entry.y !== "number" || typeof entry.shown !== "number") return null;
  return { y: entry.y, shown: entry.shown, open: entry.open === true };
}

function remember() {
  if (!remembering) return;
  clearTimeout(rememberLater);
  const here = { y: Math.round(window.scrollY), shown: current.shown, open: isOpen() };
  history.replaceState({ ...(history.state || {}), ...here }, "", location.href);
}

window.addEventListener(
  "scroll",
  () => {
    clearTimeout(rememberLater);
    rememberLater = setTimeout(remember, 150);
  },
  { passive: true },
);
window.addEventListener("pagehide", remember);
document.addEventListener("visibilitychange", () => {
  if (document.visibilityState === "hidden") remember();
});
list.addEventListener("click", remember, true); // a result's link leaves the page at once

function scrollBack(saved) {
  // At once: the theme scrolls smoothly, which would show the reader the way down.
  window.scrollTo({ top: saved.y, behavior: "instant" });
  return window.scrollY;
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

// --- The filter panel: a button opens and closes it on a phone; on a wide screen the CSS
// shows it beside the results whatever the button says (the button is not shown there).
function isOpen() {
  return toggle.getAttribute("aria-expanded") === "true";
}

function setOpen(open) {
  toggle.setAttribute("aria-expanded", String(open));
}

toggle.addEventListener("click", () => {
  setOpen(!isOpen());
  remember();
});

panelDone.addEventListener("click", () => {
  // Close the panel and take the reader to the count, right above the results.
  setOpen(false);
  countBox.focus();
  remember();
});

function hiddenText(text) {
  const span = document.createElement("span");
  span.className = "sh-visually-hidden";
  span.textContent = text;
  return span;
}

function chosenFilters(filters) {
  // Every chosen value, in the order of the facet groups: { name, value, text }.
  return Object.entries(facetNames).flatMap(([name, label]) =>
    filters[name].map((value) => ({ name, value, text: `${label}: ${value}` })),
  );
}

function listed(texts) {
  // "a", "a och b", "a, b och c".
  return texts.length < 2 ? texts.join("") : `${texts.slice(0, -1).join(", ")} och ${texts.at(-1)}`;
}

function filterPhrase(filters) {
  // "filtret Län: Dalarna" or "filtren Län: Dalarna och Metod: LEA".
  const chosen = chosenFilters(filters);
  return `${chosen.length === 1 ? "filtret" : "filtren"} ${listed(chosen.map(({ text }) => text))}`;
}

function renderChips() {
  // One button per chosen value, above the results, so a reader sees and can undo every filter
  // without opening the panel; with two or more, one more button removes them all.
  const chosen = chosenFilters(state.filters);
  const items = chosen.map(({ name, value, text }) => {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "sh-chip";
    button.dataset.name = name;
    button.dataset.value = value;
    const cross = document.createElement("span");
    cross.setAttribute("aria-hidden", "true");
    cross.className = "sh-chip-x";
    cross.textContent = "×";
    button.append(hiddenText("Ta bort filtret "), text, cross);
    const item = document.createElement("li");
    item.append(button);
    return item;
  });
  if (chosen.length > 1) {
    const all = document.createElement("button");
    all.type = "button";
    all.className = "sh-chip sh-chip-all";
    all.textContent = "Ta bort alla filter";
    const item = document.createElement("li");
    item.append(all);
    items.push(item);
  }
  chipList.replaceChildren(...items);
  const count = chosen.length === 1 ? "1 valt" : `${chosen.length} valda`;
  toggle.textContent = chosen.length ? `Filter (${count})` : "Filter";
}

function withoutFilters(filters, name, value) {
  // *filters* without one value (*value* given), one facet (*name* given) or all (neither).
  if (name === undefined) return Object.fromEntries(Object.keys(filters).map((key) => [key, []]));
  return { ...filters, [name]: value === undefined ? [] : filters[name].filter((other) => other !== value) };
}

chipList.addEventListener("click", (event) => {
  const button = event.target.closest("button");
  if (!button) return;
  const place = [...chipList.querySelectorAll("button")].indexOf(button);
  state = { ...state, filters: withoutFilters(state.filters, button.dataset.name, button.dataset.value) };
  run(true).then(() => {
    // Focus stays among the chips (the one that took the removed one's place), or goes to the count.
    const left = chipList.querySelectorAll("button");
    (left[Math.min(place, left.length - 1)] || countBox).focus();
  });
});

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

async function run(push, saved = null) {
  // Results first; the facet counts that need more searches follow. *saved* is where the reader
  // was in this history entry (back button, reload): as many results are shown again, and the
  // page is scrolled back, before the list stops being busy.
  const mine = ++generation;
  writeURL(state, push);
  if (saved) {
    remembering = false;
    setOpen(saved.open);
  }
  input.value = state.q;
  sortBox.value = state.sort;
  showCut();
  renderChips();
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
  panelDone.textContent = n ? `Visa ${n} projekt` : "Stäng filtren";
  const source = loaded ? ordered(state, order, loaded, main.filters || {}, n) : inOrder(main.results);
  current = { source, shown: 0, total: n };
  const batch = current;
  const data = await showMore();
  while (saved && batch === current && batch.shown < Math.min(saved.shown, n) && !more.hidden) {
    data.push(...(await showMore()));
  }
  if (mine !== generation) return;
  // With nothing found, the counts without each facet say which filter to remove.
  let without = n === 0 ? await withoutOwn(state) : null;
  if (mine !== generation) return;
  if (n === 0 || (state.q && !mentions(data, state.q))) await showHelp(state, mine, n, data, without);
  else helpBox.replaceChildren();
  if (mine !== generation) return;
  const scrolled = saved ? scrollBack(saved) : null;
  list.setAttribute("aria-busy", "false");
  without ||= await withoutOwn(state);
  if (mine !== generation) return;
  renderFacets({ main, without });
  // The facets may have changed the page's height; scroll again unless the reader has moved.
  if (saved && window.scrollY === scrolled && scrolled !== saved.y) scrollBack(saved);
  remembering = true;
  facetBox.setAttribute("aria-busy", "false");
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const query = bounded(input.value);
  cut = { ...cut, q: query.text ? query.q : null, text: query.text };
  state = { ...state, q: query.q };
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
        // The distance is at least the difference in length: skip pairs that cannot come close.
        if (Math.abs(token.length - lower.length) > most * Math.max(token.length, lower.length)) continue;
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

const EDGE = /^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu; // punctuation around a word

async function corrections(shown, data) {
  // "Menade du …?": the query with each misspelt word replaced by the nearest known word, the
  // other words kept. A word is misspelt when it is no known word and no result shown contains it
  // (with nothing found: when it finds nothing on its own). Each offer is searched under the
  // chosen filters: { query, changed (the words replaced), found, unfiltered (found without the
  // filters, counted only when the filters leave nothing) }.
  const known = new Set(suggestions.words.map(({ w }) => w.toLocaleLowerCase("sv")));
  const tokens = shown.q.split(/\s+/).filter(Boolean);
  const wrong = []; // { lower (the misspelt word in lower case), near (its nearest known words) }
  const judged = new Set();
  for (const token of tokens) {
    if (wrong.length === MOST_FIXES) break;
    const word = token.replace(EDGE, "");
    const lower = word.toLocaleLowerCase("sv");
    if (lower.length <= 3 || known.has(lower) || judged.has(lower)) continue;
    judged.add(lower);
    const missing = data.length
      ? !data.some((item) => item.content.toLocaleLowerCase("sv").includes(lower))
      : !(await pagefind.search(word)).results.length;
    const near = missing ? nearest(word, suggestions.words, 3).map(({ text }) => text) : [];
    if (near.length) wrong.push({ lower, near });
  }
  if (!wrong.length) return [];
  const spelt = (choice) => {
    // choice: misspelt word (lower case) → its replacement, in every token that holds it.
    const words = tokens.map((token) => {
      const word = token.replace(EDGE, "");
      const to = choice.get(word.toLocaleLowerCase("sv"));
      return to ? token.replace(word, () => to) : token;
    });
    return { query: words.join(" "), changed: new Set(choice.values()) };
  };
  const best = new Map(wrong.map(({ lower, near }) => [lower, near[0]]));
  const offers = [spelt(best)];
  for (const { lower, near } of wrong) {
    for (const other of near.slice(1)) offers.push(spelt(new Map([...best, [lower, other]])));
  }
  const filtered = chosenFilters(shown.filters).length > 0;
  const checked = [];
  const seen = new Set();
  for (const offer of offers) {
    const key = offer.query.toLocaleLowerCase("sv");
    if (seen.has(key)) continue;
    seen.add(key);
    const found = (await find({ ...shown, q: offer.query })).results.length;
    const unfiltered = filtered && !found ? (await pagefind.search(offer.query)).results.length : 0;
    checked.push({ ...offer, found, unfiltered });
  }
  return checked;
}

function offerLink(offer, target) {
  // The corrected query as a link, the replaced words in bold; a click searches it here.
  const link = document.createElement("a");
  link.href = urlOf(target);
  for (const [index, word] of offer.query.split(" ").entries()) {
    if (index) link.append(" ");
    if (offer.changed.has(word.replace(EDGE, ""))) {
      const strong = document.createElement("strong");
      strong.textContent = word;
      link.append(strong);
    } else {
      link.append(word);
    }
  }
  link.addEventListener("click", (event) => {
    event.preventDefault();
    state = target;
    run(true).then(() => countBox.focus());
  });
  return link;
}

function didYouMean(shown, offers) {
  // Only offers that find something under the chosen filters; failing those, one that finds
  // something without them, saying so (its link leaves the filters out).
  const p = document.createElement("p");
  const good = offers.filter(({ found }) => found).slice(0, 3);
  if (good.length) {
    p.append("Menade du ");
    good.forEach((offer, index) => {
      if (index) p.append(index === good.length - 1 ? " eller " : ", ");
      p.append(offerLink(offer, { ...shown, q: offer.query }));
    });
    p.append("?");
    return p;
  }
  const elsewhere = offers.find(({ unfiltered }) => unfiltered);
  if (!elsewhere) return null;
  p.append("Menade du ");
  p.append(offerLink(elsewhere, { ...shown, q: elsewhere.query, filters: withoutFilters(shown.filters) }));
  p.append(
    `? Det ger ${elsewhere.unfiltered} projekt, men inget med ${filterPhrase(shown.filters)}, ` +
      "så länken söker utan filter.",
  );
  return p;
}

function removeButton(text, filters) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "sh-chip";
  button.textContent = text;
  button.addEventListener("click", () => {
    state = { ...state, filters };
    run(true).then(() => countBox.focus());
  });
  const item = document.createElement("li");
  item.append(button);
  return item;
}

async function filterHelp(shown, without) {
  // Nothing found with filters chosen: say which filters, and whether they are why; offer to
  // remove each facet's values (with what that finds) or all of them. Gives the paragraphs and
  // the number of projects found without the filters.
  const chosen = chosenFilters(shown.filters);
  const free = (await find({ ...shown, filters: withoutFilters(shown.filters) })).results.length;
  const parts = [];
  const p = document.createElement("p");
  if (shown.q && free) {
    p.textContent = `”${shown.q}” finns i ${free} projekt, men inget av dem passar ${filterPhrase(shown.filters)}.`;
  } else if (shown.q) {
    p.textContent = `Inget projekt innehåller ”${shown.q}”, med eller utan ${filterPhrase(shown.filters)}.`;
  } else {
    p.textContent = `Inget projekt passar ${chosen.length > 1 ? "alla " : ""}${filterPhrase(shown.filters)}.`;
  }
  parts.push(p);
  if (!free) return { parts, free };
  const actions = document.createElement("ul");
  actions.className = "sh-help-actions";
  for (const [name, label] of Object.entries(facetNames)) {
    const values = shown.filters[name];
    const n = without?.[name]?.results.length || 0;
    if (!values.length || !n) continue;
    const what = values.length === 1 ? `filtret ${label}: ${values[0]}` : `filtren ${label}: ${listed(values)}`;
    actions.append(removeButton(`Ta bort ${what} (${n} projekt)`, withoutFilters(shown.filters, name)));
  }
  if (Object.values(shown.filters).filter((values) => values.length).length > 1) {
    actions.append(removeButton(`Ta bort alla filter (${free} projekt)`, withoutFilters(shown.filters)));
  }
  parts.push(actions);
  return { parts, free };
}

async function showHelp(shown, mine, found, data, without) {
  // With results (only near matches), just the "Menade du …?" line.
  if (!suggestions) {
    const response = await fetch(new URL("search-suggestions.json", root));
    suggestions = response.ok ? await response.json() : { words: [], hubs: [] };
  }
  if (mine !== generation) return;
  const parts = [];
  if (shown.q) {
    const offer = didYouMean(shown, await corrections(shown, data));
    if (mine !== generation) return;
    if (offer) parts.push(offer);
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
  let free = 0; // found without the filters: then the words are not the trouble
  if (chosenFilters(shown.filters).length) {
    const filterParts = await filterHelp(shown, without);
    if (mine !== generation) return;
    parts.push(...filterParts.parts);
    free = filterParts.free;
  }
  if (shown.q && !free) {
    const widen = document.createElement("p");
    widen.textContent = "Pröva färre eller kortare ord, ett annat stavningssätt eller ett vanligare ord.";
    parts.push(widen);
  }
  // The links to the overview pages, as the page was built with them (right for html and dirhtml).
  const links = browse.cloneNode(true);
  links.removeAttribute("id");
  links.hidden = false;
  parts.push(links);
  helpBox.replaceChildren(...parts);
}

window.addEventListener("popstate", (event) => {
  state = readState();
  run(false, remembered(event.state));
});

run(false, memory);
