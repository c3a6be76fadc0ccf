// Maillage's map viewer: the fragility choropleth (or the gap view) at the
// level the zoom asks for, the partnership network over it, a portrait
// panel, search, filters, export and a permalink — all from this server's
// own API and vector tiles, with no outside source (no base map, glyphs or
// fonts), so it works offline. This module makes the map and wires the
// parts, each in its own module. Tests read window.maillage and wait for
// document.body.dataset.ready === "1" (the first choropleth is drawn and
// the map idle), then for window.maillage.settled().
import * as maplibregl from "/vendor/maplibre-gl/maplibre-gl.mjs";
import { getJSON, onPending, pendingCount } from "./api.js";
import { label } from "./format.js";
import { Choropleth, levelAt } from "./choropleth.js";
import { Network } from "./network.js";
import { Panel } from "./portrait.js";
import { cancelPopupRequests } from "./popups.js";
import { setupSearch } from "./search.js";
import { setupExport } from "./export.js";
import { setupControls, yearRange } from "./controls.js";
import { setupPointer } from "./pointer.js";
import { setupInView } from "./inview.js";
import { openInsets } from "./insets.js";
import { Permalink } from "./permalink.js";
import { readHash, applyCollection } from "./state.js";

// Marks for the benchmark's breakdown (BenchmarkViewerFirstChoropleth).
performance.mark("maillage:modules");

// Metropolitan France with Corsica, west-south-east-north.
const FRANCE = [[-5.3, 41.2], [9.7, 51.2]];
// How close a search result is shown, by level.
const PICK_ZOOM = { region: 6, departement: 7.5, epci: 9, commune: 10.5 };

const $ = (id) => document.getElementById(id);
const loading = $("chargement");
const errorBox = $("erreur");

// showError tells the reader and logs the error (the browser tests fail on
// any console error).
function showError(e) {
  console.error("maillage:", e);
  $("erreur-texte").textContent = e.message || String(e);
  errorBox.hidden = false;
}
$("erreur-fermer").addEventListener("click", () => { errorBox.hidden = true; });

onPending((n) => {
  loading.hidden = n === 0 && document.body.dataset.ready === "1";
  loading.textContent = n > 0 ? "Chargement…" : "Chargement de la carte…";
});

// Notes say when a layer shows part of what the view holds.
const notes = new Map();
function note(key, text) {
  if (text) notes.set(key, text);
  else notes.delete(key);
  $("note").textContent = [...notes.values()].join(" ");
}

const map = new maplibregl.Map({
  container: "carte",
  bounds: FRANCE,
  fitBoundsOptions: { padding: 20 },
  attributionControl: false,
  style: {
    version: 8,
    sources: {},
    layers: [{ id: "mer", type: "background", paint: { "background-color": "#cfe3f0" } }],
  },
});
map.addControl(new maplibregl.NavigationControl({ showCompass: false }), "top-right");
map.addControl(new maplibregl.ScaleControl({ unit: "metric" }), "bottom-right");
map.addControl(new maplibregl.AttributionControl({
  compact: true,
  customAttribution: "Départements : Natural Earth (domaine public) · Communes, EPCI : Etalab / INSEE COG · Acteurs, partenariats, indicateurs : données synthétiques Maillage",
}));
map.once("load", () => performance.mark("maillage:map-load"));
// The attribution starts folded (its « i » opens it): open, it would cover
// the legend on a laptop screen.
map.once("load", () => document.querySelector(".maplibregl-ctrl-attrib")?.classList.remove("maplibregl-compact-show"));
map.on("error", (e) => showError(new Error(`Erreur de la carte : ${e.error ? e.error.message : "inconnue"}.`)));

const choropleth = new Choropleth(map, { onError: showError, onNote: note });

