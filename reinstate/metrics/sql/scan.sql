-- One pass over a source's typed rows (`orders`: every row read, `__problem` naming what is
-- wrong with a bad one), for `metrics compute`. Per row: its (account, platform)'s number in
-- `pairs(account_id, platform, pair, idx)` ({{ bad }} for a bad row); a hash of its
-- (account, order), to find orders that repeat (NULL for a bad row); per reference time, the
-- cell of the account × day grid its day falls in (as sql/cells.sql: the account's idx ×
-- {{ days }} + days since {{ lo }}, or {{ outside }} for a day not computed or a bad row); and
-- its 0/1 facts (sql/facts.sql).
SELECT
  CASE WHEN c.__problem IS NULL THEN p.pair ELSE {{ bad }} END AS __pair,
  CASE WHEN c.__problem IS NULL THEN hash(c.account_id, c.order_id) END AS __key,
  {%- for reference in references %}
  CASE WHEN c.__problem IS NULL THEN COALESCE(
    CAST(p.idx * {{ days }} + DATE_DIFF('day', DATE '{{ lo }}', c.{{ reference.day }}) AS INTEGER),
    {{ outside }}
  ) ELSE {{ outside }} END AS {{ reference.cell }},
  {%- endfor %}
  {%- for fact in facts %}
  CAST(c.{{ fact }} AS TINYINT) AS {{ fact }}{% if not loop.last %},{% endif %}
  {%- endfor %}
FROM (
{{ facts_query }}
) AS c
LEFT JOIN pairs AS p
  ON p.account_id = c.account_id AND p.platform IS NOT DISTINCT FROM c.platform
