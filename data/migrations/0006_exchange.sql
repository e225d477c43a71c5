-- mes schema, version 6: what the ERP exchange (ISA-95 B2MML, CSV master
-- data, the drop folder) needs beyond the earlier versions.

-- An order's material requirements as the ERP sent them (B2MML
-- MaterialRequirement with MaterialUse Consumed or Consumable): the
-- components and quantities for this order, which may differ from the
-- item's bill of materials.  wo_op_id: the operation (SegmentRequirement)
-- that needs them; lot_no: a lot the ERP asked for, "" for any.
CREATE TABLE wo_materials (
	id          INTEGER PRIMARY KEY,
	wo_id       INTEGER NOT NULL REFERENCES work_orders(id),
	wo_op_id    INTEGER REFERENCES wo_ops(id),
	item_id     INTEGER NOT NULL REFERENCES items(id),
	qty         REAL NOT NULL CHECK (qty > 0),
	uom         TEXT NOT NULL DEFAULT '',
	mat_use     TEXT NOT NULL DEFAULT 'consumed' CHECK (mat_use IN
	            ('consumed','consumable')),
	lot_no      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX wo_materials_wo ON wo_materials(wo_id);

-- Where an imported order came from: the OperationsSchedule ID, and for
-- each operation the ERP's SegmentRequirement ID, sent back in the
-- performance export so the ERP can match its own records.
ALTER TABLE work_orders ADD COLUMN erp_ref TEXT NOT NULL DEFAULT '';
ALTER TABLE wo_ops ADD COLUMN erp_segment TEXT NOT NULL DEFAULT '';

-- Performance exports the drop folder wrote: the next one starts where
-- the last one ended.
CREATE TABLE exchange_runs (
	id          INTEGER PRIMARY KEY,
	ts          TEXT NOT NULL,
	kind        TEXT NOT NULL,                -- performance
	since       TEXT NOT NULL,
	file        TEXT NOT NULL,
	orders      INTEGER NOT NULL DEFAULT 0
);
