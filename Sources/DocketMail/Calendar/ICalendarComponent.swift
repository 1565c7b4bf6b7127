/// An iCalendar object as data (RFC 5545 §3.1, §3.4–3.6): components holding properties and
/// other components, each property a name, its parameters and a value. Everything docket
/// writes in a calendar is built as this and written by `serialized()`, the one place that
/// escapes, quotes and folds: no value from a file reaches the text any other way.
public struct ICalendarComponent: Sendable, Equatable {
    public var name: String
    public var properties: [ICalendarProperty] = []
    public var components: [ICalendarComponent] = []

    public init(_ name: String, properties: [ICalendarProperty] = [], components: [ICalendarComponent] = []) {
        self.name = name
        self.properties = properties
        self.components = components
    }

    /// Adds a property.
    public mutating func add(_ name: String, _ value: ICalendarProperty.Value, _ parameters: [ICalendarParameter] = []) {
        properties.append(ICalendarProperty(name, value, parameters))
    }

    /// Its content lines, unfolded: `BEGIN`, the properties, the components, `END`.
    public var contentLines: [String] {
        ["BEGIN:\(name)"] + properties.map(\.contentLine) + components.flatMap(\.contentLines) + ["END:\(name)"]
    }

    /// The object as a calendar file reads it: CRLF after every line, lines folded at 75 octets.
    public func serialized() -> String {
        contentLines.map(ICalendarEvent.fold).joined(separator: "\r\n") + "\r\n"
    }
}

/// `NAME;PARAM=value:VALUE`.
public struct ICalendarProperty: Sendable, Equatable {
    /// What a property holds, and so how it is written.
    public enum Value: Sendable, Equatable {
        /// TEXT (§3.3.11): backslash, semicolon, comma and newline escaped, other controls dropped.
        case text(String)
        /// A URI or CAL-ADDRESS (§3.3.13, §3.3.3): written as it is, less spaces and controls.
        case uri(String)
        /// A value docket formats itself (a date-time, an integer, a RECUR, a UTC offset): as it is.
        case formatted(String)
    }

    public var name: String
    public var parameters: [ICalendarParameter]
    public var value: Value

    public init(_ name: String, _ value: Value, _ parameters: [ICalendarParameter] = []) {
        self.name = name
        self.value = value
        self.parameters = parameters
    }

    public var contentLine: String {
        var line = name
        for parameter in parameters { line += ";" + parameter.written }
        line += ":"
        switch value {
        case .text(let text): line += ICalendarEvent.text(text)
        case .uri(let uri): line += ICalendarEvent.uri(uri)
        case .formatted(let formatted): line += formatted
        }
        return line
    }
}

/// `CN="Dr. Ada Lee"`, `TZID=America/Toronto`, `ROLE=REQ-PARTICIPANT`.
public struct ICalendarParameter: Sendable, Equatable {
    public var name: String
    public var value: String
    /// Written in double quotes (a name may hold `:`, `;` or `,`); a double quote and control
    /// characters in it are dropped, as a parameter value cannot hold them (§3.1).
    public var quoted: Bool

    public init(_ name: String, _ value: String, quoted: Bool = false) {
        self.name = name
        self.value = value
        self.quoted = quoted
    }

    var written: String {
        let clean = value.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F || $0 == UInt8(ascii: "\"") })
            ? String(String.UnicodeScalarView(value.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F && $0 != "\"" }))
            : value
        // An unquoted value may not hold what would end it; such a value is quoted all the same.
        let needsQuotes = quoted || clean.contains(where: { ";:,".contains($0) })
        return "\(name)=" + (needsQuotes ? "\"\(clean)\"" : clean)
    }
}
