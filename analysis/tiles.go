package analysis

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	jsonv2 "github.com/go-json-experiment/json"
	"math"
	"strconv"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/maptile"
)

// A vector tile must be complete and small at every zoom. A tile of
// France's 1.85 million actors or 1.2 million partnerships cannot be both,
// and one cut at some feature count would be silently arbitrary. So
// actors, partnerships and alliances come as features only where a tile
// holds at most TileFeatureBudget of them (and, for actors and
// partnerships, from RawZoom on); elsewhere as aggregates, each complete:
// actors and alliances counted by cell of a grid, partnerships summed
// into flows between territories. Territories are served as they are:
// a choropleth needs each one.
const (
	// RawZoom is the first zoom whose actor and partnership tiles may hold
	// the features themselves.
	RawZoom = 12
	// TileFeatureBudget is the most features of a layer a tile holds: ~25
	// bytes each, a tile of at most ~250 KB. The Paris tile of zoom 12
	// holds 58 000 actors and 145 000 partnerships of the national data.
	TileFeatureBudget = 8192
	// TileMaxZoom is the deepest zoom of every tileset: beyond it a tile
	// adds nothing a client cannot draw by magnifying the one above.
	TileMaxZoom = 16
	// cellZoomStep is how much finer than the tile the cell grid is:
	// 2² cells a 256-pixel tile's side of 64 pixels, i.e. 16-pixel cells.
	cellZoomStep = 2
)

// Layer names of the aggregated tiles.
const (
	LayerActorCells    = "actor_cells"
	LayerAllianceCells = "alliance_cells"
	LayerFlows         = "partnership_flows"
)

// TileLayer describes one layer of a collection's tiles: its name, the
// zooms it is served at and the properties its features carry.
type TileLayer struct {
	Name        string
	Description string
	MinZoom     int
	MaxZoom     int
	Fields      []data.Property
}

// TileZooms returns the zoom range of a collection's tiles. Communes start
// at zoom 6: a zoom-5 tile of eastern France holds 27 000 of them, 0.9 MB
// even simplified, each under two pixels across.
func TileZooms(c data.Collection) (minZoom, maxZoom int) {
	if c.ID == data.CollectionCommunes {
		return 6, TileMaxZoom
	}
	return 0, TileMaxZoom
}

// flowLevel is the level partnerships are summed by in an aggregated tile
// of zoom z: régions for the widest views, départements at the scale of
// France, EPCIs from the scale of a région on.
func flowLevel(z int) geo.Level {
	switch {
	case z <= 4:
		return geo.LevelRegion
	case z <= 9:
		return geo.LevelDepartement
	}
	return geo.LevelEPCI
}

// TileLayers describes the layers of a collection's tiles, props being
// what its feature layer carries (data.Collection.TileProperties).
func TileLayers(c data.Collection, props []data.Property) []TileLayer {
	minZoom, maxZoom := TileZooms(c)
	raw := TileLayer{Name: c.ID, Description: c.Title, MinZoom: minZoom, MaxZoom: maxZoom, Fields: props}
	cells := func(name, description string, kinds []string) TileLayer {
		fields := []data.Property{{Name: "count", Type: data.TypeInteger, Title: "Nombre dans la cellule"}}
		if name == LayerActorCells {
			fields = append(fields, data.Property{Name: "employees", Type: data.TypeInteger, Title: "Effectif salarié cumulé"})
		}
		for _, k := range kinds {
			fields = append(fields, data.Property{Name: k, Type: data.TypeInteger, Title: "Dont " + k})
		}
		return TileLayer{Name: name, MinZoom: minZoom, MaxZoom: maxZoom, Fields: fields, Description: description +
			fmt.Sprintf(" comptés par cellule d'une grille de 16 pixels, à la position moyenne de la cellule, là où une tuile en compterait plus de %d", TileFeatureBudget)}
	}
	switch c.ID {
	case data.CollectionActors:
		raw.MinZoom = RawZoom
		var kinds []string
		for _, k := range geo.ActorKinds {
			kinds = append(kinds, string(k))
		}
		return []TileLayer{cells(LayerActorCells, "Acteurs (partout sous le zoom 12)", kinds), raw}
	case data.CollectionAlliances:
		var stakes []string
		for _, d := range geo.Domains {
			stakes = append(stakes, string(d))
		}
		return []TileLayer{cells(LayerAllianceCells, "Alliances, par enjeu,", stakes), raw}
	case data.CollectionPartnerships:
		raw.MinZoom = RawZoom
		fields := []data.Property{
			{Name: "a", Type: data.TypeString, Title: "Code du premier territoire"},
			{Name: "b", Type: data.TypeString, Title: "Code du second territoire"},
			{Name: "a_name", Type: data.TypeString, Title: "Premier territoire"},
			{Name: "b_name", Type: data.TypeString, Title: "Second territoire"},
			{Name: "level", Type: data.TypeString, Title: "Niveau des territoires"},
			{Name: "count", Type: data.TypeInteger, Title: "Nombre de partenariats"},
		}
		for _, s := range geo.Scales {
			fields = append(fields, data.Property{Name: string(s), Type: data.TypeInteger, Title: "Partenariats d'échelle " + string(s)})
		}
		return []TileLayer{{Name: LayerFlows, MinZoom: minZoom, MaxZoom: maxZoom, Fields: fields,
			Description: fmt.Sprintf("Partenariats sommés entre territoires (régions jusqu'au zoom 4, départements jusqu'au 9, EPCI jusqu'au 11), "+
				"tracés d'un point intérieur à l'autre ; à partir du zoom 12, entre communes, là où une tuile compterait plus de %d partenariats", TileFeatureBudget)}, raw}
	}
	return []TileLayer{raw}
}

