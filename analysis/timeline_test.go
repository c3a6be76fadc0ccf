package analysis_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/maillage/maillage/analysis"
	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/data/dataset"
	"github.com/maillage/maillage/data/storetest"
	"github.com/maillage/maillage/geo"
)

// TestTimeline checks years of the timeline of Auvergne-Rhône-Alpes in
// storetest.TimelineDataset, counted by hand from its partnerships (see
// storetest.wantPartnershipYears for each one's years, category and
// scale): two associations (2, 10) and one company of 10+ (1) live there.
func TestTimeline(t *testing.T) {
	type year struct {
		active, started, ended int64
		categories             map[geo.Category]int64
		scales                 map[geo.Scale]int64
		associations, company  int64
	}
	want := map[int]year{
		// 114 (2012–2015) and 115 (2014–2016); 10 partners from 2012 to 2016.
		2015: {2, 0, 1, map[geo.Category]int64{geo.CategoryPratiquesResponsables: 1, geo.CategoryCooperationEconomique: 1},
			map[geo.Scale]int64{geo.ScaleRegional: 1, geo.ScaleLocal: 1}, 1, 0},
		// 115 ends, 106 starts: the company's first.
		2016: {2, 1, 1, map[geo.Category]int64{geo.CategoryCooperationEconomique: 2},
			map[geo.Scale]int64{geo.ScaleLocal: 1, geo.ScaleNational: 1}, 1, 1},
		// 106, 105: no association partners.
		2017: {2, 1, 0, map[geo.Category]int64{geo.CategoryCooperationEconomique: 1, geo.CategoryMecenat: 1},
			map[geo.Scale]int64{geo.ScaleNational: 1, geo.ScaleRegional: 1}, 0, 1},
		// 106, 105, 104, 101, 116; 2 partners again.
		2019: {5, 2, 0, map[geo.Category]int64{geo.CategoryCooperationEconomique: 1, geo.CategoryMecenat: 3, geo.CategoryInnovationSocietale: 1},
			map[geo.Scale]int64{geo.ScaleNational: 1, geo.ScaleRegional: 2, geo.ScaleLocal: 2}, 1, 1},
		// 102 ends in the year it is still active; 107 starts.
		2022: {9, 1, 1, map[geo.Category]int64{geo.CategoryCooperationEconomique: 2, geo.CategoryMecenat: 4,
			geo.CategoryInnovationSocietale: 1, geo.CategoryPratiquesResponsables: 2},
			map[geo.Scale]int64{geo.ScaleNational: 2, geo.ScaleRegional: 3, geo.ScaleLocal: 4}, 2, 1},
	}
	timeline := func() (*dataset.Dataset, error) { return storetest.TimelineDataset(), nil }
	now := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	onBothStores(t, timeline, func(t *testing.T, c storeCase) {
		ctx := context.Background()
		tl, err := c.an.Timeline(ctx, geo.LevelRegion, "84", analysis.TimelineRange{}, now)
		if err != nil {
			t.Fatal(err)
		}
		// 111 is the first partnership, in 2010.
		if tl.From != 2010 || tl.To != 2026 || len(tl.Years) != 17 {
			t.Fatalf("default range %d–%d with %d years, want 2010–2026 and 17", tl.From, tl.To, len(tl.Years))
		}
		if tl.Associations != 2 || tl.Companies10 != 1 {
			t.Errorf("%d associations and %d companies of 10+, want 2 and 1", tl.Associations, tl.Companies10)
		}
		for _, y := range tl.Years {
			w, ok := want[y.Year]
			if !ok {
				continue
			}
			if y.Active != w.active || y.Started != w.started || y.Ended != w.ended {
				t.Errorf("%d: %d active, %d started, %d ended; want %d, %d, %d", y.Year, y.Active, y.Started, y.Ended, w.active, w.started, w.ended)
			}
			for _, cat := range geo.Categories {
				if y.ByCategory[cat] != w.categories[cat] {
					t.Errorf("%d: %d %s, want %d", y.Year, y.ByCategory[cat], cat, w.categories[cat])
				}
			}
			for _, sc := range geo.Scales {
				if y.ByScale[sc] != w.scales[sc] {
					t.Errorf("%d: %d %s, want %d", y.Year, y.ByScale[sc], sc, w.scales[sc])
				}
			}
			if y.AssociationsPartnering != w.associations || y.Companies10Partnering != w.company {
				t.Errorf("%d: %d associations and %d companies partnering, want %d and %d", y.Year,
					y.AssociationsPartnering, y.Companies10Partnering, w.associations, w.company)
			}
			if y.AssociationRate == nil || *y.AssociationRate != 50*float64(w.associations) {
				t.Errorf("%d: association rate %v, want %v %%", y.Year, y.AssociationRate, 50*w.associations)
			}
		}
		// A range asked for is kept, before the first partnership too.
		tl, err = c.an.Timeline(ctx, geo.LevelRegion, "84", analysis.TimelineRange{From: 2000, To: 2001}, now)
		if err != nil || len(tl.Years) != 2 || tl.Years[0].Active != 0 || tl.Years[0].ByDomain[geo.DomainCulture] != 0 {
			t.Errorf("2000–2001: %+v, %v; want two empty years", tl.Years, err)
		}
		if _, err := c.an.Timeline(ctx, geo.LevelCommune, "99999", analysis.TimelineRange{}, now); !errors.Is(err, data.ErrNotFound) {
			t.Errorf("unknown commune: %v, want ErrNotFound", err)
		}
	})
}

func TestCheckTimelineRange(t *testing.T) {
	for _, tc := range []struct {
		r     analysis.TimelineRange
		param string // "" when accepted
	}{
		{analysis.TimelineRange{}, ""},
		{analysis.TimelineRange{From: 2010}, ""},
		{analysis.TimelineRange{From: 2000, To: 2099}, ""},
		{analysis.TimelineRange{From: 1899}, "from"},
		{analysis.TimelineRange{To: 2101}, "to"},
		{analysis.TimelineRange{From: 2020, To: 2019}, "from"},
		{analysis.TimelineRange{From: 1900, To: 2000}, "to"},
	} {
		err := analysis.CheckTimelineRange(tc.r)
		var fe *data.FilterError
		switch {
		case tc.param == "" && err != nil:
			t.Errorf("%+v: %v, want accepted", tc.r, err)
		case tc.param != "" && (!errors.As(err, &fe) || fe.Property != tc.param):
			t.Errorf("%+v: %v, want a FilterError naming %s", tc.r, err, tc.param)
		}
	}
}
