import Foundation
import YRDQDocument

/// Every character a document can put on paper: all of its text, found by walking its
/// values (so a field added to the model later is never missed), and what the writer sets
/// of its own — page numbers, 续表 and （续）, list numbers, the mark for a missing
/// character. The faces a PDF embeds are subset to these (FontSubsets).
enum DocumentCharacters {
    /// What the writer adds to a document's text: printable ASCII (page numbers, numbers of
    /// lists and tables), the dash of "— 1 —", the full-width forms of lists, and the labels
    /// the setters write themselves (续表, （续）, 附件：, 签发人：, 抄送：, （签字）：). A label
    /// left out here costs only size: its run is drawn from the whole face (FontSubsets).
    static let writerText: String = {
        var text = String((0x20...0x7E).map { Character(Unicode.Scalar(UInt8($0))) })
        text += "—–－−·•．，。、：；（）《》“”‘’　□续表注附件签发人抄送印专家组长字年月日第页"
        return text
    }()

    static func of(_ document: Document) -> Set<UInt32> {
        var set = Set(writerText.unicodeScalars.map(\.value))
        collect(document, into: &set)
        return set
    }

    /// Adds every scalar of every string inside `value`.
    private static func collect(_ value: Any, into set: inout Set<UInt32>) {
        switch value {
        case let text as String:
            for scalar in text.unicodeScalars { set.insert(scalar.value) }
        case let text as Substring:
            for scalar in text.unicodeScalars { set.insert(scalar.value) }
        case let character as Character:
            for scalar in character.unicodeScalars { set.insert(scalar.value) }
        case is Bool, is Int, is Double, is [Bool], is [[Bool]], is [Int], is [Double]:
            return
        default:
            for child in Mirror(reflecting: value).children { collect(child.value, into: &set) }
        }
    }
}
