// Servicehandboken: two to four projects side by side, drawn from the published projects.json.
// The choice lives in the address (?p=id1,id2), so a link can be shared and Back undoes a change;
// ?lagg-till=id (a project page's link) adds one project to the reader's last choice.
// Projects kept in this browser from an earlier visit, which the address does not name, are
// never added silently: the page says which they are and offers to take them away.
// A table on wide screens, one card per project on a phone; a table wider than its column says
// so and shows an edge where more is. Text from the data is only ever text.
import { MOST, compareHref, store, stored } from "./servicehandbok-picks.js";

const config = JSON.parse(document.getElementById("sh-compare-data").textContent);
const form = document.getElementById("sh-compare-form");
const select = document.getElementById("sh-compare-add");
const status = document.getElementById("sh-compare-status");
const result = document.getElementById("sh-compare-result");
const MONTHS = "januari februari mars april maj juni juli augusti september oktober november december".split(" ");
const funders = config.kinds.find((kind) => kind.name === "funder");
const municipalities = config.kinds.find((kind) => kind.name === "municipality");
const factorKind = config.kinds.find((kind) => kind.name === "factor");
const root = new URL(document.documentElement.dataset.content_root || "./", location.href);
const SHOWN_KEY = `servicehandbok-jamfor-visat:${root.pathname}`;

function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

function link(text, pattern, id) {
  const a = el("a", text);
  a.href = pattern.replace(config.slot, encodeURIComponent(id));
  return a;
}

const kronor = (n) => `${String(n).replace(/\B(?=(\d{3})+(?!\d))/g, "\u00a0")}\u00a0kr`;

function date(iso) {
  const [year, month, day] = iso.split("-").map(Number);
  return `${day} ${MONTHS[month - 1]} ${year}`;
}

function joined(parts, separator = ", ") {
  return parts.flatMap((part, index) => (index ? [separator, part] : [part]));
}

function marked(project, field, parts) {
  // Like the fact box: a value the base source does not state says so, and why; one stated
  // only in a later source (not the base source's own id) says that.
  // The page numbers its sources; here a later source is named as such, without a number.
  const provenance = project.provenance?.[field];
  const later = (provenance?.sources || []).some((id) => id !== project.source?.id);
  if (provenance && provenance.basis !== "stated") {
    parts.push(" ", el("em", `(${config.marks[provenance.basis]}: ${provenance.reason})`));
  } else if (provenance && later) {
    parts.push(" ", el("em", `(${config.marks.stated})`));
  }
  return parts;
}

function termRow(kind) {
  return (project) => {
    if (kind.name === "region" && project.national) return marked(project, "national", [config.national]);
    const value = project[kind.field];
    const ids = value === undefined ? [] : kind.single ? [value] : value;
    if (!ids.length) return null;
    return marked(project, kind.field, joined(ids.map((id) => link(kind.terms[id] ?? id, kind.url, id))));
  };
}

function coFunder(item) {
  const extra = [];
  if (item.amount !== undefined) extra.push(kronor(item.amount));
  if (item.as_written) extra.push(`i källan: ${item.as_written}`);
  const name = item.funder ? link(funders.terms[item.funder] ?? item.funder, funders.url, item.funder) : item.name;
  return extra.length ? [name, ` (${extra.join("; ")})`] : [name];
}

// Like the fact box: the budget's provenance on its first row, whichever the project gives.
function money(project, key, parts) {
  const first = ["total", "support", "co_funders"].find((k) => project.budget?.[k] !== undefined);
  return key === first ? marked(project, "budget", parts) : parts;
}

// The success factors a project's sourced lessons show, first mention first (data.model.Outcome.factors).
function factors(project) {
  const lessons = [...(project.outcome?.worked || []), ...(project.outcome?.hard || [])];
  return [...new Set(lessons.flatMap((lesson) => lesson.factors || []))];
}

function list(items) {
  const ul = el("ul");
  for (const item of items) {
    const li = el("li");
    if (typeof item === "string") li.textContent = item;
    else li.append(el("strong", item.heading), list(item.items));
    ul.append(li);
  }
  return ul;
}

