import CCairo
import Foundation

/// A page size in PostScript points (1/72 inch).
public struct PageSize: Sendable, Equatable {
    public var width: Double
    public var height: Double

    public static let letter = PageSize(width: 612, height: 792)
    public static let letterLandscape = PageSize(width: 792, height: 612)
}

/// An RGB color, components 0…1.
public struct PDFColor: Sendable, Equatable {
    public var red: Double
    public var green: Double
    public var blue: Double

    public init(hex: UInt32) {
        red = Double((hex >> 16) & 0xFF) / 255
        green = Double((hex >> 8) & 0xFF) / 255
        blue = Double(hex & 0xFF) / 255
    }

    public static let black = PDFColor(hex: 0x1A1A1A)
    public static let navy = PDFColor(hex: 0x0B3D6E)
    public static let gold = PDFColor(hex: 0xB08D2E)
    public static let grey = PDFColor(hex: 0x5A6470)
    public static let red = PDFColor(hex: 0xA4161A)
    public static let white = PDFColor(hex: 0xFFFFFF)
}

/// How a block of text is set.
public struct TextStyle: Sendable {
    /// A Pango font description: family, style words and size in points ("DejaVu Serif Bold 28").
    public var font: String
    public var color: PDFColor
    public var alignment: Alignment
    /// Extra space between lines, in points.
    public var lineSpacing: Double

    public enum Alignment: Sendable { case left, center, right }

    public init(font: String, color: PDFColor = .black, alignment: Alignment = .left, lineSpacing: Double = 0) {
        self.font = font
        self.color = color
        self.alignment = alignment
        self.lineSpacing = lineSpacing
    }
}

/// Why a PDF could not be made.
public struct PDFError: Error, CustomStringConvertible {
    public var description: String
}

/// Draws one PDF document with Cairo, setting text with Pango (real shaping, kerning and line
/// breaking, any script the fonts cover). Each `PDFCanvas` is used by one task at a time.
public final class PDFCanvas {
    private final class Sink {
        var data = Data()
    }

    public let size: PageSize
    private let sink = Sink()
    private let surface: OpaquePointer
    private let cr: OpaquePointer

    /// Renders a document of pages of `size`; `draw` is called once and calls ``newPage()``
    /// between pages. Returns the PDF's bytes.
    public static func render(size: PageSize, title: String, _ draw: (PDFCanvas) throws -> Void) throws -> Data {
        let canvas = try PDFCanvas(size: size, title: title)
        try draw(canvas)
        return try canvas.finish()
    }

    private init(size: PageSize, title: String) throws {
        self.size = size
        let box = Unmanaged.passUnretained(sink).toOpaque()
        guard
            let surface = cairo_pdf_surface_create_for_stream(
                { closure, bytes, length in
                    guard let closure, let bytes else { return CAIRO_STATUS_WRITE_ERROR }
                    Unmanaged<Sink>.fromOpaque(closure).takeUnretainedValue().data.append(bytes, count: Int(length))
                    return CAIRO_STATUS_SUCCESS
                }, box, size.width, size.height)
        else { throw PDFError(description: "Cairo could not create a PDF surface.") }
        self.surface = surface
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "Homeward")
        guard let cr = cairo_create(surface) else { throw PDFError(description: "Cairo could not create a context.") }
        self.cr = cr
    }

    deinit {
        cairo_destroy(cr)
        cairo_surface_destroy(surface)
    }

    private func finish() throws -> Data {
        cairo_show_page(cr)
        cairo_surface_finish(surface)
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw PDFError(description: "Cairo failed: \(String(cString: cairo_status_to_string(status)))")
        }
        return sink.data
    }

    /// Ends the current page and starts another of the same size.
    public func newPage() { cairo_show_page(cr) }

    public func fill(_ color: PDFColor, x: Double, y: Double, width: Double, height: Double) {
        setColor(color)
        cairo_rectangle(cr, x, y, width, height)
        cairo_fill(cr)
    }

    public func stroke(_ color: PDFColor, lineWidth: Double, x: Double, y: Double, width: Double, height: Double) {
        setColor(color)
        cairo_set_line_width(cr, lineWidth)
        cairo_rectangle(cr, x, y, width, height)
        cairo_stroke(cr)
    }

    public func line(_ color: PDFColor, lineWidth: Double, from start: (Double, Double), to end: (Double, Double)) {
        setColor(color)
        cairo_set_line_width(cr, lineWidth)
        cairo_move_to(cr, start.0, start.1)
        cairo_line_to(cr, end.0, end.1)
        cairo_stroke(cr)
    }

    /// Sets `text` in a box `width` wide with its top at `y`, wrapping at word boundaries, and
    /// returns the height it took.
    @discardableResult
    public func text(_ text: String, style: TextStyle, x: Double, y: Double, width: Double) -> Double {
        guard let layout = pango_cairo_create_layout(cr) else { return 0 }
        defer { g_object_unref(UnsafeMutableRawPointer(layout)) }
        // PDF space is 72 units to the inch: point sizes are then exactly points.
        pango_cairo_context_set_resolution(pango_layout_get_context(layout), 72)
        pango_layout_context_changed(layout)
        let description = pango_font_description_from_string(style.font)
        defer { pango_font_description_free(description) }
        pango_layout_set_font_description(layout, description)
        pango_layout_set_width(layout, Int32(width * Double(PANGO_SCALE)))
        pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR)
        pango_layout_set_spacing(layout, Int32(style.lineSpacing * Double(PANGO_SCALE)))
        let alignment: PangoAlignment =
            switch style.alignment {
            case .left: PANGO_ALIGN_LEFT
            case .center: PANGO_ALIGN_CENTER
            case .right: PANGO_ALIGN_RIGHT
            }
        pango_layout_set_alignment(layout, alignment)
        pango_layout_set_text(layout, text, -1)
        setColor(style.color)
        cairo_move_to(cr, x, y)
        pango_cairo_show_layout(cr, layout)
        var w: Int32 = 0
        var h: Int32 = 0
        pango_layout_get_pixel_size(layout, &w, &h)
        return Double(h)
    }

    private func setColor(_ color: PDFColor) {
        cairo_set_source_rgb(cr, color.red, color.green, color.blue)
    }
}

