package cql2

import (
	"slices"
	"strings"
)

// TemporalOp is a temporal predicate of CQL2, spelled as in cql2-text.
type TemporalOp string

// The temporal predicates: Allen's relations between two intervals, an
// instant being the interval from itself to itself.
const (
	TAfter        TemporalOp = "T_AFTER"
	TBefore       TemporalOp = "T_BEFORE"
	TContains     TemporalOp = "T_CONTAINS"
	TDisjoint     TemporalOp = "T_DISJOINT"
	TDuring       TemporalOp = "T_DURING"
	TEquals       TemporalOp = "T_EQUALS"
	TFinishedBy   TemporalOp = "T_FINISHEDBY"
	TFinishes     TemporalOp = "T_FINISHES"
	TIntersects   TemporalOp = "T_INTERSECTS"
	TMeets        TemporalOp = "T_MEETS"
	TMetBy        TemporalOp = "T_METBY"
	TOverlappedBy TemporalOp = "T_OVERLAPPEDBY"
	TOverlaps     TemporalOp = "T_OVERLAPS"
	TStartedBy    TemporalOp = "T_STARTEDBY"
	TStarts       TemporalOp = "T_STARTS"
)

// TemporalOps lists the temporal predicates.
var TemporalOps = []TemporalOp{TAfter, TBefore, TContains, TDisjoint, TDuring, TEquals, TFinishedBy, TFinishes,
	TIntersects, TMeets, TMetBy, TOverlappedBy, TOverlaps, TStartedBy, TStarts}

// Temporal relates two temporal operands: instants (DATE, TIMESTAMP, a
// date property) or intervals (Interval). A null instant makes it
// UNKNOWN.
type Temporal struct {
	Op          TemporalOp
	Left, Right Expr
	At          int
}

// Interval is INTERVAL(start, end). Each bound is an instant (a Date or
// Timestamp literal, or a date property) or nil for an open side ('..');
// a property bound whose value is null is open too: a partnership without
// an end runs on.
type Interval struct {
	Start, End Expr
	At         int
}

func (e *Temporal) Pos() int { return e.At }
func (e *Interval) Pos() int { return e.At }
func (*Temporal) expr()      {}
func (*Interval) expr()      {}

// Bound names one of the four bounds a temporal relation compares: the
// start and end of its left operand (A1, A2) and of its right one (B1,
// B2). An instant's start and end are the instant.
type Bound int

const (
	A1 Bound = iota
	A2
	B1
	B2
)

// BoundCmp is one comparison of two bounds.
type BoundCmp struct {
	L  Bound
	Op CompareOp
	R  Bound
}

// Relation is a temporal predicate as comparisons of the bounds, a
// disjunction of conjunctions, the one definition both stores evaluate
// (data/memory in Go, data/postgis as SQL). An open start is before every
// instant, an open end after every one.
func (op TemporalOp) Relation() [][]BoundCmp {
	c := func(l Bound, o CompareOp, r Bound) BoundCmp { return BoundCmp{l, o, r} }
	switch op {
	case TAfter:
		return [][]BoundCmp{{c(A1, OpGt, B2)}}
	case TBefore:
		return [][]BoundCmp{{c(A2, OpLt, B1)}}
	case TContains:
		return [][]BoundCmp{{c(A1, OpLt, B1), c(A2, OpGt, B2)}}
	case TDisjoint:
		return [][]BoundCmp{{c(A1, OpGt, B2)}, {c(A2, OpLt, B1)}}
	case TDuring:
		return [][]BoundCmp{{c(A1, OpGt, B1), c(A2, OpLt, B2)}}
	case TEquals:
		return [][]BoundCmp{{c(A1, OpEq, B1), c(A2, OpEq, B2)}}
	case TFinishedBy:
		return [][]BoundCmp{{c(A1, OpLt, B1), c(A2, OpEq, B2)}}
	case TFinishes:
		return [][]BoundCmp{{c(A1, OpGt, B1), c(A2, OpEq, B2)}}
	case TIntersects:
		return [][]BoundCmp{{c(A1, OpLe, B2), c(A2, OpGe, B1)}}
	case TMeets:
		return [][]BoundCmp{{c(A2, OpEq, B1)}}
	case TMetBy:
		return [][]BoundCmp{{c(A1, OpEq, B2)}}
	case TOverlappedBy:
		return [][]BoundCmp{{c(A1, OpGt, B1), c(A1, OpLt, B2), c(A2, OpGt, B2)}}
	case TOverlaps:
		return [][]BoundCmp{{c(A1, OpLt, B1), c(A2, OpGt, B1), c(A2, OpLt, B2)}}
	case TStartedBy:
		return [][]BoundCmp{{c(A1, OpEq, B1), c(A2, OpGt, B2)}}
	case TStarts:
		return [][]BoundCmp{{c(A1, OpEq, B1), c(A2, OpLt, B2)}}
	}
	return nil
}

// isTemporalOp reports whether a function name is a temporal predicate.
func isTemporalOp(name string) bool {
	return slices.Contains(TemporalOps, TemporalOp(strings.ToUpper(name)))
}
