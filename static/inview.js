// The territories in view, as a list of buttons: the map's areas reached
// from the keyboard (Tab, then Enter opens a territory's portrait, as a
// click on it does). Filled while the list is open, from what the map
// draws once it is idle: the SHOWN closest to the view's centre, by name.
import { escapeHTML, label } from "./format.js";

const SHOWN = 60;

export function setupInView(map, { choropleth, vocabulary, onTerritory }) {
  const box = document.getElementById("vue-liste");
  const list = document.getElementById("vue-territoires");
  const count = document.getElementById("vue-liste-compte");
  let dirty = true;

  const fill = () => {
    dirty = false;
    const seen = new Map();
    const layers = choropleth.layerIds().filter((id) => map.getLayer(id));
    const centre = map.getCenter();
    for (const f of map.queryRenderedFeatures({ layers })) {
      const level = choropleth.levelOf(f.layer.id);
      const key = `${level}:${f.properties.code}`;
      // A territory comes in pieces, one per tile: its nearest one counts.
      const d = distance(centre, f.geometry);
      const t = seen.get(key);
      if (!t) seen.set(key, { level, code: String(f.properties.code), name: String(f.properties.name ?? f.properties.code), d });
      else t.d = Math.min(t.d, d);
    }
    const all = [...seen.values()].sort((a, b) => a.d - b.d);
    const shown = all.slice(0, SHOWN).sort((a, b) => a.name.localeCompare(b.name, "fr"));
    count.textContent = `(${all.length})`;
    list.innerHTML = shown.map((t) => `<li><button type="button" data-niveau="${t.level}" data-code="${escapeHTML(t.code)}">
        ${escapeHTML(t.name)} <small>${escapeHTML(label(vocabulary, "levels", t.level))} ${escapeHTML(t.code)}</small></button></li>`).join("")
      + (all.length > SHOWN ? `<li class="plus">et ${all.length - SHOWN} autres : zoomez ou cherchez.</li>` : "");
  };
  const refill = () => {
    dirty = true;
    if (box.open && map.loaded()) fill();
  };
  map.on("moveend", () => { dirty = true; });
  map.on("sourcedata", (e) => { if (e.isSourceLoaded && e.sourceId?.startsWith("choro-")) dirty = true; });
  map.on("idle", () => { if (dirty && box.open) fill(); });
  box.addEventListener("toggle", refill);
  list.addEventListener("click", (e) => {
    const b = e.target.closest("button[data-code]");
    if (b) onTerritory({ level: b.dataset.niveau, code: b.dataset.code });
  });
}

// distance is how far, in degrees, the centre of a geometry's bounding box
// lies from the point c: close enough to rank the territories of a view.
function distance(c, geometry) {
  let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity;
  const walk = (x) => {
    if (typeof x[0] === "number") {
      w = Math.min(w, x[0]); e = Math.max(e, x[0]); s = Math.min(s, x[1]); n = Math.max(n, x[1]);
    } else for (const y of x) walk(y);
  };
  walk(geometry.coordinates);
  return Math.hypot((w + e) / 2 - c.lng, (s + n) / 2 - c.lat);
}