// Tile answers one tile of a collection (data.Store's Tile) at any zoom of
// its range: actors, partnerships and alliances aggregated where a tile
// would hold too many (see TileFeatureBudget), the store's features
// otherwise. A zoom outside TileZooms is a *data.FilterError naming "z".
// q's property selection and filters are checked at every zoom, so a
// request valid at one zoom is valid at all.
func (a *Analyst) Tile(ctx context.Context, c data.Collection, t maptile.Tile, q data.ItemsQuery) ([]byte, error) {
	if err := data.CheckTile(t); err != nil {
		return nil, err
	}
	if minZoom, maxZoom := TileZooms(c); int(t.Z) < minZoom || int(t.Z) > maxZoom {
		return nil, &data.FilterError{Property: "z", Problem: fmt.Sprintf("=%d is outside the zooms %d..%d of %s's tiles", t.Z, minZoom, maxZoom, c.ID)}
	}
	if _, err := c.TileProperties(q.Properties); err != nil {
		return nil, err
	}
	var aggregate func(context.Context, maptile.Tile, data.ItemsQuery) ([]byte, error)
	switch c.ID {
	case data.CollectionActors:
		aggregate = a.actorCellsTile
	case data.CollectionPartnerships:
		aggregate = a.flowsTile
	case data.CollectionAlliances:
		aggregate = a.allianceCellsTile
	default:
		return a.store.Tile(ctx, c.ID, t, q, 0)
	}
	if c.ID != data.CollectionAlliances && t.Z < RawZoom {
		return aggregate(ctx, t, q)
	}
	b, err := a.store.Tile(ctx, c.ID, t, q, a.budget)
	if errors.Is(err, data.ErrTileBudget) {
		if c.ID == data.CollectionPartnerships {
			return a.communeFlowsTile(ctx, t, q)
		}
		return aggregate(ctx, t, q)
	}
	return b, err
}

// cellBound is the tile's buffered box widened to whole cells of side
// side degrees: every cell is then counted whole, so a cell drawn in two
// tiles says the same in both.
func cellBound(t maptile.Tile, side float64) orb.Bound {
	b := geo.TileBound(t, geo.TileBuffer)
	return orb.Bound{
		Min: orb.Point{math.Floor(b.Min[0]/side) * side, math.Floor(b.Min[1]/side) * side},
		Max: orb.Point{math.Ceil(b.Max[0]/side) * side, math.Ceil(b.Max[1]/side) * side},
	}
}

// actorCellsTile counts the actors matching q by cell of the cluster grid
// cellZoomStep zooms finer than the tile (data.Store's ActorClusters),
// over the tile and its buffer widened to whole cells: every cell is
// counted whole, so a cell drawn in two tiles says the same in both. A
// cell is drawn at its actors' mean position.
func (a *Analyst) actorCellsTile(ctx context.Context, t maptile.Tile, q data.ItemsQuery) ([]byte, error) {
	zoom := min(int(t.Z)+cellZoomStep, geo.MaxClusterZoom)
	b := cellBound(t, geo.ClusterCellDegrees(zoom))
	cells, err := a.store.ActorClusters(ctx, zoom, data.ItemsQuery{BBox: &b, Equals: q.Equals, Filter: q.Filter})
	if err != nil {
		return nil, err
	}
	feats := make([]*geojson.Feature, 0, len(cells))
	for _, cl := range cells {
		g := geo.TileGeometry(t, cl.Center)
		if g == nil {
			continue
		}
		f := geojson.NewFeature(g)
		f.Properties = geojson.Properties{"count": int64(cl.Count), "employees": cl.Employees}
		for _, k := range geo.ActorKinds {
			f.Properties[string(k)] = int64(cl.ByKind[k])
		}
		feats = append(feats, f)
	}
	return geo.EncodeTileLayer(LayerActorCells, feats)
}

