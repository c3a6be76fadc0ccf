package cql2

import (
	"slices"
	"strings"
)

// Type is the type of a queryable or of an operand, as the queryables
// JSON Schema of OGC API – Features Part 3 names it.
type Type string

// The operand types. Integer and Number are both numeric and compare with
// each other; Date and Timestamp compare only with their own kind.
const (
	TypeString    Type = "string"
	TypeNumber    Type = "number"
	TypeInteger   Type = "integer"
	TypeBoolean   Type = "boolean"
	TypeDate      Type = "date"
	TypeTimestamp Type = "timestamp"
	TypeGeometry  Type = "geometry"
	TypeInterval  Type = "interval"
)

// Queryables maps each property a filter may name to its type.
type Queryables map[string]Type

// Check types e against the queryables: every property must be one of
// them, comparisons, IN lists and BETWEEN bounds must compare like with
// like (numbers with numbers, strings with strings …), LIKE applies to
// strings (its pattern a string too: a literal, a property, folded or
// not), BETWEEN to numbers and the spatial functions to geometries, and a
// literal LIKE pattern must not end with a lone backslash. Properties may
// stand wherever values do (property-to-property comparisons). The error is an *Error at
// the operand at fault.
func Check(e Expr, q Queryables) error {
	switch e := e.(type) {
	case *And:
		for _, a := range e.Args {
			if err := Check(a, q); err != nil {
				return err
			}
		}
	case *Or:
		for _, a := range e.Args {
			if err := Check(a, q); err != nil {
				return err
			}
		}
	case *Not:
		return Check(e.Arg, q)
	case *Bool:
	case *Compare:
		lt, err := scalar(e.Left, q)
		if err != nil {
			return err
		}
		rt, err := scalar(e.Right, q)
		if err != nil {
			return err
		}
		if !comparable(lt, rt) {
			return errorf(e.Right.Pos(), "cannot compare %s (%s) with %s (%s)", describeExpr(e.Left), lt, describeExpr(e.Right), rt)
		}
	case *Like:
		t, err := scalar(e.Arg, q)
		if err != nil {
			return err
		}
		if t != TypeString {
			return errorf(e.Arg.Pos(), "LIKE applies to strings, and %s is a %s", describeExpr(e.Arg), t)
		}
		pt, err := scalar(e.Pattern, q)
		if err != nil {
			return err
		}
		if pt != TypeString {
			return errorf(e.Pattern.Pos(), "a LIKE pattern is a string, and %s is a %s", describeExpr(e.Pattern), pt)
		}
		if pattern, literal := FoldLiteral(e.Pattern); literal && trailingEscape(pattern) {
			return errorf(e.Pattern.Pos(), "the LIKE pattern ends with a lone backslash; write \\\\ for a backslash")
		}
	case *In:
		t, err := scalar(e.Arg, q)
		if err != nil {
			return err
		}
		for _, item := range e.List {
			it, err := scalar(item, q)
			if err != nil {
				return err
			}
			if !comparable(t, it) {
				return errorf(item.Pos(), "cannot compare %s (%s) with %s (%s)", describeExpr(e.Arg), t, describeExpr(item), it)
			}
		}
	case *Between:
		for _, op := range []Expr{e.Arg, e.Low, e.High} {
			t, err := scalar(op, q)
			if err != nil {
				return err
			}
			if t != TypeNumber && t != TypeInteger {
				return errorf(op.Pos(), "BETWEEN applies to numbers, and %s is a %s", describeExpr(op), t)
			}
		}
	case *IsNull:
		t, err := TypeOf(e.Arg, q)
		if err != nil {
			return err
		}
		if t == TypeArray { // an empty list and no list at all would read alike
			return errorf(e.Arg.Pos(), "%s is an array: test it with an array function (A_EQUALS(%s, ()) for none)", describeExpr(e.Arg), Text(e.Arg))
		}
	case *ArrayPred:
		for _, op := range []Expr{e.Left, e.Right} {
			if err := checkArray(e.Op, op, q); err != nil {
				return err
			}
		}
	case *Temporal:
		for _, op := range []Expr{e.Left, e.Right} {
			t, err := TypeOf(op, q)
			if err != nil {
				return err
			}
			if t != TypeDate && t != TypeTimestamp && t != TypeInterval {
				return errorf(op.Pos(), "%s takes instants and intervals (DATE, TIMESTAMP, INTERVAL, a date property), and %s is a %s", e.Op, describeExpr(op), t)
			}
		}
	case *Spatial:
		for _, op := range []Expr{e.Left, e.Right} {
			t, err := TypeOf(op, q)
			if err != nil {
				return err
			}
			if t != TypeGeometry {
				return errorf(op.Pos(), "%s takes geometries, and %s is a %s", e.Op, describeExpr(op), t)
			}
		}
	case *Function:
		return errFunction(e)
	default:
		return errorf(e.Pos(), "%s is not a predicate", describeExpr(e))
	}
	return nil
}

