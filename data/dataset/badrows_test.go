package dataset_test

import (
	"errors"
	"io"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/data/dataset"
	"github.com/maillage/maillage/data/dataset/datasettest"
	"github.com/maillage/maillage/geo"
)

// badCase is a file with exactly one bad row, at line, whose reason must
// contain reason.
type badCase struct {
	name   string
	body   string
	line   int
	reason string
}

// checkBadRows runs read on each case against the sample dataset and checks
// the one reported row.
func checkBadRows(t *testing.T, read func(io.Reader, dataset.Options) error, cases []badCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			o := dataset.Options{Name: "test-file", Resolver: dataset.IndexOf(datasettest.Sample())}
			err := read(strings.NewReader(c.body), o)
			var ie *data.ImportError
			if !errors.As(err, &ie) {
				t.Fatalf("got error %v, want a *data.ImportError", err)
			}
			if ie.File != "test-file" {
				t.Errorf("got file %q, want test-file", ie.File)
			}
			if len(ie.Rows) != 1 {
				t.Fatalf("got %d bad rows, want 1: %v", len(ie.Rows), ie)
			}
			if got := ie.Rows[0]; got.Line != c.line || !strings.Contains(got.Reason, c.reason) {
				t.Errorf("got line %d %q, want line %d containing %q", got.Line, got.Reason, c.line, c.reason)
			}
		})
	}
}

const actorHeader = "id,name,kind,siren,rna,commune,country,lon,lat,precision,employees,employer,insertion,sector,reach,domains\n"

// goodActor is line 2 of every actor case, so the bad row is line 3.
const goodActor = "10,Boulangerie,entreprise,,,69123,,4.84,45.76,,5,,,commerce,local,\n"

func TestReadActorsBadRows(t *testing.T) {
	t.Parallel()
	bad := func(row string) string { return actorHeader + goodActor + row + "\n" }
	checkBadRows(t, func(r io.Reader, o dataset.Options) error { _, err := dataset.ReadActors(r, o); return err }, []badCase{
		{"unknown commune", bad("11,A,entreprise,,,69999,,,,,,,,,,"), 3, `unknown commune "69999"`},
		{"commune code of a département", bad("11,A,entreprise,,,69,,,,,,,,,,"), 3, `unknown commune "69"`},
		{"no commune in France", bad("11,A,entreprise,,,,FR,4.8,45.7,,,,,,,"), 3, "commune is empty"},
		{"lat out of range", bad("11,A,association,,,,CH,6.1,95,,,,,,,"), 3, "out of range"},
		{"lon out of range", bad("11,A,association,,,,US,-200,40,,,,,,,"), 3, "out of range"},
		{"lon/lat swapped", bad("11,A,entreprise,,,69123,,45.764,4.8357,,,,,,,"), 3, "look swapped: (4.8357, 45.764) is in metropolitan France"},
		{"swapped overseas", bad("11,A,entreprise,,,97411,,-20.88,55.45,,,,,,,"), 3, "look swapped: (55.45, -20.88) is in La Réunion"},
		{"outside France", bad("11,A,entreprise,,,69123,,-3.7,40.4,,,,,,,"), 3, "outside metropolitan France, where the commune is"},
		{"in another part of France", bad("11,A,entreprise,,,69123,,55.45,-20.88,,,,,,,"), 3, "is in La Réunion, but the commune is in metropolitan France"},
		{"lon without lat", bad("11,A,entreprise,,,69123,,4.8,,,,,,,,"), 3, "give both lon and lat"},
		{"bad number", bad("11,A,entreprise,,,69123,,\"4,8\",45.7,,,,,,,"), 3, `lon "4,8" is not a finite number`},
		{"bad siren", bad("11,A,entreprise,552032535,,69123,,,,,,,,,,"), 3, "fails the Luhn check"},
		{"bad rna", bad("11,A,association,,X691234567,69123,,,,,,,,,,"), 3, "rna: geo: invalid RNA"},
		{"unknown kind", bad("11,A,ong,,,69123,,,,,,,,,,"), 3, `unknown kind "ong"`},
		{"unknown precision", bad("11,A,entreprise,,,69123,,4.8,45.7,gps,,,,,,"), 3, `unknown precision "gps"`},
		{"exact without point", bad("11,A,entreprise,,,69123,,,,exact,,,,,,"), 3, "precision exact needs lon and lat"},
		{"unknown sector", bad("11,A,entreprise,,,69123,,,,,,,,banque,,"), 3, `unknown sector "banque"`},
		{"unknown reach", bad("11,A,entreprise,,,69123,,,,,,,,,europe,"), 3, `unknown reach "europe"`},
		{"unknown domain", bad("11,A,entreprise,,,69123,,,,,,,,,,culture;peche"), 3, `unknown domain "peche"`},
		{"domain twice", bad("11,A,entreprise,,,69123,,,,,,,,,,culture;culture"), 3, `domain "culture" listed twice`},
		{"bad employees", bad("11,A,entreprise,,,69123,,,,,beaucoup,,,,,"), 3, `employees "beaucoup" is not an integer`},
		{"negative employees", bad("11,A,entreprise,,,69123,,,,,-3,,,,,"), 3, "employees -3 outside"},
		{"bad boolean", bad("11,A,association,,,69123,,,,,,oui,,,,"), 3, `employer "oui" is not true or false`},
		{"duplicate id", bad("10,A,entreprise,,,69123,,,,,,,,,,"), 3, "duplicate id 10 (first at line 2)"},
		{"bad id", bad("x,A,entreprise,,,69123,,,,,,,,,,"), 3, `id "x" is not a positive integer`},
		{"id over the largest", bad("9007199254740992,A,entreprise,,,69123,,,,,,,,,,"), 3, "id 9007199254740992 is over 9007199254740991"},
		{"empty name", bad("11,,entreprise,,,69123,,,,,,,,,,"), 3, "name is empty"},
		{"abroad with commune", bad("11,A,association,,,69123,CH,6.1,46.2,,,,,,,"), 3, "given for an actor abroad"},
		{"abroad without point", bad("11,A,association,,,,CH,,,,,,,,,"), 3, "needs lon and lat"},
		{"bad country", bad("11,A,association,,,,Suisse,6.1,46.2,,,,,,,"), 3, `country "Suisse" is not an ISO 3166-1`},
		{"wrong field count", bad("11,A,entreprise"), 3, "3 fields, want 16"},
		{"bare quote", bad(`11,A "B",entreprise,,,69123,,,,,,,,,,`), 3, "malformed CSV"},
		{"NUL byte", bad("11,A\x00B,entreprise,,,69123,,,,,,,,,,"), 3, "field 2 holds a NUL character"},
		{"missing column", "id,name\n1,A\n", 1, `missing column "kind"`},
		{"unknown column", "id,name,kind,colour\n", 1, `unknown column "colour"`},
		{"empty file", "", 1, "a header row is required"},
	})
}

