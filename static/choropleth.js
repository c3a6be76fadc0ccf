// The choropleth: fragility indicators, or the gap view, at the level the
// zoom asks for. Every level is drawn from the server's vector tiles
// (/ogc/collections/{id}/tiles, one source per level), every territory of
// the view at once; values and classes are joined to the tiles by code as
// feature state, so a new indicator, method or class count downloads no
// geometry. Areas are filled; a level whose territories are points (EPCI
// and communes in the demo) is drawn as circles of the class colour sized
// by population. The class of a value follows geo.ClassOf exactly (upper
// bounds inclusive), so the map agrees with the counts /breaks gives.
import { getJSON, query, viewBBox, BoundedCache } from "./api.js";
import { number, withUnit, escapeHTML } from "./format.js";
import { METHODS, yearInterval } from "./state.js";

// Levels by zoom: each level's layers only exist between min and max.
const LEVELS = [
  { level: "region", collection: "regions", min: 0, max: 4.5 },
  { level: "departement", collection: "departements", min: 4.5, max: 6.5 },
  { level: "epci", collection: "epcis", min: 6.5, max: 8 },
  { level: "commune", collection: "communes", min: 8, max: 24 },
];
const LEVEL_NAMES = { region: "régions", departement: "départements", epci: "EPCI", commune: "communes" };
export const NO_DATA = "#d9d9d9";
// What the tiles carry: the code joins the values, the rest the popups.
const TILE_PROPS = "code,name,population";
// An export of the commune level is the view's communes, at most this many.
const EXPORT_LIMIT = 10000;
// VALUE_CACHE_ENTRIES bounds the answers kept (values, breaks, gaps): every
// level of two indicators and a few years of the gap view.
const VALUE_CACHE_ENTRIES = 32;
const AREAS = ["match", ["geometry-type"], ["Polygon", "MultiPolygon"], true, false];
const POINTS = ["==", ["geometry-type"], "Point"];

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

// departementOf is the département of a commune's INSEE code: its first
// two characters (2A and 2B in Corsica), three overseas (971 to 976).
export function departementOf(code) {
  return code.slice(0, code.startsWith("97") ? 3 : 2);
}

// States are a level's feature states by territory code, each made when
// first asked for: at the commune level only the communes of the
// départements in view and of the overseas boxes are ever drawn, and making
// the states of the 35 000 communes of France cost more (40–60 ms) than
// drawing those.
class States {
  constructor(raw, make) {
    this.raw = raw; // code → the API's value
    this.make = make; // the API's value → the feature state
    this.made = new Map();
    this.byDepartement = null; // commune codes by département, on first use
  }

  get(code) {
    let state = this.made.get(code);
    if (state === undefined && Object.hasOwn(this.raw, code)) {
      state = this.make(this.raw[code]);
      this.made.set(code, state);
    }
    return state;
  }

  * [Symbol.iterator]() {
    for (const code of Object.keys(this.raw)) yield [code, this.get(code)];
  }

  // of yields the states of a département's communes.
  * of(departement) {
    if (!this.byDepartement) {
      this.byDepartement = new Map();
      for (const code of Object.keys(this.raw)) {
        const d = departementOf(code);
        if (!this.byDepartement.has(d)) this.byDepartement.set(d, []);
        this.byDepartement.get(d).push(code);
      }
    }
    for (const code of this.byDepartement.get(departement) ?? []) yield [code, this.get(code)];
  }
}

// setStates gives each territory of entries ([code, state] pairs) its
// feature state in target (a source and its layer) on map.
function setStates(map, target, entries) {
  for (const [code, state] of entries) map.setFeatureState({ ...target, id: code }, state);
}

// tileSource is a level's vector tile source: the TileJSON of its
// collection, with the properties the viewer reads.
export function tileSource(collection) {
  return {
    type: "vector",
    url: `/ogc/collections/${collection}/tiles/WebMercatorQuad${query({ f: "tilejson", properties: TILE_PROPS })}`,
    promoteId: "code",
  };
}

export class Choropleth {
  constructor(map, { onError, onNote }) {
    this.map = map;
    this.insets = []; // {map, prefix}: the overseas boxes (addInset)
    this.indicators = new Map(); // id → catalogue entry, set by setIndicators
    this.onError = onError;
    this.onNote = onNote;
    this.cache = new BoundedCache(VALUE_CACHE_ENTRIES); // url → promise of JSON
    this.shown = new Map(); // level → the paint drawn (states by code, legend)
    this.legend = null; // what the legend shows, for tests and export
    this.generation = 0;
    this.communes = null; // at the commune level: its states, the départements painted
    // A commune tile loaded: its départements' communes get their states
    // before the next frame draws it (several tiles of one task, once).
    let queued = false;
    map.on("sourcedata", (e) => {
      if (e.sourceId !== "choro-commune" || !e.tile || !this.communes || queued) return;
      queued = true;
      queueMicrotask(() => {
        queued = false;
        this.paintCommunesInView();
      });
    });
  }

