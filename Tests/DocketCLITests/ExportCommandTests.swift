import DocketModel
import DocketTestSupport
import Foundation
import Testing

/// `docket export --format fhir-r4`, read back by an independent FHIR library (Python's
/// fhir.resources, its R4B models: Tests/FHIRCheck/check_bundle.py) and compared with
/// `docket list`.
@Suite struct ExportCommandTests {
    static let samples = DocketProcess.packageRoot + "/samples"
    static let now = "2026-11-29T12:00:00Z"

    struct Checked: Decodable {
        struct Appointment: Decodable {
            var id, status, start, end: String
            var minutes: Int
            var participants: [String]
        }

        var parsed: Bool
        var type: String?
        var problems: [String]
        var appointments: [Appointment]?
    }

    static func check(_ file: String) throws -> Checked {
        let output = try DocketProcess.runProgram("/usr/bin/env", ["python3", DocketProcess.packageRoot + "/Tests/FHIRCheck/check_bundle.py", file])
        // The checker's own failure (fhir.resources missing, say) is the cause, not the JSON after it.
        guard output.status == 0 else { throw HelperFailure(description: "the FHIR check could not run: \(output.stderr)") }
        return try JSONDecoder().decode(Checked.self, from: Data(output.stdout.utf8))
    }

    @Test func theSamplesBundleParsesAndMatchesTheList() throws {
        let folder = try TemporaryRepository()
        let file = folder.root + "/bundle.json"
        let output = try DocketProcess.run(["export", Self.samples, "--format", "fhir-r4", "--out", file, "--now", Self.now])
        #expect(output.status == 0, "\(output.stderr)")
        // One Appointment per occurrence of the series (30 single appointments, 12 occurrences).
        #expect(output.stdout == "wrote 42 appointments to \(file)\n")
        let checked = try Self.check(file)
        #expect(checked.parsed, "\(checked.problems)")
        #expect(checked.type == "collection")
        #expect(checked.problems.isEmpty, "\(checked.problems)")

        struct Listed: Decodable {
            struct Row: Decodable { var id, status, start, end, clinician, clientName: String }
            var appointments: [Row]
        }
        let list = try JSONDecoder().decode(Listed.self, from: Data(try DocketProcess.run(["list", Self.samples, "--format", "json"]).stdout.utf8))
        let exported = Dictionary(uniqueKeysWithValues: (checked.appointments ?? []).map { ($0.id, $0) })
        #expect(Set(exported.keys) == Set(list.appointments.map(\.id)))
        for row in list.appointments {
            let appointment = try #require(exported[row.id])
            #expect(appointment.status == row.status)
            #expect(Instant.parseRFC3339(appointment.start) == Instant.parseRFC3339(row.start), "\(row.id)")
            #expect(Instant.parseRFC3339(appointment.end) == Instant.parseRFC3339(row.end), "\(row.id)")
            #expect(appointment.participants.contains(row.clientName))
        }
        // Never notes, never a joining link.
        let bundle = try String(contentsOfFile: file, encoding: .utf8)
        #expect(!bundle.contains("video.maplegrove.example") && !bundle.contains("room/"))
        for notes in try Self.sampleNotes() { #expect(!bundle.contains(notes), "exported a note: \(notes)") }
    }

    /// The first line of every `notes` in the samples.
    static func sampleNotes() throws -> [String] {
        var found: [String] = []
        let folder = samples + "/appointments"
        for path in FileManager.default.subpaths(atPath: folder) ?? [] where path.hasSuffix(".yaml") {
            let lines = try String(contentsOfFile: folder + "/" + path, encoding: .utf8).split(separator: "\n")
            for (number, line) in lines.enumerated() where line.hasPrefix("notes:") {
                let value = line.dropFirst(6).trimmingCharacters(in: .whitespaces)
                let text = value == "|" || value == ">" ? (number + 1 < lines.count ? lines[number + 1].trimmingCharacters(in: .whitespaces) : "") : value
                if text.count > 8 { found.append(text) }
            }
        }
        return found
    }

    @Test func resourceIdsAreStableAndTheFilterKeepsOnlyWhoIsInvolved() throws {
        let first = try DocketProcess.run(["export", Self.samples, "--format", "fhir-r4", "--now", Self.now])
        let second = try DocketProcess.run(["export", Self.samples, "--format", "fhir-r4", "--now", Self.now])
        #expect(first.status == 0 && first.stdout == second.stdout)
        let week = try DocketProcess.run(["export", Self.samples, "--format", "fhir-r4", "--from", "2026-12-01", "--to", "2026-12-01", "--now", Self.now])
        let object = try JSONSerialization.jsonObject(with: Data(week.stdout.utf8)) as? [String: Any]
        let resources = ((object?["entry"] as? [[String: Any]]) ?? []).compactMap { $0["resource"] as? [String: Any] }
        let appointments = resources.filter { $0["resourceType"] as? String == "Appointment" }
        let patients = resources.filter { $0["resourceType"] as? String == "Patient" }
        let listed = try DocketProcess.run(["list", Self.samples, "--from", "2026-12-01", "--to", "2026-12-01", "--format", "json"])
        let rows = ((try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [String: Any])?["appointments"] as? [[String: Any]]) ?? []
        #expect(!appointments.isEmpty && appointments.count == rows.count)
        #expect(patients.count == Set(rows.compactMap { $0["client"] as? String }).count)
        // The same appointment has the same id in the filtered export as in the whole one.
        let id = try #require(appointments.first?["id"] as? String)
        #expect(first.stdout.contains("\"id\":\"\(id)\""))
    }

    /// The checker is no rubber stamp: a start that is no instant fails the library, a status
    /// FHIR does not have fails the checker.
    @Test func theIndependentCheckRefusesABrokenBundle() throws {
        let folder = try TemporaryRepository()
        let output = try DocketProcess.run(["export", Self.samples, "--format", "fhir-r4", "--now", Self.now])
        let badStart = output.stdout.replacingOccurrences(of: "\"start\":\"2026-11-16T14:00:00Z\"", with: "\"start\":\"soon\"")
        let badStatus = output.stdout.replacingOccurrences(of: "\"status\":\"booked\"", with: "\"status\":\"maybe\"")
        #expect(badStart != output.stdout && badStatus != output.stdout)
        try badStart.write(toFile: folder.root + "/start.json", atomically: true, encoding: .utf8)
        try badStatus.write(toFile: folder.root + "/status.json", atomically: true, encoding: .utf8)
        #expect(try Self.check(folder.root + "/start.json").parsed == false)
        #expect(try Self.check(folder.root + "/status.json").problems.contains { $0.contains("maybe") })
    }
}

struct HelperFailure: Error, CustomStringConvertible {
    var description: String
}
