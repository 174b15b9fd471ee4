/// The face of a designation certificate: one landscape page laid out as Chinese
/// certificates are, inside a double-ruled frame. Top centre the heading (证书) large in
/// the title face; in the middle the holder's name and the honour in large type, the
/// basis and the total in a sentence below them; lower right the issuing body and the
/// date, with room for the seal over them; lower left the QR code, the serial and how to
/// verify. The PDF and HTML writers place these parts; a writer that cannot place them
/// (Markdown) writes `blocks`, the same content in reading order.
public struct CertificateFace: Sendable, Equatable {
    /// "证　书".
    public var heading: String
    /// Who holds it (the pilot's name), in large type.
    public var holder: String
    /// A line under the holder's name (its region), in smaller type and in brackets; nil for none.
    public var holderNote: String?
    /// The honour granted ("长三角质量提升示范"), the largest line after the heading.
    public var honour: String
    /// The basis and the total, and "特发此证。": paragraphs under the honour.
    public var statement: [String]
    /// The issuing body and the date (and the user's seal image), lower right.
    public var issuer: Signature
    /// "证书编号：浙质示〔2026〕第001号", lower left beside the QR code.
    public var serial: String
    /// The verification code, lower left.
    public var qr: QRCode
    /// Small lines under the serial: how to verify, the certificate's id.
    public var notes: [String]

    public init(heading: String, holder: String, holderNote: String? = nil, honour: String, statement: [String],
                issuer: Signature, serial: String, qr: QRCode, notes: [String] = []) {
        self.heading = heading; self.holder = holder; self.holderNote = holderNote; self.honour = honour
        self.statement = statement; self.issuer = issuer; self.serial = serial; self.qr = qr; self.notes = notes
    }

    /// The content in reading order as ordinary blocks (title, the holder and the honour as
    /// centred lines, the statement, the signature, the serial, the QR code and the notes).
    public var blocks: [Block] {
        var blocks: [Block] = [.title([heading]), .paragraph([.text(holder)], style: .centered)]
        if let holderNote, !holderNote.isEmpty { blocks.append(.paragraph([.text("（\(holderNote)）")], style: .centered)) }
        blocks.append(.paragraph([.text(honour)], style: .centered))
        blocks += statement.map { .paragraph([.text($0)], style: .body) }
        blocks.append(.signature(issuer))
        blocks.append(.paragraph([.text(serial)], style: .plain))
        blocks.append(.qrCode(qr))
        blocks += notes.map { .paragraph([.text($0)], style: .note) }
        return blocks
    }
}
