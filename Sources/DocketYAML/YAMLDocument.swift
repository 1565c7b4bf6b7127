/// One YAML document as a tree of nodes, each carrying its start mark.
///
/// The nodes live in flat arrays (an arena) rather than as one object per node: a
/// clinic's history holds hundreds of thousands of files, and one allocation per
/// document instead of per node is most of the cost of building the tree. An alias
/// points at the node its anchor named, so aliases share rather than copy.
public final class YAMLDocument: Sendable {
    struct Record: Sendable {
        var kind: YAMLNode.Kind
        var isPlain: Bool
        var mark: Mark
        /// For a scalar, its index in `scalars`; for a collection, its first index in `children`.
        var start: Int32
        /// For a collection, how many entries of `children` it owns (keys and values alternate in a mapping).
        var count: Int32
    }

    let records: [Record]
    let scalars: [String]
    let children: [Int32]
    let rootIndex: Int32

    init(records: [Record], scalars: [String], children: [Int32], rootIndex: Int32) {
        self.records = records
        self.scalars = scalars
        self.children = children
        self.rootIndex = rootIndex
    }

    /// The document's top node.
    public var root: YAMLNode { YAMLNode(document: self, index: rootIndex) }

    /// How many distinct nodes the document holds (aliases not counted again).
    public var nodeCount: Int { records.count }
}

/// A node of a `YAMLDocument`: a scalar (always a string; no implicit typing), a
/// sequence or a mapping.
public struct YAMLNode: Sendable {
    public enum Kind: UInt8, Sendable {
        case scalar, sequence, mapping

        /// How a finding names this kind to a person.
        public var noun: String {
            switch self {
            case .scalar: "a single value"
            case .sequence: "a list"
            case .mapping: "a mapping"
            }
        }
    }

    let document: YAMLDocument
    let index: Int32

    private var record: YAMLDocument.Record { document.records[Int(index)] }

    public var kind: Kind { record.kind }

    /// Where the node starts: the first character of a scalar, the `-`, `[`, `{` or first key of a collection.
    public var mark: Mark { record.mark }

    /// The text of a scalar, exactly as YAML read it; `nil` for a collection.
    public var scalar: String? {
        let record = record
        return record.kind == .scalar ? document.scalars[Int(record.start)] : nil
    }

    /// A plain (unquoted) empty scalar: `key:` with nothing after it.
    ///
    /// Only this counts as "no value". `~`, `null`, `no` stay the strings they are, because
    /// docket types scalars by its schema, never by YAML 1.1's implicit tags.
    public var isEmpty: Bool {
        let record = record
        return record.kind == .scalar && record.isPlain && document.scalars[Int(record.start)].isEmpty
    }

    /// The items of a sequence; empty for anything else.
    public var elements: [YAMLNode] {
        let record = record
        guard record.kind == .sequence else { return [] }
        return (0..<Int(record.count)).map { child(at: Int(record.start) + $0) }
    }

    /// The key/value pairs of a mapping in file order; empty for anything else.
    public var pairs: [(key: YAMLNode, value: YAMLNode)] {
        let record = record
        guard record.kind == .mapping else { return [] }
        return stride(from: 0, to: Int(record.count), by: 2).map {
            (child(at: Int(record.start) + $0), child(at: Int(record.start) + $0 + 1))
        }
    }

    /// Calls `body` with each key and value of a mapping in file order, without building a
    /// list, and the pair's ordinal (0 for the first), so a caller can keep a pair by number
    /// rather than by node.
    @inlinable
    public func forEachPair(_ body: (_ ordinal: Int, _ key: YAMLNode, _ value: YAMLNode) throws -> Void) rethrows {
        guard kind == .mapping else { return }
        let (start, count) = childRange
        var position = start
        while position < start + count {
            try body((position - start) / 2, child(at: position), child(at: position + 1))
            position += 2
        }
    }

    /// The key and value of a mapping's pair number `ordinal` (as `forEachPair` counts).
    public func pair(at ordinal: Int) -> (key: YAMLNode, value: YAMLNode) {
        let (start, count) = childRange
        precondition(kind == .mapping && ordinal >= 0 && ordinal * 2 < count, "no pair \(ordinal) in this node")
        return (child(at: start + ordinal * 2), child(at: start + ordinal * 2 + 1))
    }

    /// Where this collection's entries sit in the document's `children`.
    @usableFromInline
    var childRange: (start: Int, count: Int) {
        let record = record
        return (Int(record.start), Int(record.count))
    }

    /// The value of the first pair whose key is the scalar `key`.
    public subscript(key: String) -> YAMLNode? {
        let record = record
        guard record.kind == .mapping else { return nil }
        for offset in stride(from: 0, to: Int(record.count), by: 2) {
            let candidate = child(at: Int(record.start) + offset)
            if candidate.scalar == key { return child(at: Int(record.start) + offset + 1) }
        }
        return nil
    }

    @usableFromInline
    func child(at position: Int) -> YAMLNode {
        YAMLNode(document: document, index: document.children[position])
    }
}
