/// SHA-1 (FIPS 180-4), for name-based UUIDs only: Foundation on Linux has no digest without
/// CryptoKit, and a version 5 UUID is defined over SHA-1. Not for anything that needs a
/// collision-resistant hash.
public enum SHA1 {
    /// The 20-byte digest of `bytes`.
    public static func digest<Bytes: Collection>(_ bytes: Bytes) -> [UInt8] where Bytes.Element == UInt8 {
        var h: (UInt32, UInt32, UInt32, UInt32, UInt32) = (0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476, 0xC3D2_E1F0)
        var message = Array(bytes)
        let bitLength = UInt64(message.count) &* 8
        message.append(0x80)
        while message.count % 64 != 56 { message.append(0) }
        for shift in stride(from: 56, through: 0, by: -8) { message.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift))) }

        var w = [UInt32](repeating: 0, count: 80)
        for block in stride(from: 0, to: message.count, by: 64) {
            for t in 0..<16 {
                let i = block + t * 4
                w[t] = UInt32(message[i]) << 24 | UInt32(message[i + 1]) << 16 | UInt32(message[i + 2]) << 8 | UInt32(message[i + 3])
            }
            for t in 16..<80 { w[t] = rotate(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1) }
            var (a, b, c, d, e) = h
            for t in 0..<80 {
                let f: UInt32, k: UInt32
                switch t {
                case 0..<20: (f, k) = ((b & c) | (~b & d), 0x5A82_7999)
                case 20..<40: (f, k) = (b ^ c ^ d, 0x6ED9_EBA1)
                case 40..<60: (f, k) = ((b & c) | (b & d) | (c & d), 0x8F1B_BCDC)
                default: (f, k) = (b ^ c ^ d, 0xCA62_C1D6)
                }
                let temp = rotate(a, 5) &+ f &+ e &+ k &+ w[t]
                (e, d, c, b, a) = (d, c, rotate(b, 30), a, temp)
            }
            h = (h.0 &+ a, h.1 &+ b, h.2 &+ c, h.3 &+ d, h.4 &+ e)
        }
        return [h.0, h.1, h.2, h.3, h.4].flatMap { word in (0..<4).map { UInt8(truncatingIfNeeded: word >> UInt32(24 - $0 * 8)) } }
    }

    /// The digest as 40 lower-case hex digits.
    public static func hex<Bytes: Collection>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        hexDigits(digest(bytes))
    }

    static func hexDigits(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    private static func rotate(_ value: UInt32, _ count: UInt32) -> UInt32 {
        (value << count) | (value >> (32 - count))
    }
}

/// Name-based UUIDs, version 5 (RFC 9562, section 5.5; formerly RFC 4122 section 4.3): the same
/// namespace and name always give the same identifier.
public enum NameUUID {
    /// The UUID for `name` in `namespace`, written in lower case.
    public static func v5(namespace: String, name: String) -> String? {
        guard let space = bytes(of: namespace) else { return nil }
        var hash = Array(SHA1.digest(space + Array(name.utf8)).prefix(16))
        hash[6] = (hash[6] & 0x0F) | 0x50
        hash[8] = (hash[8] & 0x3F) | 0x80
        let hex = Array(SHA1.hexDigits(hash).utf8)
        var text = hex[0..<8] + [UInt8(ascii: "-")] + hex[8..<12] + [UInt8(ascii: "-")] + hex[12..<16]
        text += [UInt8(ascii: "-")] + hex[16..<20] + [UInt8(ascii: "-")] + hex[20..<32]
        return String(decoding: text, as: UTF8.self)
    }

    /// The 16 bytes of a UUID written 8-4-4-4-12; nil when it is not one.
    static func bytes(of uuid: String) -> [UInt8]? {
        guard isUUID(uuid) else { return nil }
        func value(_ byte: UInt8) -> UInt8 {
            switch byte {
            case 48...57: byte - 48
            case 65...70: byte - 55
            default: byte - 87
            }
        }
        let digits = uuid.utf8.filter { $0 != UInt8(ascii: "-") }
        return stride(from: 0, to: 32, by: 2).map { value(digits[$0]) << 4 | value(digits[$0 + 1]) }
    }

    /// Whether `text` is a UUID written 8-4-4-4-12 in hex digits (either case).
    public static func isUUID(_ text: String) -> Bool {
        var count = 0
        for byte in text.utf8 {
            let isHyphen = count == 8 || count == 13 || count == 18 || count == 23
            let isHex = (48...57).contains(byte) || (65...70).contains(byte) || (97...102).contains(byte)
            guard isHyphen ? byte == UInt8(ascii: "-") : isHex else { return false }
            count += 1
            if count > 36 { return false }
        }
        return count == 36
    }
}
