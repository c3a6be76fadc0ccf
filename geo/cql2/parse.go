package cql2

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Lang is a filter encoding, as the filter-lang parameter names it.
type Lang string

// The two encodings of CQL2.
const (
	LangText Lang = "cql2-text"
	LangJSON Lang = "cql2-json"
)

// Limits on what Parse reads, so that a hostile filter costs little: the
// nesting of predicates and geometries, and the vertices of all geometry
// literals together (a polygon's rings are checked for self-crossings in
// time quadratic in their size).
const (
	MaxDepth    = 64
	MaxVertices = 2000
)

// Parse reads a filter in the given encoding into its syntax tree. Property
// names are not checked here (see Check). Every error is an *Error with the
// byte offset of the fault.
func Parse(text string, lang Lang) (Expr, error) {
	switch lang {
	case LangText:
		p := &parser{lx: lexer{src: text}}
		if err := p.advance(); err != nil {
			return nil, err
		}
		if p.tok.kind == tEOF {
			return nil, errorf(0, "the filter is empty")
		}
		e, err := p.orExpr()
		if err != nil {
			return nil, err
		}
		if p.tok.kind != tEOF {
			return nil, errorf(p.tok.pos, "unexpected %s after a complete filter", describe(p.tok))
		}
		return e, nil
	case LangJSON:
		return parseJSON(text)
	}
	return nil, errorf(0, "unknown filter language %q: use cql2-text or cql2-json", string(lang))
}

// parser is a recursive-descent parser of cql2-text with one token of
// look-ahead. Precedence, loosest first: OR, AND, NOT, then predicates.
type parser struct {
	lx       lexer
	tok      token
	depth    int
	vertices int
}

func (p *parser) advance() error {
	t, err := p.lx.next()
	if err != nil {
		return err
	}
	p.tok = t
	return nil
}

// keyword reports whether the current token is the bare word kw, in any
// case.
func (p *parser) keyword(kw string) bool {
	return p.tok.kind == tIdent && strings.EqualFold(p.tok.text, kw)
}

// expect consumes a token of kind k or fails naming what was wanted.
func (p *parser) expect(k tokenKind, want string) error {
	if p.tok.kind != k {
		return errorf(p.tok.pos, "expected %s, found %s", want, describe(p.tok))
	}
	return p.advance()
}

func (p *parser) enter() error {
	p.depth++
	if p.depth > MaxDepth {
		return errorf(p.tok.pos, "the filter nests deeper than %d levels", MaxDepth)
	}
	return nil
}

func (p *parser) leave() { p.depth-- }

// callFollows reports whether the next token, after the current one, is
// "(": the current word is then a function name.
func (p *parser) callFollows() bool {
	rest := strings.TrimLeftFunc(p.lx.src[p.lx.pos:], unicode.IsSpace)
	return strings.HasPrefix(rest, "(")
}

// orExpr = andExpr {OR andExpr}
func (p *parser) orExpr() (Expr, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer p.leave()
	start := p.tok.pos
	first, err := p.andExpr()
	if err != nil {
		return nil, err
	}
	args := []Expr{first}
	for p.keyword("OR") {
		if err := p.advance(); err != nil {
			return nil, err
		}
		e, err := p.andExpr()
		if err != nil {
			return nil, err
		}
		args = append(args, e)
	}
	if len(args) == 1 {
		return first, nil
	}
	return &Or{Args: args, At: start}, nil
}

// andExpr = notExpr {AND notExpr}
func (p *parser) andExpr() (Expr, error) {
	start := p.tok.pos
	first, err := p.notExpr()
	if err != nil {
		return nil, err
	}
	args := []Expr{first}
	for p.keyword("AND") {
		if err := p.advance(); err != nil {
			return nil, err
		}
		e, err := p.notExpr()
		if err != nil {
			return nil, err
		}
		args = append(args, e)
	}
	if len(args) == 1 {
		return first, nil
	}
	return &And{Args: args, At: start}, nil
}

