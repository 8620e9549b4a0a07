import CCairo
import Foundation
import HomewardCore

/// The printable missing-child poster: one Letter page from a ``PublicPoster`` and its published
/// photos, nothing else.
public enum PosterPDF {
    /// The words a poster is printed in: English by default, or a translation made from the
    /// language's catalog by the caller.
    public struct Wording: Sendable {
        public var title: String
        public var missing: String
        public var banner: String
        public var facts: [(label: String, value: String)]
        public var narrative: String
        public var contact: String
        public var orAgency: String
        public var caseText: String?

        public init(
            title: String, missing: String, banner: String, facts: [(label: String, value: String)], narrative: String, contact: String,
            orAgency: String, caseText: String?
        ) {
            self.narrative = narrative
            self.title = title
            self.missing = missing
            self.banner = banner
            self.facts = facts
            self.contact = contact
            self.orAgency = orAgency
            self.caseText = caseText
        }

        public static func english(_ poster: PublicPoster, today: CivilDate) -> Wording {
            Wording(
                title: "Missing: \(poster.name)", missing: "MISSING", banner: poster.banner, facts: poster.facts(on: today),
                narrative: poster.narrative,
                contact: "ANYONE HAVING INFORMATION SHOULD CONTACT", orAgency: "or \(poster.agencyName)",
                caseText: poster.caseNumber.map { "Case \($0)" })
        }
    }

    public static func render(_ poster: PublicPoster, photos: [Data], today: CivilDate, wording: Wording? = nil) throws -> Data {
        let wording = wording ?? .english(poster, today: today)
        return try PDFCanvas.render(size: .letter, title: wording.title) { page in
            let w = page.size.width
            let margin = 36.0
            page.fill(.red, x: 0, y: 0, width: w, height: 74)
            page.text(
                wording.missing, style: TextStyle(font: "DejaVu Sans Bold 44", color: .white, alignment: .center), x: margin, y: 12,
                width: w - 2 * margin)
            page.fill(.black, x: 0, y: 74, width: w, height: 28)
            page.text(
                wording.banner, style: TextStyle(font: "DejaVu Sans Bold 14", color: .white, alignment: .center), x: margin, y: 79,
                width: w - 2 * margin)
            var y = 120.0
            let photoWidth = 250.0
            let photoHeight = 310.0
            if let main = photos.first {
                page.image(main, x: margin, y: y, width: photoWidth, height: photoHeight)
            } else {
                page.stroke(.grey, lineWidth: 1, x: margin, y: y, width: photoWidth, height: photoHeight)
            }
            let left = margin + photoWidth + 24
            let columnWidth = w - left - margin
            y += page.text(poster.name, style: TextStyle(font: "DejaVu Sans Bold 24"), x: left, y: y, width: columnWidth) + 12
            // Labels get the width the longest of them needs in its language, up to half the column.
            let labelWidth = min(columnWidth / 2, wording.facts.map { Double($0.label.count) }.max().map { $0 * 6.6 + 4 } ?? 100)
            for (label, value) in wording.facts {
                let labelHeight = page.text(
                    label, style: TextStyle(font: "DejaVu Sans Bold 11", color: .grey), x: left, y: y, width: labelWidth)
                let valueHeight = page.text(
                    value, style: TextStyle(font: "DejaVu Sans 12"), x: left + labelWidth + 4, y: y - 1, width: columnWidth - labelWidth - 4
                )
                y += max(labelHeight, valueHeight, 14) + 6
            }
            if photos.count > 1 {
                page.image(photos[1], x: left, y: y + 4, width: 110, height: 130)
            }
            y = max(y, 120 + photoHeight) + 24
            page.text(
                wording.narrative, style: TextStyle(font: "DejaVu Sans 12", lineSpacing: 2), x: margin, y: y, width: w - 2 * margin)
            let footer = page.size.height - 150
            page.fill(PDFColor(hex: 0xF1F3F5), x: 0, y: footer, width: w, height: 150)
            page.text(
                wording.contact,
                style: TextStyle(font: "DejaVu Sans Bold 13", color: .red, alignment: .center), x: margin, y: footer + 18,
                width: w - 2 * margin)
            page.text(
                poster.hotline, style: TextStyle(font: "DejaVu Sans Bold 20", alignment: .center), x: margin, y: footer + 44,
                width: w - 2 * margin)
            page.text(
                "\(wording.orAgency) \(poster.agencyPhone)", style: TextStyle(font: "DejaVu Sans 14", alignment: .center), x: margin,
                y: footer + 78, width: w - 2 * margin)
            if let caseText = wording.caseText {
                page.text(
                    caseText, style: TextStyle(font: "DejaVu Sans Mono 9", color: .grey, alignment: .center), x: margin,
                    y: footer + 110, width: w - 2 * margin)
            }
        }
    }

}

