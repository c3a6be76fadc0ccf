package data

import (
	"fmt"
	"slices"

	"github.com/maillage/maillage/geo"
)

// CheckIndicatorLevel reports whether ind has values at level: level must be
// one of geo.Levels and no finer than ind.FinestLevel, as values are only
// ever rolled up, never split down. The error is a *FilterError naming
// "level", so both stores and the server refuse the same levels alike.
func CheckIndicatorLevel(ind geo.Indicator, level geo.Level) error {
	if !level.Valid() {
		return &FilterError{Property: "level", Problem: fmt.Sprintf("=%q is not one of %v", level, geo.Levels)}
	}
	if slices.Index(geo.Levels, level) > slices.Index(geo.Levels, ind.FinestLevel) {
		return &FilterError{Property: "level", Problem: fmt.Sprintf("=%q is finer than %s's finest level, %s", level, ind.ID, ind.FinestLevel)}
	}
	return nil
}

// IndicatorYear is the year a request for year means: year itself, or the
// indicator's own year when year is 0.
func IndicatorYear(ind geo.Indicator, year int) int {
	if year == 0 {
		return ind.Year
	}
	return year
}
