package geo

import (
	"errors"
	"testing"
)

func TestCheckSIREN(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, siren string
		ok          bool
	}{
		{"Danone", "552032534", true},
		{"commune of L'Abergement-Clémenciat", "210100012", true},
		{"one digit changed", "552032535", false},
		{"too short", "55203253", false},
		{"letters", "55203253A", false},
		{"empty", "", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			err := CheckSIREN(c.siren)
			if (err == nil) != c.ok {
				t.Fatalf("CheckSIREN(%q): got %v, want ok=%v", c.siren, err, c.ok)
			}
			if err != nil && !errors.Is(err, ErrSIREN) {
				t.Errorf("error %v does not wrap ErrSIREN", err)
			}
		})
	}
}

func TestLuhnComplete(t *testing.T) {
	t.Parallel()
	if got := LuhnComplete("55203253"); got != "552032534" {
		t.Errorf("LuhnComplete: got %q, want 552032534", got)
	}
}

func TestCheckRNA(t *testing.T) {
	t.Parallel()
	cases := []struct {
		rna string
		ok  bool
	}{
		{"W751234567", true}, {"W2A1002345", true}, {"W9R2001234", true},
		{"X751234567", false}, {"W75123456", false}, {"W75123456X", false}, {"", false},
	}
	for _, c := range cases {
		if err := CheckRNA(c.rna); (err == nil) != c.ok {
			t.Errorf("CheckRNA(%q): got %v, want ok=%v", c.rna, err, c.ok)
		}
	}
}
