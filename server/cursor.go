package server

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"strconv"
	"unicode"
	"unicode/utf8"

	"github.com/maillage/maillage/data"
)

// A cursor is the opaque token next links carry: the id of the last
// feature of a page, from which the next page starts (data.ItemsQuery.After).
// It is base64url (no padding) of
//
//	version (1 byte, cursorV1) | check (4 bytes) | id (the id as text)
//
// where check is the start of SHA-256 over a domain string, the collection
// id and the feature id. The check is not a secret: anyone can forge a
// cursor, and that is harmless, since a cursor only says where to start in
// public data and reaches the store as a bound value. It exists so that a
// truncated, hand-edited or garbage token, or one copied from another
// collection, is a clear 400 instead of a page that silently starts
// somewhere else. The version byte lets the layout change (a sort key
// besides the id, say) while old links keep failing cleanly.
const (
	cursorV1 = 1
	// cursorCheckLen bytes of the hash are kept: a random token passes
	// with odds of one in four billion.
	cursorCheckLen = 4
	// maxCursorIDLen bounds the ids a cursor carries; an id longer than
	// that is paged by offset instead (see encodeCursor).
	maxCursorIDLen = 100
	// maxCursorLen is the longest token decodeCursor reads, checked before
	// any decoding work.
	maxCursorLen = (1 + cursorCheckLen + maxCursorIDLen + 2) * 4 / 3
	// cursorDomain separates this hash from any other use of SHA-256.
	cursorDomain = "maillage/cursor/v1\x00"
)

// encodeCursor returns the cursor for the page after the feature id of
// collection col, or false when id cannot be carried (empty, too long, or
// not canonical for the collection's id type): the caller then pages by
// offset. Whatever encodeCursor returns, decodeCursor reads back.
func encodeCursor(col data.Collection, id string) (string, bool) {
	if !validCursorID(col, id) {
		return "", false
	}
	b := make([]byte, 0, 1+cursorCheckLen+len(id))
	b = append(b, cursorV1)
	b = append(b, cursorCheck(col.ID, id)...)
	b = append(b, id...)
	return base64.RawURLEncoding.EncodeToString(b), true
}

// decodeCursor returns the feature id a cursor of collection col carries,
// or a ParamError naming cursor.
func decodeCursor(col data.Collection, s string) (string, error) {
	if s == "" {
		return "", paramErrorf(paramCursor, "is empty; copy the cursor of a next link, or leave it out to start at the beginning")
	}
	if len(s) > maxCursorLen {
		return "", paramErrorf(paramCursor, "is too long to be a cursor of this server")
	}
	b, err := base64.RawURLEncoding.Strict().DecodeString(s)
	if err != nil {
		return "", paramErrorf(paramCursor, "%q is not a cursor of this server (not base64url)", clip(s))
	}
	if len(b) < 1+cursorCheckLen+1 {
		return "", paramErrorf(paramCursor, "%q is too short to be a cursor", clip(s))
	}
	if b[0] != cursorV1 {
		return "", paramErrorf(paramCursor, "%q has an unknown version; start again from the first page", clip(s))
	}
	check, id := b[1:1+cursorCheckLen], string(b[1+cursorCheckLen:])
	if !bytes.Equal(check, cursorCheck(col.ID, id)) || !validCursorID(col, id) {
		return "", paramErrorf(paramCursor, "%q is damaged or belongs to another collection; follow next links as given", clip(s))
	}
	return id, nil
}

// cursorCheck is the integrity check of a cursor.
func cursorCheck(collection, id string) []byte {
	h := sha256.New()
	h.Write([]byte(cursorDomain))
	h.Write([]byte(collection))
	h.Write([]byte{0})
	h.Write([]byte(id))
	return h.Sum(nil)[:cursorCheckLen]
}

// validCursorID reports whether id can stand in a cursor of col: a
// canonical decimal int64 for integer collections; otherwise 1 to
// maxCursorIDLen bytes of UTF-8 without control characters (INSEE codes,
// SIRENs).
func validCursorID(col data.Collection, id string) bool {
	if id == "" || len(id) > maxCursorIDLen {
		return false
	}
	if col.IDType == data.TypeInteger {
		n, err := strconv.ParseInt(id, 10, 64)
		return err == nil && strconv.FormatInt(n, 10) == id
	}
	if !utf8.ValidString(id) {
		return false
	}
	for _, r := range id {
		if unicode.IsControl(r) {
			return false
		}
	}
	return true
}
