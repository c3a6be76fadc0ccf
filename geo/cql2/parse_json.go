package cql2

import (
	"encoding/json"
	"errors"
	"io"
	"slices"
	"strings"

	"github.com/paulmach/orb"
)

// jvalue is a JSON value with the byte offset where it starts, kept so
// that errors in cql2-json point into the text.
type jvalue struct {
	pos  int
	kind byte // 'o' object, 'a' array, 's' string, 'n' number, 'b' boolean, 'z' null
	str  string
	num  json.Number
	b    bool
	arr  []*jvalue
	keys []string
	vals []*jvalue
}

// member returns an object's member, or nil.
func (v *jvalue) member(key string) *jvalue {
	for i, k := range v.keys {
		if k == key {
			return v.vals[i]
		}
	}
	return nil
}

// jreader walks the JSON tokens of a filter.
type jreader struct {
	src   string
	dec   *json.Decoder
	depth int
}

// parseJSON reads a cql2-json filter.
func parseJSON(text string) (Expr, error) {
	if strings.TrimSpace(text) == "" {
		return nil, errorf(0, "the filter is empty")
	}
	dec := json.NewDecoder(strings.NewReader(text))
	dec.UseNumber()
	r := &jreader{src: text, dec: dec}
	v, err := r.value()
	if err != nil {
		return nil, err
	}
	rest := r.offset()
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errorf(rest, "unexpected text after the filter's JSON value")
	}
	c := &jconverter{}
	return c.predicate(v)
}

// offset is where the next value starts: the decoder's offset, past
// whitespace and separators.
func (r *jreader) offset() int {
	i := int(r.dec.InputOffset())
	for i < len(r.src) && strings.IndexByte(" \t\r\n,:", r.src[i]) >= 0 {
		i++
	}
	return i
}

// value reads one JSON value and everything inside it.
func (r *jreader) value() (*jvalue, error) {
	pos := r.offset()
	tok, err := r.dec.Token()
	if err != nil {
		return nil, r.syntax(pos, err)
	}
	v := &jvalue{pos: pos}
	switch t := tok.(type) {
	case json.Delim:
		r.depth++
		if r.depth > MaxDepth {
			return nil, errorf(pos, "the filter nests deeper than %d levels", MaxDepth)
		}
		defer func() { r.depth-- }()
		if t == '[' {
			v.kind = 'a'
			for r.dec.More() {
				item, err := r.value()
				if err != nil {
					return nil, err
				}
				v.arr = append(v.arr, item)
			}
		} else {
			v.kind = 'o'
			for r.dec.More() {
				kpos := r.offset()
				kt, err := r.dec.Token()
				if err != nil {
					return nil, r.syntax(kpos, err)
				}
				key, _ := kt.(string)
				if v.member(key) != nil {
					return nil, errorf(kpos, "member %q appears twice", clip(key))
				}
				item, err := r.value()
				if err != nil {
					return nil, err
				}
				v.keys = append(v.keys, key)
				v.vals = append(v.vals, item)
			}
		}
		end := r.offset()
		if _, err := r.dec.Token(); err != nil { // the closing delimiter
			return nil, r.syntax(end, err)
		}
	case string:
		v.kind, v.str = 's', t
	case json.Number:
		v.kind, v.num = 'n', t
	case bool:
		v.kind, v.b = 'b', t
	case nil:
		v.kind = 'z'
	}
	return v, nil
}

// syntax turns a decoder error into an *Error at the best offset known.
func (r *jreader) syntax(pos int, err error) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return errorf(int(se.Offset), "malformed JSON: %s", se.Error())
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return errorf(len(r.src), "the JSON ends too early")
	}
	return errorf(pos, "malformed JSON: %s", err.Error())
}

// jconverter turns JSON values into the syntax tree.
type jconverter struct {
	vertices int
}

// predicate reads a value that must be a predicate (or TRUE / FALSE).
func (c *jconverter) predicate(v *jvalue) (Expr, error) {
	switch v.kind {
	case 'b':
		return &Bool{Value: v.b, At: v.pos}, nil
	case 'o':
		if v.member("op") != nil {
			return c.op(v)
		}
	}
	return nil, errorf(v.pos, "expected a predicate ({\"op\": …, \"args\": […]}), found %s", kindName(v))
}