// notExpr = NOT notExpr | primary
func (p *parser) notExpr() (Expr, error) {
	if !p.keyword("NOT") {
		return p.primary()
	}
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer p.leave()
	start := p.tok.pos
	if err := p.advance(); err != nil {
		return nil, err
	}
	arg, err := p.notExpr()
	if err != nil {
		return nil, err
	}
	return &Not{Arg: arg, At: start}, nil
}

// primary = "(" orExpr ")" | spatialOp "(" operand "," operand ")" |
// operand predicateTail | booleanLiteral
func (p *parser) primary() (Expr, error) {
	start := p.tok.pos
	if p.tok.kind == tLParen {
		// A parenthesised predicate, or a parenthesised arithmetic operand
		// starting a comparison ("(a - 1) > b"): what follows the matching
		// ')' tells them apart.
		if !p.operandInParens() {
			return p.group()
		}
		left, err := p.operand()
		if err != nil {
			return nil, err
		}
		return p.predicateTail(left, start)
	}
	if p.tok.kind == tIdent && p.callFollows() {
		name := strings.ToUpper(p.tok.text)
		switch {
		case isTemporalOp(name):
			return p.temporal(TemporalOp(name))
		case slices.Contains(ArrayOps, ArrayOp(name)):
			return p.arrayPred(ArrayOp(name))
		case strings.HasPrefix(name, "S_") || strings.HasPrefix(name, "T_") || strings.HasPrefix(name, "A_"):
			return p.spatial(name)
		}
	}
	left, err := p.operand()
	if err != nil {
		return nil, err
	}
	return p.predicateTail(left, start)
}

// operandInParens reports whether the parenthesis at the current token
// closes on an operand: the token after its matching ')' is a comparison
// or arithmetic operator, or one of LIKE, IN, BETWEEN, IS, NOT. It scans a
// copy of the lexer; a lexing error reads as a predicate, whose parse
// then reports it.
func (p *parser) operandInParens() bool {
	lx := p.lx
	depth := 1
	for depth > 0 {
		t, err := lx.next()
		if err != nil || t.kind == tEOF {
			return false
		}
		switch t.kind {
		case tLParen:
			depth++
		case tRParen:
			depth--
		}
	}
	t, err := lx.next()
	if err != nil {
		return false
	}
	if t.kind == tOp || t.kind == tArith {
		return true
	}
	if t.kind == tIdent {
		switch strings.ToUpper(t.text) {
		case "LIKE", "IN", "BETWEEN", "IS", "NOT", "DIV":
			return true
		}
	}
	return false
}

// group reads "(" orExpr ")".
func (p *parser) group() (Expr, error) {
	if err := p.advance(); err != nil {
		return nil, err
	}
	e, err := p.orExpr()
	if err != nil {
		return nil, err
	}
	if err := p.expect(tRParen, "')'"); err != nil {
		return nil, err
	}
	return e, nil
}

// spatial reads a spatial predicate, S_WITHIN(a, b); the temporal and
// array functions are refused by name, as belonging to their family.
func (p *parser) spatial(name string) (Expr, error) {
	start := p.tok.pos
	op := SpatialOp(name)
	if !slices.Contains(SpatialOps, op) {
		return nil, errorf(start, "%s is not supported: %s", p.tok.text, unsupportedFunction(name))
	}
	if err := p.advance(); err != nil {
		return nil, err
	}
	if err := p.expect(tLParen, "'(' after "+name); err != nil {
		return nil, err
	}
	a, err := p.operand()
	if err != nil {
		return nil, err
	}
	if err := p.expect(tComma, "',' between the arguments of "+name); err != nil {
		return nil, err
	}
	b, err := p.operand()
	if err != nil {
		return nil, err
	}
	if err := p.expect(tRParen, "')' closing "+name); err != nil {
		return nil, err
	}
	return &Spatial{Op: op, Left: a, Right: b, At: start}, nil
}

