import DocketSupport
import DocketYAML
import Foundation

public enum Severity: String, Sendable, Codable, Comparable, CaseIterable {
    case warning, error

    public static func < (lhs: Severity, rhs: Severity) -> Bool {
        lhs == .warning && rhs == .error
    }
}

/// A place in the repository: a path relative to its root (with `/`) and a position.
///
/// Every value of the model carries one, so the path is kept once per file (see
/// `SourceFiles`) and a location is eight bytes with nothing to reference-count: the file's
/// number (24 bits), the line and the column (20 bits each: a docket file is at most 1 MiB,
/// so a line or column past 1,048,575 cannot occur in one that was read; it would be shown
/// as that).
public struct SourceLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// How many files one run can number (`SourceFiles`): 16,777,216, some sixteen times a
    /// very large clinic's whole history. The loader refuses a repository with more.
    public static let maximumFiles = 1 << 24
    private static let positionBits: UInt64 = 20
    private static let positionMask: UInt64 = (1 << positionBits) - 1

    private let bits: UInt64

    /// The file's number in `SourceFiles.shared`: equal numbers, equal paths.
    var fileNumber: UInt32 { UInt32(truncatingIfNeeded: bits >> (2 * Self.positionBits)) }

    public var mark: Mark {
        Mark(line: Int((bits >> Self.positionBits) & Self.positionMask), column: Int(bits & Self.positionMask))
    }

    public init(file: String, mark: Mark) {
        self.init(fileNumber: SourceFiles.shared.number(for: file), mark: mark)
    }

    init(fileNumber: UInt32, mark: Mark) {
        let file = UInt64(min(fileNumber, UInt32(Self.maximumFiles - 1)))
        let line = UInt64(min(mark.line, Int(Self.positionMask)))
        let column = UInt64(min(mark.column, Int(Self.positionMask)))
        bits = file << (2 * Self.positionBits) | line << Self.positionBits | column
    }

    public init(file: String, line: Int, column: Int) {
        self.init(file: file, mark: Mark(line: line, column: column))
    }

    public var file: String { SourceFiles.shared.path(fileNumber) }
    public var line: Int { mark.line }
    public var column: Int { mark.column }

    /// By path, then by position.
    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        if lhs.fileNumber == rhs.fileNumber { return lhs.mark < rhs.mark }
        return lhs.file < rhs.file
    }

    /// `file:line:column`, as compilers print it.
    public var description: String { "\(file):\(mark.line):\(mark.column)" }
}

/// One finding: what is wrong, where, and what to do about it.
///
/// Whoever finds something hands a `Diagnostic` on; only the validation engine decides its
/// final severity (policy overrides, `--strict`) and only printers turn it into text.
public struct Diagnostic: Sendable, Hashable {
    /// Set by the validation engine from the code's rule (and the policy); `.error` until then.
    public var severity: Severity
    public var code: DiagnosticCode
    public var message: String
    public var location: SourceLocation
    /// Other places involved: the other appointment of a double booking, the first of two ids.
    public var related: [SourceLocation]
    /// The occurrence of a series it is about (`s-3@2027-01-18`), for the engine to keep one
    /// finding per series, rule and other appointment; nil otherwise.
    public var occurrence: String?

    public init(_ code: DiagnosticCode, _ message: String, at location: SourceLocation,
                related: [SourceLocation] = [], severity: Severity? = nil) {
        self.code = code
        self.message = message
        self.location = location
        self.related = related
        self.severity = severity ?? .error
    }
}

extension Diagnostic {
    /// Findings in the order reports list them: by path, position, code, then message.
    ///
    /// Each finding's path is looked up once, not at each comparison of the sort (each lookup
    /// takes `SourceFiles`' lock): a repository where every appointment has a warning sorts a
    /// hundred thousand of them.
    public static func inReportOrder(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        let paths = diagnostics.map(\.location.file)
        let order = diagnostics.indices.sorted { first, second in
            let (one, other) = (diagnostics[first], diagnostics[second])
            if one.location.fileNumber != other.location.fileNumber, paths[first] != paths[second] {
                return paths[first] < paths[second]
            }
            if one.location.mark != other.location.mark { return one.location.mark < other.location.mark }
            if one.code != other.code { return one.code.rawValue < other.code.rawValue }
            return one.message < other.message
        }
        return order.map { diagnostics[$0] }
    }
}

/// The paths findings point into, each stored once for the life of the process; a
/// `SourceLocation` keeps the path's number. A clinic's history has a path per file and a
/// dozen located values per file, so this is most of what locations cost.
public final class SourceFiles: @unchecked Sendable {
    public static let shared = SourceFiles()

    // Guards all three tables; files are numbered by the parallel loader.
    private let lock = NSLock()
    private var paths: [String] = []
    /// The numbers of paths given one at a time.
    private var numbers: [String: UInt32] = [:]
    /// Ranges of numbers whose paths ascend strictly, found by binary search rather than
    /// hashed: a walk of a clinic's history arrives sorted, and hashing its hundred thousand
    /// paths into `numbers` was a measurable part of `validate` on one core.
    private var ascendingRuns: [Range<Int>] = []

    /// The number of `path`, given it on first sight.
    public func number(for path: String) -> UInt32 {
        lock.lock()
        defer { lock.unlock() }
        if let number = existingNumber(path) { return number }
        let number = UInt32(paths.count)
        paths.append(path)
        numbers[path] = number
        return number
    }

    /// The numbers of many paths under one lock: the loader numbers a whole walk before its
    /// workers start, so they never wait on each other here.
    public func numbers(for newPaths: [String]) -> [UInt32] {
        lock.lock()
        defer { lock.unlock() }
        guard zip(newPaths, newPaths.dropFirst()).allSatisfy({ $0 < $1 }) else {
            numbers.reserveCapacity(numbers.count + newPaths.count)
            return newPaths.map { path in
                if let number = existingNumber(path) { return number }
                let number = UInt32(paths.count)
                paths.append(path)
                numbers[path] = number
                return number
            }
        }
        // Sorted and distinct: the paths not seen before, appended in order, form one more
        // ascending run.
        let firstNew = paths.count
        let result = newPaths.map { path in
            if let number = existingNumber(path) { return number }
            paths.append(path)
            return UInt32(paths.count - 1)
        }
        if paths.count > firstNew { ascendingRuns.append(firstNew..<paths.count) }
        return result
    }

    /// The number already given to `path`, if any; called with the lock held.
    private func existingNumber(_ path: String) -> UInt32? {
        if !numbers.isEmpty, let number = numbers[path] { return number }
        for run in ascendingRuns {
            let position = paths[run].partitionPoint { $0 < path }
            if position < run.upperBound, paths[position] == path { return UInt32(position) }
        }
        return nil
    }

    func path(_ number: UInt32) -> String {
        lock.lock()
        defer { lock.unlock() }
        return paths[Int(number)]
    }
}
