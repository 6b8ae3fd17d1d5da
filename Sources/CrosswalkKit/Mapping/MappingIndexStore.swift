import Foundation
import SQLite

/// The mapping index kept in the reference database (Schema/reference-v2.sql), written when the
/// data is imported, so that a mapping need not work it out again from every keyword, heading
/// and text of the data.
///
/// Two tables hold it. `mapping_part` has what scoring reads for any item it touches (the
/// structure: kinds, roles, standards and their elements, links, replacements; and the
/// calibration), read whole when a mapper starts: a few bytes per item. `mapping_bucket` has
/// everything looked up by name — terms with their postings, items' codes and titles, the
/// vocabulary, the codes and names a text may mention — hashed into buckets of a dozen or so
/// entries each, so a mapping reads only the buckets of the words it meets, however large the
/// data. Numbers are stored as their exact bits: the stored index maps every text exactly as
/// a fresh one.
enum MappingIndexStore {
    /// Raise whenever what is stored, or how it is worked out, changes; together with the
    /// calibration's method version it tells an index this build cannot read.
    static let formatVersion = "mapping-index-1"

    static var version: String { "\(formatVersion) \(Calibration.methodVersion)" }

    /// The meta key the version is kept under too, so that a database built by another
    /// version of crosswalk from the built-in data is built again (see `ReferenceDatabase`).
    static let metaKey = "mapping-index"

    /// Entries per bucket, on average.
    static let bucketSize = 12
    /// Items per bucket of item texts (by index, so consecutive items share one).
    static let itemsPerBucket = 32

    enum Namespace: Int64 {
        case term = 1, itemText = 2, itemCode = 3, lookup = 4

        func bucket(_ number: Int) -> Int64 { rawValue << 40 | Int64(number) }
    }

    /// Kinds of name looked up in the `lookup` namespace, as the first character of the key.
    enum Lookup: String {
        case vocabulary = "v", vocabularyPrefix = "p", vocabularyFirstWord = "f", code = "c"
        case qualificationName = "q", frameworkName = "w", nameLengths = "n", qualityIndicator = "i"

        func key(_ name: String) -> String { rawValue + ":" + name }
    }

