-- Run once per connection, after configure_session.sql (config.go says why):
-- clip one polygon with wagyu, the clipper ST_AsMVTGeom uses for polygons,
-- so that the backend allocates postgis-3.so's thread-local storage here
-- rather than in its query-cancel handler.
SELECT ST_AsMVTGeom('POLYGON((0 0, 8 0, 8 8, 0 8, 0 0))'::geometry, ST_MakeBox2D(ST_Point(0, 0), ST_Point(4, 4)), 4096, 0, true)
