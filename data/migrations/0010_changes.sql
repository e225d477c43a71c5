-- mes schema, version 10: what a screen needs to redraw only what changed.
--
-- Every program's screens poll PRAGMA data_version; when another process
-- has committed, they read this journal past the last change they saw
-- and refresh only the rows it names.  The triggers below write it in
-- the same transaction as the change itself, so a change and its journal
-- entry are committed together or not at all, whichever program (or
-- version of one) made it.  kind is one bit per group of tables, the
-- MES_CH_* values of core/mes.h; wc_id and wo_id say where on the floor
-- the change was, where the table knows.
CREATE TABLE changes (
	seq         INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused: see below
	kind        INTEGER NOT NULL,
	row_id      INTEGER NOT NULL,
	wc_id       INTEGER,
	wo_id       INTEGER
);

-- The journal keeps the newest 20,000 changes.  AUTOINCREMENT keeps a
-- pruned seq from coming back, so a screen that fell further behind than
-- that sees the gap (its next seq is gone) and reads everything again.
CREATE TRIGGER changes_prune AFTER INSERT ON changes
WHEN NEW.seq % 1000 = 0 BEGIN
	DELETE FROM changes WHERE seq <= NEW.seq - 20000;
END;

-- Each work center's queue and running counts, kept by triggers so the
-- board reads two numbers instead of counting a backlog.  An operation
-- counts as queued while it waits, runs or is paused and its order is
-- released, running or held; each trigger adds the change in that
-- contribution against the other table as it is at that moment, so
-- changes to orders and operations in either order inside a transaction
-- add up to the count of the committed state (tests/unit/test_changes.c
-- compares it with a full count after random changes).
CREATE TABLE wc_load (
	wc_id       INTEGER PRIMARY KEY REFERENCES work_centers(id),
	queued      INTEGER NOT NULL DEFAULT 0,
	running     INTEGER NOT NULL DEFAULT 0
);
INSERT INTO wc_load (wc_id, queued, running)
	SELECT c.id,
		(SELECT count(*) FROM wo_ops o JOIN work_orders w ON w.id = o.wo_id
		 WHERE o.wc_id = c.id AND o.status IN ('waiting','running','paused')
		 AND w.status IN ('released','running','held')),
		(SELECT count(*) FROM wo_ops o WHERE o.wc_id = c.id
		 AND o.status = 'running')
	FROM work_centers c;

CREATE TRIGGER wc_load_wc_ins AFTER INSERT ON work_centers BEGIN
	INSERT OR IGNORE INTO wc_load (wc_id) VALUES (NEW.id);
END;
CREATE TRIGGER wc_load_op_ins AFTER INSERT ON wo_ops BEGIN
	UPDATE wc_load SET
		queued = queued + (NEW.status IN ('waiting','running','paused') AND
			(SELECT status FROM work_orders WHERE id = NEW.wo_id) IN
			('released','running','held')),
		running = running + (NEW.status = 'running')
	WHERE wc_id = NEW.wc_id;
END;
CREATE TRIGGER wc_load_op_upd AFTER UPDATE OF status, wc_id, wo_id ON wo_ops
BEGIN
	UPDATE wc_load SET
		queued = queued - (OLD.status IN ('waiting','running','paused') AND
			(SELECT status FROM work_orders WHERE id = OLD.wo_id) IN
			('released','running','held')),
		running = running - (OLD.status = 'running')
	WHERE wc_id = OLD.wc_id;
	UPDATE wc_load SET
		queued = queued + (NEW.status IN ('waiting','running','paused') AND
			(SELECT status FROM work_orders WHERE id = NEW.wo_id) IN
			('released','running','held')),
		running = running + (NEW.status = 'running')
	WHERE wc_id = NEW.wc_id;
END;
CREATE TRIGGER wc_load_op_del AFTER DELETE ON wo_ops BEGIN
	UPDATE wc_load SET
		queued = queued - (OLD.status IN ('waiting','running','paused') AND
			(SELECT status FROM work_orders WHERE id = OLD.wo_id) IN
			('released','running','held')),
		running = running - (OLD.status = 'running')
	WHERE wc_id = OLD.wc_id;
END;
-- An order opening or closing adds or takes away its open operations.
CREATE TRIGGER wc_load_wo_upd AFTER UPDATE OF status ON work_orders
WHEN (OLD.status IN ('released','running','held')) <>
     (NEW.status IN ('released','running','held')) BEGIN
	UPDATE wc_load SET queued = queued +
		(CASE WHEN NEW.status IN ('released','running','held') THEN 1
		 ELSE -1 END) *
		(SELECT count(*) FROM wo_ops o WHERE o.wo_id = NEW.id AND
		 o.wc_id = wc_load.wc_id AND
		 o.status IN ('waiting','running','paused'))
	WHERE wc_id IN (SELECT wc_id FROM wo_ops WHERE wo_id = NEW.id);
