-- mes schema, version 1: the whole plant, even where later work fills it.
-- Times are UTC ISO 8601 text with milliseconds ("2026-11-26T10:45:44.123Z");
-- quantities are REAL in the item's unit of measure.

-- The file is ours: application_id is "MES1" (see core/internal.h).
PRAGMA application_id = 1296388913;

-- Identity ---------------------------------------------------------------
CREATE TABLE users (
	id          INTEGER PRIMARY KEY,
	login       TEXT NOT NULL UNIQUE,
	name        TEXT NOT NULL,
	badge       TEXT UNIQUE,
	roles       INTEGER NOT NULL DEFAULT 0,   -- bit set, see enum mes_role
	secret      TEXT NOT NULL,                -- argon2id string (libsodium)
	active      INTEGER NOT NULL DEFAULT 1,
	failures    INTEGER NOT NULL DEFAULT 0,
	locked      INTEGER NOT NULL DEFAULT 0,
	created     TEXT NOT NULL,
	version     INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE skills (
	id          INTEGER PRIMARY KEY,
	code        TEXT NOT NULL UNIQUE,
	name        TEXT NOT NULL
);

CREATE TABLE user_skills (
	user_id     INTEGER NOT NULL REFERENCES users(id),
	skill_id    INTEGER NOT NULL REFERENCES skills(id),
	certified   TEXT NOT NULL,
	expires     TEXT,
	PRIMARY KEY (user_id, skill_id)
);

-- Audit trail and signatures: append-only, hash-chained -------------------
CREATE TABLE audit (
	seq         INTEGER PRIMARY KEY,          -- 1, 2, 3 ... without gaps
	ts          TEXT NOT NULL,
	user_id     INTEGER,
	login       TEXT NOT NULL,
	action      TEXT NOT NULL,
	tbl         TEXT NOT NULL,
	rec_key     TEXT NOT NULL,
	old_value   TEXT NOT NULL,
	new_value   TEXT NOT NULL,
	reason      TEXT NOT NULL,
	prev_hash   TEXT NOT NULL,
	hash        TEXT NOT NULL
);
CREATE INDEX audit_ts ON audit(ts);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;

CREATE TABLE signatures (
	id           INTEGER PRIMARY KEY,
	user_id      INTEGER NOT NULL REFERENCES users(id),
	login        TEXT NOT NULL,
	printed_name TEXT NOT NULL,               -- as it was at signing
	meaning      TEXT NOT NULL,
	ts           TEXT NOT NULL,
	tbl          TEXT NOT NULL,
	rec_id       INTEGER NOT NULL,
	rec_version  INTEGER NOT NULL,
	content_hash TEXT NOT NULL,
	sig_hash     TEXT NOT NULL                -- binds all of the above
);
CREATE INDEX signatures_rec ON signatures(tbl, rec_id);
CREATE TRIGGER signatures_no_update BEFORE UPDATE ON signatures
BEGIN SELECT RAISE(ABORT, 'signatures are append-only'); END;
CREATE TRIGGER signatures_no_delete BEFORE DELETE ON signatures
BEGIN SELECT RAISE(ABORT, 'signatures are append-only'); END;

-- Plant model --------------------------------------------------------------
CREATE TABLE work_centers (
	id          INTEGER PRIMARY KEY,
	code        TEXT NOT NULL UNIQUE,
	name        TEXT NOT NULL,
	capacity    INTEGER NOT NULL DEFAULT 1 CHECK (capacity > 0),
	active      INTEGER NOT NULL DEFAULT 1
);

-- Working time per weekday (0 = Monday) in minutes after midnight.
CREATE TABLE wc_shifts (
	id          INTEGER PRIMARY KEY,
	wc_id       INTEGER NOT NULL REFERENCES work_centers(id),
	weekday     INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),
	start_min   INTEGER NOT NULL CHECK (start_min BETWEEN 0 AND 1440),
	end_min     INTEGER NOT NULL CHECK (end_min BETWEEN 0 AND 1440),
	name        TEXT NOT NULL DEFAULT ''
);

-- Planned maintenance, breakdowns, holidays: time a work center is not there.
CREATE TABLE wc_unavailable (
	id          INTEGER PRIMARY KEY,
	wc_id       INTEGER NOT NULL REFERENCES work_centers(id),
	start_ts    TEXT NOT NULL,
	end_ts      TEXT,                         -- NULL: still down
	kind        TEXT NOT NULL CHECK (kind IN ('planned','breakdown','holiday')),
	note        TEXT NOT NULL DEFAULT ''
);

