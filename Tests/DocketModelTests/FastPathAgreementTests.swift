@testable import DocketModel
import Testing

/// The decoder checks the common shapes of e-mail addresses, links and text byte by byte and
/// leaves everything else to the thorough (slower) check. These tests hold the two to the
/// same answers over valid, nearly valid and hostile inputs.
@Suite struct FastPathAgreementTests {
    static let addresses = [
        "jane@example.com", "jane.doe+clinic@mail.example.org", "o'brien@example.ie", "a@b.co", "x_y-z@sub-domain.example",
        "jane.example.com", "jane doe@example.com", "jane@example", "jane@@example.com", "@example.com", "jane@",
        "jane@exa mple.com", "jane@example.com\r\nBcc: x@example.com", "zoë@example.com", ".jane@example.com",
        "jane.@example.com", "jane..doe@example.com", "jane@-example.com", "jane@example-.com", "jane@example..com",
        "jane@.example.com", "jane@example.com.", "jane@example.com>", "\u{7F}jane@example.com", "jane@exam_ple.com",
        String(repeating: "a", count: 64) + "@example.com", String(repeating: "a", count: 65) + "@example.com",
        "jane@" + String(repeating: "a", count: 63) + ".com", "jane@" + String(repeating: "a", count: 64) + ".com",
        String(repeating: "a", count: 60) + "@" + String(repeating: "b.", count: 96) + "com", "", "@", "a@b",
    ]

    @Test(arguments: addresses)
    func emailFastPathAgreesWithTheFullCheck(_ address: String) {
        var bytes = address
        let fast = bytes.withUTF8(EmailAddress.isAcceptable)
        #expect(fast == (EmailAddress.explain(address) == nil))
    }

    static let links = [
        "https://video.example.com/room/123", "http://meet.example.org", "https://a.example/r?x=1&y=2", "https://a.example?x",
        "https://Video.Example.COM/Room-1_2~3", "https://a.example/p:q@r!$'()*+,;=", "https://a..example/", "https://-/",
        "https://", "https:///path", "ftp://example.com", "video.example.com/room", "https://a.example:8443/room",
        "https://a.example/room#top", "https://a.example/%20", "https://a.example/ room", "https://a.example/<x>",
        "https://user@a.example/", "https://[::1]/room", "https://a.example/ü", "HTTPS://A.EXAMPLE/", "https:a.example",
        "javascript:alert(1)", "https://a.example/\"", "https://a.example/{x}", "https://a.example/x|y",
    ]

    /// Whatever the byte check accepts, Foundation's `URL` accepts too (it decides the rest).
    @Test(arguments: links)
    func linkFastPathNeverAcceptsWhatFoundationRefuses(_ link: String) {
        if ValueReader.isPlainWebAddress(link) {
            #expect(ValueReader.isWebAddressForFoundation(link))
        }
    }

    @Test func linkFastPathTakesTheCommonShape() {
        #expect(ValueReader.isPlainWebAddress("https://video.example.com/room/123"))
        #expect(ValueReader.isPlainWebAddress("http://meet.example.org"))
        #expect(!ValueReader.isPlainWebAddress("https://a.example:8443/room"))
        #expect(!ValueReader.isPlainWebAddress("ftp://example.com"))
    }

    /// The byte scan may only skip text that has no forbidden character.
    @Test(arguments: ["plain", "Zoë Müller", "日本語", "tab\there", "line\nbreak", "nul\u{0}", "del\u{7F}", "c1\u{85}",
                      "ls\u{2028}", "ps\u{2029}", "dash\u{2013}ok", "nbsp\u{A0}ok", "emoji 🩺"])
    func controlScanNeverSkipsAControlCharacter(_ text: String) {
        for multiline in [false, true] {
            let forbidden = text.unicodeScalars.contains { ValueReader.isForbiddenControl($0, multiline: multiline) }
            if forbidden { #expect(ValueReader.mayHoldControl(text)) }
        }
    }
}
