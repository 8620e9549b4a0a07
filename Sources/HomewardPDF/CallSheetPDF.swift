import Foundation
import HomewardCore

/// What the responding officer's sheet says: the call's answers by section, the warnings first.
public struct CallSheetContent: Sendable {
    public struct Section: Sendable {
        public var title: String
        public var rows: [(label: String, value: String)]

        public init(title: String, rows: [(label: String, value: String)]) {
            self.title = title
            self.rows = rows
        }
    }

    public var psapName: String
    /// The CAD number, the time the call was taken and the NCIC deadline, in one line.
    public var summary: String
    /// What the officer must see first (autism and water, AMBER standing).
    public var alerts: [String]
    public var sections: [Section]
    public var footer: String

    public init(psapName: String, summary: String, alerts: [String], sections: [Section], footer: String) {
        self.psapName = psapName
        self.summary = summary
        self.alerts = alerts
        self.sections = sections
        self.footer = footer
    }
}

/// The one-page sheet a 911 center hands the responding officer with a missing-child call. Long
/// answers are cut short to fit the page; should the rows still not fit, the sheet says so.
public enum CallSheetPDF {
    public static func render(_ content: CallSheetContent) throws -> Data {
        try PDFCanvas.render(size: .letter, title: "Missing-child call — \(content.psapName)") { page in
            let margin = 36.0
            let width = page.size.width - 2 * margin
            var y = margin
            y += page.text(
                content.psapName.uppercased(), style: TextStyle(font: "DejaVu Sans Bold 9", color: .grey), x: margin, y: y, width: width)
            y +=
                page.text(
                    "Missing-child call: for the responding officer", style: TextStyle(font: "DejaVu Sans Bold 16", color: .navy),
                    x: margin, y: y, width: width) + 2
            y += page.text(content.summary, style: TextStyle(font: "DejaVu Sans 9", color: .black), x: margin, y: y, width: width) + 6
            for alert in content.alerts {
                let height = page.text(
                    alert, style: TextStyle(font: "DejaVu Sans Bold 9", color: .red), x: margin + 8, y: y + 3, width: width - 16)
                page.stroke(.red, lineWidth: 1, x: margin, y: y, width: width, height: height + 6)
                y += height + 10
            }
            let labelWidth = 190.0
            let bottom = page.size.height - margin - 24
            var cut = false
            for section in content.sections where !section.rows.isEmpty {
                guard y < bottom - 30 else {
                    cut = true
                    break
                }
                y +=
                    page.text(section.title, style: TextStyle(font: "DejaVu Sans Bold 10", color: .navy), x: margin, y: y + 3, width: width)
                    + 4
                page.line(.gold, lineWidth: 0.6, from: (margin, y), to: (margin + width, y))
                y += 2
                for row in section.rows {
                    guard y < bottom - 10 else {
                        cut = true
                        break
                    }
                    let value = row.value.count > 160 ? String(row.value.prefix(157)) + "…" : row.value
                    let label = page.text(
                        row.label, style: TextStyle(font: "DejaVu Sans 8", color: .grey), x: margin, y: y, width: labelWidth - 6)
                    let answer = page.text(
                        value, style: TextStyle(font: "DejaVu Sans 8.5", color: .black), x: margin + labelWidth, y: y,
                        width: width - labelWidth)
                    y += max(10.5, label, answer)
                }
            }
            let footer = cut ? "Not every answer fits on this page: the call in Homeward has them all. " + content.footer : content.footer
            page.text(
                footer, style: TextStyle(font: "DejaVu Sans 7.5", color: cut ? .red : .grey), x: margin, y: page.size.height - margin - 12,
                width: width)
        }
    }
}
