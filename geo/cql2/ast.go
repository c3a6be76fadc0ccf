package cql2

import (
	"time"

	"github.com/paulmach/orb"
)

// Expr is a node of a filter: a predicate (And, Or, Not, Compare, Like,
// In, Between, IsNull, Spatial, Bool) or an operand (Property, String,
// Number, Date, Timestamp, Geometry, BBox, Fold). The set is closed: a type
// switch over these covers every case.
//
// Predicates evaluate to TRUE, FALSE or UNKNOWN, as in SQL: a comparison
// with a null operand is UNKNOWN; NOT UNKNOWN is UNKNOWN; AND is FALSE if
// any argument is FALSE, else UNKNOWN if any is, else TRUE; OR is TRUE if
// any argument is TRUE, else UNKNOWN if any is, else FALSE. A feature is
// selected only when the filter is TRUE.
type Expr interface {
	// Pos is the byte offset in the filter text where the node starts.
	Pos() int
	expr()
}

// And holds when every argument holds; it has at least two.
type And struct {
	Args []Expr
	At   int
}

// Or holds when some argument holds; it has at least two.
type Or struct {
	Args []Expr
	At   int
}

// Not negates its argument (UNKNOWN stays UNKNOWN). NOT LIKE, NOT IN,
// NOT BETWEEN and IS NOT NULL are written as Not around the positive form.
type Not struct {
	Arg Expr
	At  int
}

// CompareOp is a binary comparison operator, spelled as in cql2-text.
type CompareOp string

// The comparison operators of Basic CQL2.
const (
	OpEq CompareOp = "="
	OpNe CompareOp = "<>"
	OpLt CompareOp = "<"
	OpLe CompareOp = "<="
	OpGt CompareOp = ">"
	OpGe CompareOp = ">="
)

// Compare compares two scalars of one kind (see Check): numbers by value
// (integers exactly, a number and an integer as float64), strings bytewise
// (UTF-8 code point order, PostgreSQL's COLLATE "C"), booleans with FALSE
// before TRUE, instants in time order.
type Compare struct {
	Op          CompareOp
	Left, Right Expr
	At          int
}

// Like matches a string against a pattern where % stands for any run of
// characters, _ for exactly one, and a backslash makes the next character
// literal. Matching is case- and accent-sensitive, unless both sides are
// folded (Fold): ACCENTI(name) LIKE ACCENTI('%étienne%'). Pattern is a
// String, or a Fold of one (Check sees to it).
type Like struct {
	Arg     Expr
	Pattern Expr
	At      int
}

// FoldFunc is CASEI or ACCENTI.
type FoldFunc string

// The insensitive-comparison functions of CQL2.
const (
	CaseI   FoldFunc = "CASEI"   // lower case, by Unicode's full case mapping (FoldCase)
	AccentI FoldFunc = "ACCENTI" // without the combining marks of the canonical decomposition (FoldAccents)
)

// Fold is CASEI(x) or ACCENTI(x) of a string operand: its value folded, so
// that comparing or matching two folded values ignores case or accents.
// A null string stays null. Folds nest: CASEI(ACCENTI(name)).
type Fold struct {
	Func FoldFunc
	Arg  Expr
	At   int
}

// In holds when Arg equals one of the List values (compared as Compare's
// =); with a null Arg it is UNKNOWN.
type In struct {
	Arg  Expr
	List []Expr
	At   int
}

// Between holds when Low ≤ Arg ≤ High, all numbers.
type Between struct {
	Arg, Low, High Expr
	At             int
}

// IsNull holds when its operand is null; it is never UNKNOWN.
type IsNull struct {
	Arg Expr
	At  int
}

// SpatialOp is a spatial predicate of CQL2, spelled as in cql2-text.
type SpatialOp string

// The spatial predicates (the Basic Spatial Functions class has
// S_INTERSECTS; Spatial Functions adds the others), with the DE-9IM
// meaning OGC Simple Features gives them, as PostGIS's ST_* decide them in
// the plane of lon/lat degrees.
const (
	SIntersects SpatialOp = "S_INTERSECTS" // a point in common, boundaries included
	SContains   SpatialOp = "S_CONTAINS"   // the right one lies in the left one, not only on its boundary
	SCrosses    SpatialOp = "S_CROSSES"
	SDisjoint   SpatialOp = "S_DISJOINT" // no point in common
	SEquals     SpatialOp = "S_EQUALS"   // the same point set
	SOverlaps   SpatialOp = "S_OVERLAPS"
	STouches    SpatialOp = "S_TOUCHES" // boundaries meet, interiors do not
	SWithin     SpatialOp = "S_WITHIN"  // the left one lies in the right one
)

