import Foundation
import HomewardCore

/// What a recognition certificate says.
public struct CertificateContent: Sendable {
    public var agencyName: String
    public var agencyKind: OrganizationKind
    public var state: String
    public var certificateNumber: String
    public var termStart: CivilDate
    /// The first day the recognition is no longer current.
    public var termEnd: CivilDate
    public var programName: String
    public var issuer: String

    public init(
        agencyName: String, agencyKind: OrganizationKind, state: String, certificateNumber: String, termStart: CivilDate,
        termEnd: CivilDate, programName: String, issuer: String
    ) {
        self.agencyName = agencyName
        self.agencyKind = agencyKind
        self.state = state
        self.certificateNumber = certificateNumber
        self.termStart = termStart
        self.termEnd = termEnd
        self.programName = programName
        self.issuer = issuer
    }
}

/// The recognition certificate: one landscape Letter page.
public enum CertificatePDF {
    public static func render(_ content: CertificateContent) throws -> Data {
        try PDFCanvas.render(size: .letterLandscape, title: "Certificate of Recognition — \(content.agencyName)") { page in
            let w = page.size.width
            let h = page.size.height
            page.stroke(.navy, lineWidth: 6, x: 24, y: 24, width: w - 48, height: h - 48)
            page.stroke(.gold, lineWidth: 1.5, x: 36, y: 36, width: w - 72, height: h - 72)
            let inner = w - 160
            var y = 84.0
            y +=
                page.text(
                    content.issuer.uppercased(), style: TextStyle(font: "DejaVu Sans Bold 11", color: .grey, alignment: .center), x: 80,
                    y: y,
                    width: inner) + 18
            y +=
                page.text(
                    "Certificate of Recognition", style: TextStyle(font: "DejaVu Serif Bold 34", color: .navy, alignment: .center), x: 80,
                    y: y, width: inner) + 16
            y +=
                page.text(
                    content.programName, style: TextStyle(font: "DejaVu Serif Italic 15", color: .black, alignment: .center), x: 80, y: y,
                    width: inner) + 28
            y +=
                page.text(
                    "is presented to", style: TextStyle(font: "DejaVu Sans 12", color: .grey, alignment: .center), x: 80, y: y, width: inner
                )
                + 12
            y +=
                page.text(
                    content.agencyName, style: TextStyle(font: "DejaVu Serif Bold 26", color: .black, alignment: .center), x: 80, y: y,
                    width: inner) + 6
            page.line(.gold, lineWidth: 1, from: (w / 2 - 180, y + 4), to: (w / 2 + 180, y + 4))
            y += 18
            y +=
                page.text(
                    "\(content.agencyKind.title), \(USState.names[content.state] ?? content.state)",
                    style: TextStyle(font: "DejaVu Sans 12", color: .grey, alignment: .center), x: 80, y: y, width: inner) + 24
            let kindWords = content.agencyKind == .psap ? "its telecommunicators" : "its officers"
            page.text(
                "for showing that its executive and \(kindWords) are trained to respond to missing-child cases, that its policy "
                    + "meets the critical components of the national standard, and that every such case is reviewed for quality.",
                style: TextStyle(font: "DejaVu Sans 12", color: .black, alignment: .center, lineSpacing: 3), x: 130, y: y,
                width: w - 260)
            let last = content.termEnd.adding(days: -1)
            let footerY = h - 150
            page.text(
                "Recognized \(longDate(content.termStart))",
                style: TextStyle(font: "DejaVu Sans Bold 11", color: .black, alignment: .left), x: 90, y: footerY, width: 260)
            page.text(
                "Valid through \(longDate(last))", style: TextStyle(font: "DejaVu Sans 11", color: .black, alignment: .left), x: 90,
                y: footerY + 18, width: 260)
            page.text(
                "Certificate \(content.certificateNumber)",
                style: TextStyle(font: "DejaVu Sans Mono 10", color: .grey, alignment: .right), x: w - 350, y: footerY, width: 260)
            page.text(
                "Verify at the public member list", style: TextStyle(font: "DejaVu Sans 9", color: .grey, alignment: .right),
                x: w - 350, y: footerY + 18, width: 260)
        }
    }

    static func longDate(_ date: CivilDate) -> String { date.longText }
}
