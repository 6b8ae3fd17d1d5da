-- Crosswalk reference database, schema version 2: the mapping index, stored with the data
--
-- Every import works out what the mapper needs from the rows (each item's terms and their
-- weights, term rarity, the links that carry evidence up to capabilities, the vocabulary, the
-- codes and names a text may mention, the calibration) and stores it here, so that a mapping
-- reads only what its own text uses instead of working it all out again. Filled by the
-- importer, never by hand; see Sources/CrosswalkKit/Mapping/MappingIndexStore.swift.

-- What scoring reads for any item it touches, read whole: `version`, `structure`, `calibration`.
CREATE TABLE mapping_part (
    name TEXT PRIMARY KEY,
    data BLOB NOT NULL
) STRICT;

-- Terms, items and names, hashed into buckets of a dozen or so entries, each read only when a
-- text needs one of its entries.
CREATE TABLE mapping_bucket (
    id   INTEGER PRIMARY KEY,
    data BLOB NOT NULL
) STRICT;
