package storetest

import (
	"context"
	"errors"
	"math"
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

// testObservatory holds every scope's counts, for all time and during
// 2019, to the hand-counted observatoryCountCases, and France's figures
// built from them to wantFranceFigures: neither geo.CountObservatory (which
// the embedded store runs) nor geo.ComputeObservatory is the oracle.
func testObservatory(t *testing.T, s data.Store, _ *oracle) {
	ctx := context.Background()
	in2019 := &data.Interval{Start: date("2019-01-01"), End: date("2019-12-31")}
	scopes := map[bool]int{}
	for _, c := range observatoryCountCases() {
		var during *data.Interval
		if c.in2019 {
			during = in2019
		}
		got, err := s.ObservatoryCounts(ctx, c.level, c.code, during)
		if err != nil {
			t.Errorf("ObservatoryCounts(%q, %q, 2019 %v): %v", c.level, c.code, c.in2019, err)
			continue
		}
		scopes[c.in2019]++
		if got.ScaleFactor != 100 {
			t.Errorf("ObservatoryCounts(%q, %q, 2019 %v): scale factor %v, want the fixture's 100", c.level, c.code, c.in2019, got.ScaleFactor)
		}
		if g, w := normalCounts(got.Counts), normalCounts(c.want); !reflect.DeepEqual(g, w) {
			t.Errorf("ObservatoryCounts(%q, %q, 2019 %v):\ngot  %+v\nwant %+v", c.level, c.code, c.in2019, g, w)
		}
	}
	if scopes[false] != 12 || scopes[true] != 12 {
		t.Errorf("counted %d scopes for all time and %d in 2019, want the 12 of every level each", scopes[false], scopes[true])
	}
	france, err := Figures(ctx, s, "", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(france.Figures) != len(wantFranceFigures()) {
		t.Fatalf("France: %d figures, want %d", len(france.Figures), len(wantFranceFigures()))
	}
	for i, w := range wantFranceFigures() {
		f := france.Figures[i]
		switch {
		case f.ID != w.id:
			t.Errorf("France figure %d: %s, want %s", i, f.ID, w.id)
		case f.Numerator != w.num || math.Abs(f.Denominator-w.den) > 1e-12 || math.Abs(f.Value-w.value) > 1e-9:
			t.Errorf("France %s: %v (%v/%v), want %v (%v/%v)", f.ID, f.Value, f.Numerator, f.Denominator, w.value, w.num, w.den)
		case (f.Kind == geo.FigureComparison) != w.comparison || f.Holds != w.holds:
			t.Errorf("France %s: kind %s, holds %v; want a comparison %v holding %v", f.ID, f.Kind, f.Holds, w.comparison, w.holds)
		}
	}
	// The région and the département 84 have disjoint actors, so their
	// figures differ: a store resolving "84" alone would give one twice.
	r, errR := Figures(ctx, s, geo.LevelRegion, "84", nil)
	d, errD := Figures(ctx, s, geo.LevelDepartement, "84", nil)
	if errR != nil || errD != nil || reflect.DeepEqual(r.Figures, d.Figures) {
		t.Errorf("Observatory(region, 84) and Observatory(departement, 84) give the same figures, or fail (%v, %v): %+v", errR, errD, r)
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

// normalCounts gives a nil map of c the empty map, so that counts compare
// with reflect.DeepEqual whether a store leaves an empty group nil or not.
func normalCounts(c geo.ObservatoryCounts) geo.ObservatoryCounts {
	if c.AssociationGroups == nil {
		c.AssociationGroups = map[geo.Domain]geo.PartneringCount{}
	}
	if c.AssociationCategories == nil {
		c.AssociationCategories = map[geo.Category]int64{}
	}
	if c.CompanyScales == nil {
		c.CompanyScales = map[geo.Sector]map[geo.Scale]int64{}
	}
	if c.CompanyDomains == nil {
		c.CompanyDomains = map[geo.Domain]int64{}
	}
	return c
}

// Figures builds the observatory figures of a scope from a store's counts,
// as the analysis layer does (geo.ObservatoryFromCounts), for tests that
// compare a store with figures computed another way.
func Figures(ctx context.Context, s data.AnalysisInputs, level geo.Level, code string, during *data.Interval) (geo.Observatory, error) {
	c, err := s.ObservatoryCounts(ctx, level, code, during)
	if err != nil {
		return geo.Observatory{}, err
	}
	return geo.ObservatoryFromCounts(level, code, c.Counts, c.ScaleFactor), nil
}