// arrayPred reads an array function, A_CONTAINS(a, b), whose operands are
// array literals or properties (Check types them).
func (p *parser) arrayPred(op ArrayOp) (Expr, error) {
	start := p.tok.pos
	if err := p.advance(); err != nil {
		return nil, err
	}
	if err := p.expect(tLParen, "'(' after "+string(op)); err != nil {
		return nil, err
	}
	a, err := p.arrayOperand()
	if err != nil {
		return nil, err
	}
	if err := p.expect(tComma, "',' between the arguments of "+string(op)); err != nil {
		return nil, err
	}
	b, err := p.arrayOperand()
	if err != nil {
		return nil, err
	}
	if err := p.expect(tRParen, "')' closing "+string(op)); err != nil {
		return nil, err
	}
	return &ArrayPred{Op: op, Left: a, Right: b, At: start}, nil
}

// arrayOperand reads an array literal, ('a', 1, DATE('2020-01-01'), ('b')),
// possibly empty, or an operand (a property).
func (p *parser) arrayOperand() (Expr, error) {
	if p.tok.kind != tLParen {
		return p.operand()
	}
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer p.leave()
	arr := &Array{At: p.tok.pos}
	if err := p.advance(); err != nil {
		return nil, err
	}
	for p.tok.kind != tRParen {
		if len(arr.Items) > 0 {
			if err := p.expect(tComma, "',' or ')' in an array"); err != nil {
				return nil, err
			}
		}
		item, err := p.arrayOperand()
		if err != nil {
			return nil, err
		}
		arr.Items = append(arr.Items, item)
	}
	return arr, p.advance()
}

// temporal reads a temporal predicate, T_DURING(a, b), whose operands are
// instants, intervals or date properties (Check types them).
func (p *parser) temporal(op TemporalOp) (Expr, error) {
	start := p.tok.pos
	if err := p.advance(); err != nil {
		return nil, err
	}
	if err := p.expect(tLParen, "'(' after "+string(op)); err != nil {
		return nil, err
	}
	a, err := p.operand()
	if err != nil {
		return nil, err
	}
	if err := p.expect(tComma, "',' between the arguments of "+string(op)); err != nil {
		return nil, err
	}
	b, err := p.operand()
	if err != nil {
		return nil, err
	}
	if err := p.expect(tRParen, "')' closing "+string(op)); err != nil {
		return nil, err
	}
	return &Temporal{Op: op, Left: a, Right: b, At: start}, nil
}

// interval reads INTERVAL(bound, bound): each bound a quoted date or
// timestamp, '..' for an open side, DATE(…), TIMESTAMP(…) or a property.
func (p *parser) interval() (Expr, error) {
	start := p.tok.pos
	if err := p.advance(); err != nil {
		return nil, err
	}
	if err := p.expect(tLParen, "'(' after INTERVAL"); err != nil {
		return nil, err
	}
	var bounds [2]Expr
	for i := range bounds {
		if i == 1 {
			if err := p.expect(tComma, "',' between the bounds of INTERVAL"); err != nil {
				return nil, err
			}
		}
		if p.tok.kind == tString {
			b, err := instantText(p.tok.text, p.tok.pos)
			if err != nil {
				return nil, err
			}
			bounds[i] = b
			if err := p.advance(); err != nil {
				return nil, err
			}
			continue
		}
		b, err := p.operand()
		if err != nil {
			return nil, err
		}
		bounds[i] = b
	}
	if err := p.expect(tRParen, "')' closing INTERVAL"); err != nil {
		return nil, err
	}
	return &Interval{Start: bounds[0], End: bounds[1], At: start}, nil
}

// instantText reads an interval bound written as a string: '..' (open,
// nil), a date YYYY-MM-DD, or an RFC 3339 timestamp.
func instantText(text string, pos int) (Expr, error) {
	switch {
	case text == "..":
		return nil, nil
	case len(text) == len(time.DateOnly):
		return parseDate(text, pos, pos)
	}
	return parseTimestamp(text, pos, pos)
}

