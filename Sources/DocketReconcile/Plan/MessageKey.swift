/// Stable, file-name-safe keys for outbox messages.
///
/// Not a security boundary, only an identity: two 64-bit FNV-1a hashes with different
/// offsets over the parts (each ended by a NUL, so ("ab","c") ≠ ("a","bc")), 32 hex digits.
public enum MessageKey {
    public static func make(_ parts: [String]) -> String {
        var first: UInt64 = 0xcbf2_9ce4_8422_2325
        var second: UInt64 = 0x6c62_272e_07bb_0142
        for part in parts {
            for byte in part.utf8 + [0] {
                first = (first ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
                second = (second ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
            }
        }
        return hex(first) + hex(second)
    }

    private static func hex(_ value: UInt64) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: 16 - text.count) + text
    }
}
