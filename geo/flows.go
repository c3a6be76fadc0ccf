package geo

import (
	"sort"

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
// whatever the direction; A < B bytewise.
type Flow struct {
	A, B    string
	Count   int
	ByScale map[Scale]int
}

// TerritoryFlows are one territory's totals: partnerships with both ends in
// it (Internal), with its actor as actor_a (Outgoing) or as actor_b
// (Incoming) of a partnership reaching another territory.
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
func AggregateFlowGroups(groups []FlowGroup, top int) FlowSummary {
	var s FlowSummary
	flows := map[[2]string]*Flow{}
	terr := map[string]*TerritoryFlows{}
	at := func(code string) *TerritoryFlows {
		t := terr[code]
		if t == nil {
			t = &TerritoryFlows{Code: code, InternalByScale: map[Scale]int{}}
			terr[code] = t
		}
		return t
	}
	for _, g := range groups {
		e, n := g.FlowEnd, g.N
		if n <= 0 {
			continue
		}
		switch {
		case e.From == "" || e.To == "":
			s.Unplaced += n
		case e.From == e.To:
			t := at(e.From)
			t.Internal += n
			t.InternalByScale[e.Scale] += n
		default:
			at(e.From).Outgoing += n
			at(e.To).Incoming += n
			key := [2]string{e.From, e.To}
			if key[0] > key[1] {
				key[0], key[1] = key[1], key[0]
			}
			f := flows[key]
			if f == nil {
				f = &Flow{A: key[0], B: key[1], ByScale: map[Scale]int{}}
				flows[key] = f
			}
			f.Count += n
			f.ByScale[e.Scale] += n
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
		if a.A != b.A {
			return a.A < b.A
		}
		return a.B < b.B
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
