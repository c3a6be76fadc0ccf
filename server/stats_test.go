package server_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/data/dataset"
	"github.com/maillage/maillage/data/demo"
	"github.com/maillage/maillage/data/memory"
	"github.com/maillage/maillage/data/storetest"
	"github.com/maillage/maillage/geo"
	"github.com/maillage/maillage/server"
)

// statsAnswer is what tests read of /api/stats.
type statsAnswer struct {
	Scope struct {
		Level *string `json:"level"`
		Code  *string `json:"code"`
		Name  string  `json:"name"`
	} `json:"scope"`
	ScaleFactor *float64      `json:"scale_factor"`
	Figures     []statsFigure `json:"figures"`
}

type statsFigure struct {
	ID              string             `json:"id"`
	Label           string             `json:"label"`
	Kind            string             `json:"kind"`
	Value           *float64           `json:"value"`
	Numerator       float64            `json:"numerator"`
	Denominator     float64            `json:"denominator"`
	Reference       *float64           `json:"reference"`
	Unit            string             `json:"unit"`
	Tolerance       *float64           `json:"tolerance"`
	WithinTolerance *bool              `json:"within_tolerance"`
	Holds           *bool              `json:"holds"`
	Detail          map[string]float64 `json:"detail"`
}

// demoStore is the embedded store over the committed demo, built once for
// the package's tests and never closed (it holds no outside resource).
var demoStore = sync.OnceValues(func() (*memory.Store, error) {
	ds, err := demoDataset()
	if err != nil {
		return nil, err
	}
	return memory.New(ds)
})

var demoDataset = sync.OnceValues(demo.Load)

func demoHandler(t *testing.T) (http.Handler, data.Store) {
	t.Helper()
	st, err := demoStore()
	if err != nil {
		t.Fatalf("demo store: %v", err)
	}
	return newHandler(t, st, server.Config{}), st
}

func getStats(t *testing.T, h http.Handler, query string) statsAnswer {
	t.Helper()
	var a statsAnswer
	getJSON(t, h, "/api/stats"+query, &a)
	return a
}

// TestStatsNationalOnDemo: the demo is calibrated on the RAMEAU figures,
// so every national figure is served within its tolerance (comparisons
// hold), and the answer is the store's own computation. Beside that, each
// figure's numerator and denominator must be the ones the test counts
// itself from the demo's rows (demoRameauCounts, not geo.CountObservatory
// nor the store), and those counts must land within the calibration's
// tolerance of Le RAMEAU's published figures, written here by hand
// (rameauReferences): a miscount shared by the stores, or a demo that
// drifted from its calibration, fails here.
func TestStatsNationalOnDemo(t *testing.T) {
	t.Parallel()
	h, st := demoHandler(t)
	a := getStats(t, h, "")
	if a.Scope.Level != nil || a.Scope.Code != nil || a.Scope.Name != "France" {
		t.Errorf("scope %+v, want France with null level and code", a.Scope)
	}
	if a.ScaleFactor == nil || *a.ScaleFactor != demo.BundleScaleFactor {
		t.Errorf("scale_factor %v, want %d", a.ScaleFactor, demo.BundleScaleFactor)
	}
	want, err := storetest.Figures(context.Background(), st, "", "", today())
	if err != nil {
		t.Fatal(err)
	}
	checkSameFigures(t, a, want, 0)
	for _, f := range a.Figures {
		if f.WithinTolerance == nil || !*f.WithinTolerance {
			t.Errorf("%s: value %v (%v/%v), reference %v ± %v: not within tolerance", f.ID, f.Value, f.Numerator, f.Denominator,
				f.Reference, f.Tolerance)
		}
		if f.Label == "" || f.Unit == "" && f.Kind != "comparison" {
			t.Errorf("%s: label %q, unit %q", f.ID, f.Label, f.Unit)
		}
		if (f.Kind == "comparison") != (f.Holds != nil) {
			t.Errorf("%s: kind %s, holds %v: holds is for comparisons only", f.ID, f.Kind, f.Holds)
		}
	}
	ds, err := demoDataset()
	if err != nil {
		t.Fatal(err)
	}
	checkRameauByHand(t, a, ds)
}

