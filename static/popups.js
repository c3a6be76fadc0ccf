// Click popups: an actor with its partners, an alliance with its members,
// a territory with its value. Built as HTML strings from escaped text.
import { getJSON, query, BoundedCache } from "./api.js";
import { yearInterval } from "./state.js";
import { number, withUnit, escapeHTML, label, term } from "./format.js";

// PARTNERS_SHOWN bounds the partners a popup lists: it says how many more
// there are.
const PARTNERS_SHOWN = 12;

// clickRequests aborts the requests of the previous click's popup: one
// popup is shown at a time, and an answer must never land under the name
// of the feature clicked after it.
let clickRequests = new AbortController();

// cancelPopupRequests aborts what the last popup still waits for: called
// on every click and when the popup closes.
export function cancelPopupRequests() {
  supersede();
}

function supersede() {
  clickRequests.abort();
  clickRequests = new AbortController();
  return clickRequests.signal;
}

// ignoreAbort passes every failure but a superseded request's to onError.
const ignoreAbort = (onError) => (e) => {
  if (e.name !== "AbortError") onError(e);
};

export function territoryHTML(props, legend, levelLabel) {
  let line = "";
  if (legend?.kind === "indicateur") {
    const ind = legend.indicator;
    line = `<p>${escapeHTML(ind.label)} : <strong>${withUnit(props.valeur, ind.unit)}</strong>
      <small>(France : ${withUnit(legend.breaks.national, ind.unit)})</small></p>`;
  } else if (legend?.kind === "ecarts") {
    const [f, c] = (props.ecart || "").split("-");
    line = props.ecart ? `<p>Fragilité ${f}/3, couverture ${c}/3 (${escapeHTML(legend.domainLabel)})</p>` : "<p>Pas d'écart calculé.</p>";
  }
  return `<div class="popup"><h3>${escapeHTML(props.name)}</h3>
    <p>${escapeHTML(levelLabel)} ${escapeHTML(props.code)} · ${number(props.population, 0)} habitants</p>${line}
    <p><small>Le portrait s'ouvre à droite.</small></p></div>`;
}

export function allianceHTML(props, vocabulary) {
  let members = props.member_list;
  if (typeof members === "string") members = JSON.parse(members); // MapLibre flattens nested values
  const stake = label(vocabulary, "domains", props.stake);
  const list = (members || []).map((m) => `<li>${escapeHTML(m.name)} <small>(${escapeHTML(m.role)})</small></li>`).join("");
  return `<div class="popup" data-alliance="${props.id ?? ""}"><h3>${escapeHTML(props.name)}</h3>
    <p>Enjeu : ${escapeHTML(stake)}${props.start_year ? ` · depuis ${props.start_year}` : ""}${props.members ? ` · ${props.members} membres de ${props.worlds} mondes` : ""}</p><ul>${list}</ul></div>`;
}

// alliancePopup renders an alliance of the tiles at once, then its
// members (a list, which vector tiles cannot hold) from its item.
export function alliancePopup(popup, feature, vocabulary, onError) {
  const id = Number(feature.id);
  const signal = supersede();
  popup.setHTML(allianceHTML({ ...feature.properties, id }, vocabulary));
  getJSON(`/ogc/collections/alliances/items/${id}`, { what: "les membres de l'alliance", accept: "application/geo+json", signal })
    .then((f) => {
      if (!signal.aborted && popup.getElement()?.querySelector(`.popup[data-alliance="${id}"]`)) popup.setHTML(allianceHTML({ ...f.properties, id }, vocabulary));
    })
    .catch(ignoreAbort(onError));
}

// countsHTML lists the counts of a cell by code, in the vocabulary's order.
function countsHTML(props, entries) {
  return entries.filter((e) => props[e.code] > 0).map((e) => `<li>${escapeHTML(e.label)} : ${number(props[e.code], 0)}</li>`).join("");
}

// actorGroupHTML describes one cell of the actors' tiles (actor_cells).
export function actorGroupHTML(props, vocabulary) {
  return `<div class="popup" data-agregat="${props.count}"><h3>${number(props.count, 0)} acteurs</h3><ul>${countsHTML(props, vocabulary.kinds)}</ul>
    <p><small>Zoomez pour voir chaque acteur.</small></p></div>`;
}