CREATE TABLE items (
	id          INTEGER PRIMARY KEY,
	item_no     TEXT NOT NULL UNIQUE,
	description TEXT NOT NULL,
	uom         TEXT NOT NULL DEFAULT 'ea',
	family      TEXT NOT NULL DEFAULT '',     -- for sequence-dependent setups
	gtin        TEXT UNIQUE,
	lot_control INTEGER NOT NULL DEFAULT 1,
	needs_expiry INTEGER NOT NULL DEFAULT 0,
	shelf_days  INTEGER
);

CREATE TABLE bom (
	parent_id   INTEGER NOT NULL REFERENCES items(id),
	component_id INTEGER NOT NULL REFERENCES items(id),
	qty_per     REAL NOT NULL CHECK (qty_per > 0),
	PRIMARY KEY (parent_id, component_id)
);

CREATE TABLE routing_ops (
	id          INTEGER PRIMARY KEY,
	item_id     INTEGER NOT NULL REFERENCES items(id),
	seq         INTEGER NOT NULL,
	wc_id       INTEGER NOT NULL REFERENCES work_centers(id),
	description TEXT NOT NULL DEFAULT '',
	setup_min   REAL NOT NULL DEFAULT 0 CHECK (setup_min >= 0),
	run_min     REAL NOT NULL DEFAULT 0 CHECK (run_min >= 0),  -- per unit
	skill_id    INTEGER REFERENCES skills(id),
	UNIQUE (item_id, seq)
);

CREATE TABLE routing_alternatives (
	routing_op_id INTEGER NOT NULL REFERENCES routing_ops(id),
	wc_id       INTEGER NOT NULL REFERENCES work_centers(id),
	run_min     REAL NOT NULL CHECK (run_min >= 0),
	PRIMARY KEY (routing_op_id, wc_id)
);

CREATE TABLE setup_matrix (
	wc_id       INTEGER NOT NULL REFERENCES work_centers(id),
	from_family TEXT NOT NULL,
	to_family   TEXT NOT NULL,
	setup_min   REAL NOT NULL CHECK (setup_min >= 0),
	PRIMARY KEY (wc_id, from_family, to_family)
);

-- Work instructions (document control) -------------------------------------
CREATE TABLE instructions (
	id          INTEGER PRIMARY KEY,
	routing_op_id INTEGER NOT NULL REFERENCES routing_ops(id),
	revision    INTEGER NOT NULL,
	body        TEXT NOT NULL,
	created     TEXT NOT NULL,
	UNIQUE (routing_op_id, revision)
);

CREATE TABLE instruction_acks (
	instruction_id INTEGER NOT NULL REFERENCES instructions(id),
	user_id     INTEGER NOT NULL REFERENCES users(id),
	ts          TEXT NOT NULL,
	PRIMARY KEY (instruction_id, user_id)
);

