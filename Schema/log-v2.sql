-- Crosswalk learning log, schema version 2: entry ids are never given twice
--
-- Version 1 gave a new entry the id after the highest one left, so when the newest entry was
-- deleted its id went to the next entry, and `log delete 3 --yes` run twice deleted a newer
-- entry 3. AUTOINCREMENT keeps the highest id ever given (in sqlite_sequence), so a deleted id
-- is never given again, by `log add` or by `log import`.
--
-- SQLite cannot add AUTOINCREMENT to a table, so `entry` is rebuilt: the new table is made,
-- every row copied with its id, the old table dropped and the new one renamed. The migration
-- runner applies this with foreign keys off and in one transaction (dropping the old table
-- must not cascade into entry_reference), and refuses to commit if any table has lost a row.
-- This version also starts stamping PRAGMA application_id (0x43574C47, "CWLG").

CREATE TABLE entry_v2 (
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
    role           TEXT NOT NULL CHECK (role IN ('frontline', 'manager', 'strategic')),
    words          INTEGER NOT NULL CHECK (words >= 0),
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    CHECK ((element IS NULL) = (element_source IS NULL))
) STRICT;

INSERT INTO entry_v2 (id, uuid, date, title, text, hours, thing, element, element_source, role, words, created_at, updated_at)
SELECT id, uuid, date, title, text, hours, thing, element, element_source, role, words, created_at, updated_at
FROM entry ORDER BY id;

DROP TABLE entry;
ALTER TABLE entry_v2 RENAME TO entry;
CREATE INDEX entry_by_date ON entry (date, id);
