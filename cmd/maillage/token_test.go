package main

import (
	"context"
	"strings"
	"testing"
)

// TestTokenCommands: create prints the secret once (stdout, alone), list
// never shows it, revoke marks the token, and bad flags are refused with
// the flag named; territories in a scope must exist.
func TestTokenCommands(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	env := map[string]string{"MAILLAGE_DATABASE_URL": migratedDatabaseURL(t)}
	// An empty database has no territory: an admin needs none.
	code, secret, errOut := run(t, ctx, env, "token", "create", "--name", "Préfecture", "--role", "admin")
	secret = strings.TrimSpace(secret)
	if code != 0 || !strings.HasPrefix(secret, "mlg_") || len(secret) < 40 || strings.Contains(secret, "\n") {
		t.Fatalf("token create: exit %d, stdout %q, stderr %s", code, secret, errOut)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"token", "create", "--name", "x", "--role", "editor"}, "--scope is empty"},
		{[]string{"token", "create", "--name", "x", "--role", "editor", "--scope", "region:84"}, "--scope: region:84 is not a known territory"},
		{[]string{"token", "create", "--name", "x", "--role", "editor", "--scope", "canton:3"}, "unknown level"},
		{[]string{"token", "create", "--name", "x", "--role", "owner"}, "--role"},
		{[]string{"token", "create", "--name", " ", "--role", "admin"}, "--name is empty"},
		{[]string{"token", "revoke", "x"}, "not a number"},
		{[]string{"token", "revoke", "99"}, "not found"},
	} {
		if code, _, errOut := run(t, ctx, env, tc.args...); code == 0 || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want a failure saying %q", tc.args, code, errOut, tc.want)
		}
	}
	code, list, errOut := run(t, ctx, env, "token", "list")
	if code != 0 || !strings.Contains(list, "Préfecture") || strings.Count(list, "Z") != 1 || strings.Contains(list, secret) || strings.Contains(list, secret[4:]) {
		t.Fatalf("token list: exit %d: %s %s", code, list, errOut)
	}
	if code, _, errOut := run(t, ctx, env, "token", "revoke", "1"); code != 0 {
		t.Fatalf("token revoke: exit %d: %s", code, errOut)
	}
	_, list, _ = run(t, ctx, env, "token", "list")
	lines := strings.Split(strings.TrimSpace(list), "\n")
	// Created, then revoked: two times on the token's line.
	if len(lines) != 2 || strings.Count(lines[1], "Z") != 2 {
		t.Errorf("after revoke, list shows %q", list)
	}
}