// op reads {"op": name, "args": [...]}.
func (c *jconverter) op(v *jvalue) (Expr, error) {
	opv, argsv := v.member("op"), v.member("args")
	if opv.kind != 's' {
		return nil, errorf(opv.pos, `"op" must be a string`)
	}
	for _, k := range v.keys {
		if k != "op" && k != "args" {
			return nil, errorf(v.pos, "unexpected member %q in an operation", clip(k))
		}
	}
	if argsv == nil || argsv.kind != 'a' {
		return nil, errorf(v.pos, `operation %q needs an "args" array`, clip(opv.str))
	}
	args := argsv.arr
	arity := func(n int) error {
		if len(args) != n {
			return errorf(argsv.pos, "%s takes %d arguments, not %d", opv.str, n, len(args))
		}
		return nil
	}
	name := strings.ToLower(opv.str)
	switch name {
	case "and", "or":
		if len(args) < 2 {
			return nil, errorf(argsv.pos, "%s takes 2 arguments or more, not %d", name, len(args))
		}
		list := make([]Expr, len(args))
		for i, a := range args {
			e, err := c.predicate(a)
			if err != nil {
				return nil, err
			}
			list[i] = e
		}
		if name == "and" {
			return &And{Args: list, At: v.pos}, nil
		}
		return &Or{Args: list, At: v.pos}, nil
	case "not":
		if err := arity(1); err != nil {
			return nil, err
		}
		e, err := c.predicate(args[0])
		if err != nil {
			return nil, err
		}
		return &Not{Arg: e, At: v.pos}, nil
	case "=", "<>", "<", "<=", ">", ">=":
		if err := arity(2); err != nil {
			return nil, err
		}
		l, r, err := c.two(args)
		if err != nil {
			return nil, err
		}
		return &Compare{Op: CompareOp(name), Left: l, Right: r, At: v.pos}, nil
	case "like":
		if err := arity(2); err != nil {
			return nil, err
		}
		arg, err := c.operand(args[0])
		if err != nil {
			return nil, err
		}
		pat, err := c.operand(args[1])
		if err != nil {
			return nil, err
		}
		return &Like{Arg: arg, Pattern: pat, At: v.pos}, nil
	case "in":
		if err := arity(2); err != nil {
			return nil, err
		}
		arg, err := c.operand(args[0])
		if err != nil {
			return nil, err
		}
		if args[1].kind != 'a' || len(args[1].arr) == 0 {
			return nil, errorf(args[1].pos, "the second argument of in must be a non-empty array of values")
		}
		list := make([]Expr, len(args[1].arr))
		for i, item := range args[1].arr {
			if list[i], err = c.operand(item); err != nil {
				return nil, err
			}
		}
		return &In{Arg: arg, List: list, At: v.pos}, nil
	case "between":
		if err := arity(3); err != nil {
			return nil, err
		}
		var ops [3]Expr
		for i := range ops {
			e, err := c.operand(args[i])
			if err != nil {
				return nil, err
			}
			ops[i] = e
		}
		return &Between{Arg: ops[0], Low: ops[1], High: ops[2], At: v.pos}, nil
	case "isnull":
		if err := arity(1); err != nil {
			return nil, err
		}
		arg, err := c.operand(args[0])
		if err != nil {
			return nil, err
		}
		return &IsNull{Arg: arg, At: v.pos}, nil
	}
	if op := TemporalOp(strings.ToUpper(name)); slices.Contains(TemporalOps, op) {
		if err := arity(2); err != nil {
			return nil, err
		}
		l, r, err := c.two(args)
		if err != nil {
			return nil, err
		}
		return &Temporal{Op: op, Left: l, Right: r, At: v.pos}, nil
	}
	if op := ArrayOp(strings.ToUpper(name)); slices.Contains(ArrayOps, op) {
		if err := arity(2); err != nil {
			return nil, err
		}
		l, err := c.arrayOperand(args[0])
		if err != nil {
			return nil, err
		}
		r, err := c.arrayOperand(args[1])
		if err != nil {
			return nil, err
		}
		return &ArrayPred{Op: op, Left: l, Right: r, At: v.pos}, nil
	}
	if op := SpatialOp(strings.ToUpper(name)); slices.Contains(SpatialOps, op) {
		if err := arity(2); err != nil {
			return nil, err
		}
		l, r, err := c.two(args)
		if err != nil {
			return nil, err
		}
		return &Spatial{Op: op, Left: l, Right: r, At: v.pos}, nil
	}
	if !isCustomName(name) {
		if !plainName(name) {
			return nil, errorf(opv.pos, "%q is not an operation of CQL2 that stands for a predicate, nor a function's name (an identifier: a letter or _, then letters, digits, _, . or :)", clip(opv.str))
		}
		return nil, errorf(opv.pos, "%s is not supported: %s", clip(opv.str), unsupportedFunction(strings.ToUpper(name)))
	}
	return c.function(v) // a custom function standing for a predicate
}