// rameauReference is one figure of Le RAMEAU's 2015 barometer as the demo
// is calibrated on it: the published value and the calibration's
// tolerance (one point for a percentage, 0.1 for an average, 1 % for the
// national count of partnerships).
type rameauReference struct {
	value, tolerance float64
}

// rameauReferences are the published figures, by figure id, copied by hand
// from the barometer (the seed's README quotes them); the three
// comparisons have none.
var rameauReferences = map[string]rameauReference{
	"assoc_partnering":             {38, 1},
	"assoc_employer_partnering":    {53, 1},
	"company10_partnering":         {37, 1},
	"company1000_partnering":       {49, 1},
	"partnerships_total":           {1.2e6, 0.012e6},
	"assoc_mecenat":                {67, 1},
	"assoc_pratiques_responsables": {29, 1},
	"assoc_cooperation_economique": {26, 1},
	"assoc_innovation_societale":   {25, 1},
	"assoc_avg_partnerships":       {4.5, 0.1},
	"company_avg_partnerships":     {5.1, 0.1},
	"company_insertion":            {62, 1},
	"company_local_partner":        {75, 1},
	"company_regional_partner":     {50, 1},
	"company_collectivite":         {52, 1},
}

// rameauCount is a figure's numerator and denominator as the test counts
// them, and for a comparison whether it holds.
type rameauCount struct {
	num, den float64
	holds    bool
}

