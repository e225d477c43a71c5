-- mes schema, version 13: the outbox to a central store.
--
-- A company with several plants keeps one central PostgreSQL beside each
-- plant's own file (mes-ship(8)).  What the centre gets is written here,
-- by a trigger, in the same transaction as the change itself: a change
-- and its event are committed together or not at all, and a plant whose
-- link is down writes on as before.  SQLite has one writer at a time, so
-- seq is in commit order and "seq past the centre's mark" is a safe poll;
-- AUTOINCREMENT keeps a pruned seq from coming back, so the centre's key
-- (plant, seq) never meets a new event under an old number.
--
-- Only a plant attached to a centre (one row in hub, mesctl hub attach)
-- writes events; a plant without one pays nothing.  Machine data goes at
-- the grain the centre reports, not as raw samples: once a day has ended,
-- its OEE per work center and shift (written when mes-ship notes the
-- mark).
CREATE TABLE hub (
	id          INTEGER PRIMARY KEY CHECK (id = 1),
	plant_id    TEXT NOT NULL,
	attached    TEXT NOT NULL,
	-- what the shipper last read from the centre, and when: it writes
	-- these about once a minute, never per batch
	central_seq INTEGER NOT NULL DEFAULT 0,
	central_at  TEXT,
	-- the last day (local, as the shift calendars are) whose OEE per
	-- work center went into the outbox; NULL: none yet
	oee_upto    TEXT
);

CREATE TABLE outbox (
	seq         INTEGER PRIMARY KEY AUTOINCREMENT,
	ts          TEXT NOT NULL,
	kind        TEXT NOT NULL,      -- audit | oee.day
	ref         INTEGER NOT NULL,   -- the audit record's seq; 0 for oee.day
	body        TEXT NOT NULL       -- JSON, the record's every field
);

-- An audit record as the centre gets it: every field, and the chain's
-- hashes, so that the centre can check each plant's chain without the
-- plant.  The one definition that the trigger below and attaching
-- (hub/outbox.c, the trail so far) both read.
CREATE VIEW audit_events AS SELECT seq, ts, json_object('seq', seq,
	'ts', ts, 'user_id', ifnull(user_id, 0), 'login', login,
	'action', action, 'tbl', tbl, 'rec_key', rec_key,
	'old_value', old_value, 'new_value', new_value, 'reason', reason,
	'prev_hash', prev_hash, 'hash', hash) AS body FROM audit;

-- Every audited change.
CREATE TRIGGER outbox_audit AFTER INSERT ON audit
WHEN EXISTS (SELECT 1 FROM hub) BEGIN
	INSERT INTO outbox (ts, kind, ref, body) SELECT ts, 'audit', seq, body
		FROM audit_events WHERE seq = NEW.seq;
END;
