import NIOCore

/// One SMTP reply (RFC 5321 4.2): a code and its text lines.
public struct SMTPReply: Sendable, CustomStringConvertible {
    public var code: Int
    public var lines: [String]

    public var isPositive: Bool { (200..<400).contains(code) }
    public var isTemporary: Bool { (400..<500).contains(code) }
    public var isPermanent: Bool { code >= 500 }

    /// `550 5.1.1 no such user`, the reply as the server wrote it (lines joined).
    public var description: String { lines.map { "\(code) \($0)" }.joined(separator: " / ") }
}

public enum SMTPFailure: Error, CustomStringConvertible, Sendable {
    case timeout(String)
    /// A write made no progress in time: the server stopped reading.
    case writeTimeout
    case connectionClosed
    case malformedReply(String)
    case transport(String)

    public var description: String {
        switch self {
        case .timeout(let waitingFor): "the server did not answer \(waitingFor) in time"
        case .writeTimeout: "the server stopped reading what docket sent (no progress in time)"
        case .connectionClosed: "the server closed the connection"
        case .malformedReply(let line): "the server sent something that is not an SMTP reply: \(line.prefix(80))"
        case .transport(let reason): reason
        }
    }
}

/// Reads replies off the connection, multi-line ones whole, and hands them to whoever waits,
/// in order. Lives on the channel's event loop.
final class SMTPReplyReader: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer

    private var partial: [UInt8] = []
    private var lines: [String] = []
    private var ready: [SMTPReply] = []
    private var waiters: [(id: Int, promise: EventLoopPromise<SMTPReply>, timeout: Scheduled<Void>?)] = []
    private var nextWaiter = 0
    private var failure: SMTPFailure?
    private var context: ChannelHandlerContext?

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        partial += buffer.readBytes(length: buffer.readableBytes) ?? []
        while let newline = partial.firstIndex(of: UInt8(ascii: "\n")) {
            var line = Array(partial[..<newline])
            partial.removeSubrange(...newline)
            if line.last == UInt8(ascii: "\r") { line.removeLast() }
            accept(String(decoding: line, as: UTF8.self))
        }
        // A reply line is short; a server streaming megabytes without a line end is broken.
        if partial.count > 64 * 1024 { fail(.malformedReply("a line longer than 64 KiB")) }
    }

    private func accept(_ line: String) {
        let bytes = Array(line.utf8)
        guard bytes.count >= 3, bytes[0...2].allSatisfy({ $0 >= 48 && $0 <= 57 }),
              bytes.count == 3 || bytes[3] == UInt8(ascii: " ") || bytes[3] == UInt8(ascii: "-"),
              let code = Int(String(decoding: bytes[0...2], as: UTF8.self)) else {
            fail(.malformedReply(line))
            return
        }
        lines.append(bytes.count > 4 ? String(decoding: bytes[4...], as: UTF8.self) : "")
        guard bytes.count == 3 || bytes[3] == UInt8(ascii: " ") else { return }
        let reply = SMTPReply(code: code, lines: lines)
        lines = []
        if waiters.isEmpty {
            ready.append(reply)
        } else {
            let waiter = waiters.removeFirst()
            waiter.timeout?.cancel()
            waiter.promise.succeed(reply)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(.connectionClosed)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        fail(.transport(Self.describe(error)))
        context.close(promise: nil)
    }

    /// Why the connection failed, if it did.
    var failureDescription: String? { failure?.description }

    /// Whether anything has arrived that no one has read yet: a whole reply, the lines of an
    /// unfinished one, or part of a line. Right after the `220` to `STARTTLS` there must be
    /// nothing: bytes already here were sent in clear text before TLS began, and reading
    /// them as the TLS server's words is the injection of CVE-2011-0411.
    var hasUnreadInput: Bool { !ready.isEmpty || !lines.isEmpty || !partial.isEmpty }

    func fail(_ failure: SMTPFailure) {
        if self.failure == nil { self.failure = failure }
        let pending = waiters
        waiters = []
        for waiter in pending {
            waiter.timeout?.cancel()
            waiter.promise.fail(self.failure ?? failure)
        }
    }

    /// The next reply; fails after `timeout`, or when the connection fails.
    func nextReply(on eventLoop: EventLoop, timeout: TimeAmount, waitingFor: String) -> EventLoopFuture<SMTPReply> {
        eventLoop.preconditionInEventLoop()
        if !ready.isEmpty { return eventLoop.makeSucceededFuture(ready.removeFirst()) }
        if let failure { return eventLoop.makeFailedFuture(failure) }
        let promise = eventLoop.makePromise(of: SMTPReply.self)
        let id = nextWaiter
        nextWaiter += 1
        let loopBound = NIOLoopBound(self, eventLoop: eventLoop)
        let task = eventLoop.scheduleTask(in: timeout) {
            let reader = loopBound.value
            guard let index = reader.waiters.firstIndex(where: { $0.id == id }) else { return }
            let waiter = reader.waiters.remove(at: index)
            waiter.promise.fail(SMTPFailure.timeout(waitingFor))
            reader.failure = .timeout(waitingFor)
            reader.context?.close(promise: nil)
        }
        waiters.append((id, promise, task))
        return promise.futureResult
    }

    static func describe(_ error: Error) -> String {
        let text = String(describing: error)
        if text.contains("CERTIFICATE_VERIFY_FAILED") || text.contains("certificate") {
            return "the server's TLS certificate could not be verified (\(text)); check the host name, or trust its CA with --ca-file"
        }
        return "connection error: \(text)"
    }
}
