-- mes schema, version 8: the drop folder's performance exports follow the
-- operation events' own sequence, not the wall clock: a clock set back
-- must not hide an event from the next export.  upto_event is the newest
-- op_events id an export covered; runs recorded before take the newest
-- event at or before their time.
ALTER TABLE exchange_runs ADD COLUMN upto_event INTEGER NOT NULL DEFAULT 0;
UPDATE exchange_runs SET upto_event = ifnull((SELECT max(id) FROM op_events
	WHERE ts <= exchange_runs.ts), 0);
