import DocketModel
import DocketRules
import DocketTestSupport
import Foundation
import Testing

@Suite struct EditCommandTests {
    static let appointment = """
        # Booked by Sam on the phone.
        apiVersion: docket/v1
        kind: Appointment
        id: a-1
        clinician: dr-lee
        client: jane

        start: "2026-12-03 14:00"   # after her shift
        duration: 50m
        title: Intake
        notes: |
          Keep this comment and these lines as they are.

        """

    static func repository(_ text: String = appointment) throws -> TemporaryRepository {
        try TemporaryRepository(RuleExample(files: ["appointments/a-1.yaml": text,
            "clients/kim.yaml": "apiVersion: docket/v1\nkind: Client\nid: kim\nname: Kim Park\nemail: kim@example.com\n"]))
    }

    func file(_ repository: TemporaryRepository) throws -> String {
        try String(contentsOfFile: repository.root + "/appointments/a-1.yaml", encoding: .utf8)
    }

    @Test func cancelAddsTheStatusAndTheReasonAndNothingElse() throws {
        let repository = try Self.repository()
        let output = try DocketProcess.run(["cancel", repository.root, "a-1", "--reason", "Jane asked: \"next week\"", "--now", "2026-12-01T12:00:00Z"])
        #expect(output.status == 0, "\(output.stderr)")
        let expected = Self.appointment.replacingOccurrences(of: "duration: 50m\n",
            with: "duration: 50m\nstatus: cancelled\ncancellation:\n  reason: \"Jane asked: \\\"next week\\\"\"\n")
        #expect(try file(repository) == expected)
        let validate = try DocketProcess.run(["validate", repository.root, "--now", "2026-12-01T12:00:00Z", "--format", "json"])
        #expect(validate.status == 0)
        #expect(validate.stdout.contains("\"appointments\":1"))
    }

    @Test func cancelReplacesAnExistingStatus() throws {
        let repository = try Self.repository(Self.appointment.replacingOccurrences(of: "title: Intake\n", with: "status: booked\ntitle: Intake\n"))
        let output = try DocketProcess.run(["cancel", repository.root, "a-1", "--now", "2026-12-01T12:00:00Z"])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(try file(repository).contains("status: cancelled\ntitle: Intake\n"))
    }

    @Test func rescheduleChangesOnlyTheStartAndKeepsItsComment() throws {
        let repository = try Self.repository()
        let output = try DocketProcess.run(["reschedule", repository.root, "a-1", "--start", "2026-12-04T09:30", "--duration", "1h",
                                            "--now", "2026-12-01T12:00:00Z"])
        #expect(output.status == 0, "\(output.stderr)")
        let expected = Self.appointment
            .replacingOccurrences(of: "start: \"2026-12-03 14:00\"   # after her shift", with: "start: \"2026-12-04T09:30\"   # after her shift")
            .replacingOccurrences(of: "duration: 50m", with: "duration: 1h")
        #expect(try file(repository) == expected)
    }

    @Test func rescheduleKeepsTheLengthOfAFileThatWritesAnEnd() throws {
        let repository = try Self.repository(Self.appointment.replacingOccurrences(of: "duration: 50m", with: "end: \"2026-12-03 14:45\""))
        let output = try DocketProcess.run(["reschedule", repository.root, "a-1", "--start", "2026-12-04T09:30", "--now", "2026-12-01T12:00:00Z"])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(try file(repository).contains("start: \"2026-12-04T09:30\"   # after her shift\nend: \"2026-12-04T10:15\"\n"))
    }

    @Test func aRescheduleIntoADoubleBookingIsRefusedAndUndone() throws {
        let repository = try Self.repository()
        try repository.write("apiVersion: docket/v1\nkind: Appointment\nid: a-2\nclinician: dr-lee\nclient: kim\nstart: 2026-12-05T10:00\nduration: 50m\n",
                             to: "appointments/a-2.yaml")
        let output = try DocketProcess.run(["reschedule", repository.root, "a-1", "--start", "2026-12-05T10:30", "--now", "2026-12-01T12:00:00Z"])
        #expect(output.status == 1)
        #expect(output.stderr.contains("[clinician-double-booked]"))
        #expect(try file(repository) == Self.appointment)
    }

    @Test func anUnknownAppointmentIsExitStatusTwoWithASuggestion() throws {
        let repository = try Self.repository()
        let output = try DocketProcess.run(["cancel", repository.root, "a-11"])
        #expect(output.status == 2)
        #expect(output.stderr.contains("did you mean 'a-1'"))
    }
}
