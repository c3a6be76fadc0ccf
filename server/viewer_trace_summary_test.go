package server_test

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"testing"
)

// The threads BenchmarkViewerTrace reports on.
const (
	rendererMain = "CrRendererMain"         // the page's main thread
	mapWorker    = "DedicatedWorker thread" // MapLibre's worker: tiles parsed
	gpuMain      = "CrGpuMain"              // the GPU process: WebGL and the compositor's frames
)

// gpuWaitEvents are the page's main thread waiting for the GPU process to
// answer (nested in one another: their union counts).
var gpuWaitEvents = []string{"ImplementationBase::WaitForCmd", "CommandBufferHelper::Finish", "CommandBufferProxyImpl::WaitForGetOffset"}

// swapEvent is a frame presented by the GPU process's compositor; headless
// Chromium reads every frame back into memory within it.
const swapEvent = "SkiaOutputSurfaceImplOnGpu::SwapBuffers"

// traceEvent is the part of a Chrome trace event the summary reads.
type traceEvent struct {
	Name string          `json:"name"`
	Ph   string          `json:"ph"`
	Pid  int64           `json:"pid"`
	Tid  int64           `json:"tid"`
	Ts   float64         `json:"ts"`  // µs
	Dur  float64         `json:"dur"` // µs, complete ("X") events
	Args json.RawMessage `json:"args"`
}

// traceSummary is one navigation's trace, in milliseconds.
type traceSummary struct {
	firstChoropleth float64
	busy            map[string]float64 // thread → time in its outermost tasks
	gpuWait         float64
	swaps           int
	swapMs          float64
}

type span struct{ from, to float64 }

// covered is the time the union of spans covers.
func covered(spans []span) float64 {
	slices.SortFunc(spans, func(a, b span) int { return cmp.Compare(a.from, b.from) })
	total, end := 0.0, math.Inf(-1)
	for _, s := range spans {
		if s.to <= end {
			continue
		}
		if s.from < end {
			s.from = end
		}
		total += s.to - s.from
		end = s.to
	}
	return total
}

// summariseTrace reads the events of one navigation, from its start to the
// first choropleth, firstMs later (what follows, the network's layers, is
// left out). The page's process is the one whose main thread recorded the
// viewer's first performance mark (maillage:modules), which also gives the
// navigation's start on the trace's clock: the blank tab's renderer is
// left out.
func summariseTrace(raw []json.RawMessage, firstMs float64) (traceSummary, error) {
	events := make([]traceEvent, 0, len(raw))
	for _, r := range raw {
		var e traceEvent
		if err := json.Unmarshal(r, &e); err != nil {
			return traceSummary{}, fmt.Errorf("trace event %.80s: %w", r, err)
		}
		events = append(events, e)
	}
	type thread struct{ pid, tid int64 }
	names := map[thread]string{}
	pagePid := int64(-1)
	var origin float64 // the navigation's start, µs on the trace's clock
	for _, e := range events {
		if e.Ph == "M" && e.Name == "thread_name" {
			var a struct{ Name string }
			if err := json.Unmarshal(e.Args, &a); err == nil {
				names[thread{e.Pid, e.Tid}] = a.Name
			}
		}
		if e.Name == "maillage:modules" {
			var a struct{ Data struct{ StartTime float64 } }
			if err := json.Unmarshal(e.Args, &a); err != nil {
				return traceSummary{}, fmt.Errorf("the mark maillage:modules: %w", err)
			}
			pagePid, origin = e.Pid, e.Ts-a.Data.StartTime*1000
		}
	}
	if pagePid < 0 {
		return traceSummary{}, errors.New("no maillage:modules mark in the trace: did the page load?")
	}
	end := origin + firstMs*1000
	spans := map[string][]span{}
	var waits []span
	s := traceSummary{busy: map[string]float64{}, firstChoropleth: firstMs}
	for _, e := range events {
		if e.Ph != "X" || e.Ts+e.Dur <= origin || e.Ts >= end {
			continue
		}
		name := names[thread{e.Pid, e.Tid}]
		if (name == rendererMain || name == mapWorker) && e.Pid != pagePid {
			continue
		}
		sp := span{max(e.Ts, origin), min(e.Ts+e.Dur, end)}
		switch name {
		case rendererMain, mapWorker, gpuMain:
			spans[name] = append(spans[name], sp)
		}
		if name == rendererMain && slices.Contains(gpuWaitEvents, e.Name) {
			waits = append(waits, sp)
		}
		if e.Name == swapEvent {
			s.swaps++
			s.swapMs += (sp.to - sp.from) / 1000
		}
	}
	for name, sps := range spans {
		s.busy[name] = covered(sps) / 1000
	}
	s.gpuWait = covered(waits) / 1000
	return s, nil
}

