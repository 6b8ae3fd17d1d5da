/// Whether a passage describes leadership: the writer (or the people they lead) acting —
/// deciding, suggesting, changing, challenging, enabling someone to do something themselves —
/// or reflecting on their practice and its effect. Care records and admin use the same care
/// words as reflections ("resident", "shift", "supported", "medication") but describe tasks
/// done or arrangements made; a passage of that kind evidences no capability, however well
/// its words match one.
///
/// The cues are the grammar of a reflective account, not the vocabulary of any standard: a
/// first-person writer, a verb of leading, changing, enabling or learning, or a reflective
/// turn ("on reflection", "it made me think"). They are listed here once, in plain words.
/// What a text without leadership content reads as, for the message that says why.
public enum TextReading: String, Sendable {
    /// Tasks done for someone: daily notes, medication, handover, care plans as tasks.
    case careRecord = "care-record"
    /// Arrangements: rotas, cover, leave, minutes that list who came.
    case admin
    /// The writer's words do show up in the data, but no passage has them acting or
    /// reflecting.
    case noAction = "no-action"
    /// Words the leadership data does not use, or too few to go on.
    case everyday
}

enum ActionReading {
    struct Cues: Equatable {
        /// "I", "we", "my", "our"…: the writer is in the passage.
        var firstPerson = false
        /// A verb of leading, changing, enabling, challenging, relating or learning.
        var action = false
        /// The passage opens with such a verb, its subject left out the way notes are written
        /// ("Tried Talking Mats with…", "Asked each manager to…").
        var opensWithAction = false
        /// A reflective turn: the writer looking back at what they did or learned.
        var reflection = false
        /// Marks of a care record (times, doses, medicines, personal care, meals, sleep).
        var careRecord = 0
        /// Marks of rotas, leave, shift cover and bare minutes.
        var admin = 0

        /// The passage reads as the writer acting or reflecting.
        var isLeadershipAction: Bool { reflection || (firstPerson && action) }
    }

    static func cues(_ words: ArraySlice<Word>, in text: String) -> Cues {
        var cues = Cues()
        let utf8 = text.utf8
        let folded = words.map(\.folded)
        /// "previous word" + "word" (and the one before), built only when a phrase ends here.
        func pair(_ position: Int) -> String { position > 0 ? folded[position - 1] + " " + folded[position] : "" }
        func triple(_ position: Int) -> String { position > 1 ? folded[position - 2] + " " + pair(position) : "" }
        for (position, word) in folded.enumerated() {
            if firstPersonWords.contains(word) || word == "i" {
                cues.firstPerson = true
            } else if apostropheFirstPerson.contains(word) {
                // "I'd", "I'll": "id" and "ill" are other words without the apostrophe.
                let original = words[words.startIndex + position]
                let bytes = utf8[utf8.index(utf8.startIndex, offsetBy: original.start)..<utf8.index(utf8.startIndex, offsetBy: original.end)]
                if bytes.contains(UInt8(ascii: "'")) || bytes.contains(0x99) { cues.firstPerson = true }
            }
            let ends = phraseEnds.contains(word)
            let stem = word.count > 2 ? stemmed(word) : word
            // "support worker", "care plan", "housing support" name people and documents.
            let isNoun = nounCompoundWords.contains(word)
                && (position + 1 < folded.count && nounCompounds.contains(word + " " + folded[position + 1])
                    || nounCompounds.contains(pair(position)))
            let phraseAction = ends && actionPhrases.contains(pair(position))
            if !isNoun, verbForms.contains(word) || actionStems.contains(stem) || phraseAction {
                cues.action = true
                if position == 0 || position == 1 && phraseAction { cues.opensWithAction = true }
            }
            if reflectionStems.contains(stem) || ends && (reflectionPhrases.contains(pair(position)) || reflectionPhrases.contains(triple(position))) {
                cues.reflection = true
            }
            if careRecordWords.contains(word) || isTimeOrDose(word) || isClockTime(words, at: position, in: text) { cues.careRecord += 1 }
            if adminWords.contains(word) || ends && adminPhrases.contains(pair(position)) { cues.admin += 1 }
        }
        return cues
    }

    /// The last words of every phrase above, so that a phrase is looked for only where one can end.
    static let phraseEnds: Set<String> = Set((actionPhrases.union(reflectionPhrases).union(adminPhrases))
        .compactMap { $0.split(separator: " ").last.map(String.init) })
    static let nounCompoundWords: Set<String> = Set(nounCompounds.flatMap { $0.split(separator: " ").map(String.init) })

