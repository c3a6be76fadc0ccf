// The choropleth: fragility indicators, or the gap view, at the level the
// zoom asks for. Régions and départements are polygons; EPCI and communes
// are points in the demo (their areas are not in the bundle), drawn as
// circles of the class colour sized by population. Values and breaks come
// from the API and are joined to the territories by code here; the class
// of a value follows geo.ClassOf exactly (upper bounds inclusive), so the
// map agrees with the counts /breaks gives.
import { getJSON, query, viewBBox, emptyCollection } from "./api.js";
import { number, withUnit, escapeHTML } from "./format.js";
import { METHODS } from "./state.js";

// Levels by zoom: each level's layers only exist between min and max.
const LEVELS = [
  { level: "region", collection: "regions", min: 0, max: 4.5, shape: "polygon" },
  { level: "departement", collection: "departements", min: 4.5, max: 6.5, shape: "polygon" },
  { level: "epci", collection: "epcis", min: 6.5, max: 8, shape: "point" },
  { level: "commune", collection: "communes", min: 8, max: 24, shape: "point", inView: true },
];
const LEVEL_NAMES = { region: "régions", departement: "départements", epci: "EPCI", commune: "communes" };
export const NO_DATA = "#d9d9d9";
// A commune view fetches at most this many points; more asks to zoom in.
const COMMUNES_PER_VIEW = 5000;
const TERRITORY_PROPS = "code,name,population,departement,region";

export function levelAt(zoom) {
  return LEVELS.find((l) => zoom >= l.min && zoom < l.max) ?? LEVELS[LEVELS.length - 1];
}

// classOf is geo.ClassOf: the first bound ≥ v closes v's class; -1 outside.
export function classOf(v, bounds) {
  if (typeof v !== "number" || Number.isNaN(v) || bounds.length < 2 || v < bounds[0] || v > bounds[bounds.length - 1]) return -1;
  let i = 0;
  while (bounds[i] < v) i++;
  return Math.max(i - 1, 0);
}

export class Choropleth {
  constructor(map, { onError, onNote }) {
    this.map = map;
    this.indicators = new Map(); // id → catalogue entry, set by setIndicators
    this.onError = onError;
    this.onNote = onNote;
    this.cache = new Map(); // url → promise of JSON
    this.territories = new Map(); // level → FeatureCollection (communes: the last view's)
    this.shown = new Map(); // level → FeatureCollection as drawn (with valeur, couleur)
    this.legend = null; // what the legend shows, for tests and export
    this.generation = 0;
    this.controller = null;
  }

  setIndicators(list) {
    this.indicators = new Map(list.map((i) => [i.id, i]));
  }

  // allTerritories reads every territory of a level drawn whole (région,
  // département): the base map uses the same download.
  allTerritories(level) {
    return this.territoriesOf(LEVELS.find((l) => l.level === level));
  }

  // addLayers adds a source and its layers per level, under beforeId;
  // initial gives a level's first data (the base map's régions and
  // départements: the base draws from these sources too, so the worker
  // tiles each geometry once).
  addLayers(beforeId, initial = {}) {
    for (const l of LEVELS) {
      const source = "choro-" + l.level;
      this.map.addSource(source, { type: "geojson", data: initial[l.level] ?? emptyCollection(), promoteId: "code" });
      const hover = ["boolean", ["feature-state", "survol"], false];
      if (l.shape === "polygon") {
        this.map.addLayer({
          id: source, type: "fill", source, minzoom: l.min, maxzoom: l.max,
          paint: { "fill-color": ["coalesce", ["get", "couleur"], NO_DATA], "fill-opacity": 0.85 },
        }, beforeId);
        this.map.addLayer({
          id: source + "-survol", type: "line", source, minzoom: l.min, maxzoom: l.max,
          paint: { "line-color": "#1d3557", "line-width": ["case", hover, 2.5, 0] },
        }, beforeId);
      } else {
        this.map.addLayer({
          id: source, type: "circle", source, minzoom: l.min, maxzoom: l.max,
          paint: {
            "circle-color": ["coalesce", ["get", "couleur"], NO_DATA],
            "circle-radius": ["interpolate", ["linear"], ["sqrt", ["coalesce", ["get", "population"], 0]],
              0, 2, 100, 5, 400, 11, 1500, 22],
            "circle-opacity": 0.85,
            "circle-stroke-color": ["case", hover, "#1d3557", "#ffffff"],
            "circle-stroke-width": ["case", hover, 2.5, 0.5],
          },
        }, beforeId);
      }
    }
  }

  layerIds() {
    return LEVELS.map((l) => "choro-" + l.level);
  }

  cached(url, what, accept) {
    if (!this.cache.has(url)) {
      const p = getJSON(url, { what, accept });
      p.catch(() => this.cache.delete(url)); // a failure is retried next time
      this.cache.set(url, p);
    }
    return this.cache.get(url);
  }

  // territoriesOf returns level's features: every one for the wider
  // levels (fetched once), the view's for communes.
  async territoriesOf(l, signal) {
    if (!l.inView) {
      return this.cached(`/ogc/collections/${l.collection}/items${query({ limit: 10000, properties: TERRITORY_PROPS })}`,
        `les ${LEVEL_NAMES[l.level]}`, "application/geo+json");
    }
    const bbox = viewBBox(this.map);
    const fc = await getJSON(`/ogc/collections/communes/items${query({ bbox, limit: COMMUNES_PER_VIEW, properties: TERRITORY_PROPS })}`,
      { what: "les communes", accept: "application/geo+json", signal });
    const matched = fc.numberMatched ?? fc.features.length;
    this.onNote("communes", matched > fc.features.length
      ? `${number(fc.features.length, 0)} communes sur ${number(matched, 0)} dans la vue : zoomez pour les voir toutes.` : "");
    return fc;
  }

