#if canImport(Glibc)
import Glibc
#endif
import Foundation
import YRDQCore

/// One `yrdq batch-worker` process, as `batch` drives it: a request line on its stdin, an
/// answer line on its stdout (see `BatchWorkerCommand`). Its pipes are opened close-on-exec
/// and handed to it alone, so that no other worker holds them and its death is seen at once
/// as the end of its answers. What it writes on stderr is kept (the tail since the last
/// request) to explain a death.
final class BatchWorker {
    let pid: pid_t
    private let requests: Int32
    private let answers: Int32
    private var pending: [UInt8] = []
    private let errors = ErrorTail()

    /// What the worker wrote on stderr since the current request was sent (the last 8 KiB).
    private final class ErrorTail: @unchecked Sendable {
        let lock = NSLock()
        var bytes: [UInt8] = []
        let drained = DispatchSemaphore(value: 0)
        func append(_ chunk: ArraySlice<UInt8>) {
            lock.withLock { bytes += chunk; if bytes.count > 8192 { bytes.removeFirst(bytes.count - 8192) } }
        }
        func clear() { lock.withLock { bytes.removeAll() } }
        var text: String { lock.withLock { String(decoding: bytes, as: UTF8.self) } }
    }

    /// Starts `executable batch-worker ARGUMENTS`; throws a message when it cannot be started.
    init(executable: String, arguments: [String]) throws(InputErrors) {
        // One worker is started at a time, so that no other worker starting inherits these
        // pipes between their creation and close-on-exec being set.
        Self.starting.lock()
        defer { Self.starting.unlock() }
        var fds: [Int32] = []
        func makePipe() throws(InputErrors) -> (read: Int32, write: Int32) {
            var pair: [Int32] = [0, 0]
            guard pipe(&pair) == 0 else {
                for fd in fds { close(fd) }
                throw Self.failure("pipe")
            }
            for fd in pair { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
            fds += pair
            return (pair[0], pair[1])
        }
        let input = try makePipe(), output = try makePipe(), error = try makePipe()
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // dup2 clears close-on-exec on the copies: the worker holds its own three ends only.
        posix_spawn_file_actions_adddup2(&actions, input.read, 0)
        posix_spawn_file_actions_adddup2(&actions, output.write, 1)
        posix_spawn_file_actions_adddup2(&actions, error.write, 2)
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable, "batch-worker"] + arguments).map { strdup($0) } + [nil]
        defer { for a in argv { free(a) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        close(input.read); close(output.write); close(error.write)
        guard spawned == 0 else {
            close(input.write); close(output.read); close(error.read)
            throw InputErrors([Diagnostic(.error, file: executable, "无法启动工作进程：\(String(cString: strerror(spawned)))")])
        }
        self.pid = pid
        requests = input.write
        answers = output.read
        let errorEnd = error.read, tail = errors
        Thread.detachNewThread {
            var chunk = [UInt8](repeating: 0, count: 4096)
            while true {
                let n = read(errorEnd, &chunk, chunk.count)
                if n > 0 { tail.append(chunk[0..<n]); continue }
                if n < 0 && errno == EINTR { continue }
                break
            }
            close(errorEnd)
            tail.drained.signal()
        }
    }

    private static let starting = NSLock()

    private static func failure(_ call: String) -> InputErrors {
        InputErrors([Diagnostic(.error, "无法启动工作进程：\(call)：\(String(cString: strerror(errno)))")])
    }

    /// Renders one pilot: its exit status and messages, or nil when the worker died instead
    /// of answering (`ended()` then says how).
    func render(source: String, subfolder: String) -> (status: Int32, stderr: String)? {
        errors.clear()
        let line = JSON.object([("source", .string(source)), ("subfolder", .string(subfolder))]).serialized(pretty: false) + "\n"
        guard writeAll(Array(line.utf8)), let answer = readLine(),
              let object = try? JSONSerialization.jsonObject(with: Data(answer)) as? [String: Any],
              let status = object["status"] as? Int, let stderr = object["stderr"] as? String else { return nil }
        return (Int32(clamping: status), stderr)
    }

    private func writeAll(_ bytes: [UInt8]) -> Bool {
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { write(requests, $0.baseAddress, $0.count) }
            if n > 0 { sent += n } else if n < 0 && errno == EINTR { continue } else { return false }
        }
        return true
    }

    private func readLine() -> [UInt8]? {
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            if let end = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = Array(pending[..<end])
                pending.removeSubrange(...end)
                return line
            }
            let n = read(answers, &chunk, chunk.count)
            if n > 0 { pending += chunk[0..<n] } else if n < 0 && errno == EINTR { continue } else { return nil }
        }
    }

    /// After `render` gave nil: waits for the worker and says how it ended, with what it
    /// wrote on stderr; the status is the one a shell gives (128 + the signal).
    func ended() -> (status: Int32, reason: String) {
        close(requests); close(answers)
        let status = Self.wait(pid)
        errors.drained.wait()
        // The runtime's own words on a crash ("Fatal error: …", "*** Program crashed: … ***"),
        // not its backtrace; otherwise the last lines the worker wrote.
        let lines = errors.text.split(separator: "\n").filter { !$0.contains("警告") && !$0.allSatisfy(\.isWhitespace) }
        let crash = lines.filter { $0.contains("Fatal error") || $0.hasPrefix("*** Program crashed") }
        let said = (crash.isEmpty ? Array(lines.suffix(5)) : crash).joined(separator: "\n")
        let how: String
        if status > 128 {
            let signal = status - 128
            how = "收到信号 \(Self.signalNames[signal].map { "\($0)（\(signal)）" } ?? "\(signal)")"
        } else {
            how = "退出码 \(status)"
        }
        return (status, "处理该试点时工作进程意外终止（\(how)）；其余试点由新的工作进程继续处理" + (said.isEmpty ? "" : "\n" + said))
    }

    /// Ends a worker that has answered every request: closes its stdin and waits for it.
    func finish() {
        close(requests); close(answers)
        _ = Self.wait(pid)
        errors.drained.wait()
    }

    /// Waits for the process: its exit code, or 128 + the signal that ended it.
    private static func wait(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }

    private static let signalNames: [Int32: String] = [
        SIGSEGV: "SIGSEGV", SIGBUS: "SIGBUS", SIGILL: "SIGILL", SIGTRAP: "SIGTRAP", SIGABRT: "SIGABRT",
        SIGFPE: "SIGFPE", SIGKILL: "SIGKILL", SIGTERM: "SIGTERM", SIGINT: "SIGINT", SIGPIPE: "SIGPIPE",
    ]
}
