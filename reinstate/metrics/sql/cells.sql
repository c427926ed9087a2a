-- Each order placed in the account × day grid the windows sum over: per reference time, the
-- cell of its day (the account's index × {{ days }} + days since {{ lo }}), or {{ outside }} when
-- that day is not among those computed; and its 0/1 facts. `account_index(account_id, idx)`
-- numbers the accounts. Orders with no reference day among those computed are left out.
SELECT
  {%- for reference in references %}
  COALESCE(
    CAST(a.idx * {{ days }} + DATE_DIFF('day', DATE '{{ lo }}', c.{{ reference.day }}) AS INTEGER),
    {{ outside }}
  ) AS {{ reference.cell }},
  {%- endfor %}
  {%- for fact in facts %}
  CAST(c.{{ fact }} AS TINYINT) AS {{ fact }}{% if not loop.last %},{% endif %}
  {%- endfor %}
FROM (
{{ facts_query }}
) AS c
JOIN account_index AS a ON a.account_id = c.account_id
WHERE {% for reference in references %}c.{{ reference.day }} IS NOT NULL{% if not loop.last %} OR {% endif %}{% endfor %}
