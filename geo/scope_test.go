package geo_test

import (
	"testing"

	"github.com/maillage/maillage/geo"
)

func TestScope(t *testing.T) {
	t.Parallel()
	lyon := geo.Place{Country: "FR", Commune: "69123", EPCI: "200046977", Departement: "69", Region: "84"}
	geneva := geo.Place{Country: "CH"}
	cases := []struct {
		text    string
		err     bool
		lyon    bool
		geneva  bool
		printed string
	}{
		{"region:84", false, true, false, "region:84"},
		{"region:11, departement:69", false, true, false, "region:11,departement:69"},
		{"epci:200046977", false, true, false, "epci:200046977"},
		{"commune:69266", false, false, false, "commune:69266"},
		{"", false, false, false, ""},
		{"region84", true, false, false, ""},
		{"canton:12", true, false, false, ""},
		{"region:", true, false, false, ""},
	}
	for _, tc := range cases {
		s, err := geo.ParseScope(tc.text)
		if (err != nil) != tc.err {
			t.Errorf("ParseScope(%q): %v, want error %v", tc.text, err, tc.err)
			continue
		}
		if s.Covers(lyon) != tc.lyon || s.Covers(geneva) != tc.geneva || s.String() != tc.printed {
			t.Errorf("%q: covers Lyon %v, Geneva %v, prints %q", tc.text, s.Covers(lyon), s.Covers(geneva), s)
		}
	}
}
