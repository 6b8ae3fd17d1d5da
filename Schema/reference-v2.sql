-- Whether a worker can still take a qualification (project judgement): current, legacy (counts
-- only when already held), stand-in (any award meeting another body's rules, not one award);
-- NULL when not judged. `plan` never suggests legacy awards or stand-ins.
ALTER TABLE qualification ADD COLUMN availability TEXT CHECK (availability IN ('current', 'legacy', 'stand-in'));
