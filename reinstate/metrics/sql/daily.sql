-- The rows of sql/cells.sql summed per cell before they leave the engine (for an engine on a
-- cluster, whose driver should receive days, not orders): one aggregate per reference time,
-- each summing its own facts, with the same columns as cells.sql.
WITH cells AS (
{{ cells }}
)
{%- for reference in references %}
SELECT
  {%- for other in references %}
  {% if other == reference %}{{ other.cell }}{% else %}{{ outside }}{% endif %} AS {{ other.cell }},
  {%- endfor %}
  {%- for fact in facts %}
  {% if fact in reference.facts %}SUM({{ fact }}){% else %}0{% endif %} AS {{ fact }}{% if not loop.last %},{% endif %}
  {%- endfor %}
FROM cells
WHERE {{ reference.cell }} <> {{ outside }}
GROUP BY {{ reference.cell }}
{%- if not loop.last %}
UNION ALL
{%- endif %}
{%- endfor %}
