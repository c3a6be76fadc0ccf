// The partnership network over the choropleth: actors (circles by kind,
// sized by employees, clustered until zoomed in), partnerships (lines
// coloured by scale), flows between territories (zoomed out, width by
// count) and alliances. Actors and partnerships are read for the view only
// (bbox, with a cap), so the page stays light at national size.
import { getJSON, query, viewBBox, viewBounds, clampBounds, emptyCollection } from "./api.js";
import { number } from "./format.js";

export const ZOOM_ACTORS = 8;
export const ZOOM_PARTNERSHIPS = 9;
// Below ZOOM_PARTNERSHIPS flows stand for the lines: région flows under
// the département level's zoom, département flows above.
const ZOOM_FLOWS_DEPARTEMENT = 4.5;
const PER_VIEW = 5000;

export class Network {
  constructor(map, { vocabulary, onError, onNote }) {
    this.map = map;
    this.vocabulary = vocabulary;
    this.onError = onError;
    this.onNote = onNote;
    this.data = {
      acteurs: emptyCollection(), "acteurs-agregats": emptyCollection(), partenariats: emptyCollection(),
      flux: emptyCollection(), alliances: emptyCollection(),
    };
    this.controllers = {};
    this.lastKey = {};
  }

  addLayers() {
    const m = this.map;
    const kindColor = ["match", ["get", "kind"]];
    for (const k of this.vocabulary.kinds) kindColor.push(k.code, k.color);
    kindColor.push("#999");
    const scaleColor = ["match", ["get", "scale"]];
    for (const s of this.vocabulary.scales) scaleColor.push(s.code, s.color);
    scaleColor.push("#666");

    m.addSource("flux", { type: "geojson", data: emptyCollection() });
    m.addLayer({
      id: "flux", type: "line", source: "flux", maxzoom: ZOOM_PARTNERSHIPS,
      layout: { "line-cap": "round" },
      paint: {
        // Thin, faint single links; the strong pairs stand out.
        "line-color": "#5b4b8a",
        "line-opacity": ["interpolate", ["linear"], ["get", "count"], 1, 0.06, 10, 0.3, 50, 0.6, 200, 0.8],
        "line-width": ["interpolate", ["linear"], ["get", "count"], 1, 0.4, 10, 1.2, 50, 3, 200, 7, 1000, 14],
      },
    });
    m.addSource("partenariats", { type: "geojson", data: emptyCollection() });
    m.addLayer({
      id: "partenariats", type: "line", source: "partenariats", minzoom: ZOOM_PARTNERSHIPS,
      paint: { "line-color": scaleColor, "line-width": 1.6, "line-opacity": 0.8 },
    });
    // Zoomed out, the server groups the actors on a grid (/api/actor-clusters):
    // the page never holds more than one point per 64 pixels.
    m.addSource("acteurs-agregats", { type: "geojson", data: emptyCollection() });
    m.addLayer({
      id: "acteurs-agregats", type: "circle", source: "acteurs-agregats", maxzoom: ZOOM_ACTORS,
      paint: {
        "circle-color": "#457b9d", "circle-opacity": 0.7, "circle-stroke-color": "#fff", "circle-stroke-width": 1,
        "circle-radius": ["interpolate", ["linear"], ["sqrt", ["get", "count"]], 1, 3, 10, 8, 40, 18, 100, 30],
      },
    });
    m.addSource("acteurs", { type: "geojson", data: emptyCollection(), cluster: true, clusterMaxZoom: 11, clusterRadius: 40 });
    m.addLayer({
      id: "acteurs-groupes", type: "circle", source: "acteurs", minzoom: ZOOM_ACTORS, filter: ["has", "point_count"],
      paint: {
        "circle-color": "#457b9d", "circle-opacity": 0.75, "circle-stroke-color": "#fff", "circle-stroke-width": 1,
        "circle-radius": ["step", ["get", "point_count"], 8, 10, 12, 50, 17, 200, 23],
      },
    });
    m.addLayer({
      id: "acteurs", type: "circle", source: "acteurs", minzoom: ZOOM_ACTORS, filter: ["!", ["has", "point_count"]],
      paint: {
        "circle-color": kindColor,
        "circle-radius": ["interpolate", ["linear"], ["sqrt", ["coalesce", ["get", "employees"], 0]], 0, 3.5, 10, 6, 40, 12],
        "circle-stroke-color": "#333", "circle-stroke-width": 0.6,
      },
    });
    m.addSource("alliances", { type: "geojson", data: emptyCollection() });
    m.addLayer({
      id: "alliances", type: "circle", source: "alliances",
      paint: {
        "circle-color": "rgba(255,255,255,0.3)", "circle-radius": ["interpolate", ["linear"], ["zoom"], 4, 5, 10, 12],
        "circle-stroke-color": "#e76f51", "circle-stroke-width": 2.5,
      },
    });
  }

  layerIds() {
    return ["flux", "partenariats", "acteurs-agregats", "acteurs-groupes", "acteurs", "alliances"];
  }

