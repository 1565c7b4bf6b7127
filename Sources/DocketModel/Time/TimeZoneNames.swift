import Foundation

enum TimeZoneNames {
    /// The canonical IANA names, for suggesting one when a file misspells it.
    static let all: [String] = TimeZone.knownTimeZoneIdentifiers
}
