import DocketTestSupport
import Foundation
import Testing

/// The dashboard as a real browser reads it: headless Chromium's DOM of the generated page.
@Suite struct DashboardCommandTests {
    static let samples = DocketProcess.packageRoot + "/samples"

    @Test func eachAppointmentOfTheWeekIsABlockInItsClinicianColumn() throws {
        let folder = try TemporaryRepository()
        let output = try DocketProcess.run(["dashboard", Self.samples, "--out", folder.root + "/site", "--now", "2026-11-30T12:00:00Z"])
        #expect(output.status == 0, "\(output.stderr)")
        let page = folder.root + "/site/index.html"
        let html = try String(contentsOfFile: page, encoding: .utf8)
        #expect(!html.contains("@example.com"), "a client's e-mail address is on the page")
        #expect(!html.contains("Internal only"), "notes are on the page")
        #expect(!html.contains("http://") && !html.contains("https://"), "the page loads something from the network")

        let dom = try DocketProcess.runProgram("/usr/bin/env", ["chromium", "--headless", "--no-sandbox", "--disable-gpu",
                                                                "--dump-dom", "file://" + page])
        #expect(dom.status == 0, "\(dom.stderr)")
        for clinician in ["dr-ada-lee", "dr-kenji-sato", "dr-marc-tremblay", "dr-sofia-garcia"] {
            let list = try DocketProcess.run(["list", Self.samples, "--clinician", clinician, "--from", "2026-11-30", "--to", "2026-12-06",
                                              "--format", "json"])
            let object = try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [String: Any]
            let expected = Set((object?["appointments"] as? [[String: Any]] ?? []).map { $0["id"] as! String })
            let article = dom.stdout.components(separatedBy: "<article class=\"week\" data-clinician=\"\(clinician)\"").dropFirst().first?
                .components(separatedBy: "</article>").first ?? ""
            let blocks = Set(article.components(separatedBy: "data-id=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) })
            #expect(!expected.isEmpty)
            #expect(blocks == expected, "\(clinician): blocks \(blocks.sorted()) vs appointments \(expected.sorted())")
        }
        let shot = try DocketProcess.runProgram("/usr/bin/env", ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                                                                 "--window-size=1280,1600", "--screenshot=" + folder.root + "/shot.png", "file://" + page])
        #expect(shot.status == 0)
        #expect(((try? FileManager.default.attributesOfItem(atPath: folder.root + "/shot.png")[.size] as? Int) ?? 0) > 10_000)
    }
}
