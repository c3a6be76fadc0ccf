package data

import (
	"fmt"
	"io"
	"strings"
)

// ImportKind names what a file holds; each kind has one file format (see the
// README's "Import formats").
type ImportKind string

// The kinds of file `maillage import` and Store.Import accept.
const (
	ImportTerritories     ImportKind = "territories"      // GeoJSON FeatureCollection
	ImportContours        ImportKind = "contours"         // GeoJSON: communes' areas, by INSEE code
	ImportIndicators      ImportKind = "indicators"       // CSV catalogue
	ImportIndicatorValues ImportKind = "indicator-values" // CSV, long format
	ImportActors          ImportKind = "actors"           // CSV (lon/lat or commune) or GeoJSON
	ImportPartnerships    ImportKind = "partnerships"     // CSV of actor ids
	ImportAlliances       ImportKind = "alliances"        // CSV
	ImportAllianceMembers ImportKind = "alliance-members" // CSV
	// ImportSirene is INSEE's SIRENE stock file of establishments
	// (StockEtablissement, CSV as published): actors, upserted by SIRET.
	ImportSirene ImportKind = "sirene"
	// ImportRNA is an extract of the national register of associations
	// (RNA "waldec" CSV, ISO-8859-1): actors, upserted by SIRET or RNA
	// number.
	ImportRNA ImportKind = "rna"
)

// ImportKinds lists the kinds in the order a full load must follow, so that
// every reference points at rows already loaded.
var ImportKinds = []ImportKind{ImportTerritories, ImportContours, ImportIndicators, ImportIndicatorValues,
	ImportActors, ImportSirene, ImportRNA, ImportPartnerships, ImportAlliances, ImportAllianceMembers}

// Progress is told how many rows have been handled; total is -1 when unknown.
type Progress func(done, total int)

// ImportRequest is one file to load in one transaction. Name is what error
// messages call the file. GeoJSON is true when an actors file is GeoJSON
// rather than CSV; Binary when indicator values come in the dataset
// directory's compact binary form (indicator_values.bin, as `maillage
// demo --out` writes them) rather than CSV. FileFormat gives both from a
// file's name.
type ImportRequest struct {
	Kind     ImportKind
	Name     string
	Body     io.Reader
	GeoJSON  bool
	Binary   bool
	Progress Progress
	// Author is who imports, for the history (an HTTP import's token);
	// zero names the import by its file ("import of NAME").
	Author Author
}

// FileFormat tells from a file's name, a trailing ".gz" aside, whether it
// is GeoJSON (".geojson" or ".json") or binary (".bin"); anything else is
// CSV. Only actors have a GeoJSON form besides CSV, and only indicator
// values a binary one.
func FileFormat(kind ImportKind, name string) (geoJSON, binary bool) {
	base := strings.TrimSuffix(strings.ToLower(name), ".gz")
	geoJSON = kind == ImportActors && (strings.HasSuffix(base, ".geojson") || strings.HasSuffix(base, ".json"))
	binary = kind == ImportIndicatorValues && strings.HasSuffix(base, ".bin")
	return geoJSON, binary
}

// ImportResult counts what a successful import wrote; an upsert of an
// unchanged row still counts as a row.
type ImportResult struct {
	Rows int
	// Summary says what a registry's file held beyond the rows written
	// (what was left out, and why); empty for the other kinds.
	Summary string
	// ReadAfter is the primary's log position at or past the import's
	// commit (read_after.go); zero where the store does not tell.
	ReadAfter LogPosition
}

// RowError is one bad row: its 1-based line number in the file (the header is
// line 1 in a CSV; the feature's index+1 in a GeoJSON file) and why.
type RowError struct {
	Line   int    `json:"line"`
	Reason string `json:"reason"`
	// Fields are the reasons that lie in one column (or, for a GeoJSON
	// feature, a property or "geometry"), each with it, where the reader
	// knows it.
	Fields []FieldProblem `json:"fields,omitempty"`
}

// ImportError lists every bad row of a rejected file; nothing of the file was
// written.
type ImportError struct {
	File string
	Rows []RowError
	// More counts the bad rows past the first ones listed in Rows.
	More int
}

func (e *ImportError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %d bad row(s), nothing imported", e.File, len(e.Rows)+e.More)
	for _, r := range e.Rows {
		fmt.Fprintf(&b, "\n  line %d: %s", r.Line, r.Reason)
	}
	if e.More > 0 {
		fmt.Fprintf(&b, "\n  … and %d more", e.More)
	}
	return b.String()
}
