import Crypto
import DocketModel

/// The joining links of video appointments that give none of their own: `video.linkTemplate`
/// with `{{room}}` replaced by a room name nobody can guess.
///
/// The room is HMAC-SHA256 of the appointment's id under a key that is never in the
/// repository, its first 130 bits in base32: stable for the appointment's life (a reschedule
/// keeps the link), different for every appointment and every key, and not to be derived
/// from anything a repository reader sees.
public struct VideoRooms: Sendable {
    public let template: String
    let key: SymmetricKey

    /// Keys shorter than this are refused: the room is only as unguessable as the key.
    public static let minimumKeyBytes = 16

    public init?(template: String, key: [UInt8]) {
        guard key.count >= Self.minimumKeyBytes else { return nil }
        self.template = template
        self.key = SymmetricKey(data: key)
    }

    /// The room name of appointment `id`: 26 base32 characters (130 bits).
    public func room(for id: String) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: Array(id.utf8), using: key)
        return String(Self.base32(Array(code)).prefix(26))
    }

    public func link(for id: String) -> String {
        template.replacingOccurrences(of: "{{room}}", with: room(for: id))
    }

    /// RFC 4648 base32 in lower case, without padding.
    static func base32(_ bytes: [UInt8]) -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz234567")
        var output: [Character] = []
        var buffer = 0
        var bits = 0
        for byte in bytes {
            buffer = (buffer << 8) | Int(byte)
            bits += 8
            while bits >= 5 {
                output.append(alphabet[(buffer >> (bits - 5)) & 31])
                bits -= 5
            }
            buffer &= (1 << bits) - 1
        }
        if bits > 0 { output.append(alphabet[(buffer << (5 - bits)) & 31]) }
        return String(output)
    }
}
