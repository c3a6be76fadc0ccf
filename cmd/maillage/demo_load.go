package main

import (
	"time"

	"github.com/maillage/maillage/data/demo"
	"github.com/maillage/maillage/data/postgis"
	"github.com/spf13/cobra"
)

func (a *app) demoLoadCmd() *cobra.Command {
	cfg := dbCommandConfig{}
	cmd := &cobra.Command{
		Use:   "load",
		Short: "Put the embedded demo dataset into PostGIS (migrates first)",
		Long: `Migrate the database at --database-url (MAILLAGE_DATABASE_URL), then load the demo
dataset embedded in the binary into it, replacing rows with the same ids.`,
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
			ds, err := demo.Load()
			if err != nil {
				return err
			}
			st, err := postgis.Open(ctx, cfg.DB)
			if err != nil {
				return err
			}
			defer st.Close()
			p := a.newProgress("demo", -1)
			err = st.LoadDataset(ctx, ds, p.rows)
			p.finish(err == nil)
			if err != nil {
				return err
			}
			log.Info("demo loaded", "territories", len(ds.Territories), "actors", len(ds.Actors),
				"partnerships", len(ds.Partnerships), "alliances", len(ds.Alliances),
				"took", time.Since(t0).Round(time.Millisecond))
			return nil
		},
	}
	cmd.Flags().StringVar(&cfg.DB.URL, "database-url", "", "PostgreSQL+PostGIS URL (postgres://user@host:5432/db)")
	documentEnv(cmd.Flags())
	return cmd
}
