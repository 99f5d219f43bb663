/// A top-level command: its name, help and handler. The table drives dispatch, `help` and completion.
public struct CommandSpec: Sendable {
    public let name: String
    /// Usage lines, one per form.
    public let usage: [String]
    /// One line for `help`.
    public let summary: String
    /// Further explanation for `help <command>`.
    public let details: String
    /// Verbs or subcommands that follow the name, for completion.
    public let verbs: [String]
    let modifies: @Sendable (Command) -> Bool
    let run: @Sendable (Session, Command) throws -> CommandResult
    /// Whether the command loads records in bulk, every reference resolved against the store
    /// in its own transaction, so the database need not check each one again.
    var loadsInBulk = false
    /// Whether the interpreter applies `order by <column>` and `limit N` to the table a form of
    /// the command returns (the analyses build their tables themselves); forms that order in
    /// their query (`asset list`, `history`) or take neither say no.
    var ordersResults: @Sendable (Command) -> Bool = { _ in true }
}

/// Every top-level command of the language.
public enum CommandRegistry {
    public static let commands: [CommandSpec] = EntityCommands.specs + ToolCommands.specs + [CascadeCommand.spec, ExplainCommand.spec, CriticalityCommand.spec, SimulateCommand.spec, IIMCommand.spec, RiskCommand.spec, PathCommand.spec, ContinuityCommand.spec, RightsCommand.spec, PlanCommand.spec, PrioritiesCommand.spec]

    /// The command named `word` (entity aliases included), case-insensitively.
    public static func find(_ word: String) -> CommandSpec? {
        let w = word.lowercased()
        if let c = commands.first(where: { $0.name == w }) { return c }
        if let e = EntitySchema.named(w) { return commands.first { $0.name == e.kind.rawValue } }
        return nil
    }

    /// Command names for suggestions and completion.
    public static var names: [String] { commands.map(\.name) + EntitySchema.nouns }
}
