#!/usr/bin/env bash
# sirene-bench.sh -- the SIRENE import rate (lines per second) on a database of your choice.
#
# Writes a synthetic StockEtablissement file in INSEE's published layout (every column of the
# 2024 file; most empty) of LINES establishments spread over the database's communes, a tenth
# closed, one in twenty in partial diffusion, Lambert-93 coordinates for metropolitan ones,
# gzipped as INSEE ships it; then times `maillage import sirene` of it twice (the second run is
# the monthly re-import: every row already there). The import changes the database: use one made
# for benchmarks (a fresh `maillage demo load` holds every commune of France).
#
# Usage (from the repository root):
#   DBURL=postgres://postgres@127.0.0.1:55432/sirenebench bash scripts/sirene-bench.sh
# Knobs: LINES=1000000, MA_BIN (default: go build), KEEP=1 keeps the file in $WORK.
set -euo pipefail
: "${DBURL:?set DBURL to the database to import into}"
LINES=${LINES:-1000000}
WORK=${WORK:-$(mktemp -d)}
[ -n "${KEEP:-}" ] || trap 'rm -rf "$WORK"' EXIT
MA_BIN=${MA_BIN:-$WORK/maillage}
[ -x "$MA_BIN" ] || go build -o "$MA_BIN" ./cmd/maillage

psql "$DBURL" -Atc "SELECT t.code, ST_X(ST_Transform(p, 2154)), ST_Y(ST_Transform(p, 2154))
                     FROM territories t CROSS JOIN LATERAL (SELECT ST_PointOnSurface(t.geom) AS p) x
                    WHERE t.level = 'commune'" > "$WORK/communes"
python3 - "$WORK/communes" "$LINES" <<'PY' | gzip -1 > "$WORK/StockEtablissement.csv.gz"
import random, sys
cols = ("siren,nic,siret,statutDiffusionEtablissement,dateCreationEtablissement,trancheEffectifsEtablissement,"
        "anneeEffectifsEtablissement,activitePrincipaleRegistreMetiersEtablissement,dateDernierTraitementEtablissement,"
        "etablissementSiege,nombrePeriodesEtablissement,complementAdresseEtablissement,numeroVoieEtablissement,"
        "indiceRepetitionEtablissement,dernierNumeroVoieEtablissement,indiceRepetitionDernierNumeroVoieEtablissement,"
        "typeVoieEtablissement,libelleVoieEtablissement,codePostalEtablissement,libelleCommuneEtablissement,"
        "libelleCommuneEtrangerEtablissement,distributionSpecialeEtablissement,codeCommuneEtablissement,"
        "codeCedexEtablissement,libelleCedexEtablissement,codePaysEtrangerEtablissement,libellePaysEtrangerEtablissement,"
        "identifiantAdresseEtablissement,coordonneeLambertAbscisseEtablissement,coordonneeLambertOrdonneeEtablissement,"
        "complementAdresse2Etablissement,numeroVoie2Etablissement,indiceRepetition2Etablissement,typeVoie2Etablissement,"
        "libelleVoie2Etablissement,codePostal2Etablissement,libelleCommune2Etablissement,libelleCommuneEtranger2Etablissement,"
        "distributionSpeciale2Etablissement,codeCommune2Etablissement,codeCedex2Etablissement,libelleCedex2Etablissement,"
        "codePaysEtranger2Etablissement,libellePaysEtranger2Etablissement,dateDebut,etatAdministratifEtablissement,"
        "enseigne1Etablissement,enseigne2Etablissement,enseigne3Etablissement,denominationUsuelleEtablissement,"
        "activitePrincipaleEtablissement,nomenclatureActivitePrincipaleEtablissement,caractereEmployeurEtablissement").split(",")
idx = {c: i for i, c in enumerate(cols)}
communes = [l.rstrip("\n").split("|") for l in open(sys.argv[1])]
n = int(sys.argv[2])
def luhn_digit(base):
    for d in "0123456789":
        s, t = base + d, 0
        for i, c in enumerate(reversed(s)):
            v = int(c) * (2 if i % 2 else 1)
            t += v - 9 if v > 9 else v
        if t % 10 == 0:
            return s
nafs = ["10.51A", "25.62B", "41.20A", "47.11B", "62.01Z", "86.21Z", "94.99Z", "85.31Z", "56.10A", "01.11Z"]
tranches = ["NN", "00", "01", "02", "03", "11", "12", "21", "22", "31", "32", "41", "42", "51", "52", "53"]
rnd = random.Random(2026)
print(",".join(cols))
for i in range(n):
    siren = luhn_digit("%08d" % (30000000 + i // 3))
    siret = siren + "%05d" % (10 + i % 3)
    code, x, y = rnd.choice(communes)
    r = [""] * len(cols)
    r[idx["siren"]], r[idx["nic"]], r[idx["siret"]] = siren, siret[9:], siret
    r[idx["statutDiffusionEtablissement"]] = "P" if rnd.random() < 0.05 else "O"
    r[idx["trancheEffectifsEtablissement"]] = rnd.choice(tranches)
    r[idx["codeCommuneEtablissement"]] = code
    if not code.startswith("97"):
        r[idx["coordonneeLambertAbscisseEtablissement"]] = "%.1f" % (float(x) + rnd.uniform(-800, 800))
        r[idx["coordonneeLambertOrdonneeEtablissement"]] = "%.1f" % (float(y) + rnd.uniform(-800, 800))
    r[idx["etatAdministratifEtablissement"]] = "F" if rnd.random() < 0.1 else "A"
    r[idx["denominationUsuelleEtablissement"]] = "Établissement %d" % i
    r[idx["activitePrincipaleEtablissement"]] = rnd.choice(nafs)
    r[idx["nomenclatureActivitePrincipaleEtablissement"]] = "NAFRev2"
    print(",".join(r))
PY
echo "$(ls -l "$WORK/StockEtablissement.csv.gz" | awk '{print $5}') bytes gzipped, $LINES lines"
for run in first again; do
  start=$(date +%s.%N)
  /usr/bin/time -f "peak RSS %M KB" "$MA_BIN" import sirene "$WORK/StockEtablissement.csv.gz" --database-url "$DBURL" --log-level warn
  end=$(date +%s.%N)
  python3 -c "s=$end-$start; print('$run import: %.1f s, %.0f lines/s' % (s, $LINES/s))"
done