// TypeOf is the type of an operand: a property's queryable type, or the
// literal's own. An unknown property is an *Error listing the queryables.
func TypeOf(e Expr, q Queryables) (Type, error) {
	switch e := e.(type) {
	case *Property:
		t, ok := q[e.Name]
		if !ok {
			names := make([]string, 0, len(q))
			for name := range q {
				names = append(names, name)
			}
			slices.Sort(names)
			return "", errorf(e.At, "%q is not a queryable; the queryables are %s", clip(e.Name), strings.Join(names, ", "))
		}
		return t, nil
	case *String:
		return TypeString, nil
	case *Number:
		if e.Int {
			return TypeInteger, nil
		}
		return TypeNumber, nil
	case *Bool:
		return TypeBoolean, nil
	case *Date:
		return TypeDate, nil
	case *Timestamp:
		return TypeTimestamp, nil
	case *Geometry:
		return TypeGeometry, checkPolygons(e.Value, e.At)
	case *BBox:
		return TypeGeometry, nil
	case *Arith:
		out := TypeInteger
		for _, op := range []Expr{e.Left, e.Right} {
			if op == nil {
				continue
			}
			t, err := TypeOf(op, q)
			if err != nil {
				return "", err
			}
			if t != TypeInteger && t != TypeNumber {
				return "", errorf(op.Pos(), "arithmetic applies to numbers, and %s is a %s", describeExpr(op), t)
			}
			if t == TypeNumber {
				out = TypeNumber
			}
		}
		if e.Op == Div || e.Op == Pow {
			out = TypeNumber
		}
		return out, nil
	case *Interval:
		for _, b := range []Expr{e.Start, e.End} {
			if b == nil {
				continue
			}
			t, err := TypeOf(b, q)
			if err != nil {
				return "", err
			}
			if t != TypeDate && t != TypeTimestamp {
				return "", errorf(b.Pos(), "an INTERVAL bound is an instant or '..', and %s is a %s", describeExpr(b), t)
			}
		}
		return TypeInterval, nil
	case *Fold:
		t, err := TypeOf(e.Arg, q)
		if err != nil {
			return "", err
		}
		if t != TypeString {
			return "", errorf(e.Arg.Pos(), "%s applies to strings, and %s is a %s", e.Func, describeExpr(e.Arg), t)
		}
		return TypeString, nil
	case *Function:
		return "", errFunction(e)
	}
	return "", errorf(e.Pos(), "expected a property or a value, found %s", describeExpr(e))
}

// checkArray checks an operand of an array function: an array queryable,
// or an array literal of strings, the items Maillage's array queryables
// hold (a literal of other values could match none of them).
func checkArray(op ArrayOp, e Expr, q Queryables) error {
	if arr, ok := e.(*Array); ok {
		for _, item := range arr.Items {
			if _, ok := item.(*String); !ok {
				return errorf(item.Pos(), "%s compares lists of strings, and %s is not a string", op, describeExpr(item))
			}
		}
		return nil
	}
	t, err := TypeOf(e, q)
	if err != nil {
		return err
	}
	if t != TypeArray {
		return errorf(e.Pos(), "%s takes arrays (a list property or ('a', 'b')), and %s is a %s", op, describeExpr(e), t)
	}
	return nil
}

// scalar is TypeOf for operands that must not be geometries.
func scalar(e Expr, q Queryables) (Type, error) {
	t, err := TypeOf(e, q)
	if err == nil && t == TypeGeometry {
		return "", errorf(e.Pos(), "%s is a geometry: compare geometries with a spatial function (S_INTERSECTS, S_WITHIN …)", describeExpr(e))
	}
	if err == nil && t == TypeArray {
		return "", errorf(e.Pos(), "%s is an array: compare arrays with an array function (A_CONTAINS, A_OVERLAPS …)", describeExpr(e))
	}
	if err == nil && t == TypeInterval {
		return "", errorf(e.Pos(), "%s is an interval: compare intervals with a temporal function (T_INTERSECTS, T_DURING …)", describeExpr(e))
	}
	return t, err
}

// comparable reports whether values of types a and b can be compared.
func comparable(a, b Type) bool {
	numeric := func(t Type) bool { return t == TypeNumber || t == TypeInteger }
	return a == b || (numeric(a) && numeric(b))
}

// trailingEscape reports a pattern ending with an odd run of backslashes.
func trailingEscape(p string) bool {
	n := 0
	for i := len(p) - 1; i >= 0 && p[i] == '\\'; i-- {
		n++
	}
	return n%2 == 1
}

// describeExpr names an operand for error messages.
func describeExpr(e Expr) string {
	switch e := e.(type) {
	case *Property:
		return "property " + clip(e.Name)
	case *Geometry, *BBox:
		return "the geometry literal"
	}
	return clip(Text(e))
}
