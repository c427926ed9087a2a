-- Per account and UTC day, the sums of each fact over the orders whose reference time falls on
-- that day, in one pass over the orders (one grouping set per reference time, and one per
-- account so that accounts without orders in the days computed are still listed).
SELECT
  account_id,
  MIN(platform) AS platform,
  CASE WHEN GROUPING(purchase_day) = 0 THEN 'purchase_ts'
       WHEN GROUPING(ship_by_day) = 0 THEN 'ship_by_ts'
       WHEN GROUPING(shipped_day) = 0 THEN 'shipped_ts'
       WHEN GROUPING(promised_day) = 0 THEN 'promised_delivery_ts'
       ELSE 'account' END AS reference,
  COALESCE(purchase_day, ship_by_day, shipped_day, promised_day) AS day,
  COUNT(*) AS ordered,
  {%- for fact in facts %}
  SUM({{ fact }}) AS {{ fact }}{{ "," if not loop.last }}
  {%- endfor %}
FROM facts
GROUP BY GROUPING SETS (
  (account_id, purchase_day),
  (account_id, ship_by_day),
  (account_id, shipped_day),
  (account_id, promised_day),
  (account_id)
)
