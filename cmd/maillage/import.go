package main

import (
	"bufio"
	"cmp"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/maillage/maillage/data"
	"github.com/maillage/maillage/data/dataset"
	"github.com/maillage/maillage/data/postgis"
	"github.com/spf13/cobra"
)

func (a *app) importCmd() *cobra.Command {
	cfg := importConfig{}
	cmd := &cobra.Command{
		Use:   "import KIND FILE...",
		Short: "Load files of one kind, or whole dataset directories, into PostGIS, each in one transaction",
		Long: `Load each FILE into the database at --database-url (MAILLAGE_DATABASE_URL), one
transaction per file: a file with a bad row writes nothing, and every bad row is
listed with its line number. Rows are upserted by id, so importing a file again is safe.

KIND is one of: ` + kindList() + `
(load them in that order, so that every reference points at rows already loaded).
Files ending in .gz are decompressed; actors files ending in .geojson or .json are read
as GeoJSON, indicator values ending in .bin in the binary form "maillage demo --out"
writes, others as CSV; "-" reads standard input. The README describes each format.

"maillage import dataset DIR..." loads each dataset directory (the files above under
their usual names, as "maillage demo --out" writes them) whole, in one transaction:
every file is read and checked first, and the database gets all of it or nothing.`,
		Args: cobra.MinimumNArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			envErrs := a.configure(cmd)
			cfg.Log = a.log
			cfg.Kind, cfg.Files = data.ImportKind(args[0]), args[1:]
			if err := validate(envErrs, cfg); err != nil {
				return err
			}
			return a.runImport(cmd.Context(), cfg)
		},
	}
	cmd.Flags().StringVar(&cfg.DB.URL, "database-url", "", "PostgreSQL+PostGIS URL (postgres://user@host:5432/db)")
	cmd.Flags().IntVar(&cfg.DB.BulkRows, "bulk-rows", postgis.DefaultBulkRows, "fewest rows written into an empty table in bulk (indexes and keys rebuilt once, rows derived as a set)")
	documentEnv(cmd.Flags())
	return cmd
}

// runImport imports every file, going on past a rejected file so that one
// run reports every bad row of every file, and fails if any was rejected.
func (a *app) runImport(ctx context.Context, cfg importConfig) error {
	st, err := postgis.Open(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer st.Close()
	rejected := 0
	for _, name := range cfg.Files {
		var rows int
		if cfg.Kind == importDataset {
			rows, err = a.importDataset(ctx, st, name)
		} else {
			rows, err = a.importFile(ctx, st, cfg.Kind, name)
		}
		var ie *data.ImportError
		switch {
		case errors.As(err, &ie):
			rejected++
			fmt.Fprintln(a.stderr, ie.Error())
		case err != nil:
			return fmt.Errorf("import %s: %w", name, err)
		default:
			fmt.Fprintf(a.stdout, "%s: %d row(s) imported as %s\n", name, rows, cfg.Kind)
		}
	}
	if rejected > 0 {
		what := "file(s)"
		if cfg.Kind == importDataset {
			what = "dataset(s)"
		}
		fmt.Fprintf(a.stderr, "maillage: %d of %d %s rejected\n", rejected, len(cfg.Files), what)
		return exitError{code: 1}
	}
	return nil
}

// importDataset reads the dataset directory dir whole, every file checked
// (its bad rows, with their lines, as an *data.ImportError), and loads it
// in one transaction (postgis.Store.ImportParts: ImportDataset, as `demo
// load` does, writing each part while the next is read), so a national
// import is all or nothing, not file by file. It returns the rows loaded.
func (a *app) importDataset(ctx context.Context, st *postgis.Store, dir string) (int, error) {
	log := a.logger()
	t0 := time.Now()
	log.Info("reading and importing a dataset directory", "dir", dir)
	// Each part is written while the next is read (ImportParts).
	parts := dataset.ReadParts(os.DirFS(dir))
	read := make(chan time.Duration, 1)
	go func() {
		parts.Partnerships()
		read <- time.Since(t0)
	}()
	p := a.newProgress(dir, -1)
	err := st.ImportParts(ctx, parts, data.Author{Name: "import of " + dir}, p.rows)
	p.finish(err == nil)
	if err != nil {
		if ctx.Err() != nil { // interrupted: no need to wait for the reading's end
			return 0, err
		}
		// A file's bad rows, as dataset.Read reports them, rather than
		// the transaction they failed.
		return 0, cmp.Or(parts.Places(), parts.Actors(), parts.Partnerships(), err)
	}
	ds := parts.Dataset
	rows := len(ds.Territories) + len(ds.Indicators) + len(ds.IndicatorValues) + len(ds.Actors) + len(ds.Partnerships) + len(ds.Alliances)
	for _, al := range ds.Alliances {
		rows += len(al.Members)
	}
	log.Info("dataset imported", "dir", dir, "territories", len(ds.Territories), "actors", len(ds.Actors),
		"partnerships", len(ds.Partnerships), "read", (<-read).Round(time.Millisecond),
		"took", time.Since(t0).Round(time.Millisecond))
	return rows, nil
}

// importFile sends one file to the store with a progress report.
func (a *app) importFile(ctx context.Context, st *postgis.Store, kind data.ImportKind, name string) (int, error) {
	var (
		in   io.Reader = os.Stdin
		size int64     = -1
	)
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return 0, err
		}
		defer f.Close()
		if fi, err := f.Stat(); err == nil {
			size = fi.Size()
		}
		in = f
	}
	p := a.newProgress(name, size)
	body := p.reader(bufio.NewReaderSize(in, 1<<16))
	base := strings.TrimSuffix(strings.ToLower(name), ".gz")
	if base != strings.ToLower(name) {
		zr, err := gzip.NewReader(body)
		if err != nil {
			return 0, fmt.Errorf("%s: %w", name, err)
		}
		defer zr.Close()
		body = zr
	}
	geoJSON, binary := data.FileFormat(kind, name)
	res, err := st.Import(ctx, data.ImportRequest{
		Kind:     kind,
		Name:     name,
		Body:     body,
		GeoJSON:  geoJSON,
		Binary:   binary,
		Progress: p.rows,
	})
	p.finish(err == nil)
	if err == nil && res.Summary != "" {
		fmt.Fprintf(a.stderr, "%s: %s\n", name, res.Summary)
	}
	return res.Rows, err
}
