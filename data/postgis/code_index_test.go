package postgis

import (
	"fmt"
	"testing"
)

// TestCodeKey: codeKey is one-to-one on territory codes (different
// lengths, leading zeros, Corsica's letters), and refuses what it cannot
// pack.
func TestCodeKey(t *testing.T) {
	codes := []string{"", "1", "01", "10", "001", "84", "084", "2A", "2B", "2A004", "2B004", "20004", "01001", "69123",
		"200046977", "999999999", "97411", "976"}
	seen := map[uint64]string{}
	for _, c := range codes {
		k, ok := codeKey([]byte(c))
		if !ok {
			t.Fatalf("codeKey(%q) refused", c)
		}
		if other, dup := seen[k]; dup {
			t.Errorf("codeKey(%q) = codeKey(%q) = %d", c, other, k)
		}
		seen[k] = c
	}
	if _, ok := codeKey([]byte("1234567890")); ok {
		t.Error("a ten-byte code was packed")
	}
}

// TestCommuneSlot: every commune-shaped code has its own slot inside the
// table, and other shapes have none.
func TestCommuneSlot(t *testing.T) {
	seen := make([]bool, communeSlots)
	seconds := "0123456789AB"
	for a := '0'; a <= '9'; a++ {
		for _, b := range seconds {
			for n := range 1000 {
				code := fmt.Sprintf("%c%c%03d", a, b, n)
				s, ok := communeSlot([]byte(code))
				if !ok || s < 0 || s >= communeSlots {
					t.Fatalf("communeSlot(%q) = %d, %v", code, s, ok)
				}
				if seen[s] {
					t.Fatalf("communeSlot(%q) = %d, taken", code, s)
				}
				seen[s] = true
			}
		}
	}
	for _, code := range []string{"", "69", "2A", "976", "6912", "691234", "2C004", "69 23", "A9123", "200046977"} {
		if s, ok := communeSlot([]byte(code)); ok {
			t.Errorf("communeSlot(%q) = %d, want none", code, s)
		}
	}
}

// TestCodeIndex: places found by code across both of the index's tables,
// nothing for codes never added.
func TestCodeIndex(t *testing.T) {
	codes := []string{"01001", "2A004", "2B004", "20004", "69123", "97411", "97611", "", "2A", "84", "976",
		"200046977", "999999999"}
	var x codeIndex
	for i, c := range codes {
		if err := x.add([]byte(c), int32(i)); err != nil {
			t.Fatal(err)
		}
	}
	for i, c := range codes {
		if got, ok := x.find([]byte(c)); !ok || got != int32(i) {
			t.Errorf("find(%q) = %d, %v, want %d", c, got, ok, i)
		}
	}
	for _, c := range []string{"69124", "2A005", "85", "200046978", "1234567890"} {
		if got, ok := x.find([]byte(c)); ok {
			t.Errorf("find(%q) = %d, want none", c, got)
		}
	}
	if err := x.add([]byte("1234567890"), 99); err == nil {
		t.Error("a ten-byte code was added")
	}
	var empty codeIndex
	if _, ok := empty.find([]byte("69123")); ok {
		t.Error("an empty index found a commune")
	}
}
