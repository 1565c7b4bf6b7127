/// A stable diagnostic code, the name users write in `policy.severity` and CI greps for.
///
/// Only the names are here, because loading and decoding report some codes before any rule
/// runs. Everything else about a code (its severity, what it checks, its examples) is said
/// once, on its rule, in `RuleCatalogue`.
public struct DiagnosticCode: RawRepresentable, Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    public init(from decoder: any Decoder) throws {
        self.init(rawValue: try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }

    public static func < (lhs: DiagnosticCode, rhs: DiagnosticCode) -> Bool { lhs.rawValue < rhs.rawValue }

    // Reading files and YAML.
    public static let yamlSyntax = DiagnosticCode(rawValue: "yaml-syntax")
    public static let yamlDuplicateKey = DiagnosticCode(rawValue: "yaml-duplicate-key")
    public static let yamlTooComplex = DiagnosticCode(rawValue: "yaml-too-complex")
    public static let fileUnreadable = DiagnosticCode(rawValue: "file-unreadable")
    // The schema.
    public static let unknownAPIVersion = DiagnosticCode(rawValue: "unknown-api-version")
    public static let unknownKind = DiagnosticCode(rawValue: "unknown-kind")
    public static let missingField = DiagnosticCode(rawValue: "missing-field")
    public static let unknownField = DiagnosticCode(rawValue: "unknown-field")
    public static let invalidValue = DiagnosticCode(rawValue: "invalid-value")
    public static let invalidTimezone = DiagnosticCode(rawValue: "invalid-timezone")
    public static let invalidDuration = DiagnosticCode(rawValue: "invalid-duration")
    // Across documents.
    public static let duplicateID = DiagnosticCode(rawValue: "duplicate-id")
    public static let missingOrganization = DiagnosticCode(rawValue: "missing-organization")
    public static let multipleOrganizations = DiagnosticCode(rawValue: "multiple-organizations")
    public static let unknownReference = DiagnosticCode(rawValue: "unknown-reference")
    public static let inactiveClinician = DiagnosticCode(rawValue: "inactive-clinician")
    public static let missingAttachment = DiagnosticCode(rawValue: "missing-attachment")
    public static let attachmentOutsideRepo = DiagnosticCode(rawValue: "attachment-outside-repo")
    public static let attachmentTooLarge = DiagnosticCode(rawValue: "attachment-too-large")
    public static let invalidTemplate = DiagnosticCode(rawValue: "invalid-template")
    // Time.
    public static let nonexistentLocalTime = DiagnosticCode(rawValue: "nonexistent-local-time")
    public static let ambiguousLocalTime = DiagnosticCode(rawValue: "ambiguous-local-time")
    public static let statusNotYetPossible = DiagnosticCode(rawValue: "status-not-yet-possible")
    // Scheduling.
    public static let clinicianDoubleBooked = DiagnosticCode(rawValue: "clinician-double-booked")
    public static let clientDoubleBooked = DiagnosticCode(rawValue: "client-double-booked")
    public static let participantDoubleBooked = DiagnosticCode(rawValue: "participant-double-booked")
    public static let bufferTooShort = DiagnosticCode(rawValue: "buffer-too-short")
    public static let outsideAvailability = DiagnosticCode(rawValue: "outside-availability")
    public static let clinicianTimeOff = DiagnosticCode(rawValue: "clinician-time-off")
    // Changes.
    public static let shortNotice = DiagnosticCode(rawValue: "short-notice")
    public static let startsInPast = DiagnosticCode(rawValue: "starts-in-past")
    public static let pastAppointmentChanged = DiagnosticCode(rawValue: "past-appointment-changed")
    public static let unauthorizedChange = DiagnosticCode(rawValue: "unauthorized-change")
    public static let unknownAuthor = DiagnosticCode(rawValue: "unknown-author")
    public static let unsignedChange = DiagnosticCode(rawValue: "unsigned-change")
    public static let unknownSigner = DiagnosticCode(rawValue: "unknown-signer")
    public static let duplicateSigningKey = DiagnosticCode(rawValue: "duplicate-signing-key")
    public static let staleRequestForm = DiagnosticCode(rawValue: "stale-request-form")
    // Messages.
    public static let missingVideoLink = DiagnosticCode(rawValue: "missing-video-link")
    // Series.
    public static let seriesTooLong = DiagnosticCode(rawValue: "series-too-long")
    public static let unknownOccurrence = DiagnosticCode(rawValue: "unknown-occurrence")
}
