package storetest

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/data/dataset"
	"github.com/maillage/maillage/geo"
)

// TimelineDataset is Fixture with partnerships that give actors runs of
// partnering years with gaps between them, overlapping and adjacent
// partnerships, and two partnerships of one group: what PartnershipYears
// must merge and count. Its expectations (wantPartnershipYears) are written
// by hand.
func TimelineDataset() *dataset.Dataset {
	ds := Fixture()
	p := func(id, a, b int64, c geo.Category, d geo.Domain, start, end string) geo.Partnership {
		pt := geo.Partnership{ID: id, ActorA: a, ActorB: b, Category: c, Domain: d, Start: date(start)}
		if end != "" {
			pt.End = date(end)
		}
		return pt
	}
	ds.Partnerships = append(ds.Partnerships,
		// Avignon Solidarités (5): 2010–2012 and 2013–2014 touch, 2016–2017
		// stands alone, 107 reopens in 2022.
		p(111, 5, 4, geo.CategoryMecenat, geo.DomainCulture, "2010-03-01", "2012-05-01"),
		p(112, 5, 4, geo.CategoryMecenat, geo.DomainCulture, "2013-01-01", "2014-12-31"),
		p(113, 5, 6, geo.CategoryCooperationEconomique, geo.DomainNumerique, "2016-06-01", "2017-01-31"),
		// Genay Jeunesse (10): 2012–2015 and 2014–2016 overlap; 110 and
		// 103 start again in 2020.
		p(114, 10, 3, geo.CategoryPratiquesResponsables, geo.DomainEducationJeunesse, "2012-01-01", "2015-06-30"),
		p(115, 10, 9, geo.CategoryCooperationEconomique, geo.DomainEducationJeunesse, "2014-01-01", "2016-12-31"),
		// Insertion Villeurbanne (2) – Mairie de Lyon: 101's group again.
		p(116, 2, 3, geo.CategoryMecenat, geo.DomainInsertionEmploi, "2019-05-01", ""),
	)
	return ds
}

