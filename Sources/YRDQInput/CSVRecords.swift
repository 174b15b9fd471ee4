/// CSV text split into records (RFC 4180 as Excel and WPS write it), each with the physical
/// line it starts on, as a text editor numbers lines: a quoted field spanning several lines
/// moves the records after it down by as many lines. CR, LF and CRLF all end a line.
struct CSVRecords {
    struct Record {
        /// The physical line (from 1) the record starts on.
        var line: Int
        var fields: [String]
    }

    /// A quoted field that is never closed.
    struct UnclosedQuote: Error {
        /// The line of the opening quote.
        var line: Int
    }

    static func parse(_ text: String) throws(UnclosedQuote) -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field = String.UnicodeScalarView()
        var line = 1, recordLine = 1
        var quoted = false, quoteLine = 1
        var atRecordStart = true
        var it = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        func next() -> Unicode.Scalar? {
            if let p = pending { pending = nil; return p }
            return it.next()
        }
        func endField() { fields.append(String(field)); field = String.UnicodeScalarView() }
        func endRecord() {
            endField()
            records.append(Record(line: recordLine, fields: fields))
            fields = []
            atRecordStart = true
        }
        while let u = next() {
            if quoted {
                switch u {
                case "\"":
                    if let n = next() {
                        if n == "\"" { field.append("\"") } else { quoted = false; pending = n }
                    } else { quoted = false }
                case "\r":
                    // A line break inside a quoted field is part of the field, and a physical line.
                    line += 1
                    if let n = next() {
                        if n == "\n" { field.append("\r"); field.append("\n") } else { field.append("\r"); pending = n }
                    } else { field.append("\r") }
                case "\n":
                    line += 1
                    field.append(u)
                default:
                    field.append(u)
                }
                continue
            }
            if atRecordStart { recordLine = line; atRecordStart = false }
            switch u {
            case ",":
                endField()
            case "\r":
                if let n = next(), n != "\n" { pending = n }
                line += 1
                endRecord()
            case "\n":
                line += 1
                endRecord()
            case "\"" where field.isEmpty:
                quoted = true
                quoteLine = line
            default:
                // A quote inside an unquoted field, or text after a closing quote, is kept as typed.
                field.append(u)
            }
        }
        if quoted { throw UnclosedQuote(line: quoteLine) }
        if !atRecordStart { endRecord() }
        return records
    }
}
