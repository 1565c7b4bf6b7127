import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// How a message fared with one server or command.
public enum DeliveryOutcome: Sendable {
    case delivered
    /// 4xx, or sysexits 75: try again on the next run.
    case temporary(String)
    /// 5xx, or any other failure of the command: give up on this message.
    case permanent(String)
}

/// The connection could not be opened or was lost: the messages not yet delivered stay.
public struct ConnectionLost: Error, CustomStringConvertible, Sendable {
    public var description: String
}

public struct SMTPOptions: Sendable {
    /// How long to wait for the connection and for each reply.
    public var timeout: TimeAmount = .seconds(60)
    /// Accept any certificate (a test relay); said loudly by the command.
    public var insecureSkipVerify = false
    /// A PEM file of extra CA certificates to trust (a private relay).
    public var caFile: String?
    /// Force `PLAIN` or `LOGIN`; by default PLAIN when offered, else LOGIN.
    public var authMechanism: String?
    /// The name given in EHLO.
    public var clientName = "docket.localhost"

    public init() {}
}

/// One SMTP session (RFC 5321) over SwiftNIO: greeting, EHLO (HELO if refused), STARTTLS or
/// implicit TLS, AUTH PLAIN or LOGIN, then one transaction per message with RSET between.
public final class SMTPConnection: @unchecked Sendable {
    private let channel: Channel
    private let reader: NIOLoopBound<SMTPReplyReader>
    private let options: SMTPOptions

    private init(channel: Channel, reader: NIOLoopBound<SMTPReplyReader>, options: SMTPOptions) {
        self.channel = channel
        self.reader = reader
        self.options = options
    }

