package cql2

import "strings"

// Function is a call of a function CQL2 leaves to each server (its
// "functions" conformance class: avg(windSpeed), Buffer(geometry, 10,
// 'm')), standing for a value or, alone, for a predicate. The parser reads
// any such call, so that every filter of the standard parses; Check
// refuses each one, Maillage offering no custom function, and so no store
// ever meets one.
type Function struct {
	Name string
	Args []Expr
	At   int
}

func (e *Function) Pos() int { return e.At }
func (*Function) expr()      {}

// errFunction is Check's refusal of a custom function.
func errFunction(f *Function) error {
	return errorf(f.At, "function %s is not supported: Maillage offers no custom function; the functions of CQL2 it knows are "+
		"CASEI, ACCENTI, the spatial (S_…), temporal (T_…) and array (A_…) functions", clip(f.Name))
}

// isCustomName reports whether an operation name read in cql2-json may
// name a custom function: none of CQL2's own operations (misplaced, they
// are refused where they stand) nor of the families it defines, whose
// unknown members are refused by name (unsupportedFunction), and a name
// cql2-text reads back as a function's (plainName: an identifier that is
// no keyword or literal word), so that every filter read prints to text
// that parses to itself. {"op":"0","args":[[]]} printed as 0(()), which
// does not (found by FuzzParseJSON).
func isCustomName(name string) bool {
	lower := strings.ToLower(name)
	switch lower {
	case "", "and", "or", "not", "=", "<>", "<", "<=", ">", ">=", "like", "in", "between", "isnull",
		"casei", "accenti", "interval", "+", "-", "*", "/", "%", "div", "^":
		return false
	}
	return !strings.HasPrefix(lower, "s_") && !strings.HasPrefix(lower, "t_") && !strings.HasPrefix(lower, "a_") &&
		plainName(name)
}
