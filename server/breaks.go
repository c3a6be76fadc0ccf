package server

import (
	"errors"
	"fmt"
	"maps"
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/maillage/maillage/geo"
)

// breaksDoc is the class-breaks answer for a choropleth. Class i holds the
// values in (Breaks[i], Breaks[i+1]], the first also its lower bound
// (geo.Breaks); Counts and Colors have one entry per class. K is the number
// of classes served, which is less than asked when there are fewer
// distinct values (or stddev bounds fall outside the values). With no
// value at all, the three lists are empty.
type breaksDoc struct {
	Indicator     string    `json:"indicator"`
	Level         geo.Level `json:"level"`
	Year          int       `json:"year"`
	Method        string    `json:"method"`
	K             int       `json:"k"`
	HigherIsWorse bool      `json:"higher_is_worse"`
	National      *float64  `json:"national"`
	Breaks        []float64 `json:"breaks"`
	Counts        []int     `json:"counts"`
	Colors        []string  `json:"colors"`
}

// indicatorBreaks serves GET /api/indicators/{id}/breaks.
func (s *Server) indicatorBreaks(c echo.Context) error {
	q, err := queryParams(c.Request().URL.RawQuery)
	if err != nil {
		return err
	}
	if err := checkParams(q, indicatorBreaksParamNames()...); err != nil {
		return err
	}
	ind, err := s.lookupIndicator(c)
	if err != nil {
		return err
	}
	sel, err := parseIndicatorSelection(ind, q)
	if err != nil {
		return err
	}
	method, k, err := parseBreaksParams(q)
	if err != nil {
		return err
	}
	vals, err := s.indicatorValuesDoc(c, ind, sel)
	if err != nil {
		return err
	}
	doc := breaksDoc{Indicator: ind.ID, Level: sel.Level, Year: sel.Year, Method: string(method), HigherIsWorse: ind.HigherIsWorse,
		National: vals.National, Breaks: []float64{}, Counts: []int{}, Colors: []string{}}
	// Sorted for a reproducible answer: map order would not change the
	// bounds, but summation order could change stddev's last bits.
	values := slices.Sorted(maps.Values(vals.Values))
	centre := math.NaN()
	if vals.National != nil {
		centre = *vals.National
	}
	bounds, err := geo.Breaks(values, method, k, centre)
	if errors.Is(err, geo.ErrNoValues) {
		return c.JSON(200, doc)
	}
	if err != nil {
		return err
	}
	doc.Breaks, doc.Counts = bounds, geo.ClassCounts(values, bounds)
	doc.K = len(doc.Counts)
	if method == geo.BreaksStdDev && vals.National != nil {
		doc.Colors = divergingColors(bounds, centre, ind.HigherIsWorse)
	} else {
		doc.Colors = sequentialColors(doc.K, ind.HigherIsWorse)
	}
	return c.JSON(200, doc)
}

// parseBreaksParams reads method (default quantile) and k (default 5).
func parseBreaksParams(q url.Values) (geo.BreakMethod, int, error) {
	method, k := defaultMethod, defaultClasses
	if v, ok := single(q, paramBreaksMethod); ok {
		method = geo.BreakMethod(v)
		if !method.Valid() {
			return method, k, paramErrorf(paramBreaksMethod, "%q is not one of %s", clip(v), breakMethodList())
		}
	}
	if v, ok := single(q, paramBreaksK); ok {
		n, err := strconv.Atoi(v)
		if err != nil || n < minClasses || n > maxClasses {
			return method, k, paramErrorf(paramBreaksK, "%q is not a number of classes from %d to %d", clip(v), minClasses, maxClasses)
		}
		k = n
	}
	return method, k, nil
}

func breakMethodList() string {
	names := make([]string, len(geo.BreakMethods))
	for i, m := range geo.BreakMethods {
		names[i] = string(m)
	}
	return strings.Join(names, ", ")
}

// Colour ramps, from ColorBrewer (Cynthia Brewer, Penn State): YlOrRd, 9
// classes, light to dark; and RdYlBu split at its pale centre into a bad
// (red) and a good (blue) side, each from the centre outwards.
var (
	rampSequential = []string{"#ffffcc", "#ffeda0", "#fed976", "#feb24c", "#fd8d3c", "#fc4e2a", "#e31a1c", "#bd0026", "#800026"}
	rampBad        = []string{"#ffffbf", "#fee090", "#fdae61", "#f46d43", "#d73027"}
	rampGood       = []string{"#ffffbf", "#e0f3f8", "#abd9e9", "#74add1", "#4575b4"}
)

// sequentialColors gives n colours from pale to dark red, the dark end on
// the worse values: on the highest classes when higher is worse, on the
// lowest otherwise.
func sequentialColors(n int, higherIsWorse bool) []string {
	out := make([]string, n)
	for i := range out {
		t := 0.5
		if n > 1 {
			t = float64(i) / float64(n-1)
		}
		if !higherIsWorse {
			t = 1 - t
		}
		out[i] = rampColor(rampSequential, t)
	}
	return out
}

// divergingColors colours the classes of bounds around the national value:
// a class holding it strictly inside is pale, and the others darken with
// their rank away from it, red on the worse side (above when higher is
// worse), blue on the better one. Both sides use the same step, that of the
// longer side, so equal ranks get equal strength.
func divergingColors(bounds []float64, national float64, higherIsWorse bool) []string {
	n := len(bounds) - 1
	below, above := 0, 0
	for i := range n {
		switch {
		case bounds[i+1] <= national:
			below++
		case bounds[i] >= national:
			above++
		}
	}
	steps := max(below, above, 1)
	badAbove := higherIsWorse
	out := make([]string, n)
	for i := range n {
		switch {
		case i < below: // j-th class below the national value, counting outwards
			j := below - i
			out[i] = rampColor(sideRamp(!badAbove), float64(j)/float64(steps))
		case i >= n-above:
			j := i - (n - above) + 1
			out[i] = rampColor(sideRamp(badAbove), float64(j)/float64(steps))
		default:
			out[i] = rampBad[0]
		}
	}
	return out
}

func sideRamp(bad bool) []string {
	if bad {
		return rampBad
	}
	return rampGood
}

// rampColor interpolates stops (hex "#rrggbb", evenly spaced) at t in
// [0, 1], in sRGB: close enough between neighbouring ColorBrewer stops.
func rampColor(stops []string, t float64) string {
	t = min(max(t, 0), 1)
	pos := t * float64(len(stops)-1)
	i := min(int(pos), len(stops)-2)
	f := pos - float64(i)
	a, b := hexRGB(stops[i]), hexRGB(stops[i+1])
	var c [3]int
	for k := range c {
		c[k] = int(math.Round(float64(a[k]) + f*float64(b[k]-a[k])))
	}
	return fmt.Sprintf("#%02x%02x%02x", c[0], c[1], c[2])
}

// hexRGB reads "#rrggbb"; the ramps above are its only input.
func hexRGB(s string) [3]int {
	var c [3]int
	for k := range c {
		v, _ := strconv.ParseUint(s[1+2*k:3+2*k], 16, 8)
		c[k] = int(v)
	}
	return c
}
