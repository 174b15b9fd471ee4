/// Display width on a terminal: CJK and full-width characters take two columns.
func displayWidth(_ s: String) -> Int {
    s.unicodeScalars.reduce(0) { w, u in
        let v = u.value
        let wide = (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
            || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
            || (0xFFE0...0xFFE6).contains(v) || (0x20000...0x3FFFD).contains(v) || (0x1F300...0x1FAFF).contains(v)
        return w + (wide ? 2 : (v < 0x20 ? 0 : 1))
    }
}

/// Pads `s` on the right to `width` display columns.
func padRight(_ s: String, _ width: Int) -> String {
    s + String(repeating: " ", count: max(0, width - displayWidth(s)))
}
func padLeft(_ s: String, _ width: Int) -> String {
    String(repeating: " ", count: max(0, width - displayWidth(s))) + s
}
