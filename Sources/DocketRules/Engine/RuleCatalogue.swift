import DocketModel

/// Every rule docket has, in the order of SPEC section 2. `docket rules`, SARIF's rule list
/// and the generic example test all read it, so documentation never drifts from code.
public enum RuleCatalogue {
    public static let all: [any Rule.Type] = [
        YAMLSyntaxRule.self,
        YAMLDuplicateKeyRule.self,
        YAMLTooComplexRule.self,
        FileUnreadableRule.self,
        UnknownAPIVersionRule.self,
        UnknownKindRule.self,
        MissingFieldRule.self,
        UnknownFieldRule.self,
        InvalidValueRule.self,
        DuplicateIDRule.self,
        MissingOrganizationRule.self,
        MultipleOrganizationsRule.self,
        UnknownReferenceRule.self,
        InactiveClinicianRule.self,
        MissingAttachmentRule.self,
        AttachmentOutsideRepoRule.self,
        AttachmentTooLargeRule.self,
        InvalidTemplateRule.self,
        InvalidTimezoneRule.self,
        NonexistentLocalTimeRule.self,
        AmbiguousLocalTimeRule.self,
        InvalidDurationRule.self,
        ClinicianDoubleBookedRule.self,
        ClientDoubleBookedRule.self,
        ParticipantDoubleBookedRule.self,
        BufferTooShortRule.self,
        OutsideAvailabilityRule.self,
        ClinicianTimeOffRule.self,
        ShortNoticeRule.self,
        StartsInPastRule.self,
        PastAppointmentChangedRule.self,
        StatusNotYetPossibleRule.self,
        UnauthorizedChangeRule.self,
        UnknownAuthorRule.self,
        UnsignedChangeRule.self,
        UnknownSignerRule.self,
        DuplicateSigningKeyRule.self,
        StaleRequestFormRule.self,
        MissingVideoLinkRule.self,
        SeriesTooLongRule.self,
        UnknownOccurrenceRule.self,
    ]

    public static var descriptions: [RuleDescription] { all.map { $0.description } }

    public static var checkingRules: [any CheckingRule.Type] { all.compactMap { $0 as? any CheckingRule.Type } }

    public static func description(of code: DiagnosticCode) -> RuleDescription? {
        byCode[code]
    }

    /// The severity of a code's findings before the policy and `--strict`.
    public static func severity(of code: DiagnosticCode) -> Severity {
        byCode[code]?.defaultSeverity ?? .error
    }

    private static let byCode = Dictionary(all.map { ($0.description.code, $0.description) }) { first, _ in first }
}
