package cql2

import "strings"

// ArithOp is an arithmetic operator of CQL2.
type ArithOp string

// The arithmetic operators: + - * / (a number's quotient), % (the
// remainder, of the dividend's sign), div (the quotient truncated toward
// zero), ^ (the power).
const (
	Add  ArithOp = "+"
	Sub  ArithOp = "-"
	Mul  ArithOp = "*"
	Div  ArithOp = "/"
	Mod  ArithOp = "%"
	IDiv ArithOp = "div"
	Pow  ArithOp = "^"
)

// Arith is an arithmetic expression over numbers: Left Op Right, or, with
// a nil Left, the negation of Right (Op Sub). A division or remainder by
// zero is null, as is any operation on a null value.
type Arith struct {
	Op          ArithOp
	Left, Right Expr
	At          int
}

func (e *Arith) Pos() int { return e.At }
func (*Arith) expr()      {}

// arithOf reads an arithmetic operator token ("div" is a word).
func arithOf(t token) (ArithOp, bool) {
	switch {
	case t.kind == tArith:
		return ArithOp(t.text), true
	case t.kind == tIdent && strings.EqualFold(t.text, "div"):
		return IDiv, true
	}
	return "", false
}

// arithExpr = arithTerm {("+" | "-") arithTerm}
func (p *parser) arithExpr() (Expr, error) {
	left, err := p.arithTerm()
	if err != nil {
		return nil, err
	}
	for {
		op, ok := arithOf(p.tok)
		if !ok || (op != Add && op != Sub) {
			return left, nil
		}
		at := p.tok.pos
		if err := p.advance(); err != nil {
			return nil, err
		}
		right, err := p.arithTerm()
		if err != nil {
			return nil, err
		}
		left = &Arith{Op: op, Left: left, Right: right, At: at}
	}
}

// arithTerm = powerTerm {("*" | "/" | "%" | "div") powerTerm}
func (p *parser) arithTerm() (Expr, error) {
	left, err := p.powerTerm()
	if err != nil {
		return nil, err
	}
	for {
		op, ok := arithOf(p.tok)
		if !ok || (op != Mul && op != Div && op != Mod && op != IDiv) {
			return left, nil
		}
		at := p.tok.pos
		if err := p.advance(); err != nil {
			return nil, err
		}
		right, err := p.powerTerm()
		if err != nil {
			return nil, err
		}
		left = &Arith{Op: op, Left: left, Right: right, At: at}
	}
}

// powerTerm = factor ["^" factor]
func (p *parser) powerTerm() (Expr, error) {
	left, err := p.factor()
	if err != nil {
		return nil, err
	}
	if op, ok := arithOf(p.tok); ok && op == Pow {
		at := p.tok.pos
		if err := p.advance(); err != nil {
			return nil, err
		}
		right, err := p.factor()
		if err != nil {
			return nil, err
		}
		return &Arith{Op: Pow, Left: left, Right: right, At: at}, nil
	}
	return left, nil
}

// factor = "(" arithExpr ")" | "-" factor | atom
func (p *parser) factor() (Expr, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer p.leave()
	start := p.tok.pos
	switch {
	case p.tok.kind == tLParen:
		if err := p.advance(); err != nil {
			return nil, err
		}
		e, err := p.arithExpr()
		if err != nil {
			return nil, err
		}
		return e, p.expect(tRParen, "')' closing the arithmetic expression")
	case p.tok.kind == tArith && (p.tok.text == "-" || p.tok.text == "+"):
		neg := p.tok.text == "-"
		if err := p.advance(); err != nil {
			return nil, err
		}
		e, err := p.factor()
		if err != nil || !neg {
			return e, err
		}
		return &Arith{Op: Sub, Right: e, At: start}, nil
	}
	return p.atom()
}
