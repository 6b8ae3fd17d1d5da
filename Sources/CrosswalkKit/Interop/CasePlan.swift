import SQLite

/// What the reference database holds that a CASE package can refer to or replace: every code
/// with its kind and place, and the CASE identifier of each.
struct ReferenceSnapshot {
    var kinds: [String: String] = [:]
    var standardFramework: [String: String] = [:]
    var elementStandard: [String: String] = [:]
    var indicatorCapability: [String: String] = [:]
    /// Folded capability name → id.
    var capabilityNames: [String: String] = [:]
    var frameworkKinds: [String: String] = [:]
    /// "programme number" of every Thing.
    var things: [String: String] = [:]
    /// CASE identifier → code; documents → framework id.
    var items: [String: String] = [:]
    var documents: [String: String] = [:]
    var capabilityFramework: String?

    static func read(_ database: Database) throws -> ReferenceSnapshot {
        var snapshot = ReferenceSnapshot()
        for (code, kind) in try database.query("SELECT code, kind FROM item", [], { ($0.string(0), $0.string(1)) }) {
            snapshot.kinds[code] = kind
            if kind == "framework" {
                snapshot.documents[InteropIdentity.identifier(for: code)] = code
            } else {
                snapshot.items[InteropIdentity.identifier(for: code)] = code
            }
        }
        for (identifier, code) in try InteropIdentity.published(database).map({ ($0.value.identifier, $0.key) }) {
            if snapshot.kinds[code] == "framework" { snapshot.documents[identifier] = code } else { snapshot.items[identifier] = code }
        }
        if try database.scalarInt("SELECT count(*) FROM sqlite_master WHERE name = 'case_package'") > 0 {
            for (identifier, framework) in try database.query("SELECT identifier, framework FROM case_package", [], { ($0.string(0), $0.string(1)) }) {
                snapshot.documents[identifier] = framework
            }
        }
        for (code, framework) in try database.query("SELECT code, framework FROM standard", [], { ($0.string(0), $0.string(1)) }) {
            snapshot.standardFramework[code] = framework
        }
        for (code, standard) in try database.query("SELECT code, standard FROM element", [], { ($0.string(0), $0.string(1)) }) {
            snapshot.elementStandard[code] = standard
        }
        for (code, capability) in try database.query("SELECT code, capability FROM indicator", [], { ($0.string(0), $0.string(1)) }) {
            snapshot.indicatorCapability[code] = capability
        }
        for (id, name) in try database.query("SELECT id, name FROM capability", [], { ($0.string(0), $0.string(1)) }) {
            snapshot.capabilityNames[Suggest.fold(name)] = id
        }
        for (id, kind) in try database.query("SELECT id, kind FROM framework ORDER BY id", [], { ($0.string(0), $0.string(1)) }) {
            snapshot.frameworkKinds[id] = kind
            if kind == "capability-framework", snapshot.capabilityFramework == nil { snapshot.capabilityFramework = id }
        }
        for (programme, number, code) in try database.query("SELECT programme, number, code FROM activity", [], { ($0.string(0), $0.int(1), $0.string(2)) }) {
            snapshot.things["\(programme) \(number)"] = code
        }
        return snapshot
    }
}

/// What loading a set of packages will write, worked out in full before anything is written.
struct CasePlan {
    enum Role: Equatable {
        case capability
        case indicator(CrosswalkKit.Role?)
        case standard(String?)
        case element(String?)
        case activity
        /// A heading above standards; not stored as an item, it becomes their group.
        case group
    }

    struct FrameworkRow {
        let id: String
        let name: String
        let publisher: String
        let edition: String?
        let kind: String
        let provenance: Provenance
        /// New (insert) or ours again (update name, publisher, edition, provenance).
        let isNew: Bool
    }

    struct Item {
        let package: Int
        let code: String
        let role: Role
        let isNew: Bool
        let identifier: String
        let uri: String
        /// Column values for the kind's table; nil leaves an existing value as it is.
        var values: [String: SQLValue?]
        let provenance: Provenance
    }

    struct Link {
        let package: Int
        let from: String
        let to: String
        let kind: LinkKind
        let strength: Double
        let rationale: String
        let provenance: Provenance
    }

    struct Package {
        let file: CasePackageFile
        var framework: String
        var frameworkRow: FrameworkRow?
        var skipped = 0
    }

