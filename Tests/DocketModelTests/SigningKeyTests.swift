import DocketModel
import DocketTestSupport
import Foundation
import Testing

/// `signingKeys` lines: real public keys of every type git verifies, made by ssh-keygen, are
/// taken; their damaged forms are refused with a reason.
@Suite struct SigningKeyTests {
    /// A public key line of a fresh key pair of `type` (`-t`) and `bits` (`-b`).
    static func publicKey(_ type: String, bits: Int? = nil) throws -> String {
        let folder = NSTemporaryDirectory() + "docket-key-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let made = try DocketProcess.runProgram("/usr/bin/env", ["ssh-keygen", "-q", "-t", type, "-N", "", "-C", "someone@laptop", "-f", folder + "/key"]
            + (bits.map { ["-b", String($0)] } ?? []))
        #expect(made.status == 0, "\(made.stderr)")
        return try String(contentsOfFile: folder + "/key.pub", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test(arguments: [("ed25519", nil), ("ecdsa", 256), ("ecdsa", 384), ("ecdsa", 521), ("rsa", 3072)] as [(String, Int?)])
    func realKeysOfEveryTypeAreTaken(type: String, bits: Int?) throws {
        let line = try Self.publicKey(type, bits: bits)
        let key = try SigningKey.parse(line).get()
        #expect(line.hasPrefix(key.type + " " + key.data + " "))
        #expect(key.comment == "someone@laptop")
    }

    @Test func theIdentityIsTypeAndDataNotTheComment() throws {
        let line = try Self.publicKey("ed25519")
        let parts = line.split(separator: " ")
        let bare = try SigningKey.parse("\(parts[0]) \(parts[1])").get()
        let renamed = try SigningKey.parse("\(parts[0])  \(parts[1])   Ada's desk, room 4").get()
        #expect(bare.comment == nil)
        #expect(renamed.comment == "Ada's desk, room 4")
        #expect(bare.identity == renamed.identity)
    }

    @Test func damagedKeysAreRefusedWithTheirReason() throws {
        let line = try Self.publicKey("ed25519")
        let parts = line.split(separator: " ").map(String.init)
        let data = parts[1]
        let blob = try #require(Data(base64Encoded: data))
        let cases: [(String, String)] = [
            ("", "one line of a .pub file"),
            ("ssh-ed25519", "one line of a .pub file"),
            ("ssh-ed25519 " + String(data.dropLast(3)), "base64"),
            ("ssh-ed25519 " + Data(blob.dropLast(4)).base64EncodedString(), "cut short"),
            ("ssh-ed25519 " + Data(blob + [0, 0, 0, 0]).base64EncodedString(), "extra bytes"),
            ("ssh-rsa " + data, "not a ssh-rsa key"),
            ("ecdsa-sha2-nistp256 " + data, "not a ecdsa-sha2-nistp256 key"),
            ("ssh-dss " + data, "DSA keys are no longer accepted"),
            ("cert-authority ssh-ed25519 " + data, "options such as cert-authority"),
            ("ssh-ed25519 not*base64!!", "base64"),
            ("-----BEGIN OPENSSH PRIVATE KEY-----", "PRIVATE key"),
            ("ssh-ed25519 " + String(repeating: "A", count: 20_000), "base64"),
        ]
        for (text, reason) in cases {
            switch SigningKey.parse(text) {
            case .success: Issue.record("'\(text.prefix(60))' was taken")
            case .failure(let problem): #expect(problem.reason.contains(reason), "'\(text.prefix(60))': \(problem.reason)")
            }
        }
    }

    @Test func rsaKeysUnder2048BitsAreRefused() throws {
        let line = try Self.publicKey("rsa", bits: 1024)
        guard case .failure(let problem) = SigningKey.parse(line) else {
            Issue.record("a 1024-bit RSA key was taken")
            return
        }
        #expect(problem.reason.contains("shorter than 2048 bits"))
    }
}
