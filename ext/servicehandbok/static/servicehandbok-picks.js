// Servicehandboken: the projects a reader has chosen to compare, kept in this browser only
// (localStorage, one list per site address) so the choice follows the reader from the search
// and the project pages to the compare page. The compare page's address holds the choice itself.
export const MOST = 4;
const root = new URL(document.documentElement.dataset.content_root || "./", location.href);
const KEY = `servicehandbok-jamfor:${root.pathname}`;

export function stored() {
  try {
    const ids = JSON.parse(localStorage.getItem(KEY) || "[]");
    return Array.isArray(ids) ? ids.filter((id) => typeof id === "string").slice(0, MOST) : [];
  } catch {
    return []; // storage blocked or garbled: start with nothing chosen
  }
}

export function store(ids) {
  try {
    localStorage.setItem(KEY, JSON.stringify(ids.slice(0, MOST)));
  } catch {
    // storage blocked: the address still holds the choice
  }
}

export function compareHref(page, ids) {
  return ids.length ? `${page}?p=${ids.map(encodeURIComponent).join(",")}` : page;
}

function hidden(text) {
  const span = document.createElement("span");
  span.className = "sh-visually-hidden";
  span.textContent = text;
  return span;
}

// The search page's part: a "Jämför" box on each result and a link to the chosen projects.
export function picker(bar) {
  const status = bar.querySelector("[role=status]");
  const link = bar.querySelector("a");
  const update = (message) => {
    const ids = stored();
    link.hidden = !ids.length;
    link.href = compareHref(bar.dataset.href, ids);
    link.textContent = `Jämför valda projekt (${ids.length})`;
    if (message !== undefined) status.textContent = message;
  };
  update();
  let serial = 0;
  return (id, title) => {
    const wrap = document.createElement("div");
    wrap.className = "sh-pick";
    const box = document.createElement("input");
    box.type = "checkbox";
    box.id = `sh-pick-${++serial}`;
    box.checked = stored().includes(id);
    const label = document.createElement("label");
    label.htmlFor = box.id;
    label.append("Jämför", hidden(` ${title}`));
    box.addEventListener("change", () => {
      const ids = stored().filter((other) => other !== id);
      if (box.checked && ids.length >= MOST) {
        box.checked = false;
        update(`Du kan jämföra högst ${MOST} projekt. Ta bort något först.`);
        return;
      }
      if (box.checked) ids.push(id);
      store(ids);
      update(`${title} ${box.checked ? "är vald" : "är inte längre vald"}. ${ids.length} projekt valda.`);
    });
    wrap.append(box, label);
    return wrap;
  };
}
