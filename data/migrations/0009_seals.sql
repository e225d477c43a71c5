-- mes schema, version 9: seals.  The audit trail's hash chain shows an
-- edit of the audit records; these show one of the records that matter
-- (the ledger, lots, genealogy, users and their roles, signatures,
-- inspections, measurements, non-conformances), made by any program
-- other than mes.  Each row of those tables has a MAC in row_seals,
-- written by the triggers below through mes_seal(), an SQL function that
-- only libmes registers (core/base/seal.c): a connection without it,
-- such as the sqlite3 shell, cannot write these tables at all, and one
-- that drops the triggers first leaves rows that mesctl audit verify
-- names.  With [audit] key_file set the MACs are keyed with the plant
-- key, which is not in this file; see mes(7) for what that proves.
--
-- The insert and update triggers pass every column in declared order;
-- verify recomputes over SELECT * and checks that the triggers still
-- name every column, so a migration that adds a column to a sealed table
-- must recreate its triggers and reseal its rows.

-- Audit records and signatures get a MAC of their hash: the hash alone
-- is public arithmetic, and a forged record appended after the newest
-- anchor hashes as well as a real one.
ALTER TABLE audit ADD COLUMN mac TEXT NOT NULL DEFAULT '';
DROP TRIGGER audit_no_update;
UPDATE audit SET mac = mes_mac('audit', hash);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;

ALTER TABLE signatures ADD COLUMN sig_mac TEXT NOT NULL DEFAULT '';
DROP TRIGGER signatures_no_update;
UPDATE signatures SET sig_mac = mes_mac('signature', sig_hash);
CREATE TRIGGER signatures_no_update BEFORE UPDATE ON signatures
BEGIN SELECT RAISE(ABORT, 'signatures are append-only'); END;

-- The delete triggers call mes_seal() only so that a connection without
-- it cannot delete either.
-- row_id is the rowid (genealogy has no id column of its own).
CREATE TABLE row_seals (
	tbl         TEXT NOT NULL,
	row_id      INTEGER NOT NULL,
	mac         TEXT NOT NULL,                -- "<key id>:<hex>"
	PRIMARY KEY (tbl, row_id)
) WITHOUT ROWID;

-- users
CREATE TRIGGER users_seal_insert AFTER INSERT ON users BEGIN
	INSERT OR REPLACE INTO row_seals VALUES ('users', NEW.rowid,
		mes_seal('users', NEW.rowid, NEW.id, NEW.login,
			NEW.name, NEW.badge, NEW.roles, NEW.secret, NEW.active,
			NEW.failures, NEW.locked, NEW.created, NEW.version));
END;
CREATE TRIGGER users_seal_update AFTER UPDATE ON users BEGIN
	DELETE FROM row_seals WHERE tbl = 'users' AND row_id = OLD.rowid
		AND OLD.rowid <> NEW.rowid;
	INSERT OR REPLACE INTO row_seals VALUES ('users', NEW.rowid,
		mes_seal('users', NEW.rowid, NEW.id, NEW.login,
			NEW.name, NEW.badge, NEW.roles, NEW.secret, NEW.active,
			NEW.failures, NEW.locked, NEW.created, NEW.version));
END;
CREATE TRIGGER users_seal_delete AFTER DELETE ON users BEGIN
	DELETE FROM row_seals WHERE tbl = 'users' AND row_id = OLD.rowid
		AND mes_seal('users', OLD.rowid) IS NOT NULL;
END;
INSERT INTO row_seals SELECT 'users', rowid, mes_seal('users', rowid,
	id, login, name, badge, roles, secret, active, failures, locked,
	created, version)
	FROM users;

-- lots
CREATE TRIGGER lots_seal_insert AFTER INSERT ON lots BEGIN
	INSERT OR REPLACE INTO row_seals VALUES ('lots', NEW.rowid,
		mes_seal('lots', NEW.rowid, NEW.id, NEW.lot_no,
			NEW.item_id, NEW.supplier, NEW.supplier_lot, NEW.sscc,
			NEW.expiry, NEW.status, NEW.produced_by, NEW.created,
			NEW.version, NEW.receipt_line_id, NEW.uom));
