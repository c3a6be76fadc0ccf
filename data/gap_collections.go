package data

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/maillage/maillage/geo"
	"github.com/paulmach/orb"
)

// The gap collections ("gaps-commune" …) serve the gap ranking of one level
// (RankGaps) as OGC features, so that analysts pull it into QGIS or GDAL
// like any layer: each rated territory with its geometry and every
// component of its gap. The domain is a queryable (domain=sport; "all" when
// absent), so is the bivariate class. They are computed, not stored: both
// stores answer them through the functions below, which read the store's
// own ranking inputs and its territory features, so they agree as the
// ranking does. Percentiles are national whatever the bbox.
//
// Features come in code order, like the territory layers, so cursors page
// them; rank orders them by gap. CQL2 filters and sortby are refused (a
// *FilterError naming them): the ranking is computed per request, and
// clients sort by rank themselves.

// GapCollectionPrefix starts the id of each level's gap collection.
const GapCollectionPrefix = "gaps-"

// GapCollectionID is the id of the gap collection of a level.
func GapCollectionID(l geo.Level) string { return GapCollectionPrefix + string(l) }

// gapProperties are the properties of a gap feature, in order.
func gapProperties() []Property {
	return []Property{
		{"name", TypeString, "Nom"},
		{"domain", TypeString, "Domaine (all : tous, à poids égaux)"},
		{"rank", TypeInteger, "Rang (1 = le plus grand écart)"},
		{"population", TypeInteger, "Population"},
		{"partnerships", TypeInteger, "Partenariats du domaine touchant le territoire"},
		{"coverage", TypeNumber, "Couverture : partenariats pour 10 000 habitants"},
		{"coverage_rank", TypeNumber, "Rang centile de la couverture (0 à 1)"},
		{"fragility", TypeNumber, "Fragilité : rang centile moyen des indicateurs (0 à 1, 1 = le plus fragile)"},
		{"gap", TypeNumber, "Écart = fragilité − rang de couverture (−1 à 1)"},
		{"fragility_class", TypeInteger, "Tercile de fragilité (1 à 3)"},
		{"coverage_class", TypeInteger, "Tercile de couverture (1 à 3)"},
		{"class", TypeString, "Classe bivariée fragilité-couverture (3-1 : fragile et peu couvert)"},
	}
}

// gapCollections lists the four gap collections, for Catalog.
func gapCollections() []Collection {
	var out []Collection
	for _, l := range geo.Levels {
		terr, _ := LookupTerritoryCollection(l)
		out = append(out, Collection{ID: GapCollectionID(l), Title: "Écarts de partenariat : " + strings.ToLower(terr.Title),
			Description: "Classement des " + strings.ToLower(terr.Title) + " par écart de partenariat (fragilité − couverture, DESIGN §3), " +
				"un domaine à la fois (domain=…, all par défaut) ; les rangs centiles sont nationaux.",
			GeometryType: terr.GeometryType, IDType: TypeString, GapLevel: l,
			Queryables: []string{"domain", "class"}, Properties: gapProperties()})
	}
	return out
}

// LookupTerritoryCollection returns the territory collection of a level.
func LookupTerritoryCollection(l geo.Level) (Collection, bool) {
	for _, c := range territoryCollections() {
		if c.Level == l {
			return c, true
		}
	}
	return Collection{}, false
}

// IsGapCollection reports whether id names a gap collection; stores hand
// such ids to GapItems, GapCount, GapItem and GapExtent.
func IsGapCollection(id string) bool {
	c, ok := LookupCollection(id)
	return ok && c.GapLevel != ""
}

