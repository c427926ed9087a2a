-- Every account of the orders, with its platform: accounts without orders in the days computed
-- are still listed (their windows are empty, hence no_data).
SELECT account_id, MIN(platform) AS platform
FROM orders
GROUP BY account_id
