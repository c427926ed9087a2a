"""Performance metrics: import order data and platform reports, compute the platform's metrics
(SPEC §5) per account and day, judge them against the pack's targets, and explain them.

- :mod:`.definitions` — the six metrics: reference time, inputs, windows (pure data).
- :mod:`.profiles` and :mod:`.importer` — read a source in a profile's format into canonical
  orders (one row per account and order), streaming, with a report of every refused row;
  :mod:`.sources` is what every profile gives, :mod:`.mapping` the TOML mapping of an export,
  :mod:`.olist` the Olist dataset.
- ``sql/*.sql`` and :mod:`.engine` — the definitions as SQL, run by DuckDB or by Spark.
- :mod:`.judge` — status, trend and days-to-breach (pure).
- :mod:`.breakdowns` — which carriers, SKUs, destinations, weeks and components make a metric
  (``sql/breakdown.sql``, on either engine); :mod:`.rootcause` — the facts a letter is offered.
- :mod:`.spapi` — Amazon's account health report (``GET_V2_SELLER_PERFORMANCE_REPORT``).
- :mod:`.service` — what the web and the CLI call: :mod:`.imports` (orders and reports kept
  per organisation, in the folder :mod:`.kept` names) and :mod:`.history` (cards, daily
  values, the risk list), and the breakdowns.
"""
