package cql2

import (
	"strconv"
	"strings"
	"time"

	"github.com/paulmach/orb"
)

// Text writes e back as cql2-text in a canonical form: keywords in upper
// case, AND and OR lists in parentheses, NOT before a parenthesized
// argument, numbers in their shortest form. Parse(Text(e), LangText) gives
// back a tree that prints the same.
func Text(e Expr) string {
	var b strings.Builder
	writeText(&b, e)
	return b.String()
}

func writeText(b *strings.Builder, e Expr) {
	switch e := e.(type) {
	case *And:
		writeList(b, e.Args, " AND ")
	case *Or:
		writeList(b, e.Args, " OR ")
	case *Not:
		b.WriteString("NOT (")
		writeText(b, e.Arg)
		b.WriteString(")")
	case *Compare:
		writeText(b, e.Left)
		b.WriteString(" " + string(e.Op) + " ")
		writeText(b, e.Right)
	case *Like:
		writeText(b, e.Arg)
		b.WriteString(" LIKE ")
		writeText(b, e.Pattern)
	case *In:
		writeText(b, e.Arg)
		b.WriteString(" IN ")
		writeList(b, e.List, ", ")
	case *Between:
		writeText(b, e.Arg)
		b.WriteString(" BETWEEN ")
		writeText(b, e.Low)
		b.WriteString(" AND ")
		writeText(b, e.High)
	case *IsNull:
		writeText(b, e.Arg)
		b.WriteString(" IS NULL")
	case *Arith:
		b.WriteString("(")
		if e.Left != nil {
			writeText(b, e.Left)
			b.WriteString(" " + string(e.Op) + " ")
		} else {
			b.WriteString("- ") // "-0" would read back as a number
		}
		writeText(b, e.Right)
		b.WriteString(")")
	case *Temporal:
		writeCall(b, string(e.Op), e.Left, e.Right)
	case *Interval:
		b.WriteString("INTERVAL(")
		for i, bound := range []Expr{e.Start, e.End} {
			if i == 1 {
				b.WriteString(", ")
			}
			if bound == nil {
				b.WriteString("'..'")
			} else {
				writeText(b, bound)
			}
		}
		b.WriteString(")")
	case *Fold:
		writeCall(b, string(e.Func), e.Arg)
	case *Function:
		writeCall(b, e.Name, e.Args...)
	case *Spatial:
		writeCall(b, string(e.Op), e.Left, e.Right)
	case *ArrayPred:
		writeCall(b, string(e.Op), e.Left, e.Right)
	case *Array:
		writeCall(b, "", e.Items...)
	case *Bool:
		if e.Value {
			b.WriteString("TRUE")
		} else {
			b.WriteString("FALSE")
		}
	case *Property:
		if plainName(e.Name) {
			b.WriteString(e.Name)
		} else {
			b.WriteString(`"` + strings.ReplaceAll(e.Name, `"`, `""`) + `"`)
		}
	case *String:
		b.WriteString("'" + strings.ReplaceAll(e.Value, "'", "''") + "'")
	case *Number:
		if e.Int {
			b.WriteString(strconv.FormatInt(e.Integer, 10))
		} else {
			b.WriteString(formatFloat(e.Value))
		}
	case *Date:
		b.WriteString("DATE('" + e.Value.Format(time.DateOnly) + "')")
	case *Timestamp:
		b.WriteString("TIMESTAMP('" + e.Value.UTC().Format(time.RFC3339Nano) + "')")
	case *BBox:
		bb := e.Value
		b.WriteString("BBOX(" + formatFloat(bb.Min[0]) + ", " + formatFloat(bb.Min[1]) + ", " +
			formatFloat(bb.Max[0]) + ", " + formatFloat(bb.Max[1]) + ")")
	case *Geometry:
		writeWKT(b, e.Value)
	}
}

func writeList(b *strings.Builder, args []Expr, sep string) {
	b.WriteString("(")
	for i, a := range args {
		if i > 0 {
			b.WriteString(sep)
		}
		writeText(b, a)
	}
	b.WriteString(")")
}

// plainName reports whether a property name reads back unquoted: an
// identifier that is no keyword or literal word.
func plainName(name string) bool {
	if name == "" || reserved(name) {
		return false
	}
	switch strings.ToUpper(name) {
	case "TRUE", "FALSE", "DATE", "TIMESTAMP", "BBOX", "ENVELOPE", "POINT", "LINESTRING", "POLYGON",
		"MULTIPOINT", "MULTILINESTRING", "MULTIPOLYGON", "GEOMETRYCOLLECTION":
		return false
	}
	for i, r := range name {
		if (i == 0 && !isIdentStart(r)) || !isIdentPart(r) {
			return false
		}
	}
	return true
}

// formatFloat writes a float so that it reads back as a float: the
// shortest form, with a point when it would otherwise look like an
// integer.
func formatFloat(f float64) string {
	s := strconv.FormatFloat(f, 'g', -1, 64)
	if !strings.ContainsAny(s, ".eE") {
		s += ".0"
	}
	return s
}

func writeWKT(b *strings.Builder, g orb.Geometry) {
	coords := func(pts []orb.Point) {
		b.WriteString("(")
		for i, p := range pts {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(strconv.FormatFloat(p[0], 'g', -1, 64) + " " + strconv.FormatFloat(p[1], 'g', -1, 64))
		}
		b.WriteString(")")
	}
	polygon := func(p orb.Polygon) {
		b.WriteString("(")
		for i, r := range p {
			if i > 0 {
				b.WriteString(", ")
			}
			coords(r)
		}
		b.WriteString(")")
	}
	switch g := g.(type) {
	case orb.Point:
		b.WriteString("POINT")
		coords([]orb.Point{g})
	case orb.LineString:
		b.WriteString("LINESTRING")
		coords(g)
	case orb.Polygon:
		b.WriteString("POLYGON")
		polygon(g)
	case orb.MultiPoint:
		b.WriteString("MULTIPOINT")
		coords(g)
	case orb.MultiLineString:
		b.WriteString("MULTILINESTRING(")
		for i, l := range g {
			if i > 0 {
				b.WriteString(", ")
			}
			coords(l)
		}
		b.WriteString(")")
	case orb.MultiPolygon:
		b.WriteString("MULTIPOLYGON(")
		for i, p := range g {
			if i > 0 {
				b.WriteString(", ")
			}
			polygon(p)
		}
		b.WriteString(")")
	case orb.Collection:
		b.WriteString("GEOMETRYCOLLECTION(")
		for i, m := range g {
			if i > 0 {
				b.WriteString(", ")
			}
			writeWKT(b, m)
		}
		b.WriteString(")")
	}
}

// writeCall writes name(arg, arg, …): a function, or with no name an
// array literal.
func writeCall(b *strings.Builder, name string, args ...Expr) {
	b.WriteString(name + "(")
	for i, a := range args {
		if i > 0 {
			b.WriteString(", ")
		}
		writeText(b, a)
	}
	b.WriteString(")")
}
