-- Crosswalk learning log, schema version 5: an entry's role and a reference's status are checked without a temporary table
--
-- `role IN ('frontline', 'manager', 'strategic')` and `status IN ('suggested', 'confirmed',
-- 'rejected')` made SQLite build a temporary b-tree of the three values for every row written
-- (a list of one or two values it compares directly): a quarter of the work of `log import`.
-- They are checked as `x = 'a' OR x = 'b' OR x = 'c'` now, as the reference database's are
-- (see Schema/reference-v1.sql); the two forms accept and refuse exactly the same values.
-- SQLite cannot change a CHECK in place, so both tables are built again and every row copied,
-- ids and all; the highest id ever given is carried over, so a deleted id is never given again.

CREATE TABLE entry_v5 (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    -- Stable across logs: export/import match entries by it, so re-importing never duplicates.
    uuid           TEXT NOT NULL UNIQUE,
    date           TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    title          TEXT NOT NULL CHECK (length(trim(title)) > 0),
    text           TEXT NOT NULL DEFAULT '',
    hours          REAL CHECK (hours IS NULL OR hours >= 0),
    -- A 23 Things activity code (23L-22, 23ELC-5), when the entry is written for a Thing.
    thing          TEXT,
    -- An SSSC CPL core learning element code (CPL-1 ... CPL-7).
    element        TEXT,
    -- Who chose the element: the worker, or crosswalk from the text.
    element_source TEXT CHECK (element_source IN ('user', 'mapper')),
    role           TEXT NOT NULL CHECK (role = 'frontline' OR role = 'manager' OR role = 'strategic'),
    words          INTEGER NOT NULL CHECK (words >= 0),
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    CHECK ((element IS NULL) = (element_source IS NULL))
) STRICT;

INSERT INTO entry_v5 (id, uuid, date, title, text, hours, thing, element, element_source, role, words, created_at, updated_at)
SELECT id, uuid, date, title, text, hours, thing, element, element_source, role, words, created_at, updated_at
FROM entry ORDER BY id;

-- The copy made entry_v5's sequence the highest id copied; an id given and deleted since may
-- have been higher.
INSERT INTO sqlite_sequence (name, seq)
SELECT 'entry_v5', seq FROM sqlite_sequence WHERE name = 'entry'
    AND NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'entry_v5');
UPDATE sqlite_sequence
SET seq = max(seq, coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'entry'), 0))
WHERE name = 'entry_v5';

CREATE TABLE entry_reference_v5 (
    entry_id INTEGER NOT NULL REFERENCES entry (id) ON DELETE CASCADE,
    code     TEXT NOT NULL,
    -- The item kind when attached: capability, indicator, standard, element, unit, ...
    kind     TEXT NOT NULL,
    status   TEXT NOT NULL CHECK (status = 'suggested' OR status = 'confirmed' OR status = 'rejected'),
    -- The mapper's score in 0..1; NULL for a reference the worker added.
    score    REAL CHECK (score IS NULL OR (score >= 0 AND score <= 1)),
    source   TEXT NOT NULL CHECK (source IN ('mapper', 'user')),
    -- The item's title when attached, so the record still reads if the code later disappears.
    title    TEXT,
    added_at TEXT NOT NULL,
    -- The passage of the entry's text that earned a suggestion (Schema/log-v3.sql).
    passage  TEXT,
    PRIMARY KEY (entry_id, code)
) STRICT;

INSERT INTO entry_reference_v5 (entry_id, code, kind, status, score, source, title, added_at, passage)
SELECT entry_id, code, kind, status, score, source, title, added_at, passage
FROM entry_reference ORDER BY entry_id, code;

DROP TABLE entry_reference;
DROP TABLE entry;
ALTER TABLE entry_v5 RENAME TO entry;
ALTER TABLE entry_reference_v5 RENAME TO entry_reference;

CREATE INDEX entry_by_date ON entry (date, id);
CREATE INDEX entry_reference_by_code ON entry_reference (code, status);
-- As Schema/log-v4.sql made it: one entry's references in the order they are shown.
CREATE INDEX entry_reference_in_order ON entry_reference (
    entry_id,
    CASE status WHEN 'confirmed' THEN 0 WHEN 'suggested' THEN 1 ELSE 2 END,
    CASE kind WHEN 'capability' THEN 0 WHEN 'indicator' THEN 1 WHEN 'standard' THEN 2
              WHEN 'element' THEN 3 WHEN 'unit' THEN 4 ELSE 5 END,
    score IS NULL,
    score DESC,
    code
);
