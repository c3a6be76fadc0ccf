package server

import "testing"

func TestAcceptFormat(t *testing.T) {
	t.Parallel()
	cases := []struct {
		accept string
		want   format
	}{
		{"", formatJSON},
		{"*/*", formatJSON},
		{"application/json", formatJSON},
		{"application/geo+json, application/json", formatJSON},
		{"application/vnd.oai.openapi+json;version=3.0, application/openapi+json;version=3.0, application/json", formatJSON},
		{"text/html", formatHTML},
		{"TEXT/HTML", formatHTML},
		{"text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", formatHTML},
		{"application/json;q=0.5, text/html", formatHTML},
		{"text/html;q=0.5, application/json", formatJSON},
		{"text/html;q=0.5, */*", formatJSON},
		{"text/*", formatHTML},
		{"text/html, application/json", formatJSON}, // a tie goes to JSON
		{"text/plain", formatJSON},
		{"text/html;q=0", formatJSON},
		{"text/html;q=abc", formatHTML}, // an unreadable q counts as 1
		{",,;", formatJSON},
	}
	for _, tc := range cases {
		if got := acceptFormat([]string{tc.accept}); got != tc.want {
			t.Errorf("acceptFormat(%q) = %v, want %v", tc.accept, got, tc.want)
		}
	}
}
