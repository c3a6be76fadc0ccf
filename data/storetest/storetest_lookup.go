package storetest

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"testing"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
)

func testTerritory(t *testing.T, s data.Store, o *oracle) {
	ctx := context.Background()
	for _, want := range o.ds.Territories {
		got, err := s.Territory(ctx, want.Level, want.Code)
		if err != nil {
			t.Errorf("Territory(%s, %s): %v", want.Level, want.Code, err)
			continue
		}
		h := wantHistory()[want.Level][want.Code]
		want.Alliances = geo.AllianceHistory{Count: h.count, FirstYear: h.first}
		g, wg := got.Geometry, want.Geometry
		got.Geometry, want.Geometry = nil, nil
		if !reflect.DeepEqual(got, want) {
			t.Errorf("Territory(%s, %s): got %+v, want %+v", want.Level, want.Code, got, want)
		}
		if !sameGeometry(g, wg) {
			t.Errorf("Territory(%s, %s) geometry: got %v, want %v", want.Level, want.Code, g, wg)
		}
	}
	notFound := []struct {
		level geo.Level
		code  string
	}{
		{geo.LevelDepartement, "11"}, {geo.LevelRegion, "69"}, {geo.LevelDepartement, "99"},
		{geo.LevelCommune, ""}, {geo.LevelCommune, "2A004"}, {"canton", "69123"}, {"", "69123"},
	}
	for _, c := range notFound {
		if _, err := s.Territory(ctx, c.level, c.code); !errors.Is(err, data.ErrNotFound) {
			t.Errorf("Territory(%q, %q): got %v, want ErrNotFound", c.level, c.code, err)
		}
	}
}