// wantPartnershipYears is PartnershipYears of TimelineDataset for some
// territories, by hand: scales as in wantScales (111–113 Vaucluse to
// elsewhere: national; 114 Genay – Lyon, same département, other EPCIs:
// regional; 115 Genay – Miribel, one EPCI: local; 116 as 101: local).
func wantPartnershipYears() map[data.TerritoryRef]data.PartnershipYears {
	g := func(start, end int, c geo.Category, d geo.Domain, s geo.Scale, n int64) data.PartnershipYearGroup {
		return data.PartnershipYearGroup{Start: start, End: end, Category: c, Domain: d, Scale: s, N: n}
	}
	sp := func(group data.PartneringGroup, from, to int) data.PartneringSpan {
		return data.PartneringSpan{Group: group, From: from, To: to, N: 1}
	}
	assoc, company := data.PartneringAssociations, data.PartneringCompanies10
	const (
		mecenat, pratiques = geo.CategoryMecenat, geo.CategoryPratiquesResponsables
		coop, innovation   = geo.CategoryCooperationEconomique, geo.CategoryInnovationSocietale
		local, regional    = geo.ScaleLocal, geo.ScaleRegional
		national           = geo.ScaleNational
	)
	return map[data.TerritoryRef]data.PartnershipYears{
		// Auvergne-Rhône-Alpes: every partnership but 108 (Réunion – Paris)
		// and 113 (Avignon – Paris). Its associations are 2 and 10, its
		// one company of 10+ is 1 (2016–: 106 and later, all open).
		{Level: geo.LevelRegion, Code: "84"}: {
			Groups: []data.PartnershipYearGroup{
				g(2010, 2012, mecenat, geo.DomainCulture, national, 1),                     // 111
				g(2012, 2015, pratiques, geo.DomainEducationJeunesse, regional, 1),         // 114
				g(2013, 2014, mecenat, geo.DomainCulture, national, 1),                     // 112
				g(2014, 2016, coop, geo.DomainEducationJeunesse, local, 1),                 // 115
				g(2016, 0, coop, geo.DomainNumerique, national, 1),                         // 106
				g(2017, 0, mecenat, geo.DomainInsertionEmploi, regional, 1),                // 105
				g(2018, 0, innovation, geo.DomainEducationJeunesse, regional, 1),           // 104
				g(2019, 0, mecenat, geo.DomainInsertionEmploi, local, 2),                   // 101, 116
				g(2020, 0, pratiques, geo.DomainSolidarite, regional, 1),                   // 110
				g(2020, 2022, pratiques, geo.DomainEducationJeunesse, local, 1),            // 102
				g(2021, 0, coop, geo.DomainEducationJeunesse, local, 1),                    // 103
				g(2022, 0, mecenat, geo.DomainCulture, national, 1),                        // 107
				g(2023, 0, innovation, geo.DomainEnvironnement, geo.ScaleInternational, 1), // 109
			},
			Spans: []data.PartneringSpan{
				sp(assoc, 2012, 2016), // 10: 114, 115
				sp(assoc, 2019, 0),    // 2: 101, 116, 110
				sp(assoc, 2020, 0),    // 10: 110, 103
				sp(company, 2016, 0),  // 1
			},
		},
		// Vaucluse: Avignon Solidarités alone.
		{Level: geo.LevelDepartement, Code: "84"}: {
			Groups: []data.PartnershipYearGroup{
				g(2010, 2012, mecenat, geo.DomainCulture, national, 1),
				g(2013, 2014, mecenat, geo.DomainCulture, national, 1),
				g(2016, 2017, coop, geo.DomainNumerique, national, 1),
				g(2022, 0, mecenat, geo.DomainCulture, national, 1),
			},
			Spans: []data.PartneringSpan{sp(assoc, 2010, 2014), sp(assoc, 2016, 2017), sp(assoc, 2022, 0)},
		},
		// Villeurbanne: Insertion Villeurbanne (2).
		{Level: geo.LevelCommune, Code: "69266"}: {
			Groups: []data.PartnershipYearGroup{
				g(2019, 0, mecenat, geo.DomainInsertionEmploi, local, 2),
				g(2020, 0, pratiques, geo.DomainSolidarite, regional, 1),
			},
			Spans: []data.PartneringSpan{sp(assoc, 2019, 0)},
		},
		// Paris: Services Paris (6), 50 employees: 108 from 2015 to 2019
		// overlaps 106, open since 2016.
		{Level: geo.LevelCommune, Code: "75056"}: {
			Groups: []data.PartnershipYearGroup{
				g(2015, 2019, mecenat, geo.DomainSport, national, 1),
				g(2016, 0, coop, geo.DomainNumerique, national, 1),
				g(2016, 2017, coop, geo.DomainNumerique, national, 1),
			},
			Spans: []data.PartneringSpan{sp(company, 2015, 0)},
		},
		// Tarare: an État service, no association nor company of 10+.
		{Level: geo.LevelCommune, Code: "69243"}: {
			Groups: []data.PartnershipYearGroup{g(2017, 0, mecenat, geo.DomainInsertionEmploi, regional, 1)},
			Spans:  []data.PartneringSpan{},
		},
		// Bonifacio: nothing.
		{Level: geo.LevelCommune, Code: "2A041"}: {Groups: []data.PartnershipYearGroup{}, Spans: []data.PartneringSpan{}},
	}
}

// testPartnershipYears checks PartnershipYears on a store of
// TimelineDataset against wantPartnershipYears, and its refusal of a level
// it does not tally.
func testPartnershipYears(t *testing.T, newStore NewStore) {
	s := newStore(t, TimelineDataset())
	t.Cleanup(s.Close)
	ctx := context.Background()
	for ref, want := range wantPartnershipYears() {
		got, err := s.PartnershipYears(ctx, ref)
		if err != nil {
			t.Fatalf("PartnershipYears(%s %s): %v", ref.Level, ref.Code, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("PartnershipYears(%s %s):\n got %+v\nwant %+v", ref.Level, ref.Code, got, want)
		}
	}
	var fe *data.FilterError
	if _, err := s.PartnershipYears(ctx, data.TerritoryRef{Level: "canton", Code: "6901"}); !errors.As(err, &fe) || fe.Property != "level" {
		t.Errorf("PartnershipYears in a canton: got %v, want a FilterError naming level", err)
	}
}
