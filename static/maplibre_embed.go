//go:build embedmaplibre

package static

import (
	"embed"
	"io/fs"
)

// maplibre is filled by make build, which copies MapLibreFiles from
// node_modules/maplibre-gl/dist into maplibre-gl/ (not in the repository).
//
//go:embed maplibre-gl
var maplibre embed.FS

func init() {
	sub, err := fs.Sub(maplibre, "maplibre-gl")
	if err != nil {
		panic(err) // a fixed path inside this package's own embed
	}
	MapLibre = sub
}
