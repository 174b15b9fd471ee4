/// The seal image a user names (`--seal`): checked whole before anything is written or
/// registered, so that `certificate issue` never registers a certificate whose documents then
/// fail on the seal, and no seal can exhaust memory when Cairo decodes it.
public enum SealImage {
    /// The most a seal file may take (a scanned seal is well under 1 MB).
    public static let maximumBytes = 8 * 1024 * 1024
    /// The most pixels across either side (Cairo holds the decoded image: 4 bytes a pixel).
    public static let maximumSide = 8000

    /// Refuses what is not a regular PNG file of a sensible size: a folder, a pipe or a device
    /// (`RegularFile`), another kind of file (a JPEG, a PDF, a key), a PNG of huge dimensions.
    public static func check(_ path: String) throws(InputErrors) {
        try RegularFile.check(path, what: "印章图片")
        let bytes: [UInt8]
        do {
            bytes = try RegularFile.bytes(at: path, maximumBytes: maximumBytes)
        } catch {
            throw InputErrors(error.diagnostics.map { d in
                var d = d
                if d.message.hasPrefix("文件过大") { d.message = "印章图片过大（超过 \(maximumBytes / 1024 / 1024) MB）" }
                return d
            })
        }
        let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        // The signature, then the IHDR chunk: length 13, "IHDR", width and height (big-endian).
        guard bytes.count >= 24, bytes.starts(with: signature), Array(bytes[12..<16]) == Array("IHDR".utf8) else {
            throw InputErrors([Diagnostic(file: path, "印章图片应为 PNG 文件（内容不予显示；请检查是否选错了文件）")])
        }
        func be32(_ i: Int) -> Int { bytes[i..<(i + 4)].reduce(0) { $0 << 8 | Int($1) } }
        let width = be32(16), height = be32(20)
        guard (1...maximumSide).contains(width), (1...maximumSide).contains(height) else {
            throw InputErrors([Diagnostic(file: path, "印章图片的尺寸 \(width)×\(height) 像素不合常理（每边应为 1 至 \(maximumSide) 像素）")])
        }
    }
}
