/// Reads lengths of time written `50m`, `1h`, `1h30m`, `72h`.
public enum DurationText {
    public enum Problem: Error, Sendable, Equatable {
        /// Not of the form `1h30m`.
        case format
        /// `-5m`: reads as a length but is negative.
        case negative
    }

    /// The length in minutes; zero is returned as zero (the caller decides if it is allowed).
    public static func minutes(_ text: String) -> Result<Int, Problem> {
        var bytes = Substring(text).utf8[...]
        var negative = false
        if bytes.first == UInt8(ascii: "-") {
            negative = true
            bytes = bytes.dropFirst()
        }
        var total = 0
        var sawUnit = false
        var lastUnit: UInt8 = 0
        while !bytes.isEmpty {
            var value = 0
            var digits = 0
            while let byte = bytes.first, byte >= 48, byte <= 57 {
                value = value * 10 + Int(byte - 48)
                digits += 1
                bytes = bytes.dropFirst()
                guard digits <= 6 else { return .failure(.format) }
            }
            guard digits > 0, let unit = bytes.first else { return .failure(.format) }
            bytes = bytes.dropFirst()
            switch unit {
            case UInt8(ascii: "h") where lastUnit == 0:
                total += value * 60
            case UInt8(ascii: "m") where lastUnit != UInt8(ascii: "m"):
                total += value
            default:
                return .failure(.format)
            }
            lastUnit = unit
            sawUnit = true
        }
        guard sawUnit else { return .failure(.format) }
        return negative ? .failure(.negative) : .success(total)
    }

    /// `1h30m`, `50m`, `2h`: the shortest way to write a length in minutes.
    public static func text(minutes: Int) -> String {
        let hours = minutes / 60
        let rest = minutes % 60
        switch (hours, rest) {
        case (0, _): return "\(rest)m"
        case (_, 0): return "\(hours)h"
        default: return "\(hours)h\(rest)m"
        }
    }
}