  // renderLegend names what the network layers in view draw.
  renderLegend(s) {
    const z = this.map.getZoom();
    const parts = [];
    if (s.layers.has("partenariats") && z >= ZOOM_PARTNERSHIPS) {
      parts.push(...this.vocabulary.scales.filter((x) => !s.scale || x.code === s.scale)
        .map((x) => `<span><span class="trait" style="background:${x.color}"></span>${x.label}</span>`));
    }
    if (s.layers.has("flux") && z < ZOOM_PARTNERSHIPS) {
      parts.push(`<span><span class="trait" style="background:#5b4b8a;height:5px"></span>Flux de partenariats entre ${z < ZOOM_FLOWS_DEPARTEMENT ? "régions" : "départements"} (épaisseur : nombre)</span>`);
    }
    if (s.layers.has("acteurs") && z < ZOOM_ACTORS) {
      parts.push(`<span><span class="trait" style="background:#457b9d;height:0.8em;width:0.8em;border-radius:50%"></span>Acteurs regroupés (surface : nombre)</span>`);
    }
    if (s.layers.has("acteurs") && z >= ZOOM_ACTORS) {
      parts.push(...this.vocabulary.kinds.filter((k) => !s.kind || k.code === s.kind)
        .map((k) => `<span><span class="trait" style="background:${k.color};height:0.7em;width:0.7em;border-radius:50%"></span>${k.label}</span>`));
    }
    if (s.layers.has("alliances")) {
      parts.push(`<span><span class="trait" style="border:2px solid #e76f51;height:0.6em;width:0.6em;border-radius:50%"></span>Alliances territoriales</span>`);
    }
    const box = document.getElementById("legende-reseau");
    box.className = parts.length ? "legende-reseau" : "";
    box.innerHTML = parts.join("");
  }

  // refresh fetches what the view and the state need, and hides what the
  // state leaves out. Each layer refetches only when its query changed.
  async refresh(s) {
    const z = this.map.getZoom();
    const bbox = viewBBox(this.map);
    // The actor-kind filter applies to links too: either end of that kind
    // (a CQL2 filter, the codes being the vocabulary's own).
    const links = {
      scale: s.scale, category: s.category, domain: s.domain,
      filter: s.kind ? `kind_a = '${s.kind}' OR kind_b = '${s.kind}'` : "",
    };
    const jobs = [];
    const want = (layer, on, url, what, partial = true) => {
      this.visible(layer, on);
      if (!on) {
        this.onNote(layer, "");
        return;
      }
      jobs.push(this.load(layer, url, what, partial));
    };
    want("acteurs-agregats", s.layers.has("acteurs") && z < ZOOM_ACTORS,
      `/api/actor-clusters${query({ zoom: Math.round(z), bbox: cellBBox(viewBounds(this.map), Math.round(z)), kind: s.kind })}`,
      "les acteurs regroupés", false);
    want("acteurs", s.layers.has("acteurs") && z >= ZOOM_ACTORS,
      `/ogc/collections/actors/items${query({ bbox, limit: PER_VIEW, kind: s.kind, properties: "name,kind,employees,commune,sector" })}`,
      "les acteurs");
    want("partenariats", s.layers.has("partenariats") && z >= ZOOM_PARTNERSHIPS,
      `/ogc/collections/partnerships/items${query({ bbox, limit: PER_VIEW, ...links, properties: "actor_a,actor_b,kind_a,kind_b,category,domain,scale,start" })}`,
      "les partenariats");
    want("flux", s.layers.has("flux") && z < ZOOM_PARTNERSHIPS,
      `/api/flows${query({ level: z < ZOOM_FLOWS_DEPARTEMENT ? "region" : "departement", ...links })}`,
      "les flux");
    want("alliances", s.layers.has("alliances"),
      `/ogc/collections/alliances/items${query({ limit: 10000, stake: s.domain })}`, "les alliances");
    this.renderLegend(s);
    await Promise.all(jobs);
  }

  visible(layer, on) {
    const ids = layer === "acteurs" ? ["acteurs", "acteurs-groupes"] : [layer];
    for (const id of ids) this.map.setLayoutProperty(id, "visibility", on ? "visible" : "none");
  }

  // load fetches a layer's data unless its URL is the one drawn; partial
  // says whether a response holding fewer features than numberMatched
  // means features were left out (a capped page), which a note then says.
  async load(layer, url, what, partial) {
    if (this.lastKey[layer] === url) return;
    this.controllers[layer]?.abort();
    const controller = new AbortController();
    this.controllers[layer] = controller;
    try {
      const fc = await getJSON(url, { what, accept: "application/geo+json", signal: controller.signal });
      this.lastKey[layer] = url;
      // Clustering drops feature ids: keep them as a property too.
      for (const f of fc.features) f.properties = { id: f.id, ...f.properties };
      this.data[layer] = fc;
      this.map.getSource(layer).setData(fc);
      const matched = fc.numberMatched;
      this.onNote(layer, partial && matched > fc.features.length
        ? `${number(fc.features.length, 0)} ${what.replace(/^les /, "")} sur ${number(matched, 0)} dans la vue : zoomez pour les voir tous.` : "");
    } catch (e) {
      if (e.name !== "AbortError") this.onError(e);
    }
  }
}

// cellBBox widens a view to whole cells of /api/actor-clusters' grid at
// zoom (side 90 / 2^zoom degrees, exact in binary): a group is then all
// of its cell's actors, not those of the part in view, so groups do not
// change as the map pans, and a pan within the same cells asks nothing
// new (the URL is the same).
function cellBBox(bounds, zoom) {
  const side = 90 / 2 ** zoom;
  const [w, s, e, n] = bounds;
  return clampBounds([Math.floor(w / side) * side, Math.floor(s / side) * side, Math.ceil(e / side) * side, Math.ceil(n / side) * side]).join(",");
}
