package analysis

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/data/dataset"
	"github.com/maillage/maillage/geo"
	"github.com/paulmach/orb"
)

// The gap collections ("gaps-commune" …) serve the gap ranking of one level
// (RankGaps) as OGC features, so that analysts pull it into QGIS or GDAL
// like any layer: each rated territory with its geometry and every
// component of its gap. The domain is a queryable (domain=sport; "all" when
// absent), so is the bivariate class. They are computed, not stored: the
// server lists them beside data.Catalog() and routes their requests here
// (GapLayers) before any store is asked; the features are the store's own
// territory features rewritten with their ranking row, so both stores agree
// as the ranking does. Percentiles are national whatever the bbox.
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
func gapProperties() []data.Property {
	return []data.Property{
		{Name: "name", Type: data.TypeString, Title: "Nom"},
		{Name: "domain", Type: data.TypeString, Title: "Domaine (all : tous, à poids égaux)"},
		{Name: "rank", Type: data.TypeInteger, Title: "Rang (1 = le plus grand écart)"},
		{Name: "population", Type: data.TypeInteger, Title: "Population"},
		{Name: "partnerships", Type: data.TypeInteger, Title: "Partenariats du domaine touchant le territoire"},
		{Name: "coverage", Type: data.TypeNumber, Title: "Couverture : partenariats pour 10 000 habitants"},
		{Name: "coverage_rank", Type: data.TypeNumber, Title: "Rang centile de la couverture (0 à 1)"},
		{Name: "fragility", Type: data.TypeNumber, Title: "Fragilité : rang centile moyen des indicateurs (0 à 1, 1 = le plus fragile)"},
		{Name: "gap", Type: data.TypeNumber, Title: "Écart = fragilité − rang de couverture (−1 à 1)"},
		{Name: "fragility_class", Type: data.TypeInteger, Title: "Tercile de fragilité (1 à 3)"},
		{Name: "coverage_class", Type: data.TypeInteger, Title: "Tercile de couverture (1 à 3)"},
		{Name: "class", Type: data.TypeString, Title: "Classe bivariée fragilité-couverture (3-1 : fragile et peu couvert)"},
	}
}

// GapCollections lists the four gap collections, one per level, in the
// order of geo.Levels: the server lists them after data.Catalog().
func GapCollections() []data.Collection {
	var out []data.Collection
	for _, l := range geo.Levels {
		out = append(out, gapCollection(l))
	}
	return out
}

// gapCollection is the gap collection of one level.
func gapCollection(l geo.Level) data.Collection {
	terr, _ := data.LookupTerritoryCollection(l)
	return data.Collection{ID: GapCollectionID(l), Title: "Écarts de partenariat : " + strings.ToLower(terr.Title),
		Description: "Classement des " + strings.ToLower(terr.Title) + " par écart de partenariat (fragilité − couverture), " +
			"un domaine à la fois (domain=…, all par défaut) ; les rangs centiles sont nationaux.",
		GeometryType: terr.GeometryType, IDType: data.TypeString,
		Queryables: []string{"domain", "class"}, Properties: gapProperties()}
}

// gapLevel returns the level a gap collection id ranks; ok is false for
// any other id. It builds nothing: the server asks it of every request.
func gapLevel(id string) (geo.Level, bool) {
	l, ok := strings.CutPrefix(id, GapCollectionPrefix)
	return geo.Level(l), ok && geo.Level(l).Valid()
}

// IsGapCollection reports whether id names a gap collection.
func IsGapCollection(id string) bool {
	_, ok := gapLevel(id)
	return ok
}

// LookupGapCollection returns the gap collection of that id and the level
// it ranks; ok is false for any other id.
func LookupGapCollection(id string) (col data.Collection, level geo.Level, ok bool) {
	level, ok = gapLevel(id)
	if !ok {
		return data.Collection{}, "", false
	}
	return gapCollection(level), level, true
}

