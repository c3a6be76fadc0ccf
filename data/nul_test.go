package data_test

import (
	"testing"

	"github.com/maillage/maillage/data"
)

func TestHoldsNUL(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		raw  string
		want bool
	}{
		{`"A\u0000B"`, true},
		{`{"name":"\u0000"}`, true},
		{`"\\u0000"`, false},   // a backslash, then the text u0000
		{`"\\\u0000"`, true},   // a backslash, then a NUL
		{`"\\\\u0000"`, false}, // two backslashes, then text
		{`"\u00001"`, true},
		{`"\u0001"`, false},
		{`"u0000"`, false},
		{``, false},
	} {
		if got := data.HoldsNUL([]byte(tc.raw)); got != tc.want {
			t.Errorf("HoldsNUL(%s) = %v, want %v", tc.raw, got, tc.want)
		}
	}
}
