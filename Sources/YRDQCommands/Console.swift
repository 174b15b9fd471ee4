import Foundation
import YRDQCore

/// Where a command's output goes: the terminal, or a buffer in tests.
public protocol Console: AnyObject, Sendable {
    func out(_ text: String)
    func err(_ text: String)
    var isTerminal: Bool { get }
}

/// The terminal. Whatever a command prints passes `TerminalText.lines`: a control or bidi
/// character that came from the data is shown as an escape, never acted on by the terminal.
public final class StandardConsole: Console, @unchecked Sendable {
    public init() {}
    public func out(_ text: String) { FileHandle.standardOutput.write(Data((TerminalText.lines(text) + "\n").utf8)) }
    public func err(_ text: String) { FileHandle.standardError.write(Data((TerminalText.lines(text) + "\n").utf8)) }
    public var isTerminal: Bool { isatty(2) != 0 }
}

/// Collects output, for tests: escaped as the terminal's is.
public final class BufferConsole: Console, @unchecked Sendable {
    private let lock = NSLock()
    private var _stdout = "", _stderr = ""
    public init() {}
    public func out(_ text: String) { lock.withLock { _stdout += TerminalText.lines(text) + "\n" } }
    public func err(_ text: String) { lock.withLock { _stderr += TerminalText.lines(text) + "\n" } }
    public var stdout: String { lock.withLock { _stdout } }
    public var stderr: String { lock.withLock { _stderr } }
    public var isTerminal: Bool { false }
}
