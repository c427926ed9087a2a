-- The olist profile: the Olist dataset's orders, items and reviews (CSV files, times local to
-- São Paulo without an offset) joined into canonical order columns as text, for the importer.
-- SPEC §5: one order per (order_id, seller_id); ship-by = the earliest shipping limit of the
-- seller's items; feedback = the lowest review score; cancelled = canceled or unavailable with
-- the party unknown; tracking is not in the dataset.
WITH orders AS (
  SELECT *, row_number() OVER () + 1 AS line
  FROM read_csv({{ orders | literal }}, all_varchar = true, header = true)
),
items AS (
  SELECT order_id, seller_id,
         min(TRY_CAST(shipping_limit_date AS TIMESTAMP)) AS ship_by,
         min(product_id) AS sku,
         count(*) AS quantity
  FROM read_csv({{ items | literal }}, all_varchar = true, header = true)
  GROUP BY order_id, seller_id
),
reviews AS (
  SELECT order_id, min(TRY_CAST(review_score AS INTEGER)) AS rating
  FROM read_csv({{ reviews | literal }}, all_varchar = true, header = true)
  GROUP BY order_id
)
SELECT
  o.order_id AS order_id,
  i.seller_id AS account_id,
  'olist' AS platform,
  'BR' AS marketplace,
  o.order_purchase_timestamp AS purchase_ts,
  CAST(i.ship_by AS VARCHAR) AS ship_by_ts,
  o.order_delivered_carrier_date AS shipped_ts,
  o.order_estimated_delivery_date AS promised_delivery_ts,
  o.order_delivered_customer_date AS delivered_ts,
  CASE WHEN o.order_status IN ('canceled', 'unavailable') THEN 'cancelled'
       ELSE o.order_status END AS status,
  CASE WHEN o.order_status IN ('canceled', 'unavailable') THEN 'unknown' END AS cancelled_by,
  i.sku AS sku,
  CAST(i.quantity AS VARCHAR) AS quantity,
  'BR' AS destination_country,
  CAST(r.rating AS VARCHAR) AS feedback_rating,
  o.line AS __row
FROM orders o
LEFT JOIN items i ON i.order_id = o.order_id
LEFT JOIN reviews r ON r.order_id = o.order_id
ORDER BY o.line, i.seller_id
