// Package analysis is Maillage's application layer, between the HTTP server
// and the stores: what a regional authority asks of the data rather than
// the rows themselves. It owns the gap ranking (fragility against
// partnership coverage), the territory portrait and timeline (its
// partnerships and partnering rates year by year), the mise en relation
// suggestions, the gap collections — computed layers served as OGC
// features beside the stored ones — and what each zoom of a vector tile
// shows (tiles.go: the stores' features where a tile can hold them, cells
// and flows where it cannot). Analyses that a store aggregates where
// the rows are (observatory figures, flows, actor cells) also reach the
// server through here, so that whatever is kept of an answer is kept in
// one place.
//
// It reads through the data.Store seam only, so both stores give the same
// answers by construction; the scoring rules themselves are pure functions
// of geo. It imports data and geo, never server or cmd, and no store
// imports it: data/postgis and data/memory know nothing of gaps, portraits
// or suggestions.
package analysis
