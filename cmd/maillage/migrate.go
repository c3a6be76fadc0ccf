package main

import (
	"github.com/maillage/maillage/data/postgis"
	"github.com/spf13/cobra"
)

func (a *app) migrateCmd() *cobra.Command {
	cfg := dbCommandConfig{}
	cmd := &cobra.Command{
		Use:   "migrate",
		Short: "Create or upgrade the PostGIS schema (idempotent)",
		Long: `Bring the database at --database-url (MAILLAGE_DATABASE_URL) to the latest schema.
Applied migrations are skipped, so running it again changes nothing. The database must
offer the PostGIS extension (Debian: apt-get install postgresql-15-postgis-3).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			envErrs := a.configure(cmd)
			cfg.Log = a.log
			if err := validate(envErrs, cfg); err != nil {
				return err
			}
			log := a.logger()
			// Migrate's own error says clearly when PostGIS is missing
			// (postgis.ErrPostGISMissing) and how to install it.
			if err := postgis.Migrate(cmd.Context(), cfg.DB.URL); err != nil {
				return err
			}
			log.Info("database schema up to date")
			return nil
		},
	}
	cmd.Flags().StringVar(&cfg.DB.URL, "database-url", "", "PostgreSQL+PostGIS URL (postgres://user@host:5432/db)")
	documentEnv(cmd.Flags())
	return cmd
}