    /// "14:30", "07.40": hours, a colon or point, minutes, the way records time things.
    private static func isClockTime(_ words: ArraySlice<Word>, at position: Int, in text: String) -> Bool {
        let index = words.startIndex + position
        guard index + 1 < words.endIndex else { return false }
        let hour = words[index], minute = words[index + 1]
        guard hour.folded.count <= 2, minute.folded.count == 2, Int(hour.folded).map({ $0 < 24 }) == true,
              Int(minute.folded).map({ $0 < 60 }) == true, minute.start == hour.end + 1 else { return false }
        let utf8 = text.utf8
        let separator = utf8[utf8.index(utf8.startIndex, offsetBy: hour.end)]
        return separator == UInt8(ascii: ":") || separator == UInt8(ascii: ".")
    }

    /// "14", "30" after "14:30" are words of their own; "2pm", "10mg", "500ml", "x2" hold the
    /// unit in the word.
    private static func isTimeOrDose(_ folded: String) -> Bool {
        let digits = folded.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty else { return false }
        let unit = folded.dropFirst(digits.count)
        return ["am", "pm", "mg", "ml", "mcg", "g", "hrs", "hr", "kg"].contains(String(unit))
    }

    private static func stemmed(_ folded: String) -> String {
        PorterStemmer.stem(TermAnalyzer.irregularForms[folded] ?? TermAnalyzer.britishSpelling(folded))
    }

    private static func stems(_ words: [String]) -> Set<String> {
        Set(words.map(stemmed))
    }

    static let firstPersonWords: Set<String> = ["me", "my", "myself", "mine", "im", "ive", "we", "weve", "us", "our", "ours", "ourselves"]
    static let apostropheFirstPerson: Set<String> = ["id", "ill", "wed"]

    /// Verbs (and a few nouns) of acting as a leader at any level, in any form: deciding,
    /// suggesting, changing and trying, challenging and speaking up, enabling and involving,
    /// encouraging and recognising, relating and influencing, and learning.
    static let actionStems: Set<String> = stems([
        // deciding, taking responsibility
        "decide", "decision", "prioritise", "commit", "agree", "organise", "ownership", "responsibility",
        "volunteer", "initiative",
        // suggesting, proposing
        "suggest", "suggestion", "propose", "proposal", "recommend", "idea", "pitch",
        // changing, improving, trying
        "improve", "improvement", "introduce", "implement", "redesign", "design", "develop", "create", "launch",
        "pilot", "trial", "adapt", "innovate", "experiment", "rethink", "restructure", "transform", "streamline",
        "simplify", "evaluate", "measure", "audit", "research", "explore", "investigate", "brainstorm", "establish",
        // challenging, speaking up
        "challenge", "question", "raise", "escalate", "advocate", "argue", "disagree", "whistleblow", "insist",
        // enabling, involving, developing others
        "empower", "enable", "encourage", "involve", "consult", "delegate", "coach", "mentor", "teach", "guide",
        "invite", "listen", "facilitate", "chair", "independence", "choice", "voice",
        // motivating, recognising
        "motivate", "inspire", "praise", "recognise", "celebrate", "acknowledge", "appreciate", "reassure",
        "energise", "enthuse", "morale",
        // relating, influencing
        "collaborate", "partnership", "network", "liaise", "negotiate", "influence", "persuade", "convince",
        "relationship", "connect", "engage",
        // learning about oneself
        "reflect", "learn", "realise", "notice", "awareness", "confidence", "resilience", "feedback", "goal",
        "vision", "purpose",
    ])

    /// Words that act only in these forms: the bare or plural form is mostly a noun or a
    /// sign-off ("Thanks", "the rota change", "support plan", "the train").
    static let verbForms: Set<String> = [
        "supported", "supporting", "planned", "planning", "changed", "changing", "trained", "training",
        "thanked", "thanking", "gave", "giving", "ran", "running", "showed", "showing", "helped", "helping",
        "asked", "asking", "shared", "sharing", "started", "starting", "reviewed", "reviewing", "tested",
        "testing", "tried", "trying", "presented", "presenting", "reported", "reporting", "modelled",
        "modelling", "valued", "valuing", "linked", "linking", "led", "leading", "included", "including",
        "allowed", "allowing", "trusted", "trusting", "offered", "offering", "built", "building", "spoke",
        "pushed", "refused", "highlighted", "arranged", "drove", "shaped", "grew", "coped", "aimed",
    ]