// flowsTile draws the flows between the territories of flowLevel(z) of the
// partnerships matching q (Flows, computed once for all tiles of a
// version and query): one line per pair of territories with partnerships
// between them, from one's interior point to the other's, with their
// count in all and by scale, in the tiles of its ends (data.Store's Tile:
// a long line shows as stubs pointing at each other, and a tile is not
// crossed by every flow passing over it). Partnerships inside one
// territory are no line.
func (a *Analyst) flowsTile(ctx context.Context, t maptile.Tile, q data.ItemsQuery) ([]byte, error) {
	level := flowLevel(int(t.Z))
	fq := data.ItemsQuery{Equals: q.Equals, During: q.During, Touches: q.Touches, Filter: q.Filter}
	s, err := a.Flows(ctx, level, fq)
	if err != nil {
		return nil, err
	}
	var feats []*geojson.Feature
	if err := flowFeatures(ctx, t, level, s, map[[2]string]bool{}, &feats); err != nil {
		return nil, err
	}
	return geo.EncodeTileLayer(LayerFlows, feats)
}

// communeFlowsTile is a tile of zoom RawZoom or more with too many
// partnerships to draw one by one: the links summed per pair of communes,
// each line in the tiles of its communes' points. A pair is counted whole
// whatever the tile: the flows are those of the partnerships touching the
// EPCI (or, outside any, the commune) of each commune the tile meets
// (Flows at the commune level, kept per version and query), so a pair
// drawn in two tiles says the same in both.
func (a *Analyst) communeFlowsTile(ctx context.Context, t maptile.Tile, q data.ItemsQuery) ([]byte, error) {
	groups, err := a.tileGroups(ctx, t, q)
	if err != nil {
		return nil, err
	}
	drawn := map[[2]string]bool{}
	var feats []*geojson.Feature
	for _, ref := range groups {
		fq := data.ItemsQuery{Equals: q.Equals, During: q.During, Filter: q.Filter, Touches: &ref}
		s, err := a.Flows(ctx, geo.LevelCommune, fq)
		if err != nil {
			return nil, err
		}
		if err := flowFeatures(ctx, t, geo.LevelCommune, s, drawn, &feats); err != nil {
			return nil, err
		}
	}
	return geo.EncodeTileLayer(LayerFlows, feats)
}

// tileGroups are the territories whose partnerships a commune-flows tile
// sums: the request's territory filter when it has one, else the EPCI (or,
// outside any, the commune itself) of each commune the tile meets.
func (a *Analyst) tileGroups(ctx context.Context, t maptile.Tile, q data.ItemsQuery) ([]data.TerritoryRef, error) {
	if q.Touches != nil {
		return []data.TerritoryRef{*q.Touches}, nil
	}
	box := geo.TileBound(t, geo.TileBuffer)
	var groups []data.TerritoryRef
	seen := map[data.TerritoryRef]bool{}
	err := a.store.Items(ctx, data.CollectionCommunes, data.ItemsQuery{BBox: &box, Properties: []string{"epci"}}, func(b []byte) error {
		var f struct {
			ID         string `json:"id"`
			Properties struct{ EPCI *string }
		}
		if err := json.Unmarshal(b, &f); err != nil {
			return fmt.Errorf("commune feature: %w", err)
		}
		ref := data.TerritoryRef{Level: geo.LevelCommune, Code: f.ID}
		if f.Properties.EPCI != nil {
			ref = data.TerritoryRef{Level: geo.LevelEPCI, Code: *f.Properties.EPCI}
		}
		if !seen[ref] {
			seen[ref] = true
			groups = append(groups, ref)
		}
		return nil
	})
	return groups, err
}

// flowFeatures appends to feats the flows of s with an end's point in
// tile t's buffered box (a line is in the tiles of its ends, as the stores
// draw partnerships), each pair once (drawn): one line per pair of
// territories, from one's interior point to the other's, with their count
// in all and by scale. Partnerships inside one territory are no line.
func flowFeatures(ctx context.Context, t maptile.Tile, level geo.Level, s geo.FlowSummary, drawn map[[2]string]bool, feats *[]*geojson.Feature) error {
	box := geo.TileBound(t, geo.TileBuffer)
	for i, fl := range s.Flows {
		if i%4096 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		pa, oka := s.Anchors[fl.A]
		pb, okb := s.Anchors[fl.B]
		key := [2]string{fl.A, fl.B}
		if !oka || !okb || drawn[key] || (!box.Contains(pa.Point) && !box.Contains(pb.Point)) {
			continue
		}
		g := geo.TileGeometry(t, orb.LineString{pa.Point, pb.Point})
		if g == nil {
			continue
		}
		drawn[key] = true
		f := geojson.NewFeature(g)
		// Sized for every property at once: from a literal's six, the map
		// grew for the scales' four (0.81 against 0.64 s of CPU over 25
		// cold Lyon views of three flows tiles).
		f.Properties = make(geojson.Properties, 6+len(geo.Scales))
		f.Properties["a"], f.Properties["b"], f.Properties["a_name"], f.Properties["b_name"] = fl.A, fl.B, pa.Name, pb.Name
		f.Properties["level"], f.Properties["count"] = string(level), int64(fl.Count)
		for _, sc := range geo.Scales {
			f.Properties[string(sc)] = int64(fl.ByScale[sc])
		}
		*feats = append(*feats, f)
	}
	return nil
}

