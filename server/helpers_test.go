package server_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/maillage/maillage/analysis"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/data/dataset"
	"github.com/maillage/maillage/data/memory"
	"github.com/maillage/maillage/geo"
	"github.com/maillage/maillage/server"
	"github.com/paulmach/orb"
)

// testDataset is a small, consistent slice of France: one région, two
// départements, two EPCIs, three communes, five actors (one abroad), three
// partnerships and one alliance.
func testDataset() *dataset.Dataset {
	box := func(minX, minY, maxX, maxY float64) orb.MultiPolygon {
		return orb.MultiPolygon{{{{minX, minY}, {maxX, minY}, {maxX, maxY}, {minX, maxY}, {minX, minY}}}}
	}
	return &dataset.Dataset{
		Territories: []geo.Territory{
			{Code: "84", Name: "Auvergne-Rhône-Alpes", Level: geo.LevelRegion, Population: 8000000,
				Geometry: box(2, 44, 7.5, 46.8), Typology: geo.Typology{DensityClass: 3}},
			{Code: "01", Name: "Ain", Level: geo.LevelDepartement, RegionCode: "84", Population: 650000,
				Geometry: box(4.7, 45.6, 6.2, 46.5)},
			{Code: "69", Name: "Rhône", Level: geo.LevelDepartement, RegionCode: "84", Population: 1900000,
				Geometry: box(4.2, 45.4, 5.2, 46.3)},
			{Code: "200046977", Name: "Métropole de Lyon", Level: geo.LevelEPCI, RegionCode: "84",
				DepartementCode: "69", Population: 1400000, Geometry: orb.Point{4.85, 45.76}, Approximate: true},
			{Code: "200071751", Name: "CA du Bassin de Bourg-en-Bresse", Level: geo.LevelEPCI, RegionCode: "84",
				DepartementCode: "01", Population: 135000, Geometry: orb.Point{5.22, 46.2}, Approximate: true},
			{Code: "01053", Name: "Bourg-en-Bresse", Level: geo.LevelCommune, RegionCode: "84",
				DepartementCode: "01", EPCICode: "200071751", Population: 42000,
				Geometry: orb.Point{5.2256, 46.2052}, Approximate: true},
			{Code: "69123", Name: "Lyon", Level: geo.LevelCommune, RegionCode: "84",
				DepartementCode: "69", EPCICode: "200046977", Population: 520000,
				Geometry: orb.Point{4.8357, 45.764}, Approximate: true},
			{Code: "69266", Name: "Villeurbanne", Level: geo.LevelCommune, RegionCode: "84",
				DepartementCode: "69", EPCICode: "200046977", Population: 150000,
				Geometry: orb.Point{4.8799, 45.7719}, Approximate: true},
		},
		Actors: []geo.Actor{
			{ID: 1, Name: "Atelier Lumière", Kind: geo.KindEntreprise, CommuneCode: "69123", Country: "FR",
				Location: orb.Point{4.8301, 45.7601}, Precision: geo.PrecisionApproximate, Employees: 40,
				Sector: geo.SectorIndustrie, Reach: geo.ScaleLocal, Domains: []geo.Domain{geo.DomainInsertionEmploi}},
			{ID: 2, Name: "Unis pour l'emploi", Kind: geo.KindAssociation, CommuneCode: "69266", Country: "FR",
				Location: orb.Point{4.8805, 45.7702}, Precision: geo.PrecisionApproximate, Employer: true,
				Insertion: true, Reach: geo.ScaleRegional, Domains: []geo.Domain{geo.DomainInsertionEmploi, geo.DomainSolidarite}},
			{ID: 3, Name: "Lycée du Bugey", Kind: geo.KindEnseignement, CommuneCode: "01053", Country: "FR",
				Location: orb.Point{5.2301, 46.2002}, Precision: geo.PrecisionApproximate,
				Sector: geo.SectorPublic, Reach: geo.ScaleLocal, Domains: []geo.Domain{geo.DomainEducationJeunesse}},
			{ID: 4, Name: "Mairie de Lyon", Kind: geo.KindCollectivite, CommuneCode: "69123", Country: "FR",
				Location: orb.Point{4.8359, 45.7676}, Precision: geo.PrecisionExact,
				Sector: geo.SectorPublic, Reach: geo.ScaleLocal, Domains: []geo.Domain{geo.DomainCulture}},
			{ID: 5, Name: "Fondation Genève", Kind: geo.KindAssociation, Country: "CH",
				Location: orb.Point{6.1432, 46.2044}, Precision: geo.PrecisionExact,
				Reach: geo.ScaleInternational, Domains: []geo.Domain{geo.DomainSante}},
		},
		Partnerships: []geo.Partnership{
			{ID: 1, ActorA: 1, ActorB: 2, Category: geo.CategoryMecenat, Domain: geo.DomainInsertionEmploi,
				Start: time.Date(2019, 3, 1, 0, 0, 0, 0, time.UTC)},
			{ID: 2, ActorA: 2, ActorB: 3, Category: geo.CategoryInnovationSocietale, Domain: geo.DomainEducationJeunesse,
				Start: time.Date(2021, 9, 1, 0, 0, 0, 0, time.UTC)},
			{ID: 3, ActorA: 4, ActorB: 5, Category: geo.CategoryCooperationEconomique, Domain: geo.DomainSante,
				Start: time.Date(2018, 1, 15, 0, 0, 0, 0, time.UTC), End: time.Date(2022, 12, 31, 0, 0, 0, 0, time.UTC)},
		},
		Alliances: []geo.Alliance{
			{ID: 1, Name: "Fil rouge lyonnais", TerritoryCode: "69123", Stake: geo.DomainInsertionEmploi, StartYear: 2017,
				Members: []geo.AllianceMember{{ActorID: 1, Role: geo.RoleFinanceur}, {ActorID: 2, Role: geo.RoleOperateur},
					{ActorID: 4, Role: geo.RoleFacilitateur}}},
		},
	}
}

