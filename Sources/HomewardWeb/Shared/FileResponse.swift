import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Files sent back to the browser: stored documents, photos, PDFs and CSV exports.
enum FileResponse {
    /// `bytes` as `contentType`, named `fileName` (an attachment unless `inline`; no name, no
    /// disposition), never kept by shared caches.
    static func file(
        _ bytes: some Sequence<UInt8>, contentType: String, fileName: String?, inline: Bool = false,
        cacheControl: String = "private, no-store"
    ) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = contentType
        if let fileName { headers[.contentDisposition] = "\(inline ? "inline" : "attachment"); filename=\"\(fileName)\"" }
        headers[.cacheControl] = cacheControl
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// A CSV download.
    static func csv(_ text: String, fileName: String) -> Response {
        file(Array(text.utf8), contentType: "text/csv; charset=utf-8", fileName: fileName, cacheControl: "no-store")
    }
}
