// The control panel's choices: the selects filled from the vocabulary and
// the catalogue, the year slider, the view and the layers, each change
// written into the state and handed on (onChange: redraw; onYear: the
// side panel follows the year too).
import { METHODS, CLASS_COUNTS } from "./state.js";

const $ = (id) => document.getElementById(id);

function fillSelect(select, items, selected) {
  for (const it of items) select.add(new Option(it.label, it.code));
  select.value = selected;
}

// yearRange is the years the slider offers: from the partnerships' first
// start (their collection's temporal extent) to this year.
export function yearRange(collection) {
  const last = new Date().getFullYear();
  const first = Number((collection.extent?.temporal?.interval?.[0]?.[0] || "").slice(0, 4));
  return { first: Number.isInteger(first) && first > 1900 && first <= last ? first : last, last };
}

export function setupControls({ state, vocabulary, indicators, years, domainLabel, onChange, onYear }) {
  fillSelect($("indicateur"), indicators.map((i) => ({ code: i.id, label: i.label })), state.indicator);
  fillSelect($("methode"), METHODS, state.method);
  fillSelect($("classes"), CLASS_COUNTS.map((k) => ({ code: String(k), label: String(k) })), String(state.k));
  fillSelect($("ecart"), vocabulary.domains, state.gapDomain);
  fillSelect($("type"), vocabulary.kinds, state.kind);
  fillSelect($("categorie"), vocabulary.categories, state.category);
  fillSelect($("domaine"), vocabulary.domains, state.domain);
  fillSelect($("echelle"), vocabulary.scales, state.scale);
  fillSelect($("etape"), vocabulary.stages, state.stage);

  // The year slider: its rightmost position, after this year, stands for
  // today, what the API counts without datetime.
  const yearInput = $("annee");
  yearInput.min = String(years.first);
  yearInput.max = String(years.last + 1);
  yearInput.value = String(state.year ?? years.last + 1);
  const showYear = () => { $("annee-valeur").textContent = state.year ? String(state.year) : "aujourd’hui"; };
  showYear();
  for (const r of document.querySelectorAll('input[name="vue"]')) r.checked = r.value === state.view;
  for (const c of $("couches").querySelectorAll("input")) c.checked = state.layers.has(c.value);
  const showView = () => {
    for (const el of document.querySelectorAll("[data-vue]")) el.hidden = el.dataset.vue !== state.view;
  };
  showView();
  if (window.matchMedia("(max-width: 700px)").matches) $("commandes").open = false;

  const select = (id, field, parse = (v) => v) => $(id).addEventListener("change", (e) => {
    state[field] = parse(e.target.value);
    onChange();
  });
  select("indicateur", "indicator");
  select("methode", "method");
  select("classes", "k", Number);
  select("type", "kind");
  select("categorie", "category");
  select("domaine", "domain");
  select("echelle", "scale");
  select("etape", "stage");
  $("ecart").addEventListener("change", (e) => {
    state.gapDomain = e.target.value;
    state.gapDomainLabel = domainLabel(state.gapDomain);
    onChange();
  });
  yearInput.addEventListener("input", () => {
    const y = Number(yearInput.value);
    state.year = y <= years.last ? y : null;
    showYear();
  });
  yearInput.addEventListener("change", () => {
    onChange();
    onYear();
  });
  for (const r of document.querySelectorAll('input[name="vue"]')) {
    r.addEventListener("change", () => {
      state.view = r.value;
      showView();
      onChange();
    });
  }
  $("couches").addEventListener("change", (e) => {
    if (e.target.checked) state.layers.add(e.target.value);
    else state.layers.delete(e.target.value);
    onChange({ keepPopup: true });
  });
}
