package memory

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
)

// searchIndex holds every territory's name folded once (geo.SearchKey), so
// a search compares strings and allocates nothing per territory. Entries
// are in the order of ties (geo.CompareTerritoryHits without the rank:
// level from the widest, population from the largest, code), so the
// matches of each rank are found already in the order they are served.
// Keys and codes are slices of one string, in entry order, so a search
// reads memory sequentially, where 36 000 strings spread over the heap
// made it wait on cache misses. A search of the demo takes about 1 ms and
// 5 allocations (BenchmarkSearchTerritories), against 10 ms and one
// allocation per territory when every name is folded on each search.
type searchIndex struct {
	entries []searchEntry
	text    string // every key, then every code
	// levels bounds each level's entries: those of levelIndex li are
	// entries[levels[li]:levels[li+1]].
	levels [5]int
}

// searchEntry is one territory as the search reads it: its key and code as
// offsets in searchIndex.text, and its position in ds.Territories.
type searchEntry struct {
	key, keyEnd, code, codeEnd uint32
	index                      int32
}

// newSearchIndex folds the names of ts.
func newSearchIndex(ts []geo.Territory) searchIndex {
	var x searchIndex
	order := make([]int32, 0, len(ts))
	for i, t := range ts {
		if levelIndex(t.Level) >= 0 {
			order = append(order, int32(i))
		}
	}
	hit := func(i int32) geo.TerritoryHit {
		return geo.TerritoryHit{Level: ts[i].Level, Population: ts[i].Population, Code: ts[i].Code}
	}
	slices.SortFunc(order, func(a, b int32) int { return geo.CompareTerritoryHits(hit(a), hit(b)) })
	var b strings.Builder
	x.entries = make([]searchEntry, len(order))
	for n, i := range order {
		start := uint32(b.Len())
		b.WriteString(geo.SearchKey(ts[i].Name))
		x.entries[n] = searchEntry{key: start, keyEnd: uint32(b.Len()), index: i}
		x.levels[levelIndex(ts[i].Level)+1]++ // sorted by level: count each, then sum
	}
	for n, i := range order {
		start := uint32(b.Len())
		b.WriteString(ts[i].Code)
		x.entries[n].code, x.entries[n].codeEnd = start, uint32(b.Len())
	}
	x.text = b.String()
	for li := 1; li < len(x.levels); li++ {
		x.levels[li] += x.levels[li-1]
	}
	return x
}

// SearchTerritories implements data.Store: one pass over the folded names
// (of one level when level is set), keeping the first limit matches of
// each rank, then the ranks best first.
func (s *Store) SearchTerritories(ctx context.Context, text string, level geo.Level, limit int) ([]data.TerritoryMatch, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := data.CheckTerritorySearch(level, limit); err != nil {
		return nil, fmt.Errorf("territory search: %w", err)
	}
	q := geo.NewTerritoryQuery(text)
	if q.Empty() {
		return []data.TerritoryMatch{}, nil
	}
	entries, keys := s.search.entries, s.search.text
	if li := levelIndex(level); li >= 0 {
		entries = entries[s.search.levels[li]:s.search.levels[li+1]]
	}
	var byRank [geo.SearchWord + 1][]int32
	for i := range entries {
		e := &entries[i]
		r := q.Rank(keys[e.code:e.codeEnd], keys[e.key:e.keyEnd])
		if r == 0 || len(byRank[r]) >= limit {
			continue
		}
		if byRank[r] == nil {
			byRank[r] = make([]int32, 0, min(limit, 64))
		}
		byRank[r] = append(byRank[r], e.index)
	}
	n := 0
	for _, idx := range byRank {
		n += len(idx)
	}
	out := make([]data.TerritoryMatch, 0, min(n, limit))
	for r, idx := range byRank {
		for _, i := range idx {
			if len(out) == limit {
				return out, nil
			}
			t := &s.ds.Territories[i]
			m := data.TerritoryMatch{Level: t.Level, Code: t.Code, Name: t.Name, RegionCode: t.RegionCode,
				DepartementCode: t.DepartementCode, Population: t.Population, Rank: geo.SearchRank(r)}
			if t.Geometry != nil {
				m.BBox = t.Geometry.Bound()
			}
			out = append(out, m)
		}
	}
	return out, nil
}
