package static

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestMapLibreFilesAreWhatTheViewerLoads checks the list of MapLibre files
// make build embeds: the Makefile copies exactly MapLibreFiles, and they
// hold what the viewer loads (the module app.js imports, the stylesheet
// index.html links) and every module that module loads in turn.
func TestMapLibreFilesAreWhatTheViewerLoads(t *testing.T) {
	t.Parallel()
	makefile, err := os.ReadFile("../Makefile")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^MAPLIBRE_FILES := (.*)$`).FindSubmatch(makefile)
	if m == nil {
		t.Fatal("no MAPLIBRE_FILES in the Makefile")
	}
	if got := strings.Fields(string(m[1])); !slices.Equal(got, MapLibreFiles) {
		t.Errorf("the Makefile embeds %v, static.MapLibreFiles says %v", got, MapLibreFiles)
	}
	for _, use := range []struct{ file, ref string }{
		{"app.js", "/vendor/maplibre-gl/maplibre-gl.mjs"},
		{"index.html", "/vendor/maplibre-gl/maplibre-gl.css"},
	} {
		b, err := os.ReadFile(use.file)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), use.ref) || !slices.Contains(MapLibreFiles, strings.TrimPrefix(use.ref, "/vendor/maplibre-gl/")) {
			t.Errorf("%s loads %s, which is not embedded", use.file, use.ref)
		}
	}
	module, err := os.ReadFile("../node_modules/maplibre-gl/dist/maplibre-gl.mjs")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("MapLibre is not installed under CI=true: %v", err)
		}
		t.Skipf("MapLibre is not installed (npm ci): %v", err)
	}
	for _, ref := range regexp.MustCompile(`maplibre-gl-[a-z-]+\.mjs`).FindAllString(string(module), -1) {
		if !strings.Contains(ref, "-dev") && !slices.Contains(MapLibreFiles, ref) {
			t.Errorf("maplibre-gl.mjs loads %s, which is not embedded", ref)
		}
	}
}
