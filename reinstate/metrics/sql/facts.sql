-- One row per order: the UTC day of each reference time (NULL outside the days computed) and
-- the 0/1 facts the metrics count. Written in DuckDB's dialect; SQLGlot turns it into Spark SQL.
-- `orders` holds canonical orders, one row per (account_id, order_id), timestamps in UTC.
-- `days` maps each reference day to the time it is the UTC day of (engine.DAYS), and `inside`
-- says whether a time's day is among those computed (as engine.dated_sql).
{%- macro inside(time) -%}
CAST({{ time }} AS DATE) BETWEEN DATE '{{ lo }}' AND DATE '{{ hi }}'
{%- endmacro %}
SELECT
  {%- for column in keep | default([]) %}
  {{ column }},
  {%- endfor %}
  account_id,
  platform,
  order_id,
  carrier,
  destination_country,
  skus,
  feedback_rating,
  a_to_z_claim,
  chargeback,
  {%- for day, time in days.items() %}
  CASE WHEN {{ inside(time) }} THEN CAST({{ time }} AS DATE) END AS {{ day }},
  {%- endfor %}
  1 AS ordered,
  -- orders the seller ships itself (mfn; a source that does not say is read as mfn): Amazon's
  -- pre-fulfilment cancel and late shipment rates count only these (SPEC §3: "MFN"); an order
  -- the platform fulfils (afn) is neither cancelled by the seller before shipment nor late
  CASE WHEN COALESCE(fulfilment, 'mfn') = 'mfn' THEN 1 ELSE 0 END AS seller_ordered,
  -- odr: 1–2 star feedback, an A-to-z claim or a chargeback
  CASE WHEN feedback_rating <= 2 OR a_to_z_claim OR chargeback THEN 1 ELSE 0 END AS defect,
  CASE WHEN feedback_rating <= 2 THEN 1 ELSE 0 END AS negative,
  -- a pre-fulfilment cancellation: cancelled and never shipped (one cancelled once it had
  -- shipped was not cancelled before shipment)
  CASE WHEN cancelled AND shipped_ts IS NULL AND COALESCE(fulfilment, 'mfn') = 'mfn'
            AND COALESCE(cancelled_by, 'unknown') IN ('seller', 'unknown')
       THEN 1 ELSE 0 END AS seller_cancel,
  -- late shipment: "among orders not cancelled" (SPEC §5), so an order cancelled after it
  -- shipped is not counted either way
  CASE WHEN cancelled OR COALESCE(fulfilment, 'mfn') <> 'mfn' THEN 0 ELSE 1 END AS to_ship,
  CASE WHEN cancelled OR COALESCE(fulfilment, 'mfn') <> 'mfn' THEN 0
       WHEN shipped_ts IS NULL OR shipped_ts > ship_by_ts THEN 1 ELSE 0 END AS late,
  -- tracking: only shipped orders whose tracking is known either way
  CASE WHEN shipped_ts IS NOT NULL AND tracking_valid THEN 1 ELSE 0 END AS valid_tracking,
  CASE WHEN shipped_ts IS NOT NULL AND tracking_valid IS NOT NULL THEN 1 ELSE 0 END
    AS tracking_known,
  CASE WHEN tracking_valid THEN 1 ELSE 0 END AS valid_tracking_promised,
  CASE WHEN tracking_valid AND delivered_ts IS NOT NULL AND delivered_ts <= promised_delivery_ts
       THEN 1 ELSE 0 END AS on_time,
  -- first response (Temu: within 24 h; Shopee's chat: within 12 h): orders whose first
  -- response time is recorded, or whose buyer wrote (a message never answered counts)
  CASE WHEN first_response_minutes IS NOT NULL OR buyer_message_ts IS NOT NULL THEN 1 ELSE 0 END
    AS responded,
  CASE WHEN first_response_minutes <= 24 * 60 THEN 1 ELSE 0 END AS responded_in_time,
  CASE WHEN first_response_minutes <= 12 * 60 THEN 1 ELSE 0 END AS chat_answered,
  -- Joom: shipped and not delivered within 30 days of shipment (counted once they have run out)
  CASE WHEN shipped_ts IS NOT NULL THEN 1 ELSE 0 END AS shipped,
  CASE WHEN shipped_ts IS NOT NULL
            AND (delivered_ts IS NULL OR delivered_ts > shipped_ts + INTERVAL 30 DAY)
       THEN 1 ELSE 0 END AS undelivered_30d,
  -- a return or refund the seller (or an unknown party) is at fault for
  CASE WHEN return_ts IS NOT NULL AND COALESCE(return_fault, 'unknown') IN ('seller', 'unknown')
       THEN 1 ELSE 0 END AS seller_return,
  -- Shopee's non-fulfilment: a seller's cancellation before shipment or a seller's return
  CASE WHEN (cancelled AND shipped_ts IS NULL
             AND COALESCE(cancelled_by, 'unknown') IN ('seller', 'unknown'))
            OR (return_ts IS NOT NULL
                AND COALESCE(return_fault, 'unknown') IN ('seller', 'unknown'))
       THEN 1 ELSE 0 END AS non_fulfilled,
  -- AliExpress: a shipped order on which the buyer opened a dispute
  CASE WHEN shipped_ts IS NOT NULL AND dispute THEN 1 ELSE 0 END AS disputed
FROM orders
