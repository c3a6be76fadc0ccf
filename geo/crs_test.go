package geo

import (
	"errors"
	"testing"
)

func TestParseCRS(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in   string
		want CRS
		err  bool
	}{
		{"http://www.opengis.net/def/crs/OGC/1.3/CRS84", CRS84, false},
		{"https://www.opengis.net/def/crs/OGC/1.3/CRS84", CRS84, false},
		{" http://www.opengis.net/def/crs/EPSG/0/2154 ", EPSG2154, false},
		{"http://www.opengis.net/def/crs/EPSG/0/4326", EPSG4326, false},
		{"http://www.opengis.net/def/crs/EPSG/0/3857", EPSG3857, false},
		{"[EPSG:2154]", EPSG2154, false},
		{"[OGC:CRS84]", CRS84, false},
		{"EPSG:4326", EPSG4326, false},
		{"urn:ogc:def:crs:EPSG::3857", EPSG3857, false},
		{"urn:ogc:def:crs:OGC:1.3:CRS84", CRS84, false},
		{"CRS84", CRS84, false},
		{"", CRS84, true},
		{"EPSG:27572", CRS84, true},
		{"http://www.opengis.net/def/crs/EPSG/0/27572", CRS84, true},
		{"urn:ogc:def:crs:EPSG::", CRS84, true},
		{"epsg:2154", CRS84, true}, // identifiers are case-sensitive
		{"[EPSG:2154", CRS84, true},
	}
	for _, c := range cases {
		got, err := ParseCRS(c.in)
		if c.err {
			if !errors.Is(err, ErrUnsupportedCRS) {
				t.Errorf("ParseCRS(%q): got %v, %v, want ErrUnsupportedCRS", c.in, got, err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("ParseCRS(%q): got %v, %v, want %v", c.in, got, err, c.want)
		}
	}
}

func TestCRSProperties(t *testing.T) {
	t.Parallel()
	cases := []struct {
		crs               CRS
		uri, name         string
		srid              int
		latLon, projected bool
	}{
		{CRS84, "http://www.opengis.net/def/crs/OGC/1.3/CRS84", "CRS84", 4326, false, false},
		{EPSG4326, "http://www.opengis.net/def/crs/EPSG/0/4326", "EPSG:4326", 4326, true, false},
		{EPSG3857, "http://www.opengis.net/def/crs/EPSG/0/3857", "EPSG:3857", 3857, false, true},
		{EPSG2154, "http://www.opengis.net/def/crs/EPSG/0/2154", "EPSG:2154", 2154, false, true},
		{CRS(9), "", "CRS(9)", 0, false, false},
	}
	for _, c := range cases {
		if c.crs.URI() != c.uri || c.crs.String() != c.name || c.crs.SRID() != c.srid ||
			c.crs.LatLon() != c.latLon || c.crs.Projected() != c.projected || c.crs.Valid() != (c.uri != "") {
			t.Errorf("%d: got %q %q %d %v %v %v, want %q %q %d %v %v", c.crs, c.crs.URI(), c.crs, c.crs.SRID(),
				c.crs.LatLon(), c.crs.Projected(), c.crs.Valid(), c.uri, c.name, c.srid, c.latLon, c.projected)
		}
		if back, err := ParseCRS(c.crs.URI()); c.uri != "" && (err != nil || back != c.crs) {
			t.Errorf("ParseCRS(%s.URI()): got %v, %v", c.crs, back, err)
		}
	}
	if got := CRSs(); len(got) != 4 || got[0] != CRS84 {
		t.Errorf("CRSs: got %v, want 4 with CRS84 first", got)
	}
	if got := CRS(9).Projection(); got.CRS() != CRS84 {
		t.Errorf("an invalid CRS's projection: got %v, want CRS84's", got.CRS())
	}
}
