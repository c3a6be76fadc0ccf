package postgis

import (
	"context"
	"encoding/json"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/data/demo"
	"github.com/maillage/maillage/geo"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

func TestGeometryJSONPlans(t *testing.T) {
	t.Parallel()
	bbox := &orb.Bound{Min: orb.Point{4.8, 45.7}, Max: orb.Point{4.9, 45.8}}
	cases := []struct {
		name string
		q    data.ItemsQuery
		geom string
		args []any
	}{
		{"CRS84 as stored", data.ItemsQuery{}, "ST_AsGeoJSON(a.geom, 7)", []any{data.MaxLimit}},
		{"EPSG:4326 flipped", data.ItemsQuery{CRS: geo.EPSG4326}, "ST_AsGeoJSON(ST_FlipCoordinates(a.geom), 7)", []any{data.MaxLimit}},
		{"Lambert-93 transformed, the SRID an argument", data.ItemsQuery{CRS: geo.EPSG2154, BBox: bbox, Limit: 10},
			"ST_AsGeoJSON(ST_Transform(a.geom, $5::integer), 2, 0)", []any{4.8, 45.7, 4.9, 45.8, 2154, 10}},
		{"Web Mercator", data.ItemsQuery{CRS: geo.EPSG3857}, "ST_AsGeoJSON(ST_Transform(a.geom, $1::integer), 2, 0)", []any{3857, data.MaxLimit}},
	}
	src, _ := sourceOf(data.CollectionActors)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			p, err := featuresPlan(src, c.q)
			if err != nil {
				t.Fatal(err)
			}
			if want := `',"geometry":' || ` + c.geom + ` || ',"properties":' || '{"name":'`; !strings.Contains(p.sql, want) {
				t.Errorf("SQL lacks %q:\n%s", want, p.sql)
			}
			if !slices.Equal(p.args, c.args) {
				t.Errorf("args: got %v, want %v", p.args, c.args)
			}
			// The WHERE clause still reads the stored column: the index
			// serves, and only the page's rows are transformed.
			if where, _, _ := strings.Cut(p.sql[strings.Index(p.sql, "\nFROM"):], "\nORDER BY"); strings.Contains(where, "ST_Transform") {
				t.Errorf("the filter transforms the column:\n%s", p.sql)
			}
		})
	}
	p := itemPlan(src, int64(7), geo.EPSG2154)
	if !strings.Contains(p.sql, "ST_Transform(a.geom, $2::integer), 2, 0)") || !slices.Equal(p.args, []any{int64(7), 2154}) {
		t.Errorf("item plan in Lambert-93: got %q %v", p.sql, p.args)
	}
}