// demoRameauCounts counts every national RAMEAU figure from the dataset's
// rows, written out plainly for this test: actors in France (no country or
// FR), every partnership with an end among them, each partnership's scale
// from its actors' communes (international when one is abroad, local in
// one commune or one EPCI, regional in one région, else national). An
// actor partners when it has a partnership; companies are the
// "entreprise" actors; an association's group is its first domain
// ("autre" without one) unless it is a structure d'insertion.
func demoRameauCounts(ds *dataset.Dataset) map[string]rameauCount {
	type commune struct{ epci, region string }
	communes := map[string]commune{}
	for _, tr := range ds.Territories {
		if tr.Level == geo.LevelCommune {
			communes[tr.Code] = commune{tr.EPCICode, tr.RegionCode}
		}
	}
	actors := map[int64]geo.Actor{}
	abroad := func(a geo.Actor) bool { return a.Country != "" && a.Country != "FR" }
	for _, a := range ds.Actors {
		actors[a.ID] = a
	}
	scaleOf := func(a, b geo.Actor) geo.Scale {
		ca, cb := communes[a.CommuneCode], communes[b.CommuneCode]
		switch {
		case abroad(a) || abroad(b):
			return geo.ScaleInternational
		case a.CommuneCode != "" && a.CommuneCode == b.CommuneCode, ca.epci != "" && ca.epci == cb.epci:
			return geo.ScaleLocal
		case ca.region != "" && ca.region == cb.region:
			return geo.ScaleRegional
		}
		return geo.ScaleNational
	}
	// What each actor in France did: its partnerships, and the
	// categories, domains, scales and partner kinds among them.
	type record struct {
		n                                     int
		categories, domains, scales, partners map[string]bool
	}
	records := map[int64]*record{}
	var partnerships float64
	companyDomains := map[geo.Domain]float64{}
	sectorScales := map[geo.Sector]map[geo.Scale]float64{}
	for _, p := range ds.Partnerships {
		a, b := actors[p.ActorA], actors[p.ActorB]
		if abroad(a) && abroad(b) || !runningToday(p) {
			continue
		}
		partnerships++
		sc := scaleOf(a, b)
		companyEnd := false
		for _, ends := range [][2]geo.Actor{{a, b}, {b, a}} {
			self, other := ends[0], ends[1]
			if abroad(self) {
				continue
			}
			r := records[self.ID]
			if r == nil {
				r = &record{categories: map[string]bool{}, domains: map[string]bool{}, scales: map[string]bool{}, partners: map[string]bool{}}
				records[self.ID] = r
			}
			r.n++
			r.categories[string(p.Category)] = true
			r.domains[string(p.Domain)] = true
			r.scales[string(sc)] = true
			r.partners[string(other.Kind)] = true
			if self.Kind == geo.KindEntreprise {
				companyEnd = true
				if sectorScales[self.Sector] == nil {
					sectorScales[self.Sector] = map[geo.Scale]float64{}
				}
				sectorScales[self.Sector][sc]++
			}
		}
		if companyEnd {
			companyDomains[p.Domain]++
		}
	}
	var assoc, assocP, employer, employerP, insertion, insertionP float64
	var comp, compP, comp10, comp10P, comp1000, comp1000P, assocEnds, compEnds float64
	assocCategories := map[string]float64{}
	var compInsertion, compLocal, compRegional, compCollectivite float64
	groups, groupsP := map[geo.Domain]float64{}, map[geo.Domain]float64{}
	for _, a := range ds.Actors {
		if abroad(a) {
			continue
		}
		r := records[a.ID]
		partners := r != nil
		yes := func(b bool) float64 {
			if b {
				return 1
			}
			return 0
		}
		p := yes(partners)
		switch a.Kind {
		case geo.KindAssociation:
			assoc, assocP = assoc+1, assocP+p
			if a.Employer {
				employer, employerP = employer+1, employerP+p
			}
			if a.Insertion {
				insertion, insertionP = insertion+1, insertionP+p
			} else {
				g := geo.DomainAutre
				if len(a.Domains) > 0 {
					g = a.Domains[0]
				}
				groups[g]++
				groupsP[g] += p
			}
			if partners {
				assocEnds += float64(r.n)
				for c := range r.categories {
					assocCategories[c]++
				}
			}
		case geo.KindEntreprise:
			comp, compP = comp+1, compP+p
			if a.Employees >= 10 {
				comp10, comp10P = comp10+1, comp10P+p
			}
			if a.Employees >= 1000 {
				comp1000, comp1000P = comp1000+1, comp1000P+p
			}
			if partners {
				compEnds += float64(r.n)
				compInsertion += yes(r.domains[string(geo.DomainInsertionEmploi)])
				compLocal += yes(r.scales[string(geo.ScaleLocal)])
				compRegional += yes(r.scales[string(geo.ScaleRegional)])
				compCollectivite += yes(r.partners[string(geo.KindCollectivite)])
			}
		}
	}
	// Structures d'insertion partner more often than every other group.
	insertionHolds := insertion > 0
	for g, n := range groups {
		if groupsP[g]/n >= insertionP/insertion {
			insertionHolds = false
		}
	}
	// Industry and construction lean regional, commerce national and
	// international.
	leanHolds := true
	for _, sector := range []geo.Sector{geo.SectorIndustrie, geo.SectorBTP, geo.SectorCommerce} {
		m := sectorScales[sector]
		total := m[geo.ScaleLocal] + m[geo.ScaleRegional] + m[geo.ScaleNational] + m[geo.ScaleInternational]
		regional := m[geo.ScaleRegional] > m[geo.ScaleNational]+m[geo.ScaleInternational]
		if total == 0 || regional != (sector != geo.SectorCommerce) {
			leanHolds = false
		}
	}
	// Companies' partnerships by domain: insertion, diversité & handicap,
	// éducation & jeunesse, culture, sport, environnement, strictly in that
	// order, every other domain below the last.
	ranked := []geo.Domain{geo.DomainInsertionEmploi, geo.DomainDiversiteHandicap, geo.DomainEducationJeunesse,
		geo.DomainCulture, geo.DomainSport, geo.DomainEnvironnement}
	var companyTotal float64
	rankingHolds := true
	for d, n := range companyDomains {
		companyTotal += n
		if !slices.Contains(ranked, d) && n >= companyDomains[ranked[len(ranked)-1]] {
			rankingHolds = false
		}
	}
	for i := 1; i < len(ranked); i++ {
		if companyDomains[ranked[i]] >= companyDomains[ranked[i-1]] {
			rankingHolds = false
		}
	}
	return map[string]rameauCount{
		"assoc_partnering":             {assocP, assoc, false},
		"assoc_employer_partnering":    {employerP, employer, false},
		"insertion_most_active":        {insertionP, insertion, insertionHolds},
		"company10_partnering":         {comp10P, comp10, false},
		"company1000_partnering":       {comp1000P, comp1000, false},
		"partnerships_total":           {partnerships, 1 / ds.ScaleFactor, false},
		"assoc_mecenat":                {assocCategories[string(geo.CategoryMecenat)], assocP, false},
		"assoc_pratiques_responsables": {assocCategories[string(geo.CategoryPratiquesResponsables)], assocP, false},
		"assoc_cooperation_economique": {assocCategories[string(geo.CategoryCooperationEconomique)], assocP, false},
		"assoc_innovation_societale":   {assocCategories[string(geo.CategoryInnovationSocietale)], assocP, false},
		"assoc_avg_partnerships":       {assocEnds, assocP, false},
		"company_avg_partnerships":     {compEnds, compP, false},
		"company_insertion":            {compInsertion, compP, false},
		"company_local_partner":        {compLocal, compP, false},
		"company_regional_partner":     {compRegional, compP, false},
		"sector_lean":                  {0, 0, leanHolds},
		"company_collectivite":         {compCollectivite, compP, false},
		"company_domain_ranking":       {companyDomains[geo.DomainInsertionEmploi], companyTotal, rankingHolds},
	}
}

