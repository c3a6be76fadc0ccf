package geo_test

import (
	"fmt"

	"github.com/maillage/maillage/geo"
	"github.com/paulmach/orb"
)

func ExampleProjection_Forward() {
	paris := orb.Point{2.3522, 48.8566} // CRS84: lon, lat
	l93 := geo.EPSG2154.Projection()
	p := l93.Forward(paris)
	fmt.Printf("%s: %.2f %.2f\n", l93.CRS(), p[0], p[1])
	fmt.Println(geo.EPSG4326.Projection().Forward(paris)) // lat, lon
	// Output:
	// EPSG:2154: 652469.02 6862035.26
	// [48.8566 2.3522]
}

func ExampleParseCRS() {
	c, _ := geo.ParseCRS("http://www.opengis.net/def/crs/EPSG/0/2154")
	fmt.Println(c, c.SRID(), c.Projected())
	// Output: EPSG:2154 2154 true
}
