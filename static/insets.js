// The overseas départements, each drawn in a box beside the mainland as
// the Observatoire des territoires draws them: the choropleth of the main
// map's level, coloured alike; a click opens the clicked territory.
const OVERSEAS = [ // west-south-east-north
  { code: "971", name: "Guadeloupe", bounds: [[-61.81, 15.83], [-61.0, 16.52]] },
  { code: "972", name: "Martinique", bounds: [[-61.23, 14.39], [-60.81, 14.88]] },
  { code: "973", name: "Guyane", bounds: [[-54.6, 2.1], [-51.6, 5.8]] },
  { code: "974", name: "La Réunion", bounds: [[55.21, -21.39], [55.84, -20.87]] },
  { code: "976", name: "Mayotte", bounds: [[44.98, -13.0], [45.3, -12.63]] },
];

// openInsets makes the five boxes in container and returns them, each
// with its map.
export function openInsets(container, maplibregl, { choropleth, onTerritory }) {
  return OVERSEAS.map((o) => {
    const box = document.createElement("figure");
    box.className = "encart";
    box.dataset.departement = o.code;
    box.innerHTML = `<div class="encart-carte"></div><figcaption>${o.name}</figcaption>`;
    container.append(box);
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
      if (f) onTerritory({ level: f.layer.metadata.level, code: f.properties.code });
    });
    m.getCanvas().style.cursor = "pointer";
    return { ...o, map: m };
  });
}
