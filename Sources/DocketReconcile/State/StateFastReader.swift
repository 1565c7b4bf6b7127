import DocketMail
import DocketModel
import DocketSupport

/// Reads a state file in the form docket writes it, straight into a `RecordedState`.
///
/// Every reconcile reads the whole state: for a clinic's history that is a hundred megabytes,
/// which Foundation's `JSONDecoder` takes seconds over (about 2.3 s for 100,000 appointments
/// here). This reader takes the common form only (valid UTF-8 JSON, the fields docket
/// writes, each once, integers without fraction or exponent) and gives up on anything else
/// (`nil`), so that `JSONDecoder` decides: reads it, or says why it is corrupt. It never
/// accepts what `JSONDecoder` would refuse, and never reads a value differently
/// (StateReaderAgreementTests).
struct StateFastReader {
    /// Anything the fast path does not take.
    struct Unusual: Error {}

    private let bytes: UnsafeBufferPointer<UInt8>
    private var position = 0

    private init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    static func read(_ data: [UInt8]) -> RecordedState? {
        data.withUnsafeBufferPointer { buffer in
            guard firstInvalidUTF8Offset(buffer) == nil else { return nil }
            var reader = StateFastReader(bytes: buffer)
            return try? reader.state()
        }
    }

    // MARK: The state's shape

    private mutating func state() throws(Unusual) -> RecordedState {
        var state = RecordedState()
        var seen = FieldsSeen()
        try begin(UInt8(ascii: "{"))
        var first = true
        while let key = try nextMember(&first) {
            switch key {
            case "version":
                try seen.mark(0)
                state.version = try integer()
            case "appointments":
                try seen.mark(1)
                try begin(UInt8(ascii: "{"))
                var firstAppointment = true
                while let id = try nextMember(&firstAppointment) {
                    guard state.appointments[id] == nil else { throw Unusual() }
                    state.appointments[id] = try appointment()
                }
            default:
                throw Unusual()
            }
        }
        skipWhitespace()
        guard position == bytes.count, seen.count == 2 else { throw Unusual() }
        return state
    }

    private mutating func appointment() throws(Unusual) -> RecordedAppointment {
        var file: String?, status: RecordedAppointment.Status?, start: Instant?, end: Instant?, sequence: Int?
        var title: String?, type: AppointmentType?, videoLink: String?, attachments: [String]?
        var cancellationReason: String?, recipients: [Recipient]?, reminders: [String: ReminderOutcome]?
        var confirmedAt: Instant?
        var dates: [String]?, rule: String?
        var seen = FieldsSeen()
        try begin(UInt8(ascii: "{"))
        var first = true
        while let key = try nextMember(&first) {
            switch key {
            case "file": try seen.mark(0); file = try string()
            case "status": try seen.mark(1); status = try choice(RecordedAppointment.Status.self)
            case "start": try seen.mark(2); start = try instant()
            case "end": try seen.mark(3); end = try instant()
            case "sequence": try seen.mark(4); sequence = try integer()
            case "title": try seen.mark(5); title = try optionalString()
            case "type": try seen.mark(6); type = try choice(AppointmentType.self)
            case "videoLink": try seen.mark(7); videoLink = try optionalString()
            case "attachments": try seen.mark(8); attachments = try strings()
            case "cancellationReason": try seen.mark(9); cancellationReason = try optionalString()
            case "recipients": try seen.mark(10); recipients = try recipientList()
            case "reminders": try seen.mark(11); reminders = try reminderOutcomes()
            case "confirmedAt": try seen.mark(12); confirmedAt = try instant()
            case "dates": try seen.mark(13); dates = try strings()
            case "rule": try seen.mark(14); rule = try optionalString()
            default: throw Unusual()
            }
        }
        guard let file, let status, let start, let end, let sequence, let type, let attachments, let recipients,
              let reminders, let confirmedAt else { throw Unusual() }
        return RecordedAppointment(
            file: file, status: status, start: start, end: end, sequence: sequence, title: title, type: type,
            videoLink: videoLink, attachments: attachments, cancellationReason: cancellationReason,
            recipients: recipients, reminders: reminders, confirmedAt: confirmedAt, dates: dates, rule: rule)
    }

