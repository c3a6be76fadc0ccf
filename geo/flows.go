package geo

import (
	"cmp"
	"slices"
	"strings"

	"github.com/paulmach/orb"
)

// FlowEnd is one partnership seen at a territorial level: the codes of the
// territories holding its two actors at that level ("" for an actor abroad
// or without a territory at that level) and its scale.
type FlowEnd struct {
	From, To string
	Scale    Scale
}

// Flow is the partnerships between two distinct territories, counted once
// whatever the direction; A < B bytewise. ByScale is read only: flows
// with the same counts may share one map (AggregateFlowGroups).
type Flow struct {
	A, B    string
	Count   int
	ByScale map[Scale]int
}

// TerritoryFlows are one territory's totals: partnerships with both ends in
// it (Internal), with its actor as actor_a (Outgoing) or as actor_b
// (Incoming) of a partnership reaching another territory. InternalByScale
// is read only, as Flow.ByScale.
type TerritoryFlows struct {
	Code                         string
	Internal, Outgoing, Incoming int
	InternalByScale              map[Scale]int
}

// FlowSummary is every flow and territory total of a set of partnerships.
// Unplaced counts the partnerships with an end outside every territory of
// the level (abroad), which are neither a flow nor internal: the
// conservation law is Σ Flow.Count + Σ Internal + Unplaced = len(input).
//
// Anchors, filled by the stores (AggregateFlows leaves it nil), gives the
// name and representative point of every territory of Territories.
type FlowSummary struct {
	Flows       []Flow
	Territories []TerritoryFlows
	Unplaced    int
	Anchors     map[string]FlowAnchor
}

// FlowAnchor is where a territory's flows are drawn from: its name and a
// point inside it (InteriorPoint, PostGIS's ST_PointOnSurface), lon/lat.
type FlowAnchor struct {
	Name  string
	Point orb.Point
}

// FlowGroup is N partnerships sharing the same FlowEnd, as a GROUP BY
// returns them.
type FlowGroup struct {
	FlowEnd
	N int
}

// AggregateFlows groups partnerships between territories. Flows come
// largest first (ties by codes), then only the top ones are kept when top >
// 0; territory totals always cover every partnership and come in code
// order.
func AggregateFlows(ends []FlowEnd, top int) FlowSummary {
	groups := make([]FlowGroup, len(ends))
	for i, e := range ends {
		groups[i] = FlowGroup{e, 1}
	}
	return AggregateFlowGroups(groups, top)
}

// AggregateFlowGroups is AggregateFlows for partnerships already grouped by
// their ends and scale: the same summary as AggregateFlows on the groups
// expanded, each N times. Groups with N ≤ 0 count for nothing.
//
// A national database's EPCI flows are 175 000 groups: the territories
// are numbered as they come and a pair is keyed by its two numbers, the
// flows and totals kept in place in their slices (a map of code pairs to
// flows allocated one by one took 250 ms and 117 MB a fold). Flows and
// territories are counted by scale in place too (scaleTally), and those
// with the same counts share one map: a few thousand maps for 175 000
// flows.
func AggregateFlowGroups(groups []FlowGroup, top int) FlowSummary {
	var s FlowSummary
	number := map[string]uint32{} // a territory's place in s.Territories
	var internal []scaleTally     // s.Territories[i]'s internal partnerships by scale
	at := func(code string) (uint32, *TerritoryFlows) {
		i, ok := number[code]
		if !ok {
			i = uint32(len(s.Territories))
			number[code] = i
			s.Territories = append(s.Territories, TerritoryFlows{Code: code})
			internal = append(internal, scaleTally{})
		}
		return i, &s.Territories[i]
	}
	pairs := make(map[uint64]int, len(groups))    // a pair's place in s.Flows
	s.Flows = make([]Flow, 0, len(groups))        // most pairs are one group
	tallies := make([]scaleTally, 0, len(groups)) // s.Flows[i] by scale
	for _, g := range groups {
		e, n := g.FlowEnd, g.N
		if n <= 0 {
			continue
		}
		switch {
		case e.From == "" || e.To == "":
			s.Unplaced += n
		case e.From == e.To:
			i, t := at(e.From)
			t.Internal += n
			internal[i].add(e.Scale, n)
		default:
			from, t := at(e.From)
			t.Outgoing += n
			to, t := at(e.To)
			t.Incoming += n
			a, b := e.From, e.To
			if a > b {
				a, b = b, a
				from, to = to, from
			}
			key := uint64(from)<<32 | uint64(to)
			i, ok := pairs[key]
			if !ok {
				i = len(s.Flows)
				pairs[key] = i
				s.Flows = append(s.Flows, Flow{A: a, B: b})
				tallies = append(tallies, scaleTally{})
			}
			s.Flows[i].Count += n
			tallies[i].add(e.Scale, n)
		}
	}
	shared := map[[4]int]map[Scale]int{}
	for i := range s.Flows {
		s.Flows[i].ByScale = tallies[i].byScale(shared)
	}
	for i := range s.Territories {
		s.Territories[i].InternalByScale = internal[i].byScale(shared)
	}
	slices.SortFunc(s.Flows, func(a, b Flow) int {
		if a.Count != b.Count {
			return cmp.Compare(b.Count, a.Count)
		}
		if c := strings.Compare(a.A, b.A); c != 0 {
			return c
		}
		return strings.Compare(a.B, b.B)
	})
	switch {
	case top > 0 && len(s.Flows) > top:
		s.Flows = slices.Clip(s.Flows[:top])
	case len(s.Flows) == 0:
		s.Flows = nil
	}
	slices.SortFunc(s.Territories, func(a, b TerritoryFlows) int { return strings.Compare(a.Code, b.Code) })
	return s
}

// scaleTally counts partnerships by scale: those of Scales in place, any
// other in a map of its own.
type scaleTally struct {
	n     [4]int
	other map[Scale]int
}

func (t *scaleTally) add(s Scale, n int) {
	if i := slices.Index(Scales, s); i >= 0 && i < len(t.n) {
		t.n[i] += n
		return
	}
	if t.other == nil {
		t.other = map[Scale]int{}
	}
	t.other[s] += n
}

// byScale is the tally as a map of its scales with partnerships: the map
// shared holds for the same counts, when the tally has only Scales'.
func (t *scaleTally) byScale(shared map[[4]int]map[Scale]int) map[Scale]int {
	if m, ok := shared[t.n]; ok && t.other == nil {
		return m
	}
	m := make(map[Scale]int, len(t.other)+1)
	for i, n := range t.n {
		if n != 0 {
			m[Scales[i]] = n
		}
	}
	for s, n := range t.other {
		m[s] = n
	}
	if t.other == nil {
		shared[t.n] = m
	}
	return m
}
