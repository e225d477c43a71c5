-- mes schema, version 12: each work center's queued hours, kept.
--
-- The load screen shows, per work center, the hours of its queue: run
-- time for the quantity still to make, and setup until an operation has
-- started.  Summed on demand that is a read of every queued operation of
-- the work centers a change touched (measured: 43-56 ms per change with
-- 3,400 operations queued on each); kept here by triggers, as wc_load's
-- counts are, it is a point read.  Each trigger takes away the old
-- row's contribution and adds the new one's, against the other table as
-- it is at that moment, so that changes in either order inside one
-- transaction add up to the committed state.  The figure is in minutes;
-- sums of a plant's decimals drift by far less than the hundredth of an
-- hour a screen shows (tests/unit/test_changes.c compares it with a full
-- sum after random changes).
ALTER TABLE wc_load ADD COLUMN queued_min REAL NOT NULL DEFAULT 0;

UPDATE wc_load SET queued_min = ifnull((SELECT sum(o.run_min *
	max(w.qty - o.qty_good - o.qty_scrap, 0) + CASE WHEN
	ifnull(o.actual_start, '') = '' THEN o.setup_min ELSE 0 END)
	FROM wo_ops o JOIN work_orders w ON w.id = o.wo_id
	WHERE o.wc_id = wc_load.wc_id AND
	o.status IN ('waiting','running','paused') AND
	w.status IN ('released','running','held')), 0);

CREATE TRIGGER wc_load_min_op_ins AFTER INSERT ON wo_ops
WHEN NEW.status IN ('waiting','running','paused') BEGIN
	UPDATE wc_load SET queued_min = queued_min + ifnull((SELECT
		NEW.run_min * max(w.qty - NEW.qty_good - NEW.qty_scrap, 0) +
		CASE WHEN ifnull(NEW.actual_start, '') = '' THEN NEW.setup_min
		ELSE 0 END FROM work_orders w WHERE w.id = NEW.wo_id AND
		w.status IN ('released','running','held')), 0)
	WHERE wc_id = NEW.wc_id;
END;
CREATE TRIGGER wc_load_min_op_upd AFTER UPDATE OF status, wc_id, wo_id,
	run_min, setup_min, qty_good, qty_scrap, actual_start ON wo_ops BEGIN
	UPDATE wc_load SET queued_min = queued_min - ifnull((SELECT
		OLD.run_min * max(w.qty - OLD.qty_good - OLD.qty_scrap, 0) +
		CASE WHEN ifnull(OLD.actual_start, '') = '' THEN OLD.setup_min
		ELSE 0 END FROM work_orders w WHERE w.id = OLD.wo_id AND
		w.status IN ('released','running','held')), 0)
	WHERE wc_id = OLD.wc_id AND
		OLD.status IN ('waiting','running','paused');
	UPDATE wc_load SET queued_min = queued_min + ifnull((SELECT
		NEW.run_min * max(w.qty - NEW.qty_good - NEW.qty_scrap, 0) +
		CASE WHEN ifnull(NEW.actual_start, '') = '' THEN NEW.setup_min
		ELSE 0 END FROM work_orders w WHERE w.id = NEW.wo_id AND
		w.status IN ('released','running','held')), 0)
	WHERE wc_id = NEW.wc_id AND
		NEW.status IN ('waiting','running','paused');
END;
CREATE TRIGGER wc_load_min_op_del AFTER DELETE ON wo_ops
WHEN OLD.status IN ('waiting','running','paused') BEGIN
	UPDATE wc_load SET queued_min = queued_min - ifnull((SELECT
		OLD.run_min * max(w.qty - OLD.qty_good - OLD.qty_scrap, 0) +
		CASE WHEN ifnull(OLD.actual_start, '') = '' THEN OLD.setup_min
		ELSE 0 END FROM work_orders w WHERE w.id = OLD.wo_id AND
		w.status IN ('released','running','held')), 0)
	WHERE wc_id = OLD.wc_id;
END;
-- An order opening, closing or changing its quantity changes what each
-- of its queued operations adds.
CREATE TRIGGER wc_load_min_wo_upd AFTER UPDATE OF status, qty ON work_orders
WHEN (OLD.status IN ('released','running','held')) IS NOT
     (NEW.status IN ('released','running','held')) OR
     (NEW.status IN ('released','running','held') AND OLD.qty IS NOT NEW.qty)
BEGIN
	UPDATE wc_load SET queued_min = queued_min + ifnull((SELECT sum(
		(CASE WHEN NEW.status IN ('released','running','held') THEN
		 o.run_min * max(NEW.qty - o.qty_good - o.qty_scrap, 0) +
		 CASE WHEN ifnull(o.actual_start, '') = '' THEN o.setup_min
		 ELSE 0 END ELSE 0 END) -
		(CASE WHEN OLD.status IN ('released','running','held') THEN
		 o.run_min * max(OLD.qty - o.qty_good - o.qty_scrap, 0) +
		 CASE WHEN ifnull(o.actual_start, '') = '' THEN o.setup_min
		 ELSE 0 END ELSE 0 END))
		FROM wo_ops o WHERE o.wo_id = NEW.id AND
		o.wc_id = wc_load.wc_id AND
		o.status IN ('waiting','running','paused')), 0)
	WHERE wc_id IN (SELECT wc_id FROM wo_ops WHERE wo_id = NEW.id);
END;
CREATE TRIGGER wc_load_min_wo_del AFTER DELETE ON work_orders
WHEN OLD.status IN ('released','running','held') BEGIN
	UPDATE wc_load SET queued_min = queued_min - ifnull((SELECT sum(
		o.run_min * max(OLD.qty - o.qty_good - o.qty_scrap, 0) +
		CASE WHEN ifnull(o.actual_start, '') = '' THEN o.setup_min
		ELSE 0 END)
		FROM wo_ops o WHERE o.wo_id = OLD.id AND
		o.wc_id = wc_load.wc_id AND
		o.status IN ('waiting','running','paused')), 0)
	WHERE wc_id IN (SELECT wc_id FROM wo_ops WHERE wo_id = OLD.id);
END;
