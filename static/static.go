// Package static holds the browser viewer's own files (index.html, the ES
// modules app.js imports, app.css), embedded in the binary. It imports nothing of the project:
// server serves FS; MapLibre itself is not here but read from
// node_modules (npm ci) at run time.
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
