-- mes schema, version 14: indexes over open work, for the screens beside
-- the board.
--
-- mes-quality's due list, mes-scan's open receipt lines and mes-maint's
-- order list and counts read what is open: the running operations with a
-- plan, the lots in quarantine, the open non-conformances, receipt lines
-- and maintenance orders.  Without these each refresh walked history: on
-- a plant with 100,000 orders and 200,000 inspections the due list cost
-- 75-81 ms of CPU per change made elsewhere (bench/genhistory); every
-- index here but the last holds only open rows, so a refresh costs what
-- is open.  The last finds an operation's newest inspection without
-- reading its plan's whole past.
CREATE INDEX wo_ops_active ON wo_ops(routing_op_id)
	WHERE status IN ('running', 'paused');
CREATE INDEX lots_quarantine ON lots(item_id) WHERE status = 'quarantine';
CREATE INDEX nonconformances_open ON nonconformances(id)
	WHERE status <> 'closed';
CREATE INDEX receipt_lines_open ON receipt_lines(po_no, line_no)
	WHERE status = 'open';
CREATE INDEX maint_orders_open ON maint_orders(id)
	WHERE status NOT IN ('signed-off', 'cancelled');
CREATE INDEX inspections_op ON inspections(wo_op_id, plan_id)
	WHERE wo_op_id IS NOT NULL;