// alliancePoint is one alliance of allianceCellsTile: where it is drawn
// and its stake.
type alliancePoint struct {
	at    orb.Point
	stake string
}

// alliancePoints reads every alliance matching q (its filters; no box)
// once per data version: tens of thousands at most, fewer than the
// features of one dense tile.
func (a *Analyst) alliancePoints(ctx context.Context, q data.ItemsQuery) ([]alliancePoint, error) {
	v, err := a.version(ctx)
	if err != nil {
		return nil, err
	}
	q = data.ItemsQuery{Equals: q.Equals, Filter: q.Filter, Properties: []string{"stake"}}
	k := cacheKey{v, "alliance-points", queryKey(q)}
	return get(ctx, a.cache, k, func(ctx context.Context) ([]alliancePoint, int, error) {
		var out []alliancePoint
		after := ""
		for {
			q.After, q.Limit = after, data.MaxLimit
			n := 0
			err := a.store.Items(ctx, data.CollectionAlliances, q, func(b []byte) error {
				// Decoded into plain fields by go-json-experiment/json (the
				// Go team's encoding/json/v2, which streamJSON uses too),
				// not into orb's geojson.Geometry by encoding/json: with
				// the caches off, a zoom-5 alliances tile reads the 15 003
				// national alliances, and took 98 ms that way, 77 ms with
				// plain fields and encoding/json, 55-60 ms like this.
				var f struct {
					ID       int64 `json:"id"`
					Geometry *struct {
						Type        string    `json:"type"`
						Coordinates []float64 `json:"coordinates"`
					} `json:"geometry"`
					Properties struct {
						Stake string `json:"stake"`
					} `json:"properties"`
				}
				if err := jsonv2.Unmarshal(b, &f); err != nil {
					return fmt.Errorf("alliance feature: %w", err)
				}
				n++
				after = strconv.FormatInt(f.ID, 10)
				if f.Geometry != nil && f.Geometry.Type == "Point" && len(f.Geometry.Coordinates) == 2 {
					out = append(out, alliancePoint{orb.Point{f.Geometry.Coordinates[0], f.Geometry.Coordinates[1]}, f.Properties.Stake})
				}
				return nil
			})
			if err != nil {
				return nil, 0, err
			}
			if n < data.MaxLimit {
				return out, 64 + 48*len(out), nil
			}
		}
	})
}

// allianceCellsTile counts the alliances matching q by cell of the grid
// cellZoomStep zooms finer than the tile, in all and by stake, each cell
// drawn at its alliances' mean position.
func (a *Analyst) allianceCellsTile(ctx context.Context, t maptile.Tile, q data.ItemsQuery) ([]byte, error) {
	points, err := a.alliancePoints(ctx, q)
	if err != nil {
		return nil, err
	}
	side := geo.ClusterCellDegrees(min(int(t.Z)+cellZoomStep, geo.MaxClusterZoom))
	b := cellBound(t, side)
	type sums struct {
		n       int64
		x, y    float64
		byStake map[string]int64
	}
	cells := map[geo.ClusterCell]*sums{}
	var order []geo.ClusterCell
	for _, p := range points {
		if !b.Contains(p.at) {
			continue
		}
		cell := geo.CellOf(p.at, side)
		c := cells[cell]
		if c == nil {
			c = &sums{byStake: map[string]int64{}}
			cells[cell] = c
			order = append(order, cell)
		}
		c.n++
		c.x += p.at[0]
		c.y += p.at[1]
		c.byStake[p.stake]++
	}
	var feats []*geojson.Feature
	for _, cell := range order {
		c := cells[cell]
		g := geo.TileGeometry(t, orb.Point{c.x / float64(c.n), c.y / float64(c.n)})
		if g == nil {
			continue
		}
		f := geojson.NewFeature(g)
		f.Properties = geojson.Properties{"count": c.n}
		for _, d := range geo.Domains {
			f.Properties[string(d)] = c.byStake[string(d)]
		}
		feats = append(feats, f)
	}
	return geo.EncodeTileLayer(LayerAllianceCells, feats)
}
