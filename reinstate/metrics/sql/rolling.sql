-- Each metric's numerator and denominator over its window of N days ending on each day D:
-- a dense day-by-day series per account, summed over the N rows ending at D.
WITH
facts AS (
{{ facts }}
),
daily AS (
{{ daily }}
),
accounts AS (
  SELECT account_id, platform FROM daily WHERE reference = 'account'
),
grid AS (
  SELECT a.account_id, a.platform, c.day FROM accounts a CROSS JOIN calendar c
),
series AS (
  SELECT
    g.account_id,
    g.platform,
    g.day
    {%- for reference in references %}{% for fact in reference.facts %},
    COALESCE({{ reference.alias }}.{{ fact }}, 0) AS {{ reference.alias }}_{{ fact }}
    {%- endfor %}{% endfor %}
  FROM grid g
  {%- for reference in references %}
  LEFT JOIN daily {{ reference.alias }}
    ON {{ reference.alias }}.reference = '{{ reference.column }}'
   AND {{ reference.alias }}.account_id = g.account_id
   AND {{ reference.alias }}.day = g.day
  {%- endfor %}
),
rolled AS (
  SELECT
    account_id,
    platform,
    day
    {%- for window in windows %},
    SUM({{ window.column }}) OVER (
      PARTITION BY account_id ORDER BY day ROWS BETWEEN {{ window.days - 1 }} PRECEDING AND CURRENT ROW
    ) AS {{ window.name }}
    {%- endfor %}
  FROM series
)
SELECT * FROM rolled WHERE day >= DATE '{{ first }}'
