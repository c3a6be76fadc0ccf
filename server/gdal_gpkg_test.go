package server_test

import (
	"encoding/csv"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Reading back what ogr2ogr wrote: GeoPackages are read with GDAL itself
// (ogrinfo, and ogr2ogr to CSV on stdout), so the tests need no SQLite
// driver of their own.

// gdalFeatureCountLine is ogrinfo's "Feature Count: N" line.
var gdalFeatureCountLine = regexp.MustCompile(`(?m)^Feature Count: (\d+)`)

// gpkgFeatureCount reads a layer's feature count with `ogrinfo -so`.
func (s *gdalSession) gpkgFeatureCount(path, layer string) int64 {
	s.t.Helper()
	res := s.ogrinfo(nil, "-ro", "-so", path, layer)
	m := gdalFeatureCountLine.FindStringSubmatch(res.stdout)
	if m == nil {
		s.t.Fatalf("no Feature Count in ogrinfo's output:\n%s", gdalIndent(res.stdout))
	}
	n, _ := strconv.ParseInt(m[1], 10, 64)
	return n
}

// gpkgRows runs a SQL query on a GeoPackage through ogr2ogr's CSV output
// (SQLite dialect, GDAL's own ST_ functions) and returns the rows, header
// first.
func (s *gdalSession) gpkgRows(path, sql string) [][]string {
	s.t.Helper()
	res := s.ogr2ogr(nil, "-f", "CSV", "/vsistdout/", path, "-sql", sql)
	r := csv.NewReader(strings.NewReader(res.stdout))
	// GDAL's CSV writer ends the header of a SQL result with an empty
	// column of its own ("gid,"), absent from the rows.
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil || len(rows) == 0 {
		s.t.Fatalf("read CSV of %q: %v\n%s", sql, err, gdalIndent(gdalTail(res.stdout, 10)))
	}
	return rows
}

// gpkgIDs returns the feature ids of a GeoPackage layer, in fid order.
// "fid + 0" makes GDAL write the fid as a column, not as the CSV's FID.
func (s *gdalSession) gpkgIDs(path, layer string) []int64 {
	s.t.Helper()
	rows := s.gpkgRows(path, fmt.Sprintf(`SELECT fid + 0 AS gid FROM "%s" ORDER BY fid`, layer))
	ids := make([]int64, 0, len(rows)-1)
	for _, r := range rows[1:] {
		id, err := strconv.ParseInt(r[0], 10, 64)
		if err != nil {
			s.t.Fatalf("GeoPackage fid %q: %v", r[0], err)
		}
		ids = append(ids, id)
	}
	return ids
}

// gpkgPoints returns the point coordinates of a GeoPackage layer by id.
func (s *gdalSession) gpkgPoints(path, layer string) map[int64]gdalPoint {
	s.t.Helper()
	rows := s.gpkgRows(path, fmt.Sprintf(`SELECT fid + 0 AS gid, ST_MinX(geom) AS x, ST_MinY(geom) AS y FROM "%s"`, layer))
	out := make(map[int64]gdalPoint, len(rows)-1)
	for _, r := range rows[1:] {
		id, err1 := strconv.ParseInt(r[0], 10, 64)
		x, err2 := strconv.ParseFloat(r[1], 64)
		y, err3 := strconv.ParseFloat(r[2], 64)
		if err1 != nil || err2 != nil || err3 != nil {
			s.t.Fatalf("GeoPackage row %q: not an id and two coordinates", r)
		}
		out[id] = gdalPoint{x, y}
	}
	return out
}

// compareIDs fails the test unless the GeoPackage layer holds exactly the
// store's integer ids, naming the first missing and unexpected ones.
func (s *gdalSession) compareIDs(path, layer string, storeIDs []string) {
	s.t.Helper()
	want := make([]int64, len(storeIDs))
	for i, id := range storeIDs {
		n, err := strconv.ParseInt(id, 10, 64)
		if err != nil {
			s.t.Fatalf("store id %s is not an integer", id)
		}
		want[i] = n
	}
	slices.Sort(want)
	got := s.gpkgIDs(path, layer)
	if slices.Equal(got, want) {
		return
	}
	missing, extra := gdalDiffSorted(want, got), gdalDiffSorted(got, want)
	s.t.Errorf("%s: got %d feature ids, want the store's %d; %d missing (first %v), %d not in the store (first %v)",
		layer, len(got), len(want), len(missing), missing[:min(5, len(missing))], len(extra), extra[:min(5, len(extra))])
}

// gdalDiffSorted returns the elements of sorted a that are not in sorted b.
func gdalDiffSorted(a, b []int64) []int64 {
	var out []int64
	j := 0
	for _, x := range a {
		for j < len(b) && b[j] < x {
			j++
		}
		if j < len(b) && b[j] == x {
			j++
			continue
		}
		out = append(out, x)
	}
	return out
}