    public static func open(_ endpoint: SMTPEndpoint, options: SMTPOptions,
                            group: EventLoopGroup = MultiThreadedEventLoopGroup.singleton) async throws(ConnectionLost) -> SMTPConnection {
        let tls: NIOSSLContext?
        do {
            tls = endpoint.security == .plain ? nil : try makeTLSContext(options)
        } catch {
            throw ConnectionLost(description: "cannot set up TLS: \(error)")
        }
        let serverName = endpoint.host.first?.isNumber == true || endpoint.host.contains(":") ? nil : endpoint.host
        let channel: Channel
        do {
            channel = try await ClientBootstrap(group: group)
                .connectTimeout(options.timeout)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        if endpoint.security == .implicitTLS, let tls {
                            try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: tls, serverHostname: serverName))
                        }
                        try channel.pipeline.syncOperations.addHandler(SMTPReplyReader())
                    }
                }
                .connect(host: endpoint.host, port: endpoint.port).get()
        } catch {
            throw ConnectionLost(description: "cannot connect to \(endpoint): \(error)")
        }
        return try await establish(on: channel, endpoint: endpoint, tls: tls, serverName: serverName, options: options)
    }

    /// The session on a connected channel whose pipeline holds an `SMTPReplyReader`: the
    /// greeting, EHLO, STARTTLS and AUTH. Closes the channel when it fails.
    static func establish(on channel: Channel, endpoint: SMTPEndpoint, tls: NIOSSLContext?, serverName: String?,
                          options: SMTPOptions) async throws(ConnectionLost) -> SMTPConnection {
        let reader: NIOLoopBound<SMTPReplyReader>
        do {
            reader = try await channel.eventLoop.submit {
                NIOLoopBound(try channel.pipeline.syncOperations.handler(type: SMTPReplyReader.self), eventLoop: channel.eventLoop)
            }.get()
        } catch {
            throw ConnectionLost(description: "cannot set up the connection: \(error)")
        }
        let connection = SMTPConnection(channel: channel, reader: reader, options: options)
        do {
            try await connection.handshake(endpoint, tls: tls, serverName: serverName)
        } catch {
            _ = try? await channel.close().get()
            throw error
        }
        return connection
    }

    static func makeTLSContext(_ options: SMTPOptions) throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        if options.insecureSkipVerify {
            configuration.certificateVerification = .none
        }
        if let caFile = options.caFile {
            configuration.additionalTrustRoots = [.file(caFile)]
        }
        return try NIOSSLContext(configuration: configuration)
    }

    private func handshake(_ endpoint: SMTPEndpoint, tls: NIOSSLContext?, serverName: String?) async throws(ConnectionLost) {
        let greeting = try await reply(waitingFor: "with its greeting")
        guard greeting.code == 220 else { throw ConnectionLost(description: "the server refused the connection: \(greeting)") }
        var extensions = try await hello()
        if endpoint.security == .startTLS {
            guard extensions.contains(where: { $0.uppercased() == "STARTTLS" }) else {
                throw ConnectionLost(description: "\(endpoint.host) does not offer STARTTLS; refusing to send credentials or mail in clear text")
            }
            let answer = try await command("STARTTLS")
            guard answer.code == 220, let tls else { throw ConnectionLost(description: "STARTTLS was refused: \(answer)") }
            // Checked and switched in one turn of the event loop, so no byte can arrive between.
            let reader = self.reader
            let injected = try? await channel.eventLoop.submit { [channel] in
                if reader.value.hasUnreadInput { return true }
                try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: tls, serverHostname: serverName), position: .first)
                return false
            }.get()
            switch injected {
            case true?:
                throw ConnectionLost(description: "the server sent more after agreeing to STARTTLS, before TLS began (a man in the middle can inject replies this way, CVE-2011-0411); abandoned the connection before TLS, nothing was sent")
            case false?:
                break
            case nil:
                throw ConnectionLost(description: "cannot start TLS")
            }
            extensions = try await hello()
        }
        if let user = endpoint.user, let password = endpoint.password {
            guard endpoint.security != .plain || endpoint.isLoopback else {
                throw ConnectionLost(description: "refusing to send a password in clear text to \(endpoint.host); use smtp+starttls:// or smtps://")
            }
            try await authenticate(user: user, password: password, extensions: extensions)
        }
    }

    /// EHLO, or HELO when EHLO is refused; the extensions the server offers.
    private func hello() async throws(ConnectionLost) -> [String] {
        let ehlo = try await command("EHLO \(options.clientName)")
        if ehlo.code == 250 { return Array(ehlo.lines.dropFirst()) }
        let helo = try await command("HELO \(options.clientName)")
        guard helo.code == 250 else { throw ConnectionLost(description: "the server refused EHLO and HELO: \(helo)") }
        return []
    }

    private func authenticate(user: String, password: String, extensions: [String]) async throws(ConnectionLost) {
        let offered = extensions.first { $0.uppercased().hasPrefix("AUTH") }?.uppercased().split(separator: " ").dropFirst().map(String.init) ?? []
        let mechanism = options.authMechanism?.uppercased() ?? (offered.contains("PLAIN") ? "PLAIN" : offered.contains("LOGIN") ? "LOGIN" : "")
        let answer: SMTPReply
        switch mechanism {
        case "PLAIN":
            let token = Data(([0] + Array(user.utf8) + [0] + Array(password.utf8))).base64EncodedString()
            answer = try await command("AUTH PLAIN \(token)", secret: true)
        case "LOGIN":
            let first = try await command("AUTH LOGIN")
            guard first.code == 334 else { throw ConnectionLost(description: "AUTH LOGIN was refused: \(first)") }
            let second = try await command(Data(user.utf8).base64EncodedString(), secret: true)
            guard second.code == 334 else { throw ConnectionLost(description: "AUTH LOGIN was refused after the user name: \(second)") }
            answer = try await command(Data(password.utf8).base64EncodedString(), secret: true)
        default:
            throw ConnectionLost(description: "the server offers no AUTH PLAIN or LOGIN (it offers: \(offered.joined(separator: " ")))")
        }
        guard answer.code == 235 else { throw ConnectionLost(description: "authentication failed: \(answer)") }
    }

    /// One message: MAIL FROM, RCPT TO for each recipient, DATA with dot-stuffing.
    public func send(_ message: Data, from: String, to recipients: [String]) async throws(ConnectionLost) -> DeliveryOutcome {
        let mail = try await command("MAIL FROM:<\(from)>")
        guard mail.code == 250 else { return try await abandon(mail) }
        for recipient in recipients {
            let rcpt = try await command("RCPT TO:<\(recipient)>")
            guard rcpt.code == 250 || rcpt.code == 251 else { return try await abandon(rcpt) }
        }
        let data = try await command("DATA")
        guard data.code == 354 else { return try await abandon(data) }
        try await write(Self.dotStuffed(message))
        let done = try await reply(waitingFor: "after the message")
        guard done.code == 250 else { return try await abandon(done) }
        return .delivered
    }

    /// Ends a failed transaction with RSET so the next message starts clean.
    private func abandon(_ reply: SMTPReply) async throws(ConnectionLost) -> DeliveryOutcome {
        _ = try await command("RSET")
        return reply.isTemporary ? .temporary(reply.description) : .permanent(reply.description)
    }

    public func quit() async {
        _ = try? await command("QUIT")
        _ = try? await channel.close().get()
    }

    /// The message as DATA sends it: CRLF line ends, a leading "." doubled, ending CRLF.CRLF.
    static func dotStuffed(_ message: Data) -> ByteBuffer {
        // docket's own messages have CRLF line ends and no line starting with ".": sent as they are.
        let bareLineFeed = message.enumerated().contains { $0.element == 10 && ($0.offset == 0 || message[message.startIndex + $0.offset - 1] != 13) }
        if !bareLineFeed, message.first != UInt8(ascii: "."), message.range(of: Data("\n.".utf8)) == nil,
           message.suffix(2) == Data("\r\n".utf8) {
            var buffer = ByteBuffer(bytes: message)
            buffer.writeString(".\r\n")
            return buffer
        }
        var buffer = ByteBuffer()
        buffer.reserveCapacity(message.count + message.count / 50 + 8)
        var atLineStart = true
        var previous: UInt8 = 0
        for byte in message {
            if byte == UInt8(ascii: "\n"), previous != UInt8(ascii: "\r") { buffer.writeInteger(UInt8(ascii: "\r")) }
            if atLineStart, byte == UInt8(ascii: ".") { buffer.writeInteger(UInt8(ascii: ".")) }
            buffer.writeInteger(byte)
            atLineStart = byte == UInt8(ascii: "\n")
            previous = byte
        }
        if !atLineStart { buffer.writeString("\r\n") }
        buffer.writeString(".\r\n")
        return buffer
    }

    private func command(_ line: String, secret: Bool = false) async throws(ConnectionLost) -> SMTPReply {
        try await write(ByteBuffer(string: line + "\r\n"))
        return try await reply(waitingFor: secret ? "the credentials" : "'\(line.split(separator: " ").first ?? "")'")
    }

    /// Writes are cut into pieces of this size, each with its own deadline, so a large
    /// message over a slow link is not cut off while a server that stopped reading is.
    static let writePiece = 64 << 10

    private func write(_ buffer: ByteBuffer) async throws(ConnectionLost) {
        var remaining = buffer
        while remaining.readableBytes > 0 {
            try await writeWithDeadline(remaining.readSlice(length: min(Self.writePiece, remaining.readableBytes))!)
        }
    }

    /// Every write has a deadline as every read does: a server that stops reading (in the
    /// middle of DATA, say) would otherwise hold docket forever with the socket full.
    private func writeWithDeadline(_ piece: ByteBuffer) async throws(ConnectionLost) {
        let channel = self.channel
        let reader = self.reader
        let timeout = options.timeout
        do {
            try await channel.eventLoop.flatSubmit {
                let written = channel.eventLoop.makePromise(of: Void.self)
                let deadline = channel.eventLoop.scheduleTask(in: timeout) {
                    reader.value.fail(.writeTimeout)
                    channel.close(promise: nil)
                }
                written.futureResult.whenComplete { _ in deadline.cancel() }
                channel.writeAndFlush(piece, promise: written)
                return written.futureResult
            }.get()
        } catch {
            // The reader knows why the channel closed (a TLS failure, the server hanging up).
            let reader = self.reader
            let known = try? await channel.eventLoop.submit { reader.value.failureDescription }.get()
            throw ConnectionLost(description: known ?? "the connection failed while sending: \(error)")
        }
    }

    private func reply(waitingFor: String) async throws(ConnectionLost) -> SMTPReply {
        let reader = self.reader
        let timeout = options.timeout
        do {
            return try await channel.eventLoop.flatSubmit {
                reader.value.nextReply(on: reader.eventLoop, timeout: timeout, waitingFor: waitingFor)
            }.get()
        } catch let failure as SMTPFailure {
            throw ConnectionLost(description: failure.description)
        } catch {
            throw ConnectionLost(description: "\(error)")
        }
    }
}
