-- mes schema, version 11: a work center's unplanned queue in one index.
--
-- Waiting work without a planned start is dispatched in its order's
-- priority, due date and number.  Those live on work_orders, so the head
-- of such a queue meant either sorting every unplanned operation on the
-- work center or walking the open orders in priority order until enough
-- of them had one here; the walk is long where a work center serves only
-- the plant's low-priority products (measured: 450 orders walked, 2 ms,
-- for the first row of one work center at 40,000 open orders).  Each
-- operation therefore carries a copy of its order's sort key and of
-- whether the order is open, kept by the triggers below in the same
-- transaction as any change to either table, so that the partial index
-- gives a queue's first rows in order from a handful of index entries.
ALTER TABLE wo_ops ADD COLUMN q_open INTEGER NOT NULL DEFAULT 0;
ALTER TABLE wo_ops ADD COLUMN q_priority INTEGER NOT NULL DEFAULT 0;
ALTER TABLE wo_ops ADD COLUMN q_due TEXT NOT NULL DEFAULT '';
ALTER TABLE wo_ops ADD COLUMN q_wo_no TEXT NOT NULL DEFAULT '';

UPDATE wo_ops SET (q_open, q_priority, q_due, q_wo_no) = (SELECT
	w.status IN ('released','running','held'), w.priority, w.due_date,
	w.wo_no FROM work_orders w WHERE w.id = wo_ops.wo_id);

CREATE INDEX wo_ops_unplanned ON wo_ops(wc_id, q_priority, q_due, q_wo_no,
	seq) WHERE status = 'waiting' AND plan_start IS NULL AND q_open = 1;

-- An operation added, or moved to another order, takes that order's key.
CREATE TRIGGER wo_ops_q_ins AFTER INSERT ON wo_ops BEGIN
	UPDATE wo_ops SET (q_open, q_priority, q_due, q_wo_no) = (SELECT
		w.status IN ('released','running','held'), w.priority,
		w.due_date, w.wo_no FROM work_orders w WHERE w.id = NEW.wo_id)
	WHERE id = NEW.id;
END;
CREATE TRIGGER wo_ops_q_move AFTER UPDATE OF wo_id ON wo_ops
WHEN OLD.wo_id IS NOT NEW.wo_id BEGIN
	UPDATE wo_ops SET (q_open, q_priority, q_due, q_wo_no) = (SELECT
		w.status IN ('released','running','held'), w.priority,
		w.due_date, w.wo_no FROM work_orders w WHERE w.id = NEW.wo_id)
	WHERE id = NEW.id;
END;
-- An order's key or openness changing is copied to its operations.
CREATE TRIGGER work_orders_q_upd AFTER UPDATE OF status, priority,
	due_date, wo_no ON work_orders
WHEN (OLD.status IN ('released','running','held')) IS NOT
     (NEW.status IN ('released','running','held')) OR
     OLD.priority IS NOT NEW.priority OR OLD.due_date IS NOT NEW.due_date OR
     OLD.wo_no IS NOT NEW.wo_no BEGIN
	UPDATE wo_ops SET q_open = NEW.status IN ('released','running','held'),
		q_priority = NEW.priority, q_due = NEW.due_date,
		q_wo_no = NEW.wo_no
	WHERE wo_id = NEW.id;
END;
