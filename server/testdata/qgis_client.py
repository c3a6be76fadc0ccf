"""Drive headless QGIS (3.22, Debian python3-qgis) against a live Maillage.

Run by qgis_test.go with the system Python (/usr/bin/python3, where Debian
installs the qgis module). Reads one JSON document on stdin:

  {"oapif": [{"name": "actors", "url": ROOT}, ...],
   "export": [{"name": "alliances", "url": ROOT, "path": GPKG}, ...],
   "tiles": [{"name": ..., "template": TILES_URL, "layer": MVT_LAYER,
              "filter": QGIS_EXPRESSION, "kind": "point"|"polygon",
              "box": [lon_min, lat_min, lon_max, lat_max], "probe": [lon, lat]}]}

and prints one JSON document on stdout with, for each OAPIF layer, whether
QGIS found it valid and its feature count, and for each tile case how many
pixels QGIS painted with the style that matches only `filter` within
`layer`, and whether the pixel at `probe` is painted. QGIS reports neither
a bad template nor a failed tile: painted pixels are the only evidence
that it read the tiles, the layer name and the properties.
"""
import json
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from qgis.core import (  # noqa: E402
    QgsApplication,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsMapRendererSequentialJob,
    QgsMapSettings,
    QgsPointXY,
    QgsProject,
    QgsRectangle,
    QgsSymbol,
    QgsVectorFileWriter,
    QgsVectorLayer,
    QgsVectorTileBasicRenderer,
    QgsVectorTileBasicRendererStyle,
    QgsVectorTileLayer,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QSize, QUrl  # noqa: E402
from qgis.PyQt.QtGui import QColor  # noqa: E402

SIZE = 256
RED = QColor(255, 0, 0)
WHITE = QColor(255, 255, 255)


def oapif(case):
    uri = "url='%s' typename='%s'" % (case["url"], case["name"])
    layer = QgsVectorLayer(uri, case["name"], "OAPIF")
    out = {"name": case["name"], "valid": layer.isValid(), "count": -1}
    if layer.isValid():
        out["count"] = layer.featureCount()
    return out


def export(case):
    """Saves an OAPIF layer to a GeoPackage, as an analyst's "Export" does
    (QgsVectorFileWriter, the writer of native:savefeatures), and reads the
    file back."""
    uri = "url='%s' typename='%s'" % (case["url"], case["name"])
    layer = QgsVectorLayer(uri, case["name"], "OAPIF")
    out = {"name": case["name"], "valid": layer.isValid(), "error": "", "written": -1}
    if not layer.isValid():
        return out
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GPKG"
    options.layerName = case["name"]
    res = QgsVectorFileWriter.writeAsVectorFormatV3(layer, case["path"], QgsProject.instance().transformContext(), options)
    if res[0] != QgsVectorFileWriter.NoError:
        out["error"] = "%s: %s" % (res[0], res[1])
        return out
    written = QgsVectorLayer("%s|layername=%s" % (case["path"], case["name"]), "written", "ogr")
    out["written"] = written.featureCount() if written.isValid() else -1
    out["fields"] = [f.name() for f in written.fields()]
    return out


def tiles(case):
    # QGIS wants the template's braces percent-encoded inside its URI.
    template = QUrl.toPercentEncoding(case["template"], b":/?=&").data().decode()
    layer = QgsVectorTileLayer("type=xyz&url=%s&zmin=0&zmax=16" % template, case["name"])
    out = {"name": case["name"], "valid": layer.isValid(), "painted": 0, "probe": False}
    if not layer.isValid():
        return out
    geometry = {
        "point": QgsWkbTypes.PointGeometry,
        "polygon": QgsWkbTypes.PolygonGeometry,
        "line": QgsWkbTypes.LineGeometry,
    }[case["kind"]]
    style = QgsVectorTileBasicRendererStyle(case["name"], case["layer"], geometry)
    style.setFilterExpression(case["filter"])
    symbol = QgsSymbol.defaultSymbol(geometry)
    symbol.setColor(RED)
    style.setSymbol(symbol)
    if case["kind"] == "point":
        symbol.symbolLayer(0).setSize(3)
    if case["kind"] == "polygon":
        symbol.symbolLayer(0).setStrokeColor(RED)
    renderer = QgsVectorTileBasicRenderer()
    renderer.setStyles([style])
    layer.setRenderer(renderer)

    settings = QgsMapSettings()
    settings.setLayers([layer])
    settings.setBackgroundColor(WHITE)
    mercator = QgsCoordinateReferenceSystem("EPSG:3857")
    settings.setDestinationCrs(mercator)
    to_mercator = QgsCoordinateTransform(QgsCoordinateReferenceSystem("EPSG:4326"), mercator, QgsProject.instance())
    box = case["box"]
    settings.setExtent(to_mercator.transformBoundingBox(QgsRectangle(box[0], box[1], box[2], box[3])))
    settings.setOutputSize(QSize(SIZE, SIZE))
    job = QgsMapRendererSequentialJob(settings)
    job.start()
    job.waitForFinished()
    image = job.renderedImage()
    if case.get("save"):
        image.save(case["save"])
    painted = 0
    for y in range(SIZE):
        for x in range(SIZE):
            c = QColor(image.pixel(x, y))
            if c.red() > 200 and c.green() < 100 and c.blue() < 100:
                painted += 1
    out["painted"] = painted
    out["errors"] = [e.message for e in job.errors()]
    if case.get("probe"):
        p = settings.mapToPixel().transform(to_mercator.transform(QgsPointXY(*case["probe"])))
        c = QColor(image.pixel(int(p.x()), int(p.y())))
        out["probe"] = c.red() > 200 and c.green() < 100
    return out


def main():
    spec = json.load(sys.stdin)
    app = QgsApplication([], False)
    app.initQgis()
    result = {
        "version": __import__("qgis.core", fromlist=["Qgis"]).Qgis.QGIS_VERSION,
        "oapif": [oapif(c) for c in spec.get("oapif", [])],
        "export": [export(c) for c in spec.get("export", [])],
        "tiles": [tiles(c) for c in spec.get("tiles", [])],
    }
    json.dump(result, sys.stdout)
    app.exitQgis()


if __name__ == "__main__":
    main()
