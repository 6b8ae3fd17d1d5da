-- Crosswalk learning log, schema version 1.
--
-- The log is the worker's own record, kept in its own file apart from the reference database,
-- so rebuilding or replacing the reference data never touches it. References are stored by
-- their stable code (plus the title as it read when attached); they are never foreign keys into
-- the reference data, so a code that disappears from the data is reported, not lost.

CREATE TABLE setting (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE entry (
    id             INTEGER PRIMARY KEY,
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
CREATE INDEX entry_by_date ON entry (date, id);

CREATE TABLE entry_reference (
    entry_id INTEGER NOT NULL REFERENCES entry (id) ON DELETE CASCADE,
    code     TEXT NOT NULL,
    -- The item kind when attached: capability, indicator, standard, element, unit, ...
    kind     TEXT NOT NULL,
    status   TEXT NOT NULL CHECK (status IN ('suggested', 'confirmed', 'rejected')),
    -- The mapper's score in 0..1; NULL for a reference the worker added.
    score    REAL CHECK (score IS NULL OR (score >= 0 AND score <= 1)),
    source   TEXT NOT NULL CHECK (source IN ('mapper', 'user')),
    -- The item's title when attached, so the record still reads if the code later disappears.
    title    TEXT,
    added_at TEXT NOT NULL,
    PRIMARY KEY (entry_id, code)
) STRICT;
CREATE INDEX entry_reference_by_code ON entry_reference (code, status);
