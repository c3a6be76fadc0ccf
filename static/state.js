// The viewer's state, and its permalink: everything a reader chose (view,
// indicator, classification, filters, layers, open territory, map position)
// lives in the URL's hash, so copying the address shares exactly this map.

export const METHODS = [
  { code: "quantile", label: "Quantiles (effectifs égaux)" },
  { code: "jenks", label: "Seuils naturels (Jenks)" },
  { code: "equal", label: "Intervalles égaux" },
  { code: "stddev", label: "Écarts-types autour de la valeur nationale" },
];
export const CLASS_COUNTS = [3, 4, 5, 6, 7];
export const LAYERS = ["acteurs", "partenariats", "flux", "alliances"];

export function defaultState() {
  return {
    view: "indicateur", // or "ecarts": the gap view
    indicator: "chomage",
    method: "quantile",
    k: 5,
    gapDomain: "insertion_emploi",
    kind: "",
    category: "",
    domain: "",
    scale: "",
    stage: "", // a partnership life-cycle stage, "" for all
    year: null, // the partnerships active in that year only; null: all
    layers: new Set(["acteurs", "partenariats", "flux"]),
    territory: null, // {level, code} whose portrait is open
    camera: null, // {zoom, lat, lon}
  };
}

// Hash keys, short and French like the rest of the page.
const KEYS = {
  view: "vue", indicator: "ind", method: "methode", k: "classes", gapDomain: "ecart",
  kind: "type", category: "categorie", domain: "domaine", scale: "echelle", stage: "etape",
};

// yearInterval is the datetime of the partnerships active in year (the
// whole calendar year), "" for today's (the API's default).
export function yearInterval(year) {
  return year ? `${year}-01-01/${year}-12-31` : "";
}

// readHash overlays what the hash says on the defaults; a value the page
// cannot use is dropped (the default stays), never an error. years is the
// range the year slider offers.
export function readHash(hash, { indicators, vocabulary, years }) {
  const s = defaultState();
  const p = new URLSearchParams(hash.replace(/^#/, ""));
  const oneOf = (v, list) => (v !== null && list.includes(v) ? v : null);
  const codes = (list) => list.map((t) => t.code);
  s.view = oneOf(p.get(KEYS.view), ["indicateur", "ecarts"]) ?? s.view;
  s.indicator = oneOf(p.get(KEYS.indicator), indicators.map((i) => i.id)) ?? s.indicator;
  s.method = oneOf(p.get(KEYS.method), METHODS.map((m) => m.code)) ?? s.method;
  const k = Number(p.get(KEYS.k));
  if (CLASS_COUNTS.includes(k)) s.k = k;
  s.gapDomain = oneOf(p.get(KEYS.gapDomain), ["all", ...codes(vocabulary.domains)]) ?? s.gapDomain;
  // The defaults are the demo's ids: a dataset without them opens on the
  // catalogue's first indicator and on every domain.
  if (!indicators.some((i) => i.id === s.indicator)) s.indicator = indicators[0]?.id ?? "";
  if (!["all", ...codes(vocabulary.domains)].includes(s.gapDomain)) s.gapDomain = "all";
  s.kind = oneOf(p.get(KEYS.kind), codes(vocabulary.kinds)) ?? "";
  s.category = oneOf(p.get(KEYS.category), codes(vocabulary.categories)) ?? "";
  s.domain = oneOf(p.get(KEYS.domain), codes(vocabulary.domains)) ?? "";
  s.scale = oneOf(p.get(KEYS.scale), codes(vocabulary.scales)) ?? "";
  s.stage = oneOf(p.get(KEYS.stage), codes(vocabulary.stages || [])) ?? "";
  const year = Number(p.get("annee"));
  if (years && Number.isInteger(year) && year >= years.first && year <= years.last) s.year = year;
  if (p.has("couches")) {
    s.layers = new Set(p.get("couches").split(",").filter((l) => LAYERS.includes(l)));
  }
  const t = /^(region|departement|epci|commune):([0-9A-Za-z]{1,12})$/.exec(p.get("territoire") || "");
  if (t) s.territory = { level: t[1], code: t[2] };
  const c = /^([0-9.]+)\/(-?[0-9.]+)\/(-?[0-9.]+)$/.exec(p.get("carte") || "");
  if (c) {
    const [zoom, lat, lon] = c.slice(1).map(Number);
    if (zoom >= 0 && zoom <= 22 && Math.abs(lat) <= 85 && Math.abs(lon) <= 180) s.camera = { zoom, lat, lon };
  }
  return s;
}

// writeHash spells the state as a hash, leaving defaults out.
export function writeHash(s) {
  const d = defaultState();
  const p = new URLSearchParams();
  if (s.camera) {
    const { zoom, lat, lon } = s.camera;
    p.set("carte", `${zoom.toFixed(2)}/${lat.toFixed(4)}/${lon.toFixed(4)}`);
  }
  for (const [field, key] of Object.entries(KEYS)) {
    if (s[field] !== d[field]) p.set(key, String(s[field]));
  }
  const layers = LAYERS.filter((l) => s.layers.has(l));
  if (layers.join(",") !== LAYERS.filter((l) => d.layers.has(l)).join(",")) p.set("couches", layers.join(","));
  if (s.territory) p.set("territoire", `${s.territory.level}:${s.territory.code}`);
  if (s.year) p.set("annee", String(s.year));
  // URLSearchParams escapes "/" and ":"; the hash reads better without.
  return "#" + p.toString().replace(/%2F/g, "/").replace(/%3A/g, ":").replace(/%2C/g, ",");
}

// What /?collection=… (the HTML items pages link here) shows: the layer,
// or the level (and view) of that collection. Zoom levels match the
// layers' own (choropleth.js LEVELS, network.js ZOOM_*).
const FROM_COLLECTION = {
  actors: { layer: "acteurs", zoom: 8.5 },
  partnerships: { layer: "partenariats", zoom: 12.5 },
  alliances: { layer: "alliances" },
  regions: { zoom: 4 },
  departements: {},
  epcis: { zoom: 7 },
  communes: { zoom: 8.5 },
  "gaps-region": { view: "ecarts", zoom: 4 },
  "gaps-departement": { view: "ecarts" },
  "gaps-epci": { view: "ecarts", zoom: 7 },
  "gaps-commune": { view: "ecarts", zoom: 8.5 },
};
// Where such a zoom looks when the permalink gives no position: Lyon, a
// dense area of the demo.
const FROM_COLLECTION_CENTRE = { lat: 45.76, lon: 4.84 };

// applyCollection sets s up for one collection; an unknown name changes
// nothing. A position in the hash wins over the collection's zoom.
export function applyCollection(s, collection) {
  const c = FROM_COLLECTION[collection];
  if (!c) return false;
  if (c.layer) s.layers.add(c.layer);
  if (c.view) s.view = c.view;
  if (c.zoom && !s.camera) s.camera = { zoom: c.zoom, ...FROM_COLLECTION_CENTRE };
  return true;
}
