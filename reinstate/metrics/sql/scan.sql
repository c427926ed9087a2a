-- The orders (`orders`: good rows, read from the file in place) with a reference day among
-- those computed, for `metrics compute`: per reference time, the cell of the account × day grid
-- its day falls in (as sql/cells.sql: the account's idx × {{ days }} + days since {{ lo }}, or
-- {{ outside }} for a day not computed; the idx is the account's number in the table
-- `account_number`, joined: a hash join's probe of the few accounts costs a fifth of a cast
-- to an ENUM type per row) and its 0/1 facts (sql/facts.sql)
-- packed in one number, fact i of the reference being bit i (0 for a day not computed): a few
-- narrow columns, not one per fact, handed over, and only the rows whose number is not 0
-- counted. The facts query keeps only the orders with a day among those computed, and works
-- out their facts only.
SELECT
  {%- for reference in references %}
  COALESCE(
    CAST(a.idx * {{ days }} + DATE_DIFF('day', DATE '{{ lo }}', c.{{ reference.day }}) AS INTEGER),
    {{ outside }}
  ) AS {{ reference.cell }},
  CASE WHEN c.{{ reference.day }} IS NOT NULL THEN CAST(
    {%- for fact in reference.facts %}
    {% if not loop.first %}+ {% endif %}{{ 2 ** loop.index0 }} * c.{{ fact }}
    {%- endfor %}
  AS {{ code_type }}) ELSE 0 END AS {{ reference.code }}{% if not loop.last %},{% endif %}
  {%- endfor %}
FROM (
{{ facts_query }}
) AS c
JOIN account_number AS a ON a.account_id = c.account_id
