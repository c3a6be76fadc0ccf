package static

import "io/fs"

// MapLibre holds MapLibre GL JS's files as the viewer loads them
// (maplibre-gl.mjs, its worker, its stylesheet), or is nil when the binary
// was built without the embedmaplibre tag (maplibre_embed.go).
var MapLibre fs.FS

// MapLibreFiles are the files of MapLibre's dist folder the viewer needs,
// the ones make build copies into maplibre-gl/ to embed.
var MapLibreFiles = []string{"maplibre-gl.mjs", "maplibre-gl-worker.mjs", "maplibre-gl.css"}
