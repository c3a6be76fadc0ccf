// The partnership network over the choropleth, drawn from the server's
// vector tiles: actors (circles by kind, sized by employees), partnerships
// (lines coloured by scale), alliances, and where features would be too
// many for a tile to hold or a map to show — below zoom 12, or in a dense
// tile — what the server aggregates instead: actors and alliances counted
// by cell, partnerships summed into flows between territories. The filters
// travel in the tile URLs (the tilesets carry them on), so a filter
// change reloads the tiles and nothing else; the map never holds more
// than the tiles of the view, and nothing is cut at a count.
import { getJSON, query, viewBBox } from "./api.js";
import { yearInterval } from "./state.js";

// The tiles hold features from this zoom on (analysis.RawZoom).
export const ZOOM_FEATURES = 12;
// Flows join régions up to zoom 4, départements up to 9, EPCI beyond.
const ZOOM_FLOWS_DEPARTEMENT = 5;
const ZOOM_FLOWS_EPCI = 10;
// An export is the view's features of a layer, at most this many.
const EXPORT_LIMIT = 10000;
// INACTIVE_COLOR paints a closed or dissolved actor.
const INACTIVE_COLOR = "#9e9e9e";

// Each tile source, the collection it reads, and its layers.
const SOURCES = {
  "reseau-acteurs": { collection: "actors", properties: "name,kind,employees,commune,sector,active" },
  "reseau-partenariats": { collection: "partnerships", properties: "category,domain,scale,stage" },
  "reseau-alliances": { collection: "alliances", properties: "name,stake,start_year,territory,territory_level" },
};
// Which state layer (the check boxes) shows which map layers.
const LAYERS_OF = {
  acteurs: ["acteurs", "acteurs-agregats"],
  partenariats: ["partenariats"],
  flux: ["flux"],
  alliances: ["alliances", "alliances-agregats"],
};

export class Network {
  constructor(map, { vocabulary, onError, onNote }) {
    this.map = map;
    this.vocabulary = vocabulary;
    this.onError = onError;
    this.onNote = onNote;
    this.urls = {}; // source → its TileJSON URL as set
  }

  // filters is the items filters of each source for state s. The actor-kind
  // filter applies to links too: either end of that kind (a CQL2 filter,
  // the codes being the vocabulary's own); the year keeps the partnerships
  // active in it, and so the flows the tiles sum from them.
  filters(s) {
    return {
      "reseau-acteurs": { kind: s.kind },
      "reseau-partenariats": {
        scale: s.scale, category: s.category, domain: s.domain, stage: s.stage, datetime: yearInterval(s.year),
        filter: s.kind ? `kind_a = '${s.kind}' OR kind_b = '${s.kind}'` : "",
      },
      "reseau-alliances": { stake: s.domain },
    };
  }

  tileURL(source, filters) {
    const { collection, properties } = SOURCES[source];
    return `/ogc/collections/${collection}/tiles/WebMercatorQuad${query({ f: "tilejson", properties, ...filters })}`;
  }

  addLayers(s) {
    const m = this.map;
    const filters = this.filters(s);
    for (const source of Object.keys(SOURCES)) {
      this.urls[source] = this.tileURL(source, filters[source]);
      m.addSource(source, { type: "vector", url: this.urls[source] });
    }
    // Hidden until the first refresh shows what the state asks for: a
    // hidden layer's tiles are not fetched, so the first choropleth is drawn
    // without waiting for the network's tiles and shaders.
    const hidden = { visibility: "none" };
    const kindColor = ["match", ["get", "kind"]];
    for (const k of this.vocabulary.kinds) kindColor.push(k.code, k.color);
    kindColor.push("#999");
    const scaleColor = ["match", ["get", "scale"]];
    for (const x of this.vocabulary.scales) scaleColor.push(x.code, x.color);
    scaleColor.push("#666");

    m.addLayer({
      id: "flux", type: "line", source: "reseau-partenariats", "source-layer": "partnership_flows",
      layout: { ...hidden, "line-cap": "round" },
      paint: {
        // Thin, faint single links; the strong pairs stand out.
        "line-color": "#5b4b8a",
        "line-opacity": ["interpolate", ["linear"], ["get", "count"], 1, 0.06, 10, 0.3, 50, 0.6, 200, 0.8],
        "line-width": ["interpolate", ["linear"], ["get", "count"], 1, 0.4, 10, 1.2, 50, 3, 200, 7, 1000, 14],
      },
    });
    m.addLayer({
      id: "partenariats", type: "line", source: "reseau-partenariats", "source-layer": "partnerships", layout: hidden,
      paint: { "line-color": scaleColor, "line-width": 1.6, "line-opacity": 0.8 },
    });
    m.addLayer({
      id: "acteurs-agregats", type: "circle", source: "reseau-acteurs", "source-layer": "actor_cells", layout: hidden,
      paint: {
        "circle-color": "#457b9d", "circle-opacity": 0.7, "circle-stroke-color": "#fff", "circle-stroke-width": 1,
        "circle-radius": ["interpolate", ["linear"], ["sqrt", ["get", "count"]], 1, 3, 10, 7, 40, 14, 200, 26],
      },
    });
    m.addLayer({
      id: "acteurs", type: "circle", source: "reseau-acteurs", "source-layer": "actors", layout: hidden,
      paint: {
        // A closed or dissolved actor (active false) stays on the map, greyed.
        "circle-color": ["case", ["==", ["get", "active"], false], INACTIVE_COLOR, kindColor],
        "circle-opacity": ["case", ["==", ["get", "active"], false], 0.5, 1],
        "circle-radius": ["interpolate", ["linear"], ["sqrt", ["coalesce", ["get", "employees"], 0]], 0, 3.5, 10, 6, 40, 12],
        "circle-stroke-color": "#333", "circle-stroke-width": 0.6,
      },
    });
    const allianceStyle = {
      "circle-color": "rgba(255,255,255,0.3)", "circle-stroke-color": "#e76f51", "circle-stroke-width": 2.5,
    };
    m.addLayer({
      id: "alliances-agregats", type: "circle", source: "reseau-alliances", "source-layer": "alliance_cells", layout: hidden,
      paint: { ...allianceStyle, "circle-radius": ["interpolate", ["linear"], ["sqrt", ["get", "count"]], 1, 5, 10, 10, 40, 18] },
    });
    m.addLayer({
      id: "alliances", type: "circle", source: "reseau-alliances", "source-layer": "alliances", layout: hidden,
      paint: { ...allianceStyle, "circle-radius": ["interpolate", ["linear"], ["zoom"], 4, 5, 10, 12] },
    });
  }

