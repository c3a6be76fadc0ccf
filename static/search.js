// Territory search: a combobox over /api/territories?q=, by name (accents
// and case ignored) or INSEE/SIREN code; arrows move, Enter picks, Escape
// closes. Picking flies to the territory and opens its portrait.
import { getJSON, query } from "./api.js";
import { escapeHTML, number, label } from "./format.js";

const DELAY_MS = 180;

export function setupSearch({ vocabulary, onPick, onError }) {
  const input = document.getElementById("recherche");
  const list = document.getElementById("recherche-resultats");
  let results = [];
  let active = -1;
  let timer = 0;
  let controller = null;
  const levelLabel = (l) => label(vocabulary, "levels", l);

  const close = () => {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  };
  const highlight = (i) => {
    active = i;
    [...list.children].forEach((li, j) => li.setAttribute("aria-selected", String(j === i)));
    if (i >= 0) input.setAttribute("aria-activedescendant", `resultat-${i}`);
  };
  const pick = (i) => {
    const t = results[i];
    if (!t) return;
    input.value = t.name;
    close();
    onPick(t);
  };
  const show = () => {
    if (!results.length) {
      list.innerHTML = `<li role="option" aria-disabled="true">Aucun territoire trouvé</li>`;
    } else {
      list.innerHTML = results.map((t, i) => `<li role="option" id="resultat-${i}" data-code="${escapeHTML(t.code)}" data-niveau="${t.level}">
        ${escapeHTML(t.name)} <small>${escapeHTML(levelLabel(t.level))} ${escapeHTML(t.code)}${t.population ? ` · ${number(t.population, 0)} hab.` : ""}</small></li>`).join("");
    }
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    highlight(results.length ? 0 : -1);
  };
  const run = async () => {
    const q = input.value.trim();
    controller?.abort();
    if (!q) {
      close();
      return;
    }
    controller = new AbortController();
    try {
      const r = await getJSON(`/api/territories${query({ q, limit: 10 })}`, { what: "la recherche", signal: controller.signal });
      results = r.territories;
      show();
    } catch (e) {
      if (e.name !== "AbortError") onError(e);
    }
  };

  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(run, DELAY_MS);
  });
  input.addEventListener("keydown", (e) => {
    if (e.key === "ArrowDown" && results.length) {
      e.preventDefault();
      if (list.hidden) show();
      else highlight((active + 1) % results.length);
    } else if (e.key === "ArrowUp" && results.length) {
      e.preventDefault();
      highlight((active - 1 + results.length) % results.length);
    } else if (e.key === "Enter") {
      e.preventDefault();
      if (!list.hidden && active >= 0) pick(active);
      else run();
    } else if (e.key === "Escape") {
      close();
    }
  });
  list.addEventListener("mousedown", (e) => {
    const li = e.target.closest("li[id]");
    if (li) {
      e.preventDefault();
      pick(Number(li.id.replace("resultat-", "")));
    }
  });
  input.addEventListener("blur", () => setTimeout(close, 150));
}
