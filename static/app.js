// Maillage's map viewer: the fragility choropleth (or the gap view) at the
// level the zoom asks for, the partnership network over it, a portrait
// panel, search, filters, export and a permalink — all from this server's
// own API and vector tiles, with no outside source (no base map, glyphs or
// fonts), so it works offline. Tests read window.maillage and wait for
// document.body.dataset.ready === "1" (the first choropleth is drawn and
// the map idle), then for window.maillage.settled().
import * as maplibregl from "/vendor/maplibre-gl/maplibre-gl.mjs";
import { getJSON, onPending, pendingCount } from "./api.js";
import { label } from "./format.js";
import { Choropleth, levelAt } from "./choropleth.js";
import { Network } from "./network.js";
import { Panel } from "./portrait.js";
import { cancelPopupRequests, territoryHTML, alliancePopup, allianceGroupHTML, actorGroupHTML, actorPopup, linkTipHTML, partnershipEnds } from "./popups.js";
import { setupSearch } from "./search.js";
import { toCSV, download } from "./export.js";
import { METHODS, CLASS_COUNTS, readHash, writeHash, applyCollection } from "./state.js";

// Marks for the benchmark's breakdown (BenchmarkViewerFirstChoropleth).
performance.mark("maillage:modules");

// Metropolitan France with Corsica, west-south-east-north.
const FRANCE = [[-5.3, 41.2], [9.7, 51.2]];
// The overseas départements, each drawn in a box beside the mainland as
// the Observatoire des territoires draws them: west-south-east-north.
const OVERSEAS = [
  { code: "971", name: "Guadeloupe", bounds: [[-61.81, 15.83], [-61.0, 16.52]] },
  { code: "972", name: "Martinique", bounds: [[-61.23, 14.39], [-60.81, 14.88]] },
  { code: "973", name: "Guyane", bounds: [[-54.6, 2.1], [-51.6, 5.8]] },
  { code: "974", name: "La Réunion", bounds: [[55.21, -21.39], [55.84, -20.87]] },
  { code: "976", name: "Mayotte", bounds: [[44.98, -13.0], [45.3, -12.63]] },
];
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