    var packages: [Package] = []
    var items: [Item] = []
    var links: [Link] = []
}

/// Works out a `CasePlan` for packages against what the database holds, reporting every
/// problem as `FILE: JSON-PATH: message`.
struct CasePlanner {
    let snapshot: ReferenceSnapshot
    let packages: [CasePackageFile]
    /// Frameworks earlier loads of these documents went into.
    var previousFrameworks: [String: String] = [:]

    private enum Parent: Hashable {
        case top
        case node(Int)
        case existing(String)
    }

    private struct Node {
        let package: Int
        let index: Int
        let item: CFItem
        var code: String
        var existing: String?
        var parent: Parent = .top
        /// The isChildOf association that gave it its parent.
        var parentAssociation: Int?
        /// Its isChildOf names a node nowhere to be found, or goes round in a cycle: reported
        /// once, and the item is left out of the rest of the planning.
        var parentUnknown = false
        var sequence: Int
        var path: String { "CFItems[\(index)]" }
    }

    private(set) var problems: [CaseProblem] = []
    private var nodes: [Node] = []
    private var nodeByIdentifier: [String: Int] = [:]
    private var documentPackage: [String: Int] = [:]
    private var roles: [Int: CasePlan.Role] = [:]

    init(snapshot: ReferenceSnapshot, packages: [CasePackageFile], previousFrameworks: [String: String] = [:]) {
        self.snapshot = snapshot
        self.packages = packages
        self.previousFrameworks = previousFrameworks
    }

    /// Problems found, by the package each belongs to.
    var problemsByPackage: [Int: [CaseProblem]] {
        Dictionary(grouping: problems) { $0.package ?? -1 }
    }

    mutating func plan() -> CasePlan {
        collectNodes()
        linkParents()
        findCycles()
        for index in nodes.indices { _ = role(of: index, visiting: []) }
        var plan = CasePlan()
        let frameworks = chooseFrameworks()
        for (index, package) in packages.enumerated() {
            plan.packages.append(CasePlan.Package(file: package, framework: frameworks[index].id, frameworkRow: frameworks[index].row))
        }
        planItems(into: &plan)
        planLinks(into: &plan)
        return plan
    }

    // MARK: Nodes and the tree

    private mutating func fail(_ package: Int, _ path: String, _ message: String) {
        problems.append(CaseProblem(file: packages[package].file, path: path, message: message, package: package))
    }

    private mutating func collectNodes() {
        // Codes and identifiers of new items are claimed by the first package that has them.
        var claimed: [String: Int] = [:]
        for (packageIndex, package) in packages.enumerated() {
            documentPackage[package.identifier] = packageIndex
            for item in package.package.items {
                let index = item.index
                var code = item.humanCodingScheme ?? item.identifier
                var existing = snapshot.kinds[code]
                // A capability may be named rather than coded ("Vision").
                if existing == nil, declaredRole(item) == .capability,
                   let id = snapshot.capabilityNames[Suggest.fold(item.abbreviatedStatement ?? item.fullStatement)] {
                    code = id
                    existing = "capability"
                }
                var node = Node(package: packageIndex, index: index, item: item, code: code, existing: existing, sequence: index + 1)
                if let kind = existing, !["capability", "indicator", "standard", "element", "activity"].contains(kind) {
                    fail(packageIndex, "\(node.path).humanCodingScheme",
                         "\"\(code)\" is the code of a \(kind) here; a CASE item cannot take it")
                    node.existing = nil
                }
                if let other = nodeByIdentifier[item.identifier], nodes[other].package != packageIndex {
                    fail(packageIndex, "\(node.path).identifier",
                         "identifier \(item.identifier) is also an item of \(packages[nodes[other].package].file)")
                    continue
                }
                if node.existing == nil {
                    if let other = claimed[code], other != packageIndex {
                        fail(packageIndex, "\(node.path).humanCodingScheme", "code \"\(code)\" is also an item of \(packages[other].file)")
                        continue
                    }
                    claimed[code] = packageIndex
                }
                nodeByIdentifier[item.identifier] = nodes.count
                nodes.append(node)
            }
        }
    }

    /// The node an association end names: an item of a package being loaded, a document, or
    /// an item or framework already in the database.
    private enum End {
        case node(Int)
        case document(String)
        case existing(String)
        case unknown
    }

