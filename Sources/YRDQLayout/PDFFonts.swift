import CPangoCairo
import Foundation

/// The fonts of the layout (and so of the PDF and OFD writers) — fontconfig's configuration with the project fonts/ folder,
/// Pango's font map and context — loaded once and shared by every
/// document a process writes: a complete set pays for them once, and loading can overlap
/// reading the inputs. Not for concurrent use: one document at a time.
public final class PDFFonts: @unchecked Sendable {
    let system: FontSystem

    public convenience init(fontsDirectory: String?) {
        self.init(fontsDirectories: fontsDirectory.map { [$0] } ?? [])
    }

    /// Fonts from layered fonts/ folders, the first taking precedence file by file.
    public init(fontsDirectories: [String]) {
        system = FontSystem(fontsDirectories: fontsDirectories)
    }

    /// Per role: the face asked for first (the official one) and the face that serves it.
    public var roles: [FontRoleStatus] { FontRole.allCases.map { system.status(of: $0) } }

    /// Fonts being loaded on another thread.
    public final class Loading: @unchecked Sendable {
        private let done = DispatchSemaphore(value: 0)
        private var fonts: PDFFonts?

        fileprivate init(fontsDirectories: [String]) {
            Thread.detachNewThread { [self] in
                fonts = PDFFonts(fontsDirectories: fontsDirectories)
                done.signal()
            }
        }

        /// The fonts, once loaded (waits for the loading thread the first time).
        public var value: PDFFonts {
            done.wait()
            defer { done.signal() }
            return fonts!
        }
    }

    /// Starts loading the fonts on another thread and returns at once.
    public static func loadInBackground(fontsDirectory: String?) -> Loading {
        Loading(fontsDirectories: fontsDirectory.map { [$0] } ?? [])
    }

    /// Starts loading the fonts of layered fonts/ folders on another thread.
    public static func loadInBackground(fontsDirectories: [String]) -> Loading {
        Loading(fontsDirectories: fontsDirectories)
    }
}
