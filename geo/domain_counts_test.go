package geo

import "testing"

// TestDomainCounts: a domain's place is its place in Domains, an unknown
// one has none; counts built by name read back by name and sum.
func TestDomainCounts(t *testing.T) {
	for i, d := range Domains {
		if d.Index() != i {
			t.Errorf("%s.Index() = %d, want %d", d, d.Index(), i)
		}
	}
	if Domain("pêche").Index() != -1 || DomainAll.Index() != -1 {
		t.Error("an unknown domain, or DomainAll, has a place")
	}
	c := CountsByDomain(map[Domain]int{DomainSante: 2, DomainAutre: 3, "pêche": 7})
	cases := []struct {
		d    Domain
		want int
	}{{DomainSante, 2}, {DomainAutre, 3}, {DomainCulture, 0}, {"pêche", 0}}
	for _, tc := range cases {
		if got := c.Of(tc.d); got != tc.want {
			t.Errorf("Of(%s) = %d, want %d", tc.d, got, tc.want)
		}
	}
	if c.Total() != 5 {
		t.Errorf("Total() = %d, want 5 (the unknown domain dropped)", c.Total())
	}
}
