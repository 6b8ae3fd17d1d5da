/// A passage's items with a value and the end of their evidence chain, in item order: looked
/// up by binary search. A passage keeps the hundreds or thousands of items it touched, and a
/// sorted array holds them with no hashing and one allocation.
struct ItemTable {
    private(set) var entries: [(item: Int, value: Double, last: Int32)] = []

    init() {}

    /// `items` in increasing order, each once.
    init(_ items: [Int], _ entry: (Int) -> (value: Double, last: Int32)) {
        entries = items.map { item in
            let (value, last) = entry(item)
            return (item, value, last)
        }
    }

    subscript(item: Int) -> (value: Double, last: Int32)? {
        var low = 0, high = entries.count
        while low < high {
            let middle = (low + high) / 2
            if entries[middle].item < item { low = middle + 1 } else { high = middle }
        }
        guard low < entries.count, entries[low].item == item else { return nil }
        return (entries[low].value, entries[low].last)
    }
}

/// Values by item gathered over a text's passages into one array, with no table per item:
/// an item's values are those added for it, in the order they were added.
struct ItemValues {
    /// Where each item's values start in `entries`; the last is the end of all of them.
    private let starts: [Int32]
    private let entries: [(passage: Int, value: Double)]
    /// The items that hold any value, in item order.
    let items: [Int]

    /// `each` is called twice and must add the same values both times: once to count them,
    /// once to lay them out.
    init(count: Int, _ each: ((_ item: Int, _ passage: Int, _ value: Double) -> Void) -> Void) {
        // Laid out through buffers: a long text adds hundreds of thousands of values.
        var starts = [Int32](repeating: 0, count: count + 1)
        starts.withUnsafeMutableBufferPointer { starts in each { item, _, _ in starts[item + 1] += 1 } }
        var items: [Int] = []
        for item in 0..<count {
            if starts[item + 1] > 0 { items.append(item) }
            starts[item + 1] += starts[item]
        }
        var next = starts
        var entries = [(passage: Int, value: Double)](repeating: (0, 0), count: Int(starts[count]))
        entries.withUnsafeMutableBufferPointer { entries in
            next.withUnsafeMutableBufferPointer { next in
                each { item, passage, value in
                    entries[Int(next[item])] = (passage, value)
                    next[item] += 1
                }
            }
        }
        self.starts = starts
        self.entries = entries
        self.items = items
    }

    subscript(item: Int) -> ArraySlice<(passage: Int, value: Double)> {
        entries[Int(starts[item])..<Int(starts[item + 1])]
    }
}
