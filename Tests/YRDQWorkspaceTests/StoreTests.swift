import Testing
import HummingbirdTesting
@testable import YRDQWorkspace
