package main

import (
	"bytes"
	"context"
	"io"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer safe for a command writing while a test
// reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// run executes the command line args with env as the whole environment and
// returns the exit code, stdout and stderr.
func run(t *testing.T, ctx context.Context, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr syncBuffer
	code := newTestApp(env, &stdout, &stderr).execute(ctx, args)
	return code, stdout.String(), stderr.String()
}

func newTestApp(env map[string]string, stdout, stderr io.Writer) *app {
	return &app{
		stdout:     stdout,
		stderr:     stderr,
		env:        func(k string) (string, bool) { v, ok := env[k]; return v, ok },
		started:    time.Now(),
		isTerminal: func(io.Writer) bool { return false },
	}
}

func TestHelpOnEveryCommand(t *testing.T) {
	t.Parallel()
	cases := [][]string{
		{"--help"}, {}, {"serve", "--help"}, {"migrate", "--help"}, {"import", "--help"},
		{"demo", "--help"}, {"demo", "load", "--help"}, {"help", "serve"},
		{"token", "create", "--help"}, {"token", "list", "--help"}, {"token", "revoke", "--help"},
	}
	for _, args := range cases {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			t.Parallel()
			code, out, errOut := run(t, context.Background(), nil, args...)
			if code != 0 {
				t.Fatalf("exit %d, stderr %s", code, errOut)
			}
			if !strings.Contains(out, "Usage:") {
				t.Errorf("no usage in %q", out)
			}
			if len(args) > 1 && args[0] != "help" && !strings.Contains(out, "MAILLAGE_LOG_LEVEL") {
				t.Errorf("help does not name the environment variables: %s", out)
			}
		})
	}
}

func TestUnknownCommandAndFlag(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"serv"}, {"serve", "--adr", "x"}, {"demo", "lod"}, {"serve", "extra"}} {
		code, _, errOut := run(t, context.Background(), nil, args...)
		if code == 0 {
			t.Errorf("%q: exit 0, want an error", args)
		}
		if !strings.Contains(errOut, "maillage:") {
			t.Errorf("%q: stderr %q does not explain", args, errOut)
		}
	}
}