  setIndicators(list) {
    this.indicators = new Map(list.map((i) => [i.id, i]));
  }

  // addLayers adds a tile source and its layers per level, under beforeId.
  addLayers(beforeId) {
    for (const l of LEVELS) {
      const source = "choro-" + l.level;
      this.map.addSource(source, tileSource(l.collection));
      const common = { source, "source-layer": l.collection, minzoom: l.min, maxzoom: l.max, metadata: { level: l.level } };
      const hover = ["boolean", ["feature-state", "survol"], false];
      const colour = ["coalesce", ["feature-state", "couleur"], NO_DATA];
      this.map.addLayer({ ...common, id: source, type: "fill", filter: AREAS, paint: { "fill-color": colour, "fill-opacity": 0.85 } }, beforeId);
      this.map.addLayer({
        ...common, id: source + "-survol", type: "line", filter: AREAS,
        paint: { "line-color": "#1d3557", "line-width": ["case", hover, 2.5, 0] },
      }, beforeId);
      this.map.addLayer({
        ...common, id: source + "-points", type: "circle", filter: POINTS,
        paint: {
          "circle-color": colour,
          "circle-radius": ["interpolate", ["linear"], ["sqrt", ["coalesce", ["get", "population"], 0]],
            0, 2, 100, 5, 400, 11, 1500, 22],
          "circle-opacity": 0.85,
          "circle-stroke-color": ["case", hover, "#1d3557", "#ffffff"],
          "circle-stroke-width": ["case", hover, 2.5, 0.5],
        },
      }, beforeId);
    }
  }

  // addInset draws the choropleth in another map too, an overseas box:
  // every level's layers, shown by the level of the main map (the box's
  // own zoom never changes), coloured from the same values. prefix keeps
  // the communes' states to the box's département (their codes start with
  // it); the wider levels are few.
  addInset(map, prefix) {
    for (const l of LEVELS) {
      const source = "choro-" + l.level;
      map.addSource(source, tileSource(l.collection));
      const common = { source, "source-layer": l.collection, metadata: { level: l.level }, layout: { visibility: "none" } };
      const colour = ["coalesce", ["feature-state", "couleur"], NO_DATA];
      map.addLayer({ ...common, id: source, type: "fill", filter: AREAS, paint: { "fill-color": colour, "fill-outline-color": "#ffffff" } });
      map.addLayer({ ...common, id: source + "-points", type: "circle", filter: POINTS, paint: { "circle-color": colour, "circle-radius": 3 } });
    }
    const inset = { map, prefix };
    this.insets.push(inset);
    const paint = this.shown.get(this.legend?.level);
    if (paint) this.paintInset(inset, this.legend.level, paint);
  }

  // paintInset shows level in an inset and colours it.
  paintInset({ map, prefix }, level, paint) {
    for (const l of LEVELS) {
      for (const id of ["choro-" + l.level, "choro-" + l.level + "-points"]) {
        map.setLayoutProperty(id, "visibility", l.level === level ? "visible" : "none");
      }
    }
    const l = LEVELS.find((x) => x.level === level);
    const target = { source: "choro-" + level, sourceLayer: l.collection };
    map.removeFeatureState(target);
    setStates(map, target, level === "commune" ? paint.states.of(prefix) : paint.states);
  }

  // paintCommunes gives states to the communes of the départements in
  // view only, then to those of each département whose tiles come into
  // view (paintCommunesInView, on every commune tile loaded). MapLibre
  // applies every state of a source to each tile it loads: the 35 000
  // communes of France made a zoom into Lyon about 0.1 s slower (median of
  // five benchmark runs, national data, software WebGL) than the thousand
  // or so around it.
  paintCommunes(target, paint) {
    this.communes = { target, states: paint.states, painted: new Set() };
    this.paintCommunesInView();
  }

  paintCommunesInView() {
    const c = this.communes;
    if (!c) return;
    for (const f of this.map.querySourceFeatures(c.target.source, { sourceLayer: c.target.sourceLayer })) {
      const d = departementOf(String(f.id));
      if (c.painted.has(d)) continue;
      c.painted.add(d);
      setStates(this.map, c.target, c.states.of(d));
    }
  }

  // layerIds lists the layers a territory is drawn in (areas and points).
  layerIds() {
    return LEVELS.flatMap((l) => ["choro-" + l.level, "choro-" + l.level + "-points"]);
  }

  // levelOf is the level a layer of layerIds draws.
  levelOf(layerId) {
    return this.map.getLayer(layerId)?.metadata?.level;
  }

  cached(url, what, accept) {
    return this.cache.get(url, () => getJSON(url, { what, accept }));
  }

