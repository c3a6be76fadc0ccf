package dataset

import (
	"encoding/json"
	"reflect"
	"testing"
)

// FuzzUnmarshal checks unmarshal against encoding/json, which it must
// equal: the same value and an error exactly when encoding/json gives one,
// of the same text, for the feature types the readers decode and for
// coordinates.
func FuzzUnmarshal(f *testing.F) {
	for _, seed := range []string{
		`{"type":"Feature","id":"69123","properties":{"code":"69123","name":"Lyon","level":"commune","population":522250,"density_class":1,"qpv_share":0.08},"geometry":{"type":"Point","coordinates":[4.8357,45.764]}}`,
		`{"type":"Feature","id":11,"properties":{"name":"B","kind":"association","domains":["sante","sport"]},"geometry":null}`,
		`{"Type":"Feature","ID":"01","Properties":{"Name":"x","name":"y"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}`,
		`{"properties":{"population":"12"},"properties":{"population":12}}`,
		`{"properties":{"name":"\xff\xfe"},"bbox":[0,0,1,1]}`,
		`[[4.8,45.7,200],[1,2]]`,
		`null`,
		`{"id":null,"properties":null}`,
		`{"properties":{"qpv_share":1e400}}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		if !json.Valid(raw) {
			return // eachFeature hands unmarshal only what jsontext cut out as one value
		}
		check(t, raw, func() any { return new(territoryFeature) })
		check(t, raw, func() any { return new(actorFeature) })
		check(t, raw, func() any { return new(contourFeature) })
		check(t, raw, func() any { return new([]float64) })
		check(t, raw, func() any { return new(rawGeometry) })
	})
}

// check decodes raw into two fresh values of the kind fresh makes, one by
// unmarshal and one by encoding/json, and compares them.
func check(t *testing.T, raw []byte, fresh func() any) {
	t.Helper()
	got, want := fresh(), fresh()
	var gotErr error
	switch v := got.(type) {
	case *territoryFeature:
		gotErr = unmarshal(raw, v)
	case *actorFeature:
		gotErr = unmarshal(raw, v)
	case *contourFeature:
		gotErr = unmarshal(raw, v)
	case *[]float64:
		gotErr = unmarshal(raw, v)
	case *rawGeometry:
		gotErr = unmarshal(raw, v)
	}
	wantErr := json.Unmarshal(raw, want)
	if (gotErr == nil) != (wantErr == nil) || gotErr != nil && gotErr.Error() != wantErr.Error() {
		t.Fatalf("%T of %q: error %v, encoding/json's %v", got, raw, gotErr, wantErr)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%T of %q:\n got %#v\nwant %#v", got, raw, got, want)
	}
}
