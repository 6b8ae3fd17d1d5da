/// Errors the command line shows as one line on stderr.
public enum CrosswalkError: Error, CustomStringConvertible, Equatable {
    /// Bad arguments: exit code 2.
    case usage(String)
    /// The request could not be met (unknown code, bad data, I/O): exit code 1.
    case failure(String)

    public var description: String {
        switch self {
        case .usage(let message), .failure(let message): message
        }
    }

    public var exitCode: Int32 {
        switch self {
        case .usage: 2
        case .failure: 1
        }
    }
}
