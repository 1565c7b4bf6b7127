import DocketTestSupport
import Foundation
import Testing

@Suite struct SlotsCommandTests {
    static let samples = DocketProcess.packageRoot + "/samples"

    @Test func jsonHasTheSpecShapeWithTimesAtTheClinicianOffset() throws {
        let output = try DocketProcess.run(["slots", Self.samples, "--clinician", "dr-marc-tremblay", "--from", "2026-11-30",
                                            "--days", "7", "--format", "json"])
        #expect(output.status == 0, "\(output.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["version", "clinician", "slots"])
        #expect(object["version"] as? Int == 1)
        #expect(object["clinician"] as? String == "dr-marc-tremblay")
        let slots = try #require(object["slots"] as? [[String: String]])
        #expect(slots.first == ["start": "2026-11-30T08:00:00-08:00", "end": "2026-11-30T08:50:00-08:00"])
        #expect(slots.allSatisfy { $0["start"]!.hasSuffix("-08:00") })
    }

    @Test func textListsEachDayInTheClinicianZone() throws {
        let output = try DocketProcess.run(["slots", Self.samples, "--clinician", "dr-ada-lee", "--from", "2026-12-05", "--days", "3"])
        #expect(output.status == 0)
        #expect(output.stdout.contains("America/Toronto"))
        #expect(output.stdout.contains("Sat 2026-12-05  none"))
        #expect(output.stdout.contains("Mon 2026-12-07  09:00 09:15"))
    }

    @Test(arguments: [["--clinician", "dr-nobody", "--from", "2026-12-01"], ["--clinician", "dr-ada-lee", "--from", "12/01/2026"],
                      ["--clinician", "dr-ada-lee", "--from", "2026-12-01", "--duration", "0m"]])
    func badRequestsAreExitStatusTwo(arguments: [String]) throws {
        let output = try DocketProcess.run(["slots", Self.samples] + arguments)
        #expect(output.status == 2, "\(output.stdout)\(output.stderr)")
    }
}