func TestCovered(t *testing.T) {
	for _, c := range []struct {
		name  string
		spans []span
		want  float64
	}{
		{"none", nil, 0},
		{"one", []span{{1, 4}}, 3},
		{"nested", []span{{0, 10}, {2, 3}, {4, 9}}, 10},
		{"overlapping, out of order", []span{{5, 8}, {0, 6}}, 8},
		{"apart", []span{{0, 1}, {5, 7}}, 3},
		{"before the clock's zero", []span{{-4, -1}, {-2, 2}}, 6},
	} {
		if got := covered(c.spans); got != c.want {
			t.Errorf("%s: covered = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestSummariseTrace(t *testing.T) {
	var raw []json.RawMessage
	for _, e := range []string{
		`{"ph":"M","name":"thread_name","pid":1,"tid":1,"args":{"name":"CrRendererMain"}}`,
		`{"ph":"M","name":"thread_name","pid":2,"tid":2,"args":{"name":"CrRendererMain"}}`,
		`{"ph":"M","name":"thread_name","pid":2,"tid":3,"args":{"name":"DedicatedWorker thread"}}`,
		`{"ph":"M","name":"thread_name","pid":9,"tid":9,"args":{"name":"CrGpuMain"}}`,
		// The navigation starts at 1 000 µs, its first choropleth 100 ms later.
		`{"ph":"I","name":"maillage:modules","pid":2,"tid":2,"ts":11000,"args":{"data":{"startTime":10}}}`,
		// The blank tab's renderer: left out.
		`{"ph":"X","name":"RunTask","pid":1,"tid":1,"ts":1000,"dur":50000}`,
		// The page: three tasks, the second with a wait for the GPU inside,
		// the third after the first choropleth.
		`{"ph":"X","name":"RunTask","pid":2,"tid":2,"ts":1000,"dur":10000}`,
		`{"ph":"X","name":"RunTask","pid":2,"tid":2,"ts":21000,"dur":30000}`,
		`{"ph":"X","name":"ImplementationBase::WaitForCmd","pid":2,"tid":2,"ts":26000,"dur":8000}`,
		`{"ph":"X","name":"CommandBufferHelper::Finish","pid":2,"tid":2,"ts":27000,"dur":6000}`,
		`{"ph":"X","name":"RunTask","pid":2,"tid":2,"ts":101000,"dur":30000}`,
		`{"ph":"X","name":"RunTask","pid":2,"tid":3,"ts":1000,"dur":4000}`,
		// The GPU process: a task that started before the navigation and
		// one that ends after the first choropleth count their part in it.
		`{"ph":"X","name":"RunTask","pid":9,"tid":9,"ts":0,"dur":71000}`,
		`{"ph":"X","name":"SkiaOutputSurfaceImplOnGpu::SwapBuffers","pid":9,"tid":9,"ts":2000,"dur":65000}`,
		`{"ph":"X","name":"RunTask","pid":9,"tid":9,"ts":91000,"dur":20000}`,
	} {
		raw = append(raw, json.RawMessage(e))
	}
	s, err := summariseTrace(raw, 100)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]float64{rendererMain: 40, mapWorker: 4, gpuMain: 80}
	for name, ms := range want {
		if s.busy[name] != ms {
			t.Errorf("busy[%s] = %v ms, want %v", name, s.busy[name], ms)
		}
	}
	if s.gpuWait != 8 || s.swaps != 1 || s.swapMs != 65 {
		t.Errorf("gpuWait, swaps, swapMs = %v, %v, %v; want 8, 1, 65", s.gpuWait, s.swaps, s.swapMs)
	}
	if _, err := summariseTrace(raw[:4], 100); err == nil {
		t.Error("a trace without the page's mark: no error")
	}
}
