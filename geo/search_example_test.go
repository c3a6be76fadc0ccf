package geo_test

import (
	"fmt"

	"github.com/maillage/maillage/geo"
)

func ExampleSearchKey() {
	fmt.Println(geo.SearchKey("Saint-Étienne"), "|", geo.SearchKey("L'Haÿ-les-Roses"), "|", geo.SearchKey("Vœuil-et-Giget"))
	// Output: saint etienne | l hay les roses | voeuil et giget
}

func ExampleTerritoryQuery_Rank() {
	q := geo.NewTerritoryQuery("saint etienne")
	for _, name := range []string{"Saint-Étienne", "Saint-Étienne-du-Bois", "Villars-Saint-Étienne", "Étienne"} {
		fmt.Println(name, q.Rank("", geo.SearchKey(name)))
	}
	code := geo.NewTerritoryQuery("2a")
	fmt.Println("2A", code.Rank("2A", geo.SearchKey("Corse-du-Sud")), "2A004", code.Rank("2A004", geo.SearchKey("Ajaccio")))
	// Output:
	// Saint-Étienne name
	// Saint-Étienne-du-Bois prefix
	// Villars-Saint-Étienne word
	// Étienne none
	// 2A code 2A004 prefix
}
