// Export of what the map holds, as GeoJSON or CSV, built in the page from
// the layer's data (nothing is fetched again) and saved through a blob.

// CSV columns: a feature's id, its properties (flattened to text), and
// its position for a point.
export function toCSV(fc) {
  const keys = new Set();
  for (const f of fc.features) for (const k of Object.keys(f.properties || {})) keys.add(k);
  const cols = ["id", ...keys];
  const hasPoints = fc.features.some((f) => f.geometry?.type === "Point");
  if (hasPoints) cols.push("lon", "lat");
  const cell = (v) => {
    if (v === null || v === undefined) return "";
    let s = typeof v === "object" ? JSON.stringify(v) : String(v);
    // A text a spreadsheet would take for a formula (=, +, -, @, a tab or
    // a carriage return first) is kept text by a leading apostrophe, as
    // OWASP advises against CSV injection; numbers stay numbers.
    if (typeof v !== "number" && /^[=+\-@\t\r]/.test(s)) s = "'" + s;
    return /[",\n;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const rows = [cols.join(",")];
  for (const f of fc.features) {
    const r = [cell(f.id), ...[...keys].map((k) => cell(f.properties?.[k]))];
    if (hasPoints) {
      const c = f.geometry?.type === "Point" ? f.geometry.coordinates : ["", ""];
      r.push(cell(c[0]), cell(c[1]));
    }
    rows.push(r.join(","));
  }
  return rows.join("\r\n") + "\r\n";
}

export function download(name, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

// setupExport wires the export buttons to the layer chosen in the list:
// the territories drawn (choropleth) or a layer of the network.
export function setupExport({ state, choropleth, network, onError }) {
  const $ = (id) => document.getElementById(id);
  const exportData = async () => {
    const which = $("export-couche").value;
    if (which === "choroplethe") {
      const { level, fc } = await choropleth.exportLayer();
      return { name: `maillage-${state.view === "ecarts" ? "ecarts-" + state.gapDomain : state.indicator}-${level}`, fc };
    }
    return { name: `maillage-${which}`, fc: await network.exportLayer(which, state) };
  };
  $("export-geojson").addEventListener("click", async () => {
    const { name, fc } = await exportData().catch((e) => { onError(e); return {}; });
    if (!name) return;
    download(name + ".geojson", JSON.stringify(fc), "application/geo+json");
  });
  $("export-csv").addEventListener("click", async () => {
    const { name, fc } = await exportData().catch((e) => { onError(e); return {}; });
    if (!name) return;
    download(name + ".csv", toCSV(fc ?? { features: [] }), "text/csv;charset=utf-8");
  });
}
