/// The forms of e-mail address docket accepts: plain ASCII `local@domain.tld`, which any
/// mail server takes without SMTPUTF8, and nothing that could smuggle a header.
public enum EmailAddress {
    /// Whether two addresses name one mailbox as docket compares them: ignoring case. Equal
    /// text (the common case) is settled without making lower-cased copies.
    public static func isSame(_ one: String, _ other: String) -> Bool {
        one == other || one.lowercased() == other.lowercased()
    }

    /// Why `address` is not acceptable, or nil when it is.
    public static func problem(_ address: String) -> String? {
        var address = address
        if address.withUTF8(isAcceptable) { return nil }
        return explain(address)
    }

    /// The acceptable form, checked in one pass without allocating; `explain` says what is
    /// wrong with anything else (and agrees with this on what is right).
    static func isAcceptable(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bytes.count <= 254, let at = bytes.firstIndex(of: UInt8(ascii: "@")) else { return false }
        guard at >= 1, at <= 64 else { return false }
        var previous: UInt8 = 0
        for position in 0..<at {
            let byte = bytes[position]
            guard isLocalByte(byte) else { return false }
            if byte == UInt8(ascii: "."), position == 0 || previous == UInt8(ascii: ".") || position == at - 1 { return false }
            previous = byte
        }
        var labels = 0
        var labelStart = at + 1
        var position = at + 1
        while position <= bytes.count {
            if position == bytes.count || bytes[position] == UInt8(ascii: ".") {
                let length = position - labelStart
                guard length >= 1, length <= 63, bytes[labelStart] != UInt8(ascii: "-"),
                      bytes[position - 1] != UInt8(ascii: "-") else { return false }
                labels += 1
                labelStart = position + 1
            } else {
                let byte = bytes[position]
                let isLabelByte = (byte >= 97 && byte <= 122) || (byte >= 65 && byte <= 90) || (byte >= 48 && byte <= 57) || byte == 45
                guard isLabelByte else { return false }
            }
            position += 1
        }
        return labels >= 2
    }

    private static func isLocalByte(_ byte: UInt8) -> Bool {
        if (byte >= 97 && byte <= 122) || (byte >= 65 && byte <= 90) || (byte >= 48 && byte <= 57) { return true }
        switch byte {
        case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"),
             UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "/"),
             UInt8(ascii: "="), UInt8(ascii: "?"), UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"),
             UInt8(ascii: "{"), UInt8(ascii: "|"), UInt8(ascii: "}"), UInt8(ascii: "~"), UInt8(ascii: "."):
            return true
        default:
            return false
        }
    }

    /// What is wrong with an address `isAcceptable` refused.
    static func explain(_ address: String) -> String? {
        let bytes = Array(address.utf8)
        guard !bytes.isEmpty else { return "it is empty" }
        guard bytes.count <= 254 else { return "it is longer than 254 characters" }
        if bytes.contains(where: { $0 == 32 || $0 == 9 }) { return "it contains a space" }
        if bytes.contains(where: { $0 > 126 }) { return "it contains a character outside ASCII; write the domain in its xn-- form" }
        if bytes.contains(where: { $0 < 32 || $0 == 127 }) { return "it contains a control character" }
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return parts.count < 2 ? "it has no '@'" : "it has more than one '@'" }
        let local = parts[0]
        let domain = parts[1]
        guard !local.isEmpty, local.utf8.count <= 64 else { return "the part before '@' must be 1 to 64 characters" }
        let localAllowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~.".utf8)
        guard local.utf8.allSatisfy(localAllowed.contains), !local.hasPrefix("."), !local.hasSuffix("."),
              !local.contains("..") else { return "the part before '@' has a character or dot an address cannot have" }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2 else { return "the domain after '@' needs a dot, as in example.com" }
        let labelAllowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-".utf8)
        for label in labels {
            guard (1...63).contains(label.utf8.count), label.utf8.allSatisfy(labelAllowed.contains),
                  !label.hasPrefix("-"), !label.hasSuffix("-") else {
                return "the domain '\(domain)' is not a valid host name"
            }
        }
        return nil
    }

    public struct MailboxProblem: Error {
        public var reason: String
    }

    /// Reads `Name <address>`, `"Name, Inc." <address>` or a bare address.
    public static func mailbox(_ text: String) -> Result<Mailbox, MailboxProblem> {
        let trimmed = text.trimmingWhitespace
        guard trimmed.hasSuffix(">"), let open = trimmed.lastIndex(of: "<") else {
            if let problem = problem(trimmed) { return .failure(MailboxProblem(reason: problem)) }
            return .success(Mailbox(name: nil, address: trimmed))
        }
        let address = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
        if let problem = problem(address) { return .failure(MailboxProblem(reason: problem)) }
        var name = String(trimmed[..<open]).trimmingWhitespace
        if name.count >= 2, name.hasPrefix("\""), name.hasSuffix("\"") {
            name = String(name.dropFirst().dropLast())
        }
        if name.contains("<") || name.contains(">") || name.contains("\"") {
            return .failure(MailboxProblem(reason: "the name holds '<', '>' or '\"'"))
        }
        return .success(Mailbox(name: name.isEmpty ? nil : name, address: address))
    }
}

extension String {
    var trimmingWhitespace: String {
        var scalars = Substring(self)
        while let first = scalars.first, first == " " || first == "\t" { scalars = scalars.dropFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars = scalars.dropLast() }
        return String(scalars)
    }
}