// function reads {"op": name, "args": [...]} as a custom function (a
// Function), each argument an operand, as cql2-text reads them. Not an
// array: in text, a function's "(1)" is a parenthesised 1, so an array
// argument would print to text that reads back otherwise, or not at all
// (FuzzParseJSON found {"op":"A","args":[[]]}, printed A(())). Check
// refuses every custom function anyway.
func (c *jconverter) function(v *jvalue) (Expr, error) {
	opv, argsv := v.member("op"), v.member("args")
	if argsv == nil || argsv.kind != 'a' {
		return nil, errorf(v.pos, `operation %q needs an "args" array`, clip(opv.str))
	}
	f := &Function{Name: opv.str, At: v.pos}
	for _, a := range argsv.arr {
		if a.kind == 'a' {
			return nil, errorf(a.pos, "an argument of function %s is an array: a function's arguments are properties, values or operations on them", clip(opv.str))
		}
		e, err := c.operand(a)
		if err != nil {
			return nil, err
		}
		f.Args = append(f.Args, e)
	}
	return f, nil
}

// arrayOperand reads a JSON array as an array literal (its items
// likewise), anything else as an operand.
func (c *jconverter) arrayOperand(v *jvalue) (Expr, error) {
	if v.kind != 'a' {
		return c.operand(v)
	}
	arr := &Array{At: v.pos, Items: make([]Expr, len(v.arr))}
	for i, item := range v.arr {
		e, err := c.arrayOperand(item)
		if err != nil {
			return nil, err
		}
		arr.Items[i] = e
	}
	return arr, nil
}

func (c *jconverter) two(args []*jvalue) (Expr, Expr, error) {
	l, err := c.operand(args[0])
	if err != nil {
		return nil, nil, err
	}
	r, err := c.operand(args[1])
	return l, r, err
}

