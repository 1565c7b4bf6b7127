import CLibYAML

/// Bounds that keep a hostile file from costing more than its size.
public struct YAMLLimits: Sendable {
    /// Deepest nesting of collections a document may have.
    public var maxDepth: Int
    /// How many nodes, summed over all aliases, aliases may stand for.
    public var maxAliasExpansion: Int

    public init(maxDepth: Int = 64, maxAliasExpansion: Int = 10_000) {
        self.maxDepth = maxDepth
        self.maxAliasExpansion = maxAliasExpansion
    }
}

/// Something wrong with a file at the YAML level.
public struct YAMLProblem: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// libyaml rejected the text.
        case syntax
        /// A mapping repeats a key; `firstMark` is where the key first appears.
        case duplicateKey(key: String, firstMark: Mark)
        /// Past one of the `YAMLLimits`; the file was not read further.
        case tooComplex
    }

    public var kind: Kind
    public var message: String
    public var mark: Mark
    /// libyaml's context ("while parsing a flow sequence") and where it started, if any.
    public var context: (message: String, mark: Mark)?

    public init(kind: Kind, message: String, mark: Mark, context: (message: String, mark: Mark)? = nil) {
        self.kind = kind
        self.message = message
        self.mark = mark
        self.context = context
    }

    public static func == (lhs: YAMLProblem, rhs: YAMLProblem) -> Bool {
        lhs.kind == rhs.kind && lhs.message == rhs.message && lhs.mark == rhs.mark
            && lhs.context?.message == rhs.context?.message && lhs.context?.mark == rhs.context?.mark
    }
}

/// What a file holds: its complete documents, and what was wrong with it.
///
/// Documents read before a syntax error are kept, so a broken last document does not
/// hide the others.
public struct YAMLFile: Sendable {
    public var documents: [YAMLDocument]
    public var problems: [YAMLProblem]
}

/// Reads YAML text through libyaml's event parser into `YAMLDocument`s.
///
/// The tree is built with an explicit stack, never by recursion, so nesting depth costs
/// heap, not call stack, and the depth limit is checked as each collection opens.
public enum YAMLLoader {
    public static func load(_ bytes: [UInt8], limits: YAMLLimits = YAMLLimits()) -> YAMLFile {
        bytes.withUnsafeBufferPointer { buffer in
            var builder = TreeBuilder(limits: limits)
            return builder.parse(buffer)
        }
    }
}

private struct TreeBuilder {
    let limits: YAMLLimits

    var documents: [YAMLDocument] = []
    var problems: [YAMLProblem] = []

    // The document being built.
    var records: [YAMLDocument.Record] = []
    var scalars: [String] = []
    var children: [Int32] = []
    /// Nodes whose parent is still open; each open collection owns a suffix of it.
    var pending: [Int32] = []
    /// Open collections: the node and where its children start in `pending`.
    var open: [(node: Int32, firstPending: Int)] = []
    var anchors: [String: Int32] = [:]
    /// For each node, how many nodes it stands for once aliases are expanded.
    var expandedSize: [Int] = []
    var aliasExpansion = 0
    var rootIndex: Int32 = -1

    init(limits: YAMLLimits) {
        self.limits = limits
    }

    mutating func parse(_ buffer: UnsafeBufferPointer<UInt8>) -> YAMLFile {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            problems.append(YAMLProblem(kind: .tooComplex, message: "out of memory", mark: Mark(line: 1, column: 1)))
            return YAMLFile(documents: [], problems: problems)
        }
        defer { yaml_parser_delete(&parser) }
        yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
        // libyaml wants a non-null pointer even for empty input.
        var empty: UInt8 = 0
        if let base = buffer.baseAddress, buffer.count > 0 {
            yaml_parser_set_input_string(&parser, base, buffer.count)
        } else {
            yaml_parser_set_input_string(&parser, &empty, 0)
        }

