package server

import (
	"github.com/maillage/maillage/analysis"
	"github.com/maillage/maillage/data"
)

// catalog lists every collection the server serves, in the order clients
// see them: the stored ones (data.Catalog()), then the gap collections the
// analysis package computes.
func catalog() []data.Collection {
	return append(data.Catalog(), analysis.GapCollections()...)
}

// lookupCollection returns the served collection of that id.
func lookupCollection(id string) (data.Collection, bool) {
	if col, ok := data.LookupCollection(id); ok {
		return col, true
	}
	col, _, ok := analysis.LookupGapCollection(id)
	return col, ok
}

// source returns what serves a collection's features: the analysis layer
// for a computed (gap) collection, the store for a stored one. Routing here,
// before any store is asked, keeps the stores ignorant of the analyses.
func (s *Server) source(col data.Collection) data.Collections {
	if analysis.IsGapCollection(col.ID) {
		return s.analyst.GapLayers()
	}
	return s.store
}
