package data_test

import (
	"context"
	"testing"

	"github.com/maillage/maillage/data"
)

// TestParseLogPosition: pg_lsn's text form, both halves at most 32 bits,
// read and written back as PostgreSQL writes it.
func TestParseLogPosition(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want data.LogPosition
		text string // String of the result; "" for an error
	}{
		{"0/0", 0, "0/0"},
		{"16/B374D848", 0x16_B374D848, "16/B374D848"},
		{"16/b374d848", 0x16_B374D848, "16/B374D848"},
		{"FFFFFFFF/FFFFFFFF", 0xFFFFFFFF_FFFFFFFF, "FFFFFFFF/FFFFFFFF"},
		{"100000000/0", 0, ""},
		{"16-B374D848", 0, ""},
		{"/1", 0, ""},
		{"1/", 0, ""},
		{"x/1", 0, ""},
		{"", 0, ""},
	} {
		p, err := data.ParseLogPosition(tc.in)
		if tc.text == "" {
			if err == nil {
				t.Errorf("%q: %v, want an error", tc.in, p)
			}
			continue
		}
		if err != nil || p != tc.want || p.String() != tc.text {
			t.Errorf("%q: %v (%s), %v; want %v (%s)", tc.in, uint64(p), p, err, uint64(tc.want), tc.text)
		}
	}
	ctx := data.WithReadAfter(context.Background(), 0)
	if _, ok := data.ReadAfterOf(ctx); ok {
		t.Error("a zero position is a requirement")
	}
	if p, ok := data.ReadAfterOf(data.WithReadAfter(ctx, 7)); !ok || p != 7 {
		t.Errorf("ReadAfterOf: %v %v, want 7", p, ok)
	}
}
