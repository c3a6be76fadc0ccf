package geo

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"sort"
	"testing"
)

func TestAggregateFlows(t *testing.T) {
	t.Parallel()
	ends := []FlowEnd{
		{"69", "38", ScaleRegional}, {"38", "69", ScaleRegional}, {"69", "75", ScaleNational},
		{"69", "69", ScaleLocal}, {"69", "69", ScaleRegional}, {"69", "", ScaleInternational},
	}
	s := AggregateFlows(ends, 0)
	if len(s.Flows) != 2 || s.Flows[0].A != "38" || s.Flows[0].B != "69" || s.Flows[0].Count != 2 {
		t.Fatalf("flows: got %+v", s.Flows)
	}
	if s.Flows[0].ByScale[ScaleRegional] != 2 || s.Flows[1].Count != 1 {
		t.Errorf("flows by scale: got %+v", s.Flows)
	}
	want := map[string]TerritoryFlows{
		"38": {Code: "38", Outgoing: 1, Incoming: 1},
		"69": {Code: "69", Internal: 2, Outgoing: 2, Incoming: 1},
		"75": {Code: "75", Incoming: 1},
	}
	for _, got := range s.Territories {
		w := want[got.Code]
		if got.Internal != w.Internal || got.Outgoing != w.Outgoing || got.Incoming != w.Incoming {
			t.Errorf("%s: got %+v, want %+v", got.Code, got, w)
		}
	}
	if s.Unplaced != 1 {
		t.Errorf("unplaced: got %d, want 1", s.Unplaced)
	}
	if top := AggregateFlows(ends, 1); len(top.Flows) != 1 || top.Flows[0].Count != 2 || len(top.Territories) != 3 {
		t.Errorf("top 1: got %+v", top)
	}
}

// TestAggregateFlowsConserves checks that flows, internal partnerships and
// unplaced ones add up to the input, whatever it holds.
func TestAggregateFlowsConserves(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(9, 10))
	codes := []string{"", "01", "2A", "2B", "69", "971"}
	ends := make([]FlowEnd, 5000)
	for i := range ends {
		ends[i] = FlowEnd{codes[r.IntN(len(codes))], codes[r.IntN(len(codes))], Scales[r.IntN(4)]}
	}
	s := AggregateFlows(ends, 0)
	total := s.Unplaced
	for _, f := range s.Flows {
		total += f.Count
	}
	for _, tf := range s.Territories {
		total += tf.Internal
	}
	if total != len(ends) {
		t.Errorf("flows + internal + unplaced = %d, want %d", total, len(ends))
	}
}

// TestAggregateFlowGroupsMatchesEnds checks that grouping the ends first,
// as a GROUP BY does, gives the summary of the ends themselves.
func TestAggregateFlowGroupsMatchesEnds(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(11, 12))
	codes := []string{"", "01", "2A", "69", "971"}
	ends := make([]FlowEnd, 3000)
	counts := map[FlowEnd]int{}
	for i := range ends {
		ends[i] = FlowEnd{codes[r.IntN(len(codes))], codes[r.IntN(len(codes))], Scales[r.IntN(4)]}
		counts[ends[i]]++
	}
	var groups []FlowGroup
	for e, n := range counts {
		groups = append(groups, FlowGroup{e, n})
	}
	for _, top := range []int{0, 3} {
		got, want := AggregateFlowGroups(groups, top), AggregateFlows(ends, top)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("top %d: grouped %+v, want %+v", top, got, want)
		}
	}
}

// BenchmarkAggregateFlowGroups folds groups shaped like a national
// database's EPCI flows: 175 000 (a, b, scale) groups over 1 250 codes,
// most pairs in one group, as partnership_flow_counts gives them.
func BenchmarkAggregateFlowGroups(b *testing.B) {
	r := rand.New(rand.NewPCG(3, 4))
	codes := make([]string, 1250)
	for i := range codes {
		codes[i] = fmt.Sprintf("2%08d", i)
	}
	groups := make([]FlowGroup, 175_000)
	for i := range groups {
		a, c := codes[r.IntN(len(codes))], codes[r.IntN(len(codes))]
		groups[i] = FlowGroup{FlowEnd{a, c, Scales[r.IntN(4)]}, 1 + r.IntN(20)}
	}
	b.ReportAllocs()
	for b.Loop() {
		AggregateFlowGroups(groups, 0)
	}
}

// TestAggregateFlowGroupsAgainstMaps holds AggregateFlowGroups to a plain
// fold by maps of code pairs and a sort, on random groups: many codes, a
// pair met in both directions and at several scales (one of no Scales'
// among them), empty codes, groups of no partnership.
func TestAggregateFlowGroupsAgainstMaps(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(5, 6))
	codes := []string{""}
	for i := range 60 {
		codes = append(codes, fmt.Sprintf("%02d", i))
	}
	groups := make([]FlowGroup, 4000)
	for i := range groups {
		scale := Scale("hors-echelle") // a scale of no Scales: counted apart
		if k := r.IntN(50); k > 0 {
			scale = Scales[k%len(Scales)]
		}
		groups[i] = FlowGroup{FlowEnd{codes[r.IntN(len(codes))], codes[r.IntN(len(codes))], scale}, r.IntN(6) - 1}
	}
	for _, top := range []int{0, 1, 50} {
		got, want := AggregateFlowGroups(groups, top), foldFlowsByMaps(groups, top)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("top %d: got %d flows, %d territories, %d unplaced; want %d, %d, %d",
				top, len(got.Flows), len(got.Territories), got.Unplaced, len(want.Flows), len(want.Territories), want.Unplaced)
		}
	}
}

// foldFlowsByMaps is the straightforward fold: a map of code pairs to
// flows, one of codes to totals, sorted at the end.
func foldFlowsByMaps(groups []FlowGroup, top int) FlowSummary {
	var s FlowSummary
	flows := map[[2]string]*Flow{}
	terr := map[string]*TerritoryFlows{}
	at := func(code string) *TerritoryFlows {
		if terr[code] == nil {
			terr[code] = &TerritoryFlows{Code: code, InternalByScale: map[Scale]int{}}
		}
		return terr[code]
	}
	for _, g := range groups {
		if g.N <= 0 {
			continue
		}
		switch {
		case g.From == "" || g.To == "":
			s.Unplaced += g.N
		case g.From == g.To:
			at(g.From).Internal += g.N
			at(g.From).InternalByScale[g.Scale] += g.N
		default:
			at(g.From).Outgoing += g.N
			at(g.To).Incoming += g.N
			key := [2]string{min(g.From, g.To), max(g.From, g.To)}
			if flows[key] == nil {
				flows[key] = &Flow{A: key[0], B: key[1], ByScale: map[Scale]int{}}
			}
			flows[key].Count += g.N
			flows[key].ByScale[g.Scale] += g.N
		}
	}
	for _, f := range flows {
		s.Flows = append(s.Flows, *f)
	}
	sort.Slice(s.Flows, func(i, j int) bool {
		a, b := s.Flows[i], s.Flows[j]
		if a.Count != b.Count {
			return a.Count > b.Count
		}
		return a.A < b.A || a.A == b.A && a.B < b.B
	})
	if top > 0 && len(s.Flows) > top {
		s.Flows = s.Flows[:top]
	}
	for _, t := range terr {
		s.Territories = append(s.Territories, *t)
	}
	sort.Slice(s.Territories, func(i, j int) bool { return s.Territories[i].Code < s.Territories[j].Code })
	return s
}
