/// Every kind of record an assessment holds.
public enum EntityKind: String, Sendable, CaseIterable {
    case sector, asset, dep, threat, vuln, measure, effect, application, layer, response, insider, stakeholder, role, practice, escalation

    /// The schema of this entity.
    public var schema: EntitySchema { EntitySchema.of(self) }
    /// The noun used in commands.
    public var noun: String { rawValue }
}
