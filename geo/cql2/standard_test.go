package cql2

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestStandardExamples parses every example filter of the CQL2 standard
// (OGC 21-065, its schema/examples folder: testdata/standard, with its
// licence), in cql2-text and cql2-json, and holds the two encodings of one
// example to the same tree (printed back as text). An example naming a
// property Maillage lacks still parses: the type check (Check) refuses it,
// not the parser.
func TestStandardExamples(t *testing.T) {
	t.Parallel()
	texts, _ := filepath.Glob("testdata/standard/text/*.txt")
	jsons, _ := filepath.Glob("testdata/standard/json/*.json")
	if len(texts) < 100 || len(jsons) < 100 {
		t.Fatalf("%d text and %d JSON examples: the standard's folder is missing", len(texts), len(jsons))
	}
	trees := map[string]string{}
	var parsedText, parsedJSON, pairs int
	for _, c := range []struct {
		files []string
		lang  Lang
	}{{texts, LangText}, {jsons, LangJSON}} {
		for _, f := range c.files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			e, err := Parse(strings.TrimSpace(string(b)), c.lang)
			if err != nil {
				t.Errorf("%s: %v\n%s", f, err, b)
				continue
			}
			name := strings.TrimSuffix(filepath.Base(f), filepath.Ext(f))
			if c.lang == LangText {
				parsedText++
				trees[name] = Text(e)
				continue
			}
			parsedJSON++
			if text, ok := trees[name]; ok {
				pairs++
				if got := Text(e); got != text {
					t.Errorf("%s: the JSON encoding reads %s, the text one %s", name, got, text)
				}
			}
		}
	}
	t.Logf("the standard's examples: %d of %d text and %d of %d JSON parse; %d pairs compared", parsedText, len(texts), parsedJSON, len(jsons), pairs)
}