    private func resolve(_ reference: CFNodeReference) -> End {
        if let index = nodeByIdentifier[reference.identifier] { return .node(index) }
        if documentPackage[reference.identifier] != nil { return .document(reference.identifier) }
        if let code = snapshot.items[reference.identifier] { return .existing(code) }
        if let framework = snapshot.documents[reference.identifier] { return .document(framework) }
        // A reference by URI alone, to one of ours.
        if reference.uri.hasPrefix("urn:uuid:") {
            let identifier = String(reference.uri.dropFirst("urn:uuid:".count)).lowercased()
            if let index = nodeByIdentifier[identifier] { return .node(index) }
            if let code = snapshot.items[identifier] { return .existing(code) }
        }
        return .unknown
    }

    private mutating func linkParents() {
        var hasParent = Set<Int>()
        for (packageIndex, package) in packages.enumerated() {
            for association in package.package.associations where association.associationType == "isChildOf" {
                let path = "CFAssociations[\(association.index)]"
                guard let child = nodeByIdentifier[association.origin.identifier], nodes[child].package == packageIndex else { continue }
                let parent: Parent
                switch resolve(association.destination) {
                case .node(let other): parent = .node(other)
                case .document: parent = .top
                case .existing(let code): parent = .existing(code)
                case .unknown:
                    fail(packageIndex, "\(path).destinationNodeURI",
                         "isChildOf to an unknown node \(association.destination.identifier) (\"\(association.destination.title)\"): not in this package, another one given, or the reference data")
                    nodes[child].parentUnknown = true
                    continue
                }
                // An item under several parents (CASE allows it) sits under its first one here.
                guard hasParent.insert(child).inserted else {
                    packagesSkipped[packageIndex, default: 0] += 1
                    continue
                }
                nodes[child].parent = parent
                nodes[child].parentAssociation = association.index
                if let number = association.sequenceNumber { nodes[child].sequence = number }
            }
        }
    }

    private var packagesSkipped: [Int: Int] = [:]

    /// An `isChildOf` chain that comes back to where it started is reported once, and cut so
    /// that the rest of the planning can go on.
    private mutating func findCycles() {
        var done = Set<Int>()
        for start in nodes.indices where !done.contains(start) {
            var path: [Int] = []
            var onPath = Set<Int>()
            var current = start
            var loopsAt: Int?
            while !done.contains(current) {
                guard onPath.insert(current).inserted else {
                    loopsAt = current
                    break
                }
                path.append(current)
                guard case .node(let parent) = nodes[current].parent else { break }
                current = parent
            }
            if let loopsAt, let loopStart = path.firstIndex(of: loopsAt) {
                let loop = Array(path[loopStart...])
                let chain = (loop + [loopsAt]).map { nodes[$0].code }.joined(separator: " → ")
                let last = loop.last!
                fail(nodes[last].package, nodes[last].parentAssociation.map { "CFAssociations[\($0)]" } ?? nodes[last].path,
                     "isChildOf makes a cycle: \(chain)")
                nodes[last].parent = .top
                for member in loop { nodes[member].parentUnknown = true }
            }
            done.formUnion(path)
        }
        children = [:]
        for index in nodes.indices { children[nodes[index].parent, default: []].append(index) }
        for key in children.keys {
            children[key]!.sort { (nodes[$0].sequence, $0) < (nodes[$1].sequence, $1) }
        }
    }

    private var children: [Parent: [Int]] = [:]

    // MARK: Roles

    private func declaredRole(_ item: CFItem) -> CasePlan.Role? {
        guard let type = item.itemType?.lowercased() else { return nil }
        if type == "capability" { return .capability }
        if type == "thing" { return .activity }
        if let kind = CaseExport.standardTypes.first(where: { $0.value.lowercased() == type })?.key { return .standard(kind) }
        if let kind = CaseExport.elementTypes.first(where: { $0.value.lowercased() == type })?.key { return .element(kind) }
        if type.contains("indicator") {
            return .indicator(CrosswalkKit.Role.allCases.first { type.contains($0.rawValue) })
        }
        return nil
    }

    private func existingRole(_ kind: String) -> CasePlan.Role? {
        switch kind {
        case "capability": .capability
        case "indicator": .indicator(nil)
        case "standard": .standard(nil)
        case "element": .element(nil)
        case "activity": .activity
        default: nil
        }
    }

