package analysis

import (
	"context"
	"fmt"
	"time"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
	"golang.org/x/sync/errgroup"
)

// Timeline is a territory's mesh through the years, the time series of the
// RAMEAU barometer: for each calendar year, the partnerships with at least
// one end in the territory active at some point of it (started by its last
// day, not ended before its first), by category, domain and scale, those
// that started and ended in it, and how many of the territory's
// associations and companies of 10+ employees had at least one partnership
// active that year.
//
// The actors carry no dates of their own, so the partnering rates of every
// year are over today's active associations and companies of 10+
// (Associations, Companies10): an association created in 2020 lowers the
// rate of 2015, and one dissolved since counts in no year.
type Timeline struct {
	Territory                 geo.Territory
	From, To                  int
	Associations, Companies10 int64
	Years                     []TimelineYear
}

// TimelineYear is one year of a Timeline. Maps hold every value, zero
// included, so that a year compares with another key by key.
type TimelineYear struct {
	Year                           int
	Active, Started, Ended         int64
	ByCategory                     map[geo.Category]int64
	ByDomain                       map[geo.Domain]int64
	ByScale                        map[geo.Scale]int64
	AssociationsPartnering         int64
	Companies10Partnering          int64
	AssociationRate, Company10Rate *float64 // percent; nil when there is no actor of the group
}

// Timeline bounds: the years a timeline may cover, and the most it shows
// at once.
const (
	TimelineFirstYear = 1900
	TimelineLastYear  = 2100
	TimelineMaxYears  = 100
)

// TimelineRange is the years a timeline covers; a zero bound takes its
// default: From the year the territory's first partnership started (To if
// it has none), To the current year.
type TimelineRange struct{ From, To int }

// CheckTimelineRange reports a range no timeline covers as a
// *data.FilterError naming "from" or "to": a bound outside
// TimelineFirstYear..TimelineLastYear, From after To, or more than
// TimelineMaxYears years.
func CheckTimelineRange(r TimelineRange) error {
	for _, b := range []struct {
		name string
		year int
	}{{"from", r.From}, {"to", r.To}} {
		if b.year != 0 && (b.year < TimelineFirstYear || b.year > TimelineLastYear) {
			return &data.FilterError{Property: b.name, Problem: fmt.Sprintf("=%d is not a year from %d to %d", b.year, TimelineFirstYear, TimelineLastYear)}
		}
	}
	if r.From != 0 && r.To != 0 {
		if r.From > r.To {
			return &data.FilterError{Property: "from", Problem: fmt.Sprintf("=%d is after to=%d", r.From, r.To)}
		}
		if r.To-r.From+1 > TimelineMaxYears {
			return &data.FilterError{Property: "to", Problem: fmt.Sprintf("=%d makes %d years; a timeline shows at most %d", r.To, r.To-r.From+1, TimelineMaxYears)}
		}
	}
	return nil
}

// timelineInputs is what a timeline is computed from, kept per data
// version and territory whatever the years asked.
type timelineInputs struct {
	territory geo.Territory
	years     data.PartnershipYears
	counts    geo.ObservatoryCounts
}

// Timeline builds the timeline of one territory over r (CheckTimelineRange;
// its defaults resolved against now); an unknown territory wraps
// data.ErrNotFound.
func (a *Analyst) Timeline(ctx context.Context, level geo.Level, code string, r TimelineRange, now time.Time) (Timeline, error) {
	if err := CheckTimelineRange(r); err != nil {
		return Timeline{}, err
	}
	v, err := a.version(ctx)
	if err != nil {
		return Timeline{}, err
	}
	in, err := get(ctx, a.cache, cacheKey{v, "timeline", string(level) + "/" + code}, func(ctx context.Context) (timelineInputs, int, error) {
		in, err := a.timelineInputs(ctx, level, code)
		return in, 1024 + 64*(len(in.years.Groups)+len(in.years.Spans)), err
	})
	if err != nil {
		return Timeline{}, err
	}
	if r.To == 0 {
		r.To = max(now.Year(), r.From)
		if r.From != 0 {
			r.To = min(r.To, r.From+TimelineMaxYears-1)
		}
	}
	if r.From == 0 {
		r.From = r.To
		for _, g := range in.years.Groups {
			r.From = min(r.From, g.Start)
		}
		r.From = max(r.From, r.To-TimelineMaxYears+1)
	}
	return timelineOf(in, r), nil
}

func (a *Analyst) timelineInputs(ctx context.Context, level geo.Level, code string) (timelineInputs, error) {
	t, err := a.store.Territory(ctx, level, code)
	if err != nil {
		return timelineInputs{}, err
	}
	in := timelineInputs{territory: t}
	ref := data.TerritoryRef{Level: level, Code: code}
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() (err error) { in.years, err = a.store.PartnershipYears(gctx, ref); return err })
	g.Go(func() error {
		c, err := a.store.ObservatoryCounts(gctx, level, code, data.Today(ctx))
		in.counts = c.Counts
		return err
	})
	return in, g.Wait()
}

// timelineOf counts each year of r from the inputs.
func timelineOf(in timelineInputs, r TimelineRange) Timeline {
	tl := Timeline{Territory: in.territory, From: r.From, To: r.To,
		Associations: in.counts.Associations.Actors, Companies10: in.counts.Companies10.Actors}
	for y := r.From; y <= r.To; y++ {
		ty := TimelineYear{Year: y, ByCategory: map[geo.Category]int64{}, ByDomain: map[geo.Domain]int64{}, ByScale: map[geo.Scale]int64{}}
		for _, c := range geo.Categories {
			ty.ByCategory[c] = 0
		}
		for _, d := range geo.Domains {
			ty.ByDomain[d] = 0
		}
		for _, s := range geo.Scales {
			ty.ByScale[s] = 0
		}
		for _, g := range in.years.Groups {
			if g.Start == y {
				ty.Started += g.N
			}
			if g.End == y {
				ty.Ended += g.N
			}
			if g.Start <= y && (g.End == 0 || g.End >= y) {
				ty.Active += g.N
				ty.ByCategory[g.Category] += g.N
				ty.ByDomain[g.Domain] += g.N
				ty.ByScale[g.Scale] += g.N
			}
		}
		for _, s := range in.years.Spans {
			if s.From > y || (s.To != 0 && s.To < y) {
				continue
			}
			switch s.Group {
			case data.PartneringAssociations:
				ty.AssociationsPartnering += s.N
			case data.PartneringCompanies10:
				ty.Companies10Partnering += s.N
			}
		}
		ty.AssociationRate = percentOf(ty.AssociationsPartnering, tl.Associations)
		ty.Company10Rate = percentOf(ty.Companies10Partnering, tl.Companies10)
		tl.Years = append(tl.Years, ty)
	}
	return tl
}

// percentOf is n of total in percent, nil for no total.
func percentOf(n, total int64) *float64 {
	if total == 0 {
		return nil
	}
	p := 100 * float64(n) / float64(total)
	return &p
}
