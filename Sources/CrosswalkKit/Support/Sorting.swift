/// Elements in the order of `order`, then of `key` among those `order` holds equal (the same as
/// sorting by both at once), read one at a time: sorted by `order` at once, and each run of ties
/// put in key order only when the reading reaches it. The key costs a look-up (an item's code);
/// a caller reading the first few of thousands looks up the keys of the ties it reaches only.
struct Ranking<Element, Key: Comparable>: Sequence, IteratorProtocol {
    private var elements: [Element]
    private let order: (Element, Element) -> Bool
    private let key: (Element) -> Key
    private var position = 0
    /// Where the run of ties holding `position` ends, once it is in key order.
    private var runEnd = 0

    init(_ elements: some Sequence<Element>, by order: @escaping (Element, Element) -> Bool,
         thenBy key: @escaping (Element) -> Key) {
        self.elements = elements.sorted(by: order)
        self.order = order
        self.key = key
    }

    mutating func next() -> Element? {
        guard position < elements.count else { return nil }
        if position == runEnd {
            var end = position + 1
            while end < elements.count, !order(elements[position], elements[end]) { end += 1 }
            if end - position > 1 {
                let keyed = elements[position..<end].map { (key: key($0), element: $0) }.sorted { $0.key < $1.key }
                elements.replaceSubrange(position..<end, with: keyed.map(\.element))
            }
            runEnd = end
        }
        defer { position += 1 }
        return elements[position]
    }
}

extension Sequence {
    /// The first element in the order of `order`, then of `key` among ties, in one pass.
    func first<Key: Comparable>(by order: (Element, Element) -> Bool, thenBy key: (Element) -> Key) -> Element? {
        var tied: [Element] = []
        for element in self {
            if let leader = tied.first {
                if order(element, leader) {
                    tied = [element]
                } else if !order(leader, element) {
                    tied.append(element)
                }
            } else {
                tied = [element]
            }
        }
        guard tied.count > 1 else { return tied.first }
        return tied.map { (key: key($0), element: $0) }.min { $0.key < $1.key }?.element
    }
}
