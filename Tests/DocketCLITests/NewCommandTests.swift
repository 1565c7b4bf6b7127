import DocketModel
import DocketRules
import DocketTestSupport
import Foundation
import Testing

@Suite struct NewCommandTests {
    @Test func aNewAppointmentIsWrittenInHouseStyleAndValidates() throws {
        let repository = try TemporaryRepository(RuleExample(files: [:]))
        let output = try DocketProcess.run(["new", repository.root, "--clinician", "dr-lee", "--client", "jane", "--start", "2026-12-09T14:00",
                                            "--title", "Intake: part 1", "--participant", "Sam Ortiz <sam@maple.example>",
                                            "--created-by", "sam", "--now", "2026-12-01T12:00:00Z"])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("wrote a-2026-12-09-jane to appointments/2026/12/a-2026-12-09-jane.yaml"))
        let text = try String(contentsOfFile: repository.root + "/appointments/2026/12/a-2026-12-09-jane.yaml", encoding: .utf8)
        #expect(text == """
            apiVersion: docket/v1
            kind: Appointment
            id: a-2026-12-09-jane
            clinician: dr-lee
            client: jane
            start: 2026-12-09T14:00
            duration: 50m
            title: "Intake: part 1"
            createdBy: sam
            participants:
              - name: Sam Ortiz
                email: sam@maple.example

            """)
        #expect(try DocketProcess.run(["validate", repository.root, "--now", "2026-12-01T12:00:00Z"]).status == 0)
    }

    @Test func aDoubleBookingWritesNothingAndOffersFreeTimesUnlessForced() throws {
        let repository = try TemporaryRepository(RuleExample(files: [
            "clinicians/dr-lee.yaml": RuleExample.baseFiles["clinicians/dr-lee.yaml"]! + "availability:\n  weekly:\n    wednesday: [\"09:00-17:00\"]\n",
            "appointments/a-1.yaml": "apiVersion: docket/v1\nkind: Appointment\nid: a-1\nclinician: dr-lee\nclient: jane\nstart: 2026-12-09T14:00\nduration: 50m\n",
            "clients/kim.yaml": "apiVersion: docket/v1\nkind: Client\nid: kim\nname: Kim Park\nemail: kim@example.com\n",
        ]))
        let arguments = ["new", repository.root, "--clinician", "dr-lee", "--client", "kim", "--start", "2026-12-09T14:30", "--now", "2026-12-01T12:00:00Z"]
        let refused = try DocketProcess.run(arguments)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("[clinician-double-booked]"))
        #expect(refused.stderr.contains("--start 2026-12-09T15:00"))
        #expect(!FileManager.default.fileExists(atPath: repository.root + "/appointments/2026/12/a-2026-12-09-kim.yaml"))
        let forced = try DocketProcess.run(arguments + ["--force"])
        #expect(forced.status == 0)
        #expect(FileManager.default.fileExists(atPath: repository.root + "/appointments/2026/12/a-2026-12-09-kim.yaml"))
    }

    @Test func unknownPeopleGetADidYouMean() throws {
        let repository = try TemporaryRepository(RuleExample(files: [:]))
        let output = try DocketProcess.run(["new", repository.root, "--clinician", "dr-lea", "--client", "jane", "--start", "2026-12-09T14:00"])
        #expect(output.status == 2)
        #expect(output.stderr.contains("did you mean 'dr-lee'"))
    }
}
