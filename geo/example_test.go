package geo_test

import (
	"fmt"

	"github.com/maillage/maillage/geo"
)

func ExamplePartnerScale() {
	lyon := geo.Place{Commune: "69123", EPCI: "200046977", Departement: "69", Region: "84"}
	grenoble := geo.Place{Commune: "38185", EPCI: "200040715", Departement: "38", Region: "84"}
	geneva := geo.Place{Country: "CH"}
	fmt.Println(geo.PartnerScale(lyon, lyon), geo.PartnerScale(lyon, grenoble), geo.PartnerScale(lyon, geneva))
	// Output: local regional international
}

func ExampleBreaks() {
	unemployment := []float64{1.3, 7.1, 7.3, 2.3, 3.9, 4.1, 7.8, 1.2, 4.3, 7.3, 5.0, 4.3}
	bounds, _ := geo.Breaks(unemployment, geo.BreaksJenks, 3, 0)
	fmt.Println(bounds, geo.ClassCounts(unemployment, bounds))
	// Output: [1.2 2.3 5 7.8] [3 5 4]
}