END;
CREATE TRIGGER wc_load_wo_del AFTER DELETE ON work_orders
WHEN OLD.status IN ('released','running','held') BEGIN
	UPDATE wc_load SET queued = queued -
		(SELECT count(*) FROM wo_ops o WHERE o.wo_id = OLD.id AND
		 o.wc_id = wc_load.wc_id AND
		 o.status IN ('waiting','running','paused'))
	WHERE wc_id IN (SELECT wc_id FROM wo_ops WHERE wo_id = OLD.id);
END;

-- The journal's triggers: one each for insert, update and delete on every
-- table a screen shows.  An update that moves a row to another work
-- center or order names the old place too.  Not journalled: the audit
-- trail, seals and log-in failures (no screen lists them), and the two
-- tables above.
CREATE TRIGGER work_orders_ch_ins AFTER INSERT ON work_orders BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (1, NEW.rowid, NULL, NEW.id);
END;
CREATE TRIGGER work_orders_ch_upd AFTER UPDATE ON work_orders BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (1, NEW.rowid, NULL, NEW.id);
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		SELECT 1, OLD.rowid, NULL, OLD.id
		WHERE OLD.id IS NOT NEW.id;
END;
CREATE TRIGGER work_orders_ch_del AFTER DELETE ON work_orders BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (1, OLD.rowid, NULL, OLD.id);
END;
CREATE TRIGGER wo_ops_ch_ins AFTER INSERT ON wo_ops BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (2, NEW.rowid, NEW.wc_id, NEW.wo_id);
END;
CREATE TRIGGER wo_ops_ch_upd AFTER UPDATE ON wo_ops BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (2, NEW.rowid, NEW.wc_id, NEW.wo_id);
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		SELECT 2, OLD.rowid, OLD.wc_id, OLD.wo_id
		WHERE OLD.wc_id IS NOT NEW.wc_id OR OLD.wo_id IS NOT NEW.wo_id;
END;
CREATE TRIGGER wo_ops_ch_del AFTER DELETE ON wo_ops BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (2, OLD.rowid, OLD.wc_id, OLD.wo_id);
END;
CREATE TRIGGER labor_ch_ins AFTER INSERT ON labor BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (4, NEW.rowid, (SELECT wc_id FROM wo_ops WHERE id = NEW.wo_op_id), (SELECT wo_id FROM wo_ops WHERE id = NEW.wo_op_id));
END;
CREATE TRIGGER labor_ch_upd AFTER UPDATE ON labor BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (4, NEW.rowid, (SELECT wc_id FROM wo_ops WHERE id = NEW.wo_op_id), (SELECT wo_id FROM wo_ops WHERE id = NEW.wo_op_id));
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		SELECT 4, OLD.rowid, (SELECT wc_id FROM wo_ops WHERE id = OLD.wo_op_id), (SELECT wo_id FROM wo_ops WHERE id = OLD.wo_op_id)
		WHERE (SELECT wc_id FROM wo_ops WHERE id = OLD.wo_op_id) IS NOT (SELECT wc_id FROM wo_ops WHERE id = NEW.wo_op_id) OR (SELECT wo_id FROM wo_ops WHERE id = OLD.wo_op_id) IS NOT (SELECT wo_id FROM wo_ops WHERE id = NEW.wo_op_id);
END;
CREATE TRIGGER labor_ch_del AFTER DELETE ON labor BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (4, OLD.rowid, (SELECT wc_id FROM wo_ops WHERE id = OLD.wo_op_id), (SELECT wo_id FROM wo_ops WHERE id = OLD.wo_op_id));
END;
CREATE TRIGGER op_events_ch_ins AFTER INSERT ON op_events BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (8, NEW.rowid, (SELECT wc_id FROM wo_ops WHERE id = NEW.wo_op_id), (SELECT wo_id FROM wo_ops WHERE id = NEW.wo_op_id));
END;
CREATE TRIGGER op_events_ch_upd AFTER UPDATE ON op_events BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (8, NEW.rowid, (SELECT wc_id FROM wo_ops WHERE id = NEW.wo_op_id), (SELECT wo_id FROM wo_ops WHERE id = NEW.wo_op_id));
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		SELECT 8, OLD.rowid, (SELECT wc_id FROM wo_ops WHERE id = OLD.wo_op_id), (SELECT wo_id FROM wo_ops WHERE id = OLD.wo_op_id)
		WHERE (SELECT wc_id FROM wo_ops WHERE id = OLD.wo_op_id) IS NOT (SELECT wc_id FROM wo_ops WHERE id = NEW.wo_op_id) OR (SELECT wo_id FROM wo_ops WHERE id = OLD.wo_op_id) IS NOT (SELECT wo_id FROM wo_ops WHERE id = NEW.wo_op_id);
