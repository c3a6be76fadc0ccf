// Package static holds the browser viewer's own files (index.html, the ES
// modules app.js imports, app.css), embedded in the binary. It imports
// nothing of the project: server serves FS. MapLibre GL JS is embedded too
// when the binary is built with the embedmaplibre tag (make build copies
// its files from node_modules into maplibre-gl/ first: MapLibre); without
// the tag, the server reads them from node_modules at run time.
package static

import (
	"embed"
	"io/fs"
)

//go:embed *.html *.js *.css
var files embed.FS

// FS is the viewer's files, named as in this folder ("index.html").
var FS fs.FS = files

// Index is the name of the viewer's page in FS.
const Index = "index.html"
