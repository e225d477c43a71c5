-- mes schema, version 5: machines.  What mes-collect books from the PLCs
-- (states, counts, energy, signals), downtime with its reasons, OEE's
-- inputs, and maintenance (requests, orders, parts, labor, PM plans,
-- condition monitors).

-- The asset tree: site -> line -> machine -> component.  cycles is the
-- machine's cycle count as booked from its PLC, for PM plans by cycles.
ALTER TABLE assets ADD COLUMN kind TEXT NOT NULL DEFAULT 'machine' CHECK
	(kind IN ('site','line','machine','component'));
ALTER TABLE assets ADD COLUMN state_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE assets ADD COLUMN cycles REAL NOT NULL DEFAULT 0;
CREATE INDEX assets_parent ON assets(parent_id);
CREATE INDEX assets_wc ON assets(wc_id);

-- A PLC's last error, shown beside "offline".
ALTER TABLE plcs ADD COLUMN last_error TEXT NOT NULL DEFAULT '';

-- Every state an asset was in, as spells: OEE reads setup and idle time
-- from here, downtime from downtime_events.  end_ts NULL: still in it.
CREATE TABLE asset_states (
	id          INTEGER PRIMARY KEY,
	asset_id    INTEGER NOT NULL REFERENCES assets(id),
	state       TEXT NOT NULL CHECK (state IN
	            ('running','idle','down','setup','offline')),
	start_ts    TEXT NOT NULL,
	end_ts      TEXT
);
CREATE INDEX asset_states_asset ON asset_states(asset_id, start_ts);

-- Downtime: the PLC's fault text as it came, who assigned the reason.
ALTER TABLE downtime_events ADD COLUMN fault_text TEXT NOT NULL DEFAULT '';
ALTER TABLE downtime_events ADD COLUMN assigned_by INTEGER REFERENCES users(id);
ALTER TABLE downtime_events ADD COLUMN assigned_ts TEXT;
CREATE INDEX downtime_unassigned ON downtime_events(reason_code, start_ts);
CREATE INDEX downtime_start ON downtime_events(start_ts);

-- Counts booked from a machine: to the running operation of its work
-- center (wo_op_id) or, with none running, kept unassigned (NULL).
-- ideal_min is the ideal minutes per unit at booking time; in_setup marks
-- counts made while the machine was in setup (start-up rejects).
CREATE TABLE machine_counts (
	id          INTEGER PRIMARY KEY,
	asset_id    INTEGER NOT NULL REFERENCES assets(id),
	wc_id       INTEGER REFERENCES work_centers(id),
	wo_op_id    INTEGER REFERENCES wo_ops(id),
	ts          TEXT NOT NULL,
	good        REAL NOT NULL DEFAULT 0 CHECK (good >= 0),
	scrap       REAL NOT NULL DEFAULT 0 CHECK (scrap >= 0),
	ideal_min   REAL NOT NULL DEFAULT 0,
	in_setup    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX machine_counts_wc ON machine_counts(wc_id, ts);
CREATE INDEX machine_counts_unassigned ON machine_counts(wo_op_id, asset_id);

CREATE INDEX energy_op ON energy(wo_op_id);
CREATE INDEX energy_asset ON energy(asset_id, ts);

-- Scrap mass as waste: kilograms per unit of the item, when known.
ALTER TABLE items ADD COLUMN unit_mass_kg REAL CHECK (unit_mass_kg >= 0);

-- Maintenance requests: anyone raises one; maintenance turns it into an
-- order or rejects it.
CREATE TABLE maint_requests (
	id          INTEGER PRIMARY KEY,
	asset_id    INTEGER NOT NULL REFERENCES assets(id),
	description TEXT NOT NULL,
	raised_by   INTEGER NOT NULL REFERENCES users(id),
	ts          TEXT NOT NULL,
	status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN
	            ('open','ordered','rejected')),
	mo_id       INTEGER REFERENCES maint_orders(id)
);

ALTER TABLE maint_orders ADD COLUMN request_id INTEGER REFERENCES maint_requests(id);
ALTER TABLE maint_orders ADD COLUMN downtime_id INTEGER REFERENCES downtime_events(id);
ALTER TABLE maint_orders ADD COLUMN alert_id INTEGER REFERENCES condition_alerts(id);
ALTER TABLE maint_orders ADD COLUMN created_by INTEGER REFERENCES users(id);
CREATE INDEX maint_orders_status ON maint_orders(status, asset_id);

CREATE TABLE maint_parts (
	id          INTEGER PRIMARY KEY,
	mo_id       INTEGER NOT NULL REFERENCES maint_orders(id),
	part        TEXT NOT NULL,
	qty         REAL NOT NULL CHECK (qty > 0),
	user_id     INTEGER NOT NULL REFERENCES users(id),
	ts          TEXT NOT NULL
);

CREATE TABLE maint_labor (
	id          INTEGER PRIMARY KEY,
	mo_id       INTEGER NOT NULL REFERENCES maint_orders(id),
	user_id     INTEGER NOT NULL REFERENCES users(id),
	hours       REAL NOT NULL CHECK (hours > 0),
	ts          TEXT NOT NULL,
	note        TEXT NOT NULL DEFAULT ''
);

-- Condition monitors: a signal of an asset watched by EWMA or CUSUM
-- against a target and sigma; the running statistic lives here so a
-- collector restart continues it.
CREATE TABLE condition_monitors (
	id          INTEGER PRIMARY KEY,
	asset_id    INTEGER NOT NULL REFERENCES assets(id),
	signal      TEXT NOT NULL,
	method      TEXT NOT NULL CHECK (method IN ('ewma','cusum')),
	target      REAL NOT NULL,
	sigma       REAL NOT NULL CHECK (sigma > 0),
	lambda      REAL NOT NULL DEFAULT 0.2,   -- EWMA weight
	limit_l     REAL NOT NULL DEFAULT 3,     -- EWMA limit in sigmas
	k           REAL NOT NULL DEFAULT 0.5,   -- CUSUM slack in sigmas
	h           REAL NOT NULL DEFAULT 5,     -- CUSUM limit in sigmas
	stat        REAL NOT NULL DEFAULT 0,     -- EWMA value or CUSUM high
	stat_lo     REAL NOT NULL DEFAULT 0,     -- CUSUM low
	n           INTEGER NOT NULL DEFAULT 0,
	UNIQUE (asset_id, signal)
);

ALTER TABLE condition_alerts ADD COLUMN monitor_id INTEGER REFERENCES condition_monitors(id);
ALTER TABLE condition_alerts ADD COLUMN method TEXT NOT NULL DEFAULT '';
CREATE INDEX condition_alerts_open ON condition_alerts(ack_ts, asset_id);
