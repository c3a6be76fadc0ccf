// Maillage's map viewer, first step: the départements base map, drawn from
// the server's own OGC API with no outside source (no tiles, no glyphs, no
// fonts), so it works offline. Tests read window.map and wait for
// document.body.dataset.ready === "1", set once the map is idle.
import * as maplibregl from "/vendor/maplibre-gl/maplibre-gl.mjs";

const DEPARTEMENTS_URL = "/ogc/collections/departements/items?limit=200&properties=name,region";

// Metropolitan France with Corsica, west-south-east-north.
const FRANCE = [[-5.3, 41.2], [9.7, 51.2]];

const chargement = document.getElementById("chargement");
const erreur = document.getElementById("erreur");

function montrerErreur(message) {
  erreur.textContent = message;
  erreur.hidden = false;
  chargement.hidden = true;
}

async function chargerDepartements() {
  let res;
  try {
    res = await fetch(DEPARTEMENTS_URL, { headers: { Accept: "application/geo+json" } });
  } catch (e) {
    throw new Error(`Le serveur ne répond pas (${e.message}).`);
  }
  if (!res.ok) {
    let detail = "";
    try {
      const p = await res.json();
      detail = p.detail || p.title || "";
    } catch {
      // not a problem document: the status says enough
    }
    throw new Error(`Les départements n'ont pas pu être chargés (HTTP ${res.status}${detail ? " : " + detail : ""}).`);
  }
  return res.json();
}

const map = new maplibregl.Map({
  container: "carte",
  bounds: FRANCE,
  fitBoundsOptions: { padding: 20 },
  attributionControl: false,
  style: {
    version: 8,
    sources: {},
    layers: [
      { id: "mer", type: "background", paint: { "background-color": "#cfe3f0" } },
    ],
  },
});
window.map = map;
map.addControl(new maplibregl.NavigationControl({ showCompass: false }), "top-right");
map.addControl(new maplibregl.AttributionControl({
  compact: true,
  customAttribution: "Départements : Natural Earth (domaine public)",
}));

map.on("error", (e) => {
  montrerErreur(`Erreur de la carte : ${e.error ? e.error.message : "inconnue"}.`);
});

async function demarrer() {
  const [departements] = await Promise.all([
    chargerDepartements(),
    map.once("load"),
  ]);
  map.addSource("departements", { type: "geojson", data: departements });
  map.addLayer({
    id: "departements-fond",
    type: "fill",
    source: "departements",
    paint: { "fill-color": "#f4f1e8", "fill-opacity": 0.95 },
  });
  map.addLayer({
    id: "departements-contour",
    type: "line",
    source: "departements",
    paint: { "line-color": "#7a6f5d", "line-width": 0.8 },
  });
  await map.once("idle");
  chargement.hidden = true;
  document.body.dataset.ready = "1";
}

demarrer().catch((e) => {
  console.error("maillage:", e);
  montrerErreur(e.message);
});