// TestProjectionMatchesSTTransform compares geo's projections with
// PostGIS's ST_Transform (PROJ) on the demo's positions: every actor and
// every 5th vertex of the territories' outlines, metropolitan France and
// beyond it (overseas, abroad). It logs the largest gaps; Lambert-93 must
// stay within 1 cm (in practice it is under a micrometre).
func TestProjectionMatchesSTTransform(t *testing.T) {
	t.Parallel()
	ds, err := demo.Load()
	if err != nil {
		t.Fatal(err)
	}
	var pts []orb.Point
	for _, a := range ds.Actors {
		pts = append(pts, a.Location)
	}
	actors := len(pts)
	for _, tr := range ds.Territories {
		var all []orb.Point
		flattenPoints(tr.Geometry, &all)
		for i := 0; i < len(all); i += 5 {
			pts = append(pts, all[i])
		}
	}
	if actors < 300 {
		t.Fatalf("only %d demo actors: the comparison would prove little", actors)
	}
	s, _ := newTestStore(t)
	lons, lats := make([]float64, len(pts)), make([]float64, len(pts))
	for i, p := range pts {
		lons[i], lats[i] = p[0], p[1]
	}
	for _, c := range []struct {
		crs       geo.CRS
		tolerance float64 // metres
	}{{geo.EPSG2154, 0.01}, {geo.EPSG3857, 0.01}} {
		rows, err := s.pool.Query(context.Background(), `
			SELECT ST_X(p), ST_Y(p)
			FROM unnest($1::float8[], $2::float8[]) WITH ORDINALITY AS u(lon, lat, i),
			     LATERAL (SELECT ST_Transform(ST_SetSRID(ST_MakePoint(lon, lat), 4326), $3::integer) AS p) t
			ORDER BY i`, lons, lats, c.crs.SRID())
		if err != nil {
			t.Fatal(err)
		}
		proj := c.crs.Projection()
		var worst, worstBack float64
		var worstAt orb.Point
		i := 0
		for rows.Next() {
			var ref orb.Point
			if err := rows.Scan(&ref[0], &ref[1]); err != nil {
				t.Fatal(err)
			}
			if d := math.Hypot(proj.Forward(pts[i])[0]-ref[0], proj.Forward(pts[i])[1]-ref[1]); d > worst {
				worst, worstAt = d, pts[i]
			}
			back := proj.Inverse(ref) // geo's inverse of PROJ's forward
			worstBack = max(worstBack, math.Abs(back[0]-pts[i][0]), math.Abs(back[1]-pts[i][1]))
			i++
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		if i != len(pts) {
			t.Fatalf("%s: %d rows for %d positions", c.crs, i, len(pts))
		}
		t.Logf("%s: %d positions (%d actors): largest gap from ST_Transform %.3g m (at %v); inverse of ST_Transform %.3g° from the position",
			c.crs, len(pts), actors, worst, worstAt, worstBack)
		if worst > c.tolerance {
			t.Errorf("%s: geo is %.4f m from ST_Transform at %v, want at most %g", c.crs, worst, worstAt, c.tolerance)
		}
		if worstBack > 1e-9 {
			t.Errorf("%s: geo's inverse of ST_Transform is %.3g° from the position", c.crs, worstBack)
		}
	}
}

// compareDemoCRS asks both stores every collection of the demo in each
// CRS other than CRS84 (whose text they already share) and wants the same
// features with positions at most 1 cm apart in metres, 1e-7° in degrees:
// the embedded store projects with geo, PostGIS with PROJ, and both round
// to data.CoordinateDecimals. It logs the largest gap of each CRS.
func compareDemoCRS(t *testing.T, mem, pg data.Store) {
	ctx := context.Background()
	geoms := func(s data.Store, collection string, crs geo.CRS) map[string]orb.Geometry {
		out := map[string]orb.Geometry{}
		err := s.Items(ctx, collection, data.ItemsQuery{CRS: crs}, func(b []byte) error {
			var f struct {
				ID       json.RawMessage `json:"id"`
				Geometry json.RawMessage `json:"geometry"`
			}
			if err := json.Unmarshal(b, &f); err != nil {
				return err
			}
			g, err := geojson.UnmarshalGeometry(f.Geometry)
			if err != nil {
				return err
			}
			out[string(f.ID)] = g.Geometry()
			return nil
		})
		if err != nil {
			t.Fatalf("Items(%s, %s): %v", collection, crs, err)
		}
		return out
	}
	for _, crs := range []geo.CRS{geo.EPSG4326, geo.EPSG3857, geo.EPSG2154} {
		tolerance := 1e-7
		if crs.Projected() {
			tolerance = 0.01 + 1e-6 // a cent of rounding either way, and float noise
		}
		worst, positions := 0.0, 0
		for _, c := range data.Catalog() {
			want, got := geoms(mem, c.ID, crs), geoms(pg, c.ID, crs)
			if len(got) != len(want) {
				t.Errorf("%s in %s: PostGIS %d features, embedded %d", c.ID, crs, len(got), len(want))
			}
			for id, w := range want {
				var a, b []orb.Point
				flattenPoints(w, &a)
				flattenPoints(got[id], &b)
				if len(a) != len(b) {
					t.Errorf("%s %s in %s: %d positions in PostGIS, %d embedded", c.ID, id, crs, len(b), len(a))
					continue
				}
				for i := range a {
					worst = max(worst, math.Hypot(a[i][0]-b[i][0], a[i][1]-b[i][1]))
				}
				positions += len(a)
			}
		}
		t.Logf("%s: %d positions, largest gap between the stores %.3g", crs, positions, worst)
		if worst > tolerance {
			t.Errorf("%s: the stores' positions are up to %.3g apart, want at most %g", crs, worst, tolerance)
		}
	}
}

// flattenPoints appends every position of g.
func flattenPoints(g orb.Geometry, out *[]orb.Point) {
	switch g := g.(type) {
	case orb.Point:
		*out = append(*out, g)
	case orb.MultiPoint:
		*out = append(*out, g...)
	case orb.LineString:
		*out = append(*out, g...)
	case orb.Ring:
		*out = append(*out, g...)
	case orb.MultiLineString:
		for _, ls := range g {
			*out = append(*out, ls...)
		}
	case orb.Polygon:
		for _, r := range g {
			*out = append(*out, r...)
		}
	case orb.MultiPolygon:
		for _, p := range g {
			flattenPoints(p, out)
		}
	case orb.Collection:
		for _, m := range g {
			flattenPoints(m, out)
		}
	}
}