END;
CREATE TRIGGER lots_seal_update AFTER UPDATE ON lots BEGIN
	DELETE FROM row_seals WHERE tbl = 'lots' AND row_id = OLD.rowid
		AND OLD.rowid <> NEW.rowid;
	INSERT OR REPLACE INTO row_seals VALUES ('lots', NEW.rowid,
		mes_seal('lots', NEW.rowid, NEW.id, NEW.lot_no,
			NEW.item_id, NEW.supplier, NEW.supplier_lot, NEW.sscc,
			NEW.expiry, NEW.status, NEW.produced_by, NEW.created,
			NEW.version, NEW.receipt_line_id, NEW.uom));
END;
CREATE TRIGGER lots_seal_delete AFTER DELETE ON lots BEGIN
	DELETE FROM row_seals WHERE tbl = 'lots' AND row_id = OLD.rowid
		AND mes_seal('lots', OLD.rowid) IS NOT NULL;
END;
INSERT INTO row_seals SELECT 'lots', rowid, mes_seal('lots', rowid, id,
	lot_no, item_id, supplier, supplier_lot, sscc, expiry, status,
	produced_by, created, version, receipt_line_id, uom)
	FROM lots;

-- inv_moves
CREATE TRIGGER inv_moves_seal_insert AFTER INSERT ON inv_moves BEGIN
	INSERT OR REPLACE INTO row_seals VALUES ('inv_moves', NEW.rowid,
		mes_seal('inv_moves', NEW.rowid, NEW.id, NEW.ts,
			NEW.lot_id, NEW.location_id, NEW.qty, NEW.kind,
			NEW.wo_id, NEW.user_id, NEW.scan, NEW.wo_op_id,
			NEW.reason));
END;
CREATE TRIGGER inv_moves_seal_update AFTER UPDATE ON inv_moves BEGIN
	DELETE FROM row_seals WHERE tbl = 'inv_moves' AND row_id = OLD.rowid
		AND OLD.rowid <> NEW.rowid;
	INSERT OR REPLACE INTO row_seals VALUES ('inv_moves', NEW.rowid,
		mes_seal('inv_moves', NEW.rowid, NEW.id, NEW.ts,
			NEW.lot_id, NEW.location_id, NEW.qty, NEW.kind,
			NEW.wo_id, NEW.user_id, NEW.scan, NEW.wo_op_id,
			NEW.reason));
END;
CREATE TRIGGER inv_moves_seal_delete AFTER DELETE ON inv_moves BEGIN
	DELETE FROM row_seals WHERE tbl = 'inv_moves' AND row_id = OLD.rowid
		AND mes_seal('inv_moves', OLD.rowid) IS NOT NULL;
END;
INSERT INTO row_seals SELECT 'inv_moves', rowid, mes_seal('inv_moves',
	rowid, id, ts, lot_id, location_id, qty, kind, wo_id, user_id, scan,
	wo_op_id, reason)
	FROM inv_moves;

-- genealogy
CREATE TRIGGER genealogy_seal_insert AFTER INSERT ON genealogy BEGIN
	INSERT OR REPLACE INTO row_seals VALUES ('genealogy', NEW.rowid,
		mes_seal('genealogy', NEW.rowid, NEW.parent_lot_id,
			NEW.child_lot_id, NEW.wo_id, NEW.qty, NEW.ts));
END;
CREATE TRIGGER genealogy_seal_update AFTER UPDATE ON genealogy BEGIN
	DELETE FROM row_seals WHERE tbl = 'genealogy' AND row_id = OLD.rowid
		AND OLD.rowid <> NEW.rowid;
	INSERT OR REPLACE INTO row_seals VALUES ('genealogy', NEW.rowid,
		mes_seal('genealogy', NEW.rowid, NEW.parent_lot_id,
			NEW.child_lot_id, NEW.wo_id, NEW.qty, NEW.ts));
