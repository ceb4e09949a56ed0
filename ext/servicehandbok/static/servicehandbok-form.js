// Servicehandboken: the page "Lägg till ett projekt".
// Builds a form from the project JSON Schema embedded in the page (see form.py), checks the
// answers the way `nox -s check` does, and writes the project file as YAML to copy or
// download. No libraries, no network. Text typed by the user only ever reaches the page
// through textContent and value, never through innerHTML.

const HEADER = "# yaml-language-server: $schema=_schema/project.schema.json";

// Swedish labels by field path (list indices left out). A field missing here shows its key.
const LABELS = {
  id: "Id (filnamn)",
  title: "Projektets namn",
  lead_organisation: "Projektägare",
  category: "Projekttyp",
  national: "Projektet gäller hela landet",
  regions: "Län",
  municipalities: "Kommuner",
  partner_municipalities: "Samarbetskommuner",
  methods: "Metoder",
  period: "Projektets tid",
  "period.start": "Startdatum",
  "period.end": "Slutdatum",
  budget: "Budget",
  "budget.total": "Total budget i kronor",
  "budget.support": "Stöd från Landsbygdsprogrammet i kronor",
  "budget.co_funders": "Övriga finansiärer",
  "budget.co_funders.funder": "Finansiär",
  "budget.co_funders.name": "Annan finansiär",
  "budget.co_funders.amount": "Belopp i kronor",
  purpose: "Syfte",
  summary: "Sammanfattning",
  content: "Innehåll och upplägg",
  activities: "Aktiviteter",
  expected_results: "Förväntat resultat",
  contacts: "Kontaktpersoner",
  "contacts.name": "Namn",
  "contacts.role": "Roll",
  "contacts.organisation": "Organisation",
  "contacts.phone": "Telefon",
  "contacts.email": "E-post",
  "contacts.address": "Postadress",
  source: "Källa",
  "source.title": "Källans namn",
  "source.url": "Källans adress",
  "source.retrieved": "Läst den",
  "source.notes": "Anmärkningar",
  "budget.co_funders.as_written": "Så står finansiären i källan",
  "source.editorial": "Redaktionella val (visas för läsaren)",
  "provenance": "Uppgifter som inte står i källan",
  "provenance.lead_organisation": "Om projektägaren",
  "provenance.lead_organisation.basis": "Grund",
  "provenance.lead_organisation.reason": "Varför",
  "provenance.lead_organisation.sources": "Källor (id, en per rad)",
  "provenance.regions": "Om placeringen på kartan",
  "provenance.regions.basis": "Grund",
  "provenance.regions.reason": "Varför",
  "provenance.regions.sources": "Källor (id, en per rad)",
  "provenance.municipalities": "Om kommunplaceringen",
  "provenance.municipalities.basis": "Grund",
  "provenance.municipalities.reason": "Varför",
  "provenance.municipalities.sources": "Källor (id, en per rad)",
  "provenance.partner_municipalities": "Om samarbetskommunerna",
  "provenance.partner_municipalities.basis": "Grund",
  "provenance.partner_municipalities.reason": "Varför",
  "provenance.partner_municipalities.sources": "Källor (id, en per rad)",
  "provenance.national": "Om hela landet",
  "provenance.national.basis": "Grund",
  "provenance.national.reason": "Varför",
  "provenance.national.sources": "Källor (id, en per rad)",
  programme: "Stödprogram",
  sources: "Fler källor",
  "sources.id": "Källans id",
  "sources.title": "Titel",
  "sources.publisher": "Utgivare",
  "sources.url": "Adress",
  "sources.published": "Publicerad",
  "sources.read": "Läst den",
  "sources.kind": "Sorts källa",
  "source.id": "Källans id",
  outcome: "Vad hände sedan",
  "outcome.searched": "Sökt efter uppföljning den",
  "outcome.status": "Status",
  "outcome.status.value": "Hur det gick",
  "outcome.status.sources": "Källor (id, en per rad)",
  "outcome.changes": "Annat än i ansökan",
  "outcome.changes.field": "Fält",
  "outcome.changes.value": "Värde enligt källan",
  "outcome.changes.text": "Förklaring",
  "outcome.changes.sources": "Källor (id, en per rad)",
  "outcome.results": "Vad projektet gjorde",
  "outcome.results.text": "Uppgift",
  "outcome.results.sources": "Källor (id, en per rad)",
  "outcome.worked": "Det här fungerade",
  "outcome.worked.text": "Lärdom",
  "outcome.worked.sources": "Källor (id, en per rad)",
  "outcome.worked.factors": "Framgångsfaktorer som lärdomen visar",
  "outcome.hard": "Det här var svårt",
  "outcome.hard.text": "Lärdom",
  "outcome.hard.sources": "Källor (id, en per rad)",
  "outcome.hard.factors": "Framgångsfaktorer som lärdomen visar",
  "outcome.final_report": "Slutrapportens källid",
  "outcome.website": "Projektets webbplats",
  "outcome.website.url": "Adress",
  "outcome.website.sources": "Källor (id, en per rad)",
  "outcome.successors": "Det som kom efter",
  "outcome.successors.project": "Projekt i handboken (id)",
  "outcome.successors.name": "Namn",
  "outcome.successors.relation": "Hur det hänger ihop",
  "outcome.successors.text": "Förklaring",
  "outcome.successors.sources": "Källor (id, en per rad)",
  "outcome.contact_changes": "Ändringar hos organisationen",
  "outcome.contact_changes.text": "Uppgift",
  "outcome.contact_changes.sources": "Källor (id, en per rad)",
  "outcome.not_found": "Det här hittades inte",
};

