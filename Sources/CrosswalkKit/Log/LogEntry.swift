import Foundation

/// One reference attached to a log entry: a stable code from the reference data, and what the
/// worker made of it.
public struct LogReference: Sendable, Equatable {
    public enum Status: String, CaseIterable, Sendable {
        /// Proposed by the mapper, not yet looked at.
        case suggested
        /// Accepted or added by the worker: this counts as evidence.
        case confirmed
        /// Turned down by the worker: kept so it is never suggested again for this entry.
        case rejected
    }

    public enum Source: String, CaseIterable, Sendable {
        case mapper, user
    }

    public var code: String
    public var kind: String
    public var status: Status
    public var score: Double?
    public var source: Source
    /// The item's title when the reference was attached.
    public var title: String?
    public var addedAt: String
    /// For a suggestion: the passage of the entry's text that evidences it, as written.
    public var passage: String?

    public init(code: String, kind: String, status: Status, score: Double?, source: Source, title: String?, addedAt: String,
                passage: String? = nil) {
        self.code = code
        self.kind = kind
        self.status = status
        self.score = score
        self.source = source
        self.title = title
        self.addedAt = addedAt
        self.passage = passage
    }

    public var json: JSON {
        .object([
            ("code", .string(code)), ("kind", .string(kind)), ("status", .string(status.rawValue)),
            ("score", score.map(JSON.score) ?? .null), ("source", .string(source.rawValue)),
            ("title", .optional(title)), ("added_at", .string(addedAt)), ("passage", .optional(passage)),
        ])
    }
}

/// One piece of continuous professional learning the worker recorded.
public struct LogEntry: Sendable {
    public enum ElementSource: String, Sendable {
        /// The worker chose the CPL element.
        case user
        /// crosswalk suggested it from the text; it follows the text when the text is edited.
        case mapper
    }

    /// Ids a log keeps: from 1 up to the largest whole number every JSON reader holds exactly
    /// (2^53 - 1), so an id survives an export and import unchanged.
    public static let idRange = 1...9_007_199_254_740_991

    /// Hours one entry may record, whoever writes it (`log add`, `log edit`, `log import`).
    public static let hoursRange = 0.0...1000.0

    public var id: Int
    public var uuid: String
    public var date: String
    public var title: String
    public var text: String
    public var hours: Double?
    /// A 23 Things activity code (23L-22, 23ELC-5).
    public var thing: String?
    /// An SSSC CPL core learning element code (CPL-1 ... CPL-7).
    public var element: String?
    public var elementSource: ElementSource?
    public var role: Role
    public var words: Int
    public var createdAt: String
    public var updatedAt: String
    public var references: [LogReference]

    public init(id: Int, uuid: String, date: String, title: String, text: String, hours: Double?, thing: String?,
                element: String?, elementSource: ElementSource?, role: Role, words: Int,
                createdAt: String, updatedAt: String, references: [LogReference]) {
        self.id = id
        self.uuid = uuid
        self.date = date
        self.title = title
        self.text = text
        self.hours = hours
        self.thing = thing
        self.element = element
        self.elementSource = elementSource
        self.role = role
        self.words = words
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.references = references
    }

    public func references(_ status: LogReference.Status) -> [LogReference] {
        references.filter { $0.status == status }
    }

    /// The text the mapper reads: the title says what the learning was about as much as the text.
    public var mappingText: String { Self.mappingText(title: title, text: text) }

    public static func mappingText(title: String, text: String) -> String {
        text.isEmpty ? title : title + "\n\n" + text
    }

    /// The record as `log list --json`, `log show --json` and `log export --format json` write it;
    /// `log import` reads the same fields back.
    public var json: JSON {
        .object([
            ("id", .int(id)), ("uuid", .string(uuid)), ("date", .string(date)), ("title", .string(title)),
            ("text", .string(text)), ("hours", hours.map(JSON.number) ?? .null), ("thing", .optional(thing)),
            ("element", .optional(element)), ("element_source", .optional(elementSource?.rawValue)),
            ("role", .string(role.rawValue)), ("words", .int(words)),
            ("created_at", .string(createdAt)), ("updated_at", .string(updatedAt)),
            ("references", .array(references.map(\.json))),
        ])
    }
}

