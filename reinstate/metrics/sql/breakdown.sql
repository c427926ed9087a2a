-- Where one account's counted orders of a metric fall: the orders of sql/facts.sql whose
-- reference day ({{ day }}) is in the window, with the metric's numerator (n; `missed`: the
-- denominator's orders outside it) and denominator (d). One row per part shown, `breakdown`
-- naming it: the totals; the ODR's components (an order may have several, so their counts may
-- add up to more than its defects); and per dimension the value each order is filed under,
-- numbered in the order shown (`position`) and cut after {{ rows }} values ({{ weeks }} weeks).
-- Written in DuckDB's dialect; SQLGlot turns it into Spark SQL.
{%- macro dimension(by) -%}
  {%- if by == "carrier" -%} COALESCE(carrier, '')
  {%- elif by == "destination" -%} COALESCE(destination_country, '')
  {#- an order that does not say who fulfils it is the seller's (as sql/facts.sql reads it) #}
  {%- elif by == "fulfilment" -%} COALESCE(fulfilment, 'mfn')
  {%- elif by == "week" -%} CAST(CAST(date_trunc('week', {{ day }}) AS DATE) AS VARCHAR)
  {#- an order of several SKUs is filed under each of them #}
  {%- elif by == "sku" -%} UNNEST(CASE WHEN array_length(skus) = 0 THEN [CAST(NULL AS VARCHAR)] ELSE skus END)
  {%- endif -%}
{%- endmacro %}
WITH counted AS (
  SELECT
    *,
    {% if missed %}{{ denominator }} - {{ numerator }}{% else %}{{ numerator }}{% endif %} AS n,
    {{ denominator }} AS d
  FROM (
{{ facts_query }}
  ) AS f
  WHERE account_id = {{ account | literal }} AND {{ day }} IS NOT NULL
),
parts AS (
  SELECT 'total' AS breakdown, CAST(NULL AS VARCHAR) AS value, SUM(n) AS n, SUM(d) AS d,
         1 AS position
  FROM counted
  {%- for by in bys %}
  {%- if by == "component" %}
  UNION ALL
  SELECT 'component', 'negative_feedback', SUM(negative), NULL, 1 FROM counted
  UNION ALL
  SELECT 'component', 'a_to_z_claim', SUM(CASE WHEN a_to_z_claim THEN 1 ELSE 0 END), NULL, 2
  FROM counted
  UNION ALL
  SELECT 'component', 'chargeback', SUM(CASE WHEN chargeback THEN 1 ELSE 0 END), NULL, 3
  FROM counted
  {%- else %}
  UNION ALL
  SELECT
    {{ by | literal }},
    value,
    n,
    d,
    row_number() OVER (ORDER BY {% if by == "week" %}value{% else %}n DESC, d DESC, value{% endif %})
  FROM (
    SELECT value, SUM(n) AS n, SUM(d) AS d
    FROM (SELECT n, d, {{ dimension(by) }} AS value FROM counted) AS filed
    GROUP BY value
  ) AS {{ by }}_values
  {%- endif %}
  {%- endfor %}
)
SELECT
  breakdown,
  value,
  CAST(COALESCE(n, 0) AS BIGINT) AS numerator,
  CAST(COALESCE(d, 0) AS BIGINT) AS denominator,
  CAST(position AS INTEGER) AS position
FROM parts
WHERE position <= CASE WHEN breakdown = 'week' THEN {{ weeks }} ELSE {{ rows }} END