END;
CREATE TRIGGER op_events_ch_del AFTER DELETE ON op_events BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (8, OLD.rowid, (SELECT wc_id FROM wo_ops WHERE id = OLD.wo_op_id), (SELECT wo_id FROM wo_ops WHERE id = OLD.wo_op_id));
END;
CREATE TRIGGER andon_calls_ch_ins AFTER INSERT ON andon_calls BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (16, NEW.rowid, NEW.wc_id, NULL);
END;
CREATE TRIGGER andon_calls_ch_upd AFTER UPDATE ON andon_calls BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (16, NEW.rowid, NEW.wc_id, NULL);
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		SELECT 16, OLD.rowid, OLD.wc_id, NULL
		WHERE OLD.wc_id IS NOT NEW.wc_id;
END;
CREATE TRIGGER andon_calls_ch_del AFTER DELETE ON andon_calls BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (16, OLD.rowid, OLD.wc_id, NULL);
END;
CREATE TRIGGER spc_alarms_ch_ins AFTER INSERT ON spc_alarms BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (32, NEW.rowid, NEW.wc_id, NULL);
END;
CREATE TRIGGER spc_alarms_ch_upd AFTER UPDATE ON spc_alarms BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (32, NEW.rowid, NEW.wc_id, NULL);
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		SELECT 32, OLD.rowid, OLD.wc_id, NULL
		WHERE OLD.wc_id IS NOT NEW.wc_id;
END;
CREATE TRIGGER spc_alarms_ch_del AFTER DELETE ON spc_alarms BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (32, OLD.rowid, OLD.wc_id, NULL);
END;
CREATE TRIGGER spc_limits_ch_ins AFTER INSERT ON spc_limits BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (32, NEW.rowid, NULL, NULL);
END;
CREATE TRIGGER spc_limits_ch_upd AFTER UPDATE ON spc_limits BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (32, NEW.rowid, NULL, NULL);
END;
CREATE TRIGGER spc_limits_ch_del AFTER DELETE ON spc_limits BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (32, OLD.rowid, NULL, NULL);
END;
CREATE TRIGGER inspections_ch_ins AFTER INSERT ON inspections BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (64, NEW.rowid, NULL, NULL);
END;
CREATE TRIGGER inspections_ch_upd AFTER UPDATE ON inspections BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (64, NEW.rowid, NULL, NULL);
END;
CREATE TRIGGER inspections_ch_del AFTER DELETE ON inspections BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (64, OLD.rowid, NULL, NULL);
END;
CREATE TRIGGER measurements_ch_ins AFTER INSERT ON measurements BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (64, NEW.rowid, NULL, NULL);
END;
CREATE TRIGGER measurements_ch_upd AFTER UPDATE ON measurements BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (64, NEW.rowid, NULL, NULL);
END;
CREATE TRIGGER measurements_ch_del AFTER DELETE ON measurements BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (64, OLD.rowid, NULL, NULL);
END;
CREATE TRIGGER inspection_plans_ch_ins AFTER INSERT ON inspection_plans BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (128, NEW.rowid, NULL, NULL);
END;
CREATE TRIGGER inspection_plans_ch_upd AFTER UPDATE ON inspection_plans BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (128, NEW.rowid, NULL, NULL);
END;
CREATE TRIGGER inspection_plans_ch_del AFTER DELETE ON inspection_plans BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (128, OLD.rowid, NULL, NULL);
END;
CREATE TRIGGER characteristics_ch_ins AFTER INSERT ON characteristics BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (128, NEW.rowid, NULL, NULL);
END;
CREATE TRIGGER characteristics_ch_upd AFTER UPDATE ON characteristics BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (128, NEW.rowid, NULL, NULL);
END;
CREATE TRIGGER characteristics_ch_del AFTER DELETE ON characteristics BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (128, OLD.rowid, NULL, NULL);
END;
CREATE TRIGGER nonconformances_ch_ins AFTER INSERT ON nonconformances BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (256, NEW.rowid, NULL, NEW.wo_id);
END;
CREATE TRIGGER nonconformances_ch_upd AFTER UPDATE ON nonconformances BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (256, NEW.rowid, NULL, NEW.wo_id);
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		SELECT 256, OLD.rowid, NULL, OLD.wo_id
		WHERE OLD.wo_id IS NOT NEW.wo_id;
END;
CREATE TRIGGER nonconformances_ch_del AFTER DELETE ON nonconformances BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (256, OLD.rowid, NULL, OLD.wo_id);
END;
CREATE TRIGGER signatures_ch_ins AFTER INSERT ON signatures BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (256, NEW.rowid, NULL, NULL);
END;
CREATE TRIGGER signatures_ch_upd AFTER UPDATE ON signatures BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (256, NEW.rowid, NULL, NULL);
END;
CREATE TRIGGER signatures_ch_del AFTER DELETE ON signatures BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (256, OLD.rowid, NULL, NULL);
END;
CREATE TRIGGER assets_ch_ins AFTER INSERT ON assets BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (512, NEW.rowid, NEW.wc_id, NULL);
END;
CREATE TRIGGER assets_ch_upd AFTER UPDATE ON assets BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (512, NEW.rowid, NEW.wc_id, NULL);
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		SELECT 512, OLD.rowid, OLD.wc_id, NULL
		WHERE OLD.wc_id IS NOT NEW.wc_id;