    /// Whether a node below `index` is surely a standard (by its code or its type): then
    /// `index` is a heading above standards rather than a standard itself.
    private func hasStandardBelow(_ index: Int) -> Bool {
        var stack = [index]
        var seen: Set<Int> = [index]
        while let current = stack.popLast() {
            for child in children[.node(current)] ?? [] where seen.insert(child).inserted {
                let node = nodes[child]
                if node.existing == "standard" { return true }
                if case .standard = declaredRole(node.item) { return true }
                stack.append(child)
            }
        }
        return false
    }

    private mutating func role(of index: Int, visiting: Set<Int>) -> CasePlan.Role {
        if let known = roles[index] { return known }
        let node = nodes[index]
        let parentRole: CasePlan.Role?
        switch node.parent {
        case .top: parentRole = nil
        case .existing(let code): parentRole = snapshot.kinds[code].flatMap(existingRole)
        case .node(let parent): parentRole = visiting.contains(parent) ? nil : role(of: parent, visiting: visiting.union([index]))
        }
        let resolved: CasePlan.Role
        if let kind = node.existing, let existing = existingRole(kind) {
            resolved = existing
        } else if let declared = declaredRole(node.item) {
            resolved = declared
        } else {
            switch parentRole {
            case .standard, .element: resolved = .element(nil)
            case .capability: resolved = .indicator(nil)
            case .indicator, .activity: resolved = .element(nil)
            case nil, .group: resolved = hasStandardBelow(index) ? .group : .standard(nil)
            }
        }
        roles[index] = resolved
        return resolved
    }

    // MARK: Frameworks

    private static func slug(_ title: String) -> String {
        var slug = ""
        for scalar in title.lowercased().unicodeScalars {
            if scalar.isASCII, CharacterSetLite.isAlphanumeric(scalar) {
                slug.unicodeScalars.append(scalar)
            } else if !slug.isEmpty, !slug.hasSuffix("-") {
                slug += "-"
            }
        }
        while slug.hasSuffix("-") { slug.removeLast() }
        return String((slug.isEmpty ? "case-framework" : slug).prefix(60))
    }

    private mutating func chooseFrameworks() -> [(id: String, row: CasePlan.FrameworkRow?)] {
        var chosen: [(String, CasePlan.FrameworkRow?)] = []
        var taken = Set<String>()
        let nodeCodes = Set(nodes.map(\.code))
        for (packageIndex, package) in packages.enumerated() {
            let document = package.package.document
            let notes = CaseNotes.parse(document.notes)
            let members = nodes.indices.filter { nodes[$0].package == packageIndex }
            let provenance = notes.provenance ?? Provenance(
                sourceURL: document.officialSourceURL ?? document.uri, status: "confirmed", origin: "official")
            let inferredKind: String = {
                if let type = document.frameworkType, DatasetSpec.frameworkKinds.contains(type) { return type }
                if members.contains(where: { roles[$0] == .capability }) { return "capability-framework" }
                if members.contains(where: { roles[$0] == .activity }) { return "learning-programme" }
                return "competency-framework"
            }()
            func row(_ id: String, isNew: Bool) -> CasePlan.FrameworkRow {
                CasePlan.FrameworkRow(id: id, name: document.title, publisher: document.creator, edition: document.version ?? notes["Edition"],
                                      kind: inferredKind, provenance: provenance, isNew: isNew)
            }

            // Ours, exported by crosswalk: back into the framework it came from.
            if let id = notes["Framework"] {
                if let kind = snapshot.kinds[id], kind != "framework" {
                    fail(packageIndex, "CFDocument.notes", "Framework: \"\(id)\" is the code of a \(kind) here, not a framework")
                }
                taken.insert(id)
                chosen.append((id, row(id, isNew: snapshot.frameworkKinds[id] == nil)))
                continue
            }
            // Items that are ours already (by code): the framework they belong to.
            var homes = Set<String>()
            for index in members {
                let node = nodes[index]
                switch node.existing {
                case "standard": homes.formUnion([snapshot.standardFramework[node.code]].compactMap { $0 })
                case "element": homes.formUnion([snapshot.elementStandard[node.code].flatMap { snapshot.standardFramework[$0] }].compactMap { $0 })
                case "capability", "indicator": homes.formUnion([snapshot.capabilityFramework].compactMap { $0 })
                case "activity": break
                default: break
                }
                if case .existing(let parent) = node.parent {
                    switch snapshot.kinds[parent] {
                    case "standard": homes.formUnion([snapshot.standardFramework[parent]].compactMap { $0 })
                    case "element": homes.formUnion([snapshot.elementStandard[parent].flatMap { snapshot.standardFramework[$0] }].compactMap { $0 })
                    case "capability": homes.formUnion([snapshot.capabilityFramework].compactMap { $0 })
                    default: break
                    }
                }
            }
            if homes.count == 1, let home = homes.first {
                taken.insert(home)
                chosen.append((home, nil))
                continue
            }
            // A framework of its own.
            var id = previousFrameworks[document.identifier] ?? Self.slug(document.title)
            if snapshot.kinds[id] != nil || taken.contains(id) || nodeCodes.contains(id) {
                id = Self.slug(document.title) + "-" + document.identifier.prefix(8)
            }
            taken.insert(id)
            chosen.append((id, row(id, isNew: snapshot.kinds[id] == nil)))
        }
        return chosen
    }