// unsupportedFunction says, for a function name Maillage does not take,
// which family it belongs to and what that family offers.
func unsupportedFunction(name string) string {
	spatial := make([]string, len(SpatialOps))
	for i, op := range SpatialOps {
		spatial[i] = string(op)
	}
	switch {
	case strings.HasPrefix(name, "T_"):
		temporal := make([]string, len(TemporalOps))
		for i, op := range TemporalOps {
			temporal[i] = string(op)
		}
		return "the temporal functions are " + strings.Join(temporal, ", ")
	case strings.HasPrefix(name, "A_"):
		array := make([]string, len(ArrayOps))
		for i, op := range ArrayOps {
			array[i] = string(op)
		}
		return "the array functions are " + strings.Join(array, ", ")
	}
	return "the spatial functions are " + strings.Join(spatial, ", ")
}

// predicateTail reads what follows a first operand: a comparison, [NOT]
// LIKE, [NOT] IN, [NOT] BETWEEN, IS [NOT] NULL, or nothing when the
// operand is a boolean literal standing alone.
func (p *parser) predicateTail(left Expr, start int) (Expr, error) {
	if p.tok.kind == tOp {
		op := CompareOp(p.tok.text)
		if err := p.advance(); err != nil {
			return nil, err
		}
		right, err := p.operand()
		if err != nil {
			return nil, err
		}
		return &Compare{Op: op, Left: left, Right: right, At: start}, nil
	}
	if p.keyword("IS") {
		if err := p.advance(); err != nil {
			return nil, err
		}
		negate := p.keyword("NOT")
		if negate {
			if err := p.advance(); err != nil {
				return nil, err
			}
		}
		if !p.keyword("NULL") {
			return nil, errorf(p.tok.pos, "expected NULL after IS, found %s", describe(p.tok))
		}
		if err := p.advance(); err != nil {
			return nil, err
		}
		return negated(&IsNull{Arg: left, At: start}, negate, start), nil
	}
	negate := false
	notPos := p.tok.pos
	if p.keyword("NOT") {
		negate = true
		if err := p.advance(); err != nil {
			return nil, err
		}
		if !p.keyword("LIKE") && !p.keyword("IN") && !p.keyword("BETWEEN") {
			return nil, errorf(p.tok.pos, "expected LIKE, IN or BETWEEN after NOT, found %s", describe(p.tok))
		}
	}
	switch {
	case p.keyword("LIKE"):
		if err := p.advance(); err != nil {
			return nil, err
		}
		pat, err := p.operand()
		if err != nil {
			return nil, err
		}
		return negated(&Like{Arg: left, Pattern: pat, At: start}, negate, start), nil
	case p.keyword("IN"):
		if err := p.advance(); err != nil {
			return nil, err
		}
		if err := p.expect(tLParen, "'(' opening the IN list"); err != nil {
			return nil, err
		}
		var list []Expr
		for {
			v, err := p.operand()
			if err != nil {
				return nil, err
			}
			list = append(list, v)
			if p.tok.kind != tComma {
				break
			}
			if err := p.advance(); err != nil {
				return nil, err
			}
		}
		if err := p.expect(tRParen, "',' or ')' in the IN list"); err != nil {
			return nil, err
		}
		return negated(&In{Arg: left, List: list, At: start}, negate, start), nil
	case p.keyword("BETWEEN"):
		if err := p.advance(); err != nil {
			return nil, err
		}
		lo, err := p.operand()
		if err != nil {
			return nil, err
		}
		if !p.keyword("AND") {
			return nil, errorf(p.tok.pos, "expected AND in BETWEEN, found %s", describe(p.tok))
		}
		if err := p.advance(); err != nil {
			return nil, err
		}
		hi, err := p.operand()
		if err != nil {
			return nil, err
		}
		return negated(&Between{Arg: left, Low: lo, High: hi, At: start}, negate, start), nil
	}
	if negate {
		return nil, errorf(notPos, "misplaced NOT")
	}
	if b, ok := left.(*Bool); ok {
		return b, nil
	}
	if f, ok := left.(*Function); ok { // a function standing for a predicate
		return f, nil
	}
	return nil, errorf(p.tok.pos, "expected a comparison (=, <>, <, <=, >, >=, LIKE, IN, BETWEEN or IS NULL) after %s, found %s",
		Text(left), describe(p.tok))
}

