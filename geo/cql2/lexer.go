package cql2

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// tokenKind is the kind of a cql2-text token.
type tokenKind int

const (
	tEOF    tokenKind = iota
	tIdent            // a bare word: a keyword, function or property name
	tQuoted           // a "double-quoted" property name
	tString           // a 'single-quoted' character literal
	tNumber           // a numeric literal, sign included
	tLParen
	tRParen
	tComma
	tOp    // = <> < <= > >=
	tArith // + - * / % ^ (div is a word)
)

// token is one lexeme: its kind, its text (the unescaped content for
// strings and quoted names) and its byte offset.
type token struct {
	kind tokenKind
	text string
	pos  int
}

// lexer splits cql2-text into tokens; errors carry the offending offset.
// prev is the token before: a + or - after an operand is an operator
// ("balance-150.0" is balance minus 150), elsewhere the sign of a number
// ("> -150.0") or a unary minus ("- foo").
type lexer struct {
	src  string
	pos  int
	prev token
}

// endsOperand reports whether t can end an operand, so that a + or -
// after it is an operator.
func endsOperand(t token) bool {
	switch t.kind {
	case tQuoted, tString, tNumber, tRParen:
		return true
	case tIdent:
		return !reserved(t.text)
	}
	return false
}

// next returns the token after the current position.
func (l *lexer) next() (token, error) {
	t, err := l.scan()
	l.prev = t
	return t, err
}

// scan reads the token at the current position.
func (l *lexer) scan() (token, error) {
	for l.pos < len(l.src) {
		r, size := utf8.DecodeRuneInString(l.src[l.pos:])
		if !unicode.IsSpace(r) {
			break
		}
		l.pos += size
	}
	start := l.pos
	if l.pos >= len(l.src) {
		return token{kind: tEOF, pos: start}, nil
	}
	c := l.src[l.pos]
	switch {
	case c == '(':
		l.pos++
		return token{tLParen, "(", start}, nil
	case c == ')':
		l.pos++
		return token{tRParen, ")", start}, nil
	case c == ',':
		l.pos++
		return token{tComma, ",", start}, nil
	case c == '=':
		l.pos++
		return token{tOp, "=", start}, nil
	case c == '<':
		l.pos++
		if l.pos < len(l.src) && (l.src[l.pos] == '=' || l.src[l.pos] == '>') {
			l.pos++
		}
		return token{tOp, l.src[start:l.pos], start}, nil
	case c == '>':
		l.pos++
		if l.pos < len(l.src) && l.src[l.pos] == '=' {
			l.pos++
		}
		return token{tOp, l.src[start:l.pos], start}, nil
	case c == '\'':
		return l.quoted('\'', tString)
	case c == '"':
		return l.quoted('"', tQuoted)
	case (c == '+' || c == '-') && (endsOperand(l.prev) || !l.numberFollows()):
		l.pos++
		return token{tArith, string(c), start}, nil
	case c == '*' || c == '/' || c == '%' || c == '^':
		l.pos++
		return token{tArith, string(c), start}, nil
	case c == '+' || c == '-' || c == '.' || isDigit(c):
		return l.number()
	}
	r, _ := utf8.DecodeRuneInString(l.src[l.pos:])
	if r == utf8.RuneError {
		return token{}, errorf(start, "the filter is not valid UTF-8")
	}
	if !isIdentStart(r) {
		return token{}, errorf(start, "unexpected character %q", r)
	}
	for l.pos < len(l.src) {
		r, size := utf8.DecodeRuneInString(l.src[l.pos:])
		if !isIdentPart(r) {
			break
		}
		l.pos += size
	}
	return token{tIdent, l.src[start:l.pos], start}, nil
}

// quoted reads a literal closed by q, where a doubled q stands for q
// itself. CQL2's other escape, \', is not read: it would leave no way to
// write a literal ending with a backslash, and Text could not print one.
func (l *lexer) quoted(q byte, kind tokenKind) (token, error) {
	start := l.pos
	l.pos++
	var b strings.Builder
	for l.pos < len(l.src) {
		c := l.src[l.pos]
		switch {
		case c == q && l.pos+1 < len(l.src) && l.src[l.pos+1] == q:
			b.WriteByte(q)
			l.pos += 2
		case c == q:
			l.pos++
			s := b.String()
			if !utf8.ValidString(s) {
				return token{}, errorf(start, "the literal is not valid UTF-8")
			}
			return token{kind, s, start}, nil
		default:
			b.WriteByte(c)
			l.pos++
		}
	}
	if kind == tString {
		return token{}, errorf(start, "character literal never closed: a ' is missing")
	}
	return token{}, errorf(start, `quoted property name never closed: a " is missing`)
}

// numberFollows reports whether a digit or a point follows the sign at
// the current position.
func (l *lexer) numberFollows() bool {
	return l.pos+1 < len(l.src) && (isDigit(l.src[l.pos+1]) || l.src[l.pos+1] == '.')
}

// number reads [+-] digits [. digits] [e [+-] digits], or [+-] . digits.
func (l *lexer) number() (token, error) {
	start := l.pos
	if c := l.src[l.pos]; c == '+' || c == '-' {
		l.pos++
	}
	digits := l.digits()
	if l.pos < len(l.src) && l.src[l.pos] == '.' {
		l.pos++
		digits += l.digits()
	}
	if digits == 0 {
		return token{}, errorf(start, "%q does not start a number", l.src[start:l.pos])
	}
	if l.pos < len(l.src) && (l.src[l.pos] == 'e' || l.src[l.pos] == 'E') {
		l.pos++
		if l.pos < len(l.src) && (l.src[l.pos] == '+' || l.src[l.pos] == '-') {
			l.pos++
		}
		if l.digits() == 0 {
			return token{}, errorf(start, "number %q has an exponent without digits", l.src[start:l.pos])
		}
	}
	if l.pos < len(l.src) {
		if r, _ := utf8.DecodeRuneInString(l.src[l.pos:]); isIdentPart(r) || r == '.' {
			return token{}, errorf(start, "malformed number %q", l.src[start:l.pos+1])
		}
	}
	return token{tNumber, l.src[start:l.pos], start}, nil
}

func (l *lexer) digits() int {
	n := 0
	for l.pos < len(l.src) && isDigit(l.src[l.pos]) {
		l.pos++
		n++
	}
	return n
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// isIdentStart and isIdentPart follow CQL2's identifier rule loosely:
// letters and _ first, then letters, digits, _, ., : (as in "ns:name").
func isIdentStart(r rune) bool { return r == '_' || unicode.IsLetter(r) }
func isIdentPart(r rune) bool {
	return r == '_' || r == '.' || r == ':' || unicode.IsLetter(r) || unicode.IsDigit(r)
}
