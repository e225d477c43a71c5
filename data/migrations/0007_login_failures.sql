-- mes schema, version 7: failed log-ins counted over time.
-- An account locks after [auth] max_failures failures within
-- [auth] failure_window_minutes, whatever good log-ins came between (a
-- guesser no longer resets the count by waiting for the owner); a
-- terminal with [auth] terminal_max_failures failures in that window is
-- refused further attempts until they age out.  The audit trail keeps the
-- history; this table only counts, and an unlock clears the account's rows.
CREATE TABLE login_failures (
	id          INTEGER PRIMARY KEY,
	ts          TEXT NOT NULL,               -- UTC, ISO 8601
	user_id     INTEGER REFERENCES users(id),  -- NULL: no such badge or login
	terminal    TEXT NOT NULL DEFAULT ''     -- '' when the program gave none
);
CREATE INDEX login_failures_user ON login_failures(user_id, ts);
CREATE INDEX login_failures_terminal ON login_failures(terminal, ts);