// operand reads a property, a literal, an instant, a bbox or a GeoJSON
// geometry.
func (c *jconverter) operand(v *jvalue) (Expr, error) {
	switch v.kind {
	case 's':
		return &String{Value: v.str, At: v.pos}, nil
	case 'n':
		return parseNumber(v.num.String(), v.pos)
	case 'b':
		return &Bool{Value: v.b, At: v.pos}, nil
	case 'o':
		switch {
		case v.member("property") != nil:
			p := v.member("property")
			if p.kind != 's' || p.str == "" || len(v.keys) != 1 {
				return nil, errorf(v.pos, `a property reference is {"property": "name"}`)
			}
			return &Property{Name: p.str, At: v.pos}, nil
		case v.member("date") != nil, v.member("timestamp") != nil:
			key := v.keys[0]
			s := v.vals[0]
			if len(v.keys) != 1 || s.kind != 's' {
				return nil, errorf(v.pos, `an instant is {"date": "YYYY-MM-DD"} or {"timestamp": "…Z"}`)
			}
			if key == "date" {
				return parseDate(s.str, s.pos, v.pos)
			}
			return parseTimestamp(s.str, s.pos, v.pos)
		case v.member("interval") != nil:
			iv := v.member("interval")
			if len(v.keys) != 1 || iv.kind != 'a' || len(iv.arr) != 2 {
				return nil, errorf(v.pos, `an interval is {"interval": [start, end]}, each a date, a timestamp, ".." or a property`)
			}
			var bounds [2]Expr
			for i, b := range iv.arr {
				if b.kind == 's' {
					e, err := instantText(b.str, b.pos)
					if err != nil {
						return nil, err
					}
					bounds[i] = e
					continue
				}
				e, err := c.operand(b)
				if err != nil {
					return nil, err
				}
				bounds[i] = e
			}
			return &Interval{Start: bounds[0], End: bounds[1], At: v.pos}, nil
		case v.member("bbox") != nil:
			bb := v.member("bbox")
			if len(v.keys) != 1 || bb.kind != 'a' {
				return nil, errorf(v.pos, `a bbox is {"bbox": [minx, miny, maxx, maxy]}`)
			}
			nums := make([]float64, len(bb.arr))
			for i, n := range bb.arr {
				f, err := c.number(n)
				if err != nil {
					return nil, err
				}
				nums[i] = f
			}
			b, err := makeBBox(nums, bb.pos)
			if err != nil {
				return nil, err
			}
			return &BBox{Value: b, At: v.pos}, nil
		case v.member("type") != nil:
			g, err := c.geometry(v, 0)
			if err != nil {
				return nil, err
			}
			return &Geometry{Value: g, At: v.pos}, nil
		case v.member("op") != nil:
			op := v.member("op")
			if op.kind == 's' && isFoldName(strings.ToUpper(op.str)) {
				return c.fold(v, FoldFunc(strings.ToUpper(op.str)))
			}
			if op.kind == 's' {
				switch ArithOp(op.str) {
				case Add, Sub, Mul, Div, Mod, IDiv, Pow:
					return c.arith(v, ArithOp(op.str))
				}
			}
			if op.kind == 's' && isCustomName(op.str) {
				return c.function(v)
			}
			return nil, errorf(v.pos, "expected a value, found an operation (the only functions of values are casei and accenti)")
		}
	}
	return nil, errorf(v.pos, "expected a property or a value, found %s", kindName(v))
}

// arith reads {"op": "+", "args": [a, b]} (and "-" of one argument:
// a negation).
func (c *jconverter) arith(v *jvalue, op ArithOp) (Expr, error) {
	args := v.member("args")
	if args == nil || args.kind != 'a' || len(v.keys) != 2 || len(args.arr) != 2 && !(op == Sub && len(args.arr) == 1) {
		return nil, errorf(v.pos, `%s is {"op": "%s", "args": [a, b]}`, op, op)
	}
	var ops []Expr
	for _, a := range args.arr {
		e, err := c.operand(a)
		if err != nil {
			return nil, err
		}
		ops = append(ops, e)
	}
	if len(ops) == 1 {
		return &Arith{Op: Sub, Right: ops[0], At: v.pos}, nil
	}
	return &Arith{Op: op, Left: ops[0], Right: ops[1], At: v.pos}, nil
}

// fold reads {"op": "casei"|"accenti", "args": [operand]}.
func (c *jconverter) fold(v *jvalue, f FoldFunc) (Expr, error) {
	args := v.member("args")
	if args == nil || args.kind != 'a' || len(args.arr) != 1 || len(v.keys) != 2 {
		return nil, errorf(v.pos, `%s is {"op": "%s", "args": [one operand]}`, strings.ToLower(string(f)), strings.ToLower(string(f)))
	}
	arg, err := c.operand(args.arr[0])
	if err != nil {
		return nil, err
	}
	return &Fold{Func: f, Arg: arg, At: v.pos}, nil
}

func (c *jconverter) number(v *jvalue) (float64, error) {
	if v.kind != 'n' {
		return 0, errorf(v.pos, "expected a number, found %s", kindName(v))
	}
	n, err := parseNumber(v.num.String(), v.pos)
	if err != nil {
		return 0, err
	}
	return n.Value, nil
}

