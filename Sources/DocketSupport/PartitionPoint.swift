extension RandomAccessCollection {
    /// The first index whose element is past the prefix that `isInPrefix` holds for (it must
    /// hold for a prefix of the collection and for nothing after it): a binary search.
    ///
    /// The one binary search of docket's sorted lists: a path's place in a history, the
    /// appointments already started by a time.
    @inlinable
    public func partitionPoint(_ isInPrefix: (Element) throws -> Bool) rethrows -> Index {
        var low = startIndex
        var remaining = count
        while remaining > 0 {
            let half = remaining / 2
            let middle = index(low, offsetBy: half)
            if try isInPrefix(self[middle]) {
                low = index(after: middle)
                remaining -= half + 1
            } else {
                remaining = half
            }
        }
        return low
    }
}
