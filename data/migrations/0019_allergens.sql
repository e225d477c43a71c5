-- mes schema, version 19: allergens and changeover cleans.
--
-- The allergens a plant declares (the 14 of EU Regulation 1169/2011
-- Annex II and the US major food allergens of FALCPA and the FASTER Act
-- to start with; a plant adds its own), what each item contains or may
-- contain (its components' allergens come with them up the bill of
-- materials, computed, never stored), what each work center carries
-- (what the last item run there left), and the changeover cleans that
-- take a work center back to clean: recorded with a checklist and an ATP
-- swab result, verified and signed by a second person of the quality
-- role.
CREATE TABLE allergens (
	code        TEXT PRIMARY KEY,
	name        TEXT NOT NULL,
	regime      TEXT NOT NULL DEFAULT 'plant'   -- EU, US, EU+US, plant
);
INSERT INTO allergens (code, name, regime) VALUES
	('GLUTEN',    'Cereals containing gluten',        'EU'),
	('WHEAT',     'Wheat',                            'US'),
	('CRUSTACEAN','Crustaceans (crustacean shellfish)','EU+US'),
	('EGG',       'Eggs',                             'EU+US'),
	('FISH',      'Fish',                             'EU+US'),
	('PEANUT',    'Peanuts',                          'EU+US'),
	('SOY',       'Soybeans',                         'EU+US'),
	('MILK',      'Milk',                             'EU+US'),
	('NUTS',      'Tree nuts',                        'EU+US'),
	('CELERY',    'Celery',                           'EU'),
	('MUSTARD',   'Mustard',                          'EU'),
	('SESAME',    'Sesame seeds',                     'EU+US'),
	('SULPHITES', 'Sulphur dioxide and sulphites',    'EU'),
	('LUPIN',     'Lupin',                            'EU'),
	('MOLLUSC',   'Molluscs',                         'EU');

CREATE TABLE item_allergens (
	item_id     INTEGER NOT NULL REFERENCES items(id),
	allergen    TEXT NOT NULL REFERENCES allergens(code),
	level       TEXT NOT NULL CHECK (level IN ('contains', 'may-contain')),
	PRIMARY KEY (item_id, allergen)
);

CREATE TABLE wc_allergens (
	wc_id       INTEGER NOT NULL REFERENCES work_centers(id),
	allergen    TEXT NOT NULL REFERENCES allergens(code),
	wo_op_id    INTEGER REFERENCES wo_ops(id),    -- what left it
	since       TEXT NOT NULL,
	PRIMARY KEY (wc_id, allergen)
);

CREATE TABLE changeovers (
	id          INTEGER PRIMARY KEY,
	wc_id       INTEGER NOT NULL REFERENCES work_centers(id),
	ts          TEXT NOT NULL,
	user_id     INTEGER NOT NULL REFERENCES users(id),
	checklist   TEXT NOT NULL,
	atp_rlu     REAL,
	atp_max     REAL,
	allergens   TEXT NOT NULL DEFAULT '',     -- what the line carried
	status      TEXT NOT NULL CHECK (status IN ('recorded', 'failed',
	            'verified')),
	verified_by INTEGER REFERENCES users(id),
	verified_ts TEXT,
	signature_id INTEGER REFERENCES signatures(id)
);
CREATE INDEX changeovers_wc ON changeovers(wc_id, ts);