// geometry reads a GeoJSON geometry object (2D).
func (c *jconverter) geometry(v *jvalue, depth int) (orb.Geometry, error) {
	if depth > MaxDepth {
		return nil, errorf(v.pos, "geometry collections nest deeper than %d levels", MaxDepth)
	}
	t := v.member("type")
	if t == nil || t.kind != 's' {
		return nil, errorf(v.pos, `a GeoJSON geometry needs a "type" string`)
	}
	if t.str == "GeometryCollection" {
		gs := v.member("geometries")
		if gs == nil || gs.kind != 'a' || len(gs.arr) == 0 {
			return nil, errorf(v.pos, `a GeometryCollection needs a non-empty "geometries" array`)
		}
		var gc orb.Collection
		for _, m := range gs.arr {
			if m.kind != 'o' {
				return nil, errorf(m.pos, "expected a GeoJSON geometry, found %s", kindName(m))
			}
			g, err := c.geometry(m, depth+1)
			if err != nil {
				return nil, err
			}
			gc = append(gc, g)
		}
		return gc, nil
	}
	coords := v.member("coordinates")
	if coords == nil {
		return nil, errorf(v.pos, `a GeoJSON %s needs "coordinates"`, clip(t.str))
	}
	switch t.str {
	case "Point":
		return c.position(coords)
	case "MultiPoint":
		pts, err := c.positions(coords)
		return orb.MultiPoint(pts), err
	case "LineString":
		pts, err := c.positions(coords)
		if err != nil {
			return nil, err
		}
		return makeLine(pts, coords.pos)
	case "MultiLineString":
		lines, err := c.array(coords)
		if err != nil {
			return nil, err
		}
		var ml orb.MultiLineString
		for _, l := range lines {
			pts, err := c.positions(l)
			if err != nil {
				return nil, err
			}
			line, err := makeLine(pts, l.pos)
			if err != nil {
				return nil, err
			}
			ml = append(ml, line)
		}
		return ml, nil
	case "Polygon":
		return c.polygon(coords)
	case "MultiPolygon":
		polys, err := c.array(coords)
		if err != nil {
			return nil, err
		}
		var mp orb.MultiPolygon
		for _, p := range polys {
			poly, err := c.polygon(p)
			if err != nil {
				return nil, err
			}
			mp = append(mp, poly)
		}
		return mp, nil
	}
	return nil, errorf(t.pos, "%q is not a GeoJSON geometry type", clip(t.str))
}

func (c *jconverter) array(v *jvalue) ([]*jvalue, error) {
	if v.kind != 'a' || len(v.arr) == 0 {
		return nil, errorf(v.pos, "expected a non-empty array of coordinates, found %s", kindName(v))
	}
	return v.arr, nil
}

func (c *jconverter) polygon(v *jvalue) (orb.Polygon, error) {
	rings, err := c.array(v)
	if err != nil {
		return nil, err
	}
	var pts [][]orb.Point
	for _, r := range rings {
		ring, err := c.positions(r)
		if err != nil {
			return nil, err
		}
		pts = append(pts, ring)
	}
	return makePolygon(pts, v.pos)
}

func (c *jconverter) positions(v *jvalue) ([]orb.Point, error) {
	items, err := c.array(v)
	if err != nil {
		return nil, err
	}
	pts := make([]orb.Point, len(items))
	for i, item := range items {
		if pts[i], err = c.position(item); err != nil {
			return nil, err
		}
	}
	return pts, nil
}

// position reads [x, y] or [x, y, z], the height dropped.
func (c *jconverter) position(v *jvalue) (orb.Point, error) {
	if v.kind != 'a' || len(v.arr) < 2 {
		return orb.Point{}, errorf(v.pos, "a position is [longitude, latitude]")
	}
	if len(v.arr) > 3 {
		return orb.Point{}, errorf(v.pos, "a position is [longitude, latitude] or [longitude, latitude, height]")
	}
	if len(v.arr) == 3 {
		if _, err := c.number(v.arr[2]); err != nil {
			return orb.Point{}, err
		}
	}
	var pt orb.Point
	for i := range 2 {
		f, err := c.number(v.arr[i])
		if err != nil {
			return pt, err
		}
		pt[i] = f
	}
	if err := checkPoint(pt, v.pos); err != nil {
		return pt, err
	}
	c.vertices++
	if c.vertices > MaxVertices {
		return pt, errorf(v.pos, "geometry literals have more than %d vertices in all", MaxVertices)
	}
	return pt, nil
}

func kindName(v *jvalue) string {
	switch v.kind {
	case 'o':
		return "an object"
	case 'a':
		return "an array"
	case 's':
		return "a string"
	case 'n':
		return "a number"
	case 'b':
		return "a boolean"
	}
	return "null"
}
