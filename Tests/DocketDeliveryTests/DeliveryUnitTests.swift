@testable import DocketDelivery
import Foundation
import NIOCore
import Testing

@Suite struct DeliveryUnitTests {
    @Test func dotStuffingDoublesLeadingDotsAndEndsTheData() {
        let stuffed = SMTPConnection.dotStuffed(Data("a\r\n.b\r\n..c\n.\r\nend".utf8))
        #expect(String(buffer: stuffed) == "a\r\n..b\r\n...c\r\n..\r\nend\r\n.\r\n")
        let plain = SMTPConnection.dotStuffed(Data("Subject: x\r\n\r\nbody\r\n".utf8))
        #expect(String(buffer: plain) == "Subject: x\r\n\r\nbody\r\n.\r\n")
    }

    @Test func endpointsReadSchemePortAndCredentials() throws {
        let starttls = try SMTPEndpoint.parse("smtp+starttls://clinic@mail.example.com", environment: ["DOCKET_SMTP_PASSWORD": "pw"])
        #expect(starttls.security == .startTLS && starttls.port == 587 && starttls.user == "clinic" && starttls.hasPassword)
        #expect(starttls.description == "smtp+starttls://clinic@mail.example.com:587")
        let implicit = try SMTPEndpoint.parse("smtps://u:p%40ss@mail.example.com", environment: [:])
        #expect(implicit.port == 465 && implicit.password == "p@ss")
        #expect(!implicit.description.contains("p@ss"))
        #expect(try SMTPEndpoint.parse("smtp://127.0.0.1:2525", environment: [:]).port == 2525)
        #expect(throws: SMTPEndpoint.Invalid.self) { try SMTPEndpoint.parse("http://x", environment: [:]) }
        #expect(throws: SMTPEndpoint.Invalid.self) { try SMTPEndpoint.parse("smtps://user@x", environment: [:]) }
    }

    @Test func theEnvelopeComesFromTheHeaders() {
        let message = OutboxMessage(name: "x.eml", data: Data("From: =?UTF-8?B?w4k=?= <a@b.example>\r\nTo: \"Doe, Jane\"\r\n <jane@example.com>\r\nSubject: s\r\n\r\nTo: <not@header.example>\r\n".utf8))
        #expect(message.from == "a@b.example")
        #expect(message.recipients == ["jane@example.com"])
    }
}