// gapQuery reads what a gap query asks: the domain and class filters. A
// query using what gap collections do not offer is a *FilterError.
func gapQuery(q data.ItemsQuery) (domain geo.Domain, class string, err error) {
	domain = geo.DomainAll
	for _, f := range q.Equals {
		switch f.Name {
		case "domain":
			domain = geo.Domain(f.Value)
		case "class":
			class = f.Value
		default:
			return "", "", &data.FilterError{Property: f.Name, Problem: ": not a queryable of the gap collections (domain, class)"}
		}
	}
	if !domain.Valid() && domain != geo.DomainAll {
		return "", "", &data.FilterError{Property: "domain", Problem: fmt.Sprintf("=%q is not a partnership domain nor %q", domain, geo.DomainAll)}
	}
	switch {
	case q.Filter != nil:
		return "", "", &data.FilterError{Property: "filter", Problem: ": the gap collections take no CQL2 filter but equalities on domain and class (domain = 'sport' AND class = '3-1'), as domain= and class= say"}
	case len(q.SortBy) > 0:
		return "", "", &data.FilterError{Property: "sortby", Problem: ": the gap collections come in code order; sort by rank on your side"}
	case q.During != nil:
		return "", "", &data.FilterError{Property: "datetime", Problem: ": the gap collections have no temporal property"}
	case q.Touches != nil:
		return "", "", &data.FilterError{Property: string(q.Touches.Level), Problem: ": not a parameter of the gap collections"}
	}
	return domain, class, nil
}

// GapLayers serves the gap collections' features: data.Collections for
// the ids of GapCollections, computed from the Analyst's ranking and its
// store's territory features. Any other id wraps data.ErrNotFound.
type GapLayers struct {
	a *Analyst
}

var _ data.Collections = GapLayers{}

// GapLayers returns the gap collections' server.
func (a *Analyst) GapLayers() GapLayers { return GapLayers{a} }

