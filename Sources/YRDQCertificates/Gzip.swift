import CZlibGzip
import Foundation

/// GZIP (RFC 1952) through the system's zlib, as the Bitstring Status List's encodedList is
/// compressed. The header has no name and a zero time, so the same bits give the same bytes.
public enum Gzip {
    public enum Failure: Error, Equatable {
        /// Not GZIP data, or damaged.
        case malformed
        /// It would expand past the limit given.
        case tooLarge
    }

    public static func compress(_ data: Data) -> Data {
        var stream = z_stream()
        // windowBits 15 + 16: a gzip wrapper rather than zlib's own.
        guard deflateInit2_(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY,
                            ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            preconditionFailure("zlib: deflateInit2 failed")
        }
        defer { deflateEnd(&stream) }
        var input = [UInt8](data)
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(input.count))) + 32)
        let produced: Int = input.withUnsafeMutableBufferPointer { inBuf in
            output.withUnsafeMutableBufferPointer { outBuf in
                stream.next_in = inBuf.baseAddress
                stream.avail_in = uInt(inBuf.count)
                stream.next_out = outBuf.baseAddress
                stream.avail_out = uInt(outBuf.count)
                let status = deflate(&stream, Z_FINISH)
                precondition(status == Z_STREAM_END, "zlib: deflate did not finish (\(status))")
                return outBuf.count - Int(stream.avail_out)
            }
        }
        return Data(output.prefix(produced))
    }

    /// The data of one GZIP member, at most `maximumBytes` of it; nothing may follow it.
    public static func decompress(_ data: Data, maximumBytes: Int) throws(Failure) -> Data {
        guard data.count >= 18, data.starts(with: [0x1F, 0x8B]) else { throw .malformed }
        var stream = z_stream()
        guard inflateInit2_(&stream, 15 + 16, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw .malformed
        }
        defer { inflateEnd(&stream) }
        var input = [UInt8](data)
        var result = Data()
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        var failure: Failure? = nil
        input.withUnsafeMutableBufferPointer { inBuf in
            stream.next_in = inBuf.baseAddress
            stream.avail_in = uInt(inBuf.count)
            while failure == nil {
                let (status, count) = chunk.withUnsafeMutableBufferPointer { outBuf -> (Int32, Int) in
                    stream.next_out = outBuf.baseAddress
                    stream.avail_out = uInt(outBuf.count)
                    let status = inflate(&stream, Z_NO_FLUSH)
                    return (status, outBuf.count - Int(stream.avail_out))
                }
                result.append(contentsOf: chunk.prefix(count))
                if result.count > maximumBytes { failure = .tooLarge; break }
                if status == Z_STREAM_END {
                    if stream.avail_in != 0 { failure = .malformed }
                    break
                }
                if status != Z_OK || (count == 0 && stream.avail_in == 0) { failure = .malformed }
            }
        }
        if let failure { throw failure }
        return result
    }
}
