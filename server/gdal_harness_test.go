package server_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/server"
)

// This file is the harness of the GDAL client tests (gdal_test.go): it finds
// ogrinfo and ogr2ogr, starts a real server on a free port with an access
// log the test can read, and runs the tools with a deadline, reading their
// stderr (ogrinfo exits 0 after most errors, so the exit status alone
// proves nothing).

// gdalCommandTimeout bounds one ogrinfo or ogr2ogr run. The slowest, an
// ogr2ogr of every actor, takes a few seconds.
const gdalCommandTimeout = 45 * time.Second

// gdalHTTPTimeout is GDAL_HTTP_TIMEOUT, in seconds: how long GDAL waits for
// one response before it gives up on it.
const gdalHTTPTimeout = "20"

// gdalInCI reports whether the tests run under CI=true, where a missing
// tool or database is a failure rather than a skip.
func gdalInCI() bool { return os.Getenv("CI") == "true" }

// gdalTools are the GDAL programs the tests run, and what the installed
// OAPIF driver says of itself.
type gdalTools struct {
	ogrinfo, ogr2ogr string
	// version is `ogrinfo --version`, such as "GDAL 3.6.2, released
	// 2023/01/02".
	version string
	// oapifOptions is the OAPIF driver's open option list (`ogrinfo
	// --format OAPIF`), to tell which options this GDAL knows.
	oapifOptions string
}

// findGDAL looks ogrinfo and ogr2ogr up in PATH. Missing tools skip the
// test, except under CI=true where they fail it: `make test` installs
// gdal-bin.
func findGDAL(t *testing.T) gdalTools {
	t.Helper()
	var g gdalTools
	for _, tool := range []struct {
		name string
		path *string
	}{{"ogrinfo", &g.ogrinfo}, {"ogr2ogr", &g.ogr2ogr}} {
		p, err := exec.LookPath(tool.name)
		if err != nil {
			msg := fmt.Sprintf("%s not found in PATH (%v): install gdal-bin (`make test` does) to run the GDAL client tests", tool.name, err)
			if gdalInCI() {
				t.Fatal(msg + " — CI=true: every test must run")
			}
			t.Skip(msg)
		}
		*tool.path = p
	}
	ctx, cancel := context.WithTimeout(t.Context(), gdalCommandTimeout)
	defer cancel()
	res := g.run(ctx, nil, g.ogrinfo, "--version")
	if res.err != nil {
		t.Fatalf("ogrinfo --version: %v\nstderr:\n%s", res.err, res.stderr)
	}
	g.version = strings.TrimSpace(res.stdout)
	res = g.run(ctx, nil, g.ogrinfo, "--format", "OAPIF")
	if res.err != nil || !strings.Contains(res.stdout, "OAPIF") {
		t.Fatalf("%s has no OAPIF driver: ogrinfo --format OAPIF: %v\nstdout:\n%s\nstderr:\n%s", g.version, res.err, res.stdout, res.stderr)
	}
	g.oapifOptions = res.stdout
	return g
}

// hasOAPIFOption reports whether the OAPIF driver lists the open option
// (CRS arrived in GDAL 3.7; 3.6 has URL, PAGE_SIZE, USERPWD and
// IGNORE_SCHEMA).
func (g gdalTools) hasOAPIFOption(name string) bool {
	return strings.Contains(g.oapifOptions, `name="`+name+`"`)
}

// gdalResult is what one GDAL run printed and how it ended.
type gdalResult struct {
	args           []string
	stdout, stderr string
	err            error // a non-zero exit, a timeout, a tool that would not start
	elapsed        time.Duration
}

// command is the command line, for messages.
func (r gdalResult) command() string { return strings.Join(r.args, " ") }

// gdalEnv is the environment of every GDAL run: a bounded wait per HTTP
// request, no retry that would hide a failed one, no proxy between GDAL
// and 127.0.0.1, and no debug output unless asked for.
func gdalEnv(extra []string) []string {
	env := slices.DeleteFunc(os.Environ(), func(kv string) bool {
		name, _, _ := strings.Cut(kv, "=")
		switch strings.ToUpper(name) {
		case "CPL_DEBUG", "GDAL_HTTP_TIMEOUT", "GDAL_HTTP_MAX_RETRY", "GDAL_HTTP_PROXY", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY":
			return true
		}
		return false
	})
	env = append(env,
		"GDAL_HTTP_TIMEOUT="+gdalHTTPTimeout,
		"GDAL_HTTP_CONNECTTIMEOUT=5",
		"GDAL_HTTP_MAX_RETRY=0",
		"NO_PROXY=127.0.0.1,localhost",
		"no_proxy=127.0.0.1,localhost",
		"CPL_DEBUG=OFF",
	)
	return append(env, extra...)
}