    // MARK: Items

    private func capabilityAbove(_ index: Int) -> String? {
        var current = nodes[index].parent
        while true {
            switch current {
            case .top: return nil
            case .existing(let code):
                switch snapshot.kinds[code] {
                case "capability": return code
                case "indicator": return snapshot.indicatorCapability[code]
                default: return nil
                }
            case .node(let parent):
                if roles[parent] == .capability { return nodes[parent].code }
                current = nodes[parent].parent
            }
        }
    }

    /// The standard an element sits under, and the headings above a standard.
    private func standardAbove(_ index: Int) -> String? {
        var current = nodes[index].parent
        while true {
            switch current {
            case .top: return nil
            case .existing(let code):
                switch snapshot.kinds[code] {
                case "standard": return code
                case "element": return snapshot.elementStandard[code]
                default: return nil
                }
            case .node(let parent):
                if case .standard = roles[parent] { return nodes[parent].code }
                current = nodes[parent].parent
            }
        }
    }

    private func headings(above index: Int) -> String? {
        var labels: [String] = []
        var current = nodes[index].parent
        while case .node(let parent) = current, roles[parent] == .group {
            let item = nodes[parent].item
            let title = item.abbreviatedStatement ?? item.fullStatement
            labels.insert(item.humanCodingScheme.map { "\($0) \(title)" } ?? title, at: 0)
            current = nodes[parent].parent
        }
        return labels.isEmpty ? nil : labels.joined(separator: " / ")
    }

    /// The item's number: its listEnumeration when that is a whole number, else its place
    /// among its siblings.
    private func position(of index: Int) -> Int {
        if let text = nodes[index].item.listEnumeration, let number = Int(text) { return number }
        let siblings = (children[nodes[index].parent] ?? []).filter { nodes[$0].package == nodes[index].package }
        return (siblings.firstIndex(of: index) ?? 0) + 1
    }