  // refresh colours the level of the current zoom for state s; a newer
  // call makes an older one give up. Only values travel: the tiles stay.
  async refresh(s) {
    const gen = ++this.generation;
    const l = levelAt(this.map.getZoom());
    try {
      const paint = await (s.view === "ecarts" ? this.gapPaint(l.level, s) : this.indicatorPaint(l.level, s));
      if (gen !== this.generation) return;
      const target = { source: "choro-" + l.level, sourceLayer: l.collection };
      this.map.removeFeatureState(target);
      this.communes = null;
      if (l.level === "commune") this.paintCommunes(target, paint);
      else setStates(this.map, target, paint.states);
      this.shown.set(l.level, paint);
      for (const inset of this.insets) this.paintInset(inset, l.level, paint);
      this.legend = paint.legend;
      this.legend.level = l.level;
      renderLegend(this.legend);
    } catch (e) {
      if (e.name !== "AbortError" && gen === this.generation) this.onError(e);
    }
  }

  // exportLayer is the level on screen as GeoJSON with its values: every
  // territory for the wider levels, the view's communes.
  async exportLayer() {
    const l = levelAt(this.map.getZoom());
    const paint = this.shown.get(l.level);
    const params = { limit: EXPORT_LIMIT, properties: TILE_PROPS };
    if (l.level === "commune") params.bbox = viewBBox(this.map);
    const fc = await getJSON(`/ogc/collections/${l.collection}/items${query(params)}`,
      { what: `les ${LEVEL_NAMES[l.level]}`, accept: "application/geo+json" });
    const features = fc.features.map((f) => ({
      type: "Feature", id: f.id, geometry: f.geometry,
      properties: { ...f.properties, ...(paint?.states.get(f.properties.code) ?? paint?.missing) },
    }));
    return { level: l.level, fc: { type: "FeatureCollection", features } };
  }

  async indicatorPaint(level, s) {
    const ind = this.indicators.get(s.indicator);
    if (!ind) { // a dataset without indicators: the territories, uncoloured
      return { states: new States({}, () => ({})), missing: {}, legend: { kind: "aucun" } };
    }
    const base = `/api/indicators/${encodeURIComponent(s.indicator)}`;
    const what = `les valeurs de « ${ind.label} »`;
    const [values, breaks] = await Promise.all([
      this.cached(`${base}/values${query({ level })}`, what),
      this.cached(`${base}/breaks${query({ level, method: s.method, k: s.k })}`, `les classes de « ${ind.label} »`),
    ]);
    const states = new States(values.values, (v) => {
      const c = classOf(v, breaks.breaks);
      return { valeur: v, classe: c, couleur: c >= 0 ? breaks.colors[c] : NO_DATA };
    });
    return { states, missing: { valeur: null, classe: -1, couleur: NO_DATA }, legend: { kind: "indicateur", indicator: ind, breaks } };
  }

  async gapPaint(level, s) {
    const gaps = await this.cached(`/api/gaps${query({ level, domain: s.gapDomain, view: "classes", datetime: yearInterval(s.year) })}`,
      "les écarts de partenariat");
    const states = new States(gaps.classes, (c) => ({ ecart: c, couleur: gaps.colors[c] }));
    return { states, missing: { ecart: null, couleur: NO_DATA }, legend: { kind: "ecarts", gaps, domainLabel: s.gapDomainLabel, year: s.year } };
  }
}

// renderLegend writes the legend box; each class carries its bounds and
// count as data attributes, which the browser tests compare with /breaks.
function renderLegend(lg) {
  const box = document.getElementById("legende-choro");
  if (lg.kind === "aucun") {
    box.innerHTML = "<p>Ce jeu de données n'a pas d'indicateur de fragilité.</p>";
    return;
  }
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
  const { gaps, domainLabel, year } = lg;
  const cells = [];
  for (let f = 3; f >= 1; f--) {
    cells.push(`<span>${f === 3 ? "fragile" : f === 1 ? "peu fragile" : ""}</span>`);
    for (let c = 1; c <= 3; c++) {
      cells.push(`<span class="case" title="fragilité ${f}/3, couverture ${c}/3" data-classe="${f}-${c}" style="background:${gaps.colors[`${f}-${c}`]}"></span>`);
    }
  }
  const counts = {};
  for (const c of Object.values(gaps.classes)) counts[c] = (counts[c] || 0) + 1;
  box.innerHTML = `<h2>Écarts de partenariat — ${escapeHTML(domainLabel)}${year ? ` (partenariats actifs en ${year})` : " (partenariats actifs aujourd’hui)"}</h2>
    <p>${escapeHTML(LEVEL_NAMES[lg.level])} : fragilité (lignes) et couverture par les partenariats (colonnes, de faible à forte)</p>
    <div class="bivariee" data-niveau="${lg.level}">${cells.join("")}<span></span><small>faible</small><span></span><small>forte</small></div>
    <p>En rouge vif : fragile et peu couvert (${number(counts["3-1"] || 0, 0)} ${escapeHTML(LEVEL_NAMES[lg.level])}), là où des partenariats manquent.</p>`;
}

function methodLabel(code) {
  return METHODS.find((m) => m.code === code)?.label ?? code;
}
