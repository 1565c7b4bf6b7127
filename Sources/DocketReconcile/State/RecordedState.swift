import DocketMail
import DocketModel
import DocketSupport
import Foundation

/// What docket last told people, per appointment: the memory that turns the repository's
/// current content into only the e-mails that are new. Stored as JSON (`--state`), versioned.
public struct RecordedState: Codable, Sendable, Equatable {
    public static let currentVersion = 1

    public var version = RecordedState.currentVersion
    /// By appointment id.
    public var appointments: [String: RecordedAppointment] = [:]

    public init() {}

    public enum LoadError: Error, CustomStringConvertible {
        case unreadable(String, String)
        case corrupt(String, String)
        case newerVersion(String, Int)

        public var description: String {
            switch self {
            case .unreadable(let path, let reason): "cannot read the state \(path): \(reason)"
            case .corrupt(let path, let reason):
                "the state \(path) is not a docket state (\(reason)); it was left as it is: restore it from a backup, or move it away to start afresh (every future appointment is then confirmed again)"
            case .newerVersion(let path, let version):
                "the state \(path) has version \(version), newer than this docket knows (\(RecordedState.currentVersion)); use a newer docket"
            }
        }
    }

    /// The state at `path`; a missing file is an empty state (the first run), anything else
    /// that does not read is an error, never silently reset.
    /// A state past this size is not one docket wrote (a million appointments take about 400 MB).
    public static let maxSize = 2 << 30

    public static func load(path: String) throws(LoadError) -> RecordedState {
        // Read as repository content: the state sits in the repository (committed by CI), so
        // a link from it out of its folder, or a FIFO, is refused rather than followed.
        let folder = (path as NSString).deletingLastPathComponent
        let data: Data
        switch RepositoryFiles(root: folder.isEmpty ? "." : folder).read((path as NSString).lastPathComponent, limit: maxSize) {
        case .success(let bytes):
            // The form docket writes, read directly; anything else is JSONDecoder's to judge.
            if let state = StateFastReader.read(bytes) {
                guard state.version <= currentVersion else { throw .newerVersion(path, state.version) }
                return state
            }
            data = Data(bytes)
        case .failure(.missing): return RecordedState()
        case .failure(let refusal): throw .unreadable(path, refusal.description)
        }
        struct Versioned: Decodable { var version: Int }
        guard let versioned = try? JSONDecoder().decode(Versioned.self, from: data) else {
            throw .corrupt(path, data.isEmpty ? "it is empty" : "it is not JSON with a version")
        }
        guard versioned.version <= currentVersion else { throw .newerVersion(path, versioned.version) }
        do {
            return try JSONDecoder().decode(RecordedState.self, from: data)
        } catch {
            throw .corrupt(path, "\(error)")
        }
    }

    public func encoded() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)) ?? Data()
    }
}

/// One appointment as last notified.
public struct RecordedAppointment: Codable, Sendable, Equatable {
    public enum Status: String, Codable, Sendable {
        /// Confirmed and current.
        case booked
        /// People were told it is cancelled (or it was cancelled before anyone was told).
        case cancelled
        /// Already over when docket first saw it: recorded without e-mail, never notified.
        case history
    }

    public var file: String
    public var status: Status
    public var start: Instant
    public var end: Instant
    /// The iCalendar SEQUENCE of the last invitation or cancellation sent.
    public var sequence: Int
    public var title: String?
    public var type: AppointmentType
    public var videoLink: String?
    /// Attachment paths, in file order.
    public var attachments: [String]
    public var cancellationReason: String?
    /// Everyone who holds the invitation now.
    public var recipients: [Recipient]
    /// Reminder offsets in minutes → sent or skipped, since the last confirmation or reschedule.
    public var reminders: [String: ReminderOutcome]
    /// When the current time was confirmed (confirmation or reschedule).
    public var confirmedAt: Instant
    /// A series: its original dates (`2027-01-18`) as last notified. Each occurrence has an
    /// entry of its own, keyed `<id>@<date>`, holding its time, status and reminders.
    public var dates: [String]? = nil
    /// A series: its rule, time and zone as last notified (a change is an update of the series).
    public var rule: String? = nil
}

public enum ReminderOutcome: String, Codable, Sendable {
    case sent, skipped
}

extension AppointmentDetails {
    /// From the recorded state, when the file is gone.
    init(id: String, recorded: RecordedAppointment) {
        self.init(
            id: id, file: recorded.file, title: recorded.title, type: recorded.type,
            interval: Interval(start: recorded.start, end: recorded.end), videoLink: recorded.videoLink,
            cancellationReason: nil, attachments: [],
            clinicianName: recorded.recipients.first { $0.role == .clinician }?.name ?? "",
            clientName: recorded.recipients.first { $0.role == .client }?.name ?? "",
            participants: recorded.recipients.filter { $0.role == .participant }.map { ($0.name, nil) },
            attendees: recorded.recipients)
    }
}
