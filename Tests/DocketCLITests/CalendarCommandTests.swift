import DocketTestSupport
import Foundation
import Testing

@Suite struct CalendarCommandTests {
    @Test func feedsPerClinicianAndForTheOrganisation() throws {
        let folder = try TemporaryRepository()
        let output = try DocketProcess.run(["calendar", DocketProcess.packageRoot + "/samples", "--out", folder.root + "/feeds",
                                            "--now", "2026-11-29T12:00:00Z"])
        #expect(output.status == 0, "\(output.stderr)")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.root + "/feeds").sorted()
        #expect(names == ["dr-ada-lee.ics", "dr-kenji-sato.ics", "dr-marc-tremblay.ics", "dr-sofia-garcia.ics", "organization.ics"])
        let organization = try String(contentsOfFile: folder.root + "/feeds/organization.ics", encoding: .utf8)
        #expect(organization.contains("METHOD:PUBLISH\r\n"))
        // 30 appointments, and the series: its master event and its one moved occurrence.
        #expect(organization.components(separatedBy: "BEGIN:VEVENT").count - 1 == 32)
        #expect(organization.contains("RRULE:FREQ=WEEKLY;WKST=MO;COUNT=12\r\n"))
        #expect(organization.contains("RECURRENCE-ID;TZID=America/Toronto:20270201T100000\r\n"))
        #expect(organization.contains("UID:a-2026-12-18-li@maplegrove.example"))
        #expect(!organization.contains("Internal only"))
        let unfolded = organization.replacingOccurrences(of: "\r\n ", with: "")
        let cancelled = unfolded.components(separatedBy: "BEGIN:VEVENT").filter { $0.contains("UID:a-2026-12-18-li@") }
        #expect(cancelled.first?.contains("STATUS:CANCELLED") == true)
        for line in organization.components(separatedBy: "\r\n") {
            #expect(line.utf8.count <= 75)
            #expect(!line.contains("\n"))
        }
        let ada = try String(contentsOfFile: folder.root + "/feeds/dr-ada-lee.ics", encoding: .utf8)
        #expect(ada.components(separatedBy: "BEGIN:VEVENT").count - 1 == 13)
    }
}