// wantCounts is how many features testDataset has per collection.
var wantCounts = map[string]int{
	data.CollectionActors: 5, data.CollectionPartnerships: 3, data.CollectionAlliances: 1,
	data.CollectionRegions: 1, data.CollectionDepartements: 2, data.CollectionEPCIs: 2, data.CollectionCommunes: 3,
}

// newStore builds the embedded store over testDataset.
func newStore(t testing.TB) data.Store {
	t.Helper()
	st, err := memory.New(testDataset())
	if err != nil {
		t.Fatalf("memory.New: %v", err)
	}
	t.Cleanup(st.Close)
	return st
}

// testLogger writes the server's logs to the test's output, shown when a
// test fails or with -v.
func testLogger(t testing.TB) *slog.Logger {
	return slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// newHandler builds a server over st and returns its handler.
// servedCatalog is every collection the server lists: the stored ones,
// then the analysis package's gap collections.
func servedCatalog() []data.Collection {
	return append(data.Catalog(), analysis.GapCollections()...)
}

// sourceOf is what serves a collection's features over st, as the server
// routes it: the analysis layer's gap layers for a gap collection, the
// store for the others.
func sourceOf(st data.Store, collection string) data.Collections {
	if _, _, ok := analysis.LookupGapCollection(collection); ok {
		return analysis.New(st, analysis.Config{}).GapLayers()
	}
	return st
}

func newHandler(t testing.TB, st data.Store, cfg server.Config) http.Handler {
	t.Helper()
	return server.New(st, cfg, testLogger(t)).Handler()
}

// get sends one GET through h with optional header pairs.
func get(t testing.TB, h http.Handler, target string, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, target, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// featureCollection is what tests read of an items response.
type featureCollection struct {
	Type     string `json:"type"`
	Features []struct {
		Type       string          `json:"type"`
		ID         json.RawMessage `json:"id"`
		Geometry   json.RawMessage `json:"geometry"`
		Properties map[string]any  `json:"properties"`
	} `json:"features"`
	NumberReturned *int   `json:"numberReturned"`
	NumberMatched  *int   `json:"numberMatched"`
	TimeStamp      string `json:"timeStamp"`
	Links          []struct {
		Href string `json:"href"`
		Rel  string `json:"rel"`
		Type string `json:"type"`
	} `json:"links"`
}

func (fc featureCollection) link(rel string) string {
	for _, l := range fc.Links {
		if l.Rel == rel {
			return l.Href
		}
	}
	return ""
}

func (fc featureCollection) ids() []string {
	ids := make([]string, len(fc.Features))
	for i, f := range fc.Features {
		ids[i] = string(f.ID)
	}
	return ids
}

func decodeFC(t testing.TB, body io.Reader) featureCollection {
	t.Helper()
	var fc featureCollection
	dec := json.NewDecoder(body)
	if err := dec.Decode(&fc); err != nil {
		t.Fatalf("decode FeatureCollection: %v", err)
	}
	if dec.More() {
		t.Fatalf("trailing data after the FeatureCollection")
	}
	return fc
}

// problemDoc is what tests read of a problem+json answer.
type problemDoc struct {
	Type      string `json:"type"`
	Title     string `json:"title"`
	Status    int    `json:"status"`
	Detail    string `json:"detail"`
	Parameter string `json:"parameter"`
	RequestID string `json:"request_id"`
}

func decodeProblem(t testing.TB, rec *httptest.ResponseRecorder) problemDoc {
	t.Helper()
	if ct := rec.Header().Get("Content-Type"); ct != "application/problem+json" {
		t.Fatalf("Content-Type = %q, want application/problem+json (body %s)", ct, rec.Body)
	}
	var p problemDoc
	if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil {
		t.Fatalf("decode problem: %v (body %s)", err, rec.Body)
	}
	if p.Status != rec.Code {
		t.Errorf("problem status %d, response status %d", p.Status, rec.Code)
	}
	if p.Type == "" || p.Title == "" || p.Detail == "" {
		t.Errorf("problem lacks type, title or detail: %+v", p)
	}
	return p
}

// storeFunc overrides some Store methods of an embedded store, to inject
// slowness, failures and panics.
type storeFunc struct {
	data.Store
	items func(ctx context.Context, collection string, q data.ItemsQuery, emit data.EmitFunc) error
	ping  func(ctx context.Context) error
}

func (s storeFunc) Items(ctx context.Context, collection string, q data.ItemsQuery, emit data.EmitFunc) error {
	if s.items != nil {
		return s.items(ctx, collection, q, emit)
	}
	return s.Store.Items(ctx, collection, q, emit)
}

func (s storeFunc) Ping(ctx context.Context) error {
	if s.ping != nil {
		return s.ping(ctx)
	}
	return s.Store.Ping(ctx)
}

// problemCase is a request the server must refuse: the status and the
// parameter its problem document names ("" for none).
type problemCase struct {
	path   string
	status int
	param  string
}

// checkProblems requests each case and checks its status and the
// parameter its problem document names.
func checkProblems(t *testing.T, h http.Handler, cases []problemCase) {
	t.Helper()
	for _, c := range cases {
		rec := get(t, h, c.path)
		if rec.Code != c.status {
			t.Errorf("%s: status %d, want %d", c.path, rec.Code, c.status)
			continue
		}
		if pd := decodeProblem(t, rec); pd.Parameter != c.param {
			t.Errorf("%s: problem names %q, want %q", c.path, pd.Parameter, c.param)
		}
	}
}

// today is the interval the analyses count without datetime: today's UTC
// date, the whole day.
func today() *data.Interval { return data.WholeDay(time.Now()) }

// runningToday reports whether a partnership is active today, as the
// analyses count without datetime: started by today, not ended before it.
func runningToday(p geo.Partnership) bool {
	day := today().Start
	return !p.Start.After(day) && (p.End.IsZero() || !p.End.Before(day))
}

// metricSample is the value of the sample named series (a metric's name,
// with its labels as Prometheus writes them) in a /metrics text.
func metricSample(text, series string) (string, bool) {
	for _, line := range strings.Split(text, "\n") {
		if v, ok := strings.CutPrefix(line, series+" "); ok {
			return v, true
		}
	}
	return "", false
}
