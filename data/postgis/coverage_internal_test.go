package postgis

import "testing"

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
