/// How long a call that must end at once (a refusal of a huge file, an alias bomb, a pipe nobody
/// writes to, a mutated input) may take before a test calls it hung. A guard against hangs and
/// runaway work only, far above what any machine needs, never a speed check: speed is measured by
/// the benchmark (scripts/bench.sh), on a release build, not asserted in a test.
public let hangGuardSeconds: Double = 60
