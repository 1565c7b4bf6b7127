@testable import DocketDelivery
import Foundation
import NIOCore
import NIOEmbedded
import NIOSSL
import Testing

/// The reply reader and the session's command sequence, on NIO's test channels: what the
/// client makes of every shape of reply, and what it writes in answer.
@Suite struct SMTPReplyReaderTests {
    /// The replies (or the failure) the reader gives for `chunks` arriving one read each.
    static func replies(_ chunks: [String], count: Int) throws -> (replies: [SMTPReply], failure: String?) {
        let reader = SMTPReplyReader()
        let channel = EmbeddedChannel(handler: reader)
        for chunk in chunks { try channel.writeInbound(ByteBuffer(string: chunk)) }
        // Filled by the futures' callbacks, which run on the embedded loop (this thread).
        final class Outcome: @unchecked Sendable {
            var replies: [SMTPReply] = []
            var failure: String?
        }
        let outcome = Outcome()
        for _ in 0..<count {
            reader.nextReply(on: channel.eventLoop, timeout: .seconds(5), waitingFor: "a reply").whenComplete { result in
                switch result {
                case .success(let reply): outcome.replies.append(reply)
                case .failure(let error): outcome.failure = outcome.failure ?? "\(error)"
                }
            }
        }
        _ = try? channel.finish()
        return (outcome.replies, outcome.failure)
    }

    @Test func aMultiLineReplyIsOneReplyWithEveryLine() throws {
        let (replies, failure) = try Self.replies(["250-mail.example\r\n250-PIPELINING\r\n250 STARTTLS\r\n"], count: 1)
        #expect(failure == nil)
        #expect(replies.map(\.code) == [250])
        #expect(replies.first?.lines == ["mail.example", "PIPELINING", "STARTTLS"])
    }

    @Test func aReplySplitAcrossReadsIsPutTogether() throws {
        let text = "250-first line\r\n250 second\r\n354 go ahead\r\n"
        let (replies, failure) = try Self.replies(text.map { String($0) }, count: 2)
        #expect(failure == nil)
        #expect(replies.map(\.code) == [250, 354])
        #expect(replies.first?.lines == ["first line", "second"])
    }

    @Test(arguments: ["hello there\r\n", "25\r\n", "2x0 nope\r\n", "250+odd\r\n"])
    func aGarbageLineFailsTheConnection(line: String) throws {
        let (replies, failure) = try Self.replies([line], count: 1)
        #expect(replies.isEmpty)
        #expect(failure?.contains("not an SMTP reply") == true)
    }

    @Test func aLineWithoutEndIsRefusedPastItsLimit() throws {
        let (replies, failure) = try Self.replies([String(repeating: "2", count: 70_000)], count: 1)
        #expect(replies.isEmpty)
        #expect(failure?.contains("64 KiB") == true)
    }

    @Test func bytesNotYetReadAreSeenWhateverTheirShape() throws {
        for (chunk, unread) in [("", false), ("250 whole\r\n", true), ("250-first of two\r\n", true), ("25", true)] {
            let reader = SMTPReplyReader()
            let channel = EmbeddedChannel(handler: reader)
            if !chunk.isEmpty { try channel.writeInbound(ByteBuffer(string: chunk)) }
            #expect(reader.hasUnreadInput == unread, "\(chunk.debugDescription)")
            _ = try? channel.finish()
        }
    }
}

@Suite struct SMTPSessionSequenceTests {
    static let endpoint = try! SMTPEndpoint.parse("smtp+starttls://mail.example.com:587", environment: [:])