    private mutating func planItems(into plan: inout CasePlan) {
        var thingNumbers = snapshot.things
        for index in nodes.indices {
            let node = nodes[index]
            let package = plan.packages[node.package]
            let document = package.file.package.document
            let item = node.item
            let path = node.path
            let notes = CaseNotes.parse(item.notes)
            let provenance = notes.provenance ?? Provenance(
                sourceURL: document.officialSourceURL ?? document.uri, status: "confirmed", origin: "official")
            let keywords: SQLValue? = item.conceptKeywords.isEmpty ? nil : .text(item.conceptKeywords.joined(separator: "; "))
            let isNew = node.existing == nil
            let role = roles[index] ?? .group
            var values: [String: SQLValue?] = [:]
            func add() {
                plan.items.append(CasePlan.Item(package: node.package, code: node.code, role: role, isNew: isNew,
                                                identifier: item.identifier, uri: item.uri, values: values, provenance: provenance))
            }

            if isCut(index) { continue }
            switch role {
            case .group:
                continue

            case .capability:
                if isNew {
                    guard let position = Capability.ids.firstIndex(of: node.code) else {
                        fail(node.package, "\(path).humanCodingScheme",
                             "\"\(node.code)\" is not one of the six SSSC leadership capabilities (\(Capability.ids.joined(separator: ", "))); crosswalk maps onto those six only")
                        continue
                    }
                    values = ["position": .integer(Int64(position + 1)),
                              "name": .text(item.abbreviatedStatement ?? item.fullStatement), "definition": .text(item.fullStatement)]
                } else {
                    values = ["definition": .text(item.fullStatement)]
                    if let name = item.abbreviatedStatement { values["name"] = .text(name) }
                }
                if let parent = parentRole(index), parent != .group {
                    fail(node.package, path, "a capability must be at the top of the framework, not under another item")
                }
                values["keywords"] = keywords
                add()

            case .indicator(let declared):
                guard let capability = capabilityAbove(index) else {
                    fail(node.package, path, "an indicator must sit (isChildOf) under one of the six capabilities")
                    continue
                }
                if !isNew, let home = snapshot.indicatorCapability[node.code], home != capability {
                    fail(node.package, path, "indicator \(node.code) belongs to \(home) here, but the package puts it under \(capability)")
                }
                values = ["text": .text(item.fullStatement), "keywords": keywords]
                if isNew {
                    guard let roleName = declared ?? declaredRole(item).flatMap({ if case .indicator(let r) = $0 { r } else { nil } }) else {
                        fail(node.package, "\(path).CFItemType",
                             "say which role this indicator is for: CFItemType \"Frontline indicator\", \"Manager indicator\" or \"Strategic indicator\"")
                        continue
                    }
                    values["capability"] = .text(capability)
                    values["role"] = .text(roleName.rawValue)
                    values["position"] = .integer(Int64(position(of: index)))
                } else if let roleName = declared {
                    values["role"] = .text(roleName.rawValue)
                }
                add()

            case .standard(let declared):
                if let parent = parentRole(index), parent != .group {
                    fail(node.package, path, "a standard (here: a top-level item) cannot sit under another standard or element; give it a CFItemType such as \"Performance criteria\" if it is part of one")
                    continue
                }
                let title = item.abbreviatedStatement ?? item.fullStatement
                values = ["title": .text(title), "keywords": keywords]
                if item.abbreviatedStatement != nil {
                    values["overview"] = item.fullStatement == title ? SQLValue.null : .text(item.fullStatement)
                }
                if let group = notes["Group"] ?? headings(above: index) { values["grp"] = .text(group) }
                if isNew {
                    values["framework"] = .text(package.framework)
                    values["kind"] = .text(declared ?? "statement")
                } else if let declared {
                    values["kind"] = .text(declared)
                }
                add()

            case .element(let declared):
                guard let standard = standardAbove(index) else {
                    fail(node.package, path, "this item sits under something that is not a standard; crosswalk keeps sub-items only under standards")
                    continue
                }
                if !isNew, let home = snapshot.elementStandard[node.code], home != standard {
                    fail(node.package, path, "element \(node.code) belongs to \(home) here, but the package puts it under \(standard)")
                }
                values = ["text": .text(item.fullStatement), "keywords": keywords]
                if isNew {
                    values["standard"] = .text(standard)
                    values["kind"] = .text(declared ?? "statement")
                    values["position"] = .integer(Int64(position(of: index)))
                } else if let declared {
                    values["kind"] = .text(declared)
                }
                add()

            case .activity:
                let title = item.abbreviatedStatement ?? item.fullStatement
                values = ["title": .text(title), "keywords": keywords]
                if item.abbreviatedStatement != nil {
                    values["theme"] = item.fullStatement == title ? SQLValue.null : .text(item.fullStatement)
                }
                if let badge = notes["Badge"] { values["badge"] = .text(badge) }
                if let badge = notes["Group badge"] { values["group_badge"] = .text(badge) }
                if let words = notes["Minimum words"] {
                    guard let number = Int(words), number > 0 else {
                        fail(node.package, "\(path).notes", "Minimum words: \"\(words)\" is not a whole number above 0")
                        continue
                    }
                    values["min_words"] = .integer(Int64(number))
                }
                if isNew {
                    guard ["23-things-leadership", "23-things-elc"].contains(package.framework) else {
                        fail(node.package, "\(path).CFItemType", "a Thing can only be loaded into 23-things-leadership or 23-things-elc, not \(package.framework)")
                        continue
                    }
                    guard let text = item.listEnumeration ?? notes["Number"], let number = Int(text), (1...23).contains(number) else {
                        fail(node.package, "\(path).listEnumeration", "a Thing needs its number, 1 to 23")
                        continue
                    }
                    if let other = thingNumbers["\(package.framework) \(number)"], other != node.code {
                        fail(node.package, "\(path).listEnumeration", "Thing \(number) of \(package.framework) is already \(other)")
                        continue
                    }
                    thingNumbers["\(package.framework) \(number)"] = node.code
                    values["programme"] = .text(package.framework)
                    values["number"] = .integer(Int64(number))
                }
                add()
            }
        }
        for (index, skipped) in packagesSkipped { plan.packages[index].skipped += skipped }
    }

