package postgis

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/geo"
)

func TestCountedBySummaries(t *testing.T) {
	t.Parallel()
	day := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	on := summaryDay{Time: day, Valid: true}
	cases := []struct {
		name   string
		during *data.Interval
		day    summaryDay
		want   bool
	}{
		{"every partnership, summaries of every one", nil, summaryDay{}, true},
		{"every partnership, summaries of one day", nil, on, false},
		{"that day, summaries of every one", &data.Interval{Start: day, End: day.Add(24*time.Hour - 1)}, summaryDay{}, false},
		{"that day, as a date", &data.Interval{Start: day, End: day.Add(24*time.Hour - 1)}, on, true},
		{"its midnight", &data.Interval{Start: day, End: day}, on, true},
		{"an instant later that day", &data.Interval{Start: day.Add(time.Hour), End: day.Add(time.Hour)}, on, false},
		{"the next day", &data.Interval{Start: day.AddDate(0, 0, 1), End: day.AddDate(0, 0, 2).Add(-1)}, on, false},
		{"two days", &data.Interval{Start: day, End: day.AddDate(0, 0, 2).Add(-1)}, on, false},
		{"open from that day", &data.Interval{Start: day}, on, false},
		{"open on both sides", &data.Interval{}, on, false},
		{"backwards", &data.Interval{Start: day.Add(time.Hour), End: day}, on, false},
	}
	for _, c := range cases {
		if got := countedBySummaries(c.during, c.day); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

// todaysAnswers are the analyses' inputs of today's partnerships.
type todaysAnswers struct {
	Flows    geo.FlowSummary
	Coverage []data.TerritoryCoverage
	France   data.ObservatoryCounts
	Commune  data.ObservatoryCounts
}

func readToday(t *testing.T, s *Store, today *data.Interval) todaysAnswers {
	t.Helper()
	ctx := context.Background()
	var a todaysAnswers
	var err error
	if a.Flows, err = s.Flows(ctx, geo.LevelDepartement, data.ItemsQuery{During: today}); err != nil {
		t.Fatal(err)
	}
	if a.Coverage, err = s.Coverage(ctx, geo.LevelCommune, nil, today); err != nil {
		t.Fatal(err)
	}
	if a.France, err = s.ObservatoryCounts(ctx, "", "", today); err != nil {
		t.Fatal(err)
	}
	if a.Commune, err = s.ObservatoryCounts(ctx, geo.LevelCommune, "69123", today); err != nil {
		t.Fatal(err)
	}
	return a
}

// TestSummariesOfToday: the migration leaves the summaries on today's
// date, so today's analyses read them, and they agree with the rows; a
// store finding them on another day moves them back to today on its next
// version read (and the version changes), unless a write holds the
// version, when it answers from the rows meanwhile.
func TestSummariesOfToday(t *testing.T) {
	t.Parallel()
	s := loadedStore(t)
	ctx := context.Background()
	now := time.Now().UTC()
	day := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	today := &data.Interval{Start: day, End: day.AddDate(0, 0, 1).Add(-time.Nanosecond)}
	readDay := func() summaryDay {
		t.Helper()
		var d summaryDay
		if err := s.pool.QueryRow(ctx, "SELECT summary_day FROM data_version").Scan(&d); err != nil {
			t.Fatal(err)
		}
		return d
	}
	if d := readDay(); !d.Valid || !d.Time.Equal(day) {
		t.Fatalf("after the migration and a load the summaries count %v, want today %v", d, day)
	}
	fromSummaries := readToday(t, s, today)
	// 102 and 108 ended before today: the fixture's ten partnerships less
	// those two.
	if fromSummaries.France.Counts.Partnerships != 8 {
		t.Errorf("France today: %d partnerships, want 8", fromSummaries.France.Counts.Partnerships)
	}

	// Summaries of a day before any partnership: empty, and today's
	// answers come from the rows, the same.
	if _, err := s.pool.Exec(ctx, "SELECT roll_summaries('2000-01-01')"); err != nil {
		t.Fatal(err)
	}
	var flows int
	if err := s.pool.QueryRow(ctx, "SELECT count(*) FROM partnership_flow_counts").Scan(&flows); err != nil || flows != 0 {
		t.Fatalf("summaries of 2000: %d flow rows (%v), want none", flows, err)
	}
	if fromRows := readToday(t, s, today); !reflect.DeepEqual(fromRows, fromSummaries) {
		t.Errorf("today from the rows\n%+v\nfrom the summaries\n%+v", fromRows, fromSummaries)
	}

	// A write holding the version: the store's roll gives up after a
	// moment, and the version read still answers.
	hold, err := s.pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := hold.Exec(ctx, "UPDATE data_version SET version = version"); err != nil {
		t.Fatal(err)
	}
	s.roll.day.Store(0) // as a store opened now: it must look
	before, err := s.Version(ctx)
	if err != nil {
		t.Fatalf("version read while a write held it: %v", err)
	}
	if s.roll.blocked.IsZero() {
		t.Error("the version was read with the summaries behind and no roll was tried")
	}
	_ = hold.Rollback(ctx)
	if d := readDay(); !d.Valid || d.Time.Year() != 2000 {
		t.Fatalf("the summaries moved to %v while a write held the version", d)
	}

	// The write gone (and the wait after a blocked roll over), the next
	// version read moves them back to today, with a new version.
	s.roll.mu.Lock()
	s.roll.blocked = time.Time{}
	s.roll.day.Store(0)
	s.roll.mu.Unlock()
	after, err := s.Version(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if after.N <= before.N {
		t.Errorf("version %d after the roll, %d before: unchanged", after.N, before.N)
	}
	if d := readDay(); !d.Valid || !d.Time.Equal(day) {
		t.Fatalf("after a version read the summaries count %v, want today %v", d, day)
	}
	if again := readToday(t, s, today); !reflect.DeepEqual(again, fromSummaries) {
		t.Errorf("today after the roll back\n%+v\nbefore\n%+v", again, fromSummaries)
	}

	// Today's answers are the summaries': tampered with, they show.
	if _, err := s.pool.Exec(ctx, `UPDATE partnership_flow_counts SET n = n + 100;
		UPDATE territory_partnership_counts SET n = n + 100; UPDATE partnership_end_counts SET n = n + 100`); err != nil {
		t.Fatal(err)
	}
	tampered := readToday(t, s, today)
	if reflect.DeepEqual(tampered.Flows, fromSummaries.Flows) || reflect.DeepEqual(tampered.Coverage, fromSummaries.Coverage) ||
		tampered.France.Counts.Partnerships == fromSummaries.France.Counts.Partnerships {
		t.Error("today's flows, coverage or observatory did not come from the summaries")
	}
}