// gapFeatures ranks level for q's domain and walks the territory features
// of that level that q's bbox and cursor keep, calling fn with each rated
// territory's feature rewritten with its gap. fn returns false to stop.
func (g GapLayers) gapFeatures(ctx context.Context, level geo.Level, q data.ItemsQuery, fn func(feature []byte) (bool, error)) error {
	report, domain, rated, err := g.rated(ctx, level, q)
	if err != nil || len(rated) == 0 {
		return err
	}
	rows := make(map[string]*geo.Gap, len(rated))
	for _, r := range rated {
		rows[r.Code] = r
	}
	terr, _ := data.LookupTerritoryCollection(level)
	var buf []byte
	stop := errors.New("stop")
	// The territories are read a store page at a time, each page after the
	// last code seen: a level holds more territories (35 000 communes) than
	// one page (data.MaxLimit), and every one of them must be walked.
	inner := data.ItemsQuery{BBox: q.BBox, After: q.After, CRS: q.CRS, Properties: []string{}}
	for {
		seen := 0
		err = g.a.store.Items(ctx, terr.ID, inner, func(f []byte) error {
			var feat struct {
				ID       string          `json:"id"`
				Geometry json.RawMessage `json:"geometry"`
			}
			if err := json.Unmarshal(f, &feat); err != nil {
				return fmt.Errorf("gap feature: %w", err)
			}
			seen++
			inner.After = feat.ID
			row, ok := rows[feat.ID]
			if !ok {
				return nil
			}
			buf = appendGapFeature(buf[:0], feat.ID, feat.Geometry, report.Names[feat.ID], domain, row, q.Properties)
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
		if err != nil || seen < data.MaxLimit {
			return err
		}
	}
}

// appendGapFeature writes one gap feature, its properties in catalogue
// order, only those of props when it is not nil.
func appendGapFeature(b []byte, code string, geom json.RawMessage, name string, domain geo.Domain, g *geo.Gap, props []string) []byte {
	b = append(b, `{"type":"Feature","id":`...)
	b = dataset.AppendString(b, code)
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
		b = dataset.AppendString(b, p.Name)
		b = append(b, ':')
		switch p.Name {
		case "name":
			b = dataset.AppendString(b, name)
		case "domain":
			b = dataset.AppendString(b, string(domain))
		case "rank":
			b = strconv.AppendInt(b, int64(g.Rank), 10)
		case "population":
			b = strconv.AppendInt(b, int64(g.Population), 10)
		case "partnerships":
			b = strconv.AppendInt(b, int64(g.Partnerships), 10)
		case "coverage":
			b = dataset.AppendNumber(b, g.Coverage)
		case "coverage_rank":
			b = dataset.AppendNumber(b, g.CoverageRank)
		case "fragility":
			b = dataset.AppendNumber(b, g.Fragility)
		case "gap":
			b = dataset.AppendNumber(b, g.Gap)
		case "fragility_class":
			b = strconv.AppendInt(b, int64(g.FragilityClass), 10)
		case "coverage_class":
			b = strconv.AppendInt(b, int64(g.CoverageClass), 10)
		case "class":
			b = dataset.AppendString(b, g.Class)
		}
	}
	return append(b, "}}"...)
}

// level returns the level a gap collection ranks, or an error wrapping
// data.ErrNotFound.
func (GapLayers) level(collection string) (geo.Level, error) {
	level, ok := gapLevel(collection)
	if !ok {
		return "", fmt.Errorf("collection %q: %w", collection, data.ErrNotFound)
	}
	return level, nil
}

// Items streams a gap collection's features (data.Collections).
func (g GapLayers) Items(ctx context.Context, collection string, q data.ItemsQuery, emit data.EmitFunc) error {
	level, err := g.level(collection)
	if err != nil {
		return err
	}
	if err := q.Validate(); err != nil {
		return err
	}
	limit := q.Limit
	if limit == 0 {
		limit = data.MaxLimit
	}
	skipped, sent := 0, 0
	return g.gapFeatures(ctx, level, q, func(f []byte) (bool, error) {
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

// CountItems counts a gap collection's features matching q
// (data.Collections).
func (g GapLayers) CountItems(ctx context.Context, collection string, q data.ItemsQuery) (int64, error) {
	level, err := g.level(collection)
	if err != nil {
		return 0, err
	}
	q.After, q.Offset, q.Limit, q.Properties = "", 0, 0, []string{}
	if q.BBox == nil {
		// Every rated territory of the class is a feature: the ranking
		// counts them. Walking the level's territory features instead read
		// and parsed 35 000 commune contours for a number: 0.41-0.47 s of
		// a cold first page of gaps-commune on national data.
		return g.countRated(ctx, level, q)
	}
	var n int64
	err = g.gapFeatures(ctx, level, q, func([]byte) (bool, error) {
		n++
		return q.CountCap <= 0 || n < q.CountCap, nil
	})
	return n, err
}

// rated ranks level for q's domain and returns the ranking, the domain,
// and its rows of q's class (every row without one). A valid domain no
// indicator calls for at this level rates nothing: no row, no error.
func (g GapLayers) rated(ctx context.Context, level geo.Level, q data.ItemsQuery) (GapReport, geo.Domain, []*geo.Gap, error) {
	domain, class, err := gapQuery(q)
	if err != nil {
		return GapReport{}, "", nil, err
	}
	report, err := g.a.RankGaps(ctx, level, domain, nil, data.Today(ctx))
	if errors.Is(err, data.ErrInvalidFilter) {
		return GapReport{}, domain, nil, nil // valid (gapQuery), but nothing is rated here
	}
	if err != nil {
		return GapReport{}, "", nil, err
	}
	var rows []*geo.Gap
	for i := range report.Rows {
		if class == "" || report.Rows[i].Class == class {
			rows = append(rows, &report.Rows[i])
		}
	}
	return report, domain, rows, nil
}

// countRated counts the territories q's domain ranks, of q's class, up
// to q.CountCap: the features of a gap collection without a bbox.
func (g GapLayers) countRated(ctx context.Context, level geo.Level, q data.ItemsQuery) (int64, error) {
	_, _, rows, err := g.rated(ctx, level, q)
	n := int64(len(rows))
	if q.CountCap > 0 {
		n = min(n, q.CountCap)
	}
	return n, err
}

// Item returns the territory's feature in the "all" ranking
// (data.Collections); an unrated or unknown territory wraps
// data.ErrNotFound.
func (g GapLayers) Item(ctx context.Context, collection, id string, crs geo.CRS) ([]byte, error) {
	level, err := g.level(collection)
	if err != nil {
		return nil, err
	}
	report, err := g.a.RankGaps(ctx, level, geo.DomainAll, nil, data.Today(ctx))
	if errors.Is(err, data.ErrInvalidFilter) {
		return nil, fmt.Errorf("%s %q: nothing is rated: %w", collection, id, data.ErrNotFound)
	}
	if err != nil {
		return nil, err
	}
	i := slices.IndexFunc(report.Rows, func(g geo.Gap) bool { return g.Code == id })
	if i < 0 {
		return nil, fmt.Errorf("%s %q: %w", collection, id, data.ErrNotFound)
	}
	terr, _ := data.LookupTerritoryCollection(level)
	f, err := g.a.store.Item(ctx, terr.ID, id, crs)
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

// Extent is the extent of the ranked level's territories
// (data.Collections).
func (g GapLayers) Extent(ctx context.Context, collection string) (orb.Bound, *data.Interval, error) {
	level, err := g.level(collection)
	if err != nil {
		return orb.Bound{}, nil, err
	}
	terr, _ := data.LookupTerritoryCollection(level)
	return g.a.store.Extent(ctx, terr.ID)
}