// Each row: its label and, per project, the parts of its value (null when the project has none).
const ROWS = [
  ["Projektägare", (p) => p.lead_organisation && marked(p, "lead_organisation", [p.lead_organisation])],
  ...config.kinds.filter((kind) => kind.field).map((kind) => [kind.heading, termRow(kind)]),
  [
    // Like the fact box (content.render.partner_text): named only as partners, not places the project works in.
    "Samarbetskommuner",
    (p) =>
      p.partner_municipalities?.length &&
      marked(p, "partner_municipalities", [
        joined(p.partner_municipalities.map((id) => municipalities.terms[id] ?? id)).join(""),
        " – samarbetspart, projektet verkar inte där",
      ]),
  ],
  [
    "Framgångsfaktorer",
    (p) =>
      factors(p).length && [
        ...joined(factors(p).map((id) => link(factorKind.terms[id] ?? id, factorKind.url, id))),
        " ",
        el("em", `(${config.factors_from})`),
      ],
  ],
  ["Total budget", (p) => p.budget?.total !== undefined && money(p, "total", [kronor(p.budget.total)])],
  [
    "Stöd från Landsbygdsprogrammet",
    (p) =>
      p.budget?.support !== undefined &&
      money(p, "support", [
        `${kronor(p.budget.support)} via `,
        link(funders.terms[config.support], funders.url, config.support),
      ]),
  ],
  [
    "Övriga finansiärer",
    (p) => p.budget?.co_funders && money(p, "co_funders", joined(p.budget.co_funders.map(coFunder)).flat()),
  ],
  [
    "Tid",
    (p) => {
      const { start, end } = p.period || {};
      if (!start && !end) return null;
      const shown = start && end ? `${date(start)} – ${date(end)}` : end ? `till ${date(end)}` : `från ${date(start)}`;
      return marked(p, "period", [shown]);
    },
  ],
  [
    "Status",
    (p) => {
      // projects.json keeps each status beside the projects, as on the build date; derived ones say so.
      const known = statuses[p.id];
      if (!known) return null;
      const how = known.derived ? `härlett: ${known.reason}` : known.reason;
      return [config.statuses[known.status], " ", el("em", `(${how})`)];
    },
  ],
  ["Aktiviteter", (p) => p.activities && [list(p.activities)]],
  [
    "Kontakt",
    (p) => p.contacts && [list(p.contacts.map((c) => [c.name, c.role, c.organisation].filter(Boolean).join(", ")))],
  ],
];

function value(row, project) {
  const parts = row[1](project);
  const cell = document.createDocumentFragment();
  if (parts) cell.append(...parts);
  else cell.append(el("span", "Ej angivet", "sh-compare-none"));
  return cell;
}

function table(chosen, rows) {
  // The frame holds the shaded edges; the region inside it scrolls (and takes focus, so the
  // arrow keys scroll it); the hint above it shows only while the table is wider than the page.
  const outer = el("div", undefined, "sh-compare-table");
  const frame = el("div", undefined, "sh-compare-frame");
  const hint = el("p", undefined, "sh-compare-hint");
  hint.id = "sh-compare-hint";
  hint.hidden = true;
  hint.textContent =
    `Tabellen är bredare än sidan: rulla i sidled för att se alla ${chosen.length} projekt. ` +
    "Med tangentbordet: gå till tabellen med Tab och använd piltangenterna.";
  const wrap = el("div", undefined, "sh-compare-wide");
  const captionId = "sh-compare-caption";
  Object.assign(wrap, { tabIndex: 0, role: "region" });
  wrap.setAttribute("aria-labelledby", captionId);
  const tableNode = el("table");
  const caption = el("caption", `${chosen.length} projekt sida vid sida`);
  caption.id = captionId;
  const head = el("tr");
  head.append(el("td"));
  for (const project of chosen) {
    const th = el("th");
    th.scope = "col";
    th.append(link(project.title, config.project, project.id));
    head.append(th);
  }
  const body = el("tbody");
  for (const row of rows) {
    const tr = el("tr");
    const th = el("th", row[0]);
    th.scope = "row";
    tr.append(th);
    for (const project of chosen) {
      const td = el("td");
      td.append(value(row, project));
      tr.append(td);
    }
    body.append(tr);
  }
  const thead = el("thead");
  thead.append(head);
  tableNode.append(caption, thead, body);
  wrap.append(tableNode);
  wrap.addEventListener("scroll", () => edges(wrap), { passive: true });
  frame.append(wrap);
  outer.append(hint, frame);
  return outer;
}

