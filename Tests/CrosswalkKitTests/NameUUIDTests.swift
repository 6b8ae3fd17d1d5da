import Testing
@testable import CrosswalkKit

/// SHA-1 against the FIPS 180 examples, and name-based UUIDs against published vectors: an
/// exported identifier that drifted would orphan every copy of a package already imported.
@Suite struct NameUUIDTests {
    @Test func sha1MatchesTheStandardVectors() {
        #expect(SHA1.hex(Array("".utf8)) == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
        #expect(SHA1.hex(Array("abc".utf8)) == "a9993e364706816aba3e25717850c26c9cd0d89d")
        #expect(SHA1.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "84983e441c3bd26ebaae4aa1f95129e5e54670f1")
        #expect(SHA1.hex([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)) == "34aa973cd4c4daa4f61eeb2bdbad27316534016f")
    }

    @Test func sha1HandlesMessagesAroundTheBlockBoundary() {
        // 55, 56 and 64 bytes: the padding spills into a second block at 56.
        #expect(SHA1.hex([UInt8](repeating: 0x61, count: 55)) == "c1c8bbdc22796e28c0e15163d20899b65621d65a")
        #expect(SHA1.hex([UInt8](repeating: 0x61, count: 56)) == "c2db330f6083854c99d4b5bfb6e8f29f201be699")
        #expect(SHA1.hex([UInt8](repeating: 0x61, count: 64)) == "0098ba824b5c16427bd7a1122a5a442a25ec644d")
    }

    @Test func version5UUIDsMatchPublishedVectors() {
        let dns = "6ba7b810-9dad-11d1-80b4-00c04fd430c8"
        // RFC 9562, appendix A.4.
        #expect(NameUUID.v5(namespace: dns, name: "www.example.com") == "2ed6657d-e927-568b-95e1-2665a8aea6a2")
        // Python's uuid documentation.
        #expect(NameUUID.v5(namespace: dns, name: "python.org") == "886313e1-3b8a-5372-9b90-0c9aee199e5d")
        // The namespace may be written in upper case; the result is always lower case.
        #expect(NameUUID.v5(namespace: dns.uppercased(), name: "python.org") == "886313e1-3b8a-5372-9b90-0c9aee199e5d")
    }

    @Test func crosswalkIdentifiersAreStableVersion5UUIDs() {
        let identifier = InteropIdentity.identifier(for: "SCDLMCA1")
        #expect(identifier == "f588c81a-621f-57ee-8fdf-3c99804b0af7")
        #expect(NameUUID.isUUID(identifier))
        #expect(identifier == identifier.lowercased())
        #expect(Array(identifier)[14] == "5")
        #expect("89ab".contains(Array(identifier)[19]))
        #expect(InteropIdentity.identifier(for: "SCDLMCA2") != identifier)
    }

    @Test func onlyHyphenatedHexUUIDsAreAccepted() {
        #expect(NameUUID.isUUID("00000000-0000-0000-0000-000000000001"))
        #expect(NameUUID.isUUID("ABCDEF00-0000-0000-0000-000000000001"))
        #expect(!NameUUID.isUUID("00000000000000000000000000000001"))
        #expect(!NameUUID.isUUID("0000000g-0000-0000-0000-000000000001"))
        #expect(!NameUUID.isUUID("0000000０-0000-0000-0000-000000000001"))
        #expect(NameUUID.v5(namespace: "not a uuid", name: "x") == nil)
    }
}