// Fields with a fixed set of values, shown as a list to choose from, with Swedish words.
const BASIS = { stated: "Står i en källa", inferred: "Härlett ur källan", editorial: "Redaktionens placering" };
const CHOICES = {
  "provenance.lead_organisation.basis": BASIS,
  "provenance.regions.basis": BASIS,
  "provenance.municipalities.basis": BASIS,
  "provenance.partner_municipalities.basis": BASIS,
  "provenance.national.basis": BASIS,
  "provenance.category.basis": BASIS,
  "provenance.programme.basis": BASIS,
  "provenance.methods.basis": BASIS,
  "provenance.period.basis": BASIS,
  "provenance.budget.basis": BASIS,
  "outcome.status.value": { planned: "Planerat", ongoing: "Pågående", finished: "Avslutat", cancelled: "Avbrutet" },
  "sources.kind": {
    "project-site": "Projektets webbplats",
    "owner-news": "Projektägarens nyhet",
    "agency-article": "Myndighetens artikel",
    report: "Rapport",
    evaluation: "Utvärdering",
    news: "Nyhet i media",
  },
  "outcome.changes.field": {
    "period.start": "Startdatum",
    "period.end": "Slutdatum",
    lead_organisation: "Projektägare",
    "budget.total": "Total budget",
    "budget.support": "Stöd från Landsbygdsprogrammet",
  },
  "outcome.successors.relation": {
    "continued-as": "Fortsatte som",
    "taken-over-by": "Togs över av",
    "followed-by": "Följdes av",
  },
};

// Help text where the schema's own description speaks about the file (ids, quotes, true)
// rather than about the form. Every other field shows the schema's description.
const HINTS = {
  id: "Fylls i från projektets namn, och du kan ändra det. Bara små bokstäver a–z, siffror och bindestreck. Filen ska heta så, med .yaml på slutet.",
  category: "Projekttypen, som på Tillväxtverkets sida Beviljade projekt.",
  national: "Kryssa i om projektet gäller hela landet och inte hör till något enskilt län.",
  regions: "Län som projektet verkar i. Välj minst ett, eller kryssa i att projektet gäller hela landet.",
  municipalities:
    "Kommuner som projektet verkar i. Listan har de kommuner som redan finns i handboken; saknas kommunen, skriv den under Anmärkningar längst ned.",
  partner_municipalities:
    "Sällan: kommuner som källan bara nämner som samarbetspart, till exempel för en metod, utan att projektet verkar där. De räknas inte till projektets kommuner eller FA-region.",
  methods:
    "Metoder som projektet använder. Välj minst en. Saknas en metod, skriv den under Anmärkningar längst ned.",
  period: "Skriv datum som ÅÅÅÅ-MM-DD, till exempel 2019-07-31.",
  budget: "Projektets pengar i hela kronor, till exempel 1000000. Lämna tomt det som källan inte anger.",
  "budget.co_funders.funder": "Välj finansiären i listan om den finns där.",
  "budget.co_funders.name":
    "Skriv ett namn bara om finansiären saknas i listan eller om källan nämner en grupp, till exempel ”kommunerna”.",
  activities: "En aktivitet per rad, med källans ordalydelse.",
  expected_results:
    "Löptext med källans ordalydelse, med en tom rad mellan stycken. Börjar varje rad med ett bindestreck (- ) blir det i stället en punktlista, en punkt per rad.",
  "contacts.phone": "Telefonnumret som det står i källan, till exempel 0701-23 45 67.",
  sources:
    "Sidor och rapporter som berättar vad som hände med projektet. Ge varje källa ett kort id, till exempel kommunens-nyhet-2019, och skriv det id:t vid varje uppgift som bygger på källan.",
  outcome:
    "Fyll i bara det som en källa under Fler källor säger, med egna ord. Hitta aldrig på, och skriv inget år som källan inte anger. Har du sökt utan att hitta något: fyll i dagen och Det här hittades inte.",
  "outcome.status": "Fyll bara i om en källa säger hur det gick. Annars räknar handboken ut status ur datumen.",
  "source.notes":
    "Anmärkningar om källan, till exempel rättade skrivfel, eller en kommun eller metod som saknas i listorna ovan.",
};

// "Add another" groups: what one item is called.
const ITEMS = {
  contacts: { one: "kontaktperson", add: "Lägg till en kontaktperson" },
  "budget.co_funders": { one: "finansiär", add: "Lägg till en finansiär" },
  sources: { one: "källa", add: "Lägg till en källa" },
  "outcome.changes": { one: "ändring", add: "Lägg till en ändring" },
  "outcome.results": { one: "uppgift", add: "Lägg till en uppgift" },
  "outcome.worked": { one: "lärdom", add: "Lägg till en lärdom" },
  "outcome.hard": { one: "lärdom", add: "Lägg till en lärdom" },
  "outcome.successors": { one: "efterföljare", add: "Lägg till en efterföljare" },
  "outcome.contact_changes": { one: "uppgift", add: "Lägg till en uppgift" },
};

// Fields the schema does not require but `nox -s check` warns without: marked "bör fyllas i".
const ALSO_REQUIRED = new Set(["methods", "programme"]);
// What a label says about a field: required in every file, required once its group or list item is
// used (a contact's name, a source's address), or wanted. "(krävs)" only where the schema requires it.
const MARKS = { required: "krävs", inGroup: "krävs om du fyller i gruppen", wanted: "bör fyllas i" };

// What to write when a value has the wrong form; the schema's x-hint speaks about YAML quoting.
const FORMAT_MESSAGES = {
  id: "använd bara små bokstäver a–z, siffror och bindestreck, till exempel byns-servicepunkt",
  date: "skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2019-07-31",
  email: "skriv en e-postadress som namn@exempel.se, utan mellanslag",
  url: "skriv en fullständig adress som börjar med https://",
  amount: "skriv beloppet i hela kronor med siffror, till exempel 1000000",
};
// Said under every field of that form, after its description.
const FORMAT_HINTS = {
  date: "Skriv som ÅÅÅÅ-MM-DD.",
  amount: "Hela kronor, till exempel 1000000.",
};
const TYPE_NAMES = {
  string: "text",
  integer: "ett heltal",
  number: "ett tal",
  boolean: "ja eller nej",
  array: "en lista",
  object: "en grupp av fält",
};

// The same characters `nox -s check` refuses (checks.py). Invisible ones are removed as the
// form is read, since they change nothing the reader sees; the others are reported.
const INVISIBLE = /[\u00ad\u200b-\u200d\u2060\ufeff]/g;
const REFUSED = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

// ---------------------------------------------------------------------------------------
// Small helpers

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

const lowerFirst = (text) => text.charAt(0).toLowerCase() + text.slice(1);
const upperFirst = (text) => text.charAt(0).toUpperCase() + text.slice(1);
const isObject = (value) => value !== null && typeof value === "object" && !Array.isArray(value);