  // refresh draws the level of the current zoom for state s; a newer call
  // makes an older one give up.
  async refresh(s) {
    const gen = ++this.generation;
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    const l = levelAt(this.map.getZoom());
    try {
      const [fc, paint] = await Promise.all([
        this.territoriesOf(l, controller.signal),
        s.view === "ecarts" ? this.gapPaint(l.level, s) : this.indicatorPaint(l.level, s),
      ]);
      if (gen !== this.generation) return;
      const features = fc.features.map((f) => {
        const code = f.properties.code;
        const props = { ...f.properties, ...paint.props(code) };
        return { type: "Feature", id: f.id, geometry: f.geometry, properties: props };
      });
      const drawn = { type: "FeatureCollection", features };
      this.shown.set(l.level, drawn);
      this.map.getSource("choro-" + l.level).setData(drawn);
      this.legend = paint.legend;
      this.legend.level = l.level;
      renderLegend(this.legend);
    } catch (e) {
      if (e.name !== "AbortError" && gen === this.generation) this.onError(e);
    }
  }

  async indicatorPaint(level, s) {
    const ind = this.indicators.get(s.indicator);
    const base = `/api/indicators/${encodeURIComponent(s.indicator)}`;
    const what = `les valeurs de « ${ind.label} »`;
    const [values, breaks] = await Promise.all([
      this.cached(`${base}/values${query({ level })}`, what),
      this.cached(`${base}/breaks${query({ level, method: s.method, k: s.k })}`, `les classes de « ${ind.label} »`),
    ]);
    return {
      props: (code) => {
        const v = values.values[code];
        const c = classOf(v, breaks.breaks);
        return { valeur: v ?? null, classe: c, couleur: c >= 0 ? breaks.colors[c] : NO_DATA };
      },
      legend: { kind: "indicateur", indicator: ind, breaks },
    };
  }

  async gapPaint(level, s) {
    const gaps = await this.cached(`/api/gaps${query({ level, domain: s.gapDomain, view: "classes" })}`, "les écarts de partenariat");
    return {
      props: (code) => {
        const c = gaps.classes[code];
        return { ecart: c ?? null, couleur: c ? gaps.colors[c] : NO_DATA };
      },
      legend: { kind: "ecarts", gaps, domainLabel: s.gapDomainLabel },
    };
  }
}

// renderLegend writes the legend box; each class carries its bounds and
// count as data attributes, which the browser tests compare with /breaks.
function renderLegend(lg) {
  const box = document.getElementById("legende-choro");
  if (lg.kind === "indicateur") {
    const { indicator: ind, breaks: b } = lg;
    const rows = b.counts.map((n, i) => `<li data-classe="${i}" data-min="${b.breaks[i]}" data-max="${b.breaks[i + 1]}" data-effectif="${n}">
      <span class="case" style="background:${b.colors[i]}"></span>
      <span>${i === 0 ? "de" : "plus de"} ${number(b.breaks[i])} à ${withUnit(b.breaks[i + 1], ind.unit)}</span>
      <span class="effectif">${number(n, 0)}</span></li>`).join("");
    box.innerHTML = `<h2>${escapeHTML(ind.label)}</h2>
      <p>${escapeHTML(LEVEL_NAMES[lg.level])}, ${b.year} · ${escapeHTML(methodLabel(b.method))}</p>
      <ol data-indicateur="${escapeHTML(ind.id)}" data-niveau="${lg.level}" data-methode="${b.method}">${rows}
      <li><span class="case" style="background:${NO_DATA}"></span><span>sans valeur</span></li></ol>
      <p data-national="${b.national ?? ""}">France : <strong>${withUnit(b.national, ind.unit)}</strong>${ind.higher_is_worse ? " · plus foncé = plus fragile" : " · plus foncé = moins bien doté"}</p>
      <p><small>${escapeHTML(ind.source)}${ind.synthetic && !/synthétiques/.test(ind.source) ? " (données synthétiques)" : ""}</small></p>`;
    return;
  }
  const { gaps, domainLabel } = lg;
  const cells = [];
  for (let f = 3; f >= 1; f--) {
    cells.push(`<span>${f === 3 ? "fragile" : f === 1 ? "peu fragile" : ""}</span>`);
    for (let c = 1; c <= 3; c++) {
      cells.push(`<span class="case" title="fragilité ${f}/3, couverture ${c}/3" data-classe="${f}-${c}" style="background:${gaps.colors[`${f}-${c}`]}"></span>`);
    }
  }
  const counts = {};
  for (const c of Object.values(gaps.classes)) counts[c] = (counts[c] || 0) + 1;
  box.innerHTML = `<h2>Écarts de partenariat — ${escapeHTML(domainLabel)}</h2>
    <p>${escapeHTML(LEVEL_NAMES[lg.level])} : fragilité (lignes) et couverture par les partenariats (colonnes, de faible à forte)</p>
    <div class="bivariee" data-niveau="${lg.level}">${cells.join("")}<span></span><small>faible</small><span></span><small>forte</small></div>
    <p>En rouge vif : fragile et peu couvert (${number(counts["3-1"] || 0, 0)} ${escapeHTML(LEVEL_NAMES[lg.level])}), là où des partenariats manquent.</p>`;
}

function methodLabel(code) {
  return METHODS.find((m) => m.code === code)?.label ?? code;
}
