/// What this build of crosswalk is: its version and the reference data compiled into it.
public enum BuildInfo {
    /// Set here, in one place, when a release is made.
    public static let version = "0.1.0"

    /// A fingerprint of the embedded Data/ and Schema/ files (FNV-1a, 64-bit): two builds
    /// with the same fingerprint carry the same reference data.
    public static var dataFingerprint: String { EmbeddedReference.fingerprint }

    public static var referenceSchemaVersion: Int { ReferenceDatabase.migrations.latestVersion }
    public static var logSchemaVersion: Int { LearningLog.migrations.latestVersion }
}
