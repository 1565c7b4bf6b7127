import DocketMail
import Testing

/// The one serializer of every calendar docket writes: values escaped by their type,
/// parameters quoted where they must be and never able to end early, lines folded.
@Suite struct ICalendarComponentTests {
    @Test func valuesAreEscapedByTheirTypeAndParametersCannotBreakOut() {
        var event = ICalendarComponent("VEVENT")
        event.add("SUMMARY", .text("Intake; part 1, with notes\\n\nSecond line\u{7}"))
        event.add("ATTENDEE", .uri("mailto:jane@example.com\r\nX-INJECTED:1"), [
            ICalendarParameter("CN", "Jane \"J\" Doe\r\nATTENDEE:mailto:evil@example.com", quoted: true),
            ICalendarParameter("ROLE", "REQ-PARTICIPANT"),
            ICalendarParameter("X-NOTE", "a;b:c"),
        ])
        let lines = event.contentLines
        #expect(lines == [
            "BEGIN:VEVENT",
            "SUMMARY:Intake\\; part 1\\, with notes\\\\n\\nSecond line",
            "ATTENDEE;CN=\"Jane J DoeATTENDEE:mailto:evil@example.com\";ROLE=REQ-PARTICIPANT;X-NOTE=\"a;b:c\":mailto:jane@example.comX-INJECTED:1",
            "END:VEVENT",
        ])
        // Nothing from a value makes a line of its own.
        #expect(event.serialized().components(separatedBy: "\r\n").filter { $0.hasPrefix("ATTENDEE") || $0.hasPrefix("X-INJECTED") }.count == 1)
    }

    @Test func linesFoldAt75OctetsNeverInsideACharacter() {
        var calendar = ICalendarComponent("VCALENDAR")
        calendar.add("X-WR-CALNAME", .text(String(repeating: "Clínica Arce — ", count: 12)))
        let text = calendar.serialized()
        #expect(text.hasSuffix("END:VCALENDAR\r\n"))
        for line in text.components(separatedBy: "\r\n") { #expect(line.utf8.count <= 75) }
        let unfolded = text.replacingOccurrences(of: "\r\n ", with: "")
        #expect(unfolded.contains("X-WR-CALNAME:" + String(repeating: "Clínica Arce — ", count: 12)))
    }
}
