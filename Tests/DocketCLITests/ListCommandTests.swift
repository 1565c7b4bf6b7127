import DocketTestSupport
import Foundation
import Testing

@Suite struct ListCommandTests {
    static let samples = DocketProcess.packageRoot + "/samples"

    @Test func theTableIsSortedAndFitsEightyColumns() throws {
        let output = try DocketProcess.run(["list", Self.samples])
        #expect(output.status == 0, "\(output.stderr)")
        let lines = output.stdout.split(separator: "\n")
        // 30 single appointments and the 12 occurrences of the weekly series, each a row.
        #expect(lines.count == 44)
        #expect(lines.first?.hasPrefix("START") == true)
        #expect(lines.last == "42 appointments, times in America/Toronto")
        #expect(lines.allSatisfy { $0.count <= 80 })
        let starts = lines.dropFirst().dropLast().map { String($0.prefix(20)).split(separator: " ").dropFirst().joined(separator: " ") }
        #expect(starts == starts.sorted())
        #expect(!output.stdout.contains("Internal only"))
    }

    @Test func filtersAndJSON() throws {
        let output = try DocketProcess.run(["list", Self.samples, "--clinician", "dr-ada-lee", "--from", "2026-12-01", "--to", "2026-12-08",
                                            "--status", "booked", "--tz", "Europe/Paris", "--format", "json"])
        #expect(output.status == 0, "\(output.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        #expect(object["timezone"] as? String == "Europe/Paris")
        let rows = try #require(object["appointments"] as? [[String: Any]])
        #expect(rows.map { $0["id"] as! String } == ["a-2026-12-02-zoe", "a-2026-12-03-anais", "a-2026-12-07-grace", "a-2026-12-08-jane"])
        #expect(rows.first?["start"] as? String == "2026-12-02T19:00:00+01:00")
        #expect(rows.allSatisfy { $0["notes"] == nil })
    }

    @Test func upcomingPastAndCSV() throws {
        let upcoming = try DocketProcess.run(["list", Self.samples, "--upcoming", "--now", "2026-12-10T00:00:00Z", "--format", "csv"])
        let past = try DocketProcess.run(["list", Self.samples, "--past", "--now", "2026-12-10T00:00:00Z", "--format", "csv"])
        let upcomingRows = upcoming.stdout.split(separator: "\r\n").dropFirst()
        let pastRows = past.stdout.split(separator: "\r\n").dropFirst()
        #expect(upcomingRows.count + pastRows.count == 42)
        #expect(upcomingRows.count == 7 + 12)
        #expect(upcomingRows.filter { $0.hasPrefix("s-2027-01-11-emily@") }.count == 12)
        #expect(upcoming.stdout.hasPrefix("id,start,end,duration_minutes,clinician,client,client_name,type,status,title,file\r\n"))
    }

    @Test(arguments: [["--from", "tomorrow"], ["--upcoming", "--past"], ["--status", "done"], ["--tz", "Mars/Base"]])
    func badOptionsAreExitStatusTwo(arguments: [String]) throws {
        #expect(try DocketProcess.run(["list", Self.samples] + arguments).status == 2)
    }
}
