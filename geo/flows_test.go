package geo

import (
	"math/rand/v2"
	"reflect"
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