func TestReadActorsGeoJSONBadRows(t *testing.T) {
	t.Parallel()
	fc := func(features ...string) string {
		return `{"type":"FeatureCollection","features":[` + strings.Join(features, ",") + `]}`
	}
	good := `{"type":"Feature","id":10,"properties":{"name":"A","kind":"entreprise","commune":"69123"},"geometry":{"type":"Point","coordinates":[4.84,45.76]}}`
	checkBadRows(t, func(r io.Reader, o dataset.Options) error { _, err := dataset.ReadActorsGeoJSON(r, o); return err }, []badCase{
		{"swapped", fc(good, `{"type":"Feature","id":11,"properties":{"name":"B","kind":"entreprise","commune":"69123"},"geometry":{"type":"Point","coordinates":[45.76,4.84]}}`), 2, "look swapped"},
		{"line geometry", fc(good, `{"type":"Feature","id":11,"properties":{"name":"B","kind":"entreprise","commune":"69123"},"geometry":{"type":"LineString","coordinates":[[4.8,45.7],[4.9,45.8]]}}`), 2, `geometry type "LineString", want Point`},
		{"id mismatch", fc(good, `{"type":"Feature","id":11,"properties":{"id":12,"name":"B","kind":"entreprise","commune":"69123"},"geometry":null}`), 2, "feature id 11 differs from property id 12"},
		{"duplicate id", fc(good, `{"type":"Feature","id":10,"properties":{"name":"B","kind":"entreprise","commune":"69123"},"geometry":null}`), 2, "duplicate id 10"},
		{"object property", fc(good, `{"type":"Feature","id":11,"properties":{"name":{"fr":"B"},"kind":"entreprise","commune":"69123"},"geometry":null}`), 2, "name: want a string, number or boolean"},
		{"broken JSON", fc(good, `{"type":"Feature","id":11,"properties":{"name":"B",}}`), 2, "invalid JSON"},
		{"NUL character", fc(good, `{"type":"Feature","id":11,"properties":{"name":"B\u0000C","kind":"entreprise","commune":"69123"},"geometry":null}`), 2, "a string holds a NUL character"},
		{"not a collection", `{"type":"Feature"}`, 1, `type "Feature", want FeatureCollection`},
	})
}

