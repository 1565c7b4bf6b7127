import DocketMail
import DocketModel
import DocketRules

/// `docket dashboard`: one static page a coordinator opens every morning: the validation
/// status, each clinician's week (days as columns, hours as rows, appointments as blocks
/// sized by duration and coloured by type, cancelled ones struck through, available hours
/// shaded), and the organisation's upcoming and past appointments. No network at view time;
/// no client e-mail address and no notes.
public enum Dashboard {
    static let hourHeight = 48

    /// The page. `redacted`, for serving without access control: clients only as initials,
    /// no appointment ids (they often hold a client's name), no findings (their messages and
    /// paths do too), only their counts.
    public static func page(_ result: ValidationResult, now: Instant, redacted: Bool = false) -> String {
        let index = result.index
        let repository = index.repository
        let zone = repository.organization?.timezone?.value ?? ZoneCatalog.shared.zone(named: "UTC")!
        let today = zone.localDateTime(at: now).date
        let monday = today.adding(days: -((today.weekday == .sunday ? 6 : Weekday.allCases.firstIndex(of: today.weekday)!)))
        let days = (0..<7).map { monday.adding(days: $0) }
        let name = escape(repository.organization?.name?.value ?? "docket")
        let local = zone.localDateTime(at: now)

        var html = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(name): appointments</title>
            <style>\(style)</style>
            </head>
            <body>
            <header>
            <h1>\(name)</h1>
            <p>Week of \(dayText(monday)) · generated \(local.date) \(local.timeText) \(escape(zone.identifier))</p>
            </header>
            <main>

            """
        html += statusSection(result, redacted: redacted)
        html += "<section aria-labelledby=\"weeks\">\n<h2 id=\"weeks\">This week</h2>\n"
        let calendars = index.clinicians.compactMapValues(ClinicianCalendar.init)
        for clinician in repository.clinicians where clinician.isActive {
            guard let calendar = calendars[clinician.header.id.value] else { continue }
            html += week(calendar, days: days, index: index, redacted: redacted)
        }
        html += "</section>\n"
        let rows = AppointmentList.rows(index, filter: .init(), zone: zone, now: now).rows
        html += table("Upcoming", rows.filter { $0.interval.end > now }, zone: zone, index: index, redacted: redacted)
        html += table("Past", rows.filter { $0.interval.end <= now }.reversed(), zone: zone, index: index, redacted: redacted)
        html += "</main>\n</body>\n</html>\n"
        return html
    }

    static func statusSection(_ result: ValidationResult, redacted: Bool) -> String {
        let summary = result.summary
        var html = "<section aria-labelledby=\"status\">\n<h2 id=\"status\">Validation</h2>\n"
        html += "<p class=\"\(summary.errors == 0 ? "ok" : "bad")\">\(escape(FindingText.summary(summary).trimmingCharacters(in: .newlines)))</p>\n"
        if redacted, !result.diagnostics.isEmpty {
            html += "<p>The findings are not shown on this page; CI's log lists them.</p>\n"
        } else if !result.diagnostics.isEmpty {
            html += "<ul class=\"findings\">\n"
            for finding in result.diagnostics.prefix(200) {
                html += "<li class=\"\(finding.severity.rawValue)\"><code>\(escape(finding.location.description))</code> <strong>\(finding.code)</strong> \(escape(finding.message))</li>\n"
            }
            html += "</ul>\n"
        }
        return html + "</section>\n"
    }

    static func week(_ calendar: ClinicianCalendar, days: [LocalDate], index: RepositoryIndex, redacted: Bool) -> String {
        let id = calendar.clinician.header.id.value
        let zone = calendar.zone
        let weekStart = calendar.instant(days[0], minute: 0, preferLater: false)
        let weekEnd = calendar.instant(days[6].adding(days: 1), minute: 0, preferLater: false)
        // Each occurrence of a series is its own block.
        let week = Interval(start: weekStart, end: weekEnd)
        let bookings = index.occurrences.compactMap { occurrence -> (Appointment, Interval, occurrenceName: String, status: AppointmentStatus)? in
            let appointment = index.repository.appointments[occurrence.appointment]
            guard appointment.clinician?.value == id, let interval = occurrence.interval, interval.overlaps(week) else { return nil }
            return (appointment, interval, index.name(of: occurrence), occurrence.status)
        }
        // Hours shown: 07:00-20:00, widened to whatever the week holds.
        var first = 7 * 60
        var last = 20 * 60
        for day in days {
            for window in calendar.writtenWindows(on: day) ?? [] {
                first = min(first, window.value.startMinute)
                last = max(last, window.value.endMinute)
            }
        }
        for (_, interval, _, _) in bookings {
            let start = zone.localDateTime(at: interval.start)
            let end = zone.localDateTime(at: interval.end)
            first = min(first, start.hour * 60)
            last = max(last, end.date > start.date ? 24 * 60 : end.hour * 60 + end.minute)
        }
        first = first / 60 * 60
        last = min(24 * 60, (last + 59) / 60 * 60)
        let height = (last - first) / 60 * hourHeight
        func top(_ minute: Int) -> Int { (minute - first) * hourHeight / 60 }

        var html = "<article class=\"week\" data-clinician=\"\(escape(id))\">\n"
        html += "<h3>\(escape(calendar.clinician.name?.value ?? id)) <small>\(escape(zone.identifier))</small></h3>\n"
        html += "<div class=\"grid\">\n<div class=\"hours\" style=\"height:\(height)px\">"
        for hour in stride(from: first, to: last, by: 60) {
            html += "<span style=\"top:\(top(hour))px\">\(pad(hour / 60)):00</span>"
        }
        html += "</div>\n"
        for day in days {
            let off = calendar.timeOff(on: day)
            html += "<div class=\"day\" data-date=\"\(day)\"><h4>\(dayText(day))\(off.map { " <em>off\($0.reason.map { ": " + escape($0) } ?? "")</em>" } ?? "")</h4>"
            html += "<div class=\"column\" style=\"height:\(height)px\">"
            if off == nil {
                let windows = calendar.writtenWindows(on: day)?.map(\.value) ?? [TimeWindow(startMinute: 0, endMinute: 24 * 60)]
                for window in windows where window.endMinute > first && window.startMinute < last {
                    let start = max(window.startMinute, first)
                    let end = min(window.endMinute, last)
                    html += "<div class=\"available\" style=\"top:\(top(start))px;height:\(top(end) - top(start))px\"></div>"
                }
            }
            for (appointment, interval, occurrenceName, status) in bookings {
                let start = zone.localDateTime(at: interval.start)
                guard start.date == day else { continue }
                let end = zone.localDateTime(at: interval.end)
                let startMinute = start.hour * 60 + start.minute
                let endMinute = end.date > day ? 24 * 60 : end.hour * 60 + end.minute
                let name = appointment.client.flatMap { index.clients[$0.value]?.name?.value } ?? appointment.client?.value ?? ""
                let client = redacted ? Redaction.initials(name) : name
                let id = redacted ? Redaction.opaqueID(occurrenceName) : occurrenceName
                let title = "\(start.timeText)–\(end.timeText) \(client) (\(appointment.effectiveType.rawValue), \(status.rawValue))"
                html += "<div class=\"appointment \(appointment.effectiveType.rawValue)\(status == .cancelled ? " cancelled" : "")\" data-id=\"\(escape(id))\""
                html += " style=\"top:\(top(startMinute))px;height:\(max(18, top(endMinute) - top(startMinute) - 2))px\" title=\"\(escape(title))\">"
                html += "<b>\(start.timeText)</b> \(escape(client))</div>"
            }
            html += "</div></div>\n"
        }
        return html + "</div>\n</article>\n"
    }

    static func table<Rows: Sequence>(_ heading: String, _ rows: Rows, zone: Zone, index: RepositoryIndex, redacted: Bool) -> String
        where Rows.Element == AppointmentList.Row {
        let id = heading.lowercased()
        var html = "<section aria-labelledby=\"\(id)\">\n<h2 id=\"\(id)\">\(heading)</h2>\n<div class=\"scroll\"><table>\n"
        html += "<thead><tr><th scope=\"col\">When (\(escape(zone.identifier)))</th><th scope=\"col\">Length</th><th scope=\"col\">Clinician</th><th scope=\"col\">Client</th><th scope=\"col\">Type</th><th scope=\"col\">Status</th></tr></thead>\n<tbody>\n"
        var count = 0
        for row in rows {
            let start = zone.localDateTime(at: row.interval.start)
            let clinician = index.clinicians[row.clinician]?.name?.value ?? row.clinician
            html += "<tr class=\"\(row.status.rawValue)\"><td>\(dayText(start.date)) \(start.timeText)</td><td>\(DurationText.text(minutes: row.interval.minutes))</td>"
            html += "<td>\(escape(clinician))</td><td>\(escape(redacted ? Redaction.initials(row.clientName) : row.clientName))</td><td>\(row.type.rawValue)</td><td>\(row.status.rawValue)</td></tr>\n"
            count += 1
        }
        if count == 0 { html += "<tr><td colspan=\"6\">None</td></tr>\n" }
        return html + "</tbody>\n</table></div>\n</section>\n"
    }

    static func dayText(_ date: LocalDate) -> String { date.shortText }

    static func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    /// Text in the page, escaped as the e-mails' HTML is.
    static func escape(_ text: String) -> String { HTMLText.escaped(text) }

    static let style = """
        :root { color-scheme: light; font-family: system-ui, sans-serif; color: #1b1f24; background: #fff; }
        body { margin: 0 auto; max-width: 78rem; padding: 1rem; line-height: 1.4; }
        header h1 { margin: 0; font-size: 1.6rem; } header p { margin: .2rem 0 1rem; color: #444; }
        h2 { border-bottom: 2px solid #d0d7de; padding-bottom: .2rem; margin-top: 2rem; }
        .ok { color: #0a5c2f; font-weight: 600; } .bad { color: #9a1c1c; font-weight: 600; }
        .findings li.error { color: #9a1c1c; } .findings li.warning { color: #7a4d00; }
        .week { margin: 1rem 0 2rem; } .week h3 small { color: #555; font-weight: normal; }
        .grid { display: grid; grid-template-columns: 3.2rem repeat(7, minmax(6.5rem, 1fr)); overflow-x: auto; border: 1px solid #d0d7de; }
        .hours { position: relative; margin-top: 2.2rem; } .hours span { position: absolute; right: .3rem; font-size: .75rem; color: #555; transform: translateY(-.5em); }
        .day { border-left: 1px solid #d0d7de; min-width: 0; } .day h4 { margin: 0; height: 2.2rem; line-height: 2.2rem; text-align: center; font-size: .85rem; background: #f3f5f7; }
        .day h4 em { color: #7a4d00; font-weight: normal; }
        .column { position: relative; background: repeating-linear-gradient(#fff 0 47px, #eef1f4 47px 48px); }
        .available { position: absolute; left: 0; right: 0; background: rgba(46, 160, 67, .13); }
        .appointment { position: absolute; left: 3px; right: 3px; overflow: hidden; border-radius: 4px; padding: 1px 4px; font-size: .75rem;
                       color: #fff; border-left: 4px solid rgba(0,0,0,.35); box-sizing: border-box; }
        .appointment.video { background: #1f5fa8; } .appointment.phone { background: #6b3fa0; } .appointment.in-person { background: #0f6e5a; }
        .appointment.cancelled { background: #e9ecef; color: #555; text-decoration: line-through; border-left-color: #999; }
        .scroll { overflow-x: auto; } table { border-collapse: collapse; width: 100%; font-size: .9rem; }
        th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid #d0d7de; } tr.cancelled td { text-decoration: line-through; color: #555; }
        @media print { .grid { overflow: visible; } .appointment { color: #000; border: 1px solid #000; background: #fff !important; } }
        """
}