// Whether the table is wider than its column, and on which side more of it is.
function edges(wrap) {
  const frame = wrap.parentElement;
  const hint = frame?.previousElementSibling;
  if (!hint?.classList.contains("sh-compare-hint")) return;
  const hidden = wrap.scrollWidth - wrap.clientWidth;
  const scrolls = wrap.clientWidth > 0 && hidden > 1;
  frame.classList.toggle("sh-compare-scrolls", scrolls);
  frame.classList.toggle("sh-compare-more-left", scrolls && wrap.scrollLeft > 1);
  frame.classList.toggle("sh-compare-more-right", scrolls && wrap.scrollLeft < hidden - 1);
  hint.hidden = !scrolls;
  if (scrolls) wrap.setAttribute("aria-describedby", hint.id);
  else wrap.removeAttribute("aria-describedby");
}

// The table's width changes with the window, the fonts and the phone's turn: look again then.
const resized =
  typeof ResizeObserver === "function"
    ? new ResizeObserver((entries) => {
        for (const entry of entries) edges(entry.target.closest(".sh-compare-wide"));
      })
    : null;

function watch() {
  const wrap = result.querySelector(".sh-compare-wide");
  resized?.disconnect();
  if (!wrap) return;
  edges(wrap);
  resized?.observe(wrap);
  resized?.observe(wrap.querySelector("table"));
}

function cards(chosen, rows) {
  const wrap = el("div", undefined, "sh-compare-cards");
  for (const project of chosen) {
    const card = el("section", undefined, "sh-compare-card");
    const heading = el("h3");
    heading.append(link(project.title, config.project, project.id));
    const facts = el("dl");
    for (const row of rows) {
      const dd = el("dd");
      dd.append(value(row, project));
      facts.append(el("dt", row[0]), dd);
    }
    card.append(heading, facts);
    wrap.append(card);
  }
  return wrap;
}

let projects = new Map();
let statuses = {};
let ids = [];
// Chosen projects that came from this browser's memory of an earlier visit, not from the
// address: the page names them until the reader takes them away or keeps them.
let earlier = [];

// The projects this page has shown in this tab (sessionStorage, gone with the tab), so a choice
// made during this visit (a project page's link, then another) is not reported as an earlier one.
function shown() {
  try {
    const seen = JSON.parse(sessionStorage.getItem(SHOWN_KEY) || "[]");
    return Array.isArray(seen) ? seen : [];
  } catch {
    return [];
  }
}

function remember(seen) {
  try {
    sessionStorage.setItem(SHOWN_KEY, JSON.stringify([...new Set([...shown(), ...seen])]));
  } catch {
    // storage blocked: every kept choice is reported, which is the safe side
  }
}

function earlierNotice() {
  const kept = earlier.filter((id) => ids.includes(id));
  if (!kept.length) return null;
  const one = kept.length === 1;
  const box = el("div", undefined, "sh-compare-earlier");
  const text = el(
    "p",
    `Jämförelsen innehåller ${one ? "ett projekt" : `${kept.length} projekt`} som du valde vid ett tidigare besök ` +
      `(${one ? "sparat" : "sparade"} i den här webbläsaren): ${kept.map((id) => projects.get(id).title).join(", ")}.`,
  );
  const drop = el("button", one ? "Ta bort det tidigare valda" : "Ta bort de tidigare valda");
  drop.type = "button";
  drop.addEventListener("click", () => {
    earlier = [];
    change(
      ids.filter((id) => !kept.includes(id)),
      `${one ? "Det tidigare valda projektet" : "De tidigare valda projekten"} togs bort.`,
    );
    select.focus();
  });
  const keep = el("button", one ? "Behåll det" : "Behåll dem");
  keep.type = "button";
  keep.addEventListener("click", () => {
    earlier = [];
    render(`${one ? "Det tidigare valda projektet" : "De tidigare valda projekten"} är kvar.`);
    select.focus();
  });
  const buttons = el("p", undefined, "sh-compare-earlier-buttons");
  buttons.append(drop, " ", keep);
  box.append(text, buttons);
  return box;
}

function summary() {
  const titles = ids.map((id) => projects.get(id).title);
  if (!ids.length) return "Inga projekt valda.";
  if (ids.length === 1) return `Ett projekt valt: ${titles[0]}. Välj minst ett till för att jämföra.`;
  return `Jämför ${ids.length} projekt: ${titles.join(", ")}.`;
}