func TestReadActorsGeoJSON(t *testing.T) {
	t.Parallel()
	body := `{"type":"FeatureCollection","name":"actors","features":[
{"type":"Feature","id":10,"properties":{"name":"A","kind":"entreprise","commune":"69123","employees":12,"employer":false,"domains":["culture","sport"]},"geometry":{"type":"Point","coordinates":[4.84,45.76,170]}},
{"type":"Feature","properties":{"id":"11","name":"B","kind":"association","commune":"69266","domains":"solidarite,sante","size_class":"0"},"geometry":null}]}`
	got, err := dataset.ReadActorsGeoJSON(strings.NewReader(body), dataset.Options{Resolver: dataset.IndexOf(datasettest.Sample())})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("got %d actors, want 2", len(got))
	}
	if a := got[0]; a.ID != 10 || a.Location[0] != 4.84 || a.Precision != "exact" || a.Employees != 12 || len(a.Domains) != 2 || a.Country != "FR" {
		t.Errorf("got %+v, want actor 10 at (4.84, 45.76), exact, 12 employees, 2 domains, FR", a)
	}
	if b := got[1]; b.ID != 11 || b.Location[0] != 4.8798 || b.Precision != "commune" || len(b.Domains) != 2 {
		t.Errorf("got %+v, want actor 11 at Villeurbanne's point, precision commune, 2 domains", b)
	}
}

const partnershipHeader = "id,actor_a,actor_b,category,domain,start,end\n"

func TestReadPartnershipsBadRows(t *testing.T) {
	t.Parallel()
	bad := func(row string) string {
		return partnershipHeader + "10,1,2,mecenat,culture,2020-01-01,\n" + row + "\n"
	}
	checkBadRows(t, func(r io.Reader, o dataset.Options) error { _, err := dataset.ReadPartnerships(r, o); return err }, []badCase{
		{"missing actor", bad("11,1,99,mecenat,culture,2020-01-01,"), 3, "actor_b 99 is not a known actor"},
		{"self-partnership", bad("11,3,3,mecenat,culture,2020-01-01,"), 3, "cannot partner itself"},
		{"unknown category", bad("11,1,2,don,culture,2020-01-01,"), 3, `unknown category "don"`},
		{"unknown domain", bad("11,1,2,mecenat,peche,2020-01-01,"), 3, `unknown domain "peche"`},
		{"bad date", bad("11,1,2,mecenat,culture,01/02/2020,"), 3, `start "01/02/2020" is not a date`},
		{"impossible date", bad("11,1,2,mecenat,culture,2021-02-29,"), 3, "is not a date"},
		{"no start", bad("11,1,2,mecenat,culture,,"), 3, "start is empty"},
		{"end before start", bad("11,1,2,mecenat,culture,2020-01-01,2019-12-31"), 3, "end 2019-12-31 is before start 2020-01-01"},
		{"duplicate id", bad("10,1,3,mecenat,culture,2020-01-01,"), 3, "duplicate id 10"},
		{"scale is not a column", "id,actor_a,actor_b,category,domain,start,scale\n", 1, `unknown column "scale"`},
	})
}

func TestReadPartnershipsDerivesScale(t *testing.T) {
	t.Parallel()
	body := partnershipHeader + "1,1,2,mecenat,culture,2020-01-01,\n2,1,4,mecenat,culture,2020-01-01,\n3,1,5,mecenat,culture,2020-01-01,\n4,2,6,mecenat,culture,2020-01-01,\n"
	got, err := dataset.ReadPartnerships(strings.NewReader(body), dataset.Options{Resolver: dataset.IndexOf(datasettest.Sample())})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"local", "regional", "national", "international"}
	for i, p := range got {
		if string(p.Scale) != want[i] {
			t.Errorf("partnership %d: got scale %s, want %s", p.ID, p.Scale, want[i])
		}
	}
}