    /// Whether the item, or an item above it, has a parent already reported as unknown or
    /// as part of a cycle: its place is not known, so nothing more is said about it.
    private func isCut(_ index: Int) -> Bool {
        var current = index
        var steps = 0
        while steps <= nodes.count {
            if nodes[current].parentUnknown { return true }
            guard case .node(let parent) = nodes[current].parent else { return false }
            current = parent
            steps += 1
        }
        return true
    }

    private func parentRole(_ index: Int) -> CasePlan.Role? {
        switch nodes[index].parent {
        case .top: nil
        case .node(let parent): roles[parent]
        case .existing(let code): snapshot.kinds[code].flatMap(existingRole)
        }
    }

    // MARK: Links

    private mutating func planLinks(into plan: inout CasePlan) {
        let capabilityCodes = Set(nodes.indices.filter { roles[$0] == .capability }.map { nodes[$0].code })
        for (packageIndex, package) in packages.enumerated() {
            let document = package.package.document
            for association in package.package.associations where association.associationType != "isChildOf" {
                let path = "CFAssociations[\(association.index)]"
                let ends = [(association.origin, "originNodeURI"), (association.destination, "destinationNodeURI")].map { reference, side in
                    (reference, side, resolve(reference))
                }
                var unknown = false
                for (reference, side, end) in ends {
                    guard case .unknown = end else { continue }
                    fail(packageIndex, "\(path).\(side)",
                         "\(association.associationType) to an unknown node \(reference.identifier) (\"\(reference.title)\"): not in this package, another one given, or the reference data")
                    unknown = true
                }
                if unknown { continue }
                // Only items link; a document or a heading has no row to link.
                let codes = ends.map { _, _, end -> String? in
                    switch end {
                    case .node(let node): roles[node] == .group ? nil : nodes[node].code
                    case .existing(let code): code
                    case .document, .unknown: nil
                    }
                }
                guard let origin = codes[0], let destination = codes[1] else {
                    plan.packages[packageIndex].skipped += 1
                    continue
                }
                let notes = CaseNotes.parse(association.notes)
                let written = notes["Crosswalk link"].flatMap(LinkKind.init(rawValue:))
                let kind: LinkKind
                var from = origin, to = destination
                var strength = 0.6
                switch association.associationType {
                case "replacedBy":
                    kind = .replaces
                    (from, to) = (destination, origin)
                case "isRelatedTo":
                    let towardCapability = snapshot.kinds[destination] == "capability"
                        || capabilityCodes.contains(destination)
                    kind = written ?? (towardCapability ? .evidences : .relatesTo)
                case "exactMatchOf":
                    kind = written ?? .relatesTo
                    strength = 1
                case "isPeerOf", "isPartOf":
                    kind = written ?? .relatesTo
                default:
                    plan.packages[packageIndex].skipped += 1
                    continue
                }
                if kind == .builtOn {
                    plan.packages[packageIndex].skipped += 1
                    continue
                }
                if let text = notes["Strength"] {
                    guard let number = Double(text), number >= 0.01, number <= 1 else {
                        fail(packageIndex, "\(path).notes", "Strength: \"\(text)\" is not a number from 0.01 to 1")
                        continue
                    }
                    strength = number
                }
                let provenance = notes.provenance ?? Provenance(
                    sourceURL: document.officialSourceURL ?? document.uri, status: "confirmed", origin: "official")
                let rationale = notes["Rationale"] ?? "\(association.associationType) association in the CASE package \"\(document.title)\"."
                plan.links.append(CasePlan.Link(package: packageIndex, from: from, to: to, kind: kind, strength: strength,
                                                rationale: rationale, provenance: provenance))
            }
        }
    }
}
