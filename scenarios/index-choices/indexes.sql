-- The built-in candidate index sets of the index-choices scenario, in the same format as an --indexes
-- file. The no-index baseline ("none") is always measured as well.

-- name: user-id
-- description: (user_id): serves lookups by user
CREATE INDEX orders_user_id_idx ON orders (user_id);

-- name: user-id-created-at
-- description: (user_id, created_at DESC): by user, already in the order a recent-orders page wants
CREATE INDEX orders_user_id_created_at_idx ON orders (user_id, created_at DESC);

-- name: created-at-user-id
-- description: (created_at, user_id): the same columns in the wrong order for by-user queries
CREATE INDEX orders_created_at_user_id_idx ON orders (created_at, user_id);

-- name: status
-- description: (status): every row in the index, though queries only ask for the rare 'pending'
CREATE INDEX orders_status_idx ON orders (status);

-- name: status-pending-partial
-- description: (status) WHERE status = 'pending': only the rare rows queries ask for
CREATE INDEX orders_status_pending_idx ON orders (status) WHERE status = 'pending';

-- name: covering
-- description: (user_id, created_at DESC) INCLUDE (total_cents): answers the explicit-columns page from the index alone
CREATE INDEX orders_user_id_created_at_incl_idx ON orders (user_id, created_at DESC) INCLUDE (total_cents);