func testChildren(t *testing.T, s data.Store, _ *oracle) {
	for _, c := range childrenCases() {
		got, err := s.Children(context.Background(), c.parentLevel, c.parent, c.level)
		if c.want == nil {
			if !errors.Is(err, data.ErrNotFound) {
				t.Errorf("Children(%s %s, %s): got %v, want ErrNotFound", c.parentLevel, c.parent, c.level, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("Children(%s %s, %s): %v", c.parentLevel, c.parent, c.level, err)
			continue
		}
		if got == nil {
			t.Errorf("Children(%s %s, %s): got nil, want a non-nil (maybe empty) list", c.parentLevel, c.parent, c.level)
		}
		codes := []string{}
		for _, child := range got {
			codes = append(codes, child.Code)
			if child.Level != c.level {
				t.Errorf("Children(%s %s, %s): %s has level %s", c.parentLevel, c.parent, c.level, child.Code, child.Level)
			}
		}
		if !slices.Equal(codes, c.want) {
			t.Errorf("Children(%s %s, %s): got %v, want %v", c.parentLevel, c.parent, c.level, codes, c.want)
		}
	}
}

func testActor(t *testing.T, s data.Store, o *oracle) {
	ctx := context.Background()
	for _, want := range o.ds.Actors {
		got, err := s.Actor(ctx, want.ID)
		if err != nil {
			t.Errorf("Actor(%d): %v", want.ID, err)
			continue
		}
		if len(got.Domains) == 0 && len(want.Domains) == 0 {
			got.Domains, want.Domains = nil, nil
		}
		if !sameGeometry(got.Location, want.Location) {
			t.Errorf("Actor(%d) location: got %v, want %v", want.ID, got.Location, want.Location)
		}
		got.Location = want.Location
		if !reflect.DeepEqual(got, want) {
			t.Errorf("Actor(%d): got %+v, want %+v", want.ID, got, want)
		}
	}
	if _, err := s.Actor(ctx, 999); !errors.Is(err, data.ErrNotFound) {
		t.Errorf("Actor(999): got %v, want ErrNotFound", err)
	}
}

func testPartnership(t *testing.T, s data.Store, o *oracle) {
	ctx := context.Background()
	for _, want := range o.ds.Partnerships {
		want.Scale = wantScales()[want.ID]
		got, err := s.Partnership(ctx, want.ID)
		if err != nil {
			t.Errorf("Partnership(%d): %v", want.ID, err)
			continue
		}
		if got.Scale != want.Scale {
			t.Errorf("Partnership(%d) scale: got %q, want %q", want.ID, got.Scale, want.Scale)
		}
		if !got.Start.Equal(want.Start) || !got.End.Equal(want.End) {
			t.Errorf("Partnership(%d) dates: got %v–%v, want %v–%v", want.ID, got.Start, got.End, want.Start, want.End)
		}
		got.Start, got.End = want.Start, want.End
		if got != want {
			t.Errorf("Partnership(%d): got %+v, want %+v", want.ID, got, want)
		}
	}
	if _, err := s.Partnership(ctx, 999); !errors.Is(err, data.ErrNotFound) {
		t.Errorf("Partnership(999): got %v, want ErrNotFound", err)
	}
}

func testObservatory(t *testing.T, s data.Store, o *oracle) {
	ctx := context.Background()
	figures := map[geo.Level][]geo.Figure{}
	for _, c := range observatoryCases() {
		in, ok := o.observatoryInput(c.level, c.code)
		var inScope []int64
		for _, a := range in.Actors {
			inScope = append(inScope, a.ID)
		}
		if !ok || !slices.Equal(inScope, c.actors) {
			t.Fatalf("suite bug: oracle scope of %q %q is %v (%v), expectations say %v", c.level, c.code, inScope, ok, c.actors)
		}
		want := geo.ComputeObservatory(in)
		got, err := Figures(ctx, s, c.level, c.code)
		if err != nil {
			t.Errorf("ObservatoryCounts(%q, %q): %v", c.level, c.code, err)
			continue
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("ObservatoryCounts(%q, %q), as figures:\ngot  %+v\nwant %+v", c.level, c.code, got, want)
		}
		if c.code == "84" {
			figures[c.level] = got.Figures
		}
	}
	// During 2019 only 101, 104, 105, 106 and 108 were active (by hand,
	// from fixture.go's dates): every scope counts those alone, and an
	// actor partners when one of them is its (Villeurbanne's association
	// 2, partnering through 101, does; Genay's 10, through 103 and 110,
	// does not).
	in2019 := &data.Interval{Start: date("2019-01-01"), End: date("2019-12-31")}
	active := []int64{101, 104, 105, 106, 108}
	for _, c := range observatoryCases() {
		in, _ := o.observatoryInput(c.level, c.code)
		in.Partnerships = slices.DeleteFunc(slices.Clone(in.Partnerships), func(p geo.Partnership) bool { return !slices.Contains(active, p.ID) })
		want := geo.ComputeObservatory(in)
		counts, err := s.ObservatoryCounts(ctx, c.level, c.code, in2019)
		if err != nil {
			t.Errorf("ObservatoryCounts(%q, %q, 2019): %v", c.level, c.code, err)
			continue
		}
		if got := geo.ObservatoryFromCounts(c.level, c.code, counts.Counts, counts.ScaleFactor); !reflect.DeepEqual(got, want) {
			t.Errorf("ObservatoryCounts(%q, %q, 2019), as figures:\ngot  %+v\nwant %+v", c.level, c.code, got, want)
		}
	}
	if c, err := s.ObservatoryCounts(ctx, geo.LevelDepartement, "69", in2019); err != nil ||
		c.Counts.Partnerships != 4 || c.Counts.Associations != (geo.PartneringCount{Actors: 2, Partnering: 1}) {
		t.Errorf("Rhône in 2019: %+v, %v; want 4 partnerships (101, 104, 105, 106) and 1 of 2 associations partnering", c.Counts, err)
	}
	// The région and the département 84 have disjoint actors, so their
	// figures differ: a store resolving "84" alone would give one twice.
	if r, d := figures[geo.LevelRegion], figures[geo.LevelDepartement]; r != nil && reflect.DeepEqual(r, d) {
		t.Errorf("Observatory(region, 84) and Observatory(departement, 84) give the same figures: %+v", r)
	}
	notFound := []struct {
		level geo.Level
		code  string
	}{
		{geo.LevelDepartement, "99"}, {geo.LevelDepartement, "11"}, {geo.LevelRegion, "69"},
		{"", "84"}, {"", "69123"}, {geo.LevelRegion, ""}, {"canton", "69123"}, {geo.LevelEPCI, "69123"},
	}
	for _, c := range notFound {
		if _, err := s.ObservatoryCounts(ctx, c.level, c.code, nil); !errors.Is(err, data.ErrNotFound) {
			t.Errorf("ObservatoryCounts(%q, %q): got %v, want ErrNotFound", c.level, c.code, err)
		}
	}
}

// Figures builds the observatory figures of a scope from a store's counts,
// as the analysis layer does (geo.ObservatoryFromCounts), for tests that
// compare a store with figures computed another way.
func Figures(ctx context.Context, s data.AnalysisInputs, level geo.Level, code string) (geo.Observatory, error) {
	c, err := s.ObservatoryCounts(ctx, level, code, nil)
	if err != nil {
		return geo.Observatory{}, err
	}
	return geo.ObservatoryFromCounts(level, code, c.Counts, c.ScaleFactor), nil
}
