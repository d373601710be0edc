"""Wijk and buurt boundaries: where they come from, how they are kept, drawn, joined and exported.

One concern per module (import them directly; this package imports nothing):

- :mod:`wijkdata.geo.levels`   levels and years of boundaries, their Dutch names
- :mod:`wijkdata.geo.tidy`     EPSG:28992, valid polygons, land parts, simplification for drawing
- :mod:`wijkdata.geo.files`    reading boundary files (CBS GeoPackage, gebiedsindelingen GeoJSON, …)
- :mod:`wijkdata.geo.pdok`     the PDOK OGC API Features client (the only HTTP in this package)
- :mod:`wijkdata.geo.cache`    the GeoParquet cache under ``grenzen/`` and its manifest
- :mod:`wijkdata.geo.drawing`  the same shapes simplified once for the map, kept beside the cache
- :mod:`wijkdata.geo.service`  ``load_boundaries``, ``load_drawing``, ``import_boundaries``, ``boundary_source``
- :mod:`wijkdata.geo.join`     shapes joined to the figures of the same year, with a report
- :mod:`wijkdata.geo.export`   one gemeente's shapes with figures as GeoJSON or GeoPackage
- :mod:`wijkdata.geo.commands` the command line's ``import grenzen`` and ``export grenzen``
"""
