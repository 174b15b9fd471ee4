import YRDQCore

/// A pilot profile from its text (what the workspace keeps of an evaluation's pilot.yaml),
/// read and checked exactly as `pilot.yaml` on disk is.
public enum ProfileText {
    public static func read(_ text: String, file: String) throws(InputErrors) -> PilotProfile {
        let root = try NodeReader.compose(text, file: file)
        let r = NodeReader(file: file)
        let profile = ProfileReader.read(root, r, indicatorCount: 10)
        if r.hasErrors || profile == nil { throw InputErrors(r.diagnostics) }
        var p = profile!
        p.source = file
        return p
    }
}
