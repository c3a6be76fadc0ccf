package server_test

import (
	"encoding/json"
	"os"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/tracing"
	"github.com/chromedp/chromedp"
)

// BenchmarkViewerTrace says where the first choropleth's time goes: each
// iteration records a Chrome trace of one navigation from a blank tab to
// the first choropleth (as BenchmarkViewerFirstChoropleth measures it) and
// reports, as medians, how long the page's main thread, MapLibre's worker
// and the GPU process's main thread were busy, how many frames the
// compositor swapped and what the swaps cost, and how long the page's main
// thread waited on the GPU process (WebGL calls that read something back:
// shader compiles, context creation). On SwiftShader every frame is
// rasterised on the CPU and read back by headless Chromium, so the page's
// own work is only part of the time. MAILLAGE_VIEWER_TRACE=FILE also
// writes the last trace, for Perfetto (ui.perfetto.dev) or chrome://tracing.
//
//	go test -run '^$' -bench ViewerTrace -benchtime 3x ./server/
func BenchmarkViewerTrace(b *testing.B) {
	skipBrowserInShort(b)
	p := openViewer(b, viewerBenchStore(b), "", 1366, 768)
	rec := &traceRecorder{}
	if err := chromedp.Listen(p.ctx, rec.listen); err != nil {
		b.Fatalf("listen to the tab: %v", err)
	}
	var runs []traceSummary
	var last []json.RawMessage
	for b.Loop() {
		if err := chromedp.Do(p.ctx, chromedp.Navigate("about:blank")); err != nil {
			b.Fatalf("navigate to a blank page: %v", err)
		}
		rec.start(b, p)
		first := p.navigate(b, "")
		last = rec.stop(b, p)
		s, err := summariseTrace(last, float64(first)/float64(time.Millisecond))
		if err != nil {
			b.Fatal(err)
		}
		runs = append(runs, s)
	}
	medianOf := func(f func(traceSummary) float64) float64 {
		xs := make([]float64, len(runs))
		for i, r := range runs {
			xs[i] = f(r)
		}
		return median(xs)
	}
	b.ReportMetric(medianOf(func(s traceSummary) float64 { return s.firstChoropleth }), "ms-first-choropleth")
	b.ReportMetric(medianOf(func(s traceSummary) float64 { return s.busy[rendererMain] }), "ms-page-main")
	b.ReportMetric(medianOf(func(s traceSummary) float64 { return s.busy[mapWorker] }), "ms-worker")
	b.ReportMetric(medianOf(func(s traceSummary) float64 { return s.busy[gpuMain] }), "ms-gpu-main")
	b.ReportMetric(medianOf(func(s traceSummary) float64 { return s.gpuWait }), "ms-page-waits-gpu")
	b.ReportMetric(medianOf(func(s traceSummary) float64 { return float64(s.swaps) }), "frames")
	b.ReportMetric(medianOf(func(s traceSummary) float64 { return s.swapMs }), "ms-swaps")
	if path := os.Getenv("MAILLAGE_VIEWER_TRACE"); path != "" {
		raw, err := json.Marshal(last)
		if err == nil {
			err = os.WriteFile(path, raw, 0o644)
		}
		if err != nil {
			b.Fatalf("write the trace: %v", err)
		}
	}
}

// traceCategories are what the summary reads (tasks, frames, GPU waits)
// and what a reader of the trace needs to follow a frame.
var traceCategories = []string{
	"toplevel", "devtools.timeline", "disabled-by-default-devtools.timeline",
	"disabled-by-default-devtools.timeline.frame", "blink", "blink.user_timing", "loading",
	"v8", "gpu", "gpu.service", "gpu.angle", "disabled-by-default-gpu.service", "viz", "cc",
}

// traceRecorder collects the events of one Tracing.start/end.
type traceRecorder struct {
	mu     sync.Mutex
	events []json.RawMessage
	done   chan struct{}
}

func (r *traceRecorder) listen(ev any) {
	switch e := ev.(type) {
	case *tracing.EventDataCollected:
		r.mu.Lock()
		for _, v := range e.Value {
			r.events = append(r.events, slices.Clone(json.RawMessage(v)))
		}
		r.mu.Unlock()
	case *tracing.EventTracingComplete:
		r.mu.Lock()
		if r.done != nil {
			close(r.done)
			r.done = nil
		}
		r.mu.Unlock()
	}
}

func (r *traceRecorder) start(t testing.TB, p *viewerPage) {
	t.Helper()
	r.mu.Lock()
	r.events, r.done = nil, make(chan struct{})
	r.mu.Unlock()
	if _, err := chromedp.Call(p.ctx, tracing.Start, tracing.StartParams{
		TraceConfig:  &tracing.TraceConfig{IncludedCategories: traceCategories},
		TransferMode: tracing.StartTransferModeReportEvents,
	}); err != nil {
		t.Fatalf("start tracing: %v", err)
	}
}

func (r *traceRecorder) stop(t testing.TB, p *viewerPage) []json.RawMessage {
	t.Helper()
	r.mu.Lock()
	done := r.done
	r.mu.Unlock()
	if _, err := chromedp.Call(p.ctx, tracing.End, struct{}{}); err != nil {
		t.Fatalf("end tracing: %v", err)
	}
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("the trace did not complete within 30 s")
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.events
}