func TestReadAlliancesBadRows(t *testing.T) {
	t.Parallel()
	bad := func(row string) string {
		return "id,name,territory,stake,start_year,illustrative\n10,A,69123,culture,2015,false\n" + row + "\n"
	}
	checkBadRows(t, func(r io.Reader, o dataset.Options) error { _, err := dataset.ReadAlliances(r, o); return err }, []badCase{
		{"unknown territory", bad("11,B,99999,culture,2015,"), 3, `territory "99999" is not a known territory`},
		{"unknown stake", bad("11,B,69,peche,2015,"), 3, `unknown stake "peche"`},
		{"bad year", bad("11,B,69,culture,deux mille,"), 3, `start_year "deux mille" is not an integer`},
		{"year out of range", bad("11,B,69,culture,215,"), 3, "start_year 215 outside 1800..2100"},
		{"duplicate id", bad("10,B,69,culture,2015,"), 3, "duplicate id 10"},
		{"unknown territory level", "id,name,territory,stake,start_year,territory_level\n11,B,84,culture,2015,pays\n", 2, `unknown territory_level "pays"`},
		{"territory not at that level", "id,name,territory,stake,start_year,territory_level\n11,B,69,culture,2015,region\n", 2, `territory "69" is not a known region`},
	})
}

func TestReadAllianceMembersBadRows(t *testing.T) {
	t.Parallel()
	bad := func(row string) string { return "alliance,actor,role\n1,5,financeur\n" + row + "\n" }
	checkBadRows(t, func(r io.Reader, o dataset.Options) error { _, err := dataset.ReadAllianceMembers(r, o); return err }, []badCase{
		{"unknown role", bad("1,6,mecene"), 3, `unknown role "mecene"`},
		{"unknown alliance", bad("9,6,financeur"), 3, "alliance 9 is not a known alliance"},
		{"unknown actor", bad("1,99,financeur"), 3, "actor 99 is not a known actor"},
		{"member twice", bad("1,5,operateur"), 3, "actor 5 is already a member of alliance 1 (line 2)"},
	})
}

const indicatorHeader = "id,label,theme,unit,source,year,finest_level,higher_is_worse,aggregation,scale,synthetic,domains\n"

func TestReadIndicatorsBadRows(t *testing.T) {
	t.Parallel()
	bad := func(row string) string {
		return indicatorHeader + "neet,Jeunes NEET,emploi,%,INSEE,2020,commune,true,ratio,100,true,insertion_emploi;education_jeunesse\n" + row + "\n"
	}
	checkBadRows(t, func(r io.Reader, o dataset.Options) error { _, err := dataset.ReadIndicators(r, o); return err }, []badCase{
		{"unknown aggregation", bad("x,X,emploi,%,INSEE,2020,commune,true,mean,,,"), 3, `unknown aggregation "mean"`},
		{"unknown level", bad("x,X,emploi,%,INSEE,2020,iris,true,sum,,,"), 3, `unknown finest_level "iris"`},
		{"ratio without scale", bad("x,X,emploi,%,INSEE,2020,commune,true,ratio,,,"), 3, "needs a positive scale"},
		{"bad scale", bad("x,X,emploi,%,INSEE,2020,commune,true,ratio,cent,,"), 3, `scale "cent" is not a finite number`},
		{"infinite scale", bad("x,X,emploi,%,INSEE,2020,commune,true,ratio,Inf,,"), 3, "is not a finite number"},
		{"duplicate id", bad("neet,X,emploi,%,INSEE,2020,commune,true,sum,,,"), 3, `duplicate id "neet"`},
		{"unknown domain", bad("x,X,emploi,%,INSEE,2020,commune,true,sum,,,emploi"), 3, `unknown domain "emploi"`},
	})
}

