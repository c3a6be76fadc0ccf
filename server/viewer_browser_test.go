package server_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/data/demo"
	"github.com/maillage/maillage/data/memory"
	"github.com/maillage/maillage/server"
)

// This file drives the viewer at / in headless Chromium (chromedp): the page
// loads MapLibre from /vendor, the départements from the OGC API, and must
// draw them with no outside request and no console error.

// chromiumPath is where Debian's chromium package puts the browser.
const chromiumPath = "/usr/bin/chromium"

// viewerReadyTimeout bounds the wait for the map's first idle.
const viewerReadyTimeout = 60 * time.Second

// viewerPhoneMaxWidth is the widest window emulated as a phone (the
// viewer's phone layout starts at 700 pixels).
const viewerPhoneMaxWidth = 700

// viewerMinDepartements is how many départements the map must draw: the 96
// of metropolitan France sit in the first view, overseas ones may not.
const viewerMinDepartements = 90

// findChromium returns the browser, or skips the test; under CI=true a
// missing browser fails it (as a missing GDAL does).
func findChromium(t testing.TB) string {
	t.Helper()
	p, err := exec.LookPath(chromiumPath)
	if err != nil {
		msg := fmt.Sprintf("%s not found (%v): install chromium to run the viewer's browser test", chromiumPath, err)
		if gdalInCI() {
			t.Fatal(msg + " — CI=true: every test must run")
		}
		t.Skip(msg)
	}
	return p
}

// findMapLibre returns the repository's node_modules/maplibre-gl/dist (the
// test runs in server/), or skips the test; under CI=true it fails.
func findMapLibre(t testing.TB) string {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("..", "node_modules", "maplibre-gl", "dist"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "maplibre-gl.mjs")); err != nil {
		msg := fmt.Sprintf("MapLibre GL JS is not installed (%v): run `npm ci` at the repository's root", err)
		if gdalInCI() {
			t.Fatal(msg + " — CI=true: every test must run")
		}
		t.Skip(msg)
	}
	return dir
}

// viewerDemoStore is the embedded store on the demo bundle, the viewer's
// default.
func viewerDemoStore(t testing.TB) data.Store {
	t.Helper()
	ds, err := demo.Load()
	if err != nil {
		t.Fatalf("demo.Load: %v", err)
	}
	st, err := memory.New(ds)
	if err != nil {
		t.Fatalf("memory.New(demo): %v", err)
	}
	t.Cleanup(st.Close)
	return st
}

// startViewerServer serves st, with MapLibre from vendorDir, on a free
// port of 127.0.0.1, and returns its base URL.
func startViewerServer(t testing.TB, vendorDir string, st data.Store) string {
	t.Helper()
	return serveForTest(t, st, server.Config{VendorDir: vendorDir}, nil)
}

// browserLog gathers what the page did, from the tab's event loop.
type browserLog struct {
	mu       sync.Mutex
	errors   []string // console.error and console.assert calls, uncaught exceptions
	console  []string // every console call, for the failure message
	requests []string // the URL of every request the page sent
}

func (l *browserLog) listen(ev any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	switch ev := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		line := string(ev.Type) + ": " + consoleText(ev.Args)
		l.console = append(l.console, line)
		if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
			l.errors = append(l.errors, line)
		}
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		line := "exception: " + d.Text
		if d.Exception != nil && d.Exception.Description != "" {
			line += " " + d.Exception.Description
		}
		l.console = append(l.console, line)
		l.errors = append(l.errors, line)
	case *network.EventRequestWillBeSent:
		l.requests = append(l.requests, ev.Request.URL)
	}
}

// snapshot copies the lists under the lock.
func (l *browserLog) snapshot() (errs, console, requests []string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.errors...), append([]string(nil), l.console...), append([]string(nil), l.requests...)
}

// consoleText renders a console call's arguments as the console would,
// near enough for a message.
func consoleText(args []*runtime.RemoteObject) string {
	parts := make([]string, 0, len(args))
	for _, a := range args {
		switch {
		case a.Description != "":
			parts = append(parts, a.Description)
		case len(a.Value) > 0:
			parts = append(parts, strings.Trim(string(a.Value), `"`))
		default:
			parts = append(parts, string(a.Type))
		}
	}
	return strings.Join(parts, " ")
}