        var event = yaml_event_t()
        while true {
            guard yaml_parser_parse(&parser, &event) == 1 else {
                problems.append(syntaxProblem(parser, buffer))
                break
            }
            let keepGoing = handle(&event)
            yaml_event_delete(&event)
            if !keepGoing { break }
        }
        return YAMLFile(documents: documents, problems: problems)
    }

    /// Folds one event into the tree; returns false when reading must stop.
    mutating func handle(_ event: inout yaml_event_t) -> Bool {
        let mark = Mark(line: Int(event.start_mark.line) + 1, column: Int(event.start_mark.column) + 1)
        switch event.type {
        case YAML_STREAM_END_EVENT:
            return false
        case YAML_DOCUMENT_START_EVENT:
            startDocument()
        case YAML_DOCUMENT_END_EVENT:
            if rootIndex >= 0 {
                documents.append(YAMLDocument(records: records, scalars: scalars, children: children, rootIndex: rootIndex))
            }
        case YAML_SCALAR_EVENT:
            let scalar = event.data.scalar
            let text = String(decoding: UnsafeBufferPointer(start: scalar.value, count: scalar.length), as: UTF8.self)
            let node = addRecord(kind: .scalar, isPlain: scalar.style == YAML_PLAIN_SCALAR_STYLE, mark: mark,
                                 start: Int32(scalars.count), count: 0)
            scalars.append(text)
            expandedSize.append(1)
            register(anchor: scalar.anchor, node: node)
            attach(node)
        case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
            guard open.count < limits.maxDepth else {
                problems.append(YAMLProblem(
                    kind: .tooComplex,
                    message: "nesting is deeper than \(limits.maxDepth) levels; docket files need only a few",
                    mark: mark))
                return false
            }
            let isSequence = event.type == YAML_SEQUENCE_START_EVENT
            let node = addRecord(kind: isSequence ? .sequence : .mapping, isPlain: true, mark: mark, start: 0, count: 0)
            expandedSize.append(1)
            open.append((node, pending.count))
            // The anchor is registered when the collection closes, so an alias inside it
            // cannot refer to it: a cycle is an undefined alias, never an endless tree.
            let anchor = isSequence ? event.data.sequence_start.anchor : event.data.mapping_start.anchor
            if let anchor { anchorsOpen.append((node, String(cString: anchor))) }
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            return closeCollection()
        case YAML_ALIAS_EVENT:
            let name = String(cString: event.data.alias.anchor)
            guard let target = anchors[name] else {
                problems.append(YAMLProblem(kind: .syntax, message: "found undefined alias *\(name)", mark: mark))
                return false
            }
            aliasExpansion += expandedSize[Int(target)]
            guard aliasExpansion <= limits.maxAliasExpansion else {
                problems.append(YAMLProblem(
                    kind: .tooComplex,
                    message: "aliases expand to more than \(limits.maxAliasExpansion) nodes (an alias bomb?)",
                    mark: mark))
                return false
            }
            attach(target)
        default:
            break
        }
        return true
    }

    var anchorsOpen: [(node: Int32, name: String)] = []

    mutating func startDocument() {
        // A docket document has a few dozen nodes: room for them up front saves regrowing
        // each array several times per file (each reservation stays under 1 KiB, where
        // glibc's thread caches serve it). The document takes these arrays; the working ones
        // below keep their capacity for the next document.
        records = []
        records.reserveCapacity(48)
        scalars = []
        scalars.reserveCapacity(48)
        children = []
        children.reserveCapacity(64)
        pending.removeAll(keepingCapacity: true)
        open.removeAll(keepingCapacity: true)
        anchors.removeAll(keepingCapacity: true)
        anchorsOpen.removeAll(keepingCapacity: true)
        expandedSize.removeAll(keepingCapacity: true)
        aliasExpansion = 0
        rootIndex = -1
    }

    mutating func addRecord(kind: YAMLNode.Kind, isPlain: Bool, mark: Mark, start: Int32, count: Int32) -> Int32 {
        records.append(YAMLDocument.Record(kind: kind, isPlain: isPlain, mark: mark, start: start, count: count))
        return Int32(records.count - 1)
    }

    mutating func register(anchor: UnsafeMutablePointer<yaml_char_t>?, node: Int32) {
        guard let anchor else { return }
        anchors[String(cString: anchor)] = node
    }

    mutating func attach(_ node: Int32) {
        if open.isEmpty {
            rootIndex = node
        } else {
            pending.append(node)
        }
    }

    mutating func closeCollection() -> Bool {
        guard let (node, firstPending) = open.popLast() else { return true }
        let owned = pending[firstPending...]
        records[Int(node)].start = Int32(children.count)
        records[Int(node)].count = Int32(owned.count)
        children.append(contentsOf: owned)
        var size = 1
        for child in owned { size += expandedSize[Int(child)] }
        expandedSize[Int(node)] = size
        if records[Int(node)].kind == .mapping {
            checkDuplicateKeys(owned)
        }
        pending.removeSubrange(firstPending...)
        if let last = anchorsOpen.last, last.node == node {
            anchors[last.name] = node
            anchorsOpen.removeLast()
        }
        attach(node)
        return true
    }

    /// Reports each key a mapping repeats. Docket's mappings have a handful of keys, which
    /// compare against each other faster than they hash; a large one gets a dictionary.
    mutating func checkDuplicateKeys(_ owned: ArraySlice<Int32>) {
        let keys = stride(from: owned.startIndex, to: owned.endIndex, by: 2).map { owned[$0] }
        if keys.count <= 32 {
            for (position, key) in keys.enumerated() where position > 0 {
                let record = records[Int(key)]
                guard record.kind == .scalar else { continue }
                let text = scalars[Int(record.start)]
                let length = text.utf8.count
                for earlier in keys[..<position] {
                    let first = records[Int(earlier)]
                    // Lengths first: keys of one mapping mostly differ in length, and that
                    // skips a call into the standard library per pair of keys.
                    guard first.kind == .scalar, scalars[Int(first.start)].utf8.count == length,
                          scalars[Int(first.start)] == text else { continue }
                    reportDuplicate(text, at: record.mark, first: first.mark)
                    break
                }
            }
            return
        }
        var seen: [String: Mark] = [:]
        for key in keys {
            let key = records[Int(key)]
            guard key.kind == .scalar else { continue }
            let text = scalars[Int(key.start)]
            if let first = seen[text] {
                reportDuplicate(text, at: key.mark, first: first)
            } else {
                seen[text] = key.mark
            }
        }
    }

    mutating func reportDuplicate(_ key: String, at mark: Mark, first: Mark) {
        problems.append(YAMLProblem(
            kind: .duplicateKey(key: key, firstMark: first),
            message: "key '\(key)' appears twice in one mapping (first at line \(first.line)); keep one",
            mark: mark))
    }

    func syntaxProblem(_ parser: yaml_parser_t, _ buffer: UnsafeBufferPointer<UInt8>) -> YAMLProblem {
        let problem = parser.problem.map { String(cString: $0) } ?? "unknown error"
        if parser.error == YAML_READER_ERROR {
            // Reader errors carry a byte offset, not a mark.
            let mark = Mark(byteOffset: Int(parser.problem_offset), in: buffer)
            return YAMLProblem(kind: .syntax, message: problem, mark: mark)
        }
        let mark = Mark(line: Int(parser.problem_mark.line) + 1, column: Int(parser.problem_mark.column) + 1)
        var result = YAMLProblem(kind: .syntax, message: problem, mark: mark)
        if let context = parser.context {
            let contextMark = Mark(line: Int(parser.context_mark.line) + 1, column: Int(parser.context_mark.column) + 1)
            result.context = (String(cString: context), contextMark)
        }
        return result
    }
}