func TestReadIndicatorValuesBadRows(t *testing.T) {
	t.Parallel()
	bad := func(row string) string {
		return "indicator,territory,year,value,numerator,denominator\nchomage,38185,2021,10,10,100\n" + row + "\n"
	}
	checkBadRows(t, func(r io.Reader, o dataset.Options) error { _, err := dataset.ReadIndicatorValues(r, o); return err }, []badCase{
		{"unknown indicator", bad("neet,69123,2021,10,,"), 3, `indicator "neet" is not in the catalogue`},
		{"unknown territory", bad("chomage,69999,2021,10,10,100"), 3, `territory "69999" is not a known territory`},
		{"ratio without denominator", bad("chomage,69123,2021,10,10,"), 3, "numerator and denominator are required"},
		{"zero denominator", bad("chomage,69123,2021,,10,0"), 3, "denominator 0 is not positive"},
		{"value disagrees", bad("chomage,69123,2021,12,100,10"), 3, "disagrees with scale × numerator / denominator = 1000"},
		{"numerator on a mean", bad("revenu_median,69,2020,21000,21000,1"), 3, "only for ratio indicators"},
		{"no value", bad("revenu_median,69,2020,,,"), 3, "value is empty"},
		{"finer than finest level", bad("revenu_median,69123,2020,21000,,"), 3, "finer than the indicator's finest level departement"},
		{"duplicate", bad("chomage,38185,2021,10,10,100"), 3, "duplicate value of chomage for 38185 in 2021 (first at line 2)"},
		{"duplicate, unsorted", "indicator,territory,year,value,numerator,denominator\nchomage,38185,2021,10,10,100\nchomage,38185,2020,10,10,100\nchomage,38185,2021,10,10,100\n", 4, "duplicate value of chomage for 38185 in 2021 (first at line 2)"},
		{"bad number", bad("revenu_median,69,2020,21 000,,"), 3, `value "21 000" is not a finite number`},
	})
}

func TestReadIndicatorValuesComputesRatio(t *testing.T) {
	t.Parallel()
	body := "indicator,territory,year,value,numerator,denominator\nchomage,38185,2021,,3,40\n"
	got, err := dataset.ReadIndicatorValues(strings.NewReader(body), dataset.Options{Resolver: dataset.IndexOf(datasettest.Sample())})
	if err != nil {
		t.Fatal(err)
	}
	if got[0].Value != 7.5 {
		t.Errorf("got value %g, want 100 × 3 / 40 = 7.5", got[0].Value)
	}
}

func TestReadTerritoriesBadRows(t *testing.T) {
	t.Parallel()
	fc := func(features ...string) string {
		return `{"type":"FeatureCollection","features":[` + strings.Join(features, ",\n") + `]}`
	}
	region := `{"type":"Feature","id":"93","properties":{"name":"Provence-Alpes-Côte d'Azur","level":"region"},"geometry":{"type":"Polygon","coordinates":[[[4,43],[7,43],[7,45],[4,45],[4,43]]]}}`
	feature := func(id, props, geom string) string {
		return `{"type":"Feature","id":` + id + `,"properties":{` + props + `},"geometry":` + geom + `}`
	}
	square := `{"type":"MultiPolygon","coordinates":[[[[5,43.2],[5.8,43.2],[5.8,43.9],[5,43.9],[5,43.2]]]]}`
	point := `{"type":"Point","coordinates":[5.37,43.29]}`
	checkBadRows(t, func(r io.Reader, o dataset.Options) error { _, err := dataset.ReadTerritories(r, o); return err }, []badCase{
		{"unknown level", fc(region, feature(`"13"`, `"name":"Bouches-du-Rhône","level":"department","region":"93"`, square)), 2, `unknown level "department"`},
		{"duplicate code", fc(region, feature(`"93"`, `"name":"Bis","level":"region"`, square)), 2, "duplicate region code 93 (first at line 1)"},
		{"unknown parent", fc(region, feature(`"13"`, `"name":"Bouches-du-Rhône","level":"departement","region":"94"`, square)), 2, `region "94" is not a known region`},
		{"parent of the wrong level", fc(region, feature(`"13"`, `"name":"Bouches-du-Rhône","level":"departement","region":"69"`, square)), 2, `region "69" is a departement, want a region`},
		{"parent in the resolver", fc(region, feature(`"13055"`, `"name":"Marseille","level":"commune","region":"93","departement":"69"`, point)), 2, "departement 69 disagrees with the commune code, which says 13"},
		{"region disagrees with département", fc(region, feature(`"69999"`, `"name":"X","level":"commune","region":"93","departement":"69"`, point)), 2, "region 93 disagrees with departement 69, whose region is 84"},
		{"ring not closed", fc(region, feature(`"13"`, `"name":"B","level":"departement","region":"93"`, `{"type":"Polygon","coordinates":[[[5,43],[6,43],[6,44],[5,44]]]}`)), 2, "ring 1 is not closed"},
		{"point for a département", fc(region, feature(`"13"`, `"name":"B","level":"departement","region":"93"`, point)), 2, `geometry type "Point", want one of [MultiPolygon Polygon]`},
		{"null geometry", fc(region, feature(`"13"`, `"name":"B","level":"departement","region":"93"`, `null`)), 2, "geometry is null"},
		{"out of range", fc(region, feature(`"13"`, `"name":"B","level":"departement","region":"93"`, `{"type":"Polygon","coordinates":[[[5,43],[6,43],[6,94],[5,43]]]}`)), 2, "out of range"},
		{"bad EPCI SIREN", fc(region, feature(`"200054782"`, `"name":"B","level":"epci","region":"93"`, point)), 2, "fails the Luhn check"},
		{"bad commune code", fc(region, feature(`"1305"`, `"name":"B","level":"commune","region":"93","departement":"13"`, point)), 2, `code "1305" is not a valid commune code`},
		{"numeric id", fc(region, feature(`13`, `"name":"B","level":"departement","region":"93"`, square)), 2, "is not a JSON string"},
		{"id and code differ", fc(region, feature(`"13"`, `"code":"83","name":"B","level":"departement","region":"93"`, square)), 2, `feature id "13" differs from code "83"`},
		{"wrong JSON type", fc(region, feature(`"13"`, `"name":"B","level":"departement","region":"93","population":"2 000 000"`, square)), 2, "population: got a JSON string, want int64"},
		{"qpv share", fc(region, feature(`"13"`, `"name":"B","level":"departement","region":"93","qpv_share":1.5`, square)), 2, "qpv_share 1.5 outside 0..1"},
		{"density class", fc(region, feature(`"13"`, `"name":"B","level":"departement","region":"93","density_class":9`, square)), 2, "density_class 9 outside 0..7"},
		{"same code, other level", fc(region, feature(`"93"`, `"name":"Seine-Saint-Denis","level":"departement","region":"93","qpv_share":-0.1`, square)), 2, "qpv_share -0.1 outside 0..1"},
		{"département with an epci", fc(region, feature(`"13"`, `"name":"B","level":"departement","region":"93","epci":"200054781"`, square)), 2, "a departement has no departement or epci"},
		{"broken JSON", fc(region, `{"type":"Feature",`), 2, "invalid JSON"},
	})
}

