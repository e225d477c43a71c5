-- mes schema, version 17: tools (dies, molds, fixtures, cutters).
--
-- A tool type says how long a tool of it lives: a limit in cycles (press
-- strokes, shots), optionally in hours mounted, a warning at warn_pct of
-- the limit, how many units one cycle makes when the count comes from
-- reported quantities (a 4-cavity mold: 4), and what a refurbishment
-- gives back (refurb_cycles NULL: the whole life again; else that many
-- cycles more).  A tool is one physical tool with its barcode; it is
-- available, mounted on a work center, away in refurbishment, or scrapped.
-- life_no counts its lives (1 new, +1 per refurbishment); cycles are of
-- this life, hours its mounted hours in this life before the present
-- mount.  A routing operation may require a tool type: it does not start
-- or resume without a tool of that type mounted with life left.
CREATE TABLE tool_types (
	id          INTEGER PRIMARY KEY,
	code        TEXT NOT NULL UNIQUE,
	description TEXT NOT NULL DEFAULT '',
	life_cycles REAL NOT NULL CHECK (life_cycles > 0),
	life_hours  REAL CHECK (life_hours IS NULL OR life_hours > 0),
	warn_pct    INTEGER NOT NULL DEFAULT 90 CHECK (warn_pct BETWEEN 1 AND 100),
	per_cycle   REAL NOT NULL DEFAULT 1 CHECK (per_cycle > 0),
	refurb_cycles REAL CHECK (refurb_cycles IS NULL OR refurb_cycles > 0),
	created     TEXT NOT NULL
);

CREATE TABLE tools (
	id          INTEGER PRIMARY KEY,
	code        TEXT NOT NULL UNIQUE,
	type_id     INTEGER NOT NULL REFERENCES tool_types(id),
	state       TEXT NOT NULL DEFAULT 'available' CHECK (state IN
	            ('available', 'mounted', 'refurbishing', 'scrapped')),
	wc_id       INTEGER REFERENCES work_centers(id),
	mounted_ts  TEXT,
	life_no     INTEGER NOT NULL DEFAULT 1,
	limit_cycles REAL NOT NULL,
	cycles      REAL NOT NULL DEFAULT 0,
	total_cycles REAL NOT NULL DEFAULT 0,
	hours       REAL NOT NULL DEFAULT 0,
	warned      INTEGER NOT NULL DEFAULT 0,  -- the warning of this life raised
	created     TEXT NOT NULL,
	version     INTEGER NOT NULL DEFAULT 1,
	CHECK ((state = 'mounted') = (wc_id IS NOT NULL))
);
CREATE INDEX tools_wc ON tools(wc_id);

-- Which tool, in which of its lives and over which of its cycles, made
-- what an operation made: the batch record's and genealogy's answer to
-- "which tool made this lot".
CREATE TABLE tool_uses (
	id          INTEGER PRIMARY KEY,
	tool_id     INTEGER NOT NULL REFERENCES tools(id),
	wo_op_id    INTEGER NOT NULL REFERENCES wo_ops(id),
	life_no     INTEGER NOT NULL,
	from_cycles REAL NOT NULL,
	to_cycles   REAL NOT NULL,
	first_ts    TEXT NOT NULL,
	last_ts     TEXT NOT NULL,
	UNIQUE (wo_op_id, tool_id, life_no)
);
CREATE INDEX tool_uses_tool ON tool_uses(tool_id);

-- The tool type a routing operation needs (tool_types.id; set only by
-- mes_routing_tool, which looks the type up).  No REFERENCES clause: a
-- column added with one can never be dropped again, and the upgrade
-- tests take a current file back to an older schema by dropping it.
ALTER TABLE routing_ops ADD COLUMN tool_type_id INTEGER;

-- A mounted tool, or one coming off, is news for the screens of its
-- work center (the assets' kind of change, as in schema 10).
CREATE TRIGGER tools_ch_ins AFTER INSERT ON tools BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (512, NEW.rowid, NEW.wc_id, NULL);
END;
CREATE TRIGGER tools_ch_upd AFTER UPDATE ON tools BEGIN
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		VALUES (512, NEW.rowid, NEW.wc_id, NULL);
	INSERT INTO changes (kind, row_id, wc_id, wo_id)
		SELECT 512, OLD.rowid, OLD.wc_id, NULL
		WHERE OLD.wc_id IS NOT NEW.wc_id;
END;