END;
CREATE TRIGGER assets_ch_del AFTER DELETE ON assets BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (512, OLD.rowid, OLD.wc_id, NULL);
END;
CREATE TRIGGER asset_states_ch_ins AFTER INSERT ON asset_states BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (512, NEW.rowid, (SELECT wc_id FROM assets WHERE id = NEW.asset_id), NULL);
END;
CREATE TRIGGER asset_states_ch_upd AFTER UPDATE ON asset_states BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (512, NEW.rowid, (SELECT wc_id FROM assets WHERE id = NEW.asset_id), NULL);
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		SELECT 512, OLD.rowid, (SELECT wc_id FROM assets WHERE id = OLD.asset_id), NULL
		WHERE (SELECT wc_id FROM assets WHERE id = OLD.asset_id) IS NOT (SELECT wc_id FROM assets WHERE id = NEW.asset_id);
END;
CREATE TRIGGER asset_states_ch_del AFTER DELETE ON asset_states BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (512, OLD.rowid, (SELECT wc_id FROM assets WHERE id = OLD.asset_id), NULL);
END;
CREATE TRIGGER plcs_ch_ins AFTER INSERT ON plcs BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (512, NEW.rowid, (SELECT wc_id FROM assets WHERE id = NEW.asset_id), NULL);
END;
CREATE TRIGGER plcs_ch_upd AFTER UPDATE ON plcs BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (512, NEW.rowid, (SELECT wc_id FROM assets WHERE id = NEW.asset_id), NULL);
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		SELECT 512, OLD.rowid, (SELECT wc_id FROM assets WHERE id = OLD.asset_id), NULL
		WHERE (SELECT wc_id FROM assets WHERE id = OLD.asset_id) IS NOT (SELECT wc_id FROM assets WHERE id = NEW.asset_id);
END;
CREATE TRIGGER plcs_ch_del AFTER DELETE ON plcs BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (512, OLD.rowid, (SELECT wc_id FROM assets WHERE id = OLD.asset_id), NULL);
END;
CREATE TRIGGER downtime_events_ch_ins AFTER INSERT ON downtime_events BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (1024, NEW.rowid, (SELECT wc_id FROM assets WHERE id = NEW.asset_id), NULL);
END;
CREATE TRIGGER downtime_events_ch_upd AFTER UPDATE ON downtime_events BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (1024, NEW.rowid, (SELECT wc_id FROM assets WHERE id = NEW.asset_id), NULL);
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		SELECT 1024, OLD.rowid, (SELECT wc_id FROM assets WHERE id = OLD.asset_id), NULL
		WHERE (SELECT wc_id FROM assets WHERE id = OLD.asset_id) IS NOT (SELECT wc_id FROM assets WHERE id = NEW.asset_id);
END;
CREATE TRIGGER downtime_events_ch_del AFTER DELETE ON downtime_events BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (1024, OLD.rowid, (SELECT wc_id FROM assets WHERE id = OLD.asset_id), NULL);
END;
CREATE TRIGGER maint_orders_ch_ins AFTER INSERT ON maint_orders BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (2048, NEW.rowid, (SELECT wc_id FROM assets WHERE id = NEW.asset_id), NULL);
END;
CREATE TRIGGER maint_orders_ch_upd AFTER UPDATE ON maint_orders BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (2048, NEW.rowid, (SELECT wc_id FROM assets WHERE id = NEW.asset_id), NULL);
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		SELECT 2048, OLD.rowid, (SELECT wc_id FROM assets WHERE id = OLD.asset_id), NULL
		WHERE (SELECT wc_id FROM assets WHERE id = OLD.asset_id) IS NOT (SELECT wc_id FROM assets WHERE id = NEW.asset_id);