    /// FNV-1a over the key's bytes: the same bucket in every process and on every machine.
    static func bucket(of key: String, count: Int) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return Int(hash % UInt64(max(1, count)))
    }

    // MARK: Writing

    /// Replaces the stored index with `index` (built afresh from this database) and its
    /// calibration. Runs inside the import's transaction.
    static func store(_ index: MappingIndex, calibration: Calibration, in database: Database) throws {
        guard let built = index.builtIndex else { preconditionFailure("only an index built afresh is stored") }
        try database.execute("DELETE FROM mapping_bucket")
        try database.execute("DELETE FROM mapping_part")
        let insertBucket = try database.prepare("INSERT INTO mapping_bucket (id, data) VALUES (?1, ?2)")
        func write(_ namespace: Namespace, _ buckets: [BinaryWriter]) throws {
            for (number, bucket) in buckets.enumerated() where !bucket.bytes.isEmpty {
                try insertBucket.execute([.integer(namespace.bucket(number)), .blob(bucket.bytes)])
            }
        }

        // Terms, by key.
        let termBuckets = max(1, built.terms.count / bucketSize)
        var buckets = [BinaryWriter](repeating: BinaryWriter(), count: termBuckets)
        for term in built.terms {
            let key = built.termNames[term.id]
            var record = BinaryWriter()
            record.int(term.id)
            record.double(term.idf)
            record.double(term.focus)
            record.doubles(term.leaning)
            record.byte(term.isCompound ? 1 : 0)
            record.ints(term.phraseLengths)
            record.int(term.postings.count)
            for (item, weight) in term.postings {
                record.int(item)
                record.double(weight)
            }
            buckets[bucket(of: key, count: termBuckets)].entry(key, record)
        }
        try write(.term, buckets)

        // Items' texts by index, and items by code.
        var texts = [BinaryWriter](repeating: BinaryWriter(), count: (built.items.count + itemsPerBucket - 1) / itemsPerBucket)
        let codeBuckets = max(1, built.items.count / bucketSize)
        var codes = [BinaryWriter](repeating: BinaryWriter(), count: codeBuckets)
        for (position, item) in built.items.enumerated() {
            texts[position / itemsPerBucket].string(item.code)
            texts[position / itemsPerBucket].string(item.title)
            texts[position / itemsPerBucket].string(item.parent)
            var value = BinaryWriter()
            value.int(position)
            codes[bucket(of: item.code, count: codeBuckets)].entry(item.code, value)
        }
        try write(.itemText, texts)
        try write(.itemCode, codes)

        // The vocabulary and the names a text may mention.
        var lookups: [(String, BinaryWriter)] = []
        for (key, expansions) in built.vocabulary {
            var value = BinaryWriter()
            value.int(expansions.count)
            for expansion in expansions {
                value.int(expansion.means.count)
                for id in expansion.means { value.string(built.termNames[id]) }
                value.string(expansion.label)
                value.double(expansion.weight)
            }
            lookups.append((Lookup.vocabulary.key(key), value))
        }
        for prefix in built.vocabularyPrefixes { lookups.append((Lookup.vocabularyPrefix.key(prefix), BinaryWriter())) }
        for word in built.vocabularyFirstWords { lookups.append((Lookup.vocabularyFirstWord.key(word), BinaryWriter())) }
        for (folded, target) in built.codes {
            var value = BinaryWriter()
            value.string(target.code)
            value.string(target.kind)
            lookups.append((Lookup.code.key(folded), value))
        }
        for (lookup, names) in [(Lookup.qualificationName, built.qualificationNames), (.frameworkName, built.frameworkNames)] {
            for (name, id) in names {
                var value = BinaryWriter()
                value.string(id)
                lookups.append((lookup.key(name), value))
            }
        }
        for (word, lengths) in built.nameLengths {
            var value = BinaryWriter()
            value.ints(lengths)
            lookups.append((Lookup.nameLengths.key(word), value))
        }
        for (number, indicators) in built.qualityIndicators {
            var value = BinaryWriter()
            value.int(indicators.count)
            for indicator in indicators {
                value.string(indicator.code)
                value.string(indicator.framework)
            }
            lookups.append((Lookup.qualityIndicator.key(number), value))
        }
        let lookupBuckets = max(1, lookups.count / bucketSize)
        var lookupWriters = [BinaryWriter](repeating: BinaryWriter(), count: lookupBuckets)
        // In key order, so the same data always makes the same bytes.
        for (key, value) in lookups.sorted(by: { $0.0 < $1.0 }) {
            lookupWriters[bucket(of: key, count: lookupBuckets)].entry(key, value)
        }
        try write(.lookup, lookupWriters)

        // Filters that answer "not there" for most words a text holds, without reading a bucket.
        var filters = BinaryWriter()
        filters.filter(BloomFilter(built.termNames))
        filters.filter(BloomFilter(built.terms.filter(\.isCompound).map { built.termNames[$0.id] }))
        filters.filter(BloomFilter(lookups.map(\.0)))

        var structure = BinaryWriter()
        structure.int(termBuckets)
        structure.int(codeBuckets)
        structure.int(lookupBuckets)
        structure.write(index.structure)
        var measured = BinaryWriter()
        measured.doubles(calibration.spread)
        measured.doubles(calibration.standardSpread)
        let insertPart = try database.prepare("INSERT INTO mapping_part (name, data) VALUES (?1, ?2)")
        try insertPart.execute([.text("version"), .blob(Array(version.utf8))])
        try insertPart.execute([.text("structure"), .blob(structure.bytes)])
        try insertPart.execute([.text("calibration"), .blob(measured.bytes)])
        try insertPart.execute([.text("filters"), .blob(filters.bytes)])
        try database.run("INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)", [.text(metaKey), .text(version)])
    }

    // MARK: Reading

    /// The stored index and its calibration, when the database holds one this build reads and
    /// the tuning is the standard one (the index is worked out with it); nil otherwise.
    static func load(from database: Database, tuning: Mapper.Tuning) throws -> (index: MappingIndex, calibration: Calibration)? {
        guard tuning == Mapper.Tuning() else { return nil }
        guard try database.scalarInt("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'mapping_part'") == 1 else {
            return nil
        }
        var parts: [String: [UInt8]] = [:]
        for (name, data) in try database.query("SELECT name, data FROM mapping_part", [], { ($0.string(0), $0.blob(1)) }) {
            parts[name] = data
        }
        guard let versionBytes = parts["version"], String(decoding: versionBytes, as: UTF8.self) == version,
              let structureBytes = parts["structure"], let calibrationBytes = parts["calibration"],
              let filterBytes = parts["filters"] else { return nil }
        do {
            let (termBuckets, codeBuckets, lookupBuckets, structure) = try BinaryReader.reading(structureBytes) { reader in
                (try reader.int(), try reader.int(), try reader.int(), try reader.structure())
            }
            let calibration = try BinaryReader.reading(calibrationBytes) { reader in
                Calibration(spread: try reader.doubles(), standardSpread: try reader.doubles())
            }
            let filters = try BinaryReader.reading(filterBytes) { reader in
                (terms: try reader.filter(), compounds: try reader.filter(), lookups: try reader.filter())
            }
            let store = try Reader(database: database, termBuckets: termBuckets, codeBuckets: codeBuckets,
                                   lookupBuckets: lookupBuckets, filters: filters)
            return (MappingIndex(structure: structure, reader: store, tuning: tuning), calibration)
        } catch is BinaryReader.Truncated {
            return nil
        }
    }

    /// Looks up what a mapping needs in the stored buckets, reading each bucket once.
    ///
    /// Lookups cannot fail in the middle of scoring; a read error is kept (`takeFailure`) and
    /// the mapping that met it fails when it is done.
    final class Reader: @unchecked Sendable {
        private let database: Database
        private let bucketQuery: Statement
        private let thingsQuery: Statement
        private let qualificationsQuery: Statement
        private let displayNameQuery: Statement
        private let termBuckets: Int
        private let codeBuckets: Int
        private let lookupBuckets: Int
        private let filters: (terms: BloomFilter, compounds: BloomFilter, lookups: BloomFilter)
        private let lock = NSLock()
        private var termsByKey: [String: MappingIndex.TermData?] = [:]
        private var termsByID: [Int: MappingIndex.TermData] = [:]
        private var itemTexts: [Int: MappingIndex.ItemText] = [:]
        private var itemsByCode: [String: Int?] = [:]
        private var lookups: [String: [UInt8]?] = [:]
        private var vocabularyCache: [String: [MappingIndex.Expansion]?] = [:]
        private var failure: Error?
        /// How many buckets have been read: a mapping reads those of its own words only.
        private var reads = 0

        init(database: Database, termBuckets: Int, codeBuckets: Int, lookupBuckets: Int,
             filters: (terms: BloomFilter, compounds: BloomFilter, lookups: BloomFilter)) throws {
            self.database = database
            bucketQuery = try database.prepare("SELECT data FROM mapping_bucket WHERE id = ?1")
            thingsQuery = try database.prepare("SELECT code, programme FROM activity WHERE number = ?1 ORDER BY programme DESC")
            qualificationsQuery = try database.prepare("SELECT qualification FROM qualification_unit WHERE unit = ?1 ORDER BY rowid")
            displayNameQuery = try database.prepare("SELECT name, award_code FROM qualification WHERE id = ?1")
            self.termBuckets = termBuckets
            self.codeBuckets = codeBuckets
            self.lookupBuckets = lookupBuckets
            self.filters = filters
        }

        var bucketsRead: Int { lock.withLock { reads } }

        func takeFailure() -> Error? {
            lock.withLock {
                defer { failure = nil }
                return failure
            }
        }

        /// Runs `body` on one bucket's bytes (empty when there is no such bucket).
        private func withBucket<T>(_ id: Int64, _ body: (inout BinaryReader) throws -> T?) -> T? {
            do {
                reads += 1
                try bucketQuery.bind([.integer(id)])
                defer { bucketQuery.reset() }
                guard try bucketQuery.step() else { return nil }
                return try bucketQuery.row.withBlob(0) { raw in
                    var reader = BinaryReader(raw)
                    return try body(&reader)
                }
            } catch {
                if failure == nil { failure = error }
                return nil
            }
        }

        /// The value stored under `key` in a bucket of key-value entries.
        private func value<T>(_ key: String, in id: Int64, _ decode: (inout BinaryReader) throws -> T) -> T? {
            var key = key
            return key.withUTF8 { wanted in
                withBucket(id) { reader in
                    while !reader.isAtEnd {
                        let matches = try reader.keyMatches(wanted)
                        let length = try reader.int()
                        guard matches else {
                            try reader.skip(length)
                            continue
                        }
                        return try decode(&reader)
                    }
                    return nil
                }
            }
        }

        func term(_ key: String) -> MappingIndex.TermData? {
            lock.withLock {
                if let known = termsByKey[key] { return known }
                guard filters.terms.mayContain(key) else { return nil }
                let term = value(key, in: Namespace.term.bucket(MappingIndexStore.bucket(of: key, count: termBuckets))) { reader in
                    try reader.term()
                }
                termsByKey[key] = .some(term)
                if let term { termsByID[term.id] = term }
                return term
            }
        }

        /// Whether a pair of written words may join into this stem.
        func isCompound(_ stem: String) -> Bool {
            filters.compounds.mayContain(stem) && term(stem)?.isCompound == true
        }

        func term(id: Int) -> MappingIndex.TermData {
            lock.withLock {
                guard let term = termsByID[id] else { preconditionFailure("term \(id) was not read through this index") }
                return term
            }
        }

        func item(_ index: Int) -> MappingIndex.ItemText {
            lock.withLock {
                if let known = itemTexts[index] { return known }
                let first = index / itemsPerBucket * itemsPerBucket
                _ = withBucket(Namespace.itemText.bucket(index / itemsPerBucket)) { reader -> Bool? in
                    var position = first
                    while !reader.isAtEnd {
                        itemTexts[position] = MappingIndex.ItemText(code: try reader.string(), title: try reader.string(),
                                                                    parent: try reader.string())
                        position += 1
                    }
                    return true
                }
                return itemTexts[index] ?? MappingIndex.ItemText(code: "", title: "", parent: "")
            }
        }

        func item(code: String) -> Int? {
            lock.withLock {
                if let known = itemsByCode[code] { return known }
                let found = value(code, in: Namespace.itemCode.bucket(MappingIndexStore.bucket(of: code, count: codeBuckets))) { reader in
                    try reader.int()
                }
                itemsByCode[code] = .some(found)
                return found
            }
        }

        /// The bytes stored under a lookup key, nil when there is none; read once.
        private func lookup(_ kind: Lookup, _ name: String) -> [UInt8]? {
            let key = kind.key(name)
            if let known = lookups[key] { return known }
            guard filters.lookups.mayContain(key) else { return nil }
            let found = value(key, in: Namespace.lookup.bucket(MappingIndexStore.bucket(of: key, count: lookupBuckets))) { reader in
                try reader.rest()
            }
            lookups[key] = .some(found)
            return found
        }

        private func decode<T>(_ kind: Lookup, _ name: String, _ body: (inout BinaryReader) throws -> T) -> T? {
            lock.withLock {
                guard let bytes = lookup(kind, name) else { return nil }
                do {
                    return try BinaryReader.reading(bytes, body)
                } catch {
                    if failure == nil { failure = error }
                    return nil
                }
            }
        }

        func vocabulary(_ key: String) -> [MappingIndex.Expansion]? {
            if let known = lock.withLock({ vocabularyCache[key] }) { return known }
            let rows = decode(.vocabulary, key) { reader -> [(means: [String], label: String, weight: Double)] in
                try (0..<reader.int()).map { _ in
                    (try (0..<reader.int()).map { _ in try reader.string() }, try reader.string(), try reader.double())
                }
            }
            // Each meaning's terms are read now, so that scoring finds them by id.
            let expansions = rows.map { rows in
                rows.map { row in
                    MappingIndex.Expansion(means: row.means.compactMap { term($0)?.id }, label: row.label, weight: row.weight)
                }
            }
            lock.withLock { vocabularyCache[key] = .some(expansions) }
            return expansions
        }

        func isVocabularyPrefix(_ key: String) -> Bool { lock.withLock { lookup(.vocabularyPrefix, key) != nil } }

        func isVocabularyFirstWord(_ word: String) -> Bool { lock.withLock { lookup(.vocabularyFirstWord, word) != nil } }

        func code(_ folded: String) -> (code: String, kind: String)? {
            decode(.code, folded) { (try $0.string(), try $0.string()) }
        }

        func qualification(named key: String) -> String? { decode(.qualificationName, key) { try $0.string() } }

        func framework(named key: String) -> String? { decode(.frameworkName, key) { try $0.string() } }

        func nameLengths(_ word: String) -> [Int] { decode(.nameLengths, word) { try $0.ints() } ?? [] }

        func qualityIndicators(_ number: String) -> [(code: String, framework: String)]? {
            decode(.qualityIndicator, number) { reader in try (0..<reader.int()).map { _ in (try reader.string(), try reader.string()) } }
        }

        private func rows<T>(_ statement: Statement, _ arguments: [SQLValue], _ read: (Row) -> T) -> [T] {
            lock.withLock {
                do {
                    try statement.bind(arguments)
                    defer { statement.reset() }
                    var rows: [T] = []
                    while try statement.step() { rows.append(read(statement.row)) }
                    return rows
                } catch {
                    if failure == nil { failure = error }
                    return []
                }
            }
        }

        func things(_ number: Int) -> [(code: String, programme: String)]? {
            let found = rows(thingsQuery, [.integer(Int64(number))]) { ($0.string(0), $0.string(1)) }
            return found.isEmpty ? nil : found
        }

        func qualifications(ofUnit code: String) -> [String] {
            rows(qualificationsQuery, [.text(code)]) { $0.string(0) }
        }

        func qualificationDisplayName(_ id: String) -> String? {
            rows(displayNameQuery, [.text(id)]) { Catalog.qualificationDisplayName(name: $0.string(0), awardCode: $0.optionalString(1)) }.first
        }
    }
}