// allianceGroupHTML describes one cell of the alliances' tiles
// (alliance_cells), by stake.
export function allianceGroupHTML(props, vocabulary) {
  return `<div class="popup" data-agregat-alliances="${props.count}"><h3>${number(props.count, 0)} alliances</h3><ul>${countsHTML(props, vocabulary.domains)}</ul>
    <p><small>Zoomez pour voir chaque alliance.</small></p></div>`;
}

// linkTipHTML is the hover tip of a link: its two ends and a detail.
export function linkTipHTML(a, b, detail, id = "") {
  return `<div class="popup" data-lien="${escapeHTML(String(id))}"><strong>${escapeHTML(a)}</strong> ↔ <strong>${escapeHTML(b)}</strong>${detail ? `<br><small>${escapeHTML(detail)}</small>` : ""}</div>`;
}

// partnershipEnds reads the names of a partnership's two actors, once per
// partnership (tiles carry ids, not names).
const endsCache = new BoundedCache(200);
export function partnershipEnds(id) {
  return endsCache.get(id, () => {
    // The item endpoint takes no property selection: whole features.
    const name = (actor) => getJSON(`/ogc/collections/actors/items/${Number(actor)}`,
      { what: "un acteur", accept: "application/geo+json" }).then((a) => a.properties.name);
    return getJSON(`/ogc/collections/partnerships/items/${Number(id)}`,
      { what: "un partenariat", accept: "application/geo+json" })
      .then((f) => Promise.all([name(f.properties.actor_a), name(f.properties.actor_b)]));
  });
}

// actorPopup renders an actor at once, then fills its partners in: one
// request, the partners named (/api/actors/{id}/partners).
// year, when set (the year slider's), keeps the partnerships active then.
export function actorPopup(popup, feature, vocabulary, onError, year = null) {
  const p = feature.properties;
  const kind = label(vocabulary, "kinds", p.kind, "singular");
  const id = Number(p.id ?? feature.id);
  const signal = supersede();
  popup.setHTML(`<div class="popup" data-acteur="${id}"><h3>${escapeHTML(p.name)}</h3>
    <p>${escapeHTML(kind)}${p.employees ? ` · ${number(p.employees, 0)} salariés` : ""} · commune ${escapeHTML(p.commune ?? "—")}</p>
    ${p.active === false ? `<p class="inactif">Inactif : fermé ou dissous (ses partenariats restent).</p>` : ""}
    <p class="partenaires" role="status">Partenaires : chargement…</p></div>`);
  getJSON(`/api/actors/${id}/partners${query({ limit: PARTNERS_SHOWN, datetime: yearInterval(year) })}`, { what: "les partenaires", signal })
    .then((doc) => {
      const scale = (c) => term(vocabulary, "scales", c);
      const domain = (c) => label(vocabulary, "domains", c);
      const items = doc.partners.map((l) => `<li data-echelle="${escapeHTML(l.scale)}" data-partenaire="${l.id}">
          <span class="case" style="display:inline-block;width:0.7em;height:0.7em;background:${scale(l.scale)?.color}"></span>
          ${escapeHTML(l.name || `acteur ${l.id}`)} <small>(${escapeHTML(domain(l.domain))}, ${escapeHTML(scale(l.scale)?.label ?? l.scale)}${l.active === false ? ", inactif" : ""})</small></li>`).join("");
      const more = doc.total > doc.partners.length ? `<p><small>et ${doc.total - doc.partners.length} autres</small></p>` : "";
      // Only this actor's popup, still open, takes its partners.
      const el = signal.aborted ? null : popup.getElement()?.querySelector(`.popup[data-acteur="${id}"] .partenaires`);
      if (!el) return;
      const plural = doc.total > 1 ? "s" : "";
      const when = year ? `en ${year}` : "aujourd’hui";
      el.outerHTML = doc.total ? `<p>${doc.total} partenariat${plural} actif${plural} ${when} :</p><ul>${items}</ul>${more}`
        : `<p>Aucun partenariat actif ${when}.</p>`;
    })
    .catch((e) => {
      if (e.name === "AbortError") return;
      const el = popup.getElement()?.querySelector(`.popup[data-acteur="${id}"] .partenaires`);
      if (el) el.textContent = "Partenaires indisponibles.";
      onError(e);
    });
}