func negated(e Expr, negate bool, at int) Expr {
	if negate {
		return &Not{Arg: e, At: at}
	}
	return e
}

// reserved are the words that cannot name a property unquoted.
func reserved(word string) bool {
	switch strings.ToUpper(word) {
	case "AND", "OR", "NOT", "LIKE", "IN", "BETWEEN", "IS", "NULL":
		return true
	}
	return false
}

// operand reads an operand: an atom, or arithmetic over atoms.
func (p *parser) operand() (Expr, error) { return p.arithExpr() }

// atom reads a property, a literal, or a DATE, TIMESTAMP, BBOX or WKT
// geometry, CASEI, ACCENTI or INTERVAL.
func (p *parser) atom() (Expr, error) {
	t := p.tok
	switch t.kind {
	case tString:
		return &String{Value: t.text, At: t.pos}, p.advance()
	case tNumber:
		n, err := parseNumber(t.text, t.pos)
		if err != nil {
			return nil, err
		}
		return n, p.advance()
	case tQuoted:
		if t.text == "" {
			return nil, errorf(t.pos, "empty property name")
		}
		return &Property{Name: t.text, At: t.pos}, p.advance()
	case tIdent:
	default:
		return nil, errorf(t.pos, "expected a property or a value, found %s", describe(t))
	}
	word := strings.ToUpper(t.text)
	switch word {
	case "TRUE", "FALSE":
		return &Bool{Value: word == "TRUE", At: t.pos}, p.advance()
	case "DATE", "TIMESTAMP":
		return p.instant(word)
	case "BBOX":
		return p.bbox()
	case "POINT", "LINESTRING", "POLYGON", "MULTIPOINT", "MULTILINESTRING", "MULTIPOLYGON", "GEOMETRYCOLLECTION":
		g, err := p.wkt()
		if err != nil {
			return nil, err
		}
		return &Geometry{Value: g, At: t.pos}, nil
	case "ENVELOPE":
		return nil, errorf(t.pos, "ENVELOPE is not supported; write BBOX(minx, miny, maxx, maxy)")
	case "CASEI", "ACCENTI":
		return p.fold(word)
	case "INTERVAL":
		return p.interval()
	}
	if reserved(word) {
		return nil, errorf(t.pos, "expected a property or a value, found the keyword %s (quote a property of that name: \"%s\")", word, t.text)
	}
	if err := p.advance(); err != nil {
		return nil, err
	}
	if p.tok.kind == tLParen {
		return p.function(t)
	}
	return &Property{Name: t.text, At: t.pos}, nil
}

// function reads the arguments of a custom function named by t, the
// current token being its "(": operands separated by commas, possibly
// none.
func (p *parser) function(t token) (Expr, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer p.leave()
	if err := p.advance(); err != nil {
		return nil, err
	}
	f := &Function{Name: t.text, At: t.pos}
	for p.tok.kind != tRParen {
		if len(f.Args) > 0 {
			if err := p.expect(tComma, "',' or ')' after an argument of "+t.text); err != nil {
				return nil, err
			}
		}
		a, err := p.operand()
		if err != nil {
			return nil, err
		}
		f.Args = append(f.Args, a)
	}
	return f, p.advance()
}

// fold reads CASEI(operand) or ACCENTI(operand).
func (p *parser) fold(word string) (Expr, error) {
	start := p.tok.pos
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer p.leave()
	if err := p.advance(); err != nil {
		return nil, err
	}
	if err := p.expect(tLParen, "'(' after "+word); err != nil {
		return nil, err
	}
	arg, err := p.operand()
	if err != nil {
		return nil, err
	}
	if err := p.expect(tRParen, "')' closing "+word); err != nil {
		return nil, err
	}
	return &Fold{Func: FoldFunc(word), Arg: arg, At: start}, nil
}

