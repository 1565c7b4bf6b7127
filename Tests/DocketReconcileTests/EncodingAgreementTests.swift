@testable import DocketMail
import Foundation
import Testing

/// The byte-level quoted-printable and iCalendar folding (rewritten for speed) against the
/// plain String versions they replaced, on random text with every awkward case: CR, LF, CRLF,
/// lone CR, trailing spaces and tabs, "=" and ".", long lines, accents, CJK and emoji.
@Suite struct EncodingAgreementTests {
    /// The String version, except that lines are split by scalars: the old
    /// `replacingOccurrences(of: "\r\n", with: "\n")` turned "\r\r\n" into one CRLF grapheme
    /// that no longer split, and encoded it as `=0D=0A`; a line ends at every LF now.
    static func referenceQuotedPrintable(_ text: String) -> String {
        var output = ""
        var lines: [String] = [""]
        for scalar in text.unicodeScalars {
            if scalar == "\n" {
                if lines[lines.count - 1].unicodeScalars.last == "\r" { lines[lines.count - 1].unicodeScalars.removeLast() }
                lines.append("")
            } else {
                lines[lines.count - 1].unicodeScalars.append(scalar)
            }
        }
        for (number, line) in lines.enumerated() {
            var encodedLine = ""
            var lineLength = 0
            let bytes = Array(line.utf8)
            for (index, byte) in bytes.enumerated() {
                let isLast = index == bytes.count - 1
                var piece: String
                if (byte >= 33 && byte <= 126 && byte != 61) || (byte == 32 && !isLast) || (byte == 9 && !isLast) {
                    piece = String(UnicodeScalar(byte))
                } else {
                    piece = "=" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
                }
                if lineLength == 0, byte == UInt8(ascii: ".") { piece = "=2E" }
                if lineLength + piece.count > 75 {
                    encodedLine += "=\r\n"
                    lineLength = 0
                }
                encodedLine += piece
                lineLength += piece.count
            }
            output += encodedLine
            if number < lines.count - 1 { output += "\r\n" }
        }
        return output
    }

    static func referenceFold(_ line: String) -> String {
        var output = ""
        var count = 0
        var limit = 75
        for character in line {
            let size = String(character).utf8.count
            if count + size > limit {
                output += "\r\n "
                count = 0
                limit = 74
            }
            output.append(character)
            count += size
        }
        return output
    }

    static let pieces = ["a", "Z", " ", "\t", "=", ".", "\r", "\n", "\r\n", "é", "李", "😀", "e\u{301}", "From ", "x".padding(toLength: 80, withPad: "y", startingAt: 0), "~", "\u{7F}", "\0"]

    @Test(arguments: 0..<8)
    func theFastEncodersAgreeWithTheReference(seed: Int) {
        var generator = SeededGenerator(state: UInt64(seed + 1))
        for _ in 0..<400 {
            let count = Int(generator.next() % 60)
            let text = (0..<count).map { _ in Self.pieces[Int(generator.next() % UInt64(Self.pieces.count))] }.joined()
            #expect(MIMEEncoding.quotedPrintable(text) == Self.referenceQuotedPrintable(text), "\(text.debugDescription)")
            let line = text.filter { $0 != "\r" && $0 != "\n" && $0 != "\r\n" }
            #expect(ICalendarEvent.fold(line) == Self.referenceFold(line), "\(line.debugDescription)")
        }
    }

    struct SeededGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 11
        }
    }
}
