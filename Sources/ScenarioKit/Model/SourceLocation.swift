/// A place in a scenario file: what error messages and reports point at.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    /// The file's path, as given.
    public var file: String
    /// 1-based line.
    public var line: Int
    /// 1-based column.
    public var column: Int

    /// A location in `file`.
    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:column`, as compilers write it (editors and CI logs link it).
    public var description: String { "\(file):\(line):\(column)" }
}