-- Production -------------------------------------------------------------------
CREATE TABLE work_orders (
	id          INTEGER PRIMARY KEY,
	wo_no       TEXT NOT NULL UNIQUE,
	item_id     INTEGER NOT NULL REFERENCES items(id),
	qty         REAL NOT NULL CHECK (qty > 0),
	release_date TEXT NOT NULL,
	due_date    TEXT NOT NULL,
	priority    INTEGER NOT NULL DEFAULT 5,
	weight      REAL NOT NULL DEFAULT 1,
	status      TEXT NOT NULL DEFAULT 'planned' CHECK (status IN
	            ('planned','released','running','complete','closed','held')),
	created     TEXT NOT NULL,
	version     INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX work_orders_status ON work_orders(status);

CREATE TABLE wo_ops (
	id          INTEGER PRIMARY KEY,
	wo_id       INTEGER NOT NULL REFERENCES work_orders(id),
	seq         INTEGER NOT NULL,
	routing_op_id INTEGER REFERENCES routing_ops(id),
	wc_id       INTEGER NOT NULL REFERENCES work_centers(id),
	description TEXT NOT NULL DEFAULT '',
	setup_min   REAL NOT NULL DEFAULT 0,
	run_min     REAL NOT NULL DEFAULT 0,
	status      TEXT NOT NULL DEFAULT 'waiting' CHECK (status IN
	            ('waiting','running','paused','complete')),
	qty_good    REAL NOT NULL DEFAULT 0 CHECK (qty_good >= 0),
	qty_scrap   REAL NOT NULL DEFAULT 0 CHECK (qty_scrap >= 0),
	plan_wc_id  INTEGER REFERENCES work_centers(id),
	plan_start  TEXT,
	plan_end    TEXT,
	actual_start TEXT,
	actual_end  TEXT,
	energy_kwh  REAL NOT NULL DEFAULT 0,
	version     INTEGER NOT NULL DEFAULT 1,
	UNIQUE (wo_id, seq)
);
CREATE INDEX wo_ops_wc ON wo_ops(wc_id, status);

CREATE TABLE op_events (
	id          INTEGER PRIMARY KEY,
	wo_op_id    INTEGER NOT NULL REFERENCES wo_ops(id),
	ts          TEXT NOT NULL,
	user_id     INTEGER REFERENCES users(id),
	kind        TEXT NOT NULL CHECK (kind IN
	            ('start','pause','resume','report','complete')),
	qty_good    REAL NOT NULL DEFAULT 0,
	qty_scrap   REAL NOT NULL DEFAULT 0,
	reason_code TEXT NOT NULL DEFAULT '',
	note        TEXT NOT NULL DEFAULT ''
);

CREATE TABLE reason_codes (
	code        TEXT PRIMARY KEY,
	kind        TEXT NOT NULL CHECK (kind IN ('scrap','pause','downtime','nc')),
	description TEXT NOT NULL
);

CREATE TABLE labor (
	id          INTEGER PRIMARY KEY,
	user_id     INTEGER NOT NULL REFERENCES users(id),
	wo_op_id    INTEGER NOT NULL REFERENCES wo_ops(id),
	clock_on    TEXT NOT NULL,
	clock_off   TEXT
);

CREATE TABLE andon_calls (
	id          INTEGER PRIMARY KEY,
	wc_id       INTEGER NOT NULL REFERENCES work_centers(id),
	kind        TEXT NOT NULL CHECK (kind IN
	            ('maintenance','quality','material','lead')),
	raised_by   INTEGER NOT NULL REFERENCES users(id),
	raised_ts   TEXT NOT NULL,
	taken_by    INTEGER REFERENCES users(id),
	taken_ts    TEXT,
	closed_ts   TEXT,
	note        TEXT NOT NULL DEFAULT ''
);

CREATE TABLE schedule_runs (
	id          INTEGER PRIMARY KEY,
	ts          TEXT NOT NULL,
	user_id     INTEGER REFERENCES users(id),
	objective   TEXT NOT NULL,
	seed        INTEGER NOT NULL,
	makespan_min REAL,
	tardiness_min REAL,
	late_orders INTEGER
);

-- Materials: lots, inventory, genealogy ---------------------------------------
CREATE TABLE locations (
	id          INTEGER PRIMARY KEY,
	code        TEXT NOT NULL UNIQUE,
	name        TEXT NOT NULL,
	kind        TEXT NOT NULL DEFAULT 'store' CHECK (kind IN
	            ('dock','quarantine','store','line','scrap'))
);

CREATE TABLE lots (
	id          INTEGER PRIMARY KEY,
	lot_no      TEXT NOT NULL,
	item_id     INTEGER NOT NULL REFERENCES items(id),
	supplier    TEXT NOT NULL DEFAULT '',
	supplier_lot TEXT NOT NULL DEFAULT '',
	sscc        TEXT,
	expiry      TEXT,
	status      TEXT NOT NULL DEFAULT 'quarantine' CHECK (status IN
	            ('quarantine','released','held','rejected','consumed')),
	produced_by INTEGER REFERENCES work_orders(id),
	created     TEXT NOT NULL,
	version     INTEGER NOT NULL DEFAULT 1,
	UNIQUE (item_id, lot_no)
);

-- The inventory ledger: on-hand is the sum of its rows, never a stored total.
CREATE TABLE inv_moves (
	id          INTEGER PRIMARY KEY,
	ts          TEXT NOT NULL,
	lot_id      INTEGER NOT NULL REFERENCES lots(id),
	location_id INTEGER NOT NULL REFERENCES locations(id),
	qty         REAL NOT NULL,                 -- + in, - out
	kind        TEXT NOT NULL CHECK (kind IN
	            ('receive','putaway','issue','produce','adjust','scrap')),
	wo_id       INTEGER REFERENCES work_orders(id),
	user_id     INTEGER REFERENCES users(id),
	scan        TEXT NOT NULL DEFAULT ''       -- the raw scan, as evidence
);
CREATE INDEX inv_moves_lot ON inv_moves(lot_id, location_id);

CREATE TABLE genealogy (
	parent_lot_id INTEGER NOT NULL REFERENCES lots(id),  -- consumed
	child_lot_id  INTEGER NOT NULL REFERENCES lots(id),  -- produced
	wo_id       INTEGER REFERENCES work_orders(id),
	qty         REAL NOT NULL,
	ts          TEXT NOT NULL
);
CREATE INDEX genealogy_parent ON genealogy(parent_lot_id);
CREATE INDEX genealogy_child ON genealogy(child_lot_id);

-- Quality ------------------------------------------------------------------------
CREATE TABLE inspection_plans (
	id          INTEGER PRIMARY KEY,
	code        TEXT NOT NULL UNIQUE,
	item_id     INTEGER REFERENCES items(id),
	routing_op_id INTEGER REFERENCES routing_ops(id),
	on_receipt  INTEGER NOT NULL DEFAULT 0,
	frequency   TEXT NOT NULL DEFAULT 'lot',  -- lot | every:N | hours:H | first
	version     INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE characteristics (
	id          INTEGER PRIMARY KEY,
	plan_id     INTEGER NOT NULL REFERENCES inspection_plans(id),
	code        TEXT NOT NULL,
	name        TEXT NOT NULL,
	kind        TEXT NOT NULL CHECK (kind IN ('variable','attribute','defects')),
	nominal     REAL, lsl REAL, usl REAL,
	unit        TEXT NOT NULL DEFAULT '',
	decimals    INTEGER NOT NULL DEFAULT 2,
	subgroup    INTEGER NOT NULL DEFAULT 1,
	chart       TEXT NOT NULL DEFAULT '',
	rules       INTEGER NOT NULL DEFAULT 15,  -- bit set of enabled SPC rules
	UNIQUE (plan_id, code)
);

CREATE TABLE inspections (
	id          INTEGER PRIMARY KEY,
	plan_id     INTEGER NOT NULL REFERENCES inspection_plans(id),
	lot_id      INTEGER REFERENCES lots(id),
	wo_op_id    INTEGER REFERENCES wo_ops(id),
	user_id     INTEGER NOT NULL REFERENCES users(id),
	ts          TEXT NOT NULL,
	result      TEXT NOT NULL CHECK (result IN ('pass','fail','open'))
);

CREATE TABLE measurements (
	id          INTEGER PRIMARY KEY,
	inspection_id INTEGER NOT NULL REFERENCES inspections(id),
	char_id     INTEGER NOT NULL REFERENCES characteristics(id),
	subgroup_no INTEGER NOT NULL DEFAULT 0,
	value       REAL,
	defects     INTEGER,
	sample_size INTEGER,
	out_of_spec INTEGER NOT NULL DEFAULT 0,
	comment     TEXT NOT NULL DEFAULT '',
	source      TEXT NOT NULL DEFAULT 'keyboard'
);
CREATE INDEX measurements_char ON measurements(char_id);

CREATE TABLE spc_limits (
	id          INTEGER PRIMARY KEY,
	char_id     INTEGER NOT NULL REFERENCES characteristics(id),
	chart       TEXT NOT NULL,
	center      REAL NOT NULL, lcl REAL NOT NULL, ucl REAL NOT NULL,
	r_center    REAL, r_lcl REAL, r_ucl REAL,
	baseline_from INTEGER, baseline_to INTEGER,
	frozen_by   INTEGER REFERENCES users(id),
	ts          TEXT NOT NULL
);

CREATE TABLE spc_alarms (
	id          INTEGER PRIMARY KEY,
	char_id     INTEGER NOT NULL REFERENCES characteristics(id),
	wc_id       INTEGER REFERENCES work_centers(id),
	rule        TEXT NOT NULL,
	point_ref   INTEGER NOT NULL,
	ts          TEXT NOT NULL,
	ack_by      INTEGER REFERENCES users(id),
	ack_ts      TEXT
);

CREATE TABLE nonconformances (
	id          INTEGER PRIMARY KEY,
	nc_no       TEXT NOT NULL UNIQUE,
	lot_id      INTEGER REFERENCES lots(id),
	wo_op_id    INTEGER REFERENCES wo_ops(id),
	inspection_id INTEGER REFERENCES inspections(id),
	description TEXT NOT NULL,
	qty         REAL NOT NULL DEFAULT 0,
	status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN
	            ('open','review','dispositioned','closed')),
	disposition TEXT CHECK (disposition IN
	            ('use-as-is','rework','scrap','return','sort')),
	signature_id INTEGER REFERENCES signatures(id),
	opened_by   INTEGER NOT NULL REFERENCES users(id),
	opened_ts   TEXT NOT NULL,
	version     INTEGER NOT NULL DEFAULT 1
);

-- Maintenance, machines, energy ----------------------------------------------
CREATE TABLE assets (
	id          INTEGER PRIMARY KEY,
	code        TEXT NOT NULL UNIQUE,
	name        TEXT NOT NULL,
	wc_id       INTEGER REFERENCES work_centers(id),
	parent_id   INTEGER REFERENCES assets(id),
	state       TEXT NOT NULL DEFAULT 'idle' CHECK (state IN
	            ('running','idle','down','setup','offline')),
	state_ts    TEXT
);

CREATE TABLE downtime_events (
	id          INTEGER PRIMARY KEY,
	asset_id    INTEGER NOT NULL REFERENCES assets(id),
	start_ts    TEXT NOT NULL,
	end_ts      TEXT,
	reason_code TEXT REFERENCES reason_codes(code),
	source      TEXT NOT NULL DEFAULT 'manual',  -- manual | plc
	note        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX downtime_open ON downtime_events(asset_id, end_ts);

CREATE TABLE maint_orders (
	id          INTEGER PRIMARY KEY,
	mo_no       TEXT NOT NULL UNIQUE,
	asset_id    INTEGER NOT NULL REFERENCES assets(id),
	kind        TEXT NOT NULL CHECK (kind IN ('corrective','preventive','condition')),
	description TEXT NOT NULL,
	status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN
	            ('open','assigned','in-progress','done','signed-off','cancelled')),
	assigned_to INTEGER REFERENCES users(id),
	pm_plan_id  INTEGER REFERENCES pm_plans(id),
	created     TEXT NOT NULL,
	done_ts     TEXT,
	signature_id INTEGER REFERENCES signatures(id),
	version     INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE pm_plans (
	id          INTEGER PRIMARY KEY,
	asset_id    INTEGER NOT NULL REFERENCES assets(id),
	name        TEXT NOT NULL,
	every_days  INTEGER,
	every_cycles INTEGER,
	every_hours REAL,
	last_done   TEXT,
	last_cycles INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE condition_alerts (
	id          INTEGER PRIMARY KEY,
	asset_id    INTEGER NOT NULL REFERENCES assets(id),
	signal      TEXT NOT NULL,
	value       REAL NOT NULL,
	threshold   REAL NOT NULL,
	ts          TEXT NOT NULL,
	ack_by      INTEGER REFERENCES users(id),
	ack_ts      TEXT
);

-- PLCs: the tag map lives in mes.ini; these hold what was collected.
CREATE TABLE plcs (
	id          INTEGER PRIMARY KEY,
	name        TEXT NOT NULL UNIQUE,
	asset_id    INTEGER REFERENCES assets(id),
	online      INTEGER NOT NULL DEFAULT 0,
	last_seen   TEXT
);

CREATE TABLE tag_samples (
	plc_id      INTEGER NOT NULL REFERENCES plcs(id),
	tag         TEXT NOT NULL,
	ts          TEXT NOT NULL,
	value       REAL NOT NULL,
	resolution  INTEGER NOT NULL DEFAULT 0  -- 0 raw, else seconds per sample
);
CREATE INDEX tag_samples_tag ON tag_samples(plc_id, tag, ts);

CREATE TABLE counters (
	plc_id      INTEGER NOT NULL REFERENCES plcs(id),
	tag         TEXT NOT NULL,
	last_raw    REAL NOT NULL,
	ts          TEXT NOT NULL,
	PRIMARY KEY (plc_id, tag)
);

CREATE TABLE energy (
	id          INTEGER PRIMARY KEY,
	asset_id    INTEGER NOT NULL REFERENCES assets(id),
	wo_op_id    INTEGER REFERENCES wo_ops(id),
	ts          TEXT NOT NULL,
	kwh         REAL NOT NULL
);