// SpatialOps lists the spatial predicates.
var SpatialOps = []SpatialOp{SIntersects, SContains, SCrosses, SDisjoint, SEquals, SOverlaps, STouches, SWithin}

// Spatial is a spatial predicate between two geometries. A null (absent)
// geometry makes it UNKNOWN.
type Spatial struct {
	Op          SpatialOp
	Left, Right Expr
	At          int
}

// Bool is the literal TRUE or FALSE, a predicate on its own or an operand.
type Bool struct {
	Value bool
	At    int
}

// Property names a queryable of the collection.
type Property struct {
	Name string
	At   int
}

// String is a character literal.
type String struct {
	Value string
	At    int
}

// Number is a numeric literal. Int is set when it was written as an
// integer (no point, no exponent) that fits an int64, which it then holds
// in Integer; Value is the float64 either way.
type Number struct {
	Value   float64
	Int     bool
	Integer int64
	At      int
}

// Date is a calendar day, DATE('2020-01-31'), held as its midnight UTC.
type Date struct {
	Value time.Time
	At    int
}

// Timestamp is an instant, TIMESTAMP('2020-01-31T12:00:00Z'), held in UTC.
type Timestamp struct {
	Value time.Time
	At    int
}

// Geometry is a geometry literal in CRS84 (lon/lat degrees): a Point,
// LineString, Polygon, their Multi forms or a Collection of them. Parse
// checks that coordinates are finite and in range, that lines have two
// points or more and that polygon rings are closed, have four points or
// more and do not cross themselves.
type Geometry struct {
	Value orb.Geometry
	At    int
}

// BBox is a BBOX(minx, miny, maxx, maxy) literal in CRS84: the closed
// rectangle, heights of the six-number form dropped.
type BBox struct {
	Value orb.Bound
	At    int
}

func (e *And) Pos() int       { return e.At }
func (e *Or) Pos() int        { return e.At }
func (e *Not) Pos() int       { return e.At }
func (e *Compare) Pos() int   { return e.At }
func (e *Like) Pos() int      { return e.At }
func (e *In) Pos() int        { return e.At }
func (e *Between) Pos() int   { return e.At }
func (e *IsNull) Pos() int    { return e.At }
func (e *Spatial) Pos() int   { return e.At }
func (e *Fold) Pos() int      { return e.At }
func (e *Bool) Pos() int      { return e.At }
func (e *Property) Pos() int  { return e.At }
func (e *String) Pos() int    { return e.At }
func (e *Number) Pos() int    { return e.At }
func (e *Date) Pos() int      { return e.At }
func (e *Timestamp) Pos() int { return e.At }
func (e *Geometry) Pos() int  { return e.At }
func (e *BBox) Pos() int      { return e.At }

func (*And) expr()       {}
func (*Or) expr()        {}
func (*Not) expr()       {}
func (*Compare) expr()   {}
func (*Like) expr()      {}
func (*In) expr()        {}
func (*Between) expr()   {}
func (*IsNull) expr()    {}
func (*Spatial) expr()   {}
func (*Fold) expr()      {}
func (*Bool) expr()      {}
func (*Property) expr()  {}
func (*String) expr()    {}
func (*Number) expr()    {}
func (*Date) expr()      {}
func (*Timestamp) expr() {}
func (*Geometry) expr()  {}
func (*BBox) expr()      {}

var (
	_ Expr = (*And)(nil)
	_ Expr = (*Or)(nil)
	_ Expr = (*Not)(nil)
	_ Expr = (*Compare)(nil)
	_ Expr = (*Like)(nil)
	_ Expr = (*In)(nil)
	_ Expr = (*Between)(nil)
	_ Expr = (*IsNull)(nil)
	_ Expr = (*Spatial)(nil)
	_ Expr = (*Fold)(nil)
	_ Expr = (*Bool)(nil)
	_ Expr = (*Property)(nil)
	_ Expr = (*String)(nil)
	_ Expr = (*Number)(nil)
	_ Expr = (*Date)(nil)
	_ Expr = (*Timestamp)(nil)
	_ Expr = (*Geometry)(nil)
	_ Expr = (*BBox)(nil)
)
