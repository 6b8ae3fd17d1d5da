import Foundation

/// A CASE package read from a file and checked on its own: required fields, identifiers,
/// association types, duplicates and the `isChildOf` tree inside it.
public struct CasePackageFile: Sendable {
    /// The file as the user named it, for messages.
    public let file: String
    /// The file's absolute path, kept with the package so a message can name it from anywhere.
    public var path: String { URL(fileURLWithPath: file).standardizedFileURL.path }
    /// The package text exactly as read; stored so a rebuild can load it again.
    public let text: String
    let package: CFPackage

    public var title: String { package.document.title }
    public var identifier: String { package.document.identifier }

    /// The largest package read: the biggest published frameworks are a few megabytes.
    static let largest = 64 << 20

    /// The packages named by `paths`: files, or folders whose `*.json` files are read in name
    /// order. Every problem in every file is collected before giving up; nothing is loaded
    /// unless all of them are sound.
    public static func read(_ paths: [String]) throws(InvalidDataset) -> [CasePackageFile] {
        var problems: [DataProblem] = []
        var packages: [CasePackageFile] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                problems.append(DataProblem(file: path, line: nil, column: nil, message: "no such file or folder"))
                continue
            }
            var files = [path]
            if isDirectory.boolValue {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
                files = names.filter { $0.lowercased().hasSuffix(".json") && !$0.hasPrefix(".") }.sorted()
                    .map { URL(fileURLWithPath: path).appendingPathComponent($0).path }
                if files.isEmpty {
                    problems.append(DataProblem(file: path, line: nil, column: nil, message: "folder holds no .json packages"))
                }
            }
            for file in files {
                guard let data = FileManager.default.contents(atPath: file) else {
                    problems.append(DataProblem(file: file, line: nil, column: nil, message: "cannot be read"))
                    continue
                }
                guard data.count <= largest else {
                    problems.append(DataProblem(file: file, line: nil, column: nil, message: "is larger than \(largest >> 20) MB"))
                    continue
                }
                guard let text = String(data: data, encoding: .utf8) else {
                    problems.append(DataProblem(file: file, line: nil, column: nil, message: "is not UTF-8 text"))
                    continue
                }
                switch parse(text, file: file) {
                case .success(let package): packages.append(package)
                case .failure(let found): problems += found.problems
                }
            }
        }
        problems += batchProblems(packages).map(\.dataProblem)
        if !problems.isEmpty { throw InvalidDataset(problems: problems) }
        return packages
    }

    /// One package from its text, or every problem found in it.
    static func parse(_ text: String, file: String) -> Result<CasePackageFile, InvalidDataset> {
        var reader = CaseReader(file: file)
        guard let package = reader.read(Data(text.utf8)) else {
            return .failure(InvalidDataset(problems: reader.problems.map(\.dataProblem)))
        }
        let problems = reader.problems + check(package, file: file, complete: reader.problems.isEmpty)
        guard problems.isEmpty else { return .failure(InvalidDataset(problems: problems.map(\.dataProblem))) }
        return .success(CasePackageFile(file: file, text: text, package: package))
    }

    /// Duplicate identifiers and codes, and `isChildOf` from something other than an item
    /// (when every item could be read: `complete`).
    static func check(_ package: CFPackage, file: String, complete: Bool = true) -> [CaseProblem] {
        var problems: [CaseProblem] = []
        var seen: [String: String] = [package.document.identifier: "CFDocument"]
        for item in package.items {
            let path = "CFItems[\(item.index)]"
            if let first = seen[item.identifier] {
                problems.append(CaseProblem(file: file, path: "\(path).identifier", message: "duplicate identifier \(item.identifier) (first at \(first))"))
            } else {
                seen[item.identifier] = path
            }
        }
        var codes: [String: Int] = [:]
        for item in package.items {
            guard let code = item.humanCodingScheme else { continue }
            if let first = codes[code] {
                problems.append(CaseProblem(file: file, path: "CFItems[\(item.index)].humanCodingScheme",
                                            message: "\"\(code)\" is also the code of CFItems[\(first)]; codes are the keys every link uses, so each must be unique"))
            } else {
                codes[code] = item.index
            }
        }
        let items = Set(package.items.map(\.identifier))
        for association in package.associations {
            let path = "CFAssociations[\(association.index)]"
            if let first = seen[association.identifier] {
                problems.append(CaseProblem(file: file, path: "\(path).identifier", message: "duplicate identifier \(association.identifier) (first at \(first))"))
            } else {
                seen[association.identifier] = path
            }
            if complete, association.associationType == "isChildOf", !items.contains(association.origin.identifier) {
                problems.append(CaseProblem(file: file, path: "\(path).originNodeURI.identifier",
                                            message: "isChildOf must start from an item of this package; \(association.origin.identifier) is not one"))
            }
            if association.origin.identifier == association.destination.identifier {
                problems.append(CaseProblem(file: file, path: path, message: "\(association.associationType) joins \(association.origin.identifier) to itself"))
            }
        }
        return problems
    }

    /// Problems between the packages of one load: the same document twice, an item or a code
    /// in two packages.
    static func batchProblems(_ packages: [CasePackageFile]) -> [CaseProblem] {
        var problems: [CaseProblem] = []
        var documents: [String: String] = [:]
        var items: [String: String] = [:]
        var codes: [String: String] = [:]
        for package in packages {
            if let first = documents[package.identifier] {
                problems.append(CaseProblem(file: package.file, path: "CFDocument.identifier",
                                            message: "the same CFDocument (\(package.identifier)) is also in \(first); give each package once"))
                continue
            }
            documents[package.identifier] = package.file
            for item in package.package.items {
                if let first = items[item.identifier] {
                    problems.append(CaseProblem(file: package.file, path: "CFItems[\(item.index)].identifier",
                                                message: "identifier \(item.identifier) is also an item of \(first)"))
                }
                items[item.identifier] = package.file
                if let code = item.humanCodingScheme {
                    if let first = codes[code], first != package.file {
                        problems.append(CaseProblem(file: package.file, path: "CFItems[\(item.index)].humanCodingScheme",
                                                    message: "code \"\(code)\" is also used in \(first)"))
                    }
                    codes[code] = package.file
                }
            }
        }
        return problems
    }
}
