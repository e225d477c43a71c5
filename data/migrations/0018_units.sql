-- mes schema, version 18: serialized units.
--
-- An item with a serial pattern (item_serials) is made as units, each
-- with a serial number unique in the plant: generated from the pattern
-- and the item's counter (next), or taken from a scanned label.  A unit is made
-- by a work order, goes through its operations one by one (unit_ops: the
-- operation started and completed for that serial), and has components
-- built into it (unit_parts): other units by serial, or a quantity of a
-- lot.  A unit is built into one other unit at most.
CREATE TABLE item_serials (
	item_id     INTEGER PRIMARY KEY REFERENCES items(id),
	pattern     TEXT NOT NULL,
	next        INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE units (
	id          INTEGER PRIMARY KEY,
	serial      TEXT NOT NULL UNIQUE,
	item_id     INTEGER NOT NULL REFERENCES items(id),
	wo_id       INTEGER NOT NULL REFERENCES work_orders(id),
	status      TEXT NOT NULL DEFAULT 'in-process' CHECK (status IN
	            ('in-process', 'complete', 'scrapped')),
	source      TEXT NOT NULL CHECK (source IN ('generated', 'scanned')),
	created     TEXT NOT NULL,
	user_id     INTEGER REFERENCES users(id)
);
CREATE INDEX units_wo ON units(wo_id);

CREATE TABLE unit_ops (
	id          INTEGER PRIMARY KEY,
	unit_id     INTEGER NOT NULL REFERENCES units(id),
	wo_op_id    INTEGER NOT NULL REFERENCES wo_ops(id),
	status      TEXT NOT NULL CHECK (status IN ('running', 'complete')),
	start_ts    TEXT NOT NULL,
	end_ts      TEXT,
	started_by  INTEGER REFERENCES users(id),
	ended_by    INTEGER REFERENCES users(id),
	UNIQUE (unit_id, wo_op_id)
);
CREATE INDEX unit_ops_op ON unit_ops(wo_op_id, status);

CREATE TABLE unit_parts (
	id          INTEGER PRIMARY KEY,
	unit_id     INTEGER NOT NULL REFERENCES units(id),
	child_unit_id INTEGER UNIQUE REFERENCES units(id),
	lot_id      INTEGER REFERENCES lots(id),
	qty         REAL NOT NULL CHECK (qty > 0),
	wo_op_id    INTEGER REFERENCES wo_ops(id),
	ts          TEXT NOT NULL,
	user_id     INTEGER REFERENCES users(id),
	CHECK ((child_unit_id IS NULL) != (lot_id IS NULL))
);
CREATE INDEX unit_parts_unit ON unit_parts(unit_id);
CREATE INDEX unit_parts_lot ON unit_parts(lot_id);

-- The device history record's rows are sealed like the inspections beside
-- them (schema 9): a change made around the library shows in audit verify.
CREATE TRIGGER units_seal_insert AFTER INSERT ON units BEGIN
	INSERT OR REPLACE INTO row_seals VALUES ('units', NEW.rowid,
		mes_seal('units', NEW.rowid, NEW.id, NEW.serial, NEW.item_id, NEW.wo_id, NEW.status, NEW.source, NEW.created, NEW.user_id));
END;
CREATE TRIGGER units_seal_update AFTER UPDATE ON units BEGIN
	DELETE FROM row_seals WHERE tbl = 'units' AND row_id = OLD.rowid
		AND OLD.rowid <> NEW.rowid;
	INSERT OR REPLACE INTO row_seals VALUES ('units', NEW.rowid,
		mes_seal('units', NEW.rowid, NEW.id, NEW.serial, NEW.item_id, NEW.wo_id, NEW.status, NEW.source, NEW.created, NEW.user_id));
END;
CREATE TRIGGER units_seal_delete AFTER DELETE ON units BEGIN
	DELETE FROM row_seals WHERE tbl = 'units' AND row_id = OLD.rowid
		AND mes_seal('units', OLD.rowid) IS NOT NULL;
END;
CREATE TRIGGER unit_ops_seal_insert AFTER INSERT ON unit_ops BEGIN
	INSERT OR REPLACE INTO row_seals VALUES ('unit_ops', NEW.rowid,
		mes_seal('unit_ops', NEW.rowid, NEW.id, NEW.unit_id, NEW.wo_op_id, NEW.status, NEW.start_ts, NEW.end_ts, NEW.started_by, NEW.ended_by));
END;
CREATE TRIGGER unit_ops_seal_update AFTER UPDATE ON unit_ops BEGIN
	DELETE FROM row_seals WHERE tbl = 'unit_ops' AND row_id = OLD.rowid
		AND OLD.rowid <> NEW.rowid;
	INSERT OR REPLACE INTO row_seals VALUES ('unit_ops', NEW.rowid,
		mes_seal('unit_ops', NEW.rowid, NEW.id, NEW.unit_id, NEW.wo_op_id, NEW.status, NEW.start_ts, NEW.end_ts, NEW.started_by, NEW.ended_by));
END;
CREATE TRIGGER unit_ops_seal_delete AFTER DELETE ON unit_ops BEGIN
	DELETE FROM row_seals WHERE tbl = 'unit_ops' AND row_id = OLD.rowid
		AND mes_seal('unit_ops', OLD.rowid) IS NOT NULL;
END;
CREATE TRIGGER unit_parts_seal_insert AFTER INSERT ON unit_parts BEGIN
	INSERT OR REPLACE INTO row_seals VALUES ('unit_parts', NEW.rowid,
		mes_seal('unit_parts', NEW.rowid, NEW.id, NEW.unit_id, NEW.child_unit_id, NEW.lot_id, NEW.qty, NEW.wo_op_id, NEW.ts, NEW.user_id));
END;
CREATE TRIGGER unit_parts_seal_update AFTER UPDATE ON unit_parts BEGIN
	DELETE FROM row_seals WHERE tbl = 'unit_parts' AND row_id = OLD.rowid
		AND OLD.rowid <> NEW.rowid;
	INSERT OR REPLACE INTO row_seals VALUES ('unit_parts', NEW.rowid,
		mes_seal('unit_parts', NEW.rowid, NEW.id, NEW.unit_id, NEW.child_unit_id, NEW.lot_id, NEW.qty, NEW.wo_op_id, NEW.ts, NEW.user_id));
END;
CREATE TRIGGER unit_parts_seal_delete AFTER DELETE ON unit_parts BEGIN
	DELETE FROM row_seals WHERE tbl = 'unit_parts' AND row_id = OLD.rowid
		AND mes_seal('unit_parts', OLD.rowid) IS NOT NULL;
END;
