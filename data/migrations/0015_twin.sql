-- mes schema, version 15: the digital twin's simulations of the plan.
--
-- `mesctl simulate` runs the plan many times under what the plant's own
-- history says about it (breakdowns, repairs, run times, scrap) and keeps
-- the figures here: per order the share of runs that finished by its due
-- date and the 50th and 90th percentile of its completion, per work
-- center its utilisation, queue and how often it was the bottleneck.
-- The board shows the newest simulation's on-time chance beside each
-- order.  Only the newest 50 simulations are kept.
CREATE TABLE twin_sims (
	id          INTEGER PRIMARY KEY,
	ts          TEXT NOT NULL,
	user_id     INTEGER REFERENCES users(id),
	runs        INTEGER NOT NULL CHECK (runs > 0),
	seed        INTEGER NOT NULL,
	origin_ts   TEXT NOT NULL,              -- the plan's "now"
	until_ts    TEXT,                       -- NULL: to the end of the plan
	orders      INTEGER NOT NULL,
	mean_on_time REAL NOT NULL,
	late_expected REAL NOT NULL,
	makespan_p50_ts TEXT,
	varied      INTEGER NOT NULL DEFAULT 1  -- 0: the plan replayed as is
);

CREATE TABLE twin_orders (
	sim_id      INTEGER NOT NULL REFERENCES twin_sims(id),
	wo_id       INTEGER NOT NULL REFERENCES work_orders(id),
	on_time     REAL NOT NULL CHECK (on_time BETWEEN 0 AND 1),
	p50_ts      TEXT,                       -- NULL: not finished by until
	p90_ts      TEXT,
	PRIMARY KEY (sim_id, wo_id)
) WITHOUT ROWID;

CREATE TABLE twin_wcs (
	sim_id      INTEGER NOT NULL REFERENCES twin_sims(id),
	wc_id       INTEGER NOT NULL REFERENCES work_centers(id),
	utilisation REAL NOT NULL,
	queue       REAL NOT NULL,
	bottleneck  REAL NOT NULL,
	PRIMARY KEY (sim_id, wc_id)
) WITHOUT ROWID;

CREATE TRIGGER twin_sims_prune AFTER INSERT ON twin_sims BEGIN
	DELETE FROM twin_orders WHERE sim_id <= NEW.id - 50;
	DELETE FROM twin_wcs WHERE sim_id <= NEW.id - 50;
	DELETE FROM twin_sims WHERE id <= NEW.id - 50;
END;

-- A stored simulation changes what the board shows beside every order:
-- journalled as a schedule change (MES_CH_SCHEDULE), once per simulation.
CREATE TRIGGER twin_sims_ch_ins AFTER INSERT ON twin_sims BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (1048576, NEW.rowid, NULL, NULL);
END;

-- Scenarios (mesctl scenario): a copy of the plant beside it, in
-- DB.scenarios/NAME.db, in which what-ifs are applied and planned; only
-- `scenario adopt` writes back, and only the copy's plan.
CREATE TABLE scenarios (
	name        TEXT PRIMARY KEY,
	created_ts  TEXT NOT NULL,
	user_id     INTEGER REFERENCES users(id),
	note        TEXT NOT NULL DEFAULT '',
	adopted_ts  TEXT
);

-- In a scenario's own copy, one row: which scenario it is, what the
-- plant's calendars were when it was made, the what-ifs applied since.
CREATE TABLE scenario_self (
	name        TEXT NOT NULL,
	created_ts  TEXT NOT NULL,
	objective   TEXT NOT NULL DEFAULT 'lex',
	calendar    TEXT NOT NULL,               -- the plant's, at the copy
	whatifs     TEXT NOT NULL DEFAULT ''
);

-- In the copy, the open operations as the plant had them: adopting is
-- refused when the plant's differ (started, finished, planned again,
-- moved, or orders released or held since).
CREATE TABLE scenario_base (
	op_id       INTEGER PRIMARY KEY,
	status      TEXT NOT NULL,
	wo_status   TEXT NOT NULL,
	plan_start  TEXT NOT NULL DEFAULT '',
	plan_wc_id  INTEGER NOT NULL DEFAULT 0
);
