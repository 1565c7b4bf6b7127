import Crypto
import DocketSupport

/// What `--redact` shows of a client on pages and feeds served without access control.
public enum Redaction {
    /// `Jane Doe` → `J. D.`: the first letter of each word, nothing else.
    public static func initials(_ name: String) -> String {
        let words = name.split(whereSeparator: { $0.isWhitespace || $0 == "-" })
        let letters = words.compactMap { word in word.first(where: \.isLetter).map { "\(String($0).uppercased())." } }
        return letters.isEmpty ? "?" : letters.joined(separator: " ")
    }

    /// A stable stand-in for an appointment id, which often holds the client's name
    /// (`a-2026-12-03-jane`): the first 64 bits of its SHA-256, as `r-<hex>`.
    public static func opaqueID(_ id: String) -> String {
        "r-" + hexDigits(SHA256.hash(data: Array(id.utf8)).prefix(8))
    }
}
