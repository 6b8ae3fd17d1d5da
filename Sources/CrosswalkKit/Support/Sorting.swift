extension Sequence {
    /// Sorted by `order`, then by `tieBreak` among the elements `order` holds equal: the same
    /// as sorting by both at once, for a tie-break that costs a look-up (an item's code) and is
    /// then asked only where there is a tie.
    func sorted(by order: (Element, Element) -> Bool, thenBy tieBreak: (Element, Element) -> Bool) -> [Element] {
        var sorted = self.sorted(by: order)
        var start = 0
        while start < sorted.count {
            var end = start + 1
            while end < sorted.count, !order(sorted[start], sorted[end]) { end += 1 }
            if end - start > 1 { sorted[start..<end].sort(by: tieBreak) }
            start = end
        }
        return sorted
    }
}