    private mutating func recipientList() throws(Unusual) -> [Recipient] {
        var recipients: [Recipient] = []
        try begin(UInt8(ascii: "["))
        var first = true
        while try nextElement(&first) {
            var email: String?, name: String?, role: RecipientRole?, timezone: String?
            var seen = FieldsSeen()
            try begin(UInt8(ascii: "{"))
            var firstField = true
            while let key = try nextMember(&firstField) {
                switch key {
                case "email": try seen.mark(0); email = try string()
                case "name": try seen.mark(1); name = try string()
                case "role": try seen.mark(2); role = try choice(RecipientRole.self)
                case "timezone": try seen.mark(3); timezone = try string()
                default: throw Unusual()
                }
            }
            guard let email, let name, let role, let timezone else { throw Unusual() }
            recipients.append(Recipient(email: email, name: name, role: role, timezone: timezone))
        }
        return recipients
    }

    private mutating func reminderOutcomes() throws(Unusual) -> [String: ReminderOutcome] {
        var outcomes: [String: ReminderOutcome] = [:]
        try begin(UInt8(ascii: "{"))
        var first = true
        while let offset = try nextMember(&first) {
            guard outcomes[offset] == nil else { throw Unusual() }
            outcomes[offset] = try choice(ReminderOutcome.self)
        }
        return outcomes
    }

    private mutating func strings() throws(Unusual) -> [String] {
        var values: [String] = []
        try begin(UInt8(ascii: "["))
        var first = true
        while try nextElement(&first) { values.append(try string()) }
        return values
    }

    private mutating func instant() throws(Unusual) -> Instant {
        guard let instant = Instant.parseRFC3339(try string()) else { throw Unusual() }
        return instant
    }

    private mutating func choice<Choice: RawRepresentable>(_ type: Choice.Type) throws(Unusual) -> Choice where Choice.RawValue == String {
        guard let value = Choice(rawValue: try string()) else { throw Unusual() }
        return value
    }

    /// A string, or `null`.
    private mutating func optionalString() throws(Unusual) -> String? {
        skipWhitespace()
        if position + 4 <= bytes.count, bytes[position] == UInt8(ascii: "n"), bytes[position + 1] == UInt8(ascii: "u"),
           bytes[position + 2] == UInt8(ascii: "l"), bytes[position + 3] == UInt8(ascii: "l") {
            position += 4
            return nil
        }
        return try string()
    }

    /// Which fields of an object were read: a field twice is left to `JSONDecoder`.
    private struct FieldsSeen {
        private var bits: UInt16 = 0

        mutating func mark(_ field: Int) throws(Unusual) {
            let bit: UInt16 = 1 << field
            guard bits & bit == 0 else { throw Unusual() }
            bits |= bit
        }

        var count: Int { bits.nonzeroBitCount }
    }

    // MARK: JSON

