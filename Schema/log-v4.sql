-- Crosswalk learning log, schema version 4: an entry's references are read from an index, in the order they are shown
--
-- Every command shows an entry's references confirmed first, then suggested, then rejected;
-- within each, capabilities and indicators before standards, elements and units, best score
-- first. This index holds them in exactly that order (the expressions below are the ones the
-- queries in LearningLog.swift sort by), so one entry's references are a range of it and a
-- whole log's come out entry by entry with nothing to sort, however long the log grows.
-- Adding an index changes no row.

CREATE INDEX entry_reference_in_order ON entry_reference (
    entry_id,
    CASE status WHEN 'confirmed' THEN 0 WHEN 'suggested' THEN 1 ELSE 2 END,
    CASE kind WHEN 'capability' THEN 0 WHEN 'indicator' THEN 1 WHEN 'standard' THEN 2
              WHEN 'element' THEN 3 WHEN 'unit' THEN 4 ELSE 5 END,
    score IS NULL,
    score DESC,
    code
);
