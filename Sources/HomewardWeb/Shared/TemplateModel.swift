import Foundation
import Mustache
import Synchronization

/// A model that templates read many times per page (a table's rows, the layout): its fields are
/// found by name through an index made once per type, instead of the template library's default of
/// reflecting every field of the value on each lookup. The index comes from the type's own
/// reflection, so it always has every stored field and a name that is not a field costs nothing.
protocol TemplateModel: MustacheParent {}

extension TemplateModel {
    func child(named name: String) -> Any? {
        let mirror = Mirror(reflecting: self)
        guard let offset = TemplateFieldIndex.shared.offset(of: name, in: Self.self, mirror: mirror) else { return nil }
        let children = mirror.children
        let value = children[children.index(children.startIndex, offsetBy: offset)].value
        // An optional field reads as its value, or as missing when it is nil.
        if let optional = value as? any OptionalValue { return optional.wrappedValue }
        return value
    }
}

private protocol OptionalValue {
    var wrappedValue: Any? { get }
}

extension Optional: OptionalValue {
    fileprivate var wrappedValue: Any? { map { $0 } }
}

/// Field offsets by name, per model type.
final class TemplateFieldIndex: Sendable {
    static let shared = TemplateFieldIndex()
    private let offsets = Mutex<[ObjectIdentifier: [String: Int]]>([:])

    func offset(of name: String, in type: Any.Type, mirror: Mirror) -> Int? {
        let key = ObjectIdentifier(type)
        return offsets.withLock { offsets in
            if let known = offsets[key] { return known[name] }
            var made: [String: Int] = [:]
            for (offset, child) in mirror.children.enumerated() {
                if let label = child.label, made[label] == nil { made[label] = offset }
            }
            offsets[key] = made
            return made[name]
        }
    }
}

extension LayoutModel: TemplateModel {}
extension ClockView: TemplateModel {}
extension CasePages.QueueRow: TemplateModel {}
extension CasePages.QueueModel: TemplateModel {}
extension ListChoice: TemplateModel {}
extension EpisodePages.Row: TemplateModel {}
extension EpisodePages.ListModel: TemplateModel {}
