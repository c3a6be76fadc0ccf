package main

import (
	"context"
	"strings"
	"testing"
)

// TestConfigProblemsAtOnce gives serve one bad value of each kind, from
// flags and from the environment, and expects every one reported in one run.
func TestConfigProblemsAtOnce(t *testing.T) {
	t.Parallel()
	env := map[string]string{
		"MAILLAGE_REQUEST_TIMEOUT": "soon",
		"MAILLAGE_LOG_LEVEL":       "loud",
		"MAILLAGE_DATABASE_URL":    "postgres://nowhere/db",
		"MAILLAGE_BASE_URL":        "maillage.example.org",
	}
	code, _, errOut := run(t, context.Background(), env,
		"serve", "--addr", "8080", "--data-dir", "/no/such/dir", "--max-body-bytes", "-1")
	if code == 0 {
		t.Fatal("exit 0 with a bad configuration")
	}
	for _, want := range []string{
		"MAILLAGE_REQUEST_TIMEOUT=\"soon\"",
		"log level \"loud\"",
		"addr \"8080\"",
		"exclude each other",
		"data dir /no/such/dir",
		"max body bytes -1",
		"base URL",
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
}

func TestImportConfigProblemsAtOnce(t *testing.T) {
	t.Parallel()
	code, _, errOut := run(t, context.Background(), nil, "import", "people", "/no/such/file.csv", "testdata")
	if code == 0 {
		t.Fatal("exit 0 with a bad configuration")
	}
	for _, want := range []string{"database URL is required", `unknown kind "people"`, "territories, contours, indicators",
		"/no/such/file.csv: no such file", "testdata is a directory"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	// A dataset is a directory, not a file.
	code, _, errOut = run(t, context.Background(), map[string]string{"MAILLAGE_DATABASE_URL": "postgres://x@127.0.0.1:1/x"},
		"import", "dataset", "testdata/dataset/actors.csv", "/no/such/dir")
	for _, want := range []string{"dataset directory testdata/dataset/actors.csv is not a directory", "/no/such/dir: no such file"} {
		if code == 0 || !strings.Contains(errOut, want) {
			t.Errorf("import dataset: exit %d, stderr lacks %q:\n%s", code, want, errOut)
		}
	}
}

func TestDatabaseCommandsNeedAURL(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"migrate"}, {"demo", "load"}} {
		code, _, errOut := run(t, context.Background(), nil, args...)
		if code == 0 || !strings.Contains(errOut, "MAILLAGE_DATABASE_URL") {
			t.Errorf("%q: exit %d, stderr %q; want a failure naming MAILLAGE_DATABASE_URL", args, code, errOut)
		}
	}
}

func TestEnvName(t *testing.T) {
	t.Parallel()
	cases := map[string]string{"addr": "MAILLAGE_ADDR", "database-url": "MAILLAGE_DATABASE_URL", "db-max-conns": "MAILLAGE_DB_MAX_CONNS"}
	for flag, want := range cases {
		if got := envName(flag); got != want {
			t.Errorf("envName(%q) = %q, want %q", flag, got, want)
		}
	}
}
