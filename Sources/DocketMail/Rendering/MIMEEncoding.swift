import Foundation

/// The encodings of RFC 2045/2047/2231 that a message needs, with CRLF line ends and no
/// line over 76 octets in bodies.
enum MIMEEncoding {
    /// Removes every control character (CR, LF, NUL, …) so no value can start a header line.
    static func headerSafe(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { scalar in
            scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0x2028 || scalar.value == 0x2029 ? " " : scalar
        }))
    }

    static func isPlainASCII(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
    }

    /// A header value of free text: as it is when ASCII, else RFC 2047 encoded words
    /// (base64, never splitting a character), folded. Each word is at most 75 characters and
    /// each line holding one at most 76 (RFC 2047 section 2), the first counting the header's
    /// name (`Subject: `).
    static func encodedText(_ text: String, headerName: String) -> String {
        let safe = headerSafe(text)
        let longestWord = safe.split(separator: " ").map(\.utf8.count).max() ?? 0
        guard !isPlainASCII(safe) || safe.contains("=?") || longestWord > 70 else { return safe }
        return encodedWords(safe, firstLineUsed: headerName.utf8.count + 2).joined(separator: "\r\n ")
    }

    /// `=?UTF-8?B?…?=` words: the first fits a line of 76 after `firstLineUsed` octets, the
    /// others a line of 76 after the folding space (75 characters each).
    static func encodedWords(_ text: String, firstLineUsed: Int) -> [String] {
        // A word of w characters holds (w - 12) / 4 * 3 bytes ("=?UTF-8?B?" and "?=" are 12).
        func capacity(_ width: Int) -> Int { max(3, (min(75, width) - 12) / 4 * 3) }
        var words: [String] = []
        var chunk: [UInt8] = []
        var limit = capacity(76 - firstLineUsed)
        for character in text {
            let bytes = Array(String(character).utf8)
            if chunk.count + bytes.count > limit, !chunk.isEmpty {
                words.append("=?UTF-8?B?\(Data(chunk).base64EncodedString())?=")
                chunk = []
                limit = capacity(75)
            }
            chunk += bytes
        }
        if !chunk.isEmpty || words.isEmpty { words.append("=?UTF-8?B?\(Data(chunk).base64EncodedString())?=") }
        return words
    }

    /// `Name <address>` with the name quoted or encoded as it needs.
    static func mailbox(name: String?, address: String, headerName: String) -> String {
        let cleanAddress = headerSafe(address).replacingOccurrences(of: " ", with: "")
        guard let name = name.map(headerSafe), !name.isEmpty else { return "<\(cleanAddress)>" }
        if isPlainASCII(name) && !name.contains("=?") {
            let specials = CharacterSet(charactersIn: "()<>[]:;@\\,.\"")
            if name.unicodeScalars.contains(where: specials.contains) {
                let escaped = name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                return "\"\(escaped)\" <\(cleanAddress)>"
            }
            return "\(name) <\(cleanAddress)>"
        }
        return encodedWords(name, firstLineUsed: headerName.utf8.count + 2).joined(separator: "\r\n ") + " <\(cleanAddress)>"
    }

    /// Folds a header line at spaces so that no line exceeds 78 octets where it can be helped
    /// (and never 998), and no line holding an encoded word exceeds 76 (RFC 2047).
    static func header(_ name: String, _ value: String) -> String {
        var lines: [String] = []
        var current = name + ":"
        var currentLength = current.utf8.count
        var currentHasEncodedWord = false
        let pieces = value.utf8.contains(13) ? value.components(separatedBy: "\r\n ") : [value]
        for piece in pieces {
            for word in piece.split(separator: " ", omittingEmptySubsequences: false) {
                let wordLength = word.utf8.count
                let isEncoded = word.utf8.starts(with: "=?".utf8)
                let limit = currentHasEncodedWord || isEncoded ? 76 : 78
                if currentLength + 1 + wordLength > limit, currentLength > name.utf8.count + 1 {
                    lines.append(current)
                    current = ""
                    currentLength = 0
                    currentHasEncodedWord = false
                }
                current += " "
                current += word
                currentLength += 1 + wordLength
                currentHasEncodedWord = currentHasEncodedWord || isEncoded
            }
        }
        lines.append(current)
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// Quoted-printable (RFC 2045) with CRLF line ends and soft breaks at 76 octets. A line
    /// ends at LF or CRLF; a lone CR is encoded. Worked on bytes: every message's text and HTML
    /// pass through here, and String operations per byte were a quarter of `reconcile`.
    static func quotedPrintable(_ text: String) -> String {
        var text = text
        return text.withUTF8 { bytes in
            var output: [UInt8] = []
            output.reserveCapacity(bytes.count + bytes.count / 4)
            let hex = Array("0123456789ABCDEF".utf8)
            var start = 0
            while true {
                var end = start
                while end < bytes.count, bytes[end] != 10 { end += 1 }
                let contentEnd = end < bytes.count && end > start && bytes[end - 1] == 13 ? end - 1 : end
                var lineLength = 0
                for index in start..<contentEnd {
                    let byte = bytes[index]
                    let isLast = index == contentEnd - 1
                    let literal = (byte >= 33 && byte <= 126 && byte != 61) || ((byte == 32 || byte == 9) && !isLast)
                    // A line starting with "." is encoded too, for old transports.
                    let encoded = !literal || (lineLength == 0 && byte == UInt8(ascii: "."))
                    let width = encoded ? 3 : 1
                    if lineLength + width > 75 {
                        output.append(contentsOf: [61, 13, 10])  // "=\r\n"
                        lineLength = 0
                    }
                    if encoded {
                        output.append(contentsOf: [61, hex[Int(byte >> 4)], hex[Int(byte & 15)]])
                    } else {
                        output.append(byte)
                    }
                    lineLength += width
                }
                guard end < bytes.count else { break }
                output.append(contentsOf: [13, 10])
                start = end + 1
            }
            return String(decoding: output, as: UTF8.self)
        }
    }

    /// Base64 in lines of 76 characters with CRLF.
    static func base64(_ data: Data) -> String {
        data.base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
    }

    /// `filename="x.pdf"`, or RFC 2231 `filename*=UTF-8''…` for other names, cut into
    /// numbered continuations (`filename*0*=`, `filename*1*=`, …) where it would not fit a
    /// folded line of 78.
    static func fileNameParameter(_ name: String) -> String {
        let safe = headerSafe(name)
        if isPlainASCII(safe), !safe.contains("\""), !safe.contains("\\"), safe.utf8.count <= 60 { return "filename=\"\(safe)\"" }
        let unreserved = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".utf8)
        let pieces = safe.utf8.map { unreserved.contains($0) ? String(UnicodeScalar($0)) : String(format: "%%%02X", $0) }
        guard pieces.joined().utf8.count > 50 else { return "filename*=UTF-8''\(pieces.joined())" }
        var sections: [String] = []
        var current = ""
        for piece in pieces {
            if current.utf8.count + piece.utf8.count > 50 {
                sections.append(current)
                current = ""
            }
            current += piece
        }
        sections.append(current)
        return sections.enumerated().map { "filename*\($0.offset)*=\($0.offset == 0 ? "UTF-8''" : "")\($0.element)" }.joined(separator: "; ")
    }

    static func contentType(forFile path: String) -> String {
        switch (path as NSString).pathExtension.lowercased() {
        case "pdf": "application/pdf"
        case "txt", "md": "text/plain; charset=UTF-8"
        case "html", "htm": "text/html; charset=UTF-8"
        case "png": "image/png"
        case "jpg", "jpeg": "image/jpeg"
        case "gif": "image/gif"
        case "doc": "application/msword"
        case "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        case "ics": "text/calendar; charset=UTF-8"
        default: "application/octet-stream"
        }
    }
}