    /// Runs the session's opening against a test channel; `script` plays the server.
    static func session(_ script: @escaping @Sendable (NIOAsyncTestingChannel) async throws -> Void) async throws
        -> (outcome: Result<Void, ConnectionLost>, channel: NIOAsyncTestingChannel) {
        let channel = NIOAsyncTestingChannel()
        try await channel.pipeline.addHandler(SMTPReplyReader())
        try await channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 587))
        let tls = try NIOSSLContext(configuration: .makeClientConfiguration())
        var options = SMTPOptions()
        options.timeout = .seconds(5)
        async let server: Void = script(channel)
        let outcome: Result<Void, ConnectionLost>
        do {
            _ = try await SMTPConnection.establish(on: channel, endpoint: endpoint, tls: tls, serverName: "mail.example.com", options: options)
            outcome = .success(())
        } catch {
            outcome = .failure(error)
        }
        try await server
        return (outcome, channel)
    }

    static func line(_ channel: NIOAsyncTestingChannel) async throws -> String {
        String(buffer: try await channel.waitForOutboundWrite(as: ByteBuffer.self))
    }

    @Test func aReplyPipelinedAfterTheStartTLSAnswerAbandonsTheConnectionBeforeTLS() async throws {
        let (outcome, channel) = try await Self.session { channel in
            try await channel.writeInbound(ByteBuffer(string: "220 mail.example.com ESMTP\r\n"))
            #expect(try await Self.line(channel) == "EHLO docket.localhost\r\n")
            try await channel.writeInbound(ByteBuffer(string: "250-mail.example.com\r\n250 STARTTLS\r\n"))
            #expect(try await Self.line(channel) == "STARTTLS\r\n")
            try await channel.writeInbound(ByteBuffer(string: "220 Ready to start TLS\r\n250 injected\r\n"))
        }
        guard case .failure(let lost) = outcome else {
            Issue.record("the session went on after an injected reply")
            return
        }
        #expect(lost.description.contains("CVE-2011-0411"))
        // Nothing more was written: no TLS handshake, no command in clear text.
        #expect(try await channel.readOutbound(as: ByteBuffer.self) == nil)
    }

    @Test func partOfALineAfterTheStartTLSAnswerIsAnInjectionToo() async throws {
        let (outcome, _) = try await Self.session { channel in
            try await channel.writeInbound(ByteBuffer(string: "220 mail.example.com ESMTP\r\n"))
            _ = try await Self.line(channel)
            try await channel.writeInbound(ByteBuffer(string: "250-mail.example.com\r\n250 STARTTLS\r\n"))
            _ = try await Self.line(channel)
            try await channel.writeInbound(ByteBuffer(string: "220 go ahead\r\n25"))
        }
        guard case .failure(let lost) = outcome else {
            Issue.record("the session went on after a partial injected line")
            return
        }
        #expect(lost.description.contains("before TLS began"))
    }

    @Test func aCleanStartTLSAnswerHandsTheConnectionToTLS() async throws {
        let (outcome, _) = try await Self.session { channel in
            try await channel.writeInbound(ByteBuffer(string: "220 mail.example.com ESMTP\r\n"))
            _ = try await Self.line(channel)
            try await channel.writeInbound(ByteBuffer(string: "250-mail.example.com\r\n250 STARTTLS\r\n"))
            _ = try await Self.line(channel)
            try await channel.writeInbound(ByteBuffer(string: "220 go ahead\r\n"))
            // The next bytes out are a TLS ClientHello (a handshake record, 0x16), not SMTP.
            let hello = try await channel.waitForOutboundWrite(as: ByteBuffer.self)
            #expect(hello.getInteger(at: hello.readerIndex, as: UInt8.self) == 0x16)
            try await channel.close()
        }
        guard case .failure = outcome else {
            Issue.record("a closed channel cannot have finished the session")
            return
        }
    }

    @Test func aServerWithoutStartTLSGetsNothingInClearText() async throws {
        let (outcome, _) = try await Self.session { channel in
            try await channel.writeInbound(ByteBuffer(string: "220 mail.example.com ESMTP\r\n"))
            _ = try await Self.line(channel)
            try await channel.writeInbound(ByteBuffer(string: "250-mail.example.com\r\n250 AUTH PLAIN\r\n"))
        }
        guard case .failure(let lost) = outcome else {
            Issue.record("the session went on without TLS")
            return
        }
        #expect(lost.description.contains("does not offer STARTTLS"))
    }
}