END;
CREATE TRIGGER genealogy_seal_delete AFTER DELETE ON genealogy BEGIN
	DELETE FROM row_seals WHERE tbl = 'genealogy' AND row_id = OLD.rowid
		AND mes_seal('genealogy', OLD.rowid) IS NOT NULL;
END;
INSERT INTO row_seals SELECT 'genealogy', rowid, mes_seal('genealogy',
	rowid, parent_lot_id, child_lot_id, wo_id, qty, ts)
	FROM genealogy;

-- signatures
CREATE TRIGGER signatures_seal_insert AFTER INSERT ON signatures BEGIN
	INSERT OR REPLACE INTO row_seals VALUES ('signatures', NEW.rowid,
		mes_seal('signatures', NEW.rowid, NEW.id, NEW.user_id,
			NEW.login, NEW.printed_name, NEW.meaning, NEW.ts,
			NEW.tbl, NEW.rec_id, NEW.rec_version, NEW.content_hash,
			NEW.sig_hash, NEW.sig_mac));
END;
CREATE TRIGGER signatures_seal_update AFTER UPDATE ON signatures BEGIN
	DELETE FROM row_seals WHERE tbl = 'signatures' AND row_id = OLD.rowid
		AND OLD.rowid <> NEW.rowid;
	INSERT OR REPLACE INTO row_seals VALUES ('signatures', NEW.rowid,
		mes_seal('signatures', NEW.rowid, NEW.id, NEW.user_id,
			NEW.login, NEW.printed_name, NEW.meaning, NEW.ts,
			NEW.tbl, NEW.rec_id, NEW.rec_version, NEW.content_hash,
			NEW.sig_hash, NEW.sig_mac));
END;
CREATE TRIGGER signatures_seal_delete AFTER DELETE ON signatures BEGIN
	DELETE FROM row_seals WHERE tbl = 'signatures' AND row_id = OLD.rowid
		AND mes_seal('signatures', OLD.rowid) IS NOT NULL;
END;
INSERT INTO row_seals SELECT 'signatures', rowid, mes_seal('signatures',
	rowid, id, user_id, login, printed_name, meaning, ts, tbl, rec_id,
	rec_version, content_hash, sig_hash, sig_mac)
	FROM signatures;

-- inspections
CREATE TRIGGER inspections_seal_insert AFTER INSERT ON inspections BEGIN
	INSERT OR REPLACE INTO row_seals VALUES ('inspections', NEW.rowid,
		mes_seal('inspections', NEW.rowid, NEW.id, NEW.plan_id,
			NEW.lot_id, NEW.wo_op_id, NEW.user_id, NEW.ts,
			NEW.result, NEW.op_qty));
END;
CREATE TRIGGER inspections_seal_update AFTER UPDATE ON inspections BEGIN
	DELETE FROM row_seals WHERE tbl = 'inspections' AND row_id = OLD.rowid
		AND OLD.rowid <> NEW.rowid;
	INSERT OR REPLACE INTO row_seals VALUES ('inspections', NEW.rowid,
		mes_seal('inspections', NEW.rowid, NEW.id, NEW.plan_id,
			NEW.lot_id, NEW.wo_op_id, NEW.user_id, NEW.ts,
			NEW.result, NEW.op_qty));
END;
CREATE TRIGGER inspections_seal_delete AFTER DELETE ON inspections BEGIN
	DELETE FROM row_seals WHERE tbl = 'inspections' AND row_id = OLD.rowid
		AND mes_seal('inspections', OLD.rowid) IS NOT NULL;
END;
INSERT INTO row_seals SELECT 'inspections', rowid,
	mes_seal('inspections', rowid, id, plan_id, lot_id, wo_op_id, user_id,
	ts, result, op_qty)
	FROM inspections;

-- measurements
CREATE TRIGGER measurements_seal_insert AFTER INSERT ON measurements BEGIN
	INSERT OR REPLACE INTO row_seals VALUES ('measurements', NEW.rowid,
		mes_seal('measurements', NEW.rowid, NEW.id,
			NEW.inspection_id, NEW.char_id, NEW.subgroup_no,
			NEW.value, NEW.defects, NEW.sample_size,
			NEW.out_of_spec, NEW.comment, NEW.source,
			NEW.defect_code));