async function start() {
  const [vocabulary, catalogue, partnerships] = await Promise.all([
    getJSON("/api/vocabulary", { what: "les libellés" }),
    getJSON("/api/indicators", { what: "le catalogue des indicateurs" }),
    getJSON("/ogc/collections/partnerships", { what: "la période des partenariats" }),
    map.once("load"),
  ]);
  performance.mark("maillage:base");
  const indicators = catalogue.indicators;
  choropleth.setIndicators(indicators);
  const years = yearRange(partnerships);
  const state = readHash(location.hash, { indicators, vocabulary, years });
  applyCollection(state, new URLSearchParams(location.search).get("collection"));
  if (state.camera) map.jumpTo({ zoom: state.camera.zoom, center: [state.camera.lon, state.camera.lat] });
  const domainLabel = (d) => (d === "all" ? "tous les domaines" : label(vocabulary, "domains", d));
  state.gapDomainLabel = domainLabel(state.gapDomain);

  // Land, then the choropleth, then outlines, then the network. Land and
  // outlines draw from the choropleth's région and département tile
  // sources: each tile is downloaded once.
  choropleth.addLayers(undefined);
  map.addLayer({ id: "terre", type: "fill", source: "choro-region", "source-layer": "regions", paint: { "fill-color": "#f4f1e8" } }, choropleth.layerIds()[0]);
  map.addLayer({ id: "departements-contour", type: "line", source: "choro-departement", "source-layer": "departements", minzoom: 4.5, paint: { "line-color": "#7a6f5d", "line-width": 0.6 } });
  map.addLayer({ id: "regions-contour", type: "line", source: "choro-region", "source-layer": "regions", paint: { "line-color": "#3d3428", "line-width": ["interpolate", ["linear"], ["zoom"], 4, 1, 9, 2.2] } });
  const network = new Network(map, { vocabulary, onError: showError, onNote: note });
  network.addLayers(state);

  const permalink = new Permalink(map, state);
  const panel = new Panel({ vocabulary, onClose: () => { state.territory = null; permalink.save(); } });
  // openTerritory opens a territory's portrait, from a click, the search,
  // an overseas box or the list of what is in view.
  const openTerritory = (t) => {
    state.territory = t;
    panel.open(t, state.year);
    permalink.save();
  };

  // Everything a change triggers: the choropleth and the network.
  let refreshing = Promise.resolve();
  function refresh() {
    refreshing = Promise.all([choropleth.refresh(state), network.refresh(state)]);
    permalink.save();
    return refreshing;
  }

  // A popup describes what was drawn: a new choice closes it.
  // The click handler (pointer.js) decides what a click does with it: left
  // to MapLibre (closeOnClick), a click on another feature while a popup
  // is open would close the new popup it just opened.
  const popup = new maplibregl.Popup({ maxWidth: "22em", closeButton: true, closeOnClick: false });
  popup.on("close", cancelPopupRequests);
  setupControls({
    state, vocabulary, indicators, years, domainLabel,
    onChange: ({ keepPopup = false } = {}) => {
      if (!keepPopup) popup.remove();
      refresh();
    },
    onYear: () => { if (state.territory) panel.open(state.territory, state.year); },
  });

  // The level follows the zoom (its tiles follow the view by themselves);
  // the network follows the view too.
  let lastLevel = levelAt(map.getZoom()).level;
  map.on("moveend", () => {
    const level = levelAt(map.getZoom()).level;
    if (level !== lastLevel) choropleth.refresh(state);
    lastLevel = level;
    network.refresh(state);
    permalink.save();
  });

  setupPointer(map, maplibregl, { choropleth, network, vocabulary, popup, year: () => state.year, onTerritory: openTerritory, onError: showError });
  setupInView(map, { choropleth, vocabulary, onTerritory: openTerritory });
  setupSearch({
    vocabulary,
    onError: showError,
    onPick: (t) => {
      const [w, s, e, n] = t.bbox;
      map.fitBounds([[w, s], [e, n]], { padding: 40, maxZoom: PICK_ZOOM[t.level] ?? 9, duration: 600 });
      openTerritory({ level: t.level, code: t.code });
    },
  });
  setupExport({ state, choropleth, network, onError: showError });

  // The overseas boxes are made once the first choropleth is on screen:
  // five more maps to set up delayed it by 0.4 s on national data.
  const insets = [];
  window.maillage = {
    map, state, choropleth, network, panel, refresh, insets,
    // settled resolves once no request is pending and the map is idle.
    settled: async () => {
      for (;;) {
        await refreshing;
        if (pendingCount() === 0 && map.loaded() && !map.isMoving() && insets.every((i) => i.map.loaded())) return;
        await new Promise((r) => setTimeout(r, 50));
      }
    },
  };

  // The choropleth first: the network (flows are thousands of lines) is
  // drawn once the first map is on screen.
  refreshing = choropleth.refresh(state);
  if (state.territory) panel.open(state.territory, state.year);
  await refreshing;
  performance.mark("maillage:choropleth-data");
  await map.once("idle");
  window.maillage.firstChoroplethMs = performance.now();
  document.body.dataset.ready = "1";
  loading.hidden = pendingCount() === 0;
  insets.push(...openInsets($("encarts"), maplibregl, { choropleth, onTerritory: openTerritory }));
  refreshing = network.refresh(state);
}

// A permalink pasted into this tab changes only the hash: read it afresh.
// (The page's own updates use history.replaceState, which fires nothing.)
window.addEventListener("hashchange", () => location.reload());

start().catch((e) => {
  console.error("maillage:", e);
  showError(e);
  loading.hidden = true;
});
