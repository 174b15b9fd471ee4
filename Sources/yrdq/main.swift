import Foundation
import YRDQCommands

exit(YRDQCLI.main(arguments: Array(CommandLine.arguments.dropFirst())))
