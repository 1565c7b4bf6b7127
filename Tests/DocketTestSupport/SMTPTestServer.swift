import DocketSupport
import Foundation

/// A real SMTP server (aiosmtpd, Tests/MailCheck/smtp_server.py) on 127.0.0.1, stopped when released.
public final class SMTPTestServer {
    public let port: Int
    public let spool: String
    private let process: ChildProcess.Running
    private let output: Int32

    public init(_ arguments: [String] = []) throws {
        spool = NSTemporaryDirectory() + "docket-spool-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: spool, withIntermediateDirectories: true)
        TestTools.checked
        process = try ChildProcess.start(
            "/usr/bin/env", ["python3", DocketProcess.packageRoot + "/Tests/MailCheck/smtp_server.py", "--spool", spool] + arguments,
            output: .pipe, errors: .pipe)
        let output = process.output!
        self.output = output
        // The first line is "READY <port>".
        var line: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 256)
        let deadline = Date().addingTimeInterval(15)
        while !line.contains(UInt8(ascii: "\n")), Date() < deadline {
            let count = buffer.withUnsafeMutableBytes { read(output, $0.baseAddress, $0.count) }
            if count <= 0 { break }
            line += buffer[..<count]
        }
        let text = String(decoding: line, as: UTF8.self)
        guard text.hasPrefix("READY "), let port = Int(text.dropFirst(6).prefix { $0.isNumber }) else {
            process.send(SIGKILL)
            process.wait()
            close(output)
            // Its own words: a missing module, a certificate openssl could not make, a port in use.
            let cause = process.errors.map { String(decoding: ChildProcess.readToEnd($0), as: UTF8.self) } ?? ""
            throw StartFailure(description: "the test SMTP server did not start: "
                + (cause.isEmpty ? text.isEmpty ? "it printed nothing" : text : cause.trimmingCharacters(in: .whitespacesAndNewlines))
                + " (make test installs what the tests need)")
        }
        self.port = port
        // Its standard error is drained on its own, so that a chatty server never blocks on it.
        if let errors = process.errors {
            Thread.detachNewThread { _ = ChildProcess.readToEnd(errors) }
        }
    }

    deinit {
        // SIGKILL: a child may inherit a blocked SIGTERM from the test runner's threads.
        process.send(SIGKILL)
        process.wait()
        close(output)
        try? FileManager.default.removeItem(atPath: spool)
    }

    /// The messages received, in order, as the bytes the server got after dot-unstuffing.
    public var received: [Data] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: spool)) ?? []).filter { $0.hasSuffix(".eml") }
        return names.sorted { Int($0.dropLast(4))! < Int($1.dropLast(4))! }.compactMap { FileManager.default.contents(atPath: spool + "/" + $0) }
    }

    /// Each message's envelope and session: from, to, whether it came over TLS and after AUTH.
    public var envelopes: [[String: Any]] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: spool)) ?? []).filter { $0.hasSuffix(".json") }
        return names.sorted().compactMap { name in
            FileManager.default.contents(atPath: spool + "/" + name).flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] }
        }
    }

    public struct StartFailure: Error, CustomStringConvertible {
        public var description: String
    }

    /// A CA and a server certificate for 127.0.0.1 and localhost, made once with openssl.
    public static let certificates: (ca: String, cert: String, key: String, otherCA: String) = {
        let folder = NSTemporaryDirectory() + "docket-certs-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let script = """
            set -e
            cd '\(folder)'
            openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 2 -subj '/CN=docket test CA' 2>/dev/null
            openssl req -x509 -newkey rsa:2048 -nodes -keyout other.key -out other.pem -days 2 -subj '/CN=another CA' 2>/dev/null
            openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj '/CN=localhost' 2>/dev/null
            printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\\nbasicConstraints=CA:FALSE\\nextendedKeyUsage=serverAuth\\n' > ext.cnf
            openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 2 -extfile ext.cnf 2>/dev/null
            """
        _ = try? DocketProcess.runProgram("/bin/sh", ["-c", script])
        return (folder + "/ca.pem", folder + "/server.pem", folder + "/server.key", folder + "/other.pem")
    }()
}
