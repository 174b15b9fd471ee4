import Foundation

/// A seal image as the frames carry it: the PNG file's bytes and its size in pixels, read
/// from the IHDR chunk (the PDF writer decodes the pixels; the OFD writer embeds the file).
enum SealPNG {
    static func read(_ path: String) throws -> FrameImage {
        guard FileManager.default.fileExists(atPath: path) else {
            throw LayoutError.sealImage(path: path, reason: "文件不存在")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LayoutError.sealImage(path: path, reason: "无法读取")
        }
        let bytes = [UInt8](data.prefix(24))
        let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        // The signature, then the IHDR chunk first: length 13, "IHDR", width, height (big-endian).
        guard bytes.count == 24, Array(bytes[0..<8]) == signature, Array(bytes[12..<16]) == Array("IHDR".utf8) else {
            throw LayoutError.sealImage(path: path, reason: "不是 PNG 图片")
        }
        func word(_ at: Int) -> Int { bytes[at..<at + 4].reduce(0) { $0 << 8 | Int($1) } }
        let width = word(16), height = word(20)
        guard width > 0, height > 0 else { throw LayoutError.sealImage(path: path, reason: "图片为空") }
        var image = FrameImage(png: data, pixelWidth: width, pixelHeight: height)
        image.source = path
        return image
    }
}

/// What stops a document being laid out.
public enum LayoutError: Error, Equatable, CustomStringConvertible, LocalizedError {
    /// The seal image could not be read as PNG.
    case sealImage(path: String, reason: String)
    /// A table whose cells run past its columns or rows.
    case invalidTable([String])

    public var description: String {
        switch self {
        case .sealImage(let path, let reason): return "无法读取印章图片 \(path)（须为 PNG 文件）：\(reason)"
        case .invalidTable(let problems): return "表格无法排版：" + problems.joined(separator: "；")
        }
    }
    public var errorDescription: String? { description }
}
