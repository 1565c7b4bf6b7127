import Foundation

/// SSH key pairs for tests, made with the real ssh-keygen once per run and kept in a temporary
/// folder: `publicKey("sam")` is the line a people file lists, `privateKeyPath("sam")` what git
/// signs with.
public final class TestSigningKeys: @unchecked Sendable {
    public static let shared = TestSigningKeys()

    private let lock = NSLock()
    private let folder: String

    private init() {
        folder = NSTemporaryDirectory() + "docket-test-keys-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    /// The private key's path; made on first use.
    public func privateKeyPath(_ name: String) throws -> String {
        lock.lock()
        defer { lock.unlock() }
        let path = folder + "/" + name
        if !FileManager.default.fileExists(atPath: path) {
            let made = try DocketProcess.runProgram("/usr/bin/env", ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "\(name)@test", "-f", path])
            guard made.status == 0 else { throw TemporaryRepository.GitFailure(description: "ssh-keygen: \(made.stderr)") }
        }
        return path
    }

    /// `ssh-ed25519 AAAA… name@test`.
    public func publicKey(_ name: String) throws -> String {
        try String(contentsOfFile: privateKeyPath(name) + ".pub", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `text` with each `«ssh-key:NAME»` replaced by that test key's public line.
    public func fillIn(_ text: String) throws -> String {
        var text = text
        while let start = text.range(of: "«ssh-key:"), let end = text[start.upperBound...].range(of: "»") {
            let name = String(text[start.upperBound..<end.lowerBound])
            text.replaceSubrange(start.lowerBound..<end.upperBound, with: try publicKey(name))
        }
        return text
    }
}