// checkRameauByHand holds the served national figures to the test's own
// counts of the rows, and those counts to Le RAMEAU's published figures.
func checkRameauByHand(t *testing.T, a statsAnswer, ds *dataset.Dataset) {
	t.Helper()
	counts := demoRameauCounts(ds)
	if len(a.Figures) != len(counts) {
		t.Errorf("%d figures served, the test counts %d", len(a.Figures), len(counts))
	}
	for _, f := range a.Figures {
		c, ok := counts[f.ID]
		if !ok {
			t.Errorf("%s: a figure the test does not count", f.ID)
			continue
		}
		if f.Numerator != c.num || math.Abs(f.Denominator-c.den) > 1e-12*c.den {
			t.Errorf("%s: served %v/%v, the rows count %v/%v", f.ID, f.Numerator, f.Denominator, c.num, c.den)
		}
		if f.Kind == "comparison" {
			if f.Holds == nil || *f.Holds != c.holds || !c.holds {
				t.Errorf("%s: served holds %v, the rows say %v; the demo is calibrated for it to hold", f.ID, f.Holds, c.holds)
			}
			continue
		}
		ref, ok := rameauReferences[f.ID]
		if !ok {
			t.Errorf("%s: no published figure to compare with", f.ID)
			continue
		}
		value := c.num / c.den
		switch f.Kind {
		case "percent":
			value *= 100
		case "count":
			value = c.num * ds.ScaleFactor
		}
		if f.Value == nil || math.Abs(*f.Value-value) > 1e-9*math.Max(1, value) {
			t.Errorf("%s: served %v, the rows give %v", f.ID, f.Value, value)
		}
		if math.Abs(value-ref.value) > ref.tolerance {
			t.Errorf("%s: the rows give %.3f (%v/%v), Le RAMEAU published %v ± %v", f.ID, value, c.num, c.den, ref.value, ref.tolerance)
		}
	}
}

// checkSameFigures checks a served answer against the store's Observatory:
// the same figures in the same order with the same numbers, within rel
// (relative; 0 for exactly). Value is null exactly when the denominator is 0.
func checkSameFigures(t *testing.T, a statsAnswer, want geo.Observatory, rel float64) {
	t.Helper()
	if len(a.Figures) != len(want.Figures) || len(want.Figures) == 0 {
		t.Fatalf("%d figures served, the store computes %d", len(a.Figures), len(want.Figures))
	}
	near := func(x, y float64) bool { return x == y || math.Abs(x-y) <= rel*math.Max(math.Abs(x), math.Abs(y)) }
	for i, w := range want.Figures {
		f := a.Figures[i]
		value := math.NaN()
		if f.Value != nil {
			value = *f.Value
		}
		switch {
		case f.ID != w.ID || f.Label != w.Label || f.Kind != string(w.Kind):
			t.Errorf("figure %d: %s %q %s, want %s %q %s", i, f.ID, f.Label, f.Kind, w.ID, w.Label, w.Kind)
		case !near(f.Numerator, w.Numerator) || !near(f.Denominator, w.Denominator):
			t.Errorf("%s: %v/%v, want %v/%v", f.ID, f.Numerator, f.Denominator, w.Numerator, w.Denominator)
		case (f.Reference == nil) != (w.Kind == geo.FigureComparison) || f.Reference != nil && *f.Reference != w.Reference:
			t.Errorf("%s: reference %v, want %v (null for a comparison)", f.ID, f.Reference, w.Reference)
		case (f.Value == nil) != (w.Denominator == 0) || f.Value != nil && !near(value, w.Value):
			t.Errorf("%s: value %v, want %v (denominator %v)", f.ID, f.Value, w.Value, w.Denominator)
		case w.Kind == geo.FigureComparison && (f.Holds == nil || *f.Holds != w.Holds):
			t.Errorf("%s: holds %v, want %v", f.ID, f.Holds, w.Holds)
		case len(f.Detail) != len(w.Detail):
			t.Errorf("%s: detail %v, want %v", f.ID, f.Detail, w.Detail)
		}
		for k, v := range w.Detail {
			if got, ok := f.Detail[k]; !ok || !near(got, v) {
				t.Errorf("%s: detail[%s] = %v, want %v", f.ID, k, got, v)
			}
		}
	}
}