/// A fictional portrait for demo posters: an abstract head-and-shoulders figure in flat colors,
/// never a photograph of anyone. PNG bytes.
public enum PlaceholderPortrait {
    public static func png(seed: Int, width: Int = 480, height: Int = 600) -> Data {
        let palette: [(Double, Double, Double)] = [
            (0.80, 0.86, 0.93), (0.87, 0.82, 0.75), (0.82, 0.89, 0.83), (0.90, 0.84, 0.88), (0.85, 0.85, 0.80),
        ]
        let skin: [(Double, Double, Double)] = [(0.55, 0.38, 0.27), (0.87, 0.72, 0.60), (0.72, 0.53, 0.40), (0.95, 0.80, 0.69)]
        let hair: [(Double, Double, Double)] = [(0.12, 0.09, 0.07), (0.35, 0.22, 0.12), (0.62, 0.45, 0.22), (0.20, 0.20, 0.22)]
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(width), Int32(height)) else { return Data() }
        defer { cairo_surface_destroy(surface) }
        let cr = cairo_create(surface)
        defer { cairo_destroy(cr) }
        let bg = palette[seed % palette.count]
        cairo_set_source_rgb(cr, bg.0, bg.1, bg.2)
        cairo_paint(cr)
        let w = Double(width)
        let h = Double(height)
        let shirt = palette[(seed + 2) % palette.count]
        cairo_set_source_rgb(cr, shirt.0 * 0.5, shirt.1 * 0.5, shirt.2 * 0.6)
        cairo_arc(cr, w / 2, h * 1.05, w * 0.48, Double.pi, 2 * Double.pi)
        cairo_fill(cr)
        let s = skin[seed % skin.count]
        cairo_set_source_rgb(cr, s.0, s.1, s.2)
        cairo_rectangle(cr, w * 0.43, h * 0.50, w * 0.14, h * 0.12)
        cairo_fill(cr)
        cairo_save(cr)
        cairo_translate(cr, w / 2, h * 0.40)
        cairo_scale(cr, 1, 1.22)
        cairo_arc(cr, 0, 0, w * 0.17, 0, 2 * Double.pi)
        cairo_restore(cr)
        cairo_fill(cr)
        let hr = hair[(seed / 3) % hair.count]
        cairo_set_source_rgb(cr, hr.0, hr.1, hr.2)
        cairo_save(cr)
        cairo_translate(cr, w / 2, h * 0.33)
        cairo_scale(cr, 1, 0.75)
        cairo_arc(cr, 0, 0, w * 0.19, Double.pi, 2 * Double.pi)
        cairo_restore(cr)
        cairo_fill(cr)
        final class Sink {
            var data = Data()
        }
        let sink = Sink()
        let box = Unmanaged.passUnretained(sink).toOpaque()
        withExtendedLifetime(sink) {
            _ = cairo_surface_write_to_png_stream(
                surface,
                { closure, bytes, length in
                    guard let closure, let bytes else { return CAIRO_STATUS_WRITE_ERROR }
                    Unmanaged<Sink>.fromOpaque(closure).takeUnretainedValue().data.append(bytes, count: Int(length))
                    return CAIRO_STATUS_SUCCESS
                }, box)
        }
        return sink.data
    }
}