END;
CREATE TRIGGER maint_orders_ch_del AFTER DELETE ON maint_orders BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (2048, OLD.rowid, (SELECT wc_id FROM assets WHERE id = OLD.asset_id), NULL);
END;
CREATE TRIGGER maint_parts_ch_ins AFTER INSERT ON maint_parts BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (2048, NEW.rowid, NULL, NULL);
END;
CREATE TRIGGER maint_parts_ch_upd AFTER UPDATE ON maint_parts BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (2048, NEW.rowid, NULL, NULL);
END;
CREATE TRIGGER maint_parts_ch_del AFTER DELETE ON maint_parts BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (2048, OLD.rowid, NULL, NULL);
END;
CREATE TRIGGER maint_labor_ch_ins AFTER INSERT ON maint_labor BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (2048, NEW.rowid, NULL, NULL);
END;
CREATE TRIGGER maint_labor_ch_upd AFTER UPDATE ON maint_labor BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (2048, NEW.rowid, NULL, NULL);
END;
CREATE TRIGGER maint_labor_ch_del AFTER DELETE ON maint_labor BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (2048, OLD.rowid, NULL, NULL);
END;
CREATE TRIGGER maint_requests_ch_ins AFTER INSERT ON maint_requests BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (2048, NEW.rowid, (SELECT wc_id FROM assets WHERE id = NEW.asset_id), NULL);
END;
CREATE TRIGGER maint_requests_ch_upd AFTER UPDATE ON maint_requests BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (2048, NEW.rowid, (SELECT wc_id FROM assets WHERE id = NEW.asset_id), NULL);
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		SELECT 2048, OLD.rowid, (SELECT wc_id FROM assets WHERE id = OLD.asset_id), NULL
		WHERE (SELECT wc_id FROM assets WHERE id = OLD.asset_id) IS NOT (SELECT wc_id FROM assets WHERE id = NEW.asset_id);
END;
CREATE TRIGGER maint_requests_ch_del AFTER DELETE ON maint_requests BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (2048, OLD.rowid, (SELECT wc_id FROM assets WHERE id = OLD.asset_id), NULL);
END;
CREATE TRIGGER pm_plans_ch_ins AFTER INSERT ON pm_plans BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (2048, NEW.rowid, (SELECT wc_id FROM assets WHERE id = NEW.asset_id), NULL);
END;
CREATE TRIGGER pm_plans_ch_upd AFTER UPDATE ON pm_plans BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (2048, NEW.rowid, (SELECT wc_id FROM assets WHERE id = NEW.asset_id), NULL);
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		SELECT 2048, OLD.rowid, (SELECT wc_id FROM assets WHERE id = OLD.asset_id), NULL
		WHERE (SELECT wc_id FROM assets WHERE id = OLD.asset_id) IS NOT (SELECT wc_id FROM assets WHERE id = NEW.asset_id);
END;
CREATE TRIGGER pm_plans_ch_del AFTER DELETE ON pm_plans BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (2048, OLD.rowid, (SELECT wc_id FROM assets WHERE id = OLD.asset_id), NULL);
END;
CREATE TRIGGER condition_alerts_ch_ins AFTER INSERT ON condition_alerts BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (4096, NEW.rowid, (SELECT wc_id FROM assets WHERE id = NEW.asset_id), NULL);
END;
CREATE TRIGGER condition_alerts_ch_upd AFTER UPDATE ON condition_alerts BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (4096, NEW.rowid, (SELECT wc_id FROM assets WHERE id = NEW.asset_id), NULL);
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		SELECT 4096, OLD.rowid, (SELECT wc_id FROM assets WHERE id = OLD.asset_id), NULL
		WHERE (SELECT wc_id FROM assets WHERE id = OLD.asset_id) IS NOT (SELECT wc_id FROM assets WHERE id = NEW.asset_id);
END;
CREATE TRIGGER condition_alerts_ch_del AFTER DELETE ON condition_alerts BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (4096, OLD.rowid, (SELECT wc_id FROM assets WHERE id = OLD.asset_id), NULL);
END;
CREATE TRIGGER condition_monitors_ch_ins AFTER INSERT ON condition_monitors BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (4096, NEW.rowid, (SELECT wc_id FROM assets WHERE id = NEW.asset_id), NULL);
END;
CREATE TRIGGER condition_monitors_ch_upd AFTER UPDATE ON condition_monitors BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (4096, NEW.rowid, (SELECT wc_id FROM assets WHERE id = NEW.asset_id), NULL);
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		SELECT 4096, OLD.rowid, (SELECT wc_id FROM assets WHERE id = OLD.asset_id), NULL
		WHERE (SELECT wc_id FROM assets WHERE id = OLD.asset_id) IS NOT (SELECT wc_id FROM assets WHERE id = NEW.asset_id);
END;
CREATE TRIGGER condition_monitors_ch_del AFTER DELETE ON condition_monitors BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (4096, OLD.rowid, (SELECT wc_id FROM assets WHERE id = OLD.asset_id), NULL);
END;
CREATE TRIGGER machine_counts_ch_ins AFTER INSERT ON machine_counts BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (8192, NEW.rowid, NEW.wc_id, (SELECT wo_id FROM wo_ops WHERE id = NEW.wo_op_id));
END;
CREATE TRIGGER machine_counts_ch_upd AFTER UPDATE ON machine_counts BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (8192, NEW.rowid, NEW.wc_id, (SELECT wo_id FROM wo_ops WHERE id = NEW.wo_op_id));
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		SELECT 8192, OLD.rowid, OLD.wc_id, (SELECT wo_id FROM wo_ops WHERE id = OLD.wo_op_id)
		WHERE OLD.wc_id IS NOT NEW.wc_id OR (SELECT wo_id FROM wo_ops WHERE id = OLD.wo_op_id) IS NOT (SELECT wo_id FROM wo_ops WHERE id = NEW.wo_op_id);