// MARK: Filters

/// A Bloom filter: says for certain that a key is not in a set, and, for about one key in a
/// hundred that is not, wrongly that it may be (the bucket is then read and says no).
struct BloomFilter: Sendable {
    private(set) var words: [UInt64]
    static let probes = 7

    init(words: [UInt64]) {
        self.words = words.isEmpty ? [0] : words
    }

    /// A filter of `keys`, ten bits per key.
    init(_ keys: some Collection<String>) {
        words = Array(repeating: 0, count: max(1, (keys.count * 10 + 63) / 64))
        let count = UInt64(words.count * 64)
        for key in keys {
            let (first, second) = Self.hashes(key)
            for probe in 0..<UInt64(Self.probes) {
                let bit = Int((first &+ probe &* second) % count)
                words[bit >> 6] |= 1 << UInt64(bit & 63)
            }
        }
    }

    func mayContain(_ key: String) -> Bool {
        let (first, second) = Self.hashes(key)
        let count = UInt64(words.count * 64)
        for probe in 0..<UInt64(Self.probes) {
            let bit = Int((first &+ probe &* second) % count)
            if words[bit >> 6] & (1 << UInt64(bit & 63)) == 0 { return false }
        }
        return true
    }

    /// The key's two hashes: FNV-1a split into its halves (double hashing gives the probes).
    private static func hashes(_ key: String) -> (UInt64, UInt64) {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return (hash & 0xFFFF_FFFF, hash >> 32 | 1)
    }
}

