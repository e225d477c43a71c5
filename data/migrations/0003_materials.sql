-- mes schema, version 3: receiving, lots, the inventory ledger and genealogy
-- beyond what version 1 laid out.

-- What receiving checks on an item's label.  gtin, needs_expiry and
-- lot_control exist since version 1.
ALTER TABLE items ADD COLUMN min_shelf_days INTEGER NOT NULL DEFAULT 0
	CHECK (min_shelf_days >= 0);
ALTER TABLE items ADD COLUMN inspect_incoming INTEGER NOT NULL DEFAULT 0;

-- Expected receipts: purchase order lines or advance ship notice lines.
-- received is the line's progress, written by the receipt's own
-- transaction beside its ledger row (so it always equals the sum of the
-- line's 'receive' moves); it saves the receiving transaction a scan of
-- every lot ever received on a blanket line.  On-hand is never stored.
CREATE TABLE receipt_lines (
	id          INTEGER PRIMARY KEY,
	po_no       TEXT NOT NULL,
	line_no     INTEGER NOT NULL CHECK (line_no > 0),
	supplier    TEXT NOT NULL,
	item_id     INTEGER NOT NULL REFERENCES items(id),
	gtin        TEXT NOT NULL,                -- 14 digits, as AI (01)
	qty         REAL NOT NULL CHECK (qty > 0),
	tolerance_pct REAL NOT NULL DEFAULT 0
	            CHECK (tolerance_pct >= 0 AND tolerance_pct <= 100),
	received    REAL NOT NULL DEFAULT 0 CHECK (received >= 0),
	due_date    TEXT,
	status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN
	            ('open','complete','cancelled')),
	created     TEXT NOT NULL,
	UNIQUE (po_no, line_no)
);
CREATE INDEX receipt_lines_gtin ON receipt_lines(gtin, status);

-- A received lot remembers its line and the scan; a produced one its
-- operation.  Lot numbers are ours and unique across items, so a lot is
-- named by its number alone on labels, screens and in trace.
ALTER TABLE lots ADD COLUMN receipt_line_id INTEGER REFERENCES receipt_lines(id);
ALTER TABLE lots ADD COLUMN uom TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX lots_no ON lots(lot_no);
CREATE UNIQUE INDEX lots_sscc ON lots(sscc) WHERE sscc IS NOT NULL;
CREATE INDEX lots_supplier_lot ON lots(supplier_lot);
CREATE INDEX lots_receipt ON lots(receipt_line_id);
-- FEFO: the available lots of an item by expiry.
CREATE INDEX lots_item_expiry ON lots(item_id, status, expiry);

ALTER TABLE inv_moves ADD COLUMN wo_op_id INTEGER REFERENCES wo_ops(id);
ALTER TABLE inv_moves ADD COLUMN reason TEXT NOT NULL DEFAULT '';
CREATE INDEX inv_moves_wo ON inv_moves(wo_id, lot_id);
CREATE INDEX inv_moves_loc ON inv_moves(location_id);

-- The ledger is evidence: rows are added, never changed or removed, and
-- no lot's quantity in a location goes below zero, whatever writes it.
CREATE TRIGGER inv_moves_no_update BEFORE UPDATE ON inv_moves
BEGIN SELECT RAISE(ABORT, 'inventory moves are append-only'); END;
CREATE TRIGGER inv_moves_no_delete BEFORE DELETE ON inv_moves
BEGIN SELECT RAISE(ABORT, 'inventory moves are append-only'); END;
CREATE TRIGGER inv_moves_not_negative AFTER INSERT ON inv_moves
WHEN NEW.qty < 0 AND (SELECT sum(qty) FROM inv_moves
	WHERE lot_id = NEW.lot_id AND location_id = NEW.location_id) < -0.000001
BEGIN SELECT RAISE(ABORT, 'on-hand quantity would go below zero'); END;

CREATE TRIGGER genealogy_no_update BEFORE UPDATE ON genealogy
BEGIN SELECT RAISE(ABORT, 'genealogy links are append-only'); END;
CREATE TRIGGER genealogy_no_delete BEFORE DELETE ON genealogy
BEGIN SELECT RAISE(ABORT, 'genealogy links are append-only'); END;
CREATE INDEX genealogy_wo ON genealogy(wo_id, parent_lot_id);

-- Where receiving puts things unless told otherwise.
INSERT OR IGNORE INTO locations (code, name, kind) VALUES
	('RECV', 'Receiving dock', 'dock'),
	('QUAR', 'Quarantine cage', 'quarantine');