    private mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x0A, 0x0D, 0x09: position += 1
            default: return
            }
        }
    }

    private mutating func begin(_ opening: UInt8) throws(Unusual) {
        skipWhitespace()
        guard position < bytes.count, bytes[position] == opening else { throw Unusual() }
        position += 1
    }

    /// The next member's key of an object (with its colon read), or nil at its end.
    private mutating func nextMember(_ first: inout Bool) throws(Unusual) -> String? {
        guard try hasNext(closing: UInt8(ascii: "}"), &first) else { return nil }
        let key = try string()
        skipWhitespace()
        guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { throw Unusual() }
        position += 1
        return key
    }

    /// Whether an array has another element (its comma read), false at its end.
    private mutating func nextElement(_ first: inout Bool) throws(Unusual) -> Bool {
        try hasNext(closing: UInt8(ascii: "]"), &first)
    }

    /// Whether an object or array goes on: its `closing` bracket read (false), or the comma
    /// before any entry but the first (true).
    private mutating func hasNext(closing: UInt8, _ first: inout Bool) throws(Unusual) -> Bool {
        skipWhitespace()
        guard position < bytes.count else { throw Unusual() }
        if bytes[position] == closing {
            position += 1
            return false
        }
        if !first {
            guard bytes[position] == UInt8(ascii: ",") else { throw Unusual() }
            position += 1
        }
        first = false
        return true
    }

    /// A string, escapes and all (a `\u` escape of half a surrogate pair, alone, is left to
    /// `JSONDecoder`).
    private mutating func string() throws(Unusual) -> String {
        skipWhitespace()
        guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { throw Unusual() }
        position += 1
        let start = position
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
                position += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { return try escapedString(from: start) }
            guard byte >= 0x20 else { throw Unusual() }
            position += 1
        }
        throw Unusual()
    }

    private mutating func escapedString(from start: Int) throws(Unusual) -> String {
        var text = Array(bytes[start..<position])
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            switch byte {
            case UInt8(ascii: "\""):
                return String(decoding: text, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard position < bytes.count else { throw Unusual() }
                let escaped = bytes[position]
                position += 1
                switch escaped {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): text.append(escaped)
                case UInt8(ascii: "n"): text.append(0x0A)
                case UInt8(ascii: "t"): text.append(0x09)
                case UInt8(ascii: "r"): text.append(0x0D)
                case UInt8(ascii: "b"): text.append(0x08)
                case UInt8(ascii: "f"): text.append(0x0C)
                case UInt8(ascii: "u"):
                    var code = try hexQuad()
                    if (0xD800..<0xDC00).contains(code) {
                        // A high surrogate: the low one must follow as its own escape.
                        guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"),
                              bytes[position + 1] == UInt8(ascii: "u") else { throw Unusual() }
                        position += 2
                        let low = try hexQuad()
                        guard (0xDC00..<0xE000).contains(low) else { throw Unusual() }
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let scalar = Unicode.Scalar(code) else { throw Unusual() }
                    text.append(contentsOf: UTF8.encode(scalar)!)
                default: throw Unusual()
                }
            default:
                guard byte >= 0x20 else { throw Unusual() }
                text.append(byte)
            }
        }
        throw Unusual()
    }

    /// Four hexadecimal digits of a `\u` escape.
    private mutating func hexQuad() throws(Unusual) -> UInt32 {
        guard position + 4 <= bytes.count else { throw Unusual() }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            let digit: UInt32
            switch byte {
            case 48...57: digit = UInt32(byte - 48)
            case 65...70: digit = UInt32(byte - 55)
            case 97...102: digit = UInt32(byte - 87)
            default: throw Unusual()
            }
            value = value << 4 | digit
            position += 1
        }
        return value
    }

    /// A whole number as docket writes one: digits, perhaps a minus, no leading zero.
    private mutating func integer() throws(Unusual) -> Int {
        skipWhitespace()
        var negative = false
        if position < bytes.count, bytes[position] == UInt8(ascii: "-") {
            negative = true
            position += 1
        }
        let start = position
        var value = 0
        while position < bytes.count, bytes[position] >= 48, bytes[position] <= 57 {
            let (shifted, overflow) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflowAgain) = shifted.addingReportingOverflow(Int(bytes[position] - 48))
            guard !overflow, !overflowAgain else { throw Unusual() }
            value = sum
            position += 1
        }
        let digits = position - start
        guard digits > 0, digits == 1 || bytes[start] != 48 else { throw Unusual() }
        if position < bytes.count, [UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E")].contains(bytes[position]) {
            throw Unusual()
        }
        return negative ? -value : value
    }
}
