package main

import (
	"bytes"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"

	"github.com/maillage/maillage/data/dataset"
	"github.com/maillage/maillage/data/memory"
)

// lightLoad prepares the process for building the embedded store, and the
// function it returns puts things back. Reading a dataset allocates
// several times what the store finally keeps (the demo: 270 MB allocated
// for 100 MB held): collecting less often while it runs (GOGC 800)
// spares the collector most of its cycles, and handing the freed heap
// back to the system once the store is built brings the resident size
// down to what the store holds.
func lightLoad() (restore func()) {
	old := debug.SetGCPercent(800)
	return func() {
		debug.SetGCPercent(old)
		debug.FreeOSMemory()
	}
}

// newMemoryStore builds the embedded store from a dataset just read, after
// a collection: the store's build then reuses the memory the reading left
// behind, already touched, rather than fresh pages, whose first touch is
// what costs most on a virtual machine (about 11 µs a page on the one
// measured). On the demo the collection takes about 14 ms and the build
// 100 to 140 ms less.
func newMemoryStore(ds *dataset.Dataset) (*memory.Store, error) {
	runtime.GC()
	return memory.New(ds)
}

// defaultMemoryLimitMB is the default soft memory limit: what the
// embedded demo and the caches' defaults need (about 140 MB resident, 384 MB
// of caches) with room for the heavy analyses in flight, each answer of
// which can be 100 MB of JSON. Without a limit the heap may grow to twice
// what is live before a collection, and a flood of heavy requests took the
// process past 2 GB.
const defaultMemoryLimitMB = 1024

// setMemoryLimit sets the runtime's soft memory limit so that the process's
// resident size stays near mb; 0 leaves the one GOMEMLIMIT gave, or none.
// The runtime's limit counts the memory it maps, not the binary's own pages
// read from its file (code and the embedded demo, 27 MB once the store is
// built): those resident then are taken off it. Without that, a flood
// peaked at 1 049 MB resident under a 1 024 MB limit. Soft: the collector
// runs more often as the heap nears it, and a heap that truly needs more
// still gets it (the admission of heavy requests is what bounds how much
// they need at once).
func setMemoryLimit(mb int64) {
	if mb > 0 {
		file := max(0, statm(2)) // resident pages shared with a file
		debug.SetMemoryLimit(max(mb<<20-file, mb<<19))
	}
}

// residentMB is the process's resident set size in MB (Linux); -1 where
// that cannot be read.
func residentMB() int64 {
	if rss := statm(1); rss >= 0 {
		return rss >> 20
	}
	return -1
}

// statm is field i of /proc/self/statm in bytes (1: resident, 2: resident
// and shared with a file); -1 where it cannot be read.
func statm(i int) int64 {
	b, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return -1
	}
	f := bytes.Fields(b)
	if len(f) <= i {
		return -1
	}
	pages, err := strconv.ParseInt(string(f[i]), 10, 64)
	if err != nil {
		return -1
	}
	return pages * int64(os.Getpagesize())
}
