import Foundation
import YRDQCommands

// A write past the file-size limit (ulimit -f) must fail with EFBIG and be reported, not kill the process.
signal(SIGXFSZ, SIG_IGN)

exit(YRDQCLI.main(arguments: Array(CommandLine.arguments.dropFirst())))