// chromiumOptions are the browser's flags, built one by one rather than from
// chromedp.DefaultExecAllocatorOptions: WebGL must run on SwiftShader, which
// --use-angle=swiftshader selects and --enable-unsafe-swiftshader allows in
// headless mode, and nothing may turn software rendering off
// (--disable-software-rasterizer breaks it). chromedp adds only
// --user-data-dir (a temporary one) and --remote-debugging-port.
func chromiumOptions(execPath string) []chromedp.ExecAllocatorOption {
	return []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(execPath),
		chromedp.Flag("headless", true),
		chromedp.Flag("use-angle", "swiftshader"),
		chromedp.Flag("enable-unsafe-swiftshader", true),
		chromedp.Flag("no-sandbox", true), // root in a container has no user namespace
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-quic", true),
		chromedp.WindowSize(1366, 768),
	}
}

// viewerPage is one Chromium tab on a live server, with what it logged.
type viewerPage struct {
	ctx  context.Context
	base string
	log  *browserLog
	// shots prefixes the screenshots' names ("viewer-"), so that runs on
	// two stores do not overwrite each other's.
	shots string
}

// skipBrowserInShort skips the browser tests under -short.
func skipBrowserInShort(t testing.TB) {
	t.Helper()
	if testing.Short() {
		t.Skip("-short: the browser test starts Chromium")
	}
}

// openViewer starts a server on st and Chromium at
// width×height, opens /+hash and waits for the first choropleth. The
// browser's cache is off: every run measures a first visit.
func openViewer(t testing.TB, st data.Store, hash string, width, height int64) *viewerPage {
	t.Helper()
	chrome := findChromium(t)
	base := startViewerServer(t, findMapLibre(t), st)
	opts := append(chromiumOptions(chrome), chromedp.WindowSize(int(width), int(height)))
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancelAlloc)
	blog := &browserLog{}
	ctx, cancelTab := chromedp.NewContext(allocCtx, chromedp.WithListener(blog.listen))
	t.Cleanup(cancelTab)
	// The first Run starts the browser, which lives as long as ctx: no
	// timeout on it, only on the steps below.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start %s: %v", chrome, err)
	}
	if _, err := chromedp.Call(ctx, network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: true}); err != nil {
		t.Fatalf("turn the cache off: %v", err)
	}
	// Headless Chromium keeps windows at least 500 pixels wide: a phone's
	// width is emulated, as a mobile device.
	if width < viewerPhoneMaxWidth {
		if _, err := chromedp.Call(ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
			Width: width, Height: height, DeviceScaleFactor: 1, Mobile: true}); err != nil {
			t.Fatalf("emulate a %d×%d phone: %v", width, height, err)
		}
	}
	p := &viewerPage{ctx: ctx, base: base, log: blog, shots: "viewer-"}
	p.navigate(t, hash)
	return p
}

// navigate opens /+hash and waits until the page is ready or shows its
// error box; it returns the page's own time from navigation to the first
// drawn choropleth.
func (p *viewerPage) navigate(t testing.TB, hash string) time.Duration {
	t.Helper()
	if err := chromedp.Do(p.ctx, chromedp.Navigate(p.base+"/"+hash)); err != nil {
		t.Fatalf("navigate to %s/%s: %v", p.base, hash, err)
	}
	_, err := chromedp.Run(p.ctx, chromedp.Poll[chromedp.Void](`document.body && (document.body.dataset.ready === "1" || document.getElementById("erreur").hidden === false)`,
		chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(viewerReadyTimeout)))
	if err == nil {
		isReady, evalErr := chromedp.Run(p.ctx, chromedp.Evaluate[bool](`document.body.dataset.ready === "1"`))
		if err = evalErr; err == nil && !isReady {
			err = errors.New("the page shows its error box")
		}
	}
	if err != nil {
		_, console, requests := p.log.snapshot()
		box, _ := chromedp.Run(p.ctx, chromedp.Evaluate[string](`(document.getElementById("erreur") || {}).textContent || ""`))
		t.Fatalf("the map was not ready within %s: %v\nerror box: %q\nconsole:\n%s\nrequests:\n%s",
			viewerReadyTimeout, err, box, strings.Join(console, "\n"), strings.Join(requests, "\n"))
	}
	ms := p.eval(t, `window.maillage.firstChoroplethMs`)
	return time.Duration(ms.(float64) * float64(time.Millisecond))
}