// gapQuery reads what a gap query asks: the domain and class filters. A
// query using what gap collections do not offer is a *FilterError.
func gapQuery(q ItemsQuery) (domain geo.Domain, class string, err error) {
	domain = geo.DomainAll
	for _, f := range q.Equals {
		switch f.Name {
		case "domain":
			domain = geo.Domain(f.Value)
		case "class":
			class = f.Value
		default:
			return "", "", &FilterError{f.Name, ": not a queryable of the gap collections (domain, class)"}
		}
	}
	if !domain.Valid() && domain != geo.DomainAll {
		return "", "", &FilterError{"domain", fmt.Sprintf("=%q is not a partnership domain nor %q", domain, geo.DomainAll)}
	}
	switch {
	case q.Filter != nil:
		return "", "", &FilterError{"filter", ": the gap collections take no CQL2 filter; use domain= and class="}
	case len(q.SortBy) > 0:
		return "", "", &FilterError{"sortby", ": the gap collections come in code order; sort by rank on your side"}
	case q.During != nil:
		return "", "", &FilterError{"datetime", ": the gap collections have no temporal property"}
	case q.Touches != nil:
		return "", "", &FilterError{string(q.Touches.Level), ": not a parameter of the gap collections"}
	}
	return domain, class, nil
}

// gapFeatures ranks the level of col for q's domain and walks the territory
// features of that level that q's bbox and cursor keep, calling fn with
// each rated territory's feature rewritten with its gap. fn returns false to
// stop.
func gapFeatures(ctx context.Context, s Store, col Collection, q ItemsQuery, fn func(feature []byte) (bool, error)) error {
	domain, class, err := gapQuery(q)
	if err != nil {
		return err
	}
	report, err := RankGaps(ctx, s, col.GapLevel, domain, nil)
	if errors.Is(err, ErrInvalidFilter) {
		return nil // the domain is valid (gapQuery): no indicator calls for it here, so nothing is rated
	}
	if err != nil {
		return err
	}
	rows := make(map[string]*geo.Gap, len(report.Rows))
	for i := range report.Rows {
		if class == "" || report.Rows[i].Class == class {
			rows[report.Rows[i].Code] = &report.Rows[i]
		}
	}
	terr, _ := LookupTerritoryCollection(col.GapLevel)
	inner := ItemsQuery{BBox: q.BBox, After: q.After, CRS: q.CRS, Properties: []string{}}
	var buf []byte
	stop := fmt.Errorf("stop")
	err = s.Items(ctx, terr.ID, inner, func(f []byte) error {
		var feat struct {
			ID       string          `json:"id"`
			Geometry json.RawMessage `json:"geometry"`
		}
		if err := json.Unmarshal(f, &feat); err != nil {
			return fmt.Errorf("gap feature: %w", err)
		}
		g, ok := rows[feat.ID]
		if !ok {
			return nil
		}
		buf = appendGapFeature(buf[:0], feat.ID, feat.Geometry, report.Names[feat.ID], domain, g, q.Properties)
		more, err := fn(buf)
		if err != nil {
			return err
		}
		if !more {
			return stop
		}
		return nil
	})
	if err == stop {
		return nil
	}
	return err
}

// appendGapFeature writes one gap feature, its properties in catalogue
// order, only those of props when it is not nil.
func appendGapFeature(b []byte, code string, geom json.RawMessage, name string, domain geo.Domain, g *geo.Gap, props []string) []byte {
	b = append(b, `{"type":"Feature","id":`...)
	b = appendJSONString(b, code)
	b = append(b, `,"geometry":`...)
	b = append(b, bytes.TrimSpace(geom)...)
	b = append(b, `,"properties":{`...)
	first := true
	for _, p := range gapProperties() {
		if props != nil && !slices.Contains(props, p.Name) {
			continue
		}
		if !first {
			b = append(b, ',')
		}
		first = false
		b = appendJSONString(b, p.Name)
		b = append(b, ':')
		switch p.Name {
		case "name":
			b = appendJSONString(b, name)
		case "domain":
			b = appendJSONString(b, string(domain))
		case "rank":
			b = strconv.AppendInt(b, int64(g.Rank), 10)
		case "population":
			b = strconv.AppendInt(b, int64(g.Population), 10)
		case "partnerships":
			b = strconv.AppendInt(b, int64(g.Partnerships), 10)
		case "coverage":
			b = appendJSONNumber(b, g.Coverage)
		case "coverage_rank":
			b = appendJSONNumber(b, g.CoverageRank)
		case "fragility":
			b = appendJSONNumber(b, g.Fragility)
		case "gap":
			b = appendJSONNumber(b, g.Gap)
		case "fragility_class":
			b = strconv.AppendInt(b, int64(g.FragilityClass), 10)
		case "coverage_class":
			b = strconv.AppendInt(b, int64(g.CoverageClass), 10)
		case "class":
			b = appendJSONString(b, g.Class)
		}
	}
	return append(b, "}}"...)
}

