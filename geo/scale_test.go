package geo

import "testing"

func TestPartnerScale(t *testing.T) {
	t.Parallel()
	lyon := Place{Commune: "69123", EPCI: "200046977", Departement: "69", Region: "84"}
	villeurbanne := Place{Commune: "69266", EPCI: "200046977", Departement: "69", Region: "84"}
	givors := Place{Commune: "69091", EPCI: "200046977", Departement: "69", Region: "84"}
	// CC de la Vallée de l'Ognon straddles Doubs (25) and Haute-Saône (70).
	ognon25 := Place{Commune: "25005", EPCI: "242504496", Departement: "25", Region: "27"}
	ognon70 := Place{Commune: "70001", EPCI: "242504496", Departement: "70", Region: "27"}
	tarare := Place{Commune: "69243", EPCI: "246900575", Departement: "69", Region: "84"}
	grenoble := Place{Commune: "38185", EPCI: "200040715", Departement: "38", Region: "84"}
	paris := Place{Commune: "75056", EPCI: "200054781", Departement: "75", Region: "11"}
	stDenisReunion := Place{Commune: "97411", EPCI: "249740119", Departement: "974", Region: "04"}
	stPierreReunion := Place{Commune: "97416", EPCI: "249740101", Departement: "974", Region: "04"}
	geneva := Place{Country: "CH"}
	noEPCI := Place{Commune: "69123", Departement: "69", Region: "84"}
	noEPCIother := Place{Commune: "69266", Departement: "69", Region: "84"}

	cases := []struct {
		name string
		a, b Place
		want Scale
	}{
		{"same commune", lyon, lyon, ScaleLocal},
		{"same EPCI, two communes", lyon, villeurbanne, ScaleLocal},
		{"same EPCI, other commune", givors, villeurbanne, ScaleLocal},
		{"same EPCI across two départements", ognon25, ognon70, ScaleLocal},
		{"same département, other EPCI", lyon, tarare, ScaleRegional},
		{"same région, other département", lyon, grenoble, ScaleRegional},
		{"two régions", lyon, paris, ScaleNational},
		{"overseas département, same département", stDenisReunion, stPierreReunion, ScaleRegional},
		{"overseas and metropolitan", stDenisReunion, paris, ScaleNational},
		{"actor abroad", lyon, geneva, ScaleInternational},
		{"both abroad", geneva, geneva, ScaleInternational},
		{"unknown EPCI, other commune", noEPCI, noEPCIother, ScaleRegional},
		{"unknown EPCI, same commune", noEPCI, lyon, ScaleLocal},
		{"empty places never match", Place{}, Place{}, ScaleNational},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			if got := PartnerScale(c.a, c.b); got != c.want {
				t.Errorf("PartnerScale: got %s, want %s", got, c.want)
			}
			if got := PartnerScale(c.b, c.a); got != c.want {
				t.Errorf("PartnerScale reversed: got %s, want %s", got, c.want)
			}
		})
	}
}

func TestDepartementOfCommune(t *testing.T) {
	t.Parallel()
	cases := []struct{ commune, want string }{
		{"01001", "01"}, {"2A004", "2A"}, {"2B033", "2B"}, {"97411", "974"}, {"97608", "976"}, {"123", ""},
	}
	for _, c := range cases {
		if got := DepartementOfCommune(c.commune); got != c.want {
			t.Errorf("DepartementOfCommune(%q): got %q, want %q", c.commune, got, c.want)
		}
	}
}