// run runs one GDAL program under ctx (killed when ctx ends) with the
// gdalEnv environment plus extra "NAME=value" pairs.
func (g gdalTools) run(ctx context.Context, extra []string, tool string, args ...string) gdalResult {
	cmd := exec.CommandContext(ctx, tool, args...)
	cmd.Env = gdalEnv(extra)
	cmd.WaitDelay = 2 * time.Second
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err := cmd.Run()
	if ctx.Err() != nil {
		err = fmt.Errorf("%w (killed: %v)", err, context.Cause(ctx))
	}
	return gdalResult{
		args:    append([]string{tool}, args...),
		stdout:  stdout.String(),
		stderr:  stderr.String(),
		err:     err,
		elapsed: time.Since(start),
	}
}

// gdalErrorLine matches the lines GDAL prints for CE_Failure and CE_Fatal
// ("ERROR 1: …", "FAILURE: …").
var gdalErrorLine = regexp.MustCompile(`(?m)^(ERROR|FAILURE)\b.*$`)

// errorLines returns stderr's error lines, and any other line that says
// ERROR.
func (r gdalResult) errorLines() []string {
	var out []string
	for line := range strings.Lines(r.stderr) {
		line = strings.TrimRight(line, "\r\n")
		if gdalErrorLine.MatchString(line) || strings.Contains(line, "ERROR") {
			out = append(out, line)
		}
	}
	return out
}

// stderrExcerpt is stderr without the list of every driver ogr2ogr prints
// ("  -> `GPKG'") when it cannot open a source.
func (r gdalResult) stderrExcerpt() string {
	var b strings.Builder
	for line := range strings.Lines(r.stderr) {
		if !strings.HasPrefix(line, "  -> `") {
			b.WriteString(line)
		}
	}
	return b.String()
}

// warnings returns stderr's "Warning n: …" lines.
func (r gdalResult) warnings() []string {
	var out []string
	for line := range strings.Lines(r.stderr) {
		if strings.HasPrefix(line, "Warning") {
			out = append(out, strings.TrimRight(line, "\r\n"))
		}
	}
	return out
}

// gdalSession is one server under test and the GDAL tools pointed at it.
type gdalSession struct {
	t     *testing.T
	tools gdalTools
	srv   *gdalServer
	dir   string // the test's temporary directory, for output files
}

// newGDALSession starts a server over store for this test alone, so the
// requests in its access log are this test's. When the test ends, before
// the server stops, any 5xx it answered fails the test.
func newGDALSession(t *testing.T, tools gdalTools, store data.Store) *gdalSession {
	t.Helper()
	s := &gdalSession{t: t, tools: tools, srv: startGDALServer(t, store), dir: t.TempDir()}
	t.Cleanup(s.checkNoServerErrors)
	return s
}

// run runs tool with args and fails the test, quoting stderr and the
// server's requests, when it exits non-zero, times out or prints an error
// line. Warnings are logged. extraEnv adds "NAME=value" pairs (CPL_DEBUG=ON
// where a test needs to see GDAL's reasoning).
func (s *gdalSession) run(extraEnv []string, tool string, args ...string) gdalResult {
	s.t.Helper()
	ctx, cancel := context.WithTimeoutCause(s.t.Context(), gdalCommandTimeout,
		fmt.Errorf("%s ran longer than %s", tool, gdalCommandTimeout))
	defer cancel()
	res := s.tools.run(ctx, extraEnv, tool, args...)
	s.t.Logf("%s (%.2fs, %d requests so far)", res.command(), res.elapsed.Seconds(), len(s.srv.log.requests()))
	errs := res.errorLines()
	if res.err != nil || len(errs) > 0 {
		s.t.Fatalf("%s\n  exit: %v\n  error lines: %q\n  stderr:\n%s\n  server requests:\n%s",
			res.command(), res.err, errs, gdalIndent(gdalTail(res.stderrExcerpt(), 60)), gdalIndent(s.srv.log.String()))
	}
	if w := res.warnings(); len(w) > 0 {
		s.t.Logf("%s printed warnings:\n%s", res.command(), gdalIndent(strings.Join(w, "\n")))
	}
	return res
}