// instant reads DATE('…') or TIMESTAMP('…').
func (p *parser) instant(word string) (Expr, error) {
	start := p.tok.pos
	if err := p.advance(); err != nil {
		return nil, err
	}
	if err := p.expect(tLParen, "'(' after "+word); err != nil {
		return nil, err
	}
	if p.tok.kind != tString {
		return nil, errorf(p.tok.pos, "expected a quoted %s in %s(…), found %s", strings.ToLower(word), word, describe(p.tok))
	}
	text, pos := p.tok.text, p.tok.pos
	if err := p.advance(); err != nil {
		return nil, err
	}
	if err := p.expect(tRParen, "')' closing "+word); err != nil {
		return nil, err
	}
	if word == "DATE" {
		return parseDate(text, pos, start)
	}
	return parseTimestamp(text, pos, start)
}

// bbox reads BBOX(minx, miny, maxx, maxy) or its six-number form.
func (p *parser) bbox() (Expr, error) {
	start := p.tok.pos
	if err := p.advance(); err != nil {
		return nil, err
	}
	if err := p.expect(tLParen, "'(' after BBOX"); err != nil {
		return nil, err
	}
	var v []float64
	for {
		if p.tok.kind != tNumber {
			return nil, errorf(p.tok.pos, "expected a number in BBOX, found %s", describe(p.tok))
		}
		n, err := parseNumber(p.tok.text, p.tok.pos)
		if err != nil {
			return nil, err
		}
		v = append(v, n.Value)
		if err := p.advance(); err != nil {
			return nil, err
		}
		if p.tok.kind != tComma {
			break
		}
		if err := p.advance(); err != nil {
			return nil, err
		}
	}
	if err := p.expect(tRParen, "',' or ')' in BBOX"); err != nil {
		return nil, err
	}
	b, err := makeBBox(v, start)
	if err != nil {
		return nil, err
	}
	return &BBox{Value: b, At: start}, nil
}

// parseNumber reads a numeric literal's text.
func parseNumber(text string, pos int) (*Number, error) {
	f, err := strconv.ParseFloat(text, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return nil, errorf(pos, "number %s is out of range", text)
	}
	n := &Number{Value: f, At: pos}
	if !strings.ContainsAny(text, ".eE") {
		if i, err := strconv.ParseInt(strings.TrimPrefix(text, "+"), 10, 64); err == nil {
			n.Int, n.Integer = true, i
		}
	}
	return n, nil
}

// parseDate reads a DATE literal, YYYY-MM-DD; litPos is the text's
// offset, at the whole literal's.
func parseDate(text string, litPos, at int) (Expr, error) {
	d, err := time.Parse(time.DateOnly, text)
	if err != nil {
		return nil, errorf(litPos, "%q is not a date YYYY-MM-DD", clip(text))
	}
	return &Date{Value: d, At: at}, nil
}

// parseTimestamp reads a TIMESTAMP literal, an RFC 3339 date-time (Z or
// an offset), kept in UTC.
func parseTimestamp(text string, litPos, at int) (Expr, error) {
	t, err := time.Parse(time.RFC3339Nano, strings.ToUpper(text))
	if err != nil {
		return nil, errorf(litPos, "%q is not an RFC 3339 timestamp such as 2020-01-31T12:00:00Z", clip(text))
	}
	return &Timestamp{Value: t.UTC(), At: at}, nil
}

// describe names a token for error messages.
func describe(t token) string {
	switch t.kind {
	case tEOF:
		return "the end of the filter"
	case tString:
		return "'" + clip(t.text) + "'"
	case tQuoted:
		return `"` + clip(t.text) + `"`
	}
	return strconv.Quote(clip(t.text))
}

// clip shortens a piece of the filter quoted back in an error.
func clip(s string) string {
	const max = 40
	if len(s) <= max {
		return s
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}
