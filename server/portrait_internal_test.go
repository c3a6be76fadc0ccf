package server

import "testing"

func TestThousands(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		n    int64
		want string
	}{
		{0, "0"}, {999, "999"}, {1000, "1\u202f000"}, {1914667, "1\u202f914\u202f667"}, {-12345, "-12\u202f345"},
	} {
		if got := thousands(c.n); got != c.want {
			t.Errorf("thousands(%d) = %q, want %q", c.n, got, c.want)
		}
	}
}
