-- An import merged into the organisation's orders: the new file's orders, and those of the
-- previous orders file (when there is one) that the new file does not repeat, a re-imported
-- order replacing its earlier row. Written by DuckDB, on the machine that holds the files.
COPY (
  SELECT * FROM read_parquet({{ new | literal }})
  {%- if old %}
  UNION ALL BY NAME
  SELECT o.* FROM read_parquet({{ old | literal }}) AS o
  ANTI JOIN read_parquet({{ new | literal }}) AS n
    ON o.account_id = n.account_id AND o.order_id = n.order_id
  {%- endif %}
) TO {{ target | literal }} (FORMAT PARQUET, COMPRESSION ZSTD)