// MARK: Bytes

/// Numbers and strings written one after another, little-endian: ints as 32 bits (an index of
/// more than two thousand million entries is out of reach), doubles as their exact bits.
struct BinaryWriter {
    private(set) var bytes: [UInt8] = []

    mutating func byte(_ value: UInt8) { bytes.append(value) }

    mutating func int(_ value: Int) {
        precondition(value >= Int(Int32.min) && value <= Int(Int32.max), "\(value) does not fit the stored index")
        withUnsafeBytes(of: Int32(value).littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func double(_ value: Double) {
        withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func string(_ value: String) {
        int(value.utf8.count)
        bytes.append(contentsOf: value.utf8)
    }

    mutating func ints(_ values: some Collection<Int>) {
        int(values.count)
        for value in values { int(value) }
    }

    mutating func doubles(_ values: some Collection<Double>) {
        int(values.count)
        for value in values { double(value) }
    }

    /// A bucket entry: the key, then the value's length and bytes.
    mutating func entry(_ key: String, _ value: BinaryWriter) {
        string(key)
        int(value.bytes.count)
        bytes.append(contentsOf: value.bytes)
    }

    mutating func lists(_ lists: MappingIndex.Lists<Int>) {
        ints(lists.offsets)
        ints(lists.values)
    }

    mutating func filter(_ filter: BloomFilter) {
        int(filter.words.count)
        for word in filter.words { withUnsafeBytes(of: word.littleEndian) { bytes.append(contentsOf: $0) } }
    }

    mutating func write(_ structure: MappingIndex.Structure) {
        int(structure.capabilityNames.count)
        for capability in structure.capabilityNames {
            string(capability.id)
            string(capability.name)
        }
        ints(structure.capabilityItems.map { $0 ?? -1 })
        int(structure.kinds.count)
        for kind in structure.kinds { byte(kind.rawValue) }
        for role in structure.roles { byte(role.map { UInt8(Role.allCases.firstIndex(of: $0)! + 1) } ?? 0) }
        for value in structure.lengthNorm { double(value) }
        for position in structure.standardPosition { int(position) }
        ints(structure.standardItems)
        lists(structure.standardElements)
        lists(structure.indicatorsByPosition)
        ints(structure.capabilityLinks.offsets)
        int(structure.capabilityLinks.values.count)
        for link in structure.capabilityLinks.values {
            int(link.capability)
            int(link.ordinal)
            double(link.strength)
        }
        int(structure.replacesByItem.count)
        for pair in structure.replacesByItem {
            int(pair.newer)
            int(pair.older)
        }
        for replaced in structure.isReplaced { byte(replaced ? 1 : 0) }
        lists(structure.replacedBy)
        int(structure.relatedByItem.count)
        for entry in structure.relatedByItem {
            int(entry.item)
            int(entry.relations.count)
            for relation in entry.relations {
                int(relation.item)
                double(relation.strength)
            }
        }
        for level in structure.nosLevels { byte(level?.rawValue ?? 0) }
        for position in structure.parentPosition { int(position) }
        int(structure.parents.count)
        for parent in structure.parents { string(parent) }
        lists(structure.builtOn)
    }
}

/// Reads what `BinaryWriter` wrote, checking every length against the bytes there are.
struct BinaryReader {
    struct Truncated: Error, CustomStringConvertible {
        var description: String { "the stored mapping index is damaged; import the data again" }
    }

    private let base: UnsafeRawPointer?
    private let count: Int
    private var offset = 0

    /// Reads `raw`, which must outlive the reader.
    init(_ raw: UnsafeRawBufferPointer) {
        base = raw.baseAddress
        count = raw.count
    }

    /// Runs `body` with a reader of `bytes`.
    static func reading<T>(_ bytes: [UInt8], _ body: (inout BinaryReader) throws -> T) rethrows -> T {
        try bytes.withUnsafeBytes { raw in
            var reader = BinaryReader(raw)
            return try body(&reader)
        }
    }

    var isAtEnd: Bool { offset >= count }

    private mutating func take(_ length: Int) throws -> UnsafeRawPointer {
        guard length >= 0, length <= count - offset else { throw Truncated() }
        // No bytes at all: only a length of zero gets here, and nothing is read through it.
        guard let base else { return UnsafeRawPointer(bitPattern: 1)! }
        defer { offset += length }
        return base + offset
    }

    mutating func byte() throws -> UInt8 { try take(1).load(as: UInt8.self) }

    mutating func int() throws -> Int { Int(Int32(littleEndian: try take(4).loadUnaligned(as: Int32.self))) }

    mutating func double() throws -> Double { Double(bitPattern: UInt64(littleEndian: try take(8).loadUnaligned(as: UInt64.self))) }

    mutating func string() throws -> String {
        let length = try int()
        guard length > 0 else { return "" }
        let start = try take(length)
        return String(decoding: UnsafeRawBufferPointer(start: start, count: length), as: UTF8.self)
    }

    /// Whether the next string equals `wanted` (its bytes), reading past it either way.
    mutating func keyMatches(_ wanted: UnsafeBufferPointer<UInt8>) throws -> Bool {
        let length = try int()
        let start = try take(length)
        guard length == wanted.count else { return false }
        guard length > 0, let other = wanted.baseAddress else { return true }
        return memcmp(start, other, length) == 0
    }

    mutating func skip(_ length: Int) throws { _ = try take(length) }

    /// The bytes left.
    mutating func rest() throws -> [UInt8] {
        let length = count - offset
        guard length > 0 else { return [] }
        return Array(UnsafeRawBufferPointer(start: try take(length), count: length))
    }

    mutating func ints() throws -> [Int] { try ints(try int()) }

    mutating func doubles() throws -> [Double] { try doubles(try int()) }

    /// `count` values written one after another.
    mutating func ints(_ count: Int) throws -> [Int] {
        guard count >= 0, count <= (self.count - offset) / 4 else { throw Truncated() }
        let start = try take(count * 4)
        return [Int](unsafeUninitializedCapacity: count) { values, initialized in
            for index in 0..<count { values[index] = Int(Int32(littleEndian: start.loadUnaligned(fromByteOffset: index * 4, as: Int32.self))) }
            initialized = count
        }
    }

    mutating func doubles(_ count: Int) throws -> [Double] {
        guard count >= 0, count <= (self.count - offset) / 8 else { throw Truncated() }
        let start = try take(count * 8)
        return [Double](unsafeUninitializedCapacity: count) { values, initialized in
            for index in 0..<count {
                values[index] = Double(bitPattern: UInt64(littleEndian: start.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self)))
            }
            initialized = count
        }
    }

    mutating func bytes(_ count: Int) throws -> [UInt8] {
        guard count >= 0, count <= self.count - offset else { throw Truncated() }
        return Array(UnsafeRawBufferPointer(start: try take(count), count: count))
    }

    mutating func lists() throws -> MappingIndex.Lists<Int> {
        MappingIndex.Lists(offsets: try ints(), values: try ints())
    }

    mutating func filter() throws -> BloomFilter {
        let count = try int()
        guard count >= 0, count * 8 <= self.count - offset else { throw Truncated() }
        return BloomFilter(words: try (0..<count).map { _ in UInt64(littleEndian: try take(8).loadUnaligned(as: UInt64.self)) })
    }

    mutating func term() throws -> MappingIndex.TermData {
        let id = try int()
        let idf = try double(), focus = try double()
        let leaning = try doubles()
        let isCompound = try byte() == 1
        let phraseLengths = try ints()
        let count = try int()
        guard count >= 0, count * 12 <= self.count - offset else { throw Truncated() }
        var postings: [(item: Int, weight: Double)] = []
        postings.reserveCapacity(count)
        for _ in 0..<count { postings.append((try int(), try double())) }
        return MappingIndex.TermData(id: id, idf: idf, focus: focus, leaning: leaning, postings: postings,
                                     phraseLengths: phraseLengths, isCompound: isCompound)
    }

    mutating func structure() throws -> MappingIndex.Structure {
        var structure = MappingIndex.Structure()
        structure.capabilityNames = try (0..<int()).map { _ in (try string(), try string()) }
        structure.capabilityItems = try ints().map { $0 >= 0 ? $0 : nil }
        let items = try int()
        guard items >= 0, items <= count - offset else { throw Truncated() }
        // Per-item values are read in bulk: a large dataset has a quarter of a million items.
        structure.kinds = try bytes(items).map { byte in
            guard let kind = MappingIndex.Kind(rawValue: byte) else { throw Truncated() }
            return kind
        }
        let roles = Role.allCases
        structure.roles = try bytes(items).map { $0 == 0 || Int($0) > roles.count ? nil : roles[Int($0) - 1] }
        structure.lengthNorm = try doubles(items)
        structure.standardPosition = try ints(items)
        structure.standardItems = try ints()
        structure.standardElements = try lists()
        structure.indicatorsByPosition = try lists()
        let linkOffsets = try ints()
        let links = try (0..<int()).map { _ in
            MappingIndex.CapabilityLink(capability: try int(), ordinal: try int(), strength: try double())
        }
        structure.capabilityLinks = MappingIndex.Lists(offsets: linkOffsets, values: links)
        structure.replacesByItem = try (0..<int()).map { _ in (try int(), try int()) }
        structure.isReplaced = try bytes(items).map { $0 == 1 }
        structure.replacedBy = try lists()
        structure.relatedByItem = try (0..<int()).map { _ in
            (try int(), try (0..<int()).map { _ in (try int(), try double()) })
        }
        structure.nosLevels = try bytes(items).map { NOSLevel(rawValue: $0) }
        structure.parentPosition = try ints(items)
        structure.parents = try (0..<int()).map { _ in try string() }
        structure.builtOn = try lists()
        return structure
    }
}