// actorCounted are the figures whose numerator and denominator are sums
// over the actors in scope (rates of actors, partnerships per partnering
// actor): a région's are its actors', so they add up to France's.
// partnerships_total and company_domain_ranking count partnerships, which
// two régions share when they link them; sector_lean has no numerator.
func actorCounted(f statsFigure) bool {
	return f.Kind == string(geo.FigurePercent) || f.Kind == string(geo.FigureAverage) || f.ID == "insertion_most_active"
}

// TestStatsRegionsAddUp: every actor in France is in exactly one of the 18
// régions (actors abroad are in no scope), so for each actor-counted
// figure the régions' numerators and denominators add up to the national
// ones.
func TestStatsRegionsAddUp(t *testing.T) {
	t.Parallel()
	h, _ := demoHandler(t)
	ds, err := demoDataset()
	if err != nil {
		t.Fatal(err)
	}
	national := getStats(t, h, "")
	num, den := map[string]float64{}, map[string]float64{}
	regions := regionCodes(ds)
	if len(regions) != 18 {
		t.Fatalf("the demo has %d régions, want 18", len(regions))
	}
	for _, code := range regions {
		a := getStats(t, h, "?level=region&territory="+code)
		if a.Scope.Level == nil || *a.Scope.Level != "region" || a.Scope.Code == nil || *a.Scope.Code != code || a.Scope.Name == "" {
			t.Errorf("région %s: scope %+v", code, a.Scope)
		}
		for _, f := range a.Figures {
			num[f.ID] += f.Numerator
			den[f.ID] += f.Denominator
		}
	}
	checked := 0
	for _, f := range national.Figures {
		if !actorCounted(f) {
			continue
		}
		checked++
		if num[f.ID] != f.Numerator || den[f.ID] != f.Denominator {
			t.Errorf("%s: régions add up to %v/%v, France has %v/%v", f.ID, num[f.ID], den[f.ID], f.Numerator, f.Denominator)
		}
	}
	if checked < 10 {
		t.Errorf("only %d figures checked", checked)
	}
}

func regionCodes(ds *dataset.Dataset) []string {
	var codes []string
	for _, t := range ds.Territories {
		if t.Level == geo.LevelRegion {
			codes = append(codes, t.Code)
		}
	}
	return codes
}

