/// Martin Porter's 1980 suffix-stripping algorithm, on lowercase ASCII letters. The mapper runs
/// the worker's text and the reference data through this same function, so "supervising",
/// "supervised" and "supervision" meet at one stem whichever side they are written on.
/// Words holding anything but a-z are returned unchanged.
enum PorterStemmer {
    static func stem(_ word: String) -> String {
        var letters = Array(word.utf8)
        guard letters.count > 2, letters.allSatisfy({ $0 >= 97 && $0 <= 122 }) else { return word }
        var stemmer = Buffer(b: letters, k: letters.count - 1)
        stemmer.run()
        letters = Array(stemmer.b[0...stemmer.k])
        return String(decoding: letters, as: UTF8.self)
    }

    /// The word being stemmed: `b[0...k]` is the current word, `j` a working offset.
    private struct Buffer {
        var b: [UInt8]
        var k: Int
        var j = 0

        mutating func run() {
            step1ab()
            if k > 0 {
                step1c()
                step2()
                step3()
                step4()
                step5()
            }
        }

        private func isConsonant(_ i: Int) -> Bool {
            switch b[i] {
            case 97, 101, 105, 111, 117: return false // a e i o u
            case 121: return i == 0 ? true : !isConsonant(i - 1) // y
            default: return true
            }
        }

        /// The number of vowel-consonant sequences in b[0...j].
        private func measure() -> Int {
            var n = 0
            var i = 0
            while true {
                if i > j { return n }
                if !isConsonant(i) { break }
                i += 1
            }
            i += 1
            while true {
                while true {
                    if i > j { return n }
                    if isConsonant(i) { break }
                    i += 1
                }
                i += 1
                n += 1
                while true {
                    if i > j { return n }
                    if !isConsonant(i) { break }
                    i += 1
                }
                i += 1
            }
        }

        private func vowelInStem() -> Bool {
            (0...max(0, j)).contains { $0 <= j && !isConsonant($0) }
        }

        private func doubleConsonant(_ i: Int) -> Bool {
            i >= 1 && b[i] == b[i - 1] && isConsonant(i)
        }

        /// consonant-vowel-consonant ending at i, the last not w, x or y: "hop" but not "snow".
        private func cvc(_ i: Int) -> Bool {
            guard i >= 2, isConsonant(i), !isConsonant(i - 1), isConsonant(i - 2) else { return false }
            return b[i] != 119 && b[i] != 120 && b[i] != 121
        }

        private mutating func ends(_ suffix: StaticString) -> Bool {
            let count = suffix.utf8CodeUnitCount
            guard count <= k + 1 else { return false }
            let start = k - count + 1
            let bytes = suffix.utf8Start
            for offset in 0..<count where b[start + offset] != bytes[offset] { return false }
            j = k - count
            return true
        }

        private mutating func setTo(_ replacement: StaticString) {
            let count = replacement.utf8CodeUnitCount
            let bytes = UnsafeBufferPointer(start: replacement.utf8Start, count: count)
            b.replaceSubrange((j + 1)..<(k + 1), with: bytes)
            k = j + count
        }

        private mutating func replaceIfMeasured(_ replacement: StaticString) {
            if measure() > 0 { setTo(replacement) }
        }

        private mutating func step1ab() {
            if b[k] == 115 { // s
                if ends("sses") { k -= 2 }
                else if ends("ies") { setTo("i") }
                else if k >= 1, b[k - 1] != 115 { k -= 1 }
            }
            if ends("eed") {
                if measure() > 0 { k -= 1 }
            } else if (ends("ed") || ends("ing")) && vowelInStem() {
                k = j
                if ends("at") { setTo("ate") }
                else if ends("bl") { setTo("ble") }
                else if ends("iz") { setTo("ize") }
                else if doubleConsonant(k) {
                    k -= 1
                    if b[k] == 108 || b[k] == 115 || b[k] == 122 { k += 1 } // l s z stay doubled
                } else if measure() == 1 && cvc(k) {
                    setTo("e")
                }
            }
        }

        private mutating func step1c() {
            if ends("y") && vowelInStem() { b[k] = 105 }
        }

        private mutating func step2() {
            guard k >= 1 else { return }
            switch b[k - 1] {
            case 97: // a
                if ends("ational") { replaceIfMeasured("ate") } else if ends("tional") { replaceIfMeasured("tion") }
            case 99: // c
                if ends("enci") { replaceIfMeasured("ence") } else if ends("anci") { replaceIfMeasured("ance") }
            case 101: // e
                if ends("izer") { replaceIfMeasured("ize") }
            case 108: // l
                if ends("bli") { replaceIfMeasured("ble") }
                else if ends("alli") { replaceIfMeasured("al") }
                else if ends("entli") { replaceIfMeasured("ent") }
                else if ends("eli") { replaceIfMeasured("e") }
                else if ends("ousli") { replaceIfMeasured("ous") }
            case 111: // o
                if ends("ization") { replaceIfMeasured("ize") }
                else if ends("ation") { replaceIfMeasured("ate") }
                else if ends("ator") { replaceIfMeasured("ate") }
            case 115: // s
                if ends("alism") { replaceIfMeasured("al") }
                else if ends("iveness") { replaceIfMeasured("ive") }
                else if ends("fulness") { replaceIfMeasured("ful") }
                else if ends("ousness") { replaceIfMeasured("ous") }
            case 116: // t
                if ends("aliti") { replaceIfMeasured("al") }
                else if ends("iviti") { replaceIfMeasured("ive") }
                else if ends("biliti") { replaceIfMeasured("ble") }
            case 103: // g
                if ends("logi") { replaceIfMeasured("log") }
            default:
                break
            }
        }

        private mutating func step3() {
            switch b[k] {
            case 101: // e
                if ends("icate") { replaceIfMeasured("ic") }
                else if ends("ative") { replaceIfMeasured("") }
                else if ends("alize") { replaceIfMeasured("al") }
            case 105: // i
                if ends("iciti") { replaceIfMeasured("ic") }
            case 108: // l
                if ends("ical") { replaceIfMeasured("ic") } else if ends("ful") { replaceIfMeasured("") }
            case 115: // s
                if ends("ness") { replaceIfMeasured("") }
            default:
                break
            }
        }

        private mutating func step4() {
            guard k >= 1 else { return }
            let matched: Bool
            switch b[k - 1] {
            case 97: matched = ends("al")
            case 99: matched = ends("ance") || ends("ence")
            case 101: matched = ends("er")
            case 105: matched = ends("ic")
            case 108: matched = ends("able") || ends("ible")
            case 110: matched = ends("ant") || ends("ement") || ends("ment") || ends("ent")
            case 111:
                if ends("ion") && j >= 0 && (b[j] == 115 || b[j] == 116) { matched = true } // -sion, -tion
                else { matched = ends("ou") }
            case 115: matched = ends("ism")
            case 116: matched = ends("ate") || ends("iti")
            case 117: matched = ends("ous")
            case 118: matched = ends("ive")
            case 122: matched = ends("ize")
            default: matched = false
            }
            if matched && measure() > 1 { k = j }
        }

        private mutating func step5() {
            j = k
            if b[k] == 101 { // e
                let m = measure()
                if m > 1 || (m == 1 && !cvc(k - 1)) { k -= 1 }
            }
            if b[k] == 108 && doubleConsonant(k) && measure() > 1 { k -= 1 }
        }
    }
}