function fillSelect(select, items, selected) {
  for (const it of items) select.add(new Option(it.label, it.code));
  select.value = selected;
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

// yearRange is the years the slider offers: from the partnerships' first
// start (their collection's temporal extent) to this year.
function yearRange(collection) {
  const last = new Date().getFullYear();
  const first = Number((collection.extent?.temporal?.interval?.[0]?.[0] || "").slice(0, 4));
  return { first: Number.isInteger(first) && first > 1900 && first <= last ? first : last, last };
}

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

  // Controls, from the vocabulary and the catalogue.
  fillSelect($("indicateur"), indicators.map((i) => ({ code: i.id, label: i.label })), state.indicator);
  fillSelect($("methode"), METHODS, state.method);
  fillSelect($("classes"), CLASS_COUNTS.map((k) => ({ code: String(k), label: String(k) })), String(state.k));
  fillSelect($("ecart"), vocabulary.domains, state.gapDomain);
  fillSelect($("type"), vocabulary.kinds, state.kind);
  fillSelect($("categorie"), vocabulary.categories, state.category);
  fillSelect($("domaine"), vocabulary.domains, state.domain);
  fillSelect($("echelle"), vocabulary.scales, state.scale);
  fillSelect($("etape"), vocabulary.stages, state.stage);
  // The year slider: its leftmost position, a year before the first
  // partnership, stands for every year.
  const yearInput = $("annee");
  yearInput.min = String(years.first - 1);
  yearInput.max = String(years.last);
  yearInput.value = String(state.year ?? years.first - 1);
  const showYear = () => { $("annee-valeur").textContent = state.year ? String(state.year) : "toutes"; };
  showYear();
  for (const r of document.querySelectorAll('input[name="vue"]')) r.checked = r.value === state.view;
  for (const c of $("couches").querySelectorAll("input")) c.checked = state.layers.has(c.value);
  const showView = () => {
    for (const el of document.querySelectorAll("[data-vue]")) el.hidden = el.dataset.vue !== state.view;
  };
  showView();
  if (window.matchMedia("(max-width: 700px)").matches) $("commandes").open = false;

  const panel = new Panel({ vocabulary, onClose: () => { state.territory = null; saveHash(); } });

  let hashTimer = 0;
  function saveHash() {
    clearTimeout(hashTimer);
    hashTimer = setTimeout(() => {
      const c = map.getCenter();
      state.camera = { zoom: map.getZoom(), lat: c.lat, lon: c.lng };
      history.replaceState(null, "", writeHash(state));
    }, 250);
  }

  // Everything a change triggers: the choropleth and the network.
  let refreshing = Promise.resolve();
  function refresh() {
    refreshing = Promise.all([choropleth.refresh(state), network.refresh(state)]);
    saveHash();
    return refreshing;
  }

  // A popup describes what was drawn: a new choice closes it.
  // The click handler below decides what a click does with it: left to
  // MapLibre (closeOnClick), a click on another feature while a popup is
  // open would close the new popup it just opened.
  const popup = new maplibregl.Popup({ maxWidth: "22em", closeButton: true, closeOnClick: false });
  popup.on("close", cancelPopupRequests);
  const onChange = (id, field, parse = (v) => v) => $(id).addEventListener("change", (e) => {
    state[field] = parse(e.target.value);
    popup.remove();
    refresh();
  });
  onChange("indicateur", "indicator");
  onChange("methode", "method");
  onChange("classes", "k", Number);
  onChange("type", "kind");
  onChange("categorie", "category");
  onChange("domaine", "domain");
  onChange("echelle", "scale");
  onChange("etape", "stage");
  yearInput.addEventListener("input", () => {
    const y = Number(yearInput.value);
    state.year = y >= years.first ? y : null;
    showYear();
  });
  yearInput.addEventListener("change", () => {
    popup.remove();
    refresh();
    if (state.territory) panel.open(state.territory, state.year);
  });
  $("ecart").addEventListener("change", (e) => {
    state.gapDomain = e.target.value;
    state.gapDomainLabel = domainLabel(state.gapDomain);
    popup.remove();
    refresh();
  });
  for (const r of document.querySelectorAll('input[name="vue"]')) {
    r.addEventListener("change", () => {
      state.view = r.value;
      showView();
      popup.remove();
      refresh();
    });
  }
  $("couches").addEventListener("change", (e) => {
    if (e.target.checked) state.layers.add(e.target.value);
    else state.layers.delete(e.target.value);
    refresh();
  });

  // The level follows the zoom (its tiles follow the view by themselves);
  // the network follows the view too.
  let lastLevel = levelAt(map.getZoom()).level;
  map.on("moveend", () => {
    const level = levelAt(map.getZoom()).level;
    if (level !== lastLevel) choropleth.refresh(state);
    lastLevel = level;
    network.refresh(state);
    saveHash();
  });

  // Hover highlight on territories.
  let hovered = null;
  const unhover = () => {
    if (hovered) map.setFeatureState(hovered, { survol: false });
    hovered = null;
    map.getCanvas().style.cursor = "";
  };
  for (const id of choropleth.layerIds()) {
    map.on("mousemove", id, (e) => {
      const f = e.features[0];
      if (!f || f.id === undefined) return;
      if (hovered?.id !== f.id || hovered?.source !== f.source) {
        unhover();
        hovered = { source: f.source, sourceLayer: f.sourceLayer, id: f.id };
        map.setFeatureState(hovered, { survol: true });
      }
      map.getCanvas().style.cursor = "pointer";
    });
    map.on("mouseleave", id, unhover);
  }
  for (const id of network.layerIds()) {
    map.on("mouseenter", id, () => { map.getCanvas().style.cursor = "pointer"; });
    map.on("mouseleave", id, () => { map.getCanvas().style.cursor = ""; });
  }

  // Hover on a link names its ends: a partnership drawn as a stub toward
  // an end out of view says where it goes. A flow carries its territories'
  // names; a partnership's actors are read once from its item.
  const tip = new maplibregl.Popup({ closeButton: false, closeOnClick: false, className: "infobulle", maxWidth: "20em" });
  let tipFor = null;
  const hideTip = () => {
    tipFor = null;
    tip.remove();
  };
  map.on("mousemove", "flux", (e) => {
    const p = e.features[0]?.properties;
    if (!p) return;
    tipFor = `flux:${p.a}:${p.b}`;
    tip.setLngLat(e.lngLat).setHTML(linkTipHTML(p.a_name, p.b_name, `${p.count} partenariat${p.count > 1 ? "s" : ""}`)).addTo(map);
  });
  map.on("mousemove", "partenariats", (e) => {
    const f = e.features[0];
    if (!f) return;
    const key = `partenariat:${f.id}`;
    tip.setLngLat(e.lngLat);
    if (tipFor === key) return;
    tipFor = key;
    tip.setHTML(linkTipHTML("…", "…", "")).addTo(map);
    partnershipEnds(f.id).then((ends) => {
      if (tipFor === key) tip.setHTML(linkTipHTML(ends[0], ends[1], label(vocabulary, "domains", f.properties.domain), f.id));
    }, () => {});
  });
  map.on("mouseleave", "flux", hideTip);
  map.on("mouseleave", "partenariats", hideTip);

  // Clicks: the topmost thing under the pointer answers.
  map.on("click", (e) => {
    cancelPopupRequests();
    const pick = (layers) => map.queryRenderedFeatures(e.point, { layers: layers.filter((l) => map.getLayer(l)) })[0];
    const group = pick(["acteurs-agregats"]);
    if (group) {
      popup.setLngLat(group.geometry.coordinates).setHTML(actorGroupHTML(group.properties, vocabulary)).addTo(map);
      return;
    }
    const actor = pick(["acteurs"]);
    if (actor) {
      popup.setLngLat(actor.geometry.coordinates).addTo(map);
      actorPopup(popup, actor, vocabulary, showError);
      return;
    }
    const allianceGroup = pick(["alliances-agregats"]);
    if (allianceGroup) {
      popup.setLngLat(allianceGroup.geometry.coordinates).setHTML(allianceGroupHTML(allianceGroup.properties, vocabulary)).addTo(map);
      return;
    }
    const alliance = pick(["alliances"]);
    if (alliance) {
      popup.setLngLat(alliance.geometry.coordinates).addTo(map);
      alliancePopup(popup, alliance, vocabulary, showError);
      return;
    }
    const territory = pick(choropleth.layerIds());
    if (territory) {
      const level = choropleth.levelOf(territory.layer.id);
      const levelLabel = label(vocabulary, "levels", level);
      const props = { ...territory.properties, ...territory.state };
      popup.setLngLat(e.lngLat).setHTML(territoryHTML(props, choropleth.legend, levelLabel)).addTo(map);
      state.territory = { level, code: territory.properties.code };
      panel.open(state.territory, state.year);
      saveHash();
      return;
    }
    popup.remove(); // a click on the sea
  });

  // Search: fly there, open the portrait.
  setupSearch({
    vocabulary,
    onError: showError,
    onPick: (t) => {
      const [w, s, e, n] = t.bbox;
      map.fitBounds([[w, s], [e, n]], { padding: 40, maxZoom: PICK_ZOOM[t.level] ?? 9, duration: 600 });
      state.territory = { level: t.level, code: t.code };
      panel.open(state.territory, state.year);
      saveHash();
    },
  });

  // Export of the layer chosen in the list.
  const exportData = async () => {
    const which = $("export-couche").value;
    if (which === "choroplethe") {
      const { level, fc } = await choropleth.exportLayer();
      return { name: `maillage-${state.view === "ecarts" ? "ecarts-" + state.gapDomain : state.indicator}-${level}`, fc };
    }
    return { name: `maillage-${which}`, fc: await network.exportLayer(which, state) };
  };
  $("export-geojson").addEventListener("click", async () => {
    const { name, fc } = await exportData().catch((e) => { showError(e); return {}; });
    if (!name) return;
    download(name + ".geojson", JSON.stringify(fc), "application/geo+json");
  });
  $("export-csv").addEventListener("click", async () => {
    const { name, fc } = await exportData().catch((e) => { showError(e); return {}; });
    if (!name) return;
    download(name + ".csv", toCSV(fc ?? { features: [] }), "text/csv;charset=utf-8");
  });

  $("permalien").addEventListener("click", async () => {
    const c = map.getCenter();
    state.camera = { zoom: map.getZoom(), lat: c.lat, lon: c.lng };
    const url = location.origin + location.pathname + writeHash(state);
    history.replaceState(null, "", url);
    try {
      await navigator.clipboard.writeText(url);
      $("permalien-etat").textContent = "Lien copié.";
    } catch {
      $("permalien-etat").textContent = "Lien dans la barre d'adresse.";
    }
  });

  // The overseas boxes: the choropleth of the main map's level, coloured
  // alike; a click opens the clicked territory's portrait. They are made
  // once the first choropleth is on screen: five more maps to set up
  // delayed it by 0.4 s on national data.
  const insets = [];
  const openInsets = () => insets.push(...OVERSEAS.map((o) => {
    const box = document.createElement("figure");
    box.className = "encart";
    box.dataset.departement = o.code;
    box.innerHTML = `<div class="encart-carte"></div><figcaption>${o.name}</figcaption>`;
    $("encarts").append(box);
    const m = new maplibregl.Map({
      // Fixed: clicks only (interactive: false would silence them too).
      container: box.firstElementChild, bounds: o.bounds, fitBoundsOptions: { padding: 4 },
      dragPan: false, scrollZoom: false, boxZoom: false, dragRotate: false, keyboard: false,
      doubleClickZoom: false, touchZoomRotate: false, touchPitch: false,
      attributionControl: false, style: { version: 8, sources: {}, layers: [{ id: "mer", type: "background", paint: { "background-color": "#cfe3f0" } }] },
    });
    m.on("load", () => choropleth.addInset(m, o.code));
    m.on("click", (e) => {
      const f = m.queryRenderedFeatures(e.point, { layers: choropleth.layerIds().filter((id) => m.getLayer(id)) })[0];
      if (!f) return;
      state.territory = { level: f.layer.metadata.level, code: f.properties.code };
      panel.open(state.territory, state.year);
      saveHash();
    });
    m.getCanvas().style.cursor = "pointer";
    return { ...o, map: m };
  }));

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
  openInsets();
  refreshing = network.refresh(state);
}

// A permalink pasted into this tab changes only the hash: read it afresh.
// (The page's own updates use history.replaceState, which fires nothing.)
window.addEventListener("hashchange", () => location.reload());

window.map = map;
start().catch((e) => {
  console.error("maillage:", e);
  showError(e);
  loading.hidden = true;
});