// ogrinfo and ogr2ogr run the tools through run.
func (s *gdalSession) ogrinfo(extraEnv []string, args ...string) gdalResult {
	s.t.Helper()
	return s.run(extraEnv, s.tools.ogrinfo, args...)
}

func (s *gdalSession) ogr2ogr(extraEnv []string, args ...string) gdalResult {
	s.t.Helper()
	return s.run(extraEnv, s.tools.ogr2ogr, args...)
}

// dataset is the OAPIF connection string of the server's landing page.
func (s *gdalSession) dataset() string { return "OAPIF:" + s.srv.root }

// checkNoServerErrors fails the test when the server answered any request
// with a 5xx: GDAL may carry on past one (and ogrinfo exit 0).
func (s *gdalSession) checkNoServerErrors() {
	s.t.Helper()
	var bad []string
	for _, r := range s.srv.log.requests() {
		if r.status >= 500 {
			bad = append(bad, r.String())
		}
	}
	if len(bad) > 0 {
		s.t.Errorf("the server answered %d requests with 5xx:\n%s", len(bad), gdalIndent(strings.Join(bad, "\n")))
	}
}

// gdalServer is a live server on 127.0.0.1 and its access log.
type gdalServer struct {
	root string // the landing page, http://127.0.0.1:PORT/ogc
	log  *gdalAccessLog
}

// startGDALServer serves store on a free port of 127.0.0.1 with
// server.New + Serve until the test ends, then stops it and waits for
// Serve to return. Its request lines go to a gdalAccessLog, and its
// warnings and errors to the test's output.
func startGDALServer(t testing.TB, store data.Store) *gdalServer {
	t.Helper()
	alog := newGDALAccessLog(t)
	// Cleanups run last first: the log closes once the server has stopped.
	t.Cleanup(alog.close)
	base := serveForTest(t, store, server.Config{}, slog.New(alog))
	return &gdalServer{root: base + "/ogc", log: alog}
}

// serveForTest serves store with cfg (request and shutdown timeouts set
// when zero) on a free port of 127.0.0.1 until the test ends, then stops
// it and waits for Serve to return; it returns the base URL once /healthz
// answers.
func serveForTest(t testing.TB, store data.Store, cfg server.Config, logger *slog.Logger) string {
	t.Helper()
	var lc net.ListenConfig
	ln, err := lc.Listen(t.Context(), "tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen on 127.0.0.1:0: %v", err)
	}
	if cfg.RequestTimeout == 0 {
		cfg.RequestTimeout = 30 * time.Second
	}
	if cfg.ShutdownTimeout == 0 {
		cfg.ShutdownTimeout = 5 * time.Second
	}
	srv := server.New(store, cfg, logger)
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-served:
			if err != nil {
				t.Errorf("Serve: %v", err)
			}
		case <-time.After(15 * time.Second):
			t.Errorf("the server did not stop within 15s of its context's end")
		}
	})
	base := "http://" + ln.Addr().String()
	gdalWaitHealthy(t, base)
	return base
}

// gdalWaitHealthy waits until the server answers /healthz, or fails the
// test.
func gdalWaitHealthy(t testing.TB, base string) {
	t.Helper()
	client := &http.Client{Timeout: 2 * time.Second}
	deadline := time.Now().Add(10 * time.Second)
	for {
		res, err := client.Get(base + "/healthz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return
			}
			err = fmt.Errorf("status %s", res.Status)
		}
		if time.Now().After(deadline) {
			t.Fatalf("the server on %s is not healthy after 10s: %v", base, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// gdalTail keeps the last n lines of s.
func gdalTail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) <= n {
		return strings.Join(lines, "\n")
	}
	return fmt.Sprintf("[… %d lines]\n", len(lines)-n) + strings.Join(lines[len(lines)-n:], "\n")
}

// gdalIndent prefixes every line of s with four spaces.
func gdalIndent(s string) string {
	if s == "" {
		return "    (empty)"
	}
	return "    " + strings.ReplaceAll(strings.TrimRight(s, "\n"), "\n", "\n    ")
}