/** Like scaffold.slug() in Python: "Byns servicepunkt – etapp 2" → "byns-servicepunkt-etapp-2". */
export function slug(title) {
  const text = title
    .toLowerCase()
    .replace(/ß/g, "ss")
    .replace(/[åäæ]/g, "a")
    .replace(/[öø]/g, "o")
    .normalize("NFKD")
    .replace(/[^\x00-\x7f]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return text.slice(0, 80).replace(/^-+|-+$/g, "");
}

function cleanText(raw, multiline) {
  let text = raw.replace(INVISIBLE, "");
  if (multiline) text = text.replace(/\r\n?/g, "\n").replace(/[ \t]+$/gm, "");
  text = text.trim();
  return text === "" ? undefined : text;
}

function realDate(text) {
  const [year, month, day] = text.split("-").map(Number);
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return year >= 1 && days !== undefined && day >= 1 && day <= days;
}

// ---------------------------------------------------------------------------------------
// The schema

// What makes a $defs entry recognisable once inlined: its type and constraints.
const SHAPE = ["type", "pattern", "minLength", "maxLength", "minimum", "maximum"];

function makeSchema(schema) {
  const defs = schema.$defs || {};

  /** The $defs entry a node was made from, also when validate.load_schema() inlined the $ref. */
  function defName(node) {
    for (const [name, def] of Object.entries(defs)) {
      const scalar = ["string", "integer", "number"].includes(def.type);
      if (scalar && SHAPE.every((key) => def[key] === node[key])) return name;
    }
    return null;
  }

  /** The node with every $ref merged in (as scaffold.py does), and the name of its $defs entry. */
  function resolve(node) {
    let ref = null;
    let current = node || {};
    while (current.$ref) {
      const name = current.$ref.split("/").pop();
      ref = ref || name;
      const { $ref, ...rest } = current;
      current = { ...defs[name], ...rest };
    }
    return { node: current, ref: ref || defName(current) };
  }

  function hasType(value, type) {
    switch (type) {
      case "string":
        return typeof value === "string";
      case "integer":
        return Number.isInteger(value);
      case "number":
        return typeof value === "number" && Number.isFinite(value);
      case "boolean":
        return typeof value === "boolean";
      case "array":
        return Array.isArray(value);
      case "object":
        return isObject(value);
      case "null":
        return value === null;
      default:
        return true;
    }
  }

  /** Every way *value* breaks *node*, as {path, keyword, message}, for the parts of JSON Schema the schema uses. */
  function errors(node, value, path = []) {
    const { node: n } = resolve(node);
    const found = [];
    const add = (keyword, message, at = path) => found.push({ path: at, keyword, message, node: n });
    if (n.type && !hasType(value, n.type)) {
      add("type", `ska vara ${TYPE_NAMES[n.type] || n.type}`);
      return found;
    }
    if (n.oneOf) {
      const passing = n.oneOf.filter((branch) => errors(branch, value, path).length === 0).length;
      if (passing !== 1) add("oneOf", passing ? "passar mer än ett av de tillåtna sätten" : "har fel form");
    }
    if (typeof value === "string") {
      const length = [...value].length;
      if (n.minLength !== undefined && length < n.minLength) add("minLength", "får inte vara tomt");
      if (n.maxLength !== undefined && length > n.maxLength)
        add("maxLength", `får vara högst ${n.maxLength} tecken (nu ${length})`);
      if (n.pattern) {
        let pattern = null;
        try {
          pattern = new RegExp(n.pattern, "u");
        } catch {
          pattern = null; // a pattern JavaScript cannot read: left to `nox -s check`
        }
        if (pattern && !pattern.test(value)) add("pattern", n["x-hint"] || "har fel form");
      }
    }
    if (typeof value === "number") {
      if (n.minimum !== undefined && value < n.minimum) add("minimum", `får inte vara mindre än ${n.minimum}`);
      if (n.maximum !== undefined && value > n.maximum) add("maximum", `får inte vara större än ${n.maximum}`);
    }
    if (Array.isArray(value)) {
      if (n.minItems !== undefined && value.length < n.minItems) add("minItems", `behöver minst ${n.minItems}`);
      if (n.uniqueItems && new Set(value.map((item) => JSON.stringify(item))).size !== value.length)
        add("uniqueItems", "har samma värde två gånger");
      if (n.items) value.forEach((item, index) => found.push(...errors(n.items, item, [...path, index])));
    }
    if (isObject(value)) {
      for (const key of n.required || []) if (!(key in value)) add("required", "måste fyllas i", [...path, key]);
      const properties = n.properties || {};
      for (const [key, item] of Object.entries(value)) {
        if (key in properties) found.push(...errors(properties[key], item, [...path, key]));
        else if (n.additionalProperties === false) add("additionalProperties", "är inget känt fält", [...path, key]);
      }
    }
    return found;
  }

  return { schema, resolve, errors };
}

// ---------------------------------------------------------------------------------------
// YAML: JSON strings are valid YAML double-quoted scalars, so every string is written with
// JSON.stringify. JSON leaves U+2028, U+2029 and C1 controls unescaped, which YAML reads as
// line breaks or refuses, so those are escaped as well.

function yamlString(text) {
  return JSON.stringify(text).replace(
    /[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

function yamlScalar(value) {
  if (typeof value === "string") return yamlString(value);
  if (typeof value === "boolean") return value ? "true" : "false";
  if (Number.isSafeInteger(value)) return String(value);
  throw new TypeError(`cannot write ${typeof value} as YAML`);
}

function yamlKey(key) {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? key : yamlString(key);
}

function yamlMapping(object, indent) {
  const lines = [];
  for (const [key, value] of Object.entries(object)) {
    if (Array.isArray(value)) lines.push(`${indent}${yamlKey(key)}:`, ...yamlSequence(value, `${indent}  `));
    else if (isObject(value)) lines.push(`${indent}${yamlKey(key)}:`, ...yamlMapping(value, `${indent}  `));
    else lines.push(`${indent}${yamlKey(key)}: ${yamlScalar(value)}`);
  }
  return lines;
}

function yamlSequence(list, indent) {
  const lines = [];
  for (const item of list) {
    if (isObject(item)) {
      const inner = yamlMapping(item, `${indent}  `);
      inner[0] = `${indent}- ${inner[0].slice(indent.length + 2)}`;
      lines.push(...inner);
    } else if (Array.isArray(item)) {
      lines.push(`${indent}-`, ...yamlSequence(item, `${indent}  `));
    } else {
      lines.push(`${indent}- ${yamlScalar(item)}`);
    }
  }
  return lines;
}

export function toYaml(project) {
  return [HEADER, ...yamlMapping(project, "")].join("\n") + "\n";
}

// ---------------------------------------------------------------------------------------
// The form. Every field is a component: {key, path, el, read(), validate(report, required),
// focusId, showError(message), clearError()}. Groups hold components; nothing else holds state.

function createForm(root, data) {
  const S = makeSchema(data.schema);
  const vocabularies = data.vocabularies || {};
  const takenIds = new Set(data.projects || []);
  const registry = new Map(); // top-level and nested paths → component (not inside lists)
  const status = el("p", "sh-visually-hidden");
  status.setAttribute("role", "status");

  const labelOf = (path, key) => LABELS[path] || key;

  function context(component) {
    for (let c = component.parent; c; c = c.parent) if (c.context) return c.context();
    return "";
  }

  function requiredMessage(component) {
    const verb = component.choose ? "välj" : "fyll i";
    const text = `${verb} ${lowerFirst(component.label)}`;
    const ctx = context(component);
    return ctx ? `${ctx}: ${text}` : upperFirst(text);
  }

  function formatMessage(component, text) {
    const ctx = context(component);
    const head = ctx ? `${ctx}, ${lowerFirst(component.label)}` : component.label;
    return `${head}: ${lowerFirst(text)}`;
  }

  function announce(text) {
    status.textContent = "";
    window.setTimeout(() => {
      status.textContent = text;
    }, 50);
  }

  // --- Pieces shared by every field ---

  function labelText(target, spec) {
    target.append(document.createTextNode(spec.label));
    if (spec.mark) target.append(el("span", "sh-required", ` (${spec.mark})`));
  }

  function hintFor(spec, extra) {
    const text = [HINTS[spec.path] ?? spec.node.description, extra].filter(Boolean).join(" ");
    if (!text) return null;
    const hint = el("p", "sh-hint", text);
    hint.id = `${spec.id}-hint`;
    return hint;
  }

  function errorBox(spec) {
    const box = el("p", "sh-error");
    box.id = `${spec.id}-error`;
    box.hidden = true;
    return box;
  }

  /** Wire hint and error to *described* (a control or a fieldset) and give the component its error methods. */
  function withError(component, described, hint, box, invalidTarget) {
    const base = hint ? [hint.id] : [];
    if (base.length) described.setAttribute("aria-describedby", base.join(" "));
    component.showError = (message) => {
      box.replaceChildren(el("span", "sh-visually-hidden", "Fel: "), document.createTextNode(message));
      box.hidden = false;
      described.setAttribute("aria-describedby", [...base, box.id].join(" "));
      if (invalidTarget) invalidTarget.setAttribute("aria-invalid", "true");
      component.el.classList.add("sh-field-error");
      component.error = message;
    };
    component.clearError = () => {
      box.hidden = true;
      box.replaceChildren();
      if (base.length) described.setAttribute("aria-describedby", base.join(" "));
      else described.removeAttribute("aria-describedby");
      if (invalidTarget) invalidTarget.removeAttribute("aria-invalid");
      component.el.classList.remove("sh-field-error");
      component.error = null;
    };
    return component;
  }

  /** The common check of one value: characters, then the schema, then the field's own rule. */
  function checkValue(component, value) {
    const strings = [value].flat().filter((v) => typeof v === "string");
    for (const text of strings) {
      const bad = text.match(REFUSED);
      if (bad) {
        const code = bad[0].codePointAt(0).toString(16).toUpperCase().padStart(4, "0");
        const message = `texten innehåller ett osynligt tecken (U+${code}); skriv om den utan tecknet`;
        return formatMessage(component, message);
      }
      if (typeof text.isWellFormed === "function" && !text.isWellFormed())
        return formatMessage(component, "texten innehåller ett trasigt tecken; skriv om den");
    }
    const problems = S.errors(component.spec.raw, value);
    if (problems.length) {
      const first = problems[0];
      const format = component.format && FORMAT_MESSAGES[component.format];
      const where = first.path.length ? `rad ${first.path[0] + 1}: ` : "";
      if (format && (first.keyword === "pattern" || first.keyword === "type")) return formatMessage(component, format);
      return formatMessage(component, where + first.message);
    }
    return component.extraCheck ? component.extraCheck(value) : null;
  }

  function leafValidate(component) {
    return (report, required) => {
      const value = component.read();
      if (value === undefined) {
        if (required) report(component, requiredMessage(component));
        return;
      }
      const problem = checkValue(component, value);
      if (problem) report(component, problem);
    };
  }

  // --- Leaf fields ---

  function inputFormat(spec) {
    if (spec.key === "id" && spec.path === "id") return "id";
    if (spec.ref === "date") return "date";
    if (spec.key === "email") return "email";
    if ((spec.node.pattern || "").startsWith("^https://")) return "url";
    return null;
  }

  function makeInput(spec, amount) {
    const input = el("input", "sh-input");
    input.autocomplete = "off";
    const format = amount ? "amount" : inputFormat(spec);
    // type=email and type=url would let the browser rewrite the text (an IDN domain to
    // punycode); a text field with the matching keyboard keeps what the source says.
    input.type = spec.key === "phone" ? "tel" : "text";
    if (format === "email" || format === "url") input.inputMode = format;
    if (format === "date") {
      input.inputMode = "numeric";
      input.classList.add("sh-input-short");
    }
    if (amount) {
      // A text field with a numeric keyboard (GOV.UK's advice): type=number would drop "750 000".
      input.inputMode = "numeric";
      input.classList.add("sh-input-short");
    }
    if (format) {
      input.spellcheck = false;
      input.setAttribute("autocapitalize", "none");
    }
    const { wrap, hint, box } = labelledField(spec, input, FORMAT_HINTS[format]);
    const component = { ...spec.base, el: wrap, control: input, focusId: input.id, format };
    component.read = () => {
      const text = cleanText(input.value, false);
      if (text === undefined || !amount) return text;
      const digits = text.replace(/[\s\u00a0\u202f]/g, "").replace(/kr\.?$/i, "");
      if (/^[0-9]{1,15}$/.test(digits)) return Number(digits);
      return text; // not a whole number: the schema check reports it with FORMAT_MESSAGES.amount
    };
    if (format === "date") {
      component.extraCheck = (value) =>
        realDate(value) ? null : formatMessage(component, `${value} är inget riktigt datum; kontrollera månad och dag`);
    }
    if (format === "id") {
      const taken = (value) =>
        `det finns redan ett projekt med id ${value} i handboken; ` +
        "ändra id, eller skicka en rättning av det projektet i stället";
      component.extraCheck = (value) => (takenIds.has(value) ? formatMessage(component, taken(value)) : null);
    }
    component.validate = leafValidate(component);
    return withError(component, input, hint, box, input);
  }

  // A labelled control with its hint and error box, as every single-control field needs.
  function labelledField(spec, control, extraHint) {
    control.id = spec.id;
    control.name = spec.id;
    if (spec.mark === MARKS.required) control.setAttribute("aria-required", "true");
    const wrap = el("div", "sh-field");
    const label = el("label", "sh-label");
    label.htmlFor = control.id;
    labelText(label, spec);
    const hint = hintFor(spec, extraHint);
    const box = errorBox(spec);
    wrap.append(label, ...(hint ? [hint] : []), box, control);
    return { wrap, hint, box };
  }

  function makeTextarea(spec, mode) {
    const area = el("textarea", "sh-textarea");
    area.rows = mode === "text" ? 6 : 5;
    const { wrap, hint, box } = labelledField(spec, area);
    const component = { ...spec.base, el: wrap, control: area, focusId: area.id };
    component.read = () => {
      const text = cleanText(area.value, true);
      if (text === undefined || mode === "text") return text;
      const lines = text.split("\n").map((line) => line.trim()).filter(Boolean);
      if (mode === "lines") return lines;
      // expected_results: running text, or a list when every line starts with a dash.
      const bullet = /^[-–•*]\s+/;
      if (lines.length && lines.every((line) => bullet.test(line)))
        return lines.map((line) => line.replace(bullet, "").trim()).filter(Boolean);
      return text;
    };
    component.validate = leafValidate(component);
    return withError(component, area, hint, box, area);
  }

  function makeSelect(spec) {
    const select = el("select", "sh-select");
    select.append(el("option", "", `Välj ${lowerFirst(spec.label)}`));
    select.options[0].value = "";
    const fixed = CHOICES[spec.path];
    const terms = fixed
      ? Object.entries(fixed).map(([id, label]) => ({ id, label }))
      : vocabularies[spec.node["x-vocabulary"]] || [];
    for (const term of terms) {
      const option = el("option", "", term.label);
      option.value = term.id;
      select.append(option);
    }
    const { wrap, hint, box } = labelledField(spec, select);
    const component = { ...spec.base, el: wrap, control: select, focusId: select.id, choose: true };
    component.read = () => select.value || undefined;
    component.validate = leafValidate(component);
    return withError(component, select, hint, box, select);
  }

  function makeChoices(spec) {
    const fieldset = el("fieldset", "sh-field sh-choices");
    fieldset.id = `${spec.id}-group`;
    const legend = el("legend", "sh-label");
    labelText(legend, spec);
    const hint = hintFor(spec);
    const box = errorBox(spec);
    const list = el("div", "sh-choice-list");
    const boxes = [];
    for (const [index, term] of (vocabularies[spec.node["x-vocabulary"]] || []).entries()) {
      const row = el("div", "sh-choice");
      const input = el("input");
      input.type = "checkbox";
      input.id = `${spec.id}-${index + 1}`;
      input.name = spec.id;
      input.value = term.id;
      const label = el("label", "", term.label);
      label.htmlFor = input.id;
      row.append(input, label);
      list.append(row);
      boxes.push({ input, term });
    }
    const tools = spec.node["x-vocabulary"] === "municipality" ? groupByCounty(spec, list, boxes) : [];
    fieldset.append(legend, ...(hint ? [hint] : []), box, ...tools, list);
    const component = { ...spec.base, el: fieldset, focusId: boxes[0]?.input.id || fieldset.id, choose: true, boxes };
    component.read = () => {
      const chosen = boxes.filter((b) => b.input.checked).map((b) => b.term.id);
      return chosen.length ? chosen : undefined;
    };
    component.validate = leafValidate(component);
    return withError(component, fieldset, hint, box, null);
  }

  /**
   * The 290 kommuner: grouped by län, narrowed to the län chosen under Län (a kommun already
   * ticked always stays), and a search box that finds a name as you type ("gavle" finds Gävle).
   * Returns the controls to put above the list.
   */
  function groupByCounty(spec, list, boxes) {
    const fold = (text) =>
      text
        .normalize("NFD")
        .replace(/[\u0300-\u036f]/g, "")
        .toLowerCase();
    const groups = [];
    const byCounty = new Map();
    for (const county of vocabularies.region || []) {
      const group = el("div", "sh-choice-county");
      group.setAttribute("role", "group");
      const name = el("p", "sh-choice-county-name", county.label);
      name.id = `${spec.id}-lan-${county.id}`;
      group.setAttribute("aria-labelledby", name.id);
      const inner = el("div", "sh-choice-list");
      group.append(name, inner);
      const entry = { county, group, inner, rows: [] };
      groups.push(entry);
      byCounty.set(county.id, entry);
    }
    list.className = "sh-choice-counties";
    list.replaceChildren();
    for (const { input, term } of boxes) {
      const entry = byCounty.get(term.region);
      if (!entry) continue;
      entry.inner.append(input.parentElement);
      entry.rows.push({ row: input.parentElement, input, text: fold(term.label) });
    }
    for (const entry of groups) if (entry.rows.length) list.append(entry.group);
    const find = el("div", "sh-choice-find");
    const label = el("label", "sh-label", "Sök kommun");
    const finder = el("input", "sh-input");
    finder.type = "search";
    finder.id = `${spec.id}-find`;
    finder.autocomplete = "off";
    label.htmlFor = finder.id;
    const allRow = el("div", "sh-choice");
    const all = el("input");
    all.type = "checkbox";
    all.id = `${spec.id}-all`;
    const allLabel = el("label", "", "Visa kommuner i alla län");
    allLabel.htmlFor = all.id;
    allRow.append(all, allLabel);
    const count = el("p", "sh-hint");
    count.setAttribute("aria-live", "polite");
    find.append(label, finder, allRow, count);
    function refilter() {
      const query = fold(finder.value.trim());
      const chosen = all.checked ? new Set() : new Set(registry.get("regions")?.read() || []);
      let shown = 0;
      for (const entry of groups) {
        let any = false;
        for (const { row, input, text } of entry.rows) {
          const visible =
            input.checked || ((!chosen.size || chosen.has(entry.county.id)) && (!query || text.includes(query)));
          row.hidden = !visible;
          any ||= visible;
          if (visible) shown += 1;
        }
        entry.group.hidden = !any;
      }
      allRow.hidden = !(registry.get("regions")?.read() || []).length;
      count.textContent = `${shown} av ${boxes.length} kommuner visas${chosen.size ? ", i de län du har valt" : ""}.`;
    }
    finder.addEventListener("input", refilter);
    finder.addEventListener("keydown", (event) => {
      if (event.key === "Enter") event.preventDefault(); // finding a kommun is not sending the form
    });
    // Ticking a län narrows the list; ticking a kommun does not move the list under the reader's hand.
    root.addEventListener("change", (event) => {
      if (!list.contains(event.target)) refilter();
    });
    queueMicrotask(refilter);
    return [find];
  }

  function makeBoolean(spec) {
    const input = el("input");
    input.type = "checkbox";
    input.id = spec.id;
    input.name = spec.id;
    const wrap = el("div", "sh-field sh-boolean");
    const label = el("label", "sh-label");
    label.htmlFor = input.id;
    labelText(label, spec);
    const hint = hintFor(spec);
    const box = errorBox(spec);
    const row = el("div", "sh-choice");
    row.append(input, label);
    wrap.append(row, ...(hint ? [hint] : []), box);
    const component = { ...spec.base, el: wrap, control: input, focusId: input.id };
    component.read = () => (input.checked ? true : undefined);
    component.validate = leafValidate(component);
    return withError(component, input, hint, box, null);
  }

  // --- Groups ---

  function legendWith(spec, depth) {
    const legend = el("legend", "sh-legend");
    const heading = el(depth <= 1 ? "h2" : "h3");
    labelText(heading, spec);
    legend.append(heading);
    return legend;
  }

  /** An object: a fieldset with its properties, or (for list items and the form) the given container. */
  function makeGroup(spec, container) {
    const node = spec.node;
    const wrap = container || el("fieldset", "sh-field sh-group");
    const component = { ...spec.base, el: wrap, children: [] };
    let box = null;
    let hint = null;
    if (!container) {
      wrap.append(legendWith(spec, spec.depth));
      hint = hintFor(spec);
      if (hint) wrap.append(hint);
    }
    if (node.oneOf && spec.depth > 0) {
      box = errorBox(spec);
      wrap.append(box);
    }
    const required = new Set(node.required || []);
    for (const [key, raw] of Object.entries(node.properties || {})) {
      const path = spec.path ? `${spec.path}.${key}` : key;
      const child = build({
        key,
        raw,
        path,
        id: `${spec.id || "sh-f"}-${key.replace(/_/g, "-")}`,
        parent: component,
        depth: spec.depth + 1,
        mark: required.has(key)
          ? spec.required && !spec.inList
            ? MARKS.required
            : MARKS.inGroup
          : ALSO_REQUIRED.has(path)
            ? MARKS.wanted
            : "",
        required: required.has(key),
        inList: spec.inList,
      });
      component.children.push(child);
      wrap.append(child.el);
      if (!spec.inList) registry.set(path, child);
    }
    component.focusId = component.children[0]?.focusId;
    component.read = () => {
      const value = {};
      for (const child of component.children) {
        const item = child.read();
        if (item !== undefined) value[child.key] = item;
      }
      return Object.keys(value).length ? value : undefined;
    };
    component.validate = (report, required) => {
      const value = component.read();
      const present = value !== undefined;
      for (const child of component.children) child.validate(report, (present || required) && child.required);
      if (present && node.oneOf && !component.children.some((c) => c.error)) {
        if (S.errors({ oneOf: node.oneOf }, value).length) {
          const names = node.oneOf.flatMap((branch) => branch.required || []);
          const labels = names.map((name) => lowerFirst(labelOf(`${spec.path}.${name}`, name)));
          const text = `fyll i ${labels.join(" eller ")}, men inte båda`;
          const ctx = component.context ? component.context() : context(component);
          report(component, ctx ? `${ctx}: ${text}` : upperFirst(text));
        }
      }
    };
    if (box) return withError(component, wrap, null, box, null);
    component.showError = () => {};
    component.clearError = () => {};
    return component;
  }

  /** A list of objects with "add another" and "remove" buttons. */
  function makeRepeat(spec) {
    const info = ITEMS[spec.path] || { one: "post", add: "Lägg till en post" };
    const itemRaw = S.resolve(spec.node.items).node;
    const fieldset = el("fieldset", "sh-field sh-group sh-repeat");
    fieldset.append(legendWith(spec, spec.depth));
    const hint = hintFor(spec);
    if (hint) fieldset.append(hint);
    const box = errorBox(spec);
    const list = el("div", "sh-repeat-items");
    const add = el("button", "sh-button sh-button-secondary", info.add);
    add.type = "button";
    add.id = `${spec.id}-add`;
    fieldset.append(box, list, add);
    const component = { ...spec.base, el: fieldset, items: [], focusId: add.id };
    let serial = 0; // numbers DOM ids; never reused, unlike the numbers people see

    function renumber() {
      component.items.forEach((item, index) => {
        item.number = index + 1;
        item.legend.textContent = `${upperFirst(info.one)} ${index + 1}`;
        item.remove.textContent = `Ta bort ${info.one} ${index + 1}`;
      });
    }

    function addItem(focus) {
      serial += 1;
      const itemEl = el("fieldset", "sh-repeat-item");
      const legend = el("legend", "sh-item-legend");
      itemEl.append(legend);
      const item = { legend };
      const group = makeGroup(
        {
          key: "",
          raw: itemRaw,
          node: itemRaw,
          path: spec.path,
          id: `${spec.id}-${serial}`,
          depth: spec.depth + 1,
          inList: true,
          base: { key: "", parent: component, context: () => legend.textContent, label: "" },
        },
        itemEl,
      );
      const remove = el("button", "sh-button sh-button-link");
      remove.type = "button";
      itemEl.append(remove);
      Object.assign(item, { group, remove, el: itemEl });
      remove.addEventListener("click", () => {
        const gone = legend.textContent;
        component.items.splice(component.items.indexOf(item), 1);
        itemEl.remove();
        renumber();
        add.focus();
        announce(`${gone} är borttagen.`);
      });
      component.items.push(item);
      list.append(itemEl);
      renumber();
      if (focus) {
        document.getElementById(group.focusId)?.focus();
        announce(`${legend.textContent} är tillagd.`);
      }
    }

    add.addEventListener("click", () => addItem(true));
    addItem(false);
    component.read = () => {
      const values = component.items.map((item) => item.group.read()).filter((v) => v !== undefined);
      return values.length ? values : undefined;
    };
    component.validate = (report, required) => {
      for (const item of component.items) item.group.validate(report, false);
      const value = component.read();
      if (value === undefined && required) report(component, requiredMessage(component));
    };
    component.allComponents = () => component.items.map((item) => item.group);
    return withError(component, fieldset, hint, box, null);
  }

  /** The spec with its resolved schema node, its label and the fields every component starts from. */
  function prepare(spec) {
    const { node, ref } = S.resolve(spec.raw);
    const label = labelOf(spec.path, spec.key);
    const full = { ...spec, node, ref, label };
    full.base = { key: spec.key, parent: spec.parent, label, required: spec.required, spec: full };
    return full;
  }

  function build(spec) {
    const full = prepare(spec);
    const { node, ref } = full;
    if (node["x-vocabulary"]) return node.type === "array" ? makeChoices(full) : makeSelect(full);
    if (CHOICES[full.path]) return makeSelect(full);
    if (node.type === "boolean") return makeBoolean(full);
    if (node.type === "object") return makeGroup(full);
    if (node.type === "array")
      return S.resolve(node.items).node.type === "object" ? makeRepeat(full) : makeTextarea(full, "lines");
    if (!node.type && node.oneOf) return makeTextarea(full, "results");
    if (node.type === "integer" || node.type === "number") return makeInput(full, true);
    if (ref === "text" || (node.maxLength || 0) > 2000) return makeTextarea(full, "text");
    return makeInput(full, false);
  }

  // --- The page ---

  const summary = el("div", "sh-error-summary");
  summary.id = "sh-error-summary";
  summary.tabIndex = -1;
  summary.hidden = true;
  summary.setAttribute("aria-labelledby", "sh-error-summary-title");
  const summaryTitle = el("h2", "sh-error-summary-title", "Det finns fel i formuläret");
  summaryTitle.id = "sh-error-summary-title";
  const summaryList = el("ul", "sh-error-summary-list");
  summary.append(summaryTitle, summaryList);

  const form = el("form", "sh-project-form");
  form.noValidate = true;
  form.id = "sh-project-form";
  form.setAttribute("aria-label", "Nytt projekt");
  form.append(
    el(
      "p",
      "sh-form-intro",
      "Fält märkta (krävs) måste fyllas i. Fält märkta (krävs om du fyller i gruppen) behövs bara om du fyller i " +
        "något annat i samma grupp, till exempel en kontaktperson. Fyll i resten om källan anger det.",
    ),
  );
  const rootSpec = { key: "", raw: data.schema, path: "", id: "", depth: 0, inList: false, required: true };
  const rootGroup = makeGroup(prepare(rootSpec), form); // the form itself is the top-level group
  const submit = el("button", "sh-button", "Skapa filen");
  submit.type = "submit";
  form.append(submit);

  const result = el("section", "sh-form-result");
  result.id = "sh-form-result";
  result.hidden = true;
  result.setAttribute("aria-labelledby", "sh-result-title");
  const resultTitle = el("h2", "", "Filen är klar");
  resultTitle.id = "sh-result-title";
  resultTitle.tabIndex = -1;
  const stale = el(
    "p",
    "sh-form-stale",
    "Du har ändrat i formuläret efter att filen skapades. Tryck på Skapa filen igen för att få med ändringarna.",
  );
  stale.hidden = true;
  const resultText = el("p");
  const notesTitle = el("p", "sh-form-notes-title", "Kontrollera mot källan innan du skickar filen:");
  const notes = el("ul", "sh-form-notes");
  const yamlLabel = el("label", "sh-label", "Innehållet i filen");
  yamlLabel.htmlFor = "sh-yaml";
  const yamlBox = el("textarea", "sh-textarea sh-yaml");
  yamlBox.id = "sh-yaml";
  yamlBox.readOnly = true;
  yamlBox.rows = 18;
  yamlBox.spellcheck = false;
  const actions = el("div", "sh-form-actions");
  const copy = el("button", "sh-button", "Kopiera");
  copy.type = "button";
  copy.id = "sh-copy";
  const download = el("button", "sh-button sh-button-secondary", "Ladda ned");
  download.type = "button";
  download.id = "sh-download";
  actions.append(copy, download);
  const copyStatus = el("p", "sh-copy-status");
  copyStatus.setAttribute("role", "status");
  result.append(resultTitle, stale, resultText, notesTitle, notes, yamlLabel, yamlBox, actions, copyStatus);

  const pageTitle = document.title;
  root.append(status, summary, form, result);

  // --- Behaviour ---

  const idField = registry.get("id");
  const titleField = registry.get("title");
  if (idField && titleField) {
    let edited = false;
    idField.control.addEventListener("input", () => {
      edited = idField.control.value.trim() !== "";
    });
    titleField.control.addEventListener("input", () => {
      if (!edited) idField.control.value = slug(titleField.control.value);
    });
  }

  function everyComponent() {
    const all = [];
    const walk = (component) => {
      all.push(component);
      for (const child of component.children || []) walk(child);
      for (const child of component.allComponents ? component.allComponents() : []) walk(child);
    };
    walk(rootGroup);
    return all;
  }

  /** Rules of `nox -s check` beyond the schema that the form can settle before the file exists. */
  function crossChecks(report, value) {
    const regions = registry.get("regions");
    const national = registry.get("national");
    const municipalities = registry.get("municipalities");
    const methods = registry.get("methods");
    const chosen = new Set(value.regions || []);
    if (regions && national) {
      if (!value.national && !chosen.size)
        report(regions, "Välj minst ett län, eller kryssa i att projektet gäller hela landet");
      if (value.national && chosen.size)
        report(
          regions,
          "Ett projekt som gäller hela landet har inga län; ta bort kryssen under Län eller kryssan för hela landet",
        );
    }
    if (municipalities && regions) {
      const terms = new Map((vocabularies.municipality || []).map((t) => [t.id, t]));
      const names = new Map((vocabularies.region || []).map((t) => [t.id, t.label]));
      for (const id of value.municipalities || []) {
        const term = terms.get(id);
        if (term && term.region && !chosen.has(term.region)) {
          const county = names.get(term.region) || term.region;
          report(municipalities, `${term.label} ligger i ett län som inte är valt; välj ${county} under Län också`);
          break;
        }
      }
    }
    if (methods && !(value.methods || []).length) report(methods, "Välj minst en metod");
  }

  function warnings(value) {
    const found = [];
    const budget = value.budget || {};
    if (Number.isInteger(budget.support) && Number.isInteger(budget.total) && budget.support > budget.total)
      found.push(`Stödet (${budget.support} kr) är större än totalbudgeten (${budget.total} kr).`);
    const period = value.period || {};
    if (period.start && period.end && period.end < period.start) found.push("Slutdatum ligger före startdatum.");
    return found;
  }

  /** Move focus to *target* and show *top* at the top of the window at once (the theme scrolls smoothly). */
  function jumpTo(target, top) {
    target.focus({ preventScroll: true });
    top.scrollIntoView({ block: "start", behavior: "instant" });
  }

  function showSummary(errors) {
    summaryList.replaceChildren();
    for (const { component, message } of errors) {
      const item = el("li");
      if (component && component.focusId) {
        const link = el("a", "", message);
        link.href = `#${component.focusId}`;
        item.append(link);
      } else {
        item.textContent = message;
      }
      summaryList.append(item);
    }
    summary.hidden = false;
    document.title = `Fel: ${pageTitle}`;
    jumpTo(summary, summary);
  }

  summary.addEventListener("click", (event) => {
    const link = event.target.closest("a");
    if (!link) return;
    const target = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (!target) return;
    event.preventDefault();
    const field = target.closest(".sh-field");
    jumpTo(target, field?.querySelector("legend, label") || target);
  });

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    for (const component of everyComponent()) component.clearError();
    const errors = [];
    const report = (component, message) => {
      if (component.error) return;
      component.showError(message);
      errors.push({ component, message });
    };
    rootGroup.validate(report, true);
    const value = rootGroup.read() || {};
    crossChecks(report, value);
    if (!errors.length) {
      // The whole file against the whole schema: a last guard if a field let something through.
      for (const problem of S.errors(data.schema, value))
        errors.push({ component: null, message: `${problem.path.join(".") || "filen"}: ${problem.message}` });
    }
    if (errors.length) {
      const position = (a, b) => {
        if (!a.component || !b.component) return (a.component ? 0 : 1) - (b.component ? 0 : 1);
        if (a.component.el === b.component.el) return 0;
        return a.component.el.compareDocumentPosition(b.component.el) & Node.DOCUMENT_POSITION_PRECEDING ? 1 : -1;
      };
      errors.sort(position);
      result.hidden = true;
      showSummary(errors);
      return;
    }
    summary.hidden = true;
    document.title = pageTitle;
    showResult(value);
  });

  function showResult(value) {
    const name = `${value.id}.yaml`;
    const publisher = data.publisher || {};
    const to = publisher.contact ? el("a", "", publisher.name || "handbokens utgivare") : null;
    if (to) to.href = publisher.contact;
    resultText.replaceChildren(
      document.createTextNode(`Spara texten som ${name}. Skicka filen till `),
      to || document.createTextNode(publisher.name || "handbokens utgivare"),
      document.createTextNode(", eller lägg den i mappen projects/ och kontrollera den med nox -s check."),
    );
    const found = warnings(value);
    notes.replaceChildren(...found.map((text) => el("li", "", text)));
    notesTitle.hidden = notes.hidden = !found.length;
    yamlLabel.textContent = `Innehållet i ${name}`;
    yamlBox.value = toYaml(value);
    download.textContent = `Ladda ned ${name}`;
    download.dataset.filename = name;
    copyStatus.textContent = "";
    stale.hidden = true;
    result.hidden = false;
    jumpTo(resultTitle, resultTitle);
  }

  form.addEventListener("input", () => {
    if (!result.hidden) stale.hidden = false;
  });

  copy.addEventListener("click", async () => {
    copyStatus.textContent = "";
    try {
      if (!navigator.clipboard || !window.isSecureContext) throw new Error("no clipboard");
      await navigator.clipboard.writeText(yamlBox.value);
      copyStatus.textContent = "Texten är kopierad. Klistra in den i en ny fil.";
    } catch {
      yamlBox.focus();
      yamlBox.select();
      copyStatus.textContent = "Texten är markerad. Kopiera den med Ctrl+C (Cmd+C på Mac).";
    }
  });

  download.addEventListener("click", () => {
    const blob = new Blob([yamlBox.value], { type: "application/yaml;charset=utf-8" });
    const url = URL.createObjectURL(blob);
    const link = el("a");
    link.href = url;
    link.download = download.dataset.filename || "projekt.yaml";
    document.body.append(link);
    link.click();
    link.remove();
    window.setTimeout(() => URL.revokeObjectURL(url), 1000);
  });

  root.dataset.ready = "true";
}

const dataElement = document.getElementById("sh-form-data");
const formRoot = document.getElementById("sh-form-root");
if (dataElement && formRoot) createForm(formRoot, JSON.parse(dataElement.textContent));
