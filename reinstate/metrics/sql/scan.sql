-- One pass over a source's typed rows (`orders`: every row read, `__problem` naming what is
-- wrong with a bad one), for `metrics compute`. Per row: its (account, platform)'s number in
-- `pairs(account_id, platform, pair, idx)` ({{ bad }} for a bad row); a hash of its
-- (account, order), to find orders that repeat (NULL for a bad row); and per reference time,
-- the cell of the account × day grid its day falls in (as sql/cells.sql: the account's idx ×
-- {{ days }} + days since {{ lo }}, or {{ outside }} for a day not computed or a bad row) and
-- its 0/1 facts (sql/facts.sql) packed in one number, fact i of the reference being bit i
-- (0 for a day not computed or a bad row): a few narrow columns, not one per fact, handed
-- over, and only the rows whose number is not 0 counted.
SELECT
  CASE WHEN c.__problem IS NULL THEN p.pair ELSE {{ bad }} END AS __pair,
  CASE WHEN c.__problem IS NULL THEN hash(c.account_id, c.order_id) END AS __key,
  {%- for reference in references %}
  CASE WHEN c.__problem IS NULL THEN COALESCE(
    CAST(p.idx * {{ days }} + DATE_DIFF('day', DATE '{{ lo }}', c.{{ reference.day }}) AS INTEGER),
    {{ outside }}
  ) ELSE {{ outside }} END AS {{ reference.cell }},
  CASE WHEN c.__problem IS NULL AND c.{{ reference.day }} IS NOT NULL THEN CAST(
    {%- for fact in reference.facts %}
    {% if not loop.first %}+ {% endif %}{{ 2 ** loop.index0 }} * c.{{ fact }}
    {%- endfor %}
  AS {{ code_type }}) ELSE 0 END AS {{ reference.code }}{% if not loop.last %},{% endif %}
  {%- endfor %}
FROM (
{{ facts_query }}
) AS c
LEFT JOIN pairs AS p
  ON p.account_id = c.account_id AND p.platform IS NOT DISTINCT FROM c.platform
