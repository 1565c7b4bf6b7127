import Foundation

/// An SSH public key a coordinator or clinician signs their commits with: one line of their
/// `.pub` file, `ssh-ed25519 AAAAC3Nz… ada@laptop`.
///
/// Only the key type and its data say who signed; the comment is for people. The key data is
/// checked as far as a public key can be without the cryptography: it must be base64 of an
/// SSH key blob whose own type name is the one written before it, with the size that type
/// has. That catches the common slips (a truncated paste, a line from `known_hosts`, the
/// private key pasted by mistake) where they are made, rather than as an "unknown signer"
/// after the first signed commit.
public struct SigningKey: Sendable, Hashable {
    public var type: String
    /// The key blob, base64, exactly as written.
    public var data: String
    public var comment: String?

    /// What identifies the key: type and data, not the comment.
    public var identity: String { type + " " + data }

    /// The key types git can verify through `ssh-keygen -Y`.
    public static let types = [
        "ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521",
        "sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com", "ssh-rsa",
    ]

    /// Parses one public key line, or says what is wrong with it in words for the person
    /// who pasted it.
    public static func parse(_ line: String) -> Result<SigningKey, Problem> {
        if line.contains("PRIVATE KEY") {
            return .failure(Problem("this is a PRIVATE key: remove it from the repository now, treat it as leaked and make a new key pair; list the one line of the .pub file instead"))
        }
        let parts = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true).map(String.init)
        guard parts.count >= 2 else {
            return .failure(Problem("a signing key is one line of a .pub file: '<type> <key data> [comment]', e.g. ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA… ada@laptop"))
        }
        let type = parts[0]
        guard types.contains(type) else {
            let hint = type == "ssh-dss" ? "DSA keys are no longer accepted by OpenSSH; make an ed25519 key (ssh-keygen -t ed25519)"
                : "the line must start with the key type, one of \(types.joined(separator: ", ")) (options such as cert-authority are not allowed)"
            return .failure(Problem("'\(type.prefix(40))' is not an SSH key type git verifies; \(hint)"))
        }
        let data = parts[1]
        guard data.count <= 16_384, let blob = Data(base64Encoded: data) else {
            return .failure(Problem("the key data after '\(type)' is not base64; copy the whole line of the .pub file again"))
        }
        guard let problem = blobProblem([UInt8](blob), type: type) else {
            let comment = parts.count > 2 ? parts[2].trimmingCharacters(in: .whitespaces) : ""
            return .success(SigningKey(type: type, data: data, comment: comment.isEmpty ? nil : comment))
        }
        return .failure(Problem(problem))
    }

    public struct Problem: Error, Sendable {
        public var reason: String
        init(_ reason: String) { self.reason = reason }
    }

    /// What is wrong with an SSH public key blob (RFC 4253 section 6.6, RFC 5656, the
    /// OpenSSH PROTOCOL.u2f), or nil.
    static func blobProblem(_ blob: [UInt8], type: String) -> String? {
        var reader = BlobReader(bytes: blob)
        guard let name = reader.string(), String(decoding: name, as: UTF8.self) == type else {
            return "the key data is not a \(type) key (it names another type, or is cut short); copy the whole line of the .pub file again"
        }
        let complete: Bool
        switch type {
        case "ssh-ed25519":
            complete = reader.string()?.count == 32
        case "sk-ssh-ed25519@openssh.com":
            complete = reader.string()?.count == 32 && reader.string() != nil
        case "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "sk-ecdsa-sha2-nistp256@openssh.com":
            let curve = reader.string().map { String(decoding: $0, as: UTF8.self) }
            let point = reader.string()
            complete = curve.map { type.contains($0) } == true && point?.first == 4 && (type.hasPrefix("sk-") ? reader.string() != nil : true)
        default: // ssh-rsa: exponent and modulus, at least 2048 bits
            let exponent = reader.string()
            let modulus = reader.string()
            guard exponent != nil, let modulus else { complete = false; break }
            guard modulus.drop(while: { $0 == 0 }).count >= 256 else {
                return "the RSA key is shorter than 2048 bits; make an ed25519 key (ssh-keygen -t ed25519)"
            }
            complete = true
        }
        guard complete, reader.isAtEnd else {
            return "the key data of this \(type) key is cut short or has extra bytes; copy the whole line of the .pub file again"
        }
        return nil
    }

    /// Reads the length-prefixed strings of an SSH wire-format blob.
    private struct BlobReader {
        let bytes: [UInt8]
        var position = 0

        var isAtEnd: Bool { position == bytes.count }

        mutating func string() -> ArraySlice<UInt8>? {
            guard bytes.count - position >= 4 else { return nil }
            let length = bytes[position..<position + 4].reduce(0) { $0 << 8 | Int($1) }
            position += 4
            guard length <= bytes.count - position else { return nil }
            defer { position += length }
            return bytes[position..<position + length]
        }
    }
}

/// A person who may sign changes: a coordinator or a clinician, with one of their keys.
public struct KeyHolder: Sendable {
    public enum Role: String, Sendable {
        case coordinator, clinician
        /// A key of `automation.signingKeys`: the request workflow's, which signs for the
        /// person its commit's `Docket-Requested-By` trailer names.
        case automation
    }

    public var role: Role
    public var id: String
    public var name: String?
    public var email: String?
    public var key: Located<SigningKey>
    /// The commit was signed by the request workflow's key for this person, who asked for it
    /// from an issue (its `Docket-Requested-By` trailer).
    public var requestedThroughWorkflow = false

    /// How findings and reports name them: `Sam Ortiz (coordinator sam)`.
    public var description: String {
        if role == .automation { return "the request workflow (automation.signingKeys)" }
        return "\(name ?? id) (\(role.rawValue) \(id))" + (requestedThroughWorkflow ? ", requested through the request workflow" : "")
    }
}

extension Repository {
    /// Every listed signing key with its holder, coordinators first, in file order.
    public var keyHolders: [KeyHolder] {
        coordinators.flatMap { person in
            person.signingKeys.map { KeyHolder(role: .coordinator, id: person.header.id.value, name: person.name?.value, email: person.email?.value, key: $0) }
        } + clinicians.flatMap { person in
            person.signingKeys.map { KeyHolder(role: .clinician, id: person.header.id.value, name: person.name?.value, email: person.email?.value, key: $0) }
        } + organizations.flatMap { organization in
            organization.automationKeys.map { KeyHolder(role: .automation, id: organization.header.id.value, name: nil, email: nil, key: $0) }
        }
    }
}