END;
CREATE TRIGGER machine_counts_ch_del AFTER DELETE ON machine_counts BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (8192, OLD.rowid, OLD.wc_id, (SELECT wo_id FROM wo_ops WHERE id = OLD.wo_op_id));
END;
CREATE TRIGGER energy_ch_ins AFTER INSERT ON energy BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (8192, NEW.rowid, (SELECT wc_id FROM wo_ops WHERE id = NEW.wo_op_id), (SELECT wo_id FROM wo_ops WHERE id = NEW.wo_op_id));
END;
CREATE TRIGGER energy_ch_upd AFTER UPDATE ON energy BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (8192, NEW.rowid, (SELECT wc_id FROM wo_ops WHERE id = NEW.wo_op_id), (SELECT wo_id FROM wo_ops WHERE id = NEW.wo_op_id));
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		SELECT 8192, OLD.rowid, (SELECT wc_id FROM wo_ops WHERE id = OLD.wo_op_id), (SELECT wo_id FROM wo_ops WHERE id = OLD.wo_op_id)
		WHERE (SELECT wc_id FROM wo_ops WHERE id = OLD.wo_op_id) IS NOT (SELECT wc_id FROM wo_ops WHERE id = NEW.wo_op_id) OR (SELECT wo_id FROM wo_ops WHERE id = OLD.wo_op_id) IS NOT (SELECT wo_id FROM wo_ops WHERE id = NEW.wo_op_id);
END;
CREATE TRIGGER energy_ch_del AFTER DELETE ON energy BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (8192, OLD.rowid, (SELECT wc_id FROM wo_ops WHERE id = OLD.wo_op_id), (SELECT wo_id FROM wo_ops WHERE id = OLD.wo_op_id));
END;
CREATE TRIGGER counters_ch_ins AFTER INSERT ON counters BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (8192, NEW.rowid, NULL, NULL);
END;
CREATE TRIGGER counters_ch_upd AFTER UPDATE ON counters BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (8192, NEW.rowid, NULL, NULL);
END;
CREATE TRIGGER counters_ch_del AFTER DELETE ON counters BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (8192, OLD.rowid, NULL, NULL);
END;
CREATE TRIGGER tag_samples_ch_ins AFTER INSERT ON tag_samples BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (8192, NEW.rowid, NULL, NULL);
END;
CREATE TRIGGER tag_samples_ch_upd AFTER UPDATE ON tag_samples BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (8192, NEW.rowid, NULL, NULL);
END;
CREATE TRIGGER tag_samples_ch_del AFTER DELETE ON tag_samples BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (8192, OLD.rowid, NULL, NULL);
END;
CREATE TRIGGER work_centers_ch_ins AFTER INSERT ON work_centers BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (16384, NEW.rowid, NEW.id, NULL);
END;
CREATE TRIGGER work_centers_ch_upd AFTER UPDATE ON work_centers BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (16384, NEW.rowid, NEW.id, NULL);
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		SELECT 16384, OLD.rowid, OLD.id, NULL
		WHERE OLD.id IS NOT NEW.id;
END;
CREATE TRIGGER work_centers_ch_del AFTER DELETE ON work_centers BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (16384, OLD.rowid, OLD.id, NULL);
END;
CREATE TRIGGER wc_shifts_ch_ins AFTER INSERT ON wc_shifts BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (16384, NEW.rowid, NEW.wc_id, NULL);
END;
CREATE TRIGGER wc_shifts_ch_upd AFTER UPDATE ON wc_shifts BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (16384, NEW.rowid, NEW.wc_id, NULL);
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		SELECT 16384, OLD.rowid, OLD.wc_id, NULL
		WHERE OLD.wc_id IS NOT NEW.wc_id;
END;
CREATE TRIGGER wc_shifts_ch_del AFTER DELETE ON wc_shifts BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (16384, OLD.rowid, OLD.wc_id, NULL);
END;
CREATE TRIGGER wc_unavailable_ch_ins AFTER INSERT ON wc_unavailable BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (16384, NEW.rowid, NEW.wc_id, NULL);
END;
CREATE TRIGGER wc_unavailable_ch_upd AFTER UPDATE ON wc_unavailable BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (16384, NEW.rowid, NEW.wc_id, NULL);
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		SELECT 16384, OLD.rowid, OLD.wc_id, NULL
		WHERE OLD.wc_id IS NOT NEW.wc_id;