/// Dates as the log stores them: `YYYY-MM-DD`, a real calendar day.
public enum LogDate {
    /// Today in the user's own time zone: a worker logging at 11pm means today, not UTC's date.
    public static func today() -> String {
        let parts = Calendar(identifier: .gregorian).dateComponents([.year, .month, .day], from: Date())
        return format(year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1)
    }

    /// `text` if it is a valid `YYYY-MM-DD` date, else a usage error naming the option.
    public static func validated(_ text: String, option: String) throws -> String {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              isValid(year: year, month: month, day: day) else {
            throw CrosswalkError.usage("--\(option) takes a date as YYYY-MM-DD, e.g. 2025-03-14, not \"\(text)\"")
        }
        return text
    }

    static func isValid(year: Int, month: Int, day: Int) -> Bool {
        guard (1900...2999).contains(year), (1...12).contains(month), day >= 1 else { return false }
        let lengths = [31, isLeap(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= lengths[month - 1]
    }

    static func isLeap(_ year: Int) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }

    static func format(year: Int, month: Int, day: Int) -> String {
        String(format: "%04d-%02d-%02d", year, month, day)
    }

    /// A moment as stored in `created_at`/`updated_at`: ISO 8601 in UTC, to the second
    /// (`2025-03-14T09:30:00Z`). Written by hand rather than with a date formatter, which is
    /// slow to build: `log import` checks two or three of these per entry. The log only ever
    /// stamps the present: the Gregorian calendar (the formatter's from 15 October 1582).
    public static func timestamp(_ date: Date = Date()) -> String {
        // To the nearest millisecond first, then down to the second, as the formatter did.
        let milliseconds = Int((date.timeIntervalSince1970 * 1000).rounded())
        let seconds = milliseconds >= 0 ? milliseconds / 1000 : (milliseconds - 999) / 1000
        let day = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let second = seconds - day * 86_400
        let (year, month, dayOfMonth) = civil(fromDays: day)
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
        let yearText = String(year)
        return String(repeating: "0", count: max(0, 4 - yearText.count)) + yearText + "-" + two(month) + "-" + two(dayOfMonth)
            + "T" + two(second / 3600) + ":" + two(second / 60 % 60) + ":" + two(second % 60) + "Z"
    }

    /// The Gregorian year, month and day `days` after 1970-01-01 (Howard Hinnant's algorithm).
    static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Whether `text` is a moment exactly as `timestamp` writes it: `YYYY-MM-DDTHH:MM:SSZ`,
    /// ASCII digits, a real calendar day and time. It accepts exactly what an ISO 8601 date
    /// formatter reads back to the same text (what this check used to be), including that
    /// formatter's calendar: years 0001 to 9999, Gregorian from 15 October 1582 and Julian
    /// before it (so 1500-02-29 is a day and 5 to 14 October 1582 are not).
    public static func isTimestamp(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            guard bytes.count == 20, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
                  bytes[10] == UInt8(ascii: "T"), bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"),
                  bytes[19] == UInt8(ascii: "Z") else { return false }
            func number(_ start: Int, _ count: Int) -> Int? {
                var value = 0
                for index in start..<start + count {
                    let digit = Int(bytes[index]) - 48
                    guard (0...9).contains(digit) else { return nil }
                    value = value * 10 + digit
                }
                return value
            }
            guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
                  let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2) else { return false }
            return hour < 24 && minute < 60 && second < 60 && isCalendarDay(year: year, month: month, day: day)
        }
    }

    /// A day of the calendar ISO 8601 date formatters use (see `isTimestamp`).
    static func isCalendarDay(year: Int, month: Int, day: Int) -> Bool {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1 else { return false }
        let date = year * 10_000 + month * 100 + day
        // The days the switch from the Julian to the Gregorian calendar skipped.
        if (1582_10_05...1582_10_14).contains(date) { return false }
        let leap = date < 1582_10_15 ? year % 4 == 0 : isLeap(year)
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= lengths[month - 1]
    }

    /// "14 March 2025", for documents a person reads.
    public static func long(_ date: String) -> String {
        let parts = date.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, (1...12).contains(parts[1]) else { return date }
        let months = ["January", "February", "March", "April", "May", "June", "July", "August",
                      "September", "October", "November", "December"]
        return "\(parts[2]) \(months[parts[1] - 1]) \(parts[0])"
    }
}
