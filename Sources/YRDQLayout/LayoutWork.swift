/// Units of work the layout does, counted so that tests can check that setting a document
/// takes time linear in its input (speed itself is measured by the benchmark, never
/// asserted in a test). Each counter stands for a loop whose cost would grow faster than
/// the input if it went over a whole paragraph, table or document for each part of it.
package final class LayoutWork {
    /// HarfBuzz (6.0, Debian 12) places each combining mark by searching back through the
    /// marks before it in its cluster, so one shaping call costs about the square of its
    /// longest cluster: the sum of those squares, over all calls.
    package var shaperSteps = 0
    /// Bytes of text given to the shaper.
    package var shapedBytes = 0
    /// Characters the line breaker looked at (a character looked at again after a break
    /// fell back counts again).
    package var breakerSteps = 0
    /// Glyphs cut into lines, times the underlines each is checked against.
    package var lineSteps = 0
    /// Rows, pieces of rows and cells visited while a table is paginated and drawn.
    package var tableSteps = 0
    /// Blocks looked at while the document's blocks are flowed (the keeps look ahead).
    package var blockSteps = 0

    package var total: Int { shaperSteps + shapedBytes + breakerSteps + lineSteps + tableSteps + blockSteps }
}
