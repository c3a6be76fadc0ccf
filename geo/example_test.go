package geo_test

import (
	"fmt"

	"github.com/maillage/maillage/geo"
	"github.com/paulmach/orb"
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

func ExampleClusterGrid() {
	c := geo.ClusterCellDegrees(6) // 64 pixels of a tile at zoom 6
	g := geo.NewClusterGrid(c)
	g.Add(orb.Point{4.84, 45.76}, geo.KindEntreprise, 40)   // Lyon
	g.Add(orb.Point{4.88, 45.77}, geo.KindAssociation, 0)   // Villeurbanne
	g.Add(orb.Point{-61.55, 16.25}, geo.KindAssociation, 3) // Guadeloupe
	for _, cl := range g.Clusters() {
		fmt.Printf("%g° %d/%d: %d actors, %d employees at %.2f\n", c, cl.Cell.X, cl.Cell.Y, cl.Count, cl.Employees, cl.Center)
	}
	// Output:
	// 1.40625° -44/11: 1 actors, 3 employees at [-61.55 16.25]
	// 1.40625° 3/32: 2 actors, 40 employees at [4.86 45.77]
}