    /// Two words that name a person, a role or a document rather than act.
    static let nounCompounds: Set<String> = [
        "support worker", "support workers", "support plan", "support plans", "support staff", "housing support",
        "care plan", "care plans", "key worker", "keyworker", "team leader", "training room", "support needs",
        "family support", "peer support", "support service", "support services", "planning meeting",
    ]

    static let actionPhrases: Set<String> = [
        "speak up", "spoke up", "stood up", "stand up", "set up", "step back", "stepped back", "took on",
        "take on", "worked with", "work with", "worked together", "work together", "reached out", "reach out",
        "put forward", "came up", "come up", "made sure", "make sure", "sat down", "stepped up", "step up",
        "let them", "let her", "let him", "gave them", "gave her", "gave him",
    ]

    /// Words of looking back at practice.
    static let reflectionStems: Set<String> = stems([
        "reflect", "reflection", "realise", "learnt", "learned", "lesson", "insight", "hindsight",
    ])

    static let reflectionPhrases: Set<String> = [
        "made me", "makes me", "on reflection", "looking back", "going forward", "next time", "in future",
        "i felt", "i feel", "i learned", "i learnt", "i realised", "i realized", "i now", "i noticed",
        "i wonder", "i believe", "i found",
    ]

    /// The matter of daily care notes, medication records, handovers and tasks.
    static let careRecordWords: Set<String> = [
        "administered", "medication", "meds", "tablet", "tablets", "dose", "doses", "mar", "prn", "paracetamol",
        "prescribed", "signed", "given", "pad", "pads", "continence", "toileting", "toilet", "shower", "showered",
        "bath", "bathed", "washed", "dressed", "breakfast", "lunch", "dinner", "supper", "tea", "snack", "fluids",
        "fluid", "diet", "ate", "eaten", "drank", "drink", "slept", "sleep", "settled", "bowels", "bm",
        "repositioned", "obs", "observations", "temperature", "weight", "nappy", "nap", "hoist", "commode",
        "intake", "output", "checked", "checks", "spirits", "appetite", "bed", "skin", "cream", "applied", "hrs",
        "asleep", "awake",
    ]

    /// The matter of rotas, cover, leave and bare minutes.
    static let adminWords: Set<String> = [
        "rota", "rotas", "swap", "cover", "covering", "leave", "holiday", "holidays", "off", "apologies",
        "present", "minutes", "agenda", "aob", "overtime", "shifts", "shift", "payroll", "timesheet",
        "timesheets", "annual", "booked", "dates", "date", "available", "availability",
    ]

    static let adminPhrases: Set<String> = [
        "annual leave", "next meeting", "any other", "can anyone", "could anyone", "day off", "days off",
    ]
}

/// Which sector a text is written in, from the people and places it speaks of: residents,
/// tenants and care homes are adult services; children, nurseries and playrooms are early
/// learning and childcare. The words that say so are few and plain, so they are listed here.
enum SectorReading {
    /// Positive for early learning, negative for adult services: one per marker word.
    static func lean(_ words: [Word]) -> (early: Int, adult: Int) {
        var early = 0, adult = 0
        var previous = "", beforePrevious = ""
        for word in words {
            let folded = word.folded
            let pair = previous + " " + folded, triple = beforePrevious + " " + pair
            if earlyLearningWords.contains(folded) || earlyLearningPhrases.contains(pair) || earlyLearningPhrases.contains(triple) { early += 1 }
            if adultWords.contains(folded) || adultPhrases.contains(pair) || adultPhrases.contains(triple) { adult += 1 }
            beforePrevious = previous
            previous = folded
        }
        return (early, adult)
    }

    static let earlyLearningWords: Set<String> = [
        "child", "children", "childs", "childrens", "kids", "kid", "weans", "wean", "bairns", "bairn", "baby", "babies",
        "toddler", "toddlers", "nursery", "nurseries", "elc", "playroom", "preschool", "childminder", "childminders",
        "childminding", "p1", "p2", "nappy", "nappies", "playgroup", "creche", "eyp", "eyps",
    ]
    static let earlyLearningPhrases: Set<String> = [
        "early years", "early learning", "out of school", "key person", "baby room", "toddler room", "pre school", "family centre",
    ]
    static let adultWords: Set<String> = [
        "resident", "residents", "tenant", "tenants", "adults", "dementia", "elderly", "carehome",
    ]
    static let adultPhrases: Set<String> = [
        "care home", "older people", "older person", "older adults", "service user", "service users", "supported living",
        "care at", "home care", "day centre", "housing support", "learning disability", "learning disabilities",
    ]
}