END;
CREATE TRIGGER wc_unavailable_ch_del AFTER DELETE ON wc_unavailable BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (16384, OLD.rowid, OLD.wc_id, NULL);
END;
CREATE TRIGGER setup_matrix_ch_ins AFTER INSERT ON setup_matrix BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (16384, NEW.rowid, NEW.wc_id, NULL);
END;
CREATE TRIGGER setup_matrix_ch_upd AFTER UPDATE ON setup_matrix BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (16384, NEW.rowid, NEW.wc_id, NULL);
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		SELECT 16384, OLD.rowid, OLD.wc_id, NULL
		WHERE OLD.wc_id IS NOT NEW.wc_id;
END;
CREATE TRIGGER setup_matrix_ch_del AFTER DELETE ON setup_matrix BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (16384, OLD.rowid, OLD.wc_id, NULL);
END;
CREATE TRIGGER items_ch_ins AFTER INSERT ON items BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (32768, NEW.rowid, NULL, NULL);
END;
CREATE TRIGGER items_ch_upd AFTER UPDATE ON items BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (32768, NEW.rowid, NULL, NULL);
END;
CREATE TRIGGER items_ch_del AFTER DELETE ON items BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (32768, OLD.rowid, NULL, NULL);
END;
CREATE TRIGGER bom_ch_ins AFTER INSERT ON bom BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (32768, NEW.rowid, NULL, NULL);
END;
CREATE TRIGGER bom_ch_upd AFTER UPDATE ON bom BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (32768, NEW.rowid, NULL, NULL);
END;
CREATE TRIGGER bom_ch_del AFTER DELETE ON bom BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (32768, OLD.rowid, NULL, NULL);
END;
CREATE TRIGGER routing_ops_ch_ins AFTER INSERT ON routing_ops BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (32768, NEW.rowid, NULL, NULL);
END;
CREATE TRIGGER routing_ops_ch_upd AFTER UPDATE ON routing_ops BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (32768, NEW.rowid, NULL, NULL);
END;
CREATE TRIGGER routing_ops_ch_del AFTER DELETE ON routing_ops BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (32768, OLD.rowid, NULL, NULL);
END;
CREATE TRIGGER routing_alternatives_ch_ins AFTER INSERT ON routing_alternatives BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (32768, NEW.rowid, NULL, NULL);
END;
CREATE TRIGGER routing_alternatives_ch_upd AFTER UPDATE ON routing_alternatives BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (32768, NEW.rowid, NULL, NULL);
END;
CREATE TRIGGER routing_alternatives_ch_del AFTER DELETE ON routing_alternatives BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (32768, OLD.rowid, NULL, NULL);
END;
CREATE TRIGGER instructions_ch_ins AFTER INSERT ON instructions BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (32768, NEW.rowid, NULL, NULL);
END;
CREATE TRIGGER instructions_ch_upd AFTER UPDATE ON instructions BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (32768, NEW.rowid, NULL, NULL);
END;
CREATE TRIGGER instructions_ch_del AFTER DELETE ON instructions BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (32768, OLD.rowid, NULL, NULL);
END;
CREATE TRIGGER instruction_acks_ch_ins AFTER INSERT ON instruction_acks BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (32768, NEW.rowid, NULL, NULL);
END;
CREATE TRIGGER instruction_acks_ch_upd AFTER UPDATE ON instruction_acks BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (32768, NEW.rowid, NULL, NULL);
END;
CREATE TRIGGER instruction_acks_ch_del AFTER DELETE ON instruction_acks BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (32768, OLD.rowid, NULL, NULL);
END;
CREATE TRIGGER reason_codes_ch_ins AFTER INSERT ON reason_codes BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (32768, NEW.rowid, NULL, NULL);
END;
CREATE TRIGGER reason_codes_ch_upd AFTER UPDATE ON reason_codes BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (32768, NEW.rowid, NULL, NULL);
END;
CREATE TRIGGER reason_codes_ch_del AFTER DELETE ON reason_codes BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (32768, OLD.rowid, NULL, NULL);
END;
CREATE TRIGGER skills_ch_ins AFTER INSERT ON skills BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (32768, NEW.rowid, NULL, NULL);
END;
CREATE TRIGGER skills_ch_upd AFTER UPDATE ON skills BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (32768, NEW.rowid, NULL, NULL);
END;
CREATE TRIGGER skills_ch_del AFTER DELETE ON skills BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (32768, OLD.rowid, NULL, NULL);
END;
CREATE TRIGGER user_skills_ch_ins AFTER INSERT ON user_skills BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (32768, NEW.rowid, NULL, NULL);
END;
CREATE TRIGGER user_skills_ch_upd AFTER UPDATE ON user_skills BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (32768, NEW.rowid, NULL, NULL);
END;
CREATE TRIGGER user_skills_ch_del AFTER DELETE ON user_skills BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (32768, OLD.rowid, NULL, NULL);
END;
CREATE TRIGGER locations_ch_ins AFTER INSERT ON locations BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (32768, NEW.rowid, NULL, NULL);
END;
CREATE TRIGGER locations_ch_upd AFTER UPDATE ON locations BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (32768, NEW.rowid, NULL, NULL);
END;
CREATE TRIGGER locations_ch_del AFTER DELETE ON locations BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (32768, OLD.rowid, NULL, NULL);
END;
CREATE TRIGGER users_ch_ins AFTER INSERT ON users BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (65536, NEW.rowid, NULL, NULL);
END;
CREATE TRIGGER users_ch_upd AFTER UPDATE ON users BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (65536, NEW.rowid, NULL, NULL);
END;
CREATE TRIGGER users_ch_del AFTER DELETE ON users BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (65536, OLD.rowid, NULL, NULL);
END;
CREATE TRIGGER lots_ch_ins AFTER INSERT ON lots BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (131072, NEW.rowid, NULL, NULL);
END;
CREATE TRIGGER lots_ch_upd AFTER UPDATE ON lots BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (131072, NEW.rowid, NULL, NULL);
END;
CREATE TRIGGER lots_ch_del AFTER DELETE ON lots BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (131072, OLD.rowid, NULL, NULL);
END;
CREATE TRIGGER genealogy_ch_ins AFTER INSERT ON genealogy BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (131072, NEW.rowid, NULL, NEW.wo_id);
END;
CREATE TRIGGER genealogy_ch_upd AFTER UPDATE ON genealogy BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (131072, NEW.rowid, NULL, NEW.wo_id);
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		SELECT 131072, OLD.rowid, NULL, OLD.wo_id
		WHERE OLD.wo_id IS NOT NEW.wo_id;
