-- mes schema, version 4: inspection results, frozen control limits, SPC
-- alarms and the non-conformance workflow with its signatures.

-- A plan is for an item on receipt (on_receipt = 1) or for a routing
-- operation; frequency is lot | every:N | hours:H | first.
ALTER TABLE inspection_plans ADD COLUMN description TEXT NOT NULL DEFAULT '';
ALTER TABLE inspection_plans ADD COLUMN active INTEGER NOT NULL DEFAULT 1;

-- An inspection remembers the good quantity of its operation when it was
-- taken: "every N units" counts from there.
ALTER TABLE inspections ADD COLUMN op_qty REAL NOT NULL DEFAULT 0;
CREATE INDEX inspections_plan ON inspections(plan_id, lot_id, wo_op_id);

-- Attribute results: the defect code (reason_codes of kind 'nc').
ALTER TABLE measurements ADD COLUMN defect_code TEXT NOT NULL DEFAULT '';
CREATE INDEX measurements_insp ON measurements(inspection_id, char_id);

-- Frozen limits keep the baseline they came from (size and spread), so
-- later subgroups are judged against exactly what the engineer froze.
-- The newest row of a characteristic is the one in force.
ALTER TABLE spc_limits ADD COLUMN size INTEGER NOT NULL DEFAULT 0;
ALTER TABLE spc_limits ADD COLUMN spread REAL NOT NULL DEFAULT 0;
ALTER TABLE spc_limits ADD COLUMN reason TEXT NOT NULL DEFAULT '';
CREATE INDEX spc_limits_char ON spc_limits(char_id, id);

-- An alarm points at the inspection whose subgroup broke the rule.
ALTER TABLE spc_alarms ADD COLUMN value REAL;
ALTER TABLE spc_alarms ADD COLUMN ack_note TEXT NOT NULL DEFAULT '';
CREATE INDEX spc_alarms_open ON spc_alarms(ack_ts, wc_id);
CREATE UNIQUE INDEX spc_alarms_once ON spc_alarms(char_id, point_ref, rule);

-- Non-conformances, rebuilt: version 1 had no containment step, no
-- work-order reference and one signature.  No program wrote the table
-- before this version, so the copy only keeps the shape honest.
CREATE TABLE nonconformances_v4 (
	id          INTEGER PRIMARY KEY,
	nc_no       TEXT NOT NULL UNIQUE,
	source      TEXT NOT NULL DEFAULT 'manual' CHECK (source IN
	            ('inspection','spc','manual')),
	item_id     INTEGER REFERENCES items(id),
	lot_id      INTEGER REFERENCES lots(id),
	wo_id       INTEGER REFERENCES work_orders(id),
	wo_op_id    INTEGER REFERENCES wo_ops(id),
	inspection_id INTEGER REFERENCES inspections(id),
	alarm_id    INTEGER REFERENCES spc_alarms(id),
	defect_code TEXT NOT NULL DEFAULT '',
	description TEXT NOT NULL,
	qty         REAL NOT NULL DEFAULT 0 CHECK (qty >= 0),
	status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN
	            ('open','contained','dispositioned','closed')),
	containment TEXT NOT NULL DEFAULT '',
	disposition TEXT CHECK (disposition IN
	            ('use-as-is','rework','scrap','return')),
	disposition_note TEXT NOT NULL DEFAULT '',
	root_cause  TEXT NOT NULL DEFAULT '',
	corrective_action TEXT NOT NULL DEFAULT '',
	-- the lot status the hold interrupted
	lot_was     TEXT NOT NULL DEFAULT '',
	signature_id INTEGER REFERENCES signatures(id),    -- dispositioned
	close_signature_id INTEGER REFERENCES signatures(id),
	opened_by   INTEGER NOT NULL REFERENCES users(id),
	opened_ts   TEXT NOT NULL,
	closed_ts   TEXT,
	version     INTEGER NOT NULL DEFAULT 1,
	CHECK (lot_id IS NOT NULL OR wo_id IS NOT NULL)
);
INSERT INTO nonconformances_v4 (id, nc_no, lot_id, wo_op_id, wo_id,
	inspection_id, description, qty, status, disposition, signature_id,
	opened_by, opened_ts, version)
	SELECT n.id, n.nc_no, n.lot_id, n.wo_op_id,
	       (SELECT o.wo_id FROM wo_ops o WHERE o.id = n.wo_op_id),
	       n.inspection_id, n.description, n.qty,
	       CASE n.status WHEN 'review' THEN 'contained' ELSE n.status END,
	       CASE n.disposition WHEN 'sort' THEN 'rework'
	            ELSE n.disposition END,
	       n.signature_id, n.opened_by, n.opened_ts, n.version
	FROM nonconformances n;
DROP TABLE nonconformances;
ALTER TABLE nonconformances_v4 RENAME TO nonconformances;
CREATE INDEX nonconformances_lot ON nonconformances(lot_id, status);
CREATE INDEX nonconformances_wo ON nonconformances(wo_id, status);
CREATE INDEX nonconformances_status ON nonconformances(status);

-- Held or rejected material does not leave: whatever program issues or
-- ships it writes a negative inventory move, and the database refuses
-- it.  Moving it between locations (putaway), scrapping and adjusting
-- stay possible.
CREATE TRIGGER inv_moves_held BEFORE INSERT ON inv_moves
WHEN NEW.qty < 0 AND NEW.kind NOT IN ('putaway','scrap','adjust')
 AND (SELECT status FROM lots WHERE id = NEW.lot_id) IN ('held','rejected')
BEGIN
	SELECT RAISE(ABORT, 'the lot is on quality hold or rejected: it may not be issued or shipped until a non-conformance disposition releases it');
END;

-- A quality hold lifts only through the non-conformance's disposition:
-- whatever program changes a lot or an order, it cannot release one that
-- an open non-conformance holds.
CREATE TRIGGER lots_quality_hold BEFORE UPDATE OF status ON lots
WHEN OLD.status = 'held' AND NEW.status <> 'held' AND EXISTS (SELECT 1
	FROM nonconformances WHERE lot_id = NEW.id AND status IN
	('open','contained'))
BEGIN
	SELECT RAISE(ABORT, 'an open non-conformance holds this lot: its disposition lifts the hold');
END;
CREATE TRIGGER work_orders_quality_hold BEFORE UPDATE OF status ON work_orders
WHEN OLD.status = 'held' AND NEW.status <> 'held' AND EXISTS (SELECT 1
	FROM nonconformances WHERE wo_id = NEW.id AND status IN
	('open','contained'))
BEGIN
	SELECT RAISE(ABORT, 'an open non-conformance holds this work order: its disposition lifts the hold');
END;