// TestStatsTerritoryMatchesStore: a territory's answer is Store.Observatory
// of that level and code, named by Store.Territory; région 84 and
// département 84 are different scopes. A count scaled to France has no
// tolerance at a territory's scope.
func TestStatsTerritoryMatchesStore(t *testing.T) {
	t.Parallel()
	h, st := demoHandler(t)
	ctx := context.Background()
	for _, c := range []struct {
		level geo.Level
		code  string
	}{{geo.LevelRegion, "84"}, {geo.LevelDepartement, "84"}, {geo.LevelDepartement, "2A"}} {
		t.Run(string(c.level)+"/"+c.code, func(t *testing.T) {
			t.Parallel()
			a := getStats(t, h, "?"+url.Values{"level": {string(c.level)}, "territory": {c.code}}.Encode())
			terr, err := st.Territory(ctx, c.level, c.code)
			if err != nil {
				t.Fatal(err)
			}
			if a.Scope.Name != terr.Name || a.Scope.Level == nil || *a.Scope.Level != string(c.level) || a.Scope.Code == nil || *a.Scope.Code != c.code {
				t.Errorf("scope %+v, want %s %s %q", a.Scope, c.level, c.code, terr.Name)
			}
			want, err := storetest.Figures(ctx, st, c.level, c.code, today())
			if err != nil {
				t.Fatal(err)
			}
			checkSameFigures(t, a, want, 0)
			for _, f := range a.Figures {
				if f.Kind == string(geo.FigureCount) && (f.WithinTolerance != nil || f.Tolerance != nil) {
					t.Errorf("%s: within_tolerance %v, tolerance %v: a national count has none for one territory", f.ID, f.WithinTolerance, f.Tolerance)
				}
			}
		})
	}
	r := getStats(t, h, "?level=region&territory=84")
	d := getStats(t, h, "?level=departement&territory=84")
	if r.Scope.Name == d.Scope.Name || r.Figures[0].Denominator == d.Figures[0].Denominator {
		t.Errorf("région 84 (%s, %v) and département 84 (%s, %v) answer alike", r.Scope.Name, r.Figures[0].Denominator, d.Scope.Name, d.Figures[0].Denominator)
	}
}

// TestStatsEmptyGroups: on testDataset's Ain, the only actor is a lycée, so
// every rate has an empty group: values are null (no data, not 0 %), and so
// is within_tolerance, except for comparisons, which do not hold.
func TestStatsEmptyGroups(t *testing.T) {
	t.Parallel()
	h := newHandler(t, newStore(t), server.Config{})
	a := getStats(t, h, "?level=departement&territory=01")
	if a.Scope.Name != "Ain" || len(a.Figures) == 0 {
		t.Fatalf("got %+v", a)
	}
	for _, f := range a.Figures {
		switch {
		case f.Kind == string(geo.FigureComparison):
			if f.WithinTolerance == nil || *f.WithinTolerance || f.Holds == nil || *f.Holds {
				t.Errorf("%s: holds %v, within_tolerance %v, want false for no data", f.ID, f.Holds, f.WithinTolerance)
			}
		case f.Kind == string(geo.FigureCount):
			if f.Value == nil || *f.Value != 1 || f.WithinTolerance != nil {
				t.Errorf("%s: value %v within %v, want 1 partnership (scale factor 1) and no tolerance", f.ID, f.Value, f.WithinTolerance)
			}
		case f.Denominator == 0:
			if f.Value != nil || f.WithinTolerance != nil || f.Tolerance != nil {
				t.Errorf("%s: empty group served value %v, within_tolerance %v", f.ID, f.Value, f.WithinTolerance)
			}
		default:
			t.Errorf("%s: denominator %v, want an empty group", f.ID, f.Denominator)
		}
	}
}

// TestStatsCSV: f=csv, or Accept rating text/csv above JSON, answers the
// header and one row per figure, in the JSON answer's order and numbers.
func TestStatsCSV(t *testing.T) {
	t.Parallel()
	h := newHandler(t, newStore(t), server.Config{})
	js := getStats(t, h, "?level=region&territory=84")
	cases := []struct {
		name, target string
		header       []string
	}{
		{"f=csv", "/api/stats?level=region&territory=84&f=csv", nil},
		{"Accept", "/api/stats?territory=84&level=region", []string{"Accept", "text/csv"}},
		{"Accept with q", "/api/stats?territory=84&level=region", []string{"Accept", "application/json;q=0.5, text/csv"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rec := get(t, h, tc.target, tc.header...)
			if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "text/csv; charset=utf-8" {
				t.Fatalf("status %d, Content-Type %q: %s", rec.Code, rec.Header().Get("Content-Type"), rec.Body)
			}
			if cd := rec.Header().Get("Content-Disposition"); !strings.Contains(cd, `filename="rameau-region-84.csv"`) {
				t.Errorf("Content-Disposition %q", cd)
			}
			rows, err := csv.NewReader(rec.Body).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			if want := []string{"id", "label", "kind", "value", "numerator", "denominator", "reference"}; len(rows) == 0 || !slices.Equal(rows[0], want) {
				t.Fatalf("header %v, want %v", rows[:min(1, len(rows))], want)
			}
			if len(rows)-1 != len(js.Figures) {
				t.Fatalf("%d rows, want one per figure (%d)", len(rows)-1, len(js.Figures))
			}
			for i, f := range js.Figures {
				row := rows[i+1]
				want := []string{f.ID, f.Label, f.Kind, csvNumber(f.Value), csvNumber(&f.Numerator), csvNumber(&f.Denominator), csvNumber(f.Reference)}
				if !slices.Equal(row, want) {
					t.Errorf("row %d: %q, want %q", i+1, row, want)
				}
			}
		})
	}
	// A browser's Accept, */* and a tie get JSON.
	for _, accept := range []string{"text/html,application/xhtml+xml,*/*;q=0.8", "*/*", "text/csv, application/json"} {
		if rec := get(t, h, "/api/stats", "Accept", accept); rec.Header().Get("Content-Type") != "application/json" {
			t.Errorf("Accept %q: Content-Type %q, want JSON", accept, rec.Header().Get("Content-Type"))
		}
	}
}

