/// A position in a YAML file: 1-based line and column, as editors and compilers show them.
///
/// libyaml counts from 0 and counts columns in characters, not bytes; a `Mark` is
/// libyaml's mark plus one, so a finding lands where an editor puts the cursor.
public struct Mark: Sendable, Hashable, Comparable, CustomStringConvertible {
    // Every value of the model carries a mark; 32 bits each (files are at most 1 MiB) halve
    // what a clinic's history spends on them.
    private var storedLine: UInt32
    private var storedColumn: UInt32

    public var line: Int {
        get { Int(storedLine) }
        set { storedLine = Self.clamped(newValue) }
    }

    public var column: Int {
        get { Int(storedColumn) }
        set { storedColumn = Self.clamped(newValue) }
    }

    public init(line: Int, column: Int) {
        storedLine = Self.clamped(line)
        storedColumn = Self.clamped(column)
    }

    private static func clamped(_ value: Int) -> UInt32 {
        UInt32(clamping: value)
    }

    public static func < (lhs: Mark, rhs: Mark) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }

    public var description: String { "\(line):\(column)" }

    /// The mark of a byte offset in UTF-8 text, counting columns in characters as libyaml does.
    public init(byteOffset offset: Int, in text: UnsafeBufferPointer<UInt8>) {
        var line = 1
        var column = 1
        for byte in text.prefix(offset) {
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        self.init(line: line, column: column)
    }
}
