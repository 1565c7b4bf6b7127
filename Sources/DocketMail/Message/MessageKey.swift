import Crypto
import DocketSupport

/// Stable, file-name-safe keys for outbox messages.
///
/// A key is the message's identity: two messages with one key are one file, and the second
/// is never written. Ids are written by whoever edits the repository, so a key must not be
/// something they can make collide: it is SHA-256 over the parts (each ended by a NUL, so
/// ("ab","c") ≠ ("a","bc")), its first 128 bits as 32 hex digits.
public enum MessageKey {
    public static func make(_ parts: [String]) -> String {
        var hash = SHA256()
        for part in parts {
            hash.update(data: Array(part.utf8) + [0])
        }
        return hexDigits(hash.finalize().prefix(16))
    }

    /// The key docket gave the same message before keys were SHA-256: two 64-bit FNV-1a
    /// hashes. Only looked for, never written: a run of the earlier docket that was killed
    /// after writing its messages but before its state left them under these names, and the
    /// rerun must find them there rather than write them a second time.
    public static func legacy(_ parts: [String]) -> String {
        var first: UInt64 = 0xcbf2_9ce4_8422_2325
        var second: UInt64 = 0x6c62_272e_07bb_0142
        for part in parts {
            for byte in part.utf8 + [0] {
                first = (first ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
                second = (second ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
            }
        }
        return hex64(first) + hex64(second)
    }

    private static func hex64(_ value: UInt64) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: 16 - text.count) + text
    }
}
