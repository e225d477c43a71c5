-- mes schema, version 2: what the production rules and the dispatch board
-- need beyond version 1.

-- A hold remembers the state it interrupted, so unhold returns there.
ALTER TABLE work_orders ADD COLUMN held_from TEXT CHECK (held_from IN
	('planned','released','running'));
ALTER TABLE work_orders ADD COLUMN hold_reason TEXT NOT NULL DEFAULT '';

-- A planner's move on the board: the scheduler keeps a pinned operation
-- where it was put.
ALTER TABLE wo_ops ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0;

-- The board reads a work center's queue in schedule order.
CREATE INDEX wo_ops_board ON wo_ops(wc_id, status, plan_start);

-- Open spells: who is clocked on what, and the limit per operator.
CREATE INDEX labor_open ON labor(user_id, clock_off);
CREATE INDEX labor_op ON labor(wo_op_id, clock_off);

-- An operation's history, and the results export by time.
CREATE INDEX op_events_op ON op_events(wo_op_id, ts);
CREATE INDEX op_events_ts ON op_events(ts, kind);

-- Open andon calls, shown by every program.
CREATE INDEX andon_open ON andon_calls(closed_ts, wc_id);

-- Acknowledgements by user, for the check at start.
CREATE INDEX instruction_acks_user ON instruction_acks(user_id);