END;
CREATE TRIGGER genealogy_ch_del AFTER DELETE ON genealogy BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (131072, OLD.rowid, NULL, OLD.wo_id);
END;
CREATE TRIGGER inv_moves_ch_ins AFTER INSERT ON inv_moves BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (262144, NEW.rowid, NULL, NEW.wo_id);
END;
CREATE TRIGGER inv_moves_ch_upd AFTER UPDATE ON inv_moves BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (262144, NEW.rowid, NULL, NEW.wo_id);
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		SELECT 262144, OLD.rowid, NULL, OLD.wo_id
		WHERE OLD.wo_id IS NOT NEW.wo_id;
END;
CREATE TRIGGER inv_moves_ch_del AFTER DELETE ON inv_moves BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (262144, OLD.rowid, NULL, OLD.wo_id);
END;
CREATE TRIGGER wo_materials_ch_ins AFTER INSERT ON wo_materials BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (262144, NEW.rowid, NULL, NEW.wo_id);
END;
CREATE TRIGGER wo_materials_ch_upd AFTER UPDATE ON wo_materials BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (262144, NEW.rowid, NULL, NEW.wo_id);
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		SELECT 262144, OLD.rowid, NULL, OLD.wo_id
		WHERE OLD.wo_id IS NOT NEW.wo_id;
END;
CREATE TRIGGER wo_materials_ch_del AFTER DELETE ON wo_materials BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (262144, OLD.rowid, NULL, OLD.wo_id);
END;
CREATE TRIGGER receipt_lines_ch_ins AFTER INSERT ON receipt_lines BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (524288, NEW.rowid, NULL, NULL);
END;
CREATE TRIGGER receipt_lines_ch_upd AFTER UPDATE ON receipt_lines BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (524288, NEW.rowid, NULL, NULL);
END;
CREATE TRIGGER receipt_lines_ch_del AFTER DELETE ON receipt_lines BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (524288, OLD.rowid, NULL, NULL);
END;
CREATE TRIGGER schedule_runs_ch_ins AFTER INSERT ON schedule_runs BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (1048576, NEW.rowid, NULL, NULL);
END;
CREATE TRIGGER schedule_runs_ch_upd AFTER UPDATE ON schedule_runs BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (1048576, NEW.rowid, NULL, NULL);
END;
CREATE TRIGGER schedule_runs_ch_del AFTER DELETE ON schedule_runs BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (1048576, OLD.rowid, NULL, NULL);
END;
CREATE TRIGGER exchange_runs_ch_ins AFTER INSERT ON exchange_runs BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (2097152, NEW.rowid, NULL, NULL);
END;
CREATE TRIGGER exchange_runs_ch_upd AFTER UPDATE ON exchange_runs BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (2097152, NEW.rowid, NULL, NULL);
END;
CREATE TRIGGER exchange_runs_ch_del AFTER DELETE ON exchange_runs BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (2097152, OLD.rowid, NULL, NULL);
END;

-- The head of a queue without planned starts, in priority order: the
-- board walks open orders in this order (core/production/board.c).
CREATE INDEX work_orders_open ON work_orders(priority, due_date, wo_no)
	WHERE status IN ('released','running','held');