END;
CREATE TRIGGER measurements_seal_update AFTER UPDATE ON measurements BEGIN
	DELETE FROM row_seals WHERE tbl = 'measurements' AND row_id = OLD.rowid
		AND OLD.rowid <> NEW.rowid;
	INSERT OR REPLACE INTO row_seals VALUES ('measurements', NEW.rowid,
		mes_seal('measurements', NEW.rowid, NEW.id,
			NEW.inspection_id, NEW.char_id, NEW.subgroup_no,
			NEW.value, NEW.defects, NEW.sample_size,
			NEW.out_of_spec, NEW.comment, NEW.source,
			NEW.defect_code));
END;
CREATE TRIGGER measurements_seal_delete AFTER DELETE ON measurements BEGIN
	DELETE FROM row_seals WHERE tbl = 'measurements' AND row_id = OLD.rowid
		AND mes_seal('measurements', OLD.rowid) IS NOT NULL;
END;
INSERT INTO row_seals SELECT 'measurements', rowid,
	mes_seal('measurements', rowid, id, inspection_id, char_id, subgroup_no,
	value, defects, sample_size, out_of_spec, comment, source, defect_code)
	FROM measurements;

-- nonconformances
CREATE TRIGGER nonconformances_seal_insert AFTER INSERT ON nonconformances BEGIN
	INSERT OR REPLACE INTO row_seals VALUES ('nonconformances', NEW.rowid,
		mes_seal('nonconformances', NEW.rowid, NEW.id,
			NEW.nc_no, NEW.source, NEW.item_id, NEW.lot_id,
			NEW.wo_id, NEW.wo_op_id, NEW.inspection_id,
			NEW.alarm_id, NEW.defect_code, NEW.description, NEW.qty,
			NEW.status, NEW.containment, NEW.disposition,
			NEW.disposition_note, NEW.root_cause,
			NEW.corrective_action, NEW.lot_was, NEW.signature_id,
			NEW.close_signature_id, NEW.opened_by, NEW.opened_ts,
			NEW.closed_ts, NEW.version));
END;
CREATE TRIGGER nonconformances_seal_update AFTER UPDATE ON nonconformances BEGIN
	DELETE FROM row_seals WHERE tbl = 'nonconformances' AND row_id = OLD.rowid
		AND OLD.rowid <> NEW.rowid;
	INSERT OR REPLACE INTO row_seals VALUES ('nonconformances', NEW.rowid,
		mes_seal('nonconformances', NEW.rowid, NEW.id,
			NEW.nc_no, NEW.source, NEW.item_id, NEW.lot_id,
			NEW.wo_id, NEW.wo_op_id, NEW.inspection_id,
			NEW.alarm_id, NEW.defect_code, NEW.description, NEW.qty,
			NEW.status, NEW.containment, NEW.disposition,
			NEW.disposition_note, NEW.root_cause,
			NEW.corrective_action, NEW.lot_was, NEW.signature_id,
			NEW.close_signature_id, NEW.opened_by, NEW.opened_ts,
			NEW.closed_ts, NEW.version));
END;
CREATE TRIGGER nonconformances_seal_delete AFTER DELETE ON nonconformances BEGIN
	DELETE FROM row_seals WHERE tbl = 'nonconformances' AND row_id = OLD.rowid
		AND mes_seal('nonconformances', OLD.rowid) IS NOT NULL;
END;
INSERT INTO row_seals SELECT 'nonconformances', rowid,
	mes_seal('nonconformances', rowid, id, nc_no, source, item_id, lot_id,
	wo_id, wo_op_id, inspection_id, alarm_id, defect_code, description, qty,
	status, containment, disposition, disposition_note, root_cause,
	corrective_action, lot_was, signature_id, close_signature_id, opened_by,
	opened_ts, closed_ts, version)
	FROM nonconformances;
