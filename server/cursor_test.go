package server

import (
	"encoding/base64"
	"strings"
	"testing"

	"github.com/maillage/maillage/data"
)

func mustCollection(t testing.TB, id string) data.Collection {
	t.Helper()
	col, ok := data.LookupCollection(id)
	if !ok {
		t.Fatalf("no collection %s", id)
	}
	return col
}

func TestCursorRoundTrip(t *testing.T) {
	t.Parallel()
	actors, communes := mustCollection(t, data.CollectionActors), mustCollection(t, data.CollectionCommunes)
	cases := []struct {
		col data.Collection
		id  string
		ok  bool
	}{
		{actors, "1", true},
		{actors, "9223372036854775807", true},
		{actors, "-3", true},
		{actors, "007", false}, // not canonical
		{actors, "+7", false},
		{actors, "2A004", false},
		{actors, "", false},
		{communes, "2A004", true},
		{communes, "01053", true},
		{communes, "Saint-Étienne", true},
		{communes, "a\x00b", false},
		{communes, "\xff", false},
		{communes, strings.Repeat("9", maxCursorIDLen), true},
		{communes, strings.Repeat("9", maxCursorIDLen+1), false},
	}
	for _, tc := range cases {
		cur, ok := encodeCursor(tc.col, tc.id)
		if ok != tc.ok {
			t.Errorf("encodeCursor(%s, %q) ok = %v, want %v", tc.col.ID, tc.id, ok, tc.ok)
			continue
		}
		if !ok {
			continue
		}
		if len(cur) > maxCursorLen {
			t.Errorf("cursor of %q is %d long, over the %d decodeCursor reads", tc.id, len(cur), maxCursorLen)
		}
		got, err := decodeCursor(tc.col, cur)
		if err != nil || got != tc.id {
			t.Errorf("decodeCursor(encodeCursor(%q)) = %q, %v", tc.id, got, err)
		}
	}
}

func TestCursorRefused(t *testing.T) {
	t.Parallel()
	actors, communes := mustCollection(t, data.CollectionActors), mustCollection(t, data.CollectionCommunes)
	good, _ := encodeCursor(actors, "42")
	raw, _ := base64.RawURLEncoding.DecodeString(good)
	v2 := append([]byte{2}, raw[1:]...)
	flipped := append([]byte(nil), raw...)
	flipped[len(flipped)-1] ^= 1 // "42" → "43", check unchanged
	badCheck := append([]byte(nil), raw...)
	badCheck[1] ^= 0x80
	enc := base64.RawURLEncoding.EncodeToString
	communeCursor, _ := encodeCursor(communes, "42")
	cases := []struct{ name, cursor string }{
		{"empty", ""},
		{"not base64", "!!!!"},
		{"padded", good + "="},
		{"standard alphabet", strings.NewReplacer("-", "+", "_", "/").Replace(good) + "+/"},
		{"too short", enc([]byte{1, 2, 3})},
		{"no id", enc(raw[:1+cursorCheckLen])},
		{"other version", enc(v2)},
		{"id changed", enc(flipped)},
		{"check changed", enc(badCheck)},
		{"other collection", communeCursor},
		{"too long", strings.Repeat("A", maxCursorLen+1)},
		{"truncated", good[:len(good)-1]},
	}
	for _, tc := range cases {
		id, err := decodeCursor(actors, tc.cursor)
		pe, ok := err.(*ParamError)
		if !ok || pe.Param != paramCursor {
			t.Errorf("%s: decodeCursor(%q) = %q, %v; want a ParamError naming cursor", tc.name, tc.cursor, id, err)
		}
	}
}

// FuzzDecodeCursor checks that no token panics the decoder, and that any
// token it accepts is exactly the one encodeCursor writes for that id (the
// format is canonical: one id, one token).
func FuzzDecodeCursor(f *testing.F) {
	for _, c := range []struct{ col, id string }{{data.CollectionActors, "1"}, {data.CollectionCommunes, "2A004"}} {
		cur, _ := encodeCursor(mustCollection(f, c.col), c.id)
		f.Add(c.col, cur)
	}
	f.Add(data.CollectionActors, "")
	f.Add(data.CollectionActors, "AQAAAAAx")
	f.Fuzz(func(t *testing.T, colID, cursor string) {
		col, ok := data.LookupCollection(colID)
		if !ok {
			col = mustCollection(t, data.CollectionCommunes)
		}
		id, err := decodeCursor(col, cursor)
		if err != nil {
			if pe, ok := err.(*ParamError); !ok || pe.Param != paramCursor {
				t.Fatalf("error %v is not a ParamError naming cursor", err)
			}
			return
		}
		again, ok := encodeCursor(col, id)
		if !ok || again != cursor {
			t.Fatalf("accepted %q as id %q, which encodes to %q (ok %v)", cursor, id, again, ok)
		}
	})
}
