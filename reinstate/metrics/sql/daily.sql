-- Per account and UTC day, the sums of the facts counted by the orders whose reference time
-- falls on that day: one aggregate per reference time, each summing only its own facts, and
-- one row per account so that accounts without orders in the days computed are still listed.
{%- for reference in references %}
SELECT
  account_id,
  CAST(NULL AS VARCHAR) AS platform,
  '{{ reference.column }}' AS reference,
  {{ reference.day }} AS day
  {%- for fact in facts %},
  {% if fact in reference.facts %}SUM({{ fact }}){% else %}0{% endif %} AS {{ fact }}
  {%- endfor %}
FROM facts
WHERE {{ reference.day }} IS NOT NULL
GROUP BY account_id, {{ reference.day }}
UNION ALL
{%- endfor %}
SELECT
  account_id,
  MIN(platform) AS platform,
  'account' AS reference,
  CAST(NULL AS DATE) AS day
  {%- for fact in facts %},
  0 AS {{ fact }}
  {%- endfor %}
FROM facts
GROUP BY account_id