// GapItems answers Store.Items for a gap collection of s.
func GapItems(ctx context.Context, s Store, collection string, q ItemsQuery, emit EmitFunc) error {
	col, ok := LookupCollection(collection)
	if !ok || col.GapLevel == "" {
		return fmt.Errorf("collection %q: %w", collection, ErrNotFound)
	}
	if err := q.Validate(); err != nil {
		return err
	}
	limit := q.Limit
	if limit == 0 {
		limit = MaxLimit
	}
	skipped, sent := 0, 0
	return gapFeatures(ctx, s, col, q, func(f []byte) (bool, error) {
		if skipped < q.Offset {
			skipped++
			return true, nil
		}
		if err := emit(f); err != nil {
			return false, err
		}
		sent++
		return sent < limit, nil
	})
}

// GapCount answers Store.CountItems for a gap collection of s.
func GapCount(ctx context.Context, s Store, collection string, q ItemsQuery) (int64, error) {
	col, ok := LookupCollection(collection)
	if !ok || col.GapLevel == "" {
		return 0, fmt.Errorf("collection %q: %w", collection, ErrNotFound)
	}
	q.After, q.Offset, q.Limit, q.Properties = "", 0, 0, []string{}
	var n int64
	err := gapFeatures(ctx, s, col, q, func([]byte) (bool, error) {
		n++
		return q.CountCap <= 0 || n < q.CountCap, nil
	})
	return n, err
}

// GapItem answers Store.Item for a gap collection of s: the territory's
// feature in the "all" ranking, ErrNotFound for an unrated or unknown one.
func GapItem(ctx context.Context, s Store, collection, id string, crs geo.CRS) ([]byte, error) {
	col, ok := LookupCollection(collection)
	if !ok || col.GapLevel == "" {
		return nil, fmt.Errorf("collection %q: %w", collection, ErrNotFound)
	}
	report, err := RankGaps(ctx, s, col.GapLevel, geo.DomainAll, nil)
	if errors.Is(err, ErrInvalidFilter) {
		return nil, fmt.Errorf("%s %q: nothing is rated: %w", collection, id, ErrNotFound)
	}
	if err != nil {
		return nil, err
	}
	i := slices.IndexFunc(report.Rows, func(g geo.Gap) bool { return g.Code == id })
	if i < 0 {
		return nil, fmt.Errorf("%s %q: %w", collection, id, ErrNotFound)
	}
	terr, _ := LookupTerritoryCollection(col.GapLevel)
	f, err := s.Item(ctx, terr.ID, id, crs)
	if err != nil {
		return nil, err
	}
	var feat struct {
		Geometry json.RawMessage `json:"geometry"`
	}
	if err := json.Unmarshal(f, &feat); err != nil {
		return nil, fmt.Errorf("gap feature: %w", err)
	}
	return appendGapFeature(nil, id, feat.Geometry, report.Names[id], geo.DomainAll, &report.Rows[i], nil), nil
}

// GapExtent answers Store.Extent for a gap collection of s: its level's.
func GapExtent(ctx context.Context, s Store, collection string) (orb.Bound, *Interval, error) {
	col, ok := LookupCollection(collection)
	if !ok || col.GapLevel == "" {
		return orb.Bound{}, nil, fmt.Errorf("collection %q: %w", collection, ErrNotFound)
	}
	terr, _ := LookupTerritoryCollection(col.GapLevel)
	return s.Extent(ctx, terr.ID)
}

// appendJSONString writes s as a JSON string (data cannot use dataset's
// writers: dataset imports data).
func appendJSONString(b []byte, s string) []byte {
	q, _ := json.Marshal(s) // a string always marshals
	return append(b, q...)
}

// appendJSONNumber writes a finite float in its shortest form.
func appendJSONNumber(b []byte, v float64) []byte {
	return strconv.AppendFloat(b, v, 'g', -1, 64)
}
