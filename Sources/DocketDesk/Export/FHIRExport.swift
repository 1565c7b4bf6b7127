import Crypto
import DocketModel
import DocketSupport

/// `docket export --format fhir-r4`: the appointments (filtered like `docket list`) as one
/// FHIR R4 `Bundle` of type `collection`, with the `Practitioner`s and `Patient`s they name.
///
/// What an EHR needs and nothing more: never `notes`, never a joining link (a video room is
/// the appointment's recipients' alone), and only the clinicians and clients that the
/// exported appointments involve. Resource ids are UUIDs derived from the docket ids, so the
/// same appointment has the same id in every export (FHIR ids cannot hold docket's `_`);
/// each resource also carries its docket id as an `identifier`.
public enum FHIRExport {
    public static let identifierSystem = "urn:docket:id"

    public static func bundle(_ index: RepositoryIndex, rows: [AppointmentList.Row], now: Instant) -> String {
        var entries: [[String: JSON]] = []
        var practitioners: [String] = []
        var patients: [String] = []
        for row in rows {
            if !practitioners.contains(row.clinician) { practitioners.append(row.clinician) }
            if !patients.contains(row.client) { patients.append(row.client) }
        }
        for id in practitioners {
            let clinician = index.clinicians[id]
            var resource: [String: JSON] = [
                "resourceType": "Practitioner", "id": .string(uuid("Practitioner", id)),
                "identifier": [["system": .string(identifierSystem), "value": .string(id)]],
                "active": .bool(clinician?.isActive ?? true),
                "name": [["text": .string(clinician?.name?.value ?? id)]],
            ]
            if let email = clinician?.email?.value { resource["telecom"] = [["system": "email", "value": .string(email)]] }
            entries.append(entry("Practitioner", id, resource))
        }
        for id in patients {
            let client = index.clients[id]
            var resource: [String: JSON] = [
                "resourceType": "Patient", "id": .string(uuid("Patient", id)),
                "identifier": [["system": .string(identifierSystem), "value": .string(id)]],
                "name": [["text": .string(client?.name?.value ?? id)]],
            ]
            if let email = client?.email?.value { resource["telecom"] = [["system": "email", "value": .string(email)]] }
            entries.append(entry("Patient", id, resource))
        }
        let appointments = Dictionary(index.repository.appointments.map { ($0.id, $0) }) { first, _ in first }
        for row in rows {
            var participants: [JSON] = [
                ["actor": ["reference": .string(reference("Practitioner", row.clinician)),
                           "display": .string(index.clinicians[row.clinician]?.name?.value ?? row.clinician)],
                 "required": "required", "status": "accepted"],
                ["actor": ["reference": .string(reference("Patient", row.client)), "display": .string(row.clientName)],
                 "required": "required", "status": "accepted"],
            ]
            for participant in appointments[row.appointmentID]?.participants ?? [] {
                guard let name = participant.name?.value else { continue }
                participants.append([
                    "type": [["text": .string(participant.role?.value ?? "participant")]],
                    "actor": ["display": .string(name)], "required": "optional", "status": "accepted",
                ])
            }
            var resource: [String: JSON] = [
                "resourceType": "Appointment", "id": .string(uuid("Appointment", row.id)),
                "identifier": [["system": .string(identifierSystem), "value": .string(row.id)]],
                "status": .string(row.status.rawValue),
                "appointmentType": appointmentType(row.type),
                "start": .string(row.interval.start.description), "end": .string(row.interval.end.description),
                "minutesDuration": .int(row.interval.minutes),
                "participant": .array(participants),
            ]
            if let title = row.title { resource["description"] = .string(title) }
            if row.status == .cancelled, let reason = appointments[row.appointmentID]?.cancellationReason?.value {
                resource["cancelationReason"] = ["text": .string(reason)]
            }
            entries.append(entry("Appointment", row.id, resource))
        }
        let bundle: [String: JSON] = [
            "resourceType": "Bundle", "id": .string(uuid("Bundle", rows.map(\.id).joined(separator: ","))),
            "type": "collection", "timestamp": .string(now.description), "entry": .array(entries.map { .object($0) }),
        ]
        return encodeJSON(JSON.object(bundle), sortedKeys: true)
    }

    /// Video, phone or in person, as HL7's participation modes (v3-ParticipationMode).
    static func appointmentType(_ type: AppointmentType) -> JSON {
        let (code, display): (String, String) = switch type {
        case .video: ("VIDEOCONF", "videoconferencing")
        case .phone: ("PHONE", "telephone")
        case .inPerson: ("FACE", "face-to-face")
        }
        return ["coding": [["system": "http://terminology.hl7.org/CodeSystem/v3-ParticipationMode", "code": .string(code),
                            "display": .string(display)]], "text": .string(type.rawValue)]
    }

    static func entry(_ kind: String, _ id: String, _ resource: [String: JSON]) -> [String: JSON] {
        ["fullUrl": .string(reference(kind, id)), "resource": .object(resource)]
    }

    static func reference(_ kind: String, _ id: String) -> String { "urn:uuid:" + uuid(kind, id) }

    /// A name-based UUID (the form of version 5, from SHA-256): the same kind and id, the same UUID.
    static func uuid(_ kind: String, _ id: String) -> String {
        var bytes = Array(SHA256.hash(data: Array("docket:\(kind)/\(id)".utf8)).prefix(16))
        bytes[6] = (bytes[6] & 0x0f) | 0x50
        bytes[8] = (bytes[8] & 0x3f) | 0x80
        let hex = hexDigits(bytes)
        let parts = [hex.prefix(8), hex.dropFirst(8).prefix(4), hex.dropFirst(12).prefix(4), hex.dropFirst(16).prefix(4), hex.dropFirst(20)]
        return parts.joined(separator: "-")
    }
}

/// A JSON value, for documents whose shape is data (a FHIR resource) rather than a type.
public indirect enum JSON: ExpressibleByStringLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, Encodable, Sendable {
    case string(String)
    case int(Int)
    case bool(Bool)
    case array([JSON])
    case object([String: JSON])

    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: JSON...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSON)...) { self = .object(Dictionary(elements) { _, last in last }) }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .bool(let value): try container.encode(value)
        case .array(let values): try container.encode(values)
        case .object(let fields): try container.encode(fields)
        }
    }
}