func TestReadTerritoriesParentsInAnyOrder(t *testing.T) {
	t.Parallel()
	body := `{"type":"FeatureCollection","features":[
{"type":"Feature","id":"13055","properties":{"name":"Marseille","level":"commune","region":"93","departement":"13"},"geometry":{"type":"Point","coordinates":[5.37,43.29]}},
{"type":"Feature","id":"13","properties":{"name":"Bouches-du-Rhône","level":"departement","region":"93"},"geometry":{"type":"Polygon","coordinates":[[[4.2,43.1],[5.8,43.1],[5.8,44],[4.2,44],[4.2,43.1]]]}},
{"type":"Feature","properties":{"code":"93","name":"Provence-Alpes-Côte d'Azur","level":"region"},"geometry":{"type":"MultiPolygon","coordinates":[[[[4,43],[7,43],[7,45],[4,45],[4,43]]]]}}]}`
	got, err := dataset.ReadTerritories(strings.NewReader(body), dataset.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || got[1].Geometry.GeoJSONType() != "MultiPolygon" || got[2].Code != "93" {
		t.Errorf("got %+v, want 3 territories, the Polygon made a MultiPolygon, the code taken from properties", got)
	}
}

func TestReadReportsEveryBadRow(t *testing.T) {
	t.Parallel()
	body := actorHeader + "1,A,ong,,,69123,,,,,,,,,,\n" + goodActor + "2,B,entreprise,,,69999,,,,,,,,,,\n\"3\",C,association,,W12,69123,,,,,,,,,,banque\n"
	_, err := dataset.ReadActors(strings.NewReader(body), dataset.Options{Resolver: dataset.IndexOf(datasettest.Sample())})
	var ie *data.ImportError
	if !errors.As(err, &ie) {
		t.Fatalf("got %v, want *data.ImportError", err)
	}
	want := []data.RowError{
		{Line: 2, Reason: `unknown kind "ong" (want entreprise, association, collectivite, etat, enseignement, club_entreprises, autre)`, Fields: []data.FieldProblem{{Field: "kind", Reason: `unknown kind "ong" (want entreprise, association, collectivite, etat, enseignement, club_entreprises, autre)`}}},
		{Line: 4, Reason: `unknown commune "69999"`, Fields: []data.FieldProblem{{Field: "commune", Reason: `unknown commune "69999"`}}},
		{Line: 5, Reason: `rna: geo: invalid RNA: "W12" is not W followed by 9 characters; domains: unknown domain "banque"`, Fields: []data.FieldProblem{{Field: "rna", Reason: `geo: invalid RNA: "W12" is not W followed by 9 characters`}, {Field: "domains", Reason: `unknown domain "banque"`}}},
	}
	if len(ie.Rows) != len(want) {
		t.Fatalf("got %d rows %v, want %d", len(ie.Rows), ie.Rows, len(want))
	}
	for i := range want {
		if !reflect.DeepEqual(ie.Rows[i], want[i]) {
			t.Errorf("row %d: got %+v, want %+v", i, ie.Rows[i], want[i])
		}
	}
}

func TestMultilineRecordLine(t *testing.T) {
	t.Parallel()
	body := actorHeader + "1,\"Atelier\nsur deux lignes\",entreprise,,,69123,,,,,,,,,,\n2,B,ong,,,69123,,,,,,,,,,\n"
	_, err := dataset.ReadActors(strings.NewReader(body), dataset.Options{Resolver: dataset.IndexOf(datasettest.Sample())})
	var ie *data.ImportError
	if !errors.As(err, &ie) || len(ie.Rows) != 1 || ie.Rows[0].Line != 4 {
		t.Fatalf("got %v, want one bad row at line 4 (the record after a two-line one)", err)
	}
}

func TestProgress(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	b.WriteString(actorHeader)
	for i := 1; i <= 2500; i++ {
		b.WriteString(strings.Replace(goodActor, "10,", itoa(i)+",", 1))
	}
	var calls [][2]int
	_, err := dataset.ReadActors(strings.NewReader(b.String()), dataset.Options{
		Resolver: dataset.IndexOf(datasettest.Sample()),
		Progress: func(done, total int) { calls = append(calls, [2]int{done, total}) },
	})
	if err != nil {
		t.Fatal(err)
	}
	want := [][2]int{{1000, -1}, {2000, -1}, {2500, -1}}
	if len(calls) != len(want) {
		t.Fatalf("got progress calls %v, want %v", calls, want)
	}
	for i := range want {
		if calls[i] != want[i] {
			t.Errorf("call %d: got %v, want %v", i, calls[i], want[i])
		}
	}
}

func itoa(i int) string {
	var buf [20]byte
	n := len(buf)
	for {
		n--
		buf[n] = byte('0' + i%10)
		if i /= 10; i == 0 {
			return string(buf[n:])
		}
	}
}

func TestReadAlliancesResolvesLevel(t *testing.T) {
	t.Parallel()
	body := "id,name,territory,stake,start_year,territory_level\n1,A,84,culture,,\n2,B,84,culture,2015,region\n3,C,69123,culture,2015,\n"
	got, err := dataset.ReadAlliances(strings.NewReader(body), dataset.Options{Resolver: dataset.IndexOf(datasettest.Sample())})
	if err != nil {
		t.Fatal(err)
	}
	want := []geo.Level{geo.LevelDepartement, geo.LevelRegion, geo.LevelCommune}
	for i, al := range got {
		if al.TerritoryLevel != want[i] {
			t.Errorf("alliance %d: got level %q, want %q", al.ID, al.TerritoryLevel, want[i])
		}
	}
	if got[0].StartYear != 0 {
		t.Errorf("alliance 1: got start year %d, want 0 (unknown)", got[0].StartYear)
	}
}

func TestReadIndicatorValuesReportsEveryDuplicate(t *testing.T) {
	t.Parallel()
	row := "chomage,38185,2021,10,10,100\n"
	body := "indicator,territory,year,value,numerator,denominator\n" + row + "chomage,69123,2021,10,10,100\n" + row + row + row
	_, err := dataset.ReadIndicatorValues(strings.NewReader(body), dataset.Options{Resolver: dataset.IndexOf(datasettest.Sample())})
	var ie *data.ImportError
	if !errors.As(err, &ie) {
		t.Fatalf("got %v, want *data.ImportError", err)
	}
	var got []int
	for _, r := range ie.Rows {
		if !strings.Contains(r.Reason, "(first at line 2)") {
			t.Errorf("line %d: %q, want it to name line 2", r.Line, r.Reason)
		}
		got = append(got, r.Line)
	}
	if want := []int{4, 5, 6}; !slices.Equal(got, want) {
		t.Errorf("got lines %v, want %v", got, want)
	}
}
