-- The built-in query patterns of the index-choices scenario, in the same format as a --queries file.
-- They run against the generated orders table: user_id 1..{users} with a Zipf-like skew (user 1 has
-- the most orders), status 'pending' for about 2% of rows, created_at one order a minute in id order.

-- name: by-user
-- description: all orders of one user (users drawn with the data's skew, so busy users come up more)
-- param $1: zipf 1..{users}
SELECT * FROM orders WHERE user_id = $1;

-- name: by-user-recent
-- description: a user's 20 most recent orders (an order-history page)
-- param $1: zipf 1..{users}
SELECT * FROM orders WHERE user_id = $1 ORDER BY created_at DESC LIMIT 20;

-- name: by-user-recent-columns
-- description: the same page with explicit columns: an index holding them can answer without the table
-- param $1: zipf 1..{users}
SELECT created_at, total_cents FROM orders WHERE user_id = $1 ORDER BY created_at DESC LIMIT 20;

-- name: pending
-- description: every pending order (a rare status, about 2% of rows)
SELECT id, user_id, created_at, total_cents FROM orders WHERE status = 'pending';

-- name: created-range
-- description: one hour of orders (a report over a time window)
-- param $1,$2: timestamp-range width 1h
SELECT id, user_id, total_cents FROM orders WHERE created_at >= $1 AND created_at < $2;