/// Pictures placed on a PDF page. JPEG bytes are embedded as they are (Cairo cannot decode JPEG;
/// the PDF viewer does); PNG is decoded by Cairo.
extension PDFCanvas {
    /// Draws the JPEG or PNG `bytes` scaled to fit the box, centred; draws nothing for anything else.
    public func image(_ bytes: Data, x: Double, y: Double, width: Double, height: Double) {
        guard let (surface, w, h) = Self.imageSurface(bytes) else { return }
        defer { cairo_surface_destroy(surface) }
        let scale = min(width / Double(w), height / Double(h))
        let dx = x + (width - Double(w) * scale) / 2
        let dy = y + (height - Double(h) * scale) / 2
        cairo_save(cr)
        cairo_translate(cr, dx, dy)
        cairo_scale(cr, scale, scale)
        cairo_set_source_surface(cr, surface, 0, 0)
        cairo_paint(cr)
        cairo_restore(cr)
    }

    static func imageSurface(_ bytes: Data) -> (OpaquePointer, Int, Int)? {
        if let (w, h) = JPEGSize.read(bytes) {
            guard let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(w), Int32(h)) else { return nil }
            // The surface's pixels are never drawn: the PDF backend embeds the JPEG data instead.
            let copy = UnsafeMutableRawPointer.allocate(byteCount: bytes.count, alignment: 1)
            bytes.copyBytes(to: copy.assumingMemoryBound(to: UInt8.self), count: bytes.count)
            let status = cairo_surface_set_mime_data(
                surface, CAIRO_MIME_TYPE_JPEG, copy.assumingMemoryBound(to: UInt8.self), UInt(bytes.count), { $0?.deallocate() }, copy)
            guard status == CAIRO_STATUS_SUCCESS else {
                copy.deallocate()
                cairo_surface_destroy(surface)
                return nil
            }
            return (surface, w, h)
        }
        guard bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) else { return nil }
        final class Reader {
            let bytes: Data
            var offset = 0
            init(_ bytes: Data) { self.bytes = bytes }
        }
        let reader = Reader(bytes)
        let box = Unmanaged.passUnretained(reader).toOpaque()
        let surface = withExtendedLifetime(reader) {
            cairo_image_surface_create_from_png_stream(
                { closure, data, length in
                    guard let closure, let data else { return CAIRO_STATUS_READ_ERROR }
                    let reader = Unmanaged<Reader>.fromOpaque(closure).takeUnretainedValue()
                    let count = Int(length)
                    guard reader.offset + count <= reader.bytes.count else { return CAIRO_STATUS_READ_ERROR }
                    reader.bytes.copyBytes(
                        to: data,
                        from: reader.bytes.index(
                            reader.bytes.startIndex, offsetBy: reader.offset)..<reader.bytes.index(
                                reader.bytes.startIndex, offsetBy: reader.offset + count))
                    reader.offset += count
                    return CAIRO_STATUS_SUCCESS
                }, box)
        }
        guard let surface, cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS else {
            if let surface { cairo_surface_destroy(surface) }
            return nil
        }
        return (surface, Int(cairo_image_surface_get_width(surface)), Int(cairo_image_surface_get_height(surface)))
    }
}

/// The pixel size of a JPEG, from its start-of-frame marker.
enum JPEGSize {
    static func read(_ data: Data) -> (Int, Int)? {
        let bytes = [UInt8](data)
        guard bytes.count > 4, bytes[0] == 0xFF, bytes[1] == 0xD8 else { return nil }
        var i = 2
        while i + 9 < bytes.count {
            guard bytes[i] == 0xFF else { return nil }
            let marker = bytes[i + 1]
            if marker == 0xD8 || marker == 0x01 || (0xD0...0xD7).contains(marker) {
                i += 2
                continue
            }
            let length = Int(bytes[i + 2]) << 8 | Int(bytes[i + 3])
            // SOF0 to SOF15, except DHT (C4), JPG (C8) and DAC (CC).
            if (0xC0...0xCF).contains(marker) && ![0xC4, 0xC8, 0xCC].contains(marker) {
                let height = Int(bytes[i + 5]) << 8 | Int(bytes[i + 6])
                let width = Int(bytes[i + 7]) << 8 | Int(bytes[i + 8])
                return width > 0 && height > 0 ? (width, height) : nil
            }
            i += 2 + length
        }
        return nil
    }
}
