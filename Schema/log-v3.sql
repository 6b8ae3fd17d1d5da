-- Crosswalk learning log, schema version 3: a suggestion keeps the passage that earned it
--
-- The mapper reads an entry passage by passage (sentences and list items); a reference it
-- suggests now records the passage of the worker's own text that evidences it, so `log show`
-- can quote it and the worker can check the claim. NULL for references the worker added, and
-- for those suggested before this version.

ALTER TABLE entry_reference ADD COLUMN passage TEXT;
