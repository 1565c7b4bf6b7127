import DocketModel
import Testing

@Suite struct ValueFormatTests {
    @Test(arguments: ["jane@example.com", "jane.doe+clinic@mail.example.org", "o'brien@example.ie"])
    func acceptedAddresses(_ address: String) {
        #expect(EmailAddress.problem(address) == nil)
    }

    @Test(arguments: ["jane.example.com", "jane doe@example.com", "jane@example", "jane@@example.com", "@example.com",
                      "jane@", "jane@exa mple.com", "jane@example.com\r\nBcc: x@example.com", "zoë@example.com",
                      ".jane@example.com", "jane..doe@example.com", "jane@-example.com", "jane@example.com>"])
    func refusedAddresses(_ address: String) {
        #expect(EmailAddress.problem(address) != nil)
    }

    @Test func mailboxesReadNameAndAddress() throws {
        #expect(try EmailAddress.mailbox("Maple Clinic <hello@maple.example>").get() == Mailbox(name: "Maple Clinic", address: "hello@maple.example"))
        #expect(try EmailAddress.mailbox("\"Maple, Inc.\" <hello@maple.example>").get() == Mailbox(name: "Maple, Inc.", address: "hello@maple.example"))
        #expect(try EmailAddress.mailbox("hello@maple.example").get() == Mailbox(name: nil, address: "hello@maple.example"))
        #expect((try? EmailAddress.mailbox("Maple <hello>").get()) == nil)
        #expect((try? EmailAddress.mailbox("Ma<ple <hello@maple.example>").get()) == nil)
    }

    @Test(arguments: [
        ("drafts", "drafts", true), ("drafts", "appointments/drafts", true), ("drafts", "drafts-old", false),
        ("*.tmp.yaml", "appointments/2026/x.tmp.yaml", true), ("archive/**/old-*.yaml", "archive/2019/01/old-a.yaml", true),
        ("archive/**/old-*.yaml", "archive/old-a.yaml", true), ("archive/**/old-*.yaml", "appointments/archive/old-a.yaml", false),
        ("appointments/2019", "appointments/2019", true), ("appointments/2019", "appointments/2019x", false),
    ])
    func ignorePatternsMatchLikeGitignore(_ pattern: String, _ path: String, _ matches: Bool) {
        #expect(IgnorePattern(pattern).matches(path) == matches)
    }

    @Test func suggestionsAreTheNearestName() {
        #expect(Suggestion.closest(to: "mondy", in: ["monday", "tuesday", "sunday"]) == "monday")
        #expect(Suggestion.closest(to: "duraton", in: ["duration", "end"]) == "duration")
        #expect(Suggestion.closest(to: "xyz", in: ["duration", "end"]) == nil)
    }
}
