"""Performance metrics: import order data and platform reports, compute the platform's metrics
(SPEC §5) per account and day, judge them against the pack's targets, and explain them.

- :mod:`.definitions` — the six metrics: reference time, inputs, windows (pure data).
- :mod:`.profiles` and :mod:`.importer` — read a source in a profile's format into canonical
  orders (one row per account and order), streaming, with a report of every refused row.
- ``sql/*.sql`` and :mod:`.engine` — the definitions as SQL, run by DuckDB or by Spark.
- :mod:`.judge` — status, trend and days-to-breach (pure).
- :mod:`.breakdown` — which carriers, SKUs, destinations, weeks and components make a metric.
- :mod:`.spapi` — Amazon's account health report (``GET_V2_SELLER_PERFORMANCE_REPORT``).
- :mod:`.service` — imports and daily values kept per organisation, for the web and the CLI.
"""