// csvNumber is how the CSV answer spells a number: shortest decimal, no
// exponent; empty for null.
func csvNumber(v *float64) string {
	if v == nil {
		return ""
	}
	return strconv.FormatFloat(*v, 'f', -1, 64)
}

// TestStatsBadRequests: every refused parameter is a 400 problem naming
// it; an unknown territory is a 404 whose detail names territory.
func TestStatsBadRequests(t *testing.T) {
	t.Parallel()
	h := newHandler(t, newStore(t), server.Config{})
	cases := []struct {
		name, query string
		status      int
		param       string
	}{
		{"unknown parameter", "?region=84", 400, "region"},
		{"lone territory", "?territory=84", 400, "level"},
		{"lone level", "?level=region", 400, "territory"},
		{"unknown level", "?level=canton&territory=84", 400, "level"},
		{"level in capitals", "?level=Region&territory=84", 400, "level"},
		{"empty level", "?level=&territory=84", 400, "level"},
		{"empty territory", "?level=region&territory=", 400, "territory"},
		{"territory not a code", "?level=commune&territory=69%20123", 400, "territory"},
		{"territory too long", "?level=epci&territory=2000469770", 400, "territory"},
		{"level twice", "?level=region&level=departement&territory=84", 400, "level"},
		{"territory twice", "?level=region&territory=84&territory=11", 400, "territory"},
		{"f=html", "?f=html", 400, "f"},
		{"f=geojson", "?f=geojson", 400, "f"},
		{"malformed query", "?level=region;territory=84", 400, "level"},
		{"unknown région", "?level=region&territory=99", 404, ""},
		{"code of another level", "?level=region&territory=69", 404, ""},
		{"commune as an EPCI", "?level=epci&territory=69123", 404, ""},
		{"datetime not a date", "?datetime=2019", 400, "datetime"},
		{"datetime reversed", "?datetime=2020-01-01/2019-01-01", 400, "datetime"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rec := get(t, h, "/api/stats"+tc.query)
			if rec.Code != tc.status {
				t.Fatalf("GET %s: status %d, want %d: %s", tc.query, rec.Code, tc.status, rec.Body)
			}
			p := decodeProblem(t, rec)
			if p.Parameter != tc.param {
				t.Errorf("GET %s: problem names %q, want %q (%s)", tc.query, p.Parameter, tc.param, p.Detail)
			}
			if tc.status == 404 && !strings.Contains(p.Detail, `"territory"`) {
				t.Errorf("GET %s: detail %q does not name territory", tc.query, p.Detail)
			}
		})
	}
}