function render(message = "") {
  store(ids);
  remember(ids);
  for (const option of select.options) option.disabled = ids.includes(option.value);
  const chosen = ids.map((id) => projects.get(id));
  const parts = [];
  const notice = earlierNotice();
  if (notice) parts.push(notice);
  const picked = el("ul", undefined, "sh-compare-picked");
  for (const project of chosen) {
    const li = el("li");
    const remove = el("button", "Ta bort");
    remove.type = "button";
    remove.append(el("span", ` ${project.title}`, "sh-visually-hidden"));
    remove.addEventListener("click", () => {
      change(
        ids.filter((id) => id !== project.id),
        `${project.title} togs bort.`,
      );
      select.focus();
    });
    li.append(link(project.title, config.project, project.id), " ", remove);
    picked.append(li);
  }
  parts.push(el("h2", "Valda projekt"));
  parts.push(chosen.length ? picked : el("p", "Inga projekt valda än. Välj dem i listan ovan, på projektens sidor eller i sökningen."));
  if (chosen.length) {
    const rows = ROWS.filter((row) => chosen.some((project) => row[1](project)));
    parts.push(el("h2", "Jämförelse"), table(chosen, rows), cards(chosen, rows));
  }
  result.replaceChildren(...parts);
  result.setAttribute("aria-busy", "false");
  status.textContent = `${message} ${summary()}`.trim();
  watch();
}

function change(next, message) {
  ids = next;
  history.pushState(null, "", compareHref(location.pathname, ids));
  render(message);
}

function fromAddress(opening = false) {
  // The ids in the address that name a project; what else was there is reported, not guessed at.
  // On opening, ids kept from an earlier visit that the address does not name are reported too.
  const params = new URLSearchParams(location.search);
  const notes = [];
  let wanted = (params.get("p") || "").split(",").filter(Boolean);
  const added = params.get("lagg-till");
  // The choice kept in this browser comes in where the address adds to it or names none.
  const kept = added !== null || !params.has("p") ? stored().filter((id) => id !== added) : [];
  if (added !== null) wanted = [...kept, added];
  else if (!params.has("p")) wanted = kept;
  const unknown = wanted.filter((id) => !projects.has(id));
  if (unknown.length) notes.push(`Det finns inget projekt med id ${unknown.join(", ")}.`);
  let known = [...new Set(wanted.filter((id) => projects.has(id)))];
  if (added !== null) known = [...known.filter((id) => id !== added), ...(projects.has(added) ? [added] : [])];
  if (known.length > MOST) {
    const dropped = known.splice(0, known.length - MOST);
    notes.push(`Högst ${MOST} projekt får plats; ${dropped.map((id) => projects.get(id).title).join(", ")} togs bort.`);
  }
  const seen = shown();
  const fromBefore = opening ? known.filter((id) => kept.includes(id) && !seen.includes(id)) : [];
  if (fromBefore.length) notes.push(`${fromBefore.length} av projekten valdes vid ett tidigare besök.`);
  const clean = compareHref(location.pathname, known);
  if (clean !== location.pathname + location.search) history.replaceState(null, "", clean);
  return [known, notes.join(" "), fromBefore];
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const id = select.value;
  if (!id) status.textContent = "Välj ett projekt i listan först.";
  else if (ids.length >= MOST) status.textContent = `Du kan jämföra högst ${MOST} projekt. Ta bort något först.`;
  else change([...ids, id], `${projects.get(id).title} lades till.`);
  select.value = "";
  select.focus();
});

window.addEventListener("popstate", () => {
  [ids] = fromAddress();
  earlier = [];
  render();
});

try {
  const response = await fetch(new URL(config.data, location.href));
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const published = await response.json();
  projects = new Map(published.projects.map((project) => [project.id, project]));
  statuses = published.status?.projects ?? {};
} catch {
  status.textContent = "Projektuppgifterna kunde inte hämtas. Ladda om sidan för att försöka igen.";
  result.setAttribute("aria-busy", "false");
}
if (projects.size) {
  for (const project of projects.values()) select.append(new Option(project.title, project.id));
  form.hidden = false;
  let message;
  [ids, message, earlier] = fromAddress(true);
  render(message);
}