  layerIds() {
    return ["flux", "partenariats", "acteurs-agregats", "acteurs", "alliances-agregats", "alliances"];
  }

  // renderLegend names what the network layers in view draw.
  renderLegend(s) {
    const z = this.map.getZoom();
    const parts = [];
    if (s.layers.has("partenariats") && z >= ZOOM_FEATURES) {
      parts.push(...this.vocabulary.scales.filter((x) => !s.scale || x.code === s.scale)
        .map((x) => `<span><span class="trait" style="background:${x.color}"></span>${x.label}</span>`));
    }
    if (s.layers.has("flux")) {
      const between = z < ZOOM_FLOWS_DEPARTEMENT ? "régions" : z < ZOOM_FLOWS_EPCI ? "départements" : "EPCI";
      parts.push(`<span><span class="trait" style="background:#5b4b8a;height:5px"></span>Flux de partenariats entre ${between} (épaisseur : nombre)${z >= ZOOM_FEATURES ? ", là où les partenariats sont trop nombreux" : ""}</span>`);
    }
    if (s.layers.has("acteurs")) {
      parts.push(`<span><span class="trait" style="background:#457b9d;height:0.8em;width:0.8em;border-radius:50%"></span>Acteurs regroupés (surface : nombre)</span>`);
    }
    if (s.layers.has("acteurs") && z >= ZOOM_FEATURES) {
      parts.push(...this.vocabulary.kinds.filter((k) => !s.kind || k.code === s.kind)
        .map((k) => `<span><span class="trait" style="background:${k.color};height:0.7em;width:0.7em;border-radius:50%"></span>${k.label}</span>`));
      parts.push(`<span><span class="trait" style="background:${INACTIVE_COLOR};opacity:0.5;height:0.7em;width:0.7em;border-radius:50%"></span>Fermés ou dissous</span>`);
    }
    if (s.layers.has("alliances")) {
      parts.push(`<span><span class="trait" style="border:2px solid #e76f51;height:0.6em;width:0.6em;border-radius:50%"></span>Alliances territoriales</span>`);
    }
    const box = document.getElementById("legende-reseau");
    box.className = parts.length ? "legende-reseau" : "";
    box.innerHTML = parts.join("");
  }

  // refresh shows the layers the state asks for and points each source at
  // the tiles of its filters: a changed filter reloads that source's tiles
  // (MapLibre aborts the requests of the old ones), an unchanged one
  // nothing. The tiles follow the view by themselves.
  async refresh(s) {
    const filters = this.filters(s);
    for (const [source, f] of Object.entries(filters)) {
      const url = this.tileURL(source, f);
      if (url !== this.urls[source]) {
        this.urls[source] = url;
        this.map.getSource(source).setUrl(url);
      }
    }
    for (const [layer, ids] of Object.entries(LAYERS_OF)) {
      for (const id of ids) this.map.setLayoutProperty(id, "visibility", s.layers.has(layer) ? "visible" : "none");
    }
    this.renderLegend(s);
  }

  // exportLayer is a layer's features in the view, with the state's
  // filters, as the items endpoint gives them; flows, all of them at the
  // level of the zoom, as /api/flows does.
  async exportLayer(which, s) {
    if (which === "flux") {
      const z = this.map.getZoom();
      const level = z < ZOOM_FLOWS_DEPARTEMENT ? "region" : z < ZOOM_FLOWS_EPCI ? "departement" : "epci";
      return getJSON(`/api/flows${query({ level, ...this.filters(s)["reseau-partenariats"] })}`, { what: "les flux" });
    }
    const source = { acteurs: "reseau-acteurs", partenariats: "reseau-partenariats", alliances: "reseau-alliances" }[which];
    const { collection } = SOURCES[source];
    const filters = this.filters(s)[source];
    return getJSON(`/ogc/collections/${collection}/items${query({ bbox: viewBBox(this.map), limit: EXPORT_LIMIT, ...filters })}`,
      { what: `les ${which}`, accept: "application/geo+json" });
  }
}
