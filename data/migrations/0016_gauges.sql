-- mes schema, version 16: gauges and their calibration.
--
-- A gauge (a caliper, a plug gauge, the serial gauge mes-quality reads)
-- is calibrated every interval_days; an inspection result measured with
-- one that is overdue or failed its last calibration is refused.  Each
-- calibration is signed by whoever performed it.  gauge_uses says which
-- gauge measured which characteristic of which inspection under which
-- calibration (0: the one it came with), so that a failed calibration
-- lists the inspections measured since the last good one, and the lots
-- they released.  Calibrations and gauge uses are
-- sealed like the inspections they stand beside (schema 9).
CREATE TABLE gauges (
	id          INTEGER PRIMARY KEY,
	code        TEXT NOT NULL UNIQUE,
	description TEXT NOT NULL,
	interval_days INTEGER NOT NULL CHECK (interval_days BETWEEN 1 AND 3650),
	due_date    TEXT NOT NULL,                -- next calibration, YYYY-MM-DD
	status      TEXT NOT NULL DEFAULT 'ok' CHECK (status IN
	            ('ok', 'failed', 'retired')),
	created     TEXT NOT NULL
);

CREATE TABLE calibrations (
	id          INTEGER PRIMARY KEY,
	gauge_id    INTEGER NOT NULL REFERENCES gauges(id),
	ts          TEXT NOT NULL,
	result      TEXT NOT NULL CHECK (result IN ('pass', 'fail')),
	as_found    TEXT NOT NULL DEFAULT '',
	as_left     TEXT NOT NULL DEFAULT '',
	certificate TEXT NOT NULL DEFAULT '',
	user_id     INTEGER NOT NULL REFERENCES users(id),
	sig_id      INTEGER NOT NULL REFERENCES signatures(id)
);
CREATE INDEX calibrations_gauge ON calibrations(gauge_id, ts);

CREATE TABLE gauge_uses (
	id          INTEGER PRIMARY KEY,
	inspection_id INTEGER NOT NULL REFERENCES inspections(id),
	char_id     INTEGER NOT NULL REFERENCES characteristics(id),
	gauge_id    INTEGER NOT NULL REFERENCES gauges(id),
	cal_id      INTEGER NOT NULL DEFAULT 0,   -- the calibration in force
	UNIQUE (inspection_id, char_id)
);
CREATE INDEX gauge_uses_gauge ON gauge_uses(gauge_id, inspection_id);

CREATE TRIGGER calibrations_seal_insert AFTER INSERT ON calibrations BEGIN
	INSERT OR REPLACE INTO row_seals VALUES ('calibrations', NEW.rowid,
		mes_seal('calibrations', NEW.rowid, NEW.id, NEW.gauge_id, NEW.ts,
			NEW.result, NEW.as_found, NEW.as_left, NEW.certificate,
			NEW.user_id, NEW.sig_id));
END;
CREATE TRIGGER calibrations_seal_update AFTER UPDATE ON calibrations BEGIN
	DELETE FROM row_seals WHERE tbl = 'calibrations' AND row_id = OLD.rowid
		AND OLD.rowid <> NEW.rowid;
	INSERT OR REPLACE INTO row_seals VALUES ('calibrations', NEW.rowid,
		mes_seal('calibrations', NEW.rowid, NEW.id, NEW.gauge_id, NEW.ts,
			NEW.result, NEW.as_found, NEW.as_left, NEW.certificate,
			NEW.user_id, NEW.sig_id));
END;
CREATE TRIGGER calibrations_seal_delete AFTER DELETE ON calibrations BEGIN
	DELETE FROM row_seals WHERE tbl = 'calibrations' AND row_id = OLD.rowid
		AND mes_seal('calibrations', OLD.rowid) IS NOT NULL;
END;

CREATE TRIGGER gauge_uses_seal_insert AFTER INSERT ON gauge_uses BEGIN
	INSERT OR REPLACE INTO row_seals VALUES ('gauge_uses', NEW.rowid,
		mes_seal('gauge_uses', NEW.rowid, NEW.id, NEW.inspection_id,
			NEW.char_id, NEW.gauge_id, NEW.cal_id));
END;
CREATE TRIGGER gauge_uses_seal_update AFTER UPDATE ON gauge_uses BEGIN
	DELETE FROM row_seals WHERE tbl = 'gauge_uses' AND row_id = OLD.rowid
		AND OLD.rowid <> NEW.rowid;
	INSERT OR REPLACE INTO row_seals VALUES ('gauge_uses', NEW.rowid,
		mes_seal('gauge_uses', NEW.rowid, NEW.id, NEW.inspection_id,
			NEW.char_id, NEW.gauge_id, NEW.cal_id));
END;
CREATE TRIGGER gauge_uses_seal_delete AFTER DELETE ON gauge_uses BEGIN
	DELETE FROM row_seals WHERE tbl = 'gauge_uses' AND row_id = OLD.rowid
		AND mes_seal('gauge_uses', OLD.rowid) IS NOT NULL;
END;