// eval evaluates a JavaScript expression, awaiting it when it is a
// promise, and fails the test on an exception.
func (p *viewerPage) eval(t testing.TB, js string) any {
	t.Helper()
	v, err := chromedp.Run(p.ctx, chromedp.Evaluate[any](js, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("evaluate %.120s: %v", js, err)
	}
	return v
}

// exec runs JavaScript for its effect, awaiting a promise it returns.
func (p *viewerPage) exec(t testing.TB, js string) {
	t.Helper()
	// Its value is dropped in the page: some (a MapLibre map) cannot be
	// serialised.
	wrapped := "Promise.resolve(" + js + ").then(() => undefined)"
	if err := chromedp.Do(p.ctx, chromedp.Evaluate[chromedp.Void](wrapped, chromedp.EvalAwaitPromise)); err != nil {
		t.Fatalf("run %.120s: %v", js, err)
	}
}

// evalInto evaluates js and decodes its JSON value into out.
func (p *viewerPage) evalInto(t testing.TB, js string, out any) {
	t.Helper()
	raw, err := chromedp.Run(p.ctx, chromedp.Evaluate[[]byte](js, chromedp.EvalAwaitPromise))
	if err == nil {
		err = json.Unmarshal(raw, out)
	}
	if err != nil {
		t.Fatalf("evaluate %.120s: %v", js, err)
	}
}

// hashWith waits up to 3 s for the permalink (location.hash) to hold every
// part, and returns it as it then is: the page writes its hash a moment
// after a change (debounced), not when the change settles.
func (p *viewerPage) hashWith(t testing.TB, parts ...string) string {
	t.Helper()
	list, _ := json.Marshal(parts)
	return p.eval(t, fmt.Sprintf(`new Promise((resolve) => {
		const parts = %s, t0 = performance.now();
		const poll = () => (parts.every((x) => location.hash.includes(x)) || performance.now() - t0 > 3000)
			? resolve(location.hash) : setTimeout(poll, 50);
		poll(); })`, list)).(string)
}

// settle waits until the page has no request pending and the map is idle.
func (p *viewerPage) settle(t testing.TB) {
	t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, viewerReadyTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`window.maillage.settled()`, chromedp.EvalAwaitPromise)); err != nil {
		t.Fatalf("the page did not settle: %v", err)
	}
}

// choose sets a select's value as a user would, firing its change event.
func (p *viewerPage) choose(t testing.TB, id, value string) {
	t.Helper()
	js := fmt.Sprintf(`(() => { const s = document.getElementById(%q); s.value = %q;
		if (s.value !== %q) throw new Error("no option " + %q + " in #" + %q);
		s.dispatchEvent(new Event("change", {bubbles: true})); })()`, id, value, value, value, id)
	p.exec(t, js)
	p.settle(t)
}

// screenshot saves the page as $MAILLAGE_ARTIFACTS/name (else in the
// test's temporary folder), and logs where.
func (p *viewerPage) screenshot(t testing.TB, name string) {
	t.Helper()
	png, err := chromedp.Run(p.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Errorf("screenshot: %v", err)
		return
	}
	dir := os.Getenv("MAILLAGE_ARTIFACTS")
	if dir == "" {
		dir = t.TempDir()
	}
	shot := filepath.Join(dir, p.shots+name)
	if err := errors.Join(os.MkdirAll(dir, 0o755), os.WriteFile(shot, png, 0o644)); err != nil {
		t.Errorf("save the screenshot: %v", err)
		return
	}
	t.Logf("screenshot: %s", shot)
}

// checkLog fails on any console error and on any request that left the
// server: data: and blob: URLs are the page's own (MapLibre's control
// icons, exports), never network.
func (p *viewerPage) checkLog(t testing.TB) {
	t.Helper()
	errs, _, requests := p.log.snapshot()
	for _, e := range errs {
		t.Errorf("console: %s", e)
	}
	if box := p.eval(t, `document.getElementById("erreur").hidden ? "" : document.getElementById("erreur-texte").textContent`); box != "" {
		t.Errorf("the page shows an error: %v", box)
	}
	host := strings.TrimPrefix(p.base, "http://")
	if len(requests) == 0 {
		t.Errorf("no request seen: the network listener is not working")
	}
	inline := 0
	for _, r := range requests {
		u, err := url.Parse(r)
		switch {
		case err == nil && (u.Scheme == "data" || u.Scheme == "blob"):
			inline++
		case err != nil || u.Scheme != "http" || u.Host != host:
			t.Errorf("request outside %s: %.200s", p.base, r)
		}
	}
	t.Logf("%d requests: %d to %s, %d data: or blob: URLs", len(requests), len(requests)-inline, host, inline)
}

// getAPI reads one of the server's JSON documents into out.
func (p *viewerPage) getAPI(t testing.TB, path string, out any) {
	t.Helper()
	res, err := http.Get(p.base + path)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: status %d", path, res.StatusCode)
	}
	if err := json.NewDecoder(res.Body).Decode(out); err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
}
