package memory

import (
	"bytes"
	"encoding/json"
	"slices"
)

// propsMarker starts the last member of every rendered feature (render.go).
const propsMarker = `,"properties":{`

// selectingProperties wraps text so that each feature keeps only the
// properties named, in their rendered (catalogue) order. The result is
// valid until the next call, as text's may be: one function per request.
func selectingProperties(text func(int32) []byte, names []string) func(int32) []byte {
	var buf []byte
	return func(i int32) []byte {
		t := text(i)
		obj, start := propertiesObject(t)
		if obj == nil {
			return t
		}
		buf = append(buf[:0], t[:start+1]...)
		buf = appendSelected(buf, obj, names)
		return append(buf, '}')
	}
}

// propertiesObject finds the properties object of a rendered feature,
// text[start:len(text)-1]; nil when there is none. It is the last member,
// so the search runs from the end and never reads the geometry.
func propertiesObject(text []byte) (obj []byte, start int) {
	m := bytes.LastIndex(text, []byte(propsMarker))
	if m < 0 || text[len(text)-1] != '}' {
		return nil, 0
	}
	start = m + len(propsMarker) - 1
	return text[start : len(text)-1], start
}

// appendSelected appends the members of the flat JSON object obj whose
// keys are in names, without its braces' opening one, and the closing '}'.
// The values are copied as rendered.
func appendSelected(b, obj []byte, names []string) []byte {
	dec := json.NewDecoder(bytes.NewReader(obj))
	if _, err := dec.Token(); err != nil { // {
		return append(b, '}')
	}
	first := true
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		key, _ := tok.(string)
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			break
		}
		if !slices.Contains(names, key) {
			continue
		}
		if !first {
			b = append(b, ',')
		}
		first = false
		b = append(b, '"')
		b = append(b, key...) // catalogue names: plain snake_case
		b = append(b, `":`...)
		b = append(b, raw...)
	}
	return append(b, '}')
}