// TestStatsPostGIS: with MAILLAGE_TEST_DATABASE_URL, the demo loaded into
// PostGIS answers /api/stats as the embedded store does (to float
// rounding, as SQL may sum in another order), for France and a région,
// and its national figures are within tolerance too.
func TestStatsPostGIS(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the demo into PostGIS: skipped with -short")
	}
	t.Parallel()
	ds, err := demoDataset()
	if err != nil {
		t.Fatal(err)
	}
	pg := startGDALPostGIS(t, ds).wait(t)
	embedded, _ := demoHandler(t)
	h := newHandler(t, pg.store, server.Config{})
	for _, query := range []string{"", "?level=region&territory=84", "?level=departement&territory=84", "?level=epci&territory=200046977"} {
		var want statsAnswer
		rec := get(t, embedded, "/api/stats"+query)
		if err := json.Unmarshal(rec.Body.Bytes(), &want); err != nil || rec.Code != http.StatusOK {
			t.Fatalf("embedded %s: status %d, %v", query, rec.Code, err)
		}
		got := getStats(t, h, query)
		if g, w := scopeOf(got), scopeOf(want); g != w {
			t.Errorf("%s: scope %s, embedded %s", query, g, w)
		}
		if (got.ScaleFactor == nil) != (want.ScaleFactor == nil) || got.ScaleFactor != nil && *got.ScaleFactor != *want.ScaleFactor {
			t.Errorf("%s: scale_factor %v, embedded %v", query, got.ScaleFactor, want.ScaleFactor)
		}
		checkSameFigures(t, got, asObservatory(want), 1e-9)
		for i, f := range got.Figures {
			w := want.Figures[i]
			if (f.WithinTolerance == nil) != (w.WithinTolerance == nil) || f.WithinTolerance != nil && *f.WithinTolerance != *w.WithinTolerance {
				t.Errorf("%s %s: within_tolerance %v, embedded %v", query, f.ID, f.WithinTolerance, w.WithinTolerance)
			}
		}
	}
	// PostGIS's not-found is a 404 too, never a 500.
	for _, query := range []string{"?level=region&territory=99", "?level=epci&territory=69123", "?level=commune&territory=2A999"} {
		if rec := get(t, h, "/api/stats"+query); rec.Code != http.StatusNotFound {
			t.Errorf("%s: status %d, want 404: %s", query, rec.Code, rec.Body)
		}
	}
}

// scopeOf spells an answer's scope, for comparisons and messages.
func scopeOf(a statsAnswer) string {
	deref := func(s *string) string {
		if s == nil {
			return "null"
		}
		return *s
	}
	return deref(a.Scope.Level) + " " + deref(a.Scope.Code) + " " + a.Scope.Name
}

// asObservatory turns a served answer back into the figures it shows, to
// compare two answers with checkSameFigures.
func asObservatory(a statsAnswer) geo.Observatory {
	var o geo.Observatory
	for _, f := range a.Figures {
		g := geo.Figure{ID: f.ID, Label: f.Label, Kind: geo.FigureKind(f.Kind), Numerator: f.Numerator, Denominator: f.Denominator,
			Detail: f.Detail}
		if f.Reference != nil {
			g.Reference = *f.Reference
		}
		if f.Value != nil {
			g.Value = *f.Value
		}
		if f.Holds != nil {
			g.Holds = *f.Holds
		}
		o.Figures = append(o.Figures, g)
	}
	return o
}

// TestStatsDatetime counts the Rhône's figures with the partnerships of
// 2019 only (storetest's fixture): 101, 104, 105 and 106; one of its two
// associations (2, through 101) partners then, against both of them over
// every year (10 through 103 and 110, which start later).
func TestStatsDatetime(t *testing.T) {
	t.Parallel()
	h := newHandler(t, storetestStore(t), server.Config{})
	rate := func(query string) (num, den float64) {
		t.Helper()
		rec := get(t, h, "/api/stats?level=departement&territory=69"+query)
		if rec.Code != 200 {
			t.Fatalf("%s: %d %s", query, rec.Code, rec.Body)
		}
		var doc struct {
			Figures []struct {
				ID                     string
				Numerator, Denominator float64
			}
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil {
			t.Fatal(err)
		}
		for _, f := range doc.Figures {
			if f.ID == "assoc_partnering" {
				return f.Numerator, f.Denominator
			}
		}
		t.Fatalf("%s: no assoc_partnering figure", query)
		return 0, 0
	}
	if n, d := rate(""); n != 2 || d != 2 {
		t.Errorf("every year: %v of %v associations partner, want 2 of 2", n, d)
	}
	if n, d := rate("&datetime=2019-01-01/2019-12-31"); n != 1 || d != 2 {
		t.Errorf("2019: %v of %v associations partner, want 1 of 2", n, d)
	}
}
