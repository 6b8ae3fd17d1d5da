extension Sequence {
    /// Sorted by `order`, then by `key` among the elements `order` holds equal: the same as
    /// sorting by both at once, for a key that costs a look-up (an item's code), worked out once
    /// per element and only where there is a tie. With `limit`, only the first `limit` elements
    /// are returned, and ties after them are left as they are.
    func sorted<Key: Comparable>(by order: (Element, Element) -> Bool, thenBy key: (Element) -> Key,
                                 limit: Int = .max) -> [Element] {
        var sorted = self.sorted(by: order)
        var start = 0
        while start < Swift.min(sorted.count, limit) {
            var end = start + 1
            while end < sorted.count, !order(sorted[start], sorted[end]) { end += 1 }
            if end - start > 1 {
                let keyed = sorted[start..<end].map { (key: key($0), element: $0) }.sorted { $0.key < $1.key }
                sorted.replaceSubrange(start..<end, with: keyed.map(\.element))
            }
            start = end
        }
        return sorted.count > limit ? Array(sorted.prefix(limit)) : sorted
    }
}
